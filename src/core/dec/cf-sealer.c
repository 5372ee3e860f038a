/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-sealer.c: a CfSealer, its checks, sealing a model or a file, and the
 * results a batch reports. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-sealer.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cf-atomic-file.h"
#include "cf-date.h"
#include "cf-cadena.h"
#include "cf-dec-schema.h"
#include "cf-dec-xml.h"
#include "cf-dec-xml-private.h"
#include "cf-sealer-private.h"

struct _CfSealer
{
  GObject               parent_instance;

  CfCredential         *credential;
  CfCertificate        *certificate;  /* the credential's (not a reference) */
  CfPrivateKey         *key;          /* the credential's (not a reference) */
  char                 *der_base64;   /* certificadoResponsable, computed once */
  GMutex                options_lock;
  CfDecValidateOptions  options;      /* signer is always @certificate */
  gboolean              validate;
  SealerSignerState     signer;       /* checked before a batch (cf-sealer-signer.c) */
};

G_DEFINE_TYPE (CfSealer, cf_sealer, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-sealer-error-quark, cf_sealer_error)

G_DEFINE_BOXED_TYPE (CfSealResult, cf_seal_result, cf_seal_result_ref, cf_seal_result_unref)

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* The moment an issue date stands for: midday in central Mexico (UTC-6, no
 * daylight saving since 2022), so a certificate valid that day is valid. */
GDateTime *
_cf_sealer_issue_moment (const GDate *date)
{
  static GTimeZone *zone = NULL;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_offset (-6 * 3600));

  return g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), 12, 0, 0);
}

/* Dates in messages are read by people: in words. */
#define format_day(moment) cf_date_time_to_words (moment)
#define format_gdate(date) cf_date_to_words (date)

/* The signer's CURP that equals @curp (a person's own, or the legal
 * representative's for a company's e.firma), or NULL. */
const char *
_cf_sealer_matching_curp (CfCertificate *certificate,
                          const char    *curp)
{
  const char *own = cf_certificate_get_curp (certificate);
  const char *representative = cf_certificate_get_representative_curp (certificate);

  if (curp == NULL || *curp == '\0')
    return NULL;
  if (own != NULL && g_ascii_strcasecmp (own, curp) == 0)
    return own;
  if (representative != NULL && g_ascii_strcasecmp (representative, curp) == 0)
    return representative;
  return NULL;
}

const char *
_cf_sealer_signer_curp (CfCertificate *certificate)
{
  const char *own = cf_certificate_get_curp (certificate);

  if (own != NULL && *own != '\0')
    return own;
  return cf_certificate_get_representative_curp (certificate);
}

/* Whether @certificate was valid on the issue date @date: the decision is
 * the e.firma's (cf_certificate_check_valid_at(), at issue_moment()); the
 * message, when it was not, names the issue date. Keeps the CF_EFIRMA_ERROR
 * code (EXPIRED, NOT_YET_VALID). */
gboolean
_cf_sealer_explain_validity_on_issue (CfCertificate *certificate,
                                      const GDate   *date,
                                      GError        *validity_error,   /* transfer full */
                                      GError       **error)
{
  g_autoptr(GError) reason = validity_error;
  g_autofree char *issue = NULL;

  if (reason == NULL)
    return TRUE;

  issue = format_gdate (date);
  if (g_error_matches (reason, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED))
    {
      g_autofree char *end = format_day (cf_certificate_get_not_after (certificate));

      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED,
                   _("The e.firma expired on %s, before the certificate’s issue date (%s): a certificate can only be sealed with an e.firma that is current on its issue date."),
                   end, issue);
    }
  else if (g_error_matches (reason, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_YET_VALID))
    {
      g_autofree char *start = format_day (cf_certificate_get_not_before (certificate));

      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_YET_VALID,
                   _("The e.firma is valid only from %s, after the certificate’s issue date (%s)."),
                   start, issue);
    }
  else
    g_propagate_error (error, g_steal_pointer (&reason));
  return FALSE;
}

static CfDecValidateOptions
get_options (CfSealer *self)
{
  CfDecValidateOptions options;

  g_mutex_lock (&self->options_lock);
  options = self->options;
  g_mutex_unlock (&self->options_lock);
  options.signer = self->certificate;
  return options;
}

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

