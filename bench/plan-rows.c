/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plan-rows.c: the Programa de Estudios the plan benches import: 2 campuses
 * × 25 careers × 2 plans at most, @n_plans of them used, the subjects
 * shared out evenly. */
#include "config.h"

#include "plan-rows.h"

GPtrArray *
bench_plan_rows (guint n_subjects,
                 guint n_plans)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_row_free);
  guint per_plan = MAX (n_subjects / MAX (n_plans, 1), 1);
  guint made = 0;
  guint id = 100000;

  for (guint campus = 0; campus < 2; campus++)
    for (guint career = 0; career < 25; career++)
      for (guint plan = 0; plan < 2 && made < MAX (n_plans, 1); plan++, made++)
        {
          g_autofree char *total = g_strdup_printf ("%u", per_plan);
          g_autofree char *credits = g_strdup_printf ("%u", per_plan * 6);

          for (guint s = 0; s < per_plan; s++)
            {
              CfPlanRow *row = cf_plan_row_new ();
              g_autofree char *campus_id = g_strdup_printf ("0901%02u", campus + 1);
              g_autofree char *career_id = g_strdup_printf ("%u", 100 + campus * 100 + career);
              g_autofree char *career_key = g_strdup_printf ("62%04u", campus * 100 + career);
              g_autofree char *career_name = g_strdup_printf ("LICENCIATURA EN DISCIPLINA %u", career + 1);
              g_autofree char *plan_key = g_strdup_printf ("%u", 2016 + plan * 4);
              g_autofree char *subject_id = g_strdup_printf ("%u", id++);
              g_autofree char *subject_key = g_strdup_printf ("ASG%05u", s + 1);
              g_autofree char *subject_name = g_strdup_printf ("ASIGNATURA NÚMERO %u DEL PLAN", s + 1);
              g_autofree char *period = g_strdup_printf ("%u", s / 8 + 1);

              cf_plan_row_set (row, CF_PLAN_COL_ID_INSTITUCION, "090123");
              cf_plan_row_set (row, CF_PLAN_COL_NOMBRE_INSTITUCION, "UNIVERSIDAD DE PRUEBA DE RENDIMIENTO");
              cf_plan_row_set (row, CF_PLAN_COL_ID_CAMPUS, campus_id);
              cf_plan_row_set (row, CF_PLAN_COL_CAMPUS, campus == 0 ? "NORTE" : "SUR");
              cf_plan_row_set (row, CF_PLAN_COL_ID_ENTIDAD, "09");
              cf_plan_row_set (row, CF_PLAN_COL_ID_CARRERA, career_id);
              cf_plan_row_set (row, CF_PLAN_COL_CLAVE_CARRERA, career_key);
              cf_plan_row_set (row, CF_PLAN_COL_NOMBRE_CARRERA, career_name);
              cf_plan_row_set (row, CF_PLAN_COL_CLAVE_PLAN, plan_key);
              cf_plan_row_set (row, CF_PLAN_COL_NO_RVOE, plan == 0 ? "20160815" : "ACUERDO 2020");
              cf_plan_row_set (row, CF_PLAN_COL_FECHA_RVOE, plan == 0 ? "2016-08-15" : "2020-01-15");
              cf_plan_row_set (row, CF_PLAN_COL_ID_TIPO_PERIODO, plan == 0 ? "91" : "93");
              cf_plan_row_set (row, CF_PLAN_COL_ID_NIVEL_ESTUDIOS, "81");
              cf_plan_row_set (row, CF_PLAN_COL_CALIFICACION_MINIMA, "5");
              cf_plan_row_set (row, CF_PLAN_COL_CALIFICACION_MAXIMA, "10");
              cf_plan_row_set (row, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA, "6");
              cf_plan_row_set (row, CF_PLAN_COL_TOTAL_ASIGNATURAS, total);
              cf_plan_row_set (row, CF_PLAN_COL_TOTAL_CREDITOS, credits);
              cf_plan_row_set (row, CF_PLAN_COL_ID_ASIGNATURA, subject_id);
              cf_plan_row_set (row, CF_PLAN_COL_CLAVE_ASIGNATURA, subject_key);
              cf_plan_row_set (row, CF_PLAN_COL_NOMBRE_ASIGNATURA, subject_name);
              cf_plan_row_set (row, CF_PLAN_COL_ID_TIPO_ASIGNATURA, s % 10 == 9 ? "264" : "263");
              cf_plan_row_set (row, CF_PLAN_COL_CREDITOS, "6");
              cf_plan_row_set (row, CF_PLAN_COL_PERIODO, period);
              row->row = rows->len + 2;
              g_ptr_array_add (rows, row);
            }
        }
  return rows;
}

