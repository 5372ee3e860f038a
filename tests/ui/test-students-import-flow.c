/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The students import flow (issue 13) on a real SQLite store holding the
 * Programa de Estudios: a wide workbook written by openpyxl in the real
 * shape (catalog sheets with merged titles, notes above the header, ids
 * as text) gives a preview with its counts and findings; Cancel writes
 * nothing, Import writes the students. A CSV whose matrícula header is not
 * recognised goes through the mapping dialog, the column is chosen in its
 * drop-down, and the students are imported; so is a wide workbook with
 * such a header, whose subject groups the dialog does not list. Screenshots in Spanish (when
 * the catalogue is built) go to $G_TEST_BUILDDIR/render-out/. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "cf-cert-repo.h"
#include "cf-import-mapping-dialog.h"
#include "cf-student-repo.h"
#include "cf-students-import-flow.h"
#include "cf-ui-test-util.h"

#include "../core/test-plan-fixture.h"

#define PYTHON "/usr/bin/python3"

typedef struct
{
  char      *dir;
  CfStore   *store;
  CfContext *context;
  GtkWidget *parent;
} Fixture;

typedef struct
{
  GAsyncResult *result;
} Done;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GError) error = NULL;

  f->dir = cf_test_mkdtemp ();
  path = g_build_filename (f->dir, "certifica.db", NULL);
  f->store = cf_store_open (path, &error);
  g_assert_no_error (error);
  /* Career 101 plan 2018 (1001-1003), career 102 plan 2020 (2001-2002). */
  g_assert_true (cf_plan_book_save_to_store (book, f->store, &error));
  g_assert_no_error (error);
  f->context = cf_context_new (f->store, NULL);

  f->parent = g_object_ref_sink (adw_window_new ());
  gtk_window_set_default_size (GTK_WINDOW (f->parent), 1000, 760);
  gtk_window_present (GTK_WINDOW (f->parent));
  cf_ui_spin_until (cf_ui_widget_is_mapped, f->parent);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->parent));
  cf_ui_spin_for (60);
  g_assert_finalize_object (f->parent);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  cf_test_rmdir (f->dir);
  g_free (f->dir);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Done *done = user_data;

  done->result = g_object_ref (result);
}

static gboolean
is_done (gpointer data)
{
  return ((Done *) data)->result != NULL;
}

/* The visible toplevel named @name (the flow names its dialogs). */
static GtkWidget *
find_named (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (window) && g_str_equal (gtk_widget_get_name (window), name))
        return window;
    }
  return NULL;
}

static gboolean
named_shown (gpointer data)
{
  GtkWidget *window = find_named (data);

  return window != NULL && gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

static gboolean
mapping_shown (gpointer data)
{
  GtkWindow *window = cf_ui_find_toplevel (CF_TYPE_IMPORT_MAPPING_DIALOG);

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)) && gtk_widget_get_width (GTK_WIDGET (window)) > 0;
}

/* The dialog as drawn, to a PNG in the build folder. */
static void
screenshot (GtkWidget  *window,
            const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int w, h;

  cf_ui_spin_for (150);
  w = gtk_widget_get_width (window);
  h = gtk_widget_get_height (window);
  g_assert_cmpint (w, >, 0);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.6, 0.6, 0.6, 1 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cf_ui_save_png (texture, name);
}

/* What a click on the dialog's button does: the response, then the
 * dialog closes. */
static void
respond (GtkWidget  *dialog,
         const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  cf_ui_spin_for (20);
}

static guint
count_students (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  guint n_students = 0, n_grades = 0;

  g_assert_true (cf_student_repo_count (f->store, &n_students, &n_grades, &error));
  g_assert_no_error (error);
  return n_students;
}

/* Every certificate, whatever its state. */
static guint
count_certificates (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  guint counts[CF_CERT_N_STATUS] = { 0 };
  guint n = 0;

  g_assert_true (cf_cert_repo_count_by_status (f->store, counts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < CF_CERT_N_STATUS; i++)
    n += counts[i];
  return n;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” is not in:\n%s", part, text);
}

static gboolean
have_openpyxl (void)
{
  const char *argv[] = { PYTHON, "-c", "import openpyxl", NULL };

  return g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE) && cf_test_spawn (argv, NULL, NULL, NULL) == 0;
}

/* Runs the flow on @path until the preview is up; returns it. */
static GtkWidget *
run_to_preview (Fixture    *f,
                const char *path,
                Done       *done)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  cf_students_import_flow_run (GTK_WINDOW (f->parent), f->context, file, NULL, on_done_cb, done);
  cf_ui_spin_until ((CfUiCondition) named_shown, (gpointer) "cf-students-import-preview");
  return find_named ("cf-students-import-preview");
}

