/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-xlsx-parts.c: the workbook's zip members, read through xmlTextReader
 * with a size limit: content types, relationships, workbook, styles, shared
 * strings; none may declare a document type. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <libxml/xmlreader.h>

#include "cf-xlsx-private.h"

/* ------------------------------------------------------------------ */
/* Parts: zip members read through xmlTextReader, with a size limit    */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* No document type: OOXML parts have none                             */
/* ------------------------------------------------------------------ */

enum
{
  PROLOG_TEXT,          /* between markup */
  PROLOG_LT,            /* after "<" */
  PROLOG_PI,            /* inside "<?…" */
  PROLOG_PI_Q,          /* "?" inside a PI */
  PROLOG_BANG,          /* after "<!" */
  PROLOG_BANG_DASH,     /* after "<!-" */
  PROLOG_COMMENT,       /* inside "<!--…" */
  PROLOG_COMMENT_DASH,  /* "-" inside a comment */
  PROLOG_COMMENT_DASH2, /* "--" inside a comment */
  PROLOG_DONE,          /* the root element has started */
  PROLOG_REFUSED,
};

gboolean
_cf_xlsx_prolog_scan (CfXlsxPrologScan *scan,
                      const guint8     *data,
                      gsize             len)
{
  for (gsize i = 0; i < len && scan->state < PROLOG_DONE; i++)
    {
      guint8 c = data[i];

      /* NUL bytes are the other half of UTF-16 ASCII characters. */
      if (c == 0)
        continue;

      switch (scan->state)
        {
        case PROLOG_TEXT:
          if (c == '<')
            scan->state = PROLOG_LT;
          break;
        case PROLOG_LT:
          scan->state = c == '?' ? PROLOG_PI : c == '!' ? PROLOG_BANG : PROLOG_DONE;
          break;
        case PROLOG_PI:
          if (c == '?')
            scan->state = PROLOG_PI_Q;
          break;
        case PROLOG_PI_Q:
          scan->state = c == '>' ? PROLOG_TEXT : c == '?' ? PROLOG_PI_Q : PROLOG_PI;
          break;
        case PROLOG_BANG:
          /* Before the root, "<!" is a comment or a document type. */
          scan->state = c == '-' ? PROLOG_BANG_DASH : PROLOG_REFUSED;
          break;
        case PROLOG_BANG_DASH:
          scan->state = c == '-' ? PROLOG_COMMENT : PROLOG_REFUSED;
          break;
        case PROLOG_COMMENT:
          if (c == '-')
            scan->state = PROLOG_COMMENT_DASH;
          break;
        case PROLOG_COMMENT_DASH:
          scan->state = c == '-' ? PROLOG_COMMENT_DASH2 : PROLOG_COMMENT;
          break;
        case PROLOG_COMMENT_DASH2:
          scan->state = c == '>' ? PROLOG_TEXT : c == '-' ? PROLOG_COMMENT_DASH2 : PROLOG_COMMENT;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return scan->state != PROLOG_REFUSED;
}

void
_cf_xlsx_set_doctype_error (GError     **error,
                            const char  *part)
{
  g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
               _("The workbook is damaged: its part %s declares a document type."), part);
}

typedef struct
{
  GsfInput         *input;
  const char       *part;
  gsize             limit;
  gsize             total;
  gboolean          too_large;
  CfXlsxPrologScan  prolog;
  gboolean          doctype;
  char             *xml_error;   /* first libxml2 message */
  xmlTextReaderPtr  reader;
} Part;

static int
part_read_cb (void *context,
              char *buffer,
              int   len)
{
  Part *part = context;
  gsf_off_t remaining = gsf_input_remaining (part->input);
  size_t n;

  if (remaining <= 0 || len <= 0)
    return 0;

  n = MIN ((gsf_off_t) len, remaining);
  if (gsf_input_read (part->input, n, (guint8 *) buffer) == NULL)
    return -1;

  part->total += n;
  /* The zip's declared size can lie (a zip bomb): count what comes out. */
  if (part->total > part->limit)
    {
      part->too_large = TRUE;
      return -1;
    }
  /* OOXML has no DTD; one can only be an entity-expansion trap (billion
   * laughs), so it is refused before libxml2 sees a byte of it. */
  if (!_cf_xlsx_prolog_scan (&part->prolog, (const guint8 *) buffer, n))
    {
      part->doctype = TRUE;
      return -1;
    }
  return (int) n;
}

static void
part_error_cb (void        *context,
               xmlErrorPtr  error)
{
  Part *part = context;

  if (part->xml_error == NULL && error != NULL && error->message != NULL)
    part->xml_error = g_strstrip (g_strdup (error->message));
}

static char *
format_size (gsize bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

void
_cf_xlsx_set_too_large (GError     **error,
               const char  *part,
               gsize        limit)
{
  g_autofree char *max = format_size (limit);

  g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
               /* Translators: %s are a part of the workbook file
                * ("xl/sharedStrings.xml") and a size ("64 MB"). */
               _("The workbook is too large to import: its part %s holds more than %s of data. "
                 "Remove what the plans do not need (other sheets, images, empty formatted rows) "
                 "and import again."),
               part, max);
}

/* Zip members are GsfInfiles too; only folders have children. */
gboolean
_cf_xlsx_is_folder (GsfInput *input)
{
  return GSF_IS_INFILE (input) && gsf_infile_num_children (GSF_INFILE (input)) >= 0;
}

/* Finds a zip member by its part name; OPC names are case-insensitive. */
GsfInput *
_cf_xlsx_find_member (GsfInfile  *dir,
             const char *path)
{
  g_auto(GStrv) names = g_strsplit (path, "/", -1);
  g_autoptr(GsfInput) current = g_object_ref (GSF_INPUT (dir));

  for (guint i = 0; names[i] != NULL; i++)
    {
      GsfInput *child = NULL;
      int n;

      if (*names[i] == '\0')
        continue;
      if (!_cf_xlsx_is_folder (current))
        return NULL;

      child = gsf_infile_child_by_name (GSF_INFILE (current), names[i]);
      n = gsf_infile_num_children (GSF_INFILE (current));
      for (int c = 0; child == NULL && c < n; c++)
        {
          const char *name = gsf_infile_name_by_index (GSF_INFILE (current), c);

          if (name != NULL && g_ascii_strcasecmp (name, names[i]) == 0)
            child = gsf_infile_child_by_index (GSF_INFILE (current), c);
        }
      if (child == NULL)
        return NULL;

      g_object_unref (current);
      current = child;
    }

  return g_steal_pointer (&current);
}

static gboolean
part_open (CfXlsxReader  *self,
           Part          *part,
           const char    *path,
           gsize          limit,
           GError       **error)
{
  memset (part, 0, sizeof *part);
  part->part = path;
  part->limit = limit;

  part->input = _cf_xlsx_find_member (self->zip, path);
  if (part->input == NULL || _cf_xlsx_is_folder (part->input))
    {
      g_clear_object (&part->input);
      g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                   _("The workbook is damaged: its part %s is missing."), path);
      return FALSE;
    }

  if (gsf_input_size (part->input) > (gsf_off_t) limit)
    {
      _cf_xlsx_set_too_large (error, path, limit);
      g_clear_object (&part->input);
      return FALSE;
    }

  part->reader = xmlReaderForIO (part_read_cb, NULL, part, path, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOCDATA);
  if (part->reader == NULL)
    {
      g_clear_object (&part->input);
      g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                   _("The workbook is damaged: its part %s cannot be read."), path);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (part->reader, part_error_cb, part);
  return TRUE;
}

