/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-seal-progress-relay.c: see the header. */
#include "config.h"

#include "cf-seal-progress-relay.h"

struct _CfSealProgressRelay
{
  gatomicrefcount     ref_count;
  GMainContext       *context;
  CfSealProgressFunc  func;
  gpointer            data;
  GDestroyNotify      destroy;
};

typedef struct
{
  CfSealProgressRelay *relay;
  CfSealProgress       progress;
} Delivery;

CfSealProgressRelay *
cf_seal_progress_relay_new (CfSealProgressFunc func,
                            gpointer           data,
                            GDestroyNotify     destroy)
{
  CfSealProgressRelay *relay;

  if (func == NULL)
    {
      if (destroy != NULL)
        destroy (data);
      return NULL;
    }
  relay = g_new0 (CfSealProgressRelay, 1);
  g_atomic_ref_count_init (&relay->ref_count);
  relay->context = g_main_context_ref_thread_default ();
  relay->func = func;
  relay->data = data;
  relay->destroy = destroy;
  return relay;
}

void
cf_seal_progress_relay_unref (CfSealProgressRelay *relay)
{
  if (!g_atomic_ref_count_dec (&relay->ref_count))
    return;
  if (relay->destroy != NULL)
    relay->destroy (relay->data);
  g_main_context_unref (relay->context);
  g_free (relay);
}

static gboolean
deliver_cb (gpointer data)
{
  Delivery *delivery = data;

  delivery->relay->func (&delivery->progress, delivery->relay->data);
  return G_SOURCE_REMOVE;
}

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  cf_seal_progress_relay_unref (delivery->relay);
  g_free (delivery);
}

void
cf_seal_progress_relay_func (const CfSealProgress *progress,
                             gpointer              user_data)
{
  CfSealProgressRelay *relay = user_data;
  Delivery *delivery = g_new0 (Delivery, 1);

  g_atomic_ref_count_inc (&relay->ref_count);
  delivery->relay = relay;
  delivery->progress = *progress;
  g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT, deliver_cb,
                              delivery, delivery_free);
}

static gboolean
release_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

void
cf_seal_progress_relay_release (CfSealProgressRelay *relay)
{
  g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT, release_cb,
                              relay, (GDestroyNotify) cf_seal_progress_relay_unref);
}
