/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli dec seal when the output folder fails it, or the process
 * dies: a full disk (a 256 KiB tmpfs in a private mount namespace), a
 * read-only disk, a folder it may not write in, a folder removed mid-batch, SIGKILL at
 * random moments, SIGSEGV with core files allowed. Each time the batch stops with the cause named, every file
 * present verifies, no temporary file is left (a killed run's are removed
 * by the next), and no core file holds the password or the key. */
/* memmem() */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cf-dec-xml.h"
#include "cf-test-ca.h"
#include "cf-test-dec.h"
#include "cf-test-util.h"

#define SIGNER_CURP "PELM800101MDFRPR01"
#define PASSWORD "12345678a"

typedef struct
{
  char *dir;
  char *cer;
  char *key;
  char *ca;      /* the CA that issued cer: --trust-anchor */
  char *store;   /* the bitácora of what was sealed unchecked */
} Signer;

static Signer *shared;

static Signer *
get_signer (void)
{
  if (shared != NULL)
    return shared;
  shared = g_new0 (Signer, 1);
  shared->dir = cf_test_mkdtemp ();
  cf_test_make_signer (shared->dir, SIGNER_CURP, &shared->cer, &shared->key, &shared->ca);
  shared->store = g_build_filename (shared->dir, "store.db", NULL);
  return shared;
}

/* @n documents @parent/in/dec-NNN.xml. */
static GPtrArray *
make_inputs (const char *parent,
             guint       n)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_build_filename (parent, "in", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CfDec) dec = cf_test_dec_new ();
      g_autofree char *name = g_strdup_printf ("dec-%03u.xml", i);
      g_autofree char *folio = g_strdup_printf ("F-%04u", i);
      char *path = g_build_filename (dir, name, NULL);

      cf_dec_set (dec, CF_DEC_FIELD_FOLIO_CONTROL, folio);
      g_assert_true (cf_dec_xml_write_file (dec, path, &error));
      g_assert_no_error (error);
      g_ptr_array_add (paths, path);
    }
  return paths;
}

/* certifica-cli dec seal, in @prefix (a wrapper and its arguments, or
 * NULL), of @inputs into @out_dir: the signer's CA as anchor, and no
 * revocation service to ask (none listens on port 1), accepted. */
static GPtrArray *
seal_argv (const char * const *prefix,
           const char         *out_dir,
           GPtrArray          *inputs)
{
  Signer *s = get_signer ();
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; prefix != NULL && prefix[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (prefix[i]));
  g_ptr_array_add (argv, g_strdup (cf_test_cli_path ()));
  g_ptr_array_add (argv, g_strdup ("--store"));
  g_ptr_array_add (argv, g_strdup (s->store));
  g_ptr_array_add (argv, g_strdup ("dec"));
  g_ptr_array_add (argv, g_strdup ("seal"));
  g_ptr_array_add (argv, g_strdup ("--cer"));
  g_ptr_array_add (argv, g_strdup (s->cer));
  g_ptr_array_add (argv, g_strdup ("--key"));
  g_ptr_array_add (argv, g_strdup (s->key));
  g_ptr_array_add (argv, g_strdup ("--password-stdin"));
  g_ptr_array_add (argv, g_strdup ("--trust-anchor"));
  g_ptr_array_add (argv, g_strdup (s->ca));
  g_ptr_array_add (argv, g_strdup ("--ocsp-url"));
  g_ptr_array_add (argv, g_strdup ("http://127.0.0.1:1/"));
  g_ptr_array_add (argv, g_strdup ("--allow-unchecked-revocation"));
  g_ptr_array_add (argv, g_strdup ("--jobs"));
  g_ptr_array_add (argv, g_strdup ("2"));
  g_ptr_array_add (argv, g_strdup ("--out"));
  g_ptr_array_add (argv, g_strdup (out_dir));
  for (guint i = 0; i < inputs->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (inputs, i)));
  g_ptr_array_add (argv, NULL);
  return argv;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted: the sealed files (*.xml) and the others. */
