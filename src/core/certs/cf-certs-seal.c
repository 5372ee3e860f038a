/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-seal.c: sealing the store's certificates on worker threads,
 * then their PDFs; and the _async form. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-certs-seal.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-cert-build.h"
#include "cf-cert-seal-repo.h"
#include "cf-incorporation.h"
#include "cf-incorporation-repo.h"
#include "cf-signer-repo.h"
#include "cf-dec-validate.h"
#include "cf-dec-xml.h"
#include "cf-sealer-private.h"
#include "cf-seal-progress-relay.h"

void
cf_certs_seal_result_free (CfCertsSealResult *result)
{
  if (result == NULL)
    return;
  g_free (result->folio_control);
  g_clear_error (&result->error);
  g_clear_pointer (&result->findings, g_ptr_array_unref);
  g_free (result);
}

static CfCertsSealResult *
result_new (gint64        cert_id,
            CfSealStatus  status)
{
  CfCertsSealResult *result = g_new0 (CfCertsSealResult, 1);

  result->cert_id = cert_id;
  result->status = status;
  return result;
}

/* ------------------------------------------------------------------ */
/* Sealing                                                             */
/* ------------------------------------------------------------------ */

/* At most this many certificates signed and waiting for one transaction,
 * and at most this long (µs) for the first of them: one commit (and one
 * sync) for several certificates, and progress still moving. */
#define GROUP_MAX  16
#define GROUP_WAIT (G_USEC_PER_SEC / 10)
/* Groups signed and not yet stored, at most: the signing runs this far
 * ahead of the store, no further (memory stays flat). */
#define QUEUE_MAX  4

/* A certificate signed and waiting for its transaction. */
typedef struct
{
  guint              index;     /* in the batch */
  CfCertsSealResult *result;
  CfDec             *dec;
  GBytes            *unsealed;  /* its sealed bytes without folio */
  struct _Committer *committer;
} Pending;

/* Certificates of one worker stored in one transaction. */
typedef struct
{
  Pending         pending[GROUP_MAX];
  CfCertSealItem  items[GROUP_MAX];
  guint           n;
  gint64          first_at;     /* when the first was signed */
} Group;

/* What the store's side keeps from one certificate to the next. */
typedef struct _Committer
{
  GString       *out;           /* the bytes with their folio */
  CfTrust       *no_anchors;    /* the chain was checked before the batch */
  CfCertificate *certificate;   /* the sealer's */
} Committer;

typedef struct
{
  CfStore                  *store;
  CfSealer                 *sealer;
  const CfCertsSealOptions *options;
  const gint64             *ids;
  guint                     n;
  CfCertsSealResult       **results;
  GCancellable             *cancellable;
  gboolean                  test_stage; /* SEP's test folios, portal pruebas */

  int                       next;       /* atomic: the next certificate to take */
  int                       sealed;     /* atomic */
  int                       refused;    /* atomic */
  int                       stopped;    /* atomic: the store failed */

  GMutex                    lock;
  GCond                     cond;
  guint                     running;    /* workers still running, under @lock */
  GError                   *stop_error; /* the store's failure, under @lock */

  /* The store's side: one thread stores the groups the workers signed,
   * one transaction at a time, while they sign the next ones (a store
   * transaction is never on the signing path; workers storing themselves
   * would only wait for each other's write lock). Without that thread
   * (it could not start) each worker stores its own, under @store_lock. */
  Committer                 committer;
  GThread                  *committer_thread;
  GMutex                    store_lock;
  GMutex                    queue_lock;
  GCond                     queue_cond;
  GQueue                    queue;      /* Group*, under @queue_lock */
  gboolean                  signing_done; /* under @queue_lock */
} Batch;

/* The store itself failing (not this certificate's state) stops the
 * batch: every later one would fail the same way. */
static gboolean
is_store_failure (const GError *error)
{
  return error->domain == CF_STORE_ERROR &&
         error->code != CF_STORE_ERROR_CONFLICT &&
         error->code != CF_STORE_ERROR_NOT_FOUND;
}

static void
stop_batch (Batch        *batch,
            const GError *error)
{
  g_mutex_lock (&batch->lock);
  if (batch->stop_error == NULL)
    batch->stop_error = g_error_copy (error);
  g_mutex_unlock (&batch->lock);
  g_atomic_int_set (&batch->stopped, 1);
  g_mutex_lock (&batch->queue_lock);
  g_cond_broadcast (&batch->queue_cond);
  g_mutex_unlock (&batch->queue_lock);
}

