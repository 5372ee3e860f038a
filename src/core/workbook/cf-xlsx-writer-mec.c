/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-xlsx-writer-mec.c: the Programa de Estudios as MEC's catalog sheets
 * (CF_XLSX_WRITE_MEC_SHAPE), the shape cf-plan-import-mec.c reads back.
 *
 * Each sheet has a row per distinct key of the flat rows, in the order the
 * key first appears: CARRERAS by career, ASIGNATURAS by career and subject,
 * PROGRAMAS DE ESTUDIO by campus, career, plan and subject (one per flat
 * row), NUMERO DE RVOE by RVOE, CAMPUS by campus. A cell is yellow when the
 * diff changed its value on any flat row behind it; a row is yellow whole
 * when every (compared) flat row behind it is new. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-plan-import.h"
#include "cf-xlsx-writer-private.h"

/* A column of a MEC sheet: its header and the plan column it holds (-1:
 * none, the column is written blank for the institution to fill). */
typedef struct
{
  const char *header;
  int         column;
} MecColumn;

#define NONE (-1)

static const MecColumn careers_columns[] = {
  { "ID_INSTITUCION", CF_PLAN_COL_ID_INSTITUCION },
  { "ID_NIVEL", CF_PLAN_COL_ID_NIVEL_ESTUDIOS },
  { "ID_CARRERA", CF_PLAN_COL_ID_CARRERA },
  { "CLAVE_CARRERA", CF_PLAN_COL_CLAVE_CARRERA },
  { "DESCRIPCION", CF_PLAN_COL_NOMBRE_CARRERA },
  { NULL, NONE },
};

static const MecColumn subjects_columns[] = {
  { "ID_INSTITUCION", CF_PLAN_COL_ID_INSTITUCION },
  { "ID_CARRERA", CF_PLAN_COL_ID_CARRERA },
  { "ID_ASIGNATURA", CF_PLAN_COL_ID_ASIGNATURA },
  { "CLAVE_ASIGNATURA", CF_PLAN_COL_CLAVE_ASIGNATURA },
  { "DESCRIPCION", CF_PLAN_COL_NOMBRE_ASIGNATURA },
  { NULL, NONE },
};

/* MEC's columns, then Certifica's (ESTATUS_PLAN only in a working copy). */
static const MecColumn programs_columns[] = {
  { "ID_INSTITUCION", CF_PLAN_COL_ID_INSTITUCION },
  { "CLAVE_CAMPUS", CF_PLAN_COL_ID_CAMPUS },
  { "ID_ASIGNATURA", CF_PLAN_COL_ID_ASIGNATURA },
  { "ID_CARRERA", CF_PLAN_COL_ID_CARRERA },
  { "NO_RVOE", CF_PLAN_COL_NO_RVOE },
  { "FECHA_RVOE", CF_PLAN_COL_FECHA_RVOE },
  { "CLAVE_PLAN", CF_PLAN_COL_CLAVE_PLAN },
  { "CURP_RESPONSABLE_PLAN_DE_ESTUDIO", NONE },
  { "ID_TIPO_PERIODO", CF_PLAN_COL_ID_TIPO_PERIODO },
  { "TOTAL_ASIGNATURAS", CF_PLAN_COL_TOTAL_ASIGNATURAS },
  { "TOTAL_CREDITOS", CF_PLAN_COL_TOTAL_CREDITOS },
  { "ID_TIPO_ASIGNATURA", CF_PLAN_COL_ID_TIPO_ASIGNATURA },
  { "CREDITOS", CF_PLAN_COL_CREDITOS },
  { "PERIODO", CF_PLAN_COL_PERIODO },
  { "ESTATUS_PLAN", CF_PLAN_COL_ESTATUS_PLAN },
  { NULL, NONE },
};

static const MecColumn rvoe_columns[] = {
  { "NO_RVOE", CF_PLAN_COL_NO_RVOE },
  { "FECHA_RVOE", CF_PLAN_COL_FECHA_RVOE },
  { "CALIF_MINIMA", CF_PLAN_COL_CALIFICACION_MINIMA },
  { "CALIF_MAXIMA", CF_PLAN_COL_CALIFICACION_MAXIMA },
  { "MINIMA_APROBATORIA", CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA },
  { NULL, NONE },
};

