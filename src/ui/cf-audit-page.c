/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-context.h"

#include <glib/gi18n-lib.h>

#include "cf-audit-item.h"
#include "cf-audit-page.h"
#include "cf-audit-repo.h"

/* Entries shown at most; a note says when there are more. */
#define MAX_ENTRIES 1000

struct _CfAuditPage
{
  GtkWidget        parent_instance;

  CfContext       *context;
  CfStore         *store;
  GCancellable    *cancellable;   /* the reading under way; cancelled in dispose */
  gboolean         reading_entries;
  gboolean         reading_people;

  AdwToastOverlay *toast_overlay;
  GtkDropDown     *since_dropdown;
  GtkDropDown     *person_dropdown;
  GtkDropDown     *entity_dropdown;
  GtkStringList   *people;
  GtkLabel        *more_label;
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  GListStore      *entries;
};

G_DEFINE_FINAL_TYPE (CfAuditPage, cf_audit_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The entity drop-down's choices, in its order. */
enum {
  ENTITY_ALL,
  ENTITY_SIGNERS,
  ENTITY_PLANS,
};

static const char * const signer_entities[] = { "signer", NULL };
static const char * const plan_entities[] = {
  "institution", "campus", "career", "plan", "subject", "plans", NULL
};

/* The date drop-down's choices, in its order. */
enum {
  SINCE_TODAY,
  SINCE_7_DAYS,
  SINCE_30_DAYS,
  SINCE_ALWAYS,
};

static void reload (CfAuditPage *self);

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* Local midnight of the first day shown, or NULL for every date. */
static GDateTime *
get_since (CfAuditPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = NULL;
  int days;

  switch (gtk_drop_down_get_selected (self->since_dropdown))
    {
    case SINCE_TODAY:
      days = 0;
      break;
    case SINCE_7_DAYS:
      days = 6;
      break;
    case SINCE_30_DAYS:
      days = 29;
      break;
    default:
      return NULL;
    }

  today = g_date_time_new_local (g_date_time_get_year (now),
                                 g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now),
                                 0, 0, 0);
  return g_date_time_add_days (today, -days);
}

/* The OS user chosen, or NULL for everyone. */
static const char *
get_person (CfAuditPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->person_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->people, selected);
}

static const char * const *
get_entities (CfAuditPage *self)
{
  switch (gtk_drop_down_get_selected (self->entity_dropdown))
    {
    case ENTITY_SIGNERS:
      return signer_entities;
    case ENTITY_PLANS:
      return plan_entities;
    default:
      return NULL;
    }
}

static gboolean
is_filtered (CfAuditPage *self)
{
  return gtk_drop_down_get_selected (self->since_dropdown) != SINCE_ALWAYS ||
         get_person (self) != NULL ||
         get_entities (self) != NULL;
}

static void
set_reading (CfAuditPage *self,
             gboolean     entries,
             gboolean     people)
{
  gboolean was_busy = cf_audit_page_get_busy (self);

  self->reading_entries = entries;
  self->reading_people = people;
  if (was_busy != cf_audit_page_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (CfAuditPage  *self,
            const GError *error)
{
  g_autofree char *text = g_strdup_printf (_("Could not read the bitácora: %s"), error->message);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* ------------------------------------------------------------------ */
/* Reading, in worker threads                                          */
/* ------------------------------------------------------------------ */

/* @user_data is the page, not referenced: dispose cancels the reading, and
 * a cancelled reading returns before touching it. */
static void
on_entries_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  CfAuditPage *self;
  gboolean more;

  entries = cf_audit_repo_list_finish (CF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CF_AUDIT_PAGE (user_data);
  set_reading (self, FALSE, self->reading_people);
  if (entries == NULL)
    {
      show_error (self, error);
      entries = g_ptr_array_new ();
    }

  more = entries->len > MAX_ENTRIES;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < MIN (entries->len, MAX_ENTRIES); i++)
    g_ptr_array_add (items, cf_audit_item_new (g_ptr_array_index (entries, i)));
  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       items->pdata, items->len);

  if (more)
    {
      g_autofree char *text = NULL;

      /* Translators: %u is 1000 */
      text = g_strdup_printf (_("Only the latest %u changes are shown. Choose a shorter time or one person to see the others."),
                              MAX_ENTRIES);
      gtk_label_set_label (self->more_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), more);

  adw_status_page_set_description (self->empty_page,
                                   is_filtered (self)
                                   ? _("No change matches these filters.")
                                   : _("Every change to signers and study plans is recorded here, with who made it and when."));
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
}

static void
on_people_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_auto(GStrv) people = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chosen = NULL;
  CfAuditPage *self;
  guint n_shown;
  guint selected = 0;

  people = cf_audit_repo_list_people_finish (CF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CF_AUDIT_PAGE (user_data);
  set_reading (self, self->reading_entries, FALSE);
  if (people == NULL)
    {
      g_debug ("bitácora: cannot list the people: %s", error->message);
      return;
    }

  /* The first item is "All People". */
  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->people));
  if (n_shown - 1 == g_strv_length (people))
    {
      gboolean same = TRUE;

      for (guint i = 0; same && people[i] != NULL; i++)
        same = g_strcmp0 (gtk_string_list_get_string (self->people, i + 1), people[i]) == 0;
      if (same)
        return;
    }

  chosen = g_strdup (get_person (self));
  for (guint i = 0; chosen != NULL && people[i] != NULL; i++)
    if (g_str_equal (people[i], chosen))
      selected = i + 1;

  g_signal_handlers_block_matched (self->person_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->people, 1, n_shown - 1, (const char * const *) people);
  gtk_drop_down_set_selected (self->person_dropdown, selected);
  g_signal_handlers_unblock_matched (self->person_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  /* The person chosen is no longer in the store (another store opened). */
  if (chosen != NULL && selected == 0)
    reload (self);
}

