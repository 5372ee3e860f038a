/* SPDX-License-Identifier: GPL-3.0-or-later */
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

#include "cf-xlsx-reader.h"

/* libgsf 1.14 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

/* Cancellation is checked every so many rows. */
#define CANCEL_CHECK_ROWS 1024

struct _CfXlsxReader
{
  GBytes       *bytes;
  GsfInput     *input;
  GsfInfile    *zip;
  gboolean      date1904;
  GPtrArray    *sheet_names;    /* char* */
  GPtrArray    *sheet_paths;    /* char*, part names in the zip */
  char         *shared_strings_path;
  char         *styles_path;
  gboolean      prepared;       /* shared strings and styles read */
  GStringChunk *strings;
  GPtrArray    *shared;         /* const char* into strings */
  GArray       *date_styles;    /* gboolean per cellXfs index */
};

G_DEFINE_QUARK (cf-xlsx-error-quark, cf_xlsx_error)

/* ------------------------------------------------------------------ */
/* Parts: zip members read through xmlTextReader, with a size limit    */
/* ------------------------------------------------------------------ */

typedef struct
{
  GsfInput         *input;
  const char       *part;
  gsize             limit;
  gsize             total;
  gboolean          too_large;
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

static void
set_too_large (GError     **error,
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
static gboolean
is_folder (GsfInput *input)
{
  return GSF_IS_INFILE (input) && gsf_infile_num_children (GSF_INFILE (input)) >= 0;
}

/* Finds a zip member by its part name; OPC names are case-insensitive. */
static GsfInput *
find_member (GsfInfile  *dir,
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
      if (!is_folder (current))
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

  part->input = find_member (self->zip, path);
  if (part->input == NULL || is_folder (part->input))
    {
      g_clear_object (&part->input);
      g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                   _("The workbook is damaged: its part %s is missing."), path);
      return FALSE;
    }

  if (gsf_input_size (part->input) > (gsf_off_t) limit)
    {
      set_too_large (error, path, limit);
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
      /* OOXML has no DTD; one here can only be an entity-expansion trap. */
      if (xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                       _("The workbook is damaged: its part %s declares a document type."),
                       part->part);
          return FALSE;
        }
      return TRUE;
    }

  if (part->too_large)
    set_too_large (error, part->part, part->limit);
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

/* Attribute values the sheet reader keeps (r, s, t, ref) fit in this. */
#define ATTR_MAX 24

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
static void
append_unescaped_len (GString    *out,
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
  append_unescaped_len (out, text, strlen (text));
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

  probe = find_member (self->zip, path);
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

static gboolean
read_workbook (CfXlsxReader  *self,
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

  package_rels = read_relationships (self, "", FALSE, error);
  if (package_rels == NULL)
    return FALSE;

  rel = find_relationship (package_rels, "/officeDocument", NULL);
  workbook = g_strdup (rel != NULL ? rel->target : "xl/workbook.xml");

  probe = find_member (self->zip, workbook);
  if (probe == NULL || is_folder (probe) ||
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
              set_too_large (&local_error, self->styles_path, CF_XLSX_MAX_PART_BYTES);
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

static gboolean
prepare (CfXlsxReader  *self,
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
/* Opening                                                             */
/* ------------------------------------------------------------------ */

/* libgsf 1.14 turns each zip entry's DOS date into a GDateTime and unrefs
 * it unchecked: an impossible date (month 15) makes GLib print a critical
 * for any damaged file. Certifica needs no dates from the zip, so a copy of
 * the package has every central-directory date set to 1980-01-01. */
#define SANITIZE_MAX_BYTES (256 * 1024 * 1024)

static guint32
get_le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
get_le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static GBytes *
sanitize_zip_dates (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint8 *copy;
  gsize eocd = 0, offset, end;
  gboolean found = FALSE;

  if (size < 22 || size > SANITIZE_MAX_BYTES)
    return g_bytes_ref (bytes);

  /* The end-of-central-directory record: within the last 64 KiB + 22. */
  for (gsize i = size - 22 + 1; i-- > 0 && size - i <= 65535 + 22;)
    if (data[i] == 'P' && data[i + 1] == 'K' && data[i + 2] == 5 && data[i + 3] == 6)
      {
        eocd = i;
        found = TRUE;
        break;
      }
  if (!found)
    return g_bytes_ref (bytes);

  offset = get_le32 (data + eocd + 16);
  end = offset + (gsize) get_le32 (data + eocd + 12);
  if (offset >= size || end > eocd || end < offset)
    return g_bytes_ref (bytes);

  copy = g_memdup2 (data, size);
  while (offset + 46 <= end && get_le32 (copy + offset) == 0x02014b50)
    {
      gsize local = get_le32 (copy + offset + 42);

      copy[offset + 12] = 0x00;   /* time 00:00:00 */
      copy[offset + 13] = 0x00;
      copy[offset + 14] = 0x21;   /* date 1980-01-01 */
      copy[offset + 15] = 0x00;
      if (local + 30 <= size && get_le32 (copy + local) == 0x04034b50)
        {
          copy[local + 10] = 0x00;
          copy[local + 11] = 0x00;
          copy[local + 12] = 0x21;
          copy[local + 13] = 0x00;
        }
      offset += 46 + (gsize) get_le16 (copy + offset + 28) + get_le16 (copy + offset + 30) +
                get_le16 (copy + offset + 32);
    }

  return g_bytes_new_take (copy, size);
}

static const guint8 ole_magic[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

static CfXlsxReader *
open_input (GBytes   *bytes,
            GError  **error)
{
  g_autoptr(CfXlsxReader) self = g_new0 (CfXlsxReader, 1);
  g_autoptr(GError) zip_error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  self->bytes = g_bytes_ref (bytes);
  self->sheet_names = g_ptr_array_new_with_free_func (g_free);
  self->sheet_paths = g_ptr_array_new_with_free_func (g_free);
  self->strings = g_string_chunk_new (64 * 1024);
  self->shared = g_ptr_array_new ();
  self->date_styles = g_array_new (FALSE, FALSE, sizeof (gboolean));

  if (size >= 4 && data[0] == 'P' && data[1] == 'K')
    {
      g_bytes_unref (self->bytes);
      self->bytes = sanitize_zip_dates (bytes);
      data = g_bytes_get_data (self->bytes, &size);
    }

  /* An empty GBytes may have a NULL data pointer. */
  self->input = gsf_input_memory_new (data != NULL ? data : (const guint8 *) "", size, FALSE);

  if (size >= sizeof ole_magic && memcmp (data, ole_magic, sizeof ole_magic) == 0)
    {
      g_autoptr(GsfInfile) ole = gsf_infile_msole_new (self->input, NULL);
      g_autoptr(GsfInput) encrypted = NULL;

      /* Office saves a password-protected .xlsx as an OLE container
       * holding EncryptionInfo + EncryptedPackage. */
      if (ole != NULL)
        encrypted = gsf_infile_child_by_name (ole, "EncryptedPackage");
      if (encrypted != NULL)
        g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_ENCRYPTED,
                             _("The workbook is protected with a password. Open it in your "
                               "spreadsheet program, remove the password to open it and save it "
                               "again, then import that copy."));
      else
        g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_LEGACY,
                             _("The file is an old Excel 97–2003 workbook (.xls). Open it in your "
                               "spreadsheet program and save it as an Excel workbook (.xlsx)."));
      return NULL;
    }

  if (size < 4 || data[0] != 'P' || data[1] != 'K')
    {
      g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NOT_ZIP,
                           _("The file is not an Excel workbook (.xlsx)."));
      return NULL;
    }

  self->zip = gsf_infile_zip_new (self->input, &zip_error);
  if (self->zip == NULL)
    {
      g_debug ("xlsx: not a zip: %s", zip_error != NULL ? zip_error->message : "?");
      g_set_error_literal (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NOT_ZIP,
                           _("The file is not an Excel workbook (.xlsx): it is damaged or of "
                             "another kind."));
      return NULL;
    }

  if (!read_workbook (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

CfXlsxReader *
cf_xlsx_reader_new_for_bytes (GBytes  *bytes,
                              GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_input (bytes, error);
}

CfXlsxReader *
cf_xlsx_reader_new_for_path (const char  *path,
                             GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_IO,
                   _("The workbook cannot be read: %s"), local_error->message);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (file);
  return open_input (bytes, error);
}

void
cf_xlsx_reader_free (CfXlsxReader *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->zip);
  g_clear_object (&self->input);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sheet_names, g_ptr_array_unref);
  g_clear_pointer (&self->sheet_paths, g_ptr_array_unref);
  g_clear_pointer (&self->shared, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->date_styles, g_array_unref);
  g_free (self->shared_strings_path);
  g_free (self->styles_path);
  g_free (self);
}

guint
cf_xlsx_reader_get_n_sheets (CfXlsxReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->sheet_names->len;
}

const char *
cf_xlsx_reader_get_sheet_name (CfXlsxReader *self,
                               guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->sheet_names->len, NULL);
  return g_ptr_array_index (self->sheet_names, index);
}

char *
cf_xlsx_column_name (guint column)
{
  char buffer[8];
  int i = sizeof buffer - 1;

  buffer[i] = '\0';
  column++;
  while (column > 0 && i > 0)
    {
      column--;
      buffer[--i] = 'A' + column % 26;
      column /= 26;
    }
  return g_strdup (buffer + i);
}

/* ------------------------------------------------------------------ */
/* Sheets                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint col;
  gsize offset;   /* into the row's text buffer */
} CellRef;

typedef struct
{
  CfXlsxReader *reader;
  const char   *sheet;
  guint         row;          /* current, 1-based */
  guint         col;          /* current cell, 0-based */
  char          type[ATTR_MAX]; /* t= of the current cell */
  guint         style;        /* s= */
  gboolean      has_value;
  GString      *value;        /* the cell's <v> or <is> text */
  GString      *texts;        /* the row's values, NUL separated */
  GArray       *refs;         /* CellRef of the row's non-empty cells */
  GPtrArray    *cells;        /* what the callback sees */
} SheetState;

/* "B12" → column 1, row 12; either may be absent from a reference. */
static gboolean
parse_reference (const char *ref,
                 guint      *col,
                 guint      *row)
{
  guint64 c = 0, r = 0;
  const char *p = ref;

  while (g_ascii_isalpha (*p))
    {
      c = c * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (c > CF_XLSX_MAX_COLUMNS)
        return FALSE;
      p++;
    }
  while (g_ascii_isdigit (*p))
    {
      r = r * 10 + (*p - '0');
      if (r > CF_XLSX_MAX_ROWS)
        return FALSE;
      p++;
    }
  if (*p != '\0' || (c == 0 && r == 0))
    return FALSE;
  if (col != NULL)
    *col = c > 0 ? (guint) c - 1 : G_MAXUINT;
  if (row != NULL)
    *row = (guint) r;
  return TRUE;
}

static char *
cell_name (guint col,
           guint row)
{
  g_autofree char *letters = cf_xlsx_column_name (col);

  return g_strdup_printf ("%s%u", letters, row);
}

static void
serial_to_text (double   serial,
                gboolean date1904,
                GString *out)
{
  double days = floor (serial);
  int seconds = (int) floor ((serial - days) * 86400.0 + 0.5);
  GDate date;

  if (date1904)
    days += 1462;
  /* 1900 system, with its phantom 29 February 1900 (serial 60). */
  if (days >= 61)
    days -= 1;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 1899);
  g_date_add_days (&date, (guint) days);

  if (seconds >= 86400)
    {
      g_date_add_days (&date, 1);
      seconds -= 86400;
    }

  g_string_append_printf (out, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
  if (seconds > 0)
    g_string_append_printf (out, " %02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
}

static void
number_to_text (const char *raw,
                GString    *out)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end = NULL;
  double value;
  gsize digits = strspn (raw, "0123456789");

  /* Most cells are plain integers: as they are. */
  if (digits > 0 && digits < 16 && raw[digits] == '\0' && (raw[0] != '0' || digits == 1))
    {
      g_string_append_len (out, raw, digits);
      return;
    }

  value = g_ascii_strtod (raw, &end);

  if (end == raw || *end != '\0' || !isfinite (value))
    {
      g_string_append (out, raw);
      return;
    }
  if (value == floor (value) && fabs (value) < 1e15)
    g_string_append_printf (out, "%.0f", value == 0 ? 0.0 : value);
  else
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
}

static gboolean
is_date_style (SheetState *state)
{
  return state->style < state->reader->date_styles->len &&
         g_array_index (state->reader->date_styles, gboolean, state->style);
}

/* Turns the raw <v>/<is> text into the cell's text in state->texts. */
static gboolean
finish_cell (SheetState  *state,
             GError     **error)
{
  const char *type = state->type;
  CellRef ref;
  gsize before;

  if (!state->has_value)
    return TRUE;

  ref.col = state->col;
  ref.offset = before = state->texts->len;

  if (g_str_equal (type, "s"))
    {
      char *end = NULL;
      guint64 index = g_ascii_strtoull (state->value->str, &end, 10);

      if (end == state->value->str || *end != '\0' || index >= state->reader->shared->len)
        {
          g_autofree char *name = cell_name (state->col, state->row);

          g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                       _("The workbook is damaged: cell %s of sheet “%s” points to a text "
                         "that does not exist."), name, state->sheet);
          return FALSE;
        }
      g_string_append (state->texts, g_ptr_array_index (state->reader->shared, index));
    }
  else if (g_str_equal (type, "inlineStr") || g_str_equal (type, "str") || g_str_equal (type, "e"))
    g_string_append (state->texts, state->value->str);
  else if (g_str_equal (type, "b"))
    g_string_append (state->texts, g_str_equal (state->value->str, "1") ? "TRUE" : "FALSE");
  else if (g_str_equal (type, "d"))
    {
      /* ISO 8601; midnight is a plain date. */
      const char *v = state->value->str;

      if (strlen (v) >= 10 && (v[10] == '\0' || g_str_has_prefix (v + 10, "T00:00:00")))
        g_string_append_len (state->texts, v, 10);
      else
        g_string_append (state->texts, v);
    }
  else
    {
      char *end = NULL;
      double value = 0;

      if (is_date_style (state))
        value = g_ascii_strtod (state->value->str, &end);
      if (end != NULL && end != state->value->str && *end == '\0' && value >= 1 && value < 2958466)
        serial_to_text (value, state->reader->date1904, state->texts);
      else
        number_to_text (state->value->str, state->texts);
    }

  /* An empty text is an empty cell. */
  if (state->texts->len == before)
    return TRUE;

  g_string_append_c (state->texts, '\0');
  g_array_append_val (state->refs, ref);
  return TRUE;
}

