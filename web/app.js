// app.js — the page of `maillage serve` (web/app.html): the query editor
// with its own small highlighter for the Maillage query language, the
// tutorial's questions as one-click examples (/examples.json), the result
// as a sortable table (/query, SPARQL JSON results), its network
// (/network?query=…&format=html, the page of `maillage network … .html`
// in a frame), downloads, the name search (/search) and links to node
// pages (/entity).  French by default, English by a toggle.  No library.
(function () {
  "use strict";
  var HEADLINE = "34-speakers-by-network";
  var T = {
    fr: {
      skip: "Aller à l'éditeur",
      tagline: "Le graphe des réseaux de l'économie sociale et solidaire",
      "search-label": "Rechercher un nom", "search-go": "Chercher",
      "search-ph": "personne, organisation, événement, territoire…",
      examples: "Questions du tutoriel",
      "examples-hint": "Un clic charge la question dans l'éditeur et la pose.",
      "query-title": "Requête", "params-label": "Paramètres ($nom), un par ligne : nom=valeur",
      "editor-label": "Question (langage de requête Maillage ; Ctrl+Entrée pour l'exécuter)",
      run: "Exécuter", explain: "Plan (EXPLAIN)", network: "Voir le réseau",
      partners: "Réseau des partenariats", "partners-title": "Réseau des partenariats entre organisations",
      download: "Télécharger :", "dl-csv": "le résultat (CSV)", "dl-json": "le résultat (JSON)",
      "dl-ttl": "le graphe (Turtle)",
      "network-title": "Réseau du résultat",
      "network-hint": "Les deux premières colonnes sont les nœuds, une troisième colonne numérique le poids.",
      footer: "API : /query, /sparql (SPARQL 1.1), /data (Graph Store), /export, /network/VUE, /entity, /search — voir docs/serve.md",
      running: "Exécution…", rows: function (n, s) { return n + (n === 1 ? " ligne" : " lignes") + " en " + duration(s, ","); },
      truncated: " (tronqué : la limite de lignes du serveur est atteinte)",
      nosearch: "Aucun résultat", headline: "★ ", langbtn: "English", error: "Erreur"
    },
    en: {
      skip: "Skip to the editor",
      tagline: "The graph of the networks of the social and solidarity economy",
      "search-label": "Search a name", "search-go": "Search",
      "search-ph": "person, organisation, event, territory…",
      examples: "The tutorial's questions",
      "examples-hint": "One click puts the question in the editor and runs it.",
      "query-title": "Query", "params-label": "Parameters ($name), one a line: name=value",
      "editor-label": "Question (Maillage query language; Ctrl+Enter runs it)",
      run: "Run", explain: "Plan (EXPLAIN)", network: "Show the network",
      partners: "Partnership network", "partners-title": "Partnerships between organisations",
      download: "Download:", "dl-csv": "the result (CSV)", "dl-json": "the result (JSON)",
      "dl-ttl": "the graph (Turtle)",
      "network-title": "The result's network",
      "network-hint": "The first two columns are the nodes, a third numeric column the weight.",
      footer: "API: /query, /sparql (SPARQL 1.1), /data (Graph Store), /export, /network/VIEW, /entity, /search — see docs/serve.md",
      running: "Running…", rows: function (n, s) { return n + (n === 1 ? " row" : " rows") + " in " + duration(s, "."); },
      truncated: " (truncated: the server's row limit was reached)",
      nosearch: "No match", headline: "★ ", langbtn: "Français", error: "Error"
    }
  };
  // Seconds as "12.3 ms" or "1.25 s", with the language's decimal mark.
  function duration(secs, mark) {
    var v = Number(secs), text = v < 1 ? (v * 1000).toFixed(1) + " ms" : v.toFixed(2) + " s";
    return text.replace(".", mark);
  }
  var lang = "fr";
  try { lang = localStorage.getItem("maillage-lang") === "en" ? "en" : "fr"; } catch (e) { /* private mode */ }
  var $ = function (id) { return document.getElementById(id); };
  var editor = $("editor"), hl = $("highlight"), status = $("status");
  var examples = [], lastStatus = null, current = { cols: [], rows: [] }, sortState = { col: -1, dir: 1 };

  function t(key) { return T[lang][key]; }
  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (el) {
      var v = T[lang][el.getAttribute("data-i18n")];
      if (typeof v === "string") el.textContent = v;
    });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (el) {
      el.placeholder = T[lang][el.getAttribute("data-i18n-placeholder")];
    });
    $("lang").textContent = t("langbtn");
    renderExamples();
    if (lastStatus) showStatus.apply(null, lastStatus);
  }
  $("lang").addEventListener("click", function () {
    lang = lang === "fr" ? "en" : "fr";
    try { localStorage.setItem("maillage-lang", lang); } catch (e) { /* ignore */ }
    applyLang();
  });

  // ---- highlighting ---------------------------------------------------
  var KW = /^(MATCH|OPTIONAL|WHERE|RETURN|DISTINCT|ORDER|BY|ASC|DESC|SKIP|LIMIT|WITH|UNION|ALL|AND|OR|NOT|XOR|IN|IS|NULL|TRUE|FALSE|AS|CONTAINS|STARTS|ENDS|EXPLAIN|PROFILE|COUNT)$/i;
  var TOKEN = /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)|(\$[A-Za-z_][\w]*)|(<[^<>\s]*>?)|(\b\d+(?:\.\d+)?\b)|(:[A-Za-z_][\w]*(?::[A-Za-z_][\w-]*)?)|([A-Za-z_][\w]*)(?=\s*\()|([A-Za-z_][\w]*)/g;
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function highlight(text) {
    var out = "", last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      out += esc(text.slice(last, m.index));
      var cls = m[1] ? "com" : m[2] ? "str" : m[3] ? "par" : m[4] ? "iri" : m[5] ? "num"
              : m[6] ? "lab" : m[7] ? (KW.test(m[7]) ? "kw" : "fn") : KW.test(m[8]) ? "kw" : "";
      out += cls ? '<span class="tk-' + cls + '">' + esc(m[0]) + "</span>" : esc(m[0]);
      last = m.index + m[0].length;
      if (m[0].length === 0) TOKEN.lastIndex++;
    }
    return out + esc(text.slice(last)) + "\n";
  }
  function syncHighlight() {
    hl.innerHTML = highlight(editor.value);
    hl.scrollTop = editor.scrollTop;
    hl.scrollLeft = editor.scrollLeft;
  }
  editor.addEventListener("input", function () { syncHighlight(); updateDownloads(); });
  editor.addEventListener("scroll", function () { hl.scrollTop = editor.scrollTop; hl.scrollLeft = editor.scrollLeft; });
  editor.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });

  // ---- examples ----------------------------------------------------------
  function exampleTitle(ex) {
    var parts = ex.title.split(" / ");
    return lang === "en" && parts.length > 1 ? parts.slice(1).join(" / ") : parts[0];
  }
  function renderExamples() {
    var ol = $("examples");
    ol.innerHTML = "";
    examples.forEach(function (ex) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.textContent = (ex.name === HEADLINE ? t("headline") : "") + exampleTitle(ex);
      b.setAttribute("data-example", ex.name);
      b.addEventListener("click", function () { setQuery(ex.query); run(); });
      li.appendChild(b);
      ol.appendChild(li);
    });
  }
  // The tutorial files' "// expect: FILE" lines are for the test suite.
  // "// param: name=value" lines give an example's parameters.
  function setQuery(text) {
    editor.value = text.replace(/^\/\/ expect:.*\n/m, "").replace(/\s+$/, "") + "\n";
    var params = [], re = /^\/\/ param: *(.*)$/gm, m;
    while ((m = re.exec(text)) !== null) params.push(m[1]);
    $("params").value = params.join("\n");
    syncHighlight();
    updateDownloads();
  }
  function updateDownloads() {
    $("dl-csv").href = queryUrl("/query", "csv");
    $("dl-json").href = queryUrl("/query", "rows");
  }
  // The form body of the query and its parameters.
  function formBody() {
    var body = "query=" + encodeURIComponent(editor.value);
    $("params").value.split("\n").forEach(function (line) {
      var eq = line.indexOf("=");
      if (eq > 0)
        body += "&" + encodeURIComponent("$" + line.slice(0, eq).trim()) + "=" +
                encodeURIComponent(line.slice(eq + 1).trim());
    });
    return body;
  }
  fetch("/examples.json").then(function (r) { return r.json(); }).then(function (list) {
    examples = list.filter(function (ex) { return ex.name === HEADLINE; })
      .concat(list.filter(function (ex) { return ex.name !== HEADLINE; }));
    renderExamples();
    if (!editor.value && examples.length) setQuery(examples[0].query);
    document.body.setAttribute("data-examples", String(examples.length));
  });

  // ---- results -------------------------------------------------------------
  function showStatus(kind, a, b, c) {
    lastStatus = [kind, a, b, c];
    status.setAttribute("data-state", kind);
    if (kind === "running") status.textContent = t("running");
    else if (kind === "done") status.textContent = t("rows")(a, b) + (c ? t("truncated") : "");
    else status.textContent = t("error");
  }
  function showError(msg) {
    var box = $("error");
    box.hidden = !msg;
    box.textContent = msg || "";
  }
  function cellText(c) { return c == null ? "" : c.value; }
  function isNumeric(c) {
    return c && c.type === "literal" && c.datatype &&
      /XMLSchema#(integer|decimal|double|float|long|int)$/.test(c.datatype);
  }
  function renderTable() {
    var thead = $("results").tHead, tbody = $("results").tBodies[0];
    thead.innerHTML = "";
    tbody.innerHTML = "";
    var tr = document.createElement("tr");
    current.cols.forEach(function (name, i) {
      var th = document.createElement("th"), b = document.createElement("button");
      th.scope = "col";
      if (sortState.col === i) th.setAttribute("aria-sort", sortState.dir > 0 ? "ascending" : "descending");
      b.type = "button";
      b.textContent = name;
      b.addEventListener("click", function () { sortBy(i); });
      th.appendChild(b);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    var frag = document.createDocumentFragment();
    current.rows.forEach(function (row) {
      var r = document.createElement("tr");
      current.cols.forEach(function (name) {
        var td = document.createElement("td"), c = row[name];
        if (c && c.type === "uri") {
          var a = document.createElement("a");
          a.href = "/entity?iri=" + encodeURIComponent(c.value);
          a.textContent = c.value.replace(/^https:\/\/w3id\.org\/maillage\/id\//, "");
          a.title = c.value;
          td.appendChild(a);
        } else {
          td.textContent = cellText(c);
        }
        r.appendChild(td);
      });
      frag.appendChild(r);
    });
    tbody.appendChild(frag);
  }
  function sortBy(i) {
    var name = current.cols[i];
    sortState = { col: i, dir: sortState.col === i ? -sortState.dir : 1 };
    current.rows.sort(function (x, y) {
      var a = x[name], b = y[name], r;
      if (isNumeric(a) && isNumeric(b)) r = Number(a.value) - Number(b.value);
      else r = cellText(a).localeCompare(cellText(b), lang, { sensitivity: "base", numeric: true });
      return r * sortState.dir;
    });
    renderTable();
    var th = $("results").tHead.rows[0].cells[i];
    if (th) th.querySelector("button").focus();
  }
  function queryUrl(path, format) {
    return path + "?format=" + format + "&" + formBody();
  }
  function run() {
    var text = editor.value;
    if (!text.trim()) return;
    showError("");
    $("plan").hidden = true;
    showStatus("running");
    var t0 = performance.now();
    fetch("/query", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json" },
      body: formBody()
    }).then(function (r) {
      return r.json().then(function (body) { return { r: r, body: body }; });
    }).then(function (x) {
      if (!x.r.ok) {
        showStatus("error");
        showError((x.body.error && x.body.error.message) || ("HTTP " + x.r.status));
        status.setAttribute("data-rows", "");
        return;
      }
      current = { cols: x.body.head.vars || [], rows: (x.body.results && x.body.results.bindings) || [] };
      sortState = { col: -1, dir: 1 };
      renderTable();
      var secs = x.r.headers.get("X-Maillage-Seconds") || ((performance.now() - t0) / 1000).toFixed(3);
      showStatus("done", current.rows.length, secs, x.r.headers.get("X-Maillage-Truncated") === "true");
      status.setAttribute("data-rows", String(current.rows.length));
      $("show-network").disabled = current.cols.length < 2;
      updateDownloads();
    }).catch(function (e) {
      showStatus("error");
      showError(String(e));
    });
  }
  $("run").addEventListener("click", run);
  $("explain").addEventListener("click", function () {
    showError("");
    fetch("/explain", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
                        body: formBody() })
      .then(function (r) { return r.text().then(function (s) { return { r: r, s: s }; }); })
      .then(function (x) {
        if (!x.r.ok) { try { showError(JSON.parse(x.s).error.message); } catch (e) { showError(x.s); } return; }
        var p = $("plan");
        p.textContent = x.s;
        p.hidden = false;
      });
  });
  function showNetwork(src, titleKey) {
    var panel = $("network-panel"), frame = $("network-frame");
    $("network-title").textContent = t(titleKey);
    $("network-title").setAttribute("data-i18n", titleKey);
    panel.hidden = false;
    frame.src = src;
    panel.scrollIntoView();
  }
  $("show-network").addEventListener("click", function () {
    showNetwork(queryUrl("/network", "html"), "network-title");
  });
  $("partners").addEventListener("click", function () {
    showNetwork("/network/partners?format=html", "partners-title");
  });

  // ---- search ------------------------------------------------------------------
  var searchTimer = null;
  function search() {
    var q = $("search").value.trim(), ul = $("search-results");
    if (q.length < 2) { ul.innerHTML = ""; return; }
    fetch("/search?format=rows&q=" + encodeURIComponent(q)).then(function (r) { return r.json(); })
      .then(function (rows) {
        ul.innerHTML = "";
        if (!Array.isArray(rows) || rows.length === 0) {
          var li = document.createElement("li");
          li.textContent = t("nosearch");
          ul.appendChild(li);
          return;
        }
        rows.forEach(function (row) {
          var li = document.createElement("li"), a = document.createElement("a"), k = document.createElement("span");
          a.href = "/entity?iri=" + encodeURIComponent(row.entity);
          a.textContent = row.label || row.entity;
          k.className = "kind";
          k.textContent = row.kind;
          li.appendChild(a);
          li.appendChild(k);
          ul.appendChild(li);
        });
      });
  }
  $("search-form").addEventListener("submit", function (e) { e.preventDefault(); search(); });
  $("search").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 250);
  });
  $("search").addEventListener("keydown", function (e) {
    if (e.key === "Escape") { $("search-results").innerHTML = ""; }
  });

  $("params").addEventListener("input", updateDownloads);
  applyLang();
  syncHighlight();
  document.body.setAttribute("data-ready", "true");
})();
