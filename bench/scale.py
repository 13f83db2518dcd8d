#!/usr/bin/env python3
"""Every figure of issue 20 ("from a city to a province to the nation") in one run.

    python3 bench/scale.py [--scales 1,10,30] [--runs 5] [--runs-large 3] [--runs-30 1]
                           [--hugo-runs-large 1] [--no-hugo] [--no-search] [--no-search-py]
                           [--search-detail-scales 1] [--county ID] [--no-separate]
                           [--separate-scale 1] [--large-dir /work/bench-data] [--min-free-gb 30]

For each scale (corpora from ../shared/bench, generated when missing: scales 1 and 10 on
tmpfs in /dev/shm/liaison-bench as bench/perf.py keeps them, scale 30 on disk in --large-dir,
as the issue asks), with the release binary of this tree:

- clean `liaison build` wall time (median of --runs runs at scale 1, --runs-large at 10,
  --runs-30 at 30; the count is printed) and peak RSS (the largest of the runs,
  /usr/bin/time), and the build's own step timings (`--timings`); at scale 1 also a rebuild
  after one station edited;
- Hugo (/usr/bin/hugo) building the equivalent site (emit_site.py --ssg hugo) beside scales 1
  and 10, in the same run;
- search at scales 1 and 10: the first query's transfer (gzip -9 bytes of every file the page
  fetches: the site's own search script run in Node by tests/js/query.js, one fresh page per
  query) on the portal and on the largest county, for a deputy's name, a village, its
  township and a common term (天然气), all taken from the generated data; the largest file
  (gzip) of the portal's index and of any county's; then bench/search.py run as a subprocess
  at the same scales and county, its lines shown and its recall figures (at
  --search-detail-scales) put in the table;
- the separate-process build (at --separate-scale): `liaison counties`, then per county
  `liaison build --county ID --out WORK/parts/ID`, two at a time (GNU parallel if installed,
  else xargs -P2), then `liaison assemble --out WORK/site-sep WORK/parts/*`, compared byte for
  byte with one `liaison build` (same --today), liaison's bookkeeping files (`.liaison-*`)
  left out. Skipped with a "not available" line when `liaison counties` fails.

It ends with a table of the figures beside the issue's targets, met or not met. Outputs are
deleted after measuring (the corpora are kept). Scale 30 is skipped, with a line saying so,
when the disk has less room than its site needs (estimated from a smaller scale measured in
the same run, else --min-free-gb: today's scale-30 site takes about 23 GiB on an ext4 disk).
Stdlib only, plus cargo, node, hugo and /usr/bin/time.
"""
import argparse, gzip, json, os, re, shutil, statistics, subprocess, sys, time, unicodedata

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from perf import ROOT, SHARED, WORK, clean, timed  # noqa: E402

TODAY = "2026-11-25"
COMMON_TERM = "天然气"
KB = 1024
MIB = 2**20
# The targets.
FIRST_QUERY_KB = 50
SHARD_KB = 64
TARGETS = {
    "s1 build": 0.5,
    "s1 edit": 0.1,
    "s10 build": 5.0,
    "s10 rss": 600,
    "s30 rss ratio": 1.10,
}


def sh(*args, check=True, **kw):
    return subprocess.run(args, check=check, capture_output=True, text=True, **kw)


def say(line=""):
    print(line, flush=True)


def median_note(samples):
    return f"median of {len(samples)}" if len(samples) > 1 else "1 run"


