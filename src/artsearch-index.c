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
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "indexdir.h"
#include "indexer.h"
#include "synonyms.h"
#include "text.h"
#include "xapian-shim.h"

/* The collection indexed when no path is given. */
#define DEFAULT_CORPUS "corpus"

/* A directory's synonym groups, loaded when the directory is indexed. */
#define SYNONYMS_FILE "synonyms.conf"

enum {
    OPT_INDEX = 256,
    OPT_LANG,
    OPT_LIST_LANGUAGES,
    OPT_SYNONYMS,
    OPT_REBUILD,
    OPT_STATUS,
    OPT_WAIT,
    OPT_FORMAT,
    OPT_SHARDS,
    OPT_JOBS,
    OPT_COMPACT,
    OPT_MERGE
};

/* Processes writing one index at most (--jobs). */
#define MAX_JOBS 64

static const struct option options[] = {
    {"index", required_argument, NULL, OPT_INDEX},
    {"lang", required_argument, NULL, OPT_LANG},
    {"list-languages", no_argument, NULL, OPT_LIST_LANGUAGES},
    {"synonyms", required_argument, NULL, OPT_SYNONYMS},
    {"rebuild", no_argument, NULL, OPT_REBUILD},
    {"status", no_argument, NULL, OPT_STATUS},
    {"wait", required_argument, NULL, OPT_WAIT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"shards", required_argument, NULL, OPT_SHARDS},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"compact", no_argument, NULL, OPT_COMPACT},
    {"merge", no_argument, NULL, OPT_MERGE},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"dry-run", no_argument, NULL, 'n'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *out)
{
    fputs(
        "Usage: artsearch-index [OPTION]... [PATH]...\n"
        "Index articles (files, or the .txt files under directories) one\n"
        "paragraph per document; with no PATH, index corpus/.  Only new and\n"
        "changed articles are indexed; those whose files are gone from the\n"
        "paths given are removed.\n"
        "\n"
        "  --index DIR        the index (default $ARTSEARCH_INDEX or index)\n"
        "  --rebuild          build a fresh index beside the old one, then\n"
        "                     swap it in at once\n"
        "  --shards N         split a new (or rebuilt) index into N shard\n"
        "                     databases, by a hash of the article id\n"
        "  --jobs N           processes writing shards at once (default:\n"
        "                     one per shard, up to the number of CPUs)\n"
        "  --compact          then compact the index (smaller, faster)\n"
        "  --merge            then merge the shards into one compact database\n"
        "  --wait SECONDS     wait for another indexer to finish\n"
        "  --lang LANG        stemmer language of a new index (default\n"
        "                     english; see --list-languages)\n"
        "  --list-languages   list the stemmer languages and exit\n"
        "  --synonyms FILE    the synonym groups for ~word and --synonyms\n"
        "                     (default: synonyms.conf of a directory given)\n"
        "  --format FORMAT    articles (files and directories, the default)\n"
        "                     or jsonl (JSON Lines files, directories of\n"
        "                     .jsonl files, - for stdin)\n"
        "  --status           describe the index and exit\n"
        "  -q, --quiet        no progress and no summary line\n"
        "  -v, --verbose      name each article added, updated or removed\n"
        "                     on stdout: new|updated|removed TAB id TAB file\n"
        "  -n, --dry-run      read and compare everything, write nothing:\n"
        "                     what a run would do (with -v, to which "
        "articles)\n"
        "  -h, --help         show this help and exit\n"
        "  -V, --version      show the version and exit\n"
        "\n"
        "Exit status: 0 all indexed, 1 some inputs skipped (each named on\n"
        "stderr), 2 error (the index keeps its last committed state),\n"
        "128+N stopped by signal N (what was done is kept).\n",
        out);
}

/* The synonyms files of a run, one after the other. */
typedef struct {
    const char *path;
    long first_line; /* its first line's number in the text of all */
} synonyms_file_t;

typedef struct {
    const synonyms_file_t *files;
    size_t n;
} synonyms_files_t;

/* The warnings of the synonyms files, counted in the summary line. */
static unsigned long synonyms_warnings = 0;

/* The file of line (of the text of all the files), and its line there. */
static const synonyms_file_t *synonyms_place(const synonyms_files_t *all,
                                             long *line)
{
    size_t k = all->n - 1;

    while (k > 0 && all->files[k].first_line > *line)
        k--;
    *line -= all->files[k].first_line - 1;
    return &all->files[k];
}

/* An entry in two groups, of one file or of two: a warning naming the
 * place of each group. */
static void synonyms_warning(void *ctx, long line, long first,
                             const char *entry)
{
    const synonyms_files_t *all = ctx;
    const synonyms_file_t *file = synonyms_place(all, &line);
    const synonyms_file_t *first_file = synonyms_place(all, &first);
    char where[4200], *msg;

    if (first_file == file)
        snprintf(where, sizeof where, "line %ld", first);
    else
        snprintf(where, sizeof where, "line %ld of %.4096s", first,
                 first_file->path);
    msg = as_synonyms_shared_message(entry, where);
    synonyms_warnings++;
    as_cli_warning("synonyms file %s: line %ld: %s", file->path, line,
                   msg ? msg : "an entry is in two groups");
    free(msg);
}

/* Append the contents of the file path to *text (*len bytes, *cap
 * allocated), without a byte order mark at its start, and ending with a
 * newline; 0 on failure (reported). */
static int read_synonyms(const char *path, char **text, size_t *len,
                         size_t *cap)
{
    FILE *f = fopen(path, "rb");
    const size_t start = *len;
    char chunk[4096];
    size_t n;

    if (!f) {
        as_cli_error("cannot read synonyms file %s: %s", path, strerror(errno));
        return 0;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 || !feof(f)) {
        if (n == 0 && ferror(f)) {
            as_cli_error("cannot read synonyms file %s: %s", path,
                         strerror(errno));
            fclose(f);
            return 0;
        }
        if (*len + n + 1 > *cap) { /* room for a newline at the end */
            char *grown;
            *cap = (*len + n + 1) * 2;
            grown = realloc(*text, *cap);
            if (!grown) {
                fclose(f);
                as_cli_error("out of memory");
                return 0;
            }
            *text = grown;
        }
        memcpy(*text + *len, chunk, n);
        *len += n;
    }
    fclose(f);
    if (*len - start >= 3 && memcmp(*text + start, "\xEF\xBB\xBF", 3) == 0) {
        memmove(*text + start, *text + start + 3, *len - start - 3);
        *len -= 3;
    }
    if (*len > start && (*text)[*len - 1] != '\n')
        (*text)[(*len)++] = '\n';
    return 1;
}

/* Read the n synonyms files paths, each checked on its own, warning of
 * entries in two groups (of one file or two: the first group has them),
 * and with store store the groups of all in the index; 0 on failure
 * (reported). */
