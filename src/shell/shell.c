/*
 * shell.c — the loop of `maillage shell` (shell.h): reads lines (libedit
 * at a terminal, plain reads from a script), gathers them into statements
 * ended by ';' (outside strings, backquoted names and comments), runs each
 * query through the engine with a row sink that honours Ctrl-C, and writes
 * the rows, through $PAGER when they do not fit the terminal.
 *
 * Owns: the mg_shell of a run (its store handle, parameters, word lists,
 * editor) and, while a query runs, the result writer and the buffer its
 * output goes to on a terminal.  The SIGINT and SIGPIPE dispositions are
 * ours between mg_shell_run's start and its return.
 */
#include "shell/shell.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t mg_shell_interrupted;
static volatile sig_atomic_t query_running;

static void on_sigint(int sig)
{
    (void)sig;
    if (mg_shell_interrupted < 100)
        mg_shell_interrupted++;
    if (query_running && mg_shell_interrupted == 2) {
        static const char note[] =
            "\n(cancelling: the query stops at its next row; Ctrl-\\ quits)\n";
        ssize_t w = write(2, note, sizeof note - 1);
        (void)w;
    }
}

void mg_shell_error(mg_shell *sh, const char *fmt, ...)
{
    va_list ap;
    sh->failed = 1;
    fflush(stdout);
    if (sh->interactive && sh->depth == 0)
        fputs("error: ", stderr);
    else
        fprintf(stderr, "maillage: %s:%lu: ", sh->src, sh->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ---- the store --------------------------------------------------------- */

mg_code mg_shell_open(mg_shell *sh, int create, mg_status *st)
{
    mg_shell_close(sh);
    mg_code rc = mg_db_open(sh->spec, create ? MG_DB_CREATE : 0, &sh->db, st);
    if (rc != MG_OK && rc != MG_ERR_NOT_FOUND && !create) {
        /* a store we may not write (read-only files): read it anyway */
        mg_status_clear(st);
        rc = mg_db_open(sh->spec, MG_DB_READONLY, &sh->db, st);
    }
    if (rc != MG_OK) {
        sh->db = NULL;
        return rc;
    }
    if (sh->interactive)
        mg_shell_words_load(sh);
    return MG_OK;
}

void mg_shell_close(mg_shell *sh)
{
    if (sh->db)
        mg_db_close(sh->db);
    sh->db = NULL;
}

/* ---- statements -------------------------------------------------------- */

size_t mg_shell_iri_len(const char *s)
{
    int colon = 0;
    size_t i = 1;
    for (; s[i] && s[i] != '>'; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || strchr("<\"{}|^`\\", c))
            return 0;
        colon |= c == ':';
    }
    return s[i] == '>' && colon ? i + 1 : 0;
}

/*
 * Scans `s` for the first ';' outside strings ("..." '...' with backslash
 * escapes), backquoted names, IRIs (<scheme:...>) and comments (// to the end of the line,
 * slash-star to star-slash).  Returns its offset or -1; *blank tells
 * whether everything before it (or all of s) is space and comments.
 */
static long statement_end(const char *s, int *blank)
{
    *blank = 1;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (c == '"' || c == '\'' || c == '`') {
            *blank = 0;
            for (i++; s[i] && s[i] != c; i++)
                if (s[i] == '\\' && c != '`' && s[i + 1])
                    i++;
            if (!s[i])
                return -1;
        } else if (c == '<' && mg_shell_iri_len(s + i)) {
            *blank = 0; /* an IRI, whose // is no comment */
            i += mg_shell_iri_len(s + i) - 1;
        } else if (c == '/' && s[i + 1] == '/') {
            while (s[i + 1] && s[i + 1] != '\n')
                i++;
        } else if (c == '/' && s[i + 1] == '*') {
            const char *e = strstr(s + i + 2, "*/");
            if (!e)
                return -1;
            i = (size_t)(e - s) + 1;
        } else if (c == ';') {
            return (long)i;
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            *blank = 0;
        }
    }
    return -1;
}

