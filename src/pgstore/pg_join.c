/*
 * pg_join.c — a run of the engine's pattern steps as one SQL query
 * (store.h "Joins pushed down to the backend"): PostgreSQL's planner
 * then picks the join order and methods over the quads' four indexes.
 *
 * Each atom becomes a derived table of mg_quads (an EDGE with several
 * predicates or directions, a UNION ALL of one branch each); a variable
 * is the column of the first atom that binds it, and every later mention
 * is an equality.  A TYPE atom whose node is already bound is an EXISTS.
 *
 * Rows and order are the engine's:
 *   - the engine reads distinct triples, the quads table has one row per
 *     graph: SELECT DISTINCT over every variable, every predicate that is
 *     not a constant and every branch number collapses the copies, and no
 *     two distinct matches share those values;
 *   - the engine's nested loops read each step in its cursor's index
 *     order: ORDER BY, atom after atom, the branch number (predicates in
 *     the step's order, forward before backward) and then the triple
 *     positions the step leaves unbound, in the order of the index
 *     mg_cursor_open picks for the bound ones.  Those keys identify a row,
 *     so the order is total.
 * Ids are written into the SQL as numbers (they are ours, never user
 * text); the inputs are parameters $1…$n (bigint).
 */
#include "pgstore/pgstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gen {
    FILE *sel, *from, *where, *keys;
    int nsel, nfrom, nwhere, nkeys;
    char **expr;  /* per variable: its SQL expression, NULL until bound */
    int nvars;
    int nomem;
} gen;

static void sep(FILE *f, int *n, const char *s)
{
    if ((*n)++)
        fputs(s, f);
}

static void set_expr(gen *g, int v, const char *text)
{
    free(g->expr[v]);
    g->expr[v] = strdup(text);
    if (!g->expr[v])
        g->nomem = 1;
}

/* The variable v is the column `col` of the current atom: its first
 * binding, or an equality with the first. */
static void mention(gen *g, int v, const char *col)
{
    if (v < 0)
        return;
    if (!g->expr[v]) {
        set_expr(g, v, col);
        return;
    }
    sep(g->where, &g->nwhere, " AND ");
    fprintf(g->where, "%s = %s", col, g->expr[v]);
}

static void key(gen *g, const char *col)
{
    sep(g->keys, &g->nkeys, ", ");
    fputs(col, g->keys);
}

/* The order the cursor reads a triple pattern in: the index with the
 * longest bound prefix (SPOG, POSG, OSPG; the first on a tie, as
 * pg_cursor.c and the embedded store choose), its unbound positions. */
static int key_cols(int sb, int pb, int ob, char cols[3])
{
    static const char idx[3][3] = {{'s', 'p', 'o'}, {'p', 'o', 's'},
                                   {'o', 's', 'p'}};
    int best = 0, best_n = -1;
    for (int i = 0; i < 3; i++) {
        int n = 0;
        while (n < 3 && (idx[i][n] == 's'   ? sb
                         : idx[i][n] == 'p' ? pb
                                            : ob))
            n++;
        if (n > best_n) {
            best = i;
            best_n = n;
        }
    }
    int k = 0;
    for (int i = 0; i < 3; i++) {
        char c = idx[best][i];
        if (!(c == 's' ? sb : c == 'p' ? pb : ob))
            cols[k++] = c;
    }
    return k;
}

static void id_list(FILE *f, const mg_id *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)ids[i]);
}

