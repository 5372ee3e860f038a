/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "cf-renderable.h"

G_DEFINE_INTERFACE (CfRenderable, cf_renderable, G_TYPE_OBJECT)

static void
cf_renderable_default_init (CfRenderableInterface *iface)
{
}

guint
cf_renderable_get_n_pages (CfRenderable *self)
{
  g_return_val_if_fail (CF_IS_RENDERABLE (self), 0);

  return CF_RENDERABLE_GET_IFACE (self)->get_n_pages (self);
}

void
cf_renderable_get_page_size (CfRenderable *self,
                             guint         page,
                             double       *width,
                             double       *height)
{
  CfRenderableInterface *iface;
  double w = CF_PAGE_LETTER_WIDTH, h = CF_PAGE_LETTER_HEIGHT;

  g_return_if_fail (CF_IS_RENDERABLE (self));

  iface = CF_RENDERABLE_GET_IFACE (self);
  if (iface->get_page_size != NULL)
    iface->get_page_size (self, page, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

void
cf_renderable_draw_page (CfRenderable *self,
                         guint         page,
                         cairo_t      *cr)
{
  g_return_if_fail (CF_IS_RENDERABLE (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < cf_renderable_get_n_pages (self));

  cairo_save (cr);
  CF_RENDERABLE_GET_IFACE (self)->draw_page (self, page, cr);
  cairo_restore (cr);
}

const char *
cf_renderable_get_metadata (CfRenderable     *self,
                            CfRenderMetadata  which)
{
  CfRenderableInterface *iface;

  g_return_val_if_fail (CF_IS_RENDERABLE (self), NULL);

  iface = CF_RENDERABLE_GET_IFACE (self);
  return iface->get_metadata != NULL ? iface->get_metadata (self, which) : NULL;
}

GArray *
cf_renderable_get_text_boxes (CfRenderable *self,
                              guint         page)
{
  static GArray *empty;
  CfRenderableInterface *iface;
  GArray *boxes = NULL;

  g_return_val_if_fail (CF_IS_RENDERABLE (self), NULL);

  iface = CF_RENDERABLE_GET_IFACE (self);
  if (iface->get_text_boxes != NULL)
    boxes = iface->get_text_boxes (self, page);
  if (boxes == NULL)
    {
      if (g_once_init_enter (&empty))
        g_once_init_leave (&empty, g_array_new (FALSE, FALSE, sizeof (CfTextBox)));
      boxes = empty;
    }
  return boxes;
}
