/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "cf-atomic-file.h"
#include "cf-catalog.h"
#include "cf-plan-private.h"
#include "cf-xlsx-writer.h"
#include "cf-xlsx-writer-private.h"

#define HIGHLIGHT_RGB 0xFFFF00

G_DEFINE_QUARK (cf-xlsx-writer-error-quark, cf_xlsx_writer_error)


static lxw_format *
new_format (lxw_workbook *workbook,
            gboolean      highlighted)
{
  lxw_format *format = workbook_add_format (workbook);

  if (highlighted)
    {
      format_set_pattern (format, LXW_PATTERN_SOLID);
      format_set_bg_color (format, HIGHLIGHT_RGB);
    }
  return format;
}

void
_cf_xlsx_make_formats (lxw_workbook *workbook,
              Formats      *formats)
{
  formats->header = workbook_add_format (workbook);
  format_set_bold (formats->header);
  format_set_bottom (formats->header, LXW_BORDER_THIN);
  format_set_bg_color (formats->header, 0xD9D9D9);
  format_set_pattern (formats->header, LXW_PATTERN_SOLID);

  formats->title = workbook_add_format (workbook);
  format_set_bold (formats->title);
  format_set_font_size (formats->title, 16);

  formats->bold = workbook_add_format (workbook);
  format_set_bold (formats->bold);

  formats->wrap = workbook_add_format (workbook);
  format_set_text_wrap (formats->wrap);
  format_set_align (formats->wrap, LXW_ALIGN_VERTICAL_TOP);

  for (int h = 0; h < 2; h++)
    {
      formats->text[h] = new_format (workbook, h);
      formats->number[h] = new_format (workbook, h);
      formats->date[h] = new_format (workbook, h);
      format_set_num_format (formats->date[h], "dd/mm/yyyy");
    }

  formats->sample = new_format (workbook, TRUE);
  format_set_border (formats->sample, LXW_BORDER_THIN);
}

/* ------------------------------------------------------------------ */
/* Instructions                                                        */
/* ------------------------------------------------------------------ */

static void
write_catalog (lxw_worksheet *sheet,
               Formats       *formats,
               guint         *row,
               CfPlanColumn   column)
{
  const char *catalog = cf_plan_column_get_catalog (column);
  g_autoptr(GPtrArray) entries = cf_catalog_list (catalog, NULL);
  g_autofree char *title = g_strdup_printf ("%s (%s)", cf_plan_column_get_name (column), catalog);

  worksheet_write_string (sheet, (*row)++, 0, title, formats->bold);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      CfCatalogEntry *entry = g_ptr_array_index (entries, i);

      worksheet_write_string (sheet, *row, 0, cf_catalog_entry_get_code (entry), NULL);
      worksheet_write_string (sheet, *row, 1, cf_catalog_entry_get_description (entry), NULL);
      (*row)++;
    }
  (*row)++;
}

static void
write_line (lxw_worksheet *sheet,
            guint         *row,
            const char    *text,
            lxw_format    *format)
{
  worksheet_write_string (sheet, (*row)++, 0, text, format);
}

/* Each count with its own plural form, then the sentence. */
static char *
since_then_line (CfPlanDiff *diff)
{
  guint n_new = cf_plan_diff_count (diff, CF_PLAN_CHANGE_NEW_ROW);
  guint n_cells = cf_plan_diff_count (diff, CF_PLAN_CHANGE_CELL);
  guint n_removed = cf_plan_diff_count (diff, CF_PLAN_CHANGE_REMOVED_ROW);
  g_autofree char *new_rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new row", "%u new rows", n_new),
                                               n_new);
  /* A value of a plan is one change, though each of its rows shows it. */
  g_autofree char *cells = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u changed value", "%u changed values",
                                                         n_cells),
                                            n_cells);
  g_autofree char *removed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row removed", "%u rows removed",
                                                           n_removed),
                                              n_removed);

  /* Translators: "Since then: 1 new row, 3 changed values, 2 rows removed." */
  return g_strdup_printf (_("Since then: %s, %s, %s."), new_rows, cells, removed);
}

