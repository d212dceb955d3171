/* reuters2jsonl.c - Reuters-21578 SGML to artsearch JSON Lines.
 *
 * Usage: reuters2jsonl [--copies N] FILE.sgm... > reuters.jsonl
 *
 * Reads the distribution's reut2-*.sgm files (Latin-1 bytes, SGML
 * entities such as &lt; and &#3;, junk in some dates) and writes one JSON
 * object per article for `artsearch-index --format jsonl`: id ("r" NEWID,
 * or "rC-" NEWID for copy C > 1), title, author (the AUTHOR line without
 * "By" and ", Reuters"), date (YYYY-MM-DD, left out when it cannot be
 * read), source "Reuters", tags (topics and places) and paragraphs (the
 * body split where a line starts with white space or after a blank
 * line; a title-only brief gives its title as its one paragraph).  Articles
 * without any text are left out.  Benchmark tooling: not installed.
 */
#include "config.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Latin-1 bytes and SGML entities of s[0..n) as UTF-8; control
 * characters dropped.  Returns a new string. */
static char *clean(const char *s, size_t n)
{
    char *out = malloc(n * 2 + 1);
    size_t o = 0;

    if (!out)
        exit(1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&') {
            const char *semi = memchr(s + i, ';', n - i < 8 ? n - i : 8);
            if (semi) {
                size_t len = (size_t)(semi - (s + i)) + 1;
                if (strncmp(s + i, "&lt;", len) == 0 && len == 4)
                    out[o++] = '<';
                else if (strncmp(s + i, "&gt;", len) == 0 && len == 4)
                    out[o++] = '>';
                else if (strncmp(s + i, "&amp;", len) == 0 && len == 5)
                    out[o++] = '&';
                else if (s[i + 1] != '#')
                    memcpy(out + o, s + i, len), o += len;
                /* &#N; entities are control characters: dropped */
                i += len - 1;
                continue;
            }
        }
        if (c >= 0x80) {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else if (c >= 0x20 || c == '\n') {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return out;
}

/* The text between <tag> and </tag> in [s, end), cleaned, or NULL. */
static char *element(const char *s, const char *end, const char *tag)
{
    char open[32], close[32];
    const char *a, *b;

    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    a = strstr(s, open);
    if (!a || a >= end)
        return NULL;
    a += strlen(open);
    b = strstr(a, close);
    if (!b || b > end)
        return NULL;
    return clean(a, (size_t)(b - a));
}

/* Trim white space at both ends, in place. */
static char *trim(char *s)
{
    char *e;

    while (isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

/* <D>..</D> items of element tag into array tags. */
static void items(const char *s, const char *end, const char *tag, json_t *tags)
{
    char *list = element(s, end, tag), *p;

    for (p = list; p && (p = strstr(p, "<D>")) != NULL;) {
        char *q = strstr(p, "</D>");
        if (!q)
            break;
        *q = '\0';
        json_array_append_new(tags, json_string(p + 3));
        p = q + 4;
    }
    free(list);
}

/* "26-FEB-1987 15:01:01.79" -> "1987-02-26", or "" when unreadable; out
 * has room for 32 bytes. */
static void parse_date(const char *text, char *out)
{
    static const char *months = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
    int day, year;
    char mon[4];
    const char *m;

    out[0] = '\0';
    if (!text || sscanf(text, " %d-%3s-%d", &day, mon, &year) != 3)
        return;
    m = strstr(months, mon);
    if (!m || (m - months) % 3 || day < 1 || day > 31 || year < 1900 ||
        year > 2100)
        return;
    snprintf(out, 32, "%04u-%02u-%02u", (unsigned)year % 10000u,
             (unsigned)((m - months) / 3) % 12u + 1u, (unsigned)day % 100u);
}

static json_t *paragraphs(char *body)
{
    json_t *paras = json_array();
    char *p = body, *next;
    size_t len = strlen(body);

    /* The wire's sign-off ends the body. */
    while (len > 0 && isspace((unsigned char)body[len - 1]))
        body[--len] = '\0';
    if (len >= 6 && strcmp(body + len - 6, "Reuter") == 0)
        body[len - 6] = '\0';
    /* A paragraph starts at every line that starts with white space, or
     * after a blank line.  The wire indents its paragraphs by four spaces,
     * but the rows of its tables and the items of its dash lists by one
     * to three: splitting at four spaces only (108,773 paragraphs for one
     * copy) glued whole tables onto the paragraph before them; this split
     * gives 119,412.  (The "about 127,000" matches neither reading
     * of the body: it is the four-space count plus one title per article
     * with a body, 108,773 + 19,043; the title is not a paragraph here but
     * indexed with every paragraph of its article.) */
    for (; p; p = next) {
        char *text;
        for (next = strchr(p, '\n'); next; next = strchr(next + 1, '\n'))
            if (next[1] == ' ' || next[1] == '\t' || next[1] == '\n')
                break;
        if (next)
            *next++ = '\0';
        for (char *c = p; *c; c++)
            if (*c == '\n')
                *c = ' ';
        text = trim(p);
        if (*text)
            json_array_append_new(paras, json_string(text));
    }
    return paras;
}

/* Write the articles of buf as copy c (c > 1 prefixes the ids). */
static void convert(const char *buf, int c)
{
    const char *s = buf;

    while ((s = strstr(s, "<REUTERS ")) != NULL) {
        const char *end = strstr(s, "</REUTERS>");
        const char *newid = strstr(s, "NEWID=\"");
        char *title, *author, *date, *body, datebuf[32];
        json_t *tags, *paras;

        if (!end || !newid || newid > end)
            break;
        title = element(s, end, "TITLE");
        author = element(s, end, "AUTHOR");
        date = element(s, end, "DATE");
        body = element(s, end, "BODY");
        if (!body) { /* a brief (title only) or unprocessed text */
            const char *t = strstr(s, "<TEXT");
            const char *gt = t ? strchr(t, '>') : NULL;
            const char *te = gt ? strstr(gt, "</TEXT>") : NULL;
            if (!title && gt && te && te < end)
                body = clean(gt + 1, (size_t)(te - gt - 1));
            else if (title)
                body = strdup(title);
        }
        parse_date(date, datebuf);
        tags = json_array();
        items(s, end, "TOPICS", tags);
        items(s, end, "PLACES", tags);
        paras = body ? paragraphs(body) : json_array();
        if (json_array_size(paras) > 0) {
            {
                char id[32];
                long n = strtol(newid + 7, NULL, 10);
                json_t *obj = json_object();
                char *line;
                if (c == 1)
                    snprintf(id, sizeof id, "r%ld", n);
                else
                    snprintf(id, sizeof id, "r%d-%ld", c, n);
                json_object_set_new(obj, "id", json_string(id));
                json_object_set_new(obj, "title",
                                    json_string(title && *trim(title)
                                                    ? trim(title)
                                                    : "(untitled)"));
                if (author) {
                    char *a = trim(author), *r;
                    if (strncasecmp(a, "by ", 3) == 0)
                        a += 3;
                    /* ", Reuters" or ", REUTERS" */
                    for (r = a; *r; r++)
                        if (strncasecmp(r, ", reuters", 9) == 0) {
                            *r = '\0';
                            break;
                        }
                    if (*trim(a))
                        json_object_set_new(obj, "author",
                                            json_string(trim(a)));
                }
                if (datebuf[0])
                    json_object_set_new(obj, "date", json_string(datebuf));
                json_object_set_new(obj, "source", json_string("Reuters"));
                json_object_set(obj, "tags", tags);
                json_object_set(obj, "paragraphs", paras);
                line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
                if (line) {
                    puts(line);
                    free(line);
                }
                json_decref(obj);
            }
        }
        json_decref(tags);
        json_decref(paras);
        free(title);
        free(author);
        free(date);
        free(body);
        s = end;
    }
}

/* Convert one .sgm file as copy c; returns non-zero after reporting a
 * read error. */
static int convert_file(const char *path, int c)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;

    if (!f) {
        perror(path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    buf = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "reuters2jsonl: cannot read %s\n", path);
        fclose(f);
        free(buf);
        return 1;
    }
    buf[size] = '\0';
    fclose(f);
    convert(buf, c);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int copies = 1, i = 1;

    if (argc > 2 && strcmp(argv[1], "--copies") == 0) {
        copies = atoi(argv[2]);
        i = 3;
    }
    if (i >= argc || copies < 1) {
        fprintf(stderr, "usage: reuters2jsonl [--copies N] FILE.sgm...\n");
        return 2;
    }
    /* Copy after copy, each the whole collection in order, as a
     * collection ten times the size would come. */
    for (int c = 1; c <= copies; c++)
        for (int k = i; k < argc; k++)
            if (convert_file(argv[k], c))
                return 1;
    return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