static int load_synonyms(as_index_t *index, char *const *paths, size_t n,
                         int store)
{
    synonyms_file_t *files = calloc(n ? n : 1, sizeof *files);
    synonyms_files_t all = {files, n};
    char *text = NULL, *msg = NULL;
    size_t len = 0, cap = 0;
    long lines = 0;
    as_synonyms_t *parsed = NULL;
    as_status_t rc = AS_OK;
    int ok = 0;

    if (!files) {
        as_cli_error("out of memory");
        return 0;
    }
    for (size_t k = 0; k < n; k++) {
        const size_t start = len;
        if (!read_synonyms(paths[k], &text, &len, &cap))
            goto done;
        files[k].path = paths[k];
        files[k].first_line = lines + 1;
        for (size_t i = start; i < len; i++)
            lines += text[i] == '\n';
        /* each file alone, for its errors named by its own lines */
        rc = as_synonyms_parse(text + start, len - start, NULL, NULL, &parsed,
                               &msg);
        as_synonyms_free(parsed);
        parsed = NULL;
        if (rc != AS_OK) {
            as_cli_error("synonyms file %s: %s", paths[k],
                         msg ? msg : as_status_str(rc));
            free(msg);
            goto done;
        }
    }
    /* all of them, for the entries in two groups (the index has no place
     * for warnings) */
    rc = as_synonyms_parse(text ? text : "", len, synonyms_warning, &all,
                           &parsed, &msg);
    as_synonyms_free(parsed);
    if (rc != AS_OK) {
        as_cli_error("synonyms files: %s", msg ? msg : as_status_str(rc));
        free(msg);
        goto done;
    }
    rc = store ? as_index_set_synonyms(index, text ? text : "", len) : AS_OK;
    if (rc != AS_OK) {
        as_cli_error("synonyms file %s: %s", paths[0], as_index_errmsg(index));
        goto done;
    }
    ok = 1;
done:
    free(text);
    free(files);
    return ok;
}

/* Whether any of the n paths is there and readable (standard input
 * always is); if none is, *why is the first one's errno. */
static int any_path_there(char **paths, int n, int *why)
{
    struct stat sb;

    for (int i = 0; i < n; i++) {
        /* (a link to nothing, or a loop, is missing too; a file or
         * directory this user may not read is as good as missing) */
        if (strcmp(paths[i], "-") == 0 ||
            (stat(paths[i], &sb) == 0 &&
             access(paths[i], S_ISDIR(sb.st_mode) ? R_OK | X_OK : R_OK) == 0))
            return 1;
        if (i == 0)
            *why = errno;
    }
    return 0;
}

/* Whether files[n] is the file of one of files[0..n) (freeing it then). */
static int same_file_before(char **files, size_t n)
{
    struct stat a, b;

    if (stat(files[n], &a) != 0)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (stat(files[k], &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            free(files[n]);
            files[n] = NULL;
            return 1;
        }
    return 0;
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

/* The progress line on a terminal (stderr): files done of all and the
 * rate, or within a JSON Lines input its lines read (of a file, the share
 * of its bytes) and the rate.  It is redrawn in place after a carriage
 * return, without a newline, so any other line written to that terminal
 * must clear it first (else the line is glued onto it); the next update
 * draws it again.  Where TERM is dumb or unset there is no known control
 * sequence: the line is padded and cleared with spaces instead of
 * \033[K, as git does. */
typedef struct progress {
    int show;      /* this process draws the progress line */
    int others;    /* another process of the run (--jobs) draws it */
    int dumb;      /* no \033[K: spaces */
    int on_stdout; /* stdout is that terminal too (the lines of -v) */
    size_t drawn;  /* columns of the line on the screen, 0 if none */
    /* when the run began, the line was last drawn, the input being read
     * began */
    struct timespec start, last, input;
} progress_t;

/* The progress line is cut to this many columns, so that it fits an
 * 80-column terminal and a process that did not draw it (--jobs) knows
 * how many spaces clear it on a dumb one. */
#define PROGRESS_WIDTH 79

/* Seconds between two updates of the progress line. */
#define PROGRESS_EVERY 0.2

/* What clears the progress line of p into buf (PROGRESS_WIDTH + 3 bytes):
 * its length, 0 if there is nothing to clear.  The line is taken for
 * cleared. */
static size_t progress_clearing(progress_t *p, char *buf)
{
    size_t width = p->others ? PROGRESS_WIDTH : p->drawn;

    if (!p->others && !p->drawn)
        return 0;
    p->drawn = 0;
    if (!p->dumb) {
        memcpy(buf, "\r\033[K", 4);
        return 4;
    }
    buf[0] = '\r';
    memset(buf + 1, ' ', width);
    buf[width + 1] = '\r';
    return width + 2;
}

/* Clear the progress line (p may be NULL) before a line on stderr.
 * stderr is line-buffered (main()), so the clearing goes out in one
 * write() with the line that follows: the progress line of another
 * process (--jobs) cannot come in between. */
static void progress_clear(progress_t *p)
{
    char buf[PROGRESS_WIDTH + 3];
    size_t len = p ? progress_clearing(p, buf) : 0;

    if (len)
        fwrite(buf, 1, len, stderr);
}

/* The run is over (done, stopped or failed): no progress line is left
 * on the screen. */
static void progress_end(progress_t *p)
{
    if (p->show)
        progress_clear(p);
    fflush(stderr);
}

/* Whether descriptors a and b are one terminal. */
static int same_terminal(int a, int b)
{
    struct stat sa, sb;

    return isatty(a) && isatty(b) && fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
           sa.st_rdev == sb.st_rdev;
}

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) +
           (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Columns the progress line may take: fewer than the terminal's (a line
 * as wide as the terminal wraps, and a redrawn one would leave a trail of
 * lines), at most PROGRESS_WIDTH. */
static size_t progress_width(void)
{
    struct winsize ws;

    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 &&
        (size_t)ws.ws_col - 1 < PROGRESS_WIDTH)
        return (size_t)ws.ws_col - 1;
    return PROGRESS_WIDTH;
}

/* Draw text (cut to progress_width()) as the progress line. */
static void progress_draw(progress_t *p, const char *text)
{
    size_t len = strnlen(text, progress_width());

    fputc('\r', stderr);
    fwrite(text, 1, len, stderr);
    if (!p->dumb)
        fputs("\033[K", stderr);
    else if (p->drawn > len)
        fprintf(stderr, "%*s", (int)(p->drawn - len), "");
    fflush(stderr);
    p->drawn = len;
    clock_gettime(CLOCK_MONOTONIC, &p->last);
}

/* After each input: files done of all, and files per second. */
static void show_progress(void *ctx, size_t done, size_t total)
{
    progress_t *p = ctx;
    char line[PROGRESS_WIDTH + 1];
    double elapsed;

    if (!p->show)
        return;
    clock_gettime(CLOCK_MONOTONIC, &p->input); /* the next one starts */
    if (done < total && seconds_since(&p->last) < PROGRESS_EVERY)
        return;
    elapsed = seconds_since(&p->start);
    snprintf(line, sizeof line, "artsearch-index: %zu/%zu files, %.0f files/s",
             done, total, elapsed > 0 ? (double)done / elapsed : 0.0);
    progress_draw(p, line);
    if (done == total)
        progress_end(p);
}

/* Within a JSON Lines input (one may hold millions of articles): its
 * lines read, the share of its bytes when it is a file, and lines per
 * second since it began.  Lines, not articles: blank and bad lines are
 * read too, and counting them costs nothing. */
