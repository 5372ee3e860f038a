/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-xml-private.h: what batch sealing needs from the XML layer beyond
 * the public reader: a reader a worker thread keeps for many documents, a
 * structure check that spares the XSD when it cannot fail, and a way to set
 * the seal attributes in a file's own bytes without re-serialising it. */
#pragma once

#include "cf-dec.h"

G_BEGIN_DECLS

/* One thread's reader (not thread safe itself: one per thread). It keeps a
 * libxml2 parser context between documents, with the same hardening. */
typedef struct _CfDecXmlReader CfDecXmlReader;

CfDecXmlReader *_cf_dec_xml_reader_new   (void);
void            _cf_dec_xml_reader_free  (CfDecXmlReader *reader);
/* On by default: plain documents (UTF-8, elements, attributes, blanks and
 * comments) are read by a scanner of that subset alone, anything else by
 * libxml2; the same models and verdicts. Off: libxml2 for every document
 * (tests and the fuzz target compare the two). */
void            _cf_dec_xml_reader_set_plain_scanner (CfDecXmlReader *reader,
                                                      gboolean        use);

/* Reads @path into @buffer (reused; its length is set to the file's), with
 * the errors of cf_dec_xml_read_file(): IO, a folder, TOO_LARGE (before
 * reading a byte), empty. */
gboolean        _cf_dec_xml_load_file    (const char     *path,
                                          GByteArray     *buffer,
                                          GError        **error);

/* The model of cf_dec_xml_read_data(), with its errors (@path, may be NULL,
 * names the file in messages), in one SAX pass that also checks the
 * structure against data/xsd/dec-3.0.xsd. *@out_conforms is TRUE only when
 * nothing in the document can fail that schema: every element in its place
 * and count, no character data where the schema has none, every attribute
 * known and every required one present, the two fixed values exact, and
 * every xs:dateTime / xs:integer / xs:int value in a plain form the schema
 * accepts. It is stricter than the schema, never looser: FALSE only means
 * "ask the schema" (a DOCTYPE, a namespaced attribute, a date with a time
 * zone…), not that the document is invalid. */
CfDec          *_cf_dec_xml_reader_read  (CfDecXmlReader *reader,
                                          const char     *data,
                                          gsize           length,
                                          const char     *path,
                                          gboolean       *out_conforms,
                                          GError        **error);

/* Appends to @out a copy of @data (a well-formed Dec, as a read has shown)
 * in which the root's attributes @names (no prefix) have @values: an
 * existing one has its value replaced in place, a missing one is added
 * after the last attribute. Every other byte is kept. @values must be made
 * of base64 characters and digits only. FALSE (and @out unchanged) when the
 * bytes cannot be edited safely this way (UTF-16, an encoding that is not
 * ASCII-compatible, a DOCTYPE before the root): then re-serialise. */
gboolean        _cf_dec_xml_set_root_attributes (const char         *data,
                                                 gsize               length,
                                                 const char * const *names,
                                                 const char * const *values,
                                                 guint               n,
                                                 GString            *out);

G_END_DECLS
