#!/bin/sh
# t-search.sh - query syntax, filters, ranking options over the fixture.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need xapian-metadata xapian-tools

build_fixture basic
export ARTSEARCH_INDEX="$WORK/idx"

# check_counts INDEX WHAT QUERY:N...: each query finds N paragraphs
# (counted with -c) in INDEX.
check_counts() {
    counts_index=$1 counts_what=$2
    shift 2
    for q in "$@"; do
        run artsearch --index "$counts_index" -c "${q%:*}"
        check_eq "$(cat out)" "${q##*:}" "$counts_what: ${q%:*} in ${q##*:} paragraphs"
    done
}

# check_refused INDEX PATTERN WHAT QUERY...: each query is an error
# (exit 2) in INDEX, with a message matching PATTERN (ERE).
check_refused() {
    refused_index=$1 refused_pattern=$2 refused_what=$3
    shift 3
    for q in "$@"; do
        run artsearch --index "$refused_index" -c "$q"
        check_status 2 "'$q': exit 2"
        check_grep "$refused_pattern" err "$refused_what"
    done
}

# articles: the sorted, distinct article ids of the last run.
articles() {
    column 3 | sort -u | tr '\n' ' ' | sed 's/ $//'
}

run artsearch harbour -n 100
check_status 0 "a word that matches exits 0"
check_eq "$(articles)" "alpha beta delta gamma" "harbour is in every article"
check_eq "$(wc -l <out)" "5" "one line per matching paragraph"

run artsearch negotiating
check_eq "$(articles)" "alpha delta" "stemming: negotiating finds negotiations and negotiators"

run artsearch '"nuclear umbrella"'
check_eq "$(column 3)$(column 4)" "beta1" "a phrase matches the words in order only"

run artsearch nuclear umbrella -n 100
check_eq "$(column 4 | sort | tr '\n' ' ')" "1 2 " "words: all must match by default"

run artsearch --any treaty deterrence -n 100
check_eq "$(articles)" "beta gamma" "--any matches any word"

run artsearch 'treaty OR deterrence'
check_eq "$(articles)" "beta gamma" "OR"

run artsearch 'harbour NOT fishermen' -n 100
check_status 0 "NOT: the other paragraphs found"
check_no_grep 'ishermen' out "NOT excludes paragraphs with the word"
check_eq "$(wc -l <out)" "3" "NOT keeps the others"

run artsearch 'harbour -fishermen' -n 100
check_eq "$(wc -l <out)" "3" "-word excludes"

run artsearch '(lease OR fleet) AND harbour' -n 100
check_eq "$(articles)" "alpha beta" "brackets group"

run artsearch 'negotia*'
check_eq "$(articles)" "alpha delta" "trailing wildcard"

run artsearch 'title:umbrella'
check_eq "$(articles)" "beta" "title: searches titles"
for f in Title TITLE; do
    run artsearch "$f:umbrella"
    check_eq "$(articles)" "beta" "$f: (as a header writes it) is title:"
done
run artsearch 'Date:2023 DATE:2025 harbour' -n 100
check_eq "$(articles)" "beta delta" "Date: and DATE: are date:, two years: either"
run artsearch 'Tag:trade TAG:ports harbour' -n 100
check_eq "$(articles)" "alpha delta" "Tag: and TAG: are tag:, either tag"
run artsearch 'Tags:trade tags:ports harbour' -n 100
check_eq "$(articles)" "alpha delta" "Tags: (the header's key) and tags: are tag:"
run artsearch -n 100 'Author:sato'
check_eq "$(articles)" "alpha" "Author: is author:, Kenji Sato's article"
run artsearch -n 100 'SOURCE:post'
check_eq "$(articles)" "beta delta" "SOURCE: is source:"

run artsearch 'author:sato'
check_eq "$(articles)" "alpha" "author: searches author names word by word"

run artsearch 'source:post harbour'
check_eq "$(articles)" "beta delta" "source: searches sources word by word"

run artsearch --author 'JANE   doe' harbour -n 100
check_eq "$(articles)" "alpha delta" "--author is exact and ignores case and spacing"

run artsearch --author 'Jane' harbour
check_status 1 "--author does not match part of a name"

run artsearch --author 'Kenji Sato' --author 'John Smith' harbour -n 100
check_eq "$(articles)" "alpha beta" "repeated --author means any of them"

run artsearch --source 'harbour times' harbour -n 100
check_eq "$(articles)" "alpha gamma" "--source is exact, any case"

run artsearch --tag TRADE -n 100 harbour
check_eq "$(articles)" "alpha delta" "--tag is exact, any case"

run artsearch --since 2024-01-01 harbour -n 100
check_eq "$(articles)" "alpha delta" "--since: later articles only; undated never"

run artsearch --since 2023-12-31 harbour -n 100
check_eq "$(articles)" "alpha beta delta" "--since: a year-only date matches when its year overlaps"

run artsearch --until 2023-06 harbour -n 100
check_eq "$(articles)" "beta" "--until: a year-only date overlapping the range matches"

run artsearch --since 2025-02-28 --until 2025-03 harbour
check_eq "$(articles)" "delta" "a month-only date overlaps a range inside its month"

run artsearch --since 2025-03-01 harbour
check_status 1 "a month-only date after its month does not match"

run artsearch 'date:2024..2025-02 harbour' -n 100
check_eq "$(articles)" "alpha delta" "date:A..B in the query"

run artsearch 'date:2023 harbour'
check_eq "$(articles)" "beta" "date:YYYY in the query"

run artsearch 'date:2023 date:2025..2025-02 harbour' -n 100
check_eq "$(articles)" "beta delta" "date: twice in the query, a year and a range: either"

run artsearch 'date:2023 date:2025 harbour' -n 100
check_eq "$(articles)" "beta delta" "date: twice in the query, two years: either"

run artsearch 'tag:TRADE harbour' -n 100
check_eq "$(articles)" "alpha delta" "tag:TAG in the query is exact, any case"

run artsearch 'tag:trade tag:ports harbour' -n 100
check_eq "$(articles)" "alpha delta" "tag: twice in the query: either tag"

run artsearch 'tag:port harbour'
check_status 1 "tag: matches whole tags only"

run artsearch 'harbour tag:""'
check_status 2 "an empty tag: is a query error"
check_grep "tag: needs a tag" err "... that says what tag: needs"

run artsearch 'harbour NOT tag:ports' -n 100
check_eq "$(articles)" "beta delta gamma" "NOT tag:TAG excludes the tag"

# Outside brackets, date: and tag: filter the whole query, OR and XOR
# too, as the options do (Xapian put them on the words beside them only:
# "oil OR gas tag:energy" was "oil OR (gas tag:energy)").
printf '%s\n' '{"id":"m1","title":"One","date":"2024-01-10","tags":["energy"],"text":"oil prices rose"}' \
    '{"id":"m2","title":"Two","date":"2023-05-01","tags":["sport"],"text":"oil spill on the pitch"}' \
    '{"id":"m3","title":"Three","date":"2024-02-02","tags":["energy"],"text":"gas prices fell"}' >or.jsonl
artsearch-index -q --index oridx --format jsonl or.jsonl
run artsearch --index oridx --list=ids --tag energy 'oil OR gas'
want=$(sort out | tr '\n' ' ')
check_eq "$want" "m1 m3 " "--tag with OR: the whole query filtered"
for q in 'oil OR gas tag:energy' 'tag:energy oil OR gas' 'oil OR gas date:2024..' \
    'oil XOR gas TAG:energy' 'oil OR gas tag:"energy"' 'oil OR gas AND tag:energy' \
    'tag:energy AND oil OR gas' 'oil OR gas +tag:energy' 'oil OR gas -tag:sport'; do
    run artsearch --index oridx --list=ids "$q"
    check_eq "$(sort out | tr '\n' ' ')" "$want" "a filter field with OR: as the option: $q"
done
run artsearch --index oridx --list=ids '(oil tag:sport) OR gas'
check_eq "$(sort out | tr '\n' ' ')" "m2 m3 " "... inside brackets: the bracket's words only"
run artsearch --index oridx --list=ids 'gas OR tag:sport'
check_eq "$(sort out | tr '\n' ' ')" "m2 m3 " "... alone between ORs: one of the alternatives"
run artsearch --index oridx -c 'oil OR gas date:2024-13'
check_status 2 "... a bad date lifted out is still an error"
run artsearch --index oridx --strict -c 'oil OR gas AND tag:energy'
check_status 0 "... an AND before it is no syntax error, with --strict too"
for q in '-tag:sport' 'NOT tag:sport' '-date:2023'; do
    run artsearch --index oridx --list=ids -- "$q"
    check_eq "$(sort out | tr '\n' ' ')" "m1 m3 " "a filter excluded with nothing beside it: all but it ($q)"
