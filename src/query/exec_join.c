/*
 * exec_join.c — the hash join (plan.h: mg_step.hj_*).  The build side,
 * the steps [k, k + hj_nbuild) of a segment, planned on their own, is run
 * once per query on first use with the row saved around it; each row it
 * produces is kept as the ids of hj_slots (0 for null) in a table chained
 * by the hash of its first hj_nkeys ids, the join variables.  Each probe
 * row (what the steps before k produced) then looks its join variables
 * up, binds the build side's other slots from every match and goes on at
 * step k + hj_nbuild.  The table does not depend on the probe rows (the
 * build side reads nothing bound before it), so one build serves every
 * probe row and every later row of the stage; probing streams, and a
 * LIMIT reached stops it like any other step.
 *
 * Also the joins pushed down to the store's backend (plan_push.c,
 * mg_pushed_join): the run's query, once per row reaching it, each of its
 * rows binding the run's slots before the steps after the run.
 *
 * Owns: the tables (mg_exec.hj), freed by mg_hashjoin_free; a pushed
 * join's cursor and id buffers for the length of one call.
 */
#include "query/exec.h"

#include <stdlib.h>
#include <string.h>

#define HJ_NONE ((size_t)-1)

typedef struct mg_hjtab {
    size_t width, nkeys;
    mg_id *rows;          /* nrows * width ids */
    size_t nrows, caprows;
    size_t *next;         /* chain per row */
    size_t *heads;        /* mask + 1 buckets */
    size_t mask;
    int built;
} mg_hjtab;

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_keys(const mg_id *k, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < n; i++)
        h = mix(h ^ k[i]) + i;
    return h;
}

static mg_code nomem(mg_exec *x)
{
    return mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
}

mg_code mg_hashjoin_collect(mg_exec *x, size_t si)
{
    mg_hjtab *t = x->hj_cur;
    const mg_step *s = x->hj_step;
    const mg_val *row = x->ss[si].row;
    MG_TRY(mg_exec_keep(x, 1));
    if (t->nrows == t->caprows) {
        size_t nc = t->caprows ? t->caprows * 2 : 256;
        mg_id *nr = realloc(t->rows, nc * t->width * sizeof *nr);
        if (!nr)
            return nomem(x);
        t->rows = nr;
        t->caprows = nc;
    }
    mg_id *r = t->rows + t->nrows * t->width;
    for (size_t j = 0; j < t->width; j++) {
        const mg_val *v = &row[s->hj_slots[j]];
        r[j] = v->kind == MG_V_TERM ? v->id : 0;
    }
    /* A build row whose join variable is not a term never matches. */
    for (size_t j = 0; j < t->nkeys; j++)
        if (!r[j])
            return MG_OK;
    t->nrows++;
    return MG_OK;
}

static mg_code build(mg_exec *x, size_t si, size_t segi, size_t k,
                     mg_step *s, mg_hjtab *t)
{
    int nslots = x->part->stages[si].nslots;
    mg_val *row = x->ss[si].row;
    mg_val *saved = malloc(((size_t)nslots + 1) * sizeof *saved);
    if (!saved)
        return nomem(x);
    memcpy(saved, row, (size_t)nslots * sizeof *row);
    mg_hjtab *pcur = x->hj_cur;
    const mg_step *pstep = x->hj_step;
    size_t psi = x->hj_si, psegi = x->hj_segi, pend = x->hj_end;
    double secs = s->secs;
    x->hj_cur = t;
    x->hj_step = s;
    x->hj_si = si;
    x->hj_segi = segi;
    x->hj_end = k + (size_t)s->hj_nbuild;
    mg_code rc = mg_run_steps(x, si, segi, k);
    x->hj_cur = pcur;
    x->hj_step = pstep;
    x->hj_si = psi;
    x->hj_segi = psegi;
    x->hj_end = pend;
    s->secs = secs; /* the caller's timing of step k includes the build */
    memcpy(row, saved, (size_t)nslots * sizeof *row);
    free(saved);
    MG_TRY(rc);
    size_t nb = 16;
    while (nb < t->nrows * 2)
        nb *= 2;
    t->heads = malloc(nb * sizeof *t->heads);
    t->next = malloc((t->nrows ? t->nrows : 1) * sizeof *t->next);
    if (!t->heads || !t->next)
        return nomem(x);
    t->mask = nb - 1;
    for (size_t i = 0; i < nb; i++)
        t->heads[i] = HJ_NONE;
    /* Chains keep the build order: insert from the last row. */
    for (size_t i = t->nrows; i-- > 0;) {
        size_t b = hash_keys(t->rows + i * t->width, t->nkeys) & t->mask;
        t->next[i] = t->heads[b];
        t->heads[b] = i;
    }
    t->built = 1;
    return MG_OK;
}

