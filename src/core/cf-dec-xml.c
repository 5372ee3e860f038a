/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlversion.h>
#include <libxml/xmlsave.h>

#include "cf-dec-xml.h"
#include "cf-dec-private.h"

G_DEFINE_QUARK (cf-dec-xml-error-quark, cf_dec_xml_error)

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

/* Without entity substitution, libxml2 2.9 hands SAX an attribute's "&"
 * (from &amp; or &#38;) as the five characters "&#38;", every other
 * reference decoded; newer versions may decode it. Probed once. */
static gboolean sax_amp_encoded;

static void
on_probe_start (void           *ctx,
                const xmlChar  *local_name,
                const xmlChar  *prefix,
                const xmlChar  *uri,
                int             n_namespaces,
                const xmlChar **namespaces,
                int             n_attributes,
                int             n_defaulted,
                const xmlChar **attributes)
{
  if (n_attributes == 1)
    sax_amp_encoded = (attributes[4] - attributes[3] == 5 &&
                       memcmp (attributes[3], "&#38;", 5) == 0);
}

static void
ensure_libxml (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      static const char probe[] = "<a b=\"&amp;\"/>";
      xmlSAXHandler sax = { 0 };
      xmlParserCtxtPtr ctxt;

      xmlInitParser ();

      sax.initialized = XML_SAX2_MAGIC;
      sax.startElementNs = on_probe_start;
      ctxt = xmlCreateMemoryParserCtxt (probe, sizeof probe - 1);
      if (ctxt != NULL)
        {
          xmlFree (ctxt->sax);
          ctxt->sax = xmlMalloc (sizeof sax);
          memcpy (ctxt->sax, &sax, sizeof sax);
          xmlCtxtUseOptions (ctxt, PARSE_OPTIONS);
          xmlParseDocument (ctxt);
          xmlFreeParserCtxt (ctxt);
        }
      g_once_init_leave (&initialized, 1);
    }
}

/* A Dec never declares entities; a document that does is either broken or an
 * attack (billion laughs, external entities), so the parse stops right there,
 * before any expansion can happen. */
static void
on_entity_decl (void          *ctx,
                const xmlChar *name,
                int            type,
                const xmlChar *public_id,
                const xmlChar *system_id,
                xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *state = ctxt->_private;

  state->saw_entity = TRUE;
  xmlStopParser (ctxt);
}

/* The root must be Dec in SEP's namespace. */
static gboolean
check_root_name (const char  *local_name,
                 const char  *ns_href,
                 const char  *name,
                 GError     **error)
{
  const char *display = name ? name : _("The document");

  if (strcmp (local_name, "Dec") != 0)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_NOT_A_DEC,
                   _("%s is not a SEP certificate (Dec): its main element is “%s”."),
                   display, local_name);
      return FALSE;
    }

  if (ns_href == NULL || strcmp (ns_href, CF_DEC_NAMESPACE) != 0)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_NOT_A_DEC,
                   _("%s is not a SEP certificate: its namespace is “%s” instead of “%s”."),
                   display, ns_href ? ns_href : "", CF_DEC_NAMESPACE);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_root (xmlDoc      *doc,
            const char  *name,
            GError     **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  if (root == NULL)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("%s has no XML content."), name ? name : _("The document"));
      return FALSE;
    }
  return check_root_name ((const char *) root->name,
                          root->ns ? (const char *) root->ns->href : NULL,
                          name, error);
}

/* Size limits, before any parsing. */
static gboolean
check_length (gsize        length,
              const char  *display,
              GError     **error)
{
  if (length > CF_DEC_XML_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (CF_DEC_XML_MAX_SIZE);

      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE,
                   _("%s is too large to be a certificate (%s; the limit is %s)."),
                   display, size, limit);
      return FALSE;
    }
  if (length == 0)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("%s is empty."), display);
      return FALSE;
    }
  return TRUE;
}

/* After a parse: entities refused, or not well-formed. FALSE when neither. */
static gboolean
set_parse_error (xmlParserCtxtPtr   ctxt,
                 const ParseState  *state,
                 const char        *display,
                 GError           **error)
{
  if (state->saw_entity)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_ENTITIES,
                   _("%s declares XML entities, which a certificate never has; it was not read."),
                   display);
      return TRUE;
    }
  if (!ctxt->wellFormed)
    {
      const xmlError *xerr = xmlCtxtGetLastError (ctxt);
      g_autofree char *detail = NULL;

      if (xerr && xerr->message)
        detail = g_strchomp (g_strdup (xerr->message));
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("%s is not valid XML (line %d: %s)."),
                   display, xerr ? xerr->line : 0,
                   detail ? detail : _("unknown error"));
      return TRUE;
    }
  return FALSE;
}

