/*
 * pg_cache.c — the term caches of a PostgreSQL store (pgstore.h): terms
 * by id, and ids by term value, so repeated reads and lookups of a term
 * cost no round trip.
 */
#include "pgstore/pgstore.h"

#include <stdlib.h>
#include <string.h>

static size_t id_slot(mg_id id, size_t cap)
{
    return (size_t)((id * 0x9e3779b97f4a7c15ull) >> 17) & (cap - 1);
}

/* The normalised lang and datatype of a term ("" when absent). */
static void extras(const mg_term *t, const char **lang, const char **dt)
{
    *lang = "";
    *dt = "";
    if (t->kind != MG_TERM_LITERAL)
        return;
    if (t->lang && *t->lang)
        *lang = t->lang;
    else if (t->datatype && *t->datatype)
        *dt = t->datatype;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t term_hash(const mg_term *t)
{
    const char *lang, *dt;
    extras(t, &lang, &dt);
    uint64_t h = fnv(0xcbf29ce484222325ull, &t->kind, sizeof t->kind);
    h = fnv(h, t->value ? t->value : "", t->len);
    h = fnv(h, "\1", 1);
    h = fnv(h, lang, strlen(lang));
    h = fnv(h, "\1", 1);
    h = fnv(h, dt, strlen(dt));
    return h ? h : 1;
}

const mg_pg_term *mg_pg_tc_get(const mg_pg_tcache *c, mg_id id)
{
    if (!c->slot || !id)
        return NULL;
    for (size_t i = id_slot(id, c->cap);; i = (i + 1) & (c->cap - 1)) {
        if (c->slot[i].id == id)
            return &c->slot[i];
        if (c->slot[i].id == 0)
            return NULL;
    }
}

static int same(const mg_pg_term *e, const mg_term *t)
{
    const char *lang, *dt;
    extras(t, &lang, &dt);
    return e->kind == t->kind && e->len == t->len &&
           (t->len == 0 || memcmp(e->value, t->value, t->len) == 0) &&
           strcmp(e->lang ? e->lang : "", lang) == 0 &&
           strcmp(e->datatype ? e->datatype : "", dt) == 0;
}

mg_id mg_pg_tc_find(const mg_pg_tcache *c, const mg_term *term)
{
    if (!c->vslot)
        return 0;
    uint64_t h = term_hash(term);
    for (size_t i = h & (c->vcap - 1);; i = (i + 1) & (c->vcap - 1)) {
        const mg_pg_vslot *v = &c->vslot[i];
        if (v->id == 0)
            return 0;
        if (v->hash == h) {
            const mg_pg_term *e = mg_pg_tc_get(c, v->id);
            if (e && same(e, term))
                return v->id;
        }
    }
}

/* Doubles both tables when the next term would fill them past half. */
static int grow(mg_pg_tcache *c)
{
    if ((c->n + 1) * 2 <= c->cap)
        return 1;
    size_t cap = c->cap ? c->cap * 2 : 1024;
    mg_pg_term *slot = calloc(cap, sizeof *slot);
    mg_pg_vslot *vslot = calloc(cap, sizeof *vslot);
    if (!slot || !vslot) {
        free(slot);
        free(vslot);
        return 0;
    }
    for (size_t i = 0; i < c->cap; i++) {
        if (c->slot[i].id) {
            size_t j = id_slot(c->slot[i].id, cap);
            while (slot[j].id)
                j = (j + 1) & (cap - 1);
            slot[j] = c->slot[i];
        }
        if (c->vslot[i].id) {
            size_t j = c->vslot[i].hash & (cap - 1);
            while (vslot[j].id)
                j = (j + 1) & (cap - 1);
            vslot[j] = c->vslot[i];
        }
    }
    free(c->slot);
    free(c->vslot);
    c->slot = slot;
    c->vslot = vslot;
    c->cap = c->vcap = cap;
    return 1;
}

mg_code mg_pg_tc_put(mg_pg_tcache *c, mg_id id, const mg_term *term,
                     size_t max, mg_status *st)
{
    if (!id || c->n >= max || mg_pg_tc_get(c, id))
        return MG_OK;
    const char *lang, *dt;
    extras(term, &lang, &dt);
    size_t vl = term->len, ll = strlen(lang), dl = strlen(dt);
    char *block = malloc(vl + ll + dl + 3);
    if (!block || !grow(c)) {
        free(block);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    if (vl)
        memcpy(block, term->value, vl);
    block[vl] = '\0';
    memcpy(block + vl + 1, lang, ll + 1);
    memcpy(block + vl + ll + 2, dt, dl + 1);
    size_t i = id_slot(id, c->cap);
    while (c->slot[i].id)
        i = (i + 1) & (c->cap - 1);
    c->slot[i] = (mg_pg_term){id, term->kind, block, vl,
                              ll ? block + vl + 1 : NULL,
                              dl ? block + vl + ll + 2 : NULL};
    uint64_t h = term_hash(term);
    size_t j = h & (c->vcap - 1);
    while (c->vslot[j].id)
        j = (j + 1) & (c->vcap - 1);
    c->vslot[j] = (mg_pg_vslot){h, id};
    c->n++;
    return MG_OK;
}

void mg_pg_tc_free(mg_pg_tcache *c)
{
    for (size_t i = 0; i < c->cap; i++)
        free(c->slot[i].value);
    free(c->slot);
    free(c->vslot);
    memset(c, 0, sizeof *c);
}

void mg_pg_txn_free_caches(mg_pg_txn *t)
{
    mg_pg_tc_free(&t->own);
    mg_pg_rcache_free(&t->rcache);
    for (int i = 0; i < 3; i++) {
        free(t->stats[i].ids);
        free(t->stats[i].v);
        memset(&t->stats[i], 0, sizeof t->stats[i]);
    }
}
