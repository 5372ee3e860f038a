/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "cf-catalog.h"

#define RESOURCE_PREFIX "/io/github/certifica/core/catalogs/"

G_DEFINE_QUARK (cf-catalog-error-quark, cf_catalog_error)

struct _CfCatalogEntry
{
  gatomicrefcount  ref_count;
  char            *code;
  char            *description;
  GDate           *valid_from;
  GDate           *valid_to;
};

G_DEFINE_BOXED_TYPE (CfCatalogEntry, cf_catalog_entry, cf_catalog_entry_ref, cf_catalog_entry_unref)

typedef struct
{
  GPtrArray  *entries;          /* CfCatalogEntry, file order */
  GHashTable *by_code;          /* code → CfCatalogEntry (borrowed) */
  char       *source;
  char       *override_error;   /* why the override file was not used, or NULL */
} Catalog;

static const char * const catalog_names[] = {
  CF_CATALOG_CARGO,
  CF_CATALOG_TIPO_PERIODO,
  CF_CATALOG_NIVEL_ESTUDIOS,
  CF_CATALOG_GENERO,
  CF_CATALOG_TIPO_CERTIFICACION,
  CF_CATALOG_OBSERVACIONES,
  CF_CATALOG_TIPO_ASIGNATURA,
  CF_CATALOG_ENTIDAD_FEDERATIVA,
  NULL
};

static GMutex cache_lock;
static GHashTable *cache;       /* name → Catalog */
/* Caches dropped by cf_catalog_reload(): kept, so a string handed out
 * earlier never dangles. Reloads are rare (tests, a new file dropped in). */
static GPtrArray *retired;

static CfCatalogEntry *
entry_new (const char *code,
           const char *description,
           GDate      *valid_from,
           GDate      *valid_to)
{
  CfCatalogEntry *self = g_new0 (CfCatalogEntry, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->code = g_strdup (code);
  self->description = g_strdup (description);
  self->valid_from = valid_from;
  self->valid_to = valid_to;
  return self;
}

CfCatalogEntry *
cf_catalog_entry_ref (CfCatalogEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cf_catalog_entry_unref (CfCatalogEntry *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->code);
      g_free (self->description);
      g_clear_pointer (&self->valid_from, g_date_free);
      g_clear_pointer (&self->valid_to, g_date_free);
      g_free (self);
    }
}

const char *
cf_catalog_entry_get_code (const CfCatalogEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->code;
}

const char *
cf_catalog_entry_get_description (const CfCatalogEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->description;
}

char *
cf_catalog_entry_dup_name (const CfCatalogEntry *self)
{
  static const char * const small_words[] = { "de", "del", "la", "las", "los", "el", "y", "e", "en", NULL };
  g_autofree char *lower = NULL;
  g_auto(GStrv) words = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  /* SEP writes descriptions in capitals ("CIUDAD DE MÉXICO"): each word
   * capitalised but the small ones, the first always. */
  lower = g_utf8_strdown (self->description, -1);
  words = g_strsplit (lower, " ", -1);
  out = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];

      if (i > 0)
        g_string_append_c (out, ' ');
      if (*word == '\0')
        continue;
      if (out->len == 0 || !g_strv_contains (small_words, word))
        {
          g_string_append_unichar (out, g_unichar_totitle (g_utf8_get_char (word)));
          g_string_append (out, g_utf8_next_char (word));
        }
      else
        g_string_append (out, word);
    }
  return g_string_free (out, FALSE);
}

const GDate *
cf_catalog_entry_get_valid_from (const CfCatalogEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->valid_from;
}

const GDate *
cf_catalog_entry_get_valid_to (const CfCatalogEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->valid_to;
}

gboolean
cf_catalog_entry_is_valid_at (const CfCatalogEntry *self,
                              const GDate          *date)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (date == NULL || !g_date_valid (date))
    return TRUE;
  if (self->valid_from && g_date_compare (date, self->valid_from) < 0)
    return FALSE;
  if (self->valid_to && g_date_compare (date, self->valid_to) > 0)
    return FALSE;
  return TRUE;
}

