/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Dec model and its XML: formats, round trips, files from other
 * programs, 2.0 files, SEP's nodes and every bad input we can think of. */
#include "config.h"

#include <string.h>
#include <sys/resource.h>

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

static CfDec *
read_data (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  CfDec *dec = cf_dec_xml_read_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dec);
  return dec;
}

static char *
write_string (CfDec *dec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = cf_dec_xml_write_bytes (dec, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  return g_strndup (data, len);
}

/* ------------------------------------------------------------------ */

static void
test_formats_date (void)
{
  GDate date;
  g_autofree char *text = NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 9, G_DATE_APRIL, 2018);
  text = cf_dec_format_date (&date);
  g_assert_cmpstr (text, ==, "2018-04-09T00:00:00");

  g_assert_true (cf_dec_parse_date ("2018-04-09T00:00:00", &date));
  g_assert_cmpint (g_date_get_day (&date), ==, 9);
  g_assert_cmpint (g_date_get_month (&date), ==, 4);
  g_assert_cmpint (g_date_get_year (&date), ==, 2018);
  g_assert_true (cf_dec_parse_date ("2018-04-09", &date));
  g_assert_true (cf_dec_parse_date (" 2020-02-29T13:45:10.5-06:00\n", &date));
  g_assert_true (cf_dec_parse_date ("2020-02-29T00:00:00Z", &date));

  g_assert_false (cf_dec_parse_date ("2023-02-29T00:00:00", &date));   /* not a leap year */
  g_assert_false (cf_dec_parse_date ("2023-13-01", &date));
  g_assert_false (cf_dec_parse_date ("2023-04-31", &date));
  g_assert_false (cf_dec_parse_date ("09/04/2018", &date));
  g_assert_false (cf_dec_parse_date ("2018-04-09T25:00:00", &date));
  g_assert_false (cf_dec_parse_date ("2018-04-09T00:00", &date));
  g_assert_false (cf_dec_parse_date ("2018-04-09x", &date));
  g_assert_false (cf_dec_parse_date ("", &date));
  g_assert_false (cf_dec_parse_date (NULL, &date));
}

static void
test_formats_numbers (void)
{
  static const struct { int hundredths; const char *text; } grades[] = {
    { 800, "8.00" }, { 950, "9.50" }, { 1000, "10" }, { 600, "6.00" }, { 875, "8.75" },
    { 0, "0.00" }, { CF_DEC_GRADE_AC, "AC" },
  };
  int g;
  gint64 v;

  for (gsize i = 0; i < G_N_ELEMENTS (grades); i++)
    {
      g_autofree char *text = cf_dec_format_grade (grades[i].hundredths);

      g_assert_cmpstr (text, ==, grades[i].text);
      g_assert_true (cf_dec_parse_grade (text, &g));
      g_assert_cmpint (g, ==, grades[i].hundredths);
    }

  g_assert_true (cf_dec_parse_grade ("8.5", &g));
  g_assert_cmpint (g, ==, 850);
  g_assert_true (cf_dec_parse_grade ("10.00", &g));
  g_assert_cmpint (g, ==, 1000);
  g_assert_true (cf_dec_parse_grade (" 7.250 ", &g));
  g_assert_cmpint (g, ==, 725);
  g_assert_false (cf_dec_parse_grade ("8.755", &g));
  g_assert_false (cf_dec_parse_grade ("-1", &g));
  g_assert_false (cf_dec_parse_grade ("ocho", &g));
  g_assert_false (cf_dec_parse_grade ("8,5", &g));
  g_assert_false (cf_dec_parse_grade ("", &g));
  g_assert_false (cf_dec_parse_grade ("ac", &g));

  {
    g_autofree char *a = cf_dec_format_decimal (30000, 2);
    g_autofree char *b = cf_dec_format_decimal (725, 1);
    g_autofree char *c = cf_dec_format_decimal (5, 2);
    g_autofree char *d = cf_dec_format_decimal (-150, 2);
    g_autofree char *e = cf_dec_format_decimal (1000, 0);

    g_assert_cmpstr (a, ==, "300.00");
    g_assert_cmpstr (b, ==, "7.2");
    g_assert_cmpstr (c, ==, "0.05");
    g_assert_cmpstr (d, ==, "-1.50");
    g_assert_cmpstr (e, ==, "10");
  }
  g_assert_true (cf_dec_parse_decimal ("300.00", &v));
  g_assert_cmpint (v, ==, 30000);
  g_assert_true (cf_dec_parse_decimal (".5", &v));
  g_assert_cmpint (v, ==, 50);
  g_assert_true (cf_dec_parse_decimal ("-2.5", &v));
  g_assert_cmpint (v, ==, -250);
  g_assert_false (cf_dec_parse_decimal ("1e3", &v));
  g_assert_false (cf_dec_parse_decimal (".", &v));
  g_assert_false (cf_dec_parse_decimal ("9999999999999999", &v));

  g_assert_true (cf_dec_parse_integer (" 45 ", &v));
  g_assert_cmpint (v, ==, 45);
  g_assert_true (cf_dec_parse_integer ("+7", &v));
  g_assert_cmpint (v, ==, 7);
  g_assert_true (cf_dec_parse_integer ("-3", &v));
  g_assert_cmpint (v, ==, -3);
  g_assert_false (cf_dec_parse_integer ("4.0", &v));
  g_assert_false (cf_dec_parse_integer ("", &v));
  g_assert_false (cf_dec_parse_integer ("+-3", &v));
  g_assert_false (cf_dec_parse_integer ("99999999999999999999", &v));
}