/* Inside the store's transaction, with the folio drawn: the bytes with
 * folioControl set (an in-place edit of the Dec start tag; folioControl is
 * outside the cadena, so the seal stays good), verified as they will be
 * stored. */
static GBytes *
with_folio_cb (gint64       cert_id,
               const char  *folio_control,
               gpointer     user_data,
               GError     **error)
{
  static const char * const names[] = { "folioControl" };
  Pending *pending = user_data;
  Committer *worker = pending->committer;
  const char *values[] = { folio_control };
  g_autoptr(CfSealVerification) verification = NULL;
  g_autoptr(CfDec) dec = NULL;
  CfSealVerificationStatus status;
  const char *data;
  gsize length;

  data = g_bytes_get_data (pending->unsealed, &length);
  g_string_truncate (worker->out, 0);
  if (!_cf_dec_xml_set_root_attributes (data, length, names, values, 1, worker->out))
    {
      g_autoptr(GBytes) again = NULL;

      cf_dec_set (pending->dec, CF_DEC_FIELD_FOLIO_CONTROL, folio_control);
      again = cf_dec_xml_write_bytes (pending->dec, error);
      if (again == NULL)
        return NULL;
      data = g_bytes_get_data (again, &length);
      g_string_append_len (worker->out, data, length);
    }

  /* The exact bytes, read back (the hardened SAX reader: the same model
   * and cadena as a tree, without building one) and verified as SEP will.
   * Whether the signer chains to SAT was decided before the batch
   * (cf_sealer_check_signer()): no anchors here, so the chain is not walked
   * again for every certificate while the store's transaction is open. */
  dec = cf_dec_xml_read_data (worker->out->str, worker->out->len, error);
  if (dec == NULL)
    return NULL;
  verification = _cf_sealer_verify_dec_known (dec, worker->no_anchors, worker->certificate);
  if (verification == NULL)
    return NULL;
  status = cf_seal_verification_get_status (verification);
  if (status != CF_SEAL_VERIFICATION_VALID && status != CF_SEAL_VERIFICATION_NOT_TRUSTED)
    {
      GPtrArray *findings = cf_seal_verification_get_findings (verification);

      g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_SELF_CHECK,
                   _("The sealed certificate did not verify, so it was not stored: %s"),
                   findings->len > 0 ? cf_finding_get_message (g_ptr_array_index (findings, 0))
                                     : cf_seal_verification_status_to_string (status));
      return NULL;
    }
  return g_bytes_new (worker->out->str, worker->out->len);
}

static void
pending_clear (Pending *pending)
{
  g_clear_object (&pending->dec);
  g_clear_pointer (&pending->unsealed, g_bytes_unref);
  g_clear_pointer (&pending->result, cf_certs_seal_result_free);
}

static void
finish_refused (Batch             *batch,
                guint              index,
                CfCertsSealResult *result,
                GError            *error)
{
  if (is_store_failure (error))
    stop_batch (batch, error);
  result->status = CF_SEAL_STATUS_REFUSED;
  result->error = error;
  batch->results[index] = result;
  g_atomic_int_inc (&batch->refused);
}

/* Everything for one certificate up to its signature, outside any
 * transaction: added to @group, or refused (its result set). */
