#!/usr/bin/env bash
# The README's second command (and CI's): set up, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The interoperability test reads our checkpoints with Python's reference safetensors package.
python3 -c "import safetensors, numpy" 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check safetensors numpy 2>&1 | grep -v "WARNING: Running pip as" || true
swift build --build-tests
swift test "$@"
