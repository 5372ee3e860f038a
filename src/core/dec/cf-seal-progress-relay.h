/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-seal-progress-relay.h: a batch's progress, reported in a worker
 * thread, delivered in the main context of whoever started the _async
 * run (the sealing of files and the sealing of the store's certificates
 * share it). The relay is shared by every pending delivery, so the
 * caller's destroy notify runs after the last one, in that context. */
#pragma once

#include "cf-sealer.h"

G_BEGIN_DECLS

typedef struct _CfSealProgressRelay CfSealProgressRelay;

/* Made in the caller's thread (its thread-default main context receives
 * the deliveries). NULL when @func is NULL: then @destroy is called on
 * @data at once. */
CfSealProgressRelay *cf_seal_progress_relay_new     (CfSealProgressFunc    func,
                                                     gpointer              data,
                                                     GDestroyNotify        destroy);
/* A CfSealProgressFunc for the worker: @relay is its user data. */
void                 cf_seal_progress_relay_func    (const CfSealProgress *progress,
                                                     gpointer              relay);
/* The worker's last word: its reference goes in the caller's context,
 * after every pending delivery. */
void                 cf_seal_progress_relay_release (CfSealProgressRelay  *relay);
void                 cf_seal_progress_relay_unref   (CfSealProgressRelay  *relay);

G_END_DECLS
