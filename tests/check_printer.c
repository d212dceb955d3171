/* check_printer.c - unit tests of printer.h: text, TSV and JSON output. */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"
#include "text.h"

#define HS AS_SNIPPET_HI_START
#define HE AS_SNIPPET_HI_END
#define FFFD "\xEF\xBF\xBD"

static const char full_text[] = "Title: Trade talks resume\n"
                                "Author: Jane Doe\n"
                                "Author: John Roe\n"
                                "Date: 2025-06\n"
                                "Source: The Daily Planet\n"
                                "URL: https://example.org/t\n"
                                "Tags: Trade, Japan\n"
                                "\n"
                                "First paragraph.\n"
                                "\n"
                                "The negotiations resumed.\n";

static const char bare_text[] = "Title: Bare\n\nOnly text.\n";

static as_record_t *rec;
static as_snippet_t sn;
static as_hit_t hit;
static char *out_buf;
static size_t out_len;
static FILE *out;

/* A record for paragraph para of the article parsed from text; when
 * title is not NULL it replaces the parsed title (to get characters the
 * parser would remove into the record). */
static as_record_t *make_record(const char *text, const char *id,
                                const char *file, size_t para,
                                const char *title)
{
    as_article_t *a = NULL;
    as_record_t *r = NULL;
    char *data = NULL;
    size_t len = 0;

    ck_assert_int_eq(
        as_article_parse(text, strlen(text), id, file, NULL, NULL, &a, NULL),
        AS_OK);
    if (title) {
        free(a->title);
        a->title = strdup(title);
        ck_assert_ptr_nonnull(a->title);
    }
    ck_assert_int_eq(as_record_encode(a, para, &data, &len), AS_OK);
    ck_assert_int_eq(as_record_decode(data, len, &r), AS_OK);
    free(data);
    as_article_free(a);
    return r;
}

/* Replace the snippet of the hit with the one made from marked. */
static void set_snippet(const char *marked)
{
    as_snippet_clear(&sn);
    ck_assert_int_eq(as_snippet_from_marked(marked, strlen(marked), &sn),
                     AS_OK);
}

static void setup(void)
{
    memset(&sn, 0, sizeof sn);
    rec = make_record(full_text, "art-1", "corpus/art-1.txt", 1, NULL);
    set_snippet("The " HS "negotiations" HE " resumed");
    hit.rank = 1;
    hit.score = 12.3456789;
    hit.record = rec;
    hit.snippet = &sn;
    out_buf = NULL;
    out_len = 0;
    out = open_memstream(&out_buf, &out_len);
    ck_assert_ptr_nonnull(out);
}

static void teardown(void)
{
    if (out)
        fclose(out);
    free(out_buf);
    as_record_free(rec);
    as_snippet_clear(&sn);
}

/* Close the output stream and return what was written. */
static const char *output(void)
{
    ck_assert_int_eq(ferror(out), 0);
    ck_assert_int_eq(fclose(out), 0);
    out = NULL;
    ck_assert_ptr_nonnull(out_buf);
    ck_assert_uint_eq(strlen(out_buf), out_len);
    return out_buf;
}

/* Print the count n (-c), exact and from every shard. */
static void print_count(as_printer_t *p, size_t n)
{
    as_summary_t s = {.matches = n, .exact = 1, .unit = "paragraph"};

    as_printer_count(p, &s);
}

/* Print hit in format with colour on or off and return the output. */
static const char *print_hit(as_format_t format, int color)
{
    as_printer_t p;
    as_printer_opts_t opts = {.color = color, .terminator = '\n'};

    as_printer_init(&p, format, out, &opts);
    as_printer_hit(&p, &hit);
    return output();
}

/* Split the single TSV line s into exactly 10 fields (copied into buf). */
static void tsv_fields(const char *s, char *buf, size_t size, char **fields)
{
    size_t n = 0;
    char *p;

    ck_assert_uint_lt(strlen(s), size);
    strcpy(buf, s);
    p = strchr(buf, '\n');
    ck_assert_ptr_nonnull(p);
    ck_assert_msg(p[1] == '\0', "more than one line: %s", s);
    *p = '\0';
    p = buf;
    for (;;) {
        char *tab = strchr(p, '\t');

        ck_assert_msg(n < 10, "more than 10 columns: %s", s);
        fields[n++] = p;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    ck_assert_msg(n == 10, "%zu columns, not 10: %s", n, s);
}

/* Parse the JSON line s into an object (json_decref() it). */
static json_t *json_line(const char *s)
{
    json_error_t error;
    json_t *obj;
    const char *nl = strchr(s, '\n');

    ck_assert_ptr_nonnull(nl);
    ck_assert_msg(nl[1] == '\0', "more than one line: %s", s);
    obj = json_loads(s, 0, &error);
    ck_assert_msg(obj != NULL, "invalid JSON (%s): %s", error.text, s);
    ck_assert(json_is_object(obj));
    return obj;
}

static const char *json_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);

    ck_assert_msg(json_is_string(v), "%s is not a string", key);
    return json_string_value(v);
}

static json_int_t json_int(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);

    ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
    return json_integer_value(v);
}

static const as_facet_t two_authors[] = {{"Jane Doe", 3}, {"John Roe", 1}};

static const as_term_t two_terms[] = {{"negotiations", "text", 1.5},
                                      {"trade", "title", 0.25}};

/* Printer options with the record terminator term and nothing else. */
static as_printer_opts_t opts_term(char term)
{
    as_printer_opts_t opts;

    memset(&opts, 0, sizeof opts);
    opts.terminator = term;
    return opts;
}

/* Close the output stream and return what was written (may hold NULs);
 * its length goes to *len. */
static const char *output_raw(size_t *len)
{
    ck_assert_int_eq(ferror(out), 0);
    ck_assert_int_eq(fclose(out), 0);
    out = NULL;
    ck_assert_ptr_nonnull(out_buf);
    *len = out_len;
    return out_buf;
}

/* Check that the output is exactly want[0..want_len). */
static void check_raw(const char *want, size_t want_len)
{
    size_t len = 0;
    const char *got = output_raw(&len);

    ck_assert_msg(len == want_len && memcmp(got, want, len) == 0,
                  "output of %zu bytes '%.*s' is not the %zu bytes '%.*s'", len,
                  (int)len, got, want_len, (int)want_len, want);
}

/* Split the single TSV line s (ending in '\n') into its fields (copied
 * into buf); returns their number (at most max). */
