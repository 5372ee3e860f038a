/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plans editor in the real window on a real store file: a plan sent to
 * SEP, one cell edited through the cell's own editor, seen yellow (CSS class
 * and accessible description) and in the diff, undone, redone, exported;
 * export refused while an error remains. Screenshots go to
 * $G_TEST_BUILDDIR/render-out/ for people to look at. */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "cf-application.h"
#include "cf-import-mapping-dialog.h"
#include "cf-plan-diff.h"
#include "cf-plan-validate.h"
#include "cf-plan-import.h"
#include "cf-plans-page.h"
#include "cf-ui-test-util.h"
#include "cf-window.h"

#include "../core/test-plan-fixture.h"

typedef struct
{
  char        *dir;
  CfStore     *store;
  GSettings   *settings;
  CfWindow    *window;
  CfPlansPage *page;
} Fixture;

static CfApplication *app;

/* The page on show: its refresh runs in a worker, waited for below. */
static CfPlansPage *current_page;

static void
spin_a_little (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (int i = 0; i < 30; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  while (current_page != NULL && cf_plans_page_get_busy (current_page))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

/* The store is read (and an import saved) in a worker. */
static gboolean
page_is_idle (gpointer data)
{
  return !cf_plans_page_get_busy (CF_PLANS_PAGE (data));
}

typedef struct
{
  CfPlansPage  *page;
  guint         uid;
  CfPlanColumn  column;
} CellQuery;

static gboolean
cell_shown (gpointer data)
{
  CellQuery *query = data;

  return cf_plans_page_get_cell (query->page, query->uid, query->column) != NULL;
}

static GtkWidget *
wait_for_cell (CfPlansPage  *page,
               guint         uid,
               CfPlanColumn  column)
{
  CellQuery query = { page, uid, column };

  cf_ui_spin_until (cell_shown, &query);
  return cf_plans_page_get_cell (page, uid, column);
}

/* What a person does: start editing the cell, type, press Enter. */
static void
edit_cell (GtkWidget  *cell,
           const char *text)
{
  g_assert_true (GTK_IS_EDITABLE_LABEL (cell));
  gtk_editable_label_start_editing (GTK_EDITABLE_LABEL (cell));
  g_assert_true (gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)));
  gtk_editable_set_text (GTK_EDITABLE (cell), text);
  gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell), TRUE);
  spin_a_little ();
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(CfPlanSnapshot) snapshot = NULL;

  fixture->store = fixture_store (&fixture->dir);
  g_assert_true (cf_plan_book_save_to_store (book, fixture->store, &error));
  g_assert_no_error (error);
  bound = cf_plan_book_load (fixture->store, &error);
  g_assert_no_error (error);
  /* "unsent": a registrar who never marked a version as sent. */
  if (g_strcmp0 (data, "unsent") != 0)
    {
      snapshot = cf_plan_mark_sent (fixture->store, bound, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (snapshot);
    }

  fixture->settings = g_settings_new ("io.github.certifica.Certifica");
  {
    /* The window holds the context (and through it the store). */
    g_autoptr(CfContext) context = cf_context_new (fixture->store, fixture->settings);

    fixture->window = g_object_ref (cf_window_new (app, context));
  }
  gtk_window_unmaximize (GTK_WINDOW (fixture->window));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->window);

  cf_window_show_section (fixture->window, "plans");
  fixture->page = CF_PLANS_PAGE (cf_ui_find_widget (GTK_WIDGET (fixture->window), CF_TYPE_PLANS_PAGE));
  g_assert_nonnull (fixture->page);
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->page);
  cf_ui_spin_until (page_is_idle, fixture->page);
  g_assert_nonnull (cf_plans_page_get_book (fixture->page));
  current_page = fixture->page;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  current_page = NULL;

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != GTK_WINDOW (fixture->window))
        gtk_window_destroy (window);
    }
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  spin_a_little ();
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->store);
  g_clear_object (&fixture->settings);

  cf_test_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* ------------------------------------------------------------------ */