static void
write_instructions (lxw_worksheet    *sheet,
                    Formats          *formats,
                    CfPlanDiff       *diff,
                    CfXlsxWriteFlags  flags)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *line = NULL;
  guint row = 0;

  worksheet_set_tab_color (sheet, LXW_COLOR_RED);
  worksheet_set_column (sheet, 0, 0, 100, formats->wrap);
  worksheet_set_column (sheet, 1, 1, 40, NULL);

  write_line (sheet, &row, "Programa de Estudios", formats->title);
  g_free (line);
  /* Translators: %s is a date, 2024-05-17. */
  line = g_strdup_printf (_("Written by Certifica on %s."), today);
  write_line (sheet, &row, line, NULL);
  row++;

  write_line (sheet, &row, _("How to read this file"), formats->bold);
  g_clear_pointer (&line, g_free);
  if (flags & CF_XLSX_WRITE_MEC_SHAPE)
    {
      write_line (sheet, &row, _("The plans are kept here as MEC's catalogs keep them, one sheet each: "
                                 "CARRERAS (a row per career), ASIGNATURAS (a row per subject of each "
                                 "career), PROGRAMAS DE ESTUDIO (a row per subject of each plan, in the "
                                 "order of the plan, with its campus, RVOE and plan key), NUMERO DE RVOE "
                                 "(a row per RVOE: its date and grade scale) and CAMPUS. The sheets are "
                                 "joined by their keys: ID_CARRERA, ID_ASIGNATURA, NO_RVOE and CLAVE_CAMPUS."),
                  NULL);
      write_line (sheet, &row, _("The columns after CURP_RESPONSABLE_PLAN_DE_ESTUDIO in PROGRAMAS DE "
                                 "ESTUDIO and after DESCRIPCION in CAMPUS are Certifica's own: MEC's "
                                 "catalogs do not have them, and Certifica reads them back. FECHA_RVOE "
                                 "is a date; the ID_ columns hold codes of SEP's catalogs, listed below."),
                  NULL);
    }
  else
    {
      /* Translators: %s is the name of the data sheet. */
      line = g_strdup_printf (_("The sheet “%s” has one row per subject of every plan, in the order of the "
                                "plan. The institution, campus, career and plan values repeat on every row "
                                "of their plan. FECHA_RVOE is a date; the ID_ columns hold codes of SEP's "
                                "catalogs, listed below."), CF_XLSX_SHEET_DATA);
      write_line (sheet, &row, line, NULL);
    }
  if (flags & CF_XLSX_WRITE_FOR_SEP)
    write_line (sheet, &row, _("It holds every current plan and no withdrawn one."), NULL);
  else
    write_line (sheet, &row, _("It holds every plan, withdrawn ones included (ESTATUS_PLAN is BAJA); "
                               "this copy is for editing, not for SEP."), NULL);
  row++;

  write_line (sheet, &row, _("What yellow means"), formats->bold);
  if (diff != NULL && cf_plan_diff_has_base (diff))
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (cf_plan_diff_get_base_date (diff));
      g_autofree char *sent = g_date_time_format (local, "%Y-%m-%d");

      g_free (line);
      line = g_strdup_printf (_("Last version sent to SEP: %s."), sent);
      write_line (sheet, &row, line, NULL);
      worksheet_write_string (sheet, row, 1, "", formats->sample);
      g_clear_pointer (&line, g_free);
      if (flags & CF_XLSX_WRITE_MEC_SHAPE)
        line = g_strdup_printf (_("A cell filled in yellow, like the one beside this text, changed since "
                                  "the version sent on %s, on the sheet where the value is kept; a row "
                                  "filled in yellow is new. Nothing else in this file is marked."), sent);
      else
        line = g_strdup_printf (_("A cell filled in yellow, like the one beside this text, changed since "
                                  "the version sent on %s; a row filled in yellow is new. Nothing else in "
                                  "this file is marked."), sent);
      write_line (sheet, &row, line, NULL);
      g_free (line);
      line = since_then_line (diff);
      write_line (sheet, &row, line, NULL);

      if (cf_plan_diff_count (diff, CF_PLAN_CHANGE_REMOVED_ROW) > 0)
        {
          row++;
          write_line (sheet, &row, _("Rows removed since the last version sent"), formats->bold);
          for (guint i = 0; i < cf_plan_diff_get_n_changes (diff); i++)
            {
              const CfPlanChange *change = cf_plan_diff_get_change (diff, i);
              g_autofree char *removed = NULL;

              if (change->kind != CF_PLAN_CHANGE_REMOVED_ROW)
                continue;
              removed = g_strdup_printf ("ID_CAMPUS %s · ID_CARRERA %s · CLAVE_PLAN %s · ID_ASIGNATURA %s "
                                         "(%s %s)",
                                         change->row->cells[CF_PLAN_COL_ID_CAMPUS],
                                         change->row->cells[CF_PLAN_COL_ID_CARRERA],
                                         change->row->cells[CF_PLAN_COL_CLAVE_PLAN],
                                         change->row->cells[CF_PLAN_COL_ID_ASIGNATURA],
                                         change->row->cells[CF_PLAN_COL_CLAVE_ASIGNATURA],
                                         change->row->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA]);
              write_line (sheet, &row, removed, NULL);
            }
        }
    }
  else
    {
      write_line (sheet, &row, _("Last version sent to SEP: none yet."), NULL);
      write_line (sheet, &row, _("Once a version is marked as sent, the next file fills in yellow every "
                                 "cell that changed and every new row. Nothing is yellow in this one."),
                  NULL);
    }
  row++;

  write_line (sheet, &row, _("Catalogs used"), formats->bold);
  write_catalog (sheet, formats, &row, CF_PLAN_COL_ID_ENTIDAD);
  write_catalog (sheet, formats, &row, CF_PLAN_COL_ID_TIPO_PERIODO);
  write_catalog (sheet, formats, &row, CF_PLAN_COL_ID_NIVEL_ESTUDIOS);
  write_catalog (sheet, formats, &row, CF_PLAN_COL_ID_TIPO_ASIGNATURA);
}

