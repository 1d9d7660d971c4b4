/*
 * parse.c — raptor → mg_quadbuf: converting every statement raptor emits
 * into interned terms, collecting raptor's errors, and progress.  Choosing
 * the format, reading a file and naming its graph and base IRI:
 * parse_file.c.
 *
 * Nothing here touches a model: the caller commits the buffer only once
 * every input has parsed (raptor emits triples before it reports an
 * error, so a partial file must never reach the store).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "load/load_internal.h"

#define MG_PARSE_SLICE ((size_t)1 << 16)

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- one raptor parse ------------------------------------------------- */

/* The first error raptor logged, and where. */
typedef struct err_sink {
    int have;
    int line, column;
    char msg[512];
} err_sink;

typedef struct parse_ctx {
    const mg_parse_src *src;
    mg_quadbuf *qb;
    uint32_t file_graph;
    raptor_parser *parser; /* while run_raptor runs (for line numbers) */
    mg_code fail; /* MG_ERR_NOMEM from a handler */
    err_sink err;
    uint64_t n;
    double t0, last;
    uint32_t hint[4]; /* the terms of the last statement (intern hints) */
} parse_ctx;

static void log_to_sink(void *user_data, raptor_log_message *m)
{
    err_sink *e = user_data;
    if (m->level < RAPTOR_LOG_LEVEL_ERROR)
        return;
    if (!e->have) {
        e->have = 1;
        snprintf(e->msg, sizeof e->msg, "%s", m->text ? m->text : "error");
    }
    /* The first message may lack a position (raptor's undeclared prefix
     * message does) while the next one on the same error has it. */
    if (e->line <= 0 && m->locator && m->locator->line > 0) {
        e->line = m->locator->line;
        e->column = m->locator->column;
    }
}

/*
 * raptor's parsers accept IRIs that RDF forbids (a space, a control
 * character, < > " { } | ^ ` or \ inside <…>); no writer can give them
 * back in a form a parser reads, so the file is refused: the first such
 * IRI becomes the parse error, with raptor's position.
 */
static mg_code bad_iri(parse_ctx *c, const char *s, size_t len,
                       const char *why)
{
    if (!c->err.have) {
        c->err.have = 1;
        char shown[80];
        snprintf(shown, sizeof shown, "%.*s%s", len > 60 ? 60 : (int)len, s,
                 len > 60 ? "…" : "");
        for (char *p = shown; *p; p++)
            if ((unsigned char)*p < 0x20)
                *p = '?';
        snprintf(c->err.msg, sizeof c->err.msg, "invalid IRI <%s>: %s", shown,
                 why);
        raptor_locator *loc =
            c->parser ? raptor_parser_get_locator(c->parser) : NULL;
        c->err.line = loc ? loc->line : 0;
        c->err.column = loc ? loc->column : 0;
    }
    return MG_ERR_SYNTAX;
}

/* An absolute IRI starts with a scheme: a letter, then letters, digits,
 * '+', '-' or '.', then ':' (RFC 3987).  raptor resolves relative
 * references against the base, but a namespace that is not an IRI (an
 * RDF/XML xmlns:ex="]ttp://…") gives names no base can fix, and no writer
 * can give them back: a reader would resolve them. */
static int has_scheme(const char *s, size_t len)
{
    if (!len || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    for (size_t i = 1; i < len; i++) {
        char ch = s[i];
        if (ch == ':')
            return 1;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.'))
            return 0;
    }
    return 0;
}

static mg_code check_iri(parse_ctx *c, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch > 0x20 && ch != '<' && ch != '>' && ch != '"' && ch != '{' &&
            ch != '}' && ch != '|' && ch != '^' && ch != '`' && ch != '\\')
            continue;
        char why[96];
        snprintf(why, sizeof why, "%s U+%04X is not allowed in an IRI",
                 ch <= 0x20 ? "the control character or space"
                            : "the character",
                 ch);
        return bad_iri(c, s, len, why);
    }
    if (!has_scheme(s, len))
        return bad_iri(c, s, len, "not an absolute IRI (it has no scheme)");
    return MG_OK;
}