xmlDoc *
cf_dec_xml_parse_data (const char  *data,
                       gsize        length,
                       const char  *name,
                       GError     **error)
{
  xmlParserCtxtPtr ctxt;
  ParseState state = { 0 };
  xmlDoc *doc;
  const char *display = name ? name : _("The document");

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_libxml ();

  if (!check_length (length, display, error))
    return NULL;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("Not enough memory to read %s."), display);
      return NULL;
    }
  ctxt->sax->entityDecl = on_entity_decl;
  ctxt->_private = &state;

  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL, PARSE_OPTIONS);

  if (set_parse_error (ctxt, &state, display, error))
    g_clear_pointer (&doc, xmlFreeDoc);
  else if (doc == NULL)
    g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                 _("Not enough memory to read %s."), display);

  ctxt->_private = NULL;
  xmlFreeParserCtxt (ctxt);

  if (doc != NULL && !check_root (doc, name, error))
    g_clear_pointer (&doc, xmlFreeDoc);

  return doc;
}

static GBytes *
read_limited (const char  *path,
              GError     **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  char *contents = NULL;
  gsize length = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO,
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO,
                   _("“%s” is a folder, not a file."), display);
      return NULL;
    }
  /* Refuse before reading a byte: a 50 MB file must not cost 50 MB. */
  if (st.st_size > CF_DEC_XML_MAX_SIZE)
    {
      g_autofree char *size = g_format_size ((guint64) st.st_size);
      g_autofree char *limit = g_format_size (CF_DEC_XML_MAX_SIZE);

      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE,
                   _("“%s” is too large to be a certificate (%s; the limit is %s)."),
                   display, size, limit);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO,
                   _("Cannot read “%s”: %s"), display, local_error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, length);
}

xmlDoc *
cf_dec_xml_parse_file (const char  *path,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = NULL;
  g_autofree char *quoted = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = read_limited (path, error);
  if (bytes == NULL)
    return NULL;

  display = g_filename_display_basename (path);
  quoted = g_strdup_printf ("“%s”", display);
  data = g_bytes_get_data (bytes, &length);
  return cf_dec_xml_parse_data (data ? data : "", length, quoted, error);
}

/* ------------------------------------------------------------------ */
/* Reading the model                                                   */
/* ------------------------------------------------------------------ */

static gboolean
is_dec_element (xmlNode    *node,
                const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL && node->ns->href != NULL &&
         strcmp ((const char *) node->ns->href, CF_DEC_NAMESPACE) == 0 &&
         (name == NULL || strcmp ((const char *) node->name, name) == 0);
}

static xmlNode *
first_child (xmlNode    *parent,
             const char *name)
{
  for (xmlNode *n = parent ? parent->children : NULL; n != NULL; n = n->next)
    if (is_dec_element (n, name))
      return n;
  return NULL;
}

static char *
attribute_value (xmlAttr *attr)
{
  xmlChar *value = xmlNodeListGetString (attr->doc, attr->children, 1);
  char *result = g_strdup (value ? (const char *) value : "");

  xmlFree (value);
  return result;
}

static void
set_version_error (const char  *version,
                   GError     **error)
{
  if (version == NULL)
    g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_UNSUPPORTED_VERSION,
                 _("The certificate has no version; Certifica reads versions 2.0 and 3.0."));
  else
    g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_UNSUPPORTED_VERSION,
                 _("The certificate is version “%s”; Certifica reads versions 2.0 and 3.0."),
                 version);
}

static void
read_element (CfDec        *dec,
              xmlNode      *node,
              CfDecElement  element)
{
  if (node == NULL)
    return;

  /* Only attributes in no namespace are the Dec's: "dec:curp" is not "curp",
   * for XPath (and so for the XSLT) either. */
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      CfDecField field;
      g_autofree char *value = NULL;

      if (attr->ns != NULL)
        continue;
      if (!cf_dec_field_lookup (element, (const char *) attr->name, &field))
        continue;

      value = attribute_value (attr);
      if (cf_dec_field_is_sep (field))
        _cf_dec_set_sep_field (dec, field, value);
      else
        cf_dec_set (dec, field, value);
    }
}

