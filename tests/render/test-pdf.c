/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <cairo-pdf.h>

#include "cf-pdf.h"
#include "cf-test-util.h"

/* A small PDF made by cairo, with known text on two pages of different sizes. */
static GBytes *
make_pdf (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "two.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (surface);
  GBytes *bytes;

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 20);
  cairo_move_to (cr, 72, 100);
  cairo_show_text (cr, "Primera hoja: ÑANDÚ");
  cairo_show_page (cr);
  cairo_pdf_surface_set_size (surface, 400, 300);
  cairo_move_to (cr, 50, 50);
  cairo_show_text (cr, "Segunda");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  bytes = cf_test_read_file (path);
  cf_test_rmdir (dir);
  return bytes;
}

static void
test_load_and_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_pdf ();
  g_autoptr(CfPdf) pdf = cf_pdf_new_from_bytes (bytes, &error);
  g_autofree char *text = NULL, *all = NULL;
  g_autoptr(GArray) found = NULL;
  double w, h;

  g_assert_no_error (error);
  g_assert_cmpuint (cf_pdf_get_n_pages (pdf), ==, 2);
  g_assert_true (cf_pdf_get_page_size (pdf, 0, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, 612, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 792, 0.01);
  g_assert_true (cf_pdf_get_page_size (pdf, 1, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, 400, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 300, 0.01);
  g_assert_false (cf_pdf_get_page_size (pdf, 2, &w, &h));

  text = cf_pdf_get_page_text (pdf, 0);
  g_assert_nonnull (strstr (text, "Primera hoja: ÑANDÚ"));
  all = cf_pdf_get_text (pdf);
  g_assert_nonnull (strstr (all, "\fSegunda"));
  g_assert_true (cf_pdf_get_bytes (pdf) == bytes);

  /* Found where it was drawn, in top-left coordinates. */
  found = cf_pdf_find_text (pdf, 1, "Segunda");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpfloat (g_array_index (found, CfPdfRect, 0).x, >, 49);
  g_assert_cmpfloat (g_array_index (found, CfPdfRect, 0).x, <, 52);
  g_assert_cmpfloat (g_array_index (found, CfPdfRect, 0).y, <, 50);
  g_assert_cmpfloat (g_array_index (found, CfPdfRect, 0).y + g_array_index (found, CfPdfRect, 0).height, >, 48);
}

static void
test_render_white_paper (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_pdf ();
  g_autoptr(CfPdf) pdf = cf_pdf_new_from_bytes (bytes, &error);
  cairo_surface_t *image;
  const guchar *data;
  int stride;
  guint dark = 0;

  g_assert_no_error (error);
  image = cf_pdf_render_page_image (pdf, 1, 2.0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 600);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  /* The paper is opaque white; the text is dark. */
  g_assert_cmpuint (*(const guint32 *) (data + 500 * stride + 700 * 4), ==, 0xffffffff);
  for (int y = 60; y < 110; y++)
    for (int x = 100; x < 300; x++)
      if ((*(const guint32 *) (data + y * stride + x * 4) & 0xff) < 0x80)
        dark++;
  g_assert_cmpuint (dark, >, 100);
  cairo_surface_destroy (image);

  g_assert_null (cf_pdf_render_page_image (pdf, 5, 1.0, &error));
  g_assert_error (error, CF_PDF_ERROR, CF_PDF_ERROR_NO_PAGE);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("%PDF-1.4\nthis is not a pdf", 26);
  g_autoptr(GBytes) bytes = make_pdf ();
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) / 3);
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "missing.pdf", NULL);
  CfPdf *pdf;

  pdf = cf_pdf_new_from_bytes (junk, &error);
  g_assert_null (pdf);
  g_assert_error (error, CF_PDF_ERROR, CF_PDF_ERROR_DAMAGED);
  g_clear_error (&error);

  /* A truncated file is either refused or read without crashing. */
  pdf = cf_pdf_new_from_bytes (truncated, &error);
  if (pdf == NULL)
    g_assert_error (error, CF_PDF_ERROR, CF_PDF_ERROR_DAMAGED);
  g_clear_object (&pdf);
  g_clear_error (&error);

  pdf = cf_pdf_new_from_file (path, &error);
  g_assert_null (pdf);
  g_assert_error (error, CF_PDF_ERROR, CF_PDF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "missing.pdf"));
  cf_test_rmdir (dir);
}

static void
test_encrypted (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *dir = NULL, *plain = NULL, *locked = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CfPdf *pdf;

  if (qpdf == NULL)
    {
      g_test_skip ("qpdf is not installed");
      return;
    }
  dir = cf_test_mkdtemp ();
  plain = g_build_filename (dir, "plain.pdf", NULL);
  locked = g_build_filename (dir, "locked.pdf", NULL);
  bytes = make_pdf ();
  g_assert_true (g_file_set_contents (plain, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL));
  {
    const char *argv[] = { qpdf, "--encrypt", "secreto", "secreto", "256", "--", plain, locked, NULL };
    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);
  }
  pdf = cf_pdf_new_from_file (locked, &error);
  g_assert_null (pdf);
  g_assert_error (error, CF_PDF_ERROR, CF_PDF_ERROR_ENCRYPTED);
  cf_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/pdf/load-and-read", test_load_and_read);
  g_test_add_func ("/render/pdf/white-paper", test_render_white_paper);
  g_test_add_func ("/render/pdf/errors", test_errors);
  g_test_add_func ("/render/pdf/encrypted", test_encrypted);

  return g_test_run ();
}
