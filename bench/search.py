#!/usr/bin/env python3
"""Search figures on a Lüliang-sized county, for issue 5's targets.

    python3 bench/search.py [--content DIR] [--county lishi]

Generates the scale-1 corpus with ../shared/bench (unless --content is given), builds it with
the release binary on tmpfs, then for a list of queries (held-out: names, pinyin, initials,
villages and topics taken from the generated data, not from liaison's fixtures):

- runs the site's own search script (tests/js/query.js, in Node) against the county's index;
- measures what the page would transfer, gzip-compressed: the first query (docs.js, the
  shards of its bigrams, excerpt sources of the first ten results) and each later query
  (only the files not fetched before);
- compares the results with a literal search of every page's visible text (breadcrumbs and
  main content, normalised as search does): recall and precision;
- reports the search script's size (gzip) and the index's share of the build time.
Stdlib only, plus node and cargo.
"""
import argparse, gzip, html, json, os, re, shutil, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "bench")


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def corpus(out):
    if not os.path.exists(os.path.join(out, "portal.yaml")):
        data = out + "-data"
        sh(sys.executable, os.path.join(SHARED, "gen_corpus.py"), "--scale", "1", "--seed", "42", "--out", data)
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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--content", help="a content/ tree (default: generate scale 1 in /dev/shm)")
    ap.add_argument("--county", default="lishi")
    args = ap.parse_args()
    content = args.content or corpus("/dev/shm/liaison-bench/content-s1")
    site = "/dev/shm/liaison-bench/site-s1"
    sh("cargo", "build", "--release", "--quiet", cwd=ROOT)
    binary = os.path.join(ROOT, "target", "release", "liaison")
    runs = []
    for _ in range(3):
        # A clean build each time: a rebuild would take the unchanged counties as they are.
        parent, name = os.path.split(site)
        for entry in os.listdir(parent) if os.path.isdir(parent) else []:
            if entry == name or entry.startswith(f".{name}.liaison"):
                path = os.path.join(parent, entry)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        r = sh(binary, "build", "--content", content, "--out", site, "--today", "2026-11-25", "--timings")
        t = dict((k, float(v)) for k, v in re.findall(r"(\w+) (\d+) ms", r.stderr))
        runs.append(t)
    total = [sum(t.values()) for t in runs]
    search = [t["search"] for t in runs]
    county = os.path.join(site, args.county)
    index = os.path.join(county, "search")

    # Held-out queries from the generated data.
    with open(os.path.join(index, "docs.js"), encoding="utf-8") as f:
        text = f.read()  # a data script: document.currentScript.liaison=<JSON>;
        docs = json.loads(text[text.index("=") + 1 : text.rindex(";")])
    deputies = [d for d in docs["docs"] if d[0] == 0]
    stations = docs["stations"]
    picks = deputies[:: max(1, len(deputies) // 6)][:6]
    queries = []
    for d in picks:
        syl = d[5].split()
        queries += [d[1], d[1][1:], "".join(syl), " ".join(syl), "".join(s[0] for s in syl)]
    villages = [v for s in stations for v in s[2].split("、") if v][:4]
    queries += villages + ["袁家庄", "凤山街道", "停车", "供暖", "排水", "天然气", "接待选民", "孙大军", "老旧小区"]

    pages = {}
    for dirpath, _, files in os.walk(county):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), county)
            kind_page = rel.startswith(("deputies/", "stations/")) and "/board/" not in rel
            if name == "index.html" and kind_page:
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    pages[rel[: -len("index.html")]] = norm_runs(visible_text(f.read()))
    out = sh("node", os.path.join(ROOT, "tests", "js", "query.js"), "county", index, *queries).stdout.splitlines()
    fetched, first, later, recall, precision, rows = set(), None, [], [], [], []
    for line in out:
        r = json.loads(line)
        need = "".join(norm_runs(r["query"]))
        truth = {p for p, rs in pages.items() if any(need in x for x in rs)}
        got = set(r["urls"])
        new = [f for f in r["files"] if f not in fetched]
        size = sum(gz(os.path.join(index, f)) for f in new)
        fetched.update(r["files"])
        if first is None:
            first = size
        else:
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
    script = gz(os.path.join(ROOT, "themes", "default", "static", "search.js"))
    print(f"corpus: {content}, county {args.county}: {len(pages)} pages, {len(deputies)} deputies")
    print(f"{'query':<20} {'pages with it':>13} {'found':>6} {'recall':>7} {'precision':>9} {'KB (gzip)':>9}")
    for q, t, g, rc, pr, size in rows:
        prs = f"{pr:.2f}" if pr is not None else "  -"
        print(f"{q:<20} {t:>13} {g:>6} {rc:>7.2f} {prs:>9} {size / 1024:>9.1f}")
    print(f"first query: {first / 1024:.1f} KB gzip (target <= 50); later queries: median "
          f"{statistics.median(later) / 1024:.1f} KB, max {max(later) / 1024:.1f} KB (target <= 20)")
    print(f"search script: {script / 1024:.1f} KB gzip (target <= 10)")
    print(f"recall: min {min(recall):.2f}, mean {statistics.mean(recall):.3f} (target 1.0); "
          f"precision (character queries): mean {statistics.mean(precision):.3f}")
    # `--timings` sums each step over the threads: this is the index's share of the CPU time.
    print(f"index build: median {statistics.median(search):.0f} ms of {statistics.median(total):.0f} ms of build steps "
          f"({100 * statistics.median(search) / statistics.median(total):.1f}%, target <= 10%)")
    print(f"whole city, {len(runs)} builds (ms): " + "; ".join(", ".join(f"{k} {v:.0f}" for k, v in t.items()) for t in runs))


if __name__ == "__main__":
    main()
