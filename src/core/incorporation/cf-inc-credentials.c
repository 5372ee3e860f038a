/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-credentials.c: SEP's portal credentials in the login keyring.
 *
 * One item per portal, told apart by the "portal" attribute, so the test
 * and production passwords never share an item; the password is the secret
 * (libsecret's non-pageable memory, then cf_secret_dup's secure memory),
 * never logged. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "cf-inc-credentials.h"
#include "cf-efirma.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.certifica.Portal",
    SECRET_SCHEMA_NONE,
    {
      { "portal", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0,
  };

  return &schema;
}

const char *
cf_inc_portal_to_string (CfIncPortal portal)
{
  return portal == CF_INC_PORTAL_PRODUCCION ? "produccion" : "pruebas";
}

gboolean
cf_inc_portal_current (CfIncorporation *incorporation,
                       CfIncPortal     *portal)
{
  CfIncorporationStage current;

  g_return_val_if_fail (CF_IS_INCORPORATION (incorporation), FALSE);

  /* As sealing decides (cf_certs_seal_in_test_stage): the test portal while
   * the current stage, the first not done, is the test stage. */
  current = cf_incorporation_get_current_stage (incorporation);
  if (current < CF_INCORPORATION_STAGE_PRUEBAS)
    return FALSE;
  if (portal != NULL)
    *portal = current == CF_INCORPORATION_STAGE_PRUEBAS &&
              cf_incorporation_get_state (incorporation, CF_INCORPORATION_STAGE_PRUEBAS) != CF_INCORPORATION_DONE
              ? CF_INC_PORTAL_PRUEBAS : CF_INC_PORTAL_PRODUCCION;
  return TRUE;
}

static const char *
portal_title (CfIncPortal portal)
{
  return portal == CF_INC_PORTAL_PRODUCCION ? _("production portal") : _("test portal");
}

static void
set_not_found (GError      **error,
               CfIncPortal   portal)
{
  /* Translators: %s is "test portal" or "production portal". */
  g_set_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND,
               _("No user and password of SEP’s %s are in the keyring."), portal_title (portal));
}

static void
set_locked (GError **error)
{
  g_set_error_literal (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_LOCKED,
                       _("The keyring is locked. Unlock it with your session password to use "
                         "the portal’s password."));
}

/* A libsecret / D-Bus failure as CF_KEYRING_ERROR; cancellation as it is. */
static void
propagate (GError     **dest,
           GError      *src,
           const char  *what)
{
  if (g_error_matches (src, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (dest, src);
      return;
    }
  g_debug ("portal credentials: %s failed: %s", what, src->message);
  if (src->domain == G_DBUS_ERROR || src->domain == G_IO_ERROR || src->domain == G_SPAWN_ERROR)
    g_set_error_literal (dest, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NO_SERVICE,
                         _("No keyring service is running, so the portal’s password cannot be "
                           "kept. Log in to a desktop session with a keyring and try again."));
  else if (g_error_matches (src, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    set_locked (dest);
  else
    g_set_error (dest, CF_KEYRING_ERROR, CF_KEYRING_ERROR_FAILED,
                 _("The keyring could not be used: %s"), src->message);
  g_error_free (src);
}

static SecretService *
get_service (GCancellable  *cancellable,
             GError       **error)
{
  GError *local_error = NULL;
  SecretService *service;

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, cancellable, &local_error);
  if (service == NULL)
    propagate (error, local_error, "connect");
  return service;
}

/* Every item of @portal (locked or not); NULL and @error on failure. */
static gboolean
search (SecretService  *service,
        CfIncPortal     portal,
        SecretSearchFlags flags,
        GList         **items,
        GCancellable   *cancellable,
        GError        **error)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GError *local_error = NULL;

  g_hash_table_insert (attributes, (char *) "portal", (char *) cf_inc_portal_to_string (portal));
  *items = secret_service_search_sync (service, get_schema (), attributes, SECRET_SEARCH_ALL | flags,
                                       cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate (error, local_error, "search");
      return FALSE;
    }
  return TRUE;
}

static char *
item_user (SecretItem *item)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);

  return g_strdup (g_hash_table_lookup (attributes, "user"));
}

gboolean
cf_inc_credentials_store (CfIncPortal    portal,
                          const char    *user,
                          const char    *password,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;
  GList *items = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (user != NULL && *user != '\0', FALSE);
  g_return_val_if_fail (password != NULL && *password != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;

  /* Translators: the keyring item's label, shown by Passwords and Keys; %s
   * is "test portal" or "production portal". */
  label = g_strdup_printf (_("Certifica: SEP’s %s"), portal_title (portal));
  if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                   cancellable, &local_error,
                                   "portal", cf_inc_portal_to_string (portal),
                                   "user", user,
                                   NULL))
    {
      propagate (error, local_error, "store");
      return FALSE;
    }

  /* Only now the old item of another user of the same portal goes. */
  if (!search (service, portal, SECRET_SEARCH_UNLOCK, &items, cancellable, error))
    return FALSE;
  for (GList *l = items; l != NULL && ok; l = l->next)
    {
      g_autofree char *item_user_name = item_user (l->data);

      if (g_strcmp0 (item_user_name, user) == 0)
        continue;
      if (!secret_item_delete_sync (l->data, cancellable, &local_error))
        {
          propagate (error, local_error, "delete the old item");
          ok = FALSE;
        }
    }
  g_list_free_full (items, g_object_unref);
  return ok;
}

