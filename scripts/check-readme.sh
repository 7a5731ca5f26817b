#!/usr/bin/env bash
# Runs every command in the README's sh blocks, and builds and runs its Swift programs, so that
# the README cannot go stale. Training and benchmark commands get tiny settings appended; the
# commands run in a scratch folder; `data download` fetches from a local HTTP mirror of the
# MNIST files in the data folder (../shared/data or $DANN_DATA_DIR). scripts/test.sh is not rerun.
# The image walkthrough and the Office-31 recipe run on small folders made from the MNIST-M PNG
# sample, with ResNet-18 at 32² in place of ResNet-50 at 224² and torchvision's random weights in
# place of its ImageNet ones (no download; skipped, with the weights flag dropped, without torch).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export DANN_DATA_DIR=${DANN_DATA_DIR:-$repo/../shared/data}
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The README's commands (continuation lines joined, comments dropped) and its Swift programs.
python3 - "$work" <<'PY'
import pathlib, re, sys
work = pathlib.Path(sys.argv[1])
text = pathlib.Path("README.md").read_text()
commands, programs = [], []
for language, body in re.findall(r"```(\w+)\n(.*?)```", text, re.S):
    if language == "sh":
        for command in body.replace("\\\n", " ").splitlines():
            command = re.sub(r"\s+#.*$", "", command).strip()
            if command and not command.startswith("#"):
                commands.append(command)
    elif language == "swift":
        programs.append(body)
(work / "commands.txt").write_text("\n".join(commands) + "\n")
for index, program in enumerate(programs):
    (work / f"program{index}.swift").write_text(program)
PY

tiny_train=(--steps 20 --limit 300 --log-every 10 --checkpoint-every 10 --embedding-samples 30 --quiet)
mkdir -p "$work/cwd/my-digits"
sample="$DANN_DATA_DIR/mnist_m_png_sample/mnist_m_test"
first=$(ls "$sample" | head -1)
cp "$sample/$first" "$work/cwd/digit1.png"
ls "$sample" | head -3 | while read -r file; do cp "$sample/$file" "$work/cwd/my-digits/"; done
# Class folders for the walkthrough (digits 0–4 are "cat", 5–9 "dog") and Office-31's download layout.
labels="$DANN_DATA_DIR/mnist_m_png_sample/mnist_m_test_labels.txt"
index=0
while read -r file label; do
    class=$([ "$label" -lt 5 ] && echo cat || echo dog)
    if [ $index -lt 150 ]; then
        mkdir -p "$work/cwd/photos/train/$class" "$work/cwd/sketches/train"
        cp "$sample/$file" "$work/cwd/photos/train/$class/"; cp "$sample/$file" "$work/cwd/sketches/train/"
    else
        mkdir -p "$work/cwd/photos/test/$class" "$work/cwd/sketches/test/$class"
        cp "$sample/$file" "$work/cwd/photos/test/$class/"; cp "$sample/$file" "$work/cwd/sketches/test/$class/"
    fi
    for domain in amazon dslr webcam; do
        mkdir -p "$work/cwd/$domain/images/$class" && cp "$sample/$file" "$work/cwd/$domain/images/$class/"
    done
    index=$((index + 1))
done < "$labels"
torch=0; python3 -c "import torch, safetensors" 2>/dev/null && torch=1
small_resnet() { sed -e 's/resnet50/resnet18/g' -e 's/--input-size 224/--input-size 32/' -e 's/--batch-size 32/--batch-size 4/' <<< "$1"; }

count=0
while IFS= read -r command; do
    count=$((count + 1))
    echo "README command $count: $command" >&2
    case "$command" in
        "bash scripts/test.sh") echo "  (skipped: CI runs it before this script)" >&2; continue ;;
        "bash scripts/demo.sh") bash scripts/demo.sh --steps 2000 --seeds 2 --out "$work/dann-demo" --quiet >/dev/null ;;
        swift\ build*) eval "$command" ;;
        for\ domain\ in*) (cd "$work/cwd" && eval "$command") ;;
        python3\ scripts/export_torchvision.py*)
            if [ $torch = 1 ]; then (cd "$work/cwd" && eval "$(small_resnet "${command/ --pretrained/}" | sed "s|scripts/|$repo/scripts/|")" >/dev/null)
            else echo "  (skipped: no torch and safetensors to export with)" >&2; fi ;;
        dann\ train*--backbone*)
            command=$(small_resnet "$command")
            [ $torch = 1 ] || command=$(sed 's/--backbone-weights [^ ]*//' <<< "$command")
            (cd "$work/cwd" && eval "$command" '"${tiny_train[@]}"') ;;
        dann\ train*) (cd "$work/cwd" && eval "$command" '"${tiny_train[@]}"') ;;
        dann\ bench*) (cd "$work/cwd" && eval "$command" --steps 2 >/dev/null) ;;
        dann\ score*) (cd "$work/cwd" && eval "$command" --reverse-steps 20 --samples 200 >/dev/null) ;;
        dann\ data\ download*)
            port=$((20000 + RANDOM % 20000))
            python3 -m http.server "$port" --bind 127.0.0.1 --directory "$DANN_DATA_DIR/mnist" >/dev/null 2>&1 &
            server=$!
            sleep 1
            (cd "$work/cwd" && eval "$command" --mirror "http://127.0.0.1:$port/" >/dev/null) ;;
        dann*) (cd "$work/cwd" && eval "$command" >/dev/null) ;;
        *) echo "check-readme: no rule for this README command; add one to scripts/check-readme.sh" >&2; exit 1 ;;
    esac
done < "$work/commands.txt"

# Each Swift block is a complete program: build and run it against this package.
for program in "$work"/program*.swift; do
    name=$(basename "$program" .swift)
    package="$work/$name"
    mkdir -p "$package/Sources/Snippet"
    cp "$program" "$package/Sources/Snippet/main.swift"
    cat > "$package/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "Snippet", dependencies: [.package(name: "SwiftDANN", path: "$repo")],
    targets: [.executableTarget(name: "Snippet", dependencies: [
        .product(name: "DomainAdaptation", package: "SwiftDANN"), .product(name: "Nabla", package: "SwiftDANN")])])
SWIFT
    echo "README Swift program $name" >&2
    # The example package depends on this one the same way: its build folder already holds the library.
    swift run --package-path "$package" --scratch-path "$repo/Examples/TwoMoons/.build" Snippet
done
echo "check-readme: $count commands and $(ls "$work"/program*.swift | wc -l) Swift programs ran" >&2