class Scale:
    """Where a scale's data, content, Hugo site and outputs live."""

    def __init__(self, scale, large_dir):
        self.scale = scale
        base = WORK if float(scale) <= 10 else large_dir
        self.base = base
        self.data = f"{base}/content-s{scale}-data"  # names as bench/perf.py and search.py use
        self.content = f"{base}/content-s{scale}"
        self.hugo_src = f"{WORK}/hugo-s{scale}"
        self.out = f"{base}/scale-site-s{scale}"
        self.tmpfs = base.startswith("/dev/shm")

    def ensure(self):
        os.makedirs(self.base, exist_ok=True)
        if not os.path.exists(os.path.join(self.data, "meta.json")):
            say(f"  generating scale {self.scale} data into {self.data} …")
            t = time.monotonic()
            sh("nice", "-n", "10", sys.executable, f"{SHARED}/gen_corpus.py", "--scale", self.scale,
               "--seed", "42", "--out", self.data)
            say(f"  … {time.monotonic() - t:.0f} s")
        if not os.path.exists(os.path.join(self.content, "portal.yaml")):
            say(f"  emitting the content tree into {self.content} …")
            t = time.monotonic()
            sh("nice", "-n", "10", sys.executable, f"{SHARED}/emit_liaison.py", "--data", self.data,
               "--out", self.content)
            say(f"  … {time.monotonic() - t:.0f} s")

    def ensure_hugo(self):
        if not os.path.isdir(self.hugo_src):
            say(f"  emitting the Hugo site into {self.hugo_src} …")
            sh("nice", "-n", "10", sys.executable, f"{SHARED}/emit_site.py", "--ssg", "hugo", "--data", self.data,
               "--out", self.hugo_src)


def build_command(liaison, content, out):
    return [liaison, "build", "--content", content, "--out", out, "--today", TODAY, "--timings"]


def parse_build_log(log):
    """(pages, files, step timings text) from a build's stderr, in either language."""
    m = re.search(r"(\d+) 个页面（共 (\d+) 个文件", log) or re.search(r"(\d+) pages \((\d+) files", log)
    pages, files = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    t = re.search(r"^(?:timings: |用时：)(.*)$", log, re.M)
    return pages, files, t.group(1) if t else "?"


def measure(runs, prepare, command):
    """(median wall s, median cpu s, max peak RSS MiB, samples, last stderr) of `runs` runs."""
    samples = []
    for _ in range(runs):
        prepare()
        samples.append(timed(*command))
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
            max(s[2] for s in samples), samples, samples[-1][3])


def columns(text):
    """Terminal columns of `text` (a CJK character takes two)."""
    return len(text) + sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")


def pad(text, width):
    """`text` left-aligned in `width` terminal columns."""
    return text + " " * max(0, width - columns(text))


def tree_size(path):
    """(files, bytes, bytes the file system allocates: whole blocks) of a folder."""
    files = size = blocks = 0
    stack = [path]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                else:
                    st = e.stat(follow_symlinks=False)
                    files, size, blocks = files + 1, size + st.st_size, blocks + st.st_blocks * 512
    return files, size, blocks


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 9))


# ---------------------------------------------------------------------------------------------
# Search: first-query transfers and shard sizes.

def pick_queries(data, county_id=None):
    """(county id, [(kind, query)]) from the generated data, never from liaison's output; the
    county with the most stations unless one is named."""
    with open(os.path.join(data, "counties.json"), encoding="utf-8") as f:
        counties = json.load(f)
    county = max(counties, key=lambda c: (c["id"] == county_id, len(c["station_ids"]), c["id"]))
    with open(os.path.join(data, "stations.json"), encoding="utf-8") as f:
        stations = [s for s in json.load(f) if s["county"] == county["id"]]
    # A village: the place of the county's first 联络点 in a village (…村).
    village = next((s for s in stations if s["kind"] == "联络点" and s["place"].endswith("村")), stations[0])
    with open(os.path.join(data, "deputies.json"), encoding="utf-8") as f:
        deputy = next(d for d in json.load(f) if d["county"] == county["id"])
    queries = [("name", deputy["name"]), ("village", village["place"]), ("township", village["township"]),
               ("common term", COMMON_TERM)]
    return county["id"], queries


def first_query(mode, index, query):
    """(gzip bytes of the files one fresh page fetches for `query`, results) via the Node harness."""
    r = sh("node", os.path.join(ROOT, "tests", "js", "query.js"), mode, index, query, check=False)
    if r.returncode != 0 or not r.stdout.strip():
        return None, None, (r.stderr.strip().splitlines() or ["no output"])[-1]
    res = json.loads(r.stdout.splitlines()[0])
    return sum(gz(os.path.join(index, f)) for f in res["files"]), len(res["urls"]), len(res["files"])


