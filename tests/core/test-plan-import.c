/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing a Programa de Estudios: CSV encodings and delimiters, header
 * matching and mapping, rejected rows, the preview writing nothing. */

#include "config.h"

#include <string.h>

#include <xlsxwriter.h>

#include "cf-plan-import.h"
#include "cf-plan-validate.h"
#include "cf-xlsx-reader.h"
#include "cf-xlsx-writer.h"
#include "test-plan-fixture.h"

#define HEADER_LINE \
  "ID_INSTITUCION,NOMBRE_INSTITUCION,ID_CAMPUS,CAMPUS,ID_ENTIDAD,ID_CARRERA,CLAVE_CARRERA," \
  "NOMBRE_CARRERA,CLAVE_PLAN,NO_RVOE,FECHA_RVOE,ID_TIPO_PERIODO,ID_NIVEL_ESTUDIOS," \
  "CALIFICACION_MINIMA,CALIFICACION_MAXIMA,CALIFICACION_MINIMA_APROBATORIA,TOTAL_ASIGNATURAS," \
  "TOTAL_CREDITOS,ID_ASIGNATURA,CLAVE_ASIGNATURA,NOMBRE_ASIGNATURA,ID_TIPO_ASIGNATURA,CREDITOS,PERIODO\n"

/* The fixture as CSV text with @delimiter, rows in fixture order. */
static char *
fixture_csv (char        delimiter,
             const char *header)
{
  GString *out = g_string_new (header);

  if (delimiter != ',')
    g_strdelimit (out->str, ",", delimiter);
  for (guint r = 0; r < FIXTURE_N_ROWS; r++)
    {
      for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
        {
          const char *value = fixture_subjects[r][c];

          if (c > 0)
            g_string_append_c (out, delimiter);
          if (strchr (value, delimiter) != NULL || strchr (value, ' ') != NULL)
            g_string_append_printf (out, "\"%s\"", value);
          else
            g_string_append (out, value);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/* IDs as text or numbers, dates as dates, serials or in words. */
static void
test_ids_and_dates (void)
{
  static const struct { CfPlanColumn column; const char *value; const char *expected; } cases[] = {
    { CF_PLAN_COL_ID_CARRERA, "101", "101" },
    { CF_PLAN_COL_ID_CARRERA, "101.0", "101" },
    { CF_PLAN_COL_ID_ASIGNATURA, " 1001 ", "1001" },
    { CF_PLAN_COL_ID_CAMPUS, "090101.0", "090101" },
    { CF_PLAN_COL_FECHA_RVOE, "2013-07-09", "2013-07-09" },
    { CF_PLAN_COL_FECHA_RVOE, "41464", "2013-07-09" },
    { CF_PLAN_COL_FECHA_RVOE, "09 DE JULIO DE 2013", "2013-07-09" },
    { CF_PLAN_COL_FECHA_RVOE, "9 de julio del 2013", "2013-07-09" },
    { CF_PLAN_COL_FECHA_RVOE, "1 de Septiembre de 2020", "2020-09-01" },
    { CF_PLAN_COL_FECHA_RVOE, "09-JUL-2013", "2013-07-09" },
    /* Not a date: kept for validation to report. */
    { CF_PLAN_COL_FECHA_RVOE, "31 DE FEBRERO DE 2013", "31 DE FEBRERO DE 2013" },
    { CF_PLAN_COL_FECHA_RVOE, "DE JULIO DE 2013", "DE JULIO DE 2013" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = cf_plan_canonical_value (cases[i].column, cases[i].value);

      g_assert_cmpstr (value, ==, cases[i].expected);
    }
}

static CfPlanImport *
read_text (const char  *text,
           gssize       length,
           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length < 0 ? strlen (text) : (gsize) length);

  return cf_plan_import_read_bytes (bytes, CF_PLAN_IMPORT_FORMAT_CSV, NULL, error);
}

static void
assert_book_is_fixture (CfPlanBook *book)
{
  g_autoptr(GPtrArray) rows = cf_plan_book_to_rows (book, FALSE);
  g_autoptr(GPtrArray) expected = fixture_rows ();

  g_assert_cmpuint (rows->len, ==, expected->len);
  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
      g_assert_cmpstr (((CfPlanRow *) g_ptr_array_index (rows, r))->cells[c], ==,
                       ((CfPlanRow *) g_ptr_array_index (expected, r))->cells[c]);
}

static CfPlanBook *
build (CfPlanImport *import)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  CfPlanBook *book;

  g_assert_true (cf_plan_import_check_mapping (import, FALSE, &error));
  g_assert_no_error (error);
  book = cf_plan_import_build (import, &rejected, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 0);
  return book;
}

/* The fixture written as MEC's sheets reads back as the same plan, says
 * where each column came from, and takes what the sheets lack (here:
 * nothing) from a working copy. */
static void
test_mec_shape (void)
{
  g_autoptr(CfPlanBook) fixture = fixture_book ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "mec.xlsx", NULL);
  g_autofree char *described = NULL;
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_xlsx_write_plan (fixture, NULL, CF_XLSX_WRITE_MEC_SHAPE, path, &error));
  g_assert_no_error (error);
  import = cf_plan_import_read (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_plan_import_get_shape (import), ==, CF_PLAN_IMPORT_SHAPE_MEC);
  g_assert_cmpstr (cf_plan_import_get_sheet_name (import), ==, CF_PLAN_MEC_SHEET_PROGRAMS);
  g_assert_cmpuint (cf_plan_import_get_n_rows (import), ==, FIXTURE_N_ROWS);
  g_assert_cmpstr (cf_plan_import_get_column_sheet (import, CF_PLAN_COL_NOMBRE_CARRERA), ==, "CARRERAS");
  g_assert_cmpstr (cf_plan_import_get_column_sheet (import, CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "ASIGNATURAS");
  g_assert_cmpstr (cf_plan_import_get_column_sheet (import, CF_PLAN_COL_CALIFICACION_MINIMA), ==, "NUMERO DE RVOE");
  g_assert_cmpstr (cf_plan_import_get_column_sheet (import, CF_PLAN_COL_CAMPUS), ==, "CAMPUS");
  g_assert_cmpstr (cf_plan_import_get_column_sheet (import, CF_PLAN_COL_CREDITOS), ==, "PROGRAMAS DE ESTUDIO");
  described = cf_plan_import_describe (import);
  g_assert_nonnull (strstr (described, "“CARRERAS”: CLAVE_CARRERA, NOMBRE_CARRERA, ID_NIVEL_ESTUDIOS."));
  g_assert_null (strstr (described, "Not in the file"));
  /* Everything is in the file: nothing to take from the working copy. */
  g_assert_cmpuint (cf_plan_import_fill_from (import, fixture), ==, 0);
  book = build (import);
  assert_book_is_fixture (book);

  cf_test_rmdir (dir);
}

static void
write_row (lxw_worksheet      *sheet,
           guint               row,
           const char * const *cells)
{
  for (guint c = 0; cells[c] != NULL; c++)
    worksheet_write_string (sheet, row, c, cells[c], NULL);
}

/* A MEC sheet whose header does not name a key: that sheet alone, for
 * its mapping step; once mapped, the joined plan. */
static void
test_mec_sheet_mapping (void)
{
  static const char * const programs_header[] = { "ID_INSTITUCION", "CLAVE_CAMPUS", "ID_ASIGNATURA", "ID_CARRERA",
                                                   "NO_RVOE", "FECHA_RVOE", "CLAVE_PLAN", NULL };
  static const char * const programs[][8] = {
    { "090123", "090101", "1001", "101", "20180409", "09 DE ABRIL DE 2018", "2018", NULL },
    { "090123", "090101", "1002", "101", "20180409", "09 DE ABRIL DE 2018", "2018", NULL },
  };
  static const char * const subjects_header[] = { "ID_CARRERA", "ID_ASIGNATURA", "CLAVE_ASIGNATURA", "DESCRIPCION", NULL };
  static const char * const subjects[][5] = {
    { "101", "1001", "DER101", "INTRODUCCIÓN AL DERECHO", NULL },
    { "101", "1002", "DER102", "DERECHO ROMANO", NULL },
  };
  static const char * const careers_header[] = { "ID_NIVEL", "NUM CARR", "CLAVE_CARRERA", "DESCRIPCION", NULL };
  static const char * const careers[] = { "81", "101", "621317", "LICENCIATURA EN DERECHO", NULL };
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "mec-mapping.xlsx", NULL);
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanImport) joined = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet;
  int source = -1;

  sheet = workbook_add_worksheet (workbook, "PROGRAMAS DE ESTUDIO");
  write_row (sheet, 0, programs_header);
  for (guint r = 0; r < G_N_ELEMENTS (programs); r++)
    write_row (sheet, r + 1, programs[r]);
  sheet = workbook_add_worksheet (workbook, "ASIGNATURAS");
  write_row (sheet, 0, subjects_header);
  for (guint r = 0; r < G_N_ELEMENTS (subjects); r++)
    write_row (sheet, r + 1, subjects[r]);
  sheet = workbook_add_worksheet (workbook, "CARRERAS");
  write_row (sheet, 0, careers_header);
  write_row (sheet, 1, careers);
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  import = cf_plan_import_read (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cf_plan_import_needs_sheet_mapping (import));
  g_assert_cmpint (cf_plan_import_get_shape (import), ==, CF_PLAN_IMPORT_SHAPE_MEC);
  g_assert_cmpstr (cf_plan_import_get_sheet_name (import), ==, "CARRERAS");
  g_assert_cmpuint (cf_plan_import_get_n_rows (import), ==, 1);
  missing = cf_plan_import_list_missing (import);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (missing, 0)), ==, CF_PLAN_COL_ID_CARRERA);
  g_assert_null (cf_plan_import_build (import, NULL, &error));
  g_assert_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "“CARRERAS”"));
  g_clear_error (&error);
  /* Its known columns are mapped already (DESCRIPCION is the career's name). */
  g_assert_cmpint (cf_plan_import_get_mapping (import, 3), ==, CF_PLAN_COL_NOMBRE_CARRERA);

  for (guint i = 0; i < cf_plan_import_get_n_source_columns (import); i++)
    if (g_str_equal (cf_plan_import_get_source_header (import, i), "NUM CARR"))
      source = i;
  g_assert_cmpint (source, ==, 1);
  g_assert_cmpstr (cf_plan_import_get_cell (import, 0, source), ==, "101");
  cf_plan_import_set_mapping (import, source, CF_PLAN_COL_ID_CARRERA);
  joined = cf_plan_import_apply_sheet_mapping (import, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (cf_plan_import_needs_sheet_mapping (joined));
  g_assert_cmpuint (cf_plan_import_get_n_rows (joined), ==, 2);
  g_assert_cmpstr (cf_plan_import_get_column_sheet (joined, CF_PLAN_COL_NOMBRE_CARRERA), ==, "CARRERAS");
  book = cf_plan_import_build (joined, NULL, &error);
  g_assert_no_error (error);
  rows = cf_plan_book_to_rows (book, FALSE);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((CfPlanRow *) g_ptr_array_index (rows, 1))->cells[CF_PLAN_COL_NOMBRE_CARRERA], ==,
                   "LICENCIATURA EN DERECHO");
  g_assert_cmpstr (((CfPlanRow *) g_ptr_array_index (rows, 1))->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA], ==,
                   "DERECHO ROMANO");
  g_assert_cmpstr (((CfPlanRow *) g_ptr_array_index (rows, 1))->cells[CF_PLAN_COL_FECHA_RVOE], ==, "2018-04-09");

  cf_test_rmdir (dir);
}

