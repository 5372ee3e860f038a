/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli certs seal and certs export-sep on both engines, as a
 * registrar's script runs them: sealing from the store with a .key file,
 * the zip for SEP with the stored bytes (verified with OpenSSL against the
 * cadena), SIGKILL at random moments of a batch (every certificate sealed
 * whole or still listo, folios never repeated nor lost, the store intact),
 * and two desks sealing "todos los listos" at once. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "cf-cadena.h"
#include "cf-cert-seal-repo.h"
#include "cf-certs-export.h"
#include "cf-dec-xml.h"
#include "cf-sealer.h"
#include "cf-test-ca.h"
#include "cf-test-ocsp.h"

#include "cf-certs-seal-fixture.h"

#define PASSWORD "12345678a"

typedef struct
{
  char        *dir;
  char        *cer;
  char        *key;
  char        *ca;
  char        *ocsp;
  char        *number;
  GSubprocess *responder;
} Signer;

static Signer *shared;

static Signer *
get_signer (void)
{
  g_autofree char *ca_key = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  if (shared != NULL)
    return shared;
  shared = g_new0 (Signer, 1);
  shared->dir = cf_test_mkdtemp ();
  cf_test_make_signer (shared->dir, CF_SEAL_FIXTURE_SIGNER_CURP, &shared->cer, &shared->key, &shared->ca);
  ca_key = g_build_filename (shared->dir, "Universidad CA.ca-key", NULL);
  shared->responder = cf_test_ocsp_serve_cert (shared->dir, shared->cer, shared->ca, ca_key, FALSE,
                                               &shared->ocsp);
  certificate = cf_certificate_new_from_file (shared->cer, &error);
  g_assert_no_error (error);
  shared->number = g_strdup (cf_certificate_get_number (certificate));
  return shared;
}

/* certs seal on @location with the fixture's signer and .key, the password
 * on stdin; more arguments after @first (NULL-terminated). */
static GSubprocess *
spawn_seal (const char *location,
            const char *first,
            ...)
{
  Signer *s = get_signer ();
  g_autoptr(GSubprocessLauncher) launcher =
    cf_test_cli_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                          G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  GOutputStream *in;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) cf_test_cli_path ());
  g_ptr_array_add (argv, (gpointer) "--store");
  g_ptr_array_add (argv, (gpointer) location);
  g_ptr_array_add (argv, (gpointer) "certs");
  g_ptr_array_add (argv, (gpointer) "seal");
  g_ptr_array_add (argv, (gpointer) "--signer");
  g_ptr_array_add (argv, s->number);
  g_ptr_array_add (argv, (gpointer) "--key");
  g_ptr_array_add (argv, s->key);
  g_ptr_array_add (argv, (gpointer) "--password-stdin");
  g_ptr_array_add (argv, (gpointer) "--trust-anchor");
  g_ptr_array_add (argv, s->ca);
  g_ptr_array_add (argv, (gpointer) "--ocsp-url");
  g_ptr_array_add (argv, s->ocsp);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (process);
  g_assert_true (g_output_stream_write_all (in, PASSWORD "\n", strlen (PASSWORD "\n"), NULL, NULL, &error));
  g_assert_true (g_output_stream_flush (in, NULL, &error));
  return process;
}

/* Waits for @process; its exit status (-1 when killed), out and err. */
static int
finish (GSubprocess  *process,
        char        **out,
        char        **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &o, &e, &error));
  g_assert_no_error (error);
  g_test_message ("certs seal: %s%s", o != NULL ? o : "", e != NULL ? e : "");
  if (out != NULL)
    *out = g_steal_pointer (&o);
  if (err != NULL)
    *err = g_steal_pointer (&e);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* certifica-cli --store @location ARGS… (no stdin). */
static int
run_cli (const char  *location,
         char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    cf_test_cli_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) cf_test_cli_path ());
  g_ptr_array_add (argv, (gpointer) "--store");
  g_ptr_array_add (argv, (gpointer) location);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return finish (process, out, err);
}

/* The seal of @xml checked by OpenSSL: the cadena recomputed from the
 * bytes, the signature with the signer's public key. */
static void
assert_openssl_verifies (GBytes     *xml,
                         const char *dir)
{
  Signer *s = get_signer ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "sealed.xml", NULL);
  g_autofree char *pub = g_build_filename (dir, "pub.pem", NULL);
  g_autofree char *data = g_build_filename (dir, "cadena.txt", NULL);
  g_autofree char *sig = g_build_filename (dir, "sig.bin", NULL);
  g_autofree char *pem = NULL;
  g_autofree char *ok = NULL;
  g_autofree char *cadena = NULL;
  g_autofree guchar *raw = NULL;
  g_autoptr(CfDec) dec = NULL;
  gsize raw_len = 0;
  const char * const x509[] = { "openssl", "x509", "-inform", "DER", "-in", s->cer, "-pubkey", "-noout", NULL };
  const char * const check[] = { "openssl", "dgst", "-sha256", "-verify", pub, "-signature", sig, data, NULL };

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (xml, NULL), g_bytes_get_size (xml), NULL));
  dec = cf_dec_xml_read_file (path, &error);
  g_assert_no_error (error);
  cadena = cf_cadena_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_test_spawn (x509, NULL, &pem, NULL), ==, 0);
  g_assert_true (g_file_set_contents (pub, pem, -1, NULL));
  g_assert_true (g_file_set_contents (data, cadena, -1, NULL));
  raw = g_base64_decode (cf_dec_get (dec, CF_DEC_FIELD_SELLO), &raw_len);
  g_assert_true (g_file_set_contents (sig, (const char *) raw, raw_len, NULL));
  g_assert_cmpint (cf_test_spawn (check, NULL, &ok, NULL), ==, 0);
  g_assert_nonnull (strstr (ok, "Verified OK"));
}

