/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf_logo_load on real image files: the formats a registrar's logo comes
 * in (PNG, JPEG, SVG: the only loaders used), the others refused, and the
 * files a registrar may pick by mistake. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "cf-logo.h"
#include "cf-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cf_test_mkdtemp ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cf_test_rmdir (f->dir);
  g_free (f->dir);
}

/* Left half blue, right half yellow: which way is up shows. */
static GdkPixbuf *
make_pixbuf (int      width,
             int      height,
             gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * stride + x * channels;

        if (x < width / 2)
          p[0] = 0x1a, p[1] = 0x40, p[2] = 0x8c;
        else
          p[0] = 0xf2, p[1] = 0xcc, p[2] = 0x33;
        if (alpha)
          p[3] = 0xff;
      }
  return pixbuf;
}

static char *
save (Fixture    *f,
      GdkPixbuf  *pixbuf,
      const char *name,
      const char *type)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (gdk_pixbuf_save (pixbuf, path, type, &error, NULL));
  g_assert_no_error (error);
  return path;
}

/* ImageMagick, for GIF (gdk-pixbuf reads it but cannot write it). */
static gboolean
convert (const char *from,
         const char *to)
{
  g_autofree char *program = g_find_program_in_path ("convert");
  g_autofree char *err = NULL;
  const char *argv[] = { program, from, to, NULL };

  if (program == NULL)
    {
      g_test_skip ("ImageMagick's convert is not installed");
      return FALSE;
    }
  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, &err), ==, 0);
  return TRUE;
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);

  return *(const guint32 *) (gconstpointer) (data + y * cairo_image_surface_get_stride (surface) + x * 4);
}

/* Each channel within @tolerance (JPEG is lossy). */
static void
assert_pixel (cairo_surface_t *surface,
              int              x,
              int              y,
              guint32          expected,
              guint            tolerance)
{
  guint32 actual = pixel (surface, x, y);

  for (int shift = 0; shift < 32; shift += 8)
    {
      int a = (int) ((actual >> shift) & 0xff), e = (int) ((expected >> shift) & 0xff);

      if ((guint) ABS (a - e) > tolerance)
        g_error ("pixel (%d, %d) is %08x, expected %08x", x, y, actual, expected);
    }
}

static gboolean
have_format (const char *name)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *format_name = gdk_pixbuf_format_get_name (l->data);

      if (g_str_equal (format_name, name))
        return TRUE;
    }
  return FALSE;
}

static cairo_surface_t *
load_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cf_logo_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  return surface;
}

/* Fails with @code, naming the file and saying what to do. */
static void
assert_fails (const char *path,
              CfLogoError code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);
  cairo_surface_t *surface = cf_logo_load (path, &error);

  g_assert_null (surface);
  g_assert_error (error, CF_LOGO_ERROR, (int) code);
  if (strstr (error->message, name) == NULL || strstr (error->message, "PNG or JPEG") == NULL)
    g_error ("“%s” does not name %s and say what to use", error->message, name);
}

static void
test_formats (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GdkPixbuf) opaque = make_pixbuf (120, 60, FALSE);
  g_autoptr(GdkPixbuf) alpha = make_pixbuf (120, 60, TRUE);
  g_autofree char *png = save (f, alpha, "escudo.png", "png");
  g_autofree char *jpeg = save (f, opaque, "escudo.jpg", "jpeg");
  /* The content decides, not the name. */
  g_autofree char *png_named_gif = save (f, alpha, "escudo-png.gif", "png");
  const char *paths[] = { png, jpeg, png_named_gif };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      cairo_surface_t *surface;

      surface = load_ok (paths[i]);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 120);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 60);
      /* Opaque, blue on the left, yellow on the right: red and blue not swapped. */
      assert_pixel (surface, 10, 30, 0xff1a408c, 12);
      assert_pixel (surface, 110, 30, 0xfff2cc33, 12);
      cairo_surface_destroy (surface);
    }
}

/* A 2 × 2 XPM (C source text) and an uncompressed 2 × 2 TGA, formats
 * gdk-pixbuf has loaders for but no logo needs. */
#define XPM_LOGO \
  "/* XPM */\n" \
  "static char * escudo_xpm[] = {\n" \
  "\"2 2 2 1\",\n" \
  "\"a c #1A408C\",\n" \
  "\"b c #F2CC33\",\n" \
  "\"ab\",\n" \
  "\"ba\"};\n"

static const guint8 tga_logo[] = {
  0, 0, 2,                  /* no id, no colour map, uncompressed true colour */
  0, 0, 0, 0, 0,            /* colour map spec */
  0, 0, 0, 0,               /* origin */
  2, 0, 2, 0,               /* 2 × 2 */
  24, 0x20,                 /* 24 bits, top-left origin */
  0x8c, 0x40, 0x1a, 0x33, 0xcc, 0xf2,
  0x33, 0xcc, 0xf2, 0x8c, 0x40, 0x1a,
};

