/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Programa de Estudios model, its store tables, versions and diff. */

#include "config.h"

#include <sqlite3.h>

#include "cf-finding.h"
#include "cf-plan.h"
#include "cf-plan-diff.h"
#include "cf-plan-validate.h"
#include "test-plan-fixture.h"

static int
query_int (CfStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (cf_test_sqlite_of (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
assert_rows_equal (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint r = 0; r < a->len; r++)
    for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
      g_assert_cmpstr (((CfPlanRow *) g_ptr_array_index (a, r))->cells[c], ==,
                       ((CfPlanRow *) g_ptr_array_index (b, r))->cells[c]);
}

/* ------------------------------------------------------------------ */

static void
test_headers (void)
{
  static const struct { const char *header; CfPlanColumn column; } cases[] = {
    { "ID_CARRERA", CF_PLAN_COL_ID_CARRERA },
    { "id carrera", CF_PLAN_COL_ID_CARRERA },
    { " Id_Carrera ", CF_PLAN_COL_ID_CARRERA },
    { "IDCARRERA", CF_PLAN_COL_ID_CARRERA },
    { "Créditos", CF_PLAN_COL_CREDITOS },
    { "CALIFICACIÓN MÍNIMA APROBATORIA", CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA },
    { "Número de RVOE", CF_PLAN_COL_NO_RVOE },
    { "No. RVOE", CF_PLAN_COL_NO_RVOE },
    { "fecha-rvoe", CF_PLAN_COL_FECHA_RVOE },
    { "Estatus", CF_PLAN_COL_ESTATUS_PLAN },
  };
  CfPlanColumn column;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (cf_plan_column_from_header (cases[i].header, &column));
      g_assert_cmpstr (cf_plan_column_get_name (column), ==, cf_plan_column_get_name (cases[i].column));
    }

  g_assert_false (cf_plan_column_from_header ("COLOR FAVORITO", &column));
  g_assert_false (cf_plan_column_from_header ("", &column));
  g_assert_false (cf_plan_column_from_header ("\xff\xfe", &column));
}

static void
test_canonical (void)
{
  static const struct { CfPlanColumn column; const char *in; const char *out; } cases[] = {
    { CF_PLAN_COL_CREDITOS, "8.00", "8" },
    { CF_PLAN_COL_CREDITOS, " 8,5 ", "8.5" },
    { CF_PLAN_COL_CREDITOS, "8.300000000000001", "8.3" },
    { CF_PLAN_COL_CREDITOS, "ocho", "ocho" },
    { CF_PLAN_COL_ID_CARRERA, "101.0", "101" },
    { CF_PLAN_COL_ID_CAMPUS, "090101", "090101" },
    { CF_PLAN_COL_ID_CAMPUS, "90101.0", "90101" },
    { CF_PLAN_COL_ID_ENTIDAD, "9", "09" },
    { CF_PLAN_COL_ID_TIPO_PERIODO, "91.0", "91" },
    { CF_PLAN_COL_FECHA_RVOE, "7/3/2018", "2018-03-07" },
    { CF_PLAN_COL_FECHA_RVOE, "07-03-2018", "2018-03-07" },
    { CF_PLAN_COL_FECHA_RVOE, "2018/03/07", "2018-03-07" },
    { CF_PLAN_COL_FECHA_RVOE, "2018-03-07 00:00:00", "2018-03-07" },
    { CF_PLAN_COL_FECHA_RVOE, "43166", "2018-03-07" },        /* a spreadsheet serial */
    { CF_PLAN_COL_FECHA_RVOE, "31/02/2020", "31/02/2020" },  /* not a date: kept */
    { CF_PLAN_COL_ESTATUS_PLAN, "baja", "BAJA" },
    { CF_PLAN_COL_ESTATUS_PLAN, "Vigente", "VIGENTE" },
    { CF_PLAN_COL_ESTATUS_PLAN, "", "VIGENTE" },
    { CF_PLAN_COL_ESTATUS_PLAN, "quizá", "quizá" },
    { CF_PLAN_COL_NOMBRE_ASIGNATURA, "  ÁLGEBRA  ", "ÁLGEBRA" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = cf_plan_canonical_value (cases[i].column, cases[i].in);

      g_assert_cmpstr (value, ==, cases[i].out);
    }
}

static void
test_from_rows (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfPlanNode *institution = cf_plan_book_get_institution (book);
  CfPlanNode *campus, *career, *plan, *subject;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) expected = fixture_rows ();
  g_autofree char *key = NULL;

  g_assert_cmpuint (cf_plan_node_get_n_children (institution), ==, 1);
  campus = cf_plan_node_get_child (institution, 0);
  g_assert_cmpuint (cf_plan_node_get_n_children (campus), ==, 2);
  career = cf_plan_node_get_child (campus, 1);
  g_assert_cmpstr (cf_plan_node_get (career, CF_PLAN_COL_NOMBRE_CARRERA), ==, "LICENCIATURA EN PSICOLOGÍA");
  g_assert_cmpstr (cf_plan_node_get (career, CF_PLAN_COL_CAMPUS), ==, "ÚNICO");
  plan = cf_plan_node_get_child (career, 0);
  g_assert_cmpint (cf_plan_node_get_level (plan), ==, CF_PLAN_LEVEL_PLAN);
  g_assert_cmpuint (cf_plan_node_get_n_children (plan), ==, 2);
  subject = cf_plan_node_get_child (plan, 1);
  g_assert_cmpuint (cf_plan_node_get_index (subject), ==, 1);
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_NO_RVOE), ==, "ACUERDO 1980");
  g_assert_true (cf_plan_node_get_ancestor (subject, CF_PLAN_LEVEL_CAREER) == career);
  g_assert_true (cf_plan_book_lookup_uid (book, cf_plan_node_get_uid (subject)) == subject);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (book), ==, 5);
  g_assert_cmpuint (cf_plan_book_get_row_of (book, subject), ==, 6);
  g_assert_true (cf_plan_book_get_subject_at_row (book, 6) == subject);
  g_assert_null (cf_plan_book_get_subject_at_row (book, 7));

  key = cf_plan_node_dup_key (subject);
  g_assert_cmpstr (key, ==, "090101\x1f" "102\x1f" "2020\x1f" "2002");

  rows = cf_plan_book_to_rows (book, FALSE);
  assert_rows_equal (rows, expected);
}

