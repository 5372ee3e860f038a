/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-person-name.h"

#include <string.h>

#include <gio/gio.h>

#define NAMES_RESOURCE "/io/github/certifica/core/names/acentos.txt"
#define COMBINING_TILDE 0x0303

/* Upper-case key (no accents, ü → U, ñ kept) → display form. */
static GHashTable *names_table;
G_LOCK_DEFINE_STATIC (names);

/* Walks the decomposed form of @word: the marks other than the tilde of
 * ñ are what a lookup ignores. Returns the key (NFC, upper case) and tells
 * whether @word carried such a mark. */
static char *
dup_key (const char *word,
         gboolean   *out_has_marks)
{
  g_autofree char *upper = g_utf8_strup (word, -1);
  g_autofree char *nfd = g_utf8_normalize (upper, -1, G_NORMALIZE_NFD);
  g_autoptr(GString) out = g_string_new (NULL);
  gunichar previous = 0;
  gboolean marks = FALSE;

  for (const char *p = nfd; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK &&
          !(c == COMBINING_TILDE && previous == 'N'))
        {
          marks = TRUE;
          continue;
        }
      g_string_append_unichar (out, c);
      previous = c;
    }
  if (out_has_marks != NULL)
    *out_has_marks = marks;
  return g_utf8_normalize (out->str, -1, G_NORMALIZE_NFC);
}

static void
parse_list (GHashTable *table,
            const char *text,
            gsize       length,
            const char *source)
{
  g_auto(GStrv) lines = NULL;

  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_warning ("%s is not UTF-8 text; its names are not used", source);
      return;
    }

  {
    g_autofree char *copy = g_strndup (text, length);
    lines = g_strsplit (copy, "\n", -1);
  }

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *tab;
      char *key, *display;

      if (*line == '\0' || *line == '#')
        continue;

      tab = strchr (line, '\t');
      if (tab != NULL)
        {
          *tab = '\0';
          key = g_utf8_strup (g_strstrip (line), -1);
          display = g_utf8_normalize (g_strstrip (tab + 1), -1, G_NORMALIZE_NFC);
        }
      else
        {
          display = g_utf8_normalize (line, -1, G_NORMALIZE_NFC);
          key = dup_key (display, NULL);
        }

      if (*key == '\0' || display == NULL || *display == '\0')
        {
          g_free (key);
          g_free (display);
          continue;
        }
      g_hash_table_replace (table, key, display);
    }
}

static GHashTable *
load_table (void)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GBytes) bundled = NULL;
  g_autofree char *user_file = cf_person_name_dup_user_file ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  bundled = g_resources_lookup_data (NAMES_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bundled != NULL)
    parse_list (table, g_bytes_get_data (bundled, NULL), g_bytes_get_size (bundled), NAMES_RESOURCE);
  else
    g_warning ("The list of accented names (%s) is missing from the build", NAMES_RESOURCE);

  /* The user's file is optional: absent is the usual case. */
  if (g_file_get_contents (user_file, &contents, &length, NULL))
    parse_list (table, contents, length, user_file);

  return table;
}

static GHashTable *
get_table (void)
{
  GHashTable *table;

  G_LOCK (names);
  if (names_table == NULL)
    names_table = load_table ();
  table = names_table;
  G_UNLOCK (names);
  return table;
}

char *
cf_person_name_dup_user_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "certifica", "nombres.txt", NULL);
}

void
cf_person_name_reload (void)
{
  G_LOCK (names);
  g_clear_pointer (&names_table, g_hash_table_unref);
  G_UNLOCK (names);
}

/* "ÁNGEL" → "Ángel". */
static void
append_title_case (GString    *out,
                   const char *piece)
{
  g_autofree char *lower = g_utf8_strdown (piece, -1);

  if (*lower == '\0')
    return;
  g_string_append_unichar (out, g_unichar_totitle (g_utf8_get_char (lower)));
  g_string_append (out, g_utf8_next_char (lower));
}

