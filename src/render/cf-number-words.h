/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-number-words.h: grades and averages written in Spanish words, the way
 * a certificate prints them next to the figures ("OCHO PUNTO CINCUENTA",
 * "DIEZ", "ACREDITADA"). Upper case with accents (VEINTIDÓS). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 0 → "CERO", 21 → "VEINTIUNO", 1000 → "MIL", 45 → "CUARENTA Y CINCO".
 * Any value up to 999 999 999. */
char *cf_number_words_cardinal (guint64 value);

/* A grade or an average held in hundredths (cf-dec.h): 850 → "OCHO PUNTO
 * CINCUENTA", 805 → "OCHO PUNTO CERO CINCO", 800 → "OCHO", 1000 → "DIEZ",
 * CF_DEC_GRADE_AC (any negative value) → "ACREDITADA". */
char *cf_number_words_grade    (int     hundredths);

/* The same from the document's text ("8.50", "10", "AC"); NULL when the
 * text is not a grade. */
char *cf_number_words_grade_text (const char *text);

G_END_DECLS
