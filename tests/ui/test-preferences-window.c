/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences, opened by app.preferences as the menu does, on the real
 * keyring (run-ui-test.sh) and the suite's PostgreSQL test server
 * (CF_TEST_PG_URI, CF_TEST_PG_PASSWORD): fields filled and buttons pressed
 * as a person would, what the window shows read back from its labels.
 * Data: where the data is kept. Institution: the logo chosen there is in
 * the next PDF (pdfimages), on SQLite and PostgreSQL. Printed Certificate:
 * the QR address's example follows what is typed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "cf-application.h"
#include "cf-context.h"
#include "cf-preferences-window.h"
#include "cf-prefs-institution-page.h"
#include "cf-preview-view.h"
#include "cf-test-util.h"
#include "cf-ui-test-util.h"

static CfApplication *app;
static char *test_dir;         /* this binary's temporary folder */
static char *app_store_path;   /* what CERTIFICA_STORE named at start */

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  /* Pages not on show are hidden by their stack (child-visible). */
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

/* Every label's text a person can see under @widget, one per line. */
static char *
shown_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_text (widget, text);
  return g_string_free (text, FALSE);
}

/* The preferences row titled @title (with its mnemonic underscore). */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
type_into (GtkWidget  *window,
           const char *title,
           const char *text)
{
  GtkWidget *row = find_row (window, title);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_visible (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
not_busy (gpointer data)
{
  return !cf_preferences_window_get_busy (CF_PREFERENCES_WINDOW (data));
}

/* Opens Preferences through app.preferences (the menu item, Ctrl+comma). */
static CfPreferencesWindow *
open_preferences (void)
{
  GtkWindow *window;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  cf_ui_spin_until_within (60, cf_ui_toplevel_shown, GSIZE_TO_POINTER (CF_TYPE_PREFERENCES_WINDOW));
  window = cf_ui_find_toplevel (CF_TYPE_PREFERENCES_WINDOW);
  cf_ui_spin_until_within (60, cf_ui_widget_is_mapped, window);
  /* Most cases are about the Data page. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "data");
  cf_ui_spin_a_little ();
  return CF_PREFERENCES_WINDOW (g_object_ref (window));
}

/* The Data page, where prefs.test and prefs.apply are. */
static GtkWidget *
data_page (CfPreferencesWindow *window)
{
  GtkWidget *page = cf_preferences_window_get_page (window, "data");

  g_assert_nonnull (page);
  return page;
}

static void
close_preferences (CfPreferencesWindow *window)
{
  GtkWindow *dialog;

  while ((dialog = cf_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL)
    gtk_window_destroy (dialog);
  gtk_window_close (GTK_WINDOW (window));
  cf_ui_spin_a_little ();
  g_assert_finalize_object (window);
}

/* Presses "Test Connection" and waits for the answer; returns what the
 * window shows then. */
static char *
test_connection (CfPreferencesWindow *window)
{
  gtk_widget_activate_action (data_page (window), "prefs.test", NULL);
  g_assert_true (cf_preferences_window_get_busy (window));
  cf_ui_spin_until_within (60, not_busy, window);
  cf_ui_spin_a_little ();
  return shown_text (GTK_WIDGET (window));
}

static char *
store_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");

  return g_settings_get_string (settings, "store-path");
}

static void
reset_store_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");

  g_settings_reset (settings, "store-path");
}

/* "Later" in the dialog that offers to restart. */
static void
decline_restart (void)
{
  AdwMessageDialog *dialog;

  cf_ui_spin_until_within (60, cf_ui_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  dialog = ADW_MESSAGE_DIALOG (cf_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (adw_message_dialog_has_response (dialog, "restart"));
  adw_message_dialog_response (dialog, "later");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */

static void
test_menu (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "restart"));
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>comma");
}

/* CERTIFICA_STORE decides: the location is shown, nothing can change it. */
static void
test_environment (void)
{
  CfPreferencesWindow *window;
  g_autofree char *text = NULL;
  g_autofree char *before = store_setting ();
  g_autofree char *after = NULL;

  g_setenv ("CERTIFICA_STORE", app_store_path, TRUE);
  window = open_preferences ();

  text = shown_text (GTK_WIDGET (window));
  g_test_message ("Shown:\n%s", text);
  g_assert_nonnull (strstr (text, "In use now"));
  g_assert_nonnull (strstr (text, app_store_path));
  g_assert_nonnull (strstr (text, "Chosen by the CERTIFICA_STORE environment variable"));
  g_assert_null (strstr (text, "This computer only"));
  g_assert_null (strstr (text, "Test Connection"));
  g_assert_false (gtk_widget_is_visible (find_row (GTK_WIDGET (window), "_Server name or address")));
  /* The store is on a local disk: no network-folder warning. */
  g_assert_null (strstr (text, "network folder"));

  gtk_widget_activate_action (data_page (window), "prefs.test", NULL);
  g_assert_false (cf_preferences_window_get_busy (window));
  gtk_widget_activate_action (data_page (window), "prefs.apply", NULL);
  after = store_setting ();
  g_assert_cmpstr (after, ==, before);

  close_preferences (window);
  g_unsetenv ("CERTIFICA_STORE");
}

/* "This computer only": another file, tested, then applied. */
static void
test_local_file (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *expected = g_strdup_printf ("Certifica can use this data (SQLite, data format version %d).",
                                               cf_store_get_latest_schema_version ());
  g_autoptr(GFile) file = g_file_new_for_path (other);
  g_autofree char *text = NULL;
  g_autofree char *setting = NULL;
  CfPreferencesWindow *window;

  g_unsetenv ("CERTIFICA_STORE");
  window = open_preferences ();

  text = shown_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (text, "This computer only"));
  g_assert_nonnull (strstr (text, app_store_path));
  g_assert_null (strstr (text, "Chosen by the CERTIFICA_STORE"));
  g_assert_false (gtk_widget_is_visible (find_row (GTK_WIDGET (window), "_Server name or address")));

  /* Nothing is applied before a test. */
  gtk_widget_activate_action (data_page (window), "prefs.apply", NULL);
  setting = store_setting ();
  g_assert_cmpstr (setting, ==, "");
  g_clear_pointer (&setting, g_free);

  /* What the file chooser does. */
  cf_preferences_window_set_file (window, file);
  g_clear_pointer (&text, g_free);
  text = shown_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (text, other));

  g_clear_pointer (&text, g_free);
  text = test_connection (window);
  g_test_message ("Tested:\n%s", text);
  g_assert_nonnull (strstr (text, expected));
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_REGULAR));

  gtk_widget_activate_action (data_page (window), "prefs.apply", NULL);
  setting = store_setting ();
  g_assert_cmpstr (setting, ==, other);
  decline_restart ();
  g_clear_pointer (&text, g_free);
  text = shown_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (text, "Saved. Certifica will use this data the next time it starts."));

  /* "Use the default file" names it, and drops the last test. */
  adw_action_row_activate (ADW_ACTION_ROW (find_row (GTK_WIDGET (window), "Use the _default file")));
  g_clear_pointer (&text, g_free);
  text = shown_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (text, "(the default)"));
  g_assert_null (strstr (text, "Saved."));

  close_preferences (window);
  reset_store_setting ();
  cf_test_rmdir (dir);
}

