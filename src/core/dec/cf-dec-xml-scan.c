/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-xml-scan.c: the plain scanner, and the reader that tries it
 * before libxml2 (cf_dec_xml_read_data() and the batch's reader). */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "cf-dec-xml.h"
#include "cf-dec-xml-private.h"

/* ------------------------------------------------------------------ */
/* The plain scanner                                                   */
/* ------------------------------------------------------------------ */

/* The files of a batch are plain: UTF-8, no DOCTYPE, elements, attributes
 * with a few references, blanks and comments between elements. For those,
 * a scanner that knows nothing else feeds the handlers above the same
 * events libxml2 would, at a fraction of the cost. It gives up at the
 * first thing outside that subset (a processing instruction, CDATA, text,
 * a prefixed attribute, a name that is not ASCII, a literal tab or line
 * break in a value, a DOCTYPE, an encoding other than UTF-8…) and then
 * libxml2 reads the document from the start, so every error, and every
 * odd document, is libxml2's. Being well-formed is checked as strictly as
 * libxml2 does for that subset (a test and the fuzz target hold the two to
 * the same models and verdicts); nothing is ever expanded. */

#define PLAIN_MAX_DEPTH       16
#define PLAIN_MAX_ATTRIBUTES  32
#define PLAIN_MAX_NAMESPACES  8
#define PLAIN_MAX_NAME        200
#define PLAIN_MAX_RUN         (1024 * 1024)   /* a value, a comment, blanks */

typedef struct
{
  const char *prefix;       /* in the input, not terminated; NULL: the default one */
  gsize       prefix_len;
  gsize       uri;          /* offset in the URI buffer */
  guint       depth;        /* of the element that declared it */
} PlainNamespace;

typedef struct
{
  const char     *p;
  const char     *end;
  GString        *scratch;  /* names and decoded values of one start tag */
  GString        *uris;     /* namespace URIs, NUL-terminated, one after another */
  PlainNamespace  ns[PLAIN_MAX_NAMESPACES];
  guint           n_ns;
  struct
  {
    const char *qname;
    gsize       len;
  }               open[PLAIN_MAX_DEPTH];
  guint           depth;
} Plain;

/* Byte classes for the scanner: 1 starts a name, 2 continues one, 4 ends
 * or interrupts an attribute value ("<", "&", quotes, tab, LF, CR). */
static const guint8 plain_class[256] = {
  ['\t'] = 4, ['\n'] = 4, ['\r'] = 4, ['"'] = 4, ['&'] = 4, ['\''] = 4, ['<'] = 4,
  ['-'] = 2, ['.'] = 2,
  ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
  ['A'] = 3, ['B'] = 3, ['C'] = 3, ['D'] = 3, ['E'] = 3, ['F'] = 3, ['G'] = 3, ['H'] = 3, ['I'] = 3,
  ['J'] = 3, ['K'] = 3, ['L'] = 3, ['M'] = 3, ['N'] = 3, ['O'] = 3, ['P'] = 3, ['Q'] = 3, ['R'] = 3,
  ['S'] = 3, ['T'] = 3, ['U'] = 3, ['V'] = 3, ['W'] = 3, ['X'] = 3, ['Y'] = 3, ['Z'] = 3,
  ['_'] = 3,
  ['a'] = 3, ['b'] = 3, ['c'] = 3, ['d'] = 3, ['e'] = 3, ['f'] = 3, ['g'] = 3, ['h'] = 3, ['i'] = 3,
  ['j'] = 3, ['k'] = 3, ['l'] = 3, ['m'] = 3, ['n'] = 3, ['o'] = 3, ['p'] = 3, ['q'] = 3, ['r'] = 3,
  ['s'] = 3, ['t'] = 3, ['u'] = 3, ['v'] = 3, ['w'] = 3, ['x'] = 3, ['y'] = 3, ['z'] = 3,
};

static inline gboolean
plain_name_start (char c)
{
  return (plain_class[(guchar) c] & 1) != 0;
}

static inline gboolean
plain_name_char (char c)
{
  return (plain_class[(guchar) c] & 2) != 0;
}

/* An ASCII QName: NCName (":" NCName)?; FALSE for anything else. */
static gboolean
plain_qname (Plain       *plain,
             const char **out_start,
             gsize       *out_prefix_len,   /* 0: no prefix */
             gsize       *out_len)
{
  const char *start = plain->p;
  const char *p = start;

  *out_prefix_len = 0;
  if (p >= plain->end || !plain_name_start (*p))
    return FALSE;
  for (p++; p < plain->end && plain_name_char (*p); p++)
    ;
  if (p < plain->end && *p == ':')
    {
      *out_prefix_len = (gsize) (p - start);
      p++;
      if (p >= plain->end || !plain_name_start (*p))
        return FALSE;
      for (p++; p < plain->end && plain_name_char (*p); p++)
        ;
    }
  if ((gsize) (p - start) > PLAIN_MAX_NAME)
    return FALSE;
  *out_start = start;
  *out_len = (gsize) (p - start);
  plain->p = p;
  return TRUE;
}

static inline gboolean
plain_skip_blanks (Plain *plain)
{
  const char *start = plain->p;

  while (plain->p < plain->end && is_xml_blank (*plain->p))
    plain->p++;
  return plain->p > start;
}

static gboolean
plain_literal (Plain      *plain,
               const char *text)
{
  gsize length = strlen (text);

  if ((gsize) (plain->end - plain->p) < length || memcmp (plain->p, text, length) != 0)
    return FALSE;
  plain->p += length;
  return TRUE;
}

/* XML 1.0's Char production. */
static inline gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* "&…;" at @p (after the "&"): appends what it stands for to @out. */
static gboolean
plain_reference (const char **p,
                 const char  *end,
                 GString     *out)
{
  static const struct { const char *name; char c; } predefined[] = {
    { "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' }, { "quot;", '"' }, { "apos;", '\'' },
  };
  const char *q = *p;
  gunichar c = 0;
  guint digits = 0;

  if (q < end && *q == '#')
    {
      gboolean hex = q + 1 < end && q[1] == 'x';

      for (q += hex ? 2 : 1; q < end && *q != ';'; q++, digits++)
        {
          int v = hex ? g_ascii_xdigit_value (*q) : g_ascii_digit_value (*q);

          if (v < 0 || digits >= 8)
            return FALSE;
          c = c * (hex ? 16 : 10) + (gunichar) v;
        }
      if (q >= end || digits == 0 || !is_xml_char (c))
        return FALSE;
      g_string_append_unichar (out, c);
      *p = q + 1;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (predefined); i++)
    if ((gsize) (end - q) >= strlen (predefined[i].name) &&
        memcmp (q, predefined[i].name, strlen (predefined[i].name)) == 0)
      {
        g_string_append_c (out, predefined[i].c);
        *p = q + strlen (predefined[i].name);
        return TRUE;
      }
  return FALSE;
}

/* A quoted attribute value. Without references it stays in the input
 * (*@out_start, *@out_len), otherwise it is decoded at the end of
 * @scratch (*@out_start NULL, *@out_offset). FALSE for "<", a literal tab
 * or line break (libxml2 would turn them into spaces: left to it) or a
 * reference that is not one of the five or a character. */
static gboolean
plain_value (Plain       *plain,
             const char **out_start,
             gsize       *out_offset,
             gsize       *out_len)
{
  const char *p = plain->p;
  const char *start;
  char quote;
  gboolean references = FALSE;

  if (p >= plain->end || (*p != '"' && *p != '\''))
    return FALSE;
  quote = *p++;
  start = p;
  for (;;)
    {
      while (p < plain->end && (plain_class[(guchar) *p] & 4) == 0)
        p++;
      if (p >= plain->end || *p == quote)
        break;
      if (*p == '<' || *p == '\t' || *p == '\n' || *p == '\r')
        return FALSE;
      if (*p == '&')
        references = TRUE;
      p++;   /* the other quote */
    }
  /* libxml2 has limits for very long values: its to apply. */
  if (p >= plain->end || p - start > PLAIN_MAX_RUN)
    return FALSE;
  plain->p = p + 1;

  if (!references)
    {
      *out_start = start;
      *out_len = (gsize) (p - start);
      return TRUE;
    }

  *out_start = NULL;
  *out_offset = plain->scratch->len;
  for (const char *q = start; q < p; )
    {
      if (*q != '&')
        {
          const char *amp = memchr (q, '&', (gsize) (p - q));
          const char *run_end = amp != NULL ? amp : p;

          g_string_append_len (plain->scratch, q, run_end - q);
          q = run_end;
          continue;
        }
      q++;
      if (!plain_reference (&q, p, plain->scratch))
        return FALSE;
    }
  *out_len = plain->scratch->len - *out_offset;
  return TRUE;
}

/* The namespace @prefix (length 0: the default one) stands for, or NULL. */
static const char *
plain_resolve (Plain      *plain,
               const char *prefix,
               gsize       prefix_len)
{
  for (guint i = plain->n_ns; i > 0; i--)
    {
      PlainNamespace *ns = &plain->ns[i - 1];

      if (ns->prefix_len == prefix_len && (prefix_len == 0 || memcmp (ns->prefix, prefix, prefix_len) == 0))
        return plain->uris->str + ns->uri;
    }
  return NULL;
}

/* "<!--…-->" at @p, with no "--" inside. */
static gboolean
plain_comment (Plain *plain)
{
  const char *close;

  if (!plain_literal (plain, "<!--"))
    return FALSE;
  close = _cf_dec_xml_find_text (plain->p, plain->end, "--");
  if (close == NULL || close + 2 >= plain->end || close[2] != '>' || close - plain->p > PLAIN_MAX_RUN)
    return FALSE;
  plain->p = close + 3;
  return TRUE;
}

typedef struct
{
  const char *name;     /* the QName in the input */
  gsize       name_len;
  const char *value;    /* in the input, or NULL: in the scratch at @offset */
  gsize       offset;
  gsize       value_len;
} PlainAttribute;

/* A start tag at "<", through ">" or "/>", handed to sax_start() (and
 * sax_end() for "/>"). */
static gboolean
plain_start_tag (Plain    *plain,
                 SaxState *state)
{
  PlainAttribute attrs[PLAIN_MAX_ATTRIBUTES];
  const xmlChar *pointers[PLAIN_MAX_ATTRIBUTES * 5];
  gsize name_offsets[PLAIN_MAX_ATTRIBUTES];
  const char *qname;
  gsize prefix_len, qname_len, local_offset;
  guint n_attrs = 0;
  guint n_ns_before = plain->n_ns;
  const char *uri;
  gboolean empty;

  if (plain->depth >= PLAIN_MAX_DEPTH)
    return FALSE;
  plain->p++;   /* "<" */
  if (!plain_qname (plain, &qname, &prefix_len, &qname_len))
    return FALSE;
  g_string_truncate (plain->scratch, 0);

  for (;;)
    {
      gboolean blank = plain_skip_blanks (plain);
      PlainAttribute *a;
      gsize a_prefix_len;

      if (plain->p >= plain->end)
        return FALSE;
      if (*plain->p == '>' || *plain->p == '/')
        break;
      /* Attributes are separated by blanks. */
      if (!blank || n_attrs >= PLAIN_MAX_ATTRIBUTES)
        return FALSE;

      a = &attrs[n_attrs];
      if (!plain_qname (plain, &a->name, &a_prefix_len, &a->name_len))
        return FALSE;
      plain_skip_blanks (plain);
      if (!plain_literal (plain, "="))
        return FALSE;
      plain_skip_blanks (plain);
      if (!plain_value (plain, &a->value, &a->offset, &a->value_len))
        return FALSE;

      /* Duplicates are libxml2's to report. */
      for (guint i = 0; i < n_attrs; i++)
        if (attrs[i].name_len == a->name_len && memcmp (attrs[i].name, a->name, a->name_len) == 0)
          return FALSE;

      if ((a_prefix_len == 0 && a->name_len == 5 && memcmp (a->name, "xmlns", 5) == 0) ||
          (a_prefix_len == 5 && memcmp (a->name, "xmlns", 5) == 0))
        {
          PlainNamespace *ns;
          const char *value = a->value != NULL ? a->value : plain->scratch->str + a->offset;
          const char *declared = a_prefix_len == 0 ? NULL : a->name + 6;
          gsize declared_len = a_prefix_len == 0 ? 0 : a->name_len - 6;

          /* Undeclaring, reserved prefixes, too many, references (libxml2
           * 2.9 hands URIs over with "&" as "&#38;"): libxml2's. */
          if (a->value_len == 0 || a->value == NULL || plain->n_ns >= PLAIN_MAX_NAMESPACES ||
              (declared_len >= 3 && g_ascii_strncasecmp (declared, "xml", 3) == 0))
            return FALSE;
          /* The same prefix declared twice in one tag. */
          for (guint i = n_ns_before; i < plain->n_ns; i++)
            if (plain->ns[i].prefix_len == declared_len &&
                (declared_len == 0 || memcmp (plain->ns[i].prefix, declared, declared_len) == 0))
              return FALSE;
          ns = &plain->ns[plain->n_ns++];
          ns->prefix = declared;
          ns->prefix_len = declared_len;
          ns->depth = plain->depth + 1;
          ns->uri = plain->uris->len;
          g_string_append_len (plain->uris, value, a->value_len);
          g_string_append_c (plain->uris, '\0');
          continue;
        }
      /* A namespaced attribute (xsi:…, xml:…): libxml2's. */
      if (a_prefix_len != 0)
        return FALSE;
      n_attrs++;
    }

  empty = *plain->p == '/';
  if (!plain_literal (plain, empty ? "/>" : ">"))
    return FALSE;

  /* "xml" and "xmlns" as element prefixes, and unbound ones: libxml2's. */
  if (prefix_len != 0 &&
      ((prefix_len == 3 && memcmp (qname, "xml", 3) == 0) || (prefix_len == 5 && memcmp (qname, "xmlns", 5) == 0)))
    return FALSE;
  uri = plain_resolve (plain, qname, prefix_len);
  if (prefix_len != 0 && uri == NULL)
    return FALSE;

  /* Terminated names for the handlers, then the pointers (the scratch
   * may move while it grows). */
  local_offset = plain->scratch->len;
  g_string_append_len (plain->scratch, qname + (prefix_len ? prefix_len + 1 : 0),
                       qname_len - (prefix_len ? prefix_len + 1 : 0));
  g_string_append_c (plain->scratch, '\0');
  for (guint i = 0; i < n_attrs; i++)
    {
      name_offsets[i] = plain->scratch->len;
      g_string_append_len (plain->scratch, attrs[i].name, attrs[i].name_len);
      g_string_append_c (plain->scratch, '\0');
    }
  for (guint i = 0; i < n_attrs; i++)
    {
      const char *value = attrs[i].value != NULL ? attrs[i].value : plain->scratch->str + attrs[i].offset;

      pointers[i * 5] = (const xmlChar *) plain->scratch->str + name_offsets[i];
      pointers[i * 5 + 1] = NULL;
      pointers[i * 5 + 2] = NULL;
      pointers[i * 5 + 3] = (const xmlChar *) value;
      pointers[i * 5 + 4] = (const xmlChar *) value + attrs[i].value_len;
    }

  plain->depth++;
  plain->open[plain->depth - 1].qname = qname;
  plain->open[plain->depth - 1].len = qname_len;
  _cf_dec_xml_sax_start (state, (const xmlChar *) plain->scratch->str + local_offset, (const xmlChar *) uri,
                         (int) n_attrs, 0, pointers);

  if (empty)
    {
      _cf_dec_xml_sax_end (state);
      plain->depth--;
      plain->n_ns = n_ns_before;
    }
  return TRUE;
}

/* "</name>" closing the innermost element. */
static gboolean
plain_end_tag (Plain    *plain,
               SaxState *state)
{
  const char *qname;
  gsize prefix_len, qname_len;

  plain->p += 2;   /* "</" */
  if (plain->depth == 0 || !plain_qname (plain, &qname, &prefix_len, &qname_len) ||
      qname_len != plain->open[plain->depth - 1].len ||
      memcmp (qname, plain->open[plain->depth - 1].qname, qname_len) != 0)
    return FALSE;
  plain_skip_blanks (plain);
  if (!plain_literal (plain, ">"))
    return FALSE;

  _cf_dec_xml_sax_end (state);
  plain->depth--;
  while (plain->n_ns > 0 && plain->ns[plain->n_ns - 1].depth > plain->depth)
    plain->n_ns--;
  return TRUE;
}

/* The XML declaration, exactly: version 1.0, UTF-8 if an encoding is named. */
static gboolean
plain_declaration (Plain *plain)
{
  const char *p;
  char quote;

  if (!plain_literal (plain, "<?xml") || !plain_skip_blanks (plain) ||
      !plain_literal (plain, "version"))
    return FALSE;
  plain_skip_blanks (plain);
  if (!plain_literal (plain, "="))
    return FALSE;
  plain_skip_blanks (plain);
  if (!plain_literal (plain, "\"1.0\"") && !plain_literal (plain, "'1.0'"))
    return FALSE;

  p = plain->p;
  if (plain_skip_blanks (plain) && plain_literal (plain, "encoding"))
    {
      plain_skip_blanks (plain);
      if (!plain_literal (plain, "="))
        return FALSE;
      plain_skip_blanks (plain);
      if (plain->p >= plain->end || (*plain->p != '"' && *plain->p != '\''))
        return FALSE;
      quote = *plain->p++;
      if ((gsize) (plain->end - plain->p) < 6 || g_ascii_strncasecmp (plain->p, "UTF-8", 5) != 0 ||
          plain->p[5] != quote)
        return FALSE;
      plain->p += 6;
      p = plain->p;
    }
  else
    plain->p = p;

  if (plain_skip_blanks (plain) && plain_literal (plain, "standalone"))
    {
      plain_skip_blanks (plain);
      if (!plain_literal (plain, "="))
        return FALSE;
      plain_skip_blanks (plain);
      if (!plain_literal (plain, "\"yes\"") && !plain_literal (plain, "'yes'") &&
          !plain_literal (plain, "\"no\"") && !plain_literal (plain, "'no'"))
        return FALSE;
    }
  else
    plain->p = p;

  plain_skip_blanks (plain);
  return plain_literal (plain, "?>");
}

/* Valid UTF-8 made of XML characters only. Eight bytes at a time while
 * they are ASCII and not control characters, the usual case. */
static gboolean
plain_text_is_xml (const char *data,
                   gsize       length)
{
  const guchar *p = (const guchar *) data;
  const guchar *end = p + length;

  while (p < end)
    {
      if (end - p >= 8)
        {
          guint64 w;

          memcpy (&w, p, 8);
          /* No byte >= 0x80 and none < 0x20. */
          if (((w | ((w - G_GUINT64_CONSTANT (0x2020202020202020)) & ~w)) & G_GUINT64_CONSTANT (0x8080808080808080)) == 0)
            {
              p += 8;
              continue;
            }
        }

      if (*p < 0x80)
        {
          if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return FALSE;
          p++;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated ((const char *) p, end - p);

          /* Not UTF-8, a surrogate, U+FFFE or U+FFFF, or past U+10FFFF. */
          if (c == (gunichar) -1 || c == (gunichar) -2 || !is_xml_char (c))
            return FALSE;
          p = (const guchar *) g_utf8_next_char (p);
        }
    }
  return TRUE;
}

/* The whole document through the handlers; FALSE as soon as it steps out
 * of the plain subset (the state is then to be thrown away). */
static gboolean
plain_scan (Plain      *plain,
            SaxState   *state,
            const char *data,
            gsize       length)
{
  gboolean root_done = FALSE;

  plain->p = data;
  plain->end = data + length;
  plain->n_ns = 0;
  plain->depth = 0;
  g_string_truncate (plain->uris, 0);

  if (length > CF_DEC_XML_MAX_SIZE || !plain_text_is_xml (data, length))
    return FALSE;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    plain->p += 3;
  if ((gsize) (plain->end - plain->p) >= 6 && memcmp (plain->p, "<?xml", 5) == 0 && is_xml_blank (plain->p[5]) &&
      !plain_declaration (plain))
    return FALSE;

  while (plain->p < plain->end)
    {
      const char *text = plain->p;

      if (*plain->p != '<')
        {
          /* Only blanks between elements, and outside the root. */
          while (plain->p < plain->end && is_xml_blank (*plain->p))
            plain->p++;
          if ((plain->p < plain->end && *plain->p != '<') || plain->p - text > PLAIN_MAX_RUN)
            return FALSE;
          if (plain->depth > 0)
            _cf_dec_xml_sax_characters (state, (const xmlChar *) text, (gsize) (plain->p - text));
          continue;
        }

      if ((gsize) (plain->end - plain->p) >= 4 && memcmp (plain->p, "<!--", 4) == 0)
        {
          if (!plain_comment (plain))
            return FALSE;
        }
      else if ((gsize) (plain->end - plain->p) >= 2 && plain->p[1] == '/')
        {
          if (!plain_end_tag (plain, state))
            return FALSE;
          root_done = plain->depth == 0;
        }
      else if (root_done || ((gsize) (plain->end - plain->p) >= 2 && (plain->p[1] == '!' || plain->p[1] == '?')))
        return FALSE;   /* a second root, a PI, CDATA, a DOCTYPE */
      else
        {
          if (!plain_start_tag (plain, state))
            return FALSE;
          root_done = plain->depth == 0;
        }
    }

  return root_done;
}

/* ------------------------------------------------------------------ */
/* The reader: the plain scanner first, libxml2 otherwise              */
/* ------------------------------------------------------------------ */

struct _CfDecXmlReader
{
  xmlParserCtxtPtr ctxt;    /* kept after a clean parse, or NULL */
  Plain            plain;
  gboolean         use_plain;
};

CfDecXmlReader *
_cf_dec_xml_reader_new (void)
{
  CfDecXmlReader *reader = g_new0 (CfDecXmlReader, 1);

  reader->plain.scratch = g_string_sized_new (1024);
  reader->plain.uris = g_string_sized_new (256);
  reader->use_plain = TRUE;
  return reader;
}

void
_cf_dec_xml_reader_free (CfDecXmlReader *reader)
{
  if (reader == NULL)
    return;
  g_clear_pointer (&reader->ctxt, xmlFreeParserCtxt);
  g_string_free (reader->plain.scratch, TRUE);
  g_string_free (reader->plain.uris, TRUE);
  g_free (reader);
}

void
_cf_dec_xml_reader_set_plain_scanner (CfDecXmlReader *reader,
                                      gboolean        use)
{
  g_return_if_fail (reader != NULL);
  reader->use_plain = use;
}

static void
sax_state_init (SaxState *state)
{
  memset (state, 0, sizeof *state);
  state->dec = g_object_new (CF_TYPE_DEC, NULL);
  state->current = -1;
  state->outer = -1;
  state->conforms = TRUE;
}

static void
sax_state_clear (SaxState *state)
{
  g_clear_object (&state->dec);
  g_clear_pointer (&state->root_name, g_free);
  g_clear_pointer (&state->root_ns, g_free);
  g_clear_pointer (&state->version, g_free);
}

/* The model of a well-formed document, or the error that says why it is
 * not a Dec: the checks of parse + read_doc after parsing, in their order. */
static CfDec *
sax_result (SaxState    *state,
            const char  *path,
            gboolean    *out_conforms,
            GError     **error)
{
  g_autofree char *name = NULL;

  if (!state->root_seen)
    {
      name = _cf_dec_xml_quoted_name (path);
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("%s has no XML content."), name ? name : _("The document"));
    }
  else if (!state->root_ok)
    {
      name = _cf_dec_xml_quoted_name (path);
      _cf_dec_xml_check_root_name (state->root_name, state->root_ns, name, error);
    }
  else if (cf_dec_version_from_string (state->version) == CF_DEC_VERSION_UNKNOWN)
    _cf_dec_xml_set_version_error (state->version, error);
  else
    {
      if (out_conforms != NULL)
        *out_conforms = state->conforms;
      return g_steal_pointer (&state->dec);
    }
  return NULL;
}

