#!/bin/sh
# run.sh - build the libFuzzer targets of artsearch and fuzz each one.
#
# Usage: tests/fuzz/run.sh [SECONDS_PER_TARGET]     (default 30)
#        tests/fuzz/run.sh replay | merge
#
# Run from the top of the source tree, or set $srcdir to it.  Builds
# everything in ${FUZZ_BUILD:-build-fuzz} (relative to the source top
# unless absolute) with clang, without the autotools build: the library
# sources with -fsanitize=fuzzer-no-link,address,undefined, each
# tests/fuzz/fuzz_*.c linked with -fsanitize=fuzzer,address,undefined.
# Each target then runs over a copy of its seed corpus
# (tests/fuzz/corpus/NAME; the committed seeds never grow) for
# SECONDS_PER_TARGET.  "replay" runs every input of the seed corpus once
# and nothing else: the same inputs every time, so the result depends on
# the code alone (make check-all uses it; a search for new inputs does
# not repeat even with a fixed -seed).  "merge" copies the inputs of the
# last run's corpora ($FUZZ_BUILD/corpus/NAME) that reach code (edges)
# the seed corpus does not into tests/fuzz/corpus/NAME, to be committed.
# Prints one line per target and exits 1 if any target crashed (the crash
# files are listed), 2 on a usage or build error.
#
# Environment: CC, CXX (default clang, clang++), FUZZ_BUILD, FUZZ_TARGETS
# (space-separated subset, e.g. "query"), FUZZ_ARGS (more libFuzzer
# options), ASAN_OPTIONS / UBSAN_OPTIONS (defaults below).
set -u

usage() {
    echo "usage: $0 [SECONDS_PER_TARGET | replay | merge]" >&2
    exit 2
}
seconds=${1:-30}
case $seconds in
replay | merge) ;;
'' | *[!0-9]* | 0) usage ;;
esac
[ $# -le 1 ] || usage

top=${srcdir:-.}
if [ ! -f "$top/src/xapian-shim.cc" ] || [ ! -d "$top/tests/fuzz" ]; then
    echo "$0: run from the top of the artsearch source tree (or set srcdir)" >&2
    exit 2
fi
top=$(cd "$top" && pwd) || exit 2
build=${FUZZ_BUILD:-build-fuzz}
case $build in
/*) ;;
*) build=$top/$build ;;
esac

CC=${CC:-clang}
CXX=${CXX:-clang++}
targets=${FUZZ_TARGETS:-"article jsonl query printer"}

for tool in "$CC" "$CXX" pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "$0: $tool not found" >&2
        exit 2
    }
done
deps_cflags=$(pkg-config --cflags xapian-core jansson) || exit 2
deps_libs=$(pkg-config --libs xapian-core jansson) || exit 2

mkdir -p "$build/obj" "$build/bin" "$build/logs" "$build/crashes" || exit 2

# A minimal config.h instead of configure's: PACKAGE_NAME and
# PACKAGE_VERSION from AC_INIT, and every other AC_DEFINE of configure.ac
# (STEMMER_VERSION, ...) with a stand-in value: "unknown" for strings,
# the number for numbers.
version=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' \
    "$top/configure.ac" 2>/dev/null | head -n 1)
[ -n "$version" ] || version=unknown
config=$build/config.h
{
    echo "/* config.h for the fuzz build, written by tests/fuzz/run.sh */"
    echo "#define PACKAGE \"artsearch\""
    echo "#define PACKAGE_NAME \"artsearch\""
    echo "#define PACKAGE_VERSION \"$version\""
    echo "#define PACKAGE_STRING \"artsearch $version\""
    sed -n 's/^[[:space:]]*AC_DEFINE\(_UNQUOTED\)\{0,1\}(\[\([A-Za-z_][A-Za-z0-9_]*\)\], *\(.*\)$/\2 \3/p' \
        "$top/configure.ac" 2>/dev/null |
        while read -r name value; do
            case $value in
            \[\"*) echo "#define $name \"unknown\"" ;;
            \[[0-9]*\]*)
                number=${value%%]*}
                echo "#define $name ${number#?}"
                ;;
            esac
        done
    echo "#ifndef _GNU_SOURCE"
    echo "# define _GNU_SOURCE 1"
    echo "#endif"
} >"$config.tmp"
if cmp -s "$config.tmp" "$config"; then
    rm -f "$config.tmp"
else
    mv "$config.tmp" "$config"
fi

san="-fsanitize=fuzzer-no-link,address,undefined"
cflags="-std=c11 -g -O1 $san -D_GNU_SOURCE -I$top/src -I$build"
cxxflags="-std=c++11 -g -O1 $san -D_GNU_SOURCE -I$top/src -I$build"

# True when obj ($1) is missing or older than its source ($2), config.h or
# a header of src/.
stale() {
    [ -f "$1" ] || return 0
    for dep in "$2" "$config" "$top"/src/*.h "$top"/src/*.hh; do
        [ "$dep" -nt "$1" ] && return 0
    done
    return 1
}

compile() { # LANG SRC OBJ
    stale "$3" "$2" || return 0
    echo "  ${1}  ${2#"$top"/}"
    if [ "$1" = CXX ]; then
        # shellcheck disable=SC2086
        $CXX $cxxflags $deps_cflags -c "$2" -o "$3" || return 1
    else
        # shellcheck disable=SC2086
        $CC $cflags $deps_cflags -c "$2" -o "$3" || return 1
    fi
}

echo "building in $build"
lib_objs=
for src in "$top"/src/*.c; do
    case ${src##*/} in artsearch.c | artsearch-index.c) continue ;; esac
    obj=$build/obj/$(basename "$src" .c).o
    compile CC "$src" "$obj" || exit 2
    lib_objs="$lib_objs $obj"