done
run artsearch --index oridx --list=ids 'gas OR -tag:energy'
check_eq "$(sort out | tr '\n' ' ')" "m2 m3 " "... alone between ORs: everything but it is an alternative"
run artsearch --index oridx --strict -c 'oil OR gas tag:energy AND'
check_status 2 "... an AND with nothing after it still is, with --strict"
run artsearch --index oridx --list=ids --any 'oil tag:energy AND gas OR pitch'
check_eq "$(cat out)" "" "... with --any, the AND beside it still joins the words"
run artsearch --index oridx --list=ids 'oil OR gas AND -tag:sport spill'
check_eq "$(sort out | tr '\n' ' ')" "m1 " "... -tag:x excludes from the whole query"
check_no_grep "AND NOT" err "... without the warning for 'AND -word word'"
run artsearch --index oridx --format json 'oill OR gass tag:energy'
check_grep '"suggestion":"oil OR gas tag:energy"' out "... a spelling suggestion keeps the field"

mkdir tagged
cat >tagged/gamma.txt <<'EOF2'
Title: Fishing quotas
Tags: North  America, fisheries

Quotas for the harbour fleets were cut.
EOF2
run artsearch-index --index "$WORK/tagged-idx" tagged
run artsearch --index "$WORK/tagged-idx" 'tag:"north america" harbour'
check_eq "$(articles)" "gamma" "tag:\"two words\": a quoted tag, spaces as in --tag"
check_no_grep "syntax error" "$WORK/err" "a quoted tag is not a syntax error"

# A field name before its colon is not a misspelt word: "title: harbour"
# (the space makes "title" a word to Xapian) suggests no "time: harbour".
mkdir spell
for i in 1 2 3 4; do
    printf 'Title: Port %d\n\nAt that time the harbour was busy, time after time.\n' "$i" \
        >spell/p$i.txt
done
artsearch-index -q --index "$WORK/spell-idx" spell
run artsearch --index "$WORK/spell-idx" 'title: harbour'
check_status 1 "'title: harbour': no hits (where a suggestion is looked for)"
check_no_grep "did you mean" "$WORK/err" "'title: harbour': no correction of the field name"
run artsearch --index "$WORK/spell-idx" 'harbour tim'
check_grep "did you mean: harbour time" "$WORK/err" "... while a misspelt word still gets one"

# With --articles the suggestion's paragraphs are weighed against the
# query's paragraphs, not its articles: 'harbur' is in two paragraphs of
# one article, 'harbour' in two: no more, so no suggestion.
mkdir spell2
printf 'Title: One\n\nThe harbur was quiet.\n\nThe harbur was busy.\n' >spell2/one.txt
printf 'Title: Two\n\nA harbour town.\n\nAnother harbour town.\n' >spell2/two.txt
artsearch-index -q --index "$WORK/spell2-idx" spell2
run artsearch --index "$WORK/spell2-idx" --articles harbur
check_status 0 "--articles harbur: its article found"
check_no_grep "did you mean" "$WORK/err" "--articles: no suggestion that finds no more paragraphs"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do
    printf 'The harbour again.\n\n'
done | { printf 'Title: Three\n\n'; cat; } >spell2/three.txt
artsearch-index -q --index "$WORK/spell2-idx" spell2
run artsearch --index "$WORK/spell2-idx" --articles harbur
check_grep "did you mean: harbour .20 matching paragraphs" "$WORK/err" \
    "--articles: one that finds more paragraphs (ten times harbur's)"

# No suggestion replaces a name found as typed (a word with a capital),
# a number, or a word with a stopword; a misspelt word still gets one.
mkdir spell3
printf 'Title: Engines\n\nRolls-Royce made engines; AT&T sold phones in 2009.\n' >spell3/a.txt
for i in 1 2 3 4 5 6; do printf 'Title: R%s\n\nA rose at noon in 2009.\n' $i >spell3/r$i.txt; done
artsearch-index -q --index spell3idx spell3
printf 'Title: Talks\n\nJapan trade talks resumed.\n\nA talk.\n' >spell3/t.txt
artsearch-index -q --index spell3idx spell3
run artsearch --index spell3idx 'Japn talks'
check_grep "did you mean: japan talks " err \
    "a rare word the collection has is kept beside a corrected one (talks)"
for q in Royce 'at&t' 2024; do
    run artsearch --index spell3idx "$q"
    check_no_grep "did you mean" err "no suggestion for '$q'"
done
run artsearch --index spell3idx Roce
check_grep "did you mean: rose \\(6 matching paragraphs\\)" err "... while a misspelt word gets one"
# A word with a digit is never a correction, nor in the spelling data,
# where it was the nearest word to "harbou" and hid "harbour".
mkdir spell4
for i in 1 2 3 4 5 6 7 8; do printf 'Title: H%s\n\nBerth harbou2 at noon.\n' $i >spell4/h$i.txt; done
printf 'Title: Port\n\nThe harbour at noon.\n' >spell4/p.txt
artsearch-index -q --index spell4idx spell4
run artsearch --index spell4idx harbou
check_grep "did you mean: harbour \\(1 matching paragraph\\)" err \
    "a misspelt word next to a more frequent word with a digit: the word suggested"

# Syntax that changes nothing is no error: a quoted word, brackets, +word.
for q in '"harbour"' '(harbour)' '+harbour +fleets' 'harbour (fleets)'; do
    run artsearch --index "$WORK/tagged-idx" --strict -c "$q"
    check_status 0 "--strict '$q': valid, exit 0"
    check_no_grep "syntax error" "$WORK/err" "... and no syntax warning"
done
run artsearch --index "$WORK/tagged-idx" --strict -c 'harbour)'
check_status 2 "--strict 'harbour)': a syntax error, exit 2"
# A query that would search for what it excludes without its operators.
run artsearch --index "$WORK/tagged-idx" -c -- -harbour
check_status 2 "'-harbour' alone: an error, not a search for harbour"
check_grep "write NOT word" "$WORK/err" "... saying how to ask for it"
run artsearch -c 'NOT harbour'
check_status 0 "'NOT harbour' finds the paragraphs without it"

run artsearch --index "$WORK/tagged-idx" 'tag:"north america" harbour)'
check_grep "without operators instead: tag:\"north america\" harbour" "$WORK/err" \
    "the syntax warning names the tag as tag:, not as its term"

run artsearch --author 'Jane Doe'
check_eq "$(articles)" "alpha delta" "filters alone, without words"

run artsearch harbour -n 2
check_eq "$(column 1 | tr '\n' ' ')" "1 2 " "-n limits the hits"

run artsearch harbour -n 100
all=$(column 3,4 | tr '\n' ' ')
run artsearch harbour --offset 2 -n 2
check_eq "$(column 1 | tr '\n' ' ')" "3 4 " "--offset: ranks count the skipped hits"
check_eq "$(column 3,4 | tr '\n' ' ')" "$(echo "$all" | cut -d' ' -f3-4) " \
    "--offset continues the same ranking"

run artsearch harbour --sort newest -n 100
check_eq "$(column 3 | uniq | tr '\n' ' ')" "delta alpha beta gamma " \
    "--sort newest; undated last"

run artsearch harbour --sort oldest -n 100
check_eq "$(column 3 | uniq | tr '\n' ' ')" "gamma beta alpha delta " \
    "--sort oldest; undated first"

run artsearch 'Harbour'
check_status 0 "words match in any case"

# A date known to the year only is a period: --sort newest orders by the
# period's last day, --sort oldest by its first, so the year 2024 (1 January
# to 31 December) is both newer and older than 15 June 2024.
mkdir periods
printf 'Title: Year\nDate: 2024\n\nThe harbour in the year.\n' >periods/year.txt
printf 'Title: Day\nDate: 2024-06-15\n\nThe harbour on the day.\n' >periods/day.txt
artsearch-index -q --index periods.idx periods 2>build.err
check_eq "$?:$(cat build.err)" "0:" "dated periods: indexed"
run artsearch --index periods.idx --sort newest harbour
check_status 0 "--sort newest over periods: exit 0"
check_eq "$(column 3 | tr '\n' ' ')" "year day " \
    "--sort newest: a year is newer than a day before its end"
run artsearch --index periods.idx --sort oldest harbour
check_status 0 "--sort oldest over periods: exit 0"
check_eq "$(column 3 | tr '\n' ' ')" "year day " \
    "--sort oldest: a year is older than a day after its start"

# Pages through a group of equals larger than the 1,000 that are ordered
# by article id (1,100 copies of one paragraph, and 50 of another that
# ranks alike; ids falling as the documents are added): each hit once,
# in the order of one long page.
awk 'BEGIN { for (i = 1; i <= 1150; i++)
    printf "{\"id\":\"t%04d\",\"title\":\"Copy\",\"text\":\"%s\"}\n", 2000 - i,
        i <= 1100 ? "Net loss widened." : "Widened net loss." }' >ties.jsonl
artsearch-index -q --index ties --format jsonl ties.jsonl
artsearch --index ties -n 1150 --ranking bm25 'net loss' | cut -f3 >ties.all
: >ties.paged
for offset in 0 300 600 900 1000 1100; do
    artsearch --index ties -n 100 --offset $offset --ranking bm25 'net loss' |
        cut -f3 >>ties.paged
done
check_eq "$(sort -u ties.paged | wc -l)" "550" \
    "pages through a group of 1,150 equals: each hit once"
check_eq "$(sed -n '1,100p;301,400p;601,700p;901,1000p;1001,1100p;1101,1150p' ties.all)" \
    "$(cat ties.paged)" "... in the order of one long page"

