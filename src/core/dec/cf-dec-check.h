/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-check.h: a document as the user opened it, read and validated.
 *
 * What the preview (and anything else that shows a file to a person) needs
 * before drawing it: the file read with its size checked first, its kind
 * (a PDF, an IPES certificate, a media superior one, or an unknown flavour
 * of Dec), and for an IPES certificate the model and the same findings
 * `certifica-cli dec validate` prints (schema + SEP's rules). The work runs
 * in a worker (GTask); the result is immutable. */
#pragma once

#include <gio/gio.h>

#include "cf-dec.h"
#include "cf-dec-validate.h"
#include "cf-dec-xml.h"

G_BEGIN_DECLS

/* A certificate's XML or the PDF SEP returns is a few hundred kB: a file
 * over this is refused before a byte of it is read. */
#define CF_DEC_OPEN_MAX_SIZE CF_DEC_XML_MAX_SIZE

typedef enum
{
  CF_DEC_FLAVOUR_PDF,       /* a PDF: shown as it is, nothing to check */
  CF_DEC_FLAVOUR_IPES,      /* tipoCertificado 5 or an Ipes node: Certifica's */
  CF_DEC_FLAVOUR_IEMS,      /* media superior (Iems / FirmaResponsable, tipos 1, 2, 12–16) */
  CF_DEC_FLAVOUR_UNKNOWN,   /* a Dec of no flavour Certifica knows */
} CfDecFlavour;

#define CF_TYPE_DEC_CHECK (cf_dec_check_get_type ())
G_DECLARE_FINAL_TYPE (CfDecCheck, cf_dec_check, CF, DEC_CHECK, GObject)

/* Reads @file (local or GIO), refusing one over @max_size bytes
 * (CF_DEC_XML_ERROR_TOO_LARGE) from its size before reading it, and one
 * that grows past it while being read. */
GBytes        *cf_dec_read_file_bounded      (GFile                       *file,
                                              gsize                        max_size,
                                              GCancellable                *cancellable,
                                              GError                     **error);

/* Classifies and validates @bytes (XML or PDF). @name (a file name) is used
 * in messages. NULL + CF_DEC_XML_ERROR when the XML cannot be read at all
 * (not well-formed, not a Dec in SEP's namespace, too large). */
CfDecCheck    *cf_dec_check_bytes            (GBytes                      *bytes,
                                              const char                  *name,
                                              const CfDecValidateOptions  *options,
                                              GError                     **error);
/* Validates a model (written to XML in memory first, as dec validate reads it). */
CfDecCheck    *cf_dec_check_dec              (CfDec                       *dec,
                                              const CfDecValidateOptions  *options,
                                              GError                     **error);

/* cf_dec_read_file_bounded (CF_DEC_OPEN_MAX_SIZE) + cf_dec_check_bytes in a
 * worker. @options may be NULL (the defaults, as dec validate's). */
void           cf_dec_check_file_async       (GFile                       *file,
                                              const CfDecValidateOptions  *options,
                                              GCancellable                *cancellable,
                                              GAsyncReadyCallback          callback,
                                              gpointer                     user_data);
/* cf_dec_check_dec in a worker, on a copy of @dec. */
void           cf_dec_check_dec_async        (CfDec                       *dec,
                                              const CfDecValidateOptions  *options,
                                              GCancellable                *cancellable,
                                              GAsyncReadyCallback          callback,
                                              gpointer                     user_data);
/* For both. */
CfDecCheck    *cf_dec_check_finish           (GAsyncResult                *result,
                                              GError                     **error);

CfDecFlavour   cf_dec_check_get_flavour      (CfDecCheck                  *self);
/* The bytes as read (the PDF to show; the XML). (transfer none) */
GBytes        *cf_dec_check_get_bytes        (CfDecCheck                  *self);
/* The model of an IPES certificate, else NULL. (transfer none) */
CfDec         *cf_dec_check_get_dec          (CfDecCheck                  *self);
/* (element-type CfFinding) (transfer none): empty but for IPES. */
GPtrArray     *cf_dec_check_get_findings     (CfDecCheck                  *self);
guint          cf_dec_check_count_errors     (CfDecCheck                  *self);

/* "Alumno › curp", "Asignatura 3 › calificacion", "Certificado" for the
 * root: a finding's path the way a registrar reads the document. */
char          *cf_dec_describe_path          (const char                  *path);

G_END_DECLS
