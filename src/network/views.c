/*
 * views.c — the named views as queries of the Maillage language.
 *
 * A view is a UNION of parts; every part returns the same six columns:
 *   source, target  the two nodes' IRIs (id(x), id(y))
 *   kind            the kind of link ("co-organised event"...)
 *   via             the IRI of what makes the link (the event, the person
 *                   two organisations share), null when the link is a fact
 *                   of its own (a declared partnership)
 *   via_label       its label, shown on the edge
 *   date            the link's date (the event's start), null if undated
 * The filters become conditions of each part: dates on the dated parts
 * (undated links are kept: the sources give no date to a partnership or a
 * membership), and the territory as one more MATCH per anchor (a node or
 * the event), so a link is kept when one of its anchors serves, or is
 * located in, the territory or a territory within it.  UNION removes the
 * rows two anchors both keep.  Filter values are written into the text as
 * escaped string literals, so the text runs as it is with `maillage query`.
 */
#include "network/network.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ANCHORS 3

typedef struct view_part {
    const char *match;  /* MATCH ... (binds x, y) */
    const char *where;  /* a condition or NULL */
    const char *ret;    /* the RETURN columns after source, target */
    const char *date;   /* the expression dated filters apply to, or NULL */
    const char *anchors[MAX_ANCHORS]; /* patterns reaching (area) */
} view_part;

typedef struct view_def {
    const char *name;
    const char *summary;
    view_part parts[4];
} view_def;

#define SERVES(v) "(" v ")-[:territory|location]->(:Territory)-[:within*0..]->(area:Territory)"

static const view_def views[] = {
    {"partners",
     "organisation-organisation: declared partnership, co-organised event, "
     "shared member; weight = number of links",
     {{"MATCH (x:Organization)-[:partnerOf]-(y:Organization)", "id(x) < id(y)",
       "\"declared partnership\" AS kind, null AS via, null AS via_label, "
       "null AS date",
       NULL, {SERVES("x"), SERVES("y"), NULL}},
      {"MATCH (e:Event)-[:organizer|partner]->(x:Organization), "
       "(e)-[:organizer|partner]->(y:Organization)",
       "id(x) < id(y)",
       "\"co-organised event\" AS kind, id(e) AS via, e.label AS via_label, "
       "str(e.startDate) AS date",
       "e.startDate", {SERVES("x"), SERVES("y"), SERVES("e")}},
      {"MATCH (x:Organization)<-[:memberOf]-(p:Person)-[:memberOf]->(y:Organization)",
       "id(x) < id(y)",
       "\"shared member\" AS kind, id(p) AS via, p.label AS via_label, "
       "null AS date",
       NULL, {SERVES("x"), SERVES("y"), NULL}},
      {NULL, NULL, NULL, NULL, {NULL}}}},
    {"speakers",
     "person-network: spoke at an event the network organised or partnered; "
     "weight = number of events",
     {{"MATCH (x:Person)<-[:speaker]-(e:Event)-[:organizer|partner]->(y:Network)",
       NULL,
       "\"spoke at\" AS kind, id(e) AS via, e.label AS via_label, "
       "str(e.startDate) AS date",
       "e.startDate", {SERVES("y"), SERVES("e"), NULL}},
      {NULL, NULL, NULL, NULL, {NULL}}}},
    {"members",
     "people and organisations to the networks they belong to "
     "(org:memberOf); the role, when known, on the edge",
     {{"MATCH (x)-[:memberOf]->(y:Network) "
       "OPTIONAL MATCH (m:Membership)-[:member]->(x), (m)-[:organization]->(y)",
       NULL,
       "\"member\" AS kind, null AS via, m.roleLabel AS via_label, "
       "null AS date",
       NULL, {SERVES("x"), SERVES("y"), NULL}},
      {NULL, NULL, NULL, NULL, {NULL}}}},
    {"territories",
     "organisations to the territories they serve (mg:territory)",
     {{"MATCH (x:Organization)-[:territory]->(y:Territory)", NULL,
       "\"serves\" AS kind, null AS via, null AS via_label, null AS date",
       NULL, {"(y)-[:within*0..]->(area:Territory)", NULL, NULL}},
      {NULL, NULL, NULL, NULL, {NULL}}}},
};

#define NVIEWS (sizeof views / sizeof views[0])

const mg_network_view mg_network_views[] = {
    {"partners", "organisation-organisation: declared partnership, "
                 "co-organised event, shared member"},
    {"speakers", "person-network: spoke at an event the network organised "
                 "or partnered"},
    {"members", "people and organisations to the networks they belong to"},
    {"territories", "organisations to the territories they serve"},
    {NULL, NULL},
};

/* Levenshtein distance, bytes, for suggestions (short strings). */
int mg_network_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 200 || lb > 200)
        return 1000;
    int row[201];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int prev = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cur = row[j];
            int sub = prev + (tolower((unsigned char)a[i - 1]) !=
                              tolower((unsigned char)b[j - 1]));
            int best = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            prev = cur;
        }
    }
    return row[lb];
}

