/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"
/* syncfs() */
#define _GNU_SOURCE

#include "config.h"

#include "cf-sealer.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cf-atomic-file.h"
#include "cf-cadena.h"
#include "cf-dec-schema.h"
#include "cf-dec-xml.h"
#include "cf-dec-xml-private.h"

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
};

G_DEFINE_TYPE (CfSealer, cf_sealer, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-sealer-error-quark, cf_sealer_error)

struct _CfSealResult
{
  gatomicrefcount  ref_count;
  char            *input;
  char            *output;
  CfSealStatus     status;
  GError          *error;
  GPtrArray       *findings;
};

G_DEFINE_BOXED_TYPE (CfSealResult, cf_seal_result, cf_seal_result_ref, cf_seal_result_unref)

struct _CfSealVerification
{
  gatomicrefcount           ref_count;
  CfSealVerificationStatus  status;
  GPtrArray                *findings;
  CfCertificate            *certificate;
  char                     *cadena;
  CfDec                    *dec;
  gboolean                  number_matches;
};

G_DEFINE_BOXED_TYPE (CfSealVerification, cf_seal_verification,
                     cf_seal_verification_ref, cf_seal_verification_unref)

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* The moment an issue date stands for: midday in central Mexico (UTC-6, no
 * daylight saving since 2022), so a certificate valid that day is valid. */
static GDateTime *
issue_moment (const GDate *date)
{
  static GTimeZone *zone = NULL;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_offset (-6 * 3600));

  return g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), 12, 0, 0);
}

static char *
format_day (GDateTime *moment)
{
  return g_date_time_format (moment, "%Y-%m-%d");
}

