/*
 * db.h — opening "a store" as the rest of Maillage sees it: a Redland
 * world, a librdf storage and a model on it, chosen by a store spec.
 *
 * Owns: the world, storage and model of an mg_db (freed by mg_db_close),
 * and the logger that turns librdf/raptor messages into mg_status text.
 *
 * Specs:
 *   PATH                   our LMDB storage module ("maillage") in that
 *                          directory (the default is ./maillage.db)
 *   postgresql://USER@HOST:PORT/DB (or postgres://)   the same module on
 *                          our PostgreSQL backend (store.h, pgstore.h)
 *   librdf:NAME:OPTIONS    any other librdf storage, e.g.
 *                          librdf:hashes:hash-type='memory',contexts='yes'
 *   librdf:NAME:OPTIONS@STORAGE-NAME   the same with a storage name
 *                          (a file name for hashes/bdb or sqlite)
 */
#ifndef MG_DB_H
#define MG_DB_H

#include <redland.h>

#include "core/status.h"
#include "store/store.h"

enum {
    MG_DB_READONLY = 1, /* nothing will be written */
    MG_DB_CREATE = 2    /* create the store if it does not exist */
};

typedef struct mg_db {
    librdf_world *world;
    librdf_storage *storage;
    librdf_model *model;
    mg_store *native; /* borrowed from the storage module; NULL if foreign */
    char *spec;       /* owned copy of the spec */
    int readonly;
} mg_db;

/*
 * A Redland world with our logger installed before librdf_world_open
 * (librdf 1.0.17's default logger reads past its message under ASan), our
 * storage module registered, and the C.UTF-8 locale (rasqal's regex works
 * byte-wise otherwise).  Caller frees with librdf_free_world.
 */
librdf_world *mg_world_new(mg_status *st);

/* The last error or warning librdf/raptor logged in `world` ("" if none),
 * and a way to clear it before a call whose failure we want to explain. */
const char *mg_world_last_error(librdf_world *world);
void mg_world_clear_error(librdf_world *world);

/* Opens a store by spec (NULL: $MAILLAGE_STORE, else ./maillage.db). */
mg_code mg_db_open(const char *spec, int flags, mg_db **out, mg_status *st);
void mg_db_close(mg_db *db);

/* The spec a NULL spec resolves to. */
const char *mg_db_default_spec(void);

#endif
