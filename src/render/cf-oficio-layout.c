/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "config.h"

#include "cf-oficio-layout.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cf-layout-kit.h"
#include "cf-logo.h"

/* The letter's words: an official document in Spanish (see the note in
 * cf-certificate-layout.c). */
#define ES_REFERENCE "Oficio No. %s"
#define ES_DATE_LINE "%s, a %s."
#define ES_SUBJECT "Asunto: %s"
#define ES_BODY_OPEN "Por este medio, en relación con el registro de %s%s en el Módulo Electrónico " \
  "de Certificación (MEC) de la Secretaría de Educación Pública, me permito informar " \
  "a usted que la persona responsable de firmar electrónicamente los certificados de " \
  "estudios que expida el campus %s%s es:"
#define ES_BODY_CAMPUS " (clave %s)"
#define ES_PAGE "Hoja %u de %u"

static const struct
{
  const char *present;
  const char *name;
  const char *curp;
  const char *position;
  const char *email;
  const char *body_efirma;
  const char *body_close;
  const char *regards;
  const char *cc;
} es = {
  .present = "P r e s e n t e",
  .name = "Nombre:",
  .curp = "CURP:",
  .position = "Cargo:",
  .email = "Correo electrónico:",
  .body_efirma = "La persona designada cuenta con una firma electrónica avanzada (e.firma) vigente, "
                 "emitida por el Servicio de Administración Tributaria, cuyo certificado (archivo "
                 ".cer) se adjunta a la presente para su registro.",
  .body_close = "Sin otro particular, le envío un cordial saludo.",
  .regards = "A T E N T A M E N T E",
  .cc = "c.c.p.",
};

#define PAGE_W        CF_PAGE_LETTER_WIDTH
#define PAGE_H        CF_PAGE_LETTER_HEIGHT
#define MARGIN_X      72.0
#define MARGIN_TOP    48.0
#define MARGIN_BOTTOM 40.0
#define CONTENT_W     (PAGE_W - 2 * MARGIN_X)

#define SANS  "DejaVu Sans"
#define SERIF "DejaVu Serif"

static const CfStyle style_institution = { SERIF, 14, 9, PANGO_WEIGHT_BOLD, PANGO_ALIGN_LEFT, 0, 0, 0, FALSE };
static const CfStyle style_address = { SANS, 7.5, 5.5, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT, 0.3, 0.3, 0.3, FALSE };
static const CfStyle style_right = { SERIF, 10, 0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_RIGHT, 0, 0, 0, FALSE };
static const CfStyle style_right_bold = { SERIF, 10, 0, PANGO_WEIGHT_BOLD, PANGO_ALIGN_RIGHT, 0, 0, 0, FALSE };
static const CfStyle style_text = { SERIF, 10.5, 0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT, 0, 0, 0, FALSE, FALSE };
static const CfStyle style_paragraph = { SERIF, 10.5, 0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT, 0, 0, 0, FALSE, TRUE };
static const CfStyle style_bold = { SERIF, 10.5, 0, PANGO_WEIGHT_BOLD, PANGO_ALIGN_LEFT, 0, 0, 0, FALSE };
static const CfStyle style_center = { SERIF, 10.5, 0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER, 0, 0, 0, FALSE };
static const CfStyle style_center_bold = { SERIF, 10.5, 0, PANGO_WEIGHT_BOLD, PANGO_ALIGN_CENTER, 0, 0, 0, FALSE };
static const CfStyle style_small = { SANS, 7, 0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT, 0.3, 0.3, 0.3, FALSE };
static const CfStyle style_page_number = { SANS, 7, 0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_RIGHT, 0.3, 0.3, 0.3, FALSE };

struct _CfOficioLayout
{
  GObject        parent_instance;

  CfOficioData  *data;

  gboolean       laid_out;
  PangoContext  *context;
  GPtrArray     *pages;      /* CfBlock */
  GPtrArray     *boxes;      /* GArray of CfTextBox */
  GPtrArray     *warnings;   /* NULL-terminated */
  char          *title;
};

