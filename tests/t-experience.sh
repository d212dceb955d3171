#!/bin/sh
# t-experience.sh - the search experience: sorting, per-article results,
# similar paragraphs, spelling, synonyms, explain, facets, batch mode and
# the script-friendly output modes.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"

build_fixture basic
export ARTSEARCH_INDEX="$WORK/idx"

# --articles: one line per article, best paragraph, matching count last.
run artsearch --articles harbour
check_eq "$(column 3 | tr '\n' ' ')" "alpha gamma beta delta " \
    "--articles: one line per article, ranked"
# (Feedback's effect on this order is tested in t-ranking.sh.)
check_eq "$(column 3,4,11 | head -1)" "$(printf 'alpha\t2\t2')" \
    "--articles: the best paragraph and how many of its paragraphs matched"
check_eq "$(awk -F'\t' '{print NF}' out | sort -u)" "11" \
    "--articles: an 11th TSV column"
run artsearch --articles --format json harbour
check_eq "$(jq -c 'select(.type=="hit") | [.article, .article_matches]' out | tr '\n' ' ')" \
    '["alpha",2] ["gamma",1] ["beta",1] ["delta",1] ' \
    "--articles: article_matches in JSON"
check_grep '"type":"summary".*"matches":4' out "--articles: the summary counts articles"
run artsearch --format text --articles harbour
check_grep "^4 of 4 matching articles$" out "--articles: text counts articles"

# --per-article N
run artsearch --any --per-article 1 harbour lease mayor -n 100
check_eq "$(column 3 | sort | uniq -c | awk '{print $1}' | sort -u)" "1" \
    "--per-article 1: one paragraph per article"
run artsearch --any --per-article 2 harbour lease mayor -n 100
check_eq "$(column 3 | grep -c alpha)" "2" "--per-article 2: two of alpha's three"
run artsearch --any harbour lease mayor -n 100
check_eq "$(column 3 | grep -c alpha)" "3" "without it: all three"

# --sort keeps relevance as the tie-break.
run artsearch --sort newest --any harbour lease -n 100
check_eq "$(column 3 | head -3 | tr '\n' ' ')" "delta alpha alpha " "--sort newest"
check_eq "$(column 2 | sed -n 2,3p | sort -rn | tr '\n' ' ')" \
    "$(column 2 | sed -n 2,3p | tr '\n' ' ')" \
    "--sort newest: same date, better score first"

# --similar
run artsearch --similar alpha:1
check_status 0 "--similar: exit 0"
check_no_grep "^[0-9]+	[0-9.]+	alpha	1	" out "--similar: never the paragraph itself"
check_grep "^[0-9]+	[0-9.]+	alpha	2	" out "--similar: a paragraph sharing its words"
run artsearch --similar alpha
check_status 0 "--similar ARTICLE: exit 0"
check_no_grep "	alpha	" out "--similar ARTICLE: never the article itself"
check_grep "	delta	" out "--similar ARTICLE: the article about the same talks"
run artsearch --similar nosuch
check_status 2 "--similar: an unknown article is an error"
check_grep "no article or paragraph 'nosuch'" err "--similar: the error names it"
run artsearch --similar alpha:99
check_status 2 "--similar ARTICLE:N past its paragraphs: an error"
check_grep "^artsearch: error: article 'alpha' has no paragraph 99 \(the index holds [0-9]+ of its paragraphs, from 1\)\$" err \
    "... which says how many it has"
# An article whose id ends in :N, without a paragraph N of the article
# before the colon: the whole article.
mkdir colon
printf 'Title: A\n\nHarbour fees rose.\n\nShips came in.\n' >colon/2024.txt
printf 'Title: B\n\nHarbour fees fell.\n\nShips left.\n' >colon/2024:3.txt
printf 'Title: C\n\nHarbour ships.\n' >colon/other.txt
printf 'Title: D\n\nThe weather was mild.\n' >colon/weather.txt
artsearch-index -q --index colonidx colon
run artsearch --index colonidx --list=ids --similar 2024:3
check_eq "$(cat out)" "2024" "--similar 2024:3 without a paragraph 3 of 2024: article 2024:3"
run artsearch --index colonidx --list=ids --similar 2024:2
check_eq "$(cat out | tr '\n' ' ')" "2024:3 other " "--similar 2024:2: paragraph 2 of article 2024"
run artsearch --index colonidx --similar 2024:9
check_status 2 "--similar 2024:9: neither, an error"
# Stopwords are no reason to be similar (with the default ranking's stop
# list): the weather shares only "the" and "was" with it.
printf 'Title: E\n\nThe harbour was the busiest of the coast.\n' >colon/busy.txt
artsearch-index -q --index colonidx colon
run artsearch --index colonidx --list=ids --similar busy
check_eq "$(sort out | tr '\n' ' ')" "2024 2024:3 other " \
    "--similar: paragraphs sharing a word, none sharing only stopwords"
