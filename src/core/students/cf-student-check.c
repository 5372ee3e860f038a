/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-student-check.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-curp.h"
#include "cf-dec.h"
#include "cf-dec-validate.h"

#define OBSERVATION_NORMAL "100"
#define GENDER_WOMAN "250"
#define GENDER_MAN   "251"

/* One subject of the plan and what the record holds for it. */
typedef struct
{
  const CfPlanNode *node;
  int               first;     /* earliest attempt (record index), -1: none */
  int               passed;    /* latest passing attempt, -1: none */
  int               last;      /* latest attempt, -1: none */
} Subject;

typedef struct
{
  const CfStudentRecord *record;
  const CfPlanNode      *plan;
  GPtrArray             *findings;
  GArray                *subjects;       /* Subject, plan order */
  GHashTable            *by_id;          /* ID_ASIGNATURA → index + 1 */
  /* Per attempt of the record: its subject (index + 1, 0: unknown) and
   * whether it passes, worked out once (the late-pass rule compares
   * every pair). */
  guint                 *attempt_subject;
  gboolean              *attempt_passes;
  gboolean               scale_known;
  gint64                 minimum, maximum, passing;   /* hundredths */
} Check;

/* Findings are stored and shown later, perhaps in another language: each
 * keeps the stable key of its message and the arguments as plain text
 * (dates as YYYY-MM-DD, a CURP as itself), and is rendered again with
 * cf_student_check_render() where it is shown. Keys never change meaning;
 * a new message gets a new key. */
typedef enum
{
  ARG_TEXT,   /* as is */
  ARG_DATE,   /* YYYY-MM-DD, shown in words */
  ARG_CURP,   /* a CURP, shown as why cf_curp_validate() refuses it */
} ArgKind;

typedef struct
{
  const char *key;
  const char *format;
  ArgKind     kinds[4];
} Message;

typedef enum
{
  MSG_NO_MATRICULA,
  MSG_NO_NOMBRE,
  MSG_NO_PRIMER_APELLIDO,
  MSG_NO_BIRTH_DATE,
  MSG_BIRTH_DATE_INVALID,
  MSG_GENDER,
  MSG_NO_CURP,
  MSG_CURP_INVALID,
  MSG_CURP_BIRTH_DATE,
  MSG_CURP_SAYS_WOMAN,
  MSG_CURP_SAYS_MAN,
  MSG_NO_EMAIL,
  MSG_EMAIL_SHAPE,
  MSG_NO_SIGNER,
  MSG_PLAN_SCALE,
  MSG_GRADE_NO_SUBJECT,
  MSG_SUBJECT_UNKNOWN,
  MSG_GRADE_INVALID,
  MSG_GRADE_RANGE,
  MSG_NO_CYCLE,
  MSG_OBSERVATION_UNKNOWN,
  MSG_OBSERVATION_MISSING,
  MSG_OBSERVATION_LATE,
  MSG_PLAN_NO_CREDITS,
  MSG_TIPO_UNKNOWN,
  MSG_SUBJECT_MISSING,
  MSG_SUBJECT_NOT_PASSED,
  MSG_SHOULD_BE_PARCIAL,
  MSG_SHOULD_BE_TOTAL,
  MSG_NO_PASSED_SUBJECT,
  MSG_PROMEDIO,
} MessageId;

