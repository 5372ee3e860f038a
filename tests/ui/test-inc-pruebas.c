/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The incorporation wizard's steps 11 and 12 (issue 15) on a real store
 * file and, through run-ui-test.sh, a real keyring:
 *   - Etapa de pruebas: a bad date refused with its reason; the test
 *     portal's user and password saved to the keyring (the production item
 *     untouched); folios pasted with mixed separators, then a range (the
 *     five there already told); a bad paste refused; uses taken as sealing
 *     takes them; results typed, with the SATISFACTORIO button, and read
 *     from a file SEP returned (an unknown folio named); a fourth use refused,
 *     shown on the folio and when another desk took the third; the progress
 *     to "10 de 10"; "Solicitar portal productivo" drafts the e-mail to SEP
 *     with the name and ID_MEC (xdg-email stood in for by a script that
 *     writes its arguments), "Marcar como enviada" ends the stage.
 *   - Portal productivo: a late registration offers "Escribir a la SEP"; the
 *     registration date, the answer due 15 business days later, the
 *     production credentials apart from the test ones, "En producción".
 * Screenshots in render-out/ (Spanish when the catalogue is built). */
#define _GNU_SOURCE   /* memmem */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>
#include <adwaita.h>

#include "cf-business-days.h"
#include "cf-context.h"
#include "cf-date.h"
#include "cf-efirma.h"
#include "cf-inc-credentials.h"
#include "cf-inc-credentials-group.h"
#include "cf-inc-mail.h"
#include "cf-inc-produccion-page.h"
#include "cf-inc-overview.h"
#include "cf-inc-portal-tag.h"
#include "cf-inc-pruebas-page.h"
#include "cf-window.h"
#include "cf-incorporation-repo.h"
#include "cf-test-util.h"
#include "cf-ui-test-util.h"

#define TEST_USER      "enlace.pruebas@uni.example"
#define TEST_PASSWORD  "Cf-Pagina-Pruebas-5521"
#define PROD_USER      "responsable@uni.example"
#define PROD_PASSWORD  "Cf-Pagina-Produccion-8830"
#define NOMBRE         "Universidad Tecnológica del Valle de Oaxaca"
#define ID_MEC         "MEC-0412"

typedef struct
{
  char            *dir;
  char            *mail_out;
  CfStore         *store;
  CfContext       *context;
  CfIncorporation *incorporation;
  GtkWindow       *window;
  CfIncPage       *page;
} Fixture;

static gboolean have_keyring;
static CfApplication *app;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *bin = NULL;
  g_autofree char *script = NULL;
  g_autofree char *path = NULL;

  f->dir = cf_test_mkdtemp ();
  store_path = g_build_filename (f->dir, "app.db", NULL);
  f->store = cf_store_open (store_path, &error);
  g_assert_no_error (error);
  f->context = cf_context_new (f->store, NULL);
  f->incorporation = cf_incorporation_load (f->store, &error);
  g_assert_no_error (error);
  cf_incorporation_set_value (f->incorporation, CF_INC_NOMBRE, NOMBRE, &error);
  cf_incorporation_set_value (f->incorporation, CF_INC_ENLACE, "María Pérez López", &error);
  cf_incorporation_set_value (f->incorporation, CF_INC_EMAIL, "mperez@utvo.example", &error);
  g_assert_no_error (error);

  /* The mail client: a script in xdg-email's place that writes what it
   * was given, one argument a line. */
  bin = g_build_filename (f->dir, "bin", NULL);
  g_mkdir (bin, 0700);
  f->mail_out = g_build_filename (f->dir, "mail.txt", NULL);
  script = g_build_filename (bin, "xdg-email", NULL);
  {
    g_autofree char *text = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$@\" > '%s'\n", f->mail_out);

    g_assert_true (g_file_set_contents (script, text, -1, NULL));
    g_chmod (script, 0700);
  }
  path = g_strdup_printf ("%s:%s", bin, g_getenv ("PATH"));
  g_setenv ("PATH", path, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  cf_ui_spin_a_little ();
  g_clear_object (&f->incorporation);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  cf_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->mail_out);
}

