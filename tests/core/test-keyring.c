/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keyring tests against a real gnome-keyring-daemon.
 *
 * run-keyring-test.sh runs this binary twice inside a throwaway HOME:
 *   1. in a private D-Bus session with a freshly unlocked "login" keyring:
 *      store, find, open, forget, and the error cases. The secrets it uses
 *      are copied as "needle-*" files into $CF_KEYRING_TEST_SECRETS, a folder
 *      outside HOME;
 *   2. with CF_KEYRING_TEST_PHASE=scan, after the daemon is gone: every file
 *      under HOME (the keyring files, the store, the first run's captured
 *      output) is searched for each needle, and none may be found. */

#define _GNU_SOURCE   /* memmem */
#include <string.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "cf-credential.h"
#include "cf-efirma.h"
#include "cf-keyring.h"
#include "cf-store.h"
#include "cf-signer-repo.h"
#include "cf-test-util.h"

/* Distinctive, so the scan cannot match anything by chance. */
#define SIGNER_PASSWORD  "Cf-Llavero-Prueba-7781!"
#define SIGNER_NUMBER    "30001000000500007781"
#define SIGNER_RFC       "PELM800101AB1"
#define UNKNOWN_NUMBER   "30001000000599999999"

static const char *secrets_dir;   /* outside the scanned folders */

typedef struct
{
  CfCertificate *certificate;
  GBytes        *key;          /* the encrypted .key as generated */
} Signer;

static Signer signer;

