/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-sealer.h: sealing Dec documents with an e.firma, one or many, and
 * verifying the seal of any Dec file.
 *
 * A CfSealer holds a CfCredential (an e.firma and its key, opened once:
 * a CSD or a key that is not the certificate's never gets this far) and
 * seals: cadena original → RSASSA-PKCS1-v1_5 SHA-256 with the key → sello,
 * certificadoResponsable and noCertificadoResponsable. It refuses, with an
 * error that says which, a document this credential cannot seal: an e.firma
 * not valid on the issue date (Expedicion/@fecha; CF_EFIRMA_ERROR_EXPIRED or
 * _NOT_YET_VALID from cf_credential_check_can_sign_on()), a CURP that is not
 * Responsable/@curp, a 2.0 document (CF_SEALER_ERROR). Every seal is
 * verified with the certificate right after signing, before anything is
 * written.
 *
 * Before a batch the signer itself is checked (cf_sealer_check_signer()):
 * its certificate must chain to a trusted SAT CA and SAT's revocation
 * service must say it is not revoked. What cannot be checked is refused
 * unless the person accepted it (cf_sealer_set_accept()), and sealing
 * unchecked is then recorded in the bitácora.
 *
 * The batch runs over many files with worker threads that each take the next
 * path, read, validate, seal and write it (atomically: temporary file and
 * rename, never a half-written XML) and free it before taking another, so
 * memory does not grow with the number of documents. */
#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>

#include "cf-context.h"
#include "cf-credential.h"
#include "cf-dec.h"
#include "cf-dec-validate.h"
#include "cf-efirma.h"
#include "cf-finding.h"
#include "cf-trust.h"

G_BEGIN_DECLS

#define CF_SEALER_ERROR (cf_sealer_error_quark ())

/* What is wrong with a document (or its output), and what the check of
 * the signer before a batch found; what is wrong with the credential
 * itself is a CF_EFIRMA_ERROR (cf-credential.h). */
typedef enum
{
  CF_SEALER_ERROR_CURP_MISMATCH,       /* the e.firma is not the Responsable's */
  CF_SEALER_ERROR_READ_ONLY_VERSION,   /* version 2.0 (or unknown): never sealed */
  CF_SEALER_ERROR_NO_ISSUE_DATE,       /* Expedicion/@fecha absent or not a date */
  CF_SEALER_ERROR_INVALID,             /* validation errors (see the findings) */
  CF_SEALER_ERROR_SELF_CHECK,          /* the new seal did not verify: nothing written */
  CF_SEALER_ERROR_OUTPUT,              /* the output cannot be written */
  CF_SEALER_ERROR_DUPLICATE_NAME,      /* two inputs would write the same output file */
  CF_SEALER_ERROR_SIGNER_NOT_TRUSTED,  /* not issued by SAT (nor by a CA trusted on purpose) */
  CF_SEALER_ERROR_SIGNER_REVOKED,      /* SAT says the e.firma was revoked: never sealed */
  CF_SEALER_ERROR_REVOCATION_UNCHECKED,/* SAT's revocation service could not answer */
  CF_SEALER_ERROR_AUDIT,               /* accepted, but it cannot be recorded in the bitácora */
} CfSealerError;

GQuark cf_sealer_error_quark (void);

#define CF_TYPE_SEALER (cf_sealer_get_type ())
G_DECLARE_FINAL_TYPE (CfSealer, cf_sealer, CF, SEALER, GObject)

CfSealer       *cf_sealer_new                   (CfCredential               *credential);
CfCredential   *cf_sealer_get_credential        (CfSealer                   *self);
CfCertificate  *cf_sealer_get_certificate       (CfSealer                   *self);

/* Rules used when sealing files (the signer is always this sealer's
 * certificate); NULL restores the defaults. Validation is on by default;
 * turning it off leaves only the checks of cf_sealer_check(). */
void            cf_sealer_set_validate_options  (CfSealer                   *self,
                                                 const CfDecValidateOptions *options);
void            cf_sealer_set_validate          (CfSealer                   *self,
                                                 gboolean                    validate);

/* Can this credential seal @dec? READ_ONLY_VERSION, NO_ISSUE_DATE, then
 * CF_EFIRMA_ERROR_EXPIRED / _NOT_YET_VALID on the issue date, then
 * CURP_MISMATCH. */
gboolean        cf_sealer_check                 (CfSealer                   *self,
                                                 CfDec                      *dec,
                                                 GError                    **error);
/* cf_sealer_check(), then sign, verify and set the three seal attributes
 * (replacing an older seal). On error @dec is unchanged. Thread safe. */
gboolean        cf_sealer_seal                  (CfSealer                   *self,
                                                 CfDec                      *dec,
                                                 GError                    **error);
/* Reads @input (hardened parser), checks, validates (errors: INVALID, with
 * the error findings in @out_findings when not NULL), seals and writes
 * @output atomically. Thread safe. */
gboolean        cf_sealer_seal_file             (CfSealer                   *self,
                                                 const char                 *input,
                                                 const char                 *output,
                                                 GPtrArray                 **out_findings,
                                                 GError                    **error);

/* ------------------------------------------------------------------ */
/* The signer, checked before a batch                                  */
/* ------------------------------------------------------------------ */

/* What the person accepted knowingly, after being told (the UI asks; the
 * command line has --allow-unchecked-revocation and --force-untrusted). */
typedef enum
{
  CF_SEALER_ACCEPT_NONE                 = 0,
  /* Seal although SAT's revocation service gave no answer (offline, down,
   * too slow, an answer that cannot be trusted, "unknown"). */
  CF_SEALER_ACCEPT_UNCHECKED_REVOCATION = 1 << 0,
  /* Seal with a certificate that does not chain to a trusted SAT CA: the
   * seals will verify as "not trusted". Its revocation is not asked. */
  CF_SEALER_ACCEPT_UNTRUSTED_SIGNER     = 1 << 1,
} CfSealerAccept;

/* The settings (revocation service, age limit) and the store whose
 * bitácora records sealing unchecked; NULL: the defaults, and nothing
 * unchecked can be sealed. */
void            cf_sealer_set_context           (CfSealer                   *self,
                                                 CfContext                  *context);
/* The anchors the signer must chain to; NULL: cf_trust_get_default(). */
void            cf_sealer_set_trust             (CfSealer                   *self,
                                                 CfTrust                    *trust);
/* The revocation service asked when the certificate names none (its AIA
 * comes first); NULL: the context's setting, else SAT's. */
void            cf_sealer_set_ocsp_url          (CfSealer                   *self,
                                                 const char                 *url);
/* The longest the revocation query may take, in all; 0: CF_OCSP_DEFAULT_TIMEOUT. */
void            cf_sealer_set_ocsp_timeout      (CfSealer                   *self,
                                                 guint                       seconds);
/* Where good answers are kept; NULL: cf_ocsp_dup_default_cache_dir(). */
void            cf_sealer_set_ocsp_cache_dir    (CfSealer                   *self,
                                                 const char                 *path);
void            cf_sealer_set_accept            (CfSealer                   *self,
                                                 CfSealerAccept              accept);
CfSealerAccept  cf_sealer_get_accept            (CfSealer                   *self);

/* Checks the signer's chain, then asks whether it was revoked (a good
 * answer is cached until its nextUpdate, at most a day). FALSE with
 * CF_SEALER_ERROR_SIGNER_NOT_TRUSTED, _SIGNER_REVOKED (the message names
 * the date and the reason) or _REVOCATION_UNCHECKED unless accepted
 * (a revoked e.firma never is), or G_IO_ERROR_CANCELLED. @out_warnings
 * (may be NULL) receives what to tell the person even when sealing may go
 * ahead (a SAT test certificate, what was accepted), translated; never
 * NULL on success. Blocks on the network: in a thread, or the _async
 * variant. The outcome is remembered for a few minutes: the batch that
 * follows does not ask again. */
gboolean        cf_sealer_check_signer          (CfSealer                   *self,
                                                 GCancellable               *cancellable,
                                                 GStrv                      *out_warnings,
                                                 GError                    **error);
void            cf_sealer_check_signer_async    (CfSealer                   *self,
                                                 GCancellable               *cancellable,
                                                 GAsyncReadyCallback         callback,
                                                 gpointer                    user_data);
gboolean        cf_sealer_check_signer_finish   (CfSealer                   *self,
                                                 GAsyncResult               *result,
                                                 GStrv                      *out_warnings,
                                                 GError                    **error);

/* ------------------------------------------------------------------ */
/* Batch                                                               */
/* ------------------------------------------------------------------ */

typedef enum
{
  CF_SEAL_STATUS_SEALED,
  CF_SEAL_STATUS_REFUSED,      /* see the error (and findings) */
  CF_SEAL_STATUS_CANCELLED,    /* not started: the run was cancelled first */
} CfSealStatus;

/* The outcome for one input file (boxed, immutable, reference counted). */
typedef struct _CfSealResult CfSealResult;

#define CF_TYPE_SEAL_RESULT (cf_seal_result_get_type ())
GType           cf_seal_result_get_type         (void) G_GNUC_CONST;
CfSealResult   *cf_seal_result_ref              (CfSealResult *self);
void            cf_seal_result_unref            (CfSealResult *self);
const char     *cf_seal_result_get_input        (const CfSealResult *self);
const char     *cf_seal_result_get_output       (const CfSealResult *self);   /* NULL unless sealed */
CfSealStatus    cf_seal_result_get_status       (const CfSealResult *self);
/* Why it was refused (NULL when sealed or cancelled); the message is for people. */
const GError   *cf_seal_result_get_error        (const CfSealResult *self);
/* The validation errors behind an INVALID refusal (element-type CfFinding), or NULL. */
GPtrArray      *cf_seal_result_get_findings     (const CfSealResult *self);
const char     *cf_seal_status_to_string        (CfSealStatus status);   /* "sealed", "refused", "cancelled" */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfSealResult, cf_seal_result_unref)