static void
prepare_one (Batch  *batch,
             Group  *group,
             guint   index)
{
  CfCertificate *certificate = cf_sealer_get_certificate (batch->sealer);
  gint64 id = batch->ids[index];
  CfCertsSealResult *result = result_new (id, CF_SEAL_STATUS_REFUSED);
  g_autoptr(CfCertRow) row = NULL;
  g_autoptr(CfDec) dec = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GBytes) unsealed = NULL;
  CfDecValidateOptions options;
  Pending *pending;
  CfCertSealItem *item;
  GError *error = NULL;

  row = cf_cert_repo_get (batch->store, id, &error);
  if (row == NULL)
    goto refused;
  if (row->status != CF_CERT_STATUS_LISTO)
    {
      if (row->status == CF_CERT_STATUS_BORRADOR)
        g_set_error_literal (&error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                             _("This certificate is not ready to seal: it has errors or was never checked."));
      else
        {
          g_autofree char *state = g_utf8_strdown (cf_cert_status_get_label (row->status), -1);

          g_set_error (&error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                       _("This certificate is already %s."), state);
        }
      goto refused;
    }

  dec = batch->options->build (batch->store, row, certificate, batch->options->build_data, &error);
  if (dec == NULL || !cf_sealer_check (batch->sealer, dec, &error))
    goto refused;

  /* The rules SEP applies, with this signer. */
  cf_dec_validate_options_init (&options);
  options.signer = certificate;
  findings = cf_dec_validate (dec, &options);
  errors = cf_finding_list_new ();
  for (guint i = 0; i < findings->len; i++)
    if (cf_finding_is_error (g_ptr_array_index (findings, i)))
      g_ptr_array_add (errors, cf_finding_ref (g_ptr_array_index (findings, i)));
  if (errors->len > 0)
    {
      CfFinding *first = g_ptr_array_index (errors, 0);

      g_set_error (&error, CF_SEALER_ERROR, CF_SEALER_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The certificate has %u error and was not sealed: %s (%s)",
                                "The certificate has %u errors and was not sealed; the first: %s (%s)",
                                errors->len),
                   errors->len, cf_finding_get_message (first), cf_finding_get_path (first));
      result->findings = g_steal_pointer (&errors);
      goto refused;
    }

  /* The signature: outside any transaction. */
  if (!cf_sealer_seal (batch->sealer, dec, &error))
    goto refused;
  unsealed = cf_dec_xml_write_bytes (dec, &error);
  if (unsealed == NULL)
    goto refused;

  if (group->n == 0)
    group->first_at = g_get_monotonic_time ();
  pending = &group->pending[group->n];
  pending->index = index;
  pending->result = result;
  pending->dec = g_steal_pointer (&dec);
  pending->unsealed = g_steal_pointer (&unsealed);
  pending->committer = &batch->committer;
  item = &group->items[group->n];
  memset (item, 0, sizeof *item);
  item->request.cert_id = id;
  item->request.row_version = row->row_version;
  item->request.signer = cf_certificate_get_number (certificate);
  item->request.test_stage = batch->test_stage;
  item->user_data = pending;
  group->n++;
  return;

refused:
  finish_refused (batch, index, result, error);
}

static void
group_free (Group *group)
{
  for (guint i = 0; i < group->n; i++)
    pending_clear (&group->pending[i]);
  g_free (group);
}

/* @group stored in one transaction; its results. */
static void
store_group (Batch *batch,
             Group *group)
{
  g_autoptr(GError) error = NULL;
  Committer *committer = &batch->committer;
  gboolean stored;

  stored = cf_cert_seal_repo_seal_many (batch->store, group->items, group->n, with_folio_cb, NULL, &error);
  for (guint i = 0; i < group->n; i++)
    {
      Pending *pending = &group->pending[i];
      CfCertSealItem *item = &group->items[i];
      CfCertsSealResult *result = g_steal_pointer (&pending->result);

      if (!stored)
        finish_refused (batch, pending->index, result, g_error_copy (error));
      else if (item->error != NULL)
        finish_refused (batch, pending->index, result, g_steal_pointer (&item->error));
      else
        {
          result->status = CF_SEAL_STATUS_SEALED;
          result->folio_control = g_steal_pointer (&item->folio_control);
          batch->results[pending->index] = result;
          g_atomic_int_inc (&batch->sealed);
        }
    }
  group_free (group);

  /* A rare large certificate must not keep the buffer large. */
  if (committer->out->allocated_len > 1024 * 1024)
    {
      g_string_free (committer->out, TRUE);
      committer->out = g_string_sized_new (64 * 1024);
    }
}

/* Hands @group to the store's side (waiting while it is QUEUE_MAX groups
 * behind), or stores it here when there is no such thread. */
static void
submit_group (Batch *batch,
              Group *group)
{
  if (group->n == 0)
    {
      g_free (group);
      return;
    }
  if (batch->committer_thread == NULL)
    {
      g_mutex_lock (&batch->store_lock);
      store_group (batch, group);
      g_mutex_unlock (&batch->store_lock);
      return;
    }
  g_mutex_lock (&batch->queue_lock);
  while (batch->queue.length >= QUEUE_MAX && !g_atomic_int_get (&batch->stopped))
    g_cond_wait (&batch->queue_cond, &batch->queue_lock);
  g_queue_push_tail (&batch->queue, group);
  g_cond_broadcast (&batch->queue_cond);
  g_mutex_unlock (&batch->queue_lock);
}

