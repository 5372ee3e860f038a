/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import's mapping step on a real CSV file: a misspelt required header
 * and an unknown column keep "continue" off and are named; choosing the
 * right column in the row's own drop-down turns it on and changes the
 * import's mapping; choosing a column twice turns it off again, named as
 * repeated; the fixed mapping builds the preview. A screenshot goes to
 * $G_TEST_BUILDDIR/render-out/ (CF_TEST_PAUSE=SECONDS keeps the dialog on
 * screen that long, to look at it under Xvfb). */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cf-import-mapping-dialog.h"
#include "cf-ui-test-util.h"

#include "../core/test-plan-fixture.h"

/* The file's column letters: U is NOMBRE_ASIGNATURA, misspelt; Y is not a
 * plan column; Z has no header. */
#define COL_U 20
#define COL_Y 24
#define COL_Z 25
#define MISSPELT "Nombre de la materia xyz"

typedef struct
{
  char         *dir;
  GtkWidget    *parent;
  CfPlanImport *import;
  GtkWidget    *dialog;
} Fixture;

static gboolean
widget_is_allocated (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) && gtk_widget_get_width (GTK_WIDGET (data)) > 0;
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

  cf_ui_spin_for (100);
  w = gtk_widget_get_width (window);
  h = gtk_widget_get_height (window);
  g_assert_cmpint (w, >, 0);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.6, 0.6, 0.6, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cf_ui_save_png (texture, name);
}

static void
pause_to_look (void)
{
  const char *pause = g_getenv ("CF_TEST_PAUSE");

  if (pause != NULL)
    cf_ui_spin_for ((guint) g_ascii_strtoull (pause, NULL, 10) * 1000);
}

static void
append_csv_value (GString    *out,
                  const char *value)
{
  if (strpbrk (value, ",\"\n ") != NULL)
    {
      g_autoptr(GString) quoted = g_string_new (value);

      g_string_replace (quoted, "\"", "\"\"", 0);
      g_string_append_printf (out, "\"%s\"", quoted->str);
    }
  else
    g_string_append (out, value);
}

/* The fixture plan as a CSV file: the SEP columns (NOMBRE_ASIGNATURA
 * headed @subject_header), then, with @extra, "Observaciones" and a column
 * without header. */
static char *
write_csv (const char *dir,
           const char *subject_header,
           gboolean    extra)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "plan.csv", NULL);

  for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_csv_value (out, c == CF_PLAN_COL_NOMBRE_ASIGNATURA ? subject_header : cf_plan_column_get_name (c));
    }
  if (extra)
    g_string_append (out, ",Observaciones,");
  g_string_append (out, "\r\n");

  for (guint r = 0; r < FIXTURE_N_ROWS; r++)
    {
      for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_csv_value (out, fixture_subjects[r][c]);
        }
      if (extra)
        g_string_append_printf (out, ",%s,%u", r == 0 ? "" : "Revisada", 100 + r);
      g_string_append (out, "\r\n");
    }

  g_file_set_contents (path, out->str, out->len, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_open (Fixture    *fixture,
              const char *subject_header,
              gboolean    extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = cf_test_mkdtemp ();
  path = write_csv (fixture->dir, subject_header, extra);
  fixture->import = cf_plan_import_read (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->import);

  fixture->parent = g_object_ref_sink (adw_window_new ());
  gtk_window_set_default_size (GTK_WINDOW (fixture->parent), 900, 700);
  gtk_window_present (GTK_WINDOW (fixture->parent));
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->parent);

  fixture->dialog = g_object_ref_sink (cf_import_mapping_dialog_new (GTK_WINDOW (fixture->parent),
                                                                     fixture->import, "plan.csv"));
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  cf_ui_spin_until (widget_is_allocated, fixture->dialog);
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  gtk_window_destroy (GTK_WINDOW (fixture->parent));
  cf_ui_spin_for (60);
  g_assert_finalize_object (fixture->dialog);
  g_assert_finalize_object (fixture->parent);
  g_clear_pointer (&fixture->import, cf_plan_import_free);
  cf_test_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
continue_enabled (Fixture *fixture)
{
  return adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (fixture->dialog), "continue");
}

