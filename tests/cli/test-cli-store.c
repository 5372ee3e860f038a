/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli store init|info|copy, audit, plan import and efirma
 * add|list on both engines: each case runs once on a SQLite file and once
 * on a new PostgreSQL database of the test server, the CLI as a
 * subprocess ($CF_CLI) with the password in PGPASSWORD. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cf-efirma.h"
#include "cf-store.h"
#include "cf-test-util.h"

typedef CfTestEngine Fixture;


/* Runs certifica-cli [--store STORE] ARGS…; STORE NULL names the store in
 * CERTIFICA_STORE instead (@env_store). Returns the exit status. */
static int
cli_full (Fixture     *f,
          const char  *store,
          const char  *env_store,
          char       **out,
          char       **err,
          va_list      args)
{
  g_autoptr(GSubprocessLauncher) launcher = cf_test_cli_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                  G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *cli_path = g_getenv ("CF_CLI");
  const char *arg;
  int status;

  g_assert_nonnull (cli_path);
  /* Whatever a verb does by default stays in the temporary folder. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  if (env_store != NULL)
    g_subprocess_launcher_setenv (launcher, "CERTIFICA_STORE", env_store, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "CERTIFICA_STORE");

  g_ptr_array_add (argv, (gpointer) cli_path);
  if (store != NULL)
    {
      g_ptr_array_add (argv, "--store");
      g_ptr_array_add (argv, (gpointer) store);
    }
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);

  if (g_test_verbose ())
    g_test_message ("exit %d\n%s%s", status, stdout_text, stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return status;
}

static int
cli_at (Fixture     *f,
        const char  *store,
        char       **out,
        char       **err,
        ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = cli_full (f, store, NULL, out, err, args);
  va_end (args);
  return status;
}

static int
cli_env (Fixture     *f,
         const char  *env_store,
         char       **out,
         char       **err,
         ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = cli_full (f, NULL, env_store, out, err, args);
  va_end (args);
  return status;
}

/* The fixture's store, named with --store. */
#define CLI(f, out, err, ...) cli_at ((f), (f)->location, (out), (err), __VA_ARGS__, NULL)
#define CLI_AT(f, store, out, err, ...) cli_at ((f), (store), (out), (err), __VA_ARGS__, NULL)
/* The store named in CERTIFICA_STORE. */
#define CLI_ENV(f, store, out, err, ...) cli_env ((f), (store), (out), (err), __VA_ARGS__, NULL)

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

typedef struct
{
  gint64 signers;
  gint64 plans;
  gint64 subjects;
  gint64 audit_entries;
} Info;

/* `store info --json` on @store, its engine and version checked. */
static Info
store_info (Fixture    *f,
            const char *store)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *shown = cf_store_location_for_display (store);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  Info info;

  g_assert_cmpint (CLI_AT (f, store, &out, &err, "store", "info", "--json"), ==, 0);
  root = parse_json (out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "location"), ==, shown);
  g_assert_cmpstr (json_object_get_string_member (object, "engine"), ==,
                   cf_store_location_is_uri (store) ? "postgresql" : "sqlite");
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==,
                   cf_store_get_latest_schema_version ());
  info.signers = json_object_get_int_member (object, "signers");
  info.plans = json_object_get_int_member (object, "plans");
  info.subjects = json_object_get_int_member (object, "subjects");
  info.audit_entries = json_object_get_int_member (object, "audit_entries");
  return info;
}

static void
assert_info (Info   info,
             gint64 signers,
             gint64 plans,
             gint64 subjects,
             gint64 audit_entries)
{
  g_assert_cmpint (info.signers, ==, signers);
  g_assert_cmpint (info.plans, ==, plans);
  g_assert_cmpint (info.subjects, ==, subjects);
  g_assert_cmpint (info.audit_entries, ==, audit_entries);
}

static char *
export_workbook (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "xlsx", "certifica-export.xlsx", NULL);
}

/* `plan import` of the test workbook (one plan, two subjects). */
static void
import_workbook (Fixture    *f,
                 const char *store)
{
  g_autofree char *xlsx = export_workbook ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (CLI_AT (f, store, &out, &err, "plan", "import", xlsx), ==, 0);
  g_assert_nonnull (strstr (out, "now holds these plans"));
}

