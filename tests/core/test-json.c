/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-json: the two layouts, escaping by json-glib, and what a strict
 * parser (json-glib's own) reads back. */

#include "config.h"

#include <string.h>

#include "cf-json.h"

static JsonNode *
sample (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  cf_json_builder_add_string (builder, "text", "“Ñ” \"q\" \\ \t\n\x01\x1f end");
  cf_json_builder_add_string (builder, "none", NULL);
  json_builder_set_member_name (builder, "bits");
  json_builder_add_int_value (builder, 2048);
  json_builder_set_member_name (builder, "test");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "list");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "a");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "empty");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

#define ESCAPED "\"“Ñ” \\\"q\\\" \\\\ \\t\\n\\u0001\\u001f end\""

static void
test_compact (void)
{
  g_autoptr(JsonNode) node = sample ();
  g_autofree char *text = cf_json_to_string (node, CF_JSON_COMPACT);

  g_assert_cmpstr (text, ==,
                   "{\"text\":" ESCAPED ",\"none\":null,\"bits\":2048,\"test\":false,"
                   "\"list\":[\"a\",{}],\"empty\":[]}");
}

static void
test_pretty (void)
{
  g_autoptr(JsonNode) node = sample ();
  g_autofree char *text = cf_json_to_string (node, CF_JSON_PRETTY);

  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"text\": " ESCAPED ",\n"
                   "  \"none\": null,\n"
                   "  \"bits\": 2048,\n"
                   "  \"test\": false,\n"
                   "  \"list\": [\n"
                   "    \"a\",\n"
                   "    {}\n"
                   "  ],\n"
                   "  \"empty\": []\n"
                   "}\n");
}

/* Both layouts read back as the same values. */
static void
test_round_trip (void)
{
  g_autoptr(JsonNode) node = sample ();

  for (guint style = CF_JSON_COMPACT; style <= CF_JSON_PRETTY; style++)
    {
      g_autofree char *text = cf_json_to_string (node, style);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (object, "text"), ==,
                       "“Ñ” \"q\" \\ \t\n\x01\x1f end");
      g_assert_true (json_object_get_null_member (object, "none"));
      g_assert_cmpint (json_object_get_int_member (object, "bits"), ==, 2048);
      g_assert_true (json_node_equal (node, json_parser_get_root (parser)));
    }
}

static void
test_append_string (void)
{
  g_autoptr(GString) out = g_string_new ("x=");

  cf_json_append_string (out, "a\"b");
  g_string_append_c (out, ',');
  cf_json_append_string (out, NULL);
  g_assert_cmpstr (out->str, ==, "x=\"a\\\"b\",\"\"");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json/compact", test_compact);
  g_test_add_func ("/core/json/pretty", test_pretty);
  g_test_add_func ("/core/json/round-trip", test_round_trip);
  g_test_add_func ("/core/json/append-string", test_append_string);

  return g_test_run ();
}
