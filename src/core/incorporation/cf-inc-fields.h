/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-fields.h: the incorporation wizard's checks of one value as it is
 * typed (issue 15: "every field validated as typed with the reason next to
 * it"), the campus list's removal, and whether a certificate may sign for a
 * campus (an e.firma, valid today and for at least 30 more days). Pure but
 * for cf_inc_fields_import_signer, which adds a .cer to the store. */
#pragma once

#include "cf-efirma.h"
#include "cf-incorporation.h"

G_BEGIN_DECLS

/* An e.firma must stay valid this many days to be chosen; fewer than
 * CF_INC_SIGNER_WARN_DAYS is chosen with a warning. */
#define CF_INC_SIGNER_MIN_DAYS  30
#define CF_INC_SIGNER_WARN_DAYS 90

/* Why @text is not a DGP key (5 or 6 digits), translated and short; NULL
 * when it is one or when it is empty (empty is "missing", not wrong). */
char      *cf_inc_fields_dgp_key_problem (const char       *text);
/* Likewise for an e-mail address. */
char      *cf_inc_fields_email_problem   (const char       *text);

/* The first campus before @index with the same DGP key, or 0: SEP tells
 * campuses apart by it. */
guint      cf_inc_fields_same_campus_key (CfIncorporation  *incorporation,
                                          guint             index);

/* Removes campus @index (1…n): the later ones move down one place and the
 * count drops, each change written to the store as usual. */
gboolean   cf_inc_fields_remove_campus   (CfIncorporation  *incorporation,
                                          guint             index,
                                          GError          **error);

typedef enum
{
  CF_INC_SIGNER_OK,
  CF_INC_SIGNER_EXPIRING,   /* usable, but ends within CF_INC_SIGNER_WARN_DAYS */
  CF_INC_SIGNER_REFUSED,    /* a CSD, expired, not yet valid, or ends within 30 days */
} CfIncSignerFitness;

/* Whether @certificate may sign for a campus at @now (NULL: now); *@reason
 * (may be NULL) gets a translated sentence for EXPIRING and REFUSED. */
CfIncSignerFitness cf_inc_fields_check_signer (CfCertificate  *certificate,
                                               GDateTime      *now,
                                               char          **reason);

/* Reads a .cer, refuses what cf_inc_fields_check_signer() refuses and what
 * SAT (or a CA the user trusts on purpose) did not issue, as the Firmantes
 * page does, and adds it to the signers (one already there is returned as
 * is). Errors are sentences for people. */
CfCertificate *cf_inc_fields_import_signer (CfStore      *store,
                                            GBytes       *cer,
                                            GError      **error);

G_END_DECLS
