/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-import-mec.c: the Programa de Estudios as institutions keep it
 * for MEC, several sheets mirroring MEC's catalogs (domain reference,
 * "Real IPES workbooks"), joined into one row per subject of a plan:
 *
 *   PROGRAMAS DE ESTUDIO  institution, campus, subject, career, RVOE, plan key
 *   ASIGNATURAS           by career and subject: subject key and name
 *   CARRERAS              by career: level, career key, name
 *   NUMERO DE RVOE        by RVOE: date, grade scale
 *   CAMPUS                by campus: its name
 *
 * Every sheet's header is looked for in its first rows; notes above it and
 * beside it are left alone, and so is every other sheet of the workbook.
 * Keys are compared in canonical form ("1", 1 and 1.0 are the same ID).
 * What no sheet carries stays empty here (cf_plan_import_fill_from()). */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-plan-import-private.h"
#include "cf-plan-private.h"

#define HEADER_SEARCH_ROWS 20
/* A sheet's header names at least this many of its columns. */
#define MIN_MATCHES 2

typedef enum
{
  SHEET_PROGRAMS,
  SHEET_SUBJECTS,
  SHEET_CAREERS,
  SHEET_RVOE,
  SHEET_CAMPUS,
  N_SHEETS,
} MecSheet;

static const char * const sheet_titles[N_SHEETS] = {
  CF_PLAN_MEC_SHEET_PROGRAMS, CF_PLAN_MEC_SHEET_SUBJECTS, CF_PLAN_MEC_SHEET_CAREERS,
  CF_PLAN_MEC_SHEET_RVOE, CF_PLAN_MEC_SHEET_CAMPUS,
};

/* The keys a sheet's rows are found by (-1 terminated); PROGRAMAS' are the
 * row's identity. ASIGNATURAS without ID_CARRERA is keyed by subject only. */
static const int sheet_keys[N_SHEETS][5] = {
  [SHEET_PROGRAMS] = { CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_CLAVE_PLAN,
                       CF_PLAN_COL_ID_ASIGNATURA, -1 },
  [SHEET_SUBJECTS] = { CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_ID_ASIGNATURA, -1 },
  [SHEET_CAREERS] = { CF_PLAN_COL_ID_CARRERA, -1 },
  [SHEET_RVOE] = { CF_PLAN_COL_NO_RVOE, -1 },
  [SHEET_CAMPUS] = { CF_PLAN_COL_ID_CAMPUS, -1 },
};

/* MEC's own header names (normalized), per sheet; any other header is
 * matched as in the flat sheet (cf_plan_column_from_header()). */
static const struct
{
  MecSheet      sheet;      /* N_SHEETS: any */
  const char   *header;
  CfPlanColumn  column;
} mec_headers[] = {
  { N_SHEETS, "CLAVECAMPUS", CF_PLAN_COL_ID_CAMPUS },
  { N_SHEETS, "IDNIVEL", CF_PLAN_COL_ID_NIVEL_ESTUDIOS },
  { N_SHEETS, "CALIFMINIMA", CF_PLAN_COL_CALIFICACION_MINIMA },
  { N_SHEETS, "CALIFMAXIMA", CF_PLAN_COL_CALIFICACION_MAXIMA },
  { N_SHEETS, "MINIMAAPROBATORIA", CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA },
  { N_SHEETS, "CALIFMINIMAAPROBATORIA", CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA },
  { SHEET_SUBJECTS, "DESCRIPCION", CF_PLAN_COL_NOMBRE_ASIGNATURA },
  { SHEET_CAREERS, "DESCRIPCION", CF_PLAN_COL_NOMBRE_CARRERA },
  { SHEET_CAMPUS, "DESCRIPCION", CF_PLAN_COL_CAMPUS },
};

typedef struct
{
  guint        row;
  const char  *values[CF_PLAN_N_COLUMNS];   /* canonical, in the chunk; NULL: not carried */
} MecRow;

