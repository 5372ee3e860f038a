/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-efirma.h"

G_BEGIN_DECLS

typedef enum
{
  CF_KEY_DIALOG_VERIFY,   /* does this .key + password pair with the certificate? */
  CF_KEY_DIALOG_STORE,    /* verify, then keep the .key in the keyring */
} CfKeyDialogMode;

#define CF_TYPE_KEY_DIALOG (cf_key_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CfKeyDialog, cf_key_dialog, CF, KEY_DIALOG, AdwWindow)

/* Signals: "finished" (gboolean ok, const char *message) after each run;
 * "keyring-changed" after the key was stored. In STORE mode an e.firma
 * expired or ending within @warning_days is warned about before storing.
 * The password goes from the entry (wiped when a run starts) to the core
 * in secure memory (cf_secret_*), never the ordinary heap. */
CfKeyDialog *cf_key_dialog_new             (GtkWindow       *parent,
                                            CfCertificate   *certificate,
                                            CfKeyDialogMode  mode,
                                            guint            warning_days);
CfKeyDialogMode cf_key_dialog_get_mode     (CfKeyDialog     *self);
/* The key as found in the keyring; @password (may be NULL) is copied into
 * secure memory, wiped when the dialog goes. With a password, the check
 * starts at once. */
void         cf_key_dialog_set_keyring_key (CfKeyDialog     *self,
                                            GBytes          *key_data,
                                            const char      *password);
/* What the file chooser calls; FALSE and a message shown when unreadable. */
gboolean     cf_key_dialog_set_key_file    (CfKeyDialog     *self,
                                            GFile           *file);
/* A note above the form, e.g. why the keyring could not be used. */
void         cf_key_dialog_set_notice      (CfKeyDialog     *self,
                                            const char      *text);
/* Starts the check (the suggested button does the same). */
void         cf_key_dialog_run             (CfKeyDialog     *self);
gboolean     cf_key_dialog_get_busy        (CfKeyDialog     *self);

G_END_DECLS
