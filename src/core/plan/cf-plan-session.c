/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-session.c: the plans' working state and the work on it. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-finding.h"
#include "cf-plan-session.h"
#include "cf-plan-validate.h"

/* The last version sent and the ID history: read by refresh workers while
 * "Mark as Sent" may replace them, so shared by reference. */
typedef struct
{
  gatomicrefcount  ref;
  CfPlanSnapshot  *snapshot;   /* NULL when nothing was ever sent */
  CfPlanHistory   *history;
} Base;

static Base *
base_new (CfPlanSnapshot *snapshot,
          CfPlanHistory  *history)
{
  Base *base = g_new0 (Base, 1);

  g_atomic_ref_count_init (&base->ref);
  base->snapshot = snapshot;
  base->history = history != NULL ? history : cf_plan_history_new ();
  return base;
}

static Base *
base_ref (Base *base)
{
  g_atomic_ref_count_inc (&base->ref);
  return base;
}

static void
base_unref (Base *base)
{
  if (!g_atomic_ref_count_dec (&base->ref))
    return;
  g_clear_pointer (&base->snapshot, cf_plan_snapshot_free);
  g_clear_pointer (&base->history, cf_plan_history_free);
  g_free (base);
}

struct _CfPlanSession
{
  GObject      parent_instance;

  CfStore     *store;
  CfPlanBook  *book;
  Base        *base;
  CfPlanDiff  *diff;
  GPtrArray   *findings;
  gboolean     loading;
  gboolean     follow_store;
  gboolean     reload_pending;  /* the store changed while loading */

  guint        refresh_id;
  guint        generation;      /* of the diff and findings held */
  gboolean     refreshing;
  gboolean     refresh_again;
};

G_DEFINE_FINAL_TYPE (CfPlanSession, cf_plan_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  LOADED,
  REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_refresh (CfPlanSession *self);

static void
notify_busy (CfPlanSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- Refresh ---- */

/* After an edit the whole book is diffed and validated again: 80 ms or
 * more for 20,000 subjects, so a worker does it on a copy, and the result
 * is taken when it comes (edits made meanwhile queue another). */
typedef struct
{
  CfPlanBook *copy;
  Base       *base;
  guint       generation;
  CfPlanDiff *diff;
  GPtrArray  *findings;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_object (&data->copy);
  g_clear_pointer (&data->base, base_unref);
  g_clear_pointer (&data->diff, cf_plan_diff_unref);
  g_clear_pointer (&data->findings, g_ptr_array_unref);
  g_free (data);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RefreshData *data = task_data;
  g_autoptr(GPtrArray) rows = cf_plan_book_to_rows (data->copy, TRUE);

  data->diff = cf_plan_diff_new (rows, data->base->snapshot);
  data->findings = cf_plan_validate (data->copy, data->base->history, CF_PLAN_VALIDATE_NONE);
  /* Freed here rather than on the main thread. */
  g_clear_object (&data->copy);
  g_task_return_boolean (task, TRUE);
}

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CfPlanSession *self = CF_PLAN_SESSION (source);
  RefreshData *data = g_task_get_task_data (G_TASK (result));

  self->refreshing = FALSE;
  if (data->generation == self->generation && self->book != NULL)
    {
      g_clear_pointer (&self->diff, cf_plan_diff_unref);
      g_clear_pointer (&self->findings, g_ptr_array_unref);
      self->diff = g_steal_pointer (&data->diff);
      self->findings = g_steal_pointer (&data->findings);
      g_signal_emit (self, signals[REFRESHED], 0);
    }
  if (self->refresh_again && self->book != NULL)
    {
      self->refresh_again = FALSE;
      start_refresh (self);
    }
  notify_busy (self);
}

static void
start_refresh (CfPlanSession *self)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  if (self->book == NULL || self->base == NULL)
    return;
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }

  data = g_new0 (RefreshData, 1);
  data->copy = cf_plan_book_copy (self->book);
  data->base = base_ref (self->base);
  data->generation = ++self->generation;
  self->refreshing = TRUE;

  /* The task holds the session: results always have somewhere to go. */
  task = g_task_new (self, NULL, on_refreshed_cb, NULL);
  g_task_set_source_tag (task, start_refresh);
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);
  g_task_run_in_thread (task, refresh_thread);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  CfPlanSession *self = data;

  self->refresh_id = 0;
  start_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (CfPlanSession *self)
{
  if (self->refresh_id == 0)
    {
      self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
      notify_busy (self);
    }
}

