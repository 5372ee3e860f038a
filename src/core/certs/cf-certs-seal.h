/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-seal.h: sealing certificates of the store in a batch, the code
 * the workspace and `certifica-cli certs seal` share.
 *
 * First the signer is checked (cf_sealer_check_signer(): SAT's chain and
 * revocation; what was accepted unchecked goes to the bitácora). Then N
 * worker threads each take the next certificate and:
 *
 *   read it (cf_cert_repo_get()), build its document (@build), check it
 *   (cf_sealer_check() + cf_dec_validate()), sign it (cf_sealer_seal(),
 *   outside any transaction: the CPU work runs in parallel), serialise it,
 *   then in a store transaction (cf_cert_seal_repo_seal_many(), up to 16
 *   of a worker's certificates, or what it signed in 0.1 s, per commit and
 *   sync; each in its own savepoint): re-check it is still listo and
 *   unchanged, draw the folio, set it in the bytes, verify those exact
 *   bytes (cf_sealer_verify_doc()), store them with status sellado and the
 *   event, commit.
 *
 * So a certificate is entirely sealed or entirely not, whatever happens
 * (cancel, crash, another desk): a cancel lets the ones in flight finish
 * and leaves the rest untouched (CANCELLED).
 *
 * The PDFs (about ten signatures' worth of work each) never hold a seal
 * back: with a @pdf maker they are made after the last seal, by the same
 * number of workers, from the stored bytes, and stored with
 * cf_cert_seal_repo_set_pdf(); a cancel or a crash there leaves sealed
 * certificates without a PDF, made by the next run
 * (cf_certs_make_pdfs()). */
#pragma once

#include <gio/gio.h>

#include "cf-cert-repo.h"
#include "cf-sealer.h"

G_BEGIN_DECLS

/* The unsealed document of @row (its student with grades), without
 * folioControl: cf-cert-build.h. */
typedef CfDec  *(*CfCertsBuildFunc) (CfStore          *store,
                                     const CfCertRow  *row,
                                     CfCertificate    *signer,
                                     gpointer          user_data,
                                     GError          **error);
/* The PDF of a sealed document (src/render: the core cannot draw), with
 * the student's name as the page prints it (cf_cert_build_dup_display_name();
 * NULL: the Dec's). Called from worker threads. */
typedef GBytes *(*CfCertsPdfFunc)   (CfDec            *sealed,
                                     const char       *display_name,
                                     gpointer          user_data,
                                     GCancellable     *cancellable,
                                     GError          **error);

typedef struct
{
  guint             jobs;          /* 0: one per processor */
  CfCertsBuildFunc  build;         /* NULL: cf_cert_build_dec() with the store's Programa de
                                    * Estudios and the signer's Responsable values */
  gpointer          build_data;
  CfCertsPdfFunc    pdf;           /* NULL: no PDFs now */
  gpointer          pdf_data;
} CfCertsSealOptions;

/* Whether sealing now is for SEP's test portal: the incorporation's
 * current stage is the test stage (stages 1–3 done, the test stage not).
 * Then each certificate's folioControl is the next use of one of SEP's
 * test folios (never a fourth use; none left: CF_STORE_ERROR_NO_TEST_FOLIO,
 * and the batch stops) and its portal is recorded as "pruebas"; otherwise
 * the institution's sequence and "produccion". */
gboolean     cf_certs_seal_in_test_stage (CfStore   *store,
                                          gboolean  *test_stage,
                                          GError   **error);

/* The outcome for one certificate. */
typedef struct
{
  gint64        cert_id;
  CfSealStatus  status;          /* SEALED, REFUSED or CANCELLED (never started) */
  char         *folio_control;   /* SEALED */
  GError       *error;           /* REFUSED: why, for people */
  GPtrArray    *findings;        /* REFUSED for validation errors: (element-type CfFinding) */
  gboolean      has_pdf;         /* SEALED and its PDF stored in this run */
} CfCertsSealResult;

void         cf_certs_seal_result_free (CfCertsSealResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfCertsSealResult, cf_certs_seal_result_free)

/* Seals @ids (@n_ids of them), or every listo certificate when @ids is
 * NULL, with @sealer. Returns one CfCertsSealResult per certificate in
 * order; @out_summary (may be NULL) gets the counts of the sealing.
 * @progress is called in this thread about ten times a second and once at
 * the end of the sealing. NULL + @error, nothing sealed, when the signer
 * is refused or the store cannot be read; a store that fails during the
 * run stops it (NULL + @error saying how many were sealed). */
GPtrArray   *cf_certs_seal             (CfStore                  *store,
                                        CfSealer                 *sealer,
                                        const gint64             *ids,
                                        guint                     n_ids,
                                        const CfCertsSealOptions *options,
                                        CfSealProgressFunc        progress,
                                        gpointer                  progress_data,
                                        CfSealProgress           *out_summary,
                                        GCancellable             *cancellable,
                                        GError                  **error);

/* The same in a thread, for windows: @progress runs in the caller's
 * thread-default main context, @progress_destroy once nothing else will
 * call it; the options are copied. */
void         cf_certs_seal_async       (CfStore                  *store,
                                        CfSealer                 *sealer,
                                        const gint64             *ids,
                                        guint                     n_ids,
                                        const CfCertsSealOptions *options,
                                        CfSealProgressFunc        progress,
                                        gpointer                  progress_data,
                                        GDestroyNotify            progress_destroy,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data);
GPtrArray   *cf_certs_seal_finish      (CfStore                  *store,
                                        GAsyncResult             *result,
                                        CfSealProgress           *out_summary,
                                        GError                  **error);

/* The PDFs of sealed certificates still without one (a cancelled or
 * killed run's), @jobs workers; how many were made in @n_made. */
gboolean     cf_certs_make_pdfs        (CfStore                  *store,
                                        guint                     jobs,
                                        CfCertsPdfFunc            pdf,
                                        gpointer                  pdf_data,
                                        guint                    *n_made,
                                        GCancellable             *cancellable,
                                        GError                  **error);

G_END_DECLS
