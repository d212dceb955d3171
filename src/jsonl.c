/* jsonl.c - one article from one JSON object (see jsonl.h). */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The members an article is read from.  Their keys are matched without
 * regard to (ASCII) case, as the keys of an article file's header are:
 * exports write "Title", "URL" or "Tags" as often as "title". */
enum member {
    M_ID,
    M_TITLE,
    M_AUTHOR,
    M_AUTHORS,
    M_DATE,
    M_SOURCE,
    M_URL,
    M_TAGS,
    M_TEXT,
    M_PARAGRAPHS,
    N_MEMBERS
};

static const char *const member_names[N_MEMBERS] = {
    "id",     "title", "author", "authors", "date",
    "source", "url",   "tags",   "text",    "paragraphs"};

/* The members of one object: for each, its value (NULL when absent), its
 * key as written (for messages) and, when a second key of another case
 * names it too ("title" and "Title"), that key. */
typedef struct members {
    json_t *value[N_MEMBERS];
    const char *key[N_MEMBERS];
    const char *again[N_MEMBERS];
    size_t unknown; /* keys that name no member */
} members_t;

/* Whether key is name (lower-case ASCII) in any case. */
static int same_key(const char *key, const char *name)
{
    for (; *name; key++, name++)
        if (*key != *name &&
            !(*key >= 'A' && *key <= 'Z' && *key - 'A' + 'a' == *name))
            return 0;
    return *key == '\0';
}

/* The member that key names, or N_MEMBERS for an unknown key. */
static enum member member_of(const char *key)
{
    int i;

    for (i = 0; i < N_MEMBERS && !same_key(key, member_names[i]); i++)
        ;
    return (enum member)i;
}

/* Sort the members of obj into *m. */
static void find_members(json_t *obj, members_t *m)
{
    const char *key;
    json_t *value;

    memset(m, 0, sizeof *m);
    json_object_foreach(obj, key, value)
    {
        enum member i = member_of(key);

        if (i == N_MEMBERS) {
            m->unknown++;
            continue;
        }
        if (!m->value[i]) {
            m->value[i] = value;
            m->key[i] = key;
        } else if (!m->again[i]) {
            m->again[i] = key;
        }
    }
}

/* Set *errmsg when a member is named twice (in two cases: jansson refuses
 * a key written twice alike, JSON_REJECT_DUPLICATES); returns 0 then, as
 * a duplicate key makes the line bad: which value was meant cannot be
 * told. */
static int members_once(const members_t *m, char **errmsg)
{
    char msg[256];

    for (int i = 0; i < N_MEMBERS; i++)
        if (m->again[i]) {
            snprintf(msg, sizeof msg,
                     "\"%s\" and \"%s\" are one key (keys are "
                     "case-insensitive): give it once",
                     m->key[i], m->again[i]);
            return fail(errmsg, msg, "", "");
        }
    return 1;
}

/* Keys that are not members are ignored, with a warning for the first
 * line of an input that has each (as_jsonl_keys_t, one for the input):
 * a file of a million lines with "url_hash" gets one.  At most
 * UNKNOWN_MAX keys of an input are remembered; after that a last warning
 * says that further unknown keys of it are not reported. */
#define UNKNOWN_MAX 32

struct as_jsonl_keys {
    char *keys[UNKNOWN_MAX];
    size_t n;
    int full; /* UNKNOWN_MAX were reported, and that further ones are not */
};

as_jsonl_keys_t *as_jsonl_keys_new(void)
{
    return calloc(1, sizeof(as_jsonl_keys_t));
}

void as_jsonl_keys_free(as_jsonl_keys_t *seen)
{
    if (!seen)
        return;
    for (size_t i = 0; i < seen->n; i++)
        free(seen->keys[i]);
    free(seen);
}

/* Whether key was reported for the input of seen. */
static int was_reported(const as_jsonl_keys_t *seen, const char *key)
{
    for (size_t i = 0; i < seen->n; i++)
        if (strcmp(seen->keys[i], key) == 0)
            return 1;
    return 0;
}

/* The member an unknown key of some exports most likely stands for, or
 * NULL: a hint in the warning, not a second name (the value may not be
 * what artsearch reads: a "timestamp" may be a number). */
