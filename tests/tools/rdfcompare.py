#!/usr/bin/env python3
"""rdfcompare.py — an independent checker for RDF files (rdflib based).

Usage:
  rdfcompare.py isomorphic A B [--format-a F] [--format-b F]
                               [--base IRI] [--default-graph-prefix P]...
                               [--union]

Exits 0 when A and B hold isomorphic RDF datasets, 1 with a short diff
(at most 20 statements each way) when they differ, 2 on a usage or parse
error.

  --format-a F, --format-b F
      turtle, ntriples, nquads, trig or rdfxml (also: ttl, nt, nq, xml,
      rdf).  Default: from the file extension (.ttl .nt .nq .trig
      .rdf/.owl/.xml); "-" reads standard input (then give the format).
  --base IRI
      base IRI for relative IRIs in both files (default: the file's URI).
  --default-graph-prefix P
      graph names starting with P count as the default graph (may be
      repeated); e.g. urn:maillage:file: for an export of a Maillage store,
      which keeps the default-graph triples of a TriG/N-Quads file in the
      graph urn:maillage:file:BASENAME.
  --union
      compare the union of all graphs as one set of triples, ignoring graph
      names.  Implied when either file is a triple format (Turtle,
      N-Triples, RDF/XML).

What counts as the same:
  * blank nodes are compared up to renaming, across the whole dataset: a
    blank node shared by two graphs, or used as a graph name, must be
    shared the same way on the other side;
  * quad formats are compared graph by graph (graph names must match,
    blank-node graph names up to renaming);
  * RDF 1.1: "x" and "x"^^xsd:string are the same literal; language tags
    compare case-insensitively; lexical forms are NOT normalised
    ("01"^^xsd:integer differs from "1"^^xsd:integer).

As a module (used by tests/w3c/run_w3c.py):
  load_quads(path, fmt=None, base=None, default_graph_prefixes=())
      -> set of (s, p, o, g) rdflib terms, g None for the default graph
  compare(quads_a, quads_b, union=False) -> (same: bool, diff: str)
"""

import argparse
import sys
from urllib.parse import quote, unquote

import rdflib
from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph, to_isomorphic
from rdflib.namespace import XSD
from rdflib.parser import create_input_source

# Keep lexical forms as written: rdflib would otherwise turn "01"^^xsd:integer
# into "1" and hide a changed literal.
rdflib.NORMALIZE_LITERALS = False

FORMATS = {
    "turtle": "turtle", "ttl": "turtle",
    "ntriples": "nt", "n-triples": "nt", "nt": "nt",
    "nquads": "nquads", "n-quads": "nquads", "nq": "nquads",
    "trig": "trig",
    "rdfxml": "xml", "rdf/xml": "xml", "xml": "xml", "rdf": "xml", "owl": "xml",
}
EXTENSIONS = {
    "ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
    "rdf": "xml", "owl": "xml", "xml": "xml",
}
QUAD_FORMATS = ("nquads", "trig")

_DEFAULT_ID = URIRef("urn:x-rdfcompare:default-graph")
_ENC = "urn:x-rdfcompare:"          # encoded predicates: graph + predicate
_Q = "urn:x-rdfcompare:quad#"       # reified quads (blank-node graph names)
_QS, _QP, _QO, _QG = (URIRef(_Q + x) for x in "spog")
_QDEFAULT = URIRef(_Q + "default")


class CompareError(Exception):
    """A file cannot be read or parsed, or its format is unknown."""


def rdflib_format(fmt, path=None):
    """rdflib's name for a format name or, without one, a file extension."""
    if fmt:
        f = FORMATS.get(fmt.lower())
        if not f:
            raise CompareError("unknown format %r (turtle, ntriples, nquads, "
                               "trig, rdfxml)" % fmt)
        return f
    ext = (path or "").rsplit(".", 1)[-1].lower() if path and "." in path else ""
    if ext not in EXTENSIONS:
        raise CompareError("%s: cannot tell the format from the name; "
                           "give --format-a/--format-b" % path)
    return EXTENSIONS[ext]


def is_quad_format(fmt, path=None):
    return rdflib_format(fmt, path) in QUAD_FORMATS


def normalise(term):
    """RDF 1.1 literal identity: xsd:string literals become simple ones,
    language tags lower-case."""
    if isinstance(term, Literal):
        if term.datatype == XSD.string:
            return Literal(str(term))
        if term.language:
            return Literal(str(term), lang=term.language.lower())
    return term


def load_quads(path, fmt=None, base=None, default_graph_prefixes=()):
    """Parses a file (or "-" for stdin) and returns its set of quads
    (s, p, o, g) with g None for the default graph."""
    rfmt = rdflib_format(fmt, path)
    cg = ConjunctiveGraph(identifier=_DEFAULT_ID)
    # Graph.parse would put the default graph in a graph named after the
    # base: call the parser with the default graph as the sink instead.
    sink = Graph(store=cg.store, identifier=_DEFAULT_ID)
    parser = rdflib.plugin.get(rfmt, rdflib.parser.Parser)()
    try:
        if path == "-":
            src = create_input_source(data=sys.stdin.buffer.read(),
                                      publicID=base, format=rfmt)
            parser.parse(src, sink)
        else:
            with open(path, "rb") as f:
                src = create_input_source(file=f, format=rfmt,
                                          publicID=base or _file_uri(path))
                parser.parse(src, sink)
    except OSError as e:
        raise CompareError("%s: %s" % (path, e.strerror or e))
    except Exception as e:  # rdflib raises many kinds
        msg = str(e).strip().splitlines()
        raise CompareError("%s: cannot parse as %s: %s"
                           % (path, rfmt, msg[0] if msg else type(e).__name__))
    default_id = _DEFAULT_ID
    quads = set()
    for s, p, o, ctx in cg.quads((None, None, None, None)):
        g = ctx.identifier if ctx is not None else None
        if g == default_id or (
                isinstance(g, URIRef)
                and any(str(g).startswith(px) for px in default_graph_prefixes)):
            g = None
        quads.add((normalise(s), p, normalise(o), g))
    return quads


