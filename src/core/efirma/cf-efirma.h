/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-efirma.h: SAT e.firma certificates and private keys (GnuTLS). */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CF_EFIRMA_ERROR (cf_efirma_error_quark ())

typedef enum
{
  CF_EFIRMA_ERROR_EMPTY,                /* the file has no bytes */
  CF_EFIRMA_ERROR_NOT_A_CERTIFICATE,    /* random bytes, garbage PEM */
  CF_EFIRMA_ERROR_TRUNCATED,            /* DER that ends too early */
  CF_EFIRMA_ERROR_NOT_SAT,              /* no RFC (2.5.4.45) in the subject */
  CF_EFIRMA_ERROR_NOT_A_KEY,            /* not a PKCS#8 key at all / corrupt */
  CF_EFIRMA_ERROR_WRONG_PASSWORD,
  CF_EFIRMA_ERROR_UNSUPPORTED_SCHEME,   /* encryption scheme GnuTLS cannot open */
  CF_EFIRMA_ERROR_UNSUPPORTED_KEY,      /* not RSA, or a size SAT never issues */
  CF_EFIRMA_ERROR_KEY_MISMATCH,         /* the key is not the certificate's */
  CF_EFIRMA_ERROR_NOT_EFIRMA,           /* a CSD or another kind */
  CF_EFIRMA_ERROR_EXPIRED,
  CF_EFIRMA_ERROR_NOT_YET_VALID,
  CF_EFIRMA_ERROR_SIGN_FAILED,
  CF_EFIRMA_ERROR_BAD_SIGNATURE,        /* verify: the signature does not match */
  CF_EFIRMA_ERROR_PASSWORD_NEEDED,      /* a kept key without a remembered password, and none given */
} CfEfirmaError;

typedef enum
{
  CF_EFIRMA_KIND_EFIRMA,   /* FIEL: a person's advanced electronic signature */
  CF_EFIRMA_KIND_CSD,      /* Certificado de Sello Digital: refused for certificates */
  CF_EFIRMA_KIND_OTHER,
} CfEfirmaKind;

GQuark        cf_efirma_error_quark (void);
const char   *cf_efirma_kind_to_string (CfEfirmaKind kind);   /* "efirma", "csd", "other" */
const char   *cf_efirma_kind_get_label (CfEfirmaKind kind);   /* translated, for people */

/* ------------------------------------------------------------------ */
/* CfCertificate: an immutable, parsed X.509 certificate               */
/* ------------------------------------------------------------------ */

#define CF_TYPE_CERTIFICATE (cf_certificate_get_type ())
G_DECLARE_FINAL_TYPE (CfCertificate, cf_certificate, CF, CERTIFICATE, GObject)

/* DER or PEM. */
CfCertificate *cf_certificate_new_from_bytes     (GBytes        *data,
                                                  GError       **error);
CfCertificate *cf_certificate_new_from_file      (const char    *path,
                                                  GError       **error);
GBytes        *cf_certificate_get_der            (CfCertificate *self);
char          *cf_certificate_dup_der_base64     (CfCertificate *self);  /* one line, no PEM header */
const char    *cf_certificate_get_name           (CfCertificate *self);  /* subject CN (or O) */
const char    *cf_certificate_get_rfc            (CfCertificate *self);  /* holder's RFC */
const char    *cf_certificate_get_representative_rfc  (CfCertificate *self); /* after " / ", or NULL */
/* The holder's CURP; for a company (whose own part is empty, " / CURP")
 * the representative's, who is the person signing. May be NULL. */
const char    *cf_certificate_get_curp           (CfCertificate *self);
const char    *cf_certificate_get_representative_curp (CfCertificate *self); /* or NULL */
const char    *cf_certificate_get_email          (CfCertificate *self);  /* or NULL */
const char    *cf_certificate_get_number         (CfCertificate *self);  /* 20 digits */
const char    *cf_certificate_get_issuer         (CfCertificate *self);  /* issuer CN (or O, or DN) */
const char    *cf_certificate_get_organizational_unit (CfCertificate *self); /* OU or NULL */
GDateTime     *cf_certificate_get_not_before     (CfCertificate *self);  /* UTC */
GDateTime     *cf_certificate_get_not_after      (CfCertificate *self);  /* UTC */
gboolean       cf_certificate_is_test_issuer     (CfCertificate *self);  /* SAT's test CA */
CfEfirmaKind   cf_certificate_get_kind           (CfCertificate *self);
guint          cf_certificate_get_key_bits       (CfCertificate *self);

/* The certificate is a SAT e.firma. Errors: NOT_SAT (no RFC in the
 * subject), NOT_EFIRMA (the message says why: CSD). */
gboolean       cf_certificate_check_is_efirma    (CfCertificate *self,
                                                  GError       **error);
/* @at (UTC; NULL = now) lies within the validity: EXPIRED, NOT_YET_VALID. */
gboolean       cf_certificate_check_valid_at     (CfCertificate *self,
                                                  GDateTime     *at,
                                                  GError       **error);