CfSealResult *
_cf_seal_result_new (const char   *input,
                     const char   *output,
                     CfSealStatus  status,
                     GError       *error,      /* transfer full */
                     GPtrArray    *findings)   /* transfer full */
{
  CfSealResult *self = g_new0 (CfSealResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->input = g_strdup (input);
  self->output = g_strdup (output);
  self->status = status;
  self->error = error;
  self->findings = findings;
  return self;
}

CfSealResult *
cf_seal_result_ref (CfSealResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cf_seal_result_unref (CfSealResult *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->input);
  g_free (self->output);
  g_clear_error (&self->error);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_free (self);
}

const char *
cf_seal_result_get_input (const CfSealResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->input;
}

const char *
cf_seal_result_get_output (const CfSealResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->output;
}

CfSealStatus
cf_seal_result_get_status (const CfSealResult *self)
{
  g_return_val_if_fail (self != NULL, CF_SEAL_STATUS_REFUSED);
  return self->status;
}

const GError *
cf_seal_result_get_error (const CfSealResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->error;
}

GPtrArray *
cf_seal_result_get_findings (const CfSealResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->findings;
}

const char *
cf_seal_status_to_string (CfSealStatus status)
{
  switch (status)
    {
    case CF_SEAL_STATUS_SEALED:
      return "sealed";
    case CF_SEAL_STATUS_REFUSED:
      return "refused";
    case CF_SEAL_STATUS_CANCELLED:
      return "cancelled";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------------------ */
/* CfSealer                                                            */
/* ------------------------------------------------------------------ */

static void
cf_sealer_finalize (GObject *object)
{
  CfSealer *self = (CfSealer *) object;

  self->certificate = NULL;
  self->key = NULL;
  g_clear_object (&self->credential);
  g_clear_pointer (&self->der_base64, g_free);
  g_mutex_clear (&self->options_lock);
  _cf_sealer_signer_state_clear (&self->signer);

  G_OBJECT_CLASS (cf_sealer_parent_class)->finalize (object);
}

static void
cf_sealer_class_init (CfSealerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_sealer_finalize;
}

static void
cf_sealer_init (CfSealer *self)
{
  g_mutex_init (&self->options_lock);
  cf_dec_validate_options_init (&self->options);
  self->validate = TRUE;
  _cf_sealer_signer_state_init (&self->signer);
}

SealerSignerState *
_cf_sealer_get_signer_state (CfSealer *self)
{
  return &self->signer;
}

CfSealer *
cf_sealer_new (CfCredential *credential)
{
  CfSealer *self;

  g_return_val_if_fail (CF_IS_CREDENTIAL (credential), NULL);

  /* The credential is an e.firma whose key pairs with it: nothing left to
   * refuse here but documents. */
  self = g_object_new (CF_TYPE_SEALER, NULL);
  self->credential = g_object_ref (credential);
  self->certificate = cf_credential_get_certificate (credential);
  self->key = cf_credential_get_private_key (credential);
  self->der_base64 = cf_certificate_dup_der_base64 (self->certificate);
  return self;
}

CfCredential *
cf_sealer_get_credential (CfSealer *self)
{
  g_return_val_if_fail (CF_IS_SEALER (self), NULL);
  return self->credential;
}

CfCertificate *
cf_sealer_get_certificate (CfSealer *self)
{
  g_return_val_if_fail (CF_IS_SEALER (self), NULL);
  return self->certificate;
}

void
cf_sealer_set_validate_options (CfSealer                   *self,
                                const CfDecValidateOptions *options)
{
  g_return_if_fail (CF_IS_SEALER (self));

  g_mutex_lock (&self->options_lock);
  if (options != NULL)
    self->options = *options;
  else
    cf_dec_validate_options_init (&self->options);
  self->options.signer = NULL;
  g_mutex_unlock (&self->options_lock);
}

void
cf_sealer_set_validate (CfSealer *self,
                        gboolean  validate)
{
  g_return_if_fail (CF_IS_SEALER (self));
  g_atomic_int_set (&self->validate, !!validate);
}

static gboolean
check_version (CfDec   *dec,
               GError **error)
{
  CfDecVersion version = cf_dec_get_version (dec);

  if (version == CF_DEC_VERSION_3_0)
    return TRUE;
  if (version == CF_DEC_VERSION_2_0)
    g_set_error_literal (error, CF_SEALER_ERROR, CF_SEALER_ERROR_READ_ONLY_VERSION,
                         _("This is a Dec version 2.0 document: Certifica reads 2.0 files but seals only version 3.0."));
  else
    g_set_error_literal (error, CF_SEALER_ERROR, CF_SEALER_ERROR_READ_ONLY_VERSION,
                         _("This document does not say it is Dec version 3.0, the only version Certifica seals."));
  return FALSE;
}

gboolean
cf_sealer_check (CfSealer *self,
                 CfDec    *dec,
                 GError  **error)
{
  g_autofree char *curp = NULL;
  const char *own;
  GDate issue;

  g_return_val_if_fail (CF_IS_SEALER (self), FALSE);
  g_return_val_if_fail (CF_IS_DEC (dec), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_version (dec, error))
    return FALSE;

  g_date_clear (&issue, 1);
  if (!cf_dec_get_date (dec, CF_DEC_FIELD_EXPEDICION_FECHA, &issue))
    {
      g_set_error_literal (error, CF_SEALER_ERROR, CF_SEALER_ERROR_NO_ISSUE_DATE,
                           _("The issue date (Expedicion fecha) is missing or is not a date; the e.firma’s validity is checked against it."));
      return FALSE;
    }

  {
    g_autoptr(GDateTime) moment = _cf_sealer_issue_moment (&issue);
    GError *validity_error = NULL;

    cf_credential_check_can_sign_on (self->credential, moment, &validity_error);
    if (!_cf_sealer_explain_validity_on_issue (self->certificate, &issue, validity_error, error))
      return FALSE;
  }

  curp = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_RESPONSABLE_CURP));
  if (_cf_sealer_matching_curp (self->certificate, curp) == NULL)
    {
      own = _cf_sealer_signer_curp (self->certificate);
      if (*curp == '\0')
        g_set_error_literal (error, CF_SEALER_ERROR, CF_SEALER_ERROR_CURP_MISMATCH,
                             _("The certificate names no Responsable CURP; it must be the CURP of the e.firma that seals it."));
      else if (own == NULL)
        g_set_error_literal (error, CF_SEALER_ERROR, CF_SEALER_ERROR_CURP_MISMATCH,
                             _("The e.firma carries no CURP, so it cannot be the Responsable’s."));
      else
        g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_CURP_MISMATCH,
                     _("The Responsable’s CURP is %s but this e.firma belongs to %s: only the registered responsible of the campus can seal the certificate."),
                     curp, own);
      return FALSE;
    }

  return TRUE;
}