static void show_reading(void *ctx, const as_reading_t *r)
{
    progress_t *p = ctx;
    char line[PROGRESS_WIDTH + 1], share[16] = "";
    double elapsed;

    if (!p->show || seconds_since(&p->last) < PROGRESS_EVERY)
        return;
    elapsed = seconds_since(&p->input);
    if (r->size > 0) {
        double part = 100.0 * (double)r->bytes / (double)r->size;
        /* a file that grows while it is read: not past 100% */
        snprintf(share, sizeof share, " (%.0f%%)", part > 100 ? 100 : part);
    }
    snprintf(line, sizeof line,
             "artsearch-index: %zu/%zu files, %lu line%s%s, %.0f lines/s",
             r->done, r->total, r->lines, r->lines == 1 ? "" : "s", share,
             elapsed > 0 ? (double)r->lines / elapsed : 0.0);
    progress_draw(p, line);
}

/* A problem with an input, one line on stderr: its name escaped as ids
 * are (a control character in a file name would otherwise reach the
 * terminal, a newline split the line). */
static void report(void *ctx, as_report_kind_t kind, const char *file,
                   long line, const char *msg)
{
    char *shown = as_text_escape_name(file);
    const char *name = shown ? shown : file;

    progress_clear(ctx);
    if (kind == AS_REPORT_SKIPPED) {
        if (line > 0)
            as_cli_warning("skipped %s:%ld: %s", name, line, msg);
        else
            as_cli_warning("skipped %s: %s", name, msg);
    } else if (line > 0) {
        as_cli_warning("%s:%ld: %s", name, line, msg);
    } else {
        as_cli_warning("%s: %s", name, msg);
    }
    free(shown);
}

/* Whether the list of changes (-v) could not be written: 0, or the errno
 * it failed with.  It is then given up, the indexing goes on, and the
 * exit status is 1. */
static int changes_failed = 0;

/* Whether this process is one of a parallel run's (--jobs): it leaves
 * warning of a failed list to the parent, which does so once. */
static int in_part = 0;

static void warn_changes_failed(int err)
{
    as_cli_warning("cannot write the list of changes: %s; indexing goes on "
                   "without it",
                   strerror(err));
}

/* The list of changes failed (errno err): given up, with a warning (in a
 * parallel run the parent's, once). */
static void changes_lost(progress_t *p, int err)
{
    changes_failed = err ? err : EIO;
    if (!in_part) {
        progress_clear(p);
        warn_changes_failed(changes_failed);
    }
}

/* Write one line of the list of changes (text, ending in a newline) to
 * stdout in one write(), so that the lines of parallel processes (--jobs)
 * never mix; when stdout is the terminal that shows the progress line
 * (p, may be NULL), the write clears that line first.  Written elsewhere
 * (a file, a pipe, another terminal), the list leaves the progress line
 * alone. */
static void put_change(progress_t *p, const char *text)
{
    size_t len = strlen(text), done = 0, cleared = 0;
    size_t drawn = p ? p->drawn : 0;
    char *line;

    if (changes_failed)
        return;
    if (!(line = malloc(PROGRESS_WIDTH + 2 + len + 1))) {
        changes_lost(p, ENOMEM);
        return;
    }
    if (p && p->on_stdout)
        cleared = progress_clearing(p, line);
    memcpy(line + cleared, text, len + 1);
    len += cleared;
    while (done < len) {
        ssize_t n = write(STDOUT_FILENO, line + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (p && done < cleared)
                p->drawn = drawn; /* the clearing did not go out */
            changes_lost(p, errno);
            break;
        }
        done += (size_t)n;
    }
    free(line);
}

/* -v: the lines wait in this file until the articles they name are in the
 * index: committed (published at each commit), or, in a rebuild, swapped
 * in (published after the swap, dropped with the rebuild); a run stopped
 * or failed drops the lines of what it did not commit.  NULL: each line
 * goes out at once (a dry run). */
static FILE *spool;

/* A new spool: an unlinked file in $TMPDIR (or /tmp), as sort(1) keeps
 * its runs.  NULL when it cannot be made: the list is then given up,
 * with a warning naming the directory (by the parent of a parallel run,
 * which makes the spools of its processes; p: the progress line or
 * NULL). */
static FILE *spool_open(progress_t *p)
{
    const char *dir = getenv("TMPDIR");
    char *path;
    FILE *f = NULL;
    int fd = -1, err = ENOMEM;

    if (!dir || !*dir)
        dir = "/tmp";
    if (asprintf(&path, "%s/artsearch-index-XXXXXX", dir) < 0)
        path = NULL;
    else if ((fd = mkstemp(path)) < 0 || unlink(path) != 0 ||
             !(f = fdopen(fd, "w+")))
        err = errno;
    free(path);
    if (!f) {
        if (fd >= 0)
            close(fd);
        changes_failed = err;
        progress_clear(p);
        as_cli_warning("cannot write the list of changes: cannot make a "
                       "temporary file in %s (TMPDIR): %s; indexing goes on "
                       "without it",
                       dir, strerror(err));
    }
    return f;
}

static int publish_on_commit; /* not in a rebuild */

/* Write out the lines of spool, and empty it. */
static void publish_changes(progress_t *p)
{
    char *line = NULL;
    size_t cap = 0;

    if (!spool)
        return;
    if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0) {
        changes_lost(p, errno);
        return;
    }
    while (!changes_failed && getline(&line, &cap, spool) > 0)
        put_change(p, line);
    if (!changes_failed && ferror(spool))
        changes_lost(p, errno);
    free(line);
    rewind(spool);
    if (ftruncate(fileno(spool), 0) != 0 && !changes_failed)
        changes_lost(p, errno);
}

/* Add the lines of a parallel run's process (kept in from) to spool. */
static void append_spool(progress_t *p, FILE *from)
{
    char buf[8192];
    size_t n;

    if (!from || !spool || changes_failed)
        return;
    if (fseek(from, 0, SEEK_SET) != 0) {
        changes_lost(p, errno);
        return;
    }
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, spool) != n) {
            changes_lost(p, errno);
            return;
        }
    if (ferror(from))
        changes_lost(p, errno);
}

/* The indexer committed: what it stored since the last commit is in the
 * index (but a rebuild's, which is not until it is swapped in). */
static void changes_committed(void *ctx)
{
    if (publish_on_commit)
        publish_changes(ctx);
}

/* -v: one line per article added, updated or removed on stdout, its file
 * escaped as records have it, "KIND<TAB>ID<TAB>FILE". */
static void print_change(void *ctx, as_change_kind_t kind, const char *id,
                         const char *file)
{
    static const char *const what[] = {"new", "updated", "removed"};
    progress_t *p = ctx;
    char *shown, *line;
    size_t len;

    if (changes_failed)
        return;
    shown = as_text_escape_name(file);
    len = shown ? strlen(what[kind]) + strlen(id) + strlen(shown) + 3 : 0;
    line = shown ? malloc(len + 1) : NULL;
    if (!line) {
        free(shown);
        changes_lost(p, ENOMEM);
        return;
    }
    snprintf(line, len + 1, "%s\t%s\t%s\n", what[kind], id, shown);
    if (!spool)
        put_change(p, line);
    else if (fputs(line, spool) == EOF)
        changes_lost(p, errno);
    free(line);
    free(shown);
}

/* The articles of the index a rebuild replaces that the rebuilt one
 * lacks (recorded from paths not given this time, or from standard
 * input), counted as removed. */
typedef struct {
    as_index_t *fresh;
    as_indexer_counts_t *sum;
    int verbose;
    as_status_t rc;
} dropped_t;