static void
reload (CfAuditPage *self)
{
  g_autoptr(GDateTime) since = NULL;

  if (self->store == NULL)
    return;   /* not constructed yet, or disposed */

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  since = get_since (self);

  set_reading (self, TRUE, TRUE);
  /* One more than shown, to know whether there are more. */
  cf_audit_repo_list_async (self->store, since, get_person (self), get_entities (self),
                            MAX_ENTRIES + 1, self->cancellable, on_entries_read_cb, self);
  cf_audit_repo_list_people_async (self->store, self->cancellable, on_people_read_cb, self);
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

static void
on_filter_changed_cb (CfAuditPage *self,
                      GParamSpec  *pspec,
                      GtkDropDown *dropdown)
{
  reload (self);
}

/* Another desk or process wrote, or this one changed the signers: read
 * again if on show (else when shown). */
static void
on_store_changed_cb (CfAuditPage *self,
                     CfStore     *store)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
cf_audit_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cf_audit_page_parent_class)->map (widget);

  /* Shown: what was done in the other sections meanwhile is in the store. */
  reload (CF_AUDIT_PAGE (widget));
}

static void
cf_audit_page_constructed (GObject *object)
{
  CfAuditPage *self = CF_AUDIT_PAGE (object);

  G_OBJECT_CLASS (cf_audit_page_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "signers-changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
cf_audit_page_dispose (GObject *object)
{
  CfAuditPage *self = CF_AUDIT_PAGE (object);

  /* No reading starts after this (see reload()), none under way returns. */
  g_clear_object (&self->store);
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_AUDIT_PAGE);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_audit_page_parent_class)->dispose (object);
}

static void
cf_audit_page_finalize (GObject *object)
{
  CfAuditPage *self = CF_AUDIT_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cf_audit_page_parent_class)->finalize (object);
}

static void
cf_audit_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CfAuditPage *self = CF_AUDIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, cf_audit_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_audit_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CfAuditPage *self = CF_AUDIT_PAGE (object);

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
cf_audit_page_class_init (CfAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_audit_page_constructed;
  object_class->dispose = cf_audit_page_dispose;
  object_class->finalize = cf_audit_page_finalize;
  object_class->get_property = cf_audit_page_get_property;
  object_class->set_property = cf_audit_page_set_property;

  widget_class->map = cf_audit_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CF_TYPE_AUDIT_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfAuditPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfAuditPage, since_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CfAuditPage, person_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CfAuditPage, entity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CfAuditPage, people);
  gtk_widget_class_bind_template_child (widget_class, CfAuditPage, more_label);
  gtk_widget_class_bind_template_child (widget_class, CfAuditPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CfAuditPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CfAuditPage, entries);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
}

static void
cf_audit_page_init (CfAuditPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

GListModel *
cf_audit_page_get_entries (CfAuditPage *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_PAGE (self), NULL);

  return G_LIST_MODEL (self->entries);
}

gboolean
cf_audit_page_get_busy (CfAuditPage *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_PAGE (self), FALSE);

  return self->reading_entries || self->reading_people;
}
