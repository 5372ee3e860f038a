/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-page.h: the "Certificados" section, the registrar's workspace
 * (issue 13): every certificate with the counts per state, filters (state,
 * career, plan, cycle, campus) and a search by name, matrícula or CURP;
 * the selected one's problems (each leading to the field to fix), its name
 * as printed, its subjects with cycle and observation editable, and the
 * live preview of its PDF; "Revisar" checks them all again, "Sellar…"
 * seals a selection or every ready one. Verbs are the widget's "certs.*"
 * actions. The store is read and written by the core, in workers. */
#pragma once

#include <adwaita.h>

#include "cf-cert-repo.h"

G_BEGIN_DECLS

#define CF_TYPE_CERTS_PAGE (cf_certs_page_get_type ())
G_DECLARE_FINAL_TYPE (CfCertsPage, cf_certs_page, CF, CERTS_PAGE, GtkWidget)

/* Properties: "context" (CfContext, construct-only), "busy" (read-only:
 * the list, a certificate or a correction is on its way). */

gboolean     cf_certs_page_get_busy         (CfCertsPage *self);
/* The certificates on show, as filtered (element-type CfCertItem). */
GListModel  *cf_certs_page_get_items        (CfCertsPage *self);
/* How many certificates are in @status, unfiltered. */
guint        cf_certs_page_get_count        (CfCertsPage *self,
                                             CfCertStatus status);
/* Selects only the certificate @id and shows its detail; FALSE when it
 * is not in the list on show. */
gboolean     cf_certs_page_select        (CfCertsPage *self,
                                          gint64       id);
/* The problems of the certificate on show (element-type CfFinding,
 * transfer none), NULL when none is on show. */
GPtrArray   *cf_certs_page_get_findings     (CfCertsPage *self);
/* The certificate on show, with its grades (NULL for none). */
const CfCertRow *cf_certs_page_get_detail   (CfCertsPage *self);

G_END_DECLS