static const Message messages[] = {
  [MSG_NO_MATRICULA] = { "student.no-matricula",
    N_("The student has no matrícula: the certificate requires it. Add it in the school system’s export.") },
  [MSG_NO_NOMBRE] = { "student.no-given-name",
    N_("The student has no given name: the certificate requires it. Add it in the student’s data.") },
  [MSG_NO_PRIMER_APELLIDO] = { "student.no-first-surname",
    N_("The student has no first surname: the certificate requires it. Add it in the student’s data.") },
  [MSG_NO_BIRTH_DATE] = { "student.no-birth-date",
    N_("The student has no birth date. Add it in the student’s data.") },
  [MSG_BIRTH_DATE_INVALID] = { "student.birth-date-invalid",
    N_("The birth date is not a date that exists. Correct it in the student’s data.") },
  [MSG_GENDER] = { "student.gender",
    N_("The sex must be 250 (woman) or 251 (man), not “%s”. Correct it in the student’s data.") },
  [MSG_NO_CURP] = { "student.no-curp",
    N_("The student has no CURP: the certificate requires it. Add it in the student’s data.") },
  [MSG_CURP_INVALID] = { "curp.invalid",
    N_("The student’s CURP is not valid: %s"), { ARG_CURP } },
  [MSG_CURP_BIRTH_DATE] = { "curp.birth-date",
    N_("The birth date is %s but the student’s CURP says %s. Correct the one that is wrong."), { ARG_DATE, ARG_DATE } },
  [MSG_CURP_SAYS_WOMAN] = { "curp.gender-woman",
    N_("The record says man (251) but the student’s CURP says woman (M). Correct the one that is wrong.") },
  [MSG_CURP_SAYS_MAN] = { "curp.gender-man",
    N_("The record says woman (250) but the student’s CURP says man (H). Correct the one that is wrong.") },
  [MSG_NO_EMAIL] = { "student.no-email",
    N_("The student has no e-mail address: the certificate is delivered by e-mail. Add it in the student’s data.") },
  [MSG_EMAIL_SHAPE] = { "student.email-shape",
    N_("“%s” does not look like an e-mail address (nombre@dominio). Correct it in the student’s data.") },
  [MSG_NO_SIGNER] = { "student.signer-missing",
    N_("No signer is registered for campus %s yet: the certificate cannot be sealed until one is. Add one in Firmantes.") },
  [MSG_PLAN_SCALE] = { "student.plan-scale",
    N_("Plan %s has no usable grade scale (minimum “%s”, maximum “%s”, minimum passing grade “%s”): grades cannot be checked. Correct it in Programa de Estudios.") },
  [MSG_GRADE_NO_SUBJECT] = { "student.grade-no-subject",
    N_("A grade names no subject. Correct it in the school system’s export.") },
  [MSG_SUBJECT_UNKNOWN] = { "student.subject-unknown",
    N_("Subject %s is not in plan %s. Correct the grade, or add the subject in Programa de Estudios.") },
  [MSG_GRADE_INVALID] = { "grade.invalid",
    N_("The grade of subject %s, “%s”, is not a number with up to two decimals nor AC. Correct it in the subjects table.") },
  [MSG_GRADE_RANGE] = { "grade.range",
    N_("The grade of subject %s, %s, is outside the plan’s scale (%s to %s). Correct it in the subjects table.") },
  [MSG_NO_CYCLE] = { "student.no-cycle",
    N_("The grade of subject %s has no cycle. Add it in the subjects table.") },
  [MSG_OBSERVATION_UNKNOWN] = { "student.observation-unknown",
    N_("Observation %s of subject %s is not in SEP’s catalog (71 examen extraordinario, 72 título de suficiencia, 74 recursamiento…). Correct it in the subjects table.") },
  [MSG_OBSERVATION_MISSING] = { "student.observation-missing",
    N_("Subject %s was failed before and passed in cycle %s, so it needs the observation of how it was passed (71 examen extraordinario, 72 título de suficiencia, 74 recursamiento…). Add it in the subjects table.") },
  [MSG_OBSERVATION_LATE] = { "student.observation-late",
    N_("Subject %s was passed in cycle %s, after %s when the rest of its period was taken, and carries no observation. If it was passed late, add how (71, 72, 74…) in the subjects table.") },
  [MSG_PLAN_NO_CREDITS] = { "student.plan-no-credits",
    N_("Plan %s has no total credits, which the certificate carries. Add them in Programa de Estudios.") },
  [MSG_TIPO_UNKNOWN] = { "student.certification-type-unknown",
    N_("The certification type must be 79 (TOTAL) or 80 (PARCIAL), not “%s”. Correct it in the student’s data.") },
  [MSG_SUBJECT_MISSING] = { "student.subject-missing",
    N_("Required subject %s (%s) has no grade, and a TOTAL certificate needs every required subject passed. Add the grade, or make the certificate PARCIAL.") },
  [MSG_SUBJECT_NOT_PASSED] = { "student.subject-not-passed",
    N_("Required subject %s (%s) is not passed (%s in cycle %s), and a TOTAL certificate needs every required subject passed. Add the passing grade, or make the certificate PARCIAL.") },
  [MSG_SHOULD_BE_PARCIAL] = { "student.should-be-parcial",
    N_("The certificate is TOTAL (79) but the credits obtained, %s, do not reach the plan’s %s: it should be PARCIAL (80).") },
  [MSG_SHOULD_BE_TOTAL] = { "student.should-be-total",
    N_("The certificate is PARCIAL (80) but the credits obtained, %s, reach the plan’s %s: it should be TOTAL (79).") },
  [MSG_NO_PASSED_SUBJECT] = { "student.no-passed-subject",
    N_("The student has no passed subject that counts: a certificate lists at least one. Add the grades in the subjects table.") },
  [MSG_PROMEDIO] = { "student.promedio",
    N_("The school system’s average is %s but the mean of the passed grades, truncated to two decimals, is %s: the certificate carries %s.") },
};

