/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/render: certificates per second to PDF (45 subjects, generated),
 * on one core and on every core, and the peak resident memory over 1,000
 * certificates. Target (issue 5): at least 50 per second per core, memory
 * flat.
 *
 *   bench/render [N]      N certificates per run (default 1000)
 *
 * Each certificate is laid out from a fresh generated document and written
 * to PDF bytes in memory (what the preview and the CLI do, minus the disk),
 * so the figure covers pango layout, QR encoding, cairo's PDF surface with
 * font subsetting and compression. The documents are generated before the
 * clock starts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cf-certificate-layout.h"
#include "cf-dec-gen.h"
#include "cf-render-export.h"

typedef struct
{
  GPtrArray *decs;
  guint      first;
  guint      count;
  gsize      bytes;
  double     cpu;     /* seconds of this thread's CPU time */
} Work;

static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
seal (CfDec *dec)
{
  static const char sello[] =
    "P7mA8UMQF7yjj8AXo0ksKeDMVXalsmZetVH6nbUC8o20ljMIUA6tlOe0xwoogAbIFa47ZoU+I1Nb99VBO/QslKdpADQhMX9fnp7ulYL"
    "0t6sRIrcAJwzCQoO+LUaIbWmoC/e4FA0fm8RsMxPG09TqAcVnrd0d5Il1M01QCFbNy+Xw0Ym0biPQvzgoT57F1IVg9E0ilT15g3u6JA"
    "1p9zK0dvtlCiJZLadPCWPcvImh108PHPL+NAmjRsnuDpCGdQt6aN+yEV/nv8Ye5LtYrOf2JjLLJsCoyQQHXUSQJwgRS/NxTTmcZb3SjO"
    "s5ZDNSpdJIS8unfrfik+/1L/Zo2YO/tMvA==";

  cf_dec_set (dec, CF_DEC_FIELD_SELLO, sello);
  cf_dec_set (dec, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, "MIIGBDCCA+ygAwIBAgIUMzAwMDEwMDAwMDA1MDAwMDM0NTYwDQYJKoZIhvcNAQEL");
  cf_dec_set (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE, "30001000000500003456");
}

static gpointer
run (gpointer data)
{
  Work *work = data;
  double cpu = thread_cpu_seconds ();

  for (guint i = 0; i < work->count; i++)
    {
      CfDec *dec = g_ptr_array_index (work->decs, (work->first + i) % work->decs->len);
      g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), NULL, &error);

      if (pdf == NULL)
        g_error ("%s", error->message);
      work->bytes += g_bytes_get_size (pdf);
    }
  work->cpu += thread_cpu_seconds () - cpu;
  return NULL;
}

static long
rss_kib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  guint cores = g_get_num_processors ();
  g_autoptr(GPtrArray) decs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autofree Work *works = NULL;
  Work warm = { 0, }, one = { 0, };
  gint64 start, end;
  gsize total_bytes = 0;
  double total_cpu = 0;
  long rss_before, rss_100 = 0;

  if (n == 0)
    n = 1000;

  /* 200 distinct documents, reused round-robin: generation stays out of
   * the measurement and memory out of the picture. */
  for (guint i = 0; i < 200; i++)
    {
      CfDec *dec = cf_dec_gen_new (i + 1, 45);
      seal (dec);
      g_ptr_array_add (decs, dec);
    }

  /* Warm up fontconfig and the font caches of this thread. */
  warm.decs = decs;
  warm.count = 20;
  run (&warm);
  rss_before = rss_kib ();

  /* One core, N certificates, RSS sampled after the first 100. */
  one.decs = decs;
  one.count = MIN (n, 100);
  start = g_get_monotonic_time ();
  run (&one);
  rss_100 = rss_kib ();
  if (n > 100)
    {
      Work rest = { decs, 100, n - 100, 0 };
      run (&rest);
      one.bytes += rest.bytes;
      one.cpu += rest.cpu;
    }
  end = g_get_monotonic_time ();
  printf ("one core:   %u certificates (45 subjects, sealed) in %.2f s: %.1f per second, %.1f ms each, %.0f KiB per PDF\n",
          n, (end - start) / 1e6, n / ((end - start) / 1e6), (end - start) / 1e3 / n,
          one.bytes / 1024.0 / n);
  /* The machine may be shared: CPU time tells what one core does. */
  printf ("            CPU time %.2f s: %.1f per second of CPU, %.1f ms each\n",
          one.cpu, n / one.cpu, one.cpu * 1e3 / n);
  printf ("memory:     RSS %ld KiB after warm-up, %ld KiB after 100, %ld KiB after %u; peak %ld KiB\n",
          rss_before, rss_100, rss_kib (), n, peak_rss_kib ());

  /* Every core: each thread its own share (and its own font map: pango's
   * default font map is per thread). */
  works = g_new0 (Work, cores);
  start = g_get_monotonic_time ();
  for (guint t = 0; t < cores; t++)
    {
      works[t].decs = decs;
      works[t].first = t * 37;
      works[t].count = n / cores + (t < n % cores ? 1 : 0);
      g_ptr_array_add (threads, g_thread_new ("render", run, &works[t]));
    }
  for (guint t = 0; t < cores; t++)
    {
      g_thread_join (g_ptr_array_index (threads, t));
      total_bytes += works[t].bytes;
      total_cpu += works[t].cpu;
    }
  end = g_get_monotonic_time ();
  printf ("%u cores:    %u certificates in %.2f s: %.1f per second (%.1f per core)\n",
          cores, n, (end - start) / 1e6, n / ((end - start) / 1e6),
          n / ((end - start) / 1e6) / cores);
  printf ("            CPU time %.2f s: %.1f per second of CPU per core\n", total_cpu, n / total_cpu);
  printf ("peak RSS:   %ld KiB over %u + %u certificates (%.1f MiB of PDF written)\n",
          peak_rss_kib (), n, n, (one.bytes + total_bytes) / 1048576.0);
  return 0;
}
