/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-responsable-dialog.h: "Editar datos del responsable": a signer's
 * position (idCargo), the name as the certificates' XML carries it and the
 * campuses they sign for, saved through cf_signer_repo_set_responsable_async(). */
#pragma once

#include <adwaita.h>

#include "cf-efirma.h"
#include "cf-signer-repo.h"
#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_RESPONSABLE_DIALOG (cf_responsable_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CfResponsableDialog, cf_responsable_dialog, CF, RESPONSABLE_DIALOG, AdwWindow)

/* @known_campuses (may be NULL or empty) and @campus_names beside them
 * ("" when unknown) are the campuses offered. The dialog closes itself once
 * the values are saved; a refusal (a check, another desk's change) is shown
 * in it. */
CfResponsableDialog *cf_responsable_dialog_new        (GtkWindow                 *parent,
                                                       CfStore                   *store,
                                                       CfCertificate             *certificate,
                                                       const CfSignerResponsable *responsable,
                                                       const char * const        *known_campuses,
                                                       const char * const        *campus_names);
/* The values as the form holds them now (row_version as read). */
CfSignerResponsable *cf_responsable_dialog_dup_values (CfResponsableDialog       *self);
/* TRUE while a save is under way. */
gboolean             cf_responsable_dialog_is_saving  (CfResponsableDialog       *self);

G_END_DECLS
