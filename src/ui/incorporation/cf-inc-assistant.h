/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-assistant.h: the incorporation wizard's frame (issue 15), as
 * gnome-initial-setup's GisAssistant: it only navigates. The steps on the
 * left (a tick on each complete one; any step can be opened, as the
 * incorporation takes weeks), the page, and "Anterior"/"Siguiente" below:
 * "Siguiente" is sensitive only when the page is complete, its tooltip
 * says what is missing otherwise, and it waits while the page applies. */
#pragma once

#include <adwaita.h>

#include "cf-context.h"
#include "cf-inc-page.h"
#include "cf-incorporation.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_ASSISTANT (cf_inc_assistant_get_type ())
G_DECLARE_FINAL_TYPE (CfIncAssistant, cf_inc_assistant, CF, INC_ASSISTANT, GtkWidget)

/* ::close: the user asked to go back to the overview ("Resumen", or
 * "Terminar" on the last page). */
CfIncAssistant *cf_inc_assistant_new              (CfContext            *context,
                                                   CfIncorporation      *incorporation);
guint           cf_inc_assistant_get_n_pages      (CfIncAssistant       *self);
CfIncPage      *cf_inc_assistant_get_page         (CfIncAssistant       *self,
                                                   guint                 index);
CfIncPage      *cf_inc_assistant_get_current_page (CfIncAssistant       *self);
guint           cf_inc_assistant_get_current_index (CfIncAssistant      *self);
void            cf_inc_assistant_go_to            (CfIncAssistant       *self,
                                                   guint                 index);
/* The first page of @stage that is not complete, else its first page. */
void            cf_inc_assistant_go_to_stage      (CfIncAssistant       *self,
                                                   CfIncorporationStage  stage);
/* "Siguiente" as if pressed: applies the page and moves on. */
void            cf_inc_assistant_next             (CfIncAssistant       *self);
void            cf_inc_assistant_previous         (CfIncAssistant       *self);

G_END_DECLS
