/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A student's certificate built from the store's records (cf-cert-build.h)
 * and the certificates checked (cf-certs-check.h): a real-shaped student
 * (a subject failed and passed later by examen extraordinario, a
 * COMPLEMENTARIA passed "AC", grades in the export's order, not the
 * plan's) gives a Dec with the subjects in plan order, only the passing
 * attempts, section 5's figures as cf_student_check() computes them, the
 * catalogs' descriptions, no folioControl nor seal, and no error from the
 * schema and the rules; the printed name is in upper and lower case, the
 * registrar's correction first; unknown careers and plans are findings;
 * the refresh on both engines moves a fixed certificate to listo. */

#include "config.h"

#include <string.h>

#include "cf-cert-build.h"
#include "cf-cert-repo.h"
#include "cf-certs-check.h"
#include "cf-context.h"
#include "cf-curp.h"
#include "cf-dec-validate.h"
#include "cf-student-repo.h"
#include "cf-test-util.h"

#define ROW(id, clave, nombre, tipo, creditos, periodo) \
  { "20499", "UNIVERSIDAD EJEMPLO DEL VALLE DE MÉXICO", "090101", "CAMPUS COYOACÁN", "09", "14", "LD-2018", \
    "LICENCIATURA EN DERECHO", "2018", "20180409", "2018-04-09", "91", "81", "5", "10", "6", "10", "66", \
    id, clave, nombre, tipo, creditos, periodo, "VIGENTE" }

static const char * const plan_rows[][CF_PLAN_N_COLUMNS] = {
  ROW ("500101", "LD101", "INTRODUCCIÓN AL DERECHO", "263", "8", "1"),
  ROW ("500102", "LD102", "TEORÍA GENERAL DEL ESTADO", "263", "8", "1"),
  ROW ("500103", "LD103", "METODOLOGÍA DE LA INVESTIGACIÓN", "263", "6", "1"),
  ROW ("500104", "LD104", "INGLÉS I", "266", "0", "1"),
  ROW ("500201", "LD201", "DERECHO ROMANO", "263", "8", "2"),
  ROW ("500202", "LD202", "DERECHO CIVIL I", "263", "8", "2"),
  ROW ("500203", "LD203", "ECONOMÍA", "264", "6", "2"),
  ROW ("500301", "LD301", "DERECHO CIVIL II", "263", "8", "3"),
  ROW ("500302", "LD302", "DERECHO PENAL I", "263", "8", "3"),
  ROW ("500401", "LD401", "SEMINARIO DE INVESTIGACIÓN JURÍDICA", "263", "6", "4"),
};

/* As the school system exports them: not in plan order, a failed attempt. */
static const char * const grades[][4] = {
  { "500401", "2020-2", "9.5", "" },
  { "500202", "2019-2", "5", "" },
  { "500101", "2019-1", "9", "" },
  { "500102", "2019-1", "8.5", "" },
  { "500103", "2019-1", "10", "" },
  { "500104", "2019-1", "AC", "" },
  { "500201", "2019-2", "7.8", "" },
  { "500202", "2020-1", "7", "71" },
  { "500203", "2019-2", "8.9", "" },
  { "500301", "2020-1", "9.4", "" },
  { "500302", "2020-1", "8.6", "" },
};

static CfPlanBook *
make_book (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_row_free);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  CfPlanBook *book;

  for (guint r = 0; r < G_N_ELEMENTS (plan_rows); r++)
    {
      CfPlanRow *row = cf_plan_row_new ();

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        cf_plan_row_set (row, c, plan_rows[r][c]);
      row->row = r + 2;
      g_ptr_array_add (rows, row);
    }
  book = cf_plan_book_new_from_rows (rows, rejected);
  g_assert_cmpuint (rejected->len, ==, 0);
  return book;
}

