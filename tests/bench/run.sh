#!/bin/sh
# run.sh - the benchmark (make bench): artsearch against its references on
# Reuters-21578, as a markdown report on stdout.
#
# What it measures, for each collection size (COPIES):
#  - the collection: reuters2jsonl's JSON Lines (COPIES copies with
#    distinct ids), its articles, paragraphs and bytes;
#  - indexing, RUNS times each, medians: artsearch-index (a fresh index,
#    then a rerun on the unchanged collection), artsearch-index --shards 2
#    --jobs 2 --merge (both cores, then one compact database) when its
#    --help offers --shards, the reference program
#    xapian-ref (Xapian's TermGenerator used directly: the engine's own
#    ceiling) and SQLite FTS5 (fts5.py, porter unicode61): wall time,
#    paragraphs/s, MB/s (JSON Lines bytes), peak RSS (peakrss), index
#    size (the reference's also compacted);
#  - queries: the 330 fixed queries of queries.tsv (two words, phrases,
#    date ranges and tags), top 10 with snippets.  Batch mode: one process
#    answers all (artsearch --batch --timing, the filters as the query
#    fields date: and tag:), each query timed inside the process,
#    QUERY_RUNS times, medians of p50/p95/p99 and of queries/s (queries
#    over the sum of their times), after one warm-up run.  One
#    shot: one process per query for ONESHOT of them, timed from outside
#    (fork to exit).  Engine after engine, so that each finds its index
#    in the page cache when the cache can hold it;
#  - ratios artsearch/reference and artsearch/FTS5, all from this run.
#
# Usage: make bench, or tests/bench/run.sh [REUTERS_DIR] with the built
# programs on PATH and BENCH_BIN the directory of reuters2jsonl, peakrss
# and xapian-ref.  REUTERS_DIR defaults to $REUTERS, else
# ../shared/data/reuters21578 beside the source tree.  Knobs (environment):
#   COPIES="1"      collection sizes, e.g. "1 10".  1 copy (119,412
#                   paragraphs): the whole bench in about 3.5 minutes on
#                   2 cores.  10 copies (1.19 million): about 12 minutes
#                   per indexing run of all engines (8 of them artsearch),
#                   13 minutes in all with RUNS_LARGE=1
#   RUNS=3          indexing runs per engine at 1 copy
#   RUNS_LARGE=1    indexing runs per engine above 1 copy
#   QUERY_RUNS=3    batch query runs per engine
#   ONESHOT=100     queries run one process each, per engine
#   INDEX_ARGS=""   extra arguments for artsearch-index (every row)
#   PYTHON=/usr/bin/python3   the python3 that runs fts5.py
#   BENCH_DIR=./build-bench   work directory (emptied first)
#   REUSE=1         keep BENCH_DIR and its indexes and indexing times:
#                   measure the queries again only
set -eu
top=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
data=${1:-${REUTERS:-$top/../shared/data/reuters21578}}
bin=${BENCH_BIN:-$(pwd)/tests/bench}
copies_list=${COPIES:-1}
runs=${RUNS:-3}
runs_large=${RUNS_LARGE:-1}
query_runs=${QUERY_RUNS:-3}
oneshot=${ONESHOT:-100}
index_args=${INDEX_ARGS:-}
python=${PYTHON:-/usr/bin/python3}
[ -x "$python" ] || python=python3
work=${BENCH_DIR:-$(pwd)/build-bench}
queries=$top/tests/bench/queries.tsv
fts5="$python $top/tests/bench/fts5.py"

if [ ! -d "$data" ]; then
    echo "bench: no Reuters-21578 at $data" >&2
    exit 2
fi
[ "${REUSE:-0}" = 1 ] || rm -rf "$work"
mkdir -p "$work"
started=$(date +%s)
log() { echo "bench: $*" >&2; }

