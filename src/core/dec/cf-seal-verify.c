/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-seal-verify.c: checking a sealed certificate: its seal, embedded
 * certificate, number, signer and validity on the issue date. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-sealer.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-cadena.h"
#include "cf-dec-xml.h"
#include "cf-sealer-private.h"

struct _CfSealVerification
{
  gatomicrefcount           ref_count;
  CfSealVerificationStatus  status;
  GPtrArray                *findings;
  CfCertificate            *certificate;
  char                     *cadena;
  CfDec                    *dec;
  gboolean                  number_matches;
  gboolean                  seal_matches;
  CfTrustResult             trust;
};

G_DEFINE_BOXED_TYPE (CfSealVerification, cf_seal_verification,
                     cf_seal_verification_ref, cf_seal_verification_unref)

/* ------------------------------------------------------------------ */
/* Verification                                                        */
/* ------------------------------------------------------------------ */

CfSealVerification *
cf_seal_verification_ref (CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cf_seal_verification_unref (CfSealVerification *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->cadena, g_free);
  g_clear_object (&self->dec);
  g_free (self);
}

CfSealVerificationStatus
cf_seal_verification_get_status (const CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, CF_SEAL_VERIFICATION_NOT_SEALED);
  return self->status;
}

gboolean
cf_seal_verification_is_valid (const CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == CF_SEAL_VERIFICATION_VALID;
}

GPtrArray *
cf_seal_verification_get_findings (const CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->findings;
}

CfTrustResult
cf_seal_verification_get_trust (const CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, CF_TRUST_NOT_TRUSTED);
  return self->trust;
}

gboolean
cf_seal_verification_seal_matches (const CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->seal_matches;
}

const char *
cf_seal_verification_get_result (const CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (self->status == CF_SEAL_VERIFICATION_VALID)
    return self->trust == CF_TRUST_TRUSTED_TEST ? "valid-test-certificate" : "valid";
  if (self->status == CF_SEAL_VERIFICATION_NOT_TRUSTED)
    return "not-trusted";
  return "invalid";
}

CfCertificate *
cf_seal_verification_get_certificate (const CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->certificate;
}

const char *
cf_seal_verification_get_cadena (const CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->cadena;
}

CfDec *
cf_seal_verification_get_dec (const CfSealVerification *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dec;
}

