/*
 * librdf_storage.c — the librdf storage factory "maillage": Redland's
 * storage module interface (rdf_storage_module.h) implemented on the
 * id-level LMDB quad store of store.h, so parsers, serializers, models and
 * rasqal SPARQL run on it unchanged (see librdf_storage.h).
 *
 * Mapping.  A librdf statement without a context lives in the graph
 * <urn:maillage:default>; a context node names the graph of a quad.  The
 * union of all graphs is what librdf sees as "the model": size, contains
 * and find_statements work on distinct triples, each reported once with
 * the first graph holding it as its context.  get_contexts lists every
 * graph that holds quads (the default graph included), which is what
 * librdf's rasqal glue registers as named graphs for GRAPH ?g.
 *
 * Transactions.  Between transaction_start and commit/rollback one LMDB
 * write transaction lives in the instance: every write goes into it and
 * every read (stream, size, contains) reads through it, so a loader sees
 * its own writes.  Outside it each write (or each add_statements batch) is
 * its own write transaction, and each stream holds its own read
 * transaction until it ends or is freed.
 *
 * Errors are logged through librdf_log with the mg_status message and
 * reported as non-zero returns (NULL streams); nothing here exits.
 */
#include "store/librdf_storage.h"

#include <limits.h>
#include <pthread.h>
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
    mg_txn *wtxn;          /* the explicit transaction, or NULL */
    mg_lstream *borrowers; /* streams reading through wtxn */
    tc_slot *tcache;       /* allocated on first batch/transaction */
    uint64_t tc_gen;       /* bumped at every write-transaction start */
    struct mg_inst *reg_next;
} mg_inst;

/* Registry --------------------------------------------------------------
 *
 * librdf_storage is opaque and has no public getter for its factory, so
 * mg_librdf_storage_store cannot ask a storage whether it is ours, and
 * dereferencing another module's instance pointer as an mg_inst would be
 * undefined.  Instead every live instance of ours is listed here (added by
 * init, removed by terminate); a storage is ours exactly when it is in the
 * list.  A storage pointer freed and reused by another module cannot match
 * because terminate removed it first.  The mutex covers worlds used on
 * different threads.
 */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static mg_inst *reg_head;

static void reg_add(mg_inst *in)
{
    pthread_mutex_lock(&reg_lock);
    in->reg_next = reg_head;
    reg_head = in;
    pthread_mutex_unlock(&reg_lock);
}

static void reg_remove(mg_inst *in)
{
    pthread_mutex_lock(&reg_lock);
    for (mg_inst **pp = &reg_head; *pp; pp = &(*pp)->reg_next) {
        if (*pp == in) {
            *pp = in->reg_next;
            break;
        }
    }
    pthread_mutex_unlock(&reg_lock);
}

static mg_inst *reg_find(librdf_storage *storage)
{
    mg_inst *found = NULL;
    if (!storage)
        return NULL;
    pthread_mutex_lock(&reg_lock);
    for (mg_inst *in = reg_head; in; in = in->reg_next) {
        if (in->storage == storage) {
            found = in;
            break;
        }
    }
    pthread_mutex_unlock(&reg_lock);
    return found;
}

static mg_inst *inst_of(librdf_storage *storage)
{
    return (mg_inst *)librdf_storage_get_instance(storage);
}

static void log_error(mg_inst *in, const mg_status *st, const char *what)
{
    librdf_log(in->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
               "%s: %s", what,
               st->msg[0] ? st->msg : mg_code_name(st->code));
}

/* Term conversion --------------------------------------------------------- */

/*
 * Views a librdf node as an mg_term without copying: the strings point
 * into the node, which must outlive the term.  Returns -1 for a node kind
 * the store cannot hold.
 */
static int node_to_term(librdf_node *node, mg_term *t)
{
    memset(t, 0, sizeof *t);
    size_t len = 0;
    switch (librdf_node_get_type(node)) {
    case LIBRDF_NODE_TYPE_RESOURCE: {
        librdf_uri *u = librdf_node_get_uri(node);
        if (!u)
            return -1;
        t->kind = MG_TERM_IRI;
        t->value = (const char *)librdf_uri_as_counted_string(u, &len);
        break;
    }
    case LIBRDF_NODE_TYPE_BLANK:
        t->kind = MG_TERM_BLANK;
        t->value = (const char *)librdf_node_get_counted_blank_identifier(node, &len);
        break;
    case LIBRDF_NODE_TYPE_LITERAL: {
        t->kind = MG_TERM_LITERAL;
        t->value = (const char *)librdf_node_get_literal_value_as_counted_string(
            node, &len);
        t->lang = librdf_node_get_literal_value_language(node);
        librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(node);
        if (dt && !(t->lang && *t->lang))
            t->datatype = (const char *)librdf_uri_as_string(dt);
        break;
    }
    default:
        return -1;
    }
    if (!t->value)
        return -1;
    t->len = len;
    return 0;
}

