/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-plan.c: certifica-cli plan {import,validate,diff,export,mark-sent}.
 *
 * Every verb works on the store (the global --store, or --store after the
 * verb, or the default one). Results go to stdout (JSON with --json),
 * errors to stderr; the exit status is 0 on success, 1 when the command
 * said no (errors found, rows rejected) or failed, 2 on a wrong command line. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-cli-plan.h"
#include "cf-cli-store.h"
#include "cf-finding.h"
#include "cf-plan.h"
#include "cf-plan-diff.h"
#include "cf-plan-import.h"
#include "cf-plan-validate.h"
#include "cf-store.h"
#include "cf-xlsx-writer.h"

/* Findings printed by import before "…and N more". */
#define MAX_PRINTED_FINDINGS 50

static CfStore *
open_store (CfCliContext  *context,
            const char    *store_option,
            GError       **error)
{
  /* A verb's own --store wins over the global one. */
  if (store_option != NULL)
    return cf_store_open (store_option, error);
  return cf_cli_open_store (context, error);
}

static gboolean
book_is_empty (CfPlanBook *book)
{
  return cf_plan_node_get_n_children (cf_plan_book_get_institution (book)) == 0;
}

static int
fail_empty_store (void)
{
  g_printerr ("certifica-cli: %s\n",
              _("The store has no study plans yet. Import them with "
                "“certifica-cli plan import FILE.xlsx”."));
  return CF_CLI_EXIT_FAILURE;
}

static void
count_findings (GPtrArray *findings,
                guint     *errors,
                guint     *warnings)
{
  *errors = *warnings = 0;
  for (guint i = 0; i < findings->len; i++)
    {
      if (cf_finding_is_error (g_ptr_array_index (findings, i)))
        (*errors)++;
      else
        (*warnings)++;
    }
}

static void
print_finding (CfFinding *finding)
{
  const char *severity = cf_finding_is_error (finding) ? _("error") : _("warning");
  CfPlanColumn column;
  guint row;

  if (cf_plan_finding_parse_path (cf_finding_get_path (finding), &row, &column) && row > 0)
    /* Translators: "row 12, CLAVE_PLAN: error: message" */
    g_print (_("row %u, %s: %s: %s\n"), row, cf_plan_column_get_name (column), severity,
             cf_finding_get_message (finding));
  else
    g_print ("%s: %s\n", severity, cf_finding_get_message (finding));
}

static void
print_summary (guint errors,
               guint warnings)
{
  g_autofree char *e = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", errors), errors);
  g_autofree char *w = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings),
                                        warnings);

  /* Translators: "3 errors, 1 warning." */
  g_print (_("%s, %s.\n"), e, w);
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);

  return g_date_time_format (local, "%Y-%m-%d");
}

static void
print_diff_summary (CfPlanDiff *diff)
{
  g_autofree char *date = NULL;
  g_autofree char *new_rows = NULL;
  g_autofree char *cells = NULL;
  g_autofree char *removed = NULL;
  guint n_new, n_cells, n_removed;

  if (!cf_plan_diff_has_base (diff))
    {
      g_print ("%s\n", _("No version has been marked as sent to SEP yet: nothing is highlighted."));
      return;
    }
  date = format_date (cf_plan_diff_get_base_date (diff));
  n_new = cf_plan_diff_count (diff, CF_PLAN_CHANGE_NEW_ROW);
  n_cells = cf_plan_diff_count (diff, CF_PLAN_CHANGE_CELL);
  n_removed = cf_plan_diff_count (diff, CF_PLAN_CHANGE_REMOVED_ROW);
  new_rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new row", "%u new rows", n_new), n_new);
  /* A value of a plan counts once, however many rows show it. */
  cells = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u changed value", "%u changed values", n_cells), n_cells);
  removed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u removed row", "%u removed rows", n_removed),
                             n_removed);
  /* Translators: "Since the version sent to SEP on 2024-05-17: 1 new row,
   * 3 changed values, 2 removed rows." */
  g_print (_("Since the version sent to SEP on %s: %s, %s, %s.\n"), date, new_rows, cells, removed);
}

