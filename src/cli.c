/* cli.c - messages, exit, default index path, closing stdout. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "indexdir.h"
#include "printer.h"
#include "text.h"

static const char *program = PACKAGE_NAME;

void as_cli_keep_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        /* the wrong way round: reads of 0 and writes to 1, 2 fail */
        int null = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (null >= 0 && null != fd) {
            dup2(null, fd);
            close(null);
        }
    }
}

void as_cli_set_program(const char *argv0)
{
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

    setvbuf(stderr, NULL, _IOLBF, BUFSIZ);

    if (argv0 && *argv0)
        program = slash ? slash + 1 : argv0;
}

const char *as_cli_index_path(const char *option)
{
    const char *env = getenv("ARTSEARCH_INDEX");

    if (option)
        return option;
    if (env && *env)
        return env;
    return AS_DEFAULT_INDEX;
}

/* "PROGRAM: [KIND: ]MESSAGE\n" on stderr.  A message quotes what it was
 * given (a query, a date, an option, a name): its control characters are
 * made harmless, as in text output, so no input can drive the terminal. */
static void message(const char *kind, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void message(const char *kind, const char *fmt, va_list ap)
{
    char small[512], *text = small;
    va_list again;
    int len;

    va_copy(again, ap);
    len = vsnprintf(small, sizeof small, fmt, ap);
    if (len >= (int)sizeof small) {
        text = malloc((size_t)len + 1);
        if (text)
            vsnprintf(text, (size_t)len + 1, fmt, again);
        else {
            text = small; /* cut */
            len = (int)sizeof small - 1;
        }
    }
    va_end(again);
    if (len < 0)
        return;
    /* What stdout holds goes first, so that with 2>&1 a message comes
     * between records, never inside one (stderr is line-buffered: the
     * message is one write, see as_cli_set_program()). */
    as_cli_flush_stdout();
    fprintf(stderr, "%s: ", program);
    if (kind)
        fprintf(stderr, "%s: ", kind);
    as_print_safe(stderr, text, (size_t)len);
    fputc('\n', stderr);
    if (text != small)
        free(text);
}

void as_cli_note(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    message(NULL, fmt, ap);
    va_end(ap);
}

void as_cli_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    message("error", fmt, ap);
    va_end(ap);
}

void as_cli_warning(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    message("warning", fmt, ap);
    va_end(ap);
}

char *as_cli_index_message(const char *path, as_status_t rc, const char *msg)
{
    const char *before = "", *after;
    char *out, cwd[4200] = "";
    int len;

    if (rc == AS_ERR_NO_INDEX) {
        /* where a relative path was looked for: the index may be in the
         * directory the indexer ran in */
        before = "no index at ";
        after = ": run artsearch-index first (or give --index DIR)";
        char here[4096], *shown;
        if (path[0] != '/' && getcwd(here, sizeof here) &&
            (shown = as_text_escape_name(here)) != NULL) {
            snprintf(cwd, sizeof cwd, " (in %s)", shown);
            free(shown);
        }
    } else if (rc == AS_ERR_LOCKED) {
        before = "the index at ";
        after = " is being written by another artsearch-index: wait for it "
                "to finish";
    } else {
        after = msg && *msg ? msg : as_status_str(rc);
    }
    len = snprintf(NULL, 0, "%s%s%s%s%s", before, path, cwd,
                   *before ? "" : ": ", after);
    out = len < 0 ? NULL : malloc((size_t)len + 1);
    if (out)
        snprintf(out, (size_t)len + 1, "%s%s%s%s%s", before, path, cwd,
                 *before ? "" : ": ", after);
    return out;
}

void as_cli_index_error(const char *path, as_status_t rc, const char *msg)
{
    char *message = as_cli_index_message(path, rc, msg);

    as_cli_error("%s", message ? message : "out of memory");
    free(message);
}

static const struct option *long_options;

void as_cli_set_options(const struct option *options)
{
    long_options = options;
}

