/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-audit-page.h: the Bitácora section: every change to signers and
 * study plans, newest first, with who made it and when, filtered by date,
 * person and what changed. Read from the store in a worker thread when the
 * page is shown and whenever the store changes. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CF_TYPE_AUDIT_PAGE (cf_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (CfAuditPage, cf_audit_page, CF, AUDIT_PAGE, GtkWidget)

/* Construct property: "context" (CfContext). */

/* The entries on show (element-type CfAuditItem), newest first. */
GListModel *cf_audit_page_get_entries (CfAuditPage *self);
/* TRUE while the store is being read. */
gboolean    cf_audit_page_get_busy    (CfAuditPage *self);

G_END_DECLS
