/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-export.h: the sealed certificates of a selection as one .zip
 * for SEP's MEC portal: each stored XML exactly as it was sealed (the
 * bytes the seal covers), one file per certificate named
 * MATRICULA_CARRERA_FOLIO.xml. The zip is built in memory and written
 * atomically (a temporary file renamed over the target): a crash never
 * leaves half a zip. */
#pragma once

#include <gio/gio.h>

#include "cf-store.h"

G_BEGIN_DECLS

#define CF_CERTS_EXPORT_ERROR (cf_certs_export_error_quark ())

typedef enum
{
  CF_CERTS_EXPORT_ERROR_NOT_SEALED,   /* a certificate asked for is not sealed: nothing written */
  CF_CERTS_EXPORT_ERROR_EMPTY,        /* nothing to export */
  CF_CERTS_EXPORT_ERROR_WRITE,        /* the zip could not be made or written */
} CfCertsExportError;

GQuark    cf_certs_export_error_quark (void);

/* The file name a certificate gets in the zip (only [A-Za-z0-9._-]). */
char     *cf_certs_export_file_name   (const char  *matricula,
                                       const char  *id_carrera,
                                       const char  *folio_control);

/* Writes @ids (or, when @ids is NULL, every sealed certificate) into the
 * zip @path. Any certificate that is not sealed (or further along, with
 * its sealed bytes) refuses the whole export with NOT_SEALED naming it.
 * @n_written (may be NULL) receives how many files the zip holds. */
gboolean  cf_certs_export_sep         (CfStore       *store,
                                       const gint64  *ids,
                                       guint          n_ids,
                                       const char    *path,
                                       guint         *n_written,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* cf_certs_export_sep() in a worker; @ids (element-type gint64, may be
 * NULL for every sealed certificate) and @file are copied. */
void      cf_certs_export_sep_async          (CfStore             *store,
                                              GArray              *ids,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* How many certificates the zip holds; 0 and @error on failure. */
guint     cf_certs_export_sep_finish         (CfStore             *store,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