static void
write_needle (const char   *name,
              gconstpointer data,
              gsize         len)
{
  g_autofree char *path = g_strdup_printf ("%s/needle-%s", secrets_dir, name);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (len, >=, 8);
  g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

/* The decrypted key, in the forms a careless program could leak it. */
static void
write_decrypted_key_needles (const char *key_path,
                             const char *password,
                             const char *tag)
{
  g_autofree char *pkcs8_der = g_strdup_printf ("%s/plain-%s.der", secrets_dir, tag);
  g_autofree char *pkcs8_pem = g_strdup_printf ("%s/plain-%s.pem", secrets_dir, tag);
  g_autofree char *pkcs1_der = g_strdup_printf ("%s/plain-%s.rsa.der", secrets_dir, tag);
  g_autofree char *passin = g_strdup_printf ("pass:%s", password);
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *pem = NULL;
  g_auto(GStrv) lines = NULL;
  const char *der_argv[] = { "openssl", "pkcs8", "-inform", "DER", "-in", key_path,
                             "-passin", passin, "-outform", "DER", "-out", pkcs8_der, NULL };
  const char *pem_argv[] = { "openssl", "pkcs8", "-inform", "DER", "-in", key_path,
                             "-passin", passin, "-out", pkcs8_pem, NULL };
  const char *rsa_argv[] = { "openssl", "rsa", "-in", pkcs8_pem, "-outform", "DER",
                             "-out", pkcs1_der, NULL };

  g_assert_cmpint (cf_test_spawn (der_argv, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (cf_test_spawn (pem_argv, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (cf_test_spawn (rsa_argv, NULL, NULL, NULL), ==, 0);

  bytes = cf_test_read_file (pkcs8_der);
  name = g_strdup_printf ("%s-pkcs8.der", tag);
  write_needle (name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&name, g_free);

  bytes = cf_test_read_file (pkcs1_der);
  name = g_strdup_printf ("%s-pkcs1.der", tag);
  write_needle (name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&name, g_free);

  /* The first base64 line of the PEM body: a leak rarely keeps the header. */
  bytes = cf_test_read_file (pkcs8_pem);
  pem = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (pem, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "-----BEGIN PRIVATE KEY-----");
  g_assert_cmpuint (strlen (lines[1]), ==, 64);
  name = g_strdup_printf ("%s-pem-line", tag);
  write_needle (name, lines[1], strlen (lines[1]));
}

static void
write_encrypted_key_needles (GBytes     *key,
                             const char *tag)
{
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  g_autofree char *raw_name = g_strdup_printf ("%s-key.der", tag);
  g_autofree char *b64_name = g_strdup_printf ("%s-key.b64", tag);

  write_needle (raw_name, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  write_needle (b64_name, base64, strlen (base64));
}

static void
assert_opens (GBytes     *key,
              const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  CfPrivateKey *opened;
  g_autofree char *signature = NULL;
  const char *data = "cadena original de prueba";

  credential = cf_credential_new_from_bytes (signer.certificate, key, password, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credential);
  g_assert_true (cf_credential_check_can_sign_on (credential, NULL, &error));
  g_assert_no_error (error);
  opened = cf_credential_get_private_key (credential);
  g_assert_true (cf_private_key_matches (opened, signer.certificate));

  signature = cf_private_key_sign (opened, (const guint8 *) data, strlen (data), &error);
  g_assert_no_error (error);
  g_assert_true (cf_certificate_verify (signer.certificate, (const guint8 *) data, strlen (data),
                                        signature, &error));
  g_assert_no_error (error);
}

/* How many items of our schema exist for @number (any state). */
static guint
count_items (const char *number)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  /* The schema as documented in cf-keyring.h, written out independently. */
  static const SecretSchema schema = {
    "io.github.certifica.Signer", SECRET_SCHEMA_NONE,
    {
      { "certificate-number", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "rfc", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "item", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  items = secret_password_search_sync (&schema, SECRET_SEARCH_ALL, NULL, &error,
                                       "certificate-number", number,
                                       NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);

  return n;
}

static void
test_store_with_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) found = NULL;
  g_autoptr(CfStore) store = NULL;
  char *password = NULL;
  gboolean has_password = FALSE;

  g_assert_true (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, SIGNER_PASSWORD,
                                       NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cf_keyring_has_key (SIGNER_NUMBER, &has_password, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (has_password);
  g_assert_cmpuint (count_items (SIGNER_NUMBER), ==, 2);

  found = cf_keyring_lookup_key (SIGNER_NUMBER, &password, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (g_bytes_equal (found, signer.key));
  g_assert_cmpstr (password, ==, SIGNER_PASSWORD);
  /* Handed over in secure memory, not copied to the ordinary heap. */
  g_assert_true (cf_secure_memory_is_secure (password));
  g_assert_true (cf_secure_memory_is_secure (g_bytes_get_data (found, NULL)));

  assert_opens (found, password);
  cf_secret_free (password);

  /* Lookup without asking for the password. */
  g_clear_pointer (&found, g_bytes_unref);
  found = cf_keyring_lookup_key (SIGNER_NUMBER, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (found, signer.key));

  /* Storing again replaces: still one key and one password. */
  g_assert_true (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, SIGNER_PASSWORD,
                                       NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (SIGNER_NUMBER), ==, 2);

  /* The signer also goes to the default store, so the scan covers it. */
  store = cf_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cf_signer_repo_add (store, signer.certificate, &error));
  g_assert_no_error (error);
}

static void
test_store_without_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) found = NULL;
  char *password = (char *) "not touched";
  gboolean has_password = TRUE;

  /* Re-storing without a password drops the remembered one. */
  g_assert_true (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cf_keyring_has_key (SIGNER_NUMBER, &has_password, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (has_password);
  g_assert_cmpuint (count_items (SIGNER_NUMBER), ==, 1);

  found = cf_keyring_lookup_key (SIGNER_NUMBER, &password, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (found, signer.key));
  g_assert_null (password);

  /* The person types it this time. */
  assert_opens (found, SIGNER_PASSWORD);

  /* has_key with no interest in the password. */
  g_assert_true (cf_keyring_has_key (SIGNER_NUMBER, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_forget (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) found = NULL;
  char *password = NULL;
  gboolean has_password = TRUE;

  g_assert_true (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, SIGNER_PASSWORD,
                                       NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cf_keyring_forget_key (SIGNER_NUMBER, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (SIGNER_NUMBER), ==, 0);

  g_assert_false (cf_keyring_has_key (SIGNER_NUMBER, &has_password, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (has_password);

  found = cf_keyring_lookup_key (SIGNER_NUMBER, &password, NULL, &error);
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_assert_null (password);
  g_clear_error (&error);

  g_assert_false (cf_keyring_forget_key (SIGNER_NUMBER, NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND);
}

static void
test_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) found = NULL;
  gboolean has_password = TRUE;

  found = cf_keyring_lookup_key (UNKNOWN_NUMBER, NULL, NULL, &error);
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, UNKNOWN_NUMBER));
  g_assert_null (found);
  g_clear_error (&error);

  g_assert_false (cf_keyring_has_key (UNKNOWN_NUMBER, &has_password, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (has_password);
}

/* A credential from the keyring: the certificate given or the signer in
 * the store, the remembered password or one typed now. */
static void
test_credential (void)
{
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "credential.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfCredential) credential = NULL;

  store = cf_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (cf_signer_repo_add (store, signer.certificate, &error));
  g_assert_no_error (error);

  g_assert_true (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, SIGNER_PASSWORD,
                                       NULL, &error));
  g_assert_no_error (error);

  /* The remembered password, the certificate from the store. */
  credential = cf_credential_new_from_keyring (store, NULL, SIGNER_NUMBER, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credential);
  g_assert_cmpstr (cf_certificate_get_number (cf_credential_get_certificate (credential)), ==, SIGNER_NUMBER);
  g_assert_true (cf_private_key_matches (cf_credential_get_private_key (credential), signer.certificate));
  g_clear_object (&credential);

  /* A password typed now wins over the remembered one. */
  credential = cf_credential_new_from_keyring (NULL, signer.certificate, SIGNER_NUMBER, "otra", NULL, &error);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD);
  g_assert_null (credential);
  g_clear_error (&error);

  /* The certificate given must be the number's. */
  credential = cf_credential_new_from_keyring (NULL, signer.certificate, UNKNOWN_NUMBER, NULL, NULL, &error);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH);
  g_assert_null (credential);
  g_clear_error (&error);

  /* Not in the store. */
  credential = cf_credential_new_from_keyring (store, NULL, UNKNOWN_NUMBER, NULL, NULL, &error);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_assert_null (credential);
  g_clear_error (&error);

  /* No password remembered and none given. */
  g_assert_true (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, NULL, NULL, &error));
  g_assert_no_error (error);
  credential = cf_credential_new_from_keyring (NULL, signer.certificate, SIGNER_NUMBER, NULL, NULL, &error);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_PASSWORD_NEEDED);
  g_assert_null (credential);
  g_clear_error (&error);

  credential = cf_credential_new_from_keyring (NULL, signer.certificate, SIGNER_NUMBER, SIGNER_PASSWORD,
                                               NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credential);
  g_assert_true (cf_credential_check_can_sign_on (credential, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cf_keyring_forget_key (SIGNER_NUMBER, NULL, &error));
  g_assert_no_error (error);
}

/* A key in clear is never kept: SAT always encrypts .key files. */
static void
test_refuses_key_in_clear (void)
{
  g_autofree char *plain_path = g_strdup_printf ("%s/plain-signer.der", secrets_dir);
  g_autoptr(GBytes) plain = cf_test_read_file (plain_path);
  g_autoptr(GError) error = NULL;

  g_assert_false (cf_private_key_data_is_encrypted (plain));
  g_assert_true (cf_private_key_data_is_encrypted (signer.key));
  g_assert_cmpuint (count_items (SIGNER_NUMBER), ==, 0);

  g_assert_false (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, plain, SIGNER_PASSWORD,
                                        NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_ENCRYPTED);
  g_assert_nonnull (strstr (error->message, "SAT always encrypts .key files; this one is not"));
  g_assert_cmpuint (count_items (SIGNER_NUMBER), ==, 0);
}

/* Makes every item creation on this process's session bus fail, as a
 * Secret Service that refuses to store would. */
static GDBusMessage *
refuse_create_item (GDBusConnection *connection,
                    GDBusMessage    *message,
                    gboolean         incoming,
                    gpointer         user_data)
{
  GDBusMessage *copy;

  if (incoming ||
      g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_METHOD_CALL ||
      g_strcmp0 (g_dbus_message_get_member (message), "CreateItem") != 0)
    return message;

  copy = g_dbus_message_copy (message, NULL);
  g_object_unref (message);
  g_dbus_message_set_member (copy, "CreateItemRefusedByTheTest");
  return copy;
}

/* Storing again replaces the old key only once the new one is stored: a
 * failed store leaves the old key and password as they were. */
static void
test_replace_after_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GBytes) found = NULL;
  char *password = NULL;
  guint filter;

  g_assert_true (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, SIGNER_PASSWORD,
                                       NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (SIGNER_NUMBER), ==, 2);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  filter = g_dbus_connection_add_filter (bus, refuse_create_item, NULL, NULL);

  g_assert_false (cf_keyring_store_key (SIGNER_NUMBER, "XAXX010101000", signer.key, NULL,
                                        NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_FAILED);
  g_clear_error (&error);
  g_dbus_connection_remove_filter (bus, filter);

  g_assert_cmpuint (count_items (SIGNER_NUMBER), ==, 2);
  found = cf_keyring_lookup_key (SIGNER_NUMBER, &password, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (found, signer.key));
  g_assert_cmpstr (password, ==, SIGNER_PASSWORD);
  cf_secret_free (password);

  /* Once it is stored, what the old store left goes: the other RFC's key
   * and the password no longer to be kept. */
  g_assert_true (cf_keyring_store_key (SIGNER_NUMBER, "XAXX010101000", signer.key, NULL,
                                       NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (SIGNER_NUMBER), ==, 1);

  g_assert_true (cf_keyring_forget_key (SIGNER_NUMBER, NULL, &error));
  g_assert_no_error (error);
}

static void
test_sat_fixture (void)
{
  g_autofree char *cer = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/certificate.cer");
  g_autofree char *key_path = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/private_key.key");
  g_autofree char *pw_path = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/password.txt");
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GBytes) pw_bytes = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture_password = NULL;
  char *password = NULL;
  const char *number;

  if (cer == NULL || key_path == NULL || pw_path == NULL)
    {
      g_test_skip ("SAT fixtures absent");
      return;
    }

  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  number = cf_certificate_get_number (certificate);
  g_assert_cmpstr (number, ==, "30001000000300023685");
  key = cf_test_read_file (key_path);
  pw_bytes = cf_test_read_file (pw_path);
  fixture_password = g_strndup (g_bytes_get_data (pw_bytes, NULL), g_bytes_get_size (pw_bytes));

  write_needle ("fiel-password", fixture_password, strlen (fixture_password));
  write_encrypted_key_needles (key, "fiel");
  write_decrypted_key_needles (key_path, fixture_password, "fiel");

  g_assert_true (cf_keyring_store_key (number, cf_certificate_get_rfc (certificate), key,
                                       fixture_password, NULL, &error));
  g_assert_no_error (error);

  found = cf_keyring_lookup_key (number, &password, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (found, key));
  g_assert_cmpstr (password, ==, fixture_password);

  /* The SAT test certificates expired in 2021: pin the clock. */
  at = g_date_time_new_utc (2019, 6, 1, 12, 0, 0);
  credential = cf_credential_new_from_bytes (certificate, found, password, &error);
  cf_secret_free (password);
  g_assert_no_error (error);
  g_assert_nonnull (credential);
  g_assert_true (cf_credential_check_can_sign_on (credential, at, &error));
  g_assert_no_error (error);

  g_assert_true (cf_keyring_forget_key (number, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_no_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) found = NULL;
  char *password = NULL;
  gboolean has_password = TRUE;

  found = cf_keyring_lookup_key (SIGNER_NUMBER, &password, NULL, &error);
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NO_SERVICE);
  g_assert_null (found);
  g_assert_null (password);
  g_assert_nonnull (strstr (error->message, ".key"));
  g_clear_error (&error);

  g_assert_false (cf_keyring_has_key (SIGNER_NUMBER, &has_password, NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NO_SERVICE);
  g_assert_false (has_password);
  g_clear_error (&error);

  g_assert_false (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, SIGNER_PASSWORD,
                                        NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NO_SERVICE);
  g_clear_error (&error);

  g_assert_false (cf_keyring_forget_key (SIGNER_NUMBER, NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NO_SERVICE);
}

/* No session bus at all. */
static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-bus", secrets_dir);

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      assert_no_service ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A session bus where nothing provides org.freedesktop.secrets. */
static void
test_no_service_on_bus (void)
{
  if (g_test_subprocess ())
    {
      /* GTestDBus runs a private bus without the system's activatable
       * services, so no gnome-keyring gets started on demand. */
      g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);

      g_test_dbus_up (bus);
      assert_no_service ();
      g_test_dbus_down (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Runs last: the login keyring stays locked afterwards. The wrapper hides
 * the display, so the unlock prompt fails at once, as when a person
 * dismisses it. */
static void
test_locked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) found = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  GList *objects = NULL;
  GList *locked_objects = NULL;
  char *password = NULL;
  gboolean has_password = FALSE;
  int n_locked;

  g_assert_null (g_getenv ("DISPLAY"));
  g_assert_true (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, SIGNER_PASSWORD,
                                       NULL, &error));
  g_assert_no_error (error);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  objects = g_list_append (NULL, collection);
  n_locked = secret_service_lock_sync (service, objects, NULL, &locked_objects, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_locked, ==, 1);
  g_list_free (objects);
  g_list_free_full (locked_objects, g_object_unref);

  /* Knowing that a key is there never needs the keyring open. */
  g_assert_true (cf_keyring_has_key (SIGNER_NUMBER, &has_password, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (has_password);

  found = cf_keyring_lookup_key (SIGNER_NUMBER, &password, NULL, &error);
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_LOCKED);
  g_assert_null (found);
  g_assert_null (password);
  g_clear_error (&error);

  g_assert_false (cf_keyring_forget_key (SIGNER_NUMBER, NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (cf_keyring_store_key (SIGNER_NUMBER, SIGNER_RFC, signer.key, NULL, NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_LOCKED);
  g_clear_error (&error);

  /* An unknown number is still just not there. */
  g_assert_null (cf_keyring_lookup_key (UNKNOWN_NUMBER, NULL, NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND);
}

static void
scan_file (const char  *path,
           GPtrArray   *needle_names,
           GPtrArray   *needles,
           guint       *n_files)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      /* Sockets and the like vanish or cannot be read: only files count. */
      g_test_message ("not scanned: %s", error->message);
      return;
    }

  (*n_files)++;
  for (guint i = 0; i < needles->len; i++)
    {
      GBytes *needle = g_ptr_array_index (needles, i);
      gsize needle_len;
      const void *needle_data = g_bytes_get_data (needle, &needle_len);

      if (memmem (contents, len, needle_data, needle_len) != NULL)
        g_error ("%s found in %s", (const char *) g_ptr_array_index (needle_names, i), path);
    }
}

static void
scan_dir (const char  *dir_path,
          GPtrArray   *needle_names,
          GPtrArray   *needles,
          guint       *n_files)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        scan_dir (path, needle_names, needles, n_files);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        scan_file (path, needle_names, needles, n_files);
    }
}

static void
test_nothing_on_disk (void)
{
  const char *home = g_getenv ("HOME");
  const char *log_dir = g_getenv ("CF_KEYRING_TEST_LOGS");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring_file = NULL;
  g_autofree char *store_file = NULL;
  g_autofree char *log_file = NULL;
  g_autofree char *cer_path = NULL;
  g_autoptr(GBytes) cer = NULL;
  g_autoptr(GBytes) store_bytes = NULL;
  const char *name;
  guint n_files = 0;

  g_assert_nonnull (home);
  g_assert_nonnull (log_dir);

  dir = g_dir_open (secrets_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, "needle-"))
        continue;
      path = g_build_filename (secrets_dir, name, NULL);
      g_ptr_array_add (needles, cf_test_read_file (path));
      g_ptr_array_add (names, g_strdup (name + strlen ("needle-")));
    }

  /* The generated signer's key, base64, password and decrypted forms at
   * least (the SAT fixture adds its own when present). */
  g_assert_cmpuint (needles->len, >=, 6);
  for (guint i = 0; i < names->len; i++)
    g_test_message ("looking for %s", (const char *) g_ptr_array_index (names, i));

  /* What must be there for the scan to mean something. */
  keyring_file = g_build_filename (g_get_user_data_dir (), "keyrings", "login.keyring", NULL);
  store_file = cf_store_default_path ();
  log_file = g_build_filename (log_dir, "test-keyring.log", NULL);
  g_assert_true (g_file_test (keyring_file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (store_file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (log_file, G_FILE_TEST_IS_REGULAR));

  /* Control: the public certificate is in the store, and the scan sees it. */
  cer_path = g_build_filename (secrets_dir, "signer.cer", NULL);
  cer = cf_test_read_file (cer_path);
  store_bytes = cf_test_read_file (store_file);
  g_assert_nonnull (memmem (g_bytes_get_data (store_bytes, NULL), g_bytes_get_size (store_bytes),
                            g_bytes_get_data (cer, NULL), g_bytes_get_size (cer)));

  scan_dir (home, names, needles, &n_files);
  scan_dir (log_dir, names, needles, &n_files);
  g_test_message ("%u files scanned, no secret found", n_files);
  g_assert_cmpuint (n_files, >=, 3);
}

static void
generate_signer (void)
{
  CfTestCertSpec spec = { 0 };
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GError) error = NULL;

  spec.serial_ascii = SIGNER_NUMBER;
  spec.rfc = SIGNER_RFC;
  spec.password = SIGNER_PASSWORD;
  spec.scheme = CF_TEST_KEY_PBES2_3DES;

  cf_test_generate_cert (secrets_dir, "signer", &spec, &cer_path, &key_path, &error);
  g_assert_no_error (error);

  signer.certificate = cf_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_certificate_get_number (signer.certificate), ==, SIGNER_NUMBER);
  signer.key = cf_test_read_file (key_path);

  write_needle ("password", SIGNER_PASSWORD, strlen (SIGNER_PASSWORD));
  write_encrypted_key_needles (signer.key, "signer");
  write_decrypted_key_needles (key_path, SIGNER_PASSWORD, "signer");
}

int
main (int   argc,
      char *argv[])
{
  const char *phase;
  int ret;

  g_test_init (&argc, &argv, NULL);

  secrets_dir = g_getenv ("CF_KEYRING_TEST_SECRETS");
  if (secrets_dir == NULL)
    {
      g_printerr ("Run through tests/core/run-keyring-test.sh: it starts a private "
                  "gnome-keyring-daemon.\n");
      return 77;
    }

  phase = g_getenv ("CF_KEYRING_TEST_PHASE");
  if (g_strcmp0 (phase, "scan") == 0)
    {
      g_test_add_func ("/core/keyring/nothing-on-disk", test_nothing_on_disk);
      return g_test_run ();
    }

  /* Subprocesses re-run main; generating keys there would be wasted work
   * and would overwrite the needles. */
  if (!g_test_subprocess ())
    generate_signer ();
  else
    signer.key = g_bytes_new_static ("not a key, never stored", 23);

  g_test_add_func ("/core/keyring/store-with-password", test_store_with_password);
  g_test_add_func ("/core/keyring/store-without-password", test_store_without_password);
  g_test_add_func ("/core/keyring/forget", test_forget);
  g_test_add_func ("/core/keyring/unknown", test_unknown);
  g_test_add_func ("/core/keyring/credential", test_credential);
  g_test_add_func ("/core/keyring/refuses-key-in-clear", test_refuses_key_in_clear);
  g_test_add_func ("/core/keyring/replace-after-store", test_replace_after_store);
  g_test_add_func ("/core/keyring/sat-fixture", test_sat_fixture);
  g_test_add_func ("/core/keyring/no-bus", test_no_bus);
  g_test_add_func ("/core/keyring/no-service-on-bus", test_no_service_on_bus);
  g_test_add_func ("/core/keyring/locked", test_locked);

  ret = g_test_run ();

  g_clear_object (&signer.certificate);
  g_clear_pointer (&signer.key, g_bytes_unref);

  return ret;
}
