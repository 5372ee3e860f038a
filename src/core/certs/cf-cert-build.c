/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-build.c: a student's Dec 3.0 from the store's records
 * (cf-cert-build.h). */

#include "config.h"

#include <string.h>

#include "cf-cert-build.h"
#include "cf-catalog.h"
#include "cf-certs-check.h"
#include "cf-person-name.h"
#include "cf-student-check.h"

#define OBSERVATION_NORMAL "100"

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

static void
set_trimmed (CfDec       *dec,
             CfDecField   field,
             const char  *value)
{
  g_autofree char *text = trimmed (value);

  cf_dec_set (dec, field, text);
}

/* @value and, when it has one, the catalog's description beside it. */
static void
set_with_description (CfDec       *dec,
                      CfDecField   id_field,
                      CfDecField   name_field,
                      const char  *catalog,
                      const char  *value)
{
  g_autofree char *code = trimmed (value);
  const char *description = *code != '\0' ? cf_catalog_lookup (catalog, code) : NULL;

  cf_dec_set (dec, id_field, code);
  if (description != NULL)
    cf_dec_set (dec, name_field, description);
}

static void
set_date (CfDec       *dec,
          CfDecField   field,
          const char  *value)
{
  GDate date;

  g_date_clear (&date, 1);
  if (value != NULL && cf_dec_parse_date (value, &date))
    cf_dec_set_date (dec, field, &date);
  else
    set_trimmed (dec, field, value);
}

/* A plan value given as a number ("5", "5.0", "6"): integers for the
 * scale's ends, two decimals for the passing grade. */
static void
set_scale (CfDec            *dec,
           const CfPlanNode *plan)
{
  static const CfPlanColumn ends[] = { CF_PLAN_COL_CALIFICACION_MINIMA, CF_PLAN_COL_CALIFICACION_MAXIMA };
  static const CfDecField end_fields[] = {
    CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA, CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA,
  };
  gint64 value;

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      const char *text = cf_plan_node_get (plan, ends[i]);

      if (cf_dec_parse_decimal (text, &value) && value % 100 == 0)
        cf_dec_set_integer (dec, end_fields[i], value / 100);
      else
        set_trimmed (dec, end_fields[i], text);
    }
  if (cf_dec_parse_decimal (cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA), &value))
    cf_dec_set_decimal (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA, value);
  else
    set_trimmed (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA,
                 cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA));
}

/* The attempt of each plan subject that goes on the certificate: the
 * latest that passes, by the same rule as cf_student_check() (a readable
 * grade within the scale, AC or at least the passing grade; the later
 * cycle wins, and on the same cycle the later row). -1: none. */
static int *
passed_attempts (const CfStudent  *student,
                 const CfPlanNode *plan)
{
  guint n_subjects = cf_plan_node_get_n_children (plan);
  int *passed = g_new (int, MAX (n_subjects, 1));
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 minimum = 0, maximum = 0, passing = 0;
  gboolean scale_known;

  scale_known = cf_dec_parse_decimal (cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MINIMA), &minimum) &&
                cf_dec_parse_decimal (cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MAXIMA), &maximum) &&
                cf_dec_parse_decimal (cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA),
                                      &passing) &&
                minimum < maximum && minimum <= passing && passing <= maximum;

  for (guint i = 0; i < n_subjects; i++)
    {
      const char *id = cf_plan_node_get (cf_plan_node_get_child (plan, i), CF_PLAN_COL_ID_ASIGNATURA);

      passed[i] = -1;
      if (!g_hash_table_contains (by_id, id))
        g_hash_table_insert (by_id, (gpointer) id, GUINT_TO_POINTER (i + 1));
    }

  for (guint g = 0; g < student->grades->len; g++)
    {
      const CfGrade *grade = g_ptr_array_index (student->grades, g);
      g_autofree char *id = trimmed (grade->id_asignatura);
      guint position = GPOINTER_TO_UINT (g_hash_table_lookup (by_id, id));
      int hundredths;
      gboolean passes;

      if (position == 0 || is_blank (grade->calificacion) ||
          !cf_dec_parse_grade (grade->calificacion, &hundredths))
        continue;
      if (hundredths == CF_DEC_GRADE_AC)
        passes = TRUE;
      else if (!scale_known)
        passes = TRUE;
      else
        passes = hundredths >= minimum && hundredths <= maximum && hundredths >= passing;
      if (!passes)
        continue;
      if (passed[position - 1] < 0 ||
          g_strcmp0 (grade->ciclo, ((CfGrade *) g_ptr_array_index (student->grades,
                                                                    passed[position - 1]))->ciclo) >= 0)
        passed[position - 1] = (int) g;
    }
  return passed;
}

