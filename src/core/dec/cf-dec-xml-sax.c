/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-xml-sax.c: reading without a tree: the SAX handlers that build
 * the model and check the structure against the schema in one pass. */

#include "config.h"

#include <string.h>
#include <libxml/parser.h>

#include "cf-dec-xml.h"
#include "cf-dec-xml-private.h"
#include "cf-dec-private.h"

/* ------------------------------------------------------------------ */
/* Reading without a tree                                              */
/* ------------------------------------------------------------------ */

/* The model straight from the bytes, without building a tree: three times
 * faster than parse + read_doc, and what sealing many files needs. Same
 * hardening, same errors, same choices (the first element of each name in
 * SEP's namespace, attributes in no namespace) as cf_dec_xml_read_doc().
 *
 * The same pass checks the structure that data/xsd/dec-3.0.xsd describes,
 * so that a batch need not build a tree for libxml2's validator when the
 * answer cannot be anything but "valid". The check only ever says "this
 * conforms" for documents the schema accepts (a test holds the two to that
 * on thousands of mutated documents, and holds the field table to the XSD);
 * anything unusual is left to the schema itself. */

/* Dec's children in the schema's sequence; SEP's two at the end optional. */
static const CfDecElement dec_sequence[] = {
  CF_DEC_ELEMENT_SERVICIO_FIRMANTE,
  CF_DEC_ELEMENT_IPES,
  CF_DEC_ELEMENT_RVOE,
  CF_DEC_ELEMENT_CARRERA,
  CF_DEC_ELEMENT_ALUMNO,
  CF_DEC_ELEMENT_EXPEDICION,
  CF_DEC_ELEMENT_ASIGNATURAS,
  CF_DEC_ELEMENT_DREOE,
  CF_DEC_ELEMENT_SEP_IPES,
};
#define N_REQUIRED_CHILDREN 7

G_STATIC_ASSERT (CF_DEC_N_FIELDS <= 64);
G_STATIC_ASSERT (CF_ASIGNATURA_N_FIELDS <= 64);

/* The field table (cf-dec.c) laid out for the reader: each element's
 * fields are a run of CfDecField, and the required ones a bit mask. */
typedef struct
{
  guint   first;
  guint   count;
  guint64 required;
} ElementFields;

static ElementFields  element_fields[CF_DEC_N_ELEMENTS];
static const char    *field_names[CF_DEC_N_FIELDS];
static CfDecValueType field_types[CF_DEC_N_FIELDS];
static const char    *asignatura_names[CF_ASIGNATURA_N_FIELDS];
static CfDecValueType asignatura_types[CF_ASIGNATURA_N_FIELDS];
static guint64        asignatura_required;

void
_cf_dec_xml_init_field_tables (void)
{
  for (guint e = 0; e < CF_DEC_N_ELEMENTS; e++)
    element_fields[e].first = CF_DEC_N_FIELDS;

  for (guint f = 0; f < CF_DEC_N_FIELDS; f++)
    {
      CfDecElement e = cf_dec_field_get_element (f);
      ElementFields *fields = &element_fields[e];

      /* Runs: the fields are declared element by element. */
      g_assert (fields->count == 0 || fields->first + fields->count == f);
      if (fields->count == 0)
        fields->first = f;
      fields->count++;
      if (cf_dec_field_is_required (f))
        fields->required |= G_GUINT64_CONSTANT (1) << f;
      field_names[f] = cf_dec_field_get_attribute (f);
      field_types[f] = cf_dec_field_get_value_type (f);
    }

  for (guint f = 0; f < CF_ASIGNATURA_N_FIELDS; f++)
    {
      asignatura_names[f] = cf_asignatura_field_get_attribute (f);
      asignatura_types[f] = cf_asignatura_field_get_value_type (f);
      if (cf_asignatura_field_is_required (f))
        asignatura_required |= G_GUINT64_CONSTANT (1) << f;
    }
}