typedef struct pending {
    char *p;
    size_t len, cap;
    unsigned long line; /* where the statement began */
} pending;

static int pending_add(pending *b, const char *s, size_t n)
{
    if (b->len + n + 2 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 2)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q)
            return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len++] = '\n';
    b->p[b->len] = '\0';
    return 0;
}

static int pending_blank(const pending *b)
{
    int blank;
    if (!b->len)
        return 1;
    return statement_end(b->p, &blank) < 0 && blank;
}

/* Handles one input line; `lineno` is its number in the current input. */
static void feed_line(mg_shell *sh, pending *b, const char *line,
                      unsigned long lineno)
{
    if (pending_blank(b)) {
        b->len = 0;
        const char *t = line + strspn(line, " \t");
        if (*t == '.') {
            sh->line = lineno;
            mg_shell_dot(sh, t);
            return;
        }
        b->line = lineno;
    }
    if (pending_add(b, line, strlen(line))) {
        mg_shell_error(sh, "out of memory");
        b->len = 0;
        return;
    }
    long end;
    int blank;
    while (!sh->quit && (end = statement_end(b->p, &blank)) >= 0) {
        b->p[end] = '\0';
        if (!blank) {
            sh->line = b->line;
            mg_shell_query(sh, b->p, sh->explain);
        }
        size_t rest = b->len - (size_t)end - 1;
        memmove(b->p, b->p + end + 1, rest + 1);
        b->len = rest;
        /* what follows on the same line starts the next statement */
        b->line = lineno;
        if (pending_blank(b))
            b->len = 0;
    }
}

void mg_shell_run_file(mg_shell *sh, FILE *in, const char *name)
{
    const char *saved_src = sh->src;
    unsigned long saved_line = sh->line;
    sh->src = name;
    pending b = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    while (!sh->quit && (n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        feed_line(sh, &b, line, lineno);
    }
    /* a last statement without its ';' still runs */
    if (!sh->quit && !pending_blank(&b)) {
        sh->line = b.line;
        mg_shell_query(sh, b.p, sh->explain);
    }
    free(line);
    free(b.p);
    sh->src = saved_src;
    sh->line = saved_line;
}

static void run_interactive(mg_shell *sh)
{
    pending b = {0};
    unsigned long lineno = 0;
    while (!sh->quit) {
        int intr = 0;
        sh->continuing = !pending_blank(&b);
        char *line = mg_edit_read(sh->edit,
                                  sh->continuing ? "   ...> " : "maillage> ",
                                  &intr);
        if (intr) {
            /* Ctrl-C at the prompt: abandon what was typed */
            b.len = 0;
            mg_shell_interrupted = 0;
            continue;
        }
        if (!line) {
            fputc('\n', stdout);
            break;
        }
        lineno++;
        if (line[strspn(line, " \t")])
            mg_edit_remember(sh->edit, line);
        feed_line(sh, &b, line, lineno);
        free(line);
    }
    free(b.p);
}

/* ---- running a query --------------------------------------------------- */

typedef struct sink_ctx {
    mg_shell *sh;
    FILE *out;
    mg_results *w;
    unsigned long long rows;
    int interrupted;
} sink_ctx;

static mg_code check_interrupt(sink_ctx *c, mg_status *st)
{
    if (mg_shell_interrupted) {
        c->interrupted = 1;
        return mg_fail(st, MG_ERR_IO, "interrupted");
    }
    return MG_OK;
}

static mg_code on_columns(void *vctx, const char *const *names, int n,
                          mg_status *st)
{
    sink_ctx *c = vctx;
    MG_TRY(check_interrupt(c, st));
    return mg_results_new(c->out, c->sh->format, names, n, &c->w, st);
}

static mg_code on_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    sink_ctx *c = vctx;
    MG_TRY(check_interrupt(c, st));
    c->rows++;
    return mg_results_row(c->w, cells, st);
}

