/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every validation rule of the Programa de Estudios: failing and passing. */

#include "config.h"

#include "cf-plan-validate.h"
#include "test-plan-fixture.h"

static void
set (GPtrArray    *rows,
     guint         index,
     CfPlanColumn  column,
     const char   *value)
{
  g_autofree char *canonical = cf_plan_canonical_value (column, value);

  cf_plan_row_set (g_ptr_array_index (rows, index), column, canonical);
}

/* Sets a plan-level value on every row of the plan of row @index. */
static void
set_plan (GPtrArray    *rows,
          guint         index,
          CfPlanColumn  column,
          const char   *value)
{
  const char *plan = ((CfPlanRow *) g_ptr_array_index (rows, index))->cells[CF_PLAN_COL_CLAVE_PLAN];
  g_autofree char *key = g_strdup (plan);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((CfPlanRow *) g_ptr_array_index (rows, i))->cells[CF_PLAN_COL_CLAVE_PLAN], key))
      set (rows, i, column, value);
}

static GPtrArray *
validate (GPtrArray     *rows,
          CfPlanHistory *history)
{
  g_autoptr(CfPlanBook) book = cf_plan_book_new_from_rows (rows, NULL);

  return cf_plan_validate (book, history, CF_PLAN_VALIDATE_NONE);
}

static CfFinding *
find_code (GPtrArray  *findings,
           const char *code)
{
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (cf_finding_get_code (g_ptr_array_index (findings, i)), code))
      return g_ptr_array_index (findings, i);
  return NULL;
}

static guint
count_code (GPtrArray  *findings,
            const char *code)
{
  guint n = 0;

  for (guint i = 0; i < findings->len; i++)
    n += g_str_equal (cf_finding_get_code (g_ptr_array_index (findings, i)), code);
  return n;
}

static void
assert_finding (GPtrArray         *findings,
                const char        *code,
                const char        *path,
                CfFindingSeverity  severity)
{
  CfFinding *finding = find_code (findings, code);

  if (finding == NULL)
    {
      g_autofree char *json = cf_finding_list_to_json (findings);

      g_error ("no %s finding in %s", code, json);
    }
  g_assert_cmpstr (cf_finding_get_path (finding), ==, path);
  g_assert_cmpint (cf_finding_get_severity (finding), ==, severity);
  g_assert_cmpstr (cf_finding_get_message (finding), !=, "");
}

static void
assert_no_code (GPtrArray  *findings,
                const char *code)
{
  CfFinding *finding = find_code (findings, code);

  if (finding != NULL)
    g_error ("unexpected %s: %s at %s", code, cf_finding_get_message (finding), cf_finding_get_path (finding));
}

/* ------------------------------------------------------------------ */

static void
test_fixture_is_clean (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = validate (rows, NULL);

  if (findings->len > 0)
    {
      g_autofree char *json = cf_finding_list_to_json (findings);
      g_error ("the fixture has findings: %s", json);
    }
}

static void
test_paths (void)
{
  g_autofree char *path = cf_plan_finding_path (12, CF_PLAN_COL_CLAVE_PLAN);
  g_autofree char *no_row = cf_plan_finding_path (0, CF_PLAN_COL_NO_RVOE);
  CfPlanColumn column = 0;
  guint row = 99;

  g_assert_cmpstr (path, ==, "/Programa/Fila[12]/@CLAVE_PLAN");
  g_assert_true (cf_plan_finding_parse_path (path, &row, &column));
  g_assert_cmpuint (row, ==, 12);
  g_assert_cmpint (column, ==, CF_PLAN_COL_CLAVE_PLAN);
  g_assert_cmpstr (no_row, ==, "/Programa/@NO_RVOE");
  g_assert_true (cf_plan_finding_parse_path (no_row, &row, &column));
  g_assert_cmpuint (row, ==, 0);
  g_assert_false (cf_plan_finding_parse_path ("/Dec/@folio", &row, &column));
  g_assert_false (cf_plan_finding_parse_path ("/Programa/Fila[x]/@CLAVE_PLAN", &row, &column));
  g_assert_false (cf_plan_finding_parse_path ("/Programa/Fila[3]/@NOPE", &row, &column));
}

