#!/bin/sh
# t-formats.sh - TSV, JSON Lines and text output, colour, highlights.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"

build_fixture basic
export ARTSEARCH_INDEX="$WORK/idx"
esc=$(printf '\033')

# TSV is the default when stdout is not a terminal.
run artsearch negotiations
check_status 0 "search for TSV"
check_eq "$(awk -F'\t' '{print NF}' out | sort -u)" "10" "TSV: 10 columns"
check_eq "$(head -1 out | cut -f1-6)" \
    "$(printf '1\t%s\talpha\t1\t%s\t2024-05-17' "$(head -1 out | cut -f2)" \
        "$FIXTURES/basic/alpha.txt")" \
    "TSV: rank, score, article, paragraph, file, date"
check_eq "$(head -1 out | cut -f7-9)" \
    "$(printf 'Harbour Times\tJane Doe; Kenji Sato\tNegotiations over the harbour')" \
    "TSV: source, authors joined by '; ', title"
check_eq "$(head -1 out | cut -f10)" \
    "The negotiations over the harbour lease continued for months, and the city council met every week." \
    "TSV: the snippet last, wrapped lines joined"
check_no_grep "$esc" out "TSV: no colour"
check_grep '^[0-9]+\.[0-9]{4}$' "$(column 2 >score; echo score)" "TSV: score with 4 decimals"

run artsearch --format json negotiating
check_status 0 "search for JSON"
if jq -e . out >/dev/null 2>&1; then pass "JSON Lines parse"; else
    fail "JSON Lines parse" "$(head -c 300 out)"; fi
check_eq "$(jq -r 'select(.type=="hit") | .article' out | tr '\n' ' ')" \
    "alpha delta " "JSON: one hit record per paragraph, ranked"
check_eq "$(jq -c 'select(.rank==1) | [.schema_version, .paragraph, .authors, .date, .source, .tags, .title]' out)" \
    '[1,1,["Jane Doe","Kenji Sato"],"2024-05-17","Harbour Times",["trade","ports"],"Negotiations over the harbour"]' \
    "JSON: fields of a hit"
# Highlights are byte offsets: cut them out of the snippet bytes.
jq -r 'select(.type=="hit") | "\(.highlights[0][0]) \(.highlights[0][1]) \(.snippet)"' out >hl
words=""
while read -r start end snippet; do
    words="$words$(printf '%s' "$snippet" | cut -b"$((start + 1))-$end") "
done <hl
check_eq "$words" "negotiations negotiators " "JSON: highlights cover stemmed matches (byte offsets)"
check_eq "$(grep -oE '"score":[0-9.e+-]+' out | sed 's/"score"://; s/[.]//; s/^0*//; s/e.*//' | awk 'length($0) > 12' | head -1)" "" \
    "JSON: scores to 12 significant digits at most"
check_eq "$(jq -c 'select(.type=="summary") | [.shown, .matches, .exact]' out)" \
    "[2,2,true]" "JSON: a summary record"
check_eq "$(jq -r 'select(.rank==2) | .url' out)" "null" "JSON: unknown fields are null"

# -c prints the summary alone, with every field of a summary.
run artsearch -c --format json negotiating
check_eq "$(jq -c '[.type, .shown, .matches, .exact, .partial]' out)" \
    '["summary",0,2,true,false]' "JSON -c: a whole summary, partial included"
# A shard that does not answer (nothing listens on port 1).
printf 'auto %s\nremote 127.0.0.1:1\n' "$(ls -d "$WORK"/idx/db-* | head -1)" >half
run artsearch --index half --allow-partial -c --format json negotiating
check_eq "$(jq -c '[.matches, .partial, (.missing | length)]' out)" '[2,true,1]' \
    "JSON -c: partial, and the missing shard"

run artsearch --format json 'Nothing here'
check_eq "$(jq -r 'select(.type=="hit") | .date' out)" "null" "JSON: undated is null"

