/*
 * sparql_text.c — the pieces of SPARQL text every part of the
 * translation writes (sparql_internal.h): the growing buffer, string
 * literals, IRIs, store terms, variable names and the fold() expression.
 *
 * Owns: nothing beyond the sbuf it appends to.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prefixes.h"
#include "core/textmap.h"
#include "query/sparql_internal.h"

void sb_add(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0 || b->oom)
        return;
    if (b->n + (size_t)k + 1 > b->cap) {
        size_t nc = (b->n + (size_t)k + 1) * 2;
        char *ns = realloc(b->s, nc);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = nc;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

/* A string literal: SPARQL's STRING_LITERAL_QUOTE forbids a raw " \ LF
 * and CR; tab, backspace and form feed are escaped too for legibility.
 * Nothing else needs escaping (UTF-8 passes through); a NUL cannot be
 * written in a query at all. */
void sb_str(sbuf *b, const char *s, size_t n)
{
    sb_add(b, "\"");
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (c) {
        case '"': sb_add(b, "\\\""); break;
        case '\\': sb_add(b, "\\\\"); break;
        case '\n': sb_add(b, "\\n"); break;
        case '\r': sb_add(b, "\\r"); break;
        case '\t': sb_add(b, "\\t"); break;
        case '\b': sb_add(b, "\\b"); break;
        case '\f': sb_add(b, "\\f"); break;
        case '\0': b->bad = "a string with a NUL character"; break;
        default: sb_add(b, "%c", c);
        }
    }
    sb_add(b, "\"");
}

/* IRIREF: no <>"{}|^`\ and no character up to the space.  Such an IRI
 * cannot be written (no escape exists in IRIREF; \u escapes are undone
 * before parsing), so the translation fails rather than write another. */
void sb_iri(sbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || strchr("<>\"{}|^`\\", c)) {
            b->bad = "an IRI with a character SPARQL's IRIREF forbids";
            sb_add(b, "<urn:maillage:unwritable>");
            return;
        }
    }
    sb_add(b, "<%.*s>", (int)n, s);
}

static int tag_ok(const char *t)
{
    if (!*t)
        return 0;
    for (; *t; t++)
        if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
              (*t >= '0' && *t <= '9') || *t == '-'))
            return 0;
    return 1;
}

void sb_term(sbuf *b, const mg_plan *p, mg_id id)
{
    mg_term t;
    if (!id || mg_term_get(p->txn, id, &t, NULL) != MG_OK) {
        sb_add(b, "<urn:maillage:absent>");
        return;
    }
    if (t.kind == MG_TERM_IRI) {
        sb_iri(b, t.value, t.len);
    } else if (t.kind == MG_TERM_BLANK) {
        /* Never reached from a query (names resolve to IRIs); a label is
         * written only when it is a plain name. */
        for (size_t i = 0; i < t.len; i++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789_-", t.value[i]) || !t.value[i])
                b->bad = "a blank node label";
        sb_add(b, "_:%.*s", (int)t.len, t.value);
    } else {
        sb_str(b, t.value, t.len);
        if (t.lang && *t.lang) {
            if (!tag_ok(t.lang))
                b->bad = "a malformed language tag";
            else
                sb_add(b, "@%s", t.lang);
        } else if (t.datatype && *t.datatype) {
            sb_add(b, "^^");
            sb_iri(b, t.datatype, strlen(t.datatype));
        }
    }
}

static int plain_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* A name of the query as a SPARQL VARNAME, one to one: letters and digits
 * stay, '_' doubles, any other byte is _XX (upper-case hex).  Anonymous
 * slots (' ' first) get the prefix _a: no user name starts with '_'
 * followed by a lower-case letter once encoded. */
void sb_var(sbuf *b, const char *name)
{
    sb_add(b, "?");
    if (name[0] == ' ') {
        sb_add(b, "_a");
        name++;
    }
    for (const char *c = name; *c; c++) {
        if (plain_char(*c))
            sb_add(b, "%c", *c);
        else if (*c == '_')
            sb_add(b, "__");
        else
            sb_add(b, "_%02X", (unsigned char)*c);
    }
}

char *mg_sparql_var(const char *name)
{
    sbuf b = {0};
    sb_var(&b, name);
    if (b.oom || !b.s) {
        free(b.s);
        return NULL;
    }
    memmove(b.s, b.s + 1, b.n); /* without the '?' */
    return b.s;
}

void sb_slot(sbuf *b, const mg_pstage *ps, int slot)
{
    if (slot < ps->nslots)
        sb_var(b, ps->names[slot]);
    else if (slot - ps->nslots < ps->ncols)
        sb_var(b, ps->colnames[slot - ps->nslots]);
    else
        sb_add(b, "?_");
}

/* fold(x) = LCASE(REPLACE(STR(…REPLACE(STR(x), "À|Á|…|à|…", "a")…), "’|‘", "'")):
 * one REPLACE per base letter (or letters: "ae", "ss"…) of the table in
 * value.c, each pattern an alternation of the letters it replaces (no
 * character class, so a regex engine that reads bytes works too), then
 * LCASE.  The bases are found in the table, so this follows it.  Each
 * REPLACE reads STR() of the one before: Virtuoso 7.2's REPLACE no longer
 * matches accented letters in the bare result of another REPLACE. */
#define FOLD_MAX_BASES 40

static int fold_bases(const char *bases[FOLD_MAX_BASES])
{
    int n = 0;
    for (unsigned cp = 0xC0; cp <= 0x17F; cp++) {
        const char *base = mg_fold_base(cp);
        if (!base)
            continue;
        int seen = 0;
        for (int i = 0; i < n && !seen; i++)
            seen = strcmp(bases[i], base) == 0;
        if (!seen && n < FOLD_MAX_BASES)
            bases[n++] = base;
    }
    return n;
}

static void sb_utf8(sbuf *b, unsigned cp)
{
    if (cp < 0x800)
        sb_add(b, "%c%c", (char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)));
    else
        sb_add(b, "%c%c%c", (char)(0xE0 | (cp >> 12)),
               (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)));
}

