/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-registro.c: the Registro de Institución workbook from its columns'
 * file. Each column names where its value comes from, so a new layout from
 * SEP is a data change. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <xlsxwriter.h>

#include "cf-atomic-file.h"
#include "cf-catalog.h"
#include "cf-inc-campus.h"
#include "cf-inc-registro.h"

#define LAYOUT_RESOURCE "/io/github/certifica/core/incorporation/registro-institucion.ini"
#define COLUMN_PREFIX "columna "

G_DEFINE_QUARK (cf-inc-registro-error-quark, cf_inc_registro_error)

typedef struct
{
  char     *header;
  char     *source;
  char     *description;
  gboolean  optional;
} Column;

struct _CfIncRegistro
{
  char   *sheet;
  char   *instructions_sheet;
  char   *title;
  GStrv   instructions;
  GArray *columns;   /* Column */
};

/* Where a column's value may come from. */
static const char * const sources[] = {
  "institucion.nombre", "institucion.id_institucion", "institucion.enlace", "institucion.email",
  "institucion.id_mec", "campus.id_campus", "campus.nombre", "campus.entidad", "campus.entidad_nombre",
  "firmante.curp", "firmante.nombre", "firmante.primer_apellido", "firmante.segundo_apellido",
  "firmante.id_cargo", "firmante.cargo", "firmante.correo", "firmante.no_certificado",
};

static void
column_clear (gpointer data)
{
  Column *column = data;

  g_free (column->header);
  g_free (column->source);
  g_free (column->description);
}

void
cf_inc_registro_free (CfIncRegistro *self)
{
  if (self == NULL)
    return;
  g_free (self->sheet);
  g_free (self->instructions_sheet);
  g_free (self->title);
  g_strfreev (self->instructions);
  g_array_unref (self->columns);
  g_free (self);
}

char *
cf_inc_registro_dup_user_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "certifica", "registro-institucion.ini", NULL);
}

/* Excel refuses these in a sheet's name, and more than 31 characters. */
static gboolean
is_valid_sheet_name (const char *name)
{
  return name != NULL && *name != '\0' && g_utf8_strlen (name, -1) <= 31 && strpbrk (name, "[]:*?/\\") == NULL;
}

static char *
dup_string (GKeyFile   *file,
            const char *group,
            const char *key,
            const char *fallback)
{
  char *value = g_key_file_get_locale_string (file, group, key, NULL, NULL);

  if (value == NULL || *g_strstrip (value) == '\0')
    {
      g_free (value);
      return g_strdup (fallback);
    }
  return value;
}

CfIncRegistro *
cf_inc_registro_new_from_data (const char  *text,
                               const char  *source,
                               GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CfIncRegistro) self = g_new0 (CfIncRegistro, 1);
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, column_clear);
  if (!g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_LAYOUT,
                   /* Translators: a file name, then the parser's message. */
                   _("The Registro de Institución’s columns (%s) cannot be read: %s"), source, local_error->message);
      return NULL;
    }
  self->sheet = dup_string (file, "libro", "hoja-datos", "Registro de Institución");
  self->instructions_sheet = dup_string (file, "libro", "hoja-instrucciones", "Instrucciones");
  self->title = dup_string (file, "libro", "titulo", "Registro de Institución");
  self->instructions = g_key_file_get_string_list (file, "libro", "instrucciones", NULL, NULL);
  if (self->instructions == NULL)
    self->instructions = g_new0 (char *, 1);
  if (!is_valid_sheet_name (self->sheet) || !is_valid_sheet_name (self->instructions_sheet) ||
      g_strcmp0 (self->sheet, self->instructions_sheet) == 0)
    {
      g_set_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_LAYOUT,
                   _("The Registro de Institución’s columns (%s): the sheets’ names must be different, "
                     "at most 31 characters and without [ ] : * ? / \\."), source);
      return NULL;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      Column column = { 0, };

      if (!g_str_has_prefix (groups[i], COLUMN_PREFIX))
        continue;
      column.header = g_strstrip (g_strdup (groups[i] + strlen (COLUMN_PREFIX)));
      column.source = dup_string (file, groups[i], "valor", "");
      column.description = dup_string (file, groups[i], "descripcion", "");
      column.optional = g_key_file_get_boolean (file, groups[i], "opcional", NULL);
      if (*column.header == '\0' || !g_strv_contains (sources, column.source))
        {
          g_set_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_LAYOUT,
                       /* Translators: a file name, a column's name, then the value it names. */
                       _("The Registro de Institución’s columns (%s): the column “%s” takes its value from "
                         "“%s”, which Certifica does not know (see the list at the top of the file)."),
                       source, column.header, column.source);
          column_clear (&column);
          return NULL;
        }
      g_array_append_val (self->columns, column);
    }
  if (self->columns->len == 0)
    {
      g_set_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_LAYOUT,
                   _("The Registro de Institución’s columns (%s) list no column."), source);
      return NULL;
    }
  return g_steal_pointer (&self);
}

