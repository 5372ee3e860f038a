/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Undo of compound edits on a bound book, on both engines: a new career
 * (campus, career and plan made together) is one step and undoing it leaves
 * nothing in the store; an import is one step that writes only what differs,
 * and undoing it brings back the edits it replaced, in the store too. */

#include "config.h"

#include <string.h>

#include "cf-plan-diff.h"
#include "cf-store.h"
#include "cf-test-util.h"
#include "test-plan-fixture.h"

typedef CfTestEngine Fixture;


/* What the store holds, read by a fresh book: all rows, withdrawn too. */
static GPtrArray *
stored_rows (CfStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) book = cf_plan_book_load (store, &error);

  g_assert_no_error (error);
  return cf_plan_book_to_rows (book, FALSE);
}

static guint
stored_count (CfStore     *store,
              CfPlanLevel  level)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) book = cf_plan_book_load (store, &error);
  g_autoptr(GPtrArray) nodes = NULL;

  g_assert_no_error (error);
  nodes = cf_plan_book_list_level (book, level);
  return nodes->len;
}

static void
assert_rows_equal (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
      g_assert_cmpstr (((CfPlanRow *) g_ptr_array_index (a, i))->cells[c], ==,
                       ((CfPlanRow *) g_ptr_array_index (b, i))->cells[c]);
}

/* "Nueva carrera" as the plans page does it: a career with a new ID and
 * its first plan, in one group. */
static CfPlanNode *
add_career (CfPlanBook *book,
            CfPlanNode *campus)
{
  g_autoptr(GError) error = NULL;
  CfPlanNode *career, *plan;

  cf_plan_book_begin_group (book);
  career = cf_plan_book_insert_with_id (book, campus, -1, "103", &error);
  g_assert_no_error (error);
  plan = cf_plan_book_insert (book, career, -1, &error);
  g_assert_no_error (error);
  cf_plan_book_end_group (book);
  return plan;
}

static void
test_new_career_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) fixture = fixture_book ();
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *campus;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  g_assert_true (cf_plan_book_save_to_store (fixture, store, &error));
  book = cf_plan_book_load (store, &error);
  g_assert_no_error (error);
  before = stored_rows (store);
  g_assert_false (cf_plan_book_can_undo (book));

  campus = cf_plan_node_get_child (cf_plan_book_get_institution (book), 0);
  add_career (book, campus);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_CAREER), ==, 3);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_PLAN), ==, 3);

  /* One Ctrl+Z takes the career and its plan: nothing is left behind. */
  g_assert_true (cf_plan_book_undo (book, &error));
  g_assert_no_error (error);
  g_assert_false (cf_plan_book_can_undo (book));
  g_assert_cmpuint (cf_plan_node_get_n_children (campus), ==, 2);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_CAREER), ==, 2);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_PLAN), ==, 2);
  after = stored_rows (store);
  assert_rows_equal (after, before);

  /* Redo brings both back, and undo takes both again. */
  g_assert_true (cf_plan_book_redo (book, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_CAREER), ==, 3);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_PLAN), ==, 3);
  g_assert_true (cf_plan_book_undo (book, &error));
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_CAREER), ==, 2);
}

/* An empty store: the campus made for the first career goes too. */
static void
test_first_career_undo (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *campus;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  book = cf_plan_book_load (store, &error);
  g_assert_no_error (error);

  cf_plan_book_begin_group (book);
  campus = cf_plan_book_insert (book, cf_plan_book_get_institution (book), -1, &error);
  g_assert_no_error (error);
  add_career (book, campus);   /* a group inside the group */
  cf_plan_book_end_group (book);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_CAMPUS), ==, 1);

  g_assert_true (cf_plan_book_undo (book, &error));
  g_assert_no_error (error);
  g_assert_false (cf_plan_book_can_undo (book));
  g_assert_cmpuint (cf_plan_node_get_n_children (cf_plan_book_get_institution (book)), ==, 0);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_CAMPUS), ==, 0);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_CAREER), ==, 0);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_PLAN), ==, 0);
}

