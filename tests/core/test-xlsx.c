/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workbook reader and writer on real files: hand-made packages (odd
 * shapes, every kind of bad input), libxlsxwriter output and our own. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "cf-plan-diff.h"
#include "cf-plan-import.h"
#include "cf-xlsx-reader.h"
#include "cf-xlsx-writer.h"
#include "test-plan-fixture.h"
#include "test-xlsx-build.h"

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/* Collects rows as "row:cell|cell|..." lines, "-" for an empty cell. */
static gboolean
collect_cb (guint               row,
            const char * const *cells,
            guint               n_cells,
            gpointer            user_data,
            GError            **error)
{
  GString *out = user_data;

  g_string_append_printf (out, "%u:", row);
  for (guint i = 0; i < n_cells; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", cells[i] != NULL ? cells[i] : "-");
  g_string_append_c (out, '\n');
  return TRUE;
}

static char *
read_all (const char  *path,
          GError     **error)
{
  g_autoptr(CfXlsxReader) reader = cf_xlsx_reader_new_for_path (path, error);
  GString *out;

  if (reader == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < cf_xlsx_reader_get_n_sheets (reader); i++)
    {
      g_string_append_printf (out, "[%s]\n", cf_xlsx_reader_get_sheet_name (reader, i));
      if (!cf_xlsx_reader_read_sheet (reader, i, collect_cb, out, NULL, error))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
    }
  return g_string_free (out, FALSE);
}

static void
test_read_shapes (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  path = write_workbook (dir, "shapes.xlsx",
                         /* shared, rich shared, inline (rich), number, bool, str, d, dates */
                         "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                         "<c r=\"D1\" t=\"inlineStr\"><is><r><t>in</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">line </t></r></is></c></row>"
                         "<row r=\"3\" spans=\"1:5\"><c r=\"A3\"><v>8.300000000000001</v></c><c r=\"B3\" t=\"b\"><v>1</v></c>"
                         "<c r=\"C3\" t=\"str\"><v>texto</v></c><c r=\"D3\" t=\"d\"><v>2018-03-07T00:00:00</v></c>"
                         "<c r=\"E3\" s=\"1\"><v>43166</v></c></row>"
                         "<row r=\"4\"/>"
                         "<row><c s=\"2\"><v>43166.5</v></c><c s=\"3\"><v>43166</v></c><c t=\"s\"><v>2</v></c><c/>"
                         "<c r=\"G5\" t=\"inlineStr\"><is><t>a_x000D_b</t></is></c></row>"
                         "<row r=\"7\"><c r=\"B7\" t=\"s\"><v>3</v></c></row>",
                         "<si><t>ID_CARRERA</t></si>"
                         "<si><r><t>Nom</t></r><r><rPr><i/></rPr><t>bre</t></r><rPh><t>ノ</t></rPh></si>"
                         "<si><t/></si>"
                         "<si><t>Cálculo &amp; Álgebra</t></si>");

  text = read_all (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "[Datos]\n"
                   "1:ID_CARRERA|Nombre|-|inline \n"
                   "3:8.3|TRUE|texto|2018-03-07|2018-03-07\n"
                   "5:2018-03-07 12:00:00|43166|-|-|-|-|a\rb\n"
                   "7:-|Cálculo & Álgebra\n");

  cf_test_rmdir (dir);
}

static void
test_read_libxlsxwriter (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *normal = g_build_filename (dir, "normal.xlsx", NULL);
  g_autofree char *constant = g_build_filename (dir, "constant.xlsx", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  for (int pass = 0; pass < 2; pass++)
    {
      /* Constant memory mode writes inline strings, the normal mode shared ones. */
      lxw_workbook_options options = { .constant_memory = pass == 1 };
      lxw_workbook *workbook = workbook_new_opt (pass == 0 ? normal : constant, &options);
      lxw_worksheet *first = workbook_add_worksheet (workbook, "Notas");
      lxw_worksheet *sheet = workbook_add_worksheet (workbook, "Programa");
      lxw_format *bold = workbook_add_format (workbook);
      lxw_format *date = workbook_add_format (workbook);
      lxw_datetime when = { 2018, 3, 7, 0, 0, 0 };
      lxw_rich_string_tuple part1 = { NULL, "Derecho " };
      lxw_rich_string_tuple part2 = { bold, "Romano" };
      lxw_rich_string_tuple *rich[] = { &part1, &part2, NULL };

      format_set_bold (bold);
      format_set_num_format (date, "d mmm yyyy");
      worksheet_write_string (first, 0, 0, "Hoja de notas", NULL);
      worksheet_write_string (sheet, 0, 0, "ID_ASIGNATURA", NULL);
      worksheet_write_string (sheet, 0, 1, "NOMBRE_ASIGNATURA", NULL);
      worksheet_write_string (sheet, 0, 2, "FECHA_RVOE", NULL);
      /* Row 2 left empty; a date as a date, then as a bare serial. */
      worksheet_write_number (sheet, 2, 0, 1001, NULL);
      if (pass == 0)
        worksheet_write_rich_string (sheet, 2, 1, rich, NULL);
      else
        worksheet_write_string (sheet, 2, 1, "Derecho Romano", NULL);
      worksheet_write_datetime (sheet, 2, 2, &when, date);
      worksheet_write_number (sheet, 5, 0, 1002.0, NULL);
      worksheet_write_string (sheet, 5, 1, "Ética", NULL);
      worksheet_write_number (sheet, 5, 2, 43166, NULL);
      g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);
    }

  text = read_all (normal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "[Notas]\n1:Hoja de notas\n"
                   "[Programa]\n1:ID_ASIGNATURA|NOMBRE_ASIGNATURA|FECHA_RVOE\n"
                   "3:1001|Derecho Romano|2018-03-07\n6:1002|Ética|43166\n");
  g_clear_pointer (&text, g_free);
  text = read_all (constant, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "[Notas]\n1:Hoja de notas\n"
                   "[Programa]\n1:ID_ASIGNATURA|NOMBRE_ASIGNATURA|FECHA_RVOE\n"
                   "3:1001|Derecho Romano|2018-03-07\n6:1002|Ética|43166\n");

  cf_test_rmdir (dir);
}

static void
assert_read_error (const char *path,
                   int         code,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = read_all (path, &error);

  g_assert_null (text);
  g_assert_error (error, CF_XLSX_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in “%s”", fragment, error->message);
}

static void
test_not_a_zip (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *text = g_build_filename (dir, "plan.xlsx", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.xlsx", NULL);
  g_autofree char *truncated = g_build_filename (dir, "truncated.xlsx", NULL);
  g_autofree char *good = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (text, "ID_CARRERA,CLAVE_PLAN\n1,2\n", -1, NULL));
  assert_read_error (text, CF_XLSX_ERROR_NOT_ZIP, "not an Excel workbook");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_read_error (empty, CF_XLSX_ERROR_NOT_ZIP, NULL);

  /* The first 200 bytes of a real workbook: "PK", but no zip directory. */
  good = write_workbook (dir, "good.xlsx", "<row r=\"1\"><c t=\"s\"><v>0</v></c></row>", "<si><t>x</t></si>");
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (truncated, contents, 200, NULL));
  assert_read_error (truncated, CF_XLSX_ERROR_NOT_ZIP, NULL);

  cf_test_rmdir (dir);
}

static void
test_zip_not_workbook (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *plain = g_build_filename (dir, "fotos.xlsx", NULL);
  g_autofree char *docx = g_build_filename (dir, "carta.xlsx", NULL);
  Part plain_parts[] = { { "hola.txt", "hola", NULL, NULL } };
  Part docx_parts[] = {
    { "[Content_Types].xml", CONTENT_TYPES, NULL, NULL },
    { "_rels/.rels",
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
      " Target=\"word/document.xml\"/></Relationships>", NULL, NULL },
    { "word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>",
      NULL, NULL },
  };

  write_zip (plain, plain_parts, G_N_ELEMENTS (plain_parts));
  assert_read_error (plain, CF_XLSX_ERROR_NOT_WORKBOOK, "not an Excel workbook");
  write_zip (docx, docx_parts, G_N_ELEMENTS (docx_parts));
  assert_read_error (docx, CF_XLSX_ERROR_NOT_WORKBOOK, NULL);

  cf_test_rmdir (dir);
}

static void
test_million_empty_rows (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  Part sheet = { "xl/worksheets/sheet1.xml", NULL, write_empty_rows, NULL };
  Part sst = { "xl/sharedStrings.xml", "<sst/>", NULL, NULL };
  gint64 start;

  path = write_workbook_full (dir, "empty-rows.xlsx", &sheet, &sst);

  /* Streamed and skipped: one row comes out, in well under a few seconds
   * and without a million row objects in memory. */
  start = g_get_monotonic_time ();
  text = read_all (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "[Datos]\n1:ID_CARRERA\n");
  g_test_message ("1,048,576 rows read in %.2f s", (g_get_monotonic_time () - start) / 1e6);

  cf_test_rmdir (dir);
}

static void
test_huge_shared_strings (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = NULL;
  Part sheet = { "xl/worksheets/sheet1.xml", SHEET_OPEN "<row r=\"1\"><c t=\"s\"><v>0</v></c></row>" SHEET_CLOSE,
                 NULL, NULL };
  Part sst = { "xl/sharedStrings.xml", NULL, write_huge_strings, NULL };

  path = write_workbook_full (dir, "huge.xlsx", &sheet, &sst);
  assert_read_error (path, CF_XLSX_ERROR_TOO_LARGE, "xl/sharedStrings.xml");

  cf_test_rmdir (dir);
}

static void
test_formula (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = NULL;

  path = write_workbook (dir, "formula.xlsx",
                         "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                         "<row r=\"2\"><c r=\"C2\"><f>A1+1</f><v>2</v></c></row>", NULL);
  assert_read_error (path, CF_XLSX_ERROR_FORMULA, "C2");

  cf_test_rmdir (dir);
}

static void
test_merged (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "merged.xlsx", NULL);
  Part sheet = { "xl/worksheets/sheet1.xml",
                 SHEET_OPEN "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData>"
                 "<mergeCells count=\"1\"><mergeCell ref=\"A1:A4\"/></mergeCells></worksheet>", NULL, NULL };
  Part sst = { "xl/sharedStrings.xml", "<sst><si><t>LICENCIATURA</t></si></sst>", NULL, NULL };

  g_free (path);
  path = write_workbook_full (dir, "merged.xlsx", &sheet, &sst);
  assert_read_error (path, CF_XLSX_ERROR_MERGED, "A1:A4");

  cf_test_rmdir (dir);
}