static void cf_oficio_layout_renderable_init (CfRenderableInterface *iface);

G_DEFINE_TYPE_WITH_CODE (CfOficioLayout, cf_oficio_layout, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (CF_TYPE_RENDERABLE, cf_oficio_layout_renderable_init))

typedef struct
{
  CfOficioLayout *self;
  PangoContext   *pc;
  CfBlock        *page;
  double          y;
  double          bottom;
} Build;

/* ------------------------------------------------------------------ */
/* CfOficioData                                                        */
/* ------------------------------------------------------------------ */

static void
campus_free (gpointer data)
{
  CfOficioCampus *campus = data;

  g_free (campus->campus_name);
  g_free (campus->campus_id);
  g_free (campus->signer_name);
  g_free (campus->signer_curp);
  g_free (campus->signer_position);
  g_free (campus->signer_email);
  g_free (campus->body);
  g_free (campus);
}

CfOficioData *
cf_oficio_data_new (void)
{
  CfOficioData *data = g_new0 (CfOficioData, 1);

  g_date_clear (&data->date, 1);
  data->campuses = g_ptr_array_new_with_free_func (campus_free);
  return data;
}

void
cf_oficio_data_free (CfOficioData *data)
{
  if (data == NULL)
    return;
  g_free (data->logo_path);
  g_free (data->institution_name);
  g_free (data->institution_id);
  g_free (data->address);
  g_free (data->place);
  g_free (data->reference);
  g_free (data->addressee_name);
  g_free (data->addressee_position);
  g_free (data->addressee_organization);
  g_free (data->subject);
  g_free (data->signatory_name);
  g_free (data->signatory_position);
  g_ptr_array_unref (data->campuses);
  g_strfreev (data->cc);
  g_free (data);
}

CfOficioCampus *
cf_oficio_data_add_campus (CfOficioData *data,
                           const char   *campus_name,
                           const char   *campus_id,
                           const char   *signer_name,
                           const char   *signer_curp,
                           const char   *signer_position,
                           const char   *signer_email)
{
  CfOficioCampus *campus;

  g_return_val_if_fail (data != NULL, NULL);

  campus = g_new0 (CfOficioCampus, 1);
  campus->campus_name = g_strdup (campus_name);
  campus->campus_id = g_strdup (campus_id);
  campus->signer_name = g_strdup (signer_name);
  campus->signer_curp = g_strdup (signer_curp);
  campus->signer_position = g_strdup (signer_position);
  campus->signer_email = g_strdup (signer_email);
  g_ptr_array_add (data->campuses, campus);
  return campus;
}

CfOficioData *
cf_oficio_data_copy (const CfOficioData *data)
{
  CfOficioData *copy;

  g_return_val_if_fail (data != NULL, NULL);

  copy = cf_oficio_data_new ();
  copy->logo_path = g_strdup (data->logo_path);
  copy->institution_name = g_strdup (data->institution_name);
  copy->institution_id = g_strdup (data->institution_id);
  copy->address = g_strdup (data->address);
  copy->place = g_strdup (data->place);
  copy->date = data->date;
  copy->reference = g_strdup (data->reference);
  copy->addressee_name = g_strdup (data->addressee_name);
  copy->addressee_position = g_strdup (data->addressee_position);
  copy->addressee_organization = g_strdup (data->addressee_organization);
  copy->subject = g_strdup (data->subject);
  copy->signatory_name = g_strdup (data->signatory_name);
  copy->signatory_position = g_strdup (data->signatory_position);
  copy->cc = g_strdupv (data->cc);
  for (guint i = 0; data->campuses != NULL && i < data->campuses->len; i++)
    {
      const CfOficioCampus *c = g_ptr_array_index (data->campuses, i);
      CfOficioCampus *campus = cf_oficio_data_add_campus (copy, c->campus_name, c->campus_id, c->signer_name,
                                                          c->signer_curp, c->signer_position, c->signer_email);

      campus->body = g_strdup (c->body);
    }
  return copy;
}