static size_t tsv_split(const char *s, char *buf, size_t size, char **fields,
                        size_t max)
{
    size_t n = 0;
    char *p;

    ck_assert_uint_lt(strlen(s), size);
    strcpy(buf, s);
    p = strchr(buf, '\n');
    ck_assert_ptr_nonnull(p);
    ck_assert_msg(p[1] == '\0', "more than one line: %s", s);
    *p = '\0';
    p = buf;
    for (;;) {
        char *tab = strchr(p, '\t');

        ck_assert_msg(n < max, "more than %zu columns: %s", max, s);
        fields[n++] = p;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* Parse the JSON records in s[0..len), each ended by term, into objs
 * (json_decref() each); returns their number (at most max). */
static size_t json_records(const char *s, size_t len, char term, json_t **objs,
                           size_t max)
{
    size_t n = 0, start = 0;

    ck_assert_msg(len > 0 && s[len - 1] == term, "not ended by 0x%02X: %.*s",
                  (unsigned char)term, (int)len, s);
    while (start < len) {
        const char *end = memchr(s + start, term, len - start);
        json_error_t error;
        json_t *obj;

        ck_assert_ptr_nonnull(end);
        ck_assert_msg(n < max, "more than %zu records: %.*s", max, (int)len, s);
        obj = json_loadb(s + start, (size_t)(end - (s + start)), 0, &error);
        ck_assert_msg(obj != NULL, "invalid JSON (%s): %.*s", error.text,
                      (int)(end - (s + start)), s + start);
        ck_assert(json_is_object(obj));
        objs[n++] = obj;
        start = (size_t)(end - s) + 1;
    }
    return n;
}

static void json_free_all(json_t **objs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_decref(objs[i]);
}

static double json_num(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);

    ck_assert_msg(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

/* ---- format names and as_print_safe ------------------------------------- */

START_TEST(test_format_parse)
{
    as_format_t f = AS_FORMAT_JSON;

    ck_assert_int_eq(as_format_parse("text", &f), AS_OK);
    ck_assert_int_eq(f, AS_FORMAT_TEXT);
    ck_assert_int_eq(as_format_parse("tsv", &f), AS_OK);
    ck_assert_int_eq(f, AS_FORMAT_TSV);
    ck_assert_int_eq(as_format_parse("json", &f), AS_OK);
    ck_assert_int_eq(f, AS_FORMAT_JSON);
    ck_assert_int_eq(as_format_parse("xml", &f), AS_ERR_USAGE);
    ck_assert_int_eq(as_format_parse("", &f), AS_ERR_USAGE);
    ck_assert_int_eq(as_format_parse("texts", &f), AS_ERR_USAGE);
    ck_assert_int_eq(as_format_parse("csv", &f), AS_ERR_USAGE);
}
END_TEST

START_TEST(test_print_safe)
{
    const char *s = "a\x1b[2Jb\x07"
                    "c\td\ne\x7F"
                    "f\xC2\x85g\xE2\x80\xA8h";

    as_print_safe(out, s, strlen(s));
    ck_assert_str_eq(output(), "a" FFFD "[2Jb" FFFD "c" FFFD "d" FFFD "e" FFFD
                               "f" FFFD "g" FFFD "h");
}
END_TEST

START_TEST(test_print_safe_keeps_text)
{
    const char *s = "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xE6\x97\xA5 ~";

    as_print_safe(out, s, strlen(s));
    ck_assert_str_eq(output(), s);
}
END_TEST

START_TEST(test_print_safe_invalid_and_len)
{
    as_print_safe(out, "x\xFFy\xC3", 4);
    as_print_safe(out, "abcdef", 3);
    ck_assert_str_eq(output(), "x" FFFD "y" FFFD "abc");
}
END_TEST

/* ---- TSV ---------------------------------------------------------------- */

START_TEST(test_tsv_line)
{
    ck_assert_str_eq(print_hit(AS_FORMAT_TSV, 0),
                     "1\t12.3457\tart-1\t2\tcorpus/art-1.txt\t2025-06\t"
                     "The Daily Planet\tJane Doe; John Roe\t"
                     "Trade talks resume\tThe negotiations resumed\n");
}
END_TEST

START_TEST(test_tsv_columns)
{
    char buf[1024], *f[10];

    hit.rank = 42;
    hit.score = 0.5;
    tsv_fields(print_hit(AS_FORMAT_TSV, 1), buf, sizeof buf, f);
    ck_assert_str_eq(f[0], "42");
    ck_assert_str_eq(f[1], "0.5000");
    ck_assert_str_eq(f[2], "art-1");
    ck_assert_str_eq(f[3], "2");
    ck_assert_str_eq(f[4], "corpus/art-1.txt");
    ck_assert_str_eq(f[5], "2025-06");
    ck_assert_str_eq(f[6], "The Daily Planet");
    ck_assert_str_eq(f[7], "Jane Doe; John Roe");
    ck_assert_str_eq(f[8], "Trade talks resume");
    ck_assert_str_eq(f[9], "The negotiations resumed");
    ck_assert_ptr_null(strchr(out_buf, '\033')); /* no colour in TSV */
}
END_TEST

START_TEST(test_tsv_empty_columns)
{
    char buf[1024], *f[10];

    as_record_free(rec);
    rec = make_record(bare_text, "bare", NULL, 0, NULL);
    hit.record = rec;
    tsv_fields(print_hit(AS_FORMAT_TSV, 0), buf, sizeof buf, f);
    ck_assert_str_eq(f[2], "bare");
    ck_assert_str_eq(f[3], "1");
    ck_assert_str_eq(f[4], "");
    ck_assert_str_eq(f[5], "");
    ck_assert_str_eq(f[6], "");
    ck_assert_str_eq(f[7], "");
    ck_assert_str_eq(f[8], "Bare");
}
END_TEST

START_TEST(test_tsv_escapes)
{
    char buf[1024], *f[10];

    as_record_free(rec);
    rec = make_record(full_text, "art-1", "dir\\art-1.txt", 1,
                      "Back\\slash and \x1b[31mred");
    hit.record = rec;
    set_snippet("tab\there\nnew\\line\rcr\x1b"
                "esc\xC2\x85"
                "nel");
    tsv_fields(print_hit(AS_FORMAT_TSV, 0), buf, sizeof buf, f);
    ck_assert_str_eq(f[4], "dir\\\\art-1.txt");
    ck_assert_str_eq(f[8], "Back\\\\slash and \\x1B[31mred");
    ck_assert_str_eq(f[9],
                     "tab\\there\\nnew\\\\line\\rcr\\x1Besc\\xC2\\x85nel");
    ck_assert_ptr_null(strchr(out_buf, '\033'));
    ck_assert_ptr_null(strchr(out_buf, '\r'));
}
END_TEST

START_TEST(test_tsv_no_summary)
{
    as_printer_t p;
    as_summary_t s = {.shown = 3, .matches = 10, .exact = 1};

    as_printer_init(&p, AS_FORMAT_TSV, out, NULL);
    as_printer_summary(&p, &s);
    ck_assert_str_eq(output(), "");
}
END_TEST

/* ---- JSON --------------------------------------------------------------- */

START_TEST(test_json_hit)
{
    json_t *obj = json_line(print_hit(AS_FORMAT_JSON, 0));
    json_t *a;

    ck_assert_str_eq(json_str(obj, "type"), "hit");
    ck_assert_int_eq(json_int(obj, "schema_version"), 1);
    ck_assert_int_eq(json_int(obj, "rank"), 1);
    ck_assert(json_is_number(json_object_get(obj, "score")));
    ck_assert_double_eq_tol(json_number_value(json_object_get(obj, "score")),
                            12.3456789, 1e-6);
    ck_assert_str_eq(json_str(obj, "article"), "art-1");
    ck_assert_int_eq(json_int(obj, "paragraph"), 2);
    ck_assert_str_eq(json_str(obj, "file"), "corpus/art-1.txt");
    ck_assert_str_eq(json_str(obj, "title"), "Trade talks resume");
    ck_assert_str_eq(json_str(obj, "date"), "2025-06");
    ck_assert_str_eq(json_str(obj, "source"), "The Daily Planet");
    ck_assert_str_eq(json_str(obj, "url"), "https://example.org/t");
    ck_assert_str_eq(json_str(obj, "snippet"), "The negotiations resumed");

    a = json_object_get(obj, "authors");
    ck_assert(json_is_array(a));
    ck_assert_uint_eq(json_array_size(a), 2);
    ck_assert_str_eq(json_string_value(json_array_get(a, 0)), "Jane Doe");
    ck_assert_str_eq(json_string_value(json_array_get(a, 1)), "John Roe");

    a = json_object_get(obj, "tags");
    ck_assert(json_is_array(a));
    ck_assert_uint_eq(json_array_size(a), 2);
    ck_assert_str_eq(json_string_value(json_array_get(a, 0)), "Trade");
    ck_assert_str_eq(json_string_value(json_array_get(a, 1)), "Japan");
    json_decref(obj);
}
END_TEST

START_TEST(test_json_highlights)
{
    json_t *obj, *h;

    set_snippet(HS "The" HE " negotiations " HS "resumed" HE);
    hit.rank = 7;
    obj = json_line(print_hit(AS_FORMAT_JSON, 1));
    ck_assert_int_eq(json_int(obj, "rank"), 7);
    h = json_object_get(obj, "highlights");
    ck_assert(json_is_array(h));
    ck_assert_uint_eq(json_array_size(h), sn.n_spans);
    ck_assert_uint_eq(sn.n_spans, 2);
    for (size_t i = 0; i < sn.n_spans; i++) {
        json_t *pair = json_array_get(h, i);

        ck_assert(json_is_array(pair));
        ck_assert_uint_eq(json_array_size(pair), 2);
        ck_assert_int_eq(json_integer_value(json_array_get(pair, 0)),
                         (json_int_t)sn.spans[i].start);
        ck_assert_int_eq(json_integer_value(json_array_get(pair, 1)),
                         (json_int_t)sn.spans[i].end);
    }
    ck_assert_int_eq(
        json_integer_value(json_array_get(json_array_get(h, 1), 0)), 17);
    ck_assert_int_eq(
        json_integer_value(json_array_get(json_array_get(h, 1), 1)), 24);
    json_decref(obj);
}
END_TEST

START_TEST(test_json_absent_fields)
{
    json_t *obj, *v;

    as_record_free(rec);
    rec = make_record(bare_text, "bare", NULL, 0, NULL);
    hit.record = rec;
    set_snippet("Only text.");
    obj = json_line(print_hit(AS_FORMAT_JSON, 0));
    ck_assert(json_is_null(json_object_get(obj, "date")));
    ck_assert(json_is_null(json_object_get(obj, "source")));
    ck_assert(json_is_null(json_object_get(obj, "url")));
    ck_assert(json_is_null(json_object_get(obj, "file")));
    v = json_object_get(obj, "authors");
    ck_assert(json_is_array(v));
    ck_assert_uint_eq(json_array_size(v), 0);
    v = json_object_get(obj, "tags");
    ck_assert(json_is_array(v));
    ck_assert_uint_eq(json_array_size(v), 0);
    v = json_object_get(obj, "highlights");
    ck_assert(json_is_array(v));
    ck_assert_uint_eq(json_array_size(v), 0);
    ck_assert_str_eq(json_str(obj, "title"), "Bare");
    json_decref(obj);
}
END_TEST

START_TEST(test_json_escapes)
{
    json_t *obj;

    as_record_free(rec);
    rec = make_record(full_text, "art-1", NULL, 1,
                      "Quote \" back\\slash \x1b[31m caf\xC3\xA9");
    hit.record = rec;
    set_snippet("line\nbreak\ttab");
    print_hit(AS_FORMAT_JSON, 0);
    ck_assert_ptr_null(strchr(out_buf, '\033'));
    ck_assert_ptr_null(strchr(out_buf, '\t'));
    obj = json_line(out_buf);
    ck_assert_str_eq(json_str(obj, "title"),
                     "Quote \" back\\slash \x1b[31m caf\xC3\xA9");
    ck_assert_str_eq(json_str(obj, "snippet"), "line\nbreak\ttab");
    json_decref(obj);
}
END_TEST

/* C1 controls, U+2028 and U+2029 are escaped: some JSON readers split
 * lines on them (the printer writes only valid JSON either way). */
START_TEST(test_json_escapes_separators)
{
    json_t *obj;

    as_record_free(rec);
    rec = make_record(full_text, "art-1", NULL, 1,
                      "a\xC2\x85"
                      "b\xE2\x80\xA8"
                      "c\xE2\x80\xA9"
                      "d \xC2\xA0\xE2\x80\x94");
    hit.record = rec;
    print_hit(AS_FORMAT_JSON, 0);
    ck_assert_ptr_nonnull(strstr(out_buf, "a\\u0085b\\u2028c\\u2029d "));
    ck_assert_ptr_null(strstr(out_buf, "\xC2\x85"));
    ck_assert_ptr_null(strstr(out_buf, "\xE2\x80\xA8"));
    ck_assert_ptr_null(strstr(out_buf, "\xE2\x80\xA9"));
    obj = json_line(out_buf);
    ck_assert_str_eq(json_str(obj, "title"), "a\xC2\x85"
                                             "b\xE2\x80\xA8"
                                             "c\xE2\x80\xA9"
                                             "d \xC2\xA0\xE2\x80\x94");
    json_decref(obj);
}
END_TEST

START_TEST(test_json_summary)
{
    as_printer_t p;
    as_summary_t s = {.shown = 3, .matches = 10, .exact = 1};
    json_t *obj;

    as_printer_init(&p, AS_FORMAT_JSON, out, NULL);
    as_printer_summary(&p, &s);
    obj = json_line(output());
    ck_assert_str_eq(json_str(obj, "type"), "summary");
    ck_assert_int_eq(json_int(obj, "schema_version"), 1);
    ck_assert_int_eq(json_int(obj, "shown"), 3);
    ck_assert_int_eq(json_int(obj, "matches"), 10);
    ck_assert(json_is_true(json_object_get(obj, "exact")));
    json_decref(obj);
}
END_TEST

START_TEST(test_json_summary_estimate)
{
    as_printer_t p;
    as_summary_t s = {.shown = 0, .matches = 1234, .exact = 0};
    json_t *obj;

    as_printer_init(&p, AS_FORMAT_JSON, out, NULL);
    as_printer_summary(&p, &s);
    obj = json_line(output());
    ck_assert_int_eq(json_int(obj, "shown"), 0);
    ck_assert_int_eq(json_int(obj, "matches"), 1234);
    ck_assert(json_is_false(json_object_get(obj, "exact")));
    json_decref(obj);
}
END_TEST

/* ---- text --------------------------------------------------------------- */

START_TEST(test_text_no_color)
{
    const char *s = print_hit(AS_FORMAT_TEXT, 0);

    ck_assert_ptr_null(strchr(s, '\033'));
    ck_assert_ptr_nonnull(strstr(s, "1. Trade talks resume\n"));
    ck_assert_ptr_nonnull(strstr(s, "Jane Doe; John Roe"));
    ck_assert_ptr_nonnull(strstr(s, "The Daily Planet"));
    ck_assert_ptr_nonnull(strstr(s, "2025-06"));
    ck_assert_ptr_nonnull(strstr(s, "art-1"));
    ck_assert_ptr_nonnull(strstr(s, "The negotiations resumed\n"));
}
END_TEST

START_TEST(test_text_null_opts_no_color)
{
    as_printer_t p;

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    as_printer_hit(&p, &hit);
    ck_assert_ptr_null(strchr(output(), '\033'));
    ck_assert_ptr_nonnull(strstr(out_buf, "negotiations"));
}
END_TEST

START_TEST(test_text_color)
{
    const char *s = print_hit(AS_FORMAT_TEXT, 1);

    ck_assert_ptr_nonnull(strstr(s, "The \033[1;31mnegotiations\033[0m "
                                    "resumed"));
}
END_TEST

START_TEST(test_text_color_multiword_span)
{
    const char *s;

    set_snippet("x " HS "strategic autonomy" HE " y");
    s = print_hit(AS_FORMAT_TEXT, 1);
    ck_assert_ptr_nonnull(strstr(s, "x \033[1;31mstrategic autonomy"
                                    "\033[0m y"));
}
END_TEST

START_TEST(test_text_color_partial_word)
{
    const char *s;

    set_snippet("un" HS "break" HE "able");
    s = print_hit(AS_FORMAT_TEXT, 1);
    ck_assert_ptr_nonnull(strstr(s, "un\033[1;31mbreak\033[0mable"));
}
END_TEST

START_TEST(test_text_controls_neutralised)
{
    const char *s;
    size_t i;

    as_record_free(rec);
    rec =
        make_record(full_text, "art-1", NULL, 1, "Evil\x1b]0;pwned\x07 title");
    hit.record = rec;
    set_snippet("clear\x1b[2Jscreen bell\x07 nel\xC2\x85 ls\xE2\x80\xA8x " HS
                "hit" HE);
    s = print_hit(AS_FORMAT_TEXT, 0);
    for (i = 0; s[i]; i++)
        ck_assert_msg((unsigned char)s[i] >= 0x20 || s[i] == '\n',
                      "control byte 0x%02X at %zu", (unsigned char)s[i], i);
    ck_assert_ptr_null(strstr(s, "\xC2\x85"));
    ck_assert_ptr_null(strstr(s, "\xE2\x80\xA8"));
    ck_assert_ptr_nonnull(strstr(s, "Evil" FFFD "]0;pwned" FFFD " title"));
    ck_assert_ptr_nonnull(strstr(s, "clear" FFFD "[2Jscreen"));
    ck_assert_ptr_nonnull(strstr(s, "nel" FFFD));
    ck_assert_ptr_nonnull(strstr(s, "ls" FFFD "x"));
}
END_TEST

START_TEST(test_text_controls_with_color)
{
    const char *s;
    const char *esc;

    set_snippet(HS "a\x1b"
                   "b" HE);
    s = print_hit(AS_FORMAT_TEXT, 1);
    ck_assert_ptr_nonnull(strstr(s, "\033[1;31ma" FFFD "b\033[0m"));
    /* every ESC written starts one of the printer's own colour codes */
    for (esc = strchr(s, '\033'); esc; esc = strchr(esc + 1, '\033'))
        ck_assert_msg(esc[1] == '[', "stray ESC at %td", esc - s);
}
END_TEST

/* Print the hit with a snippet of twenty words at width; check every
 * snippet line (indented by 4) fits in max columns, and return how many
 * there are. */
static int wrap_at(int width, int max)
{
    as_printer_t p;
    as_printer_opts_t opts = {.width = width, .terminator = '\n'};
    const char *s, *line;
    int snippet_lines = 0;

    set_snippet("one two three four five six seven eight nine ten eleven "
                "twelve thirteen fourteen fifteen sixteen seventeen "
                "eighteen nineteen twenty");
    as_printer_init(&p, AS_FORMAT_TEXT, out, &opts);
    as_printer_hit(&p, &hit);
    s = output();
    /* the snippet starts after the title and metadata lines */
    line = strchr(s, '\n');
    ck_assert_ptr_nonnull(line);
    line = strchr(line + 1, '\n');
    ck_assert_ptr_nonnull(line);
    for (line++; *line; snippet_lines++) {
        const char *eol = strchr(line, '\n');

        ck_assert_ptr_nonnull(eol);
        ck_assert_msg(eol - line <= max, "line of %td columns: %.*s",
                      eol - line, (int)(eol - line), line);
        ck_assert_int_eq(strncmp(line, "    ", 4), 0);
        ck_assert(line[4] != ' ');
        line = eol + 1;
    }
    ck_assert_ptr_nonnull(strstr(s, "twenty\n"));
    return snippet_lines;
}

START_TEST(test_text_wrap)
{
    ck_assert_int_ge(wrap_at(40, 40), 3);
}
END_TEST

/* Columns, not characters: a run of Han characters (two columns each)
 * without spaces is cut between characters, every line within the
 * width, nothing lost; a combining accent takes no column. */
START_TEST(test_text_wrap_wide)
{
    as_printer_t p;
    as_printer_opts_t opts = {.width = 24, .terminator = '\n'};
    char text[400] = "", joined[400] = "";
    const char *s, *line;
    int lines = 0;

    for (int i = 0; i < 25; i++)
        strcat(text, "\xE6\x9D\xB1"); /* 東 */
    strcat(text, " cafe\xCC\x81");
    set_snippet(text);
    as_printer_init(&p, AS_FORMAT_TEXT, out, &opts);
    as_printer_hit(&p, &hit);
    s = output();
    line = strchr(strchr(s, '\n') + 1, '\n') + 1;
    for (; *line; lines++) {
        const char *eol = strchr(line, '\n');
        size_t cols = as_text_width(line, (size_t)(eol - line));

        ck_assert_msg(cols <= 24, "line of %zu columns: %.*s", cols,
                      (int)(eol - line), line);
        ck_assert_int_eq(strncmp(line, "    ", 4), 0);
        strncat(joined, line + 4, (size_t)(eol - line - 4));
        line = eol + 1;
    }
    ck_assert_int_eq(lines, 3); /* 10 + 10 + 5 characters and " café" */
    ck_assert_str_eq(joined, text);
}
END_TEST

/* A terminal narrower than 20 columns gets lines of 20 (its own wrap
 * takes over), not lines of 80. */
START_TEST(test_text_wrap_narrow)
{
    ck_assert_int_ge(wrap_at(12, 20), 8);
}
END_TEST

/* A line wrap inside a highlighted span ends the colour before the line
 * break and switches it back on after the indent of the next line. */
START_TEST(test_text_wrap_inside_span)
{
    as_printer_t p;
    as_printer_opts_t opts = {.width = 24, .color = 1, .terminator = '\n'};
    const char *s;

    set_snippet("x " HS "aaaa bbbb cccc dddd eeee ffff gggg" HE " y");
    as_printer_init(&p, AS_FORMAT_TEXT, out, &opts);
    as_printer_hit(&p, &hit);
    s = output();
    ck_assert_ptr_nonnull(strstr(s, "\n    x \033[1;31maaaa bbbb cccc"
                                    "\033[0m\n    \033[1;31mdddd eeee"));
    ck_assert_ptr_nonnull(strstr(s, "gggg\033[0m\n    y\n"));
}
END_TEST

/* A snippet line that fills the width exactly stays one line. */
START_TEST(test_text_wrap_exact_fit)
{
    as_printer_t p;
    as_printer_opts_t opts = {.width = 23, .terminator = '\n'};
    const char *s;

    set_snippet("aaaa bbbb cccc dddd eeee");
    as_printer_init(&p, AS_FORMAT_TEXT, out, &opts);
    as_printer_hit(&p, &hit);
    s = output();
    ck_assert_ptr_nonnull(strstr(s, "\n    aaaa bbbb cccc dddd\n    eeee\n"));
}
END_TEST

START_TEST(test_text_summary)
{
    as_printer_t p;
    as_summary_t s = {.shown = 2, .matches = 5, .exact = 0};

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    as_printer_summary(&p, &s);
    ck_assert_ptr_nonnull(
        strstr(output(), "2 of about 5 matching paragraphs\n"));
}
END_TEST

/* Matches but none shown (-n 0, an offset past the end): the count line
 * all the same; no matches: nothing at all, as grep. */
START_TEST(test_text_summary_none_shown)
{
    as_printer_t p;
    as_summary_t s = {.shown = 0, .matches = 3, .exact = 1};

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    as_printer_summary(&p, &s);
    /* alone: no blank line before it */
    ck_assert_str_eq(output(), "0 of 3 matching paragraphs\n");
    free(out_buf);
    out_buf = NULL;
    out = open_memstream(&out_buf, &out_len);
    ck_assert_ptr_nonnull(out);
    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    s.matches = 0;
    as_printer_summary(&p, &s);
    ck_assert_str_eq(output(), "");
}
END_TEST

/* What a query prints is separated by blank lines, but nothing comes
 * before the first thing printed (-n 0 with facets). */
START_TEST(test_text_blocks_separated)
{
    static const as_facet_t years[] = {{"2025", 2}};
    as_printer_t p;
    as_summary_t s = {.shown = 0, .matches = 2, .exact = 1};

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    as_printer_facet(&p, AS_FACET_YEAR, years, 1);
    as_printer_facet(&p, AS_FACET_YEAR, years, 1);
    as_printer_summary(&p, &s);
    ck_assert_str_eq(output(), "year: 2025 2\n"
                               "\nyear: 2025 2\n"
                               "\n0 of 2 matching paragraphs\n");
}
END_TEST

START_TEST(test_text_summary_exact_singular)
{
    as_printer_t p;
    as_summary_t s = {.shown = 1, .matches = 1, .exact = 1};

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    as_printer_summary(&p, &s);
    output();
    ck_assert_ptr_nonnull(strstr(out_buf, "1 of 1 matching paragraph\n"));
    ck_assert_ptr_null(strstr(out_buf, "about"));
}
END_TEST

/* ---- TSV: facets, counts, suggestions, -0, batch, extra columns --------- */

START_TEST(test_tsv_facet)
{
    static const as_facet_t years[] = {{"2025", 2}, {"2024", 1}};
    static const as_facet_t odd[] = {{"Tab\there\\", 1}};
    as_printer_t p;

    as_printer_init(&p, AS_FORMAT_TSV, out, NULL);
    as_printer_facet(&p, AS_FACET_AUTHOR, two_authors, 2);
    as_printer_facet(&p, AS_FACET_YEAR, years, 2);
    as_printer_facet(&p, AS_FACET_SOURCE, odd, 1);
    as_printer_facet(&p, AS_FACET_SOURCE, NULL, 0);
    ck_assert_str_eq(output(), "facet\tauthor\tJane Doe\t3\n"
                               "facet\tauthor\tJohn Roe\t1\n"
                               "facet\tyear\t2025\t2\n"
                               "facet\tyear\t2024\t1\n"
                               "facet\tsource\tTab\\there\\\\\t1\n");
}
END_TEST

START_TEST(test_tsv_count)
{
    as_printer_t p;

    as_printer_init(&p, AS_FORMAT_TSV, out, NULL);
    print_count(&p, 5);
    ck_assert_str_eq(output(), "5\n");
}
END_TEST

START_TEST(test_tsv_suggestion_not_on_stdout)
{
    as_printer_t p;

    as_printer_init(&p, AS_FORMAT_TSV, out, NULL);
    ck_assert_int_eq(as_printer_suggestion(&p, "harbour", 2), 0);
    ck_assert_str_eq(output(), "");
}
END_TEST

START_TEST(test_tsv_query_silent)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');

    opts.batch = 1;
    as_printer_init(&p, AS_FORMAT_TSV, out, &opts);
    as_printer_query(&p, 1, "japan");
    ck_assert_str_eq(output(), "");
}
END_TEST

START_TEST(test_tsv_nul_terminator)
{
    static const char want[] =
        "1\t12.3457\tart-1\t2\tcorpus/art-1.txt\t2025-06\t"
        "The Daily Planet\tJane Doe; John Roe\t"
        "Trade talks resume\tThe negotiations resumed\0"
        "facet\tauthor\tJane Doe\t3\0"
        "facet\tauthor\tJohn Roe\t1\0"
        "5\0";
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\0');

    as_printer_init(&p, AS_FORMAT_TSV, out, &opts);
    as_printer_hit(&p, &hit);
    as_printer_facet(&p, AS_FACET_AUTHOR, two_authors, 2);
    print_count(&p, 5);
    check_raw(want, sizeof want - 1);
}
END_TEST

START_TEST(test_tsv_batch)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    char buf[1024], *f[12], line[1024];
    const char *s, *nl;

    opts.batch = 1;
    as_printer_init(&p, AS_FORMAT_TSV, out, &opts);
    as_printer_query(&p, 3, "japan");
    as_printer_hit(&p, &hit);
    as_printer_facet(&p, AS_FACET_AUTHOR, two_authors, 1);
    print_count(&p, 5);
    as_printer_query(&p, 4, "tariffs");
    print_count(&p, 0);
    s = output();
    nl = strchr(s, '\n');
    ck_assert_ptr_nonnull(nl);
    ck_assert_uint_lt((size_t)(nl - s) + 2, sizeof line);
    memcpy(line, s, (size_t)(nl - s) + 1);
    line[nl - s + 1] = '\0';
    ck_assert_uint_eq(tsv_split(line, buf, sizeof buf, f, 12), 11);
    ck_assert_str_eq(f[0], "3");
    ck_assert_str_eq(f[1], "1");
    ck_assert_str_eq(f[3], "art-1");
    ck_assert_str_eq(f[10], "The negotiations resumed");
    ck_assert_str_eq(nl + 1, "3\tfacet\tauthor\tJane Doe\t3\n"
                             "3\t5\n"
                             "4\t0\n");
}
END_TEST

START_TEST(test_tsv_article_matches)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    char buf[1024], *f[12];

    opts.article_matches = 1;
    hit.article_matches = 4;
    as_printer_init(&p, AS_FORMAT_TSV, out, &opts);
    as_printer_hit(&p, &hit);
    ck_assert_uint_eq(tsv_split(output(), buf, sizeof buf, f, 12), 11);
    ck_assert_str_eq(f[0], "1");
    ck_assert_str_eq(f[9], "The negotiations resumed");
    ck_assert_str_eq(f[10], "4");
}
END_TEST

