/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "cf-layout-kit.h"

#include <math.h>
#include <string.h>

#include "cf-qr.h"

typedef enum
{
  ITEM_TEXT,
  ITEM_WATERMARK,
  ITEM_FILL,
  ITEM_STROKE,
  ITEM_LINE,
  ITEM_HATCH,
  ITEM_IMAGE,
  ITEM_QR,
} ItemKind;

typedef struct
{
  ItemKind         kind;
  double           x, y, w, h;     /* the box (a line: x, y → w, h as x2, y2) */
  double           lx, ly;         /* where the layout's origin goes */
  double           r, g, b, a;
  double           line_width;
  double           angle;          /* watermark */
  double           font_size;
  gboolean         dashed;
  PangoLayout     *layout;
  cairo_surface_t *image;
  char            *text;           /* the QR's text */
} Item;

struct _CfBlock
{
  GPtrArray *items;
  double     height;
};

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->layout);
  g_clear_pointer (&item->image, cairo_surface_destroy);
  g_free (item->text);
  g_free (item);
}

static Item *
item_new (CfBlock  *block,
          ItemKind  kind)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->a = 1.0;
  g_ptr_array_add (block->items, item);
  return item;
}

CfBlock *
cf_block_new (void)
{
  CfBlock *block = g_new0 (CfBlock, 1);

  block->items = g_ptr_array_new_with_free_func (item_free);
  return block;
}

void
cf_block_free (CfBlock *block)
{
  if (block == NULL)
    return;
  g_ptr_array_unref (block->items);
  g_free (block);
}

double
cf_block_get_height (CfBlock *block)
{
  return block->height;
}

void
cf_block_set_height (CfBlock *block,
                     double   height)
{
  block->height = height;
}

gboolean
cf_block_is_empty (CfBlock *block)
{
  return block->items->len == 0;
}

static PangoFontDescription *
font_for_style (const CfStyle *style,
                double         size)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family_static (desc, style->family);
  pango_font_description_set_weight (desc, style->weight);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  return desc;
}

/* One list for every layout: no hyphen is ever inserted where a line
 * breaks inside a word, because a seal, a CURP or a URL must not gain a
 * character that is not in the data. Attribute lists are immutable once
 * shared and reference counted atomically. */
static PangoAttrList *
shared_attributes (void)
{
  static PangoAttrList *attrs;

  if (g_once_init_enter (&attrs))
    {
      PangoAttrList *list = pango_attr_list_new ();

      pango_attr_list_insert (list, pango_attr_insert_hyphens_new (FALSE));
      g_once_init_leave (&attrs, list);
    }
  return attrs;
}

