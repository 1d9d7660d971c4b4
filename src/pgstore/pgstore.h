/*
 * pgstore.h — the PostgreSQL backend of store.h (backend.h), on libpq.
 *
 * Owns: per store, the connection URL, a pool of idle connections and
 * the cache of committed terms (mg_pg_store); per transaction, the
 * connection it runs on (taken from the pool or opened, given back at
 * commit/abort), its own term cache and statistics tables; per cursor,
 * its current result batch (a pushed-down join's too, and its server-side
 * cursor).  Nothing outside src/pgstore/ includes
 * this header: the rest of Maillage reaches it through store.h.
 *
 * Tables (created on first open with MG_STORE_CREATE, in an existing
 * database that holds no tables yet; pg_schema.c):
 *   mg_meta   key -> bigint: "version", "next_id"
 *   mg_terms  id, kind, value, lang, dt (bytea; "" = absent), with a
 *             unique index on (kind, md5(value), lang, dt) for lookups
 *   mg_quads  (g, s, p, o) ids; primary key (s,p,o,g) and indexes
 *             (p,o,s,g), (o,s,p,g), (g,s,p,o): the four orders of the
 *             embedded store, so cursors read in the same orders
 *   mg_text   id -> fv, bad: each term's value folded as core/textmap.h
 *             folds it, bad when the value is not valid UTF-8 (format 2)
 *   mg_gstat  g -> quads;  mg_pstat p -> distinct triples, subjects,
 *             objects;  mg_cstat c -> distinct instances (s rdf:type c)
 * plus the PL/pgSQL functions mg_add / mg_remove (one quad, statistics
 * kept incrementally) and mg_restat (statistics recomputed, set-based,
 * for what the temporary table mg_tmp_quads touches).
 *
 * Transactions: a reader runs REPEATABLE READ READ ONLY (one snapshot);
 * a writer takes the advisory lock MG_PG_LOCK_SQL first, so there is one
 * writer at a time, and runs READ COMMITTED under it.  Ids are assigned
 * by us under that lock from mg_meta.next_id (never reused).  Any failed
 * statement leaves the transaction failed: the caller aborts it.
 */
#ifndef MG_PGSTORE_H
#define MG_PGSTORE_H

#include <libpq-fe.h>

#include "store/backend.h"

/* Format 2 added mg_text; format-1 stores are read and written without
 * it (searches scan there). */
#define MG_PG_VERSION 2
/* The writer's advisory lock key, 0x6d61696c ("mail"), as SQL text. */
#define MG_PG_LOCK_SQL "SELECT pg_advisory_xact_lock(1835100524)"

/* Prepared statements, prepared on first use on each connection. */
enum {
    PS_TERM_FIND,
    PS_TERM_GET,
    PS_TERM_PUT,
    PS_QUAD_ADD,
    PS_QUAD_REMOVE,
    PS_GRAPH_SIZE,
    PS_PSTAT,
    PS_CSTAT,
    PS_TERM_PUT_TEXT, /* PS_TERM_PUT and its mg_text row */
    PS_TEXT_SEARCH,
    PS_CURSOR0, /* + (mask * 2 + distinct) * 2 + next: 64 cursor forms */
    PS_COUNT = PS_CURSOR0 + 64
};

#define MG_PG_JOIN_CACHE 64

typedef struct mg_pg_conn {
    PGconn *conn;
    unsigned char prepared[PS_COUNT];
    /* pushed-down joins prepared on this connection as "mgjK": their SQL
     * (malloc'd), and the number of server-side cursors opened */
    char *jforms[MG_PG_JOIN_CACHE];
    size_t njforms;
    unsigned jseq;
    struct mg_pg_conn *next; /* in the idle list */
} mg_pg_conn;

/* A cached term: strings owned here (one block), NUL-terminated; lang
 * and datatype NULL when absent. */
typedef struct mg_pg_term {
    mg_id id; /* 0: empty slot */
    mg_term_kind kind;
    char *value;
    size_t len;
    char *lang, *datatype;
} mg_pg_term;