/* ------------------------------------------------------------------ */
/* Layout                                                              */
/* ------------------------------------------------------------------ */

static char *
text_or (const char *text,
         const char *fallback)
{
  g_autofree char *t = cf_layout_kit_normalize (text);

  if (*t == '\0')
    return cf_layout_kit_normalize (fallback);
  return g_steal_pointer (&t);
}

static CfBlock *
build_letterhead (Build *b)
{
  CfOficioData *data = b->self->data;
  CfBlock *block = cf_block_new ();
  g_autofree char *institution = cf_layout_kit_normalize (data->institution_name);
  g_autofree char *address = cf_layout_kit_normalize (data->address);
  cairo_surface_t *logo = NULL;
  double x = MARGIN_X, w = CONTENT_W, y = 0, h;

  if (data->logo_path != NULL && *data->logo_path != '\0')
    {
      g_autoptr(GError) error = NULL;

      logo = cf_logo_load (data->logo_path, &error);
      /* Only the first letter reports it. */
      if (logo == NULL && b->self->pages->len <= 1)
        g_ptr_array_insert (b->self->warnings, (int) b->self->warnings->len - 1,
                            /* Translators: %s is a sentence saying why the logo
                             * could not be used and what to do. */
                            g_strdup_printf (_("%s The document is drawn without the logo."), error->message));
    }
  if (logo != NULL)
    {
      cf_block_add_image (block, logo, MARGIN_X, 0, 64, 64);
      cairo_surface_destroy (logo);
    }
  /* The text keeps the logo's place even without one: every letter of the
   * institution looks the same. */
  x += 76;
  w -= 76;
  y += cf_block_add_text (block, b->pc, &style_institution, institution, x, y, w, 1);
  if (*address != '\0')
    y += cf_block_add_text (block, b->pc, &style_address, address, x, y, w, 1);
  h = MAX (y, 64) + 6;
  cf_block_add_line (block, MARGIN_X, h, MARGIN_X + CONTENT_W, h, 1, 0.3);
  cf_block_set_height (block, h + 18);
  return block;
}

static CfBlock *
build_heading (Build *b)
{
  CfOficioData *data = b->self->data;
  CfBlock *block = cf_block_new ();
  g_autofree char *reference = cf_layout_kit_normalize (data->reference);
  g_autofree char *place = cf_layout_kit_normalize (data->place);
  g_autofree char *subject = text_or (data->subject, CF_OFICIO_DEFAULT_SUBJECT);
  g_autofree char *date = NULL, *line = NULL;
  GDate when = data->date;
  double y = 0;

  if (!g_date_valid (&when))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (&when, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }
  date = cf_layout_kit_format_date (&when);

  if (*reference != '\0')
    {
      line = g_strdup_printf (ES_REFERENCE, reference);
      y += cf_block_add_text (block, b->pc, &style_right, line, MARGIN_X, y, CONTENT_W, 1);
      g_clear_pointer (&line, g_free);
    }
  line = *place != '\0' ? g_strdup_printf (ES_DATE_LINE, place, date) : g_strdup_printf ("%s.", date);
  y += cf_block_add_text (block, b->pc, &style_right, line, MARGIN_X, y, CONTENT_W, 1);
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf (ES_SUBJECT, subject);
  y += 4 + cf_block_add_text (block, b->pc, &style_right_bold, line, MARGIN_X + CONTENT_W / 3, y + 4,
                              CONTENT_W * 2 / 3, 1);
  cf_block_set_height (block, y + 18);
  return block;
}

