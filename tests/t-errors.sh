#!/bin/sh
# t-errors.sh - exit codes and messages of artsearch for bad usage, bad
# queries, a missing index and write errors.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"

build_fixture basic
export ARTSEARCH_INDEX="$WORK/idx"

run artsearch zzzzzz
check_status 1 "no hits: exit 1"
check_eq "$(cat out err)" "" "no hits: nothing printed"
mkdir -p notes
run artsearch zzzzzz notes
check_status 1 "a directory as the last word (grep's habit): exit 1"
check_grep "^artsearch: 'notes' names a directory here, searched as words: artsearch searches an index" \
    err "... and a note says that an index is searched"
echo harbour | { artsearch - >out 2>err; echo $? >st; }
status=$(cat st)
check_status 1 "'-' as the query (grep's standard input): no hits, exit 1"
check_grep "^artsearch: '-' is no standard input here: to read queries from it, one a line, use --batch" \
    err "... and a note says to use --batch"
run artsearch --tag trade,ports harbour
check_status 1 "--tag with a comma: no hits, exit 1"
check_grep "^artsearch: --tag 'trade,ports' is one tag, with its comma: for any of several tags, give --tag for each" \
    err "... and a note says --tag takes one tag"
run artsearch --tag trade harbour
check_no_grep "one tag" err "... none when there are hits"

run artsearch --index "$WORK/none" harbour
check_status 2 "missing index: exit 2"
check_grep "^artsearch: error: no index at .*/none: run artsearch-index first" err \
    "missing index: says what to do"

mkdir empty
run artsearch --index empty harbour
check_status 2 "an empty directory is no index"
check_grep "no index at empty" err "empty directory: message"
check_grep "no index at empty \\(in $(pwd -P)\\): run artsearch-index first" err \
    "a relative index path: the message says where it was looked for"

# One of several indexes missing, or no index: the message names it,
# not all of them (it named them all, or called a typo a missing shard
# to rebuild).
for bad in typo empty; do
    run artsearch --index "$WORK/idx" --index $bad harbour
    check_status 2 "--index good --index $bad: exit 2"
    check_grep "^artsearch: error: no index at $bad \\(in $(pwd -P)\\): run artsearch-index first" err \
        "... the message names $bad alone"
done
run artsearch --allow-partial --index "$WORK/idx" --index tcp://127.0.0.1:1 \
    --index typo harbour
check_grep "^artsearch: error: no index at typo " err \
    "... beside a remote shard left out (--allow-partial): typo, not the shard"

# No PATH and no corpus/ in the directory: said, and no index made.
mkdir elsewhere
(cd elsewhere && ARTSEARCH_INDEX= artsearch-index) >out 2>err
status=$?
check_status 2 "no PATH and no corpus/: exit 2"
check_grep "no PATH given, and no corpus/ in this directory to index by default: give the directory of your articles" \
    err "... says to give the articles' directory"
check_eq "$(ls elsewhere)" "" "... and makes no index"

mkdir notindex && echo hello >notindex/iamglass
run artsearch --index notindex harbour
check_status 2 "a broken index: exit 2"
check_grep "^artsearch: error: " err "a broken index: one-line message"

# A damaged database: the message says so and what to do, and the
# rebuild it names mends it.
build_fixture basic "$WORK/damaged"
for f in "$WORK"/damaged/db-*/iamglass; do echo garbage >"$f"; done
run artsearch --index damaged harbour
check_status 2 "a damaged index: exit 2"
check_grep "^artsearch: error: damaged: the index is damaged (.*): rebuild it from the articles with artsearch-index --rebuild PATH\\.\\.\\.$" err \
    "a damaged index: says what to do"
run artsearch-index --index damaged "$FIXTURES/basic"
check_status 2 "an update of a damaged index: exit 2"
check_grep "the index is damaged (.*): rebuild it from the articles with artsearch-index --rebuild PATH\\.\\.\\.$" err \
    "the indexer says what to do too"