static void
test_csv_utf8 (void)
{
  g_autofree char *csv = fixture_csv (',', HEADER_LINE);
  g_autofree char *with_bom = g_strconcat ("\xef\xbb\xbf", csv, NULL);
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GError) error = NULL;

  import = read_text (with_bom, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_plan_import_get_format (import), ==, CF_PLAN_IMPORT_FORMAT_CSV);
  g_assert_cmpstr (cf_plan_import_get_encoding (import), ==, "UTF-8");
  g_assert_cmpuint (cf_plan_import_get_header_row (import), ==, 1);
  g_assert_cmpuint (cf_plan_import_get_n_rows (import), ==, 5);
  g_assert_null (cf_plan_import_get_sheet_name (import));
  book = build (import);
  assert_book_is_fixture (book);
}

static void
test_csv_windows_1252 (void)
{
  g_autofree char *utf8 = fixture_csv (';', HEADER_LINE);
  g_autofree char *latin = NULL;
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  /* What Excel saves as "CSV" on a Spanish Windows: Windows-1252 and ";". */
  latin = g_convert (utf8, -1, "WINDOWS-1252", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (latin, length, NULL));

  import = read_text (latin, length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_plan_import_get_encoding (import), ==, "WINDOWS-1252");
  book = build (import);
  assert_book_is_fixture (book);
}

