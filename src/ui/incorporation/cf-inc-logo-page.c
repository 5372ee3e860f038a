/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-logo-page.c: the logo step. The rules are checked and the copy is
 * made in a worker (cf_logo_rules_examine_async); the files go to the
 * store through CfIncorporation; this page only shows them. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-inc-logo-page.h"
#include "cf-incorporation-repo.h"
#include "cf-logo-rules.h"

struct _CfIncLogoPage
{
  CfIncPage       parent_instance;

  GtkLabel       *note_label;
  GtkLabel       *file_label;
  GtkLabel       *status_label;
  GtkPicture     *original_picture;
  GtkPicture     *fixed_picture;
  GtkWidget      *fixed_box;
  GtkWidget      *copy_button;
  GtkSpinner     *spinner;
  AdwPreferencesGroup *original_group;
  AdwPreferencesGroup *fixed_group;

  GPtrArray      *original_rows;
  GPtrArray      *fixed_rows;
  GCancellable   *cancellable;
  guint           busy;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (CfIncLogoPage, cf_inc_logo_page, CF_TYPE_INC_PAGE)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *props[N_PROPS];

typedef enum
{
  SHOW_ORIGINAL,   /* the kept original, shown again */
  NEW_ORIGINAL,    /* just chosen: the logo if it passes */
  SHOW_FIXED,      /* the kept compliant copy, shown again */
  MAKE_COPY,       /* "Crear copia conforme" */
} Purpose;

typedef struct
{
  GWeakRef  ref;
  Purpose   purpose;
  GBytes   *bytes;
  char     *name;
} Call;

static void
call_free (Call *call)
{
  g_weak_ref_clear (&call->ref);
  g_clear_pointer (&call->bytes, g_bytes_unref);
  g_free (call->name);
  g_free (call);
}

static void
set_busy (CfIncLogoPage *self,
          gboolean       busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
}

static void
set_picture (GtkPicture *picture,
             GBytes     *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GdkTexture) texture = NULL;
  GdkPixbuf *pixbuf;

  if (bytes != NULL && gdk_pixbuf_loader_write_bytes (loader, bytes, NULL) && gdk_pixbuf_loader_close (loader, NULL) &&
      (pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)) != NULL)
    texture = gdk_texture_new_for_pixbuf (pixbuf);
  else
    gdk_pixbuf_loader_close (loader, NULL);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