static void
list_dir (const char  *dir,
          GPtrArray  **out_xml,
          GPtrArray  **out_other)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  GPtrArray *xml = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *other = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (name[0] != '.' && g_str_has_suffix (name, ".xml") ? xml : other,
                     g_build_filename (dir, name, NULL));
  g_ptr_array_sort (xml, compare_paths);
  g_ptr_array_sort (other, compare_paths);
  *out_xml = xml;
  if (out_other != NULL)
    *out_other = other;
  else
    g_ptr_array_unref (other);
}

static char *
join_names (GPtrArray *paths)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (paths, i));

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", base);
    }
  return g_string_free (text, FALSE);
}

/* Every one of @paths verifies with the signer's CA as anchor. */
static void
assert_all_verify (GPtrArray *paths)
{
  Signer *s = get_signer ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  int status;

  if (paths->len == 0)
    return;
  g_ptr_array_add (argv, (gpointer) cf_test_cli_path ());
  g_ptr_array_add (argv, "dec");
  g_ptr_array_add (argv, "verify");
  g_ptr_array_add (argv, "--trust-anchor");
  g_ptr_array_add (argv, s->ca);
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (paths, i));
  g_ptr_array_add (argv, NULL);
  status = cf_test_spawn ((const char * const *) argv->pdata, NULL, &out, NULL);
  if (status != 0)
    g_printerr ("%s", out);
  g_assert_cmpint (status, ==, 0);
  {
    g_auto(GStrv) parts = g_strsplit (out, "the seal is valid\n", -1);

    g_assert_cmpuint (g_strv_length (parts) - 1, ==, paths->len);
  }
}

/* The CLI's messages in Spanish, as a registrar reads them. */
static GSubprocessLauncher *
spanish_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "es_MX:es", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "es_MX.UTF-8", TRUE);
  return launcher;
}

static int
run_launcher (GSubprocessLauncher  *launcher,
              GPtrArray            *argv,
              const char           *stdin_text,
              char                **out,
              char                **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, stdin_text, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* ------------------------------------------------------------------ */
/* A full disk                                                         */
/* ------------------------------------------------------------------ */

/* The first way to mount a tmpfs without touching this system's mounts:
 * a private mount namespace (and user namespace when not root). */
static const char *
find_unshare (void)
{
  static const char * const ways[] = { "-rm", "-m" };
  g_autofree char *unshare = g_find_program_in_path ("unshare");

  for (guint i = 0; i < G_N_ELEMENTS (ways) && unshare != NULL; i++)
    {
      const char * const argv[] = { "unshare", ways[i], "true", NULL };

      if (cf_test_spawn (argv, NULL, NULL, NULL) == 0)
        return ways[i];
    }
  return NULL;
}

static void
test_no_space (void)
{
  const char *way = find_unshare ();
  g_autofree char *dir = NULL;
  g_autofree char *mnt = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *rc_text = NULL;
  g_autofree char *other_names = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GPtrArray) xml = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *rc_path = NULL;
  gint64 start;
  double seconds;
  int status;

  if (way == NULL)
    {
      g_test_skip ("No private mount namespace here (unshare -rm and unshare -m fail): no small file system to fill");
      return;
    }

  dir = cf_test_mkdtemp ();
  mnt = g_build_filename (dir, "mnt", NULL);
  copy = g_build_filename (dir, "copy", NULL);
  rc_path = g_build_filename (dir, "rc", NULL);
  g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (copy, 0755), ==, 0);
  inputs = make_inputs (dir, 500);

  /* In the namespace: mount, seal into it, copy out what is there (hidden
   * files too: a temporary file left behind must be seen). */
  {
    g_autofree char *out_dir = g_build_filename (mnt, "out", NULL);
    g_autofree char *script = g_strdup_printf (
      "set -e; mount -t tmpfs -o size=256k certifica-test '%s'; set +e; "
      "\"$@\"; echo $? > '%s'; cp -a '%s'/. '%s'/",
      mnt, rc_path, out_dir, copy);
    const char * const prefix[] = { "unshare", way, "sh", "-c", script, "sh", NULL };

    argv = seal_argv (prefix, out_dir, inputs);
  }
  launcher = spanish_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  start = g_get_monotonic_time ();
  status = run_launcher (launcher, argv, PASSWORD "\n", &out, &err);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("500 inputs onto a 256 KiB tmpfs: %.2f s", seconds);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (rc_path, &rc_text, NULL, NULL));

  /* Stopped, non-zero, the cause and what to do said once, in Spanish. */
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (atoi (rc_text), ==, 1);
  g_assert_nonnull (strstr (err, "no queda espacio en el disco; libere espacio o elija otra carpeta"));
  g_assert_nonnull (strstr (err, "El sellado se detuvo"));
  g_assert_null (strstr (err, "rechaz"));
  g_assert_null (strstr (out, PASSWORD));
  g_assert_null (strstr (err, PASSWORD));

  /* Some files fit; each verifies; nothing half-written is left. */
  list_dir (copy, &xml, &other);
  other_names = join_names (other);
  g_assert_cmpstr (other_names, ==, "");
  g_test_message ("%u sealed files fit", xml->len);
  g_assert_cmpuint (xml->len, >, 0);
  g_assert_cmpuint (xml->len, <, 500);
  assert_all_verify (xml);

  cf_test_rmdir (dir);
}

