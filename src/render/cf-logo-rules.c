/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-logo-rules.c: the logo's rules (data/logo/reglas-logo.ini), checked on
 * a file and met by a copy. gdk-pixbuf decodes (SVG through librsvg's
 * loader); the colour mode is read from the file's own header, because
 * gdk-pixbuf hands a CMYK JPEG over already converted. */
#define G_LOG_DOMAIN "certifica-render"

#include "config.h"

#include "cf-logo-rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cf-atomic-file.h"
#include "cf-logo.h"

#define RULES_RESOURCE "/io/github/certifica/core/logo/reglas-logo.ini"
#define GROUP "logo"

struct _CfLogoRules
{
  char   **formats;
  int      min_pixels, max_pixels, fix_pixels;
  double   min_aspect, max_aspect;
  int      max_kilobytes;
  char    *color_mode;
  gboolean transparency;
  guint8   background[3];
  int      tolerance;
  int      min_dpi;
  char    *source;    /* where the numbers come from, and when */
  char    *date;
};

char *
cf_logo_rules_dup_user_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "certifica", "reglas-logo.ini", NULL);
}

void
cf_logo_rules_free (CfLogoRules *rules)
{
  if (rules == NULL)
    return;
  g_strfreev (rules->formats);
  g_free (rules->color_mode);
  g_free (rules->source);
  g_free (rules->date);
  g_free (rules);
}

void
cf_logo_check_free (CfLogoCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->measured);
  g_free (check->expected);
  g_free (check);
}

static gboolean
parse_colour (const char *text,
              guint8      rgb[3])
{
  guint value;

  if (text == NULL || text[0] != '#' || strlen (text) != 7)
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  value = (guint) g_ascii_strtoull (text + 1, NULL, 16);
  rgb[0] = (value >> 16) & 0xff;
  rgb[1] = (value >> 8) & 0xff;
  rgb[2] = value & 0xff;
  return TRUE;
}

/* Takes each key @file has, leaving the others as they are. */
static gboolean
apply_file (CfLogoRules *rules,
            GKeyFile    *file,
            const char  *source,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

#define INT_KEY(key, field) \
  if (g_key_file_has_key (file, GROUP, key, NULL)) \
    { \
      rules->field = g_key_file_get_integer (file, GROUP, key, &local_error); \
      if (local_error != NULL) \
        goto bad; \
    }
#define DOUBLE_KEY(key, field) \
  if (g_key_file_has_key (file, GROUP, key, NULL)) \
    { \
      rules->field = g_key_file_get_double (file, GROUP, key, &local_error); \
      if (local_error != NULL) \
        goto bad; \
    }

  if (g_key_file_has_key (file, GROUP, "formats", NULL))
    {
      g_strfreev (rules->formats);
      rules->formats = g_key_file_get_string_list (file, GROUP, "formats", NULL, &local_error);
      if (local_error != NULL)
        goto bad;
    }
  INT_KEY ("min-pixels", min_pixels);
  INT_KEY ("max-pixels", max_pixels);
  INT_KEY ("fix-pixels", fix_pixels);
  DOUBLE_KEY ("min-aspect", min_aspect);
  DOUBLE_KEY ("max-aspect", max_aspect);
  INT_KEY ("max-kilobytes", max_kilobytes);
  INT_KEY ("background-tolerance", tolerance);
  INT_KEY ("min-dpi", min_dpi);
  if (g_key_file_has_key (file, GROUP, "source", NULL))
    {
      g_free (rules->source);
      rules->source = g_key_file_get_string (file, GROUP, "source", NULL);
    }
  if (g_key_file_has_key (file, GROUP, "date", NULL))
    {
      g_free (rules->date);
      rules->date = g_key_file_get_string (file, GROUP, "date", NULL);
    }
  if (g_key_file_has_key (file, GROUP, "color-mode", NULL))
    {
      g_free (rules->color_mode);
      rules->color_mode = g_key_file_get_string (file, GROUP, "color-mode", NULL);
    }
  if (g_key_file_has_key (file, GROUP, "transparency", NULL))
    {
      rules->transparency = g_key_file_get_boolean (file, GROUP, "transparency", &local_error);
      if (local_error != NULL)
        goto bad;
    }
  if (g_key_file_has_key (file, GROUP, "background", NULL))
    {
      g_autofree char *text = g_key_file_get_string (file, GROUP, "background", NULL);

      if (!parse_colour (text, rules->background))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("%s: the background must be a colour such as #FFFFFF."), source);
          return FALSE;
        }
    }
  if (rules->min_pixels < 1 || rules->max_pixels < rules->min_pixels || rules->min_aspect <= 0 ||
      rules->max_aspect < rules->min_aspect || rules->max_kilobytes < 1 || rules->fix_pixels < 1)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: the logo’s rules contradict each other (a minimum above its maximum)."), source);
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s: %s", source, local_error->message);
  return FALSE;
