/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-xlsx-reader.h: reads the cells of an Excel workbook (.xlsx, Office
 * Open XML), streaming, with hard limits.
 *
 * libgsf opens the zip package and libxml2's xmlTextReader walks the parts
 * (workbook, relationships, styles, shared strings incl. rich text runs,
 * sheets incl. inline strings). Numbers in a cell with a date format come
 * out as dates ("2018-03-07", or "2018-03-07 14:30:00"); other numbers as
 * their shortest text ("8", "8.5").
 *
 * What the reader refuses, with a message a registrar can act on: a file
 * that is not a zip, a zip that is not a workbook, a password-protected
 * workbook (an encrypted OLE container), an old .xls, formulas, merged
 * cells, a part that declares a document type (OOXML has none: it can only
 * be an entity-expansion trap, refused before it is parsed), and any part
 * or count beyond the limits below (a zip bomb, a sheet
 * of a million empty rows is fine: empty rows are skipped, never stored). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CF_XLSX_ERROR (cf_xlsx_error_quark ())

typedef enum
{
  CF_XLSX_ERROR_NOT_ZIP,        /* not an Office Open XML package at all */
  CF_XLSX_ERROR_NOT_WORKBOOK,   /* a zip, but no workbook in it */
  CF_XLSX_ERROR_ENCRYPTED,      /* password-protected */
  CF_XLSX_ERROR_LEGACY,         /* an Excel 97–2003 .xls */
  CF_XLSX_ERROR_TOO_LARGE,      /* a limit below was exceeded */
  CF_XLSX_ERROR_FORMULA,        /* a cell holds a formula */
  CF_XLSX_ERROR_MERGED,         /* the sheet has merged cells */
  CF_XLSX_ERROR_MALFORMED,      /* broken XML or references */
  CF_XLSX_ERROR_NO_SHEET,       /* no such sheet */
  CF_XLSX_ERROR_IO,             /* cannot read the file */
} CfXlsxError;

GQuark cf_xlsx_error_quark (void);

/* Limits (uncompressed sizes). */
#define CF_XLSX_MAX_PART_BYTES     (64 * 1024 * 1024)    /* workbook, styles, shared strings */
#define CF_XLSX_MAX_SHEET_BYTES    (512 * 1024 * 1024)   /* one sheet */
#define CF_XLSX_MAX_SHARED_STRINGS 2000000
#define CF_XLSX_MAX_SHEETS         1000
#define CF_XLSX_MAX_ROWS           1048576               /* Excel's own limits */
#define CF_XLSX_MAX_COLUMNS        16384
#define CF_XLSX_MAX_CELL_CHARS     32767

typedef struct _CfXlsxReader CfXlsxReader;

CfXlsxReader *cf_xlsx_reader_new_for_path  (const char     *path,
                                            GError        **error);
/* @bytes is kept (referenced) for the reader's life. */
CfXlsxReader *cf_xlsx_reader_new_for_bytes (GBytes         *bytes,
                                            GError        **error);
void          cf_xlsx_reader_free          (CfXlsxReader   *self);

guint         cf_xlsx_reader_get_n_sheets  (CfXlsxReader   *self);
const char   *cf_xlsx_reader_get_sheet_name (CfXlsxReader  *self,
                                             guint          index);

/* Called for every row with at least one non-empty cell, in file order.
 * @row is 1-based as the spreadsheet shows it; @cells[0] is column A, NULL
 * for an empty cell; @n_cells is one past the last non-empty cell. Return
 * FALSE to stop: with @error set the read fails with it, without it the
 * read ends early and successfully (a peek at the first rows). */
typedef gboolean (*CfXlsxRowFunc) (guint               row,
                                   const char * const *cells,
                                   guint               n_cells,
                                   gpointer            user_data,
                                   GError            **error);

gboolean      cf_xlsx_reader_read_sheet    (CfXlsxReader   *self,
                                            guint           index,
                                            CfXlsxRowFunc   func,
                                            gpointer        user_data,
                                            GCancellable   *cancellable,
                                            GError        **error);

/* As cf_xlsx_reader_read_sheet(), but only the rows from @strict_row on
 * are held to the rules: a formula above it gives its last computed value,
 * and merged cells are refused only when they reach into the rows from
 * @strict_row to the last non-empty row (a merged title above the header,
 * a merged note below the data are fine). G_MAXUINT: nothing is refused
 * (a peek at a sheet that may not be read); 0: as read_sheet(). */
gboolean      cf_xlsx_reader_read_sheet_from (CfXlsxReader *self,
                                              guint         index,
                                              guint         strict_row,
                                              CfXlsxRowFunc func,
                                              gpointer      user_data,
                                              GCancellable *cancellable,
                                              GError      **error);

/* "A", "Z", "AA"... for a 0-based column (messages and tests). */
char         *cf_xlsx_column_name          (guint           column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfXlsxReader, cf_xlsx_reader_free)

G_END_DECLS
