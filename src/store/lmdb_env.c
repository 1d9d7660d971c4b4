/* lmdb_env.c — opening the LMDB environment and its transactions (store.h). */
#include "store/lmdb_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

const int mg_idx_order[MG_IDX_COUNT][4] = {
    {1, 2, 3, 0}, /* SPOG */
    {2, 3, 1, 0}, /* POSG */
    {3, 1, 2, 0}, /* OSPG */
    {0, 1, 2, 3}, /* GSPO */
};
const char *const mg_idx_name[MG_IDX_COUNT] = {"SPOG", "POSG", "OSPG", "GSPO"};
const char *const mg_idx_failpoint[MG_IDX_COUNT] = {"index.spog", "index.posg",
                                                   "index.ospg", "index.gspo"};

mg_code mg_lmdb_fail(mg_status *st, int rc, const char *what)
{
    mg_code code = MG_ERR_STORE;
    if (rc == MDB_MAP_FULL || rc == ENOSPC || rc == EFBIG)
        code = MG_ERR_FULL;
    else if (rc == ENOMEM)
        code = MG_ERR_NOMEM;
    else if (rc == EACCES || rc == EROFS || rc == EIO)
        code = MG_ERR_IO;
    if (rc == MDB_MAP_FULL)
        return mg_fail(st, code,
                       "%s: the store's map is full (raise MAILLAGE_MAPSIZE)",
                       what);
    if (rc == ENOSPC)
        return mg_fail(st, code,
                       "%s: no space left on device (the disk holding the "
                       "store is full)", what);
    if (rc == EFBIG)
        return mg_fail(st, code,
                       "%s: file too large (the file size limit, ulimit -f, "
                       "was reached)", what);
    return mg_fail(st, code, "%s: %s", what, mdb_strerror(rc));
}

static size_t map_size(void)
{
    const char *env = getenv("MAILLAGE_MAPSIZE");
    if (env && *env) {
        char *end = NULL;
        unsigned long long v = strtoull(env, &end, 10);
        if (end && *end == '\0' && v >= (1ull << 20))
            return (size_t)v;
    }
    return (size_t)64 << 30;
}

/* Opens every named database, creating them in a new store. */
static mg_code open_dbs(mg_lmdb_store *s, int create, mg_status *st)
{
    MDB_txn *txn;
    int rc = mdb_txn_begin(s->env, NULL, create ? 0 : MDB_RDONLY, &txn);
    if (rc)
        return mg_lmdb_fail(st, rc, "opening the store");
    unsigned c = create ? MDB_CREATE : 0;
    struct { const char *name; unsigned flags; MDB_dbi *dbi; } dbs[] = {
        {"meta", c, &s->meta},
        {"t2i", c | MDB_DUPSORT, &s->t2i},
        {"i2t", c, &s->i2t},
        {"graphs", c, &s->graphs},
        {"pstat", c, &s->pstat},
        {"cstat", c, &s->cstat},
        {"spog", c, &s->idx[MG_IDX_SPOG]},
        {"posg", c, &s->idx[MG_IDX_POSG]},
        {"ospg", c, &s->idx[MG_IDX_OSPG]},
        {"gspo", c, &s->idx[MG_IDX_GSPO]},
    };
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++) {
        rc = mdb_dbi_open(txn, dbs[i].name, dbs[i].flags, dbs[i].dbi);
        if (rc) {
            mdb_txn_abort(txn);
            if (rc == MDB_NOTFOUND)
                return mg_fail(st, MG_ERR_STORE,
                               "'%s' is not a Maillage store (no '%s' table)",
                               s->path, dbs[i].name);
            return mg_lmdb_fail(st, rc, "opening the store's tables");
        }
    }
    MDB_val k = {7, "version"}, v;
    rc = mdb_get(txn, s->meta, &k, &v);
    unsigned ver = MG_STORE_VERSION;
    if (rc == 0) {
        const unsigned char *p = v.mv_data;
        ver = v.mv_size == 4 ? ((unsigned)p[2] << 8) | p[3] : 0;
        if (ver != MG_STORE_VERSION && ver != MG_STORE_VERSION_NO_TEXT) {
            mdb_txn_abort(txn);
            return mg_fail(st, MG_ERR_STORE,
                           "store format %u, but this maillage reads formats "
                           "%u and %u: load the data into a new store",
                           ver, MG_STORE_VERSION_NO_TEXT, MG_STORE_VERSION);
        }
    }
    if (create && rc == MDB_NOTFOUND) {
        unsigned char vb[4] = {0, 0, 0, MG_STORE_VERSION};
        v.mv_size = 4;
        v.mv_data = vb;
        rc = mdb_put(txn, s->meta, &k, &v, 0);
        if (rc) {
            mdb_txn_abort(txn);
            return mg_lmdb_fail(st, rc, "initialising the store");
        }
    }
    /* The text index exists from format 5 on; a format-4 store is read
     * and written without one (searches then scan). */
    if (ver == MG_STORE_VERSION) {
        rc = mdb_dbi_open(txn, "text", c, &s->text);
        if (rc) {
            mdb_txn_abort(txn);
            if (rc == MDB_NOTFOUND)
                return mg_fail(st, MG_ERR_STORE,
                               "'%s' is not a Maillage store (no 'text' table)",
                               s->path);
            return mg_lmdb_fail(st, rc, "opening the store's tables");
        }
        s->has_text = 1;
    }
    rc = mdb_txn_commit(txn);
    if (rc)
        return mg_lmdb_fail(st, rc, "opening the store");
    return MG_OK;
}

