/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-portal-tag.c: "Pruebas" in the header during the test stage.
 *
 * Production is the normal state and shows nothing; the test stage is the
 * exception worth seeing on every section. cf_inc_portal_current decides
 * as sealing does, so the tag says what sealing will do. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-portal-tag.h"
#include "cf-inc-credentials.h"

struct _CfIncPortalTag
{
  AdwBin           parent_instance;

  GtkWidget       *label;
  CfIncorporation *incorporation;
  gulong           changed_id;
};

G_DEFINE_FINAL_TYPE (CfIncPortalTag, cf_inc_portal_tag, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_INCORPORATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (CfIncPortalTag *self)
{
  CfIncPortal portal = CF_INC_PORTAL_PRODUCCION;
  gboolean testing = self->incorporation != NULL &&
                     cf_inc_portal_current (self->incorporation, &portal) &&
                     portal == CF_INC_PORTAL_PRUEBAS;

  gtk_widget_set_visible (GTK_WIDGET (self), testing);
}

static void
cf_inc_portal_tag_dispose (GObject *object)
{
  CfIncPortalTag *self = CF_INC_PORTAL_TAG (object);

  cf_inc_portal_tag_set_incorporation (self, NULL);

  G_OBJECT_CLASS (cf_inc_portal_tag_parent_class)->dispose (object);
}

static void
cf_inc_portal_tag_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CfIncPortalTag *self = CF_INC_PORTAL_TAG (object);

  switch (prop_id)
    {
    case PROP_INCORPORATION:
      g_value_set_object (value, self->incorporation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_inc_portal_tag_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CfIncPortalTag *self = CF_INC_PORTAL_TAG (object);

  switch (prop_id)
    {
    case PROP_INCORPORATION:
      cf_inc_portal_tag_set_incorporation (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_inc_portal_tag_class_init (CfIncPortalTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_inc_portal_tag_dispose;
  object_class->get_property = cf_inc_portal_tag_get_property;
  object_class->set_property = cf_inc_portal_tag_set_property;

  properties[PROP_INCORPORATION] =
    g_param_spec_object ("incorporation", NULL, NULL, CF_TYPE_INCORPORATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cf_inc_portal_tag_init (CfIncPortalTag *self)
{
  /* Translators: a small tag in the window's header during SEP's test
   * stage; short. */
  self->label = gtk_label_new (_("Testing"));
  gtk_widget_add_css_class (self->label, "cf-badge");
  gtk_widget_add_css_class (self->label, "cf-badge-warning");
  gtk_widget_set_valign (self->label, GTK_ALIGN_CENTER);
  adw_bin_set_child (ADW_BIN (self), self->label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("SEP’s test stage: certificates are sealed with test folios for the "
                                 "test portal and are not valid for students."));
  gtk_widget_set_name (GTK_WIDGET (self), "portal-tag");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
cf_inc_portal_tag_new (void)
{
  return g_object_new (CF_TYPE_INC_PORTAL_TAG, NULL);
}

void
cf_inc_portal_tag_set_incorporation (CfIncPortalTag  *self,
                                     CfIncorporation *incorporation)
{
  g_return_if_fail (CF_IS_INC_PORTAL_TAG (self));

  if (self->incorporation == incorporation)
    return;
  if (self->incorporation != NULL)
    g_clear_signal_handler (&self->changed_id, self->incorporation);
  g_set_object (&self->incorporation, incorporation);
  if (incorporation != NULL)
    self->changed_id = g_signal_connect_object (incorporation, "changed", G_CALLBACK (update),
                                                self, G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCORPORATION]);
}
