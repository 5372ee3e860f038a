/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-curp.h"
#include "cf-student-check.h"
#include "test-plan-fixture.h"

#define WOMAN "250"
#define MAN   "251"

/* A valid CURP of a woman born 1 January 1980 (domain reference, examples). */
#define CURP_WOMAN_1980 "PELM800101MDFRPR01"
/* A man born 12 March 1985. */
#define CURP_MAN_1985   "GOMC850312HDFNRR09"

static const char * const signer_campuses[] = { "090101", NULL };
static const CfStudentCheckOptions with_signer = { signer_campuses };

/* ---- generated plans ---------------------------------------------- */

/* A plan "GEN" of career 301: @n_periods periods of three subjects each
 * (ids 5000 + 10 × period + k; 8 credits), the third of the last period
 * OPTATIVA, plus one COMPLEMENTARIA (5999, 0 credits). Scale as given. */
static CfPlanBook *
generated_book (guint       n_periods,
                const char *minimum,
                const char *maximum,
                const char *passing)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_row_free);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  g_autofree char *total_credits = g_strdup_printf ("%u", n_periods * 3 * 8);
  g_autofree char *total_subjects = g_strdup_printf ("%u", n_periods * 3 + 1);
  CfPlanBook *book;

  for (guint p = 1; p <= n_periods + 1; p++)
    for (guint k = 1; k <= 3; k++)
      {
        CfPlanRow *row = cf_plan_row_new ();
        gboolean extra = p == n_periods + 1;
        g_autofree char *id = extra ? g_strdup ("5999") : g_strdup_printf ("%u", 5000 + 10 * p + k);
        g_autofree char *period = g_strdup_printf ("%u", extra ? n_periods : p);

        if (extra && k > 1)
          {
            cf_plan_row_free (row);
            break;
          }
        for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
          cf_plan_row_set (row, c, fixture_subjects[0][c]);
        cf_plan_row_set (row, CF_PLAN_COL_ID_CARRERA, "301");
        cf_plan_row_set (row, CF_PLAN_COL_CLAVE_PLAN, "GEN");
        cf_plan_row_set (row, CF_PLAN_COL_CALIFICACION_MINIMA, minimum);
        cf_plan_row_set (row, CF_PLAN_COL_CALIFICACION_MAXIMA, maximum);
        cf_plan_row_set (row, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA, passing);
        cf_plan_row_set (row, CF_PLAN_COL_TOTAL_ASIGNATURAS, total_subjects);
        cf_plan_row_set (row, CF_PLAN_COL_TOTAL_CREDITOS, total_credits);
        cf_plan_row_set (row, CF_PLAN_COL_ID_ASIGNATURA, id);
        cf_plan_row_set (row, CF_PLAN_COL_CLAVE_ASIGNATURA, id);
        cf_plan_row_set (row, CF_PLAN_COL_NOMBRE_ASIGNATURA, "MATERIA GENERADA");
        cf_plan_row_set (row, CF_PLAN_COL_ID_TIPO_ASIGNATURA,
                         extra ? "266" : (p == n_periods && k == 3) ? "264" : "263");
        cf_plan_row_set (row, CF_PLAN_COL_CREDITOS, extra ? "0" : "8");
        cf_plan_row_set (row, CF_PLAN_COL_PERIODO, period);
        row->row = rows->len + 2;
        g_ptr_array_add (rows, row);
      }

  book = cf_plan_book_new_from_rows (rows, rejected);
  g_assert_cmpuint (rejected->len, ==, 0);
  return book;
}

/* The plan with clave @clave. */
static CfPlanNode *
plan_of (CfPlanBook *book,
         const char *clave)
{
  g_autoptr(GPtrArray) plans = cf_plan_book_list_level (book, CF_PLAN_LEVEL_PLAN);

  for (guint i = 0; i < plans->len; i++)
    if (g_str_equal (cf_plan_node_get (g_ptr_array_index (plans, i), CF_PLAN_COL_CLAVE_PLAN), clave))
      return g_ptr_array_index (plans, i);
  g_assert_not_reached ();
  return NULL;
}

