/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-workspace.h: what the "Certificados" section reads and writes,
 * each in a worker thread (the store may be a server across the network):
 * the counts, the filtered list and the filters' choices in one read; one
 * certificate with its grades; the registrar's corrections. Thin wrappers
 * over cf-cert-repo.h, so windows never wait on the store. No GTK. */
#pragma once

#include <gio/gio.h>

#include "cf-cert-repo.h"

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

/* The signers who sign for @id_campus (NULL or "": every signer), by
 * name (element-type CfCertificate): whom "Sellar…" offers. */
void         cf_certs_workspace_list_signers_async     (CfStore             *store,
                                                        const char          *id_campus,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray   *cf_certs_workspace_list_signers_finish    (CfStore             *store,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* The findings a check stored (CfCertRow.findings) as a list
 * (element-type CfFinding); empty for "" or text that is no JSON array. */
GPtrArray   *cf_certs_findings_from_json               (const char          *json);

G_END_DECLS
