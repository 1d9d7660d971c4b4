/*
 * exec_sort.c — ORDER BY (exec.h): the rows of a stage kept with their
 * sort keys, as a bounded max-heap of the best SKIP+LIMIT rows when there
 * is a LIMIT, else all of them for a stable merge sort.
 *
 * Each kept row's keys are seen through once (mg_val_view: a term id read
 * from the store) when the row is kept, not once per comparison: sorting
 * n rows compares O(n log n) times, and reading a term is a B-tree lookup.
 * The views live in the stage's keep arena with the rows; their strings
 * are the store's (valid for the read transaction) or the kept keys'.
 */
#include "query/exec.h"

#include <stdlib.h>
#include <string.h>

static int row_cmp(mg_exec *x, const mg_pstage *ps, const mg_brow *a,
                   const mg_brow *b)
{
    for (size_t i = 0; i < ps->norder; i++) {
        int c = mg_view_order(&x->vc, &a->keys[i], &a->kv[i], &b->keys[i],
                              &b->kv[i]);
        if (c)
            return ps->desc[i] ? -c : c;
    }
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static void heap_down(mg_exec *x, const mg_pstage *ps, mg_brow *h, size_t n,
                      size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && row_cmp(x, ps, &h[l], &h[m]) > 0)
            m = l;
        if (r < n && row_cmp(x, ps, &h[r], &h[m]) > 0)
            m = r;
        if (m == i)
            return;
        mg_brow t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void heap_up(mg_exec *x, const mg_pstage *ps, mg_brow *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (row_cmp(x, ps, &h[i], &h[p]) <= 0)
            return;
        mg_brow t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

static void merge_sort(mg_exec *x, const mg_pstage *ps, mg_brow *a,
                       mg_brow *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t m = n / 2;
    merge_sort(x, ps, a, tmp, m);
    merge_sort(x, ps, a + m, tmp, n - m);
    size_t i = 0, j = m, k = 0;
    while (i < m && j < n)
        tmp[k++] = row_cmp(x, ps, &a[j], &a[i]) < 0 ? a[j++] : a[i++];
    while (i < m)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

/* Views of the n keys into kv; a key that is already a view of a term (in
 * `known`, for the same id) is copied rather than read again. */
static mg_code view_keys(mg_exec *x, const mg_val *keys, size_t n,
                         const mg_view *known, mg_view *kv)
{
    for (size_t i = 0; i < n; i++) {
        if (known && keys[i].kind == MG_V_TERM)
            kv[i] = known[i];
        else
            MG_TRY(mg_val_view(&x->vc, &keys[i], &kv[i]));
    }
    return MG_OK;
}

mg_code mg_sort_buffer(mg_exec *x, size_t si, const mg_val *cols,
                       const mg_val *keys)
{
    const mg_pstage *ps = &x->part->stages[si];
    mg_sstate *ss = &x->ss[si];
    mg_brow nr = {(mg_val *)cols, (mg_val *)keys, NULL, ss->seq++};
    size_t k = 0;
    int bounded = ps->limit >= 0;
    if (bounded) {
        k = (size_t)(ps->skip + ps->limit);
        if (k == 0)
            return MG_OK;
    }
    /* The row's key views, in the per-row arena until the row is kept. */
    mg_view *kv = mg_arena_alloc(&ss->out, ps->norder * sizeof *kv);
    if (!kv)
        return mg_eval_nomem(x);
    MG_TRY(view_keys(x, keys, ps->norder, NULL, kv));
    nr.kv = kv;
    /* Full heap: keep the row only if it beats the worst kept. */
    if (bounded && ss->nbuf == k && row_cmp(x, ps, &nr, &ss->buf[0]) >= 0)
        return MG_OK;
    MG_TRY(mg_exec_persist(x, &ss->keep, cols, (size_t)ps->ncols, &nr.cols));
    MG_TRY(mg_exec_persist(x, &ss->keep, keys, ps->norder, &nr.keys));
    nr.kv = mg_arena_alloc(&ss->keep, ps->norder * sizeof *nr.kv);
    if (!nr.kv)
        return mg_eval_nomem(x);
    /* Strings of the kept keys moved: view them again (terms are copied). */
    MG_TRY(view_keys(x, nr.keys, ps->norder, kv, nr.kv));
    if (bounded && ss->nbuf == k) {
        ss->buf[0] = nr;
        heap_down(x, ps, ss->buf, ss->nbuf, 0);
        return MG_OK;
    }
    if (ss->nbuf == ss->capbuf) {
        size_t nc = ss->capbuf ? ss->capbuf * 2 : 64;
        if (bounded && nc > k)
            nc = k;
        mg_brow *nb = realloc(ss->buf, nc * sizeof *nb);
        if (!nb)
            return mg_eval_nomem(x);
        ss->buf = nb;
        ss->capbuf = nc;
    }
    if (!bounded || ss->nbuf < k)
        MG_TRY(mg_exec_keep(x, 1));
    ss->buf[ss->nbuf++] = nr;
    if (bounded)
        heap_up(x, ps, ss->buf, ss->nbuf - 1);
    return MG_OK;
}

mg_code mg_sort_rows(mg_exec *x, size_t si)
{
    const mg_pstage *ps = &x->part->stages[si];
    mg_sstate *ss = &x->ss[si];
    if (ss->nbuf < 2)
        return MG_OK;
    mg_brow *tmp = malloc(ss->nbuf * sizeof *tmp);
    if (!tmp)
        return mg_eval_nomem(x);
    merge_sort(x, ps, ss->buf, tmp, ss->nbuf);
    free(tmp);
    return MG_OK;
}
