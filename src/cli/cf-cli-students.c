/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-students.c: certifica-cli students import.
 *
 * Exit status: 0 when every row of the file was imported (findings such as
 * a subject not in the plan do not count: those grades are imported and
 * shown); 1 when any row was rejected (the accepted ones are still written
 * unless --dry-run) or the import failed; 2 on a wrong command line. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-cli-store.h"
#include "cf-cli-students.h"
#include "cf-json.h"
#include "cf-store.h"
#include "cf-students-import.h"

/* Findings and rejected rows printed before "…and N more". */
#define MAX_PRINTED 50

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholder in capitals as in the options. */
#define IMPORT_SYNOPSIS N_("[--dry-run] [--json] FILE.xlsx|FILE.csv")

static char *
to_json (CfStudentsImport *import,
         const char       *path,
         gboolean          written)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *rejected = cf_students_import_get_rejected (import);
  GPtrArray *findings = cf_students_import_get_findings (import);

  json_builder_begin_object (builder);
  cf_json_builder_add_string (builder, "file", path);
  cf_json_builder_add_string (builder, "layout",
                              cf_students_import_get_layout (import) == CF_STUDENTS_LAYOUT_WIDE ? "wide" : "long");
  cf_json_builder_add_string (builder, "sheet", cf_students_import_get_sheet_name (import));
  cf_json_builder_add_string (builder, "encoding", cf_students_import_get_encoding (import));
  json_builder_set_member_name (builder, "header_row");
  json_builder_add_int_value (builder, cf_students_import_get_header_row (import));
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, cf_students_import_get_n_rows (import));
  json_builder_set_member_name (builder, "students");
  json_builder_add_int_value (builder, cf_students_import_get_students (import)->len);
  json_builder_set_member_name (builder, "grades");
  json_builder_add_int_value (builder, cf_students_import_get_n_grades (import));
  json_builder_set_member_name (builder, "duplicates");
  json_builder_add_int_value (builder, cf_students_import_get_n_duplicates (import));
  json_builder_set_member_name (builder, "earlier_attempts");
  json_builder_add_int_value (builder, cf_students_import_get_n_earlier_attempts (import));
  json_builder_set_member_name (builder, "written");
  json_builder_add_boolean_value (builder, written);
  json_builder_set_member_name (builder, "rejected");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rejected->len; i++)
    {
      CfStudentsRejected *r = g_ptr_array_index (rejected, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, r->row);
      cf_json_builder_add_string (builder, "reason", r->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    {
      CfStudentsFinding *f = g_ptr_array_index (findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, f->row);
      cf_json_builder_add_string (builder, "matricula", f->matricula);
      cf_json_builder_add_string (builder, "message", f->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return cf_json_to_string (root, CF_JSON_PRETTY);
}

static void
print_preview (CfStudentsImport *import,
               const char       *path)
{
  GPtrArray *rejected = cf_students_import_get_rejected (import);
  GPtrArray *findings = cf_students_import_get_findings (import);
  guint n_rows = cf_students_import_get_n_rows (import);
  guint n_students = cf_students_import_get_students (import)->len;
  guint n_grades = cf_students_import_get_n_grades (import);
  guint n_duplicates = cf_students_import_get_n_duplicates (import);
  g_autofree char *students = NULL;
  g_autofree char *grades = NULL;
  const char *layout = cf_students_import_get_layout (import) == CF_STUDENTS_LAYOUT_WIDE
                       ? _("one row per student") : _("one row per subject");

  if (cf_students_import_get_sheet_name (import) != NULL)
    /* Translators: file, sheet name, header row number, data rows read, layout. */
    g_print (g_dngettext (GETTEXT_PACKAGE, "%s: sheet “%s”, header on row %u, %u row (%s).\n",
                          "%s: sheet “%s”, header on row %u, %u rows (%s).\n", n_rows),
             path, cf_students_import_get_sheet_name (import), cf_students_import_get_header_row (import),
             n_rows, layout);
  else
    /* Translators: file, encoding, header row number, data rows read, layout. */
    g_print (g_dngettext (GETTEXT_PACKAGE, "%s: CSV (%s), header on row %u, %u row (%s).\n",
                          "%s: CSV (%s), header on row %u, %u rows (%s).\n", n_rows),
             path, cf_students_import_get_encoding (import), cf_students_import_get_header_row (import),
             n_rows, layout);

  students = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u student", "%u students", n_students),
                              n_students);
  grades = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u grade", "%u grades", n_grades), n_grades);
  /* Translators: "Preview: 120 students, 5400 grades." */
  g_print (_("Preview: %s, %s.\n"), students, grades);
  if (n_duplicates > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u repeated grade (same values) is kept once.\n",
                          "%u repeated grades (same values) are kept once.\n", n_duplicates), n_duplicates);

  if (cf_students_import_get_n_earlier_attempts (import) > 0)
    {
      guint n = cf_students_import_get_n_earlier_attempts (import);

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "%u earlier attempt at a subject gives way to the grade of a later cycle.\n",
                            "%u earlier attempts at a subject give way to the grade of a later cycle.\n", n), n);
    }

  for (guint i = 0; i < findings->len && i < MAX_PRINTED; i++)
    {
      CfStudentsFinding *f = g_ptr_array_index (findings, i);

      if (f->row > 0)
        /* Translators: "row 12: message" */
        g_print (_("row %u: %s\n"), f->row, f->message);
      else
        g_print ("%s\n", f->message);
    }
  if (findings->len > MAX_PRINTED)
    g_print (g_dngettext (GETTEXT_PACKAGE, "…and %u more finding.\n", "…and %u more findings.\n",
                          findings->len - MAX_PRINTED), findings->len - MAX_PRINTED);

  if (rejected->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u row was rejected:\n", "%u rows were rejected:\n",
                               rejected->len), rejected->len);
      for (guint i = 0; i < rejected->len && i < MAX_PRINTED; i++)
        {
          CfStudentsRejected *r = g_ptr_array_index (rejected, i);

          g_printerr (_("  row %u: %s\n"), r->row, r->reason);
        }
      if (rejected->len > MAX_PRINTED)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "…and %u more.\n", "…and %u more.\n",
                                 rejected->len - MAX_PRINTED), rejected->len - MAX_PRINTED);
    }
}

