/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-atomic-file.c: temporary file beside the target, fsync, rename,
 * fsync of the folder. */

#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cf-atomic-file.h"

/* A temporary name keeps at most this much of the target's name, so that
 * it stays under NAME_MAX (255) with its prefix and suffix. */
#define MAX_BASE_IN_TEMP 200

struct _CfAtomicFile
{
  int                folder_fd;   /* the target's folder (owned) */
  char              *base;        /* the target's name in it */
  char              *temp_base;   /* the temporary file's name in it */
  char              *temp_path;   /* a path a library can open */
  int                fd;          /* the temporary file, or -1 once closed */
  CfAtomicFileFlags  flags;
  gboolean           done;        /* committed, or failed and cleaned up */
};

static gboolean
set_errno_error (GError **error,
                 int      saved_errno)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}

/* Temporary names: the process id and a counter, tried again on a clash
 * (O_EXCL): no two threads or processes ever open the same one. */
static guint
next_serial (void)
{
  static gint serial = 0;

  return (guint) g_atomic_int_add (&serial, 1);
}

CfAtomicFile *
cf_atomic_file_new_at (int                 dir_fd,
                       const char         *name,
                       int                 mode,
                       CfAtomicFileFlags   flags,
                       GError            **error)
{
  g_autofree char *folder = NULL;
  CfAtomicFile *self;
  gsize base_len;
  int saved_errno = EEXIST;

  g_return_val_if_fail (dir_fd >= 0 || dir_fd == AT_FDCWD, NULL);
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (CfAtomicFile, 1);
  self->fd = -1;
  self->flags = flags;
  self->base = g_path_get_basename (name);
  folder = g_path_get_dirname (name);

  self->folder_fd = openat (dir_fd, folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (self->folder_fd < 0)
    {
      saved_errno = errno;
      self->done = TRUE;
      cf_atomic_file_free (self);
      set_errno_error (error, saved_errno);
      return NULL;
    }

  base_len = MIN (strlen (self->base), MAX_BASE_IN_TEMP);
  for (guint attempt = 0; attempt < 100 && self->fd < 0; attempt++)
    {
      g_free (self->temp_base);
      self->temp_base = g_strdup_printf (".%.*s.%x-%x.tmp", (int) base_len, self->base,
                                         (guint) getpid (), next_serial ());
      self->fd = openat (self->folder_fd, self->temp_base,
                         O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
      if (self->fd < 0)
        {
          saved_errno = errno;
          if (saved_errno != EEXIST && saved_errno != EINTR)
            break;
        }
    }
  if (self->fd < 0)
    {
      self->done = TRUE;
      cf_atomic_file_free (self);
      set_errno_error (error, saved_errno);
      return NULL;
    }

  /* The folder's descriptor stands for its path, whatever it was opened
   * by: a library can open the temporary file by this name. */
  self->temp_path = g_strdup_printf ("/proc/self/fd/%d/%s", self->folder_fd, self->temp_base);
  if (dir_fd == AT_FDCWD || g_path_is_absolute (name))
    {
      g_free (self->temp_path);
      self->temp_path = g_build_filename (folder, self->temp_base, NULL);
    }
  return self;
}

CfAtomicFile *
cf_atomic_file_new (const char  *path,
                    int          mode,
                    GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return cf_atomic_file_new_at (AT_FDCWD, path, mode, CF_ATOMIC_FILE_NONE, error);
}

int
cf_atomic_file_get_fd (CfAtomicFile *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->fd;
}

const char *
cf_atomic_file_get_temp_path (CfAtomicFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->temp_path;
}

/* Removes the temporary file after a failure; the target is untouched. */
static gboolean
fail (CfAtomicFile  *self,
      int            saved_errno,
      GError       **error)
{
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  unlinkat (self->folder_fd, self->temp_base, 0);
  self->done = TRUE;
  return set_errno_error (error, saved_errno);
}

gboolean
cf_atomic_file_append (CfAtomicFile  *self,
                       const void    *data,
                       gsize          len,
                       GError       **error)
{
  const char *p = data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!self->done && self->fd >= 0, FALSE);

  while (len > 0)
    {
      gssize written = write (self->fd, p, MIN (len, (gsize) G_MAXSSIZE));

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        return fail (self, errno, error);
      if (written == 0)
        return fail (self, ENOSPC, error);
      p += written;
      len -= (gsize) written;
    }
  return TRUE;
}

gboolean
cf_atomic_file_commit (CfAtomicFile  *self,
                       GError       **error)
{
  gboolean durable;
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!self->done && self->fd >= 0, FALSE);

  durable = (self->flags & CF_ATOMIC_FILE_NO_SYNC) == 0;

  if (durable && fsync (self->fd) != 0)
    return fail (self, errno, error);

  /* Some file systems (NFS) only report a failed write when closing. */
  fd = self->fd;
  self->fd = -1;
  if (close (fd) != 0 && errno != EINTR)
    return fail (self, errno, error);

  if (renameat (self->folder_fd, self->temp_base, self->folder_fd, self->base) != 0)
    return fail (self, errno, error);
  self->done = TRUE;

  /* The rename itself reaches the disk with the folder. The new file is in
   * place whatever this says: a file system that cannot sync a folder
   * only makes the rename less certain to survive a power cut. */
  if (durable && fsync (self->folder_fd) != 0)
    g_debug ("Could not flush the folder of %s: %s", self->base, g_strerror (errno));

  return TRUE;
}

void
cf_atomic_file_free (CfAtomicFile *self)
{
  if (self == NULL)
    return;

  if (!self->done)
    {
      if (self->fd >= 0)
        close (self->fd);
      unlinkat (self->folder_fd, self->temp_base, 0);
    }
  else if (self->fd >= 0)
    close (self->fd);
  if (self->folder_fd >= 0)
    close (self->folder_fd);
  g_free (self->base);
  g_free (self->temp_base);
  g_free (self->temp_path);
  g_free (self);
}

gboolean
cf_atomic_file_write_at (int                 dir_fd,
                         const char         *name,
                         const void         *data,
                         gsize               len,
                         int                 mode,
                         CfAtomicFileFlags   flags,
                         GError            **error)
{
  g_autoptr(CfAtomicFile) file = NULL;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  file = cf_atomic_file_new_at (dir_fd, name, mode, flags, error);
  return file != NULL &&
         cf_atomic_file_append (file, data, len, error) &&
         cf_atomic_file_commit (file, error);
}

gboolean
cf_atomic_file_write (const char  *path,
                      const void  *data,
                      gsize        len,
                      int          mode,
                      GError     **error)
{
  return cf_atomic_file_write_at (AT_FDCWD, path, data, len, mode, CF_ATOMIC_FILE_NONE, error);
}
