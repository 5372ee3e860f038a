/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema step (data/xsd/dec-3.0.xsd) and the findings it returns. */
#include "config.h"

#include <string.h>

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

static GPtrArray *
validate_text (const char *xml)
{
  g_autoptr(GError) error = NULL;
  xmlDoc *doc = cf_dec_xml_parse_data (xml, strlen (xml), NULL, &error);
  GPtrArray *findings;

  g_assert_no_error (error);
  findings = cf_dec_schema_validate_doc (doc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (findings);
  xmlFreeDoc (doc);
  return findings;
}

static GPtrArray *
validate_dec (CfDec *dec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = cf_dec_xml_write_bytes (dec, &error);
  g_autofree char *xml = NULL;

  g_assert_no_error (error);
  xml = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return validate_text (xml);
}

static char *
example_text (void)
{
  g_autofree char *path = data_path ("example-3.0.xml");
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  GString *s = g_string_new (text);

  g_assert_cmpuint (g_string_replace (s, from, to, 1), ==, 1);
  return g_string_free (s, FALSE);
}

static void
dump (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *f = g_ptr_array_index (findings, i);

      g_test_message ("%s %s %s", cf_finding_get_code (f), cf_finding_get_path (f), cf_finding_get_message (f));
    }
}

/* Exactly one finding, with this code and path. */
static CfFinding *
assert_one (GPtrArray  *findings,
            const char *code,
            const char *path)
{
  CfFinding *f;

  dump (findings);
  g_assert_cmpuint (findings->len, ==, 1);
  f = g_ptr_array_index (findings, 0);
  g_assert_cmpstr (cf_finding_get_code (f), ==, code);
  g_assert_cmpstr (cf_finding_get_path (f), ==, path);
  g_assert_cmpint (cf_finding_get_severity (f), ==, CF_FINDING_ERROR);
  g_assert_true (cf_finding_is_error (f));
  g_assert_cmpstr (cf_finding_get_message (f), !=, "");
  return f;
}

static void
test_valid (void)
{
  static const char * const files[] = { "example-3.0.xml", "example-3.0-other.xml", "returned-3.0.xml" };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = data_path (files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) findings = cf_dec_schema_validate_file (path, &error);

      g_assert_no_error (error);
      dump (findings);
      g_assert_cmpuint (findings->len, ==, 0);
      g_assert_false (cf_finding_list_has_errors (findings));
    }

  {
    g_autoptr(CfDec) example = cf_dec_new_example ();
    g_autoptr(GPtrArray) findings = validate_dec (example);

    dump (findings);
    g_assert_cmpuint (findings->len, ==, 0);
  }

  for (guint32 seed = 1; seed <= 40; seed++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new (seed, 0);
      g_autoptr(GPtrArray) findings = validate_dec (dec);

      dump (findings);
      g_assert_cmpuint (findings->len, ==, 0);
    }
}

static void
test_optional_absent (void)
{
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autoptr(GPtrArray) findings = NULL;
  static const CfDecField optional[] = {
    CF_DEC_FIELD_FOLIO_CONTROL, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION, CF_DEC_FIELD_IPES_CAMPUS,
    CF_DEC_FIELD_IPES_ENTIDAD_FEDERATIVA, CF_DEC_FIELD_RESPONSABLE_SEGUNDO_APELLIDO,
    CF_DEC_FIELD_RESPONSABLE_CARGO, CF_DEC_FIELD_CARRERA_CLAVE_CARRERA, CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA,
    CF_DEC_FIELD_CARRERA_TIPO_PERIODO, CF_DEC_FIELD_CARRERA_NIVEL_ESTUDIOS,
    CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, CF_DEC_FIELD_EXPEDICION_TIPO_CERTIFICACION,
    CF_DEC_FIELD_EXPEDICION_LUGAR_EXPEDICION,
  };
  static const CfAsignaturaField optional_subject[] = {
    CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA, CF_ASIGNATURA_FIELD_NOMBRE, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES,
    CF_ASIGNATURA_FIELD_OBSERVACIONES, CF_ASIGNATURA_FIELD_TIPO_ASIGNATURA,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      g_assert_false (cf_dec_field_is_required (optional[i]));
      cf_dec_set (dec, optional[i], NULL);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (optional_subject); i++)
    cf_asignatura_set (cf_dec_get_asignatura (dec, 0), optional_subject[i], NULL);

  findings = validate_dec (dec);
  dump (findings);
  g_assert_cmpuint (findings->len, ==, 0);
}