/* A new librdf node for a term read from the store (NULL on failure). */
static librdf_node *term_to_node(librdf_world *world, const mg_term *t)
{
    const unsigned char *v = (const unsigned char *)t->value;
    switch (t->kind) {
    case MG_TERM_IRI:
        return librdf_new_node_from_counted_uri_string(world, v, t->len);
    case MG_TERM_BLANK:
        return librdf_new_node_from_counted_blank_identifier(world, v, t->len);
    case MG_TERM_LITERAL: {
        const char *lang = (t->lang && *t->lang) ? t->lang : NULL;
        librdf_uri *dt = NULL;
        if (!lang && t->datatype && *t->datatype) {
            dt = librdf_new_uri(world, (const unsigned char *)t->datatype);
            if (!dt)
                return NULL;
        }
        librdf_node *n = librdf_new_node_from_typed_counted_literal(
            world, v, t->len, lang, lang ? strlen(lang) : 0, dt);
        if (dt)
            librdf_free_uri(dt);
        return n;
    }
    }
    return NULL;
}

static const mg_term default_graph_term = {
    MG_TERM_IRI, MG_DEFAULT_GRAPH, sizeof MG_DEFAULT_GRAPH - 1, NULL, NULL};

static uint64_t term_hash(const mg_term *t)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)t->kind;
    const unsigned char *p = (const unsigned char *)t->value;
    for (size_t i = 0; i < t->len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/*
 * Interns a term in write transaction `txn`, through the per-transaction
 * cache when there is one.  Bulk loads repeat predicates, classes, graph
 * names and subjects constantly; a hit costs a hash and a memcmp instead
 * of a B-tree descent in t2i.  Only IRIs and blank nodes up to TC_KEY_MAX
 * bytes are cached (literals rarely repeat).  The cache is invalidated at
 * every write-transaction start, so an id from an aborted transaction is
 * never reused.
 */
static mg_code intern_term(mg_inst *in, mg_txn *txn, const mg_term *t,
                           mg_id *out, mg_status *st)
{
    if (!in->tcache || t->kind == MG_TERM_LITERAL || t->len > TC_KEY_MAX)
        return mg_term_intern(txn, t, out, st);
    uint64_t h = term_hash(t);
    tc_slot *s = &in->tcache[h & (TC_SLOTS - 1)];
    if (s->gen == in->tc_gen && s->hash == h && s->len == t->len &&
        s->kind == (uint8_t)t->kind && memcmp(s->key, t->value, t->len) == 0) {
        *out = s->id;
        return MG_OK;
    }
    MG_TRY(mg_term_intern(txn, t, out, st));
    s->gen = in->tc_gen;
    s->hash = h;
    s->len = (uint32_t)t->len;
    s->kind = (uint8_t)t->kind;
    s->id = *out;
    memcpy(s->key, t->value, t->len);
    return MG_OK;
}

static mg_code intern_node(mg_inst *in, mg_txn *txn, librdf_node *node,
                           mg_id *out, mg_status *st)
{
    mg_term t;
    if (node_to_term(node, &t) != 0)
        return mg_fail(st, MG_ERR_ARG, "a node of an unsupported kind");
    return intern_term(in, txn, &t, out, st);
}

/* Looks a node up: MG_OK, MG_ERR_NOT_FOUND (not in the store), or error. */
static mg_code lookup_node(mg_txn *txn, librdf_node *node, mg_id *out,
                           mg_status *st)
{
    mg_term t;
    if (node_to_term(node, &t) != 0)
        return MG_ERR_NOT_FOUND;
    return mg_term_lookup(txn, &t, out, st);
}

/* Transactions ------------------------------------------------------------ */

/* A write transaction: the explicit one, or a new one owned by the caller. */
static mg_code write_begin(mg_inst *in, mg_txn **txn, int *own, mg_status *st)
{
    if (in->wtxn) {
        *txn = in->wtxn;
        *own = 0;
        return MG_OK;
    }
    *own = 1;
    in->tc_gen++;
    return mg_txn_begin(in->store, 1, txn, st);
}

/* Ends what write_begin started: commit on success, abort on failure. */
static mg_code write_end(mg_txn *txn, int own, mg_code rc, mg_status *st)
{
    if (!own)
        return rc;
    if (rc == MG_OK)
        return mg_txn_commit(txn, st);
    mg_txn_abort(txn);
    return rc;
}

static mg_code read_begin(mg_inst *in, mg_txn **txn, int *own, mg_status *st)
{
    if (in->wtxn) {
        *txn = in->wtxn;
        *own = 0;
        return MG_OK;
    }
    *own = 1;
    return mg_txn_begin(in->store, 0, txn, st);
}

static void read_end(mg_txn *txn, int own)
{
    if (own)
        mg_txn_abort(txn);
}

/* Streams ----------------------------------------------------------------- */

struct mg_lstream {
    mg_inst *in;
    librdf_storage *storage; /* referenced while the stream lives */
    mg_txn *txn;
    int own_txn;            /* else borrowed from in->wtxn */
    mg_cursor *cur;
    mg_quad q;              /* the current match */
    int at_end;
    int built;              /* stmt holds q's nodes */
    librdf_statement *stmt; /* shared with the caller, rebuilt per match */
    librdf_node *fixed_ctx; /* the requested graph, when there is one */
    mg_id cid[4];           /* last id seen per position (s p o g) */
    librdf_node *cnode[4];  /* and its node */
    mg_lstream *next_borrower;
};

static void borrower_unlink(mg_lstream *ls)
{
    for (mg_lstream **pp = &ls->in->borrowers; *pp; pp = &(*pp)->next_borrower) {
        if (*pp == ls) {
            *pp = ls->next_borrower;
            break;
        }
    }
    ls->next_borrower = NULL;
}

/* Releases the cursor and transaction; the stream reads as ended after. */
static void ls_release(mg_lstream *ls)
{
    ls->at_end = 1;
    if (ls->cur) {
        mg_cursor_close(ls->cur);
        ls->cur = NULL;
    }
    if (ls->txn) {
        if (ls->own_txn)
            mg_txn_abort(ls->txn);
        else
            borrower_unlink(ls);
        ls->txn = NULL;
    }
}

static void ls_advance(mg_lstream *ls)
{
    if (ls->at_end || !ls->cur) {
        ls_release(ls);
        return;
    }
    mg_status st;
    mg_status_clear(&st);
    int r = mg_cursor_next(ls->cur, &ls->q, &st);
    if (r == 1) {
        ls->built = 0;
        return;
    }
    if (r < 0)
        log_error(ls->in, &st, "reading the store");
    /* Done: give the reader slot back now rather than when freed, since
     * rasqal keeps exhausted streams of outer patterns alive. */
    ls_release(ls);
}

/*
 * A new reference to the node for `id` at position `pos`, through the
 * stream's one-entry cache per position: a bound position or a run of one
 * predicate then costs a reference count instead of a dictionary read.
 */
static librdf_node *ls_node(mg_lstream *ls, int pos, mg_id id, int new_ref)
{
    if (ls->cid[pos] != id || !ls->cnode[pos]) {
        mg_status st;
        mg_status_clear(&st);
        mg_term t;
        if (mg_term_get(ls->txn, id, &t, &st) != MG_OK) {
            log_error(ls->in, &st, "reading a term");
            return NULL;
        }
        librdf_node *n = term_to_node(ls->in->world, &t);
        if (!n)
            return NULL;
        if (ls->cnode[pos])
            librdf_free_node(ls->cnode[pos]);
        ls->cnode[pos] = n;
        ls->cid[pos] = id;
    }
    return new_ref ? librdf_new_node_from_node(ls->cnode[pos]) : ls->cnode[pos];
}

static int ls_is_end(void *ctx)
{
    return ((mg_lstream *)ctx)->at_end;
}

static int ls_next(void *ctx)
{
    mg_lstream *ls = ctx;
    ls_advance(ls);
    return ls->at_end;
}

static void *ls_get(void *ctx, int flags)
{
    mg_lstream *ls = ctx;
    if (ls->at_end || !ls->txn)
        return NULL;
    switch (flags) {
    case LIBRDF_STREAM_GET_METHOD_GET_OBJECT:
        if (!ls->built) {
            librdf_statement_clear(ls->stmt);
            librdf_node *s = ls_node(ls, 0, ls->q.s, 1);
            librdf_node *p = ls_node(ls, 1, ls->q.p, 1);
            librdf_node *o = ls_node(ls, 2, ls->q.o, 1);
            librdf_statement_set_subject(ls->stmt, s);
            librdf_statement_set_predicate(ls->stmt, p);
            librdf_statement_set_object(ls->stmt, o);
            if (!s || !p || !o)
                return NULL;
            ls->built = 1;
        }
        return ls->stmt;
    case LIBRDF_STREAM_GET_METHOD_GET_CONTEXT:
        if (ls->fixed_ctx)
            return ls->fixed_ctx;
        return ls_node(ls, 3, ls->q.g, 0);
    default:
        return NULL;
    }
}

static void ls_finished(void *ctx)
{
    mg_lstream *ls = ctx;
    ls_release(ls);
    if (ls->stmt)
        librdf_free_statement(ls->stmt);
    for (int i = 0; i < 4; i++)
        if (ls->cnode[i])
            librdf_free_node(ls->cnode[i]);
    if (ls->fixed_ctx)
        librdf_free_node(ls->fixed_ctx);
    librdf_storage *storage = ls->storage;
    free(ls);
    /* Last: this may drop the final reference and terminate the storage. */
    librdf_storage_remove_reference(storage);
}

/*
 * Opens a stream over the triples matching `pattern` (NULL: all).  With
 * `graph` set, over the quads of that graph; otherwise over the union
 * graph, each distinct triple once.  A bound node the dictionary does not
 * know means no match: an empty stream, without touching an index.
 */
static librdf_stream *open_stream(mg_inst *in, librdf_statement *pattern,
                                  librdf_node *graph, int default_graph)
{
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    if (read_begin(in, &txn, &own, &st) != MG_OK) {
        log_error(in, &st, "starting a read transaction");
        return NULL;
    }
    mg_quad q = {0, 0, 0, 0};
    librdf_node *nodes[3] = {NULL, NULL, NULL};
    if (pattern) {
        nodes[0] = librdf_statement_get_subject(pattern);
        nodes[1] = librdf_statement_get_predicate(pattern);
        nodes[2] = librdf_statement_get_object(pattern);
    }
    mg_id *ids[3] = {&q.s, &q.p, &q.o};
    mg_code rc = MG_OK;
    for (int i = 0; i < 3 && rc == MG_OK; i++)
        if (nodes[i])
            rc = lookup_node(txn, nodes[i], ids[i], &st);
    if (rc == MG_OK && graph)
        rc = lookup_node(txn, graph, &q.g, &st);
    else if (rc == MG_OK && default_graph)
        rc = mg_term_lookup(txn, &default_graph_term, &q.g, &st);
    if (rc != MG_OK) {
        read_end(txn, own);
        if (rc != MG_ERR_NOT_FOUND) {
            log_error(in, &st, "looking up a pattern");
            return NULL;
        }
        return librdf_new_empty_stream(in->world);
    }

    mg_lstream *ls = calloc(1, sizeof *ls);
    if (!ls) {
        read_end(txn, own);
        return NULL;
    }
    ls->in = in;
    ls->storage = in->storage;
    ls->txn = txn;
    ls->own_txn = own;
    if (!own) {
        ls->next_borrower = in->borrowers;
        in->borrowers = ls;
    }
    librdf_storage_add_reference(in->storage);
    ls->stmt = librdf_new_statement(in->world);
    if (graph)
        ls->fixed_ctx = librdf_new_node_from_node(graph);
    if (!ls->stmt || (graph && !ls->fixed_ctx)) {
        ls_finished(ls);
        return NULL;
    }
    if (mg_cursor_open(txn, &q, q.g ? 0 : MG_CURSOR_DISTINCT, &ls->cur, &st) !=
        MG_OK) {
        log_error(in, &st, "opening a cursor");
        ls_finished(ls);
        return NULL;
    }
    ls_advance(ls);
    librdf_stream *stream = librdf_new_stream(in->world, ls, ls_is_end, ls_next,
                                              ls_get, ls_finished);
    if (!stream)
        ls_finished(ls);
    return stream;
}

/* Closes the cursors of streams reading through the ending transaction. */
static void end_borrowers(mg_inst *in)
{
    while (in->borrowers)
        ls_release(in->borrowers); /* unlinks it */
}

/* Factory methods --------------------------------------------------------- */

static int mg_init(librdf_storage *storage, const char *name,
                   librdf_hash *options)
{
    librdf_world *world = librdf_storage_get_world(storage);
    /* librdf hands the options to init, which must free them. */
    int create = 0, readonly = 0;
    if (options) {
        create = librdf_hash_get_as_boolean(options, "create") > 0;
        readonly = librdf_hash_get_as_boolean(options, "readonly") > 0;
        librdf_free_hash(options);
    }
    if (!name || !*name) {
        librdf_log(world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
                   "the maillage storage needs a store directory as its name");
        return 1;
    }
    mg_inst *in = calloc(1, sizeof *in);
    if (!in) {
        librdf_log(world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
                   "out of memory");
        return 1;
    }
    in->storage = storage;
    in->world = world;
    librdf_storage_set_instance(storage, in);

    mg_status st;
    mg_status_clear(&st);
    int flags = (create ? MG_STORE_CREATE : 0) | (readonly ? MG_STORE_READONLY : 0);
    mg_code rc = mg_store_open(name, flags, &in->store, &st);
    if (rc == MG_ERR_NOT_FOUND) {
        librdf_log(world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
                   "no store at '%s' (load a file first: maillage load FILE)",
                   name);
        return 1; /* librdf calls terminate, which frees `in` */
    }
    if (rc != MG_OK) {
        log_error(in, &st, "opening the store");
        return 1;
    }
    reg_add(in);
    return 0;
}

static void mg_terminate(librdf_storage *storage)
{
    mg_inst *in = inst_of(storage);
    if (!in)
        return;
    reg_remove(in);
    if (in->wtxn) {
        /* An uncommitted transaction is discarded, as on a crash. */
        end_borrowers(in);
        mg_txn_abort(in->wtxn);
        in->wtxn = NULL;
    }
    mg_store_close(in->store);
    free(in->tcache);
    free(in);
    librdf_storage_set_instance(storage, NULL);
}

static int mg_open(librdf_storage *storage, librdf_model *model)
{
    (void)storage;
    (void)model;
    return 0;
}

static int mg_close(librdf_storage *storage)
{
    (void)storage;
    return 0;
}

static int mg_size(librdf_storage *storage)
{
    mg_inst *in = inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    mg_counts c;
    if (read_begin(in, &txn, &own, &st) != MG_OK) {
        log_error(in, &st, "counting");
        return -1;
    }
    mg_code rc = mg_store_counts(txn, &c, &st);
    read_end(txn, own);
    if (rc != MG_OK) {
        log_error(in, &st, "counting");
        return -1;
    }
    return c.triples > INT_MAX ? INT_MAX : (int)c.triples;
}

/* Whether a statement may be stored: IRI/blank subject, IRI predicate. */
static int statement_legal(librdf_statement *s)
{
    librdf_node *sn = librdf_statement_get_subject(s);
    librdf_node *pn = librdf_statement_get_predicate(s);
    return sn && pn && librdf_statement_get_object(s) &&
           (librdf_node_is_resource(sn) || librdf_node_is_blank(sn)) &&
           librdf_node_is_resource(pn);
}

/* Adds one statement to graph `ctx` (NULL: the default graph). */
static mg_code add_one(mg_inst *in, mg_txn *txn, librdf_node *ctx,
                       librdf_statement *s, mg_status *st)
{
    if (!statement_legal(s))
        return mg_fail(st, MG_ERR_ARG, "illegal statement");
    mg_quad q;
    if (ctx) {
        if (librdf_node_is_literal(ctx))
            return mg_fail(st, MG_ERR_ARG,
                           "a graph name must be an IRI or a blank node");
        MG_TRY(intern_node(in, txn, ctx, &q.g, st));
    } else {
        MG_TRY(intern_term(in, txn, &default_graph_term, &q.g, st));
    }
    MG_TRY(intern_node(in, txn, librdf_statement_get_subject(s), &q.s, st));
    MG_TRY(intern_node(in, txn, librdf_statement_get_predicate(s), &q.p, st));
    MG_TRY(intern_node(in, txn, librdf_statement_get_object(s), &q.o, st));
    return mg_quad_add(txn, &q, NULL, st);
}

static int mg_context_add_statement(librdf_storage *storage, librdf_node *ctx,
                                    librdf_statement *statement)
{
    mg_inst *in = inst_of(storage);
    if (!statement_legal(statement))
        return 1; /* librdf: > 0 for an illegal statement */
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    mg_code rc = write_begin(in, &txn, &own, &st);
    if (rc == MG_OK)
        rc = write_end(txn, own, add_one(in, txn, ctx, statement, &st), &st);
    if (rc != MG_OK) {
        log_error(in, &st, "adding a statement");
        return -1;
    }
    return 0;
}

static int mg_add_statement(librdf_storage *storage, librdf_statement *statement)
{
    return mg_context_add_statement(storage, NULL, statement);
}

/*
 * Adds a stream of statements in one write transaction (the explicit one,
 * or one for the whole batch — a parser's stream commits once).  Illegal
 * statements are skipped, as librdf's own fallback does.  Without an
 * explicit context each statement goes to the stream's context for it
 * when the stream has one (a quad stays a quad when copied from a store),
 * else to the default graph.
 */
static int mg_context_add_statements(librdf_storage *storage, librdf_node *ctx,
                                     librdf_stream *stream)
{
    mg_inst *in = inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    if (!stream)
        return 1;
    if (!in->tcache && !(in->tcache = calloc(TC_SLOTS, sizeof *in->tcache))) {
        librdf_log(in->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
                   "out of memory");
        return -1;
    }
    mg_txn *txn = NULL;
    int own = 0;
    mg_code rc = write_begin(in, &txn, &own, &st);
    if (rc != MG_OK) {
        log_error(in, &st, "adding statements");
        return -1;
    }
    while (rc == MG_OK && !librdf_stream_end(stream)) {
        librdf_statement *s = librdf_stream_get_object(stream);
        if (!s) {
            rc = mg_fail(&st, MG_ERR_STORE, "the statement stream failed");
            break;
        }
        if (statement_legal(s)) {
            librdf_node *g = ctx ? ctx : librdf_stream_get_context2(stream);
            rc = add_one(in, txn, g, s, &st);
        }
        librdf_stream_next(stream);
    }
    rc = write_end(txn, own, rc, &st);
    if (rc != MG_OK) {
        log_error(in, &st, "adding statements");
        return -1;
    }
    return 0;
}

static int mg_add_statements(librdf_storage *storage, librdf_stream *stream)
{
    return mg_context_add_statements(storage, NULL, stream);
}

/* Looks up the ids of a complete statement; MG_ERR_NOT_FOUND if any is
 * unknown (so the statement cannot be in the store). */
static mg_code lookup_statement(mg_txn *txn, librdf_statement *s, mg_quad *q,
                                mg_status *st)
{
    if (!statement_legal(s))
        return MG_ERR_NOT_FOUND;
    MG_TRY(lookup_node(txn, librdf_statement_get_subject(s), &q->s, st));
    MG_TRY(lookup_node(txn, librdf_statement_get_predicate(s), &q->p, st));
    return lookup_node(txn, librdf_statement_get_object(s), &q->o, st);
}

/* Removes triple s p o from every graph holding it. */
static mg_code remove_everywhere(mg_txn *txn, const mg_quad *spo, mg_status *st)
{
    mg_quad pat = {0, spo->s, spo->p, spo->o}, q;
    mg_quad *found = NULL;
    size_t n = 0, cap = 0;
    mg_cursor *c;
    MG_TRY(mg_cursor_open(txn, &pat, 0, &c, st));
    int r;
    while ((r = mg_cursor_next(c, &q, st)) == 1) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            mg_quad *bigger = realloc(found, cap * sizeof *found);
            if (!bigger) {
                r = -1;
                mg_fail(st, MG_ERR_NOMEM, "out of memory");
                break;
            }
            found = bigger;
        }
        found[n++] = q;
    }
    mg_cursor_close(c);
    mg_code rc = r < 0 ? st->code : MG_OK;
    for (size_t i = 0; i < n && rc == MG_OK; i++)
        rc = mg_quad_remove(txn, &found[i], NULL, st);
    free(found);
    return rc;
}