# A list of ids is the articles in the order of --articles: each article
# once, at its best paragraph (three equal ones each here, ids falling as
# the documents are added).
awk 'BEGIN { for (i = 1; i <= 60; i++)
    printf "{\"id\":\"m%03d\",\"title\":\"Copy\",\"paragraphs\":[\"Loss.\",\"Net loss.\",\"Net loss.\",\"A net loss%s.\"]}\n",
        100 - i, i % 3 ? "" : " again" }' >many.jsonl
artsearch-index -q --index many --format jsonl many.jsonl
for q in 'net loss' 'loss' '--any net again' '--sort newest loss'; do
    artsearch --index many --articles -n 1000 $q | cut -f3 >articles.ids
    run artsearch --index many --list=ids $q
    check_eq "$(cat out)" "$(cat articles.ids)" \
        "--list=ids $q: the articles of --articles, in its order"
done
# Pages that end at hit 10,000 or later keep each article's first hits
# without Xapian's collapsing: the same hits, scores and counts.
for q in 'net loss' '--sort oldest loss'; do
    artsearch --index many --per-article 2 -n 1000 $q | cut -f1-4,11 >short.out
    run artsearch --index many --per-article 2 -n 10000 $q
    check_eq "$(cut -f1-4,11 out)" "$(cat short.out)" \
        "--per-article 2 -n 10000 $q: the page of -n 1000"
done
artsearch --index many --articles -n 1000 'net loss' | cut -f3 >articles.ids
run artsearch --index many --list=ids --offset 10 -n 5 'net loss'
check_eq "$(cat out)" "$(sed -n 11,15p articles.ids)" \
    "--list=ids with --offset and -n: a page of the list"

# NEAR and ADJ match the words as written, as a phrase does: not stemmed.
printf '%s\n' '{"id":"p1","title":"Oil","text":"Oil prices rose."}' >near.jsonl
artsearch-index -q --index near --format jsonl near.jsonl
run artsearch --index near -c 'oil prices'
check_eq "$(cat out)" "1" "plain words: 'prices' is found"
run artsearch --index near -c 'oil NEAR prices'
check_eq "$(cat out)" "1" "NEAR: the words as written are found"
run artsearch --index near -c 'oil NEAR price'
check_eq "$(cat out)" "0" "NEAR: another form of a word is not (as documented)"
# A distance past any paragraph is refused: Xapian reads it modulo 2^32
# (NEAR/4294967297 was NEAR/1).
check_refused near "bad query: .*: the distance is at most 1000000 words" "... says the bound" \
    'oil NEAR/4294967297 prices' 'oil ADJ/1000001 prices'
run artsearch --index near -c 'oil NEAR/0001000000 prices'
check_eq "$(cat out)" "1" "NEAR/1000000, leading zeros and all: searched"
# A window joins words of one field: a title word and a text word have
# no distance (the title's positions follow the paragraph's), so a
# window across fields is an error, not a match by paragraph length.
{ printf '{"id":"f1","title":"Cat","paragraphs":["dog one","'
  yes w | head -150 | tr '\n' ' '
  printf 'dog"]}\n' ; } >fields.jsonl
artsearch-index -q --index fields --format jsonl fields.jsonl
check_refused fields "bad query: NEAR and ADJ join words of one field" "... says why" \
    '(title:cat NEAR/102 dog)' '(dog ADJ/101 title:cat)' '(author:a NEAR source:b)'
run artsearch --index fields -c 'title:(cat NEAR one)'
check_status 1 "a window in one field (the title): searched there, none"
run artsearch --index fields -c '(dog NEAR one)'
check_eq "$(cat out)" "1" "a window in the text: found"

# "AND -b c" is "AND NOT (b AND c)" to Xapian: a warning says so.  A
# field's name with nothing after its colon is searched as a word, with
# a warning.
printf 'Title: One\n\nwolf frog\n\nwolf dog frog\n\nwolf dog\n\nwolf\n' >wolf.txt
artsearch-index -q --index wolf wolf.txt
run artsearch --index wolf --format tsv 'wolf AND -dog frog'
check_grep "'AND -dog frog' excludes dog together with the words after it" err \
    "'a AND -b c': a warning"
check_grep "write -dog after the words to find" err "... saying what to write"
run artsearch --index wolf --format tsv 'wolf AND -"wolf dog" frog'
check_eq "$(cut -f4 out | sort | tr '\n' ' ')" "1 3 4 " \
    "'a AND -\"b c\" d': the phrase excluded together with d"
check_grep "'AND -\"wolf dog\" frog' excludes \"wolf dog\" together with the words after it" err \
    "... with the warning for a phrase too"
run artsearch --index wolf --format tsv 'wolf frog -dog'
check_eq "$(cut -f4 out)" "1" "'a c -b': what it seems, no warning"
check_eq "$(cat err)" "" "... no warning"
for q in 'wolf AND -dog' 'wolf AND -dog AND frog' '(wolf AND -dog) frog' \
    'wolf AND -"wolf dog"' 'wolf AND -"wolf dog" OR frog'; do
    run artsearch --index wolf -c "$q"
    check_no_grep "AND NOT" err "no warning for: $q"
done
# "a NOT b c" is "a NOT (b AND c)" to Xapian, and so is "NOT b c", and a
# filter after the excluded word: a warning says so, naming all the words
# NOT takes and what to write.
run artsearch --index wolf --format tsv 'wolf NOT dog frog'
check_eq "$(cut -f4 out | sort | tr '\n' ' ')" "1 3 4 " \
    "'a NOT b c': only what has both b and c excluded"
check_grep "'NOT dog frog' is read as NOT \\(dog frog\\): only what matches it all is excluded; write NOT dog after the words to find" \
    err "'a NOT b c': a warning"
run artsearch --index wolf -c 'NOT dog frog'
check_grep "'NOT dog frog' is read as NOT \\(dog frog\\)" err "'NOT b c': a warning"
run artsearch --index wolf -c '(wolf NOT "wolf dog" frog two) OR x'
check_grep "'NOT \"wolf dog\" frog two' is read as NOT \\(\"wolf dog\" frog two\\): .* write NOT \"wolf dog\" after" \
    err "a phrase excluded, all the words up to the bracket named"
run artsearch --index wolf -c 'wolf NOT (dog) tag:x'
check_grep "'NOT \\(dog\\) tag:x' is read as NOT \\(\\(dog\\) tag:x\\)" err \
    "a bracket excluded with a filter after it: a warning"
run artsearch --index wolf -c 'wolf NOT tag:x date:2020'
check_grep "'NOT tag:x date:2020' is read as NOT" err \
    "filters of two fields after NOT: a warning"
run artsearch --index wolf -c 'wolf NOT dog "frog)))"'
check_grep "'NOT dog \"frog\)\)\)\"' is read as NOT" err \
    "a bracket inside quotes closes nothing"
run artsearch --index wolf --ranking bm25 -c 'wolf NOT dog the'
check_grep "'NOT dog the' is read as NOT" err \
    "a stopword after NOT without the stop list: a warning"
for q in 'wolf NOT tag:x -tag:y' 'wolf NOT tag:x +tag:y'; do
    run artsearch --index wolf -c "$q"
    check_grep "is read as NOT" err "a signed filter after NOT: a warning ($q)"
done
# Filters of one field are OR-ed (NOT tag:x tag:y excludes either), and
# a stopword the stop list leaves out is no word: no warning for them.
run artsearch --index wolf -c 'wolf NOT the a'
check_grep "'NOT the a' is read as NOT" err \
    "stopwords alone after NOT (kept, both required): a warning"
for q in 'wolf NOT tag:x tag:y' 'wolf NOT tag:x TAGS:y' 'wolf NOT dog the' \
    'wolf NOT the dog' "$(printf 'wolf NOT dog it\342\200\231s')" 'wolf NOT dog (' \
    'wolf NOT dog ()' 'wolf NOT "" frog'; do
    run artsearch --index wolf -c "$q"
    check_no_grep "is read as NOT" err "no NOT warning for: $q"
done
for q in 'wolf NOT dog' 'wolf frog NOT dog' 'wolf NOT (dog frog)' \
    'wolf NOT dog OR frog' 'wolf NOT dog AND frog' '(wolf NOT dog) frog' \
    'wolf NOT dog NEAR frog' '"wolf NOT dog frog"' 'wolf NOT "dog frog" NOT x'; do
    run artsearch --index wolf -c "$q"
    check_no_grep "is read as NOT" err "no NOT warning for: $q"
done
for q in 'wolf date:' 'wolf title: frog' 'TAG: wolf'; do
    run artsearch --index wolf -c "$q"
    check_grep "has no value \\(no space goes after the colon\\): it is searched as the word" \
        err "a field without a value: a warning ($q)"
done
# A sign after a field's colon is no sign: Xapian reads title:-one as
# title:one (required) and title:+one as the words title and one.
run artsearch --index wolf -c 'wolf title:-one'
check_grep "'title:-one' has its - after the colon, where it is no sign: write -title:one" \
    err "'field:-word': a warning saying what to write"
run artsearch --index wolf -c 'wolf -Tag:+x'
check_grep "'-Tag:\\+x' has its \\+ after the colon, where it is no sign: write \\+Tag:x" \
    err "'-field:+word': a warning"