/* ------------------------------------------------------------------ */
/* plan import FILE [--dry-run]                                        */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define IMPORT_SYNOPSIS N_("[--dry-run] FILE.xlsx|FILE.csv")

static int
plan_import (CfCliContext  *context,
             int            argc,
             char         **argv)
{
  const char *command = argv[0];
  gboolean dry_run = FALSE;
  g_autofree char *store_option = NULL;
  const GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Show the preview (rows, rejected rows, findings) and write nothing"), NULL },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_option, N_("Use this Certifica store"), "PATH" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) careers = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanHistory) history = NULL;
  g_autoptr(CfPlanDiff) diff = NULL;
  g_autofree char *default_path = NULL;
  const char *store_path;
  g_autofree char *careers_text = NULL;
  g_autofree char *plans_text = NULL;
  g_autofree char *withdrawn_text = NULL;
  g_autofree char *subjects_text = NULL;
  guint errors, warnings, withdrawn = 0, n_rows, n_subjects;
  const char *path;

  if (!cf_cli_parse_options (command, IMPORT_SYNOPSIS,
                             N_("Read a Programa de Estudios workbook or CSV file and make it the working "
                                "copy. The file is checked first: unknown or missing columns and rejected "
                                "rows are listed and nothing is written."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (command, IMPORT_SYNOPSIS, "%s",
                               argc < 2 ? _("Give the file to import.") : _("Give only one file."));
  path = argv[1];

  import = cf_plan_import_read (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  if (import == NULL)
    return cf_cli_fail (error);

  n_rows = cf_plan_import_get_n_rows (import);
  if (cf_plan_import_get_shape (import) == CF_PLAN_IMPORT_SHAPE_MEC && !cf_plan_import_needs_sheet_mapping (import))
    {
      g_autofree char *described = cf_plan_import_describe (import);

      /* Translators: file, data rows read (of the PROGRAMAS DE ESTUDIO sheet). */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u row.\n", "%s: %u rows.\n", n_rows), path, n_rows);
      g_print ("%s\n", described);
    }
  else if (cf_plan_import_get_sheet_name (import) != NULL)
    /* Translators: file, sheet name, header row number, data rows read. */
    g_print (g_dngettext (GETTEXT_PACKAGE, "%s: sheet “%s”, header on row %u, %u row.\n",
                          "%s: sheet “%s”, header on row %u, %u rows.\n", n_rows),
             path, cf_plan_import_get_sheet_name (import), cf_plan_import_get_header_row (import), n_rows);
  else
    /* Translators: file, encoding, header row number, data rows read. */
    g_print (g_dngettext (GETTEXT_PACKAGE, "%s: CSV (%s), header on row %u, %u row.\n",
                          "%s: CSV (%s), header on row %u, %u rows.\n", n_rows),
             path, cf_plan_import_get_encoding (import), cf_plan_import_get_header_row (import), n_rows);

  /* The CLI has no mapping step: the header must be right. */
  if (!cf_plan_import_check_mapping (import, FALSE, &error))
    {
      cf_cli_fail (error);
      g_printerr ("%s\n", _("Nothing was written."));
      return CF_CLI_EXIT_FAILURE;
    }

  /* A dry run does not create a store file that is not there yet; a
   * shared database is always there (at worst it gets its empty tables). */
  store_path = store_option != NULL ? store_option : context->store_path;
  if (store_path == NULL)
    store_path = default_path = cf_store_default_path ();
  if (!dry_run || cf_store_location_is_uri (store_path) || g_file_test (store_path, G_FILE_TEST_EXISTS))
    {
      store = cf_store_open (store_path, &error);
      if (store == NULL)
        return cf_cli_fail (error);
      history = cf_plan_history_load (store, &error);
      if (history == NULL)
        return cf_cli_fail (error);
    }

  /* What MEC's sheets do not carry comes from the working copy. */
  if (store != NULL && cf_plan_import_get_shape (import) == CF_PLAN_IMPORT_SHAPE_MEC)
    {
      g_autoptr(CfPlanBook) current = cf_plan_book_load (store, &error);
      guint filled;

      if (current == NULL)
        return cf_cli_fail (error);
      filled = cf_plan_import_fill_from (import, current);
      if (filled > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE, "%u value the sheets do not have was taken from the working copy.\n",
                              "%u values the sheets do not have were taken from the working copy.\n", filled),
                 filled);
    }

  book = cf_plan_import_build (import, &rejected, &error);
  if (book == NULL)
    return cf_cli_fail (error);

  careers = cf_plan_book_list_level (book, CF_PLAN_LEVEL_CAREER);
  plans = cf_plan_book_list_level (book, CF_PLAN_LEVEL_PLAN);
  for (guint i = 0; i < plans->len; i++)
    withdrawn += cf_plan_node_is_current (g_ptr_array_index (plans, i)) ? 0 : 1;
  n_subjects = cf_plan_book_get_n_subjects (book);
  careers_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u career", "%u careers", careers->len),
                                  careers->len);
  plans_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u plan", "%u plans", plans->len), plans->len);
  /* Translators: the number of withdrawn plans among them. */
  withdrawn_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u withdrawn", "%u withdrawn", withdrawn),
                                    withdrawn);
  subjects_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u subject", "%u subjects", n_subjects),
                                   n_subjects);
  /* Translators: "Preview: 2 careers, 3 plans (1 withdrawn), 40 subjects." */
  g_print (_("Preview: %s, %s (%s), %s.\n"), careers_text, plans_text, withdrawn_text, subjects_text);

  findings = cf_plan_validate (book, history, CF_PLAN_VALIDATE_SOURCE_ROWS);
  count_findings (findings, &errors, &warnings);
  for (guint i = 0; i < findings->len && i < MAX_PRINTED_FINDINGS; i++)
    print_finding (g_ptr_array_index (findings, i));
  if (findings->len > MAX_PRINTED_FINDINGS)
    {
      guint more = findings->len - MAX_PRINTED_FINDINGS;

      g_print (g_dngettext (GETTEXT_PACKAGE, "…and %u more (see “certifica-cli plan validate” after importing).\n",
                            "…and %u more (see “certifica-cli plan validate” after importing).\n", more),
               more);
    }
  print_summary (errors, warnings);

  if (rejected->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u row was rejected:\n", "%u rows were rejected:\n",
                               rejected->len), rejected->len);
      for (guint i = 0; i < rejected->len; i++)
        {
          CfPlanRejectedRow *r = g_ptr_array_index (rejected, i);

          g_printerr (_("  row %u: %s\n"), r->row, r->reason);
        }
      g_printerr ("%s\n", _("Correct these rows and import the file again. Nothing was written."));
      return CF_CLI_EXIT_FAILURE;
    }

  if (store != NULL)
    {
      g_autoptr(CfPlanSnapshot) base = cf_plan_snapshot_load_last (store, &error);
      g_autoptr(GPtrArray) rows = NULL;

      if (error != NULL)
        return cf_cli_fail (error);
      rows = cf_plan_book_to_rows (book, TRUE);
      diff = cf_plan_diff_new (rows, base);
      print_diff_summary (diff);
    }

  if (dry_run)
    {
      g_print ("%s\n", _("Nothing was written (--dry-run)."));
      return CF_CLI_EXIT_OK;
    }

  if (!cf_plan_book_save_to_store (book, store, &error))
    return cf_cli_fail (error);
  {
    g_autofree char *shown = cf_store_location_for_display (cf_store_get_location (store));

    g_print (_("The working copy in %s now holds these plans.\n"), shown);
  }
  if (errors > 0)
    g_print ("%s\n", _("Correct the errors before exporting for SEP (“certifica-cli plan validate”)."));
  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* plan validate [--json]                                              */
