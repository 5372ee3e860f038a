/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-export.c: the .zip of sealed certificates for SEP. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-certs-export.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-utils.h>

#include "cf-atomic-file.h"
#include "cf-cert-repo.h"

G_DEFINE_QUARK (cf-certs-export-error-quark, cf_certs_export_error)

static void
append_safe (GString    *out,
             const char *text)
{
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) || *p == '.' || *p == '-' ? *p : '_');
}

char *
cf_certs_export_file_name (const char *matricula,
                           const char *id_carrera,
                           const char *folio_control)
{
  GString *name = g_string_new (NULL);

  append_safe (name, matricula);
  g_string_append_c (name, '_');
  append_safe (name, id_carrera);
  g_string_append_c (name, '_');
  append_safe (name, folio_control);
  g_string_append (name, ".xml");
  return g_string_free (name, FALSE);
}

static gboolean
is_sealed (CfCertStatus status)
{
  return status != CF_CERT_STATUS_BORRADOR && status != CF_CERT_STATUS_LISTO &&
         status != CF_CERT_STATUS_CANCELADO;
}

/* The rows to export, each checked; NULL + NOT_SEALED for the first that
 * is not. */
static GPtrArray *
collect_rows (CfStore       *store,
              const gint64  *ids,
              guint          n_ids,
              GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (ids == NULL)
    {
      CfCertFilter filter = CF_CERT_FILTER_INIT;

      filter.status = CF_CERT_STATUS_SELLADO;
      return cf_cert_repo_list (store, &filter, FALSE, error);
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_cert_row_free);
  for (guint i = 0; i < n_ids; i++)
    {
      CfCertRow *row = cf_cert_repo_get (store, ids[i], error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (rows, row);
      if (!is_sealed (row->status))
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, ids[i]);
          g_autofree char *state = g_utf8_strdown (cf_cert_status_get_label (row->status), -1);

          g_set_error (error, CF_CERTS_EXPORT_ERROR, CF_CERTS_EXPORT_ERROR_NOT_SEALED,
                       _("Certificate %s (matrícula %s) is %s, not sealed: only "
                         "sealed certificates go to SEP. Nothing was written."),
                       number, row->student->matricula, state);
          return NULL;
        }
    }
  return g_steal_pointer (&rows);
}

gboolean
cf_certs_export_sep (CfStore       *store,
                     const gint64  *ids,
                     guint          n_ids,
                     const char    *path,
                     guint         *n_written,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GsfOutput *memory = NULL;    /* libgsf 1.14 has no autoptr */
  GsfOutfile *zip = NULL;
  gboolean ok = FALSE;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written != NULL)
    *n_written = 0;
  rows = collect_rows (store, ids, n_ids, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error_literal (error, CF_CERTS_EXPORT_ERROR, CF_CERTS_EXPORT_ERROR_EMPTY,
                           _("There is no sealed certificate to export."));
      return FALSE;
    }

  memory = gsf_output_memory_new ();
  zip = gsf_outfile_zip_new (memory, &local_error);
  if (zip == NULL)
    goto zip_failed;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GBytes) xml = NULL;
      GsfOutput *child = NULL;
      g_autofree char *name = NULL;
      gsize len;
      gconstpointer bytes;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      xml = cf_cert_repo_dup_xml (store, row->id, error);
      if (xml == NULL)
        goto out;
      name = cf_certs_export_file_name (row->student->matricula, row->student->id_carrera, row->folio_control);
      if (g_hash_table_contains (names, name))
        continue;   /* the same certificate asked for twice */
      bytes = g_bytes_get_data (xml, &len);
      child = gsf_outfile_new_child_full (zip, name, FALSE, "compression-level", GSF_ZIP_DEFLATED, NULL);
      if (child == NULL || !gsf_output_write (child, len, bytes) || !gsf_output_close (child))
        {
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                       child != NULL && gsf_output_error (child) != NULL
                       ? gsf_output_error (child)->message : name);
          g_clear_object (&child);
          goto zip_failed;
        }
      g_object_unref (child);
      g_hash_table_add (names, g_steal_pointer (&name));
    }
  if (!gsf_output_close (GSF_OUTPUT (zip)))
    {
      g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           gsf_output_error (GSF_OUTPUT (zip)) != NULL
                           ? gsf_output_error (GSF_OUTPUT (zip))->message : "zip");
      goto zip_failed;
    }

  data = gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (memory));
  size = (gsize) gsf_output_size (memory);
  if (!cf_atomic_file_write (path, data, size, 0644, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CF_CERTS_EXPORT_ERROR, CF_CERTS_EXPORT_ERROR_WRITE,
                   _("The zip “%s” could not be written: %s"), display, local_error->message);
      goto out;
    }
  if (n_written != NULL)
    *n_written = g_hash_table_size (names);
  ok = TRUE;
  goto out;

zip_failed:
  g_set_error (error, CF_CERTS_EXPORT_ERROR, CF_CERTS_EXPORT_ERROR_WRITE,
               _("The zip could not be made: %s"), local_error != NULL ? local_error->message : "");
out:
  g_clear_object (&zip);
  g_clear_object (&memory);
  return ok;
}

/* ------------------------------------------------------------------ */
/* The zip, in a worker                                                */
/* ------------------------------------------------------------------ */

typedef struct
{
  GArray *ids;    /* gint64, or NULL: every sealed certificate */
  char   *path;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_clear_pointer (&export->ids, g_array_unref);
  g_free (export->path);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *export = task_data;
  GError *error = NULL;
  guint n = 0;

  if (cf_certs_export_sep (CF_STORE (source),
                           export->ids != NULL ? (const gint64 *) (gpointer) export->ids->data : NULL,
                           export->ids != NULL ? export->ids->len : 0,
                           export->path, &n, cancellable, &error))
    g_task_return_int (task, n);
  else
    g_task_return_error (task, error);
}

void
cf_certs_export_sep_async (CfStore             *store,
                           GArray              *ids,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *export;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_certs_export_sep_async);
  export = g_new0 (ExportData, 1);
  if (ids != NULL && ids->len > 0)
    {
      export->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
      g_array_append_vals (export->ids, ids->data, ids->len);
    }
  export->path = g_file_get_path (file);
  g_task_set_task_data (task, export, export_data_free);
  if (export->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The zip can only be saved in a local folder."));
      return;
    }
  g_task_run_in_thread (task, export_thread);
}

guint
cf_certs_export_sep_finish (CfStore       *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, store), 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n > 0 ? (guint) n : 0;
}