def largest_file(indexes):
    """(largest gzip bytes, its path, files, files over SHARD_KB gzip, raw bytes) over index folders."""
    files = []
    for index in indexes:
        for dirpath, _, names in os.walk(index):
            for name in names:
                if name.endswith((".gz", ".br")):
                    continue
                p = os.path.join(dirpath, name)
                files.append((os.path.getsize(p), p))
    files.sort(reverse=True)
    best, best_path, over = 0, None, 0
    for raw, p in files:
        # gzip never adds more than a few bytes per 64 KiB to its input: below this, no file
        # can beat the largest so far or pass the bound.
        if raw + 64 < min(best, SHARD_KB * KB):
            break
        g = gz(p)
        if g > best:
            best, best_path = g, p
        over += g > SHARD_KB * KB
    return best, best_path, len(files), over, sum(r for r, _ in files)


def search_figures(sc, site, county_id, results):
    county, queries = pick_queries(sc.data, county_id)
    which = "named" if county_id else "the one with the most stations"
    say(f"  search, scale {sc.scale}: first query on a fresh page, gzip -9 (county: {county}, {which})")
    say(f"  {'scope':<8} {'kind':<12} {pad('query', 12)} {'KB gzip':>8} {'files':>6} {'results':>8}")
    for scope, mode, index in (("portal", "portal", os.path.join(site, "search")),
                               ("county", "county", os.path.join(site, county, "search"))):
        for kind, q in queries:
            size, found, nfiles = first_query(mode, index, q)
            if size is None:
                say(f"  {scope:<8} {kind:<12} {pad(q, 12)} failed: {nfiles}")
                results[(sc.scale, scope, kind)] = (None, q, 0)
                continue
            say(f"  {scope:<8} {kind:<12} {pad(q, 12)} {size / KB:>8.1f} {nfiles:>6} {found:>8}")
            results[(sc.scale, scope, kind)] = (size, q, found)
    portal_index = os.path.join(site, "search")
    county_indexes = [os.path.join(site, c, "search") for c in sorted(os.listdir(site))
                      if os.path.isdir(os.path.join(site, c, "search")) and c != "search"]
    for scope, idx in (("portal", [portal_index]), ("county", county_indexes)):
        best, path, n, over, raw = largest_file(idx)
        rel = os.path.relpath(path, site) if path else "-"
        say(f"  largest {scope} index file: {best / KB:.1f} KB gzip ({rel}); {n} files, {raw / MIB:.1f} MiB, "
            f"{over} over {SHARD_KB} KB gzip")
        results[(sc.scale, scope, "largest")] = (best, rel)


def run_search_py(liaison, scales, county, detail):
    """bench/search.py as a subprocess (its internals belong to the search work): its lines
    are shown (but its per-query rows) and its figures parsed, into {scale: {figure: value}}.

    Two interfaces are understood. Issue 20's (`--scales S,.. --county C --detail-scales S,..
    --binary B`) prints per scale: `== scale S: …`, a table `first query (KB gzip)  county
    portal` with rows `name|village|common term QUERY  KB  KB  results: …`, `largest search
    file: X KB gzip (…)`, and at the detail scales `county recall: min X, …` and
    `portal recall QUERY: X (…)`. Issue 5's (`--content DIR --county C`, scale 1 only) prints
    `first query: X KB gzip …` and `recall: min X, …`.
    """
    script = os.path.join(ROOT, "bench", "search.py")
    help_text = sh(sys.executable, script, "--help", check=False).stdout
    if "--scales" in help_text:
        args = ["--scales", ",".join(scales), "--county", county, "--detail-scales", ",".join(detail)]
        if "--binary" in help_text:
            args += ["--binary", liaison]
    else:
        args = ["--content", Scale(scales[-1], None).content, "--county", county]
    t = time.monotonic()
    r = sh(sys.executable, script, *args, check=False)
    say(f"bench/search.py {' '.join(args)}: exit {r.returncode}, {time.monotonic() - t:.0f} s")
    if r.returncode != 0:
        say("    " + "\n    ".join(r.stderr.strip().splitlines()[-5:]))
        return {}
    parsed, scale = {}, scales[-1]
    for line in r.stdout.splitlines():
        if re.match(r"^\S.*\s+\d+\s+\d+\s+[\d.]+\s+(?:[\d.]+|-)\s+[\d.]+$", line):
            continue  # a per-query row of the recall table
        say("    " + line)
        m = re.match(r"^== scale (\S+?):", line)
        if m:
            scale = m.group(1)
        figures = parsed.setdefault(scale, {})
        m = re.match(r"^(name|village|common term) (.+?)\s+([\d.]+)\s+([\d.]+)\s+results", line)
        if m:
            figures[f"county first {m.group(1)}"] = float(m.group(3))
            figures[f"portal first {m.group(1)}"] = float(m.group(4))
        m = re.match(r"^first query: ([\d.]+) KB", line)
        if m:
            figures["county first"] = float(m.group(1))
        m = re.search(r"^(?:county )?recall: min ([\d.]+)", line)
        if m:
            figures["county recall min"] = float(m.group(1))
        m = re.match(r"^portal recall (.+?): ([\d.]+)", line)
        if m:
            figures[f"portal recall {m.group(1)}"] = float(m.group(2))
        m = re.match(r"^largest search file: ([\d.]+) KB", line)
        if m:
            figures["largest file"] = float(m.group(1))
    return parsed


