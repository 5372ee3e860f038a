/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-dec-check.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-finding.h"

struct _CfDecCheck
{
  GObject       parent_instance;

  CfDecFlavour  flavour;
  GBytes       *bytes;
  CfDec        *dec;
  GPtrArray    *findings;
};

G_DEFINE_FINAL_TYPE (CfDecCheck, cf_dec_check, G_TYPE_OBJECT)

static void
cf_dec_check_finalize (GObject *object)
{
  CfDecCheck *self = CF_DEC_CHECK (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_object (&self->dec);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_dec_check_parent_class)->finalize (object);
}

static void
cf_dec_check_class_init (CfDecCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_dec_check_finalize;
}

static void
cf_dec_check_init (CfDecCheck *self)
{
  self->findings = cf_finding_list_new ();
}

/* ------------------------------------------------------------------ */
/* Reading a file, size first                                          */
/* ------------------------------------------------------------------ */

static void
set_too_large (GError     **error,
               GFile       *file,
               guint64      size,
               gsize        max_size)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name != NULL ? name : "");
  g_autofree char *limit = g_format_size (max_size);

  if (size > 0)
    {
      g_autofree char *text = g_format_size (size);

      g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE,
                   _("“%s” is too large to be a certificate (%s; the limit is %s). "
                     "Open the certificate’s XML or PDF file."),
                   display, text, limit);
    }
  else
    g_set_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE,
                 _("“%s” is too large to be a certificate (the limit is %s). "
                   "Open the certificate’s XML or PDF file."),
                 display, limit);
}

GBytes *
cf_dec_read_file_bounded (GFile         *file,
                          gsize          max_size,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  gsize used = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  /* The size of what was opened (fstat), not of what the name points to
   * by now: a file over the limit is refused before any of it is read. */
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      (guint64) g_file_info_get_size (info) > max_size)
    {
      set_too_large (error, file, (guint64) g_file_info_get_size (info), max_size);
      return NULL;
    }

  /* A file that grows while it is read (or reports no size) stops at the
   * limit too. */
  buffer = g_byte_array_sized_new (64 * 1024);
  for (;;)
    {
      gssize n;

      if (buffer->len - used < 64 * 1024)
        g_byte_array_set_size (buffer, MIN (buffer->len * 2 + 64 * 1024, (guint) max_size + 1));
      if (used == buffer->len)
        {
          set_too_large (error, file, 0, max_size);
          return NULL;
        }
      n = g_input_stream_read (G_INPUT_STREAM (stream), buffer->data + used, buffer->len - used,
                               cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      used += (gsize) n;
    }
  if (used > max_size)
    {
      set_too_large (error, file, used, max_size);
      return NULL;
    }
  g_byte_array_set_size (buffer, (guint) used);
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* ------------------------------------------------------------------ */
/* Flavours                                                            */
/* ------------------------------------------------------------------ */

static gboolean
has_child (xmlNode    *root,
           const char *name)
{
  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && strcmp ((const char *) child->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* The same root, namespace and version for both levels (domain reference,
 * section 7): tipoCertificado and the nodes tell them apart. */
static CfDecFlavour
flavour_of (xmlDoc *doc)
{
  static const char * const iems_tipos[] = { "1", "2", "12", "13", "14", "15", "16", NULL };
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *tipo = NULL;

  if (root == NULL)
    return CF_DEC_FLAVOUR_UNKNOWN;
  {
    xmlChar *value = xmlGetNoNsProp (root, (const xmlChar *) "tipoCertificado");

    tipo = g_strstrip (g_strdup (value != NULL ? (const char *) value : ""));
    xmlFree (value);
  }
  if (g_str_equal (tipo, CF_DEC_TIPO_CERTIFICADO_IPES) || has_child (root, "Ipes"))
    return CF_DEC_FLAVOUR_IPES;
  if (g_strv_contains (iems_tipos, tipo) || has_child (root, "Iems") || has_child (root, "FirmaResponsable"))
    return CF_DEC_FLAVOUR_IEMS;
  return CF_DEC_FLAVOUR_UNKNOWN;
}

CfDecCheck *
cf_dec_check_bytes (GBytes                      *bytes,
                    const char                  *name,
                    const CfDecValidateOptions  *options,
                    GError                     **error)
{
  g_autoptr(CfDecCheck) self = NULL;
  gsize size;
  const char *data;
  xmlDoc *doc;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CF_TYPE_DEC_CHECK, NULL);
  self->bytes = g_bytes_ref (bytes);
  data = g_bytes_get_data (bytes, &size);
  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      self->flavour = CF_DEC_FLAVOUR_PDF;
      return g_steal_pointer (&self);
    }

  doc = cf_dec_xml_parse_data (data != NULL ? data : "", size, name, error);
  if (doc == NULL)
    return NULL;
  self->flavour = flavour_of (doc);
  if (self->flavour == CF_DEC_FLAVOUR_IPES)
    {
      g_autoptr(GPtrArray) findings = cf_dec_validate_doc (doc, options, error);

      if (findings == NULL || (self->dec = cf_dec_xml_read_doc (doc, error)) == NULL)
        {
          xmlFreeDoc (doc);
          return NULL;
        }
      g_ptr_array_extend_and_steal (self->findings, g_steal_pointer (&findings));
    }
  xmlFreeDoc (doc);
  return g_steal_pointer (&self);
}

CfDecCheck *
cf_dec_check_dec (CfDec                       *dec,
                  const CfDecValidateOptions  *options,
                  GError                     **error)
{
  g_autoptr(CfDecCheck) self = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);

  findings = cf_dec_validate_full (dec, options, error);
  if (findings == NULL)
    return NULL;
  self = g_object_new (CF_TYPE_DEC_CHECK, NULL);
  self->flavour = CF_DEC_FLAVOUR_IPES;
  self->dec = cf_dec_copy (dec);
  g_ptr_array_extend_and_steal (self->findings, g_steal_pointer (&findings));
  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* In a worker                                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  GFile                *file;
  CfDec                *dec;
  CfDecValidateOptions  options;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->file);
  g_clear_object (&job->dec);
  g_clear_object (&job->options.signer);
  g_free (job);
}

