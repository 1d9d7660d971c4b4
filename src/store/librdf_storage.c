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
#include "store/librdf_storage_internal.h"

#include <pthread.h>

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
mg_inst *mgl_inst_of(librdf_storage *storage)
{
    return (mg_inst *)librdf_storage_get_instance(storage);
}

void mgl_log_error(mg_inst *in, const mg_status *st, const char *what)
{
    librdf_log(in->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
               "%s: %s", what,
               st->msg[0] ? st->msg : mg_code_name(st->code));
}
/* The store the next init on this thread borrows (mg_librdf_storage_lend):
 * init runs inside librdf_new_storage, on the caller's thread. */
static _Thread_local mg_store *lent_store;

void mg_librdf_storage_lend(mg_store *store)
{
    lent_store = store;
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
    mg_store *lent = lent_store;
    lent_store = NULL;
    mg_inst *in = calloc(1, sizeof *in);
    if (!in) {
        librdf_log(world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
                   "out of memory");
        return 1;
    }
    in->storage = storage;
    in->world = world;
    librdf_storage_set_instance(storage, in);

    if (lent) {
        in->store = lent;
        in->borrowed = 1;
        reg_add(in);
        return 0;
    }
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
        mgl_log_error(in, &st, "opening the store");
        return 1;
    }
    reg_add(in);
    return 0;
}

static void mg_terminate(librdf_storage *storage)
{
    mg_inst *in = mgl_inst_of(storage);
    if (!in)
        return;
    reg_remove(in);
    if (in->wtxn) {
        /* An uncommitted transaction is discarded, as on a crash. */
        mgl_end_borrowers(in);
        mg_txn_abort(in->wtxn);
        in->wtxn = NULL;
    }
    if (!in->borrowed)
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
    mg_inst *in = mgl_inst_of(storage);
    mg_status st;
    mg_status_clear(&st);
    mg_txn *txn;
    int own;
    mg_counts c;
    if (mgl_read_begin(in, &txn, &own, &st) != MG_OK) {
        mgl_log_error(in, &st, "counting");
        return -1;
    }
    mg_code rc = mg_store_counts(txn, &c, &st);
    mgl_read_end(txn, own);
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "counting");
        return -1;
    }
    return c.triples > INT_MAX ? INT_MAX : (int)c.triples;
}
static librdf_stream *mg_serialise(librdf_storage *storage)
{
    return mgl_open_stream(mgl_inst_of(storage), NULL, NULL, 0);
}

static librdf_stream *mg_find_statements(librdf_storage *storage,
                                         librdf_statement *statement)
{
    return mgl_open_stream(mgl_inst_of(storage), statement, NULL, 0);
}

/* librdf: a NULL context means the same as find_statements (the union). */
static librdf_stream *mg_find_statements_in_context(librdf_storage *storage,
                                                    librdf_statement *statement,
                                                    librdf_node *ctx)
{
    return mgl_open_stream(mgl_inst_of(storage), statement, ctx, 0);
}

/* The quads of one graph; NULL names the default graph (statements added
 * without a context), as for librdf's own storages. */
static librdf_stream *mg_context_serialise(librdf_storage *storage,
                                           librdf_node *ctx)
{
    return mgl_open_stream(mgl_inst_of(storage), NULL, ctx, ctx == NULL);
}

static int mg_sync(librdf_storage *storage)
{
    (void)storage; /* every LMDB commit is already durable */
    return 0;
}
/* The model-contexts feature is what makes librdf_model_context_* and
 * rasqal's GRAPH work: librdf_new_model reads it once. */
static librdf_node *mg_get_feature(librdf_storage *storage, librdf_uri *feature)
{
    mg_inst *in = mgl_inst_of(storage);
    const char *f = feature ? (const char *)librdf_uri_as_string(feature) : NULL;
    if (f && strcmp(f, LIBRDF_MODEL_FEATURE_CONTEXTS) == 0)
        return librdf_new_node_from_typed_literal(
            in->world, (const unsigned char *)"1", NULL, NULL);
    return NULL;
}

static int mg_transaction_start(librdf_storage *storage)
{
    mg_inst *in = mgl_inst_of(storage);
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
        mgl_log_error(in, &st, "starting a transaction");
        return 1;
    }
    return 0;
}

static int mg_transaction_commit(librdf_storage *storage)
{
    mg_inst *in = mgl_inst_of(storage);
    if (!in->wtxn)
        return 1;
    mgl_end_borrowers(in);
    mg_status st;
    mg_status_clear(&st);
    mg_code rc = mg_txn_commit(in->wtxn, &st);
    in->wtxn = NULL;
    if (rc != MG_OK) {
        mgl_log_error(in, &st, "committing");
        return 1;
    }
    return 0;
}

static int mg_transaction_rollback(librdf_storage *storage)
{
    mg_inst *in = mgl_inst_of(storage);
    if (!in->wtxn)
        return 1;
    mgl_end_borrowers(in);
    mg_txn_abort(in->wtxn);
    in->wtxn = NULL;
    in->tc_gen++;
    return 0;
}

static void *mg_transaction_get_handle(librdf_storage *storage)
{
    return mgl_inst_of(storage)->wtxn;
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
    f->add_statement = mgl_add_statement;
    f->add_statements = mgl_add_statements;
    f->remove_statement = mgl_remove_statement;
    f->contains_statement = mgl_contains_statement;
    f->serialise = mg_serialise;
    f->find_statements = mg_find_statements;
    f->context_add_statement = mgl_context_add_statement;
    f->context_remove_statement = mgl_context_remove_statement;
    f->context_serialise = mg_context_serialise;
    f->sync = mg_sync;
    f->context_add_statements = mgl_context_add_statements;
    f->context_remove_statements = mgl_context_remove_statements;
    f->find_statements_in_context = mg_find_statements_in_context;
    f->get_contexts = mgl_get_contexts;
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