static const char *likely_member(const char *key)
{
    static const char *const likely[][2] = {
        {"_id", "id"},
        {"uuid", "id"},
        {"guid", "id"},
        {"article_id", "id"},
        {"headline", "title"},
        {"byline", "author"},
        {"writer", "author"},
        {"creator", "author"},
        {"published", "date"},
        {"published_at", "date"},
        {"publishedat", "date"},
        {"publish_date", "date"},
        {"date_published", "date"},
        {"datepublished", "date"},
        {"pubdate", "date"},
        {"datetime", "date"},
        {"timestamp", "date"},
        {"created_at", "date"},
        {"publisher", "source"},
        {"publication", "source"},
        {"site", "source"},
        {"site_name", "source"},
        {"outlet", "source"},
        {"link", "url"},
        {"href", "url"},
        {"permalink", "url"},
        {"tag", "tags"},
        {"keywords", "tags"},
        {"categories", "tags"},
        {"category", "tags"},
        {"body", "text"},
        {"content", "text"},
        {"article", "text"},
        {"paras", "paragraphs"},
    };

    for (size_t i = 0; i < sizeof likely / sizeof *likely; i++)
        if (same_key(key, likely[i][0]))
            return likely[i][1];
    return NULL;
}

/* Append key (valid UTF-8) in quotes, at most about 60 bytes of it, with
 * the characters that could act on a terminal (C0 and C1 controls, DEL)
 * written as \uXXXX. */
static void put_key(as_strbuf_t *t, const char *key)
{
    const unsigned char *k = (const unsigned char *)key;
    char esc[8];
    size_t shown = 0;

    as_strbuf_put(t, "\"", 1);
    for (; *k; k++) {
        if (shown >= 60 && (*k & 0xC0) != 0x80) {
            as_strbuf_puts(t, "...");
            break;
        }
        if (*k < 0x20 || *k == 0x7F ||
            (*k == 0xC2 && k[1] >= 0x80 && k[1] <= 0x9F)) {
            snprintf(esc, sizeof esc, "\\u%04x", *k == 0xC2 ? k[1] : *k);
            as_strbuf_puts(t, esc);
            k += *k == 0xC2;
        } else {
            as_strbuf_put(t, (const char *)k, 1);
        }
        shown++;
    }
    as_strbuf_put(t, "\"", 1);
}

/* Warn about the keys of obj that are no members and were not reported
 * for its input (seen; NULL: none is remembered, all are reported), one
 * warning for the line, naming them all. */
static void warn_unknown(json_t *obj, as_jsonl_keys_t *seen,
                         as_article_warn_fn warn, void *warn_ctx)
{
    as_strbuf_t t = AS_STRBUF_INIT;
    const char *key, *hint;
    json_t *value;
    size_t fresh = 0;
    int stop = 0;

    if (!warn || (seen && seen->full))
        return;
    json_object_foreach(obj, key, value)
    {
        if (member_of(key) != N_MEMBERS || (seen && was_reported(seen, key)))
            continue;
        if (fresh == UNKNOWN_MAX || (seen && seen->n == UNKNOWN_MAX)) {
            stop = 1;
            if (seen)
                seen->full = 1;
            break;
        }
        if (seen && !(seen->keys[seen->n] = strdup(key)))
            break;
        if (seen)
            seen->n++;
        as_strbuf_puts(&t, fresh++ ? ", " : "");
        put_key(&t, key);
        if ((hint = likely_member(key)) != NULL) {
            as_strbuf_puts(&t, " (is it \"");
            as_strbuf_puts(&t, hint);
            as_strbuf_puts(&t, "\"?)");
        }
    }
    if (fresh || stop) {
        as_strbuf_t msg = AS_STRBUF_INIT;

        if (fresh) {
            as_strbuf_puts(&msg, fresh == 1 ? "unknown key " : "unknown keys ");
            as_strbuf_puts(&msg, t.s);
            as_strbuf_puts(&msg, " ignored");
            if (seen)
                as_strbuf_puts(&msg, fresh == 1
                                         ? " (later lines of this input with "
                                           "it are not reported)"
                                         : " (later lines of this input with "
                                           "them are not reported)");
        }
        if (stop) {
            as_strbuf_puts(&msg, fresh ? "; " : "");
            as_strbuf_puts(&msg, "unknown keys beyond the first " DECIMAL(
                                     UNKNOWN_MAX) " of this ");
            as_strbuf_puts(&msg, seen ? "input are not reported"
                                      : "line are not reported");
        }
        if (!t.failed && !msg.failed)
            warn(warn_ctx, 0, msg.s);
        free(msg.s);
    }
    free(t.s);
}

