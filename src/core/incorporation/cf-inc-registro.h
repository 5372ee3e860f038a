/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-registro.h: the "Registro de Institución" workbook (issue 15,
 * mec-domain.md §2): an "Instrucciones" sheet and a data sheet with one
 * row per campus, filled from the incorporation's values and the signers.
 *
 * SEP does not publish its columns: they are kept in
 * data/incorporation/registro-institucion.ini (bundled; a copy in
 * $XDG_DATA_HOME/certifica/ replaces it whole), so they change without a
 * new release. */
#pragma once

#include "cf-incorporation.h"
#include "cf-store.h"

G_BEGIN_DECLS

#define CF_INC_REGISTRO_ERROR (cf_inc_registro_error_quark ())

typedef enum
{
  CF_INC_REGISTRO_ERROR_LAYOUT,   /* the columns' file is not valid */
  CF_INC_REGISTRO_ERROR_WRITE,    /* the workbook cannot be written */
} CfIncRegistroError;

GQuark       cf_inc_registro_error_quark (void);

typedef struct _CfIncRegistro CfIncRegistro;

/* The bundled columns, or the user's file when there is one. */
CfIncRegistro *cf_inc_registro_new_default   (GError          **error);
/* From an .ini text (@source names it in messages). */
CfIncRegistro *cf_inc_registro_new_from_data (const char       *text,
                                              const char       *source,
                                              GError          **error);
void           cf_inc_registro_free          (CfIncRegistro    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfIncRegistro, cf_inc_registro_free)

/* $XDG_DATA_HOME/certifica/registro-institucion.ini */
char          *cf_inc_registro_dup_user_file (void);

const char    *cf_inc_registro_get_sheet_name (CfIncRegistro   *self);
guint          cf_inc_registro_get_n_columns (CfIncRegistro    *self);
const char    *cf_inc_registro_get_header    (CfIncRegistro    *self,
                                              guint             column);
const char    *cf_inc_registro_get_description (CfIncRegistro  *self,
                                              guint             column);
/* A column that may stay empty (the second surname). */
gboolean       cf_inc_registro_is_optional   (CfIncRegistro    *self,
                                              guint             column);

/* The data rows, one per campus: (element-type GStrv), each with
 * cf_inc_registro_get_n_columns() strings, "" for a value not entered
 * yet. @store (may be NULL) gives the signers' data. */
GPtrArray     *cf_inc_registro_dup_rows      (CfIncRegistro    *self,
                                              CfIncorporation  *incorporation,
                                              CfStore          *store,
                                              GError          **error);

/* Writes the workbook to @path atomically (a temporary file renamed over
 * it). Values not entered yet are left empty. */
gboolean       cf_inc_registro_write         (CfIncRegistro    *self,
                                              CfIncorporation  *incorporation,
                                              CfStore          *store,
                                              const char       *path,
                                              GError          **error);

/* The same in a worker, from the incorporation as the store has it (what
 * the pages saved), with the default columns: the rows, and @layout
 * (may be NULL) receives the columns. */
void           cf_inc_registro_dup_rows_async  (CfStore             *store,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray     *cf_inc_registro_dup_rows_finish (GAsyncResult        *result,
                                                CfIncRegistro      **layout,
                                                GError             **error);
void           cf_inc_registro_write_async     (CfStore             *store,
                                                const char          *path,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       cf_inc_registro_write_finish    (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
