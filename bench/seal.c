/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/seal: how close batch sealing comes to the cost of the signature.
 *
 *   bench/seal [--n N] [--jobs J] [--subjects S] [--conventional K]
 *
 * Generates N certificates of S subjects (cf-dec-gen) and a throwaway
 * SAT-like 2048-bit e.firma in a temporary folder, then measures in the same
 * run, with J threads:
 *   1. raw GnuTLS RSA-2048 signatures (gnutls_privkey_sign_data on one
 *      shared key over a real cadena: the floor of the whole job), N of
 *      them, half before and half after the batch (a machine whose load
 *      changes during the run is evened out);
 *   2. Certifica's batch: read, validate, cadena, sign, verify, write
 *      atomically, per file (cf_sealer_seal_files);
 *   3. the file work alone, for scale: each input read and written again
 *      atomically (temporary file + rename), no XML, no signature;
 *   4. the conventional pipeline, on K of the same files: xsltproc with
 *      data/xslt/cadena-dec-3.0.xslt, then openssl dgst -sha256 -sign;
 * and prints rates, their ratios in wall-clock and in CPU time (getrusage:
 * user + system of the whole process, which a busy shared machine disturbs
 * less), and the peak RSS (ru_maxrss). Run it with --n 100 and --n 10000
 * to compare memory. Figures, never a test. */

/* syncfs() */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cf-cadena.h"
#include "cf-dec-gen.h"
#include "cf-dec-xml.h"
#include "cf-sealer.h"
#include "cf-test-util.h"

#define BENCH_CURP "PELM800101MDFRPR01"

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* CPU seconds used by the whole process (all threads), user and system:
 * unlike wall time they do not count the time other programs on a shared
 * machine take from us. */
typedef struct
{
  double user;
  double system;
} CpuTime;

static CpuTime
cpu_now (void)
{
  struct rusage usage;
  CpuTime t;

  getrusage (RUSAGE_SELF, &usage);
  t.user = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
  t.system = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  return t;
}

static CpuTime
cpu_since (CpuTime start)
{
  CpuTime now = cpu_now ();

  now.user -= start.user;
  now.system -= start.system;
  return now;
}

static double
now_seconds (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

/* ------------------------------------------------------------------ */
/* Raw GnuTLS signatures                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  gnutls_privkey_t  key;
  gnutls_datum_t    data;
  int               left;   /* atomic: signatures still to make */
} RawSigning;

static gpointer
raw_worker (gpointer user_data)
{
  RawSigning *raw = user_data;

  while (g_atomic_int_add (&raw->left, -1) > 0)
    {
      gnutls_datum_t signature = { NULL, 0 };
      int ret = gnutls_privkey_sign_data (raw->key, GNUTLS_DIG_SHA256, 0, &raw->data, &signature);

      if (ret < 0)
        g_error ("gnutls_privkey_sign_data: %s", gnutls_strerror (ret));
      gnutls_free (signature.data);
    }
  return NULL;
}

static gnutls_privkey_t
import_raw_key (const char *key_path)
{
  g_autoptr(GBytes) der = cf_test_read_file (key_path);
  gnutls_datum_t datum = { (unsigned char *) g_bytes_get_data (der, NULL), (unsigned int) g_bytes_get_size (der) };
  gnutls_x509_privkey_t x509;
  gnutls_privkey_t key;

  if (gnutls_x509_privkey_init (&x509) < 0 ||
      gnutls_x509_privkey_import_pkcs8 (x509, &datum, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN) < 0 ||
      gnutls_privkey_init (&key) < 0 ||
      gnutls_privkey_import_x509 (key, x509, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE) < 0)
    g_error ("cannot import the bench key");
  return key;
}

/* @count signatures with @jobs threads sharing one key, as a TLS server
 * shares its credentials; adds the seconds and CPU time they took. */