typedef struct
{
  guint  total;
  guint  done;            /* sealed + refused */
  guint  sealed;
  guint  refused;
  guint  cancelled;       /* only in the final summary */
  double elapsed;         /* seconds */
  double rate;            /* documents per second so far */
  double eta;             /* seconds left at that rate; 0 when unknown or done */
} CfSealProgress;

/* Called in the thread that runs the batch (the caller's main context for
 * the _async variant), about ten times a second and once at the end. */
typedef void (*CfSealProgressFunc) (const CfSealProgress *progress,
                                    gpointer              user_data);

/* Seals each of @inputs into @output_dir (same base name) with @jobs worker
 * threads (0 = one per processor). Returns one CfSealResult per input, in
 * input order; @out_summary (may be NULL) receives the final counts. After
 * @cancellable fires the files being written are finished and the others
 * are CANCELLED. First the signer is checked (cf_sealer_check_signer(),
 * or its outcome of the last minutes) and what was accepted unchecked is
 * recorded in the bitácora. NULL + @error, nothing written, when the
 * signer is refused, @cancellable fires during that check (CANCELLED) or
 * @output_dir cannot be used. Each file is flushed to
 * the disk with its folder; a file that cannot be written (no space, a
 * read-only or vanished folder, no permission, a disk error) stops the
 * run at once: NULL + CF_SEALER_ERROR_OUTPUT saying why, what to do and
 * how many were sealed (those are complete; @out_summary has the counts).
 * Temporary files a killed run left in @output_dir are removed first. */
