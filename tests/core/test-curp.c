/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-curp.h"

#include <string.h>

/* CURPs built by hand from the RENAPO rules; their check digits were
 * computed independently (Python) from the published algorithm. */
static const char * const good_curps[] = {
  "PELM800101MDFRPR01",   /* born 1980, Ciudad de México */
  "GOMC850312HDFNRR09",
  "LOPA990501MDFPRN06",
  "SARJ050723HNERDNA4",   /* born 2005 (letter in 17th place), abroad (NE) */
  "BADD110313HCMLNSA6",   /* 2011, Campeche */
  "XEXX000229MZSXXXA3",   /* 29 February 2000 exists */
};

static void
test_check_digit_known (void)
{
  g_assert_cmpint (cf_curp_compute_check_digit ("PELM800101MDFRPR0"), ==, '1');
  g_assert_cmpint (cf_curp_compute_check_digit ("GOMC850312HDFNRR0"), ==, '9');
  g_assert_cmpint (cf_curp_compute_check_digit ("LOPA990501MDFPRN0"), ==, '6');
  g_assert_cmpint (cf_curp_compute_check_digit ("SARJ050723HNERDNA"), ==, '4');
  /* The SAT FIEL fixture's CURP: its digit computes to 7, not 9. */
  g_assert_cmpint (cf_curp_compute_check_digit ("HEGT761003MDFRNN09"), ==, '7');
  /* Ñ is in RENAPO's alphabet between N and O (value 24). */
  g_assert_cmpint (cf_curp_compute_check_digit ("\xc3\x91" "AAA000101HDFAAA0"), !=, 0);
  g_assert_cmpint (cf_curp_compute_check_digit ("NAAA000101HDFAAA0"), ==, '9');
  g_assert_cmpint (cf_curp_compute_check_digit ("\xc3\x91" "AAA000101HDFAAA0"), ==, '1');
  g_assert_cmpint (cf_curp_compute_check_digit ("OAAA000101HDFAAA0"), ==, '3');
  /* Too short, outside the alphabet. */
  g_assert_cmpint (cf_curp_compute_check_digit ("PELM80"), ==, 0);
  g_assert_cmpint (cf_curp_compute_check_digit ("pelm800101MDFRPR0"), ==, 0);
  g_assert_cmpint (cf_curp_compute_check_digit ("PELM800101MDFRP-0"), ==, 0);
}

static void
test_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_curps); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (cf_curp_validate (good_curps[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_fixture_fails_check_digit (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_curp_check_format ("HEGT761003MDFRNN09", NULL));
  g_assert_false (cf_curp_validate ("HEGT761003MDFRNN09", &error));
  g_assert_error (error, CF_CURP_ERROR, CF_CURP_ERROR_CHECK_DIGIT);
  g_assert_nonnull (strstr (error->message, "7"));
}

typedef struct
{
  const char  *curp;
  CfCurpError  code;
} BadCase;

static void
test_invalid (void)
{
  static const BadCase cases[] = {
    { "", CF_CURP_ERROR_EMPTY },
    { "PELM800101MDFRPR0", CF_CURP_ERROR_LENGTH },
    { "PELM800101MDFRPR011", CF_CURP_ERROR_LENGTH },
    { "pelm800101MDFRPR01", CF_CURP_ERROR_CHARACTERS },
    { "PELM8001O1MDFRPR01", CF_CURP_ERROR_CHARACTERS },     /* letter O for zero */
    { "PÉLM800101MDFRPR01", CF_CURP_ERROR_CHARACTERS },     /* 18 characters, 19 bytes */
    { "PBLM800101MDFRPR01", CF_CURP_ERROR_CHARACTERS },     /* second letter not a vowel */
    { "PELM800101MDFAPR01", CF_CURP_ERROR_CHARACTERS },     /* vowel among the consonants */
    { "PELM800101MDFRPR0A", CF_CURP_ERROR_CHARACTERS },     /* letter as check digit */
    { "PELM801301MDFRPR01", CF_CURP_ERROR_DATE },           /* month 13 */
    { "PELM810229MDFRPR01", CF_CURP_ERROR_DATE },           /* 1981 is not a leap year */
    { "PELM800100MDFRPR01", CF_CURP_ERROR_DATE },
    { "PELM800101ZDFRPR01", CF_CURP_ERROR_SEX },
    { "PELM800101MXXRPR01", CF_CURP_ERROR_STATE },
    { "PELM800101MDFRPR02", CF_CURP_ERROR_CHECK_DIGIT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      g_assert_false (cf_curp_validate (cases[i].curp, &error));
      g_assert_error (error, CF_CURP_ERROR, (int) cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
  g_assert_false (cf_curp_validate (NULL, NULL));
}

static void
test_century_and_parts (void)
{
  g_autoptr(GDate) d1 = cf_curp_get_birth_date ("PELM800101MDFRPR01");
  g_autoptr(GDate) d2 = cf_curp_get_birth_date ("SARJ050723HNERDNA4");
  g_autoptr(GDate) d3 = cf_curp_get_birth_date ("XEXX000229MZSXXXA3");

  g_assert_nonnull (d1);
  g_assert_cmpint (g_date_get_year (d1), ==, 1980);
  g_assert_cmpint (g_date_get_month (d1), ==, 1);
  g_assert_cmpint (g_date_get_year (d2), ==, 2005);
  g_assert_cmpint (g_date_get_day (d2), ==, 23);
  g_assert_cmpint (g_date_get_year (d3), ==, 2000);
  g_assert_null (cf_curp_get_birth_date ("PELM801301MDFRPR01"));
  /* 29 February 1900 does not exist: a digit in place 17 means 19xx. */
  g_assert_false (cf_curp_check_format ("XEXX000229MZSXXX01", NULL));

  g_assert_cmpint (cf_curp_get_sex ("PELM800101MDFRPR01"), ==, 'M');
  g_assert_cmpint (cf_curp_get_sex ("GOMC850312HDFNRR09"), ==, 'H');
  g_assert_cmpint (cf_curp_get_sex ("nope"), ==, 0);

  g_assert_true (cf_curp_is_state_code ("NE"));
  g_assert_true (cf_curp_is_state_code ("DF"));
  g_assert_false (cf_curp_is_state_code ("XX"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/curp/check-digit-known", test_check_digit_known);
  g_test_add_func ("/core/curp/valid", test_valid);
  g_test_add_func ("/core/curp/fixture-fails-check-digit", test_fixture_fails_check_digit);
  g_test_add_func ("/core/curp/invalid", test_invalid);
  g_test_add_func ("/core/curp/century-and-parts", test_century_and_parts);

  return g_test_run ();
}
