/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Semantic validation: each rule with a document that breaks it and one
 * that passes it. The base document is built by hand so every expected
 * value below can be checked on paper. */
#include <string.h>

#include "cf-dec-validate.h"
#include "cf-dec-gen.h"
#include "cf-dec-xml.h"
#include "cf-test-dec.h"
#include "cf-test-util.h"

static GPtrArray *
validate (CfDec *dec)
{
  GPtrArray *findings = cf_dec_validate (dec, NULL);

  g_assert_nonnull (findings);
  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *f = g_ptr_array_index (findings, i);

      g_test_message ("%s %s %s: %s", cf_finding_severity_to_string (cf_finding_get_severity (f)),
                      cf_finding_get_code (f), cf_finding_get_path (f), cf_finding_get_message (f));
    }
  return findings;
}

static CfFinding *
find (GPtrArray  *findings,
      const char *code)
{
  for (guint i = 0; i < findings->len; i++)
    if (g_strcmp0 (cf_finding_get_code (g_ptr_array_index (findings, i)), code) == 0)
      return g_ptr_array_index (findings, i);
  return NULL;
}

/* Asserts a finding with @code, @severity, @path and every string of the
 * NULL-terminated list in its message. */
static void
assert_finding (GPtrArray         *findings,
                const char        *code,
                CfFindingSeverity  severity,
                const char        *path,
                ...)
{
  CfFinding *f = NULL;
  const char *piece;
  va_list args;

  /* The finding with that code on that path. */
  for (guint i = 0; i < findings->len && f == NULL; i++)
    {
      CfFinding *candidate = g_ptr_array_index (findings, i);

      if (g_str_equal (cf_finding_get_code (candidate), code) &&
          g_str_equal (cf_finding_get_path (candidate), path))
        f = candidate;
    }
  if (f == NULL)
    g_error ("no finding %s at %s", code, path);
  g_assert_cmpstr (cf_finding_get_code (f), ==, code);
  g_assert_cmpint (cf_finding_get_severity (f), ==, severity);
  g_assert_cmpstr (cf_finding_get_path (f), ==, path);
  va_start (args, path);
  while ((piece = va_arg (args, const char *)) != NULL)
    {
      if (strstr (cf_finding_get_message (f), piece) == NULL)
        g_error ("“%s” not in “%s”", piece, cf_finding_get_message (f));
    }
  va_end (args);
}

static void
assert_no_finding (GPtrArray  *findings,
                   const char *code)
{
  CfFinding *f = find (findings, code);

  if (f != NULL)
    g_error ("unexpected finding %s: %s", code, cf_finding_get_message (f));
}

static void
test_valid (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) findings = validate (dec);
  CfDecTotals totals;

  g_assert_cmpuint (findings->len, ==, 0);

  cf_dec_compute_totals (dec, &totals);
  g_assert_cmpint (totals.total, ==, 4);
  g_assert_cmpint (totals.asignadas, ==, 4);
  g_assert_cmpint (totals.creditos_obtenidos, ==, 2400);
  g_assert_cmpint (totals.promedio, ==, 916);
  g_assert_cmpint (totals.numero_ciclos, ==, 3);
}

static void
test_student_curp (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;
  g_autoptr(GPtrArray) f3 = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_CURP, "GOMC851312HDFNRR09");
  f1 = validate (dec);
  assert_finding (f1, "curp.format", CF_FINDING_ERROR, "/Dec/Alumno/@curp", NULL);
  g_assert_true (cf_finding_list_has_errors (f1));

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_CURP, "GOMC850312HDFNRR08");
  f2 = validate (dec);
  assert_finding (f2, "curp.check-digit", CF_FINDING_ERROR, "/Dec/Alumno/@curp", "8", "9", NULL);

  /* Surrounding blanks are normalised, as in the cadena. */
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_CURP, "  GOMC850312HDFNRR09 ");
  f3 = validate (dec);
  assert_no_finding (f3, "curp.format");
  assert_no_finding (f3, "curp.check-digit");
}

static void
test_curp_consistency (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, "1985-03-13T00:00:00");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_ID_GENERO, "250");
  f1 = validate (dec);
  assert_finding (f1, "curp.birth-date", CF_FINDING_WARNING, "/Dec/Alumno/@fechaNacimiento",
                  "March 13, 1985", "March 12, 1985", NULL);
  assert_finding (f1, "curp.gender", CF_FINDING_WARNING, "/Dec/Alumno/@idGenero", "250", NULL);
  g_assert_false (cf_finding_list_has_errors (f1));
}

