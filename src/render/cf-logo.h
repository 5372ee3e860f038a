/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-logo.h: the institution's logo, a PNG, JPEG or SVG image, read into a
 * cairo image surface for the letterheads of the certificate and the
 * oficio. Only gdk-pixbuf's PNG, JPEG and SVG loaders are ever used, each
 * for the bytes that are its kind; any other format (GIF, BMP, TIFF, XPM,
 * TGA, ICO…) is a FORMAT error. The file's size is checked on the opened
 * file before anything is read. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define CF_LOGO_ERROR (cf_logo_error_quark ())

typedef enum
{
  CF_LOGO_ERROR_READ,       /* the file is missing or cannot be opened */
  CF_LOGO_ERROR_EMPTY,      /* the file has no bytes */
  CF_LOGO_ERROR_TOO_LARGE,  /* over CF_LOGO_MAX_FILE_SIZE or CF_LOGO_MAX_SIDE */
  CF_LOGO_ERROR_FORMAT,     /* not a PNG, JPEG or SVG image */
  CF_LOGO_ERROR_DAMAGED,    /* an image, but truncated or corrupt */
} CfLogoError;

/* A logo prints an inch wide: anything bigger than these is a mistake
 * (a scanned poster, a photograph) that would only bloat the PDF. */
#define CF_LOGO_MAX_FILE_SIZE (20 * 1024 * 1024)
#define CF_LOGO_MAX_SIDE      10000
/* Larger images are scaled down to this many pixels on their long side
 * (600 dpi in the inch-wide box), and vector ones drawn at it. */
#define CF_LOGO_PIXELS        600

GQuark           cf_logo_error_quark (void);

/* The image at @path as a CAIRO_FORMAT_ARGB32 surface, turned upright as
 * its EXIF orientation says. The errors name the file and say what to do;
 * they are meant to be shown to the user. */
cairo_surface_t *cf_logo_load        (const char  *path,
                                      GError     **error);
/* The two halves of cf_logo_load(): the file's bytes, with the size
 * checked on the opened file (the READ, EMPTY and TOO_LARGE errors), and
 * those bytes decoded (@name, the file's name, goes in the messages).
 * Preferences reads once, checks, and keeps exactly the bytes it checked. */
GBytes          *cf_logo_read        (const char  *path,
                                      GError     **error);
cairo_surface_t *cf_logo_load_bytes  (GBytes      *bytes,
                                      const char  *name,
                                      GError     **error);

G_END_DECLS
