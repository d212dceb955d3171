/* check_article.c - unit tests of article.h: the article file parser. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "text.h"

/* Warnings received through the callback. */
typedef struct warnings {
    int count;
    long lines[16];
    char text[4096]; /* every message, one per line */
} warnings_t;

static warnings_t warns;
static as_article_t *art;
static char *err;

static void setup(void)
{
    memset(&warns, 0, sizeof warns);
    art = NULL;
    err = NULL;
}

static void teardown(void)
{
    as_article_free(art);
    free(err);
}

static void collect(void *ctx, long line, const char *msg)
{
    warnings_t *w = ctx;
    size_t used = strlen(w->text);

    if (w->count < 16)
        w->lines[w->count] = line;
    w->count++;
    snprintf(w->text + used, sizeof w->text - used, "%s\n", msg);
}

/* Parse buf[0..len) into art/err (those of a parse before freed);
 * returns the status. */
static as_status_t parse_n(const char *buf, size_t len)
{
    as_article_free(art);
    free(err);
    art = NULL;
    err = NULL;
    return as_article_parse(buf, len, "test-id", "dir/test-id.txt", collect,
                            &warns, &art, &err);
}

static as_status_t parse(const char *buf)
{
    return parse_n(buf, strlen(buf));
}

/* The parse of buf[0..len) must fail with AS_ERR_FORMAT and a message
 * containing want1 and (when not NULL) want2. */
static void parse_fails_with(const char *buf, size_t len, const char *want1,
                             const char *want2)
{
    ck_assert_int_eq(parse_n(buf, len), AS_ERR_FORMAT);
    ck_assert_ptr_null(art);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, want1) != NULL, "message '%s' lacks '%s'", err,
                  want1);
    if (want2)
        ck_assert_msg(strstr(err, want2) != NULL, "message '%s' lacks '%s'",
                      err, want2);
}

static const char good[] = "Title: Trade talks resume\n"
                           "Author: Jane Doe\n"
                           "Author: John Roe\n"
                           "Date: 2025-06-03\n"
                           "Source: The Daily Planet\n"
                           "URL: https://example.org/trade\n"
                           "Tags: Trade ,  Japan,USA , \n"
                           "\n"
                           "The first paragraph\n"
                           "is wrapped over\n"
                           "three lines.\n"
                           "\n"
                           "The second paragraph.\n";

START_TEST(test_good_header)
{
    ck_assert_int_eq(parse(good), AS_OK);
    ck_assert_ptr_nonnull(art);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(art->id, "test-id");
    ck_assert_str_eq(art->file, "dir/test-id.txt");
    ck_assert_str_eq(art->title, "Trade talks resume");
    ck_assert_uint_eq(art->n_authors, 2);
    ck_assert_str_eq(art->authors[0], "Jane Doe");
    ck_assert_str_eq(art->authors[1], "John Roe");
    ck_assert_int_eq(art->date.year, 2025);
    ck_assert_int_eq(art->date.month, 6);
    ck_assert_int_eq(art->date.day, 3);
    ck_assert_str_eq(art->source, "The Daily Planet");
    ck_assert_str_eq(art->url, "https://example.org/trade");
    ck_assert_int_eq(warns.count, 0);
}
END_TEST

START_TEST(test_good_tags)
{
    ck_assert_int_eq(parse(good), AS_OK);
    ck_assert_uint_eq(art->n_tags, 3);
    ck_assert_str_eq(art->tags[0], "Trade");
    ck_assert_str_eq(art->tags[1], "Japan");
    ck_assert_str_eq(art->tags[2], "USA");
}
END_TEST

/* Chinese and Japanese write lists with their own commas: a fullwidth
 * comma (U+FF0C) and an ideographic one (U+3001) separate tags too. */
START_TEST(test_cjk_tag_commas)
{
    ck_assert_int_eq(
        parse("Title: T\nTags: \xE5\xA4\x96\xE4\xBA\xA4\xEF\xBC\x8C"
              "\xE5\xAE\x89\xE4\xBF\x9D\xE3\x80\x81 US,Japan\n\nText.\n"),
        AS_OK);
    ck_assert_uint_eq(art->n_tags, 4);
    ck_assert_str_eq(art->tags[0], "\xE5\xA4\x96\xE4\xBA\xA4");
    ck_assert_str_eq(art->tags[1], "\xE5\xAE\x89\xE4\xBF\x9D");
    ck_assert_str_eq(art->tags[2], "US");
    ck_assert_str_eq(art->tags[3], "Japan");
}
END_TEST

START_TEST(test_good_paragraphs)
{
    ck_assert_int_eq(parse(good), AS_OK);
    ck_assert_uint_eq(art->n_paragraphs, 2);
    ck_assert_str_eq(art->paragraphs[0],
                     "The first paragraph is wrapped over three lines.");
    ck_assert_str_eq(art->paragraphs[1], "The second paragraph.");
}
END_TEST

START_TEST(test_optional_fields_absent)
{
    ck_assert_int_eq(parse("Title: Only a title\n\nBody.\n"), AS_OK);
    ck_assert_str_eq(art->title, "Only a title");
    ck_assert_ptr_null(art->source);
    ck_assert_ptr_null(art->url);
    ck_assert_int_eq(art->date.year, 0);
    ck_assert_uint_eq(art->n_authors, 0);
    ck_assert_uint_eq(art->n_tags, 0);
    ck_assert_uint_eq(art->n_paragraphs, 1);
    ck_assert_str_eq(art->paragraphs[0], "Body.");
}
END_TEST

START_TEST(test_file_may_be_null)
{
    ck_assert_int_eq(as_article_parse("Title: T\n\nx\n", 11, "id", NULL, NULL,
                                      NULL, &art, &err),
                     AS_OK);
    ck_assert_ptr_null(art->file);
    ck_assert_str_eq(art->id, "id");
}
END_TEST

