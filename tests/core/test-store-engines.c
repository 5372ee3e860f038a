/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store on both engines: every case runs once on a SQLite file and once
 * on a brand-new PostgreSQL database (cf_test_store_location()), with the
 * real drivers, repositories and plan book. Two CfStore objects on the same
 * location are two desks. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cf-audit-repo.h"
#include "cf-incorporation-repo.h"
#include "cf-plan-diff.h"
#include "cf-plan-repo.h"
#include "cf-signer-repo.h"
#include "cf-store.h"
#include "cf-test-util.h"
#include "test-plan-fixture.h"

typedef CfTestEngine Fixture;

static gboolean
is_pg (Fixture *f)
{
  return g_str_equal (f->engine, "postgresql");
}

/* ---- Looking at a store from outside Certifica ---- */

static char *
sqlite_text (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

static void
sqlite_exec (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  sqlite3_exec (db, sql, NULL, NULL, &message);
  if (message != NULL)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The first cell of @sql's first row, on either engine, outside Certifica. */
static char *
raw_text (const char *location,
          const char *sql)
{
  if (cf_store_location_is_uri (location))
    return cf_test_pg_query (location, sql);
  return sqlite_text (location, sql);
}

static gint64
raw_int (const char *location,
         const char *sql)
{
  g_autofree char *text = raw_text (location, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* The schema version as the engine records it. */
static int
raw_schema_version (const char *location)
{
  if (cf_store_location_is_uri (location))
    return (int) raw_int (location, "SELECT value FROM cf_meta WHERE key = 'schema_version'");
  return (int) raw_int (location, "PRAGMA user_version");
}

/* Every table and column (and, on SQLite, index and trigger) in the store. */
static char *
raw_schema (const char *location)
{
  if (cf_store_location_is_uri (location))
    return raw_text (location,
                     "SELECT string_agg (table_name || '.' || column_name || ':' || data_type, ','"
                     " ORDER BY table_name, ordinal_position) FROM information_schema.columns"
                     " WHERE table_schema = current_schema()");
  return raw_text (location, "SELECT group_concat (type || ':' || name || ':' || coalesce (sql, ''), ';')"
                             " FROM (SELECT * FROM sqlite_master ORDER BY type, name)");
}

static gboolean
raw_has_column (const char *location,
                const char *table,
                const char *column)
{
  g_autofree char *sql = NULL;

  if (cf_store_location_is_uri (location))
    sql = g_strdup_printf ("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
                           " AND table_name = '%s' AND column_name = '%s'", table, column);
  else
    sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info ('%s') WHERE name = '%s'", table, column);
  return raw_int (location, sql) == 1;
}

static GBytes *
read_or_null (const char *path)
{
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;
  return g_bytes_new_take (contents, len);
}

/* ---- Helpers ---- */

static char *
checksum (CfStore *store)
{
  g_autoptr(GError) error = NULL;
  char *sum = cf_store_checksum (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sum);
  return sum;
}

/* The checksum without its cf_clock line (the change counter differs
 * between a store and its copy on purpose). */
static char *
checksum_without_clock (CfStore *store)
{
  g_autofree char *sum = checksum (store);
  g_auto(GStrv) lines = g_strsplit (sum, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "cf_clock\t"))
      g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (out, FALSE);
}

static CfStoreCounts
counts_of (CfStore *store)
{
  g_autoptr(GError) error = NULL;
  CfStoreCounts counts;

  g_assert_true (cf_store_count (store, &counts, &error));
  g_assert_no_error (error);
  return counts;
}

static gint64
stamp_of (CfStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 stamp = -1;

  g_assert_true (cf_store_get_stamp (store, &stamp, &error));
  g_assert_no_error (error);
  return stamp;
}

static CfPlanBook *
load_book (CfStore *store)
{
  g_autoptr(GError) error = NULL;
  CfPlanBook *book = cf_plan_book_load (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (book);
  return book;
}

static void
save_book (CfPlanBook *book,
           CfStore    *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
}

static void
set_value (CfPlanBook   *book,
           const char   *subject_id,
           CfPlanColumn  column,
           const char   *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, subject_id), column, value, &error));
  g_assert_no_error (error);
}

static const char *
value_of (CfPlanBook   *book,
          const char   *subject_id,
          CfPlanColumn  column)
{
  return cf_plan_node_get (fixture_subject (book, subject_id), column);
}

/* The value of a subject's cell as the store holds it now (a fresh load
 * through a third desk). */
static char *
stored_value (const char   *location,
              const char   *subject_id,
              CfPlanColumn  column)
{
  g_autoptr(CfStore) store = cf_test_store_open (location);
  g_autoptr(CfPlanBook) book = load_book (store);

  return g_strdup (value_of (book, subject_id, column));
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

static void
assert_books_equal (CfPlanBook *a,
                    CfPlanBook *b)
{
  g_autoptr(GPtrArray) rows_a = cf_plan_book_to_rows (a, FALSE);
  g_autoptr(GPtrArray) rows_b = cf_plan_book_to_rows (b, FALSE);

  assert_rows_equal (rows_a, rows_b);
}

static GPtrArray *
audit (CfStore    *store,
       const char *entity)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = cf_audit_repo_list (store, NULL, NULL, entity, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

/* An entry made just now by this process's user and host. */
static void
assert_audit_entry (CfAuditEntry *entry,
                    const char   *action,
                    const char   *entity,
                    const char   *entity_id,
                    const char   *field,
                    const char   *old_value,
                    const char   *new_value)
{
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_cmpstr (entry->action, ==, action);
  g_assert_cmpstr (entry->entity, ==, entity);
  g_assert_cmpstr (entry->entity_id, ==, entity_id);
  g_assert_cmpstr (entry->field, ==, field);
  g_assert_cmpstr (entry->old_value, ==, old_value);
  g_assert_cmpstr (entry->new_value, ==, new_value);
  g_assert_cmpstr (entry->os_user, ==, g_get_user_name ());
  g_assert_cmpstr (entry->host, ==, g_get_host_name ());
  g_assert_true (g_str_has_suffix (entry->at, "Z"));
  at = g_date_time_new_from_iso8601 (entry->at, NULL);
  g_assert_nonnull (at);
  g_assert_cmpint (ABS (g_date_time_difference (now, at)), <, 5 * 60 * G_TIME_SPAN_SECOND);
}

static CfCertificate *
generate_certificate (Fixture    *f,
                      const char *basename,
                      const char *name,
                      const char *rfc,
                      const char *serial)
{
  CfTestCertSpec spec = { 0 };
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GError) error = NULL;
  CfCertificate *certificate;

  spec.name = name;
  spec.rfc = rfc;
  spec.serial_ascii = serial;
  spec.bits = 1024;   /* only the certificate is stored: keep the tests quick */
  cf_test_generate_cert (f->dir, basename, &spec, &cer_path, &key_path, &error);
  g_assert_no_error (error);
  g_unlink (key_path);

  certificate = cf_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, serial);
  return certificate;
}

/* ------------------------------------------------------------------ */
/* Creating and reopening                                              */
/* ------------------------------------------------------------------ */

static void
test_create_reopen (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) second = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *sum_again = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *schema_again = NULL;
  int latest = cf_store_get_latest_schema_version ();
  CfStoreCounts counts;
  gint64 stamp;

  CF_TEST_REQUIRE_ENGINE (f);
  g_assert_cmpint (latest, >=, 3);

  store = cf_test_store_open (f->location);
  g_assert_cmpstr (cf_store_get_location (store), ==, f->location);
  g_assert_cmpint (cf_store_get_engine (store), ==,
                   is_pg (f) ? CF_STORE_ENGINE_POSTGRESQL : CF_STORE_ENGINE_SQLITE);
  g_assert_cmpstr (cf_store_engine_to_string (cf_store_get_engine (store)), ==, f->engine);
  g_assert_cmpint (cf_store_get_schema_version (store), ==, latest);
  g_assert_cmpint (raw_schema_version (f->location), ==, latest);
  g_assert_false (cf_store_is_on_network_fs (store));

  /* What `store info` shows: an empty store. */
  counts = counts_of (store);
  g_assert_cmpuint (counts.signers, ==, 0);
  g_assert_cmpuint (counts.plans, ==, 0);
  g_assert_cmpuint (counts.subjects, ==, 0);
  g_assert_cmpuint (counts.audit_entries, ==, 0);

  /* Every table of the schema, each empty but the change counter. */
  sum = checksum (store);
  g_assert_true (g_str_has_prefix (sum, "cf_clock\t1\t"));
  g_assert_nonnull (strstr (sum, "\nsigners\t0\t"));
  g_assert_nonnull (strstr (sum, "\nplan_subject\t0\t"));
  g_assert_nonnull (strstr (sum, "\naudit_log\t0\t"));
  stamp = stamp_of (store);
  schema = raw_schema (f->location);
  g_assert_nonnull (strstr (schema, "row_version"));

  /* A second desk opening it meanwhile migrates nothing either. */
  second = cf_test_store_open (f->location);
  g_assert_cmpint (cf_store_get_schema_version (second), ==, latest);
  g_clear_object (&second);
  g_clear_object (&store);

  /* Reopening: same version, same tables, same rows, same counter. */
  store = cf_test_store_open (f->location);
  g_assert_cmpint (cf_store_get_schema_version (store), ==, latest);
  g_assert_cmpint (raw_schema_version (f->location), ==, latest);
  sum_again = checksum (store);
  g_assert_cmpstr (sum_again, ==, sum);
  g_assert_cmpint (stamp_of (store), ==, stamp);
  schema_again = raw_schema (f->location);
  g_assert_cmpstr (schema_again, ==, schema);
}

