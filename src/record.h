/* record.h - the stored form of one paragraph hit.
 *
 * Owns: the bytes kept with every paragraph document in the index (the
 * Xapian document data): everything the query tool prints about a hit
 * (article id, file, title, authors, date, source, URL, tags, paragraph
 * number and text), and turning them back into fields.
 * Does not own: terms and values used for matching (the schema in
 * xapian-shim.hh, written by xapian-shim-write.cc).
 *
 * Format (version 1): lines "key<TAB>value" in any order, keys id, para,
 * file, title, author (repeatable), date, source, url, tag (repeatable);
 * then one empty line; then the paragraph text up to the end.  Values
 * contain no tab, newline or other control character (the article parser
 * guarantees it).
 */
#ifndef AS_RECORD_H
#define AS_RECORD_H

#include <stddef.h>

#include "article.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decoded fields of one paragraph.  All pointers point into the record
 * itself and live until as_record_free(). */
typedef struct as_record {
    const char *id;
    long paragraph;   /* 1-based */
    const char *file; /* "" when unknown */
    const char *title;
    const char *date;   /* "" when unknown, else YYYY[-MM[-DD]] */
    const char *source; /* "" when unknown */
    const char *url;    /* "" when unknown */
    const char **authors;
    size_t n_authors;
    const char **tags;
    size_t n_tags;
    const char *text;
    /* private */
    char *buf_;
} as_record_t;

/* Encode paragraph number para (0-based index into article->paragraphs)
 * of article into a new buffer *out of *len bytes (NUL-terminated; free()
 * it).  Returns AS_OK or AS_ERR_NOMEM. */
as_status_t as_record_encode(const as_article_t *article, size_t para,
                             char **out, size_t *len);

/* Decode data[0..len) into a new record *out.  Returns AS_OK, AS_ERR_NOMEM
 * or AS_ERR_CORRUPT (data not in this format); *out is NULL on failure. */
as_status_t as_record_decode(const char *data, size_t len, as_record_t **out);

/* Release a record; accepts NULL. */
void as_record_free(as_record_t *record);

#ifdef __cplusplus
}
#endif

#endif /* AS_RECORD_H */
