#!/usr/bin/env bash
# Step time of every method beside DANN's: ROUNDS rounds alternating over the methods in one
# session (the host's speed drifts; alternating spreads the drift over all of them), the median
# of each method's per-round medians, its ratio to DANN's, and the work of its step (counted).
# Usage: bash scripts/bench-methods.sh [dann-binary]   (ROUNDS=5 STEPS=30 PADDING=valid)
set -euo pipefail
DANN=${1:-.build/release/dann}
ROUNDS=${ROUNDS:-5}; STEPS=${STEPS:-30}; PADDING=${PADDING:-valid}
METHODS=${METHODS:-"dann source-only ddc dan coral cdan cdan-e wdgrl adda daan dsn"}
out=$(mktemp)
for round in $(seq "$ROUNDS"); do
  for method in $METHODS; do
    "$DANN" bench --method "$method" --padding "$PADDING" --steps "$STEPS" --json \
      | python3 -c "import json,sys; d=json.load(sys.stdin); print('$method', d['train_step_ms'], d['step_gflop'])" >> "$out"
  done
done
python3 - "$out" $METHODS <<'PY'
import sys, statistics
rows = [line.split() for line in open(sys.argv[1])]
methods = sys.argv[2:]
median = {m: statistics.median(float(r[1]) for r in rows if r[0] == m) for m in methods}
gflop = {m: float(next(r[2] for r in rows if r[0] == m)) for m in methods}
print("| method | step (median) | ratio to DANN | GFLOP per step |")
print("|---|---|---|---|")
for m in methods:
    print(f"| {m} | {median[m]:.1f} ms | {median[m] / median['dann']:.2f} | {gflop[m]:.2f} |")
PY
rm -f "$out"