/* Only the rows from the strict row on are held to the rules: a merged
 * title and a formula above it, a merged note below the data, are fine. */
static void
test_read_from_row (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *text = NULL;
  g_autoptr(CfXlsxReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  Part sheet = { "xl/worksheets/sheet1.xml",
                 SHEET_OPEN "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"D1\"><f>1+1</f><v>2</v></c></row>"
                 "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\"><v>2</v></c></row>"
                 "<row r=\"3\"><c r=\"A3\"><v>3</v></c></row></sheetData>"
                 "<mergeCells count=\"2\"><mergeCell ref=\"A1:C1\"/><mergeCell ref=\"A6:C7\"/></mergeCells>"
                 "</worksheet>", NULL, NULL };
  Part bad_sheet = { "xl/worksheets/sheet1.xml",
                     SHEET_OPEN "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                     "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\"><v>3</v></c></row>"
                     "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"B1:B2\"/></mergeCells></worksheet>",
                     NULL, NULL };
  Part sst = { "xl/sharedStrings.xml", "<sst><si><t>CATALOGO TIPO PERIODO</t></si></sst>", NULL, NULL };

  path = write_workbook_full (dir, "title.xlsx", &sheet, &sst);
  reader = cf_xlsx_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  /* A peek refuses nothing; the formula's last value is its text. */
  g_assert_true (cf_xlsx_reader_read_sheet_from (reader, 0, G_MAXUINT, collect_cb, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cf_xlsx_reader_read_sheet_from (reader, 0, 2, collect_cb, out, NULL, &error));
  g_assert_no_error (error);
  text = g_string_free (out, FALSE);
  g_assert_cmpstr (text, ==, "1:CATALOGO TIPO PERIODO|-|-|2\n2:1|2\n3:3\n"
                             "1:CATALOGO TIPO PERIODO|-|-|2\n2:1|2\n3:3\n");
  /* From row 1 the formula counts. */
  out = g_string_new (NULL);
  g_assert_false (cf_xlsx_reader_read_sheet_from (reader, 0, 1, collect_cb, out, NULL, &error));
  g_string_free (out, TRUE);
  g_assert_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_FORMULA);
  g_clear_error (&error);
  g_clear_pointer (&reader, cf_xlsx_reader_free);

  /* A merge reaching into the rows read is refused, naming its cells. */
  bad = write_workbook_full (dir, "bad.xlsx", &bad_sheet, &sst);
  reader = cf_xlsx_reader_new_for_path (bad, &error);
  g_assert_no_error (error);
  out = g_string_new (NULL);
  g_assert_false (cf_xlsx_reader_read_sheet_from (reader, 0, 2, collect_cb, out, NULL, &error));
  g_string_free (out, TRUE);
  g_assert_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MERGED);
  g_assert_nonnull (strstr (error->message, "B1:B2"));

  cf_test_rmdir (dir);
}

