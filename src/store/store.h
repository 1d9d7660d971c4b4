/*
 * store.h — the id-level quad store, embedded (LMDB) or on PostgreSQL.
 *
 * Backends (backend.h): a store spec that is a postgresql:// or
 * postgres:// URL opens the PostgreSQL backend (src/pgstore/pgstore.h),
 * anything else the embedded LMDB store in that directory.  Both keep the
 * model below and the contracts of every function here; what differs is
 * said where it does.
 *
 * Owns: the store (an LMDB environment, or PostgreSQL connections), the
 * transactions opened on it (mg_txn) and the cursors opened in them
 * (mg_cursor).  Each is released by its own close/commit/abort call; a
 * cursor must be closed before its transaction ends, a transaction before
 * its store is closed.
 *
 * Borrows: nothing.  Strings returned by mg_term_get point into LMDB's
 * memory map (or the transaction's term cache on PostgreSQL) and stay
 * valid until the transaction that read them ends.
 *
 * Model.  Terms (IRIs, blank nodes, literals) are dictionary-encoded to
 * 64-bit ids (never 0; never reused).  The store is a set of quads
 * (graph, subject, predicate, object) of ids, kept in four sorted
 * indexes, each serving the pattern shapes whose bound positions form a
 * prefix of its order:
 *
 *     SPOG  s, sp, spo, spog          POSG  p, po, pos
 *     OSPG  o, os, osp                GSPO  g, gs, gsp, gspo
 *
 * Graph-last orders let the union graph be read as a set of distinct
 * triples: duplicates of one triple in several graphs are adjacent.
 * A triple table counts in how many graphs each distinct triple lives;
 * statistics (quads per graph; distinct triples, subjects and objects per
 * predicate; distinct instances per class) are kept up to date by every add and remove, in
 * the same transaction, so a reader sees them agree with the indexes.
 *
 * Concurrency: one writer at a time (LMDB's write lock, or a PostgreSQL
 * advisory lock, taken by mg_txn_begin(write=1)); any number of readers,
 * each on a consistent snapshot, never blocked by the writer.
 */
#ifndef MG_STORE_H
#define MG_STORE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

typedef uint64_t mg_id; /* 0 means "none" / wildcard */

typedef struct mg_store mg_store;
typedef struct mg_txn mg_txn;
typedef struct mg_cursor mg_cursor;

typedef enum mg_term_kind {
    MG_TERM_IRI = 1,
    MG_TERM_BLANK = 2,
    MG_TERM_LITERAL = 3 /* plain, language-tagged or typed */
} mg_term_kind;

/*
 * A term as plain strings.  `value` has `len` bytes (not necessarily
 * NUL-terminated).  For literals, `lang` (without '@') or `datatype` (an
 * IRI) may be set, never both; NULL or "" means absent.
 */
typedef struct mg_term {
    mg_term_kind kind;
    const char *value;
    size_t len;
    const char *lang;
    const char *datatype;
} mg_term;

typedef struct mg_quad {
    mg_id g, s, p, o;
} mg_quad;

enum {
    MG_STORE_READONLY = 1, /* open for reading only */
    MG_STORE_CREATE = 2    /* create the directory and store if missing */
};

/*
 * Opens (or with MG_STORE_CREATE creates) the store in directory `path`.
 * Fails with MG_ERR_NOT_FOUND when the store does not exist and
 * MG_STORE_CREATE is not given, MG_ERR_IO when the directory cannot be
 * created or written.  The map size defaults to 64 GiB of address space
 * (the file grows only as needed); MAILLAGE_MAPSIZE (bytes) overrides it.
 */
mg_code mg_store_open(const char *path, int flags, mg_store **out,
                      mg_status *st);
void mg_store_close(mg_store *store);
/* The directory or URL the store was opened with. */
const char *mg_store_path(const mg_store *store);
/* The backend's name: "lmdb" or "postgresql". */
const char *mg_store_backend(const mg_store *store);
/* Whether a spec names a PostgreSQL store (postgresql:// or postgres://). */
int mg_store_spec_is_pg(const char *spec);

/* Begins a transaction; `write` takes the store's single writer lock. */
mg_code mg_txn_begin(mg_store *store, int write, mg_txn **out, mg_status *st);
/* Commits and frees the transaction (also on failure). */
mg_code mg_txn_commit(mg_txn *txn, mg_status *st);
/* Discards and frees the transaction. */
void mg_txn_abort(mg_txn *txn);
int mg_txn_is_write(const mg_txn *txn);
/* A flag (Ctrl-C's) the backend watches while it waits for its server: once
 * it is set, the statement running there is cancelled and the call fails
 * with MG_ERR_CANCELLED (PostgreSQL).  The embedded store does not wait
 * on anything: it ignores the flag, and the engine checks it between rows.
 * NULL: none.  The flag must outlive the transaction. */
void mg_txn_set_cancel(mg_txn *txn, volatile sig_atomic_t *flag);

/* Dictionary ------------------------------------------------------------ */

