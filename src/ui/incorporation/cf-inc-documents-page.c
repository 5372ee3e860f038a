/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-documents-page.c: the scans step. Reading and checking happen in
 * workers (g_file_load_bytes_async, cf_inc_document_check_async); the
 * copy goes to the store through CfIncorporation. Each scan is a "slot":
 * a group with its thumbnail, its checks and its buttons. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-document.h"
#include "cf-inc-documents-page.h"

#define THUMBNAIL_SIZE 160

typedef struct _CfIncDocumentsPage CfIncDocumentsPage;

typedef struct
{
  CfIncDocumentsPage  *page;      /* not a reference: the page owns the slot */
  const char          *key;
  const char          *what;      /* for people, translated */
  AdwPreferencesGroup *group;
  GtkPicture          *picture;
  GtkLabel            *name_label;
  GtkLabel            *reason_label;
  GtkWidget           *attach_button;
  GtkWidget           *remove_button;
  GPtrArray           *rows;
} Slot;

struct _CfIncDocumentsPage
{
  CfIncPage            parent_instance;

  AdwPreferencesGroup *nombramiento_group;
  AdwPreferencesGroup *registro_group;
  GtkSpinner          *spinner;

  Slot                 slots[2];
  GCancellable        *cancellable;
  guint                busy;
  GtkFileChooserNative *chooser;
  const char          *chooser_key;
};

G_DEFINE_FINAL_TYPE (CfIncDocumentsPage, cf_inc_documents_page, CF_TYPE_INC_PAGE)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *props[N_PROPS];

static gboolean
is_slot_key (const char *key)
{
  return g_strcmp0 (key, CF_INC_DOC_NOMBRAMIENTO) == 0 || g_strcmp0 (key, CF_INC_DOC_REGISTRO) == 0;
}

/* @key is one of the two (is_slot_key()). */
static Slot *
find_slot (CfIncDocumentsPage *self,
           const char         *key)
{
  return &self->slots[g_strcmp0 (key, CF_INC_DOC_REGISTRO) == 0 ? 1 : 0];
}

static void
set_busy (CfIncDocumentsPage *self,
          gboolean            busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
}

static void
update_complete (CfIncDocumentsPage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  const char *missing = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (self->slots) && missing == NULL; i++)
    if (cf_incorporation_get_value (inc, self->slots[i].key) == NULL)
      missing = i == 0 ? _("Attach the scan of the Oficio de Nombramiento, Sello y Firma.")
                       : _("Attach the scan of the Registro de establecimiento educativo.");
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing);
  cf_inc_page_set_complete (CF_INC_PAGE (self), missing == NULL);
}

static void
set_thumbnail (Slot   *slot,
               GBytes *png)
{
  g_autoptr(GdkTexture) texture = png != NULL ? gdk_texture_new_from_bytes (png, NULL) : NULL;

  gtk_picture_set_paintable (slot->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (slot->picture), texture != NULL);
}

static void
show_checks (Slot                *slot,
             CfIncDocumentReport *report)
{
  for (guint i = 0; i < slot->rows->len; i++)
    adw_preferences_group_remove (slot->group, g_ptr_array_index (slot->rows, i));
  g_ptr_array_set_size (slot->rows, 0);
  for (guint i = 0; report != NULL && i < report->checks->len; i++)
    {
      const CfIncDocumentCheck *check = g_ptr_array_index (report->checks, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (check->ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
      /* Translators: a check's measured value, then the expected one. */
      g_autofree char *values = g_strdup_printf (_("Measured: %s · Expected: %s"), check->measured, check->expected);
      g_autofree char *subtitle = check->ok ? g_strdup (values) : g_strdup_printf ("%s\n%s", values, check->reason);
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      gtk_widget_add_css_class (icon, check->ok ? "success" : "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      check->ok ? _("Passes") : _("Fails"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (slot->group, row);
      g_ptr_array_add (slot->rows, row);
    }
}

static void
show_kept (Slot       *slot,
           const char *name)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (slot->page));
  gboolean kept = cf_incorporation_get_value (inc, slot->key) != NULL;
  /* Translators: the attached file's name; the copy is in the store. */
  g_autofree char *text = name != NULL ? g_strdup_printf (_("“%s”, kept in Certifica’s store"), name) : NULL;

  gtk_label_set_label (slot->name_label, kept ? (text != NULL ? text : "") : _("Not attached yet."));
  gtk_button_set_label (GTK_BUTTON (slot->attach_button), kept ? _("_Replace…") : _("_Attach…"));
  gtk_widget_set_visible (slot->remove_button, kept);
}

typedef struct
{
  GWeakRef  ref;
  const char *key;
  char     *name;
  GBytes   *bytes;
  gboolean  is_new;   /* just chosen: kept only if it passes */
} Call;

static void
call_free (Call *call)
{
  g_weak_ref_clear (&call->ref);
  g_free (call->name);
  g_clear_pointer (&call->bytes, g_bytes_unref);
  g_free (call);
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(CfIncDocumentsPage) self = g_weak_ref_get (&call->ref);
  g_autoptr(CfIncDocumentReport) report = NULL;
  g_autoptr(GError) error = NULL;
  Slot *slot;

  report = cf_inc_document_check_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      call_free (call);
      return;
    }
  set_busy (self, FALSE);
  slot = find_slot (self, call->key);
  show_checks (slot, report);
  gtk_widget_set_visible (GTK_WIDGET (slot->reason_label), FALSE);
  if (call->is_new && cf_inc_document_report_ok (report))
    {
      CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));

      if (!cf_incorporation_put_file (inc, call->key, call->name, report->mime, call->bytes, &error))
        {
          gtk_label_set_label (slot->reason_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (slot->reason_label), TRUE);
        }
      else
        set_thumbnail (slot, report->thumbnail);
      show_kept (slot, call->name);
    }
  else if (call->is_new)
    {
      /* Translators: why the chosen scan was not attached. */
      g_autofree char *text = g_strdup_printf (_("Not attached: %s"), cf_inc_document_report_first_reason (report));

      gtk_label_set_label (slot->reason_label, text);
      gtk_widget_set_visible (GTK_WIDGET (slot->reason_label), TRUE);
    }
  else
    set_thumbnail (slot, report->thumbnail);
  update_complete (self);
  call_free (call);
}

