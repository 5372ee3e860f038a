/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/workspace, its sealing part (issue 13): N certificates sealed from
 * the store through cf_certs_seal() (what the Certificados page and
 * `certs seal` run: check, validate, sign, serialise, verify the exact
 * bytes, store them with the folio, the state and the event in one
 * transaction), with 1 and with 2 workers, against raw GnuTLS RSA-2048
 * signatures measured in the same run with as many threads (half before,
 * half after); then their PDFs (cf_certs_make_pdfs() with the renderer),
 * per second and per core. Wall clock and CPU time (user, system) of the
 * whole process per certificate, and the peak RSS. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cf-cadena.h"
#include "cf-cert-pdf.h"
#include "cf-cert-repo.h"
#include "cf-cert-seal-repo.h"
#include "cf-certs-seal.h"
#include "cf-certs-check.h"
#include "cf-context.h"
#include "cf-curp.h"
#include "cf-dec-gen.h"
#include "cf-plan.h"
#include "cf-signer-repo.h"
#include "cf-student-repo.h"
#include "cf-test-util.h"

#include "workspace-seal.h"

#define BENCH_CURP "PELM800101MDFRPR01"

typedef struct
{
  double wall;
  double user;
  double system;
} Clock;

static Clock
clock_now (void)
{
  struct rusage usage;
  Clock c;

  getrusage (RUSAGE_SELF, &usage);
  c.wall = (double) g_get_monotonic_time () / G_USEC_PER_SEC;
  c.user = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
  c.system = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  return c;
}

static Clock
clock_since (Clock start)
{
  Clock now = clock_now ();

  now.wall -= start.wall;
  now.user -= start.user;
  now.system -= start.system;
  return now;
}

static void
clock_add (Clock *sum,
           Clock  more)
{
  sum->wall += more.wall;
  sum->user += more.user;
  sum->system += more.system;
}

static G_NORETURN void
fail (GError *error)
{
  g_printerr ("bench/workspace: %s\n", error != NULL ? error->message : "failed");
  exit (1);
}

/* ---- Raw signatures ---- */

typedef struct
{
  gnutls_privkey_t key;
  gnutls_datum_t   data;
  int              left;
} Raw;

static gpointer
raw_worker (gpointer user_data)
{
  Raw *raw = user_data;

  while (g_atomic_int_add (&raw->left, -1) > 0)
    {
      gnutls_datum_t signature = { NULL, 0 };

      if (gnutls_privkey_sign_data (raw->key, GNUTLS_DIG_SHA256, 0, &raw->data, &signature) < 0)
        g_error ("gnutls_privkey_sign_data failed");
      gnutls_free (signature.data);
    }
  return NULL;
}