#define MAX_ARGS 4

static char *
format_date_words (const GDate *date);

static char *
render_arg (ArgKind     kind,
            const char *arg)
{
  if (kind == ARG_DATE)
    {
      GDate date;

      g_date_clear (&date, 1);
      if (cf_dec_parse_date (arg, &date))
        return format_date_words (&date);
    }
  else if (kind == ARG_CURP)
    {
      g_autoptr(GError) error = NULL;

      if (!cf_curp_validate (arg, &error))
        return g_strdup (error->message);
    }
  return g_strdup (arg);
}

static char *
render (const Message      *message,
        const char * const *args)
{
  char *shown[MAX_ARGS + 1] = { NULL };
  guint n = args != NULL ? g_strv_length ((char **) args) : 0;
  char *text;

  for (guint i = 0; i < MIN (n, MAX_ARGS); i++)
    shown[i] = render_arg (message->kinds[i], args[i]);
  text = cf_finding_format (_(message->format), (const char * const *) shown);
  for (guint i = 0; i < MAX_ARGS; i++)
    g_free (shown[i]);
  return text;
}

/* How many arguments a message takes: its %s. */
static guint
count_args (const char *format)
{
  guint n = 0;

  for (const char *p = strchr (format, '%'); p != NULL; p = strchr (p + 2, '%'))
    {
      if (p[1] == 's')
        n++;
      else if (p[1] == '\0')
        break;
    }
  return n;
}

/* Adds the finding of message @id; the varargs are its arguments, one
 * const char * per %s of its format (NULL is ""). */
static void
add_message (Check             *check,
             CfFindingSeverity  severity,
             const char        *code,
             const char        *path,
             MessageId          id,
             ...)
{
  const Message *message = &messages[id];
  const char *args[MAX_ARGS + 1] = { NULL };
  guint n = count_args (message->format);
  g_autofree char *text = NULL;
  va_list ap;

  g_assert (n <= MAX_ARGS);
  va_start (ap, id);
  for (guint i = 0; i < n; i++)
    {
      const char *arg = va_arg (ap, const char *);

      args[i] = arg != NULL ? arg : "";
    }
  va_end (ap);
  text = render (message, args);
  g_ptr_array_add (check->findings, cf_finding_new_keyed (severity, code, path, message->key, args, text));
}

static gboolean
is_empty (const char *text)
{
  if (text == NULL)
    return TRUE;
  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

static char *
grade_path (guint              index,
            CfAsignaturaField  field)
{
  return cf_asignatura_field_dup_path (field, index);
}

/* "15 de mayo de 2021" in Spanish: dates in prose are words. */
static char *
format_date_words (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);

  /* TRANSLATORS: a date in prose (g_date_time_format); Spanish: "%-d de %B de %Y". */
  return g_date_time_format (time, _("%B %-d, %Y"));
}

static char *
iso_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date), (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

static char *
format_hundredths (gint64 value)
{
  return cf_dec_format_decimal (value, 2);
}

/* A grade that passes on the plan's scale; FALSE for one that cannot be read. */
static gboolean
grade_passes (Check      *check,
              const char *text)
{
  int grade;

  if (text == NULL || !cf_dec_parse_grade (text, &grade))
    return FALSE;
  if (grade == CF_DEC_GRADE_AC)
    return TRUE;
  return !check->scale_known || grade >= check->passing;
}

/* @a and @b equal once blanks at either end are ignored. */
static gboolean
same_trimmed (const char *a,
              const char *b)
{
  g_autofree char *x = g_strstrip (g_strdup (a != NULL ? a : ""));
  g_autofree char *y = g_strstrip (g_strdup (b != NULL ? b : ""));

  return strcmp (x, y) == 0;
}

/* How a late pass was made: any observation but 100 NORMAL/ORDINARIO. */
static gboolean
has_observation (const char *code)
{
  return !is_empty (code) && !same_trimmed (code, OBSERVATION_NORMAL);
}

static int
compare_cycles (const char *a,
                const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "");
}

/* ------------------------------------------------------------------ */
/* The student's own data                                              */
/* ------------------------------------------------------------------ */

