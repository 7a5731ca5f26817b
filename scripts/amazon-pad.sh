#!/usr/bin/env bash
# docs/amazon.md's Figure 3: the proxy A-distance of the raw inputs against that of DANN's and the
# NN's hidden layer, seed 0 of each pair (run scripts/reproduce-amazon.sh first), then the scatter.
set -euo pipefail
cd "$(dirname "$0")/.."
DANN=${DANN:-.build/release/dann}
RUNS=${RUNS:-runs/amazon}
OUT=${OUT:-runs/amazon-pad}
DOMAINS="books dvd electronics kitchen"
for s in $DOMAINS; do for t in $DOMAINS; do
    [ "$s" = "$t" ] && continue
    [ -f "$OUT/$s-$t/embedding.json" ] && continue
    "$DANN" embed --checkpoint "$RUNS/dann/$s-$t/seed0/checkpoint.safetensors" \
        --compare-with "$RUNS/source-only/$s-$t/seed0/checkpoint.safetensors" \
        --source "amazon-reviews/$s" --target "amazon-reviews/$t" --input-distance --samples 1000 --out "$OUT/$s-$t" > /dev/null
done; done
"$DANN" pad-figure "$OUT"/*/embedding.json --out "$OUT/figure3.png"
