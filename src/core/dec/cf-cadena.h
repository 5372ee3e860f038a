/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cadena.h: the cadena original, the string the signer signs.
 *
 * "||" + the values in the order of the domain reference (section 3),
 * separated by "|", + "||". Every value is whitespace-normalised: XML blanks
 * (space, tab, CR, LF) are trimmed at both ends and each run of them inside
 * becomes one space, exactly what XPath normalize-space() does, so
 * data/xslt/cadena-dec-3.0.xslt gives the same bytes. An empty or absent value
 * keeps its place. A "|" inside a value is an error, not something to escape.
 * Version 2.0 documents give the 2.0 shape (no idEntidad, no numeroCiclos,
 * two empty slots after fechaNacimiento). The result is UTF-8. */
#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>
#include "cf-dec.h"

G_BEGIN_DECLS

#define CF_CADENA_ERROR (cf_cadena_error_quark ())

typedef enum
{
  CF_CADENA_ERROR_PIPE,                 /* a value contains "|"; the message names the attribute path */
  CF_CADENA_ERROR_UNSUPPORTED_VERSION,  /* neither 2.0 nor 3.0 */
  CF_CADENA_ERROR_NOT_A_DEC,            /* the document's root is not a Dec */
} CfCadenaError;

GQuark  cf_cadena_error_quark     (void);

/* From the model. */
char   *cf_cadena_from_dec        (CfDec       *dec,
                                   GError     **error);
/* Straight from a parsed document (namespace-aware: any prefix works). */
char   *cf_cadena_from_doc        (xmlDoc      *doc,
                                   GError     **error);
/* Reads the file with cf_dec_xml_parse_file() (hardened) first; errors from
 * that step come in the CF_DEC_XML_ERROR domain. */
char   *cf_cadena_from_file       (const char  *path,
                                   GError     **error);

/* Trim + collapse XML blanks (space, tab, CR, LF) into one space. NULL → "". */
char   *cf_cadena_normalize_value (const char  *value);

G_END_DECLS
