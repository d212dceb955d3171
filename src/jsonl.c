/* jsonl.c - one article from one JSON object (see jsonl.h). */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "strbuf.h"
#include "text.h"

#define TEXT_OF(n) #n
#define DECIMAL(n) TEXT_OF(n)
#define ID_MAX_TEXT DECIMAL(AS_ARTICLE_ID_MAX)

/* Append s with every line break made a space (a header value or one
 * paragraph must stay on its line): LF, CR, U+2028 LINE SEPARATOR and
 * U+2029 PARAGRAPH SEPARATOR. */
static void put_flat(as_strbuf_t *t, const char *s)
{
    for (; *s; s++) {
        if (s[0] == '\xE2' && s[1] == '\x80' &&
            (s[2] == '\xA8' || s[2] == '\xA9')) {
            as_strbuf_put(t, " ", 1);
            s += 2;
        } else {
            as_strbuf_put(t, *s == '\n' || *s == '\r' ? " " : s, 1);
        }
    }
}

/* Set *errmsg to the concatenation of a, b and c; returns 0. */
static int fail(char **errmsg, const char *a, const char *b, const char *c)
{
    char msg[256];

    if (errmsg) {
        snprintf(msg, sizeof msg, "%s%s%s", a, b, c);
        *errmsg = strdup(msg);
    }
    return 0;
}

/* One header field from a string member; 0 on a wrong type. */
static int header(as_strbuf_t *t, json_t *obj, const char *member,
                  const char *key, char **errmsg)
{
    json_t *v = json_object_get(obj, member);

    if (!v || json_is_null(v))
        return 1;
    if (!json_is_string(v))
        return fail(errmsg, "\"", member, "\" must be a string");
    as_strbuf_put(t, key, strlen(key));
    as_strbuf_put(t, ": ", 2);
    put_flat(t, json_string_value(v));
    as_strbuf_put(t, "\n", 1);
    return 1;
}

/* A header field that may be a string or an array of strings, one header
 * line for each. */
static int header_list(as_strbuf_t *t, json_t *obj, const char *member,
                       const char *key, char **errmsg)
{
    json_t *v = json_object_get(obj, member), *item;
    size_t i;

    if (!v || json_is_null(v) || json_is_string(v))
        return header(t, obj, member, key, errmsg);
    if (!json_is_array(v))
        return fail(errmsg, "\"", member, "\" must be a string or an array");
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item))
            return fail(errmsg, "\"", member, "\" must hold strings");
        as_strbuf_put(t, key, strlen(key));
        as_strbuf_put(t, ": ", 2);
        put_flat(t, json_string_value(item));
        as_strbuf_put(t, "\n", 1);
    }
    return 1;
}

/* The "tags" member: a string becomes a Tags line (split at commas, as
 * in a file); the items of an array are set in *items (*n of them, the
 * array to free()) instead, since a Tags line would split an item that
 * holds a comma.  0 on a wrong type; sets *nomem when out of memory. */
static int tags(as_strbuf_t *t, json_t *obj, const char ***items, size_t *n,
                int *nomem, char **errmsg)
{
    json_t *v = json_object_get(obj, "tags"), *item;
    size_t i;

    if (!v || !json_is_array(v))
        return header_list(t, obj, "tags", "Tags", errmsg);
    if (json_array_size(v) == 0)
        return 1;
    *items = malloc(json_array_size(v) * sizeof **items);
    if (!*items) {
        *nomem = 1;
        return 1;
    }
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item))
            return fail(errmsg, "\"", "tags", "\" must hold strings");
        (*items)[(*n)++] = json_string_value(item);
    }
    return 1;
}

