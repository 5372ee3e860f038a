/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-finding.h: one result of a validation step (schema or semantic). */
#pragma once

#include <glib-object.h>

#include "cf-json.h"

G_BEGIN_DECLS

typedef enum
{
  CF_FINDING_ERROR,     /* SEP would reject the certificate: do not seal */
  CF_FINDING_WARNING,   /* worth a look, does not block sealing */
} CfFindingSeverity;

/* An immutable, reference-counted value:
 *  - code:     a stable machine name, "schema.missing-attribute", "curp.check-digit"...
 *  - severity: error or warning
 *  - path:     XPath-like location, "/Dec/Alumno/@curp",
 *              "/Dec/Asignaturas/Asignatura[3]/@calificacion" (1-based), or "/Dec"
 *  - message:  translated, for a registrar (already in the user's language)
 *  - key, args: optional; a stable name of the message and its arguments,
 *              for findings that are stored and shown later, perhaps in
 *              another language (the check's owner renders them again:
 *              cf_certs_finding_render()). */
typedef struct _CfFinding CfFinding;

#define CF_TYPE_FINDING (cf_finding_get_type ())

GType              cf_finding_get_type      (void) G_GNUC_CONST;

CfFinding         *cf_finding_new           (CfFindingSeverity severity,
                                             const char       *code,
                                             const char       *path,
                                             const char       *message);
CfFinding         *cf_finding_new_printf    (CfFindingSeverity severity,
                                             const char       *code,
                                             const char       *path,
                                             const char       *format,
                                             ...) G_GNUC_PRINTF (4, 5);
/* A finding whose @message (already rendered, in the current language)
 * was made from the message named @key with @args (NULL-terminated; NULL:
 * none). */
CfFinding         *cf_finding_new_keyed     (CfFindingSeverity severity,
                                             const char       *code,
                                             const char       *path,
                                             const char       *key,
                                             const char * const *args,
                                             const char       *message);
CfFinding         *cf_finding_ref           (CfFinding        *self);
void               cf_finding_unref         (CfFinding        *self);

CfFindingSeverity  cf_finding_get_severity  (const CfFinding  *self);
const char        *cf_finding_get_code      (const CfFinding  *self);
const char        *cf_finding_get_path      (const CfFinding  *self);   /* never NULL; "" when unknown */
const char        *cf_finding_get_message   (const CfFinding  *self);
gboolean           cf_finding_is_error      (const CfFinding  *self);
const char        *cf_finding_get_key       (const CfFinding  *self);   /* NULL: none */
const char * const *cf_finding_get_args     (const CfFinding  *self);   /* never NULL */

/* @format with its %s (or %N$s) replaced by @args in order; %% is "%", an
 * argument missing is "" and anything else is copied: safe on formats and
 * arguments read back from a store. */
char              *cf_finding_format        (const char       *format,
                                             const char * const *args);

/* "error" / "warning" (stable, for JSON and logs). */
const char        *cf_finding_severity_to_string (CfFindingSeverity severity);

/* {"severity":"error","code":"…","path":"…","message":"…"} (UTF-8, escaped),
 * with "key" and "args" (an array of strings) after them when it has a key. */
char              *cf_finding_to_json       (const CfFinding  *self);
JsonNode          *cf_finding_to_json_node  (const CfFinding  *self);

/* Helpers for lists: (element-type CfFinding), as returned by the validators. */
GPtrArray         *cf_finding_list_new      (void);   /* free func set */
gboolean           cf_finding_list_has_errors (GPtrArray *findings);
/* A JSON array of the objects above (compact). */
char              *cf_finding_list_to_json  (GPtrArray        *findings);
JsonNode          *cf_finding_list_to_json_node (GPtrArray    *findings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfFinding, cf_finding_unref)

G_END_DECLS
