/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-atomic-file.h: the one way Certifica writes a file.
 *
 * The new bytes go to a temporary file created beside the target (in the
 * same folder, so that the rename is atomic; created with O_EXCL, never
 * through a symbolic link), which is flushed to disk (fsync), renamed over
 * the target, and then the folder itself is flushed, so that after a crash
 * or a power cut the name holds the old file or the whole new one, never
 * half of one. When anything fails the old file is left as it was and the
 * temporary file is removed.
 *
 * The temporary file is ".NAME.cf-tmp-XXXXXX", locked (flock) by its
 * writer until renamed: one left behind by a killed process is found and
 * removed by cf_atomic_file_remove_stale().
 *
 * Errors are G_IO_ERROR (the code from errno), the message the cause in
 * lower case: what to do for the ones a person can act on (no space left,
 * a read-only disk, no permission, a folder gone, a disk error), else the
 * system's reason (g_strerror()); each caller says in its own words what
 * could not be saved, then ": " and this. The new file's permissions are
 * @mode less the umask. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CF_ATOMIC_FILE_NONE    = 0,
  /* No fsync() of the file nor of the folder: for a batch that writes
   * many files and flushes the whole file system once at the end. Readers
   * still never see half a file. */
  CF_ATOMIC_FILE_NO_SYNC = 1 << 0,
} CfAtomicFileFlags;

/* Removes the temporary files in the folder @dir_fd that a process which
 * ended before renaming them left behind: only names of the form above,
 * only regular files of this user, only those no live writer holds (so
 * never those of a run still going on). Returns how many. */
guint         cf_atomic_file_remove_stale   (int                 dir_fd);
/* fsync() of the folder @dir_fd, then syncfs() of its file system: what a
 * batch written with CF_ATOMIC_FILE_NO_SYNC, or whose folder syncs were
 * only attempted, calls before saying it is done. */
gboolean      cf_atomic_file_sync_folder    (int                 dir_fd,
                                             GError            **error);

/* Replaces @path with @len bytes of @data. */
gboolean      cf_atomic_file_write          (const char         *path,
                                             const void         *data,
                                             gsize               len,
                                             int                 mode,
                                             GError            **error);
/* The same for @name relative to the open folder @dir_fd (AT_FDCWD: to
 * the working directory), as a batch that opened its output folder once
 * does. */
gboolean      cf_atomic_file_write_at       (int                 dir_fd,
                                             const char         *name,
                                             const void         *data,
                                             gsize               len,
                                             int                 mode,
                                             CfAtomicFileFlags   flags,
                                             GError            **error);

/* ------------------------------------------------------------------ */
/* Streaming: for writers that produce the file bit by bit, or that    */
/* only write to a path of their own (libxlsxwriter)                    */
/* ------------------------------------------------------------------ */

typedef struct _CfAtomicFile CfAtomicFile;

/* Creates the temporary file beside @path. Nothing is replaced until
 * cf_atomic_file_commit(); cf_atomic_file_free() before that removes the
 * temporary file and leaves @path as it was. */
CfAtomicFile *cf_atomic_file_new            (const char         *path,
                                             int                 mode,
                                             GError            **error);
CfAtomicFile *cf_atomic_file_new_at         (int                 dir_fd,
                                             const char         *name,
                                             int                 mode,
                                             CfAtomicFileFlags   flags,
                                             GError            **error);
/* The temporary file, open for writing, and its path: a library may open
 * and rewrite the path itself (the same file is then synced and renamed). */
int           cf_atomic_file_get_fd         (CfAtomicFile       *self);
const char   *cf_atomic_file_get_temp_path  (CfAtomicFile       *self);
/* Appends @len bytes at the descriptor's position. */
gboolean      cf_atomic_file_append         (CfAtomicFile       *self,
                                             const void         *data,
                                             gsize               len,
                                             GError            **error);
/* fsync(), rename over the target, fsync() of the folder. After a failure
 * the temporary file is gone and the target as it was. Once only. */
gboolean      cf_atomic_file_commit         (CfAtomicFile       *self,
                                             GError            **error);
/* Closes; removes the temporary file unless it was committed. NULL-safe. */
void          cf_atomic_file_free           (CfAtomicFile       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfAtomicFile, cf_atomic_file_free)

G_END_DECLS