static void
raw_signatures (gnutls_privkey_t  key,
                const char       *cadena,
                guint             jobs,
                guint             count,
                Clock            *sum)
{
  Raw raw = { key, { (unsigned char *) cadena, (unsigned int) strlen (cadena) }, (int) count + 1 };
  g_autofree GThread **threads = g_new0 (GThread *, jobs);
  Clock start = clock_now ();

  for (guint i = 0; i < jobs; i++)
    threads[i] = g_thread_new ("raw-sign", raw_worker, &raw);
  for (guint i = 0; i < jobs; i++)
    g_thread_join (threads[i]);
  clock_add (sum, clock_since (start));
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

/* ---- The store's certificates ---- */

static long peak_rss_kb (void);
/* --memory: the peak RSS after each step of make_ready_real(). */
static gboolean memory_phases;

/* The documents by matrícula, made before the clock starts: the bench
 * measures sealing, not the generator. */
static CfDec *
build_cb (CfStore          *store,
          const CfCertRow  *row,
          CfCertificate    *signer,
          gpointer          user_data,
          GError          **error)
{
  CfDec *dec = g_hash_table_lookup (user_data, row->student->matricula);

  if (dec == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no document for %s", row->student->matricula);
      return NULL;
    }
  return g_object_ref (dec);
}

/* @n students of career "BENCH" with a listo certificate each; their ids. */
static GArray *
make_ready (CfStore    *store,
            guint       pass,
            guint       n,
            guint       n_subjects,
            GHashTable *docs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) checks = g_array_new (FALSE, TRUE, sizeof (CfCertCheckResult));
  CfCertFilter filter = CF_CERT_FILTER_INIT;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n; i++)
    {
      CfStudent *student = cf_student_new ();
      CfDec *dec = cf_dec_gen_new_full (i + 1, n_subjects, CF_DEC_GEN_DEFAULT);

      g_free (student->matricula);
      student->matricula = g_strdup_printf ("S%u%06u", pass, i);
      g_free (student->id_carrera);
      student->id_carrera = g_strdup ("BENCH");
      g_free (student->clave_plan);
      student->clave_plan = g_strdup ("2017");
      g_ptr_array_add (students, student);
      cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, BENCH_CURP);
      cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL, student->matricula);
      /* While the bench e.firma is valid (from ten years ago). */
      cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_FECHA, "2023-07-10T00:00:00");
      g_hash_table_insert (docs, g_strdup (student->matricula), dec);
    }
  if (!cf_student_repo_import (store, students, "bench", &error) ||
      !cf_cert_repo_ensure_all (store, NULL, &error))
    fail (error);
  filter.id_carrera = "BENCH";
  rows = cf_cert_repo_list (store, &filter, FALSE, &error);
  if (rows == NULL)
    fail (error);
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);
      CfCertCheckResult check = { row->id, row->row_version, TRUE, "[]" };

      g_array_append_val (checks, check);
      g_array_append_val (ids, row->id);
    }
  if (!cf_cert_repo_set_checks (store, (CfCertCheckResult *) checks->data, checks->len, NULL, &error))
    fail (error);
  return ids;
}

/* The way the Certificados page does it: a plan of @n_subjects in the
 * Programa de Estudios, @n students of it who passed every subject, the
 * signer registered for every campus, the check (cf_certs_refresh()); the
 * batch then builds each document itself (cf_cert_build_dec()). Returns
 * the ids of the listo certificates of this pass. */