def _file_uri(path):
    import pathlib
    return pathlib.Path(path).resolve().as_uri()


def _encode(quads, union):
    """One graph whose isomorphism is dataset isomorphism: a triple of an
    IRI-named graph G keeps its nodes and gets the predicate
    urn:x-rdfcompare:quote(G)/quote(P); a triple of a blank-node graph
    becomes a fresh node with quad#s/p/o/g properties (so the graph name
    takes part in the blank-node mapping)."""
    g_out = Graph()
    for s, p, o, g in quads:
        if union or g is None:
            g_out.add((s, p, o))
        elif isinstance(g, URIRef):
            g_out.add((s, URIRef(_ENC + quote(str(g), safe="") + "/"
                                 + quote(str(p), safe="")), o))
        else:
            q = BNode()
            g_out.add((q, _QS, s))
            g_out.add((q, _QP, p))
            g_out.add((q, _QO, o))
            g_out.add((q, _QG, g))
    return g_out


def _term_nt(t):
    return t.n3() if not isinstance(t, BNode) else "_:" + str(t)


def _describe(graph, whole):
    """The statements of graph (part of the encoded canonical graph whole)
    as N-Quads lines."""
    lines = []
    reified = {}
    for s, p, o in graph:
        ps = str(p)
        if ps.startswith(_Q):
            reified[s] = {str(p2)[len(_Q):]: o2
                          for p2, o2 in whole.predicate_objects(s)}
        elif ps.startswith(_ENC):
            g, _, pred = ps[len(_ENC):].partition("/")
            lines.append("%s %s %s %s ." % (_term_nt(s), _term_nt(URIRef(unquote(pred))),
                                            _term_nt(o), _term_nt(URIRef(unquote(g)))))
        else:
            lines.append("%s %s %s ." % (_term_nt(s), _term_nt(p), _term_nt(o)))
    for q, parts in reified.items():
        if set(parts) == set("spog"):
            lines.append("%s %s %s %s ." % tuple(_term_nt(parts[k]) for k in "spog"))
        else:
            for k, v in parts.items():
                lines.append("(part of a quad in a blank-node graph) %s: %s"
                             % (k, _term_nt(v)))
    return sorted(lines)


def compare(quads_a, quads_b, union=False, limit=20):
    """Returns (same, diff): same is True when the datasets are isomorphic
    (as triple sets when union is True); diff says what differs."""
    if union:
        quads_a = {(s, p, o, None) for s, p, o, _ in quads_a}
        quads_b = {(s, p, o, None) for s, p, o, _ in quads_b}
    ga, gb = _encode(quads_a, union), _encode(quads_b, union)
    ia, ib = to_isomorphic(ga), to_isomorphic(gb)
    if ia == ib:
        return True, ""
    # Canonical labels: the triples that differ (a blank node whose
    # surroundings differ gets another label, so its triples show too).
    ca, cb = to_canonical_graph(ga), to_canonical_graph(gb)
    only_a, only_b = Graph(), Graph()
    for t in set(ca) - set(cb):
        only_a.add(t)
    for t in set(cb) - set(ca):
        only_b.add(t)
    out = ["not isomorphic: A has %d statements, B has %d"
           % (len(quads_a), len(quads_b))]
    for name, g, whole in (("A", only_a, ca), ("B", only_b, cb)):
        lines = _describe(g, whole)
        out.append("only in %s (%d):" % (name, len(lines)))
        out.extend("  " + line for line in lines[:limit])
        if len(lines) > limit:
            out.append("  ... %d more" % (len(lines) - limit))
    return False, "\n".join(out)


def isomorphic_files(a, b, format_a=None, format_b=None, base=None,
                     default_graph_prefixes=(), union=False):
    """Loads and compares two files: (same, diff).  Raises CompareError."""
    union = (union or not is_quad_format(format_a, a)
             or not is_quad_format(format_b, b))
    qa = load_quads(a, format_a, base, default_graph_prefixes)
    qb = load_quads(b, format_b, base, default_graph_prefixes)
    return compare(qa, qb, union=union)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="rdfcompare.py",
        description="Compare RDF files (see the module docstring).")
    sub = ap.add_subparsers(dest="cmd", required=True)
    iso = sub.add_parser("isomorphic",
                         help="exit 0 iff A and B hold isomorphic datasets")
    iso.add_argument("a")
    iso.add_argument("b")
    iso.add_argument("--format-a")
    iso.add_argument("--format-b")
    iso.add_argument("--base")
    iso.add_argument("--default-graph-prefix", action="append", default=[])
    iso.add_argument("--union", action="store_true")
    args = ap.parse_args(argv)
    try:
        same, diff = isomorphic_files(args.a, args.b, args.format_a,
                                      args.format_b, args.base,
                                      tuple(args.default_graph_prefix),
                                      args.union)
    except CompareError as e:
        print("rdfcompare: %s" % e, file=sys.stderr)
        return 2
    if same:
        return 0
    print("rdfcompare: %s and %s differ\n%s" % (args.a, args.b, diff))
    return 1


if __name__ == "__main__":
    sys.exit(main())
