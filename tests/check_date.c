/* check_date.c - unit tests of date.h: parsing, periods and formatting. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* Parse text, which must succeed, and return the date. */
static as_date_t parse_ok(const char *text)
{
    as_date_t d = {-1, -1, -1};
    const char *why = "unset";

    ck_assert_int_eq(as_date_parse(text, &d, &why), AS_OK);
    ck_assert_ptr_null(why);
    return d;
}

/* Parse text, which must fail, and check the failure contract. */
static void parse_bad(const char *text)
{
    as_date_t d = {7, 7, 7};
    const char *why = NULL;

    ck_assert_msg(as_date_parse(text, &d, &why) == AS_ERR_FORMAT,
                  "'%s' was accepted", text);
    ck_assert_msg(why != NULL && *why != '\0', "no reason for '%s'", text);
    ck_assert_int_eq(d.year, 0);
    ck_assert_int_eq(d.month, 0);
    ck_assert_int_eq(d.day, 0);
}

START_TEST(test_parse_year)
{
    as_date_t d = parse_ok("2025");

    ck_assert_int_eq(d.year, 2025);
    ck_assert_int_eq(d.month, 0);
    ck_assert_int_eq(d.day, 0);
}
END_TEST

/* Digits typed on a Chinese or Japanese keyboard are fullwidth. */
START_TEST(test_parse_fullwidth)
{
    /* "２０２４－０３－０１" */
    as_date_t d = parse_ok("\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94"
                           "\xEF\xBC\x8D\xEF\xBC\x90\xEF\xBC\x93"
                           "\xEF\xBC\x8D\xEF\xBC\x90\xEF\xBC\x91");
    as_date_t t;

    ck_assert_int_eq(d.year, 2024);
    ck_assert_int_eq(d.month, 3);
    ck_assert_int_eq(d.day, 1);
    ck_assert_int_eq(as_date_parse_timestamp("\xEF\xBC\x92\xEF\xBC\x90\xEF"
                                             "\xBC\x92\xEF\xBC\x95",
                                             &t, NULL),
                     AS_OK);
    ck_assert_int_eq(t.year, 2025);
    /* only those forms: "2024年" is no date */
    ck_assert_int_eq(as_date_parse("2024\xE5\xB9\xB4", &t, NULL),
                     AS_ERR_FORMAT);
}
END_TEST

START_TEST(test_parse_month)
{
    as_date_t d = parse_ok("2025-06");

    ck_assert_int_eq(d.year, 2025);
    ck_assert_int_eq(d.month, 6);
    ck_assert_int_eq(d.day, 0);
}
END_TEST

START_TEST(test_parse_day)
{
    as_date_t d = parse_ok("2025-06-03");

    ck_assert_int_eq(d.year, 2025);
    ck_assert_int_eq(d.month, 6);
    ck_assert_int_eq(d.day, 3);
}
END_TEST

START_TEST(test_parse_leap_day)
{
    as_date_t d = parse_ok("2024-02-29");

    ck_assert_int_eq(d.year, 2024);
    ck_assert_int_eq(d.month, 2);
    ck_assert_int_eq(d.day, 29);
    d = parse_ok("2000-02-29"); /* divisible by 400: leap */
    ck_assert_int_eq(d.day, 29);
    parse_bad("1900-02-29"); /* divisible by 100 only: not leap */
}
END_TEST

START_TEST(test_parse_month_ends)
{
    parse_ok("2025-01-31");
    parse_ok("2025-04-30");
    parse_bad("2025-04-31");
    parse_ok("2025-12-31");
    parse_bad("2025-12-32");
    parse_bad("2025-06-00");
    parse_bad("2025-00");
}
END_TEST

START_TEST(test_reject_invalid)
{
    parse_bad("2025-13-45");
    parse_bad("2025-13");
    parse_bad("2025-02-29");
    parse_bad("2025-1-01");
    parse_bad("");
    parse_bad("abcd");
    parse_bad("2025-06-");
    parse_bad("0000");
    parse_bad(" 2025");
    parse_bad("2025 ");
    parse_bad("2025/06/03");
    parse_bad("20250603");
    parse_bad("2025-06-03x");
    parse_bad("202a");
}
END_TEST

/* Parse text with as_date_parse_timestamp(), which must succeed, and
 * check the date kept. */
static void stamp_ok(const char *text, int year, int month, int day)
{
    as_date_t d = {-1, -1, -1};
    const char *why = "unset";

    ck_assert_msg(as_date_parse_timestamp(text, &d, &why) == AS_OK,
                  "'%s' refused: %s", text, why ? why : "");
    ck_assert_ptr_null(why);
    ck_assert_int_eq(d.year, year);
    ck_assert_int_eq(d.month, month);
    ck_assert_int_eq(d.day, day);
}

/* as_date_parse_timestamp() of text must fail with a reason holding
 * want, and clear the date. */