static CfBlock *
build_addressee (Build *b)
{
  CfOficioData *data = b->self->data;
  CfBlock *block = cf_block_new ();
  g_autofree char *name = cf_layout_kit_normalize (data->addressee_name);
  g_autofree char *position = text_or (data->addressee_position, CF_OFICIO_DEFAULT_ADDRESSEE_POSITION);
  g_autofree char *organization = text_or (data->addressee_organization, CF_OFICIO_DEFAULT_ADDRESSEE_ORGANIZATION);
  double y = 0;

  if (*name != '\0')
    y += cf_block_add_text (block, b->pc, &style_bold, name, MARGIN_X, y, CONTENT_W, 1);
  y += cf_block_add_text (block, b->pc, name[0] != '\0' ? &style_text : &style_bold,
                          position, MARGIN_X, y, CONTENT_W, 1);
  y += cf_block_add_text (block, b->pc, &style_text, organization, MARGIN_X, y, CONTENT_W, 1);
  y += cf_block_add_text (block, b->pc, &style_bold, es.present, MARGIN_X, y, CONTENT_W, 1);
  cf_block_set_height (block, y + 14);
  return block;
}

static CfBlock *
build_paragraph (Build      *b,
                 const char *text)
{
  CfBlock *block = cf_block_new ();
  double h = cf_block_add_text (block, b->pc, &style_paragraph, text, MARGIN_X, 0, CONTENT_W, 1);

  cf_block_set_height (block, h + 8);
  return block;
}

static CfBlock *
build_signer (Build                *b,
              const CfOficioCampus *campus)
{
  CfBlock *block = cf_block_new ();
  const char *labels[4] = { es.name, es.curp, es.position, es.email };
  const char *values[4] = { campus->signer_name, campus->signer_curp, campus->signer_position, campus->signer_email };
  double lx = MARGIN_X + 36, lw = 110, vx = lx + lw, vw = CONTENT_W - 36 - lw, y = 0;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *value = cf_layout_kit_normalize (values[i]);
      double h;

      if (*value == '\0')
        continue;
      h = cf_block_add_text (block, b->pc, &style_text, labels[i], lx, y, lw - 6, 1);
      h = fmax (h, cf_block_add_text (block, b->pc, &style_bold, value, vx, y, vw, 1));
      y += h;
    }
  cf_block_set_height (block, y + 10);
  return block;
}

static CfBlock *
build_signature (Build *b)
{
  CfOficioData *data = b->self->data;
  CfBlock *block = cf_block_new ();
  g_autofree char *name = cf_layout_kit_normalize (data->signatory_name);
  g_autofree char *position = cf_layout_kit_normalize (data->signatory_position);
  g_autofree char *institution = cf_layout_kit_normalize (data->institution_name);
  double x = MARGIN_X + CONTENT_W / 4, w = CONTENT_W / 2, y = 10;

  y += cf_block_add_text (block, b->pc, &style_center_bold, es.regards, x, y, w, 1);
  /* Room for the handwritten signature. */
  y += 56;
  cf_block_add_line (block, x + 10, y, x + w - 10, y, 0.6, 0);
  y += 2;
  if (*name != '\0')
    y += cf_block_add_text (block, b->pc, &style_center_bold, name, x, y, w, 1);
  if (*position != '\0')
    y += cf_block_add_text (block, b->pc, &style_center, position, x, y, w, 1);
  y += cf_block_add_text (block, b->pc, &style_center, institution, x, y, w, 1);

  for (guint i = 0; data->cc != NULL && data->cc[i] != NULL; i++)
    {
      g_autofree char *cc = cf_layout_kit_normalize (data->cc[i]);
      g_autofree char *line = g_strdup_printf ("%s %s", es.cc, cc);

      y += (i == 0 ? 18 : 0) + cf_block_add_text (block, b->pc, &style_small, line, MARGIN_X,
                                                   y + (i == 0 ? 18 : 0), CONTENT_W, 0.5);
    }
  cf_block_set_height (block, y);
  return block;
}

static void
new_page (Build *b)
{
  b->page = cf_block_new ();
  g_ptr_array_add (b->self->pages, b->page);
  b->y = MARGIN_TOP;
}

