/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-atomic-file: the file is whole after the call; a failed write leaves
 * the old file as it was and no temporary file behind. Failures are made
 * without special privileges (the tests may run as root, for whom a
 * read-only folder is no obstacle): a file size limit (RLIMIT_FSIZE), a
 * folder in the target's place, a missing folder, an abandoned stream. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cf-atomic-file.h"
#include "cf-test-util.h"

#define OLD_TEXT "the old, complete file\n"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted, joined with spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_contents (const char *path,
                 const char *expected,
                 gsize       expected_len)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, expected, expected_len);
}

static char *
write_old_file (const char *dir)
{
  char *path = g_build_filename (dir, "target.xml", NULL);

  g_assert_true (g_file_set_contents (path, OLD_TEXT, -1, NULL));
  return path;
}

static void
test_complete (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "new.xml", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc (3 * 1024 * 1024 + 7);
  struct stat st;
  mode_t old_umask;

  /* A new file, whole, with the mode asked for (less the umask). */
  old_umask = umask (022);
  g_assert_true (cf_atomic_file_write (path, "<Dec/>\n", 7, 0640, &error));
  umask (old_umask);
  g_assert_no_error (error);
  assert_contents (path, "<Dec/>\n", 7);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);

  /* Replaced by a bigger one, written in many pieces by write(). */
  for (gsize i = 0; i < 3 * 1024 * 1024 + 7; i++)
    big[i] = (char) ('a' + i % 26);
  g_assert_true (cf_atomic_file_write (path, big, 3 * 1024 * 1024 + 7, 0644, &error));
  g_assert_no_error (error);
  assert_contents (path, big, 3 * 1024 * 1024 + 7);

  /* Empty is a complete file too. */
  g_assert_true (cf_atomic_file_write (path, "", 0, 0644, &error));
  g_assert_no_error (error);
  assert_contents (path, "", 0);

  /* Nothing but the file in the folder. */
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "new.xml");

  cf_test_rmdir (dir);
}

/* Relative to an open folder, without syncs (the batch sealer's way). */
static void
test_write_at (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = write_old_file (dir);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  int dir_fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  g_assert_cmpint (dir_fd, >=, 0);
  g_assert_true (cf_atomic_file_write_at (dir_fd, "target.xml", "new\n", 4, 0644,
                                          CF_ATOMIC_FILE_NO_SYNC, &error));
  g_assert_no_error (error);
  assert_contents (path, "new\n", 4);
  g_assert_true (cf_atomic_file_write_at (dir_fd, "other.xml", "other\n", 6, 0644,
                                          CF_ATOMIC_FILE_NONE, &error));
  g_assert_no_error (error);
  g_close (dir_fd, NULL);

  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "other.xml target.xml");
  cf_test_rmdir (dir);
}

/* The disk fills up halfway (a file size limit stands in for it): the old
 * file is still there, whole, and the half-written one is gone. */
static void
test_failed_write_keeps_old (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = write_old_file (dir);
  g_autofree char *names = NULL;
  g_autofree char *big = g_malloc0 (256 * 1024);
  g_autoptr(GError) error = NULL;
  const gint file_too_big = g_io_error_from_errno (EFBIG);
  struct rlimit saved, limited;
  void (*saved_handler) (int);
  gboolean ok;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 64 * 1024;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);

  ok = cf_atomic_file_write (path, big, 256 * 1024, 0644, &error);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, file_too_big);
  g_assert_cmpstr (error->message, ==, g_strerror (EFBIG));
  assert_contents (path, OLD_TEXT, strlen (OLD_TEXT));
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "target.xml");

  cf_test_rmdir (dir);
}

/* The rename fails (a folder is where the file should go). */
static void
test_failed_rename (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "target.xml", NULL);
  g_autofree char *inside = g_build_filename (path, "keep", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, OLD_TEXT, -1, NULL));

  g_assert_false (cf_atomic_file_write (path, "new\n", 4, 0644, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  assert_contents (inside, OLD_TEXT, strlen (OLD_TEXT));
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "target.xml");

  cf_test_rmdir (dir);
}

