/* check_jsonl.c - unit tests of jsonl.h: one article from one JSON object,
 * the quick id, and inputs that are not JSON Lines at all. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

/* Parse line, which must succeed, without warnings. */
static as_article_t *parse_ok(const char *line)
{
    as_article_t *a = NULL;
    char *errmsg = NULL;

    ck_assert_int_eq(as_jsonl_parse(line, strlen(line), "in.jsonl", NULL, NULL,
                                    NULL, &a, &errmsg),
                     AS_OK);
    ck_assert_ptr_null(errmsg);
    ck_assert_ptr_nonnull(a);
    return a;
}

/* Parse line, which must fail with a message containing want. */
static void parse_bad(const char *line, const char *want)
{
    as_article_t *a = (as_article_t *)1;
    char *errmsg = NULL;

    ck_assert_msg(as_jsonl_parse(line, strlen(line), "in.jsonl", NULL, NULL,
                                 NULL, &a, &errmsg) == AS_ERR_FORMAT,
                  "accepted: %s", line);
    ck_assert_ptr_null(a);
    ck_assert_ptr_nonnull(errmsg);
    ck_assert_msg(strstr(errmsg, want) != NULL, "'%s' has no '%s'", errmsg,
                  want);
    free(errmsg);
}

/* A warning callback that counts the warnings in *(int *)ctx. */
static void count_warning(void *ctx, long line, const char *msg)
{
    (void)line;
    (void)msg;
    ++*(int *)ctx;
}

/* Parse line of the input whose reported keys are seen (or NULL), which
 * must succeed, telling warn (with ctx) of its warnings. */
static as_article_t *parse_warned(const char *line, as_jsonl_keys_t *seen,
                                  as_article_warn_fn warn, void *ctx)
{
    as_article_t *a = NULL;
    char *errmsg = NULL;

    ck_assert_int_eq(as_jsonl_parse(line, strlen(line), "in.jsonl", seen, warn,
                                    ctx, &a, &errmsg),
                     AS_OK);
    ck_assert_ptr_null(errmsg);
    return a;
}

/* Parse line, which must succeed, counting its warnings in *count. */
static as_article_t *parse_counted(const char *line, int *count)
{
    return parse_warned(line, NULL, count_warning, count);
}

/* Warnings kept by keep_warning(). */
typedef struct kept {
    int count;
    char text[2048]; /* every message, one a line */
} kept_t;

static void keep_warning(void *ctx, long line, const char *msg)
{
    kept_t *k = ctx;
    size_t used = strlen(k->text);

    ck_assert_int_eq(line, 0); /* the caller gives the input's line */
    k->count++;
    snprintf(k->text + used, sizeof k->text - used, "%s\n", msg);
}

/* Parse line of the input whose reported keys are seen, which must
 * succeed, adding its warnings to *k. */
static as_article_t *parse_kept(const char *line, as_jsonl_keys_t *seen,
                                kept_t *k)
{
    return parse_warned(line, seen, keep_warning, k);
}

START_TEST(test_parse_all_members)
{
    as_article_t *a = parse_ok(
        "{\"id\": \"n1\", \"title\": \"Talks\", \"author\": [\"Jane Doe\", "
        "\"Kenji Sato\"], \"date\": \"2025-06\", \"source\": \"Wire\", "
        "\"url\": \"https://example.org/n1\", \"tags\": [\"trade\", \"asia\"], "
        "\"text\": \"First paragraph.\\n\\nSecond one.\"}");

    ck_assert_str_eq(a->id, "n1");
    ck_assert_str_eq(a->file, "in.jsonl");
    ck_assert_str_eq(a->title, "Talks");
    ck_assert_uint_eq(a->n_authors, 2);
    ck_assert_str_eq(a->authors[0], "Jane Doe");
    ck_assert_str_eq(a->authors[1], "Kenji Sato");
    ck_assert_int_eq(a->date.year, 2025);
    ck_assert_int_eq(a->date.month, 6);
    ck_assert_int_eq(a->date.day, 0);
    ck_assert_str_eq(a->source, "Wire");
    ck_assert_str_eq(a->url, "https://example.org/n1");
    ck_assert_uint_eq(a->n_tags, 2);
    ck_assert_str_eq(a->tags[1], "asia");
    ck_assert_uint_eq(a->n_paragraphs, 2);
    ck_assert_str_eq(a->paragraphs[0], "First paragraph.");
    ck_assert_str_eq(a->paragraphs[1], "Second one.");
    as_article_free(a);
}
END_TEST

