/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-business-days.c: Monday to Friday less the rest days of
 * data/calendar/dias-inhabiles.txt (and the user's file). */

#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-business-days.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#define CALENDAR_RESOURCE "/io/github/certifica/core/calendar/dias-inhabiles.txt"

typedef enum
{
  RULE_YEARLY,    /* cada-año MM-DD */
  RULE_MONDAY,    /* lunes N MM */
  RULE_SEXENNIAL, /* sexenal AAAA MM-DD [AAAA] */
  RULE_RANGE,     /* AAAA-MM-DD[..AAAA-MM-DD] */
} RuleKind;

typedef struct
{
  RuleKind  kind;
  int       month, day;       /* yearly, sexennial; month for monday */
  int       nth;              /* monday */
  int       first_year, last_year;   /* sexennial (last 0: no end) */
  guint32   from, to;         /* range, as Julian days */
  char     *reason;
} Rule;

struct _CfCalendar
{
  GArray *rules;   /* Rule */
};

static void
rule_clear (gpointer data)
{
  g_free (((Rule *) data)->reason);
}

static gboolean
parse_month_day (const char *text,
                 int        *month,
                 int        *day)
{
  char tail;

  if (sscanf (text, "%2d-%2d%c", month, day, &tail) != 2)
    return FALSE;
  /* 29 February is a day of leap years: valid in 2024. */
  return g_date_valid_dmy (*day, *month, 2024);
}

gboolean
cf_calendar_parse_iso (const char *text,
                       GDate      *out)
{
  int year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = atoi (text);
  month = atoi (text + 5);
  day = atoi (text + 8);
  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

char *
cf_calendar_format_iso (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* The rest of @words from @first on, joined: the description. */
static char *
join_rest (char **words,
           guint  first)
{
  if (g_strv_length (words) <= first)
    return g_strdup ("");
  return g_strjoinv (" ", words + first);
}

static gboolean
parse_line (const char *line,
            Rule       *rule)
{
  g_auto(GStrv) words = NULL;
  guint n;
  GDate a, b;

  {
    g_autoptr(GPtrArray) parts = g_ptr_array_new ();
    g_auto(GStrv) split = g_strsplit_set (line, " \t", -1);

    for (guint i = 0; split[i] != NULL; i++)
      if (*split[i] != '\0')
        g_ptr_array_add (parts, g_strdup (split[i]));
    g_ptr_array_add (parts, NULL);
    words = (char **) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
  }
  n = g_strv_length (words);
  if (n == 0)
    return FALSE;
  memset (rule, 0, sizeof *rule);

  if (strcmp (words[0], "cada-año") == 0)
    {
      if (n < 2 || !parse_month_day (words[1], &rule->month, &rule->day))
        return FALSE;
      rule->kind = RULE_YEARLY;
      rule->reason = join_rest (words, 2);
      return TRUE;
    }
  if (strcmp (words[0], "lunes") == 0)
    {
      char *end = NULL;

      if (n < 3)
        return FALSE;
      rule->nth = (int) strtol (words[1], &end, 10);
      if (*end != '\0' || rule->nth < 1 || rule->nth > 5)
        return FALSE;
      rule->month = (int) strtol (words[2], &end, 10);
      if (*end != '\0' || rule->month < 1 || rule->month > 12)
        return FALSE;
      rule->kind = RULE_MONDAY;
      rule->reason = join_rest (words, 3);
      return TRUE;
    }
  if (strcmp (words[0], "sexenal") == 0)
    {
      char *end = NULL;
      guint rest = 3;

      if (n < 3)
        return FALSE;
      rule->first_year = (int) strtol (words[1], &end, 10);
      if (*end != '\0' || rule->first_year < 1 || !parse_month_day (words[2], &rule->month, &rule->day))
        return FALSE;
      if (n > 3 && strlen (words[3]) == 4 && g_ascii_isdigit (words[3][0]))
        {
          rule->last_year = (int) strtol (words[3], &end, 10);
          if (*end != '\0')
            return FALSE;
          rest = 4;
        }
      rule->kind = RULE_SEXENNIAL;
      rule->reason = join_rest (words, rest);
      return TRUE;
    }

  /* A day, or two joined by "..". */
  {
    const char *dots = strstr (words[0], "..");

    if (dots != NULL)
      {
        g_autofree char *first = g_strndup (words[0], dots - words[0]);

        if (!cf_calendar_parse_iso (first, &a) || !cf_calendar_parse_iso (dots + 2, &b) ||
            g_date_compare (&a, &b) > 0)
          return FALSE;
      }
    else
      {
        if (!cf_calendar_parse_iso (words[0], &a))
          return FALSE;
        b = a;
      }
    rule->kind = RULE_RANGE;
    rule->from = g_date_get_julian (&a);
    rule->to = g_date_get_julian (&b);
    rule->reason = join_rest (words, 1);
    return TRUE;
  }
}

static void
parse_text (CfCalendar *calendar,
            const char *text,
            gsize       length,
            const char *source)
{
  g_auto(GStrv) lines = NULL;

  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_warning ("%s is not UTF-8 text; its rest days are not used", source);
      return;
    }
  {
    g_autofree char *copy = g_strndup (text, length);
    lines = g_strsplit (copy, "\n", -1);
  }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      Rule rule;

      if (*line == '\0' || *line == '#')
        continue;
      if (!parse_line (line, &rule))
        {
          g_warning ("%s, line %u: not a rest-day rule: %s", source, i + 1, line);
          continue;
        }
      g_array_append_val (calendar->rules, rule);
    }
}

static CfCalendar *
calendar_new (void)
{
  CfCalendar *calendar = g_new0 (CfCalendar, 1);

  calendar->rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  g_array_set_clear_func (calendar->rules, rule_clear);
  return calendar;
}

CfCalendar *
cf_calendar_new_from_text (const char *text,
                           const char *source)
{
  CfCalendar *calendar = calendar_new ();

  g_return_val_if_fail (text != NULL, calendar);
  parse_text (calendar, text, strlen (text), source != NULL ? source : "calendar");
  return calendar;
}

char *
cf_calendar_dup_user_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "certifica", "dias-inhabiles.txt", NULL);
}