static void
check_identity (Check *check)
{
  const CfStudentRecord *record = check->record;
  g_autoptr(GError) error = NULL;
  GDate birth;
  gboolean have_birth;
  if (is_empty (record->matricula))
    add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_MISSING,
                cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL),
                MSG_NO_MATRICULA);
  if (is_empty (record->nombre))
    add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_MISSING,
                cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_NOMBRE),
                MSG_NO_NOMBRE);
  if (is_empty (record->primer_apellido))
    add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_MISSING,
                cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO),
                MSG_NO_PRIMER_APELLIDO);

  g_date_clear (&birth, 1);
  have_birth = !is_empty (record->fecha_nacimiento) &&
               cf_dec_parse_date (record->fecha_nacimiento, &birth);
  if (!have_birth)
    add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_BIRTH_DATE,
                cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO),
                is_empty (record->fecha_nacimiento)
                  ? MSG_NO_BIRTH_DATE
                  : MSG_BIRTH_DATE_INVALID);

  if (g_strcmp0 (record->id_genero, GENDER_WOMAN) != 0 && g_strcmp0 (record->id_genero, GENDER_MAN) != 0)
    add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_GENDER,
                cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_ID_GENERO),
                MSG_GENDER,
                record->id_genero != NULL ? record->id_genero : "");

  if (is_empty (record->curp))
    {
      add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_MISSING,
                  cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_CURP),
                  MSG_NO_CURP);
      return;
    }

  if (!cf_curp_validate (record->curp, &error))
    {
      gboolean digit = g_error_matches (error, CF_CURP_ERROR, CF_CURP_ERROR_CHECK_DIGIT);

      add_message (check, CF_FINDING_ERROR,
                  digit ? CF_FINDING_CURP_CHECK_DIGIT : CF_FINDING_CURP_FORMAT,
                  cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_CURP),
                  MSG_CURP_INVALID, record->curp);
      return;
    }

  /* The CURP and the record disagree: one of them is wrong, and only the
   * registrar can tell which (RENAPO's CURPs carry errors too). */
  if (have_birth)
    {
      g_autoptr(GDate) from_curp = cf_curp_get_birth_date (record->curp);

      if (g_date_compare (&birth, from_curp) != 0)
        {
          g_autofree char *a = iso_date (&birth);
          g_autofree char *b = iso_date (from_curp);

          add_message (check, CF_FINDING_WARNING, CF_FINDING_CURP_BIRTH_DATE,
                      cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO),
                      MSG_CURP_BIRTH_DATE,
                      a, b);
        }
    }

  {
    char sex = cf_curp_get_sex (record->curp);

    if ((sex == 'M' && g_strcmp0 (record->id_genero, GENDER_MAN) == 0) ||
        (sex == 'H' && g_strcmp0 (record->id_genero, GENDER_WOMAN) == 0))
      add_message (check, CF_FINDING_WARNING, CF_FINDING_CURP_GENDER,
                  cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_ID_GENERO),
                  sex == 'M'
                    ? MSG_CURP_SAYS_WOMAN
                    : MSG_CURP_SAYS_MAN);
  }
}

/* nombre@dominio: one "@", no blanks, a dot inside the domain. */
static gboolean
email_is_shaped (const char *email)
{
  const char *at = strchr (email, '@');
  const char *domain;
  const char *dot;

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = email; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';')
      return FALSE;
  domain = at + 1;
  dot = strchr (domain, '.');
  return dot != NULL && dot != domain && domain[strlen (domain) - 1] != '.' &&
         strstr (domain, "..") == NULL;
}

static void
check_email (Check *check)
{
  const char *email = check->record->email;
  g_autofree char *trimmed = g_strstrip (g_strdup (email != NULL ? email : ""));

  if (is_empty (email))
    add_message (check, CF_FINDING_WARNING, CF_FINDING_STUDENT_EMAIL, CF_STUDENT_PATH_EMAIL,
                MSG_NO_EMAIL);
  else if (!email_is_shaped (trimmed))
    add_message (check, CF_FINDING_WARNING, CF_FINDING_STUDENT_EMAIL, CF_STUDENT_PATH_EMAIL,
                MSG_EMAIL_SHAPE,
                trimmed);
}

static void
check_signer (Check                       *check,
              const CfStudentCheckOptions *options)
{
  const char *campus = check->record->id_campus;

  if (is_empty (campus))
    campus = cf_plan_node_get (check->plan, CF_PLAN_COL_ID_CAMPUS);
  if (options != NULL && options->signer_campuses != NULL &&
      g_strv_contains ((const char * const *) options->signer_campuses, campus))
    return;

  add_message (check, CF_FINDING_WARNING, CF_FINDING_STUDENT_SIGNER,
              cf_dec_field_get_path (CF_DEC_FIELD_RESPONSABLE_CURP),
              MSG_NO_SIGNER,
              campus);
}