/* Append a header line "key: value" (line breaks in value made spaces). */
static void put_header(as_strbuf_t *t, const char *key, const char *value)
{
    as_strbuf_put(t, key, strlen(key));
    as_strbuf_put(t, ": ", 2);
    put_flat(t, value);
    as_strbuf_put(t, "\n", 1);
}

/* One header field from a string member; 0 on a wrong type. */
static int header(as_strbuf_t *t, const members_t *m, enum member i,
                  const char *key, char **errmsg)
{
    json_t *v = m->value[i];

    if (!v || json_is_null(v))
        return 1;
    if (!json_is_string(v))
        return fail(errmsg, "\"", m->key[i], "\" must be a string");
    put_header(t, key, json_string_value(v));
    return 1;
}

/* A header field that may be a string or an array of strings, one header
 * line for each. */
static int header_list(as_strbuf_t *t, const members_t *m, enum member i,
                       const char *key, char **errmsg)
{
    json_t *v = m->value[i], *item;
    size_t n;

    if (!v || json_is_null(v) || json_is_string(v))
        return header(t, m, i, key, errmsg);
    if (!json_is_array(v))
        return fail(errmsg, "\"", m->key[i], "\" must be a string or an array");
    json_array_foreach(v, n, item)
    {
        if (!json_is_string(item))
            return fail(errmsg, "\"", m->key[i], "\" must hold strings");
        put_header(t, key, json_string_value(item));
    }
    return 1;
}

/* The "tags" member: a string becomes a Tags line (split at commas, as
 * in a file); the items of an array are set in *items (*n of them, the
 * array to free()) instead, since a Tags line would split an item that
 * holds a comma.  0 on a wrong type; sets *nomem when out of memory. */
static int tags(as_strbuf_t *t, const members_t *m, const char ***items,
                size_t *n, int *nomem, char **errmsg)
{
    json_t *v = m->value[M_TAGS], *item;
    size_t i;

    if (!v || !json_is_array(v))
        return header_list(t, m, M_TAGS, "Tags", errmsg);
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
            return fail(errmsg, "\"", m->key[M_TAGS], "\" must hold strings");
        (*items)[(*n)++] = json_string_value(item);
    }
    return 1;
}

static int body(as_strbuf_t *t, const members_t *m, char **errmsg)
{
    json_t *text = m->value[M_TEXT], *paras = m->value[M_PARAGRAPHS], *item;
    size_t i;

    as_strbuf_put(t, "\n", 1);
    if (text && !json_is_null(text) && paras && !json_is_null(paras))
        return fail(errmsg, "both \"text\" and \"paragraphs\"",
                    " (the body is one of them)", "");
    if (text && !json_is_null(text)) {
        if (!json_is_string(text))
            return fail(errmsg, "\"", m->key[M_TEXT], "\" must be a string");
        const size_t at = t->len, n = json_string_length(text);
        as_strbuf_put(t, json_string_value(text), n);
        /* a text with CR line ends only (old Mac OS) has them as an
         * article file has (as_article_parse()): its lines end there */
        if (!t->failed && !memchr(t->s + at, '\n', n))
            for (char *c = t->s + at;
                 (c = memchr(c, '\r', n - (size_t)(c - (t->s + at)))) != NULL;
                 c++)
                *c = '\n';
        as_strbuf_put(t, "\n", 1);
        return 1;
    }
    if (paras && !json_is_null(paras)) {
        if (!json_is_array(paras))
            return fail(errmsg, "\"", m->key[M_PARAGRAPHS],
                        "\" must be an array");
        json_array_foreach(paras, i, item)
        {
            if (!json_is_string(item))
                return fail(errmsg, "\"", m->key[M_PARAGRAPHS],
                            "\" must hold strings");
            put_flat(t, json_string_value(item));
            as_strbuf_put(t, "\n\n", 2);
        }
        return 1;
    }
    return fail(errmsg, "no \"", "text", "\" or \"paragraphs\"");
}