static void
part_close (Part *part)
{
  g_clear_pointer (&part->reader, xmlFreeTextReader);
  g_clear_object (&part->input);
  g_clear_pointer (&part->xml_error, g_free);
}

/* Reads the next node; FALSE at the end or on an error (then @error is set
 * unless the part simply ended). */
static gboolean
part_next (Part     *part,
           int       ret,
           GError  **error)
{
  if (ret == 1)
    {
      /* part_read_cb() refuses one first; this is a second lock. */
      if (xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          _cf_xlsx_set_doctype_error (error, part->part);
          return FALSE;
        }
      return TRUE;
    }

  if (part->doctype)
    _cf_xlsx_set_doctype_error (error, part->part);
  else if (part->too_large)
    _cf_xlsx_set_too_large (error, part->part, part->limit);
  else if (ret < 0)
    g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                 _("The workbook is damaged: its part %s is not valid XML (%s)."), part->part,
                 part->xml_error != NULL ? part->xml_error : _("unexpected end"));
  return FALSE;
}

#define PART_READ(part) xmlTextReaderRead ((part)->reader)
#define PART_SKIP(part) xmlTextReaderNext ((part)->reader)

static gboolean
is_element (Part       *part,
            const char *local_name)
{
  return xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_ELEMENT &&
         g_strcmp0 ((const char *) xmlTextReaderConstLocalName (part->reader), local_name) == 0;
}

