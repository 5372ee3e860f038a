/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SEP's catalogs: the bundled files, look-ups, validity dates, and
 * replacement files in $CF_CATALOG_DIR or $XDG_DATA_HOME/certifica/catalogs. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cf-catalog.h"
#include "cf-test-util.h"

static char *xdg_data_home;

static void
test_bundled (void)
{
  const char * const *names = cf_catalog_get_names ();
  guint n = 0;

  for (; names[n] != NULL; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = cf_catalog_list (names[n], &error);
      g_autofree char *source = cf_catalog_dup_source (names[n]);

      g_assert_no_error (error);
      g_assert_cmpuint (list->len, >=, 2);
      g_assert_true (g_str_has_prefix (source, "resource:///io/github/certifica/core/catalogs/"));
      g_assert_true (cf_catalog_check (names[n], &error));
    }
  g_assert_cmpuint (n, ==, 8);

  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_CARGO, "3"), ==, "RECTOR");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_CARGO, "5"), ==, "RESPONSABLE DE EXPEDICIÓN");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_TIPO_PERIODO, "260"), ==, "TRIMESTRE");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_NIVEL_ESTUDIOS, "95"), ==, "DOCTORADO");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_GENERO, "250"), ==, "MUJER");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_GENERO, "251"), ==, "HOMBRE");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_TIPO_CERTIFICACION, "80"), ==, "PARCIAL");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_OBSERVACIONES, "100"), ==, "NORMAL/ORDINARIO");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_OBSERVACIONES, "72"), ==, "EXAMEN A TÍTULO DE SUFICIENCIA");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_TIPO_ASIGNATURA, "266"), ==, "COMPLEMENTARIA");
  /* Blanks around the code do not matter; anything else does. */
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_GENERO, " 250\t"), ==, "MUJER");
  g_assert_null (cf_catalog_lookup (CF_CATALOG_GENERO, "252"));
  g_assert_null (cf_catalog_lookup (CF_CATALOG_GENERO, "0250"));
  g_assert_null (cf_catalog_lookup (CF_CATALOG_GENERO, ""));
  g_assert_null (cf_catalog_lookup (CF_CATALOG_GENERO, NULL));
}