START_TEST(test_parse_alternatives)
{
    /* a number id, "authors", a string of tags, "paragraphs" */
    as_article_t *a = parse_ok(
        "{\"id\": 42, \"title\": \"T\", \"authors\": \"Ann Lee\", "
        "\"tags\": \"trade, asia\", \"paragraphs\": [\"One.\", \"Two.\"]}");

    ck_assert_str_eq(a->id, "42");
    ck_assert_uint_eq(a->n_authors, 1);
    ck_assert_str_eq(a->authors[0], "Ann Lee");
    ck_assert_uint_eq(a->n_tags, 2);
    ck_assert_str_eq(a->tags[0], "trade");
    ck_assert_uint_eq(a->n_paragraphs, 2);
    ck_assert_str_eq(a->paragraphs[1], "Two.");
    ck_assert_ptr_null(a->source);
    ck_assert_int_eq(a->date.year, 0);
    as_article_free(a);

    /* a text with CR line ends only, as an article file's */
    a = parse_ok(
        "{\"id\": 1, \"title\": \"T\", \"text\": \"One\\r\\rTwo\\r\"}");
    ck_assert_uint_eq(a->n_paragraphs, 2);
    ck_assert_str_eq(a->paragraphs[1], "Two");
    as_article_free(a);
}
END_TEST

START_TEST(test_parse_line_breaks_in_header_values)
{
    /* a title over two lines stays one header line */
    as_article_t *a = parse_ok(
        "{\"id\": \"b\", \"title\": \"Two\\nlines\", \"text\": \"x\"}");

    ck_assert_str_eq(a->title, "Two lines");
    /* so does one with a line or paragraph separator, and the members
     * after it stay theirs; a text that starts like a header is text,
     * with no warning */
    {
        static const char line[] =
            "{\"id\": \"c\", \"title\": \"A\\u2029B\\u2028C\", "
            "\"author\": \"Jane Doe\", \"date\": \"2025-06\", "
            "\"text\": \"Author: x\\u2029Second.\"}";
        char *errmsg = NULL;
        int count = 0;

        as_article_free(a);
        ck_assert_int_eq(as_jsonl_parse(line, strlen(line), "in.jsonl", NULL,
                                        count_warning, &count, &a, &errmsg),
                         AS_OK);
        ck_assert_str_eq(a->title, "A B C");
        ck_assert_uint_eq(a->n_authors, 1);
        ck_assert_int_eq(a->date.year, 2025);
        ck_assert_uint_eq(a->n_paragraphs, 2);
        ck_assert_str_eq(a->paragraphs[0], "Author: x");
        ck_assert_int_eq(count, 0);
    }
    as_article_free(a);
}
END_TEST