static void
test_metadata (void)
{
  CfDecField field;
  CfAsignaturaField afield;
  g_autofree char *path = NULL;
  guint n_cadena = 0, n_required = 0;

  g_assert_cmpstr (cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_CURP), ==, "/Dec/Alumno/@curp");
  g_assert_cmpstr (cf_dec_field_get_path (CF_DEC_FIELD_RESPONSABLE_ID_CARGO), ==, "/Dec/Ipes/Responsable/@idCargo");
  g_assert_cmpstr (cf_dec_element_get_path (CF_DEC_ELEMENT_RESPONSABLE), ==, "/Dec/Ipes/Responsable");
  g_assert_true (cf_dec_field_is_required (CF_DEC_FIELD_ALUMNO_CURP));
  g_assert_true (cf_dec_field_is_required (CF_DEC_FIELD_RESPONSABLE_ID_CARGO));
  g_assert_false (cf_dec_field_is_required (CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO));
  g_assert_false (cf_dec_field_is_required (CF_DEC_FIELD_FOLIO_CONTROL));
  g_assert_false (cf_dec_field_is_required (CF_DEC_FIELD_DREOE_SELLO_DEC));
  g_assert_true (cf_dec_field_is_sep (CF_DEC_FIELD_SEP_IPES_FOLIO_DIGITAL));
  g_assert_cmpint (cf_dec_field_get_value_type (CF_DEC_FIELD_EXPEDICION_FECHA), ==, CF_DEC_VALUE_DATE_TIME);
  g_assert_cmpint (cf_dec_field_get_value_type (CF_DEC_FIELD_ASIGNATURAS_TOTAL), ==, CF_DEC_VALUE_INT);
  g_assert_cmpstr (cf_dec_field_get_catalog (CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION), ==, "idEntidadFederativa");
  g_assert_null (cf_dec_field_get_catalog (CF_DEC_FIELD_ALUMNO_CURP));

  g_assert_true (cf_dec_field_lookup (CF_DEC_ELEMENT_DREOE, "curp", &field));
  g_assert_cmpint (field, ==, CF_DEC_FIELD_DREOE_CURP);
  g_assert_false (cf_dec_field_lookup (CF_DEC_ELEMENT_ALUMNO, "idCargo", &field));
  g_assert_true (cf_asignatura_field_lookup ("creditos", &afield));
  g_assert_cmpint (afield, ==, CF_ASIGNATURA_FIELD_CREDITOS);
  path = cf_asignatura_field_dup_path (CF_ASIGNATURA_FIELD_CALIFICACION, 2);
  g_assert_cmpstr (path, ==, "/Dec/Asignaturas/Asignatura[3]/@calificacion");

  /* 33 values of the 3.0 cadena before the subjects, five per subject. */
  for (guint i = 0; i < CF_DEC_N_FIELDS; i++)
    {
      n_cadena += cf_dec_field_in_cadena (i);
      n_required += cf_dec_field_is_required (i);
    }
  g_assert_cmpuint (n_cadena, ==, 33);
  /* Every attribute except the 13 optional ones outside Asignatura and SEP's 13. */
  g_assert_cmpuint (n_required, ==, CF_DEC_N_FIELDS - 13 - 13);
  n_cadena = 0;
  for (guint i = 0; i < CF_ASIGNATURA_N_FIELDS; i++)
    n_cadena += cf_asignatura_field_in_cadena (i);
  g_assert_cmpuint (n_cadena, ==, 5);
}