static gboolean
is_end (Part       *part,
        const char *local_name)
{
  return xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_END_ELEMENT &&
         g_strcmp0 ((const char *) xmlTextReaderConstLocalName (part->reader), local_name) == 0;
}

static gboolean
is_text (Part *part)
{
  switch (xmlTextReaderNodeType (part->reader))
    {
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
attribute (Part       *part,
           const char *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (part->reader, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* r:id, whatever the prefix (transitional and strict namespaces differ). */
static char *
relationship_id (Part *part)
{
  char *id = NULL;

  if (xmlTextReaderMoveToFirstAttribute (part->reader) != 1)
    return NULL;
  do
    {
      const char *local = (const char *) xmlTextReaderConstLocalName (part->reader);
      const char *uri = (const char *) xmlTextReaderConstNamespaceUri (part->reader);

      if (g_strcmp0 (local, "id") == 0 && uri != NULL && g_str_has_suffix (uri, "relationships"))
        {
          id = g_strdup ((const char *) xmlTextReaderConstValue (part->reader));
          break;
        }
    }
  while (xmlTextReaderMoveToNextAttribute (part->reader) == 1);
  xmlTextReaderMoveToElement (part->reader);
  return id;
}

/* "xl/workbook.xml" + "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml" */
static char *
resolve_target (const char *source_part,
                const char *target)
{
  g_autofree char *dir = NULL;
  g_autofree char *joined = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  GString *path;

  if (target[0] == '/')
    joined = g_strdup (target + 1);
  else
    {
      const char *slash = strrchr (source_part, '/');

      dir = slash != NULL ? g_strndup (source_part, slash - source_part + 1) : g_strdup ("");
      joined = g_strconcat (dir, target, NULL);
    }

  parts = g_strsplit (joined, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        {
          if (out->len > 0)
            g_ptr_array_remove_index (out, out->len - 1);
          continue;
        }
      g_ptr_array_add (out, parts[i]);
    }

  path = g_string_new (NULL);
  for (guint i = 0; i < out->len; i++)
    g_string_append_printf (path, "%s%s", i > 0 ? "/" : "", (char *) g_ptr_array_index (out, i));
  return g_string_free (path, FALSE);
}

/* "_x000D_" escapes: how OOXML writes characters XML cannot hold. */
void
_cf_xlsx_append_unescaped_len (GString    *out,
                      const char *text,
                      gsize       length)
{
  const char *p = text;
  const char *end = text + length;

  if (memchr (text, '_', length) == NULL)
    {
      g_string_append_len (out, text, length);
      return;
    }

  while (p < end)
    {
      if (end - p >= 7 && p[0] == '_' && p[1] == 'x' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]) &&
          g_ascii_isxdigit (p[4]) && g_ascii_isxdigit (p[5]) && p[6] == '_')
        {
          gunichar c = (g_ascii_xdigit_value (p[2]) << 12) | (g_ascii_xdigit_value (p[3]) << 8) |
                       (g_ascii_xdigit_value (p[4]) << 4) | g_ascii_xdigit_value (p[5]);

          if (g_unichar_validate (c) && c != 0)
            {
              g_string_append_unichar (out, c);
              p += 7;
              continue;
            }
        }
      g_string_append_c (out, *p);
      p++;
    }
}

static void
append_unescaped (GString    *out,
                  const char *text)
{
  _cf_xlsx_append_unescaped_len (out, text, strlen (text));
}

/* ------------------------------------------------------------------ */
/* Relationships, workbook, styles, shared strings                     */
/* ------------------------------------------------------------------ */

typedef struct
{
  char *id;
  char *type;
  char *target;   /* resolved part name */
} Relationship;

static void
relationship_free (Relationship *rel)
{
  g_free (rel->id);
  g_free (rel->type);
  g_free (rel->target);
  g_free (rel);
}

/* The relationships of @source_part ("" for the package). */
static GPtrArray *
read_relationships (CfXlsxReader  *self,
                    const char    *source_part,
                    gboolean       required,
                    GError       **error)
{
  g_autoptr(GPtrArray) rels = g_ptr_array_new_with_free_func ((GDestroyNotify) relationship_free);
  g_autofree char *path = NULL;
  g_autoptr(GsfInput) probe = NULL;
  GError *local_error = NULL;
  Part part;
  int ret;

  if (*source_part == '\0')
    path = g_strdup ("_rels/.rels");
  else
    {
      const char *slash = strrchr (source_part, '/');
      g_autofree char *dir = slash != NULL ? g_strndup (source_part, slash - source_part + 1) : g_strdup ("");

      path = g_strdup_printf ("%s_rels/%s.rels", dir, slash != NULL ? slash + 1 : source_part);
    }

  probe = _cf_xlsx_find_member (self->zip, path);
  if (probe == NULL && !required)
    return g_steal_pointer (&rels);

  if (!part_open (self, &part, path, CF_XLSX_MAX_PART_BYTES, error))
    return NULL;

  for (ret = PART_READ (&part); part_next (&part, ret, &local_error); ret = PART_READ (&part))
    if (is_element (&part, "Relationship"))
      {
        g_autofree char *mode = attribute (&part, "TargetMode");
        g_autofree char *target = attribute (&part, "Target");
        Relationship *rel;

        if (target == NULL || g_strcmp0 (mode, "External") == 0)
          continue;
        rel = g_new0 (Relationship, 1);
        rel->id = attribute (&part, "Id");
        rel->type = attribute (&part, "Type");
        rel->target = resolve_target (source_part, target);
        g_ptr_array_add (rels, rel);
      }

  part_close (&part);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&rels);
}

static const Relationship *
find_relationship (GPtrArray  *rels,
                   const char *type_suffix,
                   const char *id)
{
  for (guint i = 0; i < rels->len; i++)
    {
      const Relationship *rel = g_ptr_array_index (rels, i);

      if (type_suffix != NULL && (rel->type == NULL || !g_str_has_suffix (rel->type, type_suffix)))
        continue;
      if (id != NULL && g_strcmp0 (rel->id, id) != 0)
        continue;
      return rel;
    }
  return NULL;
}

/* [Content_Types].xml is read only to be sure it is sound XML with no
 * document type (nothing in it is needed); a package without one is
 * taken as it is. */
static gboolean
check_content_types (CfXlsxReader  *self,
                     GError       **error)
{
  const char *path = "[Content_Types].xml";
  g_autoptr(GsfInput) probe = _cf_xlsx_find_member (self->zip, path);
  GError *local_error = NULL;
  Part part;
  int ret;

  if (probe == NULL || _cf_xlsx_is_folder (probe))
    return TRUE;

  if (!part_open (self, &part, path, CF_XLSX_MAX_PART_BYTES, error))
    return FALSE;
  for (ret = PART_READ (&part); part_next (&part, ret, &local_error); ret = PART_READ (&part))
    ;
  part_close (&part);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
_cf_xlsx_read_workbook (CfXlsxReader  *self,
               GError       **error)
{
  g_autoptr(GPtrArray) package_rels = NULL;
  g_autoptr(GPtrArray) rels = NULL;
  g_autoptr(GsfInput) probe = NULL;
  g_autofree char *workbook = NULL;
  const Relationship *rel;
  GError *local_error = NULL;
  Part part;
  int ret;

  if (!check_content_types (self, error))
    return FALSE;

  package_rels = read_relationships (self, "", FALSE, error);
  if (package_rels == NULL)
    return FALSE;

  rel = find_relationship (package_rels, "/officeDocument", NULL);
  workbook = g_strdup (rel != NULL ? rel->target : "xl/workbook.xml");

  probe = _cf_xlsx_find_member (self->zip, workbook);
  if (probe == NULL || _cf_xlsx_is_folder (probe) ||
      !g_str_has_suffix (workbook, ".xml"))
    {
      g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NOT_WORKBOOK,
                           _("The file is a zip archive but not an Excel workbook (.xlsx): "
                             "it holds no worksheets."));
      return FALSE;
    }

  rels = read_relationships (self, workbook, FALSE, error);
  if (rels == NULL)
    return FALSE;

  if ((rel = find_relationship (rels, "/sharedStrings", NULL)) != NULL)
    self->shared_strings_path = g_strdup (rel->target);
  if ((rel = find_relationship (rels, "/styles", NULL)) != NULL)
    self->styles_path = g_strdup (rel->target);

  if (!part_open (self, &part, workbook, CF_XLSX_MAX_PART_BYTES, error))
    return FALSE;

  for (ret = PART_READ (&part); part_next (&part, ret, &local_error); ret = PART_READ (&part))
    {
      if (is_element (&part, "workbookPr"))
        {
          g_autofree char *date1904 = attribute (&part, "date1904");

          self->date1904 = g_strcmp0 (date1904, "1") == 0 || g_strcmp0 (date1904, "true") == 0;
        }
      else if (is_element (&part, "sheet"))
        {
          g_autofree char *name = attribute (&part, "name");
          g_autofree char *id = relationship_id (&part);

          rel = id != NULL ? find_relationship (rels, "/worksheet", id) : NULL;
          /* Chart sheets and dialog sheets hold no cells to import. */
          if (rel == NULL)
            continue;
          if (self->sheet_names->len >= CF_XLSX_MAX_SHEETS)
            {
              g_set_error (&local_error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
                           _("The workbook has more than %d sheets."), CF_XLSX_MAX_SHEETS);
              break;
            }
          g_ptr_array_add (self->sheet_names, g_strdup (name != NULL ? name : ""));
          g_ptr_array_add (self->sheet_paths, g_strdup (rel->target));
        }
    }

  part_close (&part);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (self->sheet_names->len == 0)
    {
      g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NOT_WORKBOOK,
                           _("The workbook has no worksheets."));
      return FALSE;
    }
  return TRUE;
}

