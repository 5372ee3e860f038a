/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-history.c: the IDs sent to SEP and what they named. */

#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-plan-history.h"
#include "cf-plan-private.h"
#include "cf-plan-repo.h"

struct _CfPlanHistory
{
  GHashTable *uses;   /* "carrera\x1fID" → CfPlanIdUse */
};

/* ------------------------------------------------------------------ */
/* History                                                             */
/* ------------------------------------------------------------------ */

static void
id_use_free (CfPlanIdUse *use)
{
  g_free (use->id);
  g_free (use->clave);
  g_free (use->nombre);
  g_free (use->first_used);
  g_free (use);
}

static const char *
history_kind (CfPlanColumn column)
{
  return column == CF_PLAN_COL_ID_CARRERA ? "carrera" : "asignatura";
}

CfPlanHistory *
cf_plan_history_new (void)
{
  CfPlanHistory *self = g_new0 (CfPlanHistory, 1);

  self->uses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) id_use_free);
  return self;
}

void
cf_plan_history_free (CfPlanHistory *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->uses);
  g_free (self);
}

void
cf_plan_history_add (CfPlanHistory *self,
                     CfPlanColumn   column,
                     const char    *id,
                     const char    *clave,
                     const char    *nombre,
                     const char    *first_used)
{
  CfPlanIdUse *use;
  char *key;

  g_return_if_fail (self != NULL);
  g_return_if_fail (column == CF_PLAN_COL_ID_CARRERA || column == CF_PLAN_COL_ID_ASIGNATURA);
  g_return_if_fail (id != NULL);

  key = g_strjoin ("\x1f", history_kind (column), id, NULL);
  if (g_hash_table_contains (self->uses, key))
    {
      g_free (key);
      return;
    }

  use = g_new0 (CfPlanIdUse, 1);
  use->id = g_strdup (id);
  use->clave = g_strdup (clave != NULL ? clave : "");
  use->nombre = g_strdup (nombre != NULL ? nombre : "");
  /* Keep only the date part of an ISO date-time. */
  use->first_used = g_strndup (first_used != NULL ? first_used : "", 10);
  g_hash_table_insert (self->uses, key, use);
}

const CfPlanIdUse *
cf_plan_history_lookup (CfPlanHistory *self,
                        CfPlanColumn   column,
                        const char    *id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  key = g_strjoin ("\x1f", history_kind (column), id, NULL);
  return g_hash_table_lookup (self->uses, key);
}

/* The integer after @id, when @id is one (ID_CARRERA and ID_ASIGNATURA
 * are integers the institution chooses). */
static void
raise_floor (const char *id,
             guint64    *next)
{
  guint64 value;

  if (*id != '\0' && g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT64 - 1, &value, NULL) && value + 1 > *next)
    *next = value + 1;
}

char *
cf_plan_next_free_id (CfPlanBook    *book,
                      CfPlanHistory *history,
                      CfPlanColumn   column)
{
  CfPlanLevel level = column == CF_PLAN_COL_ID_CARRERA ? CF_PLAN_LEVEL_CAREER : CF_PLAN_LEVEL_SUBJECT;
  g_autoptr(GPtrArray) nodes = NULL;
  const char *prefix = column == CF_PLAN_COL_ID_CARRERA ? "carrera\x1f" : "asignatura\x1f";
  guint64 next = 1;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (book), NULL);
  g_return_val_if_fail (column == CF_PLAN_COL_ID_CARRERA || column == CF_PLAN_COL_ID_ASIGNATURA, NULL);

  nodes = cf_plan_book_list_level (book, level);
  for (guint i = 0; i < nodes->len; i++)
    raise_floor (cf_plan_node_get (g_ptr_array_index (nodes, i), column), &next);
  /* An ID ever sent stays taken even if its row is gone. */
  if (history != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, history->uses);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_str_has_prefix (key, prefix))
          raise_floor ((const char *) key + strlen (prefix), &next);
    }
  return g_strdup_printf ("%" G_GUINT64_FORMAT, next);
}

guint
cf_plan_history_size (CfPlanHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->uses);
}

static void
add_history_row (const char *kind,
                 const char *id,
                 const char *clave,
                 const char *nombre,
                 const char *first_used,
                 gpointer    user_data)
{
  cf_plan_history_add (user_data,
                       g_strcmp0 (kind, "carrera") == 0 ? CF_PLAN_COL_ID_CARRERA : CF_PLAN_COL_ID_ASIGNATURA,
                       id, clave, nombre, first_used);
}

CfPlanHistory *
cf_plan_history_load (CfStore  *store,
                      GError  **error)
{
  g_autoptr(CfPlanHistory) self = cf_plan_history_new ();
  GError *local_error = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cf_plan_repo_each_history (store, add_history_row, self, &local_error))
    {
      _cf_plan_store_failed (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

