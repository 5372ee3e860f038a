/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-produccion-page.c: the production portal.
 *
 * A registration date typed is the stage sent to SEP on that day
 * (cf_incorporation_mark_sent: waiting, the answer due 15 business days
 * later); "En producción" marks it done. Past the due date, "Write to SEP"
 * drafts the e-mail the institution sends with its full name and ID_MEC
 * (mec-domain.md §2). */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-produccion-page.h"
#include "cf-inc-credentials-group.h"
#include "cf-inc-mail.h"
#include "cf-business-days.h"
#include "cf-date.h"

/* The day the institution went live. */
#define KEY_LIVE "produccion.inicio"

struct _CfIncProduccionPage
{
  CfIncPage              parent_instance;

  AdwEntryRow           *date_row;
  AdwActionRow          *due_row;
  AdwEntryRow           *id_mec_row;
  GtkLabel              *date_error;
  CfIncCredentialsGroup *credentials;
  AdwActionRow          *live_row;
  GtkButton             *live_button;
  GtkButton             *late_button;

  GCancellable          *cancellable;
  gboolean               loading;
};

G_DEFINE_FINAL_TYPE (CfIncProduccionPage, cf_inc_produccion_page, CF_TYPE_INC_PAGE)

static void refresh (CfIncProduccionPage *self);

static CfIncorporation *
incorporation (CfIncProduccionPage *self)
{
  return cf_inc_page_get_incorporation (CF_INC_PAGE (self));
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
on_date_changed (CfIncProduccionPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  CfIncorporation *inc = incorporation (self);
  g_autoptr(GError) error = NULL;
  GDate date;

  if (self->loading)
    return;
  if (*text != '\0' && !cf_calendar_parse_iso (text, &date))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-11-02."), text);

      gtk_label_set_text (self->date_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->date_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->date_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  if (!cf_inc_page_save_value (CF_INC_PAGE (self), CF_INC_PRODUCTION_REGISTERED, text))
    return;
  /* Registered on that day: SEP's answer is due from it; a stage already
   * live stays so. */
  if (cf_incorporation_get_state (inc, CF_INCORPORATION_STAGE_PRODUCCION) != CF_INCORPORATION_DONE)
    {
      gboolean ok = *text != '\0'
        ? cf_incorporation_mark_sent (inc, CF_INCORPORATION_STAGE_PRODUCCION, text, &error)
        : cf_incorporation_start (inc, CF_INCORPORATION_STAGE_PRODUCCION, &error);

      if (!ok)
        cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
    }
  refresh (self);
}

static void
on_today (CfIncProduccionPage *self)
{
  g_autofree char *date = today ();

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
}

static void
on_id_mec_changed (CfIncProduccionPage *self)
{
  g_autofree char *text = NULL;

  if (self->loading)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->id_mec_row))));
  cf_inc_page_save_value (CF_INC_PAGE (self), CF_INC_ID_MEC, text);
  refresh (self);
}

