/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-credential.c: a certificate and its private key, opened once; the
 * one place that refuses a CSD, a key that is not the certificate's and a
 * key too short to sign with. */

#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-credential.h"
#include "cf-keyring.h"
#include "cf-signer-repo.h"

/* An RSA key shorter than this is too weak to sign with (NIST has allowed
 * none since 2013); every e.firma SAT issues today has 2048 bits. */
#define MIN_SIGNING_KEY_BITS 2048

struct _CfCredential
{
  GObject        parent_instance;

  CfCertificate *certificate;
  CfPrivateKey  *key;
};

G_DEFINE_FINAL_TYPE (CfCredential, cf_credential, G_TYPE_OBJECT)

static void
cf_credential_finalize (GObject *object)
{
  CfCredential *self = CF_CREDENTIAL (object);

  g_clear_object (&self->certificate);
  g_clear_object (&self->key);

  G_OBJECT_CLASS (cf_credential_parent_class)->finalize (object);
}

static void
cf_credential_class_init (CfCredentialClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_credential_finalize;
}

static void
cf_credential_init (CfCredential *self)
{
}

CfCredential *
cf_credential_new (CfCertificate  *certificate,
                   CfPrivateKey   *key,
                   GError        **error)
{
  CfCredential *self;

  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (CF_IS_PRIVATE_KEY (key), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The pair first: a key that is not this certificate's is the more
   * useful thing to hear about when both are wrong. */
  if (!cf_private_key_matches (key, certificate))
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH,
                   _("This private key does not belong to this certificate. Choose the .key "
                     "file that SAT issued together with this .cer (usually in the same folder)."));
      return NULL;
    }

  if (!cf_certificate_check_is_efirma (certificate, error))
    return NULL;

  if (cf_private_key_get_bits (key) < MIN_SIGNING_KEY_BITS)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_UNSUPPORTED_KEY,
                   _("This e.firma’s key has only %u bits, too few to sign with safely: "
                     "Certifica signs only with keys of %u bits or more. Renew the "
                     "e.firma at SAT to get one."),
                   cf_private_key_get_bits (key), (guint) MIN_SIGNING_KEY_BITS);
      return NULL;
    }

  self = g_object_new (CF_TYPE_CREDENTIAL, NULL);
  self->certificate = g_object_ref (certificate);
  self->key = g_object_ref (key);
  return self;
}

CfCredential *
cf_credential_new_from_bytes (CfCertificate  *certificate,
                              GBytes         *key_data,
                              const char     *password,
                              GError        **error)
{
  g_autoptr(CfPrivateKey) key = NULL;

  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (key_data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = cf_private_key_new_from_bytes (key_data, password, error);
  if (key == NULL)
    return NULL;

  return cf_credential_new (certificate, key, error);
}

CfCredential *
cf_credential_new_from_files (const char  *cer_path,
                              const char  *key_path,
                              const char  *password,
                              GError     **error)
{
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GFile) key_file = NULL;
  g_autoptr(GBytes) key_data = NULL;

  g_return_val_if_fail (cer_path != NULL, NULL);
  g_return_val_if_fail (key_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  certificate = cf_certificate_new_from_file (cer_path, error);
  if (certificate == NULL)
    return NULL;

  key_file = g_file_new_for_path (key_path);
  key_data = g_file_load_bytes (key_file, NULL, NULL, error);
  if (key_data == NULL)
    return NULL;

  return cf_credential_new_from_bytes (certificate, key_data, password, error);
}

CfCredential *
cf_credential_new_from_keyring (CfStore        *store,
                                CfCertificate  *certificate,
                                const char     *number,
                                const char     *password,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_autoptr(CfCertificate) registered = NULL;
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(CfSecret) remembered = NULL;

  g_return_val_if_fail (store == NULL || CF_IS_STORE (store), NULL);
  g_return_val_if_fail (certificate == NULL || CF_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (store != NULL || certificate != NULL, NULL);
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (certificate == NULL)
    {
      registered = cf_signer_repo_get (store, number, error);
      if (registered == NULL)
        return NULL;
      certificate = registered;
    }

  if (g_strcmp0 (cf_certificate_get_number (certificate), number) != 0)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH,
                   _("The certificate given is number %s, not %s."),
                   cf_certificate_get_number (certificate), number);
      return NULL;
    }

  /* A password given now wins: the remembered one is not even read. */
  key_data = cf_keyring_lookup_key (number, password == NULL ? &remembered : NULL,
                                    cancellable, error);
  if (key_data == NULL)
    return NULL;

  if (password == NULL && remembered == NULL)
    {
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_PASSWORD_NEEDED,
                   _("The keyring keeps the key of certificate %s but not its password: "
                     "type the password of the e.firma’s .key file."),
                   number);
      return NULL;
    }

  return cf_credential_new_from_bytes (certificate, key_data,
                                       password != NULL ? password : remembered, error);
}

typedef struct
{
  CfCertificate *certificate;
  GBytes        *key_data;
  char          *password;   /* secure memory; wiped */
} OpenData;

static void
open_data_free (gpointer pointer)
{
  OpenData *data = pointer;

  g_clear_object (&data->certificate);
  g_clear_pointer (&data->key_data, g_bytes_unref);
  g_clear_pointer (&data->password, cf_secret_free);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  CfCredential *credential;

  credential = cf_credential_new_from_bytes (data->certificate, data->key_data, data->password, &error);
  /* The password has done its work. */
  g_clear_pointer (&data->password, cf_secret_free);
  if (credential == NULL)
    g_task_return_error (task, error);
  else if (g_task_return_error_if_cancelled (task))
    g_object_unref (credential);
  else
    g_task_return_pointer (task, credential, g_object_unref);
}

void
cf_credential_new_from_bytes_async (CfCertificate       *certificate,
                                    GBytes              *key_data,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (CF_IS_CERTIFICATE (certificate));
  g_return_if_fail (key_data != NULL);

  data = g_new0 (OpenData, 1);
  data->certificate = g_object_ref (certificate);
  data->key_data = g_bytes_ref (key_data);
  data->password = cf_secret_dup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_credential_new_from_bytes_async);
  g_task_set_task_data (task, data, open_data_free);
  g_task_run_in_thread (task, open_thread);
}

CfCredential *
cf_credential_new_from_bytes_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

CfCertificate *
cf_credential_get_certificate (CfCredential *self)
{
  g_return_val_if_fail (CF_IS_CREDENTIAL (self), NULL);
  return self->certificate;
}

CfPrivateKey *
cf_credential_get_private_key (CfCredential *self)
{
  g_return_val_if_fail (CF_IS_CREDENTIAL (self), NULL);
  return self->key;
}

gboolean
cf_credential_check_can_sign_on (CfCredential  *self,
                                 GDateTime     *at,
                                 GError       **error)
{
  g_return_val_if_fail (CF_IS_CREDENTIAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The kind was checked when the credential was made. */
  return cf_certificate_check_valid_at (self->certificate, at, error);
}