static mg_code intern_term(parse_ctx *c, raptor_term *t, uint32_t *hint,
                           uint32_t *out)
{
    mg_quadbuf *qb = c->qb;
    size_t len;
    const char *s;
    switch (t->type) {
    case RAPTOR_TERM_TYPE_URI: {
        s = (const char *)raptor_uri_as_counted_string(t->value.uri, &len);
        uint32_t known = qb->nterms;
        MG_TRY(mg_qb_intern_hint(qb, hint, MG_QT_IRI, s, len, NULL, 0, out));
        /* checked once, when the term is new (the parse fails on a bad
         * one, and the buffer is rolled back with it) */
        return *out >= known ? check_iri(c, s, len) : MG_OK;
    }
    case RAPTOR_TERM_TYPE_BLANK: {
        char label[18];
        mg_bnode_label(c->src->graph, c->src->label,
                       (const char *)t->value.blank.string,
                       t->value.blank.string_len, label);
        return mg_qb_intern_hint(qb, hint, MG_QT_BLANK, label, 17, NULL, 0,
                                 out);
    }
    case RAPTOR_TERM_TYPE_LITERAL: {
        raptor_term_literal_value *l = &t->value.literal;
        const char *v = l->string ? (const char *)l->string : "";
        size_t vlen = l->string_len;
        if (l->language && l->language_len)
            return mg_qb_intern_hint(qb, hint, MG_QT_LIT_LANG, v, vlen,
                                     (const char *)l->language,
                                     l->language_len, out);
        if (l->datatype) {
            s = (const char *)raptor_uri_as_counted_string(l->datatype, &len);
            MG_TRY(check_iri(c, s, len));
            return mg_qb_intern_hint(qb, hint, MG_QT_LIT_DT, v, vlen, s, len,
                                     out);
        }
        return mg_qb_intern_hint(qb, hint, MG_QT_LIT, v, vlen, NULL, 0, out);
    }
    default:
        return MG_ERR_INTERNAL;
    }
}

/* A graph name.  A blank node as a graph name (N-Quads allows _:g) is
 * stored as the IRI MG_BLANK_GRAPH_PREFIX + its stable label: graphs are
 * listed, exported and dropped by IRI, and librdf's query glue cannot
 * take a blank context (RDF 1.1 Concepts §3.5 allows such skolem IRIs). */
static mg_code intern_graph(parse_ctx *c, raptor_term *t, uint32_t *hint,
                            uint32_t *out)
{
    if (t->type != RAPTOR_TERM_TYPE_BLANK)
        return intern_term(c, t, hint, out);
    char iri[sizeof MG_BLANK_GRAPH_PREFIX + 18];
    char label[18];
    mg_bnode_label(c->src->graph, c->src->label,
                   (const char *)t->value.blank.string,
                   t->value.blank.string_len, label);
    int n = snprintf(iri, sizeof iri, "%s%s", MG_BLANK_GRAPH_PREFIX, label);
    return mg_qb_intern_hint(c->qb, hint, MG_QT_IRI, iri, (size_t)n, NULL, 0,
                             out);
}

static void progress_line(parse_ctx *c, double t)
{
    double dt = t - c->t0;
    fprintf(stderr, "\r%s: %llu triples (%.0f triples/s)", c->src->display,
            (unsigned long long)c->n, dt > 0 ? (double)c->n / dt : 0.0);
    fflush(stderr);
    c->last = t;
}

static void on_statement(void *user_data, raptor_statement *s)
{
    parse_ctx *c = user_data;
    if (c->fail != MG_OK || c->err.have)
        return; /* the parse fails anyway: keep nothing more */
    uint32_t g = c->file_graph, sub, pred, obj;
    mg_code rc = MG_OK;
    if (s->graph)
        rc = intern_graph(c, s->graph, &c->hint[0], &g);
    if (rc == MG_OK)
        rc = intern_term(c, s->subject, &c->hint[1], &sub);
    if (rc == MG_OK)
        rc = intern_term(c, s->predicate, &c->hint[2], &pred);
    if (rc == MG_OK)
        rc = intern_term(c, s->object, &c->hint[3], &obj);
    if (rc == MG_OK)
        rc = mg_qb_add(c->qb, g, sub, pred, obj);
    if (rc == MG_OK && c->qb->keep_lines && c->parser) {
        raptor_locator *loc = raptor_parser_get_locator(c->parser);
        rc = mg_qb_set_last_line(c->qb, loc && loc->line > 0
                                            ? (uint32_t)loc->line
                                            : 0);
    }
    if (rc == MG_ERR_SYNTAX)
        return; /* c->err says what and where */
    if (rc != MG_OK) {
        c->fail = rc;
        return;
    }
    c->n++;
    if (c->src->progress && (c->n & 4095) == 0) {
        double t = now_seconds();
        if (t - c->last >= 0.5)
            progress_line(c, t);
    }
}

