/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-plan-diff.h"
#include "cf-plan-import.h"
#include "cf-plan-import-private.h"
#include "cf-plan-private.h"
#include "cf-csv-reader.h"
#include "cf-xlsx-reader.h"

/* The header is looked for among the first rows of each sheet. */
#define HEADER_SEARCH_ROWS 20

/* A data row keeps only its non-blank cells (within the header's width),
 * in column order: memory follows what the file holds, not how far to the
 * right its header or a stray cell reaches. */
typedef struct
{
  guint        column;
  const char  *text;      /* in the import's string chunk */
} RawCell;

typedef struct
{
  guint        row;
  guint        n_cells;
  RawCell      cells[];
} RawRow;

struct _CfPlanImport
{
  CfPlanImportFormat  format;
  CfPlanImportShape   shape;
  char               *column_sheet[CF_PLAN_N_COLUMNS]; /* MEC shape */
  /* A MEC sheet waiting for its mapping (cf_plan_import_needs_sheet_mapping()). */
  GBytes             *pending_bytes;
  GHashTable         *overrides;  /* sheet name → GArray of int */
  GArray             *pending_keys; /* int */
  char               *sheet_name;
  char               *encoding;
  guint               header_row;
  GPtrArray          *headers;    /* char* */
  guint               known_width; /* one past the last known header */
  GArray             *mapping;    /* int */
  GStringChunk       *chunk;
  GPtrArray          *rows;       /* RawRow* */
  gsize               table_bytes; /* what rows and their texts take */
};

G_DEFINE_QUARK (cf-plan-import-error-quark, cf_plan_import_error)

/* Identity columns: without them a row cannot be placed in the tree. */
static const CfPlanColumn identity_columns[] = {
  CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_ID_ASIGNATURA,
};

static CfPlanImport *
import_new (CfPlanImportFormat format)
{
  CfPlanImport *self = g_new0 (CfPlanImport, 1);

  self->format = format;
  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->mapping = g_array_new (FALSE, FALSE, sizeof (int));
  self->chunk = g_string_chunk_new (256 * 1024);
  self->rows = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
cf_plan_import_free (CfPlanImport *self)
{
  if (self == NULL)
    return;
  g_free (self->sheet_name);
  g_free (self->encoding);
  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    g_free (self->column_sheet[c]);
  g_clear_pointer (&self->pending_bytes, g_bytes_unref);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_pointer (&self->pending_keys, g_array_unref);
  g_ptr_array_unref (self->headers);
  g_array_unref (self->mapping);
  g_string_chunk_free (self->chunk);
  g_ptr_array_unref (self->rows);
  g_free (self);
}

/* How many distinct known columns a row's cells name. */
static guint
header_score (const char * const *cells,
              guint               n_cells)
{
  gboolean seen[CF_PLAN_N_COLUMNS] = { FALSE };
  guint score = 0;

  for (guint i = 0; i < n_cells; i++)
    {
      CfPlanColumn column;

      if (cells[i] != NULL && cf_plan_column_from_header (cells[i], &column) && !seen[column])
        {
          seen[column] = TRUE;
          score++;
        }
    }
  return score;
}

static guint
csv_header_score (const char * const *fields,
                  guint               n_fields,
                  gpointer            user_data)
{
  return header_score (fields, n_fields);
}

static void
set_headers (CfPlanImport       *self,
             const char * const *cells,
             guint               n_cells)
{
  gboolean taken[CF_PLAN_N_COLUMNS] = { FALSE };

  g_ptr_array_set_size (self->headers, 0);
  g_array_set_size (self->mapping, 0);

  for (guint i = 0; i < n_cells; i++)
    {
      const char *header = cells[i] != NULL ? cells[i] : "";
      CfPlanColumn column;
      int mapped = CF_PLAN_IMPORT_UNMAPPED;

      if (cf_plan_column_from_header (header, &column))
        {
          /* A repeated header stays visible to check_mapping(). */
          mapped = column;
          taken[column] = TRUE;
        }
      g_ptr_array_add (self->headers, g_strstrip (g_strdup (header)));
      g_array_append_val (self->mapping, mapped);
      if (mapped != CF_PLAN_IMPORT_UNMAPPED)
        self->known_width = i + 1;
    }
  (void) taken;
}

/* The header row reaches beyond CF_PLAN_IMPORT_MAX_COLUMNS. */
static void
too_wide_error (GError **error)
{
  g_autofree char *last = cf_xlsx_column_name (CF_PLAN_IMPORT_MAX_COLUMNS - 1);

  g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_TOO_LARGE,
               _("The file is too large to import: its header row has more than %d columns, "
                 "and a Programa de Estudios has at most %d (up to column %s). Delete the "
                 "columns after %s and import again."),
               CF_PLAN_IMPORT_MAX_COLUMNS, CF_PLAN_IMPORT_MAX_COLUMNS, last, last);
}