START_TEST(test_parse_keys_any_case)
{
    /* the keys of an export that writes them as header keys, and a date
     * that is a timestamp (its day, as written) */
    as_article_t *a = parse_ok(
        "{\"ID\": \"n1\", \"Title\": \"Talks\", \"AUTHOR\": \"Jane Doe\", "
        "\"Authors\": [\"Kenji Sato\"], \"Date\": "
        "\"2025-06-03T23:30:00-05:00\", "
        "\"Source\": \"Wire\", \"URL\": \"https://example.org/n1\", "
        "\"Tags\": [\"trade\"], \"Text\": \"First.\"}");

    ck_assert_str_eq(a->id, "n1");
    ck_assert_str_eq(a->title, "Talks");
    ck_assert_uint_eq(a->n_authors, 2);
    ck_assert_int_eq(a->date.year, 2025);
    ck_assert_int_eq(a->date.month, 6);
    ck_assert_int_eq(a->date.day, 3);
    ck_assert_str_eq(a->source, "Wire");
    ck_assert_str_eq(a->url, "https://example.org/n1");
    ck_assert_uint_eq(a->n_tags, 1);
    ck_assert_str_eq(a->paragraphs[0], "First.");
    as_article_free(a);
    a = parse_ok("{\"Id\": 3, \"tItLe\": \"T\", \"PARAGRAPHS\": [\"One.\"]}");
    ck_assert_str_eq(a->id, "3");
    ck_assert_str_eq(a->paragraphs[0], "One.");
    as_article_free(a);
    /* a key in two cases is a key given twice: the line is bad; the
     * messages name the key as written */
    parse_bad(
        "{\"id\": \"a\", \"title\": \"T\", \"Title\": \"U\", "
        "\"text\": \"x\"}",
        "\"title\" and \"Title\" are one key (keys are case-insensitive)");
    parse_bad(
        "{\"id\": \"a\", \"ID\": \"b\", \"title\": \"T\", \"text\": \"x\"}",
        "\"id\" and \"ID\" are one key");
    parse_bad("{\"id\": \"a\", \"Title\": 5, \"text\": \"x\"}",
              "\"Title\" must be a string");
    parse_bad("{\"id\": \"a\", \"title\": \"T\", \"Text\": \"x\", "
              "\"Paragraphs\": [\"y\"]}",
              "both \"text\" and \"paragraphs\"");
    /* "author" and "authors" are two members, as before */
    a = parse_ok("{\"id\": \"a\", \"title\": \"T\", \"author\": \"A\", "
                 "\"Authors\": \"B\", \"text\": \"x\"}");
    ck_assert_uint_eq(a->n_authors, 2);
    as_article_free(a);
    /* only ASCII letters fold: a dotless i is another key */
    parse_bad("{\"id\": \"a\", \"t\u0131tle\": \"T\", \"text\": \"x\"}",
              "no \"title\"");
}
END_TEST

START_TEST(test_parse_unknown_keys_once)
{
    kept_t k = {0, ""};
    as_jsonl_keys_t *once = as_jsonl_keys_new(), *other = as_jsonl_keys_new();
    as_article_t *a;

    /* a warning for the first line with each unknown key, naming the
     * member it likely stands for; the article is read all the same */
    a = parse_kept("{\"id\": \"1\", \"title\": \"T\", \"url_hash\": \"9f\", "
                   "\"byline\": \"Ann\", \"text\": \"x\"}",
                   once, &k);
    ck_assert_str_eq(a->title, "T");
    ck_assert_uint_eq(a->n_authors, 0);
    as_article_free(a);
    ck_assert_int_eq(k.count, 1);
    ck_assert_str_eq(k.text, "unknown keys \"url_hash\", \"byline\" (is it "
                             "\"author\"?) ignored (later lines of this input "
                             "with them are not reported)\n");
    for (int i = 0; i < 1000; i++)
        as_article_free(parse_kept("{\"id\": \"2\", \"title\": \"T\", "
                                   "\"url_hash\": \"a0\", \"text\": \"x\"}",
                                   once, &k));
    ck_assert_int_eq(k.count, 1);
    /* a new unknown key later in the input: a warning for it alone */
    as_article_free(parse_kept("{\"id\": \"3\", \"title\": \"T\", "
                               "\"url_hash\": \"b1\", \"Published\": \"x\", "
                               "\"text\": \"x\"}",
                               once, &k));
    ck_assert_int_eq(k.count, 2);
    ck_assert_ptr_nonnull(
        strstr(k.text, "\nunknown key \"Published\" (is it \"date\"?) ignored "
                       "(later lines of this input with it are not "
                       "reported)\n"));
    /* another input: its own warnings; a bad line warns too */
    parse_bad("{\"id\": \"4\", \"title\": \"T\", \"url_hash\": 1}",
              "no \"text\"");
    ck_assert_int_eq(k.count, 2); /* (no callback there) */
    as_article_free(parse_kept("{\"id\": \"4\", \"title\": \"T\", "
                               "\"url_hash\": \"c2\", \"text\": \"x\"}",
                               other, &k));
    ck_assert_int_eq(k.count, 3);
    /* and back to the first: its keys are still known */
    as_article_free(parse_kept("{\"id\": \"5\", \"title\": \"T\", "
                               "\"url_hash\": \"d3\", \"text\": \"x\"}",
                               once, &k));
    ck_assert_int_eq(k.count, 3);
    /* without a record of an input: every line's unknown keys */
    as_article_free(parse_kept("{\"id\": \"6\", \"title\": \"T\", "
                               "\"url_hash\": \"e4\", \"text\": \"x\"}",
                               NULL, &k));
    ck_assert_int_eq(k.count, 4);
    ck_assert_ptr_nonnull(
        strstr(k.text, "\nunknown key \"url_hash\" ignored\n"));
    as_jsonl_keys_free(once);
    as_jsonl_keys_free(other);
}
END_TEST

