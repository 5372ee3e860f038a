/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "config.h"

#include "cf-inc-campus.h"
#include "cf-inc-letters.h"
#include "cf-inc-package.h"

#include <string.h>
#include "cf-render-export.h"

CfOficioData *
cf_inc_letters_build_data (CfIncorporation  *incorporation,
                           CfStore          *store,
                           guint             campus,
                           const char       *logo_path,
                           GError          **error)
{
  g_autoptr(GPtrArray) campuses = NULL;
  g_autoptr(CfOficioData) data = cf_oficio_data_new ();
  const char *name = cf_incorporation_get_value (incorporation, CF_INC_NOMBRE);
  const char *id = cf_incorporation_get_value (incorporation, CF_INC_ID_INSTITUCION);

  g_return_val_if_fail (CF_IS_INCORPORATION (incorporation), NULL);

  campuses = cf_inc_campus_list (incorporation, store, error);
  if (campuses == NULL)
    return NULL;
  data->institution_name = g_strdup (name != NULL ? name : "");
  data->institution_id = g_strdup (id != NULL ? id : "");
  data->logo_path = g_strdup (logo_path);
  for (guint i = 0; i < campuses->len; i++)
    {
      const CfIncCampus *c = g_ptr_array_index (campuses, i);
      CfOficioCampus *letter;

      if (campus != 0 && c->index != campus)
        continue;
      letter = cf_oficio_data_add_campus (data, c->nombre, c->id_campus, c->signer_name,
                                          c->signer_curp, c->signer_cargo, c->signer_email);
      letter->body = g_strdup (c->oficio_body);
    }
  return g_steal_pointer (&data);
}

GBytes *
cf_inc_letters_make_pdf (CfIncorporation  *incorporation,
                         CfStore          *store,
                         guint             campus,
                         const char       *logo_path,
                         gpointer          user_data,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(CfOficioData) data = cf_inc_letters_build_data (incorporation, store, campus, logo_path, error);
  g_autoptr(CfOficioLayout) layout = NULL;

  if (data == NULL)
    return NULL;
  layout = cf_oficio_layout_new (data);
  return cf_render_export_pdf_bytes (CF_RENDERABLE (layout), cancellable, error);
}

typedef struct
{
  CfStore *store;
  guint    campus;
  char    *logo_path;
} MakeData;

static void
make_data_free (gpointer data)
{
  MakeData *d = data;

  g_object_unref (d->store);
  g_free (d->logo_path);
  g_free (d);
}

static void
make_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MakeData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfIncorporation) incorporation = cf_incorporation_load (d->store, &error);
  GBytes *bytes = NULL;

  (void) source;
  if (incorporation != NULL)
    {
      g_autoptr(GBytes) logo = NULL;
      g_autofree char *logo_name = NULL;
      char *logo_path = NULL;
      char *tmp_dir = NULL;

      /* No logo given: the one the package sends, if there is one yet. */
      if (d->logo_path == NULL)
        logo = cf_incorporation_get_file (incorporation, CF_INC_LOGO, &logo_name, NULL, NULL);
      if (logo != NULL)
        logo_path = cf_inc_package_write_temp_file (logo, logo_name != NULL && *logo_name != '\0' && strchr (logo_name, '/') == NULL
                                                    ? logo_name : "logo", &tmp_dir);
      bytes = cf_inc_letters_make_pdf (incorporation, d->store, d->campus, logo_path != NULL ? logo_path : d->logo_path,
                                       NULL, cancellable, &error);
      if (tmp_dir != NULL)
        cf_inc_package_remove_temp_file (logo_path, tmp_dir);
      else
        g_free (logo_path);
    }
  if (bytes == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
cf_inc_letters_make_pdf_async (CfStore             *store,
                               guint                campus,
                               const char          *logo_path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  MakeData *d = g_new0 (MakeData, 1);

  g_return_if_fail (CF_IS_STORE (store));

  d->store = g_object_ref (store);
  d->campus = campus;
  d->logo_path = g_strdup (logo_path);
  g_task_set_source_tag (task, cf_inc_letters_make_pdf_async);
  g_task_set_task_data (task, d, make_data_free);
  g_task_run_in_thread (task, make_thread);
}

GBytes *
cf_inc_letters_make_pdf_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