#undef INT_KEY
#undef DOUBLE_KEY
}

static CfLogoRules *
rules_new (void)
{
  CfLogoRules *rules = g_new0 (CfLogoRules, 1);
  const char *formats[] = { "png", "jpeg", NULL };

  /* The bundled file's values, should it be missing. */
  rules->formats = g_strdupv ((char **) formats);
  rules->min_pixels = 300;
  rules->max_pixels = 2000;
  rules->fix_pixels = 600;
  rules->min_aspect = 0.5;
  rules->max_aspect = 2.0;
  rules->max_kilobytes = 1024;
  rules->color_mode = g_strdup ("rgb");
  rules->background[0] = rules->background[1] = rules->background[2] = 0xff;
  rules->tolerance = 16;
  rules->min_dpi = 72;
  return rules;
}

static gboolean
apply_text (CfLogoRules *rules,
            const char  *text,
            gsize        length,
            const char  *source,
            GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_data (file, text, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE, "%s: %s", source, local_error->message);
      return FALSE;
    }
  return apply_file (rules, file, source, error);
}

CfLogoRules *
cf_logo_rules_new_from_data (const char  *text,
                             GError     **error)
{
  g_autoptr(CfLogoRules) rules = rules_new ();

  if (!apply_text (rules, text, strlen (text), "reglas-logo.ini", error))
    return NULL;
  return g_steal_pointer (&rules);
}

CfLogoRules *
cf_logo_rules_new_default (GError **error)
{
  g_autoptr(CfLogoRules) rules = rules_new ();
  g_autoptr(GBytes) bundled = g_resources_lookup_data (RULES_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *user_file = cf_logo_rules_dup_user_file ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (bundled != NULL &&
      !apply_text (rules, g_bytes_get_data (bundled, NULL), g_bytes_get_size (bundled), RULES_RESOURCE, error))
    return NULL;
  if (g_file_get_contents (user_file, &contents, &length, NULL) &&
      !apply_text (rules, contents, length, user_file, error))
    return NULL;
  return g_steal_pointer (&rules);
}

/* ---- Reading an image ---- */

typedef struct
{
  int  width, height;     /* as the file says, before any scaling */
  int  want_longest;      /* 0: as it is */
  gboolean too_large;
} Sizes;

static void
on_size_prepared_cb (GdkPixbufLoader *loader,
                     int              width,
                     int              height,
                     gpointer         user_data)
{
  Sizes *sizes = user_data;
  double scale;

  sizes->width = width;
  sizes->height = height;
  if (width > CF_LOGO_MAX_SIDE || height > CF_LOGO_MAX_SIDE)
    {
      sizes->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if (sizes->want_longest <= 0 || width <= 0 || height <= 0)
    return;
  scale = (double) sizes->want_longest / MAX (width, height);
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) lround (width * scale)), MAX (1, (int) lround (height * scale)));
}

/* Decodes @bytes; @format receives gdk-pixbuf's name ("png", "svg"…). */
static GdkPixbuf *
decode (GBytes   *bytes,
        Sizes    *sizes,
        char    **format,
        GError  **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) local_error = NULL;
  GdkPixbufFormat *pixbuf_format;
  gboolean ok;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared_cb), sizes);
  ok = gdk_pixbuf_loader_write_bytes (loader, bytes, &local_error);
  ok = gdk_pixbuf_loader_close (loader, ok ? &local_error : NULL) && ok;
  pixbuf_format = gdk_pixbuf_loader_get_format (loader);
  if (format != NULL)
    *format = pixbuf_format != NULL ? gdk_pixbuf_format_get_name (pixbuf_format) : NULL;
  if (sizes->too_large)
    {
      g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_TOO_LARGE,
                   _("The image is %d × %d pixels, too large for a logo."), sizes->width, sizes->height);
      return NULL;
    }
  if (!ok || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      g_set_error (error, CF_LOGO_ERROR, CF_LOGO_ERROR_FORMAT, _("This file is not an image Certifica can open: %s"),
                   local_error != NULL ? local_error->message : _("unknown format"));
      return NULL;
    }
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* The colour mode from the file's header: "cmyk", "gray", "rgb", or NULL
 * when the header does not say (SVG: always RGB). */
