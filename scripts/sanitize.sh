#!/usr/bin/env bash
# The whole test suite under AddressSanitizer, in its own build folder. Leak detection is off:
# the toolchain's Foundation (Process, String(contentsOfFile:)), XCTest and libcurl leak small
# objects at exit, which says nothing about this project; memory errors still abort the run.
set -euo pipefail
cd "$(dirname "$0")/.."
ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path .build-asan "$@"
