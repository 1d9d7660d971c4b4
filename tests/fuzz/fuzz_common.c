/* fuzz_common.c — see fuzz_common.h. */
#include "fuzz_common.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/load.h"

#ifndef MG_SOURCE_DIR
#error "MG_SOURCE_DIR (the repository root) is set by tests/CMakeLists.txt"
#endif

static char dir[256];
static mg_db *seed;

static void cleanup(void)
{
    if (seed)
        mg_db_close(seed);
    seed = NULL;
    if (dir[0]) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz: could not remove %s\n", dir);
    }
}

const char *mg_fuzz_dir(void)
{
    if (dir[0])
        return dir;
    struct stat sb;
    const char *base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode)
                           ? "/dev/shm"
                           : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(dir, sizeof dir, "%s/mg-fuzz-XXXXXX", base);
    if (!mkdtemp(dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(cleanup);
    return dir;
}

mg_db *mg_fuzz_seed_store(void)
{
    if (seed)
        return seed;
    char path[400];
    snprintf(path, sizeof path, "%s/seed.db", mg_fuzz_dir());
    mg_status st;
    mg_status_clear(&st);
    if (mg_db_open(path, MG_DB_CREATE, &seed, &st) != MG_OK)
        goto fail;
    const char *onto[] = {MG_SOURCE_DIR "/ontology/maillage.ttl"};
    mg_load_opts o = {0};
    o.graph = "https://w3id.org/maillage/graph/ontology";
    if (mg_load_files(seed, onto, 1, &o, NULL, &st) != MG_OK)
        goto fail;
    glob_t g;
    if (glob(MG_SOURCE_DIR "/data/*.trig", 0, NULL, &g) != 0) {
        mg_fail(&st, MG_ERR_IO, "no data/*.trig");
        goto fail;
    }
    o.graph = NULL;
    o.append = 1;
    mg_code rc = mg_load_files(seed, (const char *const *)g.gl_pathv,
                               g.gl_pathc, &o, NULL, &st);
    globfree(&g);
    if (rc != MG_OK)
        goto fail;
    return seed;
fail:
    fprintf(stderr, "fuzz: seed store: %s\n", st.msg);
    abort();
}

static mg_code drop_columns(void *ctx, const char *const *names, int n,
                            mg_status *st)
{
    (void)ctx, (void)names, (void)n, (void)st;
    return MG_OK;
}

static mg_code drop_row(void *ctx, const mg_cell *cells, mg_status *st)
{
    (void)ctx, (void)cells, (void)st;
    return MG_OK;
}

static mg_code drop_text(void *ctx, const char *line, mg_status *st)
{
    (void)ctx, (void)line, (void)st;
    return MG_OK;
}

mg_row_sink mg_fuzz_null_sink = {NULL, drop_columns, drop_row, drop_text};

char *mg_fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = 0;
    return s;
}