static void
test_edit_undo_export (Fixture       *fixture,
                       gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) reloaded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *xlsx = NULL;
  g_autoptr(GFile) file = NULL;
  const CfPlanChange *change;
  CfPlanNode *subject;
  GtkWidget *cell, *entry;
  guint uid;

  /* The first plan is on show, nothing changed since it was sent. */
  subject = fixture_subject (book, "1002");
  uid = cf_plan_node_get_uid (subject);
  g_assert_cmpuint (cf_plans_page_get_plan_uid (page), ==,
                    cf_plan_node_get_uid (cf_plan_node_get_parent (subject)));
  g_assert_cmpuint (cf_plan_diff_get_n_changes (cf_plans_page_get_diff (page)), ==, 0);
  cell = wait_for_cell (page, uid, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "DERECHO ROMANO");
  g_assert_false (gtk_widget_has_css_class (cell, "cf-changed"));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "Plan 2018"));
  g_assert_nonnull (strstr (text, "Changes (0)"));
  g_assert_nonnull (strstr (text, "No problems found"));
  g_clear_pointer (&text, g_free);
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "plans-sent.png");

  /* Edited in the cell: yellow, described, in the diff, in the store. */
  edit_cell (cell, "DERECHO ROMANO I");
  cell = wait_for_cell (page, uid, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (book, "1002"), CF_PLAN_COL_NOMBRE_ASIGNATURA), ==,
                   "DERECHO ROMANO I");
  g_assert_true (gtk_widget_has_css_class (cell, "cf-changed"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Changed since the last version sent to SEP: was “DERECHO ROMANO”");
  /* Only that cell: its neighbours are not painted. */
  g_assert_false (gtk_widget_has_css_class (wait_for_cell (page, uid, CF_PLAN_COL_CLAVE_ASIGNATURA), "cf-changed"));
  g_assert_cmpuint (cf_plan_diff_get_n_changes (cf_plans_page_get_diff (page)), ==, 1);
  change = cf_plan_diff_get_change (cf_plans_page_get_diff (page), 0);
  g_assert_cmpint (change->kind, ==, CF_PLAN_CHANGE_CELL);
  g_assert_cmpint (change->column, ==, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpstr (change->old_value, ==, "DERECHO ROMANO");
  g_assert_cmpstr (change->new_value, ==, "DERECHO ROMANO I");
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "Changes (1)"));
  g_clear_pointer (&text, g_free);
  reloaded = cf_plan_book_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (reloaded, "1002"), CF_PLAN_COL_NOMBRE_ASIGNATURA), ==,
                   "DERECHO ROMANO I");
  g_clear_object (&reloaded);
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "plans-changed.png");

  /* Undo (Ctrl+Z's action): no longer changed, anywhere. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.undo", NULL));
  spin_a_little ();
  cell = wait_for_cell (page, uid, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "DERECHO ROMANO");
  g_assert_false (gtk_widget_has_css_class (cell, "cf-changed"));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_cmpuint (cf_plan_diff_get_n_changes (cf_plans_page_get_diff (page)), ==, 0);
  reloaded = cf_plan_book_load (fixture->store, &error);
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (reloaded, "1002"), CF_PLAN_COL_NOMBRE_ASIGNATURA), ==,
                   "DERECHO ROMANO");
  g_clear_object (&reloaded);

  /* Redo (Ctrl+Shift+Z): yellow again; then export it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.redo", NULL));
  spin_a_little ();
  cell = wait_for_cell (page, uid, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_true (gtk_widget_has_css_class (cell, "cf-changed"));

  xlsx = g_build_filename (fixture->dir, "programa.xlsx", NULL);
  file = g_file_new_for_path (xlsx);
  g_assert_true (cf_plans_page_export_to_file (page, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  /* The other layout: MEC's sheets, read back as such. */
  {
    g_autofree char *mec = g_build_filename (fixture->dir, "programa-mec.xlsx", NULL);
    g_autoptr(GFile) mec_file = g_file_new_for_path (mec);
    g_autoptr(CfPlanImport) import = NULL;

    g_assert_true (cf_plans_page_export_to_file_shaped (page, mec_file, TRUE, &error));
    g_assert_no_error (error);
    import = cf_plan_import_read (mec, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cf_plan_import_get_shape (import), ==, CF_PLAN_IMPORT_SHAPE_MEC);
  }

  /* A new subject: marked "New" and painted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.add-row", NULL));
  spin_a_little ();
  subject = cf_plan_node_get_child (cf_plan_node_get_parent (fixture_subject (book, "1002")), 3);
  g_assert_nonnull (subject);
  cell = wait_for_cell (page, cf_plan_node_get_uid (subject), CF_PLAN_COL_ID_ASIGNATURA);
  /* Proposed: one above every ID_ASIGNATURA in use or ever sent. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "2003");
  edit_cell (cell, "1004");
  cell = wait_for_cell (page, cf_plan_node_get_uid (subject), CF_PLAN_COL_NOMBRE_ASIGNATURA);
  edit_cell (cell, "FILOSOFÍA DEL DERECHO");
  cell = wait_for_cell (page, cf_plan_node_get_uid (subject), CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_true (gtk_widget_has_css_class (cell, "cf-changed"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "New since the last version sent to SEP");
  g_assert_cmpuint (cf_plan_diff_count (cf_plans_page_get_diff (page), CF_PLAN_CHANGE_NEW_ROW), ==, 1);
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "\nNew\n"));
  g_clear_pointer (&text, g_free);
  /* Incomplete and the totals no longer add up: errors listed, export blocked. */
  g_assert_true (cf_finding_list_has_errors (cf_plans_page_get_findings (page)));
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "must be fixed before exporting"));
  g_clear_pointer (&text, g_free);
  g_assert_false (cf_plans_page_export_to_file (page, file, &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_HAS_ERRORS);
  g_clear_error (&error);

  /* The plan's own values are edited in the details: yellow too. */
  gtk_expander_set_expanded (GTK_EXPANDER (cf_ui_find_widget (GTK_WIDGET (page), GTK_TYPE_EXPANDER)), TRUE);
  entry = cf_ui_find_plan_detail (GTK_WIDGET (page), CF_PLAN_COL_TOTAL_ASIGNATURAS);
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "3");
  gtk_editable_set_text (GTK_EDITABLE (entry), "4");
  g_signal_emit_by_name (entry, "activate");
  spin_a_little ();
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_TOTAL_ASIGNATURAS), ==, "4");
  g_assert_true (gtk_widget_has_css_class (entry, "cf-changed"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Changed since the last version sent to SEP: was “3”");
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "plans-new-row-errors.png");

  /* Four undos take the new row away again. */
  for (int i = 0; i < 4; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.undo", NULL));
  spin_a_little ();
  g_assert_cmpuint (cf_plan_diff_count (cf_plans_page_get_diff (page), CF_PLAN_CHANGE_NEW_ROW), ==, 0);
  g_assert_false (cf_finding_list_has_errors (cf_plans_page_get_findings (page)));
}

static void
test_search_and_jump (Fixture       *fixture,
                      gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  CfPlanNode *other = fixture_subject (book, "2002");
  GtkSearchEntry *search = GTK_SEARCH_ENTRY (cf_ui_find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY));
  CellQuery query = { page, 0, CF_PLAN_COL_NOMBRE_ASIGNATURA };

  /* A search leaves only the matching subjects (accents ignored). */
  gtk_editable_set_text (GTK_EDITABLE (search), "teoria");
  spin_a_little ();
  spin_a_little ();
  query.uid = cf_plan_node_get_uid (fixture_subject (book, "1003"));
  cf_ui_spin_until (cell_shown, &query);
  g_assert_null (cf_plans_page_get_cell (page, cf_plan_node_get_uid (fixture_subject (book, "1001")),
                                         CF_PLAN_COL_NOMBRE_ASIGNATURA));
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  spin_a_little ();

  /* Jumping to a subject of another plan shows that plan. */
  cf_plans_page_show_subject (page, cf_plan_node_get_uid (other));
  spin_a_little ();
  g_assert_cmpuint (cf_plans_page_get_plan_uid (page), ==, cf_plan_node_get_uid (cf_plan_node_get_parent (other)));
  query.uid = cf_plan_node_get_uid (other);
  cf_ui_spin_until (cell_shown, &query);

  /* Reorder: move it up, undo. */
  g_assert_cmpuint (cf_plan_node_get_index (other), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.move-up", NULL));
  spin_a_little ();
  g_assert_cmpuint (cf_plan_node_get_index (cf_plan_book_lookup_uid (book, query.uid)), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.undo", NULL));
  spin_a_little ();
  g_assert_cmpuint (cf_plan_node_get_index (cf_plan_book_lookup_uid (book, query.uid)), ==, 1);
}

static AdwMessageDialog *
find_dialog_with (const char *response)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (window), response))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog_with (data) != NULL;
}

static const char *
stored_name (CfStore    *store,
             const char *id)
{
  static char name[256];
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) book = cf_plan_book_load (store, &error);

  g_assert_no_error (error);
  g_strlcpy (name, cf_plan_node_get (fixture_subject (book, id), CF_PLAN_COL_NOMBRE_ASIGNATURA), sizeof name);
  return name;
}