static void
test_states (void)
{
  static const char * const expected[] = {
    "AGUASCALIENTES", "BAJA CALIFORNIA", "BAJA CALIFORNIA SUR", "CAMPECHE",
    "COAHUILA DE ZARAGOZA", "COLIMA", "CHIAPAS", "CHIHUAHUA", "CIUDAD DE MÉXICO",
    "DURANGO", "GUANAJUATO", "GUERRERO", "HIDALGO", "JALISCO", "MÉXICO",
    "MICHOACÁN DE OCAMPO", "MORELOS", "NAYARIT", "NUEVO LEÓN", "OAXACA", "PUEBLA",
    "QUERÉTARO", "QUINTANA ROO", "SAN LUIS POTOSÍ", "SINALOA", "SONORA", "TABASCO",
    "TAMAULIPAS", "TLAXCALA", "VERACRUZ DE IGNACIO DE LA LLAVE", "YUCATÁN", "ZACATECAS",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = cf_catalog_list (CF_CATALOG_ENTIDAD_FEDERATIVA, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 32);
  for (guint i = 0; i < 32; i++)
    {
      CfCatalogEntry *entry = g_ptr_array_index (list, i);
      g_autofree char *code = g_strdup_printf ("%02u", i + 1);

      g_assert_cmpstr (cf_catalog_entry_get_code (entry), ==, code);
      g_assert_cmpstr (cf_catalog_entry_get_description (entry), ==, expected[i]);
      g_assert_null (cf_catalog_entry_get_valid_from (entry));
      g_assert_null (cf_catalog_entry_get_valid_to (entry));
      g_assert_true (cf_catalog_lookup_entry (CF_CATALOG_ENTIDAD_FEDERATIVA, code) != NULL);
    }
  g_assert_null (cf_catalog_lookup (CF_CATALOG_ENTIDAD_FEDERATIVA, "33"));
  g_assert_null (cf_catalog_lookup (CF_CATALOG_ENTIDAD_FEDERATIVA, "9"));
}

static void
test_unknown (void)
{
  static const char * const bad[] = { "idNada", "../../etc/passwd", "", "id Cargo", "idCargo.tsv" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = cf_catalog_list (bad[i], &error);

      g_assert_null (list);
      g_assert_error (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_UNKNOWN_CATALOG);
      g_assert_null (cf_catalog_lookup (bad[i], "1"));
    }
}

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
test_override_env (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "idCargo.tsv", NULL);
  g_autofree char *source = NULL;
  g_autofree char *override_dir = NULL;
  CfCatalogEntry *entry;
  GDate date;

  /* A newer catalog, with a CRLF spreadsheet export's habits and validity dates. */
  write_file (dir, "idCargo.tsv",
              "\xEF\xBB\xBF# idCargo, as SEP published it later\r\n"
              "1\tDIRECTOR GENERAL\t\t\r\n"
              "\r\n"
              "3\tRECTOR\t2000-01-01\t2023-12-31\r\n"
              "6\tCOORDINADOR ACADÉMICO\t2024-01-01\r\n");
  g_setenv ("CF_CATALOG_DIR", dir, TRUE);
  cf_catalog_reload ();

  override_dir = cf_catalog_dup_override_dir ();
  g_assert_cmpstr (override_dir, ==, dir);
  source = cf_catalog_dup_source (CF_CATALOG_CARGO);
  g_assert_cmpstr (source, ==, path);

  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_CARGO, "1"), ==, "DIRECTOR GENERAL");
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_CARGO, "6"), ==, "COORDINADOR ACADÉMICO");
  /* The file replaces the bundled catalog, it does not add to it. */
  g_assert_null (cf_catalog_lookup (CF_CATALOG_CARGO, "5"));
  /* Other catalogs still come from the bundle. */
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_GENERO, "250"), ==, "MUJER");

  entry = cf_catalog_lookup_entry (CF_CATALOG_CARGO, "3");
  g_assert_nonnull (entry);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, 12, 2023);
  g_assert_true (cf_catalog_entry_is_valid_at (entry, &date));
  g_date_set_dmy (&date, 1, 1, 2024);
  g_assert_false (cf_catalog_entry_is_valid_at (entry, &date));
  g_date_set_dmy (&date, 31, 12, 1999);
  g_assert_false (cf_catalog_entry_is_valid_at (entry, &date));
  g_assert_true (cf_catalog_entry_is_valid_at (entry, NULL));
  g_assert_cmpint (g_date_get_year (cf_catalog_entry_get_valid_to (entry)), ==, 2023);
  entry = cf_catalog_lookup_entry (CF_CATALOG_CARGO, "6");
  g_date_set_dmy (&date, 1, 6, 2030);
  g_assert_true (cf_catalog_entry_is_valid_at (entry, &date));

  /* A catalog Certifica does not ship can be added the same way. */
  write_file (dir, "idModalidad.tsv", "1\tESCOLARIZADA\n2\tNO ESCOLARIZADA\n");
  g_assert_cmpstr (cf_catalog_lookup ("idModalidad", "2"), ==, "NO ESCOLARIZADA");

  /* Without the override, after a reload, the bundle again. */
  g_unsetenv ("CF_CATALOG_DIR");
  cf_catalog_reload ();
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_CARGO, "5"), ==, "RESPONSABLE DE EXPEDICIÓN");
  g_assert_null (cf_catalog_lookup (CF_CATALOG_CARGO, "6"));

  cf_test_rmdir (dir);
}

