/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preview's document: read and validated by the core
 * (cf_dec_check_*_async), drawn by the renderer (cf_render_pdf_async), and
 * what the validation found listed beside the page. A newer load makes the
 * answers of older ones stale: each carries its generation. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-preview-view-private.h"

#include <glib/gi18n-lib.h>

#include "cf-certificate-layout.h"
#include "cf-dec-xml.h"
#include "cf-finding.h"
#include "cf-render-async.h"

typedef struct
{
  GWeakRef  view;
  guint     generation;
  char     *name;        /* the file's name, for messages */
} LoadRequest;

static LoadRequest *
load_request_new (CfPreviewView *self,
                  const char    *name)
{
  LoadRequest *request = g_new0 (LoadRequest, 1);

  g_weak_ref_init (&request->view, self);
  request->generation = self->generation;
  request->name = g_strdup (name);
  return request;
}

static void
load_request_free (LoadRequest *request)
{
  g_weak_ref_clear (&request->view);
  g_free (request->name);
  g_free (request);
}

/* The view when @request is still the newest load, else NULL. */
static CfPreviewView *
current_view (LoadRequest *request)
{
  CfPreviewView *self = g_weak_ref_get (&request->view);

  if (self != NULL && self->generation != request->generation)
    g_clear_object (&self);
  return self;
}

/* Forgets the loads under way; the next answers are stale. */
static void
begin_load (CfPreviewView *self)
{
  self->generation++;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->checking = FALSE;
  self->loading = TRUE;
  _cf_preview_view_update_busy (self);
}

static void
end_load (CfPreviewView *self)
{
  self->checking = FALSE;
  self->loading = FALSE;
  _cf_preview_view_update_busy (self);
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

/* What went wrong, said plainly, with what to do about it. */
static char *
describe_load_error (const char   *name,
                     const GError *error)
{
  const char *file = name != NULL ? name : _("The file");

  if (error->domain == CF_DEC_XML_ERROR)
    switch ((CfDecXmlError) error->code)
      {
      case CF_DEC_XML_ERROR_NOT_A_DEC:
        return g_strdup_printf (_("“%s” is not a SEP certificate. Open the certificate’s XML file, or the PDF that SEP returned."), file);
      case CF_DEC_XML_ERROR_MALFORMED:
        return g_strdup_printf (_("“%s” is damaged or incomplete, so it cannot be read. Generate the certificate again, or ask for a new copy."), file);
      case CF_DEC_XML_ERROR_ENTITIES:
        return g_strdup_printf (_("“%s” contains declarations that Certifica does not read, for safety. Generate the certificate again with your school system."), file);
      case CF_DEC_XML_ERROR_UNSUPPORTED_VERSION:
        return g_strdup_printf (_("“%s” is a version of the certificate that Certifica cannot read (only 2.0 and 3.0)."), file);
      case CF_DEC_XML_ERROR_TOO_LARGE:
      case CF_DEC_XML_ERROR_IO:
      case CF_DEC_XML_ERROR_INVALID_VALUE:
      default:
        return g_strdup (error->message);
      }
  if (error->domain == CF_PDF_ERROR && error->code == CF_PDF_ERROR_ENCRYPTED)
    return g_strdup_printf (_("“%s” is protected with a password, so Certifica cannot show it. Open a copy without a password."), file);
  if (error->domain == CF_PDF_ERROR)
    return g_strdup_printf (_("“%s” is a damaged PDF, so it cannot be shown. Ask for a new copy."), file);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_strdup_printf (_("“%s” no longer exists. Open it again from where it is now."), file);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_strdup_printf (_("You are not allowed to read “%s”. Ask its owner for access, or copy it to your folder."), file);
  return g_strdup_printf (_("“%s” cannot be opened: %s"), file, error->message);
}

void
_cf_preview_view_show_load_error (CfPreviewView *self,
                                  const char    *name,
                                  const GError  *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A banner, not a toast: the sentence is longer than a toast shows. */
  text = describe_load_error (name, error);
  gtk_label_set_label (self->banner_label, text);
  gtk_revealer_set_reveal_child (self->banner, TRUE);
}

void
_cf_preview_view_close_banner_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (CF_PREVIEW_VIEW (widget)->banner, FALSE);
}

/* ------------------------------------------------------------------ */
/* Findings                                                            */
/* ------------------------------------------------------------------ */

guint
_cf_preview_view_count_errors (CfPreviewView *self)
{
  return self->check != NULL ? cf_dec_check_count_errors (self->check) : 0;
}