static void
on_live (CfIncProduccionPage *self)
{
  g_autofree char *date = today ();
  g_autoptr(GError) error = NULL;

  if (!cf_inc_page_save_value (CF_INC_PAGE (self), KEY_LIVE, date))
    return;
  if (!cf_incorporation_mark_done (incorporation (self), CF_INCORPORATION_STAGE_PRODUCCION, &error))
    cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
  refresh (self);
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CfIncProduccionPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  if (cf_inc_mail_compose_finish (result, &error) || self == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
}

static void
on_write (CfIncProduccionPage *self)
{
  CfIncorporation *inc = incorporation (self);
  const char *name = cf_incorporation_get_value (inc, CF_INC_NOMBRE);
  const char *id_mec = cf_incorporation_get_value (inc, CF_INC_ID_MEC);
  const char *registered = cf_incorporation_get_value (inc, CF_INC_PRODUCTION_REGISTERED);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  name = name != NULL ? name : "";
  id_mec = id_mec != NULL ? id_mec : "";
  /* To SEP, in Spanish whatever the desktop's language. */
  subject = g_strdup_printf ("%s / ID_MEC %s / Alta en el portal productivo", name, id_mec);
  body = g_strdup_printf ("Buen día:\n\n"
                          "%s, con ID_MEC %s, se registró en el portal productivo el %s y no ha "
                          "recibido respuesta. Les pedimos, por favor, confirmar su alta en producción.\n\n"
                          "Atentamente,\n\n%s\nID_MEC: %s\n",
                          name, id_mec, registered != NULL ? registered : "", name, id_mec);
  g_weak_ref_init (ref, self);
  cf_inc_mail_compose_async (CF_INC_MAIL_SEP_REGISTRO, subject, body, NULL, self->cancellable,
                             write_done, ref);
}

static void
refresh (CfIncProduccionPage *self)
{
  CfIncorporation *inc = incorporation (self);
  CfIncorporationState state = cf_incorporation_get_state (inc, CF_INCORPORATION_STAGE_PRODUCCION);
  const char *registered = cf_incorporation_get_value (inc, CF_INC_PRODUCTION_REGISTERED);
  const char *due = cf_incorporation_get_due (inc, CF_INCORPORATION_STAGE_PRODUCCION);
  g_autofree char *now = today ();
  g_autoptr(GPtrArray) missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_PRODUCCION);
  gboolean live = state == CF_INCORPORATION_DONE;
  gboolean late = !live && due != NULL && g_strcmp0 (now, due) > 0;

  if (due != NULL)
    {
      g_autofree char *words = cf_date_text_to_words (due);

      adw_action_row_set_subtitle (self->due_row, words);
    }
  else
    adw_action_row_set_subtitle (self->due_row, _("Fifteen business days after the registration date."));

  /* No empty space before the title until there is an icon to show. */
  adw_action_row_set_icon_name (self->live_row, live ? "emblem-ok-symbolic" : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->live_button), !live);
  gtk_widget_set_visible (GTK_WIDGET (self->late_button), late);
  gtk_widget_set_sensitive (GTK_WIDGET (self->live_button), registered != NULL);
  if (live)
    {
      const char *since = cf_incorporation_get_value (inc, KEY_LIVE);
      g_autofree char *words = cf_date_text_to_words (since != NULL ? since : now);
      /* Translators: %s is a date in words. */
      g_autofree char *text = g_strdup_printf (_("The institution issues certificates in SEP’s "
                                                 "production portal since %s."), words);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->live_row), _("In production"));
      adw_action_row_set_subtitle (self->live_row, text);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->live_row), _("Not in production yet"));
      if (registered == NULL)
        adw_action_row_set_subtitle (self->live_row, _("Enter the registration date first."));
      else if (late)
        adw_action_row_set_subtitle (self->live_row,
                                     _("SEP’s answer is late: write to SEP with the institution’s full "
                                       "name and ID_MEC. Once SEP confirms, press “In Production”."));
      else
        adw_action_row_set_subtitle (self->live_row,
                                     _("Once SEP confirms the registration, press “In Production”."));
    }

  if (!live && missing->len == 0)
    g_ptr_array_add (missing, g_strdup (_("SEP’s confirmation that the institution is in production.")));
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing->len > 0 ? g_ptr_array_index (missing, 0) : NULL);
  cf_inc_page_set_complete (CF_INC_PAGE (self), live);
}

static void
load_values (CfIncProduccionPage *self)
{
  CfIncorporation *inc = incorporation (self);
  const char *date = cf_incorporation_get_value (inc, CF_INC_PRODUCTION_REGISTERED);
  const char *id_mec = cf_incorporation_get_value (inc, CF_INC_ID_MEC);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date != NULL ? date : "");
  gtk_editable_set_text (GTK_EDITABLE (self->id_mec_row), id_mec != NULL ? id_mec : "");
  self->loading = FALSE;
}

static void
cf_inc_produccion_page_shown (CfIncPage *page)
{
  CfIncProduccionPage *self = CF_INC_PRODUCCION_PAGE (page);

  load_values (self);
  refresh (self);
}

static void
cf_inc_produccion_page_constructed (GObject *object)
{
  CfIncProduccionPage *self = CF_INC_PRODUCCION_PAGE (object);

  G_OBJECT_CLASS (cf_inc_produccion_page_parent_class)->constructed (object);

  /* Translators: the step's title in the wizard. */
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Production Portal"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_PRODUCCION);
  load_values (self);
  refresh (self);
}

static void
cf_inc_produccion_page_dispose (GObject *object)
{
  CfIncProduccionPage *self = CF_INC_PRODUCCION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_PRODUCCION_PAGE);

  G_OBJECT_CLASS (cf_inc_produccion_page_parent_class)->dispose (object);
}

static void
cf_inc_produccion_page_class_init (CfIncProduccionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_produccion_page_constructed;
  object_class->dispose = cf_inc_produccion_page_dispose;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_produccion_page_shown;

  g_type_ensure (CF_TYPE_INC_CREDENTIALS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-produccion-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncProduccionPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncProduccionPage, due_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncProduccionPage, id_mec_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncProduccionPage, date_error);
  gtk_widget_class_bind_template_child (widget_class, CfIncProduccionPage, credentials);
  gtk_widget_class_bind_template_child (widget_class, CfIncProduccionPage, live_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncProduccionPage, live_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncProduccionPage, late_button);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_today);
  gtk_widget_class_bind_template_callback (widget_class, on_id_mec_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_live);
  gtk_widget_class_bind_template_callback (widget_class, on_write);
}

static void
cf_inc_produccion_page_init (CfIncProduccionPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self->date_row), "date");
  gtk_widget_set_name (GTK_WIDGET (self->id_mec_row), "id-mec");
  gtk_widget_set_name (GTK_WIDGET (self->live_button), "live");
  gtk_widget_set_name (GTK_WIDGET (self->late_button), "write");
}

CfIncPage *
cf_inc_produccion_page_new (CfContext       *context,
                            CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_PRODUCCION_PAGE,
                       "context", context,
                       "incorporation", incorporation,
                       NULL);
}
