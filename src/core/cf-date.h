/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-date.h: dates in prose, as people write them ("15 de mayo de 2021"),
 * never ISO: messages and findings are read by registrars, not parsers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @date in the local time zone, in words. */
char *cf_date_time_to_words (GDateTime   *date);
/* A calendar day in words. */
char *cf_date_to_words      (const GDate *date);
/* @text ("2018-04-09", or with a time after it) in words; any other text
 * as it is. */
char *cf_date_text_to_words (const char  *text);
/* Forms show a day as people type it, DD/MM/AAAA, and keep it as ISO
 * (as SEP's files do): @iso as DD/MM/AAAA (other text as it is), and
 * D/M/AAAA (also with - or .) back as AAAA-MM-DD (other text as it is, for
 * the validation to name). */
char *cf_date_text_to_form  (const char  *iso);
char *cf_date_text_from_form (const char *text);

G_END_DECLS