static const char *
header_colour_mode (const guint8 *data,
                    gsize         length)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (length > 26 && memcmp (data, png_magic, 8) == 0 && memcmp (data + 12, "IHDR", 4) == 0)
    {
      guint8 type = data[25];

      return type == 0 || type == 4 ? "gray" : "rgb";
    }
  if (length > 4 && data[0] == 0xff && data[1] == 0xd8)
    {
      gsize i = 2;

      /* Markers up to the frame header, which gives the components. */
      while (i + 9 < length)
        {
          guint8 marker;
          gsize segment;

          if (data[i] != 0xff)
            return NULL;
          marker = data[i + 1];
          if (marker == 0xff)
            {
              i++;
              continue;
            }
          segment = ((gsize) data[i + 2] << 8) | data[i + 3];
          if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
            {
              guint8 components = data[i + 9];

              return components == 4 ? "cmyk" : components == 1 ? "gray" : "rgb";
            }
          i += 2 + segment;
        }
      return NULL;
    }
  return "rgb";
}

static const char *
colour_mode_words (const char *mode)
{
  if (g_strcmp0 (mode, "cmyk") == 0)
    return _("CMYK");
  if (g_strcmp0 (mode, "gray") == 0)
    return _("grayscale");
  if (g_strcmp0 (mode, "rgb") == 0)
    return _("RGB");
  return _("unknown");
}

static gboolean
has_transparency (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return FALSE;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixels[y * rowstride + x * 4 + 3] < 255)
        return TRUE;
  return FALSE;
}

static void
pixel_at (GdkPixbuf *pixbuf,
          int        x,
          int        y,
          guint8     rgba[4])
{
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * channels;

  rgba[0] = p[0];
  rgba[1] = p[1];
  rgba[2] = p[2];
  rgba[3] = channels == 4 ? p[3] : 255;
}

static void
add_check (GPtrArray  *checks,
           const char *rule,
           const char *title,
           gboolean    ok,
           char       *measured,
           char       *expected)
{
  CfLogoCheck *check = g_new0 (CfLogoCheck, 1);

  check->rule = rule;
  check->title = title;
  check->ok = ok;
  check->measured = measured;
  check->expected = expected;
  g_ptr_array_add (checks, check);
}

static gboolean
format_allowed (CfLogoRules *rules,
                const char  *format)
{
  return format != NULL && g_strv_contains ((const char * const *) rules->formats, format);
}

