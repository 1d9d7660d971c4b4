/*
 * fuzz_common.h — what the fuzz targets share: a scratch directory (on
 * /dev/shm when it exists, so LMDB's syncs cost nothing), a store loaded
 * with the seed graph, and a row sink that drops everything.
 *
 * The targets are libFuzzer entry points (LLVMFuzzerTestOneInput).  Built
 * with clang -fsanitize=fuzzer they fuzz (scripts/fuzz.sh); built with any
 * compiler and standalone.c they replay files (the seed corpus and every
 * input that once failed) as ordinary tests under ctest.
 *
 * A harness may abort(): that is how a fuzzer learns of a broken
 * invariant.  The library itself never does.
 */
#ifndef MG_FUZZ_COMMON_H
#define MG_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "output/results.h"
#include "query/engine.h"
#include "store/db.h"

/* A fresh directory under /dev/shm (or $TMPDIR, /tmp); removed at exit.
 * Aborts if it cannot be made (a harness, not the library). */
const char *mg_fuzz_dir(void);

/* The store at DIR/NAME with the ontology and data/ loaded once; the
 * same handle on later calls. */
mg_db *mg_fuzz_seed_store(void);

/* A row sink that accepts and drops everything. */
extern mg_row_sink mg_fuzz_null_sink;

/* Input bytes as a NUL-terminated string (malloc'd; NUL bytes kept up to
 * the first one, as the CLI would read them). */
char *mg_fuzz_cstr(const uint8_t *data, size_t size);

#endif
