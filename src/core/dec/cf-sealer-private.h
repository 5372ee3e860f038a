/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-sealer-private.h: what cf-sealer.c shares with the batch
 * (cf-seal-batch.c) and the verification (cf-seal-verify.c). */
#pragma once

#include "cf-sealer.h"
#include "cf-dec-xml-private.h"

G_BEGIN_DECLS

struct _CfSealResult
{
  gatomicrefcount  ref_count;
  char            *input;
  char            *output;
  CfSealStatus     status;
  GError          *error;
  GPtrArray       *findings;
};

/* The check of the signer before a batch (cf-sealer-signer.c): its
 * settings and the last outcome, under @lock. */
typedef struct
{
  GMutex          lock;
  CfContext      *context;
  CfTrust        *trust;
  char           *ocsp_url;
  char           *cache_dir;
  guint           ocsp_timeout;
  CfSealerAccept  accept;

  gint64          checked_at;        /* monotonic µs; 0: never checked */
  CfTrustResult   trust_result;
  char           *trust_reason;      /* NOT_TRUSTED: why */
  GError         *revocation_error;  /* REVOKED or UNCHECKED; NULL: good (or not asked) */
} SealerSignerState;

void                _cf_sealer_signer_state_init  (SealerSignerState *state);
void                _cf_sealer_signer_state_clear (SealerSignerState *state);
SealerSignerState  *_cf_sealer_get_signer_state   (CfSealer          *self);
/* At the start of a batch of @n_inputs into @output_dir: the signer's
 * check (or its recent outcome), then a bitácora entry for what was
 * accepted unchecked. */
gboolean            _cf_sealer_check_before_batch (CfSealer          *self,
                                                   guint              n_inputs,
                                                   const char        *output_dir,
                                                   GCancellable      *cancellable,
                                                   GError           **error);

/* What a thread keeps from one document to the next: the parser, the
 * bytes read and the bytes to write. */
typedef struct
{
  CfDecXmlReader *reader;
  GByteArray     *input;
  GString        *output;
} SealWorker;

/* Results */
CfSealResult *_cf_seal_result_new   (const char   *input,
                                     const char   *output,
                                     CfSealStatus  status,
                                     GError       *error,      /* transfer full */
                                     GPtrArray    *findings);  /* transfer full */

/* Sealing a file */
void          _cf_seal_worker_init  (SealWorker   *worker);
void          _cf_seal_worker_clear (SealWorker   *worker);
/* @name NULL: sealed into @worker->output, nothing written. */
gboolean      _cf_sealer_seal_file  (CfSealer     *self,
                                     SealWorker   *worker,
                                     const char   *input,
                                     int           dir_fd,
                                     const char   *name,
                                     const char   *output_path,
                                     gboolean      durable,
                                     GPtrArray   **out_findings,
                                     GError      **error);

/* The signer and the issue date, for the checks before sealing and the
 * verification */
GDateTime    *_cf_sealer_issue_moment              (const GDate   *date);
const char   *_cf_sealer_matching_curp             (CfCertificate *certificate,
                                                    const char    *curp);
const char   *_cf_sealer_signer_curp               (CfCertificate *certificate);
gboolean      _cf_sealer_explain_validity_on_issue (CfCertificate *certificate,
                                                    const GDate   *date,
                                                    GError        *validity_error,   /* transfer full */
                                                    GError       **error);

/* cf_sealer_verify_dec_with_trust(), the embedded certificate not read
 * again when it is byte for byte @known (the sealer's own, in a batch). */
CfSealVerification *_cf_sealer_verify_dec_known (CfDec         *dec,
                                                 CfTrust       *trust,
                                                 CfCertificate *known);

G_END_DECLS