/* ------------------------------------------------------------------ */
/* The plan and the grades                                             */
/* ------------------------------------------------------------------ */

static void
read_scale (Check *check)
{
  const char *minimum = cf_plan_node_get (check->plan, CF_PLAN_COL_CALIFICACION_MINIMA);
  const char *maximum = cf_plan_node_get (check->plan, CF_PLAN_COL_CALIFICACION_MAXIMA);
  const char *passing = cf_plan_node_get (check->plan, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA);

  check->scale_known = cf_dec_parse_decimal (minimum, &check->minimum) &&
                       cf_dec_parse_decimal (maximum, &check->maximum) &&
                       cf_dec_parse_decimal (passing, &check->passing) &&
                       check->minimum < check->maximum &&
                       check->minimum <= check->passing && check->passing <= check->maximum;
  if (!check->scale_known)
    add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_PLAN_SCALE,
                cf_dec_field_get_path (CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA),
                MSG_PLAN_SCALE,
                cf_plan_node_get (check->plan, CF_PLAN_COL_CLAVE_PLAN), minimum, maximum, passing);
}

static void
index_plan (Check *check)
{
  guint n = cf_plan_node_get_n_children (check->plan);

  for (guint i = 0; i < n; i++)
    {
      Subject subject = { cf_plan_node_get_child (check->plan, i), -1, -1, -1 };
      const char *id = cf_plan_node_get (subject.node, CF_PLAN_COL_ID_ASIGNATURA);

      g_array_append_val (check->subjects, subject);
      if (!g_hash_table_contains (check->by_id, id))
        g_hash_table_insert (check->by_id, (gpointer) id, GUINT_TO_POINTER (i + 1));
    }
}

/* Each attempt on its own: known subject, readable grade within the scale,
 * a cycle, a known observation. Then files it under its subject (a wrong
 * grade too: the subject then reads as not passed, not as missing). */
static void
check_attempts (Check *check)
{
  const CfStudentRecord *record = check->record;

  for (guint i = 0; i < record->n_grades; i++)
    {
      const CfStudentRecordGrade *attempt = &record->grades[i];
      g_autofree char *id = g_strstrip (g_strdup (attempt->id_asignatura != NULL ? attempt->id_asignatura : ""));
      guint position = GPOINTER_TO_UINT (g_hash_table_lookup (check->by_id, id));
      int grade = 0;
      gboolean usable;
      Subject *subject;

      if (position == 0)
        {
          g_autofree char *path = grade_path (i, CF_ASIGNATURA_FIELD_ID_ASIGNATURA);

          if (*id == '\0')
            add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_SUBJECT_UNKNOWN, path,
                        MSG_GRADE_NO_SUBJECT);
          else
            add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_SUBJECT_UNKNOWN, path,
                        MSG_SUBJECT_UNKNOWN,
                        id, cf_plan_node_get (check->plan, CF_PLAN_COL_CLAVE_PLAN));
          continue;
        }

      usable = !is_empty (attempt->calificacion) && cf_dec_parse_grade (attempt->calificacion, &grade);
      if (!usable)
        {
          g_autofree char *path = grade_path (i, CF_ASIGNATURA_FIELD_CALIFICACION);

          add_message (check, CF_FINDING_ERROR, CF_FINDING_GRADE_INVALID, path,
                      MSG_GRADE_INVALID,
                      id, attempt->calificacion != NULL ? attempt->calificacion : "");
        }
      else if (grade != CF_DEC_GRADE_AC && check->scale_known &&
               (grade < check->minimum || grade > check->maximum))
        {
          g_autofree char *path = grade_path (i, CF_ASIGNATURA_FIELD_CALIFICACION);

          usable = FALSE;
          add_message (check, CF_FINDING_ERROR, CF_FINDING_GRADE_RANGE, path,
                      MSG_GRADE_RANGE,
                      id, attempt->calificacion,
                      cf_plan_node_get (check->plan, CF_PLAN_COL_CALIFICACION_MINIMA),
                      cf_plan_node_get (check->plan, CF_PLAN_COL_CALIFICACION_MAXIMA));
        }

      if (is_empty (attempt->ciclo))
        {
          g_autofree char *path = grade_path (i, CF_ASIGNATURA_FIELD_CICLO);

          add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_MISSING, path,
                      MSG_NO_CYCLE, id);
        }

      if (!is_empty (attempt->id_observaciones) &&
          cf_catalog_lookup (CF_CATALOG_OBSERVACIONES, attempt->id_observaciones) == NULL)
        {
          g_autofree char *path = grade_path (i, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES);

          add_message (check, CF_FINDING_ERROR, CF_FINDING_CATALOG_UNKNOWN, path,
                      MSG_OBSERVATION_UNKNOWN,
                      attempt->id_observaciones, id);
        }

      subject = &g_array_index (check->subjects, Subject, position - 1);
      check->attempt_subject[i] = position;
      check->attempt_passes[i] = usable && grade_passes (check, attempt->calificacion);
      if (subject->first < 0 ||
          compare_cycles (attempt->ciclo, record->grades[subject->first].ciclo) < 0)
        subject->first = (int) i;
      if (subject->last < 0 ||
          compare_cycles (attempt->ciclo, record->grades[subject->last].ciclo) >= 0)
        subject->last = (int) i;
      /* An unreadable grade is an attempt, never a pass. */
      if (check->attempt_passes[i] &&
          (subject->passed < 0 ||
           compare_cycles (attempt->ciclo, record->grades[subject->passed].ciclo) >= 0))
        subject->passed = (int) i;
    }
}

