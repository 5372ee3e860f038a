/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-item.h: one certificate of the Certificados list, as the list's
 * rows show it (bound in cf-cert-list-row.ui). Wraps a CfCertRow read from
 * the store; immutable: a new read makes new items. */
#pragma once

#include <glib-object.h>

#include "cf-cert-repo.h"

G_BEGIN_DECLS

#define CF_TYPE_CERT_ITEM (cf_cert_item_get_type ())
G_DECLARE_FINAL_TYPE (CfCertItem, cf_cert_item, CF, CERT_ITEM, GObject)

/* Properties (read-only): "name" (as printed), "matricula", "curp",
 * "career", "subtitle" ("matrícula · career"), "status-label", "findings-label" ("2 errores", "" when none),
 * "has-errors", "status-classes" (the CSS classes of the state's badge),
 * "is-test" (sealed in the test stage, for SEP's test portal). */

/* Takes @row. @career: the career's name as the Programa de Estudios has
 * it (NULL: its id is shown). */
CfCertItem      *cf_cert_item_new          (CfCertRow  *row,
                                            const char *career);
const CfCertRow *cf_cert_item_get_row      (CfCertItem *self);
gint64           cf_cert_item_get_id       (CfCertItem *self);
CfCertStatus     cf_cert_item_get_status   (CfCertItem *self);
const char      *cf_cert_item_get_name     (CfCertItem *self);
gboolean         cf_cert_item_is_test      (CfCertItem *self);

/* The name as printed: the registrar's correction, else converted from
 * the school system's capitals. Each part newly allocated. */
void             cf_cert_item_printed_name (const CfStudent *student,
                                            char           **nombre,
                                            char           **primer_apellido,
                                            char           **segundo_apellido);

G_END_DECLS
