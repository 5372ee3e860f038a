/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cf-person-name.h"

/* Names as school systems export them, and as the printed page shows them. */
static const struct
{
  CfPersonNamePart  part;
  const char       *upper;
  const char       *display;
} names[] = {
  /* given names, compound ones */
  { CF_PERSON_NAME_GIVEN, "MARIA DEL CARMEN", "María del Carmen" },
  { CF_PERSON_NAME_GIVEN, "JUAN PABLO", "Juan Pablo" },
  { CF_PERSON_NAME_GIVEN, "MA. GUADALUPE", "Ma. Guadalupe" },
  { CF_PERSON_NAME_GIVEN, "MARIA DE LOS ANGELES", "María de los Ángeles" },
  { CF_PERSON_NAME_GIVEN, "MARIA DE LA LUZ", "María de la Luz" },
  { CF_PERSON_NAME_GIVEN, "JOSE DE JESUS", "José de Jesús" },
  { CF_PERSON_NAME_GIVEN, "JOSE LUIS", "José Luis" },
  { CF_PERSON_NAME_GIVEN, "JOSE ANGEL", "José Ángel" },
  { CF_PERSON_NAME_GIVEN, "MIGUEL ANGEL", "Miguel Ángel" },
  { CF_PERSON_NAME_GIVEN, "JESUS ALBERTO", "Jesús Alberto" },
  { CF_PERSON_NAME_GIVEN, "MARIA FERNANDA", "María Fernanda" },
  { CF_PERSON_NAME_GIVEN, "MARIA JOSE", "María José" },
  { CF_PERSON_NAME_GIVEN, "ANA SOFIA", "Ana Sofía" },
  { CF_PERSON_NAME_GIVEN, "LUCIA", "Lucía" },
  { CF_PERSON_NAME_GIVEN, "RAUL", "Raúl" },
  { CF_PERSON_NAME_GIVEN, "RUBEN DARIO", "Rubén Darío" },
  { CF_PERSON_NAME_GIVEN, "VICTOR MANUEL", "Víctor Manuel" },
  { CF_PERSON_NAME_GIVEN, "HECTOR", "Héctor" },
  { CF_PERSON_NAME_GIVEN, "OSCAR IVAN", "Óscar Iván" },
  { CF_PERSON_NAME_GIVEN, "MONICA", "Mónica" },
  { CF_PERSON_NAME_GIVEN, "VERONICA", "Verónica" },
  { CF_PERSON_NAME_GIVEN, "ROCIO", "Rocío" },
  { CF_PERSON_NAME_GIVEN, "MARIA CONCEPCION", "María Concepción" },
  { CF_PERSON_NAME_GIVEN, "MARIA DE LA ASUNCION", "María de la Asunción" },
  { CF_PERSON_NAME_GIVEN, "NICOLAS", "Nicolás" },
  { CF_PERSON_NAME_GIVEN, "SEBASTIAN", "Sebastián" },
  { CF_PERSON_NAME_GIVEN, "ANDRES", "Andrés" },
  { CF_PERSON_NAME_GIVEN, "JOAQUIN", "Joaquín" },
  { CF_PERSON_NAME_GIVEN, "TOMAS", "Tomás" },
  { CF_PERSON_NAME_GIVEN, "ADRIAN", "Adrián" },
  { CF_PERSON_NAME_GIVEN, "CESAR", "César" },
  { CF_PERSON_NAME_GIVEN, "ALEJANDRA", "Alejandra" },
  { CF_PERSON_NAME_GIVEN, "GUADALUPE", "Guadalupe" },
  { CF_PERSON_NAME_GIVEN, "XIMENA", "Ximena" },
  { CF_PERSON_NAME_GIVEN, "DIEGO", "Diego" },
  { CF_PERSON_NAME_GIVEN, "NOE", "Noé" },
  { CF_PERSON_NAME_GIVEN, "ZOE", "Zoé" },
  /* accents the export kept stay as they are */
  { CF_PERSON_NAME_GIVEN, "JOSÉ MARÍA", "José María" },
  { CF_PERSON_NAME_GIVEN, "ÁNGEL", "Ángel" },
  { CF_PERSON_NAME_GIVEN, "INÉS", "Inés" },
  /* surnames: accents lost in capitals */
  { CF_PERSON_NAME_SURNAME, "RAMIREZ", "Ramírez" },
  { CF_PERSON_NAME_SURNAME, "GONZALEZ", "González" },
  { CF_PERSON_NAME_SURNAME, "HERNANDEZ", "Hernández" },
  { CF_PERSON_NAME_SURNAME, "MARTINEZ", "Martínez" },
  { CF_PERSON_NAME_SURNAME, "LOPEZ", "López" },
  { CF_PERSON_NAME_SURNAME, "PEREZ", "Pérez" },
  { CF_PERSON_NAME_SURNAME, "SANCHEZ", "Sánchez" },
  { CF_PERSON_NAME_SURNAME, "GOMEZ", "Gómez" },
  { CF_PERSON_NAME_SURNAME, "DIAZ", "Díaz" },
  { CF_PERSON_NAME_SURNAME, "ALVAREZ", "Álvarez" },
  { CF_PERSON_NAME_SURNAME, "RODRIGUEZ", "Rodríguez" },
  { CF_PERSON_NAME_SURNAME, "FERNANDEZ", "Fernández" },
  { CF_PERSON_NAME_SURNAME, "GUTIERREZ", "Gutiérrez" },
  { CF_PERSON_NAME_SURNAME, "JIMENEZ", "Jiménez" },
  { CF_PERSON_NAME_SURNAME, "VAZQUEZ", "Vázquez" },
  { CF_PERSON_NAME_SURNAME, "GARCIA", "García" },
  { CF_PERSON_NAME_SURNAME, "CHAVEZ", "Chávez" },
  { CF_PERSON_NAME_SURNAME, "RUIZ", "Ruiz" },
  { CF_PERSON_NAME_SURNAME, "AVILA", "Ávila" },
  { CF_PERSON_NAME_SURNAME, "RIOS", "Ríos" },
  { CF_PERSON_NAME_SURNAME, "GUZMAN", "Guzmán" },
  { CF_PERSON_NAME_SURNAME, "CALDERON", "Calderón" },
  { CF_PERSON_NAME_SURNAME, "MORALES", "Morales" },
  { CF_PERSON_NAME_SURNAME, "TORRES", "Torres" },
  { CF_PERSON_NAME_SURNAME, "FLORES", "Flores" },
  /* ñ and ü: kept, and accents restored around them */
  { CF_PERSON_NAME_SURNAME, "PEÑA", "Peña" },
  { CF_PERSON_NAME_SURNAME, "NUÑEZ", "Núñez" },
  { CF_PERSON_NAME_SURNAME, "MUÑOZ", "Muñoz" },
  { CF_PERSON_NAME_SURNAME, "IBAÑEZ", "Ibáñez" },
  { CF_PERSON_NAME_SURNAME, "ORDOÑEZ", "Ordóñez" },
  { CF_PERSON_NAME_SURNAME, "ZUÑIGA", "Zúñiga" },
  { CF_PERSON_NAME_SURNAME, "CASTAÑEDA", "Castañeda" },
  { CF_PERSON_NAME_SURNAME, "IÑIGUEZ", "Íñiguez" },
  { CF_PERSON_NAME_SURNAME, "ARGÜELLO", "Argüello" },
  { CF_PERSON_NAME_SURNAME, "ARGUELLO", "Argüello" },
  { CF_PERSON_NAME_SURNAME, "PENA", "Pena" },          /* ñ is not guessed */
  /* particles */
  { CF_PERSON_NAME_SURNAME, "DE LA CRUZ", "de la Cruz" },
  { CF_PERSON_NAME_SURNAME, "DE LOS SANTOS", "de los Santos" },
  { CF_PERSON_NAME_SURNAME, "DE LAS HERAS", "de las Heras" },
  { CF_PERSON_NAME_SURNAME, "DEL RIO", "del Río" },
  { CF_PERSON_NAME_SURNAME, "DE LEON", "de León" },
  { CF_PERSON_NAME_SURNAME, "GOMEZ Y GOMEZ", "Gómez y Gómez" },
  { CF_PERSON_NAME_SURNAME, "VAN DER BERG", "van der Berg" },
  { CF_PERSON_NAME_SURNAME, "VON HUMBOLDT", "von Humboldt" },
  { CF_PERSON_NAME_SURNAME, "DE", "De" },              /* nothing follows it */
  { CF_PERSON_NAME_GIVEN, "DEL CARMEN", "Del Carmen" }, /* a given name starts with a capital */
  /* Mc, Mac, apostrophes, hyphens */
  { CF_PERSON_NAME_SURNAME, "MCDONALD", "McDonald" },
  { CF_PERSON_NAME_SURNAME, "MCGRAW", "McGraw" },
  { CF_PERSON_NAME_SURNAME, "MACDONALD", "MacDonald" },
  { CF_PERSON_NAME_SURNAME, "MACIAS", "Macías" },
  { CF_PERSON_NAME_SURNAME, "MACHADO", "Machado" },
  { CF_PERSON_NAME_SURNAME, "D'ARTAGNAN", "D'Artagnan" },
  { CF_PERSON_NAME_SURNAME, "O'BRIEN", "O'Brien" },
  { CF_PERSON_NAME_SURNAME, "O’NEILL", "O’Neill" },
  { CF_PERSON_NAME_SURNAME, "PEREZ-TEJADA", "Pérez-Tejada" },
  { CF_PERSON_NAME_SURNAME, "SANCHEZ-MEJIA", "Sánchez-Mejía" },
  { CF_PERSON_NAME_SURNAME, "GARCIA-LOPEZ DE LA PEÑA", "García-López de la Peña" },
  /* full names, blanks tidied */
  { CF_PERSON_NAME_FULL, "JOSE DE LA CRUZ PEREZ", "José de la Cruz Pérez" },
  { CF_PERSON_NAME_FULL, "  MARIA   ISABEL  NUÑEZ\tRAMIREZ ", "María Isabel Núñez Ramírez" },
  { CF_PERSON_NAME_FULL, "ANA LÓPEZ PÉREZ", "Ana López Pérez" },
  { CF_PERSON_NAME_FULL, "maria fernanda ruiz", "María Fernanda Ruiz" },
  { CF_PERSON_NAME_FULL, "", "" },
};