/* One piece between hyphens and apostrophes. */
static void
append_piece (GString    *out,
              const char *piece,
              GHashTable *table,
              GPtrArray  *from_list)
{
  gboolean marks = FALSE;
  g_autofree char *key = dup_key (piece, &marks);
  const char *listed;

  if (*piece == '\0')
    return;

  /* A piece that carries accents is written as the school system wrote it. */
  listed = marks ? NULL : g_hash_table_lookup (table, key);
  if (listed != NULL)
    {
      g_autoptr(GString) plain = g_string_new (NULL);

      append_title_case (plain, piece);
      if (from_list != NULL && strcmp (plain->str, listed) != 0)
        g_ptr_array_add (from_list, g_strdup (listed));
      g_string_append (out, listed);
      return;
    }

  /* McDONALD: no Spanish word starts with "MC". */
  if (g_str_has_prefix (key, "MC") && g_utf8_strlen (key, -1) >= 4 &&
      g_unichar_isalpha (g_utf8_get_char (key + 2)))
    {
      g_string_append (out, "Mc");
      append_title_case (out, piece + 2);
      return;
    }

  append_title_case (out, piece);
}

/* A word may hold hyphens (PÉREZ-TEJADA) and apostrophes (O'BRIEN): each
 * piece between them is a name of its own. */
static void
append_word (GString    *out,
             const char *word,
             GHashTable *table,
             GPtrArray  *from_list)
{
  g_autoptr(GString) piece = g_string_new (NULL);

  for (const char *p = word;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\0' || c == '-' || c == '\'' || c == 0x2019)
        {
          append_piece (out, piece->str, table, from_list);
          g_string_truncate (piece, 0);
          if (c == '\0')
            break;
          g_string_append_unichar (out, c);
        }
      else
        g_string_append_unichar (piece, c);
    }
}

static gboolean
is_particle (const char *word)
{
  static const char * const particles[] = {
    "DE", "DEL", "LA", "LAS", "LOS", "Y", "VAN", "VON", "DER",
  };

  for (guint i = 0; i < G_N_ELEMENTS (particles); i++)
    if (strcmp (word, particles[i]) == 0)
      return TRUE;
  return FALSE;
}

char *
cf_person_name_to_display_part (const char        *upper,
                                CfPersonNamePart   part,
                                GStrv             *out_from_list)
{
  g_autoptr(GPtrArray) from_list = out_from_list != NULL ? g_ptr_array_new_with_free_func (g_free) : NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *nfc = NULL;
  g_autofree char *caps = NULL;
  g_auto(GStrv) words = NULL;
  GHashTable *table;
  guint n = 0;

  g_return_val_if_fail (upper != NULL, NULL);

  nfc = g_utf8_normalize (upper, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)   /* not UTF-8: nothing sensible to print */
    nfc = g_strdup ("");
  caps = g_utf8_strup (nfc, -1);
  /* Tabs and line breaks count as blanks; runs collapse. */
  g_strdelimit (caps, "\t\r\n", ' ');
  words = g_strsplit (caps, " ", -1);
  table = get_table ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean followed = FALSE;

      if (*words[i] == '\0')
        continue;

      /* A particle is lower case when a name follows it in the field
       * (de la Cruz), except at the start of a given name. */
      for (guint j = i + 1; words[j] != NULL && !followed; j++)
        followed = *words[j] != '\0' && !is_particle (words[j]);

      if (n > 0)
        g_string_append_c (out, ' ');
      if (is_particle (words[i]) && followed && (n > 0 || part == CF_PERSON_NAME_SURNAME))
        {
          g_autofree char *lower = g_utf8_strdown (words[i], -1);
          g_string_append (out, lower);
        }
      else
        append_word (out, words[i], table, from_list);
      n++;
    }

  if (out_from_list != NULL)
    {
      g_ptr_array_add (from_list, NULL);
      *out_from_list = (GStrv) g_ptr_array_steal (from_list, NULL);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
cf_person_name_to_display (const char *upper)
{
  return cf_person_name_to_display_part (upper, CF_PERSON_NAME_FULL, NULL);
}
