/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-student-repo.h: students and their grades in the store. An import is
 * one transaction: each student upserted by matrícula + career, each grade
 * by student + subject (importing again updates, never duplicates), every
 * row written stamped with the transaction's row_version, and one "import"
 * entry on "students" in the bitácora with the counts. The certificates of
 * the students it changed get a new version, and a listo one goes back to
 * borrador until checked again (cf-cert-repo.h). */
#pragma once

#include "cf-store.h"
#include "cf-student.h"

G_BEGIN_DECLS

/* @students (CfStudent*): each must have a matrícula and a career, and no
 * subject twice. @source names the import in the bitácora (a file name). */
gboolean    cf_student_repo_import         (CfStore     *store,
                                            GPtrArray   *students,
                                            const char  *source,
                                            GError     **error);
gboolean    cf_student_repo_count          (CfStore     *store,
                                            guint       *n_students,
                                            guint       *n_grades,
                                            GError     **error);
/* Every student with its grades, by matrícula and career (element-type
 * CfStudent). */
GPtrArray  *cf_student_repo_list           (CfStore     *store,
                                            GError     **error);
/* The Programa de Estudios as the import checks grades against it: career
 * id → (clave_plan → set of subject ids). A career without plans maps to
 * an empty table. */
GHashTable *cf_student_repo_plan_subjects  (CfStore     *store,
                                            GError     **error);

G_END_DECLS
