#!/bin/sh
# valgrind.sh - run the unit tests and the command-line tests under
# valgrind memcheck; fail on any memory error or definite leak.
#
# Usage (from the build directory): tests/valgrind.sh
# The programs the shell tests call are replaced by wrappers that run the
# real ones under valgrind, each process writing its own log.
set -u
top=$(pwd)
srcdir=${srcdir:-$top}
logs="$top/tests/valgrind-logs"
bin="$top/tests/valgrind-bin"
rm -rf "$logs" "$bin"
mkdir -p "$logs" "$bin"

vg="valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite"
vg="$vg --suppressions=$srcdir/tests/valgrind.supp"
vg="$vg --error-exitcode=99 --track-fds=no --log-file=$logs/%p.log"
for prog in artsearch artsearch-index; do
    cat >"$bin/$prog" <<WRAP
#!/bin/sh
exec $vg "$top/src/$prog" "\$@"
WRAP
    chmod +x "$bin/$prog"
done

failed=0
for t in tests/check_*; do
    case "$t" in *.c|*.o|*.log|*.trs) continue ;; esac
    [ -x "$t" ] || continue
    if CK_FORK=no $vg "./$t" >"$logs/$(basename "$t").out" 2>&1; then
        echo "valgrind: $t ok"
    else
        echo "valgrind: $t FAILED (see $logs)"
        failed=1
    fi
done
for t in "$srcdir"/tests/t-*.sh; do
    if PATH="$bin:$PATH" srcdir="$srcdir" LC_ALL=C.UTF-8 \
        ARTSEARCH_TEST_ARTICLES=600 sh "$t" \
        >"$logs/$(basename "$t").out" 2>&1; then
        echo "valgrind: $(basename "$t") ok"
    else
        echo "valgrind: $(basename "$t") FAILED (see $logs)"
        grep '^not ok' "$logs/$(basename "$t").out" | head -5
        failed=1
    fi
done
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
