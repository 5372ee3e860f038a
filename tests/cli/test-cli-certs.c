/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli certs list | validate on a SQLite file and on a PostgreSQL
 * database holding a plan (tests/core/test-plan-fixture.h) and students
 * imported with "students import" from a CSV file: list's JSON keys, the
 * states, validate's exit status (0 only when every certificate asked for
 * is listo), its findings with where to fix them, and a certificate that
 * turns listo once the export is corrected and imported again. */

#include "config.h"

#include <json-glib/json-glib.h>

#include "cf-curp.h"
#include "cf-test-util.h"
#include "../core/test-plan-fixture.h"

typedef CfTestEngine Fixture;

/* certifica-cli --store LOCATION ARGS… in @language ("C" or "es");
 * exit status. */
static int
cli_v (Fixture     *f,
       const char  *language,
       char       **out,
       const char  *first,
       va_list      ap)
{
  g_autoptr(GSubprocessLauncher) launcher = cf_test_cli_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                  G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  int status;

  g_ptr_array_add (argv, (gpointer) cf_test_cli_path ());
  g_ptr_array_add (argv, (gpointer) "--store");
  g_ptr_array_add (argv, f->location);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  if (g_strcmp0 (language, "es") == 0)
    {
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", "es_MX:es", TRUE);
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "es_MX.UTF-8", TRUE);
    }
  else
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);
  if (g_test_verbose ())
    g_test_message ("%s: exit %d\n%s%s", first, status, stdout_text, stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  return status;
}

/* certifica-cli … in English (the C locale's messages); exit status. */
static int
cli (Fixture     *f,
     char       **out,
     const char  *first,
     ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = cli_v (f, "C", out, first, ap);
  va_end (ap);
  return status;
}

/* The same in Spanish. */
static int
cli_es (Fixture     *f,
        char       **out,
        const char  *first,
        ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = cli_v (f, "es", out, first, ap);
  va_end (ap);
  return status;
}

static char *
curp (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, cf_curp_compute_check_digit (first17));
}

/* The school system's export, one row per subject. @fixed: A002's last
 * grade has its cycle. */
