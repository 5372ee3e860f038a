/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli dec cadena / new, run as a subprocess ($CF_CLI) on real files. */
#include "config.h"

#include <string.h>

#include "cf-cadena.h"
#include "cf-dec.h"
#include "cf-dec-gen.h"
#include "cf-dec-schema.h"
#include "cf-dec-xml.h"
#include "cf-finding.h"
#include "cf-test-util.h"

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "dec", name, NULL);
}

static void
test_cadena (void)
{
  g_autofree char *path = data_path ("example-3.0-other.xml");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  const char * const argv[] = { cf_test_cli_path (), "dec", "cadena", path, NULL };

  g_assert_cmpint (cf_test_spawn (argv, NULL, &out, &err), ==, 0);
  expected = cf_cadena_from_file (path, &error);
  g_assert_no_error (error);
  /* The exact bytes: no trailing newline. */
  g_assert_cmpstr (out, ==, expected);
  g_assert_true (g_str_has_suffix (out, "|0.00||"));
  g_assert_cmpstr (err, ==, "");
}

static void
test_cadena_generated (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();

  for (guint32 seed = 1; seed <= 5; seed++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new (seed, 0);
      g_autofree char *path = g_build_filename (dir, "gen.xml", NULL);
      g_autofree char *out = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GError) error = NULL;
      const char * const argv[] = { cf_test_cli_path (), "dec", "cadena", path, NULL };

      g_assert_true (cf_dec_xml_write_file (dec, path, &error));
      expected = cf_cadena_from_dec (dec, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
      g_assert_cmpstr (out, ==, expected);
    }
  cf_test_rmdir (dir);
}

static void
test_cadena_errors (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *pipe_path = g_build_filename (dir, "pipe.xml", NULL);
  g_autofree char *ns_path = g_build_filename (dir, "ns.xml", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autoptr(GError) error = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "ANA|MARÍA");
  g_assert_true (cf_dec_xml_write_file (dec, pipe_path, &error));
  g_assert_true (g_file_set_contents (ns_path, "<Dec xmlns=\"urn:x\" version=\"3.0\"/>", -1, NULL));

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "cadena", pipe_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, &err), ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "/Dec/Alumno/@nombre"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "cadena", ns_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, &err), ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "ns.xml"));
    g_assert_nonnull (strstr (err, "urn:x"));
  }
  {
    g_autofree char *err = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "cadena", missing, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "missing.xml"));
  }
  {
    g_autofree char *err = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "cadena", NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, &err), ==, 2);
    g_assert_nonnull (strstr (err, "Usage"));
  }
  {
    const char * const argv[] = { cf_test_cli_path (), "dec", "cadena", pipe_path, ns_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 2);
  }
  {
    const char * const argv[] = { cf_test_cli_path (), "dec", "nada", NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 2);
  }

  cf_test_rmdir (dir);
}

static void
test_new_example (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = NULL;
  g_autoptr(CfDec) expected = cf_dec_new_example ();
  g_autoptr(GPtrArray) findings = NULL;
  xmlDoc *doc;
  const char * const argv[] = { cf_test_cli_path (), "dec", "new", "--example", NULL };

  g_assert_cmpint (cf_test_spawn (argv, NULL, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\""));

  dec = cf_dec_xml_read_data (out, strlen (out), &error);
  g_assert_no_error (error);
  g_assert_true (cf_dec_equal (dec, expected));
  g_assert_false (cf_dec_is_sealed (dec));
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_SELLO), ==, "");
  g_assert_cmpuint (cf_dec_get_n_asignaturas (dec), ==, 10);

  /* Complete and valid. */
  doc = cf_dec_xml_parse_data (out, strlen (out), NULL, &error);
  g_assert_no_error (error);
  findings = cf_dec_schema_validate_doc (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
  xmlFreeDoc (doc);

  /* What "dec cadena" gives for it is its cadena. */
  {
    g_autofree char *dir = cf_test_mkdtemp ();
    g_autofree char *path = g_build_filename (dir, "example.xml", NULL);
    g_autofree char *cadena = NULL;
    g_autofree char *c = cf_cadena_from_dec (expected, &error);
    const char * const argv2[] = { cf_test_cli_path (), "dec", "cadena", path, NULL };

    g_assert_true (g_file_set_contents (path, out, -1, NULL));
    g_assert_cmpint (cf_test_spawn (argv2, NULL, &cadena, NULL), ==, 0);
    g_assert_cmpstr (cadena, ==, c);
    g_assert_true (g_str_has_prefix (cadena, "||3.0|5|20499|20499|090101|09|PELM800101MDFRPR01|5|"));
    cf_test_rmdir (dir);
  }
}

static void
test_new_usage (void)
{
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "new", NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, &err), ==, 2);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "--example"));
  }
  {
    const char * const argv[] = { cf_test_cli_path (), "dec", "new", "--example", "extra", NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 2);
  }
  {
    g_autofree char *out = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "--help", NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "cadena"));
    g_assert_nonnull (strstr (out, "new"));
  }
  {
    g_autofree char *out = NULL;
    const char * const argv[] = { cf_test_cli_path (), "--help", NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "dec"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/dec/cadena", test_cadena);
  g_test_add_func ("/cli/dec/cadena-generated", test_cadena_generated);
  g_test_add_func ("/cli/dec/cadena-errors", test_cadena_errors);
  g_test_add_func ("/cli/dec/new-example", test_new_example);
  g_test_add_func ("/cli/dec/new-usage", test_new_usage);

  return g_test_run ();
}