static gboolean
add_row (CfPlanImport       *self,
         guint               row,
         const char * const *cells,
         guint               n_cells,
         GError            **error)
{
  guint width = MIN (n_cells, self->headers->len);
  gsize bytes;
  guint n = 0;
  RawRow *raw;

  if (self->rows->len >= CF_PLAN_IMPORT_MAX_ROWS)
    {
      g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_TOO_LARGE,
                   _("The file is too large to import: it has more than %d rows below the "
                     "header, more than any Programa de Estudios."),
                   CF_PLAN_IMPORT_MAX_ROWS);
      return FALSE;
    }

  bytes = sizeof (RawRow) + sizeof (gpointer);
  for (guint i = 0; i < width; i++)
    if (cells[i] != NULL && cells[i][0] != '\0')
      {
        n++;
        bytes += sizeof (RawCell) + strlen (cells[i]) + 1;
      }

  if (self->table_bytes + bytes > CF_PLAN_IMPORT_MAX_TABLE_BYTES)
    {
      g_autofree char *size = g_format_size (CF_PLAN_IMPORT_MAX_TABLE_BYTES);

      g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_TOO_LARGE,
                   /* Translators: %s is a size ("48.0 MB"). */
                   _("The file is too large to import: its cells hold more than %s, "
                     "more than any Programa de Estudios."), size);
      return FALSE;
    }
  self->table_bytes += bytes;

  raw = g_malloc (sizeof (RawRow) + n * sizeof (RawCell));
  raw->row = row;
  raw->n_cells = 0;
  for (guint i = 0; i < width; i++)
    if (cells[i] != NULL && cells[i][0] != '\0')
      {
        raw->cells[raw->n_cells].column = i;
        raw->cells[raw->n_cells].text = g_string_chunk_insert (self->chunk, cells[i]);
        raw->n_cells++;
      }
  g_ptr_array_add (self->rows, raw);
  return TRUE;
}

/* The cell of @raw in @column, "" when blank. */
static const char *
raw_row_get (const RawRow *raw,
             guint         column)
{
  guint lo = 0, hi = raw->n_cells;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (raw->cells[mid].column == column)
        return raw->cells[mid].text;
      if (raw->cells[mid].column < column)
        lo = mid + 1;
      else
        hi = mid;
    }
  return "";
}

/* ------------------------------------------------------------------ */
/* Workbooks                                                           */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint      seen;
  guint      best_row;
  guint      best_score;
  gboolean   best_wide;    /* a cell beyond CF_PLAN_IMPORT_MAX_COLUMNS */
  GPtrArray *best_cells;   /* char*, at most CF_PLAN_IMPORT_MAX_COLUMNS */
} Peek;

static gboolean
peek_row_cb (guint               row,
             const char * const *cells,
             guint               n_cells,
             gpointer            user_data,
             GError            **error)
{
  Peek *peek = user_data;
  guint width = MIN (n_cells, CF_PLAN_IMPORT_MAX_COLUMNS);
  guint score = header_score (cells, width);

  if (score > peek->best_score)
    {
      peek->best_score = score;
      peek->best_row = row;
      peek->best_wide = n_cells > CF_PLAN_IMPORT_MAX_COLUMNS;
      g_ptr_array_set_size (peek->best_cells, 0);
      for (guint i = 0; i < width; i++)
        g_ptr_array_add (peek->best_cells, g_strdup (cells[i] != NULL ? cells[i] : ""));
    }
  return ++peek->seen < HEADER_SEARCH_ROWS;
}

static gboolean
data_row_cb (guint               row,
             const char * const *cells,
             guint               n_cells,
             gpointer            user_data,
             GError            **error)
{
  CfPlanImport *self = user_data;

  if (row > self->header_row)
    return add_row (self, row, cells, n_cells, error);
  return TRUE;
}

static void
no_header_error (GError **error)
{
  g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_NO_HEADER,
               _("No sheet has a header row with the Programa de Estudios columns "
                 "(ID_CARRERA, CLAVE_PLAN, ID_ASIGNATURA…). The first row of the data must "
                 "name the columns."));
}