typedef struct
{
  int           index;                      /* in the workbook, -1: absent */
  const char   *name;                       /* as the workbook writes it */
  guint         header_row;
  int           column_of[CF_PLAN_IMPORT_MAX_COLUMNS]; /* source column → CfPlanColumn or -1 */
  guint         width;
  GPtrArray    *header;                     /* char*, the header row's cells */
  gboolean      carries[CF_PLAN_N_COLUMNS];
  GPtrArray    *rows;                       /* MecRow*, PROGRAMAS only */
  GHashTable   *by_key;                     /* key → MecRow*, the others */
  GPtrArray    *owned;                      /* MecRow* */
} SheetRead;

typedef struct
{
  SheetRead     sheets[N_SHEETS];
  GStringChunk *chunk;
  MecSheet      current;
  /* The header search */
  guint         seen;
  guint         best_score;
  GError       *error;
} MecRead;

static gboolean
header_to_column (MecSheet      sheet,
                  const char   *header,
                  CfPlanColumn *column)
{
  g_autofree char *key = NULL;

  if (header == NULL || *header == '\0')
    return FALSE;
  key = cf_plan_normalize_header (header);
  for (guint i = 0; i < G_N_ELEMENTS (mec_headers); i++)
    if ((mec_headers[i].sheet == N_SHEETS || mec_headers[i].sheet == sheet) &&
        g_str_equal (key, mec_headers[i].header))
      {
        *column = mec_headers[i].column;
        return TRUE;
      }
  /* DESCRIPCION of another sheet is not this sheet's. */
  if (g_str_equal (key, "DESCRIPCION"))
    return FALSE;
  return cf_plan_column_from_header (header, column);
}

static guint
score_header (MecSheet            sheet,
              const char * const *cells,
              guint               n_cells,
              int                *column_of)
{
  gboolean seen[CF_PLAN_N_COLUMNS] = { FALSE };
  guint score = 0;

  for (guint i = 0; i < n_cells && i < CF_PLAN_IMPORT_MAX_COLUMNS; i++)
    {
      CfPlanColumn column;

      if (column_of != NULL)
        column_of[i] = -1;
      if (header_to_column (sheet, cells[i], &column) && !seen[column])
        {
          seen[column] = TRUE;
          if (column_of != NULL)
            column_of[i] = column;
          score++;
        }
    }
  return score;
}

static gboolean
peek_cb (guint               row,
         const char * const *cells,
         guint               n_cells,
         gpointer            user_data,
         GError            **error)
{
  MecRead *read = user_data;
  SheetRead *sheet = &read->sheets[read->current];
  guint score = score_header (read->current, cells, n_cells, NULL);

  if (score > read->best_score)
    {
      read->best_score = score;
      sheet->header_row = row;
      sheet->width = MIN (n_cells, CF_PLAN_IMPORT_MAX_COLUMNS);
      score_header (read->current, cells, n_cells, sheet->column_of);
      g_ptr_array_set_size (sheet->header, 0);
      for (guint i = 0; i < sheet->width; i++)
        g_ptr_array_add (sheet->header, g_strdup (cells[i] != NULL ? cells[i] : ""));
    }
  return ++read->seen < HEADER_SEARCH_ROWS;
}

static char *
make_key (MecSheet      sheet,
          const char  **values)
{
  GString *key = g_string_new (NULL);

  for (guint k = 0; sheet_keys[sheet][k] >= 0; k++)
    {
      const char *value = values[sheet_keys[sheet][k]];

      g_string_append (key, value != NULL ? value : "");
      g_string_append_c (key, '\x1f');
    }
  return g_string_free (key, FALSE);
}