/* ------------------------------------------------------------------ */

#define VALIDATE_SYNOPSIS "[--json]"

static int
plan_validate (CfCliContext  *context,
               int            argc,
               char         **argv)
{
  const char *command = argv[0];
  gboolean json = FALSE;
  g_autofree char *store_option = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the findings as JSON"), NULL },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_option, N_("Use this Certifica store"), "PATH" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfPlanHistory) history = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  guint errors, warnings;

  if (!cf_cli_parse_options (command, VALIDATE_SYNOPSIS,
                             N_("Check the working copy of the study plans: each finding with its row "
                                "and column. Exits with 1 when there are errors."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc > 1)
    return cf_cli_usage_error (command, VALIDATE_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);

  store = open_store (context, store_option, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  book = cf_plan_book_load (store, &error);
  if (book == NULL)
    return cf_cli_fail (error);
  if (book_is_empty (book))
    return fail_empty_store ();
  history = cf_plan_history_load (store, &error);
  if (history == NULL)
    return cf_cli_fail (error);

  findings = cf_plan_validate (book, history, CF_PLAN_VALIDATE_NONE);
  count_findings (findings, &errors, &warnings);

  if (json)
    {
      g_autofree char *list = cf_finding_list_to_json (findings);

      g_print ("{\"errors\": %u, \"warnings\": %u, \"findings\": %s}\n", errors, warnings, list);
    }
  else
    {
      for (guint i = 0; i < findings->len; i++)
        print_finding (g_ptr_array_index (findings, i));
      print_summary (errors, warnings);
    }

  return errors > 0 ? CF_CLI_EXIT_FAILURE : CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* plan diff [--json]                                                  */
/* ------------------------------------------------------------------ */

#define DIFF_SYNOPSIS "[--json]"

static void
print_change (const CfPlanChange *change)
{
  const CfPlanRow *row = change->row;

  switch (change->kind)
    {
    case CF_PLAN_CHANGE_NEW_ROW:
      /* Translators: a new row in the diff: row, subject ID, key, name, plan, career. */
      g_print (_("+ row %u: new subject %s (%s %s), plan %s of career %s\n"), row->row,
               row->cells[CF_PLAN_COL_ID_ASIGNATURA], row->cells[CF_PLAN_COL_CLAVE_ASIGNATURA],
               row->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA], row->cells[CF_PLAN_COL_CLAVE_PLAN],
               row->cells[CF_PLAN_COL_ID_CARRERA]);
      break;
    case CF_PLAN_CHANGE_CELL:
      /* Translators: a changed cell: row, column, old → new, subject ID, plan. */
      g_print (_("~ row %u, %s: “%s” → “%s” (subject %s, plan %s)\n"), row->row,
               cf_plan_column_get_name (change->column), change->old_value, change->new_value,
               row->cells[CF_PLAN_COL_ID_ASIGNATURA], row->cells[CF_PLAN_COL_CLAVE_PLAN]);
      break;
    case CF_PLAN_CHANGE_REMOVED_ROW:
      g_print (_("- removed: subject %s (%s %s), plan %s of career %s\n"),
               row->cells[CF_PLAN_COL_ID_ASIGNATURA], row->cells[CF_PLAN_COL_CLAVE_ASIGNATURA],
               row->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA], row->cells[CF_PLAN_COL_CLAVE_PLAN],
               row->cells[CF_PLAN_COL_ID_CARRERA]);
      break;
    default:
      g_assert_not_reached ();
    }
}

static int
plan_diff (CfCliContext  *context,
           int            argc,
           char         **argv)
{
  const char *command = argv[0];
  gboolean json = FALSE;
  g_autofree char *store_option = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the changes as JSON"), NULL },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_option, N_("Use this Certifica store"), "PATH" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfPlanDiff) diff = NULL;

  if (!cf_cli_parse_options (command, DIFF_SYNOPSIS,
                             N_("List what changed since the version last marked as sent to SEP: new "
                                "rows, changed cells (old → new) and removed rows. Rows are numbered as "
                                "in the export for SEP."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc > 1)
    return cf_cli_usage_error (command, DIFF_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);

  store = open_store (context, store_option, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  book = cf_plan_book_load (store, &error);
  if (book == NULL)
    return cf_cli_fail (error);
  diff = cf_plan_diff_new_for_book (book, store, &error);
  if (diff == NULL)
    return cf_cli_fail (error);

  if (json)
    {
      g_autofree char *text = cf_plan_diff_to_json (diff);

      g_print ("%s\n", text);
      return CF_CLI_EXIT_OK;
    }

  for (guint i = 0; i < cf_plan_diff_get_n_changes (diff); i++)
    print_change (cf_plan_diff_get_change (diff, i));
  print_diff_summary (diff);
  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* plan export --out FILE.xlsx [--for-sep]                             */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define EXPORT_SYNOPSIS N_("--out FILE.xlsx [--for-sep] [--shape flat|mec]")

static int
plan_export (CfCliContext  *context,
             int            argc,
             char         **argv)
{
  const char *command = argv[0];
  gboolean for_sep = FALSE;
  g_autofree char *out = NULL;
  g_autofree char *store_option = NULL;
  g_autofree char *shape = NULL;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The workbook to write"), "FILE.xlsx" },
    { "for-sep", 0, 0, G_OPTION_ARG_NONE, &for_sep,
      N_("The file for SEP: current plans only, refused while errors remain"), NULL },
    { "shape", 0, 0, G_OPTION_ARG_STRING, &shape,
      N_("flat: one sheet, a row per subject (the default); mec: MEC's sheets CARRERAS, ASIGNATURAS, "
         "PROGRAMAS DE ESTUDIO, NUMERO DE RVOE and CAMPUS"), "SHAPE" },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_option, N_("Use this Certifica store"), "PATH" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfPlanDiff) diff = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint highlighted = 0;
  CfXlsxWriteFlags flags = CF_XLSX_WRITE_NONE;

  if (!cf_cli_parse_options (command, EXPORT_SYNOPSIS,
                             N_("Write the study plans as an Excel workbook: an Instrucciones sheet and "
                                "the data, with every cell changed since the last version sent to SEP, "
                                "and every new row, filled in yellow."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc > 1)
    return cf_cli_usage_error (command, EXPORT_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);
  if (out == NULL)
    return cf_cli_usage_error (command, EXPORT_SYNOPSIS, "%s", _("Give the workbook to write with --out."));
  if (shape != NULL && g_strcmp0 (shape, "mec") == 0)
    flags |= CF_XLSX_WRITE_MEC_SHAPE;
  else if (shape != NULL && g_strcmp0 (shape, "flat") != 0)
    return cf_cli_usage_error (command, EXPORT_SYNOPSIS, _("Unknown shape “%s”: give flat or mec."), shape);
  if (for_sep)
    flags |= CF_XLSX_WRITE_FOR_SEP;

  store = open_store (context, store_option, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  book = cf_plan_book_load (store, &error);
  if (book == NULL)
    return cf_cli_fail (error);
  if (book_is_empty (book))
    return fail_empty_store ();

  if (for_sep)
    {
      g_autoptr(CfPlanHistory) history = cf_plan_history_load (store, &error);
      g_autoptr(GPtrArray) findings = NULL;
      guint errors, warnings;

      if (history == NULL)
        return cf_cli_fail (error);
      findings = cf_plan_validate (book, history, CF_PLAN_VALIDATE_NONE);
      count_findings (findings, &errors, &warnings);
      if (errors > 0)
        {
          g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                   "certifica-cli: the study plans have %u error; SEP would reject the "
                                   "file. See “certifica-cli plan validate”. Nothing was written.\n",
                                   "certifica-cli: the study plans have %u errors; SEP would reject the "
                                   "file. See “certifica-cli plan validate”. Nothing was written.\n",
                                   errors), errors);
          return CF_CLI_EXIT_FAILURE;
        }
    }

  diff = cf_plan_diff_new_for_book (book, store, &error);
  if (diff == NULL)
    return cf_cli_fail (error);
  if (!cf_xlsx_write_plan_counted (book, diff, flags, out, &highlighted, &error))
    return cf_cli_fail (error);

  rows = cf_plan_book_to_rows (book, for_sep);
  if (flags & CF_XLSX_WRITE_MEC_SHAPE)
    {
      /* Translators: the file written, then the number of rows of its PROGRAMAS DE ESTUDIO sheet. */
      g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s (MEC's sheets): %u subject row",
                            "Wrote %s (MEC's sheets): %u subject rows", rows->len), out, rows->len);
      g_print (g_dngettext (GETTEXT_PACKAGE, ", %u cell in yellow.\n", ", %u cells in yellow.\n", highlighted),
               highlighted);
      print_diff_summary (diff);
      return CF_CLI_EXIT_OK;
    }
  highlighted = 0;
  /* The cells painted: a changed value of a plan is yellow on each of its
   * rows, though the diff counts it once. */
  if (cf_plan_diff_has_base (diff))
    for (guint r = 0; r < rows->len; r++)
      {
        g_autofree char *key = cf_plan_row_dup_key (g_ptr_array_index (rows, r));

        for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
          if (cf_plan_diff_is_highlighted (diff, key, c))
            highlighted++;
      }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s: %u row", "Wrote %s: %u rows", rows->len), out, rows->len);
  g_print (g_dngettext (GETTEXT_PACKAGE, ", %u cell in yellow.\n", ", %u cells in yellow.\n", highlighted),
           highlighted);
  print_diff_summary (diff);
  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* plan mark-sent                                                      */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define MARK_SENT_SYNOPSIS N_("[--date YYYY-MM-DD]")

static int
plan_mark_sent (CfCliContext  *context,
                int            argc,
                char         **argv)
{
  const char *command = argv[0];
  g_autofree char *date_text = NULL;
  g_autofree char *store_option = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text,
      N_("The day the file was sent (default: today)"), "YYYY-MM-DD" },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_option, N_("Use this Certifica store"), "PATH" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfPlanSnapshot) snapshot = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *day = NULL;

  if (!cf_cli_parse_options (command, MARK_SENT_SYNOPSIS,
                             N_("Record that the current plans were sent to SEP: the next export "
                                "highlights what changes from now on, and their IDs can never be given "
                                "to another career or subject."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc > 1)
    return cf_cli_usage_error (command, MARK_SENT_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);

  if (date_text != NULL)
    {
      g_autofree char *iso = g_strconcat (date_text, "T12:00:00Z", NULL);

      when = strlen (date_text) == 10 ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
      if (when == NULL)
        return cf_cli_usage_error (command, MARK_SENT_SYNOPSIS, _("“%s” is not a date like 2024-05-17."),
                                   date_text);
    }

  store = open_store (context, store_option, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  book = cf_plan_book_load (store, &error);
  if (book == NULL)
    return cf_cli_fail (error);
  if (book_is_empty (book))
    return fail_empty_store ();

  snapshot = cf_plan_mark_sent (store, book, when, &error);
  if (snapshot == NULL)
    return cf_cli_fail (error);

  day = cf_plan_snapshot_dup_date (snapshot);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Marked as sent to SEP on %s: %u row.\n",
                        "Marked as sent to SEP on %s: %u rows.\n", cf_plan_snapshot_get_rows (snapshot)->len),
           day, cf_plan_snapshot_get_rows (snapshot)->len);
  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The plan group                                                      */
/* ------------------------------------------------------------------ */

static const CfCliVerb plan_verbs[] = {
  { "import", IMPORT_SYNOPSIS, N_("Import a Programa de Estudios workbook or CSV file"), plan_import },
  { "validate", VALIDATE_SYNOPSIS, N_("Check the study plans as SEP would"), plan_validate },
  { "diff", DIFF_SYNOPSIS, N_("List the changes since the version sent to SEP"), plan_diff },
  { "export", EXPORT_SYNOPSIS, N_("Write the study plans as a workbook, changes in yellow"), plan_export },
  { "mark-sent", MARK_SENT_SYNOPSIS, N_("Record that the current plans were sent to SEP"), plan_mark_sent },
};

int
cf_cli_plan_main (CfCliContext  *context,
                  int            argc,
                  char         **argv)
{
  return cf_cli_run_group (context, argv[0], plan_verbs, G_N_ELEMENTS (plan_verbs), argc, argv);
}
