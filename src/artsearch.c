/* artsearch.c - the query tool: options, search, output, exit status.
 *
 * Owns: the command line of artsearch (the option table below), batch
 * mode and the output modes (-c, -l, -q).  Search is xapian-shim.h's,
 * output is printer.h's, exit codes are cli.h's.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "printer.h"
#include "text.h"
#include "xapian-shim.h"

enum {
    OPT_ANY = 256,
    OPT_AUTHOR,
    OPT_SOURCE,
    OPT_TAG,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_OFFSET,
    OPT_FORMAT,
    OPT_COLOR,
    OPT_INDEX,
    OPT_SORT,
    OPT_STRICT,
    OPT_STATS,
    OPT_ARTICLES,
    OPT_PER_ARTICLE,
    OPT_SIMILAR,
    OPT_SYNONYMS,
    OPT_EXPLAIN,
    OPT_BATCH,
    OPT_FACETS,
    OPT_TIMEOUT,
    OPT_ALLOW_PARTIAL,
    OPT_TIMING,
    OPT_RANKING,
    OPT_FULL
};

static const struct option options[] = {
    {"any", no_argument, NULL, OPT_ANY},
    {"author", required_argument, NULL, OPT_AUTHOR},
    {"source", required_argument, NULL, OPT_SOURCE},
    {"tag", required_argument, NULL, OPT_TAG},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"limit", required_argument, NULL, 'n'},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"sort", required_argument, NULL, OPT_SORT},
    {"articles", no_argument, NULL, OPT_ARTICLES},
    {"per-article", required_argument, NULL, OPT_PER_ARTICLE},
    {"similar", required_argument, NULL, OPT_SIMILAR},
    {"synonyms", no_argument, NULL, OPT_SYNONYMS},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"full", no_argument, NULL, OPT_FULL},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"null", no_argument, NULL, '0'},
    {"count", no_argument, NULL, 'c'},
    {"list", optional_argument, NULL, 'l'},
    {"quiet", no_argument, NULL, 'q'},
    {"batch", optional_argument, NULL, OPT_BATCH},
    {"facets", required_argument, NULL, OPT_FACETS},
    {"timing", no_argument, NULL, OPT_TIMING},
    {"ranking", required_argument, NULL, OPT_RANKING},
    {"index", required_argument, NULL, OPT_INDEX},
    {"stats", no_argument, NULL, OPT_STATS},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *out)
{
    fputs(
        "Usage: artsearch [OPTION]... QUERY...\n"
        "Rank the paragraphs of an article collection for QUERY (BM25).\n"
        "Query: words (all must match), \"a phrase\", AND OR NOT ( ) +w -w\n"
        "  a NEAR b, a NEAR/5 b, a ADJ b, w*, ~word (synonyms)\n"
        "  title: author: source: tag: date:2024..2025-06\n"
        "Matching:\n"
        "  --any              any word instead of all   --strict   fail on\n"
        "  --synonyms         expand every word            a syntax error\n"
        "  --similar ID[:N]   paragraphs like article ID (or its paragraph N)\n"
        "Filters (whole values, any case; repeated: any of them):\n"
        "  --author NAME  --source NAME  --tag TAG\n"
        "  --since DATE  --until DATE    (YYYY, YYYY-MM or YYYY-MM-DD;\n"
        "                                 repeated: the last one)\n"
        "Results:\n"
        "  -n, --limit N      hits to show (default 10)   --offset N  skip N\n"
        "  --sort ORDER       relevance (default), newest or oldest\n"
        "  --ranking MODE     default (BM25 + stopwords, title, feedback), "
        "bm25,\n"
        "                     or extras: stopwords,title,feedback\n"
        "  --articles         one hit per article, with its matching count\n"
        "  --per-article N    at most N paragraphs per article\n"
        "  --facets LIST      counts per author,source,year\n"
        "  --explain          the parsed query and each hit's matched terms\n"
        "Output:\n"
        "  --format FORMAT    text (terminal default), tsv (else) or json\n"
        "  --color WHEN       auto (default), always or never\n"
        "  --full             whole paragraphs instead of snippets\n"
        "  -c, --count        only the number of matching paragraphs\n"
        "  -l, --list[=ids]   only the files (or article ids) that match\n"
        "  -q, --quiet        nothing; the exit status says if anything "
        "matched\n"
        "  -0, --null         end records with NUL instead of newline\n"
        "  --batch[=FILE]     one query per line of FILE (default stdin)\n"
        "  --timing           each query's time, search and output, on "
        "stderr\n"
        "Index:\n"
        "  --index DIR        default $ARTSEARCH_INDEX, else ./index; repeat\n"
        "                     to search several (or tcp://HOST:PORT) as one\n"
        "  --timeout SECONDS  bound on each call to a remote shard (10)\n"
        "  --allow-partial    search the shards that answer, with a warning\n"
        "  --stats            describe the index\n"
        "  -h, --help  -V, --version\n"
        "Exit status: 0 hits found, 1 no hits, 2 error.\n",
        out);
}

/* The largest --limit, --offset and --per-article. */
#define MAX_COUNT 100000000