CfDec *
cf_dec_xml_read_doc (xmlDoc  *doc,
                     GError **error)
{
  g_autoptr(CfDec) dec = NULL;
  xmlNode *root, *ipes, *asignaturas, *node;
  xmlAttr *version_attr;
  g_autofree char *version = NULL;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_root (doc, NULL, error))
    return NULL;
  root = xmlDocGetRootElement (doc);

  version_attr = xmlHasNsProp (root, (const xmlChar *) "version", NULL);
  if (version_attr != NULL)
    version = attribute_value (version_attr);
  if (cf_dec_version_from_string (version) == CF_DEC_VERSION_UNKNOWN)
    {
      set_version_error (version, error);
      return NULL;
    }

  /* Not cf_dec_new(): an attribute the file lacks must stay absent. */
  dec = g_object_new (CF_TYPE_DEC, NULL);
  read_element (dec, root, CF_DEC_ELEMENT_DEC);

  read_element (dec, first_child (root, "ServicioFirmante"), CF_DEC_ELEMENT_SERVICIO_FIRMANTE);
  ipes = first_child (root, "Ipes");
  read_element (dec, ipes, CF_DEC_ELEMENT_IPES);
  read_element (dec, first_child (ipes, "Responsable"), CF_DEC_ELEMENT_RESPONSABLE);
  read_element (dec, first_child (root, "Rvoe"), CF_DEC_ELEMENT_RVOE);
  read_element (dec, first_child (root, "Carrera"), CF_DEC_ELEMENT_CARRERA);
  read_element (dec, first_child (root, "Alumno"), CF_DEC_ELEMENT_ALUMNO);
  read_element (dec, first_child (root, "Expedicion"), CF_DEC_ELEMENT_EXPEDICION);
  asignaturas = first_child (root, "Asignaturas");
  read_element (dec, asignaturas, CF_DEC_ELEMENT_ASIGNATURAS);

  for (node = asignaturas ? asignaturas->children : NULL; node != NULL; node = node->next)
    {
      g_autoptr(CfAsignatura) asignatura = NULL;

      if (!is_dec_element (node, "Asignatura"))
        continue;

      asignatura = cf_asignatura_new ();
      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        {
          CfAsignaturaField field;
          g_autofree char *value = NULL;

          if (attr->ns != NULL || !cf_asignatura_field_lookup ((const char *) attr->name, &field))
            continue;
          value = attribute_value (attr);
          cf_asignatura_set (asignatura, field, value);
        }
      cf_dec_append_asignatura (dec, asignatura);
    }

  node = first_child (root, "Dreoe");
  if (node != NULL)
    {
      _cf_dec_set_has_dreoe (dec, TRUE);
      read_element (dec, node, CF_DEC_ELEMENT_DREOE);
    }
  node = first_child (root, "SepIpes");
  if (node != NULL)
    {
      _cf_dec_set_has_sep_ipes (dec, TRUE);
      read_element (dec, node, CF_DEC_ELEMENT_SEP_IPES);
    }

  return g_steal_pointer (&dec);
}

/* The model straight from the bytes, without building a tree: three times
 * faster than parse + read_doc, and what sealing many files needs. Same
 * hardening, same errors, same choices (the first element of each name in
 * SEP's namespace, attributes in no namespace) as cf_dec_xml_read_doc(). */
typedef struct
{
  ParseState    parse;          /* first: on_entity_decl() reads it */
  CfDec        *dec;
  guint         depth;
  gboolean      root_seen;
  char         *root_name;
  char         *root_ns;
  gboolean      root_ok;
  char         *version;
  int           current;        /* the depth-2 element being read, or -1 */
  gboolean      seen[CF_DEC_N_ELEMENTS];
} SaxState;