static CfPlanImport *
read_workbook (GBytes        *bytes,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(CfXlsxReader) reader = NULL;
  g_autoptr(CfPlanImport) self = NULL;
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GError) mec_error = NULL;
  guint best_sheet = 0, best_score = 0, best_row = 0;
  gboolean best_wide = FALSE;

  reader = cf_xlsx_reader_new_for_bytes (bytes, error);
  if (reader == NULL)
    return NULL;

  /* MEC's sheets, when the workbook has them; else one flat sheet. */
  self = _cf_plan_import_read_mec (reader, bytes, NULL, cancellable, &mec_error);
  if (self != NULL)
    return g_steal_pointer (&self);
  if (mec_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&mec_error));
      return NULL;
    }

  for (guint i = 0; i < cf_xlsx_reader_get_n_sheets (reader); i++)
    {
      Peek peek = { 0, 0, 0, FALSE, g_ptr_array_new_with_free_func (g_free) };

      /* A sheet that is not the plan may hold anything (merged titles,
       * formulas): nothing of it is refused while looking. */
      if (!cf_xlsx_reader_read_sheet_from (reader, i, G_MAXUINT, peek_row_cb, &peek, cancellable, error))
        {
          g_ptr_array_unref (peek.best_cells);
          return NULL;
        }
      if (peek.best_score > best_score)
        {
          best_score = peek.best_score;
          best_sheet = i;
          best_row = peek.best_row;
          best_wide = peek.best_wide;
          g_clear_pointer (&header, g_ptr_array_unref);
          header = g_steal_pointer (&peek.best_cells);
        }
      g_clear_pointer (&peek.best_cells, g_ptr_array_unref);
    }

  if (best_score < CF_PLAN_IMPORT_MIN_HEADER_MATCHES)
    {
      no_header_error (error);
      return NULL;
    }
  if (best_wide)
    {
      too_wide_error (error);
      return NULL;
    }

  self = import_new (CF_PLAN_IMPORT_FORMAT_XLSX);
  self->sheet_name = g_strdup (cf_xlsx_reader_get_sheet_name (reader, best_sheet));
  self->header_row = best_row;
  set_headers (self, (const char * const *) header->pdata, header->len);

  /* Notes above the header may be merged or computed; the rows read not. */
  if (!cf_xlsx_reader_read_sheet_from (reader, best_sheet, best_row, data_row_cb, self, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

static CfPlanImport *
read_csv (GBytes        *bytes,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(CfPlanImport) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  CfCsvParser parser;
  CfCsvHeader header;
  const char *encoding = NULL;
  char delimiter;
  gsize size = g_bytes_get_size (bytes);

  if (size > CF_PLAN_IMPORT_MAX_CSV_BYTES)
    {
      g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_TOO_LARGE,
                   _("The CSV file is larger than %d MB."), CF_PLAN_IMPORT_MAX_CSV_BYTES / (1024 * 1024));
      return NULL;
    }

  text = cf_csv_decode (bytes, &encoding, &local_error);
  if (text == NULL)
    {
      g_set_error_literal (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_ENCODING, local_error->message);
      return NULL;
    }
  delimiter = cf_csv_guess_delimiter (text);

  /* The header: the best of the first non-empty records. */
  if (!cf_csv_find_header (text, delimiter, CF_PLAN_IMPORT_MAX_COLUMNS, HEADER_SEARCH_ROWS,
                           csv_header_score, NULL, &header) ||
      header.score < CF_PLAN_IMPORT_MIN_HEADER_MATCHES)
    {
      cf_csv_header_clear (&header);
      no_header_error (error);
      return NULL;
    }
  if (header.wide)
    {
      cf_csv_header_clear (&header);
      too_wide_error (error);
      return NULL;
    }

  self = import_new (CF_PLAN_IMPORT_FORMAT_CSV);
  self->encoding = g_strdup (encoding);
  self->header_row = header.line;
  set_headers (self, (const char * const *) header.fields->pdata, header.fields->len);

  /* The data: every non-empty record after the header. */
  cf_csv_parser_init (&parser, text, delimiter, CF_PLAN_IMPORT_MAX_COLUMNS);
  for (guint i = 1; cf_csv_parser_next (&parser); i++)
    {
      if (i <= header.record || cf_csv_parser_is_empty (&parser))
        continue;
      if ((i % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error)) ||
          !add_row (self, parser.line, (const char * const *) parser.fields->pdata,
                    parser.fields->len, error))
        {
          cf_csv_parser_clear (&parser);
          cf_csv_header_clear (&header);
          return NULL;
        }
    }
  cf_csv_parser_clear (&parser);
  cf_csv_header_clear (&header);

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

static gboolean
looks_like_workbook (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return size >= 4 && ((data[0] == 'P' && data[1] == 'K') ||
                       (data[0] == 0xd0 && data[1] == 0xcf && data[2] == 0x11 && data[3] == 0xe0));
}

CfPlanImport *
cf_plan_import_read_bytes (GBytes              *bytes,
                           CfPlanImportFormat   format,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (format == CF_PLAN_IMPORT_FORMAT_AUTO)
    format = looks_like_workbook (bytes) ? CF_PLAN_IMPORT_FORMAT_XLSX : CF_PLAN_IMPORT_FORMAT_CSV;

  if (format == CF_PLAN_IMPORT_FORMAT_XLSX)
    return read_workbook (bytes, cancellable, error);
  return read_csv (bytes, cancellable, error);
}

CfPlanImport *
cf_plan_import_read (const char          *path,
                     CfPlanImportFormat   format,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_IO,
                   _("The file cannot be read: %s"), local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (file);

  /* The name says what the person meant; a .xlsx that is not a zip gets
   * the workbook reader's message, not a CSV one. */
  lower = g_ascii_strdown (path, -1);
  if (format == CF_PLAN_IMPORT_FORMAT_AUTO)
    {
      if (g_str_has_suffix (lower, ".xlsx") || g_str_has_suffix (lower, ".xlsm") ||
          g_str_has_suffix (lower, ".xls"))
        format = CF_PLAN_IMPORT_FORMAT_XLSX;
      else if (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".txt"))
        format = CF_PLAN_IMPORT_FORMAT_CSV;
    }

  return cf_plan_import_read_bytes (bytes, format, cancellable, error);
}

