#!/bin/sh
# t-index.sh - artsearch-index: what it reads, what it reports, re-indexing,
# languages and bad input.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need xapian-check xapian-tools
need xapian-metadata xapian-tools

cp -R "$FIXTURES/basic" corpus

# With no arguments it indexes corpus/ into index/ of the current directory.
run artsearch-index
check_status 0 "indexing corpus/ into index/: exit 0"
check_eq "$(cat err)" \
    "artsearch-index: index: 4 new, 0 updated, 0 unchanged, 0 removed articles (10 paragraphs indexed); 0 skipped, 0 warnings" \
    "the summary counts articles and paragraphs"
run artsearch --stats
check_eq "$(grep -v -e '^stemmer' -e '^updated' out)" "$(printf 'index\tindex\nschema\t3\nlanguage\tenglish\nshards\t1\narticles\t4\nparagraphs\t10')" \
    "--stats describes the index"
check_eq "$(cut -f1 out | tr '\n' ' ')" "index schema language stemmer shards articles paragraphs updated " \
    "--stats says what artsearch-index --status says"

# A path with a tab in it: one line all the same, the tab written %09.
mkdir "tab	dir"
cp -R index "tab	dir/idx"
run artsearch --index "tab	dir/idx" --stats
check_grep "^index	tab%09dir/idx$" out "--stats: the path escaped as file names are"

# Re-indexing replaces, never duplicates.
run artsearch-index
run artsearch --stats
check_grep "^paragraphs	10$" out "re-indexing keeps 10 paragraphs"
run artsearch harbour -n 100
check_eq "$(column 3,4 | sort | uniq -d)" "" "no paragraph appears twice"

# An article that shrinks loses its old paragraphs; one that grows gains.
printf 'Title: Negotiations over the harbour\nAuthor: Jane Doe\n\nOnly one paragraph now, about tides.\n' >corpus/alpha.txt
run artsearch-index
run artsearch --stats
check_grep "^paragraphs	8$" out "a shrunk article keeps only its new paragraphs"
run artsearch lease
check_status 1 "text of removed paragraphs is gone"
run artsearch tides
check_eq "$(column 3,4)" "$(printf 'alpha\t1')" "the new text is found"
run artsearch --author 'Kenji Sato'
check_status 1 "an author removed from the header no longer matches"

# --index DIR and $ARTSEARCH_INDEX.
run artsearch-index --index other "$FIXTURES/basic/beta.txt"
check_status 0 "--index DIR with one file"
ARTSEARCH_INDEX=other run artsearch --stats
check_grep "^articles	1$" out "\$ARTSEARCH_INDEX names the index"

# A named file is indexed whatever its name; directories give .txt only.
cp "$FIXTURES/basic/gamma.txt" notes.article
run artsearch-index --index named notes.article
check_status 0 "a named file with another extension"
run artsearch --index named undated
check_eq "$(column 3)" "notes.article" "its id is its name without .txt only"

# Languages.
run artsearch-index --index fr --lang french "$FIXTURES/basic"
check_status 0 "--lang french"
run artsearch --index fr --stats
check_grep "^language	french$" out "the index records its language"
run artsearch-index --index fr --lang german "$FIXTURES/basic"
check_status 2 "another language for an existing index: exit 2"
check_grep "built for language french" err "the message names the language"
run artsearch --index fr --index named harbour
check_status 2 "two indexes of two languages searched together: exit 2"
check_grep "is in language english, but .* is in french: indexes searched together, and the shards of one index, share their language" err \
    "... the message speaks of indexes, not only of shards"
# A language's code is its name: the index records english for en, and
# searches with its stop list; another code of the index's language is
# no other language.
run artsearch-index -q --index en --lang en "$FIXTURES/basic"
run artsearch --index en --stats
check_grep "^language	english$" out "--lang en: the index is in english"
run artsearch --index en --explain --format json 'the harbour'
check_no_grep 'Zthe' out "... and a query's stopwords are left out"
run artsearch-index -q --index fr --lang fra "$FIXTURES/basic"
check_status 0 "--lang fra for an index in french: the same language"
run artsearch-index -q --index fr --lang French "$FIXTURES/basic"
check_status 0 "--lang French: a name in any case"
run artsearch-index -q --index enc --lang EN "$FIXTURES/basic"
run artsearch --index enc --stats
check_grep "^language	english$" out "--lang EN: a code in any case, the index in english"
run artsearch-index --index kl --lang klingon "$FIXTURES/basic"
check_status 2 "unknown language: exit 2"
check_grep "unknown stemmer language 'klingon' \\(known: .*english" err \
    "the message lists the known languages"
# A database with a file missing (a copy or a restore cut short) is
# damaged, not "no index": searches say to rebuild it, and the indexer
# refuses it rather than start an empty database over it; with the file
# back, every article is there.
run artsearch-index --index dmg "$FIXTURES/basic"
for file in postlist.glass iamglass position.glass termlist.glass spelling.glass; do
    mv dmg/db-1/$file dmg.$file
    run artsearch --index dmg harbour
    check_status 2 "a database without its $file: a search exits 2"
    check_grep "the index at dmg is damaged: files of its database are missing or cannot be read .*artsearch-index --rebuild" \
        err "... and says it is damaged, and how to rebuild it"
    run artsearch-index --index dmg "$FIXTURES/basic/alpha.txt"
    check_status 2 "a database without its $file: the indexer exits 2"
    check_grep "is damaged" err "... saying the index is damaged"
    run artsearch-index -n --index dmg "$FIXTURES/basic"
    check_grep "is damaged" err "... and so does a dry run"
    mv dmg.$file dmg/db-1/$file
    run artsearch --index dmg -c --articles harbour
    check_eq "$(cat out)" "4" "with its $file back, the index has every article"
