/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli calendar, folios, incorporation and logo (issue 15), the
 * real binary: business days over rest days; test folios added from a list
 * and a range, used three times and the fourth refused (exit 1), status's
 * JSON keys; the stages' JSON after "sent" and "done" on both engines; the
 * logo's rules on images made here (too small, CMYK JPEG by ImageMagick,
 * transparent PNG, 5 MB, SVG) and "logo fix" copies that pass, the
 * original untouched. */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cf-efirma.h"
#include "cf-inc-package.h"
#include "cf-incorporation.h"
#include "cf-signer-repo.h"
#include "cf-test-util.h"

typedef CfTestEngine Fixture;

static char *data_home;

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Whether @object has exactly the members @keys. */
static void
assert_keys (JsonObject         *object,
             const char * const *keys)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) keys));
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, keys[i]));
}

static void
test_calendar (void)
{
  static const char *table[][3] = {
    { "2025-12-24", "1", "2025-12-26" },
    { "2025-12-15", "15", "2026-01-07" },
    { "2024-09-30", "1", "2024-10-02" },
    { "2026-03-13", "1", "2026-03-17" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *expected = g_strdup_printf ("%s\n", table[i][2]);

      g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "calendar", "add-business-days", table[i][0],
                                        table[i][1], NULL), ==, 0);
      g_assert_cmpstr (out, ==, expected);
    }
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "calendar", "add-business-days", "2025-02-30", "1", NULL),
                   ==, 2);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "calendar", "add-business-days", "2025-02-03", "x", NULL),
                   ==, 2);
}

static void
test_folios (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  static const char * const folio_keys[] = { "folio", "uses", "results", NULL };

  CF_TEST_REQUIRE_ENGINE (f);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "folios", "add", "--range",
                                    "0001-0100", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "100 test folios added"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "folios", "add", "0100", "X-1",
                                    NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 test folio added (1 was already there)"));
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "folios", "add", "--range", "9-1",
                                    NULL), ==, 2);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *cert = g_strdup_printf ("cert-%u.xml", i);

      g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "folios", "use", "0007",
                                        "--for", cert, "--result", i == 1 ? "Error: CURP" : "SATISFACTORIO", NULL),
                       ==, 0);
    }
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, &err, "--store", f->location, "folios", "use", "0007",
                                    "--for", "cert-4.xml", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already used 3 times"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, &err, "--store", f->location, "folios", "use", "9999",
                                    "--for", "x", NULL), ==, 1);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "folios", "result", "0007", "1",
                                    "SATISFACTORIO", NULL), ==, 0);

  /* Without a folio: the first never used, then the same one again. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "folios", "use", "--for",
                                    "cert-9.xml", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Test folio 0001: use 1 of 3, for cert-9.xml.\n");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "folios", "use", "--for",
                                    "cert-9.xml", "--result", "SATISFACTORIO", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Test folio 0001: use 2 of 3, for cert-9.xml.\n");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "folios", "status", "--json", NULL),
                   ==, 0);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 101);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *folio = json_array_get_object_element (array, i);

      assert_keys (folio, folio_keys);
      if (g_strcmp0 (json_object_get_string_member (folio, "folio"), "0007") == 0)
        {
          JsonArray *results = json_object_get_array_member (folio, "results");

          g_assert_cmpint (json_object_get_int_member (folio, "uses"), ==, 3);
          g_assert_cmpuint (json_array_get_length (results), ==, 3);
          for (guint j = 0; j < 3; j++)
            g_assert_cmpstr (json_array_get_string_element (results, j), ==, "SATISFACTORIO");
        }
      else if (g_strcmp0 (json_object_get_string_member (folio, "folio"), "0001") == 0)
        {
          JsonArray *results = json_object_get_array_member (folio, "results");

          g_assert_cmpint (json_object_get_int_member (folio, "uses"), ==, 2);
          g_assert_cmpstr (json_array_get_string_element (results, 0), ==, "");
          g_assert_cmpstr (json_array_get_string_element (results, 1), ==, "SATISFACTORIO");
        }
      else
        g_assert_cmpint (json_object_get_int_member (folio, "uses"), ==, 0);
    }
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "folios", "status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "101 test folios; 4 of 10 certificates SATISFACTORIO."));
}

/* folios results FILE: SEP's returned file recorded on each folio's last
 * use; a folio not ours named on stderr; a file with no results refused. */
