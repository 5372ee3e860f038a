/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-xlsx-reader.c: opening a workbook and reading its sheets' cells. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <libxml/xmlreader.h>

#include "cf-xlsx-private.h"

G_DEFINE_QUARK (cf-xlsx-error-quark, cf_xlsx_error)

/* Opening                                                             */
/* ------------------------------------------------------------------ */

/* libgsf 1.14 turns each zip entry's DOS date into a GDateTime and unrefs
 * it unchecked: an impossible date (month 15) makes GLib print a critical
 * for any damaged file. Certifica needs no dates from the zip, so a copy of
 * the package has every central-directory date set to 1980-01-01. */
#define SANITIZE_MAX_BYTES (256 * 1024 * 1024)

static guint32
get_le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
get_le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static GBytes *
sanitize_zip_dates (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint8 *copy;
  gsize eocd = 0, offset, end;
  gboolean found = FALSE;

  if (size < 22 || size > SANITIZE_MAX_BYTES)
    return g_bytes_ref (bytes);

  /* The end-of-central-directory record: within the last 64 KiB + 22. */
  for (gsize i = size - 22 + 1; i-- > 0 && size - i <= 65535 + 22;)
    if (data[i] == 'P' && data[i + 1] == 'K' && data[i + 2] == 5 && data[i + 3] == 6)
      {
        eocd = i;
        found = TRUE;
        break;
      }
  if (!found)
    return g_bytes_ref (bytes);

  offset = get_le32 (data + eocd + 16);
  end = offset + (gsize) get_le32 (data + eocd + 12);
  if (offset >= size || end > eocd || end < offset)
    return g_bytes_ref (bytes);

  copy = g_memdup2 (data, size);
  while (offset + 46 <= end && get_le32 (copy + offset) == 0x02014b50)
    {
      gsize local = get_le32 (copy + offset + 42);

      copy[offset + 12] = 0x00;   /* time 00:00:00 */
      copy[offset + 13] = 0x00;
      copy[offset + 14] = 0x21;   /* date 1980-01-01 */
      copy[offset + 15] = 0x00;
      if (local + 30 <= size && get_le32 (copy + local) == 0x04034b50)
        {
          copy[local + 10] = 0x00;
          copy[local + 11] = 0x00;
          copy[local + 12] = 0x21;
          copy[local + 13] = 0x00;
        }
      offset += 46 + (gsize) get_le16 (copy + offset + 28) + get_le16 (copy + offset + 30) +
                get_le16 (copy + offset + 32);
    }

  return g_bytes_new_take (copy, size);
}

