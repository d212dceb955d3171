/* indexer.h - feeding article files into an index.
 *
 * Owns: turning paths (files and directories) into indexed articles:
 * walking directories (files ending in .txt, sorted, hidden entries and
 * symlink loops skipped), reading files and JSON Lines inputs (line by
 * line, bounded, stoppable), skipping articles whose content the
 * index already has (a hash of the bytes), parsing the others
 * (article.h), refusing duplicate article ids, storing them
 * (xapian-shim.h), removing articles whose files are gone, committing in
 * batches, and counting what happened.  Problems with one input are reported
 * through the report callback and never stop the others. Does not own: the
 * command line or where messages go (artsearch-index.c).
 */
#ifndef AS_INDEXER_H
#define AS_INDEXER_H

#include <signal.h>

#include "status.h"
#include "xapian-shim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Files larger than this are skipped. */
#define AS_INDEXER_MAX_FILE (256L * 1024 * 1024)

/* Work is committed after this many stored articles, so that a killed run
 * keeps what it did and the next run goes on from there, or sooner, once
 * their paragraphs are this many: Xapian holds a commit's paragraphs in
 * memory (about 0.5 KB each: 100 articles of 10,000 paragraphs took
 * 540 MB in one commit). */
#define AS_INDEXER_COMMIT_EVERY 500
#define AS_INDEXER_COMMIT_PARAGRAPHS 20000

typedef enum as_report_kind {
    AS_REPORT_WARNING, /* a problem fixed on the way; the article is in */
    AS_REPORT_SKIPPED  /* an input that was left out */
} as_report_kind_t;

/* Called for every problem: file is the input's path, line 1-based or 0,
 * msg a sentence.  All three are borrowed for the call only. */
typedef void (*as_report_fn)(void *ctx, as_report_kind_t kind, const char *file,
                             long line, const char *msg);

typedef enum as_change_kind {
    AS_CHANGE_NEW,     /* an article added */
    AS_CHANGE_UPDATED, /* an article whose content changed, stored again */
    AS_CHANGE_REMOVED  /* an article whose file is gone, removed */
} as_change_kind_t;

/* Called for every article added, updated or removed, once it is done
 * (committed with the next commit): id is its id, file the input it was
 * read from (for a removed article, the one recorded), as given (not
 * escaped).  Both are borrowed for the call only. */
typedef void (*as_change_fn)(void *ctx, as_change_kind_t kind, const char *id,
                             const char *file);

/* Called after each input file with how many are done of how many. */
typedef void (*as_progress_fn)(void *ctx, size_t done, size_t total);

/* Where the reading of a JSON Lines input is, for progress within it (a
 * file of a million articles is one input). */
typedef struct as_reading {
    size_t done, total;  /* inputs done before this one, of all */
    unsigned long lines; /* its lines read so far, blank and bad ones too */
    long long bytes;     /* its bytes taken from the input so far */
    long long size;      /* its size in bytes; -1 if unknown (a pipe) */
} as_reading_t;

/* Called for each line read of a JSON Lines input, before the line is
 * indexed.  reading is borrowed for the call only. */
typedef void (*as_reading_fn)(void *ctx, const as_reading_t *reading);

typedef struct as_indexer_counts {
    unsigned long added;      /* articles new to the index */
    unsigned long updated;    /* articles whose content changed */
    unsigned long unchanged;  /* articles left as they were */
    unsigned long removed;    /* articles whose file is gone */
    unsigned long paragraphs; /* paragraphs stored (added or updated) */
    unsigned long skipped;    /* inputs left out */
    unsigned long warnings;   /* problems fixed on the way */
} as_indexer_counts_t;

typedef struct as_indexer as_indexer_t;

/* The file an article's recorded state (as_index_article_state()) names,
 * as it was given (a pointer into state); NULL if state is not one. */
/* Whether path is a stream that can be read once, not a file that holds
 * its articles: standard input ("-"), a pipe (/dev/fd/N), a FIFO or a
 * device.  Articles read from one are never removed for being absent
 * from a later one, and only one process reads it. */
int as_indexer_is_stream(const char *path);

