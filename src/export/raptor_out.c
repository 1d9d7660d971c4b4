/*
 * raptor_out.c — the format written by a raptor serializer: RDF/XML
 * ("rdfxml").  (N-Triples and N-Quads are ours, see nquads.c.)
 *
 * Owns, during a call: a private raptor world (so serializer errors reach
 * our own log handler instead of librdf's, and we can tell that raptor
 * skipped a statement), the serializer and the terms built for it.
 *
 * "rdfxml" rather than "rdfxml-abbrev": in raptor 2.0.15 the abbreviating
 * writer can emit a broken root element (`<rdf:RDF ymlns:rdf=...`) and
 * nests blank nodes, dropping their labels.  The plain writer gives one
 * rdf:Description per statement, in our order, which `rapper -i rdfxml`
 * reads back to the same triples.  What RDF/XML cannot say is checked
 * before writing (raptor would only log it and skip the statement).
 */
#include "export/export_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/prefixes.h"

typedef struct rlog {
    char msg[MG_STATUS_MSG_MAX];
    int errors;
} rlog;

static void log_handler(void *data, raptor_log_message *m)
{
    rlog *log = data;
    if (m->level < RAPTOR_LOG_LEVEL_ERROR)
        return;
    if (log->errors++ == 0)
        snprintf(log->msg, sizeof log->msg, "%s", m->text ? m->text : "error");
}

/* ---- what RDF/XML cannot say ---- */

static int xml_name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c >= 0x80;
}

static int xml_name_char(unsigned char c)
{
    return xml_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Whether a predicate IRI ends in an XML NCName that raptor can use as the
 * element's local name (the namespace is the rest). */
static int predicate_splits(const mg_xterm *p)
{
    size_t i = p->len;
    while (i > 0 && xml_name_char((unsigned char)p->value[i - 1]))
        i--;
    while (i < p->len && !xml_name_start((unsigned char)p->value[i]))
        i++;
    return i < p->len && i > 0;
}

/* The first character XML 1.0 forbids in s (as its offset), or -1:
 * C0 controls but tab, LF and CR, and U+FFFE/U+FFFF. */
static long xml_bad_char(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return (long)i;
        if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
            ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF))
            return (long)i;
    }
    return -1;
}

static mg_code check_rdfxml(const mg_xset *set, mg_status *st)
{
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if (!predicate_splits(q->p))
            return mg_fail(st, MG_ERR_UNSUPPORTED,
                           "RDF/XML cannot write predicate <%s> (it does not "
                           "end in an XML name); use another format",
                           q->p->value);
        if (q->o->kind == MG_TERM_LITERAL) {
            long bad = xml_bad_char(q->o->value, q->o->len);
            if (bad >= 0)
                return mg_fail(st, MG_ERR_UNSUPPORTED,
                               "RDF/XML cannot write character U+%04X (in a "
                               "literal of %s %s); use another format",
                               (unsigned char)q->o->value[bad], q->s->key,
                               q->p->key);
        }
    }
    return MG_OK;
}

/* ---- terms ---- */

static raptor_term *make_term(raptor_world *w, const mg_xterm *t)
{
    switch (t->kind) {
    case MG_TERM_IRI:
        return raptor_new_term_from_counted_uri_string(
            w, (const unsigned char *)t->value, t->len);
    case MG_TERM_BLANK: {
        /* rdf:nodeID needs an XML name: re-encode other labels */
        char *label = mg_x_blank_label(t, 1);
        if (!label)
            return NULL;
        raptor_term *r = raptor_new_term_from_counted_blank(
            w, (const unsigned char *)label, strlen(label));
        free(label);
        return r;
    }
    case MG_TERM_LITERAL: {
        raptor_uri *dt = NULL;
        if (t->datatype) {
            dt = raptor_new_uri(w, (const unsigned char *)t->datatype);
            if (!dt)
                return NULL;
        }
        size_t ll = t->lang ? strlen(t->lang) : 0;
        raptor_term *r = raptor_new_term_from_counted_literal(
            w, (const unsigned char *)t->value, t->len, dt,
            (const unsigned char *)t->lang, (unsigned char)(ll > 255 ? 255 : ll));
        if (dt)
            raptor_free_uri(dt);
        return r;
    }
    }
    return NULL;
}

/* Declares the table prefixes some predicate uses, so RDF/XML elements
 * read foaf:name rather than ns0:name with a local xmlns each time.  The
 * namespace raptor splits off must be exactly the prefix's IRI. */
