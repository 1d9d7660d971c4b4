/* util.c — hashing and array growth (util.h). */
#include "core/util.h"

#include <stdlib.h>

uint64_t mg_fnv1a64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t mg_term_hash(int kind, const char *v, size_t len, const char *x,
                      size_t xlen)
{
    unsigned char k = (unsigned char)kind;
    uint64_t h = mg_fnv1a64(MG_FNV_OFFSET, &k, 1);
    h = mg_fnv1a64(h, v, len);
    h = mg_fnv1a64(h, "", 1);
    return mg_fnv1a64(h, x, xlen);
}

int mg_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}