static void
set (char       **field,
     const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* The store keeps one grade per subject (the import collapses attempts):
 * @with_failed FALSE leaves the failed attempt out. */
static CfStudent *
make_student_full (const char *matricula,
                   gboolean    with_failed)
{
  CfStudent *s = cf_student_new ();
  g_autofree char *curp = NULL;
  char digit = cf_curp_compute_check_digit ("LOPA000501MDFPRNA");

  curp = g_strdup_printf ("LOPA000501MDFPRNA%c", digit);
  set (&s->matricula, matricula);
  set (&s->id_carrera, "14");
  set (&s->clave_plan, "2018");
  set (&s->curp, curp);
  set (&s->nombre, "ANA MARIA");
  set (&s->primer_apellido, "LOPEZ");
  set (&s->segundo_apellido, "DE LA CRUZ");
  set (&s->id_genero, "250");
  set (&s->fecha_nacimiento, "2000-05-01");
  set (&s->email, "ana.lopez@example.edu.mx");
  set (&s->id_campus, "090101");
  set (&s->id_tipo_certificacion, "79");
  set (&s->fecha_expedicion, "2021-01-15");
  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    {
      CfGrade *g;

      if (!with_failed && i == 1)
        continue;
      g = cf_grade_new ();

      set (&g->id_asignatura, grades[i][0]);
      set (&g->ciclo, grades[i][1]);
      set (&g->calificacion, grades[i][2]);
      set (&g->id_observaciones, grades[i][3]);
      set (&g->id_tipo_asignatura, "263");
      g_ptr_array_add (s->grades, g);
    }
  return s;
}

static CfStudent *
make_student (const char *matricula)
{
  return make_student_full (matricula, TRUE);
}

static const CfCertResponsable responsable = {
  "PELM800101MDFRPR01", "5", NULL, "MARÍA DE LA LUZ", "PÉREZ", "LÓPEZ",
};

static void
assert_no_errors (GPtrArray  *findings,
                  const char *what)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *f = g_ptr_array_index (findings, i);

      if (cf_finding_is_error (f))
        g_test_message ("%s: %s %s %s", what, cf_finding_get_code (f), cf_finding_get_path (f),
                        cf_finding_get_message (f));
    }
  g_assert_false (cf_finding_list_has_errors (findings));
}

static void
test_build_real_shaped (void)
{
  static const char * const signer_campuses[] = { "090101", NULL };
  g_autoptr(CfPlanBook) book = make_book ();
  g_autoptr(CfStudent) student = make_student ("A19000123");
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) validation = NULL;
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(CfDec) dec = NULL;
  g_autoptr(GError) error = NULL;
  CfDecValidateOptions options = CF_DEC_VALIDATE_OPTIONS_INIT;
  CfPlanNode *plan = NULL;
  CfStudentTotals totals;
  static const char * const order[] = {
    "500101", "500102", "500103", "500104", "500201", "500202", "500203", "500301", "500302", "500401",
  };
  CfAsignatura *late;

  findings = cf_certs_check_student (student, book, signer_campuses, &plan, &totals);
  g_assert_nonnull (plan);
  assert_no_errors (findings, "check");
  g_assert_cmpuint (findings->len, ==, 0);

  dec = cf_cert_build_dec (student, plan, &responsable, NULL);
  options.plan_total_credits = 6600;
  validation = cf_dec_validate (dec, &options);
  assert_no_errors (validation, "rules");
  full = cf_dec_validate_full (dec, &options, &error);
  g_assert_no_error (error);
  assert_no_errors (full, "schema and rules");

  /* Section 5, as the check computed it. */
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO), ==, "8.74");
  g_assert_cmpint (totals.promedio, ==, 874);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL), ==, "9");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS), ==, "9");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS), ==, "66.00");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS), ==, "66.00");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS), ==, "4");

  /* Plan order, passing attempts only. */
  g_assert_cmpuint (cf_dec_get_n_asignaturas (dec), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (cf_asignatura_get (cf_dec_get_asignatura (dec, i), CF_ASIGNATURA_FIELD_ID_ASIGNATURA),
                     ==, order[i]);
  late = cf_dec_get_asignatura (dec, 5);
  g_assert_cmpstr (cf_asignatura_get (late, CF_ASIGNATURA_FIELD_CICLO), ==, "2020-1");
  g_assert_cmpstr (cf_asignatura_get (late, CF_ASIGNATURA_FIELD_CALIFICACION), ==, "7.00");
  g_assert_cmpstr (cf_asignatura_get (late, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES), ==, "71");
  g_assert_cmpstr (cf_asignatura_get (late, CF_ASIGNATURA_FIELD_OBSERVACIONES), ==, "EXAMEN EXTRAORDINARIO");
  g_assert_cmpstr (cf_asignatura_get (late, CF_ASIGNATURA_FIELD_NOMBRE), ==, "DERECHO CIVIL I");
  g_assert_cmpstr (cf_asignatura_get (cf_dec_get_asignatura (dec, 3), CF_ASIGNATURA_FIELD_CALIFICACION), ==, "AC");
  g_assert_cmpstr (cf_asignatura_get (cf_dec_get_asignatura (dec, 3), CF_ASIGNATURA_FIELD_TIPO_ASIGNATURA), ==,
                   "COMPLEMENTARIA");
  g_assert_cmpstr (cf_asignatura_get (cf_dec_get_asignatura (dec, 0), CF_ASIGNATURA_FIELD_ID_OBSERVACIONES), ==,
                   "100");

  /* The rest of the document. */
  g_assert_null (cf_dec_get (dec, CF_DEC_FIELD_FOLIO_CONTROL));
  g_assert_false (cf_dec_is_sealed (dec));
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD), ==, "20499");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_IPES_ID_CAMPUS), ==, "090101");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_IPES_ENTIDAD_FEDERATIVA), ==, "CIUDAD DE MÉXICO");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_RESPONSABLE_CARGO), ==, "RESPONSABLE DE EXPEDICIÓN");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION), ==, "2018-04-09T00:00:00");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA), ==, "LICENCIATURA EN DERECHO");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_CARRERA_TIPO_PERIODO), ==, "SEMESTRE");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA), ==, "5");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA), ==, "6.00");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_NOMBRE), ==, "ANA MARIA");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO), ==, "DE LA CRUZ");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO), ==, "2000-05-01T00:00:00");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_EXPEDICION_TIPO_CERTIFICACION), ==, "TOTAL");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_EXPEDICION_FECHA), ==, "2021-01-15T00:00:00");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION), ==, "09");
}

