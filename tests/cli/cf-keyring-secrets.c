/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The keyring tests' secrets and their scan (cf-keyring-secrets.h). */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "cf-keyring-secrets.h"
#include "cf-test-util.h"

const char *
cf_keyring_secrets_dir (void)
{
  const char *dir = g_getenv ("CF_KEYRING_TEST_SECRETS");

  if (dir == NULL)
    g_printerr ("Run through tests/core/run-keyring-test.sh: it starts a private "
                "gnome-keyring-daemon.\n");
  return dir;
}

gboolean
cf_keyring_secrets_scanning (void)
{
  return g_strcmp0 (g_getenv ("CF_KEYRING_TEST_PHASE"), "scan") == 0;
}

static void
write_needle (const char *secrets_dir,
              const char *prefix,
              const char *name,
              GBytes     *bytes)
{
  g_autofree char *path = g_strdup_printf ("%s/%s-needle-%s", secrets_dir, prefix, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

void
cf_keyring_secrets_write (const char *secrets_dir,
                          const char *prefix,
                          const char *password,
                          const char *key_path)
{
  g_autoptr(GBytes) secret = g_bytes_new (password, strlen (password));
  g_autoptr(GBytes) key = cf_test_read_file (key_path);
  g_autofree char *key_base64 = g_base64_encode (g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  g_autoptr(GBytes) base64 = g_bytes_new (key_base64, strlen (key_base64));
  g_autofree char *plain_path = g_strdup_printf ("%s/%s-plain.der", secrets_dir, prefix);
  g_autofree char *passin = g_strdup_printf ("pass:%s", password);
  g_autoptr(GBytes) plain = NULL;
  const char *argv[] = { "openssl", "pkcs8", "-inform", "DER", "-in", key_path,
                         "-passin", passin, "-outform", "DER", "-out", plain_path, NULL };

  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);
  plain = cf_test_read_file (plain_path);
  write_needle (secrets_dir, prefix, "password", secret);
  write_needle (secrets_dir, prefix, "key", key);
  write_needle (secrets_dir, prefix, "key-base64", base64);
  write_needle (secrets_dir, prefix, "decrypted-key", plain);
}

static gboolean
contains (GBytes *haystack,
          GBytes *needle)
{
  gsize len, needle_len;
  const guint8 *p = g_bytes_get_data (haystack, &len);
  const guint8 *n = g_bytes_get_data (needle, &needle_len);

  if (needle_len == 0 || needle_len > len)
    return FALSE;
  for (gsize i = 0; i + needle_len <= len; i++)
    if (p[i] == n[0] && memcmp (p + i, n, needle_len) == 0)
      return TRUE;
  return FALSE;
}

static void
scan_dir (const char *dir_path,
          GPtrArray  *names,
          GPtrArray  *needles,
          guint      *n_files)
{
  g_autoptr(GDir) dir = dir_path != NULL ? g_dir_open (dir_path, 0, NULL) : NULL;
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          scan_dir (path, names, needles, n_files);
          continue;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || !g_file_get_contents (path, &contents, &len, NULL))
        continue;
      (*n_files)++;
      bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
      for (guint i = 0; i < needles->len; i++)
        if (contains (bytes, g_ptr_array_index (needles, i)))
          g_error ("%s found in %s", (const char *) g_ptr_array_index (names, i), path);
    }
}

void
cf_keyring_secrets_scan (const char *secrets_dir,
                         const char *prefix)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *needle_prefix = g_strdup_printf ("%s-needle-", prefix);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_files = 0;

  dir = g_dir_open (secrets_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, needle_prefix))
        continue;
      path = g_build_filename (secrets_dir, name, NULL);
      g_ptr_array_add (needles, cf_test_read_file (path));
      g_ptr_array_add (names, g_strdup (name));
    }
  g_assert_cmpuint (needles->len, ==, 4);

  scan_dir (g_getenv ("HOME"), names, needles, &n_files);
  scan_dir (g_getenv ("CF_KEYRING_TEST_LOGS"), names, needles, &n_files);
  g_test_message ("%u files scanned, no secret found", n_files);
  /* At least the store and the log. */
  g_assert_cmpuint (n_files, >=, 2);
}