static const guint8 ole_magic[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

static CfXlsxReader *
open_input (GBytes   *bytes,
            GError  **error)
{
  g_autoptr(CfXlsxReader) self = g_new0 (CfXlsxReader, 1);
  g_autoptr(GError) zip_error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  self->bytes = g_bytes_ref (bytes);
  self->sheet_names = g_ptr_array_new_with_free_func (g_free);
  self->sheet_paths = g_ptr_array_new_with_free_func (g_free);
  self->strings = g_string_chunk_new (64 * 1024);
  self->shared = g_ptr_array_new ();
  self->date_styles = g_array_new (FALSE, FALSE, sizeof (gboolean));

  if (size >= 4 && data[0] == 'P' && data[1] == 'K')
    {
      g_bytes_unref (self->bytes);
      self->bytes = sanitize_zip_dates (bytes);
      data = g_bytes_get_data (self->bytes, &size);
    }

  /* An empty GBytes may have a NULL data pointer. */
  self->input = gsf_input_memory_new (data != NULL ? data : (const guint8 *) "", size, FALSE);

  if (size >= sizeof ole_magic && memcmp (data, ole_magic, sizeof ole_magic) == 0)
    {
      g_autoptr(GsfInfile) ole = gsf_infile_msole_new (self->input, NULL);
      g_autoptr(GsfInput) encrypted = NULL;

      /* Office saves a password-protected .xlsx as an OLE container
       * holding EncryptionInfo + EncryptedPackage. */
      if (ole != NULL)
        encrypted = gsf_infile_child_by_name (ole, "EncryptedPackage");
      if (encrypted != NULL)
        g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_ENCRYPTED,
                             _("The workbook is protected with a password. Open it in your "
                               "spreadsheet program, remove the password to open it and save it "
                               "again, then import that copy."));
      else
        g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_LEGACY,
                             _("The file is an old Excel 97–2003 workbook (.xls). Open it in your "
                               "spreadsheet program and save it as an Excel workbook (.xlsx)."));
      return NULL;
    }

  if (size < 4 || data[0] != 'P' || data[1] != 'K')
    {
      g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NOT_ZIP,
                           _("The file is not an Excel workbook (.xlsx)."));
      return NULL;
    }

  self->zip = gsf_infile_zip_new (self->input, &zip_error);
  if (self->zip == NULL)
    {
      g_debug ("xlsx: not a zip: %s", zip_error != NULL ? zip_error->message : "?");
      g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NOT_ZIP,
                           _("The file is not an Excel workbook (.xlsx): it is damaged or of "
                             "another kind."));
      return NULL;
    }

  if (!_cf_xlsx_read_workbook (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

CfXlsxReader *
cf_xlsx_reader_new_for_bytes (GBytes  *bytes,
                              GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_input (bytes, error);
}

CfXlsxReader *
cf_xlsx_reader_new_for_path (const char  *path,
                             GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_IO,
                   _("The workbook cannot be read: %s"), local_error->message);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (file);
  return open_input (bytes, error);
}

void
cf_xlsx_reader_free (CfXlsxReader *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->zip);
  g_clear_object (&self->input);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sheet_names, g_ptr_array_unref);
  g_clear_pointer (&self->sheet_paths, g_ptr_array_unref);
  g_clear_pointer (&self->shared, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->date_styles, g_array_unref);
  g_free (self->shared_strings_path);
  g_free (self->styles_path);
  g_free (self);
}

guint
cf_xlsx_reader_get_n_sheets (CfXlsxReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->sheet_names->len;
}

const char *
cf_xlsx_reader_get_sheet_name (CfXlsxReader *self,
                               guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->sheet_names->len, NULL);
  return g_ptr_array_index (self->sheet_names, index);
}

char *
cf_xlsx_column_name (guint column)
{
  char buffer[8];
  int i = sizeof buffer - 1;

  buffer[i] = '\0';
  column++;
  while (column > 0 && i > 0)
    {
      column--;
      buffer[--i] = 'A' + column % 26;
      column /= 26;
    }
  return g_strdup (buffer + i);
}

/* ------------------------------------------------------------------ */
/* Sheets                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint col;
  gsize offset;   /* into the row's text buffer */
} CellRef;

typedef struct
{
  CfXlsxReader *reader;
  const char   *sheet;
  guint         row;          /* current, 1-based */
  guint         col;          /* current cell, 0-based */
  char          type[ATTR_MAX]; /* t= of the current cell */
  guint         style;        /* s= */
  gboolean      has_value;
  GString      *value;        /* the cell's <v> or <is> text */
  GString      *texts;        /* the row's values, NUL separated */
  GArray       *refs;         /* CellRef of the row's non-empty cells */
  GPtrArray    *cells;        /* what the callback sees */
} SheetState;

/* "B12" → column 1, row 12; either may be absent from a reference. */
static gboolean
parse_reference (const char *ref,
                 guint      *col,
                 guint      *row)
{
  guint64 c = 0, r = 0;
  const char *p = ref;

  while (g_ascii_isalpha (*p))
    {
      c = c * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (c > CF_XLSX_MAX_COLUMNS)
        return FALSE;
      p++;
    }
  while (g_ascii_isdigit (*p))
    {
      r = r * 10 + (*p - '0');
      if (r > CF_XLSX_MAX_ROWS)
        return FALSE;
      p++;
    }
  if (*p != '\0' || (c == 0 && r == 0))
    return FALSE;
  if (col != NULL)
    *col = c > 0 ? (guint) c - 1 : G_MAXUINT;
  if (row != NULL)
    *row = (guint) r;
  return TRUE;
}