/* The cycle most subjects of @period were first taken in (the earliest on
 * a tie): a subject passed after it was passed late. */
static const char *
usual_cycle (Check      *check,
             const char *period)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_count = 0;

  for (guint i = 0; i < check->subjects->len; i++)
    {
      Subject *subject = &g_array_index (check->subjects, Subject, i);
      const char *cycle;
      guint count;

      if (subject->first < 0 || g_strcmp0 (cf_plan_node_get (subject->node, CF_PLAN_COL_PERIODO), period) != 0)
        continue;
      cycle = check->record->grades[subject->first].ciclo;
      if (is_empty (cycle))
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, cycle)) + 1;
      g_hash_table_insert (counts, (gpointer) cycle, GUINT_TO_POINTER (count));
      if (count > best_count || (count == best_count && compare_cycles (cycle, best) < 0))
        {
          best = cycle;
          best_count = count;
        }
    }
  return best;
}

static void
check_late_subjects (Check *check)
{
  /* PERIODO → its usual cycle (NULL: none), worked out once per period. */
  g_autoptr(GHashTable) usual_cycles = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < check->subjects->len; i++)
    {
      Subject *subject = &g_array_index (check->subjects, Subject, i);
      const CfStudentRecordGrade *passed;
      const char *id = cf_plan_node_get (subject->node, CF_PLAN_COL_ID_ASIGNATURA);
      g_autofree char *path = NULL;
      gboolean failed_before = FALSE;

      if (subject->passed < 0)
        continue;
      passed = &check->record->grades[subject->passed];
      if (has_observation (passed->id_observaciones) || is_empty (passed->ciclo))
        continue;

      path = grade_path ((guint) subject->passed, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES);
      for (guint k = 0; k < check->record->n_grades && !failed_before; k++)
        failed_before = (int) k != subject->passed &&
                        check->attempt_subject[k] == i + 1 &&
                        !check->attempt_passes[k] &&
                        compare_cycles (check->record->grades[k].ciclo, passed->ciclo) <= 0;

      if (failed_before)
        add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_OBSERVATION, path,
                    MSG_OBSERVATION_MISSING,
                    id, passed->ciclo);
      else
        {
          const char *period = cf_plan_node_get (subject->node, CF_PLAN_COL_PERIODO);
          const char *usual;

          if (!g_hash_table_lookup_extended (usual_cycles, period, NULL, (gpointer *) &usual))
            {
              usual = usual_cycle (check, period);
              g_hash_table_insert (usual_cycles, (gpointer) period, (gpointer) usual);
            }

          if (usual != NULL && compare_cycles (passed->ciclo, usual) > 0)
            add_message (check, CF_FINDING_WARNING, CF_FINDING_STUDENT_OBSERVATION_LATE, path,
                        MSG_OBSERVATION_LATE,
                        id, passed->ciclo, usual);
        }
    }
}

/* ------------------------------------------------------------------ */
/* What the certificate will carry                                     */
/* ------------------------------------------------------------------ */

/* The certificate's subjects (the passed ones, in plan order) as a Dec, so
 * section 5 is computed by the same code that checks sealed documents. */
