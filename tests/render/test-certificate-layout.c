/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "cf-certificate-layout.h"
#include "cf-number-words.h"
#include "cf-pdf.h"
#include "cf-render-export.h"
#include "render-test-util.h"
#include "cf-test-util.h"

typedef struct
{
  guint    n_subjects;
  gboolean sealed;
  gboolean sep;
} Case;

static char *
flat_field (CfDec      *dec,
            CfDecField  field)
{
  return rt_flatten (cf_dec_get (dec, field));
}

static void
assert_contains (const char *haystack,
                 const char *needle,
                 const char *what)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("%s “%s” is not in the PDF's text layer", what, needle);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = rt_dec_new (1000 + c->n_subjects, c->n_subjects, c->sealed, c->sep);
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  CfRenderable *renderable = CF_RENDERABLE (layout);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CfPdf) pdf = NULL;
  g_autofree char *text = NULL, *name = NULL, *curp = NULL, *folio = NULL, *words = NULL;
  g_autofree char *page_label = NULL, *png = NULL, *base = NULL, *expected_url = NULL;
  guint n_pages;
  gboolean skipped;

  bytes = cf_render_export_pdf_bytes (renderable, NULL, &error);
  g_assert_no_error (error);
  pdf = cf_pdf_new_from_bytes (bytes, &error);
  g_assert_no_error (error);

  /* Pages: letter size, as many as the layout says, in a sensible range. */
  n_pages = cf_pdf_get_n_pages (pdf);
  g_assert_cmpuint (n_pages, ==, cf_renderable_get_n_pages (renderable));
  if (c->n_subjects == 1)
    g_assert_cmpuint (n_pages, ==, 1);
  else if (c->n_subjects == 45)
    g_assert_cmpuint (n_pages, ==, 2);
  else
    g_assert_cmpuint (n_pages, >=, 3);
  for (guint i = 0; i < n_pages; i++)
    {
      double w, h;

      g_assert_true (cf_pdf_get_page_size (pdf, i, &w, &h));
      g_assert_cmpfloat_with_epsilon (w, 612, 0.01);
      g_assert_cmpfloat_with_epsilon (h, 792, 0.01);
    }

  /* The text layer carries everything a reader checks. */
  text = rt_pdf_flat_text (pdf);
  name = flat_field (dec, CF_DEC_FIELD_ALUMNO_NOMBRE);
  assert_contains (text, name, "The student's name");
  g_free (name);
  name = flat_field (dec, CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO);
  assert_contains (text, name, "The student's first surname");
  curp = flat_field (dec, CF_DEC_FIELD_ALUMNO_CURP);
  assert_contains (text, curp, "The CURP");
  folio = flat_field (dec, CF_DEC_FIELD_FOLIO_CONTROL);
  assert_contains (text, folio, "The folio de control");
  words = cf_number_words_grade_text (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO));
  g_assert_nonnull (words);
  assert_contains (text, words, "The average in words");
  assert_contains (text, c->n_subjects > 0 ? "CERTIFICADO" : "", "The title");
  for (guint i = 0; i < cf_dec_get_n_asignaturas (dec); i++)
    {
      g_autofree char *subject = rt_flatten (cf_asignatura_get (cf_dec_get_asignatura (dec, i), CF_ASIGNATURA_FIELD_NOMBRE));
      assert_contains (text, subject, "A subject");
    }
  page_label = g_strdup_printf ("Hoja %u de %u", n_pages, n_pages);
  assert_contains (text, page_label, "The page number");
  assert_contains (text, "representación impresa de un documento electrónico", "The legend");
  if (c->sep)
    assert_contains (text, RT_FOLIO_DIGITAL, "The folio digital");
  else
    g_assert_null (strstr (text, "FOLIO DIGITAL"));

  /* The preview mark on every page until sealed, and never after. */
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *page_text = cf_pdf_get_page_text (pdf, i);
      g_autofree char *flat = rt_flatten (page_text);

      g_assert_true ((strstr (flat, "VISTA PREVIA") != NULL) == !c->sealed);
    }
  g_assert_true (cf_certificate_layout_is_preview (layout) == !c->sealed);
  for (guint i = 0; i < n_pages; i++)
    {
      GArray *boxes = cf_renderable_get_text_boxes (renderable, i);
      const CfTextBox *last = &g_array_index (boxes, CfTextBox, boxes->len - 1);
      cairo_surface_t *image = cf_pdf_render_page_image (pdf, i, 0.5, &error);
      const guchar *px;
      guint reddish = 0;
      int stride;

      g_assert_no_error (error);
      g_assert_true ((last->kind == CF_TEXT_BOX_WATERMARK) == !c->sealed);
      if (!c->sealed)
        g_assert_cmpstr (last->text, ==, "VISTA PREVIA — SIN SELLO");
      /* The mark is drawn across the page's middle. */
      px = cairo_image_surface_get_data (image);
      stride = cairo_image_surface_get_stride (image);
      for (int y = 150; y < 250; y++)
        for (int x = 100; x < 200; x++)
          {
            guint32 v = *(const guint32 *) (px + y * stride + x * 4);
            int r = (v >> 16) & 0xff, g = (v >> 8) & 0xff;

            if (r > g + 25)
              reddish++;
          }
      if (c->sealed)
        g_assert_cmpuint (reddish, ==, 0);
      else
        g_assert_cmpuint (reddish, >, 200);
      cairo_surface_destroy (image);
    }

  /* No text outside its box, no box off the page, no two boxes overlapping. */
  rt_assert_text_boxes (renderable, 20, 1.0);

  /* The QR code: the validation URL once sealed; nothing readable before. */
  expected_url = cf_validation_url_build (CF_VALIDATION_URL_PATTERN_DEFAULT,
                                          c->sep ? RT_FOLIO_DIGITAL : NULL,
                                          cf_dec_get (dec, CF_DEC_FIELD_FOLIO_CONTROL));
  g_assert_cmpstr (cf_certificate_layout_get_validation_url (layout), ==, c->sealed ? expected_url : NULL);
  /* Scanned from poppler's rendering of the PDF bytes (what a printer
   * gets) at 150 dpi: exactly one code on a sealed certificate, with the
   * validation URL; none at all on a preview. */
  {
    guint found = 0;

    for (guint i = 0; i < n_pages; i++)
      {
        cairo_surface_t *image = cf_pdf_render_page_image (pdf, i, 150.0 / 72, &error);
        g_autofree char *scanned = NULL;

        g_assert_no_error (error);
        g_free (base);
        g_free (png);
        base = g_strdup_printf ("scan-%u-%s%s-p%u.png", c->n_subjects,
                                c->sealed ? "sealed" : "unsealed", c->sep ? "-sep" : "", i + 1);
        png = rt_output_path (base);
        g_assert_cmpint (cairo_surface_write_to_png (image, png), ==, CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy (image);
        scanned = rt_scan_qr (png, &skipped);
        g_unlink (png);
        if (skipped)
          break;
        if (scanned != NULL)
          {
            g_assert_cmpstr (scanned, ==, expected_url);
            found++;
          }
      }
    if (!skipped)
      g_assert_cmpuint (found, ==, c->sealed ? 1 : 0);
  }

  /* Every page as an image, for people to look at. */
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *name_i = g_strdup_printf ("certificate-%u-%s%s-p%u.png", c->n_subjects,
                                                 c->sealed ? "sealed" : "unsealed",
                                                 c->sep ? "-sep" : "", i + 1);
      g_autofree char *path_i = rt_output_path (name_i);

      g_assert_true (cf_render_export_png (renderable, i, 100, path_i, &error));
      g_assert_no_error (error);
    }
}

