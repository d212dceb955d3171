/* check_record.c - unit tests of record.h: paragraph records round-trip. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

static const char full_text[] =
    "Title: Trade talks resume\n"
    "Author: Jane Doe\n"
    "Author: John Roe\n"
    "Author: Ana \xC3\x81lvarez\n"
    "Date: 2025-06\n"
    "Source: The Daily Planet\n"
    "URL: https://example.org/trade?a=1&b=2\n"
    "Tags: Trade, Japan\n"
    "\n"
    "First paragraph.\n"
    "\n"
    "Second paragraph, with caf\xC3\xA9 and \xE2\x80\x9Cquotes\xE2\x80\x9D.\n"
    "\n"
    "Third.\n";

static const char bare_text[] = "Title: Bare\n\nOnly text.\n";

static as_article_t *art;
static as_record_t *rec;
static char *data;

static void setup(void)
{
    art = NULL;
    rec = NULL;
    data = NULL;
}

static void teardown(void)
{
    as_record_free(rec);
    as_article_free(art);
    free(data);
}

/* Parse text into art, encode paragraph para and decode it into rec. */
static void round_trip(const char *text, const char *file, size_t para)
{
    size_t len = 0;

    ck_assert_int_eq(as_article_parse(text, strlen(text), "art-1", file, NULL,
                                      NULL, &art, NULL),
                     AS_OK);
    ck_assert_int_eq(as_record_encode(art, para, &data, &len), AS_OK);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_eq(len, strlen(data));
    ck_assert_int_eq(as_record_decode(data, len, &rec), AS_OK);
    ck_assert_ptr_nonnull(rec);
}

/* Decode the NUL-terminated s, which must be refused as corrupt. */
static void decode_corrupt(const char *s, size_t len)
{
    as_record_t *r = (as_record_t *)&r; /* not NULL */

    ck_assert_int_eq(as_record_decode(s, len, &r), AS_ERR_CORRUPT);
    ck_assert_ptr_null(r);
}

START_TEST(test_round_trip_fields)
{
    round_trip(full_text, "corpus/art-1.txt", 1);
    ck_assert_str_eq(rec->id, "art-1");
    ck_assert_int_eq(rec->paragraph, 2);
    ck_assert_str_eq(rec->file, "corpus/art-1.txt");
    ck_assert_str_eq(rec->title, "Trade talks resume");
    ck_assert_str_eq(rec->date, "2025-06");
    ck_assert_str_eq(rec->source, "The Daily Planet");
    ck_assert_str_eq(rec->url, "https://example.org/trade?a=1&b=2");
    ck_assert_str_eq(rec->text, "Second paragraph, with caf\xC3\xA9 and "
                                "\xE2\x80\x9Cquotes\xE2\x80\x9D.");
}
END_TEST

START_TEST(test_round_trip_lists)
{
    round_trip(full_text, NULL, 0);
    ck_assert_uint_eq(rec->n_authors, 3);
    ck_assert_str_eq(rec->authors[0], "Jane Doe");
    ck_assert_str_eq(rec->authors[1], "John Roe");
    ck_assert_str_eq(rec->authors[2], "Ana \xC3\x81lvarez");
    ck_assert_uint_eq(rec->n_tags, 2);
    ck_assert_str_eq(rec->tags[0], "Trade");
    ck_assert_str_eq(rec->tags[1], "Japan");
}
END_TEST

START_TEST(test_paragraph_numbers)
{
    static const char *const texts[] = {
        "First paragraph.",
        ("Second paragraph, with caf\xC3\xA9 and "
         "\xE2\x80\x9Cquotes\xE2\x80\x9D."),
        "Third."};

    ck_assert_int_eq(as_article_parse(full_text, strlen(full_text), "a", NULL,
                                      NULL, NULL, &art, NULL),
                     AS_OK);
    ck_assert_uint_eq(art->n_paragraphs, 3);
    for (size_t i = 0; i < 3; i++) {
        size_t len;
        as_record_t *r;

        ck_assert_int_eq(as_record_encode(art, i, &data, &len), AS_OK);
        ck_assert_int_eq(as_record_decode(data, len, &r), AS_OK);
        ck_assert_int_eq(r->paragraph, (long)i + 1);
        ck_assert_str_eq(r->text, texts[i]);
        as_record_free(r);
        free(data);
        data = NULL;
    }
}
END_TEST

