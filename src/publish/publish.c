/*
 * publish.c — mg_publish (publish.h): checks the options, collects every
 * quad, applies the filters (filter.c) and --base, writes the six
 * distributions, then catalog.ttl (catalog.c) and README.md (readme.c).
 *
 * Owns: the collected set and the facts of one call, freed before
 * returning; each file is written beside itself and renamed into place.
 */
#include "publish/facts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

mg_code mg_people_policy_parse(const char *s, mg_people_policy *out,
                               mg_status *st)
{
    static const mg_people_policy all[] = {
        MG_PEOPLE_PUBLIC_ROLES, MG_PEOPLE_NAMES_ONLY, MG_PEOPLE_NONE};
    for (size_t i = 0; s && i < 3; i++)
        if (strcmp(s, mg_people_policy_name(all[i])) == 0) {
            *out = all[i];
            return MG_OK;
        }
    return mg_fail(st, MG_ERR_ARG, "--people '%s': use public-roles, "
                   "names-only or none", s ? s : "");
}

const char *mg_people_policy_name(mg_people_policy p)
{
    switch (p) {
    case MG_PEOPLE_PUBLIC_ROLES: return "public-roles";
    case MG_PEOPLE_NAMES_ONLY: return "names-only";
    case MG_PEOPLE_NONE: return "none";
    }
    return "?";
}

mg_code mg_licence_parse(const char *s, mg_licence *out, mg_status *st)
{
    if (s && (strcasecmp(s, "etalab-2.0") == 0 || strcasecmp(s, "etalab") == 0)) {
        *out = MG_LICENCE_ETALAB_2;
        return MG_OK;
    }
    if (s && (strcasecmp(s, "odbl") == 0 || strcasecmp(s, "odbl-1.0") == 0)) {
        *out = MG_LICENCE_ODBL;
        return MG_OK;
    }
    return mg_fail(st, MG_ERR_ARG, "--licence '%s': use etalab-2.0 (Licence "
                   "Ouverte 2.0) or odbl", s ? s : "");
}

const char *mgp_licence_name(mg_licence l)
{
    return l == MG_LICENCE_ODBL ? "Open Database License (ODbL) 1.0"
                                : "Licence Ouverte / Open Licence 2.0 (Etalab)";
}

const char *mgp_licence_iri(mg_licence l)
{
    return l == MG_LICENCE_ODBL ? "https://spdx.org/licenses/ODbL-1.0"
                                : "https://spdx.org/licenses/etalab-2.0";
}

const char *mgp_licence_page(mg_licence l)
{
    return l == MG_LICENCE_ODBL
               ? "https://opendatacommons.org/licenses/odbl/1-0/"
               : "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";
}

/* ---- checks ---- */

static mg_code check_url(const char *url, mg_status *st)
{
    int http = strncasecmp(url, "https://", 8) == 0 ||
               strncasecmp(url, "http://", 7) == 0;
    const char *host = http ? strstr(url, "://") + 3 : NULL;
    if (!http || !*host || *host == '/')
        return mg_fail(st, MG_ERR_ARG,
                       "--public-url '%s' is not an absolute http(s) URL: DCAT "
                       "download URLs must be absolute (e.g. "
                       "https://data.example.org/maillage/)", url);
    return mg_export_check_base(url, "--public-url", st);
}

static int date_ok(const char *d)
{
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return 0;
    int m = (d[5] - '0') * 10 + d[6] - '0', day = (d[8] - '0') * 10 + d[9] - '0';
    return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

static mg_code check_opts(const mg_publish_opts *o, mg_status *st)
{
    if (!o->dir || !*o->dir)
        return mg_fail(st, MG_ERR_ARG, "publish: no folder given");
    if (o->public_url)
        MG_TRY(check_url(o->public_url, st));
    if (o->base)
        MG_TRY(mg_export_check_namespace(o->base, "--base", st));
    if (o->issued && !date_ok(o->issued))
        return mg_fail(st, MG_ERR_ARG, "--issued '%s': write a date as "
                       "YYYY-MM-DD", o->issued);
    if (o->contact && (!strchr(o->contact, '@') || strchr(o->contact, ' ') ||
                       strchr(o->contact, '<') || strchr(o->contact, '>') ||
                       strchr(o->contact, '"')))
        return mg_fail(st, MG_ERR_ARG, "--contact '%s' is not an e-mail "
                       "address", o->contact);
    return MG_OK;
}

/* Today (UTC) as YYYY-MM-DD, or the day of $SOURCE_DATE_EPOCH. */
static void today(char out[11])
{
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end = NULL;
        long long v = strtoll(sde, &end, 10);
        if (end && !*end && v >= 0)
            now = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- files ---- */

typedef mg_code (*writer_fn)(void *ctx, FILE *out, mg_status *st);

/* Writes DIR/NAME through DIR/NAME.tmp-PID and a rename; *bytes gets the
 * size written. */
static mg_code write_file(const char *dir, const char *name, writer_fn fn,
                          void *ctx, long long *bytes, mg_status *st)
{
    size_t len = strlen(dir) + strlen(name) + 40;
    char *path = malloc(len), *tmp = malloc(len);
    if (!path || !tmp) {
        free(path);
        free(tmp);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    snprintf(path, len, "%s/%s", dir, name);
    snprintf(tmp, len, "%s/%s.tmp-%ld", dir, name, (long)getpid());
    mg_code rc = MG_OK;
    FILE *out = fopen(tmp, "w");
    if (!out) {
        rc = mg_fail(st, MG_ERR_IO, "%s: %s", tmp, strerror(errno));
    } else {
        rc = fn(ctx, out, st);
        errno = 0;
        int bad = fflush(out) != 0 || ferror(out);
        int err = errno ? errno : EIO;
        long long size = ftello(out);
        if (fclose(out) != 0 && !bad) {
            bad = 1;
            err = errno ? errno : EIO;
        }
        if (bad && rc == MG_OK)
            rc = mg_fail(st, err == ENOSPC ? MG_ERR_FULL : MG_ERR_IO, "%s: %s",
                         path, strerror(err));
        if (rc == MG_OK && rename(tmp, path) != 0)
            rc = mg_fail(st, MG_ERR_IO, "%s: %s", path, strerror(errno));
        if (rc != MG_OK)
            unlink(tmp);
        else if (bytes)
            *bytes = size;
    }
    free(path);
    free(tmp);
    return rc;
}

typedef struct dist_ctx {
    const mg_xset *set;
    int format;
} dist_ctx;

static mg_code write_dist(void *ctx, FILE *out, mg_status *st)
{
    dist_ctx *d = ctx;
    return mg_x_write_format(d->set, (mg_export_format)d->format, out, st);
}

static mg_code write_catalog(void *ctx, FILE *out, mg_status *st)
{
    return mgp_write_catalog(ctx, out, st);
}

static mg_code write_readme(void *ctx, FILE *out, mg_status *st)
{
    return mgp_write_readme(ctx, out, st);
}

static mg_code make_dir(const char *dir, mg_status *st)
{
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode))
            return mg_fail(st, MG_ERR_ARG, "%s exists and is not a folder", dir);
        return MG_OK;
    }
    if (mkdir(dir, 0777) != 0)
        return mg_fail(st, MG_ERR_IO, "cannot create %s: %s", dir, strerror(errno));
    return MG_OK;
}

