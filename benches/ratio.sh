#!/usr/bin/env bash
# The pipeline/jieba ratios of BENCHMARKS.md (each session's section): fastest of many
# alternating passes (wall clock) and callgrind instruction counts, on the
# five seed reports (../shared, skipped when absent), 12 generated documents
# and the bundled sample report.
#
#   bash benches/ratio.sh [time|instructions|both]     # default: both
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-both}
cargo build --release --example profile --example gencorpus >&2
bin=${CARGO_TARGET_DIR:-target}/release/examples
gen=${TMPDIR:-/tmp}/gongkai-ratio-corpus
[ -d "$gen" ] || "$bin/gencorpus" "$gen" 5 >&2
inputs=(seeds gen sample)
files() {
    case $1 in
    seeds) ls ../shared/corpus/seeds/*.txt 2>/dev/null ;;
    gen) ls "$gen"/000/*.txt | head -12 ;;
    sample) echo examples/sample_report.txt ;;
    esac
}
for input in "${inputs[@]}"; do
    mapfile -t f < <(files "$input")
    [ ${#f[@]} -gt 0 ] || { echo "$input: no files, skipped" >&2; continue; }
    if [ "$what" != instructions ]; then
        rounds=300; [ "$input" = gen ] && rounds=60; [ "$input" = sample ] && rounds=3000
        printf '%-7s %s\n' "$input" "$(MIN=1 "$bin/profile" "$rounds" "${f[@]}" 2>&1 | tail -1)"
    fi
    if [ "$what" != time ]; then
        rounds=10; [ "$input" = sample ] && rounds=100; [ "$input" = gen ] && rounds=1
        out=$(mktemp)
        count() {
            valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect="$1" \
                "$bin/profile" "$rounds" "${f[@]}" >/dev/null 2>&1
            awk '/^totals:/ {print $2}' "$out"
        }
        p=$(PIPELINE_ONLY=1 count 'gongkai::pipeline::Pipeline::analyze')
        j=$(JIEBA_ONLY=1 count 'jieba_rs::Jieba::cut')
        printf '%-7s instructions × %d rounds: pipeline %s, jieba %s, ratio %s\n' \
            "$input" "$rounds" "$p" "$j" "$(awk -v p="$p" -v j="$j" 'BEGIN {printf "%.3f", j/p}')"
        rm -f "$out"
    fi
done
