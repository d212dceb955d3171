/* check_text.c - unit tests of text.h: UTF-8 checks, repair, squeezing. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define FFFD "\xEF\xBF\xBD"

/* Offset of the first invalid byte of the NUL-terminated s. */
static size_t check_str(const char *s)
{
    return as_utf8_check(s, strlen(s));
}

/* Repair s[0..len); returns the new string (free it) and the count. */
static char *repair(const char *s, size_t len, size_t *nbad)
{
    char *out = (char *)"unset";

    ck_assert_int_eq(as_utf8_repair(s, len, &out, nbad), AS_OK);
    ck_assert_ptr_nonnull(out);
    return out;
}

/* Squeeze a copy of s and compare with expected. */
static void squeeze_is(const char *s, const char *expected)
{
    char *copy = strdup(s);

    ck_assert_ptr_nonnull(copy);
    as_text_squeeze(copy);
    ck_assert_msg(strcmp(copy, expected) == 0,
                  "squeeze gave '%s', expected '%s'", copy, expected);
    free(copy);
}

START_TEST(test_seq_lengths)
{
    unsigned long cp = 0;

    ck_assert_uint_eq(as_utf8_seq((const unsigned char *)"A", 1, &cp), 1);
    ck_assert_uint_eq(cp, 0x41);
    ck_assert_uint_eq(as_utf8_seq((const unsigned char *)"\xC3\xA9", 2, &cp),
                      2);
    ck_assert_uint_eq(cp, 0xE9);
    ck_assert_uint_eq(
        as_utf8_seq((const unsigned char *)"\xE2\x82\xAC", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x20AC);
    ck_assert_uint_eq(
        as_utf8_seq((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x1F600);
}
END_TEST

START_TEST(test_seq_invalid)
{
    /* overlong, surrogate, above U+10FFFF, truncated, lone continuation */
    ck_assert_uint_eq(as_utf8_seq((const unsigned char *)"\xC0\x80", 2, NULL),
                      0);
    ck_assert_uint_eq(
        as_utf8_seq((const unsigned char *)"\xE0\x80\x80", 3, NULL), 0);
    ck_assert_uint_eq(
        as_utf8_seq((const unsigned char *)"\xED\xA0\x80", 3, NULL), 0);
    ck_assert_uint_eq(
        as_utf8_seq((const unsigned char *)"\xF4\x90\x80\x80", 4, NULL), 0);
    ck_assert_uint_eq(
        as_utf8_seq((const unsigned char *)"\xE2\x82\xAC", 2, NULL), 0);
    ck_assert_uint_eq(as_utf8_seq((const unsigned char *)"\x80", 1, NULL), 0);
    ck_assert_uint_eq(as_utf8_seq((const unsigned char *)"", 0, NULL), 0);
}
END_TEST

START_TEST(test_check_valid)
{
    const char *s = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 plain";

    ck_assert_uint_eq(check_str(s), strlen(s));
    ck_assert_uint_eq(as_utf8_check("", 0), 0);
    /* an embedded NUL is valid UTF-8 */
    ck_assert_uint_eq(as_utf8_check("a\0b", 3), 3);
}
END_TEST

START_TEST(test_check_overlong)
{
    ck_assert_uint_eq(check_str("abc\xC0\x80"
                                "def"),
                      3);
    ck_assert_uint_eq(check_str("\xC1\xBF"), 0);
}
END_TEST

START_TEST(test_check_surrogate)
{
    ck_assert_uint_eq(check_str("ok \xED\xA0\x80 no"), 3);
    /* U+D7FF, just below the surrogates, is fine */
    ck_assert_uint_eq(check_str("\xED\x9F\xBF"), 3);
}
END_TEST

START_TEST(test_check_truncated)
{
    /* a three-byte sequence with its last byte missing, at the end */
    ck_assert_uint_eq(as_utf8_check("ab\xE2\x82", 4), 2);
    /* and in the middle, followed by ASCII */
    ck_assert_uint_eq(check_str("\xC3\xA9\xE2\x82x"), 2);
}
END_TEST

START_TEST(test_check_f5)
{
    ck_assert_uint_eq(check_str("12345\xF5\x80\x80\x80"), 5);
    ck_assert_uint_eq(check_str("\xFF"), 0);
}
END_TEST

START_TEST(test_check_len_limits)
{
    /* only len bytes are looked at */
    ck_assert_uint_eq(as_utf8_check("ab\xFF", 2), 2);
}
END_TEST

START_TEST(test_repair_valid)
{
    const char *s = "caf\xC3\xA9 ok";
    size_t nbad = 99;
    char *out = repair(s, strlen(s), &nbad);

    ck_assert_str_eq(out, s);
    ck_assert_uint_eq(nbad, 0);
    free(out);
}
END_TEST

START_TEST(test_repair_each_byte)
{
    size_t nbad = 0;
    char *out;

    out = repair("a\xC0\x80"
                 "b",
                 4, &nbad);
    ck_assert_str_eq(out, "a" FFFD FFFD "b");
    ck_assert_uint_eq(nbad, 2);
    free(out);

    out = repair("\xED\xA0\x80", 3, &nbad);
    ck_assert_str_eq(out, FFFD FFFD FFFD);
    ck_assert_uint_eq(nbad, 3);
    free(out);

    out = repair("x\xF5y", 3, &nbad);
    ck_assert_str_eq(out, "x" FFFD "y");
    ck_assert_uint_eq(nbad, 1);
    free(out);

    out = repair("end\xE2\x82", 5, &nbad);
    ck_assert_str_eq(out, "end" FFFD FFFD);
    ck_assert_uint_eq(nbad, 2);
    free(out);
}
END_TEST

START_TEST(test_repair_keeps_good_neighbours)
{
    size_t nbad = 0;
    char *out = repair("\xC3\xA9\xFF\xE2\x82\xAC", 6, &nbad);

    ck_assert_str_eq(out, "\xC3\xA9" FFFD "\xE2\x82\xAC");
    ck_assert_uint_eq(nbad, 1);
    ck_assert_uint_eq(as_utf8_check(out, strlen(out)), strlen(out));
    free(out);
}
END_TEST

START_TEST(test_repair_nbad_null)
{
    char *out = repair("\xFF\xFE", 2, NULL);

    ck_assert_str_eq(out, FFFD FFFD);
    free(out);
}
END_TEST

START_TEST(test_repair_empty)
{
    size_t nbad = 5;
    char *out = repair("", 0, &nbad);

    ck_assert_str_eq(out, "");
    ck_assert_uint_eq(nbad, 0);
    free(out);
}
END_TEST

START_TEST(test_is_control)
{
    ck_assert(as_text_is_control(0x00));
    ck_assert(as_text_is_control('\t'));
    ck_assert(as_text_is_control('\n'));
    ck_assert(as_text_is_control(0x1B));
    ck_assert(as_text_is_control(0x1F));
    ck_assert(as_text_is_control(0x7F));
    ck_assert(as_text_is_control(0x80));
    ck_assert(as_text_is_control(0x85));
    ck_assert(as_text_is_control(0x9F));
    ck_assert(as_text_is_control(0x2028));
    ck_assert(as_text_is_control(0x2029));
    ck_assert(!as_text_is_control(' '));
    ck_assert(!as_text_is_control('A'));
    ck_assert(!as_text_is_control(0x7E));
    ck_assert(!as_text_is_control(0xA0));
    ck_assert(!as_text_is_control(0xE9));
    ck_assert(!as_text_is_control(0x2027));
    ck_assert(!as_text_is_control(0x202A));
    ck_assert(!as_text_is_control(0xFFFD));
}
END_TEST

START_TEST(test_squeeze_whitespace)
{
    squeeze_is("a  b", "a b");
    squeeze_is("a \t\r\n b", "a b");
    squeeze_is("  lead and trail  ", "lead and trail");
    squeeze_is("\n\nx\n", "x");
    squeeze_is("one\ntwo", "one two");
    squeeze_is("", "");
    squeeze_is(" \t \n ", "");
}
END_TEST

START_TEST(test_squeeze_controls)
{
    squeeze_is("a\x1b[31mb", "a [31mb");
    squeeze_is("x\x7Fy", "x y");
    squeeze_is("x\xC2\x85y", "x y");     /* C1 NEL */
    squeeze_is("x\xE2\x80\xA8y", "x y"); /* LINE SEPARATOR */
    squeeze_is("\x01\x02start", "start");
    squeeze_is("end\x1b", "end");
    squeeze_is("a \x1b b", "a b");
}
END_TEST

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* as_text_escape_name(name) must be want and clean. */
static void escaped_is(const char *name, const char *want)
{
    char *out = as_text_escape_name(name);

    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, want);
    ck_assert(as_text_is_clean(out));
    free(out);
}

START_TEST(test_escape_name)
{
    escaped_is("plain-name_1.2", "plain-name_1.2");
    escaped_is("caf\xC3\xA9 100%", "caf\xC3\xA9 100%"); /* kept as it is */
    escaped_is("a\tb\nc\x1b[31m", "a%09b%0Ac%1B[31m");
    escaped_is("caf\xE9", "caf%E9");             /* Latin-1 */
    escaped_is("x\xC2\x85y\x7F", "x%C2%85y%7F"); /* C1 NEL, DEL */
    escaped_is("\xE2\x80\xA8", "%E2%80%A8");     /* LINE SEPARATOR */
    escaped_is("\xF0\x9F\x98", "%F0%9F%98");     /* cut short */
    escaped_is("", "");
    /* a '%' that reads as an escape is escaped itself: a file named
     * caf%E9 is not the Latin-1 caf\xE9 */
    escaped_is("caf%E9", "caf%25E9");
    escaped_is("%%E9%", "%%25E9%");
    escaped_is("50%off 9%e9 %4", "50%off 9%e9 %4"); /* no escape there */
    escaped_is("%\xE9", "%%E9");
    escaped_is("%A\xE9", "%A%E9");
}
END_TEST

/* No two names give the same id: every name of up to four of the bytes
 * that matter ('%', hex digits, an invalid byte, a control character, a
 * letter) escapes differently from every other, and unescapes to itself. */
START_TEST(test_escape_name_distinct)
{
    static const char alphabet[] = {'%', '2',    '5',  'E', '9',
                                    'e', '\xE9', '\n', 'x'};
    enum { K = sizeof alphabet, LEN = 4 };
    size_t total = 0, n = 0, back_len;
    char **seen, *back;

    for (size_t len = 0, k = 1; len <= LEN; len++, k *= K)
        total += k;
    seen = calloc(total, sizeof *seen);
    ck_assert_ptr_nonnull(seen);
    for (size_t len = 0, k = 1; len <= LEN; len++, k *= K) {
        for (size_t code = 0; code < k; code++) {
            char name[LEN + 1];
            size_t c = code;

            for (size_t i = 0; i < len; i++, c /= K)
                name[i] = alphabet[c % K];
            name[len] = '\0';
            seen[n] = as_text_escape_name(name);
            ck_assert_ptr_nonnull(seen[n]);
            back = as_text_unescape_name(seen[n], &back_len);
            ck_assert_ptr_nonnull(back); /* and back again */
            ck_assert_uint_eq(back_len, len);
            ck_assert_str_eq(back, name);
            free(back);
            n++;
        }
    }
    ck_assert_uint_eq(n, total);
    qsort(seen, total, sizeof *seen, cmp_str);
    for (size_t i = 1; i < total; i++)
        ck_assert_msg(strcmp(seen[i - 1], seen[i]) != 0,
                      "two names escape to %s", seen[i]);
    for (size_t i = 0; i < total; i++)
        free(seen[i]);
    free(seen);
}
END_TEST

/* Normalisation form C: decomposed accents and kana composed, text
 * already composed (and ASCII) kept as it is, the same pointer. */
START_TEST(test_nfc)
{
    static const char *const cases[][2] = {
        {"cafe\xcc\x81", "caf\xc3\xa9"},
        {"Jose\xcc\x81 Mari\xcc\x81"
         "a",
         "Jos\xc3\xa9 Mar\xc3\xad"
         "a"},
        {"\xe3\x81\x8b\xe3\x82\x99", "\xe3\x81\x8c"}, /* ka + dakuten: ga */
        {"\xe2\x84\xa6", "\xce\xa9"},                 /* ohm sign: omega */
        {"caf\xc3\xa9", "caf\xc3\xa9"},
        {"plain ASCII", "plain ASCII"},
        {"", ""},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = strdup(cases[i][0]), *before = s;
        ck_assert_int_eq(as_text_nfc(&s), AS_OK);
        ck_assert_str_eq(s, cases[i][1]);
        if (strcmp(cases[i][0], cases[i][1]) == 0)
            ck_assert_ptr_eq(s, before); /* untouched */
        free(s);
    }
    /* form D: the other way */
    char *d = strdup("caf\xc3\xa9");
    ck_assert_int_eq(as_text_nfd(&d), AS_OK);
    ck_assert_str_eq(d, "cafe\xcc\x81");
    free(d);
}
END_TEST

START_TEST(test_is_clean)
{
    ck_assert(as_text_is_clean(""));
    ck_assert(as_text_is_clean("caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D"));
    ck_assert(!as_text_is_clean("a\nb"));
    ck_assert(!as_text_is_clean("a\tb"));
    ck_assert(!as_text_is_clean("caf\xE9"));
    ck_assert(!as_text_is_clean("x\xC2\x85"));
}
END_TEST

/* ---- terminal columns ---------------------------------------------------- */

#define TOKYO "\xE6\x9D\xB1\xE4\xBA\xAC" /* 東京: 2 wide */
#define E_ACUTE "e\xCC\x81"              /* e + U+0301 */
#define FAMILY                                                                 \
    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7" /* 👩‍👧              \
                                                    */

#define THUMB "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD" /* thumb, skin tone */
#define RUNNER "\xF0\x9F\x8F\x83\xE2\x80\x8D\xE2\x99\x82\xEF\xB8\x8F"
#define FLAG "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5" /* JP */
#define KSHI "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4\xBF"

START_TEST(test_width)
{
    ck_assert_uint_eq(as_text_width("", 0), 0);
    ck_assert_uint_eq(as_text_width("abc", 3), 3);
    ck_assert_uint_eq(as_text_width(TOKYO, 6), 4);
    ck_assert_uint_eq(as_text_width(E_ACUTE, 3), 1);
    ck_assert_uint_eq(as_text_width("caf\xC3\xA9", 5), 4);
    /* two wide emoji joined (one character to a reader), a thumb with a
     * skin tone, a Devanagari syllable (a letter, a virama, a letter and
     * a vowel sign: two characters), a kana and a combining voicing
     * mark: the columns of their first code points */
    ck_assert_uint_eq(as_text_width(FAMILY, 11), 2);
    ck_assert_uint_eq(as_text_width(FAMILY FAMILY, 22), 4);
    ck_assert_uint_eq(as_text_width(THUMB, 8), 2);
    ck_assert_uint_eq(as_text_width(KSHI, 12), 2);
    ck_assert_uint_eq(as_text_width("\xE3\x81\x8B\xE3\x82\x9A", 6), 2);
    /* Hangul, fullwidth A, a variation selector, an invalid byte */
    ck_assert_uint_eq(as_text_width("\xEA\xB0\x80\xEF\xBC\xA1", 6), 4);
    ck_assert_uint_eq(as_text_width("\xE2\x9D\xA4\xEF\xB8\x8F", 6), 1);
    ck_assert_uint_eq(as_text_width("a\xFF"
                                    "b",
                                    3),
                      3);
    ck_assert_int_eq(as_text_cp_width(0x200D), 0);
    ck_assert_int_eq(as_text_cp_width(0x4E00), 2);
    ck_assert_int_eq(as_text_cp_width(0x00E9), 1);
}
END_TEST

START_TEST(test_fit)
{
    /* never half a character, always at least one */
    ck_assert_uint_eq(as_text_fit(TOKYO, 6, 3, NULL), 3);
    ck_assert_uint_eq(as_text_fit(TOKYO, 6, 4, NULL), 6);
    ck_assert_uint_eq(as_text_fit(TOKYO, 6, 1, NULL), 3);
    ck_assert_uint_eq(as_text_fit(TOKYO, 6, 0, NULL), 3);
    ck_assert_uint_eq(as_text_fit("", 0, 5, NULL), 0);
    /* a combining accent stays with its letter */
    ck_assert_uint_eq(as_text_fit(E_ACUTE "x", 4, 1, NULL), 3);
    ck_assert_uint_eq(as_text_fit("abcdef", 6, 4, NULL), 4);
    /* joined emoji, a skin tone, a virama and a vowel sign stay with
     * what they join or mark */
    ck_assert_uint_eq(as_text_fit(FAMILY FAMILY, 22, 3, NULL), 11);
    ck_assert_uint_eq(as_text_fit(THUMB "x", 9, 2, NULL), 8);
    ck_assert_uint_eq(as_text_fit(KSHI, 12, 1, NULL), 6);
    {
        size_t used = 99;
        ck_assert_uint_eq(as_text_fit(TOKYO "ab", 8, 5, &used), 7);
        ck_assert_uint_eq(used, 5);
    }
}
END_TEST

/* Blank: white space and invisible characters only, in any script. */
START_TEST(test_is_blank)
{
    static const char *const blank[] = {"", " \t\r\n", "\xC2\xA0",
                                        "\xE2\x80\x8B\xE3\x80\x80 ", NULL};
    static const char *const not_blank[] = {"x", " \xC2\xA0.", "\xE4\xB8\xAD",
                                            NULL};
    for (const char *const *s = blank; *s; s++)
        ck_assert_msg(as_text_is_blank(*s, strlen(*s)), "'%s' is blank", *s);
    for (const char *const *s = not_blank; *s; s++)
        ck_assert_msg(!as_text_is_blank(*s, strlen(*s)), "'%s' is not blank",
                      *s);
}
END_TEST

START_TEST(test_drop_invisible)
{
    char s[] = "inter\xC2\xAD"
               "national\xE2\x80\x8B \xE2\x81\xA0x\xFF\xEF\xBB\xBF";
    char none[] = "";

    as_text_drop_invisible(s);
    /* soft hyphen, zero-width space, word joiner, BOM dropped; an invalid
     * byte and the space kept */
    ck_assert_str_eq(s, "international x\xFF");
    as_text_drop_invisible(none);
    ck_assert_str_eq(none, "");
}
END_TEST

START_TEST(test_cut)
{
    /* at most max bytes, between characters as a reader sees them, at
     * least one */
    ck_assert_uint_eq(as_text_cut("abcdef", 6, 4), 4);
    ck_assert_uint_eq(as_text_cut(TOKYO, 6, 4), 3);
    ck_assert_uint_eq(as_text_cut(E_ACUTE E_ACUTE, 6, 4), 3);
    ck_assert_uint_eq(as_text_cut(KSHI, 12, 9), 6);
    ck_assert_uint_eq(as_text_cut(FAMILY, 11, 4), 11);
    ck_assert_uint_eq(as_text_cut("", 0, 4), 0);
    /* a runner joined to a gender sign (below the emoji planes), two
     * flags of two letters each */
    ck_assert_uint_eq(as_text_cut(RUNNER, 13, 12), 13);
    ck_assert_uint_eq(as_text_width(RUNNER, 13), 2);
    /* a letter, a joiner and a gender sign: two characters (only
     * pictographs are joined) */
    ck_assert_uint_eq(as_text_cut("a\xE2\x80\x8D\xE2\x99\x80", 7, 6), 4);
    ck_assert_uint_eq(as_text_width("a\xE2\x80\x8D\xE2\x99\x80", 7), 2);
    ck_assert_uint_eq(as_text_cut(FLAG FLAG, 16, 9), 8);
    ck_assert_uint_eq(as_text_width(FLAG FLAG, 16), 4);
    /* a letter with a thousand marks: cut after 32 code points */
    {
        char zalgo[2002];
        zalgo[0] = 'a';
        for (size_t i = 0; i < 1000; i++)
            memcpy(zalgo + 1 + 2 * i, "\xCC\x81", 2);
        zalgo[2001] = '\0';
        ck_assert_uint_eq(as_text_cut(zalgo, 2001, 10), 1 + 31 * 2);
    }
}
END_TEST

START_TEST(test_squeeze_keeps_text)
{
    squeeze_is("caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D",
               "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
    squeeze_is("no-change", "no-change");
}
END_TEST

Suite *text_suite(void);

Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("utf8");

    tcase_add_test(tc, test_seq_lengths);
    tcase_add_test(tc, test_seq_invalid);
    tcase_add_test(tc, test_check_valid);
    tcase_add_test(tc, test_check_overlong);
    tcase_add_test(tc, test_check_surrogate);
    tcase_add_test(tc, test_check_truncated);
    tcase_add_test(tc, test_check_f5);
    tcase_add_test(tc, test_check_len_limits);
    suite_add_tcase(s, tc);

    tc = tcase_create("repair");
    tcase_add_test(tc, test_repair_valid);
    tcase_add_test(tc, test_repair_each_byte);
    tcase_add_test(tc, test_repair_keeps_good_neighbours);
    tcase_add_test(tc, test_repair_nbad_null);
    tcase_add_test(tc, test_repair_empty);
    suite_add_tcase(s, tc);

    tc = tcase_create("control");
    tcase_add_test(tc, test_is_control);
    tcase_add_test(tc, test_squeeze_whitespace);
    tcase_add_test(tc, test_squeeze_controls);
    tcase_add_test(tc, test_squeeze_keeps_text);
    tcase_add_test(tc, test_escape_name);
    tcase_add_test(tc, test_escape_name_distinct);
    tcase_add_test(tc, test_is_clean);
    tcase_add_test(tc, test_nfc);
    suite_add_tcase(s, tc);

    tc = tcase_create("width");
    tcase_add_test(tc, test_width);
    tcase_add_test(tc, test_fit);
    tcase_add_test(tc, test_cut);
    tcase_add_test(tc, test_drop_invisible);
    tcase_add_test(tc, test_is_blank);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(text_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