static void
test_csv_quotes_and_title (void)
{
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  /* A title above the header, quoted fields with commas, quotes and a
   * line break, a blank line, LF line ends, headers in another order and
   * spelling, dates the Mexican way and a decimal comma in quotes. */
  const char *csv =
    "Programa de estudios 2024,,\n"
    "\n"
    "Id Asignatura,Nombre Asignatura,Clave Asignatura,Créditos,Periodo,Id Tipo Asignatura,"
    "id_institucion,nombre institución,id campus,Campus,Id Entidad,ID Carrera,Clave Carrera,"
    "Nombre Carrera,Clave Plan,Número de RVOE,Fecha RVOE,Tipo Periodo,Nivel de Estudios,"
    "Calificación Mínima,Calificación Máxima,Calificación Mínima Aprobatoria,Total Asignaturas,"
    "Total Créditos\n"
    "1001,\"DERECHO \"\"ROMANO\"\", PARTE 1\",DER101,\"8,0\",1,263,090123,UNIVERSIDAD EJEMPLO,090101,"
    "ÚNICO,9,101,621317,LICENCIATURA EN DERECHO,2018,20180409,09/04/2018,91,81,5,10,6,2,16\n"
    "\n"
    "1002,\"TEORÍA\nDEL ESTADO\",DER102,8,2,263,090123,UNIVERSIDAD EJEMPLO,090101,ÚNICO,09,101,"
    "621317,LICENCIATURA EN DERECHO,2018,20180409,2018-04-09,91,81,5,10,6,2,16";

  import = read_text (csv, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_import_get_header_row (import), ==, 3);
  g_assert_cmpstr (cf_plan_import_get_source_header (import, 1), ==, "Nombre Asignatura");
  g_assert_cmpint (cf_plan_import_get_mapping (import, 1), ==, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpint (cf_plan_import_get_mapping (import, 15), ==, CF_PLAN_COL_NO_RVOE);
  g_assert_true (cf_plan_import_check_mapping (import, FALSE, &error));

  book = cf_plan_import_build (import, &rejected, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 0);
  rows = cf_plan_book_to_rows (book, FALSE);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((CfPlanRow *) rows->pdata[0])->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA], ==,
                   "DERECHO \"ROMANO\", PARTE 1");
  g_assert_cmpstr (((CfPlanRow *) rows->pdata[0])->cells[CF_PLAN_COL_CREDITOS], ==, "8");
  g_assert_cmpstr (((CfPlanRow *) rows->pdata[0])->cells[CF_PLAN_COL_ID_ENTIDAD], ==, "09");
  g_assert_cmpstr (((CfPlanRow *) rows->pdata[0])->cells[CF_PLAN_COL_FECHA_RVOE], ==, "2018-04-09");
  g_assert_cmpstr (((CfPlanRow *) rows->pdata[1])->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA], ==, "TEORÍA\nDEL ESTADO");
}