done
# Its rebuild keeps the index's language and shards, which a damaged
# index still records; also when one shard does not open at all (its
# version file gone): the other shards say the language, the stub how
# many there are.
for damage in 2:termlist.glass 3:iamglass; do
    n=${damage%%:*} file=${damage#*:}
    run artsearch-index -q --index dmgfr$n --lang french --shards $n "$FIXTURES/basic"
    rm dmgfr$n/db-1/1/$file
    run artsearch-index --index dmgfr$n --rebuild "$FIXTURES/basic"
    check_status 0 "an index with $file of a shard gone is rebuilt"
    check_no_grep "cannot read the language" err "... reading its settings"
    run artsearch --index dmgfr$n --stats
    check_eq "$(grep -E '^(language|shards)	' out | tr '\t\n' ': ')" \
        "language:french shards:$n " "... and keeping its language and shards"
done
# An index whose files this user may not read says so, and is not called
# damaged (nobody to rebuild it for).
set_as_nobody
if [ -n "$as_nobody" ] && [ "$as_nobody" != env ]; then
    cp -R dmg dmgro
    chmod 600 dmgro/db-1/position.glass
    run $as_nobody artsearch --index "$WORK/dmgro" harbour
    check_status 2 "an index that may not be read: exit 2"
    check_grep "cannot read the index at .*position.glass: Permission denied" \
        err "... says whose permission is missing"
    check_no_grep "damaged" err "... and does not call it damaged"
    chmod 644 dmgro/db-1/position.glass
    chmod 700 dmgro/db-1
    run $as_nobody artsearch --index "$WORK/dmgro" harbour
    check_grep "cannot read the index at .*db-1: Permission denied" err \
        "a database directory that may not be opened: said so, not 'no index'"
fi
# An index whose paragraphs have no words at all has no positions, and is
# not damaged for that.
mkdir nowords
printf 'Title: \360\237\230\200\n\n!!! \360\237\230\200\n' >nowords/a.txt
artsearch-index -q --index nowordsidx nowords
run artsearch --index nowordsidx --stats
check_grep "^paragraphs	1$" out "an index of paragraphs without words opens"
# nor is one whose words are only in titles (no spelling data)
printf 'Title: Ruled off\n\n* * *\n' >nowords/b.txt
artsearch-index -q --index nowordsidx nowords
run artsearch --index nowordsidx -c title:ruled
check_eq "$(cat out)" "1" "an index whose paragraphs have no words but their titles opens"
# nor one whose only words are of one letter (which Xapian keeps no
# spelling data for)
mkdir oneletter
printf 'Title: Ruled off\n\nx 1\n' >oneletter/a.txt
artsearch-index -q --index oneletteridx oneletter
run artsearch --index oneletteridx -c x
check_eq "$(cat out)" "1" "an index whose only words are of one letter opens"
# nor one whose only words have a digit (never spelling data either)
mkdir digits
printf 'Title: Ruled off\n\nG7 2024 1,000\n' >digits/a.txt
artsearch-index -q --index digitsidx digits
run artsearch --index digitsidx -c g7
check_eq "$(cat out)" "1" "an index whose only words have a digit opens"

# The spelling data of many new words is written in several commits: a
# word of every part of the alphabet is suggested, and a word whose
# article is removed no longer is.
awk 'BEGIN { a = "abcdefghijklmnopqrstuvwxyz"
    for (i = 0; i < 50; i++) {
        printf "{\"id\":\"v%d\",\"title\":\"T\",\"text\":\"", i
        for (j = 0; j < 1000; j++) { n = i * 1000 + j; w = ""
            for (k = 0; k < 4; k++) { w = w substr(a, n % 26 + 1, 1); n = int(n / 26) }
            printf "%sword%s ", (i < 25 ? "q" : "z"), w }
        print "\"}" } }' >vocab.jsonl
artsearch-index -q --index vocabidx --format jsonl vocab.jsonl
word_of() { grep "\"v$1\"" vocab.jsonl | tr ' ' '\n' | sed -n "$2p"; }
late=$(word_of 49 1000)
# (the words after the commits: 20,000 changes each, in the words' order)
sorted=$(grep -oE '[qz]word[a-z]+' vocab.jsonl | LC_ALL=C sort)
for w in qwordaaaa "$(word_of 12 500)" "$(word_of 30 2)" "$late" \
    "$(echo "$sorted" | sed -n 20001p)" "$(echo "$sorted" | sed -n 40001p)"; do
    run artsearch --index vocabidx "${w}x"
    check_grep "did you mean: $w " err "spelling data of 50,000 new words: $w suggested"
done
grep '"v[0-9]"' vocab.jsonl >vocab-less.jsonl
mv vocab-less.jsonl vocab.jsonl
artsearch-index -q --index vocabidx --format jsonl vocab.jsonl
run artsearch --index vocabidx "${late}x"
check_no_grep "did you mean: $late " err "... and not once its article is removed"
run artsearch --index vocabidx qwordaaaax
check_grep "did you mean: qwordaaaa " err "... while a word still there is"

# Words with a digit are no spelling data: Xapian 1.4 damages its
# spelling table when some 150,000 of them are removed 20,000 a commit
# ("Too few chunks of compressed data"), as a run once did here when
# 1,499 of 1,500 articles of numbers left. (Under valgrind it is slow,
# and the sanitizers run it.)
if [ -z "${ARTSEARCH_TEST_VALGRIND:-}" ]; then
    awk 'BEGIN { for (a = 1; a <= 1500; a++) {
        printf "{\"id\": \"n%d\", \"title\": \"T\", \"text\": \"harbour", a
        for (k = 0; k < 100; k++) { n = a * 100 + k; printf " %d w%dq", n, n }
        printf "\"}\n" } }' >numbers.jsonl
    artsearch-index -q --index numidx --format jsonl numbers.jsonl
    head -n 1 numbers.jsonl >numbers1.jsonl
    mv numbers1.jsonl numbers.jsonl
    run artsearch-index --index numidx --format jsonl numbers.jsonl
    check_status 0 "1,499 of 1,500 articles of 300,000 numbers removed: exit 0"
    check_grep ": 0 new, 0 updated, 1 unchanged, 1499 removed articles" err \
        "... and every one of them removed"
    run artsearch --index numidx -c harbour
    check_eq "$(cat out)" "1" "... and the index answers"
    run xapian-check numidx/db-1
    check_status 0 "... and xapian-check finds no error in it"
fi

# An index of another schema version is refused, with how to rebuild it.
run artsearch-index --index schema "$FIXTURES/basic"
xapian-metadata set schema/db-1 artsearch.schema 1
run artsearch --index schema harbour
check_status 2 "an index of schema 1 (no date terms): exit 2"
check_grep "has schema version 1; this artsearch reads version 3: rebuild it with artsearch-index --rebuild" err \
    "an index of schema 1: says how to rebuild"
xapian-metadata set schema/db-1 artsearch.schema 2
run artsearch --index schema harbour
check_status 2 "an index of schema 2 (text not folded): exit 2"
check_grep "has schema version 2; this artsearch reads version 3: rebuild it with artsearch-index --rebuild" err \
    "an index of schema 2: says how to rebuild"
xapian-metadata set schema/db-1 artsearch.schema 99
run artsearch --index schema harbour
check_status 2 "another schema: exit 2"
check_grep "has schema version 99; this artsearch reads version 3: rebuild it with artsearch-index --rebuild" err \
    "another schema: says how to rebuild"
run artsearch-index --index schema "$FIXTURES/basic"
check_status 2 "another schema: no incremental run"
run artsearch-index --index schema --rebuild "$FIXTURES/basic"
check_status 0 "another schema: --rebuild replaces it"
run artsearch --index schema -c harbour
check_eq "$(cat out)" "5" "the rebuilt index answers"
# The rebuild an older schema asks for keeps its language and synonyms.
run artsearch-index --index oldfr --lang french "$FIXTURES/basic"
xapian-metadata set oldfr/db-1 artsearch.schema 2
run artsearch-index --index oldfr --rebuild "$FIXTURES/basic"
check_status 0 "an index of schema 2: --rebuild"
check_no_grep "cannot read" err "... reads the old index's settings"
run artsearch --index oldfr --stats
check_grep "^language	french$" out "... and keeps its language"
run artsearch-index --list-languages
check_grep "^english$" out "--list-languages"

# Bad input: reported with the file and reason, the rest indexed, exit 1.
mkdir bad
cp "$FIXTURES/basic/alpha.txt" bad/good.txt
printf 'no header here, just prose.\n\nMore prose.\n' >bad/noheader.txt
: >bad/empty.txt
printf 'Title: x\nDate: 2025-13-45\n\nText.\n' >bad/baddate.txt
printf 'Title: x\n\n' >bad/nobody.txt
printf 'Title: bin\n\nab\000cd\n' >bad/binary.txt
printf 'Title: Latin-1\n\nCaf\351 society near the harbour.\n' >bad/latin1.txt
printf 'Title: Mixed caf\303\251\n\nOne \351 byte.\n' >bad/mixed.txt
mkdir bad/sub && cp "$FIXTURES/basic/beta.txt" bad/sub/good.txt
ln -s .. bad/sub/loop
id200=$(printf '%0200d' 0 | tr 0 k)
printf 'Title: Long\n\nA lengthy name.\n' >"bad/$id200.txt"
printf 'Title: Longer\n\nA lengthier name.\n' >"bad/${id200}l.txt"
run artsearch-index --index badidx bad
check_status 1 "skipped inputs: exit 1"
check_grep "skipped bad/${id200}l.txt: the file name is too long for an article id \\(at most 200 bytes without .txt, %XX escapes counted\\)" err \
    "a file name too long for an id: named, the rest indexed"
