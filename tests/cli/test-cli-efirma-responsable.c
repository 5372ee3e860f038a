/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli efirma add|set|list with the Responsable options (--cargo,
 * --nombre, --primer-apellido, --segundo-apellido, --campus,
 * --every-campus) on both engines, the CLI as a subprocess ($CF_CLI) on
 * generated certificates; SAT's test e.firma (skipped when absent) for the
 * FILE.cer form of efirma set. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cf-institution-repo.h"
#include "cf-store.h"
#include "cf-test-util.h"
#include "../core/test-plan-fixture.h"

typedef CfTestEngine Fixture;

static int
cli (Fixture     *f,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = cf_test_cli_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                  G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  va_list args;
  int status;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "CERTIFICA_STORE");
  g_ptr_array_add (argv, (gpointer) cf_test_cli_path ());
  g_ptr_array_add (argv, "--store");
  g_ptr_array_add (argv, f->location);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\n%s%s", status, stdout_text, stderr_text);
  g_free (*out);
  g_free (*err);
  *out = g_steal_pointer (&stdout_text);
  *err = g_steal_pointer (&stderr_text);
  return status;
}

#define CLI(f, ...) cli ((f), &out, &err, __VA_ARGS__, NULL)

static char *
generate_cer (Fixture    *f,
              const char *basename,
              const char *name,
              const char *serial)
{
  CfTestCertSpec spec = { .name = name, .serial_ascii = serial, .bits = 1024 };
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  char *cer = NULL;

  g_assert_true (cf_test_generate_cert (f->dir, basename, &spec, &cer, &key, &error));
  g_assert_no_error (error);
  return cer;
}

/* The signers from efirma list --json. */
static JsonArray *
list_json (Fixture   *f,
           JsonNode **root)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (CLI (f, "efirma", "list", "--json"), ==, 0);
  *root = json_from_string (out, &error);
  g_assert_no_error (error);
  return json_node_get_array (*root);
}

static void
assert_campuses (JsonObject *signer,
                 const char *expected)
{
  JsonArray *campuses = json_object_get_array_member (signer, "campuses");
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (campuses); i++)
    {
      if (i > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, json_array_get_string_element (campuses, i));
    }
  g_assert_cmpstr (joined->str, ==, expected);
}

/* Two campuses known: the plans' 090101 and 090300 set in Preferences. */
static void
make_campuses (Fixture *f)
{
  g_autoptr(CfStore) store = cf_test_store_open (f->location);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
  g_assert_true (cf_institution_repo_set (store, NULL, NULL, "090300", &error));
  g_assert_no_error (error);
}