/* Opened from the start-up error ("Preferences…"): no store in use. */
static void
test_without_store (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");
  g_autofree char *text = NULL;
  CfPreferencesWindow *window;

  g_unsetenv ("CERTIFICA_STORE");
  g_settings_set_string (settings, "store-path", "postgresql://clerk@server.invalid:5432/certifica");
  window = g_object_ref (cf_preferences_window_new (NULL, NULL, settings));
  gtk_window_present (GTK_WINDOW (window));
  cf_ui_spin_until_within (60, cf_ui_widget_is_mapped, window);

  text = shown_text (GTK_WIDGET (window));
  g_test_message ("Shown:\n%s", text);
  g_assert_nonnull (strstr (text, "Could not be opened at start"));
  g_assert_nonnull (strstr (text, "postgresql://clerk@server.invalid:5432/certifica"));
  g_assert_true (gtk_widget_is_visible (find_row (GTK_WIDGET (window), "_Server name or address")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (window), "_Server name or address"))),
                   ==, "server.invalid");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (window), "_User"))), ==, "clerk");

  close_preferences (window);
  reset_store_setting ();
}

/* ---- The shared database ---- */

static PGconn *
pg_admin (void)
{
  const char *keys[] = { "dbname", "password", NULL };
  const char *values[] = { g_getenv ("CF_TEST_PG_URI"), g_getenv ("CF_TEST_PG_PASSWORD"), NULL };
  PGconn *pg = PQconnectdbParams (keys, values, TRUE);

  if (PQstatus (pg) != CONNECTION_OK)
    g_error ("PostgreSQL test server: %s", PQerrorMessage (pg));
  return pg;
}

