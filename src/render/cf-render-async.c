/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "config.h"

#include "cf-render-async.h"

#include "cf-render-export.h"

GArray *
cf_render_read_page_sizes (GBytes  *pdf,
                           GError **error)
{
  g_autoptr(CfPdf) reader = NULL;
  GArray *sizes;
  guint n;

  g_return_val_if_fail (pdf != NULL, NULL);

  reader = cf_pdf_new_from_bytes (pdf, error);
  if (reader == NULL)
    return NULL;
  n = cf_pdf_get_n_pages (reader);
  sizes = g_array_sized_new (FALSE, TRUE, sizeof (CfPdfRect), n);
  for (guint i = 0; i < n; i++)
    {
      CfPdfRect r = { 0, };

      cf_pdf_get_page_size (reader, i, &r.width, &r.height);
      g_array_append_val (sizes, r);
    }
  return sizes;
}

/* ------------------------------------------------------------------ */
/* A whole document                                                    */
/* ------------------------------------------------------------------ */

typedef struct
{
  GBytes *bytes;
  GArray *sizes;
} PdfResult;

static void
pdf_result_free (gpointer data)
{
  PdfResult *result = data;

  g_clear_pointer (&result->bytes, g_bytes_unref);
  g_clear_pointer (&result->sizes, g_array_unref);
  g_free (result);
}

/* Either a document to write, or PDF bytes to read. */
typedef struct
{
  CfRenderable *renderable;
  GBytes       *bytes;
} PdfJob;

static void
pdf_job_free (gpointer data)
{
  PdfJob *job = data;

  g_clear_object (&job->renderable);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static void
pdf_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PdfJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GArray *sizes;
  PdfResult *result;

  if (job->renderable != NULL)
    bytes = cf_render_export_pdf_bytes (job->renderable, cancellable, &error);
  else
    bytes = g_bytes_ref (job->bytes);
  if (bytes == NULL || (sizes = cf_render_read_page_sizes (bytes, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = g_new0 (PdfResult, 1);
  result->bytes = g_steal_pointer (&bytes);
  result->sizes = sizes;
  g_task_return_pointer (task, result, pdf_result_free);
}

void
cf_render_pdf_async (CfRenderable        *renderable,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PdfJob *job;

  g_return_if_fail (CF_IS_RENDERABLE (renderable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_render_pdf_async);
  job = g_new0 (PdfJob, 1);
  job->renderable = g_object_ref (renderable);
  g_task_set_task_data (task, job, pdf_job_free);
  g_task_run_in_thread (task, pdf_thread);
}

void
cf_render_read_pdf_async (GBytes              *pdf,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PdfJob *job;

  g_return_if_fail (pdf != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_render_pdf_async);
  job = g_new0 (PdfJob, 1);
  job->bytes = g_bytes_ref (pdf);
  g_task_set_task_data (task, job, pdf_job_free);
  g_task_run_in_thread (task, pdf_thread);
}

GBytes *
cf_render_pdf_finish (GAsyncResult  *result,
                      GArray       **out_sizes,
                      GError       **error)
{
  PdfResult *done;
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_render_pdf_async, NULL);

  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return NULL;
  bytes = g_steal_pointer (&done->bytes);
  if (out_sizes != NULL)
    *out_sizes = g_steal_pointer (&done->sizes);
  pdf_result_free (done);
  return bytes;
}

/* ------------------------------------------------------------------ */
/* One page                                                            */
/* ------------------------------------------------------------------ */

typedef struct
{
  GBytes *bytes;
  guint   page;
  double  scale;
} PageJob;

static void
page_job_free (gpointer data)
{
  PageJob *job = data;

  g_bytes_unref (job->bytes);
  g_free (job);
}

static void
page_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PageJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPdf) pdf = NULL;
  cairo_surface_t *image;

  if (g_task_return_error_if_cancelled (task))
    return;
  pdf = cf_pdf_new_from_bytes (job->bytes, &error);
  image = pdf != NULL ? cf_pdf_render_page_image (pdf, job->page, job->scale, &error) : NULL;
  if (image == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, image, (GDestroyNotify) cairo_surface_destroy);
}

void
cf_render_page_image_async (GBytes              *pdf,
                            guint                page,
                            double               scale,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PageJob *job;

  g_return_if_fail (pdf != NULL);
  g_return_if_fail (scale > 0);

  job = g_new0 (PageJob, 1);
  job->bytes = g_bytes_ref (pdf);
  job->page = page;
  job->scale = scale;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_render_page_image_async);
  g_task_set_task_data (task, job, page_job_free);
  g_task_run_in_thread (task, page_thread);
}

cairo_surface_t *
cf_render_page_image_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_render_page_image_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
