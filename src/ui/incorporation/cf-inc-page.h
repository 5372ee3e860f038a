/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-page.h: one step of the incorporation wizard (issue 15), as
 * gnome-initial-setup's GisPage: a title, whether the step is complete
 * (the assistant's "Siguiente" is sensitive only then, with the page's
 * "missing" text as its tooltip otherwise), whether it is applying, and
 * two hooks: shown (the page became visible) and apply (the user pressed
 * "Siguiente").
 *
 * Pages save every value as it is typed (cf_incorporation_set_value), so
 * quitting at any page loses nothing; apply is for the rare step that has
 * work to do before moving on. */
#pragma once

#include <adwaita.h>

#include "cf-context.h"
#include "cf-incorporation.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_PAGE (cf_inc_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (CfIncPage, cf_inc_page, CF, INC_PAGE, AdwBin)

struct _CfIncPageClass
{
  AdwBinClass parent_class;

  /* The page is on show (also when coming back to it). */
  void     (*shown) (CfIncPage    *page);
  /* "Siguiente" was pressed. Return FALSE to move on at once; return TRUE
   * when work was started, and call cf_inc_page_apply_complete() when it
   * ends (the assistant shows the page as applying until then).
   * @cancellable is cancelled when the user leaves. */
  gboolean (*apply) (CfIncPage    *page,
                     GCancellable *cancellable);

  gpointer padding[8];
};

/* Construct properties: "context" (CfContext), "incorporation"
 * (CfIncorporation: the one the whole wizard shares). */
CfContext       *cf_inc_page_get_context        (CfIncPage   *self);
CfIncorporation *cf_inc_page_get_incorporation  (CfIncPage   *self);
CfStore         *cf_inc_page_get_store          (CfIncPage   *self);

/* A short name for the step ("Institución"), shown in the assistant's
 * header and its list of steps. */
const char      *cf_inc_page_get_title          (CfIncPage   *self);
void             cf_inc_page_set_title          (CfIncPage   *self,
                                                 const char  *title);
/* Which stage (1–5) the page belongs to. */
CfIncorporationStage cf_inc_page_get_stage      (CfIncPage   *self);
void             cf_inc_page_set_stage          (CfIncPage   *self,
                                                 CfIncorporationStage stage);
gboolean         cf_inc_page_get_complete       (CfIncPage   *self);
void             cf_inc_page_set_complete       (CfIncPage   *self,
                                                 gboolean     complete);
/* What the page still needs, one translated sentence ("Falta el nombre de
 * la institución."), or NULL. Shown as "Siguiente"'s tooltip while the
 * page is not complete. */
const char      *cf_inc_page_get_missing        (CfIncPage   *self);
void             cf_inc_page_set_missing        (CfIncPage   *self,
                                                 const char  *missing);
gboolean         cf_inc_page_get_applying       (CfIncPage   *self);

/* Called by the assistant. */
void             cf_inc_page_shown              (CfIncPage   *self);
/* TRUE when the apply goes on asynchronously (see the class). */
gboolean         cf_inc_page_apply_begin        (CfIncPage   *self,
                                                 GCancellable *cancellable);
/* Called by the page when its asynchronous apply ends; @valid FALSE stays
 * on the page. Emits ::apply-done. */
void             cf_inc_page_apply_complete     (CfIncPage   *self,
                                                 gboolean     valid);

/* Saves @value under @key in the incorporation; a failure (the store gone)
 * is shown as a toast on the page's window and returns FALSE. The pages'
 * "as typed" saving goes through here. */
gboolean         cf_inc_page_save_value         (CfIncPage   *self,
                                                 const char  *key,
                                                 const char  *value);
/* Shows @message as a toast in the page's window (an AdwToastOverlay up the
 * tree), or logs it when there is none. */
void             cf_inc_page_show_toast         (CfIncPage   *self,
                                                 const char  *message);

G_END_DECLS