static void
flow (Build   *b,
      CfBlock *block)
{
  if (b->y + cf_block_get_height (block) > b->bottom && b->y > MARGIN_TOP)
    {
      new_page (b);
      b->y = MARGIN_TOP;
    }
  cf_block_move_into (b->page, block, b->y);
  b->y += cf_block_get_height (block);
  cf_block_free (block);
}

char *
cf_oficio_dup_default_body (const CfOficioData   *data,
                            const CfOficioCampus *campus)
{
  g_autofree char *institution = cf_layout_kit_normalize (data->institution_name);
  g_autofree char *institution_id = cf_layout_kit_normalize (data->institution_id);
  g_autofree char *campus_name = cf_layout_kit_normalize (campus->campus_name);
  g_autofree char *campus_id = cf_layout_kit_normalize (campus->campus_id);
  g_autofree char *institution_key = *institution_id != '\0' ? g_strdup_printf (ES_BODY_CAMPUS, institution_id) : g_strdup ("");
  g_autofree char *campus_key = *campus_id != '\0' ? g_strdup_printf (ES_BODY_CAMPUS, campus_id) : g_strdup ("");

  g_return_val_if_fail (data != NULL && campus != NULL, NULL);
  return g_strdup_printf (ES_BODY_OPEN, institution, institution_key, campus_name, campus_key);
}

static void
lay_out_letter (Build                *b,
                const CfOficioCampus *campus)
{
  g_autofree char *opening = NULL;
  g_auto(GStrv) paragraphs = NULL;
  g_autofree char *body = g_strstrip (g_strdup (campus->body != NULL ? campus->body : ""));

  if (*body != '\0')
    {
      g_autoptr(GRegex) blank = g_regex_new ("\\n[ \\t]*\\n", 0, 0, NULL);

      paragraphs = g_regex_split (blank, body, 0);
    }
  else
    opening = cf_oficio_dup_default_body (b->self->data, campus);

  new_page (b);
  flow (b, build_letterhead (b));
  flow (b, build_heading (b));
  flow (b, build_addressee (b));
  if (paragraphs == NULL)
    flow (b, build_paragraph (b, opening));
  for (guint i = 0; paragraphs != NULL && paragraphs[i] != NULL; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (paragraphs[i]));

      if (*text != '\0')
        flow (b, build_paragraph (b, text));
    }
  flow (b, build_signer (b, campus));
  flow (b, build_paragraph (b, es.body_efirma));
  flow (b, build_paragraph (b, es.body_close));
  flow (b, build_signature (b));
}

static void
lay_out (CfOficioLayout *self)
{
  Build b = { self, NULL, NULL, 0, 0 };
  g_autoptr(GArray) letter_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_pages;

  if (self->laid_out)
    return;
  self->laid_out = TRUE;
  self->context = cf_layout_kit_create_context ();
  b.pc = self->context;
  b.bottom = PAGE_H - MARGIN_BOTTOM - 16;

  if (self->data->campuses->len == 0)
    {
      /* A letter without a campus still shows the institution's part. */
      CfOficioCampus none = { 0, };

      g_array_append_val (letter_starts, self->pages->len);
      lay_out_letter (&b, &none);
    }
  for (guint i = 0; i < self->data->campuses->len; i++)
    {
      g_array_append_val (letter_starts, self->pages->len);
      lay_out_letter (&b, g_ptr_array_index (self->data->campuses, i));
    }

  /* Each letter is numbered on its own: it is printed, signed and
   * delivered apart from the others. */
  n_pages = self->pages->len;
  g_array_append_val (letter_starts, n_pages);
  for (guint i = 0, letter = 0; i < n_pages; i++)
    {
      CfBlock *page = g_ptr_array_index (self->pages, i);
      CfBlock *footer = cf_block_new ();
      g_autofree char *number = NULL;
      guint first, next;

      while (i >= g_array_index (letter_starts, guint, letter + 1))
        letter++;
      first = g_array_index (letter_starts, guint, letter);
      next = g_array_index (letter_starts, guint, letter + 1);
      number = g_strdup_printf (ES_PAGE, i - first + 1, next - first);

      cf_block_add_text (footer, b.pc, &style_page_number, number, MARGIN_X, 0, CONTENT_W, 1);
      cf_block_move_into (page, footer, PAGE_H - MARGIN_BOTTOM - 12);
      cf_block_free (footer);
    }
  self->title = g_strdup_printf ("%s — %s", CF_OFICIO_DEFAULT_SUBJECT,
                                 self->data->institution_name != NULL ? self->data->institution_name : "");
}

