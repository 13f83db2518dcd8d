#!/usr/bin/env python3
"""Build-speed benchmark for issue 8, side by side with Hugo on the same data.

    python3 bench/perf.py [--scale 1] [--runs 5] [--no-hugo]

Generates the corpus with ../shared/bench (gen_corpus.py, emit_liaison.py, and emit_site.py
--ssg hugo for the equivalent Hugo site), builds the release binary, and times on tmpfs
(/dev/shm), median of --runs runs, with /usr/bin/time: `check`; a clean `build` (no previous
site); a rebuild with nothing changed; a rebuild after one station file is edited; and Hugo
(Debian's `hugo`) building its site. Reports wall time, CPU time, peak RSS, pages, bytes
written and pages/s, and checks that the site an incremental build leaves after the edits is
byte-identical to a clean build's. Stdlib only.
"""
import argparse, os, re, shutil, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "bench")
WORK = "/dev/shm/liaison-bench"


def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def timed(*args):
    """(wall s, cpu s, peak RSS MiB, stderr) of one run."""
    r = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M", *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{r.stderr[-2000:]}")
    wall, user, sys_, rss = re.findall(r"TIME (\S+) (\S+) (\S+) (\S+)", r.stderr)[-1]
    return float(wall), float(user) + float(sys_), int(rss) / 1024, r.stderr


def du(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total


def compare(a, b):
    """(files compared, paths that differ or exist on one side only) of two site trees."""
    def files(root):
        # liaison's own manifest records what the site was built from, not what it serves.
        return {os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs
                if f != ".liaison-manifest"}
    left, right = files(a), files(b)
    differing = sorted(left ^ right)
    for rel in sorted(left & right):
        with open(os.path.join(a, rel), "rb") as x, open(os.path.join(b, rel), "rb") as y:
            if x.read() != y.read():
                differing.append(rel)
    return len(left | right), differing


def clean(out):
    parent, name = os.path.split(out)
    for entry in os.listdir(parent):
        if entry == name or entry.startswith(f".{name}.liaison"):
            p = os.path.join(parent, entry)
            shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="1")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-hugo", action="store_true")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    content = f"{WORK}/content-s{args.scale}"
    data = content + "-data"  # as bench/search.py names it
    out, hugo_src, hugo_out = f"{WORK}/site-s{args.scale}", f"{WORK}/hugo-s{args.scale}", f"{WORK}/hugo-out"
    if not os.path.exists(os.path.join(data, "meta.json")):
        run(sys.executable, f"{SHARED}/gen_corpus.py", "--scale", args.scale, "--seed", "42", "--out", data)
    if not os.path.exists(os.path.join(content, "portal.yaml")):
        run(sys.executable, f"{SHARED}/emit_liaison.py", "--data", data, "--out", content)
    run("cargo", "build", "--release", "--quiet", cwd=ROOT)
    liaison = os.path.join(ROOT, "target", "release", "liaison")
    build = [liaison, "build", "--content", content, "--out", out, "--today", "2026-11-25", "--timings"]
    rows = []

    def measure(name, prepare, command):
        samples = []
        for _ in range(args.runs):
            prepare()
            samples.append(timed(*command))
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        rss = max(s[2] for s in samples)
        rows.append((name, wall, cpu, rss, samples[-1][3]))
        return samples[-1][3]

    measure("check", lambda: None, [liaison, "check", "--content", content, "--today", "2026-11-25"])
    log = measure("build (clean)", lambda: clean(out), build)
    pages, files = map(int, re.search(r"(\d+) 个页面（共 (\d+) 个文件", log).groups())
    size = du(out)
    timings = re.search(r"^(?:timings: |用时：)(.*)$", log, re.M).group(1)
    measure("rebuild, nothing changed", lambda: None, build)
    station_dir = sorted(os.listdir(f"{content}/lishi/stations"))[0]
    station = f"{content}/lishi/stations/{station_dir}/station.yaml"
    original = open(station, encoding="utf-8").read()
    edits = iter(range(1000))

    def edit():
        with open(station, "w", encoding="utf-8") as f:
            f.write(original + f"# edit {next(edits)}\n")

    measure("rebuild, one station edited", edit, build)
    with open(station, "w", encoding="utf-8") as f:
        f.write(original)
    # After all those edits, an incremental build must give the bytes of a clean build.
    timed(*build)
    reference = out + "-clean"
    clean(reference)
    timed(*[reference if arg == out else arg for arg in build])
    compared, differing = compare(out, reference)
    clean(reference)
    if not args.no_hugo and shutil.which("hugo"):
        if not os.path.exists(hugo_src):
            run(sys.executable, f"{SHARED}/emit_site.py", "--ssg", "hugo", "--data", data, "--out", hugo_src)
        version = run("hugo", "version").stdout.split()[1]
        measure(f"Hugo {version} (same data)", lambda: shutil.rmtree(hugo_out, ignore_errors=True),
                ["hugo", "--quiet", "-s", hugo_src, "-d", hugo_out])
        hugo_pages = sum(1 for _, _, fs in os.walk(hugo_out) for f in fs if f.endswith(".html"))
    print(f"corpus: scale {args.scale}, {content}; median of {args.runs} runs, tmpfs, {os.cpu_count()} cores")
    print(f"liaison: {pages} pages, {files} files, {size / 2**20:.0f} MiB written by a clean build")
    print(f"{'':<34} {'wall s':>7} {'cpu s':>7} {'peak RSS MiB':>13} {'pages/s':>9}")
    for name, wall, cpu, rss, _ in rows:
        n = hugo_pages if name.startswith("Hugo") else pages
        rate = f"{n / wall:>9.0f}" if name.startswith(("build", "Hugo")) else f"{'':>9}"
        print(f"{name:<34} {wall:>7.2f} {cpu:>7.2f} {rss:>13.0f} {rate}")
    print(f"clean build steps: {timings}")
    verdict = "byte-identical" if not differing else f"DIFFERENT in {len(differing)} files, e.g. {differing[:3]}"
    print(f"incremental build after the edits vs a clean build: {verdict} ({compared} files compared)")


if __name__ == "__main__":
    main()
