/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Students and grades in the store, on a SQLite file and on a PostgreSQL
 * database: an import upserts (importing again updates, never duplicates),
 * stamps row versions, records one bitácora entry; the preview from a CSV
 * checks each grade against the Programa de Estudios in the store and
 * writes nothing until committed. */

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "cf-audit-repo.h"
#include "cf-student-repo.h"
#include "cf-students-import.h"
#include "cf-test-util.h"
#include "test-plan-fixture.h"

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

static CfStudent *
make_student (const char *matricula,
              const char *carrera,
              const char *plan,
              const char *nombre)
{
  CfStudent *s = cf_student_new ();

  g_free (s->matricula);
  s->matricula = g_strdup (matricula);
  g_free (s->id_carrera);
  s->id_carrera = g_strdup (carrera);
  g_free (s->clave_plan);
  s->clave_plan = g_strdup (plan);
  g_free (s->nombre);
  s->nombre = g_strdup (nombre);
  return s;
}

static void
add_grade (CfStudent  *s,
           const char *subject,
           const char *calificacion)
{
  CfGrade *g = cf_grade_new ();

  g_free (g->id_asignatura);
  g->id_asignatura = g_strdup (subject);
  g_free (g->calificacion);
  g->calificacion = g_strdup (calificacion);
  g_ptr_array_add (s->grades, g);
}

static CfStudent *
find (GPtrArray  *students,
      const char *matricula)
{
  for (guint i = 0; i < students->len; i++)
    if (g_str_equal (((CfStudent *) g_ptr_array_index (students, i))->matricula, matricula))
      return g_ptr_array_index (students, i);
  g_error ("no student %s", matricula);
}

static guint
count_imports (CfStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cf_audit_repo_list (store, NULL, NULL, "students", 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    n += g_str_equal (((CfAuditEntry *) g_ptr_array_index (entries, i))->action, "import");
  return n;
}

static void
test_repo_upsert (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  CfStudent *s;
  guint n_students = 0, n_grades = 0;
  gint64 first_version;

  if (f->location == NULL)
    return;
  store = cf_test_store_open (f->location);

  s = make_student ("2019001", "101", "2018", "ANA");
  add_grade (s, "1001", "8");
  add_grade (s, "1002", "9");
  g_ptr_array_add (batch, s);
  s = make_student ("2019002", "101", "2018", "LUIS");
  add_grade (s, "1001", "AC");
  g_ptr_array_add (batch, s);
  /* The same matrícula in another career is another student. */
  s = make_student ("2019001", "102", "2020", "ANA");
  add_grade (s, "2001", "7");
  g_ptr_array_add (batch, s);

  g_assert_true (cf_student_repo_import (store, batch, "first.xlsx", &error));
  g_assert_no_error (error);
  g_assert_true (cf_student_repo_count (store, &n_students, &n_grades, &error));
  g_assert_cmpuint (n_students, ==, 3);
  g_assert_cmpuint (n_grades, ==, 4);
  listed = cf_student_repo_list (store, &error);
  g_assert_no_error (error);
  first_version = find (listed, "2019002")->row_version;
  g_assert_cmpint (first_version, >, 1);
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* Again, with a corrected grade, a new subject and a new name: updated,
   * not duplicated, with a newer row version. */
  g_ptr_array_set_size (batch, 0);
  s = make_student ("2019001", "101", "2018", "ANA MARÍA");
  add_grade (s, "1001", "10");
  add_grade (s, "1003", "6");
  g_ptr_array_add (batch, s);
  g_assert_true (cf_student_repo_import (store, batch, "second.csv", &error));
  g_assert_no_error (error);
  g_assert_true (cf_student_repo_count (store, &n_students, &n_grades, &error));
  g_assert_cmpuint (n_students, ==, 3);
  g_assert_cmpuint (n_grades, ==, 5);

  listed = cf_student_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  s = g_ptr_array_index (listed, 0);
  g_assert_cmpstr (s->matricula, ==, "2019001");
  g_assert_cmpstr (s->id_carrera, ==, "101");
  g_assert_cmpstr (s->nombre, ==, "ANA MARÍA");
  g_assert_cmpint (s->row_version, >, first_version);
  g_assert_cmpuint (s->grades->len, ==, 3);
  g_assert_cmpstr (((CfGrade *) g_ptr_array_index (s->grades, 0))->calificacion, ==, "10");
  g_assert_cmpstr (((CfGrade *) g_ptr_array_index (s->grades, 1))->calificacion, ==, "9");
  g_assert_cmpint (find (listed, "2019002")->row_version, ==, first_version);
  first_version = s->row_version;
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* The same again: nothing changed, no new version. */
  g_assert_true (cf_student_repo_import (store, batch, "third.csv", &error));
  g_assert_no_error (error);
  listed = cf_student_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (find (listed, "2019001")->row_version, ==, first_version);
  g_assert_cmpstr (((CfGrade *) g_ptr_array_index (find (listed, "2019001")->grades, 0))->calificacion, ==, "10");

  g_assert_cmpuint (count_imports (store), ==, 3);
}

/* More students and grades than one statement carries: every one kept,
 * each grade with its own student. */
static void
test_repo_many (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  guint n_students = 0, n_grades = 0;

  if (f->location == NULL)
    return;
  store = cf_test_store_open (f->location);
  for (guint i = 0; i < 450; i++)
    {
      g_autofree char *matricula = g_strdup_printf ("M%04u", i);
      CfStudent *s = make_student (matricula, "101", "2018", "ANA");

      for (guint g = 0; g < 10; g++)
        {
          g_autofree char *subject = g_strdup_printf ("%u", 1000 + g);
          g_autofree char *grade = g_strdup_printf ("%u.%u", i % 10, g);

          add_grade (s, subject, grade);
        }
      g_ptr_array_add (batch, s);
    }
  for (guint pass = 0; pass < 2; pass++)
    {
      g_assert_true (cf_student_repo_import (store, batch, "many.csv", &error));
      g_assert_no_error (error);
    }
  g_assert_true (cf_student_repo_count (store, &n_students, &n_grades, &error));
  g_assert_cmpuint (n_students, ==, 450);
  g_assert_cmpuint (n_grades, ==, 4500);
  listed = cf_student_repo_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < listed->len; i++)
    {
      CfStudent *s = g_ptr_array_index (listed, i);
      g_autofree char *expected = g_strdup_printf ("%u.9", (guint) atoi (s->matricula + 1) % 10);

      g_assert_cmpuint (s->grades->len, ==, 10);
      g_assert_cmpstr (((CfGrade *) g_ptr_array_index (s->grades, 9))->calificacion, ==, expected);
    }
}