/* A read-only disk: the same tmpfs, remounted read-only before the run. */
static void
test_read_only_disk (void)
{
  const char *way = find_unshare ();
  g_autofree char *dir = NULL;
  g_autofree char *mnt = NULL;
  g_autofree char *rc_path = NULL;
  g_autofree char *listing_path = NULL;
  g_autofree char *rc_text = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  if (way == NULL)
    {
      g_test_skip ("No private mount namespace here (unshare -rm and unshare -m fail): no disk to make read-only");
      return;
    }

  dir = cf_test_mkdtemp ();
  mnt = g_build_filename (dir, "mnt", NULL);
  rc_path = g_build_filename (dir, "rc", NULL);
  listing_path = g_build_filename (dir, "listing", NULL);
  g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);
  inputs = make_inputs (dir, 20);
  {
    g_autofree char *out_dir = g_build_filename (mnt, "out", NULL);
    g_autofree char *script = g_strdup_printf (
      "set -e; mount -t tmpfs -o size=256k certifica-test '%s'; mkdir '%s'; "
      "mount -o remount,ro '%s'; set +e; \"$@\"; echo $? > '%s'; ls -A '%s' > '%s'",
      mnt, out_dir, mnt, rc_path, out_dir, listing_path);
    const char * const prefix[] = { "unshare", way, "sh", "-c", script, "sh", NULL };

    argv = seal_argv (prefix, out_dir, inputs);
  }
  launcher = spanish_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_assert_cmpint (run_launcher (launcher, argv, PASSWORD "\n", NULL, &err), ==, 0);
  g_test_message ("stderr: %s", err);
  g_assert_true (g_file_get_contents (rc_path, &rc_text, NULL, NULL));
  g_assert_cmpint (atoi (rc_text), ==, 1);
  g_assert_nonnull (strstr (err, "el disco es de solo lectura; elija otra carpeta"));
  g_assert_nonnull (strstr (err, "El sellado se detuvo: no se selló nada."));
  g_assert_null (strstr (err, "rechaz"));
  g_assert_true (g_file_get_contents (listing_path, &listing, NULL, NULL));
  g_assert_cmpstr (listing, ==, "");

  cf_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* A folder it may not write in                                        */
/* ------------------------------------------------------------------ */