static void
test_missing_attribute (void)
{
  /* Every required attribute, one at a time: a finding that names it. */
  for (guint field = 0; field < CF_DEC_N_FIELDS; field++)
    {
      g_autoptr(CfDec) dec = NULL;
      g_autoptr(GPtrArray) findings = NULL;
      CfFinding *f;

      /* Without a version there is nothing to write; tested on text below. */
      if (!cf_dec_field_is_required (field) || field == CF_DEC_FIELD_VERSION)
        continue;
      dec = cf_dec_new_example ();
      cf_dec_set (dec, field, NULL);
      findings = validate_dec (dec);
      f = assert_one (findings, CF_FINDING_SCHEMA_MISSING_ATTRIBUTE, cf_dec_field_get_path (field));
      g_assert_nonnull (strstr (cf_finding_get_message (f), cf_dec_field_get_attribute (field)));
      g_assert_nonnull (strstr (cf_finding_get_message (f),
                                cf_dec_element_get_name (cf_dec_field_get_element (field))));
    }

  {
    g_autofree char *text = example_text ();
    g_autofree char *xml = replace (text, " version=\"3.0\"", "");
    g_autoptr(GPtrArray) findings = validate_text (xml);

    assert_one (findings, CF_FINDING_SCHEMA_MISSING_ATTRIBUTE, "/Dec/@version");
  }

  for (guint field = 0; field < CF_ASIGNATURA_N_FIELDS; field++)
    {
      g_autoptr(CfDec) dec = NULL;
      g_autoptr(GPtrArray) findings = NULL;
      g_autofree char *path = NULL;

      if (!cf_asignatura_field_is_required (field))
        continue;
      dec = cf_dec_new_example ();
      cf_asignatura_set (cf_dec_get_asignatura (dec, 3), field, NULL);
      findings = validate_dec (dec);
      path = cf_asignatura_field_dup_path (field, 3);
      assert_one (findings, CF_FINDING_SCHEMA_MISSING_ATTRIBUTE, path);
    }
}