/* ------------------------------------------------------------------ */
/* Data                                                                */
/* ------------------------------------------------------------------ */

static gboolean
canonical_number (const char *text,
                  double     *value)
{
  g_autofree char *again = NULL;

  /* Only values that read back as the same text become numbers. */
  if (!_cf_plan_parse_number (text, value))
    return FALSE;
  again = _cf_plan_format_number (*value);
  return g_str_equal (again, text);
}

lxw_error
_cf_xlsx_write_cell (lxw_worksheet *sheet,
                     Formats       *formats,
                     guint          row,
                     guint          position,
                     CfPlanColumn   column,
                     const char    *value,
                     gboolean       highlighted)
{
  double number;
  GDate date;

  if (*value == '\0')
    return highlighted ? worksheet_write_blank (sheet, row, position, formats->text[1]) : LXW_NO_ERROR;

  switch (cf_plan_column_get_kind (column))
    {
    case CF_PLAN_KIND_INTEGER:
    case CF_PLAN_KIND_NUMBER:
    case CF_PLAN_KIND_CATALOG:
      /* "09" (a state) keeps its zero as text. */
      if (canonical_number (value, &number))
        return worksheet_write_number (sheet, row, position, number, formats->number[highlighted]);
      break;

    case CF_PLAN_KIND_DATE:
      if (strlen (value) == 10 && _cf_plan_parse_date (value, &date))
        {
          lxw_datetime when = { g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0 };

          return worksheet_write_datetime (sheet, row, position, &when, formats->date[highlighted]);
        }
      break;

    default:
      break;
    }

  return worksheet_write_string (sheet, row, position, value, formats->text[highlighted]);
}

