/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-workspace.c: the Certificados section's reads and writes, in
 * worker threads. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "cf-certs-workspace.h"
#include <glib/gi18n-lib.h>

#include "cf-cert-build.h"
#include "cf-cert-seal-repo.h"
#include "cf-certs-check.h"
#include "cf-dec-xml.h"
#include "cf-finding.h"
#include "cf-plan.h"
#include "cf-sealer-private.h"
#include "cf-signer-repo.h"

void
cf_certs_view_free (CfCertsView *view)
{
  if (view == NULL)
    return;
  g_clear_pointer (&view->rows, g_ptr_array_unref);
  g_strfreev (view->careers);
  g_strfreev (view->plans);
  g_strfreev (view->cycles);
  g_strfreev (view->campuses);
  g_free (view);
}

/* ---- Reading the list ---- */

typedef struct
{
  int       status;
  char     *id_carrera;
  char     *clave_plan;
  char     *ciclo;
  char     *id_campus;
  char     *search;
  gboolean  with_choices;
} LoadData;

static void
load_data_free (gpointer pointer)
{
  LoadData *data = pointer;

  g_free (data->id_carrera);
  g_free (data->clave_plan);
  g_free (data->ciclo);
  g_free (data->id_campus);
  g_free (data->search);
  g_free (data);
}

static void
add_choice (GHashTable *set,
            const char *value)
{
  if (value != NULL && *value != '\0')
    g_hash_table_add (set, (gpointer) value);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
choices_of (GHashTable *set)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (set, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_hash_table_size (set);

  qsort (keys, n, sizeof (char *), compare_strings);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, keys[i]);
  return g_strv_builder_end (builder);
}

static gboolean
read_choices (CfStore      *store,
              CfCertsView  *view,
              GError      **error)
{
  g_autoptr(GPtrArray) all = cf_cert_repo_list (store, NULL, TRUE, error);
  g_autoptr(GHashTable) careers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) plans = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) cycles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) campuses = g_hash_table_new (g_str_hash, g_str_equal);

  if (all == NULL)
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (all, i);
      CfStudent *student = row->student;

      add_choice (careers, student->id_carrera);
      add_choice (plans, student->clave_plan);
      add_choice (campuses, student->id_campus);
      for (guint g = 0; student->grades != NULL && g < student->grades->len; g++)
        add_choice (cycles, ((CfGrade *) g_ptr_array_index (student->grades, g))->ciclo);
    }
  view->careers = choices_of (careers);
  view->plans = choices_of (plans);
  view->cycles = choices_of (cycles);
  view->campuses = choices_of (campuses);
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CfStore *store = CF_STORE (source_object);
  LoadData *data = task_data;
  g_autoptr(CfCertsView) view = g_new0 (CfCertsView, 1);
  CfCertFilter filter = CF_CERT_FILTER_INIT;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  filter.status = data->status;
  filter.id_carrera = data->id_carrera;
  filter.clave_plan = data->clave_plan;
  filter.ciclo = data->ciclo;
  filter.id_campus = data->id_campus;
  filter.search = data->search;

  if (!cf_cert_repo_count_by_status (store, view->counts, &error) ||
      (view->rows = cf_cert_repo_list (store, &filter, FALSE, &error)) == NULL ||
      (data->with_choices && !read_choices (store, view, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&view), (GDestroyNotify) cf_certs_view_free);
}

void
cf_certs_workspace_load_async (CfStore             *store,
                               const CfCertFilter  *filter,
                               gboolean             with_choices,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->status = filter != NULL ? filter->status : -1;
  if (filter != NULL)
    {
      data->id_carrera = g_strdup (filter->id_carrera);
      data->clave_plan = g_strdup (filter->clave_plan);
      data->ciclo = g_strdup (filter->ciclo);
      data->id_campus = g_strdup (filter->id_campus);
      data->search = g_strdup (filter->search);
    }
  data->with_choices = with_choices;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_certs_workspace_load_async);
  g_task_set_task_data (task, data, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

CfCertsView *
cf_certs_workspace_load_finish (CfStore       *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_certs_workspace_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- One certificate ---- */

static void
get_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  gint64 *id = task_data;
  GError *error = NULL;
  CfCertRow *row;

  if (g_task_return_error_if_cancelled (task))
    return;
  row = cf_cert_repo_get (CF_STORE (source_object), *id, &error);
  if (row == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, row, (GDestroyNotify) cf_cert_row_free);
}

void
cf_certs_workspace_get_async (CfStore             *store,
                              gint64               cert_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_certs_workspace_get_async);
  g_task_set_task_data (task, g_memdup2 (&cert_id, sizeof cert_id), g_free);
  g_task_run_in_thread (task, get_thread);
}

