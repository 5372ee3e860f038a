/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-efirma.c: SAT e.firma certificates and private keys (GnuTLS).
 *
 * GnuTLS errors are turned into CF_EFIRMA_ERROR here, with messages a
 * registrar can act on. Decrypted key material never leaves GnuTLS: we keep
 * its handles and deinit them (GnuTLS zeroes the numbers) on finalize.
 * A process that opens a key or reads a password is made non-dumpable
 * first, and passwords live in locked, never-dumped pages (Secure memory). */

#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "cf-efirma.h"
#include "cf-signer-status.h"
#include "cf-json.h"

#define OID_X500_UNIQUE_IDENTIFIER "2.5.4.45"   /* RFC [/ representative's RFC] */
#define OID_SERIAL_NUMBER          "2.5.4.5"    /* CURP [/ representative's CURP] */
#define OID_EMAIL_ADDRESS          "1.2.840.113549.1.9.1"

/* SAT never issued RSA keys outside this range; anything else is not a
 * signer credential. 4096-bit keys are accepted (SAT's own CAs use them). */
#define MIN_KEY_BITS 1024
#define MAX_KEY_BITS 8192

/* A hostile .key can ask for billions of PBKDF2 rounds and freeze the app
 * (the fuzzer finds such files); SAT and OpenSSL use 2048, OWASP's advice
 * for new keys is 600 000. */
#define MAX_PBKDF2_ITERATIONS 1000000

#define MAX_SECRET_LEN 4096

struct _CfCertificate
{
  GObject        parent_instance;

  GBytes        *der;
  gnutls_pubkey_t pubkey;
  GBytes        *key_id;          /* SHA-256 of the SubjectPublicKeyInfo */

  char          *name;
  char          *rfc;
  char          *representative_rfc;
  char          *curp;
  char          *representative_curp;
  char          *email;
  char          *number;
  char          *issuer;
  char          *ou;
  GDateTime     *not_before;
  GDateTime     *not_after;
  gboolean       test_issuer;
  CfEfirmaKind   kind;
  guint          key_bits;
};

G_DEFINE_TYPE (CfCertificate, cf_certificate, G_TYPE_OBJECT)

struct _CfPrivateKey
{
  GObject               parent_instance;

  gnutls_x509_privkey_t x509;
  gnutls_privkey_t      privkey;
  GBytes               *key_id;
  guint                 bits;
};

G_DEFINE_TYPE (CfPrivateKey, cf_private_key, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-efirma-error-quark, cf_efirma_error)

/* Issuers we recognise, by the issuer's common name (g_pattern_match_simple).
 * Keep this the only place that knows SAT's CA names. */
static const struct
{
  const char *cn_pattern;
  gboolean    test;
} sat_issuers[] = {
  { "A.C. del Servicio de Administraci\303\263n Tributaria", FALSE },
  { "AC DEL SERVICIO DE ADMINISTRACION TRIBUTARIA",          FALSE },
  { "A.C. * de pruebas*",                                     TRUE },  /* the public test set */
  { "AC UAT",                                                 TRUE },  /* newer test CA */
};

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static gboolean
looks_like_pem (GBytes *data)
{
  gsize len;
  const char *p = g_bytes_get_data (data, &len);

  /* PEM may start with blank lines or a text preamble (openssl -text). */
  return len >= 11 && g_strstr_len (p, MIN (len, 65536), "-----BEGIN ") != NULL;
}

/* Parses a DER tag + length. Returns FALSE when the header itself is bad;
 * *total is the length the element claims, header included. */
static gboolean
der_header (const guint8 *p,
            gsize         len,
            guint8       *tag,
            gsize        *header_len,
            gsize        *content_len)
{
  gsize n, i, value = 0;

  if (len < 2)
    return FALSE;

  *tag = p[0];
  if ((p[1] & 0x80) == 0)
    {
      *header_len = 2;
      *content_len = p[1];
      return TRUE;
    }

  n = p[1] & 0x7f;
  if (n == 0 || n > 4 || len < 2 + n)
    return FALSE;
  for (i = 0; i < n; i++)
    value = (value << 8) | p[2 + i];
  *header_len = 2 + n;
  *content_len = value;
  return TRUE;
}

/* Attribute values in SAT certificates come as UTF8String, PrintableString,
 * or T61String holding Latin-1 bytes ("COMPA\xd1IA"): we read the raw DER
 * value and decode it ourselves instead of trusting GnuTLS's conversion. */
