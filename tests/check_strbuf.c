/* check_strbuf.c - unit tests of strbuf.h: appending, growth and the
 * sticky failure flag. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

START_TEST(test_empty)
{
    as_strbuf_t b = AS_STRBUF_INIT;

    ck_assert_ptr_null(b.s);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_int_eq(b.failed, 0);
    /* appending nothing still gives a string */
    as_strbuf_put(&b, "", 0);
    ck_assert_ptr_nonnull(b.s);
    ck_assert_str_eq(b.s, "");
    free(b.s);
}
END_TEST

START_TEST(test_put_and_puts)
{
    as_strbuf_t b = AS_STRBUF_INIT;

    as_strbuf_puts(&b, "strategic");
    as_strbuf_put(&b, " autonomy!", 9);
    ck_assert_str_eq(b.s, "strategic autonomy");
    ck_assert_uint_eq(b.len, 18);
    /* bytes, not strings: a NUL byte is kept and counted */
    as_strbuf_put(&b, "a\0b", 3);
    ck_assert_uint_eq(b.len, 21);
    ck_assert_int_eq(memcmp(b.s + 18, "a\0b", 4), 0);
    free(b.s);
}
END_TEST

START_TEST(test_growth_keeps_content)
{
    as_strbuf_t b = AS_STRBUF_INIT;
    char expect[5001];

    for (int i = 0; i < 5000; i++) {
        char c = (char)('a' + i % 26);
        as_strbuf_put(&b, &c, 1);
        expect[i] = c;
    }
    expect[5000] = '\0';
    ck_assert_int_eq(b.failed, 0);
    ck_assert_uint_eq(b.len, 5000);
    ck_assert_uint_ge(b.cap, 5001);
    ck_assert_str_eq(b.s, expect);
    free(b.s);
}
END_TEST

START_TEST(test_failure_is_sticky)
{
    as_strbuf_t b = AS_STRBUF_INIT;

    as_strbuf_puts(&b, "kept");
    /* a size that cannot be allocated (nor computed without overflow) */
    as_strbuf_put(&b, "x", SIZE_MAX - 2);
    ck_assert_int_eq(b.failed, 1);
    as_strbuf_put(&b, "x", SIZE_MAX / 2);
    ck_assert_int_eq(b.failed, 1);
    /* later appends do nothing; what was there stays */
    as_strbuf_puts(&b, " more");
    ck_assert_uint_eq(b.len, 4);
    ck_assert_str_eq(b.s, "kept");
    free(b.s);
}
END_TEST

static Suite *strbuf_suite(void)
{
    Suite *s = suite_create("strbuf");
    TCase *tc = tcase_create("append");

    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_put_and_puts);
    tcase_add_test(tc, test_growth_keeps_content);
    tcase_add_test(tc, test_failure_is_sticky);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(strbuf_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