CfCertRow *
cf_certs_workspace_get_finish (CfStore       *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_certs_workspace_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Corrections ---- */

typedef struct
{
  gint64    cert_id;
  gint64    row_version;
  gboolean  is_grade;
  char     *values[3];   /* names; or subject, cycle, observation */
} WriteData;

static void
write_data_free (gpointer pointer)
{
  WriteData *data = pointer;

  for (guint i = 0; i < G_N_ELEMENTS (data->values); i++)
    g_free (data->values[i]);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (data->is_grade)
    ok = cf_cert_repo_set_grade (CF_STORE (source_object), data->cert_id, data->row_version,
                                 data->values[0], data->values[1], data->values[2], &error);
  else
    ok = cf_cert_repo_set_printed_names (CF_STORE (source_object), data->cert_id, data->row_version,
                                         data->values[0], data->values[1], data->values[2], &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_write (CfStore             *store,
           WriteData           *data,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, cf_certs_workspace_write_finish);
  g_task_set_task_data (task, data, write_data_free);
  g_task_run_in_thread (task, write_thread);
}

void
cf_certs_workspace_set_printed_names_async (CfStore             *store,
                                            gint64               cert_id,
                                            gint64               row_version,
                                            const char          *nombre,
                                            const char          *primer_apellido,
                                            const char          *segundo_apellido,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  WriteData *data;

  g_return_if_fail (CF_IS_STORE (store));

  data = g_new0 (WriteData, 1);
  data->cert_id = cert_id;
  data->row_version = row_version;
  data->values[0] = g_strdup (nombre);
  data->values[1] = g_strdup (primer_apellido);
  data->values[2] = g_strdup (segundo_apellido);
  run_write (store, data, cancellable, callback, user_data);
}

void
cf_certs_workspace_set_grade_async (CfStore             *store,
                                    gint64               cert_id,
                                    gint64               row_version,
                                    const char          *id_asignatura,
                                    const char          *ciclo,
                                    const char          *id_observaciones,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  WriteData *data;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (id_asignatura != NULL);

  data = g_new0 (WriteData, 1);
  data->cert_id = cert_id;
  data->row_version = row_version;
  data->is_grade = TRUE;
  data->values[0] = g_strdup (id_asignatura);
  data->values[1] = g_strdup (ciclo);
  data->values[2] = g_strdup (id_observaciones);
  run_write (store, data, cancellable, callback, user_data);
}

gboolean
cf_certs_workspace_write_finish (CfStore       *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_certs_workspace_write_finish, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Signers ---- */

void
cf_certs_signer_free (CfCertsSigner *signer)
{
  if (signer == NULL)
    return;
  g_clear_object (&signer->certificate);
  g_clear_pointer (&signer->responsable, cf_signer_responsable_free);
  g_free (signer);
}

static void
list_signers_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CfStore *store = CF_STORE (source_object);
  const char *id_campus = task_data;
  g_autoptr(GPtrArray) certificates = NULL;
  g_autoptr(GPtrArray) responsables = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_certs_signer_free);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  certificates = cf_signer_repo_list (store, &error);
  if (certificates != NULL)
    responsables = cf_signer_repo_list_responsables (store, &error);
  if (responsables == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < certificates->len; i++)
    {
      CfCertificate *certificate = g_ptr_array_index (certificates, i);

      for (guint r = 0; r < responsables->len; r++)
        {
          CfSignerResponsable *responsable = g_ptr_array_index (responsables, r);
          CfCertsSigner *signer;

          if (g_strcmp0 (responsable->certificate_number, cf_certificate_get_number (certificate)) != 0)
            continue;
          if (id_campus != NULL && *id_campus != '\0' && !cf_signer_responsable_covers (responsable, id_campus))
            break;
          signer = g_new0 (CfCertsSigner, 1);
          signer->certificate = g_object_ref (certificate);
          signer->responsable = cf_signer_responsable_copy (responsable);
          g_ptr_array_add (chosen, signer);
          break;
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&chosen), (GDestroyNotify) g_ptr_array_unref);
}

void
cf_certs_workspace_list_signers_async (CfStore             *store,
                                       const char          *id_campus,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CF_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_certs_workspace_list_signers_async);
  g_task_set_task_data (task, g_strdup (id_campus), g_free);
  g_task_run_in_thread (task, list_signers_thread);
}

