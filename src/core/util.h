/*
 * util.h — small helpers every layer uses: FNV-1a hashing and growing a
 * heap array.  Owns nothing.
 */
#ifndef MG_UTIL_H
#define MG_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

#define MG_FNV_OFFSET 14695981039346656037ULL

/* FNV-1a-64 of n bytes, continuing from h (start with MG_FNV_OFFSET). */
uint64_t mg_fnv1a64(uint64_t h, const void *p, size_t n);

/* The hash of a term given as kind, value (len bytes) and its language or
 * datatype (xlen bytes): the same function wherever terms are interned. */
uint64_t mg_term_hash(int kind, const char *v, size_t len, const char *x,
                      size_t xlen);

/* The value of a hexadecimal digit (0-9, a-f, A-F); -1 for any other. */
int mg_hex_digit(int c);

/* How a computed double prints (query results, local or remote): the
 * shortest of %.15g and %.17g that reads back the same, with ".0" added
 * when that leaves it looking like an integer.  buf holds 32 bytes. */
void mg_double_text(double f, char buf[32]);

/* Grows *p (an array of `size`-byte elements with room for *cap) to hold
 * at least `need`, doubling; 0 on success, -1 when out of memory (then *p
 * and *cap are unchanged). */
int mg_grow(void **p, size_t *cap, size_t need, size_t size);

/* Appends s[0..n) to the text in *p (*len bytes, room for *cap; NULL, 0, 0
 * to start), keeping it NUL-terminated and growing it by mg_grow; 0 on
 * success, -1 when out of memory (then nothing changes). */
int mg_append(char **p, size_t *len, size_t *cap, const char *s, size_t n);

/* The first occurrence of needle[0..m) in hay[0..n), NULL if none (m = 0:
 * hay): memmem, with a 16-bytes-at-a-time pass on x86-64 that compares
 * the needle's first and last bytes at once and checks the rest only
 * where both match (the text index's scan spends its time here). */
const void *mg_memfind(const void *hay, size_t n, const void *needle,
                       size_t m);

/* Whether the environment variable `name` is set to something other than
 * "" or "0": the switches tests use to turn an optimisation off and
 * compare (MAILLAGE_NO_SEED, MAILLAGE_NO_PROPCACHE, ...). */
int mg_env_flag(const char *name);

/* Reads a whole file ("-": standard input) into a new buffer the caller
 * frees, NUL-terminated after its *len bytes (which may hold NULs).
 * MG_ERR_IO "PATH: reason" or MG_ERR_NOMEM on failure (*data NULL). */
mg_code mg_read_all(const char *path, char **data, size_t *len,
                    mg_status *st);

#endif
