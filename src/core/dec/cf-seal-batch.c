/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-seal-batch.c: sealing many files on worker threads, with progress,
 * and its _async form. */
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
#include "cf-sealer-private.h"
#include "cf-seal-progress-relay.h"

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
  int                  stopped;    /* atomic: an output could not be written */

  GMutex               lock;
  GCond                cond;
  guint                running;    /* workers still running, under @lock */
  GError              *stop_error; /* the first output failure, under @lock */
  GPtrArray           *pending;    /* Pending*: written, not yet flushed nor renamed, under @lock */
} Batch;

/* Files are made durable a group at a time: each is written to its
 * temporary file, then one syncfs() flushes the whole group's data, then
 * each is renamed over its name and the folder is flushed once. A name
 * never points at data that is not on the disk (as with fsync() per file),
 * but the kernel's journal commits once per group instead of twice per
 * file: per file that was most of the system time of a batch (0.4 ms of
 * CPU per certificate with one thread, more with two contending for the
 * journal), and most of its wall-clock time on a real disk. */
#define FLUSH_GROUP 32

typedef struct
{
  CfAtomicFile *file;
  guint         index;
} Pending;

/* A file that cannot be written stops the whole batch: the causes (no
 * space, a read-only or vanished folder, no permission, a disk error) are
 * the folder's, so every later file would fail the same way, and going on
 * would only bury the reason under hundreds of refusals. */
static void
stop_batch (Batch        *batch,
            const GError *error)
{
  g_mutex_lock (&batch->lock);
  if (batch->stop_error == NULL)
    batch->stop_error = g_error_copy (error);
  g_mutex_unlock (&batch->lock);
  g_atomic_int_set (&batch->stopped, 1);
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  cf_atomic_file_free (pending->file);
  g_free (pending);
}

/* Makes @group durable and renames each file into place: only then does
 * it count as sealed. */
static void
flush_group (Batch     *batch,
             GPtrArray *group)
{
  g_autoptr(GError) error = NULL;

  if (group->len == 0)
    return;
  if (syncfs (batch->dir_fd) != 0)
    {
      int saved = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
    }
  for (guint k = 0; k < group->len; k++)
    {
      Pending *pending = g_ptr_array_index (group, k);
      guint i = pending->index;
      g_autoptr(GError) commit_error = NULL;

      if (error == NULL && cf_atomic_file_commit (pending->file, &commit_error))
        {
          batch->results[i] = _cf_seal_result_new (batch->inputs[i], NULL, CF_SEAL_STATUS_SEALED, NULL, NULL);
          batch->results[i]->output = g_steal_pointer (&batch->outputs[i]);
          g_atomic_int_inc (&batch->sealed);
        }
      else
        {
          g_autofree char *display = g_filename_display_name (batch->outputs[i]);
          GError *output_error = g_error_new (CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT,
                                              _("The sealed certificate could not be written to “%s”: %s"),
                                              display, (error != NULL ? error : commit_error)->message);

          stop_batch (batch, output_error);
          batch->results[i] = _cf_seal_result_new (batch->inputs[i], NULL, CF_SEAL_STATUS_REFUSED,
                                                   output_error, NULL);
          g_atomic_int_inc (&batch->refused);
        }
    }
  /* The renames reach the disk with the folder. */
  if (error == NULL && fsync (batch->dir_fd) != 0)
    g_debug ("Could not flush the output folder: %s", g_strerror (errno));
}

/* Takes the pending files (all of them with @all, else only a full group). */
static GPtrArray *
take_pending (Batch    *batch,
              gboolean  all)
{
  GPtrArray *group = NULL;

  g_mutex_lock (&batch->lock);
  if (batch->pending->len > 0 && (all || batch->pending->len >= FLUSH_GROUP))
    {
      group = g_steal_pointer (&batch->pending);
      batch->pending = g_ptr_array_new_with_free_func (pending_free);
    }
  g_mutex_unlock (&batch->lock);
  return group;
}

/* Writes the sealed bytes of input @i to their temporary file and queues
 * it for the next flush; FALSE with the output error. */
