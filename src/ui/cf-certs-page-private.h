/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-page-private.h: what the files of the Certificados page share.
 * The page is one widget split by concern: the list with its counts,
 * filters and search (cf-certs-page.c), "Importar alumnos…"
 * (cf-certs-page-import.c), the selected certificate's detail
 * with its problems, printed name, subjects and live preview
 * (cf-certs-detail.c), and sealing (the page's verbs at the end of
 * cf-certs-seal-dialog.c, the dialog they open). The reads and writes
 * are the core's _async calls (cf-certs-workspace.h). */
#pragma once

#include <adwaita.h>

#include "cf-cert-item.h"
#include "cf-certs-page.h"
#include "cf-certs-workspace.h"
#include "cf-context.h"
#include "cf-preview-view.h"

G_BEGIN_DECLS

/* The subjects table's columns that take a correction. */
typedef enum
{
  CF_CERTS_GRADE_CICLO,
  CF_CERTS_GRADE_OBSERVACIONES,
} CfCertsGradeField;

struct _CfCertsPage
{
  GtkWidget            parent_instance;

  CfContext           *context;
  CfStore             *store;

  /* The list */
  GCancellable        *cancellable;       /* the list's read; cancelled in dispose */
  gboolean             loading;
  gboolean             reload_pending;    /* asked again while reading */
  gboolean             choices_stale;     /* the store changed: read the filters' choices too */
  gboolean             loaded_once;
  gboolean             setting_choices;   /* the drop-downs are being refilled */
  guint                counts[CF_CERT_N_STATUS];
  GListStore          *items;             /* CfCertItem */
  GtkMultiSelection   *selection;
  GHashTable          *career_names;      /* id → name, from the Programa de Estudios */
  GStrv                careers;           /* what the drop-downs offer, after "All …" */
  GStrv                plans;
  GStrv                cycles;
  GStrv                campuses;
  gboolean             checking;          /* "Revisar" under way */

  /* The detail (cf-certs-detail.c) */
  GCancellable        *detail_cancellable;
  gint64               detail_id;         /* the certificate on show, 0 for none */
  CfCertRow           *detail;            /* with its grades */
  GPtrArray           *findings;          /* CfFinding of the certificate on show */
  GListStore          *grades;            /* GtkStringObject per grade (the subject id) */
  GPtrArray           *observation_codes; /* char*, "" first: the idObservaciones drop-downs */
  GtkStringList       *observation_names;
  GtkSingleSelection  *grade_selection;
  CfPreviewView       *preview;
  guint                preview_source;    /* debounce */
  CfCertsSigner       *preview_signer;    /* the campus's first signer, as "Sellar…" offers; NULL: none */
  gboolean             signer_loading;    /* preview_signer being read for the certificate on show */
  gboolean             detail_loading;
  guint                writes;            /* corrections on their way to the store */
  guint                rechecks;          /* a corrected certificate checked again */
  gboolean             filling_names;

  /* Template */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwStatusPage       *empty_status;
  GtkLabel            *counts_label;
  GtkMenuButton       *seal_button;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *career_dropdown;
  GtkDropDown         *plan_dropdown;
  GtkDropDown         *cycle_dropdown;
  GtkDropDown         *campus_dropdown;
  GtkMenuButton       *filters_button;    /* the four above, in its popover */
  GtkStringList       *status_choices;
  GtkStringList       *career_choices;
  GtkStringList       *plan_choices;
  GtkStringList       *cycle_choices;
  GtkStringList       *campus_choices;
  AdwLeaflet          *leaflet;
  GtkStack            *list_stack;
  GtkListView         *list_view;
  GtkStack            *detail_stack;
  AdwStatusPage       *selection_status;
  AdwFlap             *detail_flap;
  GtkLabel            *detail_title;
  GtkLabel            *detail_subtitle;
  GtkLabel            *detail_status;
  GtkLabel            *detail_portal;
  GtkScrolledWindow   *detail_scroller;
  AdwPreferencesGroup *findings_group;
  GtkListBox          *findings_list;
  AdwPreferencesGroup *name_group;
  AdwEntryRow         *nombre_row;
  AdwEntryRow         *primer_apellido_row;
  AdwEntryRow         *segundo_apellido_row;
  GtkColumnView       *subjects_view;
};

/* The page (cf-certs-page.c) */
void      _cf_certs_page_reload          (CfCertsPage  *self);
void      _cf_certs_page_toast           (CfCertsPage  *self,
                                          const char   *text);
void      _cf_certs_page_show_error      (CfCertsPage  *self,
                                          const char   *heading,
                                          const GError *error);
void      _cf_certs_page_update_actions  (CfCertsPage  *self);
void      _cf_certs_page_notify_busy     (CfCertsPage  *self);
/* The ids of the selected certificates (element-type gint64). */
GArray   *_cf_certs_page_selected_ids    (CfCertsPage  *self);

/* The detail (cf-certs-detail.c) */
void      _cf_certs_page_setup_detail    (CfCertsPage  *self);
void      _cf_certs_page_dispose_detail  (CfCertsPage  *self);
/* Shows certificate @id (0: none), read again from the store. */
void      _cf_certs_page_show_detail     (CfCertsPage  *self,
                                          gint64        id);
void      _cf_certs_page_on_finding_activated_cb (CfCertsPage   *self,
                                                  GtkListBoxRow *row,
                                                  GtkListBox    *list);
void      _cf_certs_page_on_name_apply_cb        (CfCertsPage *self,
                                                  AdwEntryRow *row);
void      _cf_certs_page_on_name_changed_cb      (CfCertsPage *self,
                                                  GtkEditable *editable);

/* "Importar alumnos…" (cf-certs-page-import.c) */
void      _cf_certs_page_import_action   (GtkWidget    *widget,
                                          const char   *action_name,
                                          GVariant     *parameter);

/* Sealing (cf-certs-seal-dialog.c) */
void      _cf_certs_page_seal_action     (GtkWidget    *widget,
                                          const char   *action_name,
                                          GVariant     *parameter);

G_END_DECLS
