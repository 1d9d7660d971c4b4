/*
 * style.c — how nodes look (kind, colour, wrapped label) and the escaping
 * every writer needs (XML, JSON, DOT).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/util.h"
#include "network/network_internal.h"

/* Headline kinds, in order of preference when a node has several classes
 * (RTES is an mg:Association and an mg:Network: it is shown as Network),
 * with their colours (colour-blind-friendly Tableau-like palette). */
static const struct {
    const char *kind, *colour;
} kinds[] = {
    {"Club", "#9ecae9"},           {"Network", "#2f6fad"},
    {"RegionalChamber", "#59a14f"}, {"ResourceCentre", "#8cd17d"},
    {"LocalAuthority", "#f28e2b"},  {"Government", "#b6443f"},
    {"StateAgency", "#e15759"},     {"AdvisoryBody", "#b07aa1"},
    {"PublicBody", "#ffbe7d"},      {"InternationalOrganisation", "#79706e"},
    {"Association", "#edc948"},     {"EssStructure", "#f1ce63"},
    {"Cooperative", "#86bcb6"},     {"Ptce", "#499894"},
    {"Mutual", "#a0cbe8"},          {"Foundation", "#d4a6c8"},
    {"University", "#9d7660"},      {"ResearchBody", "#bcaa99"},
    {"Company", "#bab0ac"},         {"FinancialInstitution", "#d7b5a6"},
    {"Media", "#ff9d9a"},           {"TrainingCentre", "#fabfd2"},
    {"Person", "#d37295"},          {"Country", "#4e79a7"},
    {"Region", "#76b7b2"},          {"HistoricalRegion", "#a5d3cf"},
    {"Department", "#b9d98a"},      {"Intercommunality", "#e8c98f"},
    {"Pays", "#d9c36a"},            {"Commune", "#f5dba6"},
    {"Neighbourhood", "#ffd8b1"},   {"PriorityNeighbourhood", "#ffb38a"},
    {"Province", "#8fb6d9"},        {"Organization", "#c7c7c7"},
    {NULL, NULL},
};

/* Kinds that win over any other class of the same node. */
static const char *const headline[] = {
    "Club", "Network", "RegionalChamber", "ResourceCentre", "LocalAuthority",
    "Government", "StateAgency", "AdvisoryBody", "PublicBody", NULL};

static const char *const fallback[] = {
    "#8dd3c7", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69",
    "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f"};

static const char *after_colon(const char *s)
{
    const char *c = strrchr(s, ':');
    const char *slash = strrchr(s, '/'), *hash = strrchr(s, '#');
    if (hash > c)
        c = hash;
    if (slash > c)
        c = slash;
    return c ? c + 1 : s;
}

char *mg_network_pick_kind(const mg_strlist *classes)
{
    for (const char *const *h = headline; *h; h++)
        for (size_t i = 0; i < classes->n; i++)
            if (strncmp(classes->v[i], "mg:", 3) == 0 &&
                strcmp(classes->v[i] + 3, *h) == 0)
                return strdup(*h);
    for (size_t i = 0; i < classes->n; i++)
        if (strncmp(classes->v[i], "mg:", 3) == 0 &&
            strcmp(classes->v[i], "mg:Territory") != 0 &&
            strcmp(classes->v[i], "mg:SourceDocument") != 0)
            return strdup(classes->v[i] + 3);
    for (size_t i = 0; i < classes->n; i++) {
        if (strcmp(classes->v[i], "foaf:Person") == 0)
            return strdup("Person");
        if (strcmp(classes->v[i], "org:Organization") == 0)
            return strdup("Organization");
    }
    if (classes->n)
        return strdup(after_colon(classes->v[0]));
    return strdup("Thing");
}