static void
test_read_only_folder (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GPtrArray) inputs = make_inputs (dir, 20);
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GPtrArray) xml = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  /* Root writes anywhere (CAP_DAC_OVERRIDE): the CLI runs without that
   * capability, and without reading past permissions either. */
  const char * const unprivileged[] = { "setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
                                        "--inh-caps=-all", "--", NULL };

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (out_dir, 0555), ==, 0);

  if (geteuid () == 0)
    {
      const char * const probe[] = { "setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
                                     "--inh-caps=-all", "--", "sh", "-c", "! touch \"$1\"/probe 2>/dev/null",
                                     "sh", out_dir, NULL };

      if (cf_test_spawn (probe, NULL, NULL, NULL) != 0)
        {
          g_test_skip ("Running as root, and setpriv cannot drop CAP_DAC_OVERRIDE here");
          g_chmod (out_dir, 0755);
          cf_test_rmdir (dir);
          return;
        }
    }

  argv = seal_argv (geteuid () == 0 ? unprivileged : NULL, out_dir, inputs);
  launcher = spanish_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_assert_cmpint (run_launcher (launcher, argv, PASSWORD "\n", &out, &err), ==, 1);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, "no tiene permiso para escribir en esta carpeta"));
  g_assert_nonnull (strstr (err, "El sellado se detuvo: no se selló nada."));
  g_assert_null (strstr (err, "rechaz"));

  list_dir (out_dir, &xml, &other);
  g_ptr_array_extend_and_steal (xml, g_steal_pointer (&other));
  names = join_names (xml);
  g_assert_cmpstr (names, ==, "");

  g_chmod (out_dir, 0755);
  cf_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* The folder removed mid-batch                                        */
/* ------------------------------------------------------------------ */

/* Empties and removes @dir while files keep arriving in it. */
static void
remove_folder_now (const char *dir)
{
  for (guint attempt = 0; attempt < 1000; attempt++)
    {
      g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
      const char *name;

      g_assert_nonnull (listing);
      while ((name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);

          g_unlink (path);
        }
      if (g_rmdir (dir) == 0)
        return;
      g_assert_cmpint (errno, ==, ENOTEMPTY);
    }
  g_assert_not_reached ();
}