static Job *
job_new (const CfDecValidateOptions *options)
{
  Job *job = g_new0 (Job, 1);

  if (options != NULL)
    job->options = *options;
  else
    cf_dec_validate_options_init (&job->options);
  if (job->options.signer != NULL)
    g_object_ref (job->options.signer);
  return job;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  CfDecCheck *check;

  if (job->file != NULL)
    {
      g_autoptr(GBytes) bytes = cf_dec_read_file_bounded (job->file, CF_DEC_OPEN_MAX_SIZE, cancellable, &error);
      g_autofree char *base = g_file_get_basename (job->file);
      g_autofree char *display = g_filename_display_name (base != NULL ? base : "");
      g_autofree char *quoted = g_strdup_printf ("“%s”", display);

      check = bytes != NULL ? cf_dec_check_bytes (bytes, quoted, &job->options, &error) : NULL;
    }
  else
    check = cf_dec_check_dec (job->dec, &job->options, &error);

  if (check == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, check, g_object_unref);
}

void
cf_dec_check_file_async (GFile                       *file,
                         const CfDecValidateOptions  *options,
                         GCancellable                *cancellable,
                         GAsyncReadyCallback          callback,
                         gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (G_IS_FILE (file));

  job = job_new (options);
  job->file = g_object_ref (file);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_dec_check_finish);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, check_thread);
}

void
cf_dec_check_dec_async (CfDec                       *dec,
                        const CfDecValidateOptions  *options,
                        GCancellable                *cancellable,
                        GAsyncReadyCallback          callback,
                        gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CF_IS_DEC (dec));

  job = job_new (options);
  job->dec = cf_dec_copy (dec);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_dec_check_finish);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, check_thread);
}

CfDecCheck *
cf_dec_check_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_dec_check_finish, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Getters                                                             */
/* ------------------------------------------------------------------ */

CfDecFlavour
cf_dec_check_get_flavour (CfDecCheck *self)
{
  g_return_val_if_fail (CF_IS_DEC_CHECK (self), CF_DEC_FLAVOUR_UNKNOWN);
  return self->flavour;
}

GBytes *
cf_dec_check_get_bytes (CfDecCheck *self)
{
  g_return_val_if_fail (CF_IS_DEC_CHECK (self), NULL);
  return self->bytes;
}

CfDec *
cf_dec_check_get_dec (CfDecCheck *self)
{
  g_return_val_if_fail (CF_IS_DEC_CHECK (self), NULL);
  return self->dec;
}

GPtrArray *
cf_dec_check_get_findings (CfDecCheck *self)
{
  g_return_val_if_fail (CF_IS_DEC_CHECK (self), NULL);
  return self->findings;
}

guint
cf_dec_check_count_errors (CfDecCheck *self)
{
  guint n = 0;

  g_return_val_if_fail (CF_IS_DEC_CHECK (self), 0);

  for (guint i = 0; i < self->findings->len; i++)
    n += cf_finding_is_error (g_ptr_array_index (self->findings, i)) ? 1 : 0;
  return n;
}

char *
cf_dec_describe_path (const char *path)
{
  g_auto(GStrv) parts = NULL;
  GString *out = g_string_new (NULL);

  if (path == NULL || g_str_has_prefix (path, "/Dec") == FALSE || path[4] == '\0')
    {
      g_string_free (out, TRUE);
      /* Translators: a finding about the certificate as a whole. */
      return g_strdup (_("Certificate"));
    }
  parts = g_strsplit (path + 5, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = parts[i];
      char *bracket = strchr (part, '[');

      /* "Asignaturas/Asignatura[3]": the subject names its list. */
      if (*part == '\0' || (parts[i + 1] != NULL && strchr (parts[i + 1], '[') != NULL))
        continue;
      if (out->len > 0)
        g_string_append (out, " › ");
      if (*part == '@')
        g_string_append (out, part + 1);
      else if (bracket != NULL)
        {
          /* "Asignatura[3]" → "Asignatura 3" */
          g_string_append_len (out, part, bracket - part);
          g_string_append_c (out, ' ');
          g_string_append_len (out, bracket + 1, strcspn (bracket + 1, "]"));
        }
      else if (g_str_equal (part, "Dec"))
        g_string_append (out, _("Certificate"));
      else
        g_string_append (out, part);
    }
  return g_string_free (out, FALSE);
}
