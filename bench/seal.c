/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/seal: how close batch sealing comes to the cost of the signature.
 *
 *   bench/seal [--n N] [--jobs J] [--subjects S] [--conventional K] [--raw-seconds T]
 *
 * Generates N certificates of S subjects (cf-dec-gen) and a throwaway
 * SAT-like 2048-bit e.firma in a temporary folder, then measures in the same
 * run, with J threads:
 *   1. raw GnuTLS RSA-2048 signatures per second (gnutls_privkey_sign_data on
 *      one shared key over a real cadena: the floor of the whole job);
 *   2. Certifica's batch: read, validate, cadena, sign, verify, write
 *      atomically, per file (cf_sealer_seal_files);
 *   3. the conventional pipeline, on K of the same files: xsltproc with
 *      data/xslt/cadena-dec-3.0.xslt, then openssl dgst -sha256 -sign;
 * and prints rates, their ratios, and the peak RSS (ru_maxrss). Run it with
 * --n 100 and --n 10000 to compare memory. Figures, never a test. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

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

/* CPU seconds used by the whole process (all threads), user + system:
 * unlike wall time it does not count the time other programs on a shared
 * machine take from us. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
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
  double            deadline;
  guint             count;
} RawWorker;

static gpointer
raw_worker (gpointer user_data)
{
  RawWorker *w = user_data;

  while (now_seconds () < w->deadline)
    {
      gnutls_datum_t signature = { NULL, 0 };
      int ret = gnutls_privkey_sign_data (w->key, GNUTLS_DIG_SHA256, 0, &w->data, &signature);

      if (ret < 0)
        g_error ("gnutls_privkey_sign_data: %s", gnutls_strerror (ret));
      gnutls_free (signature.data);
      w->count++;
    }
  return NULL;
}

/* Signatures per second with @jobs threads sharing one key, as a TLS
 * server shares its credentials. */
static double
raw_signatures_per_second (const char *key_path,
                           const char *cadena,
                           guint       jobs,
                           double      seconds,
                           double     *out_cpu_per_signature)
{
  g_autoptr(GBytes) der = cf_test_read_file (key_path);
  gnutls_datum_t datum = { (unsigned char *) g_bytes_get_data (der, NULL), (unsigned int) g_bytes_get_size (der) };
  gnutls_x509_privkey_t x509;
  gnutls_privkey_t key;
  g_autofree RawWorker *workers = g_new0 (RawWorker, jobs);
  g_autofree GThread **threads = g_new0 (GThread *, jobs);
  double start, elapsed, cpu;
  guint total = 0;

  if (gnutls_x509_privkey_init (&x509) < 0 ||
      gnutls_x509_privkey_import_pkcs8 (x509, &datum, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN) < 0 ||
      gnutls_privkey_init (&key) < 0 ||
      gnutls_privkey_import_x509 (key, x509, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE) < 0)
    g_error ("cannot import the bench key");

  start = now_seconds ();
  cpu = cpu_seconds ();
  for (guint i = 0; i < jobs; i++)
    {
      workers[i].key = key;
      workers[i].data.data = (unsigned char *) cadena;
      workers[i].data.size = strlen (cadena);
      workers[i].deadline = start + seconds;
      threads[i] = g_thread_new ("raw-sign", raw_worker, &workers[i]);
    }
  for (guint i = 0; i < jobs; i++)
    {
      g_thread_join (threads[i]);
      total += workers[i].count;
    }
  elapsed = now_seconds () - start;
  *out_cpu_per_signature = (cpu_seconds () - cpu) / total;
  gnutls_privkey_deinit (key);

  return total / elapsed;
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

int
main (int   argc,
      char *argv[])
{
  int n = 1000;
  int jobs = 0;
  int subjects = 45;
  int conventional = 200;
  double raw_seconds = 3.0;
  g_autofree char *xslt = NULL;
  const GOptionEntry entries[] = {
    { "n", 'n', 0, G_OPTION_ARG_INT, &n, "Number of certificates (default 1000)", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Threads (default: one per processor)", "J" },
    { "subjects", 's', 0, G_OPTION_ARG_INT, &subjects, "Subjects per certificate (default 45)", "S" },
    { "conventional", 'c', 0, G_OPTION_ARG_INT, &conventional,
      "Documents for the xsltproc + openssl pipeline (default 200, 0 = skip)", "K" },
    { "raw-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &raw_seconds, "Seconds of raw signing (default 3)", "T" },
    { "xslt", 0, 0, G_OPTION_ARG_FILENAME, &xslt, "The cadena stylesheet (default: the source tree's)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— batch sealing benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *in_dir = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *sample_cadena = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = NULL;
  CfSealProgress summary;
  CfTestCertSpec spec = {
    .curp = BENCH_CURP,
    /* 1991–2048: every issue date the generator picks lies inside. */
    .days_from_now_start = -13000,
    .days_valid = 21000,
    .scheme = CF_TEST_KEY_PLAIN,   /* a throwaway key: no PBKDF2 in any pipeline */
  };
  double t0, gen_seconds, raw_before, raw_after, raw_rate, seal_rate, conventional_rate = 0;
  double raw_cpu_before, raw_cpu_after, seal_cpu;
  long rss_after_gen, rss_after_seal;
  gsize input_bytes = 0;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n <= 0 || subjects <= 0 || conventional < 0 || raw_seconds <= 0)
    {
      g_printerr ("--n, --subjects and --raw-seconds must be positive\n");
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
  sealer = cf_sealer_new (certificate, private_key, &error);
  if (sealer == NULL)
    g_error ("%s", error->message);

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

  /* 1. The floor: raw signatures, before and after the batch (the mean
   * evens out a machine whose load changes during the run). */
  raw_before = raw_signatures_per_second (key, sample_cadena, (guint) jobs, raw_seconds, &raw_cpu_before);

  /* 2. Certifica's batch. */
  seal_cpu = cpu_seconds ();
  results = cf_sealer_seal_files (sealer, (const char * const *) inputs->pdata, out_dir, (guint) jobs,
                                  NULL, NULL, &summary, NULL, &error);
  if (results == NULL)
    g_error ("%s", error->message);
  seal_rate = summary.sealed / summary.elapsed;
  seal_cpu = (cpu_seconds () - seal_cpu) / MAX (summary.sealed, 1);
  rss_after_seal = peak_rss_kb ();
  raw_after = raw_signatures_per_second (key, sample_cadena, (guint) jobs, raw_seconds, &raw_cpu_after);
  raw_rate = (raw_before + raw_after) / 2;
  g_print ("raw GnuTLS RSA-2048 signatures:   %8.1f per second (%d threads; %.1f before, %.1f after the batch)\n",
           raw_rate, jobs, raw_before, raw_after);
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
  g_print ("Certifica batch (read, validate, cadena, sign, verify, write):\n");
  g_print ("                  %8.1f certificates per second (%u of %d sealed in %.2f s)\n",
           seal_rate, summary.sealed, n, summary.elapsed);
  g_print ("ratio to raw signatures:          %8.3f (wall clock)\n", seal_rate / raw_rate);
  g_print ("CPU per signature / per certificate: %.3f ms / %.3f ms → ratio %.3f (CPU time, robust to a busy machine)\n",
           (raw_cpu_before + raw_cpu_after) / 2 * 1000, seal_cpu * 1000,
           (raw_cpu_before + raw_cpu_after) / 2 / seal_cpu);

  /* 3. The conventional pipeline on a sample of the same files. */
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
