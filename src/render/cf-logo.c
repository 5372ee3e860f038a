/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "config.h"

#include "cf-logo.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK (cf-logo-error-quark, cf_logo_error)

typedef struct
{
  int      width;
  int      height;
  gboolean too_large;
} Prepared;

/* Called once the image's size is known, before its pixels are decoded:
 * the place to refuse a huge image without allocating it, and to ask for
 * a smaller one (JPEG and SVG then decode at that size directly). */
static void
on_loader_size_prepared_cb (GdkPixbufLoader *loader,
                            int              width,
                            int              height,
                            gpointer         user_data)
{
  Prepared *prepared = user_data;
  GdkPixbufFormat *format = gdk_pixbuf_loader_get_format (loader);
  gboolean scalable = format != NULL && gdk_pixbuf_format_is_scalable (format);
  int longest = MAX (width, height);
  double scale;

  prepared->width = width;
  prepared->height = height;
  if (width > CF_LOGO_MAX_SIDE || height > CF_LOGO_MAX_SIDE)
    {
      /* A size of zero makes the loader stop with an error. */
      prepared->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if (width <= 0 || height <= 0 || (longest <= CF_LOGO_PIXELS && !scalable))
    return;
  scale = (double) CF_LOGO_PIXELS / longest;
  gdk_pixbuf_loader_set_size (loader,
                              MAX (1, (int) lround (width * scale)),
                              MAX (1, (int) lround (height * scale)));
}

static gboolean
contains (const guint8 *data,
          gsize         length,
          const char   *needle,
          gsize         needle_length)
{
  for (gsize i = 0; i + needle_length <= length; i++)
    if (data[i] == (guint8) needle[0] && memcmp (data + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

/* gdk-pixbuf's incremental loaders take a cut-off PNG or JPEG (a download
 * that stopped, a file copied half-way) without complaint and fill the
 * rest with grey or transparency: look for each format's end. */
static gboolean
is_complete (GdkPixbufFormat *format,
             const guint8    *contents,
             gsize            length)
{
  g_autofree char *name = gdk_pixbuf_format_get_name (format);

  if (g_strcmp0 (name, "png") == 0)
    /* The IEND chunk: zero length, then its type. */
    return contains (contents, length, "\0\0\0\0IEND", 8);
  if (g_strcmp0 (name, "jpeg") == 0)
    {
      /* The end-of-image marker. Compressed data never hold 0xFF 0xD9, and a
       * few bytes of padding after it are common; an EXIF thumbnail's own
       * marker sits near the start, far from a real image's end. */
      gsize tail = MIN (length, 4096);

      return contains (contents + length - tail, tail, "\xff\xd9", 2);
    }
  return TRUE;
}

/* The only loaders a logo goes to: gdk-pixbuf's others (XPM, TGA, ICO,
 * PNM, QTIF, ANI, XBM, GIF, BMP, TIFF…) are old code that sees hostile
 * files rarely enough to be where the next hole is, and no logo needs them. */
static const char *
sniff_format (const guint8 *contents,
              gsize         length)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg_magic[3] = { 0xff, 0xd8, 0xff };
  gsize head = MIN (length, 4096);

  if (length >= sizeof png_magic && memcmp (contents, png_magic, sizeof png_magic) == 0)
    return "png";
  if (length >= sizeof jpeg_magic && memcmp (contents, jpeg_magic, sizeof jpeg_magic) == 0)
    return "jpeg";
  /* SVG is XML text: an <svg element near the start, and no NUL byte. */
  if (memchr (contents, '\0', head) == NULL && contains (contents, head, "<svg", 4))
    return "svg";
  return NULL;
}

static void
set_format_error (GError     **error,
                  const char  *name)
{
  g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_FORMAT,
               /* Translators: “%s” is a file name. Keep “PNG”, “JPEG” and “SVG”. */
               _("The logo “%s” is not a PNG, JPEG or SVG image, the kinds Certifica reads. "
                 "Save it as a PNG or JPEG image."),
               name);
}

/* gdk-pixbuf's RGB(A) bytes to cairo's native-endian, premultiplied ARGB32
 * (what gdk_cairo_set_source_pixbuf does, but that lives in GDK). */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean has_alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface;
  guint8 *data;
  int stride;

  g_assert (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8);
  g_assert (channels == (has_alpha ? 4 : 3));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guint8 *p = pixels + (gsize) y * (gsize) rowstride;
      guint32 *q = (guint32 *) (gpointer) (data + (gsize) y * (gsize) stride);

      for (int x = 0; x < width; x++, p += channels)
        {
          guint32 a = has_alpha ? p[3] : 0xff;
          guint32 r = p[0], g = p[1], b = p[2];

          if (a != 0xff)
            {
              /* c × a / 255, rounded, without a division. */
              guint32 t;

              t = r * a + 0x80; r = ((t >> 8) + t) >> 8;
              t = g * a + 0x80; g = ((t >> 8) + t) >> 8;
              t = b * a + 0x80; b = ((t >> 8) + t) >> 8;
            }
          q[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static GdkPixbuf *
decode (const char    *name,
        const guint8  *contents,
        gsize          length,
        GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *type = sniff_format (contents, length);
  Prepared prepared = { 0, };
  GdkPixbuf *pixbuf;
  gboolean ok;

  /* The bytes go to the loader of the kind they are, never to the one
   * gdk-pixbuf would pick among all it has. */
  if (type != NULL)
    loader = gdk_pixbuf_loader_new_with_type (type, NULL);
  if (loader == NULL)
    {
      set_format_error (error, name);
      return NULL;
    }

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_loader_size_prepared_cb), &prepared);
  ok = gdk_pixbuf_loader_write (loader, contents, length, &local_error);
  /* Always closed: a loader finalized open complains. */
  ok = gdk_pixbuf_loader_close (loader, ok ? &local_error : NULL) && ok;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);

  if (prepared.too_large)
    {
      g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_TOO_LARGE,
                   /* Translators: “%s” is a file name, then its width and height
                    * in pixels. Keep “PNG” and “JPEG”. */
                   _("The logo “%s” is too large (%d × %d pixels; at most %d a side). "
                     "Use a PNG or JPEG image of a few hundred pixels a side."),
                   name, prepared.width, prepared.height, CF_LOGO_MAX_SIDE);
      return NULL;
    }
  if (gdk_pixbuf_loader_get_format (loader) == NULL ||
      g_error_matches (local_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE))
    {
      set_format_error (error, name);
      return NULL;
    }
  if (ok && !is_complete (gdk_pixbuf_loader_get_format (loader), contents, length))
    {
      ok = FALSE;
      g_set_error_literal (&local_error, CF_LOGO_ERROR, CF_LOGO_ERROR_DAMAGED,
                           _("the file ends before the image does"));
    }
  if (!ok || pixbuf == NULL || gdk_pixbuf_get_width (pixbuf) <= 0 || gdk_pixbuf_get_height (pixbuf) <= 0)
    {
      g_autofree char *detail = g_strdup (local_error != NULL ? local_error->message : _("no picture in it"));
      gsize end;

      /* It goes in brackets inside a sentence. */
      g_strstrip (detail);
      end = strlen (detail);
      while (end > 0 && detail[end - 1] == '.')
        detail[--end] = '\0';
      g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_DAMAGED,
                   /* Translators: “%s” is a file name, then the image library's
                    * own explanation. Keep “PNG” and “JPEG”. */
                   _("The logo “%s” is damaged or incomplete (%s). "
                     "Save it again as a PNG or JPEG image."),
                   name, detail);
      return NULL;
    }
  /* Photographs from a phone say in EXIF which way is up. */
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

