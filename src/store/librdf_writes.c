/* librdf_writes.c — adding, removing and finding statements: the write
 * and membership methods of the storage factory (librdf_storage_internal.h). */
#include "store/librdf_storage_internal.h"

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
        MG_TRY(mgl_intern_node(in, txn, ctx, &q.g, st));
    } else {
        MG_TRY(mgl_intern_term(in, txn, &mgl_default_graph_term, &q.g, st));
    }
    MG_TRY(mgl_intern_node(in, txn, librdf_statement_get_subject(s), &q.s, st));
    MG_TRY(mgl_intern_node(in, txn, librdf_statement_get_predicate(s), &q.p, st));
    MG_TRY(mgl_intern_node(in, txn, librdf_statement_get_object(s), &q.o, st));
    return mg_quad_add(txn, &q, NULL, st);
}

/* What one write works on: the graph, and a statement or a stream. */
typedef struct write_args {
    librdf_node *ctx;
    librdf_statement *statement;
    librdf_stream *stream;
} write_args;

typedef mg_code (*write_fn)(mg_inst *in, mg_txn *txn, const write_args *a,
                            mg_status *st);

/* Runs `op` in a write transaction (the explicit one, or one of its own
 * that commits when `op` succeeds): 0 on success, else logs the failure
 * as `what` and returns `fail` (what librdf expects of that method). */
static int in_write(librdf_storage *storage, const write_args *a, write_fn op,
                    const char *what, int fail)
{
    mg_inst *in = mgl_inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn = NULL;
    int own = 0;
    mg_code rc = mgl_write_begin(in, &txn, &own, &st);
    if (rc == MG_OK)
        rc = mgl_write_end(txn, own, op(in, txn, a, &st), &st);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, what);
        return fail;
    }
    return 0;
}

static mg_code add_statement_op(mg_inst *in, mg_txn *txn, const write_args *a,
                                mg_status *st)
{
    return add_one(in, txn, a->ctx, a->statement, st);
}

int mgl_context_add_statement(librdf_storage *storage, librdf_node *ctx,
                                    librdf_statement *statement)
{
    if (!statement_legal(statement))
        return 1; /* librdf: > 0 for an illegal statement */
    write_args a = {ctx, statement, NULL};
    return in_write(storage, &a, add_statement_op, "adding a statement", -1);
}

int mgl_add_statement(librdf_storage *storage, librdf_statement *statement)
{
    return mgl_context_add_statement(storage, NULL, statement);
}

/*
 * Adds a stream of statements in one write transaction (the explicit one,
 * or one for the whole batch — a parser's stream commits once).  Illegal
 * statements are skipped, as librdf's own fallback does.  Without an
 * explicit context each statement goes to the stream's context for it
 * when the stream has one (a quad stays a quad when copied from a store),
 * else to the default graph.
 */
static mg_code add_stream_op(mg_inst *in, mg_txn *txn, const write_args *a,
                             mg_status *st)
{
    mg_code rc = MG_OK;
    while (rc == MG_OK && !librdf_stream_end(a->stream)) {
        librdf_statement *s = librdf_stream_get_object(a->stream);
        if (!s)
            return mg_fail(st, MG_ERR_STORE, "the statement stream failed");
        if (statement_legal(s)) {
            librdf_node *g = a->ctx ? a->ctx : librdf_stream_get_context2(a->stream);
            rc = add_one(in, txn, g, s, st);
        }
        librdf_stream_next(a->stream);
    }
    return rc;
}

int mgl_context_add_statements(librdf_storage *storage, librdf_node *ctx,
                                     librdf_stream *stream)
{
    mg_inst *in = mgl_inst_of(storage);
    if (!stream)
        return 1;
    if (!in->tcache && !(in->tcache = calloc(TC_SLOTS, sizeof *in->tcache))) {
        librdf_log(in->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
                   "out of memory");
        return -1;
    }
    write_args a = {ctx, NULL, stream};
    return in_write(storage, &a, add_stream_op, "adding statements", -1);
}

int mgl_add_statements(librdf_storage *storage, librdf_stream *stream)
{
    return mgl_context_add_statements(storage, NULL, stream);
}

/* Looks up the ids of a complete statement; MG_ERR_NOT_FOUND if any is
 * unknown (so the statement cannot be in the store). */
static mg_code lookup_statement(mg_txn *txn, librdf_statement *s, mg_quad *q,
                                mg_status *st)
{
    if (!statement_legal(s))
        return MG_ERR_NOT_FOUND;
    MG_TRY(mgl_lookup_node(txn, librdf_statement_get_subject(s), &q->s, st));
    MG_TRY(mgl_lookup_node(txn, librdf_statement_get_predicate(s), &q->p, st));
    return mgl_lookup_node(txn, librdf_statement_get_object(s), &q->o, st);
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

static mg_code remove_statement_op(mg_inst *in, mg_txn *txn,
                                   const write_args *a, mg_status *st)
{
    (void)in;
    mg_quad q = {0, 0, 0, 0};
    mg_code rc = lookup_statement(txn, a->statement, &q, st);
    if (rc == MG_OK && a->ctx)
        rc = mgl_lookup_node(txn, a->ctx, &q.g, st);
    if (rc == MG_OK)
        rc = a->ctx ? mg_quad_remove(txn, &q, NULL, st)
                    : remove_everywhere(txn, &q, st);
    return rc == MG_ERR_NOT_FOUND ? MG_OK : rc; /* nothing to remove */
}

/* Removes a statement from graph `ctx`, or from every graph if NULL. */
int mgl_context_remove_statement(librdf_storage *storage,
                                       librdf_node *ctx,
                                       librdf_statement *statement)
{
    write_args a = {ctx, statement, NULL};
    return in_write(storage, &a, remove_statement_op, "removing a statement", 1);
}

int mgl_remove_statement(librdf_storage *storage,
                               librdf_statement *statement)
{
    return mgl_context_remove_statement(storage, NULL, statement);
}

static mg_code drop_graph_op(mg_inst *in, mg_txn *txn, const write_args *a,
                             mg_status *st)
{
    (void)in;
    mg_id g = 0;
    mg_code rc = a->ctx ? mgl_lookup_node(txn, a->ctx, &g, st)
                        : mg_term_lookup(txn, &mgl_default_graph_term, &g, st);
    if (rc == MG_OK)
        rc = mg_graph_drop(txn, g, NULL, st);
    return rc == MG_ERR_NOT_FOUND ? MG_OK : rc;
}

/* Drops graph `ctx` (NULL: the default graph). */
int mgl_context_remove_statements(librdf_storage *storage,
                                        librdf_node *ctx)
{
    write_args a = {ctx, NULL, NULL};
    return in_write(storage, &a, drop_graph_op, "dropping a graph", 1);
}

/* Whether the triple is in any graph. */
int mgl_contains_statement(librdf_storage *storage,
                                 librdf_statement *statement)
{
    mg_inst *in = mgl_inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    if (mgl_read_begin(in, &txn, &own, &st) != MG_OK) {
        mgl_log_error(in, &st, "checking a statement");
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
    mgl_read_end(txn, own);
    if (rc != MG_OK && rc != MG_ERR_NOT_FOUND)
        mgl_log_error(in, &st, "checking a statement");
    return found;
}
