/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-page.c: the Certificados page: the widget, the list with its
 * counts, filters and search, kept in step with the store, and its public
 * API. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-certs-check.h"
#include "cf-certs-page-export.h"
#include "cf-certs-page-private.h"

G_DEFINE_FINAL_TYPE (CfCertsPage, cf_certs_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The states the filter offers (part 1 of the life cycle), after "All". */
static const CfCertStatus filter_states[] = {
  CF_CERT_STATUS_BORRADOR,
  CF_CERT_STATUS_LISTO,
  CF_CERT_STATUS_SELLADO,
};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

void
_cf_certs_page_toast (CfCertsPage *self,
                      const char  *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
_cf_certs_page_show_error (CfCertsPage  *self,
                           const char   *heading,
                           const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_cf_certs_page_notify_busy (CfCertsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

GArray *
_cf_certs_page_selected_ids (CfCertsPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CfCertItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      gint64 id = cf_cert_item_get_id (item);

      g_array_append_val (ids, id);
    }
  return ids;
}

/* The value chosen in a drop-down whose first item is "All …". */
static const char *
chosen (GtkDropDown *dropdown,
        GStrv        values)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (values == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > g_strv_length (values))
    return NULL;
  return values[selected - 1];
}

static void
get_filter (CfCertsPage  *self,
            CfCertFilter *filter)
{
  guint status = gtk_drop_down_get_selected (self->status_dropdown);

  filter->status = status > 0 && status <= G_N_ELEMENTS (filter_states) ? (int) filter_states[status - 1] : -1;
  filter->id_carrera = chosen (self->career_dropdown, self->careers);
  filter->clave_plan = chosen (self->plan_dropdown, self->plans);
  filter->ciclo = chosen (self->cycle_dropdown, self->cycles);
  filter->id_campus = chosen (self->campus_dropdown, self->campuses);
  filter->search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

static guint
total_count (CfCertsPage *self)
{
  guint n = 0;

  for (guint i = 0; i < CF_CERT_N_STATUS; i++)
    n += self->counts[i];
  return n;
}

/* "12 drafts · 30 ready · 5 sealed" */
static void
update_counts (CfCertsPage *self)
{
  g_autofree char *borrador = NULL;
  g_autofree char *listo = NULL;
  g_autofree char *sellado = NULL;
  g_autofree char *text = NULL;
  guint n_sealed = 0;

  for (guint i = CF_CERT_STATUS_SELLADO; i < CF_CERT_N_STATUS; i++)
    n_sealed += self->counts[i];

  borrador = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "<b>%u</b> draft", "<b>%u</b> drafts",
                                           self->counts[CF_CERT_STATUS_BORRADOR]),
                              self->counts[CF_CERT_STATUS_BORRADOR]);
  listo = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "<b>%u</b> ready", "<b>%u</b> ready",
                                        self->counts[CF_CERT_STATUS_LISTO]),
                           self->counts[CF_CERT_STATUS_LISTO]);
  sellado = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "<b>%u</b> sealed", "<b>%u</b> sealed", n_sealed),
                             n_sealed);
  text = g_strdup_printf ("%s  ·  %s  ·  %s", borrador, listo, sellado);
  gtk_label_set_markup (self->counts_label, text);
}

/* Refills a filter's drop-down, keeping what was chosen when it is still
 * offered. Returns TRUE when the choice had to go. */
