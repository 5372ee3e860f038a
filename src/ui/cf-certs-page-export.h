/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-page-export.h: "Export for SEP…" on the Certificados page: the
 * sealed XMLs of the selection (or, when the selection holds none, every
 * sealed certificate) as one .zip for SEP's MEC portal, written by the
 * core's cf_certs_export_sep_async(). */
#pragma once

#include <gtk/gtk.h>

#include "cf-certs-page.h"

G_BEGIN_DECLS

/* Enables "certs.export-selected" (a sealed certificate is selected) and
 * "certs.export-sealed" (one is sealed). */
void      _cf_certs_page_update_export       (CfCertsPage         *self);

/* The page's "certs.export-selected" and "certs.export-sealed" actions:
 * ask where to save the zip. */
void      _cf_certs_page_export_action       (GtkWidget           *widget,
                                              const char          *action_name,
                                              GVariant            *parameter);

/* Writes the zip to @file without asking where (the actions, once the
 * place is chosen; tests): the sealed ones of the selection when
 * @selected, else every sealed certificate. */
void      _cf_certs_page_export_to           (CfCertsPage         *self,
                                              GFile               *file,
                                              gboolean             selected);

G_END_DECLS
