/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-student.c: the student and grade records. */

#include "config.h"

#include "cf-student.h"

CfGrade *
cf_grade_new (void)
{
  CfGrade *grade = g_new0 (CfGrade, 1);

  grade->id_asignatura = g_strdup ("");
  grade->ciclo = g_strdup ("");
  grade->calificacion = g_strdup ("");
  grade->id_observaciones = g_strdup ("");
  grade->id_tipo_asignatura = g_strdup ("");
  grade->creditos = g_strdup ("");
  return grade;
}

void
cf_grade_free (CfGrade *grade)
{
  if (grade == NULL)
    return;
  g_free (grade->id_asignatura);
  g_free (grade->ciclo);
  g_free (grade->calificacion);
  g_free (grade->id_observaciones);
  g_free (grade->id_tipo_asignatura);
  g_free (grade->creditos);
  g_free (grade);
}

CfStudent *
cf_student_new (void)
{
  CfStudent *student = g_new0 (CfStudent, 1);
  char **fields[] = {
    &student->matricula, &student->id_carrera, &student->clave_plan, &student->curp,
    &student->nombre, &student->primer_apellido, &student->segundo_apellido,
    &student->id_genero, &student->fecha_nacimiento, &student->email, &student->id_campus,
    &student->id_tipo_certificacion, &student->fecha_expedicion, &student->nombre_impreso,
    &student->primer_apellido_impreso, &student->segundo_apellido_impreso,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = g_strdup ("");
  student->grades = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_grade_free);
  return student;
}

void
cf_student_free (CfStudent *student)
{
  if (student == NULL)
    return;
  g_free (student->matricula);
  g_free (student->id_carrera);
  g_free (student->clave_plan);
  g_free (student->curp);
  g_free (student->nombre);
  g_free (student->primer_apellido);
  g_free (student->segundo_apellido);
  g_free (student->id_genero);
  g_free (student->fecha_nacimiento);
  g_free (student->email);
  g_free (student->id_campus);
  g_free (student->id_tipo_certificacion);
  g_free (student->fecha_expedicion);
  g_free (student->nombre_impreso);
  g_free (student->primer_apellido_impreso);
  g_free (student->segundo_apellido_impreso);
  g_ptr_array_unref (student->grades);
  g_free (student);
}
