/* snippet.c - Xapian's marked-up snippet to plain text and spans. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "snippet.h"

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
