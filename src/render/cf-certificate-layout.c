/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "config.h"

#include "cf-certificate-layout.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-layout-kit.h"
#include "cf-logo.h"
#include "cf-number-words.h"

/* The words printed on the certificate. They are the official document's
 * content, in Spanish whatever the interface language, so they live here
 * and not in the translations. */
/* Format strings stay literals so the compiler checks them. */
#define ES_PAGE "Hoja %u de %u"

static const struct
{
  const char *title_total;
  const char *title_partial;
  const char *title_other;
  const char *continued;
  const char *folio_control;
  const char *folio_digital;
  const char *campus;
  const char *institution_key;
  const char *campus_key;
  const char *rvoe;
  const char *rvoe_date;
  const char *level;
  const char *career;
  const char *career_key;
  const char *plan;
  const char *period;
  const char *student;
  const char *student_f;
  const char *curp;
  const char *control_number;
  const char *intro;
  const char *intro_f;
  const char *columns[8];
  const char *no_subjects;
  const char *subjects;
  const char *of;
  const char *credits;
  const char *average;
  const char *cycles;
  const char *observations;
  const char *subject_types;
  const char *issued;
  const char *issued_on;
  const char *signer;
  const char *signer_certificate;
  const char *seal;
  const char *no_seal;
  const char *verify;
  const char *qr_preview;
  const char *qr_missing;
  const char *sep_title;
  const char *sep_date;
  const char *dreoe_date;
  const char *sep_certificate;
  const char *dreoe_signer;
  const char *dreoe_certificate;
  const char *dreoe_seal;
  const char *sep_seal;
  const char *legend;
  const char *preview_banner;
  const char *watermark;
  const char *draft_banner;
  const char *draft_watermark;
  const char *draft_preview_watermark;
  const char *subject_metadata;
} es = {
  .title_total = "CERTIFICADO TOTAL DE ESTUDIOS",
  .title_partial = "CERTIFICADO PARCIAL DE ESTUDIOS",
  .title_other = "CERTIFICADO DE ESTUDIOS",
  .continued = "continuación",
  .folio_control = "FOLIO DE CONTROL",
  .folio_digital = "FOLIO DIGITAL",
  .campus = "CAMPUS",
  .institution_key = "Clave de la institución",
  .campus_key = "clave del campus",
  .rvoe = "Reconocimiento de Validez Oficial de Estudios (RVOE) No.",
  .rvoe_date = "de fecha",
  .level = "NIVEL DE ESTUDIOS",
  .career = "CARRERA",
  .career_key = "clave",
  .plan = "PLAN DE ESTUDIOS",
  .period = "PERIODO",
  .student = "NOMBRE DEL ALUMNO",
  .student_f = "NOMBRE DE LA ALUMNA",
  .curp = "CURP",
  .control_number = "NÚMERO DE CONTROL",
  .intro = "Se certifica que, de acuerdo con los registros escolares de esta institución, "
           "el alumno cuyos datos se indican cursó las siguientes asignaturas del plan de "
           "estudios, con los resultados que se señalan:",
  .intro_f = "Se certifica que, de acuerdo con los registros escolares de esta institución, "
             "la alumna cuyos datos se indican cursó las siguientes asignaturas del plan de "
             "estudios, con los resultados que se señalan:",
  .columns = { "CLAVE", "ASIGNATURA", "CICLO", "CALIF.", "CALIFICACIÓN CON LETRA", "OBS.", "TIPO", "CRÉDITOS" },
  .no_subjects = "Sin asignaturas registradas.",
  .subjects = "ASIGNATURAS",
  .of = "de",
  .credits = "CRÉDITOS",
  .average = "PROMEDIO GENERAL",
  .cycles = "CICLOS",
  .observations = "Observaciones",
  .subject_types = "Tipo de asignatura",
  .issued = "Se expide el presente certificado en",
  .issued_on = "el",
  .signer = "RESPONSABLE DE LA EXPEDICIÓN",
  .signer_certificate = "No. de certificado de la e.firma:",
  .seal = "SELLO DIGITAL DEL RESPONSABLE",
  .no_seal = "SIN SELLO: este documento aún no ha sido firmado electrónicamente.",
  .verify = "Verifique este documento en:",
  .qr_preview = "VISTA PREVIA\nSIN SELLO\n\nCÓDIGO QR\nNO VÁLIDO",
  .qr_missing = "CÓDIGO QR\nNO DISPONIBLE",
  .sep_title = "AUTENTICACIÓN DE LA SECRETARÍA DE EDUCACIÓN PÚBLICA",
  .sep_date = "FECHA DE AUTENTICACIÓN",
  .dreoe_date = "FECHA DREOE",
  .sep_certificate = "No. CERTIFICADO SEP",
  .dreoe_signer = "Autenticó (DGAIR):",
  .dreoe_certificate = "No. de certificado:",
  .dreoe_seal = "SELLO DREOE",
  .sep_seal = "SELLO SEP-IPES",
  .legend = "Este documento es la representación impresa de un documento electrónico: el "
            "certificado electrónico de estudios (Documento Electrónico de Certificación, "
            "Dec versión 3.0) firmado con la e.firma del responsable. Su autenticidad puede "
            "verificarse con el código QR.",
  .preview_banner = "VISTA PREVIA SIN SELLO — ESTE DOCUMENTO NO TIENE VALIDEZ OFICIAL",
  .watermark = "VISTA PREVIA — SIN SELLO",
  .draft_banner = "BORRADOR — ESTE DOCUMENTO TIENE ERRORES Y NO DEBE ENTREGARSE",
  .draft_watermark = "BORRADOR",
  .draft_preview_watermark = "BORRADOR\nSIN SELLO",
  .subject_metadata = "Representación impresa del certificado electrónico de estudios (Dec 3.0)",
};

/* Abbreviations printed in the narrow columns, explained under the table. */
static const struct { const char *code; const char *abbreviation; } observation_abbreviations[] = {
  { "100", "" },   /* NORMAL/ORDINARIO: the usual case, left blank */
  { "70", "EQ" }, { "71", "EXT" }, { "72", "ETS" }, { "73", "CV" }, { "74", "REC" },
  { "75", "REI" }, { "76", "AR" }, { "77", "CRV" }, { "78", "REV" }, { "101", "CAP" },
  { "102", "EXE" }, { "104", "CR" }, { "105", "IA" },
};

static const struct { const char *code; const char *abbreviation; } type_abbreviations[] = {
  { "263", "OBL" }, { "264", "OPT" }, { "265", "ADI" }, { "266", "COM" },
};

