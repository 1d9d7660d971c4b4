#!/usr/bin/python3
"""Deterministic generator of Maillage-shaped graphs for bench/run.sh.

usage: bench/gen/generate.py N OUT.nq [--seed S] [--ontology DIR]

Writes about N data triples as N-Quads in named graphs (one graph per
batch of 500 entities, like one graph per source document), followed by the
ontology (ontology/*.ttl, converted with rapper, deduplicated) in the graph
https://w3id.org/maillage/graph/ontology.  Every triple occurs in exactly
one graph and at most once, so union-graph semantics agree across engines.
Prints the number of quads written (data + ontology) on stdout.

Shape (vocabulary of docs/ontology.md): a fixed territory tree (13 regions,
~100 departments) plus communes (mg:within commune -> department -> region);
networks (mg:Network, some mg:Club) with Zipf-distributed activity, so a
few hub networks organise most events; organisations of ~15 other kinds
with mg:territory and mg:partnerOf (preferential attachment); people
(foaf:Person, accented French names) with org:memberOf; events (schema:Event
and one mg: kind) with schema:startDate, schema:organizer, mg:partner,
mg:speaker, mg:moderator, mg:territory; publications (schema:CreativeWork
and one mg: kind) with dcterms:publisher and dcterms:subject; skos:Concept
topics.  Every entity has exactly one rdfs:label, tagged @fr.
"""
import bisect
import os
import random
import subprocess
import sys

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "http://schema.org/"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
MG = "https://w3id.org/maillage/ontology#"
ID = "https://w3id.org/maillage/id/"
ONTO_GRAPH = "https://w3id.org/maillage/graph/ontology"

REGIONS = ["Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne",
           "Centre-Val de Loire", "Corse", "Grand Est", "Hauts-de-France",
           "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
           "Pays de la Loire", "Provence-Alpes-Côte d'Azur"]
DEPT_WORDS = ["Ardèche", "Drôme", "Isère", "Côte-d'Or", "Doubs", "Finistère",
              "Côtes-d'Armor", "Indre", "Loiret", "Haute-Corse", "Moselle",
              "Bas-Rhin", "Nièvre", "Pas-de-Calais", "Aisne", "Yvelines",
              "Seine-Saint-Denis", "Val-de-Marne", "Calvados", "Orne",
              "Gironde", "Corrèze", "Hérault", "Ariège", "Gers", "Sarthe",
              "Vendée", "Bouches-du-Rhône", "Hautes-Alpes", "Vosges"]
COMMUNE_A = ["Saint-", "Sainte-", "Le ", "La ", "Les ", "Villeneuve-", "Mont", "Château", "Bourg-", "Val-"]
COMMUNE_B = ["Étienne", "Hélène", "Agnès", "Bénédicte", "Forêt", "Prés", "Rivière", "Vergers",
             "Côte", "Moulin", "Lauragais", "Garçon", "Chênes", "Pré-Fleuri", "Ormes", "Marché",
             "Églises", "Bois", "Fontaine", "Étang", "Mézières", "Hôpital", "Île", "Noë"]
FIRST = ["Hélène", "Élodie", "Mahel", "Benjamin", "Zoé", "Chloé", "Noémie", "Léa", "Jérôme",
         "François", "Françoise", "Cécile", "Régis", "Anaïs", "Joël", "Gaëlle", "Loïc", "Aurélien",
         "Amélie", "Agnès", "Frédéric", "Stéphane", "Valérie", "Thérèse", "Marie-Hélène", "Hugo",
         "Camille", "Ophélie", "Raphaël", "Mélanie", "Bérénice", "Éric", "Clément", "Inès",
         "Sébastien", "Céline", "Nathalie", "Pierre", "Sophie", "Laurent", "Helene", "Julien"]
LAST = ["Coppey", "Roger", "Lefèvre", "Lefebvre", "Bénard", "Gérard", "Dupré", "Hébert",
        "Fabre", "Mercier", "Lemaître", "Gaillard", "Rousseau", "Leclère", "Bréhier",
        "Chevalier", "Denis", "Pétin", "Barthélemy", "Fournier", "Girard", "Muller", "Kühn",
        "Le Goff", "Nguyên", "Ben Saïd", "Garçon", "Rivière", "Boissière", "Thénard",
        "Vidal", "Lopez", "Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Benoît",
        "Morel", "Prévost", "Renée", "Duchêne", "Aubert", "Hélie", "Fauré", "Loisel"]