static CfDec *
build_dec (Check *check)
{
  g_autoptr(CfDec) dec = cf_dec_new ();

  if (check->scale_known)
    cf_dec_set_decimal (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA, check->passing);

  for (guint i = 0; i < check->subjects->len; i++)
    {
      Subject *subject = &g_array_index (check->subjects, Subject, i);
      const CfStudentRecordGrade *passed;
      g_autoptr(CfAsignatura) asignatura = NULL;
      gint64 credits;
      int grade;

      if (subject->passed < 0)
        continue;
      passed = &check->record->grades[subject->passed];
      asignatura = cf_asignatura_new ();
      cf_asignatura_set (asignatura, CF_ASIGNATURA_FIELD_ID_ASIGNATURA,
                         cf_plan_node_get (subject->node, CF_PLAN_COL_ID_ASIGNATURA));
      cf_asignatura_set (asignatura, CF_ASIGNATURA_FIELD_CICLO, passed->ciclo);
      if (cf_dec_parse_grade (passed->calificacion, &grade))
        cf_asignatura_set_grade (asignatura, grade);
      cf_asignatura_set (asignatura, CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA,
                         cf_plan_node_get (subject->node, CF_PLAN_COL_ID_TIPO_ASIGNATURA));
      if (cf_dec_parse_decimal (cf_plan_node_get (subject->node, CF_PLAN_COL_CREDITOS), &credits))
        cf_asignatura_set_creditos (asignatura, credits);
      cf_dec_append_asignatura (dec, asignatura);
    }
  return g_steal_pointer (&dec);
}

static void
check_certificate (Check           *check,
                   CfStudentTotals *totals)
{
  const CfStudentRecord *record = check->record;
  const char *tipo = record->id_tipo_certificacion != NULL ? record->id_tipo_certificacion : "";
  gboolean is_total = strcmp (tipo, CF_DEC_TIPO_CERTIFICACION_TOTAL) == 0;
  gboolean is_partial = strcmp (tipo, CF_DEC_TIPO_CERTIFICACION_PARCIAL) == 0;
  const char *tipo_path = cf_dec_field_get_path (CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION);
  g_autoptr(CfDec) dec = build_dec (check);
  CfDecTotals computed;

  cf_dec_compute_totals (dec, &computed);
  totals->total = computed.total;
  totals->asignadas = computed.asignadas;
  totals->creditos_obtenidos = computed.creditos_obtenidos;
  totals->promedio = computed.promedio;
  totals->numero_ciclos = computed.numero_ciclos;
  if (!cf_dec_parse_decimal (cf_plan_node_get (check->plan, CF_PLAN_COL_TOTAL_CREDITOS), &totals->total_creditos))
    {
      totals->total_creditos = -1;
      add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_PLAN_SCALE,
                  cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS),
                  MSG_PLAN_NO_CREDITS,
                  cf_plan_node_get (check->plan, CF_PLAN_COL_CLAVE_PLAN));
    }

  if (!is_total && !is_partial)
    {
      add_message (check, CF_FINDING_ERROR, CF_FINDING_CATALOG_UNKNOWN, tipo_path,
                  MSG_TIPO_UNKNOWN,
                  tipo);
      return;
    }

  /* A TOTAL certificate needs every required subject passed. */
  if (is_total)
    for (guint i = 0; i < check->subjects->len; i++)
      {
        Subject *subject = &g_array_index (check->subjects, Subject, i);
        const char *id = cf_plan_node_get (subject->node, CF_PLAN_COL_ID_ASIGNATURA);
        const char *name = cf_plan_node_get (subject->node, CF_PLAN_COL_NOMBRE_ASIGNATURA);

        if (g_strcmp0 (cf_plan_node_get (subject->node, CF_PLAN_COL_ID_TIPO_ASIGNATURA),
                       CF_DEC_TIPO_ASIGNATURA_OBLIGATORIA) != 0 || subject->passed >= 0)
          continue;
        if (subject->last < 0)
          add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_SUBJECT_MISSING, "/Dec/Asignaturas",
                      MSG_SUBJECT_MISSING,
                      id, name);
        else
          {
            g_autofree char *path = grade_path ((guint) subject->last, CF_ASIGNATURA_FIELD_CALIFICACION);

            add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_SUBJECT_FAILED, path,
                        MSG_SUBJECT_NOT_PASSED,
                        id, name,
                        record->grades[subject->last].calificacion != NULL ? record->grades[subject->last].calificacion : "",
                        record->grades[subject->last].ciclo != NULL ? record->grades[subject->last].ciclo : "");
          }
      }

  /* Section 5: TOTAL when the credits obtained reach the plan's. */
  if (totals->total_creditos >= 0)
    {
      gboolean reached = totals->creditos_obtenidos >= totals->total_creditos;
      g_autofree char *a = format_hundredths (totals->creditos_obtenidos);
      g_autofree char *b = format_hundredths (totals->total_creditos);

      if (is_total && !reached)
        add_message (check, CF_FINDING_ERROR, CF_FINDING_TIPO_CERTIFICACION, tipo_path,
                    MSG_SHOULD_BE_PARCIAL,
                    a, b);
      else if (is_partial && reached)
        add_message (check, CF_FINDING_ERROR, CF_FINDING_TIPO_CERTIFICACION, tipo_path,
                    MSG_SHOULD_BE_TOTAL,
                    a, b);
    }

  if (totals->total == 0)
    add_message (check, CF_FINDING_ERROR, CF_FINDING_STUDENT_SUBJECT_MISSING, "/Dec/Asignaturas",
                MSG_NO_PASSED_SUBJECT);

  /* The school system's average is only compared: the certificate carries
   * section 5's, truncated to two decimals. */
  if (!is_empty (record->promedio))
    {
      gint64 theirs;
      g_autofree char *ours = totals->promedio >= 0 ? cf_dec_format_grade ((int) totals->promedio) : g_strdup ("—");

      if (!cf_dec_parse_decimal (record->promedio, &theirs) || theirs != totals->promedio)
        add_message (check, CF_FINDING_WARNING, CF_FINDING_STUDENT_PROMEDIO,
                    cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_PROMEDIO),
                    MSG_PROMEDIO,
                    record->promedio, ours, ours);
    }
}

