/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-folios.h: SEP's test folios as people hand them over (issue 15):
 * a pasted list or a range, and the files SEP returns with each test
 * certificate's result.
 *
 * The result file's format is not published. What is read (an assumption,
 * kept loose on purpose):
 *   - text or CSV: one certificate a line, its folio first, then the result
 *     ("12345,SATISFACTORIO", "12345;ERROR;El campo curp…", "12345: …");
 *     fields separated by , ; tab | or :, quotes around a field dropped; a
 *     header line naming the columns (folio…, estatus/resultado/status,
 *     mensaje/descripcion/error/observaciones) puts them in any order; a line
 *     whose first field has no digit and no header is skipped;
 *   - XML (starts with "<"): any element with a folio (an attribute or
 *     child element named folio or folioControl, any case) and an estatus /
 *     status / resultado / result and/or a mensaje / message / descripcion /
 *     error / observaciones, as attributes or child elements.
 * A status that says SATISFACTORIO (and not NO SATISFACTORIO) is the result
 * "SATISFACTORIO"; anything else is kept as SEP wrote it: "status: message". */
#pragma once

#include "cf-store.h"

G_BEGIN_DECLS

/* A range longer than this is a typing mistake. */
#define CF_INC_FOLIOS_MAX_RANGE 10000

/* The folios in @text: any separators (spaces, new lines, commas,
 * semicolons, tabs, |), a range "A-B" of numbers anywhere (A ≤ B; A's width
 * kept when it has leading zeros: "0001-0100"). Duplicates dropped, order
 * kept. NULL-terminated; an empty list or a bad range or folio is an error
 * (G_IO_ERROR_INVALID_DATA) naming it. */
GStrv       cf_inc_folios_parse              (const char   *text,
                                              GError      **error);

typedef struct
{
  char *folio;
  char *result;    /* "SATISFACTORIO" or SEP's error text */
} CfIncFolioResult;

void        cf_inc_folio_result_free         (CfIncFolioResult *result);

/* SEP's returned file (see above): CfIncFolioResult, in the file's order.
 * A file with none is an error (G_IO_ERROR_INVALID_DATA) saying what was
 * expected. */
GPtrArray  *cf_inc_folios_parse_results      (const char   *contents,
                                              gsize         length,
                                              GError      **error);

/* Records each result on the last use of its folio. @n_recorded receives
 * how many were recorded; @skipped (may be NULL) the folios that are not
 * test folios or were never used (new array). */
gboolean    cf_inc_folios_record_results     (CfStore      *store,
                                              GPtrArray    *results,
                                              guint        *n_recorded,
                                              GPtrArray   **skipped,
                                              GError      **error);

G_END_DECLS