static int count_dropped(void *ctx, const char *id, const char *state)
{
    dropped_t *d = ctx;
    char *kept = NULL;
    const char *file;

    d->rc = as_index_article_state(d->fresh, id, &kept);
    if (d->rc != AS_OK)
        return 1;
    if (kept) {
        free(kept);
        return 0;
    }
    d->sum->removed++;
    if (d->verbose)
        print_change(NULL, AS_CHANGE_REMOVED, id,
                     (file = as_indexer_state_file(state)) ? file : "");
    return 0;
}

/* Count (and with verbose name) the articles of the index at path (or
 * of stray, the database of a lost stub, when not NULL) that the rebuild
 * at target (open as fresh, or NULL) leaves out.  An old index that
 * cannot be read (another schema) is not compared. */
static as_status_t report_dropped(const char *path, const char *stray,
                                  const char *target, as_index_t *fresh,
                                  int verbose, as_indexer_counts_t *sum)
{
    as_index_t *old = NULL, *opened = NULL;
    dropped_t d = {fresh, sum, verbose, AS_OK};
    as_status_t rc;

    if ((!stray && !as_indexdir_exists(path)) ||
        as_index_open(stray ? stray : path, AS_INDEX_READ, NULL, &old, NULL) !=
            AS_OK)
        return AS_OK;
    if (!d.fresh) {
        rc = as_index_open(target, AS_INDEX_READ, NULL, &opened, NULL);
        if (rc != AS_OK) {
            as_index_close(old);
            return rc;
        }
        d.fresh = opened;
    }
    rc = as_index_each_article_state(old, count_dropped, &d);
    if (rc == AS_OK)
        rc = d.rc;
    as_index_close(opened);
    as_index_close(old);
    return rc;
}

static volatile sig_atomic_t stop_signal = 0;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* A stop (stop_signal) once the indexing was done, before or while
 * compacting: said, and the exit status. */
static int stopped_uncompacted(void)
{
    as_cli_error("stopped by signal %d; what was indexed is kept, not "
                 "compacted",
                 (int)stop_signal);
    return 128 + (int)stop_signal;
}

static int print_status(const char *path)
{
    as_index_t *index = NULL;
    char *errmsg = NULL;
    as_status_t rc = as_index_open(path, AS_INDEX_READ, NULL, &index, &errmsg);
    int failed;

    if (rc != AS_OK) {
        if (rc != AS_ERR_NO_INDEX || !as_cli_lost_stub(path, 1, NULL))
            as_cli_index_error(path, rc, errmsg);
        free(errmsg);
        return AS_INDEX_EXIT_ERROR;
    }
    failed = as_cli_describe_index(index, &path, 1, path);
    as_index_close(index);
    if (as_cli_close_stdout())
        failed = 1;
    return failed ? AS_INDEX_EXIT_ERROR : AS_INDEX_EXIT_OK;
}

/* The language (a new string), number of shards and synonym groups (a
 * new string in *groups of *groups_len bytes, or NULL) of the index at
 * path, for a rebuild that keeps them. */
static char *language_of(const char *path, unsigned *shards, char **groups,
                         size_t *groups_len)
{
    as_index_t *index = NULL;
    as_index_stats_t st;
    char *lang = NULL, *errmsg = NULL, **databases = NULL;
    unsigned listed = 0;

    /* an index of an older schema too: a rebuild is what it needs */
    if (as_index_open(path, AS_INDEX_SETTINGS, NULL, &index, &errmsg) !=
            AS_OK &&
        (databases = as_indexdir_databases(path)) != NULL) {
        /* One shard damaged: the others say it, and the stub how many
         * there are. */
        while (databases[listed])
            listed++;
        for (unsigned i = 0; i < listed; i++) {
            as_index_close(index);
            index = NULL;
            if (as_index_open(databases[i], AS_INDEX_SETTINGS, NULL, &index,
                              NULL) == AS_OK)
                break;
        }
        as_indexdir_free_list(databases);
    }
    if (index) {
        lang = strdup(as_index_language(index));
        if (listed > 0)
            *shards = listed;
        else if (as_index_stats(index, &st) == AS_OK && st.shards > 0)
            *shards = st.shards;
        if (as_index_get_synonyms(index, groups, groups_len) != AS_OK)
            as_cli_warning("cannot read the synonym groups of the index "
                           "being rebuilt (%s): the new one has those of "
                           "the synonyms files read, if any",
                           as_index_errmsg(index));
    } else {
        /* say so: the rebuild will not be in the old index's language
         * and shards unless --lang and --shards give them */
        as_cli_warning("cannot read the language and shards of the index "
                       "being rebuilt (%s): the new one has --lang and "
                       "--shards as given, else english and 1 shard",
                       errmsg ? errmsg : "it does not open");
    }
    free(errmsg);
    as_index_close(index);
    return lang;
}

/* A dry run's index when there is none to compare with (a first run
 * rehearsed): an empty one in language lang (NULL: the default), in a
 * scratch directory (*dir, to remove with as_indexdir_scratch_remove()
 * and free()).  0 after saying why it cannot be made (in the words of
 * a first run at path for an unknown language). */
static int scratch_index(const char *path, const char *lang, char **dir)
{
    as_index_t *index = NULL;
    char *db = NULL, *errmsg = NULL;
    as_status_t rc = as_indexdir_scratch(dir, &errmsg);

    if (rc == AS_OK)
        rc = as_indexdir_new_database(*dir, 1, &db, &errmsg);
    if (rc == AS_OK && (rc = as_index_open(db, AS_INDEX_WRITE, lang, &index,
                                           &errmsg)) == AS_OK) {
        as_index_close(index);
        rc = as_indexdir_switch(*dir, db, &errmsg);
    }
    if (rc == AS_ERR_STEMMER) {
        as_cli_index_error(path, rc, errmsg);
    } else if (rc != AS_OK) {
        as_cli_error("a dry run without an index compares with an empty "
                     "one, which cannot be made: %s",
                     errmsg ? errmsg : as_status_str(rc));
    }
    if (rc != AS_OK) {
        as_indexdir_scratch_remove(*dir);
        free(*dir);
        *dir = NULL;
    }
    free(db);
    free(errmsg);
    return rc == AS_OK;
}

/* After a swap, the databases it left that are no longer used (this
 * user may not remove them), each in a warning; how many. */
static unsigned long warn_unused(const char *path)
{
    char **left = as_indexdir_unused(path);
    unsigned long n = 0;

    for (; left && left[n]; n++)
        as_cli_warning("%s is no longer used, and could not be removed: "
                       "remove it by hand",
                       left[n]);
    as_indexdir_free_list(left);
    return n;
}

/* What a rebuild that failed or was stopped leaves: every message of
 * one says it in these words. */
#define DROPPED "the rebuild was dropped and the index is as it was"

/* What a run that failed before it indexed leaves at path (lost: the
 * index lost its stub, and is being rebuilt). */
static const char *what_is_left(const char *path, int lost)
{
    return lost || as_indexdir_exists(path) ? DROPPED : "no index was made";
}

/* Say why indexing failed and what is left. */
static void indexing_failed(const char *path, as_index_t *index, as_status_t rc,
                            int rebuild)
{
    as_cli_error("indexing into %s failed: %s; %s", path,
                 index && *as_index_errmsg(index) ? as_index_errmsg(index)
                                                  : as_status_str(rc),
                 rebuild ? DROPPED
                         : "the index keeps its last committed state");
}