START_TEST(test_keys_case_insensitive)
{
    ck_assert_int_eq(parse("TITLE: Upper\nauthor: Lower Case\n\nText.\n"),
                     AS_OK);
    ck_assert_str_eq(art->title, "Upper");
    ck_assert_uint_eq(art->n_authors, 1);
    ck_assert_str_eq(art->authors[0], "Lower Case");
}
END_TEST

START_TEST(test_crlf)
{
    ck_assert_int_eq(parse("Title: Windows\r\n"
                           "Source: CRLF Times\r\n"
                           "\r\n"
                           "Line one\r\n"
                           "line two.\r\n"
                           "\r\n"
                           "Second.\r\n"),
                     AS_OK);
    ck_assert_str_eq(art->title, "Windows");
    ck_assert_str_eq(art->source, "CRLF Times");
    ck_assert_uint_eq(art->n_paragraphs, 2);
    ck_assert_str_eq(art->paragraphs[0], "Line one line two.");
    ck_assert_str_eq(art->paragraphs[1], "Second.");
}
END_TEST

START_TEST(test_bom)
{
    ck_assert_int_eq(parse("\xEF\xBB\xBFTitle: With BOM\n\nText.\n"), AS_OK);
    ck_assert_str_eq(art->title, "With BOM");
    ck_assert_uint_eq(art->n_paragraphs, 1);
    ck_assert_int_eq(warns.count, 0);
}
END_TEST

START_TEST(test_several_blank_lines)
{
    ck_assert_int_eq(parse("Title: T\n\n\n\nOne.\n\n\n\nTwo.\n\n\n"), AS_OK);
    ck_assert_uint_eq(art->n_paragraphs, 2);
    ck_assert_str_eq(art->paragraphs[0], "One.");
    ck_assert_str_eq(art->paragraphs[1], "Two.");
}
END_TEST

START_TEST(test_no_final_newline)
{
    ck_assert_int_eq(parse("Title: T\n\nLast words"), AS_OK);
    ck_assert_uint_eq(art->n_paragraphs, 1);
    ck_assert_str_eq(art->paragraphs[0], "Last words");
}
END_TEST

START_TEST(test_control_chars_removed)
{
    ck_assert_int_eq(parse("Title: A\x1b[31mB\n\nx\x1b"
                           "y\tz\n"),
                     AS_OK);
    ck_assert_ptr_null(strchr(art->title, '\x1b'));
    ck_assert_str_eq(art->title, "A [31mB");
    ck_assert_str_eq(art->paragraphs[0], "x y z");
}
END_TEST

START_TEST(test_err_nul)
{
    static const char buf[] = "Title: T\n\nbin\0ary\n";

    parse_fails_with(buf, sizeof buf - 1, "binary", NULL);
}
END_TEST

/* UTF-16 (with or without a byte order mark) is named, with what to do. */
START_TEST(test_err_utf16)
{
    static const char bom[] = "\xFF\xFET\0i\0t\0";
    static const char bare[] = "T\0i\0t\0l\0";
    static const char big[] = "\0T\0i\0t\0l";

    parse_fails_with(bom, sizeof bom - 1, "UTF-16", "iconv -f UTF-16 -t");
    teardown();
    setup();
    /* without a mark, iconv needs the byte order */
    parse_fails_with(bare, sizeof bare - 1, "UTF-16", "iconv -f UTF-16LE");
    teardown();
    setup();
    parse_fails_with(big, sizeof big - 1, "UTF-16", "iconv -f UTF-16BE");
}
END_TEST

START_TEST(test_err_empty)
{
    parse_fails_with("", 0, "empty file", NULL);
}
END_TEST

START_TEST(test_err_whitespace_only)
{
    parse_fails_with(" \n\t\n\r\n  \n", 9, "empty file", NULL);
}
END_TEST

START_TEST(test_err_no_header)
{
    const char *buf = "This is just prose, with no header at all.\n\n"
                      "More prose.\n";

    parse_fails_with(buf, strlen(buf), "missing header", "line 1");
}
END_TEST

START_TEST(test_err_json_lines)
{
    const char *buf = "{\"id\": \"a1\", \"title\": \"T\", \"text\": \"x\"}\n";
    const char *prose = "Prose {braced}.\n\nMore.\n";

    parse_fails_with(buf, strlen(buf), "missing header: this looks like JSON",
                     "--format jsonl");
    parse_fails_with(" {\n", 3, "this looks like JSON Lines", NULL);
    parse_fails_with("[{\"id\": 1},\n", 12, "this looks like a JSON array",
                     "jq -c '.[]' FILE");
    parse_fails_with("{Draft} minutes\n\nText.\n", 23, "missing header: an",
                     NULL);
    parse_fails_with("[1] Notes\n\nText.\n", 17, "missing header: an", NULL);
    /* prose is not taken for JSON */
    parse_fails_with(prose, strlen(prose), "missing header: an", NULL);
}
END_TEST

START_TEST(test_err_malformed_header)
{
    const char *buf = "Title: T\n"
                      "Source: S\n"
                      "this line is not a header\n"
                      "\n"
                      "Text.\n";

    parse_fails_with(buf, strlen(buf), "line 3", "malformed header");
}
END_TEST

START_TEST(test_err_bad_date)
{
    const char *buf = "Title: T\n"
                      "Date: 2025-13-45\n"
                      "\n"
                      "Text.\n";

    parse_fails_with(buf, strlen(buf), "line 2", "2025-13-45");
    ck_assert_ptr_nonnull(strstr(err, "Date"));
}
END_TEST

START_TEST(test_err_bad_date_feb)
{
    const char *buf = "Title: T\nSource: S\nDate: 2025-02-29\n\nText.\n";

    parse_fails_with(buf, strlen(buf), "line 3", "2025-02-29");
}
END_TEST

/* A timestamp in the Date header: the day as written, no zone
 * conversion; a time that is none, or another way to write a date, is
 * still an error that says what is accepted. */