static char *
generate_cer (Fixture    *f,
              const char *basename,
              const char *serial)
{
  CfTestCertSpec spec = { 0 };
  g_autoptr(GError) error = NULL;
  char *cer = NULL;
  g_autofree char *key = NULL;

  spec.name = "ZOE RAMIREZ SOTO";
  spec.rfc = "RASZ800101AB1";
  spec.serial_ascii = serial;
  spec.bits = 1024;
  cf_test_generate_cert (f->dir, basename, &spec, &cer, &key, &error);
  g_assert_no_error (error);
  return cer;
}

/* ------------------------------------------------------------------ */

static void
test_init_info (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *ready = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  CF_TEST_REQUIRE_ENGINE (f);
  shown = cf_store_location_for_display (f->location);

  g_assert_cmpint (CLI (f, &out, &err, "store", "init"), ==, 0);
  ready = g_strdup_printf ("The store %s is ready (%s, schema version %d).", shown, f->engine,
                           cf_store_get_latest_schema_version ());
  g_assert_nonnull (strstr (out, ready));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Again: already there, nothing to do, same answer. */
  g_assert_cmpint (CLI (f, &out, &err, "store", "init"), ==, 0);
  g_assert_nonnull (strstr (out, ready));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The store named in the environment rather than with --store. */
  g_assert_cmpint (CLI_ENV (f, f->location, &out, &err, "store", "info", "--json"), ==, 0);
  root = parse_json (out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "location"), ==, shown);
  g_assert_cmpstr (json_object_get_string_member (object, "engine"), ==, f->engine);
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==,
                   cf_store_get_latest_schema_version ());
  g_assert_cmpint (json_object_get_int_member (object, "signers"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "plans"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "subjects"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "audit_entries"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The text form. */
  g_assert_cmpint (CLI (f, &out, &err, "store", "info"), ==, 0);
  g_assert_nonnull (strstr (out, g_str_equal (f->engine, "postgresql") ? "Engine: PostgreSQL\n"
                                                                       : "Engine: SQLite\n"));
  g_assert_nonnull (strstr (out, "Subjects: 0\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "store", "info", "extra"), ==, 2);
}

static void
test_import_audit (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *today = NULL;
  g_autofree char *cer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonArray *array;
  JsonObject *entry;

  CF_TEST_REQUIRE_ENGINE (f);

  import_workbook (f, f->location);
  assert_info (store_info (f, f->location), 0, 1, 2, 1);

  g_assert_cmpint (CLI (f, &out, &err, "audit", "--json"), ==, 0);
  root = parse_json (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  entry = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "import");
  g_assert_cmpstr (json_object_get_string_member (entry, "entity"), ==, "plans");
  g_assert_cmpstr (json_object_get_string_member (entry, "field"), ==, "subjects");
  g_assert_cmpstr (json_object_get_string_member (entry, "new"), ==, "2");
  g_assert_true (json_object_get_null_member (entry, "old"));
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, g_get_user_name ());
  g_assert_cmpstr (json_object_get_string_member (entry, "host"), ==, g_get_host_name ());
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Filtered by day: from today on it is there, in 2999 nothing is. */
  today = g_date_time_format (now, "%Y-%m-%d");
  g_assert_cmpint (CLI (f, &out, &err, "audit", "--json", "--since", today), ==, 0);
  root = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "audit", "--json", "--since", "2999-01-01"), ==, 0);
  root = parse_json (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "audit", "--since", "2999-01-01"), ==, 0);
  g_assert_cmpstr (out, ==, "The bitácora has no entries.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "audit"), ==, 0);
  g_assert_nonnull (strstr (out, " import plans "));
  g_assert_nonnull (strstr (out, "subjects:  → 2"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "audit", "--since", "2024-02-30"), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A signer: added once, listed, in the counts and the bitácora. */
  cer = generate_cer (f, "zoe", "30001000000500000001");
  g_assert_cmpint (CLI (f, &out, &err, "efirma", "add", "--trust-anchor", cer, cer), ==, 0);
  g_assert_nonnull (strstr (out, "30001000000500000001"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "efirma", "add", "--trust-anchor", cer, cer), ==, 1);
  g_assert_nonnull (strstr (err, "30001000000500000001"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "efirma", "list", "--json"), ==, 0);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  entry = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "certificate_number"), ==, "30001000000500000001");
  g_assert_cmpstr (json_object_get_string_member (entry, "rfc"), ==, "RASZ800101AB1");
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  assert_info (store_info (f, f->location), 1, 1, 2, 2);

  g_assert_cmpint (CLI (f, &out, &err, "audit", "--json"), ==, 0);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  entry = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "add");
  g_assert_cmpstr (json_object_get_string_member (entry, "entity"), ==, "signer");
  g_assert_cmpstr (json_object_get_string_member (entry, "entity_id"), ==, "30001000000500000001");
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, g_get_user_name ());
  g_assert_cmpint (json_object_get_int_member (entry, "id"), >,
                   json_object_get_int_member (json_array_get_object_element (array, 1), "id"));
}

