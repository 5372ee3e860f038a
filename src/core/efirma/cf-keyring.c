/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-keyring.c: a signer's encrypted .key (and optionally its password) in
 * the user's login keyring through libsecret.
 *
 * Each signer has up to two items in the default collection, both with the
 * schema "io.github.certifica.Signer":
 *   item = "key":      the .key exactly as SAT issued it (PKCS#8, still
 *                      encrypted with the signer's password), as base64 text.
 *                      Text rather than a binary secret because every Secret
 *                      Service implementation handles text/plain values.
 *   item = "password": the password, only when the user asked to remember it.
 * Secrets travel in libsecret's non-pageable memory and are wiped when freed;
 * what is handed over (the key's bytes, the password) is copied straight
 * into secure memory (cf-efirma.h), never into the ordinary heap; nothing
 * here logs them. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "cf-keyring.h"
#include "cf-efirma.h"

#define ITEM_KEY      "key"
#define ITEM_PASSWORD "password"

G_DEFINE_QUARK (cf-keyring-error-quark, cf_keyring_error)

static const SecretSchema *
cf_keyring_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.certifica.Signer",
    SECRET_SCHEMA_NONE,
    {
      { "certificate-number", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "rfc", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "item", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0,
  };

  return &schema;
}

static void
set_no_service_error (GError **error)
{
  g_set_error_literal (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NO_SERVICE,
                       _("No keyring service is running, so the key cannot be kept "
                         "in the keyring. You can still choose the .key file each time."));
}

static void
set_locked_error (GError **error)
{
  g_set_error_literal (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_LOCKED,
                       _("The keyring is locked. Unlock it with your session "
                         "password to use the stored key."));
}

static gboolean
is_no_service_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_TIMEOUT:
          return TRUE;
        default:
          return FALSE;
        }
    }

  /* No session bus at all, or a dead one. */
  if (error->domain == G_IO_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  return error->domain == G_SPAWN_ERROR;
}

/* Turns a libsecret / GDBus failure into CF_KEYRING_ERROR. Cancellation is
 * passed through unchanged so callers can ignore it. */
static void
propagate_error (GError     **dest,
                 GError      *src,
                 const char  *what)
{
  g_assert (src != NULL);

  if (g_error_matches (src, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (dest, src);
      return;
    }

  g_debug ("keyring: %s failed: %s", what, src->message);

  if (is_no_service_error (src))
    set_no_service_error (dest);
  else if (g_error_matches (src, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    set_locked_error (dest);
  else if (g_error_matches (src, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    g_set_error_literal (dest, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND,
                         _("The key is not in the keyring."));
  else
    g_set_error (dest, CF_KEYRING_ERROR, CF_KEYRING_ERROR_FAILED,
                 _("The keyring could not be used: %s"), src->message);

  g_error_free (src);
}

/* @encoded (base64 in libsecret's non-pageable memory) decoded straight
 * into secure memory, never through the ordinary heap; NULL when it holds
 * no bytes. */
static GBytes *
decode_to_secure_memory (const char *encoded)
{
  gsize encoded_len = strlen (encoded);
  gsize decoded_len;
  guchar *decoded;
  guint save = 0;
  int state = 0;

  decoded = cf_secure_memory_alloc (encoded_len / 4 * 3 + 3);
  decoded_len = g_base64_decode_step (encoded, encoded_len, decoded, &state, &save);
  if (decoded_len == 0)
    {
      cf_secure_memory_free (decoded);
      return NULL;
    }

  return g_bytes_new_with_free_func (decoded, decoded_len, cf_secure_memory_free, decoded);
}

static void
set_not_found_error (GError     **error,
                     const char  *certificate_number)
{
  g_set_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND,
               _("The key of certificate %s is not in the keyring."),
               certificate_number);
}

/* Connects to the Secret Service first so that a missing service is told
 * apart from any later failure. */
static SecretService *
get_service (GCancellable  *cancellable,
             GError       **error)
{
  GError *local_error = NULL;
  SecretService *service;

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, cancellable, &local_error);
  if (service == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }

      g_debug ("keyring: no Secret Service: %s", local_error->message);
      g_error_free (local_error);
      set_no_service_error (error);
      return NULL;
    }

  return service;
}

static GHashTable *
item_attributes (const char *certificate_number,
                 const char *item)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (char *) "certificate-number", (char *) certificate_number);
  if (item != NULL)
    g_hash_table_insert (attributes, (char *) "item", (char *) item);

  return attributes;
}