typedef struct
{
  char               *path;
  CfPlanImportFormat  format;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  CfPlanImport *import;

  if (g_task_return_error_if_cancelled (task))
    return;
  import = cf_plan_import_read (data->path, data->format, cancellable, &error);

  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) cf_plan_import_free);
}

void
cf_plan_import_read_async (const char          *path,
                           CfPlanImportFormat   format,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (ReadData, 1);
  data->path = g_strdup (path);
  data->format = format;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_plan_import_read_async);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, read_thread);
}

CfPlanImport *
cf_plan_import_read_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_plan_import_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

CfPlanImportFormat
cf_plan_import_get_format (CfPlanImport *self)
{
  g_return_val_if_fail (self != NULL, CF_PLAN_IMPORT_FORMAT_AUTO);
  return self->format;
}

const char *
cf_plan_import_get_sheet_name (CfPlanImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sheet_name;
}

guint
cf_plan_import_get_header_row (CfPlanImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->header_row;
}

const char *
cf_plan_import_get_encoding (CfPlanImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->encoding;
}

guint
cf_plan_import_get_n_rows (CfPlanImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows->len;
}

guint
cf_plan_import_get_n_source_columns (CfPlanImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->headers->len;
}

const char *
cf_plan_import_get_source_header (CfPlanImport *self,
                                  guint         source_column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (source_column < self->headers->len, NULL);
  return g_ptr_array_index (self->headers, source_column);
}

const char *
cf_plan_import_get_cell (CfPlanImport *self,
                         guint         row,
                         guint         source_column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  g_return_val_if_fail (source_column < self->headers->len, NULL);
  return raw_row_get (g_ptr_array_index (self->rows, row), source_column);
}

int
cf_plan_import_get_mapping (CfPlanImport *self,
                            guint         source_column)
{
  g_return_val_if_fail (self != NULL, CF_PLAN_IMPORT_UNMAPPED);
  g_return_val_if_fail (source_column < self->mapping->len, CF_PLAN_IMPORT_UNMAPPED);
  return g_array_index (self->mapping, int, source_column);
}

void
cf_plan_import_set_mapping (CfPlanImport *self,
                            guint         source_column,
                            int           column)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (source_column < self->mapping->len);
  g_return_if_fail (column == CF_PLAN_IMPORT_UNMAPPED || (column >= 0 && column < CF_PLAN_N_COLUMNS));

  g_array_index (self->mapping, int, source_column) = column;
}

/* A note written beside the table (“*CATALOGO PROPORCIONADO POR LA IPES”,
 * “ver catálogo de la SEP en la hoja 2”): right of every known column,
 * starting with a mark or a sentence of several words. */
static gboolean
is_note_column (CfPlanImport *self,
                guint         source_column,
                const char   *header)
{
  guint words = 0;

  if (source_column < self->known_width)
    return FALSE;
  if (!g_unichar_isalnum (g_utf8_get_char (header)))
    return TRUE;
  for (const char *p = header; *p; p++)
    if (*p != ' ' && (p == header || p[-1] == ' '))
      words++;
  return words >= 4;
}

