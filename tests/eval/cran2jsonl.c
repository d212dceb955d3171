/* cran2jsonl.c - the Cranfield collection to artsearch JSON Lines.
 *
 * Usage: cran2jsonl cran.all.1400 > cranfield.jsonl
 *
 * Reads the SMART records of cran.all.1400 (".I N" starts a record, ".T"
 * title, ".A" authors, ".B" bibliographic source, ".W" abstract; a marker
 * is alone on its line and its content follows until the next marker) and
 * writes one JSON object per document for `artsearch-index --format
 * jsonl`: id (the document number N, the number the relevance judgments
 * use), title, author (split at " and "), source and the abstract as one
 * paragraph, so that each document is one ranked unit.  Lines of a field
 * are joined by single spaces.  Quirks of the file: a field given twice
 * (docs 576 and 578 have two .W) has its parts joined in order, and a
 * marker out of the .T .A .B .W order is a stray line of the field being
 * read (doc 240 has ".A" and ".B" lines inside its abstract); empty fields
 * are left out.
 * artsearch needs a title and some text: a document without an abstract
 * gives its title as its text, one without a title is called "untitled",
 * and one with neither (docs 471 and 995) has nothing to search and is
 * left out, with a note on stderr.  Evaluation tooling: not installed.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_NONE, F_TITLE, F_AUTHOR, F_SOURCE, F_TEXT, F_COUNT };

/* A growable string. */
typedef struct buf {
    char *s;
    size_t len, cap;
} buf_t;

static void put(buf_t *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *grown = realloc(b->s, cap);
        if (!grown) {
            fputs("cran2jsonl: out of memory\n", stderr);
            exit(1);
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* Append line[0..n) to b, trimmed, separated from what is there by one
 * space. */
static void put_line(buf_t *b, const char *line, size_t n)
{
    while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
                     line[n - 1] == '\r' || line[n - 1] == '\n'))
        n--;
    while (n > 0 && (*line == ' ' || *line == '\t'))
        line++, n--;
    if (n == 0)
        return;
    if (b->len)
        put(b, " ", 1);
    put(b, line, n);
}

/* The field a marker line starts, or F_NONE for a content line. */
static int marker(const char *line)
{
    static const char names[] = "TABW";
    size_t n = strcspn(line, "\r\n");

    while (n > 2 && line[n - 1] == ' ')
        n--;
    if (n != 2 || line[0] != '.' || !strchr(names, line[1]) || !line[1])
        return F_NONE;
    return (int)(strchr(names, line[1]) - names) + F_TITLE;
}

/* Print the record of document id, whose fields are f; returns 1 when
 * written, 0 when left out. */
static int emit(const char *id, buf_t *f)
{
    json_t *obj = json_object(), *paras = json_array();
    const char *title = f[F_TITLE].len ? f[F_TITLE].s : "untitled";
    const char *text = f[F_TEXT].len ? f[F_TEXT].s : f[F_TITLE].s;
    char *line;

    if (!f[F_TITLE].len && !f[F_TEXT].len) {
        fprintf(stderr,
                "cran2jsonl: document %s has no title and no text: "
                "left out\n",
                id);
        json_decref(obj);
        json_decref(paras);
        return 0;
    }
    json_object_set_new(obj, "id", json_string(id));
    json_object_set_new(obj, "title", json_string(title));
    if (f[F_AUTHOR].len) {
        json_t *authors = json_array();
        const char *s = f[F_AUTHOR].s;
        for (;;) {
            const char *and = strstr(s, " and ");
            size_t n = and? (size_t)(and-s) : strlen(s);
            if (n)
                json_array_append_new(authors, json_stringn(s, n));
            if (!and)
                break;
            s = and+5;
        }
        json_object_set_new(obj, "author", authors);
    }
    if (f[F_SOURCE].len)
        json_object_set_new(obj, "source", json_string(f[F_SOURCE].s));
    json_array_append_new(paras, json_string(text));
    json_object_set_new(obj, "paragraphs", paras);
    line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(obj);
    if (!line) {
        fputs("cran2jsonl: out of memory\n", stderr);
        exit(1);
    }
    puts(line);
    free(line);
    return 1;
}

int main(int argc, char **argv)
{
    FILE *in;
    char *line = NULL, id[32] = "";
    size_t cap = 0;
    ssize_t len;
    buf_t f[F_COUNT];
    int field = F_NONE;
    long written = 0, read = 0;

    if (argc != 2) {
        fputs("Usage: cran2jsonl cran.all.1400 > cranfield.jsonl\n", stderr);
        return 2;
    }
    in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    memset(f, 0, sizeof f);
    while ((len = getline(&line, &cap, in)) >= 0) {
        int m;
        if (strncmp(line, ".I ", 3) == 0) {
            if (*id)
                written += emit(id, f);
            read++;
            snprintf(id, sizeof id, "%ld", strtol(line + 3, NULL, 10));
            for (int k = 0; k < F_COUNT; k++)
                f[k].len = 0;
            field = F_NONE;
        } else if ((m = marker(line)) != F_NONE) {
            /* Fields come in the order .T .A .B .W: a marker of an earlier
             * field is a stray line inside the current one (doc 240). */
            if (m > field)
                field = m;
        } else if (field != F_NONE) {
            put_line(&f[field], line, (size_t)len);
        }
    }
    if (*id)
        written += emit(id, f);
    free(line);
    for (int k = 0; k < F_COUNT; k++)
        free(f[k].s);
    if (ferror(in) || fclose(in) != 0) {
        perror(argv[1]);
        return 1;
    }
    fprintf(stderr, "cran2jsonl: %ld documents read, %ld written\n", read,
            written);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("cran2jsonl: stdout");
        return 1;
    }
    return 0;
}