CfCalendar *
cf_calendar_new_default (void)
{
  CfCalendar *calendar = calendar_new ();
  g_autoptr(GBytes) bundled = NULL;
  g_autofree char *user_file = cf_calendar_dup_user_file ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  bundled = g_resources_lookup_data (CALENDAR_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bundled != NULL)
    parse_text (calendar, g_bytes_get_data (bundled, NULL), g_bytes_get_size (bundled), CALENDAR_RESOURCE);
  else
    g_warning ("The rest days (%s) are missing from the build", CALENDAR_RESOURCE);
  /* The user's file is optional: absent is the usual case. */
  if (g_file_get_contents (user_file, &contents, &length, NULL))
    parse_text (calendar, contents, length, user_file);
  return calendar;
}

void
cf_calendar_free (CfCalendar *calendar)
{
  if (calendar == NULL)
    return;
  g_array_unref (calendar->rules);
  g_free (calendar);
}

static gboolean
rule_matches (const Rule  *rule,
              const GDate *date)
{
  int year = g_date_get_year (date);
  int month = g_date_get_month (date);
  int day = g_date_get_day (date);

  switch (rule->kind)
    {
    case RULE_YEARLY:
      return rule->month == month && rule->day == day;
    case RULE_MONDAY:
      /* The N-th Monday falls on day 7(N-1)+1 … 7N. */
      return rule->month == month && g_date_get_weekday (date) == G_DATE_MONDAY &&
             (day - 1) / 7 + 1 == rule->nth;
    case RULE_SEXENNIAL:
      return rule->month == month && rule->day == day && year >= rule->first_year &&
             (rule->last_year == 0 || year <= rule->last_year) && (year - rule->first_year) % 6 == 0;
    case RULE_RANGE:
      {
        guint32 julian = g_date_get_julian (date);

        return julian >= rule->from && julian <= rule->to;
      }
    default:
      g_assert_not_reached ();
    }
}

gboolean
cf_calendar_is_holiday (CfCalendar  *calendar,
                        const GDate *date,
                        const char **reason)
{
  g_return_val_if_fail (calendar != NULL && g_date_valid (date), FALSE);

  for (guint i = 0; i < calendar->rules->len; i++)
    {
      const Rule *rule = &g_array_index (calendar->rules, Rule, i);

      if (rule_matches (rule, date))
        {
          if (reason != NULL)
            *reason = rule->reason;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
cf_calendar_is_business_day (CfCalendar  *calendar,
                             const GDate *date)
{
  GDateWeekday weekday = g_date_get_weekday (date);

  if (weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY)
    return FALSE;
  return !cf_calendar_is_holiday (calendar, date, NULL);
}

void
cf_calendar_add_business_days (CfCalendar  *calendar,
                               const GDate *date,
                               guint        n,
                               GDate       *out)
{
  g_return_if_fail (calendar != NULL && g_date_valid (date) && out != NULL);

  *out = *date;
  while (n > 0)
    {
      g_date_add_days (out, 1);
      if (cf_calendar_is_business_day (calendar, out))
        n--;
    }
}