static void ignore_statement(void *user_data, raptor_statement *s)
{
    (void)user_data;
    (void)s;
}

/*
 * The raptor world our parses run in: one of our own per parse, not the
 * librdf world's, so that its handlers (errors, blank node ids) are ours
 * alone and URI interning can be off.  raptor interns every IRI it
 * parses in a tree (a search and an insertion per IRI, a deletion when
 * it is freed): a quarter of the time of an N-Triples parse, for nothing
 * here, since terms become strings at once.
 */
/* The world is made and freed under mg_raptor_lock (db.h): the lock is
 * held for the whole parse, released by parse_world_free. */
static raptor_world *parse_world_new(void)
{
    mg_raptor_lock();
    raptor_world *rw = raptor_new_world();
    if (!rw) {
        mg_raptor_unlock();
        return NULL;
    }
    raptor_world_set_flag(rw, RAPTOR_WORLD_FLAG_URI_INTERNING, 0);
    if (raptor_world_open(rw) != 0) {
        raptor_free_world(rw);
        mg_raptor_unlock();
        return NULL;
    }
    return rw;
}

static void parse_world_free(raptor_world *rw)
{
    raptor_free_world(rw);
    mg_raptor_unlock();
}

/* Runs one raptor parse of data[0, len) with statements going to
 * `handler` and errors to `sink`.  Returns raptor's result (0: ok).
 * `live` (may be NULL) holds the parser while it runs. */
static int run_raptor(raptor_world *rw, const mg_parse_src *src, size_t len,
                      void *ctx, raptor_statement_handler handler,
                      err_sink *sink, raptor_parser **live)
{
    raptor_world_set_log_handler(rw, sink, log_to_sink);
    raptor_parser *p = raptor_new_parser(rw, src->format);
    raptor_uri *base = raptor_new_uri(rw, (const unsigned char *)src->base);
    int rc = -1;
    if (p && base) {
        raptor_parser_set_option(p, RAPTOR_OPTION_NO_NET, NULL, 1);
        raptor_parser_set_option(p, RAPTOR_OPTION_NO_FILE, NULL, 1);
        raptor_parser_set_statement_handler(p, ctx, handler);
        if (live)
            *live = p;
        rc = raptor_parser_parse_start(p, base);
        /* N-Triples and N-Quads in slices: given the whole input at once,
         * raptor would first copy it into a buffer of its own. */
        size_t slice = strcmp(src->format, "ntriples") == 0 ||
                               strcmp(src->format, "nquads") == 0
                           ? MG_PARSE_SLICE
                           : len;
        for (size_t off = 0; rc == 0;) {
            size_t n = len - off < slice ? len - off : slice;
            int end = off + n == len;
            rc = raptor_parser_parse_chunk(
                p, (const unsigned char *)src->data + off, n, end);
            off += n;
            if (end)
                break;
        }
    }
    if (live)
        *live = NULL;
    if (p)
        raptor_free_parser(p);
    if (base)
        raptor_free_uri(base);
    return rc;
}

typedef struct probe_ctx {
    raptor_world *rw;
    const mg_parse_src *src;
} probe_ctx;

/* mg_probe_fn: does a parse of the first `len` bytes fail other than by
 * running out of input?  (bison says "unexpected $end" for that.) */
static int probe(void *ctx, size_t len)
{
    probe_ctx *pc = ctx;
    err_sink sink = {0};
    uint64_t counter = 0;
    mg_bnode_install(pc->rw, &counter);
    int rc = run_raptor(pc->rw, pc->src, len, NULL, ignore_statement, &sink,
                        NULL);
    if (rc == 0 && !sink.have)
        return 0;
    return !strstr(sink.msg, "$end") && !strstr(sink.msg, "end of file");
}