START_TEST(test_parse_unknown_keys_bounded)
{
    kept_t k = {0, ""};
    as_jsonl_keys_t *many = as_jsonl_keys_new(), *escaped = as_jsonl_keys_new();
    char line[2048];
    int o;

    /* 40 unknown keys: 32 named, then one word that the rest are not */
    o = snprintf(line, sizeof line,
                 "{\"id\": \"m\", \"title\": \"T\", "
                 "\"text\": \"x\"");
    for (int i = 1; i <= 40; i++)
        o += snprintf(line + o, sizeof line - (size_t)o, ", \"k%d\": 1", i);
    snprintf(line + o, sizeof line - (size_t)o, "}");
    as_article_free(parse_kept(line, many, &k));
    ck_assert_int_eq(k.count, 1);
    ck_assert_ptr_nonnull(strstr(k.text, "\"k32\" ignored"));
    ck_assert_ptr_null(strstr(k.text, "\"k33\""));
    ck_assert_ptr_nonnull(strstr(k.text, "; unknown keys beyond the first 32 "
                                         "of this input are not reported\n"));
    /* nothing more for that input, whatever its keys */
    as_article_free(parse_kept("{\"id\": \"n\", \"title\": \"T\", \"zz\": 1, "
                               "\"text\": \"x\"}",
                               many, &k));
    ck_assert_int_eq(k.count, 1);
    /* a key that could act on a terminal is shown escaped, a long one
     * cut */
    memset(&k, 0, sizeof k);
    o = snprintf(line, sizeof line,
                 "{\"id\": \"e\", \"title\": \"T\", \"text\": \"x\", "
                 "\"a\\u001b[2Jb\\u0085\": 1, \"");
    memset(line + o, 'y', 100);
    snprintf(line + o + 100, sizeof line - (size_t)o - 100, "\": 2}");
    as_article_free(parse_kept(line, escaped, &k));
    ck_assert_int_eq(k.count, 1);
    ck_assert_ptr_null(strchr(k.text, '\x1b'));
    ck_assert_ptr_nonnull(strstr(k.text, "\"a\\u001b[2Jb\\u0085\""));
    ck_assert_ptr_nonnull(strstr(k.text, "yyy...\""));
    ck_assert_ptr_null(strstr(k.text, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
                                      "yyyyyyyyyyyyyyyyyyyyy"));
    as_jsonl_keys_free(many);
    as_jsonl_keys_free(escaped);
}
END_TEST