static gpointer
committer_thread (gpointer data)
{
  Batch *batch = data;

  for (;;)
    {
      Group *group;

      g_mutex_lock (&batch->queue_lock);
      while (batch->queue.length == 0 && !batch->signing_done)
        g_cond_wait (&batch->queue_cond, &batch->queue_lock);
      group = g_queue_pop_head (&batch->queue);
      g_cond_broadcast (&batch->queue_cond);
      g_mutex_unlock (&batch->queue_lock);
      if (group == NULL)
        break;
      /* After a store failure the rest is left untouched (CANCELLED). */
      if (g_atomic_int_get (&batch->stopped))
        group_free (group);
      else
        store_group (batch, group);
    }
  return NULL;
}

static gpointer
batch_worker (gpointer data)
{
  Batch *batch = data;
  Group *group = g_new0 (Group, 1);

  for (;;)
    {
      guint i;

      /* What was signed before a cancel is still stored: whole. */
      if (g_cancellable_is_cancelled (batch->cancellable) || g_atomic_int_get (&batch->stopped))
        break;
      i = (guint) g_atomic_int_add (&batch->next, 1);
      if (i >= batch->n)
        break;

      prepare_one (batch, group, i);
      if (group->n == GROUP_MAX ||
          (group->n > 0 && g_get_monotonic_time () - group->first_at >= GROUP_WAIT))
        {
          submit_group (batch, group);
          group = g_new0 (Group, 1);
        }
    }
  if (g_atomic_int_get (&batch->stopped))
    group_free (group);
  else
    submit_group (batch, group);

  g_mutex_lock (&batch->lock);
  batch->running--;
  g_cond_signal (&batch->cond);
  g_mutex_unlock (&batch->lock);
  return NULL;
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

/* Runs @func on @jobs threads (at least one, this one when none can be
 * started), calling @tick about ten times a second until they are done. */
static void
run_workers (GThreadFunc  func,
             gpointer     data,
             guint        jobs,
             GMutex      *lock,
             GCond       *cond,
             guint       *running,
             void       (*tick) (gpointer),
             gpointer     tick_data)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  gint64 next_report;

  g_mutex_lock (lock);
  for (guint i = 0; i < jobs; i++)
    {
      g_autoptr(GError) thread_error = NULL;
      GThread *thread = g_thread_try_new ("cf-certs-seal", func, data, &thread_error);

      if (thread == NULL)
        {
          g_debug ("Sealing with %u threads: %s", i, thread_error->message);
          break;
        }
      g_ptr_array_add (threads, thread);
      (*running)++;
    }
  if (*running == 0)
    {
      *running = 1;
      g_mutex_unlock (lock);
      func (data);
      g_mutex_lock (lock);
    }

  next_report = g_get_monotonic_time ();
  while (*running > 0)
    {
      if (tick != NULL && g_get_monotonic_time () >= next_report)
        {
          g_mutex_unlock (lock);
          tick (tick_data);
          g_mutex_lock (lock);
          next_report = g_get_monotonic_time () + G_USEC_PER_SEC / 10;
        }
      if (*running > 0)
        g_cond_wait_until (cond, lock, tick != NULL ? next_report : g_get_monotonic_time () + G_USEC_PER_SEC);
    }
  g_mutex_unlock (lock);

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
}

typedef struct
{
  Batch              *batch;
  gint64              start;
  CfSealProgressFunc  func;
  gpointer            data;
} Tick;

static void
tick_progress (gpointer data)
{
  Tick *tick = data;
  CfSealProgress current;

  batch_progress (tick->batch, tick->start, &current);
  tick->func (&current, tick->data);
}

/* ------------------------------------------------------------------ */
/* PDFs                                                                */
/* ------------------------------------------------------------------ */

typedef struct
{
  CfStore         *store;
  CfCertsPdfFunc   func;
  gpointer         func_data;
  const gint64    *ids;
  guint            n;
  gboolean        *made;        /* per id */
  GCancellable    *cancellable;
  int              next;        /* atomic */
  int              n_made;      /* atomic */
  int              stopped;     /* atomic */

  GMutex           lock;
  GCond            cond;
  guint            running;
  GError          *stop_error;  /* under @lock */
} PdfBatch;