static char *
decode_directory_string (const guint8 *p,
                         gsize         len)
{
  guint8 tag;
  gsize hlen, clen;
  const char *content;
  g_autofree char *text = NULL;

  if (!der_header (p, len, &tag, &hlen, &clen) || hlen + clen > len)
    return NULL;

  content = (const char *) p + hlen;
  switch (tag)
    {
    case 0x1e:  /* BMPString */
      text = g_convert (content, clen, "UTF-8", "UTF-16BE", NULL, NULL, NULL);
      break;

    case 0x1c:  /* UniversalString */
      text = g_convert (content, clen, "UTF-8", "UTF-32BE", NULL, NULL, NULL);
      break;

    default:    /* UTF8String, PrintableString, IA5String, T61String, ... */
      if (g_utf8_validate (content, clen, NULL))
        text = g_strndup (content, clen);
      else
        text = g_convert (content, clen, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      break;
    }

  if (text == NULL)
    return NULL;

  /* An embedded NUL would cut the string; make sure it is still valid. */
  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  g_strstrip (text);
  if (*text == '\0')
    return NULL;

  return g_steal_pointer (&text);
}

static char *
get_dn_attribute (gnutls_x509_crt_t crt,
                  gboolean          issuer,
                  const char       *oid)
{
  g_autofree guint8 *buf = NULL;
  size_t size = 0;
  int ret;

  if (issuer)
    ret = gnutls_x509_crt_get_issuer_dn_by_oid (crt, oid, 0, 1, NULL, &size);
  else
    ret = gnutls_x509_crt_get_dn_by_oid (crt, oid, 0, 1, NULL, &size);
  if (ret != GNUTLS_E_SHORT_MEMORY_BUFFER || size == 0 || size > 65536)
    return NULL;

  buf = g_malloc0 (size + 1);
  if (issuer)
    ret = gnutls_x509_crt_get_issuer_dn_by_oid (crt, oid, 0, 1, buf, &size);
  else
    ret = gnutls_x509_crt_get_dn_by_oid (crt, oid, 0, 1, buf, &size);
  if (ret < 0)
    return NULL;

  return decode_directory_string (buf, size);
}

/* "AAA010101AAA / HEGT7610034S2" → holder, representative. A company's
 * holder part of the CURP is empty (" / HEGT761003MDFRNN09"). */
static void
split_holder_representative (const char  *value,
                             char       **holder,
                             char       **representative)
{
  g_auto(GStrv) parts = NULL;

  *holder = NULL;
  *representative = NULL;
  if (value == NULL)
    return;

  parts = g_strsplit (value, "/", 2);
  if (parts[0] != NULL)
    {
      g_strstrip (parts[0]);
      if (*parts[0] != '\0')
        *holder = g_strdup (parts[0]);
      if (parts[1] != NULL)
        {
          g_strstrip (parts[1]);
          if (*parts[1] != '\0')
            *representative = g_strdup (parts[1]);
        }
    }
}

static char *
get_email (gnutls_x509_crt_t crt)
{
  char *email = get_dn_attribute (crt, FALSE, OID_EMAIL_ADDRESS);
  guint i;

  if (email != NULL)
    return email;

  for (i = 0; i < 16; i++)
    {
      char buf[512];
      size_t size = sizeof buf - 1;
      int ret = gnutls_x509_crt_get_subject_alt_name (crt, i, buf, &size, NULL);

      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret == GNUTLS_SAN_RFC822NAME && size < sizeof buf)
        {
          buf[size] = '\0';
          if (g_utf8_validate (buf, -1, NULL) && *buf != '\0')
            return g_strdup (buf);
        }
    }

  return NULL;
}

/* SAT writes the 20-digit certificate number as the ASCII bytes of the
 * serial; any other serial is shown in hex so it can still be told apart. */
static char *
get_certificate_number (gnutls_x509_crt_t crt)
{
  guint8 serial[64];
  size_t size = sizeof serial;
  gboolean digits = TRUE;
  GString *hex;
  gsize i;

  if (gnutls_x509_crt_get_serial (crt, serial, &size) < 0 || size == 0)
    return NULL;

  for (i = 0; i < size; i++)
    if (!g_ascii_isdigit (serial[i]))
      digits = FALSE;

  if (digits)
    return g_strndup ((const char *) serial, size);

  hex = g_string_new (NULL);
  for (i = 0; i < size; i++)
    g_string_append_printf (hex, "%02X", serial[i]);
  return g_string_free (hex, FALSE);
}

static GBytes *
get_crt_key_id (gnutls_x509_crt_t crt)
{
  guint8 id[64];
  size_t size = sizeof id;

  if (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256, id, &size) < 0)
    return NULL;
  return g_bytes_new (id, size);
}

static CfEfirmaKind
classify (gnutls_x509_crt_t  crt,
          const char        *rfc,
          const char        *ou)
{
  unsigned int usage = 0;
  const unsigned int seal_usage = GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION;
  gboolean has_usage;

  if (rfc == NULL)
    return CF_EFIRMA_KIND_OTHER;

  has_usage = gnutls_x509_crt_get_key_usage (crt, &usage, NULL) >= 0;

  /* A CSD names its seal in the OU and may only sign (no encipherment). */
  if (ou != NULL && has_usage && (usage & ~seal_usage) == 0)
    return CF_EFIRMA_KIND_CSD;

  /* An e.firma has no OU and can make digital signatures. */
  if (ou == NULL && (!has_usage || (usage & GNUTLS_KEY_DIGITAL_SIGNATURE) != 0))
    return CF_EFIRMA_KIND_EFIRMA;

  return CF_EFIRMA_KIND_OTHER;
}

static gboolean
is_test_issuer (const char *issuer_cn)
{
  gsize i;

  if (issuer_cn == NULL)
    return FALSE;

  for (i = 0; i < G_N_ELEMENTS (sat_issuers); i++)
    if (g_pattern_match_simple (sat_issuers[i].cn_pattern, issuer_cn))
      return sat_issuers[i].test;

  return FALSE;
}

/* In messages for people: in words ("May 15, 2021"), never ISO. */
static char *
format_date (GDateTime *dt)
{
  return cf_signer_format_date (dt);
}

/* ------------------------------------------------------------------ */
/* CfCertificate                                                        */
/* ------------------------------------------------------------------ */

static void
cf_certificate_finalize (GObject *object)
{
  CfCertificate *self = CF_CERTIFICATE (object);

  g_clear_pointer (&self->der, g_bytes_unref);
  g_clear_pointer (&self->key_id, g_bytes_unref);
  g_clear_pointer (&self->pubkey, gnutls_pubkey_deinit);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->rfc, g_free);
  g_clear_pointer (&self->representative_rfc, g_free);
  g_clear_pointer (&self->curp, g_free);
  g_clear_pointer (&self->representative_curp, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->ou, g_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (cf_certificate_parent_class)->finalize (object);
}

static void
cf_certificate_class_init (CfCertificateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_certificate_finalize;
}

