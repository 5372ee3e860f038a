/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-student.h: a student and the grades the school system exported, as
 * plain records: what the import builds and the store keeps. Values are
 * text as SEP writes them (ids without ".0", dates YYYY-MM-DD); "" when
 * the export had none. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id_asignatura;
  char   *ciclo;
  char   *calificacion;
  char   *id_observaciones;
  char   *id_tipo_asignatura;
  char   *creditos;
  guint   row;              /* where the import read it (0: from the store) */
} CfGrade;

typedef struct
{
  gint64      id;           /* in the store; 0 before it is there */
  gint64      row_version;
  char       *matricula;
  char       *id_carrera;
  char       *clave_plan;
  char       *curp;
  char       *nombre;
  char       *primer_apellido;
  char       *segundo_apellido;
  char       *id_genero;
  char       *fecha_nacimiento;
  char       *email;
  char       *id_campus;
  char       *id_tipo_certificacion;
  char       *fecha_expedicion;
  guint       row;          /* first row the import read it on */
  GPtrArray  *grades;       /* CfGrade*, in the file's order */
  /* The name as printed, corrected by the registrar (store only; "" =
   * converted from the capitals above, cf_person_name_to_display_part()). */
  char       *nombre_impreso;
  char       *primer_apellido_impreso;
  char       *segundo_apellido_impreso;
} CfStudent;

CfGrade   *cf_grade_new      (void);
void       cf_grade_free     (CfGrade   *grade);
CfStudent *cf_student_new    (void);
void       cf_student_free   (CfStudent *student);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfGrade, cf_grade_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfStudent, cf_student_free)

G_END_DECLS