static void
test_responsible_curp (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;

  /* SAT's test e.firma CURP: well formed, check digit computes to 7. */
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, "HEGT761003MDFRNN09");
  f1 = validate (dec);
  assert_finding (f1, "curp.check-digit", CF_FINDING_WARNING, "/Dec/Ipes/Responsable/@curp", "7", NULL);
  g_assert_false (cf_finding_list_has_errors (f1));

  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, "HEGT761003");
  f2 = validate (dec);
  assert_finding (f2, "curp.format", CF_FINDING_ERROR, "/Dec/Ipes/Responsable/@curp", NULL);
}

static void
test_signer (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;
  g_autoptr(GPtrArray) f3 = NULL;
  CfDecValidateOptions options;
  CfTestCertSpec spec = { .curp = "PELM800101MDFRPR01" };

  g_assert_true (cf_test_generate_cert (dir, "signer", &spec, &cer, &key, &error));
  g_assert_no_error (error);
  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);

  cf_dec_validate_options_init (&options);
  options.signer = certificate;
  f1 = cf_dec_validate (dec, &options);
  assert_no_finding (f1, "signer.curp-mismatch");
  g_assert_cmpuint (f1->len, ==, 0);

  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, "GOMC850312HDFNRR09");
  f2 = cf_dec_validate (dec, &options);
  assert_finding (f2, "signer.curp-mismatch", CF_FINDING_ERROR, "/Dec/Ipes/Responsable/@curp",
                  "GOMC850312HDFNRR09", "PELM800101MDFRPR01", NULL);

  /* Matching is on the CURP, not on letter case. */
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, "pelm800101mdfrpr01");
  f3 = cf_dec_validate (dec, &options);
  assert_no_finding (f3, "signer.curp-mismatch");

  cf_test_rmdir (dir);
}

static void
test_dates (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;
  g_autoptr(GPtrArray) f3 = NULL;
  g_autoptr(GPtrArray) f4 = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, "2018-02-30T00:00:00");
  f1 = validate (dec);
  assert_finding (f1, "date.invalid", CF_FINDING_ERROR, "/Dec/Rvoe/@fechaExpedicion", "2018-02-30", NULL);

  cf_dec_set (dec, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, "2018-04-09");
  f2 = validate (dec);
  assert_finding (f2, "date.format", CF_FINDING_WARNING, "/Dec/Rvoe/@fechaExpedicion",
                  "2018-04-09T00:00:00", NULL);
  g_assert_false (cf_finding_list_has_errors (f2));

  /* RVOE after the issue date; the birth date on the issue date. */
  cf_dec_set (dec, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, "2024-01-01T00:00:00");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, "2023-07-10T00:00:00");
  f3 = validate (dec);
  assert_finding (f3, "date.order", CF_FINDING_ERROR, "/Dec/Rvoe/@fechaExpedicion", "January 1, 2024", "July 10, 2023", NULL);
  g_assert_nonnull (find (f3, "date.order"));
  {
    guint n = 0;

    for (guint i = 0; i < f3->len; i++)
      if (g_str_equal (cf_finding_get_code (g_ptr_array_index (f3, i)), "date.order"))
        n++;
    g_assert_cmpuint (n, ==, 2);
  }

  /* RVOE on the issue date itself is fine. */
  cf_dec_set (dec, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, "2023-07-10T00:00:00");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, "1985-03-12T00:00:00");
  f4 = validate (dec);
  assert_no_finding (f4, "date.order");
}

static void
test_catalogs (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_ID_CARGO, "9");
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION, "33");
  cf_asignatura_set (cf_dec_get_asignatura (dec, 1), CF_ASIGNATURA_FIELD_ID_OBSERVACIONES, "999");
  f1 = validate (dec);
  assert_finding (f1, "catalog.unknown-code", CF_FINDING_ERROR, "/Dec/Ipes/Responsable/@idCargo", "9", "idCargo", NULL);
  {
    gboolean lugar = FALSE, subject = FALSE;

    for (guint i = 0; i < f1->len; i++)
      {
        CfFinding *f = g_ptr_array_index (f1, i);

        lugar |= g_str_equal (cf_finding_get_path (f), "/Dec/Expedicion/@idLugarExpedicion");
        subject |= g_str_equal (cf_finding_get_path (f), "/Dec/Asignaturas/Asignatura[2]/@idObservaciones");
      }
    g_assert_true (lugar);
    g_assert_true (subject);
  }

  /* Every code of the catalogs in use passes (RESPONSABLE DE EXPEDICIÓN, NE…). */
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_ID_CARGO, "5");
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION, "32");
  cf_asignatura_set (cf_dec_get_asignatura (dec, 1), CF_ASIGNATURA_FIELD_ID_OBSERVACIONES, "105");
  f2 = validate (dec);
  assert_no_finding (f2, "catalog.unknown-code");
}