static void
test_wide_workbook (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "cli", "students-openpyxl-write.py", NULL);
  g_autofree char *path = g_build_filename (f->dir, "wide.xlsx", NULL);
  const char *argv[] = { PYTHON, script, f->dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *preview;
  Done cancelled = { NULL }, imported = { NULL };
  guint n_students = 0;

  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 with openpyxl (python3-openpyxl) is needed");
      return;
    }
  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);

  /* Cancel: nothing written. */
  preview = run_to_preview (f, path, &cancelled);
  text = cf_ui_shown_text (preview);
  /* The sheet after the catalogs, below the notes; 2 students with 5
   * grades; subject 2999 is not in plan 2020. */
  assert_contains (text, "CERTIFICADOS");
  assert_contains (text, "wide.xlsx");
  assert_contains (text, "2999");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (preview), "import"));
  screenshot (preview, "students-import-preview.png");
  respond (GTK_WIDGET (preview), "cancel");
  cf_ui_spin_until (is_done, &cancelled);
  g_assert_false (cf_students_import_flow_finish (cancelled.result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&cancelled.result);
  g_assert_cmpuint (count_students (f), ==, 0);
  g_assert_cmpuint (count_certificates (f), ==, 0);
  g_assert_null (find_named ("cf-students-import-error"));

  /* Import. */
  cf_ui_spin_for (100);
  preview = run_to_preview (f, path, &imported);
  respond (GTK_WIDGET (preview), "import");
  cf_ui_spin_until (is_done, &imported);
  g_assert_true (cf_students_import_flow_finish (imported.result, &n_students, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_students, ==, 2);
  g_clear_object (&imported.result);
  g_assert_cmpuint (count_students (f), ==, 2);
  /* Each student has its certificate for the Certificados section. */
  g_assert_cmpuint (count_certificates (f), ==, 2);
  g_assert_null (find_named ("cf-students-import-progress"));
}

/* Counted in the preview's "In the File" group: the row titled @title shows
 * @count (after its subtitle, when it has one). */
static void
assert_count (GtkWidget  *preview,
              const char *title,
              guint       count)
{
  g_autofree char *text = cf_ui_shown_text (preview);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *expected = g_strdup_printf ("%u", count);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], title))
      {
        g_assert_nonnull (lines[i + 1]);
        if (g_str_equal (lines[i + 1], expected) || (lines[i + 2] != NULL && g_str_equal (lines[i + 2], expected)))
          return;
        g_error ("“%s” does not show %u:\n%s", title, count, text);
      }
  g_error ("no “%s” in:\n%s", title, text);
}

static void
test_csv_mapping (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "alumnos.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CfImportMappingDialog *mapping;
  GtkWidget *preview;
  Done done = { NULL };
  guint n_students = 0;
  const char *csv =
    "Clave del estudiante;CURP;Nombre;Primer apellido;Id Carrera;Clave Plan;Id Asignatura;Ciclo;Calificación\r\n"
    "A001;LOPA990501MDFPRN09;ANA MARÍA;LÓPEZ;101;2018;1001;2018-1;8\r\n"
    "A001;LOPA990501MDFPRN09;ANA MARÍA;LÓPEZ;101;2018;1002;2018-1;9\r\n"
    "A001;LOPA990501MDFPRN09;ANA MARÍA;LÓPEZ;101;2018;1002;2018-1;9\r\n"
    "A002;RUIL000212HDFZSS01;LUIS;RUIZ;101;2018;1001;2018-1;AC\r\n"
    ";SOTJ990303HDFTRN05;JUAN;SOTO;101;2018;1001;2018-1;7\r\n";

  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);

  cf_students_import_flow_run (GTK_WINDOW (f->parent), f->context, file, NULL, on_done_cb, &done);
  cf_ui_spin_until (mapping_shown, NULL);
  mapping = CF_IMPORT_MAPPING_DIALOG (cf_ui_find_toplevel (CF_TYPE_IMPORT_MAPPING_DIALOG));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (mapping), "continue"));
  assert_contains (cf_import_mapping_dialog_get_status (mapping), "MATRICULA");
  screenshot (GTK_WIDGET (mapping), "students-import-mapping.png");

  /* The first column holds the matrícula. */
  gtk_drop_down_set_selected (cf_import_mapping_dialog_get_drop_down (mapping, 0), CF_STUDENTS_COL_MATRICULA + 1);
  cf_ui_spin_for (20);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (mapping), "continue"));
  screenshot (GTK_WIDGET (mapping), "students-import-mapping-done.png");
  respond (GTK_WIDGET (mapping), "continue");

  cf_ui_spin_until ((CfUiCondition) named_shown, (gpointer) "cf-students-import-preview");
  preview = find_named ("cf-students-import-preview");
  /* 2 students, 3 grades, a row repeated, one without matrícula. */
  assert_count (preview, _("Students"), 2);
  assert_count (preview, _("Grades"), 3);
  assert_count (preview, _("Repeated grades"), 1);
  assert_count (preview, _("Rejected rows"), 1);
  {
    g_autofree char *text = cf_ui_shown_text (preview);
    g_autofree char *row = g_strdup_printf (_("Row %u"), 6);

    assert_contains (text, row);
  }
  screenshot (preview, "students-import-preview-csv.png");
  respond (GTK_WIDGET (preview), "import");

  cf_ui_spin_until (is_done, &done);
  g_assert_true (cf_students_import_flow_finish (done.result, &n_students, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_students, ==, 2);
  g_clear_object (&done.result);
  g_assert_cmpuint (count_students (f), ==, 2);
}

