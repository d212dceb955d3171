/* fuzz_printer.c - libFuzzer target for snippets and the three printers.
 *
 * Input layout: the bytes up to the first 0xFF are a marked snippet as
 * Xapian would produce it (may hold the sentinels \x01 and \x02 and HTML
 * entities); the bytes after it are an article file.  The snippet is
 * converted with as_snippet_from_marked() (snippet.h); the article is
 * parsed (article.h) or, when that fails, stands as the text of a fixed
 * article after as_utf8_repair(); its first paragraph goes through
 * as_record_encode()/as_record_decode() (record.h).  One hit made of the
 * two is printed in text (colour, width 40), TSV (explain) and JSON Lines
 * (batch) into memory (printer.h), and each output is checked:
 *
 *   - snippet spans are ordered, non-overlapping and inside the text;
 *   - text: no control byte except tab, newline and the ESC of our own
 *     colour codes;
 *   - TSV: one line, exactly as many tabs as column separators, no other
 *     control byte;
 *   - JSON: one line that jansson parses, whose snippet and highlights
 *     match the hit's.
 *
 * as_print_safe() is also run on the raw input: its output must hold no
 * control character, and be valid UTF-8 when the input was.
 */
#include "config.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "printer.h"
#include "record.h"
#include "snippet.h"
#include "text.h"

#define FAIL(...)                                                              \
    do {                                                                       \
        fprintf(stderr, "fuzz_printer: " __VA_ARGS__);                         \
        fputc('\n', stderr);                                                   \
        abort();                                                               \
    } while (0)

static void ignore_warning(void *ctx, long line, const char *msg)
{
    (void)ctx;
    (void)line;
    (void)msg;
}

/* A memory stream: open with mem_open(), read buf/len after mem_close(). */
typedef struct mem {
    FILE *f;
    char *buf;
    size_t len;
} mem_t;

static void mem_open(mem_t *m)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    if (!m->f)
        abort();
}

static void mem_close(mem_t *m)
{
    if (ferror(m->f))
        FAIL("write error on a memory stream");
    fclose(m->f);
    m->f = NULL;
}

static void check_snippet(const as_snippet_t *sn)
{
    if (!sn->text || sn->text[sn->len] != '\0')
        FAIL("snippet text not NUL-terminated at len");
    for (size_t i = 0; i < sn->n_spans; i++) {
        const as_span_t *s = &sn->spans[i];
        if (!(s->start < s->end && s->end <= sn->len))
            FAIL("span %zu [%zu, %zu) outside the text of %zu bytes", i,
                 s->start, s->end, sn->len);
        if (i > 0 && sn->spans[i - 1].end > s->start)
            FAIL("span %zu overlaps or precedes span %zu", i, i - 1);
    }
}

/* Text output: only tab and newline among C0/DEL, and every ESC starts
 * one of our colour codes. */
static void check_text(const char *s, size_t len)
{
    static const char *const codes[] = {"\033[1m", "\033[32m", "\033[1;31m",
                                        "\033[0m"};

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x1B) {
            size_t k;
            for (k = 0; k < sizeof codes / sizeof codes[0]; k++) {
                size_t n = strlen(codes[k]);
                if (n <= len - i && memcmp(s + i, codes[k], n) == 0)
                    break;
            }
            if (k == sizeof codes / sizeof codes[0])
                FAIL("text: stray ESC at byte %zu", i);
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            FAIL("text: control byte 0x%02X at byte %zu", c, i);
    }
}

/* TSV output: one line of tabs separators + 1 fields. */
static void check_tsv(const char *s, size_t len, size_t tabs)
{
    size_t n = 0;

    if (len == 0 || s[len - 1] != '\n')
        FAIL("tsv: the line does not end with a newline");
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t')
            n++;
        else if (c == '\n')
            FAIL("tsv: raw newline at byte %zu", i);
        else if (c < 0x20 || c == 0x7F)
            FAIL("tsv: control byte 0x%02X at byte %zu", c, i);
    }
    if (n != tabs)
        FAIL("tsv: %zu tabs, expected %zu", n, tabs);
}