/* Page geometry, in points. */
#define PAGE_W        CF_PAGE_LETTER_WIDTH
#define PAGE_H        CF_PAGE_LETTER_HEIGHT
#define MARGIN_X      40.0
#define MARGIN_TOP    36.0
#define MARGIN_BOTTOM 30.0
#define CONTENT_W     (PAGE_W - 2 * MARGIN_X)
#define GAP           8.0
#define CELL_PAD_X    3.0
#define CELL_PAD_Y    2.0
#define QR_SIZE       112.0

static const double column_widths[8] = { 50, 188, 40, 30, 104, 30, 40, 50 };
static const PangoAlignment column_align[8] = {
  PANGO_ALIGN_LEFT, PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER,
  PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT,
};

#define SANS      "DejaVu Sans"
#define CONDENSED "DejaVu Sans Condensed"
#define SERIF     "DejaVu Serif"
#define MONO      "DejaVu Sans Mono"
#define N PANGO_WEIGHT_NORMAL
#define B PANGO_WEIGHT_BOLD
#define L PANGO_ALIGN_LEFT
#define C PANGO_ALIGN_CENTER
#define R PANGO_ALIGN_RIGHT

static const CfStyle style_institution = { SERIF, 13, 8, B, C, 0, 0, 0, FALSE };
static const CfStyle style_header = { SANS, 8.5, 6, N, C, 0, 0, 0, FALSE };
static const CfStyle style_header_bold = { SANS, 9, 6, B, C, 0, 0, 0, FALSE };
static const CfStyle style_header_small = { SANS, 7, 5.5, N, C, 0.3, 0.3, 0.3, FALSE };
static const CfStyle style_title = { SERIF, 15, 10, B, C, 0, 0, 0, FALSE };
static const CfStyle style_label = { CONDENSED, 6, 5, N, L, 0.35, 0.35, 0.35, FALSE };
static const CfStyle style_label_center = { CONDENSED, 6, 5, N, C, 0.35, 0.35, 0.35, FALSE };
static const CfStyle style_value = { SANS, 9, 6.5, B, L, 0, 0, 0, FALSE };
static const CfStyle style_value_center = { SANS, 9, 6.5, B, C, 0, 0, 0, FALSE };
static const CfStyle style_value_small = { SANS, 7, 5.5, N, L, 0, 0, 0, FALSE };
static const CfStyle style_words_center = { CONDENSED, 6.5, 5, N, C, 0, 0, 0, FALSE };
static const CfStyle style_body = { SANS, 8, 0, N, L, 0, 0, 0, FALSE };
static const CfStyle style_small = { CONDENSED, 6.5, 0, N, L, 0.2, 0.2, 0.2, FALSE };
static const CfStyle style_th = { CONDENSED, 6.5, 0, B, C, 0, 0, 0, FALSE };
static const CfStyle style_seal = { MONO, 5.5, 0, N, L, 0.15, 0.15, 0.15, TRUE };
static const CfStyle style_url = { CONDENSED, 5.5, 0, N, C, 0.15, 0.15, 0.15, TRUE };
static const CfStyle style_footer = { CONDENSED, 6, 0, N, L, 0.3, 0.3, 0.3, FALSE };
static const CfStyle style_page_number = { SANS, 7, 0, B, R, 0, 0, 0, FALSE };
static const CfStyle style_warning = { SANS, 6.5, 5, B, L, 0.75, 0.05, 0.05, FALSE };
static const CfStyle style_qr_placeholder = { SANS, 7.5, 5, B, C, 0.75, 0.05, 0.05, FALSE };
static const CfStyle style_no_seal = { SANS, 7, 5, B, L, 0.75, 0.05, 0.05, FALSE };

static CfStyle
cell_style (guint column)
{
  CfStyle style = { CONDENSED, 7.5, 0, N, L, 0, 0, 0, FALSE, FALSE };

  style.align = column_align[column];
  /* Narrow columns shrink an unusual value before wrapping it; names and
   * words wrap at full size. */
  if (column != 1 && column != 4)
    style.min_size = 5.5;
  return style;
}

struct _CfCertificateLayout
{
  GObject        parent_instance;

  CfDec         *dec;
  char          *logo_path;
  char          *url_pattern;
  char          *student_name; /* NULL: the Dec's */
  gboolean       draft;

  /* Laid out on first use. */
  gboolean       laid_out;
  PangoContext  *context;
  GPtrArray     *pages;        /* CfBlock */
  GPtrArray     *boxes;        /* GArray of CfTextBox, per page */
  char          *validation_url;
  GPtrArray     *warnings;     /* NULL-terminated strv */
  char          *title;
  char          *author;
  char          *subject;
};

static void cf_certificate_layout_renderable_init (CfRenderableInterface *iface);

G_DEFINE_TYPE_WITH_CODE (CfCertificateLayout, cf_certificate_layout, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (CF_TYPE_RENDERABLE, cf_certificate_layout_renderable_init))

/* The state while pages are being filled. */
typedef struct
{
  CfCertificateLayout *self;
  PangoContext        *pc;
  CfBlock             *page;     /* the page being filled (in self->pages) */
  double               y;        /* first free line on it */
  double               bottom;   /* where the footer starts */
} Build;

/* ------------------------------------------------------------------ */
/* Values from the document                                            */
/* ------------------------------------------------------------------ */

static char *
field (CfDec      *dec,
       CfDecField  f)
{
  return cf_layout_kit_normalize (cf_dec_get (dec, f));
}

/* The descriptive attribute, or the catalog's description of its code. */
static char *
described (CfDec      *dec,
           CfDecField  text_field,
           CfDecField  code_field,
           const char *catalog)
{
  char *text = field (dec, text_field);

  if (*text == '\0')
    {
      const char *code = cf_dec_get (dec, code_field);
      const char *description = code != NULL ? cf_catalog_lookup (catalog, code) : NULL;

      if (description != NULL)
        {
          g_free (text);
          text = cf_layout_kit_normalize (description);
        }
    }
  return text;
}

static char *
join_name (const char *name,
           const char *first,
           const char *second)
{
  g_autofree char *n = cf_layout_kit_normalize (name);
  g_autofree char *f = cf_layout_kit_normalize (first);
  g_autofree char *s = cf_layout_kit_normalize (second);
  GString *out = g_string_new (n);

  /* A missing second surname leaves no double space. */
  for (const char *part = f; part != NULL; part = (part == f ? s : NULL))
    if (*part != '\0')
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, part);
      }
  return g_string_free (out, FALSE);
}

/* The name set for the page (cf_certificate_layout_set_student_name()),
 * else the Dec's, in the capitals the XML keeps. */
static char *
student_name (CfCertificateLayout *self)
{
  CfDec *dec = self->dec;

  if (self->student_name != NULL)
    return g_strdup (self->student_name);
  return join_name (cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_NOMBRE),
                    cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO),
                    cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO));
}