static gboolean
set_choices (CfCertsPage   *self,
             GtkDropDown   *dropdown,
             GtkStringList *list,
             GStrv         *values,
             GStrv          fresh)
{
  g_autofree char *was = g_strdup (chosen (dropdown, *values));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint selected = 0;

  if (fresh == NULL)
    return FALSE;
  if (*values != NULL && g_strv_equal ((const char * const *) *values, (const char * const *) fresh))
    return FALSE;

  g_strfreev (*values);
  *values = g_strdupv (fresh);
  for (guint i = 0; was != NULL && fresh[i] != NULL; i++)
    if (g_str_equal (fresh[i], was))
      selected = i + 1;

  self->setting_choices = TRUE;
  if (list == self->career_choices && self->career_names != NULL)
    {
      g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
      g_auto(GStrv) labels = NULL;

      for (guint i = 0; fresh[i] != NULL; i++)
        {
          const char *name = g_hash_table_lookup (self->career_names, fresh[i]);
          g_autofree char *label = name != NULL ? g_strdup_printf ("%s · %s", fresh[i], name) : g_strdup (fresh[i]);

          g_strv_builder_add (shown, label);
        }
      labels = g_strv_builder_end (shown);
      gtk_string_list_splice (list, 1, n - 1, (const char * const *) labels);
    }
  else
    gtk_string_list_splice (list, 1, n - 1, (const char * const *) fresh);
  gtk_drop_down_set_selected (dropdown, selected);
  self->setting_choices = FALSE;
  return was != NULL && selected == 0;
}

void
_cf_certs_page_update_actions (CfCertsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  gtk_widget_action_set_enabled (widget, "certs.check", !self->checking && total_count (self) > 0);
  gtk_widget_action_set_enabled (widget, "certs.seal-selected", !gtk_bitset_is_empty (selected));
  gtk_widget_action_set_enabled (widget, "certs.seal-ready", self->counts[CF_CERT_STATUS_LISTO] > 0);
  _cf_certs_page_update_export (self);
}

/* ------------------------------------------------------------------ */
/* Reading the list, in a worker                                       */
/* ------------------------------------------------------------------ */

/* Keeps the selection (by id) across a new read. */
static void
replace_items (CfCertsPage *self,
               GPtrArray   *rows)
{
  g_autoptr(GArray) was = _cf_certs_page_selected_ids (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) keep = gtk_bitset_new_empty ();
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < was->len; i++)
    g_hash_table_add (wanted, &g_array_index (was, gint64, i));

  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);

      if (g_hash_table_contains (wanted, &row->id))
        gtk_bitset_add (keep, i);
      g_ptr_array_add (items, cf_cert_item_new (row, self->career_names != NULL
                                                     ? g_hash_table_lookup (self->career_names, row->student->id_carrera)
                                                     : NULL));
      rows->pdata[i] = NULL;   /* the item owns it now */
    }

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  if (!gtk_bitset_is_empty (keep))
    gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), keep, keep);
}

static void
on_view_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CfCertsView) view = NULL;
  g_autoptr(GError) error = NULL;
  CfCertsPage *self;
  gboolean lost = FALSE;

  view = cf_certs_workspace_load_finish (CF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the page is alive (dispose cancels). */
  self = CF_CERTS_PAGE (user_data);
  self->loading = FALSE;

  if (view == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the certificates: %s"), error->message);

      _cf_certs_page_toast (self, text);
      if (!self->loaded_once)
        gtk_stack_set_visible_child_name (self->stack, "empty");
      _cf_certs_page_notify_busy (self);
      return;
    }

  self->loaded_once = TRUE;
  memcpy (self->counts, view->counts, sizeof self->counts);
  if (view->careers != NULL)
    {
      self->choices_stale = FALSE;
      lost |= set_choices (self, self->career_dropdown, self->career_choices, &self->careers, view->careers);
      lost |= set_choices (self, self->plan_dropdown, self->plan_choices, &self->plans, view->plans);
      lost |= set_choices (self, self->cycle_dropdown, self->cycle_choices, &self->cycles, view->cycles);
      lost |= set_choices (self, self->campus_dropdown, self->campus_choices, &self->campuses, view->campuses);
    }

  replace_items (self, view->rows);
  update_counts (self);
  gtk_stack_set_visible_child_name (self->stack, total_count (self) > 0 ? "work" : "empty");
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->items)) > 0 ? "list" : "no-match");
  _cf_certs_page_update_actions (self);

  /* The certificate on show may have changed (a check, another desk). */
  if (self->detail_id != 0 && self->writes == 0)
    _cf_certs_page_show_detail (self, self->detail_id);

  if (lost || self->reload_pending)
    {
      self->reload_pending = FALSE;
      _cf_certs_page_reload (self);
      return;
    }
  _cf_certs_page_notify_busy (self);
}

