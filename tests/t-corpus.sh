#!/bin/sh
# t-corpus.sh - the shipped collection (corpus/) searched as a user would.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"

run artsearch-index --index "$WORK/idx" "$srcdir/corpus"
check_status 0 "corpus/ indexes without a warning"
check_grep ": 5 new, 0 updated, 0 unchanged, 0 removed articles \\(88 paragraphs indexed\\); 0 skipped, 0 warnings" err \
    "five articles"
export ARTSEARCH_INDEX="$WORK/idx"

run artsearch 'strategic autonomy'
check_eq "$(column 7 | head -5 | sort -u)" "The Diplomat" \
    "'strategic autonomy': The Diplomat's paragraphs first"

run artsearch '"nuclear umbrella"' -n 100
check_eq "$(column 7 | sort -u | tr '\n' ';')" "Samvada World;The Diplomat;" \
    "'\"nuclear umbrella\"': the phrase in two articles"

run artsearch --format json negotiating -n 100
check_grep '"highlights":\[\[' out "negotiating: hits have highlights"
jq -r '"\(.highlights[0][0]) \(.highlights[0][1]) \(.snippet)"' out 2>/dev/null | \
    grep -v '^null' >hl
found=""
while read -r start end snippet; do
    found="$found $(printf '%s' "$snippet" | cut -b"$((start + 1))-$end")"
done <hl
case "$found" in
*negotiations*) pass "negotiating highlights \"negotiations\"" ;;
*) fail "negotiating highlights \"negotiations\"" "highlighted:$found" ;;
esac

# Initials ("U.S.") are one word, as the index has them: highlighted in
# every hit they matched, where the snippet would otherwise be the
# paragraph's start, with the match perhaps outside it.
run artsearch --format json -n 100 'U.S.'
check_eq "$(jq -r 'select(.type == "hit") | .highlights | length' out | sort -u | head -1)" "1" \
    "'U.S.': every hit has its highlight"
check_grep '^3$' "$(jq -r 'select(.type == "hit") | .highlights[] | .[1] - .[0]' out >hl.len; echo hl.len)" \
    "... on the initials, 3 bytes (U.S, without the full stop after them)"

# The shipped group of the United States holds U.S.: searched as the
# word us, as the index has it, and once with US (it was the phrase u s,
# which no text has).
run artsearch --explain --format text '~us'
check_grep "Parsed query: .*SYNONYM Zus@1 SYNONYM Zusa@1 " out \
    "~us: U.S. of the group is the word us, once"
check_no_grep "PHRASE 2 s@2" out "~us: U.S. of the group is no phrase"

# A snippet that starts where its paragraph does keeps the paragraph's
# opening quote.
run artsearch -n 1 '"security cooperation between japan and australia"'
check_eq "$(column 10 | cut -c1-20)" "“Security cooperat" \
    "a snippet from the paragraph's start keeps its opening quote"

run artsearch --author 'Aayush Pal' japan -n 1000
check_eq "$(column 3 | sort -u)" "001_ffa069f2cc45abf3" \
    "--author 'Aayush Pal': that article only"

run artsearch --since 2025-01-01 japan -n 1000
check_no_grep '	(2018|2024)[-	]' out "--since 2025-01-01: no 2018 or 2024 article"
check_eq "$(column 6 | sort -u | tr '\n' ' ')" "2025 2025-03-12 2025-06 " \
    "--since 2025-01-01: the 2025 articles, year- and month-only included"

run artsearch --format json japan
if jq . out >/dev/null 2>&1; then pass "--format json | jq . parses"; else
    fail "--format json | jq . parses" "$(head -c 300 out)"; fi

run artsearch zzzz
check_status 1 "zzzz: exit 1"

run artsearch --since 2025-13-45 japan
check_status 2 "a date that does not exist: exit 2"
check_grep "invalid --since date" err "a date that does not exist: clear message"

run artsearch --index "$WORK/missing" japan
check_status 2 "a missing index: exit 2"
check_grep "no index at .*missing: run artsearch-index first" err \
    "a missing index: says what to do"

finish
