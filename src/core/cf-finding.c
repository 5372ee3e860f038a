/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "cf-finding.h"

struct _CfFinding
{
  gatomicrefcount   ref_count;
  CfFindingSeverity severity;
  char             *code;
  char             *path;
  char             *message;
  char             *key;
  char            **args;
};

G_DEFINE_BOXED_TYPE (CfFinding, cf_finding, cf_finding_ref, cf_finding_unref)

CfFinding *
cf_finding_new (CfFindingSeverity  severity,
                const char        *code,
                const char        *path,
                const char        *message)
{
  CfFinding *self;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_new0 (CfFinding, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->severity = severity;
  self->code = g_strdup (code);
  self->path = g_strdup (path ? path : "");
  self->message = g_strdup (message);
  return self;
}

CfFinding *
cf_finding_new_keyed (CfFindingSeverity   severity,
                      const char         *code,
                      const char         *path,
                      const char         *key,
                      const char * const *args,
                      const char         *message)
{
  CfFinding *self = cf_finding_new (severity, code, path, message);

  g_return_val_if_fail (self != NULL, NULL);

  self->key = g_strdup (key);
  self->args = g_strdupv ((char **) args);
  return self;
}

CfFinding *
cf_finding_new_printf (CfFindingSeverity  severity,
                       const char        *code,
                       const char        *path,
                       const char        *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_val_if_fail (format != NULL, NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return cf_finding_new (severity, code, path, message);
}

CfFinding *
cf_finding_ref (CfFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cf_finding_unref (CfFinding *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->code);
      g_free (self->path);
      g_free (self->message);
      g_free (self->key);
      g_strfreev (self->args);
      g_free (self);
    }
}

CfFindingSeverity
cf_finding_get_severity (const CfFinding *self)
{
  g_return_val_if_fail (self != NULL, CF_FINDING_ERROR);
  return self->severity;
}

const char *
cf_finding_get_code (const CfFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->code;
}

const char *
cf_finding_get_path (const CfFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

const char *
cf_finding_get_message (const CfFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->message;
}

gboolean
cf_finding_is_error (const CfFinding *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->severity == CF_FINDING_ERROR;
}

const char *
cf_finding_get_key (const CfFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->key;
}

const char * const *
cf_finding_get_args (const CfFinding *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (self != NULL, none);
  return self->args != NULL ? (const char * const *) self->args : none;
}

char *
cf_finding_format (const char         *format,
                   const char * const *args)
{
  GString *out;
  guint n_args = args != NULL ? g_strv_length ((char **) args) : 0;
  guint next = 0;

  g_return_val_if_fail (format != NULL, NULL);

  out = g_string_sized_new (strlen (format) + 64);
  for (const char *p = format; *p != '\0'; p++)
    {
      const char *q = p + 1;
      guint index;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (*q == '%')
        {
          g_string_append_c (out, '%');
          p = q;
          continue;
        }
      if (*q == 's')
        {
          index = next++;
          p = q;
        }
      else if (g_ascii_isdigit (*q))
        {
          guint64 n = 0;

          while (g_ascii_isdigit (*q) && n < 1000)
            n = n * 10 + (guint64) (*q++ - '0');
          if (q[0] != '$' || q[1] != 's' || n == 0)
            {
              g_string_append_c (out, '%');
              continue;
            }
          index = (guint) n - 1;
          p = q + 1;
        }
      else
        {
          g_string_append_c (out, '%');
          continue;
        }
      if (index < n_args)
        g_string_append (out, args[index]);
    }
  return g_string_free (out, FALSE);
}

const char *
cf_finding_severity_to_string (CfFindingSeverity severity)
{
  switch (severity)
    {
    case CF_FINDING_ERROR:
      return "error";
    case CF_FINDING_WARNING:
      return "warning";
    default:
      g_return_val_if_reached ("error");
    }
}

static void
build_finding (JsonBuilder     *builder,
               const CfFinding *self)
{
  json_builder_begin_object (builder);
  cf_json_builder_add_string (builder, "severity", cf_finding_severity_to_string (self->severity));
  cf_json_builder_add_string (builder, "code", self->code);
  cf_json_builder_add_string (builder, "path", self->path);
  cf_json_builder_add_string (builder, "message", self->message);
  if (self->key != NULL)
    {
      cf_json_builder_add_string (builder, "key", self->key);
      json_builder_set_member_name (builder, "args");
      json_builder_begin_array (builder);
      for (guint i = 0; self->args != NULL && self->args[i] != NULL; i++)
        json_builder_add_string_value (builder, self->args[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

JsonNode *
cf_finding_to_json_node (const CfFinding *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  build_finding (builder, self);
  return json_builder_get_root (builder);
}

char *
cf_finding_to_json (const CfFinding *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  node = cf_finding_to_json_node (self);
  return cf_json_to_string (node, CF_JSON_COMPACT);
}

GPtrArray *
cf_finding_list_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) cf_finding_unref);
}

gboolean
cf_finding_list_has_errors (GPtrArray *findings)
{
  g_return_val_if_fail (findings != NULL, FALSE);

  for (guint i = 0; i < findings->len; i++)
    if (cf_finding_is_error (g_ptr_array_index (findings, i)))
      return TRUE;
  return FALSE;
}

JsonNode *
cf_finding_list_to_json_node (GPtrArray *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (findings != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    build_finding (builder, g_ptr_array_index (findings, i));
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

char *
cf_finding_list_to_json (GPtrArray *findings)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (findings != NULL, NULL);

  node = cf_finding_list_to_json_node (findings);
  return cf_json_to_string (node, CF_JSON_COMPACT);
}
