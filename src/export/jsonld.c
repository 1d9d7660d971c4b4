/*
 * jsonld.c — our JSON-LD writer (raptor 2.0.15 has none): compacted
 * JSON-LD 1.0/1.1 with an @context of the table prefixes some IRI uses,
 * one node object per subject, and for a dataset one {"@id", "@graph"}
 * object per named graph.
 *
 * Owns: nothing beyond a call (a scratch array of used prefixes).  Writes
 * to a borrowed FILE; the caller checks ferror/fflush.
 *
 * Layout (the quads arrive sorted by graph, subject, predicate, object):
 *
 *   {
 *     "@context": {"foaf": "http://xmlns.com/foaf/0.1/", ...},
 *     "@graph": [
 *       {"@id": "person:x", "@type": "foaf:Person", "foaf:name": "X"},   default graph
 *       {"@id": "src:doc1", "@graph": [ {node}, ... ]}                   named graphs
 *     ]
 *   }
 *
 * Every term is written so that a JSON-LD processor gives back exactly the
 * same RDF term, whatever its options:
 *   - IRIs as "prefix:local" only under the Turtle rule (mg_prefix_local_ok;
 *     every prefix IRI ends in '/' or '#'), otherwise in full;
 *   - literals without language or datatype as bare strings (xsd:string);
 *     with a language {"@value", "@language"}; with a datatype always
 *     {"@value": "lexical form", "@type": datatype}, never a JSON number or
 *     boolean, so "1.0"^^xsd:decimal stays "1.0" and stays xsd:decimal;
 *   - blank nodes as "_:label" (labels as Turtle writes them);
 *   - rdf:type with an IRI or blank object as "@type", with a literal
 *     object (rare) as an ordinary "rdf:type" property;
 *   - rdf:first/rdf:rest as ordinary properties (no @list), so a list
 *     keeps its blank nodes.
 * A key holding one value is written without an array, several in an array.
 */
#include "core/json.h"
#include "export/export_internal.h"

#include <stdlib.h>
#include <string.h>


/* An IRI as "prefix:local" when the set's table allows it, else in full. */
static void put_iri(FILE *out, const mg_xset *set, const char *iri, size_t len)
{
    const char *local = NULL;
    const mg_prefix *p = mg_x_prefix_for_iri(set, iri, len, &local);
    if (p && mg_prefix_local_ok(local, len - (size_t)(local - iri))) {
        size_t nl = strlen(p->name), rest = len - (size_t)(local - iri);
        char *c = malloc(nl + 1 + rest + 1);
        if (c) {
            memcpy(c, p->name, nl);
            c[nl] = ':';
            memcpy(c + nl + 1, local, rest);
            mg_json_string(out, c, nl + 1 + rest, 0);
            free(c);
            return;
        }
    }
    mg_json_string(out, iri, len, 0);
}

/* An IRI or blank node as the string of an @id or @type. */
static mg_code put_ref(FILE *out, const mg_xset *set, const mg_xterm *t,
                       mg_status *st)
{
    if (t->kind == MG_TERM_BLANK) {
        char *label = mg_x_blank_label(t, 0);
        if (!label)
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        fputs("\"_:", out);
        fputs(label, out); /* [A-Za-z0-9_.-]: nothing to escape */
        putc('"', out);
        free(label);
        return MG_OK;
    }
    put_iri(out, set, t->value, t->len);
    return MG_OK;
}

static mg_code put_object(FILE *out, const mg_xset *set, const mg_xterm *o,
                          mg_status *st)
{
    if (o->kind != MG_TERM_LITERAL) {
        fputs("{\"@id\": ", out);
        MG_TRY(put_ref(out, set, o, st));
        putc('}', out);
        return MG_OK;
    }
    if (!o->lang && !o->datatype) {
        mg_json_string(out, o->value, o->len, 0);
        return MG_OK;
    }
    fputs("{\"@value\": ", out);
    mg_json_string(out, o->value, o->len, 0);
    if (o->lang) {
        fputs(", \"@language\": ", out);
        mg_json_string(out, o->lang, strlen(o->lang), 0);
    } else {
        fputs(", \"@type\": ", out);
        put_iri(out, set, o->datatype, strlen(o->datatype));
    }
    putc('}', out);
    return MG_OK;
}

/* Whether quad i is written under "@type". */
static int as_type(const mg_xquad *q)
{
    return mg_x_is_rdf_type(q->p) && q->o->kind != MG_TERM_LITERAL;
}

/* Writes the values of quads [from, to) (one subject) that go under @type
 * (types=1) or under their predicate (types=0), as one value or an array. */
