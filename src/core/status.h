/*
 * status.h — the one status type every fallible Maillage call uses.
 *
 * Owns: nothing on the heap.  An mg_status is a plain value the caller
 * declares (usually on its stack) and passes down; the first failure
 * writes a code and a human-readable message into it.  Functions return
 * the same code so callers can test `if (rc != MG_OK)` and propagate it
 * with MG_TRY without unwinding or calling exit().
 */
#ifndef MG_STATUS_H
#define MG_STATUS_H

#include <stddef.h>

typedef enum mg_code {
    MG_OK = 0,
    MG_ERR_ARG,         /* bad argument or usage from the caller */
    MG_ERR_IO,          /* file missing, unreadable, unwritable */
    MG_ERR_SYNTAX,      /* malformed input (RDF, query, spec) */
    MG_ERR_NOT_FOUND,   /* a name, graph or term that does not exist */
    MG_ERR_STORE,       /* the storage layer failed (LMDB, librdf) */
    MG_ERR_FULL,        /* disk or map full */
    MG_ERR_NOMEM,       /* allocation failed */
    MG_ERR_UNSUPPORTED, /* a feature this backend does not have */
    MG_ERR_CANCELLED,   /* the user interrupted the work (Ctrl-C) */
    MG_ERR_LIMIT,       /* a limit was reached (time, rows kept in memory) */
    MG_ERR_INTERNAL     /* a bug: an invariant did not hold */
} mg_code;

#define MG_STATUS_MSG_MAX 1024

typedef struct mg_status {
    mg_code code;
    char msg[MG_STATUS_MSG_MAX];
} mg_status;

/* A cleared status: code MG_OK, empty message. */
void mg_status_clear(mg_status *st);

/*
 * Records a failure and returns `code`.  The first failure wins: if `st`
 * already holds an error, it is kept (the root cause is what the user
 * needs).  `st` may be NULL, in which case only the code is returned.
 */
mg_code mg_fail(mg_status *st, mg_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in `st` with "prefix: " (for context). */
void mg_status_prefix(mg_status *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A short English name for a code ("syntax error", "I/O error", ...). */
const char *mg_code_name(mg_code code);

/* Propagates a non-OK code from an expression. */
#define MG_TRY(expr)                  \
    do {                              \
        mg_code mg_try_rc_ = (expr);  \
        if (mg_try_rc_ != MG_OK)      \
            return mg_try_rc_;        \
    } while (0)

#endif
