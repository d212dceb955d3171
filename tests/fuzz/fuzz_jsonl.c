/* fuzz_jsonl.c - libFuzzer target for JSON Lines input (jsonl.h).
 *
 * Every input is one line given to as_jsonl_parse().  On success the
 * article must obey the article parser's promises: a title, at least one
 * paragraph, and no control character in any string; on failure there is
 * no article and there is a message.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

static void ignore_warning(void *ctx, long line, const char *msg)
{
    (void)ctx;
    (void)line;
    (void)msg;
}

static void check_text(const char *s, const char *what)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7F) {
            fprintf(stderr, "fuzz_jsonl: control character in %s\n", what);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    as_article_t *a = NULL;
    char *err = NULL;
    as_status_t rc = as_jsonl_parse((const char *)data, size, "fuzz.jsonl",
                                    NULL, ignore_warning, NULL, &a, &err);

    const char *not_lines = as_jsonl_not_lines((const char *)data, size);
    char *quick = as_jsonl_id((const char *)data, size);

    if (not_lines && !*not_lines) {
        fprintf(stderr, "fuzz_jsonl: an empty reason for a whole input\n");
        abort();
    }
    if (rc != AS_OK) {
        if (a || (rc == AS_ERR_FORMAT && !err)) {
            fprintf(stderr, "fuzz_jsonl: bad failure contract\n");
            abort();
        }
        free(err);
        free(quick);
        return 0;
    }
    /* A good article line never condemns its input, and its quick id is
     * its id. */
    if (not_lines || !quick || strcmp(quick, a->id) != 0) {
        fprintf(stderr,
                "fuzz_jsonl: a good line refused as an input (%s) or "
                "its quick id wrong\n",
                not_lines ? not_lines : "-");
        abort();
    }
    free(quick);
    if (!a || !a->title || a->n_paragraphs == 0) {
        fprintf(stderr, "fuzz_jsonl: article without title or text\n");
        abort();
    }
    check_text(a->id, "the id");
    check_text(a->title, "the title");
    if (a->source)
        check_text(a->source, "the source");
    if (a->url)
        check_text(a->url, "the url");
    for (size_t i = 0; i < a->n_authors; i++)
        check_text(a->authors[i], "an author");
    for (size_t i = 0; i < a->n_tags; i++)
        check_text(a->tags[i], "a tag");
    for (size_t i = 0; i < a->n_paragraphs; i++)
        check_text(a->paragraphs[i], "a paragraph");
    as_article_free(a);
    return 0;
}
