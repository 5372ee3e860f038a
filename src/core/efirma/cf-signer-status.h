/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-signer-status.h: what a signer's validity dates mean today.
 * Pure functions of their arguments (the clock is a parameter), so the
 * Signers page shows them and the tests pin them without a display. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CF_SIGNER_VALIDITY_VALID,
  CF_SIGNER_VALIDITY_EXPIRING,       /* valid, but ends within the warning days */
  CF_SIGNER_VALIDITY_EXPIRED,
  CF_SIGNER_VALIDITY_NOT_YET_VALID,
} CfSignerValidity;

/* @now may be NULL (the current time). *@days_left (may be NULL) receives the
 * calendar days (local time) from @now's date to @not_after's: 0 on the last
 * day, negative the days after. */
CfSignerValidity  cf_signer_validity_from_dates (GDateTime *not_before,
                                                 GDateTime *not_after,
                                                 GDateTime *now,
                                                 guint      warning_days,
                                                 int       *days_left);

/* TRUE for the states a person must be warned about. */
gboolean          cf_signer_validity_is_warning (CfSignerValidity validity);

/* A translated sentence for people: "Expired on May 17, 2021",
 * "Expires in 12 days, on …", "Valid until …", "Not valid until …". */
char             *cf_signer_validity_describe   (GDateTime *not_before,
                                                 GDateTime *not_after,
                                                 GDateTime *now,
                                                 guint      warning_days);

/* A date as people read it, in the local time zone ("May 17, 2021"). */
char             *cf_signer_format_date         (GDateTime *date);

G_END_DECLS