static GArray *
make_ready_real (CfStore       *store,
                 guint          pass,
                 guint          n,
                 guint          n_subjects,
                 CfCertificate *signer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_row_free);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfContext) context = cf_context_new (store, NULL);
  g_autoptr(GPtrArray) certs = NULL;
  g_autofree char *total = g_strdup_printf ("%u", n_subjects);
  g_autofree char *credits = g_strdup_printf ("%u", n_subjects * 6);
  g_autofree char *career = g_strdup_printf ("7%02u", pass);
  char digit = cf_curp_compute_check_digit ("LOPA000501MDFPRNA");
  g_autofree char *curp = g_strdup_printf ("LOPA000501MDFPRNA%c", digit);
  CfCertFilter filter = CF_CERT_FILTER_INIT;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint k = 0; k < n_subjects; k++)
    {
      CfPlanRow *row = cf_plan_row_new ();
      g_autofree char *id = g_strdup_printf ("%u", 700000 + pass * 1000 + k);
      g_autofree char *clave = g_strdup_printf ("BS%03u", k);
      g_autofree char *period = g_strdup_printf ("%u", k / 8 + 1);
      const char *values[CF_PLAN_N_COLUMNS] = {
        "20499", "UNIVERSIDAD EJEMPLO DEL VALLE DE MÉXICO", "090101", "CAMPUS COYOACÁN", "09", career, "LD-2018",
        "LICENCIATURA EN DERECHO", "2018", "20180409", "2018-04-09", "91", "81", "5", "10", "6", total, credits,
        id, clave, "ASIGNATURA DE PRUEBA", "263", "6", period, "VIGENTE" };

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        cf_plan_row_set (row, c, values[c]);
      row->row = k + 2;
      g_ptr_array_add (rows, row);
    }
  book = cf_plan_book_new_from_rows (rows, rejected);
  if (rejected->len > 0 || !cf_plan_book_save_to_store (book, store, &error))
    fail (error);

  for (guint i = 0; i < n; i++)
    {
      CfStudent *s = cf_student_new ();

      g_free (s->matricula);
      s->matricula = g_strdup_printf ("R%u%06u", pass, i);
      g_free (s->id_carrera);
      s->id_carrera = g_strdup (career);
      g_free (s->clave_plan);
      s->clave_plan = g_strdup ("2018");
      g_free (s->curp);
      s->curp = g_strdup (curp);
      g_free (s->nombre);
      s->nombre = g_strdup ("ANA MARIA");
      g_free (s->primer_apellido);
      s->primer_apellido = g_strdup ("LOPEZ");
      g_free (s->segundo_apellido);
      s->segundo_apellido = g_strdup ("DE LA CRUZ");
      g_free (s->id_genero);
      s->id_genero = g_strdup ("250");
      g_free (s->fecha_nacimiento);
      s->fecha_nacimiento = g_strdup ("2000-05-01");
      g_free (s->email);
      s->email = g_strdup ("ana.lopez@example.edu.mx");
      g_free (s->id_campus);
      s->id_campus = g_strdup ("090101");
      g_free (s->id_tipo_certificacion);
      s->id_tipo_certificacion = g_strdup ("79");
      g_free (s->fecha_expedicion);
      s->fecha_expedicion = g_strdup ("2023-07-10");
      for (guint k = 0; k < n_subjects; k++)
        {
          CfGrade *grade = cf_grade_new ();

          g_free (grade->id_asignatura);
          grade->id_asignatura = g_strdup_printf ("%u", 700000 + pass * 1000 + k);
          g_free (grade->ciclo);
          grade->ciclo = g_strdup_printf ("%u-%u", 2019 + k / 16, 1 + (k / 8) % 2);
          g_free (grade->calificacion);
          grade->calificacion = g_strdup_printf ("%u", 7 + (i + k) % 4);
          g_free (grade->id_observaciones);
          grade->id_observaciones = g_strdup ("");
          g_free (grade->id_tipo_asignatura);
          grade->id_tipo_asignatura = g_strdup ("263");
          g_ptr_array_add (s->grades, grade);
        }
      g_ptr_array_add (students, s);
      /* A thousand at a time: the generator's own memory stays small. */
      if (students->len == 1000 || i + 1 == n)
        {
          if (!cf_student_repo_import (store, students, "bench", &error))
            fail (error);
          g_ptr_array_set_size (students, 0);
        }
    }
  if (memory_phases)
    g_print ("        after cf_student_repo_import:    peak RSS %7.1f MB\n", peak_rss_kb () / 1024.0);
  if (!cf_certs_refresh (context, NULL, NULL, &error))
    fail (error);
  if (memory_phases)
    g_print ("        after cf_certs_refresh:          peak RSS %7.1f MB\n", peak_rss_kb () / 1024.0);

  filter.id_carrera = career;
  filter.status = CF_CERT_STATUS_LISTO;
  certs = cf_cert_repo_list (store, &filter, FALSE, &error);
  if (certs == NULL)
    fail (error);
  for (guint i = 0; i < certs->len; i++)
    g_array_append_val (ids, ((CfCertRow *) g_ptr_array_index (certs, i))->id);
  if (ids->len != n)
    {
      filter.status = -1;
      g_clear_pointer (&certs, g_ptr_array_unref);
      certs = cf_cert_repo_list (store, &filter, FALSE, &error);
      g_printerr ("bench/workspace: only %u of %u certificates are listo; the first's findings: %s\n",
                  ids->len, n, certs != NULL && certs->len > 0
                  ? ((CfCertRow *) g_ptr_array_index (certs, 0))->findings : "?");
      exit (1);
    }
  return ids;
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void
bench_workspace_seal (CfStore *store,
                      guint    n,
                      guint    n_subjects)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *cadena = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(CfTrust) trust = cf_trust_new ();
  g_autoptr(CfContext) context = NULL;
  g_autoptr(GHashTable) docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(CfCertPdfMaker) maker = cf_cert_pdf_maker_new (NULL, NULL);
  CfTestCertSpec spec = { .scheme = CF_TEST_KEY_PLAIN, .curp = BENCH_CURP, .days_from_now_start = -3650,
                          .days_valid = 7300 };
  gnutls_privkey_t raw_key;
  guint processors = g_get_num_processors ();

  if (!cf_test_generate_cert (dir, "bench", &spec, &cer, &key, &error))
    fail (error);
  certificate = cf_certificate_new_from_file (cer, &error);
  private_key = certificate != NULL ? cf_private_key_new_from_file (key, NULL, &error) : NULL;
  credential = private_key != NULL ? cf_credential_new (certificate, private_key, &error) : NULL;
  if (credential == NULL || !cf_trust_add_file (trust, cer, &error))
    fail (error);
  sealer = cf_sealer_new (credential);
  /* Its own CA, and nobody to answer about revocation: accepted, on record
   * in the bench's store; the figures are the sealing's. */
  context = cf_context_new (store, NULL);
  cf_sealer_set_trust (sealer, trust);
  cf_sealer_set_context (sealer, context);
  cf_sealer_set_ocsp_url (sealer, "http://127.0.0.1:9/");
  cf_sealer_set_accept (sealer, CF_SEALER_ACCEPT_UNCHECKED_REVOCATION);
  raw_key = import_raw_key (key);

  {
    g_autoptr(CfDec) sample = cf_dec_gen_new_full (1, n_subjects, CF_DEC_GEN_DEFAULT);

    cf_dec_set (sample, CF_DEC_FIELD_RESPONSABLE_CURP, BENCH_CURP);
    cadena = cf_cadena_from_dec (sample, &error);
    if (cadena == NULL)
      fail (error);
  }

  g_print ("sealing %u certificates x %u subjects on %s (%u processors)\n", n, n_subjects,
           cf_store_engine_to_string (cf_store_get_engine (store)), processors);

  /* The signer, registered as the Firmantes page does (every campus). */
  {
    g_autoptr(CfSignerResponsable) responsable = cf_signer_responsable_new ();

    g_free (responsable->id_cargo);
    responsable->id_cargo = g_strdup ("5");
    g_free (responsable->nombre);
    responsable->nombre = g_strdup ("MARÍA DE LA LUZ");
    g_free (responsable->primer_apellido);
    responsable->primer_apellido = g_strdup ("PÉREZ");
    g_free (responsable->segundo_apellido);
    responsable->segundo_apellido = g_strdup ("LÓPEZ");
    if (!cf_signer_repo_add_with_responsable (store, certificate, responsable, &error))
      fail (error);
  }

  /* Twice: documents made beforehand (the sealing alone), then built from
   * the store by the batch as the Certificados page runs it. */
  for (guint real = 0; real <= 1; real++)
    for (guint jobs = 1; jobs <= 2; jobs++)
      {
        g_autoptr(GArray) ids = real ? make_ready_real (store, jobs, n, n_subjects, certificate)
                                     : make_ready (store, jobs, n, n_subjects, docs);
        g_autoptr(GPtrArray) results = NULL;
        CfCertsSealOptions options = { .jobs = jobs, .build = real ? NULL : build_cb, .build_data = docs };
        CfSealProgress summary;
        Clock raw = { 0 }, seal, start;
        double ratio_wall, ratio_cpu;

        /* make_ready()'s list has the previous pass's certificates too. */
        if (!real)
          g_array_remove_range (ids, 0, ids->len - n);

        raw_signatures (raw_key, cadena, jobs, n / 2, &raw);
        start = clock_now ();
        results = cf_certs_seal (store, sealer, (const gint64 *) ids->data, ids->len, &options, NULL, NULL,
                                 &summary, NULL, &error);
        seal = clock_since (start);
        if (results == NULL)
          fail (error);
        raw_signatures (raw_key, cadena, jobs, n - n / 2, &raw);
        if (summary.sealed != n)
          {
            for (guint i = 0; i < results->len; i++)
              {
                CfCertsSealResult *r = g_ptr_array_index (results, i);

                if (r->error != NULL)
                  {
                    g_printerr ("refused: %s\n", r->error->message);
                    break;
                  }
              }
            g_printerr ("bench/workspace: only %u of %u sealed\n", summary.sealed, n);
            exit (1);
          }

        ratio_wall = (n / seal.wall) / (n / raw.wall);
        ratio_cpu = (raw.user + raw.system) / (seal.user + seal.system);
        g_print ("%s, %u worker%s: raw GnuTLS %7.1f signatures/s | sealed %7.1f/s (%.2f s)"
                 " | ratio %.2f wall, %.2f CPU | per certificate: user %.3f ms, system %.3f ms"
                 " (raw: %.3f, %.3f) | peak RSS %.1f MB\n",
                 real ? "built by the batch" : "documents made before", jobs, jobs > 1 ? "s" : " ",
                 n / raw.wall, n / seal.wall, seal.wall, ratio_wall, ratio_cpu,
                 seal.user * 1e3 / n, seal.system * 1e3 / n, raw.user * 1e3 / n, raw.system * 1e3 / n,
                 peak_rss_kb () / 1024.0);
      }

  /* The PDFs of all of them, after sealing, from the stored bytes
   * (CF_BENCH_NO_PDF=1: not now, e.g. under perf). */
  if (g_getenv ("CF_BENCH_NO_PDF") == NULL)
  {
    Clock start = clock_now (), pdf;
    guint made = 0;

    if (!cf_certs_make_pdfs (store, 0, cf_cert_pdf_make, maker, &made, NULL, &error))
      fail (error);
    pdf = clock_since (start);
    g_print ("PDFs: %u in %.2f s with %u workers: %.1f per second, %.1f per second per core"
             " (CPU %.2f ms each) | peak RSS %.1f MB\n",
             made, pdf.wall, processors, made / pdf.wall, made / pdf.wall / processors,
             (pdf.user + pdf.system) * 1e3 / MAX (made, 1), peak_rss_kb () / 1024.0);
  }

  gnutls_privkey_deinit (raw_key);
  cf_test_rmdir (dir);
}