void
cf_plan_session_refresh_now (CfPlanSession *self)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_if_fail (CF_IS_PLAN_SESSION (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->diff, cf_plan_diff_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  /* A worker still running has older results: they are dropped. */
  self->generation++;
  self->refresh_again = FALSE;

  if (self->book != NULL)
    {
      rows = cf_plan_book_to_rows (self->book, TRUE);
      self->diff = cf_plan_diff_new (rows, self->base->snapshot);
      self->findings = cf_plan_validate (self->book, self->base->history, CF_PLAN_VALIDATE_NONE);
    }
  g_signal_emit (self, signals[REFRESHED], 0);
  notify_busy (self);
}

static void
on_book_changed_cb (CfPlanSession *self)
{
  queue_refresh (self);
}

/* ---- Loading ---- */

/* Reading the store (and saving an accepted import first) takes about a
 * second for 20,000 subjects: it runs in a worker, with the diff and the
 * findings, and the session takes the result when it is ready. */
typedef struct
{
  CfStore        *store;
  CfPlanBook     *import;      /* saved as the working copy first, or NULL */
  gboolean        saving;
  CfPlanBook     *book;
  CfPlanSnapshot *snapshot;
  CfPlanHistory  *history;
  CfPlanDiff     *diff;
  GPtrArray      *findings;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->import);
  g_clear_object (&data->book);
  g_clear_pointer (&data->snapshot, cf_plan_snapshot_free);
  g_clear_pointer (&data->history, cf_plan_history_free);
  g_clear_pointer (&data->diff, cf_plan_diff_unref);
  g_clear_pointer (&data->findings, g_ptr_array_unref);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  /* One transaction: a failure leaves the working copy as it was. */
  if (data->import != NULL)
    {
      gboolean saved = cf_plan_book_save_to_store (data->import, data->store, &error);

      /* Usually the last reference: 20,000 subjects are freed here, not
       * on the main thread. */
      g_clear_object (&data->import);
      if (!saved)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  data->book = cf_plan_book_load (data->store, &error);
  if (data->book == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->snapshot = cf_plan_snapshot_load_last (data->store, &error);
  if (error != NULL)
    {
      g_warning ("Could not read the last version sent: %s", error->message);
      g_clear_error (&error);
    }
  data->history = cf_plan_history_load (data->store, &error);
  if (data->history == NULL)
    {
      g_warning ("Could not read the ID history: %s", error != NULL ? error->message : "");
      data->history = cf_plan_history_new ();
    }
  rows = cf_plan_book_to_rows (data->book, TRUE);
  data->diff = cf_plan_diff_new (rows, data->snapshot);
  data->findings = cf_plan_validate (data->book, data->history, CF_PLAN_VALIDATE_NONE);
  g_task_return_boolean (task, TRUE);
}

static void
disconnect_book (CfPlanSession *self)
{
  if (self->book != NULL)
    g_signal_handlers_disconnect_by_data (self->book, self);
  g_clear_object (&self->book);
}

static void
install (CfPlanSession *self,
         LoadData      *data)
{
  disconnect_book (self);
  g_clear_pointer (&self->base, base_unref);
  g_clear_pointer (&self->diff, cf_plan_diff_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  self->book = g_steal_pointer (&data->book);
  self->base = base_new (g_steal_pointer (&data->snapshot), g_steal_pointer (&data->history));
  self->diff = g_steal_pointer (&data->diff);
  self->findings = g_steal_pointer (&data->findings);
  self->generation++;
  self->refresh_again = FALSE;
  if (self->book == NULL)
    self->book = cf_plan_book_new ();

  g_signal_connect_swapped (self->book, "value-changed", G_CALLBACK (on_book_changed_cb), self);
  g_signal_connect_swapped (self->book, "children-changed", G_CALLBACK (on_book_changed_cb), self);
  g_signal_emit (self, signals[LOADED], 0);
}

static void reload (CfPlanSession *self);

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CfPlanSession *self = CF_PLAN_SESSION (source);
  GTask *task = G_TASK (result);
  LoadData *data = g_task_get_task_data (task);
  GTask *outer = user_data;
  g_autoptr(GError) error = NULL;

  self->loading = FALSE;
  if (!g_task_propagate_boolean (task, &error))
    {
      /* A failed import: the working copy and the session are untouched. */
      if (!data->saving)
        install (self, data);
      g_task_return_error (outer, g_steal_pointer (&error));
    }
  else
    {
      install (self, data);
      g_task_return_boolean (outer, TRUE);
    }
  g_object_unref (outer);
  notify_busy (self);

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      reload (self);
    }
}

void
cf_plan_session_load_async (CfPlanSession       *self,
                            CfPlanBook          *import,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GTask *outer;
  LoadData *data;

  g_return_if_fail (CF_IS_PLAN_SESSION (self));
  g_return_if_fail (import == NULL || CF_IS_PLAN_BOOK (import));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cf_plan_session_load_async);

  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (self->store);
  data->import = import != NULL ? g_object_ref (import) : NULL;
  data->saving = import != NULL;

  task = g_task_new (self, NULL, on_loaded_cb, outer);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_set_source_tag (task, load_thread);

  self->loading = TRUE;
  notify_busy (self);
  g_task_run_in_thread (task, load_thread);
}