/* Check that the TSV column s holds the terms of two_terms. */
static void check_tsv_terms(const char *s)
{
    char buf[256], *word, *field, *weight, *end, *save = NULL;

    ck_assert_uint_lt(strlen(s), sizeof buf);
    strcpy(buf, s);
    for (size_t i = 0; i < 2; i++) {
        word = strtok_r(i ? NULL : buf, " ", &save);
        ck_assert_msg(word != NULL, "term %zu missing in '%s'", i, s);
        field = strchr(word, ':');
        ck_assert_msg(field != NULL, "no field in '%s'", word);
        *field++ = '\0';
        weight = strchr(field, ':');
        ck_assert_msg(weight != NULL, "no weight in '%s'", field);
        *weight++ = '\0';
        ck_assert_str_eq(word, two_terms[i].word);
        ck_assert_str_eq(field, two_terms[i].field);
        ck_assert_double_eq_tol(strtod(weight, &end), two_terms[i].weight,
                                1e-4);
        ck_assert_msg(end != weight && *end == '\0', "weight '%s'", weight);
    }
    ck_assert_ptr_null(strtok_r(NULL, " ", &save));
}

START_TEST(test_tsv_explain)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    char buf[1024], *f[12];

    opts.explain = 1;
    hit.terms = two_terms;
    hit.n_terms = 2;
    as_printer_init(&p, AS_FORMAT_TSV, out, &opts);
    as_printer_hit(&p, &hit);
    ck_assert_uint_eq(tsv_split(output(), buf, sizeof buf, f, 12), 11);
    ck_assert_str_eq(f[9], "The negotiations resumed");
    check_tsv_terms(f[10]);
}
END_TEST