static gpointer
pdf_worker (gpointer data)
{
  PdfBatch *batch = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) xml = NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(CfDec) dec = NULL;
      g_autoptr(CfCertRow) row = NULL;
      g_autofree char *name = NULL;
      guint i;

      if (g_cancellable_is_cancelled (batch->cancellable) || g_atomic_int_get (&batch->stopped))
        break;
      i = (guint) g_atomic_int_add (&batch->next, 1);
      if (i >= batch->n)
        break;

      /* From the stored bytes: the PDF shows exactly what was sealed. */
      row = cf_cert_repo_get (batch->store, batch->ids[i], &error);
      if (row != NULL)
        {
          name = cf_cert_build_dup_display_name (row->student);
          xml = cf_cert_repo_dup_xml (batch->store, batch->ids[i], &error);
        }
      if (xml != NULL)
        dec = cf_dec_xml_read_bytes (xml, &error);
      if (dec != NULL)
        pdf = batch->func (dec, name, batch->func_data, batch->cancellable, &error);
      if (pdf != NULL && cf_cert_seal_repo_set_pdf (batch->store, batch->ids[i], pdf, &error))
        {
          batch->made[i] = TRUE;
          g_atomic_int_inc (&batch->n_made);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        break;
      /* A PDF that cannot be made now is made by the next run; a store
       * that fails stops this one. */
      if (error->domain == CF_STORE_ERROR && error->code != CF_STORE_ERROR_NOT_FOUND &&
          error->code != CF_STORE_ERROR_FAILED)
        {
          g_mutex_lock (&batch->lock);
          if (batch->stop_error == NULL)
            batch->stop_error = g_error_copy (error);
          g_mutex_unlock (&batch->lock);
          g_atomic_int_set (&batch->stopped, 1);
        }
      else
        g_debug ("No PDF for certificate %" G_GINT64_FORMAT ": %s", batch->ids[i], error->message);
    }

  g_mutex_lock (&batch->lock);
  batch->running--;
  g_cond_signal (&batch->cond);
  g_mutex_unlock (&batch->lock);
  return NULL;
}

static gboolean
make_pdfs (CfStore         *store,
           const gint64    *ids,
           guint            n,
           gboolean        *made,
           guint            jobs,
           CfCertsPdfFunc   func,
           gpointer         func_data,
           guint           *n_made,
           GCancellable    *cancellable,
           GError         **error)
{
  PdfBatch batch = { 0 };

  if (n_made != NULL)
    *n_made = 0;
  if (n == 0)
    return TRUE;

  batch.store = store;
  batch.func = func;
  batch.func_data = func_data;
  batch.ids = ids;
  batch.n = n;
  batch.made = made;
  batch.cancellable = cancellable;
  g_mutex_init (&batch.lock);
  g_cond_init (&batch.cond);

  if (jobs == 0)
    jobs = g_get_num_processors ();
  run_workers (pdf_worker, &batch, MAX (1, MIN (jobs, n)), &batch.lock, &batch.cond, &batch.running,
               NULL, NULL);

  g_mutex_clear (&batch.lock);
  g_cond_clear (&batch.cond);
  if (n_made != NULL)
    *n_made = (guint) batch.n_made;
  if (batch.stop_error != NULL)
    {
      g_propagate_error (error, batch.stop_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_certs_make_pdfs (CfStore         *store,
                    guint            jobs,
                    CfCertsPdfFunc   pdf,
                    gpointer         pdf_data,
                    guint           *n_made,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autofree gboolean *made = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ids = cf_cert_seal_repo_list_without_pdf (store, error);
  if (ids == NULL)
    return FALSE;
  made = g_new0 (gboolean, MAX (ids->len, 1));
  return make_pdfs (store, (const gint64 *) ids->data, ids->len, made, jobs, pdf, pdf_data, n_made,
                    cancellable, error);
}

/* ------------------------------------------------------------------ */
/* The default document: cf-cert-build.h                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  CfPlanBook          *book;
  CfSignerResponsable *responsable;
  const char          *curp;
} DefaultBuild;

static void
default_build_clear (DefaultBuild *data)
{
  g_clear_object (&data->book);
  g_clear_pointer (&data->responsable, cf_signer_responsable_free);
}

/* The Programa de Estudios and the signer's Responsable values, read once
 * for the whole batch. */
static gboolean
default_build_init (DefaultBuild  *data,
                    CfStore       *store,
                    CfSealer      *sealer,
                    GError       **error)
{
  CfCertificate *certificate = cf_sealer_get_certificate (sealer);
  g_autoptr(GError) local_error = NULL;

  data->curp = _cf_sealer_signer_curp (certificate);
  data->responsable = cf_signer_repo_get_responsable (store, cf_certificate_get_number (certificate), &local_error);
  if (data->responsable == NULL)
    {
      if (g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND))
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                     _("The e.firma %s is not registered as a signer: add it on the Firmantes page "
                       "(or with “certifica-cli efirma add”) before sealing with it."),
                     cf_certificate_get_number (certificate));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  data->book = cf_plan_book_load (store, error);
  return data->book != NULL;
}

static CfDec *
default_build_cb (CfStore          *store,
                  const CfCertRow  *row,
                  CfCertificate    *signer,
                  gpointer          user_data,
                  GError          **error)
{
  DefaultBuild *data = user_data;
  const CfStudent *student = row->student;
  CfCertResponsable responsable = { 0 };
  CfPlanNode *plan;

  if (!cf_signer_responsable_covers (data->responsable, student->id_campus))
    {
      g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_CURP_MISMATCH,
                   _("This e.firma does not sign for campus %s; choose the signer of that campus."),
                   student->id_campus);
      return NULL;
    }
  plan = cf_cert_build_find_plan (data->book, student->id_carrera, student->clave_plan, student->id_campus);
  if (plan == NULL)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                   _("The Programa de Estudios has no plan %s of career %s any more; check the "
                     "certificate again."),
                   student->clave_plan, student->id_carrera);
      return NULL;
    }
  responsable.curp = data->curp;
  responsable.id_cargo = data->responsable->id_cargo;
  responsable.nombre = data->responsable->nombre;
  responsable.primer_apellido = data->responsable->primer_apellido;
  responsable.segundo_apellido = data->responsable->segundo_apellido;
  return cf_cert_build_dec (student, plan, &responsable, NULL);
}