static void
test_required (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;

  set (rows, 1, CF_PLAN_COL_NOMBRE_ASIGNATURA, "");
  set_plan (rows, 3, CF_PLAN_COL_FECHA_RVOE, "");
  findings = validate (rows, NULL);

  assert_finding (findings, "plan.required", "/Programa/Fila[3]/@NOMBRE_ASIGNATURA", CF_FINDING_ERROR);
  /* A plan's value is reported once, on the plan's first row. */
  g_assert_cmpuint (count_code (findings, "plan.required"), ==, 2);
  g_assert_cmpstr (cf_finding_get_path (g_ptr_array_index (findings, 1)), ==, "/Programa/Fila[5]/@FECHA_RVOE");
}

static void
test_integer_ids (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) good = fixture_rows ();
  g_autoptr(GPtrArray) good_findings = NULL;

  set (rows, 0, CF_PLAN_COL_ID_ASIGNATURA, "10A1");
  set_plan (rows, 3, CF_PLAN_COL_ID_CARRERA, "-5");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.id-not-integer", "/Programa/Fila[2]/@ID_ASIGNATURA", CF_FINDING_ERROR);
  g_assert_cmpuint (count_code (findings, "plan.id-not-integer"), ==, 2);

  /* "1001.0" from a spreadsheet is the integer 1001. */
  set (good, 0, CF_PLAN_COL_ID_ASIGNATURA, "1001.0");
  good_findings = validate (good, NULL);
  assert_no_code (good_findings, "plan.id-not-integer");
}

static void
test_numbers_and_keys (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;

  set (rows, 0, CF_PLAN_COL_CREDITOS, "ocho");
  set (rows, 1, CF_PLAN_COL_PERIODO, "0");
  for (guint i = 0; i < rows->len; i++)
    set (rows, i, CF_PLAN_COL_ID_CAMPUS, "09-01");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.not-number", "/Programa/Fila[2]/@CREDITOS", CF_FINDING_ERROR);
  assert_finding (findings, "plan.not-integer", "/Programa/Fila[3]/@PERIODO", CF_FINDING_ERROR);
  assert_finding (findings, "plan.not-digits", "/Programa/Fila[2]/@ID_CAMPUS", CF_FINDING_ERROR);
}

static void
test_duplicate_ids (void)
{
  g_autoptr(GPtrArray) in_plan = fixture_rows ();
  g_autoptr(GPtrArray) across = fixture_rows ();
  g_autoptr(GPtrArray) careers = fixture_rows ();
  g_autoptr(GPtrArray) shared = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;

  /* The same subject ID twice in one plan. */
  set (in_plan, 2, CF_PLAN_COL_ID_ASIGNATURA, "1001");
  findings = validate (in_plan, NULL);
  assert_finding (findings, "plan.duplicate-id", "/Programa/Fila[4]/@ID_ASIGNATURA", CF_FINDING_ERROR);
  g_assert_cmpuint (count_code (findings, "plan.duplicate-id"), ==, 1);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* One ID for two different subjects in two plans. */
  set (across, 3, CF_PLAN_COL_ID_ASIGNATURA, "1001");
  findings = validate (across, NULL);
  assert_finding (findings, "plan.duplicate-id", "/Programa/Fila[5]/@ID_ASIGNATURA", CF_FINDING_ERROR);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* One career ID for two careers (in two campuses). */
  for (guint i = 3; i < 5; i++)
    {
      set (careers, i, CF_PLAN_COL_ID_CAMPUS, "090102");
      set (careers, i, CF_PLAN_COL_ID_CARRERA, "101");
    }
  findings = validate (careers, NULL);
  g_assert_nonnull (find_code (findings, "plan.duplicate-id"));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Passing: the same subject (ID and key) in two plans is one subject. */
  set (shared, 3, CF_PLAN_COL_ID_ASIGNATURA, "1001");
  set (shared, 3, CF_PLAN_COL_CLAVE_ASIGNATURA, "DER101");
  findings = validate (shared, NULL);
  assert_no_code (findings, "plan.duplicate-id");
}