# ---------------------------------------------------------------------------------------------
# The separate-process build.

def bookkeeping(name):
    return name.startswith(".liaison")


def tree_files(root):
    out = set()
    for d, dirs, fs in os.walk(root):
        dirs[:] = [x for x in dirs if not bookkeeping(x)]
        for f in fs:
            if not bookkeeping(f):
                out.add(os.path.relpath(os.path.join(d, f), root))
    return out


def compare_trees(a, b):
    """(files compared, sorted paths that differ or exist on one side only)."""
    left, right = tree_files(a), tree_files(b)
    differing = set(left ^ right)
    for rel in left & right:
        pa, pb = os.path.join(a, rel), os.path.join(b, rel)
        if os.path.getsize(pa) != os.path.getsize(pb):
            differing.add(rel)
            continue
        with open(pa, "rb") as x, open(pb, "rb") as y:
            if x.read() != y.read():
                differing.add(rel)
    return len(left | right), sorted(differing)


def separate(liaison, sc, results):
    work = os.path.join(sc.base, "separate")
    r = sh(liaison, "counties", "--content", sc.content, check=False)
    ids = r.stdout.split()
    if r.returncode != 0 or not ids:
        why = (r.stderr.strip().splitlines() or ["no county printed"])[0]
        say(f"  separate-process build: not available (`liaison counties` failed: {why})")
        results["separate"] = None
        return
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "parts"))
    parts = os.path.join(work, "parts")
    county_cmd = [liaison, "build", "--content", sc.content, "--today", TODAY, "--county", "{}", "--out",
                  os.path.join(parts, "{}")]
    gnu = sh("parallel", "--version", check=False).stdout if shutil.which("parallel") else ""
    if "GNU parallel" in gnu:
        runner, fan = ["parallel", "--will-cite", "-j", "2", "--halt", "now,fail=1"], "GNU parallel -j2"
    else:
        runner, fan = ["xargs", "-P", "2", "-I", "{}"], "xargs -P2"
    t = time.monotonic()
    p = subprocess.run(runner + ["/usr/bin/time", "-f", "TIME {} %e %M"] + county_cmd,
                       input="\n".join(ids) + "\n", capture_output=True, text=True)
    counties_wall = time.monotonic() - t
    per = re.findall(r"TIME (\S+) (\S+) (\d+)", p.stderr)
    if p.returncode != 0:
        say(f"  separate-process build: a county build failed ({fan}, exit {p.returncode}):")
        say("    " + "\n    ".join(p.stderr.strip().splitlines()[-8:]))
        results["separate"] = (False, ["a county build failed"], 0)
        return
    assemble_help = sh(liaison, "assemble", "--help", check=False).stdout
    assemble = [liaison, "assemble", "--out", os.path.join(work, "site-sep")]
    if "--content" in assemble_help:
        assemble += ["--content", sc.content]
    if "--today" in assemble_help:
        assemble += ["--today", TODAY]
    assemble += [os.path.join(parts, c) for c in ids]
    t = time.monotonic()
    a = sh(*["/usr/bin/time", "-f", "TIME %e %M"] + assemble, check=False)
    assemble_wall = time.monotonic() - t
    if a.returncode != 0:
        say(f"  separate-process build: `liaison assemble` failed (exit {a.returncode}):")
        say("    " + "\n    ".join(a.stderr.strip().splitlines()[-8:]))
        results["separate"] = (False, ["assemble failed"], 0)
        return
    assemble_rss = int(re.findall(r"TIME \S+ (\d+)", a.stderr)[-1]) / 1024
    one = os.path.join(work, "site-one")
    timed(*build_command(liaison, sc.content, one))
    compared, differing = compare_trees(os.path.join(work, "site-sep"), one)
    rss = max((int(x[2]) for x in per), default=0) / 1024
    slowest = max(per, key=lambda x: float(x[1])) if per else ("-", "0", "0")
    say(f"  separate-process build, scale {sc.scale}: {len(ids)} counties by {fan} in {counties_wall:.1f} s "
        f"(slowest {slowest[0]} {float(slowest[1]):.1f} s; largest county peak RSS {rss:.0f} MiB), "
        f"assemble {assemble_wall:.1f} s ({assemble_rss:.0f} MiB)")
    if differing:
        say(f"  vs one `liaison build`: DIFFERENT in {len(differing)} of {compared} files; first: "
            + ", ".join(differing[:10]))
    else:
        say(f"  vs one `liaison build`: equal, byte for byte ({compared} files; .liaison-* left out)")
    results["separate"] = (not differing, differing[:10], compared)
    shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------------------------