/* Parse a count from 0 to MAX_COUNT, digits only; 0 on junk (strtoull
 * would take a sign or blanks before them, and -n ' 5' pass where
 * -n '5 ' does not). */
static int parse_count(const char *s, size_t *out)
{
    char *end;
    unsigned long long v;

    if (!s || *s < '0' || *s > '9')
        return 0;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v > MAX_COUNT)
        return 0;
    *out = (size_t)v;
    return 1;
}

static int parse_date_option(const char *opt, const char *value, int last,
                             long *out)
{
    as_date_t d;
    const char *why;

    if (as_date_parse(value, &d, &why) != AS_OK) {
        as_cli_error("invalid %s date '%s': %s", opt, value, why);
        return 0;
    }
    *out = last ? as_date_last_day(&d) : as_date_first_day(&d);
    return 1;
}

/* A filter's value must name something: an empty one would silently
 * match nothing (as tag:"" in a query is an error). */
static int filter_value(const char *opt, const char *what, const char *value)
{
    if (value[strspn(value, " \t")] != '\0')
        return 1;
    as_cli_error("%s needs a value: give %s %s", opt, opt, what);
    return 0;
}

/* Append s to the growable list *list of *n strings. */
static int push(const char ***list, size_t *n, const char *s)
{
    const char **grown = realloc(*list, (*n + 1) * sizeof **list);

    if (!grown) {
        as_cli_error("out of memory");
        return 0;
    }
    grown[(*n)++] = s;
    *list = grown;
    return 1;
}

static int terminal_width(void)
{
    struct winsize ws;
    const char *columns = getenv("COLUMNS");

    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    if (columns && atoi(columns) > 0)
        return atoi(columns);
    return 80;
}

/* The query: the remaining arguments joined by spaces. */
static char *join_args(int argc, char **argv, const char *sep)
{
    size_t len = 1;
    char *q;

    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + strlen(sep);
    q = malloc(len);
    if (!q)
        return NULL;
    q[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(q, sep);
        strcat(q, argv[i]);
    }
    return q;
}

/* What the command line asked for, beyond the search itself. */
typedef enum mode {
    MODE_HITS,  /* hits through the printer */
    MODE_COUNT, /* -c */
    MODE_LIST,  /* -l */
    MODE_QUIET  /* -q */
} mode_t_;

typedef struct run {
    as_index_t *index;
    const char *path;
    size_t missing_told; /* shards left out that were warned about */
    as_printer_t printer;
    mode_t_ mode;
    int list_ids;
    int batch;
    int explain;
    int facets;
    int timing;
    int write_failed; /* a write to stdout failed: stop the batch */
} run_t;

/* The names a list (-l) has printed for one query: several articles can
 * share a file (JSON Lines input), and -l names each file once.  An open
 * addressing hash set of copies, at most half full. */
typedef struct name_set {
    char **slots;
    size_t size; /* a power of two, or 0 */
    size_t count;
} name_set_t;