/* If the long option arg[0..len) ("--NAME") is the prefix of several
 * options, report it with their names and return 1; else 0.  getopt_long()
 * returns '?' for it as for an unknown option: only the table tells. */
static int ambiguous_option(const char *arg, int len)
{
    char names[512] = "";
    size_t used = 0, n = 0;

    if (!long_options || len <= 2 || strncmp(arg, "--", 2) != 0)
        return 0;
    for (const struct option *o = long_options; o->name; o++) {
        if (strncmp(o->name, arg + 2, (size_t)len - 2) != 0)
            continue;
        if (used < sizeof names)
            used += (size_t)snprintf(names + used, sizeof names - used,
                                     "%s--%s", n ? ", " : "", o->name);
        n++;
    }
    if (n < 2)
        return 0;
    as_cli_error("ambiguous option %.*s: could be %s (see %s --help)", len, arg,
                 names, program);
    return 1;
}

int as_cli_given_alone(int argc, char **argv, char letter, const char *name,
                       const char **cluster)
{
    *cluster = "";
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *a = argv[i];
        if (a[0] != '-')
            continue;
        if (a[1] == letter && a[2] == '\0')
            return 1;
        if (a[1] == '-' && a[2] != '\0' &&
            strncmp(name, a + 2, strlen(a + 2)) == 0)
            return 1;
        if (a[1] != '-' && !**cluster && strchr(a + 1, letter))
            *cluster = a;
    }
    return 0;
}

void as_cli_option_error(int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    int len = (int)strcspn(arg, "=");

    if (c == '?' && ambiguous_option(arg, len))
        return;

    if (c == ':') {
        if (strncmp(arg, "--", 2) == 0)
            as_cli_error("option %.*s needs a value (see %s --help)", len, arg,
                         program);
        else
            as_cli_error("option -%c needs a value (see %s --help)", optopt,
                         program);
    } else if (optopt != 0 && strncmp(arg, "--", 2) == 0 && arg[len] == '=') {
        /* getopt_long() names a known long option given a value it does
         * not take by its short letter or code in optopt */
        as_cli_error("option %.*s takes no value (see %s --help)", len, arg,
                     program);
    } else if (optopt > 0 && optopt < 128) {
        as_cli_error("unknown option -%c (see %s --help)", optopt, program);
    } else {
        as_cli_error("unknown option %.*s (see %s --help)", len, arg, program);
    }
}

/* One "key<TAB>name" line of --stats: name escaped as file names are, so
 * that a tab or newline in it cannot split a line, and to a terminal with
 * its bidirectional overrides shown as U+FFFD (as_print_safe()), as in
 * the other output.  Returns 0, or 1 out of memory. */
static int describe_name(const char *key, const char *name)
{
    char *shown = as_text_escape_name(name);

    if (!shown) {
        as_cli_error("out of memory");
        return 1;
    }
    printf("%s\t", key);
    if (isatty(STDOUT_FILENO))
        as_print_safe(stdout, shown, strlen(shown));
    else
        fputs(shown, stdout);
    putchar('\n');
    free(shown);
    return 0;
}

int as_cli_describe_index(as_index_t *index, const char *const *paths, size_t n,
                          const char *name)
{
    as_index_stats_t st;
    as_status_t rc = as_index_stats(index, &st);

    if (rc != AS_OK) {
        as_cli_index_error(name, rc, as_index_errmsg(index));
        return 1;
    }
    /* one key<TAB>value a line */
    for (size_t i = 0; i < n; i++)
        if (describe_name("index", paths[i]))
            return 1;
    printf("schema\t%d\nlanguage\t%s\nstemmer\t%s\n"
           "shards\t%u\narticles\t%lu\nparagraphs\t%lu\nupdated\t%s\n",
           st.schema, as_index_language(index), st.stemmer, st.shards,
           st.articles, st.paragraphs, st.updated);
    if (st.missing) {
        size_t n_missing;
        const char *const *missing = as_index_missing(index, &n_missing);
        for (size_t i = 0; i < n_missing; i++)
            if (describe_name("missing", missing[i]))
                return 1;
    }
    return 0;
}

