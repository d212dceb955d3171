#!/bin/sh
# t-hardening.sh - terminal safety (one check per kind of control
# sequence) and the limits that keep one bad input from taking the machine.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# no_controls FILE: FILE has no C0 control byte but tab and newline, no
# DEL and no C1 control (U+0080..U+009F, UTF-8 C2 80..C2 9F).
no_controls() {
    [ "$(tr -cd '\000-\010\013-\037\177' <"$1" | wc -c)" -eq 0 ] &&
        ! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1"
}

i=0
for case in \
    "ANSI colour (CSI):\033[31mred\033[0m" \
    "ANSI cursor movement:\033[2J\033[H" \
    "OSC title with BEL:\033]0;pwned\007" \
    "OSC hyperlink with ST:\033]8;;http://x\033\\\\link\033]8;;\033\\\\" \
    "carriage return:over\rwrite" \
    "backspace:back\010\010space" \
    "DEL:del\177ete" \
    "C1 CSI:\302\23331m" \
    "bell and form feed:\007\014"; do
    i=$((i + 1))
    name=${case%%:*}
    bytes=${case#*:}
    mkdir -p "c$i"
    printf "Title: Case $i $bytes title\nAuthor: Eve $bytes\n\nThe harbour $bytes text.\n" \
        >"c$i/case.txt"
    run artsearch-index -q --index "idx$i" "c$i"
    check_status 0 "$name: indexed"
    artsearch --index "idx$i" --format text --color never harbour >text.out
    st_text=$?
    artsearch --index "idx$i" --format text --color always harbour >color.out
    st_color=$?
    artsearch --index "idx$i" --format tsv harbour >tsv.out
    artsearch --index "idx$i" --format json harbour >json.out
    check_eq "$st_text:$st_color" "0:0" "$name: text output, without and with colour: exit 0"
    if grep -q 'harbour' text.out && no_controls text.out; then
        pass "$name: text output is clean"; else
        fail "$name: text output is clean" "$(od -c text.out | head -5)"; fi
    # With colour, the only escapes are artsearch's own SGR sequences.
    sed 's/\x1b\[[0-9;]*m//g' color.out >color.stripped
    if grep -q 'harbour' color.stripped && no_controls color.stripped; then
        pass "$name: colour output only has its own escapes"; else
        fail "$name: colour output only has its own escapes" "$(od -c color.stripped | head -5)"; fi
    if no_controls tsv.out && [ "$(awk -F'\t' '{print NF}' tsv.out)" = 10 ]; then
        pass "$name: TSV is one clean line of 10 fields"; else
        fail "$name: TSV is one clean line of 10 fields" "$(od -c tsv.out | head -5)"; fi
    if jq -s -e '[.[] | select(.type=="hit") | .snippet | test("harbour")] |
            length == 1 and all' json.out >/dev/null &&
        no_controls json.out; then pass "$name: JSON parses and is clean"; else
        fail "$name: JSON parses and is clean" "$(head -c 300 json.out)"; fi
done

# Messages quote what they were given (a date, a query, a suggestion):
# its control characters are made harmless on stderr too.
run artsearch --index idx1 --since "$(printf '20\033[2J')" harbour
check_status 2 "a date with an escape: exit 2"
if no_controls err; then pass "... its error message is clean"; else
    fail "... its error message is clean" "$(od -c err | head -5)"; fi
printf 'harbuor\033=\n' | artsearch --index idx1 --batch >out 2>err
check_grep "did you mean: harbour" err "a query with an escape: a suggestion"
if no_controls err; then pass "... on a clean line"; else
    fail "... on a clean line" "$(od -c err | head -5)"; fi

# Text that reorders what the terminal shows (bidirectional overrides
# and isolates) is replaced in text output; marks stay.
mkdir bidi
printf 'Title: Fee \342\200\256eerf\342\200\254 notes\n\nThe harbour \342\201\246fee\342\201\251 is \342\200\217low.\n' \
    >bidi/a.txt
artsearch-index -q --index bidiidx bidi
artsearch --index bidiidx --format text --color never harbour >out
check_eq "$(LC_ALL=C grep -c "$(printf '\342\200[\252-\256]\|\342\201[\246-\251]')" out)" 0 \
    "bidirectional overrides and isolates: not in text output"
check_grep "$(printf '\342\200\217')low" out "... a right-to-left mark stays"

# -l -0 names each file with its own bytes, but not to a terminal.
if command -v script >/dev/null 2>&1; then
    mkdir named
    printf 'Title: Named\n\nThe harbour.\n' >"named/$(printf 'esc\033[31mred').txt"
    artsearch-index -q --index namedidx named
    script -qec "artsearch --index namedidx -l -0 harbour" /dev/null >tty.out
    tr -d '\r\000' <tty.out >tty.clean
    check_grep "named/esc.*red.txt" tty.clean "-l -0 to a terminal: the file named"
    if no_controls tty.clean; then pass "... without its control bytes"; else
        fail "... without its control bytes" "$(od -c tty.out | head -5)"; fi
    # -l and --list=ids to a terminal: a bidirectional override in a
    # name or id is replaced (to a pipe the name is the file's own).
    printf 'Title: Turned\n\nThe harbour.\n' >"named/$(printf 'a\342\200\256b').txt"
    artsearch-index -q --index namedidx named
    for list in -l --list=ids; do
        script -qec "artsearch --index namedidx $list harbour" /dev/null >tty.out
        check_eq "$(LC_ALL=C grep -c "$(printf '\342\200\256')" tty.out)" 0 \
            "$list to a terminal: no bidirectional override"
        check_grep "$(printf 'a\357\277\275b')" tty.out "... replaced by U+FFFD"
    done
    run artsearch --index namedidx -l harbour
    check_grep "$(printf 'named/a\342\200\256b.txt')" out "-l to a pipe: the name as it is"
    # --stats names the index the same way
    cp -R namedidx "$(printf 'idx\342\200\256cod.exe')"
    script -qec "artsearch --index '$(printf 'idx\342\200\256cod.exe')' --stats" \
        /dev/null >tty.out
    check_eq "$(LC_ALL=C grep -c "$(printf '\342\200\256')" tty.out)" 0 \
        "--stats to a terminal: no bidirectional override in the index name"
    check_grep "$(printf 'index\tidx\357\277\275cod.exe')" tty.out "... replaced by U+FFFD"
    artsearch --index "$(printf 'idx\342\200\256cod.exe')" --stats >out
    check_grep "$(printf 'index\tidx\342\200\256cod.exe')" out "--stats to a pipe: the name as it is"
    # Colour on a terminal, but not where TERM is empty, as where it is
    # unset or dumb.
    for term in xterm '' dumb; do
        script -qec "TERM='$term' artsearch --index namedidx --format text harbour" \
            /dev/null >tty.out
        if [ "$term" = xterm ]; then want=1; else want=0; fi
        got=0
        LC_ALL=C grep -q "$(printf '\033\\[')" tty.out && got=1
        check_eq "$got" "$want" "text to a terminal, TERM='$term': colour $want"
    done
else
    echo "# skipped: script (util-linux) is not installed: -l -0 to a terminal"
fi

# Control characters are cleaned with a warning (once an article, at the
# first); tabs and CR LF line ends are white space, not worth one.
mkdir ctl
printf 'Title: Controls\r\n\r\nA\tharbour.\r\n\r\nBell \001 and \033[31mred\033[0m.\n' >ctl/esc.txt
printf 'Title: Plain\r\n\r\nA\tharbour\r\nwith tabs.\r\n' >ctl/plain.txt
run artsearch-index --index ctlidx ctl
check_status 0 "control characters in a body: indexed"
check_grep "esc.txt:5: 3 control characters replaced with spaces" err \
    "control characters in a body: one warning naming the line"
check_no_grep "plain.txt" err "tabs and CR LF: no warning"
check_grep ", 1 warning$" err "control characters: counted once"

# Limits.
mkdir lim
printf 'Title: Many words\n\n' >lim/many.txt
n=0
while [ $n -lt 1100 ]; do
    printf 'zword%04d ' $n
    n=$((n + 1))
done >>lim/many.txt
echo >>lim/many.txt
artsearch-index -q --index limidx lim
run artsearch --index limidx 'zword*'
check_status 2 "a wildcard matching over 1024 words: exit 2"
check_grep "a wildcard matches too many words \\(more than 1024\\): make it longer" err \
    "a wildcard matching too much: says what to do"
run artsearch --index limidx 'zword00*'
check_status 0 "a narrower wildcard works"
# The wildcards of one query stand for 8192 words at most in all: the
# same wildcard many times made the matcher take minutes and a gigabyte.
q=$(n=0; while [ $n -lt 9 ]; do printf 'zword0* OR '; n=$((n + 1)); done; printf 'zword0*')
run artsearch --index limidx -c "$q"
check_status 2 "ten wildcards of 1000 words each: exit 2"
check_grep "the query's wildcards stand for more than 8192 words in all: make them longer or fewer" err \
    "... says the bound"
run artsearch --index limidx -c 'zword0* OR zword1* OR zword00*'
check_eq "$(cat out)" "1" "wildcards within the bound: searched"
run artsearch --index limidx -c --similar "$(artsearch --index limidx --list=ids -n 1 'zword00*')" "$q"
check_status 2 "... and with --similar, the same bound"

long=$(head -c 9000 /dev/zero | tr '\000' 'a')
run artsearch --index limidx "$long"
check_status 2 "a query over 8 KiB: exit 2"
check_grep "the query is longer than 8192 bytes" err "a long query: says the limit"

{ printf 'Title: Huge\n\n'; head -c 1100000 /dev/zero | tr '\000' 'b'; printf ' harbour\n'; } \
    >lim/huge.txt
run artsearch-index --index hugeidx lim/huge.txt
check_status 0 "a paragraph over 1 MiB is indexed"
check_grep "huge.txt:3: paragraph of 1100008 bytes cut to 1048576 bytes" err \
    "an over-long paragraph: cut with a warning"

# A megabyte of one word repeated: Xapian 1.4.22 stores some such records
# so that they cannot be read back (the index then failed every search
# that read one: "Too few chunks of compressed data"); each is read back
# and stored again until it reads.
mkdir rep
# (two files under valgrind, where the memory checks are the point: each
# takes 17 s to index there)
names="filler f1 f2 f3 f4 f5 f6 f7"
[ -n "${ARTSEARCH_TEST_VALGRIND:-}" ] && names="filler f1"
nrep=$(echo $names | wc -w)
for name in $names; do
    { printf 'Title: Filler\n\n'; yes japan | head -c 1200000 | tr '\n' ' '; printf '\n\nJapan and America.\n'; } >rep/$name.txt
done
artsearch-index -q --index repidx rep 2>/dev/null
run artsearch --index repidx -n 100 japan
check_status 0 "repetitive megabyte paragraphs: every record reads back"
check_eq "$(wc -l <out)" "$((2 * nrep))" "... every paragraph found"
run artsearch --index repidx -l japan
check_eq "$(wc -l <out)" "$nrep" "... and listed"
# Compaction cuts items anew: merged shards (and a compacted index) are
# read back and mended from the databases they were made of.
artsearch-index -q --index repmerged --shards 2 --merge rep 2>/dev/null
run artsearch --index repmerged -n 100 japan
check_status 0 "repetitive paragraphs, shards merged: every record reads back"
check_eq "$(wc -l <out)" "$((2 * nrep))" "... every paragraph found"
artsearch-index -q --index repidx --compact rep 2>/dev/null
run artsearch --index repidx -n 100 japan
check_eq "$(wc -l <out)" "$((2 * nrep))" "... and compacted"

# A header value is indexed with every paragraph: one long Title must not
# multiply the work by the number of paragraphs.
awk 'BEGIN {
    printf "Title:"; for (i = 0; i < 20000; i++) printf " w%d", i; print ""
    print "Source: Wire"; print ""
    for (i = 0; i < 50; i++) { print "Harbour paragraph " i "."; print "" }
}' >lim/title.txt
run artsearch-index --index titleidx lim/title.txt
check_status 0 "an article with a Title over 4 KiB is indexed"
check_grep "title.txt:1: Title of 128889 bytes cut to 4094 bytes" err \
    "an over-long Title: cut with a warning"