run artsearch --index wolf -c 'wolf +title:+one'
check_grep "'\\+title:\\+one' has its \\+ after the colon" err "'+field:+word': a warning"
for q in 'wolf title:co-op' 'wolf "title:-one"' 'wolf -title:one' 'wolf title:-' \
    'wolf -title:-one'; do
    run artsearch --index wolf -c "$q"
    check_no_grep "no sign" err "no sign warning for: $q"
done
run artsearch --index wolf -c 'wolf title:*'
check_grep "'title:\\*' has no letters before its \\* \\(a wildcard needs some\\): it is searched as the word 'title'" \
    err "a field's * alone: a warning"
# tag: takes a whole tag: a wildcard in it is an error, unless a tag is
# written so.
printf '%s\n' '{"id":"s1","title":"T","tags":["C*","acq"],"text":"wolf."}' >startag.jsonl
artsearch-index -q --index startagidx --format jsonl startag.jsonl
check_refused startagidx "tag: takes a whole tag, without a wildcard" "... says why" \
    'wolf tag:ac*' 'wolf tag:*'
run artsearch --index startagidx -c 'wolf tag:C*'
check_eq "$(cat out)" "1" "... a tag written with its *: found"

# "or" and "not" in lower case between words are words (stopwords), not
# the operators: a warning says so, and the query is searched as typed.
run artsearch -c 'harbour not lease'
check_grep "warning: 'not' in lower case is a word, not the operator NOT \\(write NOT to exclude what follows\\)" \
    err "lower-case not between words: a warning"
check_eq "$(cat out)" "$(artsearch -c 'harbour lease')" "... searched as typed"
run artsearch -c 'lease or fleet'
check_grep "'or' in lower case is a word, not the operator OR \\(write OR for either word\\)" \
    err "lower-case or between words: a warning"
for q in 'harbour NOT lease' '"harbour not lease"' 'not harbour' 'harbour or'; do
    run artsearch -c "$q"
    check_no_grep "in lower case" err "no warning for: $q"
done
mkdir fr
printf 'Title: Or\n\nLe cours de l or monte.\n' >fr/or.txt
artsearch-index -q --lang french --index fridx fr
run artsearch --index fridx -c 'cours or monte'
check_no_grep "in lower case" err "a French index: or is a word (gold), no warning"

# Text in Unicode normalisation form D (an accent as its own character, as
# macOS and some PDF text write it) is read composed, as queries are typed:
# each form finds the other, in the text, a field and a filter, and kana
# with a separate voicing mark are the composed kana.
mkdir nfd
printf 'Title: Cafe\314\201 society\nAuthor: Jose\314\201 Garci\314\201a\nTags: Me\314\201xico\n\nThe cafe\314\201 by the harbour. \343\201\213\343\202\231\343\201\243\343\201\223\343\201\206\n' >nfd/nfd.txt
printf 'Title: Plain\n\nAnother caf\303\251 by the quay.\n' >nfd/nfc.txt
artsearch-index -q --index nfdidx nfd
run artsearch --index nfdidx -c "$(printf 'caf\303\251')"
check_eq "$(cat out)" "2" "NFC query: the composed and the decomposed text"
run artsearch --index nfdidx -c "$(printf 'cafe\314\201')"
check_eq "$(cat out)" "2" "NFD query: both too"
run artsearch --index nfdidx -c "$(printf 'title:caf\303\251')"
check_eq "$(cat out)" "1" "a decomposed title is found by the composed word"
run artsearch --index nfdidx -c --author "$(printf 'Jos\303\251 Garc\303\255a')" harbour
check_eq "$(cat out)" "1" "--author, composed, finds the decomposed name"
run artsearch --index nfdidx -c --tag "$(printf 'm\303\251xico')" harbour
check_eq "$(cat out)" "1" "--tag, composed, finds the decomposed tag"
run artsearch --index nfdidx -c "$(printf '\343\201\214\343\201\243\343\201\223\343\201\206')"
check_eq "$(cat out)" "1" "kana with a separate voicing mark: the composed kana find them"
run artsearch --index nfdidx --format json harbour
check_eq "$(jq -r 'select(.type=="hit") | .title + "|" + .authors[0]' out)" \
    "$(printf 'Caf\303\251 society|Jos\303\251 Garc\303\255a')" \
    "the record shows the composed form"
# A word copied from a web page with a soft hyphen (or a zero-width
# space) in it is the word, as in the text; a query of nothing but such
# characters has no words.
run artsearch --index nfdidx -c "$(printf 'har\302\255bour')"
check_eq "$(cat out)" "1" "a soft hyphen in a query word: the word"
run artsearch --index nfdidx -c --author "$(printf 'Jos\303\251\342\200\213 Garc\303\255a')" harbour
check_eq "$(cat out)" "1" "... a zero-width space in --author: the name"
run artsearch --index nfdidx "$(printf '\302\255')"
check_status 1 "a query of a soft hyphen: no hits"
check_grep "no words to search for" err "... and says it has no words"

# Words of up to 200 bytes are indexed (a German law's name, a Thai run),
# and a query word longer than that is said to find nothing.
mkdir longword
w65=Rindfleischetikettierungsueberwachungsaufgabenuebertragungsgesetze
printf 'Title: Law\n\nThe %s was repealed.\n' "$w65" >longword/law.txt
artsearch-index -q --index wordidx longword
run artsearch --index wordidx -c "$w65"
check_eq "$(cat out)" "1" "a word of 66 bytes is found"
w210=$(printf '%0210d' 7)
run artsearch --index wordidx -c "x$w210"
check_grep "is longer than 200 bytes, which are not indexed" err "a word over 200 bytes: a warning"

# Chinese, Japanese and Korean are written without spaces: a run of their
# characters is read as n-grams (one character, two), so any part of it
# is found, however long the run (a run read as one word was not found
# past 64 bytes, nor by a part of it).
printf '%s\n' '{"id":"ja1","title":"防衛","text":"日本政府は防衛費の増額を決定した。\n\n日本政府は防衛費の大幅な増額を本日の閣議で正式に決定した。"}' \
    '{"id":"ko1","title":"한국","text":"한국어 문장입니다."}' \
    '{"id":"en1","title":"Defence","text":"Japan raises defence spending."}' >cjk.jsonl
artsearch-index -q --index cjk --format jsonl cjk.jsonl
run artsearch --index cjk -c 日本政府は防衛費の大幅な増額を本日の閣議で正式に決定した
check_eq "$(cat out)" "1" "CJK: a run of 84 bytes is found"
run artsearch --index cjk -c 防衛費
check_eq "$(cat out)" "2" "CJK: a part of a run is found in both paragraphs"
run artsearch --index cjk -c '"防衛費の大幅"'
check_eq "$(cat out)" "1" "CJK: a phrase"
run artsearch --index cjk -c 閣議
check_eq "$(cat out)" "1" "CJK: a word in the middle of a sentence"
run artsearch --index cjk -c 문장
check_eq "$(cat out)" "1" "Korean: a part of a word"
run artsearch --index cjk -c 'japan 防衛'
check_eq "$(cat out)" "0" "CJK beside other words: all of them required"
run artsearch --index cjk --format json 防衛費
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out | sort -u)" "[[15,24]]" \
    "CJK: the characters matched are highlighted"
run artsearch --index cjk --format text --color always 閣議
check_grep "$(printf '\033\\[1;31m閣議\033\\[0m')" out "CJK: highlighted in colour"
# A run typed as one word is found where it is written whole, not where
# its pairs of characters are apart ("Tokyo and Kyoto" has 東京 and 京都,
# not 東京都), in the text and in a field.
printf '%s\n' '{"id":"tokyo","title":"東京都","text":"東京都の予算が発表された。"}' \
    '{"id":"kyoto","title":"東京と京都","text":"彼は東京と京都を訪れた。"}' >tokyo.jsonl
artsearch-index -q --index tokyo --format jsonl tokyo.jsonl
for q in 東京都 'title:東京都' '(東京都 OR 大阪)' '東京都 -大阪' '東京都　京都' '東京都、京都' '「東京都」'; do
    run artsearch --index tokyo --list=ids "$q"
    check_eq "$(cat out)" "tokyo" "CJK: a run found only whole: $q"
done
run artsearch --index tokyo --list=ids -n 5 東京
check_eq "$(sort out | tr '\n' ' ')" "kyoto tokyo " "CJK: a shorter run finds both"
# Highlighted where it is found: written whole, not its characters where
# a space or punctuation parts them (the index reads them as neighbours
# there too).
printf '%s\n' '{"id":"t","title":"t","text":"東京、都心では東京都が"}' \
    '{"id":"k","title":"t","text":"한국 방문. 국방부. 한 국방 문."}' \
    '{"id":"g","title":"t","text":"G7サミットが開かれた。G7サミ、ットも。"}' >cjkhl.jsonl
artsearch-index -q --index cjkhl --format jsonl cjkhl.jsonl
for q in '東京都=[[21,30]]' '京都=[[24,30]]' '국방=[[15,21],[30,36]]' '"한국 방문"=[[0,13]]' \
    'G7サミット=[[0,14]]'; do
    run artsearch --index cjkhl --format json "${q%%=*}"
    check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "${q#*=}" \
        "CJK: a run highlighted only where written whole: ${q%%=*}"