static char *
cell_name (guint col,
           guint row)
{
  g_autofree char *letters = cf_xlsx_column_name (col);

  return g_strdup_printf ("%s%u", letters, row);
}

static void
serial_to_text (double   serial,
                gboolean date1904,
                GString *out)
{
  double days = floor (serial);
  int seconds = (int) floor ((serial - days) * 86400.0 + 0.5);
  GDate date;

  if (date1904)
    days += 1462;
  /* 1900 system, with its phantom 29 February 1900 (serial 60). */
  if (days >= 61)
    days -= 1;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 1899);
  g_date_add_days (&date, (guint) days);

  if (seconds >= 86400)
    {
      g_date_add_days (&date, 1);
      seconds -= 86400;
    }

  g_string_append_printf (out, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
  if (seconds > 0)
    g_string_append_printf (out, " %02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
}

static void
number_to_text (const char *raw,
                GString    *out)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end = NULL;
  double value;
  gsize digits = strspn (raw, "0123456789");

  /* Most cells are plain integers: as they are. */
  if (digits > 0 && digits < 16 && raw[digits] == '\0' && (raw[0] != '0' || digits == 1))
    {
      g_string_append_len (out, raw, digits);
      return;
    }

  value = g_ascii_strtod (raw, &end);

  if (end == raw || *end != '\0' || !isfinite (value))
    {
      g_string_append (out, raw);
      return;
    }
  if (value == floor (value) && fabs (value) < 1e15)
    g_string_append_printf (out, "%.0f", value == 0 ? 0.0 : value);
  else
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
}

static gboolean
is_date_style (SheetState *state)
{
  return state->style < state->reader->date_styles->len &&
         g_array_index (state->reader->date_styles, gboolean, state->style);
}

/* Turns the raw <v>/<is> text into the cell's text in state->texts. */
static gboolean
finish_cell (SheetState  *state,
             GError     **error)
{
  const char *type = state->type;
  CellRef ref;
  gsize before;

  if (!state->has_value)
    return TRUE;

  ref.col = state->col;
  ref.offset = before = state->texts->len;

  if (g_str_equal (type, "s"))
    {
      char *end = NULL;
      guint64 index = g_ascii_strtoull (state->value->str, &end, 10);

      if (end == state->value->str || *end != '\0' || index >= state->reader->shared->len)
        {
          g_autofree char *name = cell_name (state->col, state->row);

          g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                       _("The workbook is damaged: cell %s of sheet “%s” points to a text "
                         "that does not exist."), name, state->sheet);
          return FALSE;
        }
      g_string_append (state->texts, g_ptr_array_index (state->reader->shared, index));
    }
  else if (g_str_equal (type, "inlineStr") || g_str_equal (type, "str") || g_str_equal (type, "e"))
    g_string_append (state->texts, state->value->str);
  else if (g_str_equal (type, "b"))
    g_string_append (state->texts, g_str_equal (state->value->str, "1") ? "TRUE" : "FALSE");
  else if (g_str_equal (type, "d"))
    {
      /* ISO 8601; midnight is a plain date. */
      const char *v = state->value->str;

      if (strlen (v) >= 10 && (v[10] == '\0' || g_str_has_prefix (v + 10, "T00:00:00")))
        g_string_append_len (state->texts, v, 10);
      else
        g_string_append (state->texts, v);
    }
  else
    {
      char *end = NULL;
      double value = 0;

      if (is_date_style (state))
        value = g_ascii_strtod (state->value->str, &end);
      if (end != NULL && end != state->value->str && *end == '\0' && value >= 1 && value < 2958466)
        serial_to_text (value, state->reader->date1904, state->texts);
      else
        number_to_text (state->value->str, state->texts);
    }

  /* An empty text is an empty cell. */
  if (state->texts->len == before)
    return TRUE;

  g_string_append_c (state->texts, '\0');
  g_array_append_val (state->refs, ref);
  return TRUE;
}