run artsearch --index colonidx --list=ids --ranking bm25 --similar busy
check_grep "^weather$" out "--ranking bm25 (no stop list): stopwords count"
# ... nor are stopwords whose stem differs ("before" is Zbefor).
printf 'Title: F\n\nShips sailed before dawn.\n' >colon/before.txt
printf 'Title: G\n\nIt rained before.\n' >colon/rained.txt
artsearch-index -q --index colonidx colon
run artsearch --index colonidx --list=ids --similar before
check_no_grep "^rained$" out "--similar: no paragraph sharing only a stopword that stems otherwise"
check_grep "^2024$" out "... those sharing a word still"
# A file named in decomposed form (as macOS names it): its id is found by
# the composed form typed.
printf 'Title: CV\n\nHarbour fees rose.\n\nShips came in.\n' >"colon/$(printf 'resume\314\201').txt"
artsearch-index -q --index colonidx colon
run artsearch --index colonidx --list=ids --similar "$(printf 'resum\303\251')"
check_status 0 "--similar with the composed form of a decomposed id: found"
run artsearch --index colonidx --list=ids --similar "$(printf 'resum\303\251:1')"
check_status 0 "... and its paragraph"

# Spelling suggestions: only when little is found, only with hits.
run artsearch harbur
check_status 1 "a misspelt word: no hits"
check_grep "did you mean: harbour \\(5 matching paragraphs\\)" err \
    "a suggestion with its hit count (stderr for TSV)"
run artsearch --format json negotiatoins
check_eq "$(jq -c 'select(.type=="suggestion") | [.suggestion, .matches]' out)" \
    '["negotiations",2]' "JSON: a suggestion record"
run artsearch --format text harbur
check_grep "^Did you mean: harbour \\(5 matching paragraphs\\)" out "text: the suggestion"
run artsearch harbour
check_status 0 "harbour: found"
check_no_grep "did you mean" err "no suggestion when the query finds enough"
run artsearch qqqqxz
check_status 1 "qqqqxz: no hits"
check_no_grep "did you mean" err "no suggestion without a correction that has hits"
# Paragraphs decide, also when the hits are articles: one article with
# enough paragraphs is no reason to suggest.
mkdir fewart
{ printf 'Title: Orchard report\n\n'; for i in 1 2 3 4 5 6; do printf 'Kiwi harvest note %s.\n\n' $i; done; } >fewart/a.txt
{ printf 'Title: Workshop\n\n'; for i in 1 2 3 4 5 6 7 8; do printf 'Things made here %s.\n\n' $i; done; } >fewart/b.txt
artsearch-index -q --index fewart-idx fewart
run artsearch --index fewart-idx --articles 'kiwi OR trade'
check_status 0 "--articles: one article of six paragraphs"
check_no_grep "did you mean" err "--articles: no suggestion for a query with six paragraphs"
run artsearch --index fewart-idx --per-article 2 --format json 'kiwi OR trade'
check_eq "$(jq -c 'select(.type=="suggestion")' out)" "" "--per-article: no suggestion either"

# A word of the collection is corrected only to a word 100 times as
# frequent: "boeing" (3 paragraphs) is not "being" (12), "goverment" (3)
# is "government" (300).
mkdir spell
{
    printf 'Title: Words\n\n'
    for i in 1 2 3; do printf 'Boeing delivered aircraft %s.\n\n' "$i"; done
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf 'Being late is costly %s.\n\n' "$i"; done
    for i in 1 2 3; do printf 'The goverment spoke %s.\n\n' "$i"; done
    printf 'Boeing met the government.\n\n'
    i=0
    while [ $i -lt 300 ]; do
        i=$((i + 1))
        printf 'The government spoke of number %s.\n\n' "$i"
    done
} >spell/words.txt
run artsearch-index --index spell-idx spell
run artsearch --index spell-idx 'boeing costly'
check_status 1 "'boeing costly': no hits (where a suggestion is looked for)"
check_no_grep "did you mean" err "no suggestion of a more frequent word for a word of the collection"
run artsearch --index spell-idx 'goverment number'
check_grep "did you mean: government number \\(300 matching paragraphs\\)" err \
    "a word 100 times as frequent corrects a word of the collection"
