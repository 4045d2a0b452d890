#!/usr/bin/env python3
"""Report of bench/build/run.sh: reads what the run left in its output directory and prints markdown.

Arguments: OUT (the output directory) and the scenarios measured, space-separated, in order.

Input, in OUT:
  variants.tsv                 one line per variant: key, label, status (ok | failed), detail (the error)
  <scenario>.<key>.json        hyperfine's --export-json of one scenario for one variant
  <scenario>.<key>.trace.log   for the berth variants, berthd's log lines written meanwhile
  failures.txt                 scenarios that failed part-way, one line each

berthd writes debug lines `trace <kind>=<id> phase=<name> ms=<n>` (container starts, build steps, …); the
phase table sums them per scenario and divides by the number of builds, giving where a build's time goes.
"""
import json
import re
import statistics
import sys
from pathlib import Path

TRACE = re.compile(r"trace (?P<kind>\w+)=(?P<id>\S+) phase=(?P<phase>\S+) ms=(?P<ms>\d+(?:\.\d+)?)")
PEERS = ("podman", "dockerd")
BERTHS = ("berth-docker", "berth-cli")
SCENARIOS = {
    "cold": ("6-step build, cold (--no-cache)", "faster than both peers", lambda r: r < 1.0),
    "cached": ("6-step build, fully cached", "≤ 0.5x the fastest peer", lambda r: r <= 0.5),
    "changed": ("6-step build, last COPY's file changed", "none set (reported)", None),
    "run20": ("20x RUN true, cold (--no-cache)", "faster than both peers", lambda r: r < 1.0),
}


def read_variants(out):
    rows = []
    for line in (out / "variants.tsv").read_text().splitlines():
        key, label, status, detail = (line.split("\t") + ["", "", "", ""])[:4]
        rows.append({"key": key, "label": label, "status": status, "detail": detail})
    return rows


def stats(out, scenario, key):
    path = out / f"{scenario}.{key}.json"
    if not path.exists():
        return None
    times = [t * 1000 for t in json.loads(path.read_text())["results"][0]["times"]]
    return {"runs": len(times), "median": statistics.median(times), "min": min(times), "max": max(times)}


def scenario_table(out, scenario, variants):
    title, target, _ = SCENARIOS[scenario]
    print(f"### {title}")
    print()
    print("| engine and client | runs | median ms | min ms | max ms | vs fastest peer |")
    print("|---|---:|---:|---:|---:|---:|")
    measured = {v["key"]: stats(out, scenario, v["key"]) for v in variants if v["status"] == "ok"}
    peer = min((measured[k]["median"] for k in PEERS if measured.get(k)), default=None)
    for v in variants:
        s = measured.get(v["key"])
        if s is None:
            print(f"| {v['label']} | – | not measurable yet | | | |")
            continue
        ratio = f"{s['median'] / peer:.2f}x" if peer else "n/a"
        print(f"| {v['label']} | {s['runs']} | {s['median']:.0f} | {s['min']:.0f} | {s['max']:.0f} | {ratio} |")
    if scenario == "run20":
        print()
        per_run = ", ".join(f"{k} {measured[k]['median'] / 20:.0f}" for k in measured if measured[k])
        print(f"Per RUN (median / 20, the build's fixed cost included), ms: {per_run}.")
    print()
    return measured


def targets(results):
    print("| scenario | client | berth / fastest peer | target | met |")
    print("|---|---|---:|---|---|")
    for scenario, measured in results.items():
        _, target, check = SCENARIOS[scenario]
        peer = min((measured[k]["median"] for k in PEERS if measured.get(k)), default=None)
        for key in BERTHS:
            s = measured.get(key)
            if s is None or peer is None or check is None:
                if check is not None:
                    print(f"| {scenario} | {key} | pending | {target} | – |")
                continue
            r = s["median"] / peer
            print(f"| {scenario} | {key} | {r:.2f} | {target} | {'yes' if check(r) else 'no'} |")


def phases(out, scenario, key, builds):
    """Per phase: how many lines, the median of one, and the total per build (sum over the scenario / builds)."""
    path = out / f"{scenario}.{key}.trace.log"
    if not path.exists() or builds == 0:
        return
    by_phase = {}
    for line in path.read_text(errors="replace").splitlines():
        m = TRACE.search(line)
        if m:
            by_phase.setdefault(f"{m['kind']}: {m['phase']}", []).append(float(m["ms"]))
    print(f"Phases in berthd, {scenario}, {key} ({builds} builds, warm-up included):", end=" ")
    if not by_phase:
        print("no `trace … phase=… ms=…` lines in berthd's debug log.")
        print()
        return
    print()
    print()
    print("| phase | lines | median ms | total ms per build |")
    print("|---|---:|---:|---:|")
    for name, values in sorted(by_phase.items(), key=lambda kv: -sum(kv[1])):
        print(f"| {name} | {len(values)} | {statistics.median(values):.1f} | {sum(values) / builds:.1f} |")
    print()


def step_profile(out, variants):
    """Median ms of each step over the profile builds (steps.<key>.<n>.tsv), one column per variant."""
    columns, names = {}, {}
    for v in variants:
        per_step = {}
        for path in sorted(out.glob(f"steps.{v['key']}.*.tsv")):
            for line in path.read_text().splitlines():
                n, ms, text = (line.split("\t") + ["", "", ""])[:3]
                per_step.setdefault(int(n), []).append(float(ms))
                names.setdefault(int(n), text)
        if per_step:
            columns[v["key"]] = {n: statistics.median(ms) for n, ms in per_step.items()}
    if not columns:
        return
    runs = len(list(out.glob(f"steps.{next(iter(columns))}.*.tsv")))
    print(f"Step by step, cold six-step build (median of {runs} untimed builds; from each client's output):")
    print()
    print("| step | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for n in sorted(names):
        cells = " | ".join(f"{columns[k][n]:.0f}" if n in columns[k] else "–" for k in columns)
        print(f"| {n} {names[n]} | {cells} |")
    totals = " | ".join(f"{sum(c.values()):.0f}" for c in columns.values())
    print(f"| total | {totals} |")
    print()


def main():
    out = Path(sys.argv[1])
    scenarios = [s for s in sys.argv[2].split() if s in SCENARIOS]
    variants = read_variants(out)
    for v in variants:
        if v["status"] != "ok":
            print(f"- {v['key']}: not measurable yet ({v['detail']}) [{v['label']}]")
    failures = (out / "failures.txt").read_text().strip() if (out / "failures.txt").exists() else ""
    if failures:
        print("Failed part-way:")
        print("```")
        print(failures)
        print("```")
    print()
    results = {s: scenario_table(out, s, variants) for s in scenarios}
    targets(results)
    print()
    step_profile(out, variants)
    for s in scenarios:
        for key in BERTHS:
            st = results[s].get(key)
            if st:
                warmups = 2 if s == "cached" else 1
                phases(out, s, key, st["runs"] + warmups)


if __name__ == "__main__":
    main()