/* Signs @cadena and checks the seal with the certificate before anything
 * is set or written: a broken key or library must never produce a sealed
 * file SEP would reject. */
static char *
sign_cadena (CfSealer    *self,
             const char  *cadena,
             GError     **error)
{
  g_autofree char *sello = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = strlen (cadena);

  sello = cf_private_key_sign (self->key, (const guint8 *) cadena, len, error);
  if (sello == NULL)
    return NULL;

  if (!cf_certificate_verify (self->certificate, (const guint8 *) cadena, len, sello, &local_error))
    {
      g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_SELF_CHECK,
                   _("The new seal did not verify with the certificate, so nothing was written: %s"),
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&sello);
}

gboolean
cf_sealer_seal (CfSealer *self,
                CfDec    *dec,
                GError  **error)
{
  g_autofree char *cadena = NULL;
  g_autofree char *sello = NULL;

  g_return_val_if_fail (CF_IS_SEALER (self), FALSE);
  g_return_val_if_fail (CF_IS_DEC (dec), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_sealer_check (self, dec, error))
    return FALSE;

  cadena = cf_cadena_from_dec (dec, error);
  if (cadena == NULL)
    return FALSE;

  sello = sign_cadena (self, cadena, error);
  if (sello == NULL)
    return FALSE;

  cf_dec_set (dec, CF_DEC_FIELD_SELLO, sello);
  cf_dec_set (dec, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, self->der_base64);
  cf_dec_set (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE, cf_certificate_get_number (self->certificate));
  return TRUE;
}