/* Terms by id and ids by term value (pg_cache.c): open addressing; the
 * by-value table holds (hash, id) pairs confirmed through the id table. */
typedef struct mg_pg_vslot {
    uint64_t hash;
    mg_id id; /* 0: empty slot */
} mg_pg_vslot;

typedef struct mg_pg_tcache {
    mg_pg_term *slot;
    size_t cap, n;
    mg_pg_vslot *vslot;
    size_t vcap;
} mg_pg_tcache;

typedef struct mg_pg_store {
    mg_store base;
    char *url;  /* as given (may hold a password) */
    char *shown; /* the URL without its password, for messages */
    int readonly;
    int has_text; /* format 2: mg_text is kept */
    mg_pg_conn *idle;
    /* Terms read in read transactions: committed, and ids are never
     * reused nor terms removed, so they stay true while the store is
     * open (up to MG_PG_CACHE_MAX terms). */
    mg_pg_tcache committed;
} mg_pg_store;

#define MG_PG_CACHE_MAX 2000000

/* A statistics table read whole by a read transaction (pg_stats.c). */
typedef struct mg_pg_stat_table {
    int loaded;
    size_t n;
    mg_id *ids;    /* sorted */
    uint64_t *v;   /* n x width values */
} mg_pg_stat_table;

/* Short cursor results of a read transaction by (subject, predicate)
 * (pg_rcache.c): the distinct triples, in the cursor's order. */
#define MG_PG_RCACHE_ROWS 32
#define MG_PG_RCACHE_MAX 200000

typedef struct mg_pg_rentry {
    mg_id s, p;   /* s 0: empty slot */
    mg_quad *q;   /* n rows (malloc'd; NULL when none) */
    int n;
} mg_pg_rentry;

typedef struct mg_pg_rcache {
    mg_pg_rentry *e;
    size_t cap, n;
} mg_pg_rcache;

typedef struct mg_pg_txn {
    mg_txn base;
    mg_pg_store *store;
    mg_pg_conn *c;
    int write;
    mg_id next_id;  /* write: the next free id, 0 until read */
    int next_dirty; /* write: next_id to be saved at commit */
    mg_pg_tcache own; /* write: terms read or added in this transaction */
    mg_pg_stat_table stats[3]; /* read: 'g', 'p', 'c' */
    int stmt_timeout; /* statement_timeout set for joins (pg_join_run.c) */
    mg_pg_rcache rcache; /* read: (s, p, ?) cursor results */
    volatile sig_atomic_t *cancel; /* mg_txn_set_cancel's flag, or NULL */
} mg_pg_txn;

/* pg_conn.c ------------------------------------------------------------- */
extern const mg_backend mg_pg_backend;
/* An mg_status message for a failed libpq call on `conn`. */
mg_code mg_pg_fail(mg_status *st, PGconn *conn, const char *what);
/* An mg_status message for a failed result (PQresultErrorMessage; the
 * SQLSTATE of a full disk or memory gives MG_ERR_FULL / MG_ERR_NOMEM). */
mg_code mg_pg_result_fail(mg_status *st, PGresult *r, PGconn *conn,
                          const char *what);
/* Runs SQL without parameters (several statements allowed); fails unless
 * the result is `want` (PGRES_COMMAND_OK or PGRES_TUPLES_OK). */
mg_code mg_pg_exec(PGconn *conn, const char *sql, mg_status *st,
                   const char *what);
/* Runs prepared statement `ps` (prepared from `sql`, or mg_pg_sql(ps)
 * when NULL, on first use on the connection) with binary parameters and a
 * binary result; NULL on failure (in st).  The caller PQclear()s it. */
PGresult *mg_pg_run(mg_pg_txn *t, int ps, const char *sql, int n,
                    const char *const *vals, const int *lens, mg_status *st);
