/* check_fold.c - unit tests of fold.h: the form words are indexed in. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

/* s folded with the elisions of language (NULL: none); a new string. */
static char *fold(const char *s, const char *language)
{
    char *out = (char *)"unset";
    size_t len = 99;

    ck_assert_int_eq(
        as_fold(s, strlen(s), as_fold_elisions(language), &out, &len, NULL),
        AS_OK);
    if (!out) {
        ck_assert_uint_eq(len, 0);
        out = strdup(s);
        ck_assert_ptr_nonnull(out);
    } else {
        ck_assert_uint_eq(strlen(out), len);
    }
    return out;
}

static void folds_to(const char *s, const char *language, const char *expected)
{
    char *out = fold(s, language), *again;

    ck_assert_msg(strcmp(out, expected) == 0, "'%s' folded to '%s', not '%s'",
                  s, out, expected);
    again = fold(out, language);
    ck_assert_msg(strcmp(again, out) == 0, "'%s' folded again to '%s'", out,
                  again);
    free(again);
    free(out);
}

/* What needs no folding is handed back as NULL (the caller keeps it). */
static void unchanged(const char *s, const char *language)
{
    char *out = (char *)"unset";
    size_t len = 99;

    ck_assert_int_eq(
        as_fold(s, strlen(s), as_fold_elisions(language), &out, &len, NULL),
        AS_OK);
    ck_assert_msg(out == NULL, "'%s' folded to '%s'", s, out ? out : "");
    ck_assert_uint_eq(len, 0);
}

START_TEST(test_plain_text_unchanged)
{
    unchanged("", NULL);
    unchanged("The Bank of Japan's rate, 1.5%", NULL);
    unchanged("don't", "english");
    unchanged("caf\xC3\xA9 na\xC3\xAFve \xE6\x9D\xB1\xE4\xBA\xAC", NULL);
    unchanged("aujourd'hui", "french"); /* not an elision */
    unchanged("l'", "french");          /* nothing after it */
    unchanged("l'2024", "french");      /* not before a letter */
}
END_TEST

START_TEST(test_compatibility_forms)
{
    /* fullwidth NHK, the ligature fi, long s, superscript two */
    folds_to("\xEF\xBC\xAE\xEF\xBC\xA8\xEF\xBC\xAB", NULL, "NHK");
    folds_to("\xEF\xAC\x81nance", NULL, "finance");
    folds_to("\xC5\xBF", NULL, "s");
    folds_to("m\xC2\xB2", NULL, "m2");
    /* halfwidth katakana with the voiced mark: one composed character */
    folds_to("\xEF\xBD\xB6\xEF\xBE\x9E\xEF\xBD\xBD", NULL,
             "\xE3\x82\xAC\xE3\x82\xB9");
    /* a fullwidth letter and a combining mark after it: composed too */
    folds_to("\xEF\xBC\xA5\xCC\x81t\xC3\xA9", NULL, "\xC3\x89t\xC3\xA9");
    folds_to("\xEF\xBD\xB6\xE3\x82\x99", NULL, "\xE3\x82\xAC");
    /* not letters, or not letters only: kept */
    unchanged("\xC2\xBD \xE2\x84\xA2 \xE3\x8E\x9E", NULL);
    /* Hangul compatibility jamo are kept */
    unchanged("\xE3\x84\xB1", NULL);
}
END_TEST

START_TEST(test_case_forms)
{
    folds_to("Stra\xC3\x9F"
             "e",
             NULL, "Strasse");
    folds_to("\xE1\xBA\x9E", NULL, "SS");
    /* final sigma as sigma, capitals kept */
    folds_to("\xCF\x84\xCE\xBF\xCF\x85\xCF\x82", NULL,
             "\xCF\x84\xCE\xBF\xCF\x85\xCF\x83");
    unchanged("\xCE\xA4\xCE\x9F\xCE\xA5\xCE\xA3", NULL);
}
END_TEST

START_TEST(test_apostrophes)
{
    folds_to("don\xE2\x80\x98t", NULL, "don\xE2\x80\x99t");
    folds_to("don\xCA\xBCt", NULL, "don\xE2\x80\x99t");
    unchanged("don\xE2\x80\x99t", NULL);
}
END_TEST