void
_cf_certs_page_reload (CfCertsPage *self)
{
  CfCertFilter filter = CF_CERT_FILTER_INIT;

  if (self->store == NULL)
    return;   /* not constructed yet, or disposed */
  if (self->loading)
    {
      /* One read at a time; the last wish wins. */
      self->reload_pending = TRUE;
      return;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  if (!self->loaded_once)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  get_filter (self, &filter);
  cf_certs_workspace_load_async (self->store, &filter, self->choices_stale || self->careers == NULL,
                                 self->cancellable, on_view_read_cb, self);
  _cf_certs_page_notify_busy (self);
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

/* The careers' names, as the Programa de Estudios the window shares has
 * them; the list and the filter read again to show them. */
static void
on_plans_loaded_cb (CfCertsPage   *self,
                    CfPlanSession *session)
{
  CfPlanBook *book = cf_plan_session_get_book (session);
  g_autoptr(GPtrArray) careers = NULL;

  g_clear_pointer (&self->career_names, g_hash_table_unref);
  if (book == NULL)
    return;
  self->career_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  careers = cf_plan_book_list_level (book, CF_PLAN_LEVEL_CAREER);
  for (guint i = 0; i < careers->len; i++)
    {
      CfPlanNode *career = g_ptr_array_index (careers, i);
      const char *id = cf_plan_node_get (career, CF_PLAN_COL_ID_CARRERA);
      const char *name = cf_plan_node_get (career, CF_PLAN_COL_NOMBRE_CARRERA);

      if (id != NULL && *id != '\0' && name != NULL && *name != '\0')
        g_hash_table_insert (self->career_names, g_strdup (id), g_strdup (name));
    }
  /* The drop-down's labels are made again with the names. */
  g_clear_pointer (&self->careers, g_strfreev);
  self->choices_stale = TRUE;
  _cf_certs_page_reload (self);
}

/* The button of the filters in its popover says how many are on. */
static void
update_filters_button (CfCertsPage *self)
{
  GtkDropDown *dropdowns[] = { self->career_dropdown, self->plan_dropdown, self->cycle_dropdown,
                               self->campus_dropdown };
  g_autofree char *label = NULL;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    n += gtk_drop_down_get_selected (dropdowns[i]) > 0;
  /* Translators: the button of the career, plan, cycle and campus filters; %u of them on */
  label = n == 0 ? g_strdup (_("_Filters")) : g_strdup_printf (_("_Filters (%u)"), n);
  gtk_menu_button_set_label (self->filters_button, label);
}

static void
on_filter_changed_cb (CfCertsPage *self)
{
  update_filters_button (self);
  if (!self->setting_choices)
    _cf_certs_page_reload (self);
}

static void
on_store_changed_cb (CfCertsPage *self,
                     CfStore     *store)
{
  self->choices_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _cf_certs_page_reload (self);
}

static void
on_selection_changed_cb (CfCertsPage    *self,
                         guint           position,
                         guint           n_items,
                         GtkSelectionModel *model)
{
  g_autoptr(GArray) ids = _cf_certs_page_selected_ids (self);

  _cf_certs_page_update_actions (self);
  if (ids->len == 1)
    {
      if (g_array_index (ids, gint64, 0) != self->detail_id)
        {
          _cf_certs_page_show_detail (self, g_array_index (ids, gint64, 0));
          /* Narrow, the list and the detail take turns: a certificate
           * chosen is shown (a read that keeps the selection is not a
           * choice: the same id). */
          if (adw_leaflet_get_folded (self->leaflet))
            adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
        }
      return;
    }

  _cf_certs_page_show_detail (self, 0);
  if (ids->len > 1)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u Certificate Selected",
                                                             "%u Certificates Selected", ids->len),
                                                ids->len);

      adw_status_page_set_title (self->selection_status, title);
      adw_status_page_set_description (self->selection_status,
                                       _("Seal them together with “Seal…”, or choose one to see its problems and preview it."));
    }
  else
    {
      adw_status_page_set_title (self->selection_status, _("No Certificate Selected"));
      adw_status_page_set_description (self->selection_status,
                                       _("Choose a certificate in the list to see its problems, correct it and preview it. Select several to seal them together."));
    }
}