/* ---- records ------------------------------------------------------ */

/* A CURP from 17 characters, with the check digit the core computes. */
static char *
curp_with_digit (const char *first17)
{
  char digit = cf_curp_compute_check_digit (first17);

  g_assert_cmpint (digit, !=, 0);
  return g_strdup_printf ("%s%c", first17, digit);
}

/* Ana López Pérez, a TOTAL certificate of plan 2018 (Derecho), all passed. */
static const CfStudentRecordGrade derecho_grades[] = {
  { "1001", "2018-1", "8", NULL },
  { "1002", "2018-1", "9.5", "100" },
  { "1003", "2018-2", "7", NULL },
};

static CfStudentRecord
derecho_record (void)
{
  CfStudentRecord record = {
    .matricula = "A0001",
    .curp = CURP_WOMAN_1980,
    .nombre = "ANA",
    .primer_apellido = "LOPEZ",
    .segundo_apellido = "PEREZ",
    .id_genero = WOMAN,
    .fecha_nacimiento = "1980-01-01",
    .email = "ana.lopez@ejemplo.edu.mx",
    .id_campus = "090101",
    .id_tipo_certificacion = "79",
    .grades = derecho_grades,
    .n_grades = G_N_ELEMENTS (derecho_grades),
  };
  return record;
}

/* The finding with @code, or NULL. */
static CfFinding *
find (GPtrArray  *findings,
      const char *code)
{
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (cf_finding_get_code (g_ptr_array_index (findings, i)), code))
      return g_ptr_array_index (findings, i);
  return NULL;
}

static void
dump (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *finding = g_ptr_array_index (findings, i);

      g_test_message ("%s %s %s: %s", cf_finding_severity_to_string (cf_finding_get_severity (finding)),
                      cf_finding_get_code (finding), cf_finding_get_path (finding),
                      cf_finding_get_message (finding));
    }
}

static GPtrArray *
check (const CfStudentRecord       *record,
       CfPlanNode                  *plan,
       const CfStudentCheckOptions *options,
       CfStudentTotals             *totals)
{
  GPtrArray *findings = cf_student_check (record, plan, options, totals);

  g_assert_nonnull (findings);
  dump (findings);
  return findings;
}

/* ---- tests -------------------------------------------------------- */

static void
test_ready (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfStudentRecord record = derecho_record ();
  CfStudentTotals totals;
  g_autoptr(GPtrArray) findings = check (&record, plan_of (book, "2018"), &with_signer, &totals);

  g_assert_cmpuint (findings->len, ==, 0);
  g_assert_true (cf_student_check_is_ready (findings));
  g_assert_cmpint (totals.total, ==, 3);
  g_assert_cmpint (totals.asignadas, ==, 3);
  g_assert_cmpint (totals.total_creditos, ==, 2400);
  g_assert_cmpint (totals.creditos_obtenidos, ==, 2400);
  /* (8 + 9.5 + 7) / 3 = 8.1666…, truncated, not rounded. */
  g_assert_cmpint (totals.promedio, ==, 816);
  g_assert_cmpint (totals.numero_ciclos, ==, 2);

  /* A subject node stands for its plan. */
  {
    g_autoptr(GPtrArray) again = check (&record, fixture_subject (book, "1002"), &with_signer, NULL);
    g_assert_cmpuint (again->len, ==, 0);
  }
}

