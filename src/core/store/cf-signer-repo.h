/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-signer-repo.h: the signers (only their public certificates) in the
 * store. CfStore::signers-changed is emitted after an add or a remove. */
#pragma once

#include "cf-store.h"
#include "cf-efirma.h"

G_BEGIN_DECLS

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

G_END_DECLS
