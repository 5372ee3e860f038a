/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-qr.h: QR codes (libqrencode) drawn as cairo rectangles, so they stay
 * vector in a PDF and scan at any print size. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define CF_QR_ERROR (cf_qr_error_quark ())

typedef enum
{
  CF_QR_ERROR_TOO_LONG,   /* the text does not fit in a QR code */
  CF_QR_ERROR_FAILED,     /* libqrencode failed (out of memory…) */
} CfQrError;

GQuark   cf_qr_error_quark (void);

/* A QR code for @text (byte mode, error correction M) filling the square
 * (@x, @y, @size, @size), its four-module quiet zone included and painted
 * white. */
gboolean cf_qr_draw        (cairo_t     *cr,
                            const char  *text,
                            double       x,
                            double       y,
                            double       size,
                            GError     **error);

/* The number of modules per side (without quiet zone) for @text, or 0 when
 * it cannot be encoded. */
guint    cf_qr_get_width   (const char  *text);

G_END_DECLS