static void
cf_certificate_init (CfCertificate *self)
{
  self->kind = CF_EFIRMA_KIND_OTHER;
}

const char *
cf_efirma_kind_to_string (CfEfirmaKind kind)
{
  switch (kind)
    {
    case CF_EFIRMA_KIND_EFIRMA: return "efirma";
    case CF_EFIRMA_KIND_CSD:    return "csd";
    case CF_EFIRMA_KIND_OTHER:
    default:                    return "other";
    }
}

const char *
cf_efirma_kind_get_label (CfEfirmaKind kind)
{
  switch (kind)
    {
    case CF_EFIRMA_KIND_EFIRMA: return _("e.firma (FIEL)");
    case CF_EFIRMA_KIND_CSD:    return _("Seal certificate (CSD)");
    case CF_EFIRMA_KIND_OTHER:
    default:                    return _("Other certificate");
    }
}

static gboolean
import_crt (gnutls_x509_crt_t  crt,
            GBytes            *data,
            GBytes           **der_out,
            GError           **error)
{
  gnutls_datum_t datum;
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);
  gboolean pem = looks_like_pem (data);
  int ret;

  if (len == 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EMPTY,
                   _("The certificate file is empty. Choose the .cer file that SAT gave you."));
      return FALSE;
    }

  if (len > G_MAXUINT)
    goto not_a_certificate;

  datum.data = (unsigned char *) p;
  datum.size = len;
  ret = gnutls_x509_crt_import (crt, &datum, pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER);
  if (ret < 0)
    {
      guint8 tag;
      gsize hlen, clen;

      /* A DER certificate whose outer SEQUENCE claims more bytes than the
       * file has was cut short (an interrupted copy or download). */
      if (!pem && der_header (p, len, &tag, &hlen, &clen) &&
          tag == 0x30 && hlen + clen > len)
        {
          g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_TRUNCATED,
                       _("The certificate file is incomplete: it ends too early. "
                         "Copy the .cer file again from where SAT's download was saved."));
          return FALSE;
        }
      goto not_a_certificate;
    }

  if (pem)
    {
      gnutls_datum_t out = { NULL, 0 };

      if (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &out) < 0)
        goto not_a_certificate;
      *der_out = g_bytes_new (out.data, out.size);
      gnutls_free (out.data);
    }
  else
    {
      *der_out = g_bytes_ref (data);
    }
  return TRUE;

not_a_certificate:
  g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_CERTIFICATE,
               _("This file is not a certificate. Choose the .cer file of the e.firma "
                 "(not the .key, and not a PDF or a compressed folder)."));
  return FALSE;
}

CfCertificate *
cf_certificate_new_from_bytes (GBytes  *data,
                               GError **error)
{
  g_autoptr(CfCertificate) self = NULL;
  g_autofree char *rfc_value = NULL;
  g_autofree char *curp_value = NULL;
  gnutls_x509_crt_t crt = NULL;
  time_t not_before, not_after;
  unsigned int bits = 0;
  int ret;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (gnutls_x509_crt_init (&crt) < 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_CERTIFICATE,
                   _("Could not prepare to read the certificate (out of memory?)."));
      return NULL;
    }

  self = g_object_new (CF_TYPE_CERTIFICATE, NULL);
  if (!import_crt (crt, data, &self->der, error))
    goto fail;

  not_before = gnutls_x509_crt_get_activation_time (crt);
  not_after = gnutls_x509_crt_get_expiration_time (crt);
  if (not_before != (time_t) -1)
    self->not_before = g_date_time_new_from_unix_utc (not_before);
  if (not_after != (time_t) -1)
    self->not_after = g_date_time_new_from_unix_utc (not_after);
  self->number = get_certificate_number (crt);
  self->key_id = get_crt_key_id (crt);

  if (self->not_before == NULL || self->not_after == NULL ||
      self->number == NULL || self->key_id == NULL ||
      gnutls_pubkey_init (&self->pubkey) < 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_CERTIFICATE,
                   _("This certificate is damaged: its dates, number or public key cannot be read."));
      goto fail;
    }

  ret = gnutls_pubkey_import_x509 (self->pubkey, crt, 0);
  if (ret < 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_CERTIFICATE,
                   _("This certificate is damaged: its public key cannot be read."));
      goto fail;
    }

  if (gnutls_x509_crt_get_pk_algorithm (crt, &bits) >= 0)
    self->key_bits = bits;

  self->name = get_dn_attribute (crt, FALSE, GNUTLS_OID_X520_COMMON_NAME);
  if (self->name == NULL)
    self->name = get_dn_attribute (crt, FALSE, GNUTLS_OID_X520_ORGANIZATION_NAME);

  rfc_value = get_dn_attribute (crt, FALSE, OID_X500_UNIQUE_IDENTIFIER);
  split_holder_representative (rfc_value, &self->rfc, &self->representative_rfc);
  if (self->rfc == NULL)
    self->rfc = g_strdup (self->representative_rfc);

  /* A company has no CURP of its own: the one in its certificate is its
   * representative's, the person who actually signs. */
  curp_value = get_dn_attribute (crt, FALSE, OID_SERIAL_NUMBER);
  split_holder_representative (curp_value, &self->curp, &self->representative_curp);
  if (self->curp == NULL)
    self->curp = g_strdup (self->representative_curp);

  self->email = get_email (crt);
  self->ou = get_dn_attribute (crt, FALSE, GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME);

  self->issuer = get_dn_attribute (crt, TRUE, GNUTLS_OID_X520_COMMON_NAME);
  if (self->issuer == NULL)
    self->issuer = get_dn_attribute (crt, TRUE, GNUTLS_OID_X520_ORGANIZATION_NAME);
  if (self->issuer == NULL)
    {
      gnutls_datum_t dn = { NULL, 0 };

      if (gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0) >= 0 &&
          g_utf8_validate ((const char *) dn.data, dn.size, NULL))
        self->issuer = g_strndup ((const char *) dn.data, dn.size);
      gnutls_free (dn.data);
    }

  self->test_issuer = is_test_issuer (self->issuer);
  self->kind = classify (crt, self->rfc, self->ou);

  gnutls_x509_crt_deinit (crt);
  return g_steal_pointer (&self);

