/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-audit-repo.h: the bitácora. Every change to signers and study plans is
 * recorded with who (OS user and host), when and what, in the same
 * transaction as the change. Nothing in it is ever updated or deleted. */
#pragma once

#include "cf-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *at;          /* ISO 8601, UTC */
  char   *os_user;
  char   *host;
  char   *action;      /* "add", "remove", "change", "import", "mark-sent"… */
  char   *entity;      /* "signer", "institution", "campus", "career", "plan", "subject", "plans" */
  char   *entity_id;
  char   *field;       /* nullable */
  char   *old_value;   /* nullable */
  char   *new_value;   /* nullable */
} CfAuditEntry;

void        cf_audit_entry_free (CfAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfAuditEntry, cf_audit_entry_free)

/* Records one entry in a transaction of its own: for what the person
 * decided rather than changed in the store (a batch sealed without a
 * revocation check). The values are stored as given. */
gboolean    cf_audit_repo_record (CfStore     *store,
                                  const char  *action,
                                  const char  *entity,
                                  const char  *entity_id,
                                  const char  *field,
                                  const char  *old_value,
                                  const char  *new_value,
                                  GError     **error);

/* Newest first. Every filter is optional: @since (a date, inclusive, UTC),
 * @person (OS user), @entity. @limit 0 = no limit. */
GPtrArray  *cf_audit_repo_list  (CfStore     *store,
                                 GDateTime   *since,
                                 const char  *person,
                                 const char  *entity,
                                 guint        limit,
                                 GError     **error);   /* (element-type CfAuditEntry) */

/* cf_audit_repo_list() in a worker thread, for windows: @entities (NULL =
 * all) is any set of entities, e.g. every level of the study plans. */
void        cf_audit_repo_list_async   (CfStore              *store,
                                        GDateTime            *since,
                                        const char           *person,
                                        const char * const   *entities,
                                        guint                 limit,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GPtrArray  *cf_audit_repo_list_finish  (CfStore              *store,
                                        GAsyncResult         *result,
                                        GError              **error);   /* (element-type CfAuditEntry) */

/* Every OS user who ever changed something, sorted: what a filter by
 * person offers. In a worker thread. */
void        cf_audit_repo_list_people_async  (CfStore              *store,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GStrv       cf_audit_repo_list_people_finish (CfStore              *store,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
