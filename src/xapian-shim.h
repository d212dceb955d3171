/* xapian-shim.h - the index: artsearch's C interface to Xapian.
 *
 * Owns: everything that touches Xapian and libstemmer: opening, creating
 * and describing an index, the document schema (terms, prefixes, value
 * slots), indexing articles paragraph by paragraph, parsing queries and
 * running searches with BM25, snippets with highlights.  Every entry point
 * catches every exception and maps it to an as_status_t; the specific
 * message is kept on the handle (as_index_errmsg()).  This header is plain
 * C; only the shim's own files, xapian-shim*.cc (through their private
 * header xapian-shim.hh), include <xapian.h>.
 * Does not own: reading article files (article.h), printing (printer.h).
 *
 * Ownership follows status.h.  Handles are not thread-safe: use one per
 * thread.
 */
#ifndef AS_XAPIAN_SHIM_H
#define AS_XAPIAN_SHIM_H

#include <stddef.h>

#include "article.h"
#include "record.h"
#include "snippet.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the document schema written by this artsearch (2: date
 * terms for date filters; 3: text read folded, fold.h). */
#define AS_INDEX_SCHEMA 3

/* The stemmer language used when none is given. */
#define AS_DEFAULT_LANGUAGE "english"

/* Wildcards (japan*) that expand to more terms than this are refused. */
#define AS_MAX_WILDCARD_TERMS 1024

/* Queries longer than this many bytes are refused. */
#define AS_MAX_QUERY_BYTES 8192

typedef struct as_index as_index_t;
typedef struct as_hits as_hits_t;

typedef enum as_index_mode {
    AS_INDEX_READ,     /* search only; many readers at once */
    AS_INDEX_WRITE,    /* create or update; one writer at a time */
    AS_INDEX_PREVIEW,  /* what AS_INDEX_WRITE would open, read only: a dry
                        * run (the same checks; nothing created, locked or
                        * written) */
    AS_INDEX_SETTINGS, /* AS_INDEX_READ of an index of any schema, for its
                        * language, shards and synonym groups (what a
                        * --rebuild keeps), not for searching */
    AS_INDEX_UPDATE    /* AS_INDEX_WRITE of an index that is there: a
                        * database or shard of it found empty or missing
                        * (a copy in part) is damaged, never made anew */
} as_index_mode_t;

/* Open the index at path.  For AS_INDEX_WRITE the index is created when
 * it does not exist, with stemmer language lang (NULL: the language
 * stored in an existing index, else AS_DEFAULT_LANGUAGE); giving a
 * language that differs from an existing index's is AS_ERR_USAGE.
 * AS_INDEX_PREVIEW checks lang and the shards as AS_INDEX_WRITE does, but
 * creates nothing: an index not there is AS_ERR_NO_INDEX.  For
 * AS_INDEX_READ lang is ignored and the stored language is used.
 * Statuses: AS_ERR_NO_INDEX (nothing there), AS_ERR_LOCKED (another
 * writer), AS_ERR_CORRUPT (damaged, not an artsearch index, or another
 * schema), AS_ERR_STEMMER, AS_ERR_IO, AS_ERR_NOMEM, AS_ERR_XAPIAN.
 * On failure *out is NULL and *errmsg (if errmsg is not NULL) receives a
 * message to free(). */
as_status_t as_index_open(const char *path, as_index_mode_t mode,
                          const char *lang, as_index_t **out, char **errmsg);

/* How long a remote shard may take to answer one call, by default. */
#define AS_DEFAULT_TIMEOUT_MS 10000

/* Shards in one index at most. */
#define AS_MAX_SHARDS 256

/* How to open an index.  Zero-initialise, then set what is needed. */
typedef struct as_open_opts {
    /* Writers: open only the shards s with s % parts == part, so that
     * parts processes can write one index at once (parts 0 or 1: all). */
    unsigned part, parts;
    /* Readers: milliseconds each call to a remote shard may take
     * (0: AS_DEFAULT_TIMEOUT_MS). */
    unsigned timeout_ms;
    /* Readers: a shard that cannot be reached is left out (see
     * as_index_missing()) instead of failing the open or the search. */
    int allow_partial;
} as_open_opts_t;

