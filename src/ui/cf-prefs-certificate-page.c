/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-prefs-certificate-page.c: Preferences → Printed Certificate: the
 * validation address the QR code carries, with the address it makes for an
 * example certificate, updated as it is typed (built by the renderer's own
 * cf_validation_url_build()). Saved on Apply. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-certificate-layout.h"
#include "cf-prefs-certificate-page.h"

#define URL_KEY "validation-url-pattern"
/* An example's folios: SEP's folio digital is a UUID. */
#define EXAMPLE_FOLIO_DIGITAL "3f2a9c1e-7b4d-4e8a-9f61-0c5d2b8e4a17"
#define EXAMPLE_FOLIO_CONTROL "2024-000123"

struct _CfPrefsCertificatePage
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  AdwEntryRow        *pattern_row;
  AdwActionRow       *example_row;
  GtkImage           *example_icon;
  GtkWidget          *default_row;
};

G_DEFINE_FINAL_TYPE (CfPrefsCertificatePage, cf_prefs_certificate_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
cf_prefs_certificate_example_url (const char *pattern)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (pattern != NULL, NULL);

  trimmed = g_strstrip (g_strdup (pattern));
  if (!g_str_has_prefix (trimmed, "https://") && !g_str_has_prefix (trimmed, "http://"))
    return NULL;
  url = cf_validation_url_build (trimmed, EXAMPLE_FOLIO_DIGITAL, EXAMPLE_FOLIO_CONTROL);
  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  return g_steal_pointer (&url);
}

static void
show_toast (CfPrefsCertificatePage *self,
            const char             *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static void
update_example (CfPrefsCertificatePage *self)
{
  const char *pattern = gtk_editable_get_text (GTK_EDITABLE (self->pattern_row));
  g_autofree char *url = cf_prefs_certificate_example_url (pattern);
  g_autofree char *saved = g_settings_get_string (self->settings, URL_KEY);
  g_autoptr(GVariant) default_value = g_settings_get_default_value (self->settings, URL_KEY);

  if (url != NULL)
    {
      g_autofree char *text =
        /* Translators: an address; the folio is an example's. */
        g_strdup_printf (_("For a certificate with folio de control %s, the QR code opens %s"),
                         EXAMPLE_FOLIO_CONTROL, url);

      adw_action_row_set_subtitle (self->example_row, text);
      gtk_image_set_from_icon_name (self->example_icon, "emblem-ok-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->pattern_row), "error");
    }
  else
    {
      adw_action_row_set_subtitle (self->example_row,
                                   _("This is not a web address: it must start with https:// and name a server, "
                                     "for example https://www.siged.sep.gob.mx/certificados/ipes/{folioDigital}."));
      gtk_image_set_from_icon_name (self->example_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->pattern_row), "error");
    }
  gtk_widget_set_sensitive (self->default_row,
                            g_strcmp0 (saved, g_variant_get_string (default_value, NULL)) != 0);
}

static void
on_pattern_changed_cb (CfPrefsCertificatePage *self,
                       GtkEditable            *editable)
{
  update_example (self);
}

static void
on_pattern_apply_cb (CfPrefsCertificatePage *self,
                     AdwEntryRow            *row)
{
  g_autofree char *pattern = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *url = cf_prefs_certificate_example_url (pattern);

  if (url == NULL)
    {
      show_toast (self, _("The address was not saved: it must start with https:// and name a server."));
      return;
    }
  if (!g_settings_is_writable (self->settings, URL_KEY))
    {
      show_toast (self, _("This setting is locked by the computer's administrator."));
      return;
    }
  g_settings_set_string (self->settings, URL_KEY, pattern);
  update_example (self);
}

static void
on_default_activated_cb (CfPrefsCertificatePage *self,
                         AdwActionRow           *row)
{
  g_autofree char *pattern = NULL;

  g_settings_reset (self->settings, URL_KEY);
  pattern = g_settings_get_string (self->settings, URL_KEY);
  gtk_editable_set_text (GTK_EDITABLE (self->pattern_row), pattern);
  update_example (self);
}

/* ---- GObject ---- */

static void
cf_prefs_certificate_page_constructed (GObject *object)
{
  CfPrefsCertificatePage *self = CF_PREFS_CERTIFICATE_PAGE (object);
  g_autofree char *pattern = NULL;

  G_OBJECT_CLASS (cf_prefs_certificate_page_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  pattern = g_settings_get_string (self->settings, URL_KEY);
  gtk_editable_set_text (GTK_EDITABLE (self->pattern_row), pattern);
  update_example (self);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
}

static void
cf_prefs_certificate_page_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  CfPrefsCertificatePage *self = CF_PREFS_CERTIFICATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_prefs_certificate_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CF_TYPE_PREFS_CERTIFICATE_PAGE);

  G_OBJECT_CLASS (cf_prefs_certificate_page_parent_class)->dispose (object);
}

static void
cf_prefs_certificate_page_finalize (GObject *object)
{
  CfPrefsCertificatePage *self = CF_PREFS_CERTIFICATE_PAGE (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cf_prefs_certificate_page_parent_class)->finalize (object);
}

static void
cf_prefs_certificate_page_class_init (CfPrefsCertificatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_prefs_certificate_page_constructed;
  object_class->set_property = cf_prefs_certificate_page_set_property;
  object_class->dispose = cf_prefs_certificate_page_dispose;
  object_class->finalize = cf_prefs_certificate_page_finalize;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/cf-prefs-certificate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfPrefsCertificatePage, pattern_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsCertificatePage, example_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsCertificatePage, example_icon);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsCertificatePage, default_row);
  gtk_widget_class_bind_template_callback (widget_class, on_pattern_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pattern_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_default_activated_cb);
}

static void
cf_prefs_certificate_page_init (CfPrefsCertificatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cf_prefs_certificate_page_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CF_TYPE_PREFS_CERTIFICATE_PAGE, "settings", settings, NULL);
}