static CfAsignatura *
build_asignatura (const CfPlanNode *subject,
                  const CfGrade    *grade)
{
  CfAsignatura *a = cf_asignatura_new ();
  g_autofree char *ciclo = trimmed (grade->ciclo);
  g_autofree char *observation = trimmed (grade->id_observaciones);
  const char *tipo = cf_plan_node_get (subject, CF_PLAN_COL_ID_TIPO_ASIGNATURA);
  const char *description;
  gint64 credits;
  int hundredths;

  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_ASIGNATURA, cf_plan_node_get (subject, CF_PLAN_COL_ID_ASIGNATURA));
  if (!is_blank (cf_plan_node_get (subject, CF_PLAN_COL_CLAVE_ASIGNATURA)))
    cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA,
                       cf_plan_node_get (subject, CF_PLAN_COL_CLAVE_ASIGNATURA));
  if (!is_blank (cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_ASIGNATURA)))
    cf_asignatura_set (a, CF_ASIGNATURA_FIELD_NOMBRE, cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_ASIGNATURA));
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CICLO, ciclo);
  if (cf_dec_parse_grade (grade->calificacion, &hundredths))
    cf_asignatura_set_grade (a, hundredths);
  if (*observation == '\0')
    {
      g_free (observation);
      observation = g_strdup (OBSERVATION_NORMAL);
    }
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES, observation);
  description = cf_catalog_lookup (CF_CATALOG_OBSERVACIONES, observation);
  if (description != NULL)
    cf_asignatura_set (a, CF_ASIGNATURA_FIELD_OBSERVACIONES, description);
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA, tipo);
  description = cf_catalog_lookup (CF_CATALOG_TIPO_ASIGNATURA, tipo);
  if (description != NULL)
    cf_asignatura_set (a, CF_ASIGNATURA_FIELD_TIPO_ASIGNATURA, description);
  if (cf_dec_parse_decimal (cf_plan_node_get (subject, CF_PLAN_COL_CREDITOS), &credits))
    cf_asignatura_set_creditos (a, credits);
  else
    cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CREDITOS, cf_plan_node_get (subject, CF_PLAN_COL_CREDITOS));
  return a;
}

static void
set_responsable (CfDec                   *dec,
                 const CfCertResponsable *responsable)
{
  const char *id_cargo = responsable != NULL && !is_blank (responsable->id_cargo) ? responsable->id_cargo : "5";

  if (responsable == NULL)
    {
      cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, "");
      cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_NOMBRE, "");
      cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_PRIMER_APELLIDO, "");
    }
  else
    {
      set_trimmed (dec, CF_DEC_FIELD_RESPONSABLE_CURP, responsable->curp);
      set_trimmed (dec, CF_DEC_FIELD_RESPONSABLE_NOMBRE, responsable->nombre);
      set_trimmed (dec, CF_DEC_FIELD_RESPONSABLE_PRIMER_APELLIDO, responsable->primer_apellido);
      if (!is_blank (responsable->segundo_apellido))
        set_trimmed (dec, CF_DEC_FIELD_RESPONSABLE_SEGUNDO_APELLIDO, responsable->segundo_apellido);
    }
  set_with_description (dec, CF_DEC_FIELD_RESPONSABLE_ID_CARGO, CF_DEC_FIELD_RESPONSABLE_CARGO,
                        CF_CATALOG_CARGO, id_cargo);
  if (responsable != NULL && !is_blank (responsable->cargo))
    set_trimmed (dec, CF_DEC_FIELD_RESPONSABLE_CARGO, responsable->cargo);
}