START_TEST(test_tsv_explain_and_article_matches)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    char buf[1024], *f[12];

    opts.explain = 1;
    opts.article_matches = 1;
    hit.terms = two_terms;
    hit.n_terms = 2;
    hit.article_matches = 7;
    as_printer_init(&p, AS_FORMAT_TSV, out, &opts);
    as_printer_hit(&p, &hit);
    ck_assert_uint_eq(tsv_split(output(), buf, sizeof buf, f, 12), 12);
    ck_assert_str_eq(f[10], "7");
    check_tsv_terms(f[11]);
}
END_TEST

/* ---- JSON: facets, counts, suggestions, batch, extra fields ------------- */

START_TEST(test_json_facet)
{
    as_printer_t p;
    json_t *r[4];
    size_t n;

    as_printer_init(&p, AS_FORMAT_JSON, out, NULL);
    as_printer_facet(&p, AS_FACET_AUTHOR, two_authors, 2);
    output();
    n = json_records(out_buf, out_len, '\n', r, 4);
    ck_assert_uint_eq(n, 2);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(json_str(r[i], "type"), "facet");
        ck_assert_int_eq(json_int(r[i], "schema_version"), 1);
        ck_assert_str_eq(json_str(r[i], "facet"), "author");
        ck_assert_str_eq(json_str(r[i], "value"), two_authors[i].value);
        ck_assert_int_eq(json_int(r[i], "count"),
                         (json_int_t)two_authors[i].count);
        ck_assert_ptr_null(json_object_get(r[i], "query"));
    }
    json_free_all(r, n);
}
END_TEST