/* ------------------------------------------------------------------ */
/* Signers                                                             */
/* ------------------------------------------------------------------ */

static void
count_cb (gpointer  instance,
          int      *count)
{
  (*count)++;
}

static void
test_signers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) other_desk = NULL;
  g_autoptr(CfCertificate) zoe = NULL;
  g_autoptr(CfCertificate) ana = NULL;
  g_autoptr(CfCertificate) got = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) by_person = NULL;
  g_autoptr(GError) error = NULL;
  const char *zoe_number = "30001000000500000001";
  const char *ana_number = "30001000000500000002";
  int changes = 0;

  CF_TEST_REQUIRE_ENGINE (f);

  zoe = generate_certificate (f, "zoe", "ZOE RAMIREZ SOTO", "RASZ800101AB1", zoe_number);
  ana = generate_certificate (f, "ana", "ANA BELEN CRUZ DIAZ", "CUDA750505XY2", ana_number);

  store = cf_test_store_open (f->location);
  g_signal_connect (store, "signers-changed", G_CALLBACK (count_cb), &changes);

  g_assert_true (cf_signer_repo_add (store, zoe, &error));
  g_assert_no_error (error);
  g_assert_true (cf_signer_repo_add (store, ana, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, 2);

  /* The same certificate twice. */
  g_assert_false (cf_signer_repo_add (store, zoe, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, zoe_number));
  g_clear_error (&error);
  g_assert_cmpint (changes, ==, 2);

  /* Listed by name, the public certificate byte for byte, from another desk too. */
  other_desk = cf_test_store_open (f->location);
  signers = cf_signer_repo_list (other_desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signers->len, ==, 2);
  g_assert_cmpstr (cf_certificate_get_number (g_ptr_array_index (signers, 0)), ==, ana_number);
  g_assert_cmpstr (cf_certificate_get_number (g_ptr_array_index (signers, 1)), ==, zoe_number);
  g_assert_true (g_bytes_equal (cf_certificate_get_der (g_ptr_array_index (signers, 1)),
                                cf_certificate_get_der (zoe)));
  g_assert_cmpstr (cf_certificate_get_rfc (g_ptr_array_index (signers, 0)), ==, "CUDA750505XY2");
  got = cf_signer_repo_get (other_desk, zoe_number, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (cf_certificate_get_der (got), cf_certificate_get_der (zoe)));
  g_clear_pointer (&signers, g_ptr_array_unref);

  g_assert_true (cf_signer_repo_remove (store, zoe_number, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, 3);
  g_assert_false (cf_signer_repo_remove (store, zoe_number, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cf_signer_repo_get (other_desk, zoe_number, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (changes, ==, 3);

  signers = cf_signer_repo_list (other_desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signers->len, ==, 1);
  g_assert_cmpstr (cf_certificate_get_number (g_ptr_array_index (signers, 0)), ==, ana_number);
  g_assert_cmpuint (counts_of (other_desk).signers, ==, 1);

  /* One entry per add and remove that happened, none for the refused
   * ones, newest first, with who did it. */
  entries = audit (other_desk, "signer");
  g_assert_cmpuint (entries->len, ==, 3);
  assert_audit_entry (g_ptr_array_index (entries, 0), "remove", "signer", zoe_number, NULL,
                      "ZOE RAMIREZ SOTO", NULL);
  assert_audit_entry (g_ptr_array_index (entries, 1), "add", "signer", ana_number, NULL, NULL,
                      "ANA BELEN CRUZ DIAZ");
  assert_audit_entry (g_ptr_array_index (entries, 2), "add", "signer", zoe_number, NULL, NULL,
                      "ZOE RAMIREZ SOTO");
  g_assert_cmpint (((CfAuditEntry *) g_ptr_array_index (entries, 0))->id, >,
                   ((CfAuditEntry *) g_ptr_array_index (entries, 1))->id);
  g_assert_cmpuint (counts_of (store).audit_entries, ==, 3);

  by_person = cf_audit_repo_list (store, NULL, g_get_user_name (), NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_person->len, ==, 3);
  g_clear_pointer (&by_person, g_ptr_array_unref);
  by_person = cf_audit_repo_list (store, NULL, "somebody-else", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_person->len, ==, 0);
  g_clear_pointer (&by_person, g_ptr_array_unref);
  by_person = cf_audit_repo_list (store, NULL, NULL, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_person->len, ==, 1);
  g_assert_cmpstr (((CfAuditEntry *) g_ptr_array_index (by_person, 0))->action, ==, "remove");
}

/* ------------------------------------------------------------------ */
/* Study plans                                                         */
/* ------------------------------------------------------------------ */

static void
test_plans (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) other_desk = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(CfPlanBook) again = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *plan, *added;
  CfStoreCounts counts;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);

  /* An empty store loads as an empty book. */
  bound = load_book (store);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (bound), ==, 0);
  g_clear_object (&bound);

  save_book (book, store);
  bound = load_book (store);
  g_assert_true (cf_plan_book_get_store (bound) == store);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (bound), ==, FIXTURE_N_ROWS);
  assert_books_equal (bound, book);
  counts = counts_of (store);
  g_assert_cmpuint (counts.plans, ==, 2);
  g_assert_cmpuint (counts.subjects, ==, FIXTURE_N_ROWS);

  /* Edits are written as they happen: a subject's cell and a plan's. */
  set_value (bound, "1002", CF_PLAN_COL_CREDITOS, "9.50");
  g_assert_cmpstr (value_of (bound, "1002", CF_PLAN_COL_CREDITOS), ==, "9.5");
  set_value (bound, "2001", CF_PLAN_COL_NO_RVOE, "ACUERDO 1981");
  g_assert_cmpstr (value_of (bound, "2002", CF_PLAN_COL_NO_RVOE), ==, "ACUERDO 1981");

  /* A new subject, then one removed. */
  plan = cf_plan_node_get_parent (fixture_subject (bound, "1001"));
  added = cf_plan_book_insert_with_id (bound, plan, -1, "1004", &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_true (cf_plan_book_set_value (bound, added, CF_PLAN_COL_NOMBRE_ASIGNATURA, "ÉTICA JURÍDICA", &error));
  g_assert_no_error (error);
  g_assert_true (cf_plan_book_remove (bound, fixture_subject (bound, "1001"), &error));
  g_assert_no_error (error);

  /* Another desk reads all of it. */
  other_desk = cf_test_store_open (f->location);
  again = load_book (other_desk);
  assert_books_equal (again, bound);
  g_assert_cmpstr (value_of (again, "1002", CF_PLAN_COL_CREDITOS), ==, "9.5");
  g_assert_cmpstr (value_of (again, "2001", CF_PLAN_COL_NO_RVOE), ==, "ACUERDO 1981");
  g_assert_cmpstr (value_of (again, "1004", CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "ÉTICA JURÍDICA");
  plan = cf_plan_node_get_parent (fixture_subject (again, "1002"));
  g_assert_cmpuint (cf_plan_node_get_n_children (plan), ==, 3);
  g_assert_cmpstr (cf_plan_node_get (cf_plan_node_get_child (plan, 0), CF_PLAN_COL_ID_ASIGNATURA), ==, "1002");
  g_assert_cmpstr (cf_plan_node_get (cf_plan_node_get_child (plan, 2), CF_PLAN_COL_ID_ASIGNATURA), ==, "1004");
  g_clear_object (&again);

  /* Undo writes through as well. */
  g_assert_true (cf_plan_book_undo (bound, &error));   /* the removal */
  g_assert_no_error (error);
  g_assert_true (cf_plan_book_undo (bound, &error));   /* the name */
  g_assert_no_error (error);
  again = load_book (other_desk);
  assert_books_equal (again, bound);
  g_assert_cmpstr (value_of (again, "1001", CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "INTRODUCCIÓN AL DERECHO");
  g_assert_cmpstr (value_of (again, "1004", CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "");

  /* The bitácora: the import, then each change with old → new. */
  entries = audit (other_desk, "plans");
  g_assert_cmpuint (entries->len, ==, 1);
  assert_audit_entry (g_ptr_array_index (entries, 0), "import", "plans", "090123", "subjects", NULL, "5");
  g_clear_pointer (&entries, g_ptr_array_unref);

  entries = audit (other_desk, "plan");
  g_assert_cmpuint (entries->len, ==, 1);
  assert_audit_entry (g_ptr_array_index (entries, 0), "change", "plan", "2020", "NO_RVOE",
                      "ACUERDO 1980", "ACUERDO 1981");
  g_clear_pointer (&entries, g_ptr_array_unref);

  entries = audit (other_desk, "subject");
  /* Newest first: undo name, undo removal (an add), remove, name, add, credits. */
  g_assert_cmpuint (entries->len, ==, 6);
  assert_audit_entry (g_ptr_array_index (entries, 0), "change", "subject", "1004", "NOMBRE_ASIGNATURA",
                      "ÉTICA JURÍDICA", "");
  assert_audit_entry (g_ptr_array_index (entries, 1), "add", "subject", "1001", NULL, NULL, NULL);
  assert_audit_entry (g_ptr_array_index (entries, 2), "remove", "subject", "1001", NULL, NULL, NULL);
  assert_audit_entry (g_ptr_array_index (entries, 3), "change", "subject", "1004", "NOMBRE_ASIGNATURA",
                      "", "ÉTICA JURÍDICA");
  assert_audit_entry (g_ptr_array_index (entries, 4), "add", "subject", "1004", NULL, NULL, NULL);
  assert_audit_entry (g_ptr_array_index (entries, 5), "change", "subject", "1002", "CREDITOS", "8", "9.5");
}

/* ------------------------------------------------------------------ */
/* Two desks                                                           */
/* ------------------------------------------------------------------ */

/* Desk A edits a cell, then desk B, which read the row before A's edit,
 * edits the same cell: B is refused with A's value, and A's value stays. */
static void
test_two_desks_same_cell (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CfStore) desk_a = NULL;
  g_autoptr(CfStore) desk_b = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) book_a = NULL;
  g_autoptr(CfPlanBook) book_b = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *stored = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  desk_a = cf_test_store_open (f->location);
  desk_b = cf_test_store_open (f->location);
  save_book (book, desk_a);
  book_a = load_book (desk_a);
  book_b = load_book (desk_b);

  set_value (book_a, "1001", CF_PLAN_COL_CREDITOS, "9");

  before = checksum (desk_b);
  g_assert_false (cf_plan_book_set_value (book_b, fixture_subject (book_b, "1001"), CF_PLAN_COL_CREDITOS, "7",
                                          &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "CREDITOS"));
  g_assert_nonnull (strstr (error->message, "“9”"));
  g_clear_error (&error);
  after = checksum (desk_b);
  g_assert_cmpstr (after, ==, before);

  /* B keeps what it had (it must reload); nothing to undo for B. */
  g_assert_cmpstr (value_of (book_b, "1001", CF_PLAN_COL_CREDITOS), ==, "8");
  g_assert_false (cf_plan_book_can_undo (book_b));
  stored = stored_value (f->location, "1001", CF_PLAN_COL_CREDITOS);
  g_assert_cmpstr (stored, ==, "9");

  /* Another cell of the same row is refused as well: B's copy of the row is stale. */
  g_assert_false (cf_plan_book_set_value (book_b, fixture_subject (book_b, "1001"), CF_PLAN_COL_PERIODO, "3",
                                          &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Rows A did not touch are B's to edit. */
  set_value (book_b, "1002", CF_PLAN_COL_CREDITOS, "6");

  /* After reloading, B's edit of the cell goes through. */
  g_clear_object (&book_b);
  book_b = load_book (desk_b);
  g_assert_cmpstr (value_of (book_b, "1001", CF_PLAN_COL_CREDITOS), ==, "9");
  set_value (book_b, "1001", CF_PLAN_COL_CREDITOS, "7");
  g_clear_pointer (&stored, g_free);
  stored = stored_value (f->location, "1001", CF_PLAN_COL_CREDITOS);
  g_assert_cmpstr (stored, ==, "7");

  /* The bitácora has the two edits that happened, not the refused ones. */
  entries = audit (desk_a, "subject");
  g_assert_cmpuint (entries->len, ==, 3);
  assert_audit_entry (g_ptr_array_index (entries, 0), "change", "subject", "1001", "CREDITOS", "9", "7");
  assert_audit_entry (g_ptr_array_index (entries, 1), "change", "subject", "1002", "CREDITOS", "8", "6");
  assert_audit_entry (g_ptr_array_index (entries, 2), "change", "subject", "1001", "CREDITOS", "8", "9");
}

/* Desk B replaces the whole working copy (what `plan import` does); desk A
 * then edits from the book it read before: every edit is refused and the
 * store does not change by a byte. Before row versions, A's stale ids
 * overwrote B's new rows (SQLite reuses the ids of deleted rows). */
static void
test_two_desks_stale_book (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CfStore) desk_a = NULL;
  g_autoptr(CfStore) desk_b = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) replacement = fixture_book ();
  g_autoptr(CfPlanBook) book_a = NULL;
  g_autoptr(CfPlanBook) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const char * const ids[] = { "1001", "1002", "1003", "2001", "2002" };

  CF_TEST_REQUIRE_ENGINE (f);
  desk_a = cf_test_store_open (f->location);
  desk_b = cf_test_store_open (f->location);
  save_book (book, desk_a);
  book_a = load_book (desk_a);

  /* B imports a new version: other credits and names everywhere. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      CfPlanNode *subject = fixture_subject (replacement, ids[i]);
      g_autofree char *name = g_strdup_printf ("NUEVA %s", ids[i]);

      g_assert_true (cf_plan_book_set_value (replacement, subject, CF_PLAN_COL_CREDITOS, "5", &error));
      g_assert_true (cf_plan_book_set_value (replacement, subject, CF_PLAN_COL_NOMBRE_ASIGNATURA, name, &error));
      g_assert_no_error (error);
    }
  save_book (replacement, desk_b);
  before = checksum (desk_b);

  /* A edits cells of its old book: a subject's and a plan's. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_assert_false (cf_plan_book_set_value (book_a, fixture_subject (book_a, ids[i]), CF_PLAN_COL_CREDITOS,
                                              "9", &error));
      g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT);
      g_clear_error (&error);
    }
  g_assert_false (cf_plan_book_set_value (book_a, fixture_subject (book_a, "1001"), CF_PLAN_COL_NO_RVOE,
                                          "OTRO", &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Removing one of its old subjects is refused as well. */
  g_assert_false (cf_plan_book_remove (book_a, fixture_subject (book_a, "1002"), &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (cf_plan_book_can_undo (book_a));

  after = checksum (desk_a);
  g_assert_cmpstr (after, ==, before);
  now = load_book (desk_a);
  assert_books_equal (now, replacement);
}

/* The same, for edits that change the tree, from a book read before B's
 * import: they must not land in B's rows (whose ids may equal A's old
 * ones: SQLite reuses the ids of deleted rows). */
static void
stale_structure_set_up (Fixture     *f,
                        CfStore    **desk_a,
                        CfStore    **desk_b,
                        CfPlanBook **book_a,
                        CfPlanBook **replacement,
                        char       **before)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GError) error = NULL;

  *desk_a = cf_test_store_open (f->location);
  *desk_b = cf_test_store_open (f->location);
  save_book (book, *desk_a);
  *book_a = load_book (*desk_a);

  /* B's version has the subjects of plan 2018 in another order. */
  *replacement = fixture_book ();
  g_assert_true (cf_plan_book_move (*replacement, fixture_subject (*replacement, "1003"), 0, &error));
  g_assert_no_error (error);
  save_book (*replacement, *desk_b);
  *before = checksum (*desk_b);
}

static void
test_two_desks_stale_insert (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CfStore) desk_a = NULL;
  g_autoptr(CfStore) desk_b = NULL;
  g_autoptr(CfPlanBook) book_a = NULL;
  g_autoptr(CfPlanBook) replacement = NULL;
  g_autoptr(CfPlanBook) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CfPlanNode *plan, *added;

  CF_TEST_REQUIRE_ENGINE (f);
  stale_structure_set_up (f, &desk_a, &desk_b, &book_a, &replacement, &before);

  plan = cf_plan_node_get_parent (fixture_subject (book_a, "1001"));
  added = cf_plan_book_insert_with_id (book_a, plan, 1, "1099", &error);
  after = checksum (desk_a);
  now = load_book (desk_a);
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT);
  g_assert_null (added);
  g_assert_cmpstr (after, ==, before);
  assert_books_equal (now, replacement);
}

