/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-prefs-data-page.c: Preferences → Data: where Certifica keeps its
 * data, and the folders it reads catalogs and trust anchors from.
 *
 * A choice is tested first (the store opened in a worker by
 * cf_store_open_async()); only a location that opened can be applied.
 * Applying writes the location to the "store-path" setting and a typed
 * PostgreSQL password to the keyring, nowhere else, and takes effect at
 * the next start. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-preferences-window.h"
#include "cf-prefs-data-page.h"
#include "cf-prefs-folders-group.h"

#define DEFAULT_PORT 5432

struct _CfPrefsDataPage
{
  AdwPreferencesPage    parent_instance;

  CfStore              *store;       /* the one in use; nullable */
  GSettings            *settings;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *file_path;   /* NULL: the default file */
  char                 *query;       /* the URI's options (sslmode=…), kept as they were */
  char                 *testing;     /* the location being tested */
  char                 *tested;      /* the location that opened; NULL until then */
  gboolean              busy;
  gboolean              from_env;    /* CERTIFICA_STORE decides */
  gboolean              filling;     /* fields set by code, not by the person */

  AdwActionRow         *in_use_row;
  GtkImage             *in_use_icon;
  GtkWidget            *env_row;
  GtkWidget            *network_row;
  GtkWidget            *location_group;
  GtkCheckButton       *local_check;
  GtkCheckButton       *shared_check;
  GtkWidget            *file_group;
  AdwActionRow         *file_row;
  GtkWidget            *default_row;
  GtkWidget            *server_group;
  AdwEntryRow          *host_row;
  AdwEntryRow          *port_row;
  AdwEntryRow          *database_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  GtkWidget            *check_group;
  GtkWidget            *result_box;
  GtkImage             *result_icon;
  GtkLabel             *result_label;
  GtkStack             *test_stack;
  GtkWidget            *test_button;
  GtkSpinner           *spinner;
  GtkWidget            *apply_button;
};

G_DEFINE_FINAL_TYPE (CfPrefsDataPage, cf_prefs_data_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_shared (CfPrefsDataPage *self)
{
  return gtk_check_button_get_active (self->shared_check);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static char *
stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (row_text (row)));
}

