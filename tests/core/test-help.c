/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf_help_dup_uri(): Yelp's help: address when a viewer exists, else the
 * HTML pages on disk (a real folder laid out as the install does), in the
 * user's language, for the person's section. */

#include "config.h"

#include <glib/gstdio.h>

#include "cf-help.h"
#include "cf-test-util.h"

#define APP_ID "io.github.certifica.Certifica"

static void
touch (const char *root,
       const char *language,
       const char *name)
{
  g_autofree char *dir = g_build_filename (root, language, APP_ID, "html", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "<html></html>", -1, NULL));
}

static char *
uri_of (const char *root,
        const char *language,
        const char *name)
{
  g_autofree char *path = g_build_filename (root, language, APP_ID, "html", name, NULL);

  return g_filename_to_uri (path, NULL, NULL);
}

static void
test_viewer (void)
{
  const char * const languages[] = { "es_MX.UTF-8", "es_MX", "es", "C", NULL };
  g_autofree char *uri = cf_help_dup_uri (APP_ID, "plans", TRUE, "/nonexistent", languages);
  g_autofree char *index = cf_help_dup_uri (APP_ID, NULL, TRUE, NULL, languages);

  g_assert_cmpstr (uri, ==, "help:" APP_ID "/plans");
  g_assert_cmpstr (index, ==, "help:" APP_ID "/index");
}

static void
test_html (void)
{
  g_autofree char *root = cf_test_mkdtemp ();
  const char * const spanish[] = { "es_MX.UTF-8", "es_MX", "es", "C", NULL };
  const char * const english[] = { "en_US.UTF-8", "en_US", "en", "C", NULL };
  g_autofree char *uri = NULL;
  g_autofree char *expected = NULL;

  /* Nothing installed: nothing to open (the caller says so in words). */
  uri = cf_help_dup_uri (APP_ID, "plans", FALSE, root, spanish);
  g_assert_null (uri);

  touch (root, "C", "index.html");
  touch (root, "C", "plans.html");
  touch (root, "es", "index.html");
  touch (root, "es", "plans.html");

  /* No viewer: the HTML page, in Spanish, for the section. */
  uri = cf_help_dup_uri (APP_ID, "plans", FALSE, root, spanish);
  expected = uri_of (root, "es", "plans.html");
  g_assert_cmpstr (uri, ==, expected);
  g_assert_true (g_str_has_prefix (uri, "file:///"));
  g_clear_pointer (&uri, g_free);
  g_clear_pointer (&expected, g_free);

  /* Another language: the original. */
  uri = cf_help_dup_uri (APP_ID, "plans", FALSE, root, english);
  expected = uri_of (root, "C", "plans.html");
  g_assert_cmpstr (uri, ==, expected);
  g_clear_pointer (&uri, g_free);
  g_clear_pointer (&expected, g_free);

  /* A section with no page: that language's index. */
  uri = cf_help_dup_uri (APP_ID, "preferences", FALSE, root, spanish);
  expected = uri_of (root, "es", "index.html");
  g_assert_cmpstr (uri, ==, expected);

  cf_test_rmdir (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/help/viewer", test_viewer);
  g_test_add_func ("/help/html", test_html);
  return g_test_run ();
}