fail:
  gnutls_x509_crt_deinit (crt);
  return NULL;
}

CfCertificate *
cf_certificate_new_from_file (const char  *path,
                              GError     **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  data = g_file_load_bytes (file, NULL, NULL, error);
  if (data == NULL)
    return NULL;

  return cf_certificate_new_from_bytes (data, error);
}

GBytes *
cf_certificate_get_der (CfCertificate *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE (self), NULL);
  return self->der;
}

char *
cf_certificate_dup_der_base64 (CfCertificate *self)
{
  gsize len;
  const guint8 *p;

  g_return_val_if_fail (CF_IS_CERTIFICATE (self), NULL);

  p = g_bytes_get_data (self->der, &len);
  return g_base64_encode (p, len);
}

#define DEFINE_STRING_GETTER(field, name)                     \
  const char *                                                \
  cf_certificate_get_##name (CfCertificate *self)             \
  {                                                           \
    g_return_val_if_fail (CF_IS_CERTIFICATE (self), NULL);    \
    return self->field;                                       \
  }

DEFINE_STRING_GETTER (name, name)
DEFINE_STRING_GETTER (rfc, rfc)
DEFINE_STRING_GETTER (representative_rfc, representative_rfc)
DEFINE_STRING_GETTER (curp, curp)
DEFINE_STRING_GETTER (representative_curp, representative_curp)
DEFINE_STRING_GETTER (email, email)
DEFINE_STRING_GETTER (number, number)
DEFINE_STRING_GETTER (issuer, issuer)
DEFINE_STRING_GETTER (ou, organizational_unit)

GDateTime *
cf_certificate_get_not_before (CfCertificate *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE (self), NULL);
  return self->not_before;
}

GDateTime *
cf_certificate_get_not_after (CfCertificate *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE (self), NULL);
  return self->not_after;
}

gboolean
cf_certificate_is_test_issuer (CfCertificate *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE (self), FALSE);
  return self->test_issuer;
}

CfEfirmaKind
cf_certificate_get_kind (CfCertificate *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE (self), CF_EFIRMA_KIND_OTHER);
  return self->kind;
}

guint
cf_certificate_get_key_bits (CfCertificate *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE (self), 0);
  return self->key_bits;
}

gboolean
cf_certificate_check_is_efirma (CfCertificate *self,
                                GError       **error)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->rfc == NULL)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_SAT,
                   _("This certificate was not issued by SAT to a person or company: "
                     "it carries no RFC. Only a SAT e.firma (FIEL) can sign study certificates."));
      return FALSE;
    }

  if (self->kind == CF_EFIRMA_KIND_CSD)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA,
                   _("This is a seal certificate (CSD “%s”), which SAT issues for invoices. "
                     "Study certificates must be signed with the signer’s e.firma (FIEL): "
                     "choose the e.firma’s .cer file instead."),
                   self->ou);
      return FALSE;
    }

  if (self->kind != CF_EFIRMA_KIND_EFIRMA)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA,
                   _("This certificate is not an e.firma (FIEL). Study certificates must be "
                     "signed with the signer’s e.firma: choose its .cer file instead."));
      return FALSE;
    }

  return TRUE;
}

gboolean
cf_certificate_check_valid_at (CfCertificate *self,
                               GDateTime     *at,
                               GError       **error)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (CF_IS_CERTIFICATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (at == NULL)
    at = now = g_date_time_new_now_utc ();

  if (g_date_time_compare (at, self->not_before) < 0)
    {
      g_autofree char *date = format_date (self->not_before);

      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_YET_VALID,
                   _("This e.firma is not valid yet: it can sign from %s on."), date);
      return FALSE;
    }

  if (g_date_time_compare (at, self->not_after) > 0)
    {
      g_autofree char *date = format_date (self->not_after);

      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED,
                   _("This e.firma expired on %s. The signer must renew it with SAT "
                     "and you must add the new certificate."), date);
      return FALSE;
    }

  return TRUE;
}

gboolean
cf_certificate_check_can_sign_at (CfCertificate *self,
                                  GDateTime     *at,
                                  GError       **error)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_certificate_check_is_efirma (self, error) &&
         cf_certificate_check_valid_at (self, at, error);
}

static gboolean
decode_base64_strict (const char  *text,
                      guint8     **out,
                      gsize       *out_len)
{
  g_autofree char *clean = NULL;
  gsize i, j = 0, len = strlen (text);

  clean = g_malloc (len + 1);
  for (i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isspace (c))
        continue;
      if (!g_ascii_isalnum (c) && c != '+' && c != '/' && c != '=')
        return FALSE;
      clean[j++] = c;
    }
  clean[j] = '\0';

  if (j == 0 || j % 4 != 0)
    return FALSE;

  *out = g_base64_decode (clean, out_len);
  return *out_len > 0;
}