static void
test_folios_results (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  CF_TEST_REQUIRE_ENGINE (f);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "folios", "add", "--range",
                                    "501-503", NULL), ==, 0);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "folios", "use", "501",
                                    "--for", "A1", NULL), ==, 0);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "folios", "use", "502",
                                    "--for", "A2", NULL), ==, 0);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "folios", "use", "502",
                                    "--for", "A2", NULL), ==, 0);
  file = g_build_filename (f->dir, "respuesta.xml", NULL);
  g_assert_true (g_file_set_contents (file,
                                      "<Respuesta><Certificado><FolioControl>501</FolioControl>"
                                      "<Estatus>SATISFACTORIO</Estatus></Certificado>"
                                      "<Certificado folioControl=\"502\" estatus=\"ERROR\" "
                                      "mensaje=\"Sello inválido\"/>"
                                      "<Certificado folioControl=\"808\" estatus=\"SATISFACTORIO\"/>"
                                      "</Respuesta>", -1, NULL));
  g_assert_cmpint (cf_test_run_cli (NULL, &out, &err, "--store", f->location, "folios", "results", file, NULL),
                   ==, 0);
  g_assert_cmpstr (out, ==, "2 results recorded from the file.\n");
  g_assert_nonnull (strstr (err, "808"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "folios", "status", "--json", NULL),
                   ==, 0);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *folio = json_array_get_object_element (array, i);
      JsonArray *results = json_object_get_array_member (folio, "results");
      const char *name = json_object_get_string_member (folio, "folio");

      if (g_strcmp0 (name, "501") == 0)
        g_assert_cmpstr (json_array_get_string_element (results, 0), ==, "SATISFACTORIO");
      else if (g_strcmp0 (name, "502") == 0)
        {
          /* The last use gets it; the first keeps none. */
          g_assert_cmpstr (json_array_get_string_element (results, 0), ==, "");
          g_assert_cmpstr (json_array_get_string_element (results, 1), ==, "ERROR: Sello inválido");
        }
      else
        g_assert_cmpuint (json_array_get_length (results), ==, 0);
    }

  /* Nothing to read: refused, said why. */
  empty = g_build_filename (f->dir, "vacio.txt", NULL);
  g_assert_true (g_file_set_contents (empty, "sin resultados\n", -1, NULL));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, &err, "--store", f->location, "folios", "results", empty, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "No results were found in the file"));
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "folios", "results", NULL), ==, 2);
}

static void
test_stages (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *stages;
  static const char * const top_keys[] = { "stage", "stages", NULL };
  static const char * const stage_keys[] = { "name", "state", "since", "due", NULL };

  CF_TEST_REQUIRE_ENGINE (f);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "incorporation", "set",
                                    "institucion.nombre", "Universidad Ejemplo", NULL), ==, 0);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "incorporation", "sent", "1",
                                    "--date", "2025-12-15", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2026-01-07"));
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "incorporation", "done",
                                    "registro-institucion", NULL), ==, 0);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "incorporation", "start", "2",
                                    NULL), ==, 0);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "incorporation", "start", "6",
                                    NULL), ==, 2);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "incorporation", "status", "--json",
                                    NULL), ==, 0);
  root = parse_json (out);
  object = json_node_get_object (root);
  assert_keys (object, top_keys);
  g_assert_cmpint (json_object_get_int_member (object, "stage"), ==, 2);
  stages = json_object_get_array_member (object, "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, 5);
  for (guint i = 0; i < 5; i++)
    assert_keys (json_array_get_object_element (stages, i), stage_keys);
  object = json_array_get_object_element (stages, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "registro-institucion");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (object, "since"), ==, "2025-12-15");
  g_assert_cmpstr (json_object_get_string_member (object, "due"), ==, "2026-01-07");
  object = json_array_get_object_element (stages, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "in-progress");
  g_assert_true (json_object_get_null_member (object, "since"));
  object = json_array_get_object_element (stages, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "not-started");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "--store", f->location, "incorporation", "status", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "→ 2. Programa de Estudios: In progress"));
  g_assert_nonnull (strstr (out, "Next: Programa de Estudios:"));
}