/* Names and values at the limits: long, accented, with ñ, no second
 * surname, no logo. Nothing overflows, nothing is cut, nothing crashes. */
static void
test_extremes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = rt_dec_new (77, 120, TRUE, TRUE);
  g_autoptr(CfCertificateLayout) layout = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CfPdf) pdf = NULL;
  g_autofree char *text = NULL, *png = NULL;
  const char *long_institution = "UNIVERSIDAD PARTICULAR DE ESTUDIOS SUPERIORES EN CIENCIAS SOCIALES, "
                                 "HUMANIDADES, INGENIERÍAS Y ARTES APLICADAS DE LA REGIÓN CENTRO-SUR "
                                 "DEL VALLE DE MÉXICO «SOR JUANA INÉS DE LA CRUZ», ASOCIACIÓN CIVIL";
  const char *long_name = "MARÍA DE LOS ÁNGELES GUADALUPE DEL PERPETUO SOCORRO Y DE LA SANTÍSIMA TRINIDAD";

  cf_dec_set (dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION, long_institution);
  cf_dec_set (dec, CF_DEC_FIELD_IPES_CAMPUS, "SAN PEDRO GARZA GARCÍA, NUEVO LEÓN, UNIDAD ACADÉMICA DE POSGRADO Y EDUCACIÓN CONTINUA");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, long_name);
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO, "PEÑA-NÚÑEZ DE LA O Y VILLASEÑOR");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, "");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA,
              "LICENCIATURA EN ADMINISTRACIÓN DE EMPRESAS TURÍSTICAS, HOTELERAS Y GASTRONÓMICAS CON ÉNFASIS EN SUSTENTABILIDAD");
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_NOMBRE, "JOSÉ MARÍA DE JESÚS");
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_PRIMER_APELLIDO, "IBÁÑEZ");
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_SEGUNDO_APELLIDO, NULL);
  cf_asignatura_set (cf_dec_get_asignatura (dec, 0), CF_ASIGNATURA_FIELD_NOMBRE,
                     "SEMINARIO DE INVESTIGACIÓN APLICADA A LOS PROBLEMAS SOCIOECONÓMICOS, JURÍDICOS Y "
                     "AMBIENTALES DE LAS COMUNIDADES RURALES E INDÍGENAS DEL SURESTE MEXICANO (ÑUU SAVI)");
  cf_asignatura_set (cf_dec_get_asignatura (dec, 1), CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA,
                     "CLAVE-EXTRAORDINARIAMENTE-LARGA-0001");
  cf_asignatura_set (cf_dec_get_asignatura (dec, 2), CF_ASIGNATURA_FIELD_CICLO, "2019-2020/PRIMAVERA");

  layout = cf_certificate_layout_new (dec);
  cf_certificate_layout_set_logo_path (layout, "/nonexistent/logo.png");
  bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cf_certificate_layout_get_warnings (layout)[0]);
  g_assert_nonnull (strstr (cf_certificate_layout_get_warnings (layout)[0], "logo.png"));
  rt_assert_text_boxes (CF_RENDERABLE (layout), 20, 1.0);

  pdf = cf_pdf_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  text = rt_pdf_flat_text (pdf);
  /* Shrunk or wrapped, never cut: every word is there. */
  {
    const char *values[] = { long_institution, long_name, "PEÑA-NÚÑEZ", "VILLASEÑOR", "SUSTENTABILIDAD", "ÑUU SAVI", "IBÁÑEZ" };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_auto(GStrv) words = g_strsplit (values[i], " ", -1);

        for (guint k = 0; words[k] != NULL; k++)
          assert_contains (text, words[k], "A word");
      }
  }
  g_assert_null (strstr (text, "VILLASEÑOR  "));

  png = rt_output_path ("certificate-extremes-p1.png");
  g_assert_true (cf_render_export_png (CF_RENDERABLE (layout), 0, 100, png, &error));
  g_assert_no_error (error);
  g_free (png);
  png = rt_output_path ("certificate-extremes-last.png");
  g_assert_true (cf_render_export_png (CF_RENDERABLE (layout),
                                       cf_renderable_get_n_pages (CF_RENDERABLE (layout)) - 1,
                                       100, png, &error));
  g_assert_no_error (error);
}

