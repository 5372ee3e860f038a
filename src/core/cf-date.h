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

G_END_DECLS
