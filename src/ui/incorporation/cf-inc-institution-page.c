/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-institution-page.c: one entry row per value, saved on every
 * change (cf_inc_page_save_value); the checks are core's
 * (cf-inc-fields), their reason a label at the row's end. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-fields.h"
#include "cf-inc-institution-page.h"

struct _CfIncInstitutionPage
{
  CfIncPage    parent_instance;

  AdwEntryRow *name_row;
  AdwEntryRow *key_row;
  GtkLabel    *key_reason;
  AdwEntryRow *enlace_row;
  AdwEntryRow *email_row;
  GtkLabel    *email_reason;
  AdwEntryRow *id_mec_row;

  gboolean     loading;
};

G_DEFINE_FINAL_TYPE (CfIncInstitutionPage, cf_inc_institution_page, CF_TYPE_INC_PAGE)

static void
show_reason (AdwEntryRow *row,
             GtkLabel    *label,
             const char  *reason)
{
  gtk_label_set_label (label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (label), reason != NULL);
  if (reason != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static gboolean
has (CfIncorporation *inc,
     const char      *key)
{
  const char *value = cf_incorporation_get_value (inc, key);

  return value != NULL && *value != '\0';
}

/* The reasons beside the rows, and what "Siguiente" says is missing. */
static void
update (CfIncInstitutionPage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  g_autofree char *key_problem = cf_inc_fields_dgp_key_problem (cf_incorporation_get_value (inc, CF_INC_ID_INSTITUCION));
  g_autofree char *email_problem = cf_inc_fields_email_problem (cf_incorporation_get_value (inc, CF_INC_EMAIL));
  g_autoptr(GString) missing = g_string_new (NULL);

  show_reason (self->key_row, self->key_reason, key_problem);
  show_reason (self->email_row, self->email_reason, email_problem);

#define ADD(text) G_STMT_START { if (missing->len > 0) g_string_append_c (missing, '\n'); \
                                 g_string_append (missing, (text)); } G_STMT_END
  if (!has (inc, CF_INC_NOMBRE))
    ADD (_("The institution’s name."));
  if (!has (inc, CF_INC_ID_INSTITUCION))
    ADD (_("The institution’s DGP key."));
  else if (key_problem != NULL)
    ADD (_("The institution’s DGP key must be 5 or 6 digits."));
  if (!has (inc, CF_INC_ENLACE))
    ADD (_("The contact person (enlace)."));
  if (!has (inc, CF_INC_EMAIL))
    ADD (_("The contact’s e-mail address."));
  else if (email_problem != NULL)
    ADD (_("The contact’s e-mail address is not valid."));
#undef ADD
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing->len > 0 ? missing->str : NULL);
  cf_inc_page_set_complete (CF_INC_PAGE (self), missing->len == 0);
}

static void
on_changed_cb (GtkEditable          *editable,
               CfIncInstitutionPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (editable), "cf-inc-key");
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (self->loading)
    return;
  cf_inc_page_save_value (CF_INC_PAGE (self), key, value);
  update (self);
}

static void
bind_row (CfIncInstitutionPage *self,
          AdwEntryRow          *row,
          const char           *key)
{
  const char *value = cf_incorporation_get_value (cf_inc_page_get_incorporation (CF_INC_PAGE (self)), key);

  g_object_set_data (G_OBJECT (row), "cf-inc-key", (gpointer) key);
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  g_signal_connect (row, "changed", G_CALLBACK (on_changed_cb), self);
}

static void
cf_inc_institution_page_shown (CfIncPage *page)
{
  CfIncInstitutionPage *self = CF_INC_INSTITUTION_PAGE (page);

  if (*gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
cf_inc_institution_page_constructed (GObject *object)
{
  CfIncInstitutionPage *self = CF_INC_INSTITUTION_PAGE (object);

  G_OBJECT_CLASS (cf_inc_institution_page_parent_class)->constructed (object);
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Institution"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);

  self->loading = TRUE;
  bind_row (self, self->name_row, CF_INC_NOMBRE);
  bind_row (self, self->key_row, CF_INC_ID_INSTITUCION);
  bind_row (self, self->enlace_row, CF_INC_ENLACE);
  bind_row (self, self->email_row, CF_INC_EMAIL);
  bind_row (self, self->id_mec_row, CF_INC_ID_MEC);
  self->loading = FALSE;
  update (self);
}

static void
cf_inc_institution_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CF_TYPE_INC_INSTITUTION_PAGE);
  G_OBJECT_CLASS (cf_inc_institution_page_parent_class)->dispose (object);
}

static void
cf_inc_institution_page_class_init (CfIncInstitutionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_institution_page_constructed;
  object_class->dispose = cf_inc_institution_page_dispose;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_institution_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-institution-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncInstitutionPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncInstitutionPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncInstitutionPage, key_reason);
  gtk_widget_class_bind_template_child (widget_class, CfIncInstitutionPage, enlace_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncInstitutionPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncInstitutionPage, email_reason);
  gtk_widget_class_bind_template_child (widget_class, CfIncInstitutionPage, id_mec_row);
}

static void
cf_inc_institution_page_init (CfIncInstitutionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cf_inc_institution_page_new (CfContext       *context,
                             CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_INSTITUTION_PAGE, "context", context, "incorporation", incorporation, NULL);
}