/* What fatal() must know of the run: main()'s own variables. */
static struct {
    progress_t *progress; /* the progress line to clear */
    const char *path;     /* the index directory */
    char *const *target;  /* a rebuild's new database, while unswitched */
    const int *lost;      /* the index lost its stub: being rebuilt */
    int owner;            /* this process drops the rebuild (not a part) */
    int compacting;       /* a compact copy is being written beside the index */
} fatal_run;

/* What one process of a parallel run tells the parent. */
typedef struct part_result {
    as_indexer_counts_t counts;
    as_status_t rc;
    int stopped_by;     /* the signal that stopped it, or 0 */
    int changes_failed; /* its part of the -v list was not written: errno */
} part_result_t;

/* One process of a parallel run: write the shards of part w of jobs into
 * the index at db, and tell the parent on fd. */
static void run_part(as_indexer_t *ix, const char *db, const char *path,
                     unsigned w, unsigned jobs, int rebuild,
                     progress_t *progress, int fd)
{
    as_open_opts_t opts = {w, jobs, 0, 0};
    part_result_t result;
    as_index_t *index = NULL;
    char *errmsg = NULL;
    as_status_t rc =
        as_index_open_with(&db, 1,
                           as_indexer_is_dry_run(ix) ? AS_INDEX_PREVIEW
                           : rebuild                 ? AS_INDEX_WRITE
                                                     : AS_INDEX_UPDATE,
                           NULL, &opts, &index, &errmsg);

    memset(&result, 0, sizeof result);
    in_part = 1;
    if (rc != AS_OK) {
        as_cli_index_error(path, rc, errmsg);
        free(errmsg);
    } else {
        as_indexer_set_index(ix, index);
        as_indexer_share(ix, w == 0);
        rc = as_indexer_run(ix);
        progress_end(progress);
        if (rc == AS_ERR_STOPPED) {
            result.stopped_by = (int)stop_signal;
        } else if (rc != AS_OK) {
            indexing_failed(path, index, rc, rebuild);
            as_index_abandon(index);
        }
        result.counts = *as_indexer_counts(ix);
        as_index_close(index);
    }
    result.rc = rc;
    if (spool && fflush(spool) != 0 && !changes_failed)
        changes_lost(NULL, errno); /* (in_part: the parent warns) */
    result.changes_failed = changes_failed;
    if (write(fd, &result, sizeof result) != (ssize_t)sizeof result)
        _exit(AS_INDEX_EXIT_ERROR);
    _exit(AS_INDEX_EXIT_OK);
}

/* Index with jobs processes at once, each writing its share of the
 * shards of the index at db (the caller's handle on it is closed first).
 * The counts of all are added up in *sum.  Returns AS_OK, AS_ERR_STOPPED
 * when stopped by a signal, or the status of a process that failed
 * (which has said why on stderr). */
static as_status_t run_parts(as_indexer_t *ix, as_index_t **index,
                             const char *db, const char *path, unsigned jobs,
                             int rebuild, progress_t *progress,
                             as_indexer_counts_t *sum)
{
    const as_indexer_counts_t before = *as_indexer_counts(ix);
    pid_t pid[MAX_JOBS];
    int fd[MAX_JOBS], forwarded = 0;
    FILE *part_spool[MAX_JOBS] = {NULL}, *own_spool = spool;
    as_status_t rc = as_index_commit(*index);

    *sum = before;
    if (rc != AS_OK) {
        indexing_failed(path, *index, rc, rebuild);
        return rc;
    }
    as_index_close(*index);
    *index = NULL;
    fflush(stdout);
    fflush(stderr);
    const pid_t parent = getpid();

    for (unsigned w = 0; w < jobs; w++) {
        int p[2];
        /* Each process keeps its list of changes in a file of its own,
         * which the parent reads for a rebuild. */
        if (own_spool && !changes_failed)
            part_spool[w] = spool_open(progress);
        if (pipe(p) != 0) {
            as_cli_error("cannot start a process: %s", strerror(errno));
            rc = AS_ERR_IO;
            jobs = w;
            break;
        }
        pid[w] = fork();
        if (pid[w] == 0) {
            /* A parent killed outright (SIGKILL) leaves no one to wait
             * for: stop as a SIGTERM stops, instead of holding the lock
             * for a run that is gone. */
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != parent)
                raise(SIGTERM);
            close(p[0]);
            fatal_run.owner = 0; /* the parent drops a rebuild */
            spool = part_spool[w];
            if (w != 0) { /* the first draws the progress line */
                progress->others = progress->show;
                progress->show = 0;
            }
            run_part(ix, db, path, w, jobs, rebuild, progress, p[1]);
        }
        close(p[1]);
        fd[w] = p[0];
        if (pid[w] < 0) {
            as_cli_error("cannot start a process: %s", strerror(errno));
            close(fd[w]);
            rc = AS_ERR_IO;
            jobs = w;
            break;
        }
    }
    for (unsigned w = 0; w < jobs; w++) {
        part_result_t result;
        ssize_t got;
        while ((got = read(fd[w], &result, sizeof result)) < 0 &&
               errno == EINTR) {
            if (stop_signal && !forwarded) { /* a signal to us alone */
                forwarded = 1;
                for (unsigned k = 0; k < jobs; k++)
                    kill(pid[k], (int)stop_signal);
            }
        }
        close(fd[w]);
        int status = 0;
        while (waitpid(pid[w], &status, 0) < 0 && errno == EINTR)
            ;
        if (got != (ssize_t)sizeof result) {
            /* killed (by the kernel short of memory, say) or crashed:
             * what it committed stays, and a run again goes on from there */
            char how[96];
            if (WIFSIGNALED(status))
                snprintf(how, sizeof how, "was killed by signal %d (%s)",
                         WTERMSIG(status), strsignal(WTERMSIG(status)));
            else
                snprintf(how, sizeof how, "ended with status %d",
                         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            /* the progress line it drew may still be there */
            progress->others = progress->show;
            progress_clear(progress);
            as_cli_error("indexing process %u of %u %s before it was done: "
                         "%s",
                         w + 1, jobs, how,
                         rebuild ? DROPPED
                                 : "the index keeps what it committed; run "
                                   "artsearch-index again to finish");
            rc = AS_ERR_INTERNAL;
            continue;
        }
        if (result.stopped_by && !stop_signal)
            stop_signal = result.stopped_by;
        if (result.changes_failed && !changes_failed) {
            changes_failed = result.changes_failed;
            warn_changes_failed(changes_failed);
        }
        if (!publish_on_commit) /* a rebuild: published once swapped in */
            append_spool(progress, part_spool[w]);
        if (result.rc != AS_OK && (rc == AS_OK || rc == AS_ERR_STOPPED))
            rc = result.rc;
        sum->added += result.counts.added - before.added;
        sum->updated += result.counts.updated - before.updated;
        sum->unchanged += result.counts.unchanged - before.unchanged;
        sum->removed += result.counts.removed - before.removed;
        sum->paragraphs += result.counts.paragraphs - before.paragraphs;
        sum->skipped += result.counts.skipped - before.skipped;
        sum->warnings += result.counts.warnings - before.warnings;
    }
    for (unsigned w = 0; w < MAX_JOBS; w++)
        if (part_spool[w])
            fclose(part_spool[w]);
    return rc;
}

/* Xapian ended the process from inside (as_index_on_fatal()): said as an
 * error is, with an error's status, and what the run was writing dropped
 * as the failures it returns are (main()'s end).  A rebuild's commit on a
 * full disk can end so: it must not leave its new database behind.  The
 * lock goes with the process. */