static void
test_from_rows_rejected (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  g_autoptr(CfPlanBook) book = NULL;
  CfPlanRejectedRow *r;

  /* Row 3 contradicts row 2 on the plan's RVOE; row 4 has no subject ID;
   * row 5 leaves the plan's values blank ("the same as above"); row 6 is
   * another institution. */
  cf_plan_row_set (g_ptr_array_index (rows, 1), CF_PLAN_COL_NO_RVOE, "20190101");
  cf_plan_row_set (g_ptr_array_index (rows, 2), CF_PLAN_COL_ID_ASIGNATURA, "");
  cf_plan_row_set (g_ptr_array_index (rows, 3), CF_PLAN_COL_TOTAL_CREDITOS, "");
  cf_plan_row_set (g_ptr_array_index (rows, 3), CF_PLAN_COL_ESTATUS_PLAN, "");
  cf_plan_row_set (g_ptr_array_index (rows, 4), CF_PLAN_COL_ID_INSTITUCION, "999999");

  book = cf_plan_book_new_from_rows (rows, rejected);
  g_assert_cmpuint (rejected->len, ==, 3);

  r = g_ptr_array_index (rejected, 0);
  g_assert_cmpuint (r->row, ==, 3);
  g_assert_nonnull (strstr (r->reason, "NO_RVOE"));
  g_assert_nonnull (strstr (r->reason, "20190101"));
  g_assert_nonnull (strstr (r->reason, "row 2"));
  r = g_ptr_array_index (rejected, 1);
  g_assert_cmpuint (r->row, ==, 4);
  g_assert_nonnull (strstr (r->reason, "ID_ASIGNATURA"));
  r = g_ptr_array_index (rejected, 2);
  g_assert_cmpuint (r->row, ==, 6);
  g_assert_nonnull (strstr (r->reason, "ID_INSTITUCION"));

  g_assert_cmpuint (cf_plan_book_get_n_subjects (book), ==, 2);
  /* The blank plan values of row 5 were filled from nothing: the second
   * plan exists with TOTAL_CREDITOS empty and is current. */
  {
    CfPlanNode *subject = fixture_subject (book, "2001");

    g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_TOTAL_CREDITOS), ==, "");
    g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_ESTATUS_PLAN), ==, "VIGENTE");
    g_assert_true (cf_plan_node_is_current (subject));
  }
}

