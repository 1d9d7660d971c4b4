/* pool.c — one db per worker thread on one shared store (pool.h). */
#include "serve/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct mg_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    mg_store *store; /* our store, shared by every db; NULL otherwise */
    mg_db **dbs;     /* every db of the pool */
    int *lent;       /* 1 while dbs[i] is lent */
    int size;
    char *spec;
};

/* Our LMDB store is any spec that names no other backend. */
static int is_native(const char *spec)
{
    return strncmp(spec, "librdf:", 7) != 0 && !strstr(spec, "://");
}

mg_code mg_pool_open(const char *spec, int readonly, int size, mg_pool **out,
                     mg_status *st)
{
    *out = NULL;
    if (!spec)
        spec = mg_db_default_spec();
    if (size < 1)
        size = 1;
    if (strncmp(spec, "librdf:", 7) == 0 && strstr(spec, "memory"))
        size = 1;
    mg_pool *p = calloc(1, sizeof *p);
    if (!p)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    p->spec = strdup(spec);
    p->dbs = calloc((size_t)size, sizeof *p->dbs);
    p->lent = calloc((size_t)size, sizeof *p->lent);
    if (!p->spec || !p->dbs || !p->lent) {
        mg_pool_close(p);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    p->size = size;
    mg_code rc = MG_OK;
    if (is_native(spec)) {
        rc = mg_store_open(spec, readonly ? MG_STORE_READONLY : 0, &p->store, st);
        if (rc == MG_ERR_NOT_FOUND) {
            mg_status_clear(st);
            rc = mg_fail(st, MG_ERR_NOT_FOUND,
                         "no store at '%s' (load a file first: maillage load FILE)",
                         spec);
        }
    }
    for (int i = 0; rc == MG_OK && i < size; i++)
        rc = p->store ? mg_db_open_on(p->store, readonly ? MG_DB_READONLY : 0,
                                      &p->dbs[i], st)
                      : mg_db_open(spec, readonly ? MG_DB_READONLY : 0,
                                   &p->dbs[i], st);
    if (rc != MG_OK) {
        mg_pool_close(p);
        return rc;
    }
    *out = p;
    return MG_OK;
}

mg_db *mg_pool_take(mg_pool *p)
{
    pthread_mutex_lock(&p->lock);
    for (;;) {
        for (int i = 0; i < p->size; i++)
            if (!p->lent[i]) {
                p->lent[i] = 1;
                pthread_mutex_unlock(&p->lock);
                return p->dbs[i];
            }
        pthread_cond_wait(&p->freed, &p->lock);
    }
}

void mg_pool_give(mg_pool *p, mg_db *db)
{
    pthread_mutex_lock(&p->lock);
    for (int i = 0; i < p->size; i++)
        if (p->dbs[i] == db)
            p->lent[i] = 0;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

const char *mg_pool_spec(const mg_pool *p)
{
    return p->spec;
}

int mg_pool_size(const mg_pool *p)
{
    return p->size;
}

void mg_pool_close(mg_pool *p)
{
    if (!p)
        return;
    for (int i = 0; p->dbs && i < p->size; i++)
        mg_db_close(p->dbs[i]);
    if (p->store)
        mg_store_close(p->store);
    free(p->dbs);
    free(p->lent);
    free(p->spec);
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