START_TEST(test_elisions)
{
    folds_to("l'\xC3\xA9"
             "conomie",
             "french",
             "\xC3\xA9"
             "conomie");
    folds_to("de L\xE2\x80\x99"
             "Europe",
             "french", "de Europe");
    folds_to("qu'il jusqu'ici", "fr", "il ici");
    folds_to("(d'abord)", "french", "(abord)");
    folds_to("l'l'x", "french", "x");
    folds_to("dell'Europa", "italian", "Europa");
    folds_to("l\xCA\xBC"
             "aigua",
             "catalan", "aigua");
    /* not at a word's start, or not an elision */
    folds_to("xl'x", "french", "xl'x");
    folds_to("dell'Europa", "french", "dell'Europa");
    unchanged("l'economy", "english");
    unchanged("l'economy", NULL);
    ck_assert_ptr_null(as_fold_elisions("english"));
    ck_assert_ptr_null(as_fold_elisions(NULL));
    ck_assert_ptr_nonnull(as_fold_elisions("french"));
}
END_TEST

START_TEST(test_map)
{
    /* "ｆｉx l'été": each folded byte says where its character starts */
    const char *s = "\xEF\xBD\x86\xEF\xAC\x81x l'\xC3\xA9t\xC3\xA9";
    char *out;
    size_t len, *map;

    ck_assert_int_eq(
        as_fold(s, strlen(s), as_fold_elisions("french"), &out, &len, &map),
        AS_OK);
    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, "ffix \xC3\xA9t\xC3\xA9");
    ck_assert_uint_eq(map[0], 0); /* f from the fullwidth f */
    ck_assert_uint_eq(map[1], 3); /* fi from the ligature */
    ck_assert_uint_eq(map[2], 3);
    ck_assert_uint_eq(map[3], 6);  /* x */
    ck_assert_uint_eq(map[4], 7);  /* the space */
    ck_assert_uint_eq(map[5], 10); /* e-acute after the elision */
    ck_assert_uint_eq(map[6], 10);
    ck_assert_uint_eq(map[len], strlen(s));
    free(out);
    free(map);

    /* text that needs no folding gets no map */
    map = (size_t *)&len;
    ck_assert_int_eq(as_fold("abc", 3, NULL, &out, &len, &map), AS_OK);
    ck_assert_ptr_null(out);
    ck_assert_ptr_null(map);
}
END_TEST

START_TEST(test_invalid_bytes_kept)
{
    char *out = fold("\xFF"
                     "Stra\xC3\x9F"
                     "e\xC3",
                     NULL);

    ck_assert_str_eq(out, "\xFF"
                          "Strasse\xC3");
    free(out);
}
END_TEST

/* as_fold_plain() of s must be expected (NULL: no accent to drop). */
static void plain_is(const char *s, const char *expected)
{
    char *out = (char *)"unset";
    size_t len = 99;

    ck_assert_int_eq(as_fold_plain(s, strlen(s), &out, &len), AS_OK);
    if (!expected) {
        ck_assert_msg(out == NULL, "'%s' became '%s'", s, out ? out : "");
        ck_assert_uint_eq(len, 0);
        return;
    }
    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, expected);
    ck_assert_uint_eq(len, strlen(expected));
    free(out);
}

START_TEST(test_plain_letters)
{
    plain_is("cafe", NULL);
    plain_is("caf\303\251", "cafe");                 /* café */
    plain_is("Z\303\274rich", "Zurich");             /* Zürich */
    plain_is("shinz\305\215", "shinzo");             /* shinzō */
    plain_is("erdo\304\237an", "erdogan");           /* erdoğan */
    plain_is("\305\201\303\263d\305\272", "Lodz");   /* Łódź */
    plain_is("k\304\261l\304\261\303\247", "kilic"); /* kılıç */
    plain_is("vi\341\273\207t", "viet");             /* việt, two marks */
    plain_is("cafe\314\201", "cafe");                /* e and U+0301 */
    plain_is("stra\303\237e", NULL);                 /* ß is folded apart */
    /* other scripts keep their marks: different letters */
    plain_is("\343\201\214", NULL);             /* が */
    plain_is("\320\274\320\276\320\271", NULL); /* мой */
    plain_is("\316\254", NULL);                 /* Greek ά */
    plain_is("\303\246", NULL);                 /* æ stays */
    plain_is("", NULL);
}
END_TEST

static Suite *fold_suite(void)
{
    Suite *s = suite_create("fold");
    TCase *tc = tcase_create("fold");

    tcase_add_test(tc, test_plain_text_unchanged);
    tcase_add_test(tc, test_compatibility_forms);
    tcase_add_test(tc, test_case_forms);
    tcase_add_test(tc, test_apostrophes);
    tcase_add_test(tc, test_elisions);
    tcase_add_test(tc, test_map);
    tcase_add_test(tc, test_invalid_bytes_kept);
    tcase_add_test(tc, test_plain_letters);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fold_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
