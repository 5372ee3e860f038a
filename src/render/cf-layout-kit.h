/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-layout-kit.h: what the certificate and the oficio layouts share
 * (private to src/render).
 *
 * A page is a display list (CfBlock) of items built once with pango and
 * drawn many times: to a PDF, to an image, to a printer. A block is laid
 * out with its own top at y = 0 and moved onto a page when it is known to
 * fit, so page breaks never split a row or a paragraph. Every text item
 * remembers the box it was given, so tests can check that no text runs
 * outside it (cf_block_collect_text_boxes). */
#pragma once

#include <pango/pangocairo.h>

#include "cf-renderable.h"

G_BEGIN_DECLS

typedef struct
{
  const char     *family;
  double          size;       /* points */
  double          min_size;   /* shrink down to this before wrapping; 0 = never shrink */
  PangoWeight     weight;
  PangoAlignment  align;
  double          r, g, b;
  gboolean        break_anywhere;  /* seals: break between any two characters */
  gboolean        justify;         /* paragraphs of a letter */
} CfStyle;

typedef struct _CfBlock CfBlock;

CfBlock      *cf_block_new                (void);
void          cf_block_free               (CfBlock       *block);
double        cf_block_get_height         (CfBlock       *block);
void          cf_block_set_height         (CfBlock       *block,
                                           double         height);
gboolean      cf_block_is_empty           (CfBlock       *block);

/* A text in a box @width wide at (@x, @y): set at the style's size, shrunk
 * towards min_size when one line does not fit, then wrapped. The box is as
 * tall as the text plus @pad above and below; returns that height. */
double        cf_block_add_text           (CfBlock       *block,
                                           PangoContext  *context,
                                           const CfStyle *style,
                                           const char    *text,
                                           double         x,
                                           double         y,
                                           double         width,
                                           double         pad);
/* Sets the box height of the last @n text items (a table row). */
void          cf_block_set_last_boxes_height (CfBlock    *block,
                                           guint          n,
                                           double         height);

void          cf_block_add_fill           (CfBlock       *block,
                                           double x, double y, double w, double h,
                                           double r, double g, double b, double a);
/* A fill under everything already in the block (a table row's shading). */
void          cf_block_add_background     (CfBlock       *block,
                                           double x, double y, double w, double h,
                                           double r, double g, double b);
void          cf_block_add_stroke         (CfBlock       *block,
                                           double x, double y, double w, double h,
                                           double line_width, gboolean dashed,
                                           double r, double g, double b);
void          cf_block_add_line           (CfBlock       *block,
                                           double x1, double y1, double x2, double y2,
                                           double line_width, double gray);
void          cf_block_add_hatch          (CfBlock       *block,
                                           double x, double y, double w, double h,
                                           double r, double g, double b);
/* Scaled to fit the box, keeping its proportions, centred. */
void          cf_block_add_image          (CfBlock       *block,
                                           cairo_surface_t *image,
                                           double x, double y, double w, double h);
/* A QR code for @text in the square; FALSE (and nothing added) when the
 * text cannot be encoded. */
gboolean      cf_block_add_qr             (CfBlock       *block,
                                           const char    *text,
                                           double x, double y, double size,
                                           GError       **error);
/* @text diagonally across a page of @page_w × @page_h, as large as fits
 * inside @margin, in translucent red, drawn as outlines (it stays out of
 * the PDF's text layer). */
void          cf_block_add_watermark      (CfBlock       *block,
                                           PangoContext  *context,
                                           const char    *text,
                                           double         page_w,
                                           double         page_h,
                                           double         margin);

/* Moves every item of @src into @dest, @dy lower; @src is left empty. */
void          cf_block_move_into          (CfBlock       *dest,
                                           CfBlock       *src,
                                           double         dy);
void          cf_block_draw               (CfBlock       *block,
                                           cairo_t       *cr);
/* (element-type CfTextBox) (transfer full); strings point into @block. */
GArray       *cf_block_collect_text_boxes (CfBlock       *block);

/* A context for laying out device-independent text: 72 dpi (1 unit = 1
 * point), no hinting, no rounding, so a page looks the same in a PDF and
 * on screen at any zoom. Uses the calling thread's default font map. */
PangoContext *cf_layout_kit_create_context (void);
/* Trimmed, runs of blanks (tabs, line breaks) made one space, valid UTF-8;
 * NULL gives "". */
char         *cf_layout_kit_normalize     (const char    *text);
/* "10 de julio de 2023" */
char         *cf_layout_kit_format_date   (const GDate   *date);

G_END_DECLS
