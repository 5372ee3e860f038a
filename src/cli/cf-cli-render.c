/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-render.c: certifica-cli render.
 *
 *   render FILE.xml --out FILE.pdf [--logo IMG] [--png PAGE] [--dpi N] [--url-pattern P]
 *   render --oficio DATA.json --out FILE.pdf [--logo IMG] [--png PAGE] [--dpi N]
 *
 * Without --logo (or an oficio's "logo") the institution's logo set in the
 * app's Preferences is drawn (kept in the store), when there is a store.
 *
 * The certificate is drawn as src/render lays it out (a preview with the
 * "VISTA PREVIA — SIN SELLO" mark until it is sealed). --png writes that one
 * page as an image instead of the PDF. The oficio's data come from a JSON
 * object whose keys are listed in the --help text (oficio_keys below). */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cf-certificate-layout.h"
#include "cf-cli-render.h"
#include "cf-cli-store.h"
#include "cf-context.h"
#include "cf-dec-xml.h"
#include "cf-oficio-layout.h"
#include "cf-render-export.h"

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define SYNOPSIS N_("FILE.xml --out FILE.pdf [--logo IMG] [--png PAGE] | --oficio DATA.json --out FILE.pdf")
#define SCHEMA_ID "io.github.certifica.Certifica"

#define CF_CLI_RENDER_ERROR (cf_cli_render_error_quark ())

typedef enum
{
  CF_CLI_RENDER_ERROR_JSON,   /* the oficio's data file is wrong */
} CfCliRenderError;

static GQuark cf_cli_render_error_quark (void);
G_DEFINE_QUARK (cf-cli-render-error-quark, cf_cli_render_error)

/* The oficio's JSON keys: one table for the parser and the help text. */
typedef enum
{
  KEY_STRING,
  KEY_DATE,
  KEY_CAMPUSES,
  KEY_STRINGS,
} KeyKind;

static const struct
{
  const char *name;
  KeyKind     kind;
  gsize       offset;
  const char *help;
} oficio_keys[] = {
  { "institution_name", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, institution_name), N_("the institution’s name (required)") },
  { "institution_id", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, institution_id), N_("its DGP key") },
  { "address", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, address), N_("a line under the letterhead") },
  { "logo", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, logo_path), N_("the logo (PNG or JPEG), relative to the JSON file (--logo overrides it)") },
  { "place", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, place), N_("where the letter is signed") },
  { "date", KEY_DATE, G_STRUCT_OFFSET (CfOficioData, date), N_("YYYY-MM-DD; today when absent") },
  { "reference", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, reference), N_("the letter’s own number") },
  { "addressee_name", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, addressee_name), N_("the DGAIR official it is addressed to") },
  { "addressee_position", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, addressee_position), N_("default: Director General de Acreditación, Incorporación y Revalidación") },
  { "addressee_organization", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, addressee_organization), N_("default: Secretaría de Educación Pública") },
  { "subject", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, subject), N_("the “Asunto” line") },
  { "signatory_name", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, signatory_name), N_("who signs the letter") },
  { "signatory_position", KEY_STRING, G_STRUCT_OFFSET (CfOficioData, signatory_position), N_("that person’s position") },
  { "campuses", KEY_CAMPUSES, 0, N_("one letter each: campus_name, campus_id, signer_name, signer_curp, signer_position, signer_email") },
  { "cc", KEY_STRINGS, G_STRUCT_OFFSET (CfOficioData, cc), N_("“c.c.p.” lines") },
};

static const char * const campus_keys[] = {
  "campus_name", "campus_id", "signer_name", "signer_curp", "signer_position", "signer_email",
};

static gboolean
json_string (JsonNode    *node,
             const char  *key,
             char       **out,
             GError     **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                   _("“%s” must be text"), key);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_campus (CfOficioData  *data,
             JsonNode      *node,
             guint          index,
             GError       **error)
{
  JsonObject *object;
  char *values[G_N_ELEMENTS (campus_keys)] = { NULL, };
  g_autoptr(GList) members = NULL;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                   _("Campus %u in “campuses” must be an object"), index + 1);
      return FALSE;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL && ok; l = l->next)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (campus_keys) && ok; k++)
        if (g_str_equal (l->data, campus_keys[k]))
          {
            known = TRUE;
            ok = json_string (json_object_get_member (object, l->data), l->data, &values[k], error);
          }
      if (!known && ok)
        {
          g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                       _("Campus %u has an unknown key “%s”"), index + 1, (const char *) l->data);
          ok = FALSE;
        }
    }
  if (ok)
    cf_oficio_data_add_campus (data, values[0], values[1], values[2], values[3], values[4], values[5]);
  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    g_free (values[k]);
  return ok;
}

