#!/usr/bin/env python3
"""Report of bench/container-start/run.sh: reads what the run left in its output directory and prints markdown.

Input, in OUT (the first argument):
  variants.tsv      one line per variant: key, label, status (ok | failed), detail (the error when failed)
  <key>.<n>.json    hyperfine's --export-json for each variant measured, one per round n
  <key>.trace.log   for the berth variants, berthd's log lines written while hyperfine measured them

berthd writes one debug line per container start phase: `trace container=<id12> phase=<name> ms=<n>`.
The phase table gives, per phase, the median over the containers started during the measured runs.
"""
import json
import re
import statistics
import sys
from pathlib import Path

TRACE = re.compile(r"trace container=(?P<id>\S+) phase=(?P<phase>\S+) ms=(?P<ms>\d+(?:\.\d+)?)")
CONTAINER_ID = re.compile(r"[0-9a-f]{12}")
TARGETS = [  # numerator, denominator, target ratio (at most)
    ("berth-docker", "runc", 2.5),
    ("berth-docker", "dockerd", 0.33),
]


def read_variants(out):
    rows = []
    for line in (out / "variants.tsv").read_text().splitlines():
        key, label, status, detail = (line.split("\t") + ["", "", "", ""])[:4]
        rows.append({"key": key, "label": label, "status": status, "detail": detail})
    return rows


def stats(out, key):
    """Median, p10, p90 (ms) over the runs of all rounds of a variant (<key>.<round>.json)."""
    times = []
    for path in sorted(out.glob(f"{key}.*.json")):
        times += [t * 1000 for t in json.loads(path.read_text())["results"][0]["times"]]
    deciles = statistics.quantiles(times, n=10, method="inclusive")
    return {"runs": len(times), "median": statistics.median(times), "p10": deciles[0], "p90": deciles[8],
            "mean": statistics.fmean(times)}


def phases(path):
    """Phase name -> list of ms (in order of first appearance), and the number of containers traced.

    Lines logged before the container has an ID (container=new) count under "new: <phase>". A name a
    container logs more than once (two steps that share a name) becomes "name (2)" and so on at
    its later occurrences, so that different steps are not mixed into one median.
    """
    by_phase, seen = {}, {}
    for line in path.read_text(errors="replace").splitlines():
        m = TRACE.search(line)
        if m and not CONTAINER_ID.fullmatch(m["id"]):
            # steps before the container has its ID (container=new): named after that placeholder
            by_phase.setdefault(f"{m['id']}: {m['phase']}", []).append(float(m["ms"]))
        elif m:
            counts = seen.setdefault(m["id"], {})
            counts[m["phase"]] = counts.get(m["phase"], 0) + 1
            name = m["phase"] if counts[m["phase"]] == 1 else f"{m['phase']} ({counts[m['phase']]})"
            by_phase.setdefault(name, []).append(float(m["ms"]))
    return by_phase, len(seen)


def main():
    out = Path(sys.argv[1])
    variants = read_variants(out)
    measured = {}
    print("| engine and client | runs | median ms | p10 ms | p90 ms | vs runc |")
    print("|---|---:|---:|---:|---:|---:|")
    for v in variants:
        if v["status"] == "ok":
            measured[v["key"]] = stats(out, v["key"])
    floor = measured.get("runc", {}).get("median")
    for v in variants:
        s = measured.get(v["key"])
        if s is None:
            print(f"| {v['label']} | – | not measurable yet | | | |")
            continue
        ratio = f"{s['median'] / floor:.2f}x" if floor else "n/a"
        print(f"| {v['label']} | {s['runs']} | {s['median']:.0f} | {s['p10']:.0f} | {s['p90']:.0f} | {ratio} |")
    print()
    for v in variants:
        if v["status"] != "ok":
            print(f"- {v['key'].split('-')[0]}: not measurable yet ({v['detail']}) [{v['label']}]")
    print()
    print("| ratio of medians | value | target | met |")
    print("|---|---:|---:|---|")
    for num, den, target in TARGETS:
        a, b = measured.get(num), measured.get(den)
        if a and b:
            r = a["median"] / b["median"]
            print(f"| {num} / {den} | {r:.2f} | ≤ {target} | {'yes' if r <= target else 'no'} |")
        else:
            print(f"| {num} / {den} | pending | ≤ {target} | – |")
    print_phases(out, variants, measured)


def print_phases(out, variants, measured):
    for v in variants:
        trace = out / f"{v['key']}.trace.log"
        if v["status"] != "ok" or not trace.exists():
            continue
        by_phase, containers = phases(trace)
        print()
        print(f"Phases of berthd's start, {v['label']}:", end=" ")
        if not by_phase:
            print("no `trace container=… phase=… ms=…` lines in berthd's debug log yet.")
            continue
        print(f"{containers} containers traced.")
        print()
        print("| phase | count | median ms | p90 ms |")
        print("|---|---:|---:|---:|")
        total = 0.0
        for name, values in by_phase.items():
            med = statistics.median(values)
            p90 = statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
            total += med
            print(f"| {name} | {len(values)} | {med:.1f} | {p90:.1f} |")
        wall = measured[v["key"]]["median"]
        print(f"| sum of the phase medians | | {total:.1f} | |")
        print(f"| rest of the wall time (client, connections, process start) | | {wall - total:.1f} | |")


if __name__ == "__main__":
    main()
