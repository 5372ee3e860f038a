/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-trust.c: trust anchors and the chain check of a signer's certificate. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-trust.h"
#include "cf-signer-status.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#define RESOURCE_DIR "/io/github/certifica/core/trust"
#define TEST_CAS_RESOURCE RESOURCE_DIR "/test-cas.sha256"
#define MAX_CHAIN 10

struct _CfTrust
{
  GObject                  parent_instance;
  GMutex                   lock;
  /* The anchors, in the order added. Not a GnuTLS trust list: it picks
   * among CAs of the same name by today's date, and several of SAT's CAs
   * share one name, so the chain is walked here, by name and signature. */
  GPtrArray               *anchors;             /* gnutls_x509_crt_t */
  GHashTable              *anchor_fingerprints; /* lowercase hex SHA-256 of DER */
  GPtrArray               *warnings;
  GHashTable              *test_fingerprints;   /* lowercase hex SHA-256 of DER */
};

G_DEFINE_FINAL_TYPE (CfTrust, cf_trust, G_TYPE_OBJECT)

static void
cf_trust_finalize (GObject *object)
{
  CfTrust *self = CF_TRUST (object);

  g_ptr_array_unref (self->anchors);
  g_hash_table_unref (self->anchor_fingerprints);
  g_ptr_array_unref (self->warnings);
  g_hash_table_unref (self->test_fingerprints);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (cf_trust_parent_class)->finalize (object);
}

static void
cf_trust_class_init (CfTrustClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_trust_finalize;
}

static void
load_test_fingerprints (CfTrust *self)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (TEST_CAS_RESOURCE, 0, NULL);
  g_auto(GStrv) lines = NULL;

  if (bytes == NULL)
    return;
  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (strlen (lines[i]) >= 64 && lines[i][0] != '#')
        g_hash_table_add (self->test_fingerprints, g_ascii_strdown (lines[i], 64));
    }
}

static void
crt_free (gpointer crt)
{
  gnutls_x509_crt_deinit (crt);
}

static void
cf_trust_init (CfTrust *self)
{
  g_mutex_init (&self->lock);
  self->anchors = g_ptr_array_new_with_free_func (crt_free);
  self->anchor_fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->test_fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load_test_fingerprints (self);
}

CfTrust *
cf_trust_new (void)
{
  return g_object_new (CF_TYPE_TRUST, NULL);
}

/* Lowercase hex SHA-256 of @crt's DER, or NULL. */
static char *
fingerprint (gnutls_x509_crt_t crt)
{
  guint8 digest[32];
  size_t size = sizeof digest;
  char hex[65];

  if (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, digest, &size) < 0 || size != 32)
    return NULL;
  for (guint i = 0; i < 32; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", digest[i]);
  return g_strdup (hex);
}

/* Adds every certificate of @data (PEM list or one DER); -1 when none. */
static int
add_bytes (CfTrust *self,
           GBytes  *data)
{
  gnutls_datum_t datum = { (unsigned char *) g_bytes_get_data (data, NULL), g_bytes_get_size (data) };
  gnutls_x509_crt_t *crts = NULL;
  unsigned int n = 0;
  int ret;

  if (datum.size == 0)
    return -1;
  ret = gnutls_x509_crt_list_import2 (&crts, &n, &datum, GNUTLS_X509_FMT_PEM, 0);
  if (ret < 0 || n == 0)
    ret = gnutls_x509_crt_list_import2 (&crts, &n, &datum, GNUTLS_X509_FMT_DER, 0);
  if (ret < 0 || n == 0)
    return -1;

  ret = 0;
  g_mutex_lock (&self->lock);
  /* The same CA twice (SAT ships some under two names) counts once. */
  for (unsigned int i = 0; i < n; i++)
    {
      char *hex = fingerprint (crts[i]);

      if (hex == NULL || g_hash_table_contains (self->anchor_fingerprints, hex))
        {
          g_free (hex);
          gnutls_x509_crt_deinit (crts[i]);
          continue;
        }
      g_hash_table_add (self->anchor_fingerprints, hex);
      g_ptr_array_add (self->anchors, crts[i]);
      ret++;
    }
  g_mutex_unlock (&self->lock);
  gnutls_free (crts);
  return ret;
}