static char *
sax_value (const xmlChar *start,
           const xmlChar *end)
{
  gsize length = (gsize) (end - start);
  const char *amp;
  GString *out;

  if (!sax_amp_encoded || (amp = memchr (start, '&', length)) == NULL)
    return g_strndup ((const char *) start, length);

  out = g_string_sized_new (length);
  for (const char *p = (const char *) start; p < (const char *) end; )
    {
      if (*p == '&' && (const char *) end - p >= 5 && memcmp (p, "&#38;", 5) == 0)
        {
          g_string_append_c (out, '&');
          p += 5;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static gboolean
sax_is_dec_ns (const xmlChar *uri)
{
  return uri != NULL && strcmp ((const char *) uri, CF_DEC_NAMESPACE) == 0;
}

static void
sax_read_attributes (SaxState       *state,
                     CfDecElement    element,
                     int             n_attributes,
                     const xmlChar **attributes)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + i * 5;
      CfDecField field;

      if (a[2] != NULL || !cf_dec_field_lookup (element, (const char *) a[0], &field))
        continue;
      _cf_dec_take_field (state->dec, field, sax_value (a[3], a[4]));
    }
}

static void
on_sax_start (void           *ctx,
              const xmlChar  *local_name,
              const xmlChar  *prefix,
              const xmlChar  *uri,
              int             n_namespaces,
              const xmlChar **namespaces,
              int             n_attributes,
              int             n_defaulted,
              const xmlChar **attributes)
{
  SaxState *state = ((xmlParserCtxtPtr) ctx)->_private;
  const char *name = (const char *) local_name;
  guint level = ++state->depth;
  CfDecElement element;

  if (level == 1)
    {
      state->root_seen = TRUE;
      state->root_name = g_strdup (name);
      state->root_ns = g_strdup ((const char *) uri);
      state->root_ok = strcmp (name, "Dec") == 0 && sax_is_dec_ns (uri);
      if (!state->root_ok)
        return;
      for (int i = 0; i < n_attributes; i++)
        if (attributes[i * 5 + 2] == NULL && strcmp ((const char *) attributes[i * 5], "version") == 0)
          state->version = sax_value (attributes[i * 5 + 3], attributes[i * 5 + 4]);
      sax_read_attributes (state, CF_DEC_ELEMENT_DEC, n_attributes, attributes);
      return;
    }

  if (!state->root_ok || !sax_is_dec_ns (uri) || !cf_dec_element_from_name (name, &element))
    {
      if (level == 2)
        state->current = -1;
      return;
    }

  if (level == 2)
    {
      state->current = -1;
      if (element == CF_DEC_ELEMENT_DEC || element == CF_DEC_ELEMENT_RESPONSABLE ||
          element == CF_DEC_ELEMENT_ASIGNATURA || state->seen[element])
        return;
      state->seen[element] = TRUE;
      state->current = (int) element;
      if (element == CF_DEC_ELEMENT_DREOE)
        _cf_dec_set_has_dreoe (state->dec, TRUE);
      else if (element == CF_DEC_ELEMENT_SEP_IPES)
        _cf_dec_set_has_sep_ipes (state->dec, TRUE);
      sax_read_attributes (state, element, n_attributes, attributes);
    }
  else if (level == 3)
    {
      if (state->current == CF_DEC_ELEMENT_IPES && element == CF_DEC_ELEMENT_RESPONSABLE &&
          !state->seen[CF_DEC_ELEMENT_RESPONSABLE])
        {
          state->seen[CF_DEC_ELEMENT_RESPONSABLE] = TRUE;
          sax_read_attributes (state, element, n_attributes, attributes);
        }
      else if (state->current == CF_DEC_ELEMENT_ASIGNATURAS && element == CF_DEC_ELEMENT_ASIGNATURA)
        {
          g_autoptr(CfAsignatura) asignatura = cf_asignatura_new ();

          for (int i = 0; i < n_attributes; i++)
            {
              const xmlChar **a = attributes + i * 5;
              CfAsignaturaField field;

              if (a[2] != NULL || !cf_asignatura_field_lookup ((const char *) a[0], &field))
                continue;
              _cf_asignatura_take (asignatura, field, sax_value (a[3], a[4]));
            }
          cf_dec_append_asignatura (state->dec, asignatura);
        }
    }
}

static void
on_sax_end (void          *ctx,
            const xmlChar *local_name,
            const xmlChar *prefix,
            const xmlChar *uri)
{
  SaxState *state = ((xmlParserCtxtPtr) ctx)->_private;

  if (state->depth == 2)
    state->current = -1;
  state->depth--;
}

static CfDec *
read_sax (const char  *data,
          gsize        length,
          const char  *name,
          GError     **error)
{
  const char *display = name ? name : _("The document");
  SaxState state = { { 0 } };
  xmlSAXHandler sax = { 0 };
  xmlParserCtxtPtr ctxt;
  CfDec *result = NULL;

  ensure_libxml ();

  if (!check_length (length, display, error))
    return NULL;

  ctxt = xmlCreateMemoryParserCtxt (data, (int) length);
  if (ctxt == NULL)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("Not enough memory to read %s."), display);
      return NULL;
    }

  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_sax_start;
  sax.endElementNs = on_sax_end;
  sax.entityDecl = on_entity_decl;
  xmlFree (ctxt->sax);
  ctxt->sax = xmlMalloc (sizeof sax);
  memcpy (ctxt->sax, &sax, sizeof sax);
  xmlCtxtUseOptions (ctxt, PARSE_OPTIONS);

  state.dec = g_object_new (CF_TYPE_DEC, NULL);
  state.current = -1;
  ctxt->_private = &state;
  xmlParseDocument (ctxt);

  /* The same order of checks as parse + read_doc. */
  if (set_parse_error (ctxt, &state.parse, display, error))
    ;
  else if (!state.root_seen)
    g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                 _("%s has no XML content."), display);
  else if (!check_root_name (state.root_name, state.root_ns, name, error))
    ;
  else if (cf_dec_version_from_string (state.version) == CF_DEC_VERSION_UNKNOWN)
    set_version_error (state.version, error);
  else
    result = g_steal_pointer (&state.dec);

  ctxt->_private = NULL;
  xmlFreeParserCtxt (ctxt);
  g_clear_object (&state.dec);
  g_free (state.root_name);
  g_free (state.root_ns);
  g_free (state.version);
  return result;
}

