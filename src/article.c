/* article.c - parsing of article files (format: corpus/README.md). */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "fold.h"
#include "text.h"
#include "xapian-shim.h"

/* Unknown header keys warned about one by one; the lines of further
 * keys, and of these again (a mail's 10,000 Received: lines), are
 * counted in one warning (but for keys with advice: meant_field()). */
#define UNKNOWN_SAID 8

/* Parser state: the article being built and the first error. */
typedef struct parser {
    as_article_t *article;
    as_article_warn_fn warn;
    void *warn_ctx;
    as_status_t rc;
    char *errmsg;
    size_t names_bytes; /* of the authors and tags kept so far */
    int names_full;     /* AS_ARTICLE_MAX_NAMES reached: the rest is left out */
    int built;          /* the text was built from JSON: its header holds no
                           stray blank line */
    size_t dropped;     /* paragraphs beyond AS_ARTICLE_MAX_PARAGRAPHS */
    char unknown[UNKNOWN_SAID][32]; /* unknown header keys warned about */
    size_t n_unknown;               /* of them */
    size_t unknown_more;            /* unknown header lines not warned about */
} parser_t;

/* Record the first failure; later ones are ignored (sticky status). */
static void fail(parser_t *p, as_status_t rc, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail(parser_t *p, as_status_t rc, long line, const char *fmt, ...)
{
    char msg[512];
    int off = 0;
    va_list ap;

    if (p->rc != AS_OK)
        return;
    p->rc = rc;
    if (rc == AS_ERR_NOMEM)
        return;
    if (line > 0)
        off = snprintf(msg, sizeof msg, "line %ld: ", line);
    va_start(ap, fmt);
    vsnprintf(msg + off, sizeof msg - (size_t)off, fmt, ap);
    va_end(ap);
    p->errmsg = strdup(msg);
}

static void warn(parser_t *p, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warn(parser_t *p, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (!p->warn)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->warn(p->warn_ctx, line, msg);
}

static char *dup_range(parser_t *p, const char *s, size_t n)
{
    char *copy = malloc(n + 1);

    if (!copy) {
        fail(p, AS_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

/* Append item to the array *items of *n strings; takes item over. */
static void push(parser_t *p, char ***items, size_t *n, char *item)
{
    char **grown = *items;

    if (!item)
        return;
    /* room for twice as many at each power of two (an array that only
     * grew by one copied itself 100,000 times for as many paragraphs
     * under allocators that move a block to grow it) */
    if ((*n & (*n - 1)) == 0) {
        grown = realloc(*items, (*n < 2 ? 4 : *n * 2) * sizeof **items);
        if (!grown) {
            free(item);
            fail(p, AS_ERR_NOMEM, 0, "out of memory");
            return;
        }
    }
    grown[(*n)++] = item;
    *items = grown;
}

/* The number of control characters in the valid UTF-8 string s, but tab,
 * line feed, carriage return before a line feed (ordinary white space)
 * and U+2029 (a paragraph's end in the body, a space in a header value);
 * *first receives the offset of the first one counted. */
static size_t count_controls(const char *s, size_t *first)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), count = 0;

    for (size_t i = 0, n; i < len; i += n) {
        unsigned long cp = u[i];

        n = u[i] < 0x80 ? 1 : as_utf8_seq(u + i, len - i, &cp);
        if (n == 0)
            n = 1;
        if (as_text_is_control(cp) && cp != '\t' && cp != '\n' &&
            cp != 0x2029 && !(cp == '\r' && u[i + 1] == '\n') && count++ == 0)
            *first = i;
    }
    return count;
}

/* Length of the header key at the start of line ("Title" in "Title: x"),
 * or 0 if the line is not of the form "Key: value". */
static size_t header_key_length(const char *line, size_t n)
{
    size_t k = 0;

    while (k < n && (isalpha((unsigned char)line[k]) || line[k] == '-'))
        k++;
    if (k == 0 || k >= n || line[k] != ':')
        return 0;
    return k;
}

/* Set a single-valued field, refusing a second occurrence. */
static void set_once(parser_t *p, char **field, char *value, long line,
                     const char *key)
{
    if (*field) {
        free(value);
        fail(p, AS_ERR_FORMAT, line, "%s is given twice", key);
        return;
    }
    *field = value;
}

/* Cut s to at most max bytes: at the last sep at or after byte lowest,
 * else at a character boundary.  Returns the bytes it keeps. */
static size_t cut_at(char *s, size_t max, char sep, size_t lowest)
{
    size_t len = strlen(s), cut = max;

    if (len <= max)
        return len;
    for (size_t i = max; i > lowest; i--)
        if (s[i] == sep) {
            cut = i;
            break;
        }
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    s[cut] = '\0';
    return cut;
}

/* Cut value, over AS_ARTICLE_MAX_FIELD bytes, at the last sep at or after
 * byte lowest of the limit (else at a character boundary), with a
 * warning naming key. */
static void limit_at(parser_t *p, char *value, const char *key, long lineno,
                     char sep, size_t lowest)
{
    size_t len = strlen(value);

    if (len > AS_ARTICLE_MAX_FIELD)
        warn(p, lineno, "%s of %zu bytes cut to %zu bytes", key, len,
             cut_at(value, AS_ARTICLE_MAX_FIELD, sep, lowest));
}

/* An over-long value, cut between words where it can. */
static void limit_field(parser_t *p, char *value, const char *key, long lineno)
{
    limit_at(p, value, key, lineno, ' ', AS_ARTICLE_MAX_FIELD / 4 * 3);
}

/* A name in a form for comparing names in any case (a new string):
 * folded (as_fold()) and in lower case by Xapian's tables, as the filters
 * and facets compare them; NULL when out of memory. */
static char *folded(const char *name)
{
    char *f;
    size_t len, o = 0;

    if (as_fold(name, strlen(name), NULL, &f, &len, NULL) != AS_OK)
        return NULL;
    const unsigned char *u = (const unsigned char *)(f ? f : name);
    len = f ? len : strlen(name);
    char *out = malloc(len * 2 + 1); /* a folded code point may be longer */

    for (size_t i = 0, n; out && i < len; i += n ? n : 1) {
        unsigned long cp = u[i];
        n = u[i] < 0x80 ? 1 : as_utf8_seq(u + i, len - i, &cp);
        if (cp == 0x2019 || cp == 0x201B) /* O’Brien is O'Brien */
            cp = '\'';
        o += as_utf8_put(out + o, as_unicode_lower(cp));
    }
    if (out)
        out[o] = '\0';
    free(f);
    return out;
}

typedef struct {
    char *key;
    size_t index;
} name_key_t;

static int by_key(const void *a, const void *b)
{
    const name_key_t *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Keep the first of the names *items[0..*n) that are the same in any
 * case ("Jane Doe", "jane doe": one author to the filters and facets). */
static void drop_repeated_names(parser_t *p, char **items, size_t *n)
{
    name_key_t *keys;
    const size_t total = *n;
    size_t kept = 0;

    if (total < 2 || p->rc != AS_OK)
        return;
    if (!(keys = calloc(total, sizeof *keys))) {
        fail(p, AS_ERR_NOMEM, 0, "out of memory");
        return;
    }
    for (size_t i = 0; i < *n; i++) {
        keys[i].index = i;
        if (!(keys[i].key = folded(items[i]))) {
            fail(p, AS_ERR_NOMEM, 0, "out of memory");
            goto done;
        }
    }
    qsort(keys, *n, sizeof *keys, by_key);
    for (size_t i = 1; i < *n; i++)
        if (strcmp(keys[i].key, keys[i - 1].key) == 0) {
            free(items[keys[i].index]);
            items[keys[i].index] = NULL;
        }
    for (size_t i = 0; i < *n; i++)
        if (items[i])
            items[kept++] = items[i];
    *n = kept;
done:
    for (size_t i = 0; i < total; i++)
        free(keys[i].key);
    free(keys);
}

/* Append name (an author or a tag, taken over) to the array *items of *n
 * strings, unless the article's names would then pass
 * AS_ARTICLE_MAX_NAMES bytes: then it and every later name are left out,
 * with one warning. */
static void push_name(parser_t *p, char ***items, size_t *n, char *name,
                      long lineno)
{
    size_t len = strlen(name);

    if (p->names_full || len > AS_ARTICLE_MAX_NAMES - p->names_bytes) {
        if (!p->names_full)
            warn(p, lineno,
                 "authors and tags of over %d bytes in all: the rest left out",
                 AS_ARTICLE_MAX_NAMES);
        p->names_full = 1;
        free(name);
        return;
    }
    p->names_bytes += len;
    push(p, items, n, name);
}

/* The first comma in s: ',' or the fullwidth and ideographic commas of
 * Chinese and Japanese (U+FF0C, U+3001), its length in *len; NULL if
 * none. */
static const char *tag_comma(const char *s, size_t *len)
{
    for (; *s; s++) {
        if (*s == ',') {
            *len = 1;
            return s;
        }
        if (strncmp(s, "\xEF\xBC\x8C", 3) == 0 ||
            strncmp(s, "\xE3\x80\x81", 3) == 0) {
            *len = 3;
            return s;
        }
    }
    return NULL;
}

static void parse_tags(parser_t *p, const char *value, long line)
{
    as_article_t *a = p->article;
    const char *s = value;

    while (*s && p->rc == AS_OK) {
        size_t comma_len = 0;
        const char *comma = tag_comma(s, &comma_len);
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        char *tag = dup_range(p, s, n);

        if (tag) {
            as_text_squeeze(tag);
            if (*tag)
                push_name(p, &a->tags, &a->n_tags, tag, line);
            else
                free(tag);
        }
        s += n + comma_len;
    }
}

/* What an unknown header key (in any case) was likely meant to be, as
 * advice: NULL when nothing is near it. */
static const char *meant_field(const char *key)
{
    static const struct {
        const char *key, *advice;
    } near[] = {
        {"Authors", "write an Author line for each author"},
        {"By", "write an Author line for each author"},
        {"Byline", "write an Author line for each author"},
        {"Titles", "perhaps Title"},
        {"Headline", "perhaps Title"},
        {"Sources", "perhaps Source"},
        {"Publication", "perhaps Source"},
        {"Link", "perhaps URL"},
        {"URLs", "perhaps URL"},
        {"Dates", "perhaps Date"},
        {"Published", "perhaps Date"},
        {"Keywords", "perhaps Tags"},
        {"Categories", "perhaps Tags"},
        {"Category", "perhaps Tags"},
    };

    for (size_t i = 0; i < sizeof near / sizeof *near; i++)
        if (strcasecmp(key, near[i].key) == 0)
            return near[i].advice;
    return NULL;
}

/* Add tag (not split at commas) to the article's tags, as parse_tags()
 * adds each tag of a Tags line. */
static void add_tag(parser_t *p, const char *tag)
{
    char *copy = dup_range(p, tag, strlen(tag));

    if (!copy)
        return;
    if (as_text_nfc(&copy) != AS_OK) {
        free(copy);
        fail(p, AS_ERR_NOMEM, 0, "out of memory");
        return;
    }
    as_text_squeeze(copy);
    limit_field(p, copy, "tag", 0);
    if (*copy)
        push_name(p, &p->article->tags, &p->article->n_tags, copy, 0);
    else
        free(copy);
}

static void parse_header_line(parser_t *p, const char *line, size_t n,
                              size_t keylen, long lineno)
{
    as_article_t *a = p->article;
    char key[32];
    char *value;
    const char *why;

    if (keylen >= sizeof key) {
        if (p->n_unknown < UNKNOWN_SAID) {
            warn(p, lineno, "unknown header field ignored");
            p->unknown[p->n_unknown++][0] = '\0';
        } else {
            p->unknown_more++;
        }
        return;
    }
    memcpy(key, line, keylen);
    key[keylen] = '\0';
    value = dup_range(p, line + keylen + 1, n - keylen - 1);
    if (!value)
        return;
    as_text_squeeze(value);

    if (strcasecmp(key, "Tags") == 0 || strcasecmp(key, "Tag") == 0) {
        limit_at(p, value, key, lineno, ',', 0); /* after a whole tag */
        parse_tags(p, value, lineno);
        free(value);
        return;
    }
    if (*value == '\0') {
        warn(p, lineno, "empty %s field ignored", key);
        free(value);
        return;
    }
    if (strcasecmp(key, "Title") == 0) {
        limit_field(p, value, key, lineno);
        set_once(p, &a->title, value, lineno, "Title");
    } else if (strcasecmp(key, "Author") == 0) {
        limit_field(p, value, key, lineno);
        push_name(p, &a->authors, &a->n_authors, value, lineno);
    } else if (strcasecmp(key, "Source") == 0) {
        limit_field(p, value, key, lineno);
        set_once(p, &a->source, value, lineno, "Source");
    } else if (strcasecmp(key, "URL") == 0) {
        limit_field(p, value, key, lineno);
        set_once(p, &a->url, value, lineno, "URL");
    } else if (strcasecmp(key, "Date") == 0) {
        if (a->date.year)
            fail(p, AS_ERR_FORMAT, lineno, "Date is given twice");
        else if (as_date_parse_timestamp(value, &a->date, &why) != AS_OK)
            fail(p, AS_ERR_FORMAT, lineno, "invalid Date '%s': %s", value, why);
        free(value);
    } else {
        const char *meant = meant_field(key);
        size_t k = 0;
        while (k < p->n_unknown && strcasecmp(p->unknown[k], key) != 0)
            k++;
        /* (a key with advice, Authors: for one, is said in any case) */
        if (k < p->n_unknown || (p->n_unknown == UNKNOWN_SAID && !meant))
            p->unknown_more++;
        else if (meant)
            warn(p, lineno, "unknown header field '%s' ignored (%s)", key,
                 meant);
        else
            warn(p, lineno, "unknown header field '%s' ignored", key);
        if (k == p->n_unknown && p->n_unknown < UNKNOWN_SAID)
            strcpy(p->unknown[p->n_unknown++], key);
        free(value);
    }
}

/* Cut an over-long paragraph at a character boundary. */
static void limit_paragraph(parser_t *p, char *text, long lineno)
{
    size_t len = strlen(text), cut = AS_ARTICLE_MAX_PARAGRAPH;

    if (len <= AS_ARTICLE_MAX_PARAGRAPH)
        return;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    text[cut] = '\0';
    warn(p, lineno, "paragraph of %zu bytes cut to %zu bytes", len, cut);
}

/* Finish the paragraph made of lines [start, end) of buf. */
static void add_paragraph(parser_t *p, const char *start, const char *end,
                          long lineno)
{
    char *text = dup_range(p, start, (size_t)(end - start));

    if (!text)
        return;
    as_text_squeeze(text); /* joins wrapped lines, drops control chars */
    if (*text == '\0') {
        free(text);
        return;
    }
    if (p->article->n_paragraphs >= AS_ARTICLE_MAX_PARAGRAPHS) {
        if (p->dropped++ == 0)
            warn(p, lineno,
                 "more than %d paragraphs: this one and the rest are not "
                 "indexed",
                 AS_ARTICLE_MAX_PARAGRAPHS);
        free(text);
        return;
    }
    limit_paragraph(p, text, lineno);
    push(p, &p->article->paragraphs, &p->article->n_paragraphs, text);
}

/* Line ends in place: in a text without a line feed (old Mac OS files)
 * every CR ends a line.  A lone CR in a text with line feeds is a
 * control character: it may be hiding text. */
static void break_lines(char *s)
{
    if (!strchr(s, '\n'))
        for (char *c = s; (c = strchr(c, '\r')) != NULL; c++)
            *c = '\n';
}

/* The first U+2029 PARAGRAPH SEPARATOR in [s, end), or NULL. */
static const char *paragraph_separator(const char *s, const char *end)
{
    for (; s + 2 < end; s++)
        if (s[0] == '\xE2' && s[1] == '\x80' && s[2] == '\xA9')
            return s;
    return NULL;
}

/* Whether the line s[0..n) reads as one of the header's fields
 * ("Author: ..."). */
static int looks_like_header(const char *s, size_t n)
{
    static const char *const keys[] = {"Title", "Author", "Date", "Source",
                                       "URL",   "Tags",   "Tag",  NULL};
    const size_t k = header_key_length(s, n);

    for (const char *const *key = keys; k && *key; key++)
        if (strlen(*key) == k && strncasecmp(s, *key, k) == 0)
            return 1;
    return 0;
}

/* '{' if the line s[0..n) looks like the start of a JSON object (a
 * JSON Lines file given as an article: '{' then '"', '}' or the line's
 * end, spaces aside), '[' if like a JSON array of them, else 0 (prose
 * such as "{Draft} minutes"). */
static int looks_like_json(const char *s, size_t n)
{
    size_t i = 0;
    int open;

    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n || (s[i] != '{' && s[i] != '['))
        return 0;
    open = s[i++];
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n || s[i] == '"' || (open == '{' && s[i] == '}') ||
        (open == '[' && (s[i] == '{' || s[i] == ']')))
        return open;
    return 0;
}

/* Parse valid UTF-8 text (NUL-terminated, no NUL inside). */
static void parse_text(parser_t *p, const char *text)
{
    const char *s = text, *para = NULL;
    long lineno = 0, para_line = 0;
    int in_header = 1;

    while (*s && p->rc == AS_OK) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);
        size_t keylen;

        lineno++;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (in_header) {
            if (as_text_is_blank(s, n) && lineno == 1) {
                fail(p, AS_ERR_FORMAT, 1,
                     "blank first line: an article starts with 'Title: ...' "
                     "lines, then a blank line, then the text");
            } else if (as_text_is_blank(s, n)) {
                in_header = 0;
            } else if ((keylen = header_key_length(s, n)) > 0) {
                parse_header_line(p, s, n, keylen, lineno);
            } else if (lineno == 1) {
                const int json = looks_like_json(s, n);
                fail(p, AS_ERR_FORMAT, 1,
                     "missing header: %san article starts with 'Title: ...' "
                     "lines, then a blank line, then the text",
                     json == '{' ? "this looks like JSON Lines, which "
                                   "artsearch-index --format jsonl reads; "
                     : json == '['
                         ? "this looks like a JSON array, which "
                           "artsearch-index --format jsonl reads once it is "
                           "JSON Lines (jq -c '.[]' FILE); "
                         : "");
            } else {
                fail(p, AS_ERR_FORMAT, lineno,
                     "malformed header line (expected 'Key: value'; a "
                     "blank line must separate the header from the text)");
            }
        } else if (as_text_is_blank(s, n)) {
            if (para)
                add_paragraph(p, para, s, para_line);
            para = NULL;
        } else {
            /* U+2029 PARAGRAPH SEPARATOR ends a paragraph, as a blank
             * line does, on the line it is on */
            const char *seg = s, *end = s + n, *sep;
            if (!para && !p->built && p->article->n_paragraphs == 0 &&
                looks_like_header(s, n))
                warn(p, lineno,
                     "'%.*s' after the blank line that ends the header is "
                     "read as text (no blank line may come inside the "
                     "header)",
                     (int)header_key_length(s, n) + 1, s);
            for (;;) {
                sep = paragraph_separator(seg, end);
                if (!para &&
                    !as_text_is_blank(seg, (size_t)((sep ? sep : end) - seg))) {
                    para = seg;
                    para_line = lineno;
                }
                if (!sep)
                    break;
                if (para)
                    add_paragraph(p, para, sep, para_line);
                para = NULL;
                seg = sep + 3;
            }
        }
        s += n + (s[n] == '\r') + (eol != NULL);
    }
    if (para && p->rc == AS_OK)
        add_paragraph(p, para, s, para_line);
    if (p->rc != AS_OK)
        return;
    if (!p->article->title)
        fail(p, AS_ERR_FORMAT, 0, "missing Title in the header");
    else if (p->article->n_paragraphs == 0)
        fail(p, AS_ERR_FORMAT, 0, "no text after the header");
}