START_TEST(test_date_timestamp)
{
    static const char hour24[] = "Title: T\nDate: 2024-03-03T24:00\n\nText.\n";
    static const char rfc2822[] = "Title: T\nDate: Sun, 03 Mar 2024\n\nText.\n";

    ck_assert_int_eq(parse("Title: T\nDate: 2024-03-03T23:30:00-05:00\n\n"
                           "Text.\n"),
                     AS_OK);
    ck_assert_int_eq(art->date.year, 2024);
    ck_assert_int_eq(art->date.month, 3);
    ck_assert_int_eq(art->date.day, 3);
    ck_assert_int_eq(warns.count, 0);
    teardown();
    setup();
    ck_assert_int_eq(parse("Title: T\ndate:  2024-03-03  10:00\n\nText.\n"),
                     AS_OK);
    ck_assert_int_eq(art->date.day, 3);
    teardown();
    setup();
    parse_fails_with(hour24, strlen(hour24), "line 2", "time of day");
    teardown();
    setup();
    parse_fails_with(rfc2822, strlen(rfc2822), "line 2",
                     "or a timestamp (YYYY-MM-DDTHH:MM");
}
END_TEST

START_TEST(test_err_bom_only)
{
    parse_fails_with("\xEF\xBB\xBF\n", 4, "empty file", NULL);
}
END_TEST

START_TEST(test_err_duplicate_date)
{
    const char *buf = "Title: T\nDate: 2025\nDate: 2024\n\nText.\n";

    parse_fails_with(buf, strlen(buf), "line 3", "Date");
}
END_TEST

START_TEST(test_err_duplicate_title)
{
    const char *buf = "Title: One\nTitle: Two\n\nText.\n";

    parse_fails_with(buf, strlen(buf), "Title", "line 2");
}
END_TEST

START_TEST(test_err_missing_title)
{
    const char *buf = "Author: Jane Doe\nSource: S\n\nText.\n";

    parse_fails_with(buf, strlen(buf), "Title", "missing");
}
END_TEST

START_TEST(test_err_no_body)
{
    const char *buf = "Title: Header only\nSource: S\n";

    parse_fails_with(buf, strlen(buf), "no text", NULL);
}
END_TEST

START_TEST(test_err_no_body_blank_lines)
{
    const char *buf = "Title: Header only\n\n\n  \n";

    parse_fails_with(buf, strlen(buf), "no text", NULL);
}
END_TEST

START_TEST(test_err_errmsg_null_allowed)
{
    ck_assert_int_eq(as_article_parse("", 0, "x", NULL, NULL, NULL, &art, NULL),
                     AS_ERR_FORMAT);
    ck_assert_ptr_null(art);
}
END_TEST

START_TEST(test_warn_invalid_utf8)
{
    const char *buf = "Title: T\n"
                      "\n"
                      "Good line.\n"
                      "Bad \xFF byte here.\n";

    ck_assert_int_eq(parse(buf), AS_OK);
    ck_assert_ptr_nonnull(art);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 4);
    ck_assert_ptr_nonnull(strstr(warns.text, "UTF-8"));
    ck_assert_uint_eq(art->n_paragraphs, 1);
    ck_assert_str_eq(art->paragraphs[0],
                     "Good line. Bad \xEF\xBF\xBD byte here.");
}
END_TEST

START_TEST(test_warn_invalid_utf8_in_title)
{
    ck_assert_int_eq(parse("Title: Caf\xC3 au lait\n\nText.\n"), AS_OK);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 1);
    ck_assert_str_eq(art->title, "Caf\xEF\xBF\xBD au lait");
}
END_TEST

START_TEST(test_warn_control_chars)
{
    /* one warning for the article, at the first control character; tab,
     * CR and LF are white space, not worth one */
    const char *buf = "Title: T\r\n"
                      "\r\n"
                      "Tab\tseparated.\r\n"
                      "Bell \x01 and \x1b[31mred\x1b[0m,\n"
                      "\n"
                      "C1 \xC2\x9B here.\n";

    ck_assert_int_eq(parse(buf), AS_OK);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 4);
    ck_assert_str_eq(warns.text, "4 control characters replaced with spaces\n");
    ck_assert_str_eq(art->paragraphs[0],
                     "Tab separated. Bell and [31mred [0m,");
    ck_assert_str_eq(art->paragraphs[1], "C1 here.");
}
END_TEST

START_TEST(test_no_warning_for_white_space)
{
    ck_assert_int_eq(parse("Title:\tT\r\n\r\nA\tb c\r\n\r\nd\n"), AS_OK);
    ck_assert_int_eq(warns.count, 0);
    ck_assert_str_eq(art->paragraphs[0], "A b c");
}
END_TEST

/* A lone CR in a text with line feeds may hide what comes before it on a
 * terminal: a control character, a space with a warning. */
START_TEST(test_lone_cr_is_control)
{
    ck_assert_int_eq(parse("Title: T\n\nA b\rc\n"), AS_OK);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 3);
    ck_assert_str_eq(art->paragraphs[0], "A b c");
}
END_TEST

/* A text without line feeds (old Mac OS) has CR line ends. */
START_TEST(test_mac_line_ends)
{
    ck_assert_int_eq(parse("Title: T\rAuthor: A\r\rOne.\r\rTwo.\r"), AS_OK);
    ck_assert_int_eq(warns.count, 0);
    ck_assert_str_eq(art->authors[0], "A");
    ck_assert_uint_eq(art->n_paragraphs, 2);
    ck_assert_str_eq(art->paragraphs[1], "Two.");
}
END_TEST

/* Lines of Unicode spaces (no-break, ideographic, zero-width) are blank:
 * they separate paragraphs, and make none. */