static void
test_override_xdg (void)
{
  g_autofree char *dir = g_build_filename (xdg_data_home, "certifica", "catalogs", NULL);
  g_autofree char *override_dir = NULL;

  g_unsetenv ("CF_CATALOG_DIR");
  override_dir = cf_catalog_dup_override_dir ();
  g_assert_cmpstr (override_dir, ==, dir);

  write_file (dir, "idGenero.tsv", "250\tMUJER\n251\tHOMBRE\n253\tNO BINARIO\t2025-01-01\t\n");
  cf_catalog_reload ();
  g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_GENERO, "253"), ==, "NO BINARIO");
  g_assert_true (g_str_has_prefix (cf_catalog_lookup (CF_CATALOG_GENERO, "250"), "MUJER"));

  {
    g_autofree char *path = g_build_filename (dir, "idGenero.tsv", NULL);

    g_assert_cmpint (g_unlink (path), ==, 0);
  }
  cf_catalog_reload ();
  g_assert_null (cf_catalog_lookup (CF_CATALOG_GENERO, "253"));
}

static void
test_override_broken (void)
{
  static const struct { const char *text; const char *fragment; } broken[] = {
    { "1\tDIRECTOR\n2 SUBDIRECTOR\n", "Line 2" },
    { "1\tDIRECTOR\n1\tOTRO\n", "repeats" },
    { "1\tDIRECTOR\t2024-13-01\n", "YYYY-MM-DD" },
    { "1\t\n", "Line 1" },
    { "1\tA\tB\tC\tD\n", "Line 1" },
    { "1\t\xff\xfe\n", "UTF-8" },
  };
  g_autofree char *dir = cf_test_mkdtemp ();

  g_setenv ("CF_CATALOG_DIR", dir, TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;

      write_file (dir, "idCargo.tsv", broken[i].text);
      cf_catalog_reload ();

      /* Look-ups keep working with the bundled catalog... */
      g_assert_cmpstr (cf_catalog_lookup (CF_CATALOG_CARGO, "5"), ==, "RESPONSABLE DE EXPEDICIÓN");
      /* ...and the check says what is wrong with the file. */
      g_assert_false (cf_catalog_check (CF_CATALOG_CARGO, &error));
      g_assert_error (error, CF_CATALOG_ERROR, CF_CATALOG_ERROR_PARSE);
      if (strstr (error->message, broken[i].fragment) == NULL)
        g_error ("“%s” not in “%s”", broken[i].fragment, error->message);
      g_assert_nonnull (strstr (error->message, "idCargo.tsv"));
    }
  g_unsetenv ("CF_CATALOG_DIR");
  cf_catalog_reload ();
  cf_test_rmdir (dir);
}

static gpointer
lookup_thread (gpointer data)
{
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", i % 32 + 1);

      if (cf_catalog_lookup (CF_CATALOG_ENTIDAD_FEDERATIVA, code) == NULL ||
          cf_catalog_lookup (CF_CATALOG_TIPO_ASIGNATURA, "263") == NULL)
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

static void
test_threads (void)
{
  GThread *threads[6];

  cf_catalog_reload ();
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("lookup", lookup_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before GLib reads and caches it. */
  xdg_data_home = cf_test_mkdtemp ();
  g_setenv ("XDG_DATA_HOME", xdg_data_home, TRUE);
  g_unsetenv ("CF_CATALOG_DIR");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/catalog/bundled", test_bundled);
  g_test_add_func ("/core/catalog/states", test_states);
  g_test_add_func ("/core/catalog/unknown", test_unknown);
  g_test_add_func ("/core/catalog/override/env", test_override_env);
  g_test_add_func ("/core/catalog/override/xdg", test_override_xdg);
  g_test_add_func ("/core/catalog/override/broken", test_override_broken);
  g_test_add_func ("/core/catalog/threads", test_threads);

  status = g_test_run ();
  cf_test_rmdir (xdg_data_home);
  g_free (xdg_data_home);
  return status;
}