static size_t name_hash(const char *s)
{
    size_t h = 14695981039346656037u; /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Add a copy of name; 1 if it is new, 0 if it was there, -1 when out of
 * memory. */
static int name_set_add(name_set_t *set, const char *name)
{
    size_t i;

    if (2 * (set->count + 1) > set->size) {
        size_t size = set->size ? 2 * set->size : 64;
        char **slots = calloc(size, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t k = 0; k < set->size; k++) {
            if (!set->slots[k])
                continue;
            i = name_hash(set->slots[k]) & (size - 1);
            while (slots[i])
                i = (i + 1) & (size - 1);
            slots[i] = set->slots[k];
        }
        free(set->slots);
        set->slots = slots;
        set->size = size;
    }
    for (i = name_hash(name) & (set->size - 1); set->slots[i];
         i = (i + 1) & (set->size - 1))
        if (strcmp(set->slots[i], name) == 0)
            return 0;
    set->slots[i] = strdup(name);
    if (!set->slots[i])
        return -1;
    set->count++;
    return 1;
}

static void name_set_free(name_set_t *set)
{
    for (size_t i = 0; i < set->size; i++)
        free(set->slots[i]);
    free(set->slots);
}

/* What names a file for -l: the file itself when it is there (the
 * articles of one JSON Lines file may have it as two runs spelled it,
 * "f.jsonl" and "./f.jsonl"), else its name. */
static const char *file_key(const char *file, char *buf, size_t size)
{
    struct stat st;

    if (strcmp(file, "-") == 0 || stat(file, &st) != 0)
        return file;
    snprintf(buf, size, "\001%ju:%ju", (uintmax_t)st.st_dev,
             (uintmax_t)st.st_ino);
    return buf;
}

/* Print the list of one query (-l): its articles come one each, best
 * first (main() asks for one hit per article), and a file shared by
 * several is printed for the best.  Returns 0, or -1 when out of memory. */
static int print_list(run_t *run, as_hits_t *hits)
{
    /* (names as recorded, so that a file is looked at once: the
     * articles of a JSON Lines file share it) */
    name_set_t files = {NULL, 0, 0}, names = {NULL, 0, 0};
    const as_hit_t *hit;
    int rc = 0;

    while (rc == 0 && !as_cli_stdout_failed() &&
           (hit = as_hits_next(hits)) != NULL) {
        const as_record_t *r = hit->record;
        char key[64];
        int added = 1;
        if (!run->list_ids && *r->file &&
            (added = name_set_add(&names, r->file)) > 0)
            added = name_set_add(&files, file_key(r->file, key, sizeof key));
        if (added > 0)
            as_printer_list(&run->printer, r->id, r->file, run->list_ids);
        else if (added < 0)
            rc = -1;
    }
    name_set_free(&files);
    name_set_free(&names);
    return rc;
}

/* A query of a batch failed, and the message on stderr said why: answer
 * it on stdout all the same (prefix and detail make the message), so that
 * a program reading the answers through a pipe is never left waiting for
 * this one.  Returns AS_EXIT_ERROR. */
static int answer_error(run_t *run, const char *prefix, const char *detail)
{
    size_t len = strlen(prefix) + strlen(detail) + 1;
    char *message;

    if (!run->batch || run->mode == MODE_QUIET)
        return AS_EXIT_ERROR;
    message = malloc(len);
    if (message)
        snprintf(message, len, "%s%s", prefix, detail);
    as_printer_error(&run->printer, message ? message : "out of memory",
                     run->mode == MODE_COUNT);
    free(message);
    return AS_EXIT_ERROR;
}

/* Opening the indexes[0..n) named together as path failed with rc and
 * errmsg: say why, naming the one at fault when one of several cannot be
 * opened alone ("no index at typo", not at all of them). */
static void open_failed(const char *const *indexes, size_t n,
                        const as_open_opts_t *oo, const char *path,
                        as_status_t rc, const char *errmsg)
{
    const int local = rc == AS_ERR_NO_INDEX || rc == AS_ERR_CORRUPT;
    /* Alone, remote shards (tcp://, or listed by a stub) are left out at
     * once: not the ones at fault (their errors name them), and not
     * waited for again. */
    as_open_opts_t quick = *oo;
    quick.timeout_ms = 1;
    quick.allow_partial = 1;

    for (size_t i = 0; rc == AS_ERR_NO_INDEX && i < n; i++)
        if (as_cli_lost_stub(indexes[i], 1, NULL))
            return;
    for (size_t i = 0; local && n > 1 && i < n; i++) {
        as_index_t *one = NULL;
        char *why = NULL;
        as_status_t alone = as_index_open_with(&indexes[i], 1, AS_INDEX_READ,
                                               NULL, &quick, &one, &why);
        as_index_close(one);
        if (alone != AS_OK && alone != AS_ERR_REMOTE) {
            as_cli_index_error(indexes[i], alone, why);
            free(why);
            return;
        }
        free(why);
    }
    as_cli_index_error(path, rc, errmsg);
}

/* A query failed with rc (where: "query N: " in a batch, else ""): say
 * why on stderr, and in a batch on stdout too.  Returns AS_EXIT_ERROR. */
static int query_failed(run_t *run, const char *where, as_status_t rc)
{
    const char *msg = as_index_errmsg(run->index);

    if (rc == AS_ERR_QUERY) {
        as_cli_error("%sbad query: %s", where, msg);
        return answer_error(run, "bad query: ", msg);
    }
    if (rc == AS_ERR_USAGE) {
        as_cli_error("%s%s", where, msg);
        return answer_error(run, "", msg && *msg ? msg : as_status_str(rc));
    }
    /* the same message in the answer as on stderr */
    char *told = as_cli_index_message(run->path, rc, msg);
    as_cli_error("%s%s", where, told ? told : "out of memory");
    answer_error(run, "", told ? told : "out of memory");
    free(told);
    return AS_EXIT_ERROR;
}

/* The hits of a query stopped short (the index changed under a long
 * list): what was printed stands, the query fails.  Frees hits; returns
 * AS_EXIT_ERROR. */
static int hits_failed(run_t *run, const char *where, as_hits_t *hits)
{
    as_status_t rc = as_hits_status(hits);

    as_hits_free(hits);
    return query_failed(run, where, rc);
}

/* A write to stdout failed while the hits of a query were printed: the
 * batch stops there, and as_cli_close_stdout() reports the error.  Frees
 * hits; returns AS_EXIT_ERROR. */
static int write_failed(run_t *run, as_hits_t *hits)
{
    run->write_failed = 1;
    as_hits_free(hits);
    return AS_EXIT_ERROR;
}

/* Run one query and print its results; returns an as_exit_t. */
static int run_query(run_t *run, const as_search_opts_t *so, size_t number)
{
    as_hits_t *hits = NULL;
    as_status_t rc = as_search_run(run->index, so, &hits);
    size_t lower, estimate, upper;
    const as_hit_t *hit;
    char where[32] = "";
    const char *const *missing;
    size_t n_missing;
    as_summary_t summary;

    memset(&summary, 0, sizeof summary);
    if (run->batch)
        snprintf(where, sizeof where, "query %zu: ", number);
    if (rc != AS_OK)
        return query_failed(run, where, rc);
    if (as_hits_warning(hits))
        as_cli_warning("%s%s", where, as_hits_warning(hits));
    missing = as_index_missing(run->index, &n_missing);
    if (run->missing_told > n_missing) /* shards came back: the list is new */
        run->missing_told = n_missing;
    for (; run->missing_told < n_missing; run->missing_told++)
        as_cli_warning("%sresults are partial: shard %s", where,
                       missing[run->missing_told]);
    as_hits_matches(hits, &lower, &estimate, &upper);
    summary.matches = estimate;
    summary.exact = lower == upper;
    summary.unit = so->per_article ? "article" : "paragraph";
    summary.missing = missing;
    summary.n_missing = n_missing;
    summary.shown_paragraphs = so->per_article > 1;
    if (run->explain)
        summary.parsed_query = as_hits_query_description(hits);
    summary.warning = as_hits_warning(hits);

    switch (run->mode) {
    case MODE_QUIET:
        break;
    case MODE_COUNT:
        as_printer_count(&run->printer, &summary);
        break;
    case MODE_LIST:
        if (print_list(run, hits) != 0) {
            as_cli_error("out of memory");
            as_hits_free(hits);
            return AS_EXIT_ERROR;
        }
        if (as_cli_stdout_failed())
            return write_failed(run, hits);
        if (as_hits_status(hits) != AS_OK)
            return hits_failed(run, where, hits);
        break;
    case MODE_HITS: {
        const char *suggestion;
        size_t suggested;

        /* Output that fails (a closed pipe, SIGPIPE ignored) ends the
         * query at once, not after every hit was read and formatted. */
        while (!as_cli_stdout_failed() && (hit = as_hits_next(hits)) != NULL) {
            as_printer_hit(&run->printer, hit);
            summary.shown++;
        }
        if (as_cli_stdout_failed())
            return write_failed(run, hits);
        if (as_hits_status(hits) != AS_OK)
            return hits_failed(run, where, hits);
        for (int order = 1; order <= AS_FACET_KINDS; order++) {
            for (int k = 0; k < AS_FACET_KINDS; k++) {
                size_t n;
                const as_facet_t *f;
                if (so->facets[k] != order)
                    continue;
                f = as_hits_facets(hits, (as_facet_kind_t)k, &n);
                as_printer_facet(&run->printer, (as_facet_kind_t)k, f, n);
            }
        }
        suggestion = as_hits_suggestion(hits, &suggested);
        if (suggestion &&
            !as_printer_suggestion(&run->printer, suggestion, suggested))
            as_cli_note("%sdid you mean: %s (%zu matching paragraph%s)", where,
                        suggestion, suggested, suggested == 1 ? "" : "s");
        as_printer_summary(&run->printer, &summary);
        break;
    }
    }
    as_hits_free(hits);
    /* Tags: lines list tags with commas; --tag takes one */
    for (size_t i = 0; lower == 0 && run->mode != MODE_QUIET && i < so->n_tags;
         i++)
        if ((strchr(so->tags[i], ',') || strstr(so->tags[i], "\xEF\xBC\x8C") ||
             strstr(so->tags[i], "\xE3\x80\x81")) &&
            as_text_is_clean(so->tags[i])) {
            as_cli_note("%s--tag '%s' is one tag, with its comma: for any of "
                        "several tags, give --tag for each",
                        where, so->tags[i]);
            break;
        }
    return lower > 0 ? AS_EXIT_MATCH : AS_EXIT_NO_MATCH;
}

/* After a query that found nothing: a word of it that names a file or a
 * directory here (grep's habit, artsearch WORD DIR) gets a note that the
 * index is searched, not files; so does a '-' (grep's standard input). */
static void note_paths(int n, char **words)
{
    struct stat st;

    for (int i = 0; i < n; i++) {
        if (strcmp(words[i], "-") == 0) { /* grep's habit */
            as_cli_note("'-' is no standard input here: to read queries "
                        "from it, one a line, use --batch");
            return;
        }
        if (!as_text_is_clean(words[i]) || strchr(words[i], '"') ||
            stat(words[i], &st) != 0 ||
            !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
            continue;
        as_cli_note("'%s' names a %s here, searched as words: artsearch "
                    "searches an index (--index DIR), built from files by "
                    "artsearch-index",
                    words[i], S_ISDIR(st.st_mode) ? "directory" : "file");
        return;
    }
}

/* run_query() (or, has_nul, the error of a batch line with a NUL byte),
 * and with --timing its wall time (search and output) on stderr:
 * "artsearch: time: [query N: ]MICROSECONDS us". */
static int timed_query(run_t *run, const as_search_opts_t *so, size_t number,
                       int has_nul)
{
    struct timespec t0 = {0, 0}, t1;
    char where[32] = "";
    int status;

    if (run->timing)
        clock_gettime(CLOCK_MONOTONIC, &t0);
    if (has_nul) {
        /* Searching the text before the NUL (or nothing, which matches
         * everything) would answer another query. */
        as_cli_error("query %zu: bad query: the line has a NUL byte", number);
        status = answer_error(run, "bad query: ", "the line has a NUL byte");
    } else {
        status = run_query(run, so, number);
    }
    /* Each answer of a batch is out before the next query is read, so
     * that a program can talk to artsearch through a pipe. */
    if (run->batch && as_cli_flush_stdout())
        run->write_failed = 1;
    if (!run->timing)
        return status;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (run->batch)
        snprintf(where, sizeof where, "query %zu: ", number);
    as_cli_note("time: %s%lld us", where,
                (long long)(t1.tv_sec - t0.tv_sec) * 1000000 +
                    (t1.tv_nsec - t0.tv_nsec) / 1000);
    return status;
}

/* Whether the line q[0..n) is blank: spaces and tabs, or Unicode white
 * space (a line of no-break spaces copied from a web page), but no other
 * ASCII control character, nor a NUL byte (such a line is answered, with
 * an error). */
static int blank_line(const char *q, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const unsigned char c = (unsigned char)q[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return 0;
    }
    return as_text_is_blank(q, n);
}

/* A batch line is read up to this many bytes (a query has 8 KiB at most;
 * an input of old Mac OS lines, ended by CR, is one line): a longer one
 * is no batch of queries (/dev/zero, a binary file), and reading it
 * whole would take the machine's memory. */
#define BATCH_MAX_LINE (16L * 1024 * 1024)

/* Read a line of in, with its LF, into *line (*cap bytes, grown as
 * needed): its length, -1 at the end of in or on an error, -2 for a line
 * of over BATCH_MAX_LINE bytes before its LF or CR LF. */
static long read_line(FILE *in, char **line, size_t *cap)
{
    long len = 0;
    int c;

    while ((c = getc(in)) != EOF) {
        /* (its CR LF or LF not counted) */
        if (len >= BATCH_MAX_LINE && c != '\n' &&
            !(c == '\r' && len == BATCH_MAX_LINE))
            return -2;
        if ((size_t)len + 2 > *cap) {
            size_t grown = *cap ? *cap * 2 : 256;
            char *more = realloc(*line, grown);
            if (!more) {
                errno = ENOMEM;
                return -1;
            }
            *line = more;
            *cap = grown;
        }
        (*line)[len++] = (char)c;
        if (c == '\n')
            break;
    }
    if (len == 0)
        return -1;
    (*line)[len] = '\0';
    return len;
}

/* --batch: one query per line (LF, CR LF, or CR as old Mac OS files end
 * them: an input without a LF); blank lines are skipped and not counted.
 * A lone CR in a line that ends with a LF is no line end: a program that
 * sends one line gets one answer. */
static int run_batch(run_t *run, as_search_opts_t *so, const char *file)
{
    FILE *in = stdin;
    char *line = NULL;
    size_t cap = 0, number = 0, lines = 0;
    int status = AS_EXIT_NO_MATCH;
    long len;

    if (file && strcmp(file, "-") != 0) {
        in = fopen(file, "r");
        if (!in) {
            as_cli_error("cannot read --batch file %s: %s", file,
                         strerror(errno));
            return AS_EXIT_ERROR;
        }
    }
    while (!run->write_failed && (len = read_line(in, &line, &cap)) >= 0) {
        lines++;
        const int lf = len > 0 && line[len - 1] == '\n';
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        for (char *q = line, *end = line + len; q <= end;) {
            char *cr = lf ? NULL : memchr(q, '\r', (size_t)(end - q));
            size_t n = cr ? (size_t)(cr - q) : (size_t)(end - q);
            int st;
            q[n] = '\0';
            if (blank_line(q, n)) {
                q += n + 1;
                continue;
            }
            number++;
            so->query = q;
            if (run->mode != MODE_QUIET) /* -q prints nothing, headings too */
                as_printer_query(&run->printer, number, q);
            st = timed_query(run, so, number, memchr(q, '\0', n) != NULL);
            if (st == AS_EXIT_ERROR)
                status = AS_EXIT_ERROR;
            else if (st == AS_EXIT_MATCH && status != AS_EXIT_ERROR)
                status = AS_EXIT_MATCH;
            /* No one reads the answers any more (a closed pipe when
             * SIGPIPE is ignored), or none can be written (a full disk):
             * stop.  as_cli_close_stdout() then says why, or nothing for a
             * pipe. */
            if (run->write_failed)
                break;
            q += n + 1;
        }
    }
    if (len == -2) {
        as_cli_error("reading queries: line %zu is longer than %ld MiB: not "
                     "one query a line",
                     lines + 1, BATCH_MAX_LINE / (1024 * 1024));
        status = AS_EXIT_ERROR;
    } else if (!run->write_failed && (ferror(in) || !feof(in))) {
        /* a line that does not fit in memory is no end of the queries */
        const char *why = errno == ENOMEM ? "a line too long to hold in memory"
                                          : strerror(errno);
        if (in != stdin) /* a directory opens, and fails at the first read */
            as_cli_error("cannot read --batch file %s: %s", file, why);
        else
            as_cli_error("reading queries: %s", why);
        status = AS_EXIT_ERROR;
    }
    free(line);
    if (in != stdin)
        fclose(in);
    return status;
}

/* --ranking: default, bm25, or a comma-separated list of the extras to
 * add to plain BM25. */
static int parse_ranking(const char *mode, as_search_opts_t *so)
{
    static const struct {
        const char *name;
        unsigned bit;
    } extras[] = {{"stopwords", AS_RANKING_STOPWORDS},
                  {"title", AS_RANKING_TITLE},
                  {"feedback", AS_RANKING_FEEDBACK}};
    const char *s = mode;

    if (strcmp(mode, "default") == 0) {
        so->ranking_off = 0;
        return 1;
    }
    so->ranking_off = AS_RANKING_ALL;
    if (strcmp(mode, "bm25") == 0)
        return 1;
    do {
        size_t n = strcspn(s, ",");
        int found = 0;
        for (size_t k = 0; k < sizeof extras / sizeof extras[0]; k++) {
            if (strlen(extras[k].name) == n &&
                strncmp(s, extras[k].name, n) == 0) {
                so->ranking_off &= ~extras[k].bit;
                found = 1;
            }
        }
        if (!found) {
            as_cli_error("invalid --ranking '%s': use default, bm25, or "
                         "extras of stopwords, title and feedback, "
                         "separated by commas",
                         mode);
            return 0;
        }
        s += n + (s[n] == ',');
    } while (*s);
    return 1;
}

/* --facets LIST: so->facets[kind] is the kind's place in the lists given
 * (1 first), the order its facets are printed in; a kind named twice keeps
 * its first place. */
static int parse_facets(const char *list, as_search_opts_t *so)
{
    const char *s = list;
    int order = 0;

    for (int k = 0; k < AS_FACET_KINDS; k++)
        if (so->facets[k] > order)
            order = so->facets[k];

    if (!*list) {
        as_cli_error("--facets needs a value: give --facets author, source "
                     "or year, or several separated by commas");
        return 0;
    }
    while (*s) {
        size_t n = strcspn(s, ",");
        int k, found = 0;
        for (k = 0; k < AS_FACET_KINDS; k++) {
            const char *name = as_facet_name((as_facet_kind_t)k);
            if (strlen(name) == n && strncmp(s, name, n) == 0) {
                if (!so->facets[k])
                    so->facets[k] = ++order;
                found = 1;
            }
        }
        if (!found) {
            as_cli_error("invalid --facets '%s': use author, source and "
                         "year, separated by commas",
                         list);
            return 0;
        }
        s += n + (s[n] == ',');
    }
    return 1;
}

int main(int argc, char **argv)
{
    as_search_opts_t so;
    as_printer_opts_t po = {0, 0, '\n', 0, 0, 0};
    as_format_t format = AS_FORMAT_TSV;
    const char *color = "auto", *batch_file = NULL;
    const char **authors = NULL, **sources = NULL, **tags = NULL;
    const char **indexes = NULL;
    size_t n_authors = 0, n_sources = 0, n_tags = 0, n_indexes = 0;
    as_open_opts_t oo = {0, 0, 0, 0};
    char *index_names = NULL;
    int have_format = 0, have_limit = 0, stats = 0, c, longindex;
    char search_option[32] = "";
    int status = AS_EXIT_ERROR;
    run_t run;
    char *query = NULL, *errmsg = NULL;
    as_status_t rc;

    as_cli_keep_std_fds();
    as_cli_set_program(argv[0]);
    as_cli_set_options(options);
    memset(&so, 0, sizeof so);
    memset(&run, 0, sizeof run);
    so.limit = 10;
    opterr = 0;
    while ((longindex = -1, c = getopt_long(argc, argv, ":n:0clqhV", options,
                                            &longindex)) != -1) {
        /* the first option of a search, which --stats would ignore */
        if (!*search_option && c != OPT_INDEX && c != OPT_TIMEOUT &&
            c != OPT_ALLOW_PARTIAL && c != OPT_STATS && c != OPT_FORMAT &&
            c != OPT_COLOR && c != '?' && c != ':') {
            if (longindex >= 0)
                snprintf(search_option, sizeof search_option, "--%s",
                         options[longindex].name);
            else
                snprintf(search_option, sizeof search_option, "-%c", c);
        }
        switch (c) {
        case OPT_ANY:
            so.match_any = 1;
            break;
        case OPT_AUTHOR:
            if (!filter_value("--author", "NAME", optarg) ||
                !push(&authors, &n_authors, optarg))
                goto done;
            break;
        case OPT_SOURCE:
            if (!filter_value("--source", "NAME", optarg) ||
                !push(&sources, &n_sources, optarg))
                goto done;
            break;
        case OPT_TAG:
            if (!filter_value("--tag", "TAG", optarg) ||
                !push(&tags, &n_tags, optarg))
                goto done;
            break;
        case OPT_SINCE:
            if (!parse_date_option("--since", optarg, 0, &so.since))
                goto done;
            break;
        case OPT_UNTIL:
            if (!parse_date_option("--until", optarg, 1, &so.until))
                goto done;
            break;
        case 'n':
            if (!parse_count(optarg, &so.limit)) {
                as_cli_error("invalid --limit '%s': give a number from 0 to %d",
                             optarg, MAX_COUNT);
                goto done;
            }
            have_limit = 1;
            break;
        case OPT_OFFSET:
            if (!parse_count(optarg, &so.offset)) {
                as_cli_error("invalid --offset '%s': give a number from 0 to "
                             "%d",
                             optarg, MAX_COUNT);
                goto done;
            }
            break;
        case OPT_SORT:
            if (strcmp(optarg, "relevance") == 0) {
                so.sort = AS_SORT_RELEVANCE;
            } else if (strcmp(optarg, "newest") == 0) {
                so.sort = AS_SORT_NEWEST;
            } else if (strcmp(optarg, "oldest") == 0) {
                so.sort = AS_SORT_OLDEST;
            } else {
                as_cli_error("invalid --sort '%s': use relevance, newest "
                             "or oldest",
                             optarg);
                goto done;
            }
            break;
        case OPT_ARTICLES:
            so.per_article = 1;
            break;
        case OPT_PER_ARTICLE:
            if (!parse_count(optarg, &so.per_article) || so.per_article == 0) {
                as_cli_error("invalid --per-article '%s': give a number "
                             "from 1 to %d",
                             optarg, MAX_COUNT);
                goto done;
            }
            break;
        case OPT_SIMILAR:
            so.similar = optarg;
            break;
        case OPT_SYNONYMS:
            so.synonyms = 1;
            break;
        case OPT_STRICT:
            so.strict = 1;
            break;
        case OPT_EXPLAIN:
            so.explain = 1;
            break;
        case OPT_FULL:
            so.full = 1;
            break;
        case OPT_FACETS:
            if (!parse_facets(optarg, &so))
                goto done;
            break;
        case OPT_RANKING:
            if (!parse_ranking(optarg, &so))
                goto done;
            break;
        case OPT_FORMAT:
            if (as_format_parse(optarg, &format) != AS_OK) {
                as_cli_error("invalid --format '%s': use text, tsv or json",
                             optarg);
                goto done;
            }
            have_format = 1;
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
                strcmp(optarg, "never")) {
                as_cli_error("invalid --color '%s': use auto, always or "
                             "never",
                             optarg);
                goto done;
            }
            color = optarg;
            break;
        case '0':
            po.terminator = '\0';
            break;
        case 'c':
            run.mode = MODE_COUNT;
            break;
        case 'l': /* the last of -l, --list=files and --list=ids counts */
            run.list_ids = optarg && strcmp(optarg, "ids") == 0;
            if (optarg && !run.list_ids && strcmp(optarg, "files") != 0) {
                as_cli_error("invalid --list '%s': use --list (files) or "
                             "--list=ids",
                             optarg);
                goto done;
            }
            /* getopt's optional argument is attached or absent: say so
             * when what follows looks meant as one */
            if (!optarg && optind < argc &&
                (strcmp(argv[optind], "ids") == 0 ||
                 strcmp(argv[optind], "files") == 0))
                as_cli_note("'%s' after %s is searched for; write --list=%s "
                            "for the option",
                            argv[optind], argv[optind - 1], argv[optind]);
            run.mode = MODE_LIST;
            break;
        case 'q':
            run.mode = MODE_QUIET;
            break;
        case OPT_BATCH:
            run.batch = 1;
            batch_file = optarg;
            break;
        case OPT_TIMING:
            run.timing = 1;
            break;
        case OPT_INDEX:
            if (!*optarg) {
                as_cli_error("--index needs a value: give --index DIR");
                goto done;
            }
            if (!push(&indexes, &n_indexes, optarg))
                goto done;
            break;
        case OPT_TIMEOUT: {
            char *end;
            double t = strtod(optarg, &end);
            if (*optarg == '\0' || *end || !(t >= 0.001 && t <= 86400)) {
                as_cli_error("invalid --timeout '%s': give seconds, from "
                             "0.001 to 86400",
                             optarg);
                goto done;
            }
            oo.timeout_ms = (unsigned)(t * 1000 + 0.5);
            break;
        }
        case OPT_ALLOW_PARTIAL:
            oo.allow_partial = 1;
            break;
        case OPT_STATS:
            stats = 1;
            break;
        case 'h':
        case 'V': {
            /* -h or -V inside a cluster is a query word taken for options
             * (artsearch japan -china): not a request for help */
            const char *cluster;
            if (!as_cli_given_alone(argc, argv, (char)c,
                                    c == 'h' ? "help" : "version", &cluster)) {
                as_cli_error("'%s' is read as options (-%c among them): a "
                             "query with a word that starts with '-' goes "
                             "after -- (artsearch -- japan -china)",
                             cluster, c);
                goto done;
            }
            if (c == 'h')
                usage(stdout);
            else
                printf("artsearch %s\n", PACKAGE_VERSION);
            status = as_cli_close_stdout() ? AS_EXIT_ERROR : AS_EXIT_MATCH;
            goto done;
        }
        default:
            as_cli_option_error(c, argv);
            goto done;
        }
    }
    if (stats && *search_option) {
        /* (it would be ignored: what was asked would not be done) */
        as_cli_error("--stats only describes the index: it does not go "
                     "with %s",
                     search_option);
        goto done;
    }
    if (stats && optind < argc) {
        as_cli_error("--stats only describes the index: it takes no query "
                     "('%s')",
                     argv[optind]);
        goto done;
    }
    if (so.since && so.until && so.since > so.until) {
        as_cli_error("--since is later than --until: nothing can match");
        goto done;
    }
    query = join_args(argc - optind, argv + optind, " ");
    if (!query) {
        as_cli_error("out of memory");
        goto done;
    }
    if (run.batch && *query) {
        struct stat sb;
        /* --batch FILE: the file was taken for a query */
        if (argc - optind == 1 && as_text_is_clean(argv[optind]) &&
            stat(argv[optind], &sb) == 0 && S_ISREG(sb.st_mode))
            as_cli_error("--batch reads the queries from its input: give no "
                         "QUERY arguments (to read them from the file %s, "
                         "write --batch=%s)",
                         argv[optind], argv[optind]);
        else
            as_cli_error("--batch reads the queries from its input: give no "
                         "QUERY arguments");
        goto done;
    }
    if (!stats && !run.batch && !*query && !so.similar && !n_authors &&
        !n_sources && !n_tags && !so.since && !so.until) {
        as_cli_error("no query given (see artsearch --help)");
        goto done;
    }
    so.query = query;
    so.authors = authors;
    so.n_authors = n_authors;
    so.sources = sources;
    so.n_sources = n_sources;
    so.tags = tags;
    so.n_tags = n_tags;

    switch (run.mode) {
    case MODE_HITS:
        so.suggest = 1;
        /* A page of no hits (-n 0) is asked for its count line or
         * summary (and facets): count exactly, as -c does.  Xapian's
         * estimate of a phrase was 5000 for 11 when it fetched no hit, 500
         * for 6201 when it fetched a page. */
        if (so.limit == 0)
            so.exact_count = 1;
        break;
    case MODE_COUNT:
        so.exact_count = 1;
        so.limit = 0;
        memset(so.facets, 0, sizeof so.facets);
        break;
    case MODE_LIST:
        /* One hit per article, whatever --per-article says: -l names each
         * file (or article) once, best first. */
        so.per_article = 1;
        so.list_only = 1;
        if (!have_limit)
            so.limit = SIZE_MAX;
        break;
    case MODE_QUIET:
        so.limit = 0;
        memset(so.facets, 0, sizeof so.facets);
        break;
    }

    if (!have_format)
        format = isatty(STDOUT_FILENO) ? AS_FORMAT_TEXT : AS_FORMAT_TSV;
    if (strcmp(color, "always") == 0) {
        po.color = 1;
    } else if (strcmp(color, "auto") == 0) {
        const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");
        po.color = isatty(STDOUT_FILENO) && term && *term &&
                   strcmp(term, "dumb") && !(no_color && *no_color);
    }
    if (format == AS_FORMAT_TEXT && isatty(STDOUT_FILENO))
        po.width = terminal_width();
    po.batch = run.batch;
    po.explain = so.explain;
    po.article_matches = so.per_article > 0;
    run.explain = so.explain;
    as_printer_init(&run.printer, format, stdout, &po);

    if (n_indexes == 0) {
        run.path = as_cli_index_path(NULL);
        if (!push(&indexes, &n_indexes, run.path))
            goto done;
    } else if (n_indexes == 1) {
        run.path = indexes[0];
    } else { /* named together in messages */
        index_names = join_args((int)n_indexes, (char **)indexes, ", ");
        if (!index_names) {
            as_cli_error("out of memory");
            goto done;
        }
        run.path = index_names;
    }
    rc = as_index_open_with(indexes, n_indexes, AS_INDEX_READ, NULL, &oo,
                            &run.index, &errmsg);
    if (rc != AS_OK) {
        open_failed(indexes, n_indexes, &oo, run.path, rc, errmsg);
        goto done;
    }
    if (stats)
        status = as_cli_describe_index(run.index, indexes, n_indexes, run.path)
                     ? AS_EXIT_ERROR
                     : AS_EXIT_MATCH;
    else if (run.batch)
        status = run_batch(&run, &so, batch_file);
    else
        status = timed_query(&run, &so, 1, 0);
    if (status == AS_EXIT_NO_MATCH && run.mode != MODE_QUIET)
        note_paths(argc - optind, argv + optind);
    if (as_cli_close_stdout())
        status = AS_EXIT_ERROR;

done:
    as_index_close(run.index);
    free(errmsg);
    free(query);
    free(indexes);
    free(index_names);
    free(authors);
    free(sources);
    free(tags);
    return status;
}
