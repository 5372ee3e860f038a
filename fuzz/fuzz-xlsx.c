/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the workbook reader (cf-xlsx-reader.c).
 *
 * Mutating a deflated zip rarely reaches the XML inside, so the first byte
 * picks a mode:
 *   even: the rest is a whole .xlsx file (zip, OLE, anything);
 *   odd:  the rest is split at "\n--\n" into the sheet, the shared strings
 *         and the styles, which are packed as stored (uncompressed) members
 *         of an otherwise valid workbook, so every mutation hits libxml2
 *         and the reader's own parsing.
 * Every sheet is read to the end; each cell's text is touched so ASan sees
 * any bad pointer. */

#include "config.h"

#include <string.h>

#include <gsf/gsf-outfile.h>
#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-output-memory.h>

#include "cf-xlsx-reader.h"
#include "fuzz-glib.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char content_types[] =
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
static const char package_rels[] =
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
  " Target=\"xl/workbook.xml\"/></Relationships>";
static const char workbook[] =
  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
  " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
  "<workbookPr date1904=\"1\"/><sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char workbook_rels[] =
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\""
  " Target=\"worksheets/sheet1.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\""
  " Target=\"sharedStrings.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\""
  " Target=\"styles.xml\"/></Relationships>";

static gsize touched;

static gboolean
row_cb (guint               row,
        const char * const *cells,
        guint               n_cells,
        gpointer            user_data,
        GError            **error)
{
  for (guint i = 0; i < n_cells; i++)
    if (cells[i] != NULL)
      touched += strlen (cells[i]) + (guint8) cells[i][0];
  return TRUE;
}

static void
add_member (GsfOutfile *dir,
            const char *name,
            const void *data,
            gsize       size)
{
  GsfOutput *child = gsf_outfile_new_child_full (dir, name, FALSE, "compression-level", GSF_ZIP_STORED, NULL);

  if (child == NULL)
    return;
  gsf_output_write (child, size, data);
  gsf_output_close (child);
  g_object_unref (child);
}

/* A workbook whose sheet, shared strings and styles come from the input. */
static GBytes *
pack_parts (const guint8 *data,
            size_t        size)
{
  const char *parts[3] = { "", "", "" };
  gsize lengths[3] = { 0, 0, 0 };
  GsfOutput *sink = gsf_output_memory_new ();
  GsfOutfile *zip = gsf_outfile_zip_new (sink, NULL);
  GsfOutfile *rels, *xl, *xl_rels, *sheets;
  const char *p = (const char *) data;
  const char *end = p + size;
  GBytes *bytes;

  for (guint i = 0; i < 3 && p <= end; i++)
    {
      const char *cut = i < 2 ? g_strstr_len (p, end - p, "\n--\n") : NULL;

      parts[i] = p;
      lengths[i] = (cut != NULL ? cut : end) - p;
      if (cut == NULL)
        break;
      p = cut + 4;
    }

  add_member (zip, "[Content_Types].xml", content_types, strlen (content_types));
  rels = GSF_OUTFILE (gsf_outfile_new_child (zip, "_rels", TRUE));
  add_member (rels, ".rels", package_rels, strlen (package_rels));
  xl = GSF_OUTFILE (gsf_outfile_new_child (zip, "xl", TRUE));
  add_member (xl, "workbook.xml", workbook, strlen (workbook));
  xl_rels = GSF_OUTFILE (gsf_outfile_new_child (xl, "_rels", TRUE));
  add_member (xl_rels, "workbook.xml.rels", workbook_rels, strlen (workbook_rels));
  sheets = GSF_OUTFILE (gsf_outfile_new_child (xl, "worksheets", TRUE));
  add_member (sheets, "sheet1.xml", parts[0], lengths[0]);
  add_member (xl, "sharedStrings.xml", parts[1], lengths[1]);
  add_member (xl, "styles.xml", parts[2], lengths[2]);

  gsf_output_close (GSF_OUTPUT (sheets));
  gsf_output_close (GSF_OUTPUT (xl_rels));
  gsf_output_close (GSF_OUTPUT (xl));
  gsf_output_close (GSF_OUTPUT (rels));
  gsf_output_close (GSF_OUTPUT (zip));
  g_object_unref (sheets);
  g_object_unref (xl_rels);
  g_object_unref (xl);
  g_object_unref (rels);
  g_object_unref (zip);

  bytes = g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (sink)),
                       gsf_output_size (sink));
  g_object_unref (sink);
  return bytes;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CfXlsxReader) reader = NULL;

  if (size < 1)
    return 0;

  if (data[0] & 1)
    bytes = pack_parts (data + 1, size - 1);
  else
    bytes = g_bytes_new (data + 1, size - 1);

  reader = cf_xlsx_reader_new_for_bytes (bytes, NULL);
  if (reader == NULL)
    return 0;

  for (guint i = 0; i < cf_xlsx_reader_get_n_sheets (reader); i++)
    {
      g_autoptr(GError) error = NULL;

      (void) cf_xlsx_reader_get_sheet_name (reader, i);
      cf_xlsx_reader_read_sheet (reader, i, row_cb, NULL, NULL, &error);
    }
  return 0;
}