/* The result of the statement just sent on the transaction's connection
 * (PQsend*; `sent` is what that call returned), as PQexec would give it,
 * when it succeeded; NULL otherwise, with st set.  While the server
 * works, the transaction's cancel flag is looked at every 100 ms: once it
 * is set, the server is asked to cancel the statement (PQcancel) and the
 * failure is MG_ERR_CANCELLED "interrupted". */
PGresult *mg_pg_await(mg_pg_txn *t, int sent, mg_status *st,
                      const char *what);
/* The same with n ids as bigint parameters. */
PGresult *mg_pg_run_ids(mg_pg_txn *t, int ps, const char *sql, int n,
                        const mg_id *ids, mg_status *st);
/* Runs `sql` with ids[0..n-1] as $1::bigint[] and, when p is not 0, p as
 * $2::bigint (binary result), as mg_pg_await gives it. */
PGresult *mg_pg_with_ids(mg_pg_txn *t, const char *sql, const mg_id *ids,
                         size_t n, mg_id p, mg_status *st);
/* An id as a binary bigint parameter (8 bytes, big-endian). */
void mg_pg_be64(unsigned char out[8], mg_id v);
/* A bigint from a binary result cell. */
mg_id mg_pg_id(const PGresult *r, int row, int col);
/* One bigint value from a text-format query (0 if none). */
mg_code mg_pg_scalar(PGconn *conn, const char *sql, uint64_t *out,
                     mg_status *st);

/* pg_schema.c ----------------------------------------------------------- */
/* Checks (or with `create`, creates) the schema on a fresh connection. */
mg_code mg_pg_schema(mg_pg_store *s, PGconn *conn, int create, mg_status *st);
/* The SQL of a fixed prepared statement (not the cursor forms). */
const char *mg_pg_sql(int ps);
/* Creates the connection's staging tables mg_tmp_quads, mg_tmp_terms if
 * missing (in a write transaction, before a bulk path uses them). */
const char *mg_pg_temp_sql(void);

/* pg_terms.c ------------------------------------------------------------ */
mg_code mg_pg_term_intern(mg_txn *t, const mg_term *term, mg_id *out,
                          mg_status *st);
mg_code mg_pg_term_lookup(mg_txn *t, const mg_term *term, mg_id *out,
                          mg_status *st);
mg_code mg_pg_term_get(mg_txn *t, mg_id id, mg_term *out, mg_status *st);
uint64_t mg_pg_term_count(mg_txn *t);
/* Reads the terms of ids[0..n-1] not cached yet into the caches, in one
 * query (0 ids are skipped). */
mg_code mg_pg_terms_prefetch(mg_pg_txn *t, const mg_id *ids, size_t n,
                             mg_status *st);

/* pg_cache.c ------------------------------------------------------------ */
/* The term with id `id`, or NULL. */
const mg_pg_term *mg_pg_tc_get(const mg_pg_tcache *c, mg_id id);
/* The id of a term (normalised as the store keeps it: lang only for a
 * literal, datatype only without lang), or 0. */
mg_id mg_pg_tc_find(const mg_pg_tcache *c, const mg_term *term);
/* Adds a copy of a term under `id` (nothing if present or when the
 * cache holds `max` terms); MG_ERR_NOMEM. */
mg_code mg_pg_tc_put(mg_pg_tcache *c, mg_id id, const mg_term *term,
                     size_t max, mg_status *st);
void mg_pg_tc_free(mg_pg_tcache *c);
/* Frees what a transaction holds besides its connection. */
void mg_pg_txn_free_caches(mg_pg_txn *t);
/* Reads next_id into the write transaction (once). */
mg_code mg_pg_next_id(mg_pg_txn *t, mg_status *st);

/* pg_copy.c ------------------------------------------------------------- */
mg_code mg_pg_terms_intern_bulk(mg_txn *t, const mg_term *terms, size_t n,
                                mg_id *ids, mg_status *st);
mg_code mg_pg_quads_add_bulk(mg_txn *t, mg_quad *q, size_t n, size_t *kept,
                             uint64_t *added, mg_status *st);