/* The file: plan 2018's TOTAL_CREDITOS changed, subject 1004 added,
 * 2002 gone, subject 1003 before 1002. */
static CfPlanBook *
changed_file (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  CfPlanRow *added = cf_plan_row_copy (g_ptr_array_index (rows, 2));
  CfPlanBook *book;

  for (guint i = 0; i < 3; i++)
    cf_plan_row_set (g_ptr_array_index (rows, i), CF_PLAN_COL_TOTAL_CREDITOS, "26");
  cf_plan_row_set (added, CF_PLAN_COL_TOTAL_CREDITOS, "26");
  cf_plan_row_set (added, CF_PLAN_COL_ID_ASIGNATURA, "1004");
  cf_plan_row_set (added, CF_PLAN_COL_NOMBRE_ASIGNATURA, "DERECHO CIVIL");
  g_ptr_array_insert (rows, 3, added);
  g_ptr_array_remove_index (rows, 5);   /* 2002 */
  /* 1003 before 1002. */
  g_ptr_array_insert (rows, 1, g_ptr_array_steal_index (rows, 2));

  book = cf_plan_book_new_from_rows (rows, rejected);
  g_assert_cmpuint (rejected->len, ==, 0);
  return book;
}

static void
test_import_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) fixture = fixture_book ();
  g_autoptr(CfPlanBook) file = changed_file ();
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfPlanDiff) changes = NULL;
  g_autoptr(GPtrArray) edited = NULL;
  g_autoptr(GPtrArray) file_rows = NULL;
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *subject;
  guint kept_uid;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  g_assert_true (cf_plan_book_save_to_store (fixture, store, &error));
  book = cf_plan_book_load (store, &error);
  g_assert_no_error (error);

  /* The registrar's edit, which the file does not have. */
  subject = fixture_subject (book, "1002");
  kept_uid = cf_plan_node_get_uid (subject);
  g_assert_true (cf_plan_book_set_value (book, subject, CF_PLAN_COL_CREDITOS, "10", &error));
  edited = stored_rows (store);

  /* What the confirmation lists: one new row, the plan's TOTAL_CREDITOS
   * once (not once per row), the edit the file reverts, one removed row. */
  changes = cf_plan_diff_new_between (book, file);
  g_assert_cmpuint (cf_plan_diff_count (changes, CF_PLAN_CHANGE_NEW_ROW), ==, 1);
  g_assert_cmpuint (cf_plan_diff_count (changes, CF_PLAN_CHANGE_CELL), ==, 2);
  g_assert_cmpuint (cf_plan_diff_count (changes, CF_PLAN_CHANGE_REMOVED_ROW), ==, 1);
  for (guint i = 0; i < cf_plan_diff_get_n_changes (changes); i++)
    {
      const CfPlanChange *change = cf_plan_diff_get_change (changes, i);

      if (change->kind == CF_PLAN_CHANGE_CELL && change->column == CF_PLAN_COL_TOTAL_CREDITOS)
        {
          g_assert_cmpstr (change->old_value, ==, "24");
          g_assert_cmpstr (change->new_value, ==, "26");
        }
      else if (change->kind == CF_PLAN_CHANGE_CELL)
        {
          g_assert_cmpint (change->column, ==, CF_PLAN_COL_CREDITOS);
          g_assert_cmpstr (change->old_value, ==, "10");
          g_assert_cmpstr (change->new_value, ==, "8");
        }
    }

  /* The import: the store holds the file, and the subjects it kept are
   * the same nodes (the page keeps its place). */
  g_assert_true (cf_plan_book_import (book, file, &error));
  g_assert_no_error (error);
  file_rows = cf_plan_book_to_rows (file, FALSE);
  now = stored_rows (store);
  assert_rows_equal (now, file_rows);
  g_clear_pointer (&now, g_ptr_array_unref);
  now = cf_plan_book_to_rows (book, FALSE);
  assert_rows_equal (now, file_rows);
  g_clear_pointer (&now, g_ptr_array_unref);
  g_assert_true (cf_plan_book_lookup_uid (book, kept_uid) == subject);

  /* Importing the same file again changes nothing and adds no step. */
  g_clear_pointer (&changes, cf_plan_diff_unref);
  changes = cf_plan_diff_new_between (book, file);
  g_assert_cmpuint (cf_plan_diff_get_n_changes (changes), ==, 0);

  /* One undo: the edit is back, in the book and in the store. */
  g_assert_true (cf_plan_book_undo (book, &error));
  g_assert_no_error (error);
  now = stored_rows (store);
  assert_rows_equal (now, edited);
  g_clear_pointer (&now, g_ptr_array_unref);
  now = cf_plan_book_to_rows (book, FALSE);
  assert_rows_equal (now, edited);
  g_clear_pointer (&now, g_ptr_array_unref);
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (book, "1002"), CF_PLAN_COL_CREDITOS), ==, "10");

  /* Redo imports again; two undos reach the edit's own undo. */
  g_assert_true (cf_plan_book_redo (book, &error));
  g_assert_no_error (error);
  now = stored_rows (store);
  assert_rows_equal (now, file_rows);
  g_clear_pointer (&now, g_ptr_array_unref);
  g_assert_true (cf_plan_book_undo (book, &error));
  g_assert_true (cf_plan_book_undo (book, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (book, "1002"), CF_PLAN_COL_CREDITOS), ==, "8");
  g_assert_false (cf_plan_book_can_undo (book));
}

