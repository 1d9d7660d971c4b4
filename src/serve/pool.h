/*
 * pool.h — the databases the server's worker threads use.  librdf has no
 * locking, so each thread needs a world, storage and model of its own;
 * LMDB allows one environment per process, so for our store one mg_store
 * is opened and every db of the pool borrows it (mg_db_open_on).  Other
 * specs (librdf:..., and whatever mg_db_open accepts) get one mg_db_open
 * per slot; an in-memory librdf store gets one slot only, since each
 * open would be a different, empty store.
 *
 * Owns: the mg_store (our store only) and every mg_db of the pool.
 * A db is lent to one request at a time (mg_pool_take / mg_pool_give).
 */
#ifndef MG_SERVE_POOL_H
#define MG_SERVE_POOL_H

#include "core/status.h"
#include "store/db.h"

typedef struct mg_pool mg_pool;

/* `size` slots (at least 1) on store `spec` (NULL: the default). */
mg_code mg_pool_open(const char *spec, int readonly, int size, mg_pool **out,
                     mg_status *st);
/* Waits for a free db and lends it; give it back with mg_pool_give. */
mg_db *mg_pool_take(mg_pool *p);
void mg_pool_give(mg_pool *p, mg_db *db);
/* The spec the pool serves (for messages). */
const char *mg_pool_spec(const mg_pool *p);
/* How many slots the pool has (1 for an in-memory librdf store). */
int mg_pool_size(const mg_pool *p);
/* Closes every db, then the store; no db may be lent any more. */
void mg_pool_close(mg_pool *p);

#endif