check_grep "skipped bad/noheader.txt: line 1: missing header" err "missing header: named"
check_grep "skipped bad/empty.txt: empty file" err "empty file: named"
check_grep "skipped bad/baddate.txt: line 2: invalid Date '2025-13-45'" err "bad date: file and line"
check_grep "skipped bad/nobody.txt: no text after the header" err "no body: named"
check_grep "skipped bad/binary.txt: binary file" err "binary file: named"
check_grep "warning: bad/latin1.txt:3: invalid UTF-8 \\(1 byte\\) replaced with U\\+FFFD: the file has no UTF-8 at all; if it is Latin-1 or Windows-1252, convert it and index it again \\(iconv -f WINDOWS-1252 -t UTF-8\\)" err \
    "invalid UTF-8: repaired, with file and line, and how to convert a Latin-1 file"
check_grep "skipped bad/sub/good.txt: duplicate article id 'good' \\(already read from bad/good.txt\\)" err \
    "duplicate ids: the second is skipped and both files named"
check_grep "skipped bad/sub/loop: directory loop" err "symlink loop: named"
check_grep "warning: bad/mixed.txt:3: invalid UTF-8 \\(1 byte\\) replaced with U\\+FFFD$" err \
    "invalid UTF-8 in a file that has UTF-8 too: no word of Latin-1"
check_grep ": 4 new, .* 8 skipped, 2 warnings$" err "the summary counts skipped inputs"
run artsearch --index badidx harbour
check_eq "$(column 3 | sort -u | tr '\n' ' ')" "good latin1 " "the good articles were indexed"
run artsearch --index badidx lengthy
check_eq "$(column 3)" "$id200" "an id of 200 bytes is indexed"
run artsearch --index badidx lengthier
check_status 1 "the article with a name too long is not"
run artsearch --index badidx --format json society
check_grep '"snippet":"Caf� society' out "invalid bytes become U+FFFD"

# A JSON Lines file read as an article: skipped, with the option to use.
printf '{"id": "j1", "title": "J", "text": "Harbour."}\n' >feed.jsonl
run artsearch-index --index jidx feed.jsonl
check_status 1 "JSON Lines without --format jsonl: skipped, exit 1"
check_grep "skipped feed.jsonl: line 1: missing header: this looks like JSON Lines, which artsearch-index --format jsonl reads" err \
    "JSON Lines without --format jsonl: the option named"
run artsearch-index --index jidx --format jsonl feed.jsonl
check_status 0 "and with it, indexed"

# File names the record and JSON cannot hold (a newline, Latin-1) give
# ids with those bytes as %XX; searches read them like any other.
mkdir odd
printf 'Title: Odd one\n\nA peculiar name.\n' >"odd/$(printf 'new\nline')".txt
printf 'Title: Odd two\n\nA peculiar name too.\n' >"odd/$(printf 'caf\351')".txt
run artsearch-index --index oddidx odd
check_status 0 "file names with a newline or Latin-1: indexed"
run artsearch --index oddidx peculiar
check_status 0 "file names with a newline or Latin-1: found"
check_eq "$(column 3 | sort | tr '\n' ' ')" "caf%E9 new%0Aline " \
    "their ids have the bytes as %XX"
run artsearch --index oddidx --format json peculiar
check_eq "$(jq -r '.article // empty' out | sort | tr '\n' ' ')" "caf%E9 new%0Aline " \
    "JSON Lines carry them"
check_eq "$(jq -r '.file // empty' out | sort | tr '\n' ' ')" "odd/caf%E9.txt odd/new%0Aline.txt " \
    "and the files, written the same way"
run artsearch --index oddidx --similar 'caf%E9'
if [ "$status" -le 1 ]; then
    pass "--similar with the written id: no error (exit $status)"
else
    fail "--similar with the written id: no error" "exit status $status" \
        "stderr: $(head -c 400 err)"
fi
check_no_grep "no article" err "the written id names the article"
# A file whose name holds what looks like such an escape is another
# article: its '%' is written as %25.
printf 'Title: Odd three\n\nA peculiar name as well.\n' >odd/caf%E9.txt
run artsearch-index --index oddidx odd
check_grep ": 1 new, 0 updated, 2 unchanged, 0 removed" err \
    "caf%E9.txt beside caf\\xE9.txt: a new article, the other kept"
run artsearch --index oddidx peculiar
check_eq "$(column 3 | sort | tr '\n' ' ')" "caf%25E9 caf%E9 new%0Aline " \
    "its id has the '%' as %25"
# -l gives a file's own name when a line can hold it (a '%' before hex
# digits in it is no escape: "Report%20Final.txt" opens); one with a
# Latin-1 byte is written as its id is.
printf 'Title: Odd four\n\nA peculiar download.\n' >'odd/Report%20Final.txt'
artsearch-index -q --index oddidx odd
run artsearch --index oddidx -l peculiar
check_eq "$(sort out | tr '\n' ' ')" \
    "odd/Report%20Final.txt odd/caf%E9.txt odd/caf%E9.txt odd/new%0Aline.txt " \
    "-l: own names, but for bytes a line cannot hold"
run artsearch --index oddidx -l download
xargs cat <out >cat.out 2>cat.err
check_eq "$?:$(grep -c '^Title: Odd four' cat.out)" "0:1" \
    "-l: a name with %20 in it, which xargs can open"
rm 'odd/Report%20Final.txt'
artsearch-index -q --index oddidx odd
# -l -0 gives each file's own name, for xargs -0.
run artsearch --index oddidx -l -0 peculiar
check_status 0 "-l -0: exit 0"
xargs -0 cat <out >cat.out 2>cat.err
check_eq "$?:$(grep -c '^Title: Odd' cat.out)" "0:3" \
    "-l -0: the real file names, which xargs -0 can open"
# A warning names such a file as ids do: one line, no control character
# reaching the terminal.
printf 'no header\n' >"odd/$(printf 'x\033[31mred')".txt
run artsearch-index --index oddidx odd
check_grep 'skipped odd/x%1B\[31mred.txt: line 1: missing header' err \
    "a warning writes a control character in a file name as %XX"
check_eq "$(grep -c . err)" "2" "... on one line (and the summary)"
rm "odd/$(printf 'x\033[31mred')".txt

# A FIFO named like an article is skipped, not waited on (the timeout
# turns a hang into a failure).
mkdir fifo
cp "$FIXTURES/basic/alpha.txt" fifo/alpha.txt
mkfifo fifo/pipe.txt
run timeout 60 artsearch-index --index fifoidx fifo
check_status 1 "a FIFO among the articles: exit 1, no wait"
check_grep "skipped fifo/pipe.txt: not a regular file" err "a FIFO: named"
check_grep ": 1 new, .* 1 skipped" err "a FIFO: the rest indexed"
# Standard input, a pipe (<(...)) or a FIFO given by name holds JSON
# Lines, not an article: an error that says so, at once, no index made.
run sh -c 'echo x | artsearch-index --index streamidx /dev/stdin'
check_status 2 "/dev/stdin without --format jsonl: exit 2"
check_grep "/dev/stdin is a stream .*, read as JSON Lines: give --format jsonl" err \
    "... which names --format jsonl"
