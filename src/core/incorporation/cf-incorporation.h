/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-incorporation.h: the incorporation to the MEC (issue 15, mec-domain.md
 * §2) as five stages and the values entered for them.
 *
 * Every change is written to the store at once (cf-incorporation-repo), so
 * that a quit or a crash loses nothing; an object made without a store
 * keeps its values in memory only (what the tests of the pure functions
 * use). What is missing and what comes next are computed from the values
 * alone: no store, no display. */
#pragma once

#include <gio/gio.h>

#include "cf-store.h"

G_BEGIN_DECLS

typedef enum
{
  CF_INCORPORATION_STAGE_REGISTRO = 1,   /* Registro de Institución */
  CF_INCORPORATION_STAGE_PROGRAMA,       /* Programa de Estudios */
  CF_INCORPORATION_STAGE_XML,            /* generating the XML */
  CF_INCORPORATION_STAGE_PRUEBAS,        /* test stage */
  CF_INCORPORATION_STAGE_PRODUCCION,     /* production */
} CfIncorporationStage;

#define CF_INCORPORATION_N_STAGES 5

typedef enum
{
  CF_INCORPORATION_NOT_STARTED,
  CF_INCORPORATION_IN_PROGRESS,
  CF_INCORPORATION_WAITING,    /* sent to SEP on since, answer due on due */
  CF_INCORPORATION_DONE,
} CfIncorporationState;

/* Business days SEP takes to answer. */
#define CF_INCORPORATION_ANSWER_DAYS 15
/* Certificates that must reach SATISFACTORIO in the test stage. */
#define CF_INCORPORATION_SATISFACTORY_NEEDED 10

/* The values' keys (any other key may be kept too). */
#define CF_INC_NOMBRE          "institucion.nombre"
#define CF_INC_ID_INSTITUCION  "institucion.id_institucion"
#define CF_INC_ENLACE          "institucion.enlace"
#define CF_INC_EMAIL           "institucion.email"
#define CF_INC_ID_MEC          "institucion.id_mec"
#define CF_INC_N_CAMPUSES      "campus.n"             /* "1", "2"… */
/* Per campus i (1…n): campus.i.id_campus, .nombre, .entidad, .signer */
/* The files' values are their copies' SHA-256 (cf_incorporation_put_file);
 * the keys are the store's file keys (cf-incorporation-repo.h). */
#define CF_INC_LOGO            "logo"
#define CF_INC_DOC_NOMBRAMIENTO "doc.nombramiento"
#define CF_INC_DOC_REGISTRO    "doc.registro_establecimiento"
#define CF_INC_PROGRAMA_VALIDATED "programa.validado"  /* the date the study plans first validated */
#define CF_INC_XML_VALIDATED   "xml.validado"          /* the date a certificate first passed */
#define CF_INC_TEST_CREDENTIALS "pruebas.credenciales"   /* the date they came */
#define CF_INC_PRODUCTION_REGISTERED "produccion.registro" /* the date */

#define CF_TYPE_INCORPORATION (cf_incorporation_get_type ())
G_DECLARE_FINAL_TYPE (CfIncorporation, cf_incorporation, CF, INCORPORATION, GObject)

/* In memory only. */
CfIncorporation     *cf_incorporation_new             (void);
/* The store's incorporation; later changes are written to it. */
CfIncorporation     *cf_incorporation_load            (CfStore              *store,
                                                       GError              **error);

const char          *cf_incorporation_get_value       (CfIncorporation      *self,
                                                       const char           *key);
/* NULL or "" removes @key. Emits ::changed. */
gboolean             cf_incorporation_set_value       (CfIncorporation      *self,
                                                       const char           *key,
                                                       const char           *value,
                                                       GError              **error);
/* ---- Files ----
 * A copy of a file the user chose kept under @key (CF_INC_LOGO,
 * CF_INC_DOC_*, "logo.original", "oficio.N"…: cf-incorporation-repo.h);
 * the value @key becomes its SHA-256. In the store, or in memory for an
 * object made without one. Emits ::changed. */
gboolean             cf_incorporation_put_file        (CfIncorporation      *self,
                                                       const char           *key,
                                                       const char           *file_name,
                                                       const char           *mime,
                                                       GBytes               *bytes,
                                                       GError              **error);
/* Copies @file's bytes (never keeping its path: the original is only
 * read). */