static void
test_curp (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfPlanNode *plan = plan_of (book, "2018");
  CfStudentRecord record = derecho_record ();
  g_autoptr(GPtrArray) digit = NULL, format = NULL, empty = NULL, date = NULL, sex = NULL, man = NULL;
  g_autofree char *generated = curp_with_digit ("ROGA020229MJCDRNA");   /* 2002 was not a leap year */
  g_autofree char *leap = curp_with_digit ("ROGA040229MJCDRNA");
  CfFinding *finding;

  record.curp = "PELM800101MDFRPR07";
  digit = check (&record, plan, &with_signer, NULL);
  finding = find (digit, CF_FINDING_CURP_CHECK_DIGIT);
  g_assert_nonnull (finding);
  g_assert_true (cf_finding_is_error (finding));
  g_assert_cmpstr (cf_finding_get_path (finding), ==, "/Dec/Alumno/@curp");
  g_assert_cmpint (cf_student_check_get_place (finding), ==, CF_STUDENT_PLACE_STUDENT);
  g_assert_false (cf_student_check_is_ready (digit));

  record.curp = generated;   /* a date that does not exist: format */
  format = check (&record, plan, &with_signer, NULL);
  g_assert_nonnull (find (format, CF_FINDING_CURP_FORMAT));

  record.curp = "";
  empty = check (&record, plan, &with_signer, NULL);
  g_assert_nonnull (find (empty, CF_FINDING_STUDENT_MISSING));
  g_assert_false (cf_student_check_is_ready (empty));

  /* Valid CURP, other birth date: a warning (one of the two is wrong). */
  record.curp = leap;
  date = check (&record, plan, &with_signer, NULL);
  finding = find (date, CF_FINDING_CURP_BIRTH_DATE);
  g_assert_nonnull (finding);
  g_assert_false (cf_finding_is_error (finding));
  g_assert_cmpstr (cf_finding_get_path (finding), ==, "/Dec/Alumno/@fechaNacimiento");
  g_assert_true (cf_student_check_is_ready (date));
  record.fecha_nacimiento = "2004-02-29";
  {
    g_autoptr(GPtrArray) agreed = check (&record, plan, &with_signer, NULL);
    g_assert_cmpuint (agreed->len, ==, 0);
  }

  /* A man's record with a woman's CURP, and the reverse. */
  record = derecho_record ();
  record.id_genero = MAN;
  sex = check (&record, plan, &with_signer, NULL);
  g_assert_nonnull (find (sex, CF_FINDING_CURP_GENDER));
  g_assert_true (cf_student_check_is_ready (sex));

  record.curp = CURP_MAN_1985;
  record.fecha_nacimiento = "1985-03-12";
  man = check (&record, plan, &with_signer, NULL);
  g_assert_cmpuint (man->len, ==, 0);

  record.id_genero = "H";
  {
    g_autoptr(GPtrArray) code = check (&record, plan, &with_signer, NULL);
    g_assert_nonnull (find (code, CF_FINDING_STUDENT_GENDER));
    g_assert_false (cf_student_check_is_ready (code));
  }
}

/* Many generated students: each CURP built with the core's check digit
 * passes, each with one character changed fails. */
static void
test_generated_curps (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfPlanNode *plan = plan_of (book, "2018");
  static const char * const states[] = { "DF", "JC", "NL", "MC", "PL", "VZ", "YN", "NE" };

  for (guint i = 0; i < 40; i++)
    {
      int year = 1975 + (int) i;
      int month = 1 + (int) (i % 12);
      int day = 1 + (int) ((i * 7) % 28);
      gboolean woman = i % 2 == 0;
      g_autofree char *first17 = g_strdup_printf ("GAR%c%02d%02d%02d%c%sRRL%c", "AEIO"[i % 4],
                                                  year % 100, month, day, woman ? 'M' : 'H',
                                                  states[i % G_N_ELEMENTS (states)],
                                                  year < 2000 ? '0' : 'A');
      g_autofree char *curp = curp_with_digit (first17);
      g_autofree char *birth = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
      g_autofree char *wrong = g_strdup (curp);
      CfStudentRecord record = derecho_record ();
      g_autoptr(GPtrArray) good = NULL, bad = NULL;

      record.curp = curp;
      record.fecha_nacimiento = birth;
      record.id_genero = woman ? WOMAN : MAN;
      good = check (&record, plan, &with_signer, NULL);
      g_assert_cmpuint (good->len, ==, 0);

      wrong[17] = wrong[17] == '9' ? '0' : wrong[17] + 1;
      record.curp = wrong;
      bad = check (&record, plan, &with_signer, NULL);
      g_assert_nonnull (find (bad, CF_FINDING_CURP_CHECK_DIGIT));
    }
}

