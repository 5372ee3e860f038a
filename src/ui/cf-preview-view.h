/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-preview-view.h: shows a PDF page by page: the one produced from the
 * current certificate (so what the user sees is exactly the file that will
 * be saved and printed), or any PDF opened from a file or dropped on it
 * (the one SEP returns, for instance).
 *
 * Documents are read and validated by the core (cf-dec-check) and drawn by
 * the renderer (cf-render-async), both in workers: a change of data, page
 * or zoom never blocks a frame. What validation finds is listed beside the
 * page; a document with errors is saved and printed as a draft, after
 * asking. Page navigation, zoom (fit
 * width, fit page, 100 %), Page Up/Down and Ctrl+plus/minus/0, printing
 * through GtkPrintOperation and "Save PDF…" are actions of the widget
 * ("preview.*"). */
#pragma once

#include <adwaita.h>

#include "cf-dec.h"

G_BEGIN_DECLS

typedef enum
{
  CF_PREVIEW_ZOOM_FIT_WIDTH,
  CF_PREVIEW_ZOOM_FIT_PAGE,
  CF_PREVIEW_ZOOM_FREE,      /* "scale" as set: 1.0 is 100 % (96 dpi) */
} CfPreviewZoom;

#define CF_TYPE_PREVIEW_ZOOM (cf_preview_zoom_get_type ())
GType cf_preview_zoom_get_type (void) G_GNUC_CONST;

#define CF_TYPE_PREVIEW_VIEW (cf_preview_view_get_type ())
G_DECLARE_FINAL_TYPE (CfPreviewView, cf_preview_view, CF, PREVIEW_VIEW, GtkWidget)

/* Properties: "context" (CfContext, construct-only, optional: its settings
 * give the QR's validation-url-pattern), "page" (0-based), "n-pages", "zoom-mode", "scale",
 * "busy" (a document or a page is being drawn), "has-document". */

GtkWidget     *cf_preview_view_new              (void);

/* Shows the printed form of @dec (NULL clears): laid out and written to
 * PDF in a worker thread, then shown from that PDF. */
void           cf_preview_view_set_dec          (CfPreviewView *self,
                                                 CfDec         *dec);
/* The student's name as the page prints it (upper and lower case, as the
 * registrar corrected it), for the next cf_preview_view_set_dec(); NULL:
 * the Dec's. */
void           cf_preview_view_set_student_name (CfPreviewView *self,
                                                 const char    *name);
/* The institution's logo for certificates (PNG; NULL for none). */
void           cf_preview_view_set_logo_path    (CfPreviewView *self,
                                                 const char    *path);
/* Shows a PDF as it is. A PDF poppler cannot read is refused with a
 * CF_PDF_ERROR and the view keeps what it showed. */
gboolean       cf_preview_view_set_pdf_bytes    (CfPreviewView *self,
                                                 GBytes        *bytes,
                                                 GError       **error);
/* A .pdf is shown as it is; a .xml is read as a certificate and drawn.
 * Reading happens asynchronously; a file that cannot be read is explained
 * in a banner above the page. */
void           cf_preview_view_open_file        (CfPreviewView *self,
                                                 GFile         *file);
/* What validation found in the certificate on show (element-type
 * CfFinding, transfer none): the same as `certifica-cli dec validate`;
 * NULL for a PDF from elsewhere or nothing shown. */
GPtrArray     *cf_preview_view_get_findings     (CfPreviewView *self);
/* The PDF on show (transfer none), or NULL. */
GBytes        *cf_preview_view_get_pdf_bytes    (CfPreviewView *self);
/* Writes the PDF on show to @file atomically. */
gboolean       cf_preview_view_save_to_file     (CfPreviewView *self,
                                                 GFile         *file,
                                                 GError       **error);

/* Beside other content that lists the problems (the Certificados page):
 * no "Open" button, "Save PDF…" as an icon, no findings panel, so the view
 * fits a narrower column. */
void           cf_preview_view_set_compact      (CfPreviewView *self,
                                                 gboolean       compact);
guint          cf_preview_view_get_n_pages      (CfPreviewView *self);
guint          cf_preview_view_get_page         (CfPreviewView *self);
void           cf_preview_view_set_page         (CfPreviewView *self,
                                                 guint          page);
CfPreviewZoom  cf_preview_view_get_zoom_mode    (CfPreviewView *self);
void           cf_preview_view_set_zoom_mode    (CfPreviewView *self,
                                                 CfPreviewZoom  mode);
/* 1.0 = 100 % (a point is 4/3 of a pixel, 96 dpi). Setting it switches
 * the zoom mode to FREE. */
double         cf_preview_view_get_scale        (CfPreviewView *self);
void           cf_preview_view_set_scale        (CfPreviewView *self,
                                                 double         scale);
gboolean       cf_preview_view_get_busy         (CfPreviewView *self);

/* A print operation for the document on show: certificates are drawn by
 * the same renderer as their PDF, other PDFs by poppler. The caller runs
 * it (the "preview.print" action shows the print dialog). */
GtkPrintOperation *cf_preview_view_create_print_operation (CfPreviewView *self);

G_END_DECLS