/* Removes a statement from graph `ctx`, or from every graph if NULL. */
static int mg_context_remove_statement(librdf_storage *storage,
                                       librdf_node *ctx,
                                       librdf_statement *statement)
{
    mg_inst *in = inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    mg_code rc = write_begin(in, &txn, &own, &st);
    if (rc != MG_OK) {
        log_error(in, &st, "removing a statement");
        return 1;
    }
    mg_quad q = {0, 0, 0, 0};
    rc = lookup_statement(txn, statement, &q, &st);
    if (rc == MG_OK && ctx)
        rc = lookup_node(txn, ctx, &q.g, &st);
    if (rc == MG_OK)
        rc = ctx ? mg_quad_remove(txn, &q, NULL, &st)
                 : remove_everywhere(txn, &q, &st);
    if (rc == MG_ERR_NOT_FOUND)
        rc = MG_OK; /* nothing to remove */
    rc = write_end(txn, own, rc, &st);
    if (rc != MG_OK) {
        log_error(in, &st, "removing a statement");
        return 1;
    }
    return 0;
}

static int mg_remove_statement(librdf_storage *storage,
                               librdf_statement *statement)
{
    return mg_context_remove_statement(storage, NULL, statement);
}

/* Drops graph `ctx` (NULL: the default graph). */
static int mg_context_remove_statements(librdf_storage *storage,
                                        librdf_node *ctx)
{
    mg_inst *in = inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    mg_code rc = write_begin(in, &txn, &own, &st);
    if (rc != MG_OK) {
        log_error(in, &st, "dropping a graph");
        return 1;
    }
    mg_id g = 0;
    rc = ctx ? lookup_node(txn, ctx, &g, &st)
             : mg_term_lookup(txn, &default_graph_term, &g, &st);
    if (rc == MG_OK)
        rc = mg_graph_drop(txn, g, NULL, &st);
    if (rc == MG_ERR_NOT_FOUND)
        rc = MG_OK;
    rc = write_end(txn, own, rc, &st);
    if (rc != MG_OK) {
        log_error(in, &st, "dropping a graph");
        return 1;
    }
    return 0;
}