static void
test_password_protected (void)
{
  static const char * const encrypted[] = { "EncryptionInfo", "EncryptedPackage", NULL };
  static const char * const legacy[] = { "Workbook", NULL };
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *locked = g_build_filename (dir, "locked.xlsx", NULL);
  g_autofree char *old = g_build_filename (dir, "old.xls", NULL);

  /* What Office writes for a workbook with an opening password: an OLE
   * container holding EncryptionInfo and EncryptedPackage, no zip. */
  write_ole (locked, encrypted);
  assert_read_error (locked, CF_XLSX_ERROR_ENCRYPTED, "password");
  write_ole (old, legacy);
  assert_read_error (old, CF_XLSX_ERROR_LEGACY, ".xls");

  cf_test_rmdir (dir);
}

static void
test_malformed (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *bad_index = write_workbook (dir, "index.xlsx", "<row r=\"1\"><c t=\"s\"><v>7</v></c></row>", NULL);
  g_autofree char *bad_row = write_workbook (dir, "row.xlsx", "<row r=\"1048577\"><c><v>1</v></c></row>", NULL);
  g_autofree char *bad_cell = write_workbook (dir, "cell.xlsx", "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", NULL);
  g_autofree char *bad_xml = write_workbook (dir, "xml.xlsx", "<row r=\"1\"><c><v>1</v></row>", NULL);
  g_autofree char *dtd = g_build_filename (dir, "dtd.xlsx", NULL);
  Part sheet = { "xl/worksheets/sheet1.xml",
                 "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
                 SHEET_OPEN "<row r=\"1\"><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row>" SHEET_CLOSE, NULL, NULL };
  Part sst = { "xl/sharedStrings.xml", "<sst/>", NULL, NULL };

  assert_read_error (bad_index, CF_XLSX_ERROR_MALFORMED, "A1");
  assert_read_error (bad_row, CF_XLSX_ERROR_MALFORMED, NULL);
  assert_read_error (bad_cell, CF_XLSX_ERROR_MALFORMED, "XFE1");
  assert_read_error (bad_xml, CF_XLSX_ERROR_MALFORMED, "not valid XML");
  g_free (dtd);
  dtd = write_workbook_full (dir, "dtd.xlsx", &sheet, &sst);
  assert_read_error (dtd, CF_XLSX_ERROR_MALFORMED, "document type");

  cf_test_rmdir (dir);
}

