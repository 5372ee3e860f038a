/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-context.c: the store, the settings and the plans' session together. */

#include "config.h"

#include "cf-context.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cf-atomic-file.h"
#include "cf-institution-repo.h"

#define DEFAULT_EXPIRY_WARNING_DAYS 30
#define DEFAULT_VALIDATION_URL_PATTERN "https://www.siged.sep.gob.mx/certificados/ipes/{folioDigital}"

struct _CfContext
{
  GObject        parent_instance;

  CfStore       *store;
  GSettings     *settings;
  CfPlanSession *plan_session;
};

G_DEFINE_FINAL_TYPE (CfContext, cf_context, G_TYPE_OBJECT)

static void
cf_context_dispose (GObject *object)
{
  CfContext *self = CF_CONTEXT (object);

  g_clear_object (&self->plan_session);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cf_context_parent_class)->dispose (object);
}

static void
cf_context_class_init (CfContextClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cf_context_dispose;
}

static void
cf_context_init (CfContext *self)
{
}

CfContext *
cf_context_new (CfStore   *store,
                GSettings *settings)
{
  CfContext *self;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CF_TYPE_CONTEXT, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  return self;
}

CfStore *
cf_context_get_store (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
cf_context_get_settings (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);
  return self->settings;
}

CfPlanSession *
cf_context_get_plan_session (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);

  if (self->plan_session == NULL)
    self->plan_session = cf_plan_session_new (self->store);
  return self->plan_session;
}

guint
cf_context_get_expiry_warning_days (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), DEFAULT_EXPIRY_WARNING_DAYS);

  if (self->settings == NULL)
    return DEFAULT_EXPIRY_WARNING_DAYS;
  return g_settings_get_uint (self->settings, "expiry-warning-days");
}

/* The same as cf-ocsp.h's, which the check uses without a context. */
#define DEFAULT_OCSP_RESPONDER_URL "https://cfdi.sat.gob.mx/edofiel"
#define DEFAULT_OCSP_MAX_AGE_DAYS 7

char *
cf_context_dup_ocsp_responder_url (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);

  if (self->settings == NULL)
    return g_strdup (DEFAULT_OCSP_RESPONDER_URL);
  return g_settings_get_string (self->settings, "ocsp-responder-url");
}

guint
cf_context_get_ocsp_max_age_days (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), DEFAULT_OCSP_MAX_AGE_DAYS);

  if (self->settings == NULL)
    return DEFAULT_OCSP_MAX_AGE_DAYS;
  return g_settings_get_uint (self->settings, "ocsp-max-age-days");
}

char *
cf_context_dup_validation_url_pattern (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);

  if (self->settings == NULL)
    return g_strdup (DEFAULT_VALIDATION_URL_PATTERN);
  return g_settings_get_string (self->settings, "validation-url-pattern");
}

char *
cf_context_dup_logo_path (CfContext  *self,
                          GError    **error)
{
  g_autoptr(GBytes) logo = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  gconstpointer data;
  gsize len;

  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Each document drawn asks: the checksum first, the bytes only when
   * there is no copy yet. */
  sha256 = cf_institution_repo_dup_logo_sha256 (self->store, error);
  if (sha256 == NULL || *sha256 == '\0')
    return NULL;

  /* Named by its contents: a copy there is this very logo. */
  folder = g_build_filename (g_get_user_cache_dir (), "certifica", "logos", NULL);
  path = g_build_filename (folder, sha256, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  logo = cf_institution_repo_get_logo (self->store, NULL, error);
  if (logo == NULL)
    return NULL;
  /* Another desk may have changed it since: named by what was read. */
  g_free (sha256);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, logo);
  g_free (path);
  path = g_build_filename (folder, sha256, NULL);
  data = g_bytes_get_data (logo, &len);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: a folder, then the system's reason. */
                   _("The institution’s logo cannot be prepared for printing: the folder %s cannot be "
                     "created (%s)."), folder, g_strerror (saved_errno));
      return NULL;
    }
  if (!cf_atomic_file_write (path, data, len, 0600, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: the system's reason. */
                   _("The institution’s logo cannot be prepared for printing (%s)."),
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static void
dup_logo_path_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  char *path;

  if (g_task_return_error_if_cancelled (task))
    return;
  path = cf_context_dup_logo_path (CF_CONTEXT (source_object), &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

void
cf_context_dup_logo_path_async (CfContext           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CF_IS_CONTEXT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_context_dup_logo_path_async);
  g_task_run_in_thread (task, dup_logo_path_thread);
}

char *
cf_context_dup_logo_path_finish (CfContext     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_context_dup_logo_path_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