run timeout 60 artsearch-index --index streamidx fifo/pipe.txt
check_status 2 "a FIFO given by name without --format jsonl: exit 2, no wait"
check_eq "$(test -e streamidx && echo made || echo none)" none "... no index made"

# A first run given only missing paths makes no index, which would
# answer every search with "no hits"; an index that exists keeps its
# articles and says what it skipped (below, and t6).
run artsearch-index --index missing "$WORK/no-such-dir" "$WORK/nor-this"
check_status 2 "a first run of missing paths only: exit 2"
check_grep "no-such-dir: No such file or directory: nothing to index, and no index was made at missing" err \
    "a first run of missing paths only: named"
check_eq "$(test -e missing && echo made || echo none)" none "a first run of missing paths only: no index made"
run artsearch --index missing japan
check_status 2 "a first run of missing paths only: searches say there is no index"
: >"$WORK/t-index-file"
ln -s "$WORK/no-such-dir" dangling
run artsearch-index --index missing dangling "$WORK/t-index-file/x.txt"
check_status 2 "a first run of a link to nothing and a path under a file: exit 2"
check_grep "dangling: No such file or directory: nothing to index" err "... named, with its reason"
run artsearch-index --index missing "$WORK/t-index-file/x.txt"
check_grep "t-index-file/x.txt: Not a directory: nothing to index" err "... a path under a file: not a directory"
check_eq "$(test -e missing && echo made || echo none)" none "... no index made"
run artsearch-index --index missing "$WORK/no-such-dir" "$FIXTURES/basic/alpha.txt"
check_status 1 "a missing path beside a file: exit 1"
check_grep "skipped .*no-such-dir: No such file or directory" err "a missing path: named"
check_grep ": 1 new, .* 1 skipped" err "a missing path beside a file: the file indexed"
run artsearch-index --index missing "$WORK/no-such-dir"
check_status 1 "a missing path, the index there: exit 1"
check_grep ": 0 new, .* 0 removed .* 1 skipped" err "a missing path, the index there: its article kept"

# An unreadable file is skipped (root reads every file: as root, run as
# nobody when nobody may run the build's programs).
cp "$FIXTURES/basic/alpha.txt" secret.txt && chmod 000 secret.txt
mkdir unreadable && chmod 777 unreadable
set_as_nobody
if [ -n "$as_nobody" ]; then
    # a first run with nothing it may read makes no index (as one of
    # missing paths), which would answer every search with "no hits"
    mkdir closed && chmod 700 closed
    run $as_nobody artsearch-index --index unreadable/idx secret.txt closed
    check_status 2 "a first run of unreadable paths only: exit 2"
    check_grep "secret.txt: Permission denied: nothing to index, and no index was made" err \
        "a first run of unreadable paths only: named"
    check_eq "$(test -e unreadable/idx && echo made || echo none)" none \
        "a first run of unreadable paths only: no index made"
    run $as_nobody artsearch-index --index unreadable/idx secret.txt \
        "$FIXTURES/basic/alpha.txt"
    check_status 1 "an unreadable file beside a readable one: exit 1"
    check_grep "skipped secret.txt: cannot read" err "an unreadable file: named"
    check_grep ": 1 new, .* 1 skipped" err "an unreadable file: counted as skipped"
    run $as_nobody artsearch-index --index unreadable/idx secret.txt
    check_status 1 "an unreadable file, the index there: exit 1"
    check_grep ": 0 new, .* 1 skipped" err "an unreadable file, the index there: skipped"
else
    echo "# skipped: nobody cannot run the build's programs here: an unreadable file"
fi

# A rebuild by a user who may write the index directory but not remove
# the old database (another user's) swaps the new one in, and says that
# the old one is left (it stayed, unused, without a word).
if [ -n "$as_nobody" ] && [ "$as_nobody" != env ]; then
    mkdir shared && chmod 777 shared
    artsearch-index -q --index shared/idx "$FIXTURES/basic/alpha.txt"
    chmod 777 shared/idx && chmod 666 shared/idx/lock
    run $as_nobody artsearch-index --index shared/idx --rebuild \
        "$FIXTURES/basic/alpha.txt"
    check_status 0 "a rebuild that cannot remove the old database: exit 0"
    check_grep "warning: shared/idx/db-1 is no longer used, and could not be removed: remove it by hand" err \
        "a rebuild that cannot remove the old database: says so"
    check_grep ": 1 new, .* 1 warning$" err "... counted as a warning"
    run $as_nobody artsearch --index shared/idx -c lease
    check_eq "$(cat out)" 2 "... the rebuilt index answers"
else
    echo "# skipped: not root, or nobody cannot run the build's programs: an old database another user owns"
fi

# A --compact that fails (no room for its copy: the index directory is
# read-only) after the run indexed: the summary says what was indexed.
mkdir cpt
cp "$FIXTURES/basic/alpha.txt" cpt/
artsearch-index -q --index cidx cpt
cp "$FIXTURES/basic/beta.txt" cpt/
if [ -n "$as_nobody" ]; then
    [ "$(id -u)" = 0 ] && chown -R 65534:65534 cidx
    chmod 555 cidx
    run $as_nobody artsearch-index --index cidx --compact cpt
    chmod 755 cidx
    check_status 2 "a --compact that fails: exit 2"
    check_grep "^artsearch-index: cidx: 1 new, 0 updated, 1 unchanged, 0 removed" err \
        "... after the summary of what was indexed"
    check_grep "compacting cidx failed: .*the index is as it was before compacting" \
        err "... and says what failed"
    run artsearch --index cidx --list=ids nuclear
    check_eq "$(cat out)" "beta" "... and the new article is in the index"
else
    echo "# skipped: nobody cannot run the build's programs here: a failed --compact"
fi

# A database whose write lock cannot be taken (its directory read-only, as
# in a copy restored read-only) is no index busy with another writer: the
# error says what Xapian found, not to wait.
mkdir lk && cp "$FIXTURES/basic/alpha.txt" lk/
artsearch-index -q --index lkidx lk
if [ -n "$as_nobody" ]; then
    [ "$(id -u)" = 0 ] && chown 65534:65534 lkidx lkidx/lock
    chmod a-w lkidx/db-1 lkidx/db-1/flintlock
    run $as_nobody artsearch-index --wait 1 --index lkidx lk
    chmod u+w lkidx/db-1 lkidx/db-1/flintlock
    check_status 2 "a database that cannot be locked: exit 2"
    check_grep "cannot lock the index for writing (.*Permission denied)" err \
        "... says why"
    check_no_grep "being written by another" err "... and is not called busy"
else
    echo "# skipped: nobody cannot run the build's programs here: a lock that cannot be taken"
fi

# The file naming the current database is on disk before it is renamed
# into place: a crash leaves the old name or the new one, never an empty
# file.
if command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null; then
    # (LeakSanitizer cannot run under ptrace: a sanitizer build's leak
    # check is left to the other tests)
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -y -e trace='/^(fsync|rename(at2?)?)$' -o trace \
        artsearch-index -q --index w corpus 2>err
    status=$?
    check_status 0 "under strace: exit 0"
    check_eq "$(awk '/fsync\([0-9]+<[^>]*\/w\/XAPIANDB\.tmp>/ { print "fsync" }
        /rename.*"w\/XAPIANDB\.tmp", .*"w\/XAPIANDB"/ { print "rename" }' \
        trace | tr '\n' ' ')" "fsync rename " \
        "XAPIANDB.tmp is synced before it is renamed to XAPIANDB"