/* ------------------------------------------------------------------ */
/* The batch                                                           */
/* ------------------------------------------------------------------ */

gboolean
cf_certs_seal_in_test_stage (CfStore   *store,
                             gboolean  *test_stage,
                             GError   **error)
{
  g_autoptr(CfIncorporation) incorporation = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (test_stage != NULL, FALSE);

  incorporation = cf_incorporation_load (store, error);
  if (incorporation == NULL)
    return FALSE;
  /* The current stage is the first not done: the test stage while stages
   * 1–3 are done and it is not; production once it is. */
  *test_stage = cf_incorporation_get_current_stage (incorporation) == CF_INCORPORATION_STAGE_PRUEBAS &&
                cf_incorporation_get_state (incorporation, CF_INCORPORATION_STAGE_PRUEBAS) != CF_INCORPORATION_DONE;
  return TRUE;
}

/* In the test stage: some use of a test folio is left, or the error. */
static gboolean
check_test_folios (CfStore  *store,
                   GError  **error)
{
  g_autoptr(GPtrArray) folios = cf_incorporation_repo_list_folios (store, error);

  if (folios == NULL)
    return FALSE;
  for (guint i = 0; i < folios->len; i++)
    if (((CfTestFolio *) g_ptr_array_index (folios, i))->uses < CF_TEST_FOLIO_MAX_USES)
      return TRUE;
  cf_cert_seal_repo_set_no_test_folio_error (error);
  return FALSE;
}