static gboolean
emit_row (SheetState     *state,
          CfXlsxRowFunc   func,
          gpointer        user_data,
          gboolean       *stop,
          GError        **error)
{
  guint n = 0;
  gboolean keep_going;

  if (state->refs->len == 0)
    return TRUE;

  for (guint i = 0; i < state->refs->len; i++)
    n = MAX (n, g_array_index (state->refs, CellRef, i).col + 1);
  if (state->cells->len < n)
    g_ptr_array_set_size (state->cells, n);

  for (guint i = 0; i < state->refs->len; i++)
    {
      CellRef *ref = &g_array_index (state->refs, CellRef, i);

      state->cells->pdata[ref->col] = state->texts->str + ref->offset;
    }

  keep_going = func (state->row, (const char * const *) state->cells->pdata, n, user_data, error);

  for (guint i = 0; i < state->refs->len; i++)
    state->cells->pdata[g_array_index (state->refs, CellRef, i).col] = NULL;
  g_array_set_size (state->refs, 0);
  g_string_truncate (state->texts, 0);

  if (!keep_going)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      *stop = TRUE;
    }
  return TRUE;
}

/* Sheets are read with libxml2's SAX2 push parser rather than
 * xmlTextReader: no node is built per cell, which makes a 20,000-row sheet
 * about twice as fast to read. */