/* The Preferences window the page is in (NULL before it is in one). */
static GtkWindow *
root_window (CfPrefsDataPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* 1…65535, or 0 when the text is not a port. */
static guint
parse_port (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint64 port = 0;

  if (!g_ascii_string_to_unsigned (trimmed, 10, 1, 65535, &port, NULL))
    return 0;
  return (guint) port;
}

/* The location the fields name ("" is the default file), or NULL while
 * the server's fields are incomplete. It never holds a password. */
static char *
build_location (CfPrefsDataPage *self)
{
  g_autofree char *host = NULL;
  g_autofree char *database = NULL;
  g_autofree char *user = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  guint port;

  if (!is_shared (self))
    return g_strdup (self->file_path != NULL ? self->file_path : "");

  host = stripped (self->host_row);
  database = stripped (self->database_row);
  user = stripped (self->user_row);
  port = parse_port (row_text (self->port_row));
  if (*host == '\0' || *database == '\0' || port == 0)
    return NULL;

  path = g_strconcat ("/", database, NULL);
  uri = g_uri_join (G_URI_FLAGS_NONE, "postgresql", *user != '\0' ? user : NULL,
                    host, (int) port, path, NULL, NULL);
  if (self->query != NULL)
    return g_strconcat (uri, "?", self->query, NULL);
  return g_steal_pointer (&uri);
}

static char *
location_for_display (const char *location)
{
  if (location == NULL || *location == '\0')
    return cf_store_default_path ();
  return cf_store_location_for_display (location);
}

/* @kind: "success", "warning" or "error"; the icon and the words say it,
 * the colour helps. */
static void
show_result (CfPrefsDataPage *self,
             const char          *kind,
             const char          *text)
{
  const char *icon_name = g_str_equal (kind, "success") ? "emblem-ok-symbolic"
                        : g_str_equal (kind, "warning") ? "dialog-warning-symbolic"
                        : "dialog-error-symbolic";

  gtk_widget_remove_css_class (self->result_box, "success");
  gtk_widget_remove_css_class (self->result_box, "warning");
  gtk_widget_remove_css_class (self->result_box, "error");
  gtk_widget_add_css_class (self->result_box, kind);
  gtk_image_set_from_icon_name (self->result_icon, icon_name);
  gtk_label_set_label (self->result_label, text);
  gtk_widget_set_visible (self->result_box, TRUE);
}

static void
set_busy (CfPrefsDataPage *self,
          gboolean             busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* A change of the fields drops the last test's result, and stops a
 * running test: its answer would be about other values. */
static void
forget_test (CfPrefsDataPage *self)
{
  g_clear_pointer (&self->tested, g_free);
  gtk_widget_set_visible (self->result_box, FALSE);
  if (self->busy)
    {
      g_cancellable_cancel (self->cancellable);
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
      g_clear_pointer (&self->testing, g_free);
      set_busy (self, FALSE);
    }
}

static void
forget_password (CfPrefsDataPage *self)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  self->filling = FALSE;
}

static void
update_state (CfPrefsDataPage *self)
{
  g_autofree char *location = build_location (self);
  g_autofree char *file_shown = location_for_display (self->file_path);
  g_autofree char *default_shown = g_strdup_printf (_("%s (the default)"), file_shown);
  gboolean shared = is_shared (self);
  gboolean can_act = !self->from_env && !self->busy;

  gtk_widget_set_visible (self->location_group, !self->from_env);
  gtk_widget_set_visible (self->file_group, !self->from_env && !shared);
  gtk_widget_set_visible (self->server_group, !self->from_env && shared);
  gtk_widget_set_visible (self->check_group, !self->from_env);

  adw_action_row_set_subtitle (self->file_row, self->file_path != NULL ? file_shown : default_shown);
  gtk_widget_set_sensitive (self->default_row, self->file_path != NULL);

  if (shared && parse_port (row_text (self->port_row)) == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->port_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->port_row), "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.test", can_act && location != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.apply", can_act && self->tested != NULL);
  gtk_widget_set_tooltip_text (self->apply_button,
                               self->tested == NULL ? _("Test the connection first") : NULL);

  gtk_stack_set_visible_child_name (self->test_stack, self->busy ? "spinner" : "button");
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

/* Fills the fields from @location (a path, "" or a URI); a password in a
 * URI is never read. */
static void
fill_from_location (CfPrefsDataPage *self,
                    const char          *location)
{
  g_autofree char *default_path = cf_store_default_path ();

  self->filling = TRUE;
  if (cf_store_location_is_uri (location))
    {
      g_autoptr(GUri) uri = g_uri_parse (location, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_QUERY, NULL);

      if (uri != NULL)
        {
          const char *path = g_uri_get_path (uri);
          int port = g_uri_get_port (uri);
          g_autofree char *port_text = g_strdup_printf ("%d", port > 0 ? port : DEFAULT_PORT);

          set_row_text (self->host_row, g_uri_get_host (uri));
          set_row_text (self->port_row, port_text);
          set_row_text (self->database_row, path[0] == '/' ? path + 1 : path);
          set_row_text (self->user_row, g_uri_get_user (uri));
          g_free (self->query);
          self->query = g_strdup (g_uri_get_query (uri));
        }
      gtk_check_button_set_active (self->shared_check, TRUE);
    }
  else
    {
      g_clear_pointer (&self->file_path, g_free);
      if (location != NULL && *location != '\0' && !g_str_equal (location, default_path))
        self->file_path = g_strdup (location);
      gtk_check_button_set_active (self->local_check, TRUE);
    }
  self->filling = FALSE;
}

/* ---- Callbacks ---- */

static void
on_field_changed_cb (CfPrefsDataPage *self,
                     GtkEditable         *editable)
{
  if (self->filling)
    return;
  forget_test (self);
  update_state (self);
}

static void
on_kind_toggled_cb (CfPrefsDataPage *self,
                    GtkCheckButton      *button)
{
  /* Both buttons of the group toggle; the one turned on speaks. */
  if (self->filling || !gtk_check_button_get_active (button))
    return;
  forget_test (self);
  update_state (self);
}

static void
on_default_activated_cb (CfPrefsDataPage *self,
                         AdwActionRow        *row)
{
  g_clear_pointer (&self->file_path, g_free);
  forget_test (self);
  update_state (self);
}

static void
on_chooser_response_cb (CfPrefsDataPage  *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cf_prefs_data_page_set_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_clicked_cb (CfPrefsDataPage *self,
                      GtkButton           *button)
{
  g_autoptr(GtkFileFilter) data = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *current = self->file_path != NULL ? g_strdup (self->file_path) : cf_store_default_path ();
  g_autofree char *folder = g_path_get_dirname (current);

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (data, _("Certifica data (.db)"));
  gtk_file_filter_add_suffix (data, "db");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose the Data File"),
                                               root_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), data);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) start = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), start, NULL);
    }
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_test_clicked_cb (CfPrefsDataPage *self,
                    AdwEntryRow         *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.test", NULL);
}

