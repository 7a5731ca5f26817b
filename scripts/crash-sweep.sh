#!/usr/bin/env bash
# Runs every dann subcommand against a corpus of bad inputs (empty, truncated and random files,
# wrong file kinds, integers at the edges, stray strings, stray labels, impossible combinations) and fails if any run ends by a signal or
# a Swift runtime trap (exit status 132, 133, 134, 137 or 139) instead of a one-line error.
#   bash scripts/crash-sweep.sh [path/to/dann]       (default: the debug build)
set -uo pipefail
cd "$(dirname "$0")/.."
dann=${1:-.build/debug/dann}
[ -x "$dann" ] || swift build --product dann >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The corpus: files that are not what they claim to be.
: > "$work/empty.safetensors"
head -c 3000 /dev/urandom > "$work/random.safetensors"
printf '\xff\xff\xff\xff\xff\xff\xff\x7f{}' > "$work/huge-header.safetensors"
printf '\x10\x00\x00\x00\x00\x00\x00\x00{"dann":"x"}    ' > "$work/tiny.safetensors"
cp "$work/random.safetensors" "$work/random.png"
printf 'x,label\n1,0\n2,100000000\n' > "$work/big-label.csv"
printf 'a,b\n1\n' > "$work/ragged.csv"
: > "$work/empty.csv"
printf '\xef\xbb\xbf' > "$work/bom-only.csv"
mkdir -p "$work/empty-folder" "$work/idx"
printf '\x00\x00\x08\x03\x7f\xff\xff\xff\x7f\xff\xff\xff\x7f\xff\xff\xff' > "$work/idx/train-images-idx3-ubyte"
printf '\x00\x00\x08\x01\x00\x00\x00\x02\x00\x01' > "$work/idx/train-labels-idx1-ubyte"
: > "$work/SHA256SUMS"
printf 'steps = = 1\n' > "$work/bad.toml"
# Round two: stray labels (one 255 among 0–2) in CSV and IDX, a test split of one sample.
printf 'a,b,label\n1,2,0\n2,1,1\n3,3,2\n4,4,0\n5,5,255\n' > "$work/stray.csv"
printf 'a,b,label\n1,2,0\n2,1,1\n3,3,2\n4,4,0\n5,5,1\n2,2,2\n' > "$work/good.csv"
mkdir -p "$work/stray-idx" "$work/one-test"
printf '\x00\x00\x08\x03\x00\x00\x00\x04\x00\x00\x00\x02\x00\x00\x00\x02' > "$work/stray-idx/train-images-idx3-ubyte"
head -c 16 /dev/urandom >> "$work/stray-idx/train-images-idx3-ubyte"
printf '\x00\x00\x08\x01\x00\x00\x00\x04\x00\x01\x02\xff' > "$work/stray-idx/train-labels-idx1-ubyte"
cp "$work/good.csv" "$work/one-test/train.csv"
printf 'a,b,label\n1,2,0\n' > "$work/one-test/test.csv"
# PNG files (with gAMA, and an MNIST-M layout whose label list has a stray label) need Python's zlib.
if command -v python3 >/dev/null; then
    python3 - "$work" <<'PY'
import os, struct, sys, zlib
work = sys.argv[1]
def chunk(kind, data): return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
def png(path, gamma=None):
    raw = b''.join(b'\x00' + bytes((17 * (x + y)) % 256 for x in range(8)) for y in range(8))
    extra = chunk(b'gAMA', struct.pack('>I', gamma)) if gamma else b''
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 8, 8, 8, 0, 0, 0, 0)) + extra
                + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
png(os.path.join(work, 'gamma.png'), gamma=100000)
os.makedirs(os.path.join(work, 'mnistm', 'mnist_m_train'), exist_ok=True)
with open(os.path.join(work, 'mnistm', 'mnist_m_train_labels.txt'), 'w') as labels:
    for i in range(6):
        png(os.path.join(work, 'mnistm', 'mnist_m_train', f'{i}.png'))
        labels.write(f'{i}.png {255 if i == 5 else i % 3}\n')
PY
fi
# JPEGs: header only, a frame header promising 65520×65520 pixels, random bytes after the marker.
printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00' > "$work/header-only.jpg"
printf '\xff\xd8\xff\xc0\x00\x0b\x08\xff\xf0\xff\xf0\x01\x01\x11\x00\xff\xd9' > "$work/huge.jpg"
{ printf '\xff\xd8\xff'; head -c 2000 /dev/urandom; } > "$work/random.jpg"
# Image folders: a class of broken JPEGs, an empty class, an image beside class folders, a flat
# folder of random "images", a tree whose target classes the source lacks.
mkdir -p "$work/folders/broken/train/a" "$work/folders/broken/train/b" "$work/folders/empty-class/train/a" \
         "$work/folders/empty-class/train/b" "$work/folders/stray/train/a" "$work/folders/flat" "$work/folders/other/test/zzz"
cp "$work/header-only.jpg" "$work/huge.jpg" "$work/folders/broken/train/a/"
cp "$work/random.jpg" "$work/folders/broken/train/b/"
cp "$work/random.jpg" "$work/folders/empty-class/train/a/x.jpg"
cp "$work/random.jpg" "$work/folders/stray/train/a/x.jpg"
cp "$work/random.jpg" "$work/folders/stray/train/x.jpg"
cp "$work/random.jpg" "$work/random.png" "$work/folders/flat/"
cp "$work/random.png" "$work/folders/other/test/zzz/"