static void stamp_bad(const char *text, const char *want)
{
    as_date_t d = {7, 7, 7};
    const char *why = NULL;

    ck_assert_msg(as_date_parse_timestamp(text, &d, &why) == AS_ERR_FORMAT,
                  "'%s' was accepted", text);
    ck_assert_msg(why && strstr(why, want), "'%s': %s", text,
                  why ? why : "no reason");
    ck_assert_int_eq(d.year, 0);
    ck_assert_int_eq(d.month, 0);
    ck_assert_int_eq(d.day, 0);
}

START_TEST(test_timestamp_day_as_written)
{
    /* the dates alone, as as_date_parse() */
    stamp_ok("2025", 2025, 0, 0);
    stamp_ok("2025-06", 2025, 6, 0);
    stamp_ok("2025-06-03", 2025, 6, 3);
    /* RFC 3339, ISO 8601 and the forms exports write: the day as written,
     * whatever the zone (no conversion to UTC) */
    stamp_ok("2024-03-03T10:00:00Z", 2024, 3, 3);
    stamp_ok("2024-03-03T10:00:00+09:00", 2024, 3, 3);
    stamp_ok("2024-03-03T23:30:00-05:00", 2024, 3, 3);
    stamp_ok("2024-03-03T00:30:00+14:00", 2024, 3, 3);
    stamp_ok("2024-03-03 10:00", 2024, 3, 3);
    stamp_ok("2024-03-03T10:00", 2024, 3, 3);
    stamp_ok("2024-03-03t10:00:00z", 2024, 3, 3);
    stamp_ok("2024-03-03T10:00:00.123456Z", 2024, 3, 3);
    stamp_ok("2024-03-03T10:00:00,5+01:00", 2024, 3, 3);
    stamp_ok("2024-03-03T10:00:00+0900", 2024, 3, 3);
    stamp_ok("2024-03-03T10:00+09", 2024, 3, 3);
    stamp_ok("2016-12-31T23:59:60Z", 2016, 12, 31); /* a leap second */
    stamp_ok("2024-02-29T12:00:00Z", 2024, 2, 29);
}
END_TEST

START_TEST(test_timestamp_bad)
{
    /* a date's own reason comes first */
    stamp_bad("2025-13", "month");
    stamp_bad("2025-02-29T10:00:00Z", "day does not exist");
    stamp_bad("2025-13-01T10:00:00Z", "month");
    /* a time that is not one */
    stamp_bad("2024-03-03T25:00:00Z", "time of day");
    stamp_bad("2024-03-03T10:60", "time of day");
    stamp_bad("2024-03-03T10:00:61Z", "time of day");
    stamp_bad("2024-03-03T10", "time of day");
    stamp_bad("2024-03-03T", "time of day");
    stamp_bad("2024-03-03T10:00:00.Z", "time of day");
    stamp_bad("2024-03-03T10:00:00 UTC", "time of day");
    /* a time zone that is not one: said so, not the time */
    stamp_bad("2024-03-03T10:00:00+9", "time zone");
    stamp_bad("2024-03-03T10:00:00+09:", "time zone");
    stamp_bad("2024-03-03T10:00:00+24:00", "time zone");
    stamp_bad("2024-03-03T10:00:00+25:00", "time zone");
    stamp_bad("2024-03-03T10:00:00+09:60", "time zone");
    stamp_bad("2024-03-03T10:00:00Z ", "time zone");
    stamp_bad("2024-03-03  10:00", "time of day");
    /* other ways to write a date stay errors */
    stamp_bad("Sun, 03 Mar 2024 10:00:00 GMT", "timestamp");
    stamp_bad("20240303T100000Z", "timestamp");
    stamp_bad("2024-03T10:00", "timestamp");
    stamp_bad("1709460000", "timestamp");
    stamp_bad("03/03/2024", "timestamp");
    stamp_bad("", "timestamp");
}
END_TEST

START_TEST(test_timestamp_not_a_query_date)
{
    /* as_date_parse() (the dates of a query) refuses a timestamp, and
     * says to give the day alone; other errors say what they said */
    as_date_t d;
    const char *why = NULL;

    parse_bad("2024-03-03T10:00:00Z");
    parse_bad("2024-03-03 10:00");
    ck_assert_int_eq(as_date_parse("2024-03-03T10:00", &d, &why),
                     AS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(why, "give the day alone (YYYY-MM-DD)"));
    ck_assert_int_eq(as_date_parse("2024-03-03T25:00", &d, &why),
                     AS_ERR_FORMAT);
    ck_assert_str_eq(why, "expected YYYY, YYYY-MM or YYYY-MM-DD");
    ck_assert_int_eq(as_date_parse("2024-3-3", &d, &why), AS_ERR_FORMAT);
    ck_assert_str_eq(why, "expected YYYY, YYYY-MM or YYYY-MM-DD");
}
END_TEST

START_TEST(test_why_month)
{
    as_date_t d;
    const char *why = NULL;

    ck_assert_int_eq(as_date_parse("2025-13-45", &d, &why), AS_ERR_FORMAT);
    ck_assert_ptr_nonnull(why);
    ck_assert_ptr_nonnull(strstr(why, "month"));
}
END_TEST

