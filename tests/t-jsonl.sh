#!/bin/sh
# t-jsonl.sh - artsearch-index --format jsonl: one article a line, the
# same bad-input rules, incremental like files.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"

cat >a.jsonl <<'JSON'
{"id": "j1", "title": "Harbour news", "author": ["Ann Lee", "Bo Chen"], "date": "2024-05", "source": "Wire", "url": "http://example.org/j1", "tags": ["ports", "trade"], "text": "The harbour opened.\n\nShips arrived in the harbour."}
{"id": 2, "title": "Second", "author": "Cy Dee", "tags": "fees, ports", "paragraphs": ["Harbour fees rose.", "Para two\nwrapped over two lines."]}

JSON
run artsearch-index --index idx --format jsonl a.jsonl
check_status 0 "valid JSON Lines: exit 0"
check_grep ": 2 new, 0 updated, 0 unchanged, 0 removed articles \\(4 paragraphs indexed\\); 0 skipped" err \
    "JSON Lines: articles and paragraphs counted"
run artsearch --index idx --format json harbour -n 10
check_eq "$(jq -c 'select(.article=="j1" and .paragraph==1) | [.title, .authors, .date, .source, .url, .tags, .file]' out)" \
    '["Harbour news",["Ann Lee","Bo Chen"],"2024-05","Wire","http://example.org/j1",["ports","trade"],"a.jsonl"]' \
    "every field of a JSON article"
check_eq "$(jq -c 'select(.article=="2") | [.authors, .tags, .paragraph]' out)" \
    '[["Cy Dee"],["fees","ports"],1]' "a number id, a string author, comma-separated tags"
run artsearch --index idx wrapped
check_eq "$(column 3,4,10)" "$(printf '2\t2\tPara two wrapped over two lines.')" \
    "\"paragraphs\": one paragraph each, line breaks joined"

# Bad lines: each reported with its line, the others indexed.
printf '%s\n' \
    '{"id": "ok1", "title": "Fine", "text": "A harbour."}' \
    'not json' \
    '{"id": "d", "title": "Bad date", "date": "2024-13", "text": "x"}' \
    '{"title": "No id", "text": "x"}' \
    '{"id": "nt", "text": "no title"}' \
    '{"id": "ok1", "title": "Duplicate", "text": "harbour"}' \
    '["an", "array"]' \
    '{"id": "ty", "title": 5, "text": "x"}' \
    '{"id": "nb", "title": "No body"}' >bad.jsonl
printf '{"id": "l1", "title": "Latin-1", "text": "caf\351"}\n' >>bad.jsonl
printf '%s\n' '{"id": "a\nb", "title": "Newline in id", "text": "harbour"}' >>bad.jsonl
run artsearch-index --index bidx --format jsonl bad.jsonl
check_status 1 "bad lines: exit 1"
check_grep "skipped bad.jsonl:2: invalid JSON" err "invalid JSON: file and line"
check_grep "skipped bad.jsonl:3: invalid Date '2024-13'" err "a bad date: file and line"
check_grep "skipped bad.jsonl:4: no \"id\"" err "no id"
check_grep "skipped bad.jsonl:5: no \"title\"" err "no title"
check_grep "skipped bad.jsonl:6: duplicate article id 'ok1'" err "a duplicate id"
check_grep "skipped bad.jsonl:7: a JSON array, not an object" err "an array instead of an object"
check_grep "skipped bad.jsonl:8: \"title\" must be a string" err "a wrong type"
check_grep "skipped bad.jsonl:9: no \"text\" or \"paragraphs\"" err "no body"
check_grep "skipped bad.jsonl:10: invalid JSON: unable to decode byte 0xe9" err \
    "invalid UTF-8: skipped with its line"
check_grep "skipped bad.jsonl:11: invalid \"id\" \\(an id is a string of 1 to 200 bytes without control characters" err \
    "an id with a control character: skipped with its line"
check_grep ": 1 new, .* 10 skipped" err "the good line is indexed"
run artsearch --index bidx --list=ids harbour
check_eq "$(cat out)" "ok1" "only the good article is in"
# \u0000 is valid JSON (what json.dumps writes for a NUL): a control
# character like the others in the text, its article indexed, and the
# removals of the input go on.  It was "invalid JSON", and one such line
# kept every article of the input from being removed.
printf '%s\n' '{"id": "n1", "title": "One", "text": "A harbour."}' \
    '{"id": "n2", "title": "Two", "text": "A quay."}' >nulesc.jsonl
