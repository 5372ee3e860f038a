/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-requirements.h"
#include "cf-inc-requisitos-page.h"

struct _CfIncRequisitosPage
{
  CfIncPage             parent_instance;

  AdwPreferencesGroup  *group;
  GPtrArray            *rows;    /* AdwActionRow, one per requirement */
};

G_DEFINE_FINAL_TYPE (CfIncRequisitosPage, cf_inc_requisitos_page, CF_TYPE_INC_PAGE)

static void
update (CfIncRequisitosPage *self)
{
  CfIncorporation *incorporation = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  g_autoptr(GPtrArray) requirements = cf_inc_requirements_list (incorporation);
  g_autofree char *description = NULL;
  guint done;

  for (guint i = 0; i < requirements->len; i++)
    {
      CfIncRequirement *requirement = requirements->pdata[i];
      GtkWidget *row;
      GtkWidget *icon;

      if (i >= self->rows->len)
        {
          row = adw_action_row_new ();
          icon = gtk_image_new ();
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          g_object_set_data (G_OBJECT (row), "cf-icon", icon);
          adw_preferences_group_add (self->group, row);
          g_ptr_array_add (self->rows, row);
        }
      row = self->rows->pdata[i];
      icon = g_object_get_data (G_OBJECT (row), "cf-icon");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), requirement->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), requirement->detail);
      gtk_image_set_from_icon_name (GTK_IMAGE (icon),
                                    requirement->done ? "checkbox-checked-symbolic" : "checkbox-symbolic");
      gtk_widget_set_opacity (icon, requirement->done ? 1.0 : 0.4);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      requirement->done ? _("Ready") : _("Still missing"),
                                      -1);
    }

  done = cf_inc_requirements_count_done (requirements);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u of %u ready.", "%u of %u ready.", done),
                                 done, requirements->len);
  adw_preferences_group_set_description (self->group, description);
}

static void
cf_inc_requisitos_page_shown (CfIncPage *page)
{
  update (CF_INC_REQUISITOS_PAGE (page));
}

static void
cf_inc_requisitos_page_constructed (GObject *object)
{
  CfIncRequisitosPage *self = CF_INC_REQUISITOS_PAGE (object);

  G_OBJECT_CLASS (cf_inc_requisitos_page_parent_class)->constructed (object);

  cf_inc_page_set_title (CF_INC_PAGE (self), _("Requirements"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);
  cf_inc_page_set_complete (CF_INC_PAGE (self), TRUE);
  g_signal_connect_object (cf_inc_page_get_incorporation (CF_INC_PAGE (self)), "changed",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
cf_inc_requisitos_page_dispose (GObject *object)
{
  CfIncRequisitosPage *self = CF_INC_REQUISITOS_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_REQUISITOS_PAGE);

  G_OBJECT_CLASS (cf_inc_requisitos_page_parent_class)->dispose (object);
}

static void
cf_inc_requisitos_page_class_init (CfIncRequisitosPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CfIncPageClass *page_class = CF_INC_PAGE_CLASS (klass);

  object_class->constructed = cf_inc_requisitos_page_constructed;
  object_class->dispose = cf_inc_requisitos_page_dispose;
  page_class->shown = cf_inc_requisitos_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-requisitos-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncRequisitosPage, group);
}

static void
cf_inc_requisitos_page_init (CfIncRequisitosPage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