/* A custom number format shows a date when it has day or year codes
 * outside quoted text, [colour/locale] sections and escapes. */
static gboolean
format_code_is_date (const char *code)
{
  gboolean quoted = FALSE;
  int bracket = 0;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (quoted)
        {
          quoted = *p != '"';
          continue;
        }
      switch (*p)
        {
        case '"':
          quoted = TRUE;
          break;
        case '[':
          bracket++;
          break;
        case ']':
          bracket = MAX (bracket - 1, 0);
          break;
        case '\\':
        case '_':
        case '*':
          if (p[1] != '\0')
            p++;
          break;
        case ';':
          /* Only the first (positive numbers) section matters. */
          return FALSE;
        default:
          if (bracket == 0 && strchr ("dDyY", *p) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
builtin_is_date (guint id)
{
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

static gboolean
read_styles (CfXlsxReader  *self,
             GError       **error)
{
  g_autoptr(GHashTable) custom = g_hash_table_new (NULL, NULL);   /* numFmtId → is date */
  gboolean in_cell_xfs = FALSE;
  GError *local_error = NULL;
  Part part;
  int ret;

  if (self->styles_path == NULL)
    return TRUE;

  if (!part_open (self, &part, self->styles_path, CF_XLSX_MAX_PART_BYTES, error))
    return FALSE;

  for (ret = PART_READ (&part); part_next (&part, ret, &local_error); ret = PART_READ (&part))
    {
      if (is_element (&part, "numFmt"))
        {
          g_autofree char *id = attribute (&part, "numFmtId");
          g_autofree char *code = attribute (&part, "formatCode");

          if (id != NULL && code != NULL)
            g_hash_table_insert (custom, GUINT_TO_POINTER ((guint) g_ascii_strtoull (id, NULL, 10)),
                                 GINT_TO_POINTER (format_code_is_date (code)));
        }
      else if (is_element (&part, "cellXfs"))
        in_cell_xfs = !xmlTextReaderIsEmptyElement (part.reader);
      else if (is_end (&part, "cellXfs"))
        in_cell_xfs = FALSE;
      else if (in_cell_xfs && is_element (&part, "xf"))
        {
          g_autofree char *id_text = attribute (&part, "numFmtId");
          guint id = id_text != NULL ? (guint) g_ascii_strtoull (id_text, NULL, 10) : 0;
          gboolean is_date;

          if (self->date_styles->len >= CF_XLSX_MAX_SHARED_STRINGS)
            {
              _cf_xlsx_set_too_large (&local_error, self->styles_path, CF_XLSX_MAX_PART_BYTES);
              break;
            }
          if (g_hash_table_contains (custom, GUINT_TO_POINTER (id)))
            is_date = GPOINTER_TO_INT (g_hash_table_lookup (custom, GUINT_TO_POINTER (id)));
          else
            is_date = builtin_is_date (id);
          g_array_append_val (self->date_styles, is_date);
        }
    }

  part_close (&part);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_shared_strings (CfXlsxReader  *self,
                     GError       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean in_si = FALSE, in_t = FALSE;
  GError *local_error = NULL;
  Part part;
  int ret;

  if (self->shared_strings_path == NULL)
    return TRUE;

  if (!part_open (self, &part, self->shared_strings_path, CF_XLSX_MAX_PART_BYTES, error))
    return FALSE;

  ret = PART_READ (&part);
  while (part_next (&part, ret, &local_error))
    {
      if (is_element (&part, "si"))
        {
          g_string_truncate (text, 0);
          in_si = !xmlTextReaderIsEmptyElement (part.reader);
          if (!in_si)
            goto add;
        }
      else if (in_si && is_element (&part, "rPh"))
        {
          /* Phonetic guides are not part of the value. */
          ret = PART_SKIP (&part);
          continue;
        }
      else if (in_si && is_element (&part, "t"))
        in_t = !xmlTextReaderIsEmptyElement (part.reader);
      else if (is_end (&part, "t"))
        in_t = FALSE;
      else if (in_t && is_text (&part))
        {
          const char *value = (const char *) xmlTextReaderConstValue (part.reader);

          append_unescaped (text, value);
          if (text->len > CF_XLSX_MAX_CELL_CHARS &&
              g_utf8_strlen (text->str, text->len) > CF_XLSX_MAX_CELL_CHARS)
            {
              g_set_error (&local_error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
                           _("A text in the workbook is longer than %d characters, "
                             "more than a spreadsheet cell can hold."), CF_XLSX_MAX_CELL_CHARS);
              break;
            }
        }
      else if (is_end (&part, "si"))
        {
          in_si = FALSE;
        add:
          if (self->shared->len >= CF_XLSX_MAX_SHARED_STRINGS)
            {
              g_set_error (&local_error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
                           _("The workbook holds more than %d different texts."),
                           CF_XLSX_MAX_SHARED_STRINGS);
              break;
            }
          g_ptr_array_add (self->shared, g_string_chunk_insert_len (self->strings, text->str, text->len));
        }
      ret = PART_READ (&part);
    }

  part_close (&part);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
_cf_xlsx_prepare (CfXlsxReader  *self,
         GError       **error)
{
  if (self->prepared)
    return TRUE;
  if (!read_styles (self, error) || !read_shared_strings (self, error))
    return FALSE;
  self->prepared = TRUE;
  return TRUE;
}

/* ------------------------------------------------------------------ */