artsearch-index -q --index neidx --format jsonl nulesc.jsonl
printf '%s\n' '{"id": "n1", "title": "One\u0000", "text": "A harbour \u0000 here.", "tags": ["a\u0000b"]}' >nulesc.jsonl
run artsearch-index -v --index neidx --format jsonl nulesc.jsonl
check_status 0 "a \\u0000 in the strings: exit 0"
check_grep "nulesc.jsonl:1: 3 control characters replaced with spaces" err \
    "... each a control character replaced with a space"
check_grep "^removed	n2	" out "... and the article no longer in the input removed"
run artsearch --index neidx --format json harbour
check_eq "$(jq -c 'select(.type=="hit") | [.title, .snippet, .tags]' out)" \
    '["One","A harbour here.",["a b"]]' "... the article indexed without the NULs"
printf '%s\n' '{"id": "n\u00001", "title": "One", "text": "A harbour."}' >nulid.jsonl
run artsearch-index --index neidx --format jsonl nulid.jsonl
check_grep "skipped nulid.jsonl:1: invalid \"id\" \\(an id is a string of 1 to 200 bytes without control characters" err \
    "a \\u0000 in an id: an id with a control character (it read as the id 'n')"
printf '%s\n' '{"id": 1.5, "title": "Fraction", "text": "A harbour."}' >real.jsonl
run artsearch-index --index ridx --format jsonl real.jsonl
check_status 1 "an id that is a number but not an integer: exit 1"
check_grep "skipped real.jsonl:1: \"id\" is a number that is not an integer \(an id is a string of 1 to 200 bytes without control characters, or an integer\)" \
    err "an id that is not an integer: says what is accepted"

# Standard input, and incremental runs.
# A directory given is walked for its .jsonl and .ndjson files; an
# export deleted from it has its articles removed.
mkdir -p adir/sub
printf '{"id":"da","title":"A","text":"Pier one."}\n' >adir/a.jsonl
printf '{"id":"db","title":"B","text":"Pier two."}\n' >adir/b.NDJSON
printf '{"id":"dc","title":"C","text":"Pier three."}\n' >adir/sub/c.jsonl
printf 'Title: D\n\nPier four.\n' >adir/d.txt
run artsearch-index -v --index didx --format jsonl adir
check_status 0 "a directory with --format jsonl: read"
check_eq "$(cut -f2 out | sort | tr '\n' ' ')" "da db dc " \
    "... its JSON Lines files, in subdirectories too, not its articles"
rm adir/a.jsonl
run artsearch-index -v --index didx --format jsonl adir adir/sub/c.jsonl
check_eq "$(cat out)" "$(printf 'removed\tda\tadir/a.jsonl')" \
    "an export deleted from it: its articles removed, a file given twice read once"
mkfifo adir/f.jsonl
run artsearch-index --index didx --format jsonl adir
check_status 1 "a FIFO in it is not waited on"
check_grep "skipped adir/f.jsonl: not a regular file" err "... and named"
rm adir/f.jsonl
mkdir mdir && : >mdir/notes.md
run artsearch-index --index didx --format jsonl mdir
check_grep "warning: mdir: no JSON Lines file in it: 1 file not read" err \
    "a directory without a JSON Lines file says so"
run sh -c 'artsearch-index --index sidx --format jsonl - <a.jsonl'
check_status 0 "- reads standard input"
# A stream adds and changes articles: a later stream without them (other
# articles fed one batch at a time, say) removes none of them.
printf '%s\n' '{"id": "s3", "title": "Third", "text": "A harbour again."}' |
    artsearch-index -v --index sidx --format jsonl - >out 2>err
check_eq "$(cat out)" "$(printf 'new\ts3\t-')" \
    "a second stream: its article is new, and nothing is removed"
check_grep ": 1 new, 0 updated, 0 unchanged, 0 removed" err \
    "a second stream: 0 removed"
run artsearch --index sidx --list=ids harbour
check_eq "$(sort out)" "$(printf '2\nj1\ns3')" \
    "the articles of the first stream are still there"
