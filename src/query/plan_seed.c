/*
 * plan_seed.c — seeds: starting a pattern from a constant (id(n) = "IRI",
 * {prop: "text"}, n.label = "text") instead of a scan (see plan_internal.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "query/plan_internal.h"
#include "core/util.h"

/* ---- seeds: starting from a constant ------------------------------------ */

/*
 * A filter `id(n) = "IRI"`, `n.prop = "text"` or `n.label = "text"` (also
 * written `{prop: "text"}` on the node) can produce n instead of checking
 * it: the seed is the sorted, distinct set of the only nodes that can pass
 * it, computed here, and the filter still runs on each of them, so the
 * rows are exactly those of the scan-then-filter plan.
 *
 *  - id(n) = "IRI": one dictionary lookup.  id() of a literal or a blank
 *    node gives other strings (a lexical form, "_:b"), so this is used only
 *    when n is certainly a subject (a lone node, a class, the subject end
 *    of a directed relationship) and the IRI is then kept only if it is
 *    the subject of some triple.
 *  - n.prop / n.label: n must have a value v of the predicate (rdfs:label
 *    for .label) with v = "text" under the comparison rules (lexical forms,
 *    any language tag or string datatype, an IRI value by its IRI, dates
 *    by their start).  Since the dictionary cannot list the terms with a
 *    given lexical form (any language tag and datatype may occur), the
 *    distinct objects of the predicate are read once from POSG and each is
 *    compared with mg_val_compare — the filter's own comparison — so the
 *    seed is complete by construction; the subjects of the matching
 *    objects form the seed.  This costs one dictionary read per distinct
 *    object, so it is only done when that is cheaper than the cheapest
 *    other way to reach n (else the filter stays a filter).
 *
 *  - fold(n.prop) or n.prop CONTAINS / STARTS WITH / ENDS WITH "text",
 *    fold(n.prop) = "text" (also n.label): the store's text index
 *    (mg_text_search) gives every term whose folded value contains the
 *    folded text — which any value passing the filter is, since fold maps
 *    each character on its own — and the subjects having such a term as a
 *    value of the predicate (OSPG) form the seed.  Used when the store has
 *    a text index and no cheaper way to reach n exists.
 *
 * MAILLAGE_NO_SEED (set, not "0") disables seeds, for comparisons.
 */

static int cmp_id(const void *a, const void *b)
{
    mg_id x = *(const mg_id *)a, y = *(const mg_id *)b;
    return (x > y) - (x < y);
}

/* The n.prop / n.label under an optional fold(): its slot expression. */
static const mg_cexpr *text_operand(const mg_cexpr *x, int *folded)
{
    *folded = 0;
    if (x->kind == MG_CX_CALL && x->fn == MG_FN_FOLD && x->nargs == 1) {
        *folded = 1;
        x = x->args[0];
    }
    return x && (x->kind == MG_CX_PROP || x->kind == MG_CX_LABEL) ? x : NULL;
}

/* Recognises the shapes above; *slot, *kind, *prop, *str; *label when
 * the predicate is rdfs:label (n.label). */
static int seed_shape(const mg_step *s, int *slot, int *kind, mg_id *prop,
                      const mg_val **str, int *label)
{
    const mg_cexpr *e = s->cond;
    *label = 0;
    if (!e || e->kind != MG_CX_BINARY || !e->a || !e->b)
        return 0;
    const mg_cexpr *k = e->b, *x = e->a;
    if (e->op == MG_OP_EQ && k->kind != MG_CX_CONST) {
        k = e->a;
        x = e->b;
    }
    if (k->kind != MG_CX_CONST || k->cval.kind != MG_V_STR || k->cval.lang ||
        k->cval.dt || !k->cval.s)
        return 0;
    const mg_cexpr *var;
    int folded = 0;
    const mg_cexpr *t = text_operand(x, &folded);
    if (t && (e->op == MG_OP_CONTAINS || e->op == MG_OP_STARTS_WITH ||
              e->op == MG_OP_ENDS_WITH || (e->op == MG_OP_EQ && folded))) {
        var = t->a;
        *kind = 'f';
        *prop = t->prop;
        *label = t->kind == MG_CX_LABEL;
    } else if (e->op != MG_OP_EQ) {
        return 0;
    } else if (x->kind == MG_CX_CALL && x->fn == MG_FN_ID && x->nargs == 1) {
        var = x->args[0];
        *kind = 'i';
    } else if (x->kind == MG_CX_PROP || x->kind == MG_CX_LABEL) {
        var = x->a;
        *kind = x->kind == MG_CX_LABEL ? 'l' : 'p';
        *prop = x->prop;
    } else {
        return 0;
    }
    if (!var || var->kind != MG_CX_SLOT || var->slot < 0)
        return 0;
    *slot = var->slot;
    *str = &k->cval;
    return 1;
}