static mg_code publish_set(mg_xset *set, const mg_publish_opts *o,
                           mg_publish_report *rep, const char *url,
                           mg_status *st)
{
    static const struct {
        int format;
        const char *file;
    } files[MGP_NDIST] = {
        {MG_EXPORT_TURTLE, "maillage.ttl"}, {MG_EXPORT_NTRIPLES, "maillage.nt"},
        {MG_EXPORT_RDFXML, "maillage.rdf"}, {MG_EXPORT_NQUADS, "maillage.nq"},
        {MG_EXPORT_TRIG, "maillage.trig"},  {MG_EXPORT_JSONLD, "maillage.jsonld"},
    };
    mgp_dist dists[MGP_NDIST];
    mgp_facts facts;
    MG_TRY(mgp_facts_read(set, o->base ? o->base : MG_INSTANCE_NS, &facts, st));
    rep->triples = facts.triples;
    rep->quads = set->n;
    rep->graphs = 0;
    for (size_t i = 0; i < set->n; i++)
        rep->graphs += set->quads[i].g && (i == 0 || set->quads[i].g != set->quads[i - 1].g);
    mg_code rc = make_dir(o->dir, st);
    for (int i = 0; i < MGP_NDIST && rc == MG_OK; i++) {
        dist_ctx d = {set, files[i].format};
        int quads = files[i].format == MG_EXPORT_NQUADS ||
                    files[i].format == MG_EXPORT_TRIG ||
                    files[i].format == MG_EXPORT_JSONLD;
        dists[i] = (mgp_dist){files[i].format, files[i].file, 0,
                              quads ? set->n : facts.triples};
        rc = write_file(o->dir, files[i].file, write_dist, &d, &dists[i].bytes, st);
    }
    char day[11];
    today(day);
    mgp_info info = {o, url, day, o->issued ? o->issued : day, dists, rep, &facts};
    if (rc == MG_OK)
        rc = write_file(o->dir, "catalog.ttl", write_catalog, &info, NULL, st);
    if (rc == MG_OK)
        rc = write_file(o->dir, "README.md", write_readme, &info, NULL, st);
    mgp_facts_free(&facts);
    return rc;
}

mg_code mg_publish(mg_db *db, const mg_publish_opts *o,
                   mg_publish_report *rep, mg_status *st)
{
    memset(rep, 0, sizeof *rep);
    MG_TRY(check_opts(o, st));
    /* the public URL, ending in '/' */
    const char *u = o->public_url ? o->public_url : MG_PUBLISH_PLACEHOLDER_URL;
    size_t ul = strlen(u);
    char *url = malloc(ul + 2);
    if (!url)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    snprintf(url, ul + 2, "%s%s", u, ul && u[ul - 1] == '/' ? "" : "/");
    rep->placeholder_url = o->public_url == NULL;
    rep->placeholder_contact = o->contact == NULL;

    mg_xset set = {0};
    mg_code rc = mg_xset_collect(db, 1, NULL, &set, st);
    if (rc == MG_OK && !o->include_private)
        rc = mgp_filter_private(&set, &rep->private_graphs, &rep->private_items, st);
    if (rc == MG_OK)
        rc = mgp_filter_people(&set, o->people, &rep->people, st);
    if (rc == MG_OK && o->base)
        rc = mg_x_rebase(&set, o->base, st);
    if (rc == MG_OK)
        rc = publish_set(&set, o, rep, url, st);
    mg_xset_free(&set);
    free(url);
    return rc;
}