static void
test_model (void)
{
  g_autoptr(CfDec) dec = cf_dec_new ();
  g_autoptr(CfDec) copy = NULL;
  g_autoptr(CfAsignatura) a = cf_asignatura_new ();
  g_autoptr(CfAsignatura) b = NULL;
  GDate date;
  gint64 v;
  int g;

  g_assert_cmpint (cf_dec_get_version (dec), ==, CF_DEC_VERSION_3_0);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_VERSION), ==, "3.0");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_TIPO_CERTIFICADO), ==, "5");
  g_assert_null (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_CURP));
  g_assert_false (cf_dec_is_sealed (dec));

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_MAY, 1999);
  cf_dec_set_date (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, &date);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO), ==, "1999-05-01T00:00:00");
  cf_dec_set_integer (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL, 45);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL), ==, "45");
  g_assert_true (cf_dec_get_integer (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL, &v));
  g_assert_cmpint (v, ==, 45);
  cf_dec_set_decimal (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS, 30000);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS), ==, "300.00");
  cf_dec_set_grade (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, 1000);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO), ==, "10");
  cf_dec_set_grade (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, 875);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO), ==, "8.75");
  g_assert_true (cf_dec_get_decimal (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, &v));
  g_assert_cmpint (v, ==, 875);
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, "");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO), ==, "");
  g_assert_false (cf_dec_get_date (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, &date));

  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_ASIGNATURA, "144");
  cf_asignatura_set_grade (a, CF_DEC_GRADE_AC);
  cf_asignatura_set_creditos (a, 700);
  cf_asignatura_set_integer (a, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES, 100);
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA, "266");
  g_assert_cmpstr (cf_asignatura_get (a, CF_ASIGNATURA_FIELD_CALIFICACION), ==, "AC");
  g_assert_cmpstr (cf_asignatura_get (a, CF_ASIGNATURA_FIELD_CREDITOS), ==, "7.00");
  g_assert_cmpstr (cf_asignatura_get (a, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES), ==, "100");
  g_assert_true (cf_asignatura_get_grade (a, &g));
  g_assert_cmpint (g, ==, CF_DEC_GRADE_AC);
  g_assert_true (cf_asignatura_is_complementaria (a));
  b = cf_asignatura_copy (a);
  g_assert_true (cf_asignatura_equal (a, b));
  cf_asignatura_set_grade (b, 1000);
  g_assert_cmpstr (cf_asignatura_get (b, CF_ASIGNATURA_FIELD_CALIFICACION), ==, "10");
  g_assert_false (cf_asignatura_equal (a, b));

  cf_dec_append_asignatura (dec, a);
  cf_dec_append_asignatura (dec, b);
  cf_dec_insert_asignatura (dec, 0, b);
  g_assert_cmpuint (cf_dec_get_n_asignaturas (dec), ==, 3);
  g_assert_true (cf_dec_get_asignatura (dec, 1) == a);
  cf_dec_remove_asignatura (dec, 0);
  g_assert_true (cf_dec_get_asignatura (dec, 0) == a);

  copy = cf_dec_copy (dec);
  g_assert_true (cf_dec_equal (dec, copy));
  /* Deep: changing the copy's subject leaves the original alone. */
  cf_asignatura_set (cf_dec_get_asignatura (copy, 0), CF_ASIGNATURA_FIELD_CICLO, "2019-1");
  g_assert_false (cf_dec_equal (dec, copy));
  g_assert_null (cf_asignatura_get (a, CF_ASIGNATURA_FIELD_CICLO));
  /* Absent and empty differ. */
  g_clear_object (&copy);
  copy = cf_dec_copy (dec);
  cf_dec_set (copy, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, NULL);
  g_assert_false (cf_dec_equal (dec, copy));

  cf_dec_set (dec, CF_DEC_FIELD_SELLO, "abc");
  cf_dec_set (dec, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, "def");
  cf_dec_set (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE, "30001000000500003456");
  g_assert_true (cf_dec_is_sealed (dec));
  cf_dec_clear_seal (dec);
  g_assert_false (cf_dec_is_sealed (dec));
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_SELLO), ==, "");

  cf_dec_clear_asignaturas (dec);
  g_assert_cmpuint (cf_dec_get_n_asignaturas (dec), ==, 0);
}

