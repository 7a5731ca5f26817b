#!/usr/bin/env bash
# The Amazon reviews table (docs/amazon.md): NN, DANN and the linear SVM on raw features over the
# 12 pairs. Runs go to runs/amazon/METHOD/S-T/seedK; then prints the table.
set -euo pipefail
DANN=${DANN:-.build/release/dann}
SEEDS=${SEEDS:-"0 1 2"}
OUT=${OUT:-runs/amazon}
DOMAINS="books dvd electronics kitchen"
for seed in $SEEDS; do
  for s in $DOMAINS; do for t in $DOMAINS; do
    [ "$s" = "$t" ] && continue
    for method in source-only dann; do
      dir="$OUT/$method/$s-$t/seed$seed"
      [ -f "$dir/summary.json" ] && continue
      "$DANN" train --source "amazon-reviews/$s" --target "amazon-reviews/$t" --method "$method" \
        --lambda 1 --domain-weight 0.2 --batch-size 32 --learning-rate 0.01 --lr-alpha 0 --momentum 0.9 \
        --epochs 200 --early-stopping --seed "$seed" --embedding-samples 0 --quiet \
        --log-every 57 --checkpoint-every 11400 --out "$dir" --force > /dev/null
    done
    mkdir -p "$OUT/svm/$s-$t"
    [ -f "$OUT/svm/$s-$t/seed$seed.json" ] || "$DANN" svm --source "amazon-reviews/$s" --target "amazon-reviews/$t" --seed "$seed" --out "$OUT/svm/$s-$t/seed$seed.json" > /dev/null
  done; done
done
python3 scripts/summarize_amazon.py "$OUT"
