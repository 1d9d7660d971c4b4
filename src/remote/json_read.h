/*
 * json_read.h — a strict JSON reader over a buffer (RFC 8259: exact
 * number and string grammar, valid UTF-8, paired surrogates, no NUL,
 * nesting depth at most 64), driven by callbacks so that a caller reads a
 * large document value by value without building a tree.  Used by
 * results_json.c; internal to src/remote.
 *
 * Owns: nothing; jr_string hands out malloc'd strings (the caller frees
 * them, or keeps them in a strs list freed by strs_drop).
 */
#ifndef MG_REMOTE_JSON_READ_H
#define MG_REMOTE_JSON_READ_H

#include <stddef.h>

#include "core/status.h"

typedef struct jr {
    const unsigned char *s;
    size_t n, i;
    mg_status *st;
    int depth;
} jr;

/* A list of malloc'd strings freed together. */
typedef struct strs {
    char **v;
    size_t n, cap;
} strs;

/* 1, or 0 when out of memory (s is then not kept). */
int strs_keep(strs *k, char *s);
/* Frees the strings (the list itself stays, empty). */
void strs_drop(strs *k);

/* MG_ERR_SYNTAX "the endpoint's answer is not SPARQL JSON results: WHAT
 * at byte N". */
mg_code jr_bad(jr *r, const char *what);
/* The next character after white space, -1 at the end. */
int jr_peek(jr *r);
mg_code jr_expect(jr *r, char c);
/* A string, decoded into *out (malloc'd; NULL out: only checked). */
mg_code jr_string(jr *r, char **out);
/* Any value, checked and passed over. */
mg_code jr_skip(jr *r);

/* Calls each(ctx, key) for every member of an object, with the reader
 * on the member's value; each() must consume it. */
typedef mg_code (*member_fn)(jr *r, void *ctx, const char *key);
mg_code jr_object(jr *r, member_fn each, void *ctx);
/* Calls item(ctx) for every element of an array. */
typedef mg_code (*item_fn)(jr *r, void *ctx);
mg_code jr_array(jr *r, item_fn item, void *ctx);

#endif