/* ---- The logo ---- */

/* incorporation package --out: refused, with everything missing on
 * standard error and no file, until every value is there; --out is
 * required. (Built packages are checked member by member in
 * tests/render/test-inc-package.c.) */
static void
test_package (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *zip = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  zip = g_build_filename (f->dir, "paquete.zip", NULL);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "incorporation", "package", NULL),
                   ==, 2);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "--store", f->location, "incorporation", "set",
                                    "institucion.nombre", "Universidad Ejemplo", NULL), ==, 0);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, &err, "--store", f->location, "incorporation", "package",
                                    "--out", zip, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "The package cannot be built yet. Missing:"));
  g_assert_null (strstr (err, "The institution’s name."));
  g_assert_nonnull (strstr (err, "The institution’s DGP key."));
  g_assert_nonnull (strstr (err, "At least one campus."));
  g_assert_nonnull (strstr (err, "The scan of the Registro de establecimiento educativo."));
  g_assert_false (g_file_test (zip, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* Everything there (as the wizard's pages leave it): built, each member
   * listed, and the zip reads back the same. */
  {
    g_autoptr(CfStore) store = cf_test_store_open (f->location);
    g_autoptr(CfIncorporation) inc = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) members = NULL;
    g_autofree char *out = NULL;
    g_autofree char *cer = NULL, *key = NULL;
    g_autoptr(GBytes) der = NULL;
    g_autoptr(CfCertificate) cert = NULL;
    CfTestCertSpec spec = { .name = "JUAN PEREZ LOPEZ", .serial_ascii = "30001000000500009999", .bits = 1024 };
    const char *values[][2] = {
      { CF_INC_ID_INSTITUCION, "20499" }, { CF_INC_ENLACE, "Ana Muñoz" }, { CF_INC_EMAIL, "ana@ejemplo.edu.mx" },
      { CF_INC_N_CAMPUSES, "1" }, { "campus.1.id_campus", "090101" }, { "campus.1.nombre", "ÚNICO" },
      { "campus.1.entidad", "09" }, { "campus.1.signer", "30001000000500009999" },
    };
    const char *files[] = { CF_INC_LOGO, CF_INC_DOC_NOMBRAMIENTO, CF_INC_DOC_REGISTRO };

    g_assert_true (cf_test_generate_cert (f->dir, "firmante", &spec, &cer, &key, &error));
    der = cf_test_read_file (cer);
    cert = cf_certificate_new_from_bytes (der, &error);
    g_assert_no_error (error);
    g_assert_true (cf_signer_repo_add (store, cert, &error));
    inc = cf_incorporation_load (store, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      g_assert_true (cf_incorporation_set_value (inc, values[i][0], values[i][1], &error));
    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autoptr(GBytes) bytes = g_bytes_new_static (i == 0 ? "\x89PNG\r\n\x1a\n" : "%PDF-1.4 x", i == 0 ? 8 : 10);

        g_assert_true (cf_incorporation_put_file (inc, files[i], i == 0 ? "logo.png" : "escaneo.pdf", NULL, bytes, &error));
        g_assert_no_error (error);
      }
    g_clear_object (&inc);
    g_clear_object (&store);

    g_assert_cmpint (cf_test_run_cli (NULL, &out, &err, "--store", f->location, "incorporation", "package",
                                      "--out", zip, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "01-Registro-de-Institucion.xlsx\t"));
    g_assert_nonnull (strstr (out, "Oficio-campus-090101.pdf\t"));
    g_assert_nonnull (strstr (out, "Firmante-30001000000500009999.cer\t"));
    g_assert_nonnull (strstr (out, "Oficio-de-Nombramiento.pdf\t"));
    g_assert_nonnull (strstr (out, "Logotipo.png\t"));
    g_assert_nonnull (strstr (out, "6 files checked in"));
    members = cf_inc_package_verify (zip, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (members->len, ==, 6);
    g_unlink (cer);
    g_unlink (key);
  }
}

static char *
write_pixbuf (const char *dir,
              const char *name,
              int         width,
              int         height,
              gboolean    alpha,
              gboolean    noise,
              const char *compression)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  gdk_pixbuf_fill (pixbuf, alpha ? 0x00000000 : 0xffffffff);
  if (noise || alpha)
    {
      guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
      int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
      int channels = gdk_pixbuf_get_n_channels (pixbuf);
      GRand *rand = g_rand_new_with_seed (15);

      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            guint8 *p = pixels + y * rowstride + x * channels;

            if (noise)
              for (int c = 0; c < channels; c++)
                p[c] = (guint8) g_rand_int_range (rand, 0, 256);
            else if ((x - width / 2) * (x - width / 2) + (y - height / 2) * (y - height / 2) < width * width / 9)
              {
                p[0] = 200; p[1] = 20; p[2] = 20; p[3] = 255;
              }
          }
      g_rand_free (rand);
    }
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, "compression", compression, NULL));
  g_assert_no_error (error);
  return path;
}