/* Whether the triple is in any graph. */
static int mg_contains_statement(librdf_storage *storage,
                                 librdf_statement *statement)
{
    mg_inst *in = inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    if (read_begin(in, &txn, &own, &st) != MG_OK) {
        log_error(in, &st, "checking a statement");
        return 0;
    }
    mg_quad q = {0, 0, 0, 0}, hit;
    int found = 0;
    mg_code rc = lookup_statement(txn, statement, &q, &st);
    if (rc == MG_OK) {
        mg_cursor *c;
        rc = mg_cursor_open(txn, &q, MG_CURSOR_DISTINCT, &c, &st);
        if (rc == MG_OK) {
            int r = mg_cursor_next(c, &hit, &st);
            found = r == 1;
            if (r < 0)
                rc = st.code;
            mg_cursor_close(c);
        }
    }
    read_end(txn, own);
    if (rc != MG_OK && rc != MG_ERR_NOT_FOUND)
        log_error(in, &st, "checking a statement");
    return found;
}

static librdf_stream *mg_serialise(librdf_storage *storage)
{
    return open_stream(inst_of(storage), NULL, NULL, 0);
}

static librdf_stream *mg_find_statements(librdf_storage *storage,
                                         librdf_statement *statement)
{
    return open_stream(inst_of(storage), statement, NULL, 0);
}

