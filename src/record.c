/* record.c - encoding and decoding of the stored paragraph record. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "strbuf.h"

static void put_field(as_strbuf_t *b, const char *key, const char *value)
{
    if (!value)
        return;
    as_strbuf_put(b, key, strlen(key));
    as_strbuf_put(b, "\t", 1);
    as_strbuf_put(b, value, strlen(value));
    as_strbuf_put(b, "\n", 1);
}

as_status_t as_record_encode(const as_article_t *a, size_t para, char **out,
                             size_t *len)
{
    as_strbuf_t b = AS_STRBUF_INIT;
    char num[32], date[AS_DATE_BUFSIZE];

    *out = NULL;
    *len = 0;
    if (para >= a->n_paragraphs)
        return AS_ERR_USAGE;
    snprintf(num, sizeof num, "%zu", para + 1);
    as_date_format(&a->date, date);
    put_field(&b, "id", a->id);
    put_field(&b, "para", num);
    put_field(&b, "file", a->file);
    put_field(&b, "title", a->title);
    for (size_t i = 0; i < a->n_authors; i++)
        put_field(&b, "author", a->authors[i]);
    put_field(&b, "date", date[0] ? date : NULL);
    put_field(&b, "source", a->source);
    put_field(&b, "url", a->url);
    for (size_t i = 0; i < a->n_tags; i++)
        put_field(&b, "tag", a->tags[i]);
    as_strbuf_put(&b, "\n", 1);
    as_strbuf_put(&b, a->paragraphs[para], strlen(a->paragraphs[para]));
    if (b.failed) {
        free(b.s);
        return AS_ERR_NOMEM;
    }
    *out = b.s;
    *len = b.len;
    return AS_OK;
}

/* Count lines of the header part, to size the author and tag arrays. */
static size_t count_lines(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += *s == '\n';
    return n;
}

as_status_t as_record_decode(const char *data, size_t len, as_record_t **out)
{
    as_record_t *r;
    char *s, *end;
    size_t lines;

    *out = NULL;
    r = calloc(1, sizeof *r);
    if (!r)
        return AS_ERR_NOMEM;
    r->buf_ = malloc(len + 1);
    if (!r->buf_) {
        free(r);
        return AS_ERR_NOMEM;
    }
    memcpy(r->buf_, data, len);
    r->buf_[len] = '\0';
    r->id = r->file = r->title = r->date = r->source = r->url = "";
    r->text = "";
    lines = count_lines(r->buf_) + 1;
    r->authors = calloc(lines, sizeof *r->authors);
    r->tags = calloc(lines, sizeof *r->tags);
    if (!r->authors || !r->tags) {
        as_record_free(r);
        return AS_ERR_NOMEM;
    }
    end = r->buf_ + len;
    for (s = r->buf_; s < end;) {
        char *nl = strchr(s, '\n'), *tab;
        if (!nl)
            goto corrupt;
        *nl = '\0';
        if (s == nl) { /* the empty line: the text follows */
            r->text = nl + 1;
            break;
        }
        tab = strchr(s, '\t');
        if (!tab)
            goto corrupt;
        *tab++ = '\0';
        if (strcmp(s, "id") == 0)
            r->id = tab;
        else if (strcmp(s, "para") == 0)
            r->paragraph = strtol(tab, NULL, 10);
        else if (strcmp(s, "file") == 0)
            r->file = tab;
        else if (strcmp(s, "title") == 0)
            r->title = tab;
        else if (strcmp(s, "author") == 0)
            r->authors[r->n_authors++] = tab;
        else if (strcmp(s, "date") == 0)
            r->date = tab;
        else if (strcmp(s, "source") == 0)
            r->source = tab;
        else if (strcmp(s, "url") == 0)
            r->url = tab;
        else if (strcmp(s, "tag") == 0)
            r->tags[r->n_tags++] = tab;
        /* unknown keys come from newer versions: skip them */
        s = nl + 1;
    }
    if (!*r->id || r->paragraph < 1)
        goto corrupt;
    *out = r;
    return AS_OK;

corrupt:
    as_record_free(r);
    return AS_ERR_CORRUPT;
}

void as_record_free(as_record_t *r)
{
    if (!r)
        return;
    free(r->authors);
    free(r->tags);
    free(r->buf_);
    free(r);
}