GPtrArray      *cf_sealer_seal_files            (CfSealer                   *self,
                                                 const char * const         *inputs,
                                                 const char                 *output_dir,
                                                 guint                       jobs,
                                                 CfSealProgressFunc          progress,
                                                 gpointer                    progress_data,
                                                 CfSealProgress             *out_summary,
                                                 GCancellable               *cancellable,
                                                 GError                    **error);
/* The same in a thread; @progress runs in the thread-default main context
 * of the caller, @progress_destroy is called once nothing else will call it. */
void            cf_sealer_seal_files_async      (CfSealer                   *self,
                                                 const char * const         *inputs,
                                                 const char                 *output_dir,
                                                 guint                       jobs,
                                                 CfSealProgressFunc          progress,
                                                 gpointer                    progress_data,
                                                 GDestroyNotify              progress_destroy,
                                                 GCancellable               *cancellable,
                                                 GAsyncReadyCallback         callback,
                                                 gpointer                    user_data);
GPtrArray      *cf_sealer_seal_files_finish     (CfSealer                   *self,
                                                 GAsyncResult               *result,
                                                 CfSealProgress             *out_summary,
                                                 GError                    **error);

/* ------------------------------------------------------------------ */
/* Verification                                                        */
/* ------------------------------------------------------------------ */

typedef enum
{
  CF_SEAL_VERIFICATION_VALID,
  CF_SEAL_VERIFICATION_NOT_SEALED,        /* no sello / certificate */
  CF_SEAL_VERIFICATION_BAD_CERTIFICATE,   /* certificadoResponsable cannot be read */
  CF_SEAL_VERIFICATION_NO_CADENA,         /* the cadena cannot be computed ("|" in a value…) */
  CF_SEAL_VERIFICATION_TAMPERED,          /* the seal does not match the cadena */
  CF_SEAL_VERIFICATION_NUMBER_MISMATCH,   /* seal good, noCertificadoResponsable wrong */
  CF_SEAL_VERIFICATION_WRONG_SIGNER,      /* seal good, e.firma's CURP is not Responsable's */
  CF_SEAL_VERIFICATION_NOT_TRUSTED,       /* all else good, but the certificate does not chain to a trusted CA (cf-trust.h) */
} CfSealVerificationStatus;

/* The result of verifying one document (boxed, immutable, reference counted). */
typedef struct _CfSealVerification CfSealVerification;

