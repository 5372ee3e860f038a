/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-incorporation.c: the five stages and the values entered, written to
 * the store after every change. */

#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-business-days.h"
#include "cf-date.h"
#include "cf-incorporation.h"
#include "cf-incorporation-repo.h"
#include "cf-institution-repo.h"
#include "cf-cert-repo.h"

/* SEP sends 100 test folios. */
#define TEST_FOLIOS_EXPECTED 100

struct _CfIncorporation
{
  GObject     parent_instance;
  CfStore    *store;          /* NULL: in memory */
  GHashTable *values;
  GHashTable *files;          /* in memory only: key → CfIncFile (bytes in memory_bytes) */
  GHashTable *memory_bytes;   /* key → GBytes */
  guint       n_folios;
  guint       n_satisfactory;
};

G_DEFINE_FINAL_TYPE (CfIncorporation, cf_incorporation, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const struct
{
  const char *name;
  const char *title;
} stages[CF_INCORPORATION_N_STAGES] = {
  { "registro-institucion", N_("Registro de Institución") },
  { "programa-estudios", N_("Programa de Estudios") },
  { "xml", N_("Certificate XML") },
  { "pruebas", N_("Test stage") },
  { "produccion", N_("Production") },
};

static const struct
{
  const char *name;
  const char *title;
} states[] = {
  { "not-started", N_("Not started") },
  { "in-progress", N_("In progress") },
  { "waiting", N_("Waiting for SEP") },
  { "done", N_("Done") },
};

static void
cf_incorporation_finalize (GObject *object)
{
  CfIncorporation *self = CF_INCORPORATION (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->memory_bytes, g_hash_table_unref);
  G_OBJECT_CLASS (cf_incorporation_parent_class)->finalize (object);
}

static void
cf_incorporation_class_init (CfIncorporationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_incorporation_finalize;

  /* A value or a stage changed (and was saved). */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cf_incorporation_init (CfIncorporation *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cf_inc_file_free);
  self->memory_bytes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
}

CfIncorporation *
cf_incorporation_new (void)
{
  return g_object_new (CF_TYPE_INCORPORATION, NULL);
}

CfIncorporation *
cf_incorporation_load (CfStore  *store,
                       GError  **error)
{
  g_autoptr(CfIncorporation) self = NULL;
  GHashTable *values;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  values = cf_incorporation_repo_load_values (store, error);
  if (values == NULL)
    return NULL;
  self = cf_incorporation_new ();
  g_hash_table_unref (self->values);
  self->values = values;
  self->store = g_object_ref (store);
  if (!cf_incorporation_refresh_folios (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
cf_incorporation_get_value (CfIncorporation *self,
                            const char      *key)
{
  g_return_val_if_fail (CF_IS_INCORPORATION (self), NULL);

  return g_hash_table_lookup (self->values, key);
}

/* Writes first: the value in memory is the store's. */
static gboolean
put_value (CfIncorporation *self,
           const char      *key,
           const char      *value,
           GError         **error)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (g_hash_table_lookup (self->values, key), value) == 0)
    return TRUE;
  if (self->store != NULL && !cf_incorporation_repo_set_value (self->store, key, value, error))
    return FALSE;
  if (value == NULL)
    g_hash_table_remove (self->values, key);
  else
    g_hash_table_replace (self->values, g_strdup (key), g_strdup (value));
  return TRUE;
}

gboolean
cf_incorporation_set_value (CfIncorporation  *self,
                            const char       *key,
                            const char       *value,
                            GError          **error)
{
  g_return_val_if_fail (CF_IS_INCORPORATION (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!put_value (self, key, value, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

/* ---- Files ---- */

gboolean
cf_incorporation_put_file (CfIncorporation  *self,
                           const char       *key,
                           const char       *file_name,
                           const char       *mime,
                           GBytes           *bytes,
                           GError          **error)
{
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (CF_IS_INCORPORATION (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (self->store != NULL)
    {
      if (!cf_incorporation_repo_put_file (self->store, key, file_name, mime, bytes, &sha256, error))
        return FALSE;
    }
  else
    {
      CfIncFile *file = g_new0 (CfIncFile, 1);
      gsize len;
      gconstpointer data = g_bytes_get_data (bytes, &len);

      if (len == 0)
        {
          g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                               _("The file is empty. Choose the file again, or another one."));
          g_free (file);
          return FALSE;
        }
      sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
      file->key = g_strdup (key);
      file->file_name = file_name != NULL ? g_path_get_basename (file_name) : g_strdup (key);
      file->mime = g_strdup (mime != NULL ? mime : "application/octet-stream");
      file->size = len;
      file->sha256 = g_strdup (sha256);
      g_hash_table_replace (self->files, g_strdup (key), file);
      g_hash_table_replace (self->memory_bytes, g_strdup (key), g_bytes_ref (bytes));
    }
  /* The repository wrote the value with the file. */
  g_hash_table_replace (self->values, g_strdup (key), g_steal_pointer (&sha256));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

gboolean
cf_incorporation_put_file_from (CfIncorporation  *self,
                                const char       *key,
                                GFile            *file,
                                GCancellable     *cancellable,
                                GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  const char *type = NULL;
  g_autofree char *mime = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return FALSE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL)
    {
      name = g_strdup (g_file_info_get_display_name (info));
      type = g_file_info_get_content_type (info);
      if (type != NULL)
        mime = g_content_type_get_mime_type (type);
    }
  if (name == NULL)
    name = g_file_get_basename (file);
  return cf_incorporation_put_file (self, key, name, mime, bytes, error);
}

GBytes *
cf_incorporation_get_file (CfIncorporation  *self,
                           const char       *key,
                           char            **file_name,
                           char            **mime,
                           GError          **error)
{
  g_autoptr(CfIncFile) info = NULL;
  GBytes *bytes;

  g_return_val_if_fail (CF_IS_INCORPORATION (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->store != NULL)
    {
      bytes = cf_incorporation_repo_get_file (self->store, key, &info, error);
      if (bytes == NULL)
        return NULL;
    }
  else
    {
      CfIncFile *kept = g_hash_table_lookup (self->files, key);

      if (kept == NULL)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                       _("The file “%s” is not kept in the store. Choose it again."), key);
          return NULL;
        }
      bytes = g_bytes_ref (g_hash_table_lookup (self->memory_bytes, key));
      info = g_new0 (CfIncFile, 1);
      info->file_name = g_strdup (kept->file_name);
      info->mime = g_strdup (kept->mime);
    }
  if (file_name != NULL)
    *file_name = g_steal_pointer (&info->file_name);
  if (mime != NULL)
    *mime = g_steal_pointer (&info->mime);
  return bytes;
}

gboolean
cf_incorporation_set_logo (CfIncorporation  *self,
                           const char       *file_name,
                           GBytes           *bytes,
                           GError          **error)
{
  g_return_val_if_fail (CF_IS_INCORPORATION (self), FALSE);

  if (self->store != NULL && !cf_institution_repo_set_logo (self->store, bytes, file_name, error))
    return FALSE;
  return cf_incorporation_put_file (self, CF_INC_LOGO, file_name, NULL, bytes, error);
}

gboolean
cf_incorporation_remove_file (CfIncorporation  *self,
                              const char       *key,
                              GError          **error)
{
  g_return_val_if_fail (CF_IS_INCORPORATION (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (self->store != NULL && !cf_incorporation_repo_remove_file (self->store, key, error))
    return FALSE;
  g_hash_table_remove (self->files, key);
  g_hash_table_remove (self->memory_bytes, key);
  g_hash_table_remove (self->values, key);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

const char *
cf_incorporation_get_campus_value (CfIncorporation *self,
                                   guint            index,
                                   const char      *field)
{
  g_autofree char *key = g_strdup_printf ("campus.%u.%s", index, field);

  return cf_incorporation_get_value (self, key);
}

gboolean
cf_incorporation_set_campus_value (CfIncorporation  *self,
                                   guint             index,
                                   const char       *field,
                                   const char       *value,
                                   GError          **error)
{
  g_autofree char *key = g_strdup_printf ("campus.%u.%s", index, field);

  return cf_incorporation_set_value (self, key, value, error);
}

guint
cf_incorporation_get_n_campuses (CfIncorporation *self)
{
  const char *n = cf_incorporation_get_value (self, CF_INC_N_CAMPUSES);

  return n != NULL ? (guint) g_ascii_strtoull (n, NULL, 10) : 0;
}

void
cf_incorporation_set_folio_counts (CfIncorporation *self,
                                   guint            n_folios,
                                   guint            n_satisfactory)
{
  g_return_if_fail (CF_IS_INCORPORATION (self));

  self->n_folios = n_folios;
  self->n_satisfactory = n_satisfactory;
}

gboolean
cf_incorporation_refresh_folios (CfIncorporation  *self,
                                 GError          **error)
{
  g_return_val_if_fail (CF_IS_INCORPORATION (self), FALSE);

  if (self->store == NULL)
    return TRUE;
  return cf_incorporation_repo_count_folios (self->store, &self->n_folios, &self->n_satisfactory, error);
}

/* The same values in both tables, as strings. */
static gboolean
same_values (GHashTable *a,
             GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
      return FALSE;
  return TRUE;
}

gboolean
cf_incorporation_reload (CfIncorporation  *self,
                         GError          **error)
{
  GHashTable *values;

  g_return_val_if_fail (CF_IS_INCORPORATION (self), FALSE);

  if (self->store == NULL)
    return TRUE;
  values = cf_incorporation_repo_load_values (self->store, error);
  if (values == NULL)
    return FALSE;
  if (same_values (values, self->values))
    {
      g_hash_table_unref (values);
      return TRUE;
    }
  g_hash_table_unref (self->values);
  self->values = values;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

gboolean
cf_incorporation_refresh_certificates (CfIncorporation  *self,
                                       GError          **error)
{
  guint counts[CF_CERT_N_STATUS] = { 0 };
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (CF_IS_INCORPORATION (self), FALSE);

  if (self->store == NULL || cf_incorporation_get_value (self, CF_INC_XML_VALIDATED) != NULL)
    return TRUE;
  if (!cf_cert_repo_count_by_status (self->store, counts, error))
    return FALSE;
  /* Listo means built and valid against SEP's schema with no error. */
  if (counts[CF_CERT_STATUS_LISTO] + counts[CF_CERT_STATUS_SELLADO] == 0)
    return TRUE;
  now = g_date_time_new_now_local ();
  today = g_date_time_format (now, "%Y-%m-%d");
  return cf_incorporation_set_value (self, CF_INC_XML_VALIDATED, today, error);
}

/* ---- Stages ---- */

static const char *
stage_value (CfIncorporation      *self,
             CfIncorporationStage  stage,
             const char           *what)
{
  g_autofree char *key = g_strdup_printf ("stage.%d.%s", (int) stage, what);

  return cf_incorporation_get_value (self, key);
}

static gboolean
set_stage_value (CfIncorporation      *self,
                 CfIncorporationStage  stage,
                 const char           *what,
                 const char           *value,
                 GError              **error)
{
  g_autofree char *key = g_strdup_printf ("stage.%d.%s", (int) stage, what);

  return put_value (self, key, value, error);
}

/* The values each stage's pages enter, by their keys' first part. */
static const struct
{
  const char           *prefix;
  CfIncorporationStage  stage;
} value_stages[] = {
  { "institucion.nombre", CF_INCORPORATION_STAGE_REGISTRO },
  { "institucion.id_institucion", CF_INCORPORATION_STAGE_REGISTRO },
  { "institucion.enlace", CF_INCORPORATION_STAGE_REGISTRO },
  { "institucion.email", CF_INCORPORATION_STAGE_REGISTRO },
  { "campus.", CF_INCORPORATION_STAGE_REGISTRO },
  { "logo", CF_INCORPORATION_STAGE_REGISTRO },
  { "doc.", CF_INCORPORATION_STAGE_REGISTRO },
  { "programa.", CF_INCORPORATION_STAGE_PROGRAMA },
  { "xml.", CF_INCORPORATION_STAGE_XML },
  { "pruebas.", CF_INCORPORATION_STAGE_PRUEBAS },
  { "produccion.", CF_INCORPORATION_STAGE_PRODUCCION },
};

static gboolean
has_stage_values (CfIncorporation      *self,
                  CfIncorporationStage  stage)
{
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, self->values);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    for (guint i = 0; i < G_N_ELEMENTS (value_stages); i++)
      if (value_stages[i].stage == stage && g_str_has_prefix (key, value_stages[i].prefix))
        return TRUE;
  return FALSE;
}

CfIncorporationState
cf_incorporation_get_state (CfIncorporation      *self,
                            CfIncorporationStage  stage)
{
  const char *state;

  g_return_val_if_fail (CF_IS_INCORPORATION (self), CF_INCORPORATION_NOT_STARTED);
  g_return_val_if_fail (stage >= 1 && stage <= CF_INCORPORATION_N_STAGES, CF_INCORPORATION_NOT_STARTED);

  state = stage_value (self, stage, "state");
  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (states); i++)
    if (strcmp (state, states[i].name) == 0)
      return (CfIncorporationState) i;
  /* A stage with something entered for it is under way. */
  return has_stage_values (self, stage) ? CF_INCORPORATION_IN_PROGRESS : CF_INCORPORATION_NOT_STARTED;
}

const char *
cf_incorporation_get_since (CfIncorporation      *self,
                            CfIncorporationStage  stage)
{
  return stage_value (self, stage, "since");
}

const char *
cf_incorporation_get_due (CfIncorporation      *self,
                          CfIncorporationStage  stage)
{
  return stage_value (self, stage, "due");
}

static gboolean
set_state (CfIncorporation       *self,
           CfIncorporationStage   stage,
           CfIncorporationState   state,
           const char            *since,
           const char            *due,
           GError               **error)
{
  g_return_val_if_fail (CF_IS_INCORPORATION (self), FALSE);
  g_return_val_if_fail (stage >= 1 && stage <= CF_INCORPORATION_N_STAGES, FALSE);

  /* The dates first: a state "waiting" is never without them. */
  if (!set_stage_value (self, stage, "since", since, error) ||
      !set_stage_value (self, stage, "due", due, error) ||
      !set_stage_value (self, stage, "state", states[state].name, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

gboolean
cf_incorporation_start (CfIncorporation       *self,
                        CfIncorporationStage   stage,
                        GError               **error)
{
  return set_state (self, stage, CF_INCORPORATION_IN_PROGRESS, NULL, NULL, error);
}

gboolean
cf_incorporation_mark_sent (CfIncorporation       *self,
                            CfIncorporationStage   stage,
                            const char            *date,
                            GError               **error)
{
  g_autoptr(CfCalendar) calendar = NULL;
  g_autofree char *since = NULL;
  g_autofree char *due = NULL;
  GDate sent, answer;

  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      since = g_date_time_format (now, "%Y-%m-%d");
    }
  else
    since = g_strdup (date);
  if (!cf_calendar_parse_iso (since, &sent))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a date (YYYY-MM-DD)."), since);
      return FALSE;
    }
  calendar = cf_calendar_new_default ();
  cf_calendar_add_business_days (calendar, &sent, CF_INCORPORATION_ANSWER_DAYS, &answer);
  due = cf_calendar_format_iso (&answer);
  return set_state (self, stage, CF_INCORPORATION_WAITING, since, due, error);
}

gboolean
cf_incorporation_mark_done (CfIncorporation       *self,
                            CfIncorporationStage   stage,
                            GError               **error)
{
  /* The dates stay: when it was sent is still true. */
  return set_state (self, stage, CF_INCORPORATION_DONE,
                    cf_incorporation_get_since (self, stage), cf_incorporation_get_due (self, stage), error);
}

/* ---- Pure ---- */

CfIncorporationStage
cf_incorporation_get_current_stage (CfIncorporation *self)
{
  for (int stage = 1; stage <= CF_INCORPORATION_N_STAGES; stage++)
    if (cf_incorporation_get_state (self, stage) != CF_INCORPORATION_DONE)
      return stage;
  return CF_INCORPORATION_STAGE_PRODUCCION;
}

gboolean
cf_incorporation_is_valid_dgp_key (const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;

  if (length < 5 || length > 6)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
cf_incorporation_is_valid_email (const char *text)
{
  const char *at = text != NULL ? strchr (text, '@') : NULL;

  /* Someone@somewhere.tld, one @, no spaces: what a mail client takes. */
  return at != NULL && at != text && strchr (at + 1, '@') == NULL && strchr (at + 1, '.') != NULL &&
         at[strlen (at) - 1] != '.' && at[1] != '.' && strpbrk (text, " \t\n") == NULL;
}

static gboolean
has (CfIncorporation *self,
     const char      *key)
{
  const char *value = cf_incorporation_get_value (self, key);

  return value != NULL && *value != '\0';
}

static void
add_missing (GPtrArray  *missing,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_missing (GPtrArray  *missing,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (missing, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
missing_registro (CfIncorporation *self,
                  GPtrArray       *missing)
{
  guint n_campuses = cf_incorporation_get_n_campuses (self);

  if (!has (self, CF_INC_NOMBRE))
    add_missing (missing, "%s", _("The institution’s name."));
  if (!has (self, CF_INC_ID_INSTITUCION))
    add_missing (missing, "%s", _("The institution’s DGP key."));
  else if (!cf_incorporation_is_valid_dgp_key (cf_incorporation_get_value (self, CF_INC_ID_INSTITUCION)))
    add_missing (missing, "%s", _("The institution’s DGP key must be 5 or 6 digits."));
  if (!has (self, CF_INC_ENLACE))
    add_missing (missing, "%s", _("The contact person (enlace)."));
  if (!has (self, CF_INC_EMAIL))
    add_missing (missing, "%s", _("The contact’s e-mail address."));
  else if (!cf_incorporation_is_valid_email (cf_incorporation_get_value (self, CF_INC_EMAIL)))
    add_missing (missing, "%s", _("The contact’s e-mail address is not valid."));
  if (n_campuses == 0)
    add_missing (missing, "%s", _("At least one campus."));
  for (guint i = 1; i <= n_campuses; i++)
    {
      const char *id = cf_incorporation_get_campus_value (self, i, "id_campus");

      if (id == NULL || *id == '\0')
        add_missing (missing, _("The DGP key of campus %u."), i);
      else if (!cf_incorporation_is_valid_dgp_key (id))
        add_missing (missing, _("The DGP key of campus %u must be 5 or 6 digits."), i);
      if (cf_incorporation_get_campus_value (self, i, "nombre") == NULL)
        add_missing (missing, _("The name of campus %u."), i);
      if (cf_incorporation_get_campus_value (self, i, "entidad") == NULL)
        add_missing (missing, _("The state of campus %u."), i);
      if (cf_incorporation_get_campus_value (self, i, "signer") == NULL)
        add_missing (missing, _("The person who signs for campus %u."), i);
    }
  if (!has (self, CF_INC_LOGO))
    add_missing (missing, "%s", _("The institution’s logo."));
  if (!has (self, CF_INC_DOC_NOMBRAMIENTO))
    add_missing (missing, "%s", _("The scan of the Oficio de Nombramiento, Sello y Firma."));
  if (!has (self, CF_INC_DOC_REGISTRO))
    add_missing (missing, "%s", _("The scan of the Registro de establecimiento educativo."));
}

GPtrArray *
cf_incorporation_dup_missing (CfIncorporation      *self,
                              CfIncorporationStage  stage)
{
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CF_IS_INCORPORATION (self), missing);

  if (cf_incorporation_get_state (self, stage) == CF_INCORPORATION_DONE)
    return missing;
  switch (stage)
    {
    case CF_INCORPORATION_STAGE_REGISTRO:
      missing_registro (self, missing);
      break;
    case CF_INCORPORATION_STAGE_PROGRAMA:
      if (!has (self, "programa.validado"))
        add_missing (missing, "%s", _("The study plans with DGP keys, validated."));
      break;
    case CF_INCORPORATION_STAGE_XML:
      if (!has (self, CF_INC_XML_VALIDATED))
        add_missing (missing, "%s", _("A certificate built and valid against SEP’s schema."));
      break;
    case CF_INCORPORATION_STAGE_PRUEBAS:
      if (!has (self, CF_INC_TEST_CREDENTIALS))
        add_missing (missing, "%s", _("The test credentials from SEP."));
      if (self->n_folios < TEST_FOLIOS_EXPECTED)
        add_missing (missing, g_dngettext (GETTEXT_PACKAGE,
                                           "The %d test folios SEP sent (%u entered so far).",
                                           "The %d test folios SEP sent (%u entered so far).",
                                           TEST_FOLIOS_EXPECTED),
                     TEST_FOLIOS_EXPECTED, self->n_folios);
      if (self->n_satisfactory < CF_INCORPORATION_SATISFACTORY_NEEDED)
        add_missing (missing, g_dngettext (GETTEXT_PACKAGE,
                                           "%u of %d certificates SATISFACTORIO.",
                                           "%u of %d certificates SATISFACTORIO.",
                                           CF_INCORPORATION_SATISFACTORY_NEEDED),
                     self->n_satisfactory, CF_INCORPORATION_SATISFACTORY_NEEDED);
      break;
    case CF_INCORPORATION_STAGE_PRODUCCION:
      if (!has (self, CF_INC_ID_MEC))
        add_missing (missing, "%s", _("The ID_MEC SEP gave the institution."));
      if (!has (self, CF_INC_PRODUCTION_REGISTERED))
        add_missing (missing, "%s", _("The date of the registration in the production portal."));
      break;
    default:
      g_return_val_if_reached (missing);
    }
  return missing;
}

char *
cf_incorporation_dup_next_action (CfIncorporation *self)
{
  CfIncorporationStage stage = cf_incorporation_get_current_stage (self);
  CfIncorporationState state = cf_incorporation_get_state (self, stage);
  g_autoptr(GPtrArray) missing = NULL;

  g_return_val_if_fail (CF_IS_INCORPORATION (self), NULL);

  if (state == CF_INCORPORATION_DONE)
    return g_strdup (_("The institution is in production."));
  if (state == CF_INCORPORATION_WAITING)
    {
      g_autofree char *due = cf_date_text_to_words (cf_incorporation_get_due (self, stage));

      /* Translators: the stage's name, then a date in words. */
      return g_strdup_printf (_("Wait for SEP’s answer to the %s, expected by %s."),
                              _(stages[stage - 1].title), due);
    }
  missing = cf_incorporation_dup_missing (self, stage);
  if (missing->len > 0)
    /* Translators: the stage's name, then what it still needs ("The institution’s name."). */
    return g_strdup_printf (_("%s: %s"), _(stages[stage - 1].title), (char *) g_ptr_array_index (missing, 0));
  switch (stage)
    {
    case CF_INCORPORATION_STAGE_REGISTRO:
      return g_strdup (_("Build the package, e-mail it to SEP and mark it as sent."));
    case CF_INCORPORATION_STAGE_PROGRAMA:
      return g_strdup (_("Send the Programa de Estudios workbook to SEP and mark it as sent."));
    case CF_INCORPORATION_STAGE_XML:
      return g_strdup (_("Mark the XML stage as done."));
    case CF_INCORPORATION_STAGE_PRUEBAS:
      return g_strdup (_("Write to your SEP contact to move to the production portal."));
    case CF_INCORPORATION_STAGE_PRODUCCION:
    default:
      return g_strdup (_("Mark the registration in the production portal as sent."));
    }
}

const char *
cf_incorporation_stage_to_string (CfIncorporationStage stage)
{
  g_return_val_if_fail (stage >= 1 && stage <= CF_INCORPORATION_N_STAGES, NULL);
  return stages[stage - 1].name;
}

const char *
cf_incorporation_stage_title (CfIncorporationStage stage)
{
  g_return_val_if_fail (stage >= 1 && stage <= CF_INCORPORATION_N_STAGES, NULL);
  return _(stages[stage - 1].title);
}

const char *
cf_incorporation_state_to_string (CfIncorporationState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (states), NULL);
  return states[state].name;
}

const char *
cf_incorporation_state_title (CfIncorporationState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (states), NULL);
  return _(states[state].title);
}