static gboolean
data_cb (guint               row,
         const char * const *cells,
         guint               n_cells,
         gpointer            user_data,
         GError            **error)
{
  MecRead *read = user_data;
  MecSheet which = read->current;
  SheetRead *sheet = &read->sheets[which];
  MecRow *mec;
  gboolean any = FALSE;

  if (row <= sheet->header_row)
    return TRUE;

  if (sheet->owned->len >= CF_PLAN_IMPORT_MAX_ROWS)
    {
      g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_TOO_LARGE,
                   _("The file is too large to import: it has more than %d rows below the "
                     "header, more than any Programa de Estudios."),
                   CF_PLAN_IMPORT_MAX_ROWS);
      return FALSE;
    }

  mec = g_new0 (MecRow, 1);
  mec->row = row;
  for (guint i = 0; i < sheet->width && i < n_cells; i++)
    {
      int column = sheet->column_of[i];
      const char *text = cells[i];

      if (column < 0 || text == NULL)
        continue;
      while (g_ascii_isspace (*text))
        text++;
      if (*text == '\0')
        continue;
      mec->values[column] = _cf_plan_canonical_value_in (column, cells[i], read->chunk);
      if (mec->values[column] == cells[i])
        mec->values[column] = g_string_chunk_insert (read->chunk, cells[i]);
      any = TRUE;
    }
  g_ptr_array_add (sheet->owned, mec);
  if (!any)
    return TRUE;

  if (which == SHEET_PROGRAMS)
    g_ptr_array_add (sheet->rows, mec);
  else
    {
      g_autofree char *key = make_key (which, mec->values);

      /* A key written twice: the first row answers. */
      if (!g_hash_table_contains (sheet->by_key, key))
        g_hash_table_insert (sheet->by_key, g_steal_pointer (&key), mec);
    }
  return TRUE;
}

/* The workbook's sheet for @which, by name (case, accents, spaces and
 * underscores ignored; "PROGRAMAS DE ESTUDIO" also as "Programa de
 * estudios"), or -1. */
static int
find_sheet (CfXlsxReader *reader,
            MecSheet      which)
{
  g_autofree char *wanted = cf_plan_normalize_header (sheet_titles[which]);

  for (guint i = 0; i < cf_xlsx_reader_get_n_sheets (reader); i++)
    {
      g_autofree char *name = cf_plan_normalize_header (cf_xlsx_reader_get_sheet_name (reader, i));

      if (g_str_equal (name, wanted))
        return i;
      if (which == SHEET_PROGRAMS && g_str_has_prefix (name, "PROGRAMA") && strstr (name, "ESTUDIO") != NULL)
        return i;
    }
  return -1;
}

static void
mec_read_clear (MecRead *read)
{
  for (guint s = 0; s < N_SHEETS; s++)
    {
      g_clear_pointer (&read->sheets[s].rows, g_ptr_array_unref);
      g_clear_pointer (&read->sheets[s].by_key, g_hash_table_unref);
      g_clear_pointer (&read->sheets[s].owned, g_ptr_array_unref);
      g_clear_pointer (&read->sheets[s].header, g_ptr_array_unref);
    }
  g_clear_pointer (&read->chunk, g_string_chunk_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MecRead, mec_read_clear)

/* ASIGNATURAS may list subjects without their career. */
static gboolean
sheet_key_is_optional (MecSheet which,
                       int      column)
{
  return which == SHEET_SUBJECTS && column == CF_PLAN_COL_ID_CARRERA;
}

static gboolean
pending_row_cb (guint               row,
                const char * const *cells,
                guint               n_cells,
                gpointer            user_data,
                GError            **error)
{
  CfPlanImport *self = user_data;

  if (row <= cf_plan_import_get_header_row (self))
    return TRUE;
  return _cf_plan_import_add_row (self, row, cells, n_cells, error);
}

/* The sheet @sheet as its own table, its columns mapped as far as they are
 * known, for the mapping step; cf_plan_import_apply_sheet_mapping() reads
 * the workbook again with what the registrar chose. */
static CfPlanImport *
pending_sheet (CfXlsxReader  *reader,
               GBytes        *bytes,
               GHashTable    *overrides,
               SheetRead     *sheet,
               MecSheet       which,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(CfPlanImport) self = _cf_plan_import_new (CF_PLAN_IMPORT_FORMAT_XLSX, CF_PLAN_IMPORT_SHAPE_MEC,
                                                      sheet->name, sheet->header_row);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (int));

  _cf_plan_import_set_header (self, (const char * const *) sheet->header->pdata, sheet->header->len);
  for (guint i = 0; i < sheet->header->len; i++)
    cf_plan_import_set_mapping (self, i, sheet->column_of[i] >= 0 ? sheet->column_of[i] : CF_PLAN_IMPORT_UNMAPPED);
  for (guint k = 0; sheet_keys[which][k] >= 0; k++)
    if (!sheet_key_is_optional (which, sheet_keys[which][k]))
      g_array_append_val (keys, sheet_keys[which][k]);
  if (!cf_xlsx_reader_read_sheet_from (reader, sheet->index, sheet->header_row, pending_row_cb, self,
                                       cancellable, error))
    return NULL;
  _cf_plan_import_set_pending (self, bytes, overrides, keys);
  return g_steal_pointer (&self);
}

