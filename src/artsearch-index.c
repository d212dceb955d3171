/* artsearch-index.c - the indexer's command line.
 *
 * Owns: the options of artsearch-index, its messages on stderr and its
 * exit status.  Walking and storing is indexer.h's.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "indexer.h"
#include "xapian-shim.h"

/* The collection indexed when no path is given. */
#define DEFAULT_CORPUS "corpus"

enum { OPT_INDEX = 256, OPT_LANG, OPT_LIST_LANGUAGES };

static const struct option options[] = {
    {"index", required_argument, NULL, OPT_INDEX},
    {"lang", required_argument, NULL, OPT_LANG},
    {"list-languages", no_argument, NULL, OPT_LIST_LANGUAGES},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *out)
{
    fputs("Usage: artsearch-index [OPTION]... [PATH]...\n"
          "Index articles (files, or the .txt files under directories) one\n"
          "paragraph per document; with no PATH, index corpus/.\n"
          "Re-indexing an article replaces its paragraphs.\n"
          "\n"
          "      --index DIR        the index (default $ARTSEARCH_INDEX or "
          "index)\n"
          "      --lang LANG        stemmer language of a new index (default\n"
          "                         english; see --list-languages)\n"
          "      --list-languages   list the stemmer languages and exit\n"
          "  -q, --quiet            no summary line\n"
          "  -h, --help             show this help and exit\n"
          "  -V, --version          show the version and exit\n"
          "\n"
          "Exit status: 0 all indexed, 1 some inputs skipped (each named on\n"
          "stderr), 2 error (nothing of this run committed).\n",
          out);
}

static void report(void *ctx, as_report_kind_t kind, const char *file,
                   long line, const char *msg)
{
    (void)ctx;
    if (kind == AS_REPORT_SKIPPED) {
        if (line > 0)
            as_cli_warning("skipped %s:%ld: %s", file, line, msg);
        else
            as_cli_warning("skipped %s: %s", file, msg);
    } else if (line > 0) {
        as_cli_warning("%s:%ld: %s", file, line, msg);
    } else {
        as_cli_warning("%s: %s", file, msg);
    }
}

int main(int argc, char **argv)
{
    const char *index_opt = NULL, *lang = NULL, *path;
    const as_indexer_counts_t *counts;
    as_indexer_t *indexer = NULL;
    as_index_t *index = NULL;
    int quiet = 0, status = AS_INDEX_EXIT_ERROR, c;
    char *errmsg = NULL;
    as_status_t rc;

    as_cli_set_program(argv[0]);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qhV", options, NULL)) != -1) {
        switch (c) {
        case OPT_INDEX:
            index_opt = optarg;
            break;
        case OPT_LANG:
            lang = optarg;
            break;
        case OPT_LIST_LANGUAGES:
            for (const char **l = as_stemmer_languages(); *l; l++)
                puts(*l);
            return as_cli_close_stdout() ? AS_INDEX_EXIT_ERROR
                                         : AS_INDEX_EXIT_OK;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return as_cli_close_stdout() ? AS_INDEX_EXIT_ERROR
                                         : AS_INDEX_EXIT_OK;
        case 'V':
            printf("artsearch-index %s\n", PACKAGE_VERSION);
            return as_cli_close_stdout() ? AS_INDEX_EXIT_ERROR
                                         : AS_INDEX_EXIT_OK;
        default:
            as_cli_option_error(c, argv);
            return AS_INDEX_EXIT_ERROR;
        }
    }

    path = as_cli_index_path(index_opt);
    rc = as_index_open(path, AS_INDEX_WRITE, lang, &index, &errmsg);
    if (rc != AS_OK) {
        as_cli_index_error(path, rc, errmsg);
        goto done;
    }
    if (as_indexer_new(index, report, NULL, &indexer) != AS_OK) {
        as_cli_error("out of memory");
        goto done;
    }
    if (optind == argc) {
        rc = as_indexer_add_path(indexer, DEFAULT_CORPUS);
    } else {
        rc = AS_OK;
        for (int i = optind; i < argc && rc == AS_OK; i++)
            rc = as_indexer_add_path(indexer, argv[i]);
    }
    if (rc == AS_OK)
        rc = as_index_commit(index);
    if (rc != AS_OK) {
        as_cli_error("indexing into %s failed: %s; nothing of this run was "
                     "committed",
                     path,
                     *as_index_errmsg(index) ? as_index_errmsg(index)
                                             : as_status_str(rc));
        goto done;
    }
    counts = as_indexer_counts(indexer);
    if (!quiet)
        fprintf(stderr,
                "artsearch-index: indexed %lu article%s (%lu paragraph%s) "
                "into %s; %lu skipped, %lu warning%s\n",
                counts->articles, counts->articles == 1 ? "" : "s",
                counts->paragraphs, counts->paragraphs == 1 ? "" : "s", path,
                counts->skipped, counts->warnings,
                counts->warnings == 1 ? "" : "s");
    status = counts->skipped ? AS_INDEX_EXIT_SKIPPED : AS_INDEX_EXIT_OK;

done:
    as_indexer_free(indexer);
    if (status == AS_INDEX_EXIT_ERROR && index) {
        /* Leave the index as it was: drop what this run wrote. */
        as_index_abandon(index);
    }
    as_index_close(index);
    free(errmsg);
    return status;
}
