/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libxml/xmlschemas.h>

#include "cf-dec.h"
#include "cf-dec-schema.h"
#include "cf-dec-xml.h"
#include "cf-finding.h"

#define XSD_RESOURCE "/io/github/certifica/core/xsd/dec-3.0.xsd"

G_DEFINE_QUARK (cf-dec-schema-error-quark, cf_dec_schema_error)

typedef struct
{
  GPtrArray  *findings;
  GHashTable *seen;   /* "code path" already reported */
} ValidationState;

/* Parsed once; libxml2 lets threads share a schema, each with its own
 * validation context. */
static xmlSchemaPtr
get_schema (GError **error)
{
  static gsize loaded = 0;
  static xmlSchemaPtr schema = NULL;
  static char *load_error = NULL;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;

      xmlInitParser ();
      bytes = g_resources_lookup_data (XSD_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
      if (bytes == NULL)
        load_error = g_strdup (local_error->message);
      else
        {
          gsize length;
          const char *data = g_bytes_get_data (bytes, &length);
          xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewMemParserCtxt (data, (int) length);

          xmlSchemaSetParserStructuredErrors (pctxt, NULL, NULL);
          schema = xmlSchemaParse (pctxt);
          xmlSchemaFreeParserCtxt (pctxt);
          if (schema == NULL)
            load_error = g_strdup ("the schema does not parse");
        }
      g_once_init_leave (&loaded, 1);
    }

  if (schema == NULL)
    g_set_error (error, CF_DEC_SCHEMA_ERROR, CF_DEC_SCHEMA_ERROR_LOAD,
                 _("Certifica’s copy of the certificate schema cannot be loaded (%s); the installation is damaged."),
                 load_error ? load_error : "");
  return schema;
}

/* "/Dec/Asignaturas/Asignatura[3]", by local names. */
static char *
element_path (xmlNode *node)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  GString *path = g_string_new (NULL);

  for (; node != NULL && node->type == XML_ELEMENT_NODE; node = node->parent)
    {
      const char *name = (const char *) node->name;

      if (strcmp (name, "Asignatura") == 0)
        {
          guint index = 1;

          for (xmlNode *s = node->prev; s != NULL; s = s->prev)
            if (s->type == XML_ELEMENT_NODE && strcmp ((const char *) s->name, "Asignatura") == 0)
              index++;
          g_ptr_array_add (parts, g_strdup_printf ("%s[%u]", name, index));
        }
      else
        g_ptr_array_add (parts, g_strdup (name));
    }

  for (guint i = parts->len; i > 0; i--)
    {
      g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (parts, i - 1));
    }
  g_ptr_array_unref (parts);
  return g_string_free (path, FALSE);
}

/* The text between @after and the next "'" in @message, or NULL. */
static char *
quoted_after (const char *message,
              const char *after)
{
  const char *start, *end;

  if (message == NULL || (start = strstr (message, after)) == NULL)
    return NULL;
  start += strlen (after);
  end = strchr (start, '\'');
  return end ? g_strndup (start, (gsize) (end - start)) : NULL;
}

/* libxml2 names elements "{namespace}Name": keep the names only. */
static char *
strip_namespaces (const char *message)
{
  GString *out = g_string_new (NULL);

  for (const char *p = message ? message : ""; *p != '\0'; p++)
    {
      if (*p == '{')
        {
          const char *close = strchr (p, '}');

          if (close != NULL)
            {
              p = close;
              continue;
            }
        }
      g_string_append_c (out, *p);
    }
  return g_strchomp (g_string_free (out, FALSE));
}

/* "Missing child element(s). Expected is ( {ns}Rvoe )." → "Rvoe" */
static char *
expected_elements (const char *message)
{
  g_autofree char *stripped = strip_namespaces (message);
  const char *start = strstr (stripped, "Expected is");
  const char *open, *close;

  if (start == NULL || (open = strchr (start, '(')) == NULL || (close = strchr (open, ')')) == NULL)
    return NULL;
  return g_strstrip (g_strndup (open + 1, (gsize) (close - open - 1)));
}

static const char *
fixed_value (xmlNode    *element,
             const char *attribute)
{
  CfDecElement e;
  CfDecField field;

  if (element == NULL || !cf_dec_element_from_name ((const char *) element->name, &e) ||
      !cf_dec_field_lookup (e, attribute, &field))
    return NULL;
  if (field == CF_DEC_FIELD_VERSION)
    return "3.0";
  if (field == CF_DEC_FIELD_TIPO_CERTIFICADO)
    return CF_DEC_TIPO_CERTIFICADO_IPES;
  return NULL;
}

static void
add_finding (ValidationState *state,
             const char      *code,
             const char      *path,
             char            *message)   /* taken */
{
  g_autofree char *key = g_strconcat (code, " ", path, NULL);

  if (!g_hash_table_contains (state->seen, key))
    {
      g_ptr_array_add (state->findings, cf_finding_new (CF_FINDING_ERROR, code, path, message));
      g_hash_table_add (state->seen, g_steal_pointer (&key));
    }
  g_free (message);
}

