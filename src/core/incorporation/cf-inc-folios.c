/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-folios.c: test folios pasted or as a range, and SEP's result files. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-inc-folios.h"
#include "cf-incorporation-repo.h"

/* ---- A pasted list ---- */

static gboolean
is_folio_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '/' || c == '.';
}

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* "A-B" of digits into @folios; FALSE when it is not such a range; a range
 * that is one but backwards or too long sets @error. */
static gboolean
add_range (const char  *token,
           GPtrArray   *folios,
           GHashTable  *seen,
           GError     **error)
{
  const char *dash = strchr (token, '-');
  g_autofree char *first = NULL;
  guint64 a, b;
  int width;

  if (dash == NULL || strchr (dash + 1, '-') != NULL)
    return FALSE;
  first = g_strndup (token, dash - token);
  if (!is_all_digits (first) || !is_all_digits (dash + 1))
    return FALSE;
  if (!g_ascii_string_to_unsigned (first, 10, 0, G_MAXUINT32, &a, NULL) ||
      !g_ascii_string_to_unsigned (dash + 1, 10, 0, G_MAXUINT32, &b, NULL) ||
      a > b || b - a >= CF_INC_FOLIOS_MAX_RANGE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %s is what was typed, %d a number. */
                   _("“%s” is not a range of folios: write the first and the last, the first "
                     "smaller, as in 1-100 (at most %d folios)."),
                   token, CF_INC_FOLIOS_MAX_RANGE);
      return TRUE;
    }
  width = first[0] == '0' && strlen (first) > 1 ? (int) strlen (first) : 0;
  for (guint64 i = a; i <= b; i++)
    {
      char *folio = g_strdup_printf ("%0*" G_GUINT64_FORMAT, width, i);

      if (g_hash_table_add (seen, folio))
        g_ptr_array_add (folios, g_strdup (folio));
    }
  return TRUE;
}

GStrv
cf_inc_folios_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(GRegex) dashes = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) folios = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *normal = NULL;
  g_auto(GStrv) tokens = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* "1 - 100" and "1–100" (an en dash, as word processors write it) are
   * ranges too. */
  dashes = g_regex_new ("(?<=[0-9])\\s*(-|\xe2\x80\x93|\xe2\x80\x94)\\s*(?=[0-9])", 0, 0, NULL);
  normal = g_regex_replace_literal (dashes, text, -1, 0, "-", 0, NULL);
  tokens = g_regex_split_simple ("[\\s,;|]+", normal, 0, 0);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      char *token = g_strstrip (tokens[i]);
      GError *local_error = NULL;
      gsize len;

      /* Quotes a spreadsheet puts around a cell. */
      len = strlen (token);
      if (len >= 2 && (token[0] == '"' || token[0] == '\'') && token[len - 1] == token[0])
        {
          token[len - 1] = '\0';
          token++;
        }
      if (*token == '\0')
        continue;
      if (add_range (token, folios, seen, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          continue;
        }
      for (const char *c = token; *c != '\0'; c++)
        if (!is_folio_char (*c))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         /* Translators: %s is what was typed. */
                         _("“%s” is not a folio: folios are letters and digits, separated by "
                           "spaces, commas or new lines, or a range such as 1-100."),
                         token);
            return NULL;
          }
      if (g_hash_table_add (seen, g_strdup (token)))
        g_ptr_array_add (folios, g_strdup (token));
    }

  if (folios->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No folios were given: paste SEP’s list, or a range such as 1-100."));
      return NULL;
    }
  g_ptr_array_add (folios, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&folios), FALSE);
}

/* ---- SEP's result files ---- */

void
cf_inc_folio_result_free (CfIncFolioResult *result)
{
  if (result == NULL)
    return;
  g_free (result->folio);
  g_free (result->result);
  g_free (result);
}

typedef enum
{
  FIELD_NONE,
  FIELD_FOLIO,
  FIELD_STATUS,
  FIELD_MESSAGE,
} Field;

static Field
field_of_name (const char *name)
{
  static const char *const status_names[] = { "estatus", "status", "resultado", "result", "estado", NULL };
  static const char *const message_names[] = { "mensaje", "message", "descripcion", "descripción",
                                                "error", "errores", "observaciones", "detalle", NULL };
  g_autofree char *lower = g_utf8_strdown (name, -1);
  const char *local = strrchr (lower, ':');   /* an XML prefix */

  local = local != NULL ? local + 1 : lower;
  g_strstrip ((char *) local);
  if (g_str_has_prefix (local, "folio"))
    return FIELD_FOLIO;
  if (g_strv_contains (status_names, local))
    return FIELD_STATUS;
  if (g_strv_contains (message_names, local))
    return FIELD_MESSAGE;
  return FIELD_NONE;
}