static void
check (CfIncDocumentsPage *self,
       const char         *key,
       GBytes             *bytes,
       const char         *name,
       gboolean            is_new)
{
  Call *call = g_new0 (Call, 1);

  g_weak_ref_init (&call->ref, self);
  call->key = key;
  call->name = g_strdup (name);
  call->bytes = g_bytes_ref (bytes);
  call->is_new = is_new;
  set_busy (self, TRUE);
  cf_inc_document_check_async (bytes, name, THUMBNAIL_SIZE, self->cancellable, on_checked_cb, call);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(CfIncDocumentsPage) self = g_weak_ref_get (&call->ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      call_free (call);
      return;
    }
  set_busy (self, FALSE);
  if (bytes == NULL)
    {
      Slot *slot = find_slot (self, call->key);
      g_autofree char *text = g_strdup_printf (_("The file could not be read: %s"), error->message);

      gtk_label_set_label (slot->reason_label, text);
      gtk_widget_set_visible (GTK_WIDGET (slot->reason_label), TRUE);
    }
  else
    check (self, call->key, bytes, call->name, TRUE);
  call_free (call);
}

void
cf_inc_documents_page_attach_file (CfIncDocumentsPage *self,
                                   const char         *key,
                                   GFile              *file)
{
  Slot *slot;
  Call *call;

  g_return_if_fail (CF_IS_INC_DOCUMENTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (is_slot_key (key));
  slot = find_slot (self, key);

  call = g_new0 (Call, 1);
  g_weak_ref_init (&call->ref, self);
  call->key = slot->key;
  call->name = g_file_get_basename (file);
  set_busy (self, TRUE);
  /* Only read: the original stays where it is, untouched. */
  g_file_load_bytes_async (file, self->cancellable, on_loaded_cb, call);
}

void
cf_inc_documents_page_remove (CfIncDocumentsPage *self,
                              const char         *key)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  Slot *slot;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (is_slot_key (key));
  slot = find_slot (self, key);

  if (!cf_incorporation_remove_file (inc, slot->key, &error))
    {
      cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
      return;
    }
  set_thumbnail (slot, NULL);
  show_checks (slot, NULL);
  gtk_widget_set_visible (GTK_WIDGET (slot->reason_label), FALSE);
  show_kept (slot, NULL);
  update_complete (self);
}

gboolean
cf_inc_documents_page_get_busy (CfIncDocumentsPage *self)
{
  g_return_val_if_fail (CF_IS_INC_DOCUMENTS_PAGE (self), FALSE);

  return self->busy > 0;
}

static void
on_chooser_response_cb (CfIncDocumentsPage *self,
                        int                 response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    cf_inc_documents_page_attach_file (self, self->chooser_key, file);
}

