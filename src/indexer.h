/* indexer.h - feeding article files into an index.
 *
 * Owns: turning paths (files and directories) into indexed articles:
 * walking directories (files ending in .txt, sorted, hidden entries and
 * symlink loops skipped), reading files, parsing them (article.h),
 * refusing duplicate article ids, storing them (xapian-shim.h), and
 * counting what happened.  Problems with one input are reported through
 * the report callback and never stop the others.
 * Does not own: the command line or where messages go (artsearch-index.c).
 */
#ifndef AS_INDEXER_H
#define AS_INDEXER_H

#include "status.h"
#include "xapian-shim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Files larger than this are skipped. */
#define AS_INDEXER_MAX_FILE (256L * 1024 * 1024)

typedef enum as_report_kind {
    AS_REPORT_WARNING, /* a problem fixed on the way; the article is in */
    AS_REPORT_SKIPPED  /* an input that was left out */
} as_report_kind_t;

/* Called for every problem: file is the input's path, line 1-based or 0,
 * msg a sentence.  All three are borrowed for the call only. */
typedef void (*as_report_fn)(void *ctx, as_report_kind_t kind, const char *file,
                             long line, const char *msg);

typedef struct as_indexer_counts {
    unsigned long articles;   /* articles stored */
    unsigned long paragraphs; /* paragraphs stored */
    unsigned long skipped;    /* inputs left out */
    unsigned long warnings;   /* problems fixed on the way */
} as_indexer_counts_t;

typedef struct as_indexer as_indexer_t;

/* A new indexer writing into index (borrowed; it must outlive the
 * indexer).  report may be NULL.  Returns AS_OK or AS_ERR_NOMEM. */
as_status_t as_indexer_new(as_index_t *index, as_report_fn report,
                           void *report_ctx, as_indexer_t **out);

/* Index path: a file (whatever its name) or a directory (its .txt files,
 * recursively).  Returns AS_OK even when inputs were skipped (they are
 * reported and counted); an error of the index itself (I/O, full disk,
 * lock) is returned as its status and ends the run. */
as_status_t as_indexer_add_path(as_indexer_t *indexer, const char *path);

/* The counts so far. */
const as_indexer_counts_t *as_indexer_counts(const as_indexer_t *indexer);

void as_indexer_free(as_indexer_t *indexer);

#ifdef __cplusplus
}
#endif

#endif /* AS_INDEXER_H */