static void
raw_signatures (gnutls_privkey_t  key,
                const char       *cadena,
                guint             jobs,
                guint             count,
                double           *inout_seconds,
                CpuTime          *inout_cpu)
{
  RawSigning raw = { key, { (unsigned char *) cadena, (unsigned int) strlen (cadena) }, (int) count };
  g_autofree GThread **threads = g_new0 (GThread *, jobs);
  double start = now_seconds ();
  CpuTime cpu = cpu_now ();

  for (guint i = 0; i < jobs; i++)
    threads[i] = g_thread_new ("raw-sign", raw_worker, &raw);
  for (guint i = 0; i < jobs; i++)
    g_thread_join (threads[i]);

  *inout_seconds += now_seconds () - start;
  cpu = cpu_since (cpu);
  inout_cpu->user += cpu.user;
  inout_cpu->system += cpu.system;
}

/* ------------------------------------------------------------------ */
/* The file work alone                                                 */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char * const *inputs;
  guint               n;
  int                 dir_fd;
  int                 next;   /* atomic */
} FileWork;

/* What the sealer does with files, and nothing else: open, fstat, read,
 * close the input; create a temporary file, write, close, rename. */
static gpointer
file_worker (gpointer user_data)
{
  FileWork *w = user_data;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  guint i;

  while ((i = (guint) g_atomic_int_add (&w->next, 1)) < w->n)
    {
      g_autofree char *base = g_path_get_basename (w->inputs[i]);
      g_autofree char *tmp = g_strdup_printf (".%s.tmp", base);
      struct stat st;
      int fd = open (w->inputs[i], O_RDONLY | O_CLOEXEC);

      if (fd < 0 || fstat (fd, &st) != 0)
        g_error ("%s: %s", w->inputs[i], g_strerror (errno));
      g_byte_array_set_size (buffer, (guint) st.st_size);
      if (read (fd, buffer->data, buffer->len) != (gssize) buffer->len)
        g_error ("reading %s", w->inputs[i]);
      close (fd);

      fd = openat (w->dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd < 0 || write (fd, buffer->data, buffer->len) != (gssize) buffer->len || close (fd) != 0 ||
          renameat (w->dir_fd, tmp, w->dir_fd, base) != 0)
        g_error ("writing %s: %s", base, g_strerror (errno));
    }
  return NULL;
}

static void
file_work (const char * const *inputs,
           guint               n,
           const char         *dir,
           guint               jobs,
           double             *out_seconds,
           CpuTime            *out_cpu)
{
  FileWork w = { inputs, n, -1, 0 };
  g_autofree GThread **threads = g_new0 (GThread *, jobs);
  double start = now_seconds ();
  CpuTime cpu = cpu_now ();

  g_mkdir (dir, 0700);
  w.dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  for (guint i = 0; i < jobs; i++)
    threads[i] = g_thread_new ("file-work", file_worker, &w);
  for (guint i = 0; i < jobs; i++)
    g_thread_join (threads[i]);
  syncfs (w.dir_fd);   /* as the batch does once at the end */
  close (w.dir_fd);
  *out_seconds = now_seconds () - start;
  *out_cpu = cpu_since (cpu);
}

/* ------------------------------------------------------------------ */
/* The conventional pipeline                                           */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char * const *inputs;
  guint               n;
  const char         *xslt;
  const char         *key;
  const char         *dir;
  int                 next;   /* atomic */
  int                 failures;
} Conventional;

static gboolean
run_argv (const char * const *argv,
          const char         *stdout_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;

  if (stdout_path != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, stdout_path);
  process = g_subprocess_launcher_spawnv (launcher, argv, NULL);
  return process != NULL && g_subprocess_wait_check (process, NULL, NULL);
}

