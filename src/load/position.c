/*
 * position.c — turning raptor's error into "FILE:LINE:COLUMN: message
 * (found 'TOKEN')".
 *
 * raptor gives a line but, for Turtle, TriG and RDF/XML, no column.  We
 * keep the input in memory, so we read the line ourselves and find the
 * column, in this order: raptor's own column when it has one (N-Triples,
 * N-Quads), snapped to the start of its token; text the message quotes
 * ("foo:c", '"') found on that line; for Turtle/TriG, the first token
 * whose inclusion makes a parse of the input cut after it fail other
 * than by running out of input (bison stops at the offending token, so
 * that token is the one); else the line's first token.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "load/load_internal.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* End of the token that starts at s[i] (i < end), Turtle-ish, good enough
 * for N-Triples and XML too. */
static size_t token_end(const char *s, size_t i, size_t end)
{
    char c = s[i];
    size_t j = i + 1;
    if (c == '<') {
        while (j < end && s[j] != '>')
            j++;
        return j < end ? j + 1 : end;
    }
    if (c == '"' || c == '\'') {
        if (j + 1 < end && s[j] == c && s[j + 1] == c) { /* long string */
            j += 2;
            while (j + 2 < end && !(s[j] == c && s[j + 1] == c && s[j + 2] == c))
                j += s[j] == '\\' ? 2 : 1;
            j = j + 3 <= end ? j + 3 : end;
        } else {
            while (j < end && s[j] != c)
                j += s[j] == '\\' ? 2 : 1;
            j = j < end ? j + 1 : end;
        }
        if (j < end && s[j] == '@')
            while (++j < end && (isalnum((unsigned char)s[j]) || s[j] == '-'))
                ;
        return j > end ? end : j;
    }
    if (c == '^' && j < end && s[j] == '^')
        return j + 1;
    if (strchr(".;,()[]{}", c))
        return j;
    while (j < end && !is_space(s[j]) && !strchr("<>\"(){}[];,", s[j]) &&
           !(s[j] == '.' && (j + 1 == end || is_space(s[j + 1]))))
        j++;
    return j;
}

/* The next token at or after s[i] on [i, end): its start, or end. */
static size_t skip_blank(const char *s, size_t i, size_t end)
{
    while (i < end && is_space(s[i]))
        i++;
    return i;
}

/* Finds text the message quotes ('x', "x" or `x`) within s[start, end);
 * returns its offset or (size_t)-1. */
static size_t find_quoted(const char *msg, const char *s, size_t start,
                          size_t end)
{
    for (const char *p = msg; *p; p++) {
        if (*p != '\'' && *p != '"' && *p != '`')
            continue;
        const char *q = strchr(p + 1, *p);
        if (!q)
            break;
        size_t n = (size_t)(q - p - 1);
        if (n > 0 && n <= end - start) {
            for (size_t i = start; i + n <= end; i++)
                if (memcmp(s + i, p + 1, n) == 0)
                    return i;
        }
        p = q;
    }
    return (size_t)-1;
}

/* Offset of the first occurrence of the NUL-terminated `pat` in s, or
 * (size_t)-1. */
static size_t find_text(const char *s, size_t len, const char *pat)
{
    size_t n = strlen(pat);
    for (size_t i = 0; n && i + n <= len; i++)
        if (memcmp(s + i, pat, n) == 0)
            return i;
    return (size_t)-1;
}

/*
 * libxml2 messages name what they object to without quotes: "Opening and
 * ending tag mismatch: A line 0 and B" (the closing tag </B is at fault),
 * "... for attribute foo" (the attribute foo).  Returns the offset of
 * that thing in the input, or (size_t)-1.
 */
static size_t find_xml_named(const char *msg, const char *s, size_t len)
{
    char pat[256];
    const char *p = strstr(msg, "tag mismatch:");
    if (p && (p = strstr(p, " and ")) && strlen(p + 5) < 200) {
        snprintf(pat, sizeof pat, "</%s", p + 5);
        return find_text(s, len, pat);
    }
    p = strstr(msg, "attribute ");
    if (p && strlen(p + 10) < 200) {
        snprintf(pat, sizeof pat, " %s", p + 10);
        size_t at = find_text(s, len, pat);
        return at == (size_t)-1 ? at : at + 1;
    }
    return (size_t)-1;
}

/* Line and 1-based column of offset `off`. */
static void line_col(const char *s, size_t off, int *line, int *col)
{
    int l = 1;
    size_t ls = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') {
            l++;
            ls = i + 1;
        }
    *line = l;
    *col = (int)(off - ls) + 1;
}

/* Does the line s[a, b) use the word GRAPH (any case)? */
static int has_graph_word(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i + 5 <= b; i++)
        if (strncasecmp(s + i, "graph", 5) == 0 &&
            (i == a || !isalnum((unsigned char)s[i - 1])) &&
            (i + 5 == b || !isalnum((unsigned char)s[i + 5]) ||
             s[i + 5] == ':'))
            return 1;
    return 0;
}

