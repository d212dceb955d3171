#!/bin/sh
# t-ranking.sh - --ranking: the default ranking and its switchable extras.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"

build_fixture basic
export ARTSEARCH_INDEX="$WORK/idx"

for mode in default bm25 stopwords title feedback stopwords,title,feedback; do
    run artsearch --ranking "$mode" harbour
    check_status 0 "--ranking $mode is accepted"
done

run artsearch --ranking bogus harbour
check_status 2 "an unknown --ranking is a usage error"
check_grep "invalid --ranking 'bogus'" err "the error names the bad mode"
run artsearch --ranking '' harbour
check_status 2 "an empty --ranking is a usage error"
run artsearch --ranking title,bogus harbour
check_status 2 "an unknown extra in a list is a usage error"

# Feedback reorders: gamma's paragraph shares words with the best matches
# and moves above alpha's first paragraph, which leads it without feedback.
run artsearch harbour
check_eq "$(column 3,4 | head -3 | tr '\t\n' ': ')" "alpha:2 gamma:1 alpha:1 " \
    "default ranking: feedback moves gamma's paragraph up"
# The gains are computed from the hits' term lists; they must be what
# Xapian's matcher gives the query with the feedback words added
# (AND_MAYBE), as it computed them when feedback ran as a second query.
run artsearch --format json -n 3 harbour
check_eq "$(grep -o '"score":[0-9.]*' out | tr '\n' ' ')" \
    '"score":2.91864815637 "score":1.72109683129 "score":1.6374636285 ' \
    "feedback scores are Xapian's BM25 weights, to 12 digits"
run artsearch --ranking stopwords,title harbour
check_eq "$(column 3,4 | head -3 | tr '\t\n' ': ')" "alpha:2 alpha:1 gamma:1 " \
    "without feedback: alpha's two paragraphs first"
run artsearch --articles harbour
check_eq "$(column 3,4 | head -1)" "$(printf 'alpha\t2')" \
    "default ranking, --articles: alpha's best paragraph"
run artsearch --articles --ranking bm25 harbour
check_eq "$(column 3,4 | head -1)" "$(printf 'gamma\t1')" \
    "--ranking bm25: without the title boost another article leads"
run artsearch --articles --ranking stopwords,title harbour
check_eq "$(column 3,4 | head -1)" "$(printf 'alpha\t2')" \
    "--ranking without feedback: the shorter paragraph wins"

# Feedback never changes what matches, only the order.
run artsearch -c --any treaty deterrence harbour
default_count=$(cat out)
run artsearch -c --any --ranking bm25 treaty deterrence harbour
check_eq "$default_count" "$(cat out)" "feedback adds no matches"
run artsearch -n 100 --any treaty deterrence harbour
column 3,4 | sort >default.hits
run artsearch -n 100 --any --ranking bm25 treaty deterrence harbour
check_eq "$(column 3,4 | sort)" "$(cat default.hits)" \
    "the same hits in another order"

# Stopwords: left out of the query by default, kept by plain BM25.
run artsearch --explain --format json --any the harbour
check_no_grep 'Zthe' out "default ranking: 'the' is a stopword"
run artsearch --explain --format json --any --ranking bm25 the harbour
check_grep 'Zthe' out "--ranking bm25 keeps 'the'"
# A query of stopwords alone still searches for them.
run artsearch --explain --format json 'the over'
check_status 0 "a query of stopwords alone still matches"

# The title boost: plain BM25 leaves it out of the query.
run artsearch --explain --format json --ranking title harbour
check_grep 'ZSharbour' out "--ranking title: title matches add weight"
run artsearch --explain --format json --ranking bm25 harbour
check_no_grep 'ZSharbour' out "--ranking bm25: no title boost"

# Snippets highlight the query's words, not those feedback added.
run artsearch --format json harbour -n 1
check_grep '"paragraph":2,.*"highlights":\[\[42,49\]\]' out \
    "only 'harbour' is highlighted in alpha's second paragraph"

finish
