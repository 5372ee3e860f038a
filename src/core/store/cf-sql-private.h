/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-sql-private.h: the small SQL interface the repositories speak, and the
 * driver table behind it (model: Dovecot's lib-sql). Only files in
 * src/core/store/ include this; nothing here names sqlite3 or libpq.
 *
 * SQL is written once for both engines: `?` placeholders (the PostgreSQL
 * driver numbers them), standard types, RETURNING, ON CONFLICT. Results are
 * read whole; values come back as text (NULL for SQL NULL) or as bytes. */
#pragma once

#include <gio/gio.h>

#include "cf-store.h"

G_BEGIN_DECLS

typedef enum
{
  CF_SQL_NULL,
  CF_SQL_INT,
  CF_SQL_TEXT,
  CF_SQL_BLOB,
} CfSqlType;

typedef struct
{
  CfSqlType      type;
  gint64         i;
  const char    *s;
  gconstpointer  data;
  gsize          len;
} CfSqlValue;

#define CF_SQL_INT_V(x)    ((CfSqlValue) { .type = CF_SQL_INT, .i = (x) })
#define CF_SQL_TEXT_V(x)   ((CfSqlValue) { .type = (x) != NULL ? CF_SQL_TEXT : CF_SQL_NULL, .s = (x) })
#define CF_SQL_BLOB_V(d,l) ((CfSqlValue) { .type = CF_SQL_BLOB, .data = (d), .len = (l) })

typedef struct _CfSqlConn   CfSqlConn;
typedef struct _CfSqlRows   CfSqlRows;
typedef struct _CfSqlDriver CfSqlDriver;

struct _CfSqlDriver
{
  const char     *name;               /* "sqlite", "postgresql" */
  CfStoreEngine   engine;
  const char     *begin_write;        /* starts a transaction that may write */
  const char     *begin_read;

  CfSqlConn  *(*connect)       (const char *location,
                                const char *password,
                                GError    **error);
  void        (*disconnect)    (CfSqlConn  *conn);
  /* One or more statements without parameters. */
  gboolean    (*exec)          (CfSqlConn  *conn,
                                const char *sql,
                                GError    **error);
  CfSqlRows  *(*query)         (CfSqlConn        *conn,
                                const char       *sql,
                                const CfSqlValue *params,
                                guint             n_params,
                                GError          **error);
  /* The schema version recorded in the database (0 when empty), and
   * whether it holds another program's tables (refused, untouched). */
  gboolean    (*inspect)       (CfSqlConn  *conn,
                                int        *version,
                                gboolean   *foreign,
                                GError    **error);
  gboolean    (*set_version)   (CfSqlConn  *conn,
                                int         version,
                                GError    **error);
  /* Run inside every write transaction with its stamp as text (NULL: none):
   * how other desks hear of it (PostgreSQL's NOTIFY). */
  const char     *notify_sql;
  /* Change watching on a connection of its own. @listen prepares it;
   * @watch_fd is the socket to wait on (-1: poll on a timer instead);
   * @changed says whether another connection wrote since the last call. */
  gboolean    (*listen)        (CfSqlConn  *conn,
                                GError    **error);
  int         (*watch_fd)      (CfSqlConn  *conn);
  gboolean    (*changed)       (CfSqlConn  *conn,
                                GError    **error);
  /* After rows were copied in with explicit ids: move id generators past them. */
  gboolean    (*reset_ids)     (CfSqlConn  *conn,
                                const char *table,
                                GError    **error);
};

struct _CfSqlConn
{
  const CfSqlDriver *driver;
  gboolean           in_transaction;
};

struct _CfSqlRows
{
  guint       n_rows;
  guint       n_columns;
  gint64      changes;      /* rows written by an INSERT/UPDATE/DELETE */
  GPtrArray  *cells;        /* n_rows * n_columns GBytes* (NULL = SQL NULL), NUL-terminated */
};

extern const CfSqlDriver cf_sql_driver_sqlite;
extern const CfSqlDriver cf_sql_driver_pgsql;

CfSqlRows  *_cf_sql_rows_new        (guint        n_columns);
void        cf_sql_rows_free        (CfSqlRows   *rows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfSqlRows, cf_sql_rows_free)

const char *cf_sql_rows_text        (CfSqlRows   *rows,
                                     guint        row,
                                     guint        column);   /* NULL for SQL NULL */
gint64      cf_sql_rows_int         (CfSqlRows   *rows,
                                     guint        row,
                                     guint        column);
GBytes     *cf_sql_rows_bytes       (CfSqlRows   *rows,
                                     guint        row,
                                     guint        column);   /* borrowed */

/* The connection of the calling thread (opened on first use): a GTask
 * worker never shares the main thread's. */
CfSqlConn  *cf_store_get_conn       (CfStore     *store,
                                     GError     **error);
gboolean    cf_sql_exec             (CfSqlConn   *conn,
                                     const char  *sql,
                                     GError     **error);
CfSqlRows  *cf_sql_query            (CfSqlConn        *conn,
                                     const char       *sql,
                                     const CfSqlValue *params,
                                     guint             n_params,
                                     GError          **error);
/* Runs a statement for its effect; @changes may be NULL. */
gboolean    cf_sql_run              (CfSqlConn        *conn,
                                     const char       *sql,
                                     const CfSqlValue *params,
                                     guint             n_params,
                                     gint64           *changes,
                                     GError          **error);
#define CF_SQL_PARAMS(...) ((const CfSqlValue[]) { __VA_ARGS__ }), \
  (sizeof ((const CfSqlValue[]) { __VA_ARGS__ }) / sizeof (CfSqlValue))

/* A write transaction: @func runs between BEGIN and COMMIT on this thread's
 * connection and returns FALSE with @error set to roll back. A busy store or
 * a serialization failure retries the whole of @func a few times, so @func
 * must not keep state across tries outside the database. The transaction's
 * stamp (cf_store_tx_stamp) is taken first: every row written gets it as
 * its row_version. */
typedef gboolean (*CfStoreTxFunc) (CfSqlConn  *conn,
                                   gint64      stamp,
                                   gpointer    user_data,
                                   GError    **error);
gboolean    cf_store_write          (CfStore       *store,
                                     CfStoreTxFunc  func,
                                     gpointer       user_data,
                                     GError       **error);
/* A read transaction for one consistent picture. */
gboolean    cf_store_read           (CfStore       *store,
                                     CfStoreTxFunc  func,
                                     gpointer       user_data,
                                     GError       **error);

/* Error helpers for drivers. */
void        _cf_sql_set_error       (GError     **error,
                                     CfStoreError code,
                                     const char  *detail);

G_END_DECLS