/* Every certificate sealed (its stored bytes verify, its folio its own)
 * or listo without a folio; folios 1…n with none lost; SQLite's own check
 * clean. Returns how many are sealed. */
static guint
assert_consistent (const char *location,
                   const char *dir,
                   gboolean    with_openssl)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_test_store_open (location);
  g_autoptr(GPtrArray) rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  g_autoptr(GHashTable) folios = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 next = 0;
  guint sealed = 0;
  gboolean first = TRUE;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GBytes) xml = NULL;
      g_autoptr(CfSealVerification) v = NULL;
      xmlDoc *doc;

      if (row->status == CF_CERT_STATUS_LISTO)
        {
          g_assert_null (row->folio_control);
          g_assert_null (cf_cert_repo_dup_xml (store, row->id, NULL));
          continue;
        }
      g_assert_cmpint (row->status, ==, CF_CERT_STATUS_SELLADO);
      sealed++;
      g_assert_true (g_hash_table_add (folios, row->folio_control));
      xml = cf_cert_repo_dup_xml (store, row->id, &error);
      g_assert_no_error (error);
      doc = cf_dec_xml_parse_data (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml), NULL, &error);
      g_assert_no_error (error);
      v = cf_sealer_verify_doc (doc, &error);
      xmlFreeDoc (doc);
      g_assert_no_error (error);
      g_assert_true (cf_seal_verification_seal_matches (v));
      g_assert_cmpint (cf_seal_verification_get_status (v), ==, CF_SEAL_VERIFICATION_NOT_TRUSTED);
      g_assert_cmpstr (cf_dec_get (cf_seal_verification_get_dec (v), CF_DEC_FIELD_FOLIO_CONTROL), ==,
                       row->folio_control);
      if (with_openssl && first)
        assert_openssl_verifies (xml, dir);
      first = FALSE;
    }
  g_assert_true (cf_cert_seal_repo_peek_next_folio (store, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, (gint64) sealed + 1);
  for (guint f = 1; f <= sealed; f++)
    {
      g_autofree char *folio = g_strdup_printf ("%u", f);

      g_assert_true (g_hash_table_contains (folios, folio));
    }

  if (cf_store_get_engine (store) == CF_STORE_ENGINE_SQLITE)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (cf_test_sqlite_of (store), "PRAGMA integrity_check", -1, &stmt, NULL),
                       ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
      sqlite3_finalize (stmt);
    }
  return sealed;
}

