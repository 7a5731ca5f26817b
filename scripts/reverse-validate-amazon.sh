#!/usr/bin/env bash
# docs/amazon.md's λ by reverse validation: for each of the 12 pairs, `dann sweep` over the paper's
# 9-value λ grid (docs/amazon-sweep.toml with the pair filled in), selected by reverse validation.
# Sweeps go to $OUT/S-T; finished trials are not rerun. Then prints the selected λ per pair.
set -euo pipefail
cd "$(dirname "$0")/.."
DANN=${DANN:-.build/release/dann}
OUT=${OUT:-runs/amazon-rv}
PAIRS=${PAIRS:-"books-dvd books-electronics books-kitchen dvd-books dvd-electronics dvd-kitchen electronics-books electronics-dvd electronics-kitchen kitchen-books kitchen-dvd kitchen-electronics"}
mkdir -p "$OUT"
for pair in $PAIRS; do
    s=${pair%-*} t=${pair#*-}
    sed -e "s|amazon-reviews/SOURCE|amazon-reviews/$s|" -e "s|amazon-reviews/TARGET|amazon-reviews/$t|" docs/amazon-sweep.toml > "$OUT/$pair.toml"
    [ -f "$OUT/$pair/sweep.json" ] || "$DANN" sweep "$OUT/$pair.toml" --out "$OUT/$pair" --select-by reverse-validation --quiet > /dev/null
done
python3 - "$OUT" "${FIXED:-runs/amazon}" $PAIRS <<'PY'
import json, os, sys
out, fixed, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
print("| pair | λ chosen (domain-weight / 2) | its target accuracy | reverse-validation score | fixed λ = 0.1, seed 0 | best trial (not selectable) |")
print("|---|---|---|---|---|---|")
chosen_accuracies, fixed_accuracies = [], []
for pair in pairs:
    sweep = json.load(open(f"{out}/{pair}/sweep.json"))
    chosen = sweep["selected"]
    weight = float(chosen["options"]["domain-weight"])
    accuracy = chosen.get("target_test_accuracy")
    summary = f"{fixed}/dann/{pair}/seed0/summary.json"
    reference = json.load(open(summary))["target_test_accuracy"] if os.path.exists(summary) else None
    chosen_accuracies.append(accuracy); fixed_accuracies.append(reference)
    fmt = lambda v: "–" if v is None else f"{v:.3f}"
    print(f"| {pair} | {weight / 2:.3g} | {fmt(accuracy)} | {chosen['scores']['reverse-validation']:.3f} | {fmt(reference)} | {fmt(sweep.get('best_target_test_accuracy'))} |")
if all(v is not None for v in chosen_accuracies + fixed_accuracies):
    print(f"| mean | | {sum(chosen_accuracies) / len(pairs):.3f} | | {sum(fixed_accuracies) / len(pairs):.3f} | |")
PY
