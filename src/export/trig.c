/*
 * trig.c — our Turtle and TriG writer, and the term writer that N-Triples
 * and N-Quads (nquads.c) share.  Raptor 2.0.15 has no TriG writer, and its
 * Turtle writer is not used: it orders objects its own way, nests blank
 * nodes as [ ] dropping their labels, writes control characters raw
 * inside """ strings and stops a literal at its first NUL.
 *
 * Owns: nothing beyond a call.  Writes to a borrowed FILE; the caller
 * checks ferror/fflush.
 *
 * Layout (the quads arrive sorted by graph, subject, predicate, object):
 *
 *   @prefix foaf: <http://xmlns.com/foaf/0.1/> .      only prefixes used
 *
 *   person:x a foaf:Person ;                            Turtle
 *       foaf:name "X", "Y" .
 *
 *   src:doc1 {                                          TriG: one block per
 *       person:x a foaf:Person ;                        graph, the default
 *           foaf:name "X" .                             graph as a bare
 *   }                                                   { } block first
 */
#include "export/export_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/prefixes.h"

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

/* The table prefix an IRI is written with, or NULL for a full <IRI>. */
static const mg_prefix *compact(const mg_xset *set, const char *iri,
                                size_t len, const char **local)
{
    const char *l = NULL;
    const mg_prefix *p = mg_x_prefix_for_iri(set, iri, len, &l);
    if (!p || !mg_prefix_local_ok(l, len - (size_t)(l - iri)))
        return NULL;
    *local = l;
    return p;
}

static void mark_iri(const mg_xset *set, const char *iri, size_t len,
                     unsigned char *used)
{
    const char *local;
    const mg_prefix *p = compact(set, iri, len, &local);
    if (p)
        used[p - mg_x_prefix_at(set, 0)] = 1;
}

void mg_x_mark_prefixes(const mg_xset *set, const mg_xterm *t,
                        unsigned char *used)
{
    if (!t)
        return;
    if (t->kind == MG_TERM_IRI)
        mark_iri(set, t->value, t->len, used);
    else if (t->kind == MG_TERM_LITERAL && t->datatype)
        mark_iri(set, t->datatype, strlen(t->datatype), used);
}

int mg_x_is_rdf_type(const mg_xterm *p)
{
    return p->kind == MG_TERM_IRI && p->len == strlen(RDF_TYPE) &&
           memcmp(p->value, RDF_TYPE, p->len) == 0;
}

unsigned char *mg_x_used_prefixes(const mg_xset *set, int graphs,
                                  int (*short_type)(const mg_xquad *q))
{
    size_t np = mg_x_prefix_count(set);
    unsigned char *used = calloc(np ? np : 1, 1);
    if (!used)
        return NULL;
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if (graphs)
            mg_x_mark_prefixes(set, q->g, used);
        mg_x_mark_prefixes(set, q->s, used);
        if (!short_type(q))
            mg_x_mark_prefixes(set, q->p, used);
        mg_x_mark_prefixes(set, q->o, used);
    }
    return used;
}

/* Turtle and TriG write every rdf:type predicate as `a`. */
static int type_as_a(const mg_xquad *q)
{
    return mg_x_is_rdf_type(q->p);
}

/* An IRI as prefix:local, or as <...> with the characters IRIREF forbids
 * (controls, space, <>"{}|^`\) written as \u00XX. */
static void put_iri(FILE *out, const mg_xset *set, const char *iri,
                    size_t len, int prefixed)
{
    const char *local;
    const mg_prefix *p = prefixed ? compact(set, iri, len, &local) : NULL;
    if (p) {
        fputs(p->name, out);
        putc(':', out);
        fwrite(local, 1, len - (size_t)(local - iri), out);
        return;
    }
    putc('<', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)iri[i];
        if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
            fprintf(out, "\\u%04X", c);
        else
            putc(c, out);
    }
    putc('>', out);
}