START_TEST(test_unicode_blank_lines)
{
    ck_assert_int_eq(parse("Title: T\n\nOne.\n\xC2\xA0\nTwo.\n\n"
                           "\xE3\x80\x80\xE2\x80\x8B\n\nThree.\n"),
                     AS_OK);
    ck_assert_int_eq(warns.count, 0);
    ck_assert_uint_eq(art->n_paragraphs, 3);
    ck_assert_str_eq(art->paragraphs[1], "Two.");
}
END_TEST

/* U+2029 PARAGRAPH SEPARATOR ends a paragraph; a soft hyphen, invisible,
 * is dropped (so that the word is one word); a no-break space is a
 * space. */
START_TEST(test_unicode_separators)
{
    ck_assert_int_eq(parse("Title: T\n\nOne inter\xC2\xADnational."
                           "\xE2\x80\xA9Two\xC2\xA0words.\n"),
                     AS_OK);
    ck_assert_int_eq(warns.count, 0);
    ck_assert_uint_eq(art->n_paragraphs, 2);
    ck_assert_str_eq(art->paragraphs[0], "One international.");
    ck_assert_str_eq(art->paragraphs[1], "Two words.");
}
END_TEST

/* U+2029 in a header value is no paragraph break: a space, and the
 * header goes on. */
START_TEST(test_paragraph_separator_in_header)
{
    ck_assert_int_eq(parse("Title: A\xE2\x80\xA9"
                           "B\nAuthor: Jane\n\nText.\n"),
                     AS_OK);
    ck_assert_str_eq(art->title, "A B");
    ck_assert_uint_eq(art->n_authors, 1);
    ck_assert_uint_eq(art->n_paragraphs, 1);
    ck_assert_int_eq(warns.count, 0);
}
END_TEST

/* U+2029 in the body ends a paragraph without moving the lines of later
 * warnings. */
START_TEST(test_paragraph_separator_lines)
{
    ck_assert_int_eq(parse("Title: T\n\nOne\xE2\x80\xA9Two\xE2\x80\xA9"
                           "\xE2\x80\xA9Three\n\nFour \x1B here\n"),
                     AS_OK);
    ck_assert_uint_eq(art->n_paragraphs, 4);
    ck_assert_str_eq(art->paragraphs[2], "Three");
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 5);
}
END_TEST

/* A header line after a blank line is text, with a warning. */
START_TEST(test_header_after_blank_line)
{
    ck_assert_int_eq(parse("Title: T\n \nAuthor: A\n\nText.\n"), AS_OK);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 3);
    ck_assert_ptr_nonnull(strstr(warns.text, "'Author:' after the blank line"));
    ck_assert_uint_eq(art->n_authors, 0);
    ck_assert_str_eq(art->paragraphs[0], "Author: A");
}
END_TEST

START_TEST(test_blank_first_line)
{
    parse_fails_with("\nTitle: T\n\nText.\n", 17, "line 1", "blank first line");
}
END_TEST

/* An author or tag given twice, in any case, is kept once, as first
 * written. */
START_TEST(test_repeated_names)
{
    ck_assert_int_eq(parse("Title: T\nAuthor: Jane Doe\nAuthor: Bo\n"
                           "Author: JANE DOE\nTags: a, b, A, a\n\nText.\n"),
                     AS_OK);
    ck_assert_uint_eq(art->n_authors, 2);
    ck_assert_str_eq(art->authors[0], "Jane Doe");
    ck_assert_str_eq(art->authors[1], "Bo");
    ck_assert_uint_eq(art->n_tags, 2);
    ck_assert_str_eq(art->tags[0], "a");
    ck_assert_str_eq(art->tags[1], "b");

    /* and with an apostrophe written either way, as the filters have it */
    as_article_free(art);
    art = NULL;
    ck_assert_int_eq(parse("Title: T\nAuthor: Sean O'Brien\n"
                           "Author: Sean O\xE2\x80\x99"
                           "Brien\n"
                           "Tags: O\xE2\x80\x98Neil, o'neil\n\nText.\n"),
                     AS_OK);
    ck_assert_uint_eq(art->n_authors, 1);
    ck_assert_str_eq(art->authors[0], "Sean O'Brien");
    ck_assert_uint_eq(art->n_tags, 1);
}
END_TEST

/* Names that differ only in case are one in every script, as the index
 * lowers letters (Xapian's tables): capitals and their lower case, and
 * letters without a case left as they are. */
START_TEST(test_repeated_names_any_script)
{
    static const unsigned long pairs[][2] = {
        {'A', 'a'},     {0xC9, 0xE9},     {0x130, 'i'},     {0x160, 0x161},
        {0x218, 0x219}, {0x391, 0x3B1},   {0x386, 0x3AC},   {0x388, 0x3AD},
        {0x38C, 0x3CC}, {0x38F, 0x3CE},   {0x401, 0x451},   {0x42F, 0x44F},
        {0x490, 0x491}, {0x4C1, 0x4C2},   {0x4D0, 0x4D1},   {0x4C0, 0x4CF},
        {0x531, 0x561}, {0x1EA2, 0x1EA3}, {0x1E0C, 0x1E0D},
    };
    static const unsigned long caseless[] = {0xD7, 0x4E2D, 0x1E9E};

    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        char buf[128], upper[8] = "", lower[8] = "";
        upper[as_utf8_put(upper, pairs[i][0])] = '\0';
        lower[as_utf8_put(lower, pairs[i][1])] = '\0';
        snprintf(buf, sizeof buf,
                 "Title: T\nAuthor: N%s\nAuthor: N%s\n\nText.\n", upper, lower);
        as_article_free(art);
        art = NULL;
        ck_assert_int_eq(parse(buf), AS_OK);
        ck_assert_msg(art->n_authors == 1, "U+%04lX and U+%04lX: %zu authors",
                      pairs[i][0], pairs[i][1], art->n_authors);
    }
    /* a letter without case is not made another (x and x+1 stay two) */
    for (size_t i = 0; i < sizeof caseless / sizeof *caseless; i++) {
        char buf[128], c[8] = "", next[8] = "";
        c[as_utf8_put(c, caseless[i])] = '\0';
        next[as_utf8_put(next, caseless[i] + 1)] = '\0';
        snprintf(buf, sizeof buf,
                 "Title: T\nAuthor: N%s\nAuthor: N%s\n\nText.\n", c, next);
        as_article_free(art);
        art = NULL;
        ck_assert_int_eq(parse(buf), AS_OK);
        ck_assert_msg(art->n_authors == 2, "U+%04lX", caseless[i]);
    }
}
END_TEST