static char *
date_text (CfDec      *dec,
           CfDecField  f)
{
  const char *raw = cf_dec_get (dec, f);
  GDate date;

  g_date_clear (&date, 1);
  if (raw == NULL)
    return g_strdup ("");
  if (cf_dec_parse_date (raw, &date))
    {
      g_autofree char *day = cf_layout_kit_format_date (&date);
      const char *t = strchr (raw, 'T');

      /* SEP stamps its dates with a time; ours are midnight. */
      if (t != NULL && strlen (t) >= 9 && strncmp (t + 1, "00:00:00", 8) != 0)
        return g_strdup_printf ("%s, %.8s", day, t + 1);
      return g_steal_pointer (&day);
    }
  return cf_layout_kit_normalize (raw);
}

static const char *
title_text (CfDec *dec)
{
  const char *kind = cf_dec_get (dec, CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION);
  g_autofree char *k = cf_layout_kit_normalize (kind);

  if (g_strcmp0 (k, CF_DEC_TIPO_CERTIFICACION_TOTAL) == 0)
    return es.title_total;
  if (g_strcmp0 (k, CF_DEC_TIPO_CERTIFICACION_PARCIAL) == 0)
    return es.title_partial;
  return es.title_other;
}

/* The certificate agrees with the student's sex: idGenero 250 is MUJER;
 * any other value keeps the masculine, as SEP's own forms do. */
static gboolean
is_female (CfDec *dec)
{
  g_autofree char *gender = field (dec, CF_DEC_FIELD_ALUMNO_ID_GENERO);

  return g_strcmp0 (gender, "250") == 0;
}

static const char *
observation_abbreviation (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (observation_abbreviations); i++)
    if (g_strcmp0 (code, observation_abbreviations[i].code) == 0)
      return observation_abbreviations[i].abbreviation;
  return code;
}

static const char *
type_abbreviation (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_abbreviations); i++)
    if (g_strcmp0 (code, type_abbreviations[i].code) == 0)
      return type_abbreviations[i].abbreviation;
  return code;
}

