/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cadena original: its shape, normalisation, errors, the 2.0 shape, and
 * byte-for-byte agreement with data/xslt/cadena-dec-3.0.xslt run by xsltproc. */
#include "config.h"

#include <string.h>

#include "cf-cadena.h"
#include "cf-dec.h"
#include "cf-dec-gen.h"
#include "cf-dec-xml.h"
#include "cf-test-util.h"

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "dec", name, NULL);
}

static char *
xslt_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "xslt", "cadena-dec-3.0.xslt", NULL);
}

static void
test_example_shape (void)
{
  g_autofree char *path = data_path ("example-3.0.xml");
  g_autoptr(GError) error = NULL;
  g_autofree char *cadena = cf_cadena_from_file (path, &error);

  g_assert_no_error (error);
  /* Section 3's example shape, with this file's values. */
  g_assert_cmpstr (cadena, ==,
                   "||3.0|5|20499|20499|090101|09|PELM800101MDFRPR01|1|20180409|2018-04-09T00:00:00"
                   "|14|93|2017|81|5|10|6.00|A17000123|LOPA990501MDFPRN06|ANA|LÓPEZ|PÉREZ|250"
                   "|1999-05-01T00:00:00|79|2023-07-10T00:00:00|09|2|2|7.50|15.00|15.00|1"
                   "|144|2018-1|8.00|263|7.00"
                   "|145|2018-1|7.00|263|8.00"
                   "|146|2018-1|AC|266|0.00||");
}

static void
test_model_matches_file (void)
{
  g_autofree char *path = data_path ("example-3.0-other.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_dec_xml_read_file (path, &error);
  g_autofree char *from_file = NULL;
  g_autofree char *from_dec = NULL;
  xmlDoc *doc;
  g_autofree char *from_doc = NULL;

  g_assert_no_error (error);
  from_file = cf_cadena_from_file (path, &error);
  g_assert_no_error (error);
  from_dec = cf_cadena_from_dec (dec, &error);
  g_assert_no_error (error);
  doc = cf_dec_xml_parse_file (path, &error);
  g_assert_no_error (error);
  from_doc = cf_cadena_from_doc (doc, &error);
  g_assert_no_error (error);
  xmlFreeDoc (doc);

  g_assert_cmpstr (from_file, ==, from_dec);
  g_assert_cmpstr (from_file, ==, from_doc);
  g_assert_true (g_str_has_prefix (from_file, "||3.0|5|20499|"));
}

static void
test_normalize (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "ANA", "ANA" },
    { "  ANA  ", "ANA" },
    { "ANA\tMARÍA", "ANA MARÍA" },
    { "\r\n ANA \t\r\n MARÍA \n", "ANA MARÍA" },
    { "DE   LA    CRUZ", "DE LA CRUZ" },
    { " \t\r\n ", "" },
    { "", "" },
    /* A no-break space and other Unicode spaces are not XML blanks: kept, as normalize-space() does. */
    { "ANA\xC2\xA0MARÍA", "ANA\xC2\xA0MARÍA" },
    { "\xE2\x80\x83X", "\xE2\x80\x83X" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = cf_cadena_normalize_value (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
  {
    g_autofree char *out = cf_cadena_normalize_value (NULL);

    g_assert_cmpstr (out, ==, "");
  }
}

static void
test_empty_slots (void)
{
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autoptr(GError) error = NULL;
  g_autofree char *absent = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *blank = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, NULL);
  absent = cf_cadena_from_dec (dec, &error);
  g_assert_no_error (error);
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, "");
  empty = cf_cadena_from_dec (dec, &error);
  g_assert_no_error (error);
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, " \t ");
  blank = cf_cadena_from_dec (dec, &error);
  g_assert_no_error (error);

  g_assert_nonnull (strstr (absent, "|ANA|LÓPEZ||250|"));
  g_assert_cmpstr (absent, ==, empty);
  g_assert_cmpstr (absent, ==, blank);

  /* Messy names normalise into the same cadena as clean ones. */
  {
    g_autofree char *clean = NULL;
    g_autofree char *messy = NULL;

    cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "MARÍA FERNANDA");
    clean = cf_cadena_from_dec (dec, &error);
    cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "\n MARÍA\t\t FERNANDA\r\n");
    messy = cf_cadena_from_dec (dec, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (clean, ==, messy);
  }

  /* A subject's optional attributes are not in the cadena; its required ones keep their slots. */
  {
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    CfAsignatura *a = cf_dec_get_asignatura (dec, 0);

    before = cf_cadena_from_dec (dec, &error);
    cf_asignatura_set (a, CF_ASIGNATURA_FIELD_NOMBRE, "OTRO NOMBRE");
    cf_asignatura_set (a, CF_ASIGNATURA_FIELD_OBSERVACIONES, NULL);
    after = cf_cadena_from_dec (dec, &error);
    g_assert_cmpstr (before, ==, after);
    cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CICLO, NULL);
    g_free (after);
    after = cf_cadena_from_dec (dec, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (after, "|500101||9.00|263|8.00|"));
  }
}