START_TEST(test_warn_unknown_field)
{
    ck_assert_int_eq(parse("Title: T\nColour: blue\n\nText.\n"), AS_OK);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 2);
    ck_assert_ptr_nonnull(strstr(warns.text, "Colour"));
    ck_assert_str_eq(art->title, "T");
}
END_TEST

/* Each of the first unknown keys is warned about once; the other lines
 * with unknown keys are counted in one warning at the end, but for a key
 * with advice. */
START_TEST(test_warn_unknown_fields_counted)
{
    char buf[8192];
    size_t o = (size_t)sprintf(buf, "Title: T\n");

    for (int i = 0; i < 100; i++)
        o += (size_t)sprintf(buf + o, "Received: from h%d\n", i);
    for (char c = 'a'; c <= 'l'; c++)
        o += (size_t)sprintf(buf + o, "X-K%c: v\n", c);
    sprintf(buf + o, "Authors: A, B\n\nText.\n");
    ck_assert_int_eq(parse(buf), AS_OK);
    ck_assert_int_eq(warns.count, 10); /* 8 keys, Authors, the count */
    ck_assert_ptr_nonnull(strstr(warns.text, "'Received'"));
    ck_assert_ptr_nonnull(strstr(warns.text, "'X-Kg'"));
    ck_assert_ptr_null(strstr(warns.text, "'X-Kh'"));
    ck_assert_ptr_nonnull(strstr(warns.text, "'Authors'"));
    ck_assert_ptr_nonnull(
        strstr(warns.text, "104 more header lines with unknown fields"));
}
END_TEST

/* A key near a known one gets advice: Authors is not a list of them. */
START_TEST(test_warn_near_field)
{
    ck_assert_int_eq(
        parse("Title: T\nauthors: Ann Lee, Bo Roe\nKeywords: x\n\nText.\n"),
        AS_OK);
    ck_assert_int_eq(warns.count, 2);
    ck_assert_ptr_nonnull(
        strstr(warns.text,
               "'authors' ignored (write an Author line for each author)"));
    ck_assert_ptr_nonnull(
        strstr(warns.text, "'Keywords' ignored (perhaps Tags)"));
    ck_assert_uint_eq(art->n_authors, 0);
}
END_TEST

START_TEST(test_warn_null_callback)
{
    const char *buf = "Title: T\nX: y\n\n\xFFz\n";

    ck_assert_int_eq(
        as_article_parse(buf, strlen(buf), "id", NULL, NULL, NULL, &art, &err),
        AS_OK);
    ck_assert_str_eq(art->paragraphs[0], "\xEF\xBF\xBDz");
}
END_TEST

START_TEST(test_long_paragraph_cut)
{
    /* "a" then two-byte characters: byte AS_ARTICLE_MAX_PARAGRAPH (even)
     * is the second byte of a character, so the cut must step back one */
    const char *head = "Title: Long\n\n";
    const size_t hlen = strlen(head);
    const size_t nchars = AS_ARTICLE_MAX_PARAGRAPH / 2 + 500;
    const size_t len = hlen + 1 + 2 * nchars + 1;
    char *buf = malloc(len);
    const char *p;
    size_t n;

    ck_assert_ptr_nonnull(buf);
    memcpy(buf, head, hlen);
    buf[hlen] = 'a';
    for (size_t i = 0; i < nchars; i++)
        memcpy(buf + hlen + 1 + 2 * i, "\xC3\xA9", 2);
    buf[len - 1] = '\n';

    ck_assert_int_eq(parse_n(buf, len), AS_OK);
    free(buf);
    ck_assert_uint_eq(art->n_paragraphs, 1);
    p = art->paragraphs[0];
    n = strlen(p);
    ck_assert_uint_eq(n, AS_ARTICLE_MAX_PARAGRAPH - 1);
    /* ends on a whole character */
    ck_assert_int_eq((unsigned char)p[n - 2], 0xC3);
    ck_assert_int_eq((unsigned char)p[n - 1], 0xA9);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 3);
    ck_assert_ptr_nonnull(strstr(warns.text, "cut"));
}
END_TEST

START_TEST(test_paragraph_at_limit_not_cut)
{
    const char *head = "Title: Exact\n\n";
    size_t hlen = strlen(head), body = AS_ARTICLE_MAX_PARAGRAPH;
    char *buf = malloc(hlen + body + 1);

    ck_assert_ptr_nonnull(buf);
    memcpy(buf, head, hlen);
    memset(buf + hlen, 'x', body);
    buf[hlen + body] = '\n';
    ck_assert_int_eq(parse_n(buf, hlen + body + 1), AS_OK);
    free(buf);
    ck_assert_uint_eq(strlen(art->paragraphs[0]), AS_ARTICLE_MAX_PARAGRAPH);
    ck_assert_int_eq(warns.count, 0);
}
END_TEST

/* buf of "Title: " then words "w0 w1 ..." up to at least len bytes of
 * value, a Source line, and a body; returns a new string. */
static char *long_title(size_t len)
{
    char *buf = malloc(len + 100);
    size_t o = 0;

    ck_assert_ptr_nonnull(buf);
    o += (size_t)sprintf(buf, "Title: ");
    for (int i = 0; o < len + 7; i++)
        o += (size_t)sprintf(buf + o, "w%d ", i % 1000);
    sprintf(buf + o, "\nSource: S\n\nText.\n");
    return buf;
}