static void
set_subject (CfDec             *dec,
             guint              index,
             CfAsignaturaField  field,
             const char        *value)
{
  cf_asignatura_set (cf_dec_get_asignatura (dec, index), field, value);
}

static void
test_grades (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;
  g_autoptr(GPtrArray) f3 = NULL;

  set_subject (dec, 0, CF_ASIGNATURA_FIELD_CALIFICACION, "11.00");
  set_subject (dec, 1, CF_ASIGNATURA_FIELD_CALIFICACION, "ocho");
  f1 = validate (dec);
  assert_finding (f1, "grade.out-of-range", CF_FINDING_ERROR,
                  "/Dec/Asignaturas/Asignatura[1]/@calificacion", "11.00", "5.00", "10.00", NULL);
  assert_finding (f1, "grade.invalid", CF_FINDING_ERROR,
                  "/Dec/Asignaturas/Asignatura[2]/@calificacion", "ocho", NULL);

  /* "8.5" is 8.50 written loosely; "10.00" should be "10". */
  set_subject (dec, 0, CF_ASIGNATURA_FIELD_CALIFICACION, "8");
  set_subject (dec, 1, CF_ASIGNATURA_FIELD_CALIFICACION, "9.5");
  f2 = validate (dec);
  assert_finding (f2, "grade.format", CF_FINDING_WARNING,
                  "/Dec/Asignaturas/Asignatura[1]/@calificacion", "8", "8.00", NULL);
  assert_no_finding (f2, "grade.invalid");
  assert_no_finding (f2, "grade.out-of-range");
  g_assert_false (cf_finding_list_has_errors (f2));

  /* A broken scale. */
  set_subject (dec, 0, CF_ASIGNATURA_FIELD_CALIFICACION, "8.00");
  set_subject (dec, 1, CF_ASIGNATURA_FIELD_CALIFICACION, "9.50");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA, "10");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA, "5");
  f3 = validate (dec);
  assert_finding (f3, "grade.scale", CF_FINDING_ERROR, "/Dec/Carrera/@calificacionMaxima", "5.00", "10.00", NULL);
}

static void
test_counts (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;
  g_autoptr(GPtrArray) f3 = NULL;
  CfDecValidateOptions options;

  /* Counting the COMPLEMENTARIA subject is the classic mistake. */
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL, "5");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS, "5");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS, "27.00");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS, "4");
  f1 = validate (dec);
  assert_finding (f1, "totals.total", CF_FINDING_WARNING, "/Dec/Asignaturas/@total", "5", "4", NULL);
  assert_finding (f1, "totals.asignadas", CF_FINDING_WARNING, "/Dec/Asignaturas/@asignadas", "5", "4", NULL);
  assert_finding (f1, "totals.creditos-obtenidos", CF_FINDING_WARNING,
                  "/Dec/Asignaturas/@creditosObtenidos", "27.00", "24.00", NULL);
  assert_finding (f1, "totals.numero-ciclos", CF_FINDING_WARNING, "/Dec/Asignaturas/@numeroCiclos", "4", "3", NULL);
  g_assert_false (cf_finding_list_has_errors (f1));

  /* The "plan total" setting: total is the plan's counting subjects. */
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS, "4");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS, "24.00");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS, "3");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL, "48");
  cf_dec_validate_options_init (&options);
  options.total_rule = CF_DEC_TOTAL_RULE_PLAN;
  options.plan_subject_count = 48;
  options.plan_total_credits = 30000;
  f2 = cf_dec_validate (dec, &options);
  g_assert_cmpuint (f2->len, ==, 0);

  options.plan_subject_count = 50;
  options.plan_total_credits = 32000;
  f3 = cf_dec_validate (dec, &options);
  assert_finding (f3, "totals.total", CF_FINDING_WARNING, "/Dec/Asignaturas/@total", "48", "50", NULL);
  assert_finding (f3, "totals.total-creditos", CF_FINDING_WARNING,
                  "/Dec/Asignaturas/@totalCreditos", "300.00", "320.00", NULL);
}