static void
write_utf16 (GsfOutput *out,
             gpointer   data)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *utf16 = g_convert (data, -1, "UTF-16LE", "UTF-8", NULL, &len, &error);

  g_assert_no_error (error);
  g_assert_true (gsf_output_write (out, 2, (const guint8 *) "\xff\xfe"));
  g_assert_true (gsf_output_write (out, len, (const guint8 *) utf16));
}

/* A document type is refused in every part before libxml2 reads it, in
 * UTF-16 too; comments and processing instructions before the root (even
 * one that mentions a DOCTYPE) are fine. */
static void
test_prolog (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *fine = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *rows = NULL;
  g_autoptr(GError) error = NULL;
  Part commented = { "xl/worksheets/sheet1.xml",
                     "<?xml version=\"1.0\"?>\n<!-- no <!DOCTYPE here, - really -->\n<?app note?>"
                     SHEET_OPEN "<row r=\"1\"><c t=\"s\"><v>0</v></c></row>" SHEET_CLOSE, NULL, NULL };
  Part sst = { "xl/sharedStrings.xml",
               "<?xml version=\"1.0\"?><!----><sst><si><t>uno</t></si></sst>", NULL, NULL };
  Part sheet = { "xl/worksheets/sheet1.xml", SHEET_OPEN SHEET_CLOSE, NULL, NULL };
  Part sst16 = { "xl/sharedStrings.xml", NULL, write_utf16,
                 "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE sst [<!ENTITY a \"b\">]><sst/>" };

  fine = write_workbook_full (dir, "fine.xlsx", &commented, &sst);
  rows = read_all (fine, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rows, ==, "[Datos]\n1:uno\n");

  utf16 = write_workbook_full (dir, "utf16.xlsx", &sheet, &sst16);
  assert_read_error (utf16, CF_XLSX_ERROR_MALFORMED, "xl/sharedStrings.xml declares a document type");

  cf_test_rmdir (dir);
}