static gboolean
write_pending (Batch       *batch,
               SealWorker  *worker,
               guint        i,
               const char  *name,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CfAtomicFile *file = cf_atomic_file_new_at (batch->dir_fd, name, 0644, CF_ATOMIC_FILE_NO_SYNC, &local_error);
  Pending *pending;

  if (file == NULL || !cf_atomic_file_append (file, worker->output->str, worker->output->len, &local_error))
    {
      g_autofree char *display = g_filename_display_name (batch->outputs[i]);

      cf_atomic_file_free (file);
      g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT,
                   _("The sealed certificate could not be written to “%s”: %s"),
                   display, local_error->message);
      return FALSE;
    }
  pending = g_new0 (Pending, 1);
  pending->file = file;
  pending->index = i;
  g_mutex_lock (&batch->lock);
  g_ptr_array_add (batch->pending, pending);
  g_mutex_unlock (&batch->lock);
  return TRUE;
}

static gpointer
batch_worker (gpointer data)
{
  Batch *batch = data;
  SealWorker worker;

  _cf_seal_worker_init (&worker);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      GPtrArray *findings = NULL;
      const char *name;
      guint i;

      if (g_cancellable_is_cancelled (batch->cancellable) || g_atomic_int_get (&batch->stopped))
        break;

      i = (guint) g_atomic_int_add (&batch->next, 1);
      if (i >= batch->n)
        break;
      if (batch->results[i] != NULL)   /* refused up front (duplicate name) */
        continue;

      /* The base name, relative to the folder opened once. */
      name = batch->dir_fd != AT_FDCWD ? strrchr (batch->outputs[i], G_DIR_SEPARATOR) : NULL;
      name = name != NULL ? name + 1 : batch->outputs[i];
      /* Durable: each file is flushed before its rename and its folder
       * after (a power cut leaves the whole file or none); the end asks the
       * file system for any write error it still holds (syncfs). */
      /* With the folder open: grouped flushes (FLUSH_GROUP); the result
       * is set when the group is renamed into place. */
      if (batch->dir_fd != AT_FDCWD)
        {
          if (_cf_sealer_seal_file (batch->sealer, &worker, batch->inputs[i], batch->dir_fd, NULL,
                                    batch->outputs[i], FALSE, &findings, &error) &&
              write_pending (batch, &worker, i, name, &error))
            {
              g_autoptr(GPtrArray) group = take_pending (batch, FALSE);

              if (group != NULL)
                flush_group (batch, group);
              continue;
            }
          if (g_error_matches (error, CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT))
            stop_batch (batch, error);
          batch->results[i] = _cf_seal_result_new (batch->inputs[i], NULL, CF_SEAL_STATUS_REFUSED,
                                                   g_steal_pointer (&error), findings);
          g_atomic_int_inc (&batch->refused);
          continue;
        }
      if (_cf_sealer_seal_file (batch->sealer, &worker, batch->inputs[i], batch->dir_fd, name, batch->outputs[i],
                                TRUE, &findings, &error))
        {
          batch->results[i] = _cf_seal_result_new (batch->inputs[i], NULL, CF_SEAL_STATUS_SEALED, NULL, NULL);
          /* The result keeps the path: one copy per file, not two. */
          batch->results[i]->output = g_steal_pointer (&batch->outputs[i]);
          g_atomic_int_inc (&batch->sealed);
        }
      else
        {
          if (g_error_matches (error, CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT))
            stop_batch (batch, error);
          batch->results[i] = _cf_seal_result_new (batch->inputs[i], NULL, CF_SEAL_STATUS_REFUSED,
                                                   g_steal_pointer (&error), findings);
          g_atomic_int_inc (&batch->refused);
        }
      /* No wake-up per file: the caller looks at the counters when it
       * reports progress, and is woken once all workers are done. */
    }
  _cf_seal_worker_clear (&worker);

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
  g_autoptr(GError) sync_error = NULL;
  CfSealProgress summary;
  gint64 start = g_get_monotonic_time ();
  gint64 next_report;
  Batch batch = { 0 };

  g_return_val_if_fail (CF_IS_SEALER (self), NULL);
  g_return_val_if_fail (inputs != NULL, NULL);
  g_return_val_if_fail (output_dir != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The signer first: a revoked or forged e.firma writes nothing, not even the folder. */
  if (!_cf_sealer_check_before_batch (self, g_strv_length ((char **) inputs), output_dir, cancellable, error))
    return NULL;

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
  else
    /* What a killed run left half-written; never a running one's. */
    cf_atomic_file_remove_stale (batch.dir_fd);
  g_mutex_init (&batch.lock);
  g_cond_init (&batch.cond);
  batch.pending = g_ptr_array_new_with_free_func (pending_free);

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

          batch.results[i] = _cf_seal_result_new (inputs[i], NULL, CF_SEAL_STATUS_REFUSED, duplicate, NULL);
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

  /* The last group, also after a cancel: those seals are complete. */
  {
    g_autoptr(GPtrArray) group = take_pending (&batch, TRUE);

    if (group != NULL)
      flush_group (&batch, group);
    g_clear_pointer (&batch.pending, g_ptr_array_unref);
  }

  /* Done only once the folder's names are on the disk too; a write-back
   * error the file system reports only now (EIO, ENOSPC) fails the run. */
  if (batch.sealed > 0 && batch.dir_fd != AT_FDCWD)
    cf_atomic_file_sync_folder (batch.dir_fd, batch.stop_error == NULL ? &sync_error : NULL);
  else if (batch.sealed > 0)
    sync ();
  if (batch.dir_fd != AT_FDCWD)
    close (batch.dir_fd);

  results = g_ptr_array_new_full (batch.n, (GDestroyNotify) cf_seal_result_unref);
  for (guint i = 0; i < batch.n; i++)
    {
      if (batch.results[i] == NULL)
        batch.results[i] = _cf_seal_result_new (inputs[i], NULL, CF_SEAL_STATUS_CANCELLED, NULL, NULL);
      g_ptr_array_add (results, batch.results[i]);
    }

  batch_progress (&batch, start, &summary);
  summary.cancelled = summary.total - summary.done;
  summary.eta = 0;
  if (progress != NULL)
    progress (&summary, progress_data);
  if (out_summary != NULL)
    *out_summary = summary;

  if (batch.stop_error != NULL && summary.sealed == 0)
    g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT,
                 _("%s. Sealing stopped: nothing was sealed."), batch.stop_error->message);
  else if (batch.stop_error != NULL)
    g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "%s. Sealing stopped: %u of %u certificates was sealed, and it is complete; "
                              "seal the others once the problem is solved.",
                              "%s. Sealing stopped: %u of %u certificates were sealed, and they are complete; "
                              "seal the others once the problem is solved.",
                              summary.sealed),
                 batch.stop_error->message, summary.sealed, summary.total);
  else if (sync_error != NULL)
    {
      g_autofree char *display = g_filename_display_name (output_dir);

      g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_OUTPUT,
                   _("The sealed certificates in “%s” could not be saved to the disk for certain: %s"),
                   display, sync_error->message);
    }
  /* Reported as done only when all of it is. */
  if (batch.stop_error != NULL || sync_error != NULL)
    g_clear_pointer (&results, g_ptr_array_unref);
  g_clear_error (&batch.stop_error);

  /* Sealed files' paths moved into their results: the array has holes. */
  for (guint i = 0; i < batch.n; i++)
    g_free (batch.outputs[i]);
  g_free (batch.outputs);
  g_free (batch.results);
  g_mutex_clear (&batch.lock);
  g_cond_clear (&batch.cond);

  return g_steal_pointer (&results);
}

typedef struct
{
  GStrv           inputs;
  char           *output_dir;
  guint           jobs;
  CfSealProgressRelay *relay;   /* or NULL */
  CfSealProgress  summary;
} SealFilesData;

static void
seal_files_data_free (SealFilesData *data)
{
  g_strfreev (data->inputs);
  g_free (data->output_dir);
  g_clear_pointer (&data->relay, cf_seal_progress_relay_unref);
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
  data->relay = cf_seal_progress_relay_new (progress, progress_data, progress_destroy);

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
