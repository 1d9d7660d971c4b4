// check_gexf.js FILE.gexf — parses a GEXF file with graphology-gexf (the
// parser Gephi Lite uses) and prints one JSON line: node and edge counts,
// the declared node and edge attributes, and the attributes some node or
// edge lacks.  Used by tests/e2e/network.sh.
"use strict";
const fs = require("fs");
const path = require("path");
const { DOMParser } = require("@xmldom/xmldom");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const file = process.argv[2];
const text = fs.readFileSync(file, "utf8");
const graph = gexf.parse(Graph, text, { addMissingNodes: false, allowUndeclaredAttributes: false });

// The declarations, read from the file itself: <attributes class="node|edge">.
const doc = new DOMParser().parseFromString(text, "text/xml");
const declared = { node: [], edge: [] };
const decls = doc.getElementsByTagName("attributes");
for (let i = 0; i < decls.length; i++) {
  const cls = decls[i].getAttribute("class");
  const atts = decls[i].getElementsByTagName("attribute");
  for (let j = 0; j < atts.length; j++)
    declared[cls].push(atts[j].getAttribute("id")); // graphology-gexf keys by id
}

const missing = [];
graph.forEachNode((key, attrs) => {
  for (const a of declared.node.concat(["label"]))
    if (!(a in attrs)) missing.push("node " + key + " lacks " + a);
});
graph.forEachEdge((key, attrs) => {
  for (const a of declared.edge.concat(["weight"]))
    if (!(a in attrs)) missing.push("edge " + key + " lacks " + a);
});
const kinds = {};
graph.forEachNode((key, attrs) => { kinds[attrs.kind] = (kinds[attrs.kind] || 0) + 1; });
console.log(JSON.stringify({
  file: path.basename(file), type: graph.type, nodes: graph.order, edges: graph.size,
  node_attributes: declared.node, edge_attributes: declared.edge,
  missing: missing.slice(0, 10), nmissing: missing.length, kinds: kinds,
  total_weight: graph.reduceEdges((s, k, a) => s + (a.weight || 0), 0)
}));
