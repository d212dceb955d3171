/* check_synonyms.c - unit tests of synonyms.h: parsing synonym groups and
 * rewriting queries with them. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synonyms.h"

#define G(k) AS_SYNONYMS_FIELD ":" #k
/* Group k for the several words at byte start (n bytes) of the query. */
#define GW(k, start, n) AS_SYNONYMS_FIELD ":" #k "." #start "." #n

static const char sample[] = "United States, US, U.S., America\n"
                             "# comment\n"
                             "\n"
                             "Prime Minister, PM\n";

static as_synonyms_t *syn;

static void setup(void)
{
    syn = NULL;
}

static void teardown(void)
{
    as_synonyms_free(syn);
    syn = NULL;
}

/* Parse text, which must be valid, into syn. */
static as_synonyms_t *parse_ok(const char *text)
{
    as_synonyms_t *s = (as_synonyms_t *)&s;
    char *err = (char *)&err;
    as_status_t rc =
        as_synonyms_parse(text, strlen(text), NULL, NULL, &s, &err);

    ck_assert_msg(rc == AS_OK, "parse of '%s': %s (%s)", text,
                  as_status_str(rc), rc && err ? err : "");
    ck_assert_ptr_nonnull(s);
    ck_assert_msg(err == NULL, "errmsg set on success: %s", err);
    as_synonyms_free(syn);
    syn = s;
    return s;
}

/* Parse text[0..len), which must be invalid on line `line`. */
static void parse_err(const char *text, size_t len, long line)
{
    as_synonyms_t *s = (as_synonyms_t *)&s;
    char *err = NULL;
    char want[32];

    ck_assert_int_eq(as_synonyms_parse(text, len, NULL, NULL, &s, &err),
                     AS_ERR_FORMAT);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(err);
    snprintf(want, sizeof want, "line %ld", line);
    ck_assert_msg(strstr(err, want) != NULL, "'%s' does not name %s", err,
                  want);
    free(err);
}

/* items[0..n) joined by "|" (static buffer). */
static const char *joined(const char *const *items, size_t n)
{
    static char out[512];

    ck_assert_ptr_nonnull(items);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_lt(strlen(out) + strlen(items[i]) + 2, sizeof out);
        if (i)
            strcat(out, "|");
        strcat(out, items[i]);
    }
    return out;
}

/* The entries of group k joined by "|" (static buffer). */
static const char *group(size_t k)
{
    const char *const *entries = NULL;
    size_t n = 0;

    ck_assert_int_eq(as_synonyms_group(syn, k, &entries, &n), AS_OK);
    return joined(entries, n);
}

/* query rewritten with table s (static buffer). */
static const char *expand_with(const as_synonyms_t *s, const char *query,
                               int every_word)
{
    static char out[512];
    char *res = (char *)&res;

    ck_assert_int_eq(as_synonyms_expand(s, query, every_word, NULL, NULL, &res),
                     AS_OK);
    ck_assert_ptr_nonnull(res);
    ck_assert_uint_lt(strlen(res), sizeof out);
    strcpy(out, res);
    free(res);
    return out;
}

/* query rewritten with the sample table. */
static const char *expand(const char *query, int every_word)
{
    if (!syn)
        parse_ok(sample);
    return expand_with(syn, query, every_word);
}

/* ---- parsing ------------------------------------------------------------ */

START_TEST(test_parse_sample)
{
    parse_ok(sample);
    ck_assert_uint_eq(as_synonyms_count(syn), 2);
    ck_assert_str_eq(group(0), "united states|us|us|america");
    ck_assert_str_eq(group(1), "prime minister|pm");
}
END_TEST

/* The entries of group k as written, joined by "|" (static buffer). */
static const char *group_texts(size_t k)
{
    const char *const *texts = NULL;
    size_t n = 0;

    ck_assert_int_eq(as_synonyms_group_texts(syn, k, &texts, &n), AS_OK);
    return joined(texts, n);
}

/* Initials are the one word the index makes of them ("U.S." is "us", as
 * Xapian's TermGenerator reads it): an entry "U.K." was "u.k.", whose
 * search was the phrase u k, which no text has.  Dotted letters in lower
 * case, or after a word character, or with a word character after them,
 * are no initials; nor are capitals outside A-Z.  The entries as written
 * are kept for making their terms. */
