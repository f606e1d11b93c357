#!/usr/bin/env bash
# Compile-time cost of the derive macros: a crate of 50 config structs, built with
# `#[derive(ocss::RuleConfig)]` and without it (serde's derives only, in both), timed by hyperfine.
# The difference is what the checks against the registry add to a downstream build.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$root/target/derive-bench"
rm -rf "$work" && mkdir -p "$work"

crate() { # name, derive list
  local dir="$work/$1"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
ocss = { path = "$root/generated" }
serde = { version = "1", features = ["derive"] }

[workspace]
TOML
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
  {
    echo "#![allow(dead_code)]"
    for i in $(seq 0 12); do
      cat <<RS
#[derive($2)]
#[ocss(category = "time_daily_limit")]
pub struct DailyLimit$i { pub daily_minutes: u16 }
#[derive($2)]
#[ocss(category = "web_filter_level")]
pub struct FilterLevel$i { pub level: String }
#[derive($2)]
#[ocss(category = "ai_break_reminder")]
pub struct BreakReminder$i { pub interval_minutes: u16, pub include_ai_notice: Option<bool> }
RS
      if [ "$i" -lt 11 ]; then cat <<RS
#[derive($2)]
#[ocss(category = "notification_curfew")]
pub struct Curfew$i { pub start: String, pub end: String, pub timezone: Option<String> }
RS
      fi
    done
  } > "$dir/src/lib.rs"
}

crate with_derive "ocss::RuleConfig, serde::Serialize, serde::Deserialize"
# Without the derive the `#[ocss]` attribute has no owner; a no-op derive from serde keeps it legal.
crate without_derive "serde::Serialize, serde::Deserialize"
sed -i 's/^#\[ocss(category = .*)\]$//' "$work/without_derive/src/lib.rs"
grep -c "pub struct" "$work/with_derive/src/lib.rs"

export CARGO_TARGET_DIR="$work/target"
# Whole-crate rebuilds: incremental reuse would hide what the derives cost.
export CARGO_INCREMENTAL=0
for c in with_derive without_derive; do cargo build --offline --quiet --manifest-path "$work/$c/Cargo.toml"; done
hyperfine --warmup 1 --runs 8 \
  --prepare "touch $work/with_derive/src/lib.rs" "cargo build --offline --quiet --manifest-path $work/with_derive/Cargo.toml" \
  --prepare "touch $work/without_derive/src/lib.rs" "cargo build --offline --quiet --manifest-path $work/without_derive/Cargo.toml"