# Highlights in a multibyte snippet are byte offsets.
mkdir mb
printf 'Title: Café\n\nLe café près du port: négociations.\n' >mb/cafe.txt
artsearch-index -q --index mbidx mb/cafe.txt
run artsearch --index mbidx --format json négociations
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "[[24,37]]" \
    "JSON: offsets count bytes of UTF-8"

# A wildcard's words are highlighted, and the snippet of a long paragraph
# is cut around them (Xapian lists none of the words a wildcard stands for).
run artsearch --format json 'negotia*'
check_eq "$(jq -r 'select(.type=="hit") | .highlights[] as $h | .snippet[$h[0]:$h[1]]' out | sort | tr '\n' ' ')" \
    "negotiations negotiators " "JSON: a wildcard's words are highlighted"
mkdir long
filler='lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor '
printf 'Title: Filler\n\n%s%s%s%sthe negotiations ended. %s%s%s%send.\n' \
    "$filler" "$filler" "$filler" "$filler" "$filler" "$filler" "$filler" "$filler" \
    >long/w.txt
artsearch-index -q --index longidx long
run artsearch --index longidx --format json 'negotia*'
jq -r 'select(.type=="hit") | "\(.highlights | length) \(.highlights[0][0] // 0) \(.highlights[0][1] // 0) \(.snippet)"' out >hl
read -r n start end snippet <hl
check_eq "$n $(printf '%s' "$snippet" | cut -b"$((start + 1))-$end")" "1 negotiations" \
    "JSON: a wildcard's word deep in a long paragraph: the snippet shows it"
run artsearch --index longidx --format text --explain 'negotia*'
check_grep "^ *matched: negotiations \\(text [0-9.]+\\)$" out \
    "text --explain: a wildcard's word is matched"

# A phrase is highlighted where its words stand as the phrase: not in a
# paragraph that matched through another word, not a word of it alone.
run artsearch --format json -n 100 '"nuclear umbrella" OR deterrence'
check_eq "$(jq -c 'select(.type=="hit") | [.paragraph, (.snippet as $s | [.highlights[] | $s[.[0]:.[1]]])]' out | tr '\n' ' ')" \
    '[1,["nuclear umbrella"]] [2,["deterrence"]] ' \
    "JSON: a phrase's words are highlighted only where the phrase matched"
mkdir lone
printf 'Title: Shield\n\nThe nuclear umbrella held, though the umbrella of allies frayed and nuclear talks stalled.\n' \
    >lone/n.txt
artsearch-index -q --index loneidx lone
run artsearch --index loneidx --format json '"nuclear umbrella"'
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "[[4,20]]" \
    "JSON: a phrase, not its words alone elsewhere in the paragraph"
run artsearch --index loneidx --format json 'umbrella ADJ/5 nuclear'
check_eq "$(jq -c 'select(.type=="hit") | (.snippet as $s | [.highlights[] | $s[.[0]:.[1]]])' out)" \
    '["umbrella","nuclear"]' "JSON: ADJ highlights the words that stand in order within reach"

# Text output: colour only when asked (or on a terminal).
run artsearch --format text --color always '"nuclear umbrella"'
check_grep "relied on the ${esc}\\[1;31mnuclear umbrella${esc}\\[0m for" out "text: a phrase match in colour"
check_grep "^${esc}\\[1m1\\. Living under the nuclear umbrella" out "text: numbered title"
check_grep "John Smith · Daily Post · 2023 · beta ¶1" out "text: metadata line"
check_grep "matching paragraph" out "text: a count at the end"
run artsearch --format text '"nuclear umbrella"'
check_status 0 "text, not on a terminal: exit 0"
check_no_grep "$esc" out "text: no colour when not on a terminal (auto)"
run artsearch --format text --color never harbour
check_status 0 "text, --color never: exit 0"
check_no_grep "$esc" out "text: --color never"
printf '%s\n' '{"id":"j1","title":"A","author":"Doe, Jane","text":"gull."}' \
    '{"id":"j2","title":"B","authors":["Jane Doe","John Roe"],"text":"gull."}' >names.jsonl
