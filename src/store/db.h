/*
 * db.h — opening "a store" as the rest of Maillage sees it: a Redland
 * world, a librdf storage and a model on it, chosen by a store spec.
 *
 * Owns: the world, storage and model of an mg_db (freed by mg_db_close),
 * and the mg_store behind it unless the db borrows it (mg_db_open_on),
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

/*
 * Opens a db (its own world, storage and model) on an mg_store the caller
 * already opened, BORROWING it: mg_db_close frees the world, storage and
 * model but never closes `store`, which must outlive the db.  Several dbs
 * may borrow one store at once, each used by one thread at a time (the
 * server's workers: LMDB allows one environment per process, and librdf
 * has no locking, so each thread needs a world of its own).  `flags`:
 * MG_DB_READONLY only (a read-only store refuses writes anyway).
 */
mg_code mg_db_open_on(mg_store *store, int flags, mg_db **out, mg_status *st);

/*
 * Making and freeing a raptor world initialises libxml2 and calls its
 * xmlCleanupParser (raptor_libxml_finish), which are process-wide and not
 * thread-safe.  Whoever makes a raptor world of its own (the loader's
 * parses, the RDF/XML writer) holds this lock from raptor_new_world to
 * raptor_free_world, and so do mg_world_new and mg_db_close for the
 * librdf world: the server's worker threads then never run libxml2's
 * initialisation or cleanup at the same time.  Not recursive.
 */
void mg_raptor_lock(void);
void mg_raptor_unlock(void);

/* The spec a NULL spec resolves to. */
const char *mg_db_default_spec(void);

#endif
