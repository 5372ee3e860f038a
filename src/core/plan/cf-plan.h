/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan.h: the Programa de Estudios (domain reference, sections 2 and 6).
 *
 * Institution → campuses → careers → plans → subjects, held as a tree of
 * CfPlanNode owned by a CfPlanBook. Every value is kept as the text the
 * registrar typed (canonical forms: numbers without trailing zeros, dates as
 * YYYY-MM-DD), so a wrong value can be stored, shown and flagged by
 * cf-plan-validate instead of being lost at the door.
 *
 * The workbook is one row per subject with the columns of CfPlanColumn; a
 * column belongs to one level of the tree (NO_RVOE to the plan, CREDITOS to
 * the subject...), and reading a column on a subject walks up to its owner.
 *
 * A book bound to a CfStore (cf_plan_book_load()) writes every edit through,
 * each in its own transaction, and keeps an undo/redo history of them. */
#pragma once

#include <gio/gio.h>

#include "cf-store.h"

G_BEGIN_DECLS

#define CF_PLAN_ERROR (cf_plan_error_quark ())

typedef enum
{
  CF_PLAN_ERROR_INVALID,        /* a value or an operation the plan cannot take */
  CF_PLAN_ERROR_HAS_ERRORS,     /* validation errors block the operation */
  CF_PLAN_ERROR_NO_SNAPSHOT,    /* nothing was ever marked as sent */
  CF_PLAN_ERROR_NOTHING_TO_UNDO,
  CF_PLAN_ERROR_STORE,          /* the store failed (message says why) */
  CF_PLAN_ERROR_CONFLICT,       /* another desk changed or removed the row: reload */
} CfPlanError;

GQuark cf_plan_error_quark (void);

typedef enum
{
  CF_PLAN_LEVEL_INSTITUTION,
  CF_PLAN_LEVEL_CAMPUS,
  CF_PLAN_LEVEL_CAREER,
  CF_PLAN_LEVEL_PLAN,
  CF_PLAN_LEVEL_SUBJECT,
} CfPlanLevel;

/* The workbook's columns, in the order of section 6. ESTATUS_PLAN is
 * Certifica's own (current or withdrawn): it is never sent to SEP. */
typedef enum
{
  CF_PLAN_COL_ID_INSTITUCION,
  CF_PLAN_COL_NOMBRE_INSTITUCION,
  CF_PLAN_COL_ID_CAMPUS,
  CF_PLAN_COL_CAMPUS,
  CF_PLAN_COL_ID_ENTIDAD,
  CF_PLAN_COL_ID_CARRERA,
  CF_PLAN_COL_CLAVE_CARRERA,
  CF_PLAN_COL_NOMBRE_CARRERA,
  CF_PLAN_COL_CLAVE_PLAN,
  CF_PLAN_COL_NO_RVOE,
  CF_PLAN_COL_FECHA_RVOE,
  CF_PLAN_COL_ID_TIPO_PERIODO,
  CF_PLAN_COL_ID_NIVEL_ESTUDIOS,
  CF_PLAN_COL_CALIFICACION_MINIMA,
  CF_PLAN_COL_CALIFICACION_MAXIMA,
  CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA,
  CF_PLAN_COL_TOTAL_ASIGNATURAS,
  CF_PLAN_COL_TOTAL_CREDITOS,
  CF_PLAN_COL_ID_ASIGNATURA,
  CF_PLAN_COL_CLAVE_ASIGNATURA,
  CF_PLAN_COL_NOMBRE_ASIGNATURA,
  CF_PLAN_COL_ID_TIPO_ASIGNATURA,
  CF_PLAN_COL_CREDITOS,
  CF_PLAN_COL_PERIODO,
  CF_PLAN_COL_ESTATUS_PLAN,
  CF_PLAN_N_COLUMNS,
} CfPlanColumn;

/* The first CF_PLAN_N_SEP_COLUMNS columns are the SEP file. */
#define CF_PLAN_N_SEP_COLUMNS CF_PLAN_COL_ESTATUS_PLAN