static void
test_duplicate_plan (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *plan = cf_plan_node_get_parent (fixture_subject (book, "1001"));
  CfPlanNode *copy;

  findings = cf_plan_validate (book, NULL, 0);
  assert_no_code (findings, "plan.duplicate-plan");
  g_clear_pointer (&findings, g_ptr_array_unref);

  copy = cf_plan_book_duplicate (book, plan, &error);
  g_assert_no_error (error);
  findings = cf_plan_validate (book, NULL, 0);
  assert_finding (findings, "plan.duplicate-plan", "/Programa/Fila[5]/@CLAVE_PLAN", CF_FINDING_ERROR);

  /* A new empty plan is a warning: nothing of it goes to SEP. */
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_assert_true (cf_plan_book_set_value (book, copy, CF_PLAN_COL_CLAVE_PLAN, "2024", &error));
  g_assert_nonnull (cf_plan_book_insert (book, cf_plan_node_get_parent (plan), -1, &error));
  findings = cf_plan_validate (book, NULL, 0);
  assert_no_code (findings, "plan.duplicate-plan");
  g_assert_nonnull (find_code (findings, "plan.empty"));
  g_assert_cmpint (cf_finding_get_severity (find_code (findings, "plan.empty")), ==, CF_FINDING_WARNING);
}

static void
test_id_reused (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(CfPlanHistory) history = cf_plan_history_new ();
  g_autoptr(CfPlanHistory) same = cf_plan_history_new ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) passing = NULL;
  CfFinding *finding;

  /* 1002 was once sent for another subject; career 102 for another career. */
  cf_plan_history_add (history, CF_PLAN_COL_ID_ASIGNATURA, "1002", "MAT100", "MATEMÁTICAS", "2023-01-10T09:00:00Z");
  cf_plan_history_add (history, CF_PLAN_COL_ID_CARRERA, "102", "600000", "INGENIERÍA", "2022-08-01");
  findings = validate (rows, history);
  assert_finding (findings, "plan.id-reused", "/Programa/Fila[3]/@ID_ASIGNATURA", CF_FINDING_ERROR);
  finding = find_code (findings, "plan.id-reused");
  g_assert_nonnull (strstr (cf_finding_get_message (finding), "2023-01-10"));
  g_assert_nonnull (strstr (cf_finding_get_message (finding), "MAT100"));
  g_assert_cmpuint (count_code (findings, "plan.id-reused"), ==, 2);

  /* Passing: same ID and key, with a new name and credits, is an edit. */
  cf_plan_history_add (same, CF_PLAN_COL_ID_ASIGNATURA, "1002", "DER102", "DERECHO ROMANO I", "2023-01-10");
  set (rows, 1, CF_PLAN_COL_CREDITOS, "8");
  passing = validate (rows, same);
  assert_no_code (passing, "plan.id-reused");
}

static void
test_dates (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;

  set_plan (rows, 0, CF_PLAN_COL_FECHA_RVOE, "31/02/2020");
  set_plan (rows, 3, CF_PLAN_COL_FECHA_RVOE, "2999-01-01");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.bad-date", "/Programa/Fila[2]/@FECHA_RVOE", CF_FINDING_ERROR);
  assert_finding (findings, "plan.future-date", "/Programa/Fila[5]/@FECHA_RVOE", CF_FINDING_WARNING);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Passing: dates written the Mexican way or as serials become real dates. */
  set_plan (rows, 0, CF_PLAN_COL_FECHA_RVOE, "09/04/2018");
  set_plan (rows, 3, CF_PLAN_COL_FECHA_RVOE, "43839");
  findings = validate (rows, NULL);
  assert_no_code (findings, "plan.bad-date");
  assert_no_code (findings, "plan.future-date");
}

