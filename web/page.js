// page.js — the behaviour of the network page `maillage network -o X.html`
// writes: Cytoscape.js (inlined before this script) draws the network read
// from <script id="network-data"> (the Cytoscape JSON of the same
// command); search, colour by kind with a legend that hides kinds, size by
// degree, and a panel with the facts of the node under the pointer.
(function () {
  "use strict";
  var net = JSON.parse(document.getElementById("network-data").textContent);
  var nodes = net.elements.nodes, edges = net.elements.edges;
  var maxDeg = 1, maxW = 1;
  nodes.forEach(function (n) { maxDeg = Math.max(maxDeg, n.data.degree || 0); });
  edges.forEach(function (e) { maxW = Math.max(maxW, e.data.weight || 1); });
  var preset = nodes.length > 0 && nodes.every(function (n) { return n.position; });
  // Sizes are in layout units: Graphviz's positions (points) span more than
  // a screen, so text and nodes grow with the span to stay legible once
  // the picture is fitted to the window.
  var k = 1;
  if (preset) {
    var xs = nodes.map(function (n) { return n.position.x; }),
        ys = nodes.map(function (n) { return n.position.y; });
    var span = Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs),
                        Math.max.apply(null, ys) - Math.min.apply(null, ys));
    k = Math.max(1, span / 800);
  }

  document.getElementById("description").textContent = net.data.description || "";

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function scale(v, lo, hi, a, b) {
    if (hi <= lo) return a;
    return a + (b - a) * Math.sqrt((v - lo) / (hi - lo));
  }

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: net.elements,
    wheelSensitivity: 0.3,
    minZoom: 0.1,
    maxZoom: 4,
    layout: preset ? { name: "preset", fit: true, padding: 30 }
                   : { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90 },
    style: [
      { selector: "node", style: {
          "shape": "round-rectangle",
          "background-color": "data(colour)",
          "border-width": 1, "border-color": "#4d4d4d",
          "label": "data(label)",
          "text-wrap": "wrap", "text-max-width": "140px",
          "text-valign": "bottom", "text-margin-y": 4,
          "font-size": function (n) { return k * scale(n.data("degree") || 0, 0, maxDeg, 11, 22); },
          "text-outline-color": "#ffffff", "text-outline-width": 2.5 * k,
          "text-margin-y": 3 * k, "border-width": k,
          "color": "#1f2933",
          "text-max-width": (140 * k) + "px",
          "width": function (n) { return k * scale(n.data("degree") || 0, 0, maxDeg, 14, 56); },
          "height": function (n) { return k * scale(n.data("degree") || 0, 0, maxDeg, 14, 56); } } },
      { selector: "edge", style: {
          "curve-style": "bezier",
          "line-color": "data(colour)", "opacity": 0.7,
          "width": function (e) { return k * scale(e.data("weight") || 1, 1, maxW, 1.5, 7); } } },
      { selector: ".faded", style: { "opacity": 0.12 } },
      { selector: ".match", style: { "border-width": 4 * k, "border-color": "#d64545" } },
      { selector: "node:selected", style: { "border-width": 4 * k, "border-color": "#1c5d99" } },
      { selector: "edge.near", style: { "opacity": 1, "z-index": 10 } },
      { selector: ".hidden", style: { "display": "none" } }
    ]
  });

  // Legend: the kinds, most frequent first; a click hides or shows a kind.
  var legend = document.getElementById("legend");
  (net.data.kinds || []).forEach(function (kd) {
    var count = cy.nodes().filter(function (n) { return n.data("kind") === kd.kind; }).length;
    var b = document.createElement("button");
    b.type = "button";
    b.title = "afficher / masquer — show / hide";
    b.innerHTML = '<span class="swatch" style="background:' + esc(kd.colour) + '"></span>' +
      esc(kd.words || kd.kind) + " (" + count + ")";
    b.addEventListener("click", function () {
      b.classList.toggle("off");
      var hide = b.classList.contains("off");
      cy.nodes().filter(function (n) { return n.data("kind") === kd.kind; })
        .toggleClass("hidden", hide);
    });
    legend.appendChild(b);
  });
  (net.data.links || []).forEach(function (l) {
    var s = document.createElement("span");
    s.className = "linkkind";
    s.innerHTML = '<span class="line" style="background:' + esc(l.colour) + '"></span>' + esc(l.kind);
    legend.appendChild(s);
  });

  function list(items, quote) {
    if (!items || !items.length) return '<p class="hint">—</p>';
    if (quote) return items.map(function (q) { return "<blockquote>« " + esc(q) + " »</blockquote>"; }).join("");
    return "<ul>" + items.map(function (x) { return "<li>" + esc(x) + "</li>"; }).join("") + "</ul>";
  }

  var facts = document.getElementById("facts");
  function show(n) {
    var d = n.data();
    var h = "<h2>" + esc(d.label) + "</h2>";
    if (d.name && d.name !== d.label) h += "<div>" + esc(d.name) + "</div>";
    h += '<div style="margin:6px 0"><span class="kind" style="background:' + esc(d.colour) + '">' +
      esc(d.kind) + "</span></div>";
    h += '<div class="iri">' + esc(d.id) + "</div>";
    h += "<h3>Faits / facts</h3><table>";
    if (d.territory && d.territory.length) h += "<tr><td>territoire</td><td>" + esc(d.territory.join(", ")) + "</td></tr>";
    if (d.first) h += "<tr><td>dates</td><td>" + esc(d.first) + (d.last && d.last !== d.first ? " → " + esc(d.last) : "") + "</td></tr>";
    h += "<tr><td>voisins / degree</td><td>" + d.degree + "</td></tr>";
    h += "<tr><td>liens / weighted degree</td><td>" + d.weighted_degree + "</td></tr>";
    h += "<tr><td>intermédiarité / betweenness</td><td>" + (+d.betweenness).toFixed(1) + "</td></tr>";
    h += "<tr><td>communauté / community</td><td>" + d.community + "</td></tr>";
    h += "<tr><td>classes</td><td>" + esc((d.classes || []).join(", ")) + "</td></tr></table>";
    h += "<h3>Liens / links</h3><ul>";
    n.connectedEdges().forEach(function (e) {
      var o = e.source().id() === n.id() ? e.target() : e.source();
      var ed = e.data();
      h += '<li><span class="link" data-id="' + esc(o.id()) + '">' + esc(o.data("label")) + "</span> — " +
        esc((ed.kinds || []).join(", ")) + (ed.weight > 1 ? " (" + ed.weight + ")" : "") +
        (ed.via && ed.via.length ? '<br><span class="hint">' + esc(ed.via.join(" ; ")) + "</span>" : "") + "</li>";
    });
    h += "</ul>";
    h += "<h3>Citations / evidence</h3>" + list(d.evidence, true);
    h += "<h3>Documents sources</h3>" + list(d.documents, false);
    facts.innerHTML = h;
    facts.querySelectorAll(".link").forEach(function (a) {
      a.addEventListener("click", function () { pick(cy.getElementById(a.getAttribute("data-id"))); });
    });
  }

  var pinned = null;
  function pick(n) {
    cy.elements().unselect();
    pinned = n;
    n.select();
    cy.edges().removeClass("near");
    n.connectedEdges().addClass("near");
    show(n);
  }
  cy.on("mouseover", "node", function (ev) { if (!pinned) show(ev.target); });
  cy.on("tap", "node", function (ev) { pick(ev.target); });
  cy.on("tap", function (ev) {
    if (ev.target === cy) { pinned = null; cy.elements().unselect(); cy.edges().removeClass("near"); }
  });

  // Search: accents and case ignored, on labels, names and IRIs.
  var search = document.getElementById("search"), info = document.getElementById("search-info");
  function run(zoom) {
    var q = fold(search.value.trim());
    cy.elements().removeClass("faded match");
    if (!q) { info.textContent = ""; return; }
    var hits = cy.nodes().filter(function (n) {
      return fold(n.data("label")).indexOf(q) >= 0 || fold(n.data("name")).indexOf(q) >= 0 ||
        fold(n.id()).indexOf(q) >= 0;
    });
    info.textContent = hits.length + " trouvé(s)";
    if (!hits.length) return;
    cy.elements().not(hits.closedNeighborhood()).addClass("faded");
    hits.addClass("match");
    if (hits.length === 1) pick(hits[0]);
    if (zoom) cy.animate({ fit: { eles: hits.closedNeighborhood(), padding: 60 } }, { duration: 300 });
  }
  search.addEventListener("input", function () { run(false); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") run(true); });

  // What a headless browser reads: the nodes and edges actually rendered.
  var nc = document.getElementById("node-count"), ec = document.getElementById("edge-count");
  window.addEventListener("resize", function () { cy.resize(); });
  cy.ready(function () {
    cy.resize();
    cy.fit(cy.elements(), 30);
    nc.textContent = String(cy.nodes().length);
    nc.setAttribute("data-count", String(cy.nodes().length));
    ec.textContent = String(cy.edges().length);
    ec.setAttribute("data-count", String(cy.edges().length));
    document.body.setAttribute("data-rendered", "true");
  });
})();
