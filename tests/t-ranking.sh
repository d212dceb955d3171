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
check_status 0 "-c --any: exit 0"
default_count=$(cat out)
run artsearch -c --any --ranking bm25 treaty deterrence harbour
check_status 0 "-c --any --ranking bm25: exit 0"
check_eq "$default_count" "$(cat out)" "feedback adds no matches"
run artsearch -n 100 --any treaty deterrence harbour
check_status 0 "--any: exit 0"
column 3,4 | sort >default.hits
run artsearch -n 100 --any --ranking bm25 treaty deterrence harbour
check_status 0 "--any --ranking bm25: exit 0"
check_eq "$(column 3,4 | sort)" "$(cat default.hits)" \
    "the same hits in another order"

# Stopwords: left out of the query by default, kept by plain BM25.
run artsearch --explain --format json --any the harbour
check_status 0 "default ranking, 'the harbour': exit 0"
check_no_grep 'Zthe' out "default ranking: 'the' is a stopword"
run artsearch --explain --format json --any --ranking bm25 the harbour
check_grep 'Zthe' out "--ranking bm25 keeps 'the'"
# A query of stopwords alone still searches for them.
run artsearch --explain --format json 'the over'
check_status 0 "a query of stopwords alone still matches"
# ... also beside a date: or tag: filter, or a word excluded, which
# Xapian's parser counts as something left: the filter alone (every
# paragraph tagged x), and a syntax error.
printf '%s\n' '{"id":"a1","title":"One","tags":["x"],"date":"2025-01-01","text":"The cat sat.\n\nA dog barked because of noise."}' \
    '{"id":"a2","title":"Two","tags":["x"],"date":"2025-02-01","text":"Birds sing.\n\nFish swim because water is wet."}' >stop.jsonl
artsearch-index -q --index stopidx --format jsonl stop.jsonl
for q in 'because tag:x' 'because date:2025' 'because Tags:x date:2025-01..2025-02'; do
    run artsearch --index stopidx -c "$q"
    check_eq "$(cat out)" "2" "'$q': the stopword and the filter, as --tag and --since"
done
run artsearch --index stopidx -c -- because -dog
check_status 0 "'because -dog': no syntax error"
check_eq "$(cat out)" "1" "... the paragraph with the stopword, without the word"
run artsearch --index stopidx -c 'because NOT dog tag:x'
check_eq "$(cat out)" "1" "'because NOT dog tag:x': the same"
run artsearch --index stopidx -c 'cat because tag:x'
check_eq "$(cat out)" "1" "a word that is no stopword: the stopword left out, as before"
# ... with the filter's value or the excluded words quoted or bracketed.
for q in 'because tag:"x"' 'because Tags:"x" -"dog barked"' 'because -(dog OR cat)' \
    'because NOT (dog OR cat) tag:x' 'because -title:"one two"'; do
    run artsearch --index stopidx -c -- "$q"
    check_eq "$(cat out)" "$(case $q in *dog*) echo 1 ;; *) echo 2 ;; esac)" \
        "'$q': the stopword searched, the rest filters or excludes"
done

# A stopword typed in capitals beside words in lower case names
# something (the WHO, IT, IS): kept; a query all in capitals is not read
# so.
printf '%s\n' '{"id":"w1","title":"Health","text":"The WHO warned about the vaccine.\n\nThe vaccine rollout was slow.\n\nDoctors saw vaccine data."}' >who.jsonl
artsearch-index -q --index whoidx --format jsonl who.jsonl
run artsearch --index whoidx --format tsv 'WHO vaccine'
check_eq "$(cut -f4 out)" "1" "'WHO vaccine': WHO is kept, not a stopword"
run artsearch --index whoidx -c 'who vaccine'
check_eq "$(cat out)" "3" "'who vaccine': in lower case, a stopword"
run artsearch --index whoidx -c 'WHO VACCINE'
check_eq "$(cat out)" "3" "'WHO VACCINE': a query all in capitals, as in lower case"
run artsearch --index whoidx -c 'vaccine AND NOT rollout OR WHO'
check_status 0 "operators in capitals stay operators"

# The title boost: plain BM25 leaves it out of the query.
run artsearch --explain --format json --ranking title harbour
check_grep 'ZSharbour' out "--ranking title: title matches add weight"
run artsearch --explain --format json --ranking bm25 harbour
check_status 0 "--ranking bm25 harbour: exit 0"
check_no_grep 'ZSharbour' out "--ranking bm25: no title boost"
# Only words the query looks for: an excluded word's title adds nothing.
run artsearch --explain --format json --ranking title 'harbour NOT umbrella'
check_status 0 "--ranking title 'harbour NOT umbrella': exit 0"
check_grep 'ZSharbour' out "the title boost has the words the query looks for"
check_no_grep 'ZSumbrella' out "... and not a word it excludes"
run artsearch --explain --format json --ranking title 'harbour -umbrella'
check_status 0 "--ranking title 'harbour -umbrella': exit 0"
check_no_grep 'ZSumbrella' out "... written -word too"
# A phrase's words count one by one in the title, and --explain adds up
# to the score with phrases OR-ed (a title phrase in the boost made Xapian
# 1.4 credit a title with the other phrase).
mkdir phrase-title
for t in 'a:Egg prices soar' 'b:Weekly market wrap' 'c:Oil prices fall'; do
    printf 'Title: %s\n\nThe oil prices rose again in the spring.\n' "${t#*:}" \
        >"phrase-title/${t%%:*}.txt"
