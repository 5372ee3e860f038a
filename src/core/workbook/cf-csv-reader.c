/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-csv-reader.c: decoding and parsing CSV text (see the header). */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-csv-reader.h"

char *
cf_csv_decode (GBytes       *bytes,
               const char  **encoding,
               GError      **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GError) local_error = NULL;
  char *converted;

  if (data == NULL)
    data = "";
  if (memchr (data, '\0', size) != NULL)
    {
      g_set_error_literal (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                           _("The file is not a text (CSV) file."));
      return NULL;
    }

  if (g_utf8_validate_len (data, size, NULL))
    {
      if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
        converted = g_strndup (data + 3, size - 3);
      else
        converted = g_strndup (data, size);
      *encoding = "UTF-8";
      return converted;
    }

  converted = g_convert (data, size, "UTF-8", "WINDOWS-1252", NULL, NULL, &local_error);
  if (converted == NULL)
    {
      g_set_error_literal (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                           _("The CSV file is neither UTF-8 nor Windows-1252 text. Save it "
                             "again as “CSV UTF-8” and import that."));
      return NULL;
    }
  *encoding = "WINDOWS-1252";
  return converted;
}

char
cf_csv_guess_delimiter (const char *text)
{
  guint comma = 0, semicolon = 0, tab = 0;
  gboolean quoted = FALSE;

  /* The first line (outside quotes) decides: Excel in Spanish writes ";". */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        {
          if (comma + semicolon + tab > 0)
            break;
        }
      else if (!quoted && *p == ',')
        comma++;
      else if (!quoted && *p == ';')
        semicolon++;
      else if (!quoted && *p == '\t')
        tab++;
    }

  if (semicolon > comma && semicolon >= tab)
    return ';';
  if (tab > comma && tab > semicolon)
    return '\t';
  return ',';
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

void
cf_csv_parser_init (CfCsvParser *parser,
                    const char  *text,
                    char         delimiter,
                    guint        max_columns)
{
  memset (parser, 0, sizeof *parser);
  parser->fields = g_ptr_array_new_with_free_func (g_free);
  parser->p = text;
  parser->delimiter = delimiter;
  parser->next_line = 1;
  parser->max_columns = max_columns;
  parser->field = g_string_new (NULL);
}

void
cf_csv_parser_clear (CfCsvParser *parser)
{
  g_clear_pointer (&parser->fields, g_ptr_array_unref);
  if (parser->field != NULL)
    g_string_free (g_steal_pointer (&parser->field), TRUE);
}

gboolean
cf_csv_parser_is_empty (CfCsvParser *parser)
{
  if (parser->wide)
    return FALSE;
  for (guint i = 0; i < parser->fields->len; i++)
    if (!is_blank (g_ptr_array_index (parser->fields, i)))
      return FALSE;
  return TRUE;
}

static void
add_field (CfCsvParser *parser,
           const char  *text)
{
  if (parser->fields->len < parser->max_columns)
    g_ptr_array_add (parser->fields, g_strdup (text));
  else if (!is_blank (text))
    parser->wide = TRUE;
}

gboolean
cf_csv_parser_next (CfCsvParser *parser)
{
  GString *field = parser->field;
  const char *p = parser->p;
  char delimiter = parser->delimiter;

  if (*p == '\0')
    return FALSE;

  parser->line = parser->next_line;
  parser->wide = FALSE;
  g_ptr_array_set_size (parser->fields, 0);

  for (;;)
    {
      gboolean quoted = FALSE;

      g_string_truncate (field, 0);
      if (*p == '"')
        {
          quoted = TRUE;
          p++;
          while (*p != '\0')
            {
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
                    parser->next_line++;
                  g_string_append_c (field, *p);
                  p++;
                }
            }
        }
      /* Unquoted text (or what follows a closing quote) up to the delimiter. */
      while (*p != '\0' && *p != delimiter && *p != '\n' && *p != '\r')
        {
          if (!quoted || !g_ascii_isspace (*p))
            g_string_append_c (field, *p);
          p++;
        }

      add_field (parser, field->str);

      if (*p == delimiter)
        {
          p++;
          if (*p == '\0')
            {
              add_field (parser, "");
              break;
            }
          continue;
        }

      if (*p == '\r')
        p++;
      if (*p == '\n')
        p++;
      parser->next_line++;
      break;
    }

  parser->p = p;
  return TRUE;
}

gboolean
cf_csv_find_header (const char            *text,
                    char                   delimiter,
                    guint                  max_columns,
                    guint                  max_records,
                    CfCsvHeaderScoreFunc   score_func,
                    gpointer               user_data,
                    CfCsvHeader           *header)
{
  CfCsvParser parser;
  guint non_empty = 0, n_records = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (score_func != NULL, FALSE);
  g_return_val_if_fail (header != NULL, FALSE);

  memset (header, 0, sizeof *header);
  header->fields = g_ptr_array_new_with_free_func (g_free);

  cf_csv_parser_init (&parser, text, delimiter, max_columns);
  while (non_empty < max_records && cf_csv_parser_next (&parser))
    {
      guint score;

      n_records++;
      if (cf_csv_parser_is_empty (&parser))
        continue;
      non_empty++;
      score = score_func ((const char * const *) parser.fields->pdata, parser.fields->len, user_data);
      if (score > header->score)
        {
          header->score = score;
          header->record = n_records;
          header->line = parser.line;
          header->wide = parser.wide;
          g_ptr_array_set_size (header->fields, 0);
          for (guint i = 0; i < parser.fields->len; i++)
            g_ptr_array_add (header->fields, g_strdup (g_ptr_array_index (parser.fields, i)));
        }
    }
  cf_csv_parser_clear (&parser);
  return header->score > 0;
}

void
cf_csv_header_clear (CfCsvHeader *header)
{
  g_return_if_fail (header != NULL);

  g_clear_pointer (&header->fields, g_ptr_array_unref);
  header->score = 0;
}
