/*
 * librdf_storage_internal.h — what the files of the "maillage" librdf
 * storage module share (librdf_storage.c: registry, factory, transactions;
 * librdf_terms.c: node <-> term and the id cache; librdf_streams.c:
 * statement streams and the graph iterator; librdf_writes.c: adding,
 * removing and finding statements).  Nothing outside src/store includes it.
 */
#ifndef MG_LIBRDF_STORAGE_INTERNAL_H
#define MG_LIBRDF_STORAGE_INTERNAL_H

#include "store/librdf_storage.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Term -> id cache of one write transaction: direct-mapped, keys inline. */
#define TC_SLOTS 4096u /* power of two */
#define TC_KEY_MAX 120

typedef struct tc_slot {
    uint64_t gen; /* valid only when equal to the instance's tc_gen */
    uint64_t hash;
    mg_id id;
    uint32_t len;
    uint8_t kind;
    char key[TC_KEY_MAX];
} tc_slot;

typedef struct mg_lstream mg_lstream;

typedef struct mg_inst {
    librdf_storage *storage;
    librdf_world *world;
    mg_store *store;
    int borrowed;          /* store lent by mg_librdf_storage_lend: not closed */
    double deadline;       /* CLOCK_MONOTONIC seconds; 0 = none */
    int expired;           /* the deadline passed: streams end early */
    unsigned ticks;        /* stream steps since the deadline was set */
    mg_txn *wtxn;          /* the explicit transaction, or NULL */
    mg_lstream *borrowers; /* streams reading through wtxn */
    tc_slot *tcache;       /* allocated on first batch/transaction */
    uint64_t tc_gen;       /* bumped at every write-transaction start */
    struct mg_inst *reg_next;
} mg_inst;

/* librdf_storage.c */
void mgl_log_error(mg_inst *in, const mg_status *st, const char *what);
mg_inst *mgl_inst_of(librdf_storage *storage);

/* librdf_terms.c */
/* The graph of statements added without a context, as a term. */
extern const mg_term mgl_default_graph_term;
librdf_node *mgl_term_to_node(librdf_world *world, const mg_term *t);
mg_code mgl_write_begin(mg_inst *in, mg_txn **txn, int *own, mg_status *st);
mg_code mgl_intern_term(mg_inst *in, mg_txn *txn, const mg_term *t, mg_id *out, mg_status *st);
mg_code mgl_intern_node(mg_inst *in, mg_txn *txn, librdf_node *node, mg_id *out, mg_status *st);
mg_code mgl_lookup_node(mg_txn *txn, librdf_node *node, mg_id *out, mg_status *st);
mg_code mgl_read_begin(mg_inst *in, mg_txn **txn, int *own, mg_status *st);
mg_code mgl_write_end(mg_txn *txn, int own, mg_code rc, mg_status *st);
void mgl_read_end(mg_txn *txn, int own);

/* librdf_streams.c */
librdf_iterator *mgl_get_contexts(librdf_storage *storage);
void mgl_end_borrowers(mg_inst *in);
librdf_stream *mgl_open_stream(mg_inst *in, librdf_statement *pattern, librdf_node *graph, int default_graph);

/* librdf_writes.c */
int mgl_context_remove_statements(librdf_storage *storage, librdf_node *ctx);
int mgl_context_remove_statement(librdf_storage *storage, librdf_node *ctx, librdf_statement *statement);
int mgl_context_add_statements(librdf_storage *storage, librdf_node *ctx, librdf_stream *stream);
int mgl_context_add_statement(librdf_storage *storage, librdf_node *ctx, librdf_statement *statement);
int mgl_contains_statement(librdf_storage *storage, librdf_statement *statement);
int mgl_remove_statement(librdf_storage *storage, librdf_statement *statement);
int mgl_add_statements(librdf_storage *storage, librdf_stream *stream);
int mgl_add_statement(librdf_storage *storage, librdf_statement *statement);

#endif
