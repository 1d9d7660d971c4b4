/*
 * bench_storage.c — our librdf storage module "maillage" (LMDB) against
 * librdf's bundled hashes/bdb and sqlite storages, through the same
 * public librdf calls (librdf_model_context_add_statement,
 * librdf_model_find_statements, librdf_model_size), plus our id-level API
 * (store.h) for the same lookups.
 *
 * Usage: bench_storage [--md FILE] [--tmp DIR] N [N ...]
 * Environment:
 *   BENCH_BUDGET    seconds of lookups per (storage, shape), default 8
 *   BENCH_LOOKUPS   lookups per shape, default 1000
 *   BENCH_LOAD_CAP  seconds a load may take (predicted from the previous
 *                   size, or measured), default 300
 *   BENCH_PROBE     triples for the with/without transaction probe,
 *                   default 1000 (0 skips it)
 *   BENCH_ONLY      comma list of storages to run (maillage,hashes,sqlite)
 *   BENCH_KEEP      non-empty: keep each store's directory after its lookups
 *
 * Everything is deterministic (fixed seeds): the same N gives the same
 * triples, the same lookups, the same expected counts.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <lmdb.h>
#include <redland.h>

#include "store/db.h"
#include "store/store.h"

/* ---------------------------------------------------------------------- */
/* Small utilities                                                         */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bench_storage: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        die("out of memory");
    return d;
}

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r) /* splitmix64 */
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static uint32_t rng_below(rng *r, uint32_t n)
{
    return n ? (uint32_t)(rng_next(r) % n) : 0;
}

/* Skewed pick in [0, n): a few targets take most of the edges. */
static uint32_t rng_skew(rng *r, uint32_t n, double power)
{
    if (n == 0)
        return 0;
    uint32_t i = (uint32_t)(n * pow(rng_unit(r), power));
    return i < n ? i : n - 1;
}

static void loadavg(char *buf, size_t n)
{
    FILE *f = fopen("/proc/loadavg", "r");
    buf[0] = 0;
    if (f) {
        if (fgets(buf, (int)n, f))
            buf[strcspn(buf, "\n")] = 0;
        fclose(f);
    }
}

static char g_load_start[128], g_load_end[128];

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Bytes allocated on disk under `path` (like du), recursively. */
static uint64_t du_bytes(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return 0;
    uint64_t total = (uint64_t)sb.st_blocks * 512u;
    if (S_ISDIR(sb.st_mode)) {
        total = 0; /* count files only */
        DIR *d = opendir(path);
        if (!d)
            return 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            total += du_bytes(sub);
        }
        closedir(d);
    }
    return total;
}

static void rm_rf(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                rm_rf(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* ---------------------------------------------------------------------- */
/* Terms and the generator                                                 */

enum { K_IRI = 1, K_BLANK = 2, K_LIT = 3 };

typedef struct term {
    uint8_t kind;
    uint32_t len;
    char *value;
    const char *lang;     /* static or NULL */
    const char *datatype; /* static or NULL */
} term;

typedef struct triple {
    uint32_t s, p, o;
    uint8_t g;
} triple;

typedef struct dataset {
    term *terms;
    uint32_t nterms, capterms;
    uint32_t *slots; /* open addressing: term index + 1, 0 = empty */
    uint32_t nslots;
    triple *t;
    uint32_t n, cap;
} dataset;

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define NS_SDO "https://schema.org/"
#define NS_EX "https://maillage.example/ont#"
#define NS_ID "https://maillage.example/id/"

static const char *XSD_DATE = NS_XSD "date";
static const char *XSD_INT = NS_XSD "integer";
static const char *LANG_FR = "fr";

static const char *GRAPHS[4] = {
    "https://maillage.example/graphe/territoires",
    "https://maillage.example/graphe/organisations",
    "https://maillage.example/graphe/personnes",
    "https://maillage.example/graphe/evenements",
};
enum { G_TERR = 0, G_ORG = 1, G_PERS = 2, G_EVT = 3 };

static uint64_t term_key_hash(uint8_t kind, const char *v, size_t len,
                              const char *lang, const char *dt)
{
    uint64_t h = 1469598103934665603ull ^ kind;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)v[i]) * 1099511628211ull;
    h = (h ^ (uintptr_t)lang) * 1099511628211ull;
    h = (h ^ (uintptr_t)dt) * 1099511628211ull;
    return h;
}

static void ds_rehash(dataset *d)
{
    uint32_t n = d->nslots ? d->nslots * 2 : 1u << 16;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        die("out of memory");
    for (uint32_t i = 0; i < d->nterms; i++) {
        term *t = &d->terms[i];
        uint64_t h = term_key_hash(t->kind, t->value, t->len, t->lang, t->datatype);
        uint32_t j = (uint32_t)h & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = i + 1;
    }
    free(d->slots);
    d->slots = slots;
    d->nslots = n;
}

/* Interns a term (lang/datatype must be the static pointers above). */
static uint32_t ds_term(dataset *d, uint8_t kind, const char *v,
                        const char *lang, const char *dt)
{
    size_t len = strlen(v);
    if ((d->nterms + 1) * 2 > d->nslots)
        ds_rehash(d);
    uint64_t h = term_key_hash(kind, v, len, lang, dt);
    uint32_t j = (uint32_t)h & (d->nslots - 1);
    while (d->slots[j]) {
        term *t = &d->terms[d->slots[j] - 1];
        if (t->kind == kind && t->len == len && t->lang == lang &&
            t->datatype == dt && memcmp(t->value, v, len) == 0)
            return d->slots[j] - 1;
        j = (j + 1) & (d->nslots - 1);
    }
    if (d->nterms == d->capterms) {
        d->capterms = d->capterms ? d->capterms * 2 : 1024;
        d->terms = xrealloc(d->terms, d->capterms * sizeof *d->terms);
    }
    term *t = &d->terms[d->nterms];
    t->kind = kind;
    t->len = (uint32_t)len;
    t->value = xstrdup(v);
    t->lang = lang;
    t->datatype = dt;
    d->slots[j] = d->nterms + 1;
    return d->nterms++;
}