static void
test_unknown_and_missing_columns (void)
{
  g_autofree char *csv = NULL;
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *header = g_strdup (HEADER_LINE);
  char *periodo;

  /* PERIODO is spelled "SEMESTRE": unknown, and PERIODO is missing. */
  periodo = strstr (header, "PERIODO\n");
  g_assert_nonnull (periodo);
  *periodo = '\0';
  g_free (csv);
  {
    g_autofree char *renamed = g_strconcat (header, "SEMESTRE\n", NULL);

    csv = fixture_csv (',', renamed);
  }

  import = read_text (csv, -1, &error);
  g_assert_no_error (error);
  unknown = cf_plan_import_list_unknown (import);
  g_assert_cmpuint (unknown->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (unknown, 0), ==, "SEMESTRE");
  missing = cf_plan_import_list_missing (import);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (missing, 0)), ==, CF_PLAN_COL_PERIODO);
  /* Samples for the mapping step: the cells as read, by data row. */
  g_assert_cmpstr (cf_plan_import_get_cell (import, 1, 20), ==, "DERECHO ROMANO");
  g_assert_cmpstr (cf_plan_import_get_cell (import, 2, 23), ==, "2");

  g_assert_false (cf_plan_import_check_mapping (import, FALSE, &error));
  g_assert_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "PERIODO"));
  g_assert_nonnull (strstr (error->message, "SEMESTRE"));
  g_clear_error (&error);

  /* The mapping step: SEMESTRE feeds PERIODO. */
  cf_plan_import_set_mapping (import, 23, CF_PLAN_COL_PERIODO);
  book = build (import);
  assert_book_is_fixture (book);
  g_clear_object (&book);

  /* Two file columns for one: named as repeated, and no preview. */
  cf_plan_import_set_mapping (import, 22, CF_PLAN_COL_PERIODO);
  g_assert_false (cf_plan_import_check_mapping (import, TRUE, &error));
  g_assert_nonnull (strstr (error->message, "PERIODO (W, X)"));
  g_clear_error (&error);
  g_assert_null (cf_plan_import_build (import, NULL, &error));
  g_assert_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_MAPPING);
}

