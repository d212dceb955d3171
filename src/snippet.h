/* snippet.h - highlighted snippets as plain text plus byte spans.
 *
 * Owns: turning the marked-up snippet Xapian produces (HTML-escaped text
 * with sentinel bytes around each match) into plain UTF-8 text and a list
 * of [start, end) byte offsets of the matches, which every printer uses
 * (colour on a terminal, offsets in JSON).
 * Does not own: choosing the snippet (xapian-shim.cc) or printing it.
 */
#ifndef AS_SNIPPET_H
#define AS_SNIPPET_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sentinels handed to Xapian::MSet::snippet(); document text never
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

/* Release what a snippet holds and empty it; accepts an empty snippet. */
void as_snippet_clear(as_snippet_t *snippet);

#ifdef __cplusplus
}
#endif

#endif /* AS_SNIPPET_H */