static void atom_type(gen *g, const mg_join_atom *a, mg_id rdf_type, int t)
{
    if (a->a_bound) {
        sep(g->where, &g->nwhere, " AND ");
        fprintf(g->where, "EXISTS (SELECT 1 FROM mg_quads x WHERE x.s = %s "
                "AND x.p = %llu AND x.o IN (", g->expr[a->a],
                (unsigned long long)rdf_type);
        id_list(g->where, a->ids, a->nids);
        fputs("))", g->where);
        return;
    }
    sep(g->from, &g->nfrom, ", ");
    char col[32];
    if (a->nids == 1) {
        fprintf(g->from, "(SELECT s AS va FROM mg_quads WHERE p = %llu AND "
                "o = %llu) t%d", (unsigned long long)rdf_type,
                (unsigned long long)a->ids[0], t);
    } else {
        /* each instance once, under the first of its classes */
        fputs("(SELECT s AS va, min(CASE o", g->from);
        for (size_t i = 0; i < a->nids; i++)
            fprintf(g->from, " WHEN %llu THEN %zu",
                    (unsigned long long)a->ids[i], i);
        fprintf(g->from, " END) AS k FROM mg_quads WHERE p = %llu AND o IN (",
                (unsigned long long)rdf_type);
        id_list(g->from, a->ids, a->nids);
        fprintf(g->from, ") GROUP BY s) t%d", t);
        snprintf(col, sizeof col, "t%d.k", t);
        key(g, col);
    }
    snprintf(col, sizeof col, "t%d.va", t);
    key(g, col);
    mention(g, a->a, col);
}

static void atom_scan(gen *g, const mg_join_atom *a, int t)
{
    if (a->a_bound)
        return; /* a bound node is a term: nothing to check */
    char col[32];
    sep(g->from, &g->nfrom, ", ");
    fprintf(g->from, "(SELECT DISTINCT s AS va FROM mg_quads) t%d", t);
    snprintf(col, sizeof col, "t%d.va", t);
    key(g, col);
    mention(g, a->a, col);
}

static void atom_edge(gen *g, const mg_join_atom *a, int t)
{
    size_t n = a->any_pred ? 1 : a->nids;
    int ab = a->a_bound, bb = a->a == a->b ? a->a_bound : a->b_bound;
    int nbranch = 0, nk = 0;
    sep(g->from, &g->nfrom, ", ");
    fputc('(', g->from);
    for (size_t i = 0; i < n; i++) {
        mg_id p = a->any_pred ? 0 : a->ids[i];
        int fwd = !a->dir_in || a->both[i];
        int bwd = a->dir_in || a->both[i];
        for (int d = 0; d < 2; d++) {
            if (!(d == 0 ? fwd : bwd))
                continue;
            /* forward: a is the subject; backward: b is */
            int sb = d == 0 ? ab : bb, ob = d == 0 ? bb : ab;
            char cols[3];
            nk = key_cols(sb, p != 0, ob, cols);
            fprintf(g->from, "%sSELECT %zu AS k, %c AS va, %c AS vb, p AS vp",
                    nbranch ? " UNION ALL " : "", i * 2 + (size_t)d,
                    d == 0 ? 's' : 'o', d == 0 ? 'o' : 's');
            for (int c = 0; c < nk; c++)
                fprintf(g->from, ", %c AS k%d", cols[c], c + 1);
            fputs(" FROM mg_quads", g->from);
            int nw = 0;
            if (p) {
                fprintf(g->from, " WHERE p = %llu", (unsigned long long)p);
                nw++;
            }
            if (d == 1 && fwd) /* the reverse reading of a self-loop */
                fprintf(g->from, " %s s <> o", nw++ ? "AND" : "WHERE");
            nbranch++;
        }
    }
    fprintf(g->from, ") t%d", t);
    char col[32];
    if (nbranch > 1) {
        snprintf(col, sizeof col, "t%d.k", t);
        key(g, col);
    }
    for (int c = 0; c < nk; c++) {
        snprintf(col, sizeof col, "t%d.k%d", t, c + 1);
        key(g, col);
    }
    snprintf(col, sizeof col, "t%d.va", t);
    mention(g, a->a, col);
    snprintf(col, sizeof col, "t%d.vb", t);
    mention(g, a->b, col);
    snprintf(col, sizeof col, "t%d.vp", t);
    if (a->r >= 0)
        set_expr(g, a->r, col); /* the step (re)binds its relationship */
    else if (a->any_pred || a->nids > 1) {
        /* not always a key (a bound edge of several predicates), but it
         * tells two matches apart */
        sep(g->sel, &g->nsel, ", ");
        fputs(col, g->sel);
    }
}