static void
pg_admin_run (const char *sql)
{
  PGconn *pg = pg_admin ();
  PGresult *res = PQexec (pg, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("PostgreSQL test server: %s: %s", sql, PQerrorMessage (pg));
  PQclear (res);
  PQfinish (pg);
}

static gboolean
file_holds (const char *path,
            const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  gsize n = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  /* Binary files too (a database page, a keyring): NUL bytes and all. */
  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (contents + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Every regular file under @dir that holds @needle, added to @found. */
static void
grep_tree (const char *dir,
           const char *needle,
           GPtrArray  *found)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        grep_tree (path, needle, found);
      else if (S_ISREG (st.st_mode) && file_holds (path, needle))
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
}

static void
test_shared_database (void)
{
  const char *base = g_getenv ("CF_TEST_PG_URI");
  const char *password = g_getenv ("CF_TEST_PG_PASSWORD");
  const char *dirs[] = { "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR" };
  g_autoptr(GUri) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CfStore) wrong = NULL;
  g_autofree char *database = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *port = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *kept = NULL;
  CfPreferencesWindow *window;

  if (base == NULL || *base == '\0')
    {
      if (g_strcmp0 (g_getenv ("CF_TEST_PG_REQUIRED"), "1") == 0 || g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          g_test_message ("CF_TEST_PG_URI is not set, and PostgreSQL tests are required here "
                          "(CF_TEST_PG_REQUIRED=1 or CI=true). Start build-aux/pg-test-server.");
          g_test_fail ();
        }
      else
        g_test_skip ("no PostgreSQL test server (CF_TEST_PG_URI is not set; see build-aux/pg-test-server)");
      return;
    }
  g_assert_nonnull (password);
  if (g_getenv ("CF_UI_TEST_KEYRING") == NULL)
    {
      g_test_skip ("no gnome-keyring-daemon (run through run-ui-test.sh)");
      return;
    }

  server = g_uri_parse (base, G_URI_FLAGS_HAS_PASSWORD, &error);
  g_assert_no_error (error);

  /* A database of its own on the test server, dropped at the end. */
  database = g_strdup_printf ("cf_ui_%08x", g_random_int ());
  sql = g_strdup_printf ("CREATE DATABASE %s", database);
  pg_admin_run (sql);
  port = g_strdup_printf ("%d", g_uri_get_port (server));
  uri = g_strdup_printf ("postgresql://%s@%s:%s/%s", g_uri_get_user (server), g_uri_get_host (server),
                         port, database);

  g_unsetenv ("CERTIFICA_STORE");
  window = open_preferences ();

  /* Choose the shared database, as a click on its row does. */
  adw_action_row_activate (ADW_ACTION_ROW (find_row (GTK_WIDGET (window), "_Shared database (PostgreSQL)")));
  g_assert_true (gtk_widget_is_visible (find_row (GTK_WIDGET (window), "_Server name or address")));
  g_assert_false (gtk_widget_is_visible (find_row (GTK_WIDGET (window), "File")));
  type_into (GTK_WIDGET (window), "_Server name or address", g_uri_get_host (server));
  type_into (GTK_WIDGET (window), "P_ort", port);
  type_into (GTK_WIDGET (window), "_Database name", database);
  type_into (GTK_WIDGET (window), "_User", g_uri_get_user (server));

  /* A wrong password: the store's own AUTH message. */
  wrong = cf_store_open_with_password (uri, "not-the-password", &refused);
  g_assert_null (wrong);
  g_assert_error (refused, CF_STORE_ERROR, CF_STORE_ERROR_AUTH);
  type_into (GTK_WIDGET (window), "_Password", "not-the-password");
  text = test_connection (window);
  g_test_message ("Wrong password:\n%s", text);
  g_assert_nonnull (strstr (text, refused->message));
  gtk_widget_activate_action (data_page (window), "prefs.apply", NULL);
  setting = store_setting ();
  g_assert_cmpstr (setting, ==, "");
  g_clear_pointer (&setting, g_free);

  /* The right one. */
  type_into (GTK_WIDGET (window), "_Password", password);
  g_clear_pointer (&text, g_free);
  text = shown_text (GTK_WIDGET (window));
  g_assert_null (strstr (text, refused->message));   /* a change drops the last answer */
  g_clear_pointer (&text, g_free);
  text = test_connection (window);
  g_test_message ("Right password:\n%s", text);
  expected = g_strdup_printf ("Certifica can use this data (PostgreSQL, data format version %d).",
                              cf_store_get_latest_schema_version ());
  g_assert_nonnull (strstr (text, expected));

  /* Apply: the URI without the password in the setting, the password in
   * the keyring, the field emptied. */
  gtk_widget_activate_action (data_page (window), "prefs.apply", NULL);
  setting = store_setting ();
  g_assert_cmpstr (setting, ==, uri);
  g_assert_null (strstr (setting, password));
  kept = cf_store_password_lookup (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, password);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (window), "_Password"))), ==, "");
  decline_restart ();

  close_preferences (window);

  /* Nowhere on disk but in the (encrypted) keyring: the throwaway HOME
   * and XDG folders of run-ui-test.sh, and this test's own folder. */
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (g_getenv (dirs[i]) != NULL)
      grep_tree (g_getenv (dirs[i]), password, found);
  grep_tree (test_dir, password, found);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("The password is in %s", (char *) g_ptr_array_index (found, i));
  g_assert_cmpuint (found->len, ==, 0);

  cf_store_password_forget (uri, NULL, &error);
  g_assert_no_error (error);
  reset_store_setting ();
  g_free (sql);
  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", database);
  pg_admin_run (sql);
}