/* Recomputes the statistics of what mg_tmp_quads lists. */
mg_code mg_pg_restat(mg_pg_txn *t, mg_status *st);

/* pg_quads.c ------------------------------------------------------------ */
mg_code mg_pg_quad_add(mg_txn *t, const mg_quad *q, int *added,
                       mg_status *st);
mg_code mg_pg_quad_remove(mg_txn *t, const mg_quad *q, int *removed,
                          mg_status *st);
mg_code mg_pg_graph_drop(mg_txn *t, mg_id g, uint64_t *count, mg_status *st);

/* pg_rcache.c ----------------------------------------------------------- */
const mg_pg_rentry *mg_pg_rcache_get(const mg_pg_rcache *c, mg_id s, mg_id p);
/* Keeps a copy of n rows (nothing when too many, or the cache is full). */
void mg_pg_rcache_put(mg_pg_rcache *c, mg_id s, mg_id p, const mg_quad *q,
                      int n);
/* store.h mg_prefetch: reads (s, p, ?) for the subjects, a batch of ids
 * per query, into the cache (each answer of at most MG_PG_RCACHE_ROWS
 * rows, none included). */
mg_code mg_pg_prefetch(mg_txn *txn, mg_id p, const mg_id *subjects, size_t n,
                       mg_status *st);
/* store.h mg_subjects_of: 1,000 objects a query. */
mg_code mg_pg_subjects_of(mg_txn *txn, mg_id p, const mg_id *objects,
                          size_t n, mg_id_fn fn, void *ctx, mg_status *st);
void mg_pg_rcache_free(mg_pg_rcache *c);

/* pg_cursor.c ----------------------------------------------------------- */
mg_code mg_pg_cursor_open(mg_txn *t, const mg_quad *pattern, int flags,
                          mg_cursor **out, mg_status *st);
int mg_pg_cursor_next(mg_cursor *c, mg_quad *q, mg_status *st);
void mg_pg_cursor_close(mg_cursor *c);
const char *mg_pg_cursor_index(const mg_cursor *c);

/* pg_join.c, pg_join_run.c: joins pushed down (store.h) ------------------ */
mg_code mg_pg_join_prepare(mg_txn *t, const mg_join *j, char **form,
                           mg_status *st);
mg_code mg_pg_join_open(mg_txn *t, const char *form, const mg_id *in,
                        size_t nin, size_t nout, double timeout,
                        mg_join_cursor **out, mg_status *st);
int mg_pg_join_next(mg_join_cursor *c, mg_id *out, mg_status *st);
void mg_pg_join_close(mg_join_cursor *c);

/* pg_text.c: the text index (store.h mg_text_search) ------------------ */
/* A term value's row of mg_text: *fv malloc'd (*fvlen bytes). */
mg_code mg_pg_text_of(const char *value, size_t len, char **fv,
                      size_t *fvlen, int *bad, mg_status *st);
mg_code mg_pg_text_search(mg_txn *t, const char *needle, size_t len,
                          mg_id_fn fn, void *ctx, mg_status *st);
/* Every term has its row, and each row is its term's value folded. */
mg_code mg_pg_text_check(mg_pg_txn *t, mg_status *st);

/* pg_stats.c ------------------------------------------------------------ */
mg_code mg_pg_store_counts(mg_txn *t, mg_counts *out, mg_status *st);
uint64_t mg_pg_graph_size(mg_txn *t, mg_id g);
void mg_pg_stat_predicate_ex(mg_txn *t, mg_id p, uint64_t *triples,
                             uint64_t *subjects, uint64_t *objects);
uint64_t mg_pg_stat_class(mg_txn *t, mg_id c);
mg_code mg_pg_stat_each(mg_txn *t, char kind, mg_stat_fn fn, void *ctx,
                        mg_status *st);
mg_code mg_pg_store_check(mg_txn *t, mg_status *st);

#endif