/* Import shows a preview first: nothing is written until it is accepted. */
static void
test_import_preview (Fixture       *fixture,
                     gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  g_autofree char *xlsx = g_build_filename (fixture->dir, "enviado.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (xlsx);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  guint uid;

  g_assert_true (cf_plans_page_export_to_file (page, file, &error));
  g_assert_no_error (error);
  uid = cf_plan_node_get_uid (fixture_subject (cf_plans_page_get_book (page), "1002"));
  edit_cell (wait_for_cell (page, uid, CF_PLAN_COL_NOMBRE_ASIGNATURA), "DERECHO ROMANO II");
  g_assert_cmpstr (stored_name (fixture->store, "1002"), ==, "DERECHO ROMANO II");

  /* Cancelled preview: the store keeps the edit. The preview lists what
   * the import would change, not every row of the file. */
  cf_plans_page_import_file (page, file);
  cf_ui_spin_until (dialog_shown, (gpointer) "import");
  dialog = find_dialog_with ("import");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Import 1 Change?");
  cf_ui_screenshot (GTK_WIDGET (dialog), "plans-import-preview.png");
  g_assert_cmpstr (stored_name (fixture->store, "1002"), ==, "DERECHO ROMANO II");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_a_little ();
  g_assert_null (find_dialog_with ("import"));
  g_assert_cmpstr (stored_name (fixture->store, "1002"), ==, "DERECHO ROMANO II");

  /* Accepted: the file's rows are the working copy, same as sent. */
  cf_plans_page_import_file (page, file);
  cf_ui_spin_until (dialog_shown, (gpointer) "import");
  dialog = find_dialog_with ("import");
  adw_message_dialog_response (dialog, "import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  cf_ui_spin_until (page_is_idle, page);
  g_assert_cmpstr (stored_name (fixture->store, "1002"), ==, "DERECHO ROMANO");
  g_assert_cmpuint (cf_plan_diff_get_n_changes (cf_plans_page_get_diff (page)), ==, 0);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (cf_plans_page_get_book (page)), ==, 5);

  /* The import is one step: undone, the edit is back, in the store too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.undo", NULL));
  spin_a_little ();
  g_assert_cmpstr (stored_name (fixture->store, "1002"), ==, "DERECHO ROMANO II");
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (cf_plans_page_get_book (page), "1002"),
                                     CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "DERECHO ROMANO II");
  g_assert_cmpuint (cf_plan_diff_get_n_changes (cf_plans_page_get_diff (page)), ==, 1);
}

/* A CSV whose headers are partly unknown opens the mapping step; once the
 * registrar says which column is the subject's name, the preview follows
 * and the rows are imported. */
static void
test_import_mapping (Fixture       *fixture,
                     gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  g_autofree char *csv = g_build_filename (fixture->dir, "plan-raro.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  CfImportMappingDialog *mapping;
  guint name_column = G_MAXUINT;

  /* Section 6's headers, but the subject's name under another title, and
   * a column Certifica does not know. */
  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    g_string_append_printf (text, "%s;", c == CF_PLAN_COL_NOMBRE_ASIGNATURA ? "Materia (como en el RVOE)"
                                                                           : cf_plan_column_get_name (c));
  g_string_append (text, "Observaciones\r\n");
  /* One name differs from the store's: the one change to import. */
  for (guint r = 0; r < FIXTURE_N_ROWS; r++)
    {
      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        g_string_append_printf (text, "%s;", r == 1 && c == CF_PLAN_COL_NOMBRE_ASIGNATURA ? "DERECHO ROMANO I"
                                                                                        : fixture_subjects[r][c]);
      g_string_append (text, "ninguna\r\n");
    }
  g_assert_true (g_file_set_contents (csv, text->str, text->len, &error));
  g_assert_no_error (error);

  cf_plans_page_import_file (page, file);
  cf_ui_spin_until (dialog_shown, (gpointer) "continue");
  dialog = find_dialog_with ("continue");
  g_assert_true (CF_IS_IMPORT_MAPPING_DIALOG (dialog));
  mapping = CF_IMPORT_MAPPING_DIALOG (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "continue"));
  g_assert_nonnull (strstr (cf_import_mapping_dialog_get_status (mapping), "NOMBRE_ASIGNATURA"));
  cf_ui_screenshot (GTK_WIDGET (dialog), "plans-import-mapping.png");
  /* Nothing written while the registrar decides. */
  g_assert_cmpstr (stored_name (fixture->store, "1002"), ==, "DERECHO ROMANO");

  for (guint c = 0; c < CF_PLAN_N_COLUMNS + 1; c++)
    if (g_str_equal (cf_plan_import_get_source_header (cf_import_mapping_dialog_get_import (mapping), c),
                     "Materia (como en el RVOE)"))
      name_column = c;
  g_assert_cmpuint (name_column, !=, G_MAXUINT);
  /* Position 0 is "Ignore", then the columns in order. */
  gtk_drop_down_set_selected (cf_import_mapping_dialog_get_drop_down (mapping, name_column),
                              CF_PLAN_COL_NOMBRE_ASIGNATURA + 1);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "continue"));
  adw_message_dialog_response (dialog, "continue");
  gtk_window_destroy (GTK_WINDOW (dialog));

  cf_ui_spin_until (dialog_shown, (gpointer) "import");
  dialog = find_dialog_with ("import");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Import 1 Change?");
  adw_message_dialog_response (dialog, "import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  cf_ui_spin_until (page_is_idle, page);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (cf_plans_page_get_book (page)), ==, 5);
  g_assert_cmpstr (stored_name (fixture->store, "1002"), ==, "DERECHO ROMANO I");
  g_assert_cmpuint (cf_plan_diff_get_n_changes (cf_plans_page_get_diff (page)), ==, 1);

  /* Cancelling the mapping step leaves everything as it was. */
  cf_plans_page_import_file (page, file);
  cf_ui_spin_until (dialog_shown, (gpointer) "continue");
  dialog = find_dialog_with ("continue");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_a_little ();
  g_assert_null (find_dialog_with ("import"));
  g_assert_false (cf_plans_page_get_busy (page));
}

/* MEC's sheets, CARRERAS without a header Certifica knows for ID_CARRERA:
 * the mapping step shows that sheet; once mapped, the same plans (what the
 * sheets lack comes from the working copy). */
static void
test_import_mec_sheet_mapping (Fixture       *fixture,
                               gconstpointer  data)
{
  static const int programs[] = { CF_PLAN_COL_ID_INSTITUCION, CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_ID_ASIGNATURA,
                                  CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_NO_RVOE, CF_PLAN_COL_FECHA_RVOE,
                                  CF_PLAN_COL_CLAVE_PLAN, -1 };
  static const int subjects[] = { CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_ID_ASIGNATURA, CF_PLAN_COL_CLAVE_ASIGNATURA,
                                  CF_PLAN_COL_NOMBRE_ASIGNATURA, -1 };
  static const int careers[] = { CF_PLAN_COL_ID_NIVEL_ESTUDIOS, CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_CLAVE_CARRERA,
                                 CF_PLAN_COL_NOMBRE_CARRERA, -1 };
  static const char * const careers_header[] = { "ID_NIVEL", "NUM CARR", "CLAVE_CARRERA", "DESCRIPCION" };
  static const char * const subjects_header[] = { "ID_CARRERA", "ID_ASIGNATURA", "CLAVE_ASIGNATURA", "DESCRIPCION" };
  CfPlansPage *page = fixture->page;
  g_autofree char *path = g_build_filename (fixture->dir, "mec-raro.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet;
  AdwMessageDialog *dialog;
  CfImportMappingDialog *mapping;
  guint row = 1;

  sheet = workbook_add_worksheet (workbook, "PROGRAMAS DE ESTUDIO");
  for (guint c = 0; programs[c] >= 0; c++)
    worksheet_write_string (sheet, 0, c, cf_plan_column_get_name (programs[c]), NULL);
  for (guint r = 0; r < FIXTURE_N_ROWS; r++)
    for (guint c = 0; programs[c] >= 0; c++)
      worksheet_write_string (sheet, r + 1, c, fixture_subjects[r][programs[c]], NULL);
  sheet = workbook_add_worksheet (workbook, "ASIGNATURAS");
  for (guint c = 0; subjects[c] >= 0; c++)
    worksheet_write_string (sheet, 0, c, subjects_header[c], NULL);
  for (guint r = 0; r < FIXTURE_N_ROWS; r++)
    for (guint c = 0; subjects[c] >= 0; c++)
      worksheet_write_string (sheet, r + 1, c, fixture_subjects[r][subjects[c]], NULL);
  sheet = workbook_add_worksheet (workbook, "CARRERAS");
  for (guint c = 0; careers[c] >= 0; c++)
    worksheet_write_string (sheet, 0, c, careers_header[c], NULL);
  for (guint r = 0; r < FIXTURE_N_ROWS; r++)
    if (r == 0 || !g_str_equal (fixture_subjects[r][CF_PLAN_COL_ID_CARRERA], fixture_subjects[r - 1][CF_PLAN_COL_ID_CARRERA]))
      {
        for (guint c = 0; careers[c] >= 0; c++)
          worksheet_write_string (sheet, row, c, fixture_subjects[r][careers[c]], NULL);
        row++;
      }
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  cf_plans_page_import_file (page, file);
  cf_ui_spin_until (dialog_shown, (gpointer) "continue");
  dialog = find_dialog_with ("continue");
  g_assert_true (CF_IS_IMPORT_MAPPING_DIALOG (dialog));
  mapping = CF_IMPORT_MAPPING_DIALOG (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "its sheet “CARRERAS”, one of MEC's sheets"));
  g_assert_nonnull (strstr (cf_import_mapping_dialog_get_status (mapping), "ID_CARRERA"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "continue"));
  g_assert_cmpstr (cf_plan_import_get_source_header (cf_import_mapping_dialog_get_import (mapping), 1), ==, "NUM CARR");
  /* Position 0 is "Ignore", then the columns in order. */
  gtk_drop_down_set_selected (cf_import_mapping_dialog_get_drop_down (mapping, 1), CF_PLAN_COL_ID_CARRERA + 1);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "continue"));
  adw_message_dialog_response (dialog, "continue");
  gtk_window_destroy (GTK_WINDOW (dialog));

  cf_ui_spin_until (dialog_shown, (gpointer) "import");
  dialog = find_dialog_with ("import");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Nothing to Change");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "• “CARRERAS”: CLAVE_CARRERA, NOMBRE_CARRERA, "
                                                                  "ID_NIVEL_ESTUDIOS."));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_a_little ();
  g_assert_false (cf_plans_page_get_busy (page));
}

