/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-private.h: helpers shared by the cf-plan-* files. */
#pragma once

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

/* A store failure as the book reports it: CF_PLAN_ERROR_CONFLICT when
 * another desk changed the row, else CF_PLAN_ERROR_STORE. Takes @cause. */
void      _cf_plan_store_failed    (GError     **error,
                                    GError      *cause);

/* For the plan repository (src/core/store/cf-plan-repo.c), which reads and
 * writes nodes without knowing the book's insides. */
guint         _cf_plan_level_n_slots     (CfPlanLevel  level);
CfPlanColumn  _cf_plan_level_column      (CfPlanLevel  level,
                                          guint        slot);
const char   *_cf_plan_level_table       (CfPlanLevel  level);
const char   *_cf_plan_level_parent_column (CfPlanLevel level);
const char   *_cf_plan_node_get_slot     (const CfPlanNode *node,
                                          guint             slot);
gint64        _cf_plan_node_get_db_id    (const CfPlanNode *node);
gint64        _cf_plan_node_get_row_version (const CfPlanNode *node);
void          _cf_plan_node_set_stored   (CfPlanNode  *node,
                                          gint64       db_id,
                                          gint64       row_version);
/* Loading: the institution node, then each child under its parent in the
 * order read. @values (n_slots strings) are copied. */
CfPlanNode   *_cf_plan_book_get_root     (CfPlanBook  *book);
CfPlanNode   *_cf_plan_book_append_loaded (CfPlanBook  *book,
                                           CfPlanNode  *parent,
                                           const char * const *values);
void          _cf_plan_node_set_loaded_values (CfPlanNode  *node,
                                               const char * const *values);
/* After loading: index the nodes and bind the book to @store. */
void          _cf_plan_book_finish_load  (CfPlanBook  *book,
                                          CfStore     *store);

/* cf_plan_canonical_value() without allocating: @value itself when it is
 * canonical already, else the canonical form kept in @chunk. */
const char *_cf_plan_canonical_value_in (CfPlanColumn  column,
                                         const char   *value,
                                         GStringChunk *chunk);

/* The file row a subject was imported from (0 when not imported). */
guint     _cf_plan_node_get_source_row (const CfPlanNode *node);


G_END_DECLS