artsearch-index -q --index namesidx --format jsonl names.jsonl
run artsearch --index namesidx --format text --color never --sort oldest gull
check_grep "^    Doe, Jane " out "text: an author with a comma, as written"
check_grep "^    Jane Doe; John Roe " out "text: authors joined by '; ', as in TSV"
NO_COLOR=1 run artsearch --format text harbour
check_status 0 "text, NO_COLOR: exit 0"
check_no_grep "$esc" out "text: NO_COLOR"

# With --per-article N the hits are paragraphs and the matches articles.
run artsearch --format text --per-article 3 -n 100 harbour
check_grep '^5 paragraphs shown; 4 matching articles$' out \
    "text: --per-article counts paragraphs shown and articles matching"
run artsearch --format text --articles harbour
check_grep '^4 of 4 matching articles$' out "text: --articles counts articles"

# -l: each file once, best first, whatever --per-article says.
run artsearch -l --per-article 3 harbour
check_eq "$(sed 's|.*/||' out | tr '\n' ' ')" "alpha.txt gamma.txt beta.txt delta.txt " \
    "-l --per-article 3: each file once, best first"
run artsearch -l --articles harbour
check_eq "$(sed 's|.*/||' out | tr '\n' ' ')" "alpha.txt gamma.txt beta.txt delta.txt " \
    "-l --articles: each file once"
# Articles of one JSON Lines file share it: -l names it once.
printf '{"id":"j1","title":"T","text":"harbour one"}\n{"id":"j2","title":"U","text":"harbour two"}\n' >two.jsonl
artsearch-index -q --index jidx --format jsonl two.jsonl
run artsearch --index jidx -l harbour
check_eq "$(cat out)" "two.jsonl" "-l: a file shared by two articles, once"
run artsearch --index jidx --list=ids harbour
check_eq "$(sort out | tr '\n' ' ')" "j1 j2 " "--list=ids: each article"

# -l in batch mode: every record tagged with its query's number.
printf 'harbour\nnuclear umbrella\n' >queries
run artsearch --batch=queries -l
check_eq "$(sed 's|/.*/|/|' out | tr '\n' ' ')" \
    "$(printf '1\t/alpha.txt 1\t/gamma.txt 1\t/beta.txt 1\t/delta.txt 2\t/beta.txt ')" \
    "--batch -l: a query column first"
run artsearch --batch=queries -l -0
check_eq "$(tr '\0' '\n' <out | sed 's|/.*/|/|' | tr '\n' ' ')" \
    "$(printf '1\t/alpha.txt 1\t/gamma.txt 1\t/beta.txt 1\t/delta.txt 2\t/beta.txt ')" \
    "--batch -l -0: a query column first, NUL-terminated"
run artsearch --batch=queries --list=ids
check_eq "$(tr '\n' ' ' <out)" \
    "$(printf '1\talpha 1\tgamma 1\tbeta 1\tdelta 2\tbeta ')" \
    "--batch --list=ids: a query column first"

# -l --format json: a file record per file, an article record per id.
run artsearch -l --format json negotiating
check_eq "$(jq -c '[.type, .schema_version, (.file | sub(".*/"; "")), .article]' out | tr '\n' ' ')" \
    '["file",1,"alpha.txt","alpha"] ["file",1,"delta.txt","delta"] ' \
    "-l --format json: file records"
run artsearch --list=ids --format json --batch=queries
check_eq "$(jq -c '[.type, .query, .article]' out | tr '\n' ' ')" \
    '["article",1,"alpha"] ["article",1,"gamma"] ["article",1,"beta"] ["article",1,"delta"] ["article",2,"beta"] ' \
    "--list=ids --format json --batch: article records with their query"

# Of -l, --list=files and --list=ids the last one given counts.
run artsearch --list=ids -l negotiating
check_eq "$(sed 's|.*/||' out | tr '\n' ' ')" "alpha.txt delta.txt " \
    "--list=ids, then -l: files"
run artsearch -l --list=ids negotiating
check_eq "$(tr '\n' ' ' <out)" "alpha delta " "-l, then --list=ids: ids"
run artsearch --list=ids --list=files negotiating
check_eq "$(sed 's|.*/||' out | tr '\n' ' ')" "alpha.txt delta.txt " \
    "--list=ids, then --list=files: files"

