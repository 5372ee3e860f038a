/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-trust.c: trust anchors and the chain check of a signer's certificate. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-trust.h"

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
  gnutls_x509_trust_list_t list;
  guint                    n_anchors;
  GPtrArray               *warnings;
  GHashTable              *test_fingerprints;   /* lowercase hex SHA-256 of DER */
};

G_DEFINE_FINAL_TYPE (CfTrust, cf_trust, G_TYPE_OBJECT)

static void
cf_trust_finalize (GObject *object)
{
  CfTrust *self = CF_TRUST (object);

  gnutls_x509_trust_list_deinit (self->list, 1);
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
cf_trust_init (CfTrust *self)
{
  g_mutex_init (&self->lock);
  gnutls_x509_trust_list_init (&self->list, 0);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->test_fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load_test_fingerprints (self);
}

CfTrust *
cf_trust_new (void)
{
  return g_object_new (CF_TYPE_TRUST, NULL);
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

  g_mutex_lock (&self->lock);
  /* The list takes the certificates; duplicates are dropped and freed. */
  ret = gnutls_x509_trust_list_add_cas (self->list, crts, n, GNUTLS_TL_NO_DUPLICATES);
  if (ret > 0)
    self->n_anchors += ret;
  g_mutex_unlock (&self->lock);
  gnutls_free (crts);
  return ret < 0 ? -1 : ret;
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
  return self->n_anchors;
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
  guint8 digest[32];
  size_t size = sizeof digest;
  char hex[65];

  if (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, digest, &size) < 0 || size != 32)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", digest[i]);
  return g_hash_table_contains (self->test_fingerprints, hex);
}

/* Walks up the issuers the list holds (by name, as SAT's certificates have
 * no AKI) and says whether one is a SAT test CA. */
static gboolean
chains_to_test_ca (CfTrust           *self,
                   gnutls_x509_crt_t  leaf)
{
  gnutls_x509_crt_t current = leaf;
  gboolean test = is_test_ca (self, leaf);

  for (guint depth = 0; depth < MAX_CHAIN && !test; depth++)
    {
      gnutls_x509_crt_t issuer = NULL;
      gboolean self_signed;

      if (gnutls_x509_trust_list_get_issuer (self->list, current, &issuer, GNUTLS_TL_GET_COPY) < 0 ||
          issuer == NULL)
        break;
      test = is_test_ca (self, issuer);
      self_signed = gnutls_x509_crt_check_issuer (issuer, issuer) != 0;
      if (current != leaf)
        gnutls_x509_crt_deinit (current);
      current = issuer;
      if (self_signed)
        break;
    }
  if (current != leaf)
    gnutls_x509_crt_deinit (current);
  return test;
}

static char *
explain (unsigned int      status,
         gnutls_x509_crt_t crt)
{
  g_autofree char *issuer = NULL;
  gnutls_datum_t dn = { NULL, 0 };
  gnutls_datum_t text = { NULL, 0 };
  g_autofree char *details = NULL;

  if (gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0) >= 0)
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

CfTrustResult
cf_trust_verify (CfTrust       *self,
                 CfCertificate *certificate,
                 char         **reason)
{
  GBytes *der;
  gnutls_datum_t datum;
  gnutls_x509_crt_t crt = NULL;
  unsigned int status = 0;
  CfTrustResult result;
  int ret;

  g_return_val_if_fail (CF_IS_TRUST (self), CF_TRUST_NOT_TRUSTED);
  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), CF_TRUST_NOT_TRUSTED);

  if (reason != NULL)
    *reason = NULL;

  if (self->n_anchors == 0)
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

  /* Dates are the caller's to check, at the document's date: SAT's roots
   * expire while the documents they certified stay valid. */
  g_mutex_lock (&self->lock);
  ret = gnutls_x509_trust_list_verify_crt2 (self->list, &crt, 1, NULL, 0,
                                            GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                                            GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                                            &status, NULL);
  if (ret < 0)
    {
      result = CF_TRUST_NOT_TRUSTED;
      if (reason != NULL)
        *reason = g_strdup_printf (_("The certificate’s chain cannot be checked: %s"), gnutls_strerror (ret));
    }
  else if (status != 0)
    {
      result = CF_TRUST_NOT_TRUSTED;
      if (reason != NULL)
        *reason = explain (status, crt);
    }
  else
    result = chains_to_test_ca (self, crt) ? CF_TRUST_TRUSTED_TEST : CF_TRUST_TRUSTED;
  g_mutex_unlock (&self->lock);

  gnutls_x509_crt_deinit (crt);
  return result;
}