/* librdf: a NULL context means the same as find_statements (the union). */
static librdf_stream *mg_find_statements_in_context(librdf_storage *storage,
                                                    librdf_statement *statement,
                                                    librdf_node *ctx)
{
    return open_stream(inst_of(storage), statement, ctx, 0);
}

/* The quads of one graph; NULL names the default graph (statements added
 * without a context), as for librdf's own storages. */
static librdf_stream *mg_context_serialise(librdf_storage *storage,
                                           librdf_node *ctx)
{
    return open_stream(inst_of(storage), NULL, ctx, ctx == NULL);
}

static int mg_sync(librdf_storage *storage)
{
    (void)storage; /* every LMDB commit is already durable */
    return 0;
}

/* get_contexts: the graph names, collected up front ------------------------ */

typedef struct ctx_iter {
    librdf_node **nodes;
    size_t n, i;
} ctx_iter;

typedef struct id_list {
    mg_id *ids;
    size_t n, cap;
    int oom;
} id_list;

static int collect_graph(void *ctx, mg_id id, uint64_t count)
{
    id_list *l = ctx;
    if (count == 0)
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        mg_id *bigger = realloc(l->ids, cap * sizeof *bigger);
        if (!bigger) {
            l->oom = 1;
            return 1;
        }
        l->ids = bigger;
        l->cap = cap;
    }
    l->ids[l->n++] = id;
    return 0;
}

