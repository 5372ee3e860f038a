/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-campus-page.c: a preferences group per campus, built again from
 * the incorporation's values whenever a campus comes or goes (removing
 * one moves the later ones down: cf_inc_fields_remove_campus). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-inc-campus-page.h"
#include "cf-inc-fields.h"

/* The name SEP expects when an institution has a single campus. */
#define SINGLE_CAMPUS_NAME "ÚNICO"

struct _CfIncCampusPage
{
  CfIncPage   parent_instance;

  GtkBox     *campuses;        /* the groups */
  GPtrArray  *states;          /* CfCatalogEntry, in the combo's order after "not chosen" */
  gboolean    loading;
};

G_DEFINE_FINAL_TYPE (CfIncCampusPage, cf_inc_campus_page, CF_TYPE_INC_PAGE)

static CfIncorporation *
inc_of (CfIncCampusPage *self)
{
  return cf_inc_page_get_incorporation (CF_INC_PAGE (self));
}

static gboolean
save (CfIncCampusPage *self,
      guint            index,
      const char      *field,
      const char      *value)
{
  g_autofree char *key = g_strdup_printf ("campus.%u.%s", index, field);

  return cf_inc_page_save_value (CF_INC_PAGE (self), key, value);
}

static void
update (CfIncCampusPage *self)
{
  CfIncorporation *inc = inc_of (self);
  guint n = cf_incorporation_get_n_campuses (inc);
  g_autoptr(GString) missing = g_string_new (NULL);
  GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (self->campuses));

  for (guint i = 1; i <= n; i++, group = group != NULL ? gtk_widget_get_next_sibling (group) : NULL)
    {
      const char *id = cf_incorporation_get_campus_value (inc, i, "id_campus");
      const char *name = cf_incorporation_get_campus_value (inc, i, "nombre");
      const char *state = cf_incorporation_get_campus_value (inc, i, "entidad");
      g_autofree char *problem = cf_inc_fields_dgp_key_problem (id);
      g_autofree char *text = NULL;
      guint same = problem == NULL ? cf_inc_fields_same_campus_key (inc, i) : 0;

      if (same > 0)
        /* Translators: the number of the campus with that key already. */
        problem = g_strdup_printf (_("Campus %u has this key already."), same);

      if (group != NULL)
        {
          GtkWidget *key_row = g_object_get_data (G_OBJECT (group), "cf-key-row");
          GtkLabel *reason = g_object_get_data (G_OBJECT (group), "cf-key-reason");

          gtk_label_set_label (reason, problem != NULL ? problem : "");
          gtk_widget_set_visible (GTK_WIDGET (reason), problem != NULL);
          if (problem != NULL)
            gtk_widget_add_css_class (key_row, "error");
          else
            gtk_widget_remove_css_class (key_row, "error");
        }
      if (id == NULL)
        text = g_strdup_printf (_("The DGP key of campus %u."), i);
      else if (same > 0)
        text = g_strdup_printf (_("Campuses %u and %u have the same DGP key."), same, i);
      else if (problem != NULL)
        text = g_strdup_printf (_("The DGP key of campus %u must be 5 or 6 digits."), i);
      if (text != NULL)
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? "\n" : "", text);
      g_clear_pointer (&text, g_free);
      if (name == NULL)
        text = g_strdup_printf (_("The name of campus %u."), i);
      if (text != NULL)
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? "\n" : "", text);
      g_clear_pointer (&text, g_free);
      if (state == NULL)
        text = g_strdup_printf (_("The state of campus %u."), i);
      if (text != NULL)
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? "\n" : "", text);
    }
  if (n == 0)
    g_string_append (missing, _("At least one campus."));
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing->len > 0 ? missing->str : NULL);
  cf_inc_page_set_complete (CF_INC_PAGE (self), missing->len == 0);
}

static guint
index_of (GObject *object)
{
  return GPOINTER_TO_UINT (g_object_get_data (object, "cf-campus"));
}

static void
on_key_changed_cb (GtkEditable     *editable,
                   CfIncCampusPage *self)
{
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (self->loading)
    return;
  save (self, index_of (G_OBJECT (editable)), "id_campus", value);
  update (self);
}