static gboolean
read_member (CfOficioData  *data,
             JsonObject    *object,
             const char    *key,
             GError       **error)
{
  JsonNode *node = json_object_get_member (object, key);

  for (guint i = 0; i < G_N_ELEMENTS (oficio_keys); i++)
    {
      if (!g_str_equal (key, oficio_keys[i].name))
        continue;

      switch (oficio_keys[i].kind)
        {
        case KEY_STRING:
          return json_string (node, key, G_STRUCT_MEMBER_P (data, oficio_keys[i].offset), error);

        case KEY_DATE:
          {
            g_autofree char *text = NULL;
            GDate *date = G_STRUCT_MEMBER_P (data, oficio_keys[i].offset);
            int y, m, d;
            char tail;

            if (!json_string (node, key, &text, error))
              return FALSE;
            if (text == NULL)
              return TRUE;
            if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
                !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
              {
                g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                             _("“%s” must be a date written YYYY-MM-DD, not “%s”"), key, text);
                return FALSE;
              }
            g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
            return TRUE;
          }

        case KEY_CAMPUSES:
          {
            JsonArray *array;

            if (!JSON_NODE_HOLDS_ARRAY (node))
              {
                g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                             _("“%s” must be a list of objects"), key);
                return FALSE;
              }
            array = json_node_get_array (node);
            for (guint k = 0; k < json_array_get_length (array); k++)
              if (!read_campus (data, json_array_get_element (array, k), k, error))
                return FALSE;
            return TRUE;
          }

        case KEY_STRINGS:
          {
            GStrv *strv = G_STRUCT_MEMBER_P (data, oficio_keys[i].offset);
            g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
            JsonArray *array;

            if (!JSON_NODE_HOLDS_ARRAY (node))
              {
                g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                             _("“%s” must be a list of texts"), key);
                return FALSE;
              }
            array = json_node_get_array (node);
            for (guint k = 0; k < json_array_get_length (array); k++)
              {
                g_autofree char *text = NULL;

                if (!json_string (json_array_get_element (array, k), key, &text, error))
                  return FALSE;
                if (text != NULL)
                  g_strv_builder_add (builder, text);
              }
            g_strfreev (*strv);
            *strv = g_strv_builder_end (builder);
            return TRUE;
          }

        default:
          g_assert_not_reached ();
        }
    }

  g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
               _("Unknown key “%s” (see “certifica-cli render --help”)"), key);
  return FALSE;
}

static CfOficioData *
read_oficio (const char  *path,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CfOficioData) data = cf_oficio_data_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *name = g_path_get_basename (path);
  JsonNode *root;
  JsonObject *object;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                   _("“%s” cannot be read as JSON: %s"), name, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                   _("“%s” must hold one JSON object"), name);
      return NULL;
    }
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!read_member (data, object, l->data, &local_error))
      {
        g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                     "%s: %s", name, local_error->message);
        return NULL;
      }
  if (data->institution_name == NULL || *data->institution_name == '\0')
    {
      g_set_error (error, CF_CLI_RENDER_ERROR, CF_CLI_RENDER_ERROR_JSON,
                   _("%s: “institution_name” is required"), name);
      return NULL;
    }

  /* A relative logo is next to the data file. */
  if (data->logo_path != NULL && *data->logo_path != '\0' && !g_path_is_absolute (data->logo_path))
    {
      g_autofree char *dir = g_path_get_dirname (path);
      char *absolute = g_build_filename (dir, data->logo_path, NULL);

      g_free (data->logo_path);
      data->logo_path = absolute;
    }
  return g_steal_pointer (&data);
}

/* --url-pattern, else the app's setting when its schema is installed, else
 * the built-in default. */
static char *
url_pattern (const char *option)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (option != NULL && *option != '\0')
    return g_strdup (option);
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "validation-url-pattern"))
    {
      g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
      return g_settings_get_string (settings, "validation-url-pattern");
    }
  return g_strdup (CF_VALIDATION_URL_PATTERN_DEFAULT);
}

static char *
help_description (void)
{
  GString *out = g_string_new (NULL);

  g_string_append (out, _("Draws a certificate (a preview marked “VISTA PREVIA — SIN SELLO” until it is "
                          "sealed) or, with --oficio, the letter to DGAIR naming each campus’s signer."));
  g_string_append (out, "\n\n");
  g_string_append (out, _("The QR code encodes the validation address built from --url-pattern (or the "
                          "app’s “validation-url-pattern” setting): {folioDigital} is SEP’s folio digital "
                          "(the folio de control while there is none) and {folioControl} the folio de control."));
  g_string_append (out, "\n\n");
  g_string_append (out, _("Keys of the oficio’s JSON object:"));
  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (oficio_keys); i++)
    g_string_append_printf (out, "  %-24s %s\n", oficio_keys[i].name, _(oficio_keys[i].help));
  return g_string_free (out, FALSE);
}

/* The logo set in Preferences: from --store, CERTIFICA_STORE or the
 * default file, but only one that exists (rendering makes no store). A
 * store that cannot be read is a warning: the certificate is still drawn. */