char *mg_network_kind_words(const char *kind)
{
    size_t len = strlen(kind);
    char *out = malloc(2 * len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        char c = kind[i];
        if (i && c >= 'A' && c <= 'Z') {
            *o++ = ' ';
            c = (char)(c - 'A' + 'a');
        }
        *o++ = c;
    }
    *o = '\0';
    /* acronyms the ontology writes in CamelCase */
    static const char *const acr[][2] = {{"Ess ", "ESS "}, {"Ptce", "PTCE"}};
    for (size_t i = 0; i < 2; i++)
        if (strncmp(out, acr[i][0], strlen(acr[i][0])) == 0)
            memcpy(out, acr[i][1], strlen(acr[i][1]));
    return out;
}

const char *mg_network_link_colour(const char *kind)
{
    static const struct {
        const char *kind, *colour;
    } links[] = {
        {"declared partnership", "#1f4e79cc"},
        {"co-organised event", "#c0504dcc"},
        {"shared member", "#8064a2cc"},
        {NULL, NULL},
    };
    for (size_t i = 0; links[i].kind; i++)
        if (strcmp(links[i].kind, kind) == 0)
            return links[i].colour;
    return "#5b6b7fb0";
}

const char *mg_network_kind_colour(const char *kind)
{
    for (size_t i = 0; kinds[i].kind; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].colour;
    uint64_t h = mg_fnv1a64(MG_FNV_OFFSET, kind, strlen(kind));
    return fallback[h % (sizeof fallback / sizeof fallback[0])];
}

mg_code mg_network_kinds(const mg_network *net, mg_strlist *out, mg_status *st)
{
    mg_strlist seen = {0};
    size_t *count = calloc(net->nnodes + 1, sizeof *count);
    if (!count)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_code rc = MG_OK;
    for (size_t i = 0; rc == MG_OK && i < net->nnodes; i++) {
        size_t j = 0;
        while (j < seen.n && strcmp(seen.v[j], net->nodes[i].kind) != 0)
            j++;
        if (j == seen.n)
            rc = mg_strlist_add(&seen, net->nodes[i].kind, st);
        count[j]++;
    }
    /* most frequent first, ties by name */
    for (size_t i = 0; rc == MG_OK && i < seen.n; i++) {
        size_t best = i;
        for (size_t j = i + 1; j < seen.n; j++)
            if (count[j] > count[best] ||
                (count[j] == count[best] && strcmp(seen.v[j], seen.v[best]) < 0))
                best = j;
        char *t = seen.v[i];
        seen.v[i] = seen.v[best];
        seen.v[best] = t;
        size_t c = count[i];
        count[i] = count[best];
        count[best] = c;
    }
    free(count);
    if (rc != MG_OK) {
        mg_strlist_free(&seen);
        return rc;
    }
    *out = seen;
    return MG_OK;
}

char *mg_network_wrap(const char *s, int width)
{
    size_t len = strlen(s);
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    memcpy(out, s, len + 1);
    int col = 0;
    char *last_space = NULL;
    for (char *p = out; *p; p++) {
        /* count UTF-8 characters, not bytes */
        if (((unsigned char)*p & 0xC0) != 0x80)
            col++;
        if (*p == ' ')
            last_space = p;
        if (col > width && last_space) {
            *last_space = '\n';
            col = 0;
            for (char *q = last_space + 1; q <= p; q++)
                if (((unsigned char)*q & 0xC0) != 0x80)
                    col++;
            last_space = NULL;
        }
    }
    return out;
}

void mg_net_xml(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        case '\n': fputs("&#10;", out); break;
        case '\t': fputs("&#9;", out); break;
        default:
            if (c >= 0x20 || c == '\r')
                fputc(c, out); /* XML 1.0 forbids other controls */
        }
    }
}

void mg_net_json(FILE *out, const char *s)
{
    mg_json_string(out, s, s ? strlen(s) : 0, MG_JSON_HTML_SAFE);
}

void mg_net_dot(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        if (*s == '\n')
            fputs("\\n", out);
        else
            fputc(*s, out);
    }
}

void mg_net_num(FILE *out, double v)
{
    if (isfinite(v) && v == floor(v) && fabs(v) < 1e15)
        fprintf(out, "%.0f", v);
    else
        fprintf(out, "%.6g", v);
}