static int body(as_strbuf_t *t, json_t *obj, char **errmsg)
{
    json_t *text = json_object_get(obj, "text");
    json_t *paras = json_object_get(obj, "paragraphs"), *item;
    size_t i;

    as_strbuf_put(t, "\n", 1);
    if (text && !json_is_null(text) && paras && !json_is_null(paras))
        return fail(errmsg, "both \"text\" and \"paragraphs\"",
                    " (the body is one of them)", "");
    if (text && !json_is_null(text)) {
        if (!json_is_string(text))
            return fail(errmsg, "\"", "text", "\" must be a string");
        as_strbuf_put(t, json_string_value(text), json_string_length(text));
        as_strbuf_put(t, "\n", 1);
        return 1;
    }
    if (paras && !json_is_null(paras)) {
        if (!json_is_array(paras))
            return fail(errmsg, "\"", "paragraphs", "\" must be an array");
        json_array_foreach(paras, i, item)
        {
            if (!json_is_string(item))
                return fail(errmsg, "\"", "paragraphs", "\" must hold strings");
            put_flat(t, json_string_value(item));
            as_strbuf_put(t, "\n\n", 2);
        }
        return 1;
    }
    return fail(errmsg, "no \"", "text", "\" or \"paragraphs\"");
}

/* The article id of a JSON value: a string of 1 to AS_ARTICLE_ID_MAX
 * bytes without control characters, or an integer written in buf; NULL
 * for anything else. */
static const char *id_text(json_t *id, char *buf, size_t size)
{
    if (json_is_string(id) &&
        strlen(json_string_value(id)) == json_string_length(id) &&
        as_article_id_ok(json_string_value(id)))
        return json_string_value(id);
    if (json_is_integer(id)) {
        snprintf(buf, size, "%lld", (long long)json_integer_value(id));
        return buf;
    }
    return NULL;
}

/* The first byte of line[0..len) that is not JSON white space, or NULL. */
static const char *first_nonspace(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' &&
            line[i] != '\n')
            return line + i;
    return NULL;
}

char *as_jsonl_id(const char *line, size_t len)
{
    const char *c = first_nonspace(line, len);
    json_t *obj;
    char buf[64], *out = NULL;
    const char *id;

    if (!c || *c != '{') /* not an object: not parsed at all */
        return NULL;
    if (!(obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL)))
        return NULL;
    if (json_is_object(obj) &&
        (id = id_text(json_object_get(obj, "id"), buf, sizeof buf)) != NULL)
        out = strdup(id);
    json_decref(obj);
    return out;
}

const char *as_jsonl_not_lines(const char *line, size_t len)
{
    static const struct {
        const char *magic;
        size_t n;
        const char *what;
    } packed[] = {
        {"\x1f\x8b", 2,
         "gzip-compressed data, not JSON Lines: decompress it first "
         "(zcat FILE | artsearch-index --format jsonl -)"},
        {"\xfd"
         "7zXZ\0",
         6,
         "xz-compressed data, not JSON Lines: decompress it first "
         "(xzcat FILE | artsearch-index --format jsonl -)"},
        {"\x28\xb5\x2f\xfd", 4,
         "zstd-compressed data, not JSON Lines: decompress it first "
         "(zstdcat FILE | artsearch-index --format jsonl -)"},
        {"BZh", 3,
         "bzip2-compressed data, not JSON Lines: decompress it first "
         "(bzcat FILE | artsearch-index --format jsonl -)"},
        {"PK\x03\x04", 4, "a zip archive, not JSON Lines: unpack it first"},
    };
    const char *c = first_nonspace(line, len);

    for (size_t i = 0; i < sizeof packed / sizeof *packed; i++)
        if (len >= packed[i].n &&
            memcmp(line, packed[i].magic, packed[i].n) == 0)
            return packed[i].what;
    if (as_text_is_utf16(line, len))
        return "UTF-16 text, not UTF-8: convert it first (iconv -f UTF-16 "
               "-t UTF-8 FILE | artsearch-index --format jsonl -)";
    if (memchr(line, '\0', len))
        return "binary data (a NUL byte in its first line), not JSON Lines";
    if (c && *c == '[')
        return "a JSON array, not JSON Lines (one object a line): jq -c "
               "'.[]' FILE converts it";
    if (c && *c == '{' && !first_nonspace(c + 1, len - (size_t)(c + 1 - line)))
        return "JSON objects over several lines, not JSON Lines (one object "
               "a line): jq -c . FILE converts them";
    return NULL;
}