static GtkWidget *
find_list_box_in_popover (GtkWidget *widget)
{
  GtkWidget *popover = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      popover = child;
  return popover != NULL ? cf_ui_find_widget (popover, GTK_TYPE_LIST_BOX) : NULL;
}

/* The subject type is chosen from the catalog in the cell's list. */
static void
test_type_cell (Fixture       *fixture,
                gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  guint uid = cf_plan_node_get_uid (fixture_subject (book, "1002"));
  GtkWidget *cell = wait_for_cell (page, uid, CF_PLAN_COL_ID_TIPO_ASIGNATURA);
  GtkWidget *list;
  GtkListBoxRow *row = NULL;
  g_autofree char *label = NULL;

  g_assert_true (GTK_IS_BUTTON (cell));
  label = g_strdup (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (cell)))));
  /* By name, the code after it. */
  g_assert_cmpstr (label, ==, "Obligatoria (263)");

  g_signal_emit_by_name (cell, "clicked");
  spin_a_little ();
  list = find_list_box_in_popover (cell);
  g_assert_nonnull (list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)) != NULL; i++)
    if (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row))), "(264)"))
      break;
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  spin_a_little ();

  g_assert_cmpstr (cf_plan_node_get (fixture_subject (book, "1002"), CF_PLAN_COL_ID_TIPO_ASIGNATURA), ==, "264");
  cell = wait_for_cell (page, uid, CF_PLAN_COL_ID_TIPO_ASIGNATURA);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (cell)))), ==, "Optativa (264)");
  g_assert_true (gtk_widget_has_css_class (cell, "cf-changed"));
  /* A screen reader hears the column and the value, not just "Type". */
  {
    g_autofree char *name = g_strdup_printf ("Type: %s",
                                             gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (cell)))));

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  }
  g_assert_null (find_list_box_in_popover (cell));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.undo", NULL));
  spin_a_little ();
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (book, "1002"), CF_PLAN_COL_ID_TIPO_ASIGNATURA), ==, "263");
}

static guint
count_level (CfPlanBook  *book,
             CfPlanLevel  level)
{
  g_autoptr(GPtrArray) nodes = cf_plan_book_list_level (book, level);

  return nodes->len;
}

/* Picks @code in a details drop-down, as a person would in its list. */
static void
choose_detail (CfPlansPage  *page,
               CfPlanColumn  column,
               const char   *code)
{
  GtkWidget *drop_down = cf_ui_find_plan_detail (GTK_WIDGET (page), column);
  GPtrArray *codes;

  g_assert_true (GTK_IS_DROP_DOWN (drop_down));
  codes = g_object_get_data (G_OBJECT (drop_down), "cf-codes");
  for (guint i = 0; i < codes->len; i++)
    if (g_str_equal (g_ptr_array_index (codes, i), code))
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), i);
        spin_a_little ();
        return;
      }
  g_assert_not_reached ();
}

