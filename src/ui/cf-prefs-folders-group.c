/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-prefs-folders-group.c: Preferences → Data → the folders Certifica
 * reads besides its own files: SEP catalogs that replace the shipped ones,
 * and the user's trust anchors. Each row says where the folder is and what
 * was found there; "Open Folder" makes it when missing and shows it. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cf-catalog.h"
#include "cf-prefs-folders-group.h"
#include "cf-trust.h"

struct _CfPrefsFoldersGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *catalogs_row;
  AdwActionRow        *trust_row;
  GtkWidget           *catalogs_button;
  GtkWidget           *trust_button;
};

G_DEFINE_FINAL_TYPE (CfPrefsFoldersGroup, cf_prefs_folders_group, ADW_TYPE_PREFERENCES_GROUP)

char *
cf_prefs_folders_dup_trust_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "certifica", "trust", NULL);
}

/* "folder\nwhat was loaded from it". */
static void
set_row (AdwActionRow *row,
         const char   *folder,
         const char   *loaded)
{
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", folder, loaded);

  adw_action_row_set_subtitle (row, subtitle);
}

static char *
describe_catalogs (void)
{
  const char * const *names = cf_catalog_get_names ();
  g_autoptr(GPtrArray) replaced = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) broken = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = cf_catalog_dup_override_dir ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *source = cf_catalog_dup_source (names[i]);
      g_autofree char *file_name = g_strconcat (names[i], ".tsv", NULL);
      g_autofree char *path = g_build_filename (dir, file_name, NULL);

      if (source != NULL && !g_str_has_prefix (source, "resource:"))
        g_ptr_array_add (replaced, g_strdup (names[i]));
      else if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_ptr_array_add (broken, g_steal_pointer (&file_name));
    }
  g_ptr_array_add (replaced, NULL);
  g_ptr_array_add (broken, NULL);

  if (broken->len > 1)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) broken->pdata);

      /* Translators: a list of file names ("ID_NIVEL_ESTUDIOS.tsv, …"). */
      return g_strdup_printf (_("These files cannot be read and the catalogs that come with Certifica are "
                                "used instead: %s. Check them against SEP’s catalog."), list);
    }
  if (replaced->len > 1)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) replaced->pdata);

      /* Translators: a list of SEP catalog names ("ID_NIVEL_ESTUDIOS, …"). */
      return g_strdup_printf (_("Read from this folder: %s. The others are the ones that come with Certifica."), list);
    }
  return g_strdup (_("Nothing here: the catalogs that come with Certifica are used."));
}

static gboolean
has_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);

  return handle != NULL && g_dir_read_name (handle) != NULL;
}

static char *
describe_trust (const char *dir)
{
  g_autoptr(CfTrust) all = cf_trust_new_default ();
  g_autoptr(CfTrust) user = cf_trust_new ();
  g_autofree char *found = NULL;
  guint n_user = 0;
  guint n_sat;
  GPtrArray *warnings;

  if (has_files (dir))
    n_user = cf_trust_add_folder (user, dir);
  n_sat = cf_trust_get_n_anchors (all) - MIN (n_user, cf_trust_get_n_anchors (all));
  warnings = cf_trust_get_warnings (user);

  if (n_user == 0)
    found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "None of yours: only SAT’s certificate authority (%u) is trusted.",
                                          "None of yours: only SAT’s certificate authorities (%u) are trusted.",
                                          n_sat), n_sat);
  else
    found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u certificate authority of yours, besides SAT’s (%u).",
                                          "%u certificate authorities of yours, besides SAT’s (%u).",
                                          n_user), n_user, n_sat);
  /* A file that is not a certificate: said, so it can be fixed. */
  if (warnings->len > 0)
    return g_strdup_printf ("%s %s", found, (const char *) g_ptr_array_index (warnings, 0));
  return g_steal_pointer (&found);
}

static void
refresh (CfPrefsFoldersGroup *self)
{
  g_autofree char *catalogs_dir = cf_catalog_dup_override_dir ();
  g_autofree char *catalogs = describe_catalogs ();
  g_autofree char *trust_dir = cf_prefs_folders_dup_trust_dir ();
  g_autofree char *trust = describe_trust (trust_dir);

  set_row (self->catalogs_row, catalogs_dir, catalogs);
  set_row (self->trust_row, trust_dir, trust);
}

static void
on_open_clicked_cb (CfPrefsFoldersGroup *self,
                    GtkButton           *button)
{
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_WIDGET (button) == self->catalogs_button)
    dir = cf_catalog_dup_override_dir ();
  else
    dir = cf_prefs_folders_dup_trust_dir ();

  /* The folder may not exist yet: made empty, ready for files. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("Cannot make %s: %s", dir, g_strerror (errno));
  file = g_file_new_for_path (dir);
  uri = g_file_get_uri (file);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
cf_prefs_folders_group_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cf_prefs_folders_group_parent_class)->map (widget);

  /* Files may have been dropped in since the page was last shown. */
  refresh (CF_PREFS_FOLDERS_GROUP (widget));
}

static void
cf_prefs_folders_group_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CF_TYPE_PREFS_FOLDERS_GROUP);

  G_OBJECT_CLASS (cf_prefs_folders_group_parent_class)->dispose (object);
}

static void
cf_prefs_folders_group_class_init (CfPrefsFoldersGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_prefs_folders_group_dispose;
  widget_class->map = cf_prefs_folders_group_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-prefs-folders-group.ui");
  gtk_widget_class_bind_template_child (widget_class, CfPrefsFoldersGroup, catalogs_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsFoldersGroup, trust_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsFoldersGroup, catalogs_button);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsFoldersGroup, trust_button);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked_cb);
}

static void
cf_prefs_folders_group_init (CfPrefsFoldersGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  refresh (self);
}
