/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-ocsp.h: is a signer's e.firma revoked? Ask the issuer's OCSP
 * responder (RFC 6960) over HTTP.
 *
 * A check sends one request (with a random nonce) for one certificate and
 * accepts the answer only when it is a successful OCSP response, signed by
 * the issuer itself or by a responder certificate the issuer delegated
 * (issued by it, with the OCSP-signing extended key usage), about that very
 * certificate, carrying our nonce if it carries one, and current: its
 * thisUpdate not in the future and its nextUpdate (if any) not in the past,
 * five minutes of clock difference allowed either way; an answer without
 * our nonce (prepared in advance) must also be younger than a few days.
 * The whole query, from connecting to the last byte, ends within its
 * timeout. Good answers may be kept in a cache folder (CfOcspOptions). */
#pragma once

#include <gio/gio.h>
#include <gnutls/x509.h>

#include "cf-efirma.h"

G_BEGIN_DECLS

#define CF_OCSP_ERROR (cf_ocsp_error_quark ())

typedef enum
{
  CF_OCSP_ERROR_NO_RESPONDER_URL,   /* no URL given and none in the certificate's AIA */
  CF_OCSP_ERROR_INVALID_URL,        /* not an http:// or https:// address */
  CF_OCSP_ERROR_WRONG_ISSUER,       /* the "issuer" given did not issue the certificate */
  CF_OCSP_ERROR_NETWORK,            /* the responder cannot be reached (message names the host) */
  CF_OCSP_ERROR_TIMEOUT,            /* reached, but no answer in time */
  CF_OCSP_ERROR_RESPONDER,          /* it answered "try later", "unauthorized", HTTP 5xx... */
  CF_OCSP_ERROR_BAD_RESPONSE,       /* not OCSP, unsigned, bad signature, wrong nonce,
                                     * about another certificate, stale, too big */
  CF_OCSP_ERROR_FAILED,             /* GnuTLS could not build the request */
} CfOcspError;

typedef enum
{
  CF_OCSP_STATUS_ERROR = 0,   /* only as a return value: the GError says why */
  CF_OCSP_STATUS_GOOD,
  CF_OCSP_STATUS_REVOKED,
  CF_OCSP_STATUS_UNKNOWN,     /* the responder does not know this certificate */
} CfOcspStatus;

/* RFC 5280 CRLReason values (7 is unused). */
typedef enum
{
  CF_OCSP_REASON_UNSPECIFIED            = 0,   /* also: revoked without a reason */
  CF_OCSP_REASON_KEY_COMPROMISE         = 1,
  CF_OCSP_REASON_CA_COMPROMISE          = 2,
  CF_OCSP_REASON_AFFILIATION_CHANGED    = 3,
  CF_OCSP_REASON_SUPERSEDED             = 4,
  CF_OCSP_REASON_CESSATION_OF_OPERATION = 5,
  CF_OCSP_REASON_CERTIFICATE_HOLD       = 6,
  CF_OCSP_REASON_REMOVE_FROM_CRL        = 8,
  CF_OCSP_REASON_PRIVILEGE_WITHDRAWN    = 9,
  CF_OCSP_REASON_AA_COMPROMISE          = 10,
} CfOcspReason;

/* Seconds a whole check may take when 0 is passed as timeout. */
#define CF_OCSP_DEFAULT_TIMEOUT 20
/* Answers without our nonce whose thisUpdate is older are refused. */
#define CF_OCSP_DEFAULT_MAX_AGE_DAYS 7
/* A cached good answer is used until its nextUpdate, and never longer
 * than this after its thisUpdate. */
#define CF_OCSP_CACHE_MAX_SECONDS (24 * 3600)
/* SAT's revocation service for e.firma certificates, which name none. */
#define CF_OCSP_SAT_RESPONDER_URL "https://cfdi.sat.gob.mx/edofiel"
/* Answers larger than this are refused (a real one is a few kilobytes). */
#define CF_OCSP_MAX_RESPONSE_SIZE (1024 * 1024)

GQuark        cf_ocsp_error_quark        (void);

/* Stable identifiers for scripts and JSON: "good", "revoked", "unknown"
 * ("error" for CF_OCSP_STATUS_ERROR). */
const char   *cf_ocsp_status_to_string   (CfOcspStatus  status);
/* "unspecified", "key-compromise", "ca-compromise", "affiliation-changed",
 * "superseded", "cessation-of-operation", "certificate-hold",
 * "remove-from-crl", "privilege-withdrawn", "aa-compromise". */
const char   *cf_ocsp_reason_to_string   (CfOcspReason  reason);
/* Translated, for people. */
const char   *cf_ocsp_reason_get_label   (CfOcspReason  reason);

/* ------------------------------------------------------------------ */
/* CfOcspResult: the verified answer about one certificate. Immutable, */
/* reference counted.                                                   */
/* ------------------------------------------------------------------ */

typedef struct _CfOcspResult CfOcspResult;

#define CF_TYPE_OCSP_RESULT (cf_ocsp_result_get_type ())
GType         cf_ocsp_result_get_type              (void) G_GNUC_CONST;
CfOcspResult *cf_ocsp_result_ref                   (CfOcspResult *self);
void          cf_ocsp_result_unref                 (CfOcspResult *self);

