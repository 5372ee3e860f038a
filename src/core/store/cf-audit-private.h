/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-audit-private.h: recording into the bitácora from a repository's
 * transaction. */
#pragma once

#include "cf-sql-private.h"
#include "cf-audit-repo.h"

G_BEGIN_DECLS

gboolean _cf_audit_record (CfSqlConn   *conn,
                           const char  *action,
                           const char  *entity,
                           const char  *entity_id,
                           const char  *field,
                           const char  *old_value,
                           const char  *new_value,
                           GError     **error);

G_END_DECLS