done
# A paragraph found without the run written whole (by another word, or
# by its pairs apart) has none of the run's characters highlighted, one by
# one or in its pairs.
printf '%s
' '{"id":"a","title":"t","text":"東京、都心の会場。京都と東京。"}' \
    '{"id":"b","title":"t","text":"東京、都心と大阪。"}' >cjkapart.jsonl
artsearch-index -q --index cjkapart --format jsonl cjkapart.jsonl
for q in '東京都=a:[]' '東京都 OR 大阪=b:[[18,24]]' '~東京都 OR 大阪=b:[[18,24]]'; do
    run artsearch --index cjkapart --format json -- "${q%%=*}"
    check_eq "$(jq -r 'select(.type=="hit") | "\(.article):\(.highlights | tostring)"' out | sort | tail -1)" \
        "${q#*=}" "CJK: no character of a run highlighted where it is not whole: ${q%%=*}"
done
# Nor across a space or punctuation, where the characters' positions run
# on: 京都 is not in 東京、都心, 国방 not in Korean 한국 방문 (a quoted phrase
# with its spaces is found as written); the pairs weigh nothing.
printf '%s\n' '{"id":"tokyo","title":"t","text":"日本代表は東京、都心で会見した。"}' \
    '{"id":"kyoto","title":"t","text":"京都の寺。"}' \
    '{"id":"visit","title":"t","text":"대통령은 다음 주 한국 방문 일정을 발표했다."}' \
    '{"id":"mod","title":"t","text":"국방부는 예산을 늘렸다."}' >breaks.jsonl
artsearch-index -q --index breaks --format jsonl breaks.jsonl
for q in 京都 '"京都"' '“京都”' '大阪 OR 京都' 'japan OR 京都 OR china'; do
    run artsearch --index breaks --list=ids "$q"
    check_eq "$(cat out)" "kyoto" "CJK: no run across punctuation: $q"
done
for q in 국방 '"국방"' '국방 -대통령' '국방 NOT 방문'; do
    run artsearch --index breaks --list=ids "$q"
    check_eq "$(cat out)" "mod" "Korean: no run across a space: $q"
done
for q in '"한국 방문"' '한국 방문' '"다음 주"'; do
    run artsearch --index breaks --list=ids "$q"
    check_eq "$(cat out)" "visit" "Korean: a phrase with its spaces: $q"
done
# A run written together with letters or digits is that word as typed:
# G7サミット is not G7 and サミ and ミット anywhere; IT beside 企業 is no
# stopword, nor WHO beside ワクチン.
printf '%s\n' '{"id":"apart","title":"t","text":"G7の会合で、サミ氏はミットを買った。"}' \
    '{"id":"g7","title":"t","text":"G7サミットが開かれた。"}' \
    '{"id":"ai","title":"t","text":"AI規制法の審議。東京と京都。"}' \
    '{"id":"budget","title":"t","text":"2024年度予算が成立。"}' \
    '{"id":"it","title":"t","text":"IT企業の株価が上昇した。"}' \
    '{"id":"sme","title":"t","text":"中小企業の経営者は困惑した。"}' \
    '{"id":"who","title":"t","text":"WHOの事務局長はワクチンの分配を訴えた。"}' \
    '{"id":"mhlw","title":"t","text":"厚労省はワクチン接種を始めた。"}' >mixed.jsonl
artsearch-index -q --index mixed --format jsonl mixed.jsonl
for q in 'G7サミット:g7' 'g7サミット OR 大阪:g7' 'AI規制:ai' 'AI東京都:' '2024年度予算:budget' \
    'IT企業:it' 'WHO ワクチン:who' '企業 -IT企業:sme'; do
    run artsearch --index mixed --list=ids "${q%:*}"
    check_eq "$(cat out)" "${q##*:}" "CJK written with letters or digits: ${q%:*}"
done
# The fullwidth signs of a Chinese or Japanese keyboard are operators, as
# the ASCII ones are: －増税 excludes.
printf '%s\n' '{"id":"tax","title":"t","text":"防衛費の財源を巡り、増税への反発が強まった。"}' \
    '{"id":"record","title":"t","text":"防衛費は過去最大となった。F-35戦闘機を取得した。"}' \
    '{"id":"covid","title":"t","text":"COVID-19ワクチンの接種。"}' >signs.jsonl
artsearch-index -q --index signs --format jsonl signs.jsonl
for q in '防衛費 －増税:record' '防衛費 ＋増税:tax' '（辺野古 OR 財源） 防衛費:tax' '防衛＊ －増税:record' \
    'F35:record' 'F-35戦闘機:record' 'COVID19:covid' '防衛費 -F35:tax'; do
    run artsearch --index signs --list=ids "${q%:*}"
    check_eq "$(cat out)" "${q##*:}" "fullwidth signs, hyphens beside CJK: ${q%:*}"
done
# A Japanese name is written with a space between family and given name
# or without: one name to --author and the facets; the Chinese and
# Japanese commas separate tags; fullwidth digits are digits in dates.
mkdir names
printf 'Title: 防衛\nAuthor: 山田 太郎\nTags: 外交，安全保障\n\n防衛費が増えた。\n' >names/spaced.txt
printf 'Title: 予算\nAuthor: 山田太郎\nDate: ２０２４－０３－０１\nTags: 日米同盟、防衛\n\n防衛費の予算。\n' >names/joined.txt
artsearch-index -q --index names names
for a in 山田太郎 '山田 太郎' '山田　太郎'; do
    run artsearch --index names -c --author "$a" 防衛費
    check_eq "$(cat out)" "2" "a Japanese name with or without a space: --author '$a'"
done
run artsearch --index names --facets author --format tsv 防衛費
check_grep "^facet	author	山田.*太郎	2$" out "... one value of the facet"
run artsearch --index names --list=ids --tag 安全保障 防衛費
check_eq "$(cat out)" "spaced" "tags split at a fullwidth comma"
run artsearch --index names --list=ids --tag 防衛 防衛費
check_eq "$(cat out)" "joined" "tags split at an ideographic comma"
run artsearch --index names --list=ids --since ２０２４－０１ 防衛費
check_eq "$(cat out)" "joined" "fullwidth digits in a Date header and in --since"
# What the runs' rewriting must leave as it was: a field before brackets,
# quotes after a word, fullwidth signs inside words and names, a query
# of excluded runs only, the rewriter's own field.
mkdir fields
printf 'Title: 東京都の予算\nAuthor: 山田 太郎\nTags: 自民党（日本）\n\n東京都は予算案を発表した。\n\nNHK「クローズアップ現代」で放送。\n\n東京と京都、大阪府を回った。\n' >fields/a.txt
printf 'Title: 東京、都心の再開発\n\nＣ＋＋の入門書。\n\nThe C++ book.\n' >fields/b.txt
artsearch-index -q --index fields fields
for q in 'title:(予算):3' 'author:(山田):3' 'title:京都:3' 'title:都心:2' 'NHK「クローズアップ現代」:1' \
    'tag:"自民党（日本）":3' 'Ｃ＋＋:1' '東京都－大阪府:0' 'トヨタ（株） OR 予算案:1' '（東京都 OR 京都） 予算:1'; do
    run artsearch --index fields -c "${q%:*}"
    check_eq "$(cat out)" "${q##*:}" "CJK runs beside fields, quotes and signs: ${q%:*}"
    check_no_grep "syntax error" err "... no syntax error: ${q%:*}"
done
run artsearch --index fields --list=ids -n 1 title:京都
check_eq "$(cat out)" "a" "... title:京都 is not in a title 東京、都心"
for q in '-東京都' '－東京都' '(-京都)' '-京都 -大阪' '-京' '－京' '-京 -tag:自民党'; do
    run artsearch --index fields -- "$q"
    check_status 2 "CJK runs excluded only: an error: $q"
    check_grep "would find what it excludes" err "... which says why: $q"
done
# A synonym entry in these scripts is not found across a break either.
mkdir cjksyn
printf '東京都, 都庁\n' >cjksyn/synonyms.conf
printf 'Title: a\n\n日本代表は東京、都心の会場で会見した。\n\n東京都は予算案を発表した。\n\n都庁の職員。\n' >cjksyn/a.txt
artsearch-index -q --index cjksyn cjksyn
for q in '~東京都' '~都庁'; do
    run artsearch --index cjksyn --format tsv "$q"
    check_eq "$(cut -f4 out | sort | tr '\n' ' ')" "2 3 " "CJK synonyms: not across a break: $q"
done
# Fullwidth brackets after a sign or a field's colon are brackets; a
# name's （株） inside them pairs with its own; -tag: with a CJK value is
# NOT tag:; title:(...) has the run's pairs too.
mkdir signs2
printf 'Title: 東京都の予算\nTags: 自民党\n\n東京都は予算案を発表した。\n\n大阪府と日産。\n' >signs2/a.txt
printf 'Title: 東京、都心の再開発\n\n都心の話。\n' >signs2/b.txt
printf 'Title: 新車\n\nトヨタ（株）の新車。\n' >signs2/c.txt
artsearch-index -q --index signs2 signs2
for q in '予算 -（大阪府 OR 日産）:a#1' '予算 －（大阪府 OR 日産）:a#1' '予算 -title:（東京都）:' \
    '（トヨタ（株） OR 日産） 予算:' '-tag:自民党:b#1 c#1' 'title:(東京都):a#1 a#2' 'title:（予算）:a#1 a#2' \
    '予算 －（大阪府 OR 日産:a#1' '予算 -(大阪府 OR 日産:a#1'; do
    run artsearch --index signs2 --format tsv -- "${q%:*}"
    check_eq "$(cut -f3,4 out | tr '\t' '#' | sort | tr '\n' ' ' | sed 's/ $//')" "${q##*:}" \
        "fullwidth brackets, -tag:, title:(...): ${q%:*}"