else
    echo "# skipped: strace cannot run here: the sync of XAPIANDB before its rename"
fi

run artsearch-index --frobnicate
check_status 2 "unknown option: exit 2"
run artsearch-index --help
check_grep "Exit status: 0 all indexed, 1 some inputs skipped" out "--help lists exit codes"

# A failed run commits nothing: a file size limit (ulimit -f) makes
# writing fail mid-run (as a full disk would: EFBIG, not death by
# SIGXFSZ as if stopped by a signal), and the index keeps its last state.
run artsearch-index --index small "$FIXTURES/basic/alpha.txt"
mkdir big
awk 'BEGIN { for (i = 1; i <= 200; i++) {
    f = "big/a" i ".txt"
    printf "Title: Article %d\n\n", i > f
    for (p = 1; p <= 4; p++) {
        for (w = i * 100; w <= i * 100 + 300; w++)
            printf "word%d ", w > f
        printf "\n\n" > f
    }
    close(f) } }'
(ulimit -f 400; exec artsearch-index -v --index small big) \
    >out 2>err
status=$?
check_status 2 "a write error mid-run: exit 2"
check_eq "$(cat out)" "" "-v: a run that committed nothing names no change"
check_grep "indexing into small failed: .*File too large.*the index keeps its last committed state" err \
    "a write error: says what happened and what the index keeps"
run artsearch --index small --stats
check_grep "^articles	1$" out "after a write error the index has its last committed state"
run artsearch --index small lease
check_status 0 "after a write error the index still answers"

# A disk that fills up at any moment of a rebuild: every write from the
# nth on fails (tests/enospc.so), for each n in turn.  Whatever write
# fails, the rebuild is dropped: the index is as it was, with its one
# database, and the error says so.  (Xapian 1.4 ends the process from
# inside on some of these writes, in its last commit: the rebuild's new
# database was left behind, and the error said nothing of the rebuild.)
enospc="$(dirname "$(command -v artsearch-index)")/../tests/enospc.so"
if [ -f "$enospc" ]; then
    mkdir filling
    awk 'BEGIN { n = split("oil wheat grain market price bank trade " \
            "export import dollar yen tariff crop copper gold steel", w, " ")
        for (i = 1; i <= 100; i++) {
            f = "filling/a" i ".txt"
            printf "Title: Article %d on %s\nAuthor: Writer %d\n", i,
                w[i % n + 1], i % 7 > f
            printf "Date: 2020-01-%02d\n\n", i % 28 + 1 > f
            for (p = 1; p <= 4; p++)
                printf "Paragraph %d of %d on %s and %s, unique%d.\n\n", p,
                    i, w[(i + p) % n + 1], w[(i * p) % n + 1], i > f
            close(f) } }'
    run artsearch-index --index full filling
    cp -a full full.orig
    # (a sanitizer build's library comes after the one preloaded; Xapian
    # 1.4.22's allterms_begin() leaks 233 bytes when it throws after a
    # write error, inside libxapian: valgrind shows the same)
    preload() {
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0:detect_leaks=0" \
            LD_PRELOAD="$enospc" AS_ENOSPC_DIR="${AS_ENOSPC_DIR:-$WORK/full/}" "$@"
    }
    preload env AS_ENOSPC_COUNT=1 artsearch-index -q --index full --rebuild \
        filling 2>err
    writes=$(sed -n 's/^enospc: \([0-9]*\) writes$/\1/p' err)
    bad=
    n=0
    while [ "$n" -lt "${writes:-0}" ]; do
        rm -rf full
        cp -a full.orig full
        preload env AS_ENOSPC_AFTER=$n artsearch-index -q --index full \
            --rebuild filling >out 2>err
        status=$?
        dbs=$(ls -d full/db-* | wc -l)
        hits=$(artsearch --index full -c unique7 2>&1)
        # (and not Xapian's "couldn't open at the old revision", which
        # speaks of its memory: the revision on disk is whole)
        if [ $status -ne 2 ] || [ "$dbs" -ne 1 ] || [ "$hits" != 4 ] ||
            ! grep -q "the rebuild was dropped and the index is as it was" err ||
            grep -q "old revision" err; then
            bad="$bad $n (exit $status, $dbs databases, $hits hits: $(tail -1 err))"
        fi
        n=$((n + 1))
    done
    if [ "${writes:-0}" -gt 50 ]; then
        check_eq "$bad" "" "a disk full at any of a rebuild's $writes writes: dropped, the index as it was"
    else
        fail "the rebuild of 100 articles makes $writes writes, not over 50" "$(cat err)"
    fi
    # A first build on a disk full from its first writes on, when its
    # database is being made: it leaves nothing a run again cannot use
    # (the half-made database stayed, and the index was "damaged").
    # With shards, the first write is their stub (a database of shards
    # whose stub could not be written stayed, and called the index
    # damaged).
    bad=
    for shards in 1 2; do
        for n in 0 1 2 3 4 5 6 7 8 9; do
            rm -rf first
            AS_ENOSPC_DIR="$WORK/first/" preload env AS_ENOSPC_AFTER=$n \
                artsearch-index -q --index first --shards $shards filling \
                >out 2>err
            status=$?
            artsearch-index -q --index first --shards $shards filling \
                >out 2>err2
            hits=$(artsearch --index first -c unique7 2>&1)
            if [ $status -ne 2 ] || [ "$hits" != 4 ] ||
                ! grep -Eq "no index was made|keeps its last committed" err; then
                bad="$bad $shards:$n (exit $status, then $hits hits: $(tail -1 err) $(tail -1 err2))"
            fi
        done
    done
    check_eq "$bad" "" "a first build on a full disk: says what is left, and a run again builds the index"
    # The same for a rebuild into shards (the stub of its shards).
    rm -rf full
    cp -a full.orig full
    preload env AS_ENOSPC_AFTER=0 artsearch-index -q --index full --rebuild \
        --shards 2 filling >out 2>err
    check_grep "^artsearch-index: error: cannot write full/db-2/XAPIANDB: No space left on device; the rebuild was dropped and the index is as it was" err \
        "a rebuild into shards whose stub cannot be written: dropped, and says so"
    check_eq "$(ls full | tr '\n' ' ')" "XAPIANDB db-1 lock " "... its database gone"
    rm -rf full full.orig filling first
else
    fail "tests/enospc.so is built by make check: $enospc is missing"
fi

# One writer at a time: a second indexer says the index is busy.  The first
# one is held open reading JSON Lines from a FIFO that this script holds
# open for writing (fd 3) and writes nothing to; it waits for the lock, in
# case a second one took it first.
run artsearch-index --index busy "$FIXTURES/basic/beta.txt"
mkfifo slow.jsonl
artsearch-index --index busy --wait 60 --format jsonl - <slow.jsonl \
    >first.out 2>first.err &
first=$!
exec 3>slow.jsonl
run_until_refused artsearch-index --index busy "$FIXTURES/basic/gamma.txt"
check_status 2 "a second writer: exit 2"
check_grep "the index at busy is being written by another artsearch-index" err \
    "a second writer: says the index is busy"
