/*
 * shell.h — `maillage shell`: the interactive prompt for the query
 * language (line editing, history, completion, dot-commands, pager), and
 * the same reader run on a script (`maillage shell < script.mq`).
 *
 * Owns: one mg_shell for the duration of mg_shell_run — the store handle
 * it keeps open, the completion word lists read from that store, the
 * parameters set with .param, the libedit state (edit.c) and the history
 * file it writes.  Nothing outlives mg_shell_run; SIGINT and SIGPIPE
 * handlers are put back as they were before it returns.
 *
 * Borrows: the options (the store spec, the version string, the hooks).
 *
 * Files:
 *   shell.c  the loop: reading lines, splitting statements at ';', running
 *            queries through the engine with a row sink, output and pager
 *   dot.c    the dot-commands (.help, .format, .load, ...)
 *   edit.c   libedit: prompt, history, the TAB key, Ctrl-C at the prompt
 *   words.c  the words TAB completes, read from the store, and completion
 */
#ifndef MG_SHELL_H
#define MG_SHELL_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "core/status.h"
#include "output/results.h"
#include "query/engine.h"
#include "store/db.h"

typedef struct mg_shell_opts {
    const char *store;   /* store spec; NULL: $MAILLAGE_STORE or the default */
    const char *version; /* shown in the banner */
    const char *format;  /* initial result format; NULL: table */
    int interactive;     /* -1: when standard input is a terminal; 0; 1 */
    /* `.stats` and `.graphs` run the commands of the same name, which open
     * the store themselves (the shell closes its handle meanwhile); each
     * returns a process exit code.  NULL: the dot-command is unavailable. */
    int (*stats)(void *ctx);
    int (*graphs)(void *ctx);
    void *hook_ctx;
} mg_shell_opts;

/* Runs the shell until .quit or end of input; returns the exit code: 1 if
 * a statement of a non-interactive session failed, else 0. */
int mg_shell_run(const mg_shell_opts *opts);

/* ---- internal to src/shell/ ------------------------------------------ */

/* Set by the SIGINT handler while the shell runs; the row sink and the
 * prompt test it.  Counts presses since the last reset. */
extern volatile sig_atomic_t mg_shell_interrupted;

typedef struct mg_wordlist {
    char **v;
    size_t n, cap;
} mg_wordlist;

int mg_wordlist_add(mg_wordlist *l, const char *s, size_t len);
void mg_wordlist_sort_unique(mg_wordlist *l);
void mg_wordlist_free(mg_wordlist *l);

typedef struct mg_edit mg_edit;

typedef struct mg_shell {
    const mg_shell_opts *opts;
    const char *spec;       /* the store spec in use */
    mg_db *db;              /* NULL when the store does not exist yet */
    int interactive;        /* prompts, banner, history, completion */
    int out_tty;            /* standard output is a terminal */
    mg_results_format format;
    char format_name[16];
    int timer, explain, pager;
    mg_param *params;       /* names and values owned */
    size_t nparams;
    mg_wordlist classes, preds, labels; /* completion, from the store */
    mg_edit *edit;          /* NULL when not interactive */
    int continuing;         /* the prompt continues a statement */
    int failed;             /* some statement failed */
    int quit;
    int depth;              /* .read nesting */
    const char *src;        /* input name for messages ("<stdin>", FILE) */
    unsigned long line;     /* line number in src where the statement began */
} mg_shell;

/* shell.c */
/* Runs every statement in `in` (a script or .read file). */
void mg_shell_run_file(mg_shell *sh, FILE *in, const char *name);
/* Reports an error: "error: MSG" at the prompt, "maillage: SRC:LINE: MSG"
 * in a script; marks the session failed. */
void mg_shell_error(mg_shell *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Opens (or with create, creates) the store; refreshes the word lists. */
mg_code mg_shell_open(mg_shell *sh, int create, mg_status *st);
void mg_shell_close(mg_shell *sh);
/* Writes output meant for the terminal: through $PAGER when it is wider
 * or taller than the terminal (at a terminal with .pager on), else to
 * standard output. */
void mg_shell_show(mg_shell *sh, const char *buf, size_t len);
/* Runs fn(ctx), which writes to standard output, and shows what it wrote
 * as mg_shell_show does; returns what fn returned. */
int mg_shell_captured(mg_shell *sh, int (*fn)(void *), void *ctx);
/* Runs one query of the language (without its ';'). */
void mg_shell_query(mg_shell *sh, const char *text, int explain);

/* The length of the IRI <scheme:...> at s (s[0] == '<'), 0 if none: the
 * lexer's rule, so that "a < b" stays a comparison. */
size_t mg_shell_iri_len(const char *s);

/* dot.c: runs one dot-command line (starting with '.'). */
void mg_shell_dot(mg_shell *sh, const char *line);
/* The dot-command names, NULL-terminated, for completion. */
extern const char *const mg_shell_dot_names[];

/* words.c */
/* Reads the class and predicate local names and the labels of the store
 * (nothing for a foreign store). */
void mg_shell_words_load(mg_shell *sh);
void mg_shell_words_free(mg_shell *sh);
/*
 * Completes `line` at byte `cursor`.  Returns the number of candidates
 * (0: none); out->insert (may be "") is what to insert at the cursor
 * (the common part, plus a closing quote or a space when unique); cands
 * the n candidates to list.  All owned: free with mg_shell_complete_free.
 */
typedef struct mg_completion {
    char *insert;
    char **cands;
    size_t n;
} mg_completion;
size_t mg_shell_complete(const mg_shell *sh, const char *line, size_t cursor,
                         mg_completion *out);
void mg_shell_complete_free(mg_completion *c);

/* edit.c */
mg_edit *mg_edit_new(mg_shell *sh);
void mg_edit_free(mg_edit *e);
/* Reads one line (malloc'd, without its newline).  NULL at end of input;
 * *interrupted is set when Ctrl-C abandoned the line. */
char *mg_edit_read(mg_edit *e, const char *prompt, int *interrupted);
void mg_edit_remember(mg_edit *e, const char *line);
/* The history file: $MAILLAGE_HISTORY, else ~/.maillage_history (NULL if
 * neither can be named).  malloc'd. */
char *mg_edit_history_path(void);

#endif
