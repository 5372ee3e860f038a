/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-private.h: helpers shared by the cf-plan-* files. */
#pragma once

#include <sqlite3.h>

#include "cf-plan.h"

G_BEGIN_DECLS

/* "8", "8.5", "8,5", "1e3"; FALSE for anything else. */
gboolean  _cf_plan_parse_number    (const char  *text,
                                    double      *out);
/* Integers without a point, others with up to 15 significant digits. */
char     *_cf_plan_format_number   (double       value);
/* A spreadsheet serial day (1900 system) to a date; FALSE outside 1..9999. */
gboolean  _cf_plan_date_from_serial (double      serial,
                                     GDate      *date);
/* The days since 1899-12-30 as a spreadsheet counts them. */
double    _cf_plan_date_to_serial  (const GDate *date);
/* YYYY-MM-DD, YYYY/MM/DD, DD/MM/YYYY, DD-MM-YYYY; only real dates. */
gboolean  _cf_plan_parse_date      (const char  *text,
                                    GDate       *date);
char     *_cf_plan_format_date     (const GDate *date);

/* SQLite failures as CF_PLAN_ERROR_STORE; always returns FALSE. */
gboolean  _cf_plan_sqlite_failed   (sqlite3     *db,
                                    int          rc,
                                    const char  *what,
                                    GError     **error);
gboolean  _cf_plan_exec            (sqlite3     *db,
                                    const char  *sql,
                                    GError     **error);
gboolean  _cf_plan_begin           (sqlite3     *db,
                                    GError     **error);
/* Rolls back when COMMIT fails. */
gboolean  _cf_plan_commit          (sqlite3     *db,
                                    GError     **error);
void      _cf_plan_rollback        (sqlite3     *db);

/* cf_plan_canonical_value() without allocating: @value itself when it is
 * canonical already, else the canonical form kept in @chunk. */
const char *_cf_plan_canonical_value_in (CfPlanColumn  column,
                                         const char   *value,
                                         GStringChunk *chunk);

/* The file row a subject was imported from (0 when not imported). */
guint     _cf_plan_node_get_source_row (const CfPlanNode *node);

/* The lower-case SQL name of a column ("id_carrera"). */
char     *_cf_plan_column_sql_name (CfPlanColumn column);

G_END_DECLS