# Let the first one go: end of its input.
exec 3>&-
wait $first
ARTSEARCH_INDEX=busy run artsearch --stats
check_status 0 "the first writer finished"

# A field every paragraph has (one year, one tag), in an index with more
# than a thousand paragraphs, after a run that removed one article: the
# filters alone, and beside OR and NOT, still find every paragraph (Xapian
# 1.4.22 read such a term as all documents, and failed with "Unexpected
# end of posting list" once a document was gone).
mkdir year
i=1
while [ $i -le 400 ]; do
    printf 'Title: Note %d\nDate: 2024-05-01\nTags: Japan\n\nFirst harbour note %d.\n\nSecond part.\n\nThird part.\n' \
        $i $i >year/n$i.txt
    i=$((i + 1))
done
run artsearch-index --index yidx year
check_grep ": 400 new, " err "a collection of one year and one tag is indexed"
rm year/n7.txt
run artsearch-index --index yidx year
check_grep ", 1 removed article" err "... and one article of it removed"
for q in "date:2024" "tag:japan" "date:2024 OR tag:japan" "harbour OR date:2024" \
    "date:2024 tag:japan" "date:2024-05-01 tag:japan" \
    "harbour OR (date:2024-05 tag:japan)"; do
    run artsearch --index yidx -c "$q"
    check_eq "$(cat out)" "1197" "after a removal, '$q' counts every paragraph"
done
run artsearch --index yidx -c "date:2024 NOT tag:japan"
check_eq "$(cat out)" "0" "after a removal, a field NOT another: none, no error"
run artsearch --index yidx -n 3 --sort newest tag:japan
check_status 0 "after a removal, a tag alone, newest first"
check_eq "$(wc -l <out)" "3" "... shows its hits"
run artsearch --index yidx --articles -c date:2024
check_eq "$(cat out)" "399" "after a removal, --articles with a date alone"
run artsearch --index yidx --facets year -n 0 tag:japan
check_grep "^facet	year	2024	1197$" out "after a removal, facets of a tag alone"

# The same collection searched together with another one, in which the
# year and the tag are those of some paragraphs only: the filters still
# find every paragraph that has them (the term is in every document of
# one of the two, which Xapian read the same wrong way).
mkdir othercoll
printf 'Title: Elsewhere\nDate: 2023-01-01\nTags: China\n\nA harbour in China.\n' \
    >othercoll/o.txt
run artsearch-index --index oidx othercoll
for q in "date:2024" "tag:japan" "date:2024 tag:japan" "date:2024 OR tag:japan"; do
    run artsearch --index yidx --index oidx -c "$q"
    check_eq "$(cat out)" "1197" "two indexes, after a removal: '$q' counts every paragraph"
done
run artsearch --index yidx --index oidx -c "tag:china OR tag:japan"
check_eq "$(cat out)" "1198" "two indexes: either tag"
run artsearch --index yidx --index oidx -c "harbour OR date:2024"
check_eq "$(cat out)" "1198" "two indexes: a word or a date"
run artsearch --index yidx --index oidx -c --tag japan --since 2024-01-01 \
    --sort newest harbour
check_eq "$(cat out)" "399" "two indexes: --tag and --since"
run artsearch --index yidx --index oidx --facets year -n 0 date:2024
check_grep "^facet	year	2024	1197$" out "two indexes: facets of a date alone"
run artsearch --index tcp://127.0.0.1:1 --index yidx --index oidx \
    --allow-partial -c tag:japan
check_eq "$(cat out)" "1197" "a shard left out first (--allow-partial): the filter still reads right"

# An index given twice (or by two spellings) is searched once: each hit
# once, with its own score, and counted once.
run artsearch --index oidx -n 1 harbour
score=$(column 2)
run artsearch --index oidx --index ./oidx --index "$WORK/oidx" -n 5 harbour
check_eq "$(wc -l <out)" "1" "an index given three times: its one hit once"
check_eq "$(column 2)" "$score" "... with the score it has alone"
run artsearch --index yidx --index oidx --index yidx -c "tag:china OR tag:japan"
check_eq "$(cat out)" "1198" "two indexes, one of them twice: counted once"
ln -s oidx "o idx"
run artsearch --index oidx --index "$WORK/o idx" --stats
check_grep "^paragraphs	1$" out "--stats: an index given twice counted once"
check_eq "$(grep '^index	' out | tr '\n' '|')" "index	oidx|index	$WORK/o idx|" \
    "--stats: one index line a path, as given"

# Two files with one id, indexed in two runs: the second never takes the
# place of the first while the first is still there (two climate.txt in
# two directories; two exports that both number from 1).  A file moved
# (the first one gone) is updated from its new place.
mkdir -p news/03 news/05
printf 'Title: March\n\nThe summit in March.\n' >news/03/cs.txt
printf 'Title: May\n\nThe summit in May.\n' >news/05/cs.txt
run artsearch-index --index nidx news/03
run artsearch-index -v --index nidx news/05
check_status 1 "a second cs.txt in another run: exit 1"
check_grep "skipped news/05/cs.txt: duplicate article id 'cs': the index has it from news/03/cs.txt, another file, still there \(rename one of the two\)" \
    err "... skipped, naming the file the index has it from"
check_eq "$(cat out)" "" "... and -v lists no change"
run artsearch --index nidx -l summit
check_eq "$(cat out)" "news/03/cs.txt" "... the first article stays"
run artsearch-index -n --index nidx news/05
check_grep "1 skipped" err "a dry run says the same"
mv news/03 news/old
run artsearch-index -v --index nidx news/old
check_status 0 "the first file moved: exit 0"
check_eq "$(cat out)" "$(printf 'updated\tcs\tnews/old/cs.txt')" "... updated from its new place"
rm -r news/old
run artsearch-index -v --index nidx news/05
check_eq "$(cat out)" "$(printf 'updated\tcs\tnews/05/cs.txt')" \
    "the first file deleted: the second takes the id"
run artsearch --index nidx -l summit
check_eq "$(cat out)" "news/05/cs.txt" "... and is found"
printf '{"id":1,"title":"Monday","text":"Floods in the valley."}\n' >mon.jsonl
printf '{"id":1,"title":"Tuesday","text":"Election in the capital."}\n{"id":2,"title":"Two","text":"Bridge."}\n' >tue.jsonl
run artsearch-index --index jidx --format jsonl mon.jsonl
run artsearch-index --index jidx --format jsonl tue.jsonl
check_status 1 "JSON Lines: id 1 of another export that is still there: exit 1"
check_grep "skipped tue.jsonl:1: duplicate article id '1': the index has it from mon.jsonl" \
    err "... the line is skipped, naming the file"
check_grep ": 1 new, 0 updated" err "... the export's other articles are indexed"
run artsearch --index jidx -c floods
check_eq "$(cat out)" "1" "... and the first id 1 stays"
run artsearch-index --index jidx --format jsonl mon.jsonl tue.jsonl
check_grep "skipped tue.jsonl:1: duplicate article id '1' \(already read from mon.jsonl\)" \
    err "both in one run: the first one read keeps the id, as before"
check_grep ": 0 new, 0 updated, 2 unchanged, 0 removed" err "... nothing changes"
# An article moved out of a JSON Lines export into a file of its own:
# the export, still there, no longer has it, and the file takes it (the
# JSON Lines run after it keeps it); while the export has it still, the
# file is the duplicate.
mkdir -p moved/docs
printf '{"id":"x1","title":"Harbour deal","text":"The harbour lease."}\n{"id":"x2","title":"Other","text":"Nothing."}\n' >moved/feed.jsonl
run artsearch-index -q --index midx --format jsonl moved/feed.jsonl
printf 'Title: Harbour deal\n\nThe harbour lease, signed.\n' >moved/docs/x1.txt
run artsearch-index --index midx moved/docs
check_status 1 "an id the export still has: the file is skipped"
check_grep "duplicate article id 'x1': the index has it from moved/feed.jsonl" err \
    "... naming the export"