gboolean             cf_incorporation_put_file_from   (CfIncorporation      *self,
                                                       const char           *key,
                                                       GFile                *file,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
/* The copy's bytes; @file_name and @mime (may be NULL) receive the rest.
 * None: NULL and CF_STORE_ERROR_NOT_FOUND. */
GBytes              *cf_incorporation_get_file        (CfIncorporation      *self,
                                                       const char           *key,
                                                       char                **file_name,
                                                       char                **mime,
                                                       GError              **error);
/* The logo SEP receives (CF_INC_LOGO) is also the institution's logo that
 * Preferences shows and the certificates and letters print. */
gboolean             cf_incorporation_set_logo        (CfIncorporation      *self,
                                                       const char           *file_name,
                                                       GBytes               *bytes,
                                                       GError              **error);
gboolean             cf_incorporation_remove_file     (CfIncorporation      *self,
                                                       const char           *key,
                                                       GError              **error);

/* A campus's value: "campus.@index.@field" (index from 1). */
const char          *cf_incorporation_get_campus_value (CfIncorporation     *self,
                                                        guint                index,
                                                        const char          *field);
gboolean             cf_incorporation_set_campus_value (CfIncorporation     *self,
                                                        guint                index,
                                                        const char          *field,
                                                        const char          *value,
                                                        GError             **error);
guint                cf_incorporation_get_n_campuses  (CfIncorporation      *self);

/* The test folios' counts (the store's, read by _load and by
 * cf_incorporation_refresh_folios(); set by hand in memory). */
void                 cf_incorporation_set_folio_counts (CfIncorporation     *self,
                                                        guint                n_folios,
                                                        guint                n_satisfactory);
gboolean             cf_incorporation_refresh_folios  (CfIncorporation      *self,
                                                       GError              **error);
/* Reads the values again from the store: what another desk (or the
 * command line) changed meanwhile. Emits ::changed when something did. */
gboolean             cf_incorporation_reload          (CfIncorporation      *self,
                                                       GError              **error);
/* Stage 3 (the XML) is the Certificados section's work: once a certificate
 * in the store passed every check (listo or sellado), CF_INC_XML_VALIDATED
 * gets today's date (kept afterwards). */
gboolean             cf_incorporation_refresh_certificates (CfIncorporation *self,
                                                       GError              **error);

/* ---- Stages ---- */
/* The state set last; a stage never set but with values entered for it
 * (institucion.*, campus.*, logo.*, doc.* for the first; programa.*,
 * xml.*, pruebas.*, produccion.* for the others) is in progress. */
CfIncorporationState cf_incorporation_get_state       (CfIncorporation      *self,
                                                       CfIncorporationStage  stage);
/* "YYYY-MM-DD" or NULL: when the stage was sent to SEP, and when its answer
 * is due (@since + 15 business days). */
const char          *cf_incorporation_get_since       (CfIncorporation      *self,
                                                       CfIncorporationStage  stage);
const char          *cf_incorporation_get_due         (CfIncorporation      *self,
                                                       CfIncorporationStage  stage);
/* In progress (also from waiting: SEP asked for a correction). */
gboolean             cf_incorporation_start           (CfIncorporation      *self,
                                                       CfIncorporationStage  stage,
                                                       GError              **error);
/* Sent to SEP on @date (YYYY-MM-DD; NULL: today): waiting, the answer due
 * 15 business days later by cf-business-days. */
gboolean             cf_incorporation_mark_sent       (CfIncorporation      *self,
                                                       CfIncorporationStage  stage,
                                                       const char           *date,
                                                       GError              **error);
gboolean             cf_incorporation_mark_done       (CfIncorporation      *self,
                                                       CfIncorporationStage  stage,
                                                       GError              **error);

/* ---- Pure: from the values alone ---- */
/* The stage to work on: the first not done (5 when all are). */
CfIncorporationStage cf_incorporation_get_current_stage (CfIncorporation    *self);
/* What @stage still needs, one translated sentence each (empty: nothing). */
GPtrArray           *cf_incorporation_dup_missing     (CfIncorporation      *self,
                                                       CfIncorporationStage  stage);
/* The next thing to do, translated: the first missing item of the current
 * stage, else its next step (send it, wait for SEP's answer…). */
char                *cf_incorporation_dup_next_action (CfIncorporation      *self);

/* Stable names for scripts: "registro-institucion"…; and for people. */
const char          *cf_incorporation_stage_to_string (CfIncorporationStage  stage);
const char          *cf_incorporation_stage_title     (CfIncorporationStage  stage);
/* "not-started", "in-progress", "waiting", "done"; and for people. */
const char          *cf_incorporation_state_to_string (CfIncorporationState  state);
const char          *cf_incorporation_state_title     (CfIncorporationState  state);

/* A DGP institution key: 5 or 6 digits (SEP's catalog is not public). */
gboolean             cf_incorporation_is_valid_dgp_key (const char          *text);
gboolean             cf_incorporation_is_valid_email  (const char           *text);

G_END_DECLS