# -q prints nothing in a batch either, whatever the format.
for f in text tsv json; do
    run artsearch --batch=queries -q --format $f
    check_status 0 "-q --batch --format $f: exit 0 (hits found)"
    check_eq "$(wc -c <out)" "0" "-q --batch --format $f: nothing on stdout"
done

# A batch file with CR line ends (old Mac OS): one query a line.
printf 'harbour\rnuclear umbrella\r' >cr-queries
run artsearch --batch=cr-queries -c
check_eq "$(cut -f1 out | tr '\n' ' ')" "1 2 " "--batch with CR line ends: two queries"
check_eq "$(cut -f2 out | tr '\n' ' ')" \
    "$(artsearch -c harbour) $(artsearch -c 'nuclear umbrella') " \
    "... each answered as it is alone"
# A lone CR in a line that ends with a LF (a program sending one line):
# one query, one answer.
printf 'harbour\rzzzqqq\nharbour\n' | artsearch --batch -c >out
check_eq "$(tr '\n' ' ' <out)" "$(printf '1\t0 2\t%s ' "$(artsearch -c harbour)")" \
    "--batch: a lone CR inside a LF line is no line end"

run artsearch --format xml harbour
check_status 2 "an unknown format is an error"
check_grep "invalid --format" err "the error names the option"

# -c --explain: the summary has the parsed query, as without -c.
run artsearch -c --explain --format json harbour
check_eq "$(jq -r 'select(.type=="summary") | (.matches > 0) and (.parsed_query | test("harbour"))' out)" \
    true "-c --explain --format json: the summary has parsed_query"

# The query's warning is in the JSON summary too, for a program that
# reads only standard output; none when there was none.
run artsearch --format json 'harbour AND'
check_grep "searched for its words without operators instead: harbour" err \
    "a syntax error: the warning on stderr"
check_eq "$(jq -r 'select(.type=="summary") | .warning' out)" "$(sed -n 's/^artsearch: warning: //p' err)" \
    "... and in the JSON summary, the same text"
printf 'harbour or lease\nharbour\n' | artsearch --batch -c --format json >out 2>err
check_eq "$(jq -r '[.query, .warning // "none"] | @tsv' out)" \
    "$(printf "1\t'or' in lower case is a word, not the operator OR (write OR for either word)\n2\tnone")" \
    "--batch -c: each summary has its own query's warning, or none"

# -n 0 in text: no hits shown, but the count line says how many match.
run artsearch --format text -n 0 harbour
check_status 0 "-n 0: hits found, exit 0"
check_grep "^0 of [0-9]+ matching paragraphs$" out "-n 0 in text: the count line"
# ... counted exactly, as -c counts: a phrase of common words, whose
# candidates are many and matches few, was "about 100" for 3; many
# matches were an estimate.
mkdir said
awk 'BEGIN { for (i = 1; i <= 400; i++) { f = sprintf("said/a%03d.txt", i)
    printf "Title: Note %d\n\nThe report said the market said prices rose.\n", i >f
    close(f) }
    for (i = 1; i <= 3; i++) { f = sprintf("said/b%d.txt", i)
    printf "Title: Odd %d\n\nHe said said twice.\n", i >f; close(f) } }'
artsearch-index -q --index said-idx said
run artsearch --index said-idx --format text -n 0 '"said said"'
check_eq "$(tail -1 out)" "0 of 3 matching paragraphs" "-n 0: the count of a phrase of common words"
run artsearch --index said-idx --format json -n 0 --offset 1 '"said said"'
check_eq "$(jq -c 'select(.type=="summary") | [.matches, .exact]' out)" "[3,true]" \
    "... with an offset too, in JSON"
awk 'BEGIN { for (i = 1; i <= 3000; i++) {
    t = i % 3 ? "Prices rose sharply as the market said" : "Rose said prices fell"
    printf "{\"id\": \"a%d\", \"title\": \"N\", \"text\": \"%s %d.\"}\n", i, t, i } }' >dense.jsonl