# A database file cut short (a full disk, a copy that stopped) is
# damaged too, for the searcher and the indexer.
build_fixture basic "$WORK/cut"
for f in "$WORK"/cut/db-*/postlist.glass; do : >"$f"; done
run artsearch --index cut harbour
check_status 2 "a file of the index cut short: exit 2"
check_grep "^artsearch: error: cut: the index is damaged \\(a file of it is cut short: EOF reading block [0-9]+\\): rebuild it from the articles with artsearch-index --rebuild PATH\\.\\.\\.$" err \
    "... says it is damaged and what to do"
run artsearch-index --index cut "$FIXTURES/basic"
check_status 2 "an update of an index with a file cut short: exit 2"
check_grep "the index is damaged \\(a file of it is cut short" err \
    "... the indexer says so too"
run artsearch-index --index damaged --rebuild "$WORK/no-such-dir"
check_status 2 "a rebuild that reads no article: exit 2"
check_grep "the rebuild read no article from the paths given: it was dropped, and the index is as it was" err \
    "... refused, the index kept"
build_fixture basic "$WORK/healthy"
run artsearch-index -v --index "$WORK/healthy" --rebuild "$WORK/no-such-dir"
check_eq "$(cat out)" "" "-v: a dropped rebuild names no change (its removals never were)"
for paths in "$WORK/no-such-dir" ""; do
    (cd "$WORK/empty" && artsearch-index --index "$WORK/healthy" --rebuild $paths) >out 2>err
    status=$?
    check_status 2 "a rebuild of a healthy index from '${paths:-corpus/, missing}': exit 2"
    run artsearch --index healthy -c harbour
    check_eq "$(cat out)" "5" "... the index as it was"
done
run artsearch-index -q --index damaged --rebuild "$FIXTURES/basic"
check_grep "cannot read the language and shards of the index being rebuilt" err \
    "the rebuild says what it cannot read"
run artsearch --index damaged -c harbour
check_eq "$(cat out)" "5" "the rebuilt index answers"

run artsearch --since 2025-13-45 harbour
check_status 2 "impossible --since date: exit 2"
check_grep "invalid --since date '2025-13-45': the month must be 01 to 12" err \
    "impossible date: says why"
run artsearch --until 2025-02-29 harbour
check_status 2 "2025-02-29 does not exist"
check_grep "that day does not exist" err "non-existent day: says why"
run artsearch --since 25-01-01 harbour
check_grep "invalid --since date '25-01-01': expected YYYY, YYYY-MM or YYYY-MM-DD$" err \
    "bad date form: shows the forms"
check_eq "$(grep -o 'YYYY-MM-DD' err | wc -l | tr -d ' ')" "1" \
    "bad date form: the forms once"
run artsearch --since 2025 --until 2024 harbour
check_status 2 "--since after --until is an error"

run artsearch 'date:2025-13..2026 harbour'
check_status 2 "bad date in a query range: exit 2"
check_grep "bad query: invalid date '2025-13'" err "bad date in query: says which"
run artsearch "$(printf 'harbour \377')"
check_status 2 "a query of invalid UTF-8: exit 2"
check_grep "bad query: the query is not valid UTF-8" err "invalid UTF-8: says so"
run artsearch --tag "$(printf 'tr\303ade')" harbour
check_status 2 "a --tag of invalid UTF-8: exit 2"
check_grep "bad query: --tag is not valid UTF-8" err "invalid UTF-8 --tag: says which"
run artsearch 'xsynonymgroup:(0 +"u'
check_status 2 "the internal synonym field typed: exit 2, no crash"
check_grep "bad query: xsynonymgroup: is reserved" err "the internal synonym field: says so"
run artsearch "$(printf 'caf\303\251 OR harbour')"
check_status 0 "valid UTF-8 beyond ASCII is a query like any other"
# A wildcard inside quotes is not expanded (a phrase takes whole words):
# the word without it is searched, and a warning says so.
run artsearch -c '"the harbour lea*"'
check_eq "$(cat out)" 0 "a wildcard inside quotes: the word without it is searched"
check_grep "warning: a wildcard inside quotes is not expanded: 'lea\\*' is searched as the word 'lea'" err \
    "... and a warning says so"
