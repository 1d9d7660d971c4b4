/*
 * librdf_storage.h — our LMDB store registered with librdf as the storage
 * factory "maillage", so every librdf feature (parsers, serializers,
 * librdf_model_find_statements, rasqal SPARQL) runs on it unchanged.
 *
 * Owns: one mg_store per librdf_storage instance, opened by the factory's
 * init from the storage name (a directory) and options
 *   create='yes'    create the store if missing
 *   readonly='yes'  open read-only
 * and, between librdf_model_transaction_start and _commit/_rollback, the
 * write transaction.  Outside a transaction each write is its own LMDB
 * transaction, and each stream reads from its own read transaction.
 */
#ifndef MG_LIBRDF_STORAGE_H
#define MG_LIBRDF_STORAGE_H

#include <redland.h>

#include "store/store.h"

#define MG_LIBRDF_STORAGE_NAME "maillage"

/* The graph that statements added without a context go to. */
#define MG_DEFAULT_GRAPH "urn:maillage:default"

/* Registers the "maillage" factory in `world` (call before use). */
void mg_librdf_storage_register(librdf_world *world);

/*
 * Makes the next librdf_new_storage(world, "maillage", ...) called on this
 * thread BORROW `store` instead of opening the directory its name gives
 * (the name is then only a label; the options create/readonly are
 * ignored).  The storage never closes a borrowed store: its owner closes
 * it after freeing every storage that borrows it.  This is how several
 * librdf worlds of one process share one LMDB environment, which LMDB
 * allows to be opened only once per process (the store is opened with
 * MDB_NOTLS, so each thread may read and write through it).  Used by
 * mg_db_open_on (db.h).
 */
void mg_librdf_storage_lend(mg_store *store);

/*
 * A time limit for what reads through this storage (the server bounds
 * SPARQL queries, which rasqal runs without one): `seconds` from now
 * (<= 0: none).  Past it every stream of the storage ends early and new
 * ones are empty, and mg_librdf_storage_expired returns 1 until the next
 * call, so the caller reports a timeout instead of the partial result.
 * No effect on storages that are not ours.
 */
void mg_librdf_storage_set_deadline(librdf_storage *storage, double seconds);
int mg_librdf_storage_expired(librdf_storage *storage);

/* The store behind a librdf storage of ours; NULL for other storages. */
mg_store *mg_librdf_storage_store(librdf_storage *storage);

/* The write transaction open on it (between transaction_start and
 * commit/rollback), or NULL.  Borrowed: write through it, but end it only
 * with librdf_model_transaction_commit/_rollback (never mg_txn_commit). */
mg_txn *mg_librdf_storage_txn(librdf_storage *storage);

#endif
