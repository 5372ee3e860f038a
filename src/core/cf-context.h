/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-context.h: what every page and command works with, in one object: the
 * store (and through it the repositories), the settings, and the study
 * plans' session. Handed to each page and CLI verb instead of loose
 * "store" and "settings" properties. No GTK. */
#pragma once

#include <gio/gio.h>

#include "cf-store.h"
#include "cf-plan-session.h"

G_BEGIN_DECLS

#define CF_TYPE_CONTEXT (cf_context_get_type ())
G_DECLARE_FINAL_TYPE (CfContext, cf_context, CF, CONTEXT, GObject)

/* @settings may be NULL (the command line, where no schema need be
 * installed): then the defaults below apply. */
CfContext     *cf_context_new                  (CfStore    *store,
                                                GSettings  *settings);
CfStore       *cf_context_get_store            (CfContext  *self);
GSettings     *cf_context_get_settings         (CfContext  *self);   /* nullable */
/* One session per context, made on first use: the plans page and anything
 * else that shows the plans share it. */
CfPlanSession *cf_context_get_plan_session     (CfContext  *self);

/* Settings with their defaults when there are no settings. */
guint          cf_context_get_expiry_warning_days (CfContext *self);
/* The revocation service asked before sealing when a certificate names
 * none (SAT's by default); answers without a nonce older than this many
 * days are refused (7 by default). */
char          *cf_context_dup_ocsp_responder_url  (CfContext *self);
guint          cf_context_get_ocsp_max_age_days   (CfContext *self);
char          *cf_context_dup_validation_url_pattern (CfContext *self);

/* The institution's logo set in Preferences (kept in the store) as a file
 * the renderer can read: a copy in $XDG_CACHE_HOME/certifica/logos/ named
 * by its SHA-256, written when missing. NULL with no error when there is
 * no logo. */
char          *cf_context_dup_logo_path        (CfContext  *self,
                                                GError    **error);
/* The same in a worker thread (it reads the store, which may be a server
 * across the network), for windows. */
void           cf_context_dup_logo_path_async  (CfContext           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* NULL with no error when there is no logo. */
char          *cf_context_dup_logo_path_finish (CfContext           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