/* Schema + semantic errors of @dec, read from @data; NULL + @error only when
 * the schema cannot be used. The reader's structure check stands in for
 * the XSD when it found nothing the XSD could refuse (@conforms); anything
 * else goes to libxml2's validator on a tree, as `dec validate` does, so the
 * findings are the same either way. */
static GPtrArray *
collect_errors (CfSealer    *self,
                const char  *data,
                gsize        length,
                gboolean     conforms,
                CfDec       *dec,
                GError     **error)
{
  CfDecValidateOptions options = get_options (self);
  g_autoptr(GPtrArray) schema = NULL;
  g_autoptr(GPtrArray) semantic = NULL;
  g_autoptr(GPtrArray) errors = cf_finding_list_new ();

  if (!conforms)
    {
      xmlDoc *doc = cf_dec_xml_parse_data (data, length, NULL, error);

      if (doc == NULL)
        return NULL;
      schema = cf_dec_schema_validate_doc (doc, error);
      xmlFreeDoc (doc);
      if (schema == NULL)
        return NULL;
      for (guint i = 0; i < schema->len; i++)
        if (cf_finding_is_error (g_ptr_array_index (schema, i)))
          g_ptr_array_add (errors, cf_finding_ref (g_ptr_array_index (schema, i)));
    }

  semantic = cf_dec_validate (dec, &options);
  for (guint i = 0; i < semantic->len; i++)
    if (cf_finding_is_error (g_ptr_array_index (semantic, i)))
      g_ptr_array_add (errors, cf_finding_ref (g_ptr_array_index (semantic, i)));

  return g_steal_pointer (&errors);
}

/* Writes @data to @name (relative to @dir_fd, or a path with AT_FDCWD)
 * through cf-atomic-file.h: a reader, or a crash of this process, never
 * sees a half-written XML. @durable syncs the file and its folder; the
 * batch skips it per file and syncs the whole file system once at the
 * end instead. */
static gboolean
write_atomically (int          dir_fd,
                  const char  *name,
                  const char  *display_path,
                  const char  *data,
                  gsize        length,
                  gboolean     durable,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!cf_atomic_file_write_at (dir_fd, name, data, length, 0644,
                                durable ? CF_ATOMIC_FILE_NONE : CF_ATOMIC_FILE_NO_SYNC,
                                &local_error))
    {
      g_autofree char *display = g_filename_display_name (display_path);

      g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT,
                   _("The sealed certificate could not be written to “%s”: %s"),
                   display, local_error->message);
      return FALSE;
    }
  return TRUE;
}

void
_cf_seal_worker_init (SealWorker *worker)
{
  worker->reader = _cf_dec_xml_reader_new ();
  worker->input = g_byte_array_sized_new (64 * 1024);
  worker->output = g_string_sized_new (64 * 1024);
}

void
_cf_seal_worker_clear (SealWorker *worker)
{
  g_clear_pointer (&worker->reader, _cf_dec_xml_reader_free);
  g_clear_pointer (&worker->input, g_byte_array_unref);
  if (worker->output != NULL)
    g_string_free (g_steal_pointer (&worker->output), TRUE);
}

/* A rare large file must not keep a worker's buffers large. */
static void
seal_worker_trim (SealWorker *worker)
{
  if (worker->input->len > 1024 * 1024)
    {
      g_byte_array_unref (worker->input);
      worker->input = g_byte_array_sized_new (64 * 1024);
    }
  if (worker->output->allocated_len > 1024 * 1024)
    {
      g_string_free (worker->output, TRUE);
      worker->output = g_string_sized_new (64 * 1024);
    }
}

/* The fallback for a file whose bytes cannot be edited in place (UTF-16,
 * a DOCTYPE…): set the attributes on a tree and serialise it in UTF-8. */
static gboolean
serialise_with_seal (const char          *data,
                     gsize                length,
                     const char * const  *names,
                     const char * const  *values,
                     guint                n,
                     GString             *out,
                     GError             **error)
{
  xmlDoc *doc = cf_dec_xml_parse_data (data, length, NULL, error);
  xmlNode *root;
  xmlChar *text = NULL;
  int text_len = 0;

  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);
  for (guint i = 0; i < n; i++)
    xmlSetProp (root, BAD_CAST names[i], BAD_CAST values[i]);
  xmlDocDumpMemoryEnc (doc, &text, &text_len, "UTF-8");
  xmlFreeDoc (doc);
  if (text == NULL)
    {
      g_set_error_literal (error, CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT,
                           _("The sealed certificate could not be written: out of memory."));
      return FALSE;
    }
  g_string_append_len (out, (const char *) text, text_len);
  xmlFree (text);
  return TRUE;
}