/* @reader may be NULL: a context for this read only, libxml2 only. */
static CfDec *
read_sax (CfDecXmlReader  *reader,
          const char      *data,
          gsize            length,
          const char      *path,
          gboolean        *out_conforms,
          GError         **error)
{
  g_autofree char *name = NULL;
  SaxState state;
  xmlParserCtxtPtr ctxt;
  xmlParserInputBufferPtr buffer;
  xmlParserInputPtr input = NULL;
  CfDec *result = NULL;
  gboolean reusable;

  _cf_dec_xml_ensure_libxml ();

  if (out_conforms != NULL)
    *out_conforms = FALSE;

  if (length == 0 || length > CF_DEC_XML_MAX_SIZE)
    {
      name = _cf_dec_xml_quoted_name (path);
      _cf_dec_xml_check_length (length, name ? name : _("The document"), error);
      return NULL;
    }

  /* The plain scanner first; anything it does not know, libxml2 reads
   * again from the start with a fresh state. */
  if (reader != NULL && reader->use_plain)
    {
      sax_state_init (&state);
      state.decoded = TRUE;
      if (plain_scan (&reader->plain, &state, data, length))
        {
          result = sax_result (&state, path, out_conforms, error);
          sax_state_clear (&state);
          return result;
        }
      sax_state_clear (&state);
    }

  ctxt = reader != NULL && reader->ctxt != NULL ? g_steal_pointer (&reader->ctxt) : _cf_dec_xml_new_sax_context ();
  if (ctxt != NULL)
    {
      xmlCtxtReset (ctxt);
      buffer = xmlParserInputBufferCreateMem (data, (int) length, XML_CHAR_ENCODING_NONE);
      input = buffer != NULL ? xmlNewIOInputStream (ctxt, buffer, XML_CHAR_ENCODING_NONE) : NULL;
      if (input == NULL && buffer != NULL)
        xmlFreeParserInputBuffer (buffer);
    }
  if (input == NULL)
    {
      g_clear_pointer (&ctxt, xmlFreeParserCtxt);
      name = _cf_dec_xml_quoted_name (path);
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("Not enough memory to read %s."), name ? name : _("The document"));
      return NULL;
    }
  inputPush (ctxt, input);
  xmlCtxtUseOptions (ctxt, PARSE_OPTIONS);

  sax_state_init (&state);
  ctxt->_private = &state;
  xmlParseDocument (ctxt);
  ctxt->_private = NULL;

  /* Parse errors first, then what parse + read_doc check. */
  if (state.parse.saw_entity || !ctxt->wellFormed)
    {
      name = _cf_dec_xml_quoted_name (path);
      _cf_dec_xml_set_parse_error (ctxt, &state.parse, name ? name : _("The document"), error);
    }
  else
    result = sax_result (&state, path, out_conforms, error);

  /* Kept for the next document only after a clean parse (xmlCtxtReset()
   * leaves the namespace stack of a parse that stopped half-way), and not
   * when the names of odd documents have filled its dictionary. */
  reusable = reader != NULL && ctxt->wellFormed && ctxt->nsWellFormed && ctxt->errNo == XML_ERR_OK &&
             !state.parse.saw_entity && ctxt->nsNr == 0 && xmlDictSize (ctxt->dict) < 1024;
  if (reusable)
    reader->ctxt = ctxt;
  else
    xmlFreeParserCtxt (ctxt);

  sax_state_clear (&state);
  return result;
}

CfDec *
_cf_dec_xml_reader_read (CfDecXmlReader  *reader,
                         const char      *data,
                         gsize            length,
                         const char      *path,
                         gboolean        *out_conforms,
                         GError         **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_sax (reader, data ? data : "", length, path, out_conforms, error);
}

CfDec *
cf_dec_xml_read_data (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_sax (NULL, data ? data : "", length, NULL, NULL, error);
}

CfDec *
cf_dec_xml_read_bytes (GBytes  *bytes,
                       GError **error)
{
  gsize length;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  return cf_dec_xml_read_data (data ? data : "", length, error);
}

CfDec *
cf_dec_xml_read_file (const char  *path,
                      GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = _cf_dec_xml_read_limited (path, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  return read_sax (NULL, data ? data : "", length, path, NULL, error);
}
