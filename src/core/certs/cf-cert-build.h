/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-build.h: a student's certificate as a Dec 3.0, from the store's
 * student (with grades), the plan of the Programa de Estudios it belongs to
 * and the signer's Responsable values. Unsealed and without folioControl:
 * the sealer sets both.
 *
 * What goes in: the subjects of the plan in plan order, each with the
 * student's latest passing attempt (failed attempts are not on a
 * certificate); totals, credits and promedio exactly as cf_student_check()
 * computes them (mec-domain.md §5); catalog descriptions filled from the
 * catalogs (cf-catalog.h). Names stay in the export's capitals, as SEP
 * expects them in the XML; the printed page uses
 * cf_cert_build_dup_display_name() (cf_certificate_layout_set_student_name()).
 *
 * A student whose cf_student_check() has no errors gives a Dec that
 * cf_dec_validate() finds no errors in. Pure: thread safe as long as
 * nobody edits the plan meanwhile. */
#pragma once

#include "cf-dec.h"
#include "cf-plan.h"
#include "cf-student.h"

G_BEGIN_DECLS

/* Ipes/Responsable: who signs (the signer's values, cf-signer-repo.h). */
typedef struct
{
  const char *curp;
  const char *id_cargo;           /* idCargo catalog; NULL or "": 5 */
  const char *cargo;              /* NULL or "": the catalog's description */
  const char *nombre;             /* in capitals, as the XML carries it */
  const char *primer_apellido;
  const char *segundo_apellido;   /* may be NULL or "" */
} CfCertResponsable;

typedef struct
{
  /* Expedicion/@fecha as YYYY-MM-DD; NULL or "": the student's
   * fecha_expedicion, else today (UTC). */
  const char *fecha_expedicion;
  /* Expedicion/@idLugarExpedicion (two digits); NULL or "": the campus's
   * ID_ENTIDAD. */
  const char *id_lugar_expedicion;
} CfCertBuildOptions;

/* @plan: a node of level CF_PLAN_LEVEL_PLAN (or below it: its plan is
 * taken). @responsable and @options may be NULL (Responsable left empty:
 * the sealer's check will say so). Never NULL. */
CfDec *cf_cert_build_dec               (const CfStudent          *student,
                                        const CfPlanNode         *plan,
                                        const CfCertResponsable  *responsable,
                                        const CfCertBuildOptions *options);

/* The printed name, given names then surnames: the registrar's corrected
 * parts (student->*_impreso), else each converted from the capitals with
 * cf_person_name_to_display_part() ("MARIA DEL CARMEN NUNEZ" → "María del
 * Carmen Núñez"). */
char  *cf_cert_build_dup_display_name  (const CfStudent          *student);

/* The plan a student's certificate follows: career @id_carrera, plan
 * @clave_plan, under campus @id_campus when given and found there, else
 * the first such plan of the book; NULL when there is none. */
CfPlanNode *cf_cert_build_find_plan    (CfPlanBook               *book,
                                        const char               *id_carrera,
                                        const char               *clave_plan,
                                        const char               *id_campus);

G_END_DECLS