/* ------------------------------------------------------------------ */
/* CfRenderable                                                        */
/* ------------------------------------------------------------------ */

static guint
cf_oficio_layout_get_n_pages (CfRenderable *renderable)
{
  CfOficioLayout *self = CF_OFICIO_LAYOUT (renderable);

  lay_out (self);
  return self->pages->len;
}

static void
cf_oficio_layout_draw_page (CfRenderable *renderable,
                            guint         page,
                            cairo_t      *cr)
{
  CfOficioLayout *self = CF_OFICIO_LAYOUT (renderable);

  lay_out (self);
  g_return_if_fail (page < self->pages->len);
  cf_block_draw (g_ptr_array_index (self->pages, page), cr);
}

static const char *
cf_oficio_layout_get_metadata (CfRenderable     *renderable,
                               CfRenderMetadata  which)
{
  CfOficioLayout *self = CF_OFICIO_LAYOUT (renderable);

  lay_out (self);
  switch (which)
    {
    case CF_RENDER_METADATA_TITLE:
      return self->title;
    case CF_RENDER_METADATA_AUTHOR:
      return self->data->institution_name;
    case CF_RENDER_METADATA_SUBJECT:
      return self->data->subject != NULL ? self->data->subject : CF_OFICIO_DEFAULT_SUBJECT;
    default:
      return NULL;
    }
}

static GArray *
cf_oficio_layout_get_text_boxes (CfRenderable *renderable,
                                 guint         page)
{
  CfOficioLayout *self = CF_OFICIO_LAYOUT (renderable);

  lay_out (self);
  /* Only tests ask: worked out on demand, not for every PDF. */
  if (self->boxes->len == 0)
    for (guint i = 0; i < self->pages->len; i++)
      g_ptr_array_add (self->boxes, cf_block_collect_text_boxes (g_ptr_array_index (self->pages, i)));
  return page < self->boxes->len ? g_ptr_array_index (self->boxes, page) : NULL;
}

static void
cf_oficio_layout_renderable_init (CfRenderableInterface *iface)
{
  iface->get_n_pages = cf_oficio_layout_get_n_pages;
  iface->draw_page = cf_oficio_layout_draw_page;
  iface->get_metadata = cf_oficio_layout_get_metadata;
  iface->get_text_boxes = cf_oficio_layout_get_text_boxes;
}

static void
cf_oficio_layout_finalize (GObject *object)
{
  CfOficioLayout *self = CF_OFICIO_LAYOUT (object);

  g_ptr_array_unref (self->pages);
  g_ptr_array_unref (self->boxes);
  g_ptr_array_unref (self->warnings);
  g_clear_object (&self->context);
  g_free (self->title);
  cf_oficio_data_free (self->data);

  G_OBJECT_CLASS (cf_oficio_layout_parent_class)->finalize (object);
}

static void
cf_oficio_layout_class_init (CfOficioLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_oficio_layout_finalize;
}

static void
cf_oficio_layout_init (CfOficioLayout *self)
{
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_block_free);
  self->boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
}

CfOficioLayout *
cf_oficio_layout_new (const CfOficioData *data)
{
  CfOficioLayout *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (CF_TYPE_OFICIO_LAYOUT, NULL);
  self->data = cf_oficio_data_copy (data);
  return self;
}

const char * const *
cf_oficio_layout_get_warnings (CfOficioLayout *self)
{
  g_return_val_if_fail (CF_IS_OFICIO_LAYOUT (self), NULL);

  lay_out (self);
  return (const char * const *) self->warnings->pdata;
}
