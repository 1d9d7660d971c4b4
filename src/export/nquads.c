/*
 * nquads.c — our N-Triples and N-Quads writer: one statement per line,
 * full IRIs, terms written by mg_x_put_term (trig.c).
 *
 * Owns: nothing beyond a call.
 *
 * Not raptor's "ntriples"/"nquads" serializers: in raptor 2.0.15 they stop
 * a literal at its first NUL even when given its length, and write every
 * non-ASCII character as \uXXXX (valid, but French text becomes
 * "R\u00E9seau").  N-Triples and N-Quads 1.1 are UTF-8, so ours writes
 * UTF-8 as-is and escapes exactly what Turtle escapes.
 */
#include "export/export_internal.h"

mg_code mg_x_write_lines(const mg_xset *set, int quads, FILE *out,
                         mg_status *st)
{
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        MG_TRY(mg_x_put_term(out, q->s, 0, st));
        putc(' ', out);
        MG_TRY(mg_x_put_term(out, q->p, 0, st));
        putc(' ', out);
        MG_TRY(mg_x_put_term(out, q->o, 0, st));
        if (quads && q->g) {
            putc(' ', out);
            MG_TRY(mg_x_put_term(out, q->g, 0, st));
        }
        fputs(" .\n", out);
        if (ferror(out))
            return MG_OK; /* mg_export reports it; stop writing */
    }
    return MG_OK;
}