#define CF_TYPE_SEAL_VERIFICATION (cf_seal_verification_get_type ())
GType                     cf_seal_verification_get_type        (void) G_GNUC_CONST;
CfSealVerification       *cf_seal_verification_ref             (CfSealVerification *self);
void                      cf_seal_verification_unref           (CfSealVerification *self);
/* The first problem found, in the order of the enum. */
CfSealVerificationStatus  cf_seal_verification_get_status      (const CfSealVerification *self);
gboolean                  cf_seal_verification_is_valid        (const CfSealVerification *self);
/* Every problem and remark (codes "seal.*", "sep.*"), (element-type CfFinding). */
GPtrArray                *cf_seal_verification_get_findings    (const CfSealVerification *self);
/* Whether the embedded certificate chains to a trusted CA (NOT_TRUSTED
 * when there is no certificate); a TRUSTED_TEST one is valid with a
 * "seal.test-certificate" warning. */
CfTrustResult             cf_seal_verification_get_trust       (const CfSealVerification *self);
/* The signature over the cadena matches the embedded certificate's key,
 * whatever its chain. */
gboolean                  cf_seal_verification_seal_matches    (const CfSealVerification *self);
/* "valid", "valid-test-certificate", "not-trusted" or "invalid". */
const char               *cf_seal_verification_get_result      (const CfSealVerification *self);
/* The embedded certificate (the signer's identity), or NULL. */
CfCertificate            *cf_seal_verification_get_certificate (const CfSealVerification *self);
/* The cadena recomputed from the document, or NULL. */
const char               *cf_seal_verification_get_cadena      (const CfSealVerification *self);
/* The document as read; SEP's Dreoe / SepIpes values through cf_dec_get(). */
CfDec                    *cf_seal_verification_get_dec         (const CfSealVerification *self);
/* A JSON object: result, seal_matches, signer_curp, trust, status, valid, findings, signer {…}, certificate_number,
 * certificate_number_matches, sep {dreoe {…}, sep_ipes {…}} when present;
 * as text, compact (cf-json.h). */
char                     *cf_seal_verification_to_json         (const CfSealVerification *self);
JsonNode                 *cf_seal_verification_to_json_node    (const CfSealVerification *self);
const char               *cf_seal_verification_status_to_string (CfSealVerificationStatus status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfSealVerification, cf_seal_verification_unref)

/* The cadena is computed straight from @doc, the seal and certificate are
 * read from it, the certificate's chain checked against
 * cf_trust_get_default(). NULL + @error only when @doc is not a Dec at all. */
CfSealVerification *cf_sealer_verify_doc  (xmlDoc      *doc,
                                           GError     **error);
/* Hardened parse first; a file that cannot be parsed is an @error. */
CfSealVerification *cf_sealer_verify_file (const char  *path,
                                           GError     **error);
/* From a model (the cadena from the model). */
CfSealVerification *cf_sealer_verify_dec  (CfDec       *dec);
/* The same three with the anchors of @trust instead of the default ones. */
CfSealVerification *cf_sealer_verify_doc_with_trust  (xmlDoc      *doc,
                                                      CfTrust     *trust,
                                                      GError     **error);
CfSealVerification *cf_sealer_verify_file_with_trust (const char  *path,
                                                      CfTrust     *trust,
                                                      GError     **error);
CfSealVerification *cf_sealer_verify_dec_with_trust  (CfDec       *dec,
                                                      CfTrust     *trust);

/* Finding codes of a verification. */
#define CF_FINDING_SEAL_NOT_SEALED          "seal.not-sealed"
#define CF_FINDING_SEAL_BAD_CERTIFICATE     "seal.bad-certificate"
#define CF_FINDING_SEAL_NO_CADENA           "seal.no-cadena"
#define CF_FINDING_SEAL_TAMPERED            "seal.tampered"
#define CF_FINDING_SEAL_NUMBER_MISMATCH     "seal.number-mismatch"
#define CF_FINDING_SEAL_WRONG_SIGNER        "seal.wrong-signer"
#define CF_FINDING_SEAL_NOT_EFIRMA          "seal.not-efirma"         /* warning */
#define CF_FINDING_SEAL_NOT_VALID_AT_ISSUE  "seal.not-valid-at-issue" /* warning */
#define CF_FINDING_SEP_SELLO_MISMATCH       "sep.sello-dec-mismatch"  /* warning */
#define CF_FINDING_SEAL_NOT_TRUSTED         "seal.not-trusted"        /* not issued by SAT (or a CA added on purpose) */
#define CF_FINDING_SEAL_TEST_CERTIFICATE    "seal.test-certificate"   /* warning: a SAT test CA issued it */
#define CF_FINDING_SEAL_TRUST_ANCHORS       "seal.trust-anchors"      /* warning: a trust folder is empty or unreadable */

G_END_DECLS
