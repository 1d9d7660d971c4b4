/*
 * json.h — writing JSON strings, for every writer that emits JSON (query
 * results, JSON-LD, the network formats and page), and the TriG writer's
 * string literals (JSON's escapes are a subset of Turtle's).
 *
 * Owns: nothing.
 */
#ifndef MG_JSON_H
#define MG_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Also escape < > & (as \u003c \u003e \u0026), so that the text can sit
 * inside an HTML <script> element. */
#define MG_JSON_HTML_SAFE 1
/* Also escape DEL, and write \u escapes with upper-case hex digits: a
 * Turtle/TriG string literal between double quotes. */
#define MG_JSON_TURTLE 2

/*
 * Writes s[0..n) as a JSON string, quotes included: " and \ escaped,
 * \n \r \t, other control characters (NUL too) as \u00XX; UTF-8 and DEL
 * pass through.  s may be NULL when n is 0.
 */
void mg_json_string(FILE *out, const char *s, size_t n, int flags);

#endif
