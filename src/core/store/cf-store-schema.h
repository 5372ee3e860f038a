/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-store-schema.h: the store's tables, version by version, for both engines. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int         version;
  const char *sqlite;       /* SQLite dialect */
  const char *postgresql;   /* NULL: the SQLite text through _cf_store_schema_for_pg() */
} CfStoreMigration;

const CfStoreMigration *_cf_store_schema_migrations (guint *n_steps);
/* SQLite DDL made PostgreSQL's: 64-bit integers, identity ids, BYTEA. */
char                   *_cf_store_schema_for_pg     (const char *sqlite_sql);

/* Every table, in an order where parents come before children, with the
 * columns a copy carries and the key it is read in. */
typedef struct
{
  const char *name;
  const char *columns;      /* comma-separated */
  const char *order_by;
  const char *blob_columns; /* NULL or the binary columns, comma-separated */
  gboolean    has_id;       /* an id generator to move past copied rows */
} CfStoreTable;

const CfStoreTable     *_cf_store_schema_tables     (guint *n_tables);

G_END_DECLS
