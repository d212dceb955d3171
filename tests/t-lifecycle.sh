#!/bin/sh
# t-lifecycle.sh - the index over time: incremental runs, --rebuild,
# SIGKILL at many points, SIGTERM, readers while writing, --wait, --status.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# make_articles DIR FIRST LAST: articles aFIRST..aLAST in DIR.
make_articles() {
    mkdir -p "$1"
    awk -v dir="$1" -v first="$2" -v last="$3" 'BEGIN {
        for (i = first; i <= last; i++) {
            f = dir "/a" i ".txt"
            printf "Title: Report %d on harbour trade\nAuthor: Writer %d\n", i, i % 50 > f
            printf "Date: 20%02d-%02d\nSource: Wire %d\n\n", i % 25, i % 12 + 1, i % 7 > f
            printf "The harbour authority %d met traders about tariffs.\n\n", i > f
            printf "Ships number %d arrived with grain and steel.\n\n", i > f
            printf "Officials said talks on fees %d would resume.\n", i > f
            close(f)
        }
    }'
}

# wait_for_line FILE PATTERN: until a line of FILE matches PATTERN (grep),
# for at most a minute (then a failed check says what was waited for).
wait_for_line() {
    i=0
    while ! grep -q -- "$2" "$1" 2>/dev/null; do
        if [ $i -ge 600 ]; then
            fail "a line matching $2 in $1 within a minute" "$1: $(cat "$1" 2>&1)"
            return 1
        fi
        sleep 0.1
        i=$((i + 1))
    done
}

# wait_for_file FILE: until FILE exists, for at most a minute.
wait_for_file() {
    i=0
    while [ ! -e "$1" ]; do
        if [ $i -ge 600 ]; then
            fail "$1 made within a minute"
            return 1
        fi
        sleep 0.1
        i=$((i + 1))
    done
}

# snapshot INDEX: what a search of INDEX shows, for comparisons.
snapshot() {
    { artsearch --index "$1" --stats | grep -E '^(articles|paragraphs)'
      artsearch --index "$1" -c harbour
      artsearch --index "$1" -c 'grain AND steel'
      artsearch --index "$1" --list=ids -n 100000 tariffs | sort
      artsearch --index "$1" -n 100000 harbour | cut -f3,4 | sort | uniq -d
    } 2>&1
}

# index_bytes INDEX: the checksum of every file of INDEX but its locks.
index_bytes() {
    find "$1" -type f ! -name '*lock' -exec cksum {} + | sort
}

# --- incremental runs -----------------------------------------------------
cp -R "$FIXTURES/basic" corpus
run artsearch-index
check_grep ": 4 new, 0 updated, 0 unchanged, 0 removed articles \\(10 paragraphs indexed\\)" err \
    "first run: every article is new"
before=$(index_bytes index)
run artsearch-index
check_grep ": 0 new, 0 updated, 4 unchanged, 0 removed articles \\(0 paragraphs indexed\\)" err \
    "second run: nothing to do"
check_eq "$(index_bytes index)" "$before" \
    "... and writes nothing: the index is byte for byte as it was"
printf '\nA new paragraph about lighthouses.\n' >>corpus/alpha.txt
touch corpus/beta.txt # a new mtime, the same content
rm corpus/gamma.txt
cp "$FIXTURES/basic/gamma.txt" corpus/epsilon.txt
# A dry run says what the run would do, and writes nothing.
before=$(snapshot index; index_bytes index)
run artsearch-index -n -v
check_grep "index \\(dry run, nothing written\\): 1 new, 1 updated, 2 unchanged, 1 removed article \\(6 paragraphs to index\\)" err \
    "--dry-run: the counts of the run to come"
check_eq "$(sort out | tr '\t\n' ' ;')" \
    "new epsilon corpus/epsilon.txt;removed gamma corpus/gamma.txt;updated alpha corpus/alpha.txt;" \
    "--dry-run -v: the articles it would add, update and remove"
check_eq "$(snapshot index; index_bytes index)" \
    "$before" "--dry-run: the index is byte for byte as it was"
run artsearch-index -n --rebuild
check_status 2 "--dry-run --rebuild: refused"
# Without an index, a dry run rehearses the first run: every article
# new, the problems reported; nothing left at the index or in $TMPDIR.
mkdir dry-tmp
printf 'Title: Bad\n\n' >corpus/bad.txt
saved_tmpdir=${TMPDIR-}
TMPDIR=$PWD/dry-tmp
export TMPDIR
run artsearch-index -n -v --index nowhere
check_status 1 "--dry-run without an index: exit 1 (an article would be skipped)"
check_grep "nowhere \\(dry run, nothing written\\): 4 new, 0 updated, 0 unchanged, 0 removed articles \\(.* paragraphs to index\\); 1 skipped" err \
    "... counts every article as new"
check_eq "$(cut -f1,2 out | sort | tr '\t\n' ' ;')" "new alpha;new beta;new delta;new epsilon;" \
    "... and names them"