static char *
write_export (Fixture  *f,
              gboolean  fixed)
{
  g_autofree char *ana = curp ("LOPA990501MDFPRN0");
  g_autofree char *luis = curp ("RUIL000212HDFZSSA");
  g_autofree char *path = g_build_filename (f->dir, fixed ? "fixed.csv" : "export.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("MATRICULA,CURP,NOMBRE,PRIMER_APELLIDO,SEGUNDO_APELLIDO,ID_GENERO,"
                                         "FECHA_NACIMIENTO,EMAIL,ID_CARRERA,CLAVE_PLAN,ID_TIPO_CERTIFICACION,"
                                         "FECHA_EXPEDICION,ID_ASIGNATURA,CICLO,CALIFICACION,ID_OBSERVACIONES\n");
  static const char * const grades[][3] = {
    { "1001", "2018-1", "8" }, { "1002", "2018-1", "9.5" }, { "1003", "2018-2", "7" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    g_string_append_printf (csv, "A001,%s,ANA MARIA,LOPEZ,PENA,250,1999-05-01,ana@example.edu.mx,101,2018,79,"
                            "2023-07-10,%s,%s,%s,100\n", ana, grades[i][0], grades[i][1], grades[i][2]);
  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    g_string_append_printf (csv, "A002,%s,LUIS,RUIZ,DIAZ,251,2000-02-12,luis@example.edu.mx,101,2018,79,"
                            "2023-07-10,%s,%s,%s,100\n", luis, grades[i][0],
                            (i == 2 && !fixed) ? "" : grades[i][1], grades[i][2]);
  g_assert_true (g_file_set_contents (path, csv->str, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static JsonArray *
parse_array (JsonParser *parser,
             const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_node_get_array (json_parser_get_root (parser));
}

static JsonObject *
find_cert (JsonArray  *certs,
           const char *matricula)
{
  for (guint i = 0; i < json_array_get_length (certs); i++)
    {
      JsonObject *cert = json_array_get_object_element (certs, i);

      if (g_strcmp0 (json_object_get_string_member (cert, "matricula"), matricula) == 0)
        return cert;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_list_validate (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const keys[] = {
    "id", "matricula", "curp", "name", "career_id", "plan", "status", "folio_control", "portal", "findings",
  };
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *export = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *out = NULL;
  g_autofree char *ana_id = NULL;
  g_autofree char *luis_id = NULL;
  JsonArray *certs;
  JsonObject *ana, *luis;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  export = write_export (f, FALSE);
  g_assert_cmpint (cli (f, NULL, "students", "import", export, NULL), ==, 0);

  /* Listed straight after the import, never checked. */
  g_assert_cmpint (cli (f, &out, "certs", "list", "--json", NULL), ==, 0);
  certs = parse_array (parser, out);
  g_assert_cmpuint (json_array_get_length (certs), ==, 2);
  ana = find_cert (certs, "A001");
  {
    g_autoptr(GList) members = json_object_get_members (ana);

    g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      g_assert_true (json_object_has_member (ana, keys[i]));
  }
  g_assert_cmpstr (json_object_get_string_member (ana, "status"), ==, "borrador");
  g_assert_cmpstr (json_object_get_string_member (ana, "career_id"), ==, "101");
  g_assert_cmpstr (json_object_get_string_member (ana, "plan"), ==, "2018");
  g_assert_cmpstr (json_object_get_string_member (ana, "name"), ==, "Ana María López Pena");
  g_assert_true (json_object_get_null_member (ana, "folio_control"));
  g_assert_true (json_object_get_null_member (ana, "portal"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ana, "findings")), ==, 0);
  ana_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (ana, "id"));
  luis_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (find_cert (certs, "A002"), "id"));
  g_clear_pointer (&out, g_free);

  /* Validate all: one has an error, so exit 1. */
  g_assert_cmpint (cli (f, &out, "certs", "validate", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "fix it in: the subjects table"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, NULL, "certs", "validate", ana_id, NULL), ==, 0);
  g_assert_cmpint (cli (f, NULL, "certs", "validate", luis_id, NULL), ==, 1);
  g_assert_cmpint (cli (f, NULL, "certs", "validate", "999999", NULL), ==, 1);
  g_assert_cmpint (cli (f, NULL, "certs", "validate", "abc", NULL), ==, 2);
  g_assert_cmpint (cli (f, NULL, "certs", "list", "--status", "lista", NULL), ==, 2);

  g_assert_cmpint (cli (f, &out, "certs", "validate", "--json", NULL), ==, 1);
  certs = parse_array (parser, out);
  ana = find_cert (certs, "A001");
  luis = find_cert (certs, "A002");
  g_assert_cmpstr (json_object_get_string_member (ana, "status"), ==, "listo");
  g_assert_cmpstr (json_object_get_string_member (luis, "status"), ==, "borrador");
  {
    JsonArray *findings = json_object_get_array_member (luis, "findings");
    gboolean seen = FALSE;

    for (guint i = 0; i < json_array_get_length (findings); i++)
      {
        JsonObject *finding = json_array_get_object_element (findings, i);

        if (g_strcmp0 (json_object_get_string_member (finding, "severity"), "error") == 0)
          {
            g_assert_cmpstr (json_object_get_string_member (finding, "code"), ==, "student.missing-value");
            g_assert_cmpstr (json_object_get_string_member (finding, "place"), ==, "grades");
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f, &out, "certs", "list", "--status", "listo", "--json", NULL), ==, 0);
  certs = parse_array (parser, out);
  g_assert_cmpuint (json_array_get_length (certs), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (certs, 0), "matricula"), ==,
                   "A001");
  g_clear_pointer (&out, g_free);

  /* The export corrected and imported again: every certificate listo. */
  fixed = write_export (f, TRUE);
  g_assert_cmpint (cli (f, NULL, "students", "import", fixed, NULL), ==, 0);
  g_assert_cmpint (cli (f, &out, "certs", "validate", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 of 2 certificates are listo"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, "certs", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 Ready"));
}

/* The first finding of @cert with @code; its message. */
static const char *
finding_message (JsonObject *cert,
                 const char *code)
{
  JsonArray *findings = json_object_get_array_member (cert, "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (finding, "code"), code) == 0)
        return json_object_get_string_member (finding, "message");
    }
  return NULL;
}

/* validate checks only the certificates named; findings are stored by key
 * and arguments, so a check run in English reads in Spanish when listed in
 * Spanish (a date in words too), and in English again in English. */
static void
test_validate_some_language (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *export = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *ana_id = NULL;
  g_autofree char *luis_id = NULL;
  g_autoptr(GString) odd = NULL;
  JsonArray *certs;
  JsonObject *ana, *luis;
  const char *message;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  /* Ana's record says 2 May, her CURP 1 May: a warning with two dates. */
  export = write_export (f, FALSE);
  g_assert_true (g_file_get_contents (export, &csv, NULL, &error));
  g_assert_no_error (error);
  odd = g_string_new (csv);
  g_assert_cmpuint (g_string_replace (odd, ",1999-05-01,", ",1999-05-02,", 0), ==, 3);
  g_assert_true (g_file_set_contents (export, odd->str, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cli (f, NULL, "students", "import", export, NULL), ==, 0);

  g_assert_cmpint (cli (f, &out, "certs", "list", "--json", NULL), ==, 0);
  certs = parse_array (parser, out);
  ana_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (find_cert (certs, "A001"), "id"));
  luis_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (find_cert (certs, "A002"), "id"));
  g_clear_pointer (&out, g_free);

  /* Only Luis is checked: Ana stays never checked. */
  g_assert_cmpint (cli (f, &out, "certs", "validate", luis_id, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "The grade of subject 1003 has no cycle."));
  g_assert_null (strstr (out, "A001"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_es (f, &out, "certs", "list", "--json", NULL), ==, 0);
  certs = parse_array (parser, out);
  ana = find_cert (certs, "A001");
  luis = find_cert (certs, "A002");
  g_assert_cmpstr (json_object_get_string_member (ana, "status"), ==, "borrador");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ana, "findings")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (luis, "status"), ==, "borrador");
  message = finding_message (luis, "student.missing-value");
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "La calificación de la asignatura 1003 no tiene ciclo."));
  g_clear_pointer (&out, g_free);

  /* Ana checked in English (JSON too), listed in Spanish and English. */
  g_assert_cmpint (cli (f, &out, "certs", "validate", "--json", ana_id, NULL), ==, 0);
  certs = parse_array (parser, out);
  g_assert_cmpuint (json_array_get_length (certs), ==, 1);
  message = finding_message (find_cert (certs, "A001"), "curp.birth-date");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "The birth date is May 2, 1999 but the student’s CURP says May 1, 1999."));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_es (f, &out, "certs", "list", "--json", NULL), ==, 0);
  certs = parse_array (parser, out);
  ana = find_cert (certs, "A001");
  g_assert_cmpstr (json_object_get_string_member (ana, "status"), ==, "listo");
  message = finding_message (ana, "curp.birth-date");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "2 de mayo de 1999"));
  g_assert_nonnull (strstr (message, "1 de mayo de 1999"));
  g_assert_null (strstr (message, "May"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, "certs", "list", "--json", NULL), ==, 0);
  certs = parse_array (parser, out);
  g_assert_true (g_str_has_prefix (finding_message (find_cert (certs, "A002"), "student.missing-value"),
                                   "The grade of subject 1003 has no cycle."));
  g_clear_pointer (&out, g_free);

  /* validate in Spanish prints the stored English check in Spanish. */
  g_assert_cmpint (cli_es (f, &out, "certs", "validate", luis_id, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "La calificación de la asignatura 1003 no tiene ciclo."));
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      CF_TEST_ADD_ENGINE_CASE ("cli-certs", engines[i], "list-validate", test_list_validate);
      CF_TEST_ADD_ENGINE_CASE ("cli-certs", engines[i], "validate-some-language", test_validate_some_language);
    }
  return g_test_run ();
}