static int ci_is_end(void *c)
{
    ctx_iter *it = c;
    return it->i >= it->n;
}

static int ci_next(void *c)
{
    ctx_iter *it = c;
    if (it->i < it->n)
        it->i++;
    return it->i >= it->n;
}

static void *ci_get(void *c, int flags)
{
    ctx_iter *it = c;
    if (it->i >= it->n || flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT)
        return NULL;
    return it->nodes[it->i];
}

static void ci_finished(void *c)
{
    ctx_iter *it = c;
    for (size_t i = 0; i < it->n; i++)
        librdf_free_node(it->nodes[i]);
    free(it->nodes);
    free(it);
}

/*
 * Lists the graphs holding quads.  The names are read into nodes at once
 * so no transaction stays open behind the iterator (there are few graphs).
 * Only IRI graph names are listed: librdf's rasqal glue turns each context
 * into a named-graph URI with librdf_node_get_uri, which a blank node
 * would crash.
 */
static librdf_iterator *mg_get_contexts(librdf_storage *storage)
{
    mg_inst *in = inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    if (read_begin(in, &txn, &own, &st) != MG_OK) {
        log_error(in, &st, "listing graphs");
        return NULL;
    }
    id_list l = {NULL, 0, 0, 0};
    ctx_iter *it = calloc(1, sizeof *it);
    mg_code rc = it ? mg_stat_each(txn, 'g', collect_graph, &l, &st)
                    : mg_fail(&st, MG_ERR_NOMEM, "out of memory");
    if (rc == MG_OK && l.oom)
        rc = mg_fail(&st, MG_ERR_NOMEM, "out of memory");
    if (rc == MG_OK && l.n && !(it->nodes = calloc(l.n, sizeof *it->nodes)))
        rc = mg_fail(&st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == MG_OK && i < l.n; i++) {
        mg_term t;
        rc = mg_term_get(txn, l.ids[i], &t, &st);
        if (rc != MG_OK || t.kind != MG_TERM_IRI)
            continue;
        librdf_node *node = term_to_node(in->world, &t);
        if (!node)
            rc = mg_fail(&st, MG_ERR_NOMEM, "out of memory");
        else
            it->nodes[it->n++] = node;
    }
    read_end(txn, own);
    free(l.ids);
    if (rc != MG_OK) {
        log_error(in, &st, "listing graphs");
        if (it)
            ci_finished(it);
        return NULL;
    }
    librdf_iterator *iter =
        librdf_new_iterator(in->world, it, ci_is_end, ci_next, ci_get, ci_finished);
    if (!iter)
        ci_finished(it);
    return iter;
}