/* cf_dec_field_lookup() without the scan of every field. */
static gboolean
lookup_field (CfDecElement  element,
              const char   *name,
              CfDecField   *out_field)
{
  const ElementFields *fields = &element_fields[element];

  for (guint f = fields->first; f < fields->first + fields->count; f++)
    if (field_names[f][0] == name[0] && strcmp (field_names[f], name) == 0)
      {
        *out_field = f;
        return TRUE;
      }
  return FALSE;
}

static gboolean
lookup_asignatura_field (const char        *name,
                         CfAsignaturaField *out_field)
{
  for (guint f = 0; f < CF_ASIGNATURA_N_FIELDS; f++)
    if (asignatura_names[f][0] == name[0] && strcmp (asignatura_names[f], name) == 0)
      {
        *out_field = f;
        return TRUE;
      }
  return FALSE;
}

static inline int
digits_value (const xmlChar *p,
              guint          n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (p[i] < '0' || p[i] > '9')
        return -1;
      value = value * 10 + (p[i] - '0');
    }
  return value;
}

/* "-?[0-9]{1,max}": a subset of xs:integer (and, up to nine digits, of
 * xs:int); blanks, a "+" or more digits are left to the schema. */
static gboolean
plain_integer (const xmlChar *start,
               const xmlChar *end,
               guint          max_digits)
{
  if (start < end && *start == '-')
    start++;
  if (end - start < 1 || end - start > (gssize) max_digits)
    return FALSE;
  for (; start < end; start++)
    if (*start < '0' || *start > '9')
      return FALSE;
  return TRUE;
}

/* "YYYY-MM-DDThh:mm:ss", a date that exists (year 1 to 9999) and a time of
 * day: a subset of xs:dateTime. Fractions and time zones go to the schema. */
static gboolean
plain_date_time (const xmlChar *p,
                 const xmlChar *end)
{
  static const guint8 days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int year, month, day;

  if (end - p != 19 || p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':')
    return FALSE;
  year = digits_value (p, 4);
  month = digits_value (p + 5, 2);
  day = digits_value (p + 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days[month - 1])
    return FALSE;
  if (month == 2 && day == 29 && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return FALSE;
  return digits_value (p + 11, 2) >= 0 && digits_value (p + 11, 2) <= 23 &&
         digits_value (p + 14, 2) >= 0 && digits_value (p + 14, 2) <= 59 &&
         digits_value (p + 17, 2) >= 0 && digits_value (p + 17, 2) <= 59;
}

static gboolean
value_is (const xmlChar *start,
          const xmlChar *end,
          const char    *expected)
{
  gsize length = strlen (expected);

  return (gsize) (end - start) == length && memcmp (start, expected, length) == 0;
}

/* Each attribute of an element looked up once, for the model and the
 * check: @fields[i] is its CfDecField (CfAsignaturaField for Asignatura),
 * or -1 when it is unknown or in a namespace. */
static void
lookup_attributes (CfDecElement    element,
                   int             n_attributes,
                   const xmlChar **attributes,
                   int            *fields)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + i * 5;
      const char *name = (const char *) a[0];
      CfAsignaturaField subject_field;
      CfDecField field;

      fields[i] = -1;
      if (a[2] != NULL)
        continue;
      if (element == CF_DEC_ELEMENT_ASIGNATURA)
        {
          if (lookup_asignatura_field (name, &subject_field))
            fields[i] = (int) subject_field;
        }
      else if (lookup_field (element, name, &field))
        fields[i] = (int) field;
    }
}

/* Every attribute of @element known to the schema, each required one
 * present, the fixed and typed values in a form it accepts. */
