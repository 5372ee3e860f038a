/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-credentials-group.h: the user and password of one of SEP's
 * portals (test or production), typed and saved to the keyring through
 * cf-inc-credentials, never to the store; shows whether they are kept. */
#pragma once

#include <adwaita.h>

#include "cf-inc-credentials.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_CREDENTIALS_GROUP (cf_inc_credentials_group_get_type ())
G_DECLARE_FINAL_TYPE (CfIncCredentialsGroup, cf_inc_credentials_group, CF, INC_CREDENTIALS_GROUP,
                      AdwPreferencesGroup)

/* "portal" (CfIncPortal as a uint) is construct-only; it is looked up in
 * the keyring when set. */
CfIncPortal  cf_inc_credentials_group_get_portal  (CfIncCredentialsGroup *self);
/* TRUE once the keyring holds credentials for the portal ("stored"). */
gboolean     cf_inc_credentials_group_get_stored  (CfIncCredentialsGroup *self);
/* TRUE while the keyring is being asked or written ("busy"). */
gboolean     cf_inc_credentials_group_get_busy    (CfIncCredentialsGroup *self);

G_END_DECLS