NETWORKS = ["Réseau des collectivités territoriales pour une économie solidaire",
            "ESS France", "Intercommunalités de France", "Réseau des CRESS",
            "Le Labo de l'ESS", "Villes au Carré", "RésO Villes", "France Active",
            "Mouvement associatif", "Territoires zéro chômeur", "Réseau Cocagne",
            "Coopérer pour entreprendre"]
SELECTED_NETWORK = "Club des collectivités pour l'ESS en Île-de-France"   # index 12, an mg:Club
SELECTED_ORG = "Régie de quartier de Saint-Étienne Sud"                  # first other org
ORG_KINDS = ["LocalAuthority", "StateAgency", "AdvisoryBody", "PublicBody", "RegionalChamber",
             "ResourceCentre", "Association", "Cooperative", "Mutual", "Foundation", "Company",
             "EssStructure", "Ptce", "University", "Media", "TrainingCentre"]
ORG_WORDS = ["Association", "Coopérative", "Fondation", "Maison de l'économie", "Pôle",
             "Régie", "Mutuelle", "Atelier", "Collectif", "Chambre", "Agence", "Université",
             "Centre de ressources", "Scop", "Société coopérative"]
ORG_THEMES = ["solidaire", "de l'insertion", "des écoquartiers", "de la transition écologique",
              "des circuits courts", "du réemploi", "de l'économie circulaire", "des tiers-lieux",
              "de l'habitat partagé", "de la mobilité", "de l'alimentation durable", "numérique"]
EVENT_KINDS = ["Webinar", "Conference", "OnlineConference", "Seminar", "BoardSeminar",
               "Meeting", "RoundTable", "Hearing", "Fair"]
EVENT_WORDS = ["Webinaire", "Conférence", "Séminaire", "Rencontre", "Table ronde", "Journée",
               "Université d'été", "Forum", "Atelier"]
PUB_KINDS = ["Guide", "Newsletter", "Factsheet", "PressRelease", "Report", "ActivityReport",
             "Study", "Article", "Interview", "OpinionPiece", "Contribution"]
TOPICS = ["économie sociale et solidaire", "politique de la ville", "quartiers prioritaires",
          "transition écologique", "coopération économique territoriale", "filières locales",
          "alimentation durable", "commande publique responsable", "insertion par l'activité économique",
          "tiers-lieux", "mobilité", "réemploi", "habitat", "finance solidaire", "emploi",
          "égalité femmes-hommes", "numérique", "culture", "santé", "éducation populaire"]


def iri(x):
    return "<" + x + ">"


def lit(s, lang="fr"):
    s = s.replace("\\", "\\\\").replace('"', '\\"')
    return '"%s"@%s' % (s, lang)


def typed(s, dt):
    return '"%s"^^<%s%s>' % (s, XSD, dt)


class Zipf:
    """Weighted choice with weights 1/(rank+1)^s over a shuffled order."""

    def __init__(self, rng, n, s, shuffle=True):
        order = list(range(n))
        if shuffle:
            rng.shuffle(order)
        self.order = order
        cum, t = [], 0.0
        for r in range(n):
            t += 1.0 / (r + 1) ** s
            cum.append(t)
        self.cum, self.total = cum, t

    def pick(self, rng):
        return self.order[bisect.bisect_left(self.cum, rng.random() * self.total)]