done
for src in "$top"/src/xapian-shim*.cc; do
    obj=$build/obj/$(basename "$src" .cc).o
    compile CXX "$src" "$obj" || exit 2
    lib_objs="$lib_objs $obj"
done

for t in $targets; do
    src=$top/tests/fuzz/fuzz_$t.c
    [ -f "$src" ] || {
        echo "$0: no target $src" >&2
        exit 2
    }
    compile CC "$src" "$build/obj/fuzz_$t.o" || exit 2
    bin=$build/bin/fuzz_$t
    relink=0
    [ -f "$bin" ] || relink=1
    for obj in $lib_objs "$build/obj/fuzz_$t.o"; do
        [ "$obj" -nt "$bin" ] && relink=1
    done
    if [ $relink = 1 ]; then
        echo "  LINK fuzz_$t"
        # shellcheck disable=SC2086
        $CXX -fsanitize=fuzzer,address,undefined -o "$bin" \
            "$build/obj/fuzz_$t.o" $lib_objs $deps_libs -lstemmer \
            -lunistring || exit 2
    fi
done

# Undefined behaviour stops the run like a crash; leaks are reported.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp:print_suppressions=0}
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
# Symbolised stacks: clang's llvm-symbolizer is often not on PATH.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] &&
    ! command -v llvm-symbolizer >/dev/null 2>&1; then
    ccpath=$(command -v "$CC")
    ccdir=$(dirname "$(readlink -f "$ccpath" 2>/dev/null || echo "$ccpath")")
    if [ -x "$ccdir/llvm-symbolizer" ]; then
        ASAN_SYMBOLIZER_PATH=$ccdir/llvm-symbolizer
        export ASAN_SYMBOLIZER_PATH
    fi
fi

failed=0
for t in $targets; do
    bin=$build/bin/fuzz_$t
    corpus=$build/corpus/$t
    log=$build/logs/fuzz_$t.log
    artifacts=$build/crashes/$t
    if [ "$seconds" = merge ]; then
        [ -d "$corpus" ] || {
            echo "fuzz $t: no corpus of a run in $corpus" >&2
            exit 2
        }
        before=$(find "$top/tests/fuzz/corpus/$t" -type f | wc -l)
        # Edges alone (no hit counts): a few inputs per new edge.
        "$bin" -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=2048 \
            "$top/tests/fuzz/corpus/$t" "$corpus" >"$log" 2>&1 </dev/null || {
            echo "fuzz $t: merge FAILED; log: $log"
            failed=1
            continue
        }
        after=$(find "$top/tests/fuzz/corpus/$t" -type f | wc -l)
        echo "fuzz $t: $((after - before)) inputs merged into tests/fuzz/corpus/$t"
        continue
    fi
    rm -rf "$artifacts"
    mkdir -p "$artifacts" || exit 2
    if [ "$seconds" = replay ]; then
        # Each committed input once, in name order (libFuzzer runs the
        # files given; the log names the one that failed).
        # shellcheck disable=SC2086
        "$bin" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" \
            ${FUZZ_ARGS:-} "$top/tests/fuzz/corpus/$t"/* >"$log" 2>&1 </dev/null
        rc=$?
        runs=$(grep -c '^Executed ' "$log")
        rate=
        what="inputs replayed"
        found=
        [ $rc -eq 0 ] || found=$(sed -n 's/^Running: //p' "$log" | tail -n 1)
    else
        rm -rf "$corpus"
        mkdir -p "$corpus" || exit 2
        cp "$top/tests/fuzz/corpus/$t"/* "$corpus"/ 2>/dev/null
        dict=
        [ -f "$top/tests/fuzz/$t.dict" ] && dict=-dict=$top/tests/fuzz/$t.dict
        # shellcheck disable=SC2086
        "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$artifacts/" $dict \
            ${FUZZ_ARGS:-} "$corpus" >"$log" 2>&1 </dev/null
        rc=$?
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
            tail -n 1)
        [ -n "$runs" ] || runs=$(sed -n \
            's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$log" | tail -n 1)
        [ -n "$runs" ] || runs=0
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
        what=runs
        found=$(find "$artifacts" -type f | sort)
    fi
    if [ $rc -eq 0 ] && [ -z "$found" ]; then
        echo "fuzz $t: $runs $what${rate:+ ($rate/s)}, ok"
        continue
    fi
    failed=1
    echo "fuzz $t: FAILED (exit $rc) after $runs $what; log: $log"
    grep -aE '^(==[0-9]+==ERROR|SUMMARY|.*runtime error:|fuzz_[a-z]+: )' \
        "$log" | head -n 5 | sed 's/^/    /'
    if [ -n "$found" ]; then
        echo "$found" | sed 's/^/    input: /'
        echo "    reproduce: $bin FILE"
    fi
done
exit $failed