/* ---- Institution: the logo, and the next PDF ---- */

/* A 240 × 120 PNG drawn here (a real image, not a fixture). */
static void
make_logo_png (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 120);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.1, 0.3, 0.6);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.9, 0.8, 0.2);
  cairo_arc (cr, 120, 60, 45, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* Whether `pdfimages -list` shows an image of @width × @height in @pdf. */
static gboolean
pdf_has_image (const char *pdf,
               int         width,
               int         height)
{
  const char *argv[] = { "pdfimages", "-list", pdf, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
  g_test_message ("pdfimages -list:\n%s", out);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);

      if (g_strv_length (cells) > 4 && g_str_equal (cells[2], "image") &&
          atoi (cells[3]) == width && atoi (cells[4]) == height)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
find_picture (GtkWidget *widget)
{
  if (GTK_IS_PICTURE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_picture (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
preview_ready (gpointer data)
{
  gboolean busy = TRUE;

  g_object_get (data, "busy", &busy, NULL);
  return !busy && cf_preview_view_get_pdf_bytes (CF_PREVIEW_VIEW (data)) != NULL;
}

/* The PDF "Save PDF…" writes for the example certificate, drawn by a
 * preview on @store. */
static void
save_preview_pdf (CfStore    *store,
                  const char *out)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");
  g_autoptr(CfContext) context = cf_context_new (store, settings);
  g_autofree char *xml = g_test_build_filename (G_TEST_DIST, "data", "dec", "example-3.0.xml", NULL);
  g_autoptr(GFile) xml_file = g_file_new_for_path (xml);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  CfPreviewView *view = g_object_new (CF_TYPE_PREVIEW_VIEW, "context", context, NULL);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  cf_preview_view_open_file (view, xml_file);
  cf_ui_spin_until_within (60, preview_ready, view);
  g_assert_true (cf_preview_view_save_to_file (view, out_file, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
  cf_ui_spin_a_little ();
}

/* The Institution page reads and writes the store in the background. */
static void
wait_page_idle (GtkWidget *page)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean busy = TRUE;

  for (;;)
    {
      g_object_get (page, "busy", &busy, NULL);
      if (!busy)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

static void
test_logo (gconstpointer data)
{
  const char *engine = data;
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *location = cf_test_store_location (engine, dir);
  g_autofree char *png = g_build_filename (dir, "escudo.png", NULL);
  g_autofree char *before = g_build_filename (dir, "sin-logo.pdf", NULL);
  g_autofree char *after = g_build_filename (dir, "con-logo.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  CfPreferencesWindow *window;
  GtkWidget *page;
  GtkWidget *picture;
  GdkPaintable *paintable;

  if (location == NULL)
    {
      g_test_skip ("no PostgreSQL test server (CF_TEST_PG_URI is not set; see build-aux/pg-test-server)");
      cf_test_rmdir (dir);
      return;
    }
  store = cf_test_store_open (location);
  save_preview_pdf (store, before);
  g_assert_false (pdf_has_image (before, 240, 120));

  window = g_object_ref (cf_preferences_window_new (NULL, store, settings));
  gtk_window_present (GTK_WINDOW (window));
  cf_ui_spin_until_within (60, cf_ui_widget_is_mapped, window);
  page = cf_preferences_window_get_page (window, "institution");
  g_assert_nonnull (page);
  g_assert_true (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (window)) ==
                 ADW_PREFERENCES_PAGE (page));
  /* Read in the background: the fields wait, insensitive, for the values. */
  wait_page_idle (page);
  g_assert_true (gtk_widget_is_sensitive (find_picture (page)));
  text = shown_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (text, "None: the certificate’s header leaves its place blank."));

  /* Not an image: refused with the loader's words, nothing kept. */
  {
    g_autofree char *fake = g_build_filename (dir, "escudo.gif", NULL);
    g_autoptr(GFile) fake_file = g_file_new_for_path (fake);

    g_assert_true (g_file_set_contents (fake, "GIF89a\x01\x00\x01\x00", 10, NULL));
    g_assert_false (cf_prefs_institution_page_set_logo_file (CF_PREFS_INSTITUTION_PAGE (page), fake_file, &error));
    g_assert_nonnull (error);
    g_test_message ("Refused: %s", error->message);
    g_clear_error (&error);
  }

  /* What the file chooser does. */
  make_logo_png (png);
  file = g_file_new_for_path (png);
  g_assert_true (cf_prefs_institution_page_set_logo_file (CF_PREFS_INSTITUTION_PAGE (page), file, &error));
  g_assert_no_error (error);
  wait_page_idle (page);
  g_clear_pointer (&text, g_free);
  text = shown_text (GTK_WIDGET (window));
  g_test_message ("Shown:\n%s", text);
  g_assert_nonnull (strstr (text, "escudo.png"));
  /* The preview is the image as the certificate draws it. */
  picture = find_picture (page);
  g_assert_nonnull (picture);
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_nonnull (paintable);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 240);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 120);
  gtk_window_close (GTK_WINDOW (window));
  cf_ui_spin_a_little ();
  g_assert_finalize_object (window);

  /* The original file moved away: the logo is kept with the data. */
  g_assert_cmpint (g_unlink (png), ==, 0);
  save_preview_pdf (store, after);
  g_assert_true (pdf_has_image (after, 240, 120));

  g_clear_object (&store);
  cf_test_store_location_drop (location);
  cf_test_rmdir (dir);
}

/* ---- Printed Certificate: the QR's address ---- */

static void
test_url_example (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");
  g_autofree char *text = NULL;
  g_autofree char *saved = NULL;
  CfPreferencesWindow *window;
  GtkWidget *page;
  GtkWidget *row;

  g_unsetenv ("CERTIFICA_STORE");
  window = open_preferences ();
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "certificate");
  page = cf_preferences_window_get_page (window, "certificate");
  cf_ui_spin_a_little ();

  text = shown_text (page);
  g_test_message ("Shown:\n%s", text);
  g_assert_nonnull (strstr (text, "https://www.siged.sep.gob.mx/certificados/ipes/3f2a9c1e-7b4d-4e8a-9f61-0c5d2b8e4a17"));

  /* Typed: the example follows at once, nothing saved yet. */
  type_into (page, "_Address", "https://valida.example.edu.mx/c/{folioControl}?v=1");
  g_clear_pointer (&text, g_free);
  text = shown_text (page);
  g_assert_nonnull (strstr (text, "https://valida.example.edu.mx/c/2024-000123?v=1"));
  saved = g_settings_get_string (settings, "validation-url-pattern");
  g_assert_cmpstr (saved, ==, "https://www.siged.sep.gob.mx/certificados/ipes/{folioDigital}");

  /* Not an address: said, and Apply keeps the saved one. */
  type_into (page, "_Address", "valida.example.edu.mx/{folioControl}");
  g_clear_pointer (&text, g_free);
  text = shown_text (page);
  g_assert_nonnull (strstr (text, "This is not a web address"));
  g_signal_emit_by_name (find_row (page, "_Address"), "apply");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "validation-url-pattern");
  g_assert_cmpstr (saved, ==, "https://www.siged.sep.gob.mx/certificados/ipes/{folioDigital}");

  /* Applied. */
  type_into (page, "_Address", "https://valida.example.edu.mx/c/{folioControl}");
  row = find_row (page, "_Address");
  g_signal_emit_by_name (row, "apply");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "validation-url-pattern");
  g_assert_cmpstr (saved, ==, "https://valida.example.edu.mx/c/{folioControl}");

  /* SEP's default back. */
  adw_action_row_activate (ADW_ACTION_ROW (find_row (page, "Use SEP’s _default address")));
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "validation-url-pattern");
  g_assert_cmpstr (saved, ==, "https://www.siged.sep.gob.mx/certificados/ipes/{folioDigital}");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, saved);

  close_preferences (window);
}

