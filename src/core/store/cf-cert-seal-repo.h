/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-seal-repo.h: sealing certificates in the store (schema v6):
 * drawing the institution's folioControl and storing a sealed
 * certificate's exact bytes together with its change of state.
 *
 * One certificate is sealed in ONE write transaction, or not at all:
 *
 *   1. it is still listo and its row_version is the one the document was
 *      built from (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so two desks
 *      never take the same one; SQLite: the write transaction holds the
 *      file's lock and the final UPDATE says WHERE status = 'listo' AND
 *      row_version = ?);
 *   2. the next folio is drawn from folio_sequence with an upsert …
 *      RETURNING, never read-then-write, so no two desks get the same; in
 *      the incorporation's test stage, the next use of one of SEP's test
 *      folios instead (a fourth use is never taken; none left:
 *      CF_STORE_ERROR_NO_TEST_FOLIO), and the portal recorded is
 *      'pruebas' rather than 'produccion';
 *   3. @func puts the folio in the document and returns the bytes to keep
 *      (and checks them: a seal that does not verify returns FALSE);
 *   4. xml (+ pdf), status sellado, signer, folio and an event row are
 *      written; commit.
 *
 * Anything failing rolls the whole transaction back, the folio drawn
 * included: a folio is consumed only by a certificate that is sealed.
 * folioControl is not part of the cadena original, so the document is
 * signed BEFORE the transaction (signing is the CPU work; SQLite's write
 * lock is held only for steps 1–4 and workers sign in parallel). */
#pragma once

#include "cf-store.h"

G_BEGIN_DECLS

/* Runs inside the transaction, on the calling thread, maybe more than once
 * (a busy store retries the transaction): sets @folio_control in the
 * document and returns the exact bytes to store, or NULL + @error to roll
 * everything back. Must not keep state from one call to the next. */
typedef GBytes *(*CfCertSealFunc) (gint64       cert_id,
                                   const char  *folio_control,
                                   gpointer     user_data,
                                   GError     **error);

typedef struct
{
  gint64       cert_id;
  gint64       row_version;   /* as read when its document was built */
  const char  *signer;        /* the e.firma's certificate number */
  GBytes      *pdf;           /* may be NULL: made later (cf_cert_seal_repo_set_pdf()) */
  gboolean     test_stage;    /* the incorporation's test stage: folioControl is the next
                               * use of one of SEP's test folios (cf-incorporation-repo.h),
                               * portal 'pruebas'; else the institution's sequence,
                               * portal 'produccion' */
} CfCertSealRequest;

/* Seals one certificate as above. @out_folio (may be NULL) receives the
 * folio drawn. CF_STORE_ERROR_CONFLICT when the certificate is no longer
 * listo, changed since @request->row_version, or is being sealed at
 * another desk right now; NOT_FOUND when it is gone; @func's error as it
 * is. Nothing is written on any error. */
gboolean    cf_cert_seal_repo_seal        (CfStore                 *store,
                                           const CfCertSealRequest *request,
                                           CfCertSealFunc           func,
                                           gpointer                 user_data,
                                           char                   **out_folio,
                                           GError                 **error);

/* One certificate of cf_cert_seal_repo_seal_many(): @request and
 * @user_data (given to the CfCertSealFunc) in; @folio_control when it was
 * sealed, or @error saying why this one was refused (CONFLICT, NOT_FOUND
 * or the CfCertSealFunc's error), out. */
typedef struct
{
  CfCertSealRequest  request;
  gpointer           user_data;
  char              *folio_control;
  GError            *error;
} CfCertSealItem;

/* Seals @n_items certificates in ONE write transaction (one commit, one
 * sync for all of them), each in its own savepoint: every one of them is
 * still entirely sealed or entirely not, whatever happens, and one refused
 * (its @error set) leaves the others sealed. FALSE + @error, nothing
 * written, only when the store itself failed. The caller frees each item's
 * @folio_control and @error. */
gboolean    cf_cert_seal_repo_seal_many   (CfStore                 *store,
                                           CfCertSealItem          *items,
                                           guint                    n_items,
                                           CfCertSealFunc           func,
                                           guint                   *out_n_sealed,
                                           GError                 **error);

/* CF_STORE_ERROR_NO_TEST_FOLIO, saying to add the test folios SEP sent. */
void        cf_cert_seal_repo_set_no_test_folio_error (GError     **error);

/* The PDF of a sealed certificate, made after sealing. Refused
 * (CF_STORE_ERROR_FAILED) for one that is not sealed. */
gboolean    cf_cert_seal_repo_set_pdf     (CfStore                 *store,
                                           gint64                   cert_id,
                                           GBytes                  *pdf,
                                           GError                 **error);

/* The ids of every listo certificate, by matrícula then career
 * (element-type gint64). */
GArray     *cf_cert_seal_repo_list_ready  (CfStore                 *store,
                                           GError                 **error);

/* The ids of the sealed certificates still without their PDF
 * (element-type gint64). */
GArray     *cf_cert_seal_repo_list_without_pdf (CfStore            *store,
                                                GError            **error);

/* The folio the next seal will draw (1 before any). For people and tests:
 * never use it to choose a folio. */
gboolean    cf_cert_seal_repo_peek_next_folio (CfStore             *store,
                                               gint64              *out_next,
                                               GError             **error);

G_END_DECLS