static GtkWidget *
create_finding_row (CfFinding *finding)
{
  g_autofree char *field = cf_dec_describe_path (cf_finding_get_path (finding));
  g_autofree char *title = g_markup_escape_text (field, -1);
  g_autofree char *subtitle = g_markup_escape_text (cf_finding_get_message (finding), -1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  icon = gtk_image_new_from_icon_name (cf_finding_is_error (finding) ? "dialog-error-symbolic"
                                                                     : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, cf_finding_is_error (finding) ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cf_finding_is_error (finding) ? _("Error") : _("Warning"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
update_findings (CfPreviewView *self)
{
  GPtrArray *findings = self->check != NULL ? cf_dec_check_get_findings (self->check) : NULL;
  guint n = findings != NULL ? findings->len : 0;
  guint errors = _cf_preview_view_count_errors (self);
  g_autofree char *summary = NULL, *count = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list))) != NULL)
    gtk_list_box_remove (self->findings_list, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->findings_list, create_finding_row (g_ptr_array_index (findings, i)));

  if (errors > 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u error: SEP would reject this certificate",
                                            "%u errors: SEP would reject this certificate", errors),
                               errors);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n), n);
  gtk_label_set_label (self->findings_summary, summary);

  /* Translators: the problems button's label, the number of findings. */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem", "%u problems", n), n);
  adw_button_content_set_label (self->findings_button_content, count);
  adw_button_content_set_icon_name (self->findings_button_content,
                                    errors > 0 ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  /* Compact, beside a list of the same problems: none of its own. */
  gtk_widget_set_visible (GTK_WIDGET (self->findings_button), n > 0 && !self->compact);
  /* Shown at once when SEP would reject the document; warnings wait to be asked for. */
  gtk_toggle_button_set_active (self->findings_button, errors > 0 && !self->compact);
  if (n == 0)
    gtk_revealer_set_reveal_child (self->findings_revealer, FALSE);
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */
/* ------------------------------------------------------------------ */

CfRenderable *
_cf_preview_view_create_layout (CfPreviewView *self)
{
  CfCertificateLayout *layout;
  g_autofree char *pattern = _cf_preview_view_dup_url_pattern (self);

  g_return_val_if_fail (self->dec != NULL, NULL);

  layout = cf_certificate_layout_new (self->dec);
  if (self->student_name != NULL)
    cf_certificate_layout_set_student_name (layout, self->student_name);
  /* None given to the view: the institution's, set in Preferences, as
   * looked up for this drawing (render_dec; never the store from here). */
  cf_certificate_layout_set_logo_path (layout, self->logo_path != NULL ? self->logo_path
                                                                     : self->institution_logo_path);
  cf_certificate_layout_set_url_pattern (layout, pattern);
  /* What is on screen is what is saved and printed: a document SEP would
   * reject says it is a draft everywhere. */
  cf_certificate_layout_set_draft (layout, _cf_preview_view_count_errors (self) > 0);
  return CF_RENDERABLE (layout);
}

static void
on_rendered_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LoadRequest *request = user_data;
  g_autoptr(CfPreviewView) self = current_view (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = NULL;
  g_autoptr(GBytes) bytes = cf_render_pdf_finish (result, &sizes, &error);

  if (self != NULL)
    {
      end_load (self);
      if (bytes == NULL)
        {
          self->new_document = FALSE;
          _cf_preview_view_show_load_error (self, request->name, error);
        }
      else
        _cf_preview_view_show_bytes (self, bytes, sizes);
    }
  load_request_free (request);
}

static void
on_logo_path_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LoadRequest *request = user_data;
  g_autoptr(CfPreviewView) self = current_view (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cf_context_dup_logo_path_finish (CF_CONTEXT (source), result, &error);
  g_autoptr(CfRenderable) layout = NULL;

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      load_request_free (request);
      return;
    }
  /* The certificate is still worth seeing without it. */
  if (error != NULL)
    g_warning ("The institution's logo is left out: %s", error->message);
  g_free (self->institution_logo_path);
  self->institution_logo_path = g_steal_pointer (&path);
  layout = _cf_preview_view_create_layout (self);
  cf_render_pdf_async (layout, self->load_cancellable, on_rendered_cb, request);
}

/* Draws self->dec in a worker; the institution's logo (in the store,
 * perhaps on a server) is looked up in a worker first. */
static void
render_dec (CfPreviewView *self,
            LoadRequest   *request)
{
  g_autoptr(CfRenderable) layout = NULL;

  if (self->logo_path == NULL && self->context != NULL)
    {
      cf_context_dup_logo_path_async (self->context, self->load_cancellable, on_logo_path_cb, request);
      return;
    }
  layout = _cf_preview_view_create_layout (self);
  cf_render_pdf_async (layout, self->load_cancellable, on_rendered_cb, request);
}

/* Draws self->dec again (data, logo or URL pattern changed). */
static void
start_render (CfPreviewView *self,
              const char    *name)
{
  if (self->dec == NULL)
    return;
  if (self->checking)
    return;   /* the check's answer draws it with what is set by then */
  begin_load (self);
  render_dec (self, load_request_new (self, name));
}

