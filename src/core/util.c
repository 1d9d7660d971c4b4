/* util.c — hashing, array growth, substring search (util.h). */
#include "core/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

int mg_append(char **p, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (mg_grow((void **)p, cap, *len + n + 1, 1) != 0)
        return -1;
    memcpy(*p + *len, s, n);
    *len += n;
    (*p)[*len] = '\0';
    return 0;
}

mg_code mg_read_all(const char *path, char **data, size_t *len,
                    mg_status *st)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    *data = NULL;
    *len = 0;
    if (!f)
        return mg_fail(st, MG_ERR_IO, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    mg_code rc = MG_OK;
    while (buf) {
        if (cap - n < 2) {
            char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = mg_fail(st, MG_ERR_IO, "%s: %s",
                             is_stdin ? "<stdin>" : path, strerror(errno));
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    else
        clearerr(stdin);
    if (!buf)
        return mg_fail(st, MG_ERR_NOMEM, "%s: out of memory reading it", path);
    if (rc != MG_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return MG_OK;
}

void mg_double_text(double f, char buf[32])
{
    snprintf(buf, 32, "%.15g", f);
    if (strtod(buf, NULL) != f)
        snprintf(buf, 32, "%.17g", f);
    if (!strpbrk(buf, ".eEn")) /* keep it visibly a decimal */
        strcat(buf, ".0");
}

int mg_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

const void *mg_memfind(const void *hay, size_t n, const void *needle,
                       size_t m)
{
    const unsigned char *h = hay, *nd = needle;
    if (m == 0)
        return hay;
    if (m > n)
        return NULL;
    size_t i = 0;
#if defined(__SSE2__)
    if (m >= 2) {
        const __m128i first = _mm_set1_epi8((char)nd[0]);
        const __m128i last = _mm_set1_epi8((char)nd[m - 1]);
        /* candidates i+k (k < 16) whose first and last bytes match */
        for (; i + m - 1 + 16 <= n; i += 16) {
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(h + i));
            __m128i b = _mm_loadu_si128(
                (const __m128i *)(const void *)(h + i + m - 1));
            unsigned mask = (unsigned)_mm_movemask_epi8(
                _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last)));
            while (mask) {
                unsigned k = (unsigned)__builtin_ctz(mask);
                if (memcmp(h + i + k + 1, nd + 1, m - 2) == 0)
                    return h + i + k;
                mask &= mask - 1;
            }
        }
    }
#endif
    /* what is left (all of it without SSE2): the first byte by memchr */
    while (i + m <= n) {
        const unsigned char *p = memchr(h + i, nd[0], n - m + 1 - i);
        if (!p)
            return NULL;
        if (memcmp(p + 1, nd + 1, m - 1) == 0)
            return p;
        i = (size_t)(p - h) + 1;
    }
    return NULL;
}

int mg_env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}