/* Open the databases named by paths[0..n) as one index (readers; writers
 * take exactly one path).  A path is a database directory, an index
 * directory with a XAPIANDB stub, a stub file, or "tcp://HOST:PORT" for
 * a database served by xapian-tcpsrv.  Stub files list shards one a
 * line, as Xapian's stubs do: "auto PATH" (relative to the stub's
 * directory; itself a database, an index directory or a stub) or
 * "remote HOST:PORT".  Writers route every article to one shard by a
 * stable hash of its id; remote shards cannot be written.  Statuses as
 * for as_index_open(), plus AS_ERR_REMOTE for a remote shard that cannot
 * be reached (the message names it). */
as_status_t as_index_open_with(const char *const *paths, size_t n,
                               as_index_mode_t mode, const char *lang,
                               const as_open_opts_t *opts, as_index_t **out,
                               char **errmsg);

/* The shards left out of the searches so far because they could not be
 * reached (with allow_partial), each "NAME: why", in *n of them; NULL
 * when none.  Borrowed until the next call on index. */
const char *const *as_index_missing(as_index_t *index, size_t *n);

/* Whether this writer (or dry run) holds the shard that article id goes
 * to. */
int as_index_owns(const as_index_t *index, const char *id);

/* Write a compact copy of the index at from (its local shards) to to: one
 * database (merging the shards when merge is non-zero or there is only
 * one), else one per shard, as to/0, to/1, ... (to/XAPIANDB listing them
 * must exist).  Compact databases are smaller and faster to search; later
 * updates grow them again.  The index at from is only read.  On failure
 * *errmsg (if not NULL) receives a message to free(). */
as_status_t as_index_compact(const char *from, const char *to, int merge,
                             char **errmsg);

/* Release the index; accepts NULL.  Changes of a writer since the last
 * as_index_commit() are dropped: commit first. */
void as_index_close(as_index_t *index);

/* Have report called, with Xapian's message, when Xapian ends the process
 * from inside: failing to write (a full disk), it can meet a second error
 * while it handles the first, which no caller can catch (C++ calls
 * std::terminate()).  report must not return (it exits); the index keeps
 * its last committed state.  Without it the process aborts. */
void as_index_on_fatal(void (*report)(const char *message));

/* Drop every change made since the last as_index_commit() (writers; a
 * no-op for readers and NULL).  Closing without committing commits
 * nothing either. */
void as_index_abandon(as_index_t *index);

/* The message of the last failure on index; borrowed until the next call
 * on index.  "" when there was none. */
const char *as_index_errmsg(const as_index_t *index);

/* The stemmer language of the index; borrowed until as_index_close(). */
const char *as_index_language(const as_index_t *index);

/* Store every paragraph of article as one document, replacing the
 * article's paragraphs already in the index (so re-indexing never
 * duplicates) and removing those beyond its new paragraph count.
 * Writers only. */
as_status_t as_index_put_article(as_index_t *index,
                                 const as_article_t *article);

/* Store a new article: one whose id the index does not hold (no recorded
 * state, so no paragraphs either, as as_index_put_article() and
 * as_index_set_article_state() are committed together).  What
 * as_index_put_article() does, without looking for the article's earlier
 * paragraphs (two B-tree lookups fewer per paragraph).  An article that
 * is in the index would have its paragraphs twice.  Writers only. */
as_status_t as_index_add_article(as_index_t *index,
                                 const as_article_t *article);

/* Remove every paragraph of the article with this id, and its recorded
 * state (none: AS_OK). */
as_status_t as_index_remove_article(as_index_t *index, const char *id);

/* Bring the spelling data ("did you mean") up to date with the words the
 * index now holds: each word with the number of paragraphs that have it.
 * Only shards whose paragraphs changed since their last refresh are
 * walked, by this writer or by an earlier run that stopped before its
 * refresh (a mark committed with the changes says so); the others cost a
 * lookup.  Writers only; one pass over a changed shard's vocabulary, so
 * call it at the end of every run.  Takes effect at the next commit. */
as_status_t as_index_refresh_spelling(as_index_t *index);

/* Make all changes so far durable and visible to readers, with the time
 * of the change (as_index_stats()).  A shard nothing was written to since
 * its last commit is left as it is: no new revision, the same time. */
as_status_t as_index_commit(as_index_t *index);

/* Counts of what the index holds, and how it was made. */
typedef struct as_index_stats {
    unsigned long paragraphs;
    unsigned long articles;
    int schema;
    unsigned shards;  /* databases searched as one */
    unsigned missing; /* shards left out (allow_partial) */
    char stemmer[64]; /* the libstemmer that built it ("" if unknown) */
    char updated[32]; /* UTC time of the last commit, ISO 8601 */
} as_index_stats_t;