run artsearch --index spell-idx 'Boeing goverment'
check_grep "did you mean: Boeing government \\(1 matching paragraph\\)" err \
    "only the allowed corrections are kept, the rest of the query as typed"

# Synonyms of several indexes searched together: the groups of each one
# apply, whatever the order (Xapian gave the first index's alone).
mkdir syn-a syn-b
printf 'Title: A\n\nThe United States and Japan.\n' >syn-a/a.txt
printf 'Title: B\n\nAmerica and Nippon.\n' >syn-b/b.txt
printf 'us, united states, america\n' >syn-a.conf
printf 'japan, nippon\n' >syn-b.conf
artsearch-index -q --index syn-a-idx --synonyms syn-a.conf syn-a
artsearch-index -q --index syn-b-idx --synonyms syn-b.conf syn-b
for order in "syn-a-idx syn-b-idx" "syn-b-idx syn-a-idx"; do
    set -- $order
    run artsearch --index "$1" --index "$2" --list=ids '~us'
    check_eq "$(sort out | tr '\n' ' ')" "a b " "~us over two indexes ($order): the first's group"
    run artsearch --index "$1" --index "$2" --list=ids --synonyms japan
    check_eq "$(sort out | tr '\n' ' ')" "a b " "--synonyms over two indexes ($order): the second's group"
done

# Synonyms: synonyms.conf of the indexed directory.
run artsearch treaty -n 100
check_eq "$(column 3 | tr '\n' ' ')" "gamma " "without ~: the word alone"
# An excluded word alone, with its group, is the error it is without
# synonyms (Xapian read -group alone as the group: its paragraphs).
for q in '-treaty' '-~treaty' '(-~accord)'; do
    run artsearch --synonyms -c -- "$q"
    check_status 2 "--synonyms '$q' alone: an error, not the group's paragraphs"
    check_grep "would find what it excludes" err "... saying why"
done
run artsearch '~treaty' -n 100
check_eq "$(column 3 | sort | tr '\n' ' ')" "delta gamma " "~word: any word of its group"
run artsearch --synonyms treaty -n 100
check_eq "$(column 3 | sort | tr '\n' ' ')" "delta gamma " "--synonyms: every word"
run artsearch --synonyms 'treat OR nowhere' -n 100
check_status 1 "--synonyms: a word that is an entry cut short is no entry"
run artsearch '~accor OR nowhere' -n 100
check_status 1 "~word: a word that is an entry cut short is no entry"
check_grep "warning: no synonym group has the words marked with ~ .*: they are searched as typed" err \
    "... and a warning says no group has it"
run artsearch '~treaty' -n 100
check_eq "$(cat err)" "" "~word with a group: no warning"
run artsearch 'tag:~x harbour'
check_no_grep "synonym group" err "tag:~x is no mark: no warning"
artsearch-index -q --index nosyn-idx --synonyms /dev/null syn-b
run artsearch --index nosyn-idx '~nippon'
check_grep "warning: ~ asks for synonym groups, but the index has none" err \
    "an index without groups: a warning says so"
run artsearch --index nosyn-idx --synonyms nippon
check_grep "warning: --synonyms asks for synonym groups, but the index has none" err \
    "... also for --synonyms"
for q in 'foo~bar' 'harbour http://example.com/~user' 'title:(~harbour)'; do
    run artsearch "$q"
    check_no_grep "synonym group" err "no mark, no warning: $q"
done
run artsearch --format json '~treaty'
check_eq "$(jq -r 'select(.article=="delta") | .highlights[0] as $h | .snippet[$h[0]:$h[1]]' out)" \
    "agreement" "~word: the synonym is highlighted"
run artsearch '~"extended deterrence"'
check_eq "$(column 3)" "beta" "~\"phrase\": a phrase group"
run artsearch '~treaty, OR nowhere' -n 100
check_eq "$(column 3 | sort | tr '\n' ' ')" "delta gamma " \
    "~word, with a comma after it: the word's group"
run artsearch "~treaty's" -n 100
check_eq "$(column 3 | sort | tr '\n' ' ')" "delta gamma " \
    "~word's: the word's group"
