/*
 * load_internal.h — what the files of src/load share and nobody else
 * needs: the layout of mg_quadbuf, one parse input (mg_parse_src), the
 * blank node labeller and the error locator.
 */
#ifndef MG_LOAD_INTERNAL_H
#define MG_LOAD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "load/load.h"

/* Term kinds in the buffer (literal forms kept apart so one byte says
 * which extra string follows the value). */
enum {
    MG_QT_IRI = 1,
    MG_QT_BLANK = 2,
    MG_QT_LIT = 3,      /* plain literal */
    MG_QT_LIT_LANG = 4, /* extra = language tag */
    MG_QT_LIT_DT = 5    /* extra = datatype IRI */
};

/* One interned term: arena[off, off+len) is the value, NUL, then the extra
 * string (xlen bytes) and NUL. */
typedef struct mg_qterm {
    uint64_t off;
    uint32_t len;
    uint32_t xlen;
    uint32_t hash; /* qb_hash of the term, kept for rehashing */
    uint8_t kind;
} mg_qterm;

struct mg_quadbuf {
    char *arena;
    size_t alen, acap;
    mg_qterm *terms;
    uint32_t nterms, tcap;
    /* open addressing: 0 empty, else (hash << 32) | (term number + 1) */
    uint64_t *htab;
    size_t hcap;
    uint32_t *quads; /* 4 term numbers per quad: g, s, p, o */
    size_t nquads, qcap;
    uint32_t *fgraphs; /* the file graph of every parsed input */
    size_t nfg, fgcap;
    /* Optional (mg_quadbuf_keep_lines): the source line of each quad,
     * lines[i] for quad i, 0 when unknown; nlines <= nquads. */
    int keep_lines;
    uint32_t *lines;
    size_t nlines, lcap;
};

mg_code mg_qb_intern(mg_quadbuf *qb, int kind, const char *v, size_t len,
                     const char *x, size_t xlen, uint32_t *out);
/* The same, trying *hint first (the term number last interned at this
 * place, UINT32_MAX for none) and setting it: consecutive statements
 * often repeat their subject or predicate. */
mg_code mg_qb_intern_hint(mg_quadbuf *qb, uint32_t *hint, int kind,
                          const char *v, size_t len, const char *x,
                          size_t xlen, uint32_t *out);
mg_code mg_qb_add(mg_quadbuf *qb, uint32_t g, uint32_t s, uint32_t p,
                  uint32_t o);
mg_code mg_qb_add_file_graph(mg_quadbuf *qb, uint32_t g);
void mg_qb_term(const mg_quadbuf *qb, uint32_t t, mg_term *out);
/* Records the source line of the last quad added (only when
 * qb->keep_lines; quads added without a line read as 0). */
mg_code mg_qb_set_last_line(mg_quadbuf *qb, uint32_t line);
/* Forgets quads and file graphs added after the counts given (interned
 * terms stay: they are harmless). */
void mg_qb_truncate(mg_quadbuf *qb, size_t nquads, size_t nfg);

/* One input to parse, wherever its bytes came from. */
typedef struct mg_parse_src {
    const char *data; /* the whole input */
    size_t len;
    const char *display;  /* name in messages: the path, or "<argument>" */
    const char *label;    /* name in blank node hashes: basename, "stdin" */
    const char *format;   /* canonical raptor parser name */
    const char *graph;    /* the file graph IRI */
    const char *base;     /* base IRI */
    int progress;
} mg_parse_src;

/* Parses one input in a raptor world of its own (URI interning off),
 * appending its quads to qb (on error qb holds what it held before). */
mg_code mg_parse_buffer(const mg_parse_src *src, mg_quadbuf *qb,
                        mg_status *st);
int mg_format_has_graphs(const char *format);

/* file:// IRI of the current directory with a trailing slash (malloc'd). */
char *mg_cwd_base(void);

/* ---- bulk.c: the fast path into our own store ---- */
/* Whether db's store is ours and MAILLAGE_BULK is not "0". */
int mg_bulk_enabled(const mg_db *db);
/* write_quads (commit.c) for our store, adding only: the same results and
 * the same all-or-nothing transaction, without a librdf call per quad. */
mg_code mg_bulk_write(mg_db *db, const mg_quadbuf *qb, int replace,
                      uint64_t *changed, uint64_t *dropped, size_t *ngraphs,
                      mg_status *st);

/* ---- bnode.c ---- */
/* out: "b" + 16 hex digits + NUL. */
void mg_bnode_label(const char *graph, const char *file_label,
                    const char *local, size_t local_len, char out[18]);
/* Installs our raptor blank node id handler in the parse's raptor world
 * (anonymous nodes get "/N" from *counter). */
void mg_bnode_install(raptor_world *world, uint64_t *counter);

/* ---- position.c ---- */
/* Decides whether a parse of the first `len` bytes fails with an error
 * other than "unexpected end of input" (used to find the offending token
 * of Turtle/TriG errors, for which raptor gives no column). */
typedef int (*mg_probe_fn)(void *ctx, size_t len);

/*
 * Formats "DISPLAY:LINE:COL: MESSAGE (found 'TOKEN')" into `out` from
 * raptor's line (1-based, <= 0 unknown), column (0-based, < 0 unknown) and
 * message, reading the input itself for the column and token.
 */
void mg_error_locate(const mg_parse_src *src, int line, int column,
                     const char *msg, mg_probe_fn probe, void *probe_ctx,
                     char *out, size_t outsz);

#endif