static void
test_missing_folder (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "absent", "target.xml", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (cf_atomic_file_write (path, "new\n", 4, 0644, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  /* The cause, and what to do. */
  g_assert_nonnull (strstr (error->message, "the folder does not exist"));
  g_assert_nonnull (strstr (error->message, "choose another folder"));
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "");

  cf_test_rmdir (dir);
}

/* A temporary file left by a process that died is removed; one a live
 * writer holds, a name that is not ours, a link and a folder are not. */
static void
test_remove_stale (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *stale = g_build_filename (dir, ".a.xml.cf-tmp-Ab3xYz", NULL);
  g_autofree char *foreign = g_build_filename (dir, ".b.xml.tmp", NULL);
  g_autofree char *link = g_build_filename (dir, ".c.xml.cf-tmp-L1nk00", NULL);
  g_autofree char *folder = g_build_filename (dir, ".d.xml.cf-tmp-D1r000", NULL);
  g_autofree char *target = g_build_filename (dir, "e.xml", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  CfAtomicFile *live;
  int dir_fd;

  g_assert_true (g_file_set_contents (stale, "<Dec", -1, NULL));
  g_assert_true (g_file_set_contents (foreign, "not ours", -1, NULL));
  g_assert_cmpint (symlink (foreign, link), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  /* A writer of this very process, as another run's would be. */
  live = cf_atomic_file_new (target, 0644, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (cf_atomic_file_get_temp_path (live), "/.e.xml.cf-tmp-"));

  dir_fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  g_assert_cmpint (dir_fd, >=, 0);
  g_assert_cmpuint (cf_atomic_file_remove_stale (dir_fd), ==, 1);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (cf_atomic_file_get_temp_path (live), G_FILE_TEST_IS_REGULAR));

  /* The live one still commits. */
  g_assert_true (cf_atomic_file_append (live, "new\n", 4, &error));
  g_assert_true (cf_atomic_file_commit (live, &error));
  g_assert_no_error (error);
  cf_atomic_file_free (live);
  assert_contents (target, "new\n", 4);
  g_assert_cmpuint (cf_atomic_file_remove_stale (dir_fd), ==, 0);
  close (dir_fd);

  names = list_dir (dir);
  g_assert_cmpstr (names, ==, ".b.xml.tmp .c.xml.cf-tmp-L1nk00 .d.xml.cf-tmp-D1r000 e.xml");

  g_rmdir (folder);
  cf_test_rmdir (dir);
}

/* A stream abandoned before the commit changes nothing; a library may
 * write the temporary file by its path. */
static void
test_stream (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = write_old_file (dir);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  CfAtomicFile *file;

  file = cf_atomic_file_new (path, 0644, &error);
  g_assert_no_error (error);
  g_assert_true (cf_atomic_file_append (file, "half", 4, &error));
  g_assert_no_error (error);
  names = list_dir (dir);
  g_assert_cmpuint (strlen (names), >, strlen ("target.xml"));   /* the temporary file is there */
  cf_atomic_file_free (file);
  assert_contents (path, OLD_TEXT, strlen (OLD_TEXT));
  g_clear_pointer (&names, g_free);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "target.xml");

  /* Written by path, as libxlsxwriter does, then committed. */
  file = cf_atomic_file_new (path, 0644, &error);
  g_assert_no_error (error);
  {
    FILE *out = fopen (cf_atomic_file_get_temp_path (file), "wb");

    g_assert_nonnull (out);
    g_assert_cmpint (fputs ("by path\n", out), >=, 0);
    g_assert_cmpint (fclose (out), ==, 0);
  }
  g_assert_true (cf_atomic_file_commit (file, &error));
  g_assert_no_error (error);
  cf_atomic_file_free (file);
  assert_contents (path, "by path\n", 8);
  g_clear_pointer (&names, g_free);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "target.xml");

  cf_test_rmdir (dir);
}

/* Many threads replacing the same file: each write is whole. */
static gpointer
writer_thread (gpointer data)
{
  const char *path = data;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("%p %u %s\n", (void *) g_thread_self (), i,
                                               "padding padding padding padding padding");
      g_autoptr(GError) error = NULL;

      if (!cf_atomic_file_write (path, text, strlen (text), 0644, &error))
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

static void
test_concurrent (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = write_old_file (dir);
  g_autofree char *names = NULL;
  g_autofree char *contents = NULL;
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("writer", writer_thread, path);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "padding\n"));
  g_assert_cmpuint (strlen (contents), ==, (gsize) (strchr (contents, '\n') - contents) + 1);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "target.xml");

  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/atomic-file/complete", test_complete);
  g_test_add_func ("/core/atomic-file/write-at", test_write_at);
  g_test_add_func ("/core/atomic-file/failed-write-keeps-old", test_failed_write_keeps_old);
  g_test_add_func ("/core/atomic-file/failed-rename", test_failed_rename);
  g_test_add_func ("/core/atomic-file/missing-folder", test_missing_folder);
  g_test_add_func ("/core/atomic-file/stream", test_stream);
  g_test_add_func ("/core/atomic-file/remove-stale", test_remove_stale);
  g_test_add_func ("/core/atomic-file/concurrent", test_concurrent);

  return g_test_run ();
}