const char *as_indexer_state_file(const char *state);

/* A new indexer writing into index (borrowed; it must outlive the
 * indexer).  report and progress may be NULL.  Returns AS_OK or
 * AS_ERR_NOMEM. */
as_status_t as_indexer_new(as_index_t *index, as_report_fn report,
                           as_progress_fn progress, void *ctx,
                           as_indexer_t **out);

/* Call change (with the ctx of as_indexer_new()) for every article
 * added, updated or removed; NULL for none (the default).  It is called
 * as the article is stored: what it names is in the index once the next
 * commit is done (the committed callback). */
void as_indexer_on_change(as_indexer_t *indexer, as_change_fn change);

/* A commit of the indexer's changes succeeded. */
typedef void (*as_committed_fn)(void *ctx);

/* Call committed (with the ctx of as_indexer_new()) after every commit
 * that succeeded (not in a dry run); NULL for none (the default). */
void as_indexer_on_commit(as_indexer_t *indexer, as_committed_fn committed);

/* Call reading (with the ctx of as_indexer_new()) for each line read of a
 * JSON Lines input; NULL for none (the default). */
void as_indexer_on_reading(as_indexer_t *indexer, as_reading_fn reading);

/* Make the run a dry run: everything is read, compared with the index,
 * counted and reported (changes too) as in a real run, but nothing is
 * written to the index. */
void as_indexer_dry_run(as_indexer_t *indexer);

/* Whether as_indexer_dry_run() was called (a dry run opens the index with
 * AS_INDEX_PREVIEW). */
int as_indexer_is_dry_run(const as_indexer_t *indexer);

/* Index into index from now on (when the indexer was made before the
 * index was opened, or for another handle on it). */
void as_indexer_set_index(as_indexer_t *indexer, as_index_t *index);

/* This indexer is one of several processes writing one index at once,
 * each holding some of its shards (as_index_open_with()): it skips the
 * articles of shards it does not hold, and reports (and counts) the
 * problems that belong to no article, such as an unreadable JSON Lines
 * file or a line that is not JSON, only when first is non-zero. */
void as_indexer_share(as_indexer_t *indexer, int first);

/* Stop (between two articles) once *flag becomes non-zero; for signal
 * handlers. */
void as_indexer_stop_on(as_indexer_t *indexer,
                        volatile const sig_atomic_t *flag);

/* Add path to the inputs: a file (whatever its name) or a directory (its
 * .txt files, recursively, sorted; each directory once, however many
 * links lead to it).  Problems met on the way are reported and counted
 * as skipped; a directory given that is empty while the index has
 * articles from it keeps them (reported too).  AS_ERR_STOPPED when the
 * stop flag was raised during the walk. */
as_status_t as_indexer_add_path(as_indexer_t *indexer, const char *path);

/* Add a JSON Lines file (one article a line, see jsonl.h), or standard
 * input when path is "-". */
as_status_t as_indexer_add_jsonl(as_indexer_t *indexer, const char *path);

/* Index every input: an article whose content (and file) is what the
 * index recorded is left alone; a new or changed one replaces its
 * paragraphs.  Commits every AS_INDEXER_COMMIT_EVERY articles.  Then,
 * unless stopped, remove the articles recorded as coming from a file
 * under one of the paths given that was not seen, and commit.  What could
 * not be read is not taken for gone: a path given that is missing, a
 * directory or JSON Lines input that could not be read to its end (or
 * ends inside a bad line: cut short), and a bad JSON Lines line whose id
 * is readable keep their articles.  A stop
 * is seen between two articles, and while a pipe is silent.  Problems
 * with single inputs are reported and never stop the run; an error of the
 * index (I/O, full disk) is returned and ends it: what was committed
 * stays.  AS_ERR_STOPPED when stopped by the flag (what was done is
 * committed). */
as_status_t as_indexer_run(as_indexer_t *indexer);

/* The counts so far. */
const as_indexer_counts_t *as_indexer_counts(const as_indexer_t *indexer);

void as_indexer_free(as_indexer_t *indexer);

#ifdef __cplusplus
}
#endif

#endif /* AS_INDEXER_H */
