/* snippet.c - choosing snippets; marked-up snippets to text and spans. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "snippet.h"
#include "text.h"

static const struct {
    const char *entity;
    char c;
} entities[] = {
    {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
    {"&quot;", '"'}, {"&#39;", '\''}, {"&#x27;", '\''},
};

as_status_t as_snippet_from_marked(const char *marked, size_t len,
                                   as_snippet_t *out)
{
    size_t i = 0, o = 0, cap_spans = 0, open_at = 0;
    int open = 0;

    memset(out, 0, sizeof *out);
    out->text = malloc(len + 1);
    if (!out->text)
        return AS_ERR_NOMEM;
    while (i < len) {
        char c = marked[i];

        if (c == AS_SNIPPET_HI_START[0]) {
            open = 1;
            open_at = o;
            i++;
            continue;
        }
        if (c == AS_SNIPPET_HI_END[0]) {
            if (open && o > open_at) {
                if (out->n_spans == cap_spans) {
                    size_t cap = cap_spans ? cap_spans * 2 : 8;
                    as_span_t *grown = realloc(out->spans, cap * sizeof *grown);
                    if (!grown) {
                        as_snippet_clear(out);
                        return AS_ERR_NOMEM;
                    }
                    out->spans = grown;
                    cap_spans = cap;
                }
                out->spans[out->n_spans].start = open_at;
                out->spans[out->n_spans].end = o;
                out->n_spans++;
            }
            open = 0;
            i++;
            continue;
        }
        if (c == '&') {
            size_t k;
            for (k = 0; k < sizeof entities / sizeof entities[0]; k++) {
                size_t n = strlen(entities[k].entity);
                if (n <= len - i &&
                    memcmp(marked + i, entities[k].entity, n) == 0) {
                    out->text[o++] = entities[k].c;
                    i += n;
                    break;
                }
            }
            if (k < sizeof entities / sizeof entities[0])
                continue;
        }
        out->text[o++] = c;
        i++;
    }
    out->text[o] = '\0';
    out->len = o;
    return AS_OK;
}

void as_snippet_clear(as_snippet_t *snippet)
{
    free(snippet->text);
    free(snippet->spans);
    memset(snippet, 0, sizeof *snippet);
}

/* Score of the window of words [first, last]: counts[] are the matches of
 * each term inside it. */
typedef struct window {
    double weight;  /* of the distinct terms matched */
    size_t matches; /* matched words */
} window_t;

static int better(const window_t *a, const window_t *b)
{
    return a->weight > b->weight ||
           (a->weight == b->weight && a->matches > b->matches);
}

static const char ELLIPSIS[] = "\xE2\x80\xA6";

/* Whether the n bytes between two matched words make them one span:
 * spaces ("nuclear umbrella"), or one hyphen or slash ("G-7", "e-mail",
 * "9/11": the index reads such words as a phrase). */
static int joins(const char *gap, size_t n)
{
    return strspn(gap, " ") >= n || (n == 1 && (*gap == '-' || *gap == '/')) ||
           (n == 3 && (memcmp(gap, "\xE2\x80\x90", 3) == 0 || /* hyphen */
                       memcmp(gap, "\xE2\x80\x91", 3) == 0)); /* no-break */
}

as_status_t as_snippet_choose(const char *text, size_t len, size_t target,
                              const as_snippet_word_t *words, size_t n_words,
                              size_t n_terms, as_snippet_t *out)
{
    size_t start = 0, end = len, cap, o = 0;
    size_t *counts = NULL;

    memset(out, 0, sizeof *out);
    if (!target)
        target = AS_SNIPPET_BYTES;
    if (len > target) {
        /* The best window starts at a matched word (or at the start). */
        window_t best = {0, 0}, cur = {0, 0};
        size_t best_first = 0, last = 0, best_last_match = 0;
        int have_best = 0;

        counts = calloc(n_terms ? n_terms : 1, sizeof *counts);
        if (!counts)
            return AS_ERR_NOMEM;
        for (size_t first = 0; first < n_words; first++) {
            if (first > 0 && first - 1 < last) { /* a word leaves */
                const as_snippet_word_t *w = &words[first - 1];
                if (w->weight > 0 && w->term < n_terms) {
                    cur.matches--;
                    if (--counts[w->term] == 0)
                        cur.weight -= w->weight;
                }
            }
            if (last < first)
                last = first;
            while (last < n_words &&
                   words[last].end - words[first].start <= target) {
                const as_snippet_word_t *w = &words[last];
                if (w->weight > 0 && w->term < n_terms) {
                    cur.matches++;
                    if (counts[w->term]++ == 0)
                        cur.weight += w->weight;
                }
                last++;
            }
            if (words[first].weight > 0 &&
                (!have_best || better(&cur, &best))) {
                best = cur;
                best_first = first;
                have_best = 1;
                best_last_match = first;
                for (size_t k = first; k < last; k++)
                    if (words[k].weight > 0)
                        best_last_match = k;
            }
        }
        free(counts);
        if (have_best) {
            /* Context before the first match: half of what is left. */
            size_t used = words[best_last_match].end - words[best_first].start;
            size_t back = used < target ? (target - used) / 2 : 0;
            size_t from = words[best_first].start;
            start = from;
            for (size_t k = best_first; k-- > 0;) {
                if (words[k].start + back < from)
                    break;
                start = words[k].start;
            }
            /* the text's start within reach: from there (what comes
             * before its first word, an opening quote, included) */
            if (from <= back)
                start = 0;
        }
        /* Whole words (and what sticks to the last one) up to target. */
        end = start;
        for (size_t k = 0; k < n_words; k++) {
            if (words[k].start < start)
                continue;
            if (words[k].end - start > target)
                break;
            end = words[k].end;
        }
        if (end == start) /* no word fits: cut between characters */
            end = start + as_text_cut(text + start, len - start, target);
        {
            size_t stick = end;
            while (stick < len && text[stick] != ' ' && text[stick] != '\t')
                stick++;
            if (stick - start <= target)
                end = stick;
        }
    }

    cap = (end - start) + 2 * (sizeof ELLIPSIS - 1) + 1;
    out->text = malloc(cap);
    if (!out->text)
        return AS_ERR_NOMEM;
    if (start > 0) {
        memcpy(out->text, ELLIPSIS, sizeof ELLIPSIS - 1);
        o = sizeof ELLIPSIS - 1;
    }
    memcpy(out->text + o, text + start, end - start);
    for (size_t k = 0, prev = (size_t)-1; k < n_words; k++) {
        if (words[k].weight <= 0 || words[k].start < start ||
            words[k].end > end)
            continue;
        if (out->n_spans > 0 && prev + 1 == k &&
            joins(text + words[prev].end, words[k].start - words[prev].end)) {
            /* matched words side by side ("nuclear umbrella"): one span */
            out->spans[out->n_spans - 1].end = o + words[k].end - start;
            prev = k;
            continue;
        }
        prev = k;
        if (out->n_spans % 16 == 0) {
            as_span_t *grown =
                realloc(out->spans, (out->n_spans + 16) * sizeof *grown);
            if (!grown) {
                as_snippet_clear(out);
                return AS_ERR_NOMEM;
            }
            out->spans = grown;
        }
        out->spans[out->n_spans].start = o + words[k].start - start;
        out->spans[out->n_spans].end = o + words[k].end - start;
        out->n_spans++;
    }
    o += end - start;
    if (end < len) {
        memcpy(out->text + o, ELLIPSIS, sizeof ELLIPSIS - 1);
        o += sizeof ELLIPSIS - 1;
    }
    out->text[o] = '\0';
    out->len = o;
    return AS_OK;
}
