#!/usr/bin/env python3
"""rdfcheck.py — foreign-tool checks for exports and published folders.

Usage (run with /usr/bin/python3, which has Debian's python3-rdflib):
  rdfcheck.py iso REF FILE          FILE (any format, JSON-LD included) holds
                                    the same RDF as REF: graph by graph when
                                    both keep graphs (.nq .trig .jsonld),
                                    as the union of triples otherwise.
  rdfcheck.py count FILE            prints the number of statements rdflib
                                    reads (quads for quad formats).

The isomorphism test is tests/tools/rdfcompare.py (blank nodes up to
renaming across the dataset, lexical forms not normalised) with JSON-LD
added: rdflib's own JSON-LD parser expands the file.
Exit 0 when the check holds, 1 when it does not, 2 on a usage/parse error.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tools"))
import rdfcompare  # noqa: E402

rdfcompare.FORMATS.update({"jsonld": "json-ld", "json-ld": "json-ld"})
rdfcompare.EXTENSIONS["jsonld"] = "json-ld"
rdfcompare.QUAD_FORMATS = rdfcompare.QUAD_FORMATS + ("json-ld",)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        if argv[0] == "iso" and len(argv) == 3:
            same, diff = rdfcompare.isomorphic_files(argv[1], argv[2])
            if not same:
                print("%s vs %s:\n%s" % (argv[1], argv[2], diff), file=sys.stderr)
            return 0 if same else 1
        if argv[0] == "count" and len(argv) == 2:
            quads = rdfcompare.load_quads(argv[1])
            if not rdfcompare.is_quad_format(None, argv[1]):
                quads = {(s, p, o) for s, p, o, _ in quads}
            print(len(quads))
            return 0
    except rdfcompare.CompareError as e:
        print(e, file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