static void
respond_to (const char *response)
{
  AdwMessageDialog *dialog;

  cf_ui_spin_until (dialog_shown, (gpointer) response);
  dialog = find_dialog_with (response);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_a_little ();
}

/* Careers and plans are added and removed from the side list; catalog
 * values of the plan are chosen from drop-downs. */
static void
test_careers_and_plans (Fixture       *fixture,
                        gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  CfPlanNode *plan, *career;
  GtkWidget *entry;
  g_autofree char *text = NULL;

  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_CAREER), ==, 2);
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 2);
  career = cf_plan_node_get_parent (cf_plan_book_lookup_uid (book, cf_plans_page_get_plan_uid (page)));
  g_assert_cmpstr (cf_plan_node_get (career, CF_PLAN_COL_ID_CARRERA), ==, "101");

  /* A new plan in the career on show, selected, its key typed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.add-plan", NULL));
  spin_a_little ();
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 3);
  plan = cf_plan_book_lookup_uid (book, cf_plans_page_get_plan_uid (page));
  g_assert_true (cf_plan_node_get_parent (plan) == career);
  g_assert_cmpuint (cf_plan_node_get_n_children (plan), ==, 0);
  entry = cf_ui_find_plan_detail (GTK_WIDGET (page), CF_PLAN_COL_CLAVE_PLAN);
  g_assert_true (gtk_widget_get_mapped (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "2024");
  g_signal_emit_by_name (entry, "activate");
  spin_a_little ();
  g_assert_cmpstr (cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN), ==, "2024");
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "Plan 2024"));

  /* Period type and status from their lists. */
  choose_detail (page, CF_PLAN_COL_ID_TIPO_PERIODO, "93");
  g_assert_cmpstr (cf_plan_node_get (plan, CF_PLAN_COL_ID_TIPO_PERIODO), ==, "93");
  choose_detail (page, CF_PLAN_COL_ESTATUS_PLAN, CF_PLAN_STATUS_WITHDRAWN);
  g_assert_false (cf_plan_node_is_current (plan));
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "plans-new-plan.png");

  /* Removed after confirming; undo brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.remove-plan", NULL));
  respond_to ("remove");
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 2);
  /* The key typed for the removed plan never lands on the one now shown. */
  g_assert_cmpstr (cf_plan_node_get (cf_plan_book_lookup_uid (book, cf_plans_page_get_plan_uid (page)),
                                     CF_PLAN_COL_CLAVE_PLAN), ==, "2018");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.undo", NULL));
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 3);
  spin_a_little ();
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 3);

  /* A new career comes with its first plan; removing it takes both. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.add-career", NULL));
  spin_a_little ();
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_CAREER), ==, 3);
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 4);
  plan = cf_plan_book_lookup_uid (book, cf_plans_page_get_plan_uid (page));
  g_assert_true (cf_plan_node_get_parent (plan) != career);
  entry = cf_ui_find_plan_detail (GTK_WIDGET (page), CF_PLAN_COL_ID_CARRERA);
  /* Proposed: the next ID_CARRERA never used. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "103");
  gtk_editable_set_text (GTK_EDITABLE (entry), "104");
  g_signal_emit_by_name (entry, "activate");
  spin_a_little ();
  choose_detail (page, CF_PLAN_COL_ID_NIVEL_ESTUDIOS, "81");
  g_assert_cmpstr (cf_plan_node_get (plan, CF_PLAN_COL_ID_CARRERA), ==, "104");
  g_assert_cmpstr (cf_plan_node_get (plan, CF_PLAN_COL_ID_NIVEL_ESTUDIOS), ==, "81");
  /* Its only plan: removing the plan removes the career. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.remove-plan", NULL));
  respond_to ("remove");
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_CAREER), ==, 2);
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 3);

  /* Cancelling leaves the career. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.remove-career", NULL));
  respond_to ("cancel");
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_CAREER), ==, 2);

  /* All of it reached the store. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CfPlanBook) stored = cf_plan_book_load (fixture->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (count_level (stored, CF_PLAN_LEVEL_PLAN), ==, 3);
    g_assert_cmpuint (count_level (stored, CF_PLAN_LEVEL_CAREER), ==, 2);
  }
}

static guint
n_shown_subjects (CfPlansPage *page)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (cf_ui_find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

static guint
n_list_rows (GtkWidget *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n) != NULL)
    n++;
  return n;
}

/* "Show" filters the table to changed rows or rows with problems; the
 * changes and problems lists stop at 200 rows and say how many more. */