static mg_code on_text(void *vctx, const char *line, mg_status *st)
{
    sink_ctx *c = vctx;
    MG_TRY(check_interrupt(c, st));
    if (fputs(line, c->out) < 0 || fputc('\n', c->out) < 0)
        return mg_fail(st, MG_ERR_IO, "cannot write the plan");
    return MG_OK;
}

/* Display columns of a UTF-8 line (code points; tabs to the next 8). */
static size_t display_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t')
            w = (w / 8 + 1) * 8;
        else if ((c & 0xC0) != 0x80)
            w++;
    }
    return w;
}

void mg_shell_show(mg_shell *sh, const char *buf, size_t len)
{
    if (!(sh->interactive && sh->out_tty && sh->pager)) {
        fwrite(buf, 1, len, stdout);
        fflush(stdout);
        return;
    }
    struct winsize ws;
    int cols = 80, rows = 24;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
        cols = ws.ws_col;
        rows = ws.ws_row;
    }
    size_t lines = 0, widest = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        size_t w = display_width(buf + i, e - i);
        if (w > widest)
            widest = w;
        lines++;
        i = e + 1;
    }
    FILE *p = NULL;
    if (sh->pager && (widest > (size_t)cols || lines + 1 > (size_t)rows)) {
        const char *cmd = getenv("PAGER");
        if (!cmd || !*cmd)
            cmd = "less -S -F -X";
        fflush(stdout);
        p = popen(cmd, "w");
    }
    if (p) {
        fwrite(buf, 1, len, p);
        pclose(p); /* waits for the pager; a write error means it quit */
        mg_shell_interrupted = 0;
    } else {
        fwrite(buf, 1, len, stdout);
        fflush(stdout);
    }
}

int mg_shell_captured(mg_shell *sh, int (*fn)(void *), void *ctx)
{
    fflush(stdout);
    if (!(sh->interactive && sh->out_tty && sh->pager))
        return fn(ctx);
    FILE *tmp = tmpfile();
    int saved = tmp ? dup(1) : -1;
    if (saved < 0 || dup2(fileno(tmp), 1) < 0) {
        if (saved >= 0)
            close(saved);
        if (tmp)
            fclose(tmp);
        return fn(ctx);
    }
    int rc = fn(ctx);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    off_t len = lseek(fileno(tmp), 0, SEEK_END);
    char *buf = len > 0 ? malloc((size_t)len) : NULL;
    if (buf && lseek(fileno(tmp), 0, SEEK_SET) == 0 &&
        read(fileno(tmp), buf, (size_t)len) == len)
        mg_shell_show(sh, buf, (size_t)len);
    free(buf);
    fclose(tmp);
    return rc;
}

static int starts_with_word(const char *s, const char *w)
{
    s += strspn(s, " \t\r\n");
    size_t n = strlen(w);
    return strncasecmp(s, w, n) == 0 &&
           (s[n] == ' ' || s[n] == '\t' || s[n] == '\r' || s[n] == '\n');
}

