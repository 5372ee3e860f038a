/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole imports or none, on both engines: two `certifica-cli plan import`
 * processes on the same store at once, and imports killed with SIGKILL at
 * a random moment. Afterwards the store holds exactly one whole version of
 * the plans, never a mix or a part, and a SQLite file passes
 * PRAGMA integrity_check. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <sqlite3.h>

#include "cf-plan.h"
#include "cf-plan-import.h"
#include "cf-store.h"
#include "cf-test-util.h"
#include "../core/test-plan-fixture.h"

#define KILL_ROUNDS 20
#define CONCURRENT_ROUNDS 5
#define FIRST_START_ROUNDS 6

typedef CfTestEngine Fixture;


/* Starts certifica-cli --store LOCATION plan import FILE. */
static GSubprocess *
start_import_at (Fixture    *f,
                 const char *location,
                 const char *file)
{
  g_autoptr(GSubprocessLauncher) launcher = cf_test_cli_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                  G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  const char *cli_path = g_getenv ("CF_CLI");
  GSubprocess *process;

  g_assert_nonnull (cli_path);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "CERTIFICA_STORE");
  process = g_subprocess_launcher_spawn (launcher, &error, cli_path, "--store", location,
                                         "plan", "import", file, NULL);
  g_assert_no_error (error);
  return process;
}

static GSubprocess *
start_import (Fixture    *f,
              const char *file)
{
  return start_import_at (f, f->location, file);
}

/* Waits for @process; returns its exit status (128 + signal when killed). */
static int
finish (GSubprocess  *process,
        char        **err_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  if (g_subprocess_get_if_exited (process))
    return g_subprocess_get_exit_status (process);
  return 128 + g_subprocess_get_term_sig (process);
}

/* ---- The plans' versions ---- */

/* The whole content of a book, one line per subject with every cell. */
static char *
book_text (CfPlanBook *book)
{
  g_autoptr(GPtrArray) rows = cf_plan_book_to_rows (book, FALSE);
  GString *text = g_string_new (NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      CfPlanRow *row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        g_string_append_printf (text, "%s%s", c > 0 ? "\t" : "", row->cells[c]);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

typedef struct
{
  const char *name;
  char       *file;
  char       *text;   /* book_text() of what the file imports to */
  guint       n_subjects;
} Version;

static void
version_clear (Version *version)
{
  g_free (version->file);
  g_free (version->text);
}

/* What importing @file gives, read in this process with the same reader. */
static void
version_init (Version    *version,
              const char *name,
              char       *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanImport) import = cf_plan_import_read (file, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(CfPlanBook) book = NULL;

  g_assert_no_error (error);
  book = cf_plan_import_build (import, &rejected, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 0);

  version->name = name;
  version->file = file;
  version->text = book_text (book);
  version->n_subjects = cf_plan_book_get_n_subjects (book);
}

/* Which of @versions the store holds now: it must be one of them, whole. */
static const Version *
stored_version_at (const char *location,
                   Version    *versions,
                   guint       n_versions)
{
  g_autoptr(CfStore) store = cf_test_store_open (location);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) book = cf_plan_book_load (store, &error);
  g_autofree char *text = NULL;
  guint n;

  g_assert_no_error (error);
  n = cf_plan_book_get_n_subjects (book);
  text = book_text (book);
  for (guint i = 0; i < n_versions; i++)
    if (n == versions[i].n_subjects && g_str_equal (text, versions[i].text))
      return &versions[i];

  g_test_message ("the store holds %u subjects, a mix or a part of the versions:", n);
  for (guint i = 0; i < n_versions; i++)
    g_test_message ("  %s has %u", versions[i].name, versions[i].n_subjects);
  g_test_fail ();
  return NULL;
}

static const Version *
stored_version (Fixture  *f,
                Version  *versions,
                guint     n_versions)
{
  return stored_version_at (f->location, versions, n_versions);
}

static char *
write_csv (Fixture    *f,
           const char *name,
           GPtrArray  *rows)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  char *path = g_build_filename (f->dir, name, NULL);

  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    g_string_append_printf (csv, "%s%s", c > 0 ? ";" : "", cf_plan_column_get_name (c));
  g_string_append (csv, "\r\n");
  for (guint r = 0; r < rows->len; r++)
    {
      CfPlanRow *row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        g_string_append_printf (csv, "%s\"%s\"", c > 0 ? ";" : "", row->cells[c]);
      g_string_append (csv, "\r\n");
    }
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  return path;
}

/* A big plan: @n_subjects in careers of 50, IDs from @first_id, every
 * name with @tag so that two of them differ in every row. */