static void check_json(const char *s, size_t len, const as_snippet_t *sn)
{
    json_error_t err;
    json_t *obj, *v;

    if (len == 0 || s[len - 1] != '\n' || memchr(s, '\n', len - 1))
        FAIL("json: not exactly one line");
    obj = json_loadb(s, len, JSON_ALLOW_NUL, &err);
    if (!obj)
        FAIL("json: does not parse: %s (line %d column %d)", err.text, err.line,
             err.column);
    if (!json_is_object(obj))
        FAIL("json: not an object");
    if (!json_is_integer(json_object_get(obj, "query")))
        FAIL("json: batch record without query number");
    v = json_object_get(obj, "snippet");
    if (as_utf8_check(sn->text, sn->len) == sn->len) {
        if (!json_is_string(v) || json_string_length(v) != sn->len ||
            memcmp(json_string_value(v), sn->text, sn->len) != 0)
            FAIL("json: snippet does not match the hit's");
    }
    v = json_object_get(obj, "highlights");
    if (!json_is_array(v) || json_array_size(v) != sn->n_spans)
        FAIL("json: highlights do not match the spans");
    for (size_t i = 0; i < sn->n_spans; i++) {
        json_t *pair = json_array_get(v, i);
        if (json_integer_value(json_array_get(pair, 0)) !=
                (json_int_t)sn->spans[i].start ||
            json_integer_value(json_array_get(pair, 1)) !=
                (json_int_t)sn->spans[i].end)
            FAIL("json: highlight %zu differs from its span", i);
    }
    json_decref(obj);
}

