/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-requisitos-page.h: the wizard's first step, "Requisitos": what
 * the incorporation will need, a checklist that fills in as the wizard
 * goes (cf-inc-requirements). Always complete: it only tells. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_REQUISITOS_PAGE (cf_inc_requisitos_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncRequisitosPage, cf_inc_requisitos_page, CF, INC_REQUISITOS_PAGE, CfIncPage)

G_END_DECLS