CfDec *
cf_dec_xml_read_data (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_sax (data ? data : "", length, NULL, error);
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
  g_autofree char *display = NULL;
  g_autofree char *quoted = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = read_limited (path, error);
  if (bytes == NULL)
    return NULL;

  display = g_filename_display_basename (path);
  quoted = g_strdup_printf ("“%s”", display);
  data = g_bytes_get_data (bytes, &length);
  return read_sax (data ? data : "", length, quoted, error);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/* Valid UTF-8 made only of characters XML 1.0 allows. */
static gboolean
is_xml_text (const char *value)
{
  const char *p;

  if (!g_utf8_validate (value, -1, NULL))
    return FALSE;
  for (p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
          (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_writable_version (CfDec   *dec,
                        GError **error)
{
  const char *version = cf_dec_get (dec, CF_DEC_FIELD_VERSION);

  if (cf_dec_get_version (dec) == CF_DEC_VERSION_3_0)
    return TRUE;
  g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_UNSUPPORTED_VERSION,
               _("Only version 3.0 certificates can be written; this one is version “%s”."),
               version ? version : "");
  return FALSE;
}

static gboolean
write_fields (CfDec         *dec,
              xmlNode       *node,
              CfDecElement   element,
              GError       **error)
{
  for (guint i = 0; i < CF_DEC_N_FIELDS; i++)
    {
      const char *value;

      if (cf_dec_field_get_element (i) != element)
        continue;
      value = cf_dec_get (dec, i);
      if (value == NULL)
        continue;
      if (!is_xml_text (value))
        {
          g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_INVALID_VALUE,
                       _("The value of %s has characters that cannot go in a certificate."),
                       cf_dec_field_get_path (i));
          return FALSE;
        }
      xmlNewProp (node, (const xmlChar *) cf_dec_field_get_attribute (i), (const xmlChar *) value);
    }
  return TRUE;
}

static xmlNode *
new_child (xmlNode    *parent,
           xmlNs      *ns,
           const char *name)
{
  return xmlNewChild (parent, ns, (const xmlChar *) name, NULL);
}

xmlDoc *
cf_dec_xml_to_doc (CfDec   *dec,
                   GError **error)
{
  xmlDoc *doc;
  xmlNode *root, *ipes, *asignaturas;
  xmlNs *ns;
  GPtrArray *list;

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_libxml ();

  if (!check_writable_version (dec, error))
    return NULL;

  doc = xmlNewDoc ((const xmlChar *) "1.0");
  root = xmlNewDocNode (doc, NULL, (const xmlChar *) "Dec", NULL);
  xmlDocSetRootElement (doc, root);
  ns = xmlNewNs (root, (const xmlChar *) CF_DEC_NAMESPACE, NULL);
  xmlSetNs (root, ns);

  if (!write_fields (dec, root, CF_DEC_ELEMENT_DEC, error) ||
      !write_fields (dec, new_child (root, ns, "ServicioFirmante"), CF_DEC_ELEMENT_SERVICIO_FIRMANTE, error))
    goto fail;

  ipes = new_child (root, ns, "Ipes");
  if (!write_fields (dec, ipes, CF_DEC_ELEMENT_IPES, error) ||
      !write_fields (dec, new_child (ipes, ns, "Responsable"), CF_DEC_ELEMENT_RESPONSABLE, error) ||
      !write_fields (dec, new_child (root, ns, "Rvoe"), CF_DEC_ELEMENT_RVOE, error) ||
      !write_fields (dec, new_child (root, ns, "Carrera"), CF_DEC_ELEMENT_CARRERA, error) ||
      !write_fields (dec, new_child (root, ns, "Alumno"), CF_DEC_ELEMENT_ALUMNO, error) ||
      !write_fields (dec, new_child (root, ns, "Expedicion"), CF_DEC_ELEMENT_EXPEDICION, error))
    goto fail;

  asignaturas = new_child (root, ns, "Asignaturas");
  if (!write_fields (dec, asignaturas, CF_DEC_ELEMENT_ASIGNATURAS, error))
    goto fail;

  list = cf_dec_get_asignaturas (dec);
  for (guint i = 0; i < list->len; i++)
    {
      CfAsignatura *asignatura = g_ptr_array_index (list, i);
      xmlNode *node = new_child (asignaturas, ns, "Asignatura");

      for (guint f = 0; f < CF_ASIGNATURA_N_FIELDS; f++)
        {
          const char *value = cf_asignatura_get (asignatura, f);

          if (value == NULL)
            continue;
          if (!is_xml_text (value))
            {
              g_autofree char *path = cf_asignatura_field_dup_path (f, i);

              g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_INVALID_VALUE,
                           _("The value of %s has characters that cannot go in a certificate."),
                           path);
              goto fail;
            }
          xmlNewProp (node, (const xmlChar *) cf_asignatura_field_get_attribute (f),
                      (const xmlChar *) value);
        }
    }

  if (cf_dec_has_dreoe (dec) &&
      !write_fields (dec, new_child (root, ns, "Dreoe"), CF_DEC_ELEMENT_DREOE, error))
    goto fail;
  if (cf_dec_has_sep_ipes (dec) &&
      !write_fields (dec, new_child (root, ns, "SepIpes"), CF_DEC_ELEMENT_SEP_IPES, error))
    goto fail;

  return doc;

fail:
  xmlFreeDoc (doc);
  return NULL;
}

/* The writer builds the text directly: the same bytes libxml2 gives for
 * cf_dec_xml_to_doc() (a test holds them equal) at a fraction of the cost.
 * Escapes @value into @out in one pass that also checks it is valid UTF-8
 * made of characters XML allows; FALSE otherwise. */
static gboolean
append_escaped (GString    *out,
                const char *value)
{
  const char *run = value;
  const char *p = value;

  while (*p != '\0')
    {
      guchar c = (guchar) *p;
      const char *entity;
      gsize entity_len;

      if (c >= 0x80)
        {
          gunichar u = g_utf8_get_char_validated (p, -1);

          if (u == (gunichar) -1 || u == (gunichar) -2 ||
              (u >= 0xD800 && u <= 0xDFFF) || u == 0xFFFE || u == 0xFFFF)
            return FALSE;
          p = g_utf8_next_char (p);
          continue;
        }

      switch (c)
        {
        case '<': entity = "&lt;"; entity_len = 4; break;
        case '>': entity = "&gt;"; entity_len = 4; break;
        case '&': entity = "&amp;"; entity_len = 5; break;
        case '"': entity = "&quot;"; entity_len = 6; break;
        /* Blanks as references, or a reader would turn them into spaces. */
        case '\t': entity = "&#9;"; entity_len = 4; break;
        case '\n': entity = "&#10;"; entity_len = 5; break;
        case '\r': entity = "&#13;"; entity_len = 5; break;
        default:
          if (c < 0x20)
            return FALSE;
          p++;
          continue;
        }
      g_string_append_len (out, run, p - run);
      g_string_append_len (out, entity, entity_len);
      run = ++p;
    }
  g_string_append_len (out, run, p - run);
  return TRUE;
}

static gboolean
append_attribute (GString           *out,
                  const char        *name,
                  const char        *value,
                  const char        *path,          /* for the error, or NULL */
                  CfAsignaturaField  field,
                  guint              index,
                  GError           **error)
{
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append_len (out, "=\"", 2);
  if (!append_escaped (out, value))
    {
      g_autofree char *subject_path = path ? NULL : cf_asignatura_field_dup_path (field, index);

      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_INVALID_VALUE,
                   _("The value of %s has characters that cannot go in a certificate."),
                   path ? path : subject_path);
      return FALSE;
    }
  g_string_append_c (out, '"');
  return TRUE;
}