printf 'treaty, pact\nharbour, port\npact, accord\n' >shared-synonyms.conf
run artsearch-index --index sharedsyn --synonyms shared-synonyms.conf "$FIXTURES/basic"
check_status 0 "a word of two synonym groups: exit 0"
check_grep "^artsearch-index: warning: synonyms file shared-synonyms.conf: line 3: 'pact' is also in the group of line 1, which ~pact and --synonyms take$" err \
    "a word of two synonym groups: a warning names the file and lines"
check_grep "; 0 skipped, 1 warning$" err "a word of two synonym groups: counted"
run artsearch-index -n --index sharedsyn --synonyms shared-synonyms.conf "$FIXTURES/basic"
check_grep "line 3: 'pact' is also in the group of line 1" err \
    "a dry run reports the synonyms file's problems too"
check_grep "; 0 skipped, 1 warning$" err "... and counts them"
# Groups given with --synonyms stay when a run finds no synonyms file,
# a --rebuild's too (it dropped them, silently); an empty file clears them.
mkdir keepsyn
printf 'Title: One\n\nThe alliance held.\n' >keepsyn/a.txt
printf 'Title: Two\n\nA treaty was signed.\n' >keepsyn/b.txt
printf 'alliance, treaty\n' >keep-synonyms.conf
artsearch-index -q --index keepsyn-idx --synonyms keep-synonyms.conf keepsyn
for args in "" "--rebuild" "--rebuild --shards 2"; do
    # shellcheck disable=SC2086 # the arguments split on purpose
    run artsearch-index -q --index keepsyn-idx $args keepsyn
    check_status 0 "no synonyms file, artsearch-index $args: exit 0"
    run artsearch --index keepsyn-idx -c '~alliance'
    check_eq "$(cat out)" "2" "... the groups are kept"
done
: >keepsyn/synonyms.conf
artsearch-index -q --index keepsyn-idx --rebuild keepsyn
run artsearch --index keepsyn-idx -c '~alliance'
check_eq "$(cat out)" "1" "an empty synonyms file clears them, in a rebuild too"
printf 'treaty\n' >bad-synonyms.conf
run artsearch-index -n --index sharedsyn --synonyms bad-synonyms.conf "$FIXTURES/basic"
check_status 2 "a dry run with a bad synonyms file: the error of a real run"
# --synonyms leaves a stopword out, as the query does without it, even
# when a group holds it (WHO, the organisation): expanded, it was required.
mkdir -p stopsyn
printf 'Title: Vote\n\nSmith won the election in May.\n' >stopsyn/vote.txt
printf 'Title: Health\n\nThe World Health Organization met.\n' >stopsyn/health.txt
printf 'WHO, World Health Organization\n' >stopsyn/synonyms.conf
artsearch-index -q --index stopsyn-idx stopsyn
run artsearch --index stopsyn-idx --synonyms --list=ids 'who won the election'
check_eq "$(cat out)" "vote" "--synonyms: a stopword in a group stays left out"
run artsearch --index stopsyn-idx --list=ids '~who'
check_eq "$(cat out)" "health" "... while ~who asks for its group"
# Where the parser keeps the stopword (+who, an operator beside it, a
# query of stopwords only), its group is searched too.
for q in '+who met' 'who AND met' 'who'; do
    run artsearch --index stopsyn-idx --synonyms --list=ids "$q"
    check_eq "$(cat out)" "health" "--synonyms '$q': the stopword kept, with its group"
done

# Two directories, each with its synonyms.conf (the second with a byte
# order mark, without a newline at its end): the groups of both.
mkdir -p syndir1 syndir2
printf 'Title: One\n\nThe automobile stalled.\n' >syndir1/one.txt
printf 'car, automobile\nus, america\n' >syndir1/synonyms.conf
printf 'Title: Two\n\nThe physician came.\n' >syndir2/two.txt
printf '\357\273\277doctor, physician\nUS, united states' >syndir2/synonyms.conf
run artsearch-index --index twosyn syndir1 syndir2
check_grep "^artsearch-index: warning: synonyms file syndir2/synonyms.conf: line 2: 'us' is also in the group of line 2 of syndir1/synonyms.conf, which ~us and --synonyms take$" \
    err "an entry in the groups of two files: a warning names both places"
run artsearch --index twosyn --list=ids '~car'
check_eq "$(cat out)" "one" "two synonyms files: the first one's groups"
run artsearch --index twosyn --list=ids '~doctor'
check_eq "$(cat out)" "two" "two synonyms files: the second one's groups"
run artsearch-index --index twosyn2 syndir1 ./syndir1/
check_grep "; 0 skipped, 0 warnings$" err \
    "one directory given twice: its synonyms once, no warning"