static as_status_t parse_article(const char *buf, size_t len, const char *id,
                                 const char *file, const char *const *tags,
                                 size_t n_tags, int built,
                                 as_article_warn_fn warn_fn, void *warn_ctx,
                                 as_article_t **out, char **errmsg);

static size_t names_bytes(char **items, size_t n)
{
    size_t bytes = 0;

    for (size_t i = 0; i < n; i++)
        bytes += strlen(items[i]);
    return bytes;
}

/* The bytes of the header values every paragraph document carries. */
static size_t header_bytes(const as_article_t *a)
{
    return names_bytes(a->authors, a->n_authors) +
           names_bytes(a->tags, a->n_tags) + (a->title ? strlen(a->title) : 0) +
           (a->source ? strlen(a->source) : 0) + (a->url ? strlen(a->url) : 0);
}

/* Keep the header values' bytes times the paragraphs within
 * AS_ARTICLE_NAMES_WORK: leave out the last authors (but the first), then
 * the last tags, then cut the title, source, URL and first author to a
 * share each; one warning says so. */
static void limit_names(parser_t *p)
{
    as_article_t *a = p->article;
    const size_t paragraphs = a->n_paragraphs ? a->n_paragraphs : 1;
    const size_t budget = AS_ARTICLE_NAMES_WORK / paragraphs;
    const size_t had = header_bytes(a);
    size_t now = had;

    if (had <= budget)
        return;
    while (now > budget && a->n_authors > 1) {
        char *last = a->authors[--a->n_authors];
        now -= strlen(last);
        free(last);
    }
    while (now > budget && a->n_tags > 0) {
        char *last = a->tags[--a->n_tags];
        now -= strlen(last);
        free(last);
    }
    if (now > budget) {
        const size_t share = budget / 4 > 64 ? budget / 4 : 64;
        char *values[] = {a->title, a->source, a->url,
                          a->n_authors ? a->authors[0] : NULL};
        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
            if (values[i])
                cut_at(values[i], share, ' ', share / 4 * 3);
        now = header_bytes(a);
    }
    if (now == had) /* nothing to leave out or cut */
        return;
    warn(p, 0,
         "a header (title, authors, tags, source, URL) of %zu bytes, "
         "stored with each of %zu paragraphs: cut to %zu bytes (the last "
         "authors and tags left out first)",
         had, paragraphs, now);
}