GPtrArray *
cf_logo_rules_check (CfLogoRules  *rules,
                     const char   *path,
                     GError      **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  g_return_val_if_fail (rules != NULL && path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  bytes = g_bytes_new_static (contents, length);
  return cf_logo_rules_check_bytes (rules, bytes);
}

GPtrArray *
cf_logo_rules_check_bytes (CfLogoRules *rules,
                           GBytes      *bytes)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_logo_check_free);
  g_autoptr(GError) decode_error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *format = NULL;
  g_autofree char *formats_words = NULL;
  gsize length = 0;
  const char *contents = g_bytes_get_data (bytes, &length);
  Sizes sizes = { 0 };
  const char *mode;
  const char *no_image = _("not an image");

  g_return_val_if_fail (rules != NULL && bytes != NULL, NULL);

  pixbuf = decode (bytes, &sizes, &format, &decode_error);
  formats_words = g_strjoinv (", ", rules->formats);

  /* format */
  add_check (checks, "format", _("Format"), pixbuf != NULL && format_allowed (rules, format),
             g_strdup (format != NULL ? format : no_image), g_strdup (formats_words));

  /* pixel size */
  if (pixbuf != NULL)
    {
      int shortest = MIN (sizes.width, sizes.height), longest = MAX (sizes.width, sizes.height);

      /* Translators: an image's size in pixels, width × height. */
      add_check (checks, "pixel-size", _("Size in pixels"),
                 shortest >= rules->min_pixels && longest <= rules->max_pixels,
                 g_strdup_printf (_("%d × %d px"), sizes.width, sizes.height),
                 /* Translators: the range of an image's sides in pixels. */
                 g_strdup_printf (_("each side %d to %d px"), rules->min_pixels, rules->max_pixels));
      {
        double aspect = (double) sizes.width / sizes.height;

        add_check (checks, "aspect-ratio", _("Aspect ratio (width / height)"),
                   aspect >= rules->min_aspect - 1e-9 && aspect <= rules->max_aspect + 1e-9,
                   g_strdup_printf ("%.2f", aspect),
                   /* Translators: a range of numbers, "0.50 to 2.00". */
                   g_strdup_printf (_("%.2f to %.2f"), rules->min_aspect, rules->max_aspect));
      }
    }
  else
    {
      g_autofree char *reason = g_strdup (decode_error != NULL ? decode_error->message : no_image);

      add_check (checks, "pixel-size", _("Size in pixels"), FALSE, g_strdup (no_image),
                 g_strdup_printf (_("each side %d to %d px"), rules->min_pixels, rules->max_pixels));
      add_check (checks, "aspect-ratio", _("Aspect ratio (width / height)"), FALSE, g_strdup (no_image),
                 g_strdup_printf (_("%.2f to %.2f"), rules->min_aspect, rules->max_aspect));
      g_debug ("logo: %s", reason);
    }

  /* file size */
  /* Translators: a file's size in kilobytes. */
  add_check (checks, "file-size", _("File size"), length <= (gsize) rules->max_kilobytes * 1024,
             g_strdup_printf (_("%.0f KB"), ceil (length / 1024.0)),
             /* Translators: the largest file size allowed, in kilobytes. */
             g_strdup_printf (_("at most %d KB"), rules->max_kilobytes));

  /* colour mode */
  mode = pixbuf != NULL ? header_colour_mode ((const guint8 *) contents, length) : NULL;
  add_check (checks, "color-mode", _("Colour mode"),
             mode != NULL && (g_strcmp0 (rules->color_mode, mode) == 0 ||
                              /* grayscale prints the same in an RGB document */
                              (g_strcmp0 (rules->color_mode, "rgb") == 0 && g_strcmp0 (mode, "gray") == 0)),
             g_strdup (pixbuf != NULL ? colour_mode_words (mode) : no_image),
             g_strdup (colour_mode_words (rules->color_mode)));

  /* transparency */
  {
    gboolean transparent = pixbuf != NULL && has_transparency (pixbuf);

    add_check (checks, "transparency", _("Transparency"),
               pixbuf != NULL && (rules->transparency || !transparent),
               g_strdup (pixbuf == NULL ? no_image : transparent ? _("transparent pixels") : _("opaque")),
               g_strdup (rules->transparency ? _("allowed") : _("opaque")));
  }

  /* background: the four corners */
  {
    g_autofree char *expected = g_strdup_printf ("#%02X%02X%02X", rules->background[0], rules->background[1],
                                                 rules->background[2]);
    char *measured = NULL;
    gboolean ok = pixbuf != NULL;

    if (pixbuf != NULL)
      {
        int w = gdk_pixbuf_get_width (pixbuf) - 1, h = gdk_pixbuf_get_height (pixbuf) - 1;
        const int corners[4][2] = { { 0, 0 }, { w, 0 }, { 0, h }, { w, h } };

        for (guint i = 0; i < 4; i++)
          {
            guint8 rgba[4];
            gboolean same;

            pixel_at (pixbuf, corners[i][0], corners[i][1], rgba);
            same = rgba[3] == 255;
            for (int c = 0; c < 3 && same; c++)
              same = ABS ((int) rgba[c] - (int) rules->background[c]) <= rules->tolerance;
            if (measured == NULL || (!same && ok))
              {
                g_free (measured);
                measured = rgba[3] < 255 ? g_strdup (_("transparent"))
                                         : g_strdup_printf ("#%02X%02X%02X", rgba[0], rgba[1], rgba[2]);
              }
            ok = ok && same;
          }
      }
    else
      measured = g_strdup (no_image);
    add_check (checks, "background", _("Background (the corners)"), ok, measured, g_steal_pointer (&expected));
  }

  /* resolution, when the file states one */
  {
    const char *x_dpi = pixbuf != NULL ? gdk_pixbuf_get_option (pixbuf, "x-dpi") : NULL;
    int dpi = x_dpi != NULL ? atoi (x_dpi) : 0;

    add_check (checks, "resolution", _("Resolution"), pixbuf != NULL && (dpi == 0 || dpi >= rules->min_dpi),
               dpi > 0 ? g_strdup_printf (_("%d dpi"), dpi) : g_strdup (pixbuf != NULL ? _("not stated") : no_image),
               /* Translators: the lowest resolution allowed. */
               g_strdup_printf (_("at least %d dpi, when stated"), rules->min_dpi));
  }
  return g_steal_pointer (&checks);
}

