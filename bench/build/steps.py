#!/usr/bin/env python3
"""Per-step wall time of one build, seen from its output: reads the build's output on stdin, stamps each line
as it arrives, and prints one line per step, `<n> <ms> <instruction>`, where a step lasts from its
`Step N/M :` line (the classic builder, berth build) or `STEP N/M:` line (podman) to the next one or to the
end of the output; step 0 is what comes before the first step (client start, context upload).

Usage: <build command> 2>&1 | steps.py OUT_TSV START
START is the build's start as seconds since the epoch (`date +%s.%N` just before the pipeline starts): this
script's own start may come later than the build's first lines on a loaded machine.
"""
import re
import sys
import time

STEP = re.compile(r"^\s*step (\d+)/\d+\s*:\s*(.*)$", re.IGNORECASE)


def main():
    start = float(sys.argv[2])
    marks = [(0, start, "(client start, context upload)")]
    for line in sys.stdin:
        m = STEP.match(line)
        if m:
            marks.append((int(m[1]), time.time(), m[2].strip()[:60]))
    end = time.time()
    with open(sys.argv[1], "w") as out:
        for i, (n, t, text) in enumerate(marks):
            following = marks[i + 1][1] if i + 1 < len(marks) else end
            out.write(f"{n}\t{(following - t) * 1000:.0f}\t{text}\n")


if __name__ == "__main__":
    main()