typedef enum
{
  CF_PLAN_KIND_TEXT,
  CF_PLAN_KIND_DIGITS,      /* a key made of digits, leading zeros matter (ID_CAMPUS) */
  CF_PLAN_KIND_INTEGER,     /* ID_CARRERA, TOTAL_ASIGNATURAS, PERIODO */
  CF_PLAN_KIND_NUMBER,      /* grades, credits */
  CF_PLAN_KIND_DATE,        /* YYYY-MM-DD */
  CF_PLAN_KIND_CATALOG,     /* a code of cf_plan_column_get_catalog() */
  CF_PLAN_KIND_STATUS,      /* VIGENTE / BAJA */
} CfPlanColumnKind;

/* The values of ESTATUS_PLAN. */
#define CF_PLAN_STATUS_CURRENT   "VIGENTE"
#define CF_PLAN_STATUS_WITHDRAWN "BAJA"

const char       *cf_plan_column_get_name    (CfPlanColumn column);   /* "ID_CARRERA" */
/* The column in words, translated: "Minimum passing grade". */
const char       *cf_plan_column_get_label   (CfPlanColumn column);
CfPlanLevel       cf_plan_column_get_level   (CfPlanColumn column);
CfPlanColumnKind  cf_plan_column_get_kind    (CfPlanColumn column);
/* The CF_CATALOG_* name for catalog columns, NULL for the others. */
const char       *cf_plan_column_get_catalog (CfPlanColumn column);
/* Empty cells are allowed (all but ESTATUS_PLAN are required by SEP). */
gboolean          cf_plan_column_is_required (CfPlanColumn column);
/* Matches a header as people write it: case, accents, spaces, underscores
 * (and dots, hyphens) ignored; a few common synonyms accepted
 * ("Número de RVOE", "Créditos"...). */
gboolean          cf_plan_column_from_header (const char   *header,
                                              CfPlanColumn *column);
/* Upper case, no accents, only letters and digits: the key headers are
 * compared by. */
char             *cf_plan_normalize_header   (const char   *header);

/* Puts @value in the column's canonical form ("8.00" → "8", "7/3/2018" and
 * spreadsheet serial numbers → "2018-03-07", "vigente" → "VIGENTE", blanks
 * trimmed). A value that does not fit the column is returned trimmed but
 * otherwise unchanged, for validation to report. */
char             *cf_plan_canonical_value    (CfPlanColumn  column,
                                              const char   *value);

/* ------------------------------------------------------------------ */
/* The tree                                                            */
/* ------------------------------------------------------------------ */

typedef struct _CfPlanNode CfPlanNode;

CfPlanLevel  cf_plan_node_get_level       (const CfPlanNode *node);
CfPlanNode  *cf_plan_node_get_parent      (const CfPlanNode *node);
guint        cf_plan_node_get_n_children  (const CfPlanNode *node);
CfPlanNode  *cf_plan_node_get_child       (const CfPlanNode *node,
                                           guint             index);
/* Position among its siblings (the plan order, for subjects). */
guint        cf_plan_node_get_index       (const CfPlanNode *node);
/* The ancestor (or @node itself) at @level; NULL when @level is below. */
CfPlanNode  *cf_plan_node_get_ancestor    (const CfPlanNode *node,
                                           CfPlanLevel       level);
/* The value of @column on @node or the ancestor that owns it; "" when
 * empty. @column must not belong to a level below @node. */
const char  *cf_plan_node_get             (const CfPlanNode *node,
                                           CfPlanColumn      column);
/* A number unique within the book for the node's lifetime, kept across
 * undo/redo: what the UI keys rows by. */
guint        cf_plan_node_get_uid         (const CfPlanNode *node);
/* A plan whose ESTATUS_PLAN is not BAJA (for any node under a plan: its plan). */
gboolean     cf_plan_node_is_current      (const CfPlanNode *node);

