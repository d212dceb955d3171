/* artsearch.c - the query tool: options, search, output, exit status.
 *
 * Owns: the command line of artsearch (the option table below).  Search
 * is xapian-shim.h's, output is printer.h's, exit codes are cli.h's.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "printer.h"
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
    OPT_STATS
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
    {"format", required_argument, NULL, OPT_FORMAT},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"index", required_argument, NULL, OPT_INDEX},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"stats", no_argument, NULL, OPT_STATS},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *out)
{
    fputs("Usage: artsearch [OPTION]... QUERY...\n"
          "Rank the paragraphs of an article collection for QUERY (BM25).\n"
          "\n"
          "Query: words (all must match), \"a phrase\", AND OR NOT ( ), +word\n"
          "  -word, wild*, title: author: source: fields, date:2024..2025-06\n"
          "\n"
          "      --any              match any word instead of all\n"
          "      --author NAME      only this author (exact, any case; "
          "repeatable)\n"
          "      --source NAME      only this source (exact, any case; "
          "repeatable)\n"
          "      --tag TAG          only articles with this tag (repeatable)\n"
          "      --since DATE       only articles dated DATE or later\n"
          "      --until DATE       only articles dated DATE or earlier\n"
          "                         (DATE: YYYY, YYYY-MM or YYYY-MM-DD)\n"
          "  -n, --limit N          show N hits (default 10)\n"
          "      --offset N         skip the first N hits\n"
          "      --sort ORDER       relevance (default), newest or oldest\n"
          "      --format FORMAT    text (default on a terminal), tsv\n"
          "                         (default otherwise) or json (JSON Lines)\n"
          "      --color WHEN       auto (default), always or never\n"
          "      --strict           fail on a query with a syntax error\n"
          "      --index DIR        the index (default $ARTSEARCH_INDEX or "
          "index)\n"
          "      --stats            describe the index and exit\n"
          "  -h, --help             show this help and exit\n"
          "  -V, --version          show the version and exit\n"
          "\n"
          "Exit status: 0 hits found, 1 no hits, 2 error.\n",
          out);
}

/* Parse a non-negative count; 0 on junk. */
static int parse_count(const char *s, size_t *out)
{
    char *end;
    unsigned long long v;

    if (!s || !*s || *s == '-' || *s == '+')
        return 0;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v > 100000000ULL)
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
        as_cli_error("invalid %s date '%s': %s (use YYYY, YYYY-MM or "
                     "YYYY-MM-DD)",
                     opt, value, why);
        return 0;
    }
    *out = last ? as_date_last_day(&d) : as_date_first_day(&d);
    return 1;
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
static char *join_args(int argc, char **argv)
{
    size_t len = 1;
    char *q;

    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    q = malloc(len);
    if (!q)
        return NULL;
    q[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(q, " ");
        strcat(q, argv[i]);
    }
    return q;
}

static int print_stats(as_index_t *index, const char *path)
{
    as_index_stats_t st;
    as_status_t rc = as_index_stats(index, &st);

    if (rc != AS_OK) {
        as_cli_index_error(path, rc, as_index_errmsg(index));
        return AS_EXIT_ERROR;
    }
    printf("index\t%s\nschema\t%d\nlanguage\t%s\narticles\t%lu\n"
           "paragraphs\t%lu\n",
           path, st.schema, as_index_language(index), st.articles,
           st.paragraphs);
    return AS_EXIT_MATCH;
}

