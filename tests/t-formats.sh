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

# Text output: colour only when asked (or on a terminal).
run artsearch --format text --color always '"nuclear umbrella"'
check_grep "relied on the ${esc}\\[1;31mnuclear umbrella${esc}\\[0m for" out "text: a phrase match in colour"
check_grep "^${esc}\\[1m1\\. Living under the nuclear umbrella" out "text: numbered title"
check_grep "John Smith · Daily Post · 2023 · beta ¶1" out "text: metadata line"
check_grep "matching paragraph" out "text: a count at the end"
run artsearch --format text '"nuclear umbrella"'
check_no_grep "$esc" out "text: no colour when not on a terminal (auto)"
run artsearch --format text --color never harbour
check_no_grep "$esc" out "text: --color never"
NO_COLOR=1 run artsearch --format text harbour
check_no_grep "$esc" out "text: NO_COLOR"

# With --per-article N the hits are paragraphs and the matches articles.
run artsearch --format text --per-article 3 -n 100 harbour
check_grep '^5 paragraphs shown; 4 matching articles$' out \
    "text: --per-article counts paragraphs shown and articles matching"
run artsearch --format text --articles harbour
check_grep '^4 of 4 matching articles$' out "text: --articles counts articles"

run artsearch --format xml harbour
check_status 2 "an unknown format is an error"
check_grep "invalid --format" err "the error names the option"

finish
