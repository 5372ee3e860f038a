/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-curp.h: the CURP (Clave Única de Registro de Población) as RENAPO
 * issues it: 18 characters, a birth date that exists, a state code and a
 * check digit. Pure functions; nothing here touches personal data beyond
 * its argument, and nothing logs it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CF_CURP_LENGTH 18

#define CF_CURP_ERROR (cf_curp_error_quark ())

typedef enum
{
  CF_CURP_ERROR_EMPTY,          /* no value at all */
  CF_CURP_ERROR_LENGTH,         /* not 18 characters */
  CF_CURP_ERROR_CHARACTERS,     /* lower case, accents, symbols, letters where digits go… */
  CF_CURP_ERROR_DATE,           /* the birth date does not exist */
  CF_CURP_ERROR_SEX,            /* 11th character is not H, M or X */
  CF_CURP_ERROR_STATE,          /* 12th–13th characters are not a state code (or NE) */
  CF_CURP_ERROR_CHECK_DIGIT,    /* well formed, but the 18th character is wrong */
} CfCurpError;

GQuark      cf_curp_error_quark          (void);

/* Everything but the check digit: length, character classes, the birth
 * date (century from the 17th character: a digit for births before 2000,
 * a letter after), the sex and the state code. */
gboolean    cf_curp_check_format         (const char *curp,
                                          GError    **error);

/* The check digit ('0'…'9') computed from the first 17 characters of
 * @curp (at least 17 characters of "0-9A-ZÑ" in UTF-8), or 0 when those
 * characters are not all in RENAPO's alphabet. */
char        cf_curp_compute_check_digit  (const char *curp);

/* cf_curp_check_format() plus the check digit: the whole RENAPO rule. */
gboolean    cf_curp_validate             (const char *curp,
                                          GError    **error);

/* The birth date in a CURP that passed cf_curp_check_format(); NULL otherwise. */
GDate      *cf_curp_get_birth_date       (const char *curp);

/* 'H', 'M' or 'X' from a well-formed CURP; 0 otherwise. */
char        cf_curp_get_sex              (const char *curp);

/* The RENAPO two-letter state code ("DF", "NE"…) is known. */
gboolean    cf_curp_is_state_code        (const char *code);

G_END_DECLS