char *
cf_validation_url_build (const char *pattern,
                         const char *folio_digital,
                         const char *folio_control)
{
  g_autofree char *digital = cf_layout_kit_normalize (folio_digital);
  g_autofree char *control = cf_layout_kit_normalize (folio_control);
  GString *out;
  const char *p;

  g_return_val_if_fail (pattern != NULL, NULL);

  out = g_string_new (NULL);
  for (p = pattern; *p != '\0'; )
    {
      const char *value = NULL;
      gsize skip = 0;

      if (g_str_has_prefix (p, "{folioDigital}"))
        {
          /* Before SEP authenticates there is no folio digital yet. */
          value = *digital != '\0' ? digital : control;
          skip = strlen ("{folioDigital}");
        }
      else if (g_str_has_prefix (p, "{folioControl}"))
        {
          value = control;
          skip = strlen ("{folioControl}");
        }

      if (skip > 0)
        {
          if (*value == '\0')
            {
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append_uri_escaped (out, value, NULL, FALSE);
          p += skip;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

static void
add_warning (CfCertificateLayout *self,
             char                *message)
{
  g_ptr_array_insert (self->warnings, (int) self->warnings->len - 1, message);
}

/* A label above a value; returns the height. */
static double
add_field (CfBlock       *block,
           PangoContext  *pc,
           const char    *label,
           const char    *value,
           const CfStyle *label_style,
           const CfStyle *value_style,
           double         x,
           double         y,
           double         width)
{
  double h = cf_block_add_text (block, pc, label_style, label, x, y, width, 0.5);

  h += cf_block_add_text (block, pc, value_style, value, x, y + h, width, 0.5);
  return h;
}

static cairo_surface_t *
load_logo (CfCertificateLayout *self)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *logo;

  if (self->logo_path == NULL || *self->logo_path == '\0')
    return NULL;

  logo = cf_logo_load (self->logo_path, &error);
  if (logo == NULL)
    /* Translators: %s is a sentence saying why the logo could not be used
     * and what to do. */
    add_warning (self, g_strdup_printf (_("%s The document is drawn without the logo."), error->message));
  return logo;
}

static CfBlock *
build_first_header (Build *b)
{
  CfDec *dec = b->self->dec;
  CfBlock *block = cf_block_new ();
  g_autofree char *institution = field (dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION);
  g_autofree char *campus = field (dec, CF_DEC_FIELD_IPES_CAMPUS);
  g_autofree char *state = described (dec, CF_DEC_FIELD_IPES_ENTIDAD_FEDERATIVA,
                                      CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA,
                                      CF_CATALOG_ENTIDAD_FEDERATIVA);
  g_autofree char *institution_id = field (dec, CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION);
  g_autofree char *campus_id = field (dec, CF_DEC_FIELD_IPES_ID_CAMPUS);
  g_autofree char *rvoe = field (dec, CF_DEC_FIELD_RVOE_NUMERO);
  g_autofree char *rvoe_date = date_text (dec, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION);
  g_autofree char *folio = field (dec, CF_DEC_FIELD_FOLIO_CONTROL);
  g_autofree char *line = NULL;
  cairo_surface_t *logo;
  double side = 100, cx = MARGIN_X + side, cw = CONTENT_W - 2 * side;
  double y = 0, fy = 0, fx = PAGE_W - MARGIN_X - (side - 8), fw = side - 8, h;

  /* Left: the logo (its place stays empty without one). */
  logo = load_logo (b->self);
  if (logo != NULL)
    {
      cf_block_add_image (block, logo, MARGIN_X, 0, 72, 72);
      cairo_surface_destroy (logo);
    }

  /* Centre: who issues it. */
  if (*institution == '\0')
    {
      g_free (institution);
      institution = g_strdup (institution_id);
    }
  y += cf_block_add_text (block, b->pc, &style_institution, institution, cx, y, cw, 1);
  if (*campus != '\0' || *state != '\0')
    {
      /* Some institutions name their campuses "CAMPUS NORTE" already. */
      const char *prefix = g_str_has_prefix (campus, es.campus) ? "" : es.campus;
      const char *space = *prefix != '\0' ? " " : "";

      if (*campus != '\0' && *state != '\0')
        line = g_strdup_printf ("%s%s%s — %s", prefix, space, campus, state);
      else if (*campus != '\0')
        line = g_strdup_printf ("%s%s%s", prefix, space, campus);
      else
        line = g_strdup (state);
      y += cf_block_add_text (block, b->pc, &style_header_bold, line, cx, y, cw, 1);
      g_clear_pointer (&line, g_free);
    }
  line = g_strdup_printf ("%s %s · %s %s", es.institution_key, institution_id, es.campus_key, campus_id);
  y += cf_block_add_text (block, b->pc, &style_header_small, line, cx, y, cw, 1);
  g_clear_pointer (&line, g_free);
  if (*rvoe_date != '\0')
    line = g_strdup_printf ("%s %s %s %s", es.rvoe, rvoe, es.rvoe_date, rvoe_date);
  else
    line = g_strdup_printf ("%s %s", es.rvoe, rvoe);
  y += cf_block_add_text (block, b->pc, &style_header, line, cx, y, cw, 1);

  /* Right: the institution's folio, framed (SEP's folio digital, a long
   * UUID, goes with SEP's block where it fits on one line). */
  fy = 3;
  fy += add_field (block, b->pc, es.folio_control, folio, &style_label_center,
                   &style_value_center, fx + 3, fy, fw - 6);
  fy += 3;
  cf_block_add_stroke (block, fx, 0, fw, fy, 0.6, FALSE, 0.3, 0.3, 0.3);

  h = MAX (MAX (y, 72), fy) + GAP;
  cf_block_add_line (block, MARGIN_X, h, MARGIN_X + CONTENT_W, h, 1.2, 0.2);
  h += GAP;
  h += cf_block_add_text (block, b->pc, &style_title, title_text (dec), MARGIN_X, h, CONTENT_W, 2);
  cf_block_set_height (block, h + GAP / 2);
  return block;
}

static CfBlock *
build_identity (Build *b)
{
  CfDec *dec = b->self->dec;
  CfBlock *block = cf_block_new ();
  g_autofree char *level = described (dec, CF_DEC_FIELD_CARRERA_NIVEL_ESTUDIOS,
                                      CF_DEC_FIELD_CARRERA_ID_NIVEL_ESTUDIOS,
                                      CF_CATALOG_NIVEL_ESTUDIOS);
  g_autofree char *career = field (dec, CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA);
  g_autofree char *career_key = field (dec, CF_DEC_FIELD_CARRERA_CLAVE_CARRERA);
  g_autofree char *plan = field (dec, CF_DEC_FIELD_CARRERA_CLAVE_PLAN);
  g_autofree char *period = described (dec, CF_DEC_FIELD_CARRERA_TIPO_PERIODO,
                                       CF_DEC_FIELD_CARRERA_ID_TIPO_PERIODO,
                                       CF_CATALOG_TIPO_PERIODO);
  g_autofree char *name = student_name (b->self);
  g_autofree char *curp = field (dec, CF_DEC_FIELD_ALUMNO_CURP);
  g_autofree char *control = field (dec, CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL);
  g_autofree char *career_label = NULL;
  const double w1[4] = { 110, 222, 100, 100 };
  const double w2[3] = { 266, 133, 133 };
  const char *labels1[4], *values1[4], *labels2[3], *values2[3];
  double x, row, y = 0;

  career_label = *career_key != '\0'
    ? g_strdup_printf ("%s (%s %s)", es.career, es.career_key, career_key)
    : g_strdup (es.career);
  labels1[0] = es.level; values1[0] = level;
  labels1[1] = career_label; values1[1] = career;
  labels1[2] = es.plan; values1[2] = plan;
  labels1[3] = es.period; values1[3] = period;
  labels2[0] = is_female (dec) ? es.student_f : es.student; values2[0] = name;
  labels2[1] = es.curp; values2[1] = curp;
  labels2[2] = es.control_number; values2[2] = control;

  row = 0;
  x = MARGIN_X;
  for (guint i = 0; i < 4; i++)
    {
      row = fmax (row, add_field (block, b->pc, labels1[i], values1[i], &style_label,
                                 &style_value, x + 2, y, w1[i] - 6));
      x += w1[i];
    }
  y += row + 4;
  row = 0;
  x = MARGIN_X;
  for (guint i = 0; i < 3; i++)
    {
      row = fmax (row, add_field (block, b->pc, labels2[i], values2[i], &style_label,
                                 &style_value, x + 2, y, w2[i] - 6));
      x += w2[i];
    }
  y += row + 6;
  y += cf_block_add_text (block, b->pc, &style_body, is_female (dec) ? es.intro_f : es.intro,
                          MARGIN_X, y, CONTENT_W, 1);
  cf_block_set_height (block, y + 4);
  return block;
}

static CfBlock *
build_next_header (Build *b)
{
  CfDec *dec = b->self->dec;
  CfBlock *block = cf_block_new ();
  g_autofree char *institution = field (dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION);
  g_autofree char *name = student_name (b->self);
  g_autofree char *curp = field (dec, CF_DEC_FIELD_ALUMNO_CURP);
  g_autofree char *control = field (dec, CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL);
  g_autofree char *line1 = NULL, *line2 = NULL;
  double y = 0;

  line1 = g_strdup_printf ("%s — %s (%s)", institution, title_text (dec), es.continued);
  line2 = g_strdup_printf ("%s: %s · %s: %s · %s: %s", is_female (dec) ? es.student_f : es.student,
                           name, es.curp, curp,
                           es.control_number, control);
  y += cf_block_add_text (block, b->pc, &style_header_bold, line1, MARGIN_X, y, CONTENT_W, 1);
  y += cf_block_add_text (block, b->pc, &style_header_small, line2, MARGIN_X, y, CONTENT_W, 1);
  y += 4;
  cf_block_add_line (block, MARGIN_X, y, MARGIN_X + CONTENT_W, y, 1.2, 0.2);
  cf_block_set_height (block, y + GAP);
  return block;
}

static CfBlock *
build_table_header (Build *b)
{
  CfBlock *block = cf_block_new ();
  double x = MARGIN_X, h = 0;

  for (guint i = 0; i < 8; i++)
    {
      h = fmax (h, cf_block_add_text (block, b->pc, &style_th, es.columns[i],
                                     x + CELL_PAD_X, 0, column_widths[i] - 2 * CELL_PAD_X,
                                     CELL_PAD_Y + 1));
      x += column_widths[i];
    }
  cf_block_set_last_boxes_height (block, 8, h);
  cf_block_add_background (block, MARGIN_X, 0, CONTENT_W, h, 0.88, 0.88, 0.88);
  cf_block_add_line (block, MARGIN_X, h, MARGIN_X + CONTENT_W, h, 0.8, 0.2);
  cf_block_set_height (block, h);
  return block;
}

static CfBlock *
build_row (Build        *b,
           CfAsignatura *subject,
           guint         index)
{
  CfBlock *block = cf_block_new ();
  g_autofree char *key = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA));
  g_autofree char *name = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_NOMBRE));
  g_autofree char *cycle = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_CICLO));
  g_autofree char *grade = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_CALIFICACION));
  g_autofree char *obs = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES));
  g_autofree char *type = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA));
  g_autofree char *credits = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_CREDITOS));
  g_autofree char *words = cf_number_words_grade_text (grade);
  const char *values[8];
  double x = MARGIN_X, h = 0;

  if (*key == '\0')
    {
      g_free (key);
      key = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_ID_ASIGNATURA));
    }
  values[0] = key;
  values[1] = name;
  values[2] = cycle;
  values[3] = grade;
  values[4] = words != NULL ? words : "";
  values[5] = observation_abbreviation (obs);
  values[6] = type_abbreviation (type);
  values[7] = credits;

  for (guint i = 0; i < 8; i++)
    {
      CfStyle style = cell_style (i);

      h = fmax (h, cf_block_add_text (block, b->pc, &style, values[i], x + CELL_PAD_X, 0,
                                     column_widths[i] - 2 * CELL_PAD_X, CELL_PAD_Y));
      x += column_widths[i];
    }
  cf_block_set_last_boxes_height (block, 8, h);
  if (index % 2 == 1)
    cf_block_add_background (block, MARGIN_X, 0, CONTENT_W, h, 0.95, 0.95, 0.95);
  cf_block_set_height (block, h);
  return block;
}