artsearch-index -q --format jsonl --index dense-idx dense.jsonl
run artsearch --index dense-idx --format json -n 0 '"prices rose"'
check_eq "$(jq -c 'select(.type=="summary") | [.matches, .exact]' out)" "[2000,true]" \
    "-n 0: a phrase of many matches counted exactly"

# JSON escapes C1 controls and U+2028/U+2029 (here from a bad date).
printf 'date:\302\2051\ndate:2025\342\200\250x\n' | artsearch --batch --format json >out 2>err
check_eq "$(grep -c 'u0085\|u2028' out)" 2 "JSON: C1 controls and U+2028 escaped"
check_eq "$(LC_ALL=C grep -c "$(printf '\302\205\|\342\200\250')" out)" 0 \
    "... not written raw"

# TSV and JSON escape the bidirectional overrides and isolates, which
# would show a line in another order than it is stored.
printf '{"id":"rlo","title":"A \342\200\256RLO\342\200\254 \342\201\246iso\342\201\251 end","text":"Tidal \342\200\256lock\342\200\254 here."}\n' >rlo.jsonl
artsearch-index -q --index rlo --format jsonl rlo.jsonl
run artsearch --index rlo --format tsv tidal
check_eq "$(cut -f9,10 out)" \
    "$(printf 'A \\xE2\\x80\\xAERLO\\xE2\\x80\\xAC \\xE2\\x81\\xA6iso\\xE2\\x81\\xA9 end\tTidal \\xE2\\x80\\xAElock\\xE2\\x80\\xAC here.')" \
    "TSV: bidirectional overrides and isolates escaped"
run artsearch --index rlo --format json tidal
check_grep '"title":"A \\u202eRLO\\u202c \\u2066iso\\u2069 end"' out \
    "JSON: bidirectional overrides and isolates escaped"
check_eq "$(jq -r 'select(.type=="hit") | .title' out)" \
    "$(printf 'A \342\200\256RLO\342\200\254 \342\201\246iso\342\201\251 end')" \
    "... the same string once read"

# Highlights find the words as the index makes them: numbers with a
# point or comma, AT&T, C++, an apostrophe; fish+chips is two words.
mkdir terms
printf 'Title: Words\n\nRates rose 1.5 percent as AT&T and C++ users paid 20,000 yen; fish+chips cost more, don'"'"'t they.\n' \
    >terms/a.txt
artsearch-index -q --index termsidx terms
for q in 1.5:11,14 'AT&T:26,30' 'C++:35,38' 20,000:50,56 "don't:84,89" \
    fish:62,66 chips:67,72; do
    run artsearch --index termsidx --format json "${q%:*}"
    check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "[[${q##*:}]]" \
        "highlight of ${q%:*}: the word as the index has it"
done

# --full: the whole paragraph instead of a snippet, every match
# highlighted, in every format.
mkdir full
awk 'BEGIN { printf "Title: Long\n\nFirst the kelp farm. "; for (i = 0; i < 60; i++) printf "Filler words here. "; printf "Last the kelp farm.\n" }' >full/long.txt
artsearch-index -q --index fullidx full
para=$(sed -n 3p full/long.txt)
run artsearch --index fullidx --format tsv kelp
check_eq "$(cut -f10 out | grep -c '^First.*…$')" "1" "without --full: a snippet, cut"
run artsearch --index fullidx --format tsv --full kelp
check_eq "$(cut -f10 out)" "$para" "--full: TSV has the whole paragraph"
run artsearch --index fullidx --format json --full kelp
check_eq "$(jq -r 'select(.type=="hit") | .snippet' out)" "$para" "--full: JSON's snippet is the whole paragraph"
check_eq "$(jq -c 'select(.type=="hit") | .highlights' out)" "[[10,14],[1170,1174]]" \
    "... with every match highlighted, the last one too"
run artsearch --index fullidx --format text --color always --full kelp
check_eq "$(grep -o "${esc}\\[1;31mkelp" out | wc -l)" "2" "--full: text shows both matches in colour"
check_no_grep "…" out "... and nothing cut"

finish