static void
test_write_format (void)
{
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autofree char *xml = write_string (dec);
  const char *p;

  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" tipoCertificado=\"5\" folioControl="));
  g_assert_true (g_str_has_suffix (xml, "</Dec>\n"));
  /* Elements in the documented order. */
  p = xml;
  {
    static const char * const order[] = {
      "<ServicioFirmante ", "<Ipes ", "<Responsable ", "<Rvoe ", "<Carrera ", "<Alumno ",
      "<Expedicion ", "<Asignaturas ", "<Asignatura ",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
      {
        const char *q = strstr (p, order[i]);

        g_assert_nonnull (q);
        p = q;
      }
  }
  /* Attributes in the documented order, UTF-8 unescaped. */
  g_assert_nonnull (strstr (xml, "<Alumno numeroControl=\"A19000123\" curp=\"LOPA000501MDFPRNA9\" nombre=\"ANA\" primerApellido=\"LÓPEZ\" segundoApellido=\"PÉREZ\" idGenero=\"250\" fechaNacimiento=\"2000-05-01T00:00:00\"/>"));
  g_assert_nonnull (strstr (xml, "sello=\"\" certificadoResponsable=\"\" noCertificadoResponsable=\"\""));
  g_assert_null (strstr (xml, "Dreoe"));
}

static void
test_write_escapes (void)
{
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autoptr(CfDec) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION, "A & B <\"C\"> 'D'");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "  ANA\tMARÍA\r\nDE  LA\nLUZ ");
  xml = write_string (dec);
  /* Blanks in values survive as character references (a raw newline would be normalised by a reader). */
  g_assert_nonnull (strstr (xml, "nombre=\"  ANA&#9;MARÍA&#13;&#10;DE  LA&#10;LUZ \""));
  g_assert_nonnull (strstr (xml, "A &amp; B &lt;&quot;C&quot;&gt; 'D'"));

  back = cf_dec_xml_read_data (xml, strlen (xml), &error);
  g_assert_no_error (error);
  g_assert_true (cf_dec_equal (dec, back));

  /* Text XML cannot carry is refused with the attribute named. */
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "ANA\x01");
  g_assert_null (cf_dec_xml_write_bytes (dec, &error));
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "/Dec/Alumno/@nombre"));
  g_clear_error (&error);
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "ANA");
  cf_asignatura_set (cf_dec_get_asignatura (dec, 1), CF_ASIGNATURA_FIELD_NOMBRE, "\xff\xfe");
  g_assert_null (cf_dec_xml_write_bytes (dec, &error));
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "Asignatura[2]/@nombre"));
}

static void
test_round_trip (void)
{
  for (guint32 seed = 1; seed <= 60; seed++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new (seed, seed % 3 == 0 ? 0 : seed);
      g_autoptr(CfDec) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *first = write_string (dec);
      g_autofree char *second = NULL;

      back = cf_dec_xml_read_data (first, strlen (first), &error);
      g_assert_no_error (error);
      g_assert_true (cf_dec_equal (dec, back));
      second = write_string (back);
      g_assert_cmpstr (first, ==, second);
    }
}

static void
test_write_file (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "out.xml", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "out.xml", NULL);
  g_autoptr(CfDec) dec = cf_dec_gen_new (7, 45);
  g_autoptr(CfDec) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_assert_true (cf_dec_xml_write_file (dec, path, &error));
  g_assert_no_error (error);
  /* Overwrite in place: still one file, no temporary left behind. */
  g_assert_true (cf_dec_xml_write_file (dec, path, &error));
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing))
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  back = cf_dec_xml_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (cf_dec_equal (dec, back));

  g_assert_false (cf_dec_xml_write_file (dec, bad, &error));
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO);

  cf_test_rmdir (dir);
}