START_TEST(test_why_day)
{
    as_date_t d;
    const char *why = NULL;

    ck_assert_int_eq(as_date_parse("2025-02-29", &d, &why), AS_ERR_FORMAT);
    ck_assert_ptr_nonnull(why);
    ck_assert_ptr_nonnull(strstr(why, "day"));
}
END_TEST

START_TEST(test_why_null_allowed)
{
    as_date_t d = {1, 1, 1};

    ck_assert_int_eq(as_date_parse("nope", &d, NULL), AS_ERR_FORMAT);
    ck_assert_int_eq(d.year, 0);
    ck_assert_int_eq(as_date_parse("1999", &d, NULL), AS_OK);
    ck_assert_int_eq(d.year, 1999);
}
END_TEST

START_TEST(test_first_last_year)
{
    as_date_t d = parse_ok("2025");

    ck_assert_int_eq(as_date_first_day(&d), 20250101L);
    ck_assert_int_eq(as_date_last_day(&d), 20251231L);
}
END_TEST

START_TEST(test_first_last_month)
{
    as_date_t d = parse_ok("2025-06");

    ck_assert_int_eq(as_date_first_day(&d), 20250601L);
    ck_assert_int_eq(as_date_last_day(&d), 20250630L);

    d = parse_ok("2024-02");
    ck_assert_int_eq(as_date_first_day(&d), 20240201L);
    ck_assert_int_eq(as_date_last_day(&d), 20240229L);

    d = parse_ok("2025-02");
    ck_assert_int_eq(as_date_last_day(&d), 20250228L);
}
END_TEST

START_TEST(test_first_last_day)
{
    as_date_t d = parse_ok("2025-06-03");

    ck_assert_int_eq(as_date_first_day(&d), 20250603L);
    ck_assert_int_eq(as_date_last_day(&d), 20250603L);
}
END_TEST

START_TEST(test_first_last_none)
{
    as_date_t d = {0, 0, 0};

    ck_assert_int_eq(as_date_first_day(&d), 0);
    ck_assert_int_eq(as_date_last_day(&d), 0);
}
END_TEST

START_TEST(test_days_in_month)
{
    ck_assert_int_eq(as_date_days_in_month(2025, 1), 31);
    ck_assert_int_eq(as_date_days_in_month(2025, 2), 28);
    ck_assert_int_eq(as_date_days_in_month(2024, 2), 29);
    ck_assert_int_eq(as_date_days_in_month(1900, 2), 28);
    ck_assert_int_eq(as_date_days_in_month(2000, 2), 29);
    ck_assert_int_eq(as_date_days_in_month(2025, 9), 30);
    ck_assert_int_eq(as_date_days_in_month(2025, 12), 31);
}
END_TEST

START_TEST(test_format_round_trip)
{
    static const char *const texts[] = {"2025", "2025-06",    "2025-06-03",
                                        "0001", "9999-12-31", "2024-02-29"};

    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        as_date_t d = parse_ok(texts[i]);
        char buf[AS_DATE_BUFSIZE];

        memset(buf, 'x', sizeof buf);
        as_date_format(&d, buf);
        ck_assert_str_eq(buf, texts[i]);
    }
}
END_TEST

START_TEST(test_format_pads)
{
    as_date_t d = {812, 3, 4};
    char buf[AS_DATE_BUFSIZE];

    as_date_format(&d, buf);
    ck_assert_str_eq(buf, "0812-03-04");
}
END_TEST

START_TEST(test_format_empty)
{
    as_date_t d = {0, 0, 0};
    char buf[AS_DATE_BUFSIZE] = "garbage";

    as_date_format(&d, buf);
    ck_assert_str_eq(buf, "");
}
END_TEST

Suite *date_suite(void);

Suite *date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("parse");

    tcase_add_test(tc, test_parse_year);
    tcase_add_test(tc, test_parse_fullwidth);
    tcase_add_test(tc, test_parse_month);
    tcase_add_test(tc, test_parse_day);
    tcase_add_test(tc, test_parse_leap_day);
    tcase_add_test(tc, test_parse_month_ends);
    tcase_add_test(tc, test_reject_invalid);
    tcase_add_test(tc, test_why_month);
    tcase_add_test(tc, test_why_day);
    tcase_add_test(tc, test_why_null_allowed);
    tcase_add_test(tc, test_timestamp_day_as_written);
    tcase_add_test(tc, test_timestamp_bad);
    tcase_add_test(tc, test_timestamp_not_a_query_date);
    suite_add_tcase(s, tc);

    tc = tcase_create("period");
    tcase_add_test(tc, test_first_last_year);
    tcase_add_test(tc, test_first_last_month);
    tcase_add_test(tc, test_first_last_day);
    tcase_add_test(tc, test_first_last_none);
    tcase_add_test(tc, test_days_in_month);
    suite_add_tcase(s, tc);

    tc = tcase_create("format");
    tcase_add_test(tc, test_format_round_trip);
    tcase_add_test(tc, test_format_pads);
    tcase_add_test(tc, test_format_empty);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(date_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
