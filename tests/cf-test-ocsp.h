/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small PKI and `openssl ocsp` responders for the OCSP tests (core and CLI). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Revocation time and reason of revoked.pem in index.txt. */
#define CF_TEST_OCSP_REVOKED_AT     "240102030405Z"
#define CF_TEST_OCSP_REVOKED_AT_ISO "2024-01-02T03:04:05Z"

/* A TCP port on 127.0.0.1 that nothing listens on (released at once). */
guint16      cf_test_free_port              (void);

/* Runs openssl with the arguments after @first in @dir; aborts on failure. */
void         cf_test_openssl                (const char  *dir,
                                             const char  *first,
                                             ...) G_GNUC_NULL_TERMINATED;

/* Makes in @dir, with openssl, NAME.pem and NAME.key for:
 *   ca, other-ca, rogue             CAs (rogue: a key nobody certified)
 *   good 1001, revoked 1002,        issued by ca, AIA OCSP http://127.0.0.1:@aia_port
 *   unlisted 1003 (not in the index)
 *   noaia 1004                      issued by ca, no AIA
 *   foreign                         issued by other-ca, the same AIA
 *   delegate                        issued by ca with the OCSP-signing EKU
 *   delegate-noeku                  issued by ca without it
 * and index.txt (good and noaia valid, revoked revoked for keyCompromise
 * at CF_TEST_OCSP_REVOKED_AT). */
void         cf_test_ocsp_make_pki          (const char  *dir,
                                             guint16      aia_port);

/* Starts `openssl ocsp` in @dir answering for ca.pem from index.txt on
 * @port, signed by @rsigner/@rkey (without its certificate in the answer
 * when @no_certs), and returns once it listens. */
GSubprocess *cf_test_ocsp_start_responder   (const char  *dir,
                                             guint16      port,
                                             const char  *rsigner,
                                             const char  *rkey,
                                             gboolean     no_certs);
/* An `openssl ocsp` responder on a free port of 127.0.0.1 for one
 * certificate @cer (DER or PEM) that @ca_pem issued (@ca_key its key):
 * good, or revoked at CF_TEST_OCSP_REVOKED_AT for keyCompromise. Works in
 * a new folder under @dir; the responder's URL goes to @out_url. */
GSubprocess *cf_test_ocsp_serve_cert        (const char  *dir,
                                             const char  *cer,
                                             const char  *ca_pem,
                                             const char  *ca_key,
                                             gboolean     revoked,
                                             char       **out_url);

/* Kills it, waits for it and unrefs it. NULL-safe. */
void         cf_test_ocsp_stop_responder    (GSubprocess *responder);

G_END_DECLS
