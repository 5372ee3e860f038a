/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-signer-name.c: a signer's full name split for Ipes/Responsable. */

#include "config.h"

#include <string.h>

#include "cf-signer-name.h"

/* Words that belong to the surname after them. */
static const char * const particles[] = {
  "DE", "DEL", "LA", "LAS", "LOS", "EL", "VAN", "VON", "DER", "DEN",
  "DA", "DI", "DO", "DOS", "DAS", "DU", "LE", "SAN", "SANTA", "SANTO", NULL,
};

/* Given names that follow a particle ("MARIA DEL CARMEN", "JOSE DE
 * JESUS"): with only three parts left, "DEL CARMEN" is a given name, not a
 * surname. */
static const char * const given_after_particle[] = {
  "CARMEN", "JESUS", "JESÚS", "LOURDES", "GUADALUPE", "ANGELES", "ÁNGELES", "LUZ",
  "ROSARIO", "PILAR", "SOCORRO", "REFUGIO", "CONSUELO", "DOLORES", "MERCEDES",
  "FATIMA", "FÁTIMA", "MONTSERRAT", "MONSERRAT", "CARIDAD",
  "TRINIDAD", "ASUNCION", "ASUNCIÓN", "CONCEPCION", "CONCEPCIÓN", "LORETO",
  "ROCIO", "ROCÍO", "SALUD", "DIOS", NULL,
};

static gboolean
is_particle (const char *word)
{
  g_autofree char *upper = g_utf8_strup (word, -1);

  return g_strv_contains (particles, upper);
}

static gboolean
is_given_after_particle (const char *word)
{
  g_autofree char *upper = g_utf8_strup (word, -1);

  return g_strv_contains (given_after_particle, upper);
}

static gboolean
is_joiner (const char *word)
{
  return g_ascii_strcasecmp (word, "Y") == 0 || g_ascii_strcasecmp (word, "E") == 0;
}

/* The first word of the surname that ends at @end (exclusive) and cannot
 * start before @start: the word before @end, its particles, and another
 * surname joined to it by "Y". */
static guint
surname_start (GStrv words,
               guint start,
               guint end)
{
  guint i = end - 1;

  while (TRUE)
    {
      while (i > start && is_particle (words[i - 1]))
        i--;
      /* "ORTEGA Y GASSET": the word before "Y" and its particles too. */
      if (i >= start + 2 && is_joiner (words[i - 1]) && !is_particle (words[i - 2]))
        {
          i -= 2;
          continue;
        }
      return i;
    }
}

static char *
join_words (GStrv words,
            guint from,
            guint to)
{
  GString *text = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, words[i]);
    }
  return g_string_free (text, FALSE);
}

static GStrv
split_words (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text != NULL ? text : "", " \t\r\n", -1);
  GPtrArray *words = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (words, g_strdup (parts[i]));
  g_ptr_array_add (words, NULL);
  return (GStrv) g_ptr_array_free (words, FALSE);
}

void
cf_signer_name_split (const char  *full_name,
                      char       **nombre,
                      char       **primer_apellido,
                      char       **segundo_apellido)
{
  g_auto(GStrv) words = split_words (full_name);
  guint n = g_strv_length (words);
  guint second = 0, first = 0;

  g_return_if_fail (nombre != NULL && primer_apellido != NULL && segundo_apellido != NULL);

  if (n >= 2)
    {
      second = surname_start (words, 1, n);
      first = second > 1 ? surname_start (words, 1, second) : second;
    }

  if (n < 2)
    {
      *nombre = join_words (words, 0, n);
      *primer_apellido = g_strdup ("");
      *segundo_apellido = g_strdup ("");
    }
  else if (first >= 1 && first < second &&
           !(first == 1 && is_particle (words[first]) &&
             is_given_after_particle (words[second - 1])))
    {
      *nombre = join_words (words, 0, first);
      *primer_apellido = join_words (words, first, second);
      *segundo_apellido = join_words (words, second, n);
    }
  else
    {
      /* No room for a given name and two surnames: one surname. */
      *nombre = join_words (words, 0, second);
      *primer_apellido = join_words (words, second, n);
      *segundo_apellido = g_strdup ("");
    }
}

char *
cf_signer_name_normalize (const char *text)
{
  g_auto(GStrv) words = split_words (text);
  g_autofree char *joined = join_words (words, 0, g_strv_length (words));

  return g_utf8_strup (joined, -1);
}