static void
show_flavour (CfPreviewView *self,
              CfDecFlavour   flavour)
{
  if (flavour == CF_DEC_FLAVOUR_IEMS)
    {
      adw_status_page_set_title (self->flavour_status, _("Upper Secondary Education Certificate"));
      adw_status_page_set_description (self->flavour_status,
                                       _("This document is from upper secondary education (IEMS); Certifica cannot show it yet."));
    }
  else
    {
      adw_status_page_set_title (self->flavour_status, _("Unknown Kind of Certificate"));
      adw_status_page_set_description (self->flavour_status,
                                       _("This is a SEP certificate of a kind Certifica does not know, so it cannot show it. "
                                         "Open it with the program that made it."));
    }
  _cf_preview_view_show_bytes (self, NULL, NULL);
  gtk_stack_set_visible_child_name (self->stack, "flavour");
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LoadRequest *request = user_data;
  g_autoptr(CfPreviewView) self = current_view (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDecCheck) check = cf_dec_check_finish (result, &error);

  if (self == NULL)
    {
      load_request_free (request);
      return;
    }
  self->checking = FALSE;
  if (check == NULL)
    {
      /* The view keeps what it showed, where it was. */
      self->new_document = FALSE;
      end_load (self);
      _cf_preview_view_show_load_error (self, request->name, error);
      load_request_free (request);
      return;
    }

  gtk_revealer_set_reveal_child (self->banner, FALSE);
  g_set_object (&self->check, check);
  g_set_object (&self->dec, cf_dec_check_get_dec (check));
  update_findings (self);
  switch (cf_dec_check_get_flavour (check))
    {
    case CF_DEC_FLAVOUR_PDF:
      /* Shown as it is, read by a worker: no data behind it. */
      g_clear_object (&self->check);
      update_findings (self);
      cf_render_read_pdf_async (cf_dec_check_get_bytes (check), self->load_cancellable,
                                on_rendered_cb, g_steal_pointer (&request));
      break;
    case CF_DEC_FLAVOUR_IPES:
      render_dec (self, g_steal_pointer (&request));
      break;
    case CF_DEC_FLAVOUR_IEMS:
    case CF_DEC_FLAVOUR_UNKNOWN:
    default:
      end_load (self);
      show_flavour (self, cf_dec_check_get_flavour (check));
      break;
    }
  if (request != NULL)
    load_request_free (request);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

gboolean
_cf_preview_view_on_drop_cb (GtkDropTarget *target,
                             const GValue  *value,
                             double         x,
                             double         y,
                             gpointer       user_data)
{
  CfPreviewView *self = user_data;
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;
  /* Measured by the core before a byte is read (CF_DEC_OPEN_MAX_SIZE). */
  cf_preview_view_open_file (self, files->data);
  g_slist_free (files);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

void
cf_preview_view_set_dec (CfPreviewView *self,
                         CfDec         *dec)
{
  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));
  g_return_if_fail (dec == NULL || CF_IS_DEC (dec));

  if (dec == NULL)
    {
      begin_load (self);
      end_load (self);
      g_clear_object (&self->dec);
      g_clear_object (&self->check);
      update_findings (self);
      _cf_preview_view_show_bytes (self, NULL, NULL);
      return;
    }
  begin_load (self);
  self->checking = TRUE;
  self->new_document = TRUE;
  /* The core works on a copy: the caller may keep editing its document. */
  cf_dec_check_dec_async (dec, NULL, self->load_cancellable, on_checked_cb, load_request_new (self, NULL));
}

void
cf_preview_view_set_logo_path (CfPreviewView *self,
                               const char    *path)
{
  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));

  if (g_strcmp0 (self->logo_path, path) == 0)
    return;
  g_free (self->logo_path);
  self->logo_path = g_strdup (path);
  start_render (self, NULL);
}

gboolean
cf_preview_view_set_pdf_bytes (CfPreviewView  *self,
                               GBytes         *bytes,
                               GError        **error)
{
  g_autoptr(GArray) sizes = NULL;

  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Read here, to answer at once (open_file reads in a worker). */
  sizes = cf_render_read_page_sizes (bytes, error);
  if (sizes == NULL)
    return FALSE;
  /* A PDF from elsewhere is shown as it is: no data behind it. */
  begin_load (self);
  end_load (self);
  g_clear_object (&self->dec);
  g_clear_object (&self->check);
  update_findings (self);
  self->new_document = TRUE;
  _cf_preview_view_show_bytes (self, bytes, sizes);
  return TRUE;
}

void
cf_preview_view_open_file (CfPreviewView *self,
                           GFile         *file)
{
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  base = g_file_get_basename (file);
  name = g_filename_display_name (base != NULL ? base : "");
  begin_load (self);
  self->checking = TRUE;
  self->new_document = TRUE;
  cf_dec_check_file_async (file, NULL, self->load_cancellable, on_checked_cb, load_request_new (self, name));
}

GBytes *
cf_preview_view_get_pdf_bytes (CfPreviewView *self)
{
  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), NULL);

  return self->bytes;
}

GPtrArray *
cf_preview_view_get_findings (CfPreviewView *self)
{
  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), NULL);

  return self->check != NULL ? cf_dec_check_get_findings (self->check) : NULL;
}