GPtrArray *
cf_plan_import_list_unknown (CfPlanImport *self)
{
  GPtrArray *unknown;

  g_return_val_if_fail (self != NULL, NULL);

  unknown = g_ptr_array_new ();
  /* A MEC sheet's other columns (CURP_RESPONSABLE…) are not the plan's. */
  if (self->pending_bytes != NULL)
    return unknown;
  for (guint i = 0; i < self->headers->len; i++)
    {
      const char *header = g_ptr_array_index (self->headers, i);

      if (*header != '\0' && g_array_index (self->mapping, int, i) == CF_PLAN_IMPORT_UNMAPPED &&
          !cf_plan_column_from_header (header, NULL) && !is_note_column (self, i, header))
        g_ptr_array_add (unknown, (gpointer) header);
    }
  return unknown;
}

GPtrArray *
cf_plan_import_list_missing (CfPlanImport *self)
{
  gboolean mapped[CF_PLAN_N_COLUMNS] = { FALSE };
  GPtrArray *missing;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->mapping->len; i++)
    {
      int column = g_array_index (self->mapping, int, i);

      if (column != CF_PLAN_IMPORT_UNMAPPED)
        mapped[column] = TRUE;
    }

  missing = g_ptr_array_new ();
  /* A MEC sheet must feed its keys; the join gives the rest. */
  if (self->pending_keys != NULL)
    {
      for (guint k = 0; k < self->pending_keys->len; k++)
        if (!mapped[g_array_index (self->pending_keys, int, k)])
          g_ptr_array_add (missing, GINT_TO_POINTER (g_array_index (self->pending_keys, int, k)));
      return missing;
    }
  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    if (!mapped[c] && cf_plan_column_is_required (c))
      g_ptr_array_add (missing, GINT_TO_POINTER (c));
  return missing;
}

/* Columns fed by two file columns, as "NOMBRE_CARRERA (C, F)". */
static GPtrArray *
list_repeated (CfPlanImport *self)
{
  GPtrArray *repeated = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    {
      g_autoptr(GString) where = g_string_new (NULL);
      guint count = 0;

      for (guint i = 0; i < self->mapping->len; i++)
        if (g_array_index (self->mapping, int, i) == (int) c)
          {
            g_autofree char *letters = cf_xlsx_column_name (i);

            g_string_append_printf (where, "%s%s", count++ > 0 ? ", " : "", letters);
          }
      if (count > 1)
        g_ptr_array_add (repeated, g_strdup_printf ("%s (%s)", cf_plan_column_get_name (c), where->str));
    }
  return repeated;
}

static char *
join_columns (GPtrArray *columns)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                            cf_plan_column_get_name (GPOINTER_TO_INT (g_ptr_array_index (columns, i))));
  return g_string_free (out, FALSE);
}

static char *
join_strings (GPtrArray *strings)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    g_string_append_printf (out, "%s“%s”", i > 0 ? ", " : "", (char *) g_ptr_array_index (strings, i));
  return g_string_free (out, FALSE);
}

gboolean
cf_plan_import_check_mapping (CfPlanImport  *self,
                              gboolean       allow_unknown,
                              GError       **error)
{
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GPtrArray) repeated = NULL;
  g_autoptr(GString) message = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  missing = cf_plan_import_list_missing (self);
  unknown = allow_unknown ? g_ptr_array_new () : cf_plan_import_list_unknown (self);
  repeated = list_repeated (self);

  if (missing->len == 0 && unknown->len == 0 && repeated->len == 0)
    return TRUE;

  message = g_string_new (NULL);
  if (missing->len > 0)
    {
      g_autofree char *names = join_columns (missing);

      g_string_append_printf (message, _("Missing columns: %s."), names);
    }
  if (unknown->len > 0)
    {
      g_autofree char *names = join_strings (unknown);

      if (message->len > 0)
        g_string_append_c (message, ' ');
      g_string_append_printf (message, _("Columns Certifica does not know: %s."), names);
    }
  if (repeated->len > 0)
    {
      g_autofree char *names = NULL;
      GString *list = g_string_new (NULL);

      for (guint i = 0; i < repeated->len; i++)
        g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (repeated, i));
      names = g_string_free (list, FALSE);
      if (message->len > 0)
        g_string_append_c (message, ' ');
      g_string_append_printf (message, _("Columns given twice: %s."), names);
    }

  if (self->pending_bytes != NULL)
    g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_MAPPING,
                 /* Translators: a sheet name, then the column problems found in its header. */
                 _("The header row of the sheet “%s” does not match MEC's sheet of that name. %s "
                   "Rename the columns in the file (or map them in Certifica) and import again."),
                 self->sheet_name, message->str);
  else
    g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_MAPPING,
                 /* Translators: %s lists the column problems found in the header. */
                 _("The header row of the file does not match the Programa de Estudios. %s "
                   "Rename the columns in the file (or map them in Certifica) and import again."),
                 message->str);
  return FALSE;
}