START_TEST(test_parse_bad_ids)
{
    char line[400];

    parse_bad("{\"title\": \"T\", \"text\": \"x\"}", "no \"id\"");
    parse_bad("{\"id\": \"\", \"title\": \"T\", \"text\": \"x\"}",
              "invalid \"id\" (an id is a string of 1 to");
    parse_bad("{\"id\": \"a\\nb\", \"title\": \"T\", \"text\": \"x\"}",
              "without control characters");
    parse_bad("{\"id\": [1], \"title\": \"T\", \"text\": \"x\"}",
              "\"id\" is neither a string nor a number");
    parse_bad("{\"title\": \"T\", \"text\": \"x\"}", "or an integer)");
    /* a number that is not an integer: said so, not "no id" */
    parse_bad("{\"id\": 1.5, \"title\": \"T\", \"text\": \"x\"}",
              "\"id\" is a number that is not an integer (an id is a string");
    parse_bad("{\"id\": 1e3, \"title\": \"T\", \"text\": \"x\"}",
              "not an integer");
    parse_bad("{\"id\": 2.0, \"title\": \"T\", \"text\": \"x\"}",
              "or an integer)");
    /* 201 bytes is one too many; 200 is fine */
    snprintf(line, sizeof line, "{\"id\": \"%0201d\", \"title\": \"T\"}", 7);
    parse_bad(line, "1 to 200 bytes");
    snprintf(line, sizeof line,
             "{\"id\": \"%0200d\", \"title\": \"T\", \"text\": \"x\"}", 7);
    as_article_free(parse_ok(line));
}
END_TEST

START_TEST(test_parse_bad_members)
{
    parse_bad("{\"id\": \"a\", \"text\": \"x\"}", "no \"title\"");
    /* a title or text that is null or empty, in the terms of JSON */
    parse_bad("{\"id\": \"a\", \"title\": null, \"text\": \"x\"}",
              "\"title\" is null (an article needs a title)");
    parse_bad("{\"id\": \"a\", \"Title\": \" \", \"text\": \"x\"}",
              "\"Title\" is empty (an article needs a title)");
    parse_bad("{\"id\": \"a\", \"title\": \"T\", \"text\": \"\\n \"}",
              "\"text\" is empty");
    parse_bad(
        "{\"id\": \"a\", \"title\": \"T\", \"paragraphs\": [\"\", \" \"]}",
        "\"paragraphs\" has no text");
    parse_bad("{\"id\": \"a\", \"title\": \"\\u00a0\\u200b\", \"text\": \"x\"}",
              "\"title\" is empty (an article needs a title)");
    parse_bad("{\"id\": \"a\", \"title\": \"T\", \"paragraphs\": []}",
              "\"paragraphs\" has no text");
    parse_bad("{\"id\": \"a\", \"title\": 5, \"text\": \"x\"}",
              "\"title\" must be a string");
    parse_bad("{\"id\": \"a\", \"title\": \"T\", \"date\": \"2025-13\", "
              "\"text\": \"x\"}",
              "Date");
    parse_bad("{\"id\": \"a\", \"title\": \"T\", \"title\": \"U\"}",
              "invalid JSON");
    /* a raw NUL byte, even where jansson would end a number at it */
    {
        static const char nul[] = "{\"id\": 2\0, \"title\": \"T\", "
                                  "\"text\": \"x\"}";
        as_article_t *a = (as_article_t *)&a;
        char *errmsg = NULL;
        ck_assert_int_eq(as_jsonl_parse(nul, sizeof nul - 1, "in.jsonl", NULL,
                                        NULL, NULL, &a, &errmsg),
                         AS_ERR_FORMAT);
        ck_assert_ptr_null(a);
        ck_assert_ptr_nonnull(strstr(errmsg, "NUL byte"));
        free(errmsg);
    }
    /* a body given twice: which one was meant cannot be told */
    parse_bad("{\"id\": \"a\", \"title\": \"T\", \"text\": \"x\", "
              "\"paragraphs\": [\"y\"]}",
              "both \"text\" and \"paragraphs\"");
}
END_TEST