as_status_t as_jsonl_parse(const char *line, size_t len, const char *file,
                           as_article_warn_fn warn, void *warn_ctx,
                           as_article_t **out, char **errmsg)
{
    as_strbuf_t t = AS_STRBUF_INIT;
    json_error_t jerr;
    json_t *obj, *id;
    char idbuf[64];
    const char *idtext, *start, **tag_items = NULL;
    size_t n_tags = 0;
    int nomem = 0;
    as_status_t rc = AS_ERR_FORMAT;

    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    /* An array is not parsed: it may be a whole collection on one line. */
    if ((start = first_nonspace(line, len)) != NULL && *start == '[') {
        fail(errmsg,
             "a JSON array, not an object (JSON Lines has one object a line: "
             "jq -c '.[]' FILE converts an array)",
             "", "");
        return AS_ERR_FORMAT;
    }
    /* (jansson reads a raw NUL after a number as the number's end) */
    if (memchr(line, '\0', len)) {
        fail(errmsg, "invalid JSON: a NUL byte in the line", "", "");
        return AS_ERR_FORMAT;
    }
    obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj) {
        fail(errmsg, "invalid JSON: ", jerr.text, "");
        return AS_ERR_FORMAT;
    }
    if (!json_is_object(obj)) {
        fail(errmsg, "", "not a JSON object", "");
        goto done;
    }
    id = json_object_get(obj, "id");
    if (!(idtext = id_text(id, idbuf, sizeof idbuf))) {
        /* A number with a fraction or an exponent is refused, not written
         * out: 1e3, 1000.0 and 1000 are one JSON value with no one text,
         * and most fractions have no exact binary form, so its id could
         * differ between writers and runs. */
        fail(errmsg,
             json_is_real(id)     ? "\"id\" is a number that is not an integer "
                                    "(an id is a string of 1 to "
             : json_is_string(id) ? "invalid \"id\" (an id is a string of 1 to "
             : id                 ? "\"id\" is neither a string nor a number "
                                    "(an id is a string of 1 to "
                                  : "no \"id\" (a string of 1 to ",
             ID_MAX_TEXT, " bytes without control characters, or an integer)");
        goto done;
    }
    if (!header(&t, obj, "title", "Title", errmsg) ||
        !header_list(&t, obj, "author", "Author", errmsg) ||
        !header_list(&t, obj, "authors", "Author", errmsg) ||
        !header(&t, obj, "date", "Date", errmsg) ||
        !header(&t, obj, "source", "Source", errmsg) ||
        !header(&t, obj, "url", "URL", errmsg) ||
        !tags(&t, obj, &tag_items, &n_tags, &nomem, errmsg) ||
        !body(&t, obj, errmsg))
        goto done;
    if (t.failed || nomem) {
        rc = AS_ERR_NOMEM;
        goto done;
    }
    if (!json_object_get(obj, "title")) {
        fail(errmsg, "", "no \"title\"", "");
        goto done;
    }
    rc = as_article_parse_tags(t.s, t.len, idtext, file, tag_items, n_tags,
                               warn, warn_ctx, out, errmsg);
    if (rc == AS_ERR_FORMAT && errmsg && *errmsg &&
        strncmp(*errmsg, "line ", 5) == 0 && strstr(*errmsg, ": ")) {
        /* The line is of the text made from the object: drop it. */
        char *rest = strstr(*errmsg, ": ") + 2;
        memmove(*errmsg, rest, strlen(rest) + 1);
    }
done:
    free(tag_items);
    json_decref(obj);
    free(t.s);
    return rc;
}