/* ---- Memory from 100 to 10,000 ---- */

static double
rss_mb (void)
{
  return peak_rss_kb () / 1024.0;
}

void
bench_workspace_memory (CfStore *store,
                        guint    pass,
                        guint    n,
                        guint    n_subjects)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(CfTrust) trust = cf_trust_new ();
  g_autoptr(CfContext) context = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) results = NULL;
  CfTestCertSpec spec = { .scheme = CF_TEST_KEY_PLAIN, .curp = BENCH_CURP, .days_from_now_start = -3650,
                          .days_valid = 7300 };
  CfCertsSealOptions options = { .jobs = 2 };
  CfSealProgress summary;
  double start_mb = rss_mb ();
  gint64 start;

  memory_phases = TRUE;
  if (!cf_test_generate_cert (dir, "bench", &spec, &cer, &key, &error))
    fail (error);
  certificate = cf_certificate_new_from_file (cer, &error);
  private_key = certificate != NULL ? cf_private_key_new_from_file (key, NULL, &error) : NULL;
  credential = private_key != NULL ? cf_credential_new (certificate, private_key, &error) : NULL;
  if (credential == NULL || !cf_trust_add_file (trust, cer, &error))
    fail (error);
  sealer = cf_sealer_new (credential);
  context = cf_context_new (store, NULL);
  cf_sealer_set_trust (sealer, trust);
  cf_sealer_set_context (sealer, context);
  cf_sealer_set_ocsp_url (sealer, "http://127.0.0.1:9/");
  cf_sealer_set_accept (sealer, CF_SEALER_ACCEPT_UNCHECKED_REVOCATION);
  {
    g_autoptr(CfSignerResponsable) responsable = cf_signer_responsable_new ();

    g_free (responsable->id_cargo);
    responsable->id_cargo = g_strdup ("5");
    g_free (responsable->nombre);
    responsable->nombre = g_strdup ("MARÍA DE LA LUZ");
    g_free (responsable->primer_apellido);
    responsable->primer_apellido = g_strdup ("PÉREZ");
    g_free (responsable->segundo_apellido);
    responsable->segundo_apellido = g_strdup ("LÓPEZ");
    if (!cf_signer_repo_add_with_responsable (store, certificate, responsable, &error) &&
        !g_error_matches (error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS))
      fail (error);
    g_clear_error (&error);
  }

  /* Students and grades into the store, then the check (cf_certs_refresh()). */
  start = g_get_monotonic_time ();
  ids = make_ready_real (store, pass, n, n_subjects, certificate);
  g_print ("%6u certificates x %u subjects: import + check %7.2f s, peak RSS %7.1f MB (at start %.1f MB)\n",
           n, n_subjects, (g_get_monotonic_time () - start) / 1e6, rss_mb (), start_mb);

  /* The Certificados list: every certificate of the store. */
  start = g_get_monotonic_time ();
  rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  if (rows == NULL)
    fail (error);
  g_print ("%6u certificates: list (%u rows)       %7.2f s, peak RSS %7.1f MB\n", n, rows->len,
           (g_get_monotonic_time () - start) / 1e6, rss_mb ());
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Sealed, as the page does (2 workers, the documents built by the batch). */
  start = g_get_monotonic_time ();
  results = cf_certs_seal (store, sealer, (const gint64 *) ids->data, ids->len, &options, NULL, NULL, &summary,
                           NULL, &error);
  if (results == NULL)
    fail (error);
  g_print ("%6u certificates: seal (%u sealed)      %7.2f s, peak RSS %7.1f MB\n", n, summary.sealed,
           (g_get_monotonic_time () - start) / 1e6, rss_mb ());
  if (summary.sealed != n)
    exit (1);
  cf_test_rmdir (dir);
}