typedef struct
{
  SheetState        state;
  xmlParserCtxtPtr  ctxt;
  CfXlsxRowFunc     func;
  gpointer          user_data;
  GCancellable     *cancellable;
  const char       *path;
  GString          *t_raw;       /* an inline <t>, decoded when it ends */
  GError           *error;
  char             *xml_error;
  gboolean          stop;
  gboolean          in_row, in_cell, in_v, in_is, in_t;
  guint             skip;        /* depth inside <rPh> (phonetic guides) */
  guint             rows_seen;
} Sax;

static void
sax_fail (Sax *sax)
{
  xmlStopParser (sax->ctxt);
}

/* SAX2 attribute values are not NUL-terminated: copy the few we need. */
static void
sax_attributes (const xmlChar **attributes,
                int             n_attributes,
                const char    **names,
                char          (*values)[ATTR_MAX],
                gboolean       *present,
                guint           n)
{
  for (guint i = 0; i < n; i++)
    present[i] = FALSE;

  for (int a = 0; a < n_attributes; a++)
    {
      const char *local = (const char *) attributes[a * 5];
      const char *begin = (const char *) attributes[a * 5 + 3];
      const char *end = (const char *) attributes[a * 5 + 4];

      for (guint i = 0; i < n; i++)
        if (!present[i] && g_strcmp0 (local, names[i]) == 0)
          {
            gsize length = end - begin;

            if (length >= ATTR_MAX)
              g_strlcpy (values[i], "!", ATTR_MAX);
            else
              {
                memcpy (values[i], begin, length);
                values[i][length] = '\0';
              }
            present[i] = TRUE;
          }
    }
}

