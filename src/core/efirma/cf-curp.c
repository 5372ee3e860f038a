/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-curp.h"

#include <string.h>

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (cf-curp-error-quark, cf_curp_error)

/* RENAPO's state codes, plus NE (nacido en el extranjero). */
static const char * const state_codes[] = {
  "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR",
  "HG", "JC", "MC", "MN", "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP",
  "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE",
};

/* Consonants RENAPO uses in positions 14–16 (Ñ is written X there). */
static gboolean
is_consonant (char c)
{
  return c >= 'A' && c <= 'Z' && strchr ("AEIOU", c) == NULL;
}

static gboolean
is_upper (char c)
{
  return c >= 'A' && c <= 'Z';
}

gboolean
cf_curp_is_state_code (const char *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (state_codes); i++)
    if (strcmp (code, state_codes[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
birth_date_parts (const char *curp,
                  int        *year,
                  int        *month,
                  int        *day)
{
  int yy = (curp[4] - '0') * 10 + (curp[5] - '0');

  /* The 17th character tells the century: a digit before 2000, a letter after. */
  *year = g_ascii_isdigit (curp[16]) ? 1900 + yy : 2000 + yy;
  *month = (curp[6] - '0') * 10 + (curp[7] - '0');
  *day = (curp[8] - '0') * 10 + (curp[9] - '0');
  return g_date_valid_dmy (*day, *month, *year);
}

gboolean
cf_curp_check_format (const char *curp,
                      GError    **error)
{
  gsize len;
  int year, month, day;
  char state[3];

  if (curp == NULL || *curp == '\0')
    {
      g_set_error_literal (error, CF_CURP_ERROR, CF_CURP_ERROR_EMPTY,
                           _("The CURP is empty."));
      return FALSE;
    }

  len = g_utf8_validate (curp, -1, NULL) ? (gsize) g_utf8_strlen (curp, -1) : strlen (curp);
  if (len != CF_CURP_LENGTH)
    {
      g_set_error (error, CF_CURP_ERROR, CF_CURP_ERROR_LENGTH,
                   _("A CURP has 18 characters; this one has %u."), (guint) len);
      return FALSE;
    }
  if (strlen (curp) != CF_CURP_LENGTH)
    {
      g_set_error_literal (error, CF_CURP_ERROR, CF_CURP_ERROR_CHARACTERS,
                           _("The CURP contains accented or special characters; RENAPO uses only A–Z and 0–9."));
      return FALSE;
    }

  for (guint i = 0; i < CF_CURP_LENGTH; i++)
    {
      char c = curp[i];
      gboolean ok;

      if (i < 4)
        ok = is_upper (c);
      else if (i < 10)
        ok = g_ascii_isdigit (c);
      else if (i < 16)
        ok = is_upper (c);
      else if (i == 16)
        ok = g_ascii_isdigit (c) || is_upper (c);
      else
        ok = g_ascii_isdigit (c);

      if (!ok)
        {
          g_set_error (error, CF_CURP_ERROR, CF_CURP_ERROR_CHARACTERS,
                       _("Character %u of the CURP is not valid there: positions 1–4 and 11–16 are capital letters, 5–10 the birth date in digits, 17 a digit or letter and 18 a digit."),
                       i + 1);
          return FALSE;
        }
    }

  /* The second letter is the first inner vowel of the first surname (X when none). */
  if (strchr ("AEIOUX", curp[1]) == NULL)
    {
      g_set_error_literal (error, CF_CURP_ERROR, CF_CURP_ERROR_CHARACTERS,
                           _("The second character of the CURP must be a vowel or X."));
      return FALSE;
    }

  if (!birth_date_parts (curp, &year, &month, &day))
    {
      g_set_error (error, CF_CURP_ERROR, CF_CURP_ERROR_DATE,
                   _("The birth date in the CURP (characters 5–10: %.6s) is not a date that exists."),
                   curp + 4);
      return FALSE;
    }

  /* RENAPO added X (non-binary) to H and M. */
  if (strchr ("HMX", curp[10]) == NULL)
    {
      g_set_error (error, CF_CURP_ERROR, CF_CURP_ERROR_SEX,
                   _("Character 11 of the CURP must be H, M or X, not %c."), curp[10]);
      return FALSE;
    }

  state[0] = curp[11];
  state[1] = curp[12];
  state[2] = '\0';
  if (!cf_curp_is_state_code (state))
    {
      g_set_error (error, CF_CURP_ERROR, CF_CURP_ERROR_STATE,
                   _("“%s” (characters 12–13 of the CURP) is not a state code."), state);
      return FALSE;
    }

  for (guint i = 13; i < 16; i++)
    {
      if (!is_consonant (curp[i]))
        {
          g_set_error (error, CF_CURP_ERROR, CF_CURP_ERROR_CHARACTERS,
                       _("Characters 14–16 of the CURP must be consonants; character %u is not."),
                       i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

char
cf_curp_compute_check_digit (const char *curp)
{
  /* RENAPO's alphabet: Ñ sits between N and O. */
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMN" "\xc3\x91" "OPQRSTUVWXYZ";
  const char *p = curp;
  guint sum = 0;

  g_return_val_if_fail (curp != NULL, 0);

  for (guint i = 0; i < CF_CURP_LENGTH - 1; i++)
    {
      int value;

      if (*p == '\0')
        return 0;

      if ((guchar) p[0] == 0xc3 && (guchar) p[1] == 0x91)
        {
          value = 24;
          p += 2;
        }
      else
        {
          const char *hit = (*p & 0x80) ? NULL : strchr (alphabet, *p);

          if (hit == NULL)
            return 0;
          value = (int) (hit - alphabet);
          /* Letters after Ñ (two bytes) sit one byte further in the string. */
          if (value > 24)
            value -= 1;
          p++;
        }

      sum += (guint) value * (18 - i);
    }

  return (char) ('0' + (10 - sum % 10) % 10);
}

gboolean
cf_curp_validate (const char *curp,
                  GError    **error)
{
  char expected;

  if (!cf_curp_check_format (curp, error))
    return FALSE;

  expected = cf_curp_compute_check_digit (curp);
  if (expected != curp[17])
    {
      g_set_error (error, CF_CURP_ERROR, CF_CURP_ERROR_CHECK_DIGIT,
                   _("The CURP’s check digit is %c but its other characters give %c: a character was probably mistyped."),
                   curp[17], expected);
      return FALSE;
    }
  return TRUE;
}

GDate *
cf_curp_get_birth_date (const char *curp)
{
  int year, month, day;

  if (!cf_curp_check_format (curp, NULL))
    return NULL;
  birth_date_parts (curp, &year, &month, &day);
  return g_date_new_dmy (day, month, year);
}

char
cf_curp_get_sex (const char *curp)
{
  if (!cf_curp_check_format (curp, NULL))
    return 0;
  return curp[10];
}
