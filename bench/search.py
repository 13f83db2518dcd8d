#!/usr/bin/env python3
"""Search figures at scale 1 and 10 (issues 5 and 20).

    python3 bench/search.py [--scales 1,10] [--county lishi] [--detail-scales 1]

Generates the corpora with ../shared/bench in /dev/shm (unless there), builds each with the
release binary, then runs the site's own search script (tests/js/query.js, in Node):

- the first query's transfer, gzip-compressed, from a fresh page (what its first page of
  results fetched: index shards, chunks, rows, and excerpt sources of the first ten results),
  in the county and in the portal, for a deputy's name, a served village and a common term
  (天然气) taken from the generated data;
- the largest search file (shard, chunk, row file or excerpt source) of the whole site, gzip;
- at the detail scales: held-out queries against a literal search of every page's visible
  text (recall, precision, what each later query adds), and the portal's recall over every
  county.
Stdlib only, plus node and cargo.
"""
import argparse, gzip, html, json, os, re, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "bench")


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def corpus(out, scale):
    if not os.path.exists(os.path.join(out, "portal.yaml")):
        data = out + "-data"
        sh(sys.executable, os.path.join(SHARED, "gen_corpus.py"), "--scale", str(scale), "--seed", "42", "--out", data)
        sh(sys.executable, os.path.join(SHARED, "emit_liaison.py"), "--data", data, "--out", out)
    return out


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 9))


def norm_runs(text):
    """search/text.rs: whitespace splits, punctuation is dropped, full-width to ASCII."""
    out, cur = [], []
    for c in text:
        if c.isspace():
            if cur:
                out.append("".join(cur)); cur = []
            continue
        n = ord(c)
        if 0xFF01 <= n <= 0xFF5E:
            c = chr(n - 0xFEE0); n = ord(c)
        if c.isascii() and c.isalnum():
            cur.append(c.lower())
        elif 0x3400 <= n <= 0x4DBF or 0x4E00 <= n <= 0x9FFF or 0xF900 <= n <= 0xFAFF or 0x20000 <= n <= 0x2FA1F:
            cur.append(c)
    if cur:
        out.append("".join(cur))
    return out


def visible_text(page):
    parts = []
    for tag in ("nav", "main"):
        m = re.search(r"<%s.*?</%s>" % (tag, tag), page, re.S)
        if m:
            t = re.sub(r"<script.*?</script>", "", m.group(0), flags=re.S)
            t = re.sub(r"(<(?:p|li|br|h1|h2|h3|dt|dd|div|section|tr|td|th)[ >/])", r"\n\1", t)
            parts.append(html.unescape(re.sub(r"<[^>]*>", "", t)))
    return "\n".join(parts)


def data(path):
    """The JSON of a data script: document.currentScript.liaison=<JSON>;"""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return json.loads(text[text.index("=") + 1 : text.rindex(";")])


def build(binary, content, site):
    # A clean build: a rebuild would take the unchanged counties as they are.
    parent, name = os.path.split(site)
    for entry in os.listdir(parent) if os.path.isdir(parent) else []:
        if entry == name or entry.startswith(f".{name}.liaison"):
            path = os.path.join(parent, entry)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    started = time.time()
    sh(binary, "build", "--content", content, "--out", site, "--today", "2026-11-25")
    return time.time() - started


def county_pages(county):
    pages = {}
    for dirpath, _, files in os.walk(county):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), county)
            kind_page = rel.startswith(("deputies/", "stations/")) and "/board/" not in rel and "/posters/" not in rel
            listing = rel.endswith("/posts/index.html") or "/posts/page/" in rel
            if name == "index.html" and kind_page and not listing:
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    pages[rel[: -len("index.html")]] = norm_runs(visible_text(f.read()))
    return pages


def run_queries(mode, index, queries):
    out = sh("node", os.path.join(ROOT, "tests", "js", "query.js"), mode, index, *queries).stdout.splitlines()
    return [json.loads(line) for line in out]


def first_transfer(index, r):
    """Gzip bytes of what the first page of a query fetched, from a fresh page."""
    return sum(gz(os.path.normpath(os.path.join(index, f))) for f in r["files"])


def largest_shards(site):
    """The largest search files, gzipped, of the portal's and every county's index."""
    sizes = []
    for top in sorted(os.listdir(site)):
        index = os.path.join(site, top, "search") if top != "search" else os.path.join(site, "search")
        if not os.path.isdir(index):
            continue
        for dirpath, _, files in os.walk(index):
            for name in files:
                if name.endswith(".js"):
                    path = os.path.join(dirpath, name)
                    sizes.append((gz(path), os.path.relpath(path, site)))
    sizes.sort(reverse=True)
    return sizes


def samples(index):
    """A deputy's name and a served village of the county, from its rows (held out)."""
    rows = []
    folder = os.path.join(index, "r")
    for n in range(len(os.listdir(folder))):
        rows += data(os.path.join(folder, f"{n}.js"))
    deputies = [r for r in rows if r[0] == 0]
    villages = [v for r in rows if r[0] == 1 for v in r[10].split("、") if v]
    return deputies, villages, rows