/* Only the PNG, JPEG and SVG loaders are used: every other format, even
 * one gdk-pixbuf reads (and under any name), is a FORMAT error, and its
 * loader never sees the bytes. */
static void
test_other_formats_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GdkPixbuf) opaque = make_pixbuf (120, 60, FALSE);
  g_autofree char *png = save (f, opaque, "fuente.png", "png");
  g_autofree char *bmp = save (f, opaque, "escudo.bmp", "bmp");
  g_autofree char *tiff = save (f, opaque, "escudo.tiff", "tiff");
  g_autofree char *ico = save (f, opaque, "escudo.ico", "ico");
  g_autofree char *xpm = g_build_filename (f->dir, "escudo.xpm", NULL);
  g_autofree char *tga = g_build_filename (f->dir, "escudo.tga", NULL);
  g_autofree char *xpm_named_png = g_build_filename (f->dir, "escudo-xpm.png", NULL);
  g_autofree char *gif = g_build_filename (f->dir, "escudo.gif", NULL);
  const char *paths[] = { xpm, tga, xpm_named_png, bmp, tiff, ico, gif };
  gboolean have_gif;

  g_assert_true (g_file_set_contents (xpm, XPM_LOGO, -1, NULL));
  g_assert_true (g_file_set_contents (xpm_named_png, XPM_LOGO, -1, NULL));
  g_assert_true (g_file_set_contents (tga, (const char *) tga_logo, sizeof tga_logo, NULL));
  have_gif = convert (png, gif);

  /* gdk-pixbuf itself would read these: the refusal is Certifica's. */
  if (have_format ("xpm"))
    {
      g_autoptr(GdkPixbuf) read_back = gdk_pixbuf_new_from_file (xpm, NULL);

      g_assert_nonnull (read_back);
    }
  if (have_format ("tga"))
    {
      g_autoptr(GdkPixbuf) read_back = gdk_pixbuf_new_from_file (tga, NULL);

      g_assert_nonnull (read_back);
    }

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;

      if (paths[i] == gif && !have_gif)
        continue;
      assert_fails (paths[i], CF_LOGO_ERROR_FORMAT);
      g_assert_null (cf_logo_load (paths[i], &error));
      g_assert_nonnull (strstr (error->message, "PNG, JPEG or SVG"));
    }
}

static void
test_premultiplied (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 3, 1);
  guint8 *p = gdk_pixbuf_get_pixels (pixbuf);
  g_autofree char *path = NULL;
  cairo_surface_t *surface;

  /* Half-transparent orange, fully transparent white, opaque grey. */
  p[0] = 200, p[1] = 100, p[2] = 50, p[3] = 128;
  p[4] = 255, p[5] = 255, p[6] = 255, p[7] = 0;
  p[8] = 90, p[9] = 90, p[10] = 90, p[11] = 255;
  path = save (f, pixbuf, "alpha.png", "png");
  surface = load_ok (path);
  /* cairo wants each colour multiplied by alpha: 200 × 128 / 255 = 100. */
  g_assert_cmphex (pixel (surface, 0, 0), ==, 0x80643219);
  g_assert_cmphex (pixel (surface, 1, 0), ==, 0x00000000);
  g_assert_cmphex (pixel (surface, 2, 0), ==, 0xff5a5a5a);
  cairo_surface_destroy (surface);
}

static void
test_sizes (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GdkPixbuf) big = make_pixbuf (2400, 800, FALSE);
  g_autofree char *png = save (f, big, "grande.png", "png");
  g_autofree char *jpeg = save (f, big, "grande.jpg", "jpeg");
  g_autofree char *svg = g_build_filename (f->dir, "vector.svg", NULL);
  const char *paths[] = { png, jpeg };
  cairo_surface_t *surface;

  /* Big images come down to CF_LOGO_PIXELS on their long side, in proportion. */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      surface = load_ok (paths[i]);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, CF_LOGO_PIXELS);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, CF_LOGO_PIXELS / 3);
      assert_pixel (surface, 10, 10, 0xff1a408c, 12);
      assert_pixel (surface, CF_LOGO_PIXELS - 10, 10, 0xfff2cc33, 12);
      cairo_surface_destroy (surface);
    }

  /* SVG comes from librsvg2-common's loader, only recommended by Debian. */
  if (!have_format ("svg"))
    {
      g_test_message ("gdk-pixbuf has no SVG loader here (librsvg2-common): SVG not tried");
      return;
    }
  /* A small SVG is drawn at CF_LOGO_PIXELS, sharp in print; outside its
   * shapes it stays transparent. */
  g_assert_true (g_file_set_contents (svg,
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" viewBox=\"0 0 40 20\">"
    "<rect x=\"0\" y=\"0\" width=\"20\" height=\"20\" fill=\"#1a408c\"/>"
    "</svg>", -1, NULL));
  surface = load_ok (svg);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, CF_LOGO_PIXELS);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, CF_LOGO_PIXELS / 2);
  assert_pixel (surface, 10, 10, 0xff1a408c, 2);
  assert_pixel (surface, CF_LOGO_PIXELS - 10, 10, 0x00000000, 0);
  cairo_surface_destroy (surface);
}