static char *
format_gdate (const GDate *date)
{
  char buffer[16];

  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

/* The signer's CURP that equals @curp (a person's own, or the legal
 * representative's for a company's e.firma), or NULL. */
static const char *
matching_curp (CfCertificate *certificate,
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

static const char *
signer_curp (CfCertificate *certificate)
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
static gboolean
explain_validity_on_issue (CfCertificate *certificate,
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

static CfSealResult *
seal_result_new (const char   *input,
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
    g_autoptr(GDateTime) moment = issue_moment (&issue);
    GError *validity_error = NULL;

    cf_credential_check_can_sign_on (self->credential, moment, &validity_error);
    if (!explain_validity_on_issue (self->certificate, &issue, validity_error, error))
      return FALSE;
  }

  curp = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_RESPONSABLE_CURP));
  if (matching_curp (self->certificate, curp) == NULL)
    {
      own = signer_curp (self->certificate);
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

/* What a thread keeps from one document to the next: the parser, the
 * bytes read and the bytes to write. */
typedef struct
{
  CfDecXmlReader *reader;
  GByteArray     *input;
  GString        *output;
} SealWorker;

static void
seal_worker_init (SealWorker *worker)
{
  worker->reader = _cf_dec_xml_reader_new ();
  worker->input = g_byte_array_sized_new (64 * 1024);
  worker->output = g_string_sized_new (64 * 1024);
}

static void
seal_worker_clear (SealWorker *worker)
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
static gboolean
seal_file (CfSealer    *self,
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

  seal_worker_init (&worker);
  ok = seal_file (self, &worker, input, AT_FDCWD, output, output, TRUE, out_findings, error);
  seal_worker_clear (&worker);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Batch                                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  CfSealer            *sealer;
  const char * const  *inputs;
  guint                n;
  char               **outputs;
  CfSealResult       **results;
  GCancellable        *cancellable;
  int                  dir_fd;     /* the output folder, or AT_FDCWD */

  int                  next;       /* atomic: the next input to take */
  int                  sealed;     /* atomic */
  int                  refused;    /* atomic */

  GMutex               lock;
  GCond                cond;
  guint                running;    /* workers still running, under @lock */
} Batch;

static gpointer
batch_worker (gpointer data)
{
  Batch *batch = data;
  SealWorker worker;

  seal_worker_init (&worker);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      GPtrArray *findings = NULL;
      const char *name;
      guint i;

      if (g_cancellable_is_cancelled (batch->cancellable))
        break;

      i = (guint) g_atomic_int_add (&batch->next, 1);
      if (i >= batch->n)
        break;
      if (batch->results[i] != NULL)   /* refused up front (duplicate name) */
        continue;

      /* The base name, relative to the folder opened once. */
      name = batch->dir_fd != AT_FDCWD ? strrchr (batch->outputs[i], G_DIR_SEPARATOR) : NULL;
      name = name != NULL ? name + 1 : batch->outputs[i];
      if (seal_file (batch->sealer, &worker, batch->inputs[i], batch->dir_fd, name, batch->outputs[i],
                     FALSE, &findings, &error))
        {
          batch->results[i] = seal_result_new (batch->inputs[i], NULL, CF_SEAL_STATUS_SEALED, NULL, NULL);
          /* The result keeps the path: one copy per file, not two. */
          batch->results[i]->output = g_steal_pointer (&batch->outputs[i]);
          g_atomic_int_inc (&batch->sealed);
        }
      else
        {
          batch->results[i] = seal_result_new (batch->inputs[i], NULL, CF_SEAL_STATUS_REFUSED,
                                               g_steal_pointer (&error), findings);
          g_atomic_int_inc (&batch->refused);
        }
      /* No wake-up per file: the caller looks at the counters when it
       * reports progress, and is woken once all workers are done. */
    }
  seal_worker_clear (&worker);

  g_mutex_lock (&batch->lock);
  batch->running--;
  g_cond_signal (&batch->cond);
  g_mutex_unlock (&batch->lock);
  return NULL;
}

static void
sync_folder (int fd)
{
#ifdef __linux__
  if (fd >= 0)
    syncfs (fd);
  else
    sync ();
#else
  sync ();
#endif
}

static void
batch_progress (Batch          *batch,
                gint64          start,
                CfSealProgress *out)
{
  memset (out, 0, sizeof *out);
  out->total = batch->n;
  out->sealed = (guint) g_atomic_int_get (&batch->sealed);
  out->refused = (guint) g_atomic_int_get (&batch->refused);
  out->done = out->sealed + out->refused;
  out->elapsed = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  out->rate = out->elapsed > 0 ? out->done / out->elapsed : 0;
  out->eta = out->rate > 0 && out->done < out->total ? (out->total - out->done) / out->rate : 0;
}

GPtrArray *
cf_sealer_seal_files (CfSealer            *self,
                      const char * const  *inputs,
                      const char          *output_dir,
                      guint                jobs,
                      CfSealProgressFunc   progress,
                      gpointer             progress_data,
                      CfSealProgress      *out_summary,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(GPtrArray) results = NULL;
  CfSealProgress summary;
  gint64 start = g_get_monotonic_time ();
  gint64 next_report;
  Batch batch = { 0 };

  g_return_val_if_fail (CF_IS_SEALER (self), NULL);
  g_return_val_if_fail (inputs != NULL, NULL);
  g_return_val_if_fail (output_dir != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_mkdir_with_parents (output_dir, 0755) != 0 || !g_file_test (output_dir, G_FILE_TEST_IS_DIR))
    {
      int saved = errno;

      g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT,
                   _("The output folder “%s” cannot be used: %s"), output_dir, g_strerror (saved));
      return NULL;
    }

  batch.sealer = self;
  batch.inputs = inputs;
  batch.n = g_strv_length ((char **) inputs);
  batch.outputs = g_new0 (char *, batch.n + 1);
  batch.results = g_new0 (CfSealResult *, batch.n);
  batch.cancellable = cancellable;
  /* Opened once: each file is then created and renamed by its base name. */
  batch.dir_fd = g_open (output_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (batch.dir_fd < 0)
    batch.dir_fd = AT_FDCWD;
  g_mutex_init (&batch.lock);
  g_cond_init (&batch.cond);

  /* Two inputs with the same name would overwrite each other's output. */
  names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < batch.n; i++)
    {
      g_autofree char *base = g_path_get_basename (inputs[i]);

      batch.outputs[i] = g_build_filename (output_dir, base, NULL);
      if (!g_hash_table_add (names, batch.outputs[i]))
        {
          GError *duplicate = g_error_new (CF_SEALER_ERROR, CF_SEALER_ERROR_DUPLICATE_NAME,
                                           _("Another input file is also called “%s”; its sealed copy would overwrite this one’s."),
                                           base);

          batch.results[i] = seal_result_new (inputs[i], NULL, CF_SEAL_STATUS_REFUSED, duplicate, NULL);
          batch.refused++;
        }
    }
  /* Only needed for the check above: memory should not grow with the run. */
  g_clear_pointer (&names, g_hash_table_unref);

  if (jobs == 0)
    jobs = g_get_num_processors ();
  jobs = MAX (1, MIN (jobs, batch.n));

  threads = g_ptr_array_new ();
  g_mutex_lock (&batch.lock);
  for (guint i = 0; i < jobs && batch.n > 0; i++)
    {
      g_autoptr(GError) thread_error = NULL;
      GThread *thread = g_thread_try_new ("cf-sealer", batch_worker, &batch, &thread_error);

      if (thread == NULL)
        {
          g_debug ("Sealing with %u threads: %s", i, thread_error->message);
          break;
        }
      g_ptr_array_add (threads, thread);
      batch.running++;
    }
  /* No thread at all: seal in this one. */
  if (batch.running == 0 && batch.n > 0)
    {
      batch.running = 1;
      g_mutex_unlock (&batch.lock);
      batch_worker (&batch);
      g_mutex_lock (&batch.lock);
    }

  next_report = g_get_monotonic_time ();
  while (batch.running > 0)
    {
      if (progress != NULL && g_get_monotonic_time () >= next_report)
        {
          CfSealProgress current;

          batch_progress (&batch, start, &current);
          g_mutex_unlock (&batch.lock);
          progress (&current, progress_data);
          g_mutex_lock (&batch.lock);
          next_report = g_get_monotonic_time () + G_USEC_PER_SEC / 10;
        }
      if (batch.running > 0)
        g_cond_wait_until (&batch.cond, &batch.lock,
                           progress != NULL ? next_report : g_get_monotonic_time () + G_USEC_PER_SEC);
    }
  g_mutex_unlock (&batch.lock);

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  /* One flush for the whole run instead of one per file. */
  if (batch.sealed > 0)
    sync_folder (batch.dir_fd);
  if (batch.dir_fd != AT_FDCWD)
    close (batch.dir_fd);

  results = g_ptr_array_new_full (batch.n, (GDestroyNotify) cf_seal_result_unref);
  for (guint i = 0; i < batch.n; i++)
    {
      if (batch.results[i] == NULL)
        batch.results[i] = seal_result_new (inputs[i], NULL, CF_SEAL_STATUS_CANCELLED, NULL, NULL);
      g_ptr_array_add (results, batch.results[i]);
    }

  batch_progress (&batch, start, &summary);
  summary.cancelled = summary.total - summary.done;
  summary.eta = 0;
  if (progress != NULL)
    progress (&summary, progress_data);
  if (out_summary != NULL)
    *out_summary = summary;

  /* Sealed files' paths moved into their results: the array has holes. */
  for (guint i = 0; i < batch.n; i++)
    g_free (batch.outputs[i]);
  g_free (batch.outputs);
  g_free (batch.results);
  g_mutex_clear (&batch.lock);
  g_cond_clear (&batch.cond);

  return g_steal_pointer (&results);
}