static int
students_import (CfCliContext  *context,
                 int            argc,
                 char         **argv)
{
  const char *command = argv[0];
  gboolean dry_run = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Show the preview (students, grades, rejected rows, findings) and write nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the counts, rejected rows and findings as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStudentsImport) import = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autofree char *default_path = NULL;
  const char *store_path;
  const char *path;
  gboolean written = FALSE;
  guint n_rejected;

  if (!cf_cli_parse_options (command, IMPORT_SYNOPSIS,
                             N_("Read the students and their grades from the school system's export (a "
                                "workbook or a CSV file, one row per subject or one row per student) and "
                                "save them; importing again updates them. Rejected rows and subjects not "
                                "in the Programa de Estudios are listed; the exit status is 1 when a "
                                "row was rejected (the other rows are still saved)."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (command, IMPORT_SYNOPSIS, "%s",
                               argc < 2 ? _("Give the file to import.") : _("Give only one file."));
  path = argv[1];

  /* A dry run does not create a store file that is not there yet. */
  store_path = context->store_path;
  if (store_path == NULL)
    store_path = g_getenv ("CERTIFICA_STORE");
  if (store_path == NULL || *store_path == '\0')
    store_path = default_path = cf_store_default_path ();
  if (!dry_run || cf_store_location_is_uri (store_path) || g_file_test (store_path, G_FILE_TEST_EXISTS))
    {
      store = cf_cli_open_store (context, &error);
      if (store == NULL)
        return cf_cli_fail (error);
    }

  import = cf_students_import_read (path, store, NULL, &error);
  if (import == NULL)
    return cf_cli_fail (error);
  /* No mapping step here: a required column whose header is not
   * recognised is named, to be renamed in the file. */
  if (!cf_students_import_check_mapping (import, &error))
    return cf_cli_fail (error);
  n_rejected = cf_students_import_get_rejected (import)->len;

  if (!json)
    print_preview (import, path);

  if (!dry_run && cf_students_import_get_students (import)->len > 0)
    {
      if (!cf_students_import_commit (import, store, &error))
        return cf_cli_fail (error);
      written = TRUE;
    }

  if (json)
    {
      g_autofree char *text = to_json (import, path, written);

      g_print ("%s", text);
    }
  else if (dry_run)
    g_print ("%s\n", _("Nothing was written (--dry-run)."));
  else if (written)
    {
      g_autofree char *shown = cf_store_location_for_display (cf_store_get_location (store));

      g_print (_("The students and grades are saved in %s.\n"), shown);
    }
  if (n_rejected > 0 && !json)
    g_printerr ("%s\n", dry_run ? _("Correct the rejected rows and import the file again.")
                                : _("The rejected rows were not imported. Correct them and import the file again."));
  return n_rejected > 0 ? CF_CLI_EXIT_FAILURE : CF_CLI_EXIT_OK;
}

static const CfCliVerb verbs[] = {
  { "import", IMPORT_SYNOPSIS, N_("Import students and grades from the school system's export"),
    students_import },
};

int
cf_cli_students_main (CfCliContext  *context,
                      int            argc,
                      char         **argv)
{
  return cf_cli_run_group (context, argv[0], verbs, G_N_ELEMENTS (verbs), argc, argv);
}
