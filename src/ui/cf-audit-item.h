/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-audit-item.h: one row of the Bitácora page, an entry of the bitácora
 * as a person reads it: a sentence ("Changed CREDITOS of the subject
 * 1001: 8 → 9"), the local date and time, and who (user@host). Read-only
 * properties "sentence", "when", "person", "details" (when and who) and
 * "icon-name" for the list's bindings. */
#pragma once

#include <glib-object.h>

#include "cf-audit-repo.h"

G_BEGIN_DECLS

#define CF_TYPE_AUDIT_ITEM (cf_audit_item_get_type ())
G_DECLARE_FINAL_TYPE (CfAuditItem, cf_audit_item, CF, AUDIT_ITEM, GObject)

CfAuditItem *cf_audit_item_new           (const CfAuditEntry *entry);
const char  *cf_audit_item_get_sentence  (CfAuditItem        *self);
const char  *cf_audit_item_get_when      (CfAuditItem        *self);
const char  *cf_audit_item_get_person    (CfAuditItem        *self);
const char  *cf_audit_item_get_icon_name (CfAuditItem        *self);

/* The sentence alone, translated. */
char        *cf_audit_describe           (const CfAuditEntry *entry);

G_END_DECLS
