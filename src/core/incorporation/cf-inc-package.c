/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-package.c: the .zip for SEP. Everything is gathered in memory
 * first (the files are small: a workbook, a few letters and scans), so
 * nothing is written when any part fails; then written atomically and read
 * back through libgsf as SEP's side would. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-utils.h>

#include "cf-atomic-file.h"
#include "cf-inc-campus.h"
#include "cf-inc-package.h"
#include "cf-inc-registro.h"
#include "cf-incorporation-repo.h"

G_DEFINE_QUARK (cf-inc-package-error-quark, cf_inc_package_error)

void
cf_inc_package_member_free (CfIncPackageMember *member)
{
  if (member == NULL)
    return;
  g_free (member->name);
  g_free (member->sha256);
  g_free (member);
}

typedef struct
{
  char   *name;
  GBytes *bytes;
} Part;

static void
part_free (gpointer data)
{
  Part *part = data;

  g_free (part->name);
  g_bytes_unref (part->bytes);
  g_free (part);
}

static void
add_part (GPtrArray  *parts,
          char       *name,
          GBytes     *bytes)
{
  Part *part = g_new0 (Part, 1);

  part->name = name;
  part->bytes = bytes;
  g_ptr_array_add (parts, part);
}

/* "png", "jpeg", "pdf"… from the name, else from the contents. */
static char *
dup_extension (const char *path,
               GBytes     *bytes)
{
  const char *dot = path != NULL ? strrchr (path, '.') : NULL;
  g_autofree char *type = NULL;

  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL && dot[1] != '\0')
    return g_ascii_strdown (dot + 1, -1);
  type = g_content_type_guess (NULL, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
  if (g_str_has_suffix (type, "pdf"))
    return g_strdup ("pdf");
  if (g_str_has_suffix (type, "png"))
    return g_strdup ("png");
  if (g_str_has_suffix (type, "jpeg"))
    return g_strdup ("jpg");
  return g_strdup ("bin");
}

typedef struct
{
  const char *key;
  const char *stem;   /* the member's name without its extension */
  const char *what;   /* for people */
} Attachment;

static const Attachment attachments[] = {
  { CF_INC_DOC_NOMBRAMIENTO, CF_INC_PACKAGE_NOMBRAMIENTO, N_("The scan of the Oficio de Nombramiento, Sello y Firma") },
  { CF_INC_DOC_REGISTRO, CF_INC_PACKAGE_REGISTRO, N_("The scan of the Registro de establecimiento educativo") },
  { CF_INC_LOGO, CF_INC_PACKAGE_LOGO, N_("The logo") },
};

static const char *
attachment_path (const CfIncPackageOptions *options,
                 guint                      i)
{
  switch (i)
    {
    case 0: return options->nombramiento_path;
    case 1: return options->registro_path;
    default: return options->logo_path;
    }
}

/* The file the user chose (a copy in the store), or the path given. */
static GBytes *
load_attachment (CfIncorporation           *incorporation,
                 const CfIncPackageOptions *options,
                 guint                      i,
                 char                     **name,
                 GError                   **error)
{
  const char *path = attachment_path (options, i);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *ext = NULL;
  g_autofree char *file_name = NULL;
  g_autoptr(GError) local_error = NULL;

  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
    }
  else
    bytes = cf_incorporation_get_file (incorporation, attachments[i].key, &file_name, NULL, &local_error);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_MISSING,
                   /* Translators: what (“The logo”), then why. */
                   _("%s cannot be read: %s"), _(attachments[i].what),
                   local_error != NULL ? local_error->message : _("the file is empty."));
      return NULL;
    }
  ext = dup_extension (path != NULL ? path : file_name, bytes);
  *name = g_strdup_printf ("%s.%s", attachments[i].stem, ext);
  return g_steal_pointer (&bytes);
}

/* Signers set for a campus but not in the store, and a campus without a
 * DGP key cannot be named in a file. */
static void
add_campus_missing (GPtrArray *missing,
                    GPtrArray *campuses)
{
  for (guint i = 0; i < campuses->len; i++)
    {
      const CfIncCampus *c = g_ptr_array_index (campuses, i);

      for (guint j = 0; j < i; j++)
        {
          const CfIncCampus *other = g_ptr_array_index (campuses, j);

          if (*c->id_campus != '\0' && g_str_equal (c->id_campus, other->id_campus))
            g_ptr_array_add (missing, g_strdup_printf (_("Campus %u and campus %u have the same DGP key, %s: each "
                                                         "campus needs its own."), other->index, c->index, c->id_campus));
        }
      if (*c->signer_number != '\0' && c->certificate == NULL)
        g_ptr_array_add (missing, g_strdup_printf (_("The signer of campus %u (certificate %s) is not among the "
                                                     "signers any more: choose the signer again."),
                                                   c->index, c->signer_number));
    }
}