static void
assert_copy_report (const char *out)
{
  static const char * const tables[] = {
    "signers", "plan_institution", "plan_campus", "plan_career", "plan_plan", "plan_subject",
    "plan_snapshot", "plan_snapshot_row", "plan_id_history", "institution", "student", "grade",
    "folio_sequence", "certificate", "certificate_event", "test_folio", "test_folio_use", "incorporation",
    "incorporation_file",
    "audit_log",
  };
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_auto(GStrv) cells = NULL;

      g_assert_nonnull (lines[i]);
      cells = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 3);
      g_assert_cmpstr (cells[0], ==, tables[i]);
      g_assert_cmpstr (cells[2], ==, "ok");
    }
  g_assert_cmpstr (lines[i], ==, "The copy matches the original, table by table.");
  g_assert_cmpstr (lines[i + 1], ==, "");
  g_assert_null (lines[i + 2]);
}

static char *
checksum_of (const char *location)
{
  g_autoptr(CfStore) store = cf_test_store_open (location);
  g_autoptr(GError) error = NULL;
  char *sum = cf_store_checksum (store, &error);

  g_assert_no_error (error);
  return sum;
}

static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  const char *target;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cer = NULL;
  g_autofree char *source_audit = NULL;
  g_autofree char *target_audit = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *to_option = NULL;

  CF_TEST_REQUIRE_ENGINE (f);

  /* To the other engine; SQLite to SQLite when there is no server here. */
  target = cf_test_engine_other_location (f, g_str_equal (f->engine, "sqlite") ? "postgresql" : "sqlite");
  if (target == NULL)
    target = cf_test_engine_other_location (f, "sqlite");

  import_workbook (f, f->location);
  cer = generate_cer (f, "zoe", "30001000000500000001");
  g_assert_cmpint (CLI (f, &out, &err, "efirma", "add", "--trust-anchor", cer, cer), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (CLI (f, &out, &err, "store", "copy", "--to", target), ==, 0);
  assert_copy_report (out);
  g_assert_nonnull (strstr (out, "signers\t1\tok\n"));
  g_assert_nonnull (strstr (out, "plan_subject\t2\tok\n"));
  g_assert_nonnull (strstr (out, "audit_log\t2\tok\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  assert_info (store_info (f, target), 1, 1, 2, 2);
  g_assert_cmpint (CLI (f, &source_audit, &err, "audit", "--json"), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI_AT (f, target, &target_audit, &err, "audit", "--json"), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpstr (target_audit, ==, source_audit);

  /* Again into the same target, which now holds data: refused, untouched. */
  before = checksum_of (target);
  to_option = g_strdup_printf ("--to=%s", target);
  g_assert_cmpint (CLI (f, &out, &err, "store", "copy", to_option), ==, 1);
  g_assert_nonnull (strstr (err, "already holds data"));
  g_assert_null (strstr (out, "matches"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  after = checksum_of (target);
  g_assert_cmpstr (after, ==, before);

  /* Onto itself, or nowhere: usage errors. */
  g_assert_cmpint (CLI (f, &out, &err, "store", "copy", "--to", f->location), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (CLI (f, &out, &err, "store", "copy"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);

#define ADD(engine, name, func) CF_TEST_ADD_ENGINE_CASE ("cli-store", engine, name, func)

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      ADD (engines[i], "init-info", test_init_info);
      ADD (engines[i], "import-audit", test_import_audit);
      ADD (engines[i], "copy", test_copy);
    }
#undef ADD

  return g_test_run ();
}
