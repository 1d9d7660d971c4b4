/* librdf_terms.c — librdf nodes <-> store terms, the per-transaction id
 * cache, and opening/closing the transactions a call reads or writes
 * through (librdf_storage_internal.h). */
#include "store/librdf_storage_internal.h"

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
librdf_node *mgl_term_to_node(librdf_world *world, const mg_term *t)
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

const mg_term mgl_default_graph_term = {
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
mg_code mgl_intern_term(mg_inst *in, mg_txn *txn, const mg_term *t,
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

mg_code mgl_intern_node(mg_inst *in, mg_txn *txn, librdf_node *node,
                           mg_id *out, mg_status *st)
{
    mg_term t;
    if (node_to_term(node, &t) != 0)
        return mg_fail(st, MG_ERR_ARG, "a node of an unsupported kind");
    return mgl_intern_term(in, txn, &t, out, st);
}

/* Looks a node up: MG_OK, MG_ERR_NOT_FOUND (not in the store), or error. */
mg_code mgl_lookup_node(mg_txn *txn, librdf_node *node, mg_id *out,
                           mg_status *st)
{
    mg_term t;
    if (node_to_term(node, &t) != 0)
        return MG_ERR_NOT_FOUND;
    return mg_term_lookup(txn, &t, out, st);
}

/* Transactions ------------------------------------------------------------ */

/* A write transaction: the explicit one, or a new one owned by the caller. */
mg_code mgl_write_begin(mg_inst *in, mg_txn **txn, int *own, mg_status *st)
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

/* Ends what mgl_write_begin started: commit on success, abort on failure. */
mg_code mgl_write_end(mg_txn *txn, int own, mg_code rc, mg_status *st)
{
    if (!own)
        return rc;
    if (rc == MG_OK)
        return mg_txn_commit(txn, st);
    mg_txn_abort(txn);
    return rc;
}

mg_code mgl_read_begin(mg_inst *in, mg_txn **txn, int *own, mg_status *st)
{
    if (in->wtxn) {
        *txn = in->wtxn;
        *own = 0;
        return MG_OK;
    }
    *own = 1;
    return mg_txn_begin(in->store, 0, txn, st);
}

void mgl_read_end(mg_txn *txn, int own)
{
    if (own)
        mg_txn_abort(txn);
}