printf 'doctor\n' >syndir2/synonyms.conf
run artsearch-index --index twosyn syndir1 syndir2
check_grep "error: synonyms file syndir2/synonyms.conf: line 1: " err \
    "an error in the second synonyms file names it and its own line"
# A ~ on a tag's value of two words: the tag, and nothing of the rewriting
# searched or shown (the quote after "fees" opened a phrase for Xapian's
# parser, and the next word's group became the words xsynonymgroup 0).
mkdir tagged
printf 'Title: Port deal\nTags: harbour fees\n\nThe treaty on harbour fees was signed.\n' \
    >tagged/deal.txt
printf 'Title: Other deal\nTags: harbour\n\nAn agreement on fees.\n' >tagged/other.txt
printf 'treaty, agreement\n' >tagged/synonyms.conf
run artsearch-index --index tagged-idx tagged
run artsearch --index tagged-idx --synonyms --explain --format text \
    'tag:~"harbour fees" agreement'
check_status 0 "tag:~\"two words\": exit 0"
check_grep "matched: treaty" out "tag:~\"two words\": the tag, and the next word's group"
check_no_grep "xsynonymgroup" out "tag:~\"two words\": no internal field shown"
check_no_grep "xsynonymgroup" err "tag:~\"two words\": no internal field in messages"
run artsearch --index tagged-idx --synonyms --explain --format text \
    'fees tag:harbour"-x NOT"agreement'
check_grep "warning: the synonyms were not used: the query's quotes" err \
    "a group inside quotes as Xapian reads them: not used, with a warning"
check_no_grep "xsynonymgroup" out "a group inside quotes: no internal field shown"
# An entry written as initials is the word the index makes of them:
# "U.K." searches uk, as the query U.K. does (it was the phrase u k, which
# no text has, and ~britain never found the U.K.).
mkdir initials
printf 'Title: Growth\n\nThe U.K. economy grew.\n' >initials/grew.txt
printf 'Title: Slump\n\nBritain economy shrank.\n' >initials/shrank.txt
printf 'U.K., Britain\n' >initials/synonyms.conf
run artsearch-index --index initials-idx initials
run artsearch --index initials-idx '~britain'
check_eq "$(column 3 | sort | tr '\n' ' ')" "grew shrank " \
    "an entry of initials: ~word finds the initials"
run artsearch --index initials-idx '~U.K.'
check_eq "$(column 3 | sort | tr '\n' ' ')" "grew shrank " \
    "an entry of initials: ~U.K. finds its group"
run artsearch --index initials-idx --synonyms --explain --format text UK
check_eq "$(grep -c '^ *matched: ' out)" "2" "an entry of initials: UK is U.K."
check_grep "Parsed query: .*Zuk@1 SYNONYM Zbritain@1" out \
    "an entry of initials: searched as the word uk"
# Initials are capitals A-Z, as the index has them: "É.U." is the words
# é and u, and the snippet highlights the é the query found (it took
# "É.U." for one word, and highlighted nothing).
printf 'Title: Union\n\nThe \303\211.U. policy.\n' >initials/union.txt
run artsearch-index --index initials-idx initials
run artsearch --index initials-idx --format json "$(printf '\303\251')"
check_eq "$(jq -c 'select(.type == "hit") | .highlights' out)" "[[4,6]]" \
    "initials are capitals A-Z: É of É.U. is a word of its own"
# --synonyms only widens: two words of the query that are an entry still
# find what they find without it (they were the group alone, a phrase,
# and "The umbrella is not nuclear." was lost), the group as well, and
# the phrase first; ~"a phrase" is the phrase or its group.
mkdir widen
printf 'Title: Apart\n\nThe umbrella is not nuclear.\n' >widen/apart.txt
printf 'Title: Phrase\n\nThe nuclear umbrella holds.\n' >widen/phrase.txt
printf 'Title: Other\n\nExtended deterrence matters.\n' >widen/other.txt
printf 'nuclear umbrella, extended deterrence\n' >widen/synonyms.conf
run artsearch-index --index widen-idx widen
run artsearch --index widen-idx 'nuclear umbrella'
check_eq "$(column 3 | sort | tr '\n' ' ')" "apart phrase " \
    "two words of an entry, without --synonyms: both orders"