printf '{"id":"x2","title":"Other","text":"Nothing."}\n' >moved/feed.jsonl
run artsearch-index -v --index midx moved/docs
check_status 0 "the id gone from the export: the file takes it"
check_eq "$(cat out)" "$(printf 'updated\tx1\tmoved/docs/x1.txt')" "... as an article moved"
run artsearch-index -v --index midx --format jsonl moved/feed.jsonl
check_eq "$(cat out)" "" "the export's next run removes nothing"
run artsearch --index midx -l signed
check_eq "$(cat out)" "moved/docs/x1.txt" "the article is found in its file"
# The same file by another way (a link to its directory): no other file,
# its change is indexed.  A stream changes an article a file gave.  A file
# the index has from another directory is named where it is.
ln -s news newslink
printf 'Title: May\n\nThe summit in May, corrected.\n' >news/05/cs.txt
run artsearch-index --index nidx newslink/05
check_status 0 "the same file through a link to its directory: exit 0"
check_grep ": 0 new, 1 updated" err "... its change is indexed"
run artsearch --index nidx -c corrected
check_eq "$(cat out)" "1" "... and found"
printf '{"id":"1","title":"Monday","text":"Floods, corrected."}\n' |
    artsearch-index --index jidx --format jsonl - >out 2>err
check_status 0 "a stream changes an article the index has from a file: exit 0"
check_grep ": 0 new, 1 updated" err "... updated"
mkdir away
printf 'Title: Other\n\nAnother summit.\n' >away/cs.txt
(cd away && artsearch-index --index ../nidx cs.txt) >out 2>err
check_grep "skipped cs.txt: duplicate article id 'cs': the index has it from $WORK/newslink/05/cs.txt, another file" \
    err "from another directory: the file the index has is named where it is"
# ... and from a directory above the one it was given from: where it is.
(cd news/05 && PWD="$WORK/news/05" artsearch-index --index ../../nidx cs.txt) >out 2>err
check_grep ": 0 new, 0 updated, 1 unchanged" err "the same file given from its directory: unchanged"
run artsearch-index --index nidx away/cs.txt
check_grep "duplicate article id 'cs': the index has it from $WORK/news/05/cs.txt, another file" \
    err "from a directory above: named where it is, not as given there"

# One file under two names in a collection (a link "latest.txt" beside
# the article it names, a hard link) is one article, from the first name;
# an article the other name had before is removed.
mkdir alias
printf 'Title: Summit\n\nThe aliased summit.\n' >alias/2024-05-17-summit.txt
printf 'Title: Latest\n\nThe aliased news of the day.\n' >alias/latest.txt
artsearch-index -q --index aidx alias
ln -sf 2024-05-17-summit.txt alias/latest.txt
ln alias/2024-05-17-summit.txt alias/summit-copy.txt
run artsearch-index -v --index aidx alias
check_eq "$(cat out)" "$(printf 'removed\tlatest\talias/latest.txt')" \
    "a link to an article beside it: the article its name had is removed"
run artsearch --index aidx -c aliased
check_eq "$(cat out)" "1" "... and the file is one hit, not one a name"
run artsearch --index aidx -l aliased
check_eq "$(cat out)" "alias/2024-05-17-summit.txt" "... under the file's own name"
# A link whose name comes first in the walk is not the article's name
# either: the file is read under its own; a link to a file outside the
# collection is read under the link's name.
mkdir alias2 outside
printf 'Title: Story\n\nThe story of linked oil.\n' >alias2/story.txt
ln -s story.txt alias2/aaa-latest.txt
printf 'Title: Far\n\nFar linked text.\n' >outside/far.txt
ln -s ../outside/far.txt alias2/far-link.txt
run artsearch-index -v --index a2idx alias2
check_eq "$(sort out)" "$(printf 'new\tfar-link\talias2/far-link.txt\nnew\tstory\talias2/story.txt')" \
    "a link sorted before its file: the article is the file's, under its name"

# A home directory reached through a link (~ is a link): the collection
# indexed as ~/news, then from ~ as news, is one place: nothing changes,
# and a file deleted is removed.  Given twice in one run through a link,
# each file is read once.
mkdir -p real/news
ln -s real home
for i in 1 2 3; do
    printf 'Title: Story %d\n\nText number %d about piers.\n' $i $i >real/news/s$i.txt
done
run artsearch-index --index homeidx "$WORK/home/news"
(cd home && PWD="$WORK/home" artsearch-index -v --index ../homeidx news) >out 2>err
check_grep ": 0 new, 0 updated, 3 unchanged, 0 removed" err \
    "~/news and news from ~ (a link): unchanged"
rm real/news/s2.txt
run artsearch-index -v --index homeidx "$WORK/home/news"
check_eq "$(cat out)" "$(printf 'removed\ts2\tnews/s2.txt')" "... and a file deleted is removed"
run artsearch-index --index twiceidx real/news home/news
check_status 0 "one directory given twice in a run, through a link: exit 0"
check_grep ": 2 new, 0 updated" err "... each file read once"
# A run from a directory reached through a link keeps what cannot be read
# as the README says, also for articles recorded from getcwd()'s spelling:
# a linked subdirectory whose disk is not mounted keeps its articles.
mkdir -p t2/data/news t2/disk/arch
printf 'Title: a\n\nZebra a.\n' >t2/data/news/a.txt
printf 'Title: c\n\nZebra c, archived.\n' >t2/disk/arch/c.txt
ln -s "$WORK/t2/disk/arch" t2/data/news/arch
ln -s data/news t2/link
(cd t2/data/news && artsearch-index -q --index "$WORK/t2idx" . arch)
mv t2/disk t2/disk.off
(cd t2/link && PWD="$WORK/t2/link" artsearch-index -v --index "$WORK/t2idx" . arch) >out 2>err
check_no_grep "^removed" out "a disk not mounted, run through a link: nothing removed"
mv t2/disk.off t2/disk
run artsearch --index t2idx -c zebra
check_eq "$(cat out)" "2" "... both articles are there"
(cd t2/data/news && artsearch-index -q --index "$WORK/t3idx" .)
mv t2/disk t2/disk.off
(cd t2/data/news && artsearch-index -v --index "$WORK/t3idx" .) >out 2>err
status=$?
check_no_grep "^removed" out "a link to a directory on a disk not mounted: its articles stay"
check_status 1 "... exit 1, as for any input skipped"
check_grep "skipped ./arch: No such file or directory: its 1 article is kept as indexed \\(--rebuild drops it\\)" err \
    "... with a warning, as the README says"
mv t2/disk.off t2/disk
ln -s "$WORK/t2/disk/arch" t2/data/news/2024.txt
(cd t2/data/news && artsearch-index -q --index "$WORK/t4idx" .)
mv t2/disk t2/disk.off
(cd t2/data/news && artsearch-index -v --index "$WORK/t4idx" .) >out 2>err
check_no_grep "^removed" out "a link named like an article, to a directory on a disk not mounted: its articles stay"
check_grep "skipped ./2024.txt: No such file or directory: its 1 article is kept" err "... with a warning"
rm t2/data/news/2024.txt
ln -s "$WORK/nowhere" t2/data/news/stale
(cd t2/data/news && artsearch-index -v --index "$WORK/t3idx" .) >out 2>err
check_no_grep "stale" err "a link to nothing that held no article: no warning"
rm t2/data/news/stale
mv t2/disk.off t2/disk