static gpointer
conventional_worker (gpointer user_data)
{
  Conventional *c = user_data;
  guint i;

  while ((i = (guint) g_atomic_int_add (&c->next, 1)) < c->n)
    {
      g_autofree char *cadena = g_strdup_printf ("%s/cadena-%u.txt", c->dir, i);
      g_autofree char *sig = g_strdup_printf ("%s/sello-%u.bin", c->dir, i);
      const char *xsltproc[] = { "xsltproc", c->xslt, c->inputs[i], NULL };
      const char *dgst[] = { "openssl", "dgst", "-sha256", "-sign", c->key, "-keyform", "DER",
                             "-out", sig, cadena, NULL };

      if (!run_argv (xsltproc, cadena) || !run_argv (dgst, NULL))
        g_atomic_int_inc (&c->failures);
      /* The pipeline ends in base64 too. */
      {
        g_autofree char *raw = NULL;
        g_autofree char *b64 = NULL;
        gsize len = 0;

        if (g_file_get_contents (sig, &raw, &len, NULL))
          b64 = g_base64_encode ((const guchar *) raw, len);
      }
      g_unlink (cadena);
      g_unlink (sig);
    }
  return NULL;
}

static double
conventional_per_second (const char * const *inputs,
                         guint               n,
                         const char         *xslt,
                         const char         *key,
                         const char         *dir,
                         guint               jobs)
{
  Conventional c = { inputs, n, xslt, key, dir, 0, 0 };
  g_autofree GThread **threads = g_new0 (GThread *, jobs);
  double start = now_seconds (), elapsed;

  for (guint i = 0; i < jobs; i++)
    threads[i] = g_thread_new ("conventional", conventional_worker, &c);
  for (guint i = 0; i < jobs; i++)
    g_thread_join (threads[i]);
  elapsed = now_seconds () - start;
  if (c.failures > 0)
    g_printerr ("conventional pipeline: %d documents failed\n", c.failures);
  return n / elapsed;
}

/* ------------------------------------------------------------------ */

static double
cpu_total (CpuTime t)
{
  return t.user + t.system;
}