/* Finds the id of a term, adding it if new (write transactions only). */
mg_code mg_term_intern(mg_txn *txn, const mg_term *term, mg_id *out,
                       mg_status *st);
/* Finds the id of a term; MG_ERR_NOT_FOUND (no message) if absent. */
mg_code mg_term_lookup(mg_txn *txn, const mg_term *term, mg_id *out,
                       mg_status *st);
/* Reads a term by id; strings stay valid until the transaction ends. */
mg_code mg_term_get(mg_txn *txn, mg_id id, mg_term *out, mg_status *st);
/* Number of terms in the dictionary. */
uint64_t mg_term_count(mg_txn *txn);

/*
 * A hint that (s, p, ?) is about to be read, distinct, for each subject in
 * subjects[0..n-1] (a planner's seeds, whose property its filter reads).
 * A backend behind a server reads them all in a few queries and keeps the
 * answers for the transaction (PostgreSQL, read transactions); the
 * embedded store does nothing.  Fails only as a read would.
 */
mg_code mg_prefetch(mg_txn *txn, mg_id p, const mg_id *subjects, size_t n,
                    mg_status *st);

/*
 * Calls fn(ctx, s) for the subjects s of the triples (s p o) with o in
 * objects[0..n-1] (a subject with several such objects may come more than
 * once; order unspecified); fn returns non-zero to stop.  The embedded
 * store reads one index range per object; PostgreSQL answers 1,000
 * objects a query.
 */
typedef int (*mg_id_fn)(void *ctx, mg_id id);
mg_code mg_subjects_of(mg_txn *txn, mg_id p, const mg_id *objects, size_t n,
                       mg_id_fn fn, void *ctx, mg_status *st);

/* Text search ----------------------------------------------------------- */

/*
 * Calls fn(ctx, id) for every term whose value, folded (core/textmap.h),
 * contains `needle` folded — the candidates of fold(x) CONTAINS needle,
 * and (fold keeping each character apart) of x CONTAINS / STARTS WITH /
 * ENDS WITH / = needle — and for every term whose value is not valid
 * UTF-8 (which the caller must check itself).  fn returns non-zero to
 * stop.  One sequential read of the text index: about a byte of work per
 * byte of text in the dictionary.  MG_ERR_UNSUPPORTED (no message) when
 * the store has no text index (LMDB format 4, PostgreSQL format 1).
 */
mg_code mg_text_search(mg_txn *txn, const char *needle, size_t len,
                       mg_id_fn fn, void *ctx, mg_status *st);

/* Quads ----------------------------------------------------------------- */

/* Adds a quad (all four ids non-zero); *added = 0 if it was present. */
mg_code mg_quad_add(mg_txn *txn, const mg_quad *q, int *added, mg_status *st);
/* Removes a quad; *removed = 0 if it was absent. */
mg_code mg_quad_remove(mg_txn *txn, const mg_quad *q, int *removed,
                       mg_status *st);
/* Removes every quad of graph `g`; *count receives how many (may be NULL). */
mg_code mg_graph_drop(mg_txn *txn, mg_id g, uint64_t *count, mg_status *st);

enum {
    /* With g == 0: return each distinct triple once (g of the first
     * graph holding it is reported). */
    MG_CURSOR_DISTINCT = 1
};

/*
 * Opens a cursor over the quads matching `pattern` (0 = any), using the
 * index whose order has the longest bound prefix.  Results come in that
 * index's order.
 */
mg_code mg_cursor_open(mg_txn *txn, const mg_quad *pattern, int flags,
                       mg_cursor **out, mg_status *st);
/* Next match: returns 1 and fills *q, 0 at the end, -1 on error (in st). */
int mg_cursor_next(mg_cursor *c, mg_quad *q, mg_status *st);
void mg_cursor_close(mg_cursor *c);
/* The index a cursor uses ("SPOG", "POSG", "OSPG", "GSPO"), for EXPLAIN. */
const char *mg_cursor_index(const mg_cursor *c);

/* Joins pushed down to the backend --------------------------------------- */

/*
 * A run of pattern steps the query engine hands to a backend that can
 * join them itself (PostgreSQL: one SQL query; the embedded store
 * cannot: mg_join_supported is 0 and the engine joins).  Variables are
 * small integers (the engine's row slots).  The rows, and their order,
 * are exactly those of nested loops over the atoms in order, each atom
 * reading distinct triples (MG_CURSOR_DISTINCT) through the index
 * mg_cursor_open would pick for its bound positions — what the engine's
 * own steps (src/query/exec.c) produce:
 *   TYPE  a has rdf:type one of ids[] (a check when a_bound; otherwise
 *         each instance once, classes in ids[] order, first class first);
 *   EDGE  a triple (a ids[i] b), or (b ids[i] a) with dir_in, or both
 *         ways where both[i] (the reverse reading of a self-loop skipped),
 *         predicates in ids[] order (any predicate when any_pred); r, when
 *         >= 0, receives the predicate;
 *   SCAN  every subject, once, into a (nothing to do when a_bound).
 * Variables in `in` are given at each open; every other one is bound by
 * the first atom that mentions it.  Rows return the variables of `out`.
 */
