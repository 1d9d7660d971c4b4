/*
 * textmap.h — the three character mappings of the query language on UTF-8
 * text: fold (accents off, lower case, curly apostrophes straight), lower
 * and upper (Latin letters).  Shared by the engine's fold()/lower()/upper()
 * and the store's text index, so both fold a string the same way.
 * Owns nothing.
 *
 * Fold maps each character on its own (an invalid byte is copied as it
 * is), so fold(a b) = fold(a) fold(b) for valid UTF-8 text, and fold is
 * idempotent: fold(fold(s)) = fold(s).  The text index relies on both.
 */
#ifndef MG_TEXTMAP_H
#define MG_TEXTMAP_H

#include <stddef.h>

/* Output never exceeds this many bytes (plus a NUL) for `len` input. */
#define MG_TEXT_MAP_MAX(len) (2 * (len))

/* Maps `len` bytes of `s` ('f' fold, 'l' lower, 'u' upper) into `out`
 * (room for MG_TEXT_MAP_MAX(len) + 1 bytes), NUL-terminates it and
 * returns its length. */
size_t mg_text_map(const char *s, size_t len, int mode, char *out);

/* What fold makes of code point cp of U+00C0..U+017F (lower-case base
 * letters, e.g. "e" for U+00C9, "ss" for U+00DF); NULL for any other
 * code point and for the ones fold keeps (U+00D7, U+00F7). */
const char *mg_fold_base(unsigned cp);

/* Writes code point cp as UTF-8 (1 to 4 bytes) and returns the length. */
size_t mg_utf8_encode(unsigned cp, char *out);

/* 1 if the bytes are valid UTF-8 (no overlong forms, no surrogates). */
int mg_utf8_valid(const char *s, size_t len);

#endif
