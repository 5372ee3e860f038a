/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli students import on a SQLite file and on a PostgreSQL
 * database, with exports written by openpyxl and Python's csv
 * (students-openpyxl-write.py, /usr/bin/python3): long and wide layouts,
 * xlsx and csv in both encodings and separators, odd headers, a workbook
 * whose catalog sheets have merged titles, notes above the header,
 * repeated rows, subjects not in the plan, rejected rows. Importing again
 * updates and never duplicates; --dry-run writes nothing. */

#include "config.h"

#include <json-glib/json-glib.h>

#include "cf-student-repo.h"
#include "cf-test-util.h"
#include "../core/test-plan-fixture.h"

#define PYTHON "/usr/bin/python3"

typedef struct
{
  const char *engine;
  char       *dir;
  char       *location;   /* NULL: no server for this engine, skipped */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->engine = data;
  f->dir = cf_test_mkdtemp ();
  f->location = cf_test_store_location (f->engine, f->dir);
  if (f->location == NULL)
    g_test_skip ("no PostgreSQL test server (CF_TEST_PG_URI is not set; see build-aux/pg-test-server)");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cf_test_store_location_drop (f->location);
  cf_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->location);
}

/* certifica-cli --store LOCATION students import ARGS… FILE (in f->dir). */
static int
import (Fixture     *f,
        char       **out,
        const char  *file,
        const char  *option1,
        const char  *option2)
{
  g_autoptr(GSubprocessLauncher) launcher = cf_test_cli_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                  G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, file, NULL);
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *argv[9] = { g_getenv ("CF_CLI"), "--store", f->location, "students", "import" };
  guint n = 5;
  int status;

  g_assert_nonnull (argv[0]);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  if (option1 != NULL)
    argv[n++] = option1;
  if (option2 != NULL)
    argv[n++] = option2;
  argv[n++] = path;
  argv[n] = NULL;
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);
  if (g_test_verbose ())
    g_test_message ("%s: exit %d\n%s%s", file, status, stdout_text, stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  return status;
}

static void
count (Fixture *f,
       guint   *n_students,
       guint   *n_grades)
{
  g_autoptr(CfStore) store = cf_test_store_open (f->location);
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_student_repo_count (store, n_students, n_grades, &error));
  g_assert_no_error (error);
}

static JsonObject *
parse (const char *text,
       JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static gboolean
have_openpyxl (void)
{
  const char *argv[] = { PYTHON, "-c", "import openpyxl", NULL };

  return g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE) && cf_test_spawn (argv, NULL, NULL, NULL) == 0;
}

static gboolean
set_up_files (Fixture *f)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "cli", "students-openpyxl-write.py", NULL);
  const char *argv[] = { PYTHON, script, f->dir, NULL };
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GError) error = NULL;

  if (f->location == NULL)
    return FALSE;
  if (!have_openpyxl ())
    {
      g_test_skip ("/usr/bin/python3 with openpyxl (python3-openpyxl) is needed");
      return FALSE;
    }
  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);
  /* The Programa de Estudios the grades are checked against. */
  store = cf_test_store_open (f->location);
  book = fixture_book ();
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
  return TRUE;
}