CfDec *
cf_cert_build_dec (const CfStudent          *student,
                   const CfPlanNode         *plan,
                   const CfCertResponsable  *responsable,
                   const CfCertBuildOptions *options)
{
  g_autoptr(CfDec) dec = NULL;
  g_autofree CfStudentRecordGrade *record_grades = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree int *passed = NULL;
  g_autofree char *id_campus = NULL;
  const char *fecha = NULL;
  const char *lugar = NULL;
  const char *tipo;
  CfStudentRecord record;
  CfStudentTotals totals;
  guint n_subjects;

  g_return_val_if_fail (student != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);
  plan = cf_plan_node_get_ancestor (plan, CF_PLAN_LEVEL_PLAN);
  g_return_val_if_fail (plan != NULL, NULL);

  dec = cf_dec_new ();
  cf_dec_clear_seal (dec);

  /* The institution and its campus, as the plan has them. */
  set_trimmed (dec, CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD, cf_plan_node_get (plan, CF_PLAN_COL_ID_INSTITUCION));
  set_trimmed (dec, CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION, cf_plan_node_get (plan, CF_PLAN_COL_ID_INSTITUCION));
  if (!is_blank (cf_plan_node_get (plan, CF_PLAN_COL_NOMBRE_INSTITUCION)))
    set_trimmed (dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION, cf_plan_node_get (plan, CF_PLAN_COL_NOMBRE_INSTITUCION));
  id_campus = trimmed (cf_plan_node_get (plan, CF_PLAN_COL_ID_CAMPUS));
  cf_dec_set (dec, CF_DEC_FIELD_IPES_ID_CAMPUS, id_campus);
  if (!is_blank (cf_plan_node_get (plan, CF_PLAN_COL_CAMPUS)))
    set_trimmed (dec, CF_DEC_FIELD_IPES_CAMPUS, cf_plan_node_get (plan, CF_PLAN_COL_CAMPUS));
  set_with_description (dec, CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA, CF_DEC_FIELD_IPES_ENTIDAD_FEDERATIVA,
                        CF_CATALOG_ENTIDAD_FEDERATIVA, cf_plan_node_get (plan, CF_PLAN_COL_ID_ENTIDAD));
  set_responsable (dec, responsable);

  /* The plan: RVOE, career, scale. */
  set_trimmed (dec, CF_DEC_FIELD_RVOE_NUMERO, cf_plan_node_get (plan, CF_PLAN_COL_NO_RVOE));
  set_date (dec, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, cf_plan_node_get (plan, CF_PLAN_COL_FECHA_RVOE));
  set_trimmed (dec, CF_DEC_FIELD_CARRERA_ID_CARRERA, cf_plan_node_get (plan, CF_PLAN_COL_ID_CARRERA));
  if (!is_blank (cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_CARRERA)))
    set_trimmed (dec, CF_DEC_FIELD_CARRERA_CLAVE_CARRERA, cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_CARRERA));
  if (!is_blank (cf_plan_node_get (plan, CF_PLAN_COL_NOMBRE_CARRERA)))
    set_trimmed (dec, CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA, cf_plan_node_get (plan, CF_PLAN_COL_NOMBRE_CARRERA));
  set_with_description (dec, CF_DEC_FIELD_CARRERA_ID_TIPO_PERIODO, CF_DEC_FIELD_CARRERA_TIPO_PERIODO,
                        CF_CATALOG_TIPO_PERIODO, cf_plan_node_get (plan, CF_PLAN_COL_ID_TIPO_PERIODO));
  set_trimmed (dec, CF_DEC_FIELD_CARRERA_CLAVE_PLAN, cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN));
  set_with_description (dec, CF_DEC_FIELD_CARRERA_ID_NIVEL_ESTUDIOS, CF_DEC_FIELD_CARRERA_NIVEL_ESTUDIOS,
                        CF_CATALOG_NIVEL_ESTUDIOS, cf_plan_node_get (plan, CF_PLAN_COL_ID_NIVEL_ESTUDIOS));
  set_scale (dec, plan);

  /* The student, in the export's capitals. */
  set_trimmed (dec, CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL, student->matricula);
  set_trimmed (dec, CF_DEC_FIELD_ALUMNO_CURP, student->curp);
  set_trimmed (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, student->nombre);
  set_trimmed (dec, CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO, student->primer_apellido);
  set_trimmed (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, student->segundo_apellido);
  set_trimmed (dec, CF_DEC_FIELD_ALUMNO_ID_GENERO, student->id_genero);
  set_date (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, student->fecha_nacimiento);

  /* Section 5's figures, from the check itself. */
  record_grades = cf_certs_student_record (student, &record);
  findings = cf_student_check (&record, plan, NULL, &totals);

  /* Expedicion. */
  tipo = student->id_tipo_certificacion;
  if (is_blank (tipo))
    tipo = totals.total_creditos >= 0 && totals.creditos_obtenidos >= totals.total_creditos
           ? CF_DEC_TIPO_CERTIFICACION_TOTAL : CF_DEC_TIPO_CERTIFICACION_PARCIAL;
  set_with_description (dec, CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION,
                        CF_DEC_FIELD_EXPEDICION_TIPO_CERTIFICACION, CF_CATALOG_TIPO_CERTIFICACION, tipo);
  if (options != NULL && !is_blank (options->fecha_expedicion))
    fecha = options->fecha_expedicion;
  else if (!is_blank (student->fecha_expedicion))
    fecha = student->fecha_expedicion;
  if (fecha != NULL)
    set_date (dec, CF_DEC_FIELD_EXPEDICION_FECHA, fecha);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDate) today = g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (now),
                                               (GDateMonth) g_date_time_get_month (now),
                                               (GDateYear) g_date_time_get_year (now));

      cf_dec_set_date (dec, CF_DEC_FIELD_EXPEDICION_FECHA, today);
    }
  lugar = options != NULL && !is_blank (options->id_lugar_expedicion)
          ? options->id_lugar_expedicion : cf_plan_node_get (plan, CF_PLAN_COL_ID_ENTIDAD);
  set_with_description (dec, CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION,
                        CF_DEC_FIELD_EXPEDICION_LUGAR_EXPEDICION, CF_CATALOG_ENTIDAD_FEDERATIVA, lugar);

  cf_dec_set_integer (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL, totals.total);
  cf_dec_set_integer (dec, CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS, totals.asignadas);
  if (totals.promedio >= 0)
    cf_dec_set_grade (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, (int) totals.promedio);
  else
    cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "");
  if (totals.total_creditos >= 0)
    cf_dec_set_decimal (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS, totals.total_creditos);
  else
    cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS, "");
  cf_dec_set_decimal (dec, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS, totals.creditos_obtenidos);
  cf_dec_set_integer (dec, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS, totals.numero_ciclos);

  /* The subjects in plan order, each with its passing attempt. */
  passed = passed_attempts (student, plan);
  n_subjects = cf_plan_node_get_n_children (plan);
  for (guint i = 0; i < n_subjects; i++)
    {
      g_autoptr(CfAsignatura) asignatura = NULL;

      if (passed[i] < 0)
        continue;
      asignatura = build_asignatura (cf_plan_node_get_child (plan, i),
                                     g_ptr_array_index (student->grades, passed[i]));
      cf_dec_append_asignatura (dec, asignatura);
    }
  return g_steal_pointer (&dec);
}