run artsearch --index widen-idx --synonyms 'nuclear umbrella'
check_eq "$(column 3 | sort | tr '\n' ' ')" "apart other phrase " \
    "--synonyms: the words as typed, and the group"
check_eq "$(column 3 | head -1)" "phrase" "--synonyms: the phrase first"
run artsearch --index widen-idx '~nuclear umbrella'
check_eq "$(column 3 | sort | tr '\n' ' ')" "apart other phrase " \
    "~word of an entry of two words: the words as typed, and the group"
run artsearch --index widen-idx '~"nuclear umbrella"'
check_eq "$(column 3 | sort | tr '\n' ' ')" "other phrase " \
    "~\"a phrase\": the phrase or its group"
printf 'treaty, pact\nlonely\n' >bad-synonyms.conf
run artsearch-index --index badsyn --synonyms bad-synonyms.conf "$FIXTURES/basic"
check_status 2 "a bad synonyms file: exit 2"
check_grep "synonyms file bad-synonyms.conf: line 2: a group needs two entries" err \
    "a bad synonyms file: names the line"
# ... and a first run that stops there leaves no empty index, which
# searches would read as a collection without the word.
run artsearch --index badsyn harbour
check_status 2 "... no index left by the first run: a search is an error"
check_grep "no index at badsyn" err "... which says so"
printf 'treaty, pact\n' >bad-synonyms.conf
run artsearch-index --index badsyn --synonyms bad-synonyms.conf "$FIXTURES/basic"
check_status 0 "... the file mended, the first run builds the index"
run artsearch --index badsyn -c '~pact'
check_eq "$status:$(cat out)" "0:$(artsearch -c treaty)" "... with its groups"

# --explain
run artsearch --explain --format json negotiating
check_eq "$(jq -c 'select(.rank==1) | [.explain[] | [.word, .field]]' out)" \
    '[["Negotiations","title"],["negotiations","text"]]' \
    "--explain: matched words as written, and their fields"
check_eq "$(jq -r 'select(.rank==1) | [.explain[].weight > 0] | all' out)" "true" \
    "--explain: weights"
check_grep '"parsed_query":"Query\(.*Znegoti' out "--explain: the parsed query"
run artsearch --explain --format json --ranking bm25 'negotia*'
check_eq "$(jq -c 'select(.type=="hit") | [.article, [.explain[] | .word, .field], (.explain[0].weight == .score)]' out | tr '\n' ' ')" \
    '["delta",["negotiators","text"],true] ["alpha",["negotiations","text"],true] ' \
    "--explain: a wildcard's words, with the wildcard's weight"
# A phrase's words only for the paragraphs the phrase matched: alpha's
# second paragraph has "lease" and "harbour" apart, and matched through
# "fishermen"; the weights add up to the score.
run artsearch --explain --format json --ranking bm25 '"harbour lease" OR fishermen'
check_eq "$(jq -c 'select(.type=="hit") | [.article, .paragraph, [.explain[] | .word]]' out | tr '\n' ' ')" \
    '["alpha",1,["harbour","lease"]] ["gamma",1,["fishermen"]] ["alpha",2,["Fishermen"]] ' \
    "--explain: a phrase's words where the phrase matched only"
check_eq "$(jq -r 'select(.type=="hit") | ([.explain[].weight] | add) - .score | fabs < 1e-9' out | sort -u)" \
    "true" "--explain: the weights add up to the score"
# ... with --similar too, a typed title: word at its own weight
run artsearch --explain --format json --ranking bm25 --similar alpha 'title:trade'
check_status 0 "--similar with a query: exit 0"
check_eq "$(jq -r 'select(.type=="hit") | ([.explain[].weight] | add) - .score | fabs < 1e-9' out | sort -u)" \
    "true" "--explain --similar with a title: word: the weights add up to the score"
run artsearch --explain negotiating
check_grep "	Negotiations:title:[0-9.]+ negotiations:text:[0-9.]+$" out \
    "--explain: TSV last column"

# --facets
run artsearch --facets author,source,year harbour -n 0
check_eq "$(grep '^facet' out | tr '\t' '|' | tr '\n' ' ')" \
    "facet|author|Jane Doe|3 facet|author|Kenji Sato|2 facet|author|John Smith|1 facet|source|Harbour Times|3 facet|source|Daily Post|2 facet|year|2024|2 facet|year|2023|1 facet|year|2025|1 " \
    "--facets: counts of matching paragraphs per value, most first"