gboolean
cf_logo_checks_all_ok (GPtrArray *checks)
{
  for (guint i = 0; i < checks->len; i++)
    if (!((CfLogoCheck *) g_ptr_array_index (checks, i))->ok)
      return FALSE;
  return TRUE;
}

/* ---- The compliant copy ---- */

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static gboolean
corners_match (CfLogoRules *rules,
               GdkPixbuf   *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf) - 1, h = gdk_pixbuf_get_height (pixbuf) - 1;
  const int corners[4][2] = { { 0, 0 }, { w, 0 }, { 0, h }, { w, h } };

  for (guint i = 0; i < 4; i++)
    {
      guint8 rgba[4];

      pixel_at (pixbuf, corners[i][0], corners[i][1], rgba);
      if (rgba[3] < 255)
        return FALSE;
      for (int c = 0; c < 3; c++)
        if (ABS ((int) rgba[c] - (int) rules->background[c]) > rules->tolerance)
          return FALSE;
    }
  return TRUE;
}

/* @pixbuf flattened onto the background, centred on a canvas that meets
 * the aspect range and the smallest side; an image whose corners are not
 * the background gets a margin of it. */
static GdkPixbuf *
flatten (CfLogoRules *rules,
         GdkPixbuf   *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int margin = corners_match (rules, pixbuf) ? 0 : MAX (4, MAX (width, height) * 3 / 100);
  int canvas_w = width + 2 * margin, canvas_h = height + 2 * margin;
  guint32 colour = ((guint32) rules->background[0] << 24) | ((guint32) rules->background[1] << 16) |
                   ((guint32) rules->background[2] << 8) | 0xff;
  GdkPixbuf *canvas;

  if ((double) canvas_w / canvas_h > rules->max_aspect)
    canvas_h = (int) ceil (canvas_w / rules->max_aspect);
  if ((double) canvas_w / canvas_h < rules->min_aspect)
    canvas_w = (int) ceil (canvas_h * rules->min_aspect);
  canvas_w = MAX (canvas_w, rules->min_pixels);
  canvas_h = MAX (canvas_h, rules->min_pixels);

  canvas = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, canvas_w, canvas_h);
  gdk_pixbuf_fill (canvas, colour);
  /* composite onto an opaque canvas: the transparent parts take its colour */
  gdk_pixbuf_composite (pixbuf, canvas, (canvas_w - width) / 2, (canvas_h - height) / 2, width, height,
                        (canvas_w - width) / 2, (canvas_h - height) / 2, 1.0, 1.0, GDK_INTERP_BILINEAR, 255);
  return canvas;
}

gboolean
cf_logo_rules_fix (CfLogoRules  *rules,
                   const char   *path,
                   const char   *out,
                   GError      **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) fixed = NULL;
  gsize length = 0;

  g_return_val_if_fail (rules != NULL && path != NULL && out != NULL, FALSE);

  if (g_strcmp0 (path, out) == 0 || same_file (path, out))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _("The compliant copy must go to another file: the original is never changed."));
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  bytes = g_bytes_new_static (contents, length);
  fixed = cf_logo_rules_fix_bytes (rules, bytes, error);
  if (fixed == NULL)
    return FALSE;
  if (!cf_atomic_file_write (out, g_bytes_get_data (fixed, NULL), g_bytes_get_size (fixed), 0644, error))
    {
      g_prefix_error (error, _("Could not save the compliant copy %s: "), out);
      return FALSE;
    }
  return TRUE;
}

