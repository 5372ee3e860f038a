/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-pruebas-page.h: step 11 of the incorporation wizard, "Etapa de
 * pruebas" (issue 15): the test credentials' arrival (the date in the
 * store, user and password in the keyring), the 100 test folios pasted or
 * as a range, each folio's uses (three at most) and SEP's results typed or
 * read from the file SEP returns, "n de 10 certificados SATISFACTORIO", and
 * at ten the e-mail asking SEP for the production portal. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_PRUEBAS_PAGE (cf_inc_pruebas_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncPruebasPage, cf_inc_pruebas_page, CF, INC_PRUEBAS_PAGE, CfIncPage)

CfIncPage  *cf_inc_pruebas_page_new            (CfContext        *context,
                                                CfIncorporation  *incorporation);
/* Reads SEP's results file @file and records each result (what "Read
 * Results File…" does with the file chosen); "busy" until done. */
void        cf_inc_pruebas_page_read_results   (CfIncPruebasPage *self,
                                                GFile            *file);
gboolean    cf_inc_pruebas_page_get_busy       (CfIncPruebasPage *self);
/* The draft e-mail asking for the production portal (subject, body). */
void        cf_inc_pruebas_page_dup_request    (CfIncPruebasPage *self,
                                                char            **subject,
                                                char            **body);

G_END_DECLS
