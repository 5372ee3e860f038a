/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-number-words.h"

#include <string.h>

#include "cf-dec.h"

/* An independent reading of the words back into a number, so every grade
 * can be checked without a second table of expected strings. */
static const struct { const char *word; int value; } word_values[] = {
  { "CERO", 0 }, { "UNO", 1 }, { "UN", 1 }, { "DOS", 2 }, { "TRES", 3 }, { "CUATRO", 4 },
  { "CINCO", 5 }, { "SEIS", 6 }, { "SIETE", 7 }, { "OCHO", 8 }, { "NUEVE", 9 },
  { "DIEZ", 10 }, { "ONCE", 11 }, { "DOCE", 12 }, { "TRECE", 13 }, { "CATORCE", 14 },
  { "QUINCE", 15 }, { "DIECISÉIS", 16 }, { "DIECISIETE", 17 }, { "DIECIOCHO", 18 },
  { "DIECINUEVE", 19 }, { "VEINTE", 20 }, { "VEINTIUNO", 21 }, { "VEINTIDÓS", 22 },
  { "VEINTITRÉS", 23 }, { "VEINTICUATRO", 24 }, { "VEINTICINCO", 25 },
  { "VEINTISÉIS", 26 }, { "VEINTISIETE", 27 }, { "VEINTIOCHO", 28 },
  { "VEINTINUEVE", 29 }, { "TREINTA", 30 }, { "CUARENTA", 40 }, { "CINCUENTA", 50 },
  { "SESENTA", 60 }, { "SETENTA", 70 }, { "OCHENTA", 80 }, { "NOVENTA", 90 },
};

static int
read_below_hundred (char **words)
{
  int total = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean found = FALSE;

      if (strcmp (words[i], "Y") == 0)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (word_values); k++)
        if (strcmp (words[i], word_values[k].word) == 0)
          {
            total += word_values[k].value;
            found = TRUE;
          }
      g_assert_true (found);
    }
  return total;
}

static int
read_grade (const char *text)
{
  g_auto(GStrv) halves = g_strsplit (text, " PUNTO ", 2);
  g_auto(GStrv) whole = g_strsplit (halves[0], " ", -1);
  int value = read_below_hundred (whole) * 100;

  if (halves[1] != NULL)
    {
      g_auto(GStrv) decimals = g_strsplit (halves[1], " ", -1);

      /* "CERO CINCO" is 05; anything else is read as a two-digit number. */
      if (strcmp (decimals[0], "CERO") == 0)
        {
          g_assert_nonnull (decimals[1]);
          g_assert_null (decimals[2]);
          value += read_below_hundred (decimals + 1);
        }
      else
        {
          int cents = read_below_hundred (decimals);
          g_assert_cmpint (cents, >=, 10);
          value += cents;
        }
    }
  return value;
}

static void
test_known_words (void)
{
  static const struct { int hundredths; const char *words; } cases[] = {
    { 850, "OCHO PUNTO CINCUENTA" },
    { 1000, "DIEZ" },
    { 800, "OCHO" },
    { 805, "OCHO PUNTO CERO CINCO" },
    { 875, "OCHO PUNTO SETENTA Y CINCO" },
    { 0, "CERO" },
    { 1, "CERO PUNTO CERO UNO" },
    { 621, "SEIS PUNTO VEINTIUNO" },
    { 916, "NUEVE PUNTO DIECISÉIS" },
    { 722, "SIETE PUNTO VEINTIDÓS" },
    { 999, "NUEVE PUNTO NOVENTA Y NUEVE" },
    { 610, "SEIS PUNTO DIEZ" },
    { CF_DEC_GRADE_AC, "ACREDITADA" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = cf_number_words_grade (cases[i].hundredths);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_every_grade (void)
{
  /* Every grade from 0.00 to 10.00 in steps of 0.01, as the document writes it. */
  for (int h = 0; h <= 1000; h++)
    {
      g_autofree char *text = cf_dec_format_grade (h);
      g_autofree char *words = cf_number_words_grade_text (text);

      g_assert_nonnull (words);
      g_assert_true (g_utf8_validate (words, -1, NULL));
      g_assert_null (strstr (words, "  "));
      g_assert_cmpint (read_grade (words), ==, h);
      /* Whole grades are written without decimals ("OCHO", "DIEZ"). */
      g_assert_true ((h % 100 == 0) == (strstr (words, "PUNTO") == NULL));
    }
}

static void
test_grade_texts (void)
{
  static const struct { const char *text; const char *words; } cases[] = {
    { "10", "DIEZ" },
    { "10.00", "DIEZ" },
    { "8.5", "OCHO PUNTO CINCUENTA" },
    { "8.50", "OCHO PUNTO CINCUENTA" },
    { "AC", "ACREDITADA" },
    { "9.16", "NUEVE PUNTO DIECISÉIS" },
    { "6.00", "SEIS" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = cf_number_words_grade_text (cases[i].text);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
  g_assert_null (cf_number_words_grade_text (NULL));
  g_assert_null (cf_number_words_grade_text (""));
  g_assert_null (cf_number_words_grade_text ("ocho"));
  g_assert_null (cf_number_words_grade_text ("-1"));
}

static void
test_averages (void)
{
  /* Averages are truncated to two decimals by the rules; every value with
   * two decimals between the minimum and ten reads back. */
  for (int h = 500; h <= 1000; h++)
    {
      g_autofree char *words = cf_number_words_grade (h);
      g_assert_cmpint (read_grade (words), ==, h);
    }
}

static void
test_cardinal (void)
{
  static const struct { guint64 n; const char *words; } cases[] = {
    { 0, "CERO" }, { 1, "UNO" }, { 16, "DIECISÉIS" }, { 21, "VEINTIUNO" },
    { 31, "TREINTA Y UNO" }, { 45, "CUARENTA Y CINCO" }, { 100, "CIEN" },
    { 101, "CIENTO UNO" }, { 120, "CIENTO VEINTE" }, { 500, "QUINIENTOS" },
    { 1000, "MIL" }, { 1001, "MIL UNO" }, { 2024, "DOS MIL VEINTICUATRO" },
    { 21000, "VEINTIÚN MIL" }, { 31000, "TREINTA Y UN MIL" }, { 100000, "CIEN MIL" },
    { 1000000, "UN MILLÓN" }, { 2000000, "DOS MILLONES" },
    { 999999999, "NOVECIENTOS NOVENTA Y NUEVE MILLONES NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = cf_number_words_cardinal (cases[i].n);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/number-words/known", test_known_words);
  g_test_add_func ("/render/number-words/every-grade", test_every_grade);
  g_test_add_func ("/render/number-words/grade-texts", test_grade_texts);
  g_test_add_func ("/render/number-words/averages", test_averages);
  g_test_add_func ("/render/number-words/cardinal", test_cardinal);

  return g_test_run ();
}
