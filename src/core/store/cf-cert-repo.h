/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-repo.h: the certificates in the store (schema v6), one per
 * student (a student is one matrícula in one career), with their state,
 * their last check and, once sealed, the exact XML and its PDF.
 *
 * Every change of state is a row of certificate_event with when (UTC) and
 * who (the OS user); corrections a registrar makes (printed names, a
 * subject's cycle or observation) go to the bitácora. Writes are
 * transactions; a row another desk changed since it was read is refused
 * with CF_STORE_ERROR_CONFLICT, never overwritten.
 *
 * Sealing (drawing folios, storing the sealed bytes with the state change)
 * is cf-cert-seal-repo.h. */
#pragma once

#include "cf-store.h"
#include "cf-student.h"

G_BEGIN_DECLS

/* The life cycle. Part 1 moves certificates between the first three; the
 * rest are part 2's, named now so the store never needs renaming. */
typedef enum
{
  CF_CERT_STATUS_BORRADOR,      /* has errors, or never checked */
  CF_CERT_STATUS_LISTO,         /* checked, no errors: may be sealed */
  CF_CERT_STATUS_SELLADO,
  CF_CERT_STATUS_ENVIADO,
  CF_CERT_STATUS_AUTENTICADO,
  CF_CERT_STATUS_RECHAZADO,
  CF_CERT_STATUS_ENTREGADO,
  CF_CERT_STATUS_CANCELADO,
} CfCertStatus;

#define CF_CERT_N_STATUS (CF_CERT_STATUS_CANCELADO + 1)

/* "borrador", "listo", "sellado", …: stable, in the store, the command
 * line (--status) and JSON. */
const char *cf_cert_status_to_string   (CfCertStatus  status);
gboolean    cf_cert_status_from_string (const char   *text,
                                        CfCertStatus *out_status);
/* Translated, for people: "Borrador", "Listo", "Sellado", … */
const char *cf_cert_status_get_label   (CfCertStatus  status);

typedef struct
{
  gint64        id;
  gint64        row_version;
  CfCertStatus  status;
  char         *status_at;      /* ISO 8601, UTC */
  char         *status_by;      /* OS user */
  char         *folio_control;  /* NULL until sealed */
  char         *signer;         /* certificate number; "" until sealed */
  char         *findings;       /* the last check as a JSON array (cf_finding_list_to_json()); "" never checked */
  guint         n_errors;       /* counted from @findings */
  guint         n_warnings;
  CfStudent    *student;        /* always set; its grades only when asked for */
  char         *portal;         /* the SEP portal it was sealed for: "pruebas" (the test stage,
                                 * a test folio) or "produccion"; NULL until sealed */
} CfCertRow;

void        cf_cert_row_free (CfCertRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfCertRow, cf_cert_row_free)

/* What the workspace filters on; NULL or "" fields match everything. */
typedef struct
{
  int         status;      /* a CfCertStatus, or -1 for any */
  const char *id_carrera;
  const char *clave_plan;
  const char *ciclo;       /* a student with a grade in this cycle */
  const char *id_campus;
  const char *search;      /* part of the name, matrícula or CURP; case and accents ignored */
  gint64      min_id;      /* certificates with ids in [min_id, max_id] (0: no bound): a */
  gint64      max_id;      /* large store read a slice at a time */
} CfCertFilter;

#define CF_CERT_FILTER_INIT { .status = -1 }

/* A borrador certificate for every student that has none (after an
 * import), in one transaction. @n_created may be NULL. */
gboolean    cf_cert_repo_ensure_all        (CfStore            *store,
                                            guint              *n_created,
                                            GError            **error);

/* (element-type CfCertRow) by matrícula then career; @filter may be NULL.
 * @with_grades: each student's grades too (one query for all). */
GPtrArray  *cf_cert_repo_list              (CfStore            *store,
                                            const CfCertFilter *filter,
                                            gboolean            with_grades,
                                            GError            **error);

/* One certificate with its student and grades; NOT_FOUND. */
CfCertRow  *cf_cert_repo_get               (CfStore            *store,
                                            gint64              id,
                                            GError            **error);

/* @counts[CF_CERT_N_STATUS]: how many are in each state. */
gboolean    cf_cert_repo_count_by_status   (CfStore            *store,
                                            guint              *counts,
                                            GError            **error);

/* The outcome of checking one certificate (cf-certs-check.h). */
typedef struct
{
  gint64      id;
  gint64      row_version;   /* as read; CONFLICT-skipped when it changed */
  gboolean    ready;         /* no errors: listo, else borrador */
  const char *findings;      /* JSON array */
} CfCertCheckResult;

/* Records many checks in one transaction: findings saved, borrador ↔ listo
 * as @ready says (an event for each change of state). Certificates sealed
 * or further along are left as they are; one changed meanwhile by another
 * desk is skipped and counted in @n_skipped (may be NULL). */
gboolean    cf_cert_repo_set_checks        (CfStore                 *store,
                                            const CfCertCheckResult *results,
                                            guint                    n_results,
                                            guint                   *n_skipped,
                                            GError                 **error);

/* The registrar's corrections, each in the bitácora with the old and new
 * value; the certificate goes back to borrador until checked again.
 * Refused (CF_STORE_ERROR_FAILED with a message for people) once sealed. */
gboolean    cf_cert_repo_set_printed_names (CfStore            *store,
                                            gint64              cert_id,
                                            gint64              row_version,
                                            const char         *nombre,
                                            const char         *primer_apellido,
                                            const char         *segundo_apellido,
                                            GError            **error);
gboolean    cf_cert_repo_set_grade         (CfStore            *store,
                                            gint64              cert_id,
                                            gint64              row_version,
                                            const char         *id_asignatura,
                                            const char         *ciclo,
                                            const char         *id_observaciones,
                                            GError            **error);

/* Changes of state, oldest first: (element-type CfCertEvent). */
typedef struct
{
  char         *at;
  char         *os_user;
  CfCertStatus  from_status;
  CfCertStatus  to_status;
  char         *detail;
} CfCertEvent;

void        cf_cert_event_free (CfCertEvent *event);
GPtrArray  *cf_cert_repo_list_events       (CfStore            *store,
                                            gint64              cert_id,
                                            GError            **error);

/* The stored sealed XML (exact bytes) and PDF; NULL + NOT_FOUND when the
 * certificate was never sealed. */
GBytes     *cf_cert_repo_dup_xml           (CfStore            *store,
                                            gint64              cert_id,
                                            GError            **error);
GBytes     *cf_cert_repo_dup_pdf           (CfStore            *store,
                                            gint64              cert_id,
                                            GError            **error);

G_END_DECLS