check_grep "skipped corpus/bad.txt" err "... reports the problems a run would"
check_eq "$(ls -d nowhere 2>/dev/null)" "" "... and creates nothing at the index"
check_eq "$(ls -A dry-tmp)" "" "... nor leaves anything in \$TMPDIR"
rm corpus/bad.txt
run artsearch-index -n --index nowhere --lang klingon
check_status 2 "... an unknown --lang: exit 2"
check_grep "error: nowhere: unknown stemmer language 'klingon'" err "... in a first run's words"
run artsearch-index -n --index no/such/idx
check_status 2 "... an index a first run could not make: exit 2"
check_grep "error: cannot create index directory no/such/idx: No such file or directory" err \
    "... said as the first run says it"
TMPDIR=$PWD/no-such-dir
run artsearch-index -n --index nowhere
check_status 2 "... no scratch directory: exit 2"
check_grep "cannot create a directory in .*no-such-dir" err "... says where"
if [ -n "$saved_tmpdir" ]; then TMPDIR=$saved_tmpdir; else unset TMPDIR; fi

# A dry run takes the index's lock shared: other dry runs go on beside
# it, a writer waits.  The first dry run is held open reading JSON Lines
# from a FIFO that this script holds open for writing (fd 3).
cp -R "$FIXTURES/basic" dry-corpus
run artsearch-index -q --index dry dry-corpus
mkfifo dry.jsonl
artsearch-index -n --index dry --format jsonl - <dry.jsonl \
    >dry1.out 2>dry1.err &
dry1=$!
exec 3>dry.jsonl
# (the corpus is unchanged: a writer that runs first writes nothing)
run_until_refused artsearch-index --index dry dry-corpus
check_status 2 "a writer during a dry run: exit 2"
check_grep "the index at dry is being read by a dry run of artsearch-index: wait" err \
    "... says a dry run is reading the index"
run artsearch-index -n --index dry dry-corpus
check_status 0 "a dry run beside another dry run"
check_grep "0 new, 0 updated, 4 unchanged, 0 removed" err \
    "... compares as usual"
exec 3>&-
wait $dry1
check_eq "$?" 0 "the first dry run finished"

# A dry run needs only read access: it neither creates nor locks for
# writing (as root, run as nobody when nobody may run the build).
printf '\nOne more paragraph, about fog.\n' >>dry-corpus/alpha.txt
set_as_nobody
[ "$(id -u)" = 0 ] || chmod -R a-w dry
if [ -n "$as_nobody" ]; then
    before=$(index_bytes dry)
    run $as_nobody artsearch-index -n -v --index dry dry-corpus
    check_status 0 "a dry run of a read-only index: exit 0"
    check_eq "$(cat out)" "updated	alpha	dry-corpus/alpha.txt" \
        "... lists the article it would update"
    check_eq "$(index_bytes dry)" "$before" "... and writes nothing"
    run $as_nobody artsearch-index -n --lang french --index dry dry-corpus
    check_grep "built for language english, not french" err \
        "... and still checks the language given"
    [ "$(id -u)" = 0 ] || chmod -R u+w dry
else
    echo "# skipped: nobody cannot run the build's programs here"
fi
run artsearch-index -v
check_grep ": 1 new, 1 updated, 2 unchanged, 1 removed article \\(6 paragraphs indexed\\)" err \
    "change one, touch one, remove one, add one: counted by content"
check_eq "$(sort out | tr '\t\n' ' ;')" \
    "new epsilon corpus/epsilon.txt;removed gamma corpus/gamma.txt;updated alpha corpus/alpha.txt;" \
    "-v: each article added, updated or removed, with its file"
run artsearch lighthouses
check_eq "$(column 3,4)" "$(printf 'alpha\t4')" "the changed article has its new paragraph"
run artsearch --list=ids undated
check_eq "$(cat out)" "epsilon" "the removed article is gone, the added one is there"
run artsearch-index --index index "$FIXTURES/basic/beta.txt"
check_status 1 "another beta.txt while corpus/beta.txt is there: exit 1"
check_grep ": 0 new, 0 updated, 0 unchanged, 0 removed articles \(0 paragraphs indexed\); 1 skipped" \
    err "... skipped: the index keeps the article of corpus/beta.txt"
check_grep "duplicate article id 'beta': the index has it from corpus/beta.txt, another file, still there" \
    err "... saying which file has the id"
run artsearch --stats
check_grep "^articles	4$" out "the index still has its four articles"

# --status
run artsearch-index --status
check_eq "$(cut -f1 out | tr '\n' ' ')" "index schema language stemmer shards articles paragraphs updated " \
    "--status: the index describes itself"
check_grep "^stemmer	libstemmer [0-9]" out "--status: the libstemmer version"
check_grep "^updated	[0-9]{4}-[0-9]{2}-[0-9]{2}T" out "--status: the time of the last commit"
run artsearch-index --status other-index
check_status 2 "--status PATH: an error (--status takes --index), not the status of index/"
check_grep "it takes no path \('other-index'\)" err "... saying so"
# An option --status would ignore is an error: what it asks is not done.
for opt in --rebuild --compact "--shards 2" "--lang fr" --dry-run; do
    run artsearch-index --status $opt
    check_status 2 "--status $opt: exit 2"
    check_grep "^artsearch-index: error: --status only describes the index: it does not go with ${opt%% *}" \
        err "... saying so"
done

