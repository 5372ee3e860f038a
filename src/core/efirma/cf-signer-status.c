/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-signer-status.h"

#include "cf-date.h"

#include <glib/gi18n-lib.h>

CfSignerValidity
cf_signer_validity_from_dates (GDateTime *not_before,
                               GDateTime *not_after,
                               GDateTime *now,
                               guint      warning_days,
                               int       *days_left)
{
  g_autoptr(GDateTime) current = NULL;
  GTimeSpan left;

  g_return_val_if_fail (not_before != NULL, CF_SIGNER_VALIDITY_EXPIRED);
  g_return_val_if_fail (not_after != NULL, CF_SIGNER_VALIDITY_EXPIRED);

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  left = g_date_time_difference (not_after, current);

  if (days_left != NULL)
    {
      /* Calendar days, as people count them: "expires in 10 days, on
       * December 3" whatever the hour. */
      g_autoptr(GDateTime) local_now = g_date_time_to_local (current);
      g_autoptr(GDateTime) local_end = g_date_time_to_local (not_after);
      g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (local_now),
                                               g_date_time_get_month (local_now),
                                               g_date_time_get_year (local_now));
      g_autoptr(GDate) last = g_date_new_dmy (g_date_time_get_day_of_month (local_end),
                                              g_date_time_get_month (local_end),
                                              g_date_time_get_year (local_end));

      *days_left = g_date_days_between (today, last);
    }

  if (g_date_time_compare (current, not_before) < 0)
    return CF_SIGNER_VALIDITY_NOT_YET_VALID;
  if (left <= 0)
    return CF_SIGNER_VALIDITY_EXPIRED;
  if (left <= (GTimeSpan) warning_days * G_TIME_SPAN_DAY)
    return CF_SIGNER_VALIDITY_EXPIRING;
  return CF_SIGNER_VALIDITY_VALID;
}

gboolean
cf_signer_validity_is_warning (CfSignerValidity validity)
{
  return validity != CF_SIGNER_VALIDITY_VALID;
}

char *
cf_signer_format_date (GDateTime *date)
{
  return cf_date_time_to_words (date);
}

char *
cf_signer_validity_describe (GDateTime *not_before,
                             GDateTime *not_after,
                             GDateTime *now,
                             guint      warning_days)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  int days_left = 0;

  g_return_val_if_fail (not_before != NULL, NULL);
  g_return_val_if_fail (not_after != NULL, NULL);

  start = cf_signer_format_date (not_before);
  end = cf_signer_format_date (not_after);

  switch (cf_signer_validity_from_dates (not_before, not_after, now, warning_days, &days_left))
    {
    case CF_SIGNER_VALIDITY_NOT_YET_VALID:
      /* Translators: %s is a date */
      return g_strdup_printf (_("Not valid until %s"), start);
    case CF_SIGNER_VALIDITY_EXPIRED:
      /* Translators: %s is a date */
      return g_strdup_printf (_("Expired on %s"), end);
    case CF_SIGNER_VALIDITY_EXPIRING:
      if (days_left == 0)
        /* Translators: %s is a date */
        return g_strdup_printf (_("Expires today, %s"), end);
      /* Translators: %d is a number of days, %s a date */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Expires in %d day, on %s",
                                           "Expires in %d days, on %s",
                                           days_left),
                              days_left, end);
    case CF_SIGNER_VALIDITY_VALID:
    default:
      /* Translators: %s is a date */
      return g_strdup_printf (_("Valid until %s"), end);
    }
}
