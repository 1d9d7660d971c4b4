/*
 * edit.c — the line editor of `maillage shell` (shell.h), on libedit's
 * native API (histedit.h): emacs key bindings (~/.editrc is read), the
 * history kept in $MAILLAGE_HISTORY or ~/.maillage_history across
 * sessions, TAB bound to words.c's completion, and Ctrl-C at the prompt
 * abandoning the line instead of leaving.
 *
 * Owns: the EditLine and History of a session and the history file path;
 * mg_edit_free saves nothing more (each line is saved when entered) and
 * frees them.
 */
#include "shell/shell.h"

#include <errno.h>
#include <histedit.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define HISTORY_SIZE 2000
#define LIST_MAX 200

struct mg_edit {
    mg_shell *sh;
    EditLine *el;
    History *hist;
    char *path;       /* history file, or NULL */
    char prompt[32];
};

char *mg_edit_history_path(void)
{
    const char *env = getenv("MAILLAGE_HISTORY");
    if (env && *env)
        return strdup(env);
    const char *home = getenv("HOME");
    if (!home || !*home)
        return NULL;
    size_t n = strlen(home) + sizeof "/.maillage_history";
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/.maillage_history", home);
    return p;
}

static char *prompt_fn(EditLine *el)
{
    mg_edit *e = NULL;
    el_get(el, EL_CLIENTDATA, &e);
    return e ? e->prompt : "> ";
}

/* Prints the candidates in columns under the line being edited. */
static void list_candidates(const mg_completion *c)
{
    struct winsize ws;
    size_t cols = 80, widest = 1;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
        cols = ws.ws_col;
    size_t n = c->n < LIST_MAX ? c->n : LIST_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t w = 0;
        for (const char *p = c->cands[i]; *p; p++)
            w += ((unsigned char)*p & 0xC0) != 0x80;
        if (w > widest)
            widest = w;
    }
    size_t per_line = cols / (widest + 2);
    if (per_line == 0)
        per_line = 1;
    size_t rows = (n + per_line - 1) / per_line;
    fputc('\n', stdout);
    for (size_t r = 0; r < rows; r++) {
        for (size_t k = 0; k < per_line; k++) {
            size_t i = k * rows + r;
            if (i >= n)
                break;
            size_t w = 0;
            for (const char *p = c->cands[i]; *p; p++)
                w += ((unsigned char)*p & 0xC0) != 0x80;
            fputs(c->cands[i], stdout);
            if (k + 1 < per_line && i + rows < n)
                for (; w < widest + 2; w++)
                    fputc(' ', stdout);
        }
        fputc('\n', stdout);
    }
    if (c->n > n)
        printf("... and %zu more\n", c->n - n);
    fflush(stdout);
}

static unsigned char on_tab(EditLine *el, int ch)
{
    (void)ch;
    mg_edit *e = NULL;
    el_get(el, EL_CLIENTDATA, &e);
    const LineInfo *li = el_line(el);
    if (!e || !li)
        return CC_ERROR;
    size_t cursor = (size_t)(li->cursor - li->buffer);
    char *line = strndup(li->buffer, (size_t)(li->lastchar - li->buffer));
    if (!line)
        return CC_ERROR;
    mg_completion c;
    size_t n = mg_shell_complete(e->sh, line, cursor, &c);
    free(line);
    unsigned char rc = CC_REFRESH;
    if (n == 0) {
        rc = CC_REFRESH_BEEP;
    } else if (c.insert[0]) {
        if (el_insertstr(el, c.insert) != 0)
            rc = CC_ERROR;
    } else if (n > 1) {
        list_candidates(&c);
        rc = CC_REDISPLAY;
    }
    mg_shell_complete_free(&c);
    return rc;
}

mg_edit *mg_edit_new(mg_shell *sh)
{
    mg_edit *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->sh = sh;
    e->el = el_init("maillage", stdin, stdout, stderr);
    e->hist = history_init();
    if (!e->el || !e->hist) {
        mg_edit_free(e);
        return NULL;
    }
    HistEvent ev;
    history(e->hist, &ev, H_SETSIZE, HISTORY_SIZE);
    history(e->hist, &ev, H_SETUNIQUE, 1);
    e->path = mg_edit_history_path();
    if (e->path)
        history(e->hist, &ev, H_LOAD, e->path); /* absent the first time */
    el_set(e->el, EL_CLIENTDATA, e);
    el_set(e->el, EL_EDITOR, "emacs");
    el_set(e->el, EL_SIGNAL, 1);
    el_set(e->el, EL_PROMPT, prompt_fn);
    el_set(e->el, EL_HIST, history, e->hist);
    /* the wide-character call: the narrow one leaks copies of both
     * strings (libedit's eln.c says so) */
    el_wset(e->el, EL_ADDFN, L"mg-complete", L"complete a name or keyword",
            on_tab);
    el_set(e->el, EL_BIND, "^I", "mg-complete", NULL);
    /* readline's habit: Ctrl-R searches the history backwards */
    el_set(e->el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_source(e->el, NULL); /* ~/.editrc, if any */
    return e;
}

void mg_edit_free(mg_edit *e)
{
    if (!e)
        return;
    if (e->el)
        el_end(e->el);
    if (e->hist)
        history_end(e->hist);
    free(e->path);
    free(e);
}

char *mg_edit_read(mg_edit *e, const char *prompt, int *interrupted)
{
    *interrupted = 0;
    snprintf(e->prompt, sizeof e->prompt, "%s", prompt);
    mg_shell_interrupted = 0;
    for (;;) {
        int count = 0;
        errno = 0;
        const char *s = el_gets(e->el, &count);
        if (mg_shell_interrupted) {
            /* Ctrl-C: libedit returns what it had; drop it */
            mg_shell_interrupted = 0;
            fputs("^C\n", stdout);
            fflush(stdout);
            el_reset(e->el);
            *interrupted = 1;
            return NULL;
        }
        if (!s || count <= 0) {
            if (count < 0 && errno == EINTR)
                continue; /* another signal (a resize) */
            return NULL;
        }
        size_t n = (size_t)count;
        while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        return strndup(s, n);
    }
}

void mg_edit_remember(mg_edit *e, const char *line)
{
    HistEvent ev;
    history(e->hist, &ev, H_ENTER, line);
    if (e->path)
        history(e->hist, &ev, H_SAVE, e->path);
}
