/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-incorporation-repo-private.h: taking a test folio inside another
 * repository's transaction (sealing in the test stage). Only for files in
 * src/core/store/. */
#pragma once

#include "cf-incorporation-repo.h"
#include "cf-sql-private.h"

G_BEGIN_DECLS

/* cf_incorporation_repo_take_folio() on the open write transaction of
 * @conn, with its @stamp: rolled back with it. */
gboolean     _cf_incorporation_repo_take_folio_in (CfSqlConn   *conn,
                                                   gint64       stamp,
                                                   const char  *used_for,
                                                   char       **folio,
                                                   guint       *number,
                                                   GError     **error);

G_END_DECLS
