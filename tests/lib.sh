# lib.sh - helpers for the shell tests (sourced, POSIX sh).
#
# Each test sources this file, works in a fresh temporary directory (never
# in index/ or corpus/), reports "ok N - what" / "not ok N - what" lines
# and exits non-zero when any check failed.

set -u

: "${srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
FIXTURES="$srcdir/tests/fixtures"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/artsearch-test.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT INT TERM
cd "$WORK" || exit 99
unset ARTSEARCH_INDEX NO_COLOR

# need TOOL PACKAGE: stop the test (a hard error, not a failed check)
# when a tool it uses is not installed.
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "Bail out! the tests need $1: install the Debian package $2" \
        "(.ci/install-deps installs every tool they use)"
    exit 99
}
need jq jq

n_checks=0
n_failed=0

pass() {
    n_checks=$((n_checks + 1))
    echo "ok $n_checks - $1"
}

fail() {
    n_checks=$((n_checks + 1))
    n_failed=$((n_failed + 1))
    echo "not ok $n_checks - $1"
    shift
    for line in "$@"; do
        printf '#   %s\n' "$line"
    done
}

# run CMD...: run a command, keeping stdout in $WORK/out, stderr in
# $WORK/err and its exit status in $status.
run() {
    "$@" >"$WORK/out" 2>"$WORK/err"
    status=$?
}

# run_until_refused CMD...: run CMD as run does, every 0.2 s until it
# fails (at most 50 times): for a command that another process, just
# started, is about to keep out.
run_until_refused() {
    tries=0
    while [ $tries -lt 50 ]; do
        sleep 0.2
        run "$@"
        [ $status -ne 0 ] && break
        tries=$((tries + 1))
    done
}

# set_as_nobody: $as_nobody becomes a command prefix that runs a program
# without root's rights: setpriv as nobody when the test runs as root
# ($WORK opened to nobody), env otherwise; empty when nobody cannot run
# the build's programs (a build under a private directory).
set_as_nobody() {
    as_nobody=env
    [ "$(id -u)" = 0 ] || return 0
    as_nobody=
    chmod 755 "$WORK"
    nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
    if $nobody artsearch-index --version >/dev/null 2>&1; then
        as_nobody=$nobody
    fi
}

# check_status WANT WHAT: the last run exited with WANT.
check_status() {
    if [ "$status" -eq "$1" ]; then
        pass "$2"
    else
        fail "$2" "exit status $status, expected $1" \
            "stderr: $(head -c 400 "$WORK/err")"
    fi
}

# check_eq GOT WANT WHAT
check_eq() {
    if [ "$1" = "$2" ]; then
        pass "$3"
    else
        fail "$3" "got:      $1" "expected: $2"
    fi
}

# check_grep PATTERN FILE WHAT: FILE has a line matching PATTERN (grep -E).
check_grep() {
    if grep -Eq -- "$1" "$2"; then
        pass "$3"
    else
        fail "$3" "no line matches /$1/ in:" "$(head -c 600 "$2")"
    fi
}

# check_no_grep PATTERN FILE WHAT: FILE can be read and no line of it
# matches PATTERN.
check_no_grep() {
    grep -Eq -- "$1" "$2" 2>"$WORK/grep.err"
    case $? in
    0) fail "$3" "unexpected match of /$1/:" "$(grep -E -- "$1" "$2" | head -3)" ;;
    1) pass "$3" ;;
    *) fail "$3" "cannot search $2: $(cat "$WORK/grep.err")" ;;
    esac
}

# column N: the Nth tab-separated column of $WORK/out, one per line.
column() {
    cut -f"$1" "$WORK/out"
}

# build_fixture NAME [DIR]: index tests/fixtures/NAME into DIR (default
# $WORK/idx) quietly; fails the whole test if indexing fails.
build_fixture() {
    if ! artsearch-index -q --index "${2:-$WORK/idx}" "$FIXTURES/$1" \
        2>"$WORK/build.err"; then
        echo "Bail out! indexing fixture $1 failed: $(cat "$WORK/build.err")"
        exit 99
    fi
}

# finish: print the plan and exit with the result.
finish() {
    echo "1..$n_checks"
    echo "# $((n_checks - n_failed)) passed, $n_failed failed"
    [ "$n_failed" -eq 0 ]
    exit $?
}
