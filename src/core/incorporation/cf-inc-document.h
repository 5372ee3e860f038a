/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-document.h: a scan the user attaches to the Registro de
 * Institución (issue 15, page 6: the Oficio de Nombramiento, Sello y Firma
 * and the Registro de establecimiento educativo), checked before it is
 * kept: it opens (poppler for PDF, gdk-pixbuf for images), needs no
 * password, has a page, is legible and not too large; and a thumbnail.
 * Each check says what it measured, what it expects and, when it fails,
 * what to do. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* SEP publishes no numbers for the scans; these are ours, and say so in
 * the page. A letter page (8.5 × 11 in) at 150 dpi is the least a stamp
 * and a signature stay legible at (the usual "legible" setting of office
 * scanners; 300 dpi is their "document" setting). The whole package goes
 * in one e-mail and common servers refuse messages over 20–25 MB (base64
 * adds a third): two scans of 5 MB, the logo (1 MB) and the rest fit. */
#define CF_INC_DOCUMENT_MIN_DPI        150
#define CF_INC_DOCUMENT_MAX_BYTES      (5 * 1000 * 1000)   /* as people read "5 MB" */
#define CF_INC_DOCUMENT_PAGE_INCHES_W  8.5
#define CF_INC_DOCUMENT_PAGE_INCHES_H  11.0
/* Pages whose images are measured (a scan has one or two). */
#define CF_INC_DOCUMENT_PAGES_MEASURED 10
/* The thumbnail's longest side, in pixels, when none is asked for. */
#define CF_INC_DOCUMENT_THUMBNAIL      240

typedef enum
{
  CF_INC_DOCUMENT_UNKNOWN,   /* neither a PDF nor an image that opens */
  CF_INC_DOCUMENT_PDF,
  CF_INC_DOCUMENT_IMAGE,
} CfIncDocumentKind;

typedef struct
{
  const char *rule;       /* "opens", "password", "pages", "resolution", "file-size" */
  const char *title;      /* translated */
  gboolean    ok;
  char       *measured;   /* translated where words */
  char       *expected;
  char       *reason;     /* translated: what is wrong and what to do; NULL when ok */
} CfIncDocumentCheck;

typedef struct
{
  CfIncDocumentKind  kind;
  char              *mime;        /* "application/pdf", "image/jpeg"… */
  guint              n_pages;
  double             dpi;         /* the least measured; 0: none (a PDF of text) */
  GPtrArray         *checks;      /* CfIncDocumentCheck, in the order above */
  GBytes            *thumbnail;   /* PNG of the first page; NULL if it does not open */
} CfIncDocumentReport;

void                 cf_inc_document_report_free   (CfIncDocumentReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfIncDocumentReport, cf_inc_document_report_free)

/* Every check on @bytes; @file_name (may be NULL) only names it in the
 * reasons. @thumbnail_size 0: CF_INC_DOCUMENT_THUMBNAIL. Never fails: a
 * file that does not open fails the "opens" check. */
CfIncDocumentReport *cf_inc_document_check         (GBytes              *bytes,
                                                    const char          *file_name,
                                                    guint                thumbnail_size);
/* The same in a worker thread (a large scan takes a moment to decode). */
void                 cf_inc_document_check_async   (GBytes              *bytes,
                                                    const char          *file_name,
                                                    guint                thumbnail_size,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
CfIncDocumentReport *cf_inc_document_check_finish  (GAsyncResult        *result,
                                                    GError             **error);

/* Whether every check passed; the first failing check's reason (NULL when
 * all pass). */
gboolean             cf_inc_document_report_ok     (const CfIncDocumentReport *report);
const char          *cf_inc_document_report_first_reason (const CfIncDocumentReport *report);

G_END_DECLS
