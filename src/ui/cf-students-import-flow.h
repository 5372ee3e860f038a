/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-students-import-flow.h: importing the school system's export (students
 * and grades, .xlsx or .csv) from a window.
 *
 * The file is read in a worker (cf_students_import_read_async); when a
 * required column's header is not recognised the mapping dialog asks which
 * file column holds it and the file is read again with that mapping; then
 * a preview dialog shows what was found (layout and sheet, students and
 * grades accepted, duplicates and earlier attempts, rejected rows with
 * their row number and reason, findings against the Programa de Estudios)
 * with "Importar" and "Cancelar". Nothing is written until it is accepted;
 * then the import is committed in a worker and the certificates of the
 * imported students are brought up to date. */
#pragma once

#include <adwaita.h>

#include "cf-context.h"

G_BEGIN_DECLS

/* Runs the whole flow over @parent (dialogs are modal to it). @callback
 * runs once, on the main thread, when the flow ends: imported, cancelled
 * by the registrar (G_IO_ERROR_CANCELLED) or failed (the error was already
 * shown to the registrar in a dialog). */
void     cf_students_import_flow_run    (GtkWindow           *parent,
                                         CfContext           *context,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* TRUE when the students were written to the store; @n_students (nullable)
 * gets how many. */
gboolean cf_students_import_flow_finish (GAsyncResult        *result,
                                         guint               *n_students,
                                         GError             **error);

G_END_DECLS