run artsearch -c 'title:"the harbou*"'
check_grep "'harbou\\*' is searched as the word 'harbou'" err "... in a field's quoted value too"
run artsearch -c '"the harbour lease" lea*'
check_eq "$(cat err)" "" "a wildcard outside the quotes: no warning"
# Nor is one on a word joined by a hyphen (a phrase to Xapian, which
# dropped the '*' without a word): a warning, with the whole word's.
run artsearch -c 'harbour-lea*'
check_eq "$(cat out)" 0 "a wildcard on a hyphenated word: the phrase of the words as typed"
check_eq "$(cat err)" "artsearch: warning: a wildcard on a word joined to another (by a hyphen, a slash or an @) is not expanded: 'harbour-lea*' is searched as the phrase of its words, the last one as typed (hyphenated words are also indexed whole: harbourlea* finds them)" \
    "... and a warning says so, and what finds the word written whole"
for q in 'U.S.-Jap*' 'a/b*' '(post-w*)' '+post-w*'; do
    run artsearch -c -- "$q"
    word=$(printf '%s' "$q" | tr -d '()+')
    check_eq "$(sed -n "s/.*is not expanded: '\([^']*\)'.*/\1/p" err)" "$word" \
        "... also for: $q"
done
for q in 'U.S.*' 'harbour -lea*' 'harbour lea*' '"harbour lease" -lea*' '3.5*' 'U.S.A*' \
    'v1.2*'; do
    run artsearch -c -- "$q"
    check_no_grep "joined to another" err "no such warning for: $q"
done
run artsearch -c 'harbour lea*"'
check_eq "$(cat out) $(cat err)" "2 " "a wildcard before a stray quote: expanded, no warning"
run artsearch -c '"the harbour"lea*'
check_eq "$(cat err)" "" "a wildcard after a phrase's closing quote: no warning"
run artsearch -c '"5*3 harbour"'
check_eq "$(cat err)" "" "a * inside a word in quotes is no wildcard: no warning"
# An operator without its operands is a syntax error like any other: its
# words are searched without the operators, with a warning.
run artsearch 'harbour AND'
check_status 0 "a dangling operator: the words are searched"
check_grep "syntax error.*searched for its words without operators instead: harbour$" err \
    "a dangling operator: the warning says what was searched"
run artsearch -c 'OR harbour XOR'
check_eq "$(cat out)" 5 "operators before and after: the words are searched"
run artsearch --strict 'harbour AND'
check_status 2 "--strict: a dangling operator fails"
# Whichever way the parser fell back, what is searched is the words
# without the operators and brackets, phrases, fields and wildcards kept,
# and the warning names them as typed.
for q in 'harbour OR lease )' 'harbour NEAR lease fees' '(OR harbour lease)' \
    'harbour lease XOR' 'harbour lease NOT'; do
    words=$(printf '%s' "$q" | sed 's/[()]//g; s/ [A-Z][A-Z]*//g; s/^[A-Z]* //; s/  */ /g; s/ $//')
    run artsearch -c -- "$q"
    check_eq "$(cat out)" "$(artsearch -c "$words")" \
        "'$q': the words without the operators ($words)"
    check_grep "instead: $words$" err "'$q': the warning names them"
done
run artsearch -c -- 'harbou* )'
check_eq "$(cat out)" "$(artsearch -c 'harbou*')" "'harbou* )': the wildcard kept"
check_grep "instead: harbou\*$" err "... and a warning"
run artsearch -c -- 'title:"over the harbour" AND'
check_eq "$(cat out)" "$(artsearch -c 'title:"over the harbour"')" \
    "a field's phrase with a dangling operator: the field and phrase kept"
for q in '(AND)' 'NEAR' 'NEAR/3' '( OR )'; do
    run artsearch -c -- "$q"
    check_status 2 "'$q': operators alone, an error"
done
run artsearch -c 'harbour date:2031'
check_eq "$(cat out):$(cat err)" "0:" \
    "a date range without articles: no hits, and no 'no words' warning"
# Xapian's parser closes what is left open, and skips a stray closing
# bracket before any word, without a word: --strict fails on them.
for q in ')harbour' '(harbour' '"harbour lease' 'harbour ('; do
    run artsearch --strict "$q"
    check_status 2 "--strict '$q': unbalanced, an error"
