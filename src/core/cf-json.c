/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-json.c: JSON text from json-glib nodes. */

#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <string.h>

#include "cf-json.h"

/* json-glib 1.6 leaves U+001F unescaped (it escapes below 0x1f), which
 * strict parsers refuse. In JSON text a raw control byte can only be
 * inside a string (UTF-8 never uses bytes below 0x80 within a character),
 * so escaping it afterwards is safe. */
static void
append_text (GString    *out,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\x1f')
        g_string_append (out, "\\u001f");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_compact (GString  *out,
                JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  append_text (out, text);
}

static void
append_indent (GString *out,
               guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
append_pretty (GString  *out,
               JsonNode *node,
               guint     level)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        if (members == NULL)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append (out, "{\n");
        for (GList *l = members; l != NULL; l = l->next)
          {
            g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), l->data);

            append_indent (out, level + 1);
            append_compact (out, key);
            g_string_append (out, ": ");
            append_pretty (out, json_object_get_member (object, l->data), level + 1);
            g_string_append (out, l->next != NULL ? ",\n" : "\n");
          }
        append_indent (out, level);
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append (out, "[\n");
        for (guint i = 0; i < n; i++)
          {
            append_indent (out, level + 1);
            append_pretty (out, json_array_get_element (array, i), level + 1);
            g_string_append (out, i + 1 < n ? ",\n" : "\n");
          }
        append_indent (out, level);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      append_compact (out, node);
      break;
    }
}

char *
cf_json_to_string (JsonNode    *node,
                   CfJsonStyle  style)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  if (style == CF_JSON_PRETTY)
    {
      append_pretty (out, node, 0);
      g_string_append_c (out, '\n');
    }
  else
    append_compact (out, node);
  return g_string_free (out, FALSE);
}

void
cf_json_append_string (GString    *out,
                       const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (out != NULL);

  node = json_node_init_string (json_node_alloc (), text != NULL ? text : "");
  append_compact (out, node);
}

void
cf_json_builder_add_string (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