START_TEST(test_parse_not_objects)
{
    parse_bad("{\"id\": \"a\", \"title\": ", "invalid JSON: ");
    parse_bad("\"a string\"", "invalid JSON: ");
    parse_bad("[{\"id\": \"a\", \"title\": \"T\", \"text\": \"x\"}]",
              "a JSON array, not an object");
    /* an array is refused before it is parsed: even a broken one */
    parse_bad("  [{\"id\": ", "jq -c '.[]'");
}
END_TEST

START_TEST(test_parse_array_items_whole)
{
    /* an item of a "tags" or "author" array is one tag or author even
     * with a comma in it; a "tags" string is still split at commas */
    as_article_t *a = parse_ok(
        "{\"id\": \"c\", \"title\": \"T\", \"tags\": [\"Smith, John\", "
        "\" north\\tamerica \", \"\", \"x,\"], \"author\": [\"Doe, Jane\", "
        "\"Roe\"], \"authors\": [\"Lee, Ann\"], \"text\": \"x\"}");

    ck_assert_uint_eq(a->n_tags, 3);
    ck_assert_str_eq(a->tags[0], "Smith, John");
    ck_assert_str_eq(a->tags[1], "north america");
    ck_assert_str_eq(a->tags[2], "x,");
    ck_assert_uint_eq(a->n_authors, 3);
    ck_assert_str_eq(a->authors[0], "Doe, Jane");
    ck_assert_str_eq(a->authors[1], "Roe");
    ck_assert_str_eq(a->authors[2], "Lee, Ann");
    as_article_free(a);
    a = parse_ok("{\"id\": \"s\", \"title\": \"T\", \"tags\": "
                 "\"Smith, John\", \"text\": \"x\"}");
    ck_assert_uint_eq(a->n_tags, 2);
    ck_assert_str_eq(a->tags[0], "Smith");
    ck_assert_str_eq(a->tags[1], "John");
    as_article_free(a);
    parse_bad("{\"id\": \"b\", \"title\": \"T\", \"tags\": [\"a\", 1], "
              "\"text\": \"x\"}",
              "\"tags\" must hold strings");
    parse_bad("{\"id\": \"b\", \"title\": \"T\", \"tags\": {}, "
              "\"text\": \"x\"}",
              "\"tags\" must be a string or an array");
}
END_TEST

START_TEST(test_parse_long_values_cut)
{
    /* JSON members go through the header rules: bounded like a file's */
    size_t n = 3 * AS_ARTICLE_MAX_FIELD, o;
    char *line = malloc(n + 200);
    as_article_t *a = NULL;
    char *errmsg = NULL;
    int count = 0;

    ck_assert_ptr_nonnull(line);
    o = (size_t)sprintf(line, "{\"id\": \"long\", \"title\": \"");
    memset(line + o, 'x', n);
    o += n;
    sprintf(line + o,
            "\", \"source\": \"S\", \"tags\": [\"t\"], \"text\": \"x\"}");
    ck_assert_int_eq(as_jsonl_parse(line, strlen(line), "in.jsonl", NULL,
                                    count_warning, &count, &a, &errmsg),
                     AS_OK);
    free(line);
    ck_assert_uint_eq(strlen(a->title), AS_ARTICLE_MAX_FIELD);
    ck_assert_str_eq(a->source, "S");
    ck_assert_int_eq(count, 1);
    as_article_free(a);
}
END_TEST

