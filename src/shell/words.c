/*
 * words.c — what TAB completes in `maillage shell` (shell.h): keywords
 * and functions of the language, dot-commands and their arguments, file
 * names, the local names (after '#' or '/') of the classes and predicates
 * of the store (its statistics, plus what the ontology declares), and the
 * labels (rdfs:label, skos:prefLabel, skos:altLabel) inside quotes.
 *
 * Owns: the word lists of the mg_shell (read once per store opening, at
 * the id level, in one read transaction) and every mg_completion result.
 */
#include "shell/shell.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define OWL "http://www.w3.org/2002/07/owl#"
#define SKOS "http://www.w3.org/2004/02/skos/core#"

#define MAX_LABELS 100000
#define MAX_LABEL_LEN 200

/* ---- word lists -------------------------------------------------------- */

int mg_wordlist_add(mg_wordlist *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    char *c = strndup(s, len);
    if (!c)
        return -1;
    l->v[l->n++] = c;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void mg_wordlist_sort_unique(mg_wordlist *l)
{
    if (l->n < 2)
        return;
    qsort(l->v, l->n, sizeof *l->v, cmp_str);
    size_t o = 1;
    for (size_t i = 1; i < l->n; i++) {
        if (strcmp(l->v[i], l->v[o - 1]) == 0)
            free(l->v[i]);
        else
            l->v[o++] = l->v[i];
    }
    l->n = o;
}

void mg_wordlist_free(mg_wordlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* ---- reading the store ------------------------------------------------- */

/* A name the lexer reads as one identifier: letters, digits, '_' and any
 * non-ASCII byte, not starting with a digit. */
static int is_name(const char *s, size_t n)
{
    if (!n || isdigit((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '_' || c >= 0x80))
            return 0;
    }
    return 1;
}

/* Adds the local name of IRI term `id` (after the last '#' or '/'). */
static void add_local(mg_txn *t, mg_id id, mg_wordlist *l)
{
    mg_term term;
    mg_status st;
    mg_status_clear(&st);
    if (mg_term_get(t, id, &term, &st) != MG_OK || term.kind != MG_TERM_IRI)
        return;
    size_t i = term.len;
    while (i > 0 && term.value[i - 1] != '#' && term.value[i - 1] != '/')
        i--;
    if (is_name(term.value + i, term.len - i))
        mg_wordlist_add(l, term.value + i, term.len - i);
}

typedef struct stat_ctx {
    mg_txn *t;
    mg_wordlist *l;
} stat_ctx;

static int on_stat(void *vctx, mg_id id, uint64_t count)
{
    stat_ctx *c = vctx;
    (void)count;
    add_local(c->t, id, c->l);
    return 0;
}

static mg_id iri_id(mg_txn *t, const char *iri)
{
    mg_term term = {MG_TERM_IRI, iri, strlen(iri), NULL, NULL};
    mg_id id = 0;
    if (mg_term_lookup(t, &term, &id, NULL) != MG_OK)
        return 0;
    return id;
}

/* Subjects of (?, p, o) added as local names, or objects of (?, p, ?) as
 * labels when `labels` is set. */
static void scan(mg_txn *t, mg_id p, mg_id o, mg_wordlist *l, int labels)
{
    if (!p || (!labels && !o))
        return;
    mg_quad pat = {0, 0, p, o}, q;
    mg_cursor *c;
    mg_status st;
    mg_status_clear(&st);
    if (mg_cursor_open(t, &pat, MG_CURSOR_DISTINCT, &c, &st) != MG_OK)
        return;
    while (mg_cursor_next(c, &q, &st) == 1) {
        if (!labels) {
            add_local(t, q.s, l);
            continue;
        }
        if (l->n >= MAX_LABELS)
            break;
        mg_term term;
        if (mg_term_get(t, q.o, &term, &st) == MG_OK &&
            term.kind == MG_TERM_LITERAL && term.len <= MAX_LABEL_LEN &&
            !memchr(term.value, '\n', term.len))
            mg_wordlist_add(l, term.value, term.len);
    }
    mg_cursor_close(c);
}

void mg_shell_words_load(mg_shell *sh)
{
    mg_shell_words_free(sh);
    if (!sh->db || !sh->db->native)
        return;
    mg_txn *t;
    mg_status st;
    mg_status_clear(&st);
    if (mg_txn_begin(sh->db->native, 0, &t, &st) != MG_OK)
        return;
    stat_ctx cc = {t, &sh->classes}, pc = {t, &sh->preds};
    mg_stat_each(t, 'c', on_stat, &cc, &st);
    mg_stat_each(t, 'p', on_stat, &pc, &st);
    /* what the ontologies declare, even without instances or uses */
    mg_id type = iri_id(t, RDF "type");
    scan(t, type, iri_id(t, OWL "Class"), &sh->classes, 0);
    scan(t, type, iri_id(t, RDFS "Class"), &sh->classes, 0);
    static const char *const props[] = {
        OWL "ObjectProperty", OWL "DatatypeProperty", OWL "AnnotationProperty",
        OWL "SymmetricProperty", OWL "TransitiveProperty", RDF "Property"};
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
        scan(t, type, iri_id(t, props[i]), &sh->preds, 0);
    scan(t, iri_id(t, RDFS "label"), 0, &sh->labels, 1);
    scan(t, iri_id(t, SKOS "prefLabel"), 0, &sh->labels, 1);
    scan(t, iri_id(t, SKOS "altLabel"), 0, &sh->labels, 1);
    mg_txn_abort(t);
    mg_wordlist_sort_unique(&sh->classes);
    mg_wordlist_sort_unique(&sh->preds);
    mg_wordlist_sort_unique(&sh->labels);
}

void mg_shell_words_free(mg_shell *sh)
{
    mg_wordlist_free(&sh->classes);
    mg_wordlist_free(&sh->preds);
    mg_wordlist_free(&sh->labels);
}

/* ---- completion -------------------------------------------------------- */

static const char *const keywords[] = {
    "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "DISTINCT", "AS",
    "ORDER", "BY", "ASC", "DESC", "SKIP", "LIMIT", "UNION", "ALL", "AND",
    "OR", "XOR", "NOT", "IS", "NULL", "IN", "STARTS", "ENDS", "CONTAINS",
    "TRUE", "FALSE", "EXPLAIN", "PROFILE", NULL};

static const char *const functions[] = {
    "id", "type", "labels", "source", "fold", "lower", "upper", "toLower",
    "toUpper", "trim", "str", "lang", "year", "date", "size", "coalesce",
    "count", "collect", "min", "max", "sum", "avg", NULL};

static const char *const formats[] = {"table", "csv", "tsv", "json",
                                      "ndjson", "csv-excel", NULL};
static const char *const onoff[] = {"on", "off", NULL};

typedef struct cands {
    mg_wordlist w;
    int fold; /* prefix matched ignoring ASCII case */
} cands;

static int has_prefix(const char *s, const char *p, size_t n, int fold)
{
    return fold ? strncasecmp(s, p, n) == 0 : strncmp(s, p, n) == 0;
}

static void add_matches(cands *c, const char *const *words, const char *p,
                        size_t n, int lower)
{
    for (size_t i = 0; words[i]; i++) {
        if (!has_prefix(words[i], p, n, c->fold))
            continue;
        size_t len = strlen(words[i]);
        if (mg_wordlist_add(&c->w, words[i], len) == 0 && lower) {
            char *s = c->w.v[c->w.n - 1];
            for (size_t k = 0; k < len; k++)
                s[k] = (char)tolower((unsigned char)s[k]);
        }
    }
}

static void add_list(cands *c, const mg_wordlist *l, const char *p, size_t n)
{
    for (size_t i = 0; i < l->n; i++)
        if (has_prefix(l->v[i], p, n, c->fold))
            mg_wordlist_add(&c->w, l->v[i], strlen(l->v[i]));
}

/* Files and directories whose path starts with p[0..n). */
static void add_files(cands *c, const char *p, size_t n)
{
    const char *slash = NULL;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '/')
            slash = p + i;
    char *dir = slash ? strndup(p, (size_t)(slash - p) + 1) : strdup("./");
    const char *base = slash ? slash + 1 : p;
    size_t blen = n - (size_t)(base - p);
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            (e->d_name[0] == '.' && !(blen && base[0] == '.')) ||
            strncmp(e->d_name, base, blen) != 0)
            continue;
        size_t plen = (size_t)(base - p), nlen = strlen(e->d_name);
        char *full = malloc(plen + nlen + 2);
        if (!full)
            break;
        memcpy(full, p, plen);
        memcpy(full + plen, e->d_name, nlen + 1);
        struct stat sb;
        char *path = malloc(strlen(dir) + nlen + 1);
        if (path) {
            sprintf(path, "%s%s", dir, e->d_name);
            if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
                strcat(full, "/");
            free(path);
        }
        mg_wordlist_add(&c->w, full, strlen(full));
        free(full);
    }
    if (d)
        closedir(d);
    free(dir);
}

