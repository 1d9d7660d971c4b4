/*
 * json_check.h — a strict JSON (RFC 8259) syntax check for the fuzz
 * harnesses: one value, then only whitespace; strings with valid escapes
 * and no raw control characters; UTF-8 not checked beyond that.  Nesting
 * deeper than 512 counts as invalid.
 */
#ifndef MG_FUZZ_JSON_CHECK_H
#define MG_FUZZ_JSON_CHECK_H

/* 1 if text is one valid JSON value, else 0 (*where = byte offset). */
int mg_json_valid(const char *text, long *where);

#endif