/* What artsearch-index recorded of article id when it stored it (a hash
 * of its content and its file, "HASH<TAB>FILE"), as a new string in *out
 * (free() it), or *out = NULL when the article is not in the index. */
as_status_t as_index_article_state(as_index_t *index, const char *id,
                                   char **out);

/* Record the state of article id (with the article's paragraphs, in the
 * same commit); NULL forgets it.  Writers only. */
as_status_t as_index_set_article_state(as_index_t *index, const char *id,
                                       const char *state);

/* Call fn(ctx, id, state) for every article with a recorded state, in id
 * order; stop early when fn returns non-zero.  The strings are borrowed
 * for the call. */
typedef int (*as_state_fn)(void *ctx, const char *id, const char *state);
as_status_t as_index_each_article_state(as_index_t *index, as_state_fn fn,
                                        void *ctx);

as_status_t as_index_stats(as_index_t *index, as_index_stats_t *out);

/* NULL-terminated list of the stemmer languages libstemmer offers;
 * static, never freed. */
const char **as_stemmer_languages(void);

/* The lower case of code point cp, as the index writes words (Xapian's
 * Unicode tables: every script, not only Latin). */
unsigned long as_unicode_lower(unsigned long cp);

/* Whether code point cp is part of a word to the index (Xapian's
 * Unicode tables: letters, digits, marks and connectors). */
int as_unicode_is_wordchar(unsigned long cp);

/* The operator words of the query syntax (Xapian's QueryParser, upper
 * case only: AND OR NOT XOR NEAR ADJ; NEAR and ADJ also as NEAR/n), NULL
 * at the end. */
extern const char *const as_query_operators[];

/* The bytes taken by the initials that start at byte at of text[0..len),
 * as the index (Xapian's TermGenerator, and its query parser) reads
 * them: two capitals A-Z or more, each but the last followed by a '.',
 * with no word character after them ("U.S.", "U.S", "U.N.C.L.E", not
 * "U.Sx" or "É.U."), the '.' after the last letter included.  They are
 * one word, their letters in lower case ("us").  0 if no initials start
 * there, or if at is inside a word (after a word character, or after an
 * apostrophe or '&' that follows one: "AT&T"). */
size_t as_initials(const char *text, size_t len, size_t at);

/* Write to out the word of the n bytes of initials at text (as found by
 * as_initials(): "us" for "U.S."); returns its length (at most n). */
size_t as_initials_word(const char *text, size_t n, char *out);

/* Ordering of hits. */
typedef enum as_sort {
    AS_SORT_RELEVANCE = 0,
    AS_SORT_NEWEST,
    AS_SORT_OLDEST
} as_sort_t;

/* Facets: counts of matching paragraphs per value. */
typedef enum as_facet_kind {
    AS_FACET_AUTHOR = 0,
    AS_FACET_SOURCE,
    AS_FACET_YEAR,
    AS_FACET_KINDS /* how many there are */
} as_facet_kind_t;

/* The name of a facet kind ("author", "source", "year"). */
const char *as_facet_name(as_facet_kind_t kind);

/* The extras of the default ranking over plain BM25 (see README.md,
 * Ranking, for their measured effect).  The stopwords are those of the
 * index language (English only so far; none for other languages). */
#define AS_RANKING_STOPWORDS 0x1u /* leave common words out of queries */
#define AS_RANKING_TITLE 0x2u     /* title matches add weight */
#define AS_RANKING_FEEDBACK 0x4u  /* pseudo-relevance feedback */
#define AS_RANKING_ALL 0x7u

/* What to search for.  Zero-initialise, then set what is needed. */
typedef struct as_search_opts {
    const char *query;          /* query text; NULL or "" for all */
    int match_any;              /* words joined by OR instead of AND */
    int strict;                 /* a query the parser had to simplify
                                   is an error instead of a warning */
    int synonyms;               /* expand every word with the index's
                                   synonyms (~word is always expanded) */
    const char *const *authors; /* exact, case-insensitive; any of them */
    size_t n_authors;
    const char *const *sources; /* exact, case-insensitive; any of them */
    size_t n_sources;
    const char *const *tags; /* exact, case-insensitive; any of them */
    size_t n_tags;
    long since, until; /* YYYYMMDD; 0 for an open end */
    as_sort_t sort;
    size_t offset;              /* hits to skip */
    size_t limit;               /* hits to return (0: none, counts only) */
    int list_only;              /* hits for a list of files or ids: each
                                   hit's record, with no snippet, terms or
                                   explanation */
    int exact_count;            /* count every match (slower) */
    size_t per_article;         /* at most this many paragraphs per article
                                   (0: no limit); hits then carry
                                   article_matches */
    const char *similar;        /* "ARTICLE" or "ARTICLE:PARAGRAPH": rank
                                   paragraphs like it instead of a query */
    int explain;                /* fill as_hit_t.terms */
    int full;                   /* the snippet is the whole paragraph */
    int facets[AS_FACET_KINDS]; /* non-zero: count this facet (its place
                                  in the order printed, from 1) */
    int suggest;                /* when little is found, look for a spelling
                                   correction that finds more */
    unsigned ranking_off;       /* AS_RANKING_* extras of the default ranking
                                   to leave out (0: all of them;
                                   AS_RANKING_ALL: plain BM25) */
} as_search_opts_t;