mg_code mg_x_put_term(FILE *out, const mg_xterm *t, int prefixed,
                      mg_status *st)
{
    return mg_x_put_term_in(out, NULL, t, prefixed, st);
}

mg_code mg_x_put_term_in(FILE *out, const mg_xset *set, const mg_xterm *t,
                         int prefixed, mg_status *st)
{
    switch (t->kind) {
    case MG_TERM_IRI:
        put_iri(out, set, t->value, t->len, prefixed);
        break;
    case MG_TERM_BLANK: {
        char *label = mg_x_blank_label(t, 0);
        if (!label)
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        fprintf(out, "_:%s", label);
        free(label);
        break;
    }
    case MG_TERM_LITERAL:
        /* \" \\ \n \r \t, other C0 controls and DEL as \u00XX,
         * everything else (UTF-8) as-is */
        mg_json_string(out, t->value, t->len, MG_JSON_TURTLE);
        if (t->lang) {
            fprintf(out, "@%s", t->lang);
        } else if (t->datatype) {
            fputs("^^", out);
            put_iri(out, set, t->datatype, strlen(t->datatype), prefixed);
        }
        break;
    }
    return MG_OK;
}

/*
 * Writes the run of quads [from, to) — one graph — grouped by subject and
 * predicate, each line indented by `indent` spaces (continuations by 4
 * more).  `sep` is written between subject blocks.
 */
static mg_code put_triples(FILE *out, const mg_xset *set, size_t from,
                           size_t to, int indent, const char *sep,
                           mg_status *st)
{
    const mg_xquad *q = set->quads;
    for (size_t i = from; i < to; i++) {
        int new_subject = i == from || q[i].s != q[i - 1].s;
        int new_predicate = new_subject || q[i].p != q[i - 1].p;
        if (new_subject) {
            if (ferror(out))
                return MG_OK; /* mg_export reports it; stop writing */
            if (i != from)
                fprintf(out, " .\n%s", sep);
            fprintf(out, "%*s", indent, "");
            MG_TRY(mg_x_put_term_in(out, set, q[i].s, 1, st));
            putc(' ', out);
        } else if (new_predicate) {
            fprintf(out, " ;\n%*s", indent + 4, "");
        } else {
            fputs(", ", out);
        }
        if (new_predicate) {
            if (mg_x_is_rdf_type(q[i].p))
                putc('a', out);
            else
                MG_TRY(mg_x_put_term_in(out, set, q[i].p, 1, st));
            putc(' ', out);
        }
        MG_TRY(mg_x_put_term_in(out, set, q[i].o, 1, st));
    }
    if (to > from)
        fputs(" .\n", out);
    return MG_OK;
}

mg_code mg_x_write_turtle(const mg_xset *set, int trig, FILE *out,
                          mg_status *st)
{
    size_t np = mg_x_prefix_count(set);
    unsigned char *used = mg_x_used_prefixes(set, trig, type_as_a);
    if (!used)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    int any = 0;
    for (size_t i = 0; i < np; i++) {
        if (used[i]) {
            const mg_prefix *p = mg_x_prefix_at(set, i);
            fprintf(out, "@prefix %s: <%s> .\n", p->name, p->iri);
            any = 1;
        }
    }
    free(used);
    if (any && set->n > 0)
        putc('\n', out);

    if (!trig)
        return put_triples(out, set, 0, set->n, 0, "\n", st);

    for (size_t from = 0; from < set->n;) {
        size_t to = from + 1;
        while (to < set->n && set->quads[to].g == set->quads[from].g)
            to++;
        if (from > 0)
            putc('\n', out);
        if (set->quads[from].g) {
            MG_TRY(mg_x_put_term_in(out, set, set->quads[from].g, 1, st));
            putc(' ', out);
        }
        fputs("{\n", out);
        MG_TRY(put_triples(out, set, from, to, 4, "", st));
        fputs("}\n", out);
        from = to;
    }
    return MG_OK;
}