/* Once the answer is laid out: the focus moves on to the next step and
 * the answer, just above the buttons, is scrolled into view. */
static void
on_after_paint_cb (GdkFrameClock       *clock,
                   CfPrefsDataPage *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (self->check_group, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, self);
  gtk_widget_grab_focus (self->tested != NULL ? self->apply_button : self->test_button);

  if (scrolled != NULL && gtk_widget_compute_bounds (self->check_group, scrolled, &bounds))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      double overflow = bounds.origin.y + bounds.size.height - gtk_widget_get_height (scrolled);

      if (overflow > 0)
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + overflow);
    }
}

typedef struct
{
  CfPrefsDataPage *self;
  GCancellable        *cancellable;   /* the test's own */
} TestCall;

static void
test_call_free (TestCall *call)
{
  g_object_unref (call->self);
  g_object_unref (call->cancellable);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestCall, test_call_free)

static void
on_test_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TestCall) call = user_data;
  CfPrefsDataPage *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open_finish (result, &error);
  g_autofree char *text = NULL;
  GdkFrameClock *clock;

  /* Closed, or the fields changed since: not this test's answer to show. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (call->cancellable))
    return;

  set_busy (self, FALSE);
  if (store == NULL)
    show_result (self, "error", error->message);
  else
    {
      const char *engine = cf_store_get_engine (store) == CF_STORE_ENGINE_POSTGRESQL ? "PostgreSQL" : "SQLite";
      int version = cf_store_get_schema_version (store);

      if (cf_store_is_on_network_fs (store))
        {
          /* Translators: %s is SQLite, %d the data format's version. */
          text = g_strdup_printf (_("Certifica can use this data (%s, data format version %d), but the file "
                                    "is in a network folder, where it can be damaged when two desks write "
                                    "at once. For several desks, use a shared database."),
                                  engine, version);
          show_result (self, "warning", text);
        }
      else
        {
          /* Translators: %s is SQLite or PostgreSQL, %d the data format's version. */
          text = g_strdup_printf (_("Certifica can use this data (%s, data format version %d)."),
                                  engine, version);
          show_result (self, "success", text);
        }
      g_free (self->tested);
      self->tested = g_steal_pointer (&self->testing);
    }
  g_clear_pointer (&self->testing, g_free);
  update_state (self);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock != NULL)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint_cb), self, 0);
}

/* The window asks (its dialog outlives the page's part in it). */
static void
ask_restart (CfPrefsDataPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CF_IS_PREFERENCES_WINDOW (root))
    cf_preferences_window_ask_restart (CF_PREFERENCES_WINDOW (root));
}

/* ---- Actions ---- */

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfPrefsDataPage *self = CF_PREFS_DATA_PAGE (widget);
  g_autofree char *location = build_location (self);
  const char *password = NULL;
  TestCall *call;

  if (location == NULL || self->busy || self->from_env)
    return;

  /* An empty field: the password already kept in the keyring, if any. */
  if (is_shared (self) && *row_text (self->password_row) != '\0')
    password = row_text (self->password_row);

  forget_test (self);
  g_free (self->testing);
  self->testing = g_strdup (location);
  set_busy (self, TRUE);
  update_state (self);

  call = g_new0 (TestCall, 1);
  call->self = g_object_ref (self);
  call->cancellable = g_object_ref (self->cancellable);
  cf_store_open_async (location, password, call->cancellable, on_test_done_cb, call);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CfPrefsDataPage *self = CF_PREFS_DATA_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *default_path = cf_store_default_path ();
  const char *password = row_text (self->password_row);
  const char *in_use;

  if (self->tested == NULL || self->busy || self->from_env)
    return;

  if (!g_settings_is_writable (self->settings, "store-path"))
    {
      show_result (self, "error", _("This setting is locked by the computer's administrator."));
      return;
    }

  location = g_strdup (self->tested);
  if (cf_store_location_is_uri (location) && *password != '\0' &&
      !cf_store_password_store (location, password, NULL, &error))
    {
      show_result (self, "error", error->message);
      return;
    }
  g_settings_set_string (self->settings, "store-path", location);

  /* The password is in the keyring now: the field forgets it. */
  forget_password (self);
  g_clear_pointer (&self->tested, g_free);

  in_use = self->store != NULL ? cf_store_get_location (self->store) : NULL;
  if (in_use != NULL && g_str_equal (in_use, *location != '\0' ? location : default_path))
    show_result (self, "success", _("Saved. Certifica already uses this data."));
  else
    {
      show_result (self, "success", _("Saved. Certifica will use this data the next time it starts."));
      ask_restart (self);
    }
  update_state (self);
}