static void
test_rvoe (void)
{
  static const char * const good[] = { "20180409", "ACUERDO 1980", "ACUERDO NO. 243", "DECRETO 17",
                                       "ACUERDO 2/1985", "DECRETO17", NULL };
  static const char * const bad[] = { "", "ACUERDO", "RVOE-123", "acuerdo 12", "2018 0409", "DECRETO X1",
                                      "SEP/123", NULL };
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;

  for (guint i = 0; good[i] != NULL; i++)
    g_assert_true (cf_plan_rvoe_is_valid (good[i]));
  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (cf_plan_rvoe_is_valid (bad[i]));

  set_plan (rows, 0, CF_PLAN_COL_NO_RVOE, "RVOE-123");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.rvoe-format", "/Programa/Fila[2]/@NO_RVOE", CF_FINDING_ERROR);
  g_assert_cmpuint (count_code (findings, "plan.rvoe-format"), ==, 1);
}

static void
test_catalogs (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;

  set_plan (rows, 0, CF_PLAN_COL_ID_TIPO_PERIODO, "99");
  set (rows, 0, CF_PLAN_COL_ID_NIVEL_ESTUDIOS, "80");
  set (rows, 1, CF_PLAN_COL_ID_NIVEL_ESTUDIOS, "80");
  set (rows, 2, CF_PLAN_COL_ID_NIVEL_ESTUDIOS, "80");
  set (rows, 1, CF_PLAN_COL_ID_TIPO_ASIGNATURA, "300");
  for (guint i = 0; i < rows->len; i++)
    set (rows, i, CF_PLAN_COL_ID_ENTIDAD, "33");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.unknown-code", "/Programa/Fila[2]/@ID_ENTIDAD", CF_FINDING_ERROR);
  g_assert_cmpuint (count_code (findings, "plan.unknown-code"), ==, 4);
  g_assert_nonnull (strstr (cf_finding_get_message (g_ptr_array_index (findings, 0)), "33"));
}

static void
test_grading_scale (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;

  /* min = passing: wrong; passing > max: wrong. */
  set_plan (rows, 0, CF_PLAN_COL_CALIFICACION_MINIMA, "6");
  set_plan (rows, 3, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA, "101");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.grading-scale", "/Programa/Fila[2]/@CALIFICACION_MINIMA_APROBATORIA",
                  CF_FINDING_ERROR);
  g_assert_cmpuint (count_code (findings, "plan.grading-scale"), ==, 2);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Passing: the passing grade may equal the maximum. */
  set_plan (rows, 0, CF_PLAN_COL_CALIFICACION_MINIMA, "0");
  set_plan (rows, 0, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA, "10");
  set_plan (rows, 3, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA, "100");
  findings = validate (rows, NULL);
  assert_no_code (findings, "plan.grading-scale");
}

static void
test_totals (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;
  CfPlanRow *extra;

  set_plan (rows, 0, CF_PLAN_COL_TOTAL_ASIGNATURAS, "4");
  set_plan (rows, 3, CF_PLAN_COL_TOTAL_CREDITOS, "13");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.total-subjects", "/Programa/Fila[2]/@TOTAL_ASIGNATURAS", CF_FINDING_ERROR);
  assert_finding (findings, "plan.total-credits", "/Programa/Fila[5]/@TOTAL_CREDITOS", CF_FINDING_ERROR);
  g_assert_nonnull (strstr (cf_finding_get_message (find_code (findings, "plan.total-credits")), "12.5"));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Passing: a COMPLEMENTARIA subject is listed but counts in no total. */
  set_plan (rows, 0, CF_PLAN_COL_TOTAL_ASIGNATURAS, "3");
  set_plan (rows, 3, CF_PLAN_COL_TOTAL_CREDITOS, "12.5");
  extra = cf_plan_row_copy (g_ptr_array_index (rows, 2));
  g_ptr_array_insert (rows, 3, extra);
  set (rows, 3, CF_PLAN_COL_ID_ASIGNATURA, "1009");
  set (rows, 3, CF_PLAN_COL_CLAVE_ASIGNATURA, "DEP001");
  set (rows, 3, CF_PLAN_COL_NOMBRE_ASIGNATURA, "DEPORTES");
  set (rows, 3, CF_PLAN_COL_ID_TIPO_ASIGNATURA, "266");
  set (rows, 3, CF_PLAN_COL_CREDITOS, "2");
  findings = validate (rows, NULL);
  assert_no_code (findings, "plan.total-subjects");
  assert_no_code (findings, "plan.total-credits");
}