static void
test_store_round_trip (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) loaded = NULL;
  g_autoptr(CfPlanBook) empty = NULL;
  g_autoptr(GPtrArray) expected = fixture_rows ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  empty = cf_plan_book_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (empty), ==, 0);

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject"), ==, 5);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_plan"), ==, 2);

  loaded = cf_plan_book_load (store, &error);
  g_assert_no_error (error);
  g_assert_true (cf_plan_book_get_store (loaded) == store);
  rows = cf_plan_book_to_rows (loaded, FALSE);
  assert_rows_equal (rows, expected);

  /* Saving again replaces, never appends. */
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject"), ==, 5);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_institution"), ==, 1);

  cf_test_rmdir (dir);
}

static CfPlanBook *
reload (CfStore *store)
{
  g_autoptr(GError) error = NULL;
  CfPlanBook *book = cf_plan_book_load (store, &error);

  g_assert_no_error (error);
  return book;
}

static void
test_edits_persist (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(CfPlanBook) again = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *subject, *plan, *added;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  bound = reload (store);

  subject = fixture_subject (bound, "1002");
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_CREDITOS, "9.50", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_CREDITOS), ==, "9.5");
  /* A plan's value set through one of its subjects lands on the plan. */
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_NO_RVOE, "20200101", &error));
  g_assert_cmpstr (cf_plan_node_get (fixture_subject (bound, "1001"), CF_PLAN_COL_NO_RVOE), ==, "20200101");

  plan = cf_plan_node_get_parent (subject);
  added = cf_plan_book_insert (bound, plan, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cf_plan_book_set_value (bound, added, CF_PLAN_COL_ID_ASIGNATURA, "1004", &error));
  g_assert_true (cf_plan_book_move (bound, added, 3, &error));
  g_assert_true (cf_plan_book_remove (bound, fixture_subject (bound, "1001"), &error));
  g_assert_no_error (error);

  again = reload (store);
  subject = fixture_subject (again, "1002");
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_CREDITOS), ==, "9.5");
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_NO_RVOE), ==, "20200101");
  plan = cf_plan_node_get_parent (subject);
  g_assert_cmpuint (cf_plan_node_get_n_children (plan), ==, 3);
  g_assert_cmpstr (cf_plan_node_get (cf_plan_node_get_child (plan, 0), CF_PLAN_COL_ID_ASIGNATURA), ==, "1002");
  g_assert_cmpstr (cf_plan_node_get (cf_plan_node_get_child (plan, 1), CF_PLAN_COL_ID_ASIGNATURA), ==, "1003");
  g_assert_cmpstr (cf_plan_node_get (cf_plan_node_get_child (plan, 2), CF_PLAN_COL_ID_ASIGNATURA), ==, "1004");

  cf_test_rmdir (dir);
}

static void
count_signal_cb (CfPlanBook *book,
                 gpointer    node,
                 int         column,
                 guint      *count)
{
  (*count)++;
}

static void
test_undo_redo (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *subject, *plan, *copy;
  guint uid, changes = 0;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  bound = reload (store);
  g_signal_connect (bound, "value-changed", G_CALLBACK (count_signal_cb), &changes);
  g_assert_false (cf_plan_book_can_undo (bound));
  g_assert_false (cf_plan_book_undo (bound, &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  subject = fixture_subject (bound, "1003");
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_NOMBRE_ASIGNATURA, "TEORÍA GENERAL DEL ESTADO", &error));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (cf_plan_book_can_undo (bound));
  g_assert_true (cf_plan_book_undo (bound, &error));
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "TEORÍA DEL ESTADO");
  g_assert_true (cf_plan_book_can_redo (bound));
  g_assert_true (cf_plan_book_redo (bound, &error));
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "TEORÍA GENERAL DEL ESTADO");

  /* Remove, undo: the same row (uid) comes back at its place, in the store too. */
  plan = cf_plan_node_get_parent (subject);
  uid = cf_plan_node_get_uid (subject);
  g_assert_true (cf_plan_book_remove (bound, subject, &error));
  g_assert_null (cf_plan_book_lookup_uid (bound, uid));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject"), ==, 4);
  g_assert_true (cf_plan_book_undo (bound, &error));
  g_assert_no_error (error);
  g_assert_true (cf_plan_book_lookup_uid (bound, uid) == subject);
  g_assert_cmpuint (cf_plan_node_get_index (subject), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject"), ==, 5);

  /* Undo the name change too, then a duplicate of the plan, undone and redone. */
  g_assert_true (cf_plan_book_undo (bound, &error));
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "TEORÍA DEL ESTADO");
  copy = cf_plan_book_duplicate (bound, plan, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_node_get_n_children (copy), ==, 3);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject"), ==, 8);
  g_assert_false (cf_plan_book_can_redo (bound));
  g_assert_true (cf_plan_book_undo (bound, &error));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject"), ==, 5);
  g_assert_true (cf_plan_book_redo (bound, &error));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject"), ==, 8);
  g_assert_no_error (error);

  {
    g_autoptr(CfPlanBook) again = reload (store);

    g_assert_cmpstr (cf_plan_node_get (fixture_subject (again, "1003"), CF_PLAN_COL_NOMBRE_ASIGNATURA), ==,
                     "TEORÍA DEL ESTADO");
    g_assert_cmpuint (cf_plan_book_get_n_subjects (again), ==, 8);
  }

  cf_test_rmdir (dir);
}

