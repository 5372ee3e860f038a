/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the test binaries. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Path of a file under ../shared/fixtures ($CF_FIXTURES_DIR), or NULL when absent. */
char     *cf_test_fixture_path        (const char *relative);
/* The password in the fixture folder @folder's password.txt (relative to
 * the fixtures, its end of line removed); fails the test when absent. */
char     *cf_test_fixture_password    (const char *folder);
/* Exits with 77 (skipped) when the SAT fixtures are not beside the project. */
void      cf_test_require_fixtures    (void);
/* A fresh temporary folder, removed recursively by cf_test_rmdir(). */
char     *cf_test_mkdtemp             (void);
void      cf_test_rmdir               (const char *path);
/* Reads a whole file; aborts the test on failure. */
GBytes   *cf_test_read_file           (const char *path);
/* Runs argv, feeding @stdin_text (may be NULL: stdin is /dev/null; keep it
 * under 60 000 bytes); returns exit status, stdout and stderr (each may be NULL). */
int       cf_test_spawn               (const char * const *argv,
                                       const char         *stdin_text,
                                       char              **out,
                                       char              **err);

typedef enum
{
  CF_TEST_KEY_PBES2_3DES,   /* as SAT issues them */
  CF_TEST_KEY_PBES2_AES,
  CF_TEST_KEY_PKCS12_3DES,
  CF_TEST_KEY_PLAIN,        /* unencrypted PKCS#8 */
} CfTestKeyScheme;

typedef struct
{
  const char     *name;          /* CN; default "MARIA DE LA LUZ PEREZ LOPEZ" */
  const char     *rfc;           /* 2.5.4.45; default "PELM800101AB1"; "" = omit SAT OIDs */
  const char     *curp;          /* 2.5.4.5; default "PELM800101MDFRPR05" */
  const char     *ou;            /* non-NULL makes a CSD-like certificate */
  const char     *serial_ascii;  /* 20 digits; default "30001000000500003456" */
  int             days_from_now_start;  /* default 0 = starts yesterday */
  int             days_valid;           /* default 0 = 4 years; negative = already expired */
  guint           bits;                 /* default 2048 */
  CfTestKeyScheme scheme;
  const char     *password;      /* default "12345678a" */
} CfTestCertSpec;

/* Generates a SAT-like self-issued certificate and encrypted key in @dir with
 * openssl; writes NAME.cer (DER) and NAME.key (PKCS#8 DER) and returns their
 * paths. Keys generated here live only in test temp folders. */
gboolean  cf_test_generate_cert       (const char           *dir,
                                       const char           *basename,
                                       const CfTestCertSpec *spec,
                                       char                **cer_path,
                                       char                **key_path,
                                       GError              **error);

G_END_DECLS

/* A second SQLite connection to a SQLite store's file (foreign keys on, no
 * busy wait), closed with the store: what another program would see. */
typedef struct sqlite3 sqlite3;
struct _CfStore;
sqlite3 *cf_test_sqlite_of (struct _CfStore *store);
/* TRUE when nobody holds the store file's write lock. */
gboolean cf_test_sqlite_unlocked (struct _CfStore *store);

/* ---- Stores on either engine ---- */

G_BEGIN_DECLS

/* A new, empty store location for @engine ("sqlite" or "postgresql"):
 * for SQLite a file path in @tmpdir (not created); for PostgreSQL the URI
 * of a brand-new database (cf_t_…) made on the server $CF_TEST_PG_URI
 * names, with $CF_TEST_PG_PASSWORD. Without a server, NULL: the caller
 * skips with g_test_skip(); but when CF_TEST_PG_REQUIRED=1 or CI=true a
 * missing server is an error (PostgreSQL tests never skip silently there). */
char     *cf_test_store_location      (const char *engine,
                                       const char *tmpdir);
/* Drops a database cf_test_store_location() made (connections still open
 * to it are ended);
 * nothing for a SQLite path (its folder goes with cf_test_rmdir()). */
void      cf_test_store_location_drop (const char *location);
/* The password a test store needs: $CF_TEST_PG_PASSWORD for URIs, else NULL. */
const char *cf_test_store_password    (const char *location);
/* Opens @location (a URI with cf_test_store_password()); asserts it opened. */
struct _CfStore *cf_test_store_open   (const char *location);
/* Runs @sql (one or more statements) on the PostgreSQL database at
 * @location, outside Certifica; returns the first cell of the last
 * statement's first row (NULL when it returned no row). Fails the test
 * when the SQL fails. */
char     *cf_test_pg_query            (const char *location,
                                       const char *sql);
/* A launcher for certifica-cli ($CF_CLI) on a test store: PGPASSWORD set
 * from $CF_TEST_PG_PASSWORD, and no session bus, so the CLI does not
 * start (or read) a keyring: libpq's PGPASSWORD is its password, as for a
 * script on a server. stdin is /dev/null. */
GSubprocessLauncher *cf_test_cli_launcher (GSubprocessFlags flags);
/* certifica-cli's path ($CF_CLI); fails the test when it is not set. */
const char *cf_test_cli_path          (void);
/* Runs certifica-cli with the arguments from @first (NULL-terminated),
 * feeding @stdin_text as cf_test_spawn() does; returns its exit status. */
int         cf_test_run_cli           (const char  *stdin_text,
                                       char       **out,
                                       char       **err,
                                       const char  *first,
                                       ...) G_GNUC_NULL_TERMINATED;

/* A test case's store on one engine, for g_test_add(): the engine is the
 * case's data; set up makes a temporary folder and a new location in it
 * (NULL, and the case skipped, when there is no server for the engine);
 * tear down drops the location and the others the test made. */
typedef struct
{
  const char *engine;     /* "sqlite", "postgresql" */
  char       *dir;
  char       *location;   /* NULL: no server for this engine, skipped */
  GPtrArray  *others;     /* more locations made by the test */
} CfTestEngine;

void        cf_test_engine_set_up      (CfTestEngine  *f,
                                        gconstpointer  engine);
void        cf_test_engine_tear_down   (CfTestEngine  *f,
                                        gconstpointer  engine);
/* Another new location on @engine in the case's folder (NULL when that
 * engine is unavailable), dropped with the case. */
const char *cf_test_engine_other_location (CfTestEngine *f,
                                           const char   *engine);

/* Each case starts with this: nothing to do without the engine. */
#define CF_TEST_REQUIRE_ENGINE(f) G_STMT_START { if ((f)->location == NULL) return; } G_STMT_END

/* Adds /PREFIX/ENGINE/NAME running @func (taking a CfTestEngine *). */
#define CF_TEST_ADD_ENGINE_CASE(prefix, engine, name, func) G_STMT_START { \
    g_autofree char *path_ = g_strdup_printf ("/%s/%s/%s", (prefix), (engine), (name)); \
    g_test_add (path_, CfTestEngine, (engine), cf_test_engine_set_up, (func), cf_test_engine_tear_down); \
  } G_STMT_END

G_END_DECLS