static void
write_logo (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 120);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.1, 0.25, 0.55);
  cairo_arc (cr, 100, 60, 55, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.95, 0.8, 0.2);
  cairo_rectangle (cr, 70, 35, 60, 50);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
test_logo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = rt_dec_new (5, 10, TRUE, FALSE);
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *logo = g_build_filename (dir, "logo.png", NULL);
  g_autofree char *not_png = g_build_filename (dir, "logo.jpg", NULL);
  cairo_surface_t *with_logo, *without_logo;
  const guchar *a, *b;
  gboolean differs = FALSE;

  write_logo (logo);
  cf_certificate_layout_set_logo_path (layout, logo);
  with_logo = cf_render_export_page_image (CF_RENDERABLE (layout), 0, 72, &error);
  g_assert_no_error (error);
  g_assert_null (cf_certificate_layout_get_warnings (layout)[0]);

  /* Not a PNG: left out with a warning, the rest unchanged. */
  g_assert_true (g_file_set_contents (not_png, "\xff\xd8\xff\xe0 not really", -1, NULL));
  cf_certificate_layout_set_logo_path (layout, not_png);
  without_logo = cf_render_export_page_image (CF_RENDERABLE (layout), 0, 72, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cf_certificate_layout_get_warnings (layout)[0]);

  /* The logo's corner differs; nothing else moved. */
  a = cairo_image_surface_get_data (with_logo);
  b = cairo_image_surface_get_data (without_logo);
  for (int y = 40; y < 100 && !differs; y++)
    differs = memcmp (a + y * cairo_image_surface_get_stride (with_logo) + 40 * 4,
                      b + y * cairo_image_surface_get_stride (without_logo) + 40 * 4, 60 * 4) != 0;
  g_assert_true (differs);
  for (int y = 200; y < 792; y++)
    g_assert_cmpint (memcmp (a + y * cairo_image_surface_get_stride (with_logo),
                             b + y * cairo_image_surface_get_stride (without_logo),
                             (gsize) cairo_image_surface_get_stride (with_logo)), ==, 0);

  cairo_surface_destroy (with_logo);
  cairo_surface_destroy (without_logo);
  cf_test_rmdir (dir);
}