START_TEST(test_full_date)
{
    round_trip("Title: T\nDate: 2024-02-29\n\nx\n", NULL, 0);
    ck_assert_str_eq(rec->date, "2024-02-29");
}
END_TEST

START_TEST(test_missing_optional)
{
    round_trip(bare_text, NULL, 0);
    ck_assert_str_eq(rec->id, "art-1");
    ck_assert_str_eq(rec->title, "Bare");
    ck_assert_str_eq(rec->file, "");
    ck_assert_str_eq(rec->date, "");
    ck_assert_str_eq(rec->source, "");
    ck_assert_str_eq(rec->url, "");
    ck_assert_uint_eq(rec->n_authors, 0);
    ck_assert_uint_eq(rec->n_tags, 0);
    ck_assert_str_eq(rec->text, "Only text.");
    ck_assert_int_eq(rec->paragraph, 1);
}
END_TEST

START_TEST(test_encode_out_of_range)
{
    size_t len = 99;

    ck_assert_int_eq(as_article_parse(bare_text, strlen(bare_text), "a", NULL,
                                      NULL, NULL, &art, NULL),
                     AS_OK);
    data = (char *)"unset";
    ck_assert_int_eq(as_record_encode(art, 1, &data, &len), AS_ERR_USAGE);
    ck_assert_ptr_null(data);
    ck_assert_uint_eq(len, 0);
}
END_TEST

START_TEST(test_decode_independent_copy)
{
    /* the record must not point into the caller's buffer */
    round_trip(full_text, NULL, 2);
    memset(data, 'Z', strlen(data));
    ck_assert_str_eq(rec->title, "Trade talks resume");
    ck_assert_str_eq(rec->text, "Third.");
}
END_TEST

START_TEST(test_decode_garbage)
{
    static const char binary[] = "\x01\x02\xFF garbage \x00 bytes";

    decode_corrupt("hello world", 11);
    decode_corrupt("", 0);
    decode_corrupt(binary, sizeof binary - 1);
    decode_corrupt("no tab here\n\ntext", 17);
}
END_TEST

START_TEST(test_decode_needs_id_and_para)
{
    const char *no_id = "para\t1\ntitle\tT\n\ntext";
    const char *no_para = "id\tx\ntitle\tT\n\ntext";
    const char *bad_para = "id\tx\npara\tzero\n\ntext";

    decode_corrupt(no_id, strlen(no_id));
    decode_corrupt(no_para, strlen(no_para));
    decode_corrupt(bad_para, strlen(bad_para));
}
END_TEST

START_TEST(test_decode_minimal_and_unknown_keys)
{
    const char *s = "id\tx\nfuture\tsomething\npara\t7\n\nbody text";

    ck_assert_int_eq(as_record_decode(s, strlen(s), &rec), AS_OK);
    ck_assert_str_eq(rec->id, "x");
    ck_assert_int_eq(rec->paragraph, 7);
    ck_assert_str_eq(rec->title, "");
    ck_assert_str_eq(rec->text, "body text");
}
END_TEST

START_TEST(test_free_null)
{
    /* the contract: accepts NULL (a crash fails the test) */
    as_record_free(NULL);
}
END_TEST

Suite *record_suite(void);

Suite *record_suite(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("round_trip");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_round_trip_fields);
    tcase_add_test(tc, test_round_trip_lists);
    tcase_add_test(tc, test_paragraph_numbers);
    tcase_add_test(tc, test_full_date);
    tcase_add_test(tc, test_missing_optional);
    tcase_add_test(tc, test_encode_out_of_range);
    tcase_add_test(tc, test_decode_independent_copy);
    suite_add_tcase(s, tc);

    tc = tcase_create("decode");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_decode_garbage);
    tcase_add_test(tc, test_decode_needs_id_and_para);
    tcase_add_test(tc, test_decode_minimal_and_unknown_keys);
    tcase_add_test(tc, test_free_null);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(record_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