static uint32_t iri(dataset *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static uint32_t iri(dataset *d, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ds_term(d, K_IRI, buf, NULL, NULL);
}

static uint32_t lit(dataset *d, const char *lang, const char *dt,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static uint32_t lit(dataset *d, const char *lang, const char *dt,
                    const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ds_term(d, K_LIT, buf, lang, dt);
}

/* Per-subject duplicate guard: triples of a subject are generated
 * together, so a triple can only repeat within its subject's run. */
typedef struct subj_run {
    uint32_t s;
    uint32_t start; /* index of the subject's first triple */
} subj_run;

static int ds_add(dataset *d, subj_run *run, uint32_t s, uint32_t p,
                  uint32_t o, uint8_t g, uint32_t limit)
{
    if (d->n >= limit)
        return 0;
    if (run->s != s) {
        run->s = s;
        run->start = d->n;
    }
    for (uint32_t i = run->start; i < d->n; i++)
        if (d->t[i].s == s && d->t[i].p == p && d->t[i].o == o)
            return 1; /* duplicate edge: skip */
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 4096;
        d->t = xrealloc(d->t, d->cap * sizeof *d->t);
    }
    d->t[d->n++] = (triple){s, p, o, g};
    return 1;
}

static const char *PRENOMS[] = {
    "Émilie", "François", "Hélène", "Zoé", "Jérôme", "Loïc", "Maëlle",
    "Noël", "Anaïs", "Cédric", "Agnès", "Benoît", "Chloé", "Dorothée",
    "Étienne", "Frédérique", "Gaëlle", "Hervé", "Inès", "Jérémie", "Léa",
    "Mélanie", "Océane", "Pénélope", "Raphaël", "Sébastien", "Thérèse",
    "Valérie", "Yannick", "Åsa", "Joël", "Aurélien", "Clémence", "Amélie"};
static const char *NOMS[] = {
    "Lefèvre", "Béranger", "Duprès", "Château", "Mélenchon", "Gaudé",
    "Leroy", "Moreau", "Lefèbvre", "Rousseau", "Bénard", "Fournier",
    "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rivière",
    "Mercier", "Blanchard", "Guérin", "Boyer", "Garnier", "Chevalier",
    "François", "Légaré", "Gauthier", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Hénault", "Noël", "Aubé", "Müller", "Ñúñez"};
static const char *VILLES[] = {
    "Saint-Étienne", "Besançon", "Orléans", "Périgueux", "Nîmes", "Sète",
    "Béziers", "Châlons-en-Champagne", "Évry", "Fougères", "Gérardmer",
    "Hyères", "Lédignan", "Mâcon", "Nérac", "Pézenas", "Quimperlé",
    "Rodez", "Sélestat", "Thionville", "Uzès", "Valençay", "Wissembourg",
    "Yssingeaux", "Angoulême", "Bourg-en-Bresse", "Caen", "Dieppe",
    "Épinal", "Forbach", "Grenoble", "Évian-les-Bains", "Lunéville",
    "Montbéliard", "Compiègne", "Pontoise", "Créteil", "Vénissieux"};
static const char *THEMES[] = {
    "l'économie sociale", "la transition énergétique", "l'éducation populaire",
    "la santé publique", "la mémoire ouvrière", "l'agroécologie",
    "les mobilités douces", "la laïcité", "l'égalité femmes-hommes",
    "le numérique responsable", "la forêt française", "l'habitat coopératif",
    "les métiers d'art", "la démocratie locale", "l'accès aux soins"};
static const char *GENRES[] = {"Colloque", "Rencontre", "Séminaire",
                               "Journée d'étude", "Conférence", "Atelier",
                               "Débat", "Fête"};
static const char *ORG_KINDS[] = {
    "Association des amis de", "Coopérative de", "Syndicat mixte de",
    "Comité des fêtes de", "Société d'histoire de", "Université populaire de",
    "Maison des jeunes et de la culture de", "Fédération départementale de"};
static const char *RUES[] = {"rue de l'Église", "avenue Jean-Jaurès",
                             "place de la Mairie", "chemin des Écoliers",
                             "boulevard Gambetta", "allée des Tilleuls",
                             "impasse du Château", "quai de la Saône"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef struct vocab {
    uint32_t type, label, given, family, birth, email, member, knows, terr;
    uint32_t start, end, location, speaker, organiser, part_of, population;
    uint32_t insee, address, street, postal, founded;
    uint32_t c_person, c_org, c_event, c_terr, c_addr;
} vocab;

/* Generates exactly `n` distinct triples (if the generator can: it can). */
static void generate(dataset *d, uint32_t n)
{
    memset(d, 0, sizeof *d);
    rng r = {0x4d61696c6c616765ull}; /* "Maillage" */
    vocab v;
    v.type = iri(d, NS_RDF "type");
    v.label = iri(d, NS_RDFS "label");
    v.given = iri(d, NS_SDO "givenName");
    v.family = iri(d, NS_SDO "familyName");
    v.birth = iri(d, NS_SDO "birthDate");
    v.email = iri(d, NS_SDO "email");
    v.member = iri(d, NS_SDO "memberOf");
    v.knows = iri(d, NS_SDO "knows");
    v.terr = iri(d, NS_EX "territoire");
    v.start = iri(d, NS_SDO "startDate");
    v.end = iri(d, NS_SDO "endDate");
    v.location = iri(d, NS_SDO "location");
    v.speaker = iri(d, NS_EX "intervenant");
    v.organiser = iri(d, NS_EX "organisateur");
    v.part_of = iri(d, NS_EX "partieDe");
    v.population = iri(d, NS_EX "population");
    v.insee = iri(d, NS_EX "codeInsee");
    v.address = iri(d, NS_SDO "address");
    v.street = iri(d, NS_SDO "streetAddress");
    v.postal = iri(d, NS_SDO "postalCode");
    v.founded = iri(d, NS_SDO "foundingDate");
    v.c_person = iri(d, NS_EX "Personne");
    v.c_org = iri(d, NS_EX "Organisation");
    v.c_event = iri(d, NS_EX "Evenement");
    v.c_terr = iri(d, NS_EX "Territoire");
    v.c_addr = iri(d, NS_SDO "PostalAddress");

    /* Per 20 entities: 1 territory, 3 organisations, 5 events, 11 people;
     * about 9.3 triples per entity on average. */
    double ents = n / 9.3 + 20;
    uint32_t nT = (uint32_t)(ents / 20) + 1, nO = (uint32_t)(ents * 3 / 20) + 1;
    uint32_t nP = (uint32_t)(ents * 11 / 20) + 1;
    uint32_t iT = 0, iO = 0, iE = 0, iP = 0;
    subj_run run = {UINT32_MAX, 0};

    for (uint32_t k = 0; d->n < n; k++) {
        uint32_t slot = k % 20;
        if (slot == 0) { /* territory */
            uint32_t i = iT++;
            uint32_t s = iri(d, NS_ID "territoire/%u", i);
            const char *ville = VILLES[i % NELEM(VILLES)];
            ds_add(d, &run, s, v.type, v.c_terr, G_TERR, n);
            if (i < NELEM(VILLES))
                ds_add(d, &run, s, v.label, lit(d, LANG_FR, NULL, "%s", ville),
                       G_TERR, n);
            else
                ds_add(d, &run, s, v.label,
                       lit(d, LANG_FR, NULL, "%s — secteur %u", ville,
                           i / (uint32_t)NELEM(VILLES)),
                       G_TERR, n);
            if (i > 0) /* a tree: a parent for every 8 children */
                ds_add(d, &run, s, v.part_of, iri(d, NS_ID "territoire/%u", (i - 1) / 8),
                       G_TERR, n);
            ds_add(d, &run, s, v.population,
                   lit(d, NULL, XSD_INT, "%u", 200 + rng_skew(&r, 2000000, 6.0)),
                   G_TERR, n);
            ds_add(d, &run, s, v.insee,
                   lit(d, NULL, NULL, "%05u", 1000 + (i * 7919u) % 95000u), G_TERR, n);
        } else if (slot <= 3) { /* organisation */
            uint32_t i = iO++;
            uint32_t s = iri(d, NS_ID "organisation/%u", i);
            uint32_t t = rng_skew(&r, nT, 2.0);
            ds_add(d, &run, s, v.type, v.c_org, G_ORG, n);
            ds_add(d, &run, s, v.label,
                   lit(d, LANG_FR, NULL, "%s %s", ORG_KINDS[rng_below(&r, NELEM(ORG_KINDS))],
                       VILLES[t % NELEM(VILLES)]),
                   G_ORG, n);
            ds_add(d, &run, s, v.terr, iri(d, NS_ID "territoire/%u", t), G_ORG, n);
            ds_add(d, &run, s, v.founded,
                   lit(d, NULL, XSD_DATE, "%04u-%02u-%02u", 1901 + rng_below(&r, 123),
                       1 + rng_below(&r, 12), 1 + rng_below(&r, 28)),
                   G_ORG, n);
            if (rng_below(&r, 3) == 0) {
                ds_add(d, &run, s, v.part_of,
                       iri(d, NS_ID "organisation/%u", rng_skew(&r, nO, 3.0)), G_ORG, n);
            }
            /* a blank-node address */
            char bid[64];
            snprintf(bid, sizeof bid, "adr%u", i);
            uint32_t b = ds_term(d, K_BLANK, bid, NULL, NULL);
            ds_add(d, &run, s, v.address, b, G_ORG, n);
            ds_add(d, &run, b, v.type, v.c_addr, G_ORG, n);
            ds_add(d, &run, b, v.street,
                   lit(d, NULL, NULL, "%u %s", 1 + rng_below(&r, 120),
                       RUES[rng_below(&r, NELEM(RUES))]),
                   G_ORG, n);
            ds_add(d, &run, b, v.postal,
                   lit(d, NULL, NULL, "%05u", 1000 + (t * 7919u) % 95000u), G_ORG, n);
        } else if (slot <= 8) { /* event */
            uint32_t i = iE++;
            uint32_t s = iri(d, NS_ID "evenement/%u", i);
            uint32_t t = rng_skew(&r, nT, 2.0);
            uint32_t year = 2010 + rng_below(&r, 15), month = 1 + rng_below(&r, 12),
                     day = 1 + rng_below(&r, 27);
            ds_add(d, &run, s, v.type, v.c_event, G_EVT, n);
            ds_add(d, &run, s, v.label,
                   lit(d, LANG_FR, NULL, "%s sur %s à %s (%u)",
                       GENRES[rng_below(&r, NELEM(GENRES))],
                       THEMES[rng_below(&r, NELEM(THEMES))], VILLES[t % NELEM(VILLES)],
                       year),
                   G_EVT, n);
            ds_add(d, &run, s, v.start,
                   lit(d, NULL, XSD_DATE, "%04u-%02u-%02u", year, month, day), G_EVT, n);
            if (rng_below(&r, 2) == 0)
                ds_add(d, &run, s, v.end,
                       lit(d, NULL, XSD_DATE, "%04u-%02u-%02u", year, month, day + 1),
                       G_EVT, n);
            ds_add(d, &run, s, v.location, iri(d, NS_ID "territoire/%u", t), G_EVT, n);
            uint32_t ns = 1 + rng_skew(&r, 8, 2.0);
            for (uint32_t j = 0; j < ns; j++)
                ds_add(d, &run, s, v.speaker,
                       iri(d, NS_ID "personne/%u", rng_skew(&r, nP, 3.0)), G_EVT, n);
            uint32_t no = 1 + (rng_below(&r, 4) == 0);
            for (uint32_t j = 0; j < no; j++)
                ds_add(d, &run, s, v.organiser,
                       iri(d, NS_ID "organisation/%u", rng_skew(&r, nO, 2.5)), G_EVT, n);
        } else { /* person */
            uint32_t i = iP++;
            uint32_t s = iri(d, NS_ID "personne/%u", i);
            const char *pre = PRENOMS[rng_below(&r, NELEM(PRENOMS))];
            const char *nom = NOMS[rng_skew(&r, NELEM(NOMS), 1.5)];
            ds_add(d, &run, s, v.type, v.c_person, G_PERS, n);
            ds_add(d, &run, s, v.label, lit(d, LANG_FR, NULL, "%s %s", pre, nom), G_PERS, n);
            ds_add(d, &run, s, v.given, lit(d, NULL, NULL, "%s", pre), G_PERS, n);
            ds_add(d, &run, s, v.family, lit(d, NULL, NULL, "%s", nom), G_PERS, n);
            ds_add(d, &run, s, v.birth,
                   lit(d, NULL, XSD_DATE, "%04u-%02u-%02u", 1930 + rng_below(&r, 80),
                       1 + rng_below(&r, 12), 1 + rng_below(&r, 28)),
                   G_PERS, n);
            if (rng_below(&r, 10) < 7)
                ds_add(d, &run, s, v.email,
                       lit(d, NULL, NULL, "personne%u@exemple.fr", i), G_PERS, n);
            uint32_t nm = rng_skew(&r, 3, 1.5);
            for (uint32_t j = 0; j <= nm; j++)
                ds_add(d, &run, s, v.member,
                       iri(d, NS_ID "organisation/%u", rng_skew(&r, nO, 2.5)), G_PERS, n);
            uint32_t nk = rng_skew(&r, 9, 3.0);
            for (uint32_t j = 0; j < nk; j++)
                ds_add(d, &run, s, v.knows,
                       iri(d, NS_ID "personne/%u", rng_skew(&r, nP, 3.0)), G_PERS, n);
            ds_add(d, &run, s, v.terr,
                   iri(d, NS_ID "territoire/%u", rng_skew(&r, nT, 2.0)), G_PERS, n);
        }
    }
}

static void ds_free(dataset *d)
{
    for (uint32_t i = 0; i < d->nterms; i++)
        free(d->terms[i].value);
    free(d->terms);
    free(d->slots);
    free(d->t);
}

/* ---------------------------------------------------------------------- */
/* librdf nodes and our terms from generated terms                         */

static librdf_node *make_node(librdf_world *w, const term *t)
{
    const unsigned char *v = (const unsigned char *)t->value;
    switch (t->kind) {
    case K_IRI:
        return librdf_new_node_from_counted_uri_string(w, v, t->len);
    case K_BLANK:
        return librdf_new_node_from_counted_blank_identifier(w, v, t->len);
    default: {
        librdf_uri *dt = NULL;
        if (t->datatype)
            dt = librdf_new_uri(w, (const unsigned char *)t->datatype);
        librdf_node *n = librdf_new_node_from_typed_counted_literal(
            w, v, t->len, t->lang, t->lang ? strlen(t->lang) : 0, dt);
        if (dt)
            librdf_free_uri(dt);
        return n;
    }
    }
}

static mg_term make_mg_term(const term *t)
{
    mg_term m;
    m.kind = t->kind == K_IRI ? MG_TERM_IRI
             : t->kind == K_BLANK ? MG_TERM_BLANK
                                  : MG_TERM_LITERAL;
    m.value = t->value;
    m.len = t->len;
    m.lang = t->lang;
    m.datatype = t->datatype;
    return m;
}

/* ---------------------------------------------------------------------- */
/* Storages                                                                */

enum { ST_OURS = 0, ST_HASHES = 1, ST_SQLITE = 2, NSTORE = 3 };
static const char *STORE_NAMES[NSTORE] = {"maillage", "hashes/bdb", "sqlite"};
static const char *STORE_KEYS[NSTORE] = {"maillage", "hashes", "sqlite"};

/* The spec for mg_db_open; `create` for a new, empty store. */
static void store_spec(int which, const char *dir, int create, char *out, size_t n)
{
    switch (which) {
    case ST_OURS:
        snprintf(out, n, "%s/store", dir);
        break;
    case ST_HASHES:
        snprintf(out, n,
                 "librdf:hashes:hash-type='bdb',dir='%s',contexts='yes'%s@bench",
                 dir, create ? ",new='yes'" : "");
        break;
    default:
        snprintf(out, n, "librdf:sqlite:contexts='yes'%s@%s/bench.sqlite",
                 create ? ",new='yes'" : "", dir);
        break;
    }
}

static mg_db *open_store(int which, const char *dir, int create)
{
    char spec[4096];
    store_spec(which, dir, create, spec, sizeof spec);
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    if (mg_db_open(spec, create ? MG_DB_CREATE : 0, &db, &st) != MG_OK)
        die("mg_db_open(%s): %s", spec, st.msg);
    return db;
}

typedef struct load_result {
    int txn;            /* 1 if transaction_start succeeded */
    int aborted;        /* stopped at the time cap */
    uint32_t loaded;    /* statements added */
    uint32_t failures;  /* add calls returning non-zero */
    double add_s;       /* the adds (+ commit) */
    double close_s;     /* sync + free model/storage */
} load_result;

/* Loads triples [0, n) into a fresh store in `dir`. */
static load_result load_store(int which, const char *dir, const dataset *d,
                              uint32_t n, int use_txn, double cap_s)
{
    load_result lr;
    memset(&lr, 0, sizeof lr);
    mg_db *db = open_store(which, dir, 1);
    librdf_world *w = db->world;
    librdf_node *ctx[4];
    for (int g = 0; g < 4; g++)
        ctx[g] = librdf_new_node_from_uri_string(w, (const unsigned char *)GRAPHS[g]);
    double t0 = now_s();
    if (use_txn)
        lr.txn = librdf_model_transaction_start(db->model) == 0;
    for (uint32_t i = 0; i < n; i++) {
        const triple *t = &d->t[i];
        librdf_statement *s = librdf_new_statement_from_nodes(
            w, make_node(w, &d->terms[t->s]), make_node(w, &d->terms[t->p]),
            make_node(w, &d->terms[t->o]));
        if (!s)
            die("cannot build statement %u", i);
        if (librdf_model_context_add_statement(db->model, ctx[t->g], s) != 0)
            lr.failures++;
        librdf_free_statement(s);
        lr.loaded = i + 1;
        if ((i & 1023) == 1023 && now_s() - t0 > cap_s) {
            lr.aborted = 1;
            break;
        }
    }
    if (lr.txn && librdf_model_transaction_commit(db->model) != 0) {
        fprintf(stderr, "  %s: librdf_model_transaction_commit failed: %s\n",
                STORE_NAMES[which], mg_world_last_error(w));
        lr.failures = lr.loaded;
    }
    double t1 = now_s();
    librdf_model_sync(db->model);
    for (int g = 0; g < 4; g++)
        librdf_free_node(ctx[g]);
    mg_db_close(db);
    lr.add_s = t1 - t0;
    lr.close_s = now_s() - t1;
    return lr;
}

/* ---------------------------------------------------------------------- */
/* Lookups                                                                 */

enum { B_S = 4, B_P = 2, B_O = 1 };
#define NSHAPE 7
static const int SHAPES[NSHAPE] = {B_S, B_P, B_O, B_S | B_P, B_P | B_O, B_S | B_O,
                                   B_S | B_P | B_O};
static const char *SHAPE_NAMES[NSHAPE] = {"(s ? ?)", "(? p ?)", "(? ? o)", "(s p ?)",
                                          "(? p o)", "(s ? o)", "(s p o)"};

typedef struct shape_result {
    uint32_t done;      /* lookups run */
    double med_us, p95_us, mean_results;
    uint64_t *counts;   /* per lookup, [done] */
} shape_result;

typedef struct store_result {
    int ran;
    char note[512];
    load_result load;
    uint64_t disk_bytes;
    int model_size;
    double size_us;
    double open_ms;
    shape_result shape[NSHAPE];
    shape_result idlevel[NSHAPE];   /* ours only: ids */
    shape_result iddecode[NSHAPE];  /* ours only: ids + mg_term_get */
} store_result;

typedef struct run_cfg {
    uint32_t lookups;
    double budget_s;
    double load_cap_s;
} run_cfg;

/* The triple index of lookup j of shape k (same for all storages). */
static uint32_t *make_picks(uint32_t n, uint32_t lookups, int k)
{
    rng r = {0xb0c4a1ull * 31 + (uint64_t)k * 1000003ull + n};
    uint32_t *p = xmalloc(lookups * sizeof *p);
    for (uint32_t j = 0; j < lookups; j++)
        p[j] = rng_below(&r, n);
    return p;
}

static void finish_shape(shape_result *sr, double *us, uint64_t total)
{
    if (sr->done == 0)
        return;
    qsort(us, sr->done, sizeof *us, cmp_double);
    sr->med_us = us[sr->done / 2];
    uint32_t i95 = (uint32_t)ceil(0.95 * sr->done) - 1;
    sr->p95_us = us[i95 < sr->done ? i95 : sr->done - 1];
    sr->mean_results = (double)total / sr->done;
}

static void lookups_librdf(mg_db *db, const dataset *d, uint32_t n,
                           const run_cfg *cfg, store_result *res, int which)
{
    librdf_world *w = db->world;
    double *us = xmalloc(cfg->lookups * sizeof *us);
    for (int k = 0; k < NSHAPE; k++) {
        shape_result *sr = &res->shape[k];
        sr->counts = xmalloc(cfg->lookups * sizeof *sr->counts);
        uint32_t *picks = make_picks(n, cfg->lookups, k);
        uint64_t total = 0;
        double start = now_s();
        for (uint32_t j = 0; j < cfg->lookups; j++) {
            const triple *t = &d->t[picks[j]];
            librdf_statement *pat = librdf_new_statement_from_nodes(
                w, (SHAPES[k] & B_S) ? make_node(w, &d->terms[t->s]) : NULL,
                (SHAPES[k] & B_P) ? make_node(w, &d->terms[t->p]) : NULL,
                (SHAPES[k] & B_O) ? make_node(w, &d->terms[t->o]) : NULL);
            double t0 = now_s();
            librdf_stream *s = librdf_model_find_statements(db->model, pat);
            uint64_t c = 0;
            if (!s) {
                fprintf(stderr, "  %s %s: librdf_model_find_statements returned NULL: %s\n",
                        STORE_NAMES[which], SHAPE_NAMES[k], mg_world_last_error(w));
            } else {
                while (!librdf_stream_end(s)) {
                    if (librdf_stream_get_object(s))
                        c++;
                    librdf_stream_next(s);
                }
                librdf_free_stream(s);
            }
            double t1 = now_s();
            librdf_free_statement(pat);
            us[j] = (t1 - t0) * 1e6;
            sr->counts[j] = c;
            total += c;
            sr->done = j + 1;
            if (t1 - start > cfg->budget_s)
                break;
        }
        finish_shape(sr, us, total);
        free(picks);
        fprintf(stderr, "  %-10s %-8s %5u lookups  median %10.1f us  p95 %10.1f us  mean %.1f results\n",
                STORE_NAMES[which], SHAPE_NAMES[k], sr->done, sr->med_us, sr->p95_us,
                sr->mean_results);
    }
    free(us);
}

static void lookups_idlevel(mg_store *store, const dataset *d, uint32_t n,
                            const run_cfg *cfg, shape_result *out, int decode)
{
    double *us = xmalloc(cfg->lookups * sizeof *us);
    for (int k = 0; k < NSHAPE; k++) {
        shape_result *sr = &out[k];
        sr->counts = xmalloc(cfg->lookups * sizeof *sr->counts);
        uint32_t *picks = make_picks(n, cfg->lookups, k);
        uint64_t total = 0;
        double start = now_s();
        for (uint32_t j = 0; j < cfg->lookups; j++) {
            const triple *t = &d->t[picks[j]];
            mg_term ms = make_mg_term(&d->terms[t->s]);
            mg_term mp = make_mg_term(&d->terms[t->p]);
            mg_term mo = make_mg_term(&d->terms[t->o]);
            mg_status st;
            mg_status_clear(&st);
            double t0 = now_s();
            mg_txn *txn = NULL;
            uint64_t c = 0;
            if (mg_txn_begin(store, 0, &txn, &st) != MG_OK)
                die("mg_txn_begin: %s", st.msg);
            mg_quad q = {0, 0, 0, 0};
            mg_code rc = MG_OK;
            if (SHAPES[k] & B_S)
                rc = mg_term_lookup(txn, &ms, &q.s, &st);
            if (rc == MG_OK && (SHAPES[k] & B_P))
                rc = mg_term_lookup(txn, &mp, &q.p, &st);
            if (rc == MG_OK && (SHAPES[k] & B_O))
                rc = mg_term_lookup(txn, &mo, &q.o, &st);
            if (rc != MG_OK) {
                fprintf(stderr, "  id-level %s: mg_term_lookup failed (%s) for triple %u\n",
                        SHAPE_NAMES[k], st.msg, picks[j]);
            } else {
                mg_cursor *cur = NULL;
                if (mg_cursor_open(txn, &q, MG_CURSOR_DISTINCT, &cur, &st) != MG_OK)
                    die("mg_cursor_open: %s", st.msg);
                mg_quad r;
                int x;
                while ((x = mg_cursor_next(cur, &r, &st)) == 1) {
                    if (decode) {
                        mg_term a, b, e;
                        if (mg_term_get(txn, r.s, &a, &st) != MG_OK ||
                            mg_term_get(txn, r.p, &b, &st) != MG_OK ||
                            mg_term_get(txn, r.o, &e, &st) != MG_OK)
                            die("mg_term_get: %s", st.msg);
                    }
                    c++;
                }
                if (x < 0)
                    fprintf(stderr, "  id-level: mg_cursor_next: %s\n", st.msg);
                mg_cursor_close(cur);
            }
            mg_txn_abort(txn);
            double t1 = now_s();
            us[j] = (t1 - t0) * 1e6;
            sr->counts[j] = c;
            total += c;
            sr->done = j + 1;
            if (t1 - start > cfg->budget_s)
                break;
        }
        finish_shape(sr, us, total);
        free(picks);
        fprintf(stderr, "  %-10s %-8s %5u lookups  median %10.1f us  p95 %10.1f us  mean %.1f results\n",
                decode ? "ids+terms" : "ids", SHAPE_NAMES[k], sr->done, sr->med_us,
                sr->p95_us, sr->mean_results);
    }
    free(us);
}

/* ---------------------------------------------------------------------- */
/* One storage at one size                                                 */

static void make_dir(const char *tmproot, const char *tag, char *out, size_t n)
{
    snprintf(out, n, "%s/%s-XXXXXX", tmproot, tag);
    if (!mkdtemp(out))
        die("mkdtemp %s: %s", out, strerror(errno));
}

static void run_store(int which, const char *tmproot, const dataset *d, uint32_t n,
                      const run_cfg *cfg, store_result *res)
{
    char dir[4096];
    make_dir(tmproot, STORE_KEYS[which], dir, sizeof dir);
    fprintf(stderr, "[%u] %s: loading into %s\n", n, STORE_NAMES[which], dir);
    res->load = load_store(which, dir, d, n, 1, cfg->load_cap_s);
    const load_result *lr = &res->load;
    fprintf(stderr, "  loaded %u in %.2f s (+%.2f s close), txn=%s, failures=%u%s\n",
            lr->loaded, lr->add_s, lr->close_s, lr->txn ? "yes" : "no", lr->failures,
            lr->aborted ? ", STOPPED AT CAP" : "");
    res->disk_bytes = du_bytes(dir);
    if (lr->aborted) {
        snprintf(res->note, sizeof res->note,
                 "load stopped at the %.0f s cap after %u triples; no lookups",
                 cfg->load_cap_s, lr->loaded);
        res->ran = 1;
        rm_rf(dir);
        return;
    }
    res->ran = 1;

    /* Reopen: a fresh world and storage (OS page cache stays warm). */
    double o0 = now_s();
    mg_db *db = open_store(which, dir, 0);
    res->open_ms = (now_s() - o0) * 1e3;
    double s0 = now_s();
    res->model_size = librdf_model_size(db->model);
    res->size_us = (now_s() - s0) * 1e6;
    fprintf(stderr, "  reopened in %.1f ms; librdf_model_size = %d (%.1f us)\n",
            res->open_ms, res->model_size, res->size_us);
    lookups_librdf(db, d, n, cfg, res, which);
    if (which == ST_OURS) {
        if (!db->native)
            die("mg_db_open gave no native store for our module");
        lookups_idlevel(db->native, d, n, cfg, res->idlevel, 0);
        lookups_idlevel(db->native, d, n, cfg, res->iddecode, 1);
    }
    mg_db_close(db);
    if (getenv("BENCH_KEEP") && *getenv("BENCH_KEEP"))
        fprintf(stderr, "  kept %s (BENCH_KEEP)\n", dir);
    else
        rm_rf(dir);
}

/* ---------------------------------------------------------------------- */
/* Transaction probe: the same first K triples with and without one        */

typedef struct probe_result {
    int ran;
    uint32_t k;
    load_result with, without;
} probe_result;

static void run_probe(int which, const char *tmproot, const dataset *d, uint32_t k,
                      probe_result *pr)
{
    char dir[4096];
    pr->ran = 1;
    pr->k = k;
    make_dir(tmproot, "probe", dir, sizeof dir);
    pr->without = load_store(which, dir, d, k, 0, 20.0);
    rm_rf(dir);
    make_dir(tmproot, "probe", dir, sizeof dir);
    pr->with = load_store(which, dir, d, k, 1, 20.0);
    rm_rf(dir);
    fprintf(stderr, "probe %s: %u triples without txn %.3f s (%u done), with txn (started=%d) %.3f s\n",
            STORE_NAMES[which], k, pr->without.add_s + pr->without.close_s,
            pr->without.loaded, pr->with.txn, pr->with.add_s + pr->with.close_s);
}

/* ---------------------------------------------------------------------- */
/* Report                                                                  */

typedef struct size_run {
    uint32_t n;
    uint32_t nterms;
    store_result st[NSTORE];
    int mismatches;
    char mismatch_text[4096];
} size_run;

static double load_rate(const load_result *lr)
{
    double t = lr->add_s + lr->close_s;
    return t > 0 ? lr->loaded / t : 0;
}

static void verify(size_run *sr)
{
    size_t off = 0;
    const store_result *ref = &sr->st[ST_OURS];
    for (int w = 0; w < NSTORE; w++) {
        const store_result *o = &sr->st[w];
        if (!o->ran || o->load.aborted)
            continue;
        if (o->model_size < 0) {
            off += snprintf(sr->mismatch_text + off, sizeof sr->mismatch_text - off,
                            "- %s: librdf_model_size returned %d: the storage "
                            "cannot count (not a count mismatch)\n",
                            STORE_NAMES[w], o->model_size);
        } else if (o->model_size != (int)sr->n) {
            sr->mismatches++;
            off += snprintf(sr->mismatch_text + off, sizeof sr->mismatch_text - off,
                            "- %s: librdf_model_size = %d, expected %u\n",
                            STORE_NAMES[w], o->model_size, sr->n);
        }
    }
    if (!ref->ran || ref->load.aborted)
        return;
    for (int k = 0; k < NSHAPE; k++) {
        for (int w = 0; w < NSTORE + 2; w++) {
            const shape_result *a = &ref->shape[k], *b;
            const char *name;
            if (w == ST_OURS)
                continue;
            if (w < NSTORE) {
                if (!sr->st[w].ran || sr->st[w].load.aborted)
                    continue;
                b = &sr->st[w].shape[k];
                name = STORE_NAMES[w];
            } else {
                b = w == NSTORE ? &ref->idlevel[k] : &ref->iddecode[k];
                name = w == NSTORE ? "maillage id-level" : "maillage id-level+terms";
            }
            uint32_t m = a->done < b->done ? a->done : b->done;
            uint32_t bad = 0, first = 0;
            for (uint32_t j = 0; j < m; j++)
                if (a->counts[j] != b->counts[j] && bad++ == 0)
                    first = j;
            if (bad && off < sizeof sr->mismatch_text - 200) {
                sr->mismatches++;
                off += snprintf(sr->mismatch_text + off, sizeof sr->mismatch_text - off,
                                "- %s %s: %u of %u lookups differ from maillage's "
                                "(first: lookup %u, maillage %llu, %s %llu)\n",
                                name, SHAPE_NAMES[k], bad, m, first,
                                (unsigned long long)a->counts[first], name,
                                (unsigned long long)b->counts[first]);
            }
        }
    }
    /* (s p o) of an existing triple must give exactly 1. */
    for (int w = 0; w < NSTORE; w++) {
        const store_result *o = &sr->st[w];
        if (!o->ran || o->load.aborted)
            continue;
        const shape_result *a = &o->shape[NSHAPE - 1];
        for (uint32_t j = 0; j < a->done; j++)
            if (a->counts[j] != 1 && off < sizeof sr->mismatch_text - 200) {
                sr->mismatches++;
                off += snprintf(sr->mismatch_text + off, sizeof sr->mismatch_text - off,
                                "- %s (s p o) lookup %u gave %llu results, expected 1\n",
                                STORE_NAMES[w], j, (unsigned long long)a->counts[j]);
                break;
            }
    }
}

static void fmt_us(char *buf, size_t n, double us)
{
    if (us >= 100000)
        snprintf(buf, n, "%.0f ms", us / 1000);
    else if (us >= 1000)
        snprintf(buf, n, "%.1f ms", us / 1000);
    else if (us >= 100)
        snprintf(buf, n, "%.0f µs", us);
    else
        snprintf(buf, n, "%.1f µs", us);
}

static void fmt_cell(char *buf, size_t n, const shape_result *s, uint32_t full)
{
    char a[32], b[32];
    if (!s->done) {
        snprintf(buf, n, "—");
        return;
    }
    fmt_us(a, sizeof a, s->med_us);
    fmt_us(b, sizeof b, s->p95_us);
    if (s->done < full)
        snprintf(buf, n, "%s / %s (n=%u)", a, b, s->done);
    else
        snprintf(buf, n, "%s / %s", a, b);
}

static void fmt_ratio(char *buf, size_t n, double peer, double ours)
{
    if (peer <= 0 || ours <= 0)
        snprintf(buf, n, "—");
    else if (peer / ours >= 10)
        snprintf(buf, n, "%.0f×", peer / ours);
    else
        snprintf(buf, n, "%.1f×", peer / ours);
}

/* A ratio of medians; "≈" when the two sides ran different numbers of
 * lookups (a time budget ran out), so the medians are over different sets. */
static void fmt_ratio_sh(char *buf, size_t n, const shape_result *peer,
                         const shape_result *ours)
{
    char r[24];
    fmt_ratio(r, sizeof r, peer->med_us, ours->med_us);
    snprintf(buf, n, "%s%s", peer->done != ours->done && (unsigned char)r[0] != 0xe2 ? "≈" : "", r);
}

static int store_ok(const store_result *s)
{
    return s->ran && !s->load.aborted;
}

static void write_report(FILE *f, size_run *runs, int nruns, probe_result *probes,
                         const run_cfg *cfg, const char *cmdline, double total_s)
{
    char cpu[256] = "unknown";
    FILE *ci = fopen("/proc/cpuinfo", "r");
    if (ci) {
        char line[512];
        while (fgets(line, sizeof line, ci))
            if (!strncmp(line, "model name", 10)) {
                char *c = strchr(line, ':');
                if (c) {
                    c++;
                    while (*c == ' ')
                        c++;
                    snprintf(cpu, sizeof cpu, "%s", c);
                    cpu[strcspn(cpu, "\n")] = 0;
                }
                break;
            }
        fclose(ci);
    }
    time_t now = time(NULL);
    char date[64];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M %Z", localtime(&now));
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    long mem_mb = (long)(sysconf(_SC_PHYS_PAGES) / 1024 * sysconf(_SC_PAGESIZE) / 1024);
    struct utsname un;
    uname(&un);

    fprintf(f, "## Storage benchmark: maillage vs librdf hashes/bdb and sqlite\n\n");
    fprintf(f, "Generated by `%s` (bench/storage/, see its README) in %.0f s.\n\n", cmdline,
            total_s);
    fprintf(f, "- Machine: %ld CPUs (nproc), %s, %ld MiB RAM, %s %s\n", ncpu, cpu, mem_mb,
            un.sysname, un.release);
    fprintf(f, "- Date: %s\n", date);
    fprintf(f, "- /proc/loadavg at start: `%s`, at end: `%s` (other work shared "
               "the machine; single runs, so expect some noise in load times)\n",
            g_load_start, g_load_end);
    fprintf(f, "- librdf %s, raptor2 %s, rasqal %s, LMDB %d.%d.%d\n", librdf_version_string,
            raptor_version_string, rasqal_version_string, MDB_VERSION_MAJOR,
            MDB_VERSION_MINOR, MDB_VERSION_PATCH);
    fprintf(f, "- Sizes: ");
    for (int i = 0; i < nruns; i++)
        fprintf(f, "%s%u", i ? ", " : "", runs[i].n);
    fprintf(f, " distinct triples (each in exactly one of 4 named graphs)\n\n");

    fprintf(f, "### Method\n\n");
    fprintf(f,
            "- Data: a deterministic generator shaped like our graph: territories (a "
            "tree, labels such as \"Saint-Étienne\"@fr, populations as xsd:integer), "
            "organisations (blank-node postal addresses, founding dates), events "
            "(xsd:date start/end, 1–8 speakers, 1–2 organisers, a location) and "
            "people (names with accents, birth dates, e-mails, memberships, "
            "`knows` links); targets are drawn with a power law, so a few people, "
            "organisations and territories carry most edges. Graphs: territoires, "
            "organisations, personnes, evenements.\n");
    fprintf(f,
            "- Storages, each in a fresh temporary directory, opened through "
            "`mg_db_open`: **maillage** (our module, `DIR/store`, created with "
            "create='yes'); **hashes/bdb** "
            "(`hash-type='bdb',dir=DIR,contexts='yes',new='yes'`); **sqlite** "
            "(`new='yes',contexts='yes'`, default `synchronous`, i.e. SQLite's FULL).\n");
    fprintf(f,
            "- Load: every triple through `librdf_model_context_add_statement` "
            "(nodes built from strings per statement, for every storage), inside one "
            "`librdf_model_transaction_start`/`_commit` when the storage accepts it. "
            "Time = adds + commit + `librdf_model_sync` + closing the storage, so "
            "the store is on disk when the clock stops.\n");
    fprintf(f,
            "- Disk: bytes allocated (du, st_blocks) by the store's files after close.\n");
    fprintf(f,
            "- Lookups: after closing and reopening the store (new world, new "
            "storage; the OS page cache is not dropped, hence \"cold-ish\"). Per "
            "shape, up to %u lookups built from random existing triples (same seed "
            "for every storage): `librdf_model_find_statements` + reading every "
            "statement of the stream (`librdf_stream_get_object`) + freeing it. "
            "Each (storage, shape) gets at most %.0f s; when the budget ran out "
            "first the table shows how many lookups ran (n=…). Cells are median / "
            "p95 per lookup. Counts are compared lookup by lookup between storages.\n",
            cfg->lookups, cfg->budget_s);
    fprintf(f,
            "- id-level: the same lookups on our store through `store.h` "
            "(`mg_txn_begin` read + `mg_term_lookup` of each bound term + "
            "`mg_cursor_open(MG_CURSOR_DISTINCT)`/`mg_cursor_next` to the end + "
            "abort), ids only, and ids + `mg_term_get` of s, p, o for every result "
            "(what a librdf stream must do at least).\n");
    fprintf(f, "- Mean results: over all %u lookups of the shape (from the "
               "id-level run, whose counts equal every storage's).\n",
            cfg->lookups);
    fprintf(f, "- Ratios are peer ÷ maillage for times (>1× means maillage is faster) "
               "and for bytes/triple (>1× means maillage is smaller); for load, "
               "maillage ÷ peer of triples/s. A ratio marked ≈ compares "
               "medians over different numbers of lookups (one side hit its time "
               "budget), so it is rough for shapes whose result counts vary a lot, "
               "like (? p ?).\n\n");

    for (int i = 0; i < nruns; i++) {
        size_run *sr = &runs[i];
        const store_result *ours = &sr->st[ST_OURS];
        fprintf(f, "### %u triples (%u distinct terms)\n\n", sr->n, sr->nterms);
        fprintf(f, "| storage | load | load triples/s | txn | bytes/triple on disk | "
                   "reopen | `librdf_model_size` | notes |\n");
        fprintf(f, "|---|---|---|---|---|---|---|---|\n");
        for (int w = 0; w < NSTORE; w++) {
            const store_result *s = &sr->st[w];
            if (!s->ran) {
                fprintf(f, "| %s | not run | | | | | | %s |\n", STORE_NAMES[w], s->note);
                continue;
            }
            const load_result *lr = &s->load;
            char sz[64] = "—", us[32];
            if (!lr->aborted) {
                fmt_us(us, sizeof us, s->size_us);
                snprintf(sz, sizeof sz, "%d (%s)", s->model_size, us);
            }
            char op[32] = "—", fl[64] = "";
            if (!lr->aborted)
                snprintf(op, sizeof op, "%.1f ms", s->open_ms);
            if (lr->failures)
                snprintf(fl, sizeof fl, " %u add calls failed", lr->failures);
            fprintf(f, "| %s | %.1f s (close %.2f s) | %.0f | %s | %.0f | %s | %s | %s%s |\n",
                    STORE_NAMES[w], lr->add_s + lr->close_s, lr->close_s, load_rate(lr),
                    lr->txn ? "yes" : "no (not supported)",
                    lr->loaded ? (double)s->disk_bytes / lr->loaded : 0.0, op, sz,
                    s->note, fl);
        }
        fprintf(f, "\n");
        if (store_ok(ours)) {
            fprintf(f, "Ratios: ");
            for (int w = 1; w < NSTORE; w++) {
                const store_result *s = &sr->st[w];
                if (!s->ran)
                    continue;
                char a[32], b[32];
                fmt_ratio(a, sizeof a, load_rate(&ours->load), load_rate(&s->load));
                fmt_ratio(b, sizeof b, (double)s->disk_bytes / s->load.loaded,
                          (double)ours->disk_bytes / ours->load.loaded);
                fprintf(f, "%svs %s: load speed %s, bytes/triple %s", w > 1 ? "; " : "",
                        STORE_NAMES[w], a, b);
            }
            fprintf(f, ".\n\n");
        }

        fprintf(f, "Lookups, median / p95 per lookup (µs unless marked):\n\n");
        fprintf(f, "| shape | mean results | maillage (librdf) | maillage id-level | "
                   "id-level + terms | hashes/bdb | sqlite | hashes ÷ maillage | "
                   "sqlite ÷ maillage | librdf ÷ id-level |\n");
        fprintf(f, "|---|---|---|---|---|---|---|---|---|---|\n");
        for (int k = 0; k < NSHAPE; k++) {
            char c[5][96], r[3][40];
            double mean = 0;
            for (int w = NSTORE - 1; w >= 0; w--)
                if (store_ok(&sr->st[w]) && sr->st[w].shape[k].done)
                    mean = sr->st[w].shape[k].mean_results;
            if (store_ok(ours) && ours->shape[k].done)
                mean = ours->shape[k].mean_results;
            if (store_ok(ours) && ours->idlevel[k].done == cfg->lookups)
                mean = ours->idlevel[k].mean_results; /* over every lookup */
            for (int w = 0; w < NSTORE; w++) {
                int col = w == 0 ? 0 : w + 2;
                if (store_ok(&sr->st[w]))
                    fmt_cell(c[col], sizeof c[col], &sr->st[w].shape[k], cfg->lookups);
                else
                    snprintf(c[col], sizeof c[col], "not run");
            }
            if (store_ok(ours)) {
                fmt_cell(c[1], sizeof c[1], &ours->idlevel[k], cfg->lookups);
                fmt_cell(c[2], sizeof c[2], &ours->iddecode[k], cfg->lookups);
            } else {
                snprintf(c[1], sizeof c[1], "—");
                snprintf(c[2], sizeof c[2], "—");
            }
            for (int w = 1; w < NSTORE; w++) {
                if (store_ok(ours) && store_ok(&sr->st[w]))
                    fmt_ratio_sh(r[w - 1], sizeof r[w - 1], &sr->st[w].shape[k],
                                 &ours->shape[k]);
                else
                    snprintf(r[w - 1], sizeof r[w - 1], "—");
            }
            if (store_ok(ours))
                fmt_ratio_sh(r[2], sizeof r[2], &ours->shape[k], &ours->idlevel[k]);
            else
                snprintf(r[2], sizeof r[2], "—");
            fprintf(f, "| %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                    SHAPE_NAMES[k], mean, c[0], c[1], c[2], c[3], c[4], r[0], r[1], r[2]);
        }
        fprintf(f, "\n");
        if (sr->mismatches)
            fprintf(f, "**Result-count mismatches (bugs, not speed-ups):**\n\n%s\n",
                    sr->mismatch_text);
        else
            fprintf(f, "Result counts: every lookup returned the same number of "
                       "statements on every storage that ran it (and through the "
                       "id-level API, with and without term decoding); every "
                       "(s p o) lookup returned 1; `librdf_model_size` = %u "
                       "wherever the storage can count.\n%s\n",
                    sr->n, sr->mismatch_text);
    }

    fprintf(f, "### Notes on the peers (librdf 1.0.17)\n\n");
    fprintf(f,
            "- hashes/bdb: librdf's `librdf_storage_find_statements` sends (s p ?), "
            "(? p o) and (s ? o) to the storage's find_targets/find_sources/find_arcs, "
            "one get on the sp2o/po2s/so2p hash; the other shapes, (s p o) included, "
            "take the same time whatever they match, as a scan of the whole store "
            "would. Its transaction_start is not implemented (returns non-zero), and "
            "`librdf_model_size` returns -1 with bdb hashes.\n");
    fprintf(f,
            "- sqlite: its schema (`sqlite3 FILE .schema`) has an index on "
            "`triples(subjectUri, subjectBlank, predicateUri)` and on `uris(uri)`, "
            "none on `literals(text)`, `blanks(blank)` or on the object columns, "
            "which is consistent with its load rate falling as the store grows and "
            "with slow object-bound lookups.\n\n");

    int any_probe = 0;
    for (int w = 0; w < NSTORE; w++)
        any_probe |= probes[w].ran;
    if (any_probe) {
        fprintf(f, "### With and without a transaction\n\n");
        fprintf(f, "The first K triples of the data set into a fresh store, each "
                   "`librdf_model_context_add_statement` on its own (no transaction) "
                   "vs inside `librdf_model_transaction_start`/`_commit` (time "
                   "includes sync and close; each mode stops after 20 s).\n\n");
        fprintf(f, "| storage | K | without: triples/s | transaction_start accepted | "
                   "with: triples/s | with ÷ without |\n|---|---|---|---|---|---|\n");
        for (int w = 0; w < NSTORE; w++) {
            probe_result *p = &probes[w];
            if (!p->ran)
                continue;
            double a = load_rate(&p->without), b = load_rate(&p->with);
            char buf[64];
            snprintf(buf, sizeof buf, "%u%s", p->k,
                     p->without.aborted ? " (without: stopped at 20 s)" : "");
            fprintf(f, "| %s | %s | %.0f | %s | %.0f | %.1f× |\n", STORE_NAMES[w], buf, a,
                    p->with.txn ? "yes" : "no (returns non-zero)", b, a > 0 ? b / a : 0);
        }
        fprintf(f, "\n");
    }
}

static void print_summary(size_run *runs, int nruns, const run_cfg *cfg)
{
    for (int i = 0; i < nruns; i++) {
        size_run *sr = &runs[i];
        printf("\n== %u triples ==\n", sr->n);
        printf("%-11s %10s %9s %6s %12s %10s\n", "storage", "load s", "tr/s", "txn",
               "bytes/tr", "size()");
        for (int w = 0; w < NSTORE; w++) {
            store_result *s = &sr->st[w];
            if (!s->ran) {
                printf("%-11s not run: %s\n", STORE_NAMES[w], s->note);
                continue;
            }
            printf("%-11s %10.1f %9.0f %6s %12.0f %10d %s\n", STORE_NAMES[w],
                   s->load.add_s + s->load.close_s, load_rate(&s->load),
                   s->load.txn ? "yes" : "no",
                   s->load.loaded ? (double)s->disk_bytes / s->load.loaded : 0,
                   s->model_size, s->note);
        }
        printf("%-8s %9s %20s %20s %20s %20s\n", "shape", "results", "maillage",
               "ids", "hashes/bdb", "sqlite");
        for (int k = 0; k < NSHAPE; k++) {
            char c[4][96];
            fmt_cell(c[0], sizeof c[0], &sr->st[0].shape[k], cfg->lookups);
            fmt_cell(c[1], sizeof c[1], &sr->st[0].idlevel[k], cfg->lookups);
            fmt_cell(c[2], sizeof c[2], &sr->st[1].shape[k], cfg->lookups);
            fmt_cell(c[3], sizeof c[3], &sr->st[2].shape[k], cfg->lookups);
            printf("%-8s %9.1f %20s %20s %20s %20s\n", SHAPE_NAMES[k],
                   sr->st[0].shape[k].mean_results, c[0], c[1], c[2], c[3]);
        }
        if (sr->mismatches)
            printf("MISMATCHES:\n%s", sr->mismatch_text);
        else
            printf("counts agree\n%s", sr->mismatch_text);
    }
}

/* ---------------------------------------------------------------------- */

static double env_double(const char *name, double def)
{
    const char *v = getenv(name);
    return v && *v ? atof(v) : def;
}

static int only_has(const char *only, const char *key)
{
    if (!only || !*only)
        return 1;
    const char *p = strstr(only, key);
    return p != NULL;
}

int main(int argc, char **argv)
{
    const char *md = NULL;
    const char *tmproot = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    uint32_t sizes[16];
    int nsizes = 0;
    char cmdline[1024] = "bench/storage/run.sh";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--md") && i + 1 < argc)
            md = argv[++i];
        else if (!strcmp(argv[i], "--tmp") && i + 1 < argc)
            tmproot = argv[++i];
        else if (!strcmp(argv[i], "--cmd") && i + 1 < argc)
            snprintf(cmdline, sizeof cmdline, "%s", argv[++i]);
        else if (nsizes < 16)
            sizes[nsizes++] = (uint32_t)strtoul(argv[i], NULL, 10);
    }
    if (nsizes == 0) {
        sizes[0] = 100000;
        sizes[1] = 1000000;
        nsizes = 2;
    }
    /* ascending, so a slow peer's rate at a small size predicts the next */
    for (int i = 0; i < nsizes; i++)
        for (int j = i + 1; j < nsizes; j++)
            if (sizes[j] < sizes[i]) {
                uint32_t x = sizes[i];
                sizes[i] = sizes[j];
                sizes[j] = x;
            }
    run_cfg cfg;
    cfg.lookups = (uint32_t)env_double("BENCH_LOOKUPS", 1000);
    cfg.budget_s = env_double("BENCH_BUDGET", 8);
    cfg.load_cap_s = env_double("BENCH_LOAD_CAP", 300);
    uint32_t probe_k = (uint32_t)env_double("BENCH_PROBE", 1000);
    const char *only = getenv("BENCH_ONLY");
    double t_start = now_s();
    loadavg(g_load_start, sizeof g_load_start);

    size_run *runs = calloc((size_t)nsizes, sizeof *runs);
    probe_result probes[NSTORE];
    memset(probes, 0, sizeof probes);
    double prev_rate[NSTORE] = {0, 0, 0};

    for (int i = 0; i < nsizes; i++) {
        uint32_t n = sizes[i];
        size_run *sr = &runs[i];
        sr->n = n;
        double g0 = now_s();
        dataset d;
        generate(&d, n);
        sr->nterms = d.nterms;
        fprintf(stderr, "[%u] generated %u triples, %u terms in %.2f s\n", n, d.n, d.nterms,
                now_s() - g0);
        if (i == 0 && probe_k > 0)
            for (int w = 0; w < NSTORE; w++)
                if (only_has(only, STORE_KEYS[w]))
                    run_probe(w, tmproot, &d, probe_k < n ? probe_k : n, &probes[w]);
        for (int w = 0; w < NSTORE; w++) {
            store_result *res = &sr->st[w];
            if (!only_has(only, STORE_KEYS[w])) {
                snprintf(res->note, sizeof res->note, "excluded by BENCH_ONLY");
                continue;
            }
            /* loads slow down as stores grow: allow 1.5× the previous rate's time */
            if (prev_rate[w] > 0 && 1.5 * n / prev_rate[w] > cfg.load_cap_s) {
                snprintf(res->note, sizeof res->note,
                         "skipped: at %.0f triples/s (measured at the previous size) the "
                         "load would take about %.0f s, over the %.0f s cap",
                         prev_rate[w], n / prev_rate[w], cfg.load_cap_s);
                fprintf(stderr, "[%u] %s: %s\n", n, STORE_NAMES[w], res->note);
                continue;
            }
            run_store(w, tmproot, &d, n, &cfg, res);
            if (res->load.aborted)
                prev_rate[w] = 1e-9; /* never try a bigger size */
            else
                prev_rate[w] = load_rate(&res->load);
        }
        verify(sr);
        ds_free(&d);
    }
    double total = now_s() - t_start;
    loadavg(g_load_end, sizeof g_load_end);
    print_summary(runs, nsizes, &cfg);
    if (md) {
        FILE *f = fopen(md, "w");
        if (!f)
            die("cannot write %s: %s", md, strerror(errno));
        write_report(f, runs, nsizes, probes, &cfg, cmdline, total);
        fclose(f);
        fprintf(stderr, "wrote %s\n", md);
    }
    return 0;
}
