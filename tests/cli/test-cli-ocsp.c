/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli efirma ocsp, run as a subprocess ($CF_CLI) against a real
 * `openssl ocsp` responder and certificates made here with openssl. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cf-test-ocsp.h"
#include "cf-test-util.h"

static char *tmpdir;
static guint16 port;
static GSubprocess *responder;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* certifica-cli efirma ocsp --cer NAME.pem --issuer ca.pem [more…] */
static int
run_ocsp (const char  *name,
          char       **out,
          char       **err,
          ...) G_GNUC_NULL_TERMINATED;

static int
run_ocsp (const char  *name,
          char       **out,
          char       **err,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *cli = g_getenv ("CF_CLI");
  g_autofree char *cer_file = g_strdup_printf ("%s.pem", name);
  const char *arg;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, g_strdup (cli));
  g_ptr_array_add (argv, g_strdup ("efirma"));
  g_ptr_array_add (argv, g_strdup ("ocsp"));
  if (name != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--cer"));
      g_ptr_array_add (argv, tmp_path (cer_file));
    }
  g_ptr_array_add (argv, g_strdup ("--issuer"));
  g_ptr_array_add (argv, tmp_path ("ca.pem"));
  va_start (ap, err);
  for (arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  return cf_test_spawn ((const char * const *) argv->pdata, NULL, out, err);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
test_good (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);

  g_assert_cmpint (run_ocsp ("good", &out, &err, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Not revoked"));
  g_assert_nonnull (strstr (out, url));
  g_assert_cmpstr (err, ==, "");
}

static void
test_good_json (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpint (run_ocsp ("good", &out, &err, "--json", NULL), ==, 0);
  object = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "good");
  g_assert_cmpstr (json_object_get_string_member (object, "responder"), ==, url);
  g_assert_false (json_object_has_member (object, "revocation_time"));
  g_assert_false (json_object_has_member (object, "reason"));
  g_assert_true (json_object_get_boolean_member (object, "nonce_checked"));
}

static void
test_revoked_json (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(JsonObject) object = NULL;

  /* The URL given explicitly: the same as the AIA's. */
  g_assert_cmpint (run_ocsp ("revoked", &out, &err, "--json", "--url", url, NULL), ==, 1);
  object = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "revoked");
  g_assert_cmpstr (json_object_get_string_member (object, "revocation_time"), ==,
                   CF_TEST_OCSP_REVOKED_AT_ISO);
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "key-compromise");
  g_assert_cmpstr (json_object_get_string_member (object, "responder"), ==, url);
}

static void
test_revoked_text (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_ocsp ("revoked", &out, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Revoked"));
  g_assert_nonnull (strstr (out, "2024-01-02 03:04:05 UTC"));
  g_assert_nonnull (strstr (out, "The private key was compromised"));
}

static void
test_unknown (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpint (run_ocsp ("unlisted", &out, &err, "--json", NULL), ==, 1);
  object = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "unknown");
}

static void
test_responder_down (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint16 down = cf_test_free_port ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", down);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", down);

  g_assert_cmpint (run_ocsp ("good", &out, &err, "--url", url, "--json", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, host));
}

static void
test_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* No --cer. */
  g_assert_cmpint (run_ocsp (NULL, &out, &err, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--cer"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_ocsp ("good", &out, &err, "extra", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_ocsp ("good", &out, &err, "--timeout", "-3", NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *openssl_path = g_find_program_in_path ("openssl");
  int status;

  g_test_init (&argc, &argv, NULL);

  if (openssl_path == NULL)
    {
      g_printerr ("openssl not found: skipping\n");
      return 77;
    }

  tmpdir = cf_test_mkdtemp ();
  port = cf_test_free_port ();
  cf_test_ocsp_make_pki (tmpdir, port);
  responder = cf_test_ocsp_start_responder (tmpdir, port, "ca.pem", "ca.key", FALSE);

  g_test_add_func ("/cli/efirma/ocsp/good", test_good);
  g_test_add_func ("/cli/efirma/ocsp/good-json", test_good_json);
  g_test_add_func ("/cli/efirma/ocsp/revoked-json", test_revoked_json);
  g_test_add_func ("/cli/efirma/ocsp/revoked-text", test_revoked_text);
  g_test_add_func ("/cli/efirma/ocsp/unknown", test_unknown);
  g_test_add_func ("/cli/efirma/ocsp/responder-down", test_responder_down);
  g_test_add_func ("/cli/efirma/ocsp/usage", test_usage);

  status = g_test_run ();
  cf_test_ocsp_stop_responder (responder);
  cf_test_rmdir (tmpdir);
  g_free (tmpdir);
  return status;
}