# /dev/stdin is standard input too, also redirected from a file.
printf '%s\n' '{"id": "d1", "title": "One", "text": "A wharf one."}' >d1.jsonl
printf '%s\n' '{"id": "d2", "title": "Two", "text": "A wharf two."}' >d2.jsonl
artsearch-index -q --index devidx --format jsonl /dev/stdin <d1.jsonl
run sh -c 'artsearch-index -v --index devidx --format jsonl /dev/stdin <d2.jsonl'
check_no_grep "^removed" out "/dev/stdin from a file: a stream, nothing removed"
check_eq "$(artsearch --index devidx -c wharf)" 2 "... both batches are there"
run artsearch --index devidx -l wharf
check_eq "$(cat out)" "-" "... with - as their file, not /dev/stdin (which names nothing later)"
run sh -c 'artsearch-index -v --index devidx --format jsonl - <d2.jsonl'
check_eq "$(cat out)" "" "... the same article from - is unchanged"
# So is a FIFO (or a pipe, <(zcat ...)): fed twice, it keeps both.
mkfifo feed.fifo
cat a.jsonl >feed.fifo &
run artsearch-index --index fidx --format jsonl feed.fifo
printf '%s\n' '{"id": "f3", "title": "Third", "text": "A harbour again."}' >feed.fifo &
run artsearch-index --index fidx --format jsonl feed.fifo
check_grep ": 1 new, 0 updated, 0 unchanged, 0 removed" err \
    "a FIFO fed again: its new article, nothing removed"
run artsearch --index fidx --list=ids harbour
check_eq "$(sort out)" "$(printf '2\nf3\nj1')" "... the first feed's articles kept"
# A FIFO given twice is read once, as a file is: the second open would
# wait for a writer that never comes.
cat a.jsonl >feed.fifo &
run timeout 60 artsearch-index --index f2idx --format jsonl feed.fifo feed.fifo
check_status 0 "a FIFO given twice: read once, no wait"
check_grep ": 2 new, 0 updated" err "... its articles indexed"
run artsearch-index --index idx --format jsonl a.jsonl
check_grep ": 0 new, 0 updated, 2 unchanged, 0 removed" err "a rerun changes nothing"
head -1 a.jsonl | sed 's/opened/closed/' >b.jsonl
mv b.jsonl a.jsonl
run artsearch-index --index idx --format jsonl a.jsonl
check_grep ": 0 new, 1 updated, 0 unchanged, 1 removed article" err \
    "a changed line is updated, a line that is gone is removed"
run artsearch --index idx --list=ids harbour
check_eq "$(cat out)" "j1" "the removed article is gone"
run artsearch --index idx closed
check_status 0 "the changed text is found"
cat a.jsonl a.jsonl >twice.jsonl
mv twice.jsonl a.jsonl
run artsearch-index --index idx --format jsonl a.jsonl
check_status 1 "an unchanged article given twice: exit 1"
check_grep "a.jsonl:2: duplicate article id 'j1'" err \
    "the second copy of an unchanged article is reported"
check_grep ": 0 new, 0 updated, 1 unchanged, 0 removed" err \
    "the first copy is left as it is"

# Inputs that are not JSON Lines at all: one message each, the rest of the
# input is not read line by line; the other inputs are indexed.
printf '{"id": "ok2", "title": "Quay", "text": "The quay was busy."}\n' >good.jsonl
{ printf '{"id": "c1", "title": "T", "text": "x"}\n'; seq 1 2000; } | gzip >packed.jsonl.gz
printf '[{"id": "r1", "title": "T", "text": "x"},\n {"id": "r2", "title": "T", "text": "x"}]\n' >array1.json
printf '[\n  {\n    "id": "p1",\n    "title": "T"\n  }\n]\n' >pretty.json
printf '\n  {\n "id": "p2"\n}\n' >pretty2.json
printf 'x\0y\n{"id": "z1", "title": "T", "text": "x"}\n' >nul.jsonl
printf '[{"id": "o1", "title": "T", "text": "x"}]\n' >oneline.json
run artsearch-index --index nidx --format jsonl packed.jsonl.gz array1.json \
    pretty.json pretty2.json nul.jsonl oneline.json good.jsonl
