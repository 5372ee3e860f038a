/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli plan: import, validate, diff, export, mark-sent, as a
 * subprocess on real files; exported workbooks read back with openpyxl
 * (/usr/bin/python3) to see where a spreadsheet program shows yellow. */

#include "config.h"

#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cf-finding.h"
#include "cf-plan.h"
#include "cf-test-util.h"
#include "../core/test-plan-fixture.h"
#include "../core/test-xlsx-build.h"

#define PYTHON "/usr/bin/python3"

typedef struct
{
  char *dir;
  char *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cf_test_mkdtemp ();
  f->store = g_build_filename (f->dir, "certifica.db", NULL);
  /* Whatever a verb does by default stays in the temporary folder. */
  g_setenv ("XDG_DATA_HOME", f->dir, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cf_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->store);
}

/* Runs certifica-cli --store STORE ARGS...; returns the exit status. */
static int
cli (Fixture     *f,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli_path = g_getenv ("CF_CLI");
  const char *arg;
  va_list args;
  int status;

  g_assert_nonnull (cli_path);
  g_ptr_array_add (argv, (gpointer) cli_path);
  g_ptr_array_add (argv, "--store");
  g_ptr_array_add (argv, f->store);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  status = cf_test_spawn ((const char * const *) argv->pdata, NULL, out, err);
  if (g_test_verbose ())
    g_test_message ("exit %d\n%s%s", status, out && *out ? *out : "", err && *err ? *err : "");
  return status;
}

#define CLI(f, out, err, ...) cli ((f), (out), (err), __VA_ARGS__, NULL)

/* certifica-cli on another store than the fixture's; returns the exit status. */
#define CLI_AT(f, store_path, out, err, ...) \
  ({ char *kept_ = (f)->store; int status_; (f)->store = (char *) (store_path); \
     status_ = cli ((f), (out), (err), __VA_ARGS__, NULL); (f)->store = kept_; status_; })

#define NO_CHANGES "\"new_rows\": 0, \"changed_cells\": 0, \"removed_rows\": 0, \"changes\": []"

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

static int
count_subjects (Fixture *f)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = -1;

  if (!g_file_test (f->store, G_FILE_TEST_EXISTS))
    return -1;
  g_assert_cmpint (sqlite3_open_v2 (f->store, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM plan_subject", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static gboolean
have_openpyxl (void)
{
  const char *argv[] = { PYTHON, "-c", "import openpyxl", NULL };

  return g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE) && cf_test_spawn (argv, NULL, NULL, NULL) == 0;
}

/* ------------------------------------------------------------------ */

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (CLI (f, &out, &err, "plan", "--help"), ==, 0);
  g_assert_nonnull (strstr (out, "import"));
  g_assert_nonnull (strstr (out, "mark-sent"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "export"), ==, 2);
  g_assert_nonnull (strstr (err, "--out"));
}