const char *
cf_seal_verification_status_to_string (CfSealVerificationStatus status)
{
  switch (status)
    {
    case CF_SEAL_VERIFICATION_VALID:
      return "valid";
    case CF_SEAL_VERIFICATION_NOT_SEALED:
      return "not-sealed";
    case CF_SEAL_VERIFICATION_BAD_CERTIFICATE:
      return "bad-certificate";
    case CF_SEAL_VERIFICATION_NO_CADENA:
      return "no-cadena";
    case CF_SEAL_VERIFICATION_TAMPERED:
      return "tampered";
    case CF_SEAL_VERIFICATION_NUMBER_MISMATCH:
      return "number-mismatch";
    case CF_SEAL_VERIFICATION_WRONG_SIGNER:
      return "wrong-signer";
    case CF_SEAL_VERIFICATION_NOT_TRUSTED:
      return "not-trusted";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
verification_problem (CfSealVerification       *self,
                      CfSealVerificationStatus  status,
                      const char               *code,
                      const char               *path,
                      const char               *message)
{
  g_ptr_array_add (self->findings, cf_finding_new (CF_FINDING_ERROR, code, path, message));
  if (self->status == CF_SEAL_VERIFICATION_VALID || status < self->status)
    self->status = status;
}

static void
verification_remark (CfSealVerification *self,
                     const char         *code,
                     const char         *path,
                     const char         *message)
{
  g_ptr_array_add (self->findings, cf_finding_new (CF_FINDING_WARNING, code, path, message));
}

/* @cadena (transfer full) NULL with @cadena_error when it cannot be computed.
 * @known (may be NULL): a certificate the caller holds; when the embedded
 * one is byte for byte the same, it is used instead of being read again. */
static CfSealVerification *
verify (CfDec         *dec,
        char          *cadena,
        GError        *cadena_error,
        CfTrust       *trust,
        CfCertificate *known)
{
  CfSealVerification *self = g_new0 (CfSealVerification, 1);
  g_autofree char *sello = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_SELLO));
  g_autofree char *der_base64 = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE));
  g_autofree char *number = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE));
  g_autoptr(GError) error = NULL;
  GDate issue;

  g_atomic_ref_count_init (&self->ref_count);
  self->status = CF_SEAL_VERIFICATION_VALID;
  self->trust = CF_TRUST_NOT_TRUSTED;
  self->findings = cf_finding_list_new ();
  self->dec = g_object_ref (dec);
  self->cadena = cadena;

  if (*sello == '\0' || *der_base64 == '\0')
    {
      verification_problem (self, CF_SEAL_VERIFICATION_NOT_SEALED, CF_FINDING_SEAL_NOT_SEALED,
                            cf_dec_field_get_path (*sello == '\0' ? CF_DEC_FIELD_SELLO : CF_DEC_FIELD_CERTIFICADO_RESPONSABLE),
                            *sello == '\0' ? _("The document has no seal (sello): it was never sealed.")
                                           : _("The document has no certificadoResponsable, so its seal cannot be checked."));
    }

  if (*der_base64 != '\0')
    {
      gsize der_len = 0;
      g_autofree guchar *der = g_base64_decode (der_base64, &der_len);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&der), der_len);

      if (known != NULL && der_len > 0 && g_bytes_equal (bytes, cf_certificate_get_der (known)))
        self->certificate = g_object_ref (known);
      else
        self->certificate = der_len > 0 ? cf_certificate_new_from_bytes (bytes, &error) : NULL;
      if (self->certificate == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("certificadoResponsable is not a certificate that can be read: %s"),
                             error != NULL ? error->message : _("it is empty"));

          verification_problem (self, CF_SEAL_VERIFICATION_BAD_CERTIFICATE, CF_FINDING_SEAL_BAD_CERTIFICATE,
                                cf_dec_field_get_path (CF_DEC_FIELD_CERTIFICADO_RESPONSABLE), message);
          g_clear_error (&error);
        }
    }

  if (self->cadena == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The cadena original cannot be computed: %s"),
                         cadena_error != NULL ? cadena_error->message : "");

      verification_problem (self, CF_SEAL_VERIFICATION_NO_CADENA, CF_FINDING_SEAL_NO_CADENA, "/Dec", message);
    }

  if (self->certificate == NULL)
    return self;

  self->number_matches = g_strcmp0 (number, cf_certificate_get_number (self->certificate)) == 0;

  self->seal_matches = self->cadena != NULL && *sello != '\0' &&
    cf_certificate_verify (self->certificate, (const guint8 *) self->cadena,
                           strlen (self->cadena), sello, &error);
  if (self->cadena != NULL && *sello != '\0' && !self->seal_matches)
    {
      verification_problem (self, CF_SEAL_VERIFICATION_TAMPERED, CF_FINDING_SEAL_TAMPERED,
                            cf_dec_field_get_path (CF_DEC_FIELD_SELLO),
                            _("The seal does not match the document: a value was changed after sealing, or the seal was made with another e.firma."));
      g_clear_error (&error);
    }

  if (!self->number_matches)
    {
      g_autofree char *message =
        g_strdup_printf (_("noCertificadoResponsable is “%s” but the embedded certificate’s number is %s."),
                         number, cf_certificate_get_number (self->certificate));

      verification_problem (self, CF_SEAL_VERIFICATION_NUMBER_MISMATCH, CF_FINDING_SEAL_NUMBER_MISMATCH,
                            cf_dec_field_get_path (CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE), message);
    }

  {
    g_autofree char *curp = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_RESPONSABLE_CURP));

    if (_cf_sealer_matching_curp (self->certificate, curp) == NULL)
      {
        const char *own = _cf_sealer_signer_curp (self->certificate);
        g_autofree char *message =
          g_strdup_printf (_("The seal was made with the e.firma of CURP %s, but the Responsable is %s."),
                           own != NULL ? own : "—", curp);

        verification_problem (self, CF_SEAL_VERIFICATION_WRONG_SIGNER, CF_FINDING_SEAL_WRONG_SIGNER,
                              cf_dec_field_get_path (CF_DEC_FIELD_RESPONSABLE_CURP), message);
      }
  }

  /* Who issued the certificate: anyone can write SAT's name as the issuer
   * of a certificate of their own making. */
  {
    GPtrArray *warnings = cf_trust_get_warnings (trust);
    g_autofree char *reason = NULL;

    for (guint i = 0; i < warnings->len; i++)
      verification_remark (self, CF_FINDING_SEAL_TRUST_ANCHORS,
                           cf_dec_field_get_path (CF_DEC_FIELD_CERTIFICADO_RESPONSABLE),
                           g_ptr_array_index (warnings, i));

    /* At the issue date: SAT's CAs expire, and a document sealed while
     * they were valid stays valid. */
    g_date_clear (&issue, 1);
    if (cf_dec_get_date (dec, CF_DEC_FIELD_EXPEDICION_FECHA, &issue))
      {
        g_autoptr(GDateTime) at = _cf_sealer_issue_moment (&issue);

        self->trust = cf_trust_verify_at (trust, self->certificate, at, &reason);
      }
    else
      self->trust = cf_trust_verify (trust, self->certificate, &reason);
    if (self->trust == CF_TRUST_NOT_TRUSTED)
      verification_problem (self, CF_SEAL_VERIFICATION_NOT_TRUSTED, CF_FINDING_SEAL_NOT_TRUSTED,
                            cf_dec_field_get_path (CF_DEC_FIELD_CERTIFICADO_RESPONSABLE), reason);
    else if (self->trust == CF_TRUST_TRUSTED_TEST)
      verification_remark (self, CF_FINDING_SEAL_TEST_CERTIFICATE,
                           cf_dec_field_get_path (CF_DEC_FIELD_CERTIFICADO_RESPONSABLE),
                           _("This is a SAT test certificate: it was issued for trials, not to a real "
                             "signer, and a document sealed with it has no legal value."));
  }

  if (cf_certificate_get_kind (self->certificate) != CF_EFIRMA_KIND_EFIRMA)
    verification_remark (self, CF_FINDING_SEAL_NOT_EFIRMA,
                         cf_dec_field_get_path (CF_DEC_FIELD_CERTIFICADO_RESPONSABLE),
                         _("The seal was made with a certificate that is not an e.firma (a CSD?); SEP does not accept it."));

  g_date_clear (&issue, 1);
  if (cf_dec_get_date (dec, CF_DEC_FIELD_EXPEDICION_FECHA, &issue))
    {
      g_autoptr(GDateTime) moment = _cf_sealer_issue_moment (&issue);
      GError *validity_error = NULL;

      cf_certificate_check_valid_at (self->certificate, moment, &validity_error);
      _cf_sealer_explain_validity_on_issue (self->certificate, &issue, validity_error, &error);
    }
  if (error != NULL)
    {
      verification_remark (self, CF_FINDING_SEAL_NOT_VALID_AT_ISSUE,
                           cf_dec_field_get_path (CF_DEC_FIELD_EXPEDICION_FECHA), error->message);
      g_clear_error (&error);
    }

  if (cf_dec_has_dreoe (dec))
    {
      g_autofree char *copy = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_DREOE_SELLO_DEC));

      if (*copy != '\0' && strcmp (copy, sello) != 0)
        verification_remark (self, CF_FINDING_SEP_SELLO_MISMATCH,
                             cf_dec_field_get_path (CF_DEC_FIELD_DREOE_SELLO_DEC),
                             _("SEP’s copy of the seal (Dreoe selloDec) differs from the document’s seal."));
    }

  return self;
}