/* Damaged zip dates (month 15) must not reach GLib as a NULL GDateTime
 * (libgsf would make it print a critical: fatal in tests). */
static void
test_impossible_zip_dates (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = write_workbook (dir, "dates.xlsx", "<row r=\"1\"><c t=\"s\"><v>0</v></c></row>",
                                          "<si><t>ID_CARRERA</t></si>");
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize i = 0; i + 16 < length; i++)
    {
      guint8 *p = (guint8 *) contents + i;

      if (p[0] == 'P' && p[1] == 'K' && p[2] == 1 && p[3] == 2)
        {
          /* DOS date: day 31, month 15, year 2020 */
          p[14] = 0xff;
          p[15] = (40 << 1) | 1;
        }
    }
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  text = read_all (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "[Datos]\n1:ID_CARRERA\n");

  cf_test_rmdir (dir);
}

static gboolean
cancel_cb (guint               row,
           const char * const *cells,
           guint               n_cells,
           gpointer            user_data,
           GError            **error)
{
  g_cancellable_cancel (user_data);
  return TRUE;
}

static gboolean
stop_cb (guint               row,
         const char * const *cells,
         guint               n_cells,
         gpointer            user_data,
         GError            **error)
{
  (*(guint *) user_data)++;
  return FALSE;
}

static void
test_cancel_and_stop (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(CfXlsxReader) reader = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint seen = 0;

  for (guint r = 1; r <= 5000; r++)
    g_string_append_printf (rows, "<row r=\"%u\"><c><v>%u</v></c></row>", r, r);
  path = write_workbook (dir, "long.xlsx", rows->str, NULL);

  reader = cf_xlsx_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_false (cf_xlsx_reader_read_sheet (reader, 0, cancel_cb, cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* FALSE without an error: a peek that ends early and well. */
  g_assert_true (cf_xlsx_reader_read_sheet (reader, 0, stop_cb, &seen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen, ==, 1);

  g_assert_false (cf_xlsx_reader_read_sheet (reader, 3, stop_cb, &seen, NULL, &error));
  g_assert_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NO_SHEET);

  cf_test_rmdir (dir);
}

static void
test_column_names (void)
{
  static const struct { guint column; const char *name; } cases[] = {
    { 0, "A" }, { 25, "Z" }, { 26, "AA" }, { 51, "AZ" }, { 701, "ZZ" }, { 702, "AAA" }, { 16383, "XFD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = cf_xlsx_column_name (cases[i].column);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

static GPtrArray *
import_rows (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanImport) import = cf_plan_import_read (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GPtrArray) rejected = NULL;

  g_assert_no_error (error);
  g_assert_true (cf_plan_import_check_mapping (import, FALSE, &error));
  book = cf_plan_import_build (import, &rejected, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 0);
  return cf_plan_book_to_rows (book, FALSE);
}

static void
test_write_round_trip (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "programa.xlsx", NULL);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(CfXlsxReader) reader = NULL;
  const char *name;
  guint files = 0;

  /* A withdrawn plan and a state code with a leading zero survive the trip. */
  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, "2001"), CF_PLAN_COL_ESTATUS_PLAN, "BAJA", &error));
  expected = cf_plan_book_to_rows (book, FALSE);

  g_assert_true (cf_xlsx_write_plan (book, NULL, CF_XLSX_WRITE_NONE, path, &error));
  g_assert_no_error (error);
  rows = import_rows (path);
  g_assert_cmpuint (rows->len, ==, expected->len);
  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
      g_assert_cmpstr (((CfPlanRow *) g_ptr_array_index (rows, r))->cells[c], ==,
                       ((CfPlanRow *) g_ptr_array_index (expected, r))->cells[c]);

  reader = cf_xlsx_reader_new_for_path (path, &error);
  g_assert_cmpuint (cf_xlsx_reader_get_n_sheets (reader), ==, 2);
  g_assert_cmpstr (cf_xlsx_reader_get_sheet_name (reader, 0), ==, "Instrucciones");
  g_assert_cmpstr (cf_xlsx_reader_get_sheet_name (reader, 1), ==, "Programa de Estudios");

  /* Written atomically: nothing but the file is left in the folder. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_cmpstr (name, ==, "programa.xlsx");
      files++;
    }
  g_assert_cmpuint (files, ==, 1);

  cf_test_rmdir (dir);
}

static void
test_write_for_sep (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "sep.xlsx", NULL);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanImport) import = NULL;

  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, "2001"), CF_PLAN_COL_ESTATUS_PLAN, "BAJA", &error));
  g_assert_true (cf_xlsx_write_plan (book, NULL, CF_XLSX_WRITE_FOR_SEP, path, &error));
  g_assert_no_error (error);

  /* Current plans only, and exactly section 6's columns. */
  import = cf_plan_import_read (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_import_get_n_source_columns (import), ==, CF_PLAN_N_SEP_COLUMNS);
  g_assert_cmpstr (cf_plan_import_get_source_header (import, 23), ==, "PERIODO");
  g_assert_cmpuint (cf_plan_import_get_header_row (import), ==, 1);
  rows = import_rows (path);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint r = 0; r < rows->len; r++)
    g_assert_cmpstr (((CfPlanRow *) g_ptr_array_index (rows, r))->cells[CF_PLAN_COL_CLAVE_PLAN], ==, "2018");

  cf_test_rmdir (dir);
}