CfOcspStatus  cf_ocsp_result_get_status            (CfOcspResult *self);
/* REVOKED only (NULL otherwise): when, UTC, and why. */
GDateTime    *cf_ocsp_result_get_revocation_time   (CfOcspResult *self);
CfOcspReason  cf_ocsp_result_get_reason            (CfOcspResult *self);
GDateTime    *cf_ocsp_result_get_this_update       (CfOcspResult *self);  /* UTC */
GDateTime    *cf_ocsp_result_get_next_update       (CfOcspResult *self);  /* UTC, or NULL */
/* The URL that was asked. */
const char   *cf_ocsp_result_get_responder_url     (CfOcspResult *self);
/* TRUE when the responder echoed our nonce (FALSE: it sent a prepared
 * answer, accepted on its dates alone). */
gboolean      cf_ocsp_result_get_nonce_checked     (CfOcspResult *self);
/* TRUE when the answer came from the cache (re-verified, nonce aside). */
gboolean      cf_ocsp_result_get_from_cache        (CfOcspResult *self);

/* A JSON object with the keys status, responder, this_update,
 * next_update (null when absent), nonce_checked, and for a revoked
 * certificate revocation_time (ISO 8601 UTC) and reason (the identifiers
 * of cf_ocsp_reason_to_string()). */
char         *cf_ocsp_result_to_json               (CfOcspResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfOcspResult, cf_ocsp_result_unref)

/* ------------------------------------------------------------------ */
/* Checking                                                             */
/* ------------------------------------------------------------------ */

/* The first http(s) OCSP URL in @cert's Authority Information Access
 * extension, or NULL. (SAT's e.firma certificates carry none: the
 * responder's address then has to come from a setting.) */
char         *cf_ocsp_dup_responder_url  (gnutls_x509_crt_t  cert);

/* Asks @url (NULL: the one in @cert's AIA) whether @cert, issued by
 * @issuer, is revoked. Blocks: call it from a worker thread (or use the
 * _async variant). @timeout_seconds bounds the whole query, however
 * slowly the responder sends (0: CF_OCSP_DEFAULT_TIMEOUT). The
 * certificates are only read. No cache.
 *
 * Returns GOOD, REVOKED or UNKNOWN, with the details in @out_result (may
 * be NULL), or CF_OCSP_STATUS_ERROR with @error set in CF_OCSP_ERROR
 * (or G_IO_ERROR_CANCELLED). */
CfOcspStatus  cf_ocsp_check              (gnutls_x509_crt_t   cert,
                                          gnutls_x509_crt_t   issuer,
                                          const char         *url,
                                          guint               timeout_seconds,
                                          GCancellable       *cancellable,
                                          CfOcspResult      **out_result,
                                          GError            **error);

/* The same for parsed certificates (as the UI and the CLI hold them). */
CfOcspStatus  cf_ocsp_check_certificate  (CfCertificate      *certificate,
                                          CfCertificate      *issuer,
                                          const char         *url,
                                          guint               timeout_seconds,
                                          GCancellable       *cancellable,
                                          CfOcspResult      **out_result,
                                          GError            **error);

/* Runs cf_ocsp_check_certificate() in a worker thread (GTask). */
void          cf_ocsp_check_async        (CfCertificate      *certificate,
                                          CfCertificate      *issuer,
                                          const char         *url,
                                          guint               timeout_seconds,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
CfOcspStatus  cf_ocsp_check_finish       (GAsyncResult       *result,
                                          CfOcspResult      **out_result,
                                          GError            **error);

/* ------------------------------------------------------------------ */
/* With options: a fallback address, the age limit, the cache           */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *url;              /* asked instead of the AIA's; NULL: the AIA's */
  const char *default_url;      /* when @url is NULL and the certificate has no AIA */
  guint       timeout_seconds;  /* the whole query; 0: CF_OCSP_DEFAULT_TIMEOUT */
  guint       max_age_days;     /* for answers without our nonce; 0: CF_OCSP_DEFAULT_MAX_AGE_DAYS */
  const char *cache_dir;        /* GOOD answers kept here; NULL: no cache */
} CfOcspOptions;

/* All zero / NULL. */
void          cf_ocsp_options_init                 (CfOcspOptions        *options);
/* $XDG_CACHE_HOME/certifica/ocsp */
char         *cf_ocsp_dup_default_cache_dir        (void);

/* With @options->cache_dir, a file there (the DER answer, named by the
 * SHA-256 of the certificate and the issuer) is verified like a new answer
 * but for the nonce and used while it is GOOD, before its nextUpdate and
 * within CF_OCSP_CACHE_MAX_SECONDS of its thisUpdate; otherwise the
 * responder is asked and a GOOD answer written there atomically. A file
 * that does not verify is never used. */
CfOcspStatus  cf_ocsp_check_with_options           (CfCertificate        *certificate,
                                                    CfCertificate        *issuer,
                                                    const CfOcspOptions  *options,
                                                    GCancellable         *cancellable,
                                                    CfOcspResult        **out_result,
                                                    GError              **error);
/* In a worker thread; @options is copied. */
void          cf_ocsp_check_with_options_async     (CfCertificate        *certificate,
                                                    CfCertificate        *issuer,
                                                    const CfOcspOptions  *options,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CfOcspStatus  cf_ocsp_check_with_options_finish    (GAsyncResult         *result,
                                                    CfOcspResult        **out_result,
                                                    GError              **error);

G_END_DECLS