static void
test_bad_types (void)
{
  static const struct { CfDecField field; const char *value; } cases[] = {
    { CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, "01/05/1999" },
    { CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, "1999-05-01" },        /* a date without the time */
    { CF_DEC_FIELD_EXPEDICION_FECHA, "2023-02-30T00:00:00" },
    { CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, "" },
    { CF_DEC_FIELD_ALUMNO_ID_GENERO, "M" },
    { CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS, "4.0" },
    { CF_DEC_FIELD_ASIGNATURAS_TOTAL, "9.5" },
    { CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS, "99999999999" },         /* beyond xs:int */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CfDec) dec = cf_dec_new_example ();
      g_autoptr(GPtrArray) findings = NULL;
      CfFinding *f;

      cf_dec_set (dec, cases[i].field, cases[i].value);
      findings = validate_dec (dec);
      f = assert_one (findings, CF_FINDING_SCHEMA_BAD_VALUE, cf_dec_field_get_path (cases[i].field));
      g_assert_nonnull (strstr (cf_finding_get_message (f), cases[i].value));
      if (cf_dec_field_get_value_type (cases[i].field) == CF_DEC_VALUE_DATE_TIME)
        g_assert_nonnull (strstr (cf_finding_get_message (f), "2023-07-10T00:00:00"));
    }

  /* What the schema accepts is not refused here, odd as it may be (semantic checks judge it). */
  {
    g_autoptr(CfDec) dec = cf_dec_new_example ();
    g_autoptr(GPtrArray) findings = NULL;

    cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_CURP, "not a curp");
    cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "ocho");
    cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_ID_GENERO, "+0251");
    cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_FECHA, "2023-07-10T00:00:00-06:00");
    cf_dec_set (dec, CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA, "99");
    cf_asignatura_set (cf_dec_get_asignatura (dec, 0), CF_ASIGNATURA_FIELD_CALIFICACION, "");
    findings = validate_dec (dec);
    dump (findings);
    g_assert_cmpuint (findings->len, ==, 0);
  }

  /* idObservaciones of a subject is xs:integer. */
  {
    g_autoptr(CfDec) dec = cf_dec_new_example ();
    g_autoptr(GPtrArray) findings = NULL;

    cf_asignatura_set (cf_dec_get_asignatura (dec, 1), CF_ASIGNATURA_FIELD_ID_OBSERVACIONES, "NORMAL");
    findings = validate_dec (dec);
    assert_one (findings, CF_FINDING_SCHEMA_BAD_VALUE, "/Dec/Asignaturas/Asignatura[2]/@idObservaciones");
  }
}