# --rebuild: a fresh index swapped in; readers never see it half-built.
run artsearch-index --rebuild
check_status 0 "--rebuild"
check_grep ": 4 new, 0 updated, 0 unchanged, 0 removed" err "--rebuild indexes everything"
check_eq "$(ls index | grep -c '^db-')" "1" "--rebuild leaves one database"
run artsearch lighthouses
check_status 0 "the rebuilt index answers"
# A rebuild from some of the paths (articles also fed from standard input
# and from another directory): what it leaves out is counted as removed,
# and named with -v, in one process or several.
mkdir -p other
printf 'Title: Other\n\nAn other zanzibar.\n' >other/o1.txt
for jobs in 1 2; do
    artsearch-index -q --index part --shards 2 corpus other
    printf '%s\n' '{"id": "s1", "title": "Fed", "text": "A fed zanzibar."}' |
        artsearch-index -q --index part --format jsonl -
    run artsearch-index -v --index part --rebuild --jobs $jobs corpus
    check_grep ": 4 new, 0 updated, 0 unchanged, 2 removed articles" err \
        "--rebuild of some paths (--jobs $jobs): the articles left out are counted"
    check_eq "$(grep '^removed' out | sort)" \
        "$(printf 'removed\to1\tother/o1.txt\nremoved\ts1\t-')" \
        "... and named with -v"
    run artsearch --index part --list=ids zanzibar
    check_eq "$(cat out)" "" "... and gone from the index"
    rm -rf part
done
# A database a dead run left beside the index is removed by the next run,
# an incremental one too.
mkdir index/db-7 && : >index/db-7/iamglass
run artsearch-index
check_status 0 "an incremental run beside an abandoned database: exit 0"
check_eq "$(ls index | grep -c '^db-')" "1" \
    "an incremental run removes the abandoned database"

# ... and the shards a run killed while removing a database of shards
# leaves (its stub, listed first, gone already).
mkdir -p index/db-8/0 index/db-8/1
: >index/db-8/0/iamglass
: >index/db-8/1/postlist.glass
run artsearch-index
check_eq "$(ls index | grep -c '^db-')" "1" \
    "an incremental run removes the shards of an abandoned database"
# A user's own directory named db-N stays.
mkdir -p index/db-9/notes index/db-9/2024 && : >index/db-9/notes/mine.txt
mkdir -p index/db-10/2024 index/db-10/2025
run artsearch-index
check_eq "$(ls index/db-9/notes)" "mine.txt" "a db-N of the user's stays"
check_eq "$(ls index/db-10 | tr '\n' ' ')" "2024 2025 " \
    "... one of empty directories named by digits too"
rm -rf index/db-9 index/db-10

# An index whose stub is lost (a restore in part) or names a database
# that is not there: damaged, and nothing removed.  A run made a new
# database and removed the one with the paragraphs (and the articles
# from standard input with it).
artsearch-index -q --index lost --lang french --shards 2 corpus
printf '%s\n' '{"id": "in1", "title": "Piped", "text": "A piped quokka."}' |
    artsearch-index -q --index lost --format jsonl -
db=$(sed -n 's/^auto //p' lost/XAPIANDB)
for stub in missing dangling; do
    if [ $stub = missing ]; then rm lost/XAPIANDB; else echo 'auto db-77' >lost/XAPIANDB; fi
    run artsearch-index --index lost corpus
    check_status 2 "a stub $stub beside the database: exit 2"
    check_grep "the index at lost is damaged: its stub \\(lost/XAPIANDB\\) is missing or names a database that is not there, beside $db \\([0-9]+ paragraphs\\) .*put the stub back \\(a line 'auto $db' for the database to keep\\), or rebuild" \
        err "... says so and what to do"
    check_eq "$(ls lost | grep '^db-')" "$db" "... and removes nothing"
    run artsearch-index -n --index lost corpus
    check_status 2 "... a dry run says so too"
    run artsearch --index lost quokka
    check_status 2 "... a search: exit 2"
    check_grep "^artsearch: error: the index at lost is damaged: its stub" err \
        "... says it is damaged, not missing"
done
printf 'auto %s\n' "$db" >lost/XAPIANDB
run artsearch --index lost -c quokka
check_eq "$(cat out)" "1" "the stub put back: all there, standard input's too"
for stub in missing dangling; do
    if [ $stub = missing ]; then rm lost/XAPIANDB; else echo 'auto db-77' >lost/XAPIANDB; fi
    # A rebuild that fails drops what it built and keeps the database,
    # as any rebuild does: it was taken for a first build, which swapped
    # itself in at once and removed the database.
    for from in "$WORK/no-such-dir" "$WORK/empty-dir"; do
        mkdir -p "$WORK/empty-dir"
        run artsearch-index --index lost --rebuild "$from"
        check_status 2 "a rebuild from ${from##*/} of an index whose stub is $stub: exit 2"
        check_eq "$(ls lost | grep '^db-')" "$db" "... the database kept, and only it"
    done
    run artsearch-index --status --index lost
    check_grep "the index at lost is damaged: its stub" err \
        "... --status says it is damaged, not missing"