def bench_scale(liaison, sc, args, results):
    runs = {"1": args.runs, "30": args.runs_30}.get(sc.scale, args.runs_large)
    say(f"scale {sc.scale}: {sc.content} ({'tmpfs' if sc.tmpfs else 'disk'})")
    sc.ensure()
    nfiles, nbytes, _ = tree_size(sc.content)
    say(f"  corpus: {nfiles} content files, {nbytes / MIB:.0f} MiB")
    cmd = build_command(liaison, sc.content, sc.out)
    clean(sc.out)
    wall, cpu, rss, samples, log = measure(runs, lambda: clean(sc.out), cmd)
    pages, files, steps = parse_build_log(log)
    say(f"  clean build: {wall:.2f} s wall ({median_note(samples)}: "
        + ", ".join(f"{s[0]:.2f}" for s in samples) + f"), {cpu:.2f} s CPU, peak RSS {rss:.0f} MiB; "
        f"{pages} pages")
    say(f"  steps: {steps}")
    results[(sc.scale, "size")] = tree_size(sc.out)
    nfiles, nbytes, nblocks = results[(sc.scale, "size")]
    say(f"  site: {nfiles} files, {nbytes / MIB:.0f} MiB ({nblocks / MIB:.0f} MiB allocated)")
    results[(sc.scale, "build")] = (wall, len(samples), rss, pages, cpu)
    if sc.scale == "1":
        stations = os.path.join(sc.content, "lishi", "stations")
        station = os.path.join(stations, sorted(os.listdir(stations))[0], "station.yaml")
        with open(station, encoding="utf-8") as f:
            original = f.read()
        edits = iter(range(10**6))

        def edit():
            with open(station, "w", encoding="utf-8") as f:
                f.write(original + f"# edit {next(edits)}\n")

        try:
            ewall, ecpu, erss, esamples, _ = measure(runs, edit, cmd)
        finally:
            with open(station, "w", encoding="utf-8") as f:
                f.write(original)
        say(f"  rebuild after one station edited: {ewall:.2f} s wall ({median_note(esamples)}), {ecpu:.2f} s CPU, "
            f"peak RSS {erss:.0f} MiB")
        results[(sc.scale, "edit")] = (ewall, len(esamples), ecpu)
    if not args.no_search and sc.scale in ("1", "10"):
        search_figures(sc, sc.out, args.county, results)
    clean(sc.out)
    if not args.no_hugo and sc.scale in ("1", "10"):
        sc.ensure_hugo()
        hugo_out = f"{WORK}/hugo-out"
        hruns = args.runs if sc.scale == "1" else args.hugo_runs_large
        version = sh("hugo", "version").stdout.split()[1]
        hwall, hcpu, hrss, hsamples, _ = measure(hruns, lambda: shutil.rmtree(hugo_out, ignore_errors=True),
                                              ["hugo", "--quiet", "-s", sc.hugo_src, "-d", hugo_out])
        hpages = sum(1 for _, _, fs in os.walk(hugo_out) for f in fs if f.endswith(".html"))
        shutil.rmtree(hugo_out, ignore_errors=True)
        say(f"  Hugo {version}, same data: {hwall:.2f} s wall ({median_note(hsamples)}), {hcpu:.2f} s CPU, "
            f"peak RSS {hrss:.0f} MiB, "
            f"{hpages} pages")
        results[(sc.scale, "hugo")] = (hwall, len(hsamples), hrss, hpages, hcpu)