/* Whether s is empty, white space or invisible (as_text_is_blank()). */
static int blank(const char *s)
{
    return as_text_is_blank(s, strlen(s));
}

/* The title and the text are an article's: a null or empty one is said
 * in the terms of JSON (the article parser would speak of a header the
 * line does not have).  0 with *errmsg when one is missing. */
static int said_in_json(const members_t *m, char **errmsg)
{
    json_t *title = m->value[M_TITLE], *text = m->value[M_TEXT],
           *paras = m->value[M_PARAGRAPHS], *item;
    size_t i;
    int words = 0;

    if (!title)
        return fail(errmsg, "", "no \"title\"", "");
    if (json_is_null(title))
        return fail(errmsg, "\"", m->key[M_TITLE],
                    "\" is null (an article needs a title)");
    if (json_is_string(title) && blank(json_string_value(title)))
        return fail(errmsg, "\"", m->key[M_TITLE],
                    "\" is empty (an article needs a title)");
    if (text && json_is_string(text) && blank(json_string_value(text)) &&
        !(paras && !json_is_null(paras)))
        return fail(errmsg, "\"", m->key[M_TEXT], "\" is empty");
    if (paras && json_is_array(paras) && !(text && !json_is_null(text))) {
        json_array_foreach(paras, i, item)
        {
            words = words || !json_is_string(item) ||
                    !blank(json_string_value(item));
        }
        if (!words)
            return fail(errmsg, "\"", m->key[M_PARAGRAPHS], "\" has no text");
    }
    return 1;
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

/* A string value that holds U+0000 (\u0000, valid JSON) with each NUL
 * made U+0001, a control character like the others: replaced with a
 * space and counted in the text (as \u0007 is), refused in an id.  C
 * strings would end at the NUL ("a\u0000b" read as the id "a"). */
static void nul_as_control(json_t *v)
{
    size_t i;

    if (json_is_string(v)) {
        size_t len = json_string_length(v);
        const char *text = json_string_value(v);
        char *copy;
        if (strlen(text) == len || !(copy = malloc(len ? len : 1)))
            return;
        memcpy(copy, text, len);
        for (i = 0; i < len; i++)
            if (copy[i] == '\0')
                copy[i] = '\x01';
        json_string_setn(v, copy, len);
        free(copy);
    } else if (json_is_array(v)) {
        for (i = 0; i < json_array_size(v); i++)
            nul_as_control(json_array_get(v, i));
    } else if (json_is_object(v)) {
        for (void *it = json_object_iter(v); it;
             it = json_object_iter_next(v, it))
            nul_as_control(json_object_iter_value(it));
    }
}

/* The JSON value of line[0..len), keys written twice refused, a NUL in a
 * string read as a control character (nul_as_control()); NULL, with *e
 * (when not NULL) saying why, if it is not JSON. */
static json_t *load_line(const char *line, size_t len, json_error_t *e)
{
    json_t *v =
        json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, e);

    if (v)
        nul_as_control(v);
    return v;
}

char *as_jsonl_id(const char *line, size_t len)
{
    const char *c = first_nonspace(line, len);
    json_t *obj;
    char buf[64], *out = NULL;
    const char *id;
    members_t m;

    if (!c || *c != '{') /* not an object: not parsed at all */
        return NULL;
    if (!(obj = load_line(line, len, NULL)))
        return NULL;
    /* The id the parse reads: "id" in any case, and none when two keys
     * name it (the line is bad, and its article cannot be told). */
    if (json_is_object(obj))
        find_members(obj, &m);
    if (json_is_object(obj) && !m.again[M_ID] &&
        (id = id_text(m.value[M_ID], buf, sizeof buf)) != NULL)
        out = strdup(id);
    json_decref(obj);
    return out;
}

/* Whether the line, which starts an object, ends inside it where a
 * pretty-printer ends a line: the first line of an object written over
 * several lines ("{" alone, or '{"id": 1,'), not a line that is bad JSON
 * before its end, nor one cut in the middle of a value (a writer that
 * died: the line-by-line parse reports that). */