GPtrArray *
cf_certs_workspace_list_signers_finish (CfStore       *store,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_certs_workspace_list_signers_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- What a batch will seal ---- */

void
cf_certs_seal_plan_free (CfCertsSealPlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_pointer (&plan->ids, g_array_unref);
  g_clear_pointer (&plan->rows, g_ptr_array_unref);
  g_free (plan);
}

static void
plan_seal_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CfStore *store = CF_STORE (source_object);
  GArray *asked = task_data;
  g_autoptr(CfCertsSealPlan) plan = g_new0 (CfCertsSealPlan, 1);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  plan->ids = asked != NULL ? g_array_ref (asked) : cf_cert_seal_repo_list_ready (store, &error);
  if (plan->ids != NULL)
    all = cf_cert_repo_list (store, NULL, FALSE, &error);
  if (all == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Each row asked for moves from @all to @by_id, then to the plan in
   * the order asked. */
  for (guint i = 0; i < plan->ids->len; i++)
    g_hash_table_insert (by_id, &g_array_index (plan->ids, gint64, i), NULL);
  for (guint i = 0; i < all->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (all, i);

      if (g_hash_table_contains (by_id, &row->id))
        {
          g_hash_table_insert (by_id, &row->id, row);
          all->pdata[i] = NULL;
        }
    }

  plan->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_cert_row_free);
  for (guint i = 0; i < plan->ids->len; i++)
    {
      CfCertRow *row = g_hash_table_lookup (by_id, &g_array_index (plan->ids, gint64, i));

      if (row == NULL)
        {
          g_task_return_new_error (task, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                                   _("A certificate to seal is no longer in the store."));
          return;
        }
      g_hash_table_remove (by_id, &g_array_index (plan->ids, gint64, i));
      g_ptr_array_add (plan->rows, row);
    }
  g_task_return_pointer (task, g_steal_pointer (&plan), (GDestroyNotify) cf_certs_seal_plan_free);
}

void
cf_certs_workspace_plan_seal_async (CfStore             *store,
                                    const gint64        *ids,
                                    guint                n_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GArray *asked = NULL;

  g_return_if_fail (CF_IS_STORE (store));

  if (ids != NULL)
    {
      asked = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (asked, ids, n_ids);
    }
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_certs_workspace_plan_seal_async);
  g_task_set_task_data (task, asked, asked != NULL ? (GDestroyNotify) g_array_unref : NULL);
  g_task_run_in_thread (task, plan_seal_thread);
}

CfCertsSealPlan *
cf_certs_workspace_plan_seal_finish (CfStore       *store,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_certs_workspace_plan_seal_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- The document a batch builds ---- */

typedef struct
{
  CfCertificate *signer;
  gint64         cert_id;
  char          *name;
} BuildData;

static void
build_data_free (gpointer pointer)
{
  BuildData *data = pointer;

  g_clear_object (&data->signer);
  g_free (data->name);
  g_free (data);
}

static void
fill_responsable (CfCertificate       *certificate,
                  CfSignerResponsable *signer,
                  CfCertResponsable   *out)
{
  *out = (CfCertResponsable) {
    .curp = _cf_sealer_signer_curp (certificate),
    .id_cargo = signer->id_cargo,
    .nombre = signer->nombre,
    .primer_apellido = signer->primer_apellido,
    .segundo_apellido = signer->segundo_apellido,
  };
}

void
cf_certs_signer_get_responsable (const CfCertsSigner *signer,
                                 CfCertResponsable   *out)
{
  g_return_if_fail (signer != NULL);
  g_return_if_fail (out != NULL);

  fill_responsable (signer->certificate, signer->responsable, out);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CfStore *store = CF_STORE (source_object);
  BuildData *data = task_data;
  g_autoptr(CfCertRow) row = NULL;
  g_autoptr(CfSignerResponsable) signer = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  CfCertResponsable responsable = { 0 };
  CfPlanNode *plan;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((row = cf_cert_repo_get (store, data->cert_id, &error)) == NULL ||
      (signer = cf_signer_repo_get_responsable (store, cf_certificate_get_number (data->signer), &error)) == NULL ||
      (book = cf_plan_book_load (store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  plan = cf_cert_build_find_plan (book, row->student->id_carrera, row->student->clave_plan, row->student->id_campus);
  if (plan == NULL)
    {
      g_task_return_new_error (task, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                               _("The study plan %s of career %s is not in the Programa de Estudios."),
                               row->student->clave_plan, row->student->id_carrera);
      return;
    }
  fill_responsable (data->signer, signer, &responsable);
  data->name = cf_cert_build_dup_display_name (row->student);
  g_task_return_pointer (task, cf_cert_build_dec (row->student, plan, &responsable, NULL), g_object_unref);
}

void
cf_certs_workspace_build_async (CfStore             *store,
                                CfCertificate       *signer,
                                gint64               cert_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (signer != NULL);

  data = g_new0 (BuildData, 1);
  data->signer = g_object_ref (signer);
  data->cert_id = cert_id;
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_certs_workspace_build_async);
  g_task_set_task_data (task, data, build_data_free);
  g_task_run_in_thread (task, build_thread);
}

CfDec *
cf_certs_workspace_build_finish (CfStore       *store,
                                 GAsyncResult  *result,
                                 char         **out_name,
                                 GError       **error)
{
  CfDec *dec;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_certs_workspace_build_async, NULL);

  dec = g_task_propagate_pointer (G_TASK (result), error);
  if (dec != NULL && out_name != NULL)
    *out_name = g_strdup (((BuildData *) g_task_get_task_data (G_TASK (result)))->name);
  return dec;
}

/* ---- A sealed certificate as stored ---- */

typedef struct
{
  GBytes *pdf;
  CfDec  *dec;
} Sealed;

static void
sealed_free (gpointer pointer)
{
  Sealed *sealed = pointer;

  g_clear_pointer (&sealed->pdf, g_bytes_unref);
  g_clear_object (&sealed->dec);
  g_free (sealed);
}

static void
sealed_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CfStore *store = CF_STORE (source_object);
  gint64 *id = task_data;
  Sealed *sealed = g_new0 (Sealed, 1);
  g_autoptr(GBytes) xml = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      sealed_free (sealed);
      return;
    }
  sealed->pdf = cf_cert_repo_dup_pdf (store, *id, &error);
  if (sealed->pdf == NULL)
    {
      g_clear_error (&error);
      xml = cf_cert_repo_dup_xml (store, *id, &error);
      if (xml != NULL)
        sealed->dec = cf_dec_xml_read_bytes (xml, &error);
    }
  if (sealed->pdf == NULL && sealed->dec == NULL)
    {
      sealed_free (sealed);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, sealed, sealed_free);
}