done
run artsearch --strict -c '(harbour) "lease" tag:"a(b"'
check_status 1 "--strict: brackets in quotes and a tag's value are not counted"
run artsearch 'AND OR'
check_status 2 "operators alone: exit 2"
check_grep "bad query: .*no words to search for" err "operators alone: says so"

run artsearch 'harbour)'
check_status 0 "an unbalanced bracket still searches the words"
check_grep "syntax error.*searched for its words without operators instead: harbour" err \
    "an unbalanced bracket: the warning says what was searched"
run artsearch --strict 'harbour)'
check_status 2 "--strict: a syntax error fails"
check_eq "$(cat out)" "" "--strict: no output"

# --batch: a query that fails still has an answer on stdout (and its
# message on stderr), so that a program driving artsearch through a pipe
# is not left waiting; the status is 2 if any query failed.
printf 'harbour\nharbour)\nNOT\ndate:2025-13\nharbour\n' >queries
run artsearch --batch queries -c
check_status 2 "--batch FILE: the file is taken for a query: exit 2"
check_grep "give no QUERY arguments \\(to read them from the file queries, write --batch=queries\\)" \
    err "... and the message says to write --batch=FILE"
run artsearch --batch=queries --strict -c
check_status 2 "--batch: a failed query makes the status 2"
check_eq "$(tr '\n' ' ' <out)" "$(printf '1\t5 2\terror 3\terror 4\terror 5\t5 ')" \
    "--batch -c: a failed query's count says error"
check_grep "query 4: bad query: invalid date '2025-13'" err \
    "--batch: the message is still on stderr"
run artsearch --batch=queries --strict -c --format json
check_eq "$(jq -c '[.type, .query, .matches, (.message // "" | startswith("bad query: "))]' out | tr '\n' ' ')" \
    '["summary",1,5,false] ["error",2,null,true] ["error",3,null,true] ["error",4,null,true] ["summary",5,5,false] ' \
    "--batch --format json -c: an error record per failed query"
check_eq "$(jq -r 'select(.query == 4) | .message' out)" \
    "bad query: invalid date '2025-13': the month must be 01 to 12" \
    "--batch --format json: the error record's message"
printf 'NOT\n' | artsearch --batch --format json -n 1 >out 2>err
check_eq "$(jq -c '[.type, .schema_version, .query]' out)" '["error",1,1]' \
    "--batch --format json: an error record in place of the summary"
# A message quoting input that is not UTF-8 (the article --similar names)
# still makes the error record, with a message JSON can hold.
printf 'harbour\n' | artsearch --batch --format json --similar "$(printf 'x\377')" \
    >out 2>err
status=$?
check_status 2 "--batch --format json, a message not UTF-8: exit 2"
check_eq "$(jq -c '[.type, .query, .message]' out)" \
    "[\"error\",1,\"no article or paragraph 'x$(printf '\357\277\275')' in the index (give ARTICLE or ARTICLE:PARAGRAPH)\"]" \
    "--batch --format json, a message not UTF-8: the message, its bad byte U+FFFD"
check_grep "query 1: no article or paragraph 'x" err \
    "--batch --format json, a message not UTF-8: the message on stderr"
printf 'NOT\n' | artsearch --batch --format text >out 2>err
check_eq "$(sed 's/^\(error: bad query: \).*/\1.../' out | tr '\n' ' ')" \
    "== query 1: NOT == error: bad query: ... " \
    "--batch --format text: the error under the query's heading"
printf 'NOT\n' | artsearch --batch -q >out 2>err
check_eq "$(cat out)" "" "--batch -q: still nothing on stdout"

# The index removed while a --batch runs: the error record has the
# message stderr has, for that query.
cp -R "$WORK/idx" gone
mkfifo batch.fifo
artsearch --index gone --batch --format json -n 1 <batch.fifo >out 2>err &
batch=$!
exec 3>batch.fifo
echo harbour >&3
i=0
while [ $i -lt 600 ] && ! grep -q '"type":"summary"' out; do
    sleep 0.1
    i=$((i + 1))