mg_code mg_lmdb_store_open(const char *path, int flags, mg_lmdb_store **out,
                      mg_status *st)
{
    *out = NULL;
    struct stat sb;
    char datafile[4096];
    snprintf(datafile, sizeof datafile, "%s/data.mdb", path);
    /* An empty data file is what a creation that failed (a full disk)
     * leaves: LMDB initialises it again, so it counts as no store. */
    int exists = stat(datafile, &sb) == 0 && sb.st_size > 0;
    if (!exists) {
        if (!(flags & MG_STORE_CREATE))
            return mg_fail(st, MG_ERR_NOT_FOUND, "no store at '%s'", path);
        if (flags & MG_STORE_READONLY)
            return mg_fail(st, MG_ERR_ARG, "cannot create a read-only store");
        if (mkdir(path, 0775) != 0 && errno != EEXIST)
            return mg_fail(st, MG_ERR_IO, "cannot create store directory '%s': %s",
                           path, strerror(errno));
    }
    mg_lmdb_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    s->base.be = &mg_lmdb_backend;
    s->readonly = (flags & MG_STORE_READONLY) != 0;
    /* Some environments (valgrind, a low `ulimit -v`) refuse to reserve
     * 64 GiB of address space: step down until the map fits. */
    int rc = 0;
    for (size_t size = map_size();; size /= 4) {
        rc = mdb_env_create(&s->env);
        if (!rc)
            rc = mdb_env_set_maxdbs(s->env, 16);
        if (!rc)
            rc = mdb_env_set_mapsize(s->env, size);
        if (!rc)
            rc = mdb_env_set_maxreaders(s->env, 256);
        if (!rc)
            rc = mdb_env_open(s->env, path,
                              MDB_NOTLS | (s->readonly ? MDB_RDONLY : 0), 0664);
        if (!(rc == EINVAL || rc == ENOMEM) || size < ((size_t)256 << 20))
            break;
        mdb_env_close(s->env);
        s->env = NULL;
    }
    if (rc) {
        mg_code code = mg_fail(st, rc == EACCES || rc == EROFS || rc == ENOENT
                                       ? MG_ERR_IO : MG_ERR_STORE,
                               "cannot open store '%s': %s", path,
                               mdb_strerror(rc));
        mg_lmdb_store_close(s);
        return code;
    }
    mg_code code = open_dbs(s, !exists || !s->readonly, st);
    if (code != MG_OK) {
        mg_status_prefix(st, "store '%s'", path);
        mg_lmdb_store_close(s);
        return code;
    }
    *out = s;
    return MG_OK;
}

void mg_lmdb_store_close(mg_lmdb_store *s)
{
    if (!s)
        return;
    if (s->env)
        mdb_env_close(s->env);
    free(s->path);
    free(s);
}

const char *mg_lmdb_store_path(const mg_lmdb_store *s)
{
    return s->path;
}