static CfBlock *
build_totals (Build *b)
{
  CfDec *dec = b->self->dec;
  CfBlock *block = cf_block_new ();
  g_autofree char *total = field (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL);
  g_autofree char *passed = field (dec, CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS);
  g_autofree char *credits = field (dec, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS);
  g_autofree char *credits_total = field (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS);
  g_autofree char *average = field (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO);
  g_autofree char *cycles = field (dec, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS);
  g_autofree char *average_words = cf_number_words_grade_text (average);
  g_autofree char *subjects_value = g_strdup_printf ("%s %s %s", passed, es.of, total);
  g_autofree char *credits_value = g_strdup_printf ("%s %s %s", credits, es.of, credits_total);
  const double widths[4] = { 110, 140, 202, 80 };
  double x = MARGIN_X, h = 0, cell;

  for (guint i = 0; i < 4; i++)
    {
      double w = widths[i] - 8;

      switch (i)
        {
        case 0:
          cell = add_field (block, b->pc, es.subjects, subjects_value, &style_label_center,
                            &style_value_center, x + 4, 4, w);
          break;
        case 1:
          cell = add_field (block, b->pc, es.credits, credits_value, &style_label_center,
                            &style_value_center, x + 4, 4, w);
          break;
        case 2:
          cell = add_field (block, b->pc, es.average, average, &style_label_center,
                            &style_value_center, x + 4, 4, w);
          if (average_words != NULL)
            cell += cf_block_add_text (block, b->pc, &style_words_center, average_words,
                                       x + 4, 4 + cell, w, 0.5);
          break;
        default:
          cell = add_field (block, b->pc, es.cycles, cycles, &style_label_center,
                            &style_value_center, x + 4, 4, w);
          break;
        }
      h = MAX (h, cell);
      x += widths[i];
    }
  h += 8;
  cf_block_add_stroke (block, MARGIN_X, 0, CONTENT_W, h, 0.8, FALSE, 0.2, 0.2, 0.2);
  x = MARGIN_X;
  for (guint i = 0; i < 3; i++)
    {
      x += widths[i];
      cf_block_add_line (block, x, 0, x, h, 0.5, 0.5);
    }
  cf_block_set_height (block, h);
  return block;
}

/* What the abbreviations used on this certificate mean; NULL when none. */
static CfBlock *
build_legends (Build *b)
{
  CfDec *dec = b->self->dec;
  g_autoptr(GString) observations = g_string_new (NULL);
  g_autoptr(GString) types = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CfBlock *block;
  guint n = cf_dec_get_n_asignaturas (dec);
  double y = 0;

  for (guint i = 0; i < n; i++)
    {
      CfAsignatura *subject = cf_dec_get_asignatura (dec, i);
      g_autofree char *obs = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES));
      g_autofree char *type = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA));
      const char *abbreviation;

      abbreviation = observation_abbreviation (obs);
      if (*abbreviation != '\0' && !g_hash_table_contains (seen, abbreviation))
        {
          g_autofree char *description = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_OBSERVACIONES));

          if (*description == '\0')
            {
              g_free (description);
              description = cf_layout_kit_normalize (cf_catalog_lookup (CF_CATALOG_OBSERVACIONES, obs));
            }
          g_hash_table_add (seen, g_strdup (abbreviation));
          g_string_append_printf (observations, "%s%s: %s", observations->len > 0 ? "; " : "",
                                  abbreviation, description);
        }

      abbreviation = type_abbreviation (type);
      if (*abbreviation != '\0' && !g_hash_table_contains (seen, abbreviation))
        {
          g_autofree char *description = cf_layout_kit_normalize (cf_asignatura_get (subject, CF_ASIGNATURA_FIELD_TIPO_ASIGNATURA));

          if (*description == '\0')
            {
              g_free (description);
              description = cf_layout_kit_normalize (cf_catalog_lookup (CF_CATALOG_TIPO_ASIGNATURA, type));
            }
          g_hash_table_add (seen, g_strdup (abbreviation));
          g_string_append_printf (types, "%s%s: %s", types->len > 0 ? "; " : "",
                                  abbreviation, description);
        }
    }

  if (observations->len == 0 && types->len == 0)
    return NULL;

  block = cf_block_new ();
  if (observations->len > 0)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s.", es.observations, observations->str);
      y += cf_block_add_text (block, b->pc, &style_small, text, MARGIN_X, y, CONTENT_W, 0.5);
    }
  if (types->len > 0)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s.", es.subject_types, types->str);
      y += cf_block_add_text (block, b->pc, &style_small, text, MARGIN_X, y, CONTENT_W, 0.5);
    }
  cf_block_set_height (block, y);
  return block;
}

static CfBlock *
build_issue (Build *b)
{
  CfDec *dec = b->self->dec;
  CfBlock *block = cf_block_new ();
  g_autofree char *place = described (dec, CF_DEC_FIELD_EXPEDICION_LUGAR_EXPEDICION,
                                      CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION,
                                      CF_CATALOG_ENTIDAD_FEDERATIVA);
  g_autofree char *date = date_text (dec, CF_DEC_FIELD_EXPEDICION_FECHA);
  g_autofree char *text = g_strdup_printf ("%s %s, %s %s.", es.issued, place, es.issued_on, date);

  cf_block_set_height (block, cf_block_add_text (block, b->pc, &style_body, text,
                                                 MARGIN_X, 0, CONTENT_W, 1));
  return block;
}