static gboolean
write_data (lxw_worksheet     *sheet,
            Formats           *formats,
            CfPlanBook        *book,
            CfPlanDiff        *diff,
            CfXlsxWriteFlags   flags,
            guint             *n_highlighted,
            GError           **error)
{
  gboolean for_sep = (flags & CF_XLSX_WRITE_FOR_SEP) != 0;
  guint n_columns = for_sep ? CF_PLAN_N_SEP_COLUMNS : CF_PLAN_N_COLUMNS;
  g_autoptr(GPtrArray) rows = cf_plan_book_to_rows (book, for_sep);
  gboolean compare = diff != NULL && cf_plan_diff_has_base (diff);
  guint widths[CF_PLAN_N_COLUMNS];

  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = cf_plan_column_get_name (c);

      worksheet_write_string (sheet, 0, c, name, formats->header);
      widths[c] = MAX (strlen (name) + 3, MIN_WIDTH);
    }

  for (guint r = 0; r < rows->len; r++)
    {
      CfPlanRow *row = g_ptr_array_index (rows, r);
      g_autofree char *key = NULL;
      gboolean is_new = FALSE;

      /* Withdrawn plans are not sent: nothing about them is a change. */
      if (compare && g_str_equal (row->cells[CF_PLAN_COL_ESTATUS_PLAN], CF_PLAN_STATUS_CURRENT))
        {
          key = cf_plan_row_dup_key (row);
          is_new = cf_plan_diff_is_new_row (diff, key);
        }

      for (guint c = 0; c < n_columns; c++)
        {
          const char *value = row->cells[c];
          gboolean highlighted = key != NULL && (is_new || cf_plan_diff_is_changed (diff, key, c, NULL));
          lxw_error status;

          status = _cf_xlsx_write_cell (sheet, formats, r + 1, c, c, value, highlighted);
          if (highlighted && n_highlighted != NULL)
            (*n_highlighted)++;
          if (status != LXW_NO_ERROR)
            {
              g_set_error (error, CF_XLSX_WRITER_ERROR, CF_XLSX_WRITER_ERROR_FAILED,
                           _("The workbook could not be written: %s."), lxw_strerror (status));
              return FALSE;
            }
          widths[c] = MIN (MAX (widths[c], (guint) g_utf8_strlen (value, -1) + 2), MAX_WIDTH);
        }
    }

  for (guint c = 0; c < n_columns; c++)
    worksheet_set_column (sheet, c, c, widths[c], NULL);
  worksheet_freeze_panes (sheet, 1, 0);
  worksheet_autofilter (sheet, 0, 0, MAX (rows->len, 1), n_columns - 1);
  /* Keys such as "090101" are text on purpose. */
  worksheet_ignore_errors (sheet, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:Z1048576");
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Public                                                              */
/* ------------------------------------------------------------------ */

gboolean
cf_xlsx_write_plan (CfPlanBook        *book,
                    CfPlanDiff        *diff,
                    CfXlsxWriteFlags   flags,
                    const char        *path,
                    GError           **error)
{
  return cf_xlsx_write_plan_counted (book, diff, flags, path, NULL, error);
}

gboolean
cf_xlsx_write_plan_counted (CfPlanBook        *book,
                            CfPlanDiff        *diff,
                            CfXlsxWriteFlags   flags,
                            const char        *path,
                            guint             *n_highlighted,
                            GError           **error)
{
  g_autoptr(CfAtomicFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  lxw_workbook_options options = { 0 };
  lxw_doc_properties properties = { 0 };
  lxw_workbook *workbook;
  lxw_worksheet *instructions, *data;
  Formats formats;
  lxw_error status;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (book), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_highlighted != NULL)
    *n_highlighted = 0;

  /* libxlsxwriter writes to a path: the temporary file beside @path, which
   * is then synced and renamed over it (cf-atomic-file.h). */
  dir = g_path_get_dirname (path);
  file = cf_atomic_file_new (path, 0644, &local_error);
  if (file == NULL)
    {
      g_set_error (error, CF_XLSX_WRITER_ERROR, CF_XLSX_WRITER_ERROR_FAILED,
                   _("The workbook cannot be written in %s: %s."), dir, local_error->message);
      return FALSE;
    }

  /* Shared strings, not constant memory: the keys and names repeat on
   * every row of a plan, so the sheet is half the size to read back. */
  options.constant_memory = LXW_FALSE;
  workbook = workbook_new_opt (cf_atomic_file_get_temp_path (file), &options);
  if (workbook == NULL)
    {
      g_set_error (error, CF_XLSX_WRITER_ERROR, CF_XLSX_WRITER_ERROR_FAILED,
                   _("The workbook cannot be written in %s."), dir);
      return FALSE;
    }

  properties.title = (char *) "Programa de Estudios";
  properties.author = (char *) "Certifica";
  workbook_set_properties (workbook, &properties);

  _cf_xlsx_make_formats (workbook, &formats);
  instructions = workbook_add_worksheet (workbook, CF_XLSX_SHEET_INSTRUCTIONS);
  write_instructions (instructions, &formats, diff, flags);
  if (flags & CF_XLSX_WRITE_MEC_SHAPE)
    {
      if (!_cf_xlsx_write_mec_sheets (workbook, &formats, book, diff, flags, n_highlighted, error))
        {
          workbook_close (workbook);
          return FALSE;
        }
    }
  else
    {
      data = workbook_add_worksheet (workbook, CF_XLSX_SHEET_DATA);
      if (!write_data (data, &formats, book, diff, flags, n_highlighted, error))
        {
          workbook_close (workbook);
          return FALSE;
        }
    }

  status = workbook_close (workbook);
  if (status != LXW_NO_ERROR)
    {
      g_set_error (error, CF_XLSX_WRITER_ERROR, CF_XLSX_WRITER_ERROR_FAILED,
                   _("The workbook could not be written: %s."), lxw_strerror (status));
      return FALSE;
    }

  if (!cf_atomic_file_commit (file, &local_error))
    {
      g_set_error (error, CF_XLSX_WRITER_ERROR, CF_XLSX_WRITER_ERROR_FAILED,
                   _("The workbook cannot be saved as %s: %s."), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