static gboolean
emit_row (SheetState     *state,
          CfXlsxRowFunc   func,
          gpointer        user_data,
          gboolean       *stop,
          GError        **error)
{
  guint n = 0;
  gboolean keep_going;

  if (state->refs->len == 0)
    return TRUE;

  for (guint i = 0; i < state->refs->len; i++)
    n = MAX (n, g_array_index (state->refs, CellRef, i).col + 1);
  if (state->cells->len < n)
    g_ptr_array_set_size (state->cells, n);

  for (guint i = 0; i < state->refs->len; i++)
    {
      CellRef *ref = &g_array_index (state->refs, CellRef, i);

      state->cells->pdata[ref->col] = state->texts->str + ref->offset;
    }

  keep_going = func (state->row, (const char * const *) state->cells->pdata, n, user_data, error);

  for (guint i = 0; i < state->refs->len; i++)
    state->cells->pdata[g_array_index (state->refs, CellRef, i).col] = NULL;
  g_array_set_size (state->refs, 0);
  g_string_truncate (state->texts, 0);

  if (!keep_going)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      *stop = TRUE;
    }
  return TRUE;
}

/* Sheets are read with libxml2's SAX2 push parser rather than
 * xmlTextReader: no node is built per cell, which makes a 20,000-row sheet
 * about twice as fast to read. */
typedef struct
{
  SheetState        state;
  xmlParserCtxtPtr  ctxt;
  CfXlsxRowFunc     func;
  gpointer          user_data;
  GCancellable     *cancellable;
  const char       *path;
  GString          *t_raw;       /* an inline <t>, decoded when it ends */
  GError           *error;
  char             *xml_error;
  gboolean          stop;
  gboolean          in_row, in_cell, in_v, in_is, in_t;
  guint             skip;        /* depth inside <rPh> (phonetic guides) */
  guint             rows_seen;
  guint             strict_row;  /* 0: refuse every formula and merge */
  guint             last_row;    /* the last row emitted */
} Sax;

static void
sax_fail (Sax *sax)
{
  xmlStopParser (sax->ctxt);
}

/* SAX2 attribute values are not NUL-terminated: copy the few we need. */
static void
sax_attributes (const xmlChar **attributes,
                int             n_attributes,
                const char    **names,
                char          (*values)[ATTR_MAX],
                gboolean       *present,
                guint           n)
{
  for (guint i = 0; i < n; i++)
    present[i] = FALSE;

  for (int a = 0; a < n_attributes; a++)
    {
      const char *local = (const char *) attributes[a * 5];
      const char *begin = (const char *) attributes[a * 5 + 3];
      const char *end = (const char *) attributes[a * 5 + 4];

      for (guint i = 0; i < n; i++)
        if (!present[i] && g_strcmp0 (local, names[i]) == 0)
          {
            gsize length = end - begin;

            if (length >= ATTR_MAX)
              g_strlcpy (values[i], "!", ATTR_MAX);
            else
              {
                memcpy (values[i], begin, length);
                values[i][length] = '\0';
              }
            present[i] = TRUE;
          }
    }
}

/* Whether the merged range @ref ("A1:B3") has a row in [@first, @last]. */
static gboolean
merge_touches_rows (const char *ref,
                    guint       first,
                    guint       last)
{
  g_auto(GStrv) ends = g_strsplit (ref, ":", 2);
  guint top = 0, bottom = 0;

  if (!parse_reference (ends[0], NULL, &top))
    return TRUE;
  bottom = top;
  if (ends[1] != NULL && !parse_reference (ends[1], NULL, &bottom))
    return TRUE;
  if (top > bottom)
    {
      guint swap = top;

      top = bottom;
      bottom = swap;
    }
  return bottom >= first && top <= last && first <= last;
}

