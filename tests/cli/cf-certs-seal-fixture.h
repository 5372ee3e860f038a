/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A store with certificates ready to seal, for the `certs seal` tests:
 * a Programa de Estudios (LICENCIATURA EN DERECHO, plan 2018, ten
 * subjects), @n students who passed all of them, the signer registered for
 * every campus, and the check run (cf_certs_refresh()): every certificate
 * listo. Header only: include it in the test that needs it. */
#pragma once

#include <string.h>

#include "cf-cert-repo.h"
#include "cf-certs-check.h"
#include "cf-context.h"
#include "cf-curp.h"
#include "cf-plan.h"
#include "cf-signer-repo.h"
#include "cf-student-repo.h"
#include "cf-test-util.h"

#define CF_SEAL_FIXTURE_SIGNER_CURP "PELM800101MDFRPR01"

#define CF_SEAL_FIXTURE_ROW(id, clave, nombre, tipo, creditos, periodo) \
  { "20499", "UNIVERSIDAD EJEMPLO DEL VALLE DE MÉXICO", "090101", "CAMPUS COYOACÁN", "09", "14", "LD-2018", \
    "LICENCIATURA EN DERECHO", "2018", "20180409", "2018-04-09", "91", "81", "5", "10", "6", "10", "66", \
    id, clave, nombre, tipo, creditos, periodo, "VIGENTE" }

static const char * const cf_seal_fixture_plan[][CF_PLAN_N_COLUMNS] = {
  CF_SEAL_FIXTURE_ROW ("500101", "LD101", "INTRODUCCIÓN AL DERECHO", "263", "8", "1"),
  CF_SEAL_FIXTURE_ROW ("500102", "LD102", "TEORÍA GENERAL DEL ESTADO", "263", "8", "1"),
  CF_SEAL_FIXTURE_ROW ("500103", "LD103", "METODOLOGÍA DE LA INVESTIGACIÓN", "263", "6", "1"),
  CF_SEAL_FIXTURE_ROW ("500104", "LD104", "INGLÉS I", "266", "0", "1"),
  CF_SEAL_FIXTURE_ROW ("500201", "LD201", "DERECHO ROMANO", "263", "8", "2"),
  CF_SEAL_FIXTURE_ROW ("500202", "LD202", "DERECHO CIVIL I", "263", "8", "2"),
  CF_SEAL_FIXTURE_ROW ("500203", "LD203", "ECONOMÍA", "264", "6", "2"),
  CF_SEAL_FIXTURE_ROW ("500301", "LD301", "DERECHO CIVIL II", "263", "8", "3"),
  CF_SEAL_FIXTURE_ROW ("500302", "LD302", "DERECHO PENAL I", "263", "8", "3"),
  CF_SEAL_FIXTURE_ROW ("500401", "LD401", "SEMINARIO DE INVESTIGACIÓN JURÍDICA", "263", "6", "4"),
};

static const char * const cf_seal_fixture_grades[][4] = {
  { "500101", "2019-1", "9", "" },
  { "500102", "2019-1", "8.5", "" },
  { "500103", "2019-1", "10", "" },
  { "500104", "2019-1", "AC", "" },
  { "500201", "2019-2", "7.8", "" },
  { "500202", "2020-1", "7", "71" },
  { "500203", "2019-2", "8.9", "" },
  { "500301", "2020-1", "9.4", "" },
  { "500302", "2020-1", "8.6", "" },
  { "500401", "2020-2", "9.5", "" },
};

static G_GNUC_UNUSED void
cf_seal_fixture_fill (CfStore    *store,
                      guint       n,
                      const char *signer_cer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_row_free);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfSignerResponsable) responsable = cf_signer_responsable_new ();
  g_autoptr(CfContext) context = NULL;
  char digit = cf_curp_compute_check_digit ("LOPA000501MDFPRNA");
  g_autofree char *curp = g_strdup_printf ("LOPA000501MDFPRNA%c", digit);
  guint n_ready = 0;

  for (guint r = 0; r < G_N_ELEMENTS (cf_seal_fixture_plan); r++)
    {
      CfPlanRow *row = cf_plan_row_new ();

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        cf_plan_row_set (row, c, cf_seal_fixture_plan[r][c]);
      row->row = r + 2;
      g_ptr_array_add (rows, row);
    }
  book = cf_plan_book_new_from_rows (rows, rejected);
  g_assert_cmpuint (rejected->len, ==, 0);
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      CfStudent *s = cf_student_new ();

      g_free (s->matricula);
      s->matricula = g_strdup_printf ("A%05u", i);
      g_free (s->id_carrera);
      s->id_carrera = g_strdup ("14");
      g_free (s->clave_plan);
      s->clave_plan = g_strdup ("2018");
      g_free (s->curp);
      s->curp = g_strdup (curp);
      g_free (s->nombre);
      s->nombre = g_strdup ("ANA MARIA");
      g_free (s->primer_apellido);
      s->primer_apellido = g_strdup ("LOPEZ");
      g_free (s->segundo_apellido);
      s->segundo_apellido = g_strdup ("DE LA CRUZ");
      g_free (s->id_genero);
      s->id_genero = g_strdup ("250");
      g_free (s->fecha_nacimiento);
      s->fecha_nacimiento = g_strdup ("2000-05-01");
      g_free (s->email);
      s->email = g_strdup ("ana.lopez@example.edu.mx");
      g_free (s->id_campus);
      s->id_campus = g_strdup ("090101");
      g_free (s->id_tipo_certificacion);
      s->id_tipo_certificacion = g_strdup ("79");
      g_free (s->fecha_expedicion);
      s->fecha_expedicion = g_strdup ("2021-01-15");
      for (guint g = 0; g < G_N_ELEMENTS (cf_seal_fixture_grades); g++)
        {
          CfGrade *grade = cf_grade_new ();

          g_free (grade->id_asignatura);
          grade->id_asignatura = g_strdup (cf_seal_fixture_grades[g][0]);
          g_free (grade->ciclo);
          grade->ciclo = g_strdup (cf_seal_fixture_grades[g][1]);
          g_free (grade->calificacion);
          grade->calificacion = g_strdup (cf_seal_fixture_grades[g][2]);
          g_free (grade->id_observaciones);
          grade->id_observaciones = g_strdup (cf_seal_fixture_grades[g][3]);
          g_free (grade->id_tipo_asignatura);
          grade->id_tipo_asignatura = g_strdup ("263");
          g_ptr_array_add (s->grades, grade);
        }
      g_ptr_array_add (students, s);
    }
  g_assert_true (cf_student_repo_import (store, students, "fixture.csv", &error));
  g_assert_no_error (error);

  certificate = cf_certificate_new_from_file (signer_cer, &error);
  g_assert_no_error (error);
  g_free (responsable->id_cargo);
  responsable->id_cargo = g_strdup ("5");
  g_free (responsable->nombre);
  responsable->nombre = g_strdup ("MARÍA DE LA LUZ");
  g_free (responsable->primer_apellido);
  responsable->primer_apellido = g_strdup ("PÉREZ");
  g_free (responsable->segundo_apellido);
  responsable->segundo_apellido = g_strdup ("LÓPEZ");
  g_assert_true (cf_signer_repo_add_with_responsable (store, certificate, responsable, &error));
  g_assert_no_error (error);

  context = cf_context_new (store, NULL);
  g_assert_true (cf_certs_refresh (context, NULL, &n_ready, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_ready, ==, n);
}