START_TEST(test_json_facet_year)
{
    static const as_facet_t years[] = {{"2024", 12}};
    as_printer_t p;
    json_t *obj;

    as_printer_init(&p, AS_FORMAT_JSON, out, NULL);
    as_printer_facet(&p, AS_FACET_YEAR, years, 1);
    obj = json_line(output());
    ck_assert_str_eq(json_str(obj, "facet"), "year");
    ck_assert_str_eq(json_str(obj, "value"), "2024");
    ck_assert_int_eq(json_int(obj, "count"), 12);
    json_decref(obj);
}
END_TEST

START_TEST(test_json_suggestion)
{
    as_printer_t p;
    json_t *obj;

    as_printer_init(&p, AS_FORMAT_JSON, out, NULL);
    ck_assert_int_eq(as_printer_suggestion(&p, "harbour boats", 2), 1);
    obj = json_line(output());
    ck_assert_str_eq(json_str(obj, "type"), "suggestion");
    ck_assert_int_eq(json_int(obj, "schema_version"), 1);
    ck_assert_str_eq(json_str(obj, "suggestion"), "harbour boats");
    ck_assert_int_eq(json_int(obj, "matches"), 2);
    json_decref(obj);
}
END_TEST

START_TEST(test_json_count)
{
    as_printer_t p;
    json_t *obj;

    as_printer_init(&p, AS_FORMAT_JSON, out, NULL);
    print_count(&p, 5);
    obj = json_line(output());
    ck_assert_str_eq(json_str(obj, "type"), "summary");
    ck_assert_int_eq(json_int(obj, "matches"), 5);
    ck_assert_int_eq(json_int(obj, "shown"), 0);
    ck_assert(json_is_true(json_object_get(obj, "exact")));
    /* every summary says whether it is partial, -c's too */
    ck_assert(json_is_false(json_object_get(obj, "partial")));
    ck_assert_ptr_null(json_object_get(obj, "missing"));
    json_decref(obj);
}
END_TEST

