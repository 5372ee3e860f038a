/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-xml-load.c: the hardened load (no entities, no network, size
 * limits before a byte is parsed), the tree, and the model read from it. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "cf-dec-xml.h"
#include "cf-dec-xml-private.h"
#include "cf-dec-private.h"

G_DEFINE_QUARK (cf-dec-xml-error-quark, cf_dec_xml_error)

void
_cf_dec_xml_ensure_libxml (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      static const char probe[] = "<a b=\"&amp;\"/>";
      xmlSAXHandler sax = { 0 };
      xmlParserCtxtPtr ctxt;

      xmlInitParser ();
      _cf_dec_xml_init_field_tables ();

      sax.initialized = XML_SAX2_MAGIC;
      sax.startElementNs = _cf_dec_xml_on_probe_start;
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
void
_cf_dec_xml_on_entity_decl (void          *ctx,
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
gboolean
_cf_dec_xml_check_root_name (const char  *local_name,
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
  return _cf_dec_xml_check_root_name ((const char *) root->name,
                                      root->ns ? (const char *) root->ns->href : NULL,
                                      name, error);
}

/* Size limits, before any parsing. */
gboolean
_cf_dec_xml_check_length (gsize        length,
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
gboolean
_cf_dec_xml_set_parse_error (xmlParserCtxtPtr   ctxt,
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

  _cf_dec_xml_ensure_libxml ();

  if (!_cf_dec_xml_check_length (length, display, error))
    return NULL;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED,
                   _("Not enough memory to read %s."), display);
      return NULL;
    }
  ctxt->sax->entityDecl = _cf_dec_xml_on_entity_decl;
  ctxt->_private = &state;

  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL, PARSE_OPTIONS);

  if (_cf_dec_xml_set_parse_error (ctxt, &state, display, error))
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

/* Reads @path whole into @buffer: open, fstat, read, close and nothing
 * else (a batch reads thousands of files). The size is checked before a
 * byte is read: a 50 MB file must not cost 50 MB. */
static gboolean
load_file (const char  *path,
           GByteArray  *buffer,
           GError     **error)
{
  g_autofree char *display = NULL;
  struct stat st;
  gsize used = 0;
  int saved = 0;
  int fd;

  g_byte_array_set_size (buffer, 0);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      display = g_filename_display_basename (path);
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO,
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      display = g_filename_display_basename (path);
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO,
                   _("“%s” is a folder, not a file."), display);
      return FALSE;
    }
  if (st.st_size > CF_DEC_XML_MAX_SIZE)
    {
      g_autofree char *size = g_format_size ((guint64) st.st_size);
      g_autofree char *limit = g_format_size (CF_DEC_XML_MAX_SIZE);

      close (fd);
      display = g_filename_display_basename (path);
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE,
                   _("“%s” is too large to be a certificate (%s; the limit is %s)."),
                   display, size, limit);
      return FALSE;
    }

  /* A regular file is read to its size; a pipe or a device until its end,
   * or until it is over the limit. */
  g_byte_array_set_size (buffer, S_ISREG (st.st_mode) ? MAX ((gsize) st.st_size, 1) : 64 * 1024);
  for (;;)
    {
      gssize n;

      if (used == buffer->len)
        {
          if (S_ISREG (st.st_mode) || used > CF_DEC_XML_MAX_SIZE)
            break;
          g_byte_array_set_size (buffer, MIN (used * 2, (gsize) CF_DEC_XML_MAX_SIZE + 1));
        }
      n = read (fd, buffer->data + used, buffer->len - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved = errno;
          break;
        }
      if (n == 0)
        break;
      used += (gsize) n;
    }
  close (fd);
  g_byte_array_set_size (buffer, used);

  if (saved != 0)
    {
      display = g_filename_display_basename (path);
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_IO,
                   _("Cannot read “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (used > CF_DEC_XML_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (used);
      g_autofree char *limit = g_format_size (CF_DEC_XML_MAX_SIZE);

      g_byte_array_set_size (buffer, 0);
      display = g_filename_display_basename (path);
      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE,
                   _("“%s” is too large to be a certificate (%s; the limit is %s)."),
                   display, size, limit);
      return FALSE;
    }
  return TRUE;
}

gboolean
_cf_dec_xml_load_file (const char  *path,
                       GByteArray  *buffer,
                       GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (buffer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return load_file (path, buffer, error);
}

GBytes *
_cf_dec_xml_read_limited (const char  *path,
                          GError     **error)
{
  GByteArray *buffer = g_byte_array_new ();

  if (!load_file (path, buffer, error))
    {
      g_byte_array_unref (buffer);
      return NULL;
    }
  return g_byte_array_free_to_bytes (buffer);
}

/* “name.xml” for messages, or NULL (“The document”). */
char *
_cf_dec_xml_quoted_name (const char *path)
{
  g_autofree char *display = NULL;

  if (path == NULL)
    return NULL;
  display = g_filename_display_basename (path);
  return g_strdup_printf ("“%s”", display);
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

  bytes = _cf_dec_xml_read_limited (path, error);
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

void
_cf_dec_xml_set_version_error (const char  *version,
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
      _cf_dec_xml_set_version_error (version, error);
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