static void
show_page (Fixture   *f,
           CfIncPage *page)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->page = page;
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 860, 1150);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (page));
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  cf_ui_spin_until (cf_ui_widget_is_mapped, f->window);
  cf_inc_page_shown (page);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
named (Fixture    *f,
       const char *name)
{
  GtkWidget *widget = find_named (GTK_WIDGET (f->page), name);

  g_assert_nonnull (widget);
  return widget;
}

/* Every visible label's text under @widget, expanded rows included. */
static char *
text_of (GtkWidget *widget)
{
  return cf_ui_shown_text (widget);
}

static void
assert_shows (GtkWidget  *widget,
              const char *english)
{
  g_autofree char *text = text_of (widget);
  const char *expected = g_dgettext (GETTEXT_PACKAGE, english);

  if (strstr (text, expected) == NULL)
    g_error ("“%s” not shown in:\n%s", expected, text);
}

static void
assert_shows_text (GtkWidget  *widget,
                   const char *expected)
{
  g_autofree char *text = text_of (widget);

  if (strstr (text, expected) == NULL)
    g_error ("“%s” not shown in:\n%s", expected, text);
}

/* "clicked" at once: gtk_widget_activate() on a realized button waits for
 * its pressed look to end first. */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
type_into (GtkWidget  *editable,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  cf_ui_spin_a_little ();
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  GtkWidget *child = gtk_window_get_child (f->window);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  const char *language = g_getenv ("LANGUAGE");
  int w, h;

  cf_ui_wait_for_paint (GTK_WIDGET (f->window));
  w = gtk_widget_get_width (child);
  h = gtk_widget_get_height (child);
  g_assert_cmpint (w, >, 0);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_widget_snapshot_child (GTK_WIDGET (f->window), child, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  file = g_strdup_printf ("%s-%s.png", name, language != NULL && *language != '\0' ? language : "C");
  cf_ui_save_png (texture, file);
}

/* Scrolls the page's preferences to @widget's group. */
static void
scroll_to (Fixture   *f,
           GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;

  /* The folio text view has a scrolled window of its own. */
  while (scrolled != NULL && gtk_widget_get_ancestor (gtk_widget_get_parent (scrolled), GTK_TYPE_SCROLLED_WINDOW) != NULL)
    scrolled = gtk_widget_get_ancestor (gtk_widget_get_parent (scrolled), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  cf_ui_wait_for_paint (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), point.y - 12);
  cf_ui_spin_a_little ();
}

static gboolean
group_idle (gpointer data)
{
  return !cf_inc_credentials_group_get_busy (data);
}

static gboolean
pruebas_idle (gpointer data)
{
  return !cf_inc_pruebas_page_get_busy (data);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
save_credentials (Fixture    *f,
                  const char *user,
                  const char *password)
{
  CfIncCredentialsGroup *group = CF_INC_CREDENTIALS_GROUP (cf_ui_find_widget (GTK_WIDGET (f->page),
                                                                              CF_TYPE_INC_CREDENTIALS_GROUP));
  GtkWidget *password_row = named (f, "portal-password");
  g_autofree char *shown = NULL;

  cf_ui_spin_until (group_idle, group);
  g_assert_false (cf_inc_credentials_group_get_stored (group));
  g_assert_false (gtk_widget_get_sensitive (named (f, "save-credentials")));
  type_into (named (f, "portal-user"), user);
  type_into (password_row, password);
  g_assert_true (gtk_widget_get_sensitive (named (f, "save-credentials")));
  click (named (f, "save-credentials"));
  cf_ui_spin_until (group_idle, group);
  shown = text_of (named (f, "credentials-status"));
  g_test_message ("credentials: %s", shown);
  g_assert_true (cf_inc_credentials_group_get_stored (group));
  /* No copy left in the row; the status names the user. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  g_assert_nonnull (strstr (shown, user));
  g_assert_null (strstr (shown, password));
}

static void
assert_keyring (CfIncPortal  portal,
                const char  *user,
                const char  *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found_user = NULL;
  char *found_password = NULL;

  g_assert_true (cf_inc_credentials_lookup (portal, &found_user, &found_password, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (found_user, ==, user);
  g_assert_cmpstr (found_password, ==, password);
  cf_secret_free (found_password);
}

/* No file in the data folder (the store, its journal) holds @secret. */
static void
assert_not_on_disk (Fixture    *f,
                    const char *secret)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || !g_file_get_contents (path, &contents, &len, NULL))
        continue;
      n++;
      if (memmem (contents, len, secret, strlen (secret)) != NULL)
        g_error ("a portal password is in %s", path);
    }
  g_assert_cmpuint (n, >=, 1);
}