mg_code mg_hashjoin(mg_exec *x, size_t si, size_t segi, size_t k, mg_step *s)
{
    mg_hjtab *t = x->hj[s->hj_index];
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
            return nomem(x);
        t->width = s->hj_nslots;
        t->nkeys = s->hj_nkeys;
        x->hj[s->hj_index] = t;
    }
    if (!t->built)
        MG_TRY(build(x, si, segi, k, s, t));
    mg_val *row = x->ss[si].row;
    mg_id key[16], *kp = key;
    if (t->nkeys > 16) {
        kp = malloc(t->nkeys * sizeof *kp);
        if (!kp)
            return nomem(x);
    }
    for (size_t j = 0; j < t->nkeys; j++) {
        const mg_val *v = &row[s->hj_slots[j]];
        kp[j] = v->kind == MG_V_TERM ? v->id : 0;
        if (!kp[j]) {
            if (kp != key)
                free(kp);
            return MG_OK;
        }
    }
    size_t end = k + (size_t)s->hj_nbuild;
    mg_code rc = MG_OK;
    for (size_t i = t->heads[hash_keys(kp, t->nkeys) & t->mask];
         i != HJ_NONE && rc == MG_OK && !mg_exec_stopped(x, si);
         i = t->next[i]) {
        const mg_id *r = t->rows + i * t->width;
        if (memcmp(r, kp, t->nkeys * sizeof *kp) != 0)
            continue;
        for (size_t j = t->nkeys; j < t->width; j++)
            row[s->hj_slots[j]] = r[j] ? mg_val_term(r[j]) : mg_val_null();
        rc = mg_run_steps(x, si, segi, end);
    }
    if (kp != key)
        free(kp);
    return rc;
}

void mg_hashjoin_free(mg_exec *x)
{
    if (!x->hj)
        return;
    for (int i = 0; i < x->plan->nhj_total; i++) {
        mg_hjtab *t = x->hj[i];
        if (!t)
            continue;
        free(t->rows);
        free(t->next);
        free(t->heads);
        free(t);
    }
    free(x->hj);
    x->hj = NULL;
}

/* ---- joins pushed down to the backend ----------------------------------- */

mg_code mg_pushed_join(mg_exec *x, size_t si, size_t segi, size_t k,
                       mg_step *s)
{
    mg_val *row = x->ss[si].row;
    mg_id *ids = malloc((s->push_nin + s->push_nout + 1) * sizeof *ids);
    if (!ids)
        return mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
    mg_id *out = ids + s->push_nin;
    for (size_t i = 0; i < s->push_nin; i++) {
        const mg_val *v = &row[s->push_in[i]];
        ids[i] = v->kind == MG_V_TERM ? v->id : 0;
        if (!ids[i]) { /* null or a value: no triple has it */
            free(ids);
            return MG_OK;
        }
    }
    mg_join_cursor *jc = NULL;
    double left = 0;
    if (x->deadline > 0) {
        left = x->deadline - mg_now();
        if (left <= 0.001)
            left = 0.001;
    }
    mg_code rc = mg_join_open(x->txn, s->push_form, ids, s->push_nin,
                              s->push_nout, left, &jc, x->st);
    int r = 0;
    while (rc == MG_OK && !mg_exec_stopped(x, si) &&
           (r = mg_join_next(jc, out, x->st)) == 1) {
        for (size_t i = 0; i < s->push_nout; i++)
            row[s->push_out[i]] = mg_val_term(out[i]);
        s->rows++;
        rc = mg_run_steps(x, si, segi, k + (size_t)s->push_n);
    }
    if (rc == MG_OK && r < 0)
        rc = x->st->code ? x->st->code
                         : mg_fail(x->st, MG_ERR_STORE, "join failed");
    if (rc == MG_ERR_LIMIT && x->deadline > 0 && mg_now() >= x->deadline) {
        /* the backend stopped at the deadline: the engine's own message */
        x->timed_out = 1;
        mg_status_clear(x->st);
        rc = MG_OK;
    }
    mg_join_close(jc);
    free(ids);
    return rc;
}