run artsearch --index titleidx --format json -n 1 harbour
check_eq "$(jq -r 'select(.type=="hit") | (.title | length <= 4096 and endswith(" w839 w840")) and .source == "Wire"' out)" \
    true "the Title is cut between words, the next field kept"

# Highlighting a long phrase or a wide NEAR in a paragraph near the 1 MiB
# cap is bounded: it took minutes (NEAR/1000000) or gigabytes (a phrase of
# 2,700 words) for one hit.
mkdir -p mark
{ printf 'Title: Repeats\n\n'; yes ab | head -n 349000 | tr '\n' ' '; printf 'cd\n'; } >mark/rep.txt
run artsearch-index --index markidx mark
phrase="\"$(yes ab | head -n 2700 | tr '\n' ' ')\""
bound=""
if [ -z "${ARTSEARCH_TEST_VALGRIND:-}" ] &&
    (ulimit -v 1000000 && artsearch --version) >/dev/null 2>&1; then
    bound="ulimit -v 1000000 &&"
fi
for q in "ab NEAR/1000000 cd" "$phrase"; do
    sh -c "$bound exec timeout 60 artsearch --index markidx --format tsv \"\$1\"" sh "$q" \
        >out 2>err
    status=$?
    check_status 0 "a hit of ${#q} bytes of query in a paragraph of 1 MiB: highlighted in bounds"
    check_eq "$(column 3)" "rep" "... the hit printed"
done
# A match beyond the steps is not highlighted, and nothing else is in
# its place (not every word of the phrase wherever it stands). The phrase
# matches only at the end of the paragraph, about 350,000 words in; 200
# words are enough to take the steps long before that (2,700 are too, but
# Xapian itself then takes 9 s to match the phrase).
sh -c "$bound exec timeout 60 artsearch --index markidx --format json \"\$1\"" sh \
    "\"$(yes ab | head -n 200 | tr '\n' ' ')cd\"" >out 2>err
check_eq "$(jq -c 'select(.type == "hit") | .highlights' out)" "[]" \
    "a phrase matched beyond the steps: no word highlighted out of place"

finish
