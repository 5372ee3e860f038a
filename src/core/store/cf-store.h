/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-store.h: where Certifica keeps its data, on one of two engines.
 *
 * A location is a file path (SQLite, the embedded default: nothing to set
 * up) or a PostgreSQL URI (postgresql://user@host:5432/certifica) that
 * several registrars' desks share. The repositories (cf-signer-repo.h,
 * cf-plan-repo.h, cf-audit-repo.h) read and write through it; nothing
 * outside src/core/store/ speaks SQL. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CF_STORE_ERROR (cf_store_error_quark ())

typedef enum
{
  CF_STORE_ERROR_OPEN,        /* cannot create, open or reach it */
  CF_STORE_ERROR_NEWER,       /* written by a newer Certifica: refused, untouched */
  CF_STORE_ERROR_CORRUPT,     /* not a Certifica store / damaged */
  CF_STORE_ERROR_EXISTS,      /* unique row already there */
  CF_STORE_ERROR_NOT_FOUND,
  CF_STORE_ERROR_FAILED,
  CF_STORE_ERROR_CONFLICT,    /* another desk changed the row since it was read */
  CF_STORE_ERROR_BUSY,        /* still locked after retrying */
  CF_STORE_ERROR_AUTH,        /* the database server wants a (right) password */
  CF_STORE_ERROR_NOT_EMPTY,   /* store copy: the target already holds data */
  CF_STORE_ERROR_NO_TEST_FOLIO, /* sealing in the test stage: every test folio used */
} CfStoreError;

GQuark cf_store_error_quark (void);

typedef enum
{
  CF_STORE_ENGINE_SQLITE,
  CF_STORE_ENGINE_POSTGRESQL,
} CfStoreEngine;

#define CF_TYPE_STORE (cf_store_get_type ())
G_DECLARE_FINAL_TYPE (CfStore, cf_store, CF, STORE, GObject)

/* The default location: $XDG_DATA_HOME/certifica/certifica.db */
char          *cf_store_default_path              (void);
/* TRUE for postgresql:// and postgres:// URIs. */
gboolean       cf_store_location_is_uri           (const char  *location);
/* A location fit for messages and logs: a URI loses any password in it. */
char          *cf_store_location_for_display      (const char  *location);

/* @location NULL = the default. The schema is created or migrated to the
 * current version. A PostgreSQL password comes from the user's keyring
 * (cf_store_password_store()) or libpq's own sources. */
CfStore       *cf_store_open                      (const char  *location,
                                                   GError     **error);
/* @password (nullable) is used for PostgreSQL and wiped from our memory
 * when the store is finalized. */
CfStore       *cf_store_open_with_password        (const char  *location,
                                                   const char  *password,
                                                   GError     **error);
/* cf_store_open_with_password() in a worker thread (cf_store_open() when
 * @password is NULL: the keyring, then libpq's own sources), for windows
 * that must not wait on a server. @password is copied and wiped. */
void           cf_store_open_async                (const char          *location,
                                                   const char          *password,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CfStore       *cf_store_open_finish               (GAsyncResult        *result,
                                                   GError             **error);
const char    *cf_store_get_location              (CfStore     *self);
/* Same as get_location (kept for the file-based callers). */
const char    *cf_store_get_path                  (CfStore     *self);
CfStoreEngine  cf_store_get_engine                (CfStore     *self);
const char    *cf_store_engine_to_string          (CfStoreEngine engine);   /* "sqlite", "postgresql" */
int            cf_store_get_schema_version        (CfStore     *self);
int            cf_store_get_latest_schema_version (void);
/* A SQLite file on NFS, SMB or another network file system: locking there
 * is not to be trusted. Always FALSE for PostgreSQL. */
gboolean       cf_store_is_on_network_fs          (CfStore     *self);

/* The store's change counter: it grows with every write transaction from
 * any desk or process. */
gboolean       cf_store_get_stamp                 (CfStore     *self,
                                                   gint64      *stamp,
                                                   GError     **error);
/* Starts watching for changes made by others (another desk, the CLI): the
 * "changed" signal is emitted on the main context within ~2 seconds. */
void           cf_store_watch_changes             (CfStore     *self,
                                                   guint        interval_ms);

/* The PostgreSQL password for @location in the user's keyring. */
gboolean       cf_store_password_store            (const char    *location,
                                                   const char    *password,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
char          *cf_store_password_lookup           (const char    *location,
                                                   GCancellable  *cancellable,
                                                   GError       **error);   /* NULL, no error: none */
gboolean       cf_store_password_forget           (const char    *location,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* Row counts per table, for `store info` and `store copy`. */
typedef struct
{
  guint signers;
  guint plans;
  guint subjects;
  guint audit_entries;
} CfStoreCounts;

gboolean       cf_store_count                     (CfStore       *self,
                                                   CfStoreCounts *counts,
                                                   GError       **error);

/* Copies every table of @self into @target, which must be empty (just
 * created), then compares each table's row count and checksum. @report
 * receives one line per table. */
gboolean       cf_store_copy_to                   (CfStore     *self,
                                                   CfStore     *target,
                                                   GString     *report,
                                                   GError     **error);
/* A checksum of every table's rows in key order (hex SHA-256 per table,
 * NUL-separated "table\tcount\tsum" lines). */
char          *cf_store_checksum                  (CfStore     *self,
                                                   GError     **error);

G_END_DECLS
