#!/usr/bin/env bash
# Regenerates Sources/TensorBoard/Generated/event.pb.swift from Protos/event.proto. The generated
# file is committed, so building needs only the SwiftProtobuf runtime (no protoc, no build plugin).
#   bash scripts/generate-protos.sh [path/to/protoc-gen-swift]
# Needs protoc (apt-get install protobuf-compiler; 3.21 was used) and protoc-gen-swift of the
# swift-protobuf version Package.swift resolves (1.39.0 was used), built from its repository with
#   swift build -c release --product protoc-gen-swift
set -euo pipefail
cd "$(dirname "$0")/.."
plugin=${1:-$(command -v protoc-gen-swift)}
protoc --plugin=protoc-gen-swift="$plugin" --proto_path=Protos \
    --swift_opt=Visibility=Public --swift_out=Sources/TensorBoard/Generated Protos/event.proto
echo "wrote Sources/TensorBoard/Generated/event.pb.swift"
