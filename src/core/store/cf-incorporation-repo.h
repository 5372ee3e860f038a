/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-incorporation-repo.h: the incorporation to the MEC in the store (issue
 * 15): SEP's test folios and their uses (each folio at most three times),
 * and the incorporation's values (what the wizard's pages entered, the
 * stages' dates) as keys and text. Changes go to the bitácora. */
#pragma once

#include "cf-store.h"

G_BEGIN_DECLS

/* How many times SEP lets a test folio be used. */
#define CF_TEST_FOLIO_MAX_USES 3
/* The result SEP gives a certificate that passed. */
#define CF_TEST_FOLIO_SATISFACTORY "SATISFACTORIO"

typedef struct
{
  guint  number;     /* 1…3 */
  char  *used_for;   /* the certificate or file it was used for */
  char  *used_at;    /* ISO 8601, UTC */
  char  *result;     /* SATISFACTORIO, SEP's error text, "" until known */
} CfTestFolioUse;

typedef struct
{
  char      *folio;
  char      *added_at;
  guint      uses;
  GPtrArray *use_list;   /* CfTestFolioUse, by number */
} CfTestFolio;

void         cf_test_folio_free                  (CfTestFolio  *folio);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfTestFolio, cf_test_folio_free)

/* Adds the folios not there yet (a folio already there is left as it is);
 * @n_added (may be NULL) receives how many were new. Folios are trimmed;
 * an empty one is refused. */
gboolean     cf_incorporation_repo_add_folios    (CfStore             *store,
                                                  const char * const  *folios,
                                                  guint               *n_added,
                                                  GError             **error);
/* Takes the next use of @folio for @used_for with @result (NULL: not known
 * yet) in one conditional update, so that two desks can never take a
 * fourth: a folio used three times is refused with CF_STORE_ERROR_CONFLICT,
 * one that is not a test folio with CF_STORE_ERROR_NOT_FOUND. @number (may
 * be NULL) receives the use's number, 1…3. */
gboolean     cf_incorporation_repo_use_folio     (CfStore             *store,
                                                  const char          *folio,
                                                  const char          *used_for,
                                                  const char          *result,
                                                  guint               *number,
                                                  GError             **error);
/* The folio for the next test sealing of @used_for, taken in the same
 * conditional way: the folio @used_for used last while it has uses left
 * (SEP lets a folio be used again to correct errors), else a folio never
 * used (in the order they were added). @folio receives it, @number (may be
 * NULL) the use's number. None left: CF_STORE_ERROR_NOT_FOUND. */
gboolean     cf_incorporation_repo_take_folio    (CfStore             *store,
                                                  const char          *used_for,
                                                  char               **folio,
                                                  guint               *number,
                                                  GError             **error);
/* Records SEP's answer for use @number of @folio. */
gboolean     cf_incorporation_repo_set_result    (CfStore             *store,
                                                  const char          *folio,
                                                  guint                number,
                                                  const char          *result,
                                                  GError             **error);
/* Every test folio in order, with its uses. */
GPtrArray   *cf_incorporation_repo_list_folios   (CfStore             *store,
                                                  GError             **error);
/* How many test folios there are, and how many different certificates
 * reached SATISFACTORIO. */
gboolean     cf_incorporation_repo_count_folios  (CfStore             *store,
                                                  guint               *n_folios,
                                                  guint               *n_satisfactory,
                                                  GError             **error);

/* The incorporation's values: a new table key → value (both strings). */
GHashTable  *cf_incorporation_repo_load_values   (CfStore             *store,
                                                  GError             **error);
/* Sets @key to @value (NULL or "" removes it); a value that changes is one
 * bitácora entry. */
gboolean     cf_incorporation_repo_set_value     (CfStore             *store,
                                                  const char          *key,
                                                  const char          *value,
                                                  GError             **error);

/* ---- Files ----
 * Copies of the files the user chose (never a path to the original, which
 * is only read): the logo as sent and as chosen, the two scans, the
 * letters. The incorporation's value of the same key holds the copy's
 * SHA-256 (written in the same transaction), so "is it there?" is a value
 * like any other. Each change is one bitácora entry. */
#define CF_INC_FILE_LOGO          "logo"                          /* the one sent (compliant) */
#define CF_INC_FILE_LOGO_ORIGINAL "logo.original"                 /* as the user chose it */
#define CF_INC_FILE_NOMBRAMIENTO  "doc.nombramiento"
#define CF_INC_FILE_REGISTRO      "doc.registro_establecimiento"
#define CF_INC_FILE_OFICIO        "oficio.%u"                     /* campus 1…n */
/* A copy larger than this is refused (the scans SEP asks for are a few MB). */
#define CF_INC_FILE_MAX_SIZE      (50 * 1000 * 1000)   /* "50 MB" */

typedef struct
{
  char    *key;
  char    *file_name;   /* the chosen file's own name (no folder) */
  char    *mime;        /* a content type: "application/pdf", "image/png"… */
  guint64  size;
  char    *sha256;      /* hex */
  char    *added_at;    /* ISO 8601, UTC */
} CfIncFile;

void         cf_inc_file_free                    (CfIncFile           *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfIncFile, cf_inc_file_free)

/* Keeps a copy of @bytes under @key (replacing what was there) and sets
 * the value @key to its SHA-256, which @sha256 (may be NULL) receives.
 * @mime NULL: guessed from @file_name and the bytes. Empty or over
 * CF_INC_FILE_MAX_SIZE: refused. */
gboolean     cf_incorporation_repo_put_file      (CfStore             *store,
                                                  const char          *key,
                                                  const char          *file_name,
                                                  const char          *mime,
                                                  GBytes              *bytes,
                                                  char               **sha256,
                                                  GError             **error);
/* The copy's bytes; @info (may be NULL) receives the rest. None under
 * @key: NULL and CF_STORE_ERROR_NOT_FOUND. */
GBytes      *cf_incorporation_repo_get_file      (CfStore             *store,
                                                  const char          *key,
                                                  CfIncFile          **info,
                                                  GError             **error);
/* Every file kept (CfIncFile, without bytes), by key. */
GPtrArray   *cf_incorporation_repo_list_files    (CfStore             *store,
                                                  GError             **error);
/* Removes the copy and the value @key; none there is not an error. */
gboolean     cf_incorporation_repo_remove_file   (CfStore             *store,
                                                  const char          *key,
                                                  GError             **error);

G_END_DECLS
