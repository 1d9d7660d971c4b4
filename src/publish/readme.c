/*
 * readme.c — README.md of a published folder: what each file is, how
 * much it holds, under which licence, what was left out, and how to read
 * it with common tools.
 *
 * Owns: nothing beyond a call.
 */
#include "publish/facts.h"

#include <string.h>

static const char *kind_fr(int format)
{
    switch (format) {
    case MG_EXPORT_TURTLE: return "Turtle : le graphe (union des graphes), lisible, préfixes déclarés";
    case MG_EXPORT_NTRIPLES: return "N-Triples : les mêmes triplets, un par ligne (outils en flux, grep)";
    case MG_EXPORT_RDFXML: return "RDF/XML : les mêmes triplets, pour les outils qui ne lisent que XML";
    case MG_EXPORT_NQUADS: return "N-Quads : chaque triplet avec son graphe nommé (un par document source)";
    case MG_EXPORT_TRIG: return "TriG : les graphes nommés, lisibles";
    case MG_EXPORT_JSONLD: return "JSON-LD : les graphes nommés, pour le web et les outils JSON";
    }
    return "?";
}

static const char *media(int format)
{
    switch (format) {
    case MG_EXPORT_TURTLE: return "text/turtle";
    case MG_EXPORT_NTRIPLES: return "application/n-triples";
    case MG_EXPORT_RDFXML: return "application/rdf+xml";
    case MG_EXPORT_NQUADS: return "application/n-quads";
    case MG_EXPORT_TRIG: return "application/trig";
    case MG_EXPORT_JSONLD: return "application/ld+json";
    }
    return "?";
}

mg_code mgp_write_readme(const mgp_info *in, FILE *out, mg_status *st)
{
    (void)st;
    const mg_publish_opts *o = in->opts;
    const mg_publish_report *r = in->report;
    const mgp_facts *f = in->facts;
    fprintf(out, "# %s\n\n",
            o->title ? o->title
                     : "Maillage : acteurs et réseaux de l'économie sociale et "
                       "solidaire et de la politique de la ville");
    fprintf(out,
            "Graphe de connaissances publié par `maillage publish` le %s "
            "(données liées RDF).\n"
            "Knowledge graph published by `maillage publish` on %s (RDF "
            "linked data).\n\n",
            in->today, in->today);
    if (r->placeholder_url || r->placeholder_contact) {
        fputs("> **À compléter avant la mise en ligne / to fill in before "
              "publishing:**", out);
        if (r->placeholder_url)
            fprintf(out, " the download URLs use the placeholder `%s` (run "
                    "again with `--public-url https://…/`);", in->url);
        if (r->placeholder_contact)
            fputs(" the contact point is the placeholder "
                  "`contact@example.org` (use `--contact`);", out);
        fputs("\n\n", out);
    }
    fputs("## Fichiers / Files\n\n"
          "| fichier | contenu | type MIME | octets | énoncés |\n"
          "|---|---|---|---:|---:|\n", out);
    for (int i = 0; i < MGP_NDIST; i++) {
        const mgp_dist *d = &in->dists[i];
        int quads = d->format == MG_EXPORT_NQUADS || d->format == MG_EXPORT_TRIG ||
                    d->format == MG_EXPORT_JSONLD;
        fprintf(out, "| [%s](%s%s) | %s | `%s` | %lld | %zu %s |\n", d->file,
                in->url, d->file, kind_fr(d->format), media(d->format),
                d->bytes, d->statements, quads ? "quadruplets" : "triplets");
    }
    fputs("| `catalog.ttl` | description DCAT-AP 3 du jeu de données et de "
          "ses distributions, avec statistiques VoID (à donner au moissonneur "
          "du portail) | `text/turtle` | | |\n"
          "| `README.md` | ce fichier | `text/markdown` | | |\n\n", out);

    fprintf(out,
            "Tous les fichiers de données contiennent le même graphe : %zu "
            "triplets distincts, %zu quadruplets dans %zu graphes nommés, %zu "
            "entités (IRI sous `%s`), %zu classes, %zu propriétés.  Les "
            "formats à triplets (Turtle, N-Triples, RDF/XML) en donnent "
            "l'union ; les formats à graphes (N-Quads, TriG, JSON-LD) gardent "
            "un graphe nommé par document source, pour la provenance.\n\n",
            f->triples, r->quads, r->graphs, f->entities,
            o->base ? o->base : MG_INSTANCE_NS, f->classes, f->properties);

    fprintf(out, "## Licence\n\n%s — %s\n\n", mgp_licence_name(o->licence),
            mgp_licence_page(o->licence));

    fputs("## Ce qui est publié / What is published\n\n", out);
    fprintf(out, "- Personnes nommées (`--people %s`) : ",
            mg_people_policy_name(o->people));
    switch (o->people) {
    case MG_PEOPLE_PUBLIC_ROLES:
        fputs("noms et rôles publics (intervenants, fonctions) tels que les "
              "documents sources les donnent ; pas de coordonnées personnelles "
              "(courriel, téléphone).\n", out);
        break;
    case MG_PEOPLE_NAMES_ONLY:
        fputs("noms seulement ; ni fonctions, ni appartenances, ni "
              "coordonnées.\n", out);
        break;
    case MG_PEOPLE_NONE:
        fputs("aucune ; les citations des sources (`mg:evidence`, "
              "`rdfs:comment`) qui nomment une personne sont retirées.\n", out);
        break;
    }
    if (o->include_private)
        fputs("- Sources privées : **incluses** (`--include-private`).\n", out);
    else
        fprintf(out, "- Sources privées (« Ressource privée : Oui ») : "
                "exclues — %zu graphe(s) de source privée, %zu ressource(s) "
                "privée(s) et leurs parties.\n", r->private_graphs,
                r->private_items);
    if (f->start && f->end)
        fprintf(out, "- Période couverte (événements) : %.*s à %.*s.\n",
                (int)f->start->len, f->start->value, (int)f->end->len,
                f->end->value);
    fprintf(out, "- Territoires : %zu (liste dans `catalog.ttl`, "
            "`dct:spatial`).\n\n", f->nplaces);

    fputs("## Lire les données / Reading the data\n\n"
          "```sh\n"
          "rapper -i turtle -c maillage.ttl          # compter les triplets\n"
          "python3 -c 'import rdflib; g = rdflib.ConjunctiveGraph(); "
          "g.parse(\"maillage.nq\", format=\"nquads\"); print(len(g))'\n"
          "```\n\n"
          "Le vocabulaire (classes et propriétés `mg:`) est décrit dans le "
          "graphe `https://w3id.org/maillage/graph/ontology` et dans la "
          "documentation du projet (docs/ontology.md).\n", out);
    return MG_OK;
}