# A file of the same id elsewhere does not replace an article whose disk
# is not mounted: it is a duplicate, not the article moved.
mkdir -p t5/disk/archive t5/c/new
ln -s ../disk/archive t5/c/archive
printf 'Title: Summit in Osaka\n\nOsaka zebra summit.\n' >t5/c/archive/summit.txt
artsearch-index -q --index t5idx t5/c
mv t5/disk t5/disk.off
printf 'Title: Summit in Lima\n\nLima zebra summit.\n' >t5/c/new/summit.txt
run artsearch-index -v --index t5idx t5/c
check_status 1 "a duplicate id while the disk of the first is not mounted: exit 1"
check_grep "skipped t5/c/new/summit.txt: duplicate article id 'summit': the index has it from t5/c/archive/summit.txt, under a path this run keeps as indexed" err \
    "... the new file is skipped as a duplicate"
check_eq "$(cat out)" "" "... nothing updated"
run artsearch --index t5idx zebra
check_eq "$(column 5)" "t5/c/archive/summit.txt" "... the article stays as indexed"
mv t5/disk.off t5/disk
run artsearch-index -v --index t5idx t5/c
check_eq "$(cat out)" "" "... and the disk back, nothing changes"

# A directory given that is empty (a disk not mounted on it) keeps its
# articles: a run over it does not remove the collection.  Emptied and
# rebuilt, it is dropped.
mkdir -p t6/news t6/away
printf 'Title: A\n\nZebra a.\n' >t6/news/a.txt
printf 'Title: B\n\nZebra b.\n' >t6/news/b.txt
artsearch-index -q --index t6idx t6/news
mv t6/news/a.txt t6/news/b.txt t6/away/
run artsearch-index -v --index t6idx t6/news
check_status 1 "an empty directory given: exit 1"
check_grep "skipped t6/news: an empty directory \\(a disk not mounted\\?\\): its 2 articles are kept as indexed \\(--rebuild drops them\\)" err \
    "... says so"
check_eq "$(cat out)" "" "... removes nothing"
check_eq "$(artsearch --index t6idx -c zebra)" 2 "... the articles stay"
run artsearch-index -n -v --index t6idx t6/news
check_grep "its 2 articles are kept" err "... a dry run says the same"
# ... and so does a directory given that is not there at all.
mv t6/news t6/news.off
run artsearch-index -v --index t6idx t6/news
check_status 1 "a directory given that is gone: exit 1"
check_grep "skipped t6/news: No such file or directory: its 2 articles are kept as indexed \\(--rebuild drops them\\)" err \
    "... says its articles are kept"
check_eq "$(artsearch --index t6idx -c zebra)" 2 "... and they are"
mv t6/news.off t6/news
run artsearch-index -v --index t6idx --rebuild t6/news t6/away
check_status 0 "... --rebuild with the files elsewhere: exit 0"
check_eq "$(cut -f1,2 out | sort | tr '\n' ' ')" "new	a new	b " "... reads them there"
check_no_grep "empty directory" err "... and says nothing of the empty one"
# A directory given with no file at all (mistyped, new, or only
# subdirectories) is warned about, to a new index too; one kept as
# above only once.
mkdir -p t7/none/sub
run artsearch-index --index t7idx t7/none
check_status 0 "a directory without files, to a new index: exit 0"
check_grep "warning: t7/none: no article file in it: it has no files, or only hidden ones \(articles are .txt files" err "... with a warning"
check_grep ": 0 new, .*0 skipped, 1 warning" err "... counted"
run artsearch-index --index t7idx --format jsonl t7/none
check_grep "warning: t7/none: no JSON Lines file in it: it has no files, or only hidden ones" err "... as JSON Lines too"
run artsearch-index --index t7idx t7/none t7/none ./t7/none/
check_eq "$(grep -c 'no article file in it' err)" "1" "... once, however many times it is given"
mkdir -p t7/news
printf 'Title: A\n\nZebra a.\n' >t7/news/a.txt
artsearch-index -q --index t7idx t7/news
mv t7/news/a.txt t7/
run artsearch-index --index t7idx t7/news
check_grep "skipped t7/news: an empty directory" err "an emptied directory whose article is kept"
check_no_grep "no article file" err "... is said to be kept only"

# A directory reached by many paths of links is walked once, not once per
# path (a lattice of 2^n paths).
mkdir lattice
for i in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do
    mkdir lattice/d$i
    printf 'Title: L%s\n\nLattice zebra %s.\n' "$i" "$i" >lattice/d$i/f$i.txt
    if [ "$i" -gt 0 ]; then
        ln -s ../d$i lattice/d$((i - 1))/x
        ln -s ../d$i lattice/d$((i - 1))/y
    fi
done
run timeout 60 artsearch-index --index latticeidx lattice/d0
check_status 0 "a lattice of directory links: exit 0, in time"
check_grep ": 25 new, .* 0 skipped" err "... every article once"

# A socket named like an article is said to be no regular file.
if python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("sock.txt")' 2>/dev/null; then
    mkdir sockdir && mv sock.txt sockdir/ && cp "$FIXTURES/basic/alpha.txt" sockdir/
    run artsearch-index --index sockidx sockdir
    check_grep "skipped sockdir/sock.txt: not a regular file" err "a socket: not a regular file"
    run artsearch-index --index sockidx2 --format jsonl sockdir/sock.txt
    check_grep "skipped sockdir/sock.txt: not a regular file" err \
        "... also given as JSON Lines"
fi

# The same duplicate id is refused whichever spelling the run has.
mkdir -p t4/data/news/b
ln -s data/news t4/link
printf 'Title: x\n\nZebra from b.\n' >t4/data/news/b/x.txt
(cd t4/data/news && artsearch-index -q --index "$WORK/t4idx" .)
mkdir t4/data/news/a
printf 'Title: x\n\nZebra from a.\n' >t4/data/news/a/x.txt
(cd t4/link && PWD="$WORK/t4/link" artsearch-index -v --index "$WORK/t4idx" .) >out 2>err
check_eq "$(grep -c 'duplicate article id' err)" "1" \
    "a second x.txt, run through a link: one duplicate, as from the directory itself"

# .txt in any case is an article file (REPORT.TXT, its id REPORT); a
# directory given with files but no article file among them says so.
mkdir upper saved
printf 'Title: Upper\n\nShouted report.\n' >upper/REPORT.TXT
printf 'Title: Mixed\n\nMixed report.\n' >upper/notes.Txt
printf '# Notes\n' >saved/a.md
printf '<p>x</p>\n' >saved/b.html
run artsearch-index -v --index upidx upper saved
check_status 0 "upper-case .TXT: exit 0"
check_eq "$(cut -f1,2 out | tr '\t\n' ' ;')" "new REPORT;new notes;" \
    "REPORT.TXT and notes.Txt are articles, without their suffix in the id"
check_grep "warning: saved: no article file in it: 2 files not read \(articles are .txt files; JSON Lines need --format jsonl\)" \
    err "a directory of .md and .html files: a warning says none was read"
check_no_grep "warning: upper" err "... none for a directory with articles"

finish
