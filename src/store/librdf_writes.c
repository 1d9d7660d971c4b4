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

int mgl_context_add_statement(librdf_storage *storage, librdf_node *ctx,
                                    librdf_statement *statement)
{
    mg_inst *in = mgl_inst_of(storage);
    if (!statement_legal(statement))
        return 1; /* librdf: > 0 for an illegal statement */
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    mg_code rc = mgl_write_begin(in, &txn, &own, &st);
    if (rc == MG_OK)
        rc = mgl_write_end(txn, own, add_one(in, txn, ctx, statement, &st), &st);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "adding a statement");
        return -1;
    }
    return 0;
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
int mgl_context_add_statements(librdf_storage *storage, librdf_node *ctx,
                                     librdf_stream *stream)
{
    mg_inst *in = mgl_inst_of(storage);
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
    mg_code rc = mgl_write_begin(in, &txn, &own, &st);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "adding statements");
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
    rc = mgl_write_end(txn, own, rc, &st);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "adding statements");
        return -1;
    }
    return 0;
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

/* Removes a statement from graph `ctx`, or from every graph if NULL. */
int mgl_context_remove_statement(librdf_storage *storage,
                                       librdf_node *ctx,
                                       librdf_statement *statement)
{
    mg_inst *in = mgl_inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    mg_code rc = mgl_write_begin(in, &txn, &own, &st);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "removing a statement");
        return 1;
    }
    mg_quad q = {0, 0, 0, 0};
    rc = lookup_statement(txn, statement, &q, &st);
    if (rc == MG_OK && ctx)
        rc = mgl_lookup_node(txn, ctx, &q.g, &st);
    if (rc == MG_OK)
        rc = ctx ? mg_quad_remove(txn, &q, NULL, &st)
                 : remove_everywhere(txn, &q, &st);
    if (rc == MG_ERR_NOT_FOUND)
        rc = MG_OK; /* nothing to remove */
    rc = mgl_write_end(txn, own, rc, &st);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "removing a statement");
        return 1;
    }
    return 0;
}

int mgl_remove_statement(librdf_storage *storage,
                               librdf_statement *statement)
{
    return mgl_context_remove_statement(storage, NULL, statement);
}

/* Drops graph `ctx` (NULL: the default graph). */
int mgl_context_remove_statements(librdf_storage *storage,
                                        librdf_node *ctx)
{
    mg_inst *in = mgl_inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    mg_code rc = mgl_write_begin(in, &txn, &own, &st);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "dropping a graph");
        return 1;
    }
    mg_id g = 0;
    rc = ctx ? mgl_lookup_node(txn, ctx, &g, &st)
             : mg_term_lookup(txn, &mgl_default_graph_term, &g, &st);
    if (rc == MG_OK)
        rc = mg_graph_drop(txn, g, NULL, &st);
    if (rc == MG_ERR_NOT_FOUND)
        rc = MG_OK;
    rc = mgl_write_end(txn, own, rc, &st);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "dropping a graph");
        return 1;
    }
    return 0;
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