static void
add_qr_placeholder (CfBlock      *block,
                    PangoContext *pc,
                    const char   *text,
                    double        x,
                    double        y)
{
  double th;
  CfBlock *label = cf_block_new ();

  /* Hatched and framed in red, with no modules at all: nothing a phone
   * could read as a code. */
  cf_block_add_hatch (block, x, y, QR_SIZE, QR_SIZE, 0.75, 0.05, 0.05);
  cf_block_add_stroke (block, x, y, QR_SIZE, QR_SIZE, 1, TRUE, 0.75, 0.05, 0.05);
  th = cf_block_add_text (label, pc, &style_qr_placeholder, text, x + 8, 0, QR_SIZE - 16, 2);
  cf_block_add_fill (block, x + 6, y + (QR_SIZE - th) / 2, QR_SIZE - 12, th, 1, 1, 1, 0.92);
  cf_block_move_into (block, label, y + (QR_SIZE - th) / 2);
  cf_block_free (label);
}

static CfBlock *
build_signer (Build *b)
{
  CfCertificateLayout *self = b->self;
  CfDec *dec = self->dec;
  CfBlock *block = cf_block_new ();
  g_autofree char *name = join_name (cf_dec_get (dec, CF_DEC_FIELD_RESPONSABLE_NOMBRE),
                                     cf_dec_get (dec, CF_DEC_FIELD_RESPONSABLE_PRIMER_APELLIDO),
                                     cf_dec_get (dec, CF_DEC_FIELD_RESPONSABLE_SEGUNDO_APELLIDO));
  g_autofree char *position = described (dec, CF_DEC_FIELD_RESPONSABLE_CARGO,
                                         CF_DEC_FIELD_RESPONSABLE_ID_CARGO, CF_CATALOG_CARGO);
  g_autofree char *certificate = field (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE);
  g_autofree char *seal = field (dec, CF_DEC_FIELD_SELLO);
  g_autofree char *line = NULL;
  double lw = CONTENT_W - QR_SIZE - 20, rx = MARGIN_X + CONTENT_W - QR_SIZE, y = 0, ry;

  /* Left column: who signs, and the seal. */
  y += add_field (block, b->pc, es.signer, name, &style_label, &style_value, MARGIN_X, y, lw);
  y += cf_block_add_text (block, b->pc, &style_value_small, position, MARGIN_X, y, lw, 0.5);
  if (*certificate != '\0')
    {
      line = g_strdup_printf ("%s %s", es.signer_certificate, certificate);
      y += cf_block_add_text (block, b->pc, &style_value_small, line, MARGIN_X, y, lw, 0.5);
    }
  y += 4;
  y += cf_block_add_text (block, b->pc, &style_label, es.seal, MARGIN_X, y, lw, 0.5);
  if (cf_dec_is_sealed (dec))
    y += cf_block_add_text (block, b->pc, &style_seal, seal, MARGIN_X, y, lw, 0.5);
  else
    y += cf_block_add_text (block, b->pc, &style_no_seal, es.no_seal, MARGIN_X, y, lw, 0.5);

  /* Right column: the QR code, or its placeholder. */
  if (!cf_dec_is_sealed (dec))
    add_qr_placeholder (block, b->pc, es.qr_preview, rx, 0);
  else
    {
      g_autoptr(GError) error = NULL;

      if (self->validation_url == NULL ||
          !cf_block_add_qr (block, self->validation_url, rx, 0, QR_SIZE, &error))
        {
          if (error != NULL)
            add_warning (self, g_strdup_printf (_("The QR code was left out: %s"), error->message));
          else
            add_warning (self, g_strdup (_("The QR code was left out: the certificate has no folio for its validation address")));
          g_clear_pointer (&self->validation_url, g_free);
          add_qr_placeholder (block, b->pc, es.qr_missing, rx, 0);
        }
    }
  ry = QR_SIZE + 2;
  if (self->validation_url != NULL)
    {
      ry += cf_block_add_text (block, b->pc, &style_url, es.verify, rx, ry, QR_SIZE, 0.5);
      ry += cf_block_add_text (block, b->pc, &style_url, self->validation_url, rx, ry, QR_SIZE, 0.5);
    }

  cf_block_set_height (block, MAX (y, ry));
  return block;
}

/* SEP's authentication, when the document came back from the MEC. */
static CfBlock *
build_sep (Build *b)
{
  CfDec *dec = b->self->dec;
  CfBlock *block;
  g_autofree char *folio = NULL, *sep_date = NULL, *dreoe_date = NULL, *sep_cert = NULL;
  g_autofree char *dreoe_name = NULL, *dreoe_cert = NULL, *dreoe_seal = NULL, *sep_seal = NULL;
  const double widths[4] = { 230, 110, 110, 82 };
  const char *labels[4], *values[4];
  double x = MARGIN_X, y = 0, row = 0;

  if (!cf_dec_has_sep_ipes (dec) && !cf_dec_has_dreoe (dec))
    return NULL;

  folio = field (dec, CF_DEC_FIELD_SEP_IPES_FOLIO_DIGITAL);
  sep_date = date_text (dec, CF_DEC_FIELD_SEP_IPES_FECHA_SEP_IPES);
  dreoe_date = date_text (dec, CF_DEC_FIELD_DREOE_FECHA_DREOE);
  sep_cert = field (dec, CF_DEC_FIELD_SEP_IPES_NO_CERTIFICADO_SEP_IPES);
  dreoe_name = field (dec, CF_DEC_FIELD_DREOE_NOMBRE_COMPLETO);
  dreoe_cert = field (dec, CF_DEC_FIELD_DREOE_NO_CERTIFICADO_DREOE);
  dreoe_seal = field (dec, CF_DEC_FIELD_DREOE_SELLO_DREOE);
  sep_seal = field (dec, CF_DEC_FIELD_SEP_IPES_SELLO_SEP_IPES);

  block = cf_block_new ();
  cf_block_add_line (block, MARGIN_X, 0, MARGIN_X + CONTENT_W, 0, 0.8, 0.3);
  y = 3;
  y += cf_block_add_text (block, b->pc, &style_header_bold, es.sep_title, MARGIN_X, y, CONTENT_W, 1);

  labels[0] = es.folio_digital; values[0] = folio;
  labels[1] = es.sep_date; values[1] = sep_date;
  labels[2] = es.dreoe_date; values[2] = dreoe_date;
  labels[3] = es.sep_certificate; values[3] = sep_cert;
  for (guint i = 0; i < 4; i++)
    {
      row = fmax (row, add_field (block, b->pc, labels[i], values[i], &style_label,
                                 i == 0 ? &style_value : &style_value_small, x, y, widths[i] - 6));
      x += widths[i];
    }
  y += row + 2;

  if (*dreoe_name != '\0' || *dreoe_cert != '\0')
    {
      g_autofree char *line = g_strdup_printf ("%s %s · %s %s", es.dreoe_signer, dreoe_name,
                                               es.dreoe_certificate, dreoe_cert);
      y += cf_block_add_text (block, b->pc, &style_value_small, line, MARGIN_X, y, CONTENT_W, 0.5);
    }
  if (*dreoe_seal != '\0')
    {
      y += cf_block_add_text (block, b->pc, &style_label, es.dreoe_seal, MARGIN_X, y, CONTENT_W, 0.5);
      y += cf_block_add_text (block, b->pc, &style_seal, dreoe_seal, MARGIN_X, y, CONTENT_W, 0.5);
    }
  if (*sep_seal != '\0')
    {
      y += cf_block_add_text (block, b->pc, &style_label, es.sep_seal, MARGIN_X, y, CONTENT_W, 0.5);
      y += cf_block_add_text (block, b->pc, &style_seal, sep_seal, MARGIN_X, y, CONTENT_W, 0.5);
    }
  cf_block_set_height (block, y);
  return block;
}

