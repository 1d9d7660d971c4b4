#!/usr/bin/env bash
# The page of `maillage serve` in headless Chromium, driven over the
# DevTools protocol (tests/tools/cdp.py): type the headline question into
# the editor, run it with Ctrl+Enter, read the table's rows from the DOM
# and compare them with `maillage query --format csv`; sort a column; open
# the result's network and check the counts it rendered; run an example
# with one click; search a name without its accents and open the node
# page; switch to English; screenshots of each step.  Skipped (77) only
# when chromium is absent.
source "$(dirname "$0")/lib.sh" "$@"

need_chromium
PY=/usr/bin/python3

load_seed
HEADLINE=$(grep -v '^//' "$ROOT/tests/tutorial/34-speakers-by-network.mq")
"$M" query --format csv "$HEADLINE" > expected.csv
[ "$(wc -l < expected.csv)" -gt 2 ] || die "the headline question has no rows"
"$M" network --format json --query "$HEADLINE" > expected-net.json
"$M" network partners --format json > expected-partners.json

serve_start
say "page at $URL/"
mkdir -p profile shots
"$PY" - "$CHROMIUM" "$WORK/profile" "$URL" "$WORK/shots" "$ROOT/tests/tools" \
  "$WORK/expected.csv" "$WORK/expected-net.json" "$HEADLINE" "$WORK/expected-partners.json" \
  <<'PYEOF' || die "the page failed"
import csv, json, sys
chromium, profile, url, shots, tools, exp_csv, exp_net, headline, exp_part = sys.argv[1:10]
sys.path.insert(0, tools)
from cdp import Browser