static void
test_pipe_error (void)
{
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cadena = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO, "LÓPEZ|PÉREZ");
  cadena = cf_cadena_from_dec (dec, &error);
  g_assert_null (cadena);
  g_assert_error (error, CF_CADENA_ERROR, CF_CADENA_ERROR_PIPE);
  g_assert_nonnull (strstr (error->message, "/Dec/Alumno/@primerApellido"));
  g_clear_error (&error);

  /* Outside the cadena a "|" does not matter here (semantic validation reports it). */
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO, "LÓPEZ");
  cf_dec_set (dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION, "A|B");
  cadena = cf_cadena_from_dec (dec, &error);
  g_assert_no_error (error);
  g_clear_pointer (&cadena, g_free);

  cf_asignatura_set (cf_dec_get_asignatura (dec, 2), CF_ASIGNATURA_FIELD_CALIFICACION, "|");
  cadena = cf_cadena_from_dec (dec, &error);
  g_assert_null (cadena);
  g_assert_error (error, CF_CADENA_ERROR, CF_CADENA_ERROR_PIPE);
  g_assert_nonnull (strstr (error->message, "/Dec/Asignaturas/Asignatura[3]/@calificacion"));
  g_clear_error (&error);

  /* From a file too. */
  {
    static const char xml[] =
      "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" tipoCertificado=\"5\">"
      "<Rvoe numero=\"2018|04\"/></Dec>";
    xmlDoc *doc = cf_dec_xml_parse_data (xml, sizeof xml - 1, NULL, &error);

    g_assert_no_error (error);
    cadena = cf_cadena_from_doc (doc, &error);
    xmlFreeDoc (doc);
    g_assert_null (cadena);
    g_assert_error (error, CF_CADENA_ERROR, CF_CADENA_ERROR_PIPE);
    g_assert_nonnull (strstr (error->message, "/Dec/Rvoe/@numero"));
  }
}

static void
test_version_2 (void)
{
  g_autofree char *path = data_path ("example-2.0.xml");
  g_autoptr(GError) error = NULL;
  g_autofree char *cadena = cf_cadena_from_file (path, &error);
  g_auto(GStrv) parts = NULL;

  g_assert_no_error (error);
  /* No idEntidad after tipoCertificado, two empty slots after fechaNacimiento,
   * no numeroCiclos before the subjects. */
  g_assert_cmpstr (cadena, ==,
                   "||2.0|5|20499|090101|09|PELM800101MDFRPR01|1|ACUERDO 1980|1980-01-01T00:00:00"
                   "|14|91|2010|81|5|10|6.00|9912|LOPA990501MDFPRN06|ANA|LÓPEZ||250|1999-05-01T00:00:00"
                   "|||80|2016-07-10T00:00:00|09|1|1|10|300.00|8.00"
                   "|144|2015-1|10|263|8.00||");
  parts = g_strsplit (cadena, "|", -1);
  /* "" + "" + 33 values + 5 per subject + "" + "" */
  g_assert_cmpuint (g_strv_length (parts), ==, 2 + 33 + 5 + 2);
}

static void
test_bad_documents (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "wrong.xml", NULL);
  g_autofree char *cadena = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_VERSION, "4.0");
  g_assert_null (cf_cadena_from_dec (dec, &error));
  g_assert_error (error, CF_CADENA_ERROR, CF_CADENA_ERROR_UNSUPPORTED_VERSION);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "<Dec xmlns=\"urn:other\" version=\"3.0\"/>", -1, NULL));
  cadena = cf_cadena_from_file (path, &error);
  g_assert_null (cadena);
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_NOT_A_DEC);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\">", -1, NULL));
  cadena = cf_cadena_from_file (path, &error);
  g_assert_null (cadena);
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED);

  cf_test_rmdir (dir);
}

/* Generated documents, written to files, cadena by C and by xsltproc. */
#define N_DOCUMENTS 300