static void
test_build_partial (void)
{
  g_autoptr(CfPlanBook) book = make_book ();
  g_autoptr(CfStudent) student = make_student ("A19000124");
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) validation = NULL;
  g_autoptr(CfDec) dec = NULL;
  CfDecValidateOptions options = CF_DEC_VALIDATE_OPTIONS_INIT;
  CfCertBuildOptions build = { "2024-06-30", "15" };
  CfPlanNode *plan = NULL;

  /* The last subject not taken yet: a PARCIAL certificate. */
  g_ptr_array_remove_index (student->grades, 0);
  set (&student->id_tipo_certificacion, "80");
  findings = cf_certs_check_student (student, book, NULL, &plan, NULL);
  assert_no_errors (findings, "check");
  g_assert_cmpuint (findings->len, ==, 1);   /* no signer for the campus: a warning */

  dec = cf_cert_build_dec (student, plan, &responsable, &build);
  options.plan_total_credits = 6600;
  validation = cf_dec_validate (dec, &options);
  assert_no_errors (validation, "rules");
  g_assert_cmpuint (cf_dec_get_n_asignaturas (dec), ==, 9);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS), ==, "60.00");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO), ==, "8.65");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_EXPEDICION_FECHA), ==, "2024-06-30T00:00:00");
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_EXPEDICION_LUGAR_EXPEDICION), ==, "MÉXICO");
}

/* Many generated students: whenever the check finds no error, the built
 * Dec passes the schema and the rules, and its figures are the check's. */
static void
test_check_implies_valid (void)
{
  g_autoptr(CfPlanBook) book = make_book ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20231);
  static const char * const observations[] = { "", "100", "71", "74" };
  guint n_ready = 0;

  for (guint n = 0; n < 400; n++)
    {
      g_autoptr(CfStudent) student = make_student_full ("G1", FALSE);
      g_autoptr(GPtrArray) findings = NULL;
      g_autoptr(CfDec) dec = NULL;
      CfDecValidateOptions options = CF_DEC_VALIDATE_OPTIONS_INIT;
      CfPlanNode *plan = NULL;
      CfStudentTotals totals;

      for (guint i = student->grades->len; i-- > 0;)
        {
          CfGrade *g = g_ptr_array_index (student->grades, i);
          guint dice = g_rand_int_range (rand, 0, 10);

          if (dice == 0)
            {
              g_ptr_array_remove_index (student->grades, i);
              continue;
            }
          if (g_strcmp0 (g->id_asignatura, "500104") != 0)
            {
              g_autofree char *grade = g_strdup_printf ("%d.%d", g_rand_int_range (rand, 5, 10),
                                                        g_rand_int_range (rand, 0, 10));

              set (&g->calificacion, dice == 1 ? "10" : grade);
            }
          if (dice == 2)
            set (&g->ciclo, "2021-1");
          set (&g->id_observaciones, observations[g_rand_int_range (rand, 0, G_N_ELEMENTS (observations))]);
        }
      set (&student->id_tipo_certificacion, g_rand_boolean (rand) ? "79" : "80");

      findings = cf_certs_check_student (student, book, NULL, &plan, &totals);
      if (cf_finding_list_has_errors (findings))
        continue;
      n_ready++;
      dec = cf_cert_build_dec (student, plan, &responsable, NULL);
      options.plan_total_credits = 6600;
      {
        g_autoptr(GPtrArray) validation = cf_dec_validate (dec, &options);
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) full = cf_dec_validate_full (dec, &options, &error);
        CfDecTotals computed;

        g_assert_no_error (error);
        assert_no_errors (validation, "rules");
        assert_no_errors (full, "schema and rules");
        cf_dec_compute_totals (dec, &computed);
        g_assert_cmpint (computed.promedio, ==, totals.promedio);
        g_assert_cmpint (computed.asignadas, ==, totals.asignadas);
        g_assert_cmpint (computed.creditos_obtenidos, ==, totals.creditos_obtenidos);
        g_assert_cmpint (computed.numero_ciclos, ==, totals.numero_ciclos);
      }
    }
  /* Enough of them were ready for the test to mean something. */
  g_assert_cmpuint (n_ready, >=, 40);
}

