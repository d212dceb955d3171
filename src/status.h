/* status.h - the one status enum of artsearch.
 *
 * Every fallible function of the library returns an as_status_t.  AS_OK is
 * zero, so "if (rc) ..." reads as "on error".  The generic text of a status
 * comes from as_status_str(); the specific message of the last failure lives
 * on the handle that failed (as_index_errmsg(), as_article_errmsg() ...).
 *
 * Ownership, for every module of artsearch: objects come in _new/_free or
 * _open/_close pairs and _free/_close accept NULL.  A returned `const char *`
 * is borrowed (its comment says until when); a returned `char *` belongs to
 * the caller, who releases it with free().  Out-parameters come last and are
 * cleared first.
 */
#ifndef AS_STATUS_H
#define AS_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum as_status {
    AS_OK = 0,
    AS_ERR_NOMEM,    /* out of memory */
    AS_ERR_IO,       /* a file could not be read or written */
    AS_ERR_USAGE,    /* the caller asked for something invalid */
    AS_ERR_FORMAT,   /* malformed input (article, date, ...) */
    AS_ERR_NO_INDEX, /* no index where one was expected */
    AS_ERR_LOCKED,   /* the index is being written by another process */
    AS_ERR_CORRUPT,  /* the index is damaged or of another schema */
    AS_ERR_QUERY,    /* the query could not be parsed */
    AS_ERR_STEMMER,  /* unknown stemmer language */
    AS_ERR_REMOTE,   /* a remote shard cannot be reached or timed out */
    AS_ERR_XAPIAN,   /* any other error reported by Xapian */
    AS_ERR_STOPPED,  /* stopped by a signal (what was done is kept) */
    AS_ERR_INTERNAL  /* a bug in artsearch */
} as_status_t;

/* Return a generic, static description of status (never NULL). */
const char *as_status_str(as_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* AS_STATUS_H */