static void
catalog_free (Catalog *catalog)
{
  g_hash_table_unref (catalog->by_code);
  g_ptr_array_unref (catalog->entries);
  g_free (catalog->source);
  g_free (catalog->override_error);
  g_free (catalog);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

static gboolean
parse_date (const char  *text,
            GDate      **out_date)
{
  guint y, m, d;
  char extra;

  *out_date = NULL;
  if (*text == '\0')
    return TRUE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &extra) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  *out_date = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static Catalog *
parse_catalog (const char  *data,
               gsize        length,
               const char  *source,
               GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_catalog_entry_unref);
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  Catalog *catalog;

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_PARSE,
                   _("The catalog %s is not UTF-8 text."), source);
      return NULL;
    }

  text = g_strndup (data, length);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      GDate *from = NULL, *to = NULL;
      char *line = lines[i];
      guint n_cells;
      CfCatalogEntry *entry;
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      /* A BOM on the first line (files saved by spreadsheets). */
      if (i == 0 && g_str_has_prefix (line, "\xEF\xBB\xBF"))
        line += 3;
      if (line[0] == '#' || *g_strstrip (line) == '\0')
        continue;

      cells = g_strsplit (line, "\t", -1);
      n_cells = g_strv_length (cells);
      for (guint c = 0; c < n_cells; c++)
        g_strstrip (cells[c]);

      if (n_cells < 2 || n_cells > 4 || cells[0][0] == '\0' || cells[1][0] == '\0')
        {
          g_set_error (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_PARSE,
                       _("Line %u of the catalog %s needs a code and a description separated by a tab."),
                       i + 1, source);
          return NULL;
        }
      if ((n_cells > 2 && !parse_date (cells[2], &from)) ||
          (n_cells > 3 && !parse_date (cells[3], &to)))
        {
          g_clear_pointer (&from, g_date_free);
          g_set_error (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_PARSE,
                       _("Line %u of the catalog %s has a date that is not YYYY-MM-DD."),
                       i + 1, source);
          return NULL;
        }
      if (g_hash_table_contains (by_code, cells[0]))
        {
          g_clear_pointer (&from, g_date_free);
          g_clear_pointer (&to, g_date_free);
          g_set_error (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_PARSE,
                       _("Line %u of the catalog %s repeats the code “%s”."),
                       i + 1, source, cells[0]);
          return NULL;
        }

      entry = entry_new (cells[0], cells[1], from, to);
      g_ptr_array_add (entries, entry);
      g_hash_table_insert (by_code, entry->code, entry);
    }

  catalog = g_new0 (Catalog, 1);
  catalog->entries = g_steal_pointer (&entries);
  catalog->by_code = g_steal_pointer (&by_code);
  catalog->source = g_strdup (source);
  return catalog;
}

static gboolean
is_valid_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

char *
cf_catalog_dup_override_dir (void)
{
  const char *env = g_getenv ("CF_CATALOG_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "certifica", "catalogs", NULL);
}

/* Reads @name: the override file when there is a usable one, else the bundled one. */
static Catalog *
load_catalog (const char  *name,
              GError     **error)
{
  g_autofree char *dir = cf_catalog_dup_override_dir ();
  g_autofree char *file_name = g_strconcat (name, ".tsv", NULL);
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  g_autofree char *resource = g_strconcat (RESOURCE_PREFIX, file_name, NULL);
  g_autofree char *override_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Catalog *catalog;
  char *contents = NULL;
  gsize length = 0;

  if (g_file_get_contents (path, &contents, &length, NULL))
    {
      g_autoptr(GError) local_error = NULL;

      catalog = parse_catalog (contents, length, path, &local_error);
      g_free (contents);
      if (catalog != NULL)
        return catalog;
      /* A broken override must not stop certificates from being checked. */
      g_debug ("Ignoring the catalog override %s: %s", path, local_error->message);
      override_error = g_strdup (local_error->message);
    }

  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      if (override_error != NULL)
        g_set_error_literal (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_PARSE, override_error);
      else
        g_set_error (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_UNKNOWN_CATALOG,
                     _("There is no catalog named “%s”."), name);
      return NULL;
    }

  {
    g_autofree char *uri = g_strconcat ("resource://", resource, NULL);
    const char *data = g_bytes_get_data (bytes, &length);

    catalog = parse_catalog (data ? data : "", length, uri, error);
  }
  if (catalog != NULL)
    catalog->override_error = g_steal_pointer (&override_error);
  return catalog;
}