/* A message without raptor's jargon for the end of input. */
static int is_eof_message(const char *msg)
{
    return strstr(msg, "$end") || strstr(msg, "Premature end") ||
           strstr(msg, "end of file") || strstr(msg, "EndTag: '</' not found");
}

static void finish(char *out, size_t outsz, const mg_parse_src *src,
                   const char *s, size_t a, size_t b)
{
    if (strcmp(src->format, "trig") == 0 && has_graph_word(s, a, b)) {
        size_t n = strlen(out);
        snprintf(out + n, outsz - n,
                 "; hint: raptor's TriG parser does not accept the GRAPH "
                 "keyword; write <g> { ... }");
    }
}

void mg_error_locate(const mg_parse_src *src, int line, int column,
                     const char *msg, mg_probe_fn probe, void *probe_ctx,
                     char *out, size_t outsz)
{
    const char *s = src->data;
    size_t len = src->len;

    /* Where line `line` starts and ends, if the input has it. */
    size_t a = 0, b = 0;
    int have_line = 0;
    if (line > 0) {
        int l = 1;
        size_t i = 0;
        while (l < line && i < len) {
            if (s[i] == '\n')
                l++;
            i++;
        }
        if (l == line && i < len) {
            a = i;
            b = i;
            while (b < len && s[b] != '\n')
                b++;
            have_line = skip_blank(s, a, b) < b || !is_eof_message(msg);
        }
    }

    /* Past the last token, or the parser ran out of input: point just
     * after the last token. */
    if ((line > 0 && !have_line) || is_eof_message(msg)) {
        size_t e = len;
        while (e > 0 && is_space(s[e - 1]))
            e--;
        int l, c;
        line_col(s, e, &l, &c);
        snprintf(out, outsz, "%s:%d:%d: unexpected end of input", src->display,
                 l, c);
        if (!strstr(msg, "$end")) {
            size_t n = strlen(out);
            snprintf(out + n, outsz - n, " (%s)", msg);
        }
        return;
    }

    if (!have_line) {
        /* No line at all (libxml2's errors reach raptor without one):
         * perhaps the message quotes or names something we can find
         * anywhere in the input. */
        size_t at = find_quoted(msg, s, 0, len);
        if (at == (size_t)-1)
            at = find_xml_named(msg, s, len);
        if (at == (size_t)-1) {
            snprintf(out, outsz, "%s: %s", src->display, msg);
            return;
        }
        line_col(s, at, &line, &column);
        a = at - (size_t)(column - 1);
        b = at;
        while (b < len && s[b] != '\n')
            b++;
        column = (int)(at - a); /* 0-based below */
        have_line = 1;
    } else {
        size_t pos = (size_t)-1;
        if (column >= 0) {
            size_t want = a + (size_t)column;
            if (want > b)
                want = b;
            /* snap to the start of the token that holds it */
            for (size_t i = skip_blank(s, a, b); i < b;) {
                size_t e = token_end(s, i, b);
                if (want < e) {
                    pos = want < i ? want : i;
                    break;
                }
                i = skip_blank(s, e, b);
            }
            if (pos == (size_t)-1)
                pos = want;
        }
        size_t q = pos == (size_t)-1 ? find_quoted(msg, s, a, b) : pos;
        if (q != (size_t)-1) {
            pos = q;
        } else if (probe) {
            /* Token ends on this line; binary search for the first cut
             * after which the parse fails on its own account. */
            size_t starts[256], ends[256];
            int nt = 0;
            for (size_t i = skip_blank(s, a, b); i < b && nt < 256;
                 i = skip_blank(s, ends[nt - 1], b)) {
                if (s[i] == '#')
                    break;
                starts[nt] = i;
                ends[nt] = token_end(s, i, b);
                nt++;
            }
            int lo = 0, hi = nt;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (probe(probe_ctx, ends[mid]))
                    hi = mid;
                else
                    lo = mid + 1;
            }
            if (lo < nt)
                pos = starts[lo];
        }
        if (pos == (size_t)-1)
            pos = skip_blank(s, a, b);
        column = (int)(pos - a);
    }

    size_t at = a + (size_t)column;
    if (at >= b) {
        snprintf(out, outsz, "%s:%d:%d: %s (found end of line)", src->display,
                 line, column + 1, msg);
    } else {
        size_t e = token_end(s, at, b);
        if (e - at > 40)
            e = at + 40;
        snprintf(out, outsz, "%s:%d:%d: %s (found '%.*s')", src->display, line,
                 column + 1, msg, (int)(e - at), s + at);
    }
    finish(out, outsz, src, s, a, b);
}