/* "<Name attr=…" without the closing. */
static gboolean
open_element (GString       *out,
              CfDec         *dec,
              CfDecElement   element,
              guint          indent,
              GError       **error)
{
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
  g_string_append_c (out, '<');
  g_string_append (out, cf_dec_element_get_name (element));
  if (element == CF_DEC_ELEMENT_DEC)
    g_string_append (out, " xmlns=\"" CF_DEC_NAMESPACE "\"");

  for (guint i = 0; i < CF_DEC_N_FIELDS; i++)
    {
      const char *value;

      if (cf_dec_field_get_element (i) != element || (value = cf_dec_get (dec, i)) == NULL)
        continue;
      if (!append_attribute (out, cf_dec_field_get_attribute (i), value,
                             cf_dec_field_get_path (i), 0, 0, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_leaf (GString       *out,
            CfDec         *dec,
            CfDecElement   element,
            guint          indent,
            GError       **error)
{
  if (!open_element (out, dec, element, indent, error))
    return FALSE;
  g_string_append (out, "/>\n");
  return TRUE;
}

GBytes *
cf_dec_xml_write_bytes (CfDec   *dec,
                        GError **error)
{
  g_autoptr(GString) out = NULL;
  GPtrArray *list;

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_writable_version (dec, error))
    return NULL;

  list = cf_dec_get_asignaturas (dec);
  /* About 280 bytes a subject. */
  out = g_string_sized_new (2048 + 320 * list->len);
  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  if (!open_element (out, dec, CF_DEC_ELEMENT_DEC, 0, error))
    return NULL;
  g_string_append (out, ">\n");

  if (!write_leaf (out, dec, CF_DEC_ELEMENT_SERVICIO_FIRMANTE, 1, error) ||
      !open_element (out, dec, CF_DEC_ELEMENT_IPES, 1, error))
    return NULL;
  g_string_append (out, ">\n");
  if (!write_leaf (out, dec, CF_DEC_ELEMENT_RESPONSABLE, 2, error))
    return NULL;
  g_string_append (out, "  </Ipes>\n");

  if (!write_leaf (out, dec, CF_DEC_ELEMENT_RVOE, 1, error) ||
      !write_leaf (out, dec, CF_DEC_ELEMENT_CARRERA, 1, error) ||
      !write_leaf (out, dec, CF_DEC_ELEMENT_ALUMNO, 1, error) ||
      !write_leaf (out, dec, CF_DEC_ELEMENT_EXPEDICION, 1, error) ||
      !open_element (out, dec, CF_DEC_ELEMENT_ASIGNATURAS, 1, error))
    return NULL;

  if (list->len == 0)
    g_string_append (out, "/>\n");
  else
    {
      g_string_append (out, ">\n");
      for (guint i = 0; i < list->len; i++)
        {
          CfAsignatura *asignatura = g_ptr_array_index (list, i);

          g_string_append (out, "    <Asignatura");
          for (guint f = 0; f < CF_ASIGNATURA_N_FIELDS; f++)
            {
              const char *value = cf_asignatura_get (asignatura, f);

              if (value != NULL &&
                  !append_attribute (out, cf_asignatura_field_get_attribute (f), value, NULL, f, i, error))
                return NULL;
            }
          g_string_append (out, "/>\n");
        }
      g_string_append (out, "  </Asignaturas>\n");
    }

  if ((cf_dec_has_dreoe (dec) && !write_leaf (out, dec, CF_DEC_ELEMENT_DREOE, 1, error)) ||
      (cf_dec_has_sep_ipes (dec) && !write_leaf (out, dec, CF_DEC_ELEMENT_SEP_IPES, 1, error)))
    return NULL;
  g_string_append (out, "</Dec>\n");

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

gboolean
cf_dec_xml_write_file (CfDec       *dec,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (CF_IS_DEC (dec), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = cf_dec_xml_write_bytes (dec, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  /* Temporary file + rename: never a half-written XML. */
  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO,
                   _("Cannot write “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
