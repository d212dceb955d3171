/* fuzz_article.c - libFuzzer target for the article parser and the record
 * format.
 *
 * Every input is parsed with as_article_parse() (article.h).  When the
 * parse succeeds, each paragraph is encoded with as_record_encode() and
 * decoded with as_record_decode() (record.h), and the id, file, title,
 * paragraph number and text must come back unchanged: the parser promises
 * values without control characters, which is what the record format
 * relies on.  An input that starts with byte 0x01 gives a file path up to
 * its first newline, and the article after it: the id is derived from the
 * path (as_article_id_from_path()) and must be valid UTF-8 without control
 * characters, as the kept path must.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "record.h"
#include "text.h"

static void ignore_warning(void *ctx, long line, const char *msg)
{
    (void)ctx;
    (void)line;
    (void)msg;
}

static void check(int ok, const char *what, size_t para)
{
    if (!ok) {
        fprintf(stderr,
                "fuzz_article: %s does not round-trip (paragraph %zu)\n", what,
                para + 1);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    as_article_t *a = NULL;
    char *err = NULL, *path = NULL, *id = NULL;
    as_status_t rc;

    if (size > 0 && data[0] == 0x01) { /* a path, then the article */
        const uint8_t *nl = memchr(data, '\n', size);
        size_t n = nl ? (size_t)(nl - data) : size;

        if (memchr(data, '\0', n) ||
            !(path = strndup((const char *)data + 1, n - 1)))
            return 0;
        id = as_article_id_from_path(path);
        data += nl ? n + 1 : n;
        size -= nl ? n + 1 : n;
        if (!id || !*id) {
            free(id);
            free(path);
            return 0;
        }
        if (!as_text_is_clean(id)) {
            fprintf(stderr, "fuzz_article: the id of a path is not clean\n");
            abort();
        }
        {
            /* the path as a record holds it, and back (-l -0) */
            char *esc = as_text_escape_name(path), *back = NULL;
            size_t len = 0;

            if (esc && (back = as_text_unescape_name(esc, &len)) != NULL &&
                (len != strlen(path) || strcmp(back, path) != 0)) {
                fprintf(stderr, "fuzz_article: a path escaped is not "
                                "unescaped to itself\n");
                abort();
            }
            free(back);
            free(esc);
        }
    }
    rc = as_article_parse((const char *)data, size, id ? id : "fuzz", path,
                          ignore_warning, NULL, &a, &err);
    free(id);
    free(path);

    if (rc != AS_OK) {
        if (a) {
            fprintf(stderr, "fuzz_article: article returned on failure\n");
            abort();
        }
        free(err);
        return 0;
    }
    if (!a || !a->title) {
        fprintf(stderr, "fuzz_article: AS_OK without an article or title\n");
        abort();
    }
    free(err);
    if (a->file && !as_text_is_clean(a->file)) {
        fprintf(stderr, "fuzz_article: the kept path is not clean\n");
        abort();
    }

    for (size_t i = 0; i < a->n_paragraphs; i++) {
        char *buf = NULL;
        size_t len = 0;
        as_record_t *r = NULL;

        rc = as_record_encode(a, i, &buf, &len);
        if (rc == AS_ERR_NOMEM)
            break;
        check(rc == AS_OK && buf != NULL, "encode", i);
        rc = as_record_decode(buf, len, &r);
        if (rc == AS_ERR_NOMEM) {
            free(buf);
            break;
        }
        check(rc == AS_OK && r != NULL, "decode", i);
        check(strcmp(r->id, a->id) == 0, "id", i);
        check(strcmp(r->file, a->file ? a->file : "") == 0, "file", i);
        check(strcmp(r->title, a->title) == 0, "title", i);
        check(r->paragraph == (long)(i + 1), "paragraph number", i);
        check(strcmp(r->text, a->paragraphs[i]) == 0, "text", i);
        as_record_free(r);
        free(buf);
    }
    as_article_free(a);
    return 0;
}