static gboolean
attributes_conform (CfDecElement    element,
                    int             n_attributes,
                    int             n_defaulted,
                    const xmlChar **attributes,
                    const int      *fields)
{
  guint64 present = 0;
  guint64 required;

  /* Values a DTD supplies: the schema's business. */
  if (n_defaulted > 0)
    return FALSE;

  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + i * 5;
      CfDecValueType type;

      /* Unknown, or xsi:*, xml:* and any other namespace: the schema decides. */
      if (fields[i] < 0)
        return FALSE;

      if (element == CF_DEC_ELEMENT_ASIGNATURA)
        type = asignatura_types[fields[i]];
      else
        {
          type = field_types[fields[i]];
          if (type == CF_DEC_VALUE_FIXED &&
              !value_is (a[3], a[4], fields[i] == CF_DEC_FIELD_VERSION ? "3.0" : CF_DEC_TIPO_CERTIFICADO_IPES))
            return FALSE;
        }
      present |= G_GUINT64_CONSTANT (1) << fields[i];

      if ((type == CF_DEC_VALUE_DATE_TIME && !plain_date_time (a[3], a[4])) ||
          (type == CF_DEC_VALUE_INTEGER && !plain_integer (a[3], a[4], 18)) ||
          (type == CF_DEC_VALUE_INT && !plain_integer (a[3], a[4], 9)))
        return FALSE;
    }

  required = element == CF_DEC_ELEMENT_ASIGNATURA ? asignatura_required : element_fields[element].required;
  return (present & required) == required;
}

static inline gboolean
is_sep_element (int element)
{
  return element == CF_DEC_ELEMENT_DREOE || element == CF_DEC_ELEMENT_SEP_IPES;
}

/* Without entity substitution, libxml2 2.9 hands SAX an attribute's "&"
 * (from &amp; or &#38;) as the five characters "&#38;", every other
 * reference decoded; newer versions may decode it. Probed once. */
static gboolean sax_amp_encoded;

void
_cf_dec_xml_on_probe_start (void           *ctx,
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

static char *
sax_value (SaxState      *state,
           const xmlChar *start,
           const xmlChar *end)
{
  gsize length = (gsize) (end - start);
  const char *amp;
  GString *out;

  if (state->decoded || !sax_amp_encoded || (amp = memchr (start, '&', length)) == NULL)
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

/* A subject in one allocation; FALSE when a value needs decoding (the
 * "&#38;" of old libxml2), left to the value-by-value way. */
static gboolean
sax_read_subject_packed (SaxState       *state,
                         int             n_attributes,
                         const xmlChar **attributes,
                         const int      *fields)
{
  const char *values[CF_ASIGNATURA_N_FIELDS] = { NULL };
  gsize lengths[CF_ASIGNATURA_N_FIELDS] = { 0 };
  CfAsignatura *asignatura;

  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + i * 5;
      gsize length = (gsize) (a[4] - a[3]);

      if (fields[i] < 0)
        continue;
      if (!state->decoded && sax_amp_encoded && memchr (a[3], '&', length) != NULL)
        return FALSE;
      values[fields[i]] = (const char *) a[3];
      lengths[fields[i]] = length;
    }

  asignatura = _cf_asignatura_new_packed (values, lengths);
  cf_dec_append_asignatura (state->dec, asignatura);
  cf_asignatura_unref (asignatura);
  return TRUE;
}

static void
sax_read_attributes (SaxState       *state,
                     CfDecElement    element,
                     int             n_attributes,
                     const xmlChar **attributes,
                     const int      *fields)
{
  g_autoptr(CfAsignatura) asignatura = NULL;

  if (element == CF_DEC_ELEMENT_ASIGNATURA)
    {
      if (sax_read_subject_packed (state, n_attributes, attributes, fields))
        return;
      asignatura = cf_asignatura_new ();
    }

  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + i * 5;

      if (fields[i] < 0)
        continue;
      if (asignatura != NULL)
        _cf_asignatura_take (asignatura, fields[i], sax_value (state, a[3], a[4]));
      else
        _cf_dec_take_field (state->dec, fields[i], sax_value (state, a[3], a[4]));
    }

  if (asignatura != NULL)
    cf_dec_append_asignatura (state->dec, asignatura);
}

/* The structure check for an element below the root: is it where the
 * schema wants it? TRUE when its attributes must be checked too. */