static void
test_xslt_equivalence (void)
{
  g_autofree char *xsltproc = g_find_program_in_path ("xsltproc");
  g_autofree char *xslt = xslt_path ();
  g_autofree char *dir = NULL;
  g_autoptr(GString) list = g_string_new ("<files>\n");
  g_autofree char *list_path = NULL;
  g_autofree char *batch_xslt_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) results = NULL;
  guint with_ac = 0, with_complementaria = 0, with_messy = 0, with_enye = 0, without_second = 0;
  int status;

  if (xsltproc == NULL)
    {
      g_test_skip ("xsltproc is not installed");
      return;
    }

  dir = cf_test_mkdtemp ();
  for (guint32 seed = 1; seed <= N_DOCUMENTS; seed++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new (seed * 7919u, seed % 10 == 0 ? 120 : 0);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("dec-%03u.xml", seed);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *cadena = NULL;
      g_autofree char *cadena_file = NULL;
      const char *second = cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO);

      g_assert_true (cf_dec_xml_write_file (dec, path, &error));
      g_assert_no_error (error);
      cadena = cf_cadena_from_dec (dec, &error);
      g_assert_no_error (error);
      cadena_file = cf_cadena_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (cadena, ==, cadena_file);

      /* What the corpus covers, so the comparison means something. */
      with_ac += strstr (cadena, "|AC|") != NULL;
      with_complementaria += strstr (cadena, "|266|") != NULL;
      with_enye += strstr (cadena, "Ñ") != NULL;
      without_second += second == NULL || strspn (second, " \t\r\n") == strlen (second);
      {
        g_autofree char *xml = NULL;

        g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
        with_messy += strstr (xml, "&#9;") != NULL || strstr (xml, "&#10;") != NULL || strstr (xml, "  ") != NULL;
      }

      g_ptr_array_add (expected, g_steal_pointer (&cadena));
      g_string_append_printf (list, "  <file>%s</file>\n", path);
    }
  g_string_append (list, "</files>\n");

  g_assert_cmpuint (with_ac, >, 20);
  g_assert_cmpuint (with_complementaria, >, 20);
  g_assert_cmpuint (with_enye, >, 20);
  g_assert_cmpuint (without_second, >, 10);
  g_assert_cmpuint (with_messy, >, 20);

  /* One xsltproc run: a wrapper stylesheet imports the real one and applies
   * it to each listed document, ending each result with a newline (which a
   * cadena never contains: every value is whitespace-normalised). */
  list_path = g_build_filename (dir, "list.xml", NULL);
  g_assert_true (g_file_set_contents (list_path, list->str, -1, NULL));
  batch_xslt_path = g_build_filename (dir, "batch.xslt", NULL);
  {
    g_autofree char *uri = g_filename_to_uri (xslt, NULL, NULL);
    g_autofree char *batch = g_strdup_printf (
      "<?xml version=\"1.0\"?>\n"
      "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
      "  <xsl:import href=\"%s\"/>\n"
      "  <xsl:output method=\"text\" encoding=\"UTF-8\"/>\n"
      "  <xsl:template match=\"/\">\n"
      "    <xsl:choose>\n"
      "      <xsl:when test=\"files\">\n"
      "        <xsl:for-each select=\"files/file\">\n"
      "          <xsl:apply-templates select=\"document(string(.))\"/>\n"
      "          <xsl:text>&#10;</xsl:text>\n"
      "        </xsl:for-each>\n"
      "      </xsl:when>\n"
      "      <xsl:otherwise><xsl:apply-imports/></xsl:otherwise>\n"
      "    </xsl:choose>\n"
      "  </xsl:template>\n"
      "</xsl:stylesheet>\n", uri);

    g_assert_true (g_file_set_contents (batch_xslt_path, batch, -1, NULL));
  }

  {
    const char * const argv[] = { xsltproc, "--nonet", batch_xslt_path, list_path, NULL };

    status = cf_test_spawn (argv, NULL, &out, &err);
  }
  if (status != 0)
    g_error ("xsltproc failed (%d): %s", status, err);

  results = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (results), ==, N_DOCUMENTS + 1);
  g_assert_cmpstr (results[N_DOCUMENTS], ==, "");
  for (guint i = 0; i < N_DOCUMENTS; i++)
    if (strcmp (results[i], g_ptr_array_index (expected, i)) != 0)
      g_error ("document %u: the XSLT gives\n%s\nand C gives\n%s", i + 1,
               results[i], (const char *) g_ptr_array_index (expected, i));

  /* And the plain stylesheet on one file, as peers run it, without the wrapper. */
  {
    g_autofree char *one = g_build_filename (dir, "dec-001.xml", NULL);
    g_autofree char *single = NULL;
    const char * const argv[] = { xsltproc, "--nonet", xslt, one, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &single, NULL), ==, 0);
    g_assert_cmpstr (single, ==, g_ptr_array_index (expected, 0));
  }

  /* Other writers' files: the hand-written equivalents too. */
  {
    g_autofree char *other = data_path ("example-3.0-other.xml");
    g_autofree char *single = NULL;
    g_autofree char *c = NULL;
    g_autoptr(GError) error = NULL;
    const char * const argv[] = { xsltproc, "--nonet", xslt, other, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &single, NULL), ==, 0);
    c = cf_cadena_from_file (other, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (single, ==, c);
  }

  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/cadena/example-shape", test_example_shape);
  g_test_add_func ("/core/cadena/model-matches-file", test_model_matches_file);
  g_test_add_func ("/core/cadena/normalize", test_normalize);
  g_test_add_func ("/core/cadena/empty-slots", test_empty_slots);
  g_test_add_func ("/core/cadena/pipe", test_pipe_error);
  g_test_add_func ("/core/cadena/version-2", test_version_2);
  g_test_add_func ("/core/cadena/bad-documents", test_bad_documents);
  g_test_add_func ("/core/cadena/xslt-equivalence", test_xslt_equivalence);

  return g_test_run ();
}
