/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A signer's full name, as SAT writes it in the e.firma's subject, split
 * into Ipes/Responsable's nombre, primerApellido and segundoApellido. */

#include "config.h"

#include "cf-signer-name.h"

static const struct
{
  const char *full;
  const char *nombre;
  const char *primer;
  const char *segundo;
} cases[] = {
  { "JUAN PEREZ LOPEZ", "JUAN", "PEREZ", "LOPEZ" },
  { "  JUAN   CARLOS PEREZ  LOPEZ ", "JUAN CARLOS", "PEREZ", "LOPEZ" },
  { "MARIA DE LA LUZ PEREZ LOPEZ", "MARIA DE LA LUZ", "PEREZ", "LOPEZ" },
  { "JUAN DE LA CRUZ PEREZ", "JUAN", "DE LA CRUZ", "PEREZ" },
  { "ANA PEREZ DE LA CRUZ", "ANA", "PEREZ", "DE LA CRUZ" },
  { "MARIA DE LA LUZ DE LA CRUZ DEL RIO", "MARIA DE LA LUZ", "DE LA CRUZ", "DEL RIO" },
  { "MARIA DE LOS ANGELES GARCIA DE LOS SANTOS", "MARIA DE LOS ANGELES", "GARCIA", "DE LOS SANTOS" },
  { "JOSE DEL RIO", "JOSE", "DEL RIO", "" },
  { "MARIA DEL CARMEN LOPEZ", "MARIA DEL CARMEN", "LOPEZ", "" },
  { "JOSE DE JESUS MARTINEZ", "JOSE DE JESUS", "MARTINEZ", "" },
  { "JUAN PEREZ", "JUAN", "PEREZ", "" },
  { "CHER", "CHER", "", "" },
  { "", "", "", "" },
  { "JOSE ORTEGA Y GASSET", "JOSE", "ORTEGA Y GASSET", "" },
  { "LUIS GOMEZ ORTEGA Y GASSET", "LUIS", "GOMEZ", "ORTEGA Y GASSET" },
  { "PEDRO VAN DER BERG SANCHEZ", "PEDRO", "VAN DER BERG", "SANCHEZ" },
  { "ROSA SAN ROMAN NUÑEZ", "ROSA", "SAN ROMAN", "NUÑEZ" },
  { "SOFÍA MARÍA ÁLVAREZ IBÁÑEZ", "SOFÍA MARÍA", "ÁLVAREZ", "IBÁÑEZ" },
  { "Ana López Pérez", "Ana", "López", "Pérez" },
};

static void
test_split (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *nombre = NULL;
      g_autofree char *primer = NULL;
      g_autofree char *segundo = NULL;

      cf_signer_name_split (cases[i].full, &nombre, &primer, &segundo);
      g_test_message ("“%s”", cases[i].full);
      g_assert_cmpstr (nombre, ==, cases[i].nombre);
      g_assert_cmpstr (primer, ==, cases[i].primer);
      g_assert_cmpstr (segundo, ==, cases[i].segundo);
    }
}

static void
test_null (void)
{
  g_autofree char *nombre = NULL;
  g_autofree char *primer = NULL;
  g_autofree char *segundo = NULL;

  cf_signer_name_split (NULL, &nombre, &primer, &segundo);
  g_assert_cmpstr (nombre, ==, "");
  g_assert_cmpstr (primer, ==, "");
  g_assert_cmpstr (segundo, ==, "");
}

static void
test_normalize (void)
{
  g_autofree char *a = cf_signer_name_normalize ("  maría  del carmen\tnúñez ");
  g_autofree char *b = cf_signer_name_normalize (NULL);

  g_assert_cmpstr (a, ==, "MARÍA DEL CARMEN NÚÑEZ");
  g_assert_cmpstr (b, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/signer-name/split", test_split);
  g_test_add_func ("/core/signer-name/null", test_null);
  g_test_add_func ("/core/signer-name/normalize", test_normalize);
  return g_test_run ();
}
