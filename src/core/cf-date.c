/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cf-date.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

char *
cf_date_time_to_words (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  local = g_date_time_to_local (date);
  /* Translators: a date as strftime() format, e.g. "May 17, 2021";
   * in Spanish "%-d de %B de %Y". */
  return g_date_time_format (local, _("%B %-d, %Y"));
}

char *
cf_date_to_words (const GDate *date)
{
  g_autoptr(GDateTime) noon = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  /* Noon, so that no time zone moves it to another day. */
  noon = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 12, 0, 0);
  return cf_date_time_to_words (noon);
}

char *
cf_date_text_to_words (const char *text)
{
  unsigned year, month, day;
  char end = '\0';
  GDate date;

  g_return_val_if_fail (text != NULL, NULL);

  g_date_clear (&date, 1);
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) >= 3 &&
      (end == '\0' || end == 'T' || end == ' ') &&
      g_date_valid_dmy (day, month, year))
    {
      g_date_set_dmy (&date, day, month, year);
      return cf_date_to_words (&date);
    }
  return g_strdup (text);
}

char *
cf_date_text_to_form (const char *iso)
{
  unsigned year, month, day;
  char end = '\0';

  g_return_val_if_fail (iso != NULL, NULL);

  if (sscanf (iso, "%4u-%2u-%2u%c", &year, &month, &day, &end) >= 3 &&
      (end == '\0' || end == 'T' || end == ' ') &&
      g_date_valid_dmy (day, month, year))
    return g_strdup_printf ("%02u/%02u/%04u", day, month, year);
  return g_strdup (iso);
}

char *
cf_date_text_from_form (const char *text)
{
  unsigned year, month, day;
  char sep1, sep2, end = '\0';
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (sscanf (trimmed, "%2u%c%2u%c%4u%c", &day, &sep1, &month, &sep2, &year, &end) == 5 &&
      sep1 == sep2 && (sep1 == '/' || sep1 == '-' || sep1 == '.') &&
      year >= 1000 && g_date_valid_dmy (day, month, year))
    return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  return g_steal_pointer (&trimmed);
}