show_checks (AdwPreferencesGroup *group,
             GPtrArray           *rows,
             GPtrArray           *checks)
{
  clear_rows (group, rows);
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      const CfLogoCheck *check = g_ptr_array_index (checks, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (check->ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
      /* Translators: a rule's measured value, then the expected one. */
      g_autofree char *subtitle = g_strdup_printf (_("Measured: %s · Expected: %s"), check->measured, check->expected);
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);
      g_autofree char *title = g_markup_escape_text (check->title, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      gtk_widget_add_css_class (icon, check->ok ? "success" : "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      check->ok ? _("Passes") : _("Fails"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (rows, row);
    }
}

static void
update_complete (CfIncLogoPage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  gboolean has_logo = cf_incorporation_get_value (inc, CF_INC_LOGO) != NULL;
  gboolean has_original = cf_incorporation_get_value (inc, CF_INC_FILE_LOGO_ORIGINAL) != NULL;
  const char *missing = NULL;

  if (!has_logo)
    missing = has_original ? _("The logo fails a rule: make a compliant copy.") : _("Choose the institution’s logo.");
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing);
  cf_inc_page_set_complete (CF_INC_PAGE (self), has_logo);
}

static void examine (CfIncLogoPage *self, Purpose purpose, GBytes *bytes, const char *name);

/* "escudo.jpg" → "escudo-conforme.png". */
static char *
dup_copy_name (const char *name)
{
  g_autofree char *stem = g_strdup (name != NULL ? name : "logo");
  char *dot = strrchr (stem, '.');

  if (dot != NULL && dot != stem)
    *dot = '\0';
  /* Translators: the compliant copy's file name from the original's, "escudo-conforme.png". */
  return g_strdup_printf (_("%s-conforme.png"), stem);
}

static void
on_examined_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(CfIncLogoPage) self = g_weak_ref_get (&call->ref);
  g_autoptr(CfLogoExamination) examination = NULL;
  g_autoptr(GError) error = NULL;
  CfIncorporation *inc;

  examination = cf_logo_rules_examine_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      call_free (call);
      return;
    }
  set_busy (self, FALSE);
  inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  if (examination == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The logo could not be checked: %s"), error->message);

      gtk_label_set_label (self->status_label, message);
      cf_inc_page_show_toast (CF_INC_PAGE (self), message);
      call_free (call);
      return;
    }

  switch (call->purpose)
    {
    case SHOW_ORIGINAL:
    case NEW_ORIGINAL:
      {
        gboolean ok = cf_logo_checks_all_ok (examination->checks);

        show_checks (self->original_group, self->original_rows, examination->checks);
        /* No second copy offered beside one already made. */
        gtk_widget_set_visible (self->copy_button,
                                !ok && (call->purpose == NEW_ORIGINAL || !gtk_widget_get_visible (self->fixed_box)));
        if (call->purpose == NEW_ORIGINAL)
          {
            /* The one that passes is the logo; a copy made of an earlier
             * image no longer is. */
            if ((ok && !cf_incorporation_set_logo (inc, call->name, call->bytes, &error)) ||
                (!ok && !cf_incorporation_remove_file (inc, CF_INC_LOGO, &error)))
              cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
            gtk_widget_set_visible (self->fixed_box, FALSE);
          }
        if (!ok && call->purpose == SHOW_ORIGINAL && gtk_widget_get_visible (self->fixed_box))
          gtk_label_set_label (self->status_label, _("The compliant copy is the logo sent to SEP and printed on the "
                                                     "certificates."));
        else
          gtk_label_set_label (self->status_label,
                               ok ? _("The image meets every rule: it is the logo sent to SEP and printed on the "
                                      "certificates.")
                                  : _("The image fails some rules. “Make a Compliant Copy” makes a copy that meets "
                                      "them; the original is not changed."));
        break;
      }
    case SHOW_FIXED:
      show_checks (self->fixed_group, self->fixed_rows, examination->checks);
      break;
    case MAKE_COPY:
      {
        g_autofree char *copy_name = dup_copy_name (call->name);

        if (!cf_incorporation_set_logo (inc, copy_name, examination->fixed, &error))
          {
            cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
            break;
          }
        set_picture (self->fixed_picture, examination->fixed);
        gtk_widget_set_visible (self->copy_button, FALSE);
        show_checks (self->fixed_group, self->fixed_rows, examination->fixed_checks);
        gtk_widget_set_visible (self->fixed_box, TRUE);
        gtk_label_set_label (self->status_label,
                             cf_logo_checks_all_ok (examination->fixed_checks)
                               ? _("The compliant copy is the logo sent to SEP and printed on the certificates.")
                               : _("The copy still fails a rule; choose another image."));
        break;
      }
    }
  update_complete (self);
  call_free (call);
}

static void
examine (CfIncLogoPage *self,
         Purpose        purpose,
         GBytes        *bytes,
         const char    *name)
{
  Call *call = g_new0 (Call, 1);

  g_weak_ref_init (&call->ref, self);
  call->purpose = purpose;
  call->bytes = g_bytes_ref (bytes);
  call->name = g_strdup (name);
  set_busy (self, TRUE);
  cf_logo_rules_examine_async (bytes, purpose == MAKE_COPY, self->cancellable, on_examined_cb, call);
}

static void
show_file_name (CfIncLogoPage *self,
                const char    *name)
{
  /* Translators: the chosen image's file name; the copy is in the store. */
  g_autofree char *text = name != NULL ? g_strdup_printf (_("“%s”, kept in Certifica’s store"), name) : NULL;

  gtk_label_set_label (self->file_label, text != NULL ? text : _("No image chosen yet."));
}

/* What the store has, shown again (a return to the page weeks later). */
static void
reload (CfIncLogoPage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  const char *original_sha = cf_incorporation_get_value (inc, CF_INC_FILE_LOGO_ORIGINAL);
  const char *logo_sha = cf_incorporation_get_value (inc, CF_INC_LOGO);
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) logo = NULL;
  g_autofree char *original_name = NULL;

  if (original_sha != NULL)
    original = cf_incorporation_get_file (inc, CF_INC_FILE_LOGO_ORIGINAL, &original_name, NULL, NULL);
  show_file_name (self, original_name);
  set_picture (self->original_picture, original);
  if (original != NULL)
    examine (self, SHOW_ORIGINAL, original, original_name);
  else
    clear_rows (self->original_group, self->original_rows);
  gtk_widget_set_visible (self->copy_button, FALSE);
  /* A copy apart from the original: show it beside. */
  if (logo_sha != NULL && g_strcmp0 (logo_sha, original_sha) != 0)
    logo = cf_incorporation_get_file (inc, CF_INC_LOGO, NULL, NULL, NULL);
  gtk_widget_set_visible (self->fixed_box, logo != NULL);
  set_picture (self->fixed_picture, logo);
  if (logo != NULL)
    examine (self, SHOW_FIXED, logo, NULL);
  update_complete (self);
}