START_TEST(test_parse_initials)
{
    parse_ok("U.K., Britain\n"
             "U.S.A, U.N.C.L.E., U.S.-based, U.S. Army\n"
             "e.g., xU.S., U.Sx, A.B1, \xC3\x89.U., AT&T, AT&U.K.\n");
    ck_assert_uint_eq(as_synonyms_count(syn), 3);
    ck_assert_str_eq(group(0), "uk|britain");
    ck_assert_str_eq(group(1), "usa|uncle|us based|us army");
    /* (a full stop that ends a word is no part of it) */
    ck_assert_str_eq(group(2), "e.g|xu.s|u.sx|a.b1|\xC3\xA9.u|at&t|at&u.k");
    ck_assert_str_eq(group_texts(0), "U.K.|Britain");
    ck_assert_str_eq(group_texts(1), "U.S.A|U.N.C.L.E.|U.S.-based|U.S. Army");
}
END_TEST

/* An entry matches the words as the index reads them: a full stop that
 * ends a word is not part of it ("Corp." is corp, "St. Louis" st louis),
 * letters are compared in lower case in every script, and a typographic
 * apostrophe is the ASCII one. */
START_TEST(test_entries_as_words)
{
    parse_ok("Corporation, Corp.\nSt. Louis, STL\n"
             "\xCE\x86\xCF\x81\xCE\xB7\xCF\x82, Ares\nO'Brien, OBrien\n");
    ck_assert_str_eq(group(0), "corporation|corp");
    ck_assert_str_eq(group(1), "st louis|stl");
    ck_assert_str_eq(expand("~corp", 0), G(0));
    ck_assert_str_eq(expand("~Corp.", 0), G(0) " .");
    ck_assert_str_eq(expand("~\"St Louis\"", 0), G(1));
    ck_assert_str_eq(expand("~St. Louis", 0), GW(1, 1, 9));
    /* a capital with an accent, in lower case: the group of its entry */
    ck_assert_str_eq(expand("~\xCE\xAC\xCF\x81\xCE\xB7\xCF\x82", 0), G(2));
    ck_assert_str_eq(expand("~O\xE2\x80\x99"
                            "Brien",
                            0),
                     G(3));
}
END_TEST

START_TEST(test_parse_normalises)
{
    parse_ok("  New   York\tCITY ,NYC,  Big\t \tApple  \n");
    ck_assert_uint_eq(as_synonyms_count(syn), 1);
    ck_assert_str_eq(group(0), "new york city|nyc|big apple");
}
END_TEST

START_TEST(test_parse_no_final_newline_crlf)
{
    parse_ok("a, b\r\nC, D");
    ck_assert_uint_eq(as_synonyms_count(syn), 2);
    ck_assert_str_eq(group(0), "a|b");
    ck_assert_str_eq(group(1), "c|d");
}
END_TEST

START_TEST(test_parse_comments_only)
{
    parse_ok("# nothing here\n\n   \n  # indented comment, with commas\n");
    ck_assert_uint_eq(as_synonyms_count(syn), 0);
    parse_ok("");
    ck_assert_uint_eq(as_synonyms_count(syn), 0);
}
END_TEST

START_TEST(test_parse_len)
{
    /* only the first len bytes are parsed: the second line is cut off */
    static const char text[] = "a, b\nlonely\n";

    ck_assert_int_eq(as_synonyms_parse(text, 5, NULL, NULL, &syn, NULL), AS_OK);
    ck_assert_ptr_nonnull(syn);
    ck_assert_uint_eq(as_synonyms_count(syn), 1);
    ck_assert_str_eq(group(0), "a|b");
}
END_TEST

START_TEST(test_parse_unicode_case)
{
    /* "matching is case-insensitive", entries are "lower case" */
    parse_ok("\xC3\x84rzte, Doctors\n"); /* Ärzte */
    ck_assert_uint_eq(as_synonyms_count(syn), 1);
    ck_assert_str_eq(expand("DOCTORS", 1), G(0));
    ck_assert_str_eq(group(0), "\xC3\xA4rzte|doctors");
    ck_assert_str_eq(expand("~\xC3\x84RZTE", 0), G(0));
    ck_assert_str_eq(expand("~\xC3\xA4rzte", 0), G(0));
}
END_TEST

/* Capitals folded as Xapian lowers them: İ to i (the index has
 * "istanbul", not "ıstanbul"), Ș and Ț of Latin Extended-B to ș and ț. */
START_TEST(test_parse_fold_dotted_i_and_extended_b)
{
    parse_ok("\xC4\xB0stanbul, Byzantium\nBucure\xC8\x98ti, Bucharest\n");
    ck_assert_str_eq(group(0), "istanbul|byzantium");
    ck_assert_str_eq(expand("~\xC4\xB0STANBUL", 0), G(0));
    ck_assert_str_eq(group(1), "bucure\xC8\x99ti|bucharest");
    ck_assert_str_eq(expand("~BUCURE\xC8\x98TI", 0), G(1));
}
END_TEST

