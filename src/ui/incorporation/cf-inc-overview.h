/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-overview.h: the "Incorporación" section (issue 15): the five
 * stages of the incorporation to the MEC with their state (not started,
 * in progress, waiting for SEP since a date with the answer expected by
 * another, done) and the next thing to do; "Continuar" opens the wizard
 * (CfIncAssistant) where the work is. Shown first on a first start. */
#pragma once

#include <adwaita.h>

#include "cf-inc-assistant.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_OVERVIEW (cf_inc_overview_get_type ())
G_DECLARE_FINAL_TYPE (CfIncOverview, cf_inc_overview, CF, INC_OVERVIEW, GtkWidget)

/* Construct property: "context" (CfContext). */

/* NULL when the store could not be read (the page says so). */
CfIncorporation *cf_inc_overview_get_incorporation (CfIncOverview        *self);
CfIncAssistant  *cf_inc_overview_get_assistant     (CfIncOverview        *self);
/* The wizard on show, at the step where the work of @stage is. */
void             cf_inc_overview_open_stage        (CfIncOverview        *self,
                                                    CfIncorporationStage  stage);
void             cf_inc_overview_show_overview     (CfIncOverview        *self);
/* TRUE when the window opens on this section: while the incorporation is
 * under way (started, not yet in production), or on a first start (nothing
 * entered and no signers). An office that sealed before the wizard (signers,
 * nothing entered) opens on Firmantes. */
gboolean         cf_inc_overview_comes_first      (CfIncOverview        *self);

G_END_DECLS
