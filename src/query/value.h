/*
 * value.h — runtime values of the query engine and the operations on them:
 * an arena allocator, the mg_val type, comparison and ordering (lexical
 * forms, numbers, dates by their start, "any element" for lists), hashing
 * keys for DISTINCT / grouping, the string functions (fold, lower, upper)
 * and the conversion of values to mg_cell for the sink.
 *
 * Owns: arenas own every block they hand out (freed by mg_arena_free).
 * A value never owns memory: its strings and items live either in the
 * read transaction's memory map (stable for the whole query) or in an
 * arena whose lifetime the caller manages (see mg_val_copy).
 */
#ifndef MG_QUERY_VALUE_H
#define MG_QUERY_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "output/results.h"
#include "store/store.h"

/* ---- arena -------------------------------------------------------------- */

typedef struct mg_arena_chunk mg_arena_chunk;
typedef struct mg_arena {
    mg_arena_chunk *head;
    size_t used; /* bytes handed out since the last reset (for statistics) */
} mg_arena;

void *mg_arena_alloc(mg_arena *a, size_t n);           /* NULL: no memory */
char *mg_arena_strndup(mg_arena *a, const char *s, size_t n);
/* Frees all but the first chunk and rewinds it (cheap per-row reuse). */
void mg_arena_reset(mg_arena *a);
void mg_arena_free(mg_arena *a);

/* ---- values ------------------------------------------------------------- */

typedef enum mg_vkind {
    MG_V_NULL = 0,
    MG_V_BOOL,
    MG_V_INT,
    MG_V_FLOAT,
    MG_V_STR,  /* a literal not (or no longer) in the store: s/len, lang, dt */
    MG_V_TERM, /* a store term by id (IRI, blank node or literal) */
    MG_V_LIST
} mg_vkind;

typedef struct mg_val mg_val;
struct mg_val {
    mg_vkind kind;
    long long i;        /* BOOL, INT */
    double f;           /* FLOAT */
    mg_id id;           /* TERM */
    const char *s;      /* STR lexical form (NUL-terminated) */
    size_t len;
    const char *lang;   /* STR: language tag or NULL */
    const char *dt;     /* STR: datatype IRI or NULL */
    mg_val *items;      /* LIST */
    size_t n;
};

/* A scalar seen through its meaning: what comparisons and functions use.
 * A store literal typed xsd:integer/decimal/double/float/boolean becomes a
 * number or a boolean; other literals stay strings (with lang/dt). */
typedef enum mg_vclass {
    MG_VC_NULL = 0, MG_VC_BOOL, MG_VC_NUM, MG_VC_STR, MG_VC_NODE, MG_VC_LIST
} mg_vclass;

typedef struct mg_view {
    mg_vclass cls;
    int is_int;         /* NUM: integral */
    long long i;
    double f;           /* NUM: value as double */
    const char *s;      /* STR: lexical; NODE: IRI or blank label */
    size_t len;
    const char *lang, *dt;
    int blank;          /* NODE: blank node */
    mg_id id;           /* NODE/STR from the store: its id (else 0) */
} mg_view;

/* The environment values are interpreted in: the read transaction (to
 * decode term ids) and a scratch arena for numbers printed as text. */
typedef struct mg_vctx {
    mg_txn *txn;
    mg_arena *scratch;
    mg_status *st;
} mg_vctx;

static inline mg_val mg_val_null(void) { mg_val v = {0}; return v; }
mg_val mg_val_int(long long i);
mg_val mg_val_float(double f);
mg_val mg_val_bool(int b);
mg_val mg_val_term(mg_id id);
mg_val mg_val_str(const char *s, size_t len, const char *lang, const char *dt);

/* Looks through a value (decoding a term id).  MG_ERR_STORE on a bad id. */
mg_code mg_val_view(mg_vctx *c, const mg_val *v, mg_view *out);