/* A term that matched, for --explain. */
typedef struct as_term {
    const char *word;  /* the word as written in the text (or its stem) */
    const char *field; /* "text", "title", "author" or "source" */
    double weight;     /* its share of the score */
} as_term_t;

/* One hit, valid until the next as_hits_next() or as_hits_free(). */
typedef struct as_hit {
    size_t rank;               /* 1-based, counting the skipped ones */
    double score;              /* BM25 weight, to 12 significant digits */
    const as_record_t *record; /* stored fields of the paragraph */
    const as_snippet_t *snippet;
    size_t article_matches; /* matching paragraphs of its article (with
                               per_article), else 0 */
    const as_term_t *terms; /* with explain: the matched terms */
    size_t n_terms;
} as_hit_t;

/* One facet value and its count. */
typedef struct as_facet {
    const char *value;
    size_t count;
} as_facet_t;

/* Run a search.  On success *out holds the hits.  AS_ERR_QUERY for a
 * query that cannot be parsed (the message says why), plus the statuses
 * of as_index_open().  A reader that finds the index modified under it
 * reopens it and tries again.  opts (and what it points to) must stay
 * as they are until as_hits_free(): the hits are read as they are handed
 * out. */
as_status_t as_search_run(as_index_t *index, const as_search_opts_t *opts,
                          as_hits_t **out);

/* The next hit, or NULL at the end.  Hits are read from the index a
 * chunk at a time, as they are handed out (the first chunk by
 * as_search_run()), so that a list of every match takes the memory of a
 * chunk: a chunk that cannot be read ends the hits early, and
 * as_hits_status() says why. */
const as_hit_t *as_hits_next(as_hits_t *hits);

/* AS_OK, or why as_hits_next() returned NULL before the last hit (an
 * indexer committed twice while a long list was read, say: the revision
 * the hits came from is gone), with the message in as_index_errmsg(). */
as_status_t as_hits_status(const as_hits_t *hits);

/* Number of matching paragraphs (of matching articles with per_article):
 * lower bound, estimate and upper bound (all equal when exact_count,
 * facets or per_article was set). */
void as_hits_matches(const as_hits_t *hits, size_t *lower, size_t *estimate,
                     size_t *upper);

/* A warning about the query for the user (e.g. that a syntax error made
 * the parser search the words alone), or NULL.  Borrowed until
 * as_hits_free(). */
const char *as_hits_warning(const as_hits_t *hits);

/* The parsed query as Xapian describes it; borrowed until as_hits_free(). */
const char *as_hits_query_description(const as_hits_t *hits);

/* The values of a facet asked for, most frequent first (ties by value);
 * *n receives their number.  Borrowed until as_hits_free(). */
const as_facet_t *as_hits_facets(const as_hits_t *hits, as_facet_kind_t kind,
                                 size_t *n);

/* A corrected query that finds more than the query did, with its number of
 * matching paragraphs in *matches, or NULL.  Borrowed until
 * as_hits_free(). */
const char *as_hits_suggestion(const as_hits_t *hits, size_t *matches);

void as_hits_free(as_hits_t *hits);

/* Replace the index's synonym table with the groups in text (the format
 * of synonyms.h).  Writers only; AS_ERR_FORMAT with a message naming the
 * line for a bad file.  Takes effect at the next commit. */
as_status_t as_index_set_synonyms(as_index_t *index, const char *text,
                                  size_t len);

/* The synonym groups the index has stored (the text given to
 * as_index_set_synonyms()), in *text (a new NUL-terminated string: free()
 * it) of *len bytes; "" when it has none. */
as_status_t as_index_get_synonyms(as_index_t *index, char **text, size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* AS_XAPIAN_SHIM_H */