def verdict(ok):
    if ok == "info":
        return "-"
    return "?" if ok is None else ("met" if ok else "NOT MET")


def summary(args, results):
    rows = []

    def row(figure, value, target, ok):
        rows.append((figure, value, target, verdict(ok)))

    b1, b10, b30 = (results.get((s, "build")) for s in ("1", "10", "30"))
    for s, b, t in (("1", b1, TARGETS["s1 build"]), ("10", b10, TARGETS["s10 build"]), ("30", b30, None)):
        if not b:
            continue
        h = results.get((s, "hugo"))
        beside = f"; Hugo {h[0]:.2f} s, {h[4]:.1f} CPU, {h[2]:.0f} MiB, n={h[1]}" if h else ""
        row(f"scale {s} clean build, n={b[1]}", f"{b[0]:.2f} s, {b[4]:.1f} CPU{beside}", f"<= {t} s" if t else "-",
            b[0] <= t if t else "info")
        if s == "1" and ("1", "edit") in results:
            e = results[("1", "edit")]
            row(f"scale 1 one station edited, n={e[1]}", f"{e[0]:.2f} s, {e[2]:.2f} CPU", f"<= {TARGETS['s1 edit']} s",
                e[0] <= TARGETS["s1 edit"])
        size = results.get((s, "size"))
        if size:
            row(f"scale {s} site", f"{b[3]} pages, {size[0]} files, {size[1] / 2**30:.2f} GiB", "-", "info")
        if s == "10":
            row("scale 10 peak RSS", f"{b[2]:.0f} MiB", f"<= {TARGETS['s10 rss']} MiB", b[2] <= TARGETS["s10 rss"])
        elif s == "30":
            ok = b[2] <= TARGETS["s30 rss ratio"] * b10[2] if b10 else None
            ratio = f" ({b[2] / b10[2]:.2f}x scale 10)" if b10 else ""
            row("scale 30 peak RSS", f"{b[2]:.0f} MiB{ratio}", "<= 1.10x scale 10", ok)
        else:
            row(f"scale {s} peak RSS", f"{b[2]:.0f} MiB", "-", "info")
    for s in ("10", "1"):
        for scope in ("portal", "county"):
            for kind in ("name", "village", "township", "common term"):
                v = results.get((s, scope, kind))
                if v:
                    size, q, found = v
                    value = "failed" if size is None else f"{size / KB:.1f} KB, {found} found"
                    # Nothing found is no answer, whatever it cost.
                    ok = None if size is None else size <= FIRST_QUERY_KB * KB and found > 0
                    row(f"scale {s} {scope} first query, {kind} {q}", value, f"<= {FIRST_QUERY_KB} KB, found", ok)
            v = results.get((s, scope, "largest"))
            if v:
                row(f"scale {s} largest {scope} index file", f"{v[0] / KB:.1f} KB", f"<= {SHARD_KB} KB",
                    v[0] <= SHARD_KB * KB)
        for key, value in sorted(results.get("search.py", {}).get(s, {}).items()):
            if "recall" in key:
                row(f"scale {s} {key} (bench/search.py)", f"{value:.3f}", "1.0", value >= 1.0)
    if "separate" in results:
        sep = results["separate"]
        if sep is None:
            row(f"separate-process build = one build (scale {args.separate_scale})", "not available", "equal", None)
        else:
            row(f"separate-process build = one build (scale {args.separate_scale})",
                "equal" if sep[0] else f"different: {', '.join(sep[1][:3])}", "equal", sep[0])
    say()
    say(f"issue 20 figures ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; wall s median, "
        "CPU s median; builds on tmpfs except scale 30, on disk)")
    w = max(columns(r[0]) for r in rows) if rows else 10
    v = max(columns(r[1]) for r in rows) if rows else 10
    say(f"{pad('figure', w)}  {pad('value', v)}  {'target':<20} verdict")
    for figure, value, target, ok in rows:
        say(f"{pad(figure, w)}  {pad(value, v)}  {target:<20} {ok}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1,10,30", help="comma-separated scales (default 1,10,30)")
    ap.add_argument("--runs", type=int, default=5, help="runs at scale 1, liaison and Hugo (default 5)")
    ap.add_argument("--runs-large", type=int, default=3, help="liaison runs at scale 10 (default 3)")
    ap.add_argument("--runs-30", type=int, default=1, help="liaison runs at scale 30, on disk (default 1)")
    ap.add_argument("--hugo-runs-large", type=int, default=1, help="Hugo runs at scale 10 (default 1)")
    ap.add_argument("--no-hugo", action="store_true", help="leave Hugo out")
    ap.add_argument("--no-search", action="store_true", help="leave the search figures out")
    ap.add_argument("--no-search-py", action="store_true", help="do not run bench/search.py")
    ap.add_argument("--search-detail-scales", default="1",
                    help="scales at which bench/search.py measures recall (default 1; 10 takes long)")
    ap.add_argument("--no-separate", action="store_true", help="leave the separate-process build out")
    ap.add_argument("--separate-scale", default="1", help="scale of the separate-process build (default 1)")
    ap.add_argument("--county", help="the county of the county figures (default: the most stations)")
    ap.add_argument("--large-dir", default="/work/bench-data", help="where scale 30 lives, on disk")
    ap.add_argument("--min-free-gb", type=float, default=30,
                    help="room a disk scale needs when no smaller scale was measured in the run (default 30)")
    args = ap.parse_args()
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    say(f"building the release binary in {ROOT} …")
    sh("cargo", "build", "--release", "--quiet", cwd=ROOT)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    liaison = os.path.join(target, "release", "liaison")
    commit = sh("git", "-C", ROOT, "log", "-1", "--format=%h %s", check=False).stdout.strip()
    say(f"liaison at {commit[:90]}; --today {TODAY}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(wall times need an idle machine; CPU times less so)")
    results = {}
    for s in scales:
        sc = Scale(s, args.large_dir)
        if not sc.tmpfs:
            os.makedirs(sc.base, exist_ok=True)
            free = shutil.disk_usage(sc.base).free
            # The site a scale needs, from a smaller one measured in this run (with a margin).
            known = [(float(k[0]), v[2]) for k, v in results.items() if k[1] == "size"]
            if known:
                base, blocks = max(known)
                need = blocks * float(s) / base * 1.3  # folders, and a margin
            else:
                need = args.min_free_gb * 2**30
            say(f"disk free at {sc.base}: {free / 2**30:.1f} GiB; the scale {s} site needs about "
                f"{need / 2**30:.1f} GiB")
            if free < need:
                say(f"scale {s}: skipped, not enough room on disk (free some, or --large-dir elsewhere)")
                continue
        bench_scale(liaison, sc, args, results)
    searched = [s for s in scales if s in ("1", "10")]
    if searched and not args.no_search and not args.no_search_py:
        county, _ = pick_queries(Scale(searched[-1], None).data, args.county)
        detail = [s for s in args.search_detail_scales.split(",") if s in searched]
        results["search.py"] = run_search_py(liaison, searched, county, detail)
        for s in searched:  # where search.py builds (either version): room on tmpfs
            clean(f"{WORK}/site-search-s{s}")
            clean(f"{WORK}/site-s1")
    if not args.no_separate:
        sc = Scale(args.separate_scale, args.large_dir)
        sc.ensure()
        separate(liaison, sc, results)
    summary(args, results)


if __name__ == "__main__":
    main()
