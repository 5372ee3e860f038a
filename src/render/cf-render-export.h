/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-render-export.h: a CfRenderable written as PDF (every page, vector,
 * fonts embedded, title/author/subject set) or as a PNG of one page.
 * Files are written atomically: a temporary file in the same folder is
 * renamed over the target, so a crash never leaves half a certificate. */
#pragma once

#include <gio/gio.h>

#include "cf-renderable.h"

G_BEGIN_DECLS

#define CF_RENDER_ERROR (cf_render_error_quark ())

typedef enum
{
  CF_RENDER_ERROR_WRITE,     /* the file cannot be written */
  CF_RENDER_ERROR_NO_PAGE,   /* a page the document does not have */
  CF_RENDER_ERROR_FAILED,    /* cairo failed (out of memory…) */
} CfRenderError;

GQuark   cf_render_error_quark       (void);

/* Creator string written into PDFs ("Certifica 0.1.0"). */
#define CF_RENDER_CREATOR "Certifica"

/* The whole document as PDF bytes. Cancelling between pages gives
 * G_IO_ERROR_CANCELLED. */
GBytes  *cf_render_export_pdf_bytes  (CfRenderable  *renderable,
                                      GCancellable  *cancellable,
                                      GError       **error);
gboolean cf_render_export_pdf        (CfRenderable  *renderable,
                                      const char    *path,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* Page @page (0-based) as an ARGB32 image on white paper at @dpi. */
cairo_surface_t *cf_render_export_page_image (CfRenderable *renderable,
                                      guint          page,
                                      double         dpi,
                                      GError       **error);
GBytes  *cf_render_export_png_bytes  (CfRenderable  *renderable,
                                      guint          page,
                                      double         dpi,
                                      GError       **error);
gboolean cf_render_export_png        (CfRenderable  *renderable,
                                      guint          page,
                                      double         dpi,
                                      const char    *path,
                                      GError       **error);

/* Writes @bytes to @path atomically (temporary file + rename). */
gboolean cf_render_write_atomically  (const char    *path,
                                      GBytes        *bytes,
                                      GError       **error);

G_END_DECLS