static void
test_required_subjects (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfPlanNode *plan = plan_of (book, "2018");
  CfStudentRecord record = derecho_record ();
  static const CfStudentRecordGrade two[] = {
    { "1001", "2018-1", "8", NULL },
    { "1002", "2018-1", "9", NULL },
  };
  static const CfStudentRecordGrade failed[] = {
    { "1001", "2018-1", "8", NULL },
    { "1002", "2018-1", "9", NULL },
    { "1003", "2018-2", "5", NULL },
  };
  g_autoptr(GPtrArray) missing = NULL, not_passed = NULL, partial = NULL, partial_full = NULL;
  CfFinding *finding;
  CfStudentTotals totals;

  record.grades = two;
  record.n_grades = G_N_ELEMENTS (two);
  missing = check (&record, plan, &with_signer, NULL);
  finding = find (missing, CF_FINDING_STUDENT_SUBJECT_MISSING);
  g_assert_nonnull (finding);
  g_assert_true (cf_finding_is_error (finding));
  g_assert_nonnull (strstr (cf_finding_get_message (finding), "1003"));
  g_assert_cmpint (cf_student_check_get_place (finding), ==, CF_STUDENT_PLACE_GRADES);
  /* 16 credits of 24: not a TOTAL. */
  g_assert_nonnull (find (missing, CF_FINDING_TIPO_CERTIFICACION));

  record.grades = failed;
  record.n_grades = G_N_ELEMENTS (failed);
  not_passed = check (&record, plan, &with_signer, &totals);
  finding = find (not_passed, CF_FINDING_STUDENT_SUBJECT_FAILED);
  g_assert_nonnull (finding);
  g_assert_cmpuint (cf_student_check_get_grade_index (finding), ==, 3);
  g_assert_cmpstr (cf_finding_get_path (finding), ==, "/Dec/Asignaturas/Asignatura[3]/@calificacion");
  /* A failed subject is not on the certificate. */
  g_assert_cmpint (totals.total, ==, 2);
  g_assert_cmpint (totals.promedio, ==, 850);

  /* PARCIAL: nothing is required. */
  record.id_tipo_certificacion = "80";
  partial = check (&record, plan, &with_signer, NULL);
  g_assert_true (cf_student_check_is_ready (partial));
  g_assert_null (find (partial, CF_FINDING_STUDENT_SUBJECT_FAILED));

  /* ...but a PARCIAL with every credit should be TOTAL. */
  record = derecho_record ();
  record.id_tipo_certificacion = "80";
  partial_full = check (&record, plan, &with_signer, NULL);
  g_assert_nonnull (find (partial_full, CF_FINDING_TIPO_CERTIFICACION));

  record.id_tipo_certificacion = "81";
  {
    g_autoptr(GPtrArray) unknown = check (&record, plan, &with_signer, NULL);
    g_assert_nonnull (find (unknown, CF_FINDING_CATALOG_UNKNOWN));
  }
}