static void
test_show_filter_and_long_lists (Fixture       *fixture,
                                 gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  GtkDropDown *show = GTK_DROP_DOWN (cf_ui_find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN));
  CfPlanNode *plan = cf_plan_node_get_parent (fixture_subject (book, "1002"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *changes_list, *findings_list;

  g_assert_nonnull (show);
  g_assert_cmpuint (n_shown_subjects (page), ==, 3);
  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, "1002"), CF_PLAN_COL_NOMBRE_ASIGNATURA,
                                         "DERECHO ROMANO I", &error));
  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, "1003"), CF_PLAN_COL_CREDITOS, "", &error));
  spin_a_little ();

  gtk_drop_down_set_selected (show, 1);   /* Changed since sent */
  spin_a_little ();
  g_assert_cmpuint (n_shown_subjects (page), ==, 2);

  /* A problem takes the registrar to its cell, out of a filter that hid it. */
  {
    GtkWidget *findings = NULL;
    GtkListBoxRow *problem = NULL;
    GtkWidget *focus, *cell;
    guint uid = cf_plan_node_get_uid (fixture_subject (book, "1003"));
    GPtrArray *stack = g_ptr_array_new ();

    gtk_drop_down_set_selected (show, 0);
    spin_a_little ();
    g_ptr_array_add (stack, page);
    while (stack->len > 0 && findings == NULL)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_LIST_BOX (w) && gtk_widget_get_mapped (w) &&
            gtk_list_box_get_selection_mode (GTK_LIST_BOX (w)) != GTK_SELECTION_BROWSE &&
            gtk_list_box_get_row_at_index (GTK_LIST_BOX (w), 0) != NULL)
          findings = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
    g_ptr_array_unref (stack);
    g_assert_nonnull (findings);
    for (int i = 0; (problem = gtk_list_box_get_row_at_index (GTK_LIST_BOX (findings), i)) != NULL; i++)
      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (problem), "cf-uid")) == uid)
        break;
    g_assert_nonnull (problem);
    g_signal_emit_by_name (findings, "row-activated", problem);
    spin_a_little ();
    cell = cf_plans_page_get_cell (page, uid, CF_PLAN_COL_CREDITOS);
    g_assert_nonnull (cell);
    focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (page)));
    g_assert_nonnull (focus);
    g_assert_true (focus == cell || gtk_widget_is_ancestor (focus, cell));

    /* A row the filter hides: the filter gives way. */
    gtk_drop_down_set_selected (show, 2);   /* With problems */
    spin_a_little ();
    uid = cf_plan_node_get_uid (fixture_subject (book, "1001"));
    cf_plans_page_show_cell (page, uid, CF_PLAN_COL_CLAVE_ASIGNATURA);
    spin_a_little ();
    g_assert_cmpuint (gtk_drop_down_get_selected (show), ==, 0);
    cell = cf_plans_page_get_cell (page, uid, CF_PLAN_COL_CLAVE_ASIGNATURA);
    focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (page)));
    g_assert_nonnull (cell);
    g_assert_true (focus == cell || gtk_widget_is_ancestor (focus, cell));

    /* A plan value goes to its entry in the details. */
    cf_plans_page_show_cell (page, uid, CF_PLAN_COL_TOTAL_CREDITOS);
    spin_a_little ();
    focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (page)));
    g_assert_true (focus == cf_ui_find_plan_detail (GTK_WIDGET (page), CF_PLAN_COL_TOTAL_CREDITOS) ||
                   gtk_widget_is_ancestor (focus, cf_ui_find_plan_detail (GTK_WIDGET (page), CF_PLAN_COL_TOTAL_CREDITOS)));
    gtk_drop_down_set_selected (show, 1);
    spin_a_little ();
  }
  gtk_drop_down_set_selected (show, 2);   /* With problems */
  spin_a_little ();
  g_assert_cmpuint (n_shown_subjects (page), ==, 1);
  /* Fixing the problem takes the row out of the filtered table. */
  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, "1003"), CF_PLAN_COL_CREDITOS, "8", &error));
  spin_a_little ();
  g_assert_cmpuint (n_shown_subjects (page), ==, 0);
  gtk_drop_down_set_selected (show, 0);
  spin_a_little ();
  g_assert_cmpuint (n_shown_subjects (page), ==, 3);

  /* 250 new rows: 250+ changes and more problems than the lists show. */
  for (guint i = 0; i < 250; i++)
    g_assert_nonnull (cf_plan_book_insert (book, plan, -1, &error));
  spin_a_little ();
  g_assert_cmpuint (cf_plan_diff_get_n_changes (cf_plans_page_get_diff (page)), >, 250);
  g_assert_cmpuint (cf_plans_page_get_findings (page)->len, >, 250);
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "…and "));
  /* The changes popover's list and the problems list: 200 rows + "…and N more". */
  {
    GtkWidget *lists[2] = { NULL, NULL };
    guint found = 0;
    GPtrArray *stack = g_ptr_array_new ();

    g_ptr_array_add (stack, page);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_LIST_BOX (w) && n_list_rows (w) == 201 && found < 2)
          lists[found++] = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
        if (GTK_IS_MENU_BUTTON (w) && gtk_menu_button_get_popover (GTK_MENU_BUTTON (w)) != NULL)
          g_ptr_array_add (stack, gtk_menu_button_get_popover (GTK_MENU_BUTTON (w)));
      }
    g_ptr_array_unref (stack);
    g_assert_cmpuint (found, ==, 2);
    changes_list = lists[0];
    findings_list = lists[1];
  }
  g_assert_nonnull (changes_list);
  g_assert_nonnull (findings_list);
}

/* Another plan shown in the middle of typing: the rows are reused for the
 * other plan's subjects, and what was typed goes to the subject it was
 * typed on, never to the one now on that row. */
static void
test_switch_plan_while_editing (Fixture       *fixture,
                                gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  CfPlanNode *derecho = fixture_subject (book, "1002");
  CfPlanNode *psicologia = fixture_subject (book, "2002");
  GtkWidget *cell = wait_for_cell (page, cf_plan_node_get_uid (derecho), CF_PLAN_COL_NOMBRE_ASIGNATURA);

  gtk_editable_label_start_editing (GTK_EDITABLE_LABEL (cell));
  gtk_editable_set_text (GTK_EDITABLE (cell), "DERECHO ROMANO I");
  cf_plans_page_show_subject (page, cf_plan_node_get_uid (psicologia));
  spin_a_little ();

  g_assert_cmpuint (cf_plans_page_get_plan_uid (page), ==, cf_plan_node_get_uid (cf_plan_node_get_parent (psicologia)));
  g_assert_cmpstr (cf_plan_node_get (derecho, CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "DERECHO ROMANO I");
  g_assert_cmpstr (cf_plan_node_get (psicologia, CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "PSICOLOGÍA GENERAL");
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (book, "2001"), CF_PLAN_COL_NOMBRE_ASIGNATURA), ==,
                   "BASES BIOLÓGICAS");
  /* The rows show the other plan's subjects, with their own values. */
  cell = wait_for_cell (page, cf_plan_node_get_uid (psicologia), CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "PSICOLOGÍA GENERAL");
  g_assert_false (gtk_widget_has_css_class (cell, "cf-changed"));
  g_assert_null (cf_plans_page_get_cell (page, cf_plan_node_get_uid (derecho), CF_PLAN_COL_NOMBRE_ASIGNATURA));

  /* And back: the edit shows, yellow. */
  cf_plans_page_show_subject (page, cf_plan_node_get_uid (derecho));
  spin_a_little ();
  cell = wait_for_cell (page, cf_plan_node_get_uid (derecho), CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "DERECHO ROMANO I");
  g_assert_true (gtk_widget_has_css_class (cell, "cf-changed"));
}

/* Another desk (or the CLI) changes the plans while the page is open: the
 * change appears within two seconds, and an edit of a value the other desk
 * changed meanwhile is refused, says so, and shows the other desk's value. */
typedef struct
{
  CfPlansPage *page;
  const char  *id;
  CfPlanColumn column;
  const char  *value;
} ValueQuery;

static CfPlanNode *
page_subject (CfPlansPage *page,
              const char  *id)
{
  return fixture_subject (cf_plans_page_get_book (page), id);
}

static gboolean
page_shows_value (gpointer data)
{
  ValueQuery *query = data;
  GtkWidget *cell;
  CfPlanNode *subject;

  if (cf_plans_page_get_busy (query->page))
    return FALSE;
  subject = page_subject (query->page, query->id);
  if (g_strcmp0 (cf_plan_node_get (subject, query->column), query->value) != 0)
    return FALSE;
  cell = cf_plans_page_get_cell (query->page, cf_plan_node_get_uid (subject), query->column);
  return cell != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (cell)), query->value) == 0;
}

