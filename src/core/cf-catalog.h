/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-catalog.h: SEP's catalogs (domain reference, section 4).
 *
 * Each catalog is a tab-separated file, data/catalogs/NAME.tsv, bundled in
 * the core GResource: one entry per line, "code<TAB>description<TAB>
 * valid-from<TAB>valid-to" (dates YYYY-MM-DD, empty = open), lines starting
 * with "#" are comments. A file with the same name in $CF_CATALOG_DIR, or else
 * $XDG_DATA_HOME/certifica/catalogs/, replaces the bundled one: SEP can change
 * a catalog without Certifica being rebuilt.
 *
 * Catalogs are loaded once and cached for the life of the process (thread
 * safe); strings returned stay valid until cf_catalog_reload(). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Catalog names: the attribute each one fills. */
#define CF_CATALOG_CARGO                "idCargo"
#define CF_CATALOG_TIPO_PERIODO         "idTipoPeriodo"
#define CF_CATALOG_NIVEL_ESTUDIOS       "idNivelEstudios"
#define CF_CATALOG_GENERO               "idGenero"
#define CF_CATALOG_TIPO_CERTIFICACION   "idTipoCertificacion"
#define CF_CATALOG_OBSERVACIONES        "idObservaciones"
#define CF_CATALOG_TIPO_ASIGNATURA      "idTipoAsignatura"
#define CF_CATALOG_ENTIDAD_FEDERATIVA   "idEntidadFederativa"   /* also idLugarExpedicion */

#define CF_CATALOG_ERROR (cf_catalog_error_quark ())

typedef enum
{
  CF_CATALOG_ERROR_UNKNOWN_CATALOG,   /* no such catalog */
  CF_CATALOG_ERROR_PARSE,             /* a line of the file is wrong (message has file and line) */
} CfCatalogError;

GQuark cf_catalog_error_quark (void);

/* ------------------------------------------------------------------ */
/* CfCatalogEntry: one code (boxed, immutable, reference counted)     */
/* ------------------------------------------------------------------ */

typedef struct _CfCatalogEntry CfCatalogEntry;

#define CF_TYPE_CATALOG_ENTRY (cf_catalog_entry_get_type ())
GType           cf_catalog_entry_get_type        (void) G_GNUC_CONST;
CfCatalogEntry *cf_catalog_entry_ref             (CfCatalogEntry       *self);
void            cf_catalog_entry_unref           (CfCatalogEntry       *self);
const char     *cf_catalog_entry_get_code        (const CfCatalogEntry *self);
const char     *cf_catalog_entry_get_description (const CfCatalogEntry *self);
/* The description as a name in words: "Obligatoria", "Ciudad de México". */
char           *cf_catalog_entry_dup_name        (const CfCatalogEntry *self);
/* NULL = open at that end. */
const GDate    *cf_catalog_entry_get_valid_from  (const CfCatalogEntry *self);
const GDate    *cf_catalog_entry_get_valid_to    (const CfCatalogEntry *self);
/* @date NULL = valid at any date (only the code's existence matters). */
gboolean        cf_catalog_entry_is_valid_at     (const CfCatalogEntry *self,
                                                  const GDate          *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfCatalogEntry, cf_catalog_entry_unref)

/* ------------------------------------------------------------------ */
/* Look-ups                                                            */
/* ------------------------------------------------------------------ */

/* The names of the catalogs Certifica ships (NULL-terminated, static). */
const char * const *cf_catalog_get_names     (void);

/* The description of @code in @catalog, or NULL when the code (or the
 * catalog) is unknown. The code is compared after trimming blanks. */
const char     *cf_catalog_lookup            (const char   *catalog,
                                              const char   *code);
/* The whole entry (transfer none), or NULL. */
CfCatalogEntry *cf_catalog_lookup_entry      (const char   *catalog,
                                              const char   *code);
/* (element-type CfCatalogEntry) (transfer container), in file order;
 * UNKNOWN_CATALOG or PARSE errors. */
GPtrArray      *cf_catalog_list              (const char   *catalog,
                                              GError      **error);
/* Loads a catalog, reporting a broken override file (the look-ups above
 * fall back to the bundled file in that case, with a g_warning). */
gboolean        cf_catalog_check             (const char   *catalog,
                                              GError      **error);
/* Where @catalog was read from: a file path, or "resource:///…". */
char           *cf_catalog_dup_source        (const char   *catalog);
/* The override folder in use: $CF_CATALOG_DIR or $XDG_DATA_HOME/certifica/catalogs. */
char           *cf_catalog_dup_override_dir  (void);
/* Forgets the cache so the next look-up reads the files again (after the
 * user drops a new catalog in, and in tests). Not safe while another thread
 * still holds strings from the old cache. */
void            cf_catalog_reload            (void);

G_END_DECLS
