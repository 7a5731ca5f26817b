#!/usr/bin/env bash
# docs/validation.md, benchmark (b): a sweep on the two-moons problem, scored by every validator.
# The demo's seed-1 draw becomes CSV domains (the target's test file holds the same points with
# their labels, as the paper measures two moons transductively); then dann sweep.
#   bash scripts/two-moons-sweep.sh [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=runs/two-moons-sweep
[ "${1:-}" = "--out" ] && out=$2
bash scripts/setup.sh
swift build -c release --product dann >/dev/null
dann=.build/release/dann
data="$out/data"
mkdir -p "$data/target"
if [ ! -f "$data/source.csv" ]; then
    $dann demo --seeds 1 --seed 1 --steps 10 --out "$data/demo" --quiet >/dev/null
    python3 - "$data" <<'PY'
import csv, sys
data = sys.argv[1]
rows = list(csv.DictReader(open(f"{data}/demo/two-moons-points.csv")))
source = [r for r in rows if r["domain"] == "source"]
target = [r for r in rows if r["domain"] == "target"]
def write(path, rows, labelled):
    with open(path, "w") as f:
        f.write("x1,x2,label\n" if labelled else "x1,x2\n")
        for r in rows:
            f.write(f"{r['x1']},{r['x2']},{r['label']}\n" if labelled else f"{r['x1']},{r['x2']}\n")
write(f"{data}/source.csv", source, True)
write(f"{data}/target/train.csv", target, False)
write(f"{data}/target/test.csv", target, True)
PY
fi
data=$(cd "$data" && pwd)
cat > "$out/spec.toml" <<TOML
source = "$data/source.csv"
target = "$data/target"
steps = 3000
batch-size = 32
extractor-hidden = "15"
label-hidden = ""
domain-hidden = ""
momentum = 0.9
lr-alpha = 0
embedding-samples = 0
threads = 1

[grid]
method = ["dann", "source-only"]
lambda = [0.1, 0.3, 1.0, 3.0]
learning-rate = [0.01, 0.05]
seed = [1, 2, 3]
TOML
$dann sweep "$out/spec.toml" --out "$out/sweep" --select-by reverse-validation --parallel 2 --quiet
python3 scripts/summarize_sweep.py "$out/sweep"