/* Progress of an _async run, delivered in the caller's main context. The
 * relay is shared by every pending delivery, so @destroy runs after the last. */
typedef struct
{
  gatomicrefcount     ref_count;
  GMainContext       *context;
  CfSealProgressFunc  func;
  gpointer            data;
  GDestroyNotify      destroy;
} ProgressRelay;

typedef struct
{
  ProgressRelay  *relay;
  CfSealProgress  progress;
} ProgressDelivery;

static ProgressRelay *
progress_relay_ref (ProgressRelay *relay)
{
  g_atomic_ref_count_inc (&relay->ref_count);
  return relay;
}

static void
progress_relay_unref (ProgressRelay *relay)
{
  if (!g_atomic_ref_count_dec (&relay->ref_count))
    return;
  if (relay->destroy != NULL)
    relay->destroy (relay->data);
  g_main_context_unref (relay->context);
  g_free (relay);
}

static gboolean
deliver_progress_cb (gpointer data)
{
  ProgressDelivery *delivery = data;

  delivery->relay->func (&delivery->progress, delivery->relay->data);
  return G_SOURCE_REMOVE;
}

static void
free_delivery (gpointer data)
{
  ProgressDelivery *delivery = data;

  progress_relay_unref (delivery->relay);
  g_free (delivery);
}

