/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-context.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-application.h"
#include "cf-help.h"
#include "cf-preferences-window.h"
#include "cf-window.h"

#define RESOURCE_BASE_PATH "/io/github/certifica/Certifica"
#define SCHEMA_ID          "io.github.certifica.Certifica"
/* The help is installed under the base id in every profile. */
#define HELP_ID            "io.github.certifica.Certifica"

struct _CfApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  CfContext      *context;         /* store and settings, handed to windows */
  CfStore        *store;
  GError         *store_error;   /* why the store could not be opened */
  gboolean        restart;       /* main() starts Certifica again after quitting */
};

G_DEFINE_FINAL_TYPE (CfApplication, cf_application, ADW_TYPE_APPLICATION)

/* CERTIFICA_STORE (tests, scripts) wins over the setting; empty means the
 * default file in the user's data folder. */
static char *
resolve_store_path (GSettings *settings)
{
  const char *env = g_getenv ("CERTIFICA_STORE");
  g_autofree char *setting = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  setting = g_settings_get_string (settings, "store-path");
  if (setting[0] != '\0')
    return g_steal_pointer (&setting);

  return NULL;
}

static void
on_store_error_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            CfApplication    *self)
{
  CfPreferencesWindow *preferences;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (g_strcmp0 (response, "preferences") != 0)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }

  /* Another location or the right password, without a store: the
   * application lasts as long as the window (Restart Now starts again). */
  preferences = cf_preferences_window_new (NULL, NULL, self->settings);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

/* The store is left exactly as it is (a newer Certifica may own it): say
 * why and leave. */
static void
show_store_error (CfApplication *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL,
                                                       _("Cannot Open the Certifica Data"),
                                                       self->store_error->message));
  /* A server that moved, a new password: fixed in Preferences (unless
   * CERTIFICA_STORE decides, which Preferences cannot change). */
  if (g_getenv ("CERTIFICA_STORE") == NULL || *g_getenv ("CERTIFICA_STORE") == '\0')
    adw_message_dialog_add_response (dialog, "preferences", _("_Preferences…"));
  adw_message_dialog_add_response (dialog, "close", _("_Quit"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (dialog));
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_store_error_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gpointer
copy_ref (gconstpointer source,
          gpointer      user_data)
{
  return g_object_ref ((gpointer) source);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CfApplication *self = user_data;
  GList *windows;

  /* Close the windows so they save their size; then leave. A reference
   * keeps each one alive while a sibling's closing destroys dialogs. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              copy_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);

  g_application_quit (G_APPLICATION (self));
}

/* Quits like app.quit; main() then starts Certifica again, with the same
 * arguments, so a new data location takes effect. */
static void
restart_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CfApplication *self = user_data;

  self->restart = TRUE;
  quit_action (action, parameter, user_data);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CfApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CfPreferencesWindow *preferences;

  /* One Preferences window: a second one would show what the first has
   * since changed (a new logo) as it was. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (CF_IS_PREFERENCES_WINDOW (l->data))
      {
        gtk_window_present (GTK_WINDOW (l->data));
        return;
      }

  preferences = cf_preferences_window_new (parent, self->store, self->settings);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CfApplication *self = user_data;
  static const char *developers[] = {
    "The Certifica developers",
    NULL
  };
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Certifica"),
                        "developer-name", _("The Certifica developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Electronic study certificates for SEP's MEC"),
                        "website", "https://github.com/certifica/certifica",
                        "issue-url", "https://github.com/certifica/certifica/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Certifica developers",
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

/* The shortcuts window is GtkApplication's own (gtk/help-overlay.ui under
 * the resource base path), set on each window, so its keys are the
 * application's accelerators; app.shortcuts opens the active window's. */
static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CfApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
help_failed (GtkWindow *window)
{
  const char *text = _("The help could not be opened. Install Yelp, GNOME’s help viewer, or a web browser.");

  if (CF_IS_WINDOW (window))
    cf_window_show_toast (CF_WINDOW (window), text);
  else if (ADW_IS_PREFERENCES_WINDOW (window))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (text));
}

/* The HTML pages in the web browser, when no help viewer took help:. */
static char *
html_help_uri (const char *section)
{
  const char * const *languages = g_get_language_names ();
  g_autofree char *datadir = g_path_get_dirname (PKGDATADIR);
  g_autofree char *root = g_build_filename (datadir, "help", NULL);
  const char * const *system_dirs = g_get_system_data_dirs ();
  char *uri = cf_help_dup_uri (HELP_ID, section, FALSE, root, languages);

  for (guint i = 0; uri == NULL && system_dirs[i] != NULL; i++)
    {
      g_autofree char *other = g_build_filename (system_dirs[i], "help", NULL);

      uri = cf_help_dup_uri (HELP_ID, section, FALSE, other, languages);
    }
  return uri;
}

static void
on_show_html_help_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("The HTML help did not open: %s", error->message);
      help_failed (GTK_WINDOW (source));
    }
}