gboolean
cf_certificate_verify (CfCertificate *self,
                       const guint8  *data,
                       gsize          len,
                       const char    *signature_base64,
                       GError       **error)
{
  g_autofree guint8 *signature = NULL;
  gsize signature_len = 0;
  gnutls_datum_t d, s;
  int ret;

  g_return_val_if_fail (CF_IS_CERTIFICATE (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (signature_base64 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!decode_base64_strict (signature_base64, &signature, &signature_len) ||
      len > G_MAXUINT || signature_len > G_MAXUINT)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_BAD_SIGNATURE,
                   _("The signature is not valid: it is not base64 text."));
      return FALSE;
    }

  d.data = (unsigned char *) (data != NULL ? data : (const guint8 *) "");
  d.size = len;
  s.data = signature;
  s.size = signature_len;
  ret = gnutls_pubkey_verify_data2 (self->pubkey, GNUTLS_SIGN_RSA_SHA256, 0, &d, &s);
  if (ret < 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_BAD_SIGNATURE,
                   _("The signature does not match: the data was changed after signing, "
                     "or it was signed with another e.firma."));
      return FALSE;
    }

  return TRUE;
}

JsonNode *
cf_certificate_to_json_node (CfCertificate *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;

  g_return_val_if_fail (CF_IS_CERTIFICATE (self), NULL);

  not_before = g_date_time_format_iso8601 (self->not_before);
  not_after = g_date_time_format_iso8601 (self->not_after);

  json_builder_begin_object (builder);
  cf_json_builder_add_string (builder, "rfc", self->rfc);
  cf_json_builder_add_string (builder, "curp", self->curp);
  cf_json_builder_add_string (builder, "name", self->name);
  cf_json_builder_add_string (builder, "email", self->email);
  cf_json_builder_add_string (builder, "certificate_number", self->number);
  cf_json_builder_add_string (builder, "not_before", not_before);
  cf_json_builder_add_string (builder, "not_after", not_after);
  cf_json_builder_add_string (builder, "kind", cf_efirma_kind_to_string (self->kind));
  cf_json_builder_add_string (builder, "issuer", self->issuer);
  if (self->representative_rfc != NULL)
    cf_json_builder_add_string (builder, "representative_rfc", self->representative_rfc);
  if (self->representative_curp != NULL)
    cf_json_builder_add_string (builder, "representative_curp", self->representative_curp);
  if (self->ou != NULL)
    cf_json_builder_add_string (builder, "organizational_unit", self->ou);
  json_builder_set_member_name (builder, "key_bits");
  json_builder_add_int_value (builder, self->key_bits);
  json_builder_set_member_name (builder, "test_issuer");
  json_builder_add_boolean_value (builder, self->test_issuer);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
cf_certificate_to_json (CfCertificate *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (CF_IS_CERTIFICATE (self), NULL);

  node = cf_certificate_to_json_node (self);
  return cf_json_to_string (node, CF_JSON_PRETTY);
}

/* ------------------------------------------------------------------ */
/* CfPrivateKey                                                         */
/* ------------------------------------------------------------------ */

static void
cf_private_key_finalize (GObject *object)
{
  CfPrivateKey *self = CF_PRIVATE_KEY (object);

  /* GnuTLS zeroes the key's numbers when it releases them. */
  g_clear_pointer (&self->privkey, gnutls_privkey_deinit);
  g_clear_pointer (&self->x509, gnutls_x509_privkey_deinit);
  g_clear_pointer (&self->key_id, g_bytes_unref);

  G_OBJECT_CLASS (cf_private_key_parent_class)->finalize (object);
}

static void
cf_private_key_class_init (CfPrivateKeyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_private_key_finalize;
}

static void
cf_private_key_init (CfPrivateKey *self)
{
}

static void
set_not_a_key_error (GBytes  *data,
                     GError **error)
{
  g_autoptr(CfCertificate) certificate = cf_certificate_new_from_bytes (data, NULL);

  if (certificate != NULL)
    g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_KEY,
                 _("This file is a certificate (.cer), not a private key. "
                   "Choose the .key file that came with it."));
  else
    g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_KEY,
                 _("This file is not a private key, or it is damaged. Choose the e.firma’s "
                   ".key file; if it is the right one, copy it again from the original."));
}

static void
set_damaged_key_error (GError **error)
{
  g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_KEY,
               _("This private key is damaged: it opens, but its numbers do not form "
                 "a valid key. Copy the .key file again from the original."));
}

static void
set_unsupported_scheme_error (const char *oid,
                              GError    **error)
{
  g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_UNSUPPORTED_SCHEME,
               _("This private key is protected with an encryption method Certifica cannot "
                 "open (%s). Use the .key file exactly as SAT issued it."),
               oid != NULL ? oid : _("unknown"));
}

/* A DER element: its tag and content, and what follows it. */
typedef struct
{
  const guint8 *p;
  gsize         len;
} DerSpan;

static gboolean
der_next (DerSpan *in,
          guint8  *tag,
          DerSpan *content)
{
  gsize hlen, clen;

  if (!der_header (in->p, in->len, tag, &hlen, &clen) || clen > in->len - hlen)
    return FALSE;

  content->p = in->p + hlen;
  content->len = clen;
  in->p += hlen + clen;
  in->len -= hlen + clen;
  return TRUE;
}

static char *
der_oid_to_string (DerSpan oid)
{
  static const struct { const char *oid, *name; } names[] = {
    { "1.2.840.113549.1.5.13", "PBES2" },
    { "1.2.840.113549.1.5.12", "PBKDF2" },
    { "1.3.6.1.4.1.11591.4.11", "scrypt" },
  };
  GString *text = g_string_new (NULL);
  guint64 value = 0;
  gsize i;

  for (i = 0; i < oid.len && i < 64; i++)
    {
      value = (value << 7) | (oid.p[i] & 0x7f);
      if (oid.p[i] & 0x80)
        continue;
      if (text->len == 0)
        g_string_append_printf (text, "%u.%" G_GUINT64_FORMAT,
                                value < 80 ? (guint) (value / 40) : 2,
                                value < 80 ? value % 40 : value - 80);
      else
        g_string_append_printf (text, ".%" G_GUINT64_FORMAT, value);
      value = 0;
    }

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text->str, names[i].oid))
      {
        g_string_free (text, TRUE);
        return g_strdup (names[i].name);
      }

  return g_string_free (text, FALSE);
}