done
rm -r gone
echo harbour >&3
exec 3>&-
wait $batch
check_eq "$(jq -r 'select(.type=="error") | "\(.query) \(.message)"' out)" \
    "2 no index at gone (in $(pwd -P)): run artsearch-index first (or give --index DIR)" \
    "--batch, the index removed: the error record says what stderr says"
check_grep "^artsearch: error: query 2: no index at gone \\(in .*\\): run artsearch-index first" err \
    "... and stderr names the query"

# A NUL byte in a --batch line is an error for that query, not a search
# for the text before it (nor, alone, for everything).
printf 'zzzqqq\000harbour\n\000\nharbour\n' >queries
run artsearch --batch=queries -c
check_status 2 "--batch: a line with a NUL byte makes the status 2"
check_eq "$(tr '\n' ' ' <out)" "$(printf '1\terror 2\terror 3\t5 ')" \
    "--batch: a line with a NUL byte is answered as an error"
check_grep "query 1: bad query: the line has a NUL byte" err \
    "--batch: a NUL byte: the message says so"
run artsearch --batch=queries -c --timing
check_eq "$(grep -c '^artsearch: time: query [123]: [0-9]* us$' err)" 3 \
    "--batch --timing: a time for each line, the one with a NUL byte too"

run artsearch --bogus harbour
check_status 2 "unknown long option: exit 2"
check_grep "unknown option --bogus .see artsearch --help" err "unknown option: named"
run artsearch --so relevance harbour
check_status 2 "ambiguous long option: exit 2"
check_grep "ambiguous option --so: could be --source, --sort .see artsearch --help" err \
    "ambiguous option: said so, with the candidates"
run artsearch-index --index "$WORK/never" --s 2
check_status 2 "artsearch-index, ambiguous long option: exit 2"
check_grep "ambiguous option --s: could be --synonyms, --status, --shards" err \
    "... said so, with the candidates"
# --stats only describes the index: an option of a search, which it
# would ignore, is an error, named as typed.
for opt in -q -c --count -l --list=ids -0 --batch --similar=alpha \
    --author=x --since=2025 -n3 --sort=newest --facets=author --explain \
    --timing; do
    run artsearch --stats "$opt"
    check_status 2 "--stats $opt: exit 2"
    name=${opt%%=*}
    [ "$name" = -n3 ] && name=-n
    check_eq "$(cat err)" "artsearch: error: --stats only describes the index: it does not go with $name" \
        "... says which option"
    check_eq "$(cat out)" "" "... and prints no description"
done
run artsearch --stats harbour
check_status 2 "--stats with a query: exit 2"
check_eq "$(cat err)" "artsearch: error: --stats only describes the index: it takes no query ('harbour')" \
    "... says so"
run artsearch --stats --format json --color never --timeout 5
check_status 0 "--stats with --format, --color and --timeout: described"
check_grep "^paragraphs	" out "... the description"

# --wait: seconds from 0 to 1000000, and the message gives the range.
for w in -1 1e9 nan inf 5s ''; do
    run artsearch-index --index "$WORK/never" --wait "$w"
    check_status 2 "artsearch-index --wait '$w': exit 2"
    check_grep "invalid --wait '$w': give seconds, from 0 to 1000000" err \
        "... the message gives the range"
done
check_eq "$(ls "$WORK/never" 2>&1 >/dev/null | grep -c 'No such')" 1 \
    "... and no index was made"
for opt in --facets --tag --author --source; do
    run artsearch "$opt" '' harbour
    check_status 2 "$opt '': exit 2"
    check_grep "^artsearch: error: $opt needs a value" err "$opt '': says so"
done
# --list's value is attached (--list=ids): a separate "ids" is a query
# word, and a note says so.
run artsearch --list ids harbour
check_status 1 "--list ids: 'ids' is searched for (no hits)"
check_grep "'ids' after --list is searched for; write --list=ids for the option" err \
    "... and a note says so"
