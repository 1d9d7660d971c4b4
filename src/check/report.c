/*
 * report.c — a check's words for what it finds: terms named for messages
 * (prefixed names, <IRI>, _:b, cut literals) and the list of problems,
 * recorded with their file, line and graph, sorted, counted and read back.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "core/prefixes.h"
#include "core/util.h"

/* ---- names ------------------------------------------------------------ */

static void iri_name(const char *iri, size_t len, char *buf, size_t size)
{
    const char *local = NULL;
    const mg_prefix *p = mg_prefix_for_iri(iri, len, &local);
    if (p && mg_prefix_local_ok(local, len - (size_t)(local - iri)))
        snprintf(buf, size, "%s:%.*s", p->name, (int)(len - (size_t)(local - iri)),
                 local);
    else
        snprintf(buf, size, "<%.*s>", (int)len, iri);
}

void ck_name(const mg_check *ck, uint32_t t, char *buf, size_t size)
{
    if (!t || t >= ck->nterms) {
        snprintf(buf, size, "-");
        return;
    }
    const ck_term *x = &ck->terms[t];
    if (x->kind == MG_TERM_IRI) {
        iri_name(x->value, x->len, buf, size);
        return;
    }
    if (x->kind == MG_TERM_BLANK) {
        snprintf(buf, size, "_:%s", x->value);
        return;
    }
    /* literal: at most 40 bytes of the value, cut on a UTF-8 boundary */
    size_t n = x->len;
    int cut = 0;
    if (n > 40) {
        n = 40;
        while (n > 0 && ((unsigned char)x->value[n] & 0xC0) == 0x80)
            n--;
        cut = 1;
    }
    char suffix[300] = "";
    if (x->ext_is_lang)
        snprintf(suffix, sizeof suffix, "%s", x->extra); /* "@tag" */
    else if (*x->extra) {
        char dt[280];
        iri_name(x->extra, strlen(x->extra), dt, sizeof dt);
        snprintf(suffix, sizeof suffix, "^^%s", dt);
    }
    snprintf(buf, size, "\"%.*s%s\"%s", (int)n, x->value, cut ? "..." : "",
             suffix);
}

/* ---- problems --------------------------------------------------------- */

mg_code ck_report(mg_check *ck, mg_check_severity sev, uint32_t qi, int where,
                  const char *fmt, ...)
{
    const ck_quad *q = &ck->quads[qi];
    if (q->context)
        return MG_OK;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg - 600, fmt, ap);
    va_end(ap);
    char sn[300], pn[300];
    ck_name(ck, q->s, sn, sizeof sn);
    ck_name(ck, q->p, pn, sizeof pn);
    size_t m = strlen(msg);
    snprintf(msg + m, sizeof msg - m, " (%s, %s)", sn, pn);
    if (mg_grow((void **)&ck->probs, &ck->pcap, ck->nprobs + 1,
             sizeof *ck->probs) != 0)
        return MG_ERR_NOMEM;
    ck_problem *p = &ck->probs[ck->nprobs];
    memset(p, 0, sizeof *p);
    char gn[600];
    ck_name(ck, q->g, gn, sizeof gn);
    p->msg_owned = strdup(msg);
    p->graph_owned = strdup(gn);
    if (!p->msg_owned || !p->graph_owned) {
        free(p->msg_owned);
        free(p->graph_owned);
        return MG_ERR_NOMEM;
    }
    p->src = q->src;
    p->seq = ck->nprobs;
    p->pub.severity = sev;
    p->pub.file = q->src ? ck->srcs[q->src - 1].path : NULL;
    p->pub.line = q->src ? ck_locate(ck, q, where) : 0;
    p->pub.graph = p->graph_owned;
    p->pub.message = p->msg_owned;
    ck->nprobs++;
    if (sev == MG_CHECK_ERROR)
        ck->errors++;
    else
        ck->warnings++;
    return MG_OK;
}

static int cmp_problem(const void *a, const void *b)
{
    const ck_problem *x = a, *y = b;
    if (x->src != y->src)
        return x->src < y->src ? -1 : 1;
    if (!x->src) { /* store: by graph */
        int c = strcmp(x->pub.graph, y->pub.graph);
        if (c)
            return c;
    }
    if (x->pub.line != y->pub.line)
        return x->pub.line < y->pub.line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void ck_sort_problems(mg_check *ck)
{
    if (ck->nprobs > 1)
        qsort(ck->probs, ck->nprobs, sizeof *ck->probs, cmp_problem);
}

size_t mg_check_problem_count(const mg_check *ck)
{
    return ck ? ck->nprobs : 0;
}

const mg_check_problem *mg_check_problem_at(const mg_check *ck, size_t i)
{
    return ck && i < ck->nprobs ? &ck->probs[i].pub : NULL;
}

void mg_check_totals(const mg_check *ck, size_t *errors, size_t *warnings)
{
    if (errors)
        *errors = ck ? ck->errors : 0;
    if (warnings)
        *warnings = ck ? ck->warnings : 0;
}