gboolean
cf_trust_add_file (CfTrust     *self,
                   const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  g_return_val_if_fail (CF_IS_TRUST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (add_bytes (self, bytes) < 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_CERTIFICATE,
                   _("The trust anchor “%s” is not a certificate (PEM or DER)."), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_certificate_name (const char *name)
{
  return g_str_has_suffix (name, ".pem") || g_str_has_suffix (name, ".cer") ||
         g_str_has_suffix (name, ".crt") || g_str_has_suffix (name, ".PEM") ||
         g_str_has_suffix (name, ".CER") || g_str_has_suffix (name, ".CRT");
}

static void
warn (CfTrust *self,
      char    *message)   /* transfer full */
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->warnings, message);
  g_mutex_unlock (&self->lock);
}

guint
cf_trust_add_folder (CfTrust    *self,
                     const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint added = 0;

  g_return_val_if_fail (CF_IS_TRUST (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      warn (self, g_strdup_printf (_("The trust folder “%s” cannot be read: %s"), path, error->message));
      return 0;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_certificate_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      if (cf_trust_add_file (self, file, &error))
        added++;
      else
        {
          warn (self, g_strdup_printf (_("Trust anchor skipped: %s"), error->message));
          g_clear_error (&error);
        }
    }
  if (added == 0)
    warn (self, g_strdup_printf (_("The trust folder “%s” holds no certificate."), path));
  return added;
}

static void
add_bundled (CfTrust *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = g_resources_enumerate_children (RESOURCE_DIR, 0, &error);

  if (names == NULL)
    {
      warn (self, g_strdup_printf (_("SAT’s certificate authorities are missing from this build: %s"),
                                   error->message));
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *resource = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (!is_certificate_name (names[i]))
        continue;
      resource = g_strconcat (RESOURCE_DIR "/", names[i], NULL);
      bytes = g_resources_lookup_data (resource, 0, NULL);
      if (bytes == NULL || add_bytes (self, bytes) < 0)
        warn (self, g_strdup_printf (_("SAT’s certificate authority %s cannot be read."), names[i]));
    }
}

CfTrust *
cf_trust_new_default (void)
{
  CfTrust *self = cf_trust_new ();
  const char *replacement = g_getenv ("CERTIFICA_TRUST_DIR");
  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "certifica", "trust", NULL);

  if (replacement != NULL && *replacement != '\0')
    cf_trust_add_folder (self, replacement);
  else
    add_bundled (self);

  if (g_file_test (user, G_FILE_TEST_EXISTS))
    cf_trust_add_folder (self, user);

  return self;
}

CfTrust *
cf_trust_new_with_anchors (const char * const  *anchors,
                           GError             **error)
{
  g_autoptr(CfTrust) self = cf_trust_new_default ();

  for (guint i = 0; anchors != NULL && anchors[i] != NULL; i++)
    if (!cf_trust_add_file (self, anchors[i], error))
      return NULL;
  return g_steal_pointer (&self);
}

CfTrust *
cf_trust_get_default (void)
{
  static CfTrust *trust;

  if (g_once_init_enter (&trust))
    g_once_init_leave (&trust, cf_trust_new_default ());
  return trust;
}

guint
cf_trust_get_n_anchors (CfTrust *self)
{
  g_return_val_if_fail (CF_IS_TRUST (self), 0);
  return self->anchors->len;
}

GPtrArray *
cf_trust_get_warnings (CfTrust *self)
{
  g_return_val_if_fail (CF_IS_TRUST (self), NULL);
  return self->warnings;
}

const char *
cf_trust_result_to_string (CfTrustResult result)
{
  switch (result)
    {
    case CF_TRUST_TRUSTED:
      return "trusted";
    case CF_TRUST_TRUSTED_TEST:
      return "trusted-test";
    case CF_TRUST_NOT_TRUSTED:
      return "not-trusted";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
is_test_ca (CfTrust           *self,
            gnutls_x509_crt_t  crt)
{
  g_autofree char *hex = fingerprint (crt);

  return hex != NULL && g_hash_table_contains (self->test_fingerprints, hex);
}

static GDateTime *
crt_time (time_t when)
{
  return g_date_time_new_from_unix_utc (when);
}

static gboolean
valid_at (gnutls_x509_crt_t  crt,
          GDateTime         *at)
{
  gint64 t = g_date_time_to_unix (at);

  return t >= gnutls_x509_crt_get_activation_time (crt) &&
         t <= gnutls_x509_crt_get_expiration_time (crt);
}

static char *
crt_common_name (gnutls_x509_crt_t crt)
{
  char buffer[512];
  size_t size = sizeof buffer;

  if (gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buffer, &size) < 0)
    return g_strdup ("—");
  return g_strndup (buffer, size);
}

static char *
explain (unsigned int      status,
         gnutls_x509_crt_t crt)
{
  g_autofree char *issuer = NULL;
  gnutls_datum_t dn = { NULL, 0 };
  gnutls_datum_t text = { NULL, 0 };
  g_autofree char *details = NULL;
  char cn[512];
  size_t cn_size = sizeof cn;

  /* The issuer's common name is what people recognise; the whole name
   * only when it has none. */
  if (gnutls_x509_crt_get_issuer_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &cn_size) >= 0)
    issuer = g_strndup (cn, cn_size);
  else if (gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0) >= 0)
    {
      issuer = g_strndup ((const char *) dn.data, dn.size);
      gnutls_free (dn.data);
    }

  if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
    return g_strdup_printf (_("The certificate was not issued by SAT (nor by a CA you trust): "
                              "no trusted certificate authority issued it (it names “%s” as its issuer)."),
                            issuer != NULL ? issuer : "—");
  if (status & GNUTLS_CERT_SIGNATURE_FAILURE)
    return g_strdup_printf (_("The certificate was not issued by SAT: it names “%s” as its issuer, but "
                              "that authority’s signature on it does not match (a forged certificate)."),
                            issuer != NULL ? issuer : "—");
  if (gnutls_certificate_verification_status_print (status, GNUTLS_CRT_X509, &text, 0) >= 0)
    {
      details = g_strndup ((const char *) text.data, text.size);
      gnutls_free (text.data);
    }
  return g_strdup_printf (_("The certificate was not issued by SAT: its chain does not verify (%s)."),
                          details != NULL ? details : "?");
}

