/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-pdf.h: the PDF of a sealed certificate, as the batch
 * (cf-certs-seal.h) asks for it from its worker threads: the same layout
 * the preview shows, the institution's logo and validation URL read once
 * before the batch. */
#pragma once

#include <gio/gio.h>

#include "cf-dec.h"

G_BEGIN_DECLS

typedef struct _CfCertPdfMaker CfCertPdfMaker;

/* @logo_path (an image file) and @url_pattern may be NULL: no logo, the
 * default validation URL. */
CfCertPdfMaker *cf_cert_pdf_maker_new  (const char      *logo_path,
                                        const char      *url_pattern);
void            cf_cert_pdf_maker_free (CfCertPdfMaker  *maker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfCertPdfMaker, cf_cert_pdf_maker_free)

/* A CfCertsPdfFunc: @maker is the CfCertPdfMaker. Thread safe. */
GBytes         *cf_cert_pdf_make       (CfDec           *sealed,
                                        const char      *display_name,
                                        gpointer         maker,
                                        GCancellable    *cancellable,
                                        GError         **error);

G_END_DECLS