#define CSV_LONG \
  "Matrícula;CURP;Nombre;Primer apellido;Segundo apellido;Sexo;Fecha de nacimiento;ID_CARRERA;CLAVE_PLAN;" \
  "ID_ASIGNATURA;Ciclo;Calificación;Observaciones\r\n" \
  "'2019001;LOPA990501MDFPRN09;ANA;LÓPEZ;PÉREZ;250.0;01/05/1999;101;2018;1001;2018-1;8;100\r\n" \
  "2019001;LOPA990501MDFPRN09;ANA;LÓPEZ;PÉREZ;250;01/05/1999;101.0;2018;1002;2018-1;9;\r\n" \
  "2019001;LOPA990501MDFPRN09;ANA;LÓPEZ;PÉREZ;250;01/05/1999;101;2018;1999;2018-2;7;\r\n" \
  "2019002;;LUIS;RUIZ;;251;36281;102;2020;2001;2020-1;5;\r\n" \
  "2019002;;LUIS;RUIZ;;251;36281;102;2020;2001;2020-2;ac;71\r\n" \
  ";;;;;;;;2018;1001;;;\r\n"   /* neither matrícula nor career: one reason */

static void
test_preview_and_commit (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (CSV_LONG, sizeof CSV_LONG - 1);
  g_autoptr(CfStudentsImport) import = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *students, *findings, *rejected;
  CfStudent *s;
  guint n_students = 99;

  if (f->location == NULL)
    return;
  store = cf_test_store_open (f->location);
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);

  import = cf_students_import_read_bytes (bytes, "export.csv", store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_students_import_get_layout (import), ==, CF_STUDENTS_LAYOUT_LONG);
  g_assert_cmpstr (cf_students_import_get_encoding (import), ==, "UTF-8");
  g_assert_cmpuint (cf_students_import_get_n_rows (import), ==, 6);
  /* A failed attempt, then a later cycle's: that one is kept. */
  g_assert_cmpuint (cf_students_import_get_n_earlier_attempts (import), ==, 1);
  students = cf_students_import_get_students (import);
  g_assert_cmpuint (students->len, ==, 2);
  g_assert_cmpuint (cf_students_import_get_n_grades (import), ==, 4);
  s = find (students, "2019001");
  g_assert_cmpstr (s->id_genero, ==, "250");
  g_assert_cmpstr (s->fecha_nacimiento, ==, "1999-05-01");
  g_assert_cmpstr (s->primer_apellido, ==, "LÓPEZ");
  s = find (students, "2019002");
  g_assert_cmpstr (s->fecha_nacimiento, ==, "1999-05-01");   /* Excel's serial 36281 */
  g_assert_cmpuint (s->grades->len, ==, 1);
  g_assert_cmpstr (((CfGrade *) g_ptr_array_index (s->grades, 0))->calificacion, ==, "AC");
  g_assert_cmpstr (((CfGrade *) g_ptr_array_index (s->grades, 0))->ciclo, ==, "2020-2");
  g_assert_cmpstr (((CfGrade *) g_ptr_array_index (s->grades, 0))->id_observaciones, ==, "71");

  /* Subject 1999 is not in plan 2018: a finding, and still imported. */
  findings = cf_students_import_get_findings (import);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpuint (((CfStudentsFinding *) g_ptr_array_index (findings, 0))->row, ==, 4);
  g_assert_nonnull (strstr (((CfStudentsFinding *) g_ptr_array_index (findings, 0))->message, "1999"));
  rejected = cf_students_import_get_rejected (import);
  g_assert_cmpuint (rejected->len, ==, 1);
  g_assert_cmpuint (((CfStudentsRejected *) g_ptr_array_index (rejected, 0))->row, ==, 7);

  /* Nothing written by the preview. */
  g_assert_true (cf_student_repo_count (store, &n_students, NULL, &error));
  g_assert_cmpuint (n_students, ==, 0);
  g_assert_cmpuint (count_imports (store), ==, 0);

  g_assert_true (cf_students_import_commit (import, store, &error));
  g_assert_no_error (error);
  listed = cf_student_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpuint (find (listed, "2019001")->grades->len, ==, 3);
  g_assert_cmpuint (count_imports (store), ==, 1);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* What a window does: the preview and the commit in worker threads. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfStudentsImport) import = NULL;
  g_autoptr(GAsyncResult) read_result = NULL;
  g_autoptr(GAsyncResult) commit_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint n_students = 0, n_grades = 0;

  if (f->location == NULL)
    return;
  store = cf_test_store_open (f->location);
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "export.csv", NULL);
  g_assert_true (g_file_set_contents (path, CSV_LONG, -1, NULL));

  cf_students_import_read_async (path, store, NULL, got_result, &read_result);
  import = cf_students_import_read_finish (wait_for (&read_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_students_import_get_students (import)->len, ==, 2);
  g_assert_cmpuint (cf_students_import_get_findings (import)->len, ==, 1);

  cf_students_import_commit_async (import, store, NULL, got_result, &commit_result);
  g_assert_true (cf_students_import_commit_finish (wait_for (&commit_result), &error));
  g_assert_no_error (error);
  g_assert_true (cf_student_repo_count (store, &n_students, &n_grades, &error));
  g_assert_cmpuint (n_students, ==, 2);
  g_assert_cmpuint (n_grades, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      g_autofree char *upsert = g_strdup_printf ("/students/%s/repo-upsert", engines[i]);
      g_autofree char *preview = g_strdup_printf ("/students/%s/preview-commit", engines[i]);
      g_autofree char *many = g_strdup_printf ("/students/%s/repo-many", engines[i]);
      g_autofree char *async = g_strdup_printf ("/students/%s/async", engines[i]);

      g_test_add (upsert, Fixture, engines[i], fixture_set_up, test_repo_upsert, fixture_tear_down);
      g_test_add (async, Fixture, engines[i], fixture_set_up, test_async, fixture_tear_down);
      g_test_add (many, Fixture, engines[i], fixture_set_up, test_repo_many, fixture_tear_down);
      g_test_add (preview, Fixture, engines[i], fixture_set_up, test_preview_and_commit, fixture_tear_down);
    }
  return g_test_run ();
}