static void
test_two_desks_stale_move (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CfStore) desk_a = NULL;
  g_autoptr(CfStore) desk_b = NULL;
  g_autoptr(CfPlanBook) book_a = NULL;
  g_autoptr(CfPlanBook) replacement = NULL;
  g_autoptr(CfPlanBook) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean moved;

  CF_TEST_REQUIRE_ENGINE (f);
  stale_structure_set_up (f, &desk_a, &desk_b, &book_a, &replacement, &before);

  moved = cf_plan_book_move (book_a, fixture_subject (book_a, "1001"), 2, &error);
  after = checksum (desk_a);
  now = load_book (desk_a);
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT);
  g_assert_false (moved);
  g_assert_cmpstr (after, ==, before);
  assert_books_equal (now, replacement);
}

/* Desk A edits a cell, desk B (reloaded) changes it again, then A undoes its
 * edit: refused, B's value stays. */
static void
test_two_desks_undo (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CfStore) desk_a = NULL;
  g_autoptr(CfStore) desk_b = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) book_a = NULL;
  g_autoptr(CfPlanBook) book_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *stored = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  desk_a = cf_test_store_open (f->location);
  desk_b = cf_test_store_open (f->location);
  save_book (book, desk_a);
  book_a = load_book (desk_a);

  set_value (book_a, "2002", CF_PLAN_COL_NOMBRE_ASIGNATURA, "PSICOLOGÍA GENERAL I");
  book_b = load_book (desk_b);
  set_value (book_b, "2002", CF_PLAN_COL_NOMBRE_ASIGNATURA, "PSICOLOGÍA GENERAL II");
  before = checksum (desk_a);

  g_assert_true (cf_plan_book_can_undo (book_a));
  g_assert_false (cf_plan_book_undo (book_a, &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "PSICOLOGÍA GENERAL II"));
  g_clear_error (&error);

  after = checksum (desk_a);
  g_assert_cmpstr (after, ==, before);
  stored = stored_value (f->location, "2002", CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpstr (stored, ==, "PSICOLOGÍA GENERAL II");
  /* A's book still shows its own value until it reloads. */
  g_assert_cmpstr (value_of (book_a, "2002", CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "PSICOLOGÍA GENERAL I");
}

/* ------------------------------------------------------------------ */
/* Watching for changes                                                */
/* ------------------------------------------------------------------ */

typedef struct
{
  GMainLoop *loop;
  int        changed;
  guint      timeout_id;
} Watch;

static void
changed_cb (CfStore *store,
            Watch   *watch)
{
  watch->changed++;
  g_main_loop_quit (watch->loop);
}

static gboolean
timeout_cb (gpointer data)
{
  Watch *watch = data;

  watch->timeout_id = 0;
  g_main_loop_quit (watch->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until "changed" or @timeout_ms. */
static void
run_for (Watch *watch,
         guint  timeout_ms)
{
  watch->timeout_id = g_timeout_add (timeout_ms, timeout_cb, watch);
  g_main_loop_run (watch->loop);
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
}

static void
test_watch_changes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CfStore) desk_a = NULL;
  g_autoptr(CfStore) desk_b = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) book_a = NULL;
  g_autoptr(CfPlanBook) book_b = NULL;
  Watch watch = { g_main_loop_new (NULL, FALSE), 0, 0 };
  gint64 start;

  CF_TEST_REQUIRE_ENGINE (f);
  /* A opens after B's import: that one is not news to A. */
  desk_b = cf_test_store_open (f->location);
  save_book (book, desk_b);
  desk_a = cf_test_store_open (f->location);
  book_a = load_book (desk_a);

  cf_store_watch_changes (desk_a, 200);
  g_signal_connect (desk_a, "changed", G_CALLBACK (changed_cb), &watch);

  /* A's own writes are not news to A. */
  set_value (book_a, "1001", CF_PLAN_COL_CREDITOS, "9");
  set_value (book_a, "1002", CF_PLAN_COL_CREDITOS, "9");
  run_for (&watch, 900);
  g_assert_cmpint (watch.changed, ==, 0);

  /* B's are, within the interval and well under 3 s. */
  book_b = load_book (desk_b);
  set_value (book_b, "1003", CF_PLAN_COL_CREDITOS, "9");
  start = g_get_monotonic_time ();
  run_for (&watch, 3000);
  g_assert_cmpint (watch.changed, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_TIME_SPAN_SECOND);

  /* Once: nothing more happened since. */
  run_for (&watch, 700);
  g_assert_cmpint (watch.changed, ==, 1);

  g_main_loop_unref (watch.loop);
}