START_TEST(test_json_count_partial)
{
    static const char *const missing[] = {"tcp://b:7001: timed out"};
    as_summary_t s = {
        .matches = 4, .exact = 1, .missing = missing, .n_missing = 1};
    as_printer_t p;
    json_t *obj, *m;

    as_printer_init(&p, AS_FORMAT_JSON, out, NULL);
    as_printer_count(&p, &s);
    obj = json_line(output());
    ck_assert_int_eq(json_int(obj, "matches"), 4);
    ck_assert(json_is_true(json_object_get(obj, "partial")));
    m = json_object_get(obj, "missing");
    ck_assert(json_is_array(m) && json_array_size(m) == 1);
    ck_assert_str_eq(json_string_value(json_array_get(m, 0)),
                     "tcp://b:7001: timed out");
    json_decref(obj);
}
END_TEST

START_TEST(test_json_nul_terminator)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\0');
    as_summary_t s = {.shown = 1, .matches = 1, .exact = 1};
    json_t *r[4];
    size_t n, len;
    const char *buf;

    as_printer_init(&p, AS_FORMAT_JSON, out, &opts);
    as_printer_hit(&p, &hit);
    as_printer_summary(&p, &s);
    buf = output_raw(&len);
    ck_assert_ptr_null(memchr(buf, '\n', len));
    n = json_records(buf, len, '\0', r, 4);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(json_str(r[0], "type"), "hit");
    ck_assert_str_eq(json_str(r[1], "type"), "summary");
    json_free_all(r, n);
}
END_TEST

START_TEST(test_json_batch)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    as_summary_t s = {.shown = 1, .matches = 3, .exact = 1};
    json_t *r[8];
    size_t n;
    static const char *const types[] = {"hit",        "facet",   "facet",
                                        "suggestion", "summary", "summary"};
    static const json_int_t queries[] = {2, 2, 2, 2, 2, 3};

    opts.batch = 1;
    as_printer_init(&p, AS_FORMAT_JSON, out, &opts);
    as_printer_query(&p, 2, "japan");
    as_printer_hit(&p, &hit);
    as_printer_facet(&p, AS_FACET_AUTHOR, two_authors, 2);
    ck_assert_int_eq(as_printer_suggestion(&p, "harbour", 2), 1);
    as_printer_summary(&p, &s);
    as_printer_query(&p, 3, "tariffs");
    print_count(&p, 0);
    output();
    n = json_records(out_buf, out_len, '\n', r, 8);
    ck_assert_uint_eq(n, 6);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(json_str(r[i], "type"), types[i]);
        ck_assert_int_eq(json_int(r[i], "query"), queries[i]);
    }
    json_free_all(r, n);
}
END_TEST

START_TEST(test_json_article_matches)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    json_t *obj;

    hit.article_matches = 4;
    obj = json_line(print_hit(AS_FORMAT_JSON, 0));
    ck_assert_ptr_null(json_object_get(obj, "article_matches"));
    ck_assert_ptr_null(json_object_get(obj, "explain"));
    ck_assert_ptr_null(json_object_get(obj, "query"));
    json_decref(obj);

    free(out_buf);
    out_buf = NULL;
    out = open_memstream(&out_buf, &out_len);
    ck_assert_ptr_nonnull(out);
    opts.article_matches = 1;
    as_printer_init(&p, AS_FORMAT_JSON, out, &opts);
    as_printer_hit(&p, &hit);
    obj = json_line(output());
    ck_assert_int_eq(json_int(obj, "article_matches"), 4);
    ck_assert_str_eq(json_str(obj, "article"), "art-1");
    json_decref(obj);
}
END_TEST

START_TEST(test_json_explain)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    json_t *obj, *a;

    opts.explain = 1;
    hit.terms = two_terms;
    hit.n_terms = 2;
    as_printer_init(&p, AS_FORMAT_JSON, out, &opts);
    as_printer_hit(&p, &hit);
    obj = json_line(output());
    a = json_object_get(obj, "explain");
    ck_assert(json_is_array(a));
    ck_assert_uint_eq(json_array_size(a), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *t = json_array_get(a, i);

        ck_assert(json_is_object(t));
        ck_assert_str_eq(json_str(t, "word"), two_terms[i].word);
        ck_assert_str_eq(json_str(t, "field"), two_terms[i].field);
        ck_assert_double_eq_tol(json_num(t, "weight"), two_terms[i].weight,
                                1e-9);
    }
    ck_assert_ptr_null(json_object_get(obj, "article_matches"));
    json_decref(obj);
}
END_TEST

START_TEST(test_json_summary_parsed_query)
{
    as_printer_t p;
    as_summary_t s = {.shown = 2,
                      .matches = 5,
                      .exact = 1,
                      .parsed_query = "Query((Zjapan@1))",
                      .warning = "a \"warning\"\n",
                      .unit = "paragraph"};
    json_t *r[2];
    size_t n;

    as_printer_init(&p, AS_FORMAT_JSON, out, NULL);
    as_printer_summary(&p, &s);
    s.parsed_query = NULL;
    s.warning = NULL;
    as_printer_summary(&p, &s);
    output();
    n = json_records(out_buf, out_len, '\n', r, 2);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(json_str(r[0], "type"), "summary");
    ck_assert_str_eq(json_str(r[0], "parsed_query"), "Query((Zjapan@1))");
    ck_assert_str_eq(json_str(r[0], "warning"), "a \"warning\"\n");
    ck_assert_int_eq(json_int(r[0], "matches"), 5);
    ck_assert_ptr_null(json_object_get(r[1], "parsed_query"));
    ck_assert_ptr_null(json_object_get(r[1], "warning"));
    json_free_all(r, n);
}
END_TEST