static const view_def *find_view(const char *name, mg_status *st)
{
    for (size_t i = 0; i < NVIEWS; i++)
        if (strcmp(views[i].name, name) == 0)
            return &views[i];
    const char *best = NULL;
    int bd = 1000;
    for (size_t i = 0; i < NVIEWS; i++) {
        int d = mg_network_distance(name, views[i].name);
        if (d < bd) {
            bd = d;
            best = views[i].name;
        }
    }
    if (best && bd <= 3)
        mg_fail(st, MG_ERR_NOT_FOUND,
                "unknown view '%s' — did you mean '%s'? (views: partners, "
                "speakers, members, territories)", name, best);
    else
        mg_fail(st, MG_ERR_NOT_FOUND,
                "unknown view '%s' (views: partners, speakers, members, "
                "territories)", name);
    return NULL;
}

/* Checks YYYY, YYYY-MM or YYYY-MM-DD; with `next`, writes the start of
 * the following year, month or day (the exclusive end of the period). */
static mg_code check_date(const char *opt, const char *s, char *next,
                          size_t cap, mg_status *st)
{
    int y = 0, m = 0, d = 0;
    size_t len = strlen(s);
    int ok = (len == 4 || len == 7 || len == 10);
    for (size_t i = 0; ok && i < len; i++) {
        if (i == 4 || i == 7)
            ok = s[i] == '-';
        else
            ok = isdigit((unsigned char)s[i]);
    }
    if (ok) {
        y = atoi(s);
        m = len >= 7 ? atoi(s + 5) : 0;
        d = len == 10 ? atoi(s + 8) : 0;
        ok = (len < 7 || (m >= 1 && m <= 12)) && (len < 10 || (d >= 1 && d <= 31));
    }
    if (!ok)
        return mg_fail(st, MG_ERR_ARG,
                       "%s expects a date YYYY, YYYY-MM or YYYY-MM-DD, got '%s'",
                       opt, s);
    if (!next)
        return MG_OK;
    if (len == 4) {
        snprintf(next, cap, "%04d", (y + 1) % 100000);
    } else if (len == 7) {
        snprintf(next, cap, "%04d-%02d", (m == 12 ? y + 1 : y) % 100000,
                 m == 12 ? 1 : m + 1);
    } else {
        static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int dim = mdays[m - 1] + (m == 2 && leap);
        if (d > dim)
            return mg_fail(st, MG_ERR_ARG, "%s: %s is not a date", opt, s);
        d++;
        if (d > dim) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
        snprintf(next, cap, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    }
    return MG_OK;
}

/* Appends s to the growing buffer of an open_memstream. */
static void put_literal(FILE *q, const char *s)
{
    fputc('"', q);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', q);
        if (*s == '\n')
            fputs("\\n", q);
        else if (*s == '\t')
            fputs("\\t", q);
        else
            fputc(*s, q);
    }
    fputc('"', q);
}

static void put_part(FILE *q, const view_part *p, const char *anchor,
                     const mg_network_filter *f, const char *until_next)
{
    int nconds = 0;
    fprintf(q, "%s\n", p->match);
    if (anchor)
        fprintf(q, "MATCH %s\n", anchor);
#define COND() fputs(nconds++ ? "\n  AND " : "WHERE ", q)
    if (p->where) {
        COND();
        fputs(p->where, q);
    }
    if (p->date && f && f->since) {
        COND();
        fprintf(q, "%s >= date(", p->date);
        put_literal(q, f->since);
        fputs(")", q);
    }
    if (p->date && f && f->until) {
        COND();
        fprintf(q, "%s < date(", p->date);
        put_literal(q, until_next);
        fputs(")", q);
    }
    if (anchor) {
        COND();
        fputs("(fold(area.label) = fold(", q);
        put_literal(q, f->territory);
        fputs(") OR fold(area.altLabel) = fold(", q);
        put_literal(q, f->territory);
        fputs("))", q);
    }
#undef COND
    if (nconds)
        fputc('\n', q);
    fprintf(q, "RETURN id(x) AS source, id(y) AS target, %s\n", p->ret);
}

mg_code mg_network_view_query(const char *view, const mg_network_filter *f,
                              char **text, mg_status *st)
{
    const view_def *v = find_view(view, st);
    if (!v)
        return st ? st->code : MG_ERR_NOT_FOUND;
    char until_next[48] = "";
    if (f && f->since)
        MG_TRY(check_date("--since", f->since, NULL, 0, st));
    if (f && f->until)
        MG_TRY(check_date("--until", f->until, until_next, sizeof until_next,
                          st));
    char *buf = NULL;
    size_t len = 0;
    FILE *q = open_memstream(&buf, &len);
    if (!q)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    fprintf(q, "// maillage network %s: %s\n", v->name, v->summary);
    int first = 1;
    for (const view_part *p = v->parts; p->match; p++) {
        int terr = f && f->territory;
        for (int a = 0; a < (terr ? MAX_ANCHORS : 1); a++) {
            const char *anchor = terr ? p->anchors[a] : NULL;
            if (terr && !anchor)
                break;
            if (!first)
                fputs("UNION\n", q);
            first = 0;
            put_part(q, p, anchor, f, until_next);
        }
    }
    if (fclose(q) != 0 || !buf) {
        free(buf);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    *text = buf;
    return MG_OK;
}

const char *mg_network_view_summary(const char *view)
{
    for (size_t i = 0; i < NVIEWS; i++)
        if (strcmp(views[i].name, view) == 0)
            return views[i].summary;
    return "";
}