static void
paste_and_add (Fixture    *f,
               const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (named (f, "folios-text"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
  click (named (f, "add-folios"));
  cf_ui_spin_a_little ();
}

static GtkWidget *
folio_row (Fixture    *f,
           const char *folio)
{
  GtkWidget *row = find_named (named (f, "folio-list"), folio);

  g_assert_nonnull (row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  cf_ui_spin_a_little ();
  return row;
}

/* The entry row of @folio's use @number (0: the "record a use" row). */
static AdwEntryRow *
use_row (Fixture    *f,
         const char *folio,
         guint       number)
{
  GtkWidget *row = folio_row (f, folio);
  GtkWidget *found = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, row);
  while (stack->len > 0 && found == NULL)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (ADW_IS_ENTRY_ROW (w))
        {
          gpointer n = g_object_get_data (G_OBJECT (w), "number");

          if (GPOINTER_TO_UINT (n) == number)
            found = w;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_assert_nonnull (found);
  return ADW_ENTRY_ROW (found);
}

static void
type_result (Fixture    *f,
             const char *folio,
             guint       number,
             const char *result)
{
  AdwEntryRow *row = use_row (f, folio, number);

  gtk_editable_set_text (GTK_EDITABLE (row), result);
  g_signal_emit_by_name (row, "apply");
  cf_ui_spin_a_little ();
}

static const char *
last_result (Fixture    *f,
             const char *folio)
{
  static char result[256];
  g_autoptr(GPtrArray) folios = cf_incorporation_repo_list_folios (f->store, NULL);

  for (guint i = 0; i < folios->len; i++)
    {
      CfTestFolio *tf = g_ptr_array_index (folios, i);

      if (g_strcmp0 (tf->folio, folio) == 0 && tf->uses > 0)
        {
          CfTestFolioUse *use = g_ptr_array_index (tf->use_list, tf->uses - 1);

          g_strlcpy (result, use->result != NULL ? use->result : "", sizeof result);
          return result;
        }
    }
  return NULL;
}

static void
test_pruebas (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *results_path = NULL;
  g_autoptr(GFile) results_file = NULL;
  g_autofree char *mail = NULL;
  g_autofree char *text = NULL;
  guint n_folios = 0, n_ok = 0;

  show_page (f, cf_inc_pruebas_page_new (f->context, f->incorporation));
  g_assert_false (cf_inc_page_get_complete (f->page));
  g_assert_cmpstr (cf_inc_page_get_title (f->page), ==, g_dgettext (GETTEXT_PACKAGE, "Test Stage"));
  g_assert_false (gtk_widget_get_sensitive (named (f, "request-production")));
  screenshot (f, "inc-pruebas-empty");

  /* A date that is not one: its reason beside it, nothing saved. */
  type_into (named (f, "date"), "2026-13-40");
  {
    g_autofree char *expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "“%s” is not a date: write it as YYYY-MM-DD, for example 2026-11-02."), "2026-13-40");

    assert_shows_text (GTK_WIDGET (f->page), expected);
  }
  g_assert_null (cf_incorporation_get_value (f->incorporation, CF_INC_TEST_CREDENTIALS));
  type_into (named (f, "date"), "2026-11-02");
  g_assert_cmpstr (cf_incorporation_get_value (f->incorporation, CF_INC_TEST_CREDENTIALS), ==, "2026-11-02");

  if (have_keyring)
    {
      save_credentials (f, TEST_USER, TEST_PASSWORD);
      assert_keyring (CF_INC_PORTAL_PRUEBAS, TEST_USER, TEST_PASSWORD);
      assert_not_on_disk (f, TEST_PASSWORD);
      /* Only the test portal's item. */
      g_assert_false (cf_inc_credentials_has (CF_INC_PORTAL_PRODUCCION, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  else
    g_test_message ("no keyring: the credentials part is skipped");

  /* Folios pasted as a mail has them, then the rest as a range. */
  paste_and_add (f, "1001 1002,\n1003;1004\t\"1005\"");
  {
    g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u folio added.", "%u folios added.", 5), 5);

    assert_shows_text (named (f, "add-status"), expected);
  }
  paste_and_add (f, "1001 - 1100");
  g_assert_true (cf_incorporation_repo_count_folios (f->store, &n_folios, &n_ok, &error));
  g_assert_cmpuint (n_folios, ==, 100);
  {
    g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u folio added; %u already there.",
                                                              "%u folios added; %u already there.", 95), 95, 5);

    assert_shows_text (named (f, "add-status"), expected);
  }
  /* A typing mistake: named, nothing added, the text kept to fix. */
  paste_and_add (f, "2001 20#02");
  {
    g_autofree char *expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "“%s” is not a folio: folios are letters and digits, separated by spaces, commas or new lines, or a range such as 1-100."), "20#02");

    assert_shows_text (named (f, "add-status"), expected);
    g_assert_true (gtk_widget_has_css_class (named (f, "add-status"), "error"));
  }
  g_assert_true (cf_incorporation_repo_count_folios (f->store, &n_folios, &n_ok, &error));
  g_assert_cmpuint (n_folios, ==, 100);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (f, "folios-text"))), "", 0);

  /* Sealing takes uses (as the Certificados section does): twelve
   * certificates, one folio each. */
  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *cert = g_strdup_printf ("A%03u", i);
      g_autofree char *folio = NULL;

      g_assert_true (cf_incorporation_repo_take_folio (f->store, cert, &folio, NULL, &error));
      g_assert_no_error (error);
    }
  cf_inc_page_shown (f->page);
  {
    g_autofree char *expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%u of %d folios entered, %u used"), 100, 100, 12);

    g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (named (f, "folio-list"), ADW_TYPE_PREFERENCES_GROUP))), ==, expected);
  }

  /* Results typed, and with the SATISFACTORIO button. */
  type_result (f, "1001", 1, "SATISFACTORIO");
  g_assert_cmpstr (last_result (f, "1001"), ==, "SATISFACTORIO");
  {
    AdwEntryRow *row = use_row (f, "1002", 1);
    GtkWidget *ok = find_named (GTK_WIDGET (row), "satisfactory");

    g_assert_nonnull (ok);
    click (ok);
    cf_ui_spin_a_little ();
  }
  g_assert_cmpstr (last_result (f, "1002"), ==, "SATISFACTORIO");

  /* SEP's file: seven more, one error, one folio that is not ours. */
  results_path = g_build_filename (f->dir, "resultados.csv", NULL);
  g_assert_true (g_file_set_contents (results_path,
                                      "Folio,Estatus,Mensaje\n"
                                      "1003,SATISFACTORIO,\n1004,SATISFACTORIO,\n1005,SATISFACTORIO,\n"
                                      "1006,SATISFACTORIO,\n1007,SATISFACTORIO,\n1008,SATISFACTORIO,\n"
                                      "1009,SATISFACTORIO,\n"
                                      "1010,ERROR,La CURP del alumno no es válida\n"
                                      "7777,SATISFACTORIO,\n", -1, NULL));
  results_file = g_file_new_for_path (results_path);
  cf_inc_pruebas_page_read_results (CF_INC_PRUEBAS_PAGE (f->page), results_file);
  cf_ui_spin_until (pruebas_idle, f->page);
  text = text_of (named (f, "list-status"));
  g_assert_nonnull (strstr (text, "7777"));
  g_assert_cmpstr (last_result (f, "1010"), ==, "ERROR: La CURP del alumno no es válida");
  g_assert_true (cf_incorporation_repo_count_folios (f->store, &n_folios, &n_ok, &error));
  g_assert_cmpuint (n_ok, ==, 9);
  g_assert_false (cf_inc_page_get_complete (f->page));

  /* A10 corrected twice on its folio through the page: its third use. */
  for (guint i = 0; i < 2; i++)
    {
      AdwEntryRow *row = use_row (f, "1010", 0);

      gtk_editable_set_text (GTK_EDITABLE (row), "A010");
      g_signal_emit_by_name (row, "apply");
      cf_ui_spin_a_little ();
    }
  folio_row (f, "1010");
  assert_shows (named (f, "folio-list"), "Used three times");
  assert_shows (named (f, "folio-list"), "SEP accepts no fourth use of a test folio: seal with another folio.");
  g_assert_false (cf_incorporation_repo_use_folio (f->store, "1010", "A010", NULL, NULL, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Another desk takes 1011's third use while this page still offers one:
   * the page's attempt is refused, and said so. */
  {
    AdwEntryRow *row;

    g_assert_true (cf_incorporation_repo_use_folio (f->store, "1011", "A011", NULL, NULL, &error));
    cf_inc_page_shown (f->page);
    row = use_row (f, "1011", 0);
    g_assert_true (cf_incorporation_repo_use_folio (f->store, "1011", "A011", NULL, NULL, &error));
    g_assert_no_error (error);
    gtk_editable_set_text (GTK_EDITABLE (row), "A011");
    g_signal_emit_by_name (row, "apply");
    cf_ui_spin_a_little ();
    g_assert_true (gtk_widget_get_visible (named (f, "list-status")));
    g_assert_true (gtk_widget_has_css_class (named (f, "list-status"), "error"));
    g_test_message ("fourth use: %s", gtk_label_get_text (GTK_LABEL (named (f, "list-status"))));
    folio_row (f, "1011");
    assert_shows (named (f, "folio-list"), "Used three times");
  }
  folio_row (f, "1001");
  scroll_to (f, named (f, "list-status"));
  screenshot (f, "inc-pruebas-folios");

  /* The tenth: 1011's last use typed SATISFACTORIO. */
  type_result (f, "1011", 3, "SATISFACTORIO");
  g_assert_true (cf_incorporation_repo_count_folios (f->store, &n_folios, &n_ok, &error));
  g_assert_cmpuint (n_ok, ==, 10);
  g_assert_true (cf_inc_page_get_complete (f->page));
  {
    g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %d certificates SATISFACTORIO",
                                                              "%u of %d certificates SATISFACTORIO", 10), 10, 10);

    assert_shows_text (GTK_WIDGET (f->page), expected);
  }
  /* The e-mail names the ID_MEC: asked for first. */
  g_assert_false (gtk_widget_get_sensitive (named (f, "request-production")));
  type_into (named (f, "id-mec"), ID_MEC);
  g_assert_cmpstr (cf_incorporation_get_value (f->incorporation, CF_INC_ID_MEC), ==, ID_MEC);
  g_assert_true (gtk_widget_get_sensitive (named (f, "request-production")));

  click (named (f, "request-production"));
  cf_ui_spin_until (widget_visible, named (f, "mark-sent"));
  g_assert_true (g_file_get_contents (f->mail_out, &mail, NULL, NULL));
  g_test_message ("xdg-email got:\n%s", mail);
  g_assert_nonnull (strstr (mail, CF_INC_MAIL_SEP_REGISTRO));
  g_assert_nonnull (strstr (mail, NOMBRE " / Solicitud de portal productivo"));
  g_assert_nonnull (strstr (mail, "ID_MEC " ID_MEC));
  g_assert_nonnull (strstr (mail, "10 certificados"));
  scroll_to (f, named (f, "request-production"));
  screenshot (f, "inc-pruebas-ten");

  click (named (f, "mark-sent"));
  cf_ui_spin_a_little ();
  g_assert_cmpint (cf_incorporation_get_state (f->incorporation, CF_INCORPORATION_STAGE_PRUEBAS), ==,
                   CF_INCORPORATION_DONE);
  g_assert_false (gtk_widget_get_visible (named (f, "mark-sent")));
}