/* Looks for an item without unlocking anything. *@locked tells whether all
 * the matching items are still locked. The daemon's own search result is
 * used, not libsecret's cached item properties, which can be stale. */
static gboolean
find_item (SecretService  *service,
           const char     *certificate_number,
           const char     *item,
           gboolean       *locked,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GHashTable) attributes = item_attributes (certificate_number, item);
  g_auto(GStrv) unlocked_paths = NULL;
  g_auto(GStrv) locked_paths = NULL;
  GError *local_error = NULL;
  gboolean any_unlocked;
  gboolean any_locked;

  if (!secret_service_search_for_dbus_paths_sync (service, cf_keyring_get_schema (), attributes,
                                                  cancellable, &unlocked_paths, &locked_paths,
                                                  &local_error))
    {
      propagate_error (error, local_error, "search");
      return FALSE;
    }

  any_unlocked = unlocked_paths != NULL && unlocked_paths[0] != NULL;
  any_locked = locked_paths != NULL && locked_paths[0] != NULL;

  if (locked != NULL)
    *locked = any_locked && !any_unlocked;

  return any_unlocked || any_locked;
}

/* Deletes every item of certificate @certificate_number except the key
 * stored under @rfc and, when @keep_password, its password: what an
 * earlier store left (another RFC, a password no longer to be kept). */
static gboolean
remove_stale_items (SecretService  *service,
                    const char     *certificate_number,
                    const char     *rfc,
                    gboolean        keep_password,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GHashTable) attributes = item_attributes (certificate_number, NULL);
  GError *local_error = NULL;
  GList *items, *l;
  gboolean ok = TRUE;

  items = secret_service_search_sync (service, cf_keyring_get_schema (), attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                                      cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate_error (error, local_error, "search stale items");
      return FALSE;
    }

  for (l = items; l != NULL && ok; l = l->next)
    {
      SecretItem *item = l->data;
      g_autoptr(GHashTable) item_attrs = secret_item_get_attributes (item);
      const char *item_rfc = g_hash_table_lookup (item_attrs, "rfc");
      const char *kind = g_hash_table_lookup (item_attrs, "item");

      if (g_strcmp0 (item_rfc, rfc) == 0 &&
          (g_strcmp0 (kind, ITEM_KEY) == 0 ||
           (keep_password && g_strcmp0 (kind, ITEM_PASSWORD) == 0)))
        continue;

      if (!secret_item_delete_sync (item, cancellable, &local_error))
        {
          propagate_error (error, local_error, "delete stale item");
          ok = FALSE;
        }
    }

  g_list_free_full (items, g_object_unref);
  return ok;
}

