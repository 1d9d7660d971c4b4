/*
 * locate.c — the line of one statement in a Turtle or TriG file.
 *
 * raptor emits a subject's statements when its block ends, so the line it
 * gives is that of the block's final '.'.  To point at the statement
 * itself, the file is re-read (once, on the first problem in it) and the
 * block searched backwards from that line for the predicate as the file
 * spells it (<IRI>, any prefix the file declares, or 'a'), then forwards
 * from there for the object.  Strings and comments are blanked out for
 * the IRI searches so that a word in a literal never matches.  When
 * nothing matches, raptor's line is kept: the answer is never worse.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check_internal.h"
#include "core/util.h"

static int load_text(ck_source *s)
{
    char *buf = NULL;
    size_t n = 0;
    if (mg_read_all(s->path, &buf, &n, NULL) != MG_OK)
        return -1;
    s->text = buf;
    s->code = strdup(buf);
    if (!s->code)
        return -1;
    /* blank strings and comments in the code copy */
    char *c = s->code;
    size_t i = 0;
    while (i < n) {
        char ch = c[i];
        if (ch == '<') { /* IRI: may hold '#' */
            i++;
            while (i < n && c[i] != '>' && c[i] != '\n')
                i++;
            i++;
        } else if (ch == '#') {
            while (i < n && c[i] != '\n')
                c[i++] = ' ';
        } else if (ch == '"' || ch == '\'') {
            int longq = i + 2 < n && c[i + 1] == ch && c[i + 2] == ch;
            size_t q = i;
            i += longq ? 3 : 1;
            while (i < n) {
                if (c[i] == '\\' && i + 1 < n) {
                    c[i] = c[i + 1] == '\n' ? '\\' : ' ';
                    if (c[i + 1] != '\n')
                        c[i + 1] = ' ';
                    i += 2;
                    continue;
                }
                if (longq && c[i] == ch && i + 2 < n && c[i + 1] == ch &&
                    c[i + 2] == ch) {
                    i += 3;
                    break;
                }
                if (!longq && (c[i] == ch || c[i] == '\n')) {
                    i++;
                    break;
                }
                if (c[i] != '\n')
                    c[i] = ' ';
                i++;
            }
            (void)q;
        } else {
            i++;
        }
    }
    /* lines */
    size_t nl = 1;
    for (size_t k = 0; k < n; k++)
        nl += s->text[k] == '\n';
    s->line_off = malloc((nl + 1) * sizeof *s->line_off);
    if (!s->line_off)
        return -1;
    s->line_off[0] = 0;
    size_t li = 1;
    for (size_t k = 0; k < n; k++)
        if (s->text[k] == '\n')
            s->line_off[li++] = k + 1;
    s->line_off[nl] = n + 1;
    s->nlines = nl;
    /* @prefix p: <iri> and PREFIX p: <iri> */
    for (size_t l = 0; l < nl; l++) {
        const char *p = s->code + s->line_off[l];
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncmp(p, "@prefix", 7) == 0)
            p += 7;
        else if (strncasecmp(p, "prefix", 6) == 0)
            p += 6;
        else
            continue;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *name = p;
        while (*p && *p != ':' && !isspace((unsigned char)*p))
            p++;
        if (*p != ':')
            continue;
        size_t nlen = (size_t)(p - name);
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '<')
            continue;
        const char *iri = ++p;
        while (*p && *p != '>' && *p != '\n')
            p++;
        if (*p != '>')
            continue;
        char **nn = realloc(s->pfx_name, (s->npfx + 1) * sizeof *nn);
        if (!nn)
            return -1;
        s->pfx_name = nn;
        char **ni = realloc(s->pfx_iri, (s->npfx + 1) * sizeof *ni);
        if (!ni)
            return -1;
        s->pfx_iri = ni;
        s->pfx_name[s->npfx] = strndup(name, nlen);
        s->pfx_iri[s->npfx] = strndup(iri, (size_t)(p - iri));
        if (!s->pfx_name[s->npfx] || !s->pfx_iri[s->npfx]) {
            free(s->pfx_name[s->npfx]);
            free(s->pfx_iri[s->npfx]);
            return -1;
        }
        s->npfx++;
    }
    return 0;
}

static int name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == ':' ||
           (unsigned char)c >= 0x80;
}

/* Whether line l (0-based) of `buf` holds `needle` as a token
 * (`bounded`) or anywhere; with `first`, only as the first token. */