static void
test_table (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (names), >=, 80);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *display = cf_person_name_to_display_part (names[i].upper, names[i].part, NULL);

      g_test_message ("%s", names[i].upper);
      g_assert_cmpstr (display, ==, names[i].display);
    }
}

static void
test_full_is_default (void)
{
  g_autofree char *a = cf_person_name_to_display ("DE LA CRUZ");
  g_autofree char *b = cf_person_name_to_display_part ("DE LA CRUZ", CF_PERSON_NAME_SURNAME, NULL);

  /* A full name starts with a given name: its first word is capitalised. */
  g_assert_cmpstr (a, ==, "De la Cruz");
  g_assert_cmpstr (b, ==, "de la Cruz");
}

/* The words the list changed, for the registrar to review. */
static void
test_from_list (void)
{
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) kept = NULL;
  g_autofree char *display = cf_person_name_to_display_part ("JOSE DE LA CRUZ NUÑEZ-RUIZ MCDONALD",
                                                             CF_PERSON_NAME_FULL, &words);
  g_autofree char *plain = cf_person_name_to_display_part ("JUAN PABLO RUIZ", CF_PERSON_NAME_FULL, &none);
  g_autofree char *accented = cf_person_name_to_display_part ("JOSÉ", CF_PERSON_NAME_GIVEN, &kept);

  g_assert_cmpstr (display, ==, "José de la Cruz Núñez-Ruiz McDonald");
  /* Ruiz is in the list but reads the same; McDonald is a rule, not the list. */
  g_assert_cmpuint (g_strv_length (words), ==, 2);
  g_assert_cmpstr (words[0], ==, "José");
  g_assert_cmpstr (words[1], ==, "Núñez");

  g_assert_nonnull (none);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpstr (plain, ==, "Juan Pablo Ruiz");

  g_assert_cmpstr (accented, ==, "José");
  g_assert_cmpuint (g_strv_length (kept), ==, 0);
}