static void
test_read_equivalents (void)
{
  g_autoptr(CfDec) plain = read_data ("example-3.0.xml");
  g_autoptr(CfDec) other = read_data ("example-3.0-other.xml");
  g_autofree char *c1 = NULL;
  g_autofree char *c2 = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (cf_dec_get (other, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO), ==, "PÉREZ");
  g_assert_cmpstr (cf_dec_get (other, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION), ==, "UNIVERSIDAD EJEMPLO & ASOCIADOS");
  g_assert_cmpuint (cf_dec_get_n_asignaturas (other), ==, 3);
  g_assert_true (cf_dec_equal (plain, other));

  c1 = cf_cadena_from_dec (plain, &error);
  g_assert_no_error (error);
  c2 = cf_cadena_from_dec (other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c1, ==, c2);

  /* Generated documents rewritten the way another program might. */
  for (guint32 seed = 100; seed < 120; seed++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new (seed, 0);
      g_autoptr(CfDec) back = NULL;
      g_autofree char *xml = write_string (dec);
      g_autofree char *cadena = cf_cadena_from_dec (dec, &error);
      g_autofree char *cadena_back = NULL;
      g_autoptr(GString) variant = g_string_new ("\xEF\xBB\xBF");
      g_auto(GStrv) lines = NULL;

      g_assert_no_error (error);
      /* BOM, a prefix instead of the default namespace, CRLF, comments, no indentation. */
      lines = g_strsplit (xml, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *line = g_strstrip (g_strdup (lines[i]));
          g_autoptr(GString) l = g_string_new (line);

          g_string_replace (l, "<Dec xmlns=\"", "<dec:Dec xmlns:dec=\"", 1);
          g_string_replace (l, "</Dec>", "</dec:Dec>", 1);
          g_string_replace (l, "<Asignatura ", "<dec:Asignatura ", 1);
          g_string_replace (l, "</Asignaturas>", "</dec:Asignaturas>", 1);
          if (!g_str_has_prefix (l->str, "<?xml") && !g_str_has_prefix (l->str, "</") && l->len > 0 &&
              !g_str_has_prefix (l->str, "<dec:"))
            g_string_insert (l, 1, "dec:");
          g_string_append (variant, l->str);
          if (i % 3 == 0)
            g_string_append (variant, "<!-- c -->");
          g_string_append (variant, i % 2 ? "\r\n" : "");
        }
      g_string_replace (variant, "</Ipes>", "</dec:Ipes>", 0);
      back = cf_dec_xml_read_data (variant->str, variant->len, &error);
      g_assert_no_error (error);
      g_assert_true (cf_dec_equal (dec, back));
      cadena_back = cf_cadena_from_dec (back, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (cadena, ==, cadena_back);
    }
}

static void
test_namespaced_attributes_ignored (void)
{
  /* "dec:curp" is not "curp" for XPath, so it is not for the reader either. */
  static const char xml[] =
    "<d:Dec xmlns:d=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" tipoCertificado=\"5\">"
    "<d:Alumno d:curp=\"NOPE\" curp=\"YES\"/><Alumno curp=\"NOT-IN-NS\"/></d:Dec>";
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_dec_xml_read_data (xml, sizeof xml - 1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_CURP), ==, "YES");
  g_assert_null (cf_dec_get (dec, CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD));
  g_assert_cmpuint (cf_dec_get_n_asignaturas (dec), ==, 0);
}

static void
test_version_2 (void)
{
  g_autoptr(CfDec) dec = read_data ("example-2.0.xml");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cf_dec_get_version (dec), ==, CF_DEC_VERSION_2_0);
  g_assert_null (cf_dec_get (dec, CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD));
  g_assert_null (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS));
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_RVOE_NUMERO), ==, "ACUERDO 1980");
  g_assert_cmpuint (cf_dec_get_n_asignaturas (dec), ==, 1);

  /* 2.0 is read, never written. */
  g_assert_null (cf_dec_xml_write_bytes (dec, &error));
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_UNSUPPORTED_VERSION);
}

static void
test_returned (void)
{
  g_autoptr(CfDec) dec = read_data ("returned-3.0.xml");
  g_autoptr(CfDec) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  g_assert_true (cf_dec_has_dreoe (dec));
  g_assert_true (cf_dec_has_sep_ipes (dec));
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_SEP_IPES_FOLIO_DIGITAL), ==, "6d1b3c9a-1111-2222-3333-444455556666");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_DREOE_NO_CERTIFICADO_DREOE), ==, "00001000000500000001");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_DREOE_NOMBRE_COMPLETO), ==, "JUAN GÓMEZ MARTÍNEZ");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_SEP_IPES_FECHA_SEP_IPES), ==, "2023-07-21T09:00:00");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_SEP_IPES_SELLO_SEP_IPES), ==, "U0VQ");

  /* Written back after Asignaturas, and read the same again. */
  xml = write_string (dec);
  g_assert_nonnull (strstr (xml, "</Asignaturas>\n  <Dreoe fechaDreoe="));
  back = cf_dec_xml_read_data (xml, strlen (xml), &error);
  g_assert_no_error (error);
  g_assert_true (cf_dec_equal (dec, back));

  /* A copy keeps them; a plain document has none. */
  {
    g_autoptr(CfDec) copy = cf_dec_copy (dec);
    g_autoptr(CfDec) plain = read_data ("example-3.0.xml");

    g_assert_true (cf_dec_has_dreoe (copy));
    g_assert_false (cf_dec_has_dreoe (plain));
    g_assert_false (cf_dec_has_sep_ipes (plain));
  }
}

/* ------------------------------------------------------------------ */
/* Bad inputs: each one a clear error, never a crash                  */
/* ------------------------------------------------------------------ */