static void
test_long_and_wide (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) students = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  JsonArray *findings;
  guint n_students = 99, n_grades = 99;

  if (!set_up_files (f))
    return;

  /* A dry run: the preview, nothing written. */
  g_assert_cmpint (import (f, &out, "wide.xlsx", "--dry-run", "--json"), ==, 0);
  result = parse (out, parser);
  g_assert_cmpstr (json_object_get_string_member (result, "layout"), ==, "wide");
  g_assert_cmpstr (json_object_get_string_member (result, "sheet"), ==, "CERTIFICADOS");
  g_assert_cmpint (json_object_get_int_member (result, "header_row"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (result, "students"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (result, "grades"), ==, 5);
  g_assert_false (json_object_get_boolean_member (result, "written"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "rejected")), ==, 0);
  /* Subject 2999 is not in plan 2020: found, not dropped. */
  findings = json_object_get_array_member (result, "findings");
  g_assert_cmpuint (json_array_get_length (findings), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (findings, 0), "row"), ==, 5);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (findings, 0),
                                                            "message"), "2999"));
  count (f, &n_students, &n_grades);
  g_assert_cmpuint (n_students, ==, 0);
  g_assert_cmpuint (n_grades, ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (import (f, &out, "wide.xlsx", NULL, NULL), ==, 0);
  count (f, &n_students, &n_grades);
  g_assert_cmpuint (n_students, ==, 2);
  g_assert_cmpuint (n_grades, ==, 5);
  g_clear_pointer (&out, g_free);

  /* The long layout: a repeated row kept once, 1999 found. */
  g_assert_cmpint (import (f, &out, "long.xlsx", "--json", NULL), ==, 0);
  result = parse (out, parser);
  g_assert_cmpstr (json_object_get_string_member (result, "layout"), ==, "long");
  g_assert_cmpint (json_object_get_int_member (result, "rows"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (result, "grades"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (result, "duplicates"), ==, 1);
  g_assert_true (json_object_get_boolean_member (result, "written"));
  findings = json_object_get_array_member (result, "findings");
  g_assert_cmpuint (json_array_get_length (findings), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (findings, 0),
                                                            "message"), "1999"));
  count (f, &n_students, &n_grades);
  g_assert_cmpuint (n_students, ==, 4);
  g_assert_cmpuint (n_grades, ==, 10);
  g_clear_pointer (&out, g_free);

  /* The same rows again from CSV files, in both encodings and separators:
   * updated, never duplicated. */
  g_assert_cmpint (import (f, &out, "long-utf8.csv", NULL, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "UTF-8"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (import (f, &out, "long-1252.csv", NULL, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "WINDOWS-1252"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (import (f, &out, "wide.xlsx", NULL, NULL), ==, 0);
  count (f, &n_students, &n_grades);
  g_assert_cmpuint (n_students, ==, 4);
  g_assert_cmpuint (n_grades, ==, 10);

  store = cf_test_store_open (f->location);
  students = cf_student_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (students->len, ==, 4);
  {
    CfStudent *ana = g_ptr_array_index (students, 0);
    CfStudent *maria = g_ptr_array_index (students, 2);
    CfStudent *juan = g_ptr_array_index (students, 3);

    /* From the Windows-1252 file, last imported of the long ones. */
    g_assert_cmpstr (ana->matricula, ==, "A001");
    g_assert_cmpstr (ana->nombre, ==, "ANA MARÍA");
    g_assert_cmpstr (ana->segundo_apellido, ==, "PEÑA");
    g_assert_cmpstr (ana->id_genero, ==, "250");
    g_assert_cmpstr (ana->id_carrera, ==, "101");
    g_assert_cmpstr (ana->fecha_nacimiento, ==, "1999-05-01");
    g_assert_cmpuint (ana->grades->len, ==, 3);
    g_assert_cmpstr (((CfGrade *) g_ptr_array_index (ana->grades, 2))->id_asignatura, ==, "1003");
    g_assert_cmpstr (((CfGrade *) g_ptr_array_index (ana->grades, 2))->id_observaciones, ==, "71");
    /* A serial day number and DD/MM/AAAA. */
    g_assert_cmpstr (maria->fecha_nacimiento, ==, "2001-01-01");
    g_assert_cmpstr (maria->fecha_expedicion, ==, "2024-07-10");
    g_assert_cmpstr (maria->id_tipo_certificacion, ==, "79");
    g_assert_cmpstr (juan->fecha_nacimiento, ==, "1999-03-03");
    g_assert_cmpstr (juan->id_genero, ==, "251");
    g_assert_cmpuint (juan->grades->len, ==, 3);
  }
}

static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *result;
  JsonArray *rejected;
  guint n_students = 99, n_grades = 99;

  if (!set_up_files (f))
    return;

  /* --dry-run: the same exit status, nothing written. */
  g_assert_cmpint (import (f, &out, "rejected.csv", "--dry-run", NULL), ==, 1);
  count (f, &n_students, &n_grades);
  g_assert_cmpuint (n_students, ==, 0);
  g_clear_pointer (&out, g_free);

  /* Rejected rows make it fail; the others are imported. */
  g_assert_cmpint (import (f, &out, "rejected.csv", "--json", NULL), ==, 1);
  result = parse (out, parser);
  rejected = json_object_get_array_member (result, "rejected");
  g_assert_cmpuint (json_array_get_length (rejected), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 0), "row"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 1), "row"), ==, 4);
  g_assert_true (json_object_get_boolean_member (result, "written"));
  count (f, &n_students, &n_grades);
  g_assert_cmpuint (n_students, ==, 1);
  g_assert_cmpuint (n_grades, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      g_autofree char *both = g_strdup_printf ("/cli-students/%s/long-and-wide", engines[i]);
      g_autofree char *rejected = g_strdup_printf ("/cli-students/%s/rejected", engines[i]);

      g_test_add (both, Fixture, engines[i], fixture_set_up, test_long_and_wide, fixture_tear_down);
      g_test_add (rejected, Fixture, engines[i], fixture_set_up, test_rejected, fixture_tear_down);
    }
  return g_test_run ();
}
