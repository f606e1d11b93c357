#!/usr/bin/env bash
# Whole-command benchmarks with hyperfine (numbers go in the issue notes, not in tests):
#   1. `ocss validate` (load + schema + every cross-reference check) against check-jsonschema doing
#      only the schema layer on the same files;
#   2. `ocss generate --check` on the full registry (target: under 1 s);
#   3. an incremental build of the `ocss` crate with its dependencies already built (target: under 20 s).
# Needs: hyperfine (Debian package) and check-jsonschema in a venv at $CJ (default /tmp/cj).
set -euo pipefail
cd "$(dirname "$0")/.."
CJ=${CJ:-/tmp/cj}
if ! command -v hyperfine >/dev/null; then apt-get install -y hyperfine; fi
if [ ! -x "$CJ/bin/check-jsonschema" ]; then python3 -m venv "$CJ" && "$CJ/bin/pip" -q install check-jsonschema==0.39.0; fi
cargo build --release --bin ocss
schema_layer="$CJ/bin/check-jsonschema --schemafile spec/ocss-rules.schema.json registry/ocss-rules.json \
 && $CJ/bin/check-jsonschema --schemafile spec/law.schema.json registry/laws/*.json \
 && $CJ/bin/check-jsonschema --schemafile spec/platform.schema.json registry/platforms/*.json \
 && $CJ/bin/check-jsonschema --schemafile spec/standard.schema.json registry/standards/*.json"
hyperfine --warmup 2 --runs 10 -n 'ocss validate' 'target/release/ocss validate' -n 'check-jsonschema (schema layer only)' "$schema_layer" \
  --export-markdown target/bench-validate.md
hyperfine --warmup 2 --runs 10 'target/release/ocss generate --check' --export-markdown target/bench-generate.md
cargo build -p ocss
hyperfine --runs 5 --prepare 'touch generated/src/lib.rs' 'cargo build -p ocss' --export-markdown target/bench-build-ocss.md
hyperfine --runs 3 --prepare 'touch generated/src/lib.rs' 'cargo build --release -p ocss' --export-markdown target/bench-build-ocss-release.md
