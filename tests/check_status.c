/* check_status.c - unit tests of status.h: every status has its own
 * text, and an unknown one has a text too. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

START_TEST(test_every_status_its_own_text)
{
    for (int a = AS_OK; a <= AS_ERR_INTERNAL; a++) {
        const char *text = as_status_str((as_status_t)a);
        ck_assert_ptr_nonnull(text);
        ck_assert_uint_gt(strlen(text), 0);
        ck_assert_str_ne(text, "unknown status");
        for (int b = AS_OK; b < a; b++)
            ck_assert_str_ne(text, as_status_str((as_status_t)b));
    }
    ck_assert_str_eq(as_status_str(AS_OK), "success");
    ck_assert_str_eq(as_status_str(AS_ERR_NOMEM), "out of memory");
}
END_TEST

START_TEST(test_unknown_status)
{
    ck_assert_str_eq(as_status_str((as_status_t)(AS_ERR_INTERNAL + 1)),
                     "unknown status");
    ck_assert_str_eq(as_status_str((as_status_t)-1), "unknown status");
}
END_TEST

static Suite *status_suite(void)
{
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("text");

    tcase_add_test(tc, test_every_status_its_own_text);
    tcase_add_test(tc, test_unknown_status);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(status_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