/* Lexical form of a scalar (numbers printed; nodes give the IRI). */
mg_code mg_val_lexical(mg_vctx *c, const mg_val *v, const char **s,
                       size_t *len);
/* The same from a view: a number without a lexical form is printed into
 * c->scratch (NULL when out of memory); "" for null and lists. */
const char *mg_view_lexical(mg_vctx *c, const mg_view *w, size_t *len);

/* Deep copy into `a` (strings from the store are stable and are shared). */
mg_code mg_val_copy(mg_arena *a, const mg_val *v, mg_val *out, int deep);

/* Three-valued comparison for = <> < <= > >=: 1 true, 0 false, -1 null.
 * Lists on either side: true when any element satisfies it. */
int mg_val_compare(mg_vctx *c, const mg_val *a, const mg_val *b, int op);

/* Total order for ORDER BY, min and max (nulls last). */
int mg_val_order(mg_vctx *c, const mg_val *a, const mg_val *b);
/* The same for values already seen through (va = view of a, vb of b):
 * sorting views each key once, not once per comparison. */
int mg_view_order(mg_vctx *c, const mg_val *a, const mg_view *va,
                  const mg_val *b, const mg_view *vb);

/* Truth of a value in WHERE: 1 true, 0 false/null. */
int mg_val_truthy(const mg_val *v);

/* Appends a byte key identifying the value (for hashing and DISTINCT)
 * to buf/len/cap (realloc'd; caller frees *buf). */
mg_code mg_val_key(mg_vctx *c, const mg_val *v, char **buf, size_t *len,
                   size_t *cap);

/* Date key: "YYYY-MM-DDThh:mm:ss" (19 chars + NUL) for any date lexical
 * (YYYY, YYYY-MM, YYYY-MM-DD, dateTime), the start of the period; 0 if not
 * a date. */
int mg_date_key(const char *s, size_t len, char out[20]);
/* Whether a datatype IRI is one of the xsd date types. */
int mg_dt_is_date(const char *dt);

/* String functions (result in arena): mode 'f' fold, 'l' lower, 'u' upper
 * (core/textmap.h). */
char *mg_str_map(mg_arena *a, const char *s, size_t len, int mode,
                 size_t *outlen);

/* Converts a value to a cell for the sink (items and strings in `a`). */
mg_code mg_val_cell(mg_vctx *c, mg_arena *a, const mg_val *v, mg_cell *out);

/* The IRI shortened to prefix:local when the table allows (in `a`). */
const char *mg_iri_short(mg_arena *a, const char *iri, size_t len);

/* ---- a byte-key hash set / map ------------------------------------------ */

typedef struct mg_hmap {
    size_t cap, count;
    char **keys;      /* arena-owned key bytes, prefixed by their length */
    size_t *vals;
    uint64_t *hashes; /* of each key: compared before the key's bytes */
    mg_arena arena;
} mg_hmap;

/* Finds key; if absent and `insert`, adds it with value `val`.  Returns
 * 1 found (*out = its value), 0 inserted/absent, -1 no memory. */
int mg_hmap_get(mg_hmap *m, const char *key, size_t klen, int insert,
                size_t val, size_t *out);
void mg_hmap_free(mg_hmap *m);

/* ---- an id set ---------------------------------------------------------- */

typedef struct mg_idset {
    size_t cap, count;
    mg_id *ids;
} mg_idset;

/* 1 if added, 0 if present, -1 no memory. */
int mg_idset_add(mg_idset *s, mg_id id);
int mg_idset_has(const mg_idset *s, mg_id id);
void mg_idset_clear(mg_idset *s);
void mg_idset_free(mg_idset *s);

/* A growable array of term ids (path frontiers, seeds). */
typedef struct mg_idvec {
    mg_id *v;
    size_t n, cap;
} mg_idvec;

/* Appends id; 0 on success, -1 when out of memory. */
int mg_idvec_push(mg_idvec *a, mg_id id);

#endif