CfIncRegistro *
cf_inc_registro_new_default (GError **error)
{
  g_autofree char *user_file = cf_inc_registro_dup_user_file ();
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bundled = NULL;

  if (g_file_get_contents (user_file, &contents, NULL, NULL))
    return cf_inc_registro_new_from_data (contents, user_file, error);
  bundled = g_resources_lookup_data (LAYOUT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bundled == NULL)
    return NULL;
  contents = g_strndup (g_bytes_get_data (bundled, NULL), g_bytes_get_size (bundled));
  return cf_inc_registro_new_from_data (contents, "registro-institucion.ini", error);
}

const char *
cf_inc_registro_get_sheet_name (CfIncRegistro *self)
{
  return self->sheet;
}

guint
cf_inc_registro_get_n_columns (CfIncRegistro *self)
{
  return self->columns->len;
}

const char *
cf_inc_registro_get_header (CfIncRegistro *self,
                            guint          column)
{
  g_return_val_if_fail (column < self->columns->len, NULL);
  return g_array_index (self->columns, Column, column).header;
}

const char *
cf_inc_registro_get_description (CfIncRegistro *self,
                                 guint          column)
{
  g_return_val_if_fail (column < self->columns->len, NULL);
  return g_array_index (self->columns, Column, column).description;
}

