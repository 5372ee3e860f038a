/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-repo-private.h: what other repositories' transactions do to the
 * certificates. */
#pragma once

#include "cf-sql-private.h"

G_BEGIN_DECLS

/* Inside an import's transaction (@stamp its row_version): the borrador
 * and listo certificates of every student the import changed (the student
 * or a grade written with @stamp) get a new version, so a check read
 * before is skipped, and a listo one goes back to borrador (with an event)
 * until it is checked again. */
gboolean _cf_cert_repo_students_changed (CfSqlConn  *conn,
                                         gint64      stamp,
                                         GError    **error);

G_END_DECLS