/* Both of the above: kind is e.firma and @at lies within its validity. */
gboolean       cf_certificate_check_can_sign_at  (CfCertificate *self,
                                                  GDateTime     *at,
                                                  GError       **error);

/* Verify an RSASSA-PKCS1-v1_5 SHA-256 signature (base64) over @data. */
gboolean       cf_certificate_verify             (CfCertificate *self,
                                                  const guint8  *data,
                                                  gsize          len,
                                                  const char    *signature_base64,
                                                  GError       **error);

/* A JSON object with the keys rfc, curp, name, email, certificate_number,
 * not_before, not_after (ISO 8601 UTC), kind, issuer, plus
 * representative_rfc / representative_curp / organizational_unit when
 * present, key_bits and test_issuer; as text one member per line
 * (CF_JSON_PRETTY, cf-json.h). */
char          *cf_certificate_to_json            (CfCertificate *self);
JsonNode      *cf_certificate_to_json_node       (CfCertificate *self);

/* ------------------------------------------------------------------ */
/* CfPrivateKey: an opened (decrypted) RSA key; its memory is wiped     */
/* when finalized. Never serialised in clear.                          */
/* ------------------------------------------------------------------ */

#define CF_TYPE_PRIVATE_KEY (cf_private_key_get_type ())
G_DECLARE_FINAL_TYPE (CfPrivateKey, cf_private_key, CF, PRIVATE_KEY, GObject)

/* PKCS#8 DER or PEM: PBES2 (PBKDF2 + des-ede3-cbc / AES) or PKCS#12 3DES.
 * @password may be NULL for an unencrypted key (an encrypted one then gives
 * WRONG_PASSWORD). RSA keys of 1024 to 8192 bits open (4096 included: it
 * is then KEY_MISMATCH against a 2048-bit certificate, not UNSUPPORTED_KEY);
 * a key whose numbers do not make a working RSA key is NOT_A_KEY. */
CfPrivateKey *cf_private_key_new_from_bytes  (GBytes        *data,
                                              const char    *password,
                                              GError       **error);
CfPrivateKey *cf_private_key_new_from_file   (const char    *path,
                                              const char    *password,
                                              GError       **error);
/* TRUE when @data is an encrypted PKCS#8 key (as SAT always issues them),
 * whether or not Certifica can open its scheme; FALSE for a key in clear
 * or anything else. Nothing is decrypted. */
gboolean      cf_private_key_data_is_encrypted (GBytes      *data);
guint         cf_private_key_get_bits        (CfPrivateKey  *self);
gboolean      cf_private_key_matches         (CfPrivateKey  *self,
                                              CfCertificate *certificate);
/* RSASSA-PKCS1-v1_5 + SHA-256; returns base64 (one line). Thread-safe. */
char         *cf_private_key_sign            (CfPrivateKey  *self,
                                              const guint8  *data,
                                              gsize          len,
                                              GError       **error);

/* ------------------------------------------------------------------ */
/* Secrets (a certificate and its opened key together: cf-credential.h) */
/* ------------------------------------------------------------------ */

/* Secure memory: for passwords and anything else secret.
 *
 * cf_secure_memory_protect_process() makes the process non-dumpable
 * (prctl PR_SET_DUMPABLE 0): no core dump, and no other process of the
 * user can ptrace it or read its /proc/PID/mem. Opening a private key and
 * taking secure memory call it; it is never undone.
 *
 * cf_secure_memory_alloc() returns zeroed memory in pages of its own, kept
 * out of core dumps (MADV_DONTDUMP) and of forked children, and locked out
 * of swap where RLIMIT_MEMLOCK allows (else quietly not). Free it with
 * cf_secure_memory_free(), which wipes every byte first. */
void          cf_secure_memory_protect_process (void);
gpointer      cf_secure_memory_alloc         (gsize          size);
void          cf_secure_memory_free          (gpointer       mem);
/* TRUE when @mem is a block from cf_secure_memory_alloc() not yet freed. */
gboolean      cf_secure_memory_is_secure     (gconstpointer  mem);

/* Overwrite every byte of the block that holds @secret (in secure memory
 * or from g_malloc()), not only up to its first NUL; it stays allocated.
 * NULL-safe. */
void          cf_secret_wipe                 (char          *secret);
/* cf_secret_wipe(), then free it. NULL-safe. */
void          cf_secret_free                 (char          *secret);
/* A copy of @text in secure memory (NULL for NULL). */
char         *cf_secret_dup                  (const char    *text);
/* Read a password from a file descriptor up to EOF or the first newline,
 * in secure memory (the process is made non-dumpable before the first
 * byte is read). */
char         *cf_secret_read_fd              (int            fd,
                                              GError       **error);

/* A password: g_autoptr(CfSecret) wipes it on every way out. */
typedef char CfSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfSecret, cf_secret_free)

G_END_DECLS