/* What a person does: open the row's drop-down's choice, by position. */
static void
choose (Fixture *fixture,
        guint    source_column,
        int      column)
{
  GtkDropDown *drop_down = cf_import_mapping_dialog_get_drop_down (CF_IMPORT_MAPPING_DIALOG (fixture->dialog),
                                                                   source_column);

  g_assert_true (GTK_IS_DROP_DOWN (drop_down));
  gtk_drop_down_set_selected (drop_down, column == CF_PLAN_IMPORT_UNMAPPED ? 0 : (guint) column + 1);
  cf_ui_spin_for (20);
}

typedef struct
{
  char         *response;
  CfPlanImport *import_seen;
} ResponseSeen;

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                ResponseSeen     *seen)
{
  g_free (seen->response);
  seen->response = g_strdup (response);
  seen->import_seen = cf_import_mapping_dialog_get_import (CF_IMPORT_MAPPING_DIALOG (dialog));
}

/* ------------------------------------------------------------------ */

static void
test_unknown_and_missing (void)
{
  Fixture fixture = { 0 };
  CfImportMappingDialog *dialog;
  CfPlanImport *import;
  GtkDropDown *drop_down;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GError) error = NULL;
  ResponseSeen seen = { 0 };
  gboolean found = FALSE;

  fixture_open (&fixture, MISSPELT, TRUE);
  dialog = CF_IMPORT_MAPPING_DIALOG (fixture.dialog);
  import = fixture.import;
  g_assert_true (cf_import_mapping_dialog_get_import (dialog) == import);
  g_assert_cmpuint (cf_plan_import_get_n_source_columns (import), ==, COL_Z + 1);

  /* As read: the misspelt and unknown headers are ignored, and the required
   * column they hide is missing. */
  g_assert_cmpint (cf_plan_import_get_mapping (import, COL_U), ==, CF_PLAN_IMPORT_UNMAPPED);
  g_assert_false (continue_enabled (&fixture));
  g_assert_nonnull (strstr (cf_import_mapping_dialog_get_status (dialog), "NOMBRE_ASIGNATURA"));
  g_assert_nonnull (strstr (cf_import_mapping_dialog_get_status (dialog), "Missing"));
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "The file “plan.csv” has columns Certifica does not recognise and lacks some it needs. "
                   "Say which column holds each value; columns set to “Ignore” are not imported.");

  /* One row per file column, as written in the file; a blank header is
   * named by its letter; samples from the first rows that have one. */
  text = cf_ui_shown_text (fixture.dialog);
  g_assert_nonnull (strstr (text, MISSPELT "\n"));
  g_assert_nonnull (strstr (text, "Column U · e.g. “INTRODUCCIÓN AL DERECHO”\n"));
  g_assert_nonnull (strstr (text, "Observaciones\nColumn Y · e.g. “Revisada”\n"));
  g_assert_nonnull (strstr (text, "Column Z\ne.g. “100”\n"));
  g_assert_nonnull (strstr (text, "Not recognised"));
  g_assert_nonnull (strstr (text, "ID_CARRERA\nColumn F · e.g. “101”\n"));

  /* Every drop-down: "Ignore" and the 25 names; labelled by its row. */
  drop_down = cf_import_mapping_dialog_get_drop_down (dialog, COL_U);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (drop_down)), ==, CF_PLAN_N_COLUMNS + 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 0);
  /* Named by its row and its choice: GTK 4.8 reads no drop-down value. */
  gtk_test_accessible_assert_property (drop_down, GTK_ACCESSIBLE_PROPERTY_LABEL, MISSPELT ": Ignore");
  gtk_test_accessible_assert_property (cf_import_mapping_dialog_get_drop_down (dialog, COL_Z),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Column Z: Ignore");
  g_assert_cmpuint (gtk_drop_down_get_selected (cf_import_mapping_dialog_get_drop_down (dialog, 5)), ==,
                    CF_PLAN_COL_ID_CARRERA + 1);
  screenshot (fixture.dialog, "import-mapping-missing.png");
  pause_to_look ();

  /* The registrar says column U holds the subject's name. */
  choose (&fixture, COL_U, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpint (cf_plan_import_get_mapping (import, COL_U), ==, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  gtk_test_accessible_assert_property (cf_import_mapping_dialog_get_drop_down (dialog, COL_U),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, MISSPELT ": Subject name (NOMBRE_ASIGNATURA)");
  g_assert_true (continue_enabled (&fixture));
  g_assert_null (strstr (cf_import_mapping_dialog_get_status (dialog), "Missing"));
  g_assert_nonnull (strstr (cf_import_mapping_dialog_get_status (dialog), "2 columns of the file are ignored"));
  g_clear_pointer (&text, g_free);
  text = cf_ui_shown_text (fixture.dialog);
  /* Only Observaciones is still unrecognised and ignored. */
  g_assert_nonnull (strstr (text, "Not recognised"));
  g_assert_null (strstr (strstr (text, "Not recognised") + 1, "Not recognised"));
  screenshot (fixture.dialog, "import-mapping-ready.png");

  /* The same value from two columns: off again, both columns named. */
  choose (&fixture, COL_Y, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_false (continue_enabled (&fixture));
  g_assert_nonnull (strstr (cf_import_mapping_dialog_get_status (dialog), "Repeated"));
  g_assert_nonnull (strstr (cf_import_mapping_dialog_get_status (dialog), "NOMBRE_ASIGNATURA (columns U, Y)"));
  g_assert_null (cf_plan_import_build (import, NULL, &error));
  g_assert_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);
  screenshot (fixture.dialog, "import-mapping-repeated.png");

  /* A column moved away from a required one: missing again. */
  choose (&fixture, COL_Y, CF_PLAN_IMPORT_UNMAPPED);
  g_assert_true (continue_enabled (&fixture));
  choose (&fixture, 5, CF_PLAN_IMPORT_UNMAPPED);
  g_assert_false (continue_enabled (&fixture));
  g_assert_nonnull (strstr (cf_import_mapping_dialog_get_status (dialog), "ID_CARRERA"));
  choose (&fixture, 5, CF_PLAN_COL_ID_CARRERA);
  g_assert_true (continue_enabled (&fixture));

  /* "continue": handlers see the import; after it the dialog lets go. */
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), &seen);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_assert_cmpstr (seen.response, ==, "continue");
  g_assert_true (seen.import_seen == import);
  g_assert_null (cf_import_mapping_dialog_get_import (dialog));
  /* The drop-downs no longer write into it. */
  choose (&fixture, COL_Y, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpint (cf_plan_import_get_mapping (import, COL_Y), ==, CF_PLAN_IMPORT_UNMAPPED);

  book = cf_plan_import_build (import, &rejected, &error);
  g_assert_no_error (error);
  g_assert_nonnull (book);
  g_assert_cmpuint (rejected->len, ==, 0);
  rows = cf_plan_book_to_rows (book, FALSE);
  g_assert_cmpuint (rows->len, ==, FIXTURE_N_ROWS);
  for (guint i = 0; i < rows->len; i++)
    found |= g_strcmp0 (((CfPlanRow *) g_ptr_array_index (rows, i))->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA],
                        "DERECHO ROMANO") == 0;
  g_assert_true (found);

  g_free (seen.response);
  fixture_close (&fixture);
}