int sb_fold_nsteps(void)
{
    const char *bases[FOLD_MAX_BASES];
    return fold_bases(bases) + 1;
}

/* `, "À|Á|…", "a"`: the pattern and replacement of REPLACE number i. */
void sb_fold_step(sbuf *b, int i)
{
    const char *bases[FOLD_MAX_BASES];
    int n = fold_bases(bases);
    sb_add(b, ", \"");
    if (i >= n) { /* the typographic apostrophes */
        sb_utf8(b, 0x2019);
        sb_add(b, "|");
        sb_utf8(b, 0x2018);
        sb_add(b, "\", \"'\")");
        return;
    }
    int first = 1;
    for (unsigned cp = 0xC0; cp <= 0x17F; cp++) {
        const char *base = mg_fold_base(cp);
        if (!base || strcmp(base, bases[i]) != 0)
            continue;
        if (!first)
            sb_add(b, "|");
        first = 0;
        sb_utf8(b, cp);
    }
    sb_add(b, "\", \"%s\")", bases[i]);
}

void sb_fold_open(sbuf *b)
{
    sb_add(b, "LCASE(");
    for (int i = 0; i < sb_fold_nsteps(); i++)
        sb_add(b, "REPLACE(STR(");
    sb_add(b, "STR(");
}

void sb_fold_close(sbuf *b)
{
    sb_add(b, ")");
    for (int i = 0; i < sb_fold_nsteps(); i++) {
        sb_add(b, ")");
        sb_fold_step(b, i);
    }
    sb_add(b, ")");
}

/* The project's prefixes by decreasing namespace length (the longest
 * that matches wins, as in mg_prefix_for_iri). */
static size_t prefixes_by_length(const mg_prefix **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < mg_prefix_count() && n < max; i++) {
        const mg_prefix *pf = mg_prefix_at(i);
        size_t k = n++;
        while (k > 0 && strlen(out[k - 1]->iri) < strlen(pf->iri)) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = pf;
    }
    return n;
}

/* A regular expression matching `text` literally (XSD regex: only its
 * metacharacters escaped; an escape of any other is an error there). */
static void sb_regex_literal(sbuf *t, const char *text)
{
    for (const char *c = text; *c; c++)
        sb_add(t, strchr(".\\?*+{}()[]|^$-", *c) ? "\\%c" : "%c", *c);
}

void sb_iri_short(sbuf *b, const char *s)
{
    /* COALESCE of one candidate per prefix, longest first, each an error
     * (?_unbound) unless its namespace starts the IRI: flat, where nested
     * IFs are too deep for rdflib 6's parser.  The local part as
     * mg_prefix_local_ok takes it; REPLACE, not CONCAT: rasqal 0.9.33's
     * CONCAT of a computed string is garbage. */
    const mg_prefix *pf[64];
    size_t n = prefixes_by_length(pf, 64);
    sb_add(b, "COALESCE(");
    for (size_t i = 0; i < n; i++) {
        sbuf ns = {0}, re = {0};
        sb_add(&ns, "^");
        sb_regex_literal(&ns, pf[i]->iri);
        sb_add(&re, "%s([A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?$",
               ns.s ? ns.s : "");
        sb_add(b, "IF(STRSTARTS(%s, ", s);
        sb_str(b, pf[i]->iri, strlen(pf[i]->iri));
        sb_add(b, "), IF(REGEX(%s, ", s);
        sb_str(b, re.s ? re.s : "", re.n);
        sb_add(b, "), REPLACE(%s, ", s);
        sb_str(b, ns.s ? ns.s : "", ns.n);
        sb_add(b, ", \"%s:\"), %s), ?_unbound), ", pf[i]->name, s);
        if (ns.oom || re.oom)
            b->oom = 1;
        free(ns.s);
        free(re.s);
    }
    sb_add(b, "%s)", s);
}
