/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-workspace.c: the Certificados section's reads and writes, in
 * worker threads. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "cf-certs-workspace.h"
#include "cf-finding.h"
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
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
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
      gboolean covers = id_campus == NULL || *id_campus == '\0';

      for (guint r = 0; !covers && r < responsables->len; r++)
        {
          CfSignerResponsable *responsable = g_ptr_array_index (responsables, r);

          if (g_strcmp0 (responsable->certificate_number, cf_certificate_get_number (certificate)) == 0)
            covers = cf_signer_responsable_covers (responsable, id_campus);
        }
      if (covers)
        g_ptr_array_add (chosen, g_object_ref (certificate));
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

/* ---- Findings ---- */

static const char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : "";
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
      g_ptr_array_add (findings,
                       cf_finding_new (g_strcmp0 (member_text (object, "severity"), "warning") == 0
                                       ? CF_FINDING_WARNING : CF_FINDING_ERROR,
                                       member_text (object, "code"),
                                       member_text (object, "path"),
                                       member_text (object, "message")));
    }
  return findings;
}
