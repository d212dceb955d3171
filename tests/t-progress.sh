#!/bin/sh
# t-progress.sh - artsearch-index's progress line on a terminal: every
# other line written while it is shown (a warning, a line of -v) starts on
# a clean line; where TERM is dumb no control sequence is sent; within a
# JSON Lines input it counts lines.  The terminal is script(1)'s; the
# first input is a FIFO that this script writes slowly, so that the
# progress line is drawn (after 0.2 s) before what follows it.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"

if ! command -v script >/dev/null 2>&1; then
    echo "# skipped: script (util-linux) is not installed"
    finish
fi

# on_terminal OUT FIFO FEED CMD: run CMD (a shell command) on a terminal
# of its own, its output in OUT, while FEED (a shell command) writes
# FIFO, which CMD reads.
on_terminal() {
    rm -f "$2"
    mkfifo "$2"
    script -qec "$4" /dev/null </dev/null >"$1" 2>&1 &
    term_pid=$!
    sh -c "$3" >"$2"
    wait $term_pid
    status=$?
}

# screen FILE: what FILE, written to a terminal, leaves on the screen, a
# line for each of its lines: a carriage return goes back to the start of
# the line, ESC [ K clears to its end, any other character is written over
# what was there; spaces at the end are dropped.
screen() {
    LC_ALL=C awk '{
        n = 0; col = 0; len = length($0)
        for (i = 1; i <= len; i++) {
            c = substr($0, i, 1)
            if (c == "\r") {
                col = 0
            } else if (c == "\033" && substr($0, i + 1, 2) == "[K") {
                n = col; i += 2
            } else {
                cell[col++] = c
                if (col > n) n = col
            }
        }
        line = ""
        for (k = 0; k < n; k++) line = line cell[k]
        sub(/ +$/, "", line)
        print line
    }' "$1"
}

one='{"id":"a1","title":"One","text":"Harbour tariffs."}'
slow="echo '$one'; sleep 0.6"
printf 'not json\n' >bad.jsonl
awk 'BEGIN { for (i = 2; i <= 700; i++)
    printf "{\"id\":\"b%d\",\"title\":\"T%d\",\"text\":\"Harbour %d.\"}\n", i, i, i
}' >many.jsonl

# --- a warning after the progress line --------------------------------------
on_terminal tty.out slow.fifo "$slow" \
    "artsearch-index --index warned --format jsonl slow.fifo bad.jsonl"
check_status 1 "a bad input on a terminal: exit 1"
check_grep 'artsearch-index: 1/2 files, [0-9]+ files/s' tty.out \
    "the progress line was drawn before the warning"
screen tty.out >screen.out
check_grep "^artsearch-index: warning: skipped bad.jsonl:1: invalid JSON" \
    screen.out "the warning starts on a clean line"
check_no_grep "files/s" screen.out "no progress text is left on the screen"

# --- -v after the progress line ---------------------------------------------
# 700 articles: the first 500 are committed, and listed, while the progress
# line of the FIFO (1/2 files) is shown.
on_terminal tty.out slow.fifo "$slow" \
    "artsearch-index -v --index listed --format jsonl slow.fifo many.jsonl"
check_status 0 "-v on a terminal: exit 0"
check_grep 'artsearch-index: 1/2 files, [0-9]+ files/s' tty.out \
    "the progress line was drawn before the list"
screen tty.out >screen.out
check_eq "$(grep -c '^new	b[0-9]*	many.jsonl$' screen.out)" 699 \
    "each line of -v stands on a line of its own"
check_no_grep "files/s" screen.out "no progress text is left on the screen"

# -v to a file, progress to the terminal: the list has no control
# sequence, and the progress line is left alone.
on_terminal tty.out slow.fifo "$slow" \
    "artsearch-index -v --index listed2 --format jsonl slow.fifo many.jsonl >list.out"
check_status 0 "-v to a file, progress on a terminal: exit 0"
check_eq "$(grep -c '^new	[ab][0-9]*	[a-z.]*$' list.out)" 700 \
    "the list in a file is the plain list"
check_no_grep "$(printf '\033')" list.out "... with no control sequence"

# --- TERM=dumb ----------------------------------------------------------------
on_terminal tty.out slow.fifo "$slow" \
    "TERM=dumb artsearch-index --index dumb --format jsonl slow.fifo bad.jsonl"
check_status 1 "TERM=dumb: exit 1"
check_grep 'artsearch-index: 1/2 files, [0-9]+ files/s' tty.out \
    "TERM=dumb: the progress line is drawn"
check_no_grep "$(printf '\033')" tty.out "TERM=dumb: no control sequence"
screen tty.out >screen.out
check_grep "^artsearch-index: warning: skipped bad.jsonl:1: invalid JSON" \
    screen.out "TERM=dumb: the warning starts on a clean line"
check_no_grep "files/s" screen.out \
    "TERM=dumb: the progress line is cleared with spaces"
on_terminal tty.out slow.fifo "$slow" \
    "unset TERM; artsearch-index --index noterm --format jsonl slow.fifo"
check_no_grep "$(printf '\033')" tty.out "TERM unset: no control sequence"

# --- within a JSON Lines input ----------------------------------------------
# Three lines, a pause, two more: the lines read are shown while the one
# input is read (a file's share of bytes too, see check_indexer).
for i in 1 2 3 4; do
    echo "{\"id\":\"f$i\",\"title\":\"F$i\",\"text\":\"Grain $i.\"}" >f$i.json
done
on_terminal tty.out feed.fifo \
    "cat f1.json; echo; cat f2.json; sleep 0.6; cat f3.json f4.json" \
    "artsearch-index --index fed --format jsonl feed.fifo"
check_grep 'artsearch-index: 0/1 files, 4 lines, [0-9]+ lines/s' tty.out \
    "JSON Lines: the lines read of the input being read"
screen tty.out >screen.out
check_no_grep "lines/s" screen.out "... cleared at the end"

# --- a narrow terminal ---------------------------------------------------------
# The line is cut to fewer columns than the terminal has: one as wide
# wraps, and each redraw would leave a line behind.
on_terminal tty.out feed.fifo \
    "cat f1.json; echo; cat f2.json; sleep 0.6; cat f3.json f4.json" \
    "stty cols 30 2>/dev/null; artsearch-index --index narrow --format jsonl feed.fifo"
check_grep 'artsearch-index: 0/1 files' tty.out "30 columns: the progress line is drawn"
check_eq "$(tr '\r' '\n' <tty.out | sed 's/\x1b\[K//g' |
    grep -E '^artsearch-index: [0-9]+/[0-9]+ files' | awk 'length($0) > 29' | wc -l)" 0 \
    "30 columns: no progress line is wider than 29"

finish