/* Whether every step binding `slot` makes it the subject of a triple, and
 * at least one does. */
static int subject_forced(pctx *c, int slot)
{
    int forced = 0;
    for (size_t i = 0; i < c->nsteps; i++) {
        const mg_step *s = &c->steps[i];
        if (s->kind == MG_STEP_TYPE || s->kind == MG_STEP_SCAN) {
            if (s->a == slot)
                forced = 1;
            continue;
        }
        if (s->kind != MG_STEP_EDGE &&
            !(s->kind == MG_STEP_PATH && s->min >= 1))
            continue;
        if (s->dir == MG_DIR_BOTH)
            continue;
        int subj = s->dir == MG_DIR_OUT ? s->a : s->b;
        if (subj != slot || s->a == s->b)
            continue;
        size_t n = s->any_pred ? 1 : s->nids;
        int one_way = 1;
        for (size_t k = 0; k < n; k++)
            if (s->both[k])
                one_way = 0;
        if (one_way)
            forced = 1;
    }
    return forced;
}

#define SEED_MAX 4000000u

/* Adds subject s to a seed; *ok = 0 once the seed would pass SEED_MAX. */
static mg_code seed_push(pctx *c, mg_idvec *out, mg_id s, int *ok)
{
    if (out->n >= SEED_MAX) {
        *ok = 0;
        return MG_OK;
    }
    if (mg_idvec_push(out, s))
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return MG_OK;
}

/* Closes a cursor read to r (its last mg_cursor_next), keeping rc or the
 * cursor's error. */
static mg_code cursor_end(pctx *c, mg_cursor *cur, int r, mg_code rc)
{
    if (rc == MG_OK && r < 0)
        rc = c->st->code ? c->st->code
                         : mg_fail(c->st, MG_ERR_STORE, "cursor failed");
    mg_cursor_close(cur);
    return rc;
}

/* The subjects with a `pred` value equal to *str (see above). */
static mg_code seed_by_objects(pctx *c, mg_id pred, const mg_val *str,
                               mg_idvec *out, int *ok)
{
    *ok = 1;
    mg_arena scratch = {0};
    mg_vctx vc = {c->txn, &scratch, c->st};
    mg_quad pat = {0, 0, pred, 0}, q;
    mg_cursor *cur;
    MG_TRY(mg_cursor_open(c->txn, &pat, MG_CURSOR_DISTINCT, &cur, c->st));
    mg_id last = 0;
    int match = 0, r;
    mg_code rc = MG_OK;
    while ((r = mg_cursor_next(cur, &q, c->st)) == 1) {
        if (q.o != last) {
            last = q.o;
            mg_val v = mg_val_term(q.o);
            match = mg_val_compare(&vc, &v, str, '=') == 1;
            mg_arena_reset(&scratch);
        }
        if (match && ((rc = seed_push(c, out, q.s, ok)) != MG_OK || !*ok))
            break;
    }
    rc = cursor_end(c, cur, r, rc);
    mg_arena_free(&scratch);
    return rc;
}

typedef struct text_hits {
    mg_idvec ids;
    int nomem;
} text_hits;

static int text_hit(void *ctx, mg_id id)
{
    text_hits *h = ctx;
    if (h->ids.n >= SEED_MAX)
        return 1;
    if (mg_idvec_push(&h->ids, id)) {
        h->nomem = 1;
        return 1;
    }
    return 0;
}

typedef struct subj_ctx {
    pctx *c;
    mg_idvec *out;
    int *ok;
    mg_code rc;
} subj_ctx;

static int subj_push(void *ctx, mg_id s)
{
    subj_ctx *sc = ctx;
    sc->rc = seed_push(sc->c, sc->out, s, sc->ok);
    return sc->rc != MG_OK || !*sc->ok;
}

/* The subjects with a `pred` value among the text index's candidates for
 * *str; *ok = 0 when the store has no text index, the candidates are too
 * many, or they cost more than `alt` (the cheapest other way, -1: none). */
static mg_code seed_by_text(pctx *c, mg_id pred, const mg_val *str,
                            double alt, mg_idvec *out, int *ok)
{
    *ok = 0;
    text_hits h = {0};
    mg_code rc = mg_text_search(c->txn, str->s, str->len, text_hit, &h, c->st);
    if (rc == MG_ERR_UNSUPPORTED) {
        free(h.ids.v);
        return MG_OK;
    }
    if (rc == MG_OK && h.nomem)
        rc = mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    if (rc != MG_OK || h.ids.n >= SEED_MAX ||
        (alt >= 0 && (double)h.ids.n > 4 * alt)) {
        free(h.ids.v);
        return rc;
    }
    *ok = 1;
    subj_ctx sc = {c, out, ok, MG_OK};
    rc = mg_subjects_of(c->txn, pred, h.ids.v, h.ids.n, subj_push, &sc, c->st);
    free(h.ids.v);
    return rc == MG_OK ? sc.rc : rc;
}