static void
show_html_help (GtkWindow  *window,
                const char *section)
{
  g_autofree char *uri = html_help_uri (section);

  if (uri == NULL)
    {
      help_failed (window);
      return;
    }
  gtk_show_uri_full (window, uri, GDK_CURRENT_TIME, NULL, on_show_html_help_cb, NULL);
}

static void
on_show_help_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree char *section = user_data;
  g_autoptr(GError) error = NULL;

  /* A viewer that claims help: and fails: the browser instead, never its
   * error ("Operation not supported"). */
  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("The help viewer did not open: %s", error->message);
      show_html_help (GTK_WINDOW (source), section);
    }
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CfApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GAppInfo) viewer = g_app_info_get_default_for_uri_scheme ("help");
  const char *section = "index";
  g_autofree char *uri = NULL;

  /* The help opens at the page the person is looking at. */
  if (CF_IS_WINDOW (window))
    section = cf_window_get_help_section (CF_WINDOW (window));
  else if (CF_IS_PREFERENCES_WINDOW (window))
    section = "preferences";

  uri = cf_help_dup_uri (HELP_ID, section, viewer != NULL, NULL, NULL);
  if (uri == NULL || !g_str_has_prefix (uri, "help:"))
    {
      show_html_help (window, section);
      return;
    }
  gtk_show_uri_full (window, uri, GDK_CURRENT_TIME, NULL, on_show_help_cb, g_strdup (section));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "restart", .activate = restart_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
  { .name = "shortcuts", .activate = shortcuts_action },
  { .name = "help", .activate = help_action },
};

/* Every accelerator of the application, in one place (GtkApplication adds
 * Ctrl+? for win.show-help-overlay, the shortcuts window). */
static const struct
{
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.help", { "F1", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.add-signer", { "<Control>o", NULL } },
};

static void
cf_application_startup (GApplication *app)
{
  CfApplication *self = CF_APPLICATION (app);
  g_autofree char *path = NULL;

  G_APPLICATION_CLASS (cf_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           app_accels[i].action,
                                           app_accels[i].accels);

  self->settings = g_settings_new (SCHEMA_ID);
  path = resolve_store_path (self->settings);
  self->store = cf_store_open (path, &self->store_error);
  if (self->store == NULL)
    g_debug ("The store could not be opened: %s", self->store_error->message);
  else
    {
      cf_store_watch_changes (self->store, 1000);
      self->context = cf_context_new (self->store, self->settings);
    }
}

static void
cf_application_activate (GApplication *app)
{
  CfApplication *self = CF_APPLICATION (app);
  GtkWindow *window;

  if (self->store == NULL)
    {
      show_store_error (self);
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (cf_window_new (self, self->context));

  gtk_window_present (window);
}

static void
cf_application_shutdown (GApplication *app)
{
  CfApplication *self = CF_APPLICATION (app);

  G_APPLICATION_CLASS (cf_application_parent_class)->shutdown (app);

  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
}

static void
cf_application_finalize (GObject *object)
{
  CfApplication *self = CF_APPLICATION (object);

  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (cf_application_parent_class)->finalize (object);
}

static void
cf_application_class_init (CfApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cf_application_finalize;

  app_class->startup = cf_application_startup;
  app_class->activate = cf_application_activate;
  app_class->shutdown = cf_application_shutdown;
}

static void
cf_application_init (CfApplication *self)
{
}

CfApplication *
cf_application_new (void)
{
  /* The resources live under the base id even in the .Devel profile. */
  return g_object_new (CF_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

CfStore *
cf_application_get_store (CfApplication *self)
{
  g_return_val_if_fail (CF_IS_APPLICATION (self), NULL);

  return self->store;
}

gboolean
cf_application_get_restart_requested (CfApplication *self)
{
  g_return_val_if_fail (CF_IS_APPLICATION (self), FALSE);

  return self->restart;
}