static void
test_write_fails_cleanly (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "plan.xlsx", NULL);
  g_autofree char *existing = g_build_filename (dir, "plan.xlsx", NULL);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_false (cf_xlsx_write_plan (book, NULL, CF_XLSX_WRITE_NONE, missing, &error));
  g_assert_error (error, CF_XLSX_WRITER_ERROR, CF_XLSX_WRITER_ERROR_FAILED);
  g_clear_error (&error);

  /* Writing over a file replaces it whole. */
  g_assert_true (g_file_set_contents (existing, "old", -1, NULL));
  g_assert_true (cf_xlsx_write_plan (book, NULL, CF_XLSX_WRITE_NONE, existing, &error));
  g_assert_true (g_file_get_contents (existing, &after, NULL, NULL));
  g_assert_true (g_str_has_prefix (after, "PK"));
  (void) before;

  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/xlsx/read-shapes", test_read_shapes);
  g_test_add_func ("/core/xlsx/read-libxlsxwriter", test_read_libxlsxwriter);
  g_test_add_func ("/core/xlsx/not-a-zip", test_not_a_zip);
  g_test_add_func ("/core/xlsx/zip-not-workbook", test_zip_not_workbook);
  g_test_add_func ("/core/xlsx/million-empty-rows", test_million_empty_rows);
  g_test_add_func ("/core/xlsx/huge-shared-strings", test_huge_shared_strings);
  g_test_add_func ("/core/xlsx/formula", test_formula);
  g_test_add_func ("/core/xlsx/merged-cells", test_merged);
  g_test_add_func ("/core/xlsx/read-from-row", test_read_from_row);
  g_test_add_func ("/core/xlsx/password-protected", test_password_protected);
  g_test_add_func ("/core/xlsx/malformed", test_malformed);
  g_test_add_func ("/core/xlsx/prolog", test_prolog);
  g_test_add_func ("/core/xlsx/impossible-zip-dates", test_impossible_zip_dates);
  g_test_add_func ("/core/xlsx/cancel-and-stop", test_cancel_and_stop);
  g_test_add_func ("/core/xlsx/column-names", test_column_names);
  g_test_add_func ("/core/xlsx/write-round-trip", test_write_round_trip);
  g_test_add_func ("/core/xlsx/write-for-sep", test_write_for_sep);
  g_test_add_func ("/core/xlsx/write-fails-cleanly", test_write_fails_cleanly);

  return g_test_run ();
}