/* A first import into an empty store, undone: the store is empty again. */
static void
test_first_import_undo (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) fixture = fixture_book ();
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GError) error = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  book = cf_plan_book_load (store, &error);
  g_assert_no_error (error);

  g_assert_true (cf_plan_book_import (book, fixture, &error));
  g_assert_no_error (error);
  rows = cf_plan_book_to_rows (fixture, FALSE);
  now = stored_rows (store);
  assert_rows_equal (now, rows);

  g_assert_true (cf_plan_book_undo (book, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_SUBJECT), ==, 0);
  g_assert_cmpuint (stored_count (store, CF_PLAN_LEVEL_CAMPUS), ==, 0);
}

/* The store refuses part of an import: the book and the store stay as
 * they were, and no step is left to undo. */
static void
test_refused_import (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) other = NULL;
  g_autoptr(CfPlanBook) fixture = fixture_book ();
  g_autoptr(CfPlanBook) file = changed_file ();
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfPlanBook) theirs = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GError) error = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  g_assert_true (cf_plan_book_save_to_store (fixture, store, &error));
  book = cf_plan_book_load (store, &error);
  g_assert_no_error (error);

  /* Another desk removes subject 2002 meanwhile: removing it again is a
   * conflict, met after the import's first edits were written. */
  other = cf_test_store_open (f->location);
  theirs = cf_plan_book_load (other, &error);
  g_assert_no_error (error);
  g_assert_true (cf_plan_book_remove (theirs, fixture_subject (theirs, "2002"), &error));
  before = stored_rows (store);

  g_assert_false (cf_plan_book_import (book, file, &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT);
  g_assert_false (cf_plan_book_can_undo (book));
  now = stored_rows (store);
  assert_rows_equal (now, before);
  g_clear_pointer (&now, g_ptr_array_unref);
  now = cf_plan_book_to_rows (book, FALSE);
  g_assert_cmpuint (now->len, ==, FIXTURE_N_ROWS);
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (book, "1001"), CF_PLAN_COL_TOTAL_CREDITOS), ==, "24");
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);

#define ADD(engine, name, func) CF_TEST_ADD_ENGINE_CASE ("plan-undo", engine, name, func)

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      ADD (engines[i], "new-career", test_new_career_undo);
      ADD (engines[i], "first-career", test_first_career_undo);
      ADD (engines[i], "import", test_import_undo);
      ADD (engines[i], "first-import", test_first_import_undo);
      ADD (engines[i], "refused-import", test_refused_import);
    }
#undef ADD

  return g_test_run ();
}
