/* check_snippet.c - unit tests of snippet.h: marked snippets to spans. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "snippet.h"

#define HS AS_SNIPPET_HI_START
#define HE AS_SNIPPET_HI_END

static as_snippet_t sn;

static void setup(void)
{
    memset(&sn, 0, sizeof sn);
}

static void teardown(void)
{
    as_snippet_clear(&sn);
}

/* Convert the NUL-terminated marked text into sn. */
static void convert(const char *marked)
{
    ck_assert_int_eq(as_snippet_from_marked(marked, strlen(marked), &sn),
                     AS_OK);
    ck_assert_ptr_nonnull(sn.text);
    ck_assert_uint_eq(sn.len, strlen(sn.text));
}

/* Check span i of sn and that it covers the text expected. */
static void span_is(size_t i, size_t start, size_t end, const char *expected)
{
    ck_assert_uint_lt(i, sn.n_spans);
    ck_assert_uint_eq(sn.spans[i].start, start);
    ck_assert_uint_eq(sn.spans[i].end, end);
    ck_assert_uint_eq(strlen(expected), end - start);
    ck_assert_int_eq(memcmp(sn.text + start, expected, end - start), 0);
}

START_TEST(test_plain)
{
    convert("no highlights at all");
    ck_assert_str_eq(sn.text, "no highlights at all");
    ck_assert_uint_eq(sn.n_spans, 0);
}
END_TEST

START_TEST(test_one_span)
{
    convert("the " HS "quick" HE " fox");
    ck_assert_str_eq(sn.text, "the quick fox");
    ck_assert_uint_eq(sn.n_spans, 1);
    span_is(0, 4, 9, "quick");
}
END_TEST

START_TEST(test_spans_in_order)
{
    convert(HS "a" HE " b " HS "cd" HE " e " HS "fgh" HE);
    ck_assert_str_eq(sn.text, "a b cd e fgh");
    ck_assert_uint_eq(sn.n_spans, 3);
    span_is(0, 0, 1, "a");
    span_is(1, 4, 6, "cd");
    span_is(2, 9, 12, "fgh");
}
END_TEST

START_TEST(test_many_spans)
{
    /* more spans than any small initial allocation */
    char marked[20 * 4 + 1] = "";
    size_t i;

    for (i = 0; i < 20; i++)
        strcat(marked, HS "w" HE " ");
    convert(marked);
    ck_assert_uint_eq(sn.n_spans, 20);
    for (i = 0; i < 20; i++)
        span_is(i, 2 * i, 2 * i + 1, "w");
}
END_TEST

START_TEST(test_entities)
{
    convert("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;");
    ck_assert_str_eq(sn.text, "a & b <c> \"d\" 'e'");
}
END_TEST

START_TEST(test_entities_single_pass)
{
    convert("&amp;lt; &amp;amp;");
    ck_assert_str_eq(sn.text, "&lt; &amp;");
}
END_TEST

START_TEST(test_unknown_entity_kept)
{
    convert("AT&T &nbsp; & &amp");
    ck_assert_str_eq(sn.text, "AT&T &nbsp; & &amp");
}
END_TEST

START_TEST(test_spans_after_entities)
{
    /* offsets count the unescaped bytes */
    convert("&lt;&lt; x &amp; " HS "Tom&#39;s" HE " &gt;");
    ck_assert_str_eq(sn.text, "<< x & Tom's >");
    ck_assert_uint_eq(sn.n_spans, 1);
    span_is(0, 7, 12, "Tom's");
}
END_TEST

START_TEST(test_entity_inside_span)
{
    convert(HS "R&amp;D" HE " spending");
    ck_assert_str_eq(sn.text, "R&D spending");
    span_is(0, 0, 3, "R&D");
}
END_TEST

START_TEST(test_unbalanced_end)
{
    convert("stray " HE "end and " HS "ok" HE);
    ck_assert_str_eq(sn.text, "stray end and ok");
    ck_assert_uint_eq(sn.n_spans, 1);
    span_is(0, 14, 16, "ok");
}
END_TEST

