/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The batch's reader (cf-dec-xml-private.h): its structure check never
 * says "conforms" for a document the XSD refuses, it reads what the public
 * readers read, its parser context survives bad documents, and setting the
 * seal attributes in a file's own bytes changes nothing else. */
#include "config.h"

#include <string.h>

#include <libxml/tree.h>

#include "cf-cadena.h"
#include "cf-dec.h"
#include "cf-dec-gen.h"
#include "cf-dec-schema.h"
#include "cf-dec-xml.h"
#include "cf-dec-xml-private.h"
#include "cf-finding.h"
#include "cf-test-util.h"

#define XSD_RESOURCE "/io/github/certifica/core/xsd/dec-3.0.xsd"
#define XSD_NS "http://www.w3.org/2001/XMLSchema"

static char *
generated_text (guint32 seed,
                guint   n_subjects)
{
  g_autoptr(CfDec) dec = cf_dec_gen_new (seed, n_subjects);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = cf_dec_xml_write_bytes (dec, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
data_text (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "dec", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The XSD's verdict: TRUE when it finds nothing. */
static gboolean
xsd_accepts (const char *text,
             gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  xmlDoc *doc = cf_dec_xml_parse_data (text, length, NULL, &error);

  g_assert_no_error (error);
  findings = cf_dec_schema_validate_doc (doc, &error);
  g_assert_no_error (error);
  xmlFreeDoc (doc);
  return findings->len == 0;
}

/* The plain scanner and libxml2 read @text the same way: the same model,
 * structure verdict and error. Returns the plain reader's verdict. */
static gboolean
assert_same_reading (CfDecXmlReader *plain,
                     CfDecXmlReader *libxml2,
                     const char     *text,
                     gsize           length,
                     CfDec         **out_dec)
{
  g_autoptr(GError) plain_error = NULL;
  g_autoptr(GError) libxml2_error = NULL;
  g_autoptr(CfDec) plain_dec = NULL;
  g_autoptr(CfDec) libxml2_dec = NULL;
  gboolean plain_conforms = FALSE;
  gboolean libxml2_conforms = FALSE;

  plain_dec = _cf_dec_xml_reader_read (plain, text, length, NULL, &plain_conforms, &plain_error);
  libxml2_dec = _cf_dec_xml_reader_read (libxml2, text, length, NULL, &libxml2_conforms, &libxml2_error);
  if ((plain_dec == NULL) != (libxml2_dec == NULL) ||
      (plain_dec != NULL && !cf_dec_equal (plain_dec, libxml2_dec)) ||
      plain_conforms != libxml2_conforms)
    g_error ("the plain scanner and libxml2 read this differently (%s / %s, %d / %d):\n%.*s",
             plain_error ? plain_error->message : "read", libxml2_error ? libxml2_error->message : "read",
             plain_conforms, libxml2_conforms, (int) length, text);
  if (plain_dec == NULL)
    {
      g_assert_error (plain_error, libxml2_error->domain, libxml2_error->code);
      g_assert_cmpstr (plain_error->message, ==, libxml2_error->message);
    }
  if (out_dec != NULL)
    *out_dec = g_steal_pointer (&plain_dec);
  return plain_conforms;
}

/* ------------------------------------------------------------------ */
/* The field table against the XSD                                     */
/* ------------------------------------------------------------------ */

static char *
xsd_prop (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static gboolean
is_xsd (xmlNode    *node,
        const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         strcmp ((const char *) node->ns->href, XSD_NS) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

/* Every xs:attribute of xs:element @element: compared with the table. */
static guint
check_element_attributes (xmlNode *element_node)
{
  g_autofree char *element_name = xsd_prop (element_node, "name");
  CfDecElement element;
  guint checked = 0;
  guint in_table = 0;
  xmlNode *type = NULL;

  g_assert_true (cf_dec_element_from_name (element_name, &element));
  for (xmlNode *n = element_node->children; n != NULL; n = n->next)
    if (is_xsd (n, "complexType"))
      type = n;
  g_assert_nonnull (type);

  for (xmlNode *n = type->children; n != NULL; n = n->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *xs_type = NULL;
      g_autofree char *use = NULL;
      g_autofree char *fixed = NULL;
      CfDecValueType expected;
      gboolean required;

      if (!is_xsd (n, "attribute"))
        continue;
      name = xsd_prop (n, "name");
      xs_type = xsd_prop (n, "type");
      use = xsd_prop (n, "use");
      fixed = xsd_prop (n, "fixed");
      required = g_strcmp0 (use, "required") == 0;
      if (fixed != NULL)
        expected = CF_DEC_VALUE_FIXED;
      else if (g_strcmp0 (xs_type, "xs:dateTime") == 0)
        expected = CF_DEC_VALUE_DATE_TIME;
      else if (g_strcmp0 (xs_type, "xs:integer") == 0)
        expected = CF_DEC_VALUE_INTEGER;
      else if (g_strcmp0 (xs_type, "xs:int") == 0)
        expected = CF_DEC_VALUE_INT;
      else
        {
          g_assert_cmpstr (xs_type, ==, "xs:string");
          expected = CF_DEC_VALUE_STRING;
        }

      g_test_message ("%s/@%s", element_name, name);
      if (element == CF_DEC_ELEMENT_ASIGNATURA)
        {
          CfAsignaturaField field;

          g_assert_true (cf_asignatura_field_lookup (name, &field));
          g_assert_cmpint (cf_asignatura_field_get_value_type (field), ==, expected);
          g_assert_cmpint (cf_asignatura_field_is_required (field), ==, required);
        }
      else
        {
          CfDecField field;

          g_assert_true (cf_dec_field_lookup (element, name, &field));
          g_assert_cmpint (cf_dec_field_get_value_type (field), ==, expected);
          g_assert_cmpint (cf_dec_field_is_required (field), ==, required);
          if (field == CF_DEC_FIELD_VERSION)
            g_assert_cmpstr (fixed, ==, "3.0");
          if (field == CF_DEC_FIELD_TIPO_CERTIFICADO)
            g_assert_cmpstr (fixed, ==, CF_DEC_TIPO_CERTIFICADO_IPES);
        }
      checked++;
    }

  /* And no field the XSD lacks. */
  if (element == CF_DEC_ELEMENT_ASIGNATURA)
    in_table = CF_ASIGNATURA_N_FIELDS;
  else
    for (guint f = 0; f < CF_DEC_N_FIELDS; f++)
      if (cf_dec_field_get_element (f) == element)
        in_table++;
  g_assert_cmpuint (checked, ==, in_table);
  return checked;
}

static void
walk_elements (xmlNode *node,
               guint   *n_elements,
               guint   *n_attributes)
{
  for (; node != NULL; node = node->next)
    {
      if (is_xsd (node, "element"))
        {
          g_autofree char *name = xsd_prop (node, "name");

          /* SEP's nodes: anything goes (xs:any, xs:anyAttribute). */
          if (g_strcmp0 (name, "Dreoe") != 0 && g_strcmp0 (name, "SepIpes") != 0)
            {
              *n_attributes += check_element_attributes (node);
              (*n_elements)++;
            }
        }
      walk_elements (node->children, n_elements, n_attributes);
    }
}

/* The structure check trusts the field table (cf-dec.c) for which
 * attributes exist, which are required and how they are typed: the table
 * must say exactly what the XSD says. */
static void
test_table_matches_xsd (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (XSD_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  xmlDoc *doc;
  guint n_elements = 0;
  guint n_attributes = 0;

  g_assert_no_error (error);
  doc = xmlReadMemory (g_bytes_get_data (bytes, NULL), (int) g_bytes_get_size (bytes), NULL, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  walk_elements (xmlDocGetRootElement (doc), &n_elements, &n_attributes);
  xmlFreeDoc (doc);

  g_assert_cmpuint (n_elements, ==, CF_DEC_N_ELEMENTS - 2);
  g_assert_cmpuint (n_attributes, >, 50);
}

/* ------------------------------------------------------------------ */
/* The structure check against the XSD                                 */
/* ------------------------------------------------------------------ */

static const char * const tricky_values[] = {
  "", " ", "x", "3.0", "3.0 ", " 3.0", "2.0", "5", "05", " 5", "5 ",
  "2023-07-10T00:00:00", "2023-07-10", "2023-02-29T00:00:00", "2024-02-29T00:00:00",
  "1900-02-29T00:00:00", "2000-02-29T00:00:00", "2023-04-31T00:00:00", "2023-07-10T00:00:00Z",
  "2023-07-10T00:00:00-06:00", "2023-07-10T00:00:00.5", "2023-07-10T24:00:00", "2023-07-10T23:59:60",
  "2023-07-10T23:60:00", " 2023-07-10T00:00:00", "2023-07-10T00:00:00 ", "0000-07-10T00:00:00",
  "0001-01-01T00:00:00", "9999-12-31T23:59:59", "-0001-01-01T00:00:00", "12023-01-01T00:00:00",
  "2023-7-10T00:00:00", "2023-07-10t00:00:00", "2023-00-10T00:00:00", "2023-07-00T00:00:00",
  "0", "-0", "+1", "007", "-2147483648", "2147483647", "2147483648", "-2147483649", "999999999",
  "9999999999", "999999999999999999", "9999999999999999999", "1.0", "1e3", "250", "- 1", "--1",
  "&amp;", "a&lt;b", "&#9;", "&#10;7", "ñ", "AC", "8.50",
};

static const char * const leaf_contents[] = {
  "x", " ", "\n", "<!-- c -->", "<?pi x?>", "<![CDATA[ ]]>", "<![CDATA[]]>", "&#32;", "<Extra/>",
  "<Responsable/>", "&amp;",
};

static const char * const between_elements[] = {
  "x", "  ", "\r\n", "<!-- c -->", "<?pi x?>", "<![CDATA[ ]]>", "<![CDATA[x]]>", "&#32;", "&#120;",
  "<Other xmlns=\"urn:x\"/>", "<Dreoe/>", "<SepIpes a=\"1\"><x/>text</SepIpes>", "<Rvoe numero=\"1\" fechaExpedicion=\"2018-04-09T00:00:00\"/>",
  "<Asignatura idAsignatura=\"1\" ciclo=\"2020-1\" calificacion=\"9.00\" idTipoAsignatura=\"263\" creditos=\"5.00\"/>",
  "<Responsable curp=\"X\" nombre=\"A\" primerApellido=\"B\" idCargo=\"1\"/>", "<Ipes/>",
};

static const char * const root_additions[] = {
  " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"a b\"",
  " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"a\"",
  " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"x\"",
  " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"",
  " xml:lang=\"es\"",
  " xmlns:d=\"https://www.siged.sep.gob.mx/certificados/\" d:version=\"3.0\"",
  " extra=\"1\"",
};

static const char * const doctypes[] = {
  "<!DOCTYPE Dec>",
  "<!DOCTYPE Dec [<!ATTLIST Rvoe extra CDATA \"x\">]>",
  "<!DOCTYPE Dec [<!ATTLIST Dec folioControl CDATA \"F\">]>",
  "<!DOCTYPE Dec SYSTEM \"nothing.dtd\">",
};

/* The offsets of every attribute value in @line ("name=\"…\""). */
static GArray *
value_spans (const char *line)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (guint) * 3);

  for (const char *p = strstr (line, "=\""); p != NULL; p = strstr (p + 1, "=\""))
    {
      const char *name = p;
      const char *close = strchr (p + 2, '"');
      guint span[3];

      while (name > line && name[-1] != ' ')
        name--;
      if (close == NULL || g_str_has_prefix (name, "xmlns"))
        continue;
      span[0] = (guint) (name - line);         /* the name */
      span[1] = (guint) (p + 2 - line);         /* the value */
      span[2] = (guint) (close - line);         /* its closing quote */
      g_array_append_val (spans, span);
    }
  return spans;
}

static gboolean
is_element_line (const char *line)
{
  const char *p = line;

  while (*p == ' ')
    p++;
  return p[0] == '<' && p[1] != '?' && p[1] != '/' && p[1] != '!';
}

static void
mutate (GRand     *rand,
        GPtrArray *lines)
{
  guint n = lines->len;
  guint i = (guint) g_rand_int_range (rand, 1, (gint32) n);
  char *line = g_ptr_array_index (lines, i);
  GString *s;

  switch (g_rand_int_range (rand, 0, 11))
    {
    case 0:   /* remove an attribute */
    case 1:   /* change a value */
      {
        g_autoptr(GArray) spans = value_spans (line);
        guint *span;

        if (spans->len == 0)
          return;
        span = &g_array_index (spans, guint, 3 * (guint) g_rand_int_range (rand, 0, (gint32) spans->len));
        s = g_string_new_len (line, span[0]);
        if (g_rand_boolean (rand) && span[0] > 0)
          {
            g_string_truncate (s, s->len - 1);   /* the blank before it */
            g_string_append (s, line + span[2] + 1);
          }
        else
          {
            g_string_append_len (s, line + span[0], span[1] - span[0]);
            g_string_append (s, tricky_values[g_rand_int_range (rand, 0, G_N_ELEMENTS (tricky_values))]);
            g_string_append (s, line + span[2]);
          }
        break;
      }

    case 2:   /* an unknown or namespaced attribute */
      {
        const char *space = strchr (line + strspn (line, " "), ' ');

        if (space == NULL || !is_element_line (line))
          return;
        s = g_string_new_len (line, space - line);
        g_string_append (s, root_additions[g_rand_int_range (rand, 0, G_N_ELEMENTS (root_additions))]);
        g_string_append (s, space);
        break;
      }

    case 3:   /* drop a line */
      g_ptr_array_remove_index (lines, i);
      return;

    case 4:   /* repeat a line */
      if (!is_element_line (line))
        return;
      g_ptr_array_insert (lines, (gint) i, g_strdup (line));
      return;

    case 5:   /* swap two lines */
      if (i + 1 >= n)
        return;
      lines->pdata[i] = lines->pdata[i + 1];
      lines->pdata[i + 1] = line;
      return;

    case 6:   /* content in an empty element */
      {
        const char *end = g_strrstr (line, "/>");
        const char *name;
        gsize name_len;

        if (end == NULL || !is_element_line (line))
          return;
        name = line + strspn (line, " ") + 1;
        name_len = strcspn (name, " />");
        s = g_string_new_len (line, end - line);
        g_string_append_c (s, '>');
        g_string_append (s, leaf_contents[g_rand_int_range (rand, 0, G_N_ELEMENTS (leaf_contents))]);
        g_string_append (s, "</");
        g_string_append_len (s, name, name_len);
        g_string_append (s, ">");
        break;
      }

    case 7:   /* something between elements */
      g_ptr_array_insert (lines, (gint) i,
                          g_strdup (between_elements[g_rand_int_range (rand, 0, G_N_ELEMENTS (between_elements))]));
      return;

    case 8:   /* a DOCTYPE */
      if (n > 0 && g_str_has_prefix (g_ptr_array_index (lines, 0), "<?xml"))
        g_ptr_array_insert (lines, 1, g_strdup (doctypes[g_rand_int_range (rand, 0, G_N_ELEMENTS (doctypes))]));
      return;

    case 9:   /* SEP's nodes, in any order and number */
      g_ptr_array_insert (lines, (gint) n - 1,
                          g_strdup (g_rand_boolean (rand) ? "<SepIpes version=\"1.0\">free <b>text</b></SepIpes>"
                                                          : "<Dreoe selloDec=\"x\" any=\"thing\"/>"));
      return;

    default:  /* the whole document with a prefix */
      for (guint k = 0; k < lines->len; k++)
        {
          char *l = g_ptr_array_index (lines, k);
          g_autoptr(GString) p = g_string_new (l);

          g_string_replace (p, "<Dec xmlns=", "<Dec xmlns:d=", 0);
          g_string_replace (p, "</", "</d:", 0);
          if (is_element_line (l))
            g_string_insert (p, strspn (l, " ") + 1, "d:");
          g_free (l);
          lines->pdata[k] = g_string_free (g_steal_pointer (&p), FALSE);
        }
      return;
    }

  g_free (line);
  lines->pdata[i] = g_string_free (s, FALSE);
}

/* Thousands of documents, most of them broken in one to three ways: the
 * check may send a valid one to the XSD, never let an invalid one by. */
static void
test_structure_never_looser_than_xsd (void)
{
  CfDecXmlReader *reader = _cf_dec_xml_reader_new ();
  CfDecXmlReader *libxml2 = _cf_dec_xml_reader_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20230710);
  guint n_read = 0, n_conforming = 0, n_valid = 0;

  _cf_dec_xml_reader_set_plain_scanner (libxml2, FALSE);
  guint n_docs = g_test_slow () ? 20000 : 3000;

  for (guint d = 0; d < n_docs; d++)
    {
      g_autofree char *text = generated_text (d + 1, (guint) g_rand_int_range (rand, 1, 6));
      g_auto(GStrv) split = g_strsplit (text, "\n", -1);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(CfDec) dec = NULL;
      g_autofree char *mutated = NULL;
      guint n_mutations = d % 10 == 0 ? 0 : (guint) g_rand_int_range (rand, 1, 4);
      gboolean conforms = TRUE;
      gboolean valid;

      for (guint k = 0; split[k] != NULL; k++)
        g_ptr_array_add (lines, g_strdup (split[k]));
      for (guint m = 0; m < n_mutations; m++)
        mutate (rand, lines);
      g_ptr_array_add (lines, NULL);
      mutated = g_strjoinv ("\n", (char **) lines->pdata);

      conforms = assert_same_reading (reader, libxml2, mutated, strlen (mutated), &dec);
      if (dec == NULL)
        continue;
      n_read++;
      valid = xsd_accepts (mutated, strlen (mutated));
      n_valid += valid;
      n_conforming += conforms;
      if (conforms && !valid)
        g_error ("the structure check passed a document the XSD refuses:\n%s", mutated);
      if (n_mutations == 0)
        g_assert_true (conforms);

      /* When it conforms, the model is the tree reader's. */
      if (conforms)
        {
          xmlDoc *doc = cf_dec_xml_parse_data (mutated, strlen (mutated), NULL, &error);
          g_autoptr(CfDec) from_tree = NULL;

          g_assert_no_error (error);
          from_tree = cf_dec_xml_read_doc (doc, &error);
          g_assert_no_error (error);
          g_assert_true (cf_dec_equal (dec, from_tree));
          xmlFreeDoc (doc);
        }
    }

  g_test_message ("%u documents read, %u valid by the XSD, %u of them seen to conform by the reader",
                  n_read, n_valid, n_conforming);
  /* The check is no stricter than it has to be for ordinary documents. */
  g_assert_cmpuint (n_conforming, >, n_valid / 2);
  _cf_dec_xml_reader_free (reader);
  _cf_dec_xml_reader_free (libxml2);
}

/* @text with the value of @attribute on the first line that opens
 * @element replaced by @value (XML text). */
static char *
with_value (const char *text,
            const char *element,
            const char *attribute,
            const char *value)
{
  g_autofree char *open = g_strdup_printf ("<%s ", element);
  g_autofree char *key = g_strdup_printf (" %s=\"", attribute);
  const char *line = strstr (text, open);
  const char *start = line != NULL ? strstr (line, key) : NULL;
  const char *close;
  GString *out;

  g_assert_nonnull (start);
  start += strlen (key);
  close = strchr (start, '"');
  out = g_string_new_len (text, start - text);
  g_string_append (out, value);
  g_string_append (out, close);
  return g_string_free (out, FALSE);
}

/* Every typed or fixed attribute with every tricky value, one at a time. */
static void
test_structure_typed_values (void)
{
  CfDecXmlReader *reader = _cf_dec_xml_reader_new ();
  g_autoptr(CfDec) dec = cf_dec_gen_new (5, 3);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  guint n_conforming = 0;

  cf_asignatura_set (cf_dec_get_asignatura (dec, 0), CF_ASIGNATURA_FIELD_ID_OBSERVACIONES, "100");
  bytes = cf_dec_xml_write_bytes (dec, NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  for (guint f = 0; f <= CF_DEC_N_FIELDS; f++)
    {
      const char *element, *attribute;

      if (f == CF_DEC_N_FIELDS)
        {
          element = "Asignatura";
          attribute = cf_asignatura_field_get_attribute (CF_ASIGNATURA_FIELD_ID_OBSERVACIONES);
        }
      else if (cf_dec_field_get_value_type (f) != CF_DEC_VALUE_STRING)
        {
          element = cf_dec_element_get_name (cf_dec_field_get_element (f));
          attribute = cf_dec_field_get_attribute (f);
        }
      else
        continue;

      for (guint v = 0; v < G_N_ELEMENTS (tricky_values); v++)
        {
          g_autofree char *changed = with_value (text, element, attribute, tricky_values[v]);
          g_autoptr(GError) error = NULL;
          g_autoptr(CfDec) read = NULL;
          gboolean conforms = FALSE;

          read = _cf_dec_xml_reader_read (reader, changed, strlen (changed), NULL, &conforms, &error);
          if (read == NULL)
            continue;   /* version 4.0 and the like */
          g_test_message ("%s/@%s = \"%s\": %s", element, attribute, tricky_values[v],
                          conforms ? "conforms" : "to the XSD");
          if (conforms)
            {
              g_assert_true (xsd_accepts (changed, strlen (changed)));
              n_conforming++;
            }
        }
    }
  g_assert_cmpuint (n_conforming, >, 20);
  _cf_dec_xml_reader_free (reader);
}

/* Documents other programs write, valid, that the check may or may not
 * recognise: never a wrong "conforms". */
static void
test_structure_other_writers (void)
{
  const char *names[] = { "example-3.0.xml", "example-3.0-other.xml", "returned-3.0.xml", "example-2.0.xml" };
  CfDecXmlReader *reader = _cf_dec_xml_reader_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = data_text (names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CfDec) dec = NULL;
      gboolean conforms = FALSE;

      dec = _cf_dec_xml_reader_read (reader, text, strlen (text), NULL, &conforms, &error);
      g_assert_no_error (error);
      if (conforms)
        g_assert_true (xsd_accepts (text, strlen (text)));
      /* Plain documents in the usual shape are recognised. */
      if (g_str_equal (names[i], "example-3.0.xml") || g_str_equal (names[i], "returned-3.0.xml"))
        g_assert_true (conforms);
      if (g_str_equal (names[i], "example-2.0.xml"))
        g_assert_false (conforms);
    }
  _cf_dec_xml_reader_free (reader);
}

/* ------------------------------------------------------------------ */
/* The same reading as the public reader, context reused or not        */
/* ------------------------------------------------------------------ */

static void
test_same_errors_and_models (void)
{
  const char *inputs[] = {
    /* stops inside an element that declares a prefix… */
    "<d:Dec xmlns:d=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><d:Rvoe",
    /* …which the next one uses undeclared */
    "<d:Dec version=\"3.0\"/>",
    "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">]><Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\">&a;</Dec>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"4.0\"/>",
    "<Dec xmlns=\"urn:other\" version=\"3.0\"/>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" a=\"1\" a=\"2\"/>",
    "",
    "   ",
    "<?xml version=\"1.0\"?>",
    "\xEF\xBB\xBF<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><Alumno curp=\"A&amp;B\"/></Dec>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><Asignaturas><Asignatura nombre=\"A &amp; B\" ciclo=\"&#50;020\"/></Asignaturas></Dec>",
  };
  CfDecXmlReader *reader = _cf_dec_xml_reader_new ();

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      {
        g_autoptr(GError) expected_error = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(CfDec) expected = cf_dec_xml_read_data (inputs[i], strlen (inputs[i]), &expected_error);
        g_autoptr(CfDec) dec = NULL;
        gboolean conforms = TRUE;

        g_test_message ("input %u", i);
        dec = _cf_dec_xml_reader_read (reader, inputs[i], strlen (inputs[i]), NULL, &conforms, &error);
        if (expected == NULL)
          {
            g_assert_null (dec);
            g_assert_false (conforms);
            g_assert_error (error, expected_error->domain, expected_error->code);
            g_assert_cmpstr (error->message, ==, expected_error->message);
          }
        else
          {
            g_assert_no_error (error);
            g_assert_true (cf_dec_equal (dec, expected));
          }
      }

  /* And a good one after all that. */
  {
    g_autofree char *text = generated_text (7, 45);
    g_autoptr(GError) error = NULL;
    g_autoptr(CfDec) dec = NULL;
    g_autoptr(CfDec) expected = cf_dec_xml_read_data (text, strlen (text), NULL);
    gboolean conforms = FALSE;

    dec = _cf_dec_xml_reader_read (reader, text, strlen (text), NULL, &conforms, &error);
    g_assert_no_error (error);
    g_assert_true (conforms);
    g_assert_true (cf_dec_equal (dec, expected));
  }
  _cf_dec_xml_reader_free (reader);
}

/* Well-formedness at the edges of the plain scanner's subset: whatever
 * it does with them (read them or leave them to libxml2), the outcome is
 * libxml2's. */
static void
test_plain_scanner_edges (void)
{
#define NS "xmlns=\"https://www.siged.sep.gob.mx/certificados/\""
  const char *cases[] = {
    "<Dec " NS " version=\"3.0\"/>",
    "<Dec " NS " version='3.0'/>",
    "<Dec " NS " version=\"3.0\"></Dec>",
    "<Dec " NS " version=\"3.0\" ></Dec >",
    "<Dec " NS " version=\"3.0\"></Dec",
    "<Dec " NS " version=\"3.0\"></dec>",
    "<Dec " NS " version=\"3.0\"a=\"1\"/>",
    "<Dec " NS " version=\"3.0\" a=\"1\" a=\"2\"/>",
    "<Dec " NS " " NS " version=\"3.0\"/>",
    "<d:Dec xmlns:d=\"https://www.siged.sep.gob.mx/certificados/\" xmlns:d=\"urn:x\" version=\"3.0\"/>",
    "<d:Dec xmlns:d=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><d:Rvoe numero=\"1\"/></d:Dec>",
    "<d:Dec xmlns:d=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><e:Rvoe numero=\"1\"/></d:Dec>",
    "<d:Dec xmlns:d=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><Rvoe xmlns:d=\"urn:x\"/><d:Rvoe numero=\"1\"/></d:Dec>",
    "<Dec " NS " version=\"3.0\"><Rvoe xmlns=\"\"/></Dec>",
    "<Dec xmlns=\"https://www.siged.sep.g&amp;/certificados/\" version=\"3.0\"/>",
    "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados&#47;\" version=\"3.0\"/>",
    "<Dec " NS " version=\"3.0\"><Rvoe xmlns=\"urn:x\" numero=\"1\"/><Rvoe numero=\"2\"/></Dec>",
    "<Dec " NS " version=\"3.0\"/><Dec/>",
    "<Dec " NS " version=\"3.0\"/>x",
    "<Dec " NS " version=\"3.0\"/><!-- after -->  ",
    "<!-- before --><Dec " NS " version=\"3.0\"/>",
    "<Dec " NS " version=\"3.0\"><!-- a -- b --></Dec>",
    "<Dec " NS " version=\"3.0\"><!-- a ---></Dec>",
    "<Dec " NS " version=\"3.0\"><!----></Dec>",
    "<Dec " NS " version=\"3.0\"><!-- a -></Dec>",
    "<Dec " NS " version=\"3.0\" folioControl=\"a&lt;b&gt;c&amp;d&quot;e&apos;f\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&#65;&#x42;&#x10FFFF;&#9;&#10;&#13;\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&#0;\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&#xD800;\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&#xFFFE;\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&#x110000;\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&#;\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&#x;\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&#X41;\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&foo;\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"&amp\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"a&b\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"a<b\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"a>b\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"a\tb\nc\r\nd\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"a\x01b\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"\xC3\xB1\xE2\x82\xAC\xF0\x9F\x98\x80\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"\xC3\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"\xC0\xAF\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"\xED\xA0\x80\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"\xEF\xBF\xBE\"/>",
    "<Dec " NS " version=\"3.0\" folioControl=\"\xC2\x85\xC2\x9F\"/>",
    "<Dec " NS " version=\"3.0\" fólio=\"1\"/>",
    "<Dec " NS " version=\"3.0\" 1a=\"1\"/>",
    "<Dec " NS " version=\"3.0\" a:b:c=\"1\"/>",
    "<Dec " NS " version=\"3.0\" xml:lang=\"es\"/>",
    "<Dec " NS " version=\"3.0\" xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/>",
    "<xml:Dec " NS " version=\"3.0\"/>",
    "<Dec " NS " version=\"3.0\"><![CDATA[ ]]></Dec>",
    "<Dec " NS " version=\"3.0\"><?pi x?></Dec>",
    "<Dec " NS " version=\"3.0\">&#32;</Dec>",
    "<Dec " NS " version=\"3.0\"> \t\r\n </Dec>",
    "<Dec " NS " version=\"3.0\"><Rvoe> </Rvoe></Dec>",
    "<?xml version=\"1.0\"?><Dec " NS " version=\"3.0\"/>",
    "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<Dec " NS " version=\"3.0\"/>",
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Dec " NS " version=\"3.0\" folioControl=\"\xD1\"/>",
    "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Dec " NS " version=\"3.0\"/>",
    "<?xml version=\"1.1\"?><Dec " NS " version=\"3.0\"/>",
    "<?xml version=\"1.0\" standalone=\"maybe\"?><Dec " NS " version=\"3.0\"/>",
    "<?xml encoding=\"UTF-8\"?><Dec " NS " version=\"3.0\"/>",
    "<?xml version=\"1.0\"?><?xml version=\"1.0\"?><Dec " NS " version=\"3.0\"/>",
    " <?xml version=\"1.0\"?><Dec " NS " version=\"3.0\"/>",
    "\xEF\xBB\xBF<?xml version=\"1.0\"?><Dec " NS " version=\"3.0\"/>",
    "\xEF\xBB\xBF\xEF\xBB\xBF<Dec " NS " version=\"3.0\"/>",
    "<!DOCTYPE Dec><Dec " NS " version=\"3.0\"/>",
    "<Dec " NS " version=\"3.0\"><Rvoe/></Dec><!-- x --><?pi?>",
    "<Dec " NS " version=\"3.0\"><SepIpes>text &amp; <b>more</b></SepIpes></Dec>",
    "<Dec " NS " version=\"3.0\"><a><b><c><d><e><f><g><h><i><j><k><l><m><n><o><p><q><r></r></q></p></o></n></m></l></k></j></i></h></g></f></e></d></c></b></a></Dec>",
    "<Dec " NS " version=\"3.0\" ",
    "<Dec",
    "<",
    "",
    "<Dec " NS " version=\"3.0\"/>\x00",
  };
  CfDecXmlReader *plain = _cf_dec_xml_reader_new ();
  CfDecXmlReader *libxml2 = _cf_dec_xml_reader_new ();

  _cf_dec_xml_reader_set_plain_scanner (libxml2, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* The last one carries its NUL on purpose. */
      gsize length = strlen (cases[i]) + (i == G_N_ELEMENTS (cases) - 1 ? 1 : 0);

      g_test_message ("case %u: %s", i, cases[i]);
      assert_same_reading (plain, libxml2, cases[i], length, NULL);
    }

  /* Every prefix of a plain document: cut anywhere, the same verdict. */
  {
    g_autofree char *text = generated_text (9, 2);

    for (gsize cut = 0; cut <= strlen (text); cut++)
      assert_same_reading (plain, libxml2, text, cut, NULL);
  }

  _cf_dec_xml_reader_free (plain);
  _cf_dec_xml_reader_free (libxml2);
#undef NS
}

/* A packed subject behaves as any other when changed. */
static void
test_packed_subjects (void)
{
  g_autofree char *text = generated_text (3, 12);
  CfDecXmlReader *reader = _cf_dec_xml_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = _cf_dec_xml_reader_read (reader, text, strlen (text), NULL, NULL, &error);
  g_autoptr(CfAsignatura) copy = NULL;
  CfAsignatura *first;

  g_assert_no_error (error);
  first = cf_dec_get_asignatura (dec, 0);
  copy = cf_asignatura_copy (first);
  g_assert_true (cf_asignatura_equal (first, copy));
  cf_asignatura_set (first, CF_ASIGNATURA_FIELD_NOMBRE, "OTRA");
  cf_asignatura_set (first, CF_ASIGNATURA_FIELD_CICLO, NULL);
  cf_asignatura_set_grade (first, 950);
  cf_asignatura_set (first, CF_ASIGNATURA_FIELD_NOMBRE, cf_asignatura_get (copy, CF_ASIGNATURA_FIELD_NOMBRE));
  g_assert_cmpstr (cf_asignatura_get (first, CF_ASIGNATURA_FIELD_NOMBRE), ==,
                   cf_asignatura_get (copy, CF_ASIGNATURA_FIELD_NOMBRE));
  g_assert_null (cf_asignatura_get (first, CF_ASIGNATURA_FIELD_CICLO));
  g_assert_cmpstr (cf_asignatura_get (first, CF_ASIGNATURA_FIELD_CALIFICACION), ==, "9.50");
  _cf_dec_xml_reader_free (reader);
}

/* ------------------------------------------------------------------ */
/* Setting the seal in the file's own bytes                            */
/* ------------------------------------------------------------------ */

static const char * const seal_names[] = { "sello", "certificadoResponsable", "noCertificadoResponsable" };
static const char * const seal_values[] = { "c2VsbG8=", "Y2VydA+/", "30001000000500003456" };

static char *
set_seal (const char *text,
          gsize       length)
{
  GString *out = g_string_new ("kept:");

  if (!_cf_dec_xml_set_root_attributes (text, length, seal_names, seal_values, 3, out))
    {
      /* Nothing appended on refusal. */
      g_assert_cmpstr (out->str, ==, "kept:");
      g_string_free (out, TRUE);
      return NULL;
    }
  g_assert_true (g_str_has_prefix (out->str, "kept:"));
  g_string_erase (out, 0, 5);
  return g_string_free (out, FALSE);
}

/* The output must read as the input with the seal: same cadena, same
 * model otherwise. */
static void
assert_sealed_reading (const char *input,
                       gsize       input_len,
                       const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) before = cf_dec_xml_read_data (input, input_len, &error);
  g_autoptr(CfDec) after = NULL;
  g_autofree char *cadena_before = NULL;
  g_autofree char *cadena_after = NULL;

  g_assert_no_error (error);
  after = cf_dec_xml_read_data (output, strlen (output), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_dec_get (after, CF_DEC_FIELD_SELLO), ==, seal_values[0]);
  g_assert_cmpstr (cf_dec_get (after, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE), ==, seal_values[1]);
  g_assert_cmpstr (cf_dec_get (after, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE), ==, seal_values[2]);
  cadena_before = cf_cadena_from_dec (before, NULL);
  cadena_after = cf_cadena_from_dec (after, NULL);
  g_assert_cmpstr (cadena_before, ==, cadena_after);
  cf_dec_set (before, CF_DEC_FIELD_SELLO, seal_values[0]);
  cf_dec_set (before, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, seal_values[1]);
  cf_dec_set (before, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE, seal_values[2]);
  g_assert_true (cf_dec_equal (before, after));
}

static void
test_set_seal_in_place (void)
{
  g_autofree char *text = generated_text (11, 5);
  g_autofree char *out = set_seal (text, strlen (text));
  GString *expected = g_string_new (text);

  /* Exactly the three empty values filled in, every other byte kept. */
  g_assert_cmpuint (g_string_replace (expected, "sello=\"\"", "sello=\"c2VsbG8=\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (expected, "certificadoResponsable=\"\"", "certificadoResponsable=\"Y2VydA+/\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (expected, "noCertificadoResponsable=\"\"", "noCertificadoResponsable=\"30001000000500003456\"", 1), ==, 1);
  g_assert_cmpstr (out, ==, expected->str);
  assert_sealed_reading (text, strlen (text), out);

  /* Sealing again replaces the old seal. */
  {
    g_autofree char *again = set_seal (out, strlen (out));

    g_assert_cmpstr (again, ==, out);
  }
  g_string_free (expected, TRUE);
}

static void
test_set_seal_other_writers (void)
{
  /* Before the root's start tag, the tag, after it. */
  const struct { const char *head, *tag, *tail; } cases[] = {
    /* attributes missing: added after the last one, whatever the quotes and lines */
    { "<?xml version='1.0' encoding='utf-8'?>\r\n<!-- c --><?pi x?>\r\n",
      "<Dec xmlns='https://www.siged.sep.gob.mx/certificados/'\r\n  version='3.0' tipoCertificado='5'\r\n  >",
      "\r\n<Alumno nombre='A'/></Dec>\r\n" },
    /* a prefixed root, a namespaced sello that is not the Dec's, ">" in a value */
    { "",
      "<d:Dec xmlns:d=\"https://www.siged.sep.gob.mx/certificados/\" xmlns:x=\"urn:x\" x:sello=\"keep\" folioControl=\"a>b\" version=\"3.0\" sello = 'old' />",
      "" },
    /* a BOM, the seal first, an old seal in single quotes */
    { "\xEF\xBB\xBF",
      "<Dec sello='b2xk' certificadoResponsable=\"\" xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\">",
      "<Rvoe numero=\"1\"/></Dec>" },
    /* Latin-1, declared */
    { "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
      "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\">",
      "<Alumno nombre=\"JOS\xC9\"/></Dec>" },
    /* an XML declaration that names no encoding, then a stylesheet PI */
    { "<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"a.xsl\"?>\n",
      "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"/>",
      "\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *input = g_strconcat (cases[i].head, cases[i].tag, cases[i].tail, NULL);
      g_autofree char *out = set_seal (input, strlen (input));

      g_test_message ("case %u", i);
      g_assert_nonnull (out);
      assert_sealed_reading (input, strlen (input), out);
      /* The start tag is the only part that changed. */
      g_assert_true (g_str_has_prefix (out, cases[i].head));
      g_assert_true (g_str_has_suffix (out, cases[i].tail));
    }

  /* The namespaced x:sello is untouched, the Dec's replaced in place. */
  {
    g_autofree char *input = g_strconcat (cases[1].head, cases[1].tag, cases[1].tail, NULL);
    g_autofree char *out = set_seal (input, strlen (input));

    g_assert_nonnull (strstr (out, "x:sello=\"keep\""));
    g_assert_nonnull (strstr (out, "sello = 'c2VsbG8='"));
  }
}

/* What cannot be edited byte by byte is left to a serialiser. */
static void
test_set_seal_refusals (void)
{
  const char *dec = "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"/>";
  g_autofree char *utf16 = NULL;
  gsize utf16_len = 0;
  const char *cases[] = {
    "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"/>",
    "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"/>",
    "<!DOCTYPE Dec><Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_null (set_seal (cases[i], strlen (cases[i])));

  utf16 = g_convert (dec, -1, "UTF-16", "UTF-8", NULL, &utf16_len, NULL);
  g_assert_nonnull (utf16);
  g_assert_null (set_seal (utf16, utf16_len));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dec-reader/table-matches-xsd", test_table_matches_xsd);
  g_test_add_func ("/core/dec-reader/structure-never-looser-than-xsd", test_structure_never_looser_than_xsd);
  g_test_add_func ("/core/dec-reader/structure-typed-values", test_structure_typed_values);
  g_test_add_func ("/core/dec-reader/structure-other-writers", test_structure_other_writers);
  g_test_add_func ("/core/dec-reader/same-errors-and-models", test_same_errors_and_models);
  g_test_add_func ("/core/dec-reader/plain-scanner-edges", test_plain_scanner_edges);
  g_test_add_func ("/core/dec-reader/packed-subjects", test_packed_subjects);
  g_test_add_func ("/core/dec-reader/set-seal-in-place", test_set_seal_in_place);
  g_test_add_func ("/core/dec-reader/set-seal-other-writers", test_set_seal_other_writers);
  g_test_add_func ("/core/dec-reader/set-seal-refusals", test_set_seal_refusals);

  return g_test_run ();
}