static void
test_vanished_folder (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autoptr(GPtrArray) inputs = make_inputs (dir, 300);
  g_autoptr(GPtrArray) argv = seal_argv (NULL, out_dir, inputs);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 deadline;

  launcher = spanish_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  {
    GOutputStream *in = g_subprocess_get_stdin_pipe (process);

    /* Read up to the newline; communicate() closes the pipe. */
    g_assert_true (g_output_stream_write_all (in, PASSWORD "\n", strlen (PASSWORD "\n"), NULL, NULL, NULL));
  }

  /* Removed once the first file is there, as a disk unplugged would be. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GPtrArray) xml = NULL;

      if (g_file_test (out_dir, G_FILE_TEST_IS_DIR))
        {
          list_dir (out_dir, &xml, NULL);
          if (xml->len > 0)
            break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2000);
    }
  remove_folder_now (out_dir);

  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "la carpeta no existe (quizá se borró o se desconectó su disco); elija otra carpeta"));
  g_assert_nonnull (strstr (err, "El sellado se detuvo"));
  g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));

  cf_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* SIGKILL at random moments                                           */
/* ------------------------------------------------------------------ */

static GSubprocess *
spawn_seal (GPtrArray *argv,
            GError   **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  GSubprocess *process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  GOutputStream *in;

  if (process == NULL)
    return NULL;
  in = g_subprocess_get_stdin_pipe (process);
  g_assert_true (g_output_stream_write_all (in, PASSWORD "\n", strlen (PASSWORD "\n"), NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (in, NULL, NULL));
  return process;
}

static void
test_killed (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *timing_dir = g_build_filename (dir, "timing", NULL);
  g_autoptr(GPtrArray) inputs = make_inputs (dir, 100);
  g_autoptr(GPtrArray) argv = seal_argv (NULL, out_dir, inputs);
  g_autofree char *stale = g_build_filename (out_dir, ".dec-000.xml.cf-tmp-Ab3xYz", NULL);
  g_autofree char *live = g_build_filename (out_dir, ".dec-001.xml.cf-tmp-L1veRn", NULL);
  g_autofree char *foreign = g_build_filename (out_dir, ".dec-002.xml.tmp", NULL);
  g_autofree char *other_names = NULL;
  g_autoptr(GPtrArray) xml = NULL;
  g_autoptr(GPtrArray) other = NULL;
  guint left_behind = 0;
  gint64 full;
  int live_fd;

  /* How long a whole run takes here: the kills fall within it. */
  {
    g_autoptr(GPtrArray) timing = seal_argv (NULL, timing_dir, inputs);
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) process = NULL;
    gint64 start = g_get_monotonic_time ();

    process = spawn_seal (timing, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
    full = g_get_monotonic_time () - start;
    g_test_message ("a whole run of %u inputs: %.2f s", inputs->len, full / (double) G_USEC_PER_SEC);
  }

  for (guint k = 0; k < 20; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) process = spawn_seal (argv, &error);
      g_autoptr(GPtrArray) k_xml = NULL;
      g_autoptr(GPtrArray) k_other = NULL;

      g_assert_no_error (error);
      g_usleep (g_random_int_range (0, (gint32) MIN (full, G_MAXINT32)));
      g_subprocess_force_exit (process);
      g_assert_true (g_subprocess_wait (process, NULL, NULL));
      if (g_file_test (out_dir, G_FILE_TEST_IS_DIR))
        {
          list_dir (out_dir, &k_xml, &k_other);
          left_behind += k_other->len;
        }
    }
  g_test_message ("temporary files seen after the kills: %u", left_behind);

  /* A killed run's file for certain, one a live writer still holds (this
   * test, as another run would), and a file that is not ours. */
  g_assert_true (g_file_set_contents (stale, "<?xml version=\"1.0\"?><Dec", -1, NULL));
  g_assert_true (g_file_set_contents (live, "<?xml", -1, NULL));
  g_assert_true (g_file_set_contents (foreign, "not ours", -1, NULL));
  live_fd = g_open (live, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (live_fd, >=, 0);
  g_assert_cmpint (flock (live_fd, LOCK_EX), ==, 0);

  /* The next run finishes the job and cleans up after the killed ones. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) process = spawn_seal (argv, &error);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
  }
  close (live_fd);

  list_dir (out_dir, &xml, &other);
  other_names = join_names (other);
  g_assert_cmpstr (other_names, ==, ".dec-001.xml.cf-tmp-L1veRn .dec-002.xml.tmp");
  g_assert_cmpuint (xml->len, ==, inputs->len);
  assert_all_verify (xml);

  cf_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* SIGSEGV with core files allowed                                     */
/* ------------------------------------------------------------------ */

/* The core files in @dir ("core", "core.PID"), as core_pattern "core" writes them. */
static guint
count_cores (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (listing)) != NULL)
    n += g_str_equal (name, "core") || g_str_has_prefix (name, "core.");
  return n;
}

/* The RSA key's first prime, big-endian, from OpenSSL. */
static GBytes *
read_prime (void)
{
  Signer *s = get_signer ();
  const char * const argv[] = { "openssl", "pkey", "-inform", "DER", "-in", s->key,
                                "-passin", "pass:" PASSWORD, "-noout", "-text", NULL };
  g_autofree char *text = NULL;
  g_autoptr(GByteArray) prime = g_byte_array_new ();
  const char *p, *end;

  g_assert_cmpint (cf_test_spawn (argv, NULL, &text, NULL), ==, 0);
  p = strstr (text, "prime1:");
  end = strstr (text, "prime2:");
  g_assert_nonnull (p);
  g_assert_nonnull (end);
  for (p += strlen ("prime1:"); p + 1 < end; p++)
    if (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]))
      {
        guint8 byte = (guint8) (g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]));

        if (prime->len > 0 || byte != 0)
          g_byte_array_append (prime, &byte, 1);
        p++;
      }
  g_assert_cmpuint (prime->len, >=, 128);
  return g_byte_array_free_to_bytes (g_steal_pointer (&prime));
}

static gboolean
contains (GBytes       *haystack,
          const guint8 *needle,
          gsize         len)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (haystack, &size);

  return size >= len && memmem (data, size, needle, len) != NULL;
}

/* No file under @dir holds the password or the prime (in either byte order). */
static void
assert_no_secret_in (const char *dir,
                     GBytes     *prime)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  gsize len;
  const guint8 *big = g_bytes_get_data (prime, &len);
  g_autofree guint8 *little = g_malloc (len);
  const char *name;

  for (gsize i = 0; i < len; i++)
    little[i] = big[len - 1 - i];
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_no_secret_in (path, prime);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GBytes) data = cf_test_read_file (path);

          if (contains (data, (const guint8 *) PASSWORD, strlen (PASSWORD)) ||
              contains (data, big, len) || contains (data, little, len))
            g_error ("%s holds the password or the key", path);
        }
    }
}

