/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-xml-private.h: what batch sealing needs from the XML layer beyond
 * the public reader: a reader a worker thread keeps for many documents, a
 * structure check that spares the XSD when it cannot fail, and a way to set
 * the seal attributes in a file's own bytes without re-serialising it. */
#pragma once

#include <libxml/parser.h>
#include <libxml/xmlversion.h>

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

/* Between the files of the XML layer only: cf-dec-xml-load.c (the hardened
 * load and the tree), cf-dec-xml-sax.c (the SAX handlers), cf-dec-xml-scan.c
 * (the plain scanner and the reader) and cf-dec-xml-write.c (the in-place
 * edit and the writer). */

/* No network, no entity substitution, no DTD loading, no "huge" documents,
 * and libxml2 stays quiet: errors come back as GErrors. */
#if LIBXML_VERSION >= 21300
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_NO_XXE)
#else
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#endif

typedef struct
{
  gboolean saw_entity;
} ParseState;

typedef struct
{
  ParseState    parse;          /* first: on_entity_decl() reads it */
  CfDec        *dec;
  guint         depth;
  gboolean      root_seen;
  gboolean      root_ok;
  char         *root_name;      /* only when the root is not a Dec */
  char         *root_ns;
  char         *version;
  int           current;        /* the depth-2 element being read, or -1 */
  gboolean      seen[CF_DEC_N_ELEMENTS];

  /* Values come fully decoded (the plain scanner), not from libxml2. */
  gboolean      decoded;

  /* The structure check. */
  gboolean      conforms;       /* nothing the schema could refuse, so far */
  int           outer;          /* the depth-2 element, or -1 */
  guint         next_child;     /* the first index of dec_sequence still allowed */
  guint         inner_count;    /* children of @outer so far */
} SaxState;

static inline gboolean
is_xml_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* cf-dec-xml-load.c */
void        _cf_dec_xml_ensure_libxml     (void);
void        _cf_dec_xml_on_entity_decl    (void           *ctx,
                                           const xmlChar  *name,
                                           int             type,
                                           const xmlChar  *public_id,
                                           const xmlChar  *system_id,
                                           xmlChar        *content);
gboolean    _cf_dec_xml_check_root_name   (const char     *local_name,
                                           const char     *ns_href,
                                           const char     *name,
                                           GError        **error);
gboolean    _cf_dec_xml_check_length      (gsize           length,
                                           const char     *display,
                                           GError        **error);
gboolean    _cf_dec_xml_set_parse_error   (xmlParserCtxtPtr  ctxt,
                                           const ParseState *state,
                                           const char       *display,
                                           GError          **error);
void        _cf_dec_xml_set_version_error (const char     *version,
                                           GError        **error);
GBytes     *_cf_dec_xml_read_limited      (const char     *path,
                                           GError        **error);
char       *_cf_dec_xml_quoted_name       (const char     *path);

/* cf-dec-xml-sax.c */
/* Both called once, by _cf_dec_xml_ensure_libxml(): the field tables laid
 * out for the handlers, and the probe of how libxml2 hands SAX an "&". */
void        _cf_dec_xml_init_field_tables (void);
void        _cf_dec_xml_on_probe_start    (void           *ctx,
                                           const xmlChar  *local_name,
                                           const xmlChar  *prefix,
                                           const xmlChar  *uri,
                                           int             n_namespaces,
                                           const xmlChar **namespaces,
                                           int             n_attributes,
                                           int             n_defaulted,
                                           const xmlChar **attributes);
void        _cf_dec_xml_sax_start         (SaxState       *state,
                                           const xmlChar  *local_name,
                                           const xmlChar  *uri,
                                           int             n_attributes,
                                           int             n_defaulted,
                                           const xmlChar **attributes);
void        _cf_dec_xml_sax_end           (SaxState       *state);
void        _cf_dec_xml_sax_characters    (SaxState       *state,
                                           const xmlChar  *text,
                                           gsize           length);
xmlParserCtxtPtr _cf_dec_xml_new_sax_context (void);

/* cf-dec-xml-write.c */
const char *_cf_dec_xml_find_text         (const char     *p,
                                           const char     *end,
                                           const char     *text);

G_END_DECLS
