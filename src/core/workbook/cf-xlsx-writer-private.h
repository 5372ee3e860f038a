/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-xlsx-writer-private.h: what the MEC-shaped sheets
 * (cf-xlsx-writer-mec.c) share with cf-xlsx-writer.c. */
#pragma once

#include <xlsxwriter.h>

#include "cf-xlsx-writer.h"

G_BEGIN_DECLS

#define MIN_WIDTH     8
#define MAX_WIDTH     60

typedef struct
{
  lxw_format *header;
  lxw_format *title;
  lxw_format *bold;
  lxw_format *wrap;
  lxw_format *text[2];     /* [highlighted] */
  lxw_format *number[2];
  lxw_format *date[2];
  lxw_format *sample;      /* the yellow sample on the instructions sheet */
} Formats;

void      _cf_xlsx_make_formats (lxw_workbook *workbook,
                                 Formats      *formats);
/* @value of @column (its kind says number, date or text) at @row, @position. */
lxw_error _cf_xlsx_write_cell   (lxw_worksheet *sheet,
                                 Formats       *formats,
                                 guint          row,
                                 guint          position,
                                 CfPlanColumn   column,
                                 const char    *value,
                                 gboolean       highlighted);
gboolean  _cf_xlsx_write_mec_sheets (lxw_workbook      *workbook,
                                     Formats           *formats,
                                     CfPlanBook        *book,
                                     CfPlanDiff        *diff,
                                     CfXlsxWriteFlags   flags,
                                     guint             *n_highlighted,
                                     GError           **error);

G_END_DECLS
