/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
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
  entityDeclSAXFunc  entity_decl;   /* libxml2's own handler */
  gboolean           saw_entity;
} ParseState;

static void
ensure_libxml (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
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

static gboolean
check_root (xmlDoc      *doc,
            const char  *name,
            GError     **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  const char *display = name ? name : _("The document");

  if (root == NULL)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("%s has no XML content."), display);
      return FALSE;
    }

  if (strcmp ((const char *) root->name, "Dec") != 0)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_NOT_A_DEC,
                   _("%s is not a SEP certificate (Dec): its main element is “%s”."),
                   display, (const char *) root->name);
      return FALSE;
    }

  if (root->ns == NULL || root->ns->href == NULL ||
      strcmp ((const char *) root->ns->href, CF_DEC_NAMESPACE) != 0)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_NOT_A_DEC,
                   _("%s is not a SEP certificate: its namespace is “%s” instead of “%s”."),
                   display,
                   root->ns && root->ns->href ? (const char *) root->ns->href : "",
                   CF_DEC_NAMESPACE);
      return FALSE;
    }

  return TRUE;
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

  if (length > CF_DEC_XML_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (CF_DEC_XML_MAX_SIZE);

      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE,
                   _("%s is too large to be a certificate (%s; the limit is %s)."),
                   display, size, limit);
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("%s is empty."), display);
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("Not enough memory to read %s."), display);
      return NULL;
    }
  state.entity_decl = ctxt->sax->entityDecl;
  ctxt->sax->entityDecl = on_entity_decl;
  ctxt->_private = &state;

  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL, PARSE_OPTIONS);

  if (state.saw_entity)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_ENTITIES,
                   _("%s declares XML entities, which a certificate never has; it was not read."),
                   display);
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *xerr = xmlCtxtGetLastError (ctxt);
      g_autofree char *detail = NULL;

      if (xerr && xerr->message)
        detail = g_strchomp (g_strdup (xerr->message));
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("%s is not valid XML (line %d: %s)."),
                   display, xerr ? xerr->line : 0,
                   detail ? detail : _("unknown error"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }

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
      if (version == NULL)
        g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_UNSUPPORTED_VERSION,
                     _("The certificate has no version; Certifica reads versions 2.0 and 3.0."));
      else
        g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_UNSUPPORTED_VERSION,
                     _("The certificate is version “%s”; Certifica reads versions 2.0 and 3.0."),
                     version);
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

CfDec *
cf_dec_xml_read_data (const char  *data,
                      gsize        length,
                      GError     **error)
{
  xmlDoc *doc;
  CfDec *dec;

  doc = cf_dec_xml_parse_data (data, length, NULL, error);
  if (doc == NULL)
    return NULL;
  dec = cf_dec_xml_read_doc (doc, error);
  xmlFreeDoc (doc);
  return dec;
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
  xmlDoc *doc;
  CfDec *dec;

  g_return_val_if_fail (path != NULL, NULL);

  doc = cf_dec_xml_parse_file (path, error);
  if (doc == NULL)
    return NULL;
  dec = cf_dec_xml_read_doc (doc, error);
  xmlFreeDoc (doc);
  return dec;
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

  if (cf_dec_get_version (dec) != CF_DEC_VERSION_3_0)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_UNSUPPORTED_VERSION,
                   _("Only version 3.0 certificates can be written; this one is version “%s”."),
                   cf_dec_get (dec, CF_DEC_FIELD_VERSION) ? cf_dec_get (dec, CF_DEC_FIELD_VERSION) : "");
      return NULL;
    }

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

GBytes *
cf_dec_xml_write_bytes (CfDec   *dec,
                        GError **error)
{
  xmlDoc *doc;
  xmlChar *buffer = NULL;
  int length = 0;
  GBytes *bytes;

  doc = cf_dec_xml_to_doc (dec, error);
  if (doc == NULL)
    return NULL;

  xmlDocDumpFormatMemoryEnc (doc, &buffer, &length, "UTF-8", 1);
  xmlFreeDoc (doc);
  if (buffer == NULL || length <= 0)
    {
      xmlFree (buffer);
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO,
                   _("Not enough memory to write the certificate."));
      return NULL;
    }

  bytes = g_bytes_new (buffer, (gsize) length);
  xmlFree (buffer);
  return bytes;
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