/* The estimated rows of the cheapest step that reaches `slot` (-1: none). */
static double cheapest_other(pctx *c, const mg_step *self, int slot,
                             const char *was)
{
    double alt = -1;
    for (size_t k = 0; k < c->nsteps; k++) {
        const mg_step *o = &c->steps[k];
        if (o == self || o->kind == MG_STEP_FILTER ||
            (o->a != slot && o->b != slot))
            continue;
        double e = pl_estimate(c, o, was, 1);
        if (alt < 0 || e < alt)
            alt = e;
    }
    return alt;
}

/* Turns the seedable filters of the segment being planned into seeds. */
mg_code pl_find_seeds(pctx *c, const char *was)
{
    if (mg_env_flag("MAILLAGE_NO_SEED"))
        return MG_OK;
    for (size_t i = 0; i < c->nsteps; i++) {
        mg_step *s = &c->steps[i];
        int slot = -1, kind = 0, label = 0;
        mg_id prop = 0;
        const mg_val *str = NULL;
        if (s->kind != MG_STEP_FILTER || s->seeded ||
            !seed_shape(s, &slot, &kind, &prop, &str, &label) ||
            slot >= c->nslots ||
            was[slot] || s->nneeds != 1 || s->needs[0] != slot)
            continue;
        mg_idvec ids = {0};
        mg_code rc = MG_OK;
        int ok = 1;
        if (kind == 'i') {
            if (strncmp(str->s, "_:", 2) == 0 || !subject_forced(c, slot))
                continue;
            mg_id id = mg_iri_id(c->txn, str->s);
            if (id) {
                /* Kept only if it is a subject (n is one). */
                mg_quad pat = {0, id, 0, 0}, q;
                mg_cursor *cur;
                MG_TRY(mg_cursor_open(c->txn, &pat, MG_CURSOR_DISTINCT, &cur,
                                      c->st));
                int r = mg_cursor_next(cur, &q, c->st);
                mg_cursor_close(cur);
                if (r < 0)
                    return c->st->code ? c->st->code
                                       : mg_fail(c->st, MG_ERR_STORE,
                                                 "cursor failed");
                if (r == 1 && mg_idvec_push(&ids, id))
                    return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
            }
        } else if (kind == 'f') {
            mg_id pred = label ? c->vocab->rdfs_label : prop;
            s->seed_pred = pred;
            if (pred) {
                double alt = cheapest_other(c, s, slot, was);
                if (alt >= 0 && alt < 0.01 * (double)mg_term_count(c->txn))
                    continue; /* not worth a pass over the text index */
                rc = seed_by_text(c, pred, str, alt, &ids, &ok);
            }
        } else {
            mg_id pred = kind == 'l' ? c->vocab->rdfs_label : prop;
            s->seed_pred = pred;
            if (pred) {
                /* Worth reading the predicate's objects? */
                uint64_t t = 0, su = 0, ob = 0;
                mg_stat_predicate_ex(c->txn, pred, &t, &su, &ob);
                double scan = (double)ob + 0.1 * (double)t;
                double alt = cheapest_other(c, s, slot, was);
                if (scan > 2000 && alt >= 0 && scan > 4 * alt) {
                    /* Too many values to compare: the text index's
                     * candidates (a value equal to the string contains
                     * it), when the other way is not small either. */
                    if (alt < 0.01 * (double)mg_term_count(c->txn))
                        continue;
                    kind = 'f';
                    rc = seed_by_text(c, pred, str, alt, &ids, &ok);
                } else {
                    rc = seed_by_objects(c, pred, str, &ids, &ok);
                }
            }
        }
        if (rc != MG_OK || !ok) {
            free(ids.v);
            if (rc != MG_OK)
                return rc;
            continue;
        }
        if (ids.n)
            qsort(ids.v, ids.n, sizeof *ids.v, cmp_id);
        size_t u = 0;
        for (size_t k = 0; k < ids.n; k++)
            if (!u || ids.v[u - 1] != ids.v[k])
                ids.v[u++] = ids.v[k];
        s->seed = pl_palloc(c, u * sizeof *s->seed);
        if (!s->seed) {
            free(ids.v);
            return MG_ERR_NOMEM;
        }
        if (u)
            memcpy(s->seed, ids.v, u * sizeof *ids.v);
        free(ids.v);
        s->nseed = u;
        s->seeded = 1;
        s->seed_kind = kind;
        s->a = slot;
        /* The filter reads the seeds' values: on a store behind a server,
         * in a few queries rather than one per seed. */
        if (kind != 'i' && !(c->p->explain && !c->p->profile))
            MG_TRY(mg_prefetch(c->txn, s->seed_pred, s->seed, u, c->st));
    }
    return MG_OK;
}
