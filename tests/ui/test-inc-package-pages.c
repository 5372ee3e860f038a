/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The incorporation wizard's pages 7–9 (issue 15) on a real store file,
 * in Spanish when the catalogue is built: Oficios draws one letter per
 * campus in the preview, saves a campus's own words as typed (and the
 * standard text as nothing), and draws them again; Registro de Institución
 * shows the workbook's columns with each campus's value and marks what is
 * missing; Paquete lists what the package still needs when it is refused,
 * writes no file, then, with everything there, lists every member as read
 * back; "Marcar como enviado" records the date and the answer's due date. Screenshots of each in render-out/. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libintl.h>

#include "cf-context.h"
#include "cf-inc-campus.h"
#include "cf-inc-package.h"
#include "cf-inc-oficios-page.h"
#include "cf-inc-package-page.h"
#include "cf-inc-registro-page.h"
#include "cf-incorporation.h"
#include "cf-pdf.h"
#include "cf-preview-view.h"
#include "cf-signer-repo.h"
#include "cf-test-util.h"
#include "cf-ui-test-util.h"

typedef struct
{
  char            *dir;
  CfStore         *store;
  CfContext       *context;
  CfIncorporation *inc;
  GtkWidget       *window;
} Fixture;

static void
set (Fixture    *f,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_incorporation_set_value (f->inc, key, value, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = cf_test_mkdtemp ();
  path = g_build_filename (f->dir, "certifica.db", NULL);
  f->store = cf_store_open (path, &error);
  g_assert_no_error (error);
  f->context = cf_context_new (f->store, NULL);
  f->inc = cf_incorporation_load (f->store, &error);
  g_assert_no_error (error);
}

/* Two campuses, one signer for both (from a generated e.firma). */
static void
fill (Fixture *f)
{
  CfTestCertSpec spec = { .name = "MARIA DE LA LUZ PEREZ LOPEZ", .serial_ascii = "30001000000500003456",
                          .curp = "PELM800101MDFRPR05", .bits = 1024 };
  g_autofree char *cer = NULL, *key = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CfCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_test_generate_cert (f->dir, "firmante", &spec, &cer, &key, &error));
  bytes = cf_test_read_file (cer);
  cert = cf_certificate_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (cf_signer_repo_add (f->store, cert, &error));
  g_unlink (key);

  set (f, CF_INC_NOMBRE, "Universidad del Valle de Anáhuac");
  set (f, CF_INC_ID_INSTITUCION, "20499");
  set (f, CF_INC_ENLACE, "Ana Muñoz Ortiz");
  set (f, CF_INC_EMAIL, "ana@uva.edu.mx");
  set (f, CF_INC_N_CAMPUSES, "2");
  set (f, "campus.1.id_campus", "090101");
  set (f, "campus.1.nombre", "CENTRO");
  set (f, "campus.1.entidad", "09");
  set (f, "campus.1.signer", "30001000000500003456");
  set (f, "campus.2.id_campus", "150202");
  set (f, "campus.2.nombre", "NORTE");
  set (f, "campus.2.entidad", "15");
}

static void
show_page (Fixture   *f,
           GtkWidget *page)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  /* As the assistant shows its pages: scrolled, at most 860 wide. */
  f->window = adw_window_new ();
  g_object_ref_sink (f->window);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  gtk_widget_set_margin_top (clamp, 24);
  gtk_widget_set_margin_bottom (clamp, 24);
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), scrolled);
  adw_window_set_content (ADW_WINDOW (f->window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, f->window);
  cf_inc_page_shown (CF_INC_PAGE (page));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      g_object_unref (f->window);
    }
  cf_ui_spin_a_little ();
  g_clear_object (&f->inc);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  cf_test_rmdir (f->dir);
  g_free (f->dir);
}