/* Ctrl+comma again: the window already open comes forward, no second one
 * showing an older state. */
static void
test_one_window (void)
{
  CfPreferencesWindow *window;
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
  guint n = 0;

  g_unsetenv ("CERTIFICA_STORE");
  window = open_preferences ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  cf_ui_spin_a_little ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (CF_IS_PREFERENCES_WINDOW (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        n++;
    }
  g_assert_cmpuint (n, ==, 1);
  close_preferences (window);
}

/* ---- Data: the folders ---- */

static void
test_folders (void)
{
  g_autofree char *text = NULL;
  g_autofree char *trust = g_build_filename (g_get_user_data_dir (), "certifica", "trust", NULL);
  CfPreferencesWindow *window;

  g_unsetenv ("CERTIFICA_STORE");
  window = open_preferences ();
  text = shown_text (data_page (window));
  g_test_message ("Shown:\n%s", text);
  g_assert_nonnull (strstr (text, trust));
  g_assert_nonnull (strstr (text, "SEP catalogs"));
  g_assert_nonnull (strstr (text, "Trusted certificate authorities"));
  close_preferences (window);
}

int
main (int   argc,
      char *argv[])
{
  GtkWindow *window;
  int status;

  g_setenv ("GTK_A11Y", "none", FALSE);
  test_dir = cf_test_mkdtemp ();
  app_store_path = g_build_filename (test_dir, "app.db", NULL);
  g_setenv ("CERTIFICA_STORE", app_store_path, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = cf_ui_app_new ();
  window = cf_ui_app_show (app);

  g_test_add_func ("/ui/preferences/menu", test_menu);
  g_test_add_func ("/ui/preferences/environment", test_environment);
  g_test_add_func ("/ui/preferences/local-file", test_local_file);
  g_test_add_func ("/ui/preferences/without-store", test_without_store);
  g_test_add_func ("/ui/preferences/shared-database", test_shared_database);
  g_test_add_data_func ("/ui/preferences/logo/sqlite", "sqlite", test_logo);
  g_test_add_data_func ("/ui/preferences/logo/postgresql", "postgresql", test_logo);
  g_test_add_func ("/ui/preferences/url-example", test_url_example);
  g_test_add_func ("/ui/preferences/folders", test_folders);
  g_test_add_func ("/ui/preferences/one-window", test_one_window);

  status = g_test_run ();

  gtk_window_destroy (window);
  cf_ui_spin_a_little ();
  g_clear_object (&app);
  cf_test_rmdir (test_dir);
  g_free (test_dir);
  g_free (app_store_path);
  return status;
}