GPtrArray *
cf_inc_package_dup_missing (CfIncorporation           *incorporation,
                            CfStore                   *store,
                            const CfIncPackageOptions *options)
{
  GPtrArray *missing = cf_incorporation_dup_missing (incorporation, CF_INCORPORATION_STAGE_REGISTRO);
  g_autoptr(GPtrArray) campuses = NULL;
  g_autoptr(GError) error = NULL;

  /* A stage marked done lists nothing; the package still needs it all. */
  if (cf_incorporation_get_state (incorporation, CF_INCORPORATION_STAGE_REGISTRO) == CF_INCORPORATION_DONE &&
      cf_incorporation_get_value (incorporation, CF_INC_NOMBRE) == NULL)
    g_ptr_array_add (missing, g_strdup (_("The institution’s name.")));
  campuses = cf_inc_campus_list (incorporation, store, &error);
  if (campuses == NULL)
    g_ptr_array_add (missing, g_strdup (error->message));
  else
    add_campus_missing (missing, campuses);
  for (guint i = 0; i < G_N_ELEMENTS (attachments); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;

      /* Not entered at all: cf_incorporation_dup_missing() said so. */
      if (cf_incorporation_get_value (incorporation, attachments[i].key) == NULL && attachment_path (options, i) == NULL)
        continue;
      bytes = load_attachment (incorporation, options, i, &name, &local_error);
      if (bytes == NULL)
        g_ptr_array_add (missing, g_strdup (local_error->message));
    }
  if (options->letter == NULL)
    g_ptr_array_add (missing, g_strdup (_("The letters cannot be drawn here.")));
  return missing;
}

static char *
join_missing (GPtrArray *missing)
{
  GString *text = g_string_new (_("The package cannot be built yet. Missing:"));

  for (guint i = 0; i < missing->len; i++)
    g_string_append_printf (text, "\n• %s", (char *) g_ptr_array_index (missing, i));
  return g_string_free (text, FALSE);
}