mg_code mg_lmdb_txn_begin(mg_lmdb_store *s, int write, mg_lmdb_txn **out,
                          mg_status *st)
{
    *out = NULL;
    if (write && s->readonly)
        return mg_fail(st, MG_ERR_ARG, "store '%s' is open read-only", s->path);
    mg_lmdb_txn *t = calloc(1, sizeof *t);
    if (!t)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    int rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY, &t->txn);
    if (rc) {
        free(t);
        return mg_lmdb_fail(st, rc, "starting a transaction");
    }
    t->base.be = &mg_lmdb_backend;
    t->store = s;
    t->write = write;
    mg_txn_find_rdf_type(t);
    *out = t;
    return MG_OK;
}

/*
 * LMDB 0.9 reports a short write during a commit as EIO: what a full
 * disk or a file size limit gives when the write was already under way.
 * Says so when that is what happened (the data file reached the limit,
 * or the disk has less than 4 MiB left).
 */
static mg_code commit_fail(const mg_lmdb_store *s, int rc, mg_status *st)
{
    const char *what = "writing the store to disk";
    if (rc != EIO)
        return mg_lmdb_fail(st, rc, what);
    char datafile[4096];
    snprintf(datafile, sizeof datafile, "%s/data.mdb", s->path);
    struct rlimit rl;
    struct stat sb;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        stat(datafile, &sb) == 0 &&
        (unsigned long long)sb.st_size + 4096 > (unsigned long long)rl.rlim_cur)
        return mg_lmdb_fail(st, EFBIG, what);
    struct statvfs vs;
    if (statvfs(s->path, &vs) == 0) {
        unsigned long long avail = geteuid() == 0 ? vs.f_bfree : vs.f_bavail;
        if (avail * vs.f_frsize < (4ull << 20))
            return mg_lmdb_fail(st, ENOSPC, what);
    }
    return mg_lmdb_fail(st, rc, what);
}

mg_code mg_lmdb_txn_commit(mg_lmdb_txn *t, mg_status *st)
{
    mg_code code = t->write ? MG_FAILPOINT("commit.before", st) : MG_OK;
    if (code != MG_OK) {
        mg_lmdb_txn_abort(t);
        return code;
    }
    int rc = mdb_txn_commit(t->txn);
    int write = t->write;
    const mg_lmdb_store *s = t->store;
    free(t->tcache);
    free(t);
    if (rc)
        return commit_fail(s, rc, st);
    return write ? MG_FAILPOINT("commit.after", st) : MG_OK;
}

void mg_lmdb_txn_abort(mg_lmdb_txn *t)
{
    if (!t)
        return;
    mdb_txn_abort(t->txn);
    free(t->tcache);
    free(t);
}

int mg_lmdb_txn_is_write(const mg_lmdb_txn *t)
{
    return t->write;
}

mg_code mg_counter_add(mg_lmdb_txn *t, MDB_dbi dbi, mg_id id, int delta,
                       uint64_t *after, mg_status *st)
{
    unsigned char kb[8], vb[8];
    mg_put_id(kb, id);
    MDB_val k = {8, kb}, v;
    uint64_t n = 0;
    int rc = mdb_get(t->txn, dbi, &k, &v);
    if (rc == 0 && v.mv_size == 8)
        n = mg_get_id(v.mv_data);
    else if (rc != 0 && rc != MDB_NOTFOUND)
        return mg_lmdb_fail(st, rc, "reading a counter");
    if (delta < 0 && n == 0)
        return mg_fail(st, MG_ERR_INTERNAL, "counter below zero");
    n = delta < 0 ? n - 1 : n + 1;
    if (after)
        *after = n;
    if (n == 0)
        rc = mdb_del(t->txn, dbi, &k, NULL);
    else {
        mg_put_id(vb, n);
        v.mv_size = 8;
        v.mv_data = vb;
        rc = mdb_put(t->txn, dbi, &k, &v, 0);
    }
    if (rc)
        return mg_lmdb_fail(st, rc, "writing a counter");
    return MG_OK;
}

uint64_t mg_counter_get(mg_lmdb_txn *t, MDB_dbi dbi, mg_id id)
{
    unsigned char kb[8];
    mg_put_id(kb, id);
    MDB_val k = {8, kb}, v;
    if (mdb_get(t->txn, dbi, &k, &v) == 0 && v.mv_size == 8)
        return mg_get_id(v.mv_data);
    return 0;
}