/* The model-contexts feature is what makes librdf_model_context_* and
 * rasqal's GRAPH work: librdf_new_model reads it once. */
static librdf_node *mg_get_feature(librdf_storage *storage, librdf_uri *feature)
{
    mg_inst *in = inst_of(storage);
    const char *f = feature ? (const char *)librdf_uri_as_string(feature) : NULL;
    if (f && strcmp(f, LIBRDF_MODEL_FEATURE_CONTEXTS) == 0)
        return librdf_new_node_from_typed_literal(
            in->world, (const unsigned char *)"1", NULL, NULL);
    return NULL;
}

static int mg_transaction_start(librdf_storage *storage)
{
    mg_inst *in = inst_of(storage);
    if (in->wtxn) {
        librdf_log(in->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
                   "a transaction is already open on store '%s'",
                   mg_store_path(in->store));
        return 1;
    }
    if (!in->tcache && !(in->tcache = calloc(TC_SLOTS, sizeof *in->tcache))) {
        librdf_log(in->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
                   "out of memory");
        return 1;
    }
    mg_status st;
    mg_status_clear(&st);
    in->tc_gen++;
    if (mg_txn_begin(in->store, 1, &in->wtxn, &st) != MG_OK) {
        in->wtxn = NULL;
        log_error(in, &st, "starting a transaction");
        return 1;
    }
    return 0;
}