/* B writes, then A writes before A's next look at the counter: B's write
 * must still be noticed, though A's own write moved the counter past it. */
static void
test_watch_changes_interleaved (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CfStore) desk_a = NULL;
  g_autoptr(CfStore) desk_b = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) book_a = NULL;
  g_autoptr(CfPlanBook) book_b = NULL;
  Watch watch = { g_main_loop_new (NULL, FALSE), 0, 0 };

  CF_TEST_REQUIRE_ENGINE (f);
  desk_b = cf_test_store_open (f->location);
  save_book (book, desk_b);
  desk_a = cf_test_store_open (f->location);
  book_a = load_book (desk_a);
  book_b = load_book (desk_b);

  cf_store_watch_changes (desk_a, 200);
  g_signal_connect (desk_a, "changed", G_CALLBACK (changed_cb), &watch);
  run_for (&watch, 500);
  g_assert_cmpint (watch.changed, ==, 0);

  /* No main loop between the two writes: A has not looked yet. */
  set_value (book_b, "2001", CF_PLAN_COL_CREDITOS, "7");
  set_value (book_a, "1001", CF_PLAN_COL_CREDITOS, "9");
  run_for (&watch, 3000);
  g_assert_cmpint (watch.changed, ==, 1);

  g_main_loop_unref (watch.loop);
}