/* ------------------------------------------------------------------ */
/* Flat rows: one per subject, as in the workbook                      */
/* ------------------------------------------------------------------ */

typedef struct
{
  char       *cells[CF_PLAN_N_COLUMNS];   /* never NULL */
  guint       row;       /* 1-based spreadsheet row (source row on import) */
  guint       uid;       /* the subject's node uid, 0 when not from a book */
} CfPlanRow;

CfPlanRow  *cf_plan_row_new         (void);
CfPlanRow  *cf_plan_row_copy        (const CfPlanRow *row);
void        cf_plan_row_free        (CfPlanRow       *row);
void        cf_plan_row_set         (CfPlanRow       *row,
                                     CfPlanColumn     column,
                                     const char      *value);
/* What identifies a row across versions: campus, career, plan and subject
 * ids (the diff matches rows by it). */
char       *cf_plan_row_dup_key     (const CfPlanRow *row);
char       *cf_plan_node_dup_key    (const CfPlanNode *subject);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfPlanRow, cf_plan_row_free)

/* ------------------------------------------------------------------ */
/* CfPlanBook                                                          */
/* ------------------------------------------------------------------ */

#define CF_TYPE_PLAN_BOOK (cf_plan_book_get_type ())
G_DECLARE_FINAL_TYPE (CfPlanBook, cf_plan_book, CF, PLAN_BOOK, GObject)

/* An empty book (an institution node with no campus), not bound to a store. */
CfPlanBook  *cf_plan_book_new               (void);
/* Reads the working copy from @store and binds the book to it: edits made
 * through the cf_plan_book_* edit functions are saved as they happen. */
CfPlanBook  *cf_plan_book_load              (CfStore     *store,
                                             GError     **error);
CfStore     *cf_plan_book_get_store         (CfPlanBook  *self);   /* NULL when not bound */
/* An unbound copy of the tree, with the same uids and no history: what a
 * worker thread validates while the editor goes on with the original. */
CfPlanBook  *cf_plan_book_copy              (CfPlanBook  *self);

CfPlanNode  *cf_plan_book_get_institution   (CfPlanBook  *self);
guint        cf_plan_book_get_n_subjects    (CfPlanBook  *self);
/* Every subject in workbook order (campus, career, plan, plan order);
 * (element-type CfPlanNode) (transfer container). */
GPtrArray   *cf_plan_book_list_subjects     (CfPlanBook  *self,
                                             gboolean     current_only);
/* (element-type CfPlanNode) (transfer container): every node of @level. */
GPtrArray   *cf_plan_book_list_level        (CfPlanBook  *self,
                                             CfPlanLevel  level);
CfPlanNode  *cf_plan_book_lookup_uid        (CfPlanBook  *self,
                                             guint        uid);
/* The subject on spreadsheet row @row of the full export (row 2 is the
 * first subject), or NULL: where a finding's path points. */
CfPlanNode  *cf_plan_book_get_subject_at_row (CfPlanBook *self,
                                              guint       row);
/* The spreadsheet row of @subject in the full export. */
guint        cf_plan_book_get_row_of        (CfPlanBook  *self,
                                             CfPlanNode  *subject);

/* Flat rows (element-type CfPlanRow), row numbers from 2; @current_only
 * leaves withdrawn plans out (what SEP gets). */
GPtrArray   *cf_plan_book_to_rows           (CfPlanBook  *self,
                                             gboolean     current_only);

/* Builds (unbound) the tree a table of rows describes: rows are grouped by
 * campus (ID_CAMPUS), career (ID_CARRERA) and plan (CLAVE_PLAN) in the order
 * they first appear; subjects keep row order. A row whose upper-level values
 * contradict an earlier row of the same campus/career/plan, whose
 * institution differs from the first row's, or that lacks ID_CAMPUS,
 * ID_CARRERA, CLAVE_PLAN or ID_ASIGNATURA is left out and added to
 * @rejected (may be NULL) as a CfPlanRejectedRow. */
