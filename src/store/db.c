/* db.c — a Redland world, storage and model chosen by a store spec (db.h). */
#include "store/db.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/librdf_storage.h"

/* One world per thread is the rule (librdf has no locking), so the last
 * message can live in thread-local storage. */
static _Thread_local char mg_last_error[MG_STATUS_MSG_MAX];

/*
 * Our librdf logger: keeps the last error or warning so the caller can put
 * it into an mg_status, and prints nothing itself (the CLI decides what the
 * user sees).  Installing it also avoids librdf 1.0.17's default logger,
 * which reads past the end of its message.
 */
static int mg_log_handler(void *user_data, librdf_log_message *message)
{
    (void)user_data;
    librdf_log_level level = librdf_log_message_level(message);
    const char *text = librdf_log_message_message(message);
    if (level < LIBRDF_LOG_WARN || !text)
        return 1;
    raptor_locator *loc = librdf_log_message_locator(message);
    if (loc && loc->line > 0)
        snprintf(mg_last_error, sizeof mg_last_error, "line %d: %s", loc->line,
                 text);
    else
        snprintf(mg_last_error, sizeof mg_last_error, "%s", text);
    return 1;
}

const char *mg_world_last_error(librdf_world *world)
{
    (void)world;
    return mg_last_error;
}

void mg_world_clear_error(librdf_world *world)
{
    (void)world;
    mg_last_error[0] = '\0';
}

/* rasqal's regex and case functions are byte-wise without a UTF-8 locale;
 * keep the user's if it is UTF-8, else C.UTF-8.  setlocale is not
 * thread-safe, so it runs once per process (worlds of a server's worker
 * threads are made while others run queries). */
static pthread_once_t locale_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t raptor_mutex = PTHREAD_MUTEX_INITIALIZER;

void mg_raptor_lock(void)
{
    pthread_mutex_lock(&raptor_mutex);
}

void mg_raptor_unlock(void)
{
    pthread_mutex_unlock(&raptor_mutex);
}

static void set_locale(void)
{
    const char *cur = setlocale(LC_ALL, "");
    if (!cur || (!strstr(cur, "UTF-8") && !strstr(cur, "utf8")))
        setlocale(LC_ALL, "C.UTF-8");
}

librdf_world *mg_world_new(mg_status *st)
{
    pthread_once(&locale_once, set_locale);
    mg_raptor_lock();
    librdf_world *world = librdf_new_world();
    if (!world) {
        mg_raptor_unlock();
        mg_fail(st, MG_ERR_NOMEM, "cannot create the Redland world");
        return NULL;
    }
    librdf_world_set_logger(world, NULL, mg_log_handler);
    librdf_world_open(world);
    mg_raptor_unlock();
    mg_librdf_storage_register(world);
    mg_last_error[0] = '\0';
    return world;
}

const char *mg_db_default_spec(void)
{
    const char *env = getenv("MAILLAGE_STORE");
    return (env && *env) ? env : "maillage.db";
}

/* Splits "librdf:NAME:OPTIONS[@STORAGE-NAME]" into its parts (owned). */
static mg_code parse_librdf_spec(const char *spec, char **name, char **options,
                                 char **sname, mg_status *st)
{
    const char *rest = spec + strlen("librdf:");
    const char *colon = strchr(rest, ':');
    size_t nlen = colon ? (size_t)(colon - rest) : strlen(rest);
    if (nlen == 0)
        return mg_fail(st, MG_ERR_ARG,
                       "store spec '%s': expected librdf:NAME:OPTIONS", spec);
    *name = strndup(rest, nlen);
    const char *opts = colon ? colon + 1 : "";
    const char *at = strrchr(opts, '@');
    if (at) {
        *options = strndup(opts, (size_t)(at - opts));
        *sname = strdup(at + 1);
    } else {
        *options = strdup(opts);
        *sname = strdup("maillage");
    }
    if (!*name || !*options || !*sname)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    return MG_OK;
}