START_TEST(test_long_title_cut_at_word)
{
    char *buf = long_title(3 * AS_ARTICLE_MAX_FIELD);
    size_t n;

    ck_assert_int_eq(parse(buf), AS_OK);
    n = strlen(art->title);
    ck_assert_uint_le(n, AS_ARTICLE_MAX_FIELD);
    ck_assert_uint_gt(n, AS_ARTICLE_MAX_FIELD - 8);
    /* the start of the title, cut between two words */
    ck_assert_int_eq(memcmp(art->title, buf + 7, n), 0);
    ck_assert_int_eq(buf[7 + n], ' ');
    free(buf);
    ck_assert_str_eq(art->source, "S");
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 1);
    ck_assert_ptr_nonnull(strstr(warns.text, "Title of "));
    ck_assert_ptr_nonnull(strstr(warns.text, " bytes cut to "));
}
END_TEST

START_TEST(test_long_field_cut_at_character)
{
    /* no space: cut at a character boundary, never inside one */
    const char *head = "Title: T\nAuthor: a";
    const size_t hlen = strlen(head);
    const size_t nchars = AS_ARTICLE_MAX_FIELD;
    char *buf = malloc(hlen + 2 * nchars + 32);
    size_t o = hlen, n;
    const char *v;

    ck_assert_ptr_nonnull(buf);
    memcpy(buf, head, hlen);
    for (size_t i = 0; i < nchars; i++, o += 2)
        memcpy(buf + o, "\xC3\xA9", 2);
    strcpy(buf + o, "\nTags: x, y\n\nText.\n");
    ck_assert_int_eq(parse(buf), AS_OK);
    free(buf);
    ck_assert_uint_eq(art->n_authors, 1);
    v = art->authors[0];
    n = strlen(v);
    ck_assert_uint_eq(n, AS_ARTICLE_MAX_FIELD - 1);
    ck_assert_int_eq((unsigned char)v[n - 2], 0xC3);
    ck_assert_int_eq((unsigned char)v[n - 1], 0xA9);
    ck_assert_uint_eq(art->n_tags, 2);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 2);
    ck_assert_ptr_nonnull(strstr(warns.text, "Author of "));
}
END_TEST

START_TEST(test_field_at_limit_not_cut)
{
    const char *head = "Title: ";
    size_t hlen = strlen(head);
    char *buf = malloc(hlen + AS_ARTICLE_MAX_FIELD + 16);

    ck_assert_ptr_nonnull(buf);
    memcpy(buf, head, hlen);
    memset(buf + hlen, 't', AS_ARTICLE_MAX_FIELD);
    strcpy(buf + hlen + AS_ARTICLE_MAX_FIELD, "\n\nText.\n");
    ck_assert_int_eq(parse(buf), AS_OK);
    free(buf);
    ck_assert_uint_eq(strlen(art->title), AS_ARTICLE_MAX_FIELD);
    ck_assert_int_eq(warns.count, 0);
}
END_TEST

START_TEST(test_long_tags_line_cut)
{
    /* a Tags line is cut before it is split, after its last whole tag */
    size_t ntags = AS_ARTICLE_MAX_FIELD / 6 + 100;
    char *buf = malloc(32 + ntags * 7);
    size_t o = (size_t)sprintf(buf, "Title: T\nTags: ");

    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < ntags; i++)
        o += (size_t)sprintf(buf + o, "t%04zu, ", i);
    strcpy(buf + o, "\n\nText.\n");
    ck_assert_int_eq(parse(buf), AS_OK);
    free(buf);
    ck_assert_uint_lt(art->n_tags, ntags);
    ck_assert_uint_ge(art->n_tags, AS_ARTICLE_MAX_FIELD / 7 - 1);
    ck_assert_uint_eq(strlen(art->tags[art->n_tags - 1]), 5);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 2);
    ck_assert_ptr_nonnull(strstr(warns.text, "Tags of "));
}
END_TEST

START_TEST(test_names_bounded)
{
    /* many short Author lines add up: the rest is left out, one warning */
    size_t nlines = AS_ARTICLE_MAX_NAMES / 7 + 1000, total = 0;
    char *buf = malloc(32 + nlines * 20);
    size_t o = (size_t)sprintf(buf, "Title: T\n");

    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < nlines; i++)
        o += (size_t)sprintf(buf + o, "Author: A%06zu\n", i);
    strcpy(buf + o, "Tags: late\n\nText.\n");
    ck_assert_int_eq(parse(buf), AS_OK);
    free(buf);
    for (size_t i = 0; i < art->n_authors; i++)
        total += strlen(art->authors[i]);
    ck_assert_uint_le(total, AS_ARTICLE_MAX_NAMES);
    ck_assert_uint_eq(art->n_authors, AS_ARTICLE_MAX_NAMES / 7);
    ck_assert_uint_eq(art->n_tags, 0);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_int_eq(warns.lines[0], 2 + AS_ARTICLE_MAX_NAMES / 7);
    ck_assert_ptr_nonnull(strstr(warns.text, "the rest left out"));
}
END_TEST

