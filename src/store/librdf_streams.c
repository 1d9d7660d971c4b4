/* librdf_streams.c — librdf statement streams over store cursors, and the
 * iterator of graph names (librdf_storage_internal.h). */
#include "store/librdf_storage_internal.h"

#include <time.h>

/* Deadlines (mg_librdf_storage_set_deadline) ------------------------------ */

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void mg_librdf_storage_set_deadline(librdf_storage *storage, double seconds)
{
    mg_inst *in = mg_librdf_storage_store(storage) ? mgl_inst_of(storage) : NULL;
    if (!in)
        return;
    in->deadline = seconds > 0 ? now_seconds() + seconds : 0;
    in->expired = 0;
    in->ticks = 0;
}

int mg_librdf_storage_expired(librdf_storage *storage)
{
    mg_inst *in = mg_librdf_storage_store(storage) ? mgl_inst_of(storage) : NULL;
    return in ? in->expired : 0;
}

/* Whether the instance's deadline has passed (the clock is read every 256
 * calls; once expired, it stays expired until the next set_deadline). */
static int past_deadline(mg_inst *in)
{
    if (in->expired)
        return 1;
    if (in->deadline <= 0 || (++in->ticks & 255u) != 1u)
        return 0;
    if (now_seconds() > in->deadline) {
        in->expired = 1;
        librdf_log(in->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
                   "the query ran past its time limit");
    }
    return in->expired;
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
    if (past_deadline(ls->in)) {
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
        mgl_log_error(ls->in, &st, "reading the store");
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
            mgl_log_error(ls->in, &st, "reading a term");
            return NULL;
        }
        librdf_node *n = mgl_term_to_node(ls->in->world, &t);
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
librdf_stream *mgl_open_stream(mg_inst *in, librdf_statement *pattern,
                                  librdf_node *graph, int default_graph)
{
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    if (past_deadline(in))
        return librdf_new_empty_stream(in->world);
    if (mgl_read_begin(in, &txn, &own, &st) != MG_OK) {
        mgl_log_error(in, &st, "starting a read transaction");
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
            rc = mgl_lookup_node(txn, nodes[i], ids[i], &st);
    if (rc == MG_OK && graph)
        rc = mgl_lookup_node(txn, graph, &q.g, &st);
    else if (rc == MG_OK && default_graph)
        rc = mg_term_lookup(txn, &mgl_default_graph_term, &q.g, &st);
    if (rc != MG_OK) {
        mgl_read_end(txn, own);
        if (rc != MG_ERR_NOT_FOUND) {
            mgl_log_error(in, &st, "looking up a pattern");
            return NULL;
        }
        return librdf_new_empty_stream(in->world);
    }

    mg_lstream *ls = calloc(1, sizeof *ls);
    if (!ls) {
        mgl_read_end(txn, own);
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
        mgl_log_error(in, &st, "opening a cursor");
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
void mgl_end_borrowers(mg_inst *in)
{
    while (in->borrowers)
        ls_release(in->borrowers); /* unlinks it */
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
librdf_iterator *mgl_get_contexts(librdf_storage *storage)
{
    mg_inst *in = mgl_inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    if (mgl_read_begin(in, &txn, &own, &st) != MG_OK) {
        mgl_log_error(in, &st, "listing graphs");
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
        librdf_node *node = mgl_term_to_node(in->world, &t);
        if (!node)
            rc = mg_fail(&st, MG_ERR_NOMEM, "out of memory");
        else
            it->nodes[it->n++] = node;
    }
    mgl_read_end(txn, own);
    free(l.ids);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "listing graphs");
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
