/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-trust.h: which certificate authorities issue the e.firma we accept.
 *
 * A CfTrust is a set of trust anchors and a GnuTLS trust list: SAT's
 * production CAs shipped in data/trust/ (compiled in as resources), or
 * instead the folder $CERTIFICA_TRUST_DIR (.pem/.cer/.crt, PEM or DER);
 * plus the user's folder $XDG_DATA_HOME/certifica/trust/; plus any file
 * added with cf_trust_add_file() (--trust-anchor). A signer's certificate
 * is checked against it: SAT end-user certificates carry no Authority Key
 * Identifier, so the issuer is found by its name and its signature checked;
 * an old root without basicConstraints counts only as an anchor. Several of
 * SAT's CAs share one name: the issuer is the one whose key verifies the
 * signature. Dates are the caller's (the document's issue date): GnuTLS' own
 * time checks, which use today, are off.
 *
 * A chain through one of SAT's *test* CAs (their fingerprints are shipped in
 * data/trust/test-cas.sha256, the CAs themselves are not) is TRUSTED_TEST:
 * it verifies, always with a warning. An empty or unreadable folder is a
 * warning (cf_trust_get_warnings()), and no anchors at all never trusts. */
#pragma once

#include <gio/gio.h>

#include "cf-efirma.h"

G_BEGIN_DECLS

typedef enum
{
  CF_TRUST_TRUSTED,        /* chains to a trusted CA (SAT's, or one the user added) */
  CF_TRUST_TRUSTED_TEST,   /* chains to one of SAT's test CAs */
  CF_TRUST_NOT_TRUSTED,    /* see the reason */
} CfTrustResult;

#define CF_TYPE_TRUST (cf_trust_get_type ())
G_DECLARE_FINAL_TYPE (CfTrust, cf_trust, CF, TRUST, GObject)

/* No anchors. */
CfTrust       *cf_trust_new                (void);
/* SAT's bundled CAs (or $CERTIFICA_TRUST_DIR instead) and the user's folder. */
CfTrust       *cf_trust_new_default        (void);
/* cf_trust_new_default() plus each file of @anchors (NULL-terminated, may
 * be NULL): the --trust-anchor options. NULL + @error when one is not a
 * certificate. */
CfTrust       *cf_trust_new_with_anchors   (const char * const *anchors,
                                            GError            **error);
/* One CfTrust per process made with cf_trust_new_default() on first use
 * (transfer none; thread safe). */
CfTrust       *cf_trust_get_default        (void);
/* Every certificate in @path (PEM with one or more, or DER). */
gboolean       cf_trust_add_file           (CfTrust     *self,
                                            const char  *path,
                                            GError     **error);
/* Every .pem/.cer/.crt file of @path; an empty or unreadable folder, or a
 * file that is not a certificate, adds a warning. Returns how many were added. */
guint          cf_trust_add_folder         (CfTrust     *self,
                                            const char  *path);
guint          cf_trust_get_n_anchors      (CfTrust     *self);
/* Problems met while loading (translated sentences), never NULL. */
GPtrArray     *cf_trust_get_warnings       (CfTrust     *self);

/* Checks @certificate's chain, whatever the dates. @reason (may be NULL)
 * receives, for NOT_TRUSTED, why, for people; NULL otherwise. */
CfTrustResult  cf_trust_verify             (CfTrust       *self,
                                            CfCertificate *certificate,
                                            char         **reason);
/* The same, and each CA of the chain must have been valid at @at (the
 * document's issue date; NULL: dates not checked). @certificate's own
 * dates are not looked at (cf_certificate_check_valid_at()). */
CfTrustResult  cf_trust_verify_at          (CfTrust       *self,
                                            CfCertificate *certificate,
                                            GDateTime     *at,
                                            char         **reason);
const char    *cf_trust_result_to_string   (CfTrustResult  result);   /* "trusted", "trusted-test", "not-trusted" */
/* The anchor that issued @certificate (found by name, its signature
 * checked), as a new CfCertificate, or NULL: whom to ask about its
 * revocation. */
CfCertificate *cf_trust_dup_issuer         (CfTrust       *self,
                                            CfCertificate *certificate);

G_END_DECLS