static void
test_import_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autofree char *csv = write_csv (f, "plan.csv", rows);
  g_autofree char *xlsx = g_build_filename (f->dir, "plan.xlsx", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* A dry run writes nothing, not even an empty store. */
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", "--dry-run", csv), ==, 0);
  g_assert_nonnull (strstr (out, "5 subjects"));
  g_assert_nonnull (strstr (out, "--dry-run"));
  g_assert_false (g_file_test (f->store, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", csv), ==, 0);
  g_assert_nonnull (strstr (out, "CSV (UTF-8)"));
  g_assert_cmpint (count_subjects (f), ==, 5);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "plan", "validate"), ==, 0);
  g_assert_nonnull (strstr (out, "0 errors"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Export → mark sent → import the export again: nothing changed. */
  g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--out", xlsx), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "mark-sent", "--date", "2024-05-17"), ==, 0);
  g_assert_nonnull (strstr (out, "2024-05-17: 5 rows"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", xlsx), ==, 0);
  g_assert_nonnull (strstr (out, "sheet “Programa de Estudios”, header on row 1, 5 rows"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "diff", "--json"), ==, 0);
  g_assert_nonnull (strstr (out, "\"new_rows\": 0, \"changed_cells\": 0, \"removed_rows\": 0, \"changes\": []"));
}

/* The cells openpyxl sees as yellow must be exactly what the diff says:
 * each changed cell, and every cell of each new row. */
static void
test_yellow_matches_diff (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autofree char *first = write_csv (f, "v1.csv", rows);
  g_autofree char *second = NULL;
  g_autofree char *xlsx = g_build_filename (f->dir, "sep.xlsx", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "cli", "plan-openpyxl-read.py", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *seen = NULL;
  CfPlanRow *added;

  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 with openpyxl (python3-openpyxl) is needed");
      return;
    }

  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", first), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "mark-sent", "--date", "2024-05-17"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Version 2: a renamed subject, a new subject (totals follow), a removed
   * one in the other plan (its totals follow too). */
  cf_plan_row_set (g_ptr_array_index (rows, 1), CF_PLAN_COL_NOMBRE_ASIGNATURA, "DERECHO ROMANO I");
  added = cf_plan_row_copy (g_ptr_array_index (rows, 2));
  cf_plan_row_set (added, CF_PLAN_COL_ID_ASIGNATURA, "1004");
  cf_plan_row_set (added, CF_PLAN_COL_CLAVE_ASIGNATURA, "DER202");
  cf_plan_row_set (added, CF_PLAN_COL_NOMBRE_ASIGNATURA, "ÉTICA JURÍDICA");
  g_ptr_array_insert (rows, 3, added);
  for (guint i = 0; i < 4; i++)
    {
      cf_plan_row_set (g_ptr_array_index (rows, i), CF_PLAN_COL_TOTAL_ASIGNATURAS, "4");
      cf_plan_row_set (g_ptr_array_index (rows, i), CF_PLAN_COL_TOTAL_CREDITOS, "32");
    }
  g_ptr_array_remove_index (rows, 5);
  cf_plan_row_set (g_ptr_array_index (rows, 4), CF_PLAN_COL_TOTAL_ASIGNATURAS, "1");
  cf_plan_row_set (g_ptr_array_index (rows, 4), CF_PLAN_COL_TOTAL_CREDITOS, "6.5");
  second = write_csv (f, "v2.csv", rows);

  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", second), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "diff"), ==, 0);
  g_assert_nonnull (strstr (out, "~ row 3, NOMBRE_ASIGNATURA: “DERECHO ROMANO” → “DERECHO ROMANO I”"));
  g_assert_nonnull (strstr (out, "+ row 5: new subject 1004"));
  g_assert_nonnull (strstr (out, "- removed: subject 2002"));
  /* The name, and each plan's two totals once (not once per row). */
  g_assert_nonnull (strstr (out, "1 new row, 5 changed values, 1 removed row"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--for-sep", "--out", xlsx), ==, 0);
  g_assert_nonnull (strstr (out, "5 rows, 33 cells in yellow"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *argv[] = { PYTHON, script, xlsx, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &seen, &err), ==, 0);
  }

  /* Row 3 (1002): its name and the plan totals. Rows 2 and 4: the totals.
   * Row 5 (1004): all 24 cells. Row 6 (2001): its plan's totals. */
  g_assert_nonnull (strstr (seen, "\"yellow\": [\"Q2\", \"R2\", \"Q3\", \"R3\", \"U3\", \"Q4\", \"R4\", "
                                  "\"A5\", \"B5\", \"C5\", \"D5\", \"E5\", \"F5\", \"G5\", \"H5\", \"I5\", \"J5\", "
                                  "\"K5\", \"L5\", \"M5\", \"N5\", \"O5\", \"P5\", \"Q5\", \"R5\", \"S5\", \"T5\", "
                                  "\"U5\", \"V5\", \"W5\", \"X5\", \"Q6\", \"R6\"]"));
  g_assert_nonnull (strstr (seen, "\"sheets\": [\"Instrucciones\", \"Programa de Estudios\"]"));
  g_assert_nonnull (strstr (seen, "\"freeze\": \"A2\""));
  g_assert_nonnull (strstr (seen, "\"filter\": \"A1:X6\""));
  g_assert_nonnull (strstr (seen, "\"dates\": [\"K2\", \"K3\", \"K4\", \"K5\", \"K6\"]"));
  g_assert_nonnull (strstr (seen, "\"widths_set\": true"));
  /* Only the sample beside the explanation is yellow on Instrucciones. */
  g_assert_nonnull (strstr (seen, "\"instructions_yellow\": [\"B"));
  g_assert_nonnull (strstr (seen, "\"header\": [\"ID_INSTITUCION\""));
  g_assert_null (strstr (seen, "ESTATUS_PLAN"));
}

static void
test_openpyxl_workbook (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "cli", "plan-openpyxl-write.py", NULL);
  g_autofree char *xlsx = g_build_filename (f->dir, "otro.xlsx", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { PYTHON, script, xlsx, NULL };

  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 with openpyxl (python3-openpyxl) is needed");
      return;
    }

  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", xlsx), ==, 0);
  g_assert_nonnull (strstr (out, "sheet “Plan”, header on row 2, 3 rows"));
  g_assert_cmpint (count_subjects (f), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "validate", "--json"), ==, 0);
  g_assert_cmpstr (out, ==, "{\"errors\": 0, \"warnings\": 0, \"findings\": []}\n");
}

/* MEC's several sheets (with merged catalog titles, note rows and columns,
 * IDs as text and numbers, three date spellings; 900 subjects over 18
 * careers) import to the same plan as the flat file; what the sheets do
 * not carry comes from the working copy, or is a finding. */
static void
test_mec_workbook (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "cli", "plan-mec-openpyxl-write.py", NULL);
  g_autofree char *mec = g_build_filename (f->dir, "mec.xlsx", NULL);
  g_autofree char *flat = g_build_filename (f->dir, "flat.csv", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "broken.xlsx", NULL);
  g_autofree char *unused = g_build_filename (f->dir, "unused.csv", NULL);
  g_autofree char *fresh = g_build_filename (f->dir, "fresh.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  char *kept;

  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 with openpyxl (python3-openpyxl) is needed");
      return;
    }
  {
    const char *argv[] = { PYTHON, script, mec, flat, "18", "50", NULL };
    const char *argv_broken[] = { PYTHON, script, broken, unused, "2", "3", "no-subject-id", NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (cf_test_spawn (argv_broken, NULL, NULL, NULL), ==, 0);
  }

  /* Without a working copy: the join, and findings for what is missing. */
  kept = f->store;
  f->store = fresh;
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", "--dry-run", mec), ==, 0);
  f->store = kept;
  g_assert_nonnull (strstr (out, "mec.xlsx: 900 rows."));
  g_assert_nonnull (strstr (out, "MEC's sheets, joined by their keys:"));
  g_assert_nonnull (strstr (out, "• “PROGRAMAS DE ESTUDIO”: ID_INSTITUCION, ID_CAMPUS, ID_CARRERA, CLAVE_PLAN, "
                                 "NO_RVOE, FECHA_RVOE, ID_ASIGNATURA."));
  g_assert_nonnull (strstr (out, "• “ASIGNATURAS”: CLAVE_ASIGNATURA, NOMBRE_ASIGNATURA."));
  g_assert_nonnull (strstr (out, "• “CARRERAS”: CLAVE_CARRERA, NOMBRE_CARRERA, ID_NIVEL_ESTUDIOS."));
  g_assert_nonnull (strstr (out, "• “NUMERO DE RVOE”: CALIFICACION_MINIMA, CALIFICACION_MAXIMA, "
                                 "CALIFICACION_MINIMA_APROBATORIA."));
  g_assert_nonnull (strstr (out, "• “CAMPUS”: NOMBRE_INSTITUCION, CAMPUS, ID_ENTIDAD."));
  g_assert_nonnull (strstr (out, "Not in the file: ID_TIPO_PERIODO, TOTAL_ASIGNATURAS, TOTAL_CREDITOS, "
                                 "ID_TIPO_ASIGNATURA, CREDITOS, PERIODO."));
  g_assert_nonnull (strstr (out, "Preview: 18 careers, 18 plans (0 withdrawn), 900 subjects."));
  /* Row 4 is the first under the header of PROGRAMAS DE ESTUDIO. */
  g_assert_nonnull (strstr (out, "row 4, CREDITOS: error"));
  /* The three date spellings all read. */
  g_assert_null (strstr (out, "FECHA_RVOE: error"));
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* With the flat file as the working copy, sent: the same plan. */
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", flat), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "mark-sent", "--date", "2024-05-17"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", mec), ==, 0);
  g_assert_nonnull (strstr (out, "6300 values the sheets do not have were taken from the working copy."));
  g_assert_nonnull (strstr (out, "0 errors, 0 warnings."));
  g_assert_nonnull (strstr (out, "0 new rows, 0 changed values, 0 removed rows"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "diff", "--json"), ==, 0);
  g_assert_nonnull (strstr (out, "\"new_rows\": 0, \"changed_cells\": 0, \"removed_rows\": 0, \"changes\": []"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* MEC → flat → MEC: the working copy as one flat sheet, read into
   * another store, exported as MEC's sheets, read back: no difference. */
  {
    g_autofree char *flat_out = g_build_filename (f->dir, "vuelta.xlsx", NULL);
    g_autofree char *mec_out = g_build_filename (f->dir, "vuelta-mec.xlsx", NULL);
    g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);

    g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--out", flat_out), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (CLI_AT (f, other, &out, &err, "plan", "import", flat_out), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (CLI_AT (f, other, &out, &err, "plan", "export", "--shape", "mec", "--out", mec_out), ==, 0);
    g_assert_nonnull (strstr (out, "(MEC's sheets): 900 subject rows, 0 cells in yellow."));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (CLI (f, &out, &err, "plan", "import", mec_out), ==, 0);
    g_assert_null (strstr (out, "Not in the file"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (CLI (f, &out, &err, "plan", "diff", "--json"), ==, 0);
    g_assert_nonnull (strstr (out, NO_CHANGES));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* PROGRAMAS DE ESTUDIO without ID_ASIGNATURA: named, nothing written. */
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", broken), ==, 1);
  g_assert_nonnull (strstr (out, "broken.xlsx: sheet “PROGRAMAS DE ESTUDIO”, header on row 3, 6 rows."));
  g_assert_nonnull (strstr (err, "The header row of the sheet “PROGRAMAS DE ESTUDIO” does not match MEC's sheet "
                                 "of that name. Missing columns: ID_ASIGNATURA. Rename"));
  g_assert_nonnull (strstr (err, "Nothing was written."));
  g_assert_cmpint (count_subjects (f), ==, 900);
}

/* Flat → MEC → flat with no difference; the MEC export's yellow is the
 * diff's, on the sheet where each changed value is kept (openpyxl). */
static void
test_mec_export (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autofree char *first = write_csv (f, "v1.csv", rows);
  g_autofree char *second = NULL;
  g_autofree char *mec = g_build_filename (f->dir, "mec.xlsx", NULL);
  g_autofree char *flat = g_build_filename (f->dir, "flat.xlsx", NULL);
  g_autofree char *sep = g_build_filename (f->dir, "sep-mec.xlsx", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "cli", "plan-mec-openpyxl-read.py", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *seen = NULL;
  CfPlanRow *added;

  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 with openpyxl (python3-openpyxl) is needed");
      return;
    }

  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", first), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "mark-sent", "--date", "2024-05-17"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* flat → MEC → flat, through another store that knows nothing. */
  g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--shape", "mec", "--out", mec), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI_AT (f, other, &out, &err, "plan", "import", mec), ==, 0);
  g_assert_nonnull (strstr (out, "0 errors, 0 warnings."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI_AT (f, other, &out, &err, "plan", "export", "--out", flat), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", flat), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "diff", "--json"), ==, 0);
  g_assert_nonnull (strstr (out, NO_CHANGES));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Version 2: a renamed subject (ASIGNATURAS), a renamed career
   * (CARRERAS), an RVOE's passing grade (NUMERO DE RVOE), a new subject
   * with its plan's totals (PROGRAMAS DE ESTUDIO, ASIGNATURAS). */
  cf_plan_row_set (g_ptr_array_index (rows, 1), CF_PLAN_COL_NOMBRE_ASIGNATURA, "DERECHO ROMANO I");
  added = cf_plan_row_copy (g_ptr_array_index (rows, 2));
  cf_plan_row_set (added, CF_PLAN_COL_ID_ASIGNATURA, "1004");
  cf_plan_row_set (added, CF_PLAN_COL_CLAVE_ASIGNATURA, "DER202");
  cf_plan_row_set (added, CF_PLAN_COL_NOMBRE_ASIGNATURA, "ÉTICA JURÍDICA");
  g_ptr_array_insert (rows, 3, added);
  for (guint i = 0; i < 4; i++)
    {
      cf_plan_row_set (g_ptr_array_index (rows, i), CF_PLAN_COL_TOTAL_ASIGNATURAS, "4");
      cf_plan_row_set (g_ptr_array_index (rows, i), CF_PLAN_COL_TOTAL_CREDITOS, "32");
    }
  for (guint i = 4; i < 6; i++)
    {
      cf_plan_row_set (g_ptr_array_index (rows, i), CF_PLAN_COL_NOMBRE_CARRERA, "LICENCIATURA EN PSICOLOGÍA CLÍNICA");
      cf_plan_row_set (g_ptr_array_index (rows, i), CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA, "60");
    }
  second = write_csv (f, "v2.csv", rows);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", second), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--for-sep", "--shape", "mec", "--out", sep), ==, 0);
  g_assert_nonnull (strstr (out, "Wrote "));
  g_assert_nonnull (strstr (out, "(MEC's sheets): 6 subject rows, 28 cells in yellow."));
  g_assert_nonnull (strstr (out, "1 new row, 5 changed values, 0 removed rows"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *argv[] = { PYTHON, script, sep, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &seen, &err), ==, 0);
  }
  g_assert_nonnull (strstr (seen, "\"sheets\": [\"Instrucciones\", \"CARRERAS\", \"ASIGNATURAS\", "
                                  "\"PROGRAMAS DE ESTUDIO\", \"NUMERO DE RVOE\", \"CAMPUS\"]"));
  g_assert_nonnull (strstr (seen, "\"CARRERAS\": {\"header\": [\"ID_INSTITUCION\", \"ID_NIVEL\", \"ID_CARRERA\", "
                                  "\"CLAVE_CARRERA\", \"DESCRIPCION\"], \"rows\": 3, \"freeze\": \"A2\", "
                                  "\"yellow\": [\"E3\"]"));
  g_assert_nonnull (strstr (seen, "\"ASIGNATURAS\": {\"header\": [\"ID_INSTITUCION\", \"ID_CARRERA\", "
                                  "\"ID_ASIGNATURA\", \"CLAVE_ASIGNATURA\", \"DESCRIPCION\"], \"rows\": 7, "
                                  "\"freeze\": \"A2\", \"yellow\": [\"E3\", \"A5\", \"B5\", \"C5\", \"D5\", \"E5\"]"));
  /* No ESTATUS_PLAN for SEP: A to N; the totals of plan 2018, the new row whole. */
  g_assert_nonnull (strstr (seen, "\"CURP_RESPONSABLE_PLAN_DE_ESTUDIO\", \"ID_TIPO_PERIODO\", \"TOTAL_ASIGNATURAS\", "
                                  "\"TOTAL_CREDITOS\", \"ID_TIPO_ASIGNATURA\", \"CREDITOS\", \"PERIODO\"], "
                                  "\"rows\": 7, \"freeze\": \"A2\", \"yellow\": [\"J2\", \"K2\", \"J3\", \"K3\", "
                                  "\"J4\", \"K4\", \"A5\", \"B5\", \"C5\", \"D5\", \"E5\", \"F5\", \"G5\", \"H5\", "
                                  "\"I5\", \"J5\", \"K5\", \"L5\", \"M5\", \"N5\"], \"dates\": [\"F2\", \"F3\", "
                                  "\"F4\", \"F5\", \"F6\", \"F7\"]"));
  g_assert_nonnull (strstr (seen, "\"NUMERO DE RVOE\": {\"header\": [\"NO_RVOE\", \"FECHA_RVOE\", \"CALIF_MINIMA\", "
                                  "\"CALIF_MAXIMA\", \"MINIMA_APROBATORIA\"], \"rows\": 3, \"freeze\": \"A2\", "
                                  "\"yellow\": [\"E3\"], \"dates\": [\"B2\", \"B3\"]"));
  g_assert_nonnull (strstr (seen, "\"CAMPUS\": {\"header\": [\"ID_INSTITUCION\", \"CLAVE_CAMPUS\", \"DESCRIPCION\", "
                                  "\"ID_ENTIDAD\", \"NOMBRE_INSTITUCION\"], \"rows\": 2, \"freeze\": \"A2\", "
                                  "\"yellow\": []"));
  g_assert_nonnull (strstr (seen, "\"Instrucciones\": {\"header\": null, \"rows\": "));
  g_assert_nonnull (strstr (seen, "\"yellow\": [\"B"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The export for SEP read back: the working copy unchanged. */
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", sep), ==, 0);
  g_assert_nonnull (strstr (out, "1 new row, 5 changed values, 0 removed rows"));
}

/* A career named two ways (in two campuses) cannot be one row of
 * CARRERAS: the MEC export is refused, naming both, and nothing written. */
static void
test_mec_export_conflict (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autofree char *csv = NULL;
  g_autofree char *mec = g_build_filename (f->dir, "mec.xlsx", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  CfPlanRow *other = cf_plan_row_copy (g_ptr_array_index (rows, 0));

  cf_plan_row_set (other, CF_PLAN_COL_ID_CAMPUS, "090102");
  cf_plan_row_set (other, CF_PLAN_COL_CAMPUS, "NORTE");
  cf_plan_row_set (other, CF_PLAN_COL_NOMBRE_CARRERA, "LICENCIATURA EN DERECHO CORPORATIVO");
  g_ptr_array_add (rows, other);
  csv = write_csv (f, "dos-campus.csv", rows);

  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", csv), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--shape", "mec", "--out", mec), ==, 1);
  g_assert_nonnull (strstr (err, "MEC's sheet “CARRERAS” keeps one row for ID_CARRERA 101, but the plans give "
                                 "it two NOMBRE_CARRERA values: “LICENCIATURA EN DERECHO” (row 2) and "
                                 "“LICENCIATURA EN DERECHO CORPORATIVO” (row 7)."));
  g_assert_false (g_file_test (mec, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--shape", "flat", "--out", mec), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--shape", "tabla", "--out", mec), ==, 2);
  g_assert_nonnull (strstr (err, "Unknown shape “tabla”: give flat or mec."));
}

/* A flat sheet without a key column: the mapping is refused (the editor
 * offers its mapping step), nothing is written. */
static void
test_missing_key_column (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autofree char *good = write_csv (f, "good.csv", rows);
  g_autofree char *path = g_build_filename (f->dir, "sin-id.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);

  for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
    if (c != CF_PLAN_COL_ID_ASIGNATURA)
      g_string_append_printf (csv, "%s%s", csv->len > 0 ? ";" : "", cf_plan_column_get_name (c));
  g_string_append (csv, ";*CATALOGO PROPORCIONADO POR LA IPES\r\n");
  for (guint r = 0; r < rows->len; r++)
    {
      CfPlanRow *row = g_ptr_array_index (rows, r);
      gboolean first = TRUE;

      for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
        if (c != CF_PLAN_COL_ID_ASIGNATURA)
          {
            g_string_append_printf (csv, "%s\"%s\"", first ? "" : ";", row->cells[c]);
            first = FALSE;
          }
      g_string_append (csv, ";nota\r\n");
    }
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));

  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", good), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", path), ==, 1);
  g_assert_nonnull (strstr (err, "Missing columns: ID_ASIGNATURA."));
  /* The note column is not one Certifica "does not know". */
  g_assert_null (strstr (err, "does not know"));
  g_assert_nonnull (strstr (err, "Nothing was written."));
  g_assert_cmpint (count_subjects (f), ==, 5);
}

/* Every bad input is a clear error, and the working copy is untouched. */
static void
test_bad_inputs_write_nothing (Fixture       *f,
                               gconstpointer  data)
{
  static const char * const encrypted[] = { "EncryptionInfo", "EncryptedPackage", NULL };
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autofree char *good = write_csv (f, "good.csv", rows);
  g_autofree char *text = g_build_filename (f->dir, "text.xlsx", NULL);
  g_autofree char *not_workbook = g_build_filename (f->dir, "fotos.xlsx", NULL);
  g_autofree char *locked = g_build_filename (f->dir, "locked.xlsx", NULL);
  /* A formula or merged cells are refused inside the rows read only. */
#define PLAN_HEADER_ROW "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>ID_CAMPUS</t></is></c>" \
  "<c r=\"B2\" t=\"inlineStr\"><is><t>ID_CARRERA</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>CLAVE_PLAN</t></is></c>" \
  "<c r=\"D2\" t=\"inlineStr\"><is><t>ID_ASIGNATURA</t></is></c></row>"
  g_autofree char *formula = write_workbook (f->dir, "formula.xlsx",
                                             "<row r=\"1\"><c r=\"A1\"><f>1+1</f><v>2</v></c></row>"
                                             PLAN_HEADER_ROW
                                             "<row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"B3\"><f>1+1</f><v>2</v></c></row>",
                                             NULL);
  g_autofree char *merged = NULL;
  g_autofree char *empty_rows = NULL;
  g_autofree char *huge = NULL;
  Part photo[] = { { "foto.jpg", "\xff\xd8\xff", NULL, NULL } };
  Part merged_sheet = { "xl/worksheets/sheet1.xml",
                        SHEET_OPEN "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>PLAN</t></is></c></row>"
                        PLAN_HEADER_ROW "<row r=\"3\"><c r=\"A3\"><v>1</v></c></row>"
                        "<row r=\"4\"><c r=\"A4\"><v>1</v></c></row></sheetData><mergeCells>"
                        "<mergeCell ref=\"A1:D1\"/><mergeCell ref=\"B3:B4\"/></mergeCells></worksheet>", NULL, NULL };
  Part sheet = { "xl/worksheets/sheet1.xml", NULL, write_empty_rows, NULL };
  Part small_sheet = { "xl/worksheets/sheet1.xml", SHEET_OPEN SHEET_CLOSE, NULL, NULL };
  Part sst = { "xl/sharedStrings.xml", "<sst/>", NULL, NULL };
  Part huge_sst = { "xl/sharedStrings.xml", NULL, write_huge_strings, NULL };
  struct { const char *path; const char *message; } cases[] = {
    { text, "not an Excel workbook" },
    { not_workbook, "not an Excel workbook" },
    { locked, "password" },
    { formula, "Cell B3 of sheet “Datos” holds a formula" },
    { NULL, "Cells B3:B4 of sheet" },
    { NULL, "header row" },
    { NULL, "too large" },
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (text, "ID_CARRERA;CLAVE_PLAN\n", -1, NULL));
  write_zip (not_workbook, photo, G_N_ELEMENTS (photo));
  write_ole (locked, encrypted);
  cases[4].path = merged = write_workbook_full (f->dir, "merged.xlsx", &merged_sheet, &sst);
  /* One header cell and 1,048,575 empty rows below it. */
  cases[5].path = empty_rows = write_workbook_full (f->dir, "empty-rows.xlsx", &sheet, &sst);
  cases[6].path = huge = write_workbook_full (f->dir, "huge.xlsx", &small_sheet, &huge_sst);

  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", good), ==, 0);
  g_assert_cmpint (count_subjects (f), ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (CLI (f, &out, &err, "plan", "import", cases[i].path), ==, 1);
      if (strstr (err, cases[i].message) == NULL)
        g_error ("%s: “%s” not in “%s”", cases[i].path, cases[i].message, err);
      g_assert_cmpint (count_subjects (f), ==, 5);
    }
}

/* ------------------------------------------------------------------ */
/* Hostile inputs: memory follows what the file holds                  */
/* ------------------------------------------------------------------ */

/* The address-space limit the hostile inputs run under, and what an
 * import of any file under 20 MB may take. */
#define HOSTILE_AS_LIMIT "2000000000"
#define HOSTILE_MAX_RSS_KB (200 * 1024)
/* Under AddressSanitizer the CLI reserves terabytes of shadow address
 * space and doubles its RSS: there only the errors and times are checked. */
#if defined (__SANITIZE_ADDRESS__)
#define HOSTILE_MEASURED FALSE
#else
#define HOSTILE_MEASURED TRUE
#endif

extern char **environ;

typedef struct
{
  const char *header;   /* the cells of row 1 */
  const char *row;      /* one data row, repeated */
  guint       n_rows;
} SheetShape;

static void
write_shaped_sheet (GsfOutput *out,
                    gpointer   data)
{
  const SheetShape *shape = data;
  g_autoptr(GString) chunk = g_string_new (SHEET_OPEN);

  g_string_append_printf (chunk, "<row r=\"1\">%s</row>", shape->header);
  for (guint r = 0; r < shape->n_rows; r++)
    {
      g_string_append (chunk, shape->row);
      if (chunk->len > 1 << 20)
        {
          g_assert_true (gsf_output_write (out, chunk->len, (const guint8 *) chunk->str));
          g_string_truncate (chunk, 0);
        }
    }
  g_string_append (chunk, SHEET_CLOSE);
  g_assert_true (gsf_output_write (out, chunk->len, (const guint8 *) chunk->str));
}

static char *
write_shaped_workbook (Fixture          *f,
                       const char       *name,
                       const SheetShape *shape)
{
  Part sheet = { "xl/worksheets/sheet1.xml", NULL, write_shaped_sheet, (gpointer) shape };
  Part sst = { "xl/sharedStrings.xml", "<sst/>", NULL, NULL };
  char *path = write_workbook_full (f->dir, name, &sheet, &sst);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 20 * 1024 * 1024);
  return path;
}

/* An inline-string cell. */
#define IS(text) "<c t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define PLAN_HEADER IS ("ID_CAMPUS") IS ("ID_CARRERA") IS ("CLAVE_PLAN") IS ("ID_ASIGNATURA") \
                    IS ("NOMBRE_ASIGNATURA")

/* certifica-cli plan import --dry-run @path under prlimit --as: the exit
 * status, the standard error, the seconds and the peak RSS it took. */
static int
import_bounded (Fixture     *f,
                const char  *path,
                char       **err,
                double      *seconds,
                long        *max_rss_kb)
{
  g_autofree char *err_path = g_build_filename (f->dir, "import.err", NULL);
  const char *argv[] = { "prlimit", "--as=" HOSTILE_AS_LIMIT, g_getenv ("CF_CLI"), "--store", f->store,
                         "plan", "import", "--dry-run", path, NULL };
  const char * const *command = HOSTILE_MEASURED ? argv : argv + 2;
  posix_spawn_file_actions_t actions;
  struct rusage usage;
  gint64 start;
  pid_t pid;
  int status;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen (&actions, STDERR_FILENO, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  start = g_get_monotonic_time ();
  g_assert_cmpint (posix_spawnp (&pid, command[0], &actions, NULL, (char **) command, environ), ==, 0);
  posix_spawn_file_actions_destroy (&actions);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  *max_rss_kb = usage.ru_maxrss;

  g_assert_true (g_file_get_contents (err_path, err, NULL, NULL));
  g_test_message ("%s: %.1f s, %ld KB: %s", path, *seconds, *max_rss_kb, *err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* Files under 20 MB built to make an import take gigabytes: a header
 * that reaches column XFD (16,384 cells a row) above a million rows, a CSV
 * header of 200,000 fields, 256 full columns, a flood of rows. Each is a
 * clear "too large", quickly, in well under 200 MB. */
static void
test_hostile_inputs_bounded (Fixture       *f,
                             gconstpointer  data)
{
  const SheetShape xfd = { PLAN_HEADER "<c r=\"XFD1\" t=\"inlineStr\"><is><t>x</t></is></c>",
                           "<row><c><v>1</v></c></row>", 1000000 };
  const SheetShape flood = { PLAN_HEADER, "<row><c><v>1</v></c></row>", 150000 };
  g_autoptr(GString) wide_header = g_string_new (PLAN_HEADER);
  g_autoptr(GString) full_row = g_string_new ("<row>");
  g_autoptr(GString) csv = g_string_new ("ID_CAMPUS;ID_CARRERA;CLAVE_PLAN;ID_ASIGNATURA");
  g_autofree char *csv_path = g_build_filename (f->dir, "wide.csv", NULL);
  SheetShape full = { NULL, NULL, 12000 };
  struct { char *path; const char *what; } cases[4] = { { NULL } };
  const char *prlimit_argv[] = { "prlimit", "--version", NULL };

  if (cf_test_spawn (prlimit_argv, NULL, NULL, NULL) != 0)
    {
      g_test_skip ("prlimit (util-linux) is needed");
      return;
    }

  for (guint c = 5; c < 256; c++)
    g_string_append (wide_header, IS ("OTRA"));
  for (guint c = 0; c < 256; c++)
    g_string_append (full_row, "<c><v>12345</v></c>");
  g_string_append (full_row, "</row>");
  full.header = wide_header->str;
  full.row = full_row->str;

  for (guint c = 4; c < 200000; c++)
    g_string_append_printf (csv, ";C%u", c);
  g_string_append (csv, "\r\n1;2;3;4\r\n");
  g_assert_true (g_file_set_contents (csv_path, csv->str, csv->len, NULL));

  cases[0].path = write_shaped_workbook (f, "xfd1.xlsx", &xfd);
  cases[0].what = "columns";
  cases[1].path = g_strdup (csv_path);
  cases[1].what = "columns";
  cases[2].path = write_shaped_workbook (f, "full.xlsx", &full);
  cases[2].what = "MB";
  cases[3].path = write_shaped_workbook (f, "flood.xlsx", &flood);
  cases[3].what = "rows";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      double seconds;
      long max_rss_kb;
      int status;

      status = import_bounded (f, cases[i].path, &err, &seconds, &max_rss_kb);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, "too large"));
      g_assert_nonnull (strstr (err, cases[i].what));
      g_assert_cmpfloat (seconds, <, 30);
      if (HOSTILE_MEASURED)
        g_assert_cmpint (max_rss_kb, <, HOSTILE_MAX_RSS_KB);
      g_free (cases[i].path);
    }
  g_assert_cmpint (count_subjects (f), ==, -1);
}

/* @xml with a billion-laughs document type before its root element, and
 * the root's attributes and content using it. */
static char *
with_laughs (const char *xml)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *root = xml, *root_end;

  if (g_str_has_prefix (xml, "<?xml"))
    root = strstr (xml, "?>") + 2;
  root_end = strchr (root, '>');
  if (root_end[-1] == '/')
    root_end--;

  g_string_append_len (out, xml, root - xml);
  g_string_append (out, "<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
  for (guint i = 1; i <= 9; i++)
    {
      g_string_append_printf (out, "<!ENTITY lol%u \"", i);
      for (guint j = 0; j < 10; j++)
        g_string_append_printf (out, "&lol%u;", i - 1);
      g_string_append (out, "\">");
    }
  g_string_append (out, "]>");
  g_string_append_len (out, root, root_end - root);
  g_string_append (out, " laughs=\"&lol9;\"");
  if (*root_end == '/')
    g_string_append (out, "/>");
  else
    g_string_append_printf (out, ">&lol9;%s", root_end + 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A document type (billion laughs) in any part of a workbook, not only its
 * sheets, is refused as malformed before it is parsed: at once, in little
 * memory, under prlimit --as=2G. */
static void
test_doctype_in_every_part (Fixture       *f,
                            gconstpointer  data)
{
  Part parts[] = {
    { "[Content_Types].xml", CONTENT_TYPES, NULL, NULL },
    { "_rels/.rels", PACKAGE_RELS, NULL, NULL },
    { "xl/workbook.xml", WORKBOOK, NULL, NULL },
    { "xl/_rels/workbook.xml.rels", WORKBOOK_RELS, NULL, NULL },
    { "xl/styles.xml", STYLES, NULL, NULL },
    { "xl/worksheets/sheet1.xml",
      SHEET_OPEN "<row r=\"1\">" PLAN_HEADER "</row>" SHEET_CLOSE, NULL, NULL },
    { "xl/sharedStrings.xml",
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>x</t></si></sst>",
      NULL, NULL },
  };
  const char *prlimit_argv[] = { "prlimit", "--version", NULL };

  if (cf_test_spawn (prlimit_argv, NULL, NULL, NULL) != 0)
    {
      g_test_skip ("prlimit (util-linux) is needed");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *name = g_strdup_printf ("laughs-%u.xlsx", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *laughs = with_laughs (parts[i].text);
      g_autofree char *err = NULL;
      g_autofree char *expected = g_strdup_printf ("its part %s declares a document type", parts[i].name);
      Part hostile[G_N_ELEMENTS (parts)];
      double seconds;
      long max_rss_kb;

      memcpy (hostile, parts, sizeof parts);
      hostile[i].text = laughs;
      write_zip (path, hostile, G_N_ELEMENTS (hostile));

      g_assert_cmpint (import_bounded (f, path, &err, &seconds, &max_rss_kb), ==, 1);
      g_assert_nonnull (strstr (err, "damaged"));
      g_assert_nonnull (strstr (err, expected));
      g_assert_cmpfloat (seconds, <, 2);
      if (HOSTILE_MEASURED)
        g_assert_cmpint (max_rss_kb, <, HOSTILE_MAX_RSS_KB);
    }
  g_assert_cmpint (count_subjects (f), ==, -1);
}

static void
test_header_problems_write_nothing (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "wrong.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autofree char *conflict = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "ID_CARRERA,CLAVE_PLAN,ID_ASIGNATURA,COLOR\n101,2018,1001,rojo\n", -1, NULL));
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", path), ==, 1);
  g_assert_nonnull (strstr (err, "Missing columns: ID_INSTITUCION"));
  g_assert_nonnull (strstr (err, "“COLOR”"));
  g_assert_nonnull (strstr (err, "Nothing was written"));
  g_assert_cmpint (count_subjects (f), ==, -1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A row that contradicts its plan: listed, and nothing written. */
  cf_plan_row_set (g_ptr_array_index (rows, 2), CF_PLAN_COL_NO_RVOE, "20190101");
  conflict = write_csv (f, "conflict.csv", rows);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", conflict), ==, 1);
  g_assert_nonnull (strstr (err, "1 row was rejected"));
  g_assert_nonnull (strstr (err, "row 4: NO_RVOE"));
  g_assert_cmpint (count_subjects (f), <=, 0);
}

static void
test_errors_block_sep (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = g_build_filename (f->dir, "sep.xlsx", NULL);
  g_autofree char *work = g_build_filename (f->dir, "work.xlsx", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  cf_plan_row_set (g_ptr_array_index (rows, 0), CF_PLAN_COL_ID_TIPO_ASIGNATURA, "999");
  csv = write_csv (f, "bad.csv", rows);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "import", csv), ==, 0);
  g_assert_nonnull (strstr (out, "row 2, ID_TIPO_ASIGNATURA: error:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "plan", "validate"), ==, 1);
  g_assert_nonnull (strstr (out, "1 error, 0 warnings"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "validate", "--json"), ==, 1);
  g_assert_nonnull (strstr (out, "\"code\":\"plan.unknown-code\""));
  g_assert_nonnull (strstr (out, "\"path\":\"/Programa/Fila[2]/@ID_TIPO_ASIGNATURA\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* No file for SEP and no "sent" while errors remain; a working copy is fine. */
  g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--for-sep", "--out", xlsx), ==, 1);
  g_assert_nonnull (strstr (err, "1 error"));
  g_assert_false (g_file_test (xlsx, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "mark-sent"), ==, 1);
  g_assert_nonnull (strstr (err, "1 error"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "export", "--out", work), ==, 0);
  g_assert_true (g_file_test (work, G_FILE_TEST_EXISTS));
}

static void
test_empty_and_newer_store (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;

  g_assert_cmpint (CLI (f, &out, &err, "plan", "validate"), ==, 1);
  g_assert_nonnull (strstr (err, "no study plans"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "plan", "diff"), ==, 0);
  g_assert_nonnull (strstr (out, "No version has been marked as sent"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A store from a newer Certifica: refused, byte for byte untouched. */
  g_assert_cmpint (sqlite3_open (f->store, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (f->store, &before, &before_len, NULL));
  g_assert_cmpint (CLI (f, &out, &err, "plan", "diff"), ==, 1);
  g_assert_nonnull (strstr (err, "newer version of Certifica"));
  g_assert_true (g_file_get_contents (f->store, &after, &after_len, NULL));
  g_assert_cmpuint (before_len, ==, after_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/plan/help", test_help);
  ADD ("/cli/plan/import-round-trip", test_import_round_trip);
  ADD ("/cli/plan/yellow-matches-diff", test_yellow_matches_diff);
  ADD ("/cli/plan/openpyxl-workbook", test_openpyxl_workbook);
  ADD ("/cli/plan/mec-workbook", test_mec_workbook);
  ADD ("/cli/plan/mec-export", test_mec_export);
  ADD ("/cli/plan/mec-export-conflict", test_mec_export_conflict);
  ADD ("/cli/plan/missing-key-column", test_missing_key_column);
  ADD ("/cli/plan/bad-inputs-write-nothing", test_bad_inputs_write_nothing);
  ADD ("/cli/plan/hostile-inputs-bounded", test_hostile_inputs_bounded);
  ADD ("/cli/plan/doctype-in-every-part", test_doctype_in_every_part);
  ADD ("/cli/plan/header-problems-write-nothing", test_header_problems_write_nothing);
  ADD ("/cli/plan/errors-block-sep", test_errors_block_sep);
  ADD ("/cli/plan/empty-and-newer-store", test_empty_and_newer_store);
#undef ADD

  return g_test_run ();
}