START_TEST(test_names_bounded_by_paragraphs)
{
    /* 200 authors of 8 bytes with 4,000 paragraphs: 1,600 bytes times
     * 4,000 is over AS_ARTICLE_NAMES_WORK (4 MiB), so the last authors go
     * and the tag after them, with one warning */
    const size_t nauthors = 200, paragraphs = 4000;
    char *buf = malloc(64 + nauthors * 20 + paragraphs * 16);
    size_t o = (size_t)sprintf(buf, "Title: T\nTags: harbour\n");
    size_t total = 0;

    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < nauthors; i++)
        o += (size_t)sprintf(buf + o, "Author: A%06zu\n", i);
    o += (size_t)sprintf(buf + o, "\n");
    for (size_t i = 0; i < paragraphs; i++)
        o += (size_t)sprintf(buf + o, "Text %zu.\n\n", i);
    ck_assert_int_eq(parse(buf), AS_OK);
    free(buf);
    ck_assert_uint_eq(art->n_paragraphs, paragraphs);
    for (size_t i = 0; i < art->n_authors; i++)
        total += strlen(art->authors[i]);
    for (size_t i = 0; i < art->n_tags; i++)
        total += strlen(art->tags[i]);
    ck_assert_uint_le(total * paragraphs, AS_ARTICLE_NAMES_WORK);
    ck_assert_uint_gt(art->n_authors, 100);
    ck_assert_uint_lt(art->n_authors, nauthors);
    ck_assert_str_eq(art->authors[0], "A000000");
    ck_assert_uint_eq(art->n_tags, 1);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_ptr_nonnull(strstr(warns.text, "each of 4000 paragraphs"));
}
END_TEST

START_TEST(test_header_bounded_by_paragraphs)
{
    /* one author and a title of 2,000 bytes each with 4,000 paragraphs:
     * no name to leave out, so the values are cut, and the warning says
     * to how much */
    const size_t paragraphs = 4000;
    char *buf = malloc(5000 + paragraphs * 16);
    size_t o = (size_t)sprintf(buf, "Title: ");

    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < 400; i++)
        o += (size_t)sprintf(buf + o, "word ");
    o += (size_t)sprintf(buf + o, "\nAuthor: ");
    for (size_t i = 0; i < 400; i++)
        o += (size_t)sprintf(buf + o, "name ");
    o += (size_t)sprintf(buf + o, "\n\n");
    for (size_t i = 0; i < paragraphs; i++)
        o += (size_t)sprintf(buf + o, "Text %zu.\n\n", i);
    ck_assert_int_eq(parse(buf), AS_OK);
    free(buf);
    ck_assert_uint_eq(art->n_authors, 1);
    ck_assert_uint_le((strlen(art->title) + strlen(art->authors[0])) *
                          paragraphs,
                      AS_ARTICLE_NAMES_WORK);
    ck_assert_uint_gt(strlen(art->title), 100);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_ptr_nonnull(
        strstr(warns.text, "each of 4000 paragraphs: cut to"));
}
END_TEST

/* A short header over very many paragraphs: nothing to cut, no warning;
 * paragraphs beyond AS_ARTICLE_MAX_PARAGRAPHS are left out, with one. */
START_TEST(test_paragraphs_bounded)
{
    const size_t paragraphs = AS_ARTICLE_MAX_PARAGRAPHS + 10;
    char *buf = malloc(128 + paragraphs * 3);
    /* a title of 60 bytes: over the header's share (41 bytes), under the
     * 64 bytes a value keeps */
    size_t o = (size_t)sprintf(
        buf, "Title: %s\n\n",
        "Tttt Tttt Tttt Tttt Tttt Tttt Tttt Tttt Tttt Tttt Tttt Tttt");

    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < paragraphs; i++)
        o += (size_t)sprintf(buf + o, "w\n\n");
    ck_assert_int_eq(parse(buf), AS_OK);
    free(buf);
    ck_assert_uint_eq(art->n_paragraphs, AS_ARTICLE_MAX_PARAGRAPHS);
    ck_assert_int_eq(warns.count, 1);
    ck_assert_ptr_nonnull(strstr(warns.text,
                                 "more than 100000 paragraphs: this one and "
                                 "the rest are not indexed"));
}
END_TEST

START_TEST(test_parse_tags_whole)
{
    /* tags given beside the text: each kept whole, cleaned and bounded
     * like a Tags line's */
    static const char text[] = "Title: T\nTags: a, b\n\nText.\n";
    char *long_tag = malloc(AS_ARTICLE_MAX_FIELD + 2);
    const char *tags[4];

    ck_assert_ptr_nonnull(long_tag);
    memset(long_tag, 'z', AS_ARTICLE_MAX_FIELD + 1);
    long_tag[AS_ARTICLE_MAX_FIELD + 1] = '\0';
    tags[0] = "Smith, John";
    tags[1] = " two\x1b words ";
    tags[2] = " ";
    tags[3] = long_tag;
    ck_assert_int_eq(as_article_parse_tags(text, strlen(text), "id", NULL, tags,
                                           4, collect, &warns, &art, &err),
                     AS_OK);
    free(long_tag);
    ck_assert_uint_eq(art->n_tags, 5);
    ck_assert_str_eq(art->tags[0], "a");
    ck_assert_str_eq(art->tags[1], "b");
    ck_assert_str_eq(art->tags[2], "Smith, John");
    ck_assert_str_eq(art->tags[3], "two words");
    ck_assert_uint_eq(strlen(art->tags[4]), AS_ARTICLE_MAX_FIELD);
    /* the escape in a tag, then the cut (both have no line) */
    ck_assert_int_eq(warns.count, 2);
    ck_assert_int_eq(warns.lines[0], 0);
    ck_assert_int_eq(warns.lines[1], 0);
    ck_assert_ptr_nonnull(strstr(warns.text, "1 control character replaced"));
    ck_assert_ptr_nonnull(strstr(warns.text, "tag of "));
}
END_TEST