static void
test_rejected_rows_and_source_rows (void)
{
  g_autofree char *csv = fixture_csv (',', "Listado oficial\n" HEADER_LINE);
  g_autoptr(GString) edited = NULL;
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanRejectedRow *r;

  /* Line 4 (second subject) claims another RVOE for plan 2018: rejected.
   * Line 5's subject gets a bad credit value: a finding on its file row. */
  edited = g_string_new (csv);
  g_string_replace (edited, "20180409,2018-04-09,91,81,5,10,6,3,24,1002", "20180410,2018-04-09,91,81,5,10,6,3,24,1002", 0);
  g_string_replace (edited, "1003,DER201,\"TEORÍA DEL ESTADO\",263,8", "1003,DER201,\"TEORÍA DEL ESTADO\",263,diez", 0);

  import = read_text (edited->str, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_import_get_header_row (import), ==, 2);
  book = cf_plan_import_build (import, &rejected, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 1);
  r = g_ptr_array_index (rejected, 0);
  g_assert_cmpuint (r->row, ==, 4);
  g_assert_nonnull (strstr (r->reason, "NO_RVOE"));
  g_assert_cmpuint (cf_plan_book_get_n_subjects (book), ==, 4);

  findings = cf_plan_validate (book, NULL, CF_PLAN_VALIDATE_SOURCE_ROWS);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < findings->len; i++)
      found |= g_str_equal (cf_finding_get_path (g_ptr_array_index (findings, i)), "/Programa/Fila[5]/@CREDITOS");
    g_assert_true (found);
  }
}

static void
test_no_header_and_empty (void)
{
  g_autoptr(CfPlanImport) none = NULL;
  g_autoptr(CfPlanImport) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *garbage = g_strdup ("\x81\x8d\x8f\x90\x9d");

  none = read_text ("nombre,edad\nAna,20\n", -1, &error);
  g_assert_null (none);
  g_assert_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_NO_HEADER);
  g_clear_error (&error);

  empty = read_text (HEADER_LINE "\n,,,\n", -1, &error);
  g_assert_no_error (error);
  g_assert_null (cf_plan_import_build (empty, NULL, &error));
  g_assert_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_EMPTY);
  g_clear_error (&error);

  /* Bytes Windows-1252 leaves undefined, and a binary file. */
  g_assert_null (read_text (garbage, -1, &error));
  g_assert_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_ENCODING);
  g_clear_error (&error);
  g_assert_null (read_text ("ID_CARRERA\0\0", 12, &error));
  g_assert_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_ENCODING);
}