done
printf 'auto %s\n' "$db" >lost/XAPIANDB
check_eq "$(artsearch --index lost -c quokka)" "1" "... with every article"
rm lost/XAPIANDB
run artsearch-index -q --index lost --rebuild corpus
check_status 0 "a rebuild of an index that lost its stub: exit 0"
run artsearch-index --status --index lost
check_grep "^language	french$" out "... in the language of the database it had"
check_grep "^shards	2$" out "... and its shards"
# The stub of a database of shards lost (the list of its shards): the
# same.  A run wrote a new database of one shard inside it.
db=$(sed -n 's/^auto //p' lost/XAPIANDB)
mv lost/$db/XAPIANDB lost.shards
run artsearch --index lost -c harbour
check_grep "the index at lost is damaged: its database $db is one of shards without the stub that lists them" \
    err "a database of shards without its stub: damaged, for a search"
run artsearch-index --index lost corpus
check_status 2 "... and a run: exit 2"
check_eq "$(ls lost/$db | tr '\n' ' ')" "0 1 " "... writing nothing"
run artsearch-index -q --index lost --rebuild corpus
check_eq "$(artsearch-index --status --index lost | grep -E '^(language|shards)' | tr '\t\n' ': ')" \
    "language:french shards:2 " "... its rebuild keeps the language and shards"
# A database beside a lost stub that cannot be read: named so, and the
# rebuild proposed (not a stub naming it).
mkdir -p unread/db-1 && echo garbage >unread/db-1/iamglass
run artsearch --index unread harbour
check_grep "beside db-1 \\(unreadable\\): rebuild the index from the articles" err \
    "a database that cannot be read beside a lost stub: named unreadable"
# A first build stopped before it wrote its stub leaves a database
# without paragraphs: the next run goes on.
: | artsearch-index -q --index first --format jsonl -
rm first/XAPIANDB
run artsearch-index -q --index first corpus
check_status 0 "a database without paragraphs and no stub: the run goes on"
check_eq "$(artsearch --index first -c harbour)" "$(artsearch -c harbour)" \
    "... and indexes"
# A first build killed while Xapian made its database leaves one without
# Xapian's version file (iamglass, written last), to which nothing was
# committed: searches say there is no index, and the next run goes on
# (both called it damaged, and only --rebuild went on).
mkdir -p halfmade/db-1
: >halfmade/db-1/flintlock
printf 'partial' >halfmade/db-1/v.tmp
run artsearch --index halfmade harbour
check_grep "no index at halfmade" err "a database Xapian never finished, no stub: no index"
run artsearch-index -q --index halfmade corpus
check_status 0 "a database Xapian never finished, no stub: the run goes on"
check_eq "$(artsearch --index halfmade -c harbour)" "$(artsearch -c harbour)" \
    "... and indexes"
check_eq "$(ls halfmade | tr '\n' ' ')" "XAPIANDB db-2 lock " "... and the half-made database is gone"
# Not so a database that holds paragraphs and lost its version file, or
# one of shards that lost both stubs (copies in part): damaged, kept.
artsearch-index -q --index lostver corpus
rm lostver/XAPIANDB lostver/db-1/iamglass
artsearch-index -q --index lostshards --shards 2 corpus
rm lostshards/XAPIANDB lostshards/db-1/XAPIANDB
for idx in lostver lostshards; do
    run artsearch --index $idx harbour
    check_grep "the index at $idx is damaged: .* beside db-1 \\(unreadable\\)" err \
        "$idx: a database with paragraphs, without its version file or stubs: damaged"
    run artsearch-index -q --index $idx corpus
    check_status 2 "$idx: ... an indexer refuses it"
    check_eq "$(ls $idx | tr '\n' ' ')" "db-1 lock " "$idx: ... and keeps it"