static void
set_file_too_large_error (GError     **error,
                          const char  *name,
                          guint64      bytes)
{
  g_autofree char *size = g_format_size (bytes);
  g_autofree char *limit = g_format_size (CF_LOGO_MAX_FILE_SIZE);

  g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_TOO_LARGE,
               /* Translators: “%s” is a file name, then its size and the
                * limit (“25.3 MB”, “20.9 MB”). */
               _("The logo “%s” is too large (%s; at most %s). "
                 "Use a PNG or JPEG image of a few hundred pixels a side."),
               name, size, limit);
}

GBytes *
cf_logo_read (const char  *path,
              GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  struct stat info;
  gsize length;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_path_get_basename (path);
  /* One open file, checked before a byte is read: O_NONBLOCK so that a
   * FIFO does not wait for a writer, and the size from this very file, not
   * from a path that could be swapped for another in between. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0 || fstat (fd, &info) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_READ,
                   /* Translators: “%s” is a file name, then the system's reason
                    * (“No such file or directory”). */
                   _("The logo “%s” cannot be opened (%s). Check that the file exists, "
                     "or choose another PNG or JPEG image."),
                   name, g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (info.st_mode))
    {
      close (fd);
      g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_READ,
                   /* Translators: “%s” is a file name. */
                   _("The logo “%s” is not a file. Choose a PNG or JPEG image."),
                   name);
      return NULL;
    }
  if (info.st_size == 0)
    {
      close (fd);
      g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_EMPTY,
                   /* Translators: “%s” is a file name. */
                   _("The logo “%s” is an empty file. Choose a PNG or JPEG image."),
                   name);
      return NULL;
    }
  if (info.st_size > CF_LOGO_MAX_FILE_SIZE)
    {
      close (fd);
      set_file_too_large_error (error, name, (guint64) info.st_size);
      return NULL;
    }

  /* Read what fstat() promised, and one byte more to see a file that grew
   * meanwhile: never more than the limit. */
  contents = g_malloc ((gsize) info.st_size + 1);
  length = 0;
  while (length < (gsize) info.st_size + 1)
    {
      gssize n = read (fd, contents + length, (gsize) info.st_size + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_READ,
                       _("The logo “%s” cannot be opened (%s). Check that the file exists, "
                         "or choose another PNG or JPEG image."),
                       name, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }
  close (fd);
  if (length > (gsize) info.st_size && length > CF_LOGO_MAX_FILE_SIZE)
    {
      set_file_too_large_error (error, name, length);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

cairo_surface_t *
cf_logo_load_bytes (GBytes      *bytes,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *surface;
  gsize length;
  const guint8 *contents;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  contents = g_bytes_get_data (bytes, &length);
  if (length == 0)
    {
      g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_EMPTY,
                   _("The logo “%s” is an empty file. Choose a PNG or JPEG image."),
                   name);
      return NULL;
    }
  if (length > CF_LOGO_MAX_FILE_SIZE)
    {
      set_file_too_large_error (error, name, length);
      return NULL;
    }
  pixbuf = decode (name, contents, length, error);
  if (pixbuf == NULL)
    return NULL;
  surface = surface_from_pixbuf (pixbuf);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_TOO_LARGE,
                   _("The logo “%s” is too large (%d × %d pixels; at most %d a side). "
                     "Use a PNG or JPEG image of a few hundred pixels a side."),
                   name, gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                   CF_LOGO_MAX_SIDE);
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

cairo_surface_t *
cf_logo_load (const char  *path,
              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = cf_logo_read (path, error);
  if (bytes == NULL)
    return NULL;
  name = g_path_get_basename (path);
  return cf_logo_load_bytes (bytes, name, error);
}
