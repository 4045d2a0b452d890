#!/usr/bin/env bash
# Transfer benchmark (issue 8): what shipping an image to a Berth host over ssh costs, in time and in bytes on
# the wire, with `berth push ssh://HOST IMAGE` (only the blobs the host lacks) against
# `berth save IMAGE | ssh HOST berth load` (the whole image every time, as `docker save | ssh … docker load`).
#
# The images, built on a local berthd from generated incompressible data (/dev/urandom):
#   xbench:v1   busybox + LAYERS layers of LAYER_MB MiB each (10 × 30 MiB: about 315 MB)
#   xbench:v2   the same first LAYERS-1 layers (the same base image), and a different last layer: an update
# Two hosts (bench/transfer/hosts.sh: each a berthd in its own network namespace behind its own sshd on
# 127.0.0.1), each with a counting relay between ssh and sshd that counts the TCP payload both ways: h1 gets
# the pushes, h2 the save | load pipes. Each repetition starts both hosts empty (fresh data roots) and ships,
# in order: v1 (first), v2 (the update), v2 again (nothing changed). A plain `ssh HOST cat` of a file of
# the image's size gives the floor (ssh's own cost on this machine). After each step the host must hold the
# image under the same ID as the local daemon, and the no-op push must say "up to date".
#
# As root; needs a built checkout (scripts/build.sh) and what scripts/setup.sh installs (openssh-server,
# runc, conmon). Run it alone: `flock /tmp/berth-it.lock bench/transfer/run.sh`.
# Environment: LAYERS (10), LAYER_MB (30), REPS (3), XB_DIR (/var/lib/berth-xbench).
# Output: markdown on stdout, also in bench/out/transfer/report.md, with every measurement in raw.tsv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAYERS=${LAYERS:-10}
LAYER_MB=${LAYER_MB:-30}
REPS=${REPS:-3}
OUT="$ROOT/bench/out/transfer"
. "$ROOT/bench/transfer/hosts.sh"

xb_begin "$OUT" $'rep\tstep\tway\tms\tbytes'

xb_start_berthd local 0
xb_start_berthd h1 1
xb_start_berthd h2 2
xb_start_sshd h1 1
xb_start_sshd h2 1
xb_write_ssh_config
xb_berth image bootstrap busybox >/dev/null

# ---- the images
ctx="$XB_DIR/ctx"
mkdir -p "$ctx/base" "$ctx/v1" "$ctx/v2"
xb_log "generating $LAYERS layers of $LAYER_MB MiB of random data"
{
  echo "FROM busybox"
  for ((i = 1; i < LAYERS; i++)); do
    f=$(printf 'layer%02d.bin' "$i")
    head -c "${LAYER_MB}M" /dev/urandom >"$ctx/base/$f"
    echo "COPY $f /data/$f"
  done
} >"$ctx/base/Dockerfile"
for v in v1 v2; do
  f=$(printf 'layer%02d.bin' "$LAYERS")
  head -c "${LAYER_MB}M" /dev/urandom >"$ctx/$v/$f"
  printf 'FROM xbench-base\nCOPY %s /data/%s\n' "$f" "$f" >"$ctx/$v/Dockerfile"
done
xb_log "building xbench-base, xbench:v1 and xbench:v2"
xb_berth build -q -t xbench-base "$ctx/base" >/dev/null
xb_berth build -q -t xbench:v1 "$ctx/v1" >/dev/null
xb_berth build -q -t xbench:v2 "$ctx/v2" >/dev/null
rm -rf "$ctx"
declare -A local_id=([v1]=$(xb_berth image inspect --format '{{.Id}}' xbench:v1) [v2]=$(xb_berth image inspect --format '{{.Id}}' xbench:v2))
image_size=$(xb_berth image inspect --format '{{.Size}}' xbench:v1)
tar_size=$(xb_berth save xbench:v1 | wc -c)
layer_size=$((LAYER_MB * 1048576))

# ---- the ways of shipping
push() {   # TAG
  xb_berth push "$(xb_uri h1)" "xbench:$1"
}
save_load() {   # TAG
  xb_berth save "xbench:$1" | ssh -F "$XB_SSH_CONFIG" -p "${xb_ssh_port[h2]}" root@127.0.0.1 berth load
}
connect() {   # the fixed cost of any command over ssh: the CLI's start, an ssh login, the remote berth's start
  xb_berth -H "$(xb_uri h1)" version
}
ssh_cat() {   # FILE: the floor, a plain copy through the same ssh
  ssh -F "$XB_SSH_CONFIG" -p "${xb_ssh_port[h2]}" root@127.0.0.1 'cat >/dev/null' <"$1"
}