run artsearch -l harbour
check_eq "$(cat err)" "" "-l before a query word: no note"
# -l takes no value, so that it combines as grep's does.
run artsearch -lq harbour
check_status 0 "-lq: -l -q, exit 0"
check_eq "$(cat out err)" "" "... quiet"
run artsearch -l0 harbour
check_eq "$(tr '\0' '\n' <out | grep -c .)" "$(artsearch -l harbour | wc -l | tr -d ' ')" \
    "-l0: -l -0, each file ended by a NUL"
run artsearch -x harbour
check_status 2 "unknown short option: exit 2"
check_grep "unknown option -x" err "unknown short option: named"
for opt in --count=yes --articles=3; do
    run artsearch "$opt" harbour
    check_status 2 "$opt: exit 2"
    check_grep "option ${opt%%=*} takes no value \\(see artsearch --help\\)" err \
        "$opt: a value for an option without one, said so"
done
run artsearch-index --quiet=1 "$FIXTURES/basic"
check_grep "option --quiet takes no value" err "... by artsearch-index too"
run artsearch harbour --author
check_status 2 "option without its value: exit 2"
check_grep "option --author needs a value" err "missing value: named"
run artsearch -n -3 harbour
check_status 2 "negative limit: exit 2"
for n in " 5" "5 " +5 ""; do
    run artsearch -n "$n" harbour
    check_status 2 "limit '$n': not a number: exit 2"
done
run artsearch -n 4000000000 harbour
check_status 2 "a limit too large: exit 2"
check_grep "invalid --limit '4000000000': give a number from 0 to 100000000" err \
    "a limit too large: the range is named"
run artsearch --per-article 0 harbour
check_grep "invalid --per-article '0': give a number from 1 to 100000000" err \
    "--per-article 0: the range is named"
run artsearch --sort sideways harbour
check_status 2 "bad --sort: exit 2"
run artsearch --color sometimes harbour
check_status 2 "bad --color: exit 2"
run artsearch
check_status 2 "no query: exit 2"
check_grep "no query given" err "no query: says so"

# A query word that starts with '-' and holds an h is no request for help.
run artsearch harbour -china
check_status 2 "a query word '-china' read as options: exit 2, not the help"
check_grep "'-china' is read as options .*goes after --" err \
    "... the message says to put the query after --"
run artsearch -- harbour -china
check_status 0 "after --, '-china' excludes a word"
# ... nor with a V, a request for the version.
run artsearch harbour -Vietnam
check_status 2 "a query word '-Vietnam' read as options: exit 2, not the version"
check_grep "'-Vietnam' is read as options \\(-V among them\\).*goes after --" err \
    "... the message names the word and says to put the query after --"
check_eq "$(cat out)" "" "... and no version on stdout"
run artsearch --index idx -china harbour
check_grep "'-china' is read as options" err \
    "a cluster after an option with a value: still a query word"
run artsearch --vers
check_grep "^artsearch [0-9]" out \
    "an abbreviated --version alone is a request for the version"
run artsearch --hel
check_grep "^Usage: artsearch" out "an abbreviated --help alone prints the help"
run artsearch --help
check_status 0 "--help: exit 0"
check_grep "^Usage: artsearch" out "--help on stdout"
check_grep "Exit status: 0 hits found, 1 no hits, 2 error" out "--help lists exit codes"
check_eq "$(cat err)" "" "--help: nothing on stderr"
run artsearch --version
check_grep "^artsearch [0-9]" out "--version"

# A write error (full disk) is an error, not success.
if [ -w /dev/full ]; then
    artsearch harbour >/dev/full 2>err
    status=$?
    check_status 2 "write error: exit 2"
    check_grep "write error" err "write error: reported"
else
    echo "# skipped: no /dev/full to write to: a write error"
fi