static void
sax_start_element (void           *data,
                   const xmlChar  *localname,
                   const xmlChar  *prefix,
                   const xmlChar  *uri,
                   int             n_namespaces,
                   const xmlChar **namespaces,
                   int             n_attributes,
                   int             n_defaulted,
                   const xmlChar **attributes)
{
  Sax *sax = data;
  SheetState *state = &sax->state;
  const char *name = (const char *) localname;

  if (sax->error != NULL || sax->stop)
    return;
  if (sax->skip > 0)
    {
      sax->skip++;
      return;
    }

  if (g_str_equal (name, "row"))
    {
      static const char *row_names[] = { "r" };
      char values[1][ATTR_MAX];
      gboolean present[1];
      guint number = state->row + 1;

      sax_attributes (attributes, n_attributes, row_names, values, present, 1);
      if (present[0] && (!parse_reference (values[0], NULL, &number) || number == 0))
        {
          g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                       _("The workbook is damaged: sheet “%s” has a row numbered “%s”."),
                       state->sheet, values[0]);
          sax_fail (sax);
          return;
        }
      if (number > CF_XLSX_MAX_ROWS)
        {
          g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
                       _("Sheet “%s” has more than %d rows."), state->sheet, CF_XLSX_MAX_ROWS);
          sax_fail (sax);
          return;
        }
      state->row = number;
      state->col = G_MAXUINT;
      sax->in_row = TRUE;

      if (++sax->rows_seen % CANCEL_CHECK_ROWS == 0 &&
          g_cancellable_set_error_if_cancelled (sax->cancellable, &sax->error))
        sax_fail (sax);
    }
  else if (g_str_equal (name, "c") && sax->in_row)
    {
      static const char *cell_names[] = { "r", "s", "t" };
      char values[3][ATTR_MAX];
      gboolean present[3];
      guint col = state->col == G_MAXUINT ? 0 : state->col + 1;
      guint row = state->row;

      sax_attributes (attributes, n_attributes, cell_names, values, present, 3);
      if (present[0] && (!parse_reference (values[0], &col, &row) || col == G_MAXUINT))
        {
          g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                       _("The workbook is damaged: sheet “%s” has a cell named “%s”."),
                       state->sheet, values[0]);
          sax_fail (sax);
          return;
        }
      if (col >= CF_XLSX_MAX_COLUMNS)
        {
          g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
                       _("Sheet “%s” has more than %d columns."), state->sheet, CF_XLSX_MAX_COLUMNS);
          sax_fail (sax);
          return;
        }
      state->col = col;
      g_strlcpy (state->type, present[2] ? values[2] : "n", sizeof state->type);
      state->style = present[1] ? (guint) MIN (g_ascii_strtoull (values[1], NULL, 10), G_MAXUINT) : 0;
      state->has_value = FALSE;
      g_string_truncate (state->value, 0);
      sax->in_cell = TRUE;
    }
  else if (sax->in_cell && g_str_equal (name, "f"))
    {
      g_autofree char *cell = cell_name (state->col, state->row);

      g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_FORMULA,
                   _("Cell %s of sheet “%s” holds a formula. Certifica imports values only: "
                     "copy the cells and paste them as values, save, and import again."),
                   cell, state->sheet);
      sax_fail (sax);
    }
  else if (sax->in_cell && g_str_equal (name, "v"))
    {
      sax->in_v = TRUE;
      state->has_value = TRUE;
    }
  else if (sax->in_cell && g_str_equal (name, "is"))
    {
      sax->in_is = TRUE;
      state->has_value = TRUE;
    }
  else if (sax->in_is && g_str_equal (name, "rPh"))
    sax->skip = 1;
  else if (sax->in_is && g_str_equal (name, "t"))
    sax->in_t = TRUE;
  else if (g_str_equal (name, "mergeCell"))
    {
      static const char *merge_names[] = { "ref" };
      char values[1][ATTR_MAX];
      gboolean present[1];

      sax_attributes (attributes, n_attributes, merge_names, values, present, 1);
      g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_MERGED,
                   _("Cells %s of sheet “%s” are merged. Unmerge them and fill in every "
                     "row, save, and import again."),
                   present[0] ? values[0] : "?", state->sheet);
      sax_fail (sax);
    }
}

