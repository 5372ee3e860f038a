/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-renderable.h: a paged document that draws itself onto any cairo_t.
 *
 * The certificate and the oficio implement it; the PDF/PNG exporter, the
 * printer and the tests only see this interface. Units are PDF points
 * (1/72 inch) with the origin at the page's top-left corner. Drawing never
 * fails: whatever could go wrong (a logo that does not load, a QR that
 * cannot be made) was decided when the pages were laid out. */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

/* US letter, the paper SEP's certificates are printed on. */
#define CF_PAGE_LETTER_WIDTH  612.0
#define CF_PAGE_LETTER_HEIGHT 792.0

typedef enum
{
  CF_RENDER_METADATA_TITLE,
  CF_RENDER_METADATA_AUTHOR,
  CF_RENDER_METADATA_SUBJECT,
} CfRenderMetadata;

/* What a text box holds (so a test can ask for one kind). */
typedef enum
{
  CF_TEXT_BOX_TEXT,        /* ordinary document text */
  CF_TEXT_BOX_WATERMARK,   /* the diagonal preview mark (rotated) */
} CfTextBoxKind;

/* A piece of text as laid out: the box it was given and the extents of the
 * text actually set in it, both in page coordinates. A layout is correct
 * when every text extent lies inside its box and every box on the page. */
typedef struct
{
  CfTextBoxKind kind;
  double box_x, box_y, box_width, box_height;
  double text_x, text_y, text_width, text_height;  /* ink extents */
  double font_size;                                /* as set, after shrinking */
  const char *text;                                /* owned by the layout */
} CfTextBox;

#define CF_TYPE_RENDERABLE (cf_renderable_get_type ())
G_DECLARE_INTERFACE (CfRenderable, cf_renderable, CF, RENDERABLE, GObject)

struct _CfRenderableInterface
{
  GTypeInterface parent_iface;

  guint        (*get_n_pages)    (CfRenderable     *self);
  void         (*get_page_size)  (CfRenderable     *self,
                                  guint             page,
                                  double           *width,
                                  double           *height);
  void         (*draw_page)      (CfRenderable     *self,
                                  guint             page,
                                  cairo_t          *cr);
  const char * (*get_metadata)   (CfRenderable     *self,
                                  CfRenderMetadata  which);
  /* (element-type CfTextBox) (transfer none), or NULL. */
  GArray *     (*get_text_boxes) (CfRenderable     *self,
                                  guint             page);
};

guint        cf_renderable_get_n_pages    (CfRenderable     *self);
void         cf_renderable_get_page_size  (CfRenderable     *self,
                                           guint             page,
                                           double           *width,
                                           double           *height);
/* Draws page @page (0-based) with its top-left corner at the origin of
 * @cr's current transformation; the caller paints the paper. */
void         cf_renderable_draw_page      (CfRenderable     *self,
                                           guint             page,
                                           cairo_t          *cr);
/* Title, author and subject for the PDF's document information; NULL when
 * there is none. */
const char  *cf_renderable_get_metadata   (CfRenderable     *self,
                                           CfRenderMetadata  which);
/* Every text box of @page: an empty array when the implementation keeps
 * no record. (transfer none) */
GArray      *cf_renderable_get_text_boxes (CfRenderable     *self,
                                           guint             page);

G_END_DECLS