done
# A database, or a shard, found empty (a copy in part) is damaged: a run
# refuses it, where it made it anew and lost the articles it had.
artsearch-index -q --index emptied corpus
artsearch-index -q --index emptyshard --shards 2 corpus
rm -rf emptied/db-1/* emptyshard/db-1/1/*
for idx in emptied emptyshard; do
    run artsearch-index --index $idx corpus
    check_status 2 "$idx: a database found empty: an indexer refuses it"
    check_grep "is damaged: .*nothing of it is there.*--rebuild" err "$idx: ... says so"
    run artsearch-index -n --index $idx corpus
    check_status 2 "$idx: ... a dry run says so too"
    check_grep "is damaged: .*nothing of it is there" err "$idx: ... the same way"
done
check_eq "$(ls emptied/db-1 emptyshard/db-1/1 | grep -vc :)" 1 "... and makes nothing in them"
# An index of its own kept in an index directory under a database's name
# (db-2024/) is not taken for an old database of it and removed.
artsearch-index -q --index nest corpus
artsearch-index -q --index nest/db-2024 corpus
artsearch-index -q --index nest --rebuild corpus
check_eq "$(artsearch --index nest/db-2024 -c harbour)" "$(artsearch -c harbour)" \
    "an index named db-N inside an index directory: kept by a rebuild"
# ... but a database is still one of the index's own with the lock file
# a run given its path left in it: a rebuild removes it.
artsearch-index -q --index locked corpus
artsearch-index -q --index locked/db-1 corpus
artsearch-index -q --index locked --rebuild corpus
check_eq "$(ls locked | tr '\n' ' ')" "XAPIANDB db-2 lock " \
    "a database with a lock file in it: still removed by a rebuild"
# A batch that opened the index before a --rebuild (or --compact) swapped
# in another database follows the swap: it answers from the new one, with
# what only the new one has, while the old one is removed.
mkfifo batch.in
artsearch --batch=batch.in --format tsv >batch.out 2>batch.err &
reader=$!
exec 3>batch.in
echo harbour >&3
wait_for_line batch.out . # it has opened the index
printf 'Title: Zephyr\n\nA zephyr crossed the harbour.\n' >corpus/zeta.txt
artsearch-index -q --rebuild
printf '"harbour lease"\nharbor\nzephyr\n' >&3
wait_for_line batch.out '^4	'
rm corpus/zeta.txt
artsearch-index -q --compact
echo zephyr >&3
exec 3>&-
wait $reader
check_eq "$?" "0" "a batch across a --rebuild: exit 0"
check_grep '^2	1	[0-9.]+	alpha	' batch.out "a batch across a --rebuild: a phrase after it"
check_grep "query 3: did you mean: harbour" batch.err \
    "a batch across a --rebuild: spelling after it"
check_grep '^4	1	[0-9.]+	zeta	' batch.out \
    "... and the article only the rebuilt database has"
check_no_grep '^5	' batch.out "after --compact swapped again: the article it removed is gone"
check_no_grep 'error' batch.err "... with no error"

# ... and a --rebuild in another language: its stemmer from then on.
mkdir fr
printf 'Title: Les accords\n\nLes pr\303\251sidents n\303\251gocient.\n' >fr/a.txt
artsearch-index -q --index lang fr
mkfifo batch3.in
artsearch --index lang --batch=batch3.in -c >batch3.out 2>batch3.err &
reader=$!
exec 3>batch3.in
echo 'présidents' >&3
wait_for_line batch3.out .
artsearch-index -q --index lang --rebuild --lang french fr
echo 'président' >&3
exec 3>&-
wait $reader
check_eq "$?" "0" "a batch across a --rebuild --lang french: exit 0"
check_eq "$(cat batch3.out | tr '\n' ' ')" "1	1 2	1 " \
    "... its queries after the rebuild stemmed in French (président finds présidents)"
check_no_grep 'error' batch3.err "... with no error"

# A stub gone for a while (being written by hand): the batch answers that
# query with an error, and follows the stub once it is back.
mkdir tiny
printf 'Title: Tiny\n\nOne harbour only.\n' >tiny/t.txt
artsearch-index -q --index other tiny
cur=$(sed -n 's/^auto //p' index/XAPIANDB)
all=$(artsearch -c harbour)
mkfifo batch2.in
artsearch --batch=batch2.in -c >batch2.out 2>batch2.err &
reader=$!
exec 4>batch2.in
echo harbour >&4
wait_for_line batch2.out '^1	'
rm index/XAPIANDB
echo harbour >&4
wait_for_line batch2.out '^2	'
cp -R other/db-1 index/db-98
printf 'auto db-98\n' >index/XAPIANDB
echo harbour >&4
exec 4>&-
wait $reader
check_eq "$(cut -f2 batch2.out | tr '\n' ' ')" \
    "$all error 1 " \
    "a stub gone for a while: an error, then the database it names when back"
printf 'auto %s\n' "$cur" >index/XAPIANDB
rm -rf index/db-98

# A batch sees what incremental runs commit while it is open, on one
# database and on shards (one shard's commit is enough).
for shards in 1 2; do
    rm -rf inc inc-corpus
    mkdir inc-corpus
    printf 'Title: One\n\nThe omega point.\n' >inc-corpus/one.txt
    artsearch-index -q --index inc --shards $shards inc-corpus
    rm -f batch3.in
    mkfifo batch3.in
    artsearch --index inc --batch=batch3.in -c >batch3.out 2>batch3.err &
    reader=$!
    exec 5>batch3.in
    echo omega >&5
    wait_for_line batch3.out '^1	'
    printf 'Title: Two\n\nAn omega sign.\n' >inc-corpus/two.txt
    artsearch-index -q --index inc inc-corpus
    echo omega >&5
    wait_for_line batch3.out '^2	'
    rm inc-corpus/one.txt
    printf 'Title: Three\n\nOmega again.\n' >inc-corpus/three.txt
    artsearch-index -q --index inc inc-corpus
    echo omega >&5
    exec 5>&-
    wait $reader
    check_eq "$(cut -f2 batch3.out | tr '\n' ' ')" "1 2 2 " \
        "a batch across incremental runs ($shards shard(s)): it sees each commit"
    check_eq "$(cat batch3.err)" "" "... with nothing on stderr"
done

# --- many kills -----------------------------------------------------------
# ARTSEARCH_TEST_ARTICLES makes the collection smaller (under valgrind).
n=${ARTSEARCH_TEST_ARTICLES:-6000}
make_articles big 1 $n
artsearch-index -q --index ref big 2>/dev/null
snapshot ref >ref.snap
check_grep "^articles	$n$" ref.snap "a clean build of $n articles"
# The index under test starts with a few articles, then every run is
# killed at a later point.
make_articles few 1 50
artsearch-index -q --index killed few 2>/dev/null
rm -r few # moved into big: its articles are updated from there
k=0
opened=0
while [ $k -lt 20 ]; do
    k=$((k + 1))
    artsearch-index -q --index killed big 2>/dev/null &
    pid=$!
    sleep "0.$(printf '%02d' $((k * 4)))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    artsearch --index killed -c harbour >kill.out 2>kill.err
    st=$?
    if [ $st -le 1 ] && [ -z "$(cat kill.err)" ]; then
        opened=$((opened + 1))
    else
        echo "# after kill $k: status $st, $(cat kill.err)"
    fi
done
check_eq "$opened" "20" "after each of 20 SIGKILLs the index opens and answers"
run artsearch-index --index killed big
check_status 0 "a run after the kills finishes the job"
snapshot killed >killed.snap
check_eq "$(cat killed.snap)" "$(cat ref.snap)" \
    "after the kills and a rerun: the same results as a clean build"

# A killed --rebuild leaves the old index in place.
artsearch-index -q --index killed --rebuild big 2>/dev/null &
pid=$!
sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
snapshot killed >rebuild.snap
check_eq "$(cat rebuild.snap)" "$(cat ref.snap)" "a killed --rebuild: the old index answers"
run artsearch-index --index killed --rebuild big
check_eq "$(ls killed | grep -c '^db-')" "1" "the next run cleans up the abandoned build"

# An indexing process of --jobs killed (by the kernel short of memory,
# say): the error names it and the signal, and a run again finishes.
child_of() { # the first child process of $1, from /proc (no procps here)
    for stat in /proc/[0-9]*/stat; do
        read -r cpid _ _ ppid _ <"$stat" 2>/dev/null || continue
        [ "$ppid" = "$1" ] && echo "$cpid" && return
    done
}
caught=0
try=0
while [ $caught -eq 0 ] && [ $try -lt 5 ]; do
    try=$((try + 1))
    rm -rf jobsidx
    artsearch-index --index jobsidx --shards 2 --jobs 2 big >jobs.out 2>jobs.err &
    parent=$!
    child=
    i=0
    while [ -z "$child" ] && [ $i -lt 500 ]; do
        child=$(child_of $parent)
        i=$((i + 1))
    done
    sleep 0.1
    [ -n "$child" ] && kill -9 "$child" 2>/dev/null
    wait $parent
    st=$?
    if [ $st -eq 2 ]; then
        caught=1
        check_grep "error: indexing process [12] of 2 was killed by signal 9 \\(Killed\\) before it was done: the index keeps what it committed; run artsearch-index again to finish" \
            jobs.err "an indexing process killed: named, with its signal"
    fi