CfPlanBook *
cf_plan_import_build (CfPlanImport  *self,
                      GPtrArray    **rejected,
                      GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) repeated = NULL;
  GPtrArray *rejected_rows;
  CfPlanBook *book;
  int source_of[CF_PLAN_N_COLUMNS];

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* One MEC sheet alone is not the plan: its mapping first. */
  if (self->pending_bytes != NULL)
    {
      if (cf_plan_import_check_mapping (self, TRUE, error))
        g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_MAPPING,
                     /* Translators: %s is a sheet name. */
                     _("The columns of the sheet “%s” are mapped but not applied yet."), self->sheet_name);
      return NULL;
    }

  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    source_of[c] = -1;
  for (guint i = 0; i < self->mapping->len; i++)
    {
      int column = g_array_index (self->mapping, int, i);

      if (column != CF_PLAN_IMPORT_UNMAPPED && source_of[column] < 0)
        source_of[column] = i;
    }

  repeated = list_repeated (self);
  for (guint i = 0; i < G_N_ELEMENTS (identity_columns); i++)
    if (source_of[identity_columns[i]] < 0 || repeated->len > 0)
      {
        g_autoptr(GError) mapping_error = NULL;

        if (!cf_plan_import_check_mapping (self, TRUE, &mapping_error))
          g_propagate_error (error, g_steal_pointer (&mapping_error));
        else
          g_set_error (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_MAPPING,
                       _("The file has no %s column."), cf_plan_column_get_name (identity_columns[i]));
        return NULL;
      }

  /* The rows borrow their values from the import (the file's text when it
   * is canonical already, else a canonical copy in its string chunk):
   * cf_plan_book_new_from_rows() copies what it keeps. */
  rows = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < self->rows->len; r++)
    {
      RawRow *raw = g_ptr_array_index (self->rows, r);
      CfPlanRow *row = g_new0 (CfPlanRow, 1);
      gboolean empty = TRUE;

      row->row = raw->row;
      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        {
          const char *text = source_of[c] >= 0 ? raw_row_get (raw, source_of[c]) : "";
          const char *p = text;

          while (g_ascii_isspace (*p))
            p++;
          /* Blank stays blank ("the same as above" for a plan's values). */
          row->cells[c] = (char *) (*p != '\0' ? _cf_plan_canonical_value_in (c, text, self->chunk) : "");
          /* ESTATUS_PLAN alone does not make a row. */
          if (*row->cells[c] != '\0' && c != CF_PLAN_COL_ESTATUS_PLAN)
            empty = FALSE;
        }

      if (empty)
        g_free (row);
      else
        g_ptr_array_add (rows, row);
    }

  if (rows->len == 0)
    {
      g_set_error_literal (error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_EMPTY,
                           _("The file has the Programa de Estudios header but no rows below it."));
      return NULL;
    }

  rejected_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  book = cf_plan_book_new_from_rows (rows, rejected_rows);

  if (rejected != NULL)
    *rejected = rejected_rows;
  else
    g_ptr_array_unref (rejected_rows);
  return book;
}

/* ---- The shapes ---- */

CfPlanImport *
_cf_plan_import_new (CfPlanImportFormat  format,
                     CfPlanImportShape   shape,
                     const char         *sheet_name,
                     guint               header_row)
{
  CfPlanImport *self = import_new (format);

  self->shape = shape;
  self->sheet_name = g_strdup (sheet_name);
  self->header_row = header_row;
  return self;
}

void
_cf_plan_import_set_header (CfPlanImport       *self,
                            const char * const *cells,
                            guint               n_cells)
{
  set_headers (self, cells, n_cells);
}

gboolean
_cf_plan_import_add_row (CfPlanImport       *self,
                         guint               row,
                         const char * const *cells,
                         guint               n_cells,
                         GError            **error)
{
  return add_row (self, row, cells, n_cells, error);
}

void
_cf_plan_import_set_column_sheet (CfPlanImport *self,
                                  CfPlanColumn  column,
                                  const char   *sheet)
{
  g_free (self->column_sheet[column]);
  self->column_sheet[column] = g_strdup (sheet);
}

void
_cf_plan_import_set_pending (CfPlanImport *self,
                             GBytes       *bytes,
                             GHashTable   *overrides,
                             GArray       *keys)
{
  GHashTableIter iter;
  gpointer name, mapping;

  self->pending_bytes = g_bytes_ref (bytes);
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  if (overrides != NULL)
    {
      g_hash_table_iter_init (&iter, overrides);
      while (g_hash_table_iter_next (&iter, &name, &mapping))
        g_hash_table_insert (self->overrides, g_strdup (name), g_array_ref (mapping));
    }
  self->pending_keys = g_array_ref (keys);
}

