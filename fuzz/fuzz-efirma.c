/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the e.firma readers: every input is tried as a
 * certificate (DER or PEM) and as a private key opened with a fixed
 * password (the one run-efirma.sh encrypts its seed keys with), and whatever
 * opens is used the way the app uses it. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cf-efirma.h"
#include "fuzz-glib.h"

#define FUZZ_PASSWORD "12345678a"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
exercise_certificate (CfCertificate *certificate)
{
  g_autofree char *json = cf_certificate_to_json (certificate);
  g_autofree char *base64 = cf_certificate_dup_der_base64 (certificate);
  g_autoptr(GDateTime) at = g_date_time_new_utc (2020, 1, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;

  (void) cf_certificate_get_name (certificate);
  (void) cf_certificate_get_rfc (certificate);
  (void) cf_certificate_get_representative_rfc (certificate);
  (void) cf_certificate_get_curp (certificate);
  (void) cf_certificate_get_representative_curp (certificate);
  (void) cf_certificate_get_email (certificate);
  (void) cf_certificate_get_number (certificate);
  (void) cf_certificate_get_issuer (certificate);
  (void) cf_certificate_get_organizational_unit (certificate);
  (void) cf_certificate_is_test_issuer (certificate);
  (void) cf_certificate_get_key_bits (certificate);
  (void) cf_efirma_kind_get_label (cf_certificate_get_kind (certificate));

  g_assert (g_utf8_validate (json, -1, NULL));
  g_assert (base64 != NULL);

  if (!cf_certificate_check_can_sign_at (certificate, at, &error))
    g_clear_error (&error);
  if (!cf_certificate_verify (certificate, (const guint8 *) "data", 4, "AAAA", &error))
    g_clear_error (&error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;

  certificate = cf_certificate_new_from_bytes (bytes, NULL);
  if (certificate != NULL)
    exercise_certificate (certificate);

  key = cf_private_key_new_from_bytes (bytes, FUZZ_PASSWORD, NULL);
  if (key != NULL)
    {
      g_autofree char *signature = cf_private_key_sign (key, data, MIN (size, 64), NULL);

      g_assert (signature != NULL);
      if (certificate != NULL)
        (void) cf_private_key_matches (key, certificate);
    }

  return 0;
}
