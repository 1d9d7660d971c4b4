#!/usr/bin/env bash
# The self-contained network page (`maillage network VIEW -o FILE.html`)
# opened in headless Chromium with no network: its script must run, the
# inlined Cytoscape.js must render every node and edge of the view (the
# page writes the counts it rendered into #node-count and #edge-count),
# and a screenshot is written.  Skipped (77) only when chromium is absent.
source "$(dirname "$0")/lib.sh" "$@"

need_chromium
PY=/usr/bin/python3

load_seed

browser() {
  # A fresh profile each time; no network, no background services.
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --disable-dev-shm-usage --user-data-dir="$(mktemp -d "$WORK/profile-XXXX")" \
    --proxy-server=127.0.0.1:9 --virtual-time-budget=5000 "$@"
}

for view in partners speakers; do
  say "$view.html in headless Chromium"
  "$M" network "$view" -o "$view.html" 2>/dev/null
  "$M" network "$view" --format json > "$view.json"
  read -r n e < <("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))["elements"]
print(len(d["nodes"]), len(d["edges"]))' "$view.json")
  [ "$n" -gt 0 ] || die "$view: no nodes"
  # Offline: no http(s) resource may be referenced by the page.
  if grep -Eo '(src|href)="https?://[^"]*"' "$view.html" | grep -q .; then
    die "$view.html loads something from the network"
  fi
  browser --dump-dom "file://$WORK/$view.html" > "$view.dom" 2> "$view.browser.err" \
    || { tail -5 "$view.browser.err" >&2; die "chromium failed on $view.html"; }
  "$PY" - "$view.dom" "$n" "$e" <<'PYEOF' || die "$view.html: rendered counts differ"
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
n, e = sys.argv[2], sys.argv[3]
nc = re.search(r'id="node-count"[^>]*data-count="(\d*)"', dom)
ec = re.search(r'id="edge-count"[^>]*data-count="(\d*)"', dom)
assert nc and ec, "no #node-count / #edge-count in the DOM"
assert (nc.group(1), ec.group(1)) == (n, e), (nc.group(1), ec.group(1), n, e)
assert 'data-rendered="true"' in dom, "the page script did not finish"
assert "<canvas" in dom, "Cytoscape drew no canvas"
PYEOF
  browser --window-size=1400,900 --screenshot="$WORK/$view.png" "file://$WORK/$view.html" \
    > /dev/null 2>&1 || die "chromium could not take a screenshot of $view.html"
  "$PY" - "$view.png" <<'PYEOF' || die "$view.png: no screenshot"
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n"
assert struct.unpack(">II", b[16:24]) == (1400, 900), struct.unpack(">II", b[16:24])
PYEOF
done
say "ok"