static void
on_name_changed_cb (GtkEditable     *editable,
                    CfIncCampusPage *self)
{
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (self->loading)
    return;
  save (self, index_of (G_OBJECT (editable)), "nombre", value);
  update (self);
}

static void
on_state_selected_cb (AdwComboRow     *row,
                      GParamSpec      *pspec,
                      CfIncCampusPage *self)
{
  guint selected = adw_combo_row_get_selected (row);
  const char *code = NULL;

  if (self->loading)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->states->len)
    code = cf_catalog_entry_get_code (g_ptr_array_index (self->states, selected - 1));
  save (self, index_of (G_OBJECT (row)), "entidad", code);
  update (self);
}

static void rebuild (CfIncCampusPage *self);

/* ÚNICO while there is one campus and no name of the user's; taken back
 * when a second campus comes (SEP wants each named then). */
static void
propose_single_name (CfIncCampusPage *self)
{
  CfIncorporation *inc = inc_of (self);
  guint n = cf_incorporation_get_n_campuses (inc);
  const char *first = cf_incorporation_get_campus_value (inc, 1, "nombre");

  if (n == 1 && first == NULL)
    save (self, 1, "nombre", SINGLE_CAMPUS_NAME);
  else if (n > 1 && g_strcmp0 (first, SINGLE_CAMPUS_NAME) == 0)
    save (self, 1, "nombre", NULL);
}

static void
on_remove_clicked_cb (GtkButton       *button,
                      CfIncCampusPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!cf_inc_fields_remove_campus (inc_of (self), index_of (G_OBJECT (button)), &error))
    cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
  propose_single_name (self);
  rebuild (self);
}

void
cf_inc_campus_page_add_campus (CfIncCampusPage *self)
{
  g_autofree char *count = NULL;

  g_return_if_fail (CF_IS_INC_CAMPUS_PAGE (self));

  count = g_strdup_printf ("%u", cf_incorporation_get_n_campuses (inc_of (self)) + 1);
  if (!cf_inc_page_save_value (CF_INC_PAGE (self), CF_INC_N_CAMPUSES, count))
    return;
  propose_single_name (self);
  rebuild (self);
}

static GtkWidget *
campus_group (CfIncCampusPage *self,
              guint            i,
              guint            n)
{
  CfIncorporation *inc = inc_of (self);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *key_row = adw_entry_row_new ();
  GtkWidget *reason = gtk_label_new (NULL);
  GtkWidget *name_row = adw_entry_row_new ();
  GtkWidget *state_row = adw_combo_row_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *value;
  const char *state = cf_incorporation_get_campus_value (inc, i, "entidad");
  guint selected = 0;
  /* Translators: a campus's heading, with its number. */
  g_autofree char *title = g_strdup_printf (_("Campus %u"), i);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (n > 1)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      /* Translators: a button's tooltip, with the campus's number. */
      g_autofree char *tip = g_strdup_printf (_("Remove campus %u"), i);
      gtk_widget_set_tooltip_text (remove, tip);
      g_object_set_data (G_OBJECT (remove), "cf-campus", GUINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), remove);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (key_row), _("DGP campus key"));
  gtk_editable_set_text (GTK_EDITABLE (key_row), (value = cf_incorporation_get_campus_value (inc, i, "id_campus")) != NULL ? value : "");
  g_object_set_data (G_OBJECT (key_row), "cf-campus", GUINT_TO_POINTER (i));
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (reason), 22);
  gtk_label_set_max_width_chars (GTK_LABEL (reason), 30);
  gtk_label_set_xalign (GTK_LABEL (reason), 1);
  gtk_widget_add_css_class (reason, "error");
  gtk_widget_add_css_class (reason, "caption");
  gtk_widget_set_visible (reason, FALSE);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (key_row), reason);
  g_signal_connect (key_row, "changed", G_CALLBACK (on_key_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), key_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row),
                                 n == 1 ? _("Name (SEP expects ÚNICO when there is one campus)") : _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name_row), (value = cf_incorporation_get_campus_value (inc, i, "nombre")) != NULL ? value : "");
  g_object_set_data (G_OBJECT (name_row), "cf-campus", GUINT_TO_POINTER (i));
  g_signal_connect (name_row, "changed", G_CALLBACK (on_name_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), name_row);

  /* Translators: the state list's first item, before one is chosen. */
  gtk_string_list_append (names, _("Not chosen"));
  for (guint s = 0; s < self->states->len; s++)
    {
      CfCatalogEntry *entry = g_ptr_array_index (self->states, s);
      g_autofree char *label = cf_catalog_entry_dup_name (entry);

      gtk_string_list_append (names, label);
      if (g_strcmp0 (state, cf_catalog_entry_get_code (entry)) == 0)
        selected = s + 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (state_row), _("State (entidad federativa)"));
  adw_combo_row_set_model (ADW_COMBO_ROW (state_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (state_row), selected);
  g_object_set_data (G_OBJECT (state_row), "cf-campus", GUINT_TO_POINTER (i));
  g_signal_connect (state_row, "notify::selected", G_CALLBACK (on_state_selected_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), state_row);

  g_object_set_data (G_OBJECT (group), "cf-key-row", key_row);
  g_object_set_data (G_OBJECT (group), "cf-key-reason", reason);
  g_object_set_data (G_OBJECT (group), "cf-name-row", name_row);
  g_object_set_data (G_OBJECT (group), "cf-state-row", state_row);
  return group;
}