static void
test_failed_edit_changes_nothing (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *subject;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  bound = reload (store);
  subject = fixture_subject (bound, "1001");

  /* A store that refuses the write (a trigger stands in for a full disk):
   * the edit fails, memory and file keep the old value, no undo entry. */
  g_assert_cmpint (sqlite3_exec (cf_test_sqlite_of (store),
                                 "CREATE TRIGGER refuse BEFORE UPDATE ON plan_subject "
                                 "BEGIN SELECT RAISE (ABORT, 'refused'); END;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_CREDITOS, "99", &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_STORE);
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_CREDITOS), ==, "8");
  g_assert_false (cf_plan_book_can_undo (bound));
  g_assert_true (cf_test_sqlite_unlocked (store));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject WHERE creditos = '99'"), ==, 0);

  cf_test_rmdir (dir);
}

/* The first schema, as Certifica 0.1 wrote it (cf-store.c, step 1). */
static const char schema_v1[] =
  "PRAGMA application_id = 1130721908;"
  "CREATE TABLE signers ("
  "  certificate_number TEXT PRIMARY KEY NOT NULL, rfc TEXT NOT NULL, curp TEXT,"
  "  name TEXT NOT NULL, not_before TEXT NOT NULL, not_after TEXT NOT NULL,"
  "  kind TEXT NOT NULL, der BLOB NOT NULL, added_at TEXT NOT NULL);"
  "INSERT INTO signers VALUES ('30001000000500003456', 'PELM800101AB1', NULL, 'X',"
  "  '2024-01-01T00:00:00Z', '2028-01-01T00:00:00Z', 'efirma', x'00', '2024-01-02T00:00:00Z');"
  "PRAGMA user_version = 1;";