static void
sax_start_element (void           *data,
                   const xmlChar  *localname,
                   const xmlChar  *prefix,
                   const xmlChar  *uri,
                   int             n_namespaces,
                   const xmlChar **namespaces,
                   int             n_attributes,
                   int             n_defaulted,
                   const xmlChar **attributes)
{
  Sax *sax = data;
  SheetState *state = &sax->state;
  const char *name = (const char *) localname;

  if (sax->error != NULL || sax->stop)
    return;
  if (sax->skip > 0)
    {
      sax->skip++;
      return;
    }

  if (g_str_equal (name, "row"))
    {
      static const char *row_names[] = { "r" };
      char values[1][ATTR_MAX];
      gboolean present[1];
      guint number = state->row + 1;

      sax_attributes (attributes, n_attributes, row_names, values, present, 1);
      if (present[0] && (!parse_reference (values[0], NULL, &number) || number == 0))
        {
          g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                       _("The workbook is damaged: sheet “%s” has a row numbered “%s”."),
                       state->sheet, values[0]);
          sax_fail (sax);
          return;
        }
      if (number > CF_XLSX_MAX_ROWS)
        {
          g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
                       _("Sheet “%s” has more than %d rows."), state->sheet, CF_XLSX_MAX_ROWS);
          sax_fail (sax);
          return;
        }
      state->row = number;
      state->col = G_MAXUINT;
      sax->in_row = TRUE;

      if (++sax->rows_seen % CANCEL_CHECK_ROWS == 0 &&
          g_cancellable_set_error_if_cancelled (sax->cancellable, &sax->error))
        sax_fail (sax);
    }
  else if (g_str_equal (name, "c") && sax->in_row)
    {
      static const char *cell_names[] = { "r", "s", "t" };
      char values[3][ATTR_MAX];
      gboolean present[3];
      guint col = state->col == G_MAXUINT ? 0 : state->col + 1;
      guint row = state->row;

      sax_attributes (attributes, n_attributes, cell_names, values, present, 3);
      if (present[0] && (!parse_reference (values[0], &col, &row) || col == G_MAXUINT))
        {
          g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                       _("The workbook is damaged: sheet “%s” has a cell named “%s”."),
                       state->sheet, values[0]);
          sax_fail (sax);
          return;
        }
      if (col >= CF_XLSX_MAX_COLUMNS)
        {
          g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
                       _("Sheet “%s” has more than %d columns."), state->sheet, CF_XLSX_MAX_COLUMNS);
          sax_fail (sax);
          return;
        }
      state->col = col;
      g_strlcpy (state->type, present[2] ? values[2] : "n", sizeof state->type);
      state->style = present[1] ? (guint) MIN (g_ascii_strtoull (values[1], NULL, 10), G_MAXUINT) : 0;
      state->has_value = FALSE;
      g_string_truncate (state->value, 0);
      sax->in_cell = TRUE;
    }
  else if (sax->in_cell && g_str_equal (name, "f"))
    {
      g_autofree char *cell = NULL;

      /* Above the rows read, a formula's cached value is its text. */
      if (sax->strict_row > 0 && state->row < sax->strict_row)
        {
          sax->skip = 1;
          return;
        }
      cell = cell_name (state->col, state->row);

      g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_FORMULA,
                   _("Cell %s of sheet “%s” holds a formula. Certifica imports values only: "
                     "copy the cells and paste them as values, save, and import again."),
                   cell, state->sheet);
      sax_fail (sax);
    }
  else if (sax->in_cell && g_str_equal (name, "v"))
    {
      sax->in_v = TRUE;
      state->has_value = TRUE;
    }
  else if (sax->in_cell && g_str_equal (name, "is"))
    {
      sax->in_is = TRUE;
      state->has_value = TRUE;
    }
  else if (sax->in_is && g_str_equal (name, "rPh"))
    sax->skip = 1;
  else if (sax->in_is && g_str_equal (name, "t"))
    sax->in_t = TRUE;
  else if (g_str_equal (name, "mergeCell"))
    {
      static const char *merge_names[] = { "ref" };
      char values[1][ATTR_MAX];
      gboolean present[1];

      sax_attributes (attributes, n_attributes, merge_names, values, present, 1);
      if (sax->strict_row > 0 && present[0] && !merge_touches_rows (values[0], sax->strict_row, sax->last_row))
        return;
      g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_MERGED,
                   _("Cells %s of sheet “%s” are merged. Unmerge them and fill in every "
                     "row, save, and import again."),
                   present[0] ? values[0] : "?", state->sheet);
      sax_fail (sax);
    }
}

