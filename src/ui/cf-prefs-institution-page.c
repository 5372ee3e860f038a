/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-prefs-institution-page.c: Preferences → Institution.
 *
 * The name and keys are kept in the store (every desk of the same data
 * shares them); a field never set shows the study plans' value. The logo
 * is read once, checked by the certificate's own loader (cf_logo_load_bytes:
 * PNG, JPEG or SVG, size-checked), and exactly those bytes go to the store,
 * so the next PDF carries it even after the original file is moved.
 * The store may be a PostgreSQL server across the network: every read and
 * write goes through the repository's _async calls, the fields stay
 * insensitive until the values are in, and an answer arriving after the
 * window closed is dropped (weak references, cancelled in dispose). */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-institution-repo.h"
#include "cf-logo.h"
#include "cf-prefs-institution-page.h"

struct _CfPrefsInstitutionPage
{
  AdwPreferencesPage    parent_instance;

  CfStore              *store;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  guint                 load_serial;   /* only the latest load is shown */
  guint                 pending;       /* store calls under way */

  GtkWidget            *details_group;
  GtkWidget            *logo_group;

  AdwEntryRow          *name_row;
  AdwEntryRow          *institution_key_row;
  AdwEntryRow          *campus_key_row;
  AdwActionRow         *logo_row;
  GtkWidget            *logo_frame;
  GtkPicture           *logo_picture;
  GtkWidget            *remove_logo_button;
};

G_DEFINE_FINAL_TYPE (CfPrefsInstitutionPage, cf_prefs_institution_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Errors and confirmations go to the window's toasts. */
static void
show_toast (CfPrefsInstitutionPage *self,
            const char             *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
  else
    g_message ("%s", text);
}

/* The surface as the certificate will draw it, for the preview. */
static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) pixels = NULL;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * (gsize) height);
  /* CAIRO_FORMAT_ARGB32 is GDK_MEMORY_DEFAULT: premultiplied, native order. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels, (gsize) stride);
}

static void
show_logo (CfPrefsInstitutionPage *self,
           GBytes                 *bytes,
           const char             *name)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = NULL;

  if (bytes != NULL)
    surface = cf_logo_load_bytes (bytes, name != NULL && *name != '\0' ? name : "logo", &error);

  if (surface != NULL)
    {
      g_autoptr(GdkTexture) texture = texture_from_surface (surface);

      gtk_picture_set_paintable (self->logo_picture, GDK_PAINTABLE (texture));
      adw_action_row_set_subtitle (self->logo_row, name);
      cairo_surface_destroy (surface);
    }
  else
    {
      gtk_picture_set_paintable (self->logo_picture, NULL);
      adw_action_row_set_subtitle (self->logo_row,
                                   error != NULL ? error->message
                                   : _("None: the certificate’s header leaves its place blank."));
    }
  gtk_widget_set_visible (self->logo_frame, gtk_picture_get_paintable (self->logo_picture) != NULL);
  gtk_widget_set_sensitive (self->remove_logo_button, bytes != NULL);
}

static void
begin_call (CfPrefsInstitutionPage *self)
{
  if (self->pending++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
end_call (CfPrefsInstitutionPage *self)
{
  g_return_if_fail (self->pending > 0);
  if (--self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* An async call's user data: the page, weakly (the window may close
 * before the server answers), and which load it was. */
typedef struct
{
  GWeakRef page;
  guint    serial;
} Call;

static gpointer
call_new (CfPrefsInstitutionPage *self)
{
  Call *call = g_new0 (Call, 1);

  g_weak_ref_init (&call->page, self);
  call->serial = self->load_serial;
  return call;
}

/* The page, or NULL when it is gone; frees @user_data. */
static CfPrefsInstitutionPage *
call_take (gpointer  user_data,
           guint    *serial)
{
  Call *call = user_data;
  gpointer page = g_weak_ref_get (&call->page);

  if (serial != NULL)
    *serial = call->serial;
  g_weak_ref_clear (&call->page);
  g_free (call);
  return page;
}

static void
set_fields_sensitive (CfPrefsInstitutionPage *self,
                      gboolean                sensitive)
{
  gtk_widget_set_sensitive (self->details_group, sensitive);
  gtk_widget_set_sensitive (self->logo_group, sensitive);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  guint serial = 0;
  g_autoptr(CfPrefsInstitutionPage) self = call_take (user_data, &serial);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) logo = NULL;
  g_autoptr(CfInstitution) institution =
    cf_institution_repo_get_finish (CF_STORE (source), result, &logo, &error);

  if (self == NULL)
    return;
  end_call (self);
  /* Disposed (its widgets gone), or a newer load is on its way. */
  if (g_cancellable_is_cancelled (self->cancellable) || serial != self->load_serial)
    return;
  set_fields_sensitive (self, TRUE);
  if (institution == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), institution->name);
  gtk_editable_set_text (GTK_EDITABLE (self->institution_key_row), institution->id_institucion);
  gtk_editable_set_text (GTK_EDITABLE (self->campus_key_row), institution->id_campus);
  show_logo (self, logo, institution->logo_name);
}

static void
load (CfPrefsInstitutionPage *self)
{
  self->load_serial++;
  begin_call (self);
  set_fields_sensitive (self, FALSE);
  cf_institution_repo_get_async (self->store, TRUE, self->cancellable, on_loaded_cb, call_new (self));
}

/* A write's answer: errors to the toasts, then the values as stored
 * (an emptied field shows the study plans' value again). */
