/* artsearch-index.c - the indexer's command line.
 *
 * Owns: the options of artsearch-index, its messages on stderr and its
 * exit status.  Walking and storing is indexer.h's.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "indexer.h"
#include "xapian-shim.h"

/* The collection indexed when no path is given. */
#define DEFAULT_CORPUS "corpus"

/* A directory's synonym groups, loaded when the directory is indexed. */
#define SYNONYMS_FILE "synonyms.conf"

enum { OPT_INDEX = 256, OPT_LANG, OPT_LIST_LANGUAGES, OPT_SYNONYMS };

static const struct option options[] = {
    {"index", required_argument, NULL, OPT_INDEX},
    {"lang", required_argument, NULL, OPT_LANG},
    {"list-languages", no_argument, NULL, OPT_LIST_LANGUAGES},
    {"synonyms", required_argument, NULL, OPT_SYNONYMS},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *out)
{
    fputs(
        "Usage: artsearch-index [OPTION]... [PATH]...\n"
        "Index articles (files, or the .txt files under directories) one\n"
        "paragraph per document; with no PATH, index corpus/.\n"
        "Re-indexing an article replaces its paragraphs.\n"
        "\n"
        "      --index DIR        the index (default $ARTSEARCH_INDEX or "
        "index)\n"
        "      --lang LANG        stemmer language of a new index (default\n"
        "                         english; see --list-languages)\n"
        "      --list-languages   list the stemmer languages and exit\n"
        "      --synonyms FILE    the synonym groups for ~word and --synonyms\n"
        "                         (default: synonyms.conf of a directory "
        "given)\n"
        "  -q, --quiet            no summary line\n"
        "  -h, --help             show this help and exit\n"
        "  -V, --version          show the version and exit\n"
        "\n"
        "Exit status: 0 all indexed, 1 some inputs skipped (each named on\n"
        "stderr), 2 error (nothing of this run committed).\n",
        out);
}

/* Store the synonyms file path in the index; 0 on failure (reported). */
static int load_synonyms(as_index_t *index, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    as_status_t rc;

    if (!f) {
        as_cli_error("cannot read synonyms file %s: %s", path, strerror(errno));
        return 0;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n > cap) {
            char *grown;
            cap = (len + n) * 2;
            grown = realloc(text, cap);
            if (!grown) {
                free(text);
                fclose(f);
                as_cli_error("out of memory");
                return 0;
            }
            text = grown;
        }
        memcpy(text + len, chunk, n);
        len += n;
    }
    fclose(f);
    rc = as_index_set_synonyms(index, text ? text : "", len);
    free(text);
    if (rc != AS_OK) {
        as_cli_error("synonyms file %s: %s", path, as_index_errmsg(index));
        return 0;
    }
    return 1;
}

/* The synonyms.conf at the top of directory path, or NULL (free it). */
static char *directory_synonyms(const char *path)
{
    struct stat st;
    size_t len = strlen(path) + sizeof SYNONYMS_FILE + 2;
    char *file;

    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    file = malloc(len);
    if (!file)
        return NULL;
    snprintf(file, len, "%s/%s", path, SYNONYMS_FILE);
    if (stat(file, &st) != 0) {
        free(file);
        return NULL;
    }
    return file;
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
    const char *index_opt = NULL, *lang = NULL, *synonyms = NULL, *path;
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
        case OPT_SYNONYMS:
            synonyms = optarg;
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
    if (synonyms) {
        if (!load_synonyms(index, synonyms))
            goto done;
    } else {
        for (int i = optind; i <= argc; i++) {
            const char *dir = i < argc ? argv[i] : DEFAULT_CORPUS;
            char *file;
            if (i == argc && optind != argc)
                break;
            file = directory_synonyms(dir);
            if (file && !load_synonyms(index, file)) {
                free(file);
                goto done;
            }
            free(file);
        }
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
