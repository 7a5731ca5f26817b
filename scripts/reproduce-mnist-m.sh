#!/usr/bin/env bash
# The README's MNIST → MNIST-M tables: each method 3 seeds, all defaults (the paper's protocol and
# each method's published settings; the reported model averages the weights of the last quarter,
# the final iterate is scored too), then the mean ± std table. About 5–6 minutes a run on 2 cores
# (oneDNN convolutions, the default; add --convolution im2col for the earlier tables' arithmetic).
# Interrupted runs resume; finished ones are skipped.
#   bash scripts/reproduce-mnist-m.sh [--runs DIR] [--seeds "0 1 2"] [--methods "source-only dann target-only"]
#        [--source mnist] [--target mnist-m] [--data-dir DIR] [extra dann train flags…]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=runs/mnist-m seeds="0 1 2" methods="source-only dann target-only" source=mnist target=mnist-m extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --seeds) seeds=$2; shift 2 ;;
        --methods) methods=$2; shift 2 ;;
        --source) source=$2; shift 2 ;;
        --target) target=$2; shift 2 ;;
        *) extra+=("$1"); shift ;;
    esac
done
bash scripts/setup.sh
swift build -c release --product dann >/dev/null
for seed in $seeds; do
    for method in $methods; do
        out="$runs/$method-s$seed"
        [ -f "$out/summary.json" ] && continue   # finished earlier
        resume=(); [ -f "$out/checkpoint.safetensors" ] && resume=(--resume)
        .build/release/dann train --source "$source" --target "$target" --method "$method" --seed "$seed" --quiet \
            --out "$out" "${resume[@]}" "${extra[@]}"
    done
done
python3 scripts/summarize_runs.py "$runs"
