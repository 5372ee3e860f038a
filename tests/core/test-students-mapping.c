/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The students import's mapping step (issue 13): headers as registrars'
 * systems write them ("Núm. Control", "CURP del alumno") are recognised; a
 * required column whose header is not gives an import that needs mapping
 * (its header cells, samples and what is missing), read again once the
 * column is named, in a worker too; in a wide workbook only the header
 * fields are asked for, the subject groups being recognised by their
 * repeated names. Also the CSV header search both imports share. Inputs:
 * CSV written here, a workbook written by openpyxl
 * (students-mapping-write.py). */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cf-csv-reader.h"
#include "cf-students-import.h"
#include "cf-test-util.h"

#define PYTHON "/usr/bin/python3"

static CfStudentsImport *
read_text (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  CfStudentsImport *import = cf_students_import_read_bytes (bytes, "export.csv", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static CfStudent *
find_student (CfStudentsImport *import,
              const char       *matricula)
{
  GPtrArray *students = cf_students_import_get_students (import);

  for (guint i = 0; i < students->len; i++)
    if (g_str_equal (((CfStudent *) g_ptr_array_index (students, i))->matricula, matricula))
      return g_ptr_array_index (students, i);
  g_error ("no student %s", matricula);
}

static void
test_odd_headers (void)
{
  g_autoptr(CfStudentsImport) import = NULL;
  CfStudent *ana;

  import = read_text ("Núm. Control;CURP del alumno;Nombre del alumno;Apellido paterno;Apellido materno;"
                      "Fecha de nacimiento;Id Carrera;Clave del plan;Id Asignatura;Ciclo escolar;Calificación\n"
                      "A001;LOPA990501MDFPRN09;ANA;LÓPEZ;PEÑA;01/05/1999;101;2018;1001;2018-1;8\n"
                      "A001;LOPA990501MDFPRN09;ANA;LÓPEZ;PEÑA;01/05/1999;101;2018;1002;2018-1;9\n"
                      "A002;RUIL000212HDFZSS01;LUIS;RUIZ;;12/02/2000;101;2018;1001;2018-1;AC\n");
  g_assert_false (cf_students_import_needs_mapping (import));
  g_assert_cmpuint (cf_students_import_get_n_source_columns (import), ==, 11);
  g_assert_cmpint (cf_students_import_get_mapping (import, 0), ==, CF_STUDENTS_COL_MATRICULA);
  g_assert_cmpint (cf_students_import_get_mapping (import, 1), ==, CF_STUDENTS_COL_CURP);
  g_assert_cmpint (cf_students_import_get_mapping (import, 2), ==, CF_STUDENTS_COL_NOMBRE);
  g_assert_cmpint (cf_students_import_get_mapping (import, 5), ==, CF_STUDENTS_COL_FECHA_NACIMIENTO);
  g_assert_cmpint (cf_students_import_get_mapping (import, 7), ==, CF_STUDENTS_COL_PLAN);
  g_assert_cmpint (cf_students_import_get_mapping (import, 9), ==, CF_STUDENTS_COL_CICLO);
  g_assert_cmpstr (cf_students_import_get_source_header (import, 0), ==, "Núm. Control");
  g_assert_cmpuint (cf_students_import_get_n_sample_rows (import), ==, 3);
  g_assert_cmpstr (cf_students_import_get_cell (import, 2, 0), ==, "A002");
  g_assert_cmpint (cf_students_import_get_layout (import), ==, CF_STUDENTS_LAYOUT_LONG);
  g_assert_cmpuint (cf_students_import_get_students (import)->len, ==, 2);
  g_assert_cmpuint (cf_students_import_get_n_grades (import), ==, 3);
  ana = find_student (import, "A001");
  g_assert_cmpstr (ana->curp, ==, "LOPA990501MDFPRN09");
  g_assert_cmpstr (ana->fecha_nacimiento, ==, "1999-05-01");
  g_assert_false (cf_students_import_is_group_column (import, 8));

  /* The names the mapping step shows. */
  g_assert_true (cf_students_column_from_header ("No. de Control", NULL));
  g_assert_false (cf_students_column_from_header ("Folio del estudiante", NULL));
  g_assert_cmpstr (cf_students_column_get_name (CF_STUDENTS_COL_CARRERA), ==, "ID_CARRERA");
  g_assert_true (cf_students_column_is_required (CF_STUDENTS_COL_ASIGNATURA));
  g_assert_false (cf_students_column_is_required (CF_STUDENTS_COL_CURP));
  g_assert_true (cf_students_column_repeats (CF_STUDENTS_COL_CALIFICACION));
  g_assert_false (cf_students_column_repeats (CF_STUDENTS_COL_MATRICULA));
}

#define NEEDS_MAPPING_CSV \
  "Calificaciones finales,,,,,,\n" \
  "Folio del estudiante,CURP,Nombre,Id Carrera,Clave Plan,Id Asignatura,Calificación\n" \
  "\n" \
  "'00123,LOPA990501MDFPRN09,ANA,101,2018,1001,8\n" \
  "'00123,LOPA990501MDFPRN09,ANA,101,2018,1002,9\n" \
  "00124,RUIL000212HDFZSS01,LUIS,101,2018,1001,7\n"

static void
test_needs_mapping (void)
{
  g_autoptr(CfStudentsImport) import = read_text (NEEDS_MAPPING_CSV);
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;

  /* A header, but no matrícula among its names: nothing read yet. */
  g_assert_true (cf_students_import_needs_mapping (import));
  g_assert_cmpuint (cf_students_import_get_header_row (import), ==, 2);
  g_assert_cmpuint (cf_students_import_get_students (import)->len, ==, 0);
  g_assert_cmpuint (cf_students_import_get_rejected (import)->len, ==, 0);
  g_assert_cmpuint (cf_students_import_get_n_source_columns (import), ==, 7);
  g_assert_cmpstr (cf_students_import_get_source_header (import, 0), ==, "Folio del estudiante");
  g_assert_cmpint (cf_students_import_get_mapping (import, 0), ==, CF_STUDENTS_IMPORT_UNMAPPED);
  g_assert_cmpint (cf_students_import_get_mapping (import, 3), ==, CF_STUDENTS_COL_CARRERA);
  g_assert_cmpuint (cf_students_import_get_n_sample_rows (import), ==, 3);
  g_assert_cmpstr (cf_students_import_get_cell (import, 0, 0), ==, "'00123");
  g_assert_cmpstr (cf_students_import_get_cell (import, 2, 2), ==, "LUIS");
  missing = cf_students_import_list_missing (import);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (missing, 0)), ==, CF_STUDENTS_COL_MATRICULA);

  /* What the command line says. */
  g_assert_false (cf_students_import_check_mapping (import, &error));
  g_assert_error (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "MATRICULA"));
  g_clear_error (&error);
  g_assert_false (cf_students_import_apply_mapping (import, NULL, NULL, &error));
  g_assert_error (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_MISSING);
  g_clear_error (&error);

  /* Named: read again. */
  cf_students_import_set_mapping (import, 0, CF_STUDENTS_COL_MATRICULA);
  g_assert_true (cf_students_import_apply_mapping (import, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (cf_students_import_needs_mapping (import));
  g_assert_cmpuint (cf_students_import_get_n_rows (import), ==, 3);
  g_assert_cmpuint (cf_students_import_get_students (import)->len, ==, 2);
  g_assert_cmpuint (cf_students_import_get_n_grades (import), ==, 3);
  g_assert_cmpuint (find_student (import, "00123")->grades->len, ==, 2);
  g_assert_cmpstr (find_student (import, "00124")->nombre, ==, "LUIS");
  /* Without a store every career is a finding: one per student. */
  g_assert_cmpuint (cf_students_import_get_findings (import)->len, ==, 2);

  /* A column taken back: the same again, nothing doubled. */
  cf_students_import_set_mapping (import, 2, CF_STUDENTS_IMPORT_UNMAPPED);
  g_assert_true (cf_students_import_apply_mapping (import, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_students_import_get_students (import)->len, ==, 2);
  g_assert_cmpstr (find_student (import, "00124")->nombre, ==, "");
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_wide_workbook (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "alumnos.xlsx", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "core", "students-mapping-write.py", NULL);
  const char *argv[] = { PYTHON, script, path, NULL };
  const char *check[] = { PYTHON, "-c", "import openpyxl", NULL };
  g_autoptr(GAsyncResult) read_result = NULL;
  g_autoptr(GAsyncResult) apply_result = NULL;
  g_autoptr(CfStudentsImport) import = NULL;
  g_autoptr(GError) error = NULL;
  CfStudent *juan;
  guint n;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE) || cf_test_spawn (check, NULL, NULL, NULL) != 0)
    {
      g_test_skip ("/usr/bin/python3 with openpyxl (python3-openpyxl) is needed");
      cf_test_rmdir (dir);
      return;
    }
  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);

  cf_students_import_read_async (path, NULL, NULL, got_result, &read_result);
  import = cf_students_import_read_finish (wait_for (&read_result), &error);
  g_assert_no_error (error);
  g_assert_true (cf_students_import_needs_mapping (import));
  /* The catalog sheet (merged title) is passed over, the notes too. */
  g_assert_cmpstr (cf_students_import_get_sheet_name (import), ==, "ALUMNOS");
  g_assert_cmpuint (cf_students_import_get_header_row (import), ==, 3);
  n = cf_students_import_get_n_source_columns (import);
  g_assert_cmpuint (n, ==, 9 + 3 * 6);
  g_assert_cmpuint (cf_students_import_get_n_sample_rows (import), ==, 2);
  g_assert_cmpstr (cf_students_import_get_cell (import, 1, 0), ==, "00124");
  /* The header fields are asked for; the groups are recognised. */
  for (guint i = 0; i < 9; i++)
    g_assert_false (cf_students_import_is_group_column (import, i));
  for (guint i = 9; i < n; i++)
    g_assert_true (cf_students_import_is_group_column (import, i));
  g_assert_cmpint (cf_students_import_get_mapping (import, 10), ==, CF_STUDENTS_IMPORT_UNMAPPED);
  g_assert_cmpint (cf_students_import_get_mapping (import, 16), ==, CF_STUDENTS_IMPORT_UNMAPPED);
  g_assert_cmpint (cf_students_import_get_mapping (import, 15), ==, CF_STUDENTS_COL_ASIGNATURA);
  g_assert_cmpint (cf_students_import_get_mapping (import, 21), ==, CF_STUDENTS_COL_ASIGNATURA);

  cf_students_import_set_mapping (import, 0, CF_STUDENTS_COL_MATRICULA);
  cf_students_import_apply_mapping_async (import, NULL, NULL, got_result, &apply_result);
  g_assert_true (cf_students_import_apply_mapping_finish (wait_for (&apply_result), &error));
  g_assert_no_error (error);
  g_assert_false (cf_students_import_needs_mapping (import));
  g_assert_cmpint (cf_students_import_get_layout (import), ==, CF_STUDENTS_LAYOUT_WIDE);
  g_assert_cmpuint (cf_students_import_get_students (import)->len, ==, 2);
  g_assert_cmpuint (cf_students_import_get_n_grades (import), ==, 5);
  g_assert_cmpuint (cf_students_import_get_rejected (import)->len, ==, 0);
  /* Ids as text keep their zeros. */
  juan = find_student (import, "00124");
  g_assert_cmpstr (juan->id_carrera, ==, "102");
  g_assert_cmpstr (juan->fecha_nacimiento, ==, "1999-03-03");
  g_assert_cmpuint (juan->grades->len, ==, 3);
  g_assert_cmpstr (((CfGrade *) g_ptr_array_index (juan->grades, 1))->ciclo, ==, "2021-1");

  cf_test_rmdir (dir);
}