done
check_eq "$caught" "1" "an indexing process was killed while it worked"
run artsearch-index --index jobsidx big
check_status 0 "... and a run again finishes"
snapshot jobsidx >jobs.snap
check_eq "$(cat jobs.snap)" "$(cat ref.snap)" \
    "... with the results of a clean build"

# SIGTERM while --compact compacts (its copy has appeared beside the
# index): the copy is dropped, the index stays as indexed, exit 143.  On
# a busy machine the compaction can end before the signal comes (exit
# 0): it is tried again, up to 5 times.
attempt=0
while :; do
    attempt=$((attempt + 1))
    rm -rf compacting
    cp -R killed compacting
    db=$(sed -n 's/^auto //p' compacting/XAPIANDB)
    artsearch-index --index compacting --compact big >/dev/null 2>compact.err &
    pid=$!
    i=0
    while [ "$(ls compacting | grep -c '^db-')" -lt 2 ] && [ $i -lt 6000 ]; do
        sleep 0.01
        i=$((i + 1))
    done
    kill -TERM $pid 2>/dev/null
    wait $pid
    st=$?
    [ $st -eq 0 ] && [ $attempt -lt 5 ] || break
done
check_eq "$st" "143" "SIGTERM during --compact: exit 143"
check_grep "stopped by signal 15; what was indexed is kept, not compacted" compact.err \
    "... saying what is kept"
check_eq "$(ls compacting | grep '^db-')" "$db" "... the copy dropped, the index as it was"
snapshot compacting >compacting.snap
check_eq "$(cat compacting.snap)" "$(cat ref.snap)" "... and whole"

# --- SIGTERM and SIGINT stop cleanly ---------------------------------------
make_articles more $((n + 1)) $((n + n / 2))
awk -v first=$((n + 1)) -v last=$((n + n / 2)) 'BEGIN {
    for (i = first; i <= last; i++)
        printf "{\"id\": \"a%d\", \"title\": \"Report %d on harbour trade\", \"text\": \"The harbour authority %d met traders.\"}\n", i, i, i
}' >more.jsonl
# The run reads JSON Lines from a FIFO whose writer stays open after the
# last line, so it is still running when SIGTERM comes, whatever the
# machine's speed; the signal comes once it has stored an article (-v
# names it), so never before its handler is in place (under valgrind,
# starting takes seconds).
mkfifo feed
artsearch-index -v --index killed --format jsonl - <feed >term.out 2>term.err &
pid=$!
exec 3>feed
cat more.jsonl >&3
wait_for_line term.out "^new	a$((n + 1))	-$"
kill -TERM $pid
wait $pid
status=$?
exec 3>&-
check_status 143 "SIGTERM: exit 128+15"
check_grep "stopped by signal 15; what was indexed so far is kept: run artsearch-index again" \
    term.err "SIGTERM: says what was kept"