/* Called with cache_lock held. */
static Catalog *
get_catalog_locked (const char  *name,
                    GError     **error)
{
  Catalog *catalog;

  if (!is_valid_name (name))
    {
      g_set_error (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_UNKNOWN_CATALOG,
                   _("There is no catalog named “%s”."), name ? name : "");
      return NULL;
    }

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) catalog_free);

  catalog = g_hash_table_lookup (cache, name);
  if (catalog == NULL)
    {
      catalog = load_catalog (name, error);
      if (catalog == NULL)
        return NULL;
      g_hash_table_insert (cache, g_strdup (name), catalog);
    }
  return catalog;
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

const char * const *
cf_catalog_get_names (void)
{
  return catalog_names;
}

CfCatalogEntry *
cf_catalog_lookup_entry (const char *catalog_name,
                         const char *code)
{
  g_autofree char *key = NULL;
  CfCatalogEntry *entry = NULL;
  Catalog *catalog;

  g_return_val_if_fail (catalog_name != NULL, NULL);

  if (code == NULL)
    return NULL;
  key = g_strstrip (g_strdup (code));

  g_mutex_lock (&cache_lock);
  catalog = get_catalog_locked (catalog_name, NULL);
  if (catalog != NULL)
    entry = g_hash_table_lookup (catalog->by_code, key);
  g_mutex_unlock (&cache_lock);

  return entry;
}

const char *
cf_catalog_lookup (const char *catalog_name,
                   const char *code)
{
  CfCatalogEntry *entry = cf_catalog_lookup_entry (catalog_name, code);

  return entry ? entry->description : NULL;
}

GPtrArray *
cf_catalog_list (const char  *catalog_name,
                 GError     **error)
{
  GPtrArray *list = NULL;
  Catalog *catalog;

  g_return_val_if_fail (catalog_name != NULL, NULL);

  g_mutex_lock (&cache_lock);
  catalog = get_catalog_locked (catalog_name, error);
  if (catalog != NULL)
    {
      list = g_ptr_array_new_full (catalog->entries->len, (GDestroyNotify) cf_catalog_entry_unref);
      for (guint i = 0; i < catalog->entries->len; i++)
        g_ptr_array_add (list, cf_catalog_entry_ref (g_ptr_array_index (catalog->entries, i)));
    }
  g_mutex_unlock (&cache_lock);

  return list;
}

gboolean
cf_catalog_check (const char  *catalog_name,
                  GError     **error)
{
  gboolean ok = FALSE;
  Catalog *catalog;

  g_return_val_if_fail (catalog_name != NULL, FALSE);

  g_mutex_lock (&cache_lock);
  catalog = get_catalog_locked (catalog_name, error);
  if (catalog != NULL)
    {
      if (catalog->override_error != NULL)
        g_set_error_literal (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_PARSE,
                             catalog->override_error);
      else
        ok = TRUE;
    }
  g_mutex_unlock (&cache_lock);

  return ok;
}

char *
cf_catalog_dup_source (const char *catalog_name)
{
  char *source = NULL;
  Catalog *catalog;

  g_return_val_if_fail (catalog_name != NULL, NULL);

  g_mutex_lock (&cache_lock);
  catalog = get_catalog_locked (catalog_name, NULL);
  if (catalog != NULL)
    source = g_strdup (catalog->source);
  g_mutex_unlock (&cache_lock);

  return source;
}

void
cf_catalog_reload (void)
{
  g_mutex_lock (&cache_lock);
  if (cache != NULL)
    {
      if (retired == NULL)
        retired = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      g_ptr_array_add (retired, g_steal_pointer (&cache));
    }
  g_mutex_unlock (&cache_lock);
}