GBytes *
cf_logo_rules_fix_bytes (CfLogoRules  *rules,
                         GBytes       *bytes,
                         GError      **error)
{
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  Sizes sizes = { 0 };
  int longest;
  int target;

  g_return_val_if_fail (rules != NULL && bytes != NULL, NULL);

  /* A vector image is drawn straight at the size the copy will have. */
  {
    g_autofree char *format = NULL;

    decoded = decode (bytes, &sizes, &format, error);
    if (decoded == NULL)
      return NULL;
    longest = MAX (sizes.width, sizes.height);
    target = longest;
    if (longest > rules->max_pixels || MIN (sizes.width, sizes.height) < rules->min_pixels ||
        g_strcmp0 (format, "svg") == 0)
      target = MIN (rules->fix_pixels, rules->max_pixels);
    if (g_strcmp0 (format, "svg") == 0 && target != longest)
      {
        Sizes again = { 0, 0, target, FALSE };

        g_clear_object (&decoded);
        decoded = decode (bytes, &again, NULL, error);
        if (decoded == NULL)
          return NULL;
      }
  }
  oriented = gdk_pixbuf_apply_embedded_orientation (decoded);

  /* Smaller each round until the PNG fits the file size. */
  for (int round = 0; round < 12; round++)
    {
      int width = gdk_pixbuf_get_width (oriented);
      int height = gdk_pixbuf_get_height (oriented);
      double scale = (double) target / MAX (width, height);
      g_autoptr(GdkPixbuf) scaled = NULL;
      g_autoptr(GdkPixbuf) flat = NULL;
      g_autofree char *png = NULL;
      gsize png_length = 0;

      if (fabs (scale - 1.0) < 1e-9)
        scaled = g_object_ref (oriented);
      else
        scaled = gdk_pixbuf_scale_simple (oriented, MAX (1, (int) lround (width * scale)),
                                          MAX (1, (int) lround (height * scale)), GDK_INTERP_HYPER);
      flat = flatten (rules, scaled);
      /* No text chunks, no ICC profile, no dpi: gdk-pixbuf writes only
       * what it is given. */
      if (!gdk_pixbuf_save_to_buffer (flat, &png, &png_length, "png", error, "compression", "9", NULL))
        return NULL;
      if (png_length <= (gsize) rules->max_kilobytes * 1024 || target * 0.8 < rules->min_pixels)
        return g_bytes_new_take (g_steal_pointer (&png), png_length);
      target = (int) (target * 0.8);
    }
  g_set_error_literal (error, CF_LOGO_ERROR, CF_LOGO_ERROR_TOO_LARGE,
                       _("The image cannot be made small enough for the logo’s file size."));
  return NULL;
}

const char *
cf_logo_rules_get_source (CfLogoRules *rules)
{
  return rules->source;
}

const char *
cf_logo_rules_get_date (CfLogoRules *rules)
{
  return rules->date;
}

/* ---- In a worker ---- */

void
cf_logo_examination_free (CfLogoExamination *examination)
{
  if (examination == NULL)
    return;
  g_clear_pointer (&examination->checks, g_ptr_array_unref);
  g_clear_pointer (&examination->fixed, g_bytes_unref);
  g_clear_pointer (&examination->fixed_checks, g_ptr_array_unref);
  g_free (examination);
}

typedef struct
{
  GBytes   *bytes;
  gboolean  fix;
} ExamineData;

static void
examine_data_free (gpointer data)
{
  ExamineData *d = data;

  g_bytes_unref (d->bytes);
  g_free (d);
}

static void
examine_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ExamineData *d = task_data;
  g_autoptr(CfLogoExamination) examination = g_new0 (CfLogoExamination, 1);
  g_autoptr(CfLogoRules) rules = NULL;
  GError *error = NULL;

  /* Read here: the user's file may have changed since the last time. */
  rules = cf_logo_rules_new_default (&error);
  if (rules == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  examination->checks = cf_logo_rules_check_bytes (rules, d->bytes);
  if (d->fix)
    {
      examination->fixed = cf_logo_rules_fix_bytes (rules, d->bytes, &error);
      if (examination->fixed == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      examination->fixed_checks = cf_logo_rules_check_bytes (rules, examination->fixed);
    }
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&examination), (GDestroyNotify) cf_logo_examination_free);
}

void
cf_logo_rules_examine_async (GBytes              *bytes,
                             gboolean             fix,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExamineData *d = g_new0 (ExamineData, 1);

  g_return_if_fail (bytes != NULL);

  g_task_set_source_tag (task, cf_logo_rules_examine_async);
  d->bytes = g_bytes_ref (bytes);
  d->fix = fix;
  g_task_set_task_data (task, d, examine_data_free);
  g_task_run_in_thread (task, examine_thread);
}

CfLogoExamination *
cf_logo_rules_examine_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