check_no_grep "skipped" term.err "SIGTERM: the interrupted read is no skipped input"
# A signal stops the removals too: an export cut short removes most of
# an index, which is when Ctrl-C comes.  19,500 removals take far longer
# than the tenth of a second before the signal; stopped before them, the
# run keeps every article.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "{\"id\": \"r%d\", \"title\": \"R\", \"text\": \"w%d\"}\n", i, i }' >cut.jsonl
artsearch-index -q --index cutidx --format jsonl cut.jsonl
head -500 cut.jsonl >cut.tmp && mv cut.tmp cut.jsonl
artsearch-index -q --index cutidx --format jsonl cut.jsonl 2>cut.err &
pid=$!
sleep 0.1
kill -INT $pid
wait $pid
status=$?
check_status 130 "SIGINT while articles are removed: exit 130"
kept=$(artsearch --index cutidx --stats | sed -n 's/^articles	//p')
check_eq "$([ "${kept:-0}" -ge 500 ] && [ "$kept" -le 20000 ] && echo ok)" ok \
    "... what was removed is committed, the rest kept ($kept articles)"
check_grep "stopped by signal 2" cut.err "... and it says so"
# SIGHUP (a terminal closed) stops a run as cleanly, a dry run without an
# index too (its scratch index removed).
mkfifo hup.feed
mkdir hup-tmp
TMPDIR=$PWD/hup-tmp artsearch-index -n -v --index hupidx --format jsonl - <hup.feed >hup.out 2>hup.err &
pid=$!
exec 3>hup.feed
echo '{"id": "h1", "title": "H", "text": "A harbour."}' >&3
wait_for_line hup.out "^new	h1	-$"
kill -HUP $pid
wait $pid
status=$?
exec 3>&-
check_status 129 "SIGHUP: exit 128+1"
check_grep "stopped by signal 1; a dry run: nothing was written" hup.err "SIGHUP: says so"
check_eq "$(ls -A hup-tmp)" "" "... the dry run's scratch index removed"
check_eq "$(ls -d hupidx 2>/dev/null)" "" "... nothing made at the index"
run artsearch --index killed --stats
check_status 0 "after SIGTERM the index opens"
run artsearch-index --index killed --format jsonl more.jsonl
check_status 0 "the next run finishes"
run artsearch --index killed --stats
check_grep "^articles	$((n + n / 2))$" out "then every article is there"

# SIGTERM while the last line read is still being indexed (a long one), and
# the writer of the pipe stays silent: the run must not wait for more
# input before it stops (it once did, for good).
mkfifo quiet.feed
artsearch-index -v --index quiet --format jsonl - <quiet.feed >quiet.out 2>quiet.err &
pid=$!
exec 3>quiet.feed
echo '{"id": "short1", "title": "Short", "text": "A harbour."}' >&3
# The index is open, so the handler is in place (it is set first). The
# line of -v for short1 comes only with a commit, at the end.
wait_for_file quiet/db-1/flintlock
# (600,000 words; 6,000 under valgrind, where indexing them is as slow)
awk -v n=$((n * n / 60)) 'BEGIN {
    printf "{\"id\": \"long1\", \"title\": \"Long\", \"text\": \""
    for (i = 1; i <= n; i++)
        printf "harbour%d trade%s", i % 5000, i % 500 ? " " : "\\n\\n"
    printf "end\"}\n"
}' >&3
sleep 0.5
kill -TERM $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 600 ]; do
    sleep 0.1
    i=$((i + 1))
done
kill -0 $pid 2>/dev/null && kill -KILL $pid
wait $pid
status=$?
exec 3>&-
check_status 143 "SIGTERM while a silent pipe is open: the run stops"
check_grep "stopped by signal 15" quiet.err "... by its own handler, cleanly"

# A run stopped after its articles were committed, but before its spelling
# data was refreshed: the next run finds every article unchanged, and must
# still bring the spelling data ("did you mean") up to date.
printf '%s\n' '{"id": "s1", "title": "Keepers", "text": "The lighthouse keepers met."}' \
    '{"id": "s2", "title": "Fees", "text": "Quay fees rose again."}' >stale.jsonl
mkfifo stale.feed
artsearch-index --index stale --format jsonl - <stale.feed >stale.out 2>stale.err &
pid=$!
exec 3>stale.feed
{ cat stale.jsonl; echo 'not json'; } >&3
# The warning for the bad last line says the articles before it are done.
wait_for_line stale.err '-:3: '
check_grep "warning: skipped -:3: invalid JSON" stale.err \
    "a stopped run: its bad last line was read first"