gboolean
cf_plan_import_needs_sheet_mapping (CfPlanImport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->pending_bytes != NULL;
}

CfPlanImport *
cf_plan_import_apply_sheet_mapping (CfPlanImport  *self,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(CfXlsxReader) reader = NULL;
  g_autoptr(GHashTable) overrides = NULL;
  GHashTableIter iter;
  gpointer name, earlier;
  GArray *mapping;
  CfPlanImport *next;
  GError *local_error = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->pending_bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cf_plan_import_check_mapping (self, TRUE, error))
    return NULL;

  overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  g_hash_table_iter_init (&iter, self->overrides);
  while (g_hash_table_iter_next (&iter, &name, &earlier))
    g_hash_table_insert (overrides, g_strdup (name), g_array_ref (earlier));
  mapping = g_array_copy (self->mapping);
  g_hash_table_insert (overrides, g_strdup (self->sheet_name), mapping);

  reader = cf_xlsx_reader_new_for_bytes (self->pending_bytes, error);
  if (reader == NULL)
    return NULL;
  next = _cf_plan_import_read_mec (reader, self->pending_bytes, overrides, cancellable, &local_error);
  if (next == NULL && local_error == NULL)
    g_set_error_literal (&local_error, CF_PLAN_IMPORT_ERROR, CF_PLAN_IMPORT_ERROR_NO_HEADER,
                         _("The workbook no longer has MEC's sheets."));
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return next;
}

static void
apply_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  CfPlanImport *next;

  if (g_task_return_error_if_cancelled (task))
    return;
  next = cf_plan_import_apply_sheet_mapping (task_data, cancellable, &error);
  if (next == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, next, (GDestroyNotify) cf_plan_import_free);
}

void
cf_plan_import_apply_sheet_mapping_async (CfPlanImport        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->pending_bytes != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_plan_import_apply_sheet_mapping_async);
  g_task_set_task_data (task, self, (GDestroyNotify) cf_plan_import_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, apply_thread);
}

CfPlanImport *
cf_plan_import_apply_sheet_mapping_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_plan_import_apply_sheet_mapping_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

CfPlanImportShape
cf_plan_import_get_shape (CfPlanImport *self)
{
  g_return_val_if_fail (self != NULL, CF_PLAN_IMPORT_SHAPE_FLAT);
  return self->shape;
}

const char *
cf_plan_import_get_column_sheet (CfPlanImport *self,
                                 CfPlanColumn  column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, NULL);

  if (self->shape == CF_PLAN_IMPORT_SHAPE_MEC)
    return self->column_sheet[column];
  for (guint i = 0; i < self->mapping->len; i++)
    if (g_array_index (self->mapping, int, i) == (int) column)
      return self->sheet_name;
  return NULL;
}