/* ------------------------------------------------------------------ */
/* Copying between engines                                             */
/* ------------------------------------------------------------------ */

static void
assert_copy_report (const char *report)
{
  static const char * const tables[] = {
    "signers", "plan_institution", "plan_campus", "plan_career", "plan_plan", "plan_subject",
    "plan_snapshot", "plan_snapshot_row", "plan_id_history", "institution", "student", "grade",
    "folio_sequence", "certificate", "certificate_event", "test_folio", "test_folio_use", "incorporation",
    "incorporation_file",
    "audit_log",
  };
  g_auto(GStrv) lines = g_strsplit (report, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;

      if (lines[i][0] == '\0')
        continue;
      cells = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 3);
      g_assert_cmpuint (n, <, G_N_ELEMENTS (tables));
      g_assert_cmpstr (cells[0], ==, tables[n]);
      g_assert_cmpstr (cells[2], ==, "ok");
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (tables));
}

static void
copy_ok (CfStore *from,
         CfStore *to)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_store_copy_to (from, to, report, &error));
  g_assert_no_error (error);
  assert_copy_report (report->str);
}

static void
copy_refused (CfStore *from,
              CfStore *to)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = checksum (to);
  g_autofree char *after = NULL;

  g_assert_false (cf_store_copy_to (from, to, report, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_EMPTY);
  after = checksum (to);
  g_assert_cmpstr (after, ==, before);
}

static GBytes *
every_byte_bytes (void)
{
  guint8 data[512];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (255 - i % 256);
  return g_bytes_new (data, sizeof data);
}

/* A store with a row in every table: signers, plans edited, a version
 * marked as sent (snapshot rows and ID history), a removed subject (a gap
 * in the ids), the bitácora. */
static void
fill_store (Fixture *f,
            CfStore *store)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) bound = NULL;
  g_autoptr(CfCertificate) zoe = generate_certificate (f, "zoe", "ZOE RAMÍREZ SOTO", "RASZ800101AB1",
                                                       "30001000000500000001");
  g_autoptr(CfCertificate) ana = generate_certificate (f, "ana", "ANA BELÉN CRUZ DÍAZ", "CUDA750505XY2",
                                                       "30001000000500000002");
  g_autoptr(CfPlanSnapshot) snapshot = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2024, 5, 17, 12, 0, 0);
  g_autoptr(GError) error = NULL;

  g_autoptr(GBytes) every_byte = every_byte_bytes ();

  g_assert_true (cf_signer_repo_add (store, zoe, &error));
  g_assert_true (cf_signer_repo_add (store, ana, &error));
  g_assert_no_error (error);
  /* A file of the incorporation: a blob / bytea with every byte value. */
  g_assert_true (cf_incorporation_repo_put_file (store, CF_INC_FILE_LOGO, "logo.png", "image/png", every_byte, NULL,
                                                 &error));
  g_assert_no_error (error);

  save_book (book, store);
  bound = load_book (store);
  snapshot = cf_plan_mark_sent (store, bound, when, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  set_value (bound, "1002", CF_PLAN_COL_CREDITOS, "9.5");
  set_value (bound, "2001", CF_PLAN_COL_NOMBRE_ASIGNATURA, "BASES BIOLÓGICAS DE LA CONDUCTA");
  g_assert_true (cf_plan_book_remove (bound, fixture_subject (bound, "1001"), &error));
  g_assert_no_error (error);
}

/* A store and its copy go on as two independent stores: new rows there
 * get ids past the copied ones. */