GPtrArray *
cf_certs_seal (CfStore                  *store,
               CfSealer                 *sealer,
               const gint64             *ids,
               guint                     n_ids,
               const CfCertsSealOptions *options,
               CfSealProgressFunc        progress,
               gpointer                  progress_data,
               CfSealProgress           *out_summary,
               GCancellable             *cancellable,
               GError                  **error)
{
  g_autoptr(GArray) ready = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *where = NULL;
  CfSealProgress summary;
  gint64 start;
  guint jobs;
  Batch batch = { 0 };
  Tick tick;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (CF_IS_SEALER (sealer), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->build == NULL)
    {
      CfCertsSealOptions with_default = *options;
      DefaultBuild data = { 0 };
      GPtrArray *built = NULL;

      if (default_build_init (&data, store, sealer, error))
        {
          with_default.build = default_build_cb;
          with_default.build_data = &data;
          built = cf_certs_seal (store, sealer, ids, n_ids, &with_default, progress, progress_data,
                                 out_summary, cancellable, error);
        }
      default_build_clear (&data);
      return built;
    }

  if (ids == NULL)
    {
      ready = cf_cert_seal_repo_list_ready (store, error);
      if (ready == NULL)
        return NULL;
      /* Another desk sealing "todos los listos" at the same time starts
       * elsewhere in the list: the two rarely sign the same certificate
       * (the store would let only one of them keep it). */
      if (ready->len > 1)
        {
          guint first = (guint) g_random_int_range (0, (gint32) ready->len);
          g_autoptr(GArray) rotated = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ready->len);

          g_array_append_vals (rotated, &g_array_index (ready, gint64, first), ready->len - first);
          g_array_append_vals (rotated, ready->data, first);
          g_array_unref (ready);
          ready = g_steal_pointer (&rotated);
        }
      ids = (const gint64 *) ready->data;
      n_ids = ready->len;
    }

  /* In the incorporation's test stage every certificate takes a test
   * folio: with none left, nothing is signed. */
  if (!cf_certs_seal_in_test_stage (store, &batch.test_stage, error) ||
      (batch.test_stage && n_ids > 0 && !check_test_folios (store, error)))
    return NULL;

  /* The signer first: a revoked or forged e.firma seals nothing. */
  where = cf_store_location_for_display (cf_store_get_location (store));
  if (!_cf_sealer_check_before_batch (sealer, n_ids, where, cancellable, error))
    return NULL;

  start = g_get_monotonic_time ();
  batch.store = store;
  batch.sealer = sealer;
  batch.options = options;
  batch.ids = ids;
  batch.n = n_ids;
  batch.results = g_new0 (CfCertsSealResult *, MAX (n_ids, 1));
  batch.cancellable = cancellable;
  g_mutex_init (&batch.lock);
  g_mutex_init (&batch.store_lock);
  g_mutex_init (&batch.queue_lock);
  g_cond_init (&batch.queue_cond);
  g_cond_init (&batch.cond);
  batch.committer.out = g_string_sized_new (64 * 1024);
  batch.committer.no_anchors = cf_trust_new ();
  batch.committer.certificate = cf_sealer_get_certificate (sealer);
  if (n_ids > 0)
    {
      g_autoptr(GError) thread_error = NULL;

      batch.committer_thread = g_thread_try_new ("cf-certs-store", committer_thread, &batch, &thread_error);
      if (batch.committer_thread == NULL)
        g_debug ("Sealing without a store thread: %s", thread_error->message);
    }

  jobs = options->jobs != 0 ? options->jobs : g_get_num_processors ();
  tick.batch = &batch;
  tick.start = start;
  tick.func = progress;
  tick.data = progress_data;
  if (n_ids > 0)
    run_workers (batch_worker, &batch, MAX (1, MIN (jobs, n_ids)), &batch.lock, &batch.cond, &batch.running,
                 progress != NULL ? tick_progress : NULL, &tick);
  if (batch.committer_thread != NULL)
    {
      g_mutex_lock (&batch.queue_lock);
      batch.signing_done = TRUE;
      g_cond_broadcast (&batch.queue_cond);
      g_mutex_unlock (&batch.queue_lock);
      g_thread_join (batch.committer_thread);
    }
  g_string_free (batch.committer.out, TRUE);
  g_object_unref (batch.committer.no_anchors);

  results = g_ptr_array_new_full (n_ids, (GDestroyNotify) cf_certs_seal_result_free);
  for (guint i = 0; i < n_ids; i++)
    {
      if (batch.results[i] == NULL)
        batch.results[i] = result_new (ids[i], CF_SEAL_STATUS_CANCELLED);
      g_ptr_array_add (results, batch.results[i]);
    }
  g_free (batch.results);

  batch_progress (&batch, start, &summary);
  summary.cancelled = summary.total - summary.done;
  summary.eta = 0;
  if (progress != NULL)
    progress (&summary, progress_data);
  if (out_summary != NULL)
    *out_summary = summary;

  /* The PDFs after the last seal, never before one. */
  if (options->pdf != NULL && summary.sealed > 0 && batch.stop_error == NULL &&
      !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GArray) sealed = g_array_sized_new (FALSE, FALSE, sizeof (gint64), summary.sealed);
      g_autofree gboolean *made = g_new0 (gboolean, summary.sealed);
      g_autoptr(GError) pdf_error = NULL;
      guint k = 0;

      for (guint i = 0; i < results->len; i++)
        {
          CfCertsSealResult *result = g_ptr_array_index (results, i);

          if (result->status == CF_SEAL_STATUS_SEALED)
            g_array_append_val (sealed, result->cert_id);
        }
      if (!make_pdfs (store, (const gint64 *) sealed->data, sealed->len, made, jobs, options->pdf,
                      options->pdf_data, NULL, cancellable, &pdf_error))
        g_debug ("PDFs stopped: %s", pdf_error->message);
      for (guint i = 0; i < results->len; i++)
        {
          CfCertsSealResult *result = g_ptr_array_index (results, i);

          if (result->status == CF_SEAL_STATUS_SEALED)
            result->has_pdf = made[k++];
        }
    }

  g_mutex_clear (&batch.lock);
  g_mutex_clear (&batch.store_lock);
  g_mutex_clear (&batch.queue_lock);
  g_cond_clear (&batch.queue_cond);
  g_cond_clear (&batch.cond);

  if (batch.stop_error != NULL)
    {
      g_set_error (error, batch.stop_error->domain, batch.stop_error->code,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s Sealing stopped: %u of %u certificates was sealed, and it is complete; "
                                "seal the others once the problem is solved.",
                                "%s Sealing stopped: %u of %u certificates were sealed, and they are complete; "
                                "seal the others once the problem is solved.",
                                summary.sealed),
                   batch.stop_error->message, summary.sealed, summary.total);
      g_clear_error (&batch.stop_error);
      return NULL;
    }
  return g_steal_pointer (&results);
}