static void
test_migration_from_v1 (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "certifica.db", NULL);
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema_v1, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = cf_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_store_get_schema_version (store), >=, 2);
  /* The old data stays; the new tables are there and empty. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM signers"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_id_history"), ==, 0);

  book = fixture_book ();
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);

  /* Foreign keys hold: a subject cannot point to no plan. */
  g_assert_cmpint (sqlite3_exec (cf_test_sqlite_of (store),
                                 "INSERT INTO plan_subject (plan_id, ord) VALUES (9999, 0)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_FOREIGNKEY);
  g_clear_object (&store);

  /* Reopening a current file migrates nothing and keeps everything. */
  store = cf_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM plan_subject"), ==, 5);
  {
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (cf_test_sqlite_of (store), "PRAGMA journal_mode", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
  }

  g_clear_object (&store);
  cf_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Versions                                                            */
/* ------------------------------------------------------------------ */

static GDateTime *
sent_date (int year, int month, int day)
{
  return g_date_time_new_utc (year, month, day, 12, 0, 0);
}

static void
test_diff_without_base (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  diff = cf_plan_diff_new_for_book (book, store, &error);
  g_assert_no_error (error);
  g_assert_false (cf_plan_diff_has_base (diff));
  g_assert_cmpuint (cf_plan_diff_get_n_changes (diff), ==, 0);
  json = cf_plan_diff_to_json (diff);
  g_assert_cmpstr (json, ==, "{\"base\": null, \"new_rows\": 0, \"changed_cells\": 0, \"removed_rows\": 0, \"changes\": []}");
  g_assert_cmpuint (cf_plan_snapshot_count (store, NULL), ==, 0);

  cf_test_rmdir (dir);
}

static void
test_mark_sent_and_diff (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(CfPlanSnapshot) snapshot = NULL;
  g_autoptr(CfPlanSnapshot) last = NULL;
  g_autoptr(CfPlanDiff) diff = NULL;
  g_autoptr(GDateTime) when = sent_date (2024, 5, 17);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *json = NULL;
  g_autofree char *key = NULL;
  g_autofree char *new_key = NULL;
  const CfPlanChange *change;
  const char *old_value = NULL;
  CfPlanNode *subject, *added;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  bound = reload (store);
  snapshot = cf_plan_mark_sent (store, bound, when, &error);
  g_assert_no_error (error);
  date = cf_plan_snapshot_dup_date (snapshot);
  g_assert_cmpstr (date, ==, "2024-05-17");
  g_assert_cmpuint (cf_plan_snapshot_get_rows (snapshot)->len, ==, 5);
  g_assert_cmpuint (cf_plan_snapshot_count (store, NULL), ==, 1);

  /* Right after sending, nothing differs. */
  diff = cf_plan_diff_new_for_book (bound, store, &error);
  g_assert_true (cf_plan_diff_has_base (diff));
  g_assert_cmpuint (cf_plan_diff_get_n_changes (diff), ==, 0);
  g_clear_pointer (&diff, cf_plan_diff_unref);

  /* A changed cell, a new subject, a removed subject, a changed plan value. */
  subject = fixture_subject (bound, "1002");
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_CREDITOS, "10", &error));
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_TOTAL_CREDITOS, "26", &error));
  added = cf_plan_book_insert (bound, cf_plan_node_get_parent (subject), -1, &error);
  g_assert_true (cf_plan_book_set_value (bound, added, CF_PLAN_COL_ID_ASIGNATURA, "1010", &error));
  g_assert_true (cf_plan_book_remove (bound, fixture_subject (bound, "2002"), &error));
  g_assert_no_error (error);

  diff = cf_plan_diff_new_for_book (bound, store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_diff_count (diff, CF_PLAN_CHANGE_NEW_ROW), ==, 1);
  /* CREDITOS on one row, and TOTAL_CREDITOS once: a value of the plan,
   * though each of the plan's three rows shows it (and is painted). */
  g_assert_cmpuint (cf_plan_diff_count (diff, CF_PLAN_CHANGE_CELL), ==, 2);
  for (guint i = 0, n = 0; i < cf_plan_diff_get_n_changes (diff); i++)
    {
      change = cf_plan_diff_get_change (diff, i);
      if (change->kind == CF_PLAN_CHANGE_CELL && change->column == CF_PLAN_COL_TOTAL_CREDITOS)
        {
          g_assert_cmpuint (++n, ==, 1);
          g_assert_cmpstr (change->old_value, ==, "24");
          g_assert_cmpstr (change->new_value, ==, "26");
        }
    }
  {
    g_autoptr(GPtrArray) rows = cf_plan_book_to_rows (bound, TRUE);

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *row_key = cf_plan_row_dup_key (g_ptr_array_index (rows, i));

        g_assert_true (cf_plan_diff_is_highlighted (diff, row_key, CF_PLAN_COL_TOTAL_CREDITOS));
      }
  }
  g_assert_cmpuint (cf_plan_diff_count (diff, CF_PLAN_CHANGE_REMOVED_ROW), ==, 1);

  change = cf_plan_diff_get_change (diff, 0);
  g_assert_cmpint (change->kind, ==, CF_PLAN_CHANGE_NEW_ROW);
  g_assert_cmpstr (change->row->cells[CF_PLAN_COL_ID_ASIGNATURA], ==, "1010");
  change = cf_plan_diff_get_change (diff, cf_plan_diff_get_n_changes (diff) - 1);
  g_assert_cmpint (change->kind, ==, CF_PLAN_CHANGE_REMOVED_ROW);
  g_assert_cmpstr (change->row->cells[CF_PLAN_COL_ID_ASIGNATURA], ==, "2002");

  key = cf_plan_node_dup_key (subject);
  g_assert_true (cf_plan_diff_is_changed (diff, key, CF_PLAN_COL_CREDITOS, &old_value));
  g_assert_cmpstr (old_value, ==, "8");
  g_assert_false (cf_plan_diff_is_changed (diff, key, CF_PLAN_COL_NOMBRE_ASIGNATURA, NULL));
  g_assert_false (cf_plan_diff_is_new_row (diff, key));
  new_key = cf_plan_node_dup_key (added);
  g_assert_true (cf_plan_diff_is_new_row (diff, new_key));
  g_assert_true (cf_plan_diff_is_highlighted (diff, new_key, CF_PLAN_COL_PERIODO));

  json = cf_plan_diff_to_json (diff);
  g_assert_nonnull (strstr (json, "\"base\": {\"sent_at\": \"2024-05-17T12:00:00Z\"}"));
  g_assert_nonnull (strstr (json, "{\"kind\": \"cell\", \"row\": 3, \"id_campus\": \"090101\", \"id_carrera\": \"101\", "
                                  "\"clave_plan\": \"2018\", \"id_asignatura\": \"1002\", \"column\": \"CREDITOS\", "
                                  "\"old\": \"8\", \"new\": \"10\"}"));
  g_assert_nonnull (strstr (json, "\"kind\": \"removed-row\""));

  last = cf_plan_snapshot_load_last (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_plan_snapshot_get_id (last), ==, cf_plan_snapshot_get_id (snapshot));
  g_assert_cmpuint (cf_plan_snapshot_get_rows (last)->len, ==, 5);

  cf_test_rmdir (dir);
}