static void
sax_end_element (void          *data,
                 const xmlChar *localname,
                 const xmlChar *prefix,
                 const xmlChar *uri)
{
  Sax *sax = data;
  const char *name = (const char *) localname;

  if (sax->error != NULL || sax->stop)
    return;
  if (sax->skip > 0)
    {
      sax->skip--;
      return;
    }

  if (g_str_equal (name, "v"))
    sax->in_v = FALSE;
  else if (g_str_equal (name, "t"))
    {
      /* Text may come in several pieces: "_x000D_" is decoded whole. */
      if (sax->in_t)
        append_unescaped_len (sax->state.value, sax->t_raw->str, sax->t_raw->len);
      g_string_truncate (sax->t_raw, 0);
      sax->in_t = FALSE;
    }
  else if (g_str_equal (name, "is"))
    sax->in_is = sax->in_t = FALSE;
  else if (g_str_equal (name, "c") && sax->in_cell)
    {
      sax->in_cell = sax->in_v = sax->in_is = sax->in_t = FALSE;
      if (!finish_cell (&sax->state, &sax->error))
        sax_fail (sax);
    }
  else if (g_str_equal (name, "row") && sax->in_row)
    {
      sax->in_row = FALSE;
      if (!emit_row (&sax->state, sax->func, sax->user_data, &sax->stop, &sax->error) || sax->stop)
        sax_fail (sax);
    }
}