static void
test_scale (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) broken = generated_book (1, "10", "5", "6");
  CfStudentRecord record = derecho_record ();
  static const CfStudentRecordGrade high[] = {
    { "1001", "2018-1", "11", NULL },
    { "1002", "2018-1", "4", NULL },
    { "1003", "2018-2", "ocho", NULL },
    { "1002", "2018-2", "7", "71" },
  };
  static const CfStudentRecordGrade hundred[] = {
    { "2001", "2020-1", "85", NULL },
    { "2002", "2020-1", "AC", NULL },
  };
  g_autoptr(GPtrArray) out = NULL, percent = NULL, bad_plan = NULL;
  CfStudentTotals totals;
  CfFinding *finding;
  guint range = 0;

  record.grades = high;
  record.n_grades = G_N_ELEMENTS (high);
  out = check (&record, plan_of (book, "2018"), &with_signer, NULL);
  for (guint i = 0; i < out->len; i++)
    if (g_str_equal (cf_finding_get_code (g_ptr_array_index (out, i)), CF_FINDING_GRADE_RANGE))
      range++;
  g_assert_cmpuint (range, ==, 2);   /* 11 > 10 and 4 < 5 */
  finding = find (out, CF_FINDING_GRADE_INVALID);
  g_assert_nonnull (finding);
  g_assert_cmpuint (cf_student_check_get_grade_index (finding), ==, 3);
  /* Graded, wrongly: not passed, rather than missing. */
  g_assert_null (find (out, CF_FINDING_STUDENT_SUBJECT_MISSING));
  g_assert_nonnull (find (out, CF_FINDING_STUDENT_SUBJECT_FAILED));

  /* The psychology plan grades 0–100, passing at 70. */
  record = derecho_record ();
  record.grades = hundred;
  record.n_grades = G_N_ELEMENTS (hundred);
  percent = check (&record, plan_of (book, "2020"), &with_signer, &totals);
  g_assert_true (cf_student_check_is_ready (percent));
  g_assert_cmpint (totals.total, ==, 2);
  g_assert_cmpint (totals.promedio, ==, 8500);   /* AC is not averaged */
  g_assert_cmpint (totals.creditos_obtenidos, ==, 1250);

  /* A plan whose minimum is above its maximum. */
  record = derecho_record ();
  record.grades = NULL;
  record.n_grades = 0;
  bad_plan = check (&record, plan_of (broken, "GEN"), &with_signer, NULL);
  finding = find (bad_plan, CF_FINDING_STUDENT_PLAN_SCALE);
  g_assert_nonnull (finding);
  g_assert_cmpint (cf_student_check_get_place (finding), ==, CF_STUDENT_PLACE_PLAN);
}

