#!/usr/bin/env bash
# Regenerates gen/ from proto/ with protoc from grpcio-tools (in the project venv) and the
# Go plugins pinned by go.mod's tool block.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.cache/py4/bin/python}"
bin="$PWD/.cache/bin"
mkdir -p "$bin"
go build -o "$bin/protoc-gen-go" google.golang.org/protobuf/cmd/protoc-gen-go
go build -o "$bin/protoc-gen-go-grpc" google.golang.org/grpc/cmd/protoc-gen-go-grpc
wkt="$("$PY" -c 'import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), "_proto"))')"
rm -rf gen/sparkconnectpb gen/runtimepb
mkdir -p gen
for dir in spark/connect fulgur/runtime; do
  [ -d "proto/$dir" ] || continue
  "$PY" -m grpc_tools.protoc -I proto -I "$wkt" \
    --plugin=protoc-gen-go="$bin/protoc-gen-go" --plugin=protoc-gen-go-grpc="$bin/protoc-gen-go-grpc" \
    --go_out=. --go_opt=module=github.com/fulgur/fulgur \
    --go-grpc_out=. --go-grpc_opt=module=github.com/fulgur/fulgur \
    proto/$dir/*.proto
done
cat > gen/sparkconnectpb/doc.go <<'DOC'
// Package sparkconnectpb is the Go code generated from proto/spark/connect (the Spark
// Connect wire protocol); never edit it by hand, run make proto.
package sparkconnectpb
DOC