static char *
stored_logo_path (CfCliContext *context)
{
  const char *env = g_getenv ("CERTIFICA_STORE");
  g_autoptr(GError) error = NULL;
  CfContext *core;
  char *path;

  if (context->store_path == NULL && (env == NULL || *env == '\0'))
    {
      g_autofree char *default_path = cf_store_default_path ();

      if (!g_file_test (default_path, G_FILE_TEST_IS_REGULAR))
        return NULL;
    }
  core = cf_cli_get_context (context, &error);
  path = core != NULL ? cf_context_dup_logo_path (core, &error) : NULL;
  if (error != NULL)
    g_printerr (_("certifica-cli: warning: the institution’s logo is left out: %s\n"), error->message);
  return path;
}

static void
print_warnings (const char * const *warnings)
{
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    g_printerr (_("certifica-cli: warning: %s\n"), warnings[i]);
}

int
cf_cli_render_main (CfCliContext  *context,
                    int            argc,
                    char         **argv)
{
  const char *command = argv[0];
  g_autofree char *out = NULL, *logo = NULL, *oficio = NULL, *pattern = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfRenderable) renderable = NULL;
  int png_page = 0;
  double dpi = 150;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write to FILE (required)"), N_("FILE") },
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &logo, N_("The institution’s logo (PNG, JPEG or SVG; default: the one set in Preferences)"), N_("IMG") },
    { "png", 0, 0, G_OPTION_ARG_INT, &png_page, N_("Write page PAGE (from 1) as PNG instead of the PDF"), N_("PAGE") },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, N_("Resolution of the PNG (default 150)"), N_("N") },
    { "url-pattern", 0, 0, G_OPTION_ARG_STRING, &pattern, N_("Validation address for the QR code"), N_("PATTERN") },
    { "oficio", 0, 0, G_OPTION_ARG_FILENAME, &oficio, N_("Draw the oficio from this JSON file"), N_("DATA.json") },
    { NULL }
  };

  g_set_prgname (command);
  options = g_option_context_new (_(SYNOPSIS));
  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_set_summary (options, _("Draw a certificate or an oficio as PDF or PNG"));
  description = help_description ();
  g_option_context_set_description (options, description);
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    return cf_cli_usage_error (command, SYNOPSIS, "%s", error->message);

  if (out == NULL)
    return cf_cli_usage_error (command, SYNOPSIS, "%s", _("Say where to write with --out FILE."));
  if (oficio != NULL && argc != 1)
    return cf_cli_usage_error (command, SYNOPSIS, "%s", _("Give either a certificate file or --oficio, not both."));
  if (oficio == NULL && argc != 2)
    return cf_cli_usage_error (command, SYNOPSIS, "%s",
                               argc < 2 ? _("Give the certificate file.") : _("Give only one certificate file."));
  if (png_page < 0)
    return cf_cli_usage_error (command, SYNOPSIS, "%s", _("Pages are numbered from 1."));
  if (dpi < 10 || dpi > 1200)
    return cf_cli_usage_error (command, SYNOPSIS, "%s", _("The resolution must be between 10 and 1200 dpi."));

  if (oficio != NULL)
    {
      g_autoptr(CfOficioData) data = read_oficio (oficio, &error);
      g_autoptr(CfOficioLayout) layout = NULL;

      if (data == NULL)
        return cf_cli_fail (error);
      if (logo != NULL)
        {
          g_free (data->logo_path);
          data->logo_path = g_strdup (logo);
        }
      else if (data->logo_path == NULL || *data->logo_path == '\0')
        {
          g_free (data->logo_path);
          data->logo_path = stored_logo_path (context);
        }
      layout = cf_oficio_layout_new (data);
      print_warnings (cf_oficio_layout_get_warnings (layout));
      renderable = CF_RENDERABLE (g_steal_pointer (&layout));
    }
  else
    {
      g_autoptr(CfDec) dec = cf_dec_xml_read_file (argv[1], &error);
      g_autoptr(CfCertificateLayout) layout = NULL;
      g_autofree char *resolved = NULL;

      if (dec == NULL)
        return cf_cli_fail (error);
      layout = cf_certificate_layout_new (dec);
      if (logo == NULL)
        logo = stored_logo_path (context);
      if (logo != NULL)
        cf_certificate_layout_set_logo_path (layout, logo);
      resolved = url_pattern (pattern);
      cf_certificate_layout_set_url_pattern (layout, resolved);
      print_warnings (cf_certificate_layout_get_warnings (layout));
      renderable = CF_RENDERABLE (g_steal_pointer (&layout));
    }

  if (png_page > 0)
    {
      guint n_pages = cf_renderable_get_n_pages (renderable);

      if ((guint) png_page > n_pages)
        return cf_cli_usage_error (command, SYNOPSIS,
                                   g_dngettext (GETTEXT_PACKAGE, "The document has %u page.",
                                                "The document has %u pages.", n_pages),
                                   n_pages);
      ok = cf_render_export_png (renderable, (guint) png_page - 1, dpi, out, &error);
    }
  else
    ok = cf_render_export_pdf (renderable, out, NULL, &error);

  if (!ok)
    return cf_cli_fail (error);
  return CF_CLI_EXIT_OK;
}