static gboolean
check_position (SaxState     *state,
                guint         level,
                gboolean      known,
                CfDecElement  element)
{
  if (level == 2)
    {
      guint k;

      state->outer = -1;
      state->inner_count = 0;
      /* The next one, or a later one if only optional ones lie between. */
      for (k = state->next_child; k < G_N_ELEMENTS (dec_sequence); k++)
        if ((known && dec_sequence[k] == element) || k < N_REQUIRED_CHILDREN)
          break;
      if (k >= G_N_ELEMENTS (dec_sequence) || !known || dec_sequence[k] != element)
        {
          state->conforms = FALSE;
          return FALSE;
        }
      state->next_child = k + 1;
      state->outer = (int) element;
      /* The schema skips whatever SEP's nodes hold. */
      return !is_sep_element (element);
    }

  if (is_sep_element (state->outer))
    return FALSE;

  if (level == 3 && known &&
      ((state->outer == CF_DEC_ELEMENT_IPES && element == CF_DEC_ELEMENT_RESPONSABLE && state->inner_count == 0) ||
       (state->outer == CF_DEC_ELEMENT_ASIGNATURAS && element == CF_DEC_ELEMENT_ASIGNATURA)))
    {
      state->inner_count++;
      return TRUE;
    }

  state->conforms = FALSE;
  return FALSE;
}

void
_cf_dec_xml_sax_start (SaxState       *state,
                       const xmlChar  *local_name,
                       const xmlChar  *uri,
                       int             n_attributes,
                       int             n_defaulted,
                       const xmlChar **attributes)
{
  const char *name = (const char *) local_name;
  guint level = ++state->depth;
  CfDecElement element = CF_DEC_ELEMENT_DEC;
  gboolean read = FALSE;
  gboolean check;
  int stack_fields[32];
  g_autofree int *heap_fields = NULL;
  int *fields;

  if (level == 1)
    {
      state->root_seen = TRUE;
      state->root_ok = strcmp (name, "Dec") == 0 && sax_is_dec_ns (uri);
      if (!state->root_ok)
        {
          state->root_name = g_strdup (name);
          state->root_ns = g_strdup ((const char *) uri);
          state->conforms = FALSE;
          return;
        }
      for (int i = 0; i < n_attributes; i++)
        if (attributes[i * 5 + 2] == NULL && strcmp ((const char *) attributes[i * 5], "version") == 0)
          state->version = sax_value (state, attributes[i * 5 + 3], attributes[i * 5 + 4]);
      read = TRUE;
      check = state->conforms;
    }
  else
    {
      gboolean known = state->root_ok && sax_is_dec_ns (uri) && cf_dec_element_from_name (name, &element);

      check = state->conforms && check_position (state, level, known, element);

      if (level == 2)
        state->current = -1;
      if (!known)
        ;
      else if (level == 2)
        {
          if (element != CF_DEC_ELEMENT_DEC && element != CF_DEC_ELEMENT_RESPONSABLE &&
              element != CF_DEC_ELEMENT_ASIGNATURA && !state->seen[element])
            {
              state->seen[element] = TRUE;
              state->current = (int) element;
              if (element == CF_DEC_ELEMENT_DREOE)
                _cf_dec_set_has_dreoe (state->dec, TRUE);
              else if (element == CF_DEC_ELEMENT_SEP_IPES)
                _cf_dec_set_has_sep_ipes (state->dec, TRUE);
              read = TRUE;
            }
        }
      else if (level == 3)
        {
          if (state->current == CF_DEC_ELEMENT_IPES && element == CF_DEC_ELEMENT_RESPONSABLE &&
              !state->seen[CF_DEC_ELEMENT_RESPONSABLE])
            {
              state->seen[CF_DEC_ELEMENT_RESPONSABLE] = TRUE;
              read = TRUE;
            }
          else if (state->current == CF_DEC_ELEMENT_ASIGNATURAS && element == CF_DEC_ELEMENT_ASIGNATURA)
            read = TRUE;
        }
    }

  if (!read && !check)
    return;

  fields = n_attributes <= (int) G_N_ELEMENTS (stack_fields) ? stack_fields
                                                              : (heap_fields = g_new (int, n_attributes));
  lookup_attributes (element, n_attributes, attributes, fields);
  if (check && !attributes_conform (element, n_attributes, n_defaulted, attributes, fields))
    state->conforms = FALSE;
  if (read)
    sax_read_attributes (state, element, n_attributes, attributes, fields);
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
  _cf_dec_xml_sax_start (((xmlParserCtxtPtr) ctx)->_private, local_name, uri, n_attributes, n_defaulted, attributes);
}

