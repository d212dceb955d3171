/* cli.h - what both programs share on the command line.
 *
 * Owns: the exit codes (named once here, listed in --help, the man pages
 * and README.md), the format of messages on stderr ("PROGRAM: error: ..."),
 * where the index is by default, standard descriptors that are never
 * closed (as_cli_keep_std_fds()), and closing stdout so that a write
 * error is never silent success.
 * Does not own: the options of each program (artsearch.c,
 * artsearch-index.c).
 */
#ifndef AS_CLI_H
#define AS_CLI_H

#include "status.h"
#include "xapian-shim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Exit codes of artsearch (as grep). */
typedef enum as_exit {
    AS_EXIT_MATCH = 0,    /* at least one hit */
    AS_EXIT_NO_MATCH = 1, /* no hit */
    AS_EXIT_ERROR = 2     /* bad usage, bad query, no index, ... */
} as_exit_t;

/* Exit codes of artsearch-index. */
typedef enum as_index_exit {
    AS_INDEX_EXIT_OK = 0,         /* every input was indexed */
    AS_INDEX_EXIT_INCOMPLETE = 1, /* done, but some inputs were left out,
                                   * or the -v list was cut short */
    AS_INDEX_EXIT_ERROR = 2       /* the run failed: the index keeps its
                                     last committed state */
} as_index_exit_t;

/* The index used when neither --index nor $ARTSEARCH_INDEX says. */
#define AS_DEFAULT_INDEX "index"

/* The index directory: option if not NULL, else $ARTSEARCH_INDEX if set
 * and not empty, else AS_DEFAULT_INDEX.  Borrowed, static or from the
 * environment. */
const char *as_cli_index_path(const char *option);

/* Open /dev/null on whichever of descriptors 0, 1 and 2 is closed (for
 * reading on 1 and 2, for writing on 0), before anything else is opened:
 * else the first file or socket opened would take its number, and
 * output meant for stdout would go into it.  This way reading a closed
 * stdin and writing a closed stdout or stderr fail, as they should. */
void as_cli_keep_std_fds(void);

/* Set the program name used in messages (argv[0]'s last component), and
 * make stderr line-buffered, so that each message (every one ends with a
 * newline) goes out in one write(): whole beside the messages of other
 * processes that share the stream (--jobs, xargs -P), and after the
 * clearing of a progress line.  Call before anything is written. */
void as_cli_set_program(const char *argv0);

/* "PROGRAM: error: MESSAGE\n" on stderr. */
void as_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PROGRAM: warning: MESSAGE\n" on stderr. */
void as_cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PROGRAM: MESSAGE\n" on stderr (a summary, a suggestion).  In all three
 * MESSAGE is written with as_print_safe(): its control characters,
 * bidirectional controls and invalid UTF-8 become U+FFFD. */
void as_cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The message for a failure to open the index at path with status rc and
 * the shim's message, adding what to do about it: a new string to free()
 * (NULL when out of memory). */
char *as_cli_index_message(const char *path, as_status_t rc, const char *msg);

/* Report that message as an error. */
void as_cli_index_error(const char *path, as_status_t rc, const char *msg);

struct option;

/* The long options of the program (getopt_long()'s table), so that
 * as_cli_option_error() can tell an ambiguous prefix from an unknown
 * option and name the candidates.  Borrowed: the table must outlive the
 * calls. */
void as_cli_set_options(const struct option *options);

/* Whether option -letter, or --name (or a prefix of it), stands alone
 * among the options of argv (those before "--").  If not, getopt_long()
 * took letter from a cluster, such as the query word "-china" (-c -h -i
 * -n -a), and *cluster is the first such argument with letter in it. */
int as_cli_given_alone(int argc, char **argv, char letter, const char *name,
                       const char **cluster);

/* Report a getopt_long() failure: c is what it returned (':' for a
 * missing value when the option string starts with ':', '?' for an
 * unknown or, with as_cli_set_options(), ambiguous option). */
void as_cli_option_error(int c, char **argv);

/* Describe the open index of the n paths on stdout as "key<TAB>value"
 * lines: index (one line a path), schema, language, stemmer, articles,
 * paragraphs, updated (for artsearch --stats and artsearch-index
 * --status); name: the paths in messages.  Returns 0, or non-zero after
 * reporting an error. */
int as_cli_describe_index(as_index_t *index, const char *const *paths, size_t n,
                          const char *name);

/* Whether the index directory path lost a stub (as_indexdir_strays()):
 * its own (missing, or naming a database that is not there) beside a
 * database that holds paragraphs or cannot be read, or that of its
 * database of shards.  With report, said as damaged, with what to do: an
 * indexer stops there, before its cleanup removes that database as
 * unused; a search says why it finds no index.  *best (when not NULL)
 * gets the database with the most paragraphs of a lost top stub (a new
 * string; NULL otherwise), whose language and shards a rebuild keeps.
 * 0 when there is none, or it has no paragraph (what a first build
 * stopped before it wrote its stub leaves, which goes). */
int as_cli_lost_stub(const char *path, int report, char **best);

/* Flush stdout (batch mode: after each answer).  Returns 0, or non-zero
 * on a write error, which is kept for as_cli_close_stdout() to report (a
 * later call may have changed errno by then). */
int as_cli_flush_stdout(void);

/* Non-zero when a write to stdout has failed (a closed pipe with SIGPIPE
 * ignored, a full disk): the output should stop there.  The error is kept
 * for as_cli_close_stdout(), as by as_cli_flush_stdout(). */
int as_cli_stdout_failed(void);

/* Flush and close stdout; on a write error (this one or one kept by
 * as_cli_flush_stdout()) report it and return non-zero.  A closed pipe
 * (EPIPE) is not reported. */
int as_cli_close_stdout(void);

#ifdef __cplusplus
}
#endif

#endif /* AS_CLI_H */