static void
test_seal_and_export (CfTestEngine  *f,
                      gconstpointer  engine)
{
  Signer *s = get_signer ();
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *zip_path = g_build_filename (f->dir, "sep.zip", NULL);
  g_autofree char *first_id = NULL;
  GsfInput *input;
  GsfInfile *zip;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  cf_seal_fixture_fill (store, 6, s->cer);
  rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  g_assert_no_error (error);
  first_id = g_strdup_printf ("%" G_GINT64_FORMAT, ((CfCertRow *) g_ptr_array_index (rows, 0))->id);

  /* Nothing sealed yet: nothing for SEP. */
  g_assert_cmpint (run_cli (f->location, &out, &err, "certs", "export-sep", "--out", zip_path, first_id, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "not sealed"));
  g_assert_false (g_file_test (zip_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  process = spawn_seal (f->location, "--all-ready", "--no-pdf", NULL);
  g_assert_cmpint (finish (process, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Sealed 6 of 6"));
  g_assert_null (strstr (out, PASSWORD));
  g_assert_null (strstr (err, PASSWORD));
  g_assert_cmpuint (assert_consistent (f->location, f->dir, TRUE), ==, 6);
  g_assert_null (cf_cert_repo_dup_pdf (store, ((CfCertRow *) g_ptr_array_index (rows, 0))->id, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_object (&process);

  /* `certs list --json` says which SEP portal each is for: production (no
   * incorporation in its test stage here). */
  g_assert_cmpint (run_cli (f->location, &out, &err, "certs", "list", "--status", "sellado", "--json", NULL),
                   ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *certs;

    g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
    g_assert_no_error (error);
    certs = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (certs), ==, 6);
    for (guint i = 0; i < 6; i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (certs, i), "portal"), ==,
                       "produccion");
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing left to seal; the next run makes the PDFs the first did not. */
  process = spawn_seal (f->location, "--all-ready", NULL);
  g_assert_cmpint (finish (process, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Made 6 PDFs left from an earlier run"));
  {
    g_autoptr(GBytes) pdf = cf_cert_repo_dup_pdf (store, ((CfCertRow *) g_ptr_array_index (rows, 0))->id, &error);

    g_assert_no_error (error);
    g_assert_nonnull (pdf);
    g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_object (&process);

  /* Sealed once only. */
  process = spawn_seal (f->location, first_id, NULL);
  g_assert_cmpint (finish (process, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "already sealed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->location, &out, &err, "certs", "export-sep", "--out", zip_path,
                            "--status", "sellado", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "6"));
  input = gsf_input_stdio_new (zip_path, &error);
  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gsf_infile_num_children (zip), ==, 6);
  {
    GsfInput *child = gsf_infile_child_by_index (zip, 0);
    gsize len = (gsize) gsf_input_size (child);
    g_autoptr(GBytes) bytes = g_bytes_new (gsf_input_read (child, len, NULL), len);

    assert_openssl_verifies (bytes, f->dir);
    g_object_unref (child);
  }
  g_object_unref (zip);
  g_object_unref (input);
}

/* SIGKILL at random moments of a batch of 200 (4 times), then a run to the end. */
static void
test_killed (CfTestEngine  *f,
             gconstpointer  engine)
{
  Signer *s = get_signer ();
  g_autoptr(CfStore) store = NULL;
  guint previous = 0;
  guint kills = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  cf_seal_fixture_fill (store, 200, s->cer);
  g_clear_object (&store);

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GSubprocess) process = spawn_seal (f->location, "--all-ready", "--no-pdf", "--jobs", "2", NULL);
      g_autoptr(CfStore) watch = cf_test_store_open (f->location);
      /* Killed once it sealed a few more, wherever it is then: inside a
       * transaction, signing, between the two. */
      guint target = previous + (guint) g_test_rand_int_range (1, 40);
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
      guint sealed;
      int status;

      for (;;)
        {
          guint counts[CF_CERT_N_STATUS] = { 0 };
          g_autoptr(GError) error = NULL;

          if (cf_cert_repo_count_by_status (watch, counts, &error) && counts[CF_CERT_STATUS_SELLADO] >= target)
            break;
          if (g_get_monotonic_time () > deadline)
            break;
          g_usleep (g_test_rand_int_range (500, 3000));
        }
      g_usleep (g_test_rand_int_range (0, 2000));
      g_subprocess_force_exit (process);
      status = finish (process, NULL, NULL);
      kills += status == -1;
      sealed = assert_consistent (f->location, f->dir, round == 0);
      g_test_message ("round %u: %s, %u sealed", round, status == -1 ? "killed" : "finished", sealed);
      g_assert_cmpuint (sealed, >=, previous);
      previous = sealed;
    }
  g_assert_cmpuint (kills, >, 0);

  /* Restarted: it finishes what is left. */
  {
    g_autoptr(GSubprocess) process = spawn_seal (f->location, "--all-ready", "--no-pdf", NULL);

    g_assert_cmpint (finish (process, NULL, NULL), ==, 0);
    g_assert_cmpuint (assert_consistent (f->location, f->dir, TRUE), ==, 200);
  }
}

/* Two desks (two processes) sealing "todos los listos" at once. */
static void
test_two_desks (CfTestEngine  *f,
                gconstpointer  engine)
{
  Signer *s = get_signer ();
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GSubprocess) a = NULL;
  g_autoptr(GSubprocess) b = NULL;
  g_autofree char *out_a = NULL;
  g_autofree char *out_b = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  cf_seal_fixture_fill (store, 150, s->cer);
  g_clear_object (&store);

  a = spawn_seal (f->location, "--all-ready", "--no-pdf", "--jobs", "2", NULL);
  b = spawn_seal (f->location, "--all-ready", "--no-pdf", "--jobs", "2", NULL);
  g_assert_cmpint (finish (a, &out_a, NULL), ==, 0);
  g_assert_cmpint (finish (b, &out_b, NULL), ==, 0);
  g_assert_cmpuint (assert_consistent (f->location, f->dir, FALSE), ==, 150);
}

int
main (int    argc,
      char **argv)
{
  static const char * const engines[] = { "sqlite", "postgresql" };
  int status;

  g_test_init (&argc, &argv, NULL);
  gsf_init ();

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      CF_TEST_ADD_ENGINE_CASE ("cli/certs-seal", engines[i], "seal-export", test_seal_and_export);
      CF_TEST_ADD_ENGINE_CASE ("cli/certs-seal", engines[i], "killed", test_killed);
    }
  CF_TEST_ADD_ENGINE_CASE ("cli/certs-seal", "postgresql", "two-desks", test_two_desks);

  status = g_test_run ();
  if (shared != NULL)
    {
      cf_test_ocsp_stop_responder (shared->responder);
      cf_test_rmdir (shared->dir);
    }
  return status;
}
