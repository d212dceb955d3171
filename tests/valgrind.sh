#!/bin/sh
# valgrind.sh - run the unit tests and command-line tests under valgrind
# memcheck; fail on any memory error or definite leak.
#
# Usage (from the build directory): tests/valgrind.sh
# The programs the shell tests call are replaced by wrappers that run the
# real ones under valgrind, each process writing its own log.  The tests
# run $VALGRIND_JOBS at a time (default: the number of processors), the
# largest first; most of their time is valgrind starting each process
# (about a second each).  Every unit suite runs; of the command-line tests,
# those $VALGRIND_TESTS names (t-NAME, space-separated; default: all of
# them).
set -u
top=$(pwd)
srcdir=${srcdir:-$top}
logs="$top/tests/valgrind-logs"
bin="$top/tests/valgrind-bin"

vg="valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite"
# (without the inlined frames in its reports, a process starts in half the
# time; run a failing test again without this to see them)
vg="$vg --read-inline-info=no"
vg="$vg --suppressions=$srcdir/tests/valgrind.supp"
vg="$vg --error-exitcode=99 --track-fds=no --log-file=$logs/%p.log"

# valgrind.sh --one TEST: run one test (a Check program or a t-*.sh).
if [ $# -eq 2 ] && [ "$1" = --one ]; then
    t=$2
    name=$(basename "$t")
    started=$(date +%s)
    case "$t" in
    *.sh)
        PATH="$bin:$PATH" srcdir="$srcdir" LC_ALL=C.UTF-8 \
            ARTSEARCH_TEST_ARTICLES=600 ARTSEARCH_TEST_VALGRIND=1 \
            sh "$t" >"$logs/$name.out" 2>&1
        ;;
    *) CK_FORK=no $vg "./$t" >"$logs/$name.out" 2>&1 ;;
    esac
    st=$?
    took="$(($(date +%s) - started)) s"
    if [ $st -eq 0 ]; then
        echo "valgrind: $name ok ($took)"
        exit 0
    fi
    echo "valgrind: $name FAILED after $took (see $logs)"
    grep '^not ok' "$logs/$name.out" | head -5
    exit 1
fi

rm -rf "$logs" "$bin"
mkdir -p "$logs" "$bin"
for prog in artsearch artsearch-index; do
    cat >"$bin/$prog" <<WRAP
#!/bin/sh
exec $vg "$top/src/$prog" "\$@"
WRAP
    chmod +x "$bin/$prog"
done

jobs=${VALGRIND_JOBS:-$(nproc 2>/dev/null || echo 2)}
failed=0
shells=
for t in ${VALGRIND_TESTS:-all}; do
    case "$t" in
    all) shells="$srcdir/tests/t-*.sh" ;;
    *) shells="$shells $srcdir/tests/$t.sh" ;;
    esac
done
for t in $shells; do
    if [ ! -f "$t" ]; then
        echo "valgrind: no such test: $t" >&2
        exit 1
    fi
done
{
    ls -S $shells
    for t in tests/check_*; do
        case "$t" in *.c | *.o | *.log | *.trs) continue ;; esac
        [ -x "$t" ] && echo "$t"
    done
} | tr '\n' '\0' |
    xargs -0 -P "$jobs" -n 1 sh "$srcdir/tests/valgrind.sh" --one || failed=1

bad=$(grep -lE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]' "$logs"/*.log \
    2>/dev/null)
if [ -n "$bad" ]; then
    echo "valgrind: memory errors or definite leaks in:"
    for f in $bad; do
        echo "== $f"
        head -40 "$f"
    done
    failed=1
fi
n=$(ls "$logs"/*.log 2>/dev/null | wc -l)
if [ $failed -eq 0 ]; then
    echo "valgrind: $n processes, 0 errors, no definite leaks"
    echo "valgrind: ok"
fi
exit $failed