START_TEST(test_id_from_path)
{
    static const char *const cases[][2] = {
        {"dir/a.b.txt", "a.b"},
        {"x/y", "y"},
        {"plain.txt", "plain"},
        {"/abs/path/000_05c6.txt", "000_05c6"},
        {"notes.md", "notes.md"},
        {"old/REPORT.TXT", "REPORT"}, /* .txt in any case */
        {"a.Txt", "a"},
        {".txt", ".txt"},
        /* bytes the record and JSON cannot hold are written %XX */
        {"dir/caf\xE9\nnote.txt", "caf%E9%0Anote"},
        {"dir\xE9/caf\xC3\xA9.txt", "caf\xC3\xA9"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *id = as_article_id_from_path(cases[i][0]);

        ck_assert_str_eq(id, cases[i][1]);
        free(id);
    }
}
END_TEST

/* The id must be clean; the file is kept with its bad bytes as %XX. */
START_TEST(test_parse_id_and_file)
{
    static const char text[] = "Title: x\n\nText.\n";

    ck_assert_int_eq(as_article_parse(text, strlen(text), "a\nb", NULL, collect,
                                      &warns, &art, &err),
                     AS_ERR_USAGE);
    ck_assert_ptr_null(art);
    ck_assert_ptr_nonnull(strstr(err, "control characters"));
    free(err);
    err = NULL;
    ck_assert_int_eq(as_article_parse(text, strlen(text), "caf\xE9", NULL,
                                      collect, &warns, &art, &err),
                     AS_ERR_USAGE);
    free(err);
    err = NULL;
    {
        char id[AS_ARTICLE_ID_MAX + 2];

        memset(id, 'i', sizeof id - 1);
        id[sizeof id - 1] = '\0'; /* one byte too many */
        ck_assert_int_eq(as_article_parse(text, strlen(text), id, NULL, collect,
                                          &warns, &art, &err),
                         AS_ERR_USAGE);
        ck_assert_ptr_nonnull(strstr(err, "at most 200 bytes"));
        free(err);
        err = NULL;
        id[AS_ARTICLE_ID_MAX] = '\0';
        ck_assert(as_article_id_ok(id));
    }
    ck_assert_int_eq(as_article_parse(text, strlen(text), "ok",
                                      "d\xE9j\xE0/a\tb.txt", collect, &warns,
                                      &art, &err),
                     AS_OK);
    ck_assert_str_eq(art->file, "d%E9j%E0/a%09b.txt");
}
END_TEST

START_TEST(test_free_null)
{
    /* the contract: accepts NULL (a crash fails the test) */
    as_article_free(NULL);
}
END_TEST

Suite *article_suite(void);

Suite *article_suite(void)
{
    Suite *s = suite_create("article");
    TCase *tc = tcase_create("good");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_good_header);
    tcase_add_test(tc, test_good_tags);
    tcase_add_test(tc, test_cjk_tag_commas);
    tcase_add_test(tc, test_good_paragraphs);
    tcase_add_test(tc, test_optional_fields_absent);
    tcase_add_test(tc, test_file_may_be_null);
    tcase_add_test(tc, test_keys_case_insensitive);
    tcase_add_test(tc, test_crlf);
    tcase_add_test(tc, test_bom);
    tcase_add_test(tc, test_several_blank_lines);
    tcase_add_test(tc, test_no_final_newline);
    tcase_add_test(tc, test_control_chars_removed);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_err_nul);
    tcase_add_test(tc, test_err_utf16);
    tcase_add_test(tc, test_err_empty);
    tcase_add_test(tc, test_err_whitespace_only);
    tcase_add_test(tc, test_err_no_header);
    tcase_add_test(tc, test_err_json_lines);
    tcase_add_test(tc, test_err_malformed_header);
    tcase_add_test(tc, test_err_bad_date);
    tcase_add_test(tc, test_err_bad_date_feb);
    tcase_add_test(tc, test_date_timestamp);
    tcase_add_test(tc, test_err_bom_only);
    tcase_add_test(tc, test_err_duplicate_date);
    tcase_add_test(tc, test_err_duplicate_title);
    tcase_add_test(tc, test_err_missing_title);
    tcase_add_test(tc, test_err_no_body);
    tcase_add_test(tc, test_err_no_body_blank_lines);
    tcase_add_test(tc, test_err_errmsg_null_allowed);
    suite_add_tcase(s, tc);

    tc = tcase_create("warnings");
    /* articles of thousands of names and paragraphs: seconds under the
     * sanitizers and valgrind, more on a busy machine */
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_warn_invalid_utf8);
    tcase_add_test(tc, test_warn_invalid_utf8_in_title);
    tcase_add_test(tc, test_warn_control_chars);
    tcase_add_test(tc, test_no_warning_for_white_space);
    tcase_add_test(tc, test_lone_cr_is_control);
    tcase_add_test(tc, test_mac_line_ends);
    tcase_add_test(tc, test_unicode_blank_lines);
    tcase_add_test(tc, test_unicode_separators);
    tcase_add_test(tc, test_header_after_blank_line);
    tcase_add_test(tc, test_paragraph_separator_in_header);
    tcase_add_test(tc, test_paragraph_separator_lines);
    tcase_add_test(tc, test_blank_first_line);
    tcase_add_test(tc, test_repeated_names);
    tcase_add_test(tc, test_repeated_names_any_script);
    tcase_add_test(tc, test_warn_unknown_field);
    tcase_add_test(tc, test_warn_unknown_fields_counted);
    tcase_add_test(tc, test_warn_near_field);
    tcase_add_test(tc, test_warn_null_callback);
    tcase_add_test(tc, test_long_paragraph_cut);
    tcase_add_test(tc, test_paragraph_at_limit_not_cut);
    tcase_add_test(tc, test_long_title_cut_at_word);
    tcase_add_test(tc, test_long_field_cut_at_character);
    tcase_add_test(tc, test_field_at_limit_not_cut);
    tcase_add_test(tc, test_long_tags_line_cut);
    tcase_add_test(tc, test_names_bounded);
    tcase_add_test(tc, test_names_bounded_by_paragraphs);
    tcase_add_test(tc, test_header_bounded_by_paragraphs);
    tcase_add_test(tc, test_paragraphs_bounded);
    tcase_add_test(tc, test_parse_tags_whole);
    suite_add_tcase(s, tc);

    tc = tcase_create("misc");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_id_from_path);
    tcase_add_test(tc, test_parse_id_and_file);
    tcase_add_test(tc, test_free_null);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(article_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