static int line_has(const ck_source *s, const char *buf, size_t l,
                    const char *needle, int bounded, int first)
{
    size_t a = s->line_off[l], b = s->line_off[l + 1] - 1;
    size_t n = strlen(needle);
    if (!n)
        return 0;
    for (size_t i = a; i + n <= b; i++) {
        if (first && i > a && buf[i - 1] != ' ' && buf[i - 1] != '\t')
            return 0;
        if (memcmp(buf + i, needle, n) != 0)
            continue;
        if (!bounded)
            return 1;
        int left = i == a || !name_char(buf[i - 1]) || needle[0] == '<';
        char after = i + n < b ? buf[i + n] : ' ';
        int right = needle[n - 1] == '>' || !name_char(after);
        if (left && right)
            return 1;
        if (first)
            return 0;
    }
    return 0;
}

#define MAX_SPELL 8

/* How the file may spell term t: <IRI>, each matching prefix, 'a' for
 * rdf:type in predicate position; a literal: the start of its value. */
static size_t spellings(const mg_check *ck, const ck_source *s, uint32_t t,
                        int predicate, char *out[MAX_SPELL], int *bounded)
{
    const ck_term *x = &ck->terms[t];
    size_t n = 0;
    *bounded = 1;
    if (x->kind == MG_TERM_LITERAL) {
        size_t k = 0;
        while (k < x->len && k < 30 && x->value[k] != '"' &&
               x->value[k] != '\\' && x->value[k] != '\n' &&
               x->value[k] != '\'')
            k++;
        while (k > 0 && k < x->len &&
               ((unsigned char)x->value[k] & 0xC0) == 0x80)
            k--;
        *bounded = 0;
        if (k >= 2 || k == x->len)
            out[n++] = strndup(x->value, k);
        return out[0] ? n : 0;
    }
    if (x->kind != MG_TERM_IRI)
        return 0;
    if (predicate && strcmp(x->value, NS_RDF "type") == 0)
        out[n++] = strdup("a");
    char *iri = malloc(x->len + 3);
    if (iri) {
        sprintf(iri, "<%s>", x->value);
        out[n++] = iri;
    }
    for (size_t i = 0; i < s->npfx && n < MAX_SPELL; i++) {
        size_t pl = strlen(s->pfx_iri[i]);
        if (pl <= x->len && memcmp(x->value, s->pfx_iri[i], pl) == 0) {
            char *q = malloc(strlen(s->pfx_name[i]) + x->len - pl + 2);
            if (q) {
                sprintf(q, "%s:%s", s->pfx_name[i], x->value + pl);
                out[n++] = q;
            }
        }
    }
    /* drop failed allocations */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (out[i])
            out[m++] = out[i];
    return m;
}

static int line_has_any(const ck_source *s, size_t l, char **sp, size_t n,
                        int bounded, int first)
{
    const char *buf = bounded ? s->code : s->text;
    for (size_t i = 0; i < n; i++)
        if (line_has(s, buf, l, sp[i], bounded, first))
            return 1;
    return 0;
}

static void free_all(char **sp, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(sp[i]);
}

unsigned long ck_locate(mg_check *ck, const ck_quad *q, int where)
{
    if (!q->src || !q->line)
        return q->line;
    ck_source *s = &ck->srcs[q->src - 1];
    if (strcmp(s->format, "turtle") != 0 && strcmp(s->format, "trig") != 0)
        return q->line;
    if (!s->loaded) {
        s->loaded = 1;
        if (load_text(s) != 0) {
            free(s->text);
            free(s->code);
            free(s->line_off);
            s->text = s->code = NULL;
            s->line_off = NULL;
            s->nlines = 0;
        }
    }
    if (!s->text || q->line > s->nlines)
        return q->line;
    size_t L = q->line - 1, lo = L > 3000 ? L - 3000 : 0;
    char *sp[MAX_SPELL] = {0};
    int bounded;
    size_t n = spellings(ck, s, q->p, 1, sp, &bounded);
    size_t P = (size_t)-1;
    for (size_t l = L + 1; n && l-- > lo;)
        if (line_has_any(s, l, sp, n, 1, 0)) {
            P = l;
            break;
        }
    free_all(sp, n);
    unsigned long found = P != (size_t)-1 ? (unsigned long)P + 1 : q->line;
    if (where == 's') {
        memset(sp, 0, sizeof sp);
        n = spellings(ck, s, q->s, 0, sp, &bounded);
        size_t from = P != (size_t)-1 ? P : L;
        for (int first = 1; first >= 0; first--) {
            for (size_t l = from + 1; n && l-- > lo;)
                if (line_has_any(s, l, sp, n, 1, first)) {
                    free_all(sp, n);
                    return (unsigned long)l + 1;
                }
        }
        free_all(sp, n);
    } else if (where == 'o' && P != (size_t)-1) {
        memset(sp, 0, sizeof sp);
        n = spellings(ck, s, q->o, 0, sp, &bounded);
        for (size_t l = P; n && l <= L; l++)
            if (line_has_any(s, l, sp, n, bounded, 0)) {
                found = (unsigned long)l + 1;
                break;
            }
        free_all(sp, n);
    }
    return found;
}
