/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-xml.h: reading and writing Dec files with libxml2.
 *
 * Reading accepts any Dec 3.0 or 2.0 file, whoever wrote it: attribute order,
 * namespace prefixes, whitespace between elements, comments, CRLF and a BOM
 * do not matter. The parser is hardened: no network, no entity substitution,
 * no DTD with entity declarations, no file over CF_DEC_XML_MAX_SIZE.
 * Writing produces 3.0 only, in the documented order, default namespace,
 * UTF-8, one element per line. */
#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>
#include "cf-dec.h"

G_BEGIN_DECLS

#define CF_DEC_XML_ERROR (cf_dec_xml_error_quark ())

typedef enum
{
  CF_DEC_XML_ERROR_IO,                  /* cannot read or write the file */
  CF_DEC_XML_ERROR_TOO_LARGE,           /* over CF_DEC_XML_MAX_SIZE */
  CF_DEC_XML_ERROR_MALFORMED,           /* not well-formed XML (message has the line) */
  CF_DEC_XML_ERROR_ENTITIES,            /* a DTD / entity declarations: refused */
  CF_DEC_XML_ERROR_NOT_A_DEC,           /* root is not Dec in SEP's namespace */
  CF_DEC_XML_ERROR_UNSUPPORTED_VERSION, /* version other than 2.0 / 3.0, or writing 2.0 */
  CF_DEC_XML_ERROR_INVALID_VALUE,       /* writing: a value that is not valid UTF-8 / XML text */
} CfDecXmlError;

GQuark   cf_dec_xml_error_quark      (void);

/* A Dec file is a few hundred kB at most; anything over this is refused unread. */
#define CF_DEC_XML_MAX_SIZE (20 * 1024 * 1024)

/* Hardened parse + root check (Dec in CF_DEC_NAMESPACE). The caller owns the
 * document (xmlFreeDoc). @name is used in messages (a file name), may be NULL. */
xmlDoc  *cf_dec_xml_parse_data       (const char   *data,
                                      gsize         length,
                                      const char   *name,
                                      GError      **error);
xmlDoc  *cf_dec_xml_parse_file       (const char   *path,
                                      GError      **error);

/* Builds the model from a parsed document. Unknown elements and attributes
 * are ignored; missing ones are left absent (the schema step reports them).
 * Dreoe and SepIpes are kept when present. Of repeated elements the first
 * is taken, and only attributes in no namespace, as the XSLT's XPath does. */
CfDec   *cf_dec_xml_read_doc         (xmlDoc       *doc,
                                      GError      **error);
/* The same model, errors and hardening as cf_dec_xml_parse_*() +
 * cf_dec_xml_read_doc(), without building a tree (SAX2): use these when only
 * the model is needed (about 1.5x faster, far less memory). Thread safe. */
CfDec   *cf_dec_xml_read_data        (const char   *data,
                                      gsize         length,
                                      GError      **error);
CfDec   *cf_dec_xml_read_bytes       (GBytes       *bytes,
                                      GError      **error);
CfDec   *cf_dec_xml_read_file        (const char   *path,
                                      GError      **error);

/* A new document (caller frees). Refuses a 2.0 model (UNSUPPORTED_VERSION).
 * Absent attributes are not written; SEP's nodes are written back when the
 * model holds them. */
xmlDoc  *cf_dec_xml_to_doc           (CfDec        *dec,
                                      GError      **error);
/* UTF-8 bytes with the XML declaration and a final newline: the bytes
 * libxml2 would give for cf_dec_xml_to_doc() with formatting, built directly. */
GBytes  *cf_dec_xml_write_bytes      (CfDec        *dec,
                                      GError      **error);
/* Atomic: a temporary file in the same folder renamed over @path, so a
 * crash never leaves a half-written XML. */
gboolean cf_dec_xml_write_file       (CfDec        *dec,
                                      const char   *path,
                                      GError      **error);

G_END_DECLS
