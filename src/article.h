/* article.h - one article: its metadata and its paragraphs.
 *
 * Owns: the article file format (documented in corpus/README.md): a header
 * of "Key: value" lines (Title, Author, Date, Source, URL, Tags), a blank
 * line, then the body, paragraphs separated by blank lines.  Parsing checks
 * everything a reader would trip over (binary data, invalid UTF-8, a
 * missing header, impossible dates) and says where.
 * Does not own: reading files from disk (indexer.h) or storing articles
 * in the index (xapian-shim.h).
 */
#ifndef AS_ARTICLE_H
#define AS_ARTICLE_H

#include <stddef.h>

#include "date.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Paragraphs longer than this many bytes are cut at a character boundary
 * (with a warning) so that one bad input cannot take the machine. */
#define AS_ARTICLE_MAX_PARAGRAPH (1024 * 1024)

/* Articles keep at most this many paragraphs; the rest are left out
 * (with a warning): an article is stored in one commit, which Xapian
 * holds in memory, about 0.5 KB a paragraph (1.5 million one-word
 * paragraphs of a 4.5 MB file took 820 MB). */
#define AS_ARTICLE_MAX_PARAGRAPHS 100000

/* Header values (a Title, an Author, a Source, a URL, a Tags line) longer
 * than this many bytes are cut, at a space if there is one in the last
 * quarter, else at a character boundary (with a warning): every paragraph
 * is indexed with the title, authors, source and tags, so an over-long
 * value would be stored once per paragraph. */
#define AS_ARTICLE_MAX_FIELD (4 * 1024)

/* The authors and tags of one article add up to at most this many bytes;
 * those beyond it are left out (with one warning), for the same reason:
 * repeated Author or Tags lines are as costly as one long value. */
#define AS_ARTICLE_MAX_NAMES (64 * 1024)

/* The bytes of an article's authors and tags times its paragraphs, at
 * most: every paragraph document carries them (terms, values, record),
 * and the indexer holds an article's documents until it commits, so that
 * 64 KiB of names over 1,500 paragraphs took 1.4 GB.  The last names are
 * left out to keep within it (with one warning). */
#define AS_ARTICLE_NAMES_WORK (4 * 1024 * 1024)

/* The longest article id, in bytes: the index keeps the id in terms and
 * keys, which Xapian limits to 245 bytes. */
#define AS_ARTICLE_ID_MAX 200

/* An article.  Every string is NUL-terminated valid UTF-8 without control
 * characters and owned by the article. */
typedef struct as_article {
    char *id;       /* stable article id (the file name without .txt),
                       1 to AS_ARTICLE_ID_MAX bytes */
    char *file;     /* the path it was read from, or NULL */
    char *title;    /* never NULL */
    char *source;   /* NULL when unknown */
    char *url;      /* NULL when unknown */
    as_date_t date; /* date.year == 0 when unknown */
    char **authors; /* n_authors names, in header order */
    size_t n_authors;
    char **tags; /* n_tags tags, in header order */
    size_t n_tags;
    char **paragraphs; /* n_paragraphs paragraphs, in body order */
    size_t n_paragraphs;
} as_article_t;

/* Called for each problem that does not stop the parse (the article is
 * still usable): line is 1-based, or 0 when the problem has no line. */
typedef void (*as_article_warn_fn)(void *ctx, long line, const char *msg);

/* Parse the article in buf[0..len) with the given id (required: UTF-8
 * without control characters) and file (may be NULL; kept with its invalid
 * UTF-8 and control characters written as %XX).  On success *out is a new
 * article (free it with as_article_free()).  On failure *out is NULL, the
 * status is AS_ERR_FORMAT (malformed input), AS_ERR_USAGE (a bad id) or
 * AS_ERR_NOMEM, and *errmsg, when errmsg
 * is not NULL, receives a sentence for the user that names the line
 * ("line 3: invalid Date '2025-13-45': the month must be 01 to 12"), to be
 * released with free().  warn may be NULL. */
as_status_t as_article_parse(const char *buf, size_t len, const char *id,
                             const char *file, as_article_warn_fn warn,
                             void *warn_ctx, as_article_t **out, char **errmsg);

/* As as_article_parse(), then add the n_tags strings of tags (valid
 * UTF-8) to the article's tags, each as one tag however many commas it
 * holds: the items of a JSON Lines "tags" array, which a comma-separated
 * Tags line cannot carry.  They are cleaned and bounded like the tags of
 * a Tags line; their warnings have line 0.  buf is a header built from a
 * JSON object: a body that starts with a line like a header field
 * ("Author: ...") is no stray line of the header, and gets no warning. */
as_status_t as_article_parse_tags(const char *buf, size_t len, const char *id,
                                  const char *file, const char *const *tags,
                                  size_t n_tags, as_article_warn_fn warn,
                                  void *warn_ctx, as_article_t **out,
                                  char **errmsg);

/* Non-zero if id can name an article: 1 to AS_ARTICLE_ID_MAX bytes of
 * UTF-8 without control characters (the rule every module applies). */
int as_article_id_ok(const char *id);

/* Derive an article id from a path: its last component without a final
 * ".txt" extension, with the bytes of invalid UTF-8 and control characters
 * written as %XX (as_text_escape_name()).  Returns a new string or NULL
 * when out of memory. */
char *as_article_id_from_path(const char *path);

/* Release an article and everything it owns; accepts NULL. */
void as_article_free(as_article_t *article);

#ifdef __cplusplus
}
#endif

#endif /* AS_ARTICLE_H */