static int name_byte(unsigned char c)
{
    return isalnum(c) || c == '_' || c >= 0x80;
}

/* The innermost '(' or '[' open before `end` on the line, or 0. */
static char open_bracket(const char *line, size_t end)
{
    int depth_round = 0, depth_square = 0;
    for (size_t i = end; i-- > 0;) {
        char c = line[i];
        if (c == ')')
            depth_round++;
        else if (c == ']')
            depth_square++;
        else if (c == '(' && depth_round-- == 0)
            return '(';
        else if (c == '[' && depth_square-- == 0)
            return '[';
    }
    return 0;
}

size_t mg_shell_complete(const mg_shell *sh, const char *line, size_t cursor,
                         mg_completion *out)
{
    memset(out, 0, sizeof *out);
    cands c = {{0}, 0};
    const char *word = NULL; /* the text being completed */
    size_t wlen = 0;
    const char *unique_suffix = "";
    char quote_end[2] = {0, 0};

    /* Where the cursor is: in a string?  (after a // comment: nothing) */
    char quote = 0;
    size_t qstart = 0;
    for (size_t i = 0; i < cursor; i++) {
        char ch = line[i];
        if (quote) {
            if (ch == '\\' && quote != '`' && i + 1 < cursor)
                i++;
            else if (ch == quote)
                quote = 0;
        } else if (ch == '"' || ch == '\'' || ch == '`') {
            quote = ch;
            qstart = i + 1;
        } else if (ch == '<' && mg_shell_iri_len(line + i) &&
                   i + mg_shell_iri_len(line + i) <= cursor) {
            i += mg_shell_iri_len(line + i) - 1;
        } else if (ch == '/' && i + 1 < cursor && line[i + 1] == '/') {
            return 0;
        }
    }
    const char *lead = line + strspn(line, " \t");
    if (*lead == '.' && !sh->continuing) {
        /* a dot-command: its name, then its arguments */
        size_t off = (size_t)(lead - line);
        size_t name_end = off + strcspn(lead, " \t");
        if (cursor <= name_end) {
            word = lead;
            wlen = cursor - off;
            add_matches(&c, mg_shell_dot_names, word, wlen, 0);
            unique_suffix = " ";
        } else {
            size_t ws = cursor;
            while (ws > name_end && line[ws - 1] != ' ' && line[ws - 1] != '\t')
                ws--;
            word = line + ws;
            wlen = cursor - ws;
            size_t nlen = name_end - off;
            if (nlen == 7 && strncmp(lead, ".format", 7) == 0) {
                add_matches(&c, formats, word, wlen, 0);
            } else if ((nlen == 6 && strncmp(lead, ".timer", 6) == 0) ||
                       (nlen == 6 && strncmp(lead, ".pager", 6) == 0)) {
                add_matches(&c, onoff, word, wlen, 0);
            } else if ((nlen == 5 && strncmp(lead, ".load", 5) == 0) ||
                       (nlen == 5 && strncmp(lead, ".read", 5) == 0) ||
                       (nlen == 7 && strncmp(lead, ".export", 7) == 0)) {
                add_files(&c, word, wlen);
            } else {
                return 0;
            }
            unique_suffix = " ";
        }
    } else if (quote == '"' || quote == '\'') {
        /* a label */
        word = line + qstart;
        wlen = cursor - qstart;
        for (int pass = 0; pass < 2 && c.w.n == 0; pass++) {
            c.fold = pass;
            for (size_t i = 0; i < sh->labels.n; i++)
                if (!strchr(sh->labels.v[i], quote) &&
                    !strchr(sh->labels.v[i], '\\') &&
                    has_prefix(sh->labels.v[i], word, wlen, c.fold))
                    mg_wordlist_add(&c.w, sh->labels.v[i],
                                    strlen(sh->labels.v[i]));
        }
        quote_end[0] = quote;
        unique_suffix = quote_end;
    } else if (!quote) {
        size_t ws = cursor;
        while (ws > 0 && name_byte((unsigned char)line[ws - 1]))
            ws--;
        word = line + ws;
        wlen = cursor - ws;
        char before = ws > 0 ? line[ws - 1] : ' ';
        char before2 = ws > 1 ? line[ws - 2] : ' ';
        if (before == ':') {
            /* :Class inside ( ), :relationship inside [ ], else both (the
             * same after a variable, (p:Per, or a prefix, foaf:Per) */
            char b = open_bracket(line, ws);
            if (b != '[')
                add_list(&c, &sh->classes, word, wlen);
            if (b != '(')
                add_list(&c, &sh->preds, word, wlen);
        } else if (before == '.' && ws > 1 && name_byte((unsigned char)before2)) {
            add_list(&c, &sh->preds, word, wlen);
        } else if (before == '$') {
            for (size_t i = 0; i < sh->nparams; i++)
                if (has_prefix(sh->params[i].name, word, wlen, 0))
                    mg_wordlist_add(&c.w, sh->params[i].name,
                                    strlen(sh->params[i].name));
        } else if (before != ':' && before != '.' && wlen > 0) {
            c.fold = 1;
            int lower = islower((unsigned char)word[0]);
            add_matches(&c, keywords, word, wlen, lower);
            add_matches(&c, functions, word, wlen, 0);
            if (c.w.n == 1)
                unique_suffix = " ";
        }
    }
    mg_wordlist_sort_unique(&c.w);
    if (c.w.n == 0) {
        mg_wordlist_free(&c.w);
        return 0;
    }
    /* the common prefix of the candidates, beyond what is typed */
    size_t common = strlen(c.w.v[0]);
    for (size_t i = 1; i < c.w.n; i++) {
        size_t k = 0;
        while (k < common && c.w.v[i][k] &&
               (c.fold ? tolower((unsigned char)c.w.v[i][k]) ==
                             tolower((unsigned char)c.w.v[0][k])
                       : c.w.v[i][k] == c.w.v[0][k]))
            k++;
        common = k;
    }
    /* do not cut a UTF-8 character in two */
    while (common > wlen && common < strlen(c.w.v[0]) &&
           ((unsigned char)c.w.v[0][common] & 0xC0) == 0x80)
        common--;
    const char *suffix = c.w.n == 1 ? unique_suffix : "";
    if (c.w.n == 1 && c.w.v[0][strlen(c.w.v[0]) - 1] == '/')
        suffix = ""; /* a directory: go on inside it */
    size_t add = common > wlen ? common - wlen : 0;
    out->insert = malloc(add + strlen(suffix) + 1);
    if (!out->insert) {
        mg_wordlist_free(&c.w);
        return 0;
    }
    memcpy(out->insert, c.w.v[0] + (common > wlen ? wlen : common), add);
    strcpy(out->insert + add, suffix);
    /* A case-insensitive match may differ in what is already typed: then
     * the typed text stays as it is (only the rest is inserted). */
    out->cands = c.w.v;
    out->n = c.w.n;
    return out->n;
}

void mg_shell_complete_free(mg_completion *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->cands[i]);
    free(c->cands);
    free(c->insert);
    memset(c, 0, sizeof *c);
}