done
run artsearch --index fields xcjkrun:e4baac
check_status 2 "the runs' field is reserved"
run artsearch --index fields --ranking title --explain --format json 東京都
check_no_grep 'S東京\|S京都' out "the pairs of a run get no title boost"
run artsearch --index mixed -c 'zzqx 防a zzqy'
check_status 1 "CJK touching a letter between words: no parse error"
run artsearch --index breaks --list=ids 東京
check_eq "$(cat out)" "tokyo" "CJK: a run before punctuation is found"
run artsearch --index breaks --ranking bm25 --format tsv --explain 京都
check_eq "$(cut -f11 out)" "京:text:0.4634 都:text:0.4634" \
    "CJK: the pairs of a run are not listed by --explain"
# A run between words and operators (Xapian 1.4.22's parser failed on a
# word, a space, such a run, a space and a word: "parse error", exit 2).
printf '%s\n' '{"id":"mix","title":"Budget","text":"The 防 budget and the 日本 alliance grew."}' \
    '{"id":"plain","title":"Plain","text":"The budget and the alliance."}' >mix.jsonl
artsearch-index -q --index mix --format jsonl mix.jsonl
for q in 'budget 防 alliance' 'budget AND 日本 AND alliance' 'zzzz OR 防 OR yyyy' \
    'budget 日本 alliance' 'alliance 日本 NOT 中国' '(budget 防) alliance'; do
    run artsearch --index mix --list=ids "$q"
    check_eq "$status:$(sort out | tr '\n' ' ')" "0:mix " "CJK between words and operators: $q"
done
for q in '防 +budget' '+防' '(防)' '"budget" 防' 'budget 防 alliance +grew'; do
    run artsearch --index mix --strict --list=ids "$q"
    check_eq "$status:$(cat out):$(cat err)" "0:mix:" "... beside +, brackets and quotes: no syntax error ($q)"
done
run artsearch --index mix --list=ids 'budget NOT 防 alliance'
check_eq "$status:$(sort out | tr '\n' ' ')" "0:plain " "... and after NOT"
run artsearch --index mix -c 'budget 日本 alliance AND'
check_grep "syntax error .*searched for its words without operators instead" err \
    "... a syntax error beside them: the words searched, with a warning"
check_eq "$status:$(cat out)" "0:1" "... which find the paragraph"
# A query of such words alone with a syntax error warns as one of other
# words does: "budget )" warns, ") budget" does not (the parser skips a
# closing bracket before any word; --strict refuses both).
for q in '日本 )' '防 )' '日本 防 )' '日本 ) 防' '"日本 防" )' 'budget )'; do
    run artsearch --index mix -c -- "$q"
    check_grep "syntax error .*searched for its words without operators instead" err \
        "... a syntax error in CJK words only: a warning ($q)"
done
for q in ') 日本' '(日本' '日本 防' '(日本 OR 防)' ') budget'; do
    run artsearch --index mix -c -- "$q"
    check_no_grep "syntax error" err "... no warning: $q"
done
run artsearch --index mix --strict -c -- '日本 )'
check_status 2 "... and --strict refuses it"
run artsearch --index mix -c 'zzqx 防 zzqy'
check_eq "$status:$(cat out)" "1:0" "... and one that finds nothing (a spelling suggestion looked for): exit 1"
run artsearch --index cjk -c '防衛 NEAR 閣議'
check_grep "warning: NEAR and ADJ take no Chinese, Japanese or Korean words, which the index reads as characters" \
    err "CJK beside NEAR: the warning says why, not a syntax error"
check_eq "$(cat out)" "1" "... and the words are searched without it"
for q in '防衛 ADJUSTMENT)' '(japan NEAR china) AND 防衛)'; do
    run artsearch --index cjk -c "$q"
    check_grep "warning: the query has a syntax error" err "no NEAR beside CJK words in: $q"
done
# An index made before n-grams (no artsearch.cjk) reads a run as one
# word, as its terms were made; searched with a newer one, a warning says
# that such words are searched the old way.
printf '%s\n' '{"id":"x1","title":"Seed","text":"Plain text."}' >seed.jsonl
artsearch-index -q --index cjkold --format jsonl seed.jsonl
xapian-metadata set cjkold/db-1 artsearch.cjk ""
printf '%s\n' '{"id":"old1","title":"古い","text":"防衛費の増額"}' >old.jsonl
artsearch-index -q --index cjkold --format jsonl old.jsonl
run artsearch --index cjkold -c 防衛費の増額
check_eq "$(cat out)" "1" "an index made before n-grams: a run is found whole"
run artsearch --index cjk --index cjkold -c 防衛費
check_grep "warning: the indexes read Chinese, Japanese and Korean words two ways" \
    err "a new index with an older one: a warning for CJK words"
run artsearch --index cjk --index cjkold -c japan
check_no_grep "two ways" err "... none for other words"

# Names with an apostrophe: --author, --source, --tag and tag: match the
# name written with the ASCII one or the typographic one, as typed either
# way.
mkdir apo
printf 'Title: One\nAuthor: Se\303\241n O\342\200\231Connor\nSource: Writer\342\200\231s Digest\nTags: Children\342\200\231s books\n\nSome text here.\n' >apo/a.txt
printf "Title: Two\nAuthor: Se\303\241n O'Connor\nTags: Children's books\n\nOther text here.\n" >apo/b.txt
artsearch-index -q --index apoidx apo
for name in "Se\303\241n O'Connor" "se\303\241n o\342\200\231connor"; do
    run artsearch --index apoidx -c --author "$(printf "$name")" text
    check_eq "$(cat out)" "2" "--author '$(printf "$name")': both ways of writing the apostrophe"
done
run artsearch --index apoidx -c --source "writer's digest" text
check_eq "$(cat out)" "1" "--source with an ASCII apostrophe finds the typographic one"
run artsearch --index apoidx -c "tag:\"children's books\""
check_eq "$(cat out)" "2" "tag: with an apostrophe: both ways"
run artsearch --index apoidx -c --tag "$(printf 'children\342\200\231s books')" text
check_eq "$(cat out)" "2" "--tag with a typographic apostrophe: both ways"

# Words are read folded, in the articles and in queries alike: French
# elisions go (l'économie is économie), fullwidth letters and ligatures
# are their plain letters, ß is ss and final sigma sigma; a highlight
# covers the word as the article writes it.
mkdir fold-fr fold-de fold-ja
printf "Title: L'Europe\nAuthor: Jean d'Ormesson\nTags: L\342\200\231\303\251conomie\n\nSelon l'OCDE, l'\303\251conomie europ\303\251enne ralentit.\n\nLes \303\251conomies d'Asie progressent.\n" >fold-fr/a.txt
printf 'Title: Die Stra\303\237e\nAuthor: Johann Strau\303\237\n\nDie STRASSE nach Athen, \316\244\316\237\316\245\316\243 \316\224\316\241\316\237\316\234\316\237\316\245\316\243. Die \357\254\201nanzielle Lage.\n' >fold-de/a.txt
printf 'Title: \357\274\256\357\274\250\357\274\253\n\n\357\274\256\357\274\250\357\274\253\343\201\257\357\275\266\357\276\236\357\275\275\346\226\231\351\207\221\343\201\253\343\201\244\343\201\204\343\201\246\345\240\261\343\201\230\343\201\237\343\200\202\n' >fold-ja/a.txt
artsearch-index -q --index foldfr --lang french fold-fr
artsearch-index -q --index foldde --lang german fold-de
artsearch-index -q --index foldja fold-ja
run artsearch --index foldfr -c "$(printf '\303\251conomie')"
check_eq "$(cat out)" "2" "French: a word after an elision (l'\303\251conomie) is found"
run artsearch --index foldfr -c "$(printf '"l\342\200\231\303\251conomie europ\303\251enne"')"
check_eq "$(cat out)" "1" "French: a phrase with an elision, typed with either apostrophe"
run artsearch --index foldfr --format json "$(printf '\303\251conomie')"
check_eq "$(jq -c 'select(.type=="hit" and .paragraph==1) | .highlights' out)" "[[16,25]]" \
    "French: the highlight is the word after the elision"
run artsearch --index foldfr -c --author "jean ormesson" --tag "$(printf '\303\251conomie')" OCDE
check_eq "$(cat out)" "1" "French: names are compared without their elisions"
run artsearch --index foldfr "$(printf "l'\303\251conomei")"
check_grep "did you mean: $(printf "l'\303\251conomie") " err \
    "French: a misspelt word after an elision gets a suggestion, as typed"
run artsearch --index foldfr --format json "$(printf '"L\342\200\231\303\211CONOMEI europ\303\251enne" OR asie')"
check_eq "$(jq -r 'select(.type=="suggestion") | .suggestion' out)" \
    "$(printf '"L\342\200\231\303\251conomie europ\303\251enne" OR asie')" \
    "... the rest of the query kept as typed (apostrophe, quotes, operators)"
