#!/usr/bin/python3
"""bench/plot.py [RESULTS.md] [OUT.svg] — reads the "Growth (ours)" table of
bench/RESULTS.md and draws it as a log-log SVG (no dependencies): load time
and each query's engine time against the number of triples, with a dashed
line of slope 1 (linear growth) for reference.  run.sh calls it."""
import math, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
md = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "RESULTS.md")
svg = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "growth.svg")
text = open(md, encoding="utf-8").read().split("## Growth (ours)", 1)[1]
rows = [l for l in text.splitlines() if l.startswith("|")]


def size(s):
    s = s.strip()
    return float(s[:-2]) * (1e6 if s.endswith("M") else 1e3)


def secs(s):
    s = s.strip()
    m = re.match(r"([0-9.]+) (ms|s)$", s)
    return None if not m else float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)


sizes = [size(c) for c in rows[0].strip("|").split("|")[1:]]
series = []
for l in rows[2:]:
    cells = l.strip("|").split("|")
    name = cells[0].strip()
    if name.endswith("process"):
        continue
    series.append((name.replace(", engine", ""), [secs(c) for c in cells[1:]]))
W, H, L, B = 760, 460, 70, 50
vals = [v for _, s in series for v in s if v]
lo, hi = math.log10(min(vals)) - 0.3, math.log10(max(vals)) + 0.3
xs0, xs1 = math.log10(min(sizes)), math.log10(max(sizes))
if xs1 == xs0:
    xs1 += 1


def X(n): return L + (math.log10(n) - xs0) / (xs1 - xs0) * (W - L - 230)
def Y(t): return H - B - (math.log10(t) - lo) / (hi - lo) * (H - B - 20)


colors = ["#000", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
     '<rect width="100%" height="100%" fill="white"/>',
     '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#888"/>' % (L, H - B, W - 230, H - B),
     '<line x1="%d" y1="20" x2="%d" y2="%d" stroke="#888"/>' % (L, L, H - B)]
for n in sizes:
    o.append('<text x="%.0f" y="%d" text-anchor="middle">%s</text>' % (X(n), H - B + 18, "%g M" % (n / 1e6) if n >= 1e6 else "%g k" % (n / 1e3)))
for e in range(math.ceil(lo), math.floor(hi) + 1):
    o.append('<text x="%d" y="%.0f" text-anchor="end">%s</text><line x1="%d" x2="%d" y1="%.0f" y2="%.0f" stroke="#eee"/>'
             % (L - 5, Y(10 ** e) + 4, ("%g ms" % (10 ** e * 1000)) if e < 0 else "%g s" % 10 ** e, L, W - 230, Y(10 ** e), Y(10 ** e)))
o.append('<text x="%d" y="%d" text-anchor="middle">triples (log)</text>' % ((L + W - 230) / 2, H - 12))
o.append('<text x="15" y="%d" transform="rotate(-90 15 %d)" text-anchor="middle">time (log)</text>' % (H / 2, H / 2))
for i, (name, s) in enumerate(series):
    pts = [(X(n), Y(t)) for n, t in zip(sizes, s) if t]
    c = colors[i % len(colors)]
    if len(pts) > 1:
        o.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (c, " ".join("%.1f,%.1f" % p for p in pts)))
        # slope-1 reference from the first point
        n0, t0 = next((n, t) for n, t in zip(sizes, s) if t)
        o.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-dasharray="3,4" opacity="0.5"/>'
                 % (X(n0), Y(t0), X(sizes[-1]), Y(t0 * sizes[-1] / n0), c))
    for p in pts:
        o.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (p[0], p[1], c))
    o.append('<text x="%d" y="%d" fill="%s">%s</text>' % (W - 220, 40 + 18 * i, c, name))
o.append('<text x="%d" y="%d" fill="#555">dashed: linear growth</text>' % (W - 220, 40 + 18 * len(series) + 10))
o.append("</svg>")
open(svg, "w").write("\n".join(o) + "\n")
print(svg)
