#!/bin/sh
# run.sh - ranking quality on the Cranfield collection (make eval).
#
# Converts cran.all.1400 to JSON Lines (cran2jsonl), indexes it, runs all
# 225 queries of cran.qry through `artsearch --batch --any` once per
# ranking variant (plain BM25, each extra of the default ranking, the
# default), scores every run with evaluate against cranqrel and prints a
# markdown report.  The query text is used as given, except that
# everything but letters and digits becomes a space (so that no
# punctuation is read as query syntax); the same for every query.
# With LATENCY_INDEX=DIR (any artsearch index, e.g. Reuters-21578 built as
# the README says) it also times LATENCY_QUERIES queries (default 500: the
# first words of the titles found in that index, as typed queries) per
# variant in batch mode.
# Usage: tests/eval/run.sh [CRANFIELD_DIR]  (default $CRANFIELD, else
# ../shared/data/cranfield
# beside the source tree).  Needs the built programs on PATH.
set -eu
top=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
data=${1:-${CRANFIELD:-$top/../shared/data/cranfield}}
work=${EVAL_DIR:-$(pwd)/build-eval}
conv=${CRAN2JSONL:-$(pwd)/tests/eval/cran2jsonl}
evaluate=${EVALUATE:-$(pwd)/tests/eval/evaluate}
depth=${DEPTH:-1000}
variants=${VARIANTS:-"bm25 stopwords title feedback stopwords,title stopwords,feedback title,feedback default"}

if [ ! -f "$data/cran.all.1400" ]; then
    echo "eval: no Cranfield collection at $data" >&2
    exit 2
fi
rm -rf "$work"
mkdir -p "$work"

"$conv" "$data/cran.all.1400" >"$work/cranfield.jsonl" 2>"$work/convert.log"
artsearch-index -q --index "$work/idx" --format jsonl "$work/cranfield.jsonl"
docs=$(wc -l <"$work/cranfield.jsonl")

# One query per line, in cran.qry order (cranqrel numbers them 1..225 by
# position, not by their .I number).
tr -d '\r' <"$data/cran.qry" |
    awk '/^\.I / { if (started) print q; q = ""; started = 1; next }
         /^\.W/ { next }
         { q = q " " $0 }
         END { if (started) print q }' |
    tr -c 'A-Za-z0-9\n' ' ' | tr -s ' ' | sed 's/^ //; s/ $//' >"$work/queries"
queries=$(wc -l <"$work/queries")

now() { date +%s.%N; }

# describe VARIANT: what the --ranking mode adds to plain BM25.
describe() {
    case $1 in
    bm25) echo "plain BM25 (Xapian defaults), paragraph text only" ;;
    default) echo "**default**: stopwords + title + feedback" ;;
    *) echo "BM25 + $(echo "$1" | sed 's/,/ + /g')" ;;
    esac
}

: >"$work/table"
for v in $variants; do
    t0=$(now)
    artsearch --index "$work/idx" --batch="$work/queries" --any \
        --ranking "$v" --format tsv -n "$depth" >"$work/out.$v"
    t1=$(now)
    # batch TSV: query number, rank, score, id, ...
    awk -F'\t' '{ print $1, $4, $2 }' "$work/out.$v" >"$work/run.$v"
    "$evaluate" "$data/cranqrel" "$work/run.$v" >"$work/scores.$v"
    get() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$work/scores.$v"; }
    printf '| %s | `%s` | %s | %s | %s | %.1f |\n' "$(describe "$v")" "$v" \
        "$(get map)" "$(get P_10)" "$(get ndcg_cut_10)" \
        "$(echo "$t1 - $t0" | bc)" >>"$work/table"
done

cat <<REPORT
# artsearch ranking evaluation (Cranfield)

- machine: $(nproc) cores, $(uname -sr); Xapian $(pkg-config --modversion xapian-core 2>/dev/null || echo '?'), $(artsearch --version)
- collection: Cranfield 1400, $docs documents indexed ($(grep -c 'left out' "$work/convert.log" || true) without title or text left out), $queries queries, judgments from cranqrel (codes 1-4 relevant, gain 5 - code; -1 not relevant)
- each query: \`artsearch --batch --any --ranking MODE -n $depth\`; MAP over the first $depth hits, means over all $queries queries

| ranking | \`--ranking\` | MAP | P@10 | nDCG@10 | batch time (s) |
|---|---|---|---|---|---|
$(cat "$work/table")

Reference points from the same evaluator: SQLite FTS5 bm25 MAP 0.301,
nDCG@10 0.351; Xapian with default settings MAP 0.284, nDCG@10 0.339.
The batch time includes snippets for all $depth hits of every query.
REPORT

if [ -n "${LATENCY_INDEX:-}" ]; then
    n=${LATENCY_QUERIES:-500}
    artsearch --index "$LATENCY_INDEX" -n "$n" --format tsv --ranking bm25 \
        --any --articles --sort newest said |
        awk -F'\t' '{ print $9 }' | tr -c 'A-Za-z0-9\n' ' ' |
        tr 'A-Z' 'a-z' | awk '{ print $1, $2, $3 }' | sed 's/ *$//' |
        grep . >"$work/latency.queries"
    lq=$(wc -l <"$work/latency.queries")
    paragraphs=$(artsearch --index "$LATENCY_INDEX" --stats |
        awk -F'\t' '$1 == "paragraphs" { print $2 }')
    printf '\n## Latency (%s paragraphs, %s queries of title words, batch, -n 10)\n\n' \
        "$paragraphs" "$lq"
    echo "| ranking | all words: ms/query | --any: ms/query |"
    echo "|---|---|---|"
    for v in $variants; do
        t0=$(now)
        artsearch --index "$LATENCY_INDEX" --batch="$work/latency.queries" \
            --ranking "$v" --format tsv >/dev/null 2>&1 || true
        t1=$(now)
        artsearch --index "$LATENCY_INDEX" --batch="$work/latency.queries" \
            --any --ranking "$v" --format tsv >/dev/null 2>&1 || true
        t2=$(now)
        printf '| `%s` | %.2f | %.2f |\n' "$v" \
            "$(echo "1000 * ($t1 - $t0) / $lq" | bc -l)" \
            "$(echo "1000 * ($t2 - $t1) / $lq" | bc -l)"
    done
fi