static void
on_attach_clicked_cb (GtkButton *button,
                      Slot      *slot)
{
  CfIncDocumentsPage *self = slot->page;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (slot->what, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF or image"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  self->chooser_key = slot->key;
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_remove_clicked_cb (GtkButton *button,
                      Slot      *slot)
{
  cf_inc_documents_page_remove (slot->page, slot->key);
}

static void
build_slot (CfIncDocumentsPage  *self,
            Slot                *slot,
            AdwPreferencesGroup *group,
            const char          *key,
            const char          *what)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *file_row;

  slot->page = self;
  slot->key = key;
  slot->what = what;
  slot->group = group;
  slot->rows = g_ptr_array_new ();
  slot->attach_button = gtk_button_new_with_mnemonic (_("_Attach…"));
  slot->remove_button = gtk_button_new_with_mnemonic (_("_Remove"));
  gtk_widget_add_css_class (slot->remove_button, "destructive-action");
  g_signal_connect (slot->attach_button, "clicked", G_CALLBACK (on_attach_clicked_cb), slot);
  g_signal_connect (slot->remove_button, "clicked", G_CALLBACK (on_remove_clicked_cb), slot);
  gtk_box_append (GTK_BOX (buttons), slot->attach_button);
  gtk_box_append (GTK_BOX (buttons), slot->remove_button);
  adw_preferences_group_set_header_suffix (group, buttons);

  slot->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_size_request (GTK_WIDGET (slot->picture), THUMBNAIL_SIZE * 3 / 4, THUMBNAIL_SIZE);
  gtk_picture_set_can_shrink (slot->picture, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (slot->picture), "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (slot->picture), GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
  gtk_widget_set_visible (GTK_WIDGET (slot->picture), FALSE);
  slot->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (slot->name_label, 0);
  gtk_label_set_wrap (slot->name_label, TRUE);
  slot->reason_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (slot->reason_label, 0);
  gtk_label_set_wrap (slot->reason_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (slot->reason_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (slot->reason_label), FALSE);
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (slot->name_label));
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (slot->reason_label));
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (slot->picture));
  gtk_box_append (GTK_BOX (top), texts);
  gtk_widget_set_margin_top (top, 12);
  gtk_widget_set_margin_bottom (top, 12);
  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  /* A row, so that it comes first in the group's list, above the checks. */
  file_row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (file_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (file_row), top);
  adw_preferences_group_add (group, file_row);
}

/* What the store has, checked again (a return to the page weeks later). */
static void
reload (CfIncDocumentsPage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->slots); i++)
    {
      Slot *slot = &self->slots[i];
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = NULL;

      if (cf_incorporation_get_value (inc, slot->key) != NULL)
        bytes = cf_incorporation_get_file (inc, slot->key, &name, NULL, NULL);
      show_kept (slot, name);
      gtk_widget_set_visible (GTK_WIDGET (slot->reason_label), FALSE);
      if (bytes != NULL)
        check (self, slot->key, bytes, name, FALSE);
      else
        {
          set_thumbnail (slot, NULL);
          show_checks (slot, NULL);
        }
    }
  update_complete (self);
}

static void
cf_inc_documents_page_shown (CfIncPage *page)
{
  CfIncDocumentsPage *self = CF_INC_DOCUMENTS_PAGE (page);

  if (self->busy == 0)
    reload (self);
}

static void
cf_inc_documents_page_constructed (GObject *object)
{
  CfIncDocumentsPage *self = CF_INC_DOCUMENTS_PAGE (object);

  G_OBJECT_CLASS (cf_inc_documents_page_parent_class)->constructed (object);
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Documents"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);
  build_slot (self, &self->slots[0], self->nombramiento_group, CF_INC_DOC_NOMBRAMIENTO,
              _("Oficio de Nombramiento, Sello y Firma"));
  build_slot (self, &self->slots[1], self->registro_group, CF_INC_DOC_REGISTRO,
              _("Registro de establecimiento educativo"));
  for (guint i = 0; i < G_N_ELEMENTS (self->slots); i++)
    show_kept (&self->slots[i], NULL);
  update_complete (self);
}

static void
cf_inc_documents_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CfIncDocumentsPage *self = CF_INC_DOCUMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_inc_documents_page_dispose (GObject *object)
{
  CfIncDocumentsPage *self = CF_INC_DOCUMENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  for (guint i = 0; i < G_N_ELEMENTS (self->slots); i++)
    g_clear_pointer (&self->slots[i].rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_DOCUMENTS_PAGE);
  G_OBJECT_CLASS (cf_inc_documents_page_parent_class)->dispose (object);
}

static void
cf_inc_documents_page_class_init (CfIncDocumentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_documents_page_constructed;
  object_class->dispose = cf_inc_documents_page_dispose;
  object_class->get_property = cf_inc_documents_page_get_property;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_documents_page_shown;

  /* A file is being read or checked in a worker. */
  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-documents-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncDocumentsPage, nombramiento_group);
  gtk_widget_class_bind_template_child (widget_class, CfIncDocumentsPage, registro_group);
  gtk_widget_class_bind_template_child (widget_class, CfIncDocumentsPage, spinner);
}

static void
cf_inc_documents_page_init (CfIncDocumentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
cf_inc_documents_page_new (CfContext       *context,
                           CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_DOCUMENTS_PAGE, "context", context, "incorporation", incorporation, NULL);
}
