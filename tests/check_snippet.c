/* check_snippet.c - unit tests of snippet.h: choosing snippets, and marked
 * snippets to spans. */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <stdio.h>
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

/* Choose a snippet of text into sn, target bytes long: words are runs of
 * ASCII letters and digits; a word listed in matches (NULL-terminated
 * "word", "weight" pairs) matched, as term number = its pair's index. */
static void choose(const char *text, size_t target, const char *const *matches)
{
    as_snippet_word_t words[512];
    size_t n = 0, i = 0, len = strlen(text), n_terms = 0;

    while (matches && matches[2 * n_terms])
        n_terms++;
    while (i < len) {
        size_t start;
        if (!isalnum((unsigned char)text[i]) && (unsigned char)text[i] < 0x80) {
            i++;
            continue;
        }
        start = i;
        while (i < len && (isalnum((unsigned char)text[i]) ||
                           (unsigned char)text[i] >= 0x80))
            i++;
        ck_assert_uint_lt(n, 512);
        words[n].start = start;
        words[n].end = i;
        words[n].term = 0;
        words[n].weight = 0;
        for (size_t t = 0; t < n_terms; t++) {
            if (strlen(matches[2 * t]) == i - start &&
                memcmp(matches[2 * t], text + start, i - start) == 0) {
                words[n].term = t;
                words[n].weight = strtod(matches[2 * t + 1], NULL);
            }
        }
        n++;
    }
    ck_assert_int_eq(
        as_snippet_choose(text, len, target, words, n, n_terms, &sn), AS_OK);
    ck_assert_ptr_nonnull(sn.text);
    ck_assert_uint_eq(sn.len, strlen(sn.text));
}

#define ELLIPSIS "\xE2\x80\xA6"

/* "word " repeated n times, then tail, into a static buffer. */
static const char *filler(const char *word, int n, const char *tail)
{
    static char buf[8192];
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        strcat(buf, word);
        strcat(buf, " ");
    }
    strcat(buf, tail);
    return buf;
}

START_TEST(test_choose_short_text_whole)
{
    static const char *const m[] = {"harbour", "2", NULL};
    choose("The harbour lease, renewed.", 300, m);
    ck_assert_str_eq(sn.text, "The harbour lease, renewed.");
    ck_assert_uint_eq(sn.n_spans, 1);
    span_is(0, 4, 11, "harbour");
}
END_TEST

START_TEST(test_choose_cuts_around_match)
{
    static const char *const m[] = {"treaty", "3", NULL};
    char text[4096];
    snprintf(text, sizeof text, "%s",
             filler("lorem", 100, "the treaty was signed "));
    strcat(text, filler("ipsum", 100, "end."));
    choose(text, 100, m);
    ck_assert_msg(strncmp(sn.text, ELLIPSIS, 3) == 0, "starts with ...: %s",
                  sn.text);
    ck_assert_msg(sn.len >= 6 && strcmp(sn.text + sn.len - 3, ELLIPSIS) == 0,
                  "ends with ...: %s", sn.text);
    ck_assert_uint_le(sn.len, 100 + 6);
    ck_assert_ptr_nonnull(strstr(sn.text, "the treaty was signed"));
    ck_assert_uint_eq(sn.n_spans, 1);
    ck_assert_int_eq(memcmp(sn.text + sn.spans[0].start, "treaty", 6), 0);
    /* context before the match, not only after it */
    ck_assert_uint_gt(sn.spans[0].start, 20);
}
END_TEST

START_TEST(test_choose_more_distinct_terms)
{
    static const char *const m[] = {"alpha", "1", "beta", "1",
                                    "gamma", "1", NULL};
    char text[4096];
    snprintf(text, sizeof text, "alpha alpha %s",
             filler("x", 80, "beta gamma "));
    strcat(text, filler("y", 80, "end"));
    choose(text, 60, m);
    ck_assert_ptr_nonnull(strstr(sn.text, "beta gamma"));
    ck_assert_ptr_null(strstr(sn.text, "alpha"));
}
END_TEST

START_TEST(test_choose_rare_term_wins)
{
    static const char *const m[] = {"common", "0.1", "rare", "5", NULL};
    char text[4096];
    snprintf(text, sizeof text, "%s", filler("common", 10, ""));
    strcat(text, filler("z", 100, "rare "));
    strcat(text, filler("z", 100, "."));
    choose(text, 60, m);
    ck_assert_ptr_nonnull(strstr(sn.text, "rare"));
}
END_TEST

START_TEST(test_choose_adjacent_matches_one_span)
{
    static const char *const m[] = {"nuclear", "2", "umbrella", "2", NULL};
    choose("Allies relied on the nuclear umbrella for decades.", 300, m);
    ck_assert_uint_eq(sn.n_spans, 1);
    span_is(0, 21, 37, "nuclear umbrella");
}
END_TEST

START_TEST(test_choose_hyphen_and_slash_join_matches)
{
    static const char *const m[] = {"e", "2", "mail", "2", "9", "2", "11",
                                    "2", "G", "2",    "7", "2", NULL};
    choose("An e-mail on 9/11 to G--7, G 7, e / mail.", 300, m);
    ck_assert_uint_eq(sn.n_spans, 7);
    span_is(0, 3, 9, "e-mail");
    span_is(1, 13, 17, "9/11");
    span_is(2, 21, 22, "G");
    span_is(3, 24, 25, "7");
    span_is(4, 27, 30, "G 7");
    span_is(5, 32, 33, "e");
    span_is(6, 36, 40, "mail");
}
END_TEST