def scale_figures(binary, scale, county_id, detail):
    content = corpus(f"/dev/shm/liaison-bench/content-s{scale}", scale)
    site = f"/dev/shm/liaison-bench/site-search-s{scale}"
    timings = build(binary, content, site)
    county = os.path.join(site, county_id)
    index = os.path.join(county, "search")
    deputies, villages, _ = samples(index)
    name, village = deputies[len(deputies) // 2][1], villages[len(villages) // 2]
    print(f"\n== scale {scale}: {content}, county {county_id} ({len(deputies)} deputies); build {timings:.1f} s")
    print(f"{'first query (KB gzip)':<24} {'county':>8} {'portal':>8}   (target <= 50)")
    worst = 0
    for label, q in [(f"name {name}", name), (f"village {village}", village), ("common term 天然气", "天然气")]:
        c = run_queries("county", index, [q])[0]
        p = run_queries("portal", os.path.join(site, "search"), [q])[0]
        kc, kp = first_transfer(index, c) / 1024, first_transfer(os.path.join(site, "search"), p) / 1024
        worst = max(worst, kc, kp)
        print(f"{label:<24} {kc:>8.1f} {kp:>8.1f}   results: county {len(c['urls'])} ({c['pages']} pages), "
              f"portal {len(p['urls'])} ({p['pages']} pages)")
    sizes = largest_shards(site)
    print(f"largest search file: {sizes[0][0] / 1024:.1f} KB gzip ({sizes[0][1]}; target <= 64); "
          f"{len(sizes)} search files; largest first query {worst:.1f} KB")
    if detail:
        recall_table(county, index, deputies, villages)
        portal_recall(site, ["天然气", village, name, "排水"])


def recall_table(county, index, deputies, villages):
    """Held-out queries against a literal search of the county's pages: recall, precision,
    what each query transfers after the ones before."""
    picks = deputies[:: max(1, len(deputies) // 6)][:6]
    queries = []
    for d in picks:
        syl = d[4].split()
        queries += [d[1], d[1][1:], "".join(syl), " ".join(syl), "".join(s[0] for s in syl)]
    queries += villages[:4] + ["袁家庄", "凤山街道", "停车", "供暖", "排水", "天然气", "接待选民", "孙大军", "老旧小区"]
    pages = county_pages(county)
    fetched, later, recall, precision, rows = set(), [], [], [], []
    for r in run_queries("county", index, queries):
        need = "".join(norm_runs(r["query"]))
        truth = {p for p, rs in pages.items() if any(need in x for x in rs)}
        got = set(r["urls"])
        new = [f for f in r["files"] if f not in fetched]
        size = sum(gz(os.path.join(index, f)) for f in new)
        fetched.update(r["files"])
        later.append(size)
        rc = len(got & truth) / len(truth) if truth else 1.0
        # A deputy matched by pinyin or initials has no literal occurrence: precision is
        # measured on character queries only.
        pr = len(got & truth) / len(got) if got and not need.isascii() else None
        if len(need) >= 2 or need.isascii():
            recall.append(rc)  # single characters search names and titles only (see README)
        if pr is not None:
            precision.append(pr)
        rows.append((r["query"], len(truth), len(got), rc, pr, size))
    print(f"{'query':<20} {'pages with it':>13} {'found':>6} {'recall':>7} {'precision':>9} {'KB (gzip)':>9}")
    for q, t, g, rc, pr, size in rows:
        prs = f"{pr:.2f}" if pr is not None else "  -"
        print(f"{q:<20} {t:>13} {g:>6} {rc:>7.2f} {prs:>9} {size / 1024:>9.1f}")
    print(f"later queries (what is not fetched yet): median {statistics.median(later[1:]) / 1024:.1f} KB, "
          f"max {max(later[1:]) / 1024:.1f} KB")
    print(f"county recall: min {min(recall):.2f}, mean {statistics.mean(recall):.3f} (target 1.0); "
          f"precision (character queries): mean {statistics.mean(precision):.3f}")


def portal_recall(site, queries):
    """The portal's results, all pages, against a literal search of every county's pages."""
    counties = [c for c in sorted(os.listdir(site)) if os.path.isfile(os.path.join(site, c, "search", "meta.js"))]
    pages = {}
    for c in counties:
        for p, rs in county_pages(os.path.join(site, c)).items():
            pages[f"{c}/{p}"] = rs
    for r in run_queries("portal", os.path.join(site, "search"), queries):
        need = "".join(norm_runs(r["query"]))
        truth = {p for p, rs in pages.items() if any(need in x for x in rs)}
        got = set(r["urls"])
        rc = len(got & truth) / len(truth) if truth else 1.0
        print(f"portal recall {r['query']}: {rc:.3f} ({len(truth)} pages with it in {len(counties)} counties, "
              f"{len(got)} found, {r['pages']} pages of results)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1,10", help="corpus scales, comma-separated (default 1,10)")
    ap.add_argument("--county", default="lishi")
    ap.add_argument("--detail-scales", default="1", help="scales with the per-query recall table")
    ap.add_argument("--binary", help="a liaison binary to use (default: cargo build --release)")
    args = ap.parse_args()
    binary = args.binary
    if not binary:
        sh("cargo", "build", "--release", "--quiet", cwd=ROOT)
        binary = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "liaison")
    detail = args.detail_scales.split(",")
    for scale in args.scales.split(","):
        scale_figures(binary, scale, args.county, scale in detail)
    script = gz(os.path.join(ROOT, "themes", "default", "static", "search.js"))
    print(f"\nsearch script: {script / 1024:.1f} KB gzip")


if __name__ == "__main__":
    main()
