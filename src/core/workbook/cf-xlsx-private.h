/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-xlsx-private.h: what the workbook reader's files share: the parts of
 * the zip (cf-xlsx-parts.c) and the sheets (cf-xlsx-reader.c). */
#pragma once

#include <gsf/gsf-infile.h>
#include <gsf/gsf-input.h>
#include <libxml/xmlreader.h>

#include "cf-xlsx-reader.h"

G_BEGIN_DECLS

/* libgsf 1.14 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

/* Attribute values the sheet reader keeps (r, s, t, ref) fit in this. */
#define ATTR_MAX 24

/* Cancellation is checked every so many rows. */
#define CANCEL_CHECK_ROWS 1024

struct _CfXlsxReader
{
  GBytes       *bytes;
  GsfInput     *input;
  GsfInfile    *zip;
  gboolean      date1904;
  GPtrArray    *sheet_names;    /* char* */
  GPtrArray    *sheet_paths;    /* char*, part names in the zip */
  char         *shared_strings_path;
  char         *styles_path;
  gboolean      prepared;       /* shared strings and styles read */
  GStringChunk *strings;
  GPtrArray    *shared;         /* const char* into strings */
  GArray       *date_styles;    /* gboolean per cellXfs index */
};

/* Watches a part's first bytes for a document type declaration (or any
 * "<!" but a comment) before the root element: OOXML has none, and one is
 * how entity-expansion traps (billion laughs) come. Start zeroed; feed
 * every byte in order before the parser gets it; FALSE once refused. */
typedef struct
{
  guint8 state;
} CfXlsxPrologScan;

gboolean _cf_xlsx_prolog_scan (CfXlsxPrologScan *scan, const guint8 *data, gsize len);
void _cf_xlsx_set_doctype_error (GError **error, const char *part);
void _cf_xlsx_append_unescaped_len (GString *out, const char *text, gsize length);
GsfInput * _cf_xlsx_find_member (GsfInfile *dir, const char *path);
gboolean _cf_xlsx_is_folder (GsfInput *input);
gboolean _cf_xlsx_prepare (CfXlsxReader *self, GError **error);
gboolean _cf_xlsx_read_workbook (CfXlsxReader *self, GError **error);
void _cf_xlsx_set_too_large (GError **error, const char *part, gsize limit);

G_END_DECLS
