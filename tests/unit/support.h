/*
 * support.h — helpers the unit tests share beyond check.h: a scratch
 * directory made at the start of a test and removed at its end.
 * tests/CMakeLists.txt links support.c into every unit test.
 *
 * Owns: nothing (the directory names are the caller's buffers).
 */
#ifndef MG_TEST_SUPPORT_H
#define MG_TEST_SUPPORT_H

/* Makes a new directory from tmpl (ending in XXXXXX, rewritten in place);
 * 1 on success, 0 after printing why not. */
int mg_test_mkdtemp(char *tmpl);

/* Removes dir and everything under it; 0 on success, -1 after printing
 * that it could not. */
int mg_test_rm_rf(const char *dir);

#endif