static CfBlock *
build_footer (Build *b,
              guint  page,
              guint  n_pages)
{
  CfBlock *block = cf_block_new ();
  g_autofree char *number = g_strdup_printf (ES_PAGE, page, n_pages);
  double y = 3, numbers_w = 80, h;

  cf_block_add_line (block, MARGIN_X, 0, MARGIN_X + CONTENT_W, 0, 0.6, 0.4);
  if (b->self->draft)
    y += cf_block_add_text (block, b->pc, &style_warning, es.draft_banner, MARGIN_X, y,
                            CONTENT_W - numbers_w, 0.5);
  if (!cf_dec_is_sealed (b->self->dec))
    y += cf_block_add_text (block, b->pc, &style_warning, es.preview_banner, MARGIN_X, y,
                            CONTENT_W - numbers_w, 0.5);
  y += cf_block_add_text (block, b->pc, &style_footer, es.legend, MARGIN_X, y,
                          CONTENT_W - numbers_w - 10, 0.5);
  h = cf_block_add_text (block, b->pc, &style_page_number, number,
                         MARGIN_X + CONTENT_W - numbers_w, 3, numbers_w, 0.5);
  cf_block_set_height (block, MAX (y, h + 3));
  return block;
}

/* ------------------------------------------------------------------ */
/* Pages                                                               */
/* ------------------------------------------------------------------ */

static void
place (Build   *b,
       CfBlock *block,
       double   gap)
{
  if (block == NULL)
    return;
  cf_block_move_into (b->page, block, b->y + gap);
  b->y += gap + cf_block_get_height (block);
  cf_block_free (block);
}

static gboolean
fits (Build   *b,
      CfBlock *block,
      double   gap)
{
  return b->y + gap + cf_block_get_height (block) <= b->bottom;
}

static void
start_page (Build    *b,
            gboolean  table)
{
  b->page = cf_block_new ();
  g_ptr_array_add (b->self->pages, b->page);
  b->y = MARGIN_TOP;
  place (b, build_next_header (b), 0);
  if (table)
    place (b, build_table_header (b), 0);
}

static void
end_table (Build *b)
{
  CfBlock *rule = cf_block_new ();

  cf_block_add_line (rule, MARGIN_X, 0, MARGIN_X + CONTENT_W, 0, 0.8, 0.2);
  place (b, rule, 0);
}

/* A block that belongs after the table: on this page when it fits, else
 * at the top of a new one. */
static void
place_after (Build   *b,
             CfBlock *block,
             double   gap)
{
  if (block == NULL)
    return;
  if (!fits (b, block, gap))
    {
      start_page (b, FALSE);
      gap = 0;
    }
  place (b, block, gap);
}

static void
lay_out (CfCertificateLayout *self)
{
  Build b = { self, NULL, NULL, 0, 0 };
  CfBlock *block;
  guint n_subjects, n_pages;
  double footer_h;

  if (self->laid_out)
    return;
  self->laid_out = TRUE;

  self->context = cf_layout_kit_create_context ();
  b.pc = self->context;

  if (cf_dec_is_sealed (self->dec))
    self->validation_url = cf_validation_url_build (self->url_pattern,
                                                    cf_dec_get (self->dec, CF_DEC_FIELD_SEP_IPES_FOLIO_DIGITAL),
                                                    cf_dec_get (self->dec, CF_DEC_FIELD_FOLIO_CONTROL));

  /* Every footer is as tall as the tallest page number makes it. */
  block = build_footer (&b, 999, 999);
  footer_h = cf_block_get_height (block);
  cf_block_free (block);
  b.bottom = PAGE_H - MARGIN_BOTTOM - footer_h - GAP;

  /* First page: header, identity, then the table. */
  b.page = cf_block_new ();
  g_ptr_array_add (self->pages, b.page);
  b.y = MARGIN_TOP;
  place (&b, build_first_header (&b), 0);
  place (&b, build_identity (&b), 0);
  place (&b, build_table_header (&b), 0);

  n_subjects = cf_dec_get_n_asignaturas (self->dec);
  if (n_subjects == 0)
    {
      CfBlock *empty = cf_block_new ();
      CfStyle style = cell_style (1);

      cf_block_set_height (empty, cf_block_add_text (empty, b.pc, &style, es.no_subjects,
                                                     MARGIN_X + CELL_PAD_X, 0,
                                                     CONTENT_W - 2 * CELL_PAD_X, CELL_PAD_Y));
      place (&b, empty, 0);
    }
  for (guint i = 0; i < n_subjects; i++)
    {
      /* A row never splits: it goes whole to the next page, under the
       * repeated header. */
      block = build_row (&b, cf_dec_get_asignatura (self->dec, i), i);
      if (!fits (&b, block, 0))
        {
          end_table (&b);
          start_page (&b, TRUE);
        }
      place (&b, block, 0);
    }
  end_table (&b);

  place_after (&b, build_totals (&b), GAP);
  place_after (&b, build_legends (&b), 4);
  place_after (&b, build_issue (&b), GAP);
  place_after (&b, build_signer (&b), GAP);
  place_after (&b, build_sep (&b), GAP);

  /* Now the number of pages is known: footers, and the preview mark on top
   * of everything. */
  n_pages = self->pages->len;
  for (guint i = 0; i < n_pages; i++)
    {
      CfBlock *page = g_ptr_array_index (self->pages, i);

      block = build_footer (&b, i + 1, n_pages);
      cf_block_move_into (page, block, PAGE_H - MARGIN_BOTTOM - footer_h);
      cf_block_free (block);
      if (self->draft)
        cf_block_add_watermark (page, b.pc, cf_dec_is_sealed (self->dec) ? es.draft_watermark
                                                                         : es.draft_preview_watermark,
                                PAGE_W, PAGE_H, 60);
      else if (!cf_dec_is_sealed (self->dec))
        cf_block_add_watermark (page, b.pc, es.watermark, PAGE_W, PAGE_H, 60);
    }

  /* Document information for the PDF. */
  {
    g_autofree char *name = student_name (self);
    g_autofree char *folio = field (self->dec, CF_DEC_FIELD_FOLIO_CONTROL);

    self->title = *folio != '\0'
      ? g_strdup_printf ("%s — %s", title_text (self->dec), folio)
      : g_strdup (title_text (self->dec));
    self->author = field (self->dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION);
    self->subject = g_strdup_printf ("%s: %s", es.subject_metadata, name);
  }
}