/* The last step of opening: a model on db's storage; db is handed to *out,
 * or closed on failure. */
static mg_code with_model(mg_db *db, mg_db **out, mg_status *st)
{
    db->model = librdf_new_model(db->world, db->storage, NULL);
    if (!db->model) {
        mg_code rc = mg_fail(st, MG_ERR_STORE,
                             "cannot create a model on store '%s'", db->spec);
        mg_db_close(db);
        return rc;
    }
    *out = db;
    return MG_OK;
}

mg_code mg_db_open(const char *spec, int flags, mg_db **out, mg_status *st)
{
    *out = NULL;
    if (!spec)
        spec = mg_db_default_spec();
    mg_db *db = calloc(1, sizeof *db);
    if (!db)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    db->spec = strdup(spec);
    db->readonly = (flags & MG_DB_READONLY) != 0;
    db->world = mg_world_new(st);
    if (!db->world || !db->spec) {
        mg_db_close(db);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }

    mg_world_clear_error(db->world);
    if (strncmp(spec, "librdf:", 7) == 0) {
        char *name = NULL, *options = NULL, *sname = NULL;
        mg_code rc = parse_librdf_spec(spec, &name, &options, &sname, st);
        if (rc == MG_OK) {
            db->storage = librdf_new_storage(db->world, name, sname, options);
            if (!db->storage)
                rc = mg_fail(st, MG_ERR_STORE,
                             "cannot open librdf storage '%s' (%s): %s", name,
                             options,
                             *mg_world_last_error(db->world)
                                 ? mg_world_last_error(db->world)
                                 : "unknown storage or bad options");
        }
        free(name);
        free(options);
        free(sname);
        if (rc != MG_OK) {
            mg_db_close(db);
            return rc;
        }
    } else {
        const char *opts = (flags & MG_DB_CREATE)     ? "create='yes'"
                           : (flags & MG_DB_READONLY) ? "readonly='yes'"
                                                      : "";
        db->storage =
            librdf_new_storage(db->world, MG_LIBRDF_STORAGE_NAME, spec, opts);
        if (!db->storage) {
            const char *why = mg_world_last_error(db->world);
            mg_code rc =
                mg_fail(st, strstr(why, "no store") ? MG_ERR_NOT_FOUND : MG_ERR_STORE,
                        "%s", *why ? why : "cannot open the store");
            mg_db_close(db);
            return rc;
        }
        db->native = mg_librdf_storage_store(db->storage);
    }
    return with_model(db, out, st);
}

mg_code mg_db_open_on(mg_store *store, int flags, mg_db **out, mg_status *st)
{
    *out = NULL;
    mg_db *db = calloc(1, sizeof *db);
    if (!db)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    db->spec = strdup(mg_store_path(store));
    db->readonly = (flags & MG_DB_READONLY) != 0;
    db->world = mg_world_new(st);
    if (!db->world || !db->spec) {
        mg_db_close(db);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    mg_world_clear_error(db->world);
    mg_librdf_storage_lend(store);
    db->storage = librdf_new_storage(db->world, MG_LIBRDF_STORAGE_NAME,
                                     db->spec, "");
    mg_librdf_storage_lend(NULL);
    if (!db->storage) {
        const char *why = mg_world_last_error(db->world);
        mg_code rc = mg_fail(st, MG_ERR_STORE, "%s",
                             *why ? why : "cannot open the store");
        mg_db_close(db);
        return rc;
    }
    db->native = mg_librdf_storage_store(db->storage);
    return with_model(db, out, st);
}

void mg_db_close(mg_db *db)
{
    if (!db)
        return;
    if (db->model)
        librdf_free_model(db->model);
    if (db->storage)
        librdf_free_storage(db->storage);
    if (db->world) {
        mg_raptor_lock();
        librdf_free_world(db->world);
        mg_raptor_unlock();
    }
    free(db->spec);
    free(db);
}