check_status 1 "inputs that are not JSON Lines: exit 1"
check_grep "skipped packed.jsonl.gz:1: gzip-compressed data, not JSON Lines: decompress it first \\(zcat FILE \\| artsearch-index --format jsonl -\\)" \
    err "a gzip file: named once, with how to read it"
check_grep "skipped array1.json:1: a JSON array, not JSON Lines \\(one object a line\\): jq -c '\\.\\[\\]' FILE converts it" \
    err "a JSON array over several lines: named once, with how to convert it"
check_grep "skipped pretty.json:1: a JSON array, not JSON Lines" err \
    "a pretty-printed array: named once"
check_grep "skipped pretty2.json:2: JSON objects over several lines, not JSON Lines \\(one object a line\\): jq -c . FILE converts them" \
    err "pretty-printed objects: named at their first line"
check_grep "skipped nul.jsonl:1: binary data \\(a NUL byte in its first line\\), not JSON Lines" \
    err "a NUL byte in the first line: binary"
check_grep "skipped oneline.json:1: a JSON array, not JSON Lines" err \
    "an array on one line: the same"
check_eq "$(grep -c "warning: skipped" err)" "6" "one message for each of the six inputs"
check_grep ": 1 new, .* 6 skipped" err "the good input is indexed"
run artsearch --index nidx --list=ids -n 100 quay
check_eq "$(cat out)" "ok2" "only the article of the good input is in"
# Binary data without a newline (a device, a file of zeros) is named at
# its first NUL byte: it was read for ever.
run timeout 60 artsearch-index --index nidx --format jsonl /dev/zero
check_status 1 "/dev/zero as JSON Lines: skipped, exit 1"
check_grep "skipped /dev/zero:1: binary data \\(a NUL byte in its first line\\)" err \
    "... as binary data"
{ printf '\n \n'; cat /dev/zero; } 2>/dev/null |
    timeout 60 artsearch-index --index nidx --format jsonl - >out 2>err
check_grep "skipped -:3: binary data" err "... also after blank lines, from a pipe"

# An input that is not read to its end keeps its articles: here a file
# replaced by its compressed copy; so does a bad line whose id is known.
printf '%s\n' '{"id": "k1", "title": "Keep", "text": "The lighthouse stays."}' \
    '{"id": "k2", "title": "Keep too", "text": "The quay stays."}' >keep.jsonl
run artsearch-index --index kidx --format jsonl keep.jsonl
gzip -c keep.jsonl >keep.gz
mv keep.gz keep.jsonl
run artsearch-index --index kidx --format jsonl keep.jsonl
check_grep ": 0 new, 0 updated, 0 unchanged, 0 removed articles .* 1 skipped" err \
    "a JSON Lines file replaced by compressed data: nothing removed"
run artsearch --index kidx -c stays
check_eq "$(cat out)" "2" "its articles are still there"
printf '%s\n' '{"id": "k1", "title": ["not", "a string"], "text": "x"}' \
    '{"id": "k2", "title": "Keep too", "text": "The quay stays."}' >keep.jsonl
run artsearch-index --index kidx --format jsonl keep.jsonl
check_grep "skipped keep.jsonl:1: \"title\" must be a string" err "the bad line is named"
check_grep ": 0 new, 0 updated, 1 unchanged, 0 removed" err \
    "the article of a bad line with a readable id is not removed"
run artsearch --index kidx --list=ids lighthouse
check_eq "$(cat out)" "k1" "it keeps its indexed text"
# A line that is not JSON may have been any article: none is removed
# until the input is whole again.
printf '%s\n' '{"id": "k1", "title": "Keep", "text": "The lig' \
    '{"id": "k2", "title": "Keep too", "text": "The quay stays."}' >keep.jsonl
run artsearch-index --index kidx --format jsonl keep.jsonl
check_status 1 "a line that is not JSON: exit 1"
check_grep "keep.jsonl:1: the line's article cannot be told: no article recorded from this input is removed" \
    err "says that nothing of the input is removed"
check_grep ": 0 new, 0 updated, 1 unchanged, 0 removed" err \
    "the article of that line is not removed"
