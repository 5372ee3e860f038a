/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-package.h: the Registro de Institución package SEP receives by
 * e-mail (issue 15, page 9; mec-domain.md §2): one .zip with the workbook,
 * a letter per campus, each signer's .cer, the two scans and the logo,
 * under clear names. Refused while anything is missing; written
 * atomically; then opened again and every member checked (name, size,
 * SHA-256) against what was meant to go in. */
#pragma once

#include <gio/gio.h>

#include "cf-incorporation.h"
#include "cf-store.h"

G_BEGIN_DECLS

#define CF_INC_PACKAGE_ERROR (cf_inc_package_error_quark ())

typedef enum
{
  CF_INC_PACKAGE_ERROR_MISSING,    /* something the package needs is missing */
  CF_INC_PACKAGE_ERROR_WRITE,      /* the .zip cannot be written */
  CF_INC_PACKAGE_ERROR_VERIFY,     /* read back, it is not what was written */
} CfIncPackageError;

GQuark cf_inc_package_error_quark (void);

/* The members' names. */
#define CF_INC_PACKAGE_WORKBOOK "01-Registro-de-Institucion.xlsx"
#define CF_INC_PACKAGE_LETTER   "Oficio-campus-%s.pdf"          /* the campus's DGP key */
/* A scan of the letter as signed (CF_INC_FILE_OFICIO), when there is one;
 * then its own extension. */
#define CF_INC_PACKAGE_SIGNED_LETTER "Oficio-campus-%s-firmado"
#define CF_INC_PACKAGE_CER      "Firmante-%s.cer"               /* the certificate's number */
/* Then the file's own extension (".pdf", ".png"…): */
#define CF_INC_PACKAGE_NOMBRAMIENTO "Oficio-de-Nombramiento"
#define CF_INC_PACKAGE_REGISTRO "Registro-de-establecimiento-educativo"
#define CF_INC_PACKAGE_LOGO     "Logotipo"

/* Campus @campus's letter (1…n) as PDF bytes, with the logo at
 * @logo_path (NULL: none); the renderer gives one
 * (cf_inc_letters_make_pdf) — the core draws nothing. */
typedef GBytes *(*CfIncLetterFunc) (CfIncorporation  *incorporation,
                                    CfStore          *store,
                                    guint             campus,
                                    const char       *logo_path,
                                    gpointer          user_data,
                                    GCancellable     *cancellable,
                                    GError          **error);

typedef struct
{
  char    *name;
  guint64  size;
  char    *sha256;   /* hex */
} CfIncPackageMember;

void cf_inc_package_member_free (CfIncPackageMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfIncPackageMember, cf_inc_package_member_free)

typedef struct
{
  CfIncLetterFunc  letter;
  gpointer         letter_data;
  /* The scans and the logo; NULL (what the app and the CLI give): the
   * copies the incorporation keeps (cf_incorporation_get_file()). */
  const char      *logo_path;
  const char      *nombramiento_path;
  const char      *registro_path;
} CfIncPackageOptions;

/* What the package still needs, one translated sentence each (empty:
 * nothing): cf_incorporation_dup_missing() for the Registro de Institución,
 * signers not in the store, files that cannot be read. */
GPtrArray *cf_inc_package_dup_missing (CfIncorporation            *incorporation,
                                       CfStore                    *store,
                                       const CfIncPackageOptions  *options);

/* Writes the package to @path and verifies it; (element-type
 * CfIncPackageMember) the members as read back, in order; @size (may be
 * NULL) receives the .zip's size. Missing items: CF_INC_PACKAGE_ERROR_MISSING
 * whose message lists them all, nothing written. */
GPtrArray *cf_inc_package_write       (CfIncorporation            *incorporation,
                                       CfStore                    *store,
                                       const CfIncPackageOptions  *options,
                                       const char                 *path,
                                       guint64                    *size,
                                       GCancellable               *cancellable,
                                       GError                    **error);

/* Reads @path back: every member of @expected there, with its size and
 * SHA-256, and nothing else. Returns the members as read. */
GPtrArray *cf_inc_package_verify      (const char                 *path,
                                       GPtrArray                  *expected,
                                       guint64                    *size,
                                       GError                    **error);

/* cf_inc_package_verify() without @expected, in a worker: a package built
 * in an earlier session, listed as it is on disk. */
void       cf_inc_package_read_async  (const char                 *path,
                                       GCancellable               *cancellable,
                                       GAsyncReadyCallback         callback,
                                       gpointer                    user_data);
GPtrArray *cf_inc_package_read_finish (GAsyncResult               *result,
                                       guint64                    *size,
                                       GError                    **error);

/* The same in a worker: the incorporation is loaded again from @store
 * there (what the pages saved), so the window's object is not shared. */
void       cf_inc_package_write_async  (CfStore                    *store,
                                        const CfIncPackageOptions  *options,
                                        const char                 *path,
                                        GCancellable               *cancellable,
                                        GAsyncReadyCallback         callback,
                                        gpointer                    user_data);
GPtrArray *cf_inc_package_write_finish (GAsyncResult               *result,
                                        guint64                    *size,
                                        GError                    **error);

/* @bytes written as @name in a new temporary folder (@tmp_dir), for a
 * library that reads files (the letters' logo); NULL on failure. Removed
 * with cf_inc_package_remove_temp_file(), which frees both strings. */
char      *cf_inc_package_write_temp_file  (GBytes                *bytes,
                                            const char            *name,
                                            char                 **tmp_dir);
void       cf_inc_package_remove_temp_file (char                  *path,
                                            char                  *tmp_dir);

/* The e-mail's subject and body for SEP: "<name> / Registro Institución",
 * and a list of @members with sizes. */
char      *cf_inc_package_dup_mail_subject (CfIncorporation       *incorporation);
char      *cf_inc_package_dup_mail_body    (CfIncorporation       *incorporation,
                                            GPtrArray             *members);

G_END_DECLS
