/*
 * containers.c — the engine's memory and sets (declared in value.h): the
 * bump arena values live in, the byte-string hash map (groups, DISTINCT),
 * the id set and the id vector.
 */
#include "query/value.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena -------------------------------------------------------------- */

struct mg_arena_chunk {
    mg_arena_chunk *next;
    size_t size, used;
    max_align_t data[];
};

void *mg_arena_alloc(mg_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    mg_arena_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > 16384 ? n : 16384;
        mg_arena_chunk *nc = malloc(sizeof *nc + size);
        if (!nc)
            return NULL;
        nc->size = size;
        nc->used = 0;
        /* A big one-off block goes behind the current chunk so the
         * current chunk's free space is not wasted. */
        if (c && n > 16384) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    a->used += n;
    return p;
}

char *mg_arena_strndup(mg_arena *a, const char *s, size_t n)
{
    char *p = mg_arena_alloc(a, n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

void mg_arena_reset(mg_arena *a)
{
    if (!a->head)
        return;
    mg_arena_chunk *keep = a->head, *c = keep->next;
    while (c) {
        mg_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    keep->next = NULL;
    keep->used = 0;
    a->used = 0;
}

void mg_arena_free(mg_arena *a)
{
    mg_arena_chunk *c = a->head;
    while (c) {
        mg_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->used = 0;
}

/* ---- hash map ----------------------------------------------------------- */

/* A byte-string hash that reads 8 bytes at a time (a multiply-xorshift
 * mix per word), well spread in the low bits used by the table. */
static uint64_t key_hash(const char *k, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, k, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
        k += 8;
        n -= 8;
    }
    uint64_t w = 0;
    if (n) /* k may be NULL for the empty key */
        memcpy(&w, k, n);
    h = (h ^ w) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
}

static int hmap_grow(mg_hmap *m)
{
    size_t nc = m->cap ? m->cap * 2 : 64;
    char **nk = calloc(nc, sizeof *nk);
    size_t *nv = calloc(nc, sizeof *nv);
    uint64_t *nh = calloc(nc, sizeof *nh);
    if (!nk || !nv || !nh) {
        free(nk);
        free(nv);
        free(nh);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = m->hashes[i] & (nc - 1);
        while (nk[j])
            j = (j + 1) & (nc - 1);
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
        nh[j] = m->hashes[i];
    }
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    m->keys = nk;
    m->vals = nv;
    m->hashes = nh;
    m->cap = nc;
    return 0;
}

int mg_hmap_get(mg_hmap *m, const char *key, size_t klen, int insert,
                size_t val, size_t *out)
{
    if ((m->count + 1) * 2 > m->cap && hmap_grow(m))
        return -1;
    uint64_t h = key_hash(key, klen);
    size_t j = h & (m->cap - 1);
    while (m->keys[j]) {
        if (m->hashes[j] == h) {
            size_t kl;
            memcpy(&kl, m->keys[j], sizeof kl);
            if (kl == klen &&
                (!klen || memcmp(m->keys[j] + sizeof kl, key, klen) == 0)) {
                if (out)
                    *out = m->vals[j];
                return 1;
            }
        }
        j = (j + 1) & (m->cap - 1);
    }
    if (!insert)
        return 0;
    char *k = mg_arena_alloc(&m->arena, sizeof klen + klen);
    if (!k)
        return -1;
    memcpy(k, &klen, sizeof klen);
    if (klen) /* an empty key (no group columns) may come as NULL */
        memcpy(k + sizeof klen, key, klen);
    m->keys[j] = k;
    m->vals[j] = val;
    m->hashes[j] = h;
    m->count++;
    return 0;
}

void mg_hmap_free(mg_hmap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    mg_arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

/* ---- id set ------------------------------------------------------------- */

static size_t id_hash(mg_id id, size_t cap)
{
    return (size_t)((id * 0x9E3779B97F4A7C15ULL) >> 17) & (cap - 1);
}

static int idset_grow(mg_idset *s)
{
    size_t nc = s->cap ? s->cap * 2 : 32;
    mg_id *n = calloc(nc, sizeof *n);
    if (!n)
        return -1;
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->ids[i])
            continue;
        size_t j = id_hash(s->ids[i], nc);
        while (n[j])
            j = (j + 1) & (nc - 1);
        n[j] = s->ids[i];
    }
    free(s->ids);
    s->ids = n;
    s->cap = nc;
    return 0;
}

int mg_idset_add(mg_idset *s, mg_id id)
{
    if ((s->count + 1) * 2 > s->cap && idset_grow(s))
        return -1;
    size_t j = id_hash(id, s->cap);
    while (s->ids[j]) {
        if (s->ids[j] == id)
            return 0;
        j = (j + 1) & (s->cap - 1);
    }
    s->ids[j] = id;
    s->count++;
    return 1;
}

int mg_idset_has(const mg_idset *s, mg_id id)
{
    if (!s->cap)
        return 0;
    size_t j = id_hash(id, s->cap);
    while (s->ids[j]) {
        if (s->ids[j] == id)
            return 1;
        j = (j + 1) & (s->cap - 1);
    }
    return 0;
}

void mg_idset_clear(mg_idset *s)
{
    if (s->ids)
        memset(s->ids, 0, s->cap * sizeof *s->ids);
    s->count = 0;
}

void mg_idset_free(mg_idset *s)
{
    free(s->ids);
    memset(s, 0, sizeof *s);
}

int mg_idvec_push(mg_idvec *a, mg_id id)
{
    if (mg_grow((void **)&a->v, &a->cap, a->n + 1, sizeof *a->v))
        return -1;
    a->v[a->n++] = id;
    return 0;
}
