/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-json.h: JSON out. Documents are built with json-glib (JsonBuilder,
 * JsonNode) and written here, so that every string Certifica puts in JSON
 * is escaped by json-glib and in one way. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  /* {"key":"value",…}: one line, no final newline (json-glib's own). */
  CF_JSON_COMPACT,
  /* One member per line, two spaces of indentation per level,
   * "key": value, and a final newline: the layout `efirma inspect --json`
   * and `efirma ocsp --json` have always printed. */
  CF_JSON_PRETTY,
} CfJsonStyle;

char *cf_json_to_string          (JsonNode    *node,
                                  CfJsonStyle  style);
/* Appends the JSON string literal of @text (NULL: "") to @out. */
void  cf_json_append_string      (GString     *out,
                                  const char  *text);
/* Adds member @name: the string @value, or null when @value is NULL. */
void  cf_json_builder_add_string (JsonBuilder *builder,
                                  const char  *name,
                                  const char  *value);

G_END_DECLS
