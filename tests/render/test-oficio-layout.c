/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "cf-oficio-layout.h"
#include "cf-pdf.h"
#include "cf-render-export.h"
#include "cf-test-util.h"
#include "render-test-util.h"

static CfOficioData *
make_data (guint n_campuses)
{
  CfOficioData *data = cf_oficio_data_new ();
  static const char *cc[] = { "Subdirección de Control Escolar", "Archivo", NULL };

  data->institution_name = g_strdup ("UNIVERSIDAD DEL VALLE DE ANÁHUAC Y ESPAÑA, A.C.");
  data->institution_id = g_strdup ("20499");
  data->address = g_strdup ("Av. Insurgentes Sur 1234, Col. Del Valle, Benito Juárez, 03100 Ciudad de México");
  data->place = g_strdup ("Ciudad de México");
  g_date_set_dmy (&data->date, 15, G_DATE_MARCH, 2024);
  data->reference = g_strdup ("CE/015/2024");
  data->addressee_name = g_strdup ("Mtra. Ana Laura Muñoz Ortiz");
  data->signatory_name = g_strdup ("Dr. Íñigo Peña Saldaña");
  data->signatory_position = g_strdup ("Rector");
  data->cc = g_strdupv ((char **) cc);
  if (n_campuses >= 1)
    cf_oficio_data_add_campus (data, "ÚNICO", "090101", "MARÍA DE LA LUZ PÉREZ LÓPEZ",
                               "PELM800101MDFRPR05", "DIRECTORA DE SERVICIOS ESCOLARES",
                               "servicios.escolares@example.edu.mx");
  if (n_campuses >= 2)
    cf_oficio_data_add_campus (data, "CAMPUS NORTE", "150202", "JOSÉ ÑÚÑEZ", NULL,
                               "RESPONSABLE DE EXPEDICIÓN", NULL);
  return data;
}

static void
test_letters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfOficioData) data = make_data (2);
  g_autoptr(CfOficioLayout) layout = cf_oficio_layout_new (data);
  g_autoptr(GBytes) bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), NULL, &error);
  g_autoptr(CfPdf) pdf = cf_pdf_new_from_bytes (bytes, &error);
  g_autofree char *first = NULL, *second = NULL, *png = NULL;
  const char *expected[] = {
    "UNIVERSIDAD DEL VALLE DE ANÁHUAC Y ESPAÑA, A.C.", "Oficio No. CE/015/2024",
    "Ciudad de México, a 15 de marzo de 2024.", "Mtra. Ana Laura Muñoz Ortiz",
    "Director General de Acreditación, Incorporación y Revalidación",
    "Secretaría de Educación Pública", "campus ÚNICO (clave 090101)",
    "MARÍA DE LA LUZ PÉREZ LÓPEZ", "PELM800101MDFRPR05", "DIRECTORA DE SERVICIOS ESCOLARES",
    "servicios.escolares@example.edu.mx", "Dr. Íñigo Peña Saldaña",
    "c.c.p. Archivo",
  };

  g_assert_no_error (error);
  /* One letter per campus, each on its own page. */
  g_assert_cmpuint (cf_pdf_get_n_pages (pdf), ==, 2);
  {
    g_autofree char *raw_first = cf_pdf_get_page_text (pdf, 0);
    g_autofree char *raw_second = cf_pdf_get_page_text (pdf, 1);

    first = rt_flatten (raw_first);
    second = rt_flatten (raw_second);
  }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (first, expected[i]) == NULL)
      g_error ("“%s” is not on the first letter", expected[i]);
  /* Spaced letters come back from poppler in words of its choosing. */
  {
    g_autofree char *squeezed = g_strdup (first);
    char *w = squeezed;

    for (const char *r = first; *r != '\0'; r++)
      if (*r != ' ')
        *w++ = *r;
    *w = '\0';
    g_assert_nonnull (strstr (squeezed, "ATENTAMENTE"));
  }
  g_assert_nonnull (strstr (second, "campus CAMPUS NORTE (clave 150202)"));
  g_assert_nonnull (strstr (second, "JOSÉ ÑÚÑEZ"));
  g_assert_null (strstr (second, "MARÍA DE LA LUZ"));
  g_assert_null (strstr (second, "CURP:"));   /* an empty value leaves no label */
  rt_assert_text_boxes (CF_RENDERABLE (layout), 20, 1.0);

  png = rt_output_path ("oficio-p1.png");
  g_assert_true (cf_render_export_png (CF_RENDERABLE (layout), 0, 100, png, &error));
  g_assert_no_error (error);
}

static void
test_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfOficioData) data = cf_oficio_data_new ();
  g_autoptr(CfOficioLayout) layout = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* Nothing filled in yet (the wizard's first look): still a page. */
  data->logo_path = g_strdup ("/nonexistent.png");
  layout = cf_oficio_layout_new (data);
  bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_renderable_get_n_pages (CF_RENDERABLE (layout)), ==, 1);
  g_assert_nonnull (cf_oficio_layout_get_warnings (layout)[0]);
  rt_assert_text_boxes (CF_RENDERABLE (layout), 20, 1.0);
}

static void
test_logo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfOficioData) data = make_data (2);
  g_autoptr(CfOficioLayout) layout = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 160, 160);
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *pdf_path = g_build_filename (dir, "oficio.pdf", NULL);
  g_autofree char *png = rt_output_path ("oficio-logo-p2.png");
  g_autoptr(CfPdf) pdf = NULL;
  gboolean skipped;
  guint n_images;

  /* A dark red square as a JPEG, the format scanners and phones write. */
  gdk_pixbuf_fill (pixbuf, 0x802020ff);
  data->logo_path = g_build_filename (dir, "escudo.jpeg", NULL);
  g_assert_true (gdk_pixbuf_save (pixbuf, data->logo_path, "jpeg", &error, NULL));
  g_assert_no_error (error);

  layout = cf_oficio_layout_new (data);
  g_assert_true (cf_render_export_pdf (CF_RENDERABLE (layout), pdf_path, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (cf_oficio_layout_get_warnings (layout)[0]);
  pdf = cf_pdf_new_from_file (pdf_path, &error);
  g_assert_no_error (error);

  /* Every letter's letterhead has it, filling its 64-point box. */
  for (guint i = 0; i < cf_pdf_get_n_pages (pdf); i++)
    {
      cairo_surface_t *page = cf_pdf_render_page_image (pdf, i, 1.0, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (rt_count_ink (page, 72, 48, 64, 64), >, 60 * 60);
      if (i == 1)
        cairo_surface_write_to_png (page, png);
      cairo_surface_destroy (page);
    }
  n_images = rt_pdf_count_images (pdf_path, &skipped);
  if (!skipped)
    g_assert_cmpuint (n_images, >=, 1);
  cf_test_rmdir (dir);
}

static void
test_golden (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfOficioData) data = make_data (1);
  g_autoptr(CfOficioLayout) layout = cf_oficio_layout_new (data);
  g_autofree char *golden = g_test_build_filename (G_TEST_DIST, "data", "render", "oficio-p1.png", NULL);
  cairo_surface_t *image = cf_render_export_page_image (CF_RENDERABLE (layout), 0, 72, &error);

  g_assert_no_error (error);
  rt_assert_matches_golden (image, golden, 0.01);
  cairo_surface_destroy (image);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/oficio/letters", test_letters);
  g_test_add_func ("/render/oficio/minimal", test_minimal);
  g_test_add_func ("/render/oficio/logo", test_logo);
  g_test_add_func ("/render/oficio/golden", test_golden);

  return g_test_run ();
}