gboolean
cf_inc_registro_is_optional (CfIncRegistro *self,
                             guint          column)
{
  g_return_val_if_fail (column < self->columns->len, FALSE);
  return g_array_index (self->columns, Column, column).optional;
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static char *
dup_source_value (CfIncorporation   *incorporation,
                  const CfIncCampus *campus,
                  const char        *source)
{
  const CfSignerResponsable *r = campus->responsable;

  if (g_str_has_prefix (source, "institucion."))
    return g_strstrip (g_strdup (or_empty (cf_incorporation_get_value (incorporation, source))));
  if (g_str_equal (source, "campus.id_campus"))
    return g_strdup (campus->id_campus);
  if (g_str_equal (source, "campus.nombre"))
    return g_strdup (campus->nombre);
  if (g_str_equal (source, "campus.entidad"))
    return g_strdup (campus->entidad);
  if (g_str_equal (source, "campus.entidad_nombre"))
    return g_strdup (*campus->entidad != '\0'
                     ? or_empty (cf_catalog_lookup (CF_CATALOG_ENTIDAD_FEDERATIVA, campus->entidad)) : "");
  if (g_str_equal (source, "firmante.curp"))
    return g_strdup (campus->signer_curp);
  if (g_str_equal (source, "firmante.nombre"))
    return g_strdup (r != NULL ? or_empty (r->nombre) : "");
  if (g_str_equal (source, "firmante.primer_apellido"))
    return g_strdup (r != NULL ? or_empty (r->primer_apellido) : "");
  if (g_str_equal (source, "firmante.segundo_apellido"))
    return g_strdup (r != NULL ? or_empty (r->segundo_apellido) : "");
  if (g_str_equal (source, "firmante.id_cargo"))
    return g_strdup (r != NULL ? or_empty (r->id_cargo) : "");
  if (g_str_equal (source, "firmante.cargo"))
    return g_strdup (campus->signer_cargo);
  if (g_str_equal (source, "firmante.correo"))
    return g_strdup (campus->signer_email);
  if (g_str_equal (source, "firmante.no_certificado"))
    return g_strdup (campus->certificate != NULL ? campus->signer_number : "");
  g_return_val_if_reached (g_strdup (""));
}

GPtrArray *
cf_inc_registro_dup_rows (CfIncRegistro    *self,
                          CfIncorporation  *incorporation,
                          CfStore          *store,
                          GError          **error)
{
  g_autoptr(GPtrArray) campuses = cf_inc_campus_list (incorporation, store, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (campuses == NULL)
    return NULL;
  for (guint i = 0; i < campuses->len; i++)
    {
      char **row = g_new0 (char *, self->columns->len + 1);

      for (guint c = 0; c < self->columns->len; c++)
        row[c] = dup_source_value (incorporation, g_ptr_array_index (campuses, i),
                                   g_array_index (self->columns, Column, c).source);
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

static void
write_instructions (CfIncRegistro *self,
                    lxw_workbook  *workbook,
                    lxw_format    *bold,
                    lxw_format    *wrap)
{
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, self->instructions_sheet);
  lxw_row_t row = 0;

  worksheet_set_column (sheet, 0, 0, 28, NULL);
  worksheet_set_column (sheet, 1, 1, 90, wrap);
  worksheet_write_string (sheet, row++, 0, self->title, bold);
  row++;
  for (guint i = 0; self->instructions[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (self->instructions[i]));

      worksheet_merge_range (sheet, row, 0, row, 1, line, wrap);
      worksheet_set_row (sheet, row++, 30, NULL);
    }
  row++;
  worksheet_write_string (sheet, row, 0, "Columna", bold);
  worksheet_write_string (sheet, row++, 1, "Contenido", bold);
  for (guint c = 0; c < self->columns->len; c++)
    {
      const Column *column = &g_array_index (self->columns, Column, c);

      worksheet_write_string (sheet, row, 0, column->header, NULL);
      worksheet_write_string (sheet, row++, 1, column->description, wrap);
    }
}

gboolean
cf_inc_registro_write (CfIncRegistro    *self,
                       CfIncorporation  *incorporation,
                       CfStore          *store,
                       const char       *path,
                       GError          **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CfAtomicFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  lxw_workbook_options options = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
  lxw_doc_properties properties = { 0, };
  lxw_workbook *workbook;
  lxw_worksheet *sheet;
  lxw_format *bold, *wrap, *text;
  lxw_error status;

  g_return_val_if_fail (self != NULL && CF_IS_INCORPORATION (incorporation) && path != NULL, FALSE);

  rows = cf_inc_registro_dup_rows (self, incorporation, store, error);
  if (rows == NULL)
    return FALSE;
  file = cf_atomic_file_new (path, 0644, &local_error);
  if (file == NULL)
    {
      g_set_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_WRITE,
                   _("The Registro de Institución cannot be written as %s: %s"), path, local_error->message);
      return FALSE;
    }
  workbook = workbook_new_opt (cf_atomic_file_get_temp_path (file), &options);
  if (workbook == NULL)
    {
      g_set_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_WRITE,
                   _("The Registro de Institución cannot be written as %s."), path);
      return FALSE;
    }
  properties.title = self->title;
  properties.author = (char *) "Certifica";
  workbook_set_properties (workbook, &properties);
  bold = workbook_add_format (workbook);
  format_set_bold (bold);
  wrap = workbook_add_format (workbook);
  format_set_text_wrap (wrap);
  format_set_align (wrap, LXW_ALIGN_VERTICAL_TOP);
  /* Keys such as 090101 and CURPs are text: Excel must not drop zeros. */
  text = workbook_add_format (workbook);
  format_set_num_format (text, "@");

  write_instructions (self, workbook, bold, wrap);
  sheet = workbook_add_worksheet (workbook, self->sheet);
  for (guint c = 0; c < self->columns->len; c++)
    {
      const Column *column = &g_array_index (self->columns, Column, c);

      worksheet_set_column (sheet, c, c, MAX (14, MIN (50, strlen (column->header) + 4)), text);
      worksheet_write_string (sheet, 0, c, column->header, bold);
    }
  worksheet_freeze_panes (sheet, 1, 0);
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < self->columns->len; c++)
        if (*row[c] != '\0')
          worksheet_write_string (sheet, r + 1, c, row[c], text);
    }
  workbook_set_custom_property_string (workbook, "Generador", "Certifica");

  status = workbook_close (workbook);
  if (status != LXW_NO_ERROR)
    {
      g_set_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_WRITE,
                   _("The Registro de Institución could not be written: %s."), lxw_strerror (status));
      return FALSE;
    }
  if (!cf_atomic_file_commit (file, &local_error))
    {
      g_set_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_WRITE,
                   _("The Registro de Institución cannot be saved as %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- In a worker ---- */

typedef struct
{
  CfStore       *store;
  char          *path;    /* NULL: the rows only */
  CfIncRegistro *layout;
  GPtrArray     *rows;
} WorkData;

static void
work_data_free (gpointer data)
{
  WorkData *d = data;

  g_object_unref (d->store);
  g_free (d->path);
  cf_inc_registro_free (d->layout);
  g_clear_pointer (&d->rows, g_ptr_array_unref);
  g_free (d);
}

static void
work_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  WorkData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfIncorporation) incorporation = cf_incorporation_load (d->store, &error);
  gboolean ok = FALSE;

  (void) source;
  (void) cancellable;
  if (incorporation != NULL)
    d->layout = cf_inc_registro_new_default (&error);
  if (d->layout != NULL && d->path != NULL)
    ok = cf_inc_registro_write (d->layout, incorporation, d->store, d->path, &error);
  else if (d->layout != NULL)
    ok = (d->rows = cf_inc_registro_dup_rows (d->layout, incorporation, d->store, &error)) != NULL;
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_work (CfStore             *store,
          const char          *path,
          gpointer             tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WorkData *d = g_new0 (WorkData, 1);

  d->store = g_object_ref (store);
  d->path = g_strdup (path);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, d, work_data_free);
  g_task_run_in_thread (task, work_thread);
}

void
cf_inc_registro_dup_rows_async (CfStore             *store,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (CF_IS_STORE (store));
  run_work (store, NULL, cf_inc_registro_dup_rows_async, cancellable, callback, user_data);
}

GPtrArray *
cf_inc_registro_dup_rows_finish (GAsyncResult   *result,
                                 CfIncRegistro **layout,
                                 GError        **error)
{
  WorkData *d = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  if (layout != NULL)
    *layout = g_steal_pointer (&d->layout);
  return g_steal_pointer (&d->rows);
}

void
cf_inc_registro_write_async (CfStore             *store,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (CF_IS_STORE (store) && path != NULL);
  run_work (store, path, cf_inc_registro_write_async, cancellable, callback, user_data);
}

gboolean
cf_inc_registro_write_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