START_TEST(test_parse_control_chars_warned)
{
    /* an escape sequence in the text: one warning; a tab none */
    static const char line[] =
        "{\"id\": \"e\", \"title\": \"T\\tx\", \"text\": "
        "\"\\u001b[31mred\\u001b[0m and \\u0001\"}";
    int count = 0;
    as_article_t *a = parse_counted(line, &count);

    ck_assert_int_eq(count, 1);
    ck_assert_str_eq(a->title, "T x");
    ck_assert_str_eq(a->paragraphs[0], "[31mred [0m and");
    as_article_free(a);
}
END_TEST

/* \u0000 (valid JSON) is a control character like the others, in every
 * string: it was "invalid JSON" (C strings end at it). */
START_TEST(test_parse_nul_escape)
{
    static const char line[] =
        "{\"id\": \"n\", \"title\": \"T\\u0000x\", \"tags\": "
        "[\"a\\u0000b\"], \"text\": \"one\\u0000two\"}";
    int count = 0;
    as_article_t *a = parse_counted(line, &count);

    ck_assert_int_eq(count, 1);
    ck_assert_str_eq(a->title, "T x");
    ck_assert_str_eq(a->paragraphs[0], "one two");
    ck_assert_uint_eq(a->n_tags, 1);
    ck_assert_str_eq(a->tags[0], "a b");
    as_article_free(a);
    parse_bad("{\"id\": \"a\\u0000b\", \"title\": \"T\", \"text\": \"x\"}",
              "invalid \"id\"");
}
END_TEST

START_TEST(test_id)
{
    static const struct {
        const char *line, *id;
    } cases[] = {
        {"{\"id\": \"x1\", \"title\": \"T\"}", "x1"},
        {"{\"title\": \"T\", \"id\": 7}", "7"},
        {"  {\"id\": \"x1\"}", "x1"},
        {"{\"title\": \"T\"}", NULL},
        {"{\"id\": \"x1\", ", NULL},
        {"[{\"id\": \"x1\"}]", NULL},
        {"{\"id\": \"x\", \"id\": \"y\"}", NULL},
        /* the key in any case, as the parse reads it; none when two
         * keys name it */
        {"{\"ID\": \"x1\", \"title\": \"T\"}", "x1"},
        {"{\"title\": \"T\", \"Id\": 7}", "7"},
        {"{\"id\": \"x\", \"ID\": \"y\"}", NULL},
        {"{\"id\": \"x\", \"title\": \"T\", \"Title\": \"U\"}", "x"},
        {"{\"ids\": \"x\"}", NULL},
        /* not "a": the string does not end at its \u0000 */
        {"{\"id\": \"a\\u0000b\"}", NULL},
        {"", NULL},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *id = as_jsonl_id(cases[i].line, strlen(cases[i].line));

        if (cases[i].id) {
            ck_assert_msg(id && strcmp(id, cases[i].id) == 0, "%s: got %s",
                          cases[i].line, id ? id : "NULL");
        } else {
            ck_assert_msg(id == NULL, "%s: got %s", cases[i].line, id);
        }
        free(id);
    }
}
END_TEST

/* as_jsonl_not_lines() of line[0..len): the message must contain want,
 * or be NULL when want is. */
static void not_lines(const char *line, size_t len, const char *want)
{
    const char *msg = as_jsonl_not_lines(line, len);

    if (!want) {
        ck_assert_msg(msg == NULL, "'%.*s' refused: %s", (int)len, line, msg);
        return;
    }
    ck_assert_msg(msg && strstr(msg, want), "'%.*s': %s", (int)len, line,
                  msg ? msg : "NULL");
}

START_TEST(test_not_lines_compressed)
{
    not_lines("\x1f\x8b\x08\x08", 4, "gzip-compressed data, not JSON Lines");
    not_lines("\x1f\x8b\x08\x08", 4, "zcat FILE | artsearch-index");
    not_lines("\xfd"
              "7zXZ\0\0\x04",
              8, "xzcat");
    not_lines("\x28\xb5\x2f\xfd\x04", 5, "zstdcat");
    not_lines("BZh91AY&SY", 10, "bzcat");
    not_lines("PK\x03\x04\x14", 5, "a zip archive");
    /* the xz magic ends with a NUL byte: without it, no match */
    not_lines("\xfd"
              "7zXZ!",
              6, NULL);
}
END_TEST