int main(int argc, char **argv)
{
    as_search_opts_t so;
    as_printer_opts_t po = {0, 0};
    as_format_t format;
    const char *index_opt = NULL, *color = "auto";
    const char **authors = NULL, **sources = NULL, **tags = NULL;
    size_t n_authors = 0, n_sources = 0, n_tags = 0;
    int have_format = 0, stats = 0, status = AS_EXIT_ERROR, c;
    as_index_t *index = NULL;
    as_hits_t *hits = NULL;
    char *query = NULL, *errmsg = NULL;
    const char *path;
    as_status_t rc;

    as_cli_set_program(argv[0]);
    memset(&so, 0, sizeof so);
    so.limit = 10;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:hV", options, NULL)) != -1) {
        switch (c) {
        case OPT_ANY:
            so.match_any = 1;
            break;
        case OPT_AUTHOR:
            if (!push(&authors, &n_authors, optarg))
                goto done;
            break;
        case OPT_SOURCE:
            if (!push(&sources, &n_sources, optarg))
                goto done;
            break;
        case OPT_TAG:
            if (!push(&tags, &n_tags, optarg))
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
                as_cli_error("invalid --limit '%s': give a number", optarg);
                goto done;
            }
            break;
        case OPT_OFFSET:
            if (!parse_count(optarg, &so.offset)) {
                as_cli_error("invalid --offset '%s': give a number", optarg);
                goto done;
            }
            break;
        case OPT_SORT:
            if (strcmp(optarg, "relevance") == 0)
                so.sort = AS_SORT_RELEVANCE;
            else if (strcmp(optarg, "newest") == 0)
                so.sort = AS_SORT_NEWEST;
            else if (strcmp(optarg, "oldest") == 0)
                so.sort = AS_SORT_OLDEST;
            else {
                as_cli_error("invalid --sort '%s': use relevance, newest "
                             "or oldest",
                             optarg);
                goto done;
            }
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
        case OPT_INDEX:
            index_opt = optarg;
            break;
        case OPT_STRICT:
            so.strict = 1;
            break;
        case OPT_STATS:
            stats = 1;
            break;
        case 'h':
            usage(stdout);
            status = as_cli_close_stdout() ? AS_EXIT_ERROR : AS_EXIT_MATCH;
            goto done;
        case 'V':
            printf("artsearch %s\n", PACKAGE_VERSION);
            status = as_cli_close_stdout() ? AS_EXIT_ERROR : AS_EXIT_MATCH;
            goto done;
        default:
            as_cli_option_error(c, argv);
            goto done;
        }
    }
    if (so.since && so.until && so.since > so.until) {
        as_cli_error("--since is later than --until: nothing can match");
        goto done;
    }
    query = join_args(argc - optind, argv + optind);
    if (!query) {
        as_cli_error("out of memory");
        goto done;
    }
    if (!stats && !*query && !n_authors && !n_sources && !n_tags && !so.since &&
        !so.until) {
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

    if (!have_format)
        format = isatty(STDOUT_FILENO) ? AS_FORMAT_TEXT : AS_FORMAT_TSV;
    if (strcmp(color, "always") == 0) {
        po.color = 1;
    } else if (strcmp(color, "auto") == 0) {
        const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");
        po.color = isatty(STDOUT_FILENO) && term && strcmp(term, "dumb") &&
                   !(no_color && *no_color);
    }
    if (format == AS_FORMAT_TEXT && isatty(STDOUT_FILENO))
        po.width = terminal_width();

    path = as_cli_index_path(index_opt);
    rc = as_index_open(path, AS_INDEX_READ, NULL, &index, &errmsg);
    if (rc != AS_OK) {
        as_cli_index_error(path, rc, errmsg);
        goto done;
    }
    if (stats) {
        status = print_stats(index, path);
        if (as_cli_close_stdout())
            status = AS_EXIT_ERROR;
        goto done;
    }
    rc = as_search_run(index, &so, &hits);
    if (rc != AS_OK) {
        if (rc == AS_ERR_QUERY)
            as_cli_error("bad query: %s", as_index_errmsg(index));
        else
            as_cli_index_error(path, rc, as_index_errmsg(index));
        goto done;
    }
    if (as_hits_warning(hits))
        as_cli_warning("%s", as_hits_warning(hits));
    {
        as_printer_t printer;
        as_summary_t summary = {0, 0, 0};
        const as_hit_t *hit;
        size_t lower, estimate, upper;

        as_printer_init(&printer, format, stdout, &po);
        while ((hit = as_hits_next(hits)) != NULL) {
            as_printer_hit(&printer, hit);
            summary.shown++;
        }
        as_hits_matches(hits, &lower, &estimate, &upper);
        summary.matches = estimate;
        summary.exact = lower == upper;
        as_printer_summary(&printer, &summary);
        status = estimate > 0 ? AS_EXIT_MATCH : AS_EXIT_NO_MATCH;
    }
    if (as_cli_close_stdout())
        status = AS_EXIT_ERROR;

done:
    as_hits_free(hits);
    as_index_close(index);
    free(errmsg);
    free(query);
    free(authors);
    free(sources);
    free(tags);
    return status;
}