/* A comment after the entries ('#' after white space) is no part of the
 * last entry; '#' within an entry ("c#") is. A byte order mark before
 * the first line is no part of its first entry. */
START_TEST(test_parse_trailing_comment_and_bom)
{
    parse_ok("us, america # the country\nc#, csharp\n");
    ck_assert_str_eq(group(0), "us|america");
    ck_assert_str_eq(group(1), "c#|csharp");
    parse_ok("\xEF\xBB\xBFus, japan\n");
    ck_assert_str_eq(group(0), "us|japan");
}
END_TEST

/* The warnings of a parse, one "LINE: MESSAGE" a line. */
static char warnings[1024];

static void collect(void *ctx, long line, long first, const char *entry)
{
    size_t len = strlen(warnings);
    char where[32], *msg;

    ck_assert_ptr_eq(ctx, warnings);
    snprintf(where, sizeof where, "line %ld", first);
    msg = as_synonyms_shared_message(entry, where);
    ck_assert_ptr_nonnull(msg);
    snprintf(warnings + len, sizeof warnings - len, "%ld: %s\n", line, msg);
    free(msg);
}

/* An entry of two groups or more stands for the first: a warning at its
 * second group names the line of the first, once for each such entry, in
 * the order of the lines; an entry twice in one group is no warning. */
START_TEST(test_parse_warns_shared_entries)
{
    static const char text[] = "a, b\n"
                               "c, A, d\n"
                               "\n"
                               "B, e, x, X\n"
                               "a, f\n"
                               "New York, Big Apple\n"
                               "nyc, new  york\n";

    warnings[0] = '\0';
    ck_assert_int_eq(
        as_synonyms_parse(text, strlen(text), collect, warnings, &syn, NULL),
        AS_OK);
    ck_assert_str_eq(warnings,
                     "2: 'a' is also in the group of line 1, which ~a and "
                     "--synonyms take\n"
                     "4: 'b' is also in the group of line 1, which ~b and "
                     "--synonyms take\n"
                     "7: 'new york' is also in the group of line 6, which "
                     "~\"new york\" and --synonyms take\n");
    /* as the warning says */
    ck_assert_str_eq(expand("~a", 0), G(0));
    ck_assert_str_eq(expand("~f", 0), G(3));
    /* no warning for a file without shared entries, nor for a bad one */
    warnings[0] = '\0';
    as_synonyms_free(syn);
    ck_assert_int_eq(as_synonyms_parse(sample, strlen(sample), collect,
                                       warnings, &syn, NULL),
                     AS_OK);
    ck_assert_str_eq(warnings, "");
    as_synonyms_free(syn);
    ck_assert_int_eq(as_synonyms_parse("a, b\na, c\nlonely\n", 17, collect,
                                       warnings, &syn, NULL),
                     AS_ERR_FORMAT);
    ck_assert_str_eq(warnings, "");
}
END_TEST

/* Initials and the word they make ("U.K." and "UK") are one entry, as
 * they are one word of the index: in two groups, a warning. */
START_TEST(test_parse_warns_shared_initials)
{
    static const char text[] = "U.K., Britain\nUK, United Kingdom\n";

    warnings[0] = '\0';
    ck_assert_int_eq(
        as_synonyms_parse(text, strlen(text), collect, warnings, &syn, NULL),
        AS_OK);
    ck_assert_str_eq(warnings, "2: 'uk' is also in the group of line 1, "
                               "which ~uk and --synonyms take\n");
}
END_TEST

/* --synonyms leaves the query's operators operators, even when a group
 * holds the word ("Oregon, OR"); ~OR asks for the group. */
START_TEST(test_expand_every_word_keeps_operators)
{
    parse_ok("Oregon, OR\nwithout, NOT\n");
    ck_assert_str_eq(expand("zero OR treaty", 1), "zero OR treaty");
    ck_assert_str_eq(expand("japan NOT america", 1), "japan NOT america");
    ck_assert_str_eq(expand("oregon", 1), G(0));
    ck_assert_str_eq(expand("~OR", 0), G(0));
}
END_TEST

START_TEST(test_expand_non_ascii_entry)
{
    parse_ok("caf\xC3\xA9, coffee\n"); /* café */
    ck_assert_str_eq(group(0), "caf\xC3\xA9|coffee");
    ck_assert_str_eq(expand("~coffee", 0), G(0));
    ck_assert_str_eq(expand("~caf\xC3\xA9", 0), G(0));
    /* a word that only starts like the entry is never taken for it */
    ck_assert_str_eq(expand("~caf", 0), "caf");
}
END_TEST