/* ---- For bench/certs-ui ---- */

CfSealer *
bench_workspace_sealer_new (CfStore        *store,
                            CfCertificate **out_certificate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfTrust) trust = cf_trust_new ();
  g_autoptr(CfContext) context = cf_context_new (store, NULL);
  g_autoptr(CfSignerResponsable) responsable = cf_signer_responsable_new ();
  CfTestCertSpec spec = { .scheme = CF_TEST_KEY_PLAIN, .curp = BENCH_CURP, .days_from_now_start = -3650,
                          .days_valid = 7300 };
  CfSealer *sealer;

  if (!cf_test_generate_cert (dir, "bench", &spec, &cer, &key, &error))
    fail (error);
  certificate = cf_certificate_new_from_file (cer, &error);
  private_key = certificate != NULL ? cf_private_key_new_from_file (key, NULL, &error) : NULL;
  credential = private_key != NULL ? cf_credential_new (certificate, private_key, &error) : NULL;
  if (credential == NULL || !cf_trust_add_file (trust, cer, &error))
    fail (error);
  sealer = cf_sealer_new (credential);
  cf_sealer_set_trust (sealer, trust);
  cf_sealer_set_context (sealer, context);
  cf_sealer_set_ocsp_url (sealer, "http://127.0.0.1:9/");
  cf_sealer_set_accept (sealer, CF_SEALER_ACCEPT_UNCHECKED_REVOCATION);
  g_free (responsable->id_cargo);
  responsable->id_cargo = g_strdup ("5");
  g_free (responsable->nombre);
  responsable->nombre = g_strdup ("MARÍA DE LA LUZ");
  g_free (responsable->primer_apellido);
  responsable->primer_apellido = g_strdup ("PÉREZ");
  g_free (responsable->segundo_apellido);
  responsable->segundo_apellido = g_strdup ("LÓPEZ");
  if (!cf_signer_repo_add_with_responsable (store, certificate, responsable, &error))
    fail (error);
  cf_test_rmdir (dir);
  *out_certificate = g_steal_pointer (&certificate);
  return sealer;
}

GArray *
bench_workspace_make_ready (CfStore       *store,
                            guint          pass,
                            guint          n,
                            guint          n_subjects,
                            CfCertificate *signer)
{
  return make_ready_real (store, pass, n, n_subjects, signer);
}