static void
test_fixed_values (void)
{
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autoptr(GPtrArray) findings = NULL;
  CfFinding *f;

  cf_dec_set (dec, CF_DEC_FIELD_TIPO_CERTIFICADO, "4");
  findings = validate_dec (dec);
  f = assert_one (findings, CF_FINDING_SCHEMA_FIXED_VALUE, "/Dec/@tipoCertificado");
  g_assert_nonnull (strstr (cf_finding_get_message (f), "“5”"));

  /* A 2.0 file is not a 3.0 document. */
  {
    g_autofree char *path = data_path ("example-2.0.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) v2 = cf_dec_schema_validate_file (path, &error);
    gboolean saw_version = FALSE, saw_servicio = FALSE;

    g_assert_no_error (error);
    dump (v2);
    for (guint i = 0; i < v2->len; i++)
      {
        CfFinding *x = g_ptr_array_index (v2, i);

        saw_version |= strcmp (cf_finding_get_path (x), "/Dec/@version") == 0 &&
                       strcmp (cf_finding_get_code (x), CF_FINDING_SCHEMA_FIXED_VALUE) == 0;
        saw_servicio |= strstr (cf_finding_get_message (x), "ServicioFirmante") != NULL;
      }
    g_assert_true (saw_version);
    g_assert_true (saw_servicio);
  }
}

static void
test_structure (void)
{
  g_autofree char *text = example_text ();

  /* An attribute SEP's schema does not have. */
  {
    g_autofree char *xml = replace (text, "<Alumno ", "<Alumno apodo=\"ANITA\" ");
    g_autoptr(GPtrArray) findings = validate_text (xml);
    CfFinding *f = assert_one (findings, CF_FINDING_SCHEMA_UNKNOWN_ATTRIBUTE, "/Dec/Alumno/@apodo");

    g_assert_nonnull (strstr (cf_finding_get_message (f), "apodo"));
  }
  /* A missing element in the middle: the next one is out of place, and the message says what was expected. */
  {
    g_autofree char *xml = replace (text, "<Rvoe numero=\"20180409\" fechaExpedicion=\"2018-04-09T00:00:00\"/>", "");
    g_autoptr(GPtrArray) findings = validate_text (xml);
    CfFinding *f = assert_one (findings, CF_FINDING_SCHEMA_UNEXPECTED_ELEMENT, "/Dec/Carrera");

    g_assert_nonnull (strstr (cf_finding_get_message (f), "Rvoe"));
    g_assert_null (strstr (cf_finding_get_message (f), "{"));
  }
  /* A missing element at the end. */
  {
    g_autofree char *start = g_strdup (strstr (text, "  <Asignaturas "));
    g_autofree char *xml = replace (text, start, "</Dec>\n");
    g_autoptr(GPtrArray) findings = validate_text (xml);
    CfFinding *f = assert_one (findings, CF_FINDING_SCHEMA_MISSING_ELEMENT, "/Dec");

    g_assert_nonnull (strstr (cf_finding_get_message (f), "Asignaturas"));
  }
  /* Asignaturas without a single Asignatura. */
  {
    g_autoptr(CfDec) dec = cf_dec_new_example ();
    g_autoptr(GPtrArray) findings = NULL;

    cf_dec_clear_asignaturas (dec);
    findings = validate_dec (dec);
    assert_one (findings, CF_FINDING_SCHEMA_MISSING_ELEMENT, "/Dec/Asignaturas");
  }
  /* Elements out of order and an unknown one. */
  {
    g_autofree char *xml = replace (text, "<ServicioFirmante idEntidad=\"20499\"/>", "<Foto/><ServicioFirmante idEntidad=\"20499\"/>");
    g_autoptr(GPtrArray) findings = validate_text (xml);

    assert_one (findings, CF_FINDING_SCHEMA_UNEXPECTED_ELEMENT, "/Dec/Foto");
  }
  /* Several problems at once: all reported, none twice. */
  {
    g_autofree char *a = replace (text, " curp=\"LOPA990501MDFPRN06\"", "");
    g_autofree char *b = replace (a, "idGenero=\"250\"", "idGenero=\"F\"");
    g_autofree char *c = replace (b, "fecha=\"2023-07-10T00:00:00\"", "fecha=\"10/07/2023\"");
    g_autofree char *d = replace (c, "<Asignatura idAsignatura=\"145\"", "<Asignatura");
    g_autoptr(GPtrArray) findings = validate_text (d);
    g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);

    dump (findings);
    g_assert_cmpuint (findings->len, ==, 4);
    for (guint i = 0; i < findings->len; i++)
      g_hash_table_add (paths, (gpointer) cf_finding_get_path (g_ptr_array_index (findings, i)));
    g_assert_true (g_hash_table_contains (paths, "/Dec/Alumno/@curp"));
    g_assert_true (g_hash_table_contains (paths, "/Dec/Alumno/@idGenero"));
    g_assert_true (g_hash_table_contains (paths, "/Dec/Expedicion/@fecha"));
    g_assert_true (g_hash_table_contains (paths, "/Dec/Asignaturas/Asignatura[2]/@idAsignatura"));
  }
}

static void
test_returned (void)
{
  g_autofree char *text = example_text ();
  /* SEP's nodes, however they come, never fail the institution's document. */
  g_autofree char *xml = replace (text, "</Asignaturas>",
                                  "</Asignaturas>\n"
                                  "  <Dreoe fechaDreoe=\"20/07/2023\" selloDec=\"x\" algoMas=\"y\"><Firma>texto</Firma>libre</Dreoe>\n"
                                  "  <SepIpes version=\"1.0\" folioDigital=\"abc\" xmlns:o=\"urn:o\" o:x=\"1\"><o:Otro/></SepIpes>");
  g_autoptr(GPtrArray) findings = validate_text (xml);

  dump (findings);
  g_assert_cmpuint (findings->len, ==, 0);

  /* But they come after Asignaturas, once each. */
  {
    g_autofree char *twice = replace (xml, "</Dec>", "<Dreoe/></Dec>");
    g_autoptr(GPtrArray) more = validate_text (twice);

    g_assert_cmpuint (more->len, ==, 1);
  }
}