static const MecColumn campus_columns[] = {
  { "ID_INSTITUCION", CF_PLAN_COL_ID_INSTITUCION },
  { "CLAVE_CAMPUS", CF_PLAN_COL_ID_CAMPUS },
  { "DESCRIPCION", CF_PLAN_COL_CAMPUS },
  { "ID_ENTIDAD", CF_PLAN_COL_ID_ENTIDAD },
  { "NOMBRE_INSTITUCION", CF_PLAN_COL_NOMBRE_INSTITUCION },
  { NULL, NONE },
};

static const struct
{
  const char      *name;
  const MecColumn *columns;
  int              keys[5];    /* -1 terminated */
} mec_sheets[] = {
  { CF_PLAN_MEC_SHEET_CAREERS, careers_columns, { CF_PLAN_COL_ID_CARRERA, -1 } },
  { CF_PLAN_MEC_SHEET_SUBJECTS, subjects_columns, { CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_ID_ASIGNATURA, -1 } },
  { CF_PLAN_MEC_SHEET_PROGRAMS, programs_columns, { CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_ID_CARRERA,
                                                    CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_ID_ASIGNATURA, -1 } },
  { CF_PLAN_MEC_SHEET_RVOE, rvoe_columns, { CF_PLAN_COL_NO_RVOE, -1 } },
  { CF_PLAN_MEC_SHEET_CAMPUS, campus_columns, { CF_PLAN_COL_ID_CAMPUS, -1 } },
};

/* A row of a MEC sheet and what the flat rows behind it say. */
typedef struct
{
  const CfPlanRow *first;
  guint            n_compared;
  guint            n_new;
  gboolean         changed[CF_PLAN_N_COLUMNS];
} SheetRow;

static char *
row_key (const CfPlanRow *row,
         const int       *keys)
{
  GString *key = g_string_new (NULL);

  for (guint k = 0; keys[k] >= 0; k++)
    {
      g_string_append (key, row->cells[keys[k]]);
      g_string_append_c (key, '\x1f');
    }
  return g_string_free (key, FALSE);
}