static void
test_withdrawn_plan_leaves_snapshot (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(CfPlanSnapshot) snapshot = NULL;
  g_autoptr(CfPlanDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = sent_date (2024, 5, 17);

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  bound = reload (store);
  snapshot = cf_plan_mark_sent (store, bound, when, &error);
  g_assert_no_error (error);

  /* Withdrawing the 2020 plan: its two rows leave what SEP gets. */
  g_assert_true (cf_plan_book_set_value (bound, fixture_subject (bound, "2001"), CF_PLAN_COL_ESTATUS_PLAN, "baja", &error));
  diff = cf_plan_diff_new_for_book (bound, store, &error);
  g_assert_cmpuint (cf_plan_diff_count (diff, CF_PLAN_CHANGE_REMOVED_ROW), ==, 2);
  g_assert_cmpuint (cf_plan_diff_count (diff, CF_PLAN_CHANGE_CELL), ==, 0);
  g_clear_pointer (&snapshot, cf_plan_snapshot_free);

  /* The next snapshot has only the current plan. */
  g_clear_pointer (&when, g_date_time_unref);
  when = sent_date (2024, 9, 1);
  snapshot = cf_plan_mark_sent (store, bound, when, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_snapshot_get_rows (snapshot)->len, ==, 3);

  cf_test_rmdir (dir);
}

static void
test_id_history (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(CfPlanSnapshot) first = NULL;
  g_autoptr(CfPlanSnapshot) second = NULL;
  g_autoptr(CfPlanHistory) history = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GDateTime) may = sent_date (2024, 5, 17);
  g_autoptr(GDateTime) june = sent_date (2024, 6, 20);
  g_autoptr(GError) error = NULL;
  const CfPlanIdUse *use;
  CfPlanNode *subject;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  bound = reload (store);
  first = cf_plan_mark_sent (store, bound, may, &error);
  g_assert_no_error (error);

  /* Subject 1003 is dropped and a new one takes its ID: reuse. */
  g_assert_true (cf_plan_book_remove (bound, fixture_subject (bound, "1003"), &error));
  subject = cf_plan_book_insert (bound, cf_plan_node_get_parent (fixture_subject (bound, "1001")), -1, &error);
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_ID_ASIGNATURA, "1003", &error));
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_CLAVE_ASIGNATURA, "DER999", &error));
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_NOMBRE_ASIGNATURA, "ÉTICA", &error));
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_ID_TIPO_ASIGNATURA, "263", &error));
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_CREDITOS, "8", &error));
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_PERIODO, "2", &error));

  history = cf_plan_history_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_history_size (history), ==, 7);   /* 2 careers + 5 subjects */
  use = cf_plan_history_lookup (history, CF_PLAN_COL_ID_ASIGNATURA, "1003");
  g_assert_nonnull (use);
  g_assert_cmpstr (use->clave, ==, "DER201");
  g_assert_cmpstr (use->first_used, ==, "2024-05-17");
  g_assert_null (cf_plan_history_lookup (history, CF_PLAN_COL_ID_CARRERA, "1003"));

  findings = cf_plan_validate (bound, history, 0);
  g_assert_true (cf_finding_list_has_errors (findings));
  g_assert_cmpstr (cf_finding_get_code (g_ptr_array_index (findings, 0)), ==, "plan.id-reused");
  g_assert_nonnull (strstr (cf_finding_get_message (g_ptr_array_index (findings, 0)), "2024-05-17"));

  /* So it cannot be marked as sent... */
  g_assert_null (cf_plan_mark_sent (store, bound, june, &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_HAS_ERRORS);
  g_clear_error (&error);
  g_assert_cmpuint (cf_plan_snapshot_count (store, NULL), ==, 1);

  /* ...until it gets a new ID; the first use date of the others stays. */
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_ID_ASIGNATURA, "1004", &error));
  second = cf_plan_mark_sent (store, bound, june, &error);
  g_assert_no_error (error);
  g_clear_pointer (&history, cf_plan_history_free);
  history = cf_plan_history_load (store, &error);
  g_assert_cmpuint (cf_plan_history_size (history), ==, 8);
  g_assert_cmpstr (cf_plan_history_lookup (history, CF_PLAN_COL_ID_ASIGNATURA, "1001")->first_used, ==, "2024-05-17");
  g_assert_cmpstr (cf_plan_history_lookup (history, CF_PLAN_COL_ID_ASIGNATURA, "1004")->first_used, ==, "2024-06-20");
  /* 1003 stays taken by DER201 although it is gone from the plans. */
  g_assert_cmpstr (cf_plan_history_lookup (history, CF_PLAN_COL_ID_ASIGNATURA, "1003")->clave, ==, "DER201");

  cf_test_rmdir (dir);
}