run artsearch --index foldde -c strasse
check_eq "$(cat out)" "1" "German: ss finds STRASSE"
run artsearch --index foldde -c --author "JOHANN STRAUSS" "$(printf 'Stra\303\237e')"
check_eq "$(cat out)" "1" "German: \303\237 is ss, in words and in names"
run artsearch --index foldde -c "$(printf '\317\204\316\277\317\205\317\202')" finanzielle
check_eq "$(cat out)" "1" "Greek final sigma and the ligature fi are read as their letters"
run artsearch --index foldde --format json "$(printf '\317\204\316\277\317\205\317\202')"
set -- $(jq -r 'select(.type=="hit") | .highlights[0] | "\(.[0] + 1) \(.[1])"' out)
check_eq "$(jq -j 'select(.type=="hit") | .snippet' out | cut -b "$1-$2")" \
    "$(printf '\316\244\316\237\316\245\316\243')" "Greek: the capitals are highlighted"
for q in NHK nhk "$(printf '\357\274\256\357\274\250\357\274\253')"; do
    run artsearch --index foldja -c "$q"
    check_eq "$(cat out)" "1" "fullwidth letters in Japanese text: $q finds them"
done
run artsearch --index foldja --format json "$(printf '\343\202\254\343\202\271')"
check_eq "$(jq -r 'select(.type=="hit") | .highlights | length' out)" "1" \
    "halfwidth katakana with a voiced mark: found as the composed word, highlighted"
run artsearch --index foldfr -c economy
check_status 1 "folding finds no other words"
# A word typed with a capital is looked up as written (not stemmed), and
# finds its possessive: Japan finds Japan's and Japan's, in phrases, NEAR
# and titles too, highlighted.
mkdir possessive
printf "Title: Japan's choice\nAuthor: Jane Roe\n\nKishida's government said Japan\342\200\231s trade surplus narrowed.\n\nTokyo agreed.\n" >possessive/a.txt
artsearch-index -q --index possidx possessive
for q in Kishida Japan '"Japan trade surplus"' 'Japan NEAR/1 trade'; do
    run artsearch --index possidx -c "$q"
    check_eq "$(cat out)" "1" "a capitalised word finds its possessive: $q"
done
run artsearch --index possidx -c 'title:"Japan choice"'
check_eq "$(cat out)" "2" "... in a title too (every paragraph of the article)"
run artsearch --index possidx --format json Japan
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "[[26,35]]" \
    "... highlighted as the word written"
run artsearch --index possidx -c 'Japans'
check_status 1 "... and no other word"
run artsearch --index possidx -c 'Japan Tokyo'
check_status 1 "... at its own place (no match in another paragraph)"
# A number typed without thousands separators finds it with them (the
# index keeps the number without them at its place), in phrases and
# titles too, highlighted as written; typed with them, as written only.
mkdir numbers
printf 'Title: 12,500 jobs\n\nThe plant cuts 1,000 jobs and pays 2,500,000.75 dlrs.\n\nA further 1000 jobs go; 1,00,000 rupees; 10,00 and 1,2345.\n' >numbers/a.txt
artsearch-index -q --index numidx numbers
check_counts numidx "numbers" '1000:2' '"1000 jobs":2' '2500000.75:1' 'title:12500:2' \
    '1,000:1' '100000:0' '1000:2' '12345:0' '1000 NEAR/0 jobs:2'
# A hyphenated word typed whole finds it (G7 finds "G-7", postwar
# "post-war", email "e-mails"), in phrases on either side and titles,
# highlighted as written; numbers alone and non-ASCII words stay apart.
mkdir hyphens
printf 'Title: G-7 talks\n\nThe G-7 summit backed post-war e-mails for 2024-25 in Saint-\303\211tienne.\n\nA plain post war note.\n' >hyphens/a.txt
artsearch-index -q --index hyphidx hyphens
check_counts hyphidx "hyphenated words" 'G7:1' 'g7:1' '"G7 summit":1' '"the G7":1' \
    'postwar:1' 'email:1' 'emails:1' 'title:G7:2' '202425:0' 'saintetienne:0' '"post war":2'
run artsearch --index hyphidx --format json '"G7 summit" email'
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "[[4,14],[31,38]]" \
    "... highlighted as written, the whole word"
# A hyphen or dash of Unicode joining two words in a query (as pasted
# from an article) is a hyphen: the phrase of the words; an em dash, a
# spaced dash and a filter's value (matched as written) are not.
mkdir dashes
printf 'Title: D\nTags: Japan\342\200\223US\n\nThe Japan\342\200\223US treaty.\n\nJapan left the US.\n' >dashes/a.txt
artsearch-index -q --index dashidx dashes
hyphen=$(printf '\342\200\220') nbhyphen=$(printf '\342\200\221')
endash=$(printf '\342\200\223') emdash=$(printf '\342\200\224')
check_counts dashidx "dashes" 'Japan-US:1' "Japan${hyphen}US:1" \
    "Japan${nbhyphen}US:1" "Japan${endash}US:1" "Japan${emdash}US:2" \
    "Japan ${endash} US:2" "tag:Japan${endash}US treaty:1" \
    "tag:\"Japan${endash}US\" Japan:2" "treaty,tag:Japan${endash}US:1" \
    "(treaty)tag:Japan${endash}US:1" "Japan${endash}US NEAR treaty:1" \
    "treaty NEAR/2 Japan${endash}US:1" "Japan${endash}US ADJ treaty:1"
run artsearch --index dashidx -c "Japan${endash}US NEAR treaty"
check_eq "$(cat err)" "" "dashes: beside NEAR, words as before, no syntax error"
# A word typed without accents finds it with them (names above all),
# stemmed or not, in phrases and fields, highlighted as written; typed
# with them, it finds only the word with them.
mkdir accents
printf 'Title: Z\303\274rich talks\nAuthor: Jos\303\251 Mart\303\255\nSource: Le Monde \303\211conomique\nTags: Z\303\274rich\n\nShinz\305\215 Abe met the caf\303\251 owner in Z\303\274rich.\n\nA cafe near Zurich.\n\nThe \305\201\303\263d\305\272 caf\303\251s.\n' >accents/a.txt
artsearch-index -q --index accidx accents
check_counts accidx "accents" 'Zurich:2' 'zurich:2' "$(printf 'Z\303\274rich'):1" \
    'cafe:3' "$(printf 'caf\303\251'):2" '"cafe owner":1' 'Shinzo:1' 'shinzo:1' \
    'Lodz:1' 'cafes:3' 'title:zurich:3' 'author:jose:3' 'author:"jose marti":3'
run artsearch --index accidx --format json 'zurich shinzo'
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "[[0,7],[35,42]]" \
    "accents: highlighted as written"
for filter in "--author=Jose Marti" "--author=$(printf 'Jos\303\251 Mart\303\255')" \
    "--tag=zurich" "--source=le monde economique"; do
    run artsearch --index accidx -c "$filter" cafe
    check_eq "$(cat out)" "3" "accents: $filter takes the name without them too"
done
run artsearch --index accidx -c --author="Jose Marty" cafe
check_status 1 "accents: ... and no other name"
run artsearch --index accidx --explain --format tsv cafes
check_eq "$(cut -f11 out | sed 's/:.*//' | LC_ALL=C sort -u | tr '\n' ' ')" \
    "$(printf 'cafe caf\303\251 caf\303\251s ')" "accents: --explain names each word as written"
run artsearch --index accidx --similar a:1 --explain --format text
check_grep 'Parsed query: .*Zzurich' out "accents: --similar takes the word without them"
check_no_grep "$(printf 'Zz\303\274rich')" out "... not both forms of it"
# In a language written with accents (French, German, ...), whose
# stemmers read them, the index keeps no twin without them.
artsearch-index -q --index accfr --lang french accents
run artsearch --index accfr -c Shinzo
check_status 1 "accents: no twins in an index in French"

# The quotation marks of other languages quote a phrase too.
mkdir quotes
printf 'Title: Q\n\nStrategic autonomy now.\n\nAutonomy is strategic.\n' >quotes/a.txt
artsearch-index -q --index quoteidx quotes
check_counts quoteidx "quotes" 'strategic autonomy:2' '"strategic autonomy":1' \
    "$(printf '\302\253strategic autonomy\302\273'):1" \
    "$(printf '\302\253 strategic autonomy \302\273'):1" \
    "$(printf '\302\273strategic autonomy\302\253'):1" \
    "$(printf '\342\200\236strategic autonomy\342\200\234'):1" \
    "$(printf '\343\200\214strategic autonomy\343\200\215'):1" \
    "$(printf '\357\274\202strategic autonomy\357\274\202'):1"