static char *
write_big_csv (Fixture    *f,
               const char *name,
               guint       n_subjects,
               guint       first_id,
               const char *tag)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_row_free);
  const guint per_plan = 50;

  for (guint i = 0; i < n_subjects; i++)
    {
      CfPlanRow *row = cf_plan_row_new ();
      guint career = 100 + i / per_plan;
      g_autofree char *id_carrera = g_strdup_printf ("%u", career);
      g_autofree char *clave_carrera = g_strdup_printf ("6213%u", career);
      g_autofree char *nombre_carrera = g_strdup_printf ("LICENCIATURA %s %u", tag, career);
      g_autofree char *no_rvoe = g_strdup_printf ("2018%u", career);
      g_autofree char *total_creditos = g_strdup_printf ("%u", per_plan * 8);
      g_autofree char *total = g_strdup_printf ("%u", per_plan);
      g_autofree char *id = g_strdup_printf ("%u", first_id + i);
      g_autofree char *clave = g_strdup_printf ("%s%u", tag, i);
      g_autofree char *nombre = g_strdup_printf ("ASIGNATURA %s %u", tag, i);
      g_autofree char *periodo = g_strdup_printf ("%u", 1 + (i % per_plan) / 6);

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        cf_plan_row_set (row, c, fixture_subjects[0][c]);
      cf_plan_row_set (row, CF_PLAN_COL_ID_CARRERA, id_carrera);
      cf_plan_row_set (row, CF_PLAN_COL_CLAVE_CARRERA, clave_carrera);
      cf_plan_row_set (row, CF_PLAN_COL_NOMBRE_CARRERA, nombre_carrera);
      cf_plan_row_set (row, CF_PLAN_COL_NO_RVOE, no_rvoe);
      cf_plan_row_set (row, CF_PLAN_COL_TOTAL_ASIGNATURAS, total);
      cf_plan_row_set (row, CF_PLAN_COL_TOTAL_CREDITOS, total_creditos);
      cf_plan_row_set (row, CF_PLAN_COL_ID_ASIGNATURA, id);
      cf_plan_row_set (row, CF_PLAN_COL_CLAVE_ASIGNATURA, clave);
      cf_plan_row_set (row, CF_PLAN_COL_NOMBRE_ASIGNATURA, nombre);
      cf_plan_row_set (row, CF_PLAN_COL_CREDITOS, "8");
      cf_plan_row_set (row, CF_PLAN_COL_PERIODO, periodo);
      g_ptr_array_add (rows, row);
    }
  return write_csv (f, name, rows);
}

