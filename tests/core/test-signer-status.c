/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-signer-status.h"
#include "cf-date.h"

static GDateTime *
utc (int year, int month, int day, int hour)
{
  return g_date_time_new_utc (year, month, day, hour, 0, 0);
}

static void
test_valid (void)
{
  g_autoptr(GDateTime) start = utc (2024, 1, 1, 0);
  g_autoptr(GDateTime) end = utc (2028, 1, 1, 0);
  g_autoptr(GDateTime) now = utc (2026, 6, 1, 12);
  g_autofree char *text = NULL;
  int days = 0;

  g_assert_cmpint (cf_signer_validity_from_dates (start, end, now, 30, &days), ==, CF_SIGNER_VALIDITY_VALID);
  g_assert_cmpint (days, >, 500);
  g_assert_false (cf_signer_validity_is_warning (CF_SIGNER_VALIDITY_VALID));
  text = cf_signer_validity_describe (start, end, now, 30);
  g_assert_cmpstr (text, ==, "Valid until January 1, 2028");
}

static void
test_expiring (void)
{
  g_autoptr(GDateTime) start = utc (2024, 1, 1, 0);
  g_autoptr(GDateTime) end = utc (2026, 6, 13, 12);
  g_autoptr(GDateTime) now = utc (2026, 6, 1, 12);
  g_autofree char *text = NULL;
  int days = 0;

  g_assert_cmpint (cf_signer_validity_from_dates (start, end, now, 30, &days), ==, CF_SIGNER_VALIDITY_EXPIRING);
  g_assert_cmpint (days, ==, 12);
  g_assert_true (cf_signer_validity_is_warning (CF_SIGNER_VALIDITY_EXPIRING));
  text = cf_signer_validity_describe (start, end, now, 30);
  g_assert_cmpstr (text, ==, "Expires in 12 days, on June 13, 2026");

  /* Counted in calendar days: 9 days and 23 hours is "in 10 days". */
  {
    g_autoptr(GDateTime) late = utc (2026, 6, 3, 13);

    g_assert_cmpint (cf_signer_validity_from_dates (start, end, late, 30, &days), ==, CF_SIGNER_VALIDITY_EXPIRING);
    g_assert_cmpint (days, ==, 10);
  }

  /* The warning window is a setting: with 7 days the same date is fine. */
  g_assert_cmpint (cf_signer_validity_from_dates (start, end, now, 7, NULL), ==, CF_SIGNER_VALIDITY_VALID);
}

static void
test_expiring_boundaries (void)
{
  g_autoptr(GDateTime) start = utc (2024, 1, 1, 0);
  g_autoptr(GDateTime) end = utc (2026, 7, 1, 12);
  g_autoptr(GDateTime) exactly = utc (2026, 6, 1, 12);   /* 30 days before */
  g_autoptr(GDateTime) before = utc (2026, 6, 1, 11);    /* 30 days and an hour */
  g_autoptr(GDateTime) hours = utc (2026, 7, 1, 2);
  g_autofree char *one = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) one_day = utc (2026, 6, 30, 11);
  int days = -5;

  g_assert_cmpint (cf_signer_validity_from_dates (start, end, exactly, 30, NULL), ==, CF_SIGNER_VALIDITY_EXPIRING);
  g_assert_cmpint (cf_signer_validity_from_dates (start, end, before, 30, NULL), ==, CF_SIGNER_VALIDITY_VALID);
  g_assert_cmpint (cf_signer_validity_from_dates (start, end, hours, 30, &days), ==, CF_SIGNER_VALIDITY_EXPIRING);
  g_assert_cmpint (days, ==, 0);

  today = cf_signer_validity_describe (start, end, hours, 30);
  g_assert_cmpstr (today, ==, "Expires today, July 1, 2026");
  one = cf_signer_validity_describe (start, end, one_day, 30);
  g_assert_cmpstr (one, ==, "Expires in 1 day, on July 1, 2026");
}