CfPlanImport *
_cf_plan_import_read_mec (CfXlsxReader  *reader,
                          GBytes        *bytes,
                          GHashTable    *overrides,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_auto(MecRead) read = { { { 0 } } };
  g_autoptr(CfPlanImport) self = NULL;
  GArray *override;
  const char *headers[CF_PLAN_N_COLUMNS];
  SheetRead *programs = &read.sheets[SHEET_PROGRAMS];

  for (guint s = 0; s < N_SHEETS; s++)
    read.sheets[s].index = find_sheet (reader, s);
  /* The shape is the three sheets every institution has. */
  if (read.sheets[SHEET_PROGRAMS].index < 0 || read.sheets[SHEET_SUBJECTS].index < 0 ||
      read.sheets[SHEET_CAREERS].index < 0)
    return NULL;

  read.chunk = g_string_chunk_new (256 * 1024);
  for (guint s = 0; s < N_SHEETS; s++)
    {
      SheetRead *sheet = &read.sheets[s];

      sheet->owned = g_ptr_array_new_with_free_func (g_free);
      sheet->rows = g_ptr_array_new ();
      sheet->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      sheet->header = g_ptr_array_new_with_free_func (g_free);
      if (sheet->index < 0)
        continue;
      sheet->name = cf_xlsx_reader_get_sheet_name (reader, sheet->index);

      read.current = s;
      read.seen = read.best_score = 0;
      if (!cf_xlsx_reader_read_sheet_from (reader, sheet->index, G_MAXUINT, peek_cb, &read,
                                           cancellable, error))
        return NULL;
      if (read.best_score < MIN_MATCHES)
        {
          if (s == SHEET_PROGRAMS)
            {
              g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_NO_HEADER,
                           /* Translators: %s is a sheet name. */
                           _("The sheet “%s” has no header row with the Programa de Estudios "
                             "columns (CLAVE_CAMPUS, ID_CARRERA, CLAVE_PLAN, ID_ASIGNATURA…) in its "
                             "first %d rows."), sheet->name, HEADER_SEARCH_ROWS);
              return NULL;
            }
          /* A sheet by that name holding something else: not part of the plan. */
          sheet->index = -1;
          continue;
        }
      /* The registrar's mapping of this sheet, when given. */
      override = overrides != NULL ? g_hash_table_lookup (overrides, sheet->name) : NULL;
      for (guint i = 0; override != NULL && i < sheet->width; i++)
        sheet->column_of[i] = i < override->len ? g_array_index (override, int, i) : -1;
      for (guint i = 0; i < sheet->width; i++)
        if (sheet->column_of[i] >= 0)
          sheet->carries[sheet->column_of[i]] = TRUE;
      for (guint k = 0; sheet_keys[s][k] >= 0; k++)
        if (!sheet_key_is_optional (s, sheet_keys[s][k]) && !sheet->carries[sheet_keys[s][k]])
          /* A key the sheet does not name: its mapping step. */
          return pending_sheet (reader, bytes, overrides, sheet, s, cancellable, error);

      if (!cf_xlsx_reader_read_sheet_from (reader, sheet->index, sheet->header_row, data_cb, &read,
                                           cancellable, error))
        return NULL;
    }

  if (programs->rows->len == 0)
    {
      g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_EMPTY,
                   /* Translators: %s is a sheet name. */
                   _("The sheet “%s” has the Programa de Estudios header but no rows below it."),
                   programs->name);
      return NULL;
    }

  self = _cf_plan_import_new (CF_PLAN_IMPORT_FORMAT_XLSX, CF_PLAN_IMPORT_SHAPE_MEC,
                              programs->name, programs->header_row);
  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    headers[c] = cf_plan_column_get_name (c);
  _cf_plan_import_set_header (self, headers, CF_PLAN_N_COLUMNS);

  /* Where each column comes from: PROGRAMAS first, then the catalogs. */
  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    for (guint s = 0; s < N_SHEETS; s++)
      if (read.sheets[s].index >= 0 && read.sheets[s].carries[c])
        {
          _cf_plan_import_set_column_sheet (self, c, read.sheets[s].name);
          break;
        }

  for (guint r = 0; r < programs->rows->len; r++)
    {
      MecRow *row = g_ptr_array_index (programs->rows, r);
      const char *cells[CF_PLAN_N_COLUMNS];

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        cells[c] = row->values[c];

      for (guint s = SHEET_SUBJECTS; s < N_SHEETS; s++)
        {
          SheetRead *sheet = &read.sheets[s];
          const char *probe[CF_PLAN_N_COLUMNS] = { NULL };
          g_autofree char *key = NULL;
          MecRow *match;

          if (sheet->index < 0)
            continue;
          for (guint k = 0; sheet_keys[s][k] >= 0; k++)
            if (sheet->carries[sheet_keys[s][k]])
              probe[sheet_keys[s][k]] = cells[sheet_keys[s][k]];
          key = make_key (s, probe);
          match = g_hash_table_lookup (sheet->by_key, key);
          if (match == NULL)
            continue;
          for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
            if (cells[c] == NULL && match->values[c] != NULL)
              cells[c] = match->values[c];
        }

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        if (cells[c] == NULL)
          cells[c] = "";
      if (!_cf_plan_import_add_row (self, row->row, cells, CF_PLAN_N_COLUMNS, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* The preview's words                                                 */
/* ------------------------------------------------------------------ */

char *
cf_plan_import_describe (CfPlanImport *self)
{
  GString *out;
  g_autoptr(GString) missing = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  if (cf_plan_import_get_shape (self) == CF_PLAN_IMPORT_SHAPE_FLAT)
    {
      if (cf_plan_import_get_sheet_name (self) != NULL)
        /* Translators: the shape found by the import; a sheet name, a row number. */
        g_string_append_printf (out, _("One sheet with a row per subject: “%s”, header on row %u."),
                                cf_plan_import_get_sheet_name (self), cf_plan_import_get_header_row (self));
      else
        /* Translators: the shape found by the import; an encoding, a row number. */
        g_string_append_printf (out, _("A CSV file (%s) with a row per subject, header on row %u."),
                                cf_plan_import_get_encoding (self), cf_plan_import_get_header_row (self));
      for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
        if (cf_plan_import_get_column_sheet (self, c) == NULL && cf_plan_import_get_sheet_name (self) != NULL)
          g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", cf_plan_column_get_name (c));
    }
  else
    {
      g_autoptr(GPtrArray) sheets = g_ptr_array_new ();

      g_string_append (out, _("MEC's sheets, joined by their keys:"));
      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        {
          const char *sheet = cf_plan_import_get_column_sheet (self, c);

          if (sheet == NULL)
            {
              if (c < CF_PLAN_N_SEP_COLUMNS)
                g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "",
                                        cf_plan_column_get_name (c));
            }
          else if (!g_ptr_array_find_with_equal_func (sheets, sheet, g_str_equal, NULL))
            g_ptr_array_add (sheets, (gpointer) sheet);
        }
      for (guint s = 0; s < sheets->len; s++)
        {
          const char *sheet = g_ptr_array_index (sheets, s);
          g_autoptr(GString) columns = g_string_new (NULL);

          for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
            if (g_strcmp0 (cf_plan_import_get_column_sheet (self, c), sheet) == 0)
              g_string_append_printf (columns, "%s%s", columns->len > 0 ? ", " : "", cf_plan_column_get_name (c));
          /* Translators: a sheet name, then the columns read from it. */
          g_string_append_printf (out, _("\n• “%s”: %s."), sheet, columns->str);
        }
    }
  if (missing->len > 0)
    {
      g_string_append_c (out, '\n');
      if (cf_plan_import_get_shape (self) == CF_PLAN_IMPORT_SHAPE_MEC)
        /* Translators: %s lists column names. */
        g_string_append_printf (out, _("Not in the file: %s. They are taken from the working copy for "
                                       "the subjects it has; the others are left for you to fill in."),
                                missing->str);
      else
        /* Translators: %s lists column names. */
        g_string_append_printf (out, _("Not in the file: %s."), missing->str);
    }
  return g_string_free (out, FALSE);
}