/* The logo's box on the first page, in points (72 dpi pixels). */
#define LOGO_X 40
#define LOGO_Y 36
#define LOGO_SIDE 72

/* Renders with @logo (NULL for none) to a PDF file; returns the ink in the
 * logo's box of page 1 as poppler draws that PDF, and how many images the
 * PDF holds (G_MAXUINT when pdfimages is missing). */
static guint
render_with_logo (CfDec       *dec,
                  const char  *dir,
                  const char  *logo,
                  guint       *n_images,
                  char       **warning)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autofree char *name = g_strdup_printf ("con-%s.pdf", logo != NULL ? strrchr (logo, '/') + 1 : "nada");
  g_autofree char *pdf_path = g_build_filename (dir, name, NULL);
  g_autofree char *png_name = g_strdup_printf ("certificate-logo-%s.png", logo != NULL ? strrchr (logo, '/') + 1 : "none");
  g_autofree char *png = rt_output_path (png_name);
  g_autoptr(CfPdf) pdf = NULL;
  cairo_surface_t *page;
  gboolean skipped;
  guint ink;

  cf_certificate_layout_set_logo_path (layout, logo);
  g_assert_true (cf_render_export_pdf (CF_RENDERABLE (layout), pdf_path, NULL, &error));
  g_assert_no_error (error);
  *warning = g_strdup (cf_certificate_layout_get_warnings (layout)[0]);

  pdf = cf_pdf_new_from_file (pdf_path, &error);
  g_assert_no_error (error);
  page = cf_pdf_render_page_image (pdf, 0, 1.0, &error);
  g_assert_no_error (error);
  cairo_surface_write_to_png (page, png);
  ink = rt_count_ink (page, LOGO_X, LOGO_Y, LOGO_SIDE, LOGO_SIDE);
  cairo_surface_destroy (page);

  *n_images = rt_pdf_count_images (pdf_path, &skipped);
  if (skipped)
    *n_images = G_MAXUINT;
  return ink;
}