static void
test_withdrawn (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;

  /* A withdrawn plan: a warning, and its other problems do not count. */
  set_plan (rows, 3, CF_PLAN_COL_ESTATUS_PLAN, "BAJA");
  set_plan (rows, 3, CF_PLAN_COL_NO_RVOE, "RVOE-123");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.withdrawn", "/Programa/Fila[5]/@ESTATUS_PLAN", CF_FINDING_WARNING);
  assert_no_code (findings, "plan.rvoe-format");
  g_assert_false (cf_finding_list_has_errors (findings));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* A status that is neither. */
  set_plan (rows, 3, CF_PLAN_COL_ESTATUS_PLAN, "QUIZÁ");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.bad-status", "/Programa/Fila[5]/@ESTATUS_PLAN", CF_FINDING_ERROR);
  assert_no_code (findings, "plan.withdrawn");
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Passing: current. */
  set_plan (rows, 3, CF_PLAN_COL_ESTATUS_PLAN, "VIGENTE");
  set_plan (rows, 3, CF_PLAN_COL_NO_RVOE, "20200115");
  findings = validate (rows, NULL);
  assert_no_code (findings, "plan.withdrawn");
  assert_no_code (findings, "plan.bad-status");
}

static void
test_key_two_names (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) findings = NULL;

  set (rows, 1, CF_PLAN_COL_CLAVE_ASIGNATURA, "DER101");
  findings = validate (rows, NULL);
  assert_finding (findings, "plan.key-two-names", "/Programa/Fila[3]/@NOMBRE_ASIGNATURA", CF_FINDING_ERROR);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Passing: the same key and name twice, and the same key in another plan. */
  set (rows, 1, CF_PLAN_COL_NOMBRE_ASIGNATURA, "INTRODUCCIÓN AL DERECHO");
  set (rows, 3, CF_PLAN_COL_CLAVE_ASIGNATURA, "DER101");
  findings = validate (rows, NULL);
  assert_no_code (findings, "plan.key-two-names");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/plan-validate/fixture-is-clean", test_fixture_is_clean);
  g_test_add_func ("/core/plan-validate/paths", test_paths);
  g_test_add_func ("/core/plan-validate/required", test_required);
  g_test_add_func ("/core/plan-validate/integer-ids", test_integer_ids);
  g_test_add_func ("/core/plan-validate/numbers-and-keys", test_numbers_and_keys);
  g_test_add_func ("/core/plan-validate/duplicate-ids", test_duplicate_ids);
  g_test_add_func ("/core/plan-validate/duplicate-plan", test_duplicate_plan);
  g_test_add_func ("/core/plan-validate/id-reused", test_id_reused);
  g_test_add_func ("/core/plan-validate/dates", test_dates);
  g_test_add_func ("/core/plan-validate/rvoe", test_rvoe);
  g_test_add_func ("/core/plan-validate/catalogs", test_catalogs);
  g_test_add_func ("/core/plan-validate/grading-scale", test_grading_scale);
  g_test_add_func ("/core/plan-validate/totals", test_totals);
  g_test_add_func ("/core/plan-validate/withdrawn", test_withdrawn);
  g_test_add_func ("/core/plan-validate/key-two-names", test_key_two_names);

  return g_test_run ();
}