/* Reads @input, checks and validates it, seals it, and writes @name
 * (relative to @dir_fd, or a path with AT_FDCWD) atomically. One SAX pass
 * gives the model (and so the cadena) and the structure check; the output
 * is the input's own bytes with the three seal attributes set in the Dec
 * start tag, so nothing else in the file changes. */
gboolean
_cf_sealer_seal_file (CfSealer    *self,
                      SealWorker  *worker,
                      const char  *input,
                      int          dir_fd,
                      const char  *name,
                      const char  *output_path,
                      gboolean     durable,
                      GPtrArray  **out_findings,
                      GError     **error)
{
  static const char * const seal_names[] = { "sello", "certificadoResponsable", "noCertificadoResponsable" };
  g_autoptr(CfDec) dec = NULL;
  g_autofree char *cadena = NULL;
  g_autofree char *sello = NULL;
  const char *seal_values[G_N_ELEMENTS (seal_names)];
  gboolean conforms = FALSE;
  const char *data;
  gsize length;
  gboolean ok;

  if (out_findings != NULL)
    *out_findings = NULL;

  if (!_cf_dec_xml_load_file (input, worker->input, error))
    return FALSE;
  data = (const char *) worker->input->data;
  length = worker->input->len;

  dec = _cf_dec_xml_reader_read (worker->reader, data, length, input, &conforms, error);
  /* Version and credential first: their messages say more than the
   * schema's "fixed value" would. */
  if (dec == NULL || !cf_sealer_check (self, dec, error))
    return FALSE;

  if (g_atomic_int_get (&self->validate))
    {
      g_autoptr(GPtrArray) errors = collect_errors (self, data, length, conforms, dec, error);

      if (errors == NULL)
        return FALSE;
      if (errors->len > 0)
        {
          CfFinding *first = g_ptr_array_index (errors, 0);

          g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The certificate has %u error and was not sealed: %s (%s)",
                                    "The certificate has %u errors and was not sealed; the first: %s (%s)",
                                    errors->len),
                       errors->len, cf_finding_get_message (first), cf_finding_get_path (first));
          if (out_findings != NULL)
            *out_findings = g_steal_pointer (&errors);
          return FALSE;
        }
    }

  /* The model holds the file's own text, so its cadena is the file's (the
   * cadena tests hold both to the same bytes). */
  cadena = cf_cadena_from_dec (dec, error);
  sello = cadena != NULL ? sign_cadena (self, cadena, error) : NULL;
  if (sello == NULL)
    return FALSE;

  seal_values[0] = sello;
  seal_values[1] = self->der_base64;
  seal_values[2] = cf_certificate_get_number (self->certificate);
  g_string_truncate (worker->output, 0);
  if (!_cf_dec_xml_set_root_attributes (data, length, seal_names, seal_values,
                                        G_N_ELEMENTS (seal_names), worker->output) &&
      !serialise_with_seal (data, length, seal_names, seal_values,
                            G_N_ELEMENTS (seal_names), worker->output, error))
    return FALSE;

  /* No name: the caller writes worker->output itself (the batch's
   * grouped flushes). */
  if (name == NULL)
    return TRUE;
  ok = write_atomically (dir_fd, name, output_path, worker->output->str, worker->output->len,
                         durable, error);
  seal_worker_trim (worker);
  return ok;
}

gboolean
cf_sealer_seal_file (CfSealer    *self,
                     const char  *input,
                     const char  *output,
                     GPtrArray  **out_findings,
                     GError     **error)
{
  SealWorker worker;
  gboolean ok;

  g_return_val_if_fail (CF_IS_SEALER (self), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _cf_seal_worker_init (&worker);
  ok = _cf_sealer_seal_file (self, &worker, input, AT_FDCWD, output, output, TRUE, out_findings, error);
  _cf_seal_worker_clear (&worker);
  return ok;
}
