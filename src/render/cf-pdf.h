/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-pdf.h: reading PDF files (ours, or the one SEP returns).
 *
 * The only place in Certifica that uses poppler: everything else sees this
 * API and the CF_PDF_ERROR domain. Coordinates are PDF points with the
 * origin at the top-left corner of the page (poppler's own text search
 * reports bottom-left; cf-pdf.c converts in one helper).
 *
 * A CfPdf is not thread safe: use one from one thread at a time (the
 * preview loads its own copy from the same bytes in each worker). */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define CF_PDF_ERROR (cf_pdf_error_quark ())

typedef enum
{
  CF_PDF_ERROR_IO,          /* the file cannot be read */
  CF_PDF_ERROR_DAMAGED,     /* not a PDF, or a broken one */
  CF_PDF_ERROR_ENCRYPTED,   /* protected with a password */
  CF_PDF_ERROR_NO_PAGE,     /* a page number outside the document */
  CF_PDF_ERROR_RENDER,      /* drawing the page failed */
} CfPdfError;

GQuark cf_pdf_error_quark (void);

/* A rectangle on a page, in points, top-left origin. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} CfPdfRect;

#define CF_TYPE_PDF (cf_pdf_get_type ())
G_DECLARE_FINAL_TYPE (CfPdf, cf_pdf, CF, PDF, GObject)

CfPdf     *cf_pdf_new_from_file        (const char    *path,
                                        GError       **error);
CfPdf     *cf_pdf_new_from_bytes       (GBytes        *bytes,
                                        GError       **error);

/* The file's bytes (to save them elsewhere unchanged). */
GBytes    *cf_pdf_get_bytes            (CfPdf         *self);
guint      cf_pdf_get_n_pages          (CfPdf         *self);
/* Size of page @index (0-based) in points; FALSE when there is no such page. */
gboolean   cf_pdf_get_page_size        (CfPdf         *self,
                                        guint          index,
                                        double        *width,
                                        double        *height);
/* Paints the page's white paper, then the page, at @scale (1.0 = one
 * cairo unit per point), with its top-left corner at the current origin. */
gboolean   cf_pdf_render_page          (CfPdf         *self,
                                        guint          index,
                                        cairo_t       *cr,
                                        double         scale,
                                        GError       **error);
/* The same for a printer (no white paper: the paper is white already;
 * annotations drawn as for print). */
gboolean   cf_pdf_render_page_for_printing (CfPdf     *self,
                                        guint          index,
                                        cairo_t       *cr,
                                        GError       **error);
/* An ARGB32 image of the page at @scale (1.0 = 72 dpi). */
cairo_surface_t *cf_pdf_render_page_image (CfPdf      *self,
                                        guint          index,
                                        double         scale,
                                        GError       **error);
/* The text layer of one page, or of every page joined with "\f". */
char      *cf_pdf_get_page_text        (CfPdf         *self,
                                        guint          index);
char      *cf_pdf_get_text             (CfPdf         *self);
/* Where @text occurs on the page (case-insensitive, poppler's rules), as an
 * array of CfPdfRect in top-left coordinates; empty when absent. */
GArray    *cf_pdf_find_text            (CfPdf         *self,
                                        guint          index,
                                        const char    *text);
/* Document information: NULL when absent. */
char      *cf_pdf_dup_title            (CfPdf         *self);
char      *cf_pdf_dup_author           (CfPdf         *self);
char      *cf_pdf_dup_subject          (CfPdf         *self);

G_END_DECLS