static void fatal(const char *message)
{
    /* a database made beside the index (or as its first), not swapped in */
    int made = fatal_run.target && *fatal_run.target;

    fflush(stdout);
    if (fatal_run.progress && fatal_run.progress->show)
        progress_clear(fatal_run.progress);
    if (made && fatal_run.owner &&
        (*fatal_run.lost || !as_indexdir_exists(fatal_run.path)))
        as_indexdir_remove(*fatal_run.target); /* (no stub to tell cleanup) */
    if ((made && fatal_run.owner) || fatal_run.compacting)
        as_indexdir_cleanup(fatal_run.path);
    as_cli_error("writing the index failed: %s: %s (fix the cause and run "
                 "artsearch-index again)",
                 message,
                 made ? what_is_left(fatal_run.path, *fatal_run.lost)
                 : fatal_run.compacting
                     ? "the index is as it was before compacting"
                     : "the index keeps its last committed state");
    _exit(AS_INDEX_EXIT_ERROR);
}

/* A number from min to max for option name; 0 (reported) if not. */
static unsigned parse_count(const char *name, const char *arg, unsigned max)
{
    char *end;
    unsigned long n = strtoul(arg, &end, 10);

    if (*arg < '0' || *arg > '9' || *end || n < 1 || n > max) {
        as_cli_error("invalid %s '%s': give a number from 1 to %u", name, arg,
                     max);
        return 0;
    }
    return (unsigned)n;
}

