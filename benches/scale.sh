#!/usr/bin/env bash
# End-to-end `tag` throughput and peak memory on generated corpora, against
# bare jieba-rs on the same text (BENCHMARKS.md, "Corpus scale").
#
#   bash benches/scale.sh [WORKDIR] [SIZES_MB...]     # default: a temp dir; 50 500
#   SOURCE=../shared/corpus/seeds bash benches/scale.sh [WORKDIR] [SIZES_MB...]
#
# For each size: generate the corpus (examples/gencorpus.rs, seeded; from
# our own template sentences, or with SOURCE from the lines of the reports
# in that folder, shuffled: real text at scale), then
# run `gongkai -q --threads N tag DIR > /dev/null` for N = 1 and 2 under
# /usr/bin/time -v (wall seconds, maximum resident set size), and
# examples/jieba_floor.rs on the same files (one thread). MB = 10^6 bytes of
# input files.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
shift || true
sizes=("${@:-50 500}")
sizes=(${sizes[@]})
cargo build --release --bin gongkai --example gencorpus --example jieba_floor >&2
target=${CARGO_TARGET_DIR:-target}/release
printf '| corpus | docs | MB | threads | wall s | MB/s | max RSS MB |\n|---|---|---|---|---|---|---|\n'
for mb in "${sizes[@]}"; do
    # A corpus from SOURCE gets its own folder: never reuse the wrong one.
    dir=$work/corpus_$mb${SOURCE:+_$(basename "$SOURCE")}
    [ -d "$dir" ] || "$target/examples/gencorpus" "$dir" "$mb" ${SOURCE:+"$SOURCE"} >&2
    docs=$(find "$dir" -type f | wc -l)
    bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
    for threads in 1 2; do
        /usr/bin/time -f '%e %M' -o "$work/time" "$target/gongkai" -q --threads "$threads" tag "$dir" > /dev/null
        read -r secs kb < "$work/time"
        awk -v mb="$mb" -v d="$docs" -v b="$bytes" -v t="$threads" -v s="$secs" -v k="$kb" \
            'BEGIN { printf "| %s MB | %d | %.1f | %d | %.1f | %.2f | %.0f |\n", mb, d, b/1e6, t, s, b/1e6/s, k/1024 }'
    done
    echo "jieba floor ($mb MB): $("$target/examples/jieba_floor" "$dir")" >&2
    echo "pipeline only ($mb MB): $(PIPELINE=1 "$target/examples/jieba_floor" "$dir")" >&2
done