/* SATISFACTORIO, or SEP's words as they came. */
static char *
compose_result (const char *status,
                const char *message)
{
  g_autofree char *status_up = g_utf8_strup (status != NULL ? status : "", -1);
  g_autofree char *s = g_strstrip (g_strdup (status != NULL ? status : ""));
  g_autofree char *m = g_strstrip (g_strdup (message != NULL ? message : ""));

  if (strstr (status_up, CF_TEST_FOLIO_SATISFACTORY) != NULL && strstr (status_up, "NO SATISFACTORIO") == NULL)
    return g_strdup (CF_TEST_FOLIO_SATISFACTORY);
  if (*s == '\0' && *m == '\0')
    return NULL;
  if (*s == '\0')
    return g_steal_pointer (&m);
  if (*m == '\0')
    return g_steal_pointer (&s);
  return g_strdup_printf ("%s: %s", s, m);
}

static void
add_result (GPtrArray  *results,
            const char *folio,
            const char *status,
            const char *message)
{
  g_autofree char *f = g_strstrip (g_strdup (folio));
  char *text = compose_result (status, message);
  CfIncFolioResult *result;

  if (*f == '\0' || text == NULL)
    {
      g_free (text);
      return;
    }
  result = g_new0 (CfIncFolioResult, 1);
  result->folio = g_steal_pointer (&f);
  result->result = text;
  g_ptr_array_add (results, result);
}

static char *
unquote (const char *field)
{
  g_autofree char *f = g_strstrip (g_strdup (field));
  gsize len = strlen (f);

  if (len >= 2 && f[0] == '"' && f[len - 1] == '"')
    return g_strndup (f + 1, len - 2);
  return g_steal_pointer (&f);
}

static void
parse_text (const char *contents,
            GPtrArray  *results)
{
  g_auto(GStrv) lines = g_regex_split_simple ("\\r?\\n|\\r", contents, 0, 0);
  int col_folio = 0, col_status = -1, col_message = -1;
  gboolean positional = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *folio = NULL;
      guint n;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      fields = g_regex_split_simple ("\\s*[,;\\t|:]\\s*", lines[i], 0, 0);
      n = g_strv_length (fields);

      /* A header names the columns. */
      if (positional && !g_regex_match_simple ("[0-9]", fields[0], 0, 0))
        {
          int f = -1, s = -1, m = -1;

          for (guint j = 0; j < n; j++)
            {
              g_autofree char *name = unquote (fields[j]);

              switch (field_of_name (name))
                {
                case FIELD_FOLIO: if (f < 0) f = j; break;
                case FIELD_STATUS: if (s < 0) s = j; break;
                case FIELD_MESSAGE: if (m < 0) m = j; break;
                case FIELD_NONE: default: break;
                }
            }
          if (f >= 0 && (s >= 0 || m >= 0))
            {
              col_folio = f;
              col_status = s;
              col_message = m;
              positional = FALSE;
            }
          continue;
        }

      if ((guint) col_folio >= n)
        continue;
      folio = unquote (fields[col_folio]);
      if (!g_regex_match_simple ("[0-9]", folio, 0, 0))
        continue;

      if (positional)
        {
          /* The folio up to the first separator (a space too), then the
           * status, then a message that may hold separators itself. */
          const char *line = lines[i];
          gsize folio_len = strcspn (line, " \t,;|:");
          g_autofree char *first = g_strndup (line, folio_len);
          const char *rest = line + folio_len;
          g_autofree char *status = NULL;
          g_autofree char *message = NULL;
          g_auto(GStrv) parts = NULL;

          g_free (folio);
          folio = unquote (first);
          if (!g_regex_match_simple ("[0-9]", folio, 0, 0))
            continue;
          rest += strspn (rest, " \t,;|:");
          parts = g_regex_split_simple ("\\s*[,;\\t|:]\\s*", rest, 0, 0);
          status = unquote (parts[0] != NULL ? parts[0] : "");
          if (parts[0] != NULL && parts[1] != NULL)
            {
              const char *after = rest + strlen (parts[0]);

              after += strspn (after, " \t,;|:");
              message = unquote (after);
            }
          add_result (results, folio, status, message);
        }
      else
        {
          g_autofree char *status = col_status >= 0 && (guint) col_status < n ? unquote (fields[col_status]) : NULL;
          g_autofree char *message = col_message >= 0 && (guint) col_message < n ? unquote (fields[col_message]) : NULL;

          add_result (results, folio, status, message);
        }
    }
}

/* XML: a stack of elements, each with the fields found on it so far. */
typedef struct
{
  char    *name;
  char    *values[4];   /* by Field */
  GString *text;
} Element;

typedef struct
{
  GPtrArray *stack;     /* Element */
  GPtrArray *results;
} XmlParse;

static void
element_free (gpointer data)
{
  Element *element = data;

  g_free (element->name);
  for (guint i = 0; i < G_N_ELEMENTS (element->values); i++)
    g_free (element->values[i]);
  g_string_free (element->text, TRUE);
  g_free (element);
}

