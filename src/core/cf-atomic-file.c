/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-atomic-file.c: temporary file beside the target, fsync, rename,
 * fsync of the folder. */

#define G_LOG_DOMAIN "certifica-core"
/* syncfs() */
#define _GNU_SOURCE

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cf-atomic-file.h"

/* A temporary name keeps at most this much of the target's name, so that
 * it stays under NAME_MAX (255) with its prefix and suffix. */
#define MAX_BASE_IN_TEMP 200

/* A temporary file is ".NAME.cf-tmp-XXXXXX": recognisably ours, so that
 * one a killed process left behind can be removed later. */
#define TEMP_MARK        ".cf-tmp-"
#define TEMP_RANDOM_LEN  6
static const char temp_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

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

/* The causes a person can act on say what to do; the others are the
 * system's words. Callers put this after their own "could not save …:". */
static const char *
describe_errno (int saved_errno)
{
  switch (saved_errno)
    {
    case ENOSPC:
      return _("no space is left on the disk; free some space or choose another folder");
#ifdef EDQUOT
    case EDQUOT:
      return _("your disk quota is used up; free some space or choose another folder");
#endif
    case EROFS:
      return _("the disk is read-only; choose another folder");
    case EACCES:
    case EPERM:
      return _("you may not write in this folder; choose another folder or ask for permission to write in it");
    case ENOENT:
      return _("the folder does not exist (it may have been removed, or its disk unplugged); choose another folder");
    case EIO:
      return _("the disk reported an error; check the disk or choose another folder");
    default:
      return g_strerror (saved_errno);
    }
}

static gboolean
set_errno_error (GError **error,
                 int      saved_errno)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       describe_errno (saved_errno));
  return FALSE;
}

/* TRUE for a name cf_atomic_file_new_at() gives its temporary files. */
static gboolean
is_temp_name (const char *name)
{
  gsize len = strlen (name);
  gsize mark_len = strlen (TEMP_MARK);
  const char *mark;

  if (name[0] != '.' || len < 2 + mark_len + TEMP_RANDOM_LEN)
    return FALSE;
  mark = name + len - TEMP_RANDOM_LEN - mark_len;
  if (strncmp (mark, TEMP_MARK, mark_len) != 0)
    return FALSE;
  for (const char *p = mark + mark_len; *p != '\0'; p++)
    if (strchr (temp_chars, *p) == NULL)
      return FALSE;
  return TRUE;
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
      char random[TEMP_RANDOM_LEN + 1];
      struct stat st;

      for (guint i = 0; i < TEMP_RANDOM_LEN; i++)
        random[i] = temp_chars[g_random_int_range (0, sizeof temp_chars - 1)];
      random[TEMP_RANDOM_LEN] = '\0';
      g_free (self->temp_base);
      self->temp_base = g_strdup_printf (".%.*s" TEMP_MARK "%s", (int) base_len, self->base, random);
      self->fd = openat (self->folder_fd, self->temp_base,
                         O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
      if (self->fd < 0)
        {
          saved_errno = errno;
          if (saved_errno != EEXIST && saved_errno != EINTR)
            break;
          continue;
        }

      /* Held until the file is renamed or removed: the lock tells
       * cf_atomic_file_remove_stale() in another process that this one is
       * alive. On a file system without locks nothing is ever removed. */
      while (flock (self->fd, LOCK_EX) != 0 && errno == EINTR)
        ;
      /* Removed as stale between its creation and the lock: another name. */
      if (fstat (self->fd, &st) == 0 && st.st_nlink == 0)
        {
          close (self->fd);
          self->fd = -1;
          saved_errno = EEXIST;
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

guint
cf_atomic_file_remove_stale (int dir_fd)
{
  DIR *dir;
  struct dirent *entry;
  uid_t uid = geteuid ();
  guint removed = 0;
  int fd;

  g_return_val_if_fail (dir_fd >= 0 || dir_fd == AT_FDCWD, 0);

  fd = openat (dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return 0;
    }

  while ((entry = readdir (dir)) != NULL)
    {
      struct stat by_name, opened;
      int temp_fd;

      if (!is_temp_name (entry->d_name))
        continue;
      if (fstatat (fd, entry->d_name, &by_name, AT_SYMLINK_NOFOLLOW) != 0 ||
          !S_ISREG (by_name.st_mode) || by_name.st_uid != uid)
        continue;
      temp_fd = openat (fd, entry->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
      if (temp_fd < 0)
        continue;
      /* A writer holds its lock from creation to rename: a file nobody
       * holds was left by a process that ended before finishing it. Still
       * the same file under that name, so nothing newer is removed. */
      if (flock (temp_fd, LOCK_EX | LOCK_NB) == 0 &&
          fstat (temp_fd, &opened) == 0 &&
          fstatat (fd, entry->d_name, &by_name, AT_SYMLINK_NOFOLLOW) == 0 &&
          opened.st_dev == by_name.st_dev && opened.st_ino == by_name.st_ino &&
          unlinkat (fd, entry->d_name, 0) == 0)
        removed++;
      close (temp_fd);
    }
  closedir (dir);

  if (removed > 0)
    g_debug ("Removed %u temporary files left by an interrupted run", removed);
  return removed;
}

gboolean
cf_atomic_file_sync_folder (int      dir_fd,
                            GError **error)
{
  int fd;

  g_return_val_if_fail (dir_fd >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The names (renames) of the folder, then whatever the file system still
   * holds: syncfs() reports a write-back error (EIO, ENOSPC) since Linux
   * 5.8 even when the fsync() that would have seen it ran in another
   * process or was never made. */
  fd = openat (dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return set_errno_error (error, errno);
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved_errno = errno;

      close (fd);
      return set_errno_error (error, saved_errno);
    }
#ifdef __linux__
  if (syncfs (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return set_errno_error (error, saved_errno);
    }
#endif
  close (fd);
  return TRUE;
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