/* errno of the first write error on stdout seen by as_cli_flush_stdout(),
 * or 0. */
static int stdout_errno;

int as_cli_stdout_failed(void)
{
    if (!ferror(stdout))
        return 0;
    if (!stdout_errno)
        stdout_errno = errno ? errno : EIO;
    return 1;
}

int as_cli_flush_stdout(void)
{
    if (fflush(stdout) != 0 && !stdout_errno)
        stdout_errno = errno ? errno : EIO;
    return as_cli_stdout_failed();
}

int as_cli_close_stdout(void)
{
    int failed = fflush(stdout) != 0 || ferror(stdout);
    int err = stdout_errno ? stdout_errno : errno;

    if (fclose(stdout) != 0 && !failed) {
        failed = 1;
        err = errno;
    }
    if (failed && err != EPIPE) {
        as_cli_error("write error on standard output: %s", strerror(err));
        return 1;
    }
    return failed;
}

/* The paragraphs of the database db, or -1 when it does not open. */
static long paragraphs_of(const char *db)
{
    as_index_t *index = NULL;
    as_index_stats_t st;
    long n = -1;

    if (as_indexdir_unfinished(db)) /* (nothing was committed to it) */
        return 0;
    if (as_index_open(db, AS_INDEX_SETTINGS, NULL, &index, NULL) == AS_OK &&
        as_index_stats(index, &st) == AS_OK)
        n = (long)st.paragraphs;
    as_index_close(index);
    return n;
}

int as_cli_lost_stub(const char *path, int report, char **best)
{
    int inner;
    char **strays = as_indexdir_strays(path, &inner), names[1024] = "";
    const char *chosen = NULL;
    long most = -1;
    size_t used = 0;

    if (best)
        *best = NULL;
    for (size_t i = 0; strays && strays[i]; i++) {
        long n = paragraphs_of(strays[i]);
        if (n == 0 && !inner) /* a first build stopped: it goes */
            continue;
        if (!chosen || n > most) {
            chosen = strays[i];
            most = n;
        }
        if (used < sizeof names && n < 0)
            used += (size_t)snprintf(names + used, sizeof names - used,
                                     "%s%s (unreadable)", used ? ", " : "",
                                     strrchr(strays[i], '/') + 1);
        else if (used < sizeof names)
            used += (size_t)snprintf(names + used, sizeof names - used,
                                     "%s%s (%ld paragraph%s)", used ? ", " : "",
                                     strrchr(strays[i], '/') + 1, n,
                                     n == 1 ? "" : "s");
    }
    if (chosen && report && inner)
        as_cli_error("the index at %s is damaged: its database %s is one of "
                     "shards without the stub that lists them (%s/XAPIANDB; "
                     "a copy or a restore in part?): put it back (a line "
                     "'auto N' for each shard, in order), or rebuild the "
                     "index from the articles with artsearch-index "
                     "--rebuild PATH...",
                     path, strrchr(chosen, '/') + 1, chosen);
    else if (chosen && report && most >= 0)
        as_cli_error("the index at %s is damaged: its stub (%s/XAPIANDB) is "
                     "missing or names a database that is not there, beside "
                     "%s (a copy or a restore in part?): put the stub back "
                     "(a line 'auto %s' for the database to keep), or "
                     "rebuild the index from the articles with "
                     "artsearch-index --rebuild PATH...",
                     path, path, names, strrchr(chosen, '/') + 1);
    else if (chosen && report) /* (or a first build stopped at its start) */
        as_cli_error("the index at %s is damaged: its stub (%s/XAPIANDB) is "
                     "missing or names a database that is not there, beside "
                     "%s: rebuild the index from the articles with "
                     "artsearch-index --rebuild PATH...",
                     path, path, names);
    if (chosen && best && !inner)
        *best = strdup(chosen);
    as_indexdir_free_list(strays);
    return chosen != NULL;
}