static void
test_another_desk (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CfStore) desk = NULL;
  g_autoptr(CfPlanBook) theirs = NULL;
  g_autoptr(GError) error = NULL;
  ValueQuery query = { fixture->page, "1002", CF_PLAN_COL_NOMBRE_ASIGNATURA, "CÁLCULO AVANZADO" };
  CfPlanNode *subject;
  GtkWidget *cell;
  gint64 start;

  cf_plans_page_show_subject (fixture->page, cf_plan_node_get_uid (page_subject (fixture->page, "1002")));
  spin_a_little ();

  /* The other desk: its own store object and connection. */
  desk = cf_store_open (cf_store_get_location (fixture->store), &error);
  g_assert_no_error (error);
  theirs = cf_plan_book_load (desk, &error);
  g_assert_no_error (error);
  g_assert_true (cf_plan_book_set_value (theirs, fixture_subject (theirs, "1002"),
                                         CF_PLAN_COL_NOMBRE_ASIGNATURA, "CÁLCULO AVANZADO", &error));
  g_assert_no_error (error);

  /* The window watches the store as the application does. */
  start = g_get_monotonic_time ();
  cf_store_watch_changes (fixture->store, 500);
  cf_ui_spin_until (page_shows_value, &query);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  /* Now the other desk changes the credits, and before the page hears of
   * it (the watch stops), the registrar types other credits. */
  cf_store_watch_changes (fixture->store, 60 * 1000);
  g_assert_true (cf_plan_book_set_value (theirs, fixture_subject (theirs, "1002"),
                                         CF_PLAN_COL_CREDITOS, "12", &error));
  g_assert_no_error (error);
  subject = page_subject (fixture->page, "1002");
  cell = wait_for_cell (fixture->page, cf_plan_node_get_uid (subject), CF_PLAN_COL_CREDITOS);
  edit_cell (cell, "3");

  /* Refused, and the page reads the store again: the other desk's 12. */
  query.column = CF_PLAN_COL_CREDITOS;
  query.value = "12";
  cf_ui_spin_until (page_shows_value, &query);
  g_clear_object (&theirs);
  theirs = cf_plan_book_load (desk, &error);
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (theirs, "1002"), CF_PLAN_COL_CREDITOS), ==, "12");
  /* Nothing to undo: the refused edit never happened. */
  g_assert_false (cf_plan_book_can_undo (cf_plans_page_get_book (fixture->page)));
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_with (GtkWidget  *widget,
                 const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The side list: the list box whose rows are the book's plans. */
static GtkListBox *
find_plan_list (GtkWidget  *widget,
                CfPlanBook *book)
{
  if (GTK_IS_LIST_BOX (widget))
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), 0);
      CfPlanNode *node = row != NULL ? cf_plan_book_lookup_uid (book, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-uid"))) : NULL;

      if (node != NULL && cf_plan_node_get_level (node) == CF_PLAN_LEVEL_PLAN)
        return GTK_LIST_BOX (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListBox *found = find_plan_list (child, book);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
n_list_box_rows (GtkWidget *widget)
{
  GtkWidget *list = cf_ui_find_widget (widget, GTK_TYPE_LIST_BOX);
  guint n = 0;

  g_assert_nonnull (list);
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n) != NULL)
    n++;
  return n;
}

/* One plan-level edit is one change, in the "Changes (N)" button and in
 * the re-import's confirmation, which lists only what the file changes:
 * old → new, once per plan value. */
static void
test_plan_value_counts_once (Fixture       *fixture,
                             gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  g_autofree char *xlsx = g_build_filename (fixture->dir, "enviado.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (xlsx);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *listed = NULL;
  AdwMessageDialog *dialog;
  guint uid;

  g_assert_true (cf_plans_page_export_to_file (page, file, &error));
  g_assert_no_error (error);

  /* Two real edits: the plan's TOTAL_CREDITOS (shown on its 3 rows) and
   * one subject's name. */
  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, "1001"), CF_PLAN_COL_TOTAL_CREDITOS, "26", &error));
  g_assert_no_error (error);
  uid = cf_plan_node_get_uid (fixture_subject (book, "1002"));
  edit_cell (wait_for_cell (page, uid, CF_PLAN_COL_NOMBRE_ASIGNATURA), "DERECHO ROMANO II");
  spin_a_little ();
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "Changes (2)"));
  g_assert_cmpuint (cf_plan_diff_count (cf_plans_page_get_diff (page), CF_PLAN_CHANGE_CELL), ==, 2);

  /* Re-importing what was sent: two changes to confirm, each once. */
  cf_plans_page_import_file (page, file);
  cf_ui_spin_until (dialog_shown, (gpointer) "import");
  dialog = find_dialog_with ("import");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Import 2 Changes?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2 changed values"));
  g_assert_cmpuint (n_list_box_rows (GTK_WIDGET (dialog)), ==, 2);
  listed = cf_ui_shown_text (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (listed, "Total credits: “26” → “24”"));
  g_assert_nonnull (strstr (listed, "Career 101, plan 2018\n"));
  g_assert_nonnull (strstr (listed, "“DERECHO ROMANO II” → “DERECHO ROMANO”"));
  cf_ui_screenshot (GTK_WIDGET (dialog), "plans-reimport-changes.png");
  adw_message_dialog_response (dialog, "import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_a_little ();
  g_clear_pointer (&text, g_free);
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "Changes (0)"));

  /* The same file again: nothing to change, nothing to accept. */
  cf_plans_page_import_file (page, file);
  cf_ui_spin_until (dialog_shown, (gpointer) "import");
  dialog = find_dialog_with ("import");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Nothing to Change");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "import"));
  /* The preview says which shape it found. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "One sheet with a row per subject: “Programa de Estudios”, header on row 1."));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_a_little ();

  /* The same plans as MEC's sheets: the same, and where each column came from. */
  {
    g_autofree char *mec = g_build_filename (fixture->dir, "programa-mec.xlsx", NULL);
    g_autoptr(GFile) mec_file = g_file_new_for_path (mec);

    g_assert_true (cf_plans_page_export_to_file_shaped (page, mec_file, TRUE, &error));
    g_assert_no_error (error);
    cf_plans_page_import_file (page, mec_file);
    cf_ui_spin_until (dialog_shown, (gpointer) "import");
    dialog = find_dialog_with ("import");
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Nothing to Change");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "MEC's sheets, joined by their keys:"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                              "• “ASIGNATURAS”: CLAVE_ASIGNATURA, NOMBRE_ASIGNATURA."));
    adw_message_dialog_response (dialog, "cancel");
    gtk_window_destroy (GTK_WINDOW (dialog));
    spin_a_little ();
  }

  /* Undo brings both edits back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.undo", NULL));
  spin_a_little ();
  g_clear_pointer (&text, g_free);
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "Changes (2)"));
  g_assert_cmpstr (stored_name (fixture->store, "1002"), ==, "DERECHO ROMANO II");
}

/* Nothing ever marked as sent: said plainly beside the table and in the
 * changes popover, within the window. */