/* ------------------------------------------------------------------ */
/* _async                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  CfSealer           *sealer;
  GArray             *ids;      /* NULL: every listo one */
  CfCertsSealOptions  options;
  CfSealProgressRelay *relay;   /* or NULL */
  CfSealProgress      summary;
} SealData;

static void
seal_data_free (SealData *data)
{
  g_clear_object (&data->sealer);
  g_clear_pointer (&data->ids, g_array_unref);
  g_clear_pointer (&data->relay, cf_seal_progress_relay_unref);
  g_free (data);
}

static void
seal_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SealData *data = task_data;
  GError *error = NULL;
  GPtrArray *results;

  results = cf_certs_seal (source_object, data->sealer,
                           data->ids != NULL ? (const gint64 *) data->ids->data : NULL,
                           data->ids != NULL ? data->ids->len : 0, &data->options,
                           data->relay != NULL ? cf_seal_progress_relay_func : NULL, data->relay,
                           &data->summary, cancellable, &error);
  /* The last reference goes in the caller's context, after any pending
   * delivery, so @progress_destroy runs there and before the callback. */
  if (data->relay != NULL)
    cf_seal_progress_relay_release (g_steal_pointer (&data->relay));
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
cf_certs_seal_async (CfStore                  *store,
                     CfSealer                 *sealer,
                     const gint64             *ids,
                     guint                     n_ids,
                     const CfCertsSealOptions *options,
                     CfSealProgressFunc        progress,
                     gpointer                  progress_data,
                     GDestroyNotify            progress_destroy,
                     GCancellable             *cancellable,
                     GAsyncReadyCallback       callback,
                     gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  SealData *data;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (CF_IS_SEALER (sealer));
  g_return_if_fail (ids != NULL || n_ids == 0);
  g_return_if_fail (options != NULL);

  data = g_new0 (SealData, 1);
  data->sealer = g_object_ref (sealer);
  if (ids != NULL)
    {
      data->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (data->ids, ids, n_ids);
    }
  data->options = *options;
  data->relay = cf_seal_progress_relay_new (progress, progress_data, progress_destroy);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_certs_seal_async);
  /* Cancelling is reported in the results, not as an error. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) seal_data_free);
  g_task_run_in_thread (task, seal_thread);
}

GPtrArray *
cf_certs_seal_finish (CfStore         *store,
                      GAsyncResult    *result,
                      CfSealProgress  *out_summary,
                      GError         **error)
{
  GPtrArray *results;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results != NULL && out_summary != NULL)
    {
      SealData *data = g_task_get_task_data (G_TASK (result));

      *out_summary = data->summary;
    }
  return results;
}