static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CfPrefsInstitutionPage) self = call_take (user_data, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == cf_institution_repo_set_logo_async)
    ok = cf_institution_repo_set_logo_finish (CF_STORE (source), result, &error);
  else
    ok = cf_institution_repo_set_finish (CF_STORE (source), result, &error);
  if (self == NULL)
    return;
  end_call (self);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;   /* disposed: its widgets are gone */
  if (!ok)
    show_toast (self, error->message);
  load (self);
}

static char *
stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
on_details_apply_cb (CfPrefsInstitutionPage *self,
                     AdwEntryRow            *row)
{
  g_autofree char *name = stripped (self->name_row);
  g_autofree char *institution_key = stripped (self->institution_key_row);
  g_autofree char *campus_key = stripped (self->campus_key_row);

  begin_call (self);
  cf_institution_repo_set_async (self->store, name, institution_key, campus_key,
                                 self->cancellable, on_written_cb, call_new (self));
}

static void
on_chooser_response_cb (CfPrefsInstitutionPage *self,
                        int                     response,
                        GtkFileChooserNative   *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !cf_prefs_institution_page_set_logo_file (self, file, &error))
        show_toast (self, error->message);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_logo_clicked_cb (CfPrefsInstitutionPage *self,
                           GtkButton              *button)
{
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  /* Only what the certificate's logo loader reads. */
  gtk_file_filter_set_name (images, _("Images (PNG, JPEG, SVG)"));
  gtk_file_filter_add_mime_type (images, "image/png");
  gtk_file_filter_add_mime_type (images, "image/jpeg");
  gtk_file_filter_add_mime_type (images, "image/svg+xml");
  gtk_file_filter_add_suffix (images, "png");
  gtk_file_filter_add_suffix (images, "jpg");
  gtk_file_filter_add_suffix (images, "jpeg");
  gtk_file_filter_add_suffix (images, "svg");

  self->chooser = gtk_file_chooser_native_new (_("Choose the Institution’s Logo"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), images);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_remove_logo_clicked_cb (CfPrefsInstitutionPage *self,
                           GtkButton              *button)
{
  begin_call (self);
  cf_institution_repo_set_logo_async (self->store, NULL, NULL, self->cancellable,
                                      on_written_cb, call_new (self));
}

/* ---- GObject ---- */

static void
cf_prefs_institution_page_constructed (GObject *object)
{
  CfPrefsInstitutionPage *self = CF_PREFS_INSTITUTION_PAGE (object);

  G_OBJECT_CLASS (cf_prefs_institution_page_parent_class)->constructed (object);

  g_assert (CF_IS_STORE (self->store));
  load (self);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
}

static void
cf_prefs_institution_page_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  CfPrefsInstitutionPage *self = CF_PREFS_INSTITUTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_prefs_institution_page_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  CfPrefsInstitutionPage *self = CF_PREFS_INSTITUTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_prefs_institution_page_dispose (GObject *object)
{
  CfPrefsInstitutionPage *self = CF_PREFS_INSTITUTION_PAGE (object);

  /* Answers still on their way find the page gone and are dropped. */
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_PREFS_INSTITUTION_PAGE);

  G_OBJECT_CLASS (cf_prefs_institution_page_parent_class)->dispose (object);
}

static void
cf_prefs_institution_page_finalize (GObject *object)
{
  CfPrefsInstitutionPage *self = CF_PREFS_INSTITUTION_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cf_prefs_institution_page_parent_class)->finalize (object);
}

static void
cf_prefs_institution_page_class_init (CfPrefsInstitutionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_prefs_institution_page_constructed;
  object_class->get_property = cf_prefs_institution_page_get_property;
  object_class->set_property = cf_prefs_institution_page_set_property;
  object_class->dispose = cf_prefs_institution_page_dispose;
  object_class->finalize = cf_prefs_institution_page_finalize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CF_TYPE_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* TRUE while the store is being read or written (tests wait on it). */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/cf-prefs-institution-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfPrefsInstitutionPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsInstitutionPage, logo_group);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsInstitutionPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsInstitutionPage, institution_key_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsInstitutionPage, campus_key_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsInstitutionPage, logo_row);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsInstitutionPage, logo_frame);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsInstitutionPage, logo_picture);
  gtk_widget_class_bind_template_child (widget_class, CfPrefsInstitutionPage, remove_logo_button);
  gtk_widget_class_bind_template_callback (widget_class, on_details_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_logo_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_logo_clicked_cb);
}

static void
cf_prefs_institution_page_init (CfPrefsInstitutionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
cf_prefs_institution_page_new (CfStore *store)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return g_object_new (CF_TYPE_PREFS_INSTITUTION_PAGE, "store", store, NULL);
}

gboolean
cf_prefs_institution_page_set_logo_file (CfPrefsInstitutionPage  *self,
                                         GFile                   *file,
                                         GError                 **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;

  g_return_val_if_fail (CF_IS_PREFS_INSTITUTION_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Choose an image on this computer or in a network folder opened in Files."));
      return FALSE;
    }
  name = g_path_get_basename (path);

  /* The bytes checked are the bytes kept. */
  bytes = cf_logo_read (path, error);
  if (bytes == NULL)
    return FALSE;
  surface = cf_logo_load_bytes (bytes, name, error);
  if (surface == NULL)
    return FALSE;
  cairo_surface_destroy (surface);

  /* Kept in the background; a store error goes to the toasts. */
  begin_call (self);
  cf_institution_repo_set_logo_async (self->store, bytes, name, self->cancellable,
                                      on_written_cb, call_new (self));
  return TRUE;
}
