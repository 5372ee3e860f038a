/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-page-export.h: "Export for SEP…" on the Certificados page: the
 * sealed XMLs of the selection (or, when the selection holds none, every
 * sealed certificate) as one .zip for SEP's MEC portal, written by the
 * core's cf_certs_export_sep() in a worker thread. */
#pragma once

#include <gtk/gtk.h>

#include "cf-certs-page.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* cf_certs_export_sep() in a worker; @ids (element-type gint64, may be
 * NULL for every sealed certificate) and @file are copied. */
void      cf_certs_export_sep_async          (CfStore             *store,
                                              GArray              *ids,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* How many certificates the zip holds; 0 and @error on failure. */
guint     cf_certs_export_sep_finish         (CfStore             *store,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Whether the page has something to export (a sealed certificate). */
gboolean  _cf_certs_page_can_export          (CfCertsPage         *self);

/* The page's "certs.export-sep" action: asks where to save the zip. */
void      _cf_certs_page_export_action       (GtkWidget           *widget,
                                              const char          *action_name,
                                              GVariant            *parameter);

/* Writes the zip to @file without asking where (the action, once the
 * place is chosen; tests). */
void      _cf_certs_page_export_to           (CfCertsPage         *self,
                                              GFile               *file);

G_END_DECLS