int main(int argc, char **argv)
{
    const char *index_opt = NULL, *lang = NULL, *synonyms = NULL, *path;
    const char *at;       /* the index opened: path, or scratch */
    char *scratch = NULL; /* a dry run's empty index, without one at path */
    const as_indexer_counts_t *counts;
    as_indexer_t *indexer = NULL;
    as_index_t *index = NULL;
    int quiet = 0, verbose = 0, dry_run = 0, rebuild = 0, status_only = 0;
    int jsonl = 0;
    int lock = -1, c;
    int status = AS_INDEX_EXIT_ERROR;
    double wait = 0;
    char *errmsg = NULL, *target = NULL, *old_lang = NULL, *old_groups = NULL;
    char *stray = NULL;  /* of a lost stub: the database to rebuild from */
    int lost = 0;        /* the index lost a stub: rebuilt */
    int first_build = 0; /* a first build, its stub not yet written */
    size_t old_groups_len = 0;
    const char *term;
    unsigned shards = 0, jobs = 0, have_shards = 1;
    int compact = 0, merge = 0;
    as_indexer_counts_t sum;
    as_index_stats_t st;
    progress_t progress;
    struct sigaction sa;
    as_status_t rc;

    /* First of all, so that SIGINT, SIGTERM or SIGHUP (a terminal or
     * ssh session closed) at any moment stops the run as documented
     * (exit 128+N), never by their default action. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* Over a file size limit (ulimit -f) a write fails with EFBIG, and
     * the run reports it as it does a full disk, instead of dying by
     * SIGXFSZ as if stopped by a signal. */
    signal(SIGXFSZ, SIG_IGN);
    as_cli_keep_std_fds();
    /* (stderr line-buffered: the progress line is flushed when drawn) */
    as_cli_set_program(argv[0]);
    as_cli_set_options(options);
    as_index_on_fatal(fatal);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qvnhV", options, NULL)) != -1) {
        switch (c) {
        case OPT_INDEX:
            if (!*optarg) {
                as_cli_error("--index needs a value: give --index DIR");
                return AS_INDEX_EXIT_ERROR;
            }
            index_opt = optarg;
            break;
        case OPT_LANG:
            lang = optarg;
            break;
        case OPT_SYNONYMS:
            synonyms = optarg;
            break;
        case OPT_REBUILD:
            rebuild = 1;
            break;
        case OPT_STATUS:
            status_only = 1;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "json") == 0) {
                jsonl = 1;
            } else if (strcmp(optarg, "articles") != 0) {
                as_cli_error("invalid --format '%s': use articles or jsonl",
                             optarg);
                return AS_INDEX_EXIT_ERROR;
            }
            break;
        case OPT_SHARDS:
            if (!(shards = parse_count("--shards", optarg, AS_MAX_SHARDS)))
                return AS_INDEX_EXIT_ERROR;
            break;
        case OPT_JOBS:
            if (!(jobs = parse_count("--jobs", optarg, MAX_JOBS)))
                return AS_INDEX_EXIT_ERROR;
            break;
        case OPT_COMPACT:
            compact = 1;
            break;
        case OPT_MERGE:
            compact = merge = 1;
            break;
        case OPT_WAIT: {
            char *end;
            wait = strtod(optarg, &end);
            if (*optarg == '\0' || *end || !(wait >= 0 && wait <= 1e6)) {
                as_cli_error("invalid --wait '%s': give seconds, from 0 to "
                             "1000000",
                             optarg);
                return AS_INDEX_EXIT_ERROR;
            }
            break;
        }
        case OPT_LIST_LANGUAGES:
            for (const char **l = as_stemmer_languages(); *l; l++)
                puts(*l);
            return as_cli_close_stdout() ? AS_INDEX_EXIT_ERROR
                                         : AS_INDEX_EXIT_OK;
        case 'q':
            quiet = 1;
            break;
        case 'v':
            verbose = 1;
            break;
        case 'n':
            dry_run = 1;
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
    if (status_only && optind < argc) {
        as_cli_error("--status describes the index (--index DIR, else "
                     "$ARTSEARCH_INDEX or index): it takes no path ('%s')",
                     argv[optind]);
        return AS_INDEX_EXIT_ERROR;
    }
    if (status_only && (rebuild || compact || shards || jobs || dry_run ||
                        lang || synonyms || jsonl)) {
        /* (each would be ignored: what was asked would not be done) */
        as_cli_error("--status only describes the index: it does not go "
                     "with %s",
                     rebuild    ? "--rebuild"
                     : merge    ? "--merge"
                     : compact  ? "--compact"
                     : shards   ? "--shards"
                     : jobs     ? "--jobs"
                     : dry_run  ? "--dry-run"
                     : lang     ? "--lang"
                     : synonyms ? "--synonyms"
                                : "--format");
        return AS_INDEX_EXIT_ERROR;
    }
    if (status_only)
        return print_status(path);
    if (dry_run && (rebuild || compact || shards)) {
        as_cli_error("--dry-run compares the inputs with the index as it is: "
                     "it does not go with %s",
                     rebuild   ? "--rebuild"
                     : compact ? "--compact or --merge"
                               : "--shards");
        return AS_INDEX_EXIT_ERROR;
    }
    for (int i = optind; !jsonl && i < argc; i++) {
        struct stat sb;
        if (strcmp(argv[i], "-") == 0) {
            /* (it was looked for as a file named '-') */
            as_cli_error("- (standard input) is read as JSON Lines: give "
                         "--format jsonl (article files are read from their "
                         "paths; a file named - is ./-)");
            return AS_INDEX_EXIT_ERROR;
        }
        /* /dev/stdin, <(...), a FIFO: an article is a file, its name its
         * id; a stream holds JSON Lines */
        if (as_indexer_is_stream(argv[i]) && stat(argv[i], &sb) == 0 &&
            !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
            as_cli_error("%s is a stream (a pipe, a FIFO or a device), read "
                         "as JSON Lines: give --format jsonl (article files "
                         "are read from their paths, their names their ids)",
                         argv[i]);
            return AS_INDEX_EXIT_ERROR;
        }
    }
    if (jsonl && optind == argc) {
        as_cli_error("--format jsonl needs a JSON Lines file (or a "
                     "directory of them), or - for standard input");
        return AS_INDEX_EXIT_ERROR;
    }

    {
        struct stat sb;
        /* No PATH and no corpus/ here: not a collection whose disk is
         * missing, but a first run in another directory.  Said before an
         * empty index is made. */
        if (optind == argc && stat(DEFAULT_CORPUS, &sb) != 0 &&
            errno == ENOENT && lstat(DEFAULT_CORPUS, &sb) != 0) {
            as_cli_error("no PATH given, and no " DEFAULT_CORPUS "/ in this "
                         "directory to index by default: give the "
                         "directory of your articles (artsearch-index "
                         "DIR)");
            goto done;
        }
        /* A first run whose every PATH is missing (mistyped, a disk not
         * mounted) has nothing to index: an empty index would answer
         * every search with "no hits". */
        int why = ENOENT;
        if (optind < argc &&
            !any_path_there(argv + optind, argc - optind, &why) &&
            !as_indexdir_exists(path) && !as_cli_lost_stub(path, 0, NULL)) {
            as_cli_error("%s: %s: nothing to index, and no index was made "
                         "at %s",
                         argv[optind],
                         why == ELOOP ? "symbolic link loop" : strerror(why),
                         path);
            goto done;
        }
        if (stat(path, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
            as_cli_error("%s is not an index directory (a stub file of "
                         "shards is for searching: index each shard's own "
                         "directory)",
                         path);
            goto done;
        }
    }
    /* (a dry run says it too, unlocked: it changes nothing) */
    if (dry_run && !rebuild && as_cli_lost_stub(path, 1, NULL))
        goto done;
    /* A first run rehearsed: every article is new, to an empty index of
     * the language asked for. */
    if (dry_run && !as_indexdir_exists(path)) {
        /* (and the problem a first run would meet at once) */
        if (as_indexdir_creatable(path, &errmsg) != AS_OK) {
            as_cli_error("%s", errmsg ? errmsg : "out of memory");
            goto done;
        }
        if (!scratch_index(path, lang, &scratch))
            goto done;
    }
    at = scratch ? scratch : path;
    /* A dry run needs only read access, and keeps writers out. */
    rc = dry_run
             ? as_indexdir_lock_shared(at, wait, &stop_signal, &lock, &errmsg)
             : as_indexdir_lock(path, wait, &stop_signal, &lock, &errmsg);
    if (rc == AS_ERR_STOPPED) {
        as_cli_error("stopped by signal %d while waiting for the index at "
                     "%s: nothing was done",
                     (int)stop_signal, path);
        status = 128 + (int)stop_signal;
        goto done;
    } else if (rc == AS_ERR_LOCKED && wait > 0) {
        as_cli_error("the index at %s is %s: still after waiting %g s (a "
                     "longer --wait, or wait for it to finish)",
                     path, errmsg ? errmsg : "in use", wait);
        goto done;
    } else if (rc == AS_ERR_LOCKED) {
        as_cli_error("the index at %s is %s: wait for it to finish (or "
                     "use --wait SECONDS)",
                     path, errmsg ? errmsg : "in use");
        goto done;
    } else if (rc != AS_OK) {
        as_cli_error("%s", errmsg ? errmsg : as_status_str(rc));
        goto done;
    }
    /* An index that lost a stub: an error, or for --rebuild the
     * database it had, kept until the new one is swapped in. */
    if (!dry_run && as_cli_lost_stub(path, !rebuild, &stray)) {
        if (!rebuild)
            goto done;
        lost = 1;
    }
    if (!dry_run)
        as_indexdir_cleanup(path);
    if (rebuild || !as_indexdir_exists(at)) {
        /* A fresh database beside the current one (if any), with the
         * old one's language and shards unless told otherwise. */
        if (lost || as_indexdir_exists(path)) {
            old_lang = language_of(stray ? stray : path, &have_shards,
                                   &old_groups, &old_groups_len);
            if (!lang)
                lang = old_lang;
        }
        if (!shards)
            shards = have_shards;
        rc = as_indexdir_new_database(path, shards, &target, &errmsg);
        fatal_run.path = path;
        fatal_run.target = &target;
        fatal_run.lost = &lost;
        fatal_run.owner = 1;
        if (rc != AS_OK) {
            as_cli_error("%s; %s", errmsg ? errmsg : as_status_str(rc),
                         what_is_left(path, lost));
            goto done;
        }
        rc = as_index_open(target, AS_INDEX_WRITE, lang, &index, &errmsg);
        if (rc != AS_OK) {
            /* (a full disk, say: the database no stub names goes) */
            as_cli_error("%s: %s; %s", path,
                         errmsg                    ? errmsg
                         : *as_index_errmsg(index) ? as_index_errmsg(index)
                                                   : as_status_str(rc),
                         what_is_left(path, lost));
            as_index_close(index);
            index = NULL;
            as_indexdir_remove(target);
            goto done;
        }
        /* A first build is visible (and resumable) from the start, once
         * its synonyms files are read: one with an error leaves no empty
         * index behind, which searches would take for a collection. */
        first_build = rc == AS_OK && !lost && !as_indexdir_exists(path);
    } else {
        rc = as_index_open(at, dry_run ? AS_INDEX_PREVIEW : AS_INDEX_UPDATE,
                           lang, &index, &errmsg);
    }
    if (rc != AS_OK) {
        as_cli_index_error(path, rc, errmsg ? errmsg : as_index_errmsg(index));
        goto done;
    }
    if (as_index_stats(index, &st) != AS_OK) {
        as_cli_index_error(path, AS_ERR_IO, as_index_errmsg(index));
        goto done;
    }
    if (shards && shards != st.shards) {
        as_cli_error("the index at %s has %u shard%s: use --rebuild "
                     "--shards %u to build it anew with %u shard%s",
                     path, st.shards, st.shards == 1 ? "" : "s", shards, shards,
                     shards == 1 ? "" : "s");
        goto done;
    }
    if (!jobs) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 1 ? (unsigned)(cpus < MAX_JOBS ? cpus : MAX_JOBS) : 1;
    }
    if (jobs > st.shards)
        jobs = st.shards;
    for (int i = optind; jsonl && jobs > 1 && i < argc; i++)
        if (as_indexer_is_stream(argv[i]))
            jobs = 1; /* one reader for what can be read once */
    memset(&progress, 0, sizeof progress);
    progress.show = !quiet && isatty(STDERR_FILENO);
    progress.dumb =
        !(term = getenv("TERM")) || !*term || strcmp(term, "dumb") == 0;
    progress.on_stdout =
        progress.show && same_terminal(STDOUT_FILENO, STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    progress.last = progress.input = progress.start;
    fatal_run.progress = &progress;
    if (as_indexer_new(index, report, show_progress, &progress, &indexer) !=
        AS_OK) {
        as_cli_error("out of memory");
        goto done;
    }
    as_indexer_on_reading(indexer, show_reading);
    as_indexer_stop_on(indexer, &stop_signal);
    if (dry_run)
        as_indexer_dry_run(indexer);
    if (verbose) {
        /* a reader that goes away makes write() fail, not kill us */
        signal(SIGPIPE, SIG_IGN);
        as_indexer_on_change(indexer, print_change);
        if (!dry_run) {
            publish_on_commit = target == NULL || first_build;
            as_indexer_on_commit(indexer, changes_committed);
            spool = spool_open(NULL);
        }
    }
    /* A dry run reads the synonyms for their problems; a real run stores
     * them too. */
    if (synonyms) {
        char *one = (char *)synonyms;
        if (!load_synonyms(index, &one, 1, !dry_run))
            goto done;
    } else {
        /* those of every directory given, in the order given */
        char **files = calloc((size_t)(argc - optind) + 1, sizeof *files);
        size_t n = 0;
        int loaded;
        if (!files) {
            as_cli_error("out of memory");
            goto done;
        }
        for (int i = optind; i <= argc; i++) {
            const char *dir = i < argc ? argv[i] : DEFAULT_CORPUS;
            if (i == argc && optind != argc)
                break;
            if ((files[n] = directory_synonyms(dir)) != NULL)
                n += !same_file_before(files, n); /* a directory given twice */
        }
        loaded = n == 0 || load_synonyms(index, files, n, !dry_run);
        /* no synonyms file: the groups stay, a rebuild's too */
        if (loaded && n == 0 && old_groups && *old_groups && !dry_run &&
            as_index_set_synonyms(index, old_groups, old_groups_len) != AS_OK) {
            as_cli_error("cannot keep the synonym groups of the index being "
                         "rebuilt: %s",
                         as_index_errmsg(index));
            loaded = 0;
        }
        for (size_t k = 0; k < n; k++)
            free(files[k]);
        free(files);
        if (!loaded)
            goto done;
    }
    if (first_build) {
        rc = as_indexdir_switch(path, target, &errmsg);
        if (rc != AS_OK) { /* (its database goes: done) */
            as_cli_error("%s: %s; no index was made", path,
                         errmsg ? errmsg : as_status_str(rc));
            goto done;
        }
        free(target);
        target = NULL;
        first_build = 0;
    }
    if (optind == argc) {
        rc = as_indexer_add_path(indexer, DEFAULT_CORPUS);
    } else {
        rc = AS_OK;
        for (int i = optind; i < argc && rc == AS_OK; i++)
            rc = jsonl ? as_indexer_add_jsonl(indexer, argv[i])
                       : as_indexer_add_path(indexer, argv[i]);
    }
    if (rc == AS_OK && jobs > 1) {
        rc = run_parts(indexer, &index, target ? target : at, path, jobs,
                       target != NULL, &progress, &sum);
        if (rc != AS_OK && !(rc == AS_ERR_STOPPED))
            goto done; /* the process that failed said why */
    } else if (rc == AS_OK) {
        rc = as_indexer_run(indexer);
        progress_end(&progress);
        sum = *as_indexer_counts(indexer);
    }
    if (rc == AS_ERR_STOPPED) {
        as_cli_error("stopped by signal %d; %s", (int)stop_signal,
                     dry_run  ? "a dry run: nothing was written"
                     : target ? DROPPED
                              : "what was indexed so far is kept: run "
                                "artsearch-index again to finish");
        status = 128 + (int)stop_signal;
        goto done;
    }
    if (rc != AS_OK) {
        indexing_failed(path, index, rc, target != NULL);
        goto done;
    }
    if (target) {
        /* The rebuild is complete: say what it leaves out, and swap it
         * in. */
        rc = report_dropped(path, stray, target, index, verbose, &sum);
        if (rc != AS_OK) {
            indexing_failed(path, index, rc, 1);
            goto done;
        }
        /* A rebuild that read nothing (a path mistyped, a disk not
         * mounted, no PATH and no corpus/ here) would empty the index
         * (one that lost a stub too, whose articles may not be
         * countable). */
        if (sum.added + sum.updated + sum.unchanged == 0 &&
            (sum.removed > 0 || sum.skipped > 0 || lost)) {
            as_cli_error("the rebuild read no article from the paths given: "
                         "it was dropped, and the index is as it was (give "
                         "the files or directories it was built from)");
            goto done;
        }
        as_index_close(index);
        index = NULL;
        rc = as_indexdir_switch(path, target, &errmsg);
        if (rc != AS_OK) {
            as_cli_error("%s; %s", errmsg ? errmsg : as_status_str(rc),
                         DROPPED);
            goto done;
        }
        free(target);
        target = NULL;
        sum.warnings += warn_unused(path);
        publish_changes(&progress);
    }
    /* The summary of what is now in the index, before any compaction
     * (which may fail, and leaves the index as indexed). */
    sum.warnings += synonyms_warnings;
    counts = &sum;
    if (!quiet)
        as_cli_note("%s%s: %lu new, %lu updated, %lu unchanged, "
                    "%lu removed article%s (%lu paragraph%s %s); "
                    "%lu skipped, %lu warning%s",
                    path, dry_run ? " (dry run, nothing written)" : "",
                    counts->added, counts->updated, counts->unchanged,
                    counts->removed, counts->removed == 1 ? "" : "s",
                    counts->paragraphs, counts->paragraphs == 1 ? "" : "s",
                    dry_run ? "to index" : "indexed", counts->skipped,
                    counts->warnings, counts->warnings == 1 ? "" : "s");
    if (compact && stop_signal) { /* stopped once the indexing was done */
        status = stopped_uncompacted();
        goto done;
    }
    if (compact) {
        /* A compact copy beside the index, swapped in like a rebuild. */
        char *dest = NULL;
        as_index_close(index);
        index = NULL;
        rc = as_indexdir_new_database(path, merge ? 1 : st.shards, &dest,
                                      &errmsg);
        fatal_run.path = path;
        fatal_run.compacting = 1;
        if (rc == AS_OK)
            rc = as_index_compact(path, dest, merge, &errmsg);
        fatal_run.compacting = 0;
        if (rc == AS_OK && stop_signal) {
            /* Xapian's compaction cannot be stopped midway: its copy is
             * dropped once it ends. */
            free(dest);
            as_indexdir_cleanup(path);
            status = stopped_uncompacted();
            goto done;
        }
        if (rc == AS_OK &&
            (rc = as_indexdir_switch(path, dest, &errmsg)) == AS_OK)
            warn_unused(path);
        free(dest);
        if (rc != AS_OK) {
            as_indexdir_cleanup(path);
            as_cli_error("compacting %s failed: %s; the index is as it was "
                         "before compacting",
                         path, errmsg ? errmsg : as_status_str(rc));
            goto done;
        }
    }
    status = counts->skipped || changes_failed ? AS_INDEX_EXIT_INCOMPLETE
                                               : AS_INDEX_EXIT_OK;

done:
    as_indexer_free(indexer);
    if (index && (dry_run || (status != AS_INDEX_EXIT_OK &&
                              status != AS_INDEX_EXIT_INCOMPLETE)))
        as_index_abandon(index); /* only what was not committed */
    as_index_close(index);
    if (target && (lost || first_build)) /* (no stub says what is unused) */
        as_indexdir_remove(target);
    if (target) /* a rebuild that did not finish */
        as_indexdir_cleanup(path);
    as_indexdir_unlock(lock);
    as_indexdir_scratch_remove(scratch);
    free(scratch);
    if (spool)
        fclose(spool); /* what was not published was not done */
    free(target);
    free(stray);
    free(old_lang);
    free(old_groups);
    free(errmsg);
    return status;
}
