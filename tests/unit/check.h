/* check.h — the tiny assertion macros the unit tests share. */
#ifndef MG_TEST_CHECK_H
#define MG_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int mg_test_failures = 0;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                 \
            mg_test_failures++;                                             \
        }                                                                   \
    } while (0)

#define CHECK_OK(expr, st)                                                  \
    do {                                                                    \
        mg_code check_rc_ = (expr);                                         \
        if (check_rc_ != MG_OK) {                                           \
            fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__,   \
                    #expr, (st)->msg);                                      \
            mg_test_failures++;                                             \
        }                                                                   \
    } while (0)

#define CHECK_DONE()                                                        \
    do {                                                                    \
        if (mg_test_failures) {                                             \
            fprintf(stderr, "%d check(s) failed\n", mg_test_failures);      \
            return 1;                                                       \
        }                                                                   \
        printf("all checks passed\n");                                      \
        return 0;                                                           \
    } while (0)

#endif
