#!/usr/bin/env bash
# Checks `dann train --tensorboard` against Python's reference reader: TensorBoard's
# EventAccumulator must read back every number of metrics.jsonl as a scalar tagged with its key, at
# its step, for (1) a run, (2) a run replacing it with --force (another seed, same DIR: the old
# file's events must be dropped), (3) a run killed with SIGKILL and resumed (the events it logged
# past its checkpoint must be dropped).
#   bash scripts/check-tensorboard.sh [path/to/dann]       (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
dann=${1:-.build/debug/dann}
[ -x "$dann" ] || swift build --product dann >/dev/null
python3 -c "import tensorboard" 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check tensorboard 2>&1 | grep -v "WARNING: Running pip as" || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Two shifted Gaussian blobs per class; labeled test sets, so that accuracies are logged too.
python3 - "$work" <<'PY'
import os, random, sys
random.seed(0)
def rows(n, shift, labeled):
    lines = []
    for i in range(n):
        label = i % 2
        x, y = label * 2 + shift + random.uniform(-.5, .5), (1 - label) * 2 + random.uniform(-.5, .5)
        lines.append(f"{x:.4f},{y:.4f}" + (f",{label}" if labeled else ""))
    return "\n".join(lines) + "\n"
for name, shift in (("source", 0), ("target", 0.5)):
    os.makedirs(f"{sys.argv[1]}/{name}")
    with open(f"{sys.argv[1]}/{name}/train.csv", "w") as f: f.write(("a,b,label\n" if name == "source" else "a,b\n") + rows(200, shift, name == "source"))
    with open(f"{sys.argv[1]}/{name}/test.csv", "w") as f: f.write("a,b,label\n" + rows(100, shift, True))
PY

train() {  # train OUT TENSORBOARD_DIR STEPS SEED [flags…]; exec: a background run's $! is dann itself
    local out=$1 board=$2 steps=$3 seed=$4; shift 4
    exec "$dann" train --source "$work/source" --target "$work/target" --steps "$steps" --seed "$seed" --batch-size 16 \
        --extractor-hidden 8 --label-hidden 8 --domain-hidden 8 --log-every 10 --checkpoint-every 50 --evaluate-every 20 \
        --embedding-samples 0 --threads 1 --quiet --out "$out" --tensorboard "$board" "$@"
}

check() {  # check TENSORBOARD_DIR METRICS_JSONL WHAT
    python3 - "$@" <<'PY'
import json, struct, sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
board, metrics, what = sys.argv[1:]
f32 = lambda v: struct.unpack("<f", struct.pack("<f", v))[0]  # TensorBoard's simple_value is a float32
expected = {}
for line in open(metrics):
    record = json.loads(line)
    for key, value in record.items():
        if key != "step" and isinstance(value, (int, float)):
            expected.setdefault(key, []).append((record["step"], f32(value)))
accumulator = EventAccumulator(board, size_guidance={"scalars": 0})  # 0: keep every event
accumulator.Reload()
tags = sorted(accumulator.Tags()["scalars"])
assert tags == sorted(expected), f"{what}: tags {tags} != metrics.jsonl keys {sorted(expected)}"
for tag in tags:
    read = [(event.step, event.value) for event in accumulator.Scalars(tag)]
    assert read == expected[tag], f"{what}: {tag}: TensorBoard read {read[:4]}… but metrics.jsonl has {expected[tag][:4]}…"
points = sum(len(v) for v in expected.values())
steps = sorted({step for v in expected.values() for step, _ in v})
print(f"ok ({what}): {len(tags)} tags, {points} scalars at steps {steps[0]}…{steps[-1]} read back by TensorBoard: {', '.join(tags)}")
PY
}

(train "$work/run" "$work/board" 300 1 >/dev/null)
check "$work/board" "$work/run/metrics.jsonl" "one run"

(train "$work/run" "$work/board" 200 2 --force >/dev/null)
check "$work/board" "$work/run/metrics.jsonl" "replaced with --force, seed 2, 2 event files"

# Killed once it has logged past its first checkpoint (step 50), then resumed from that checkpoint.
train "$work/killed" "$work/killed-board" 3000 3 >/dev/null 2>&1 &
pid=$!
lines() { cat "$work/killed/metrics.jsonl" 2>/dev/null | wc -l; }
for _ in $(seq 3000); do [ "$(lines)" -ge 7 ] && break; sleep 0.01; done  # at most 30 s
kill -KILL "$pid" 2>/dev/null || true
if wait "$pid" 2>/dev/null; then echo "FAILED: the run to be killed ended first" >&2; exit 1; fi
[ "$(lines)" -ge 7 ] || { echo "FAILED: the run to be killed did not log 7 lines" >&2; exit 1; }
logged=$(wc -l < "$work/killed/metrics.jsonl")
(train "$work/killed" "$work/killed-board" 3000 3 --resume >/dev/null)
echo "killed after $logged lines of metrics.jsonl (lines after the last checkpoint go stale); resumed"
check "$work/killed-board" "$work/killed/metrics.jsonl" "killed and resumed"