/* ---- GObject ---- */

void
cf_prefs_data_page_close (CfPrefsDataPage *self)
{
  g_return_if_fail (CF_IS_PREFS_DATA_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  forget_password (self);
}

static void
cf_prefs_data_page_constructed (GObject *object)
{
  CfPrefsDataPage *self = CF_PREFS_DATA_PAGE (object);
  const char *env = g_getenv ("CERTIFICA_STORE");
  g_autofree char *location = NULL;
  g_autofree char *shown = NULL;

  G_OBJECT_CLASS (cf_prefs_data_page_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  self->from_env = env != NULL && *env != '\0';
  if (self->store != NULL)
    location = g_strdup (cf_store_get_location (self->store));
  else if (self->from_env)
    location = g_strdup (env);
  else
    location = g_settings_get_string (self->settings, "store-path");

  shown = location_for_display (location);
  adw_action_row_set_subtitle (self->in_use_row, shown);
  gtk_image_set_from_icon_name (self->in_use_icon, cf_store_location_is_uri (location)
                                                   ? "network-server-symbolic" : "computer-symbolic");
  if (self->store == NULL)
    {
      /* Opened from the start-up error: nothing is in use. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->in_use_row), _("Could not be opened at start"));
      gtk_image_set_from_icon_name (self->in_use_icon, "dialog-error-symbolic");
    }
  gtk_widget_set_visible (self->env_row, self->from_env);
  gtk_widget_set_visible (self->network_row, self->store != NULL && cf_store_is_on_network_fs (self->store));

  fill_from_location (self, location);
  update_state (self);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
}

static void
cf_prefs_data_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CfPrefsDataPage *self = CF_PREFS_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_prefs_data_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CfPrefsDataPage *self = CF_PREFS_DATA_PAGE (object);

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
cf_prefs_data_page_dispose (GObject *object)
{
  CfPrefsDataPage *self = CF_PREFS_DATA_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_PREFS_DATA_PAGE);

  G_OBJECT_CLASS (cf_prefs_data_page_parent_class)->dispose (object);
}

static void
cf_prefs_data_page_finalize (GObject *object)
{
  CfPrefsDataPage *self = CF_PREFS_DATA_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->file_path, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->testing, g_free);
  g_clear_pointer (&self->tested, g_free);

  G_OBJECT_CLASS (cf_prefs_data_page_parent_class)->finalize (object);
}

static void
cf_prefs_data_page_class_init (CfPrefsDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_prefs_data_page_constructed;
  object_class->get_property = cf_prefs_data_page_get_property;
  object_class->set_property = cf_prefs_data_page_set_property;
  object_class->dispose = cf_prefs_data_page_dispose;
  object_class->finalize = cf_prefs_data_page_finalize;

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

  gtk_widget_class_install_action (widget_class, "prefs.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "prefs.apply", NULL, apply_action);

  g_type_ensure (CF_TYPE_PREFS_FOLDERS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-prefs-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, in_use_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, in_use_icon);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, env_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, network_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, location_group);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, local_check);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, shared_check);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, file_group);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, file_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, default_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, port_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, database_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, check_group);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, test_stack);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsDataPage, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_default_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked_cb);
}

static void
cf_prefs_data_page_init (CfPrefsDataPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
cf_prefs_data_page_new (CfStore   *store,
                        GSettings *settings)
{
  g_return_val_if_fail (store == NULL || CF_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CF_TYPE_PREFS_DATA_PAGE,
                       "store", store,
                       "settings", settings,
                       NULL);
}

gboolean
cf_prefs_data_page_get_busy (CfPrefsDataPage *self)
{
  g_return_val_if_fail (CF_IS_PREFS_DATA_PAGE (self), FALSE);

  return self->busy;
}

void
cf_prefs_data_page_set_file (CfPrefsDataPage *self,
                                GFile               *file)
{
  g_autofree char *path = NULL;
  g_autofree char *default_path = NULL;

  g_return_if_fail (CF_IS_PREFS_DATA_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->busy || self->from_env)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_result (self, "error", _("Choose a file on this computer or in a network folder opened in Files."));
      return;
    }

  default_path = cf_store_default_path ();
  g_clear_pointer (&self->file_path, g_free);
  if (!g_str_equal (path, default_path))
    self->file_path = g_steal_pointer (&path);

  self->filling = TRUE;
  gtk_check_button_set_active (self->local_check, TRUE);
  self->filling = FALSE;
  forget_test (self);
  update_state (self);
}
