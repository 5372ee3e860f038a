/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for the render tests: certificates in every state, scanning QR
 * codes with zbarimg, comparing images, checking text boxes. */
#pragma once

#include <cairo.h>

#include "cf-dec.h"
#include "cf-pdf.h"
#include "cf-renderable.h"

G_BEGIN_DECLS

#define RT_SERIAL "30001000000500003456"
#define RT_FOLIO_DIGITAL "1A2B3C4D-5E6F-4A1B-9C8D-112233445566"

/* A generated certificate (cf-dec-gen), sealed with a made-up but
 * well-formed seal when @sealed, and carrying SEP's Dreoe and SepIpes nodes
 * (read back through the XML reader) when @sep. */
CfDec    *rt_dec_new            (guint32      seed,
                                 guint        n_subjects,
                                 gboolean     sealed,
                                 gboolean     sep);
/* Adds SEP's nodes by writing the document and reading it back with them. */
CfDec    *rt_dec_add_sep        (CfDec       *dec);
void      rt_dec_seal           (CfDec       *dec,
                                 guint32      seed);

/* The text of every page with runs of blanks made one space. */
char     *rt_pdf_flat_text      (CfPdf       *pdf);
/* Runs of blanks made one space. */
char     *rt_flatten            (const char  *text);

/* What zbarimg reads in @png ("QR-Code:" stripped), or NULL when it finds
 * no code. Skips the test (exit 77 path via g_test_skip + return NULL and
 * *skipped) when zbarimg is not installed. */
char     *rt_scan_qr            (const char  *png_path,
                                 gboolean    *skipped);

/* How many images (soft masks aside) `pdfimages -list` finds in the PDF at
 * @pdf_path; skips the test like rt_scan_qr() when poppler-utils is not
 * installed. */
guint     rt_pdf_count_images   (const char  *pdf_path,
                                 gboolean    *skipped);
/* How many pixels of the box (@x, @y, @width, @height) of an ARGB32/RGB24
 * image are not white (any channel under 0xf0). */
guint     rt_count_ink          (cairo_surface_t *surface,
                                 int              x,
                                 int              y,
                                 int              width,
                                 int              height);

/* Fails the test when any text of @renderable's pages runs outside its box
 * (beyond @tolerance points), a box leaves the page's printable area, or
 * two text boxes of a page overlap. */
void      rt_assert_text_boxes  (CfRenderable *renderable,
                                 double        margin,
                                 double        tolerance);

/* Compares @surface with the PNG at @golden_path: the share of pixels that
 * differ by more than 64 in any channel must stay under @max_share.
 * With CF_UPDATE_GOLDEN=1 in the environment, writes the golden instead. */
void      rt_assert_matches_golden (cairo_surface_t *surface,
                                 const char      *golden_path,
                                 double           max_share);

/* Where the test keeps its PNGs for people to look at: $CF_RENDER_OUT_DIR
 * or a folder under the build dir. */
char     *rt_output_path        (const char  *name);

G_END_DECLS