/* ---- text: query headings, facets, suggestions, counts, summaries ------- */

START_TEST(test_text_query_heading)
{
    as_printer_t p;
    const char *s;

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    as_printer_query(&p, 1, "japan");
    as_printer_query(&p, 2, "evil\x1b[2J query");
    s = output();
    ck_assert_ptr_nonnull(strstr(s, "japan"));
    ck_assert_ptr_nonnull(strstr(s, "evil" FFFD "[2J query"));
    ck_assert_ptr_null(strchr(s, '\033'));
    ck_assert(strstr(s, "japan") < strstr(s, "evil"));
}
END_TEST

START_TEST(test_text_facet)
{
    as_printer_t p;
    const char *s, *doe, *roe;

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    as_printer_facet(&p, AS_FACET_AUTHOR, two_authors, 2);
    s = output();
    ck_assert_ptr_nonnull(strstr(s, "author"));
    doe = strstr(s, "Jane Doe");
    roe = strstr(s, "John Roe");
    ck_assert_ptr_nonnull(doe);
    ck_assert_ptr_nonnull(roe);
    ck_assert(doe < roe);
    ck_assert_ptr_nonnull(strchr(doe, '3'));
    ck_assert_ptr_nonnull(strchr(roe, '1'));
}
END_TEST

START_TEST(test_text_suggestion)
{
    as_printer_t p;
    const char *s;

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    ck_assert_int_eq(as_printer_suggestion(&p, "harbour", 5), 1);
    s = output();
    ck_assert_ptr_nonnull(strstr(s, "harbour"));
    ck_assert_ptr_nonnull(strstr(s, "5"));
    ck_assert(s[strlen(s) - 1] == '\n');
}
END_TEST

START_TEST(test_text_count)
{
    as_printer_t p;

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    print_count(&p, 5);
    ck_assert_str_eq(output(), "5\n");
}
END_TEST

START_TEST(test_text_count_nul)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\0');

    as_printer_init(&p, AS_FORMAT_TEXT, out, &opts);
    print_count(&p, 5);
    check_raw("5", 2);
}
END_TEST

START_TEST(test_text_summary_units)
{
    as_printer_t p;
    as_summary_t s = {.shown = 2, .matches = 5, .exact = 1, .unit = NULL};
    const char *o;

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    s.unit = "paragraph";
    as_printer_summary(&p, &s);
    s.unit = "article";
    s.shown = 3;
    s.matches = 4;
    as_printer_summary(&p, &s);
    s.shown = 1;
    s.matches = 1;
    as_printer_summary(&p, &s);
    o = output();
    ck_assert_ptr_nonnull(strstr(o, "2 of 5 matching paragraphs\n"));
    ck_assert_ptr_nonnull(strstr(o, "3 of 4 matching articles\n"));
    ck_assert_ptr_nonnull(strstr(o, "1 of 1 matching article\n"));
    ck_assert_ptr_null(strstr(o, "3 of 4 matching paragraph"));
}
END_TEST

START_TEST(test_text_summary_per_article)
{
    as_printer_t p;
    as_summary_t s = {.shown = 15,
                      .matches = 5,
                      .exact = 1,
                      .unit = "article",
                      .shown_paragraphs = 1};
    const char *o;

    as_printer_init(&p, AS_FORMAT_TEXT, out, NULL);
    as_printer_summary(&p, &s);
    s.shown = 1;
    s.matches = 1;
    s.exact = 0;
    as_printer_summary(&p, &s);
    o = output();
    /* 15 paragraphs of 5 articles: never "15 of 5" */
    ck_assert_str_eq(o, "15 paragraphs shown; 5 matching articles\n"
                        "1 paragraph shown; about 1 matching article\n");
}
END_TEST

START_TEST(test_text_article_matches_and_explain)
{
    static const as_term_t terms[] = {{"zanzibar", "text", 1.5},
                                      {"quokka", "title", 0.25}};
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    const char *s;

    hit.terms = terms;
    hit.n_terms = 2;
    hit.article_matches = 987;
    /* neither without the options */
    s = print_hit(AS_FORMAT_TEXT, 0);
    ck_assert_ptr_null(strstr(s, "zanzibar"));
    ck_assert_ptr_null(strstr(s, "987"));

    free(out_buf);
    out_buf = NULL;
    out = open_memstream(&out_buf, &out_len);
    ck_assert_ptr_nonnull(out);
    opts.explain = 1;
    opts.article_matches = 1;
    as_printer_init(&p, AS_FORMAT_TEXT, out, &opts);
    as_printer_hit(&p, &hit);
    s = output();
    ck_assert_ptr_nonnull(strstr(s, "zanzibar"));
    ck_assert_ptr_nonnull(strstr(s, "quokka"));
    ck_assert_ptr_nonnull(strstr(s, "title"));
    ck_assert_ptr_nonnull(strstr(s, "987"));
}
END_TEST

/* ---- list items (-l), every format -------------------------------------- */

START_TEST(test_list_items)
{
    static const as_format_t formats[] = {AS_FORMAT_TEXT, AS_FORMAT_TSV};
    /* a file as its own bytes when a line can hold them (or with -0),
     * else as the record has it; the id with ids, or when the file is
     * unknown */
    static const char nl[] = "art-1\ncorpus/b c.txt\nd%E9j%E0/caf%25E9.txt\n"
                             "art-4\nReport%20Final.txt\n";
    static const char nul[] = "art-1\0corpus/b c.txt\0d\xE9j\xE0/caf%E9.txt\0"
                              "art-4\0Report%20Final.txt\0";

    for (size_t f = 0; f < 2; f++) {
        for (int zero = 0; zero < 2; zero++) {
            as_printer_t p;
            as_printer_opts_t opts = opts_term(zero ? '\0' : '\n');
            char *buf = NULL;
            size_t len = 0;
            FILE *o = open_memstream(&buf, &len);

            ck_assert_ptr_nonnull(o);
            as_printer_init(&p, formats[f], o, &opts);
            as_printer_list(&p, "art-1", "corpus/art-1.txt", 1);
            as_printer_list(&p, "art-2", "corpus/b c.txt", 0);
            as_printer_list(&p, "art-3", "d%E9j%E0/caf%25E9.txt", 0);
            as_printer_list(&p, "art-4", "", 0);
            as_printer_list(&p, "art-5", "Report%2520Final.txt", 0);
            ck_assert_int_eq(fclose(o), 0);
            if (zero)
                ck_assert_msg(len == sizeof nul - 1 &&
                                  memcmp(buf, nul, len) == 0,
                              "format %zu: '%.*s'", f, (int)len, buf);
            else
                ck_assert_msg(len == sizeof nl - 1 && memcmp(buf, nl, len) == 0,
                              "format %zu: '%.*s'", f, (int)len, buf);
            free(buf);
        }
    }
}
END_TEST

START_TEST(test_list_batch)
{
    static const char want[] = "2\tcorpus/b c.txt\0"
                               "3\tart-1\0";
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\0');

    /* TSV: the query's number first, as in every batch record */
    opts.batch = 1;
    as_printer_init(&p, AS_FORMAT_TSV, out, &opts);
    as_printer_query(&p, 2, "japan");
    as_printer_list(&p, "art-2", "corpus/b c.txt", 0);
    as_printer_query(&p, 3, "trade");
    as_printer_list(&p, "art-1", "corpus/art-1.txt", 1);
    check_raw(want, sizeof want - 1);
}
END_TEST

