/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-business-days.h: business days as SEP counts its answers ("about 15
 * business days"): Monday to Friday, less Mexico's official rest days
 * (Ley Federal del Trabajo art. 74, with the 2024 reform's 1 October every
 * six years) and SEP's announced closures. The rules are data: the bundled
 * data/calendar/dias-inhabiles.txt, plus the user's
 * $XDG_DATA_HOME/certifica/dias-inhabiles.txt when there is one. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CfCalendar CfCalendar;

/* The bundled rules and the user's file (read now, every call: the user
 * may have edited it). A line that cannot be read is a warning, skipped. */
CfCalendar *cf_calendar_new_default     (void);
/* Only the rules in @text (the same format); @source names it in warnings. */
CfCalendar *cf_calendar_new_from_text   (const char   *text,
                                         const char   *source);
void        cf_calendar_free            (CfCalendar   *calendar);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfCalendar, cf_calendar_free)

/* The user's file (it need not exist). */
char       *cf_calendar_dup_user_file   (void);

/* Whether @date is a rest day by the rules (weekends aside); @reason (may
 * be NULL) receives the rule's description, borrowed. */
gboolean    cf_calendar_is_holiday      (CfCalendar   *calendar,
                                         const GDate  *date,
                                         const char  **reason);
/* Monday to Friday and not a rest day. */
gboolean    cf_calendar_is_business_day (CfCalendar   *calendar,
                                         const GDate  *date);
/* The @n-th business day after @date (@n = 0: @date itself), in @out. */
void        cf_calendar_add_business_days (CfCalendar  *calendar,
                                           const GDate *date,
                                           guint        n,
                                           GDate       *out);

/* "YYYY-MM-DD" (a real day) into @out; FALSE for any other text. */
gboolean    cf_calendar_parse_iso       (const char   *text,
                                         GDate        *out);
/* @date as "YYYY-MM-DD". */
char       *cf_calendar_format_iso      (const GDate  *date);

G_END_DECLS