START_TEST(test_err_single_entry)
{
    static const char text[] = "Prime Minister, PM\nlonely\n";
    static const char trailing[] = "a, b\n# c\nsolo,\n";

    parse_err(text, strlen(text), 2);
    parse_err(trailing, strlen(trailing), 3);
}
END_TEST

START_TEST(test_err_quote)
{
    static const char text[] = "a, b\nc, \"d e\"\n";

    parse_err(text, strlen(text), 2);
}
END_TEST

START_TEST(test_err_bracket)
{
    static const char open[] = "a, b\nc, d (e\n";
    static const char close[] = "a, b\n\nc), d\n";

    parse_err(open, strlen(open), 2);
    parse_err(close, strlen(close), 3);
}
END_TEST

START_TEST(test_err_invalid_utf8)
{
    static const char first[] = "caf\xC3, cafe\n";
    static const char second[] = "a, b\nc\xFF, d\n";
    as_synonyms_t *s = (as_synonyms_t *)&s;
    char *err = NULL;

    parse_err(first, strlen(first), 1);
    /* the message must name the line with the bad byte */
    ck_assert_int_eq(
        as_synonyms_parse(second, strlen(second), NULL, NULL, &s, &err),
        AS_ERR_FORMAT);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, "line 2") != NULL, "message: %s", err);
    ck_assert_msg(strstr(err, "line") != NULL, "message: %s", err);
    free(err);
}
END_TEST

START_TEST(test_err_no_errmsg)
{
    static const char text[] = "lonely\n";
    as_synonyms_t *s = (as_synonyms_t *)&s;

    ck_assert_int_eq(
        as_synonyms_parse(text, strlen(text), NULL, NULL, &s, NULL),
        AS_ERR_FORMAT);
    ck_assert_ptr_null(s);
}
END_TEST

/* ---- as_synonyms_group -------------------------------------------------- */