void
cf_certs_workspace_sealed_async (CfStore             *store,
                                 gint64               cert_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CF_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_certs_workspace_sealed_async);
  g_task_set_task_data (task, g_memdup2 (&cert_id, sizeof cert_id), g_free);
  g_task_run_in_thread (task, sealed_thread);
}

gboolean
cf_certs_workspace_sealed_finish (CfStore       *store,
                                  GAsyncResult  *result,
                                  GBytes       **out_pdf,
                                  CfDec        **out_dec,
                                  GError       **error)
{
  Sealed *sealed;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_certs_workspace_sealed_async, FALSE);

  sealed = g_task_propagate_pointer (G_TASK (result), error);
  if (sealed == NULL)
    return FALSE;
  if (out_pdf != NULL)
    *out_pdf = g_steal_pointer (&sealed->pdf);
  if (out_dec != NULL)
    *out_dec = g_steal_pointer (&sealed->dec);
  sealed_free (sealed);
  return TRUE;
}

/* ---- Findings ---- */

static const char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : "";
}

static CfFinding *
finding_from_json (JsonObject *object)
{
  CfFindingSeverity severity = g_strcmp0 (member_text (object, "severity"), "warning") == 0
                               ? CF_FINDING_WARNING : CF_FINDING_ERROR;
  const char *key = member_text (object, "key");
  JsonNode *args_node = json_object_get_member (object, "args");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *message = NULL;

  if (*key == '\0')
    return cf_finding_new (severity, member_text (object, "code"), member_text (object, "path"),
                           member_text (object, "message"));

  if (args_node != NULL && JSON_NODE_HOLDS_ARRAY (args_node))
    {
      JsonArray *array = json_node_get_array (args_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *arg = json_array_get_element (array, i);

          g_ptr_array_add (args, (gpointer) (JSON_NODE_HOLDS_VALUE (arg) &&
                                             json_node_get_value_type (arg) == G_TYPE_STRING
                                             ? json_node_get_string (arg) : ""));
        }
    }
  g_ptr_array_add (args, NULL);
  message = cf_certs_finding_render (key, (const char * const *) args->pdata);
  return cf_finding_new_keyed (severity, member_text (object, "code"), member_text (object, "path"), key,
                               (const char * const *) args->pdata,
                               message != NULL ? message : member_text (object, "message"));
}

GPtrArray *
cf_certs_findings_from_json (const char *json)
{
  GPtrArray *findings = cf_finding_list_new ();
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || *json == '\0')
    return findings;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return findings;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return findings;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      g_ptr_array_add (findings, finding_from_json (object));
    }
  return findings;
}