void mg_shell_query(mg_shell *sh, const char *text, int explain)
{
    if (!sh->db) {
        mg_shell_error(sh, "no store at %s: .load FILE creates it",
                       sh->spec ? sh->spec : mg_db_default_spec());
        return;
    }
    char *owned = NULL;
    if (explain && !starts_with_word(text, "EXPLAIN") &&
        !starts_with_word(text, "PROFILE")) {
        size_t n = strlen(text) + 9;
        owned = malloc(n);
        if (!owned) {
            mg_shell_error(sh, "out of memory");
            return;
        }
        snprintf(owned, n, "EXPLAIN %s", text);
        text = owned;
    }
    char *buf = NULL;
    size_t len = 0;
    sink_ctx c = {sh, stdout, NULL, 0, 0};
    int capture = sh->interactive && sh->out_tty && sh->pager;
    if (capture) {
        c.out = open_memstream(&buf, &len);
        if (!c.out) {
            c.out = stdout;
            capture = 0;
        }
    }
    mg_status st;
    mg_status_clear(&st);
    mg_param none = {NULL, NULL};
    mg_query_opts qo = {0};
    qo.params = sh->nparams ? sh->params : &none;
    qo.nparams = sh->nparams;
    qo.cancel = &mg_shell_interrupted;
    mg_row_sink sink = {&c, on_columns, on_row, on_text};
    struct timespec t0, t1;
    mg_shell_interrupted = 0;
    query_running = 1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mg_code rc = mg_query_exec(sh->db, text, &qo, &sink, &st);
    if (c.w) {
        if (rc == MG_OK && !mg_shell_interrupted)
            rc = mg_results_finish(c.w, &st);
        else
            mg_results_free(c.w);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    query_running = 0;
    int interrupted = c.interrupted || mg_shell_interrupted;
    mg_shell_interrupted = 0;
    if (capture) {
        fclose(c.out);
        if (rc == MG_OK && !interrupted)
            mg_shell_show(sh, buf, len);
        free(buf);
    } else {
        fflush(stdout);
    }
    if (interrupted) {
        fputc('\n', stderr); /* after the terminal's ^C */
        mg_shell_error(sh, "interrupted");
    } else if (rc != MG_OK) {
        mg_shell_error(sh, "%s", st.msg[0] ? st.msg : mg_code_name(st.code));
    } else if (sh->timer) {
        fprintf(stderr, "Run Time: %.3f s\n",
                (double)(t1.tv_sec - t0.tv_sec) +
                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    free(owned);
}

/* ---- the session ------------------------------------------------------- */

int mg_shell_run(const mg_shell_opts *opts)
{
    mg_shell sh;
    memset(&sh, 0, sizeof sh);
    sh.opts = opts;
    sh.spec = opts->store;
    sh.interactive = opts->interactive < 0 ? isatty(0) : opts->interactive;
    sh.out_tty = isatty(1);
    sh.pager = 1;
    sh.src = "<stdin>";
    mg_status st;
    mg_status_clear(&st);
    const char *fmt = opts->format ? opts->format : "table";
    if (mg_results_format_parse(fmt, 1, &sh.format, &st) != MG_OK) {
        fprintf(stderr, "maillage: %s\n", st.msg);
        return 2;
    }
    snprintf(sh.format_name, sizeof sh.format_name, "%s", fmt);

    struct sigaction sa, old_int, old_pipe;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = sh.interactive ? on_sigint : SIG_DFL;
    sigaction(SIGINT, &sa, &old_int);
    sa.sa_handler = SIG_IGN; /* a pager that quits early */
    sigaction(SIGPIPE, &sa, &old_pipe);
    mg_shell_interrupted = 0;

    mg_code rc = mg_shell_open(&sh, 0, &st);
    if (rc != MG_OK && rc != MG_ERR_NOT_FOUND) {
        fprintf(stderr, "maillage: %s\n", st.msg[0] ? st.msg : mg_code_name(rc));
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGPIPE, &old_pipe, NULL);
        return 1;
    }
    if (sh.interactive) {
        sh.edit = mg_edit_new(&sh);
        if (!sh.edit)
            sh.interactive = 0;
    }
    if (sh.interactive) {
        const char *where = sh.spec ? sh.spec : mg_db_default_spec();
        printf("Maillage%s%s shell on %s%s.\n"
               "Type a query ending with ';', or .help.  TAB completes, "
               "Ctrl-C cancels, .quit leaves.\n",
               opts->version ? " " : "", opts->version ? opts->version : "",
               where,
               sh.db ? "" : " (no store there yet: .load FILE creates it)");
        run_interactive(&sh);
    } else {
        mg_shell_run_file(&sh, stdin, "<stdin>");
    }
    mg_edit_free(sh.edit);
    mg_shell_close(&sh);
    mg_shell_words_free(&sh);
    for (size_t i = 0; i < sh.nparams; i++) {
        free((char *)sh.params[i].name);
        free((char *)sh.params[i].value);
    }
    free(sh.params);
    fflush(stdout);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    return sh.failed && !sh.interactive ? 1 : 0;
}