static void
test_promedio (void)
{
  static const CfTestSubject tens[] = {
    { "101", "2018-1", "10", "263", "7.00", NULL },
    { "102", "2018-1", "10", "263", "7.00", NULL },
  };
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(CfDec) perfect = cf_test_dec_new_with (tens, G_N_ELEMENTS (tens));
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;
  g_autoptr(GPtrArray) f3 = NULL;
  g_autoptr(GPtrArray) f4 = NULL;

  /* Rounded instead of truncated. */
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "9.17");
  f1 = validate (dec);
  assert_finding (f1, "totals.promedio", CF_FINDING_ERROR, "/Dec/Asignaturas/@promedio", "9.17", "9.16", NULL);

  /* Averaging in the AC and COMPLEMENTARIA subjects. */
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "8.68");
  f2 = validate (dec);
  assert_finding (f2, "totals.promedio", CF_FINDING_ERROR, "/Dec/Asignaturas/@promedio", "8.68", "9.16", NULL);

  /* Exactly ten is "10". */
  cf_dec_set (perfect, CF_DEC_FIELD_ASIGNATURAS_TOTAL, "2");
  cf_dec_set (perfect, CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS, "2");
  cf_dec_set (perfect, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS, "14.00");
  cf_dec_set (perfect, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS, "1");
  cf_dec_set (perfect, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "10");
  f3 = validate (perfect);
  g_assert_cmpuint (f3->len, ==, 0);

  cf_dec_set (perfect, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "10.00");
  f4 = validate (perfect);
  assert_finding (f4, "totals.promedio-format", CF_FINDING_WARNING, "/Dec/Asignaturas/@promedio", "10.00", "“10”", NULL);
  g_assert_false (cf_finding_list_has_errors (f4));
}

static void
test_total_vs_partial (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;
  g_autoptr(GPtrArray) f3 = NULL;
  g_autoptr(GPtrArray) f4 = NULL;
  CfDecValidateOptions options;

  /* TOTAL with 24 of 300 credits. */
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION, "79");
  f1 = validate (dec);
  assert_finding (f1, "expedicion.tipo-certificacion", CF_FINDING_ERROR,
                  "/Dec/Expedicion/@idTipoCertificacion", "24.00", "300.00", NULL);
  /* …and on TOTAL, totalCreditos must equal creditosObtenidos. */
  assert_finding (f1, "totals.total-creditos", CF_FINDING_WARNING,
                  "/Dec/Asignaturas/@totalCreditos", "300.00", "24.00", NULL);

  /* The plan's total is 24.00: TOTAL is right. */
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS, "24.00");
  f2 = validate (dec);
  g_assert_cmpuint (f2->len, ==, 0);

  /* PARCIAL although every credit of the plan is there. */
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION, "80");
  f3 = validate (dec);
  assert_finding (f3, "expedicion.tipo-certificacion", CF_FINDING_ERROR,
                  "/Dec/Expedicion/@idTipoCertificacion", "PARCIAL", "24.00", NULL);

  /* The plan's credits, when known, decide. */
  cf_dec_validate_options_init (&options);
  options.plan_total_credits = 30000;
  f4 = cf_dec_validate (dec, &options);
  assert_no_finding (f4, "expedicion.tipo-certificacion");
  assert_finding (f4, "totals.total-creditos", CF_FINDING_WARNING, "/Dec/Asignaturas/@totalCreditos", NULL);
}

static void
test_numbers (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL, "cuatro");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS, "24,00");
  set_subject (dec, 2, CF_ASIGNATURA_FIELD_CREDITOS, "seis");
  f1 = validate (dec);
  assert_finding (f1, "number.invalid", CF_FINDING_ERROR, "/Dec/Asignaturas/@total", "cuatro", NULL);
  {
    gboolean credits = FALSE;

    for (guint i = 0; i < f1->len; i++)
      credits |= g_str_equal (cf_finding_get_path (g_ptr_array_index (f1, i)),
                              "/Dec/Asignaturas/Asignatura[3]/@creditos");
    g_assert_true (credits);
  }
}

