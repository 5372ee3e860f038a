/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-programa-page.h: wizard page 10, "Programa de estudios" (issue
 * 15, stage 2): whether the study plans validate (read and checked in a
 * worker by CfPlanSession), a way to the Study Plans section
 * (win.show-section "plans"), and when the workbook was sent to SEP
 * (cf_incorporation_mark_sent for the Programa de Estudios). The first
 * day the plans validate is kept as CF_INC_PROGRAMA_VALIDATED. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_PROGRAMA_PAGE (cf_inc_programa_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncProgramaPage, cf_inc_programa_page, CF, INC_PROGRAMA_PAGE, CfIncPage)

GtkWidget *cf_inc_programa_page_new        (CfContext         *context,
                                            CfIncorporation   *incorporation);
/* TRUE while the plans are being read and checked (for tests). */
gboolean   cf_inc_programa_page_is_checking (CfIncProgramaPage *self);

G_END_DECLS