static void
test_produccion (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCalendar) calendar = cf_calendar_new_default ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *due = NULL;
  g_autofree char *mail = NULL;
  GDate date, result;

  cf_incorporation_set_value (f->incorporation, CF_INC_ID_MEC, ID_MEC, &error);
  g_assert_no_error (error);
  show_page (f, cf_inc_produccion_page_new (f->context, f->incorporation));
  g_assert_cmpstr (cf_inc_page_get_title (f->page), ==, g_dgettext (GETTEXT_PACKAGE, "Production Portal"));
  g_assert_false (cf_inc_page_get_complete (f->page));
  g_assert_false (gtk_widget_get_sensitive (named (f, "live")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (f, "id-mec"))), ==, ID_MEC);
  screenshot (f, "inc-produccion-empty");

  /* Registered long ago, no answer: write to SEP. */
  type_into (named (f, "date"), "2026-01-05");
  g_assert_cmpint (cf_incorporation_get_state (f->incorporation, CF_INCORPORATION_STAGE_PRODUCCION), ==,
                   CF_INCORPORATION_WAITING);
  g_assert_true (cf_calendar_parse_iso ("2026-01-05", &date));
  cf_calendar_add_business_days (calendar, &date, CF_INCORPORATION_ANSWER_DAYS, &result);
  due = cf_calendar_format_iso (&result);
  g_assert_cmpstr (cf_incorporation_get_due (f->incorporation, CF_INCORPORATION_STAGE_PRODUCCION), ==, due);
  g_assert_true (gtk_widget_get_visible (named (f, "write")));
  assert_shows (GTK_WIDGET (f->page), "SEP’s answer is late: write to SEP with the institution’s full name and ID_MEC. Once SEP confirms, press “In Production”.");
  screenshot (f, "inc-produccion-late");
  click (named (f, "write"));
  cf_ui_spin_until (file_exists, f->mail_out);
  cf_ui_spin_a_little ();
  g_assert_true (g_file_get_contents (f->mail_out, &mail, NULL, NULL));
  g_test_message ("xdg-email got:\n%s", mail);
  g_assert_nonnull (strstr (mail, CF_INC_MAIL_SEP_REGISTRO));
  g_assert_nonnull (strstr (mail, NOMBRE));
  g_assert_nonnull (strstr (mail, ID_MEC));

  /* Registered today: the answer due 15 business days on, not late. */
  g_clear_pointer (&due, g_free);
  type_into (named (f, "date"), today);
  g_assert_cmpstr (cf_incorporation_get_value (f->incorporation, CF_INC_PRODUCTION_REGISTERED), ==, today);
  g_assert_true (cf_calendar_parse_iso (today, &date));
  cf_calendar_add_business_days (calendar, &date, CF_INCORPORATION_ANSWER_DAYS, &result);
  due = cf_calendar_format_iso (&result);
  g_assert_cmpstr (cf_incorporation_get_due (f->incorporation, CF_INCORPORATION_STAGE_PRODUCCION), ==, due);
  g_assert_false (gtk_widget_get_visible (named (f, "write")));
  {
    g_autofree char *words = cf_date_text_to_words (due);

    assert_shows_text (GTK_WIDGET (f->page), words);
  }

  if (have_keyring)
    {
      g_autofree char *test_user = NULL;

      save_credentials (f, PROD_USER, PROD_PASSWORD);
      assert_keyring (CF_INC_PORTAL_PRODUCCION, PROD_USER, PROD_PASSWORD);
      assert_not_on_disk (f, PROD_PASSWORD);
      /* The test portal's item (the other test's) is still its own. */
      if (cf_inc_credentials_has (CF_INC_PORTAL_PRUEBAS, &test_user, NULL, &error))
        assert_keyring (CF_INC_PORTAL_PRUEBAS, TEST_USER, TEST_PASSWORD);
      g_assert_no_error (error);
    }
  g_assert_true (gtk_widget_get_sensitive (named (f, "live")));
  screenshot (f, "inc-produccion-registered");

  click (named (f, "live"));
  cf_ui_spin_a_little ();
  g_assert_cmpint (cf_incorporation_get_state (f->incorporation, CF_INCORPORATION_STAGE_PRODUCCION), ==,
                   CF_INCORPORATION_DONE);
  g_assert_true (cf_inc_page_get_complete (f->page));
  g_assert_false (gtk_widget_get_visible (named (f, "live")));
  assert_shows (GTK_WIDGET (f->page), "In production");
  screenshot (f, "inc-produccion-live");
}

