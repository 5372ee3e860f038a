/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the test binaries. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Path of a file under ../shared/fixtures ($CF_FIXTURES_DIR), or NULL when absent. */
char     *cf_test_fixture_path        (const char *relative);
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