static void
on_schema_error (void       *user_data,
                 xmlErrorPtr error)
{
  ValidationState *state = user_data;
  xmlNode *node = error->node;
  xmlNode *element = NULL;
  g_autofree char *attribute = NULL;
  g_autofree char *element_p = NULL;
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;
  const char *message = error->message ? error->message : "";
  const char *element_name;

  if (node != NULL && node->type == XML_ATTRIBUTE_NODE)
    {
      attribute = g_strdup ((const char *) node->name);
      element = node->parent;
    }
  else if (node != NULL && node->type == XML_ELEMENT_NODE)
    {
      element = node;
      attribute = quoted_after (message, "attribute '");
    }

  element_p = element ? element_path (element) : g_strdup ("");
  element_name = element ? (const char *) element->name : "";
  if (attribute != NULL)
    {
      xmlChar *v = element ? xmlGetNoNsProp (element, (const xmlChar *) attribute) : NULL;

      path = g_strdup_printf ("%s/@%s", element_p, attribute);
      value = g_strdup (v ? (const char *) v : "");
      xmlFree (v);
    }
  else
    path = g_strdup (element_p);

  switch (error->code)
    {
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
      add_finding (state, CF_FINDING_SCHEMA_MISSING_ATTRIBUTE, path,
                   g_strdup_printf (_("%s lacks the attribute “%s”, which is required."),
                                    element_name, attribute ? attribute : ""));
      return;

    case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
      add_finding (state, CF_FINDING_SCHEMA_UNKNOWN_ATTRIBUTE, path,
                   g_strdup_printf (_("“%s” is not an attribute of %s in a Dec 3.0 certificate."),
                                    attribute ? attribute : "", element_name));
      return;

    default:
      break;
    }

  if (attribute != NULL && (error->code == XML_SCHEMAV_CVC_AU || strstr (message, "fixed value") != NULL))
    {
      const char *expected = fixed_value (element, attribute);

      add_finding (state, CF_FINDING_SCHEMA_FIXED_VALUE, path,
                   g_strdup_printf (_("The attribute “%s” of %s is “%s” but must be “%s”."),
                                    attribute, element_name, value, expected ? expected : "?"));
      return;
    }

  if (attribute != NULL && strstr (message, "is not a valid value of") != NULL)
    {
      const char *explanation;

      if (strstr (message, "dateTime") != NULL)
        explanation = _("SEP expects a date and time such as 2023-07-10T00:00:00.");
      else if (strstr (message, "integer") != NULL || strstr (message, "'xs:int'") != NULL)
        explanation = _("SEP expects a whole number.");
      else
        explanation = _("SEP’s schema does not accept it.");

      add_finding (state, CF_FINDING_SCHEMA_BAD_VALUE, path,
                   g_strdup_printf (_("The attribute “%s” of %s has the value “%s”, which is not valid. %s"),
                                    attribute, element_name, value, explanation));
      return;
    }

  if (strstr (message, "Missing child element") != NULL)
    {
      g_autofree char *expected = expected_elements (message);

      add_finding (state, CF_FINDING_SCHEMA_MISSING_ELEMENT, path,
                   g_strdup_printf (_("%s lacks the element %s, which is required at this point."),
                                    element_name, expected ? expected : "?"));
      return;
    }

  if (strstr (message, "This element is not expected") != NULL)
    {
      g_autofree char *expected = expected_elements (message);

      if (expected != NULL)
        add_finding (state, CF_FINDING_SCHEMA_UNEXPECTED_ELEMENT, path,
                     g_strdup_printf (_("The element %s is not expected here (it is unknown or out of order); expected: %s."),
                                      element_name, expected));
      else
        add_finding (state, CF_FINDING_SCHEMA_UNEXPECTED_ELEMENT, path,
                     g_strdup_printf (_("The element %s is not expected here (it is unknown or out of order)."),
                                      element_name));
      return;
    }

  {
    g_autofree char *detail = strip_namespaces (message);

    add_finding (state, CF_FINDING_SCHEMA_OTHER, path,
                 g_strdup_printf (_("This part does not follow the Dec 3.0 schema: %s"), detail));
  }
}

GPtrArray *
cf_dec_schema_validate_doc (xmlDoc  *doc,
                            GError **error)
{
  ValidationState state;
  xmlSchemaValidCtxtPtr vctxt;
  xmlSchemaPtr schema;
  int rc;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  schema = get_schema (error);
  if (schema == NULL)
    return NULL;

  state.findings = cf_finding_list_new ();
  state.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  vctxt = xmlSchemaNewValidCtxt (schema);
  xmlSchemaSetValidStructuredErrors (vctxt, on_schema_error, &state);
  rc = xmlSchemaValidateDoc (vctxt, doc);
  xmlSchemaFreeValidCtxt (vctxt);

  /* Invalid with no message: never seen, but never report "valid" then. */
  if (rc != 0 && state.findings->len == 0)
    g_ptr_array_add (state.findings,
                     cf_finding_new (CF_FINDING_ERROR, CF_FINDING_SCHEMA_OTHER, "/Dec",
                                     _("The document does not follow the Dec 3.0 schema.")));

  g_hash_table_unref (state.seen);
  return state.findings;
}

GPtrArray *
cf_dec_schema_validate_file (const char  *path,
                             GError     **error)
{
  xmlDoc *doc;
  GPtrArray *findings;

  g_return_val_if_fail (path != NULL, NULL);

  doc = cf_dec_xml_parse_file (path, error);
  if (doc == NULL)
    return NULL;
  findings = cf_dec_schema_validate_doc (doc, error);
  xmlFreeDoc (doc);
  return findings;
}