printf '%s\n' '{"id": "k2", "title": "Keep too", "text": "The quay stays."}' >keep.jsonl
run artsearch-index --index kidx --format jsonl keep.jsonl
check_grep ": 0 new, 0 updated, 1 unchanged, 1 removed" err \
    "the input whole again: what it no longer has is removed"
# A bad last line with a readable id and no newline after it: the input
# was cut short, and the articles of the lines it never got to stay.
printf '%s\n' '{"id": "k1", "title": "One", "text": "The lighthouse one."}' \
    '{"id": "k2", "title": "Two", "text": "The lighthouse two."}' \
    '{"id": "k3", "title": "Three", "text": "The lighthouse three."}' >cut.jsonl
run artsearch-index --index cidx --format jsonl cut.jsonl
check_grep ": 3 new, 0 updated, 0 unchanged, 0 removed" err "three articles to cut short"
{
    head -1 cut.jsonl
    printf '%s' '{"id":"k2","title":"Two"}'
} >cut.tmp && mv cut.tmp cut.jsonl
run artsearch-index --index cidx --format jsonl cut.jsonl
check_status 1 "an input cut short inside a line with an id: exit 1"
check_grep "cut.jsonl:2: the input ends inside a line \\(was it cut short\\?\\): no article recorded from it is removed" \
    err "an input cut short inside a line with an id: says so"
check_grep ": 0 new, 0 updated, 1 unchanged, 0 removed" err \
    "an input cut short inside a line with an id: nothing removed"
run artsearch --index cidx --list=ids -n 10 lighthouse
check_eq "$(sort out | tr '\n' ' ')" "k1 k2 k3 " \
    "an input cut short inside a line with an id: its articles stay"

# A UTF-8 byte order mark before the first line is ignored.
printf '\357\273\277{"id": "bom1", "title": "Marked", "text": "A lighthouse."}\n' >bom.jsonl
run artsearch-index --index bomidx --format jsonl bom.jsonl
check_status 0 "a byte order mark: no problem"
run artsearch --index bomidx --list=ids lighthouse
check_eq "$(cat out)" "bom1" "the first line after a byte order mark is indexed"

# The items of an array stay whole, commas and all; a string of tags is
# split at commas.
printf '%s\n' '{"id": "w1", "title": "Whole", "author": ["Doe, Jane", "Roe"], "tags": ["Smith, John", "north america"], "text": "A pier."}' \
    '{"id": "w2", "title": "Split", "tags": "Smith, John", "text": "A pier too."}' >whole.jsonl
run artsearch-index --index widx --format jsonl whole.jsonl
check_status 0 "tags and authors with commas: exit 0"
run artsearch --index widx --format json -n 10 pier
check_eq "$(jq -c 'select(.article=="w1") | [.authors, .tags]' out)" \
    '[["Doe, Jane","Roe"],["Smith, John","north america"]]' \
    "an item of an array with a comma: one author, one tag"
check_eq "$(jq -c 'select(.article=="w2") | .tags' out)" '["Smith","John"]' \
    "a string of tags: split at commas"
run artsearch --index widx --list=ids --tag 'Smith, John' pier
check_eq "$(cat out)" "w1" "--tag finds the whole tag"

# Keys in any case, as an article file's header keys: an export's "Title",
# "URL" or "Tags" are read; a key given in two cases makes the line bad.
printf '%s\n' '{"ID": "c1", "Title": "Cased", "Author": "Ann Lee", "DATE": "2024-05-02", "Source": "Wire", "URL": "http://example.org/c1", "Tags": ["ports"], "Text": "A jetty."}' \
    '{"id": "c2", "title": "Twice", "Title": "Twice again", "text": "A jetty."}' \
    '{"id": "c3", "title": "Ok", "Paragraphs": ["A jetty."], "TEXT": null}' >cased.jsonl
run artsearch-index --index caseidx --format jsonl cased.jsonl
check_status 1 "keys in other cases: exit 1 for the line with a key twice"
check_grep "skipped cased.jsonl:2: \"title\" and \"Title\" are one key \(keys are case-insensitive\): give it once" \
    err "a key given in two cases: the line is skipped, with both named"