static void
screenshot (GtkWidget  *window,
            const char *name)
{
  GtkWidget *child = gtk_window_get_child (GTK_WINDOW (window));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  int w, h;

  cf_ui_spin_a_little ();
  cf_ui_wait_for_paint (window);
  w = gtk_widget_get_width (child);
  h = gtk_widget_get_height (child);
  g_assert_cmpint (w, >, 0);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_widget_snapshot_child (window, child, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cf_ui_save_png (texture, name);
}

/* ---- Oficios ---- */

typedef struct
{
  CfPreviewView *preview;
  const char    *text;   /* NULL: any document */
  guint          n_pages;
} PreviewWait;

static gboolean
preview_shows (gpointer data)
{
  PreviewWait *wait = data;
  GBytes *pdf = cf_preview_view_get_pdf_bytes (wait->preview);
  g_autoptr(CfPdf) doc = NULL;
  g_autofree char *text = NULL;

  if (pdf == NULL || cf_preview_view_get_busy (wait->preview) ||
      cf_preview_view_get_n_pages (wait->preview) != wait->n_pages)
    return FALSE;
  if (wait->text == NULL)
    return TRUE;
  doc = cf_pdf_new_from_bytes (pdf, NULL);
  text = doc != NULL ? cf_pdf_get_text (doc) : NULL;
  return text != NULL && strstr (text, wait->text) != NULL;
}

static void
test_oficios (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *page;
  CfPreviewView *preview;
  GtkTextView *view;
  AdwComboRow *row;
  GtkTextBuffer *buffer;
  PreviewWait wait = { NULL, "CENTRO", 2 };

  fill (f);
  page = cf_inc_oficios_page_new (f->context, f->inc);
  show_page (f, page);
  preview = CF_PREVIEW_VIEW (cf_ui_find_widget (page, CF_TYPE_PREVIEW_VIEW));
  view = GTK_TEXT_VIEW (cf_ui_find_widget (page, GTK_TYPE_TEXT_VIEW));
  row = ADW_COMBO_ROW (cf_ui_find_widget (page, ADW_TYPE_COMBO_ROW));
  buffer = gtk_text_view_get_buffer (view);
  wait.preview = preview;

  /* One letter per campus; campus 2 has no signer yet. */
  cf_ui_spin_until (preview_shows, &wait);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, 2);
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  {
    g_autofree char *expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Campus %u has no signer yet: choose one in "
                                                             "the step Responsables de firma. Its letter leaves the "
                                                             "signer’s data blank until then."), 2);

    g_assert_cmpstr (cf_inc_page_get_missing (CF_INC_PAGE (page)), ==, expected);
  }
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "campus CENTRO (clave 090101)"));
  }
  /* The standard text is not stored. */
  g_assert_null (cf_incorporation_get_campus_value (f->inc, 1, CF_INC_CAMPUS_OFICIO));

  /* The campus's own words: saved as typed, drawn again. */
  gtk_text_buffer_set_text (buffer, "Por medio del presente designo a la responsable del campus Centro.", -1);
  g_assert_cmpstr (cf_incorporation_get_campus_value (f->inc, 1, CF_INC_CAMPUS_OFICIO), ==,
                   "Por medio del presente designo a la responsable del campus Centro.");
  wait.text = "designo a la responsable";
  cf_ui_spin_until (preview_shows, &wait);
  g_assert_cmpuint (cf_preview_view_get_page (preview), ==, 0);

  /* The second campus has its own text; the first keeps its words. */
  adw_combo_row_set_selected (row, 1);
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "campus NORTE (clave 150202)"));
  }
  g_assert_cmpuint (cf_preview_view_get_page (preview), ==, 1);
  adw_combo_row_set_selected (row, 0);
  cf_ui_spin_a_little ();
  screenshot (f->window, "inc-oficios.png");

  /* Back to the standard text: nothing stored. */
  gtk_text_buffer_set_text (buffer, "", -1);
  g_assert_null (cf_incorporation_get_campus_value (f->inc, 1, CF_INC_CAMPUS_OFICIO));

  /* A signer for campus 2: complete. */
  set (f, "campus.2.signer", "30001000000500003456");
  cf_inc_page_shown (CF_INC_PAGE (page));
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
}

/* ---- Registro de Institución ---- */

static gboolean
table_filled (gpointer data)
{
  return gtk_grid_get_child_at (GTK_GRID (data), 0, 1) != NULL;
}

static const char *
cell_text (GtkGrid *grid,
           int      column,
           int      row)
{
  GtkWidget *child = gtk_grid_get_child_at (grid, column, row);

  g_assert_true (GTK_IS_LABEL (child));
  return gtk_label_get_text (GTK_LABEL (child));
}

