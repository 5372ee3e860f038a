/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-package-page.h: wizard page 9, "Paquete" (issue 15): build the
 * .zip for SEP (in a worker), list every member as read back with its
 * size and the total, "Redactar correo" to SEP with the package attached
 * (or the folder shown with it selected when no mail client takes
 * attachments), and "Marcar como enviado", which records the date and
 * shows when SEP's answer is due. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_PACKAGE_PAGE (cf_inc_package_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncPackagePage, cf_inc_package_page, CF, INC_PACKAGE_PAGE, CfIncPage)

/* Where the last package was written (a value of the incorporation). */
#define CF_INC_PACKAGE_PATH "paquete.ruta"

GtkWidget *cf_inc_package_page_new   (CfContext        *context,
                                      CfIncorporation  *incorporation);
/* Builds the package at @path as "Armar paquete…" does after its chooser
 * (for tests and the flows). */
void       cf_inc_package_page_build (CfIncPackagePage *self,
                                      const char       *path);
/* The members listed after the last build (element-type
 * CfIncPackageMember), or NULL. */
GPtrArray *cf_inc_package_page_get_members (CfIncPackagePage *self);
gboolean   cf_inc_package_page_get_busy    (CfIncPackagePage *self);

G_END_DECLS
