#!/bin/sh
# t-docs.sh - the documentation says what the programs do: README.md's two
# commands are the ones CI runs, its sections are each there once, every
# option in --help is in the man page, and the man pages render cleanly.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need groff groff-base

readme="$srcdir/README.md"

size=$(wc -c <"$readme")
if [ "$size" -gt 20000 ] && [ "$size" -lt 200000 ]; then
    pass "README.md is of a readable size ($size bytes)"
else
    fail "README.md is of a readable size" "$size bytes"
fi
check_eq "$(grep -E '^##+ ' "$readme" | sort | uniq -d)" "" \
    "README.md: every section heading once"
for section in '## Quick start' '## Searching' '## Indexing' \
    '## When one machine is not enough' '## Ranking' '## Performance' \
    '## How it is built' '## Development'; do
    check_eq "$(grep -c "^$section\$" "$readme")" "1" "README.md has '$section'"
done
test_cmd=$(grep -E '^\./autogen\.sh .*check-all' "$srcdir/.ci/run" | sed 's/ 2>&1.*//')
check_eq "$(grep -cxF "$test_cmd" "$readme")" "1" \
    "README.md's test command is what .ci/run runs ($test_cmd)"
check_grep '^sh \.ci/install-deps && \./autogen\.sh && \./configure && make -j2 && src/artsearch-index && src/artsearch ' \
    "$readme" "README.md's first command installs, builds, indexes and searches"

# The examples of README.md's "Searching" section find something in the
# shipped collection (the --strict one is a syntax error on purpose).
run artsearch-index --index "$WORK/idx" "$srcdir/corpus"
check_status 0 "corpus/ indexed for the README's examples"
awk '/^## Searching/ { on = 1 } /^### / { on = 0 } on && /^artsearch /' \
    "$readme" >examples
n_examples=$(wc -l <examples)
if [ "$n_examples" -ge 20 ]; then
    pass "README.md's Searching section has its examples ($n_examples)"
else
    fail "README.md's Searching section has its examples" "$n_examples"
fi
while IFS= read -r example; do
    want=0
    case "$example" in *--strict*) want=2 ;; esac
    eval "artsearch --index \"\$WORK/idx\" ${example#artsearch }" \
        >out 2>err </dev/null
    check_eq "$?" "$want" "README example: $example"
done <examples

# Every long option of --help is in the man page.
for prog in artsearch artsearch-index; do
    run "$prog" --help
    check_status 0 "$prog --help: exit 0"
    n_opts=$(grep -oE -- '--[a-z][a-z-]+' out | sort -u | wc -l)
    if [ "$n_opts" -ge 10 ]; then
        pass "$prog --help lists its options ($n_opts)"
    else
        fail "$prog --help lists its options" "$n_opts options in:" \
            "$(head -c 400 out)"
    fi
    missing=""
    for opt in $(grep -oE -- '--[a-z][a-z-]+' out | sort -u); do
        man_opt=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
        grep -q -- "$man_opt" "$srcdir/src/$prog.1" || missing="$missing $opt"
    done
    check_eq "$missing" "" "$prog: every option of --help is in $prog.1"
done

# The TSV example row of README.md is the first hit of its query.
artsearch --index "$WORK/idx" 'strategic autonomy' | head -1 >first
for col in 1 2 3 4 6 7 9; do
    val=$(cut -f"$col" first)
    row=$(grep "^| $col | " "$readme" | head -1)
    case "$row" in
    *"| \`$val\`"*) pass "README.md's TSV example, column $col: $val" ;;
    *) fail "README.md's TSV example, column $col" "hit: $val" "README: $row" ;;
    esac
done

# README.md's "How it is built" names every module (each header of src/).
for h in "$srcdir"/src/*.h; do
    h=src/${h##*/}
    check_grep "^| \`$h\`" "$readme" "README.md's module table has $h"
done

# artsearch --help names every operator of the query syntax.
run artsearch --help
for op in AND OR NOT NEAR/5 NEAR ADJ '~word' 'w\*' 'title:' 'tag:' 'date:'; do
    check_grep "$op" out "artsearch --help names $op"
done

# The man pages render without a troff warning (a line starting with a
# dot or a quote is read as a macro call, and its text lost).
for page in artsearch artsearch-index; do
    groff -man -ww -z "$srcdir/src/$page.1" >groff.err 2>&1
    check_eq "$(cat groff.err)" "" "$page.1: groff -ww gives no warning"
done

finish
