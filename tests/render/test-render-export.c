/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib/gstdio.h>

#include "cf-certificate-layout.h"
#include "cf-pdf.h"
#include "cf-render-export.h"
#include "cf-test-util.h"
#include "render-test-util.h"

static void
test_pdf_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = rt_dec_new (3, 45, TRUE, FALSE);
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "certificado.pdf", NULL);
  g_autofree char *pdffonts = g_find_program_in_path ("pdffonts");
  g_autoptr(CfPdf) pdf = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  /* Over an older file: replaced whole. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (cf_render_export_pdf (CF_RENDERABLE (layout), path, NULL, &error));
  g_assert_no_error (error);
  pdf = cf_pdf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_pdf_get_n_pages (pdf), ==, 2);

  /* No temporary file left beside it. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  /* Every font embedded (pdffonts' "emb" column). */
  if (pdffonts != NULL)
    {
      const char *argv[] = { pdffonts, path, NULL };
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      guint fonts = 0;

      g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
      lines = g_strsplit (out, "\n", -1);
      for (guint i = 2; lines[i] != NULL; i++)
        {
          g_auto(GStrv) split = NULL;
          const char *cols[32];
          guint n = 0;

          if (*lines[i] == '\0')
            continue;
          split = g_strsplit_set (lines[i], " ", -1);
          /* name type [encoding words] emb sub uni object ID: count from the end. */
          for (guint k = 0; split[k] != NULL && n < G_N_ELEMENTS (cols); k++)
            if (*split[k] != '\0')
              cols[n++] = split[k];
          g_assert_cmpuint (n, >=, 6);
          g_assert_cmpstr (cols[n - 5], ==, "yes");   /* emb */
          fonts++;
        }
      g_assert_cmpuint (fonts, >, 0);
    }
  cf_test_rmdir (dir);
}

static void
test_write_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = rt_dec_new (4, 3, FALSE, FALSE);
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_false (cf_render_export_pdf (CF_RENDERABLE (layout), "/nonexistent/dir/out.pdf", NULL, &error));
  g_assert_error (error, CF_RENDER_ERROR, CF_RENDER_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "out.pdf"));
  g_clear_error (&error);

  g_assert_false (cf_render_export_png (CF_RENDERABLE (layout), 7, 72, "/tmp/never.png", &error));
  g_assert_error (error, CF_RENDER_ERROR, CF_RENDER_ERROR_NO_PAGE);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  g_assert_null (cf_render_export_pdf_bytes (CF_RENDERABLE (layout), cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = rt_dec_new (4, 3, FALSE, FALSE);
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "hoja.png", NULL);
  cairo_surface_t *image;

  g_assert_true (cf_render_export_png (CF_RENDERABLE (layout), 0, 150, path, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  /* 8.5 × 11 in at 150 dpi. */
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1275);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1650);
  cairo_surface_destroy (image);
  cf_test_rmdir (dir);
}

/* The same PDF through poppler and straight from cairo look the same: the
 * preview shows what is printed. */
static void
test_pdf_matches_direct (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = rt_dec_new (6, 20, TRUE, TRUE);
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autoptr(GBytes) bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), NULL, &error);
  g_autoptr(CfPdf) pdf = cf_pdf_new_from_bytes (bytes, &error);
  cairo_surface_t *direct, *through;
  const guchar *a, *b;
  guint differing = 0;
  int w, h, stride;

  g_assert_no_error (error);
  direct = cf_render_export_page_image (CF_RENDERABLE (layout), 0, 72, &error);
  g_assert_no_error (error);
  through = cf_pdf_render_page_image (pdf, 0, 1.0, &error);
  g_assert_no_error (error);
  w = cairo_image_surface_get_width (direct);
  h = cairo_image_surface_get_height (direct);
  g_assert_cmpint (cairo_image_surface_get_width (through), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (through), ==, h);
  a = cairo_image_surface_get_data (direct);
  b = cairo_image_surface_get_data (through);
  stride = cairo_image_surface_get_stride (direct);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w * 4; x++)
      if (ABS ((int) a[y * stride + x] - (int) b[y * stride + x]) > 96)
        {
          differing++;
          x = (x / 4 + 1) * 4 - 1;
        }
  g_test_message ("%u of %d pixels differ", differing, w * h);
  g_assert_cmpfloat ((double) differing / (w * h), <, 0.02);
  cairo_surface_destroy (direct);
  cairo_surface_destroy (through);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/export/pdf-file", test_pdf_file);
  g_test_add_func ("/render/export/write-errors", test_write_errors);
  g_test_add_func ("/render/export/png", test_png);
  g_test_add_func ("/render/export/pdf-matches-direct", test_pdf_matches_direct);

  return g_test_run ();
}