static void
test_workbook_other_program (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "otro.xlsx", NULL);
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *notes = workbook_add_worksheet (workbook, "Portada");
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "Hoja1");
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GError) error = NULL;
  lxw_format *date = workbook_add_format (workbook);

  /* A cover sheet, then the data with a title row, headers in lower case,
   * numbers as numbers, FECHA_RVOE as a date cell in one plan and a bare
   * serial in the other. */
  format_set_num_format (date, "dd/mm/yy");
  worksheet_write_string (notes, 0, 0, "Universidad Ejemplo", NULL);
  worksheet_write_string (sheet, 0, 0, "PROGRAMA DE ESTUDIOS", NULL);
  for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
    {
      g_autofree char *lower = g_ascii_strdown (cf_plan_column_get_name (c), -1);

      worksheet_write_string (sheet, 1, c, lower, NULL);
    }
  for (guint r = 0; r < FIXTURE_N_ROWS; r++)
    for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
      {
        const char *value = fixture_subjects[r][c];
        CfPlanColumnKind kind = cf_plan_column_get_kind (c);
        guint row = r + 3;   /* a blank row after the header */

        if (c == CF_PLAN_COL_FECHA_RVOE)
          {
            int y, m, d;

            g_assert_cmpint (sscanf (value, "%d-%d-%d", &y, &m, &d), ==, 3);
            if (r < 3)
              {
                lxw_datetime when = { y, m, d, 0, 0, 0 };
                worksheet_write_datetime (sheet, row, c, &when, date);
              }
            else
              worksheet_write_number (sheet, row, c, 43845, NULL);   /* 2020-01-15 */
          }
        else if ((kind == CF_PLAN_KIND_INTEGER || kind == CF_PLAN_KIND_NUMBER) ||
                 (kind == CF_PLAN_KIND_CATALOG && c != CF_PLAN_COL_ID_ENTIDAD))
          worksheet_write_number (sheet, row, c, g_ascii_strtod (value, NULL), NULL);
        else
          worksheet_write_string (sheet, row, c, value, NULL);
      }
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  import = cf_plan_import_read (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_plan_import_get_sheet_name (import), ==, "Hoja1");
  g_assert_cmpuint (cf_plan_import_get_header_row (import), ==, 2);
  book = build (import);
  assert_book_is_fixture (book);

  cf_test_rmdir (dir);
}

static void
test_bad_workbook_is_an_error (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "plan.xlsx", NULL);
  g_autoptr(GError) error = NULL;

  /* A .xlsx that is text: the workbook reader's message, not a CSV one. */
  g_assert_true (g_file_set_contents (path, HEADER_LINE, -1, NULL));
  g_assert_null (cf_plan_import_read (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error));
  g_assert_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NOT_ZIP);
  g_clear_error (&error);

  g_assert_null (cf_plan_import_read ("/nonexistent/plan.csv", CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error));
  g_assert_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_IO);

  cf_test_rmdir (dir);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CfPlanImport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cf_plan_import_read_finish (result, &error);
  g_assert_no_error (error);
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_null (cf_plan_import_read_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_read_async (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "plan.csv", NULL);
  g_autofree char *csv = fixture_csv (',', HEADER_LINE);
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  cf_plan_import_read_async (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, read_done_cb, &import);
  while (import == NULL)
    g_main_context_iteration (NULL, TRUE);
  book = build (import);
  assert_book_is_fixture (book);

  /* Cancelled before it runs: G_IO_ERROR_CANCELLED, nothing else. */
  g_cancellable_cancel (cancellable);
  cf_plan_import_read_async (path, CF_PLAN_IMPORT_FORMAT_AUTO, cancellable, cancelled_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/plan-import/ids-and-dates", test_ids_and_dates);
  g_test_add_func ("/core/plan-import/mec-shape", test_mec_shape);
  g_test_add_func ("/core/plan-import/mec-sheet-mapping", test_mec_sheet_mapping);
  g_test_add_func ("/core/plan-import/csv-utf8", test_csv_utf8);
  g_test_add_func ("/core/plan-import/csv-windows-1252", test_csv_windows_1252);
  g_test_add_func ("/core/plan-import/csv-quotes-and-title", test_csv_quotes_and_title);
  g_test_add_func ("/core/plan-import/unknown-and-missing-columns", test_unknown_and_missing_columns);
  g_test_add_func ("/core/plan-import/rejected-rows-and-source-rows", test_rejected_rows_and_source_rows);
  g_test_add_func ("/core/plan-import/no-header-and-empty", test_no_header_and_empty);
  g_test_add_func ("/core/plan-import/workbook-other-program", test_workbook_other_program);
  g_test_add_func ("/core/plan-import/bad-workbook-is-an-error", test_bad_workbook_is_an_error);
  g_test_add_func ("/core/plan-import/read-async", test_read_async);

  return g_test_run ();
}
