/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "cf-number-words.h"

#include "cf-dec.h"

static const char * const units[] = {
  "CERO", "UNO", "DOS", "TRES", "CUATRO", "CINCO", "SEIS", "SIETE", "OCHO",
  "NUEVE", "DIEZ", "ONCE", "DOCE", "TRECE", "CATORCE", "QUINCE", "DIECISÉIS",
  "DIECISIETE", "DIECIOCHO", "DIECINUEVE", "VEINTE", "VEINTIUNO", "VEINTIDÓS",
  "VEINTITRÉS", "VEINTICUATRO", "VEINTICINCO", "VEINTISÉIS", "VEINTISIETE",
  "VEINTIOCHO", "VEINTINUEVE",
};

static const char * const tens[] = {
  NULL, NULL, NULL, "TREINTA", "CUARENTA", "CINCUENTA", "SESENTA", "SETENTA",
  "OCHENTA", "NOVENTA",
};

static const char * const hundreds[] = {
  NULL, "CIENTO", "DOSCIENTOS", "TRESCIENTOS", "CUATROCIENTOS", "QUINIENTOS",
  "SEISCIENTOS", "SETECIENTOS", "OCHOCIENTOS", "NOVECIENTOS",
};

/* 1..999; @apocope writes "UN" / "VEINTIÚN" before MIL / MILLONES. */
static void
append_below_thousand (GString *out,
                       guint    n,
                       gboolean apocope)
{
  guint h = n / 100, rest = n % 100;

  g_assert (n > 0 && n < 1000);

  if (n == 100)
    {
      g_string_append (out, "CIEN");
      return;
    }
  if (h > 0)
    {
      g_string_append (out, hundreds[h]);
      if (rest == 0)
        return;
      g_string_append_c (out, ' ');
    }

  if (apocope && rest == 1)
    g_string_append (out, "UN");
  else if (apocope && rest == 21)
    g_string_append (out, "VEINTIÚN");
  else if (rest < 30)
    g_string_append (out, units[rest]);
  else
    {
      g_string_append (out, tens[rest / 10]);
      if (rest % 10 != 0)
        {
          g_string_append (out, " Y ");
          if (apocope && rest % 10 == 1)
            g_string_append (out, "UN");
          else
            g_string_append (out, units[rest % 10]);
        }
    }
}

char *
cf_number_words_cardinal (guint64 value)
{
  GString *out;
  guint millions, thousands, rest;

  g_return_val_if_fail (value <= 999999999, NULL);

  if (value == 0)
    return g_strdup (units[0]);

  out = g_string_new (NULL);
  millions = value / 1000000;
  thousands = (value / 1000) % 1000;
  rest = value % 1000;

  if (millions == 1)
    g_string_append (out, "UN MILLÓN");
  else if (millions > 1)
    {
      append_below_thousand (out, millions, TRUE);
      g_string_append (out, " MILLONES");
    }

  if (thousands > 0)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      /* "MIL", not "UN MIL". */
      if (thousands > 1)
        {
          append_below_thousand (out, thousands, TRUE);
          g_string_append_c (out, ' ');
        }
      g_string_append (out, "MIL");
    }

  if (rest > 0)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      append_below_thousand (out, rest, FALSE);
    }

  return g_string_free (out, FALSE);
}

char *
cf_number_words_grade (int hundredths)
{
  g_autofree char *whole = NULL;
  int cents;

  if (hundredths < 0)
    return g_strdup ("ACREDITADA");

  whole = cf_number_words_cardinal ((guint) (hundredths / 100));
  cents = hundredths % 100;
  if (cents == 0)
    return g_steal_pointer (&whole);

  /* The two decimals are read as a number, with a leading "CERO" when the
   * first one is zero: 8.05 is "OCHO PUNTO CERO CINCO". */
  if (cents < 10)
    return g_strdup_printf ("%s PUNTO CERO %s", whole, units[cents]);
  else
    {
      g_autofree char *decimals = cf_number_words_cardinal ((guint) cents);
      return g_strdup_printf ("%s PUNTO %s", whole, decimals);
    }
}

char *
cf_number_words_grade_text (const char *text)
{
  int hundredths;

  if (text == NULL || !cf_dec_parse_grade (text, &hundredths))
    return NULL;
  return cf_number_words_grade (hundredths);
}