run artsearch --format text --facets author,source,year zzzzqqq
check_status 1 "--facets, nothing found: exit 1"
check_eq "$(cat out)" "" "--facets, nothing found: nothing printed (no empty headings)"
run artsearch --facets year,source --facets author,year harbour -n 0
check_eq "$(grep '^facet' out | cut -f2 | uniq | tr '\n' ' ')" \
    "year source author " "--facets: in the order of the lists given"
# An author written in two cases across articles, and twice in one: one
# facet value, its paragraphs counted once each.
mkdir -p facetcase
printf 'Title: One\nAuthor: Jane Doe\nAuthor: Jane Doe\n\nTariffs rise.\n\nTariffs fall.\n' >facetcase/one.txt
printf 'Title: Two\nAuthor: jane doe\n\nTariffs again.\n' >facetcase/two.txt
artsearch-index -q --index facetcase-idx facetcase
run artsearch --index facetcase-idx --facets author -n 0 --format tsv tariffs
check_eq "$(grep '^facet' out)" "$(printf 'facet\tauthor\tJane Doe\t3')" \
    "the author facet: one name in any case, each paragraph once"
# On a tie, the form with the fewest capitals is shown; names that differ
# in their accents are two values.
mkdir -p facettie
printf 'Title: A\nAuthor: SEAN CONNOR\n\nZebra one.\n' >facettie/a.txt
printf 'Title: B\nAuthor: Sean Connor\n\nZebra two.\n' >facettie/b.txt
printf 'Title: C\nAuthor: Jos\303\251 Mart\303\255\n\nZebra three.\n' >facettie/c.txt
printf 'Title: D\nAuthor: Jose Marti\n\nZebra four.\n' >facettie/d.txt
artsearch-index -q --index facettie-idx facettie
run artsearch --index facettie-idx --facets author -n 0 --format tsv zebra
check_eq "$(grep '^facet' out | cut -f3,4 | sort | tr '\t\n' ': ')" \
    "Jose Marti:1 Jos$(printf '\303\251') Mart$(printf '\303\255'):1 Sean Connor:2 " \
    "the author facet: a tie shown with the fewest capitals, accents apart"
printf 'Title: E\nAuthor: \320\230\320\222\320\220\320\235 \320\237\320\225\320\242\320\240\320\236\320\222\n\nZebra five.\n' >facettie/e.txt
printf 'Title: F\nAuthor: \320\230\320\262\320\260\320\275 \320\237\320\265\321\202\321\200\320\276\320\262\n\nZebra six.\n' >facettie/f.txt
artsearch-index -q --index facettie-idx facettie
run artsearch --index facettie-idx --facets author -n 0 --format tsv zebra
check_grep "$(printf '\tauthor\t\320\230\320\262\320\260\320\275 \320\237\320\265\321\202\321\200\320\276\320\262\t2')" out \
    "... capitals in any script (Cyrillic)"
run artsearch --format json --facets author harbour
check_eq "$(jq -c 'select(.type=="facet") | [.facet, .value, .count]' out | head -1)" \
    '["author","Jane Doe",3]' "--facets: JSON facet records"
run artsearch --format text --facets source harbour
check_grep "^source: Harbour Times 3 · Daily Post 2$" out "--facets: a text footer"
run artsearch --facets colour harbour
check_status 2 "--facets: an unknown facet is an error"

# -c, -l, -q, -0
run artsearch -c harbour
check_eq "$(cat out)" "5" "-c: the number of matching paragraphs"
run artsearch -c --articles harbour
check_eq "$(cat out)" "4" "-c --articles: the number of matching articles"
run artsearch -c zzzz
check_eq "$(cat out)" "0" "-c: zero"
check_status 1 "-c: exit 1 with no match"
run artsearch -l harbour
check_eq "$(sed 's|.*/||' out | tr '\n' ' ')" "alpha.txt gamma.txt beta.txt delta.txt " \
    "-l: each file once, best first"
run artsearch --list=ids harbour
check_eq "$(tr '\n' ' ' <out)" "alpha gamma beta delta " "--list=ids: article ids"
artsearch -l -0 harbour | xargs -0 grep -l -i harbour | sed 's|.*/||' >out
check_eq "$(tr '\n' ' ' <out)" "alpha.txt gamma.txt beta.txt delta.txt " "-l -0 | xargs -0"
run artsearch -0 harbour
check_eq "$(tr -cd '\000' <out | wc -c)" "5" "-0: NUL-terminated records"
check_eq "$(tr -cd '\n' <out | wc -c)" "0" "-0: no newlines"
run artsearch -q harbour
check_status 0 "-q: exit 0 on a match"
check_eq "$(cat out)" "" "-q: no output"
run artsearch -q zzzz
check_status 1 "-q: exit 1 without"

