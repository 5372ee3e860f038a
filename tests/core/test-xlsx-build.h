/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hand-made workbook packages (libgsf) for the reader tests and the CLI
 * tests: odd shapes and every kind of bad input of issue 6. */
#pragma once

#include <string.h>

#include <gsf/gsf-outfile.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-output-stdio.h>

#include "cf-xlsx-reader.h"

typedef void (*PartWriter) (GsfOutput *out,
                            gpointer   data);

typedef struct
{
  const char *name;
  const char *text;      /* or: */
  PartWriter  writer;
  gpointer    data;
} Part;

static inline GsfOutput *
zip_child (GsfOutfile *zip,
           GHashTable *dirs,
           const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "/", -1);
  GsfOutfile *parent = zip;
  g_autoptr(GString) path = g_string_new (NULL);
  guint n = g_strv_length (parts);

  for (guint i = 0; i + 1 < n; i++)
    {
      GsfOutfile *dir;

      g_string_append_printf (path, "%s/", parts[i]);
      dir = g_hash_table_lookup (dirs, path->str);
      if (dir == NULL)
        {
          dir = GSF_OUTFILE (gsf_outfile_new_child (parent, parts[i], TRUE));
          g_hash_table_insert (dirs, g_strdup (path->str), dir);
        }
      parent = dir;
    }

  return gsf_outfile_new_child_full (parent, parts[n - 1], FALSE, "compression-level", GSF_ZIP_DEFLATED, NULL);
}

static inline void
close_dir (gpointer data)
{
  gsf_output_close (GSF_OUTPUT (data));
  g_object_unref (data);
}

static inline void
write_zip (const char *path,
           const Part *parts,
           guint       n_parts)
{
  g_autoptr(GError) error = NULL;
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *zip;
  GHashTable *dirs;

  g_assert_no_error (error);
  zip = gsf_outfile_zip_new (sink, &error);
  g_assert_no_error (error);
  dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, close_dir);

  for (guint i = 0; i < n_parts; i++)
    {
      GsfOutput *child = zip_child (zip, dirs, parts[i].name);

      if (parts[i].writer != NULL)
        parts[i].writer (child, parts[i].data);
      else
        g_assert_true (gsf_output_write (child, strlen (parts[i].text), (const guint8 *) parts[i].text));
      gsf_output_close (child);
      g_object_unref (child);
    }

  /* Folders close deepest first: by length, longest first. */
  {
    g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (dirs), (GCompareFunc) strcmp);

    for (GList *l = g_list_last (keys); l != NULL; l = l->prev)
      g_hash_table_remove (dirs, l->data);
  }
  g_hash_table_unref (dirs);
  gsf_output_close (GSF_OUTPUT (zip));
  g_object_unref (zip);
  g_object_unref (sink);
}

#define CONTENT_TYPES \
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" \
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" \
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"

#define PACKAGE_RELS \
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\"" \
  " Target=\"xl/workbook.xml\"/></Relationships>"

#define WORKBOOK \
  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"" \
  " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" \
  "<sheets><sheet name=\"Datos\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"

#define WORKBOOK_RELS \
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"" \
  " Target=\"worksheets/sheet1.xml\"/>" \
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\"" \
  " Target=\"/xl/sharedStrings.xml\"/>" \
  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\"" \
  " Target=\"styles.xml\"/></Relationships>"

#define SHEET_OPEN "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_CLOSE "</sheetData></worksheet>"

#define STYLES \
  "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" \
  "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>" \
  "<numFmt numFmtId=\"165\" formatCode=\"&quot;day&quot;0.00\"/></numFmts>" \
  "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>" \
  "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs>" \
  "</styleSheet>"

static inline char *
write_workbook_full (const char *dir,
                     const char *name,
                     const Part *sheet,
                     const Part *shared)
{
  char *path = g_build_filename (dir, name, NULL);
  Part parts[] = {
    { "[Content_Types].xml", CONTENT_TYPES, NULL, NULL },
    { "_rels/.rels", PACKAGE_RELS, NULL, NULL },
    { "xl/workbook.xml", WORKBOOK, NULL, NULL },
    { "xl/_rels/workbook.xml.rels", WORKBOOK_RELS, NULL, NULL },
    { "xl/styles.xml", STYLES, NULL, NULL },
    *sheet,
    *shared,
  };

  write_zip (path, parts, G_N_ELEMENTS (parts));
  return path;
}

static inline char *
write_workbook (const char *dir,
                const char *name,
                const char *sheet_data,
                const char *shared_strings)
{
  g_autofree char *sheet = g_strconcat (SHEET_OPEN, sheet_data, SHEET_CLOSE, NULL);
  g_autofree char *sst = g_strconcat ("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
                                      shared_strings != NULL ? shared_strings : "", "</sst>", NULL);
  Part sheet_part = { "xl/worksheets/sheet1.xml", sheet, NULL, NULL };
  Part sst_part = { "xl/sharedStrings.xml", sst, NULL, NULL };

  return write_workbook_full (dir, name, &sheet_part, &sst_part);
}

static inline void
write_empty_rows (GsfOutput *out,
                  gpointer   data)
{
  g_autoptr(GString) chunk = g_string_new (SHEET_OPEN "<row r=\"1\"><c t=\"inlineStr\"><is><t>ID_CARRERA</t></is></c></row>");

  for (guint r = 2; r <= CF_XLSX_MAX_ROWS; r++)
    {
      g_string_append_printf (chunk, "<row r=\"%u\" spans=\"1:24\" s=\"1\" customFormat=\"1\"/>", r);
      if (chunk->len > 1 << 20)
        {
          g_assert_true (gsf_output_write (out, chunk->len, (const guint8 *) chunk->str));
          g_string_truncate (chunk, 0);
        }
    }
  g_string_append (chunk, SHEET_CLOSE);
  g_assert_true (gsf_output_write (out, chunk->len, (const guint8 *) chunk->str));
}

static inline void
write_huge_strings (GsfOutput *out,
                    gpointer   data)
{
  g_autoptr(GString) chunk = g_string_new ("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
  gsize total = 0;
  guint i = 0;

  while (total < 100 * 1024 * 1024)
    {
      g_string_append_printf (chunk, "<si><t>Asignatura de relleno número %u para llegar a cien megas</t></si>", i++);
      if (chunk->len > 1 << 20)
        {
          g_assert_true (gsf_output_write (out, chunk->len, (const guint8 *) chunk->str));
          total += chunk->len;
          g_string_truncate (chunk, 0);
        }
    }
  g_string_append (chunk, "</sst>");
  g_assert_true (gsf_output_write (out, chunk->len, (const guint8 *) chunk->str));
}

static inline void
write_ole (const char         *path,
           const char * const *streams)
{
  g_autoptr(GError) error = NULL;
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *ole;

  g_assert_no_error (error);
  ole = gsf_outfile_msole_new (sink);
  for (guint i = 0; streams[i] != NULL; i++)
    {
      GsfOutput *child = gsf_outfile_new_child (ole, streams[i], FALSE);
      static const guint8 junk[4096] = { 1, 2, 3, 4 };

      g_assert_true (gsf_output_write (child, sizeof junk, junk));
      gsf_output_close (child);
      g_object_unref (child);
    }
  gsf_output_close (GSF_OUTPUT (ole));
  g_object_unref (ole);
  g_object_unref (sink);
}
