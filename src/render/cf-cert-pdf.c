/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-pdf.c: a sealed certificate's PDF for the sealing batch. */

#include "config.h"

#include "cf-cert-pdf.h"

#include "cf-certificate-layout.h"
#include "cf-render-export.h"

struct _CfCertPdfMaker
{
  char *logo_path;
  char *url_pattern;
};

CfCertPdfMaker *
cf_cert_pdf_maker_new (const char *logo_path,
                       const char *url_pattern)
{
  CfCertPdfMaker *maker = g_new0 (CfCertPdfMaker, 1);

  maker->logo_path = g_strdup (logo_path);
  maker->url_pattern = g_strdup (url_pattern);
  return maker;
}

void
cf_cert_pdf_maker_free (CfCertPdfMaker *maker)
{
  if (maker == NULL)
    return;
  g_free (maker->logo_path);
  g_free (maker->url_pattern);
  g_free (maker);
}

GBytes *
cf_cert_pdf_make (CfDec         *sealed,
                  const char    *display_name,
                  gpointer       user_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  CfCertPdfMaker *maker = user_data;
  g_autoptr(CfCertificateLayout) layout = NULL;

  g_return_val_if_fail (CF_IS_DEC (sealed), NULL);
  g_return_val_if_fail (maker != NULL, NULL);

  layout = cf_certificate_layout_new (sealed);
  if (maker->logo_path != NULL)
    cf_certificate_layout_set_logo_path (layout, maker->logo_path);
  cf_certificate_layout_set_url_pattern (layout, maker->url_pattern);
  cf_certificate_layout_set_student_name (layout, display_name);
  return cf_render_export_pdf_bytes (CF_RENDERABLE (layout), cancellable, error);
}
