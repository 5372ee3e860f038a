/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-documents-page.h: wizard page 6, "Documentos" (issue 15): the
 * two scans SEP receives (the Oficio de Nombramiento, Sello y Firma and
 * the Registro de establecimiento educativo) as PDF or image, checked on
 * attach (cf-inc-document: opens, no password, a page, legible, size) with
 * each check's reason, a thumbnail, replace and remove. A scan that
 * passes is copied into the store; one that fails is not kept and the
 * page says why. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_DOCUMENTS_PAGE (cf_inc_documents_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncDocumentsPage, cf_inc_documents_page, CF, INC_DOCUMENTS_PAGE, CfIncPage)

GtkWidget *cf_inc_documents_page_new         (CfContext          *context,
                                              CfIncorporation    *incorporation);
/* What the file chooser calls (and tests): @key is CF_INC_DOC_NOMBRAMIENTO
 * or CF_INC_DOC_REGISTRO. */
void       cf_inc_documents_page_attach_file (CfIncDocumentsPage *self,
                                              const char         *key,
                                              GFile              *file);
void       cf_inc_documents_page_remove      (CfIncDocumentsPage *self,
                                              const char         *key);
/* A file is being read or checked. */
gboolean   cf_inc_documents_page_get_busy    (CfIncDocumentsPage *self);

G_END_DECLS