/* GnuTLS reports a PKCS#8 key encrypted with a method it lacks (scrypt,
 * for instance) as a generic ASN.1 error. Recognise the shape
 * EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }
 * ourselves and name the method, so that this is not called "damaged". */
static char *
describe_unknown_encryption (gnutls_datum_t         *datum,
                             gnutls_x509_crt_fmt_t   format)
{
  gnutls_datum_t der = { NULL, 0 };
  DerSpan in, outer, algorithm, params, oid, octets;
  g_autofree char *name = NULL;
  guint8 tag;

  if (format == GNUTLS_X509_FMT_PEM)
    {
      if (gnutls_pem_base64_decode2 ("ENCRYPTED PRIVATE KEY", datum, &der) < 0)
        return NULL;
      in.p = der.data;
      in.len = der.size;
    }
  else
    {
      in.p = datum->data;
      in.len = datum->size;
    }

  if (!der_next (&in, &tag, &outer) || tag != 0x30 ||
      !der_next (&outer, &tag, &algorithm) || tag != 0x30 ||
      !der_next (&outer, &tag, &octets) || tag != 0x04 ||
      !der_next (&algorithm, &tag, &oid) || tag != 0x06)
    goto out;

  name = der_oid_to_string (oid);

  /* PBES2 names its key derivation in the parameters. */
  params = algorithm;
  if (g_str_equal (name, "PBES2") &&
      der_next (&params, &tag, &algorithm) && tag == 0x30 &&
      der_next (&algorithm, &tag, &params) && tag == 0x30 &&
      der_next (&params, &tag, &oid) && tag == 0x06)
    {
      g_autofree char *kdf = der_oid_to_string (oid);

      g_free (name);
      name = g_strdup_printf ("PBES2 + %s", kdf);
    }

out:
  gnutls_free (der.data);
  return g_steal_pointer (&name);
}

static gboolean
is_scheme_error (int ret)
{
  return ret == GNUTLS_E_UNKNOWN_CIPHER_TYPE ||
         ret == GNUTLS_E_UNKNOWN_ALGORITHM ||
         ret == GNUTLS_E_UNKNOWN_HASH_ALGORITHM ||
         ret == GNUTLS_E_UNKNOWN_PK_ALGORITHM ||
         ret == GNUTLS_E_UNIMPLEMENTED_FEATURE;
}