static void
expect_read_error (const char *xml,
                   int         code,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_dec_xml_read_data (xml, strlen (xml), &error);

  g_assert_null (dec);
  g_assert_error (error, CF_DEC_XML_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in “%s”", fragment, error->message);
}

static void
test_bad_malformed (void)
{
  expect_read_error ("", CF_DEC_XML_ERROR_MALFORMED, "empty");
  expect_read_error ("<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><Alumno></Dec>",
                     CF_DEC_XML_ERROR_MALFORMED, "line 1");
  expect_read_error ("this is not XML", CF_DEC_XML_ERROR_MALFORMED, NULL);
  expect_read_error ("\x89PNG\r\n\x1a\n\x01\x02", CF_DEC_XML_ERROR_MALFORMED, NULL);
  expect_read_error ("<?xml version=\"1.0\"?>\n<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" version=\"3.0\"/>",
                     CF_DEC_XML_ERROR_MALFORMED, "line 2");
}

static void
test_bad_not_a_dec (void)
{
  expect_read_error ("<Dec version=\"3.0\"/>", CF_DEC_XML_ERROR_NOT_A_DEC, "namespace");
  expect_read_error ("<Dec xmlns=\"http://www.sat.gob.mx/cfd/4\" version=\"3.0\"/>",
                     CF_DEC_XML_ERROR_NOT_A_DEC, "http://www.sat.gob.mx/cfd/4");
  expect_read_error ("<cfdi:Comprobante xmlns:cfdi=\"http://www.sat.gob.mx/cfd/4\" Version=\"4.0\"/>",
                     CF_DEC_XML_ERROR_NOT_A_DEC, "Comprobante");
  expect_read_error ("<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"4.0\"/>",
                     CF_DEC_XML_ERROR_UNSUPPORTED_VERSION, "4.0");
  expect_read_error ("<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\"/>",
                     CF_DEC_XML_ERROR_UNSUPPORTED_VERSION, NULL);
}

static void
test_bad_entities (void)
{
  static const char laughs[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE Dec [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n"
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" tipoCertificado=\"5\">"
    "<Alumno nombre=\"&lol9;\"/></Dec>\n";
  static const char xxe[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE Dec [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><Alumno nombre=\"&x;\"/></Dec>";
  static const char param[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE Dec [ <!ENTITY % p SYSTEM \"http://example.invalid/evil.dtd\"> %p; ]>\n"
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"/>";
  static const char external_dtd[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE Dec SYSTEM \"http://example.invalid/dec.dtd\">\n"
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" tipoCertificado=\"5\"/>";
  gint64 start = g_get_monotonic_time ();

  expect_read_error (laughs, CF_DEC_XML_ERROR_ENTITIES, "entities");
  expect_read_error (xxe, CF_DEC_XML_ERROR_ENTITIES, NULL);
  expect_read_error (param, CF_DEC_XML_ERROR_ENTITIES, NULL);
  /* Fast: nothing was expanded. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  /* A DOCTYPE without entities is harmless and not fetched (no network). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CfDec) dec = cf_dec_xml_read_data (external_dtd, sizeof external_dtd - 1, &error);

    g_assert_no_error (error);
    g_assert_nonnull (dec);
  }
}

static long
max_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static void
test_bad_large (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "huge.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = NULL;
  xmlDoc *doc;
  FILE *f;
  long rss_before;

  /* A real 50 MB file: a Dec whose comment goes on and on. */
  f = fopen (path, "wb");
  g_assert_nonnull (f);
  fputs ("<?xml version=\"1.0\"?>\n<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><!--", f);
  {
    char block[65536];

    memset (block, 'x', sizeof block);
    for (guint i = 0; i < 50 * 16; i++)
      fwrite (block, 1, sizeof block, f);
  }
  fputs ("--></Dec>\n", f);
  fclose (f);

  rss_before = max_rss_kb ();
  dec = cf_dec_xml_read_file (path, &error);
  g_assert_null (dec);
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.xml"));
  g_clear_error (&error);
  /* Refused before reading: the peak memory did not grow by the file's size. */
  g_assert_cmpint (max_rss_kb () - rss_before, <, 20 * 1024);

  doc = cf_dec_xml_parse_data ("x", CF_DEC_XML_MAX_SIZE + 1, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE);

  cf_test_rmdir (dir);
}

static void
test_bad_files (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (dir, "nope.xml", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.xml", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (cf_dec_xml_read_file (missing, &error));
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "nope.xml"));
  g_clear_error (&error);

  g_assert_null (cf_dec_xml_read_file (dir, &error));
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_null (cf_dec_xml_read_file (empty, &error));
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "empty.xml"));

  cf_test_rmdir (dir);
}

static void
test_truncated (void)
{
  /* Every prefix of a real document: an error or a model, never a crash. */
  g_autoptr(CfDec) dec = cf_dec_gen_new (3, 5);
  g_autofree char *xml = write_string (dec);
  gsize len = strlen (xml);

  for (gsize i = 0; i < len; i += 7)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CfDec) part = cf_dec_xml_read_data (xml, i, &error);

      g_assert_true ((part == NULL) != (error == NULL));
    }
}


/* The direct writer gives exactly what libxml2 serialises from cf_dec_xml_to_doc(). */
static void
assert_writer_matches_libxml (CfDec *dec)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fast = write_string (dec);
  xmlDoc *doc = cf_dec_xml_to_doc (dec, &error);
  xmlChar *buffer = NULL;
  int length = 0;

  g_assert_no_error (error);
  xmlDocDumpFormatMemoryEnc (doc, &buffer, &length, "UTF-8", 1);
  g_assert_cmpstr (fast, ==, (const char *) buffer);
  xmlFree (buffer);
  xmlFreeDoc (doc);
}

static void
test_write_matches_libxml (void)
{
  g_autoptr(CfDec) example = cf_dec_new_example ();
  g_autoptr(CfDec) returned = read_data ("returned-3.0.xml");
  g_autoptr(CfDec) odd = cf_dec_new_example ();
  g_autoptr(CfDec) empty = cf_dec_new ();

  assert_writer_matches_libxml (example);
  assert_writer_matches_libxml (returned);
  assert_writer_matches_libxml (empty);

  cf_dec_set (odd, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION, "A & B <\"C\"> 'D' &amp; &#38; ]]>");
  cf_dec_set (odd, CF_DEC_FIELD_ALUMNO_NOMBRE, "  ANA\tMARÍA\r\nDE  LA\nLUZ \xF0\x9F\x8E\x93 \xC2\xA0");
  cf_dec_set (odd, CF_DEC_FIELD_FOLIO_CONTROL, "");
  cf_dec_clear_asignaturas (odd);
  assert_writer_matches_libxml (odd);

  for (guint32 seed = 1; seed <= 60; seed++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new (seed, 0);

      assert_writer_matches_libxml (dec);
    }
}

/* The tree-less reader and parse + read_doc agree on everything. */
static void
assert_readers_agree (const char *xml,
                      gssize      length)
{
  g_autoptr(GError) sax_error = NULL;
  g_autoptr(GError) dom_error = NULL;
  g_autoptr(CfDec) sax = NULL;
  g_autoptr(CfDec) dom = NULL;
  gsize len = length < 0 ? strlen (xml) : (gsize) length;
  xmlDoc *doc;

  sax = cf_dec_xml_read_data (xml, len, &sax_error);
  doc = cf_dec_xml_parse_data (xml, len, NULL, &dom_error);
  if (doc != NULL)
    {
      dom = cf_dec_xml_read_doc (doc, &dom_error);
      xmlFreeDoc (doc);
    }

  if (dom != NULL)
    {
      g_assert_no_error (sax_error);
      g_assert_nonnull (sax);
      g_assert_true (cf_dec_equal (sax, dom));
    }
  else
    {
      g_assert_null (sax);
      g_assert_nonnull (sax_error);
      g_assert_nonnull (dom_error);
      g_assert_true (sax_error->domain == dom_error->domain);
      g_assert_cmpint (sax_error->code, ==, dom_error->code);
      g_assert_cmpstr (sax_error->message, ==, dom_error->message);
    }
}

static void
test_readers_agree (void)
{
  static const char * const files[] = {
    "example-3.0.xml", "example-3.0-other.xml", "example-2.0.xml", "returned-3.0.xml",
  };
  static const char * const texts[] = {
    /* [0] "&" in every spelling, and text that looks like its encoding. */
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\">"
    "<Alumno nombre=\"A &amp; B &#38; C &#x26; &amp;#38; &#38;#38; &lt;&gt;&quot;&apos;\" curp=\"&#9;X&#10;\"/>"
    "<Asignaturas><Asignatura nombre=\"&amp;&amp;\" ciclo=\"&#38;\"/></Asignaturas></Dec>",
    /* Duplicates: the first of each; Responsable only under the first Ipes; Asignatura only under the first Asignaturas. */
    "<d:Dec xmlns:d=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\">"
    "<d:Ipes idCampus=\"1\"><d:Responsable curp=\"A\"/><d:Responsable curp=\"B\"/></d:Ipes>"
    "<d:Ipes idCampus=\"2\"><d:Responsable curp=\"C\"/></d:Ipes>"
    "<d:Responsable curp=\"D\"/><d:Alumno nombre=\"X\"><d:Alumno nombre=\"Y\"/></d:Alumno>"
    "<d:Asignaturas total=\"1\"><d:Asignatura idAsignatura=\"1\"/><x:Asignatura xmlns:x=\"urn:x\" idAsignatura=\"9\"/>"
    "<d:Otro><d:Asignatura idAsignatura=\"8\"/></d:Otro><d:Asignatura idAsignatura=\"2\"/></d:Asignaturas>"
    "<d:Asignaturas total=\"2\"><d:Asignatura idAsignatura=\"3\"/></d:Asignaturas>"
    "<d:Asignatura idAsignatura=\"7\"/><d:Dec version=\"9\"/><d:SepIpes/><d:Dreoe curp=\"Z\"/><d:Dreoe curp=\"W\"/></d:Dec>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"2.0\"/>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\" 3.0 \" tipoCertificado=\"\"/>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.1\"/>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\"/>",
    "<Dec xmlns=\"urn:other\" version=\"3.0\"/>",
    "<Dec version=\"3.0\"/>",
    "<Otro/>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><Alumno></Dec>",
    "<Otro><Alumno></Otro>",
    "<!DOCTYPE Dec [<!ENTITY a \"x\">]><Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"/>",
    "<!DOCTYPE Dec><Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"/>",
    /* [13] */
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><Alumno nombre=\"PE\xd1" "A\"/></Dec>",
    "\xEF\xBB\xBF<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"/>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><Alumno nombre=\"&undefined;\"/></Dec>",
    "   ",
    "<!-- only a comment -->",
    "x",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "dec", files[i], NULL);
      g_autofree char *text = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      assert_readers_agree (text, (gssize) len);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_readers_agree (texts[i], -1);

  for (guint32 seed = 200; seed < 260; seed++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new (seed, 0);
      g_autofree char *xml = write_string (dec);
      g_autoptr(CfDec) back = NULL;
      g_autoptr(GError) error = NULL;

      assert_readers_agree (xml, -1);
      back = cf_dec_xml_read_data (xml, strlen (xml), &error);
      g_assert_no_error (error);
      g_assert_true (cf_dec_equal (dec, back));
      /* Every prefix of it too. */
      if (seed % 10 == 0)
        for (gsize cut = 0; cut < strlen (xml); cut += 13)
          assert_readers_agree (xml, (gssize) cut);
    }

  /* The ISO-8859-1 document came out as UTF-8. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CfDec) dec = cf_dec_xml_read_data (texts[13], strlen (texts[13]), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_NOMBRE), ==, "PEÑA");
  }
  /* And "&" arrived as "&", whatever the spelling. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CfDec) dec = cf_dec_xml_read_data (texts[0], strlen (texts[0]), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_NOMBRE), ==, "A & B & C & &#38; &#38; <>\"'");
    g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_CURP), ==, "\tX\n");
    g_assert_cmpstr (cf_asignatura_get (cf_dec_get_asignatura (dec, 0), CF_ASIGNATURA_FIELD_NOMBRE), ==, "&&");
    g_assert_cmpstr (cf_asignatura_get (cf_dec_get_asignatura (dec, 0), CF_ASIGNATURA_FIELD_CICLO), ==, "&");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dec/formats/date", test_formats_date);
  g_test_add_func ("/core/dec/formats/numbers", test_formats_numbers);
  g_test_add_func ("/core/dec/metadata", test_metadata);
  g_test_add_func ("/core/dec/model", test_model);
  g_test_add_func ("/core/dec/write/format", test_write_format);
  g_test_add_func ("/core/dec/write/escapes", test_write_escapes);
  g_test_add_func ("/core/dec/write/file", test_write_file);
  g_test_add_func ("/core/dec/write/matches-libxml", test_write_matches_libxml);
  g_test_add_func ("/core/dec/round-trip", test_round_trip);
  g_test_add_func ("/core/dec/read/readers-agree", test_readers_agree);
  g_test_add_func ("/core/dec/read/equivalents", test_read_equivalents);
  g_test_add_func ("/core/dec/read/namespaced-attributes", test_namespaced_attributes_ignored);
  g_test_add_func ("/core/dec/read/version-2", test_version_2);
  g_test_add_func ("/core/dec/read/returned", test_returned);
  g_test_add_func ("/core/dec/bad/malformed", test_bad_malformed);
  g_test_add_func ("/core/dec/bad/not-a-dec", test_bad_not_a_dec);
  g_test_add_func ("/core/dec/bad/entities", test_bad_entities);
  g_test_add_func ("/core/dec/bad/large", test_bad_large);
  g_test_add_func ("/core/dec/bad/files", test_bad_files);
  g_test_add_func ("/core/dec/bad/truncated", test_truncated);

  return g_test_run ();
}