void
_cf_dec_xml_sax_end (SaxState *state)
{
  if (state->conforms)
    {
      if (state->depth == 2 &&
          ((state->outer == CF_DEC_ELEMENT_IPES && state->inner_count != 1) ||
           (state->outer == CF_DEC_ELEMENT_ASIGNATURAS && state->inner_count == 0)))
        state->conforms = FALSE;
      else if (state->depth == 1 && state->next_child < N_REQUIRED_CHILDREN)
        state->conforms = FALSE;
    }

  if (state->depth == 2)
    state->current = -1;
  state->depth--;
}

static void
on_sax_end (void          *ctx,
            const xmlChar *local_name,
            const xmlChar *prefix,
            const xmlChar *uri)
{
  _cf_dec_xml_sax_end (((xmlParserCtxtPtr) ctx)->_private);
}

/* Text: only blanks between the elements of Dec, Ipes and Asignaturas (the
 * schema's element-only content), none in the others (empty content);
 * anything inside SEP's nodes. */
void
_cf_dec_xml_sax_characters (SaxState      *state,
                            const xmlChar *text,
                            gsize          length)
{
  if (!state->conforms || (state->depth >= 2 && is_sep_element (state->outer)))
    return;
  if (state->depth == 1 ||
      (state->depth == 2 && (state->outer == CF_DEC_ELEMENT_IPES || state->outer == CF_DEC_ELEMENT_ASIGNATURAS)))
    {
      for (gsize i = 0; i < length; i++)
        if (!is_xml_blank ((char) text[i]))
          {
            state->conforms = FALSE;
            return;
          }
      return;
    }
  state->conforms = FALSE;
}

static void
on_sax_characters (void          *ctx,
                   const xmlChar *text,
                   int            length)
{
  _cf_dec_xml_sax_characters (((xmlParserCtxtPtr) ctx)->_private, text, (gsize) MAX (length, 0));
}

/* A processing instruction in the document, an entity reference left
 * unexpanded, a DOCTYPE: unusual enough to ask the schema. */
static void
on_sax_processing_instruction (void          *ctx,
                               const xmlChar *target,
                               const xmlChar *data)
{
  SaxState *state = ((xmlParserCtxtPtr) ctx)->_private;

  if (state->depth > 0 && !(state->depth >= 2 && is_sep_element (state->outer)))
    state->conforms = FALSE;
}

static void
on_sax_reference (void          *ctx,
                  const xmlChar *name)
{
  SaxState *state = ((xmlParserCtxtPtr) ctx)->_private;

  state->conforms = FALSE;
}

static void
on_sax_internal_subset (void          *ctx,
                        const xmlChar *name,
                        const xmlChar *external_id,
                        const xmlChar *system_id)
{
  SaxState *state = ((xmlParserCtxtPtr) ctx)->_private;

  state->conforms = FALSE;
}

xmlParserCtxtPtr
_cf_dec_xml_new_sax_context (void)
{
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt ();

  if (ctxt == NULL)
    return NULL;
  memset (ctxt->sax, 0, sizeof (xmlSAXHandler));
  ctxt->sax->initialized = XML_SAX2_MAGIC;
  ctxt->sax->startElementNs = on_sax_start;
  ctxt->sax->endElementNs = on_sax_end;
  ctxt->sax->characters = on_sax_characters;
  /* The same function, so that libxml2 never calls blanks "ignorable". */
  ctxt->sax->ignorableWhitespace = on_sax_characters;
  ctxt->sax->processingInstruction = on_sax_processing_instruction;
  ctxt->sax->reference = on_sax_reference;
  ctxt->sax->internalSubset = on_sax_internal_subset;
  ctxt->sax->entityDecl = _cf_dec_xml_on_entity_decl;
  return ctxt;
}