static GBytes *
write_workbook (CfIncorporation  *incorporation,
                CfStore          *store,
                GError          **error)
{
  g_autoptr(CfIncRegistro) registro = cf_inc_registro_new_default (error);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  GBytes *bytes;

  if (registro == NULL)
    return NULL;
  dir = g_dir_make_tmp ("certifica-registro-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, CF_INC_PACKAGE_WORKBOOK, NULL);
  file = g_file_new_for_path (path);
  bytes = cf_inc_registro_write (registro, incorporation, store, path, error)
          ? g_file_load_bytes (file, NULL, NULL, error) : NULL;
  g_unlink (path);
  g_rmdir (dir);
  return bytes;
}

char *
cf_inc_package_write_temp_file (GBytes      *bytes,
                                const char  *name,
                                char       **tmp_dir)
{
  g_autofree char *path = NULL;

  *tmp_dir = g_dir_make_tmp ("certifica-inc-XXXXXX", NULL);
  if (*tmp_dir == NULL)
    return NULL;
  path = g_build_filename (*tmp_dir, name, NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    {
      g_rmdir (*tmp_dir);
      g_clear_pointer (tmp_dir, g_free);
      return NULL;
    }
  return g_steal_pointer (&path);
}

void
cf_inc_package_remove_temp_file (char *path,
                                 char *tmp_dir)
{
  if (path != NULL)
    g_unlink (path);
  if (tmp_dir != NULL)
    g_rmdir (tmp_dir);
  g_free (path);
  g_free (tmp_dir);
}

/* Every part, in the order of the zip; NULL and @error on a failure. */
static GPtrArray *
gather (CfIncorporation           *incorporation,
        CfStore                   *store,
        const CfIncPackageOptions *options,
        GCancellable              *cancellable,
        GError                   **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (part_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (part_free);
  g_autoptr(GPtrArray) campuses = cf_inc_campus_list (incorporation, store, error);
  g_autoptr(GHashTable) cers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *logo_path = NULL;
  g_autofree char *tmp_dir = NULL;
  GBytes *bytes;
  gboolean ok = FALSE;

  if (campuses == NULL)
    return NULL;
  /* The scans and the logo first: the letters draw the logo. */
  for (guint i = 0; i < G_N_ELEMENTS (attachments); i++)
    {
      char *name = NULL;

      bytes = load_attachment (incorporation, options, i, &name, error);
      if (bytes == NULL)
        return NULL;
      add_part (files, name, bytes);
    }
  /* The letters draw the logo from a file: its own, or a copy of the
   * store's. */
  if (options->logo_path != NULL)
    logo_path = g_strdup (options->logo_path);
  else
    {
      const Part *logo = g_ptr_array_index (files, G_N_ELEMENTS (attachments) - 1);

      logo_path = cf_inc_package_write_temp_file (logo->bytes, logo->name, &tmp_dir);
    }

  bytes = write_workbook (incorporation, store, error);
  if (bytes == NULL)
    goto out;
  add_part (parts, g_strdup (CF_INC_PACKAGE_WORKBOOK), bytes);
  for (guint i = 0; i < campuses->len; i++)
    {
      const CfIncCampus *c = g_ptr_array_index (campuses, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      bytes = options->letter (incorporation, store, c->index, logo_path, options->letter_data, cancellable, error);
      if (bytes == NULL)
        goto out;
      add_part (parts, g_strdup_printf (CF_INC_PACKAGE_LETTER, c->id_campus), bytes);
    }
  /* A scan of a letter as signed, when the user kept one, goes beside it. */
  for (guint i = 0; i < campuses->len; i++)
    {
      const CfIncCampus *c = g_ptr_array_index (campuses, i);
      g_autofree char *key = g_strdup_printf (CF_INC_FILE_OFICIO, c->index);
      g_autofree char *file_name = NULL;
      g_autofree char *ext = NULL;

      bytes = cf_incorporation_get_file (incorporation, key, &file_name, NULL, NULL);
      if (bytes == NULL)
        continue;
      ext = dup_extension (file_name, bytes);
      add_part (parts, g_strdup_printf (CF_INC_PACKAGE_SIGNED_LETTER ".%s", c->id_campus, ext), bytes);
    }
  /* The same person may sign for several campuses: one .cer each. */
  for (guint i = 0; i < campuses->len; i++)
    {
      const CfIncCampus *c = g_ptr_array_index (campuses, i);

      if (g_hash_table_contains (cers, c->signer_number))
        continue;
      g_hash_table_add (cers, c->signer_number);
      add_part (parts, g_strdup_printf (CF_INC_PACKAGE_CER, c->signer_number),
                g_bytes_ref (cf_certificate_get_der (c->certificate)));
    }
  g_ptr_array_extend_and_steal (parts, g_steal_pointer (&files));
  ok = TRUE;
out:
  if (tmp_dir != NULL)
    cf_inc_package_remove_temp_file (g_steal_pointer (&logo_path), g_steal_pointer (&tmp_dir));
  return ok ? g_steal_pointer (&parts) : NULL;
}

static char *
dup_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static gboolean
write_zip (GPtrArray   *parts,
           const char  *path,
           GError     **error)
{
  GsfOutput *memory = gsf_output_memory_new ();
  GsfOutfile *zip;
  g_autoptr(GError) local_error = NULL;
  gboolean ok = FALSE;

  zip = gsf_outfile_zip_new (memory, &local_error);
  if (zip == NULL)
    goto out;
  for (guint i = 0; i < parts->len; i++)
    {
      const Part *part = g_ptr_array_index (parts, i);
      GsfOutput *child = gsf_outfile_new_child_full (zip, part->name, FALSE, "compression-level", GSF_ZIP_DEFLATED, NULL);
      gsize len;
      const guint8 *data = g_bytes_get_data (part->bytes, &len);
      gboolean written = child != NULL && gsf_output_write (child, len, data) && gsf_output_close (child);

      if (!written && local_error == NULL)
        local_error = g_error_new (CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_WRITE, "%s", part->name);
      g_clear_object (&child);
      if (!written)
        {
          gsf_output_close (GSF_OUTPUT (zip));
          goto out;
        }
    }
  if (!gsf_output_close (GSF_OUTPUT (zip)))
    {
      local_error = g_error_new_literal (CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_WRITE,
                                         gsf_output_error (GSF_OUTPUT (zip)) != NULL
                                         ? gsf_output_error (GSF_OUTPUT (zip))->message : "zip");
      goto out;
    }
  ok = cf_atomic_file_write (path, gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (memory)),
                             (gsize) gsf_output_size (memory), 0644, &local_error);
out:
  if (!ok)
    g_set_error (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_WRITE,
                 /* Translators: a path, then why. */
                 _("The package cannot be written as %s: %s"), path,
                 local_error != NULL ? local_error->message : "zip");
  g_clear_object (&zip);
  g_object_unref (memory);
  return ok;
}

GPtrArray *
cf_inc_package_verify (const char  *path,
                       GPtrArray   *expected,
                       guint64     *size,
                       GError     **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_inc_package_member_free);
  g_autoptr(GError) local_error = NULL;
  GsfInput *input = gsf_input_stdio_new (path, &local_error);
  GsfInfile *zip = NULL;
  int n;

  if (input != NULL)
    zip = gsf_infile_zip_new (input, &local_error);
  if (zip == NULL)
    {
      g_set_error (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_VERIFY,
                   _("The package %s cannot be opened again: %s"), path,
                   local_error != NULL ? local_error->message : "zip");
      g_clear_object (&input);
      return NULL;
    }
  if (size != NULL)
    *size = (guint64) gsf_input_size (input);
  n = gsf_infile_num_children (zip);
  for (int i = 0; i < n; i++)
    {
      GsfInput *child = gsf_infile_child_by_index (zip, i);
      CfIncPackageMember *member = g_new0 (CfIncPackageMember, 1);
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      gsf_off_t left = gsf_input_size (child);

      member->name = g_strdup (gsf_input_name (child));
      member->size = (guint64) left;
      while (left > 0)
        {
          gsize chunk = (gsize) MIN (left, 65536);
          const guint8 *data = gsf_input_read (child, chunk, NULL);

          if (data == NULL)
            break;
          g_checksum_update (checksum, data, chunk);
          left -= chunk;
        }
      member->sha256 = g_strdup (left == 0 ? g_checksum_get_string (checksum) : "");
      g_ptr_array_add (members, member);
      g_object_unref (child);
    }
  g_object_unref (zip);
  g_object_unref (input);

  if (expected != NULL)
    {
      gboolean same = members->len == expected->len;

      for (guint i = 0; same && i < members->len; i++)
        {
          const CfIncPackageMember *a = g_ptr_array_index (members, i);
          const CfIncPackageMember *b = g_ptr_array_index (expected, i);

          same = g_str_equal (a->name, b->name) && a->size == b->size && g_str_equal (a->sha256, b->sha256);
        }
      if (!same)
        {
          g_set_error (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_VERIFY,
                       _("The package %s, read back, is not what was written: build it again."), path);
          return NULL;
        }
    }
  return g_steal_pointer (&members);
}

GPtrArray *
cf_inc_package_write (CfIncorporation           *incorporation,
                      CfStore                   *store,
                      const CfIncPackageOptions *options,
                      const char                *path,
                      guint64                   *size,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_inc_package_member_free);

  g_return_val_if_fail (CF_IS_INCORPORATION (incorporation) && options != NULL && path != NULL, NULL);

  missing = cf_inc_package_dup_missing (incorporation, store, options);
  if (missing->len > 0)
    {
      g_autofree char *text = join_missing (missing);

      g_set_error_literal (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_MISSING, text);
      return NULL;
    }
  parts = gather (incorporation, store, options, cancellable, error);
  if (parts == NULL)
    return NULL;
  for (guint i = 0; i < parts->len; i++)
    {
      const Part *part = g_ptr_array_index (parts, i);
      CfIncPackageMember *member = g_new0 (CfIncPackageMember, 1);

      member->name = g_strdup (part->name);
      member->size = g_bytes_get_size (part->bytes);
      member->sha256 = dup_sha256 (part->bytes);
      g_ptr_array_add (expected, member);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !write_zip (parts, path, error))
    return NULL;
  return cf_inc_package_verify (path, expected, size, error);
}

/* ---- In a worker ---- */

typedef struct
{
  CfStore             *store;
  CfIncPackageOptions  options;
  char                *path;
  guint64              size;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *d = data;

  g_object_unref (d->store);
  g_free ((char *) d->options.logo_path);
  g_free ((char *) d->options.nombramiento_path);
  g_free ((char *) d->options.registro_path);
  g_free (d->path);
  g_free (d);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfIncorporation) incorporation = cf_incorporation_load (d->store, &error);
  GPtrArray *members = NULL;

  (void) source;
  if (incorporation != NULL)
    members = cf_inc_package_write (incorporation, d->store, &d->options, d->path, &d->size, cancellable, &error);
  if (members == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, members, (GDestroyNotify) g_ptr_array_unref);
}

