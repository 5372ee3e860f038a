/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-institution-repo.h: the institution as Preferences sets it: name, DGP
 * institution key, campus key and logo, in the store so that every desk
 * sharing the data prints the same letterhead. A value never set falls
 * back to the study plans' (ID_INSTITUCION, NOMBRE_INSTITUCION, the first
 * ID_CAMPUS), which is where the institution lived before. Changes go to
 * the bitácora. */
#pragma once

#include "cf-store.h"

G_BEGIN_DECLS

typedef struct
{
  char     *name;             /* NOMBRE_INSTITUCION */
  char     *id_institucion;   /* the DGP's institution key */
  char     *id_campus;        /* the campus key */
  char     *logo_name;        /* the logo's original file name; "" for none */
  char     *logo_sha256;      /* "" for none */
  /* Which of name, id_institucion, id_campus come from the study plans
   * because none was set here. */
  gboolean  name_from_plan;
  gboolean  id_institucion_from_plan;
  gboolean  id_campus_from_plan;
} CfInstitution;

void           cf_institution_free            (CfInstitution  *institution);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfInstitution, cf_institution_free)

/* Never NULL but on a store error. */
CfInstitution *cf_institution_repo_get        (CfStore        *store,
                                               GError        **error);
/* Sets the three values (NULL leaves one as it is); "" gives the study
 * plans' back. Each value that changes is one bitácora entry. */
gboolean       cf_institution_repo_set        (CfStore        *store,
                                               const char     *name,
                                               const char     *id_institucion,
                                               const char     *id_campus,
                                               GError        **error);
/* Keeps @bytes (already checked to be an image by the caller, which knows
 * the image formats) as the logo; NULL removes it. @file_name is shown to
 * people ("escudo.png"). */
gboolean       cf_institution_repo_set_logo   (CfStore        *store,
                                               GBytes         *bytes,
                                               const char     *file_name,
                                               GError        **error);
/* The logo's bytes, or NULL with no error when there is none. @sha256 (may
 * be NULL) receives its SHA-256 in hex. */
GBytes        *cf_institution_repo_get_logo   (CfStore        *store,
                                               char          **sha256,
                                               GError        **error);
/* Only the logo's SHA-256 ("" when there is none): cheap, for a cached copy. */
char          *cf_institution_repo_dup_logo_sha256 (CfStore   *store,
                                                    GError   **error);

/* The same in a worker thread, for windows that must not wait on a
 * server. _get_async also reads the logo's bytes when @with_logo
 * (cf_institution_repo_get_logo()); _finish's @logo (may be NULL) receives
 * them, NULL when there is none. A cancelled call ends with
 * G_IO_ERROR_CANCELLED; a write that had already started still completes
 * and its _finish says how it went. */
void           cf_institution_repo_get_async       (CfStore             *store,
                                                    gboolean             with_logo,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
CfInstitution *cf_institution_repo_get_finish      (CfStore             *store,
                                                    GAsyncResult        *result,
                                                    GBytes             **logo,
                                                    GError             **error);
void           cf_institution_repo_set_async       (CfStore             *store,
                                                    const char          *name,
                                                    const char          *id_institucion,
                                                    const char          *id_campus,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean       cf_institution_repo_set_finish      (CfStore             *store,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void           cf_institution_repo_set_logo_async  (CfStore             *store,
                                                    GBytes              *bytes,
                                                    const char          *file_name,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean       cf_institution_repo_set_logo_finish (CfStore             *store,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
