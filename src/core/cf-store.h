/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-store.h: the embedded SQLite store ($XDG_DATA_HOME/certifica/certifica.db). */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>
#include "cf-efirma.h"

G_BEGIN_DECLS

#define CF_STORE_ERROR (cf_store_error_quark ())

typedef enum
{
  CF_STORE_ERROR_OPEN,        /* cannot create or open the file */
  CF_STORE_ERROR_NEWER,       /* written by a newer Certifica: refused, untouched */
  CF_STORE_ERROR_CORRUPT,     /* not a Certifica store / damaged */
  CF_STORE_ERROR_EXISTS,      /* unique row already there */
  CF_STORE_ERROR_NOT_FOUND,
  CF_STORE_ERROR_FAILED,
} CfStoreError;

GQuark cf_store_error_quark (void);

#define CF_TYPE_STORE (cf_store_get_type ())
G_DECLARE_FINAL_TYPE (CfStore, cf_store, CF, STORE, GObject)

/* The default path: $XDG_DATA_HOME/certifica/certifica.db */
char       *cf_store_default_path      (void);
/* @path NULL = the default; the folder is created (0700) and the schema
 * migrated to the current version in one transaction. */
CfStore    *cf_store_open              (const char   *path,
                                        GError      **error);
const char *cf_store_get_path          (CfStore      *self);
int         cf_store_get_schema_version (CfStore     *self);
/* The version this build migrates files to (the last step of the table in
 * cf-store.c). A file with a higher PRAGMA user_version is refused (NEWER). */
int         cf_store_get_latest_schema_version (void);
/* For later modules (plans, certificates) that keep their own tables. */
sqlite3    *cf_store_get_db            (CfStore      *self);

/* Signers: only the public certificate is stored. The "signers-changed"
 * signal is emitted after a successful add or remove. */
gboolean    cf_store_add_signer        (CfStore       *self,
                                        CfCertificate *certificate,
                                        GError       **error);   /* EXISTS if already there */
gboolean    cf_store_remove_signer     (CfStore       *self,
                                        const char    *certificate_number,
                                        GError       **error);
/* (element-type CfCertificate), ordered by name */
GPtrArray  *cf_store_list_signers      (CfStore       *self,
                                        GError       **error);
CfCertificate *cf_store_get_signer     (CfStore       *self,
                                        const char    *certificate_number,
                                        GError       **error);   /* NOT_FOUND */

G_END_DECLS