# Runs one step, times it, counts the relay's bytes, keeps its output; fails the run when the step fails.
measure() {   # REP STEP WAY HOST COMMAND...
  local rep=$1 step=$2 way=$3 host=$4 b0 b1 t0 t1 log="$OUT/$1-$2-$3.log"
  shift 4
  b0=$(xb_relay_bytes "$host")
  t0=$(xb_now_ms)
  "$@" >"$log" 2>&1 || { xb_log "$way $step failed:"; cat "$log" >&2; return 1; }
  t1=$(xb_now_ms)
  b1=$(xb_relay_bytes "$host")
  printf '%s\t%s\t%s\t%s\t%s\n' "$rep" "$step" "$way" $((t1 - t0)) $((b1 - b0)) >>"$OUT/raw.tsv"
  xb_log "rep $rep, $way $step: $(((t1 - t0)))ms, $((b1 - b0)) bytes"
}

expect_image() {   # HOST TAG
  local id
  id=$(xb_host_berth "$1" image inspect --format '{{.Id}}' "xbench:$2")
  [ "$id" = "${local_id[$2]}" ] || { xb_log "$1 holds xbench:$2 as $id, the local daemon as ${local_id[$2]}"; return 1; }
}

head -c "$image_size" /dev/urandom >"$XB_DIR/floor.bin"
for ((rep = 1; rep <= REPS; rep++)); do
  if [ "$rep" -gt 1 ]; then xb_fresh_berthd h1 1; xb_fresh_berthd h2 2; fi
  measure "$rep" first push h1 push v1
  expect_image h1 v1
  measure "$rep" update push h1 push v2
  expect_image h1 v2
  measure "$rep" again push h1 push v2
  measure "$rep" connect version h1 connect
  grep -q 'xbench:v2: up to date' "$OUT/$rep-again-push.log" || { xb_log "the no-op push did not say up to date:"; cat "$OUT/$rep-again-push.log" >&2; exit 1; }
  measure "$rep" first save-load h2 save_load v1
  expect_image h2 v1
  measure "$rep" update save-load h2 save_load v2
  expect_image h2 v2
  measure "$rep" again save-load h2 save_load v2
  measure "$rep" floor ssh-cat h2 ssh_cat "$XB_DIR/floor.bin"
done
rm -f "$XB_DIR/floor.bin"

# ---- the report
python3 - "$OUT/raw.tsv" "$image_size" "$tar_size" "$layer_size" "$LAYERS" "$LAYER_MB" "$REPS" >"$OUT/table.md" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
image, tar, layer, layers, layer_mb, reps = (int(a) for a in sys.argv[2:8])
def cell(step, way):
    ms = [int(r["ms"]) for r in rows if r["step"] == step and r["way"] == way]
    by = [int(r["bytes"]) for r in rows if r["step"] == step and r["way"] == way]
    spread = "" if min(by) == max(by) else " (%.2f–%.2f)" % (min(by) / 1e6, max(by) / 1e6)
    return "%.1f s (%.1f–%.1f) | %.2f MB%s" % (statistics.median(ms) / 1000, min(ms) / 1000, max(ms) / 1000,
                                             statistics.median(by) / 1e6, spread), statistics.median(by)
print("| step | `berth push ssh://` time | its bytes on the wire | `berth save \\| ssh berth load` time | its bytes on the wire |")
print("|---|---:|---:|---:|---:|")
names = {"first": "first: v1 to an empty host", "update": "update: v2 (1 layer of %d changed)" % layers,
         "again": "again: v2, nothing changed"}
ratio = {}
for step in ("first", "update", "again"):
    p, pb = cell(step, "push")
    s, sb = cell(step, "save-load")
    ratio[step] = (pb, sb)
    print("| %s | %s | %s |" % (names[step], p, s))
f, fb = cell("floor", "ssh-cat")
print("| floor: `ssh HOST 'cat >/dev/null'` of %.1f MB | | | %s |" % (image / 1e6, f))
c, cb = cell("connect", "version")
print("| fixed cost: `berth -H ssh://HOST version` | %s | | |" % c)
print()
print("Image: busybox + %d layers of %d MiB of random data, %.1f MB (`berth image inspect` Size); its `berth save` tar: %.1f MB."
      % (layers, layer_mb, image / 1e6, tar / 1e6))
pu, su = ratio["update"]
print("The update through `berth push` cost %.2f MB on the wire for a %.2f MB changed layer (%.3f × the layer, %.3f × the image);"
      " through save | load, %.2f MB (%.3f × the image)." % (pu / 1e6, layer / 1e6, pu / layer, pu / image, su / 1e6, su / image))
print("Median of %d repetitions (min–max in brackets); bytes: TCP payload between ssh and sshd, both ways, counted by a relay." % reps)
EOF
{
  cat "$OUT/table.md"
  echo "$(xb_machine "$load_before")."
} | tee "$OUT/report.md"

trap - EXIT
xb_teardown