void
cf_inc_package_write_async (CfStore                   *store,
                            const CfIncPackageOptions *options,
                            const char                *path,
                            GCancellable              *cancellable,
                            GAsyncReadyCallback        callback,
                            gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WriteData *d = g_new0 (WriteData, 1);

  g_return_if_fail (CF_IS_STORE (store) && options != NULL && path != NULL);

  d->store = g_object_ref (store);
  d->options = *options;
  d->options.logo_path = g_strdup (options->logo_path);
  d->options.nombramiento_path = g_strdup (options->nombramiento_path);
  d->options.registro_path = g_strdup (options->registro_path);
  d->path = g_strdup (path);
  g_task_set_source_tag (task, cf_inc_package_write_async);
  g_task_set_task_data (task, d, write_data_free);
  g_task_run_in_thread (task, write_thread);
}

GPtrArray *
cf_inc_package_write_finish (GAsyncResult  *result,
                             guint64       *size,
                             GError       **error)
{
  GPtrArray *members = g_task_propagate_pointer (G_TASK (result), error);

  if (members != NULL && size != NULL)
    *size = ((WriteData *) g_task_get_task_data (G_TASK (result)))->size;
  return members;
}

typedef struct
{
  char    *path;
  guint64  size;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *d = data;

  g_free (d->path);
  g_free (d);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *d = task_data;
  GError *error = NULL;
  GPtrArray *members = cf_inc_package_verify (d->path, NULL, &d->size, &error);

  (void) source;
  (void) cancellable;
  if (members == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, members, (GDestroyNotify) g_ptr_array_unref);
}