static void
test_logo_formats (void)
{
  g_autoptr(CfDec) dec = rt_dec_new (5, 10, TRUE, FALSE);
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *png = g_build_filename (dir, "escudo.png", NULL);
  g_autofree char *jpeg = g_build_filename (dir, "escudo.jpg", NULL);
  g_autofree char *bmp = g_build_filename (dir, "escudo.bmp", NULL);
  g_autofree char *gif = g_build_filename (dir, "escudo.gif", NULL);
  g_autofree char *convert = g_find_program_in_path ("convert");
  g_autofree char *text = g_build_filename (dir, "logo.png", NULL);
  g_autofree char *empty = g_build_filename (dir, "vacio.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GdkPixbuf *opaque;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  const char *images[] = { png, jpeg };
  const char *refused[] = { bmp, gif };
  guint n_images;

  /* A registrar's logo as a PNG and a JPEG, the formats it is read from,
   * and as a BMP (gdk-pixbuf writes it) and a GIF (ImageMagick does),
   * which are left out: only the PNG, JPEG and SVG loaders are used. */
  write_logo (png);
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  /* On white paper, as JPEG and BMP have no transparency. */
  opaque = gdk_pixbuf_composite_color_simple (pixbuf, 200, 120, GDK_INTERP_NEAREST,
                                              255, 8, 0xffffff, 0xffffff);
  g_object_unref (pixbuf);
  pixbuf = opaque;
  g_assert_true (gdk_pixbuf_save (pixbuf, png, "png", &error, NULL));
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_save (pixbuf, jpeg, "jpeg", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_save (pixbuf, bmp, "bmp", &error, NULL));
  g_assert_no_error (error);
  if (convert != NULL)
    {
      const char *argv[] = { convert, png, gif, NULL };

      g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);
    }

  /* Without a logo its box is blank paper. */
  g_assert_cmpuint (render_with_logo (dec, dir, NULL, &n_images, &warning), ==, 0);
  g_assert_null (warning);

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      guint ink;

      ink = render_with_logo (dec, dir, images[i], &n_images, &warning);
      g_assert_null (warning);
      /* The 200 × 120 logo fills the box's width (72 × 43 points); its disc
       * is 40 % of it. */
      g_assert_cmpuint (ink, >, 72 * 43 * 35 / 100);
      g_assert_cmpuint (ink, <, 72 * 43 * 45 / 100);
      if (n_images != G_MAXUINT)
        g_assert_cmpuint (n_images, ==, 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      if (refused[i] == gif && convert == NULL)
        continue;
      g_assert_cmpuint (render_with_logo (dec, dir, refused[i], &n_images, &warning), ==, 0);
      g_assert_nonnull (strstr (warning, "PNG, JPEG or SVG"));
      g_clear_pointer (&warning, g_free);
    }

  /* A text file named like a picture, an empty file: left out, and the
   * warning says which file and what to use instead. */
  g_assert_true (g_file_set_contents (text, "not a picture\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_cmpuint (render_with_logo (dec, dir, text, &n_images, &warning), ==, 0);
  g_assert_nonnull (strstr (warning, "logo.png"));
  g_assert_nonnull (strstr (warning, "PNG or JPEG"));
  g_clear_pointer (&warning, g_free);
  g_assert_cmpuint (render_with_logo (dec, dir, empty, &n_images, &warning), ==, 0);
  g_assert_nonnull (strstr (warning, "vacio.png"));
  g_assert_nonnull (strstr (warning, "empty"));
  g_clear_pointer (&warning, g_free);

  cf_test_rmdir (dir);
}

static void
test_url_pattern (void)
{
  g_autoptr(CfDec) dec = rt_dec_new (9, 3, TRUE, FALSE);
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;

  /* No folio digital yet: the folio de control stands in. */
  expected = g_strdup_printf ("https://www.siged.sep.gob.mx/certificados/ipes/%s",
                              cf_dec_get (dec, CF_DEC_FIELD_FOLIO_CONTROL));
  g_assert_cmpstr (cf_certificate_layout_get_validation_url (layout), ==, expected);

  cf_certificate_layout_set_url_pattern (layout, "https://example.edu.mx/v?d={folioDigital}&c={folioControl}");
  g_free (expected);
  expected = g_strdup_printf ("https://example.edu.mx/v?d=%s&c=%s",
                              cf_dec_get (dec, CF_DEC_FIELD_FOLIO_CONTROL),
                              cf_dec_get (dec, CF_DEC_FIELD_FOLIO_CONTROL));
  g_assert_cmpstr (cf_certificate_layout_get_validation_url (layout), ==, expected);

  url = cf_validation_url_build ("https://x/{folioDigital}", "A B/Ñ", "FC1");
  g_assert_cmpstr (url, ==, "https://x/A%20B%2F%C3%91");
  g_free (url);
  url = cf_validation_url_build ("https://x/{folioControl}", "FD", NULL);
  g_assert_null (url);
  url = cf_validation_url_build ("https://x/fixed", NULL, NULL);
  g_assert_cmpstr (url, ==, "https://x/fixed");
  g_free (url);
  url = cf_validation_url_build ("https://x/{folioDigital}", "  FD-1 ", "FC");
  g_assert_cmpstr (url, ==, "https://x/FD-1");
}

static void
test_partial_title (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = rt_dec_new (11, 5, FALSE, FALSE);
  g_autoptr(CfCertificateLayout) total = NULL, partial = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CfPdf) pdf = NULL;
  g_autofree char *text = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION, "79");
  total = cf_certificate_layout_new (dec);
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION, "80");
  partial = cf_certificate_layout_new (dec);

  bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (total), NULL, &error);
  g_assert_no_error (error);
  pdf = cf_pdf_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  text = rt_pdf_flat_text (pdf);
  g_assert_nonnull (strstr (text, "CERTIFICADO TOTAL DE ESTUDIOS"));
  g_assert_null (strstr (text, "PARCIAL"));
  g_clear_pointer (&text, g_free);
  g_clear_object (&pdf);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (partial), NULL, &error);
  g_assert_no_error (error);
  pdf = cf_pdf_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  text = rt_pdf_flat_text (pdf);
  g_assert_nonnull (strstr (text, "CERTIFICADO PARCIAL DE ESTUDIOS"));

  /* The PDF's document information. */
  {
    g_autofree char *title = cf_pdf_dup_title (pdf);
    g_autofree char *author = cf_pdf_dup_author (pdf);
    g_autofree char *subject = cf_pdf_dup_subject (pdf);

    g_assert_nonnull (strstr (title, "CERTIFICADO PARCIAL DE ESTUDIOS"));
    g_assert_nonnull (strstr (title, cf_dec_get (dec, CF_DEC_FIELD_FOLIO_CONTROL)));
    g_assert_cmpstr (author, ==, cf_dec_get (dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION));
    g_assert_nonnull (strstr (subject, "Representación impresa"));
  }
}