/* $XDG_DATA_HOME/certifica/nombres.txt adds names and overrides the list. */
static void
test_user_file (void)
{
  g_autofree char *path = cf_person_name_dup_user_file ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path,
                       "# del registro\n"
                       "Xóchitl\n"
                       "\n"
                       "Cortez\n"                      /* overrides nothing: another key */
                       "Ruíz\n"                        /* overrides the bundled Ruiz */
                       "NUNEZ\tNúñez\n",               /* an explicit key */
                       -1, &error);
  g_assert_no_error (error);
  cf_person_name_reload ();

  a = cf_person_name_to_display ("XOCHITL RUIZ");
  b = cf_person_name_to_display_part ("NUNEZ", CF_PERSON_NAME_SURNAME, NULL);
  c = cf_person_name_to_display_part ("RAMIREZ", CF_PERSON_NAME_SURNAME, NULL);
  g_assert_cmpstr (a, ==, "Xóchitl Ruíz");
  g_assert_cmpstr (b, ==, "Núñez");
  g_assert_cmpstr (c, ==, "Ramírez");   /* the bundled list still applies */

  g_assert_cmpint (g_unlink (path), ==, 0);
  cf_person_name_reload ();
  d = cf_person_name_to_display ("XOCHITL RUIZ");
  g_assert_cmpstr (d, ==, "Xochitl Ruiz");
}

/* The bundled list has at least 150 names and none of its lines is lost. */
static void
test_bundled_list (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/certifica/core/names/acentos.txt",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_nonnull (bytes);
  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *upper = NULL;
      g_autofree char *display = NULL;

      if (*lines[i] == '\0' || *lines[i] == '#')
        continue;
      n++;
      /* Every listed form comes back from its capitals. */
      upper = g_utf8_strup (lines[i], -1);
      display = cf_person_name_to_display_part (upper, CF_PERSON_NAME_SURNAME, NULL);
      g_assert_cmpstr (display, ==, lines[i]);
    }
  g_assert_cmpuint (n, >=, 150);
}

int
main (int argc, char **argv)
{
  /* A data folder of our own, before GLib reads (and caches) the variable;
   * not G_TEST_OPTION_ISOLATE_DIRS, whose per-test strings LeakSanitizer reports. */
  g_autofree char *data_home = g_dir_make_tmp ("test-person-name-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/person-name/table", test_table);
  g_test_add_func ("/person-name/full-is-default", test_full_is_default);
  g_test_add_func ("/person-name/from-list", test_from_list);
  g_test_add_func ("/person-name/user-file", test_user_file);
  g_test_add_func ("/person-name/bundled-list", test_bundled_list);
  status = g_test_run ();

  {
    g_autofree char *dir = g_build_filename (data_home, "certifica", NULL);

    g_rmdir (dir);
    g_rmdir (data_home);
  }
  return status;
}
