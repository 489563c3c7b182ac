#!/usr/bin/env bash
# Checks that a speed change changed nothing else: `gongkai tag --explain`
# output of this tree and of REV, byte for byte, on the five seed reports
# (../shared, when present), the bundled sample report and a generated 1 MB
# corpus (24 documents).
#
#   bash benches/identical.sh REV        # e.g. HEAD~3
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: benches/identical.sh REV}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cargo build --release --bin gongkai --example gencorpus >&2
target=${CARGO_TARGET_DIR:-target}/release
"$target/examples/gencorpus" "$work/gen" 1 >&2
inputs=(examples/sample_report.txt)
[ -d ../shared/corpus/seeds ] && inputs+=(../shared/corpus/seeds)
mapfile -t gen < <(find "$work/gen" -type f | sort)
inputs+=("${gen[@]}")
git worktree add --detach "$work/base" "$rev" >&2
(cd "$work/base" && CARGO_TARGET_DIR="$work/base-target" cargo build --release --bin gongkai >&2)
"$target/gongkai" -q tag --explain "${inputs[@]}" > "$work/now.jsonl"
"$work/base-target/release/gongkai" -q tag --explain "${inputs[@]}" > "$work/base.jsonl"
if cmp -s "$work/now.jsonl" "$work/base.jsonl"; then
    echo "identical: $(wc -l < "$work/now.jsonl") records, $(wc -c < "$work/now.jsonl") bytes"
else
    echo "DIFFERENT from $rev:" >&2
    diff <(head -c 50000000 "$work/base.jsonl") "$work/now.jsonl" | head -4 | cut -c1-400 >&2
    exit 1
fi