# A closed pipe ends the program quietly: the reader is gone before
# artsearch writes (SIGPIPE ends it, or with SIGPIPE ignored it stops with
# status 2, as --batch does below).
for sigpipe in default ignored; do
    rm -f reader.gone pipe.status
    (
        [ $sigpipe = ignored ] && trap '' PIPE
        {
            i=0
            while [ ! -e reader.gone ] && [ $i -lt 600 ]; do
                sleep 0.1
                i=$((i + 1))
            done
            artsearch -n 100 harbour 2>err
            echo $? >pipe.status
        } | {
            exec 0<&-
            : >reader.gone
        }
    )
    status=$(cat pipe.status)
    if [ $sigpipe = ignored ]; then
        check_status 2 "closed pipe, SIGPIPE ignored: exit 2"
    elif [ "$status" -ne 0 ]; then
        pass "closed pipe: not a success ($status)"
    else
        fail "closed pipe: not a success" "exit status 0"
    fi
    check_eq "$(cat err)" "" "closed pipe, SIGPIPE $sigpipe: no message"
done

# --batch stops at the first failed write, also when SIGPIPE is ignored
# (quietly for a closed pipe, with status 2 as without --batch); a full
# disk is an error.
(
    trap '' PIPE
    yes harbour 2>/dev/null | {
        timeout 20 artsearch --batch -c 2>err
        echo $? >batch.status
    } | head -1 >/dev/null
)
status=$(cat batch.status)
check_status 2 "--batch, SIGPIPE ignored: stops when the reader goes away"
check_eq "$(cat err)" "" "--batch, SIGPIPE ignored: a closed pipe is quiet"
if [ -w /dev/full ]; then
    yes harbour | timeout 20 artsearch --batch -c >/dev/full 2>err
    status=$?
    check_status 2 "--batch on a full disk: stops, exit 2"
    check_grep "write error on standard output" err \
        "--batch on a full disk: reported"
else
    echo "# skipped: no /dev/full to write to: --batch on a full disk"
fi

# A failed write ends a long list at once: the hits after it are neither
# read nor formatted (with SIGPIPE ignored, a reader gone away was written
# to 4 KiB at a time to the end of the list, minutes on a big export).
awk 'BEGIN { for (i = 0; i < 1500; i++)
    printf "{\"id\": \"article %d of a long harbour report\", \"title\": \"Long\", \"text\": \"Paragraph %d of the harbour report.\"}\n", i, i }' >long.jsonl
artsearch-index -q --index longidx --format jsonl long.jsonl
if [ -w /dev/full ] && command -v strace >/dev/null 2>&1 &&
    strace -o /dev/null true 2>/dev/null; then
    for list in "" --list=ids "--format json" "--format text"; do
        # (LeakSanitizer cannot run under strace: the leak check is left
        # to the other tests)
        # shellcheck disable=SC2086
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
            strace -f -e trace=write -o trace artsearch --index longidx \
            -n 1500 $list harbour >/dev/full 2>err
        status=$?
        check_status 2 "${list:-tsv} on a full disk: exit 2"
        writes=$(grep -c 'write(1,' trace)
        check_eq "$(test "$writes" -le 3 && echo yes)" yes \
            "${list:-tsv} on a full disk: stops at the hit it failed in"
        check_eq "$(grep -c 'write error on standard output' err) $(grep -c 'write(2,' trace)" \
            "1 1" "${list:-tsv} on a full disk: reported once, in one write"
    done
else
    echo "# skipped: no /dev/full or no strace: a long list on a full disk"
fi

# --timing: the time comes after the answer on a shared stream, never
# inside a record still in stdout's buffer.
artsearch --index longidx --timing -n 1500 harbour >both 2>&1
status=$?
check_status 0 "--timing, stdout and stderr one stream: exit 0"
check_eq "$(grep -c '^artsearch: time: [0-9]* us$' both) $(grep -c 'time:' both)" \
    "1 1" "--timing: the time is a line of its own"
check_eq "$(tail -1 both | cut -c1-16)" "artsearch: time:" \
    "--timing: after the hits"

# A closed standard descriptor is no free number for the next file: the
# index's files must not become the queries, the results or the list.
echo harbour | { artsearch --batch -c <&- >out 2>err; echo $? >st; }
status=$(cat st)
check_status 2 "--batch with stdin closed: exit 2"
check_grep "reading queries: Bad file descriptor" err \
    "... says it cannot read the queries"