static void
write_after_copy (Fixture *f,
                  CfStore *store)
{
  g_autoptr(CfPlanBook) bound = load_book (store);
  g_autoptr(CfCertificate) eva = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *plan, *added;
  g_autofree char *basename = g_strdup_printf ("eva-%s", cf_store_engine_to_string (cf_store_get_engine (store)));
  CfStoreCounts before = counts_of (store);
  CfStoreCounts after;
  gint64 stamp = stamp_of (store);

  plan = cf_plan_node_get_parent (fixture_subject (bound, "2001"));
  added = cf_plan_book_insert_with_id (bound, plan, 0, "2003", &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  set_value (bound, "2003", CF_PLAN_COL_CREDITOS, "4");
  g_assert_true (cf_plan_book_undo (bound, &error));
  g_assert_true (cf_plan_book_redo (bound, &error));
  g_assert_no_error (error);

  eva = generate_certificate (f, basename, "EVA LUNA PAZ", "LUPE800101AB1", "30001000000500000003");
  g_assert_true (cf_signer_repo_add (store, eva, &error));
  g_assert_no_error (error);

  after = counts_of (store);
  g_assert_cmpuint (after.subjects, ==, before.subjects + 1);
  g_assert_cmpuint (after.signers, ==, before.signers + 1);
  g_assert_cmpuint (after.audit_entries, ==, before.audit_entries + 5);
  g_assert_cmpint (stamp_of (store), >, stamp);
}

static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  const char *pg_location;
  const char *back_location;
  g_autoptr(CfStore) source = NULL;
  g_autoptr(CfStore) pg = NULL;
  g_autoptr(CfStore) back = NULL;
  g_autoptr(CfStore) other = NULL;
  g_autoptr(CfPlanBook) source_book = NULL;
  g_autoptr(CfPlanBook) pg_book = NULL;
  g_autoptr(CfPlanBook) back_book = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  g_autoptr(GPtrArray) pg_signers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sum_source = NULL;
  g_autofree char *sum_pg = NULL;
  g_autofree char *sum_back = NULL;
  g_autofree char *full_source = NULL;
  g_autofree char *full_source_after = NULL;

  CF_TEST_REQUIRE_ENGINE (f);   /* SQLite */
  pg_location = cf_test_engine_other_location (f, "postgresql");
  if (pg_location == NULL)
    {
      g_test_skip ("no PostgreSQL test server (CF_TEST_PG_URI is not set; see build-aux/pg-test-server)");
      return;
    }
  back_location = cf_test_engine_other_location (f, "sqlite");

  source = cf_test_store_open (f->location);
  fill_store (f, source);
  full_source = checksum (source);

  /* SQLite → PostgreSQL → SQLite. */
  pg = cf_test_store_open (pg_location);
  copy_ok (source, pg);
  back = cf_test_store_open (back_location);
  copy_ok (pg, back);

  /* Copying reads the original and changes nothing there. */
  full_source_after = checksum (source);
  g_assert_cmpstr (full_source_after, ==, full_source);

  /* The same rows, byte for byte, on the three. */
  sum_source = checksum_without_clock (source);
  sum_pg = checksum_without_clock (pg);
  sum_back = checksum_without_clock (back);
  g_assert_cmpstr (sum_pg, ==, sum_source);
  g_assert_cmpstr (sum_back, ==, sum_source);
  g_assert_nonnull (strstr (sum_source, "signers\t2\t"));
  g_assert_nonnull (strstr (sum_source, "plan_subject\t4\t"));
  g_assert_nonnull (strstr (sum_source, "plan_snapshot_row\t5\t"));
  g_assert_nonnull (strstr (sum_source, "audit_log\t9\t"));
  g_assert_nonnull (strstr (sum_source, "incorporation_file\t1\t"));
  {
    g_autoptr(GBytes) expected = every_byte_bytes ();
    g_autoptr(GBytes) on_pg = cf_incorporation_repo_get_file (pg, CF_INC_FILE_LOGO, NULL, &error);
    g_autoptr(GBytes) on_back = cf_incorporation_repo_get_file (back, CF_INC_FILE_LOGO, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (on_pg, expected));
    g_assert_true (g_bytes_equal (on_back, expected));
  }

  /* And read back through the repositories. */
  source_book = load_book (source);
  pg_book = load_book (pg);
  back_book = load_book (back);
  assert_books_equal (pg_book, source_book);
  assert_books_equal (back_book, source_book);
  signers = cf_signer_repo_list (source, &error);
  pg_signers = cf_signer_repo_list (pg, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pg_signers->len, ==, signers->len);
  for (guint i = 0; i < signers->len; i++)
    g_assert_true (g_bytes_equal (cf_certificate_get_der (g_ptr_array_index (signers, i)),
                                  cf_certificate_get_der (g_ptr_array_index (pg_signers, i))));
  /* The copy's counter is ahead of the original's. */
  g_assert_cmpint (stamp_of (pg), >, stamp_of (source));

  /* Into a store that holds data: refused, the target unchanged. */
  copy_refused (source, pg);
  copy_refused (pg, back);
  /* Even when all it holds is one signer. */
  other = cf_test_store_open (cf_test_engine_other_location (f, "postgresql"));
  {
    g_autoptr(CfCertificate) only = generate_certificate (f, "only", "SOLO UNO", "SOUN800101AB1",
                                                          "30001000000500000009");

    g_assert_true (cf_signer_repo_add (other, only, &error));
    g_assert_no_error (error);
  }
  copy_refused (source, other);

  /* The copies live on: new rows do not collide with the copied ids. */
  write_after_copy (f, pg);
  write_after_copy (f, back);
}

/* ------------------------------------------------------------------ */
/* Migrations and stores that are not ours                             */
/* ------------------------------------------------------------------ */

/* Schema version 2, as Certifica 0.2 wrote it: the signers table of
 * version 1 and the study-plan tables (before row versions, the change
 * counter and the bitácora). Written out here, not taken from the code,
 * so that a change to a released step shows. */