/*
 * raptor 2.0.15 ends a string at a NUL character: "a\u0000b" reaches us
 * as "a", silently.  Rather than store a cut value, a file holding a NUL
 * (a raw byte, or a \u0000 / \U00000000 escape whose backslash is not
 * itself escaped) is refused with its position.  Not for RDF/XML, where
 * a NUL is not allowed at all and raptor reports it.
 */
static mg_code reject_nul(const mg_parse_src *src, mg_status *st)
{
    if (strcmp(src->format, "rdfxml") == 0)
        return MG_OK;
    const char *d = src->data;
    size_t n = src->len;
    if (!n)
        return MG_OK;
    const char *z = memchr(d, 0, n);
    size_t at = z ? (size_t)(z - d) : n;
    /* escapes before it, from one backslash to the next (memchr: most
     * files have few) */
    size_t i = 0;
    while (i < at) {
        const char *b = memchr(d + i, '\\', at - i);
        if (!b)
            break;
        i = (size_t)(b - d);
        if ((i + 6 <= n && d[i + 1] == 'u' && memcmp(d + i + 2, "0000", 4) == 0) ||
            (i + 10 <= n && d[i + 1] == 'U' &&
             memcmp(d + i + 2, "00000000", 8) == 0)) {
            at = i;
            break;
        }
        i += 2; /* an escaped character: \\ does not escape the next one */
    }
    if (at == n)
        return MG_OK;
    unsigned long line = 1, col = 1;
    for (size_t k = 0; k < at; k++) {
        if (d[k] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)d[k] & 0xC0) != 0x80) {
            col++;
        }
    }
    return mg_fail(st, MG_ERR_SYNTAX,
                   "%s:%lu:%lu: a NUL character (%s): raptor, which parses "
                   "the file, would cut the string there, so the file is "
                   "not loaded",
                   src->display, line, col,
                   d[at] ? "a \\u0000 escape" : "a zero byte");
}

mg_code mg_parse_buffer(const mg_parse_src *src, mg_quadbuf *qb,
                        mg_status *st)
{
    MG_TRY(reject_nul(src, st));
    size_t nq0 = qb->nquads, nfg0 = qb->nfg;
    parse_ctx c = {.src = src, .qb = qb};
    memset(c.hint, 0xff, sizeof c.hint);
    c.t0 = c.last = now_seconds();
    mg_code rc = mg_qb_intern(qb, MG_QT_IRI, src->graph, strlen(src->graph),
                              NULL, 0, &c.file_graph);
    if (rc == MG_OK)
        rc = mg_qb_add_file_graph(qb, c.file_graph);
    raptor_world *rw = rc == MG_OK ? parse_world_new() : NULL;
    if (!rw)
        return mg_fail(st, MG_ERR_NOMEM, "%s: out of memory", src->display);

    uint64_t counter = 0;
    mg_bnode_install(rw, &counter);
    int prc = run_raptor(rw, src, src->len, &c, on_statement, &c.err,
                         &c.parser);
    if (src->progress) {
        progress_line(&c, now_seconds());
        fputc('\n', stderr);
    }
    if (c.fail != MG_OK) {
        rc = mg_fail(st, c.fail, "%s: out of memory after %llu triples",
                     src->display, (unsigned long long)c.n);
    } else if (prc != 0 || c.err.have) {
        char msg[MG_STATUS_MSG_MAX];
        probe_ctx pc = {rw, src};
        mg_error_locate(src, c.err.line, c.err.column,
                        c.err.have ? c.err.msg : "cannot parse the input",
                        (strcmp(src->format, "turtle") == 0 ||
                         strcmp(src->format, "trig") == 0)
                            ? probe
                            : NULL,
                        &pc, msg, sizeof msg);
        rc = mg_fail(st, MG_ERR_SYNTAX, "%s", msg);
    }
    parse_world_free(rw);
    if (rc != MG_OK)
        mg_qb_truncate(qb, nq0, nfg0);
    return rc;
}
