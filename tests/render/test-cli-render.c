/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli render, run as a subprocess on real files. */
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "cf-dec-xml.h"
#include "cf-institution-repo.h"
#include "cf-pdf.h"
#include "cf-test-util.h"
#include "render-test-util.h"

typedef struct
{
  char *dir;
  char *xml;        /* 45 subjects, sealed */
  char *unsealed;   /* 3 subjects */
  CfDec *dec;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) small = rt_dec_new (8, 3, FALSE, FALSE);

  f->dir = cf_test_mkdtemp ();
  f->xml = g_build_filename (f->dir, "certificado.xml", NULL);
  f->unsealed = g_build_filename (f->dir, "sin-sello.xml", NULL);
  f->dec = rt_dec_new (45, 45, TRUE, FALSE);
  g_assert_true (cf_dec_xml_write_file (f->dec, f->xml, &error));
  g_assert_no_error (error);
  g_assert_true (cf_dec_xml_write_file (small, f->unsealed, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cf_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->xml);
  g_free (f->unsealed);
  g_object_unref (f->dec);
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  const char *cli = g_getenv ("CF_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "render");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return cf_test_spawn ((const char * const *) argv->pdata, NULL, out, err);
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_path = g_build_filename (f->dir, "certificado.pdf", NULL);
  g_autofree char *err = NULL;
  g_autoptr(CfPdf) pdf = NULL;
  g_autofree char *text = NULL;
  const char *args[] = { f->xml, "--out", pdf_path, NULL };

  g_assert_cmpint (run_cli (args, NULL, &err), ==, 0);
  pdf = cf_pdf_new_from_file (pdf_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_pdf_get_n_pages (pdf), ==, 2);
  text = rt_pdf_flat_text (pdf);
  g_assert_nonnull (strstr (text, cf_dec_get (f->dec, CF_DEC_FIELD_ALUMNO_CURP)));
  g_assert_null (strstr (text, "VISTA PREVIA"));
}

static void
test_png (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *png = g_build_filename (f->dir, "hoja2.png", NULL);
  g_autofree char *err = NULL;
  const char *args[] = { f->xml, "--out", png, "--png", "2", NULL };
  const char *too_far[] = { f->xml, "--out", png, "--png", "3", NULL };
  cairo_surface_t *image;

  g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1275);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1650);
  cairo_surface_destroy (image);

  g_assert_cmpint (run_cli (too_far, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "2 pages"));
}

static void
test_url_pattern (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *png = g_build_filename (f->dir, "qr.png", NULL);
  g_autofree char *scanned = NULL, *expected = NULL;
  const char *args[] = { f->xml, "--out", png, "--png", "2", "--dpi", "200",
                         "--url-pattern", "https://valida.example.edu.mx/c/{folioControl}", NULL };
  gboolean skipped;

  g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
  scanned = rt_scan_qr (png, &skipped);
  if (skipped)
    return;
  expected = g_strdup_printf ("https://valida.example.edu.mx/c/%s", cf_dec_get (f->dec, CF_DEC_FIELD_FOLIO_CONTROL));
  g_assert_cmpstr (scanned, ==, expected);
}