# --batch
printf 'harbour\n\nnuclear umbrella\nzzzz\n' >queries
run artsearch --batch=queries -n 1
check_status 0 "--batch: exit 0 when a query matched"
check_eq "$(cut -f1,4 out | tr '\t\n' ': ')" "1:alpha 2:beta " \
    "--batch: each record starts with its query's number"
run artsearch --batch --format json -n 1 <queries
check_eq "$(jq -c '[.type, .query]' out | tr '\n' ' ')" \
    '["hit",1] ["summary",1] ["hit",2] ["summary",2] ["summary",3] ' \
    "--batch: every JSON record has its query's number"
printf 'harbour\nlease date:2025-13\n' | artsearch --batch -n 1 >out 2>err
status=$?
check_status 2 "--batch: a bad query makes the status 2"
check_grep "query 2: bad query" err "--batch: the error names the query"
check_eq "$(cut -f1 out)" "1" "--batch: the other queries still run"
run artsearch --batch harbour
check_status 2 "--batch with QUERY arguments is an error"

# --timing: one time per query on stderr, stdout unchanged
run artsearch --batch=queries -n 1
cp out plain.out
run artsearch --timing --batch=queries -n 1
check_status 0 "--timing --batch: exit status unchanged"
check_eq "$(cmp plain.out out && echo same)" "same" "--timing: stdout unchanged"
check_eq "$(grep -Ec '^artsearch: time: query [1-3]: [0-9]+ us$' err)" "3" \
    "--timing --batch: one time per query, in microseconds, numbered"
run artsearch --timing harbour
check_grep '^artsearch: time: [0-9]+ us$' err "--timing: the time of one query"

# The JSON schema: every record of real output has the fields it promises.
run artsearch --format json --facets author,year --explain --articles harbour
jq -e 'if .type == "hit" then
         (.schema_version == 1) and (.rank|type) == "number" and
         (.score|type) == "number" and (.article|type) == "string" and
         (.paragraph|type) == "number" and (.file|type) == "string" and
         (.title|type) == "string" and (.authors|type) == "array" and
         ((.date|type) == "string" or .date == null) and
         ((.source|type) == "string" or .source == null) and
         ((.url|type) == "string" or .url == null) and
         (.tags|type) == "array" and (.snippet|type) == "string" and
         ([.highlights[] | length == 2 and .[0] < .[1]] | all) and
         (.article_matches|type) == "number" and (.explain|type) == "array"
       elif .type == "facet" then
         (.facet|type) == "string" and (.value|type) == "string" and
         (.count|type) == "number"
       elif .type == "summary" then
         (.shown|type) == "number" and (.matches|type) == "number" and
         (.exact|type) == "boolean"
       elif .type == "suggestion" then
         (.suggestion|type) == "string" and (.matches|type) == "number"
       else false end' out >schema.out 2>&1
check_eq "$(sort -u schema.out)" "true" "JSON output follows the documented schema"

# Terminal safety: control characters from documents never reach stdout.
printf 'Title: Evil \033]0;pwned\007 title\n\nText with \033[31mred\033[0m and a\rreturn near the harbour.\n' \
    >evil.txt
artsearch-index -q --index evilidx evil.txt
run artsearch --index evilidx --format text --color never harbour
check_eq "$(tr -cd '\000-\010\013-\037\177' <out | wc -c)" "0" \
    "text: no control characters from the document"
run artsearch --index evilidx harbour
check_eq "$(tr -cd '\000-\010\013-\037\177' <out | wc -c)" "0" \
    "TSV: no control characters from the document"

# --help fits a screen and lists every option.
run artsearch --help
check_eq "$([ "$(wc -l <out)" -le 40 ] && echo yes)" "yes" "--help fits a screen"
for opt in --any --author --source --tag --since --until --limit --offset \
    --sort --articles --per-article --similar --synonyms --strict --explain \
    --format --color --null --count --list --quiet --batch --facets \
    --index --stats --help --version; do
    grep -q -- "$opt" out || fail "--help lists $opt"
done
pass "--help lists every option"

finish