CfSealVerification *
cf_sealer_verify_doc (xmlDoc  *doc,
                      GError **error)
{
  return cf_sealer_verify_doc_with_trust (doc, cf_trust_get_default (), error);
}

CfSealVerification *
cf_sealer_verify_doc_with_trust (xmlDoc   *doc,
                                 CfTrust  *trust,
                                 GError  **error)
{
  g_autoptr(CfDec) dec = NULL;
  g_autoptr(GError) cadena_error = NULL;
  char *cadena;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (CF_IS_TRUST (trust), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dec = cf_dec_xml_read_doc (doc, error);
  if (dec == NULL)
    return NULL;
  /* Straight from the file's own text, as a third party would. */
  cadena = cf_cadena_from_doc (doc, &cadena_error);
  return verify (dec, cadena, cadena_error, trust, NULL);
}

CfSealVerification *
cf_sealer_verify_file (const char  *path,
                       GError     **error)
{
  return cf_sealer_verify_file_with_trust (path, cf_trust_get_default (), error);
}

CfSealVerification *
cf_sealer_verify_file_with_trust (const char  *path,
                                  CfTrust     *trust,
                                  GError     **error)
{
  CfSealVerification *result;
  xmlDoc *doc;

  g_return_val_if_fail (path != NULL, NULL);

  doc = cf_dec_xml_parse_file (path, error);
  if (doc == NULL)
    return NULL;
  result = cf_sealer_verify_doc_with_trust (doc, trust, error);
  xmlFreeDoc (doc);
  return result;
}

CfSealVerification *
cf_sealer_verify_dec (CfDec *dec)
{
  return cf_sealer_verify_dec_with_trust (dec, cf_trust_get_default ());
}

CfSealVerification *
cf_sealer_verify_dec_with_trust (CfDec   *dec,
                                 CfTrust *trust)
{
  g_autoptr(GError) cadena_error = NULL;
  char *cadena;

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);
  g_return_val_if_fail (CF_IS_TRUST (trust), NULL);

  cadena = cf_cadena_from_dec (dec, &cadena_error);
  return verify (dec, cadena, cadena_error, trust, NULL);
}