static void
on_list_activate_cb (CfCertsPage *self,
                     guint        position,
                     GtkListView *list_view)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_detail_back_clicked_cb (CfCertsPage *self,
                           GtkButton   *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */
/* ------------------------------------------------------------------ */

static void
on_refresh_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CfCertsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->checking = FALSE;
  if (!cf_certs_refresh_finish (CF_CONTEXT (source), result, NULL, &error))
    {
      if (self->store != NULL)
        _cf_certs_page_show_error (self, _("Could Not Check the Certificates"), error);
    }
  if (self->store == NULL)
    return;   /* disposed meanwhile */
  self->choices_stale = TRUE;
  _cf_certs_page_reload (self);
  _cf_certs_page_notify_busy (self);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CfCertsPage *self = CF_CERTS_PAGE (widget);

  if (self->checking)
    return;
  self->checking = TRUE;
  _cf_certs_page_update_actions (self);
  cf_certs_refresh_async (self->context, self->cancellable, on_refresh_done_cb, g_object_ref (self));
  _cf_certs_page_notify_busy (self);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CfCertsPage *self = CF_CERTS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
cf_certs_page_map (GtkWidget *widget)
{
  CfCertsPage *self = CF_CERTS_PAGE (widget);
  CfPlanSession *session = cf_context_get_plan_session (self->context);

  GTK_WIDGET_CLASS (cf_certs_page_parent_class)->map (widget);

  /* Shown: what was done elsewhere meanwhile (an import, the plans) is in
   * the store. */
  self->choices_stale = TRUE;
  _cf_certs_page_reload (self);
  /* The careers' names: the study plans, read once for the window. */
  if (cf_plan_session_get_book (session) == NULL && !cf_plan_session_get_loading (session))
    cf_plan_session_load_async (session, NULL, NULL, NULL, NULL);
}

static void
cf_certs_page_constructed (GObject *object)
{
  CfCertsPage *self = CF_CERTS_PAGE (object);

  G_OBJECT_CLASS (cf_certs_page_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "signers-changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cf_context_get_plan_session (self->context), "loaded",
                           G_CALLBACK (on_plans_loaded_cb), self, G_CONNECT_SWAPPED);
  if (cf_plan_session_get_book (cf_context_get_plan_session (self->context)) != NULL)
    on_plans_loaded_cb (self, cf_context_get_plan_session (self->context));
  _cf_certs_page_setup_detail (self);
  _cf_certs_page_update_actions (self);
}

static void
cf_certs_page_dispose (GObject *object)
{
  CfCertsPage *self = CF_CERTS_PAGE (object);

  /* No reading starts after this, none under way comes back. */
  g_clear_object (&self->store);
  g_cancellable_cancel (self->cancellable);
  _cf_certs_page_dispose_detail (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_CERTS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->items);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_certs_page_parent_class)->dispose (object);
}

static void
cf_certs_page_finalize (GObject *object)
{
  CfCertsPage *self = CF_CERTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->career_names, g_hash_table_unref);
  g_strfreev (self->careers);
  g_strfreev (self->plans);
  g_strfreev (self->cycles);
  g_strfreev (self->campuses);

  G_OBJECT_CLASS (cf_certs_page_parent_class)->finalize (object);
}