START_TEST(test_group_out_of_range)
{
    const char *const *entries = (const char *const *)&entries;
    size_t n = 99;

    parse_ok(sample);
    ck_assert_int_eq(as_synonyms_group(syn, 2, &entries, &n), AS_ERR_USAGE);
    ck_assert_ptr_null(entries);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(as_synonyms_group(syn, (size_t)-1, &entries, &n),
                     AS_ERR_USAGE);
    ck_assert_int_eq(as_synonyms_group(syn, 1, &entries, &n), AS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(entries[1], "pm");
    n = 99;
    ck_assert_int_eq(as_synonyms_group_texts(syn, 2, &entries, &n),
                     AS_ERR_USAGE);
    ck_assert_ptr_null(entries);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(as_synonyms_group_texts(syn, 1, &entries, &n), AS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(entries[0], "Prime Minister");
}
END_TEST

START_TEST(test_group_null_table)
{
    const char *const *entries = (const char *const *)&entries;
    size_t n = 99;

    ck_assert_int_eq(as_synonyms_group(NULL, 0, &entries, &n), AS_ERR_USAGE);
    ck_assert_ptr_null(entries);
    ck_assert_uint_eq(n, 0);
}
END_TEST

/* ---- expanding ---------------------------------------------------------- */

START_TEST(test_expand_marked_word)
{
    ck_assert_str_eq(expand("~us japan", 0), G(0) " japan");
    ck_assert_str_eq(expand("japan ~US", 0), "japan " G(0));
    ck_assert_str_eq(expand("~U.S. trade", 0), G(0) " trade");
    ck_assert_str_eq(expand("~pm", 0), G(1));
}
END_TEST

START_TEST(test_expand_marked_phrase)
{
    ck_assert_str_eq(expand("~\"united states\"", 0), G(0));
    ck_assert_str_eq(expand("~\"United   STATES\" japan", 0), G(0) " japan");
    ck_assert_str_eq(expand("~\"prime minister\"", 0), G(1));
}
END_TEST

START_TEST(test_expand_marked_phrase_no_synonyms)
{
    /* a phrase that is no entry stays a phrase */
    ck_assert_str_eq(expand("~\"united kingdom\"", 0), "\"united kingdom\"");
}
END_TEST

START_TEST(test_expand_multiword_any_spacing)
{
    ck_assert_str_eq(expand("~Prime   Minister", 0), GW(1, 1, 16));
    ck_assert_str_eq(expand("~PRIME\tminister japan", 0),
                     GW(1, 1, 14) " japan");
    ck_assert_str_eq(expand("~united states", 0), GW(0, 1, 13));
}
END_TEST

/* A hyphen between two words is a space, in the file and in the query:
 * "Self-Defense Force" is found as typed either way. */
START_TEST(test_expand_hyphen_as_space)
{
    parse_ok("Self-Defense Force, SDF\ne-book, digital book\n");
    ck_assert_str_eq(expand("~\"self defense force\"", 0), G(0));
    ck_assert_str_eq(expand("~\"Self-Defense  Force\"", 0), G(0));
    ck_assert_str_eq(expand("~self-defense force", 0), GW(0, 1, 18));
    ck_assert_str_eq(expand("~self defense force", 0), GW(0, 1, 18));
    ck_assert_str_eq(expand("~e-book", 0), G(1));
    ck_assert_str_eq(expand("~\"e book\"", 0), G(1));
    parse_ok("U.S.-based, American\n");
    ck_assert_str_eq(expand("~U.S.-based", 0), G(0));
    ck_assert_str_eq(expand("~us based", 0), GW(0, 1, 8));
    /* a hyphen not between words is no space */
    ck_assert_str_eq(expand("~-book", 0), "-book");
}
END_TEST

START_TEST(test_expand_longest_entry)
{
    parse_ok("New York, Big Apple\nNew York Times, NYT\n");
    ck_assert_str_eq(expand("~new york times", 0), GW(1, 1, 14));
    ck_assert_str_eq(expand("~New  York", 0), GW(0, 1, 9));
    ck_assert_str_eq(expand("~new york city", 0), GW(0, 1, 8) " city");
    ck_assert_str_eq(expand("new york times", 1), GW(1, 0, 14));
}
END_TEST

/* Several words of the query that are an entry stay words: the token
 * names them (their start and length in the query), to be searched as
 * typed as well as the group.  They were the group alone, which made
 * them a phrase, so that --synonyms narrowed the query.  A quoted phrase
 * (~"a b"), or one word, is the group alone: the group has it.  A + or -
 * is the word's it is written before, not that of the words after it,
 * and NEAR and ADJ take the one word beside them: such a word is
 * expanded alone. */
START_TEST(test_expand_several_words_as_typed)
{
    ck_assert_str_eq(expand("prime minister", 1), GW(1, 0, 14));
    ck_assert_str_eq(expand("japan (Prime  Minister)", 1),
                     "japan (" GW(1, 7, 15) ")");
    ck_assert_str_eq(expand("~prime minister's", 0), GW(1, 1, 16));
    ck_assert_str_eq(expand("~\"prime minister\" pm", 1), G(1) " " G(1));
    ck_assert_str_eq(expand("-prime minister +united states", 1),
                     "-prime minister +united states");
    ck_assert_str_eq(expand("-~prime minister", 0), "-prime minister");
    ck_assert_str_eq(expand("+pm minister -us states", 1),
                     "+" G(1) " minister -" G(0) " states");
    ck_assert_str_eq(expand("japan NEAR prime minister", 1),
                     "japan NEAR prime minister");
    ck_assert_str_eq(expand("prime minister ADJ/2 japan", 1),
                     "prime minister ADJ/2 japan");
    ck_assert_str_eq(expand("japan NEAR ~prime minister", 0),
                     "japan NEAR prime minister");
    /* no group in NEAR or ADJ (Xapian cannot run one there), but for a ~ */
    ck_assert_str_eq(expand("japan NEAR pm", 1), "japan NEAR pm");
    ck_assert_str_eq(expand("us ADJ/2 japan", 1), "us ADJ/2 japan");
    /* punctuation between a word and NEAR, which Xapian passes over */
    ck_assert_str_eq(expand("us ... NEAR japan", 1), "us ... NEAR japan");
    ck_assert_str_eq(expand("japan NEAR & us", 1), "japan NEAR & us");
    ck_assert_str_eq(expand("us \xE2\x80\x93 NEAR japan", 1),
                     "us \xE2\x80\x93 NEAR japan");
    ck_assert_str_eq(expand("us \xC2\xB7 NEAR japan", 1),
                     "us \xC2\xB7 NEAR japan");
    ck_assert_str_eq(expand("japan NEAR \xC2\xA1 us", 1),
                     "japan NEAR \xC2\xA1 us");
    ck_assert_str_eq(expand("us and NEAR japan", 1), G(0) " and NEAR japan");
    ck_assert_str_eq(expand("japan NEAR ~pm", 1), "japan NEAR " G(1));
    ck_assert_str_eq(expand("NEARBY prime minister", 1),
                     "NEARBY " GW(1, 7, 14));
    parse_ok("U.S. Army, GI\n");
    ck_assert_str_eq(expand("~U.S.  army", 0), GW(0, 1, 10));
}
END_TEST

START_TEST(test_expand_unmarked_unchanged)
{
    ck_assert_str_eq(expand("us japan", 0), "us japan");
    ck_assert_str_eq(expand("united states PM", 0), "united states PM");
    ck_assert_str_eq(expand("", 0), "");
}
END_TEST

START_TEST(test_expand_every_word)
{
    ck_assert_str_eq(expand("us japan", 1), G(0) " japan");
    ck_assert_str_eq(expand("United States and PM", 1),
                     GW(0, 0, 13) " and " G(1));
    ck_assert_str_eq(expand("(us OR america) tariffs", 1),
                     "(" G(0) " OR " G(0) ") tariffs");
    ck_assert_str_eq(expand("~us", 1), G(0));
}
END_TEST

START_TEST(test_expand_every_word_whole_words)
{
    ck_assert_str_eq(expand("usa music bus", 1), "usa music bus");
    ck_assert_str_eq(expand("pms", 1), "pms");
}
END_TEST

/* An entry written decomposed ("e" and U+0301, as macOS writes it) is
 * the composed word a query types, and its text is composed too. */
START_TEST(test_expand_decomposed_entry)
{
    const as_synonyms_t *s = parse_ok("Cafe\xcc\x81, coffee house\n");
    const char *const *texts;
    size_t n;

    ck_assert_str_eq(expand_with(s, "caf\xc3\xa9 prices", 1), G(0) " prices");
    ck_assert_int_eq(as_synonyms_group_texts(s, 0, &texts, &n), AS_OK);
    ck_assert_str_eq(texts[0], "Caf\xc3\xa9");
}
END_TEST

/* A word that is an entry cut short (its last letter missing) is no
 * entry: "u" of "us" and "treat" of "treaty" once expanded. */
START_TEST(test_expand_entry_cut_short)
{
    ck_assert_str_eq(expand("u japan", 1), "u japan");
    ck_assert_str_eq(expand("u.s japan", 1), "u.s japan");
    ck_assert_str_eq(expand("americ", 1), "americ");
    ck_assert_str_eq(expand("united state", 1), "united state");
    ck_assert_str_eq(expand("prime ministe p", 1), "prime ministe p");
    ck_assert_str_eq(expand("~u ~americ", 0), "u americ");
    parse_ok("treaty, agreement\n");
    ck_assert_str_eq(expand("treat treaty", 1), "treat " G(0));
    ck_assert_str_eq(expand("(treat) agreemen", 1), "(treat) agreemen");
}
END_TEST

/* Every entry of the sample cut short at each of its bytes, then
 * followed by a space, a bracket, a quote or the end: expanded only
 * where the part left is itself an entry ("u" of "us" is not; for
 * initials see test_expand_initials). */
START_TEST(test_expand_no_entry_prefix)
{
    static const char *const entries[] = {"united states", "us", "america",
                                          "prime minister", "pm"};
    static const char *const after[] = {" x", ")", "\"", ""};

    for (size_t e = 0; e < sizeof entries / sizeof entries[0]; e++) {
        for (size_t cut = 1; cut <= strlen(entries[e]); cut++) {
            char word[32], query[40];
            int is_entry = 0;

            snprintf(word, sizeof word, "%.*s", (int)cut, entries[e]);
            if (word[cut - 1] == ' ')
                continue; /* a space is no word's end */
            for (size_t k = 0; k < sizeof entries / sizeof entries[0]; k++)
                is_entry |= strcmp(word, entries[k]) == 0;
            for (size_t a = 0; a < sizeof after / sizeof after[0]; a++) {
                const char *out;

                snprintf(query, sizeof query, "%s%s", word, after[a]);
                out = expand(query, 1);
                ck_assert_msg((strstr(out, AS_SYNONYMS_FIELD) != NULL) ==
                                  is_entry,
                              "'%s' expanded to '%s'", query, out);
            }
        }
    }
}
END_TEST

/* Initials in the query are the word the index makes of them, and match
 * the entries that are that word: ~U.S. (or ~U.S or ~US) the group of
 * "US" and "U.S.", and an entry "U.K." matches them: it was "u.k.",
 * which only "u.k." matched.  ~U.S.A. is another word, and dotted letters
 * in lower case are letters, as the index has them: u.s. is no entry of
 * the group of U.S. */
START_TEST(test_expand_initials)
{
    ck_assert_str_eq(expand("~U.S. trade", 0), G(0) " trade");
    ck_assert_str_eq(expand("~U.S ~US", 0), G(0) " " G(0));
    ck_assert_str_eq(expand("U.S.'s policy (U.S.)", 1),
                     G(0) " policy (" G(0) ")");
    ck_assert_str_eq(expand("~U.S.A. ~U. ~U.Sx ~u.s. ~xU.S.", 0),
                     "U.S.A. U. U.Sx u.s. xU.S.");
    ck_assert_str_eq(expand("U.S.-based U.S.* u.s.", 1),
                     "U.S.-based U.S.* u.s.");
    parse_ok("U.K., Britain\nU.S. Army, GI\n");
    ck_assert_str_eq(expand("~britain ~UK ~U.K. ~uk", 0),
                     G(0) " " G(0) " " G(0) " " G(0));
    ck_assert_str_eq(expand("~\"U.S. Army\" ~\"us army\"", 0), G(1) " " G(1));
}
END_TEST

START_TEST(test_expand_every_word_leaves_quotes_and_fields)
{
    ck_assert_str_eq(expand("\"us\" japan", 1), "\"us\" japan");
    ck_assert_str_eq(expand("\"united states\"", 1), "\"united states\"");
    ck_assert_str_eq(expand("title:us", 1), "title:us");
    ck_assert_str_eq(expand("title:us pm", 1), "title:us " G(1));
    /* a field's bracketed words are the field's (title: would be lost) */
    ck_assert_str_eq(expand("title:(us pm) pm", 1), "title:(us pm) " G(1));
    ck_assert_str_eq(expand("title:(us \"a)\" (pm)) us", 1),
                     "title:(us \"a)\" (pm)) " G(0));
    ck_assert_str_eq(expand("title:(us pm", 1), "title:(us pm");
    /* a token glued to what precedes it would join a field's value */
    ck_assert_str_eq(expand("tag:x](us", 1), "tag:x]( " G(0));
    ck_assert_str_eq(expand("(us) (pm", 1), "(" G(0) ") (" G(1));
}
END_TEST

START_TEST(test_expand_keeps_plus_minus)
{
    ck_assert_str_eq(expand("japan -~us", 0), "japan -" G(0));
    ck_assert_str_eq(expand("-~us", 0), "-" G(0));
    ck_assert_str_eq(expand("+~pm", 0), "+" G(1));
    ck_assert_str_eq(expand("japan -us", 1), "japan -" G(0));
    ck_assert_str_eq(expand("japan -us", 0), "japan -us");
}
END_TEST

START_TEST(test_expand_drops_unknown_mark)
{
    ck_assert_str_eq(expand("~zebra", 0), "zebra");
    ck_assert_str_eq(expand("japan ~zebra", 0), "japan zebra");
    ck_assert_str_eq(expand("~zebra ~us", 0), "zebra " G(0));
    ck_assert_str_eq(expand("-~zebra", 0), "-zebra");
}
END_TEST

/* A word followed by punctuation that ends it (, . ; ! ?) or by a
 * possessive ('s, \u2019s, ') is the word: "~us," and "~America's" were
 * looked up with the punctuation and found nothing.  Punctuation inside a
 * word ("us.gov") keeps it another word. */
START_TEST(test_expand_word_before_punctuation)
{
    ck_assert_str_eq(expand("~us,", 0), G(0) " ,");
    ck_assert_str_eq(expand("japan, ~us, tokyo", 0), "japan, " G(0) " , tokyo");
    ck_assert_str_eq(expand("~us.", 0), G(0) " .");
    ck_assert_str_eq(expand("(~pm?!)", 0), "(" G(1) " ?!)");
    ck_assert_str_eq(expand("~U.S.;", 0), G(0) " ;");
    ck_assert_str_eq(expand("~America's allies", 0), G(0) " allies");
    ck_assert_str_eq(expand("~AMERICA\xE2\x80\x99S", 0), G(0));
    ck_assert_str_eq(expand("~united states' allies", 0),
                     GW(0, 1, 14) " allies");
    ck_assert_str_eq(expand("~america's.", 0), G(0) " .");
    ck_assert_str_eq(expand("us, japan", 1), G(0) " , japan");
    ck_assert_str_eq(expand("America's", 1), G(0));
    /* still another word */
    ck_assert_str_eq(expand("~us.gov ~us,japan ~us's's", 0),
                     "us.gov us,japan us's's");
    ck_assert_str_eq(expand("~americas ~america'd ~us:", 0),
                     "americas america'd us:");
    /* an operator before punctuation stays an operator */
    parse_ok("Oregon, OR\n");
    ck_assert_str_eq(expand("zero OR, treaty", 1), "zero OR, treaty");
}
END_TEST

/* A ~ just after a field prefix is no mark, and goes: the value stays the
 * field's.  tag:~"north america" was the tag ~"north and the word
 * america", and with --synonyms the quote after america opened a phrase
 * for Xapian's parser that held the group of the next word. */
START_TEST(test_expand_mark_on_field_value)
{
    ck_assert_str_eq(expand("tag:~\"north america\"", 0),
                     "tag:\"north america\"");
    ck_assert_str_eq(expand("tag:~\"united states\" us", 1),
                     "tag:\"united states\" " G(0));
    ck_assert_str_eq(expand("tag:~us ~us", 0), "tag:us " G(0));
    ck_assert_str_eq(expand("title:~\"prime minister\" pm", 1),
                     "title:\"prime minister\" " G(1));
    ck_assert_str_eq(expand("-date:~2024", 0), "-date:2024");
}
END_TEST

START_TEST(test_expand_null_table)
{
    ck_assert_str_eq(expand_with(NULL, "~us japan", 0), "us japan");
    ck_assert_str_eq(expand_with(NULL, "us ~japan", 1), "us japan");
    ck_assert_str_eq(expand_with(NULL, "us japan", 1), "us japan");
}
END_TEST

START_TEST(test_expand_empty_table)
{
    parse_ok("# no groups\n");
    ck_assert_str_eq(expand("~us japan", 1), "us japan");
}
END_TEST

START_TEST(test_free_null)
{
    as_synonyms_free(NULL); /* must not crash */
}
END_TEST

Suite *synonyms_suite(void);

Suite *synonyms_suite(void)
{
    Suite *s = suite_create("synonyms");
    TCase *tc = tcase_create("parse");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_parse_sample);
    tcase_add_test(tc, test_parse_normalises);
    tcase_add_test(tc, test_parse_no_final_newline_crlf);
    tcase_add_test(tc, test_parse_comments_only);
    tcase_add_test(tc, test_parse_len);
    tcase_add_test(tc, test_parse_unicode_case);
    tcase_add_test(tc, test_parse_fold_dotted_i_and_extended_b);
    tcase_add_test(tc, test_parse_trailing_comment_and_bom);
    tcase_add_test(tc, test_parse_warns_shared_entries);
    tcase_add_test(tc, test_parse_initials);
    tcase_add_test(tc, test_entries_as_words);
    tcase_add_test(tc, test_parse_warns_shared_initials);
    tcase_add_test(tc, test_expand_every_word_keeps_operators);
    tcase_add_test(tc, test_err_single_entry);
    tcase_add_test(tc, test_err_quote);
    tcase_add_test(tc, test_err_bracket);
    tcase_add_test(tc, test_err_invalid_utf8);
    tcase_add_test(tc, test_err_no_errmsg);
    tcase_add_test(tc, test_group_out_of_range);
    tcase_add_test(tc, test_group_null_table);
    tcase_add_test(tc, test_free_null);
    suite_add_tcase(s, tc);

    tc = tcase_create("expand");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_expand_marked_word);
    tcase_add_test(tc, test_expand_marked_phrase);
    tcase_add_test(tc, test_expand_marked_phrase_no_synonyms);
    tcase_add_test(tc, test_expand_multiword_any_spacing);
    tcase_add_test(tc, test_expand_hyphen_as_space);
    tcase_add_test(tc, test_expand_longest_entry);
    tcase_add_test(tc, test_expand_several_words_as_typed);
    tcase_add_test(tc, test_expand_non_ascii_entry);
    tcase_add_test(tc, test_expand_unmarked_unchanged);
    tcase_add_test(tc, test_expand_every_word);
    tcase_add_test(tc, test_expand_every_word_whole_words);
    tcase_add_test(tc, test_expand_decomposed_entry);
    tcase_add_test(tc, test_expand_entry_cut_short);
    tcase_add_test(tc, test_expand_no_entry_prefix);
    tcase_add_test(tc, test_expand_initials);
    tcase_add_test(tc, test_expand_every_word_leaves_quotes_and_fields);
    tcase_add_test(tc, test_expand_keeps_plus_minus);
    tcase_add_test(tc, test_expand_drops_unknown_mark);
    tcase_add_test(tc, test_expand_word_before_punctuation);
    tcase_add_test(tc, test_expand_mark_on_field_value);
    tcase_add_test(tc, test_expand_null_table);
    tcase_add_test(tc, test_expand_empty_table);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(synonyms_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