static char *
display_part (const char       *corrected,
              const char       *upper,
              CfPersonNamePart  part)
{
  if (!is_blank (corrected))
    return trimmed (corrected);
  if (is_blank (upper))
    return g_strdup ("");
  return cf_person_name_to_display_part (upper, part, NULL);
}

char *
cf_cert_build_dup_display_name (const CfStudent *student)
{
  g_autofree char *nombre = NULL;
  g_autofree char *primer = NULL;
  g_autofree char *segundo = NULL;
  GString *out = g_string_new (NULL);
  const char *parts[3];

  g_return_val_if_fail (student != NULL, NULL);

  nombre = display_part (student->nombre_impreso, student->nombre, CF_PERSON_NAME_GIVEN);
  primer = display_part (student->primer_apellido_impreso, student->primer_apellido, CF_PERSON_NAME_SURNAME);
  segundo = display_part (student->segundo_apellido_impreso, student->segundo_apellido, CF_PERSON_NAME_SURNAME);
  parts[0] = nombre;
  parts[1] = primer;
  parts[2] = segundo;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (*parts[i] != '\0')
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, parts[i]);
      }
  return g_string_free (out, FALSE);
}

CfPlanNode *
cf_cert_build_find_plan (CfPlanBook *book,
                         const char *id_carrera,
                         const char *clave_plan,
                         const char *id_campus)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autofree char *career = trimmed (id_carrera);
  g_autofree char *key = trimmed (clave_plan);
  g_autofree char *campus = trimmed (id_campus);
  CfPlanNode *first = NULL;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (book), NULL);

  plans = cf_plan_book_list_level (book, CF_PLAN_LEVEL_PLAN);
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      CfPlanNode *plan = g_ptr_array_index (plans, i);

      if (g_strcmp0 (cf_plan_node_get (plan, CF_PLAN_COL_ID_CARRERA), career) != 0 ||
          g_strcmp0 (cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN), key) != 0)
        continue;
      if (*campus == '\0' || g_strcmp0 (cf_plan_node_get (plan, CF_PLAN_COL_ID_CAMPUS), campus) == 0)
        return plan;
      if (first == NULL)
        first = plan;
    }
  return first;
}