/* The rules that failed on @path (check's JSON), comma-separated. */
static char *
failed_rules (const char *path,
              int         expected_status)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) failed = g_string_new (NULL);
  JsonArray *array;
  static const char * const keys[] = { "rule", "ok", "measured", "expected", NULL };

  g_assert_cmpint (cf_test_run_cli (NULL, &out, NULL, "logo", "check", "--json", path, NULL), ==, expected_status);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 8);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *rule = json_array_get_object_element (array, i);

      assert_keys (rule, keys);
      if (!json_object_get_boolean_member (rule, "ok"))
        g_string_append_printf (failed, "%s%s", failed->len > 0 ? "," : "",
                                json_object_get_string_member (rule, "rule"));
    }
  return g_string_free (g_steal_pointer (&failed), FALSE);
}

static void
assert_fixed (const char *dir,
              const char *path)
{
  g_autofree char *out = g_strconcat (path, ".fixed.png", NULL);
  g_autoptr(GBytes) before = cf_test_read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autofree char *failed = NULL;

  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "logo", "fix", path, "--out", out, NULL), ==, 0);
  failed = failed_rules (out, 0);
  g_assert_cmpstr (failed, ==, "");
  after = cf_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_logo (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *good = write_pixbuf (dir, "good.png", 600, 400, FALSE, FALSE, "9");
  g_autofree char *small = write_pixbuf (dir, "small.png", 120, 80, FALSE, FALSE, "9");
  g_autofree char *transparent = write_pixbuf (dir, "transparent.png", 600, 600, TRUE, FALSE, "9");
  /* 1300 × 1300 of noise, uncompressed: about 5 MB */
  g_autofree char *big = write_pixbuf (dir, "big.png", 1300, 1300, FALSE, TRUE, "0");
  g_autofree char *svg = g_build_filename (dir, "logo.svg", NULL);
  g_autofree char *cmyk = g_build_filename (dir, "cmyk.jpg", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.png", NULL);
  g_autofree char *failed = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (svg,
                                      "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100'>"
                                      "<rect width='200' height='100' fill='white'/>"
                                      "<circle cx='100' cy='50' r='40' fill='navy'/></svg>", -1, NULL));
  g_assert_true (g_file_set_contents (text, "not an image\n", -1, NULL));

  failed = failed_rules (good, 0);
  g_assert_cmpstr (failed, ==, "");
  /* A resolution the file states, below the rule's */
  {
    g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (good, NULL);
    g_autofree char *low = g_build_filename (dir, "low-dpi.png", NULL);

    g_assert_true (gdk_pixbuf_save (pixbuf, low, "png", NULL, "x-dpi", "30", "y-dpi", "30", NULL));
    g_clear_pointer (&failed, g_free);
    failed = failed_rules (low, 1);
    g_assert_cmpstr (failed, ==, "resolution");
    assert_fixed (dir, low);
  }
  g_clear_pointer (&failed, g_free);
  g_clear_pointer (&failed, g_free);
  failed = failed_rules (small, 1);
  g_assert_cmpstr (failed, ==, "pixel-size");
  g_clear_pointer (&failed, g_free);
  failed = failed_rules (transparent, 1);
  g_assert_cmpstr (failed, ==, "transparency,background");
  g_clear_pointer (&failed, g_free);
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (big, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 5000000);
  }
  failed = failed_rules (big, 1);
  g_assert_cmpstr (failed, ==, "file-size,background");
  g_clear_pointer (&failed, g_free);
  failed = failed_rules (svg, 1);
  g_assert_cmpstr (failed, ==, "format,pixel-size");
  g_clear_pointer (&failed, g_free);
  failed = failed_rules (text, 1);
  g_assert_true (g_str_has_prefix (failed, "format,pixel-size,aspect-ratio"));

  /* A CMYK JPEG: gdk-pixbuf converts it silently; its header says CMYK. */
  {
    const char *convert_argv[] = { "convert", "-size", "600x400", "xc:white", "-colorspace", "CMYK", cmyk, NULL };
    g_autofree char *convert = g_find_program_in_path ("convert");

    if (convert != NULL && cf_test_spawn (convert_argv, NULL, NULL, NULL) == 0)
      {
        g_clear_pointer (&failed, g_free);
        failed = failed_rules (cmyk, 1);
        g_assert_cmpstr (failed, ==, "color-mode");
        assert_fixed (dir, cmyk);
      }
    else
      g_test_message ("ImageMagick's convert is missing: no CMYK JPEG");
  }

  assert_fixed (dir, small);
  assert_fixed (dir, transparent);
  assert_fixed (dir, big);
  assert_fixed (dir, svg);

  /* Never over the original; a file that is not an image is refused. */
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, &err, "logo", "fix", small, "--out", small, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "original is never changed"));
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "logo", "fix", text, "--out", cmyk, NULL), ==, 1);
  g_assert_cmpint (cf_test_run_cli (NULL, NULL, NULL, "logo", "fix", small, NULL), ==, 2);

  /* The user's rules file replaces a value. */
  {
    g_autofree char *folder = g_build_filename (data_home, "certifica", NULL);
    g_autofree char *rules = g_build_filename (folder, "reglas-logo.ini", NULL);

    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
    g_assert_true (g_file_set_contents (rules, "[logo]\nmin-pixels=100\n", -1, NULL));
    g_clear_pointer (&failed, g_free);
    failed = failed_rules (small, 1);   /* 80 px high: still too small */
    g_assert_true (g_file_set_contents (rules, "[logo]\nmin-pixels=50\n", -1, NULL));
    g_clear_pointer (&failed, g_free);
    failed = failed_rules (small, 0);
    g_assert_cmpint (g_remove (rules), ==, 0);
  }
  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };
  const char *password = g_getenv ("CF_TEST_PG_PASSWORD");
  int status;

  data_home = cf_test_mkdtemp ();
  /* The CLI (a child) reads the user's files from here, not from $HOME. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (password != NULL)
    g_setenv ("PGPASSWORD", password, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-incorporation/calendar", test_calendar);
  g_test_add_func ("/cli-incorporation/logo", test_logo);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      CF_TEST_ADD_ENGINE_CASE ("cli-incorporation", engines[i], "folios", test_folios);
      CF_TEST_ADD_ENGINE_CASE ("cli-incorporation", engines[i], "folios-results", test_folios_results);
      CF_TEST_ADD_ENGINE_CASE ("cli-incorporation", engines[i], "stages", test_stages);
      CF_TEST_ADD_ENGINE_CASE ("cli-incorporation", engines[i], "package", test_package);
    }
  status = g_test_run ();
  cf_test_rmdir (data_home);
  g_free (data_home);
  return status;
}