static void
assert_sqlite_intact_at (const char *location)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (cf_store_location_is_uri (location))
    return;
  /* Read-write: a WAL left by the killed process is recovered first. */
  g_assert_cmpint (sqlite3_open_v2 (location, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_key_check", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
assert_sqlite_intact (Fixture *f)
{
  assert_sqlite_intact_at (f->location);
}

/* The two versions the concurrent tests import: the test workbook, and
 * the fixture's plans as CSV with other credits. */
static void
two_versions (Fixture *f,
              Version  versions[2])
{
  g_autoptr(GPtrArray) rows = fixture_rows ();

  version_init (&versions[0], "the workbook",
                g_test_build_filename (G_TEST_DIST, "data", "xlsx", "certifica-export.xlsx", NULL));
  for (guint r = 0; r < rows->len; r++)
    cf_plan_row_set (g_ptr_array_index (rows, r), CF_PLAN_COL_CREDITOS, "7");
  version_init (&versions[1], "the CSV file", write_csv (f, "other.csv", rows));
  g_assert_cmpstr (versions[0].text, !=, versions[1].text);
}

/* Imports the two versions into @location at the same moment; both must
 * succeed (one after the other). Returns the one that stayed. */
static const Version *
race_imports (Fixture    *f,
              const char *location,
              Version     versions[2],
              guint       first)
{
  g_autoptr(GSubprocess) a = start_import_at (f, location, versions[first].file);
  g_autoptr(GSubprocess) b = start_import_at (f, location, versions[1 - first].file);
  g_autofree char *a_err = NULL;
  g_autofree char *b_err = NULL;
  int a_status = finish (a, &a_err);
  int b_status = finish (b, &b_err);
  const Version *now;

  if (a_status != 0 || b_status != 0)
    g_test_message ("exits %d and %d:\n%s%s", a_status, b_status, a_err, b_err);
  g_assert_cmpint (a_status, ==, 0);
  g_assert_cmpint (b_status, ==, 0);

  assert_sqlite_intact_at (location);
  now = stored_version_at (location, versions, 2);
  g_assert_nonnull (now);
  return now;
}

/* ------------------------------------------------------------------ */

/* Two desks import different versions into the same store at the same
 * moment, five times. */
static void
test_concurrent_imports (Fixture       *f,
                         gconstpointer  data)
{
  Version versions[2];
  guint wins[2] = { 0, 0 };
  CfStoreCounts counts;

  CF_TEST_REQUIRE_ENGINE (f);
  two_versions (f, versions);

  /* The store exists: this is about the imports, not about creating it. */
  {
    g_autoptr(CfStore) store = cf_test_store_open (f->location);
  }

  for (guint round = 0; round < CONCURRENT_ROUNDS; round++)
    {
      const Version *now = race_imports (f, f->location, versions, round % 2);

      wins[now - versions]++;
    }
  g_test_message ("%s: %s stayed %u times, %s %u times", f->engine, versions[0].name, wins[0],
                  versions[1].name, wins[1]);

  /* Each import is in the bitácora. */
  {
    g_autoptr(CfStore) store = cf_test_store_open (f->location);
    g_autoptr(GError) error = NULL;

    g_assert_true (cf_store_count (store, &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.audit_entries, ==, 2 * CONCURRENT_ROUNDS);
  }

  version_clear (&versions[0]);
  version_clear (&versions[1]);
}

/* The same into a store neither has created yet (an office's first day,
 * two desks starting at once): both create, or wait for, the schema. */
static void
test_concurrent_first_start (Fixture       *f,
                             gconstpointer  data)
{
  Version versions[2];

  CF_TEST_REQUIRE_ENGINE (f);
  two_versions (f, versions);

  for (guint round = 0; round < FIRST_START_ROUNDS; round++)
    {
      g_autofree char *location = cf_test_store_location (f->engine, f->dir);
      g_autoptr(CfStore) store = NULL;

      race_imports (f, location, versions, round % 2);
      store = cf_test_store_open (location);
      g_assert_cmpint (cf_store_get_schema_version (store), ==, cf_store_get_latest_schema_version ());
      g_clear_object (&store);
      cf_test_store_location_drop (location);
    }

  version_clear (&versions[0]);
  version_clear (&versions[1]);
}

/* An import killed with SIGKILL at a random moment, twenty times: the store
 * holds the version before or the version after, whole. */
static void
test_sigkill_import (Fixture       *f,
                     gconstpointer  data)
{
  Version versions[2];
  const Version *now;
  guint outcomes[2] = { 0, 0 };
  gint64 start, full_us;

  CF_TEST_REQUIRE_ENGINE (f);

  version_init (&versions[0], "3000 subjects", write_big_csv (f, "big-a.csv", 3000, 10000, "A"));
  version_init (&versions[1], "2000 subjects", write_big_csv (f, "big-b.csv", 2000, 50000, "B"));
  g_assert_cmpuint (versions[0].n_subjects, ==, 3000);
  g_assert_cmpuint (versions[1].n_subjects, ==, 2000);

  /* One whole import first, timed: the kills fall within the time of one. */
  start = g_get_monotonic_time ();
  {
    g_autoptr(GSubprocess) process = start_import (f, versions[0].file);
    g_autofree char *err = NULL;

    g_assert_cmpint (finish (process, &err), ==, 0);
  }
  full_us = g_get_monotonic_time () - start;
  now = stored_version (f, versions, G_N_ELEMENTS (versions));
  g_assert_true (now == &versions[0]);
  g_test_message ("%s: a whole import takes %" G_GINT64_FORMAT " ms", f->engine, full_us / 1000);

  for (guint round = 0; round < KILL_ROUNDS; round++)
    {
      const Version *before = now;
      const Version *next = before == &versions[0] ? &versions[1] : &versions[0];
      g_autoptr(GSubprocess) process = start_import (f, next->file);
      /* Mostly in the second half, where the write is (the file is read
       * and checked first). */
      gint64 delay = g_test_rand_int_range ((gint32) (full_us * 3 / 10), (gint32) (full_us * 11 / 10) + 1);
      int status;

      g_usleep (delay);
      g_subprocess_send_signal (process, SIGKILL);
      status = finish (process, NULL);
      g_assert_true (status == 0 || status == 128 + SIGKILL);

      assert_sqlite_intact (f);
      now = stored_version (f, versions, G_N_ELEMENTS (versions));
      g_assert_nonnull (now);
      if (status == 0)
        g_assert_true (now == next);
      outcomes[now == next ? 1 : 0]++;
      g_test_message ("round %u: killed after %" G_GINT64_FORMAT " ms (%s): the store holds %s", round,
                      delay / 1000, status == 0 ? "it had finished" : "killed", now->name);
    }
  g_test_message ("%s: %u times the version before, %u times the new one", f->engine, outcomes[0], outcomes[1]);

  version_clear (&versions[0]);
  version_clear (&versions[1]);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);

#define ADD(engine, name, func) CF_TEST_ADD_ENGINE_CASE ("cli-store-stress", engine, name, func)

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      ADD (engines[i], "concurrent-imports", test_concurrent_imports);
      ADD (engines[i], "concurrent-first-start", test_concurrent_first_start);
      ADD (engines[i], "sigkill-import", test_sigkill_import);
    }
#undef ADD

  return g_test_run ();
}
