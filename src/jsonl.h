/* jsonl.h - articles given as JSON Lines.
 *
 * Owns: reading one article from one JSON object: "id" (string or integer,
 * required), "title" (required), "author" (string or array), "date",
 * "source", "url", "tags" (string of comma-separated tags, or array of
 * tags each kept whole), and the body as "text" (paragraphs separated by
 * blank lines) or "paragraphs" (array of strings).  Keys are matched in
 * any (ASCII) case, as an article file's header keys are; other keys are
 * ignored with a warning once an input (as_jsonl_parse(), as_jsonl_keys_t). The
 * object is turned into the article format and parsed by article.h, so both
 * inputs obey the same rules (the items of a "tags" array, which a Tags line
 * would split at their commas, are handed over beside it; a date may be a
 * timestamp, as_date_parse_timestamp()).
 * Also recognises inputs that are not JSON Lines (as_jsonl_not_lines()).
 * Does not own: reading lines from files (indexer.c).
 */
#ifndef AS_JSONL_H
#define AS_JSONL_H

#include <stddef.h>

#include "article.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The unknown keys reported for one input (as_jsonl_parse()). */
typedef struct as_jsonl_keys as_jsonl_keys_t;

/* A new, empty record of reported keys (NULL when out of memory), and
 * its release (accepts NULL). */
as_jsonl_keys_t *as_jsonl_keys_new(void);
void as_jsonl_keys_free(as_jsonl_keys_t *seen);

/* Parse the JSON object in line[0..len) into *out (free it with
 * as_article_free()); file is recorded as the article's file.  On failure
 * *out is NULL, the status is AS_ERR_FORMAT (or AS_ERR_NOMEM) and *errmsg
 * (if not NULL) receives a sentence to free().  A key given twice, also
 * in two cases ("title" and "Title"), is a failure.  warn reports problems
 * that do not stop the parse (line numbers in them are of the article
 * text made from the object, so callers report the input line instead).
 *
 * Keys that name no member are reported through warn (line 0, whether the
 * line is then read or not), one warning for the line naming them: with
 * seen (one for each input), only those not reported for an earlier line
 * of the input, at most 32 in all, then a last warning that says the rest
 * are not reported; with NULL, all of them on every line. */
as_status_t as_jsonl_parse(const char *line, size_t len, const char *file,
                           as_jsonl_keys_t *seen, as_article_warn_fn warn,
                           void *warn_ctx, as_article_t **out, char **errmsg);

/* Whether line[0..len), the first line of an input that is not blank,
 * shows that the whole input is not JSON Lines: compressed or binary data,
 * a JSON array (a first line that starts with "["), or objects spread over
 * several lines (a first line that is only "{"); the caller then skips the
 * input at once instead of line by line.  Returns a sentence saying so
 * (static), else NULL. */
const char *as_jsonl_not_lines(const char *line, size_t len);

/* The "id" of the JSON object in line[0..len) as a new string (free()
 * it), the id as_jsonl_parse() gives the article: its key in any case;
 * NULL when the line is not such an object, two keys name the id ("id"
 * and "ID"), or out of memory.  Much cheaper than a parse: for skipping
 * lines whose article is unchanged. */
char *as_jsonl_id(const char *line, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* AS_JSONL_H */