static void
test_no_core (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *pattern = NULL;
  g_autoptr(GPtrArray) inputs = make_inputs (dir, 300);
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GBytes) prime = read_prime ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char * const allow_cores[] = { "sh", "-c", "ulimit -c unlimited && exec \"$@\"", "sh", NULL };
  const char *asan;
  gint64 deadline;
  int status;

  g_file_get_contents ("/proc/sys/kernel/core_pattern", &pattern, NULL, NULL);

  /* An ordinary process killed the same way leaves a core file here, or
   * this system keeps core files elsewhere (a handler, a folder) and the
   * test cannot look. */
  {
    g_autoptr(GSubprocessLauncher) control_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
    g_autoptr(GSubprocess) control = NULL;
    const char * const control_argv[] = { "sh", "-c", "ulimit -c unlimited && exec sleep 60", NULL };

    g_subprocess_launcher_set_cwd (control_launcher, dir);
    control = g_subprocess_launcher_spawnv (control_launcher, control_argv, &error);
    g_assert_no_error (error);
    g_usleep (200 * 1000);
    g_subprocess_send_signal (control, SIGSEGV);
    g_assert_true (g_subprocess_wait (control, NULL, NULL));
    status = g_subprocess_get_status (control);
    if (!WIFSIGNALED (status) || !WCOREDUMP (status) || count_cores (dir) == 0)
      {
        g_autofree char *message =
          g_strdup_printf ("No core file in the working directory for a crashing process "
                           "(core_pattern: %s): nothing to look for", g_strstrip (pattern));

        g_test_skip (message);
        cf_test_rmdir (dir);
        return;
      }
    assert_no_secret_in (dir, prime);
    {
      g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (listing)) != NULL)
        if (g_str_equal (name, "core") || g_str_has_prefix (name, "core."))
          {
            g_autofree char *path = g_build_filename (dir, name, NULL);

            g_assert_cmpint (g_unlink (path), ==, 0);
          }
    }
  }

  argv = seal_argv (allow_cores, out_dir, inputs);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  /* Under AddressSanitizer the kernel, not the sanitizer, takes the signal. */
  asan = g_getenv ("ASAN_OPTIONS");
  {
    g_autofree char *options = g_strdup_printf ("%s%shandle_segv=0:disable_coredump=0",
                                                asan != NULL ? asan : "", asan != NULL ? ":" : "");

    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
  }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  {
    GOutputStream *in = g_subprocess_get_stdin_pipe (process);

    g_assert_true (g_output_stream_write_all (in, PASSWORD "\n", strlen (PASSWORD "\n"), NULL, NULL, NULL));
    g_assert_true (g_output_stream_close (in, NULL, NULL));
  }

  /* Mid-batch: once the first sealed file is there. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GPtrArray) xml = NULL;

      if (g_file_test (out_dir, G_FILE_TEST_IS_DIR))
        {
          list_dir (out_dir, &xml, NULL);
          if (xml->len > 0)
            break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2000);
    }
  g_subprocess_send_signal (process, SIGSEGV);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  status = g_subprocess_get_status (process);

  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGSEGV);
  g_assert_false (WCOREDUMP (status));
  g_assert_cmpuint (count_cores (dir), ==, 0);
  assert_no_secret_in (dir, prime);

  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/seal-durable/no-space", test_no_space);
  g_test_add_func ("/cli/seal-durable/read-only-disk", test_read_only_disk);
  g_test_add_func ("/cli/seal-durable/read-only-folder", test_read_only_folder);
  g_test_add_func ("/cli/seal-durable/vanished-folder", test_vanished_folder);
  g_test_add_func ("/cli/seal-durable/killed", test_killed);
  g_test_add_func ("/cli/seal-durable/no-core", test_no_core);

  status = g_test_run ();
  if (shared != NULL)
    cf_test_rmdir (shared->dir);
  return status;
}
