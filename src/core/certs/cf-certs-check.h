/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-check.h: checking the store's certificates (issue 13).
 *
 * A student of the store becomes a CfStudentRecord for cf_student_check()
 * against its plan in the Programa de Estudios; a career or plan the
 * Programa de Estudios does not have is a finding (an error: SEP would
 * reject the certificate), never a student silently left out.
 *
 * cf_certs_refresh() brings the certificates up to date after an import or
 * a correction: a borrador for every student without one, then every
 * borrador or listo certificate checked and its findings and state
 * recorded (cf_cert_repo_set_checks()); sealed ones are left as they are.
 * Findings are stored with their message's key and arguments, and read
 * back in the reader's language (cf_certs_findings_from_json()). */
#pragma once

#include <gio/gio.h>

#include "cf-cert-repo.h"
#include "cf-context.h"
#include "cf-plan.h"
#include "cf-student-check.h"

G_BEGIN_DECLS

/* Finding codes of this step (paths /Dec/Carrera/@idCarrera and
 * /Dec/Carrera/@clavePlan: fixed in the Programa de Estudios or the
 * student's data). */
#define CF_FINDING_CERTS_CAREER_UNKNOWN "certs.career-unknown"
#define CF_FINDING_CERTS_PLAN_UNKNOWN   "certs.plan-unknown"

/* Fills @record from @student; the record borrows @student's strings.
 * Returns the grades array @record points at (g_free it after). */
CfStudentRecordGrade *cf_certs_student_record (const CfStudent    *student,
                                               CfStudentRecord    *record);

/* cf_student_check() of @student against its plan in @book (found with
 * cf_cert_build_find_plan()), or the unknown career / plan finding.
 * @signer_campuses: campuses with a signer (NULL-terminated; NULL: none).
 * @out_plan (may be NULL) receives the plan (transfer none; NULL when not
 * found). (element-type CfFinding). */
GPtrArray  *cf_certs_check_student     (const CfStudent     *student,
                                        CfPlanBook          *book,
                                        const char * const  *signer_campuses,
                                        CfPlanNode         **out_plan,
                                        CfStudentTotals     *out_totals);

/* The whole refresh, in the calling thread (a worker: it reads and writes
 * the store, which may be across a network). @n_ready (may be NULL):
 * certificates listo or further along afterwards. */
gboolean    cf_certs_refresh           (CfContext           *context,
                                        GCancellable        *cancellable,
                                        guint               *n_ready,
                                        GError             **error);
/* The same for the certificates @ids alone (a borrador for every student
 * without one is still made); NOT_FOUND, before anything is checked, for
 * an id that is none. */
gboolean    cf_certs_refresh_ids       (CfContext           *context,
                                        const gint64        *ids,
                                        guint                n_ids,
                                        GCancellable        *cancellable,
                                        guint               *n_ready,
                                        GError             **error);
void        cf_certs_refresh_async     (CfContext           *context,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    cf_certs_refresh_finish    (CfContext           *context,
                                        GAsyncResult        *result,
                                        guint               *n_ready,
                                        GError             **error);

/* A stored finding's message (cf_finding_get_key() and _get_args()) in the
 * current language, whichever language the check ran in; NULL for a key
 * no check of this version has (then show the stored message). */
char       *cf_certs_finding_render    (const char          *key,
                                        const char * const  *args);

/* Where a certificate's finding is fixed, for people: "Programa de
 * Estudios", "subjects table", "student's data", "Firmantes" (translated). */
const char *cf_certs_finding_place_label (const CfFinding   *finding);

G_END_DECLS