static void
sax_characters (void          *data,
                const xmlChar *text,
                int            length)
{
  Sax *sax = data;
  SheetState *state = &sax->state;

  if (sax->error != NULL || sax->stop || sax->skip > 0 || !(sax->in_v || sax->in_t))
    return;

  g_string_append_len (sax->in_t ? sax->t_raw : state->value, (const char *) text, length);

  /* Bytes bound characters from above: count only past the limit. */
  if (state->value->len + sax->t_raw->len > CF_XLSX_MAX_CELL_CHARS &&
      g_utf8_strlen (state->value->str, state->value->len) +
      g_utf8_strlen (sax->t_raw->str, sax->t_raw->len) > CF_XLSX_MAX_CELL_CHARS)
    {
      g_autofree char *cell = cell_name (state->col, state->row);

      g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_TOO_LARGE,
                   _("Cell %s of sheet “%s” holds more than %d characters."),
                   cell, state->sheet, CF_XLSX_MAX_CELL_CHARS);
      sax_fail (sax);
    }
}

static void
sax_internal_subset (void          *data,
                     const xmlChar *name,
                     const xmlChar *external_id,
                     const xmlChar *system_id)
{
  Sax *sax = data;

  /* OOXML has no DTD; one here can only be an entity-expansion trap. */
  if (sax->error == NULL)
    g_set_error (&sax->error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                 _("The workbook is damaged: its part %s declares a document type."),
                 sax->path);
  sax_fail (sax);
}