# --- helpers --------------------------------------------------------------
# median: of the numbers on stdin, one per line (the lower middle one).
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# percentiles FILE: "p50 p95 p99 qps" of the microsecond times in FILE
# (nearest rank); qps is the number of queries over the sum of times.
percentiles() {
    sort -g "$1" | awk '{v[NR] = $1; s += $1}
        function rank(p,  r) { r = int(p * NR + 0.999999); return v[r < 1 ? 1 : r] }
        END { printf "%d %d %d %.0f\n", rank(0.50), rank(0.95), rank(0.99),
              NR / (s / 1e6) }'
}
# field N: the Nth field of each line on stdin.
field() { awk -v n="$1" '{print $n}'; }
# ratio A B: A / B to two decimals ("-" when either is missing).
ratio() {
    if [ -z "$1" ] || [ -z "$2" ] || [ "$1" = - ] || [ "$2" = - ]; then
        echo -
    else
        awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'
    fi
}
# ms MICROSECONDS: as milliseconds, two decimals.
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
# verdict OK: "met" or "**missed**" (OK is an awk condition).
verdict() {
    if awk "BEGIN { exit !($1) }"; then echo met; else echo "**missed**"; fi
}

# timed NAME CMD...: run CMD under peakrss, appending "seconds KiB" to
# $dir/NAME.
timed() {
    name=$1
    shift
    "$bin/peakrss" -o "$dir/$name" "$@"
}

# index_rows: the indexing engines, as "NAME<TAB>artsearch-index args".
shards=no
if artsearch-index --help 2>&1 | grep -q -- --shards; then
    shards=yes
fi

# Queries for artsearch: $dir/queries.q, one per line, the filters of
# queries.tsv as the query fields date:SINCE..UNTIL and tag:TAG.
artsearch_queries() {
    awk -F'\t' '{
        q = $1
        if ($2 != "" || $3 != "") q = q " date:" $2 ".." $3
        if ($4 != "") q = q " tag:" $4
        print q
    }' "$queries" >"$dir/queries.q"
}

# artsearch_batch IDX OUT: every query once, in one batch; the times (us)
# to OUT.
artsearch_batch() {
    artsearch --index "$1" --timing --batch="$dir/queries.q" --format tsv \
        -n 10 >/dev/null 2>"$dir/batch.err" || [ $? -eq 1 ]
    sed -n 's/^artsearch: time: query [0-9]*: \([0-9]*\) us$/\1/p' \
        "$dir/batch.err" >"$2"
}

# oneshot_sample: ONESHOT queries spread over queries.tsv.
oneshot_sample() {
    n=$(wc -l <"$queries")
    awk -v n="$n" -v k="$oneshot" 'k > 0 && int((NR - 1) * k / n) != int(NR * k / n)' "$queries"
}

# batch_run ENGINE OUT: every query once in batch mode, the times (us)
# to OUT.
batch_run() {
    case $1 in
    as | as2) artsearch_batch "$dir/$1" "$2" ;;
    ref)
        "$bin/xapian-ref" query "$dir/ref.compact" <"$queries" >/dev/null \
            2>"$dir/ref.err"
        field 1 <"$dir/ref.err" >"$2"
        ;;
    fts5)
        # shellcheck disable=SC2086 # $fts5 is a command and its script
        $fts5 query "$dir/fts5.db" <"$queries" >/dev/null 2>"$dir/fts5.err"
        field 1 <"$dir/fts5.err" >"$2"
        ;;
    esac
}

# oneshot_runs ENGINE: the one-shot sample, one process per query, wall
# times (seconds) to $dir/ENGINE.one.
oneshot_runs() {
    engine=$1
    : >"$dir/$engine.one"
    # (tabs to |: read would merge the empty fields between tabs)
    tr '\t' '|' <"$dir/oneshot.tsv" | while IFS='|' read -r q since until tag; do
        line=$(printf '%s\t%s\t%s\t%s' "$q" "$since" "$until" "$tag")
        case $engine in
        as | as2)
            set -- --index "$dir/$engine" --format tsv -n 10
            [ -z "$since" ] || set -- "$@" --since "$since"
            [ -z "$until" ] || set -- "$@" --until "$until"
            [ -z "$tag" ] || set -- "$@" --tag "$tag"
            "$bin/peakrss" -o "$dir/$engine.one" artsearch "$@" -- "$q" \
                >/dev/null 2>&1 </dev/null || [ $? -eq 1 ]
            ;;
        ref)
            printf '%s\n' "$line" | "$bin/peakrss" -o "$dir/ref.one" \
                "$bin/xapian-ref" query "$dir/ref.compact" >/dev/null 2>&1
            ;;
        fts5)
            # shellcheck disable=SC2086
            printf '%s\n' "$line" | "$bin/peakrss" -o "$dir/fts5.one" \
                $fts5 query "$dir/fts5.db" >/dev/null 2>&1
            ;;
        esac
    done
}

