/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-schema.h: the schema step, data/xsd/dec-3.0.xsd with libxml2.
 *
 * The XSD mirrors the official one (domain reference, section 3): structure,
 * required and optional attributes, xs:dateTime / xs:integer / xs:int and the
 * fixed values; no lengths, patterns or enumerations, so everything SEP's
 * schema accepts passes here. SEP's Dreoe and SepIpes nodes are skipped. */
#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define CF_DEC_SCHEMA_ERROR (cf_dec_schema_error_quark ())

typedef enum
{
  CF_DEC_SCHEMA_ERROR_LOAD,   /* the bundled XSD cannot be loaded (a build problem) */
} CfDecSchemaError;

GQuark      cf_dec_schema_error_quark   (void);

/* Validates @doc; returns (element-type CfFinding) with one finding per
 * problem (empty when valid), each with code "schema.*", severity error, the
 * path of the element or attribute ("/Dec/Alumno/@curp") and a translated
 * explanation. NULL + @error only when the schema itself cannot be used.
 * Thread safe. */
GPtrArray  *cf_dec_schema_validate_doc  (xmlDoc      *doc,
                                         GError     **error);
/* Parses with cf_dec_xml_parse_file() first; parse errors are returned as
 * @error (CF_DEC_XML_ERROR domain), not as findings. */
GPtrArray  *cf_dec_schema_validate_file (const char  *path,
                                         GError     **error);

/* Finding codes. */
#define CF_FINDING_SCHEMA_MISSING_ATTRIBUTE  "schema.missing-attribute"
#define CF_FINDING_SCHEMA_UNKNOWN_ATTRIBUTE  "schema.unknown-attribute"
#define CF_FINDING_SCHEMA_BAD_VALUE          "schema.bad-value"          /* wrong type: date, integer */
#define CF_FINDING_SCHEMA_FIXED_VALUE        "schema.fixed-value"        /* version / tipoCertificado */
#define CF_FINDING_SCHEMA_MISSING_ELEMENT    "schema.missing-element"
#define CF_FINDING_SCHEMA_UNEXPECTED_ELEMENT "schema.unexpected-element" /* unknown or out of order */
#define CF_FINDING_SCHEMA_OTHER              "schema.invalid"

G_END_DECLS