static char *
explain_dates (gnutls_x509_crt_t ca,
               GDateTime        *at)
{
  g_autoptr(GDateTime) start = crt_time (gnutls_x509_crt_get_activation_time (ca));
  g_autoptr(GDateTime) end = crt_time (gnutls_x509_crt_get_expiration_time (ca));
  g_autofree char *name = crt_common_name (ca);
  g_autofree char *start_text = cf_signer_format_date (start);
  g_autofree char *end_text = cf_signer_format_date (end);
  g_autofree char *at_text = cf_signer_format_date (at);

  /* Translators: a CA's name, its validity dates, then the document's date. */
  return g_strdup_printf (_("The certificate authority “%s” in this certificate’s chain was valid "
                            "from %s to %s, not on %s, the date being checked."),
                          name, start_text, end_text, at_text);
}

/* Of the anchors named as @crt's issuer, the one whose key verifies @crt's
 * signature, preferring one valid at @at (may be NULL); NULL when none does.
 * *@status receives GnuTLS' verdict for the first candidate when none
 * verifies (SIGNER_NOT_FOUND when there is no candidate). */
static gnutls_x509_crt_t
find_issuer (CfTrust           *self,
             gnutls_x509_crt_t  crt,
             GDateTime         *at,
             unsigned int      *status)
{
  /* Dates are checked here, at the caller's date, not by GnuTLS at today's. */
  const unsigned int flags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                             GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS;
  gnutls_x509_crt_t found = NULL;
  gboolean candidate = FALSE;

  *status = GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
  for (guint i = 0; i < self->anchors->len; i++)
    {
      gnutls_x509_crt_t ca = g_ptr_array_index (self->anchors, i);
      unsigned int verdict = 0;

      if (ca == crt || !gnutls_x509_crt_check_issuer (crt, ca))
        continue;
      if (gnutls_x509_crt_verify (crt, &ca, 1, flags, &verdict) < 0)
        verdict = GNUTLS_CERT_INVALID;
      if (verdict != 0)
        {
          if (!candidate)
            *status = verdict;
          candidate = TRUE;
          continue;
        }
      candidate = TRUE;
      *status = 0;
      if (found == NULL || (at != NULL && !valid_at (found, at) && valid_at (ca, at)))
        found = ca;
    }
  return found;
}