static char *
findings_text (GPtrArray *findings)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      g_autofree char *json = cf_finding_to_json (g_ptr_array_index (findings, i));

      g_string_append_printf (text, "%s\n", json);
    }
  return g_string_free (text, FALSE);
}

/* The copy a refresh worker validates: same rows, uids and findings as the
 * bound book, unbound, without history, and independent of later edits. */
static void
test_copy (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(CfPlanBook) copy = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) copy_rows = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) copy_findings = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copy_text = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *subject, *empty;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  bound = reload (store);
  /* A row just added (empty IDs) and a withdrawn plan must survive too. */
  subject = fixture_subject (bound, "1002");
  empty = cf_plan_book_insert (bound, cf_plan_node_get_parent (subject), 1, &error);
  g_assert_no_error (error);
  g_assert_true (cf_plan_book_set_value (bound, fixture_subject (bound, "2001"), CF_PLAN_COL_ESTATUS_PLAN,
                                         CF_PLAN_STATUS_WITHDRAWN, &error));

  copy = cf_plan_book_copy (bound);
  g_assert_null (cf_plan_book_get_store (copy));
  g_assert_false (cf_plan_book_can_undo (copy));
  g_assert_cmpuint (cf_plan_book_get_n_subjects (copy), ==, cf_plan_book_get_n_subjects (bound));
  g_assert_nonnull (cf_plan_book_lookup_uid (copy, cf_plan_node_get_uid (empty)));
  g_assert_cmpuint (cf_plan_node_get_level (cf_plan_book_lookup_uid (copy, cf_plan_node_get_uid (subject))), ==,
                    CF_PLAN_LEVEL_SUBJECT);

  rows = cf_plan_book_to_rows (bound, FALSE);
  copy_rows = cf_plan_book_to_rows (copy, FALSE);
  g_assert_cmpuint (rows->len, ==, copy_rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      CfPlanRow *a = g_ptr_array_index (rows, i), *b = g_ptr_array_index (copy_rows, i);

      g_assert_cmpuint (a->uid, ==, b->uid);
      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        g_assert_cmpstr (a->cells[c], ==, b->cells[c]);
    }

  findings = cf_plan_validate (bound, NULL, CF_PLAN_VALIDATE_NONE);
  copy_findings = cf_plan_validate (copy, NULL, CF_PLAN_VALIDATE_NONE);
  text = findings_text (findings);
  copy_text = findings_text (copy_findings);
  g_assert_true (cf_finding_list_has_errors (findings));
  g_assert_cmpstr (text, ==, copy_text);

  /* Later edits and removals of the original leave the copy alone. */
  g_assert_true (cf_plan_book_set_value (bound, subject, CF_PLAN_COL_NOMBRE_ASIGNATURA, "OTRO", &error));
  g_assert_true (cf_plan_book_remove (bound, empty, &error));
  g_assert_cmpstr (cf_plan_node_get (cf_plan_book_lookup_uid (copy, cf_plan_node_get_uid (subject)),
                                     CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "DERECHO ROMANO");
  g_assert_cmpuint (cf_plan_book_get_n_subjects (copy), ==, FIXTURE_N_ROWS + 1);
  /* And the copy takes edits of its own, with new uids. */
  g_assert_nonnull (cf_plan_book_insert (copy, cf_plan_book_get_institution (copy), -1, &error));
  g_assert_no_error (error);
}

