#!/usr/bin/env bash
# torchvision's resnet18 and resnet50 (random weights, no download) exported by
# scripts/export_torchvision.py must load into dann's backbones and agree with torchvision:
# eval-mode features to 1e-4 relative, a train-mode gradient w.r.t. conv1.weight to 1e-3.
# Installs the CPU wheels of torch and torchvision if missing. Exits non-zero on a mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c "import torch, torchvision, safetensors" 2>/dev/null; then
    python3 -m pip install --quiet torch torchvision safetensors --index-url https://download.pytorch.org/whl/cpu \
        || python3 -m pip install --quiet torch torchvision safetensors
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for arch in resnet18 resnet50; do
    python3 scripts/export_torchvision.py "$arch" --out "$dir/$arch.safetensors" --reference-out "$dir/$arch-reference.safetensors"
done
DANN_TORCHVISION_DIR="$dir" swift test --filter TorchvisionReferenceTests 2>&1 | tee "$dir/test.log" | grep -E "relative error|✘|passed|failed|error:" || true
grep -q "Test run with .* passed" "$dir/test.log" && ! grep -q "skipped" "$dir/test.log" \
    || { echo "check-torchvision: dann's ResNets do not match torchvision's (log above)" >&2; exit 1; }
echo "check-torchvision: resnet18 and resnet50 match torchvision"
