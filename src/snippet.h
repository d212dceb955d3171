/* snippet.h - highlighted snippets as plain text plus byte spans.
 *
 * Owns: the snippet of a hit: which part of a paragraph to show (given its
 * words and which of them matched), as plain UTF-8 text and a list of
 * [start, end) byte offsets of the matches, which every printer uses
 * (colour on a terminal, offsets in JSON); and reading snippets from
 * marked-up text (HTML-escaped, sentinel bytes around each match).
 * Does not own: splitting text into words or matching them against the
 * query (xapian-shim-search.cc), or printing.
 */
#ifndef AS_SNIPPET_H
#define AS_SNIPPET_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sentinels around the matches of marked-up text; document text never
 * contains them (the article parser removes control characters). */
#define AS_SNIPPET_HI_START "\x01"
#define AS_SNIPPET_HI_END "\x02"

/* One highlighted match: bytes [start, end) of the snippet text. */
typedef struct as_span {
    size_t start, end;
} as_span_t;

/* A snippet: plain text and its highlighted spans, in order. */
typedef struct as_snippet {
    char *text;
    size_t len;
    as_span_t *spans;
    size_t n_spans;
} as_snippet_t;

/* Convert marked[0..len) into *out: unescape &amp; &lt; &gt; &quot; &#39;,
 * drop the sentinels and record the spans between them.  Unbalanced
 * sentinels are dropped.  Returns AS_OK or AS_ERR_NOMEM (*out is then
 * emptied).  Release with as_snippet_clear(). */
as_status_t as_snippet_from_marked(const char *marked, size_t len,
                                   as_snippet_t *out);

/* A word of a text, for as_snippet_choose(): bytes [start, end), and for
 * a word that matched the search, its term (an index below n_terms) and
 * the term's weight (its rarity); weight 0 for other words. */
typedef struct as_snippet_word {
    size_t start, end;
    size_t term;
    double weight;
} as_snippet_word_t;

/* The default length of a snippet, in bytes. */
#define AS_SNIPPET_BYTES 300

/* Choose the part of text[0..len) to show, about target bytes long (0:
 * AS_SNIPPET_BYTES), into *out: the window of words (words[0..n_words),
 * in order) with the most weight of distinct matched terms, then the
 * most matches, the earliest on a tie, with some context before its
 * first match; "..." (U+2026) where text is cut; each matched word in
 * the window a span.  Depends on nothing but its arguments, so the same
 * paragraph gets the same snippet however the index is split.  Returns
 * AS_OK or AS_ERR_NOMEM (*out is then emptied). */
as_status_t as_snippet_choose(const char *text, size_t len, size_t target,
                              const as_snippet_word_t *words, size_t n_words,
                              size_t n_terms, as_snippet_t *out);

/* Release what a snippet holds and empty it; accepts an empty snippet. */
void as_snippet_clear(as_snippet_t *snippet);

#ifdef __cplusplus
}
#endif

#endif /* AS_SNIPPET_H */
