#!/bin/sh
# t-shards.sh - sharded indexes (--shards, --jobs) and remote shards served
# by xapian-tcpsrv: the same ranked output as one index, updates on the
# right shard, and clear errors (or --allow-partial) when a shard is down.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need xapian-tcpsrv xapian-tools

# make_corpus DIR: the basic fixture plus 60 generated articles, many of
# them with equal paragraphs (so that equal scores must be ordered).
make_corpus() {
    mkdir -p "$1"
    cp "$FIXTURES"/basic/*.txt "$1"/
    awk -v dir="$1" 'BEGIN {
        split("harbour tariffs grain steel fishing rice", w, " ")
        for (i = 1; i <= 60; i++) {
            f = dir "/g" i ".txt"
            printf "Title: Port report %d\nAuthor: Writer %d\n", i % 9, i % 5 > f
            printf "Date: 20%02d-%02d-10\nSource: Wire %d\nTags: trade, port %d\n\n", 10 + i % 12, i % 12 + 1, i % 4, i % 3 > f
            printf "The harbour authority met traders about %s.\n\n", w[i % 6 + 1] > f
            printf "Ships arrived with %s and %s for the %s market.\n\n", w[i % 5 + 1], w[i % 4 + 1], w[i % 3 + 1] > f
            printf "Officials said talks on harbour fees would resume.\n" > f
            close(f)
        }
    }'
}

# ranked INDEX ARGS...: what artsearch prints for a set of searches.
ranked() {
    printf '%s\n' harbour 'harbour tariffs' '"harbour fees"' 'grain OR steel' \
        'fishing -rice' japan 'title:report' 'autonomy security' >queries
    {
        artsearch --index "$1" --batch=queries --format tsv -n 1000
        artsearch --index "$1" --batch=queries --format json -n 7 --offset 3 \
            --facets author,source,year
        artsearch --index "$1" --batch=queries --format tsv --articles -n 1000
        artsearch --index "$1" --batch=queries --format tsv --sort newest -n 1000
        artsearch --index "$1" --format tsv -n 1000 --source 'Wire 2'
        artsearch --index "$1" --format tsv -n 1000 --since 2015
    } 2>&1
}

make_corpus corpus
run artsearch-index --index one corpus
check_status 0 "one index of the corpus"
run artsearch-index --index three --shards 3 --jobs 2 corpus
check_status 0 "--shards 3 --jobs 2: exit 0"
check_grep ": 64 new, .*\(190 paragraphs indexed\); 0 skipped" err \
    "--shards 3: the summary counts every article once"
check_eq "$(cat three/db-1/XAPIANDB)" "$(printf 'auto 0\nauto 1\nauto 2')" \
    "the shards are listed by a Xapian stub"
run artsearch --index three --stats
check_grep "^shards	3$" out "--stats: three shards"
check_grep "^articles	64$" out "--stats: every article"
check_grep "^paragraphs	190$" out "--stats: every paragraph"
for s in 0 1 2; do
    n=$(artsearch --index three/db-1/$s --stats | awk -F'\t' '$1 == "articles" {print $2}')
    if [ "$n" -gt 5 ] && [ "$n" -lt 40 ]; then
        pass "shard $s holds a share of the articles ($n)"
    else
        fail "shard $s holds a share of the articles" "it holds $n"
    fi
done

ranked one >one.out
ranked three >three.out
check_eq "$(cmp one.out three.out 2>&1)" "" \
    "3 shards: the same ranked output (ids, order, scores, snippets, facets)"
check_eq "$(cut -f1 one.out | grep -E '^[1-8]$' | sort -u | tr '\n' ' ')$(grep -c '"type":"facet"' one.out) $([ "$(wc -l <one.out)" -gt 1500 ] && echo many)" \
    "1 2 3 4 5 6 7 8 135 many" "the comparison covers the searches, their hits and facets"
tie=$(artsearch --index one --format tsv -n 1000 'harbour fees' | cut -f2 | sort | uniq -d | wc -l)
if [ "$tie" -gt 0 ]; then
    pass "the comparison includes equal scores"
else
    fail "the comparison includes equal scores"
fi
run artsearch --index one --format tsv -n 1000 'harbour fees'
check_eq "$(awk -F'\t' 'NR > 1 && $2 == prev && ($3 "#" $4) < key {print}
    {prev = $2; key = $3 "#" $4}' out | head -1)" "" \
    "equal scores come in article order"

# A page that ends inside a group of equal scores larger than what is
# fetched at first (the 60 "harbour fees" paragraphs; without feedback,
# which would weigh the best 50 again): the group is completed, and the
# page holds its first members in article order.  The articles first in
# that order are indexed again last, so that document order differs.
mkdir aside
mv corpus/g1.txt corpus/g10.txt corpus/g11.txt corpus/g12.txt aside/
artsearch-index -q --index one corpus && artsearch-index -q --index three corpus
mv aside/*.txt corpus/
artsearch-index -q --index one corpus && artsearch-index -q --index three corpus
for idx in one three; do
    run artsearch --index "$idx" --format tsv -n 1000 \
        --ranking stopwords,title 'harbour fees'
    top=$(awk -F'\t' 'NR == 1 {w = $2} $2 == w {print $3 "#" $4}' out)
    run artsearch --index "$idx" --format tsv -n 5 --offset 2 \
        --ranking stopwords,title 'harbour fees'
    check_eq "$(column 3,4 | tr '\t' '#' | tr '\n' ' ')" \
        "$(printf '%s\n' $top | sed -n 3,7p | tr '\n' ' ')" \
        "$idx: a page inside a large group of equals holds the right ones"
done
check_eq "$(printf '%s\n' $top | wc -l)" 60 "the group has the 60 equal paragraphs"

# Updates go to the shard that holds the article.
sed -i 's/met traders about/met fishermen about/' corpus/g7.txt
rm corpus/g8.txt
printf 'Title: New port\n\nThe harbour opened a fishing pier.\n' >corpus/new.txt
for idx in one three; do
    run artsearch-index --index "$idx" corpus
    check_status 0 "$idx: an incremental run"
    check_grep ": 1 new, 1 updated, 62 unchanged, 1 removed" err \
        "$idx: one new, one changed, one removed"
done
ranked one >one.out
ranked three >three.out
check_eq "$(cmp one.out three.out 2>&1)" "" "after updates: the same ranked output"
run artsearch --index three --format tsv -n 100 fishermen
check_eq "$(column 3 | grep -c '^g7$')" "1" "the changed article is found once"

# A run writes only the shards it changes, and --stats gives the time of
# the latest change, whichever shard it was on: here the last shard.
bytes() { find three/db-1/0 three/db-1/1 -type f ! -name '*lock' -exec cksum {} + | sort; }
last=$(artsearch --index three/db-1/2 --list=ids -n 1 harbour)
before=$(artsearch --index three --stats | grep '^updated')
untouched=$(bytes)
sleep 1 # the time has whole seconds
sed -i 's/met traders about/met pilots about/' "corpus/$last.txt"
run artsearch-index --index three corpus
check_grep ": 0 new, 1 updated, 63 unchanged, 0 removed" err \
    "a change to an article of the last shard"
check_eq "$(bytes)" "$untouched" "... leaves the other shards byte for byte as they were"
after=$(artsearch --index three --stats | grep '^updated')
if [ -n "$last" ] && [ "$after" \> "$before" ]; then
    pass "--stats: the time of the latest change, on any shard"
else
    fail "--stats: the time of the latest change, on any shard" "'$before' then '$after' ($last)"
fi
cp -R three merged-now
artsearch-index -q --index merged-now --merge corpus
check_eq "$(artsearch --index merged-now --stats | grep -E '^(shards|updated)' | tr '\n' ' ')" \
    "$(printf 'shards\t1 %s ' "$after")" "--merge keeps the time of the latest change"
sed -i 's/met pilots about/met traders about/' "corpus/$last.txt"
artsearch-index -q --index three corpus

# A stub edited to list a shard twice: the indexer says so (it said
# another indexer was writing); searches read the shard once; --rebuild
# makes a stub anew.
artsearch-index -q --index twice --shards 2 corpus
db=$(sed -n 's/^auto //p' twice/XAPIANDB)
printf 'auto 0\nauto 1\nauto 0\n' >"twice/$db/XAPIANDB"
run artsearch-index --index twice corpus
check_status 2 "a shard listed twice: indexing is an error"
check_grep "its stub lists the shard twice/$db/0 twice .*list each shard once" err "... that says so"
check_no_grep "being written" err "... not another indexer"
check_eq "$(artsearch --index twice -c harbour)" "$(artsearch --index one -c harbour)" \
    "... searching reads it once"
run artsearch-index --index twice --rebuild corpus
check_status 0 "... --rebuild makes the index anew"

# A shard moved away: searches and runs say so (not "no index"), and a
# run does not create it empty beside the others.
artsearch-index -q --index holed --shards 3 corpus
hole=$(sed -n 's/^auto //p' holed/XAPIANDB)
mv "holed/$hole/2" hole.away
run artsearch --index holed -c harbour
check_status 2 "a shard missing: searching it is an error"
check_grep "holed/$hole/2: a shard of the index is missing" err "... naming the shard"
run artsearch-index --index holed corpus
check_status 2 "a shard missing: indexing into it is an error"
check_eq "$(ls "holed/$hole" | tr '\n' ' ')" "0 1 XAPIANDB " "... that creates no empty shard"
cp -R holed holed2
run artsearch-index --index holed2 --rebuild corpus
check_no_grep "cannot read the language and shards" err \
    "--rebuild of it: its language and shards read from the other shards"
check_grep "^shards	3$" "$(artsearch --index holed2 --stats >holed2.stats; echo holed2.stats)" \
    "... and the rebuilt index has its three shards"
mv hole.away "holed/$hole/2"
run artsearch --index holed -c harbour
check_eq "$(cat out)" "$(artsearch --index one -c harbour)" "put back, it answers in full"

# The number of shards is kept, and changed only by a rebuild.
run artsearch-index --index three --shards 2 corpus
check_status 2 "--shards of an existing index: refused without --rebuild"
check_grep "has 3 shards: use --rebuild --shards 2" err \
    "the error says how to change the number of shards"
run artsearch-index --index three --rebuild corpus
check_status 0 "--rebuild keeps the shards"
check_eq "$(artsearch --index three --stats | grep '^shards')" "$(printf 'shards\t3')" \
    "the rebuilt index has three shards"
run artsearch-index --index three --rebuild --shards 2 --jobs 1 corpus
check_status 0 "--rebuild --shards 2 --jobs 1"
check_eq "$(artsearch --index three --stats | grep '^shards')" "$(printf 'shards\t2')" \
    "the rebuilt index has two shards"
db=$(sed -n 's/^auto //p' three/XAPIANDB)
check_eq "$(ls three | tr '\n' ' ')" "XAPIANDB $db lock " \
    "the old shards are gone"
run artsearch-index --index three --shards 0 corpus
check_status 2 "--shards 0: refused"
run artsearch-index --index three --jobs many corpus
check_status 2 "--jobs many: refused"
check_grep "invalid --jobs 'many'" err "the error names the value"

# Compaction keeps the shards; merging makes one database of them.
run artsearch-index --index packed --shards 3 --compact corpus
check_status 0 "--shards 3 --compact"
check_eq "$(artsearch --index packed --stats | grep '^shards')" "$(printf 'shards\t3')" \
    "--compact keeps the shards"
ranked packed >packed.out
check_eq "$(cmp one.out packed.out 2>&1)" "" "compacted shards: the same ranked output"
run artsearch-index --index merged --shards 3 --jobs 3 --merge corpus
check_status 0 "--shards 3 --jobs 3 --merge"
check_eq "$(artsearch --index merged --stats | grep -E '^(shards|articles)' | tr '\n' ' ')" \
    "$(printf 'shards\t1 articles\t64 ')" "--merge: one database with every article"
ranked merged >merged.out
check_eq "$(cmp one.out merged.out 2>&1)" "" "merged shards: the same ranked output"
check_eq "$(ls merged | tr '\n' ' ')" "XAPIANDB $(sed -n 's/^auto //p' merged/XAPIANDB) lock " \
    "--merge: only the merged database is left"
printf 'Title: Later\n\nA harbour text added later.\n' >corpus/later.txt
run artsearch-index --index merged corpus
check_status 0 "a merged index is updated like any other"
check_grep ": 1 new, 0 updated, 64 unchanged" err "only the new article is indexed"
rm corpus/later.txt
artsearch-index -q --index merged corpus
old_size=$(du -sk one | cut -f1)
run artsearch-index --index one --compact corpus
check_status 0 "--compact of an unsharded index"
new_size=$(du -sk one | cut -f1)
if [ "$new_size" -lt "$old_size" ]; then
    pass "--compact makes the index smaller ($old_size KiB -> $new_size KiB)"
else
    fail "--compact makes the index smaller" "$old_size KiB -> $new_size KiB"
fi
ranked one >one2.out
check_eq "$(cmp one.out one2.out 2>&1)" "" "compacted: the same ranked output"

# A stub whose shards were reordered cannot be written (articles would go
# to the wrong shard) but can still be read.
printf 'auto 1\nauto 0\n' >"three/$db/XAPIANDB"
run artsearch-index --index three corpus
check_status 2 "shards in another order: the indexer refuses"
check_grep "was written as shard 1/2, but the stub lists it as shard 0/2" err \
    "the error says which shard is out of place"
run artsearch --index three -c harbour
check_status 0 "reordered shards can still be searched"
printf 'auto 0\nauto 1\n' >"three/$db/XAPIANDB"

# Errors and warnings of a parallel run are reported once.
mkdir bad
cp corpus/g1.txt corpus/g2.txt corpus/g3.txt bad/
printf 'Author: Nobody\n\nNo title here.\n' >bad/untitled.txt
printf 'Title: Odd field\nMood: calm\n\nA harbour text.\n' >bad/odd.txt
run artsearch-index --index bad-idx --shards 4 --jobs 4 bad
check_status 1 "a parallel run with a bad article: exit 1"
check_eq "$(grep -c 'untitled.txt' err)" "1" "the bad article is reported once"
check_eq "$(grep -c 'odd.txt' err)" "1" "the warning is reported once"
check_grep ": 4 new, .* 1 skipped, 1 warning$" err "the counts add up"
printf '{"id":"j1","title":"Harbour","text":"Grain."}\nnot json\n{"id":"j2","title":"Port","text":"Steel."}\n' >in.jsonl
run artsearch-index --index jsonl-idx --shards 3 --jobs 3 --format jsonl in.jsonl
check_status 1 "JSON Lines in parallel with a bad line: exit 1"
check_eq "$(grep -c 'skipped in.jsonl:2' err)" "1" "the bad line is reported once"
check_eq "$(grep -c 'in.jsonl:2: the line.s article cannot be told' err)" "1" \
    "... and so is what it holds back"
check_grep ": 2 new, .* 1 skipped" err "both good lines are indexed"
# Standard input and a pipe can be read once: with shards and jobs, every
# article of them is indexed all the same.
awk 'BEGIN { for (i = 1; i <= 20; i++)
    printf "{\"id\":\"s%d\",\"title\":\"Fed\",\"text\":\"A fed zanzibar.\"}\n", i }' >feed.jsonl
run sh -c 'artsearch-index --index fed --shards 3 --jobs 3 --format jsonl - <feed.jsonl'
check_grep ": 20 new, " err "standard input with 3 shards and 3 jobs: every article is new"
run artsearch --index fed -c zanzibar
check_eq "$(cat out)" "20" "... and every article is in the index"
mkfifo feed.fifo
cat feed.jsonl >feed.fifo &
run artsearch-index --index fifo --shards 2 --jobs 2 --format jsonl feed.fifo
check_grep ": 20 new, " err "a FIFO with 2 shards and 2 jobs: every article is new"

# Several indexes given with --index are searched as one.
artsearch-index -q --index part-a bad 2>/dev/null
artsearch-index -q --index part-b --format jsonl in.jsonl 2>/dev/null
run artsearch --index part-a --index part-b --list=ids --any harbour grain
check_eq "$(sort out | tr '\n' ' ')" "g1 g2 g3 j1 odd " \
    "repeated --index: hits from both indexes"

# Stop a parallel run: what was done is kept, and the next run finishes.
mkdir many
awk -v n="${ARTSEARCH_TEST_ARTICLES:-2000}" 'BEGIN { for (i = 1; i <= n; i++) {
    f = "many/m" i ".txt"
    printf "Title: Note %d\n\nThe harbour note %d.\n", i, i > f
    close(f) } }'
artsearch-index -q --index stopped --shards 2 --jobs 2 many 2>stop.err &
pid=$!
for wait in $(seq 1 600); do # until the shards exist
    [ -f stopped/db-1/XAPIANDB ] && break
    sleep 0.1
done
sleep 0.2
kill -TERM $pid 2>/dev/null
wait $pid
st=$?
if [ $st -eq 143 ] || [ $st -eq 0 ]; then
    pass "SIGTERM to a parallel run: exit 143 (or 0 if it had finished)"
else
    fail "SIGTERM to a parallel run: exit 143" "exit $st: $(cat stop.err)"
fi
run artsearch-index --index stopped many
check_status 0 "the run after a stop finishes"
check_eq "$(artsearch --index stopped -c harbour)" "${ARTSEARCH_TEST_ARTICLES:-2000}" \
    "every article is in the index once"
check_eq "$(ls stopped/db-1 | tr '\n' ' ')" "0 1 XAPIANDB " \
    "the stopped index keeps its shards"

# -v in a parallel run: one whole line for each article, none twice.
n=${ARTSEARCH_TEST_ARTICLES:-2000}
run artsearch-index -v --index listed --shards 2 --jobs 2 many
check_eq "$(grep -c "$(printf '^new\tm[0-9]*\tmany/m[0-9]*\.txt$')" out):$(sort -u out | wc -l)" \
    "$n:$n" "-v with --jobs 2: every article named once, on a line of its own"
# A reader that goes away: a warning, the indexing goes on, exit 1.
{ artsearch-index -v --index listed2 many 2>head.err; echo $? >head.st; } |
    head -n 1 >head.out
check_eq "$(wc -l <head.out):$(artsearch --index listed2 -c harbour)" "1:$n" \
    "-v into a reader that leaves: the index is still complete"
check_grep "cannot write the list of changes: Broken pipe; indexing goes on" \
    head.err "... and a warning says the list stopped"
check_eq "$(cat head.st)" 1 "... and the exit status says it (1)"
# The same in a parallel run: each process tells the parent.
{ artsearch-index -v --index listed3 --shards 2 --jobs 2 many 2>head.err
  echo $? >head.st; } | head -n 1 >head.out
check_eq "$(cat head.st):$(artsearch --index listed3 -c harbour)" "1:$n" \
    "-v into a reader that leaves, --jobs 2: exit 1, the index complete"
check_eq "$(grep -c 'cannot write the list of changes' head.err)" 1 \
    "... with the warning, once (the parent's, for all its processes)"

# Stubs and shard names that make no sense: a clear error, nothing else.
printf 'auto one\nshard two\n' >bad.stub
run artsearch --index bad.stub harbour
check_status 2 "a stub with a bad line: exit 2"
check_grep "bad.stub:2: not a line of a Xapian stub" err "the error names the line"
printf 'auto loop.stub\n' >loop.stub
run artsearch --index loop.stub harbour
check_status 2 "a stub that names itself: exit 2"
check_grep "stubs nested too deep" err "the error says why"
printf '# nothing\n' >empty.stub
run artsearch --index empty.stub harbour
check_status 2 "a stub without databases: exit 2"
check_grep "empty.stub names no database" err "the error says so"
for spec in tcp://localhost tcp://localhost:99999 tcp://localhost:port; do
    run artsearch --index "$spec" harbour
    check_status 2 "--index $spec: exit 2"
    check_grep "a remote shard is HOST:PORT" err "--index $spec: the error says what is expected"
done

# Remote shards served by xapian-tcpsrv on loopback.
artsearch-index -q --index three --rebuild --shards 3 corpus
db=$(sed -n 's/^auto //p' three/XAPIANDB)

# serve DB: start xapian-tcpsrv for DB on a free loopback port, in its own
# session (it signals its process group when it stops); sets $port and
# $server.
serve() {
    port=$((20000 + ($$ * 7 + ${serve_n:-0} * 13) % 30000))
    serve_n=$((${serve_n:-0} + 1))
    for try in 1 2 3 4 5 6 7 8 9 10; do
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$1" \
            >srv.log 2>&1 &
        server=$!
        for wait in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
            kill -0 $server 2>/dev/null || break
            artsearch --index "tcp://127.0.0.1:$port" --timeout 1 --stats \
                >/dev/null 2>&1 && return 0
            sleep 0.1
        done
        kill $server 2>/dev/null
        port=$((port + 1))
    done
    echo "Bail out! cannot start xapian-tcpsrv: $(cat srv.log)"
    exit 99
}
servers=""
trap 'for s in $servers; do kill -CONT $s; kill $s; done 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM
# serve_shard1: serve shard 1 (again), and write the stub "cluster" of
# the two remote shards (0 served already) and the local one.
serve_shard1() {
    serve "$WORK/three/$db/1"
    port1=$port server1=$server
    servers="$server0 $server1"
    printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nauto three/%s/2\n' \
        "$port0" "$port1" "$db" >cluster
}

# start_batch [OPTION]...: artsearch --batch -c on cluster, its queries
# written to fd 3, once it has answered a first "harbour" (in out).
start_batch() {
    rm -f queries.fifo
    mkfifo queries.fifo
    artsearch --index cluster "$@" --batch=queries.fifo -c >out 2>err &
    batch=$!
    exec 3>queries.fifo
    echo harbour >&3
    for wait in $(seq 1 600); do
        [ -s out ] && break
        sleep 0.1
    done
}

serve "$WORK/three/$db/0"
port0=$port server0=$server
serve_shard1
ranked one | cut -f1-4 >one.out
ranked cluster | cut -f1-4 >cluster.out
check_eq "$(cmp one.out cluster.out 2>&1)" "" \
    "2 remote shards + 1 local: the same ids, order and scores"
run artsearch --index cluster --format json -n 3 --facets author harbour
check_eq "$(jq -c 'select(.type == "facet") | [.value, .count]' out | head -2 | tr '\n' ' ')" \
    "$(artsearch --index one --format json -n 3 --facets author harbour | jq -c 'select(.type == "facet") | [.value, .count]' | head -2 | tr '\n' ' ')" \
    "remote shards: the same facets"
check_eq "$(jq -c 'select(.type == "summary") | .partial' out)" "false" \
    "JSON summary: not partial"
run artsearch --index cluster --list=ids --any harbour grain lease
check_eq "$(cat out)" "$(artsearch --index one --list=ids --any harbour grain lease)" \
    "remote shards: --list=ids the same articles in the same order"
run artsearch --index "tcp://127.0.0.1:$port0" --index "tcp://127.0.0.1:$port1" \
    --index three/$db/2 -c harbour
check_eq "$(cat out)" "$(artsearch --index one -c harbour)" \
    "--index tcp://HOST:PORT, repeated: the same count"
run artsearch --index "tcp://127.0.0.1:$port0" --index "tcp://localhost:$port0" \
    --index "tcp://127.0.0.1:$port1" --index three/$db/2 -c harbour
check_eq "$(cat out)" "$(artsearch --index one -c harbour)" \
    "one server named two ways (127.0.0.1, localhost): searched once"
run artsearch --index "tcp://127.0.0.1:$port0" --index three/$db/0 \
    --index "tcp://127.0.0.1:$port1" --index three/$db/2 -c harbour
check_eq "$(cat out)" "$(artsearch --index one -c harbour)" \
    "a shard named by its server and by its path: searched once"
# A copy made with cp shares the database's UUID, and is another index:
# searched, unchanged or changed in place (a word for a word: the same
# documents and length).
cp -R corpus incorpus
artsearch-index -q --index orig incorpus
cp -a orig orig-copy
run artsearch --index orig --index orig-copy -c harbour
check_eq "$(cat out)" "$(($(artsearch --index orig -c harbour) * 2))" \
    "an index and its copy: both searched"
for f in incorpus/*.txt; do
    sed 's/harbour/hxrbour/' "$f" >"$f.new" && mv "$f.new" "$f"
done
artsearch-index -q --index orig-copy incorpus
run artsearch --index orig --index orig-copy -c hxrbour
check_eq "$(cat out)" "$(artsearch --index orig-copy -c hxrbour)" \
    "... and changed in place since, its new words found"
check_eq "$(artsearch --index orig-copy -c hxrbour)" "$(artsearch --index orig -c harbour)" \
    "... (as many as it had before)"
# ... also served: a remote shard is the same database as a local one
# only with the same last commit (artsearch.commit).
saved="$port $server"
serve "$WORK/orig-copy/$(sed -n 's/^auto //p' orig-copy/XAPIANDB)"
servers="$servers $server"
run artsearch --index orig --index "tcp://127.0.0.1:$port" -c hxrbour
check_eq "$(cat out)" "$(artsearch --index orig-copy -c hxrbour)" \
    "a copy changed in place, served: another database, searched"
kill $server
set -- $saved
port=$1 server=$2
run artsearch --index cluster --stats
check_grep "^shards	3$" out "--stats of the stub: three shards"
run artsearch-index --index cluster corpus
check_status 2 "a stub file cannot be written"
check_grep "cluster is not an index directory" err "the error says why"
mkdir remote-idx
cp cluster remote-idx/XAPIANDB
run artsearch-index --index remote-idx corpus
check_status 2 "an index directory with remote shards cannot be written"
check_grep "remote 127.0.0.1:$port0 is a remote shard: index it on the machine that serves it" err \
    "the error says where to index"

# A server stops: a clear error naming it, or partial results.
printf 'auto three/%s/0\nauto three/%s/2\n' "$db" "$db" >two
local_two=$(artsearch --index two -c harbour)
kill $server1
wait $server1 2>/dev/null
run artsearch --index cluster -c harbour
check_status 2 "a shard down: exit 2"
check_grep "remote 127.0.0.1:$port1: .*--allow-partial" err \
    "the error names the shard and the way out"
run artsearch --index cluster --allow-partial -c harbour
check_status 0 "--allow-partial: exit 0"
check_eq "$(cat out)" "$local_two" "--allow-partial: the matches of the other shards"
check_grep "warning: results are partial: shard remote 127.0.0.1:$port1" err \
    "--allow-partial: a warning on stderr"
run artsearch --index cluster --allow-partial --format json harbour
check_eq "$(jq -c 'select(.type == "summary") | [.partial, (.missing | length)]' out)" \
    "[true,1]" "--allow-partial: JSON says partial, and which shard"
run artsearch --index "tcp://127.0.0.1:$port1" --allow-partial harbour
check_status 2 "no shard answers: an error even with --allow-partial"

# A server that stops answering mid-batch.
serve_shard1
start_batch --allow-partial
kill $server1
wait $server1 2>/dev/null
echo harbour >&3
exec 3>&-
wait $batch
status=$?
check_status 0 "a shard lost mid-batch with --allow-partial: exit 0"
check_eq "$(cut -f2 out | tr '\n' ' ')" "$(artsearch --index one -c harbour) $local_two " \
    "the query after the loss has the other shards' matches"
check_grep "query 2: results are partial: shard remote 127.0.0.1:$port1" err \
    "the loss is reported with the query"

# A connection dropped mid-batch (the server's process for it killed, the
# server still listening), without --allow-partial: the next query
# connects anew and answers in full, and so do those after it.
children() { # the processes whose parent is $1
    for st in /proc/[0-9]*/stat; do
        awk -v p="$1" '$4 == p {print $1}' "$st" 2>/dev/null
    done
}
serve_shard1
start_batch
kill -9 $(children "$server0") 2>/dev/null
printf 'harbour\nharbour\n' >&3
exec 3>&-
wait $batch
status=$?
check_status 0 "a connection dropped mid-batch: exit 0"
all=$(artsearch --index one -c harbour)
check_eq "$(cut -f2 out | tr '\n' ' ')" "$all $all $all " \
    "the queries after it reconnect and answer in full"