static void
xml_start (GMarkupParseContext  *context,
           const char           *name,
           const char          **attribute_names,
           const char          **attribute_values,
           gpointer              user_data,
           GError              **error)
{
  XmlParse *parse = user_data;
  Element *element = g_new0 (Element, 1);

  element->name = g_strdup (name);
  element->text = g_string_new (NULL);
  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      Field field = field_of_name (attribute_names[i]);

      if (field != FIELD_NONE && element->values[field] == NULL)
        element->values[field] = g_strdup (attribute_values[i]);
    }
  g_ptr_array_add (parse->stack, element);
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  XmlParse *parse = user_data;

  if (parse->stack->len > 0)
    g_string_append_len (((Element *) g_ptr_array_index (parse->stack, parse->stack->len - 1))->text,
                         text, len);
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *name,
         gpointer              user_data,
         GError              **error)
{
  XmlParse *parse = user_data;
  Element *element = g_ptr_array_index (parse->stack, parse->stack->len - 1);
  Field field = field_of_name (element->name);

  if (element->values[FIELD_FOLIO] != NULL &&
      (element->values[FIELD_STATUS] != NULL || element->values[FIELD_MESSAGE] != NULL))
    add_result (parse->results, element->values[FIELD_FOLIO],
                element->values[FIELD_STATUS], element->values[FIELD_MESSAGE]);
  else if (field != FIELD_NONE && parse->stack->len >= 2)
    {
      /* <folioControl>123</folioControl>: a field of the element around it. */
      Element *parent = g_ptr_array_index (parse->stack, parse->stack->len - 2);
      g_autofree char *text = g_strstrip (g_strdup (element->text->str));

      if (parent->values[field] == NULL && *text != '\0')
        parent->values[field] = g_steal_pointer (&text);
    }
  g_ptr_array_remove_index (parse->stack, parse->stack->len - 1);
}

static gboolean
parse_xml (const char  *contents,
           gsize        length,
           GPtrArray   *results,
           GError     **error)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  XmlParse parse = { g_ptr_array_new_with_free_func (element_free), results };
  g_autoptr(GMarkupParseContext) context = NULL;
  GError *local_error = NULL;
  gboolean ok;

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &parse, NULL);
  ok = g_markup_parse_context_parse (context, contents, length, &local_error) &&
       g_markup_parse_context_end_parse (context, &local_error);
  g_ptr_array_unref (parse.stack);
  if (!ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %s is the XML parser's reason. */
                   _("The file looks like XML but cannot be read: %s."), local_error->message);
      g_error_free (local_error);
    }
  return ok;
}

GPtrArray *
cf_inc_folios_parse_results (const char  *contents,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(GPtrArray) results =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cf_inc_folio_result_free);
  g_autofree char *text = NULL;
  const char *start;

  g_return_val_if_fail (contents != NULL || length == 0, NULL);

  if (!g_utf8_validate (contents, length, NULL))
    text = g_convert (contents, length, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  else
    text = g_strndup (contents, length);
  if (text == NULL || memchr (contents, '\0', length) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file is not text: choose the results file SEP returned "
                             "(text, CSV or XML)."));
      return NULL;
    }
  start = text;
  if (g_str_has_prefix (start, "\xef\xbb\xbf"))
    start += 3;
  start += strspn (start, " \t\r\n");

  if (*start == '<')
    {
      if (!parse_xml (start, strlen (start), results, error))
        return NULL;
    }
  else
    parse_text (start, results);

  if (results->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No results were found in the file: each line should hold a folio "
                             "and SEP’s result (SATISFACTORIO or the error), or an XML element "
                             "with a folio and an estatus or mensaje."));
      return NULL;
    }
  return g_steal_pointer (&results);
}

gboolean
cf_inc_folios_record_results (CfStore     *store,
                              GPtrArray   *results,
                              guint       *n_recorded,
                              GPtrArray  **skipped,
                              GError     **error)
{
  g_autoptr(GPtrArray) folios = NULL;
  g_autoptr(GHashTable) by_folio = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) not_recorded = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  g_return_val_if_fail (results != NULL, FALSE);

  if (n_recorded != NULL)
    *n_recorded = 0;
  if (skipped != NULL)
    *skipped = NULL;

  folios = cf_incorporation_repo_list_folios (store, error);
  if (folios == NULL)
    return FALSE;
  for (guint i = 0; i < folios->len; i++)
    {
      CfTestFolio *folio = g_ptr_array_index (folios, i);

      g_hash_table_insert (by_folio, folio->folio, folio);
    }

  for (guint i = 0; i < results->len; i++)
    {
      CfIncFolioResult *result = g_ptr_array_index (results, i);
      CfTestFolio *folio = g_hash_table_lookup (by_folio, result->folio);

      /* A folio SEP names that is not ours or never used: told, not guessed. */
      if (folio == NULL || folio->uses == 0)
        {
          g_ptr_array_add (not_recorded, g_strdup (result->folio));
          continue;
        }
      if (!cf_incorporation_repo_set_result (store, result->folio, folio->uses, result->result, error))
        return FALSE;
      n++;
    }

  if (n_recorded != NULL)
    *n_recorded = n;
  if (skipped != NULL)
    *skipped = g_steal_pointer (&not_recorded);
  return TRUE;
}
