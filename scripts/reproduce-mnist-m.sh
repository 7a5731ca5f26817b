#!/usr/bin/env bash
# The README's MNIST → MNIST-M table: source-only, DANN and target-only, 3 seeds each, all
# defaults (the paper's protocol; the reported model averages the weights of the last quarter,
# the final iterate is scored too), then the mean ± std table. About 6 minutes a run on 2 cores
# (oneDNN convolutions, the default; add --convolution im2col for the earlier tables' arithmetic).
#   bash scripts/reproduce-mnist-m.sh [--runs DIR] [--seeds "0 1 2"] [--data-dir DIR] [extra dann train flags…]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=runs/mnist-m seeds="0 1 2" extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --seeds) seeds=$2; shift 2 ;;
        *) extra+=("$1"); shift ;;
    esac
done
bash scripts/setup.sh
swift build -c release --product dann >/dev/null
for seed in $seeds; do
    for method in source-only dann target-only; do
        out="$runs/$method-s$seed"
        [ -f "$out/summary.json" ] && continue   # finished earlier
        resume=(); [ -f "$out/checkpoint.safetensors" ] && resume=(--resume)
        .build/release/dann train --source mnist --target mnist-m --method "$method" --seed "$seed" --quiet \
            --out "$out" "${resume[@]}" "${extra[@]}"
    done
done
python3 scripts/summarize_runs.py "$runs"