static void
test_late_subjects (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) generated = generated_book (3, "0", "10", "6");
  CfPlanNode *plan = plan_of (book, "2018");
  CfStudentRecord record = derecho_record ();
  static const CfStudentRecordGrade retaken[] = {
    { "1001", "2018-1", "8", NULL },
    { "1002", "2018-1", "5", NULL },
    { "1003", "2018-2", "7", NULL },
    { "1002", "2018-2", "6", NULL },
  };
  static const CfStudentRecordGrade observed[] = {
    { "1001", "2018-1", "8", NULL },
    { "1002", "2018-1", "5", NULL },
    { "1003", "2018-2", "7", NULL },
    { "1002", "2018-2", "6", "71" },
  };
  static const CfStudentRecordGrade unknown_code[] = {
    { "1001", "2018-1", "8", NULL },
    { "1002", "2018-1", "9", "99" },
    { "1003", "2018-2", "7", NULL },
  };
  /* Period 1 in 2019-1, but 5012 passed in 2020-2 with no failed try listed. */
  static const CfStudentRecordGrade gen[] = {
    { "5011", "2019-1", "9", NULL }, { "5012", "2020-2", "8", NULL }, { "5013", "2019-1", "10", NULL },
    { "5021", "2019-2", "9", NULL }, { "5022", "2019-2", "8", NULL }, { "5023", "2019-2", "9", NULL },
    { "5031", "2020-1", "7", NULL }, { "5032", "2020-1", "8", NULL }, { "5033", "2020-1", "9", NULL },
    { "5999", "2020-1", "AC", NULL },
  };
  g_autoptr(GPtrArray) missing = NULL, fine = NULL, unknown = NULL, late = NULL;
  CfStudentTotals totals;
  CfFinding *finding;

  record.grades = retaken;
  record.n_grades = G_N_ELEMENTS (retaken);
  missing = check (&record, plan, &with_signer, &totals);
  finding = find (missing, CF_FINDING_STUDENT_OBSERVATION);
  g_assert_nonnull (finding);
  g_assert_true (cf_finding_is_error (finding));
  g_assert_cmpstr (cf_finding_get_path (finding), ==, "/Dec/Asignaturas/Asignatura[4]/@idObservaciones");
  /* The later pass is what the certificate carries: (8 + 7 + 6) / 3. */
  g_assert_cmpint (totals.promedio, ==, 700);
  g_assert_cmpint (totals.asignadas, ==, 3);

  record.grades = observed;
  record.n_grades = G_N_ELEMENTS (observed);
  fine = check (&record, plan, &with_signer, NULL);
  g_assert_cmpuint (fine->len, ==, 0);

  record.grades = unknown_code;
  record.n_grades = G_N_ELEMENTS (unknown_code);
  unknown = check (&record, plan, &with_signer, NULL);
  finding = find (unknown, CF_FINDING_CATALOG_UNKNOWN);
  g_assert_nonnull (finding);
  g_assert_cmpuint (cf_student_check_get_grade_index (finding), ==, 2);

  record.grades = gen;
  record.n_grades = G_N_ELEMENTS (gen);
  late = check (&record, plan_of (generated, "GEN"), &with_signer, &totals);
  finding = find (late, CF_FINDING_STUDENT_OBSERVATION_LATE);
  g_assert_nonnull (finding);
  g_assert_false (cf_finding_is_error (finding));
  g_assert_cmpuint (cf_student_check_get_grade_index (finding), ==, 2);
  g_assert_true (cf_student_check_is_ready (late));
  /* The COMPLEMENTARIA is listed but counts in nothing. */
  g_assert_cmpint (totals.total, ==, 9);
  g_assert_cmpint (totals.asignadas, ==, 9);
  g_assert_cmpint (totals.creditos_obtenidos, ==, 7200);
  g_assert_cmpint (totals.total_creditos, ==, 7200);
  g_assert_cmpint (totals.promedio, ==, 855);   /* 77 / 9 = 8.555… */
  g_assert_cmpint (totals.numero_ciclos, ==, 4);
}

/* Totals computed by cf_dec_compute_totals; the school's average compared. */
static void
test_promedio (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfStudentRecord record = derecho_record ();
  static const CfStudentRecordGrade tens[] = {
    { "1001", "2018-1", "10", NULL },
    { "1002", "2018-1", "10.00", NULL },
    { "1003", "2018-2", "10", NULL },
  };
  g_autoptr(GPtrArray) rounded = NULL, same = NULL, ten = NULL;
  CfStudentTotals totals;
  CfFinding *finding;

  /* The school system rounds 8.1666 to 8.17; the certificate truncates. */
  record.promedio = "8.17";
  rounded = check (&record, plan_of (book, "2018"), &with_signer, NULL);
  finding = find (rounded, CF_FINDING_STUDENT_PROMEDIO);
  g_assert_nonnull (finding);
  g_assert_false (cf_finding_is_error (finding));
  g_assert_nonnull (strstr (cf_finding_get_message (finding), "8.16"));

  record.promedio = "8.16";
  same = check (&record, plan_of (book, "2018"), &with_signer, NULL);
  g_assert_cmpuint (same->len, ==, 0);

  record.grades = tens;
  record.promedio = "10";
  ten = check (&record, plan_of (book, "2018"), &with_signer, &totals);
  g_assert_cmpuint (ten->len, ==, 0);
  g_assert_cmpint (totals.promedio, ==, 1000);
}