static void
test_add_set_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *juan = NULL;
  g_autofree char *ana = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *signers;
  JsonObject *signer;

  CF_TEST_REQUIRE_ENGINE (f);
  make_campuses (f);
  juan = generate_cer (f, "juan", "JUAN CARLOS DE LA CRUZ PEREZ", "30001000000500000011");
  ana = generate_cer (f, "ana", "ANA RUIZ SOTO", "30001000000500000012");

  /* Refused before anything is written, each saying what is valid. */
  g_assert_cmpint (CLI (f, "efirma", "add", "--trust-anchor", juan, "--cargo", "9", juan), ==, 2);
  g_assert_nonnull (strstr (err, "“9”"));
  g_assert_nonnull (strstr (err, "1  DIRECTOR"));
  g_assert_nonnull (strstr (err, "5  RESPONSABLE DE EXPEDICIÓN"));
  g_assert_cmpint (CLI (f, "efirma", "add", "--trust-anchor", juan, "--nombre", "JUAN", juan), ==, 2);
  g_assert_nonnull (strstr (err, "--primer-apellido"));
  g_assert_cmpint (CLI (f, "efirma", "add", "--trust-anchor", juan, "--segundo-apellido", "PEREZ", juan), ==, 2);
  g_assert_nonnull (strstr (err, "--nombre"));
  g_assert_cmpint (CLI (f, "efirma", "add", "--trust-anchor", juan, "--campus", "999999", juan), ==, 2);
  g_assert_nonnull (strstr (err, "“999999”"));
  g_assert_nonnull (strstr (err, "090101  ÚNICO"));
  g_assert_nonnull (strstr (err, "090300"));
  signers = list_json (f, &root);
  g_assert_cmpuint (json_array_get_length (signers), ==, 0);
  g_clear_pointer (&root, json_node_unref);

  /* The defaults: cargo 5, the name split from the certificate, every
   * campus (with a note, the institution having two). */
  g_assert_cmpint (CLI (f, "efirma", "add", "--trust-anchor", juan, juan), ==, 0);
  g_assert_nonnull (strstr (out, "5 RESPONSABLE DE EXPEDICIÓN; JUAN CARLOS / DE LA CRUZ / PEREZ"));
  g_assert_nonnull (strstr (out, "Campuses: every campus"));
  g_assert_nonnull (strstr (err, "every campus (2)"));
  signers = list_json (f, &root);
  g_assert_cmpuint (json_array_get_length (signers), ==, 1);
  signer = json_array_get_object_element (signers, 0);
  g_assert_cmpstr (json_object_get_string_member (signer, "certificate_number"), ==, "30001000000500000011");
  g_assert_cmpstr (json_object_get_string_member (signer, "id_cargo"), ==, "5");
  g_assert_cmpstr (json_object_get_string_member (signer, "cargo"), ==, "RESPONSABLE DE EXPEDICIÓN");
  g_assert_cmpstr (json_object_get_string_member (signer, "nombre"), ==, "JUAN CARLOS");
  g_assert_cmpstr (json_object_get_string_member (signer, "primer_apellido"), ==, "DE LA CRUZ");
  g_assert_cmpstr (json_object_get_string_member (signer, "segundo_apellido"), ==, "PEREZ");
  g_assert_true (json_object_get_boolean_member (signer, "every_campus"));
  assert_campuses (signer, "");
  g_clear_pointer (&root, json_node_unref);

  /* Every option at once. */
  g_assert_cmpint (CLI (f, "efirma", "add", "--trust-anchor", ana, "--cargo", "3", "--nombre", "Ana María",
                        "--primer-apellido", "ruiz", "--segundo-apellido", "Soto", "--campus", "090101", ana), ==, 0);
  g_assert_nonnull (strstr (out, "3 RECTOR; ANA MARÍA / RUIZ / SOTO"));
  g_assert_cmpstr (err, ==, "");

  /* efirma set by number: only what is given changes. */
  g_assert_cmpint (CLI (f, "efirma", "set", "30001000000500000011", "--cargo", "1",
                        "--campus", "090300", "--campus", "090101"), ==, 0);
  g_assert_nonnull (strstr (out, "1 DIRECTOR; JUAN CARLOS / DE LA CRUZ / PEREZ"));
  g_assert_nonnull (strstr (out, "Campuses: 090101, 090300"));
  g_assert_cmpint (CLI (f, "efirma", "set", "30001000000500000011", "--nombre", "Juan Carlos",
                        "--primer-apellido", "De la Cruz"), ==, 0);
  g_assert_nonnull (strstr (out, "1 DIRECTOR; JUAN CARLOS / DE LA CRUZ / \n"));
  /* By file, back to every campus. */
  g_assert_cmpint (CLI (f, "efirma", "set", ana, "--every-campus"), ==, 0);

  signers = list_json (f, &root);
  g_assert_cmpuint (json_array_get_length (signers), ==, 2);
  signer = json_array_get_object_element (signers, 0);
  g_assert_cmpstr (json_object_get_string_member (signer, "nombre"), ==, "ANA MARÍA");
  g_assert_cmpstr (json_object_get_string_member (signer, "id_cargo"), ==, "3");
  assert_campuses (signer, "");
  signer = json_array_get_object_element (signers, 1);
  g_assert_cmpstr (json_object_get_string_member (signer, "id_cargo"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (signer, "segundo_apellido"), ==, "");
  assert_campuses (signer, "090101,090300");
  g_assert_false (json_object_get_boolean_member (signer, "every_campus"));
  g_clear_pointer (&root, json_node_unref);

  /* The text list shows the same. */
  g_assert_cmpint (CLI (f, "efirma", "list"), ==, 0);
  g_assert_nonnull (strstr (out, "Responsable: 3 RECTOR; ANA MARÍA / RUIZ / SOTO"));
  g_assert_nonnull (strstr (out, "Campuses: 090101, 090300"));

  /* Each change in the bitácora. */
  g_assert_cmpint (CLI (f, "audit", "--json"), ==, 0);
  g_assert_nonnull (strstr (out, "\"ID_CARGO\""));
  g_assert_nonnull (strstr (out, "\"CAMPUS\""));
  g_assert_nonnull (strstr (out, "\"SEGUNDO_APELLIDO\""));

  /* Errors. */
  g_assert_cmpint (CLI (f, "efirma", "set", "30001000000599999999", "--cargo", "1"), ==, 1);
  g_assert_nonnull (strstr (err, "30001000000599999999"));
  g_assert_cmpint (CLI (f, "efirma", "set", "30001000000500000011"), ==, 2);
  g_assert_cmpint (CLI (f, "efirma", "set", "30001000000500000011", "--campus", "090101", "--every-campus"), ==, 2);
  g_assert_cmpint (CLI (f, "efirma", "set", "30001000000500000011", "--cargo", "0"), ==, 2);
}

/* SAT's test e.firma: its number read from the file (no signer has it);
 * options checked before the certificate is. */
static void
test_sat_fixture (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *fiel = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/certificate.cer");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  if (fiel == NULL)
    {
      g_test_skip ("SAT fixtures not found ($CF_FIXTURES_DIR)");
      return;
    }
  g_assert_cmpint (CLI (f, "efirma", "set", fiel, "--cargo", "1"), ==, 1);
  g_assert_nonnull (strstr (err, "30001000000300023685"));
  g_assert_cmpint (CLI (f, "efirma", "add", "--cargo", "7", fiel), ==, 2);
  g_assert_nonnull (strstr (err, "3  RECTOR"));
  g_assert_cmpint (CLI (f, "efirma", "add", "--nombre", "TOMAS", fiel), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      CF_TEST_ADD_ENGINE_CASE ("cli/efirma-responsable", engines[i], "add-set-list", test_add_set_list);
      CF_TEST_ADD_ENGINE_CASE ("cli/efirma-responsable", engines[i], "sat-fixture", test_sat_fixture);
    }
  return g_test_run ();
}