guint
cf_plan_import_fill_from (CfPlanImport *self,
                          CfPlanBook   *current)
{
  g_autoptr(GHashTable) by_key = NULL;
  g_autoptr(GHashTable) by_subject = NULL;
  g_autoptr(GPtrArray) subjects = NULL;
  int source_of[CF_PLAN_N_COLUMNS];
  guint filled = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (current == NULL || CF_IS_PLAN_BOOK (current), 0);

  if (self->shape != CF_PLAN_IMPORT_SHAPE_MEC || current == NULL)
    return 0;

  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    source_of[c] = -1;
  for (guint i = 0; i < self->mapping->len; i++)
    {
      int column = g_array_index (self->mapping, int, i);

      if (column != CF_PLAN_IMPORT_UNMAPPED && source_of[column] < 0)
        source_of[column] = i;
    }

  by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  by_subject = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  subjects = cf_plan_book_list_subjects (current, FALSE);
  for (guint i = 0; i < subjects->len; i++)
    {
      CfPlanNode *subject = g_ptr_array_index (subjects, i);
      char *subject_key = g_strdup_printf ("%s|%s", cf_plan_node_get (subject, CF_PLAN_COL_ID_CARRERA),
                                           cf_plan_node_get (subject, CF_PLAN_COL_ID_ASIGNATURA));

      g_hash_table_insert (by_key, cf_plan_node_dup_key (subject), subject);
      /* The same subject in several plans: the first one answers. */
      if (g_hash_table_contains (by_subject, subject_key))
        g_free (subject_key);
      else
        g_hash_table_insert (by_subject, subject_key, subject);
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      RawRow *raw = g_ptr_array_index (self->rows, r);
      const char *cells[CF_PLAN_N_COLUMNS];
      g_autofree char *key = NULL;
      g_autofree char *subject_key = NULL;
      CfPlanRow probe = { { NULL }, 0, 0 };
      CfPlanNode *subject;
      gboolean changed = FALSE;
      guint width = 0;

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        {
          cells[c] = source_of[c] >= 0 ? raw_row_get (raw, source_of[c]) : "";
          probe.cells[c] = (char *) (*cells[c] != '\0' ? _cf_plan_canonical_value_in (c, cells[c], self->chunk) : "");
        }
      key = cf_plan_row_dup_key (&probe);
      subject = g_hash_table_lookup (by_key, key);
      if (subject == NULL)
        {
          subject_key = g_strdup_printf ("%s|%s", probe.cells[CF_PLAN_COL_ID_CARRERA],
                                         probe.cells[CF_PLAN_COL_ID_ASIGNATURA]);
          subject = g_hash_table_lookup (by_subject, subject_key);
        }
      if (subject == NULL)
        continue;

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        if (self->column_sheet[c] == NULL && *cells[c] == '\0' && source_of[c] >= 0)
          {
            const char *value = cf_plan_node_get (subject, c);

            if (*value != '\0')
              {
                cells[c] = g_string_chunk_insert (self->chunk, value);
                changed = TRUE;
                filled++;
              }
          }
      if (!changed)
        continue;

      /* The row again, with the values filled in (in source column order). */
      {
        const char *by_source[CF_PLAN_N_COLUMNS];
        RawRow *fresh;
        guint n = 0;

        for (guint i = 0; i < self->headers->len && i < CF_PLAN_N_COLUMNS; i++)
          {
            int column = g_array_index (self->mapping, int, i);

            by_source[i] = column != CF_PLAN_IMPORT_UNMAPPED && source_of[column] == (int) i ?
                           cells[column] : raw_row_get (raw, i);
            if (*by_source[i] != '\0')
              {
                n++;
                width = i + 1;
              }
          }
        fresh = g_malloc (sizeof (RawRow) + n * sizeof (RawCell));
        fresh->row = raw->row;
        fresh->n_cells = 0;
        for (guint i = 0; i < width; i++)
          if (*by_source[i] != '\0')
            {
              fresh->cells[fresh->n_cells].column = i;
              fresh->cells[fresh->n_cells].text = by_source[i];
              fresh->n_cells++;
            }
        g_free (g_steal_pointer (&self->rows->pdata[r]));
        self->rows->pdata[r] = fresh;
      }
    }
  return filled;
}

/* ---- Building in a worker ---- */

typedef struct
{
  CfPlanImport *import;
  CfPlanBook   *current;    /* an unbound copy, or NULL */
  CfPlanBook   *preview;
  GPtrArray    *rejected;
  CfPlanDiff   *changes;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_pointer (&data->import, cf_plan_import_free);
  g_clear_object (&data->current);
  g_clear_object (&data->preview);
  g_clear_pointer (&data->rejected, g_ptr_array_unref);
  g_clear_pointer (&data->changes, cf_plan_diff_unref);
  g_free (data);
}

static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (data->current != NULL)
    cf_plan_import_fill_from (data->import, data->current);
  data->preview = cf_plan_import_build (data->import, &data->rejected, &error);
  /* The file's table is not needed any more: freed here, not on the
   * main thread. */
  g_clear_pointer (&data->import, cf_plan_import_free);
  if (data->preview == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (data->current != NULL)
    {
      data->changes = cf_plan_diff_new_between (data->current, data->preview);
      g_clear_object (&data->current);
    }
  g_task_return_boolean (task, TRUE);
}

void
cf_plan_import_build_async (CfPlanImport        *self,
                            CfPlanBook          *current,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  g_return_if_fail (self != NULL);
  g_return_if_fail (current == NULL || CF_IS_PLAN_BOOK (current));

  data = g_new0 (BuildData, 1);
  data->import = self;
  /* The editor goes on with @current meanwhile: the worker reads a copy. */
  data->current = current != NULL ? cf_plan_book_copy (current) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_plan_import_build_async);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, build_thread);
}

CfPlanBook *
cf_plan_import_build_finish (GAsyncResult  *result,
                             GPtrArray    **rejected,
                             CfPlanDiff   **changes,
                             GError       **error)
{
  BuildData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_plan_import_build_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  if (rejected != NULL)
    *rejected = g_steal_pointer (&data->rejected);
  if (changes != NULL)
    *changes = g_steal_pointer (&data->changes);
  return g_steal_pointer (&data->preview);
}
