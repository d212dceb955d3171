#!/bin/sh
# run.sh - indexing benchmark on Reuters-21578 (make bench).
#
# Converts the collection to JSON Lines with reuters2jsonl, then times,
# RUNS times each (default 3), a full build of a fresh index and a rerun
# on the unchanged collection, and prints a markdown report with medians.
# Usage: tests/bench/run.sh [REUTERS_DIR]  (default ../shared/data/reuters21578
# beside the source tree).  Needs the built programs on PATH.
set -eu
top=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
data=${1:-$top/../shared/data/reuters21578}
runs=${RUNS:-3}
work=${BENCH_DIR:-$(pwd)/build-bench}
conv=${REUTERS2JSONL:-$(pwd)/tests/bench/reuters2jsonl}
rm -rf "$work"
mkdir -p "$work"

if [ ! -d "$data" ]; then
    echo "bench: no Reuters-21578 at $data" >&2
    exit 2
fi
"$conv" "$data"/reut2-*.sgm >"$work/reuters.jsonl"
articles=$(wc -l <"$work/reuters.jsonl")
bytes=$(wc -c <"$work/reuters.jsonl")

now() { date +%s.%N; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

: >"$work/full.times"
: >"$work/rerun.times"
i=0
while [ $i -lt "$runs" ]; do
    i=$((i + 1))
    rm -rf "$work/idx"
    t0=$(now)
    artsearch-index -q --index "$work/idx" --format jsonl "$work/reuters.jsonl"
    t1=$(now)
    artsearch-index -q --index "$work/idx" --format jsonl "$work/reuters.jsonl"
    t2=$(now)
    echo "$t1 - $t0" | bc >>"$work/full.times"
    echo "$t2 - $t1" | bc >>"$work/rerun.times"
done
full=$(median <"$work/full.times")
rerun=$(median <"$work/rerun.times")
paragraphs=$(artsearch --index "$work/idx" --stats | awk -F'\t' '$1 == "paragraphs" {print $2}')
size=$(du -sk "$work/idx" | cut -f1)

cat <<REPORT
# artsearch indexing benchmark

- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)
- Xapian $(pkg-config --modversion xapian-core 2>/dev/null || echo '?'), $(artsearch --version)
- collection: Reuters-21578, $articles articles, $paragraphs paragraphs, $bytes bytes of JSON Lines
- medians of $runs runs

| measure | value |
|---|---|
| full build | ${full} s |
| paragraphs/s | $(echo "$paragraphs / $full" | bc) |
| MB/s | $(echo "scale=2; $bytes / 1000000 / $full" | bc) |
| rerun, unchanged | ${rerun} s ($(echo "scale=2; 100 * $rerun / $full" | bc)% of a full build) |
| index size | $((size / 1024)) MiB |
REPORT
