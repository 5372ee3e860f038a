/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-registro-page.h: wizard page 8, "Registro de Institución" (issue
 * 15): the workbook's columns (data/incorporation/registro-institucion.ini)
 * with each campus's value as it will be written, what is still missing
 * marked; "Guardar libro…" writes the .xlsx. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_REGISTRO_PAGE (cf_inc_registro_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncRegistroPage, cf_inc_registro_page, CF, INC_REGISTRO_PAGE, CfIncPage)

GtkWidget *cf_inc_registro_page_new (CfContext       *context,
                                     CfIncorporation *incorporation);
/* The table on show (for tests): rows × (1 + campuses) labels. */
GtkGrid   *cf_inc_registro_page_get_table (CfIncRegistroPage *self);

G_END_DECLS