/* as_print_safe() on raw bytes. */
static void check_print_safe(const char *s, size_t len)
{
    const unsigned char *o;
    mem_t m;
    size_t i = 0;
    int valid = as_utf8_check(s, len) == len;

    mem_open(&m);
    as_print_safe(m.f, s, len);
    mem_close(&m);
    o = (const unsigned char *)m.buf;
    while (i < m.len) {
        unsigned long cp = o[i];
        size_t n = as_utf8_seq(o + i, m.len - i, &cp);
        if (n == 0) {
            if (valid)
                FAIL("print_safe: invalid UTF-8 out of valid input at %zu", i);
            if (o[i] < 0x20 || o[i] == 0x7F)
                FAIL("print_safe: control byte 0x%02X at %zu", o[i], i);
            i++;
            continue;
        }
        if (as_text_is_control(cp))
            FAIL("print_safe: control character U+%04lX at %zu", cp, i);
        i += n;
    }
    free(m.buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    const char *ff = memchr(in, 0xFF, size);
    size_t mlen = ff ? (size_t)(ff - in) : size;
    const char *body = ff ? ff + 1 : in + size;
    size_t blen = (size_t)(in + size - body);
    as_snippet_t sn;
    as_article_t *parsed = NULL, fixed;
    const as_article_t *article;
    char *repaired = NULL, *err = NULL, *enc = NULL, *word = NULL;
    char *fixed_authors[] = {"A. Writer", "B. \"Quoted\" Writer"};
    char *fixed_tags[] = {"fuzz", "tag\\slash"};
    char *fixed_paragraphs[1];
    size_t enclen = 0;
    as_record_t *record = NULL;
    as_term_t terms[2];
    as_hit_t hit;
    as_printer_t p;
    as_printer_opts_t opts;
    mem_t m;

    check_print_safe(in, size);

    if (as_snippet_from_marked(in, mlen, &sn) != AS_OK)
        return 0;
    check_snippet(&sn);

    /* The article: parsed from the body, else a fixed one around it. */
    if (as_article_parse(body, blen, "fuzz", "corpus/fuzz.txt", ignore_warning,
                         NULL, &parsed, &err) == AS_OK &&
        parsed->n_paragraphs > 0) {
        article = parsed;
    } else {
        if (as_utf8_repair(body, blen, &repaired, NULL) != AS_OK)
            goto out;
        memset(&fixed, 0, sizeof fixed);
        fixed.id = "fixed";
        fixed.title = "A fixed <title> & \"quotes\"";
        fixed.source = "Fuzz Weekly";
        fixed.url = "https://example.com/a?b=c&d=e";
        fixed.date.year = 2024;
        fixed.date.month = 2;
        fixed.date.day = 29;
        fixed.authors = fixed_authors;
        fixed.n_authors = 2;
        fixed.tags = fixed_tags;
        fixed.n_tags = 2;
        fixed_paragraphs[0] = repaired;
        fixed.paragraphs = fixed_paragraphs;
        fixed.n_paragraphs = 1;
        article = &fixed;
    }
    if (as_record_encode(article, 0, &enc, &enclen) != AS_OK)
        goto out;
    if (as_record_decode(enc, enclen, &record) != AS_OK)
        FAIL("record of the article does not decode");

    /* A term word taken from the first span, as --explain would show it. */
    if (sn.n_spans > 0) {
        size_t n = sn.spans[0].end - sn.spans[0].start;
        word = malloc(n + 1);
        if (!word)
            goto out;
        memcpy(word, sn.text + sn.spans[0].start, n);
        word[n] = '\0';
    }
    terms[0].word = word ? word : "word";
    terms[0].field = "text";
    terms[0].weight = 1.25;
    terms[1].word = "japan";
    terms[1].field = "title";
    terms[1].weight = 0.5;

    memset(&hit, 0, sizeof hit);
    hit.rank = 1;
    hit.score = 3.14159;
    hit.record = record;
    hit.snippet = &sn;
    hit.article_matches = 2;
    hit.terms = terms;
    hit.n_terms = 2;

    /* Text: colour, width 40, explain; heading, hit, facet, suggestion and
     * summary, fed with the snippet text where they take a string. */
    memset(&opts, 0, sizeof opts);
    opts.color = 1;
    opts.width = 40;
    opts.terminator = '\n';
    opts.explain = 1;
    opts.article_matches = 1;
    mem_open(&m);
    as_printer_init(&p, AS_FORMAT_TEXT, m.f, &opts);
    as_printer_query(&p, 1, sn.text);
    as_printer_hit(&p, &hit);
    {
        as_facet_t facets[2] = {{sn.text, 3}, {record->title, 1}};
        as_summary_t summary = {1, 7, 0, sn.text, "paragraph"};
        as_printer_facet(&p, AS_FACET_AUTHOR, facets, 2);
        as_printer_suggestion(&p, sn.text, 5);
        as_printer_summary(&p, &summary);
    }
    mem_close(&m);
    check_text(m.buf, m.len);
    free(m.buf);

    /* TSV: explain, so one column more than the 10 base columns. */
    memset(&opts, 0, sizeof opts);
    opts.terminator = '\n';
    opts.explain = 1;
    mem_open(&m);
    as_printer_init(&p, AS_FORMAT_TSV, m.f, &opts);
    as_printer_query(&p, 1, sn.text);
    as_printer_hit(&p, &hit);
    mem_close(&m);
    check_tsv(m.buf, m.len,
              9 + (opts.explain != 0) + (opts.article_matches != 0) +
                  (opts.batch != 0));
    free(m.buf);

    /* JSON Lines: batch and explain. */
    memset(&opts, 0, sizeof opts);
    opts.terminator = '\n';
    opts.batch = 1;
    opts.explain = 1;
    mem_open(&m);
    as_printer_init(&p, AS_FORMAT_JSON, m.f, &opts);
    as_printer_query(&p, 1, sn.text);
    as_printer_hit(&p, &hit);
    mem_close(&m);
    check_json(m.buf, m.len, &sn);
    free(m.buf);

out:
    free(word);
    as_record_free(record);
    free(enc);
    free(repaired);
    free(err);
    as_article_free(parsed);
    as_snippet_clear(&sn);
    return 0;
}
