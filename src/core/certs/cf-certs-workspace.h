/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-workspace.h: what the "Certificados" section reads and writes,
 * each in a worker thread (the store may be a server across the network):
 * the counts, the filtered list and the filters' choices in one read; one
 * certificate with its grades; the registrar's corrections. Thin wrappers
 * over cf-cert-repo.h, so windows never wait on the store. No GTK. */
#pragma once

#include <gio/gio.h>

#include "cf-cert-build.h"
#include "cf-cert-repo.h"
#include "cf-dec.h"
#include "cf-efirma.h"
#include "cf-signer-repo.h"

G_BEGIN_DECLS

typedef struct
{
  guint       counts[CF_CERT_N_STATUS];   /* every certificate, unfiltered */
  GPtrArray  *rows;                       /* CfCertRow*, as the filter chose, without grades */
  /* What the filters offer (distinct, sorted), when asked for; else NULL. */
  GStrv       careers;
  GStrv       plans;
  GStrv       cycles;
  GStrv       campuses;
} CfCertsView;

void         cf_certs_view_free                        (CfCertsView         *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfCertsView, cf_certs_view_free)

/* @filter is copied (NULL: everything). @with_choices: also read what the
 * filters offer (every student's grades: only when the store changed). */
void         cf_certs_workspace_load_async             (CfStore             *store,
                                                        const CfCertFilter  *filter,
                                                        gboolean             with_choices,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
CfCertsView *cf_certs_workspace_load_finish            (CfStore             *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* One certificate with its student and grades (cf_cert_repo_get()). */
void         cf_certs_workspace_get_async              (CfStore             *store,
                                                        gint64               cert_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
CfCertRow   *cf_certs_workspace_get_finish             (CfStore             *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* cf_cert_repo_set_printed_names() and cf_cert_repo_set_grade() in a
 * worker; the values are copied. */
void         cf_certs_workspace_set_printed_names_async (CfStore            *store,
                                                         gint64              cert_id,
                                                         gint64              row_version,
                                                         const char         *nombre,
                                                         const char         *primer_apellido,
                                                         const char         *segundo_apellido,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
void         cf_certs_workspace_set_grade_async        (CfStore             *store,
                                                        gint64               cert_id,
                                                        gint64               row_version,
                                                        const char          *id_asignatura,
                                                        const char          *ciclo,
                                                        const char          *id_observaciones,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* For both writes. */
gboolean     cf_certs_workspace_write_finish           (CfStore             *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* A signer "Sellar…" offers: its certificate and Responsable values. */
typedef struct
{
  CfCertificate       *certificate;
  CfSignerResponsable *responsable;
} CfCertsSigner;

void         cf_certs_signer_free                      (CfCertsSigner       *signer);
/* The Ipes/Responsable values @signer puts on a certificate, as sealing
 * puts them (borrowed from @signer): for previews before sealing. */
void         cf_certs_signer_get_responsable           (const CfCertsSigner *signer,
                                                        CfCertResponsable   *out);

/* The signers who sign for @id_campus (NULL or "": every signer), by name
 * (element-type CfCertsSigner). */
void         cf_certs_workspace_list_signers_async     (CfStore             *store,
                                                        const char          *id_campus,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray   *cf_certs_workspace_list_signers_finish    (CfStore             *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* What a batch will seal: @ids (@n_ids), or every listo certificate when
 * @ids is NULL; @rows (CfCertRow*, without grades) in the same order. */
typedef struct
{
  GArray     *ids;     /* gint64 */
  GPtrArray  *rows;
} CfCertsSealPlan;

void         cf_certs_seal_plan_free                   (CfCertsSealPlan     *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfCertsSealPlan, cf_certs_seal_plan_free)

void         cf_certs_workspace_plan_seal_async        (CfStore             *store,
                                                        const gint64        *ids,
                                                        guint                n_ids,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
CfCertsSealPlan *cf_certs_workspace_plan_seal_finish   (CfStore             *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Certificate @cert_id's document as a batch sealing with @signer builds
 * it (cf_cert_build_dec() with the store's Programa de Estudios and the
 * signer's Responsable values), unsealed: what "Vista previa antes de
 * sellar" shows. @out_name (may be NULL) gets the name as printed. */
void         cf_certs_workspace_build_async            (CfStore             *store,
                                                        CfCertificate       *signer,
                                                        gint64               cert_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
CfDec       *cf_certs_workspace_build_finish           (CfStore             *store,
                                                        GAsyncResult        *result,
                                                        char               **out_name,
                                                        GError             **error);

/* What a sealed certificate looks like, as stored: its PDF when made,
 * else its sealed XML read back as a document (*@out_dec). Exactly one of
 * the two is set on success. */
void         cf_certs_workspace_sealed_async           (CfStore             *store,
                                                        gint64               cert_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean     cf_certs_workspace_sealed_finish          (CfStore             *store,
                                                        GAsyncResult        *result,
                                                        GBytes             **out_pdf,
                                                        CfDec              **out_dec,
                                                        GError             **error);

/* The findings a check stored (CfCertRow.findings) as a list
 * (element-type CfFinding); empty for "" or text that is no JSON array.
 * Messages are rendered now, in the current language, from each finding's
 * key and arguments (the stored message only for a key not known). */
GPtrArray   *cf_certs_findings_from_json               (const char          *json);

G_END_DECLS
