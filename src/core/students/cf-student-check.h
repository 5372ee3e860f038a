/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-student-check.h: pre-validation of one student's certificate before
 * it is built (issue 13), against the plan of the Programa de Estudios.
 *
 * Each problem is a CfFinding with a stable code, a path that names the
 * field (the certificate's XPath when the field is in the Dec:
 * "/Dec/Alumno/@curp", "/Dec/Asignaturas/Asignatura[3]/@ciclo" for the 3rd
 * grade of the record; "/Alumno/@correo" for the e-mail, which is not), and
 * a message with the reason. cf_student_check_get_place() tells where the
 * registrar fixes it. A certificate with no errors is ready ("listo");
 * warnings never hold it back.
 *
 * The record is plain borrowed text, as the school system's export gave it
 * after mapping (ids without ".0", dates YYYY-MM-DD), so the import's rows
 * and the store's map onto it without copies. */
#pragma once

#include "cf-dec-validate.h"   /* the CF_FINDING_* codes shared with the Dec's check */
#include "cf-finding.h"
#include "cf-plan.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id_asignatura;      /* ID_ASIGNATURA of the plan */
  const char *ciclo;              /* "2018-1": sorts in time order as text */
  const char *calificacion;       /* "8.5", "10", "AC" */
  const char *id_observaciones;   /* catalog idObservaciones; NULL or "" = none */
} CfStudentRecordGrade;

typedef struct
{
  const char *matricula;
  const char *curp;
  const char *nombre;
  const char *primer_apellido;
  const char *segundo_apellido;
  const char *id_genero;              /* 250 MUJER, 251 HOMBRE */
  const char *fecha_nacimiento;       /* YYYY-MM-DD */
  const char *email;
  const char *id_campus;              /* NULL or "": the plan's campus */
  const char *id_tipo_certificacion;  /* 79 TOTAL, 80 PARCIAL */
  /* The school system's own average, when its export has one (NULL: none):
   * compared with section 5's. */
  const char *promedio;
  /* Every attempt the export lists, failed ones included, in any order. */
  const CfStudentRecordGrade *grades;
  guint                       n_grades;
} CfStudentRecord;

typedef struct
{
  /* Campus ids (ID_CAMPUS) with a signer registered (NULL-terminated; NULL:
   * none yet). A campus without one is a warning. */
  const char * const *signer_campuses;
} CfStudentCheckOptions;

/* What the certificate will carry (section 5), from the passed subjects.
 * Credits and promedio in hundredths; promedio is -1 when no counting
 * subject has a numeric grade, total_creditos -1 when the plan has none. */
typedef struct
{
  gint64 total;
  gint64 asignadas;
  gint64 total_creditos;
  gint64 creditos_obtenidos;
  gint64 promedio;
  gint64 numero_ciclos;
} CfStudentTotals;

/* Where a finding is fixed. */
typedef enum
{
  CF_STUDENT_PLACE_STUDENT,   /* the student's data (or the school system's export) */
  CF_STUDENT_PLACE_GRADES,    /* the subjects table: grade, cycle, observation */
  CF_STUDENT_PLACE_PLAN,      /* the Programa de Estudios */
  CF_STUDENT_PLACE_SIGNERS,   /* the Firmantes page */
} CfStudentPlace;

/* @plan is a node of level CF_PLAN_LEVEL_PLAN (a subject's plan is taken
 * when given a subject). @options and @out_totals may be NULL. Returns
 * (element-type CfFinding), empty when nothing was found. Pure: thread safe
 * as long as nobody edits the plan meanwhile. */
GPtrArray      *cf_student_check            (const CfStudentRecord       *record,
                                             const CfPlanNode            *plan,
                                             const CfStudentCheckOptions *options,
                                             CfStudentTotals             *out_totals);

/* No errors among @findings: the certificate may go to "listo". */
gboolean        cf_student_check_is_ready   (GPtrArray                   *findings);

CfStudentPlace  cf_student_check_get_place  (const CfFinding             *finding);

/* A stored finding's message (cf_finding_get_key(), cf_finding_get_args())
 * in the current language; NULL for a key this check does not have (a
 * newer version's, or another check's). */
char           *cf_student_check_render     (const char                  *key,
                                             const char * const          *args);

/* The 1-based grade index in a grade path ("…/Asignatura[3]/@ciclo" → 3), 0
 * when the path names no grade: which row of the subjects table to show. */
guint           cf_student_check_get_grade_index (const CfFinding        *finding);

/* Paths of the fields that are not in the Dec. */
#define CF_STUDENT_PATH_EMAIL     "/Alumno/@correo"

/* Finding codes of this check (the CURP, grade and totals ones are the
 * CF_FINDING_* of cf-dec-validate.h). */
#define CF_FINDING_STUDENT_MISSING          "student.missing-value"
#define CF_FINDING_STUDENT_GENDER           "student.gender"
#define CF_FINDING_STUDENT_BIRTH_DATE       "student.birth-date"
#define CF_FINDING_STUDENT_EMAIL            "student.email"            /* warning */
#define CF_FINDING_STUDENT_SUBJECT_UNKNOWN  "student.subject-unknown"
#define CF_FINDING_STUDENT_SUBJECT_MISSING  "student.subject-missing"
#define CF_FINDING_STUDENT_SUBJECT_FAILED   "student.subject-not-passed"
#define CF_FINDING_STUDENT_OBSERVATION      "student.observation-missing"
#define CF_FINDING_STUDENT_OBSERVATION_LATE "student.observation-late" /* warning */
#define CF_FINDING_STUDENT_SIGNER           "student.signer-missing"   /* warning */
#define CF_FINDING_STUDENT_PLAN_SCALE       "student.plan-scale"
#define CF_FINDING_STUDENT_PROMEDIO         "student.promedio"         /* warning */

G_END_DECLS
