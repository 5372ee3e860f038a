/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-csv-reader.h: CSV text as spreadsheets write it, for the imports.
 *
 * cf_csv_decode() gives UTF-8 (valid UTF-8 stays, without a BOM; anything
 * else is Windows-1252, what Excel writes for "CSV" on Spanish Windows).
 * The parser reads one record at a time (RFC 4180 with LF, CRLF or CR line
 * ends, quotes only at a field's start), so memory follows what the caller
 * keeps, not the file. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* NULL with G_CONVERT_ERROR_ILLEGAL_SEQUENCE (a NUL byte, or text that is
 * neither encoding) and a message for the registrar. @encoding gets
 * "UTF-8" or "WINDOWS-1252". */
char     *cf_csv_decode             (GBytes       *bytes,
                                     const char  **encoding,
                                     GError      **error);
/* ',', ';' or '\t', from the first line outside quotes. */
char      cf_csv_guess_delimiter    (const char   *text);

typedef struct
{
  /* The record just read. */
  guint        line;          /* where it starts, 1-based */
  GPtrArray   *fields;        /* char*, at most max_columns */
  gboolean     wide;          /* a non-blank field lies beyond them */
  /* private */
  const char  *p;
  char         delimiter;
  guint        next_line;
  guint        max_columns;
  GString     *field;
} CfCsvParser;

void      cf_csv_parser_init        (CfCsvParser  *parser,
                                     const char   *text,
                                     char          delimiter,
                                     guint         max_columns);
void      cf_csv_parser_clear       (CfCsvParser  *parser);
/* The next record; FALSE at the end of the text. */
gboolean  cf_csv_parser_next        (CfCsvParser  *parser);
/* Every field blank (spaces only) and none beyond max_columns. */
gboolean  cf_csv_parser_is_empty    (CfCsvParser  *parser);

/* How much a record looks like the import's header row: for the imports,
 * how many distinct known columns its fields name. */
typedef guint (*CfCsvHeaderScoreFunc) (const char * const *fields,
                                       guint               n_fields,
                                       gpointer            user_data);

/* The header row found by cf_csv_find_header(). */
typedef struct
{
  guint       score;
  guint       record;     /* 1-based, counting blank records: the data follow it */
  guint       line;       /* where it starts, 1-based */
  gboolean    wide;       /* a non-blank field lies beyond max_columns */
  GPtrArray  *fields;     /* char*, owned */
} CfCsvHeader;

/* The best-scoring of the first @max_records non-blank records of @text
 * (the first of equals); FALSE when none scores above zero. Clear
 * @header with cf_csv_header_clear() either way. */
gboolean  cf_csv_find_header        (const char            *text,
                                     char                   delimiter,
                                     guint                  max_columns,
                                     guint                  max_records,
                                     CfCsvHeaderScoreFunc   score_func,
                                     gpointer               user_data,
                                     CfCsvHeader           *header);
void      cf_csv_header_clear       (CfCsvHeader           *header);

G_END_DECLS
