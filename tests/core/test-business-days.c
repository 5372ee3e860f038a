/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Business days (issue 15): a table of known dates across the rest days of
 * the Ley Federal del Trabajo (the first/third Mondays, 1 October of 2024
 * and 2030 but not 2025, 1 December of 2018), SEP's closures in the
 * bundled file, weekends and year ends; the rules' format; and the user's
 * file adding a day. */

#include "config.h"

#include <glib/gstdio.h>

#include "cf-business-days.h"
#include "cf-test-util.h"

static char *data_home;

static const struct
{
  const char *from;
  guint       n;
  const char *expected;
} known[] = {
  { "2025-12-24", 1, "2025-12-26" },    /* Navidad */
  { "2025-12-31", 1, "2026-01-02" },    /* year end, Año Nuevo */
  { "2025-12-15", 15, "2026-01-07" },   /* 15 days over both */
  { "2026-01-30", 1, "2026-02-03" },    /* first Monday of February (2 Feb) */
  { "2025-01-31", 1, "2025-02-04" },    /* … 3 Feb 2025 */
  { "2026-03-13", 1, "2026-03-17" },    /* third Monday of March (16 Mar) */
  { "2025-03-14", 1, "2025-03-18" },    /* … 17 Mar 2025 */
  { "2025-04-30", 1, "2025-05-02" },    /* 1 May */
  { "2025-09-15", 1, "2025-09-17" },    /* 16 Sep */
  { "2025-11-14", 1, "2025-11-18" },    /* third Monday of November (17 Nov) */
  { "2024-09-30", 1, "2024-10-02" },    /* 1 Oct 2024: the change of executive */
  { "2025-09-30", 1, "2025-10-01" },    /* not in 2025 */
  { "2030-09-30", 1, "2030-10-02" },    /* six years later */
  { "2018-11-30", 1, "2018-12-03" },    /* 1 Dec 2018 was a Saturday anyway */
  { "2012-11-30", 1, "2012-12-03" },
  { "2025-04-16", 1, "2025-04-21" },    /* SEP: Holy Thursday and Friday */
  { "2026-04-01", 1, "2026-04-06" },
  { "2025-06-06", 1, "2025-06-09" },    /* a weekend */
  { "2025-06-09", 0, "2025-06-09" },    /* no days: the date itself */
  { "2025-06-09", 5, "2025-06-16" },
  { "2023-12-29", 1, "2024-01-02" },
};

static void
test_known (void)
{
  g_autoptr(CfCalendar) calendar = cf_calendar_new_default ();

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      GDate from, out;
      g_autofree char *text = NULL;

      g_assert_true (cf_calendar_parse_iso (known[i].from, &from));
      cf_calendar_add_business_days (calendar, &from, known[i].n, &out);
      text = cf_calendar_format_iso (&out);
      g_test_message ("%s + %u → %s", known[i].from, known[i].n, text);
      g_assert_cmpstr (text, ==, known[i].expected);
    }
}

static void
test_rules (void)
{
  g_autoptr(CfCalendar) calendar = NULL;
  const char *reason = NULL;
  GDate date;

  /* A line that is not a rule is named and skipped. */
  g_test_expect_message ("certifica-core", G_LOG_LEVEL_WARNING, "test, line 6: not a rest-day rule*");
  g_test_expect_message ("certifica-core", G_LOG_LEVEL_WARNING, "test, line 7: not a rest-day rule*");
  calendar =
    cf_calendar_new_from_text ("# comment\n"
                               "cada-año 02-29 bisiesto\n"
                               "lunes 2 06 segundo lunes de junio\n"
                               "sexenal 2000 07-03 2006 cada seis años hasta 2006\n"
                               "2025-08-04..2025-08-06 vacaciones\n"
                               "nonsense line\n"
                               "2025-13-01 not a date\n", "test");
  g_test_assert_expected_messages ();

  g_assert_true (cf_calendar_parse_iso ("2024-02-29", &date));
  g_assert_true (cf_calendar_is_holiday (calendar, &date, &reason));
  g_assert_cmpstr (reason, ==, "bisiesto");
  g_assert_true (cf_calendar_parse_iso ("2025-06-09", &date));
  g_assert_true (cf_calendar_is_holiday (calendar, &date, NULL));
  g_assert_true (cf_calendar_parse_iso ("2025-06-02", &date));
  g_assert_false (cf_calendar_is_holiday (calendar, &date, NULL));
  g_assert_true (cf_calendar_parse_iso ("2006-07-03", &date));
  g_assert_true (cf_calendar_is_holiday (calendar, &date, NULL));
  g_assert_true (cf_calendar_parse_iso ("2012-07-03", &date));
  g_assert_false (cf_calendar_is_holiday (calendar, &date, NULL));
  g_assert_true (cf_calendar_parse_iso ("2003-07-03", &date));
  g_assert_false (cf_calendar_is_holiday (calendar, &date, NULL));
  g_assert_true (cf_calendar_parse_iso ("2025-08-05", &date));
  g_assert_true (cf_calendar_is_holiday (calendar, &date, &reason));
  g_assert_cmpstr (reason, ==, "vacaciones");
  g_assert_true (cf_calendar_parse_iso ("2025-08-07", &date));
  g_assert_true (cf_calendar_is_business_day (calendar, &date));

  g_assert_false (cf_calendar_parse_iso ("2025-02-30", &date));
  g_assert_false (cf_calendar_parse_iso ("2025-2-03", &date));
  g_assert_false (cf_calendar_parse_iso ("2025-02-03x", &date));
}

static void
test_user_file (void)
{
  g_autofree char *folder = g_build_filename (data_home, "certifica", NULL);
  g_autofree char *file = NULL;
  GDate from, out;
  g_autofree char *text = NULL;

  file = cf_calendar_dup_user_file ();
  g_assert_true (g_str_has_prefix (file, data_home));
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "# winter break\n2025-12-22..2026-01-06 vacaciones de invierno\n",
                                      -1, NULL));
  {
    g_autoptr(CfCalendar) calendar = cf_calendar_new_default ();

    g_assert_true (cf_calendar_parse_iso ("2025-12-15", &from));
    cf_calendar_add_business_days (calendar, &from, 15, &out);
    text = cf_calendar_format_iso (&out);
    /* 16–19 Dec are 4, then 7 Jan on: 7, 8, 9 Jan, 12–16, 19, 20, 21 Jan. */
    g_assert_cmpstr (text, ==, "2026-01-21");
  }
  g_assert_cmpint (g_remove (file), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before GLib reads it: the user's file goes to a folder of this run. */
  data_home = cf_test_mkdtemp ();
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/business-days/known", test_known);
  g_test_add_func ("/business-days/rules", test_rules);
  g_test_add_func ("/business-days/user-file", test_user_file);
  status = g_test_run ();
  cf_test_rmdir (data_home);
  g_free (data_home);
  return status;
}