static void
sax_end_element (void          *data,
                 const xmlChar *localname,
                 const xmlChar *prefix,
                 const xmlChar *uri)
{
  Sax *sax = data;
  const char *name = (const char *) localname;

  if (sax->error != NULL || sax->stop)
    return;
  if (sax->skip > 0)
    {
      sax->skip--;
      return;
    }

  if (g_str_equal (name, "v"))
    sax->in_v = FALSE;
  else if (g_str_equal (name, "t"))
    {
      /* Text may come in several pieces: "_x000D_" is decoded whole. */
      if (sax->in_t)
        _cf_xlsx_append_unescaped_len (sax->state.value, sax->t_raw->str, sax->t_raw->len);
      g_string_truncate (sax->t_raw, 0);
      sax->in_t = FALSE;
    }
  else if (g_str_equal (name, "is"))
    sax->in_is = sax->in_t = FALSE;
  else if (g_str_equal (name, "c") && sax->in_cell)
    {
      sax->in_cell = sax->in_v = sax->in_is = sax->in_t = FALSE;
      if (!finish_cell (&sax->state, &sax->error))
        sax_fail (sax);
    }
  else if (g_str_equal (name, "row") && sax->in_row)
    {
      sax->in_row = FALSE;
      if (sax->state.refs->len > 0)
        sax->last_row = sax->state.row;
      if (!emit_row (&sax->state, sax->func, sax->user_data, &sax->stop, &sax->error) || sax->stop)
        sax_fail (sax);
    }
}

static void
sax_characters (void          *data,
                const xmlChar *text,
                int            length)
{
  Sax *sax = data;
  SheetState *state = &sax->state;

  if (sax->error != NULL || sax->stop || sax->skip > 0 || !(sax->in_v || sax->in_t))
    return;

  g_string_append_len (sax->in_t ? sax->t_raw : state->value, (const char *) text, length);

  /* Bytes bound characters from above: count only past the limit. */
  if (state->value->len + sax->t_raw->len > CF_XLSX_MAX_CELL_CHARS &&
      g_utf8_strlen (state->value->str, state->value->len) +
      g_utf8_strlen (sax->t_raw->str, sax->t_raw->len) > CF_XLSX_MAX_CELL_CHARS)
    {
      g_autofree char *cell = cell_name (state->col, state->row);

      g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
                   _("Cell %s of sheet “%s” holds more than %d characters."),
                   cell, state->sheet, CF_XLSX_MAX_CELL_CHARS);
      sax_fail (sax);
    }
}

static void
sax_internal_subset (void          *data,
                     const xmlChar *name,
                     const xmlChar *external_id,
                     const xmlChar *system_id)
{
  Sax *sax = data;

  /* The prolog scan refuses one first; this is a second lock. */
  if (sax->error == NULL)
    _cf_xlsx_set_doctype_error (&sax->error, sax->path);
  sax_fail (sax);
}

static void
sax_error (void        *data,
           xmlErrorPtr  error)
{
  Sax *sax = data;

  if (sax->xml_error == NULL && error != NULL && error->message != NULL)
    sax->xml_error = g_strstrip (g_strdup (error->message));
}

gboolean
cf_xlsx_reader_read_sheet (CfXlsxReader   *self,
                           guint           index,
                           CfXlsxRowFunc   func,
                           gpointer        user_data,
                           GCancellable   *cancellable,
                           GError        **error)
{
  return cf_xlsx_reader_read_sheet_from (self, index, 0, func, user_data, cancellable, error);
}

