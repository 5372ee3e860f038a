/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the CLI's keyring tests share (tests/core/run-keyring-test.sh runs
 * each twice in a throwaway HOME): the secrets used, written as needle
 * files into $CF_KEYRING_TEST_SECRETS (outside HOME) in the first run, and
 * the second run's scan (CF_KEYRING_TEST_PHASE=scan) that finds none of
 * them in HOME (store, keyring files, caches) nor in the captured logs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $CF_KEYRING_TEST_SECRETS; NULL (said on stderr) when the test was not
 * run through run-keyring-test.sh: then skip (exit 77). */
const char *cf_keyring_secrets_dir      (void);

/* TRUE in the second run, the scan. */
gboolean    cf_keyring_secrets_scanning (void);

/* Writes @prefix-needle-{password,key,key-base64,decrypted-key} into
 * @secrets_dir for @password and the encrypted @key_path, and the key
 * decrypted as @prefix-plain.der (DER PKCS#8, by openssl). */
void        cf_keyring_secrets_write    (const char *secrets_dir,
                                         const char *prefix,
                                         const char *password,
                                         const char *key_path);

/* The scan: every @prefix-needle-* of @secrets_dir (four of them) looked
 * for in every file under $HOME and $CF_KEYRING_TEST_LOGS; fails on the
 * first found, or when fewer than two files were read. */
void        cf_keyring_secrets_scan     (const char *secrets_dir,
                                         const char *prefix);

G_END_DECLS