max=9223372036854775807
runs=(
    "train --source $work/big-label.csv --target $work/big-label.csv --steps 2 --out $work/o1"
    "train --source $work/ragged.csv --target $work/ragged.csv --out $work/o2"
    "train --source $work/empty.csv --target $work/bom-only.csv --out $work/o3"
    "train --source $work/idx --target $work/idx --out $work/o4"
    "train --source $work/empty-folder --target $work/empty-folder --out $work/o5"
    "train --source $work/big-label.csv --target $work/big-label.csv --batch-size $max --out $work/o6"
    "train --source $work/big-label.csv --target $work/big-label.csv --epochs $max --out $work/o7"
    "train --source $work/big-label.csv --target $work/big-label.csv --limit $max --steps 1 --out $work/o8 --embedding-samples 0"
    "train --source $work/big-label.csv --target $work/big-label.csv --label-hidden $max --out $work/o9"
    "train --source $work/big-label.csv --target $work/big-label.csv --extractor-hidden 99999999999 --out $work/o10"
    "train --source x --target y --learning-rate nan"
    "train --source x --target y --trade-off -1"
    "train --source x --target y --kernel-exponents=9999999999999999999"
    "train --config $work/bad.toml"
    "train --source x --target y --checkpoint-every -1"
    "train --source $work/big-label.csv --target $work/big-label.csv --steps 2 --out $work/o11 --tensorboard $work/empty.csv"
    "train --source $work/big-label.csv --target $work/big-label.csv --steps 2 --out $work/o12 --tensorboard $work/empty.csv/board"
    "evaluate --checkpoint $work/empty.safetensors --dataset mnist"
    "evaluate --checkpoint $work/random.safetensors --dataset mnist"
    "evaluate --checkpoint $work/huge-header.safetensors --dataset mnist"
    "evaluate --checkpoint $work/tiny.safetensors --dataset mnist"
    "predict --checkpoint $work/random.safetensors $work/random.png"
    "predict --checkpoint $work/tiny.safetensors $work/empty-folder"
    "embed --checkpoint $work/random.safetensors --source x --target y"
    "embed --checkpoint $work/random.safetensors --source x --target y --embedding-samples $max"
    "embed --checkpoint $work/random.safetensors --source x --target y --export $work/features.txt"
    "report $work/empty-folder"
    "report $work/nonexistent"
    "data verify --sums $work/SHA256SUMS"
    "data verify --sums $work/random.png"
    "demo --seeds $max"
    "demo --steps $max"
    "demo --rotation nan"
    "bench --steps $max"
    "bench --batch-size $max --steps 1"
    "bench --threads $max --steps 1"
    "train --threads 0 --source x --target y"
    "train --source $work/stray.csv --target $work/good.csv --steps 2 --out $work/r1"
    "train --source $work/good.csv --target $work/stray.csv --steps 2 --out $work/r2"
    "train --source $work/stray-idx --target $work/stray-idx --steps 2 --out $work/r3"
    "train --source $work/mnistm --target $work/mnistm --steps 2 --out $work/r4"
    "train --source $work/stray.csv --target $work/good.csv --classes 3 --out $work/r5"
    "train --source $work/good.csv --target $work/good.csv --classes=-1"
    "train --source $work/good.csv --target $work/good.csv --classes $max"
    "train --source $work/good.csv --target $work/good.csv --batch-norm --batch-statistics per-domain --batch-size 1 --steps 2 --out $work/r6"
    "train --source $work/good.csv --target $work/good.csv --compare-with $work/random.safetensors --out $work/r7"
    "train --source $work/good.csv --target $work/good.csv --compare-with $work/nonexistent --out $work/r8"
    "train --source $work/one-test --target $work/one-test --steps 2 --batch-size 2 --embedding-samples 10 --out $work/r9"
    "train --source $work/good.csv --target $work/good.csv --embedding-samples 1"
    "predict --checkpoint $work/tiny.safetensors $work/gamma.png"
    "report $work/r9 --out $work/r.txt"
    "report $work/r9 --out $work/r.md"
    "train --source $work/folders/broken --target $work/folders/flat --out $work/o13"
    "train --source $work/folders/empty-class --target $work/folders/flat --out $work/o14"
    "train --source $work/folders/stray --target $work/folders/flat --out $work/o15"
    "train --source $work/folders/flat --target $work/folders/flat --out $work/o16"
    "train --source $work/folders/broken --target $work/folders/other --input-size 16 --out $work/o17"
    "train --source $work/folders/flat --target $work/folders/flat --input-size 0 --out $work/o18"
    "train --source $work/folders/flat --target $work/folders/flat --input-size $max --out $work/o19"
    "evaluate --checkpoint $work/random.safetensors --dataset $work/folders/broken"
    "predict --checkpoint $work/random.safetensors $work/huge.jpg $work/header-only.jpg $work/random.jpg"
    "predict --checkpoint $work/random.safetensors $work/folders/flat"
    "no-such-command"
)
failures=0
for arguments in "${runs[@]}"; do
    # shellcheck disable=SC2086
    timeout 120 "$dann" $arguments >"$work/out" 2>"$work/err"
    status=$?
    case $status in
        132|133|134|137|139)
            echo "CRASH ($status): dann $arguments"; head -3 "$work/err"; failures=$((failures + 1)) ;;
        124)
            echo "HANG (killed after 120 s): dann $arguments"; failures=$((failures + 1)) ;;
    esac
done
echo "${#runs[@]} runs, $failures crashed or hung"
[ "$failures" -eq 0 ]