gboolean
cf_xlsx_reader_read_sheet_from (CfXlsxReader   *self,
                                guint           index,
                                guint           strict_row,
                                CfXlsxRowFunc   func,
                                gpointer        user_data,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_autoptr(GsfInput) input = NULL;
  xmlSAXHandler handler;
  Sax sax = { { 0 } };
  CfXlsxPrologScan prolog = { 0 };
  const char *path;
  gsize total = 0;
  guint8 buffer[64 * 1024];
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (index >= self->sheet_paths->len)
    {
      g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NO_SHEET,
                   _("The workbook has no sheet number %u."), index + 1);
      return FALSE;
    }

  if (!_cf_xlsx_prepare (self, error))
    return FALSE;

  path = g_ptr_array_index (self->sheet_paths, index);
  input = _cf_xlsx_find_member (self->zip, path);
  if (input == NULL || _cf_xlsx_is_folder (input))
    {
      g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                   _("The workbook is damaged: its part %s is missing."), path);
      return FALSE;
    }
  if (gsf_input_size (input) > CF_XLSX_MAX_SHEET_BYTES)
    {
      _cf_xlsx_set_too_large (error, path, CF_XLSX_MAX_SHEET_BYTES);
      return FALSE;
    }

  memset (&handler, 0, sizeof handler);
  handler.initialized = XML_SAX2_MAGIC;
  handler.startElementNs = sax_start_element;
  handler.endElementNs = sax_end_element;
  handler.characters = sax_characters;
  handler.cdataBlock = sax_characters;
  handler.internalSubset = sax_internal_subset;
  handler.serror = sax_error;

  sax.state.reader = self;
  sax.state.sheet = g_ptr_array_index (self->sheet_names, index);
  sax.state.value = g_string_new (NULL);
  sax.state.texts = g_string_new (NULL);
  sax.state.refs = g_array_new (FALSE, FALSE, sizeof (CellRef));
  sax.state.cells = g_ptr_array_new ();
  sax.func = func;
  sax.user_data = user_data;
  sax.cancellable = cancellable;
  sax.path = path;
  sax.t_raw = g_string_new (NULL);
  sax.strict_row = strict_row;

  sax.ctxt = xmlCreatePushParserCtxt (&handler, &sax, NULL, 0, path);
  xmlCtxtUseOptions (sax.ctxt, XML_PARSE_NONET);

  for (;;)
    {
      gsf_off_t remaining = gsf_input_remaining (input);
      size_t n = MIN ((gsf_off_t) sizeof buffer, MAX (remaining, 0));
      int rc;

      if (n > 0 && gsf_input_read (input, n, buffer) == NULL)
        {
          if (sax.error == NULL)
            g_set_error (&sax.error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                         _("The workbook is damaged: its part %s cannot be read."), path);
          break;
        }
      total += n;
      /* The zip's declared size can lie (a zip bomb): count what comes out. */
      if (total > CF_XLSX_MAX_SHEET_BYTES)
        {
          if (sax.error == NULL)
            _cf_xlsx_set_too_large (&sax.error, path, CF_XLSX_MAX_SHEET_BYTES);
          break;
        }

      /* OOXML has no DTD; one can only be an entity-expansion trap. */
      if (!_cf_xlsx_prolog_scan (&prolog, buffer, n))
        {
          if (sax.error == NULL)
            _cf_xlsx_set_doctype_error (&sax.error, path);
          break;
        }

      rc = xmlParseChunk (sax.ctxt, (const char *) buffer, (int) n, n == 0);
      if (sax.error != NULL || sax.stop)
        break;
      if (rc != 0 || !sax.ctxt->wellFormed)
        {
          g_set_error (&sax.error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                       _("The workbook is damaged: its part %s is not valid XML (%s)."), path,
                       sax.xml_error != NULL ? sax.xml_error : _("unexpected end"));
          break;
        }
      if (n == 0)
        break;
    }

  ok = sax.error == NULL;
  if (!ok)
    g_propagate_error (error, sax.error);

  xmlFreeParserCtxt (sax.ctxt);
  g_free (sax.xml_error);
  g_string_free (sax.t_raw, TRUE);
  g_string_free (sax.state.value, TRUE);
  g_string_free (sax.state.texts, TRUE);
  g_array_unref (sax.state.refs);
  g_ptr_array_unref (sax.state.cells);
  return ok;
}