static void
test_registro (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *page;
  GtkGrid *table;

  fill (f);
  page = cf_inc_registro_page_new (f->context, f->inc);
  show_page (f, page);
  table = cf_inc_registro_page_get_table (CF_INC_REGISTRO_PAGE (page));
  cf_ui_spin_until (table_filled, table);

  /* Columns down, campuses across. */
  g_assert_cmpstr (cell_text (table, 0, 1), ==, "ID_INSTITUCION");
  g_assert_cmpstr (cell_text (table, 1, 1), ==, "20499");
  g_assert_cmpstr (cell_text (table, 0, 3), ==, "ID_CAMPUS");
  g_assert_cmpstr (cell_text (table, 1, 3), ==, "090101");
  g_assert_cmpstr (cell_text (table, 2, 3), ==, "150202");
  g_assert_cmpstr (cell_text (table, 0, 7), ==, "CURP");
  g_assert_cmpstr (cell_text (table, 1, 7), ==, "PELM800101MDFRPR05");
  /* Campus 2 has no signer: its CURP is marked missing. */
  g_assert_true (gtk_widget_has_css_class (gtk_grid_get_child_at (table, 2, 7), "error"));
  g_assert_false (gtk_widget_has_css_class (gtk_grid_get_child_at (table, 1, 7), "error"));
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_nonnull (cf_inc_page_get_missing (CF_INC_PAGE (page)));
  screenshot (f->window, "inc-registro.png");

  set (f, "campus.2.signer", "30001000000500003456");
  set (f, "campus.1.signer_email", "luz@uva.edu.mx");
  set (f, "campus.2.signer_email", "luz@uva.edu.mx");
  gtk_grid_remove (table, gtk_grid_get_child_at (table, 0, 1));
  cf_inc_page_shown (CF_INC_PAGE (page));
  cf_ui_spin_until (table_filled, table);
  g_assert_cmpstr (cell_text (table, 2, 7), ==, "PELM800101MDFRPR05");
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
}

/* ---- Paquete ---- */

static GtkWidget *
find_button (GtkWidget  *widget,
                            const char *label)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), g_dgettext (GETTEXT_PACKAGE, label)) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
page_idle (gpointer data)
{
  return !cf_inc_package_page_get_busy (CF_INC_PACKAGE_PAGE (data));
}