static void
test_expired (void)
{
  /* The SAT test FIEL: valid 2017-05-18 .. 2021-05-18 (UTC). */
  g_autoptr(GDateTime) start = utc (2017, 5, 18, 3);
  g_autoptr(GDateTime) end = utc (2021, 5, 18, 3);
  g_autoptr(GDateTime) now = utc (2026, 11, 23, 12);
  g_autoptr(GDateTime) just_after = g_date_time_add_seconds (end, 1);
  g_autoptr(GDateTime) at_end = g_date_time_ref (end);
  g_autoptr(GDateTime) day_after = utc (2021, 5, 19, 1);
  g_autofree char *text = NULL;
  int days = 0;

  g_assert_cmpint (cf_signer_validity_from_dates (start, end, now, 30, &days), ==, CF_SIGNER_VALIDITY_EXPIRED);
  g_assert_cmpint (days, <, 0);
  g_assert_cmpint (cf_signer_validity_from_dates (start, end, just_after, 30, &days), ==, CF_SIGNER_VALIDITY_EXPIRED);
  g_assert_cmpint (days, ==, 0);
  g_assert_cmpint (cf_signer_validity_from_dates (start, end, day_after, 30, &days), ==, CF_SIGNER_VALIDITY_EXPIRED);
  g_assert_cmpint (days, ==, -1);
  g_assert_cmpint (cf_signer_validity_from_dates (start, end, at_end, 30, NULL), ==, CF_SIGNER_VALIDITY_EXPIRED);
  g_assert_true (cf_signer_validity_is_warning (CF_SIGNER_VALIDITY_EXPIRED));

  text = cf_signer_validity_describe (start, end, now, 30);
  g_assert_cmpstr (text, ==, "Expired on May 18, 2021");
}

static void
test_not_yet_valid (void)
{
  g_autoptr(GDateTime) start = utc (2027, 2, 1, 0);
  g_autoptr(GDateTime) end = utc (2031, 2, 1, 0);
  g_autoptr(GDateTime) now = utc (2026, 11, 23, 12);
  g_autofree char *text = NULL;

  g_assert_cmpint (cf_signer_validity_from_dates (start, end, now, 30, NULL), ==, CF_SIGNER_VALIDITY_NOT_YET_VALID);
  g_assert_true (cf_signer_validity_is_warning (CF_SIGNER_VALIDITY_NOT_YET_VALID));
  text = cf_signer_validity_describe (start, end, now, 30);
  g_assert_cmpstr (text, ==, "Not valid until February 1, 2027");
}

static void
test_now_default (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) end = g_date_time_add_days (now, 365);

  g_assert_cmpint (cf_signer_validity_from_dates (start, end, NULL, 30, NULL), ==, CF_SIGNER_VALIDITY_VALID);
}

/* Dates people read are in words; text that is not a date stays. */
static void
test_dates_in_words (void)
{
  GDate date;
  g_autofree char *a = NULL;
  g_autofree char *b = cf_date_text_to_words ("2018-04-09");
  g_autofree char *c = cf_date_text_to_words ("2018-04-09T00:00:00");
  g_autofree char *d = cf_date_text_to_words ("2018-02-30");
  g_autofree char *e = cf_date_text_to_words ("pronto");

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 15, G_DATE_MAY, 2021);
  a = cf_date_to_words (&date);
  g_assert_cmpstr (a, ==, "May 15, 2021");
  g_assert_cmpstr (b, ==, "April 9, 2018");
  g_assert_cmpstr (c, ==, "April 9, 2018");
  g_assert_cmpstr (d, ==, "2018-02-30");
  g_assert_cmpstr (e, ==, "pronto");
}

/* Forms show and take DD/MM/AAAA; the value stays ISO. */
static void
test_dates_in_forms (void)
{
  static const struct { const char *in; const char *out; } to_form[] = {
    { "2018-04-09", "09/04/2018" }, { "2018-04-09T00:00:00", "09/04/2018" },
    { "2018-02-30", "2018-02-30" }, { "", "" }, { "abril", "abril" },
  }, from_form[] = {
    { "09/04/2018", "2018-04-09" }, { "9/4/2018", "2018-04-09" }, { " 09-04-2018 ", "2018-04-09" },
    { "9.4.2018", "2018-04-09" }, { "30/02/2018", "30/02/2018" }, { "09/04/18", "09/04/18" },
    { "09/04-2018", "09/04-2018" }, { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (to_form); i++)
    {
      g_autofree char *got = cf_date_text_to_form (to_form[i].in);

      g_assert_cmpstr (got, ==, to_form[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (from_form); i++)
    {
      g_autofree char *got = cf_date_text_from_form (from_form[i].in);

      g_assert_cmpstr (got, ==, from_form[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/signer-status/valid", test_valid);
  g_test_add_func ("/core/signer-status/expiring", test_expiring);
  g_test_add_func ("/core/signer-status/expiring-boundaries", test_expiring_boundaries);
  g_test_add_func ("/core/signer-status/expired", test_expired);
  g_test_add_func ("/core/signer-status/not-yet-valid", test_not_yet_valid);
  g_test_add_func ("/core/signer-status/now-default", test_now_default);
  g_test_add_func ("/core/signer-status/dates-in-words", test_dates_in_words);
  g_test_add_func ("/core/signer-status/dates-in-forms", test_dates_in_forms);

  return g_test_run ();
}
