#!/usr/bin/env bash
# What each part of berthd's OCI spec costs runc: `runc run` of `true` (create, start, wait, delete: no
# `runc delete -f`, which sleeps 100 ms after its SIGKILL in runc 1.1) with a real berthd config.json
# (from timeline.sh, or CONFIG=…) and of variants with one part removed, next to the floor's `runc spec`
# config, timed by hyperfine in ROUNDS rounds (default 2) of RUNS runs (default 20) each.
#
# As root, under the benchmark lock (flock /tmp/berth-it.lock bench/container-start/bisect.sh). The root
# filesystem is the floor's busybox bundle (engines.sh's bench_prepare_runc_bundle); the /etc binds point at
# small files of the script's. Output: markdown on stdout, hyperfine's JSON in bench/out/container-start-bisect/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/container-start"
CONFIG=${CONFIG:-$ROOT/bench/out/container-start-timeline/config.json}
RUNS=${RUNS:-20}
ROUNDS=${ROUNDS:-2}
OUT="$ROOT/bench/out/container-start-bisect"
. "$HERE/engines.sh"
bench_need_root
[ -f "$CONFIG" ] || { bench_log "no config.json at $CONFIG: run timeline.sh first"; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT/etc" "$OUT/state"
bench_prepare_runc_bundle
trap 'runc --root "$OUT/state" list -q 2>/dev/null | xargs -r -n1 runc --root "$OUT/state" delete -f; rm -rf "$OUT/state"' EXIT
echo berth >"$OUT/etc/hostname"; echo "127.0.0.1 localhost" >"$OUT/etc/hosts"; : >"$OUT/etc/resolv.conf"

python3 - "$CONFIG" "$RUNC_BUNDLE" "$OUT" <<'PY'
import copy, json, os, sys
config, floor, out = sys.argv[1:]
base = json.load(open(config))
base["root"] = {"path": floor + "/rootfs", "readonly": False}
base["process"]["args"] = ["true"]
for m in base["mounts"]:
    if m["type"] == "bind" and m["destination"].startswith("/etc/"):
        m["source"] = out + "/etc/" + m["destination"][5:]
def drop(path):
    def f(s):
        *parents, last = path
        node = s
        for p in parents: node = node.get(p, {})
        node.pop(last, None)
    return f
def no_binds(s): s["mounts"] = [m for m in s["mounts"] if m["type"] != "bind"]
def no_cgroupns(s): s["linux"]["namespaces"] = [n for n in s["linux"]["namespaces"] if n["type"] != "cgroup"]
def no_cgroup_mount(s): s["mounts"] = [m for m in s["mounts"] if m["type"] != "cgroup"]
def no_masked(s): drop(["linux", "maskedPaths"])(s); drop(["linux", "readonlyPaths"])(s)
variants = {
    "berthd's spec": lambda s: None,
    "no seccomp": drop(["linux", "seccomp"]),
    "no device rules": drop(["linux", "resources", "devices"]),
    "no masked/readonly paths": no_masked,
    "no linux.resources": drop(["linux", "resources"]),
    "no cgroupsPath": drop(["linux", "cgroupsPath"]),
    "no /etc binds": no_binds,
    "no cgroup namespace": no_cgroupns,
    "no /sys/fs/cgroup mount": no_cgroup_mount,
    "no sysctls": drop(["linux", "sysctl"]),
    "no rlimits": drop(["process", "rlimits"]),
}
singles = list(variants.values())
def all_off(s):
    for f in singles: f(s)
variants["all of the above removed"] = all_off
with open(out + "/variants.tsv", "w") as tsv:
    for i, (name, f) in enumerate(variants.items()):
        s = copy.deepcopy(base); f(s)
        d = f"{out}/b{i}"; os.makedirs(d, exist_ok=True)
        json.dump(s, open(d + "/config.json", "w"))
        tsv.write(f"b{i}\t{name}\n")
    os.makedirs(out + "/floor", exist_ok=True)
    fl = json.load(open(floor + "/config.json")); fl["root"]["path"] = floor + "/rootfs"
    json.dump(fl, open(out + "/floor/config.json", "w"))
    tsv.write("floor\tthe floor's `runc spec` config\n")
PY

for ((round = 1; round <= ROUNDS; round++)); do
  args=()
  while IFS=$'\t' read -r dir name; do
    args+=(-n "$name" "runc --root $OUT/state run -b $OUT/$dir c-$dir")
  done <"$OUT/variants.tsv"
  hyperfine -N --style none --warmup 2 --runs "$RUNS" --export-json "$OUT/round$round.json" "${args[@]}" >/dev/null
done
python3 - "$OUT" "$ROUNDS" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
res = {}
for r in range(1, rounds + 1):
    for x in json.load(open(f"{out}/round{r}.json"))["results"]:
        res.setdefault(x["command"], []).append(statistics.median(x["times"]) * 1000)
print("| runc run (create, start, wait, delete) of | " + " | ".join(f"round {r} ms" for r in range(1, rounds + 1)) + " |")
print("|---|" + "---:|" * rounds)
for name, ms in res.items():
    print(f"| {name} | " + " | ".join(f"{m:.1f}" for m in ms) + " |")
PY