/* The page prints the name set for it (upper and lower case), not the
 * XML's capitals, which stay in the Dec; NULL goes back to those. */
static void
test_student_name (void)
{
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CfPdf) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "ANA MARIA");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, "DE LA CRUZ");
  g_clear_object (&layout);
  layout = cf_certificate_layout_new (dec);
  cf_certificate_layout_set_student_name (layout, "Ana María López de la Cruz");
  bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), NULL, &error);
  g_assert_no_error (error);
  pdf = cf_pdf_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  text = rt_pdf_flat_text (pdf);
  g_assert_nonnull (strstr (text, "Ana María López de la Cruz"));
  g_assert_null (strstr (text, "ANA MARIA"));
  subject = cf_pdf_dup_subject (pdf);
  g_assert_nonnull (strstr (subject, "Ana María López de la Cruz"));
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_NOMBRE), ==, "ANA MARIA");

  cf_certificate_layout_set_student_name (layout, NULL);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_object (&pdf);
  g_clear_pointer (&text, g_free);
  bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), NULL, &error);
  g_assert_no_error (error);
  pdf = cf_pdf_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  text = rt_pdf_flat_text (pdf);
  g_assert_nonnull (strstr (text, "ANA MARIA"));
}

static void
test_page_breaks (void)
{
  g_autoptr(CfDec) dec = rt_dec_new (120, 120, FALSE, FALSE);
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), NULL, &error);
  g_autoptr(CfPdf) pdf = cf_pdf_new_from_bytes (bytes, &error);
  guint n = cf_pdf_get_n_pages (pdf);
  guint last_page = 0;
  double last_y = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 3);
  /* Every page: its own "Hoja i de n"; after the first, the continuation
   * header; the table's header wherever subjects are. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *raw = cf_pdf_get_page_text (pdf, i);
      g_autofree char *text = rt_flatten (raw);
      g_autofree char *label = g_strdup_printf ("Hoja %u de %u", i + 1, n);
      g_autoptr(GArray) header = cf_pdf_find_text (pdf, i, "CALIFICACIÓN CON LETRA");

      g_assert_nonnull (strstr (text, label));
      if (i > 0)
        g_assert_nonnull (strstr (text, "continuación"));
      if (i < 2)
        g_assert_cmpuint (header->len, ==, 1);
    }

  /* The subjects in plan order: each on exactly one page, never going back
   * a page, and down the page. */
  for (guint s = 0; s < cf_dec_get_n_asignaturas (dec); s++)
    {
      CfAsignatura *a = cf_dec_get_asignatura (dec, s);
      g_autofree char *key = rt_flatten (cf_asignatura_get (a, CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA));
      guint found_on = G_MAXUINT;
      double y = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GArray) where = cf_pdf_find_text (pdf, i, key);

          if (where->len == 0)
            continue;
          g_assert_cmpuint (found_on, ==, G_MAXUINT);
          g_assert_cmpuint (where->len, ==, 1);
          found_on = i;
          y = g_array_index (where, CfPdfRect, 0).y;
        }
      g_assert_cmpuint (found_on, !=, G_MAXUINT);
      g_assert_cmpuint (found_on, >=, last_page);
      if (found_on == last_page)
        g_assert_cmpfloat (y, >, last_y);
      last_page = found_on;
      last_y = y;
    }
}