def main():
    args = sys.argv[1:]
    seed, ontodir = 42, None
    if "--seed" in args:
        i = args.index("--seed"); seed = int(args[i + 1]); del args[i:i + 2]
    if "--ontology" in args:
        i = args.index("--ontology"); ontodir = args[i + 1]; del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    n_target, out_path = int(args[0]), args[1]
    if ontodir is None:
        ontodir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ontology")
    rng = random.Random(seed)

    # Entity counts from the target (calibrated so that data + ontology is about N quads).
    n_events = max(50, n_target * 10 // 186)
    n_people = max(100, n_target * 10 // 207)
    n_pubs = max(30, n_target * 10 // 570)
    n_orgs = max(60, n_target * 10 // 780)
    n_nets = max(20, n_target // 1300)
    n_communes = max(100, n_target // 130)

    out = open(out_path, "w", encoding="utf-8")
    count = [0]
    batch = [0, 0]  # entities in current graph, graph number

    def graph():
        return "<https://w3id.org/maillage/source/gen-%06d>" % batch[1]

    def next_entity():
        batch[0] += 1
        if batch[0] >= 500:
            batch[0] = 0
            batch[1] += 1

    lines = []

    def q(s, p, o):
        lines.append("%s %s %s %s .\n" % (s, p, o, graph()))
        count[0] += 1
        if len(lines) >= 10000:
            out.writelines(lines); lines.clear()

    A = iri(RDF + "type")
    LABEL = iri(RDFS + "label")

    # --- territories
    regions = []
    for i, name in enumerate(REGIONS):
        t = iri(ID + "territory/region-%02d" % i)
        regions.append(t)
        q(t, A, iri(MG + "Territory")); q(t, A, iri(MG + "Region"))
        q(t, LABEL, lit(name)); q(t, iri(MG + "inseeCode"), typed("%02d" % (11 + i * 6), "string"))
        next_entity()
    depts = []
    for i in range(101):
        t = iri(ID + "territory/dept-%03d" % i)
        depts.append(t)
        name = DEPT_WORDS[i % len(DEPT_WORDS)] + ("" if i < len(DEPT_WORDS) else " %d" % (i // len(DEPT_WORDS)))
        q(t, A, iri(MG + "Territory")); q(t, A, iri(MG + "Department"))
        q(t, LABEL, lit(name)); q(t, iri(MG + "within"), regions[i % len(regions)])
        next_entity()
    communes = []
    for i in range(n_communes):
        t = iri(ID + "territory/commune-%06d" % i)
        communes.append(t)
        name = rng.choice(COMMUNE_A) + rng.choice(COMMUNE_B) + " %d" % i
        q(t, A, iri(MG + "Territory")); q(t, A, iri(MG + "Commune"))
        q(t, LABEL, lit(name)); q(t, iri(MG + "within"), depts[rng.randrange(len(depts))])
        q(t, iri(MG + "inseeCode"), typed("%05d" % (1000 + i), "string"))
        next_entity()
    all_terr = regions + depts + communes
    terr_pick = Zipf(rng, len(communes), 0.8)

    def some_territory():
        r = rng.random()
        if r < 0.75:
            return communes[terr_pick.pick(rng)]
        if r < 0.92:
            return depts[rng.randrange(len(depts))]
        return regions[rng.randrange(len(regions))]

    # --- organisations: networks first (index 12 is the selected club), then the others
    orgs, org_is_net = [], []
    for i in range(n_nets):
        o = iri(ID + "org/network-%05d" % i)
        orgs.append(o); org_is_net.append(True)
        if i < len(NETWORKS):
            name = NETWORKS[i]
        elif i == len(NETWORKS):
            name = SELECTED_NETWORK
        else:
            name = "Réseau %s %s %d" % (rng.choice(ORG_THEMES), rng.choice(REGIONS), i)
        club = (i == len(NETWORKS)) or (i > len(NETWORKS) and rng.random() < 0.25)
        q(o, A, iri(ORG + "Organization")); q(o, A, iri(MG + ("Club" if club else "Network")))
        q(o, LABEL, lit(name))
        q(o, iri(MG + "territory"), regions[i % len(regions)] if i % 3 else iri(ID + "territory/region-05"))
        next_entity()
    for i in range(n_orgs):
        o = iri(ID + "org/org-%06d" % i)
        orgs.append(o); org_is_net.append(False)
        kind = ORG_KINDS[rng.randrange(len(ORG_KINDS))]
        name = SELECTED_ORG if i == 0 else "%s %s %d" % (rng.choice(ORG_WORDS), rng.choice(ORG_THEMES), i)
        q(o, A, iri(ORG + "Organization")); q(o, A, iri(MG + kind))
        q(o, LABEL, lit(name)); q(o, iri(MG + "territory"), some_territory())
        next_entity()
    # partnerships: preferential attachment (Zipf over all organisations), symmetric, stated once
    org_pick = Zipf(rng, len(orgs), 1.0)
    net_pick = Zipf(rng, n_nets, 1.3, shuffle=False)   # network 0 is the biggest hub
    pairs = set()
    for i, o in enumerate(orgs):
        k = 1 + int(rng.random() * 2.2) if i else 3
        for _ in range(k):
            j = org_pick.pick(rng)
            if j == i or (i, j) in pairs or (j, i) in pairs:
                continue
            pairs.add((i, j))
            q(o, iri(MG + "partnerOf"), orgs[j])
        next_entity()

    # --- people
    people = []
    for i in range(n_people):
        p = iri(ID + "person/p-%07d" % i)
        people.append(p)
        name = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
        q(p, A, iri(FOAF + "Person")); q(p, LABEL, lit(name)); q(p, iri(FOAF + "name"), lit(name))
        mem = set()
        for _ in range(1 + (rng.random() < 0.3)):
            mem.add(org_pick.pick(rng))
        for j in sorted(mem):
            q(p, iri(ORG + "memberOf"), orgs[j])
        next_entity()
    person_pick = Zipf(rng, n_people, 0.9)

    # --- topics
    topics = []
    for i in range(200):
        c = iri(ID + "concept/topic-%03d" % i)
        topics.append(c)
        q(c, A, iri(SKOS + "Concept"))
        q(c, LABEL, lit(TOPICS[i % len(TOPICS)] + ("" if i < len(TOPICS) else " %d" % i)))
        next_entity()
    topic_pick = Zipf(rng, len(topics), 1.0)

    # --- events: 85 % organised by a network (Zipf, hubs first), the rest by other organisations
    for i in range(n_events):
        e = iri(ID + "event/e-%07d" % i)
        kind = EVENT_KINDS[rng.randrange(len(EVENT_KINDS))]
        y, m, d = 2015 + rng.randrange(11), 1 + rng.randrange(12), 1 + rng.randrange(28)
        q(e, A, iri(SCHEMA + "Event")); q(e, A, iri(MG + kind))
        q(e, LABEL, lit("%s « %s » %d" % (rng.choice(EVENT_WORDS), rng.choice(TOPICS), i)))
        q(e, iri(SCHEMA + "startDate"), typed("%04d-%02d-%02d" % (y, m, d), "date"))
        orgz = set()
        orgz.add(net_pick.pick(rng) if rng.random() < 0.85 else n_nets + rng.randrange(n_orgs))
        if rng.random() < 0.2:
            orgz.add(org_pick.pick(rng))
        for j in sorted(orgz):
            q(e, iri(SCHEMA + "organizer"), orgs[j])
        parts = set(org_pick.pick(rng) for _ in range(int(rng.random() * 2.5))) - orgz
        for j in sorted(parts):
            q(e, iri(MG + "partner"), orgs[j])
        spk = set(person_pick.pick(rng) for _ in range(1 + int(rng.random() * 4)))
        for j in sorted(spk):
            q(e, iri(MG + "speaker"), people[j])
        if rng.random() < 0.5:
            q(e, iri(MG + "moderator"), people[person_pick.pick(rng)])
        q(e, iri(MG + "territory"), some_territory())
        next_entity()

    # --- publications
    for i in range(n_pubs):
        w = iri(ID + "publication/pub-%06d" % i)
        kind = PUB_KINDS[rng.randrange(len(PUB_KINDS))]
        q(w, A, iri(SCHEMA + "CreativeWork")); q(w, A, iri(MG + kind))
        q(w, LABEL, lit("%s : %s (%d)" % (kind, rng.choice(TOPICS), i)))
        q(w, iri(DCT + "issued"), typed("%04d-%02d-%02d" % (2015 + rng.randrange(11), 1 + rng.randrange(12), 1 + rng.randrange(28)), "date"))
        q(w, iri(DCT + "publisher"), orgs[net_pick.pick(rng) if rng.random() < 0.6 else org_pick.pick(rng)])
        for j in sorted(set(topic_pick.pick(rng) for _ in range(1 + rng.randrange(3)))):
            q(w, iri(DCT + "subject"), topics[j])
        next_entity()

    out.writelines(lines)
    data = count[0]
    # --- ontology, in its own graph, deduplicated
    onto = set()
    for f in sorted(os.listdir(ontodir)):
        if f.endswith(".ttl"):
            nt = subprocess.run(["rapper", "-q", "-i", "turtle", "-o", "ntriples", os.path.join(ontodir, f)],
                                check=True, capture_output=True, text=True).stdout
            for line in nt.splitlines():
                line = line.strip()
                if line.endswith(" ."):
                    onto.add(line[:-2] + " <" + ONTO_GRAPH + "> .\n")
    out.writelines(sorted(onto))
    out.close()
    print(data + len(onto))
    sys.stderr.write("generated %d data quads + %d ontology quads (%d events, %d people, %d orgs, %d networks) -> %s\n"
                     % (data, len(onto), n_events, n_people, n_orgs + n_nets, n_nets, out_path))


if __name__ == "__main__":
    main()