static char *closed(FILE *f, char **buf)
{
    if (f)
        fclose(f);
    return *buf;
}

mg_code mg_pg_join_prepare(mg_txn *txn, const mg_join *j, char **form,
                           mg_status *st)
{
    (void)txn;
    *form = NULL;
    int nvars = 0;
    for (size_t i = 0; i < j->natoms; i++) {
        const mg_join_atom *a = &j->atoms[i];
        int m = a->a > a->b ? a->a : a->b;
        if (a->r > m)
            m = a->r;
        if (m + 1 > nvars)
            nvars = m + 1;
    }
    for (size_t i = 0; i < j->nin; i++)
        if (j->in[i] + 1 > nvars)
            nvars = j->in[i] + 1;
    for (size_t i = 0; i < j->nout; i++)
        if (j->out[i] + 1 > nvars)
            nvars = j->out[i] + 1;
    gen g = {0};
    char *bs = NULL, *bf = NULL, *bw = NULL, *bk = NULL;
    size_t ls, lf, lw, lk;
    g.sel = open_memstream(&bs, &ls);
    g.from = open_memstream(&bf, &lf);
    g.where = open_memstream(&bw, &lw);
    g.keys = open_memstream(&bk, &lk);
    g.expr = calloc((size_t)nvars + 1, sizeof *g.expr);
    g.nvars = nvars;
    mg_code rc = MG_OK;
    if (!g.sel || !g.from || !g.where || !g.keys || !g.expr)
        g.nomem = 1;
    for (size_t i = 0; !g.nomem && i < j->nin; i++) {
        char p[32];
        snprintf(p, sizeof p, "$%zu::bigint", i + 1);
        set_expr(&g, j->in[i], p);
    }
    for (size_t i = 0; !g.nomem && rc == MG_OK && i < j->natoms; i++) {
        const mg_join_atom *a = &j->atoms[i];
        int t = (int)i + 1;
        if ((a->a_bound && !g.expr[a->a]) ||
            (a->kind == MG_JOIN_EDGE && a->b_bound && !g.expr[a->b]))
            rc = mg_fail(st, MG_ERR_ARG, "join: atom %zu reads a variable "
                         "nothing binds", i + 1);
        else if (a->kind == MG_JOIN_TYPE)
            atom_type(&g, a, j->rdf_type, t);
        else if (a->kind == MG_JOIN_SCAN)
            atom_scan(&g, a, t);
        else
            atom_edge(&g, a, t);
    }
    for (size_t i = 0; !g.nomem && rc == MG_OK && i < j->nout; i++)
        if (!g.expr[j->out[i]])
            rc = mg_fail(st, MG_ERR_ARG, "join: an output variable is not "
                         "bound");
    closed(g.sel, &bs), closed(g.from, &bf), closed(g.where, &bw),
        closed(g.keys, &bk);
    char *sql = NULL;
    size_t lq;
    FILE *q = NULL;
    if (rc == MG_OK && !g.nomem && (q = open_memstream(&sql, &lq))) {
        /* out first (the rows' columns), then the keys and the rest */
        fputs("SELECT DISTINCT ", q);
        int n = 0;
        for (size_t i = 0; i < j->nout; i++) {
            sep(q, &n, ", ");
            fputs(g.expr[j->out[i]], q);
        }
        if (bk && *bk) {
            sep(q, &n, ", ");
            fputs(bk, q);
        }
        if (bs && *bs) {
            sep(q, &n, ", ");
            fputs(bs, q);
        }
        if (!n)
            fputs("1", q);
        if (bf && *bf)
            fprintf(q, " FROM %s", bf);
        if (bw && *bw)
            fprintf(q, " WHERE %s", bw);
        if (bk && *bk)
            fprintf(q, " ORDER BY %s", bk);
        fclose(q);
        *form = sql;
        sql = NULL;
    }
    if (rc == MG_OK && !*form)
        rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
    free(sql);
    for (int v = 0; g.expr && v < nvars; v++)
        free(g.expr[v]);
    free(g.expr);
    free(bs), free(bf), free(bw), free(bk);
    return rc;
}
