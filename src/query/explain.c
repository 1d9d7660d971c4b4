/*
 * explain.c — EXPLAIN and PROFILE text (plan.h): one line per step with
 * the index it reads, the planner's estimated rows and, under PROFILE,
 * the actual rows and time; then the projection; then the equivalent
 * SPARQL 1.1 query (sparql_pattern.c), exactly the text that
 * `query --endpoint` sends.
 *
 * Owns: nothing beyond a call (lines are built in a stack buffer).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/plan.h"

typedef struct out {
    mg_row_sink *sink;
    mg_status *st;
    mg_code rc;
} out;

static void line(out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void line(out *o, const char *fmt, ...)
{
    if (o->rc || !o->sink || !o->sink->text)
        return;
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    o->rc = o->sink->text(o->sink->ctx, buf, o->st);
}

static const char *slot_name(const mg_pstage *ps, int s)
{
    if (s < 0 || s >= ps->nslots)
        return "?";
    return ps->names[s][0] == ' ' ? "_" : ps->names[s];
}

/* The index mg_cursor_open picks for these bound positions. */
static const char *index_for(int s, int p, int o)
{
    if (s)
        return "SPOG";
    if (p)
        return "POSG";
    if (o)
        return "OSPG";
    return "SPOG";
}

static void hash_line(out *o, const char *ind, const mg_pstage *ps,
                      const mg_step *s, int n)
{
    char keys[256] = "";
    for (size_t i = 0; i < s->hj_nkeys; i++) {
        size_t l = strlen(keys);
        snprintf(keys + l, sizeof keys - l, "%s%s", i ? ", " : "",
                 slot_name(ps, s->hj_slots[i]));
    }
    line(o, "%sHashJoin on (%s)  build: steps %d..%d (planned alone), "
            "probe est %.0f", ind, keys, n, n + s->hj_nbuild - 1,
         s->hj_probe_est);
}

static void step_line(out *o, const char *ind, const mg_pstage *ps,
                      const mg_step *s, int n, int profile, double next_secs)
{
    char what[600], extra[160] = "";
    switch (s->kind) {
    case MG_STEP_TYPE:
        snprintf(what, sizeof what, "%s %s  %s [%s, %zu class%s%s]",
                 s->a_bound ? "CheckType" : "NodeByType", slot_name(ps, s->a),
                 s->text, s->a_bound ? "SPOG" : "POSG", s->nids,
                 s->nids == 1 ? "" : "es",
                 s->inst_state == 1 ? ", then an instance set" : "");
        break;
    case MG_STEP_EDGE:
    case MG_STEP_PATH: {
        if (s->from_stats) {
            snprintf(what, sizeof what,
                     "ClassCounts (%s)%s(%s) [class statistics; %s not bound]",
                     slot_name(ps, s->a), s->text, slot_name(ps, s->b),
                     slot_name(ps, s->dir == MG_DIR_IN ? s->b : s->a));
            break;
        }
        int from_b = !s->a_bound && s->b_bound;
        int subj_bound = s->dir == MG_DIR_IN ? s->b_bound : s->a_bound;
        int obj_bound = s->dir == MG_DIR_IN ? s->a_bound : s->b_bound;
        snprintf(what, sizeof what, "%s (%s)%s(%s)%s [%s]",
                 s->kind == MG_STEP_PATH ? "VarLengthExpand" : "Expand",
                 slot_name(ps, s->a), s->text, slot_name(ps, s->b),
                 s->a_bound && s->b_bound ? " (both ends bound)"
                 : from_b                 ? " (from the right)"
                                          : "",
                 index_for(subj_bound, !s->any_pred, obj_bound));
        break;
    }
    case MG_STEP_SCAN:
        snprintf(what, sizeof what, "AllNodes %s [SPOG]", slot_name(ps, s->a));
        break;
    default:
        if (s->seeded && !s->a_bound)
            /* the planner binds a from the constant's candidates, then
             * keeps the filter */
            snprintf(what, sizeof what, "NodeBySeek %s  %s [%s, %zu node%s]",
                     slot_name(ps, s->a), s->text,
                     s->seed_kind == 'i'   ? "id lookup"
                     : s->seed_kind == 'f' ? "text index, OSPG"
                                           : "POSG",
                     s->nseed,
                     s->nseed == 1 ? "" : "s");
        else
            snprintf(what, sizeof what, "Filter %s", s->text);
        break;
    }
    if (s->hj_nbuild > 0)
        hash_line(o, ind, ps, s, n);
    if (profile)
        snprintf(extra, sizeof extra, "  rows %llu  %.3f ms",
                 (unsigned long long)s->rows,
                 (s->secs - next_secs) * 1000.0);
    line(o, "%s%d. %s  est %.0f%s", ind, n, what, s->est, extra);
}

/* Whole lines of text (line() would cut them). */
static void text_lines(out *o, const char *indent, const char *text)
{
    const char *p = text;
    while (*p && o->rc == MG_OK && o->sink && o->sink->text) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *l = malloc(strlen(indent) + n + 1);
        if (!l) {
            o->rc = mg_fail(o->st, MG_ERR_NOMEM, "out of memory");
            return;
        }
        strcpy(l, indent);
        memcpy(l + strlen(indent), p, n);
        l[strlen(indent) + n] = 0;
        o->rc = o->sink->text(o->sink->ctx, l, o->st);
        free(l);
        p += n + (e != NULL);
    }
}