gboolean
cf_keyring_store_key (const char    *certificate_number,
                      const char    *rfc,
                      GBytes        *key_data,
                      const char    *password,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autofree char *key_label = NULL;
  g_autofree char *password_label = NULL;
  GError *local_error = NULL;
  const guint8 *data;
  gsize len;
  char *encoded;
  gboolean ok;

  g_return_val_if_fail (certificate_number != NULL && *certificate_number != '\0', FALSE);
  g_return_val_if_fail (rfc != NULL, FALSE);
  g_return_val_if_fail (key_data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (key_data, &len);
  g_return_val_if_fail (len > 0, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;

  /* Only a key still encrypted as SAT issued it is ever kept. */
  if (!cf_private_key_data_is_encrypted (key_data))
    {
      g_set_error_literal (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_ENCRYPTED,
                           _("SAT always encrypts .key files; this one is not, so it is not "
                             "kept in the keyring. Use the .key file exactly as SAT issued it."));
      return FALSE;
    }

  /* The new key first: an item with the same attributes is replaced in
   * one step by the Secret Service, and when storing fails the old key is
   * still there. What else is left of an earlier store goes afterwards. */
  encoded = g_base64_encode (data, len);
  /* TRANSLATORS: the label of the keyring item, shown by Passwords and Keys;
   * %s is the 20-digit certificate number. */
  key_label = g_strdup_printf (_("Certifica: e.firma key %s"), certificate_number);
  ok = secret_password_store_sync (cf_keyring_get_schema (), SECRET_COLLECTION_DEFAULT,
                                   key_label, encoded, cancellable, &local_error,
                                   "certificate-number", certificate_number,
                                   "rfc", rfc,
                                   "item", ITEM_KEY,
                                   NULL);
  cf_secret_free (encoded);
  if (!ok)
    {
      propagate_error (error, local_error, "store key");
      return FALSE;
    }

  if (password != NULL)
    {
      /* TRANSLATORS: the label of the keyring item; %s is the certificate number. */
      password_label = g_strdup_printf (_("Certifica: e.firma password %s"), certificate_number);
      ok = secret_password_store_sync (cf_keyring_get_schema (), SECRET_COLLECTION_DEFAULT,
                                       password_label, password, cancellable, &local_error,
                                       "certificate-number", certificate_number,
                                       "rfc", rfc,
                                       "item", ITEM_PASSWORD,
                                       NULL);
      if (!ok)
        {
          /* The new key is stored; an old password must not stay beside it. */
          propagate_error (error, local_error, "store password");
          remove_stale_items (service, certificate_number, rfc, FALSE, cancellable, NULL);
          return FALSE;
        }
    }

  /* Another RFC's items, or a password the user no longer wants kept. */
  return remove_stale_items (service, certificate_number, rfc, password != NULL,
                             cancellable, error);
}

GBytes *
cf_keyring_lookup_key (const char    *certificate_number,
                       char         **password,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  GError *local_error = NULL;
  gboolean locked = FALSE;
  char *encoded;
  GBytes *key;

  g_return_val_if_fail (certificate_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (password != NULL)
    *password = NULL;

  service = get_service (cancellable, error);
  if (service == NULL)
    return NULL;

  /* Unlocks the login keyring through the usual prompt when needed. */
  encoded = secret_password_lookup_nonpageable_sync (cf_keyring_get_schema (),
                                                     cancellable, &local_error,
                                                     "certificate-number", certificate_number,
                                                     "item", ITEM_KEY,
                                                     NULL);
  if (local_error != NULL)
    {
      propagate_error (error, local_error, "lookup key");
      return NULL;
    }

  if (encoded == NULL)
    {
      /* Nothing came back: either there is no such item, or it is there
       * but the user dismissed the unlock prompt. */
      if (!find_item (service, certificate_number, ITEM_KEY, &locked, cancellable, error))
        {
          if (error == NULL || *error == NULL)
            set_not_found_error (error, certificate_number);
          return NULL;
        }

      if (locked)
        set_locked_error (error);
      else
        set_not_found_error (error, certificate_number);
      return NULL;
    }

  key = decode_to_secure_memory (encoded);
  secret_password_free (encoded);
  if (key == NULL)
    {
      g_set_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_FAILED,
                   _("The key of certificate %s in the keyring is damaged. "
                     "Remove it and store the .key file again."),
                   certificate_number);
      return NULL;
    }

  if (password != NULL)
    {
      char *secret;

      secret = secret_password_lookup_nonpageable_sync (cf_keyring_get_schema (),
                                                        cancellable, &local_error,
                                                        "certificate-number", certificate_number,
                                                        "item", ITEM_PASSWORD,
                                                        NULL);
      if (local_error != NULL)
        {
          g_bytes_unref (key);
          propagate_error (error, local_error, "lookup password");
          return NULL;
        }

      /* Hand over a copy in secure memory, which the caller frees with
       * cf_secret_free(), and wipe libsecret's own copy now. */
      if (secret != NULL)
        {
          *password = cf_secret_dup (secret);
          secret_password_free (secret);
        }
    }

  return key;
}

gboolean
cf_keyring_has_key (const char    *certificate_number,
                    gboolean      *has_password,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  GError *local_error = NULL;
  gboolean found;

  g_return_val_if_fail (certificate_number != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (has_password != NULL)
    *has_password = FALSE;

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;

  /* Searching never prompts: a locked keyring still answers. */
  found = find_item (service, certificate_number, ITEM_KEY, NULL, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (found && has_password != NULL)
    {
      *has_password = find_item (service, certificate_number, ITEM_PASSWORD, NULL,
                                 cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }

  return found;
}

gboolean
cf_keyring_forget_key (const char    *certificate_number,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  GError *local_error = NULL;
  gboolean removed;

  g_return_val_if_fail (certificate_number != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;

  removed = secret_password_clear_sync (cf_keyring_get_schema (), cancellable, &local_error,
                                        "certificate-number", certificate_number,
                                        NULL);
  if (local_error != NULL)
    {
      propagate_error (error, local_error, "clear");
      return FALSE;
    }

  if (!removed)
    {
      gboolean locked = FALSE;

      /* Nothing removed: maybe the user dismissed the unlock prompt. */
      if (find_item (service, certificate_number, NULL, &locked, cancellable, &local_error) && locked)
        set_locked_error (error);
      else if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        set_not_found_error (error, certificate_number);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The same in a worker thread: libsecret may wait on D-Bus or on the   */
/* unlock prompt.                                                        */
/* ------------------------------------------------------------------ */

typedef struct
{
  char    *number;
  char    *rfc;
  GBytes  *key_data;
  char    *password;       /* secure memory; wiped */
  gboolean want_password;
  /* results */
  GBytes  *found_key;
  char    *found_password; /* secure memory; wiped */
  gboolean has_password;
} KeyringData;

static void
keyring_data_free (gpointer pointer)
{
  KeyringData *data = pointer;

  g_free (data->number);
  g_free (data->rfc);
  g_clear_pointer (&data->key_data, g_bytes_unref);
  g_clear_pointer (&data->password, cf_secret_free);
  g_clear_pointer (&data->found_key, g_bytes_unref);
  g_clear_pointer (&data->found_password, cf_secret_free);
  g_free (data);
}

static GTask *
keyring_task_new (const char          *number,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringData *data = g_new0 (KeyringData, 1);

  data->number = g_strdup (number);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, keyring_data_free);
  return task;
}

static void
store_key_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  KeyringData *data = task_data;
  GError *error = NULL;

  if (cf_keyring_store_key (data->number, data->rfc, data->key_data, data->password,
                            cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  /* The password is not needed any more. */
  g_clear_pointer (&data->password, cf_secret_free);
}

void
cf_keyring_store_key_async (const char          *certificate_number,
                            const char          *rfc,
                            GBytes              *key_data,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KeyringData *data;

  g_return_if_fail (certificate_number != NULL && *certificate_number != '\0');
  g_return_if_fail (rfc != NULL);
  g_return_if_fail (key_data != NULL);

  task = keyring_task_new (certificate_number, cf_keyring_store_key_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  data->rfc = g_strdup (rfc);
  data->key_data = g_bytes_ref (key_data);
  data->password = cf_secret_dup (password);
  g_task_run_in_thread (task, store_key_thread);
}

gboolean
cf_keyring_store_key_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_key_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  KeyringData *data = task_data;
  GError *error = NULL;

  data->found_key = cf_keyring_lookup_key (data->number,
                                           data->want_password ? &data->found_password : NULL,
                                           cancellable, &error);
  if (data->found_key != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cf_keyring_lookup_key_async (const char          *certificate_number,
                             gboolean             want_password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (certificate_number != NULL);

  task = keyring_task_new (certificate_number, cf_keyring_lookup_key_async, cancellable, callback, user_data);
  ((KeyringData *) g_task_get_task_data (task))->want_password = want_password;
  g_task_run_in_thread (task, lookup_key_thread);
}

GBytes *
cf_keyring_lookup_key_finish (GAsyncResult  *result,
                              char         **password,
                              GError       **error)
{
  KeyringData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (password != NULL)
    *password = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  if (password != NULL)
    *password = g_steal_pointer (&data->found_password);
  return g_steal_pointer (&data->found_key);
}

static void
has_key_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KeyringData *data = task_data;
  GError *error = NULL;
  gboolean found;

  found = cf_keyring_has_key (data->number, &data->has_password, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, found);
}

void
cf_keyring_has_key_async (const char          *certificate_number,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (certificate_number != NULL);

  task = keyring_task_new (certificate_number, cf_keyring_has_key_async, cancellable, callback, user_data);
  g_task_run_in_thread (task, has_key_thread);
}

gboolean
cf_keyring_has_key_finish (GAsyncResult  *result,
                           gboolean      *has_password,
                           GError       **error)
{
  gboolean found;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (has_password != NULL)
    *has_password = FALSE;
  found = g_task_propagate_boolean (G_TASK (result), error);
  if (found && has_password != NULL)
    *has_password = ((KeyringData *) g_task_get_task_data (G_TASK (result)))->has_password;
  return found;
}

static void
forget_key_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  KeyringData *data = task_data;
  GError *error = NULL;

  if (cf_keyring_forget_key (data->number, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cf_keyring_forget_key_async (const char          *certificate_number,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (certificate_number != NULL);

  task = keyring_task_new (certificate_number, cf_keyring_forget_key_async, cancellable, callback, user_data);
  g_task_run_in_thread (task, forget_key_thread);
}

gboolean
cf_keyring_forget_key_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