START_TEST(test_not_lines_utf16)
{
    ck_assert_ptr_nonnull(
        strstr(as_jsonl_not_lines("\xFF\xFE{\0\"\0", 6), "UTF-16"));
    ck_assert_ptr_nonnull(
        strstr(as_jsonl_not_lines("{\0\"\0i\0", 6), "iconv -f UTF-16LE"));
    ck_assert_ptr_nonnull(
        strstr(as_jsonl_not_lines("\0{\0\"\0i", 6), "iconv -f UTF-16BE"));
}
END_TEST

START_TEST(test_not_lines_binary)
{
    not_lines("{\"id\": \0 \"a\"}", 13, "binary data");
    not_lines("\0", 1, "binary data");
}
END_TEST

START_TEST(test_not_lines_spread)
{
    not_lines("[", 1, "a JSON array, not JSON Lines");
    not_lines("  [ \t", 5, "jq -c '.[]' FILE");
    not_lines("[{\"id\": \"a\", \"title\": \"T\"},", 27, "a JSON array");
    not_lines("[1, 2]", 6, "a JSON array");
    not_lines("{", 1, "JSON objects over several lines");
    not_lines(" {\r", 3, "jq -c . FILE");
    not_lines("{\"id\": \"n3\",", 12, "JSON objects over several lines");
    not_lines("{\"a\": [", 7, "JSON objects over several lines");
    /* an article file given with --format jsonl */
    not_lines("Title: Summit talks", 19, "an article file");
    not_lines("Author:Jane", 11, "without --format jsonl");
}
END_TEST

START_TEST(test_not_lines_ordinary)
{
    /* left to the line-by-line parse, which reports each */
    not_lines("{\"id\": \"a\", \"title\": \"T\"}", 25, NULL);
    not_lines("{\"id\": ", 7, NULL);
    not_lines("{\"id\": \"a\", \"ti", 15, NULL); /* a writer cut short */
    not_lines("{\"id\": \"a\"} x,", 14, NULL);   /* bad before its end */
    not_lines("http://x", 8, NULL);
    not_lines("not json", 8, NULL);
    not_lines("", 0, NULL);
}
END_TEST

static Suite *jsonl_suite(void)
{
    Suite *s = suite_create("jsonl");
    TCase *tc = tcase_create("parse");

    tcase_add_test(tc, test_parse_all_members);
    tcase_add_test(tc, test_parse_alternatives);
    tcase_add_test(tc, test_parse_keys_any_case);
    tcase_add_test(tc, test_parse_unknown_keys_once);
    tcase_add_test(tc, test_parse_unknown_keys_bounded);
    tcase_add_test(tc, test_parse_line_breaks_in_header_values);
    tcase_add_test(tc, test_parse_bad_ids);
    tcase_add_test(tc, test_parse_bad_members);
    tcase_add_test(tc, test_parse_not_objects);
    tcase_add_test(tc, test_parse_long_values_cut);
    tcase_add_test(tc, test_parse_array_items_whole);
    tcase_add_test(tc, test_parse_control_chars_warned);
    tcase_add_test(tc, test_parse_nul_escape);
    suite_add_tcase(s, tc);

    tc = tcase_create("id");
    tcase_add_test(tc, test_id);
    suite_add_tcase(s, tc);

    tc = tcase_create("not_lines");
    tcase_add_test(tc, test_not_lines_compressed);
    tcase_add_test(tc, test_not_lines_utf16);
    tcase_add_test(tc, test_not_lines_binary);
    tcase_add_test(tc, test_not_lines_spread);
    tcase_add_test(tc, test_not_lines_ordinary);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(jsonl_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