check_grep ": 2 new, .* 1 skipped, 0 warnings" err "the other lines are read, without warnings"
run artsearch --index caseidx --format json -n 10 jetty
check_eq "$(jq -c 'select(.article=="c1") | [.title, .authors, .date, .source, .url, .tags]' out)" \
    '["Cased",["Ann Lee"],"2024-05-02","Wire","http://example.org/c1",["ports"]]' \
    "every member read whatever the case of its key"

# Unknown keys: one warning at the first line with each, not one a line.
awk 'BEGIN { for (i = 1; i <= 500; i++) {
    extra = i >= 3 ? ", \"byline\": \"Bo\"" : ""
    printf "{\"ID\": \"u%d\", \"title\": \"U\", \"url_hash\": \"%x\"%s, \"text\": \"A slipway.\"}\n", i, i, extra
} }' >unknown.jsonl
run artsearch-index --index uidx --format jsonl unknown.jsonl
check_status 0 "unknown keys: exit 0"
check_eq "$(grep -c 'unknown key' err)" "2" "two unknown keys in 500 lines: two warnings"
check_grep "warning: unknown.jsonl:1: unknown key \"url_hash\" ignored \(later lines of this input with it are not reported\)" \
    err "the first line with an unknown key: named, with the rule"
check_grep "warning: unknown.jsonl:3: unknown key \"byline\" \(is it \"author\"\?\) ignored" \
    err "a key some exports use for a member: named with the member"
check_grep ": 500 new, .* 0 skipped, 2 warnings" err "every line indexed"
cp unknown.jsonl unknown2.jsonl
run artsearch-index --index uidx --format jsonl unknown.jsonl unknown2.jsonl
check_grep "warning: unknown2.jsonl:1: unknown key \"url_hash\"" err \
    "another input: its own warnings"
check_no_grep "warning: unknown.jsonl:" err \
    "a line unchanged (read by its \"ID\" alone) is not parsed, nor warned about again"
run artsearch-index --index ujidx --shards 2 --jobs 2 --format jsonl unknown.jsonl
check_status 0 "unknown keys with --jobs 2: exit 0"
check_no_grep "cannot be told" err "an \"ID\" is read by every process, by its id alone"
check_grep ": 500 new, " err \
    "unknown keys with --jobs 2: every line indexed (each process finds its own by \"ID\")"
awk 'BEGIN { printf "{\"id\": \"m1\", \"title\": \"M\", \"text\": \"x\""
    for (i = 1; i <= 40; i++) printf ", \"k%d\": 1", i
    print "}" }' >many.jsonl
run artsearch-index --index midx --format jsonl many.jsonl
check_eq "$(grep -c 'unknown key' err)" "1" "40 unknown keys in a line: one warning"
check_grep "\"k32\" ignored .*; unknown keys beyond the first 32 of this input are not reported" \
    err "... which names 32 of them and says the rest are not reported"

# Timestamps: the day as written, without conversion to another zone.
printf '%s\n' '{"id": "t1", "title": "Stamp", "date": "2024-03-03T10:00:00Z", "text": "A breakwater."}' \
    '{"id": "t2", "title": "Stamp", "date": "2024-03-03T23:30:00-05:00", "text": "A breakwater."}' \
    '{"id": "t3", "title": "Stamp", "date": "2024-03-04 08:15", "text": "A breakwater."}' \
    '{"id": "t4", "title": "Stamp", "date": "2024-03-04T25:00:00Z", "text": "A breakwater."}' \
    '{"id": "t5", "title": "Stamp", "date": "Mon, 04 Mar 2024 08:15:00 GMT", "text": "A breakwater."}' >stamps.jsonl
run artsearch-index --index tidx --format jsonl stamps.jsonl
check_status 1 "timestamps: exit 1 for the two that are not"
check_grep "skipped stamps.jsonl:4: invalid Date '2024-03-04T25:00:00Z': expected a time of day after the date" \
    err "a time of day that is none: skipped, said why"
check_grep "skipped stamps.jsonl:5: invalid Date 'Mon, 04 Mar 2024 08:15:00 GMT': expected YYYY, YYYY-MM, YYYY-MM-DD or a timestamp" \
    err "another way to write a date: skipped, with what is accepted"