static int cut_short(const char *line, size_t len)
{
    json_error_t e;
    json_t *v;

    while (len > 0 && strchr(" \t\r\n", line[len - 1]))
        len--;
    if (len == 0 || !strchr("{[,", line[len - 1]))
        return 0;
    v = json_loadb(line, len, JSON_ALLOW_NUL, &e);
    if (v) {
        json_decref(v);
        return 0;
    }
    /* Jansson's words for an input that ends too soon */
    return strstr(e.text, "near end of file") != NULL ||
           strstr(e.text, "premature end of input") != NULL;
}

/* Whether s[0..len) starts as a line of an article file's header: one
 * of its keys, in any case, and a colon ("Title: ...", "author:x"). */
static int is_header_line(const char *s, size_t len)
{
    static const char *const keys[] = {"Title", "Author", "Date", "Source",
                                       "URL",   "Tags",   "Tag"};

    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        size_t n = strlen(keys[i]);
        if (len > n && strncasecmp(s, keys[i], n) == 0 && s[n] == ':')
            return 1;
    }
    return 0;
}

/* What to do with UTF-16 text of encoding enc (as iconv names it). */
#define CONVERT_UTF16(enc)                                                     \
    "UTF-16 text, not UTF-8: convert it first (iconv -f " enc                  \
    " -t UTF-8 FILE | artsearch-index --format jsonl -)"

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
    const char *c = first_nonspace(line, len), *utf16;

    for (size_t i = 0; i < sizeof packed / sizeof *packed; i++)
        if (len >= packed[i].n &&
            memcmp(line, packed[i].magic, packed[i].n) == 0)
            return packed[i].what;
    if ((utf16 = as_text_utf16(line, len)) != NULL)
        return strcmp(utf16, "UTF-16BE") == 0   ? CONVERT_UTF16("UTF-16BE")
               : strcmp(utf16, "UTF-16LE") == 0 ? CONVERT_UTF16("UTF-16LE")
                                                : CONVERT_UTF16("UTF-16");
    if (memchr(line, '\0', len))
        return "binary data (a NUL byte in its first line), not JSON Lines";
    if (c && *c == '[')
        return "a JSON array, not JSON Lines (one object a line): jq -c "
               "'.[]' FILE converts it";
    if (c && *c == '{' && cut_short(line, len))
        return "JSON objects over several lines, not JSON Lines (one object "
               "a line): jq -c . FILE converts them";
    if (c && is_header_line(c, len - (size_t)(c - line)))
        return "an article file (a header line such as 'Title: ...'), not "
               "JSON Lines: index it without --format jsonl";
    return NULL;
}

as_status_t as_jsonl_parse(const char *line, size_t len, const char *file,
                           as_jsonl_keys_t *seen, as_article_warn_fn warn,
                           void *warn_ctx, as_article_t **out, char **errmsg)
{
    as_strbuf_t t = AS_STRBUF_INIT;
    json_error_t jerr;
    json_t *obj, *id;
    members_t m;
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
    obj = load_line(line, len, &jerr);
    if (!obj) {
        fail(errmsg, "invalid JSON: ", jerr.text, "");
        return AS_ERR_FORMAT;
    }
    if (!json_is_object(obj)) {
        fail(errmsg, "", "not a JSON object", "");
        goto done;
    }
    find_members(obj, &m);
    if (m.unknown > 0) /* (the object is gone through again only then) */
        warn_unknown(obj, seen, warn, warn_ctx);
    if (!members_once(&m, errmsg))
        goto done;
    id = m.value[M_ID];
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
    if (!said_in_json(&m, errmsg))
        goto done;
    if (!header(&t, &m, M_TITLE, "Title", errmsg) ||
        !header_list(&t, &m, M_AUTHOR, "Author", errmsg) ||
        !header_list(&t, &m, M_AUTHORS, "Author", errmsg) ||
        !header(&t, &m, M_DATE, "Date", errmsg) ||
        !header(&t, &m, M_SOURCE, "Source", errmsg) ||
        !header(&t, &m, M_URL, "URL", errmsg) ||
        !tags(&t, &m, &tag_items, &n_tags, &nomem, errmsg) ||
        !body(&t, &m, errmsg))
        goto done;
    if (t.failed || nomem) {
        rc = AS_ERR_NOMEM;
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