gboolean
cf_plan_session_load_finish (CfPlanSession  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_reloaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!cf_plan_session_load_finish (CF_PLAN_SESSION (source), result, &error))
    g_warning ("Could not read the study plans again: %s", error->message);
}

static void
reload (CfPlanSession *self)
{
  cf_plan_session_load_async (self, NULL, NULL, on_reloaded_cb, NULL);
}

static void
on_store_changed_cb (CfPlanSession *self)
{
  if (!self->follow_store)
    return;
  /* A load under way may have read before the change: read once more after. */
  if (self->loading)
    self->reload_pending = TRUE;
  else
    reload (self);
}

/* ---- Marking as sent ---- */

gboolean
cf_plan_session_mark_sent (CfPlanSession  *self,
                           GError        **error)
{
  g_autoptr(CfPlanSnapshot) snapshot = NULL;
  g_autoptr(GError) local_error = NULL;
  CfPlanHistory *history;

  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->book == NULL)
    {
      g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_INVALID,
                           _("The study plans are still loading; try again in a moment."));
      return FALSE;
    }
  snapshot = cf_plan_mark_sent (self->store, self->book, NULL, error);
  if (snapshot == NULL)
    return FALSE;

  history = cf_plan_history_load (self->store, &local_error);
  if (history == NULL)
    g_warning ("Could not read the ID history: %s", local_error->message);
  g_clear_pointer (&self->base, base_unref);
  self->base = base_new (g_steal_pointer (&snapshot), history);
  cf_plan_session_refresh_now (self);
  return TRUE;
}

/* ---- GObject ---- */

static void
cf_plan_session_dispose (GObject *object)
{
  CfPlanSession *self = CF_PLAN_SESSION (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  disconnect_book (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cf_plan_session_parent_class)->dispose (object);
}

static void
cf_plan_session_finalize (GObject *object)
{
  CfPlanSession *self = CF_PLAN_SESSION (object);

  g_clear_pointer (&self->base, base_unref);
  g_clear_pointer (&self->diff, cf_plan_diff_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_plan_session_parent_class)->finalize (object);
}

static void
cf_plan_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CfPlanSession *self = CF_PLAN_SESSION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, cf_plan_session_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_plan_session_class_init (CfPlanSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_plan_session_dispose;
  object_class->finalize = cf_plan_session_finalize;
  object_class->get_property = cf_plan_session_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CfPlanSession::loaded:
   *
   * A new book was installed (first load, import, reload): everything
   * shown from the old one is stale.
   */
  signals[LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CfPlanSession::refreshed:
   *
   * The diff and the findings were replaced.
   */
  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cf_plan_session_init (CfPlanSession *self)
{
  self->follow_store = TRUE;
}

CfPlanSession *
cf_plan_session_new (CfStore *store)
{
  CfPlanSession *self;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  self = g_object_new (CF_TYPE_PLAN_SESSION, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_swapped (store, "changed", G_CALLBACK (on_store_changed_cb), self);
  return self;
}

CfStore *
cf_plan_session_get_store (CfPlanSession *self)
{
  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), NULL);
  return self->store;
}

CfPlanBook *
cf_plan_session_get_book (CfPlanSession *self)
{
  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), NULL);
  return self->book;
}

CfPlanDiff *
cf_plan_session_get_diff (CfPlanSession *self)
{
  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), NULL);
  return self->diff;
}

GPtrArray *
cf_plan_session_get_findings (CfPlanSession *self)
{
  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), NULL);
  return self->findings;
}

CfPlanHistory *
cf_plan_session_get_history (CfPlanSession *self)
{
  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), NULL);
  return self->base != NULL ? self->base->history : NULL;
}

guint
cf_plan_session_count_errors (CfPlanSession *self)
{
  guint n = 0;

  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), 0);
  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    if (cf_finding_is_error (g_ptr_array_index (self->findings, i)))
      n++;
  return n;
}

gboolean
cf_plan_session_get_busy (CfPlanSession *self)
{
  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), FALSE);
  return self->loading || self->refresh_id != 0 || self->refreshing || self->refresh_again;
}

gboolean
cf_plan_session_get_loading (CfPlanSession *self)
{
  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), FALSE);
  return self->loading;
}

gboolean
cf_plan_session_can_export (CfPlanSession *self)
{
  g_return_val_if_fail (CF_IS_PLAN_SESSION (self), FALSE);
  return !self->loading && self->book != NULL && cf_plan_book_get_n_subjects (self->book) > 0 &&
         cf_plan_session_count_errors (self) == 0;
}

void
cf_plan_session_set_follow_store (CfPlanSession *self,
                                  gboolean       follow)
{
  g_return_if_fail (CF_IS_PLAN_SESSION (self));
  self->follow_store = follow;
}