typedef enum mg_join_kind {
    MG_JOIN_TYPE = 1,
    MG_JOIN_EDGE,
    MG_JOIN_SCAN
} mg_join_kind;

typedef struct mg_join_atom {
    mg_join_kind kind;
    int a, b, r;            /* b, r: -1 when none */
    int a_bound, b_bound;   /* bound before this atom runs */
    const mg_id *ids;       /* TYPE: classes; EDGE: predicates */
    size_t nids;
    int any_pred;           /* EDGE */
    const unsigned char *both; /* EDGE: per predicate */
    int dir_in;             /* EDGE: (a)<-[…]-(b) */
} mg_join_atom;

typedef struct mg_join {
    const mg_join_atom *atoms;
    size_t natoms;
    const int *in, *out;
    size_t nin, nout;
    mg_id rdf_type;
} mg_join;

typedef struct mg_join_cursor mg_join_cursor;

/* Whether the store's backend joins (PostgreSQL: 1, LMDB: 0). */
int mg_join_supported(mg_txn *txn);
/* The backend's form of a join (PostgreSQL: its SQL text, which EXPLAIN
 * prints), malloc'd into *form; MG_ERR_UNSUPPORTED when it has none. */
mg_code mg_join_prepare(mg_txn *txn, const mg_join *j, char **form,
                        mg_status *st);
/* Runs a prepared form with the values of the `in` variables (nin ids,
 * none 0); rows have nout ids.  `timeout` (seconds, 0 = none): the
 * longest the backend may work on one such query; past it, MG_ERR_LIMIT. */
mg_code mg_join_open(mg_txn *txn, const char *form, const mg_id *in,
                     size_t nin, size_t nout, double timeout,
                     mg_join_cursor **out, mg_status *st);
/* Next row into out[0..nout-1]: 1, 0 at the end, -1 on error (in st). */
int mg_join_next(mg_join_cursor *c, mg_id *out, mg_status *st);
void mg_join_close(mg_join_cursor *c);

/* Bulk writes (the loader's fast path) ------------------------------------ */

/*
 * Interns n terms at once (write transactions only): ids[i] receives the
 * id of terms[i].  Terms new to the dictionary get consecutive ids in
 * input order (what n calls of mg_term_intern would give); equal terms
 * in the input get one id.  The dictionary is written in key order, with
 * MDB_APPEND when it was empty (no lookups then).
 */
mg_code mg_terms_intern_bulk(mg_txn *txn, const mg_term *terms, size_t n,
                             mg_id *ids, mg_status *st);

/*
 * Adds n quads (all ids non-zero) at once; `q` is sorted and deduplicated
 * in place (its first *kept entries are then the distinct quads, in some
 * index order).  When the store holds no quads, the four indexes are written in
 * key order with MDB_APPEND and the statistics are counted in memory and
 * written once; otherwise each quad goes through mg_quad_add in SPOG
 * order.  *added (may be NULL) receives the number of quads new to the
 * store.  MG_ERR_NOMEM if the sort buffer cannot be had.
 */
mg_code mg_quads_add_bulk(mg_txn *txn, mg_quad *q, size_t n, size_t *kept,
                          uint64_t *added, mg_status *st);

/* Counting and statistics ------------------------------------------------ */

typedef struct mg_counts {
    uint64_t quads;    /* quads in the store */
    uint64_t triples;  /* distinct triples over all graphs */
    uint64_t graphs;   /* non-empty graphs */
    uint64_t terms;    /* dictionary entries */
} mg_counts;

mg_code mg_store_counts(mg_txn *txn, mg_counts *out, mg_status *st);
/* Quads in graph g (0 if absent). */
uint64_t mg_graph_size(mg_txn *txn, mg_id g);
/* Distinct triples with predicate p. */
uint64_t mg_stat_predicate(mg_txn *txn, mg_id p);
/* The three statistics of predicate p: distinct triples, distinct
 * subjects and distinct objects (any pointer may be NULL). */
void mg_stat_predicate_ex(mg_txn *txn, mg_id p, uint64_t *triples,
                          uint64_t *subjects, uint64_t *objects);
/* Distinct subjects typed rdf:type c (distinct triples s rdf:type c). */
uint64_t mg_stat_class(mg_txn *txn, mg_id c);

/*
 * Iterates a statistics table: kind 'g' (graph id, quads), 'p' (predicate
 * id, distinct triples), 'c' (class id, distinct instances).  The callback
 * returns non-zero to stop.
 */
typedef int (*mg_stat_fn)(void *ctx, mg_id id, uint64_t count);
mg_code mg_stat_each(mg_txn *txn, char kind, mg_stat_fn fn, void *ctx,
                     mg_status *st);

/*
 * Verifies that the four indexes, the triple table, the statistics and
 * the dictionary agree.  Returns MG_ERR_INTERNAL with the first
 * disagreement found.
 */
mg_code mg_store_check(mg_txn *txn, mg_status *st);

#endif