double
cf_block_add_text (CfBlock       *block,
                   PangoContext  *context,
                   const CfStyle *style,
                   const char    *text,
                   double         x,
                   double         y,
                   double         width,
                   double         pad)
{
  PangoFontDescription *desc;
  PangoRectangle logical;
  Item *item;
  double size = style->size, natural, offset = 0;
  gboolean one_line = FALSE;

  g_assert (width > 0);

  item = item_new (block, ITEM_TEXT);
  item->layout = pango_layout_new (context);
  pango_layout_set_attributes (item->layout, shared_attributes ());
  pango_layout_set_text (item->layout, text != NULL ? text : "", -1);
  desc = font_for_style (style, size);
  pango_layout_set_font_description (item->layout, desc);

  if (!style->justify)
    {
      /* Most values fit on one line: measure once, and place the line by
       * its alignment ourselves instead of laying it out again at a width. */
      pango_layout_get_extents (item->layout, NULL, &logical);
      natural = (double) logical.width / PANGO_SCALE;

      /* One line that is too long is shrunk first (names, titles), as far
       * as the style allows; whatever still does not fit wraps below. Text
       * width is proportional to size: no hinting (see create_context). */
      if (natural > width && style->min_size > 0 && style->min_size < size)
        {
          size = MAX (style->min_size, size * width / natural * 0.995);
          pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
          pango_layout_set_font_description (item->layout, desc);
          pango_layout_get_extents (item->layout, NULL, &logical);
          natural = (double) logical.width / PANGO_SCALE;
        }
      if (natural <= width && pango_layout_get_line_count (item->layout) == 1)
        {
          one_line = TRUE;
          if (style->align == PANGO_ALIGN_CENTER)
            offset = (width - natural) / 2;
          else if (style->align == PANGO_ALIGN_RIGHT)
            offset = width - natural;
          offset -= (double) logical.x / PANGO_SCALE;
        }
    }
  pango_font_description_free (desc);

  if (!one_line)
    {
      pango_layout_set_width (item->layout, (int) floor (width * PANGO_SCALE));
      pango_layout_set_wrap (item->layout, style->break_anywhere ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (item->layout, style->align);
      pango_layout_set_justify (item->layout, style->justify);
      pango_layout_get_extents (item->layout, NULL, &logical);
    }

  item->x = x;
  item->y = y;
  item->w = width;
  item->h = (double) logical.height / PANGO_SCALE + 2 * pad;
  item->lx = x + offset;
  item->ly = y + pad;
  item->r = style->r;
  item->g = style->g;
  item->b = style->b;
  item->font_size = size;
  return item->h;
}

void
cf_block_set_last_boxes_height (CfBlock *block,
                                guint    n,
                                double   height)
{
  for (guint i = block->items->len; i > 0 && n > 0; i--)
    {
      Item *item = g_ptr_array_index (block->items, i - 1);

      if (item->kind == ITEM_TEXT)
        {
          item->h = height;
          n--;
        }
    }
}

void
cf_block_add_fill (CfBlock *block,
                   double x, double y, double w, double h,
                   double r, double g, double b, double a)
{
  Item *item = item_new (block, ITEM_FILL);

  item->x = x; item->y = y; item->w = w; item->h = h;
  item->r = r; item->g = g; item->b = b; item->a = a;
}

void
cf_block_add_background (CfBlock *block,
                         double x, double y, double w, double h,
                         double r, double g, double b)
{
  Item *item;

  cf_block_add_fill (block, x, y, w, h, r, g, b, 1);
  item = g_ptr_array_steal_index (block->items, block->items->len - 1);
  g_ptr_array_insert (block->items, 0, item);
}

void
cf_block_add_stroke (CfBlock *block,
                     double x, double y, double w, double h,
                     double line_width, gboolean dashed,
                     double r, double g, double b)
{
  Item *item = item_new (block, ITEM_STROKE);

  item->x = x; item->y = y; item->w = w; item->h = h;
  item->line_width = line_width;
  item->dashed = dashed;
  item->r = r; item->g = g; item->b = b;
}

void
cf_block_add_line (CfBlock *block,
                   double x1, double y1, double x2, double y2,
                   double line_width, double gray)
{
  Item *item = item_new (block, ITEM_LINE);

  item->x = x1; item->y = y1; item->w = x2; item->h = y2;
  item->line_width = line_width;
  item->r = item->g = item->b = gray;
}

void
cf_block_add_hatch (CfBlock *block,
                    double x, double y, double w, double h,
                    double r, double g, double b)
{
  Item *item = item_new (block, ITEM_HATCH);

  item->x = x; item->y = y; item->w = w; item->h = h;
  item->r = r; item->g = g; item->b = b;
}

void
cf_block_add_image (CfBlock         *block,
                    cairo_surface_t *image,
                    double x, double y, double w, double h)
{
  Item *item = item_new (block, ITEM_IMAGE);

  item->x = x; item->y = y; item->w = w; item->h = h;
  item->image = cairo_surface_reference (image);
}

gboolean
cf_block_add_qr (CfBlock     *block,
                 const char  *text,
                 double x, double y, double size,
                 GError     **error)
{
  Item *item;

  /* Encode once now so drawing cannot fail later. */
  if (cf_qr_get_width (text) == 0)
    {
      cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
      cairo_t *cr = cairo_create (probe);
      gboolean ok = cf_qr_draw (cr, text, 0, 0, 1, error);

      cairo_destroy (cr);
      cairo_surface_destroy (probe);
      g_assert (!ok);
      return FALSE;
    }
  item = item_new (block, ITEM_QR);
  item->x = x; item->y = y; item->w = size; item->h = size;
  item->text = g_strdup (text);
  return TRUE;
}

void
cf_block_add_watermark (CfBlock      *block,
                        PangoContext *context,
                        const char   *text,
                        double        page_w,
                        double        page_h,
                        double        margin)
{
  static const CfStyle style = { "DejaVu Sans", 100, 0, PANGO_WEIGHT_BOLD, PANGO_ALIGN_LEFT, 0.80, 0.08, 0.08, FALSE };
  PangoFontDescription *desc;
  PangoRectangle logical;
  Item *item;
  double angle, tw, th, bw, bh, fit, c, s;

  item = item_new (block, ITEM_WATERMARK);
  item->layout = pango_layout_new (context);
  pango_layout_set_text (item->layout, text, -1);
  desc = font_for_style (&style, style.size);
  pango_layout_set_font_description (item->layout, desc);
  pango_layout_get_extents (item->layout, NULL, &logical);
  tw = (double) logical.width / PANGO_SCALE;
  th = (double) logical.height / PANGO_SCALE;

  /* Along the diagonal from bottom-left to top-right; scale the size so
   * the rotated text's bounding box fits inside the margins. */
  angle = -atan2 (page_h, page_w);
  c = fabs (cos (angle));
  s = fabs (sin (angle));
  bw = tw * c + th * s;
  bh = tw * s + th * c;
  fit = MIN ((page_w - 2 * margin) / bw, (page_h - 2 * margin) / bh);
  item->font_size = style.size * fit;
  pango_font_description_set_absolute_size (desc, item->font_size * PANGO_SCALE);
  pango_layout_set_font_description (item->layout, desc);
  pango_font_description_free (desc);
  pango_layout_get_extents (item->layout, NULL, &logical);

  item->angle = angle;
  item->x = page_w / 2;   /* the centre of rotation */
  item->y = page_h / 2;
  item->w = (double) logical.width / PANGO_SCALE;
  item->h = (double) logical.height / PANGO_SCALE;
  item->r = style.r; item->g = style.g; item->b = style.b;
  item->a = 0.22;
}

void
cf_block_move_into (CfBlock *dest,
                    CfBlock *src,
                    double   dy)
{
  for (guint i = 0; i < src->items->len; i++)
    {
      Item *item = g_ptr_array_index (src->items, i);

      item->y += dy;
      item->ly += dy;
      if (item->kind == ITEM_LINE)
        item->h += dy;   /* y2 */
      g_ptr_array_add (dest->items, item);
    }
  g_ptr_array_set_free_func (src->items, NULL);
  g_ptr_array_set_size (src->items, 0);
  g_ptr_array_set_free_func (src->items, item_free);
}

static void
draw_hatch (cairo_t *cr,
            Item    *item)
{
  double step = 6;

  cairo_save (cr);
  cairo_rectangle (cr, item->x, item->y, item->w, item->h);
  cairo_clip (cr);
  for (double d = -item->h; d < item->w; d += step)
    {
      cairo_move_to (cr, item->x + d, item->y + item->h);
      cairo_line_to (cr, item->x + d + item->h, item->y);
    }
  cairo_set_line_width (cr, 0.6);
  cairo_set_source_rgba (cr, item->r, item->g, item->b, 0.35);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_image (cairo_t *cr,
            Item    *item)
{
  double iw = cairo_image_surface_get_width (item->image);
  double ih = cairo_image_surface_get_height (item->image);
  double scale;

  if (iw <= 0 || ih <= 0)
    return;
  scale = MIN (item->w / iw, item->h / ih);
  cairo_save (cr);
  cairo_translate (cr, item->x + (item->w - iw * scale) / 2, item->y + (item->h - ih * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, item->image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

void
cf_block_draw (CfBlock *block,
               cairo_t *cr)
{
  for (guint i = 0; i < block->items->len; i++)
    {
      Item *item = g_ptr_array_index (block->items, i);

      switch (item->kind)
        {
        case ITEM_TEXT:
          cairo_set_source_rgb (cr, item->r, item->g, item->b);
          cairo_move_to (cr, item->lx, item->ly);
          pango_cairo_show_layout (cr, item->layout);
          break;
        case ITEM_WATERMARK:
          cairo_save (cr);
          cairo_translate (cr, item->x, item->y);
          cairo_rotate (cr, item->angle);
          cairo_set_source_rgba (cr, item->r, item->g, item->b, item->a);
          /* Outlines, not text: the mark must not mix its letters into
           * the document's text layer (search, copy, screen readers). */
          cairo_move_to (cr, -item->w / 2, -item->h / 2);
          pango_cairo_layout_path (cr, item->layout);
          cairo_fill (cr);
          cairo_restore (cr);
          break;
        case ITEM_FILL:
          cairo_set_source_rgba (cr, item->r, item->g, item->b, item->a);
          cairo_rectangle (cr, item->x, item->y, item->w, item->h);
          cairo_fill (cr);
          break;
        case ITEM_STROKE:
          cairo_save (cr);
          if (item->dashed)
            {
              const double dash[] = { 3, 2 };
              cairo_set_dash (cr, dash, 2, 0);
            }
          cairo_set_line_width (cr, item->line_width);
          cairo_set_source_rgb (cr, item->r, item->g, item->b);
          cairo_rectangle (cr, item->x, item->y, item->w, item->h);
          cairo_stroke (cr);
          cairo_restore (cr);
          break;
        case ITEM_LINE:
          cairo_set_line_width (cr, item->line_width);
          cairo_set_source_rgb (cr, item->r, item->g, item->b);
          cairo_move_to (cr, item->x, item->y);
          cairo_line_to (cr, item->w, item->h);
          cairo_stroke (cr);
          break;
        case ITEM_HATCH:
          draw_hatch (cr, item);
          break;
        case ITEM_IMAGE:
          draw_image (cr, item);
          break;
        case ITEM_QR:
          /* Encoded once when the item was added: this cannot fail. */
          cf_qr_draw (cr, item->text, item->x, item->y, item->w, NULL);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

GArray *
cf_block_collect_text_boxes (CfBlock *block)
{
  GArray *boxes = g_array_new (FALSE, TRUE, sizeof (CfTextBox));

  for (guint i = 0; i < block->items->len; i++)
    {
      Item *item = g_ptr_array_index (block->items, i);
      PangoRectangle ink;
      CfTextBox box = { 0, };

      if (item->kind != ITEM_TEXT && item->kind != ITEM_WATERMARK)
        continue;

      pango_layout_get_extents (item->layout, &ink, NULL);
      box.text = pango_layout_get_text (item->layout);
      box.font_size = item->font_size;
      if (item->kind == ITEM_TEXT)
        {
          box.kind = CF_TEXT_BOX_TEXT;
          box.box_x = item->x;
          box.box_y = item->y;
          box.box_width = item->w;
          box.box_height = item->h;
          box.text_x = item->lx + (double) ink.x / PANGO_SCALE;
          box.text_y = item->ly + (double) ink.y / PANGO_SCALE;
          box.text_width = (double) ink.width / PANGO_SCALE;
          box.text_height = (double) ink.height / PANGO_SCALE;
        }
      else
        {
          /* The rotated ink's bounding box; the box is the page. */
          double c = cos (item->angle), s = sin (item->angle);
          double x0 = -item->w / 2 + (double) ink.x / PANGO_SCALE;
          double y0 = -item->h / 2 + (double) ink.y / PANGO_SCALE;
          double xs[4] = { x0, x0 + (double) ink.width / PANGO_SCALE, x0, x0 + (double) ink.width / PANGO_SCALE };
          double ys[4] = { y0, y0, y0 + (double) ink.height / PANGO_SCALE, y0 + (double) ink.height / PANGO_SCALE };
          double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;

          for (int k = 0; k < 4; k++)
            {
              double px = item->x + xs[k] * c - ys[k] * s;
              double py = item->y + xs[k] * s + ys[k] * c;
              minx = MIN (minx, px); maxx = MAX (maxx, px);
              miny = MIN (miny, py); maxy = MAX (maxy, py);
            }
          box.kind = CF_TEXT_BOX_WATERMARK;
          box.box_x = 0;
          box.box_y = 0;
          box.box_width = item->x * 2;
          box.box_height = item->y * 2;
          box.text_x = minx;
          box.text_y = miny;
          box.text_width = maxx - minx;
          box.text_height = maxy - miny;
        }
      g_array_append_val (boxes, box);
    }
  return boxes;
}

PangoContext *
cf_layout_kit_create_context (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Metrics independent of the output device: the same line breaks in the
   * PDF, on screen and on paper. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, 72.0);
  pango_context_set_round_glyph_positions (context, FALSE);
  pango_context_set_language (context, pango_language_from_string ("es-mx"));
  return context;
}

char *
cf_layout_kit_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean blank = FALSE;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || g_unichar_iscntrl (c))
        {
          blank = TRUE;
          continue;
        }
      if (blank && out->len > 0)
        g_string_append_c (out, ' ');
      blank = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
cf_layout_kit_format_date (const GDate *date)
{
  static const char * const months[] = {
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre",
  };

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  return g_strdup_printf ("%u de %s de %u",
                          g_date_get_day (date),
                          months[g_date_get_month (date) - 1],
                          g_date_get_year (date));
}