check_grep ": 3 new, .* 2 skipped" err "three timestamps read"
run artsearch --index tidx --format json -n 10 breakwater
check_eq "$(jq -r 'select(.type=="hit") | .article + " " + .date' out | sort | tr '\n' ' ')" \
    "t1 2024-03-03 t2 2024-03-03 t3 2024-03-04 " "a timestamp's day as written"
run artsearch --index tidx --list=ids --until 2024-03-03 breakwater
check_eq "$(sort out | tr '\n' ' ')" "t1 t2 " "--until finds them by their day"
run artsearch --index tidx --since 2024-03-03T12:00 breakwater
check_status 2 "a timestamp in --since: refused"
check_grep "invalid --since date '2024-03-03T12:00': a time of day: dates are kept to the day, give the day alone \(YYYY-MM-DD\)" \
    err "a timestamp in --since: says to give the day"
run artsearch --index tidx 'breakwater date:2024-03-03T12:00'
check_grep "invalid date '2024-03-03T12:00': a time of day" err \
    "a timestamp in date: says to give the day"

run artsearch-index --index x --format jsonl
check_status 2 "--format jsonl without a file: exit 2"
check_grep "needs a JSON Lines file \\(or a directory of them\\), or - for standard input" err "says what to give"
run artsearch-index --index x --format xml a.jsonl
check_status 2 "an unknown --format: exit 2"
run artsearch-index --index x - <a.jsonl
check_status 2 "- without --format jsonl: exit 2"
check_grep "^artsearch-index: error: - \\(standard input\\) is read as JSON Lines: give --format jsonl" \
    err "... says to give --format jsonl (it was 'skipped -: No such file')"
for prog in artsearch-index artsearch; do
    run $prog --index '' harbour
    check_status 2 "$prog --index '': exit 2"
    check_grep "^$prog: error: --index needs a value: give --index DIR" err \
        "... says so (it was 'no index at ' or 'cannot create index directory ')"
done

# One JSON Lines file given twice in a run (another spelling, a link) is
# read once: no line is a duplicate of itself.
printf '{"id":"t1","title":"Twice","text":"Given twice."}\n' >twice.jsonl
ln -s twice.jsonl twice-link.jsonl
run artsearch-index --index twiceidx --format jsonl twice.jsonl ./twice.jsonl twice-link.jsonl
check_status 0 "a JSON Lines file given three ways: exit 0"
check_grep ": 1 new, 0 updated, 0 unchanged, 0 removed articles \\(1 paragraph indexed\\); 0 skipped" \
    err "... read once"
# Articles of one file indexed under two spellings of its path (a line
# changed, the file given as ./twice.jsonl): -l names the file once.
printf '{"id":"t1","title":"Twice","text":"Given twice."}\n{"id":"t2","title":"Two","text":"Given twice again."}\n' >twice.jsonl
run artsearch-index -v --index twiceidx --format jsonl ./twice.jsonl
check_eq "$(cat out)" "$(printf 'new\tt2\t./twice.jsonl')" "a second article, under another spelling"
run artsearch --index twiceidx -l given
check_eq "$(cat out)" "twice.jsonl" "-l: the file once"
# A line taken out of an export read under another spelling (through a
# link, or given twice) is removed.
mkdir -p feed
ln -s feed feedlink
printf '{"id":"f1","title":"one","text":"zebra one"}\n{"id":"f2","title":"two","text":"zebra two"}\n' >feed/a.jsonl
(cd feed && artsearch-index -q --format jsonl --index "$WORK/feedidx" a.jsonl)
printf '{"id":"f1","title":"one","text":"zebra one"}\n' >feed/a.jsonl
(cd feedlink && PWD="$WORK/feedlink" artsearch-index -v --format jsonl --index "$WORK/feedidx" a.jsonl) >out 2>err
check_grep "^removed	f2	" out "a line taken out, the export read through a link: removed"
printf '{"id":"g1","title":"one","text":"zebra one"}\n{"id":"g2","title":"two","text":"zebra two"}\n' >feed/c.jsonl
artsearch-index -q --format jsonl --index feedidx2 feedlink/c.jsonl
printf '{"id":"g1","title":"one","text":"zebra one"}\n' >feed/c.jsonl
run artsearch-index -v --format jsonl --index feedidx2 feed/c.jsonl feedlink/c.jsonl
check_grep "^removed	g2	" out "... given twice, two ways: removed"

finish
