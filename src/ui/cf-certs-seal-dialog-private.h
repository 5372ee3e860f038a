/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-seal-dialog-private.h: what the sealing dialog's files share:
 * the dialog with its first two steps (cf-certs-seal-dialog.c) and the
 * batch (cf-certs-seal-batch.c). */
#pragma once

#include <adwaita.h>

#include "cf-cert-pdf.h"
#include "cf-certs-seal-dialog.h"
#include "cf-certs-workspace.h"
#include "cf-preview-view.h"
#include "cf-sealer.h"

G_BEGIN_DECLS

struct _CfCertsSealDialog
{
  AdwWindow            parent_instance;

  CfContext           *context;
  CfStore             *store;
  GArray              *asked;          /* gint64, or NULL: every listo */
  GCancellable        *cancellable;    /* reads, key, preview; dispose */
  GCancellable        *batch_cancellable;
  guint                busy;

  CfCertsSealPlan     *plan;
  GPtrArray           *signers;        /* CfCertsSigner */
  GBytes              *key_data;       /* the .key as SAT issued it */
  char                *password;       /* secure memory; the keyring's */
  gboolean             key_from_file;
  CfSealer            *sealer;
  CfCertPdfMaker      *pdf_maker;
  gboolean             sealing;
  gboolean             done;
  CfSealerAccept       accept;

  CfPreviewView       *preview;

  /* Template */
  GtkButton           *cancel_button;
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkStack            *stack;
  AdwPreferencesGroup *signer_group;
  AdwComboRow         *signer_row;
  GtkStringList       *signer_names;
  AdwPreferencesGroup *key_group;
  AdwActionRow        *key_file_row;
  AdwPasswordEntryRow *password_row;
  GtkBox              *preview_box;
  GtkLabel            *summary_label;
  GtkLabel            *progress_title;
  GtkProgressBar      *progress_bar;
  GtkLabel            *progress_label;
  GtkListBox          *results_list;
};

void      _cf_certs_seal_dialog_set_busy     (CfCertsSealDialog *self,
                                              gboolean           busy);
void      _cf_certs_seal_dialog_update_next  (CfCertsSealDialog *self);
/* "Name (matrícula)" of certificate @id, for the results. */
char     *_cf_certs_seal_dialog_row_label    (CfCertsSealDialog *self,
                                              gint64             id);
void      _cf_certs_seal_dialog_emit_sealed  (CfCertsSealDialog *self,
                                              guint              n_sealed);
void      _cf_certs_seal_dialog_run_batch    (CfCertsSealDialog *self);

G_END_DECLS