/* A run of steps the backend joins (plan_push.c): the run as one step,
 * the steps it stands for, and the backend's query. */
static void push_lines(out *o, const mg_pstage *ps, const mg_step *s, int n,
                       int profile, double next_secs)
{
    char extra[160] = "", ins[256] = "";
    for (size_t i = 0; i < s->push_nin; i++) {
        size_t l = strlen(ins);
        snprintf(ins + l, sizeof ins - l, "%s%s", i ? ", " : "",
                 slot_name(ps, s->push_in[i]));
    }
    if (profile)
        snprintf(extra, sizeof extra, "  rows %llu  %.3f ms",
                 (unsigned long long)s->rows,
                 (s->secs - next_secs) * 1000.0);
    const mg_step *last = s + s->push_n - 1;
    /* A run that is a build side: the engine hashes what it returns.  A
     * build side inside a longer run is joined by the backend. */
    if (s->hj_nbuild)
        hash_line(o, "    ", ps, s, n);
    line(o, "    %d-%d. StoreJoin [%s, one query %s%s%s]  est %.0f%s", n,
         n + s->push_n - 1, "PostgreSQL", s->push_nin ? "per row of (" : "",
         s->push_nin ? ins : "in all", s->push_nin ? ")" : "", last->est,
         extra);
    for (int i = 0; i < s->push_n; i++) {
        mg_step t = s[i];
        t.hj_nbuild = 0;
        step_line(o, "         ", ps, &t, n + i, 0, 0);
    }
    line(o, "      SQL:");
    text_lines(o, "        ", s->push_form);
}

static void explain_stage(out *o, const mg_plan *p, const mg_pstage *ps,
                          int profile)
{
    for (size_t g = 0; g < ps->nsegs; g++) {
        const mg_segment *seg = &ps->segs[g];
        line(o, "  %s", seg->optional ? "OPTIONAL MATCH" : "MATCH");
        for (size_t k = 0; k < seg->nsteps; k++) {
            const mg_step *s = &seg->steps[k];
            size_t after = k + (s->push_n ? (size_t)s->push_n : 1);
            /* A step's time includes what the steps after it did for its
             * rows: subtract the next one's for its own share. */
            double next = after < seg->nsteps ? seg->steps[after].secs : 0;
            if (s->push_n) {
                push_lines(o, ps, s, (int)k + 1, profile, next);
                k = after - 1;
            } else {
                step_line(o, "    ", ps, s, (int)k + 1, profile, next);
            }
        }
    }
    char cols[1024] = "";
    for (int i = 0; i < ps->ncols; i++) {
        size_t l = strlen(cols);
        snprintf(cols + l, sizeof cols - l, "%s%s%s", i ? ", " : "",
                 ps->colnames[i], ps->col_agg[i] ? " (aggregate)" : "");
    }
    line(o, "  %s%s %s", ps->is_return ? "RETURN" : "WITH",
         ps->distinct ? " DISTINCT" : "", cols);
    if (ps->naggs)
        line(o, "    Aggregate (hash) over %zu aggregate%s", ps->naggs,
             ps->naggs == 1 ? "" : "s");
    if (ps->norder)
        line(o, "    Sort %s", ps->limit >= 0 ? "(top-k heap)" : "(merge sort)");
    if (ps->skip)
        line(o, "    Skip %lld", ps->skip);
    if (ps->limit >= 0)
        line(o, "    Limit %lld%s", ps->limit,
             !ps->norder && !ps->naggs ? " (stops the work upstream)" : "");
    if (ps->where)
        line(o, "    Where (after the projection)");
    (void)p;
}

mg_code mg_explain(const mg_plan *p, int with_profile, double plan_secs,
                   double exec_secs, uint64_t total_rows, mg_row_sink *sink,
                   mg_status *st)
{
    out o = {sink, st, MG_OK};
    line(&o, "%s", with_profile ? "PROFILE" : "EXPLAIN");
    for (size_t i = 0; i < p->nparts; i++) {
        if (p->nparts > 1)
            line(&o, "part %zu%s", i + 1,
                 i ? (p->union_distinct ? " (UNION)" : " (UNION ALL)") : "");
        for (size_t j = 0; j < p->parts[i].nstages; j++) {
            line(&o, " stage %zu", j + 1);
            explain_stage(&o, p, &p->parts[i].stages[j], with_profile);
        }
    }
    if (with_profile)
        line(&o, "total: %llu rows in %.3f ms (planning %.3f ms)",
             (unsigned long long)total_rows,
             (plan_secs + exec_secs) * 1000.0, plan_secs * 1000.0);
    char *sparql = NULL;
    mg_status sst;
    mg_status_clear(&sst);
    mg_code rc = mg_plan_sparql(p, &sparql, &sst);
    if (rc == MG_OK) {
        line(&o, "SPARQL:");
        /* Whole lines, whatever their length (line() would cut them):
         * the text printed is the text sent. */
        char *save, *ln = strtok_r(sparql, "\n", &save);
        while (ln && o.rc == MG_OK) {
            if (sink && sink->text)
                o.rc = sink->text(sink->ctx, ln, st);
            ln = strtok_r(NULL, "\n", &save);
        }
    } else if (rc == MG_ERR_UNSUPPORTED) {
        /* The plan stands; only its SPARQL form is missing. */
        line(&o, "SPARQL: none (%s)", sst.msg);
    } else {
        free(sparql);
        *st = sst;
        return rc;
    }
    free(sparql);
    return o.rc;
}