static mg_code put_values(FILE *out, const mg_xset *set, size_t from,
                          size_t to, int types, const char *pad, mg_status *st)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        n += as_type(&set->quads[i]) == types;
    if (n > 1)
        putc('[', out);
    size_t k = 0;
    for (size_t i = from; i < to; i++) {
        const mg_xquad *q = &set->quads[i];
        if (as_type(q) != types)
            continue;
        if (k++)
            putc(',', out);
        if (n > 1)
            fprintf(out, "\n%s    ", pad);
        if (types)
            MG_TRY(put_ref(out, set, q->o, st));
        else
            MG_TRY(put_object(out, set, q->o, st));
    }
    if (n > 1)
        fprintf(out, "\n%s]", pad);
    return MG_OK;
}

/* One node object for the subject of quads [from, to), indented by pad. */
static mg_code put_node(FILE *out, const mg_xset *set, size_t from, size_t to,
                        const char *pad, mg_status *st)
{
    fprintf(out, "%s{\n%s  \"@id\": ", pad, pad);
    MG_TRY(put_ref(out, set, set->quads[from].s, st));
    int any_type = 0;
    for (size_t i = from; i < to; i++)
        any_type |= as_type(&set->quads[i]);
    char inner[64];
    snprintf(inner, sizeof inner, "%s  ", pad);
    if (any_type) {
        fprintf(out, ",\n%s  \"@type\": ", pad);
        MG_TRY(put_values(out, set, from, to, 1, inner, st));
    }
    for (size_t i = from; i < to;) {
        size_t j = i + 1;
        while (j < to && set->quads[j].p == set->quads[i].p)
            j++;
        int literal_types = 0;
        for (size_t k = i; k < j; k++)
            literal_types += !as_type(&set->quads[k]);
        if (literal_types) {
            fprintf(out, ",\n%s  ", pad);
            put_iri(out, set, set->quads[i].p->value, set->quads[i].p->len);
            fputs(": ", out);
            MG_TRY(put_values(out, set, i, j, 0, inner, st));
        }
        i = j;
    }
    fprintf(out, "\n%s}", pad);
    return MG_OK;
}

/* The node objects of quads [from, to) (one graph), comma-separated. */
static mg_code put_nodes(FILE *out, const mg_xset *set, size_t from, size_t to,
                         const char *pad, mg_status *st)
{
    for (size_t i = from; i < to;) {
        size_t j = i + 1;
        while (j < to && set->quads[j].s == set->quads[i].s)
            j++;
        if (i != from)
            fputs(",\n", out);
        MG_TRY(put_node(out, set, i, j, pad, st));
        if (ferror(out))
            return MG_OK; /* mg_export reports it; stop writing */
        i = j;
    }
    return MG_OK;
}

static mg_code put_context(FILE *out, const mg_xset *set, int quads,
                           mg_status *st)
{
    size_t np = mg_x_prefix_count(set);
    unsigned char *used = mg_x_used_prefixes(set, quads, as_type);
    if (!used)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    fputs("{\n  \"@context\": {", out);
    int first = 1;
    for (size_t i = 0; i < np; i++) {
        if (!used[i])
            continue;
        const mg_prefix *p = mg_x_prefix_at(set, i);
        fputs(first ? "\n    " : ",\n    ", out);
        mg_json_string(out, p->name, strlen(p->name), 0);
        fputs(": ", out);
        mg_json_string(out, p->iri, strlen(p->iri), 0);
        first = 0;
    }
    fputs(first ? "},\n" : "\n  },\n", out);
    free(used);
    return MG_OK;
}

mg_code mg_x_write_jsonld(const mg_xset *set, int quads, FILE *out,
                          mg_status *st)
{
    MG_TRY(put_context(out, set, quads, st));
    fputs("  \"@graph\": [", out);
    int written = 0;
    for (size_t from = 0; from < set->n;) {
        const mg_xterm *g = quads ? set->quads[from].g : NULL;
        size_t to = from + 1;
        while (to < set->n && (!quads || set->quads[to].g == g))
            to++;
        fputs(written ? ",\n" : "\n", out);
        if (!g) {
            MG_TRY(put_nodes(out, set, from, to, "    ", st));
        } else {
            fputs("    {\n      \"@id\": ", out);
            MG_TRY(put_ref(out, set, g, st));
            fputs(",\n      \"@graph\": [\n", out);
            MG_TRY(put_nodes(out, set, from, to, "        ", st));
            fputs("\n      ]\n    }", out);
        }
        written = 1;
        from = to;
    }
    fputs(written ? "\n  ]\n}\n" : "]\n}\n", out);
    return MG_OK;
}
