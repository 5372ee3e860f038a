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
/* "09 DE JULIO DE 2013" (Spanish month names, accents and case ignored). */
gboolean  _cf_plan_parse_date_words (const char *text,
                                     GDate      *date);
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


/* ------------------------------------------------------------------ */
/* Shared by the files of the plan model (cf-plan-columns.c, -node.c,  */
/* -book.c, -edit.c).                                                  */
/* ------------------------------------------------------------------ */

#define MAX_UNDO 500

typedef struct
{
  const char       *name;
  CfPlanLevel       level;
  guint             slot;
  CfPlanColumnKind  kind;
  const char       *catalog;
} ColumnInfo;


#define N_LEVELS (CF_PLAN_LEVEL_SUBJECT + 1)
#define MAX_SLOTS 10

struct _CfPlanNode
{
  CfPlanLevel  level;
  guint        uid;
  gint64       db_id;      /* 0 when not in the store */
  gint64       row_version; /* as read from or written to the store */
  guint        source_row; /* the row it came from on import, else 0 */
  CfPlanNode  *parent;
  GPtrArray   *children;   /* NULL for subjects */
  char        *values[];   /* slot_counts[level], never NULL */
};

typedef enum
{
  OP_SET,
  OP_INSERT,
  OP_REMOVE,
  OP_MOVE,
  OP_GROUP,     /* several edits undone and redone as one */
} OpKind;

typedef struct
{
  OpKind        kind;
  guint         uid;          /* the node acted on */
  guint         parent_uid;   /* INSERT, REMOVE */
  guint         position;     /* INSERT, REMOVE: where; MOVE: to */
  guint         old_position; /* MOVE: from */
  CfPlanColumn  column;       /* SET */
  char         *old_value;
  char         *new_value;
  CfPlanNode   *detached;     /* owned while the node is out of the tree */
  GPtrArray    *steps;        /* GROUP: Op*, in the order they were made */
} Op;

struct _CfPlanBook
{
  GObject      parent_instance;

  CfStore     *store;
  CfPlanNode  *institution;
  GHashTable  *by_uid;        /* uid → node, attached nodes only */
  guint        next_uid;
  GQueue       undo;          /* Op*, newest at the head */
  GQueue       redo;
  Op          *group;         /* the group being made, NULL outside one */
  guint        group_depth;
};

enum
{
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum
{
  VALUE_CHANGED,
  CHILDREN_CHANGED,
  N_SIGNALS
};

extern GParamSpec *_cf_plan_properties[N_PROPS];
extern guint _cf_plan_signals[N_SIGNALS];
extern const ColumnInfo _cf_plan_columns[CF_PLAN_N_COLUMNS];
extern char _cf_plan_empty_value[];
extern const int _cf_plan_level_columns[N_LEVELS][MAX_SLOTS + 1];
extern const CfPlanColumn _cf_plan_level_key_column[N_LEVELS];
extern const guint _cf_plan_slot_counts[N_LEVELS];
void _cf_plan_clear_db_ids (CfPlanNode *node);
gboolean _cf_plan_fail_with_store_error (GError **error, GError *cause);
void _cf_plan_index_subtree (CfPlanBook *self, CfPlanNode *node, gboolean add);
void _cf_plan_node_free (CfPlanNode *node);
CfPlanNode * _cf_plan_node_new (CfPlanBook *book, CfPlanLevel level);
void _cf_plan_node_take_value (CfPlanNode *node, CfPlanColumn column, char *value);
void _cf_plan_op_free (Op *op);
void _cf_plan_value_free (char *value);

G_END_DECLS