static void
test_golden (gconstpointer data)
{
  const char *which = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = NULL;
  g_autoptr(CfCertificateLayout) layout = NULL;
  g_autofree char *golden = NULL, *name = NULL;
  cairo_surface_t *image;
  guint page;

  if (g_strcmp0 (which, "unsealed-p1") == 0)
    dec = rt_dec_new (2024, 45, FALSE, FALSE);
  else
    dec = rt_dec_new (2024, 45, TRUE, TRUE);
  layout = cf_certificate_layout_new (dec);
  page = g_str_has_suffix (which, "last") ? cf_renderable_get_n_pages (CF_RENDERABLE (layout)) - 1 : 0;
  image = cf_render_export_page_image (CF_RENDERABLE (layout), page, 72, &error);
  g_assert_no_error (error);
  name = g_strdup_printf ("certificate-%s.png", which);
  golden = g_test_build_filename (G_TEST_DIST, "data", "render", name, NULL);
  rt_assert_matches_golden (image, golden, 0.01);
  cairo_surface_destroy (image);
}

static void
test_no_subjects (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_dec_new ();
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autoptr(GBytes) bytes = NULL;

  /* An empty document still lays out (the preview shows it while the
   * registrar fills it in). */
  bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_renderable_get_n_pages (CF_RENDERABLE (layout)), ==, 1);
  rt_assert_text_boxes (CF_RENDERABLE (layout), 20, 1.0);
}

int
main (int argc, char **argv)
{
  static const Case cases[] = {
    { 1, FALSE, FALSE }, { 1, TRUE, FALSE }, { 1, TRUE, TRUE },
    { 45, FALSE, FALSE }, { 45, TRUE, FALSE }, { 45, TRUE, TRUE },
    { 120, FALSE, FALSE }, { 120, TRUE, FALSE }, { 120, TRUE, TRUE },
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/render/certificate/%u-subjects/%s%s",
                                               cases[i].n_subjects,
                                               cases[i].sealed ? "sealed" : "unsealed",
                                               cases[i].sep ? "-sep" : "");
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/render/certificate/extremes", test_extremes);
  g_test_add_func ("/render/certificate/logo", test_logo);
  g_test_add_func ("/render/certificate/logo-formats", test_logo_formats);
  g_test_add_func ("/render/certificate/url-pattern", test_url_pattern);
  g_test_add_func ("/render/certificate/title", test_partial_title);
  g_test_add_func ("/render/certificate/page-breaks", test_page_breaks);
  g_test_add_func ("/render/certificate/student-name", test_student_name);
  g_test_add_func ("/render/certificate/no-subjects", test_no_subjects);
  g_test_add_data_func ("/render/certificate/golden/unsealed-p1", "unsealed-p1", test_golden);
  g_test_add_data_func ("/render/certificate/golden/sealed-sep-last", "sealed-sep-last", test_golden);

  return g_test_run ();
}