static void
cf_certs_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CfCertsPage *self = CF_CERTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, cf_certs_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_certs_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CfCertsPage *self = CF_CERTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->store = g_object_ref (cf_context_get_store (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_certs_page_class_init (CfCertsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_certs_page_constructed;
  object_class->dispose = cf_certs_page_dispose;
  object_class->finalize = cf_certs_page_finalize;
  object_class->get_property = cf_certs_page_get_property;
  object_class->set_property = cf_certs_page_set_property;

  widget_class->map = cf_certs_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CF_TYPE_CERT_ITEM);
  g_type_ensure (CF_TYPE_PREVIEW_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-certs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, seal_button);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, career_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, plan_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, cycle_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, campus_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, filters_button);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, status_choices);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, career_choices);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, plan_choices);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, cycle_choices);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, campus_choices);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, selection_status);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, detail_flap);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, detail_status);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, detail_portal);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, findings_group);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, name_group);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, nombre_row);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, primer_apellido_row);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, segundo_apellido_row);
  gtk_widget_class_bind_template_child (widget_class, CfCertsPage, subjects_view);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_back_clicked_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_finding_activated_cb",
                                                G_CALLBACK (_cf_certs_page_on_finding_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_name_apply_cb",
                                                G_CALLBACK (_cf_certs_page_on_name_apply_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_name_changed_cb",
                                                G_CALLBACK (_cf_certs_page_on_name_changed_cb));

  gtk_widget_class_install_action (widget_class, "certs.import", NULL, _cf_certs_page_import_action);
  gtk_widget_class_install_action (widget_class, "certs.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "certs.seal-selected", NULL, _cf_certs_page_seal_action);
  gtk_widget_class_install_action (widget_class, "certs.seal-ready", NULL, _cf_certs_page_seal_action);
  gtk_widget_class_install_action (widget_class, "certs.export-selected", NULL, _cf_certs_page_export_action);
  gtk_widget_class_install_action (widget_class, "certs.export-sealed", NULL, _cf_certs_page_export_action);
  gtk_widget_class_install_action (widget_class, "certs.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "certs.focus-search", NULL);
}

static void
cf_certs_page_init (CfCertsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  self->cancellable = g_cancellable_new ();
  self->choices_stale = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));

  gtk_string_list_append (self->status_choices, _("All states"));
  for (guint i = 0; i < G_N_ELEMENTS (filter_states); i++)
    gtk_string_list_append (self->status_choices, cf_cert_status_get_label (filter_states[i]));
  gtk_string_list_append (self->career_choices, _("All careers"));
  gtk_string_list_append (self->plan_choices, _("All plans"));
  gtk_string_list_append (self->cycle_choices, _("All cycles"));
  gtk_string_list_append (self->campus_choices, _("All campuses"));
  gtk_menu_button_set_use_underline (self->filters_button, TRUE);
  update_filters_button (self);

  self->items = g_list_store_new (CF_TYPE_CERT_ITEM);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->items)));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/certifica/Certifica/cf-cert-list-row.ui");
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

gboolean
cf_certs_page_get_busy (CfCertsPage *self)
{
  g_return_val_if_fail (CF_IS_CERTS_PAGE (self), FALSE);

  return self->loading || self->checking || self->writes > 0 || self->rechecks > 0 ||
         self->detail_loading || self->signer_loading;
}

GListModel *
cf_certs_page_get_items (CfCertsPage *self)
{
  g_return_val_if_fail (CF_IS_CERTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->items);
}

guint
cf_certs_page_get_count (CfCertsPage  *self,
                         CfCertStatus  status)
{
  g_return_val_if_fail (CF_IS_CERTS_PAGE (self), 0);
  g_return_val_if_fail ((guint) status < CF_CERT_N_STATUS, 0);

  return self->counts[status];
}

gboolean
cf_certs_page_select (CfCertsPage *self,
                      gint64       id)
{
  guint n;

  g_return_val_if_fail (CF_IS_CERTS_PAGE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CfCertItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (cf_cert_item_get_id (item) == id)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

GPtrArray *
cf_certs_page_get_findings (CfCertsPage *self)
{
  g_return_val_if_fail (CF_IS_CERTS_PAGE (self), NULL);

  return self->detail != NULL ? self->findings : NULL;
}

const CfCertRow *
cf_certs_page_get_detail (CfCertsPage *self)
{
  g_return_val_if_fail (CF_IS_CERTS_PAGE (self), NULL);

  return self->detail;
}