static void
rebuild (CfIncCampusPage *self)
{
  guint n = cf_incorporation_get_n_campuses (inc_of (self));
  GtkWidget *child;

  self->loading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->campuses))) != NULL)
    gtk_box_remove (self->campuses, child);
  for (guint i = 1; i <= n; i++)
    gtk_box_append (self->campuses, campus_group (self, i, n));
  self->loading = FALSE;
  update (self);
}

static void
on_add_clicked_cb (CfIncCampusPage *self)
{
  GtkWidget *last;

  cf_inc_campus_page_add_campus (self);
  last = gtk_widget_get_last_child (GTK_WIDGET (self->campuses));
  if (last != NULL)
    gtk_widget_grab_focus (g_object_get_data (G_OBJECT (last), "cf-key-row"));
}

static void
cf_inc_campus_page_shown (CfIncPage *page)
{
  CfIncCampusPage *self = CF_INC_CAMPUS_PAGE (page);

  /* A first visit starts with one campus to fill in. */
  if (cf_incorporation_get_n_campuses (inc_of (self)) == 0)
    cf_inc_campus_page_add_campus (self);
  else
    rebuild (self);
}

static void
cf_inc_campus_page_constructed (GObject *object)
{
  CfIncCampusPage *self = CF_INC_CAMPUS_PAGE (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (cf_inc_campus_page_parent_class)->constructed (object);
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Campus"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);

  self->states = cf_catalog_list (CF_CATALOG_ENTIDAD_FEDERATIVA, &error);
  if (self->states == NULL)
    {
      g_warning ("The states catalog: %s", error->message);
      self->states = g_ptr_array_new ();
    }
  g_ptr_array_set_free_func (self->states, (GDestroyNotify) cf_catalog_entry_unref);
  for (guint s = 0; s < self->states->len; s++)
    cf_catalog_entry_ref (g_ptr_array_index (self->states, s));
  rebuild (self);
}

static void
cf_inc_campus_page_dispose (GObject *object)
{
  CfIncCampusPage *self = CF_INC_CAMPUS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), CF_TYPE_INC_CAMPUS_PAGE);
  g_clear_pointer (&self->states, g_ptr_array_unref);
  G_OBJECT_CLASS (cf_inc_campus_page_parent_class)->dispose (object);
}

static void
cf_inc_campus_page_class_init (CfIncCampusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_campus_page_constructed;
  object_class->dispose = cf_inc_campus_page_dispose;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_campus_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-campus-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncCampusPage, campuses);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);
}

static void
cf_inc_campus_page_init (CfIncCampusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cf_inc_campus_page_new (CfContext       *context,
                        CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_CAMPUS_PAGE, "context", context, "incorporation", incorporation, NULL);
}