static void
test_wide_mapping (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "core", "students-mapping-write.py", NULL);
  g_autofree char *path = g_build_filename (f->dir, "alumnos.xlsx", NULL);
  const char *argv[] = { PYTHON, script, path, NULL };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CfImportMappingDialog *mapping;
  GtkListBox *list;
  GtkWidget *preview;
  Done done = { NULL };
  guint n_rows = 0, n_students = 0;

  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 with openpyxl (python3-openpyxl) is needed");
      return;
    }
  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);

  cf_students_import_flow_run (GTK_WINDOW (f->parent), f->context, file, NULL, on_done_cb, &done);
  cf_ui_spin_until (mapping_shown, NULL);
  mapping = CF_IMPORT_MAPPING_DIALOG (cf_ui_find_toplevel (CF_TYPE_IMPORT_MAPPING_DIALOG));
  /* The nine header fields only: the three groups of six are recognised. */
  list = GTK_LIST_BOX (cf_ui_find_widget (GTK_WIDGET (mapping), GTK_TYPE_LIST_BOX));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n_rows += GTK_IS_LIST_BOX_ROW (row);
  g_assert_cmpuint (n_rows, ==, 9);
  text = cf_ui_shown_text (GTK_WIDGET (mapping));
  assert_contains (text, "18");
  screenshot (GTK_WIDGET (mapping), "students-import-mapping-wide.png");

  gtk_drop_down_set_selected (cf_import_mapping_dialog_get_drop_down (mapping, 0), CF_STUDENTS_COL_MATRICULA + 1);
  cf_ui_spin_for (20);
  respond (GTK_WIDGET (mapping), "continue");
  cf_ui_spin_until ((CfUiCondition) named_shown, (gpointer) "cf-students-import-preview");
  preview = find_named ("cf-students-import-preview");
  assert_count (preview, _("Students"), 2);
  assert_count (preview, _("Grades"), 5);
  respond (preview, "import");
  cf_ui_spin_until (is_done, &done);
  g_assert_true (cf_students_import_flow_finish (done.result, &n_students, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_students, ==, 2);
  g_clear_object (&done.result);
  g_assert_cmpuint (count_students (f), ==, 2);
}

/* The caller gives up while the preview is open (the page went away): the
 * dialog closes, the flow ends cancelled, nothing written. */
static void
test_caller_cancels (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "alumnos.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Done done = { NULL };

  g_file_set_contents (path,
                       "Matrícula,Id Carrera,Clave Plan,Id Asignatura,Calificación\r\n"
                       "A001,101,2018,1001,8\r\n", -1, &error);
  g_assert_no_error (error);
  cf_students_import_flow_run (GTK_WINDOW (f->parent), f->context, file, cancellable, on_done_cb, &done);
  cf_ui_spin_until ((CfUiCondition) named_shown, (gpointer) "cf-students-import-preview");
  g_cancellable_cancel (cancellable);
  cf_ui_spin_until (is_done, &done);
  g_assert_false (cf_students_import_flow_finish (done.result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&done.result);
  cf_ui_spin_for (50);
  g_assert_null (find_named ("cf-students-import-preview"));
  g_assert_null (find_named ("cf-students-import-error"));
  g_assert_cmpuint (count_students (f), ==, 0);
}

/* A file without the students' header: the reason in a dialog, the flow
 * ends with it, nothing written. */
static void
test_no_header (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "notas.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  Done done = { NULL };

  g_file_set_contents (path, "Alumno,Nota\r\nANA,8\r\n", -1, &error);
  g_assert_no_error (error);
  cf_students_import_flow_run (GTK_WINDOW (f->parent), f->context, file, NULL, on_done_cb, &done);
  cf_ui_spin_until (is_done, &done);
  g_assert_false (cf_students_import_flow_finish (done.result, NULL, &error));
  g_assert_error (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_NO_HEADER);
  g_clear_object (&done.result);
  cf_ui_spin_until ((CfUiCondition) named_shown, (gpointer) "cf-students-import-error");
  dialog = find_named ("cf-students-import-error");
  assert_contains (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), error->message);
  g_assert_null (find_named ("cf-students-import-progress"));
  screenshot (dialog, "students-import-error.png");
  respond (dialog, "close");
  g_assert_cmpuint (count_students (f), ==, 0);
}

int
main (int    argc,
      char **argv)
{
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

  g_test_add ("/ui/students-import/wide-workbook", Fixture, NULL, fixture_setup, test_wide_workbook, fixture_teardown);
  g_test_add ("/ui/students-import/csv-mapping", Fixture, NULL, fixture_setup, test_csv_mapping, fixture_teardown);
  g_test_add ("/ui/students-import/wide-mapping", Fixture, NULL, fixture_setup, test_wide_mapping, fixture_teardown);
  g_test_add ("/ui/students-import/caller-cancels", Fixture, NULL, fixture_setup, test_caller_cancels, fixture_teardown);
  g_test_add ("/ui/students-import/no-header", Fixture, NULL, fixture_setup, test_no_header, fixture_teardown);
  return g_test_run ();
}