typedef struct
{
  guint  row;       /* source row */
  char  *reason;    /* translated */
} CfPlanRejectedRow;

void         cf_plan_rejected_row_free      (CfPlanRejectedRow *rejected);
CfPlanBook  *cf_plan_book_new_from_rows     (GPtrArray   *rows,
                                             GPtrArray   *rejected);

/* Replaces the store's working copy with @book's content in one
 * transaction (an import accepted). @book is not bound by this; load again
 * to edit. */
gboolean     cf_plan_book_save_to_store     (CfPlanBook  *self,
                                             CfStore     *store,
                                             GError     **error);

/* ---- Edits: each saved in its own transaction when bound, undoable ---- */

/* Sets @column on the node that owns it (a subject's NO_RVOE changes its
 * plan). The value is put in canonical form. */
gboolean     cf_plan_book_set_value         (CfPlanBook   *self,
                                             CfPlanNode   *node,
                                             CfPlanColumn  column,
                                             const char   *value,
                                             GError      **error);
/* A new empty child of @parent at @position (-1 = at the end). */
CfPlanNode  *cf_plan_book_insert            (CfPlanBook   *self,
                                             CfPlanNode   *parent,
                                             int           position,
                                             GError      **error);
/* As cf_plan_book_insert(), the new career or subject given @id
 * (ID_CARRERA or ID_ASIGNATURA; NULL: none) in the same undoable step. */
CfPlanNode  *cf_plan_book_insert_with_id    (CfPlanBook   *self,
                                             CfPlanNode   *parent,
                                             int           position,
                                             const char   *id,
                                             GError      **error);
/* As cf_plan_book_duplicate(), the copy of a career or subject given @id. */
CfPlanNode  *cf_plan_book_duplicate_with_id (CfPlanBook   *self,
                                             CfPlanNode   *node,
                                             const char   *id,
                                             GError      **error);
/* A copy of @node (and its children) right after it. */
CfPlanNode  *cf_plan_book_duplicate         (CfPlanBook   *self,
                                             CfPlanNode   *node,
                                             GError      **error);
/* Removes @node and everything under it (undo brings it back). */
gboolean     cf_plan_book_remove            (CfPlanBook   *self,
                                             CfPlanNode   *node,
                                             GError      **error);
/* Moves @node to @position among its siblings (the plan order). */
gboolean     cf_plan_book_move              (CfPlanBook   *self,
                                             CfPlanNode   *node,
                                             guint         position,
                                             GError      **error);

/* Edits made between begin and end are one undoable step (a new career
 * with its first plan, an import). Groups nest; an empty group leaves no
 * step. Cancelling instead of ending takes the group's edits back. */
void         cf_plan_book_begin_group       (CfPlanBook   *self);
void         cf_plan_book_end_group         (CfPlanBook   *self);
gboolean     cf_plan_book_cancel_group      (CfPlanBook   *self,
                                             GError      **error);

/* Makes a bound book hold what @imported (a preview, unbound) holds, as
 * one undoable step: only what differs is written (values, careers, plans
 * and subjects added or removed, the order), matching nodes by their IDs.
 * A failure leaves the book and the store as they were. */
gboolean     cf_plan_book_import            (CfPlanBook   *self,
                                             CfPlanBook   *imported,
                                             GError      **error);

gboolean     cf_plan_book_can_undo          (CfPlanBook   *self);
gboolean     cf_plan_book_can_redo          (CfPlanBook   *self);
gboolean     cf_plan_book_undo              (CfPlanBook   *self,
                                             GError      **error);
gboolean     cf_plan_book_redo              (CfPlanBook   *self,
                                             GError      **error);

/* Signals:
 *  "value-changed" (CfPlanNode *node, CfPlanColumn column): a value changed
 *     (by an edit, undo or redo);
 *  "children-changed" (CfPlanNode *parent, guint position, guint removed,
 *     guint added): the children of @parent changed, GListModel-style;
 *  notify::can-undo, notify::can-redo. */

G_END_DECLS