check_eq "$(cat out)" "" "... and answers nothing"
# --batch=DIR: the message names the file it cannot read.
run artsearch --batch="$WORK" -c
check_status 2 "--batch=DIR: exit 2"
check_eq "$(cat err)" "artsearch: error: cannot read --batch file $WORK: Is a directory" \
    "... the message names the file"
# Lines of Unicode spaces are blank, not numbered; a control character or
# a byte that is not UTF-8 is a query (answered).
printf 'harbour\n\302\240\n\343\200\200\n \t\342\200\213\nlease\n\001\n\377\n' |
    artsearch --batch -c >out 2>err
check_eq "$(cut -f1 out | tr '\n' ' ')" "1 2 3 4 " \
    "--batch: lines of no-break and ideographic spaces skipped, not numbered"
check_eq "$(cut -f2 out | tr '\n' ' ')" "5 2 0 error " "... and the others answered"
# A batch line over 16 MiB (a binary file, /dev/zero) is no batch of
# queries: an error, read no further, after the answers before it.
{ echo harbour; head -c 17000000 /dev/zero | tr '\000' a; echo; echo lease; } |
    artsearch --batch -c >out 2>err
status=$?
check_status 2 "--batch: a line over 16 MiB: exit 2"
check_grep "reading queries: line 2 is longer than 16 MiB: not one query a line" err \
    "... says so"
check_eq "$(cat out)" "1	5" "... after answering the queries before it"
# A line of 16 MiB exactly is a line, and a query too long: its error is
# the answer, and the batch goes on.
{ echo harbour; head -c 16777216 /dev/zero | tr '\000' a; echo; echo lease; } |
    artsearch --batch -c >out 2>err
status=$?
check_status 2 "--batch: a line of 16 MiB exactly, an error answered: exit 2"
check_eq "$(cat out)" "$(printf '1\t5\n2\terror\n3\t2')" \
    "... answered as a query too long, and the next query too"
check_grep "query 2: bad query: the query is longer than 8192 bytes" err "... which says why"
{ echo harbour; head -c 16777216 /dev/zero | tr '\000' a; printf '\r\n'; echo lease; } |
    artsearch --batch -c >out 2>err
check_eq "$(cat out)" "$(printf '1\t5\n2\terror\n3\t2')" \
    "... ended by CR LF too"
run timeout 60 artsearch --batch=/dev/zero -c
check_status 2 "--batch=/dev/zero: exit 2, not all the machine's memory"
# (Not under valgrind: its log file takes the closed descriptor.)
if [ -z "${ARTSEARCH_TEST_VALGRIND:-}" ]; then
    cp -R "$FIXTURES/basic" closed
    artsearch-index -v --index closedidx closed >&- 2>err
    status=$?
    check_status 1 "artsearch-index -v with stdout closed: exit 1"
    check_grep "cannot write the list of changes" err "... says so"
    check_eq "$(cat closedidx/lock)" "" "... and writes no list into the index"
fi

# -v keeps its lines in $TMPDIR until they are committed: a TMPDIR that
# cannot hold them loses the list, with a warning, not the index (not
# under valgrind, which needs a TMPDIR of its own).
cp -R "$FIXTURES/basic" tmpdir
if [ -z "${ARTSEARCH_TEST_VALGRIND:-}" ]; then
    TMPDIR="$WORK/no-such-dir" artsearch-index -v --index tmpdiridx tmpdir >out 2>err
    status=$?
    check_status 1 "artsearch-index -v with TMPDIR missing: exit 1"
    check_grep "cannot write the list of changes: cannot make a temporary file in $WORK/no-such-dir \\(TMPDIR\\): No such file or directory" err \
        "... says so, naming the directory"
    check_eq "$(cat out)" "" "... lists nothing"
    check_eq "$(artsearch --index tmpdiridx -c harbour)" 5 "... and indexes everything"
fi
mkdir spooldir
TMPDIR="$WORK/spooldir" artsearch-index -v --index tmpdiridx2 tmpdir >out 2>err
status=$?
check_status 0 "artsearch-index -v with TMPDIR set: exit 0"
check_eq "$(grep -c '^new	' out)" 4 "... lists every article"
check_eq "$(ls -A spooldir)" "" "... and leaves nothing in TMPDIR"

finish