int
main (int   argc,
      char *argv[])
{
  int n = 1000;
  int jobs = 0;
  int subjects = 45;
  int conventional = 200;
  g_autofree char *xslt = NULL;
  const GOptionEntry entries[] = {
    { "n", 'n', 0, G_OPTION_ARG_INT, &n, "Number of certificates (default 1000)", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Threads (default: one per processor)", "J" },
    { "subjects", 's', 0, G_OPTION_ARG_INT, &subjects, "Subjects per certificate (default 45)", "S" },
    { "conventional", 'c', 0, G_OPTION_ARG_INT, &conventional,
      "Documents for the xsltproc + openssl pipeline (default 200, 0 = skip)", "K" },
    { "xslt", 0, 0, G_OPTION_ARG_FILENAME, &xslt, "The cadena stylesheet (default: the source tree's)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— batch sealing benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *in_dir = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *copy_dir = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *sample_cadena = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = NULL;
  gnutls_privkey_t raw_key;
  CfSealProgress summary;
  CfTestCertSpec spec = {
    .curp = BENCH_CURP,
    /* 1991–2048: every issue date the generator picks lies inside. */
    .days_from_now_start = -13000,
    .days_valid = 21000,
    .scheme = CF_TEST_KEY_PLAIN,   /* a throwaway key: no PBKDF2 in any pipeline */
  };
  double t0, gen_seconds, raw_seconds = 0, raw_rate, seal_rate, conventional_rate = 0;
  double files_seconds = 0;
  double raw_cpu_ms, seal_cpu_ms;
  CpuTime raw_cpu = { 0, 0 }, seal_cpu, files_cpu = { 0, 0 };
  long rss_after_gen, rss_after_seal;
  gsize input_bytes = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n <= 0 || subjects <= 0 || conventional < 0)
    {
      g_printerr ("--n and --subjects must be positive\n");
      return 2;
    }
  if (jobs <= 0)
    jobs = (int) g_get_num_processors ();
  if (xslt == NULL)
    xslt = g_build_filename (SOURCE_ROOT, "data", "xslt", "cadena-dec-3.0.xslt", NULL);
  conventional = MIN (conventional, n);

  dir = cf_test_mkdtemp ();
  in_dir = g_build_filename (dir, "in", NULL);
  out_dir = g_build_filename (dir, "out", NULL);
  copy_dir = g_build_filename (dir, "copy", NULL);
  work_dir = g_build_filename (dir, "conventional", NULL);
  g_mkdir (in_dir, 0700);
  g_mkdir (work_dir, 0700);

  if (!cf_test_generate_cert (dir, "bench", &spec, &cer, &key, &error))
    g_error ("generating the bench e.firma: %s", error->message);
  certificate = cf_certificate_new_from_file (cer, &error);
  if (certificate == NULL)
    g_error ("%s", error->message);
  private_key = cf_private_key_new_from_file (key, NULL, &error);
  if (private_key == NULL)
    g_error ("%s", error->message);
  credential = cf_credential_new (certificate, private_key, &error);
  if (credential == NULL)
    g_error ("%s", error->message);
  sealer = cf_sealer_new (credential);
  /* The generated e.firma is its own CA, and nobody answers about its
   * revocation: accepted, on record in a throwaway store, so the figures
   * are the sealing's (the check before the batch is one refused connection). */
  {
    g_autofree char *store_path = g_build_filename (dir, "bench.db", NULL);
    g_autoptr(CfTrust) trust = cf_trust_new ();
    g_autoptr(CfStore) store = cf_store_open (store_path, &error);
    g_autoptr(CfContext) context = NULL;

    if (store == NULL || !cf_trust_add_file (trust, cer, &error))
      g_error ("%s", error->message);
    context = cf_context_new (store, NULL);
    cf_sealer_set_trust (sealer, trust);
    cf_sealer_set_context (sealer, context);
    cf_sealer_set_ocsp_url (sealer, "http://127.0.0.1:9/");
    cf_sealer_set_accept (sealer, CF_SEALER_ACCEPT_UNCHECKED_REVOCATION);
  }
  raw_key = import_raw_key (key);

  /* Documents, one at a time to disk: memory stays flat here too. */
  t0 = now_seconds ();
  for (int i = 0; i < n; i++)
    {
      g_autoptr(CfDec) dec = cf_dec_gen_new ((guint32) i + 1, (guint) subjects);
      g_autoptr(GBytes) bytes = NULL;
      char *path = g_strdup_printf ("%s/dec-%06d.xml", in_dir, i);

      cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, BENCH_CURP);
      if (i == 0)
        {
          sample_cadena = cf_cadena_from_dec (dec, &error);
          if (sample_cadena == NULL)
            g_error ("%s", error->message);
        }
      bytes = cf_dec_xml_write_bytes (dec, &error);
      if (bytes == NULL || !g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
        g_error ("writing %s: %s", path, error->message);
      input_bytes += g_bytes_get_size (bytes);
      g_ptr_array_add (inputs, path);
    }
  g_ptr_array_add (inputs, NULL);
  gen_seconds = now_seconds () - t0;
  rss_after_gen = peak_rss_kb ();

  g_print ("certificates:   %d × %d subjects (%.1f kB each on average), generated in %.1f s\n",
           n, subjects, input_bytes / 1024.0 / n, gen_seconds);
  g_print ("threads:        %d (%u processors)\n", jobs, g_get_num_processors ());
  g_print ("cadena length:  %zu bytes (document 1)\n", strlen (sample_cadena));

  /* 1. The floor: as many raw signatures as certificates, half before and
   * half after the batch, same key, same threads. */
  raw_signatures (raw_key, sample_cadena, (guint) jobs, (guint) n / 2, &raw_seconds, &raw_cpu);

  /* 2. Certifica's batch. */
  seal_cpu = cpu_now ();
  results = cf_sealer_seal_files (sealer, (const char * const *) inputs->pdata, out_dir, (guint) jobs,
                                  NULL, NULL, &summary, NULL, &error);
  if (results == NULL)
    g_error ("%s", error->message);
  seal_cpu = cpu_since (seal_cpu);
  seal_rate = summary.sealed / summary.elapsed;
  rss_after_seal = peak_rss_kb ();

  raw_signatures (raw_key, sample_cadena, (guint) jobs, (guint) (n - n / 2), &raw_seconds, &raw_cpu);
  raw_rate = n / raw_seconds;
  gnutls_privkey_deinit (raw_key);

  if (summary.sealed != (guint) n)
    {
      for (guint i = 0; i < results->len; i++)
        {
          const GError *e = cf_seal_result_get_error (g_ptr_array_index (results, i));

          if (e != NULL)
            {
              g_printerr ("refused %s: %s\n", cf_seal_result_get_input (g_ptr_array_index (results, i)), e->message);
              break;
            }
        }
    }

  /* 3. The file work alone, on the same inputs. */
  file_work ((const char * const *) inputs->pdata, (guint) n, copy_dir, (guint) jobs, &files_seconds, &files_cpu);

  raw_cpu_ms = cpu_total (raw_cpu) / n * 1000;
  seal_cpu_ms = cpu_total (seal_cpu) / MAX (summary.sealed, 1) * 1000;
  g_print ("raw GnuTLS RSA-2048 signatures:   %8.1f per second (%d signatures, %d threads)\n",
           raw_rate, n, jobs);
  g_print ("Certifica batch (read, validate, cadena, sign, verify, write):\n");
  g_print ("                  %8.1f certificates per second (%u of %d sealed in %.2f s)\n",
           seal_rate, summary.sealed, n, summary.elapsed);
  g_print ("ratio to raw signatures:          %8.3f (wall clock)\n", seal_rate / raw_rate);
  g_print ("CPU per signature:     %.3f ms (user %.3f, system %.3f)\n", raw_cpu_ms,
           raw_cpu.user / n * 1000, raw_cpu.system / n * 1000);
  g_print ("CPU per certificate:   %.3f ms (user %.3f, system %.3f)\n", seal_cpu_ms,
           seal_cpu.user / MAX (summary.sealed, 1) * 1000, seal_cpu.system / MAX (summary.sealed, 1) * 1000);
  g_print ("ratio to raw signatures:          %8.3f (CPU time, robust to a busy machine)\n",
           raw_cpu_ms / seal_cpu_ms);
  g_print ("ratio to raw signatures:          %8.3f (user CPU time only: the kernel's file work left out)\n",
           (raw_cpu.user / n) / (seal_cpu.user / MAX (summary.sealed, 1)));
  g_print ("file work alone (read, temporary file, write, rename; no XML, no signature):\n");
  g_print ("                  %8.3f ms CPU per file (user %.3f, system %.3f), %.1f files per second\n",
           cpu_total (files_cpu) / n * 1000, files_cpu.user / n * 1000, files_cpu.system / n * 1000,
           n / files_seconds);

  /* 4. The conventional pipeline on a sample of the same files. */
  if (conventional > 0)
    {
      conventional_rate = conventional_per_second ((const char * const *) inputs->pdata, (guint) conventional,
                                                   xslt, key, work_dir, (guint) jobs);
      g_print ("conventional (xsltproc + openssl dgst per document, %d documents, %d in parallel):\n",
               conventional, jobs);
      g_print ("                  %8.1f certificates per second\n", conventional_rate);
      g_print ("Certifica / conventional:         %8.1f×\n", seal_rate / conventional_rate);
    }

  g_print ("peak RSS:         %ld kB after generating, %ld kB after sealing (N = %d)\n",
           rss_after_gen, rss_after_seal, n);

  g_clear_pointer (&results, g_ptr_array_unref);
  cf_test_rmdir (dir);
  return 0;
}