report_machine() {
    cat <<EOF
# artsearch benchmark

- machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)
- $(artsearch --version), built with CFLAGS=${CFLAGS:-?} CXXFLAGS=${CXXFLAGS:-?}
- Xapian $(pkg-config --modversion xapian-core 2>/dev/null || echo '?'), libstemmer $(dpkg-query -W -f='${Version}' libstemmer0d 2>/dev/null || echo '?'), SQLite $($python -c 'import sqlite3; print(sqlite3.sqlite_version)') (FTS5 through Python $($python -c 'import platform; print(platform.python_version())'), $python)
- queries: $(wc -l <"$queries") from tests/bench/queries.tsv, top 10 with snippets; one shot: $oneshot of them
- indexing: medians of the runs shown; batch queries: medians of $query_runs runs; ratios from this run
EOF
}

# --- one collection size ---------------------------------------------------
bench_copies() {
    copies=$1
    dir=$work/c$copies
    mkdir -p "$dir"
    n_runs=$runs
    [ "$copies" -eq 1 ] || n_runs=$runs_large
    jsonl=$dir/reuters.jsonl
    log "$copies copies: converting"
    [ "${REUSE:-0}" = 1 ] && [ -d "$dir/as" ] && n_runs=0 ||
        "$bin/reuters2jsonl" --copies "$copies" "$data"/reut2-*.sgm >"$jsonl"
    articles=$(wc -l <"$jsonl")
    bytes=$(wc -c <"$jsonl")

    i=0
    while [ $i -lt "$n_runs" ]; do
        i=$((i + 1))
        log "$copies copies: indexing run $i of $n_runs"
        rm -rf "$dir/as"
        # shellcheck disable=SC2086 # INDEX_ARGS splits on purpose
        timed as.full artsearch-index -q --index "$dir/as" --format jsonl \
            $index_args "$jsonl"
        # shellcheck disable=SC2086
        timed as.rerun artsearch-index -q --index "$dir/as" --format jsonl \
            $index_args "$jsonl"
        if [ $shards = yes ]; then
            rm -rf "$dir/as2"
            # shellcheck disable=SC2086
            timed as2.full artsearch-index -q --index "$dir/as2" --shards 2 \
                --jobs 2 --merge --format jsonl $index_args "$jsonl"
        fi
        rm -rf "$dir/ref" "$dir/ref.compact"
        timed ref.full "$bin/xapian-ref" index "$dir/ref" "$jsonl"
        timed ref.compacting "$bin/xapian-ref" compact "$dir/ref" "$dir/ref.compact"
        rm -f "$dir/fts5.db"
        # shellcheck disable=SC2086 # $fts5 is a command and its script
        timed fts5.full $fts5 index "$dir/fts5.db" "$jsonl"
    done
    paragraphs=$(artsearch --index "$dir/as" --stats | awk -F'\t' '$1 == "paragraphs" {print $2}')

    log "$copies copies: queries"
    rm -f "$dir"/*.batch "$dir"/*.one
    artsearch_queries
    oneshot_sample >"$dir/oneshot.tsv"
    engines="as ref fts5"
    [ $shards = no ] || engines="as as2 ref fts5"
    # Engine after engine, each with a warm-up run first (not counted):
    # all are measured with their index in the page cache, as far as it
    # holds it.
    for e in $engines; do
        i=-1
        while [ $i -lt "$query_runs" ]; do
            i=$((i + 1))
            batch_run "$e" "$dir/$e.lat"
            [ $i -eq 0 ] || percentiles "$dir/$e.lat" >>"$dir/$e.batch"
        done
        oneshot_runs "$e"
    done
    # The floor under every one-shot figure: a process that does nothing,
    # started the same way, as many times.
    : >"$dir/floor.one"
    while read -r _; do
        "$bin/peakrss" -o "$dir/floor.one" true </dev/null
    done <"$dir/oneshot.tsv"
    awk '{printf "%d\n", $1 * 1e6}' "$dir/floor.one" >"$dir/floor.onelat"
    hits_as=$({ artsearch --index "$dir/as" --batch="$dir/queries.q" -c \
        --format tsv || [ $? -eq 1 ]; } | awk -F'\t' '$2 > 0' | wc -l)
    hits_ref=$(awk '$2 > 0' "$dir/ref.err" | wc -l)
    hits_fts5=$(awk '$2 > 0' "$dir/fts5.err" | wc -l)
    for e in $engines; do
        awk '{printf "%d\n", $1 * 1e6}' "$dir/$e.one" >"$dir/$e.onelat"
    done

    report_copies
}

# index_row NAME LABEL: a row of the indexing table; sets $NAME_pps.
index_row() {
    t=$(field 1 <"$dir/$1.full" | median)
    rss=$(field 2 <"$dir/$1.full" | median)
    pps=$(awk -v p="$paragraphs" -v t="$t" 'BEGIN { printf "%.0f", p / t }')
    mbs=$(awk -v b="$bytes" -v t="$t" 'BEGIN { printf "%.2f", b / 1e6 / t }')
    eval "${1}_pps=\$pps ${1}_rss=\$rss"
    echo "| $2 | $(awk -v t="$t" 'BEGIN { printf "%.2f", t }') | $pps | $mbs | $(mib "$rss") | $3 |"
}

# query_row NAME LABEL: a row of the query table; sets $NAME_qps etc.
query_row() {
    p50=$(field 1 <"$dir/$1.batch" | median)
    p95=$(field 2 <"$dir/$1.batch" | median)
    p99=$(field 3 <"$dir/$1.batch" | median)
    qps=$(field 4 <"$dir/$1.batch" | median)
    set -- "$1" "$2" $(percentiles "$dir/$1.onelat")
    eval "${1}_p50=\$p50 ${1}_p99=\$p99 ${1}_qps=\$qps ${1}_one50=\$3"
    echo "| $2 | $(ms "$p50") | $(ms "$p95") | $(ms "$p99") | $qps | $(ms "$3") | $(ms "$4") | $(ms "$5") |"
}

report_copies() {
    as_size=$(du -sk "$dir/as" | cut -f1)
    ref_size=$(du -sk "$dir/ref" | cut -f1)
    refc_size=$(du -sk "$dir/ref.compact" | cut -f1)
    fts5_size=$(du -sk "$dir/fts5.db" | cut -f1)
    rerun=$(field 1 <"$dir/as.rerun" | median)

    echo
    echo "## $copies cop$([ "$copies" -eq 1 ] && echo y || echo ies): $articles articles, $paragraphs paragraphs, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB of JSON Lines"
    echo
    n_runs=$(wc -l <"$dir/as.full")
    echo "### Indexing ($n_runs run$([ "$n_runs" -eq 1 ] || echo s), medians)"
    echo
    echo "| engine | seconds | paragraphs/s | MB/s | peak RSS MiB | index MiB |"
    echo "|---|---|---|---|---|---|"
    index_row as "artsearch-index" "$(mib "$as_size")"
    if [ $shards = yes ]; then
        index_row as2 "artsearch-index --shards 2 --jobs 2 --merge" "$(mib "$(du -sk "$dir/as2" | cut -f1)")"
    fi
    index_row ref "reference (xapian-ref)" "$(mib "$ref_size") raw, $(mib "$refc_size") compacted"
    index_row fts5 "SQLite FTS5 (Python)" "$(mib "$fts5_size")"
    echo
    echo "- artsearch rerun on the unchanged collection: $(awk -v t="$rerun" 'BEGIN { printf "%.2f", t }') s, $(awk -v r="$rerun" -v f="$(field 1 <"$dir/as.full" | median)" 'BEGIN { printf "%.2f", 100 * r / f }')% of a full build"
    echo "- compacting the reference index: $(field 1 <"$dir/ref.compacting" | median) s (not counted above)"
    echo "- artsearch-index throughput / reference: $(ratio "$as_pps" "$ref_pps"); / FTS5: $(ratio "$as_pps" "$fts5_pps"); reference / FTS5: $(ratio "$ref_pps" "$fts5_pps")"
    best_pps=$as_pps
    if [ $shards = yes ]; then
        echo "- artsearch-index --shards 2 --jobs 2 --merge (both cores, then one compact database) / reference: $(ratio "$as2_pps" "$ref_pps"); / FTS5: $(ratio "$as2_pps" "$fts5_pps"); / artsearch-index: $(ratio "$as2_pps" "$as_pps")"
        best_pps=$(awk -v a="$as_pps" -v b="$as2_pps" 'BEGIN { print (a + 0 > b + 0 ? a : b) }')
    fi
    echo "- artsearch index size / reference compacted: $(ratio "$as_size" "$refc_size"); / FTS5: $(ratio "$as_size" "$fts5_size")"
    echo
    echo "### Queries (ms; batch: $query_runs runs, medians; one shot: $oneshot processes)"
    echo
    echo "| engine | batch p50 | p95 | p99 | queries/s | one-shot p50 | p95 | p99 |"
    echo "|---|---|---|---|---|---|---|---|"
    query_row as "artsearch"
    if [ $shards = yes ]; then
        query_row as2 "artsearch, merged"
    fi
    query_row ref "reference (xapian-ref)"
    query_row fts5 "SQLite FTS5 (Python)"
    echo
    echo "- artsearch queries/s / reference: $(ratio "$as_qps" "$ref_qps"); / FTS5: $(ratio "$as_qps" "$fts5_qps"); p50 / reference: $(ratio "$as_p50" "$ref_p50")"
    set -- $(percentiles "$dir/floor.onelat")
    echo "- one-shot floor: a process that does nothing (\`true\`), started the same way $oneshot times: p50 $(ms "$1") ms, p99 $(ms "$3") ms; artsearch one-shot p50 above it: $(ms "$((as_one50 - $1))") ms"
    echo "- queries with hits, of $(wc -l <"$queries"): artsearch $hits_as, reference $hits_ref, FTS5 $hits_fts5"
    echo
    echo "### Targets"
    echo
    echo "| target | measured | |"
    echo "|---|---|---|"
    r=$(ratio "$best_pps" "$ref_pps")
    echo "| indexing >= 1.7x the reference | ${r}x | $(verdict "$r >= 1.7") |"
    rss_max=$as_rss
    [ $shards = no ] || rss_max=$(awk -v a="$as_rss" -v b="$as2_rss" 'BEGIN { print (a + 0 > b + 0 ? a : b) }')
    echo "| indexing peak RSS < 1 GiB | $(mib "$rss_max") MiB | $(verdict "$rss_max < 1048576") |"
    final_size=$as_size
    [ $shards = no ] || final_size=$(du -sk "$dir/as2" | cut -f1)
    echo "| index <= the reference compacted | $(ratio "$final_size" "$refc_size")x | $(verdict "$final_size <= $refc_size") |"
    pct=$(awk -v r="$rerun" -v f="$(field 1 <"$dir/as.full" | median)" 'BEGIN { printf "%.2f", 100 * r / f }')
    echo "| unchanged rerun < 2% of a full build | $pct% | $(verdict "$pct < 2") |"
    echo "| batch p50 < 1 ms | $(ms "$as_p50") ms | $(verdict "$as_p50 < 1000") |"
    echo "| batch p99 < 10 ms | $(ms "$as_p99") ms | $(verdict "$as_p99 < 10000") |"
    r=$(ratio "$as_qps" "$fts5_qps")
    echo "| queries/s >= 1.5x FTS5 | ${r}x | $(verdict "$r >= 1.5") |"
    echo "| one-shot artsearch < 10 ms (p50) | $(ms "$as_one50") ms | $(verdict "$as_one50 < 10000") |"
}

report_machine
for c in $copies_list; do
    bench_copies "$c"
done
echo
echo "The bench took $(($(date +%s) - started)) s (COPIES=\"$copies_list\" RUNS=$runs RUNS_LARGE=$runs_large QUERY_RUNS=$query_runs ONESHOT=$oneshot INDEX_ARGS=\"$index_args\")."