START_TEST(test_list_json)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    json_t *r[6];
    size_t n;

    opts.batch = 1;
    as_printer_init(&p, AS_FORMAT_JSON, out, &opts);
    as_printer_query(&p, 2, "japan");
    as_printer_list(&p, "art-2", "corpus/b c.txt", 0);
    as_printer_list(&p, "art-3", "", 0);
    as_printer_list(&p, "art-1", "corpus/art-1.txt", 1);
    as_printer_list(&p, "Report%2520Final", "c/Report%2520Final.txt", 0);
    as_printer_list(&p, "caf%E9", "c/caf%E9.txt", 1);
    output();
    n = json_records(out_buf, out_len, '\n', r, 6);
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(json_str(r[0], "type"), "file");
    ck_assert_int_eq(json_int(r[0], "query"), 2);
    ck_assert_str_eq(json_str(r[0], "file"), "corpus/b c.txt");
    ck_assert_str_eq(json_str(r[0], "article"), "art-2");
    ck_assert_str_eq(json_str(r[1], "type"), "file");
    ck_assert(json_is_null(json_object_get(r[1], "file")));
    ck_assert_str_eq(json_str(r[1], "article"), "art-3");
    ck_assert_str_eq(json_str(r[2], "type"), "article");
    ck_assert_str_eq(json_str(r[2], "article"), "art-1");
    ck_assert_str_eq(json_str(r[2], "file"), "corpus/art-1.txt");
    /* a file's own name when a string holds it; else as recorded */
    ck_assert_str_eq(json_str(r[3], "file"), "c/Report%20Final.txt");
    ck_assert_str_eq(json_str(r[3], "article"), "Report%2520Final");
    ck_assert_str_eq(json_str(r[4], "file"), "c/caf%E9.txt");
    json_free_all(r, n);
}
END_TEST

START_TEST(test_error_answers)
{
    static const char tsv[] = "4\terror\0";
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');

    /* TSV: -c's line says error; hits have no end of query to say it */
    opts.batch = 1;
    opts.terminator = '\0';
    as_printer_init(&p, AS_FORMAT_TSV, out, &opts);
    as_printer_query(&p, 3, "NOT");
    as_printer_error(&p, "bad query: NOT", 0);
    as_printer_query(&p, 4, "NOT");
    as_printer_error(&p, "bad query: NOT", 1);
    check_raw(tsv, sizeof tsv - 1);
}
END_TEST

START_TEST(test_error_answers_json)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');
    json_t *obj;

    opts.batch = 1;
    as_printer_init(&p, AS_FORMAT_JSON, out, &opts);
    as_printer_query(&p, 2, "date:2025-13");
    as_printer_error(&p, "bad query: invalid date '2025-13'", 1);
    obj = json_line(output());
    ck_assert_str_eq(json_str(obj, "type"), "error");
    ck_assert_int_eq(json_int(obj, "schema_version"), 1);
    ck_assert_int_eq(json_int(obj, "query"), 2);
    ck_assert_str_eq(json_str(obj, "message"),
                     "bad query: invalid date '2025-13'");
    json_decref(obj);
}
END_TEST

START_TEST(test_error_answers_text)
{
    as_printer_t p;
    as_printer_opts_t opts = opts_term('\n');

    opts.batch = 1;
    as_printer_init(&p, AS_FORMAT_TEXT, out, &opts);
    as_printer_query(&p, 1, "NOT");
    as_printer_error(&p, "bad query: \x1b[31mNOT", 0);
    as_printer_query(&p, 2, "NOT");
    as_printer_error(&p, "bad query: NOT", 1);
    ck_assert_str_eq(output(), "== query 1: NOT ==\n"
                               "error: bad query: " FFFD "[31mNOT\n"
                               "\n== query 2: NOT ==\n"
                               "error\n");
}
END_TEST

Suite *printer_suite(void);

Suite *printer_suite(void)
{
    Suite *s = suite_create("printer");
    TCase *tc = tcase_create("common");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_format_parse);
    tcase_add_test(tc, test_print_safe);
    tcase_add_test(tc, test_print_safe_keeps_text);
    tcase_add_test(tc, test_print_safe_invalid_and_len);
    suite_add_tcase(s, tc);

    tc = tcase_create("tsv");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_tsv_line);
    tcase_add_test(tc, test_tsv_columns);
    tcase_add_test(tc, test_tsv_empty_columns);
    tcase_add_test(tc, test_tsv_escapes);
    tcase_add_test(tc, test_tsv_no_summary);
    tcase_add_test(tc, test_tsv_facet);
    tcase_add_test(tc, test_tsv_count);
    tcase_add_test(tc, test_tsv_suggestion_not_on_stdout);
    tcase_add_test(tc, test_tsv_query_silent);
    tcase_add_test(tc, test_tsv_nul_terminator);
    tcase_add_test(tc, test_tsv_batch);
    tcase_add_test(tc, test_tsv_article_matches);
    tcase_add_test(tc, test_tsv_explain);
    tcase_add_test(tc, test_tsv_explain_and_article_matches);
    suite_add_tcase(s, tc);

    tc = tcase_create("json");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_json_hit);
    tcase_add_test(tc, test_json_highlights);
    tcase_add_test(tc, test_json_absent_fields);
    tcase_add_test(tc, test_json_escapes);
    tcase_add_test(tc, test_json_escapes_separators);
    tcase_add_test(tc, test_json_summary);
    tcase_add_test(tc, test_json_summary_estimate);
    tcase_add_test(tc, test_json_facet);
    tcase_add_test(tc, test_json_facet_year);
    tcase_add_test(tc, test_json_suggestion);
    tcase_add_test(tc, test_json_count);
    tcase_add_test(tc, test_json_count_partial);
    tcase_add_test(tc, test_json_nul_terminator);
    tcase_add_test(tc, test_json_batch);
    tcase_add_test(tc, test_json_article_matches);
    tcase_add_test(tc, test_json_explain);
    tcase_add_test(tc, test_json_summary_parsed_query);
    suite_add_tcase(s, tc);

    tc = tcase_create("text");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_text_no_color);
    tcase_add_test(tc, test_text_null_opts_no_color);
    tcase_add_test(tc, test_text_color);
    tcase_add_test(tc, test_text_color_multiword_span);
    tcase_add_test(tc, test_text_color_partial_word);
    tcase_add_test(tc, test_text_controls_neutralised);
    tcase_add_test(tc, test_text_controls_with_color);
    tcase_add_test(tc, test_text_wrap);
    tcase_add_test(tc, test_text_wrap_narrow);
    tcase_add_test(tc, test_text_wrap_wide);
    tcase_add_test(tc, test_text_wrap_inside_span);
    tcase_add_test(tc, test_text_wrap_exact_fit);
    tcase_add_test(tc, test_text_summary);
    tcase_add_test(tc, test_text_blocks_separated);
    tcase_add_test(tc, test_text_summary_none_shown);
    tcase_add_test(tc, test_text_summary_exact_singular);
    tcase_add_test(tc, test_text_query_heading);
    tcase_add_test(tc, test_text_facet);
    tcase_add_test(tc, test_text_suggestion);
    tcase_add_test(tc, test_text_count);
    tcase_add_test(tc, test_text_count_nul);
    tcase_add_test(tc, test_text_summary_units);
    tcase_add_test(tc, test_text_summary_per_article);
    tcase_add_test(tc, test_text_article_matches_and_explain);
    suite_add_tcase(s, tc);

    tc = tcase_create("list");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_list_items);
    tcase_add_test(tc, test_list_batch);
    tcase_add_test(tc, test_list_json);
    tcase_add_test(tc, test_error_answers);
    tcase_add_test(tc, test_error_answers_json);
    tcase_add_test(tc, test_error_answers_text);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(printer_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