static void
test_pipe (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "CARLOS|ALBERTO");
  set_subject (dec, 3, CF_ASIGNATURA_FIELD_NOMBRE, "A|B");
  f1 = validate (dec);
  assert_finding (f1, "value.pipe", CF_FINDING_ERROR, "/Dec/Alumno/@nombre", "nombre", NULL);
  {
    gboolean subject = FALSE;

    for (guint i = 0; i < f1->len; i++)
      subject |= g_str_equal (cf_finding_get_path (g_ptr_array_index (f1, i)),
                              "/Dec/Asignaturas/Asignatura[4]/@nombre");
    g_assert_true (subject);
  }

  /* Other punctuation is fine. */
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "CARLOS / ALBERTO (O'HARA) ÑÚ");
  set_subject (dec, 3, CF_ASIGNATURA_FIELD_NOMBRE, "A-B, C.");
  f2 = validate (dec);
  assert_no_finding (f2, "value.pipe");
}

static void
test_institution_and_duplicates (void)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GPtrArray) f1 = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD, "20500");
  set_subject (dec, 1, CF_ASIGNATURA_FIELD_ID_ASIGNATURA, "101");
  f1 = validate (dec);
  assert_finding (f1, "ipes.id-entidad", CF_FINDING_WARNING, "/Dec/ServicioFirmante/@idEntidad", "20500", "20499", NULL);
  assert_finding (f1, "asignatura.duplicate", CF_FINDING_WARNING,
                  "/Dec/Asignaturas/Asignatura[2]/@idAsignatura", "101", NULL);
}

/* Schema + semantic on the XML: one finding per attribute. */
static void
test_validate_file (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "dec.xml", NULL);
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) f1 = NULL;
  g_autoptr(GPtrArray) f2 = NULL;
  g_autoptr(GPtrArray) f3 = NULL;

  g_assert_true (cf_dec_xml_write_file (dec, path, &error));
  g_assert_no_error (error);
  f1 = cf_dec_validate_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f1->len, ==, 0);

  /* A date the schema refuses is reported once. */
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, "12/03/1985");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_CURP, "GOMC850312HDFNRR08");
  f2 = cf_dec_validate_full (dec, NULL, &error);
  g_assert_no_error (error);
  {
    guint on_date = 0;

    for (guint i = 0; i < f2->len; i++)
      if (g_str_equal (cf_finding_get_path (g_ptr_array_index (f2, i)), "/Dec/Alumno/@fechaNacimiento"))
        on_date++;
    g_assert_cmpuint (on_date, ==, 1);
  }
  g_assert_nonnull (find (f2, "curp.check-digit"));

  /* A file that is not XML is an error, not a finding. */
  g_assert_true (g_file_set_contents (path, "<Dec", -1, NULL));
  f3 = cf_dec_validate_file (path, NULL, &error);
  g_assert_null (f3);
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED);

  cf_test_rmdir (dir);
}

/* The generator follows section 5: its documents must come out clean,
 * messy whitespace included. */
static void
test_generated (void)
{
  for (guint32 seed = 1; seed <= 300; seed++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new_full (seed, seed % 3 == 0 ? 45 : 0,
                                                  seed % 2 ? CF_DEC_GEN_MESSY : CF_DEC_GEN_DEFAULT);
      g_autoptr(GPtrArray) findings = cf_dec_validate (dec, NULL);

      for (guint i = 0; i < findings->len; i++)
        {
          CfFinding *f = g_ptr_array_index (findings, i);

          g_error ("seed %u: %s %s: %s", seed, cf_finding_get_code (f),
                   cf_finding_get_path (f), cf_finding_get_message (f));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/validate/valid", test_valid);
  g_test_add_func ("/core/validate/student-curp", test_student_curp);
  g_test_add_func ("/core/validate/curp-consistency", test_curp_consistency);
  g_test_add_func ("/core/validate/responsible-curp", test_responsible_curp);
  g_test_add_func ("/core/validate/signer", test_signer);
  g_test_add_func ("/core/validate/dates", test_dates);
  g_test_add_func ("/core/validate/catalogs", test_catalogs);
  g_test_add_func ("/core/validate/grades", test_grades);
  g_test_add_func ("/core/validate/counts", test_counts);
  g_test_add_func ("/core/validate/promedio", test_promedio);
  g_test_add_func ("/core/validate/total-vs-partial", test_total_vs_partial);
  g_test_add_func ("/core/validate/numbers", test_numbers);
  g_test_add_func ("/core/validate/pipe", test_pipe);
  g_test_add_func ("/core/validate/institution-and-duplicates", test_institution_and_duplicates);
  g_test_add_func ("/core/validate/file", test_validate_file);
  g_test_add_func ("/core/validate/generated", test_generated);

  return g_test_run ();
}