static gboolean
release_relay_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static void
relay_progress (const CfSealProgress *progress,
                gpointer              user_data)
{
  ProgressRelay *relay = user_data;
  ProgressDelivery *delivery = g_new0 (ProgressDelivery, 1);

  delivery->relay = progress_relay_ref (relay);
  delivery->progress = *progress;
  g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT, deliver_progress_cb,
                              delivery, free_delivery);
}

typedef struct
{
  GStrv           inputs;
  char           *output_dir;
  guint           jobs;
  ProgressRelay  *relay;   /* or NULL */
  CfSealProgress  summary;
} SealFilesData;

static void
seal_files_data_free (SealFilesData *data)
{
  g_strfreev (data->inputs);
  g_free (data->output_dir);
  g_clear_pointer (&data->relay, progress_relay_unref);
  g_free (data);
}

static void
seal_files_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SealFilesData *data = task_data;
  GError *error = NULL;
  GPtrArray *results;

  results = cf_sealer_seal_files (source_object, (const char * const *) data->inputs,
                                  data->output_dir, data->jobs,
                                  data->relay != NULL ? relay_progress : NULL, data->relay,
                                  &data->summary, cancellable, &error);
  /* The last reference goes in the caller's context, after any pending
   * delivery, so @progress_destroy runs there and before the callback. */
  if (data->relay != NULL)
    {
      ProgressRelay *relay = g_steal_pointer (&data->relay);

      g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT, release_relay_cb,
                                  relay, (GDestroyNotify) progress_relay_unref);
    }
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
cf_sealer_seal_files_async (CfSealer            *self,
                            const char * const  *inputs,
                            const char          *output_dir,
                            guint                jobs,
                            CfSealProgressFunc   progress,
                            gpointer             progress_data,
                            GDestroyNotify       progress_destroy,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SealFilesData *data;

  g_return_if_fail (CF_IS_SEALER (self));
  g_return_if_fail (inputs != NULL);
  g_return_if_fail (output_dir != NULL);

  data = g_new0 (SealFilesData, 1);
  data->inputs = g_strdupv ((char **) inputs);
  data->output_dir = g_strdup (output_dir);
  data->jobs = jobs;
  if (progress != NULL)
    {
      data->relay = g_new0 (ProgressRelay, 1);
      g_atomic_ref_count_init (&data->relay->ref_count);
      data->relay->context = g_main_context_ref_thread_default ();
      data->relay->func = progress;
      data->relay->data = progress_data;
      data->relay->destroy = progress_destroy;
    }
  else if (progress_destroy != NULL)
    progress_destroy (progress_data);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_sealer_seal_files_async);
  /* The batch reports cancellation in its results, not as an error. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) seal_files_data_free);
  g_task_run_in_thread (task, seal_files_thread);
}

GPtrArray *
cf_sealer_seal_files_finish (CfSealer        *self,
                             GAsyncResult    *result,
                             CfSealProgress  *out_summary,
                             GError         **error)
{
  GPtrArray *results;

  g_return_val_if_fail (CF_IS_SEALER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results != NULL && out_summary != NULL)
    {
      SealFilesData *data = g_task_get_task_data (G_TASK (result));

      *out_summary = data->summary;
    }
  return results;
}

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

/* @cadena (transfer full) NULL with @cadena_error when it cannot be computed. */
static CfSealVerification *
verify (CfDec  *dec,
        char   *cadena,
        GError *cadena_error)
{
  CfSealVerification *self = g_new0 (CfSealVerification, 1);
  g_autofree char *sello = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_SELLO));
  g_autofree char *der_base64 = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE));
  g_autofree char *number = cf_cadena_normalize_value (cf_dec_get (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE));
  g_autoptr(GError) error = NULL;
  GDate issue;

  g_atomic_ref_count_init (&self->ref_count);
  self->status = CF_SEAL_VERIFICATION_VALID;
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

  if (self->cadena != NULL && *sello != '\0' &&
      !cf_certificate_verify (self->certificate, (const guint8 *) self->cadena,
                              strlen (self->cadena), sello, &error))
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

    if (matching_curp (self->certificate, curp) == NULL)
      {
        const char *own = signer_curp (self->certificate);
        g_autofree char *message =
          g_strdup_printf (_("The seal was made with the e.firma of CURP %s, but the Responsable is %s."),
                           own != NULL ? own : "—", curp);

        verification_problem (self, CF_SEAL_VERIFICATION_WRONG_SIGNER, CF_FINDING_SEAL_WRONG_SIGNER,
                              cf_dec_field_get_path (CF_DEC_FIELD_RESPONSABLE_CURP), message);
      }
  }

  if (cf_certificate_get_kind (self->certificate) != CF_EFIRMA_KIND_EFIRMA)
    verification_remark (self, CF_FINDING_SEAL_NOT_EFIRMA,
                         cf_dec_field_get_path (CF_DEC_FIELD_CERTIFICADO_RESPONSABLE),
                         _("The seal was made with a certificate that is not an e.firma (a CSD?); SEP does not accept it."));

  g_date_clear (&issue, 1);
  if (cf_dec_get_date (dec, CF_DEC_FIELD_EXPEDICION_FECHA, &issue))
    {
      g_autoptr(GDateTime) moment = issue_moment (&issue);
      GError *validity_error = NULL;

      cf_certificate_check_valid_at (self->certificate, moment, &validity_error);
      explain_validity_on_issue (self->certificate, &issue, validity_error, &error);
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
  g_autoptr(CfDec) dec = NULL;
  g_autoptr(GError) cadena_error = NULL;
  char *cadena;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dec = cf_dec_xml_read_doc (doc, error);
  if (dec == NULL)
    return NULL;
  /* Straight from the file's own text, as a third party would. */
  cadena = cf_cadena_from_doc (doc, &cadena_error);
  return verify (dec, cadena, cadena_error);
}

CfSealVerification *
cf_sealer_verify_file (const char  *path,
                       GError     **error)
{
  CfSealVerification *result;
  xmlDoc *doc;

  g_return_val_if_fail (path != NULL, NULL);

  doc = cf_dec_xml_parse_file (path, error);
  if (doc == NULL)
    return NULL;
  result = cf_sealer_verify_doc (doc, error);
  xmlFreeDoc (doc);
  return result;
}

CfSealVerification *
cf_sealer_verify_dec (CfDec *dec)
{
  g_autoptr(GError) cadena_error = NULL;
  char *cadena;

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);

  cadena = cf_cadena_from_dec (dec, &cadena_error);
  return verify (dec, cadena, cadena_error);
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