static gboolean
write_sheet (lxw_workbook      *workbook,
             Formats           *formats,
             guint              which,
             GPtrArray         *rows,
             char             **row_keys,    /* the diff's key per flat row, NULL: not compared */
             CfPlanDiff        *diff,
             CfXlsxWriteFlags   flags,
             guint             *n_highlighted,
             GError           **error)
{
  const MecColumn *columns = mec_sheets[which].columns;
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, mec_sheets[which].name);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) sheet_rows = g_array_new (FALSE, TRUE, sizeof (SheetRow));
  guint widths[32];
  guint n_columns = 0;

  for (guint c = 0; columns[c].header != NULL; c++)
    {
      if (columns[c].column == CF_PLAN_COL_ESTATUS_PLAN && (flags & CF_XLSX_WRITE_FOR_SEP))
        continue;
      worksheet_write_string (sheet, 0, n_columns, columns[c].header, formats->header);
      widths[n_columns] = MAX (strlen (columns[c].header) + 3, MIN_WIDTH);
      n_columns++;
    }

  for (guint r = 0; r < rows->len; r++)
    {
      const CfPlanRow *row = g_ptr_array_index (rows, r);
      g_autofree char *key = row_key (row, mec_sheets[which].keys);
      gpointer index_plus_one = g_hash_table_lookup (seen, key);
      SheetRow *sheet_row;

      if (index_plus_one == NULL)
        {
          SheetRow fresh = { row, 0, 0, { FALSE } };

          g_array_append_val (sheet_rows, fresh);
          index_plus_one = GUINT_TO_POINTER (sheet_rows->len);
          g_hash_table_insert (seen, g_steal_pointer (&key), index_plus_one);
        }
      sheet_row = &g_array_index (sheet_rows, SheetRow, GPOINTER_TO_UINT (index_plus_one) - 1);

      /* A sheet keeps one value per key: two would be lost in the file. */
      for (guint c = 0; sheet_row->first != row && columns[c].header != NULL; c++)
        {
          int column = columns[c].column;

          if (column >= 0 && !g_str_equal (row->cells[column], sheet_row->first->cells[column]) &&
              *row->cells[mec_sheets[which].keys[0]] != '\0')
            {
              g_autofree char *keys = NULL;
              GString *named = g_string_new (NULL);

              for (guint k = 0; mec_sheets[which].keys[k] >= 0; k++)
                g_string_append_printf (named, "%s%s %s", k > 0 ? ", " : "",
                                        cf_plan_column_get_name (mec_sheets[which].keys[k]),
                                        row->cells[mec_sheets[which].keys[k]]);
              keys = g_string_free (named, FALSE);
              g_set_error (error, CF_XLSX_WRITER_ERROR, CF_XLSX_WRITER_ERROR_FAILED,
                           /* Translators: a sheet name; the key ("ID_CARRERA 101"); a column
                            * name; its two values; the rows of the table where they are. */
                           _("MEC's sheet “%s” keeps one row for %s, but the plans give it two "
                             "%s values: “%s” (row %u) and “%s” (row %u). Make them the same, or "
                             "export one sheet with a row per subject."),
                           mec_sheets[which].name, keys, cf_plan_column_get_name (column),
                           sheet_row->first->cells[column], sheet_row->first->row,
                           row->cells[column], row->row);
              return FALSE;
            }
        }

      if (row_keys[r] == NULL)
        continue;
      sheet_row->n_compared++;
      if (cf_plan_diff_is_new_row (diff, row_keys[r]))
        sheet_row->n_new++;
      for (guint c = 0; columns[c].header != NULL; c++)
        if (columns[c].column >= 0 && !sheet_row->changed[columns[c].column] &&
            cf_plan_diff_is_changed (diff, row_keys[r], columns[c].column, NULL))
          sheet_row->changed[columns[c].column] = TRUE;
    }

  for (guint r = 0; r < sheet_rows->len; r++)
    {
      SheetRow *sheet_row = &g_array_index (sheet_rows, SheetRow, r);
      gboolean is_new = sheet_row->n_compared > 0 && sheet_row->n_new == sheet_row->n_compared;
      guint position = 0;

      for (guint c = 0; columns[c].header != NULL; c++)
        {
          int column = columns[c].column;
          const char *value = column >= 0 ? sheet_row->first->cells[column] : "";
          gboolean highlighted = is_new || (column >= 0 && sheet_row->changed[column]);
          lxw_error status;

          if (column == CF_PLAN_COL_ESTATUS_PLAN && (flags & CF_XLSX_WRITE_FOR_SEP))
            continue;
          /* A blank MEC column (the CURP) has no kind: written as text. */
          status = _cf_xlsx_write_cell (sheet, formats, r + 1, position,
                                        column >= 0 ? (CfPlanColumn) column : CF_PLAN_COL_NOMBRE_INSTITUCION,
                                        value, highlighted);
          if (status != LXW_NO_ERROR)
            {
              g_set_error (error, CF_XLSX_WRITER_ERROR, CF_XLSX_WRITER_ERROR_FAILED,
                           _("The workbook could not be written: %s."), lxw_strerror (status));
              return FALSE;
            }
          if (highlighted && n_highlighted != NULL)
            (*n_highlighted)++;
          widths[position] = MIN (MAX (widths[position], (guint) g_utf8_strlen (value, -1) + 2), MAX_WIDTH);
          position++;
        }
    }

  for (guint c = 0; c < n_columns; c++)
    worksheet_set_column (sheet, c, c, widths[c], NULL);
  worksheet_freeze_panes (sheet, 1, 0);
  worksheet_autofilter (sheet, 0, 0, MAX (sheet_rows->len, 1), n_columns - 1);
  worksheet_ignore_errors (sheet, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:Z1048576");
  return TRUE;
}

gboolean
_cf_xlsx_write_mec_sheets (lxw_workbook      *workbook,
                           Formats           *formats,
                           CfPlanBook        *book,
                           CfPlanDiff        *diff,
                           CfXlsxWriteFlags   flags,
                           guint             *n_highlighted,
                           GError           **error)
{
  gboolean for_sep = (flags & CF_XLSX_WRITE_FOR_SEP) != 0;
  g_autoptr(GPtrArray) rows = cf_plan_book_to_rows (book, for_sep);
  gboolean compare = diff != NULL && cf_plan_diff_has_base (diff);
  char **row_keys = g_new0 (char *, rows->len + 1);
  gboolean ok = TRUE;

  /* Withdrawn plans are not sent: nothing about them is a change. */
  for (guint r = 0; compare && r < rows->len; r++)
    {
      CfPlanRow *row = g_ptr_array_index (rows, r);

      if (g_str_equal (row->cells[CF_PLAN_COL_ESTATUS_PLAN], CF_PLAN_STATUS_CURRENT))
        row_keys[r] = cf_plan_row_dup_key (row);
    }

  for (guint s = 0; ok && s < G_N_ELEMENTS (mec_sheets); s++)
    ok = write_sheet (workbook, formats, s, rows, row_keys, diff, flags, n_highlighted, error);

  for (guint r = 0; r < rows->len; r++)
    g_free (row_keys[r]);
  g_free (row_keys);
  return ok;
}
