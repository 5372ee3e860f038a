/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-keyring.h: a signer's encrypted .key (and optionally its password)
 * in the user's login keyring, through libsecret.
 *
 * Schema "io.github.certifica.Signer", attributes:
 *   certificate-number (string, 20 digits), rfc (string),
 *   item ("key" or "password").
 * The .key is stored exactly as SAT issued it (still encrypted), base64. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CF_KEYRING_ERROR (cf_keyring_error_quark ())

typedef enum
{
  CF_KEYRING_ERROR_NO_SERVICE,   /* no Secret Service on the session bus */
  CF_KEYRING_ERROR_LOCKED,       /* the user dismissed the unlock prompt */
  CF_KEYRING_ERROR_NOT_FOUND,
  CF_KEYRING_ERROR_FAILED,
  CF_KEYRING_ERROR_NOT_ENCRYPTED, /* a .key in clear: never kept */
} CfKeyringError;

GQuark    cf_keyring_error_quark   (void);

/* Stores @key_data (the encrypted .key) and, when @password is non-NULL, the
 * password as a separate item. A key in clear is refused (NOT_ENCRYPTED):
 * the keyring only ever holds keys still encrypted as SAT issued them.
 * Replaces an earlier entry for the same number, but only once the new key
 * is stored: when storing fails the old key (and password) stay. */
gboolean  cf_keyring_store_key     (const char    *certificate_number,
                                    const char    *rfc,
                                    GBytes        *key_data,
                                    const char    *password,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* Returns the stored .key bytes; *@password (if non-NULL) receives the
 * remembered password or NULL. Both are in secure memory (cf-efirma.h);
 * free the password with cf_secret_free().
 * NOT_FOUND when there is no key for that number. */
GBytes   *cf_keyring_lookup_key    (const char    *certificate_number,
                                    char         **password,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* TRUE when a key is stored; *@has_password tells whether the password is too. */
gboolean  cf_keyring_has_key       (const char    *certificate_number,
                                    gboolean      *has_password,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* Removes key and password. NOT_FOUND when nothing was stored. */
gboolean  cf_keyring_forget_key    (const char    *certificate_number,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* The same four in a worker thread, for the main loop's callers. The
 * password is copied into secure memory (cf-efirma.h) and wiped once the
 * keyring has it; a password found is handed over in secure memory, freed
 * with cf_secret_free(). Cancelled: G_IO_ERROR_CANCELLED. */
void      cf_keyring_store_key_async    (const char          *certificate_number,
                                         const char          *rfc,
                                         GBytes              *key_data,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  cf_keyring_store_key_finish   (GAsyncResult        *result,
                                         GError             **error);
void      cf_keyring_lookup_key_async   (const char          *certificate_number,
                                         gboolean             want_password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GBytes   *cf_keyring_lookup_key_finish  (GAsyncResult        *result,
                                         char               **password,
                                         GError             **error);
void      cf_keyring_has_key_async      (const char          *certificate_number,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  cf_keyring_has_key_finish     (GAsyncResult        *result,
                                         gboolean            *has_password,
                                         GError             **error);
void      cf_keyring_forget_key_async   (const char          *certificate_number,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  cf_keyring_forget_key_finish  (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