static void
test_unknown_subject (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfStudentRecord record = derecho_record ();
  static const CfStudentRecordGrade stray[] = {
    { "1001", "2018-1", "8", NULL },
    { "1002", "2018-1", "9.5", NULL },
    { "2001", "2018-2", "9", NULL },   /* psychology's, not this plan's */
    { "1003", "2018-2", "7", NULL },
    { "", "2018-2", "7", NULL },
  };
  g_autoptr(GPtrArray) findings = NULL;
  guint unknown = 0;

  record.grades = stray;
  record.n_grades = G_N_ELEMENTS (stray);
  findings = check (&record, plan_of (book, "2018"), &with_signer, NULL);
  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (cf_finding_get_code (finding), CF_FINDING_STUDENT_SUBJECT_UNKNOWN))
        {
          unknown++;
          g_assert_true (cf_student_check_get_grade_index (finding) == 3 ||
                         cf_student_check_get_grade_index (finding) == 5);
        }
    }
  g_assert_cmpuint (unknown, ==, 2);
  g_assert_false (cf_student_check_is_ready (findings));
}

static void
test_signer_and_email (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfPlanNode *plan = plan_of (book, "2018");
  CfStudentRecord record = derecho_record ();
  static const char * const other_campus[] = { "150101", NULL };
  const CfStudentCheckOptions elsewhere = { other_campus };
  static const char * const bad_emails[] = {
    "", "ana.lopez", "ana@ejemplo", "ana lopez@ejemplo.mx", "@ejemplo.mx", "ana@@ejemplo.mx",
    "ana@ejemplo.mx;beto@ejemplo.mx", "ana@.mx", "ana@ejemplo.", "ana@ejemplo..mx",
  };
  static const char * const good_emails[] = {
    "ana@ejemplo.mx", " ana.lopez+cert@alumnos.ejemplo.edu.mx ", "a_b-c@d.co",
  };
  CfFinding *finding;

  {
    g_autoptr(GPtrArray) none = check (&record, plan, NULL, NULL);
    g_autoptr(GPtrArray) other = check (&record, plan, &elsewhere, NULL);

    finding = find (none, CF_FINDING_STUDENT_SIGNER);
    g_assert_nonnull (finding);
    g_assert_false (cf_finding_is_error (finding));
    g_assert_cmpint (cf_student_check_get_place (finding), ==, CF_STUDENT_PLACE_SIGNERS);
    g_assert_true (cf_student_check_is_ready (none));
    g_assert_nonnull (find (other, CF_FINDING_STUDENT_SIGNER));
  }

  /* No campus on the record: the plan's campus is the one. */
  record.id_campus = NULL;
  {
    g_autoptr(GPtrArray) from_plan = check (&record, plan, &with_signer, NULL);
    g_assert_cmpuint (from_plan->len, ==, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_emails); i++)
    {
      g_autoptr(GPtrArray) findings = NULL;

      record.email = bad_emails[i];
      findings = check (&record, plan, &with_signer, NULL);
      finding = find (findings, CF_FINDING_STUDENT_EMAIL);
      g_assert_nonnull (finding);
      g_assert_false (cf_finding_is_error (finding));
      g_assert_cmpstr (cf_finding_get_path (finding), ==, CF_STUDENT_PATH_EMAIL);
      g_assert_true (cf_student_check_is_ready (findings));
    }
  for (guint i = 0; i < G_N_ELEMENTS (good_emails); i++)
    {
      g_autoptr(GPtrArray) findings = NULL;

      record.email = good_emails[i];
      findings = check (&record, plan, &with_signer, NULL);
      g_assert_cmpuint (findings->len, ==, 0);
    }
}

