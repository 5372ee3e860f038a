/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-preferences-window.c: Preferences, one page per file: Institution
 * (name, keys, logo: cf-prefs-institution-page.c), Printed Certificate (the
 * QR's address: cf-prefs-certificate-page.c) and Data (where the data is
 * kept, data folders: cf-prefs-data-page.c). Without a store (it could not
 * be opened at start) only Data is shown. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-preferences-window.h"
#include "cf-prefs-certificate-page.h"
#include "cf-prefs-data-page.h"
#include "cf-prefs-institution-page.h"

struct _CfPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  CfStore              *store;       /* nullable */
  GSettings            *settings;
  GtkWidget            *institution_page;   /* NULL without a store */
  GtkWidget            *certificate_page;   /* NULL without a store */
  GtkWidget            *data_page;
};

G_DEFINE_FINAL_TYPE (CfPreferencesWindow, cf_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_data_busy_cb (CfPreferencesWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
restart_cb (gpointer data)
{
  g_action_group_activate_action (G_ACTION_GROUP (data), "restart", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_restart_response_cb (CfPreferencesWindow *self,
                        const char          *response,
                        AdwMessageDialog    *dialog)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  /* Once the dialog has finished with its parent: quitting closes both. */
  if (g_strcmp0 (response, "restart") == 0 && application != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restart_cb, g_object_ref (application), g_object_unref);
}

static gboolean
cf_preferences_window_close_request (GtkWindow *window)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (window);

  cf_prefs_data_page_close (CF_PREFS_DATA_PAGE (self->data_page));

  return GTK_WINDOW_CLASS (cf_preferences_window_parent_class)->close_request (window);
}

static void
cf_preferences_window_constructed (GObject *object)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (cf_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  if (self->store != NULL)
    {
      self->institution_page = cf_prefs_institution_page_new (self->store);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->institution_page));
      self->certificate_page = cf_prefs_certificate_page_new (self->settings);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->certificate_page));
    }
  self->data_page = cf_prefs_data_page_new (self->store, self->settings);
  g_signal_connect_object (self->data_page, "notify::busy", G_CALLBACK (on_data_busy_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->data_page));
  /* Opened from the start-up error, the store is what needs fixing. */
  if (self->store == NULL)
    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->data_page));
}

static void
cf_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, cf_preferences_window_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_preferences_window_finalize (GObject *object)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cf_preferences_window_parent_class)->finalize (object);
}

static void
cf_preferences_window_class_init (CfPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cf_preferences_window_constructed;
  object_class->get_property = cf_preferences_window_get_property;
  object_class->set_property = cf_preferences_window_set_property;
  object_class->finalize = cf_preferences_window_finalize;
  window_class->close_request = cf_preferences_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CF_TYPE_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-preferences-window.ui");
}

static void
cf_preferences_window_init (CfPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfPreferencesWindow *
cf_preferences_window_new (GtkWindow *parent,
                           CfStore   *store,
                           GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (store == NULL || CF_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CF_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "store", store,
                       "settings", settings,
                       NULL);
}

gboolean
cf_preferences_window_get_busy (CfPreferencesWindow *self)
{
  g_return_val_if_fail (CF_IS_PREFERENCES_WINDOW (self), FALSE);

  return cf_prefs_data_page_get_busy (CF_PREFS_DATA_PAGE (self->data_page));
}

void
cf_preferences_window_set_file (CfPreferencesWindow *self,
                                GFile               *file)
{
  g_return_if_fail (CF_IS_PREFERENCES_WINDOW (self));

  cf_prefs_data_page_set_file (CF_PREFS_DATA_PAGE (self->data_page), file);
}

GtkWidget *
cf_preferences_window_get_page (CfPreferencesWindow *self,
                                const char          *name)
{
  g_return_val_if_fail (CF_IS_PREFERENCES_WINDOW (self), NULL);

  if (g_strcmp0 (name, "institution") == 0)
    return self->institution_page;
  if (g_strcmp0 (name, "certificate") == 0)
    return self->certificate_page;
  if (g_strcmp0 (name, "data") == 0)
    return self->data_page;
  return NULL;
}

void
cf_preferences_window_ask_restart (CfPreferencesWindow *self)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (CF_IS_PREFERENCES_WINDOW (self));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Restart Certifica to Use the New Data"),
                                                       _("The choice is saved. Until Certifica starts again "
                                                         "it keeps using the data it opened.")));
  adw_message_dialog_add_responses (dialog,
                                    "later", _("_Later"),
                                    "restart", _("_Restart Now"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "restart", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "restart");
  adw_message_dialog_set_close_response (dialog, "later");
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (dialog));
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_restart_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