static const char schema_v2[] =
  "PRAGMA application_id = 1130721908;"
  "CREATE TABLE signers ("
  "  certificate_number TEXT PRIMARY KEY NOT NULL, rfc TEXT NOT NULL, curp TEXT,"
  "  name TEXT NOT NULL, not_before TEXT NOT NULL, not_after TEXT NOT NULL,"
  "  kind TEXT NOT NULL, der BLOB NOT NULL, added_at TEXT NOT NULL);"
  "CREATE TABLE plan_institution ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  id_institucion TEXT NOT NULL DEFAULT '', nombre_institucion TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE plan_campus ("
  "  id INTEGER PRIMARY KEY,"
  "  institution_id INTEGER NOT NULL REFERENCES plan_institution (id) ON DELETE CASCADE,"
  "  ord INTEGER NOT NULL, id_campus TEXT NOT NULL DEFAULT '', campus TEXT NOT NULL DEFAULT '',"
  "  id_entidad TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX plan_campus_parent ON plan_campus (institution_id, ord);"
  "CREATE TABLE plan_career ("
  "  id INTEGER PRIMARY KEY,"
  "  campus_id INTEGER NOT NULL REFERENCES plan_campus (id) ON DELETE CASCADE,"
  "  ord INTEGER NOT NULL, id_carrera TEXT NOT NULL DEFAULT '', clave_carrera TEXT NOT NULL DEFAULT '',"
  "  nombre_carrera TEXT NOT NULL DEFAULT '', id_nivel_estudios TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX plan_career_parent ON plan_career (campus_id, ord);"
  "CREATE TABLE plan_plan ("
  "  id INTEGER PRIMARY KEY,"
  "  career_id INTEGER NOT NULL REFERENCES plan_career (id) ON DELETE CASCADE,"
  "  ord INTEGER NOT NULL, clave_plan TEXT NOT NULL DEFAULT '', no_rvoe TEXT NOT NULL DEFAULT '',"
  "  fecha_rvoe TEXT NOT NULL DEFAULT '', id_tipo_periodo TEXT NOT NULL DEFAULT '',"
  "  calificacion_minima TEXT NOT NULL DEFAULT '', calificacion_maxima TEXT NOT NULL DEFAULT '',"
  "  calificacion_minima_aprobatoria TEXT NOT NULL DEFAULT '', total_asignaturas TEXT NOT NULL DEFAULT '',"
  "  total_creditos TEXT NOT NULL DEFAULT '', estatus_plan TEXT NOT NULL DEFAULT 'VIGENTE');"
  "CREATE INDEX plan_plan_parent ON plan_plan (career_id, ord);"
  "CREATE TABLE plan_subject ("
  "  id INTEGER PRIMARY KEY,"
  "  plan_id INTEGER NOT NULL REFERENCES plan_plan (id) ON DELETE CASCADE,"
  "  ord INTEGER NOT NULL, id_asignatura TEXT NOT NULL DEFAULT '', clave_asignatura TEXT NOT NULL DEFAULT '',"
  "  nombre_asignatura TEXT NOT NULL DEFAULT '', id_tipo_asignatura TEXT NOT NULL DEFAULT '',"
  "  creditos TEXT NOT NULL DEFAULT '', periodo TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX plan_subject_parent ON plan_subject (plan_id, ord);"
  "CREATE TABLE plan_snapshot (id INTEGER PRIMARY KEY, sent_at TEXT NOT NULL, n_rows INTEGER NOT NULL);"
  "CREATE TABLE plan_snapshot_row ("
  "  snapshot_id INTEGER NOT NULL REFERENCES plan_snapshot (id) ON DELETE CASCADE,"
  "  ord INTEGER NOT NULL,"
  "  id_institucion TEXT NOT NULL, nombre_institucion TEXT NOT NULL,"
  "  id_campus TEXT NOT NULL, campus TEXT NOT NULL, id_entidad TEXT NOT NULL,"
  "  id_carrera TEXT NOT NULL, clave_carrera TEXT NOT NULL, nombre_carrera TEXT NOT NULL,"
  "  clave_plan TEXT NOT NULL, no_rvoe TEXT NOT NULL, fecha_rvoe TEXT NOT NULL,"
  "  id_tipo_periodo TEXT NOT NULL, id_nivel_estudios TEXT NOT NULL,"
  "  calificacion_minima TEXT NOT NULL, calificacion_maxima TEXT NOT NULL,"
  "  calificacion_minima_aprobatoria TEXT NOT NULL,"
  "  total_asignaturas TEXT NOT NULL, total_creditos TEXT NOT NULL,"
  "  id_asignatura TEXT NOT NULL, clave_asignatura TEXT NOT NULL,"
  "  nombre_asignatura TEXT NOT NULL, id_tipo_asignatura TEXT NOT NULL,"
  "  creditos TEXT NOT NULL, periodo TEXT NOT NULL,"
  "  PRIMARY KEY (snapshot_id, ord));"
  "CREATE TABLE plan_id_history ("
  "  kind TEXT NOT NULL CHECK (kind IN ('carrera', 'asignatura')), id TEXT NOT NULL,"
  "  clave TEXT NOT NULL, nombre TEXT NOT NULL, first_used TEXT NOT NULL,"
  "  snapshot_id INTEGER NOT NULL REFERENCES plan_snapshot (id),"
  "  PRIMARY KEY (kind, id));"
  /* Data: plan 2018 of the fixture with its first two subjects, sent once. */
  "INSERT INTO plan_institution VALUES (1, '090123', 'UNIVERSIDAD EJEMPLO');"
  "INSERT INTO plan_campus VALUES (1, 1, 0, '090101', 'ÚNICO', '09');"
  "INSERT INTO plan_career VALUES (1, 1, 0, '101', '621317', 'LICENCIATURA EN DERECHO', '81');"
  "INSERT INTO plan_plan VALUES (1, 1, 0, '2018', '20180409', '2018-04-09', '91', '5', '10', '6', '2', '16',"
  "  'VIGENTE');"
  "INSERT INTO plan_subject VALUES (1, 1, 0, '1001', 'DER101', 'INTRODUCCIÓN AL DERECHO', '263', '8', '1'),"
  "  (2, 1, 1, '1002', 'DER102', 'DERECHO ROMANO', '263', '8', '1');"
  "INSERT INTO plan_snapshot VALUES (1, '2024-05-17T12:00:00Z', 2);"
  "INSERT INTO plan_snapshot_row VALUES"
  "  (1, 0, '090123', 'UNIVERSIDAD EJEMPLO', '090101', 'ÚNICO', '09', '101', '621317',"
  "   'LICENCIATURA EN DERECHO', '2018', '20180409', '2018-04-09', '91', '81', '5', '10', '6', '2', '16',"
  "   '1001', 'DER101', 'INTRODUCCIÓN AL DERECHO', '263', '8', '1'),"
  "  (1, 1, '090123', 'UNIVERSIDAD EJEMPLO', '090101', 'ÚNICO', '09', '101', '621317',"
  "   'LICENCIATURA EN DERECHO', '2018', '20180409', '2018-04-09', '91', '81', '5', '10', '6', '2', '16',"
  "   '1002', 'DER102', 'DERECHO ROMANO', '263', '8', '1');"
  "INSERT INTO plan_id_history VALUES ('carrera', '101', '621317', 'LICENCIATURA EN DERECHO', '2024-05-17', 1),"
  "  ('asignatura', '1001', 'DER101', 'INTRODUCCIÓN AL DERECHO', '2024-05-17', 1),"
  "  ('asignatura', '1002', 'DER102', 'DERECHO ROMANO', '2024-05-17', 1);"
  "PRAGMA user_version = 2;";

static void
history_cb (const char *kind,
            const char *id,
            const char *clave,
            const char *nombre,
            const char *first_used,
            gpointer    user_data)
{
  g_string_append_printf (user_data, "%s %s %s %s|", kind, id, clave, first_used);
}