static void
test_problems (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "x.pdf", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such.xml", NULL);
  g_autofree char *err = NULL;
  const char *no_out[] = { f->xml, NULL };
  const char *missing_xml[] = { missing, "--out", pdf, NULL };
  const char *missing_logo[] = { f->unsealed, "--out", pdf, "--logo", "/nonexistent/escudo.png", NULL };
  const char *bad_dir[] = { f->xml, "--out", "/nonexistent/dir/x.pdf", NULL };

  g_assert_cmpint (run_cli (no_out, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--out"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (missing_xml, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "no-such.xml"));
  g_clear_pointer (&err, g_free);

  /* A logo that cannot be read is a warning, not a failure. */
  g_assert_cmpint (run_cli (missing_logo, NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "escudo.png"));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (bad_dir, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "x.pdf"));
}

static void
test_oficio (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_build_filename (f->dir, "oficio.json", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.json", NULL);
  g_autofree char *bad_date = g_build_filename (f->dir, "bad-date.json", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "oficio.pdf", NULL);
  g_autofree char *err = NULL, *text = NULL;
  g_autoptr(CfPdf) pdf = NULL;
  const char *args[] = { "--oficio", json, "--out", pdf_path, NULL };
  const char *args_bad[] = { "--oficio", bad, "--out", pdf_path, NULL };
  const char *args_bad_date[] = { "--oficio", bad_date, "--out", pdf_path, NULL };
  const char *both[] = { f->xml, "--oficio", json, "--out", pdf_path, NULL };

  g_assert_true (g_file_set_contents (json,
    "{\n"
    "  \"institution_name\": \"INSTITUTO DE ESTUDIOS SUPERIORES DEL BAJÍO\",\n"
    "  \"institution_id\": \"110345\",\n"
    "  \"place\": \"León, Guanajuato\",\n"
    "  \"date\": \"2024-02-29\",\n"
    "  \"logo\": \"logo.png\",\n"
    "  \"signatory_name\": \"Lic. Begoña Íñiguez\",\n"
    "  \"signatory_position\": \"Representante legal\",\n"
    "  \"campuses\": [\n"
    "    {\"campus_name\": \"LEÓN\", \"campus_id\": \"110101\", \"signer_name\": \"ANA PÉREZ\", \"signer_curp\": \"PELM800101MDFRPR05\"},\n"
    "    {\"campus_name\": \"CELAYA\", \"campus_id\": \"110202\", \"signer_name\": \"LUIS MUÑOZ\", \"signer_email\": \"lm@example.mx\"}\n"
    "  ],\n"
    "  \"cc\": [\"Archivo\"]\n"
    "}\n", -1, NULL));
  /* logo.png does not exist beside it: a warning naming it. */
  g_assert_cmpint (run_cli (args, NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "logo.png"));
  pdf = cf_pdf_new_from_file (pdf_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_pdf_get_n_pages (pdf), ==, 2);
  text = rt_pdf_flat_text (pdf);
  g_assert_nonnull (strstr (text, "León, Guanajuato, a 29 de febrero de 2024."));
  g_assert_nonnull (strstr (text, "LUIS MUÑOZ"));
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (bad, "{\"institution_name\": \"X\", \"instituton_id\": \"1\"}", -1, NULL));
  g_assert_cmpint (run_cli (args_bad, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "instituton_id"));
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (bad_date, "{\"institution_name\": \"X\", \"date\": \"2023-02-30\"}", -1, NULL));
  g_assert_cmpint (run_cli (args_bad_date, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "2023-02-30"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (both, NULL, &err), ==, 2);
}

static void
test_logo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 120, 90);
  g_autofree char *jpeg = g_build_filename (f->dir, "logo.jpg", NULL);
  g_autofree char *text = g_build_filename (f->dir, "logo.png", NULL);
  g_autofree char *json = g_build_filename (f->dir, "oficio.json", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "con-logo.pdf", NULL);
  g_autofree char *letter = g_build_filename (f->dir, "oficio.pdf", NULL);
  g_autofree char *err = NULL;
  const char *args[] = { f->unsealed, "--out", pdf, "--logo", jpeg, NULL };
  const char *args_text[] = { f->unsealed, "--out", pdf, "--logo", text, NULL };
  const char *args_oficio[] = { "--oficio", json, "--out", letter, NULL };
  gboolean skipped;
  guint n_images;

  gdk_pixbuf_fill (pixbuf, 0x1a408cff);
  g_assert_true (gdk_pixbuf_save (pixbuf, jpeg, "jpeg", &error, NULL));
  g_assert_no_error (error);

  /* A JPEG logo is drawn without a word. */
  g_assert_cmpint (run_cli (args, NULL, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&err, g_free);
  n_images = rt_pdf_count_images (pdf, &skipped);
  if (!skipped)
    g_assert_cmpuint (n_images, ==, 1);

  /* So is the oficio's, named relative to its JSON file. */
  g_assert_true (g_file_set_contents (json,
    "{\"institution_name\": \"INSTITUTO DEL BAJÍO\", \"logo\": \"logo.jpg\","
    " \"campuses\": [{\"campus_name\": \"LEÓN\", \"campus_id\": \"110101\"}]}", -1, NULL));
  g_assert_cmpint (run_cli (args_oficio, NULL, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&err, g_free);
  n_images = rt_pdf_count_images (letter, &skipped);
  if (!skipped)
    g_assert_cmpuint (n_images, ==, 1);

  /* A text file named logo.png: the document is still drawn, and the
   * warning names the file and says what to use. */
  g_assert_true (g_file_set_contents (text, "not a picture\n", -1, NULL));
  g_assert_cmpint (run_cli (args_text, NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "logo.png"));
  g_assert_nonnull (strstr (err, "PNG or JPEG"));
  n_images = rt_pdf_count_images (pdf, &skipped);
  if (!skipped)
    g_assert_cmpuint (n_images, ==, 0);
}

/* certifica-cli in Spanish: the synopses too, with the placeholders as the
 * option list names them, and the logo's warning. */
static void
test_spanish (Fixture       *f,
              gconstpointer  data)
{
  const char *localedir = g_getenv ("CF_LOCALEDIR");
  g_autofree char *mo = NULL;
  g_autofree char *text = g_build_filename (f->dir, "logo.png", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "x.pdf", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *help[] = { g_getenv ("CF_CLI"), "--help", NULL };
  const char *no_out[] = { f->unsealed, NULL };
  const char *bad_logo[] = { f->unsealed, "--out", pdf, "--logo", text, NULL };

  g_assert_nonnull (localedir);
  mo = g_build_filename (localedir, "es", "LC_MESSAGES", "certifica.mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("The Spanish catalogue is not built");
      return;
    }
  /* C.UTF-8 (the tests' locale) honours LANGUAGE. */
  g_setenv ("LANGUAGE", "es", TRUE);

  g_assert_cmpint (cf_test_spawn (help, NULL, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Uso: certifica-cli [--store UBICACIÓN] COMANDO [OPCIONES…]"));
  g_assert_nonnull (strstr (out, "  --store UBICACIÓN  "));
  g_assert_nonnull (strstr (out, "  --help             Mostrar esta ayuda"));

  g_assert_cmpint (run_cli (no_out, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "render ARCHIVO.xml --out ARCHIVO.pdf [--logo IMG] [--png PÁGINA] | "
                                 "--oficio DATOS.json --out ARCHIVO.pdf"));
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (text, "no es una imagen\n", -1, NULL));
  g_assert_cmpint (run_cli (bad_logo, NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "El logotipo “logo.png” no es una imagen"));
  g_assert_nonnull (strstr (err, "PNG o JPEG"));

  g_unsetenv ("LANGUAGE");
}

/* ---- The logo set in Preferences, from the store ---- */

/* A 240 × 120 PNG drawn here (a real image, not a fixture). */
static GBytes *
make_logo_png (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 120);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *contents = NULL;
  gsize length;

  cairo_set_source_rgb (cr, 0.1, 0.3, 0.6);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.9, 0.8, 0.2);
  cairo_arc (cr, 120, 60, 45, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* Whether `pdfimages -list` shows an image of @width × @height in @pdf. */
static gboolean
pdf_has_image (const char *pdf,
               int         width,
               int         height)
{
  const char *argv[] = { "pdfimages", "-list", pdf, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
  g_test_message ("%s", out);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);

      if (g_strv_length (cells) > 4 && g_str_equal (cells[2], "image") &&
          atoi (cells[3]) == width && atoi (cells[4]) == height)
        return TRUE;
    }
  return FALSE;
}

static void
test_stored_logo (Fixture       *f,
                  gconstpointer  data)
{
  const char *engine = data;
  g_autofree char *location = cf_test_store_location (engine, f->dir);
  g_autofree char *png = g_build_filename (f->dir, "escudo.png", NULL);
  g_autofree char *before = g_build_filename (f->dir, "sin-logo.pdf", NULL);
  g_autofree char *after = g_build_filename (f->dir, "con-logo.pdf", NULL);
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GBytes) logo = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("CF_CLI");

  if (location == NULL)
    {
      g_test_skip ("no PostgreSQL test server (CF_TEST_PG_URI is not set; see build-aux/pg-test-server)");
      return;
    }
  if (cf_test_store_password (location) != NULL)
    g_setenv ("PGPASSWORD", cf_test_store_password (location), TRUE);
  store = cf_test_store_open (location);

  {
    const char *argv[] = { cli, "--store", location, "render", f->xml, "--out", before, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);
    g_assert_false (pdf_has_image (before, 240, 120));
  }

  /* As Preferences keeps it; the original file is then gone. */
  logo = make_logo_png (png);
  g_assert_true (cf_institution_repo_set_logo (store, logo, "escudo.png", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (png), ==, 0);

  {
    const char *argv[] = { cli, "--store", location, "render", f->xml, "--out", after, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
    g_assert_true (pdf_has_image (after, 240, 120));
  }

  g_clear_object (&store);
  cf_test_store_location_drop (location);
  g_unsetenv ("PGPASSWORD");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/render/cli/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add ("/render/cli/png", Fixture, NULL, fixture_set_up, test_png, fixture_tear_down);
  g_test_add ("/render/cli/url-pattern", Fixture, NULL, fixture_set_up, test_url_pattern, fixture_tear_down);
  g_test_add ("/render/cli/problems", Fixture, NULL, fixture_set_up, test_problems, fixture_tear_down);
  g_test_add ("/render/cli/oficio", Fixture, NULL, fixture_set_up, test_oficio, fixture_tear_down);
  g_test_add ("/render/cli/logo", Fixture, NULL, fixture_set_up, test_logo, fixture_tear_down);
  g_test_add ("/render/cli/spanish", Fixture, NULL, fixture_set_up, test_spanish, fixture_tear_down);
  g_test_add ("/render/cli/stored-logo/sqlite", Fixture, "sqlite", fixture_set_up, test_stored_logo, fixture_tear_down);
  g_test_add ("/render/cli/stored-logo/postgresql", Fixture, "postgresql", fixture_set_up, test_stored_logo,
              fixture_tear_down);

  return g_test_run ();
}