static void
test_all_known (void)
{
  Fixture fixture = { 0 };
  CfImportMappingDialog *dialog;
  GtkWidget *scroller;
  GtkAdjustment *adjustment;

  fixture_open (&fixture, "NOMBRE_ASIGNATURA", FALSE);
  dialog = CF_IMPORT_MAPPING_DIALOG (fixture.dialog);

  g_assert_true (continue_enabled (&fixture));
  g_assert_cmpstr (cf_import_mapping_dialog_get_status (dialog), ==, "Every required column has its file column.");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Check which column of the file “plan.csv” holds each value; "
                   "columns set to “Ignore” are not imported.");
  for (guint i = 0; i < CF_PLAN_N_SEP_COLUMNS; i++)
    g_assert_cmpuint (gtk_drop_down_get_selected (cf_import_mapping_dialog_get_drop_down (dialog, i)), ==, i + 1);

  /* Cancel is the close response. */
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue"), ==,
                   ADW_RESPONSE_SUGGESTED);
  screenshot (fixture.dialog, "import-mapping-all-known.png");
  /* The longest names (CALIFICACION_MINIMA_APROBATORIA), for people to see
   * that nothing is cut. */
  scroller = cf_ui_find_widget (fixture.dialog, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  screenshot (fixture.dialog, "import-mapping-long-names.png");

  fixture_close (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  /* The test backend keeps the accessible properties to be read back. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/import-mapping/unknown-and-missing", test_unknown_and_missing);
  g_test_add_func ("/ui/import-mapping/all-known", test_all_known);

  return g_test_run ();
}
