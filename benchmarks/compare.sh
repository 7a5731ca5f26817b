#!/usr/bin/env bash
# Runs `dann bench` and the PyTorch reference alternately in one run on this machine and prints
# both figures and their ratios. Optional: --memory also measures the peak resident memory of a
# full-data MNIST→MNIST-M training run (needs the data; takes a few minutes).
# --backbone resnet50 times the ResNet-50 step with DANN's Office-31 heads at --input-size 224 (batch
# 32 + 32, 5 timed steps a round) instead of the paper's MNIST network.
#   bash benchmarks/compare.sh [--rounds 3] [--threads 2] [--padding same] [--convolution onednn|im2col] [--memory]
#        [--backbone lenet|resnet18|resnet34|resnet50] [--input-size S]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3 threads=2 padding=same convolution=onednn memory=0 model=()
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --padding) padding=$2; shift 2 ;;
        --convolution) convolution=$2; shift 2 ;;
        --memory) memory=1; shift ;;
        --backbone|--input-size) model+=("$1" "$2"); shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
bash scripts/setup.sh
# A CPU-only wheel imports lighter; fall back to whatever torch pip offers.
python3 -c "import torch" 2>/dev/null || python3 -m pip install --quiet "torch==2.13.0+cpu" 2>/dev/null || python3 -m pip install --quiet torch
swift build -c release --product dann >/dev/null
results=$(mktemp)
for round in $(seq "$rounds"); do
    .build/release/dann bench --json --threads "$threads" --padding "$padding" --convolution "$convolution" "${model[@]}" | sed 's/^/ours /' >> "$results"
    python3 benchmarks/pytorch_reference.py --threads "$threads" --padding "$padding" "${model[@]}" | sed 's/^/torch /' >> "$results"
done
python3 - "$results" <<'PY'
import json, statistics, sys
ours, torch = [], []
for line in open(sys.argv[1]):
    kind, _, payload = line.partition(" ")
    (ours if kind == "ours" else torch).append(json.loads(payload))
def median(rows, key): return statistics.median(r[key] for r in rows)
o_step, t_step = median(ours, "train_step_ms"), median(torch, "train_step_ms")
print(f"CPU: {ours[0]['cpu_model']}, {ours[0]['cpu_cores']} cores online, oneDNN kernels: {ours[0]['onednn_isa']}")
o_inf, t_inf = median(ours, "inference_images_per_second"), median(torch, "inference_images_per_second")
model = "DANN MNIST" if ours[0]["backbone"] == "lenet" else f"DANN {ours[0]['backbone']} with Office-31 heads"
print(f"model: {model}, input {ours[0]['input_shape']}, {ours[0]['padding']} padding, batch {ours[0]['batch_per_domain']}+{ours[0]['batch_per_domain']}, {ours[0]['threads']} threads, our convolutions: {ours[0]['convolution']}, {len(ours)} alternating rounds ({torch[0]['implementation']})")
print(f"training step   ours {o_step:7.1f} ms   pytorch {t_step:7.1f} ms   speed-up {t_step / o_step:4.2f}x")
print(f"inference       ours {o_inf:7.0f} img/s pytorch {t_inf:7.0f} img/s speed-up {o_inf / t_inf:4.2f}x   (batch {ours[0]['inference_batch']})")
step = median(ours, 'step_gflops')
print(f"ours: {step:.1f} GFLOP/s in the step = {100 * step / median(ours, 'sgemm_gflops'):.0f}% of OpenBLAS sgemm's {median(ours, 'sgemm_gflops'):.1f} GFLOP/s, "
      f"{100 * step / median(ours, 'onednn_sgemm_gflops'):.0f}% of oneDNN sgemm's {median(ours, 'onednn_sgemm_gflops'):.1f} GFLOP/s (1024³, same run)")
PY
if [ "$memory" = 1 ]; then
    out=$(mktemp -d)
    /usr/bin/time -v .build/release/dann train --source mnist --target mnist-m --steps 500 --threads "$threads" --convolution "$convolution" --quiet --out "$out" 2> "$out/time.txt" >/dev/null
    echo "peak resident memory of a full MNIST→MNIST-M training run (500 steps): $(awk '/Maximum resident/ {printf "%.0f MB", $6/1024}' "$out/time.txt")"
fi