static void
clear_layout (CfCertificateLayout *self)
{
  self->laid_out = FALSE;
  g_ptr_array_set_size (self->pages, 0);
  g_ptr_array_set_size (self->boxes, 0);
  g_ptr_array_set_size (self->warnings, 0);
  g_ptr_array_add (self->warnings, NULL);
  g_clear_pointer (&self->validation_url, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_object (&self->context);
}

/* ------------------------------------------------------------------ */
/* CfRenderable                                                        */
/* ------------------------------------------------------------------ */

static guint
cf_certificate_layout_get_n_pages (CfRenderable *renderable)
{
  CfCertificateLayout *self = CF_CERTIFICATE_LAYOUT (renderable);

  lay_out (self);
  return self->pages->len;
}

static void
cf_certificate_layout_draw_page (CfRenderable *renderable,
                                 guint         page,
                                 cairo_t      *cr)
{
  CfCertificateLayout *self = CF_CERTIFICATE_LAYOUT (renderable);

  lay_out (self);
  g_return_if_fail (page < self->pages->len);
  cf_block_draw (g_ptr_array_index (self->pages, page), cr);
}

static const char *
cf_certificate_layout_get_metadata (CfRenderable     *renderable,
                                    CfRenderMetadata  which)
{
  CfCertificateLayout *self = CF_CERTIFICATE_LAYOUT (renderable);

  lay_out (self);
  switch (which)
    {
    case CF_RENDER_METADATA_TITLE:
      return self->title;
    case CF_RENDER_METADATA_AUTHOR:
      return self->author;
    case CF_RENDER_METADATA_SUBJECT:
      return self->subject;
    default:
      return NULL;
    }
}

static GArray *
cf_certificate_layout_get_text_boxes (CfRenderable *renderable,
                                      guint         page)
{
  CfCertificateLayout *self = CF_CERTIFICATE_LAYOUT (renderable);

  lay_out (self);
  /* Only tests ask: worked out on demand, not for every PDF. */
  if (self->boxes->len == 0)
    for (guint i = 0; i < self->pages->len; i++)
      g_ptr_array_add (self->boxes, cf_block_collect_text_boxes (g_ptr_array_index (self->pages, i)));
  return page < self->boxes->len ? g_ptr_array_index (self->boxes, page) : NULL;
}

static void
cf_certificate_layout_renderable_init (CfRenderableInterface *iface)
{
  iface->get_n_pages = cf_certificate_layout_get_n_pages;
  iface->draw_page = cf_certificate_layout_draw_page;
  iface->get_metadata = cf_certificate_layout_get_metadata;
  iface->get_text_boxes = cf_certificate_layout_get_text_boxes;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
cf_certificate_layout_finalize (GObject *object)
{
  CfCertificateLayout *self = CF_CERTIFICATE_LAYOUT (object);

  clear_layout (self);
  g_ptr_array_unref (self->pages);
  g_ptr_array_unref (self->boxes);
  g_ptr_array_unref (self->warnings);
  g_clear_object (&self->dec);
  g_free (self->logo_path);
  g_free (self->url_pattern);
  g_free (self->student_name);

  G_OBJECT_CLASS (cf_certificate_layout_parent_class)->finalize (object);
}

static void
cf_certificate_layout_class_init (CfCertificateLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_certificate_layout_finalize;
}

static void
cf_certificate_layout_init (CfCertificateLayout *self)
{
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_block_free);
  self->boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
  self->url_pattern = g_strdup (CF_VALIDATION_URL_PATTERN_DEFAULT);
}

CfCertificateLayout *
cf_certificate_layout_new (CfDec *dec)
{
  CfCertificateLayout *self;

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);

  self = g_object_new (CF_TYPE_CERTIFICATE_LAYOUT, NULL);
  self->dec = cf_dec_copy (dec);
  return self;
}

void
cf_certificate_layout_set_logo_path (CfCertificateLayout *self,
                                     const char          *path)
{
  g_return_if_fail (CF_IS_CERTIFICATE_LAYOUT (self));

  if (g_strcmp0 (self->logo_path, path) == 0)
    return;
  g_free (self->logo_path);
  self->logo_path = g_strdup (path);
  clear_layout (self);
}

void
cf_certificate_layout_set_url_pattern (CfCertificateLayout *self,
                                       const char          *pattern)
{
  g_return_if_fail (CF_IS_CERTIFICATE_LAYOUT (self));

  if (pattern == NULL || *pattern == '\0')
    pattern = CF_VALIDATION_URL_PATTERN_DEFAULT;
  if (g_strcmp0 (self->url_pattern, pattern) == 0)
    return;
  g_free (self->url_pattern);
  self->url_pattern = g_strdup (pattern);
  clear_layout (self);
}

void
cf_certificate_layout_set_draft (CfCertificateLayout *self,
                                 gboolean             draft)
{
  g_return_if_fail (CF_IS_CERTIFICATE_LAYOUT (self));

  if (self->draft == !!draft)
    return;
  self->draft = !!draft;
  clear_layout (self);
}

void
cf_certificate_layout_set_student_name (CfCertificateLayout *self,
                                        const char          *display_name)
{
  g_autofree char *name = NULL;

  g_return_if_fail (CF_IS_CERTIFICATE_LAYOUT (self));

  if (display_name != NULL)
    {
      name = g_strstrip (g_strdup (display_name));
      if (*name == '\0')
        g_clear_pointer (&name, g_free);
    }
  if (g_strcmp0 (self->student_name, name) == 0)
    return;
  g_free (self->student_name);
  self->student_name = g_steal_pointer (&name);
  clear_layout (self);
}

gboolean
cf_certificate_layout_get_draft (CfCertificateLayout *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE_LAYOUT (self), FALSE);

  return self->draft;
}

gboolean
cf_certificate_layout_is_preview (CfCertificateLayout *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE_LAYOUT (self), TRUE);

  return !cf_dec_is_sealed (self->dec);
}

const char *
cf_certificate_layout_get_validation_url (CfCertificateLayout *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE_LAYOUT (self), NULL);

  lay_out (self);
  return self->validation_url;
}

const char * const *
cf_certificate_layout_get_warnings (CfCertificateLayout *self)
{
  g_return_val_if_fail (CF_IS_CERTIFICATE_LAYOUT (self), NULL);

  lay_out (self);
  return (const char * const *) self->warnings->pdata;
}