# A server that hangs: --timeout bounds the wait.
kill -STOP $server1
start=$(date +%s)
run artsearch --index cluster --timeout 1 -c harbour
took=$(($(date +%s) - start))
check_status 2 "a hung shard: exit 2"
check_grep "remote 127.0.0.1:$port1: Timeout" err "the error says it timed out"
if [ "$took" -le 5 ]; then
    pass "--timeout 1: gave up within seconds ($took s)"
else
    fail "--timeout 1: gave up within seconds" "took $took s"
fi
run artsearch --index cluster --timeout 1 --allow-partial -c harbour
check_eq "$(cat out)" "$local_two" "a hung shard with --allow-partial: the others' matches"
# A batch tries a shard it left out again, every 5 seconds: once the
# server answers again, the answers are whole again.
start_batch --timeout 1 --allow-partial
kill -CONT $server1
echo harbour >&3
sleep 5.5
echo harbour >&3
exec 3>&-
wait $batch
all=$(artsearch --index one -c harbour)
check_eq "$(cut -f2 out | tr '\n' ' ')" "$local_two $local_two $all " \
    "a batch with a shard hung, then back: partial, then whole once it is tried again"
check_eq "$(grep -c 'results are partial' err)" 1 "... the loss warned of once"
kill -STOP $server1
run artsearch --index cluster --timeout soon -c harbour
check_status 2 "--timeout soon: refused"
kill -CONT $server1

finish
