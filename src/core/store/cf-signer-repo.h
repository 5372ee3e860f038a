/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-signer-repo.h: the signers (only their public certificates) in the
 * store, with what Ipes/Responsable says of each: the position (idCargo),
 * the name as the XML carries it, and the campuses the signer signs for.
 * CfStore::signers-changed is emitted after an add, a remove or a change
 * of those values. */
#pragma once

#include "cf-store.h"
#include "cf-efirma.h"

G_BEGIN_DECLS

/* idCargo when none was set: RESPONSABLE DE EXPEDICIÓN. */
#define CF_SIGNER_DEFAULT_CARGO "5"

/* A signer's Responsable values. As read, every field is filled: a value
 * never set is its default (cargo 5; the name split from the
 * certificate's, cf_signer_name_split()), and the *_is_default flags say
 * so. @campuses is never NULL: empty means every campus of the
 * institution (what a new signer gets; with one campus, that one). */
typedef struct
{
  char     *certificate_number;   /* as read; ignored when writing */
  char     *id_cargo;             /* a code of the idCargo catalog */
  char     *nombre;               /* in capitals, as the XML carries it */
  char     *primer_apellido;
  char     *segundo_apellido;     /* may be "" */
  GStrv     campuses;             /* ID_CAMPUS values; empty = every campus */
  gint64    row_version;          /* as read; 0 when writing = do not check */
  gboolean  cargo_is_default;
  gboolean  name_is_default;
} CfSignerResponsable;

CfSignerResponsable *cf_signer_responsable_new    (void);
CfSignerResponsable *cf_signer_responsable_copy   (const CfSignerResponsable *responsable);
void                 cf_signer_responsable_free   (CfSignerResponsable       *responsable);
/* TRUE when the signer signs for @id_campus (always, for every campus). */
gboolean             cf_signer_responsable_covers (const CfSignerResponsable *responsable,
                                                   const char                *id_campus);
/* The name as Responsable carries it, one string: "JUAN DE LA CRUZ PÉREZ". */
char                *cf_signer_responsable_dup_full_name (const CfSignerResponsable *responsable);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfSignerResponsable, cf_signer_responsable_free)

gboolean       cf_signer_repo_add    (CfStore        *store,
                                      CfCertificate  *certificate,
                                      GError        **error);   /* EXISTS if already there */
gboolean       cf_signer_repo_remove (CfStore        *store,
                                      const char     *certificate_number,
                                      GError        **error);   /* NOT_FOUND */
/* (element-type CfCertificate), ordered by name */
GPtrArray     *cf_signer_repo_list   (CfStore        *store,
                                      GError        **error);
CfCertificate *cf_signer_repo_get    (CfStore        *store,
                                      const char     *certificate_number,
                                      GError        **error);   /* NOT_FOUND */

/* Adds @certificate with @responsable's values (NULL or unset fields: the
 * defaults), in one transaction with its bitácora entries. Checked as
 * cf_signer_repo_set_responsable() does. */
gboolean       cf_signer_repo_add_with_responsable (CfStore                   *store,
                                                    CfCertificate             *certificate,
                                                    const CfSignerResponsable *responsable,
                                                    GError                   **error);
/* NOT_FOUND. */
CfSignerResponsable *cf_signer_repo_get_responsable (CfStore     *store,
                                                     const char  *certificate_number,
                                                     GError     **error);
/* (element-type CfSignerResponsable), in cf_signer_repo_list()'s order. */
GPtrArray     *cf_signer_repo_list_responsables (CfStore   *store,
                                                 GError   **error);
/* Writes @responsable's values for the signer: "" or NULL id_cargo, an
 * empty name (nombre, primer and segundo apellido all "") and NULL or
 * empty campuses go back to the defaults. Names are kept in capitals,
 * blanks collapsed. Refused: an id_cargo not in the catalog, a nombre
 * without a primer apellido or the other way round, a campus that is
 * empty or has a comma (CF_STORE_ERROR_FAILED with a message for people);
 * NOT_FOUND; CONFLICT when @responsable->row_version is not 0 and another
 * desk changed the signer since. Each value that changes is one bitácora
 * entry (entity "signer", fields ID_CARGO, NOMBRE, PRIMER_APELLIDO,
 * SEGUNDO_APELLIDO, CAMPUS). */
gboolean       cf_signer_repo_set_responsable  (CfStore                   *store,
                                                const char                *certificate_number,
                                                const CfSignerResponsable *responsable,
                                                GError                   **error);
/* Every campus id the institution has (the study plans' ID_CAMPUS and the
 * one set in Preferences), sorted; @names (may be NULL) receives the
 * plans' campus names beside them ("" when unknown). Never NULL but on
 * error. */
GStrv          cf_signer_repo_known_campuses    (CfStore   *store,
                                                 GStrv     *names,
                                                 GError   **error);
/* The campus ids with at least one signer, sorted, NULL-terminated (empty
 * when none): a signer of every campus counts for each known campus. */
GStrv          cf_signer_repo_campuses_with_signer (CfStore  *store,
                                                    GError  **error);

/* The same in a worker thread, for windows. */
void           cf_signer_repo_list_responsables_async  (CfStore              *store,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* @known_campuses and @campus_names (may be NULL) receive
 * cf_signer_repo_known_campuses()'s answers. */
GPtrArray     *cf_signer_repo_list_responsables_finish (CfStore              *store,
                                                        GAsyncResult         *result,
                                                        GStrv                *known_campuses,
                                                        GStrv                *campus_names,
                                                        GError              **error);
void           cf_signer_repo_set_responsable_async    (CfStore                   *store,
                                                        const char                *certificate_number,
                                                        const CfSignerResponsable *responsable,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
gboolean       cf_signer_repo_set_responsable_finish   (CfStore                   *store,
                                                        GAsyncResult              *result,
                                                        GError                   **error);

G_END_DECLS