static int mg_transaction_commit(librdf_storage *storage)
{
    mg_inst *in = inst_of(storage);
    if (!in->wtxn)
        return 1;
    end_borrowers(in);
    mg_status st;
    mg_status_clear(&st);
    mg_code rc = mg_txn_commit(in->wtxn, &st);
    in->wtxn = NULL;
    if (rc != MG_OK) {
        log_error(in, &st, "committing");
        return 1;
    }
    return 0;
}

static int mg_transaction_rollback(librdf_storage *storage)
{
    mg_inst *in = inst_of(storage);
    if (!in->wtxn)
        return 1;
    end_borrowers(in);
    mg_txn_abort(in->wtxn);
    in->wtxn = NULL;
    in->tc_gen++;
    return 0;
}

static void *mg_transaction_get_handle(librdf_storage *storage)
{
    return inst_of(storage)->wtxn;
}

/*
 * find_sources/arcs/targets, get_arcs_in/out and has_arc_in/out stay NULL:
 * librdf's rdf_storage.c then builds them from find_statements with a
 * partial statement, which our cursors answer from the right index.  The
 * same holds for find_statements_with_options (falls back to
 * find_statements_in_context), clone (librdf logs "not implemented"),
 * set_feature and query support.
 */
static void mg_register_factory(librdf_storage_factory *f)
{
    f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
    f->init = mg_init;
    f->terminate = mg_terminate;
    f->open = mg_open;
    f->close = mg_close;
    f->size = mg_size;
    f->add_statement = mg_add_statement;
    f->add_statements = mg_add_statements;
    f->remove_statement = mg_remove_statement;
    f->contains_statement = mg_contains_statement;
    f->serialise = mg_serialise;
    f->find_statements = mg_find_statements;
    f->context_add_statement = mg_context_add_statement;
    f->context_remove_statement = mg_context_remove_statement;
    f->context_serialise = mg_context_serialise;
    f->sync = mg_sync;
    f->context_add_statements = mg_context_add_statements;
    f->context_remove_statements = mg_context_remove_statements;
    f->find_statements_in_context = mg_find_statements_in_context;
    f->get_contexts = mg_get_contexts;
    f->get_feature = mg_get_feature;
    f->transaction_start = mg_transaction_start;
    f->transaction_commit = mg_transaction_commit;
    f->transaction_rollback = mg_transaction_rollback;
    f->transaction_get_handle = mg_transaction_get_handle;
}

void mg_librdf_storage_register(librdf_world *world)
{
    librdf_storage_register_factory(world, MG_LIBRDF_STORAGE_NAME,
                                    "Maillage LMDB store", mg_register_factory);
}

mg_store *mg_librdf_storage_store(librdf_storage *storage)
{
    mg_inst *in = reg_find(storage);
    return in ? in->store : NULL;
}

mg_txn *mg_librdf_storage_txn(librdf_storage *storage)
{
    mg_inst *in = reg_find(storage);
    return in ? in->wtxn : NULL;
}
