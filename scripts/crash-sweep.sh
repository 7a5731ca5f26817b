#!/usr/bin/env bash
# Runs every dann subcommand against a corpus of bad inputs (empty, truncated and random files,
# wrong file kinds, integers at the edges, stray strings) and fails if any run ends by a signal or
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
