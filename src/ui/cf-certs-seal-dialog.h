/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-seal-dialog.h: sealing from the Certificados page (issue 13).
 *
 * Three steps in one modal window: who seals (the signers of the first
 * certificate's campus) with the key from the keyring where the Firmantes
 * page kept it (the password remembered, or asked here; no keyring
 * service, or no key in it: a .key file for this session only); then
 * "Vista previa antes de sellar": the first certificate's PDF full size,
 * how many will be sealed and by whom, to confirm; then the batch
 * (cf_certs_seal_async) with a progress bar, the count, the rate and the
 * time left, each certificate's result, and Cancel. The work is the
 * core's, in workers; the password goes from the entry to the core in
 * secure memory. */
#pragma once

#include <adwaita.h>

#include "cf-context.h"

G_BEGIN_DECLS

#define CF_TYPE_CERTS_SEAL_DIALOG (cf_certs_seal_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CfCertsSealDialog, cf_certs_seal_dialog, CF, CERTS_SEAL_DIALOG, AdwWindow)

/* @ids (@n_ids of them), or every listo certificate when @ids is NULL.
 * Signal "sealed" (guint n_sealed) once a batch ended, so the page reads
 * the store again. Property "busy": something is read or sealed. */
CfCertsSealDialog *cf_certs_seal_dialog_new      (GtkWindow    *parent,
                                                  CfContext    *context,
                                                  const gint64 *ids,
                                                  guint         n_ids);
gboolean           cf_certs_seal_dialog_get_busy (CfCertsSealDialog *self);
/* The step on show: "signer", "preview" or "progress". */
const char        *cf_certs_seal_dialog_get_step (CfCertsSealDialog *self);

G_END_DECLS