START_TEST(test_unbalanced_start)
{
    convert(HS "hit" HE " then " HS "never closed");
    ck_assert_str_eq(sn.text, "hit then never closed");
    ck_assert_uint_eq(sn.n_spans, 1);
    span_is(0, 0, 3, "hit");
}
END_TEST

START_TEST(test_empty_span_dropped)
{
    convert("a" HS HE "b");
    ck_assert_str_eq(sn.text, "ab");
    ck_assert_uint_eq(sn.n_spans, 0);
}
END_TEST

START_TEST(test_multibyte_offsets)
{
    /* "Café " is 6 bytes, "“naïve”" is 3 + 6 + 3 bytes */
    convert("Caf\xC3\xA9 " HS "\xE2\x80\x9Cna\xC3\xAFve\xE2\x80\x9D" HE
            " \xE6\x97\xA5\xE6\x9C\xAC " HS "\xE6\x97\xA5" HE);
    ck_assert_str_eq(sn.text, "Caf\xC3\xA9 \xE2\x80\x9Cna\xC3\xAFve"
                              "\xE2\x80\x9D \xE6\x97\xA5\xE6\x9C\xAC "
                              "\xE6\x97\xA5");
    ck_assert_uint_eq(sn.n_spans, 2);
    span_is(0, 6, 18, "\xE2\x80\x9Cna\xC3\xAFve\xE2\x80\x9D");
    span_is(1, 26, 29, "\xE6\x97\xA5");
}
END_TEST

START_TEST(test_length_respected)
{
    /* only len bytes are read: the span end beyond it does not count */
    const char *marked = "abc " HS "def" HE;

    ck_assert_int_eq(as_snippet_from_marked(marked, 8, &sn), AS_OK);
    ck_assert_str_eq(sn.text, "abc def");
    ck_assert_uint_eq(sn.len, 7);
    ck_assert_uint_eq(sn.n_spans, 0);
}
END_TEST

START_TEST(test_truncated_entity)
{
    const char *marked = "x &amp;";

    ck_assert_int_eq(as_snippet_from_marked(marked, 5, &sn), AS_OK);
    ck_assert_str_eq(sn.text, "x &am");
}
END_TEST

START_TEST(test_empty)
{
    convert("");
    ck_assert_str_eq(sn.text, "");
    ck_assert_uint_eq(sn.len, 0);
    ck_assert_uint_eq(sn.n_spans, 0);
}
END_TEST

START_TEST(test_clear)
{
    convert(HS "x" HE);
    as_snippet_clear(&sn);
    ck_assert_ptr_null(sn.text);
    ck_assert_ptr_null(sn.spans);
    ck_assert_uint_eq(sn.n_spans, 0);
    ck_assert_uint_eq(sn.len, 0);
    as_snippet_clear(&sn); /* an empty snippet is accepted */
}
END_TEST

Suite *snippet_suite(void);

Suite *snippet_suite(void)
{
    Suite *s = suite_create("snippet");
    TCase *tc = tcase_create("spans");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_plain);
    tcase_add_test(tc, test_one_span);
    tcase_add_test(tc, test_spans_in_order);
    tcase_add_test(tc, test_many_spans);
    tcase_add_test(tc, test_unbalanced_end);
    tcase_add_test(tc, test_unbalanced_start);
    tcase_add_test(tc, test_empty_span_dropped);
    tcase_add_test(tc, test_multibyte_offsets);
    tcase_add_test(tc, test_length_respected);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_clear);
    suite_add_tcase(s, tc);

    tc = tcase_create("entities");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_entities);
    tcase_add_test(tc, test_entities_single_pass);
    tcase_add_test(tc, test_unknown_entity_kept);
    tcase_add_test(tc, test_spans_after_entities);
    tcase_add_test(tc, test_entity_inside_span);
    tcase_add_test(tc, test_truncated_entity);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(snippet_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