void
cf_inc_package_read_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ReadData *d = g_new0 (ReadData, 1);

  g_return_if_fail (path != NULL);

  d->path = g_strdup (path);
  g_task_set_source_tag (task, cf_inc_package_read_async);
  g_task_set_task_data (task, d, read_data_free);
  g_task_run_in_thread (task, read_thread);
}

GPtrArray *
cf_inc_package_read_finish (GAsyncResult  *result,
                            guint64       *size,
                            GError       **error)
{
  GPtrArray *members = g_task_propagate_pointer (G_TASK (result), error);

  if (members != NULL && size != NULL)
    *size = ((ReadData *) g_task_get_task_data (G_TASK (result)))->size;
  return members;
}

/* ---- The e-mail ---- */

/* What SEP reads: Spanish, as the letters. */
char *
cf_inc_package_dup_mail_subject (CfIncorporation *incorporation)
{
  const char *name = cf_incorporation_get_value (incorporation, CF_INC_NOMBRE);

  return g_strdup_printf ("%s / Registro Institución", name != NULL ? name : "");
}

char *
cf_inc_package_dup_mail_body (CfIncorporation *incorporation,
                              GPtrArray       *members)
{
  const char *name = cf_incorporation_get_value (incorporation, CF_INC_NOMBRE);
  const char *id = cf_incorporation_get_value (incorporation, CF_INC_ID_INSTITUCION);
  const char *enlace = cf_incorporation_get_value (incorporation, CF_INC_ENLACE);
  const char *email = cf_incorporation_get_value (incorporation, CF_INC_EMAIL);
  GString *body = g_string_new ("");

  g_string_append_printf (body, "Por este medio envío el paquete de Registro de Institución de %s",
                          name != NULL ? name : "");
  if (id != NULL)
    g_string_append_printf (body, " (clave DGP %s)", id);
  g_string_append (body, " para su incorporación al Módulo Electrónico de Certificación (MEC). "
                         "El archivo adjunto contiene:\n\n");
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      const CfIncPackageMember *m = g_ptr_array_index (members, i);
      g_autofree char *size = g_format_size (m->size);

      g_string_append_printf (body, "- %s (%s)\n", m->name, size);
    }
  g_string_append (body, "\nLos originales de los oficios se entregan en papel a la DGAIR.\n\nAtentamente,\n");
  if (enlace != NULL)
    g_string_append_printf (body, "%s\n", enlace);
  if (email != NULL)
    g_string_append_printf (body, "%s\n", email);
  return g_string_free (body, FALSE);
}