/* Walks from @leaf up through the anchors to a self-signed one, or to an
 * anchor whose issuer is not among them (an intermediate, or SAT's old root
 * without basicConstraints above it). With @at, each CA on the way must have
 * been valid then. */
static CfTrustResult
walk_chain (CfTrust           *self,
            gnutls_x509_crt_t  leaf,
            GDateTime         *at,
            char             **reason)
{
  gnutls_x509_crt_t current = leaf;
  gboolean test = FALSE;

  for (guint depth = 0; depth < MAX_CHAIN; depth++)
    {
      unsigned int status = 0;
      gnutls_x509_crt_t issuer = find_issuer (self, current, at, &status);

      if (issuer == NULL)
        {
          if (current != leaf)
            break;   /* an anchor ends the chain */
          if (reason != NULL)
            *reason = explain (status, leaf);
          return CF_TRUST_NOT_TRUSTED;
        }
      if (at != NULL && !valid_at (issuer, at))
        {
          if (reason != NULL)
            *reason = explain_dates (issuer, at);
          return CF_TRUST_NOT_TRUSTED;
        }
      test = test || is_test_ca (self, issuer);
      if (gnutls_x509_crt_check_issuer (issuer, issuer))
        break;   /* self-signed: the root */
      current = issuer;
    }
  return test ? CF_TRUST_TRUSTED_TEST : CF_TRUST_TRUSTED;
}

CfTrustResult
cf_trust_verify (CfTrust       *self,
                 CfCertificate *certificate,
                 char         **reason)
{
  return cf_trust_verify_at (self, certificate, NULL, reason);
}

CfTrustResult
cf_trust_verify_at (CfTrust       *self,
                    CfCertificate *certificate,
                    GDateTime     *at,
                    char         **reason)
{
  GBytes *der;
  gnutls_datum_t datum;
  gnutls_x509_crt_t crt = NULL;
  CfTrustResult result;

  g_return_val_if_fail (CF_IS_TRUST (self), CF_TRUST_NOT_TRUSTED);
  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), CF_TRUST_NOT_TRUSTED);

  if (reason != NULL)
    *reason = NULL;

  if (cf_trust_get_n_anchors (self) == 0)
    {
      if (reason != NULL)
        *reason = g_strdup (_("The certificate cannot be checked: there are no trust anchors "
                              "(SAT’s certificate authorities) to check it against."));
      return CF_TRUST_NOT_TRUSTED;
    }

  der = cf_certificate_get_der (certificate);
  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);
  if (gnutls_x509_crt_init (&crt) < 0 ||
      gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      if (crt != NULL)
        gnutls_x509_crt_deinit (crt);
      if (reason != NULL)
        *reason = g_strdup (_("The certificate cannot be read to check who issued it."));
      return CF_TRUST_NOT_TRUSTED;
    }

  /* The leaf's own dates are the caller's to check (cf_certificate_check_valid_at()). */
  g_mutex_lock (&self->lock);
  result = walk_chain (self, crt, at, reason);
  g_mutex_unlock (&self->lock);

  gnutls_x509_crt_deinit (crt);
  return result;
}

CfCertificate *
cf_trust_dup_issuer (CfTrust       *self,
                     CfCertificate *certificate)
{
  GBytes *der;
  gnutls_datum_t datum;
  gnutls_datum_t issuer_der = { NULL, 0 };
  gnutls_x509_crt_t crt = NULL;
  gnutls_x509_crt_t issuer;
  unsigned int status = 0;
  CfCertificate *result = NULL;

  g_return_val_if_fail (CF_IS_TRUST (self), NULL);
  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), NULL);

  der = cf_certificate_get_der (certificate);
  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);
  if (gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) >= 0)
    {
      g_mutex_lock (&self->lock);
      issuer = find_issuer (self, crt, NULL, &status);
      if (issuer != NULL && gnutls_x509_crt_export2 (issuer, GNUTLS_X509_FMT_DER, &issuer_der) >= 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (issuer_der.data, issuer_der.size);

          result = cf_certificate_new_from_bytes (bytes, NULL);
          gnutls_free (issuer_der.data);
        }
      g_mutex_unlock (&self->lock);
    }
  gnutls_x509_crt_deinit (crt);
  return result;
}