/* New careers and subjects get an ID never used: above every one in the
 * book and in the history of versions sent, in the same undo step. */
static void
test_next_free_id (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(CfPlanHistory) history = cf_plan_history_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *career_id = NULL;
  g_autofree char *subject_id = NULL;
  g_autofree char *after_history = NULL;
  CfPlanNode *subject, *plan, *added, *copy;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  bound = reload (store);
  career_id = cf_plan_next_free_id (bound, NULL, CF_PLAN_COL_ID_CARRERA);
  subject_id = cf_plan_next_free_id (bound, NULL, CF_PLAN_COL_ID_ASIGNATURA);
  g_assert_cmpstr (career_id, ==, "103");
  g_assert_cmpstr (subject_id, ==, "2003");

  /* A subject sent once under ID 5000, since removed: 5000 stays taken.
   * Text IDs and other kinds do not count. */
  cf_plan_history_add (history, CF_PLAN_COL_ID_ASIGNATURA, "5000", "OLD1", "VIEJA", "2024-05-17");
  cf_plan_history_add (history, CF_PLAN_COL_ID_ASIGNATURA, "ABC", "OLD2", "RARA", "2024-05-17");
  cf_plan_history_add (history, CF_PLAN_COL_ID_CARRERA, "9000", "620000", "OTRA", "2024-05-17");
  after_history = cf_plan_next_free_id (bound, history, CF_PLAN_COL_ID_ASIGNATURA);
  g_assert_cmpstr (after_history, ==, "5001");

  subject = fixture_subject (bound, "1002");
  plan = cf_plan_node_get_parent (subject);
  added = cf_plan_book_insert_with_id (bound, plan, 1, after_history, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_plan_node_get (added, CF_PLAN_COL_ID_ASIGNATURA), ==, "5001");
  copy = cf_plan_book_duplicate_with_id (bound, subject, "5002", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_plan_node_get (copy, CF_PLAN_COL_ID_ASIGNATURA), ==, "5002");
  g_assert_cmpstr (cf_plan_node_get (copy, CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "DERECHO ROMANO");

  /* Stored with their IDs. */
  {
    g_autoptr(CfPlanBook) again = reload (store);

    g_assert_cmpstr (cf_plan_node_get (fixture_subject (again, "5001"), CF_PLAN_COL_ID_ASIGNATURA), ==, "5001");
    g_assert_cmpstr (cf_plan_node_get (fixture_subject (again, "5002"), CF_PLAN_COL_CLAVE_ASIGNATURA), ==, "DER102");
  }

  /* One undo each takes the row and its ID away together. */
  g_assert_true (cf_plan_book_undo (bound, &error));
  g_assert_true (cf_plan_book_undo (bound, &error));
  g_assert_cmpuint (cf_plan_node_get_n_children (plan), ==, 3);
  g_assert_false (cf_plan_book_can_undo (bound));

  /* A new career in the campus. */
  added = cf_plan_book_insert_with_id (bound, cf_plan_node_get_parent (cf_plan_node_get_parent (plan)), -1,
                                       career_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_node_get_level (added), ==, CF_PLAN_LEVEL_CAREER);
  g_assert_cmpstr (cf_plan_node_get (added, CF_PLAN_COL_ID_CARRERA), ==, "103");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/plan/headers", test_headers);
  g_test_add_func ("/core/plan/canonical-values", test_canonical);
  g_test_add_func ("/core/plan/from-rows", test_from_rows);
  g_test_add_func ("/core/plan/from-rows-rejected", test_from_rows_rejected);
  g_test_add_func ("/core/plan/store-round-trip", test_store_round_trip);
  g_test_add_func ("/core/plan/edits-persist", test_edits_persist);
  g_test_add_func ("/core/plan/undo-redo", test_undo_redo);
  g_test_add_func ("/core/plan/copy", test_copy);
  g_test_add_func ("/core/plan/next-free-id", test_next_free_id);
  g_test_add_func ("/core/plan/failed-edit-changes-nothing", test_failed_edit_changes_nothing);
  g_test_add_func ("/core/plan/migration-from-v1", test_migration_from_v1);
  g_test_add_func ("/core/plan/diff-without-base", test_diff_without_base);
  g_test_add_func ("/core/plan/mark-sent-and-diff", test_mark_sent_and_diff);
  g_test_add_func ("/core/plan/withdrawn-plan-leaves-snapshot", test_withdrawn_plan_leaves_snapshot);
  g_test_add_func ("/core/plan/id-history", test_id_history);

  return g_test_run ();
}