static void
test_unknown_plan (void)
{
  g_autoptr(CfPlanBook) book = make_book ();
  g_autoptr(CfStudent) student = make_student ("A1");
  CfPlanNode *plan = (CfPlanNode *) 1;

  set (&student->clave_plan, "2030");
  {
    g_autoptr(GPtrArray) findings = cf_certs_check_student (student, book, NULL, &plan, NULL);

    g_assert_null (plan);
    g_assert_cmpuint (findings->len, ==, 1);
    g_assert_cmpstr (cf_finding_get_code (g_ptr_array_index (findings, 0)), ==, CF_FINDING_CERTS_PLAN_UNKNOWN);
    g_assert_cmpstr (cf_finding_get_path (g_ptr_array_index (findings, 0)), ==, "/Dec/Carrera/@clavePlan");
  }
  set (&student->id_carrera, "99");
  {
    g_autoptr(GPtrArray) findings = cf_certs_check_student (student, book, NULL, &plan, NULL);

    g_assert_cmpuint (findings->len, ==, 1);
    g_assert_cmpstr (cf_finding_get_code (g_ptr_array_index (findings, 0)), ==, CF_FINDING_CERTS_CAREER_UNKNOWN);
    g_assert_true (cf_finding_is_error (g_ptr_array_index (findings, 0)));
    g_assert_nonnull (cf_certs_finding_place_label (g_ptr_array_index (findings, 0)));
  }
}

static void
test_display_name (void)
{
  g_autoptr(CfStudent) student = make_student ("A1");
  g_autofree char *name = cf_cert_build_dup_display_name (student);
  g_autofree char *corrected = NULL;

  g_assert_cmpstr (name, ==, "Ana María López de la Cruz");
  set (&student->nombre_impreso, "Anna María");
  corrected = cf_cert_build_dup_display_name (student);
  g_assert_cmpstr (corrected, ==, "Anna María López de la Cruz");
}

/* ---- The refresh on a store, both engines ---- */

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_refresh (CfTestEngine  *f,
              gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfContext) context = NULL;
  g_autoptr(CfPlanBook) book = make_book ();
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CfStudent *bad;
  CfCertRow *row = NULL;
  guint n_ready = 99;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  context = cf_context_new (store, NULL);
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);

  g_ptr_array_add (students, make_student_full ("A001", FALSE));
  bad = make_student_full ("A002", FALSE);
  /* A grade without its cycle: an error. (The store keeps one grade per
   * subject, the last imported: failed attempts do not reach it.) */
  set (&((CfGrade *) g_ptr_array_index (bad->grades, 0))->ciclo, "");
  g_ptr_array_add (students, bad);
  g_ptr_array_add (students, make_student_full ("A003", FALSE));
  set (&((CfStudent *) g_ptr_array_index (students, 2))->id_carrera, "99");
  g_assert_true (cf_student_repo_import (store, students, "test.csv", &error));
  g_assert_no_error (error);

  g_assert_true (cf_certs_refresh (context, NULL, &n_ready, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_ready, ==, 1);

  rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *r = g_ptr_array_index (rows, i);

      if (g_str_equal (r->student->matricula, "A002"))
        row = r;
      if (g_str_equal (r->student->matricula, "A001"))
        g_assert_cmpint (r->status, ==, CF_CERT_STATUS_LISTO);
      else
        g_assert_cmpint (r->status, ==, CF_CERT_STATUS_BORRADOR);
      if (g_str_equal (r->student->matricula, "A003"))
        g_assert_nonnull (strstr (r->findings, CF_FINDING_CERTS_CAREER_UNKNOWN));
    }
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (row->findings, CF_FINDING_STUDENT_MISSING));

  /* The registrar adds the cycle: listo after the next refresh. */
  g_assert_true (cf_cert_repo_set_grade (store, row->id, row->row_version, "500401", "2020-2", NULL, &error));
  g_assert_no_error (error);
  {
    GAsyncResult *result = NULL;

    cf_certs_refresh_async (context, NULL, on_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (cf_certs_refresh_finish (context, result, &n_ready, &error));
    g_assert_no_error (error);
    g_object_unref (result);
  }
  g_assert_cmpuint (n_ready, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cert-build/real-shaped", test_build_real_shaped);
  g_test_add_func ("/cert-build/partial", test_build_partial);
  g_test_add_func ("/cert-build/unknown-plan", test_unknown_plan);
  g_test_add_func ("/cert-build/check-implies-valid", test_check_implies_valid);
  g_test_add_func ("/cert-build/display-name", test_display_name);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    CF_TEST_ADD_ENGINE_CASE ("cert-build", engines[i], "refresh", test_refresh);
  return g_test_run ();
}