CfPrivateKey *
cf_private_key_new_from_bytes (GBytes      *data,
                               const char  *password,
                               GError     **error)
{
  g_autoptr(CfPrivateKey) self = NULL;
  gnutls_x509_crt_fmt_t format;
  gnutls_datum_t datum;
  unsigned int schema = 0, cipher = 0, iterations = 0, bits = 0;
  char *oid = NULL;
  gboolean encrypted;
  guint8 id[64];
  size_t id_size = sizeof id;
  gsize len;
  int ret, algorithm;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  datum.data = (unsigned char *) g_bytes_get_data (data, &len);
  if (len == 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EMPTY,
                   _("The private key file is empty. Choose the .key file that SAT gave you."));
      return NULL;
    }
  if (len > 1024 * 1024)
    {
      set_not_a_key_error (data, error);
      return NULL;
    }
  datum.size = len;
  format = looks_like_pem (data) ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER;

  /* From here on the process may hold the decrypted key.
   *
   * GnuTLS 3.7 keeps it (the RSA numbers, GMP limbs) in ordinary heap we
   * cannot lock nor mark MADV_DONTDUMP: it has no allocator hook any more
   * (gnutls_global_set_mem_functions() does nothing since 3.3), and a key
   * of our own through gnutls_privkey_import_ext4() would only move the
   * same numbers into nettle's GMP heap. Importing it for each signature
   * and freeing it after would not shorten its life in a batch (a worker
   * per core signs all the time) but leave freed, unwiped copies behind.
   * So what protects it is this: the process is non-dumpable before the
   * first byte is decrypted (no core file, no ptrace nor /proc/PID/mem for
   * the user's other processes), and the key lives as long as its
   * credential, one run. tests/cli/test-cli-seal-durable.c (no-core) finds
   * the prime in the core file of a dumpable process, and no core file at
   * all from this one. */
  cf_secure_memory_protect_process ();

  self = g_object_new (CF_TYPE_PRIVATE_KEY, NULL);
  if (gnutls_x509_privkey_init (&self->x509) < 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_KEY,
                   _("Could not prepare to read the private key (out of memory?)."));
      return NULL;
    }

  /* Find out first whether the key is encrypted and how, so that a
   * scheme we cannot open is not reported as a wrong password. */
  ret = gnutls_pkcs8_info (&datum, format, &schema, &cipher, NULL, NULL, &iterations, &oid);
  if (is_scheme_error (ret))
    {
      set_unsupported_scheme_error (oid, error);
      gnutls_free (oid);
      return NULL;
    }
  gnutls_free (oid);
  oid = NULL;
  encrypted = ret >= 0;

  if (!encrypted)
    {
      g_autofree char *unknown = describe_unknown_encryption (&datum, format);

      if (unknown != NULL)
        {
          set_unsupported_scheme_error (unknown, error);
          return NULL;
        }
    }

  if (encrypted)
    {
      if (iterations > MAX_PBKDF2_ITERATIONS)
        {
          g_autofree char *what = g_strdup_printf (_("%u key derivation rounds"), iterations);

          set_unsupported_scheme_error (what, error);
          return NULL;
        }

      if (password == NULL)
        {
          g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD,
                       _("This private key is protected by a password: type the password of the e.firma’s .key file."));
          return NULL;
        }

      ret = gnutls_x509_privkey_import_pkcs8 (self->x509, &datum, format, password, 0);
      if (ret < 0)
        {
          if (is_scheme_error (ret))
            set_unsupported_scheme_error (gnutls_strerror_name (ret), error);
          else
            /* The structure was a readable encrypted key, so a failure now
             * almost always means the password is wrong. */
            g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD,
                         _("The password does not open this private key. Type it again "
                           "(capital letters count); it is the password of the .key file, "
                           "chosen when the e.firma was issued."));
          return NULL;
        }
    }
  else
    {
      ret = gnutls_x509_privkey_import_pkcs8 (self->x509, &datum, format, NULL, GNUTLS_PKCS_PLAIN);
      if (ret < 0)
        ret = gnutls_x509_privkey_import (self->x509, &datum, format);  /* PKCS#1 */
      if (ret < 0)
        {
          set_not_a_key_error (data, error);
          return NULL;
        }
    }

  /* A damaged encrypted key can still decrypt to well-formed numbers that
   * do not make an RSA key (the fuzzer found one): catch it now rather
   * than when the first signature fails. */
  if (gnutls_x509_privkey_verify_params (self->x509) < 0)
    {
      set_damaged_key_error (error);
      return NULL;
    }

  algorithm = gnutls_x509_privkey_get_pk_algorithm2 (self->x509, &bits);
  if (algorithm != GNUTLS_PK_RSA || bits < MIN_KEY_BITS || bits > MAX_KEY_BITS)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_UNSUPPORTED_KEY,
                   _("This private key is not an RSA key of the kind SAT issues "
                     "(%s, %u bits), so it cannot be an e.firma key."),
                   gnutls_pk_algorithm_get_name (algorithm) != NULL ?
                     gnutls_pk_algorithm_get_name (algorithm) : "?",
                   bits);
      return NULL;
    }
  self->bits = bits;

  if (gnutls_x509_privkey_get_key_id (self->x509, GNUTLS_KEYID_USE_SHA256, id, &id_size) < 0 ||
      gnutls_privkey_init (&self->privkey) < 0 ||
      gnutls_privkey_import_x509 (self->privkey, self->x509, 0) < 0)
    {
      set_not_a_key_error (data, error);
      return NULL;
    }
  self->key_id = g_bytes_new (id, id_size);

  /* verify_params() does not check the CRT numbers GnuTLS signs with, and a
   * damaged key whose only bad numbers are those fails on its first
   * signature (GnuTLS checks each one). Sign once now so the person hears
   * about a damaged key when choosing it, not halfway through a batch. */
  {
    gnutls_datum_t probe = { (unsigned char *) "certifica", 9 };
    gnutls_datum_t signature = { NULL, 0 };

    if (gnutls_privkey_sign_data (self->privkey, GNUTLS_DIG_SHA256, 0, &probe, &signature) < 0)
      {
        set_damaged_key_error (error);
        return NULL;
      }
    gnutls_free (signature.data);
  }

  return g_steal_pointer (&self);
}

gboolean
cf_private_key_data_is_encrypted (GBytes *data)
{
  gnutls_x509_crt_fmt_t format;
  gnutls_datum_t datum;
  unsigned int schema = 0;
  char *oid = NULL;
  gsize len;
  int ret;

  g_return_val_if_fail (data != NULL, FALSE);

  datum.data = (unsigned char *) g_bytes_get_data (data, &len);
  if (len == 0 || len > 1024 * 1024)
    return FALSE;
  datum.size = len;
  format = looks_like_pem (data) ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER;

  /* Encrypted with a scheme GnuTLS knows, or one it does not (it still has
   * the shape of an EncryptedPrivateKeyInfo). */
  ret = gnutls_pkcs8_info (&datum, format, &schema, NULL, NULL, NULL, NULL, &oid);
  gnutls_free (oid);
  if (ret >= 0 || is_scheme_error (ret))
    return TRUE;

  {
    g_autofree char *unknown = describe_unknown_encryption (&datum, format);

    return unknown != NULL;
  }
}

CfPrivateKey *
cf_private_key_new_from_file (const char  *path,
                              const char  *password,
                              GError     **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  data = g_file_load_bytes (file, NULL, NULL, error);
  if (data == NULL)
    return NULL;

  return cf_private_key_new_from_bytes (data, password, error);
}

guint
cf_private_key_get_bits (CfPrivateKey *self)
{
  g_return_val_if_fail (CF_IS_PRIVATE_KEY (self), 0);
  return self->bits;
}

gboolean
cf_private_key_matches (CfPrivateKey  *self,
                        CfCertificate *certificate)
{
  g_return_val_if_fail (CF_IS_PRIVATE_KEY (self), FALSE);
  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), FALSE);

  return g_bytes_equal (self->key_id, certificate->key_id);
}

char *
cf_private_key_sign (CfPrivateKey  *self,
                     const guint8  *data,
                     gsize          len,
                     GError       **error)
{
  gnutls_datum_t d, signature = { NULL, 0 };
  char *base64;
  int ret;

  g_return_val_if_fail (CF_IS_PRIVATE_KEY (self), NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > G_MAXUINT)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_SIGN_FAILED,
                   _("The data to sign is too large."));
      return NULL;
    }

  d.data = (unsigned char *) (data != NULL ? data : (const guint8 *) "");
  d.size = len;

  /* No lock: signing only reads the key, and GnuTLS makes read-only use of
   * an object from several threads safe (its manual, "Thread safety"), as
   * TLS servers do with shared credentials. The batch sealer signs from
   * one worker per core. */
  ret = gnutls_privkey_sign_data (self->privkey, GNUTLS_DIG_SHA256, 0, &d, &signature);

  if (ret < 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_SIGN_FAILED,
                   _("Signing failed: %s"), gnutls_strerror (ret));
      return NULL;
    }

  base64 = g_base64_encode (signature.data, signature.size);
  gnutls_free (signature.data);
  return base64;
}