expected = list(csv.reader(open(exp_csv, encoding="utf-8")))
header, rows = expected[0], expected[1:]
net = json.load(open(exp_net))["elements"]
b = Browser(chromium, profile, 1400, 900)
try:
    p = b.open(url + "/")
    p.wait("document.body && document.body.dataset.ready === 'true' && "
           "Number(document.body.dataset.examples) > 30")
    assert p.eval("document.documentElement.lang") == "fr"
    assert p.eval("document.getElementById('run').textContent") == "Exécuter"
    # Type the question: clear the editor, focus it, insert the text.
    p.eval("var e = document.getElementById('editor'); e.value = ''; "
           "e.dispatchEvent(new Event('input')); e.focus(); true")
    p.type_text(headline)
    assert p.eval("document.getElementById('editor').value.trim()") == headline.strip()
    assert p.eval("document.querySelectorAll('#highlight .tk-kw').length") > 3, \
        "no keyword highlighted"
    p.key("Enter", "Enter", 13, modifiers=2)  # Ctrl+Enter
    p.wait("document.getElementById('status').dataset.state === 'done'")
    cols = p.eval("[...document.querySelectorAll('#results thead th')].map(t => t.textContent)")
    got = p.eval("[...document.querySelectorAll('#results tbody tr')]"
                 ".map(r => [...r.cells].map(c => c.textContent))")
    assert cols == header, (cols, header)
    assert got == rows, ("table differs from maillage query", got[:3], rows[:3])
    assert p.eval("document.getElementById('status').dataset.rows") == str(len(rows))
    status = p.eval("document.getElementById('status').textContent")
    assert status.startswith("%d lignes en " % len(rows)), status
    p.screenshot(shots + "/1-headline.png")
    # The downloads: the result as CSV (what the command line prints) and JSON.
    dl = p.eval("fetch(document.getElementById('dl-csv').href).then(r => r.text())")
    assert dl == open(exp_csv, encoding="utf-8", newline="").read(), dl[:200]
    dl = p.eval("fetch(document.getElementById('dl-json').href).then(r => r.json())")
    assert len(dl) == len(rows) and list(dl[0].keys()) == header, dl[:1]
    ttl = p.eval("fetch(document.getElementById('dl-ttl').href).then(r => r.text())")
    assert "@prefix" in ttl and "rtes" in ttl
    # Sort by the first column, then back.
    p.eval("document.querySelector('#results thead th button').click(); true")
    first = p.eval("[...document.querySelectorAll('#results tbody tr')].map(r => r.cells[0].textContent)")
    assert first == sorted(first, key=lambda s: s.lower()) or len(first) < 2, first[:5]
    assert p.eval("document.querySelector('#results thead th').getAttribute('aria-sort')") == "ascending"
    # The network of the result: the same page as `maillage network`.
    assert p.eval("document.getElementById('show-network').disabled") is False
    p.eval("document.getElementById('show-network').click(); true")
    p.wait("(() => { const f = document.getElementById('network-frame');"
           " const d = f.contentDocument; return d && d.body &&"
           " d.body.getAttribute('data-rendered') === 'true'; })()", timeout=60)
    counts = p.eval("(() => { const d = document.getElementById('network-frame').contentDocument;"
                    " return [d.getElementById('node-count').dataset.count,"
                    " d.getElementById('edge-count').dataset.count]; })()")
    assert counts == [str(len(net["nodes"])), str(len(net["edges"]))], (counts, len(net["nodes"]))
    p.screenshot(shots + "/2-network.png")
    # The partnership network, one click.
    part = json.load(open(exp_part))["elements"]
    p.eval("document.getElementById('network-frame').removeAttribute('src'); "
           "document.getElementById('partners').click(); true")
    p.wait("(() => { const d = document.getElementById('network-frame').contentDocument;"
           " return d && d.body && d.body.getAttribute('data-rendered') === 'true' &&"
           " d.getElementById('node-count').dataset.count === '%d'; })()" % len(part["nodes"]),
           timeout=60)
    assert p.eval("document.getElementById('network-frame').contentDocument"
                  ".getElementById('edge-count').dataset.count") == str(len(part["edges"]))
    p.screenshot(shots + "/2b-partners.png")
    # One click on an example runs it.
    p.eval("document.querySelector('[data-example=\"21-partners-of-rtes\"]').click(); true")
    p.wait("document.getElementById('editor').value.includes('partnerOf') && "
           "document.getElementById('status').dataset.state === 'done'")
    assert int(p.eval("document.getElementById('status').dataset.rows")) > 0
    # An example with a parameter: its "// param:" line fills the field.
    p.eval("document.querySelector('[data-example=\"10-documents-mentioning-anne-laure-federici\"]')"
           ".click(); true")
    p.wait("document.getElementById('params').value === 'name=Anne-Laure Federici' && "
           "document.getElementById('status').dataset.state === 'done' && "
           "document.getElementById('editor').value.includes('$name')")
    assert int(p.eval("document.getElementById('status').dataset.rows")) > 0
    # Search without accents, open the node page.
    p.eval("document.getElementById('search').focus(); true")
    p.type_text("federici")
    p.wait("document.querySelectorAll('#search-results a').length > 0")
    href = p.eval("document.querySelector('#search-results a').href")
    assert "anne-laure-federici" in href, href
    p.screenshot(shots + "/3-search.png")
    p.eval("document.querySelector('#search-results a').click(); true")
    p.wait("document.body && document.body.classList.contains('entity') && "
           "document.getElementById('facts') !== null")
    assert "Anne-Laure Federici" in p.eval("document.querySelector('h1').textContent")
    assert p.eval("document.querySelectorAll('#sources li').length") > 0
    p.screenshot(shots + "/4-entity.png")
    # English.
    p.call("Page.navigate", {"url": url + "/"})
    p.wait("document.body && document.body.dataset.ready === 'true' && "
           "Number(document.body.dataset.examples) > 30")
    p.eval("document.getElementById('lang').click(); true")
    assert p.eval("document.documentElement.lang") == "en"
    assert p.eval("document.getElementById('run').textContent") == "Run"
    first_example = p.eval("document.querySelector('#examples button').textContent")
    assert "speakers" in first_example, first_example
    p.screenshot(shots + "/5-english.png")
    print("rows:", len(got), "network:", counts)
finally:
    b.close()
PYEOF
for s in 1-headline 2-network 2b-partners 3-search 4-entity 5-english; do
  "$PY" - "shots/$s.png" <<'PYEOF' || die "$s.png: no screenshot"
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n"
assert struct.unpack(">II", b[16:24]) == (1400, 900), struct.unpack(">II", b[16:24])
PYEOF
done
# Keep the screenshots when asked (MAILLAGE_SHOTS=DIR).
if [ -n "${MAILLAGE_SHOTS:-}" ]; then mkdir -p "$MAILLAGE_SHOTS"; cp shots/*.png "$MAILLAGE_SHOTS"/; fi
serve_stop
say "ok"
