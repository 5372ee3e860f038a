/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_SIGNERS_PAGE (cf_signers_page_get_type ())
G_DECLARE_FINAL_TYPE (CfSignersPage, cf_signers_page, CF, SIGNERS_PAGE, GtkWidget)

/* Construct properties: "store" (CfStore) and "settings" (GSettings). */

/* Opens the file chooser for a signer's .cer. */
void      cf_signers_page_choose_file (CfSignersPage *self);
/* What the file chooser and a drop call: reads a certificate, refuses a
 * CSD or unreadable file with a message, stores an e.firma. TRUE when added. */
gboolean  cf_signers_page_add_file    (CfSignersPage *self,
                                       GFile         *file);
/* The list rows, for whoever needs to find one (tests, the flow scripts'
 * accessibility tree is built from the same widgets). */
GtkListBox *cf_signers_page_get_list  (CfSignersPage *self);

G_END_DECLS