static void
test_orientation (Fixture       *f,
                  gconstpointer  data)
{
  /* An APP1 segment with EXIF orientation 6 (the camera was turned a
   * quarter): big-endian TIFF header, one IFD entry, tag 0x0112 = 6. */
  static const guint8 exif[] = {
    0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (120, 60, FALSE);
  g_autofree char *jpeg = save (f, pixbuf, "foto.jpg", "jpeg");
  g_autofree char *rotated = g_build_filename (f->dir, "girada.jpg", NULL);
  g_autoptr(GBytes) bytes = cf_test_read_file (jpeg);
  const guint8 *plain = g_bytes_get_data (bytes, NULL);
  g_autoptr(GByteArray) turned = g_byte_array_new ();
  cairo_surface_t *surface;

  /* Right after the start-of-image marker. */
  g_byte_array_append (turned, plain, 2);
  g_byte_array_append (turned, exif, sizeof exif);
  g_byte_array_append (turned, plain + 2, (guint) g_bytes_get_size (bytes) - 2);
  g_assert_true (g_file_set_contents (rotated, (const char *) turned->data, turned->len, NULL));

  /* Shown the right way up: the blue half on top. */
  surface = load_ok (rotated);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 60);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 120);
  assert_pixel (surface, 30, 10, 0xff1a408c, 12);
  assert_pixel (surface, 30, 110, 0xfff2cc33, 12);
  cairo_surface_destroy (surface);
}

static void
test_mistakes (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (300, 200, FALSE);
  g_autoptr(GdkPixbuf) wide = make_pixbuf (CF_LOGO_MAX_SIDE + 1, 1, FALSE);
  g_autofree char *missing = g_build_filename (f->dir, "no-existe.png", NULL);
  g_autofree char *text = g_build_filename (f->dir, "logo.png", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "vacio.jpg", NULL);
  g_autofree char *png = save (f, pixbuf, "completo.png", "png");
  g_autofree char *jpeg = save (f, pixbuf, "completo.jpg", "jpeg");
  g_autofree char *too_wide = save (f, wide, "ancho.png", "png");
  g_autofree char *huge = g_build_filename (f->dir, "enorme.jpg", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "tuberia.png", NULL);
  const char *whole[] = { png, jpeg };
  int fd;

  assert_fails (missing, CF_LOGO_ERROR_READ);
  assert_fails (f->dir, CF_LOGO_ERROR_READ);
  /* A FIFO nobody writes to: refused at once, not waited on. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_fails (fifo, CF_LOGO_ERROR_READ);

  g_assert_true (g_file_set_contents (text, "This is not a picture.\n", -1, NULL));
  assert_fails (text, CF_LOGO_ERROR_FORMAT);
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_fails (empty, CF_LOGO_ERROR_EMPTY);

  /* Cut off half-way (a download that stopped): damaged, not grey. */
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    {
      g_autoptr(GBytes) bytes = cf_test_read_file (whole[i]);
      g_autofree char *name = g_strdup_printf ("cortado-%u%s", i, strrchr (whole[i], '.'));
      g_autofree char *cut = g_build_filename (f->dir, name, NULL);

      g_assert_true (g_file_set_contents (cut, g_bytes_get_data (bytes, NULL),
                                          (gssize) g_bytes_get_size (bytes) / 2, NULL));
      assert_fails (cut, CF_LOGO_ERROR_DAMAGED);
    }

  /* Too many pixels: refused from the header, before decoding. */
  assert_fails (too_wide, CF_LOGO_ERROR_TOO_LARGE);
  /* Too many bytes: refused before reading (a sparse file, no disk used). */
  fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, CF_LOGO_MAX_FILE_SIZE + 1), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
  assert_fails (huge, CF_LOGO_ERROR_TOO_LARGE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/render/logo/formats", Fixture, NULL, fixture_set_up, test_formats, fixture_tear_down);
  g_test_add ("/render/logo/other-formats-refused", Fixture, NULL, fixture_set_up,
              test_other_formats_refused, fixture_tear_down);
  g_test_add ("/render/logo/premultiplied", Fixture, NULL, fixture_set_up, test_premultiplied, fixture_tear_down);
  g_test_add ("/render/logo/sizes", Fixture, NULL, fixture_set_up, test_sizes, fixture_tear_down);
  g_test_add ("/render/logo/orientation", Fixture, NULL, fixture_set_up, test_orientation, fixture_tear_down);
  g_test_add ("/render/logo/mistakes", Fixture, NULL, fixture_set_up, test_mistakes, fixture_tear_down);

  return g_test_run ();
}