/* ------------------------------------------------------------------ */
/* Secure memory                                                        */
/* ------------------------------------------------------------------ */

/* Every block from cf_secure_memory_alloc() is its own anonymous mapping:
 * its start → its mapped length (a whole number of pages). */
static GMutex      secure_lock;
static GHashTable *secure_regions;

void
cf_secure_memory_protect_process (void)
{
  /* No core dump, and no other process of the same user may ptrace this
   * one or read its /proc/PID/mem; the kernel also makes /proc/PID's files
   * root's. Once set it stays: a process that held a key keeps the flag. */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("secure memory: could not make the process non-dumpable: %s",
             g_strerror (errno));
}

gpointer
cf_secure_memory_alloc (gsize size)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize len;
  void *mem;

  g_return_val_if_fail (size > 0 && size <= G_MAXSIZE - page, NULL);

  cf_secure_memory_protect_process ();

  len = (size + page - 1) / page * page;
  mem = mmap (NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    g_error ("secure memory: could not map %" G_GSIZE_FORMAT " bytes: %s", len, g_strerror (errno));

  /* Out of core dumps (even when the administrator lets non-dumpable
   * processes dump, fs.suid_dumpable = 2), out of a forked child, and out
   * of swap when the memory-lock limit allows; each quietly skipped where
   * the kernel or the limits refuse it. */
  if (madvise (mem, len, MADV_DONTDUMP) != 0)
    g_debug ("secure memory: MADV_DONTDUMP: %s", g_strerror (errno));
#ifdef MADV_WIPEONFORK
  if (madvise (mem, len, MADV_WIPEONFORK) != 0)
    g_debug ("secure memory: MADV_WIPEONFORK: %s", g_strerror (errno));
#endif
  if (mlock (mem, len) != 0)
    g_debug ("secure memory: mlock: %s", g_strerror (errno));

  g_mutex_lock (&secure_lock);
  if (secure_regions == NULL)
    secure_regions = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (secure_regions, mem, GSIZE_TO_POINTER (len));
  g_mutex_unlock (&secure_lock);

  return mem;
}

/* The mapped length of @mem when cf_secure_memory_alloc() made it, else 0. */
static gsize
secure_region_length (gconstpointer mem)
{
  gsize len = 0;

  g_mutex_lock (&secure_lock);
  if (secure_regions != NULL)
    len = GPOINTER_TO_SIZE (g_hash_table_lookup (secure_regions, mem));
  g_mutex_unlock (&secure_lock);

  return len;
}

gboolean
cf_secure_memory_is_secure (gconstpointer mem)
{
  return mem != NULL && secure_region_length (mem) > 0;
}

void
cf_secure_memory_free (gpointer mem)
{
  gsize len;

  if (mem == NULL)
    return;

  g_mutex_lock (&secure_lock);
  len = secure_regions != NULL ? GPOINTER_TO_SIZE (g_hash_table_lookup (secure_regions, mem)) : 0;
  if (len > 0)
    g_hash_table_remove (secure_regions, mem);
  g_mutex_unlock (&secure_lock);

  g_return_if_fail (len > 0);

  gnutls_memset (mem, 0, len);
  munlock (mem, len);
  munmap (mem, len);
}

/* ------------------------------------------------------------------ */
/* Secrets                                                              */
/* ------------------------------------------------------------------ */

void
cf_secret_wipe (char *secret)
{
  gsize len;

  if (secret == NULL)
    return;

  /* The whole block, not up to the first NUL: a password read from a
   * descriptor may hold one, with more of it after. */
  len = secure_region_length (secret);
  if (len == 0)
    len = malloc_usable_size (secret);   /* from g_malloc(): malloc */
  gnutls_memset (secret, 0, len);
}

void
cf_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  if (cf_secure_memory_is_secure (secret))
    {
      cf_secure_memory_free (secret);   /* wipes every byte */
      return;
    }

  cf_secret_wipe (secret);
  g_free (secret);
}

char *
cf_secret_dup (const char *text)
{
  gsize len;
  char *copy;

  if (text == NULL)
    return NULL;

  len = strlen (text);
  copy = cf_secure_memory_alloc (len + 1);
  memcpy (copy, text, len);
  return copy;
}

char *
cf_secret_read_fd (int      fd,
                   GError **error)
{
  char *buf;
  gsize len = 0;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* One block for the longest password, so it is never copied as it
   * grows; taken before the first byte is read, so the process is
   * non-dumpable while it waits for the password. Byte by byte so nothing
   * after the newline is consumed (the rest of the stream may be data). */
  buf = cf_secure_memory_alloc (MAX_SECRET_LEN);
  for (;;)
    {
      char c;
      gssize n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          cf_secret_free (buf);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read the password: %s"), g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0 || c == '\n')
        break;

      if (len + 1 >= MAX_SECRET_LEN)
        {
          cf_secret_free (buf);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The password is too long (more than %d characters)."),
                       MAX_SECRET_LEN - 1);
          return NULL;
        }
      buf[len++] = c;
    }

  if (len > 0 && buf[len - 1] == '\r')
    buf[--len] = '\0';
  buf[len] = '\0';

  return buf;
}