START_TEST(test_choose_no_match_starts_at_start)
{
    choose(filler("word", 100, "end"), 50, NULL);
    ck_assert_int_eq(strncmp(sn.text, "word word", 9), 0);
    ck_assert_int_eq(strcmp(sn.text + sn.len - 3, ELLIPSIS), 0);
    ck_assert_uint_eq(sn.n_spans, 0);
}
END_TEST

START_TEST(test_choose_earliest_of_equals)
{
    static const char *const m[] = {"key", "1", NULL};
    char text[4096];
    snprintf(text, sizeof text, "%s", filler("a", 60, "key one "));
    strcat(text, filler("b", 60, "key two "));
    strcat(text, filler("c", 60, "."));
    choose(text, 40, m);
    ck_assert_ptr_nonnull(strstr(sn.text, "key one"));
}
END_TEST

START_TEST(test_choose_long_word_cut_at_character)
{
    char text[1200];
    size_t o = 0;
    /* one 1000-byte word of two-byte characters */
    for (int i = 0; i < 500; i++) {
        text[o++] = '\xC3';
        text[o++] = '\xA9';
    }
    text[o] = '\0';
    choose(text, 101, NULL);
    ck_assert_uint_le(sn.len, 101 + 3);
    /* 100 bytes of whole characters, then the ellipsis */
    ck_assert_uint_eq(sn.len, 100 + 3);
    ck_assert_int_eq(strcmp(sn.text + 100, ELLIPSIS), 0);
}
END_TEST

/* A long word of letters with marks (Thai: a consonant, a tone mark and
 * a vowel, 9 bytes a syllable) is cut between syllables, never between a
 * letter and its marks. */
START_TEST(test_choose_long_word_cut_between_syllables)
{
    char text[1200];
    size_t o = 0;
    for (int i = 0; i < 120; i++) {
        memcpy(text + o, "\xE0\xB8\x81\xE0\xB9\x88\xE0\xB8\xB2", 9);
        o += 9;
    }
    text[o] = '\0';
    choose(text, 102, NULL);
    /* 11 whole syllables (99 bytes; 102 would end after a consonant, before
     * its marks), then the ellipsis */
    ck_assert_uint_eq(sn.len, 99 + 3);
    ck_assert_int_eq(strcmp(sn.text + 99, ELLIPSIS), 0);
}
END_TEST

/* A word one byte longer than the snippet is cut before its last byte,
 * and the cut is marked. */
START_TEST(test_choose_cut_one_byte_short)
{
    choose("abcdefghijk", 10, NULL);
    ck_assert_str_eq(sn.text, "abcdefghij" ELLIPSIS);
    ck_assert_uint_eq(sn.n_spans, 0);
}
END_TEST

START_TEST(test_choose_keeps_trailing_punctuation)
{
    static const char *const m[] = {"market", "1", NULL};
    char text[4096];
    snprintf(text, sizeof text, "%s", filler("w", 40, "the market. "));
    strcat(text, filler("v", 40, "."));
    choose(text, 40, m);
    ck_assert_ptr_nonnull(strstr(sn.text, "market."));
}
END_TEST

/* What is not words before the first word (a row of dashes or stars)
 * is context like any other: the best window stays whole. */
START_TEST(test_choose_no_words_before_the_first)
{
    static const char *const m[] = {"harbour", "1", "strike", "1", NULL};
    char text[4096] = "";
    for (int i = 0; i < 100; i++)
        strcat(text, "- ");
    strcat(text, "harbour workers met; after long talks a strike begins. ");
    strcat(text, filler("more", 40, "end."));
    choose(text, 100, m);
    ck_assert_ptr_nonnull(strstr(sn.text, "harbour workers"));
    ck_assert_uint_eq(sn.n_spans, 2);
    ck_assert_int_eq(memcmp(sn.text + sn.spans[1].start, "strike", 6), 0);

    /* and at the start of the text, an opening quote is kept */
    as_snippet_clear(&sn);
    snprintf(text, sizeof text, "%s", "\"harbour workers met\", a strike. ");
    strcat(text, filler("more", 40, "end."));
    choose(text, 60, m);
    ck_assert_msg(strncmp(sn.text, "\"harbour workers met\", a strike.", 32) ==
                      0,
                  "%s", sn.text);
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

    tc = tcase_create("choose");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_choose_short_text_whole);
    tcase_add_test(tc, test_choose_cuts_around_match);
    tcase_add_test(tc, test_choose_more_distinct_terms);
    tcase_add_test(tc, test_choose_rare_term_wins);
    tcase_add_test(tc, test_choose_adjacent_matches_one_span);
    tcase_add_test(tc, test_choose_hyphen_and_slash_join_matches);
    tcase_add_test(tc, test_choose_no_match_starts_at_start);
    tcase_add_test(tc, test_choose_earliest_of_equals);
    tcase_add_test(tc, test_choose_long_word_cut_at_character);
    tcase_add_test(tc, test_choose_cut_one_byte_short);
    tcase_add_test(tc, test_choose_long_word_cut_between_syllables);
    tcase_add_test(tc, test_choose_keeps_trailing_punctuation);
    tcase_add_test(tc, test_choose_no_words_before_the_first);
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