static mg_code declare_prefixes(raptor_world *w, raptor_serializer *ser,
                                const mg_xset *set, mg_status *st)
{
    size_t np = mg_x_prefix_count(set);
    unsigned char *used = calloc(np ? np : 1, 1);
    if (!used)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < set->n; i++) {
        const char *local = NULL;
        const mg_prefix *p =
            mg_x_prefix_for_iri(set, set->quads[i].p->value, set->quads[i].p->len, &local);
        if (p && *local && xml_name_start((unsigned char)*local)) {
            size_t rest = set->quads[i].p->len - (size_t)(local - set->quads[i].p->value);
            size_t k = 0;
            while (k < rest && xml_name_char((unsigned char)local[k]))
                k++;
            if (k == rest)
                used[p - mg_x_prefix_at(set, 0)] = 1;
        }
    }
    mg_code rc = MG_OK;
    for (size_t i = 0; i < np && rc == MG_OK; i++) {
        const mg_prefix *p = mg_x_prefix_at(set, i);
        if (!used[i] || strcmp(p->name, "rdf") == 0) /* raptor declares rdf: */
            continue;
        raptor_uri *u = raptor_new_uri(w, (const unsigned char *)p->iri);
        if (!u || raptor_serializer_set_namespace(ser, u,
                                                  (const unsigned char *)p->name))
            rc = mg_fail(st, MG_ERR_NOMEM, "cannot declare prefix %s:", p->name);
        if (u)
            raptor_free_uri(u);
    }
    free(used);
    return rc;
}

mg_code mg_x_write_rdfxml(const mg_xset *set, FILE *out, mg_status *st)
{
    const char *name = "rdfxml";
    MG_TRY(check_rdfxml(set, st));

    rlog log = {{0}, 0};
    /* libxml2 init/cleanup inside raptor: one world at a time (db.h) */
    mg_raptor_lock();
    raptor_world *w = raptor_new_world();
    if (!w) {
        mg_raptor_unlock();
        return mg_fail(st, MG_ERR_NOMEM, "cannot create a raptor world");
    }
    raptor_world_set_log_handler(w, &log, log_handler);
    mg_code rc = MG_OK;
    raptor_serializer *ser = NULL;
    if (raptor_world_open(w) || !(ser = raptor_new_serializer(w, name))) {
        rc = mg_fail(st, MG_ERR_INTERNAL, "raptor has no '%s' serializer", name);
        goto done;
    }
    if ((rc = declare_prefixes(w, ser, set, st)) != MG_OK)
        goto done;
    if (raptor_serializer_start_to_file_handle(ser, NULL, out)) {
        rc = mg_fail(st, MG_ERR_IO, "cannot start the %s writer: %s", name,
                     log.errors ? log.msg : "raptor failed");
        goto done;
    }
    for (size_t i = 0; i < set->n && rc == MG_OK; i++) {
        const mg_xquad *q = &set->quads[i];
        raptor_term *s = make_term(w, q->s);
        raptor_term *p = make_term(w, q->p);
        raptor_term *o = make_term(w, q->o);
        if (!s || !p || !o) {
            if (s) raptor_free_term(s);
            if (p) raptor_free_term(p);
            if (o) raptor_free_term(o);
            rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
            break;
        }
        raptor_statement *stmt = raptor_new_statement_from_nodes(w, s, p, o, NULL);
        if (!stmt) {
            rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
            break;
        }
        if (raptor_serializer_serialize_statement(ser, stmt) || log.errors)
            rc = mg_fail(st, MG_ERR_INTERNAL, "the %s writer failed on %s %s %s: %s",
                         name, q->s->key, q->p->key, q->o->key,
                         log.errors ? log.msg : "raptor failed");
        raptor_free_statement(stmt);
    }
    if (raptor_serializer_serialize_end(ser) && rc == MG_OK)
        rc = mg_fail(st, MG_ERR_IO, "the %s writer failed: %s", name,
                     log.errors ? log.msg : "raptor failed");
    if (rc == MG_OK && log.errors)
        rc = mg_fail(st, MG_ERR_INTERNAL, "the %s writer failed: %s", name, log.msg);
done:
    if (ser)
        raptor_free_serializer(ser);
    raptor_free_world(w);
    mg_raptor_unlock();
    return rc;
}
