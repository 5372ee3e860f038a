/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-credentials.h: the user and password of SEP's MEC portals (issue
 * 15), the test portal's ("pruebas") and the production portal's
 * ("produccion"), as two separate items of the user's login keyring,
 * through libsecret: never on disk in clear, never one taken for the other.
 *
 * Schema "io.github.certifica.Portal", attributes:
 *   portal (string, "pruebas" or "produccion"), user (string).
 * The secret is the password. Errors are CF_KEYRING_ERROR's (cf-keyring.h). */
#pragma once

#include <gio/gio.h>

#include "cf-incorporation.h"
#include "cf-keyring.h"

G_BEGIN_DECLS

typedef enum
{
  CF_INC_PORTAL_PRUEBAS,
  CF_INC_PORTAL_PRODUCCION,
} CfIncPortal;

/* "pruebas" or "produccion": the keyring attribute's value. */
const char *cf_inc_portal_to_string         (CfIncPortal     portal);
/* The portal the institution works for, from its stages, as sealing
 * decides it: the test portal while the current stage (the first not done)
 * is the test stage, the production portal after; FALSE before (stages 1–3
 * not all done: no portal yet). Pure. */
gboolean    cf_inc_portal_current           (CfIncorporation *incorporation,
                                             CfIncPortal     *portal);

/* Stores @user and @password for @portal, replacing what was there for it
 * (and only for it) once the new item is stored. */
gboolean    cf_inc_credentials_store        (CfIncPortal     portal,
                                             const char     *user,
                                             const char     *password,
                                             GCancellable   *cancellable,
                                             GError        **error);
/* @user (may be NULL) receives the user, @password (may be NULL) the
 * password in secure memory (free it with cf_secret_free()). May prompt to
 * unlock the keyring. NOT_FOUND when nothing is stored for @portal. */
gboolean    cf_inc_credentials_lookup       (CfIncPortal     portal,
                                             char          **user,
                                             char          **password,
                                             GCancellable   *cancellable,
                                             GError        **error);
/* Whether credentials are stored for @portal, without prompting; @user (may
 * be NULL) receives the user when they are. */
gboolean    cf_inc_credentials_has          (CfIncPortal     portal,
                                             char          **user,
                                             GCancellable   *cancellable,
                                             GError        **error);
/* NOT_FOUND when nothing was stored. */
gboolean    cf_inc_credentials_forget       (CfIncPortal     portal,
                                             GCancellable   *cancellable,
                                             GError        **error);

/* The same in a worker thread, for the main loop. The password is copied
 * into secure memory and wiped once the keyring has it. */
void        cf_inc_credentials_store_async  (CfIncPortal          portal,
                                             const char          *user,
                                             const char          *password,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    cf_inc_credentials_store_finish (GAsyncResult        *result,
                                             GError             **error);
void        cf_inc_credentials_lookup_async (CfIncPortal          portal,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    cf_inc_credentials_lookup_finish (GAsyncResult       *result,
                                              char              **user,
                                              char              **password,
                                              GError            **error);
void        cf_inc_credentials_has_async    (CfIncPortal          portal,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    cf_inc_credentials_has_finish   (GAsyncResult        *result,
                                             char               **user,
                                             GError             **error);

G_END_DECLS