static void
sax_error (void        *data,
           xmlErrorPtr  error)
{
  Sax *sax = data;

  if (sax->xml_error == NULL && error != NULL && error->message != NULL)
    sax->xml_error = g_strstrip (g_strdup (error->message));
}

gboolean
cf_xlsx_reader_read_sheet (CfXlsxReader   *self,
                           guint           index,
                           CfXlsxRowFunc   func,
                           gpointer        user_data,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(GsfInput) input = NULL;
  xmlSAXHandler handler;
  Sax sax = { { 0 } };
  const char *path;
  gsize total = 0;
  guint8 buffer[64 * 1024];
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (index >= self->sheet_paths->len)
    {
      g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_NO_SHEET,
                   _("The workbook has no sheet number %u."), index + 1);
      return FALSE;
    }

  if (!prepare (self, error))
    return FALSE;

  path = g_ptr_array_index (self->sheet_paths, index);
  input = find_member (self->zip, path);
  if (input == NULL || is_folder (input))
    {
      g_set_error (error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                   _("The workbook is damaged: its part %s is missing."), path);
      return FALSE;
    }
  if (gsf_input_size (input) > CF_XLSX_MAX_SHEET_BYTES)
    {
      set_too_large (error, path, CF_XLSX_MAX_SHEET_BYTES);
      return FALSE;
    }

  memset (&handler, 0, sizeof handler);
  handler.initialized = XML_SAX2_MAGIC;
  handler.startElementNs = sax_start_element;
  handler.endElementNs = sax_end_element;
  handler.characters = sax_characters;
  handler.cdataBlock = sax_characters;
  handler.internalSubset = sax_internal_subset;
  handler.serror = sax_error;

  sax.state.reader = self;
  sax.state.sheet = g_ptr_array_index (self->sheet_names, index);
  sax.state.value = g_string_new (NULL);
  sax.state.texts = g_string_new (NULL);
  sax.state.refs = g_array_new (FALSE, FALSE, sizeof (CellRef));
  sax.state.cells = g_ptr_array_new ();
  sax.func = func;
  sax.user_data = user_data;
  sax.cancellable = cancellable;
  sax.path = path;
  sax.t_raw = g_string_new (NULL);

  sax.ctxt = xmlCreatePushParserCtxt (&handler, &sax, NULL, 0, path);
  xmlCtxtUseOptions (sax.ctxt, XML_PARSE_NONET);

  for (;;)
    {
      gsf_off_t remaining = gsf_input_remaining (input);
      size_t n = MIN ((gsf_off_t) sizeof buffer, MAX (remaining, 0));
      int rc;

      if (n > 0 && gsf_input_read (input, n, buffer) == NULL)
        {
          if (sax.error == NULL)
            g_set_error (&sax.error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                         _("The workbook is damaged: its part %s cannot be read."), path);
          break;
        }
      total += n;
      /* The zip's declared size can lie (a zip bomb): count what comes out. */
      if (total > CF_XLSX_MAX_SHEET_BYTES)
        {
          if (sax.error == NULL)
            set_too_large (&sax.error, path, CF_XLSX_MAX_SHEET_BYTES);
          break;
        }

      rc = xmlParseChunk (sax.ctxt, (const char *) buffer, (int) n, n == 0);
      if (sax.error != NULL || sax.stop)
        break;
      if (rc != 0 || !sax.ctxt->wellFormed)
        {
          g_set_error (&sax.error, CF_XLSX_ERROR, CF_XLSX_ERROR_MALFORMED,
                       _("The workbook is damaged: its part %s is not valid XML (%s)."), path,
                       sax.xml_error != NULL ? sax.xml_error : _("unexpected end"));
          break;
        }
      if (n == 0)
        break;
    }

  ok = sax.error == NULL;
  if (!ok)
    g_propagate_error (error, sax.error);

  xmlFreeParserCtxt (sax.ctxt);
  g_free (sax.xml_error);
  g_string_free (sax.t_raw, TRUE);
  g_string_free (sax.state.value, TRUE);
  g_string_free (sax.state.texts, TRUE);
  g_array_unref (sax.state.refs);
  g_ptr_array_unref (sax.state.cells);
  return ok;
}