done
artsearch-index -q --index phrase-idx phrase-title
for q in '"oil prices"' '"oil prices" OR "prices oil"' '"fall oil" OR "oil prices"'; do
    run artsearch --index phrase-idx --ranking title --format json --explain "$q"
    check_eq "$(jq -r 'select(.type=="hit") | .article' out | tr '\n' ' ')" "c a b " \
        "a phrase's title words one by one: $q"
    check_eq "$(jq -r 'select(.type=="hit") | (.score - ([.explain[].weight] | add)) | fabs < 1e-6' out | sort -u)" \
        "true" "... and --explain adds up to each score"
done
# --explain: a title: term the user typed weighs what it adds (the score,
# alone), not the boost's share of it.
run artsearch --explain --ranking bm25 -n 1 'title:harbour'
check_status 0 "--explain 'title:harbour': exit 0"
column 11 >explain.col
check_grep "^harbour:title:[0-9.]+$" explain.col \
    "--explain: the typed title: term is the one matched"
check_eq "$(column 11 | sed 's/.*://')" "$(column 2)" \
    "--explain: a typed title: term weighs the whole score"

# Feedback reorders the best 50 hits, less a group of equal scores across
# the 50th place: choosing some of the group would mean reading all of it
# (thousands of copies of one line, in news).  Here 45 strong hits (the
# first 3 give the feedback word "fees"), then 20 equal ones (46-65) that
# have "fees" too: none of the 20 gains from it, and they keep the order
# of their article ids.
mkdir ties
i=10
while [ $i -lt 75 ]; do
    if [ $i -lt 13 ]; then
        body='Lighthouse lighthouse lighthouse fees.'
    elif [ $i -lt 55 ]; then
        body='Lighthouse lighthouse keepers.'
    else
        body='Lighthouse fees were raised again this year.'
    fi
    printf 'Title: Note %s\n\n%s\n' $i "$body" >ties/t$i.txt
    i=$((i + 1))
done
artsearch-index -q --index ties-idx ties
run artsearch --index ties-idx --format tsv -n 100 lighthouse
check_eq "$(column 2 | sed -n '46,65p' | sort -u | wc -l | tr -d ' ')" "1" \
    "a group of equals across the 50th place keeps its scores"
check_eq "$(column 3 | sed -n '46,65p' | tr '\n' ' ')" \
    "t55 t56 t57 t58 t59 t60 t61 t62 t63 t64 t65 t66 t67 t68 t69 t70 t71 t72 t73 t74 " \
    "... and its order by article id"
run artsearch --index ties-idx --format tsv -n 100 --ranking stopwords,title lighthouse
check_eq "$(column 2 | sed -n '46p')" "$(run artsearch --index ties-idx --format tsv \
    -n 100 lighthouse; column 2 | sed -n '46p')" "... and its score without feedback"

# Feedback reads the hits' term lists and keeps what they match for the
# snippets and --explain: the same as Xapian reads for them without it.
hit_fields='select(.type=="hit") | [.article, .paragraph, .snippet, .highlights, .explain]'
for q in harbour 'harbour OR umbrella' 'negotiat*' '"harbour lease" OR talks'; do
    run artsearch --format json --explain -n 100 -- "$q"
    with_status=$status
    jq -c "$hit_fields" out | sort >with.out
    run artsearch --format json --explain -n 100 --ranking stopwords,title -- "$q"
    jq -c "$hit_fields" out | sort >without.out
    check_eq "$with_status:$status" "0:0" "'$q': exit 0 with feedback and without"
    if [ -s with.out ]; then
        pass "'$q': hits to compare"
    else
        fail "'$q': hits to compare" "no hit"
    fi
    check_eq "$(cmp with.out without.out 2>&1)" "" \
        "'$q': the same snippets, highlights and matched terms with feedback as without"
done

# Feedback adds words other than the query's own, in quotes too: the
# stemmed forms of a phrase's words are not added back (they were its
# best feedback words), so a phrase and its words get the same ones.
artsearch-index -q --index fbidx "$srcdir/corpus"
run artsearch --index fbidx --format json --explain -n 1 '"nuclear umbrella"'
jq -r 'select(.type=="summary") | .parsed_query' out | grep -o '\* Z[a-z]*' | sort >fb-phrase
run artsearch --index fbidx --format json --explain -n 1 'nuclear umbrella'
jq -r 'select(.type=="summary") | .parsed_query' out | grep -o '\* Z[a-z]*' | sort >fb-words
check_grep 'Zdefens' fb-phrase "a phrase has feedback words"
check_no_grep 'Znuclear|Zumbrella' fb-phrase "... not its own words stemmed"
check_eq "$(cat fb-phrase)" "$(cat fb-words)" "... the same as its words unquoted get"

# Snippets highlight the query's words, not those feedback added.
run artsearch --format json harbour -n 1
check_grep '"paragraph":2,.*"highlights":\[\[42,49\]\]' out \
    "only 'harbour' is highlighted in alpha's second paragraph"

# A query with a NOT of its own ("all but"), beside the title boost: a
# short page is the head of a long one (Xapian 1.4.22, stopping early,
# left the 11th hit out of a page of 11).
artsearch-index -q --index purenot --format jsonl "$FIXTURES/pure-not.jsonl"
artsearch --index purenot --ranking title -n 100 -- 'japan OR NOT source:nikkei' |
    cut -f3,4 >long.out
for n in 5 11 15; do
    run artsearch --index purenot --ranking title -n $n -- 'japan OR NOT source:nikkei'
    check_eq "$(cut -f3,4 out)" "$(head -n $n long.out)" \
        "'a OR NOT b', -n $n: the head of the long page"
done

finish