gboolean
cf_inc_credentials_lookup (CfIncPortal    portal,
                           char         **user,
                           char         **password,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  GList *items = NULL;
  SecretItem *item;
  gboolean ok = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (user != NULL)
    *user = NULL;
  if (password != NULL)
    *password = NULL;

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;
  /* Unlocks through the usual prompt when needed. */
  if (!search (service, portal, SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS, &items,
               cancellable, error))
    return FALSE;

  item = items != NULL ? items->data : NULL;
  if (item == NULL)
    set_not_found (error, portal);
  else if (secret_item_get_locked (item))
    set_locked (error);
  else
    {
      g_autoptr(SecretValue) value = secret_item_get_secret (item);
      const char *text = value != NULL ? secret_value_get_text (value) : NULL;

      if (text == NULL)
        g_set_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_FAILED,
                     /* Translators: %s is "test portal" or "production portal". */
                     _("The password of SEP’s %s in the keyring is damaged. Enter it again."),
                     portal_title (portal));
      else
        {
          if (user != NULL)
            *user = item_user (item);
          if (password != NULL)
            *password = cf_secret_dup (text);
          ok = TRUE;
        }
    }
  g_list_free_full (items, g_object_unref);
  return ok;
}

gboolean
cf_inc_credentials_has (CfIncPortal    portal,
                        char         **user,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  GList *items = NULL;
  gboolean found;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (user != NULL)
    *user = NULL;
  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;
  /* No unlocking: a locked keyring still tells what it holds. */
  if (!search (service, portal, 0, &items, cancellable, error))
    return FALSE;
  found = items != NULL;
  if (found && user != NULL)
    *user = item_user (items->data);
  g_list_free_full (items, g_object_unref);
  return found;
}

gboolean
cf_inc_credentials_forget (CfIncPortal    portal,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  GError *local_error = NULL;
  gboolean removed;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;
  removed = secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                        "portal", cf_inc_portal_to_string (portal), NULL);
  if (local_error != NULL)
    {
      propagate (error, local_error, "clear");
      return FALSE;
    }
  if (!removed)
    set_not_found (error, portal);
  return removed;
}

/* ---- In a worker: libsecret may wait on D-Bus or the unlock prompt ---- */

typedef struct
{
  CfIncPortal  portal;
  char        *user;
  char        *password;   /* secure memory */
} Data;

static void
data_free (gpointer pointer)
{
  Data *data = pointer;

  g_free (data->user);
  g_clear_pointer (&data->password, cf_secret_free);
  g_free (data);
}

static GTask *
task_new (CfIncPortal          portal,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Data *data = g_new0 (Data, 1);

  data->portal = portal;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, data_free);
  return task;
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Data *data = task_data;
  GError *error = NULL;

  if (cf_inc_credentials_store (data->portal, data->user, data->password, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  /* The keyring has it: no copy stays here. */
  g_clear_pointer (&data->password, cf_secret_free);
}

void
cf_inc_credentials_store_async (CfIncPortal          portal,
                                const char          *user,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (portal, cf_inc_credentials_store_async, cancellable,
                                    callback, user_data);
  Data *data = g_task_get_task_data (task);

  g_return_if_fail (user != NULL && *user != '\0');
  g_return_if_fail (password != NULL && *password != '\0');

  data->user = g_strdup (user);
  data->password = cf_secret_dup (password);
  g_task_run_in_thread (task, store_thread);
}

gboolean
cf_inc_credentials_store_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Data *data = task_data;
  GError *error = NULL;

  if (cf_inc_credentials_lookup (data->portal, &data->user, &data->password, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cf_inc_credentials_lookup_async (CfIncPortal          portal,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (portal, cf_inc_credentials_lookup_async, cancellable,
                                    callback, user_data);

  g_task_run_in_thread (task, lookup_thread);
}

gboolean
cf_inc_credentials_lookup_finish (GAsyncResult  *result,
                                  char         **user,
                                  char         **password,
                                  GError       **error)
{
  Data *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (user != NULL)
    *user = NULL;
  if (password != NULL)
    *password = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  if (user != NULL)
    *user = g_steal_pointer (&data->user);
  if (password != NULL)
    *password = g_steal_pointer (&data->password);
  return TRUE;
}

static void
has_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Data *data = task_data;
  GError *error = NULL;
  gboolean found;

  found = cf_inc_credentials_has (data->portal, &data->user, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, found);
}

void
cf_inc_credentials_has_async (CfIncPortal          portal,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (portal, cf_inc_credentials_has_async, cancellable,
                                    callback, user_data);

  g_task_run_in_thread (task, has_thread);
}

gboolean
cf_inc_credentials_has_finish (GAsyncResult  *result,
                               char         **user,
                               GError       **error)
{
  Data *data;
  GError *local_error = NULL;
  gboolean found;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (user != NULL)
    *user = NULL;
  found = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  data = g_task_get_task_data (G_TASK (result));
  if (found && user != NULL)
    *user = g_steal_pointer (&data->user);
  return found;
}