void
cf_inc_logo_page_open_file (CfIncLogoPage *self,
                            GFile         *file)
{
  CfIncorporation *inc;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CF_IS_INC_LOGO_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  if (!cf_incorporation_put_file_from (inc, CF_INC_FILE_LOGO_ORIGINAL, file, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The image could not be kept: %s"), error->message);

      cf_inc_page_show_toast (CF_INC_PAGE (self), message);
      return;
    }
  /* From now on only the copy in the store is used. */
  copy = cf_incorporation_get_file (inc, CF_INC_FILE_LOGO_ORIGINAL, &name, NULL, &error);
  if (copy == NULL)
    {
      cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;
  show_file_name (self, name);
  set_picture (self->original_picture, copy);
  gtk_widget_set_visible (self->fixed_box, FALSE);
  gtk_widget_set_visible (self->copy_button, FALSE);
  examine (self, NEW_ORIGINAL, copy, name);
}

void
cf_inc_logo_page_make_copy (CfIncLogoPage *self)
{
  CfIncorporation *inc;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CF_IS_INC_LOGO_PAGE (self));

  inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  original = cf_incorporation_get_file (inc, CF_INC_FILE_LOGO_ORIGINAL, &name, NULL, &error);
  if (original == NULL)
    {
      cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
      return;
    }
  examine (self, MAKE_COPY, original, name);
}

gboolean
cf_inc_logo_page_get_busy (CfIncLogoPage *self)
{
  g_return_val_if_fail (CF_IS_INC_LOGO_PAGE (self), FALSE);

  return self->busy > 0;
}

static void
on_chooser_response_cb (CfIncLogoPage *self,
                        int            response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    cf_inc_logo_page_open_file (self, file);
}

static void
on_choose_clicked_cb (CfIncLogoPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Logo"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_copy_clicked_cb (CfIncLogoPage *self)
{
  cf_inc_logo_page_make_copy (self);
}

static void
show_note (CfIncLogoPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfLogoRules) rules = cf_logo_rules_new_default (&error);
  g_autofree char *user_file = cf_logo_rules_dup_user_file ();
  g_autofree char *note = NULL;

  if (rules == NULL)
    note = g_strdup_printf (_("The logo’s rules cannot be read: %s"), error->message);
  else
    /* Translators: the rules' source and date as the data file says, then
     * the file where the user can change them. */
    note = g_strdup_printf (_("SEP does not publish the exact numbers of its logo specification: these rules are "
                              "sensible defaults. Source: %s; date: %s. If SEP gives you others, write them in %s."),
                            cf_logo_rules_get_source (rules) != NULL ? cf_logo_rules_get_source (rules) : "—",
                            cf_logo_rules_get_date (rules) != NULL ? cf_logo_rules_get_date (rules) : "—", user_file);
  gtk_label_set_label (self->note_label, note);
}

static void
cf_inc_logo_page_shown (CfIncPage *page)
{
  CfIncLogoPage *self = CF_INC_LOGO_PAGE (page);

  if (self->busy == 0)
    reload (self);
}

static void
cf_inc_logo_page_constructed (GObject *object)
{
  CfIncLogoPage *self = CF_INC_LOGO_PAGE (object);

  G_OBJECT_CLASS (cf_inc_logo_page_parent_class)->constructed (object);
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Logo"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);
  show_note (self);
  show_file_name (self, NULL);
  update_complete (self);
}

static void
cf_inc_logo_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CfIncLogoPage *self = CF_INC_LOGO_PAGE (object);

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
cf_inc_logo_page_dispose (GObject *object)
{
  CfIncLogoPage *self = CF_INC_LOGO_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->original_rows, g_ptr_array_unref);
  g_clear_pointer (&self->fixed_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_LOGO_PAGE);
  G_OBJECT_CLASS (cf_inc_logo_page_parent_class)->dispose (object);
}

static void
cf_inc_logo_page_class_init (CfIncLogoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_logo_page_constructed;
  object_class->dispose = cf_inc_logo_page_dispose;
  object_class->get_property = cf_inc_logo_page_get_property;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_logo_page_shown;

  /* A check or a copy is under way in a worker. */
  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-logo-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, file_label);
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, original_picture);
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, fixed_picture);
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, fixed_box);
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, original_group);
  gtk_widget_class_bind_template_child (widget_class, CfIncLogoPage, fixed_group);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
}

static void
cf_inc_logo_page_init (CfIncLogoPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->original_rows = g_ptr_array_new ();
  self->fixed_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
cf_inc_logo_page_new (CfContext       *context,
                      CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_LOGO_PAGE, "context", context, "incorporation", incorporation, NULL);
}
