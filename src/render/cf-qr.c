/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "config.h"

#include "cf-qr.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <qrencode.h>

#define QUIET_ZONE 4

G_DEFINE_QUARK (cf-qr-error-quark, cf_qr_error)

static QRcode *
encode (const char  *text,
        GError     **error)
{
  QRcode *code;

  /* Byte mode with an explicit length: URLs are case-sensitive, and the
   * 8-bit mode keeps every character as written. */
  code = QRcode_encodeData ((int) strlen (text), (const unsigned char *) text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    {
      if (errno == ERANGE)
        g_set_error (error, CF_QR_ERROR, CF_QR_ERROR_TOO_LONG,
                     _("The text is too long for a QR code (%zu characters)"), strlen (text));
      else
        g_set_error (error, CF_QR_ERROR, CF_QR_ERROR_FAILED,
                     _("The QR code could not be made: %s"), g_strerror (errno));
    }
  return code;
}

guint
cf_qr_get_width (const char *text)
{
  QRcode *code;
  guint width;

  g_return_val_if_fail (text != NULL, 0);

  code = encode (text, NULL);
  if (code == NULL)
    return 0;
  width = (guint) code->width;
  QRcode_free (code);
  return width;
}

gboolean
cf_qr_draw (cairo_t     *cr,
            const char  *text,
            double       x,
            double       y,
            double       size,
            GError     **error)
{
  QRcode *code;
  double module;
  int n;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (size > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  code = encode (text, error);
  if (code == NULL)
    return FALSE;

  n = code->width;
  module = size / (n + 2 * QUIET_ZONE);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, size, size);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  /* One rectangle per run of dark modules in a row: a smaller PDF, and no
   * hairline seams between neighbouring modules. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < n; row++)
    {
      const unsigned char *line = code->data + row * n;

      for (int col = 0; col < n; )
        {
          int start;

          if (!(line[col] & 1))
            {
              col++;
              continue;
            }
          start = col;
          while (col < n && (line[col] & 1))
            col++;
          cairo_rectangle (cr,
                           x + (QUIET_ZONE + start) * module,
                           y + (QUIET_ZONE + row) * module,
                           (col - start) * module,
                           module);
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);

  QRcode_free (code);
  return TRUE;
}