run artsearch --index quoteidx -c "$(printf '\302\253strategic\302\273 NEAR autonomy')"
check_eq "$(cat out) $(cat err)" "2 " "quotes: a word in them beside NEAR is the word, no syntax error"
run artsearch --index quoteidx -c '"strategic autonomy" NEAR now'
ascii=$(cat out)
run artsearch --index quoteidx -c "$(printf '\302\253strategic autonomy\302\273 NEAR now')"
check_eq "$(cat out)" "$ascii" "quotes: a pair beside NEAR reads as the same in ASCII would"
mkdir quotetag
printf 'Title: B\nTags: Brexit, Brexit deal\n\nTalks went on.\n' >quotetag/a.txt
artsearch-index -q --index quotetagidx quotetag
check_counts quotetagidx "quotes" "$(printf 'talks tag:\302\253Brexit deal\302\273'):1" \
    "$(printf 'talks tag:\342\200\236Brexit deal\342\200\234'):1" \
    "$(printf 'talks tag:\302\253Brexit deal'):1"
check_counts quoteidx "quotes: marks inside a phrase are punctuation" \
    "$(printf '"autonomy \302\253strategic\302\273 now"'):0" \
    "$(printf '"strategic \302\253autonomy\302\273 now"'):1"
run artsearch --index quoteidx --format tsv "$(printf '\302\253strategc autonomy\302\273')"
check_grep "$(printf 'did you mean: \302\253strategic autonomy\302\273 \\(1 matching')" err \
    "quotes: a suggestion keeps them as typed"
mkdir hyphens2
printf 'Title: Q\n\nRolls-Royce\342\200\231s \342\200\234G-7\342\200\224era\342\200\235 deal in caf\303\251-bar.\n' >hyphens2/a.txt
artsearch-index -q --index hyph2idx hyphens2
check_counts hyph2idx "hyphenated words beside curly quotes, dashes, accents" \
    'rollsroyce:1' 'G7:1' 'cafebar:0'
run artsearch --index hyphidx --explain --format tsv postwar
check_eq "$(cut -f11 out | sed 's/:.*//')" "post-war" "... and named so by --explain"
mkdir numbers2
printf "Title: T\n\nSome 1,000's and 1,000s of people.\n" >numbers2/a.txt
artsearch-index -q --index num2idx numbers2
run artsearch --index num2idx --format json 1000
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "[[5,12]]" "numbers: 1000 finds a possessive 1,000's"
run artsearch --index num2idx --format json 1000s
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "[[5,12],[17,23]]" \
    "numbers: 1000s finds 1,000s and 1,000's"
# A number's plural is one word with or without an apostrophe (the
# 1980s are the 1980's and the 1980’s), in phrases too, highlighted
# as written; 1980 finds the possessive, not the plural.
mkdir decades
printf "Title: T\n\nA: the 1980s.\n\nB: the 1980's.\n\nC: the 1980\342\200\231s.\n\nD: 1980 results.\n\nE: the '80s.\n\nF: 1,000's of them.\n\nG: 1,000s of them.\n" >decades/a.txt
artsearch-index -q --index decidx decades
check_counts decidx "decades" '1980s:3' "1980's:3" '"the 1980s":3' "\"the 1980's\":3" \
    '1980:3' '80s:1' "80's:1" '1000s:2' "1000's:2" '1000:1' '1,000s:2'
run artsearch --index decidx --format json 1980s
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out | sort | tr '\n' ' ')" \
    "[[7,12]] [[7,13]] [[7,15]] " "decades: highlighted as written"
run artsearch --index numidx --format json '"1000 jobs"'
check_eq "$(jq -c 'select(.type=="hit" and .paragraph == 1) | .highlights' out)" "[[15,25]]" \
    "... highlighted as the number written"

# The author facet counts the names the filters take for one as one.
mkdir fold-facet
printf 'Title: A\nAuthor: Hans Stra\303\237e\n\nZug eins.\n' >fold-facet/a.txt
printf 'Title: B\nAuthor: HANS STRASSE\n\nZug zwei.\n' >fold-facet/b.txt
artsearch-index -q --index foldfacet fold-facet
run artsearch --index foldfacet --facets author --format json zug
check_eq "$(jq -r 'select(.type=="facet") | .count' out)" "2" \
    "the author facet: Stra\303\237e and STRASSE are one name, as to --author"
# Names longer than a term that begin alike (credit lines, URLs) stay
# two names to the filters and the facets.
mkdir long-names
long=$(printf 'Reporting by %.0sJane Doe and ' $(seq 1 20))
printf 'Title: A\nAuthor: %s Mark Potter\nSource: %s s1\nTags: %s x1\n\nOil rose.\n' \
    "$long" "$long" "$long" >long-names/a.txt
printf 'Title: B\nAuthor: %s Jan Harvey\nSource: %s s2\nTags: %s x2\n\nOil fell.\n' \
    "$long" "$long" "$long" >long-names/b.txt
artsearch-index -q --index longnames long-names
run artsearch --index longnames --list=ids --author "$long Mark Potter" oil
check_eq "$(cat out)" "a" "two long authors that begin alike: --author finds one"
run artsearch --index longnames --list=ids --source "$long s2" oil
check_eq "$(cat out)" "b" "... --source too"
run artsearch --index longnames --list=ids "tag:\"$long x1\" oil"
check_eq "$(cat out)" "a" "... and tag:"
run artsearch --index longnames --list=ids --tag "$long x1" --tag "$long x2" oil
check_eq "$(sort out | tr '\n' ' ')" "a b " "... and --tag given for each"
run artsearch --index longnames --facets author,source --format json oil
check_eq "$(jq -r 'select(.type=="facet") | .count' out | tr '\n' ' ')" "1 1 1 1 " \
    "... and the facets count them apart"
xapian-metadata set longnames/db-1 artsearch.names ''
run artsearch --index longnames --list=ids --author "$long Jan Harvey" oil
check_eq "$(cat out)" "b" "an index that may have long names cut: found too"

# A synonym entry written with its elision expands its group.
mkdir fold-syn
printf "l'Europe, Bruxelles\n" >fold-syn/synonyms.conf
printf 'Title: A\n\nBruxelles d\303\251cide.\n' >fold-syn/a.txt
printf "Title: B\n\nL'Europe attend.\n" >fold-syn/b.txt
artsearch-index -q --index foldsyn --lang french fold-syn
for q in "~l'europe" "~bruxelles"; do
    run artsearch --index foldsyn -c "$q"
    check_eq "$(cat out)" "2" "French synonyms: $q expands the group"
done

# A list longer than the chunks hits are read in (1,000): whole, in
# order, the same as its pages; -l names a file once over the chunks.
mkdir long
awk 'BEGIN { printf "Title: Long\n\n"; for (i = 0; i < 2500; i++) printf "Rice %d%s.\n\n", i, (i % 3 ? " paddy" : "") }' >long/long.txt
awk 'BEGIN { for (i = 0; i < 1500; i++) printf "{\"id\": \"j%d\", \"title\": \"J\", \"text\": \"rice %d\"}\n", i, i }' >long/many.jsonl
artsearch-index -q --index longidx long
artsearch-index -q --index longidx --format jsonl long/many.jsonl
run artsearch --index longidx -n 5000 --format tsv rice
check_status 0 "a list of 4,000 hits"
check_eq "$(wc -l <out)" "4000" "every hit of a list longer than a chunk"
check_eq "$(column 1 | awk '$1 != NR' | head -1)" "" "ranks 1 to 4000 in order"
cut -f1,3,4 out >long.all
for offset in 0 999 2000 3500; do
    artsearch --index longidx -n 1000 --offset $offset --format tsv rice | cut -f1,3,4
done >long.pages
sed -n '1,1000p;1000,1999p;2001,3000p;3501,4000p' long.all >long.want
check_eq "$(cmp long.pages long.want 2>&1)" "" "pages read as one list are the same hits"
run artsearch --index longidx -n 5000 -l rice
check_eq "$(sort out | tr '\n' ' ')" "long/long.txt long/many.jsonl " "-l: each file once over the chunks"
run artsearch --index longidx -n 5000 --list=ids rice
check_eq "$(sort -u out | wc -l)" "1501" "--list=ids: every article once"

# A phrase typed many times under OR is matched once (Xapian matches
# each copy on its own: 500 copies of "of the" took 18 s on Reuters);
# the same hits, and a word typed twice keeps its weight.
run artsearch --explain --format json '"nuclear umbrella" OR "nuclear umbrella" OR (harbour AND "nuclear umbrella")'
check_status 0 "a phrase repeated under OR"
check_eq "$(jq -r 'select(.type=="summary") | .parsed_query' out | grep -o 'PHRASE' | wc -l)" "2" \
    "... is matched once at each level (the one under AND stays)"
check_eq "$(jq -r 'select(.type=="hit") | .article' out | tr '\n' ' ')" "beta " "... and finds what one copy finds"
mkdir at-tags
printf 'Title: One\nTags: v@1\n\nThe budget was set.\n' >at-tags/one.txt
printf 'Title: Two\nTags: v@2\n\nThe budget was cut.\n' >at-tags/two.txt
artsearch-index -q --index attags at-tags
run artsearch --index attags --list=ids '(budget AND tag:v@1) OR (budget AND tag:v@2)'
check_eq "$(sort out | tr '\n' ' ')" "one two " "... but groups that differ in a tag with @1 and @2 in it stay two"
run artsearch --explain --format json 'harbour OR harbour'
check_eq "$(jq -r 'select(.type=="summary") | .parsed_query' out | grep -o 'harbour@' | wc -l)" "2" \
    "a word typed twice stays twice"

finish