static void
test_unsent_note (Fixture       *fixture,
                  gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  const char *note = "No version has been sent to SEP yet: changes will be marked from the first one sent.";
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *button, *popover, *label;
  graphene_rect_t bounds;
  PangoLayout *layout;

  g_assert_false (cf_plan_diff_has_base (cf_plans_page_get_diff (page)));
  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, "1002"), CF_PLAN_COL_NOMBRE_ASIGNATURA,
                                         "DERECHO ROMANO II", &error));
  spin_a_little ();
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, note));
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "plans-unsent.png");

  /* The popover says it too, wrapped within the window. */
  button = cf_ui_find_widget (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON);
  while (button != NULL && !g_str_has_prefix (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)) != NULL
                                              ? gtk_menu_button_get_label (GTK_MENU_BUTTON (button)) : "", "Changes"))
    button = gtk_widget_get_next_sibling (button);
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  cf_ui_spin_until (cf_ui_widget_is_mapped, popover);
  spin_a_little ();
  g_clear_pointer (&text, g_free);
  text = cf_ui_shown_text (popover);
  g_assert_nonnull (strstr (text, note));
  /* The note wraps: no line of it is wider than the popover's box. */
  label = find_label_with (popover, note);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_compute_bounds (label, popover, &bounds));
  g_test_message ("popover %d px wide, its note %g px at %g", gtk_widget_get_width (popover),
                  bounds.size.width, bounds.origin.x);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (popover));
  g_assert_cmpint (gtk_widget_get_width (popover), <=, 600);
  g_assert_cmpint (gtk_widget_get_width (popover), <, gtk_widget_get_width (GTK_WIDGET (fixture->window)));
  layout = gtk_label_get_layout (GTK_LABEL (label));
  g_assert_cmpint (pango_layout_get_line_count (layout), >, 1);
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "plans-unsent-popover.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  /* Once a version is sent, the note goes. */
  g_assert_true (cf_plans_page_mark_sent (page, &error));
  g_assert_no_error (error);
  spin_a_little ();
  g_clear_pointer (&text, g_free);
  text = cf_ui_shown_text (GTK_WIDGET (page));
  g_assert_null (strstr (text, note));
}

/* "Nueva carrera" makes a career and its first plan: one Ctrl+Z takes
 * both, leaving no career behind that the side list would not show, and
 * whose errors would block the export. */
static void
test_new_career_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) stored = NULL;
  GtkWidget *list;
  guint n_rows = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.add-career", NULL));
  spin_a_little ();
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_CAREER), ==, 3);
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 3);
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "plans-new-career.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.undo", NULL));
  spin_a_little ();
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_CAREER), ==, 2);
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 2);
  g_assert_false (cf_plan_book_can_undo (book));
  stored = cf_plan_book_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_level (stored, CF_PLAN_LEVEL_CAREER), ==, 2);
  g_assert_cmpuint (count_level (stored, CF_PLAN_LEVEL_PLAN), ==, 2);

  /* The side list shows the two plans, a plan is on show, and nothing
   * blocks the export. */
  list = GTK_WIDGET (find_plan_list (GTK_WIDGET (page), book));
  g_assert_nonnull (list);
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_nonnull (cf_plan_book_lookup_uid (book, cf_plans_page_get_plan_uid (page)));
  g_assert_cmpuint (cf_finding_list_has_errors (cf_plans_page_get_findings (page)), ==, FALSE);
  g_assert_true (gtk_widget_is_sensitive (find_button_labelled (GTK_WIDGET (page), "_Export…")));
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "plans-new-career-undone.png");

  /* Redo brings both back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.redo", NULL));
  spin_a_little ();
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_CAREER), ==, 3);
  g_assert_cmpuint (count_level (book, CF_PLAN_LEVEL_PLAN), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  int status;

  /* The test backend keeps the accessible properties to be read back. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  dir = cf_test_mkdtemp ();
  store_path = g_build_filename (dir, "app.db", NULL);
  g_setenv ("CERTIFICA_STORE", store_path, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = cf_ui_app_new ();

  g_test_add ("/ui/plans/edit-undo-export", Fixture, NULL, fixture_setup, test_edit_undo_export, fixture_teardown);
  g_test_add ("/ui/plans/import-preview", Fixture, NULL, fixture_setup, test_import_preview, fixture_teardown);
  g_test_add ("/ui/plans/import-mapping", Fixture, NULL, fixture_setup, test_import_mapping, fixture_teardown);
  g_test_add ("/ui/plans/import-mec-sheet-mapping", Fixture, NULL, fixture_setup, test_import_mec_sheet_mapping,
              fixture_teardown);
  g_test_add ("/ui/plans/careers-and-plans", Fixture, NULL, fixture_setup, test_careers_and_plans, fixture_teardown);
  g_test_add ("/ui/plans/show-filter-and-long-lists", Fixture, NULL, fixture_setup, test_show_filter_and_long_lists, fixture_teardown);
  g_test_add ("/ui/plans/switch-plan-while-editing", Fixture, NULL, fixture_setup, test_switch_plan_while_editing, fixture_teardown);
  g_test_add ("/ui/plans/type-cell", Fixture, NULL, fixture_setup, test_type_cell, fixture_teardown);
  g_test_add ("/ui/plans/search-and-jump", Fixture, NULL, fixture_setup, test_search_and_jump, fixture_teardown);
  g_test_add ("/ui/plans/another-desk", Fixture, NULL, fixture_setup, test_another_desk, fixture_teardown);
  g_test_add ("/ui/plans/plan-value-counts-once", Fixture, NULL, fixture_setup, test_plan_value_counts_once, fixture_teardown);
  g_test_add ("/ui/plans/unsent-note", Fixture, "unsent", fixture_setup, test_unsent_note, fixture_teardown);
  g_test_add ("/ui/plans/new-career-undo", Fixture, NULL, fixture_setup, test_new_career_undo, fixture_teardown);

  status = g_test_run ();

  g_clear_object (&app);
  cf_test_rmdir (dir);
  return status;
}