as_status_t as_article_parse(const char *buf, size_t len, const char *id,
                             const char *file, as_article_warn_fn warn_fn,
                             void *warn_ctx, as_article_t **out, char **errmsg)
{
    return parse_article(buf, len, id, file, NULL, 0, 0, warn_fn, warn_ctx, out,
                         errmsg);
}

as_status_t as_article_parse_tags(const char *buf, size_t len, const char *id,
                                  const char *file, const char *const *tags,
                                  size_t n_tags, as_article_warn_fn warn_fn,
                                  void *warn_ctx, as_article_t **out,
                                  char **errmsg)
{
    return parse_article(buf, len, id, file, tags, n_tags, 1, warn_fn, warn_ctx,
                         out, errmsg);
}

static as_status_t parse_article(const char *buf, size_t len, const char *id,
                                 const char *file, const char *const *tags,
                                 size_t n_tags, int built,
                                 as_article_warn_fn warn_fn, void *warn_ctx,
                                 as_article_t **out, char **errmsg)
{
    parser_t p = {.warn = warn_fn, .warn_ctx = warn_ctx, .built = built};
    const char *nul, *utf16;
    char *text = NULL;
    size_t bad_at, nbad, nctl, ctl_at = (size_t)-1, tag_at;

    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    if (!id || !*id) {
        fail(&p, AS_ERR_USAGE, 0, "an article needs an id");
        goto done;
    }
    if (!as_article_id_ok(id)) {
        fail(&p, AS_ERR_USAGE, 0,
             "an article id is UTF-8 without control characters, at most %d "
             "bytes",
             AS_ARTICLE_ID_MAX);
        goto done;
    }
    if ((utf16 = as_text_utf16(buf, len)) != NULL) {
        fail(&p, AS_ERR_FORMAT, 0,
             "UTF-16 text, not UTF-8: convert it first (iconv -f %s -t UTF-8)",
             utf16);
        goto done;
    }
    if ((nul = memchr(buf, '\0', len)) != NULL) {
        fail(&p, AS_ERR_FORMAT, 0,
             "binary file (NUL byte at offset %zu), not an article",
             (size_t)(nul - buf));
        goto done;
    }
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3; /* a byte order mark says nothing in UTF-8 */
        len -= 3;
    }
    if (as_text_is_blank(buf, len)) {
        fail(&p, AS_ERR_FORMAT, 0, "empty file");
        goto done;
    }
    bad_at = as_utf8_check(buf, len);
    if (as_utf8_repair(buf, len, &text, &nbad) != AS_OK) {
        fail(&p, AS_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    if (nbad > 0) {
        long line = 1;
        const char lf =
            memchr(buf, '\n', len) ? '\n' : '\r'; /* break_lines() */
        size_t high = 0;                          /* bytes that are not ASCII */
        for (size_t i = 0; i < bad_at; i++)
            line += buf[i] == lf;
        for (size_t i = 0; i < len; i++)
            high += (unsigned char)buf[i] >= 0x80;
        /* Not one of them UTF-8: a file saved as Latin-1 or Windows-1252
         * (café as caf\xE9), whose words would be cut at each accent. */
        warn(&p, line, "invalid UTF-8 (%zu byte%s) replaced with U+FFFD%s",
             nbad, nbad == 1 ? "" : "s",
             high == nbad
                 ? ": the file has no UTF-8 at all; if it is "
                   "Latin-1 or Windows-1252, convert it and index it again "
                   "(iconv -f WINDOWS-1252 -t UTF-8)"
                 : "");
    }
    /* One form for one text: "e" and U+0301 (as macOS and some PDF
     * text write it) are the "\u00e9" a query types (as_text_nfc()). */
    if (as_text_nfc(&text) != AS_OK) {
        fail(&p, AS_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    break_lines(text);
    /* Control characters become spaces (as_text_squeeze()): said once,
     * at the first, so that a cleaned escape sequence is never silent. */
    nctl = count_controls(text, &ctl_at);
    for (size_t i = 0; i < n_tags; i++)
        nctl += count_controls(tags[i], &tag_at);
    if (nctl > 0) {
        long line = ctl_at == (size_t)-1 ? 0 : 1; /* 0: only in the tags */
        for (size_t i = 0; line > 0 && i < ctl_at; i++)
            line += text[i] == '\n';
        warn(&p, line, "%zu control character%s replaced with space%s", nctl,
             nctl == 1 ? "" : "s", nctl == 1 ? "" : "s");
    }
    p.article = calloc(1, sizeof *p.article);
    if (!p.article) {
        fail(&p, AS_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    p.article->id = strdup(id);
    p.article->file = file ? as_text_escape_name(file) : NULL;
    if (!p.article->id || (file && !p.article->file)) {
        fail(&p, AS_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    parse_text(&p, text);
    if (p.unknown_more)
        warn(&p, 0, "%zu more header lines with unknown fields ignored",
             p.unknown_more);
    for (size_t i = 0; i < n_tags && p.rc == AS_OK; i++)
        add_tag(&p, tags[i]);
    drop_repeated_names(&p, p.article->authors, &p.article->n_authors);
    drop_repeated_names(&p, p.article->tags, &p.article->n_tags);
    if (p.rc == AS_OK)
        limit_names(&p);

done:
    free(text);
    if (p.rc != AS_OK) {
        as_article_free(p.article);
        if (errmsg)
            *errmsg = p.errmsg ? p.errmsg : strdup(as_status_str(p.rc));
        else
            free(p.errmsg);
        return p.rc;
    }
    *out = p.article;
    return AS_OK;
}

int as_article_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;

    return n > 0 && n <= AS_ARTICLE_ID_MAX && as_text_is_clean(id);
}

char *as_article_id_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    size_t n;
    char *name, *id;

    base = base ? base + 1 : path;
    n = strlen(base);
    if (n > 4 && strcasecmp(base + n - 4, ".txt") == 0)
        n -= 4;
    name = malloc(n + 1);
    if (!name)
        return NULL;
    memcpy(name, base, n);
    name[n] = '\0';
    id = as_text_escape_name(name);
    free(name);
    return id;
}

static void free_list(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

void as_article_free(as_article_t *a)
{
    if (!a)
        return;
    free(a->id);
    free(a->file);
    free(a->title);
    free(a->source);
    free(a->url);
    free_list(a->authors, a->n_authors);
    free_list(a->tags, a->n_tags);
    free_list(a->paragraphs, a->n_paragraphs);
    free(a);
}