/* The window's header says "Pruebas" on every section during the test
 * stage, and nothing before it or once it is done. */
static void
test_portal_tag (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");
  g_autoptr(CfContext) context = cf_context_new (f->store, settings);
  g_autoptr(GError) error = NULL;
  CfIncorporation *inc;
  GtkWidget *tag;

  f->window = GTK_WINDOW (cf_window_new (app, context));
  gtk_window_set_default_size (f->window, 1100, 700);
  gtk_window_present (f->window);
  cf_ui_spin_until (cf_ui_widget_is_mapped, f->window);
  tag = find_named (GTK_WIDGET (f->window), "portal-tag");
  g_assert_nonnull (tag);
  g_assert_false (gtk_widget_get_visible (tag));
  inc = cf_inc_overview_get_incorporation (CF_INC_OVERVIEW (cf_ui_find_widget (GTK_WIDGET (f->window),
                                                                               CF_TYPE_INC_OVERVIEW)));

  /* Stages 1–3 done: the test stage is the current one, as sealing sees it. */
  g_assert_true (cf_incorporation_mark_done (inc, CF_INCORPORATION_STAGE_REGISTRO, &error));
  g_assert_true (cf_incorporation_mark_done (inc, CF_INCORPORATION_STAGE_PROGRAMA, &error));
  g_assert_no_error (error);
  g_assert_false (gtk_widget_get_visible (tag));
  g_assert_true (cf_incorporation_mark_done (inc, CF_INCORPORATION_STAGE_XML, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_get_visible (tag));
  assert_shows (tag, "Testing");
  cf_window_show_section (CF_WINDOW (f->window), "signers");
  g_assert_true (gtk_widget_get_mapped (tag));
  screenshot (f, "inc-portal-tag");

  /* The stage done: production, nothing to flag. */
  g_assert_true (cf_incorporation_mark_done (inc, CF_INCORPORATION_STAGE_PRUEBAS, &error));
  g_assert_false (gtk_widget_get_visible (tag));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  {
    const char *localedir = g_getenv ("CF_LOCALEDIR");
    g_autofree char *mo = localedir != NULL ? g_build_filename (localedir, "es", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL) : NULL;

    if (mo != NULL && g_file_test (mo, G_FILE_TEST_EXISTS) && setlocale (LC_ALL, "es_MX.UTF-8") != NULL)
      {
        g_setenv ("LANGUAGE", "es_MX:es", TRUE);
        bindtextdomain (GETTEXT_PACKAGE, localedir);
        textdomain (GETTEXT_PACKAGE);
        bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      }
  }
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  have_keyring = g_getenv ("CF_UI_TEST_KEYRING") != NULL;

  g_test_add ("/ui/inc/pruebas", Fixture, NULL, fixture_setup, test_pruebas, fixture_teardown);
  g_test_add ("/ui/inc/produccion", Fixture, NULL, fixture_setup, test_produccion, fixture_teardown);
  g_test_add ("/ui/inc/portal-tag", Fixture, NULL, fixture_setup, test_portal_tag, fixture_teardown);
  app = cf_ui_app_new ();
  {
    int status = g_test_run ();

    g_object_unref (app);
    return status;
  }
}