static void
test_not_a_dec (void)
{
  /* The schema step only sees documents the reader accepted; a foreign root still gives a finding. */
  static const char xml[] = "<Otro xmlns=\"https://www.siged.sep.gob.mx/certificados/\"/>";
  g_autoptr(GError) error = NULL;
  xmlDoc *doc = xmlReadMemory (xml, sizeof xml - 1, NULL, NULL, XML_PARSE_NONET);
  g_autoptr(GPtrArray) findings = cf_dec_schema_validate_doc (doc, &error);

  g_assert_no_error (error);
  dump (findings);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_true (cf_finding_list_has_errors (findings));
  xmlFreeDoc (doc);

  /* A broken file is an error of the reader, not a finding. */
  {
    g_autofree char *dir = cf_test_mkdtemp ();
    g_autofree char *path = g_build_filename (dir, "broken.xml", NULL);
    g_autoptr(GPtrArray) none = NULL;

    g_assert_true (g_file_set_contents (path, "<Dec", -1, NULL));
    none = cf_dec_schema_validate_file (path, &error);
    g_assert_null (none);
    g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED);
    cf_test_rmdir (dir);
  }
}

static gpointer
validate_thread (gpointer data)
{
  guint32 base = GPOINTER_TO_UINT (data);

  for (guint32 i = 0; i < 10; i++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new (base + i, 20);
      g_autoptr(GPtrArray) findings = NULL;

      cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_CURP, NULL);
      findings = validate_dec (dec);
      if (findings->len != 1 ||
          strcmp (cf_finding_get_path (g_ptr_array_index (findings, 0)), "/Dec/Alumno/@curp") != 0)
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

static void
test_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("validate", validate_thread, GUINT_TO_POINTER (i * 1000));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

static void
test_finding_json (void)
{
  g_autoptr(GPtrArray) list = cf_finding_list_new ();
  g_autoptr(CfFinding) f = cf_finding_new_printf (CF_FINDING_WARNING, "rules.total", "/Dec/Asignaturas/@total",
                                                  "“%s” \"quoted\" \\ tab\there\nline %d", "ÑOÑO", 7);
  g_autofree char *one = NULL;
  g_autofree char *all = NULL;

  g_assert_false (cf_finding_is_error (f));
  one = cf_finding_to_json (f);
  g_assert_cmpstr (one, ==,
                   "{\"severity\":\"warning\",\"code\":\"rules.total\",\"path\":\"/Dec/Asignaturas/@total\","
                   "\"message\":\"“ÑOÑO” \\\"quoted\\\" \\\\ tab\\there\\nline 7\"}");
  g_ptr_array_add (list, cf_finding_ref (f));
  g_assert_false (cf_finding_list_has_errors (list));
  g_ptr_array_add (list, cf_finding_new (CF_FINDING_ERROR, "x", NULL, "\x01"));
  g_assert_true (cf_finding_list_has_errors (list));
  all = cf_finding_list_to_json (list);
  g_assert_true (g_str_has_prefix (all, "[{\"severity\":\"warning\""));
  g_assert_true (g_str_has_suffix (all, "{\"severity\":\"error\",\"code\":\"x\",\"path\":\"\",\"message\":\"\\u0001\"}]"));
  g_assert_cmpstr (cf_finding_get_path (g_ptr_array_index (list, 1)), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dec-schema/valid", test_valid);
  g_test_add_func ("/core/dec-schema/optional-absent", test_optional_absent);
  g_test_add_func ("/core/dec-schema/missing-attribute", test_missing_attribute);
  g_test_add_func ("/core/dec-schema/bad-types", test_bad_types);
  g_test_add_func ("/core/dec-schema/fixed-values", test_fixed_values);
  g_test_add_func ("/core/dec-schema/structure", test_structure);
  g_test_add_func ("/core/dec-schema/returned", test_returned);
  g_test_add_func ("/core/dec-schema/not-a-dec", test_not_a_dec);
  g_test_add_func ("/core/dec-schema/threads", test_threads);
  g_test_add_func ("/core/finding/json", test_finding_json);

  return g_test_run ();
}
