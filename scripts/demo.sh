#!/usr/bin/env bash
# The README's first command: set up, build, and run the two-moons demo (no downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product dann >/dev/null
exec .build/release/dann demo "$@"