static void
test_missing_values (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfStudentRecord record = derecho_record ();
  static const CfStudentRecordGrade no_cycle[] = {
    { "1001", "2018-1", "8", NULL },
    { "1002", "", "9.5", NULL },
    { "1003", "2018-2", "7", NULL },
  };
  g_autoptr(GPtrArray) findings = NULL;
  guint missing = 0;

  record.matricula = " ";
  record.nombre = NULL;
  record.primer_apellido = "";
  record.fecha_nacimiento = "1980-02-30";
  record.grades = no_cycle;
  findings = check (&record, plan_of (book, "2018"), &with_signer, NULL);
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (cf_finding_get_code (g_ptr_array_index (findings, i)), CF_FINDING_STUDENT_MISSING))
      missing++;
  g_assert_cmpuint (missing, ==, 4);   /* matrícula, name, surname, cycle */
  g_assert_nonnull (find (findings, CF_FINDING_STUDENT_BIRTH_DATE));
  /* Without a birth date nothing is compared with the CURP. */
  g_assert_null (find (findings, CF_FINDING_CURP_BIRTH_DATE));
}

/* Every finding has a key whose message, rendered again from the stored
 * arguments, is the one it was made with (the same language here); the
 * CURP's reason comes back from the CURP, the dates from YYYY-MM-DD. */
static void
assert_renders_again (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *again = NULL;

      g_assert_nonnull (cf_finding_get_key (finding));
      again = cf_student_check_render (cf_finding_get_key (finding), cf_finding_get_args (finding));
      g_assert_cmpstr (again, ==, cf_finding_get_message (finding));
    }
}

static void
test_render (void)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  CfPlanNode *plan = plan_of (book, "2018");
  CfStudentRecord record = derecho_record ();
  g_autofree char *leap = curp_with_digit ("ROGA040229MJCDRNA");
  static const char * const two[] = { "a", "b", NULL };
  g_autofree char *text = NULL;

  {
    g_autoptr(GPtrArray) findings = NULL;

    record.curp = "PELM800101MDFRPR07";
    record.email = "not an address";
    record.id_genero = "7";
    findings = check (&record, plan, NULL, NULL);
    g_assert_cmpuint (findings->len, >=, 4);
    assert_renders_again (findings);
    g_assert_cmpstr (cf_finding_get_args (find (findings, CF_FINDING_CURP_CHECK_DIGIT))[0], ==,
                     "PELM800101MDFRPR07");
  }
  {
    g_autoptr(GPtrArray) findings = NULL;
    CfFinding *finding;

    record = derecho_record ();
    record.curp = leap;
    findings = check (&record, plan, &with_signer, NULL);
    finding = find (findings, CF_FINDING_CURP_BIRTH_DATE);
    g_assert_nonnull (finding);
    g_assert_cmpstr (cf_finding_get_args (finding)[1], ==, "2004-02-29");
    g_assert_nonnull (strstr (cf_finding_get_message (finding), "February 29, 2004"));
    assert_renders_again (findings);
  }

  g_assert_null (cf_student_check_render ("student.from-a-newer-version", two));

  /* The formatter never reads past its arguments: read back from a store,
   * a format may want more than were kept. */
  text = cf_finding_format ("%s and %s, %s; 100%% %2$s %d", two);
  g_assert_cmpstr (text, ==, "a and b, ; 100% b %d");
  g_free (text);
  text = cf_finding_format ("%s%", NULL);
  g_assert_cmpstr (text, ==, "%");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/student-check/ready", test_ready);
  g_test_add_func ("/student-check/curp", test_curp);
  g_test_add_func ("/student-check/generated-curps", test_generated_curps);
  g_test_add_func ("/student-check/required-subjects", test_required_subjects);
  g_test_add_func ("/student-check/scale", test_scale);
  g_test_add_func ("/student-check/late-subjects", test_late_subjects);
  g_test_add_func ("/student-check/promedio", test_promedio);
  g_test_add_func ("/student-check/unknown-subject", test_unknown_subject);
  g_test_add_func ("/student-check/signer-and-email", test_signer_and_email);
  g_test_add_func ("/student-check/missing-values", test_missing_values);
  g_test_add_func ("/student-check/render", test_render);
  return g_test_run ();
}