static guint
count_x (const char * const *fields,
         guint               n_fields,
         gpointer            user_data)
{
  guint n = 0;

  for (guint i = 0; i < n_fields; i++)
    n += g_str_equal (fields[i], "X");
  return n;
}

static void
test_csv_find_header (void)
{
  CfCsvHeader header;

  /* The best of the first non-blank records, counting blank ones. */
  g_assert_true (cf_csv_find_header ("title\n\nX;a;X\n\"X\";X;X\nX;X;X;X\n", ';', 16, 3, count_x, NULL, &header));
  g_assert_cmpuint (header.score, ==, 3);
  g_assert_cmpuint (header.record, ==, 4);
  g_assert_cmpuint (header.line, ==, 4);
  g_assert_false (header.wide);
  g_assert_cmpuint (header.fields->len, ==, 3);
  cf_csv_header_clear (&header);

  g_assert_true (cf_csv_find_header ("a,X,b,X\n", ',', 2, 20, count_x, NULL, &header));
  g_assert_cmpuint (header.score, ==, 1);
  g_assert_true (header.wide);
  cf_csv_header_clear (&header);

  g_assert_false (cf_csv_find_header ("a,b\nc,d\n", ',', 16, 20, count_x, NULL, &header));
  cf_csv_header_clear (&header);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/students/mapping/odd-headers", test_odd_headers);
  g_test_add_func ("/core/students/mapping/needs-mapping", test_needs_mapping);
  g_test_add_func ("/core/students/mapping/wide-workbook", test_wide_workbook);
  g_test_add_func ("/core/workbook/csv-find-header", test_csv_find_header);
  return g_test_run ();
}
