/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-letters.h: the incorporation's letters (oficios) to DGAIR, one per
 * campus naming its signer (issue 15, page 7), drawn by cf-oficio-layout
 * from the values entered in the wizard and the signers in the store. */
#pragma once

#include <gio/gio.h>

#include "cf-incorporation.h"
#include "cf-oficio-layout.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* Every campus's letter (@campus 0), or campus @campus's alone (1…n).
 * @logo_path may be NULL. @store may be NULL: no signers' data then. */
CfOficioData *cf_inc_letters_build_data (CfIncorporation  *incorporation,
                                         CfStore          *store,
                                         guint             campus,
                                         const char       *logo_path,
                                         GError          **error);

/* Campus @campus's letter as PDF bytes: a CfIncLetterFunc for the package
 * (cf-inc-package.h); @user_data is not used. */
GBytes       *cf_inc_letters_make_pdf   (CfIncorporation  *incorporation,
                                         CfStore          *store,
                                         guint             campus,
                                         const char       *logo_path,
                                         gpointer          user_data,
                                         GCancellable     *cancellable,
                                         GError          **error);

/* The letters (@campus 0: every campus's) as PDF bytes, drawn in a worker
 * from the incorporation as the store has it (what the pages saved). */
void          cf_inc_letters_make_pdf_async  (CfStore             *store,
                                              guint                campus,
                                              const char          *logo_path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes       *cf_inc_letters_make_pdf_finish (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