kill -TERM $pid
wait $pid
status=$?
exec 3>&-
check_status 143 "stopped before its end: exit 128+15"
run artsearch --index stale -c lighthouse
check_eq "$(cat out)" "1" "the stopped run committed its articles"
run artsearch-index --index stale --format jsonl - <stale.jsonl
check_grep ": 0 new, 0 updated, 2 unchanged, 0 removed" err \
    "the next run finds nothing to index"
run artsearch --index stale lighthuose
check_grep "did you mean: lighthouse \\(1 matching paragraph\\)" err \
    "... and refreshes the spelling data the stopped run left stale"

# --- readers while writing -------------------------------------------------
# At least n/60 queries each time (100; 10 under valgrind, where each one
# takes most of a second), more while the writer runs.
min_queries=$((n / 60))
artsearch-index -q --index killed --rebuild big more 2>/dev/null &
writer=$!
fails=0
queries=0
while kill -0 $writer 2>/dev/null || [ $queries -lt $min_queries ]; do
    queries=$((queries + 1))
    artsearch --index killed -c harbour >/dev/null 2>reader.err
    [ $? -le 1 ] || { fails=$((fails + 1)); cat reader.err; }
    [ $queries -ge 2000 ] && break
done
wait $writer
check_eq "$fails" "0" "$queries queries while the index was rebuilt: no failure"

# ... and while the same database is updated in place, commit after commit.
make_articles extra $((n * 2 + 1)) $((n * 3))
artsearch-index -q --index killed big more extra 2>/dev/null &
writer=$!
fails=0
queries=0
while kill -0 $writer 2>/dev/null || [ $queries -lt $min_queries ]; do
    queries=$((queries + 1))
    artsearch --index killed -n 3 harbour >/dev/null 2>reader.err
    [ $? -le 1 ] || { fails=$((fails + 1)); cat reader.err; }
    [ $queries -ge 2000 ] && break
done
wait $writer
check_eq "$fails" "0" "$queries queries while the index was updated: no failure"

# --- progress: on a terminal only ---------------------------------------------
run artsearch-index --index progress big
check_status 0 "an index for the progress checks: exit 0"
check_no_grep "files/s" err "no progress when stderr is not a terminal"
if command -v script >/dev/null 2>&1; then
    script -qec "artsearch-index --index progress2 big" /dev/null >tty.out 2>&1
    check_grep "artsearch-index: [0-9]+/$n files, [0-9]+ files/s" tty.out \
        "progress (done/total, files/s) on a terminal"
else
    echo "# skipped: script (util-linux) is not installed: progress on a terminal"
fi

# --- --wait ------------------------------------------------------------------
# The first indexer holds the lock while it reads JSON Lines from a FIFO
# that this script holds open (fd 3); once it holds the lock (flock -n
# fails), a subshell lets it go a second later, leaving a mark first.
mkfifo slow.jsonl
artsearch-index -q --index waited --wait 60 --format jsonl - <slow.jsonl \
    2>/dev/null &
first=$!
exec 3>slow.jsonl
i=0
while [ $i -lt 300 ]; do
    flock -n -E 99 waited/lock true 2>/dev/null
    [ $? -eq 99 ] && break
    sleep 0.1
    i=$((i + 1))
done
(sleep 1; : >released; exec 3>&-) &
closer=$!
exec 3>&-
run artsearch-index --index waited --wait 20 "$FIXTURES/basic/beta.txt"
check_status 0 "--wait: the second indexer waits for the first"
check_eq "$([ -f released ] && echo yes)" "yes" \
    "--wait: it indexes only once the first has let go"
wait $closer
wait $first
run artsearch --index waited --list=ids nuclear
check_eq "$(cat out)" "beta" "--wait: then it indexes"

# hold_lock LOCK: hold it (as $holder, for a minute) once it is held.
hold_lock() {
    flock "$1" sleep 60 &
    holder=$!
    i=0
    while flock -n "$1" true 2>/dev/null && [ $i -lt 300 ]; do
        sleep 0.1
        i=$((i + 1))
    done
}

# A signal ends the wait at once: the run does nothing, and says so.
hold_lock waited/lock
artsearch-index --index waited --wait 30 "$FIXTURES/basic" >wait.out 2>wait.err &
waiter=$!
# once it has the lock file open, it is waiting (its handlers are in place)
i=0
while ! ls -l /proc/$waiter/fd 2>/dev/null | grep -q '/waited/lock$' &&
    [ $i -lt 600 ]; do
    sleep 0.1
    i=$((i + 1))
done
kill -TERM $waiter
wait $waiter
status=$?
kill $holder
wait $holder 2>/dev/null
check_status 143 "SIGTERM while waiting for the lock: exit 128+15"
check_grep "stopped by signal 15 while waiting for the index at waited: nothing was done" \
    wait.err "... at once, saying that nothing was done (not after the wait)"
run artsearch --index waited --list=ids nuclear
check_eq "$(cat out)" "beta" "... and the index is as it was"

# A wait that runs out says it waited, not to use --wait.
hold_lock waited/lock
run artsearch-index --index waited --wait 0.3 "$FIXTURES/basic"
kill $holder
wait $holder 2>/dev/null
check_status 2 "--wait run out: exit 2"
check_grep "being written by another artsearch-index: still after waiting 0.3 s" err \
    "--wait run out: says it waited"

finish
