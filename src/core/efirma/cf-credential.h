/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-credential.h: a signer's e.firma ready to sign: the certificate and
 * its private key, opened once.
 *
 * This is the one place for the credential rules: a credential is only
 * made from an e.firma (a CSD or another kind is refused, NOT_EFIRMA /
 * NOT_SAT) whose key opens and belongs to the certificate (WRONG_PASSWORD,
 * KEY_MISMATCH…) and has at least 2048 bits (UNSUPPORTED_KEY). Whether it can sign on a given day is asked separately,
 * with cf_credential_check_can_sign_on(): an expired e.firma still opens,
 * because an old document's issue date may fall inside its validity. Every
 * error is a CF_EFIRMA_ERROR (or the file, keyring or store's own when the
 * bytes cannot be had at all).
 *
 * Passwords are only borrowed: the caller wipes its copy (CfSecret) as soon
 * as the constructor returns; a password remembered in the keyring is
 * wiped here. The opened key is wiped when the credential is finalized.
 * Opening one makes the process non-dumpable for the rest of its life
 * (cf_secure_memory_protect_process()): no core dump, no /proc/PID/mem. */
#pragma once

#include <gio/gio.h>

#include "cf-efirma.h"
#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_CREDENTIAL (cf_credential_get_type ())
G_DECLARE_FINAL_TYPE (CfCredential, cf_credential, CF, CREDENTIAL, GObject)

/* From an already opened key: KEY_MISMATCH, then NOT_SAT / NOT_EFIRMA,
 * then UNSUPPORTED_KEY for an RSA key under 2048 bits. */
CfCredential  *cf_credential_new                 (CfCertificate   *certificate,
                                                  CfPrivateKey    *key,
                                                  GError         **error);
/* Opens @key_data (the .key as SAT issued it) with @password (NULL for an
 * unencrypted key), then as cf_credential_new(). */
CfCredential  *cf_credential_new_from_bytes      (CfCertificate   *certificate,
                                                  GBytes          *key_data,
                                                  const char      *password,
                                                  GError         **error);
/* The same in a worker thread (opening a SAT key takes a noticeable
 * moment: PBKDF2). @password is copied into secure memory and wiped as
 * soon as the key is opened. */
void           cf_credential_new_from_bytes_async  (CfCertificate       *certificate,
                                                    GBytes              *key_data,
                                                    const char          *password,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
CfCredential  *cf_credential_new_from_bytes_finish (GAsyncResult        *result,
                                                    GError             **error);
/* The .cer and .key files. */
CfCredential  *cf_credential_new_from_files      (const char      *cer_path,
                                                  const char      *key_path,
                                                  const char      *password,
                                                  GError         **error);
/* The key kept in the login keyring for certificate @number (cf-keyring.h).
 * The certificate is @certificate when given (its number must be @number),
 * else the signer registered under @number in @store. @password wins over
 * a remembered one; with neither: PASSWORD_NEEDED. */
CfCredential  *cf_credential_new_from_keyring    (CfStore         *store,
                                                  CfCertificate   *certificate,
                                                  const char      *number,
                                                  const char      *password,
                                                  GCancellable    *cancellable,
                                                  GError         **error);

CfCertificate *cf_credential_get_certificate     (CfCredential    *self);
CfPrivateKey  *cf_credential_get_private_key     (CfCredential    *self);

/* Can it sign at @at (UTC; NULL = now)? EXPIRED, NOT_YET_VALID. */
gboolean       cf_credential_check_can_sign_on   (CfCredential    *self,
                                                  GDateTime       *at,
                                                  GError         **error);

G_END_DECLS
