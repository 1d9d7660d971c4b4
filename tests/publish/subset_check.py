#!/usr/bin/env python3
"""subset_check.py — checks a subset export against the whole store.

Usage: subset_check.py FULL.nt SUBSET.nt NODES.csv

NODES.csv is the output of `maillage query --format csv` (full IRIs), one
node per line after the header, in its first column.  The subset must hold
exactly: every triple of FULL whose subject is one of the nodes, plus the
rdfs:label triples of the nodes those triples point to — nothing else.
Exit 0 when it does, 1 with what differs.
"""
import csv
import sys

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS

rdflib.NORMALIZE_LITERALS = False


def main(full_path, subset_path, nodes_path):
    full = rdflib.Graph()
    full.parse(full_path, format="nt")
    sub = rdflib.Graph()
    sub.parse(subset_path, format="nt")
    with open(nodes_path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    nodes = {URIRef(r[0]) for r in rows if r and r[0]}
    if not nodes:
        print("the query returned no node", file=sys.stderr)
        return 1
    want = set()
    for s, p, o in full:
        if s in nodes:
            want.add((s, p, o))
    pointed = {o for _, _, o in want if not isinstance(o, Literal)}
    for s, p, o in full.triples((None, RDFS.label, None)):
        if s in pointed:
            want.add((s, p, o))
    got = set(sub)
    if any(isinstance(t, BNode) for tr in want | got for t in tr):
        print("blank nodes: compare by isomorphism instead", file=sys.stderr)
        return 1
    subjects = {s for s, p, _ in got if p != RDFS.label}
    ok = True
    if got != want:
        ok = False
        print("subset differs: %d expected, %d written, %d missing, %d extra"
              % (len(want), len(got), len(want - got), len(got - want)),
              file=sys.stderr)
        for t in sorted(want - got)[:5]:
            print("  missing:", *t, file=sys.stderr)
        for t in sorted(got - want)[:5]:
            print("  extra:", *t, file=sys.stderr)
    if not subjects <= nodes:
        ok = False
        print("described but not returned:", sorted(subjects - nodes)[:5],
              file=sys.stderr)
    described = {s for s in nodes if (s, None, None) in full}
    if not described <= {s for s, _, _ in got}:
        ok = False
        print("returned but not described:", sorted(described - subjects)[:5],
              file=sys.stderr)
    print("%d nodes, %d triples, %d labelled neighbours"
          % (len(nodes), len(got), len({s for s, _, _ in got} - nodes)))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
