/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certificate-layout.h: the printed representation of a certificate.
 *
 * Lays a Dec out on letter-size pages with pango (header with logo,
 * institution, campus and RVOE; title; career and student; the subjects in
 * plan order, breaking across pages with the header repeated; totals;
 * place and date of issue; the signer and the seal; SEP's authentication
 * when present; a QR code with the validation URL; the legend that this is
 * the printed form of an electronic document). An unsealed document is a
 * preview: every page carries a diagonal "VISTA PREVIA — SIN SELLO" mark
 * and the QR code is replaced by a placeholder that cannot be scanned.
 *
 * The pages are laid out once, the first time they are asked for, in the
 * calling thread; use a layout from one thread at a time. The document is
 * copied when the layout is made: later changes to it are not seen. */
#pragma once

#include "cf-dec.h"
#include "cf-renderable.h"

G_BEGIN_DECLS

/* SEP has not published the validation URL for IPES (domain reference,
 * "What SEP adds"); this default follows media superior's and lives in
 * GSettings (validation-url-pattern) so an institution can correct it.
 * Placeholders: {folioDigital} (SEP's folio; the folio de control while
 * there is none) and {folioControl}. */
#define CF_VALIDATION_URL_PATTERN_DEFAULT "https://www.siged.sep.gob.mx/certificados/ipes/{folioDigital}"

/* The validation URL for a document: @pattern with its placeholders
 * replaced by the URI-escaped folios (NULL or "" values count as absent).
 * NULL when the pattern needs a folio and the document has none. */
char *cf_validation_url_build (const char *pattern,
                               const char *folio_digital,
                               const char *folio_control);

#define CF_TYPE_CERTIFICATE_LAYOUT (cf_certificate_layout_get_type ())
G_DECLARE_FINAL_TYPE (CfCertificateLayout, cf_certificate_layout, CF, CERTIFICATE_LAYOUT, GObject)

CfCertificateLayout *cf_certificate_layout_new              (CfDec               *dec);

/* An image file with the institution's logo (any format cf_logo_load()
 * reads); NULL for none. A logo that cannot be read leaves its place empty
 * and adds a warning saying why. */
void                 cf_certificate_layout_set_logo_path    (CfCertificateLayout *self,
                                                             const char          *path);
/* NULL restores CF_VALIDATION_URL_PATTERN_DEFAULT. */
void                 cf_certificate_layout_set_url_pattern  (CfCertificateLayout *self,
                                                             const char          *pattern);

/* A draft: a document with validation errors, saved or printed anyway.
 * Every page carries a diagonal "BORRADOR" mark (with "SIN SELLO" when it
 * is not sealed either) and a line in the footer saying it has errors. */
void                 cf_certificate_layout_set_draft        (CfCertificateLayout *self,
                                                             gboolean             draft);
gboolean             cf_certificate_layout_get_draft        (CfCertificateLayout *self);

/* The student's name as the page prints it ("María del Carmen Núñez"),
 * instead of the capitals the XML keeps (Alumno's nombre and apellidos,
 * as SEP expects them). NULL or "" goes back to the Dec's. */
void                 cf_certificate_layout_set_student_name (CfCertificateLayout *self,
                                                             const char          *display_name);
/* TRUE when the document is not sealed (pages carry the preview mark). */
gboolean             cf_certificate_layout_is_preview       (CfCertificateLayout *self);
/* The URL in the QR code; NULL in a preview (no QR) or without a folio. */
const char          *cf_certificate_layout_get_validation_url (CfCertificateLayout *self);
/* Things the user should know that did not stop the layout (a logo that
 * could not be read, a QR code that could not be made). (transfer none) */
const char * const  *cf_certificate_layout_get_warnings     (CfCertificateLayout *self);

G_END_DECLS