/* ------------------------------------------------------------------ */
/* Public                                                              */
/* ------------------------------------------------------------------ */

GPtrArray *
cf_student_check (const CfStudentRecord       *record,
                  const CfPlanNode            *plan,
                  const CfStudentCheckOptions *options,
                  CfStudentTotals             *out_totals)
{
  g_autoptr(GArray) subjects = g_array_new (FALSE, TRUE, sizeof (Subject));
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *attempt_subject = g_new0 (guint, record != NULL ? record->n_grades : 0);
  g_autofree gboolean *attempt_passes = g_new0 (gboolean, record != NULL ? record->n_grades : 0);
  CfStudentTotals totals = { 0, 0, -1, 0, -1, 0 };
  Check check = { 0 };

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (record->n_grades == 0 || record->grades != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  plan = cf_plan_node_get_ancestor (plan, CF_PLAN_LEVEL_PLAN);
  g_return_val_if_fail (plan != NULL, NULL);

  check.record = record;
  check.plan = plan;
  check.findings = cf_finding_list_new ();
  check.subjects = subjects;
  check.by_id = by_id;
  check.attempt_subject = attempt_subject;
  check.attempt_passes = attempt_passes;

  check_identity (&check);
  check_email (&check);
  check_signer (&check, options);
  read_scale (&check);
  index_plan (&check);
  check_attempts (&check);
  check_late_subjects (&check);
  check_certificate (&check, &totals);

  if (out_totals != NULL)
    *out_totals = totals;
  return check.findings;
}

gboolean
cf_student_check_is_ready (GPtrArray *findings)
{
  g_return_val_if_fail (findings != NULL, FALSE);

  return !cf_finding_list_has_errors (findings);
}

CfStudentPlace
cf_student_check_get_place (const CfFinding *finding)
{
  const char *path;

  g_return_val_if_fail (finding != NULL, CF_STUDENT_PLACE_STUDENT);

  path = cf_finding_get_path (finding);
  if (g_str_has_prefix (path, "/Dec/Asignaturas"))
    return g_str_equal (cf_finding_get_code (finding), CF_FINDING_STUDENT_PLAN_SCALE)
             ? CF_STUDENT_PLACE_PLAN : CF_STUDENT_PLACE_GRADES;
  if (g_str_has_prefix (path, "/Dec/Carrera") || g_str_has_prefix (path, "/Dec/Rvoe"))
    return CF_STUDENT_PLACE_PLAN;
  if (g_str_has_prefix (path, "/Dec/Ipes"))
    return CF_STUDENT_PLACE_SIGNERS;
  return CF_STUDENT_PLACE_STUDENT;
}

char *
cf_student_check_render (const char         *key,
                         const char * const *args)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    if (strcmp (messages[i].key, key) == 0)
      return render (&messages[i], args);
  return NULL;
}

guint
cf_student_check_get_grade_index (const CfFinding *finding)
{
  const char *path;
  const char *open;

  g_return_val_if_fail (finding != NULL, 0);

  path = cf_finding_get_path (finding);
  if (!g_str_has_prefix (path, "/Dec/Asignaturas/Asignatura["))
    return 0;
  open = strchr (path, '[');
  return (guint) g_ascii_strtoull (open + 1, NULL, 10);
}