static void
test_package (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *page;
  g_autofree char *zip = g_build_filename (f->dir, "paquete.zip", NULL);
  g_autoptr(GError) error = NULL;

  fill (f);
  page = cf_inc_package_page_new (f->context, f->inc);
  show_page (f, page);
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));

  /* Refused: what is missing listed, no file written. */
  cf_inc_package_page_build (CF_INC_PACKAGE_PAGE (page), zip);
  cf_ui_spin_until (page_idle, page);
  g_assert_null (cf_inc_package_page_get_members (CF_INC_PACKAGE_PAGE (page)));
  g_assert_false (g_file_test (zip, G_FILE_TEST_EXISTS));
  {
    g_autofree char *shown = cf_ui_shown_text (page);

    g_assert_nonnull (strstr (shown, g_dgettext (GETTEXT_PACKAGE, "The package cannot be built yet. Missing:")));
    g_assert_nonnull (strstr (shown, g_dgettext (GETTEXT_PACKAGE, "The institution’s logo.")));
  }
  g_assert_cmpstr (cf_incorporation_get_value (f->inc, CF_INC_PACKAGE_PATH), ==, zip);
  screenshot (f->window, "inc-package-missing.png");

  /* Everything there: built, every member listed as read back. */
  {
    const char *keys[] = { CF_INC_LOGO, CF_INC_DOC_NOMBRAMIENTO, CF_INC_DOC_REGISTRO };
    const char *names[] = { "logo.png", "nombramiento.pdf", "registro.pdf" };
    GPtrArray *members;
    g_autofree char *shown = NULL;

    set (f, "campus.2.signer", "30001000000500003456");
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autoptr(GBytes) bytes = g_bytes_new_static (i == 0 ? "\x89PNG\r\n\x1a\n" : "%PDF-1.4 escaneo", i == 0 ? 8 : 16);

        g_assert_true (cf_incorporation_put_file (f->inc, keys[i], names[i], NULL, bytes, &error));
        g_assert_no_error (error);
      }
    cf_inc_package_page_build (CF_INC_PACKAGE_PAGE (page), zip);
    cf_ui_spin_until (page_idle, page);
    members = cf_inc_package_page_get_members (CF_INC_PACKAGE_PAGE (page));
    g_assert_nonnull (members);
    g_assert_cmpuint (members->len, ==, 7);
    g_assert_true (g_file_test (zip, G_FILE_TEST_IS_REGULAR));
    shown = cf_ui_shown_text (page);
    for (guint i = 0; i < members->len; i++)
      g_assert_nonnull (strstr (shown, ((CfIncPackageMember *) g_ptr_array_index (members, i))->name));
    g_assert_null (strstr (shown, g_dgettext (GETTEXT_PACKAGE, "Still Missing")));
    g_assert_true (gtk_widget_get_sensitive (find_button (page, "_Compose E-mail")));
    g_assert_true (gtk_widget_get_sensitive (find_button (page, "_Mark as Sent")));
    screenshot (f->window, "inc-package-built.png");

    /* "Redactar correo": the mail client (an xdg-email that writes down
     * what it was given) gets SEP's address, the subject, the files
     * listed in the body and the package attached. */
    {
      g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
      g_autofree char *bin = g_build_filename (f->dir, "bin", NULL);
      g_autofree char *script = g_build_filename (bin, "xdg-email", NULL);
      g_autofree char *log = g_build_filename (f->dir, "xdg-email.txt", NULL);
      g_autofree char *done = g_build_filename (f->dir, "xdg-email.done", NULL);
      /* Shell builtins only: PATH holds nothing else. */
      g_autofree char *text = g_strdup_printf ("#!/bin/sh\nfor a in \"$@\"; do printf '%%s\\n' \"$a\"; done > '%s'\n"
                                               ": > '%s'\n", log, done);
      g_autofree char *logged = NULL;
      g_autofree char *attach = g_strdup_printf ("--attach\n%s\n", zip);

      g_assert_cmpint (g_mkdir (bin, 0755), ==, 0);
      g_assert_true (g_file_set_contents (script, text, -1, NULL));
      g_assert_cmpint (g_chmod (script, 0755), ==, 0);
      g_setenv ("PATH", bin, TRUE);
      g_signal_emit_by_name (find_button (page, "_Compose E-mail"), "clicked");
      cf_ui_spin_until (file_exists, done);
      g_setenv ("PATH", old_path, TRUE);
      g_assert_true (g_file_get_contents (log, &logged, NULL, NULL));
      g_assert_true (g_str_has_prefix (logged, "--utf8\n--subject\nUniversidad del Valle de Anáhuac / Registro Institución\n--body\n"));
      g_assert_true (g_str_has_suffix (logged, "\ncertificacionelectronica@nube.sep.gob.mx\n"));
      g_assert_nonnull (strstr (logged, attach));
      g_assert_nonnull (strstr (logged, "- 01-Registro-de-Institucion.xlsx ("));
      g_assert_nonnull (strstr (logged, "- Firmante-30001000000500003456.cer ("));
    }
  }

  /* Coming back another day: the package on disk is listed again. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  page = cf_inc_package_page_new (f->context, f->inc);
  show_page (f, page);
  cf_ui_spin_until (page_idle, page);
  g_assert_nonnull (cf_inc_package_page_get_members (CF_INC_PACKAGE_PAGE (page)));
  g_assert_cmpuint (cf_inc_package_page_get_members (CF_INC_PACKAGE_PAGE (page))->len, ==, 7);
  g_assert_true (gtk_widget_get_sensitive (find_button (page, "_Mark as Sent")));

  /* Marked as sent: the date and the answer's due date. */
  g_assert_true (cf_incorporation_mark_sent (f->inc, CF_INCORPORATION_STAGE_REGISTRO, "2026-12-01", &error));
  cf_inc_page_shown (CF_INC_PAGE (page));
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  {
    g_autofree char *shown = cf_ui_shown_text (page);

    g_assert_cmpstr (cf_incorporation_get_since (f->inc, CF_INCORPORATION_STAGE_REGISTRO), ==, "2026-12-01");
    g_assert_nonnull (cf_incorporation_get_due (f->inc, CF_INCORPORATION_STAGE_REGISTRO));
    /* "1 de diciembre de 2026", in words in the page's language. */
    g_assert_nonnull (strstr (shown, "2026"));
    g_assert_nonnull (strstr (shown, "15"));
  }
  screenshot (f->window, "inc-package-sent.png");
}

int
main (int argc, char **argv)
{
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  /* In Spanish when the catalogue is built: what registrars read. */
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

  g_test_add ("/ui/inc/oficios", Fixture, NULL, fixture_setup, test_oficios, fixture_teardown);
  g_test_add ("/ui/inc/registro", Fixture, NULL, fixture_setup, test_registro, fixture_teardown);
  g_test_add ("/ui/inc/package", Fixture, NULL, fixture_setup, test_package, fixture_teardown);
  return g_test_run ();
}
