#!/usr/bin/env bash
# torchvision's resnet18 and resnet50 (random weights, random batch-norm statistics, no download)
# exported by scripts/export_torchvision.py must load into dann's backbones and agree with PyTorch:
# eval-mode features to 1e-4 relative; eval-mode gradients of the first and last convolutions
# against float64 to 1e-3; train-mode features and gradients within 1e-4 / 1e-3 or four times
# PyTorch's own float32 error, whichever is larger (train-mode batch norm on a batch of 2 makes
# ResNet-50's gradients ill-conditioned: PyTorch's float32 ones are 2-20% from float64).
# Exits non-zero on a mismatch. About a minute after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
# Needs PyTorch (CPU is enough). torchvision is used when it imports; without it the export script
# restates torchvision's ResNet in plain PyTorch (the same modules, names and initialisation) and
# says so. PyTorch comes from pip's configured sources, CPU wheels first; with no wheel to be had the
# check says so and exits 0 (CI prints the line), since nothing else in the project needs PyTorch.
if ! python3 -c "import torch, safetensors" 2>/dev/null; then
    python3 -m pip install --quiet --no-index torch safetensors 2>/dev/null \
        || python3 -m pip install --quiet torch safetensors --index-url https://download.pytorch.org/whl/cpu 2>/dev/null \
        || true
fi
if ! python3 -c "import torch, safetensors" 2>/dev/null; then
    echo "check-torchvision: skipped, PyTorch could not be installed here (pip install torch, then rerun)"
    exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for arch in resnet18 resnet50; do
    python3 scripts/export_torchvision.py "$arch" --out "$dir/$arch.safetensors" --reference-out "$dir/$arch-reference.safetensors"
done
DANN_TORCHVISION_DIR="$dir" swift test --filter TorchvisionReferenceTests 2>&1 | tee "$dir/test.log" | grep -E "relative error|✘|passed|failed|error:" || true
grep -q "Test run with .* passed" "$dir/test.log" && ! grep -q "skipped" "$dir/test.log" \
    || { echo "check-torchvision: dann's ResNets do not match torchvision's (log above)" >&2; exit 1; }
echo "check-torchvision: resnet18 and resnet50 match the reference ($(python3 -c 'import sys; sys.path.insert(0, "scripts"); import export_torchvision as e; print(e.SOURCE)'))"