static void
test_migration_from_v2 (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const versioned[] = {
    "signers", "plan_institution", "plan_campus", "plan_career", "plan_plan", "plan_subject",
  };
  g_autoptr(CfCertificate) zoe = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfPlanSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) history = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *schema_again = NULL;
  CfStoreCounts counts;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GBytes *der;

  CF_TEST_REQUIRE_ENGINE (f);
  zoe = generate_certificate (f, "zoe", "ZOE RAMIREZ SOTO", "RASZ800101AB1", "30001000000500000001");
  der = cf_certificate_get_der (zoe);

  /* The file as version 2 left it (rollback journal, as it was then). */
  g_assert_cmpint (sqlite3_open (f->location, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema_v2, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO signers VALUES ('30001000000500000001', 'RASZ800101AB1',"
                                           " NULL, 'ZOE RAMIREZ SOTO', '2024-01-01T00:00:00Z',"
                                           " '2028-01-01T00:00:00Z', 'efirma', ?, '2024-01-02T00:00:00Z')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (der, NULL), g_bytes_get_size (der), SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = cf_test_store_open (f->location);
  g_assert_cmpint (cf_store_get_schema_version (store), ==, cf_store_get_latest_schema_version ());
  g_assert_cmpint (raw_schema_version (f->location), ==, cf_store_get_latest_schema_version ());
  g_assert_cmpint (raw_int (f->location, "PRAGMA application_id"), ==, 1130721908);

  /* Every row kept; the new columns and tables there. */
  counts = counts_of (store);
  g_assert_cmpuint (counts.signers, ==, 1);
  g_assert_cmpuint (counts.plans, ==, 1);
  g_assert_cmpuint (counts.subjects, ==, 2);
  g_assert_cmpuint (counts.audit_entries, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (versioned); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE row_version IS NULL", versioned[i]);

      g_assert_true (raw_has_column (f->location, versioned[i], "row_version"));
      g_assert_cmpint (raw_int (f->location, sql), ==, 0);
    }
  g_assert_cmpint (raw_int (f->location, "SELECT count(*) FROM cf_clock"), ==, 1);
  g_assert_cmpint (raw_int (f->location, "SELECT count(*) FROM plan_snapshot_row"), ==, 2);

  signers = cf_signer_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signers->len, ==, 1);
  g_assert_true (g_bytes_equal (cf_certificate_get_der (g_ptr_array_index (signers, 0)), der));

  book = load_book (store);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (book), ==, 2);
  g_assert_cmpstr (value_of (book, "1001", CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "INTRODUCCIÓN AL DERECHO");
  g_assert_cmpstr (value_of (book, "1002", CF_PLAN_COL_NO_RVOE), ==, "20180409");
  g_assert_cmpstr (value_of (book, "1002", CF_PLAN_COL_CAMPUS), ==, "ÚNICO");
  snapshot = cf_plan_snapshot_load_last (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  g_assert_cmpuint (cf_plan_snapshot_get_rows (snapshot)->len, ==, 2);
  g_assert_true (cf_plan_repo_each_history (store, history_cb, history, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (history->str, ==, "asignatura 1001 DER101 2024-05-17|asignatura 1002 DER102 2024-05-17|"
                                     "carrera 101 621317 2024-05-17|");

  /* Migrated rows can be edited (their row version is the one read). */
  set_value (book, "1002", CF_PLAN_COL_CREDITOS, "7");
  entries = audit (store, NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  assert_audit_entry (g_ptr_array_index (entries, 0), "change", "subject", "1002", "CREDITOS", "8", "7");
  schema = raw_schema (f->location);
  g_clear_object (&book);
  g_clear_object (&store);

  /* Reopening migrates nothing. */
  store = cf_test_store_open (f->location);
  schema_again = raw_schema (f->location);
  g_assert_cmpstr (schema_again, ==, schema);
  stored = stored_value (f->location, "1002", CF_PLAN_COL_CREDITOS);
  g_assert_cmpstr (stored, ==, "7");
}

/* What a refused store must keep: every table, column and row. */
static char *
fingerprint (const char *location)
{
  g_autofree char *schema = raw_schema (location);
  g_autofree char *version = NULL;
  g_autofree char *rows = NULL;

  if (cf_store_location_is_uri (location))
    {
      version = raw_text (location, "SELECT string_agg (key || '=' || value, ',' ORDER BY key) FROM cf_meta");
      rows = raw_text (location, "SELECT (SELECT stamp FROM cf_clock) || '/' || (SELECT count(*) FROM plan_subject)"
                                 " || '/' || (SELECT count(*) FROM audit_log)");
    }
  else
    {
      version = raw_text (location, "PRAGMA user_version");
      rows = raw_text (location, "SELECT (SELECT stamp FROM cf_clock) || '/' || (SELECT count(*) FROM plan_subject)"
                                 " || '/' || (SELECT count(*) FROM audit_log)");
    }
  return g_strdup_printf ("%s\n%s\n%s", schema, version, rows);
}

static void
test_newer_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes_before = NULL;
  g_autoptr(GBytes) bytes_after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  save_book (book, store);
  g_clear_object (&store);

  /* A later Certifica's version number. */
  if (is_pg (f))
    {
      g_autofree char *ignored = cf_test_pg_query (f->location,
                                                   "UPDATE cf_meta SET value = '99' WHERE key = 'schema_version'");
    }
  else
    {
      /* Back to a rollback journal, so that merely reading touches no file. */
      sqlite_exec (f->location, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
      bytes_before = read_or_null (f->location);
      g_assert_nonnull (bytes_before);
    }
  before = fingerprint (f->location);
  g_assert_cmpint (raw_schema_version (f->location), ==, 99);

  g_assert_null (cf_store_open_with_password (f->location, cf_test_store_password (f->location), &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NEWER);
  g_assert_nonnull (strstr (error->message, "newer version of Certifica"));
  g_clear_error (&error);

  if (!is_pg (f))
    {
      bytes_after = read_or_null (f->location);
      g_assert_nonnull (bytes_after);
      g_assert_true (g_bytes_equal (bytes_before, bytes_after));
      wal = g_strconcat (f->location, "-wal", NULL);
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    }
  after = fingerprint (f->location);
  g_assert_cmpstr (after, ==, before);
}

static void
test_foreign_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes_before = NULL;
  g_autoptr(GBytes) bytes_after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *sql = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                    "INSERT INTO customers VALUES (1, 'Ana'), (2, 'Zoe');";

  CF_TEST_REQUIRE_ENGINE (f);
  if (is_pg (f))
    {
      g_autofree char *ignored = cf_test_pg_query (f->location, sql);
    }
  else
    {
      sqlite_exec (f->location, sql);
      bytes_before = read_or_null (f->location);
    }
  before = raw_schema (f->location);
  g_assert_cmpstr (before, !=, NULL);

  g_assert_null (cf_store_open_with_password (f->location, cf_test_store_password (f->location), &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  after = raw_schema (f->location);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (raw_int (f->location, "SELECT count(*) FROM customers"), ==, 2);
  if (is_pg (f))
    g_assert_cmpint (raw_int (f->location, "SELECT count(*) FROM information_schema.tables"
                                           " WHERE table_schema = current_schema()"), ==, 1);
  else
    {
      bytes_after = read_or_null (f->location);
      g_assert_true (g_bytes_equal (bytes_before, bytes_after));
    }
}

/* A wrong password is an authentication error, not "cannot reach". */
static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  g_assert_null (cf_store_open_with_password (f->location, "not-the-password", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_AUTH);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);

#define ADD(engine, name, func) CF_TEST_ADD_ENGINE_CASE ("store-engines", engine, name, func)

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      ADD (engines[i], "create-reopen", test_create_reopen);
      ADD (engines[i], "signers", test_signers);
      ADD (engines[i], "plans", test_plans);
      ADD (engines[i], "two-desks/same-cell", test_two_desks_same_cell);
      ADD (engines[i], "two-desks/stale-book", test_two_desks_stale_book);
      ADD (engines[i], "two-desks/stale-insert", test_two_desks_stale_insert);
      ADD (engines[i], "two-desks/stale-move", test_two_desks_stale_move);
      ADD (engines[i], "two-desks/undo", test_two_desks_undo);
      ADD (engines[i], "watch-changes", test_watch_changes);
      ADD (engines[i], "watch-changes-interleaved", test_watch_changes_interleaved);
      ADD (engines[i], "newer-refused", test_newer_refused);
      ADD (engines[i], "foreign-refused", test_foreign_refused);
    }
  /* Only SQLite stores of version 2 exist (PostgreSQL came with version 3). */
  ADD ("sqlite", "migration-from-v2", test_migration_from_v2);
  ADD ("postgresql", "wrong-password", test_wrong_password);
  /* Needs both engines: SQLite → PostgreSQL → SQLite. */
  g_test_add ("/store-engines/copy", Fixture, "sqlite", cf_test_engine_set_up, test_copy, cf_test_engine_tear_down);
#undef ADD

  return g_test_run ();
}
