/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-render-async.h: drawing off the caller's thread (GTask workers).
 *
 * A document becomes PDF bytes plus its pages' sizes, and a page of PDF
 * bytes becomes an image, in a worker: the preview never waits for pango
 * or poppler on its main thread. Each worker reads the bytes with its own
 * CfPdf (poppler documents are not shared across threads). */
#pragma once

#include <gio/gio.h>

#include "cf-pdf.h"
#include "cf-renderable.h"

G_BEGIN_DECLS

/* The page sizes (element-type CfPdfRect, points) of a PDF; NULL with a
 * CF_PDF_ERROR when poppler cannot read it. */
GArray          *cf_render_read_page_sizes   (GBytes              *pdf,
                                              GError             **error);

/* Lays @renderable out and writes it as PDF in a worker. The task keeps a
 * reference: the caller must not use @renderable until @callback runs. */
void             cf_render_pdf_async         (CfRenderable        *renderable,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Reads a PDF from elsewhere in a worker (its page sizes). */
void             cf_render_read_pdf_async    (GBytes              *pdf,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* For both: the PDF bytes, and its page sizes in @out_sizes. */
GBytes          *cf_render_pdf_finish        (GAsyncResult        *result,
                                              GArray             **out_sizes,
                                              GError             **error);

/* Page @page (0-based) of @pdf as an ARGB32 image at @scale (1.0 = 72 dpi). */
void             cf_render_page_image_async  (GBytes              *pdf,
                                              guint                page,
                                              double               scale,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
cairo_surface_t *cf_render_page_image_finish (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