static void
build_sep_element (JsonBuilder  *builder,
                   CfDec        *dec,
                   CfDecElement  element,
                   const char   *key)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_object (builder);
  for (guint f = 0; f < CF_DEC_N_FIELDS; f++)
    {
      const char *value;

      if (cf_dec_field_get_element (f) != element)
        continue;
      value = cf_dec_get (dec, f);
      if (value != NULL)
        cf_json_builder_add_string (builder, cf_dec_field_get_attribute (f), value);
    }
  json_builder_end_object (builder);
}

JsonNode *
cf_seal_verification_to_json_node (const CfSealVerification *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  cf_json_builder_add_string (builder, "result", cf_seal_verification_get_result (self));
  json_builder_set_member_name (builder, "seal_matches");
  json_builder_add_boolean_value (builder, self->seal_matches);
  json_builder_set_member_name (builder, "signer_curp");
  if (self->certificate != NULL && _cf_sealer_signer_curp (self->certificate) != NULL)
    json_builder_add_string_value (builder, _cf_sealer_signer_curp (self->certificate));
  else
    json_builder_add_null_value (builder);
  cf_json_builder_add_string (builder, "trust", cf_trust_result_to_string (self->trust));
  cf_json_builder_add_string (builder, "status", cf_seal_verification_status_to_string (self->status));
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, self->status == CF_SEAL_VERIFICATION_VALID);

  if (self->certificate != NULL)
    {
      json_builder_set_member_name (builder, "signer");
      json_builder_add_value (builder, cf_certificate_to_json_node (self->certificate));
      cf_json_builder_add_string (builder, "certificate_number", cf_certificate_get_number (self->certificate));
      json_builder_set_member_name (builder, "certificate_number_matches");
      json_builder_add_boolean_value (builder, self->number_matches);
    }

  if (cf_dec_has_dreoe (self->dec) || cf_dec_has_sep_ipes (self->dec))
    {
      json_builder_set_member_name (builder, "sep");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "present");
      json_builder_add_boolean_value (builder, TRUE);
      if (cf_dec_has_dreoe (self->dec))
        build_sep_element (builder, self->dec, CF_DEC_ELEMENT_DREOE, "dreoe");
      if (cf_dec_has_sep_ipes (self->dec))
        build_sep_element (builder, self->dec, CF_DEC_ELEMENT_SEP_IPES, "sep_ipes");
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "findings");
  json_builder_add_value (builder, cf_finding_list_to_json_node (self->findings));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
cf_seal_verification_to_json (const CfSealVerification *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  node = cf_seal_verification_to_json_node (self);
  return cf_json_to_string (node, CF_JSON_COMPACT);
}

CfSealVerification *
_cf_sealer_verify_dec_known (CfDec         *dec,
                             CfTrust       *trust,
                             CfCertificate *known)
{
  g_autoptr(GError) cadena_error = NULL;
  char *cadena;

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);
  g_return_val_if_fail (CF_IS_TRUST (trust), NULL);
  g_return_val_if_fail (known == NULL || CF_IS_CERTIFICATE (known), NULL);

  cadena = cf_cadena_from_dec (dec, &cadena_error);
  return verify (dec, cadena, cadena_error, trust, known);
}
