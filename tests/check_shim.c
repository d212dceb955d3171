/* check_shim.c - unit tests of xapian-shim.h: indexing and searching. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "synonyms.h"
#include "testutil.h"
#include "xapian-shim.h"

static char tmpdir[512];
static char dbpath[600];

static const char text_a1[] =
    "Title: Trade talks resume\n"
    "Author: Jane Doe\n"
    "Author: John Roe\n"
    "Date: 2025-06-03\n"
    "Source: The Daily Planet\n"
    "Tags: Trade, Japan\n"
    "\n"
    "The negotiations between Japan and the United States resumed this "
    "week.\n"
    "\n"
    "Officials expect a long summer of talks about tariffs.\n"
    "\n"
    "Rice farmers remain worried about imports.\n";

/* a1 again, with its first paragraph only */
static const char text_a1_short[] =
    "Title: Trade talks resume\n"
    "Author: Jane Doe\n"
    "Author: John Roe\n"
    "Date: 2025-06-03\n"
    "Source: The Daily Planet\n"
    "Tags: Trade, Japan\n"
    "\n"
    "The negotiations between Japan and the United States resumed this "
    "week.\n";

/* dated to the year only */
static const char text_a2[] = "Title: Security alliance under strain\n"
                              "Author: Jane Smith\n"
                              "Date: 2024\n"
                              "Source: Asia Forum\n"
                              "\n"
                              "Defence spending in Japan rose sharply.\n"
                              "\n"
                              "Analysts call for strategic autonomy.\n";

/* undated, no author */
static const char text_a3[] =
    "Title: Undated musings\n"
    "Source: Planet Weekly\n"
    "\n"
    "Strategic autonomy is a phrase heard often in Japan.\n"
    "\n"
    "Autonomy, strategic or not, costs money.\n";

static void setup(void)
{
    tu_make_tmpdir(tmpdir, sizeof tmpdir, "check_shim");
    snprintf(dbpath, sizeof dbpath, "%s/index", tmpdir);
}

static void teardown(void)
{
    tu_remove_tree(tmpdir);
}

/* Parse text into a new article with the given id. */
static as_article_t *article(const char *id, const char *text)
{
    as_article_t *a = NULL;
    char *err = NULL;
    as_status_t rc =
        as_article_parse(text, strlen(text), id, NULL, NULL, NULL, &a, &err);

    ck_assert_msg(rc == AS_OK, "parse of %s: %s", id, err ? err : "?");
    free(err);
    return a;
}

/* Store the article parsed from text in the writer idx. */
static void put(as_index_t *idx, const char *id, const char *text)
{
    as_article_t *a = article(id, text);
    as_status_t rc = as_index_put_article(idx, a);

    ck_assert_msg(rc == AS_OK, "put %s: %s", id, as_index_errmsg(idx));
    as_article_free(a);
}

static as_index_t *open_index(as_index_mode_t mode, const char *lang)
{
    as_index_t *idx = NULL;
    char *err = NULL;
    as_status_t rc = as_index_open(dbpath, mode, lang, &idx, &err);

    ck_assert_msg(rc == AS_OK, "open %s: %s", dbpath, err ? err : "?");
    ck_assert_ptr_null(err);
    ck_assert_ptr_nonnull(idx);
    return idx;
}

/* The index of a1, a2 and a3: 3 articles, 7 paragraphs. */
static void build_index(void)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);

    put(idx, "a1", text_a1);
    put(idx, "a2", text_a2);
    put(idx, "a3", text_a3);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
}

static as_index_stats_t stats(void)
{
    as_index_t *idx = open_index(AS_INDEX_READ, NULL);
    as_index_stats_t st;

    ck_assert_int_eq(as_index_stats(idx, &st), AS_OK);
    as_index_close(idx);
    return st;
}

/* Run opts on a new reader; return the hits as "id#para" sorted and
 * joined by commas ("" for none) in a static buffer. */
static const char *found(const as_search_opts_t *opts)
{
    as_index_t *idx = open_index(AS_INDEX_READ, NULL);
    const char *out = tu_hit_keys(idx, opts);

    as_index_close(idx);
    return out;
}

/* found() for a plain query. */
static const char *found_q(const char *query)
{
    as_search_opts_t opts;

    memset(&opts, 0, sizeof opts);
    opts.query = query;
    opts.limit = 30;
    return found(&opts);
}

/* found() for a filter without query text. */
static as_search_opts_t filter_opts(void)
{
    as_search_opts_t opts;

    memset(&opts, 0, sizeof opts);
    opts.limit = 30;
    return opts;
}

static const char *found_dates(long since, long until)
{
    as_search_opts_t opts = filter_opts();

    opts.since = since;
    opts.until = until;
    return found(&opts);
}

/* ---- opening and describing --------------------------------------------- */

START_TEST(test_language_default)
{
    as_index_t *idx;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    ck_assert_str_eq(as_index_language(idx), "english");
    ck_assert_str_eq(as_index_errmsg(idx), "");
    as_index_close(idx);
}
END_TEST

START_TEST(test_language_stored)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, "french");

    put(idx, "a3", text_a3);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    /* the reader ignores lang and uses the stored one */
    idx = open_index(AS_INDEX_READ, "english");
    ck_assert_str_eq(as_index_language(idx), "french");
    as_index_close(idx);
    /* so does a writer given no language */
    idx = open_index(AS_INDEX_WRITE, NULL);
    ck_assert_str_eq(as_index_language(idx), "french");
    as_index_close(idx);
}
END_TEST

/* AS_INDEX_UPDATE writes an index that is there, and makes none: a
 * database found empty (a copy in part) is damaged, and stays empty. */
START_TEST(test_update_makes_nothing)
{
    as_index_t *idx = NULL;
    char *err = NULL;
    as_status_t rc;

    build_index();
    idx = open_index(AS_INDEX_UPDATE, NULL);
    put(idx, "a4", text_a3);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    ck_assert_uint_eq(stats().articles, 4);
    tu_remove_tree(dbpath);
    ck_assert_int_eq(mkdir(dbpath, 0777), 0);
    rc = as_index_open(dbpath, AS_INDEX_UPDATE, NULL, &idx, &err);
    ck_assert_int_eq(rc, AS_ERR_CORRUPT);
    ck_assert_ptr_null(idx);
    ck_assert_msg(err && strstr(err, "is damaged") &&
                      strstr(err, "nothing of it is there"),
                  "%s", err ? err : "(none)");
    free(err);
    ck_assert_int_eq(rmdir(dbpath), 0); /* nothing made in it */
}
END_TEST

START_TEST(test_stats)
{
    as_index_stats_t st;

    build_index();
    st = stats();
    ck_assert_uint_eq(st.articles, 3);
    ck_assert_uint_eq(st.paragraphs, 7);
    ck_assert_int_eq(st.schema, AS_INDEX_SCHEMA);
}
END_TEST

START_TEST(test_stemmer_languages)
{
    const char **langs = as_stemmer_languages();
    int english = 0;

    ck_assert_ptr_nonnull(langs);
    for (size_t i = 0; langs[i]; i++)
        english |= strcmp(langs[i], "english") == 0;
    ck_assert(english);
}
END_TEST

/* ---- searching ---------------------------------------------------------- */

START_TEST(test_search_word)
{
    build_index();
    ck_assert_str_eq(found_q("tariffs"), "a1#2");
    ck_assert_str_eq(found_q("japan"), "a1#1,a2#1,a3#1");
    ck_assert_str_eq(found_q("Japan"), "a1#1,a2#1,a3#1");
    ck_assert_str_eq(found_q("zeppelin"), "");
}
END_TEST

START_TEST(test_search_title_words_not_body)
{
    build_index();
    /* "alliance" is only in a2's title: a plain word does not find it */
    ck_assert_str_eq(found_q("alliance"), "");
}
END_TEST

START_TEST(test_search_stemmed)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    const as_hit_t *hit;
    as_search_opts_t opts;
    const as_snippet_t *sn;
    int covered = 0;

    build_index();
    ck_assert_str_eq(found_q("negotiating"), "a1#1");

    memset(&opts, 0, sizeof opts);
    opts.query = "negotiating";
    opts.limit = 10;
    idx = open_index(AS_INDEX_READ, NULL);
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_uint_eq(hit->rank, 1);
    ck_assert(hit->score > 0);
    ck_assert_str_eq(hit->record->title, "Trade talks resume");
    ck_assert_str_eq(hit->record->date, "2025-06-03");
    sn = hit->snippet;
    ck_assert_ptr_nonnull(sn);
    ck_assert_ptr_nonnull(strstr(sn->text, "negotiations"));
    ck_assert_uint_ge(sn->n_spans, 1);
    for (size_t i = 0; i < sn->n_spans; i++) {
        ck_assert_uint_le(sn->spans[i].end, sn->len);
        if (sn->spans[i].end - sn->spans[i].start == 12 &&
            memcmp(sn->text + sn->spans[i].start, "negotiations", 12) == 0)
            covered = 1;
    }
    ck_assert_msg(covered, "no span covers 'negotiations' in '%s'", sn->text);
    ck_assert_ptr_null(as_hits_next(hits));
    ck_assert_ptr_null(as_hits_warning(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_search_phrase)
{
    build_index();
    ck_assert_str_eq(found_q("strategic autonomy"), "a2#2,a3#1,a3#2");
    ck_assert_str_eq(found_q("\"strategic autonomy\""), "a2#2,a3#1");
}
END_TEST

START_TEST(test_search_and_or)
{
    as_search_opts_t opts = filter_opts();

    build_index();
    ck_assert_str_eq(found_q("tariffs defence"), "");
    opts.query = "tariffs defence";
    opts.match_any = 1;
    ck_assert_str_eq(found(&opts), "a1#2,a2#1");
    ck_assert_str_eq(found_q("tariffs OR defence"), "a1#2,a2#1");
}
END_TEST

START_TEST(test_filter_author)
{
    static const char *const jane_doe[] = {"JANE DOE"};
    static const char *const jane[] = {"Jane"};
    static const char *const both[] = {"jane doe", "Jane Smith"};
    as_search_opts_t opts = filter_opts();

    build_index();
    opts.authors = jane_doe;
    opts.n_authors = 1;
    ck_assert_str_eq(found(&opts), "a1#1,a1#2,a1#3");
    opts.query = "tariffs";
    ck_assert_str_eq(found(&opts), "a1#2");
    opts.query = "japan";
    ck_assert_str_eq(found(&opts), "a1#1");
    opts.query = NULL;
    opts.authors = jane;
    ck_assert_str_eq(found(&opts), "");
    opts.authors = both;
    opts.n_authors = 2;
    ck_assert_str_eq(found(&opts), "a1#1,a1#2,a1#3,a2#1,a2#2");
}
END_TEST

START_TEST(test_filter_author_in_query)
{
    build_index();
    /* author: searches the words of author names */
    ck_assert_str_eq(found_q("japan author:smith"), "a2#1");
}
END_TEST

START_TEST(test_filter_author_unicode_case)
{
    static const char *const upper[] = {"ANA \xC3\x81LVAREZ"};
    as_search_opts_t opts = filter_opts();
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);

    put(idx, "u1", "Title: T\nAuthor: ana \xC3\xA1lvarez\n\nSome text.\n");
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    opts.authors = upper;
    opts.n_authors = 1;
    ck_assert_str_eq(found(&opts), "u1#1");
}
END_TEST

START_TEST(test_filter_source)
{
    static const char *const planet[] = {"the daily planet"};
    static const char *const partial[] = {"Planet"};
    static const char *const weekly[] = {"PLANET WEEKLY"};
    as_search_opts_t opts = filter_opts();

    build_index();
    opts.sources = planet;
    opts.n_sources = 1;
    ck_assert_str_eq(found(&opts), "a1#1,a1#2,a1#3");
    opts.sources = partial;
    ck_assert_str_eq(found(&opts), "");
    opts.sources = weekly;
    opts.query = "japan";
    ck_assert_str_eq(found(&opts), "a3#1");
}
END_TEST

START_TEST(test_filter_tag)
{
    static const char *const japan[] = {"JAPAN"};
    as_search_opts_t opts = filter_opts();

    build_index();
    opts.tags = japan;
    opts.n_tags = 1;
    ck_assert_str_eq(found(&opts), "a1#1,a1#2,a1#3");
}
END_TEST

/* A tag: or date: field filters the whole query, OR and all, as the
 * option does; alone between ORs it is an alternative; in brackets, the
 * bracket's words. */
START_TEST(test_filter_field_with_or)
{
    build_index();
    ck_assert_str_eq(found_q("japan OR money"), "a1#1,a2#1,a3#1,a3#2");
    ck_assert_str_eq(found_q("japan OR money tag:japan"), "a1#1");
    ck_assert_str_eq(found_q("tag:japan japan OR money"), "a1#1");
    ck_assert_str_eq(found_q("japan OR money date:2024"), "a2#1");
    ck_assert_str_eq(found_q("money OR tag:japan"), "a1#1,a1#2,a1#3,a3#2");
    ck_assert_str_eq(found_q("(money tag:japan) OR defence"), "a2#1");
}
END_TEST

/* NEAR and ADJ over words of different fields are an error; of one
 * field, a search there. */
START_TEST(test_window_one_field)
{
    as_index_t *idx;
    as_search_opts_t opts;
    as_hits_t *hits = NULL;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.limit = 10;
    opts.query = "title:trade NEAR japan";
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_ERR_QUERY);
    ck_assert_msg(strstr(as_index_errmsg(idx), "one field") != NULL,
                  "message: %s", as_index_errmsg(idx));
    as_index_close(idx);
    ck_assert_str_eq(found_q("title:(trade NEAR talks)"), "a1#1,a1#2,a1#3");
}
END_TEST

/* Tags repeated, in other cases, and tags no article has: the same as
 * the tags the index has, once; none of them: nothing. */
START_TEST(test_filter_tags_repeated_or_absent)
{
    static const char *const many[] = {"nosuch", "JAPAN", "japan",
                                       "Japan",  "other", "JAPAN"};
    static const char *const absent[] = {"nosuch", "other"};
    as_search_opts_t opts = filter_opts();

    build_index();
    opts.tags = many;
    opts.n_tags = 6;
    ck_assert_str_eq(found(&opts), "a1#1,a1#2,a1#3");
    opts.tags = absent;
    opts.n_tags = 2;
    ck_assert_str_eq(found(&opts), "");
}
END_TEST

START_TEST(test_filter_dates)
{
    build_index();
    /* a2 is dated 2024: it overlaps any range touching 2024 */
    ck_assert_str_eq(found_dates(20240601, 20241231), "a2#1,a2#2");
    ck_assert_str_eq(found_dates(0, 20240101), "a2#1,a2#2");
    ck_assert_str_eq(found_dates(20241231, 20250101), "a2#1,a2#2");
    ck_assert_str_eq(found_dates(20250101, 0), "a1#1,a1#2,a1#3");
    ck_assert_str_eq(found_dates(20250603, 20250603), "a1#1,a1#2,a1#3");
    ck_assert_str_eq(found_dates(20250604, 0), "");
    ck_assert_str_eq(found_dates(0, 20231231), "");
}
END_TEST

START_TEST(test_filter_dates_never_undated)
{
    build_index();
    /* a3 has no date: no date filter ever matches it */
    ck_assert_str_eq(found_dates(10000101, 99991231),
                     "a1#1,a1#2,a1#3,a2#1,a2#2");
    ck_assert_str_eq(found_dates(10000101, 0), "a1#1,a1#2,a1#3,a2#1,a2#2");
    ck_assert_str_eq(found_dates(0, 99991231), "a1#1,a1#2,a1#3,a2#1,a2#2");
}
END_TEST

START_TEST(test_query_date_range)
{
    build_index();
    ck_assert_str_eq(found_q("date:2024..2025-06"), "a1#1,a1#2,a1#3,a2#1,a2#2");
    ck_assert_str_eq(found_q("japan date:2024..2025-06"), "a1#1,a2#1");
    ck_assert_str_eq(found_q("japan date:2025..2025"), "a1#1");
    ck_assert_str_eq(found_q("japan date:2025-07..2026"), "");
}
END_TEST

START_TEST(test_query_date_open_range)
{
    build_index();
    ck_assert_str_eq(found_q("japan date:..2024-12"), "a2#1");
    ck_assert_str_eq(found_q("japan date:2024-12.."), "a1#1,a2#1");
}
END_TEST

START_TEST(test_query_date_field)
{
    build_index();
    ck_assert_str_eq(found_q("japan date:2025"), "a1#1");
    ck_assert_str_eq(found_q("japan date:2024-03"), "a2#1");
}
END_TEST

/* Every date filter between boundary days, over articles dated to the
 * day, month and year, against the overlap of their periods. */
START_TEST(test_filter_dates_every_range)
{
    static const char *const dates[] = {
        "1999-12-31", "2023",       "2024-02",    "2024-02-29",
        "2024-03-01", "2024-12-31", "2025-01-01", "2025-06",
        "2025-06-15", "2026-07-15", "2026"};
    static const long days[] = {
        0,        19991231, 20000101, 20230101, 20230615, 20231231, 20240101,
        20240131, 20240201, 20240215, 20240228, 20240229, 20240301, 20240302,
        20241231, 20250101, 20250531, 20250601, 20250614, 20250615, 20250616,
        20250630, 20250701, 20260101, 20260714, 20260715, 20261231, 20270101};
    const size_t n_dates = sizeof dates / sizeof dates[0];
    const size_t n_days = sizeof days / sizeof days[0];
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    size_t checked = 0;

    for (size_t i = 0; i < n_dates; i++) {
        char id[8], text[128];
        snprintf(id, sizeof id, "d%02zu", i);
        snprintf(text, sizeof text, "Title: Day\nDate: %s\n\nWords.\n",
                 dates[i]);
        put(idx, id, text);
    }
    put(idx, "undated", "Title: Day\n\nWords.\n");
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    for (size_t a = 0; a < n_days; a++) {
        for (size_t b = 0; b < n_days; b++) {
            const long since = days[a], until = days[b];
            char want[256] = "";
            if ((since && until && since > until) || (!since && !until))
                continue;
            for (size_t i = 0; i < n_dates; i++) {
                as_date_t d;
                ck_assert_int_eq(as_date_parse(dates[i], &d, NULL), AS_OK);
                if ((until && as_date_first_day(&d) > until) ||
                    (since && as_date_last_day(&d) < since))
                    continue;
                snprintf(want + strlen(want), sizeof want - strlen(want),
                         "%sd%02zu#1", *want ? "," : "", i);
            }
            ck_assert_msg(strcmp(found_dates(since, until), want) == 0,
                          "since %ld until %ld: %s, expected %s", since, until,
                          found_dates(since, until), want);
            checked++;
        }
    }
    ck_assert_uint_gt(checked, 300);
}
END_TEST

START_TEST(test_query_title)
{
    build_index();
    ck_assert_str_eq(found_q("title:alliance"), "a2#1,a2#2");
    ck_assert_str_eq(found_q("title:negotiations"), "");
    ck_assert_str_eq(found_q("japan title:trade"), "a1#1");
}
END_TEST

START_TEST(test_query_wildcard)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    as_search_opts_t opts;

    build_index();
    ck_assert_str_eq(found_q("negotia*"), "a1#1");
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "negotia*";
    opts.strict = 1;
    opts.limit = 10;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    ck_assert_ptr_null(as_hits_warning(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_err_wildcard_too_broad)
{
    const char *head = "Title: Many words\n\n";
    size_t n = AS_MAX_WILDCARD_TERMS + 10;
    char *text = malloc(strlen(head) + n * 8 + 2);
    char *p;
    as_index_t *idx;
    as_hits_t *hits = (as_hits_t *)&hits;
    as_search_opts_t opts;

    ck_assert_ptr_nonnull(text);
    p = text + sprintf(text, "%s", head);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "wq%05zu ", i);
    strcpy(p, "\n");
    idx = open_index(AS_INDEX_WRITE, NULL);
    put(idx, "many", text);
    free(text);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "wq*";
    opts.limit = 10;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_ERR_QUERY);
    ck_assert_ptr_null(hits);
    ck_assert_ptr_nonnull(strstr(as_index_errmsg(idx), "wildcard"));
    /* a narrower one is fine */
    opts.query = "wq0001*";
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    ck_assert_ptr_nonnull(as_hits_next(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_query_no_words_warning)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    as_search_opts_t opts;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "!!! ???";
    opts.limit = 10;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    ck_assert_ptr_nonnull(as_hits_warning(hits));
    ck_assert_ptr_null(as_hits_next(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_empty_query_matches_all)
{
    build_index();
    ck_assert_str_eq(found_q(""), "a1#1,a1#2,a1#3,a2#1,a2#2,a3#1,a3#2");
    ck_assert_str_eq(found_q(NULL), "a1#1,a1#2,a1#3,a2#1,a2#2,a3#1,a3#2");
}
END_TEST

START_TEST(test_limit_offset)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    const as_hit_t *hit;
    as_search_opts_t opts;
    char all[3][64];
    size_t n = 0;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "japan";
    opts.limit = 10;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    while ((hit = as_hits_next(hits)) != NULL) {
        ck_assert_uint_lt(n, 3);
        ck_assert_uint_eq(hit->rank, n + 1);
        snprintf(all[n], sizeof all[n], "%s#%ld", hit->record->id,
                 hit->record->paragraph);
        n++;
    }
    ck_assert_uint_eq(n, 3);
    as_hits_free(hits);

    for (size_t offset = 0; offset < 3; offset++) {
        char key[64];

        opts.offset = offset;
        opts.limit = 1;
        ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
        hit = as_hits_next(hits);
        ck_assert_ptr_nonnull(hit);
        ck_assert_uint_eq(hit->rank, offset + 1);
        snprintf(key, sizeof key, "%s#%ld", hit->record->id,
                 hit->record->paragraph);
        ck_assert_str_eq(key, all[offset]);
        ck_assert_ptr_null(as_hits_next(hits));
        as_hits_free(hits);
    }

    opts.offset = 3;
    opts.limit = 5;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    ck_assert_ptr_null(as_hits_next(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

/* An article of n paragraphs, each with the word "rice" (its number in
 * words before it: scores differ), in memory from malloc(). */
static char *rice_article(size_t n, const char *extra)
{
    size_t cap = 64 + n * 64, len = 0;
    char *text = malloc(cap);

    ck_assert_ptr_nonnull(text);
    len += (size_t)snprintf(text, cap, "Title: Rice\nDate: 2024\n\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s%s rice %zu.\n\n",
                                extra, i % 2 ? " paddy" : "", i);
    return text;
}

/* The index of one article "rice" of 2,500 paragraphs, open for reading;
 * opts asks for all of them. */
static as_index_t *rice_index(as_search_opts_t *opts)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    char *text = rice_article(2500, "");

    put(idx, "rice", text);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    free(text);
    memset(opts, 0, sizeof *opts);
    opts->query = "rice";
    opts->limit = 3000;
    return open_index(AS_INDEX_READ, NULL);
}

/* The hits of opts as "id#para" keys, n of them; *status: why they
 * stopped. */
static char **hit_list(as_index_t *idx, const as_search_opts_t *opts, size_t *n,
                       as_status_t *status)
{
    as_hits_t *hits = NULL;
    const as_hit_t *hit;
    char **keys = NULL;

    *n = 0;
    ck_assert_int_eq(as_search_run(idx, opts, &hits), AS_OK);
    while ((hit = as_hits_next(hits)) != NULL) {
        keys = realloc(keys, (*n + 1) * sizeof *keys);
        ck_assert_ptr_nonnull(keys);
        ck_assert_uint_eq(hit->rank, opts->offset + *n + 1);
        ck_assert_ptr_nonnull(hit->snippet);
        keys[*n] = malloc(64);
        snprintf(keys[*n], 64, "%s#%ld", hit->record->id,
                 hit->record->paragraph);
        (*n)++;
    }
    *status = as_hits_status(hits);
    as_hits_free(hits);
    return keys;
}

static void free_list(char **keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

/* Hits are read from the index a chunk at a time: a list longer than a
 * chunk comes whole, in order, the same from any offset. */
START_TEST(test_hits_in_chunks)
{
    as_search_opts_t opts;
    as_index_t *idx = rice_index(&opts);
    char **all, **part;
    size_t n_all, n_part;
    as_status_t st;

    all = hit_list(idx, &opts, &n_all, &st);
    ck_assert_int_eq(st, AS_OK);
    ck_assert_uint_eq(n_all, 2500);
    for (size_t i = 1; i < n_all; i++) /* each paragraph once */
        for (size_t j = i < 50 ? 0 : i - 50; j < i; j++)
            ck_assert_str_ne(all[i], all[j]);

    opts.offset = 1200;
    opts.limit = 1500;
    part = hit_list(idx, &opts, &n_part, &st);
    ck_assert_int_eq(st, AS_OK);
    ck_assert_uint_eq(n_part, 1300);
    for (size_t i = 0; i < n_part; i++)
        ck_assert_str_eq(part[i], all[1200 + i]);
    free_list(part, n_part);

    opts.offset = 0; /* a list of files or ids reads records only */
    opts.limit = 3000;
    opts.list_only = 1;
    part = hit_list(idx, &opts, &n_part, &st);
    ck_assert_uint_eq(n_part, 2500);
    ck_assert_str_eq(part[2499], all[2499]);
    free_list(part, n_part);
    free_list(all, n_all);
    as_index_close(idx);
}
END_TEST

/* When an indexer commits twice while a long list is read, the revision
 * its first hits came from is gone: the list stops with a status that
 * says so, never with hits of another revision. */
START_TEST(test_hits_index_changed)
{
    as_search_opts_t opts;
    as_index_t *idx = rice_index(&opts), *writer;
    as_hits_t *hits = NULL;
    char *text;
    size_t n = 0;

    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    ck_assert_ptr_nonnull(as_hits_next(hits));
    n++;
    writer = open_index(AS_INDEX_WRITE, NULL);
    for (int round = 0; round < 3; round++) {
        text = rice_article(2500, round % 2 ? "Wheat" : "Barley");
        put(writer, "rice", text);
        ck_assert_int_eq(as_index_commit(writer), AS_OK);
        free(text);
    }
    as_index_close(writer);
    while (as_hits_next(hits))
        n++;
    ck_assert_uint_lt(n, 2500);
    ck_assert_int_ne(as_hits_status(hits), AS_OK);
    ck_assert_msg(strstr(as_index_errmsg(idx), "changed while the hits"), "%s",
                  as_index_errmsg(idx));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_limit_zero_counts)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    as_search_opts_t opts;
    size_t lower = 0, estimate = 0, upper = 0;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "japan";
    opts.limit = 0;
    opts.exact_count = 1;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    ck_assert_ptr_null(as_hits_next(hits));
    as_hits_matches(hits, &lower, &estimate, &upper);
    ck_assert_uint_eq(lower, 3);
    ck_assert_uint_eq(estimate, 3);
    ck_assert_uint_eq(upper, 3);
    ck_assert_ptr_nonnull(as_hits_query_description(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_sort_by_date)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    const as_hit_t *hit;
    as_search_opts_t opts;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "japan";
    opts.limit = 10;
    opts.sort = AS_SORT_NEWEST;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_str_eq(hit->record->id, "a1");
    as_hits_free(hits);

    opts.sort = AS_SORT_OLDEST;
    opts.since = 10000101; /* leave the undated article out */
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_str_eq(hit->record->id, "a2");
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_str_eq(hit->record->id, "a1");
    ck_assert_ptr_null(as_hits_next(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

/* ---- updating ----------------------------------------------------------- */

START_TEST(test_reput_fewer_paragraphs)
{
    as_index_t *idx;
    as_index_stats_t st;

    build_index();
    idx = open_index(AS_INDEX_WRITE, NULL);
    put(idx, "a1", text_a1_short);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    st = stats();
    ck_assert_uint_eq(st.paragraphs, 5);
    ck_assert_uint_eq(st.articles, 3);
    ck_assert_str_eq(found_q("tariffs"), "");
    ck_assert_str_eq(found_q("rice"), "");
    ck_assert_str_eq(found_q("negotiations"), "a1#1");
}
END_TEST

START_TEST(test_reput_same_session)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    as_index_stats_t st;

    put(idx, "a1", text_a1);
    put(idx, "a1", text_a1_short);
    ck_assert_int_eq(as_index_stats(idx, &st), AS_OK);
    ck_assert_uint_eq(st.paragraphs, 1);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    st = stats();
    ck_assert_uint_eq(st.paragraphs, 1);
    ck_assert_uint_eq(st.articles, 1);
}
END_TEST

START_TEST(test_reput_never_duplicates)
{
    as_index_t *idx;
    as_index_stats_t st;

    build_index();
    idx = open_index(AS_INDEX_WRITE, NULL);
    put(idx, "a1", text_a1);
    put(idx, "a2", text_a2);
    put(idx, "a1", text_a1);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    st = stats();
    ck_assert_uint_eq(st.paragraphs, 7);
    ck_assert_uint_eq(st.articles, 3);
    ck_assert_str_eq(found_q("tariffs"), "a1#2");
    ck_assert_str_eq(found_q("japan"), "a1#1,a2#1,a3#1");
}
END_TEST

/* A new article added without a search for earlier paragraphs: the same
 * index as put() makes, and put() still replaces it afterwards. */
START_TEST(test_add_new_articles)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    as_article_t *a = article("a1", text_a1);
    as_index_stats_t st;

    ck_assert_int_eq(as_index_add_article(idx, a), AS_OK);
    as_article_free(a);
    put(idx, "a2", text_a2);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    st = stats();
    ck_assert_uint_eq(st.paragraphs, 5);
    ck_assert_uint_eq(st.articles, 2);
    ck_assert_str_eq(found_q("tariffs"), "a1#2");
    ck_assert_str_eq(found_q("japan"), "a1#1,a2#1");

    /* a later run adds a3 and replaces a1 by its shorter version */
    idx = open_index(AS_INDEX_WRITE, NULL);
    a = article("a3", text_a3);
    ck_assert_int_eq(as_index_add_article(idx, a), AS_OK);
    as_article_free(a);
    put(idx, "a1", text_a1_short);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    st = stats();
    ck_assert_uint_eq(st.paragraphs, 5);
    ck_assert_uint_eq(st.articles, 3);
    ck_assert_str_eq(found_q("tariffs"), "");
    ck_assert_str_eq(found_q("negotiations"), "a1#1");
    ck_assert_str_eq(found_q("japan"), "a1#1,a2#1,a3#1");
}
END_TEST

/* Ids of AS_ARTICLE_ID_MAX bytes are stored; longer ones are refused
 * with a message (not a Xapian error that ends a run) and are never
 * found. */
START_TEST(test_article_id_length)
{
    char id[AS_ARTICLE_ID_MAX + 2], expect[AS_ARTICLE_ID_MAX + 8];
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    as_article_t *a;
    char *state = (char *)&state;

    memset(id, 'i', AS_ARTICLE_ID_MAX);
    id[AS_ARTICLE_ID_MAX] = '\0';
    put(idx, id, text_a1);
    ck_assert_int_eq(as_index_set_article_state(idx, id, "h1"), AS_OK);
    ck_assert_int_eq(as_index_article_state(idx, id, &state), AS_OK);
    ck_assert_str_eq(state, "h1");
    free(state);

    strcat(id, "j"); /* one byte too many */
    /* the parser refuses such an id; an article built otherwise reaches
     * the shim, which refuses it too */
    a = article("short", text_a2);
    free(a->id);
    a->id = strdup(id);
    ck_assert_int_eq(as_index_put_article(idx, a), AS_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(as_index_errmsg(idx), "at most 200 bytes"));
    ck_assert_int_eq(as_index_add_article(idx, a), AS_ERR_USAGE);
    as_article_free(a);
    ck_assert_int_eq(as_index_set_article_state(idx, id, "h2"), AS_ERR_USAGE);
    ck_assert_int_eq(as_index_remove_article(idx, id), AS_ERR_USAGE);
    state = (char *)&state;
    ck_assert_int_eq(as_index_article_state(idx, id, &state), AS_OK);
    ck_assert_ptr_null(state);
    ck_assert_int_eq(as_index_remove_article(idx, ""), AS_ERR_USAGE);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    id[AS_ARTICLE_ID_MAX] = '\0';
    snprintf(expect, sizeof expect, "%s#2", id);
    ck_assert_str_eq(found_q("tariffs"), expect);
    ck_assert_str_eq(found_q("defence"), "");
}
END_TEST

START_TEST(test_remove_article)
{
    as_index_t *idx;
    as_index_stats_t st;

    build_index();
    idx = open_index(AS_INDEX_WRITE, NULL);
    ck_assert_int_eq(as_index_remove_article(idx, "a2"), AS_OK);
    ck_assert_int_eq(as_index_remove_article(idx, "no-such-id"), AS_OK);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    st = stats();
    ck_assert_uint_eq(st.paragraphs, 5);
    ck_assert_uint_eq(st.articles, 2);
    ck_assert_str_eq(found_q("japan"), "a1#1,a3#1");
}
END_TEST

START_TEST(test_close_without_commit)
{
    as_index_t *idx;
    as_index_stats_t st;

    build_index();
    idx = open_index(AS_INDEX_WRITE, NULL);
    ck_assert_int_eq(as_index_remove_article(idx, "a1"), AS_OK);
    as_index_close(idx);

    st = stats();
    ck_assert_uint_eq(st.paragraphs, 7);
}
END_TEST

START_TEST(test_abandon)
{
    as_index_t *idx;
    as_index_stats_t st;

    idx = open_index(AS_INDEX_WRITE, NULL);
    put(idx, "a1", text_a1);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    put(idx, "a2", text_a2);
    as_index_abandon(idx);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    st = stats();
    ck_assert_uint_eq(st.articles, 1);
    ck_assert_uint_eq(st.paragraphs, 3);
    ck_assert_str_eq(found_q("defence"), "");
    ck_assert_str_eq(found_q("tariffs"), "a1#2");
}
END_TEST

START_TEST(test_abandon_new_index)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    char *err = NULL;
    as_status_t rc;

    put(idx, "a1", text_a1);
    as_index_abandon(idx);
    as_index_close(idx);

    /* nothing stored: an empty index that describes itself */
    rc = as_index_open(dbpath, AS_INDEX_READ, NULL, &idx, &err);
    ck_assert_int_eq(rc, AS_OK);
    {
        as_index_stats_t st;
        ck_assert_int_eq(as_index_stats(idx, &st), AS_OK);
        ck_assert_uint_eq(st.paragraphs, 0);
        ck_assert_uint_eq(st.articles, 0);
        ck_assert_int_eq(st.schema, AS_INDEX_SCHEMA);
    }
    ck_assert_str_eq(as_index_language(idx), "english");
    as_index_close(idx);
    free(err);
}
END_TEST

START_TEST(test_abandon_then_put_new_index)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    as_index_stats_t st;
    char *err = NULL;
    as_status_t rc;

    put(idx, "a1", text_a1);
    as_index_abandon(idx);
    put(idx, "a2", text_a2);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    /* the index made after the abandon must be a valid one */
    rc = as_index_open(dbpath, AS_INDEX_READ, NULL, &idx, &err);
    ck_assert_int_eq(rc, AS_OK);
    ck_assert_int_eq(as_index_stats(idx, &st), AS_OK);
    ck_assert_uint_eq(st.articles, 1);
    ck_assert_uint_eq(st.paragraphs, 2);
    ck_assert_int_eq(st.schema, AS_INDEX_SCHEMA);
    as_index_close(idx);
    free(err);
}
END_TEST

START_TEST(test_put_on_reader)
{
    as_index_t *idx;
    as_article_t *a;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    a = article("a4", text_a3);
    ck_assert_int_eq(as_index_put_article(idx, a), AS_ERR_USAGE);
    ck_assert_str_ne(as_index_errmsg(idx), "");
    ck_assert_int_eq(as_index_add_article(idx, a), AS_ERR_USAGE);
    as_article_free(a);
    as_index_close(idx);
}
END_TEST

/* A dry run's handle: what a writer would open, checked as a writer is,
 * but nothing created, locked or written. */
START_TEST(test_preview)
{
    as_index_t *idx = NULL, *writer;
    as_article_t *a;
    char *err = NULL, *state = NULL;
    struct stat st;

    ck_assert_int_eq(as_index_open(dbpath, AS_INDEX_PREVIEW, NULL, &idx, &err),
                     AS_ERR_NO_INDEX);
    ck_assert_ptr_null(idx);
    free(err);
    ck_assert_int_ne(stat(dbpath, &st), 0);

    build_index();
    writer = open_index(AS_INDEX_WRITE, NULL);
    ck_assert_int_eq(as_index_set_article_state(writer, "a1", "s1"), AS_OK);
    ck_assert_int_eq(as_index_commit(writer), AS_OK);
    /* beside a writer, which holds Xapian's lock */
    idx = open_index(AS_INDEX_PREVIEW, "english");
    ck_assert_int_eq(as_index_article_state(idx, "a1", &state), AS_OK);
    ck_assert_str_eq(state, "s1");
    free(state);
    ck_assert(as_index_owns(idx, "a1"));
    a = article("a4", text_a3);
    ck_assert_int_eq(as_index_put_article(idx, a), AS_ERR_USAGE);
    ck_assert_int_eq(as_index_remove_article(idx, "a1"), AS_ERR_USAGE);
    ck_assert_int_eq(as_index_set_article_state(idx, "a1", "s2"), AS_ERR_USAGE);
    as_article_free(a);
    as_index_close(idx);
    as_index_close(writer);

    /* another language is refused, as for a writer */
    idx = NULL;
    ck_assert_int_eq(
        as_index_open(dbpath, AS_INDEX_PREVIEW, "french", &idx, &err),
        AS_ERR_USAGE);
    ck_assert_ptr_null(idx);
    ck_assert_msg(err && strstr(err, "built for language english, not french"),
                  "message: %s", err ? err : "(none)");
    free(err);
    ck_assert_uint_eq(stats().articles, 3);
}
END_TEST

/* ---- search options: per article, similar, explain, facets, suggest,
 * synonyms ------------------------------------------------------------- */

/* says "US", not "United States" */
static const char text_us[] = "Title: Summit notes\n"
                              "\n"
                              "The US delegation arrived early.\n";

/* "harbour" in both paragraphs */
static const char text_port[] = "Title: Port life\n"
                                "\n"
                                "The harbour was busy at dawn.\n"
                                "\n"
                                "Boats left the harbour before noon.\n";

static const char synonyms_us[] = "United States, US, U.S., America\n";

/* Run opts on idx, which must succeed. */
static as_hits_t *search(as_index_t *idx, const as_search_opts_t *opts)
{
    as_hits_t *hits = NULL;
    as_status_t rc = as_search_run(idx, opts, &hits);

    ck_assert_msg(rc == AS_OK, "search '%s': %s",
                  opts->query ? opts->query : "", as_index_errmsg(idx));
    ck_assert_ptr_nonnull(hits);
    return hits;
}

/* "id#para" of hit into buf. */
static const char *hit_key(const as_hit_t *hit, char *buf, size_t size)
{
    snprintf(buf, size, "%s#%ld", hit->record->id, hit->record->paragraph);
    return buf;
}

/* The term of hit in field, or NULL. */
static const as_term_t *term_in(const as_hit_t *hit, const char *field)
{
    for (size_t i = 0; i < hit->n_terms; i++)
        if (strcmp(hit->terms[i].field, field) == 0)
            return &hit->terms[i];
    return NULL;
}

/* Check that facet list f of n values is exactly want (NULL-terminated
 * "value", "count" pairs as strings). */
static void check_facets(const as_facet_t *f, size_t n, const char *const *want)
{
    size_t i = 0;

    for (; want[2 * i]; i++) {
        ck_assert_msg(i < n, "facet %zu (%s) missing", i, want[2 * i]);
        ck_assert_str_eq(f[i].value, want[2 * i]);
        ck_assert_uint_eq(f[i].count, strtoul(want[2 * i + 1], NULL, 10));
    }
    ck_assert_uint_eq(n, i);
}

/* The index of build_index() plus text_us (u1) and text_port (p1);
 * with synonyms_us when synonyms is not 0. */
static void build_more(int synonyms)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);

    put(idx, "a1", text_a1);
    put(idx, "a2", text_a2);
    put(idx, "a3", text_a3);
    put(idx, "u1", text_us);
    put(idx, "p1", text_port);
    if (synonyms)
        ck_assert_int_eq(
            as_index_set_synonyms(idx, synonyms_us, strlen(synonyms_us)),
            AS_OK);
    ck_assert_int_eq(as_index_refresh_spelling(idx), AS_OK);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
}

START_TEST(test_per_article_one)
{
    as_index_t *idx;
    as_hits_t *hits;
    const as_hit_t *hit;
    as_search_opts_t opts = filter_opts();
    int seen[3] = {0, 0, 0};
    size_t n = 0;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    /* a1#1, a1#2, a1#3, a2#1, a3#1 */
    opts.query = "japan OR tariffs OR rice";
    opts.per_article = 1;
    hits = search(idx, &opts);
    while ((hit = as_hits_next(hits)) != NULL) {
        const char *id = hit->record->id;

        n++;
        ck_assert_uint_eq(hit->rank, n);
        ck_assert_msg(id[0] == 'a' && id[1] >= '1' && id[1] <= '3' && !id[2],
                      "unexpected article %s", id);
        seen[id[1] - '1']++;
        if (strcmp(id, "a1") == 0)
            ck_assert_uint_eq(hit->article_matches, 3);
        else
            ck_assert_uint_eq(hit->article_matches, 1);
    }
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(seen[0], 1);
    ck_assert_int_eq(seen[1], 1);
    ck_assert_int_eq(seen[2], 1);
    as_hits_free(hits);

    /* without per_article every paragraph comes, article_matches 0 */
    opts.per_article = 0;
    hits = search(idx, &opts);
    n = 0;
    while ((hit = as_hits_next(hits)) != NULL) {
        n++;
        ck_assert_uint_eq(hit->article_matches, 0);
    }
    ck_assert_uint_eq(n, 5);
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_per_article_matches_paragraphs)
{
    as_index_t *idx;
    as_hits_t *hits;
    const as_hit_t *hit;
    as_search_opts_t opts = filter_opts();
    size_t n = 0;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    /* a2#2, a3#1, a3#2 */
    opts.query = "autonomy";
    opts.per_article = 1;
    hits = search(idx, &opts);
    while ((hit = as_hits_next(hits)) != NULL) {
        n++;
        if (strcmp(hit->record->id, "a3") == 0) {
            ck_assert_uint_eq(hit->article_matches, 2);
        } else {
            ck_assert_str_eq(hit->record->id, "a2");
            ck_assert_uint_eq(hit->record->paragraph, 2);
            ck_assert_uint_eq(hit->article_matches, 1);
        }
    }
    ck_assert_uint_eq(n, 2);
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_per_article_two)
{
    as_index_t *idx;
    as_hits_t *hits;
    const as_hit_t *hit;
    as_search_opts_t opts = filter_opts();
    size_t n = 0, a1 = 0;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    opts.query = "japan OR tariffs OR rice";
    opts.per_article = 2;
    hits = search(idx, &opts);
    while ((hit = as_hits_next(hits)) != NULL) {
        n++;
        if (strcmp(hit->record->id, "a1") == 0) {
            a1++;
            ck_assert_uint_eq(hit->article_matches, 3);
        } else {
            ck_assert_uint_eq(hit->article_matches, 1);
        }
    }
    ck_assert_uint_eq(a1, 2);
    ck_assert_uint_eq(n, 4);
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_similar_paragraph)
{
    as_search_opts_t opts = filter_opts();
    as_index_t *idx;
    as_hits_t *hits;
    const as_hit_t *hit;

    build_index();
    /* a2#2 "Analysts call for strategic autonomy." shares its words with
     * a3#1 and a3#2 only */
    opts.similar = "a2:2";
    ck_assert_str_eq(found(&opts), "a3#1,a3#2");
    /* a1#1 shares "japan" with a2#1 and a3#1 */
    opts.similar = "a1:1";
    ck_assert_str_eq(found(&opts), "a2#1,a3#1");

    idx = open_index(AS_INDEX_READ, NULL);
    opts.similar = "a2:2";
    hits = search(idx, &opts);
    while ((hit = as_hits_next(hits)) != NULL)
        ck_assert(hit->score > 0);
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_similar_with_query)
{
    as_search_opts_t opts = filter_opts();

    build_index();
    opts.similar = "a2:2";
    opts.query = "money";
    ck_assert_str_eq(found(&opts), "a3#2");
}
END_TEST

START_TEST(test_similar_article)
{
    as_search_opts_t opts = filter_opts();
    const char *s;

    build_index();
    opts.similar = "a3";
    s = found(&opts);
    ck_assert_msg(strstr(s, "a3#") == NULL, "a3 itself found: %s", s);
    ck_assert_msg(strstr(s, "a2#2") != NULL, "a2#2 not found: %s", s);
    opts.similar = "a2";
    s = found(&opts);
    ck_assert_msg(strstr(s, "a2#") == NULL, "a2 itself found: %s", s);
    ck_assert_msg(strstr(s, "a3#1") != NULL, "a3#1 not found: %s", s);
}
END_TEST

START_TEST(test_similar_unknown)
{
    static const char *const specs[] = {"nosuch", "a1:9", "nosuch:1"};
    as_index_t *idx;
    as_search_opts_t opts = filter_opts();

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        as_hits_t *hits = (as_hits_t *)&hits;

        opts.similar = specs[i];
        ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_ERR_USAGE);
        ck_assert_ptr_null(hits);
        /* the spec named, or for a paragraph past the article's, the
         * paragraphs it has */
        ck_assert_msg(strstr(as_index_errmsg(idx), specs[i]) != NULL ||
                          (i == 1 && strstr(as_index_errmsg(idx),
                                            "article 'a1' has no paragraph 9 "
                                            "(the index holds 3 of its "
                                            "paragraphs, from 1)") != NULL),
                      "message for %s: %s", specs[i], as_index_errmsg(idx));
    }
    as_index_close(idx);
}
END_TEST

START_TEST(test_explain_stemmed)
{
    as_index_t *idx;
    as_hits_t *hits;
    const as_hit_t *hit;
    const as_term_t *t;
    as_search_opts_t opts = filter_opts();

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    opts.query = "negotiating";
    opts.explain = 1;
    hits = search(idx, &opts);
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_uint_ge(hit->n_terms, 1);
    ck_assert_ptr_nonnull(hit->terms);
    t = term_in(hit, "text");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->word, "negotiations");
    ck_assert(t->weight > 0);
    for (size_t i = 0; i < hit->n_terms; i++) {
        const char *f = hit->terms[i].field;

        ck_assert_msg(strcmp(f, "text") == 0 || strcmp(f, "title") == 0 ||
                          strcmp(f, "author") == 0 || strcmp(f, "source") == 0,
                      "field %s", f);
        ck_assert(hit->terms[i].weight > 0);
    }
    ck_assert_ptr_null(as_hits_next(hits));
    as_hits_free(hits);

    /* without explain: no terms */
    opts.explain = 0;
    hits = search(idx, &opts);
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_uint_eq(hit->n_terms, 0);
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_explain_title)
{
    as_index_t *idx;
    as_hits_t *hits;
    const as_hit_t *hit;
    const as_term_t *t;
    as_search_opts_t opts = filter_opts();
    char key[64];

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    /* a1#1 says "resumed", its title "resume" */
    opts.query = "resuming";
    opts.explain = 1;
    hits = search(idx, &opts);
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_str_eq(hit_key(hit, key, sizeof key), "a1#1");
    t = term_in(hit, "text");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->word, "resumed");
    ck_assert(t->weight > 0);
    t = term_in(hit, "title");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->word, "resume");
    ck_assert(t->weight > 0);
    ck_assert_ptr_null(as_hits_next(hits));
    as_hits_free(hits);

    opts.query = "title:alliance";
    hits = search(idx, &opts);
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_str_eq(hit->record->id, "a2");
    t = term_in(hit, "title");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->word, "alliance");
    ck_assert(t->weight > 0);
    ck_assert_ptr_null(term_in(hit, "text"));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_explain_unstemmed)
{
    as_index_t *idx;
    as_hits_t *hits;
    const as_hit_t *hit;
    const as_term_t *t;
    as_search_opts_t opts = filter_opts();
    size_t n = 0;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    /* a capitalised word is searched unstemmed; every paragraph that
     * matches says "Japan" */
    opts.query = "Japan";
    opts.explain = 1;
    hits = search(idx, &opts);
    while ((hit = as_hits_next(hits)) != NULL) {
        n++;
        t = term_in(hit, "text");
        ck_assert_ptr_nonnull(t);
        ck_assert(t->weight > 0);
        ck_assert_msg(strcasecmp(t->word, "japan") == 0, "word %s", t->word);
        ck_assert_str_eq(t->word, "Japan");
    }
    ck_assert_uint_eq(n, 3);
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

/* The span of hit's snippet that covers word, or NULL. */
static const as_span_t *span_of(const as_hit_t *hit, const char *word)
{
    const as_snippet_t *sn = hit->snippet;
    size_t n = strlen(word);

    for (size_t i = 0; i < sn->n_spans; i++)
        if (sn->spans[i].end - sn->spans[i].start == n &&
            memcmp(sn->text + sn->spans[i].start, word, n) == 0)
            return &sn->spans[i];
    return NULL;
}

/* The sum of the weights --explain gives hit's terms. */
static double explained(const as_hit_t *hit)
{
    double sum = 0;

    for (size_t i = 0; i < hit->n_terms; i++)
        sum += hit->terms[i].weight;
    return sum;
}

/* A paragraph of filler longer than two snippets with text in the middle,
 * as an article titled title. */
static char *long_paragraph(const char *title, const char *middle)
{
    static const char filler[] = "lorem ipsum dolor sit amet ";
    char *text = malloc(2048);
    char *p;

    ck_assert_ptr_nonnull(text);
    p = text + sprintf(text, "Title: %s\n\n", title);
    for (int i = 0; i < 14; i++)
        p += sprintf(p, "%s", filler);
    p += sprintf(p, "%s ", middle);
    for (int i = 0; i < 14; i++)
        p += sprintf(p, "%s", filler);
    strcpy(p, "end.\n");
    return text;
}

/* A wildcard's words are highlighted (the snippet is cut around them)
 * and explained: Xapian lists none of the words a wildcard expands to. */
START_TEST(test_explain_wildcard)
{
    as_index_t *idx;
    as_hits_t *hits;
    const as_hit_t *hit;
    as_search_opts_t opts = filter_opts();
    char *text = long_paragraph("Filler", "the negotiations ended.");

    idx = open_index(AS_INDEX_WRITE, NULL);
    put(idx, "w1", text);
    free(text);
    put(idx, "w2",
        "Title: Negotiations\n\n"
        "Negotiators said the negotiations went on.\n");
    put(idx, "w3", "Title: Elsewhere\n\nNothing like it.\n");
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    idx = open_index(AS_INDEX_READ, NULL);
    opts.query = "negotia*";
    opts.explain = 1;
    opts.ranking_off = AS_RANKING_ALL;
    hits = search(idx, &opts);
    while ((hit = as_hits_next(hits)) != NULL) {
        if (strcmp(hit->record->id, "w1") == 0) {
            /* the snippet is cut around it */
            ck_assert_msg(span_of(hit, "negotiations") != NULL,
                          "w1: no span covers 'negotiations' in '%s'",
                          hit->snippet->text);
            ck_assert_uint_eq(hit->snippet->n_spans, 1);
            ck_assert_uint_eq(hit->n_terms, 1);
            ck_assert_str_eq(hit->terms[0].word, "negotiations");
            ck_assert_str_eq(hit->terms[0].field, "text");
        } else {
            /* two words of the wildcard: shares of one weight */
            ck_assert_str_eq(hit->record->id, "w2");
            ck_assert_ptr_nonnull(span_of(hit, "Negotiators"));
            ck_assert_ptr_nonnull(span_of(hit, "negotiations"));
            ck_assert_uint_eq(hit->n_terms, 2);
            ck_assert(hit->terms[0].weight > 0 && hit->terms[1].weight > 0);
        }
        ck_assert_msg(fabs(explained(hit) - hit->score) < 1e-9,
                      "%s: explained %.12g of %.12g", hit->record->id,
                      explained(hit), hit->score);
    }
    as_hits_free(hits);

    /* in a field: a typed title: wildcard weighs what it adds */
    opts.query = "title:negot*";
    hits = search(idx, &opts);
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_str_eq(hit->record->id, "w2");
    ck_assert_uint_eq(hit->n_terms, 1);
    ck_assert_str_eq(hit->terms[0].word, "Negotiations");
    ck_assert_str_eq(hit->terms[0].field, "title");
    ck_assert(fabs(hit->terms[0].weight - hit->score) < 1e-9);
    ck_assert_uint_eq(hit->snippet->n_spans, 0);
    as_hits_free(hits);

    /* with feedback, which reads the hits' term lists itself */
    opts.query = "negotia*";
    opts.ranking_off = 0;
    hits = search(idx, &opts);
    while ((hit = as_hits_next(hits)) != NULL) {
        ck_assert_ptr_nonnull(span_of(hit, "negotiations"));
        ck_assert(term_in(hit, "text") != NULL);
    }
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

/* The highlighted words of hit's snippet, joined by '|', in a static
 * buffer. */
static const char *highlighted(const as_hit_t *hit)
{
    static char buf[512];
    const as_snippet_t *sn = hit->snippet;
    size_t o = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < sn->n_spans; i++) {
        int n = snprintf(buf + o, sizeof buf - o, "%s%.*s", i ? "|" : "",
                         (int)(sn->spans[i].end - sn->spans[i].start),
                         sn->text + sn->spans[i].start);
        ck_assert(n > 0 && (size_t)n < sizeof buf - o);
        o += (size_t)n;
    }
    return buf;
}

/* The words --explain gives hit, joined by '|', in a static buffer. */
static const char *explained_words(const as_hit_t *hit)
{
    static char buf[512];
    size_t o = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < hit->n_terms; i++) {
        int n = snprintf(buf + o, sizeof buf - o, "%s%s", i ? "|" : "",
                         hit->terms[i].word);
        ck_assert(n > 0 && (size_t)n < sizeof buf - o);
        o += (size_t)n;
    }
    return buf;
}

/* The first hit of query on idx (plain BM25, explained) whose article is
 * id, which must be there; its highlighted words into *hl and explained
 * words into *words (static). */
static void phrase_hit(as_index_t *idx, const char *query, const char *id,
                       const char **hl, const char **words)
{
    static char hl_buf[512], words_buf[512];
    as_search_opts_t opts = filter_opts();
    as_hits_t *hits;
    const as_hit_t *hit;

    opts.query = query;
    opts.explain = 1;
    opts.ranking_off = AS_RANKING_ALL;
    hits = search(idx, &opts);
    while ((hit = as_hits_next(hits)) != NULL) {
        /* every hit: what --explain lists adds up to the score */
        ck_assert_msg(fabs(explained(hit) - hit->score) < 1e-9,
                      "%s, %s: explained %.12g of %.12g", query,
                      hit->record->id, explained(hit), hit->score);
        if (strcmp(hit->record->id, id) == 0)
            break;
    }
    ck_assert_msg(hit != NULL, "%s: no hit of %s", query, id);
    snprintf(hl_buf, sizeof hl_buf, "%s", highlighted(hit));
    snprintf(words_buf, sizeof words_buf, "%s", explained_words(hit));
    *hl = hl_buf;
    *words = words_buf;
    as_hits_free(hits);
}

/* A phrase, NEAR or ADJ counts only where it matched: its words are
 * highlighted where they stand as it asks (not each wherever it is), and
 * --explain lists them only for the hits it matched. */
START_TEST(test_explain_phrase)
{
    as_index_t *idx;
    const char *hl, *words;

    idx = open_index(AS_INDEX_WRITE, NULL);
    put(idx, "h1",
        "Title: Port\n\n"
        "The harbour lease continued for months.\n");
    put(idx, "h2",
        "Title: Quay\n\n"
        "Fishermen said the lease would change the harbour.\n");
    put(idx, "n1",
        "Title: Shield\n\n"
        "The nuclear umbrella held, though the umbrella of allies "
        "frayed and nuclear talks stalled.\n");
    put(idx, "n2",
        "Title: Makers\n\n"
        "Umbrella makers met; nuclear physicists did not.\n");
    put(idx, "p1",
        "Title: Prices\n\n"
        "Prices rose as oil fell and oil rose and oil held.\n");
    put(idx, "g1", "Title: Growth\n\nThe economy grew 1.5 percent.\n");
    put(idx, "z1", "Title: Other\n\nNothing to see.\n");
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    idx = open_index(AS_INDEX_READ, NULL);
    /* h2 matched through fishermen only */
    phrase_hit(idx, "\"harbour lease\" OR fishermen", "h2", &hl, &words);
    ck_assert_str_eq(hl, "Fishermen");
    ck_assert_str_eq(words, "Fishermen");
    phrase_hit(idx, "\"harbour lease\" OR fishermen", "h1", &hl, &words);
    ck_assert_str_eq(hl, "harbour lease");
    ck_assert_str_eq(words, "harbour|lease");
    /* the phrase, not its words alone elsewhere in the paragraph */
    phrase_hit(idx, "\"nuclear umbrella\"", "n1", &hl, &words);
    ck_assert_str_eq(hl, "nuclear umbrella");
    ck_assert_str_eq(words, "nuclear|umbrella");
    /* a word of the query outside the phrase is highlighted everywhere */
    phrase_hit(idx, "\"nuclear umbrella\" talks", "n1", &hl, &words);
    ck_assert_str_eq(hl, "nuclear umbrella|talks");
    phrase_hit(idx, "nuclear \"nuclear umbrella\"", "n1", &hl, &words);
    ck_assert_str_eq(hl, "nuclear umbrella|nuclear");
    /* NEAR: any order within the window; ADJ: in order */
    phrase_hit(idx, "nuclear NEAR/2 umbrella", "n1", &hl, &words);
    ck_assert_str_eq(hl, "nuclear umbrella");
    phrase_hit(idx, "umbrella NEAR/3 nuclear", "n2", &hl, &words);
    ck_assert_str_eq(hl, "Umbrella|nuclear");
    phrase_hit(idx, "umbrella ADJ/5 nuclear", "n1", &hl, &words);
    ck_assert_str_eq(hl, "umbrella|nuclear");
    /* every word in a match, also where the start's word comes after it
     * (NEAR) or each start shares the word before (ADJ) */
    phrase_hit(idx, "oil NEAR prices", "p1", &hl, &words);
    ck_assert_str_eq(hl, "Prices|oil|oil|oil");
    phrase_hit(idx, "prices ADJ oil", "p1", &hl, &words);
    ck_assert_str_eq(hl, "Prices|oil|oil|oil");
    phrase_hit(idx, "\"nuclear umbrella\" OR makers", "n2", &hl, &words);
    ck_assert_str_eq(hl, "makers");
    ck_assert_str_eq(words, "makers");
    /* "1.5" is one word, to the snippet as to the index */
    phrase_hit(idx, "\"grew 1.5 percent\"", "g1", &hl, &words);
    ck_assert_str_eq(hl, "grew 1.5 percent");
    ck_assert_str_eq(words, "grew|1.5|percent");
    /* an excluded phrase's words are no match */
    phrase_hit(idx, "makers NOT \"nuclear umbrella\"", "n2", &hl, &words);
    ck_assert_str_eq(hl, "makers");
    ck_assert_str_eq(words, "makers");
    as_index_close(idx);
}
END_TEST

/* Chinese, Japanese and Korean text: a run typed as a word is the phrase
 * of its characters, and its neighbours written together are written
 * together where it is highlighted, not across a space or punctuation,
 * where the index reads the characters' positions on. */
#define CJ_TO "\xE6\x9D\xB1"     /* 東 */
#define CJ_KYO "\xE4\xBA\xAC"    /* 京 */
#define CJ_MIYAKO "\xE9\x83\xBD" /* 都 */
#define KO_HAN "\xED\x95\x9C"    /* 한 */
#define KO_GUK "\xEA\xB5\xAD"    /* 국 */
#define KO_BANG "\xEB\xB0\xA9"   /* 방 */
#define KO_MUN "\xEB\xAC\xB8"    /* 문 */
#define JA_SUMMIT                                                              \
    "\xE3\x82\xB5\xE3\x83\x9F\xE3\x83\x83\xE3\x83\x88" /* サミット */
START_TEST(test_explain_cjk_run)
{
    as_index_t *idx;
    const char *hl, *words;

    idx = open_index(AS_INDEX_WRITE, NULL);
    /* 東京、都心では東京都が */
    put(idx, "t1",
        "Title: t\n\n" CJ_TO CJ_KYO "\xE3\x80\x81" CJ_MIYAKO
        "\xE5\xBF\x83\xE3\x81\xA7\xE3\x81\xAF" CJ_TO CJ_KYO CJ_MIYAKO
        "\xE3\x81\x8C\n");
    /* 한국 방문. 국방부. 한 국방 문. */
    put(idx, "k1",
        "Title: t\n\n" KO_HAN KO_GUK " " KO_BANG KO_MUN ". " KO_GUK KO_BANG
        "\xEB\xB6\x80. " KO_HAN " " KO_GUK KO_BANG " " KO_MUN ".\n");
    /* G7サミットが開かれた。G7サミ、ットも。 */
    put(idx, "g1",
        "Title: t\n\nG7" JA_SUMMIT "\xE3\x81\x8C\xE9\x96\x8B\xE3\x81\x8B"
        "\xE3\x82\x8C\xE3\x81\x9F\xE3\x80\x82G7\xE3\x82\xB5\xE3\x83\x9F"
        "\xE3\x80\x81\xE3\x83\x83\xE3\x83\x88\xE3\x82\x82\xE3\x80\x82\n");
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    idx = open_index(AS_INDEX_READ, NULL);
    phrase_hit(idx, CJ_TO CJ_KYO CJ_MIYAKO, "t1", &hl, &words);
    ck_assert_str_eq(hl, CJ_TO CJ_KYO CJ_MIYAKO);
    phrase_hit(idx, CJ_KYO CJ_MIYAKO, "t1", &hl, &words);
    ck_assert_str_eq(hl, CJ_KYO CJ_MIYAKO);
    /* Korean: not across a space; a quoted phrase with its space where
     * it has one */
    phrase_hit(idx, KO_GUK KO_BANG, "k1", &hl, &words);
    ck_assert_str_eq(hl, KO_GUK KO_BANG "|" KO_GUK KO_BANG);
    phrase_hit(idx, "\"" KO_HAN KO_GUK " " KO_BANG KO_MUN "\"", "k1", &hl,
               &words);
    ck_assert_str_eq(hl, KO_HAN KO_GUK " " KO_BANG KO_MUN);
    /* a run written with letters or digits */
    phrase_hit(idx, "G7" JA_SUMMIT, "g1", &hl, &words);
    ck_assert_str_eq(hl, "G7" JA_SUMMIT);
    as_index_close(idx);
}
END_TEST

START_TEST(test_facets_all)
{
    static const char *const authors[] = {"Jane Doe",   "3", "John Roe", "3",
                                          "Jane Smith", "2", NULL};
    static const char *const sources[] = {
        "The Daily Planet", "3", "Asia Forum", "2", "Planet Weekly", "2", NULL};
    static const char *const years[] = {"2025", "3", "2024", "2", NULL};
    as_index_t *idx;
    as_hits_t *hits;
    const as_facet_t *f;
    as_search_opts_t opts = filter_opts();
    size_t n = 99;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    opts.limit = 1; /* counts cover every match, not the hits shown */
    opts.facets[AS_FACET_AUTHOR] = 1;
    opts.facets[AS_FACET_SOURCE] = 1;
    opts.facets[AS_FACET_YEAR] = 1;
    hits = search(idx, &opts);
    f = as_hits_facets(hits, AS_FACET_AUTHOR, &n);
    check_facets(f, n, authors);
    f = as_hits_facets(hits, AS_FACET_SOURCE, &n);
    check_facets(f, n, sources);
    f = as_hits_facets(hits, AS_FACET_YEAR, &n);
    check_facets(f, n, years);
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_facets_query)
{
    static const char *const authors[] = {"Jane Smith", "1", NULL};
    static const char *const sources[] = {"Planet Weekly", "2", "Asia Forum",
                                          "1", NULL};
    static const char *const years[] = {"2024", "1", NULL};
    as_index_t *idx;
    as_hits_t *hits;
    const as_facet_t *f;
    as_search_opts_t opts = filter_opts();
    size_t n = 99;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    /* a2#2, a3#1, a3#2; a3 has no author and no date */
    opts.query = "autonomy";
    opts.facets[AS_FACET_AUTHOR] = 1;
    opts.facets[AS_FACET_YEAR] = 1;
    hits = search(idx, &opts);
    f = as_hits_facets(hits, AS_FACET_AUTHOR, &n);
    check_facets(f, n, authors);
    f = as_hits_facets(hits, AS_FACET_YEAR, &n);
    check_facets(f, n, years);
    /* not asked for */
    n = 99;
    as_hits_facets(hits, AS_FACET_SOURCE, &n);
    ck_assert_uint_eq(n, 0);
    as_hits_free(hits);

    opts.facets[AS_FACET_AUTHOR] = 0;
    opts.facets[AS_FACET_YEAR] = 0;
    opts.facets[AS_FACET_SOURCE] = 1;
    hits = search(idx, &opts);
    f = as_hits_facets(hits, AS_FACET_SOURCE, &n);
    check_facets(f, n, sources);
    as_hits_facets(hits, AS_FACET_YEAR, &n);
    ck_assert_uint_eq(n, 0);
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

/* What the index suggests for query: the suggestion (or NULL, when want
 * is NULL) and, when want_matches is not 0, its number of matches. */
static void expect_suggestion(const char *query, const char *want,
                              size_t want_matches)
{
    as_index_t *idx = open_index(AS_INDEX_READ, NULL);
    as_search_opts_t opts = filter_opts();
    as_hits_t *hits;
    size_t matches = 0;
    const char *got;

    opts.query = query;
    opts.suggest = 1;
    hits = search(idx, &opts);
    got = as_hits_suggestion(hits, &matches);
    if (want) {
        ck_assert_ptr_nonnull(got);
        ck_assert_str_eq(got, want);
        if (want_matches)
            ck_assert_uint_eq(matches, want_matches);
    } else {
        ck_assert_ptr_null(got);
    }
    as_hits_free(hits);
    as_index_close(idx);
}

/* The spelling data follows the words of the index: a word whose last
 * article is removed is suggested no more. */
START_TEST(test_spelling_follows_removals)
{
    as_index_t *idx;

    build_more(0);
    idx = open_index(AS_INDEX_WRITE, NULL);
    ck_assert_int_eq(as_index_remove_article(idx, "p1"), AS_OK);
    put(idx, "h1", "Title: Bay\n\nThe harbor was calm.\n");
    ck_assert_int_eq(as_index_refresh_spelling(idx), AS_OK);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    /* "harbour" (twice as frequent as "harbor") is gone */
    expect_suggestion("harbur", "harbor", 0);
    /* the other words still are */
    expect_suggestion("delegaton", "delegation", 0);
}
END_TEST

/* Changes committed without a refresh (a run stopped before its end)
 * leave a mark: the refresh of a later writer that changes nothing
 * brings the spelling data up to date. */
START_TEST(test_spelling_stale_after_stop)
{
    as_index_t *idx;

    build_more(0);
    idx = open_index(AS_INDEX_WRITE, NULL);
    put(idx, "h1", "Title: Bay\n\nThe lighthouse was dark.\n");
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    expect_suggestion("lighthuose", NULL, 0);

    idx = open_index(AS_INDEX_WRITE, NULL);
    ck_assert_int_eq(as_index_refresh_spelling(idx), AS_OK);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    expect_suggestion("lighthuose", "lighthouse", 1);
}
END_TEST

START_TEST(test_suggest)
{
    as_index_t *idx;
    as_hits_t *hits;
    as_search_opts_t opts = filter_opts();
    size_t matches = 99, lower, estimate, upper;
    const char *s;

    build_more(0);
    idx = open_index(AS_INDEX_READ, NULL);
    opts.query = "harbur";
    opts.suggest = 1;
    hits = search(idx, &opts);
    ck_assert_ptr_null(as_hits_next(hits));
    s = as_hits_suggestion(hits, &matches);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "harbour");
    ck_assert_uint_eq(matches, 2);
    as_hits_matches(hits, &lower, &estimate, &upper);
    ck_assert_uint_eq(estimate, 0);
    as_hits_free(hits);

    /* with the other words of the query */
    opts.query = "harbur boats";
    hits = search(idx, &opts);
    s = as_hits_suggestion(hits, &matches);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "harbour boats");
    ck_assert_uint_eq(matches, 1);
    as_hits_free(hits);

    /* not asked for */
    opts.query = "harbur";
    opts.suggest = 0;
    hits = search(idx, &opts);
    ck_assert_ptr_null(as_hits_suggestion(hits, NULL));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_suggest_not_when_found)
{
    as_index_t *idx;
    as_hits_t *hits;
    as_search_opts_t opts = filter_opts();
    size_t matches = 99;

    build_more(0);
    idx = open_index(AS_INDEX_READ, NULL);
    opts.query = "harbour";
    opts.suggest = 1;
    hits = search(idx, &opts);
    ck_assert_ptr_nonnull(as_hits_next(hits));
    ck_assert_ptr_null(as_hits_suggestion(hits, &matches));
    as_hits_free(hits);
    opts.query = "japan";
    hits = search(idx, &opts);
    ck_assert_ptr_nonnull(as_hits_next(hits));
    ck_assert_ptr_null(as_hits_suggestion(hits, &matches));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_synonyms_index)
{
    as_search_opts_t opts = filter_opts();

    build_more(1);
    /* plain words find what they say */
    ck_assert_str_eq(found_q("us"), "u1#1");
    ck_assert_str_eq(found_q("united states"), "a1#1");
    /* ~ finds every entry of the group */
    ck_assert_str_eq(found_q("~us"), "a1#1,u1#1");
    ck_assert_str_eq(found_q("~US"), "a1#1,u1#1");
    ck_assert_str_eq(found_q("~america"), "a1#1,u1#1");
    ck_assert_str_eq(found_q("~\"united states\""), "a1#1,u1#1");
    ck_assert_str_eq(found_q("~us delegation"), "u1#1");
    ck_assert_str_eq(found_q("~us -delegation"), "a1#1");
    /* punctuation or a possessive after the word */
    ck_assert_str_eq(found_q("~us,"), "a1#1,u1#1");
    ck_assert_str_eq(found_q("~us."), "a1#1,u1#1");
    ck_assert_str_eq(found_q("~America's"), "a1#1,u1#1");
    /* synonyms = 1 expands every word */
    opts.query = "us";
    opts.synonyms = 1;
    ck_assert_str_eq(found(&opts), "a1#1,u1#1");
    opts.query = "\"us\"";
    ck_assert_str_eq(found(&opts), "u1#1");
}
END_TEST

/* The description of the parsed query of query, with every word
 * expanded (static buffer). */
static const char *synonym_description(const char *query)
{
    static char out[2048];
    as_index_t *idx = open_index(AS_INDEX_READ, NULL);
    as_search_opts_t opts = filter_opts();
    as_hits_t *hits;

    opts.query = query;
    opts.synonyms = 1;
    opts.explain = 1;
    hits = search(idx, &opts);
    ck_assert_ptr_nonnull(as_hits_query_description(hits));
    snprintf(out, sizeof out, "%s", as_hits_query_description(hits));
    as_hits_free(hits);
    as_index_close(idx);
    return out;
}

/* An entry written as initials is the word the index makes of them:
 * "U.K." searches uk, which "The U.K. economy" has.  It was the phrase
 * u k, which no paragraph has: ~britain and ~U.K. found only Britain,
 * and ~UK (no entry then) only U.K.  US and U.S. are one form of their
 * group, searched once. */
START_TEST(test_synonyms_initials)
{
    static const char groups[] = "U.K., Britain\n"
                                 "United States, US, U.S., America\n";
    static const char text_uk[] = "Title: Growth\n\nThe U.K. economy grew.\n";
    static const char text_gb[] = "Title: Slump\n\nBritain economy shrank.\n";
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    const char *d;

    put(idx, "k1", text_uk);
    put(idx, "b1", text_gb);
    put(idx, "u1", text_us);
    ck_assert_int_eq(as_index_set_synonyms(idx, groups, strlen(groups)), AS_OK);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    ck_assert_str_eq(found_q("U.K."), "k1#1");
    ck_assert_str_eq(found_q("~britain"), "b1#1,k1#1");
    ck_assert_str_eq(found_q("~U.K."), "b1#1,k1#1");
    ck_assert_str_eq(found_q("~UK economy"), "b1#1,k1#1");
    ck_assert_str_eq(found_q("~U.K.'s"), "b1#1,k1#1");
    /* dotted letters in lower case are two words, as in the index */
    ck_assert_str_eq(found_q("~u.k."), "");
    d = synonym_description("britain");
    ck_assert_msg(strstr(d, "(Zuk@1 SYNONYM Zbritain@1)") &&
                      !strstr(d, "PHRASE"),
                  "description: %s", d);
    d = synonym_description("us");
    ck_assert_msg(strstr(d, "(united@1 PHRASE 2 states@2) SYNONYM Zus@1 "
                            "SYNONYM Zamerica@1)"),
                  "description: %s", d);
}
END_TEST

/* --synonyms only widens: two words of the query that are an entry (of
 * "nuclear umbrella, extended deterrence") still find what they find
 * without it, the group as well, and the words as a phrase, which both
 * find, first.  They were the group alone, a phrase: "The umbrella is
 * not nuclear" was lost.  ~"a phrase" keeps its meaning: the phrase or
 * its group; and -word before them excludes the word alone. */
START_TEST(test_synonyms_widen)
{
    static const char groups[] = "nuclear umbrella, extended deterrence\n"
                                 "Prime Minister, PM\n";
    static const char text_apart[] = "Title: Notes\n\n"
                                     "The umbrella is not nuclear.\n";
    static const char text_phrase[] = "Title: Notes\n\n"
                                      "The nuclear umbrella holds.\n";
    static const char text_other[] = "Title: Notes\n\n"
                                     "Extended deterrence matters.\n";
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    as_search_opts_t opts = filter_opts();
    as_hits_t *hits;
    const as_hit_t *hit;
    const char *d;
    char plain[256];

    put(idx, "n1", text_apart);
    put(idx, "n2", text_phrase);
    put(idx, "n3", text_other);
    ck_assert_int_eq(as_index_set_synonyms(idx, groups, strlen(groups)), AS_OK);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    ck_assert_str_eq(found_q("nuclear umbrella"), "n1#1,n2#1");
    opts.query = "nuclear umbrella";
    opts.synonyms = 1;
    ck_assert_str_eq(found(&opts), "n1#1,n2#1,n3#1");
    opts.match_any = 1;
    ck_assert_str_eq(found(&opts), "n1#1,n2#1,n3#1");
    ck_assert_str_eq(found_q("~nuclear umbrella"), "n1#1,n2#1,n3#1");
    ck_assert_str_eq(found_q("~\"nuclear umbrella\""), "n2#1,n3#1");
    opts.match_any = 0;
    opts.query = "-nuclear umbrella";
    ck_assert_str_eq(found(&opts), "");
    opts.query = "-extended deterrence";
    ck_assert_str_eq(found(&opts), "");
    /* NEAR takes the one word beside it: as without synonyms (a syntax
     * error for Xapian's parser, which searches the words) */
    opts.query = "holds NEAR nuclear umbrella";
    opts.match_any = 1;
    opts.synonyms = 0;
    snprintf(plain, sizeof plain, "%s", found(&opts));
    ck_assert_str_eq(plain, "n1#1,n2#1");
    opts.synonyms = 1;
    ck_assert_str_eq(found(&opts), plain);
    opts.match_any = 0;
    d = synonym_description("nuclear umbrella");
    ck_assert_msg(strstr(d, "((Znuclear@1 AND Zumbrella@2) OR "
                            "((nuclear@1 PHRASE 2 umbrella@2) SYNONYM "
                            "(extended@1 PHRASE 2 deterrence@2)))"),
                  "description: %s", d);
    /* the phrase first */
    idx = open_index(AS_INDEX_READ, NULL);
    opts.query = "nuclear umbrella";
    hits = search(idx, &opts);
    hit = as_hits_next(hits);
    ck_assert_ptr_nonnull(hit);
    ck_assert_str_eq(hit->record->id, "n2");
    as_hits_free(hits);
    /* a syntax error: the words searched are named as the user wrote
     * them, without the operators */
    opts.query = "nuclear umbrella zzz)";
    hits = search(idx, &opts);
    ck_assert_ptr_nonnull(as_hits_warning(hits));
    ck_assert_msg(
        strstr(as_hits_warning(hits), "instead: nuclear umbrella zzz"),
        "warning: %s", as_hits_warning(hits));
    as_hits_free(hits);
    opts.query = "pm OR zzz)";
    hits = search(idx, &opts);
    ck_assert_ptr_nonnull(as_hits_warning(hits));
    ck_assert_msg(strstr(as_hits_warning(hits), "instead: pm zzz"),
                  "warning: %s", as_hits_warning(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_synonyms_need_commit)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);

    put(idx, "a1", text_a1);
    put(idx, "u1", text_us);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    ck_assert_int_eq(
        as_index_set_synonyms(idx, synonyms_us, strlen(synonyms_us)), AS_OK);
    as_index_close(idx); /* not committed */
    ck_assert_str_eq(found_q("~us"), "u1#1");
}
END_TEST

/* The groups stored are read back as they were given; "" for none. */
START_TEST(test_synonyms_read_back)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE, NULL);
    char *text;
    size_t len;

    ck_assert_int_eq(as_index_get_synonyms(idx, &text, &len), AS_OK);
    ck_assert_str_eq(text, "");
    ck_assert_uint_eq(len, 0);
    free(text);
    put(idx, "a1", text_a1);
    ck_assert_int_eq(
        as_index_set_synonyms(idx, synonyms_us, strlen(synonyms_us)), AS_OK);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    idx = open_index(AS_INDEX_READ, NULL);
    ck_assert_int_eq(as_index_get_synonyms(idx, &text, &len), AS_OK);
    ck_assert_str_eq(text, synonyms_us);
    ck_assert_uint_eq(len, strlen(synonyms_us));
    free(text);
    as_index_close(idx);
}
END_TEST

START_TEST(test_synonyms_bad_text)
{
    static const char bad[] = "United States, US\nlonely\n";
    as_index_t *idx;
    as_index_stats_t st;

    build_more(1);
    idx = open_index(AS_INDEX_WRITE, NULL);
    ck_assert_int_eq(as_index_set_synonyms(idx, bad, strlen(bad)),
                     AS_ERR_FORMAT);
    ck_assert_msg(strstr(as_index_errmsg(idx), "line 2") != NULL, "message: %s",
                  as_index_errmsg(idx));
    /* the writer keeps working */
    put(idx, "a4", text_a3);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    st = stats();
    ck_assert_uint_eq(st.articles, 6);
    ck_assert_str_eq(found_q("money"), "a3#2,a4#2");
    /* and the table set before is still there */
    ck_assert_str_eq(found_q("~us"), "a1#1,u1#1");
}
END_TEST

START_TEST(test_synonyms_on_reader)
{
    as_index_t *idx;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    ck_assert_int_eq(
        as_index_set_synonyms(idx, synonyms_us, strlen(synonyms_us)),
        AS_ERR_USAGE);
    ck_assert_str_ne(as_index_errmsg(idx), "");
    as_index_close(idx);
    ck_assert_str_eq(found_q("~us"), "");
}
END_TEST

START_TEST(test_limit_zero_lower_bound)
{
    static const char *const authors[] = {"Jane Smith"};
    as_index_t *idx;
    as_search_opts_t base = filter_opts(), cases[14];
    size_t n = 0;

    build_more(1);
    base.limit = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cases[i] = base;
    cases[n++].query = "japan";
    cases[n++].query = "\"strategic autonomy\"";
    cases[n++].query = "japan -tariffs";
    cases[n++].query = "negotia*";
    cases[n++].query = "date:2024";
    cases[n++].query = "~us";
    cases[n].query = "autonomy";
    cases[n++].match_any = 1;
    cases[n].authors = authors; /* no query */
    cases[n++].n_authors = 1;
    cases[n++].similar = "a2:2";
    cases[n].query = "japan";
    cases[n++].per_article = 1;
    cases[n].query = "japan";
    cases[n++].facets[AS_FACET_YEAR] = 1;
    cases[n].query = "japan";
    cases[n++].offset = 5;
    cases[n].query = "japan";
    cases[n].explain = 1;
    cases[n++].suggest = 1;
    cases[n].query = "us";
    cases[n++].synonyms = 1;
    ck_assert_uint_eq(n, sizeof cases / sizeof cases[0]);

    idx = open_index(AS_INDEX_READ, NULL);
    for (size_t i = 0; i < n; i++) {
        as_hits_t *hits = search(idx, &cases[i]);
        size_t lower = 0, estimate = 0, upper = 0;

        ck_assert_ptr_null(as_hits_next(hits));
        as_hits_matches(hits, &lower, &estimate, &upper);
        ck_assert_msg(lower > 0, "case %zu (%s): lower bound 0", i,
                      cases[i].query ? cases[i].query : "");
        ck_assert_uint_le(lower, estimate);
        ck_assert_uint_le(estimate, upper);
        as_hits_free(hits);
    }
    /* and 0 when nothing matches */
    {
        as_search_opts_t opts = base;
        as_hits_t *hits;
        size_t lower = 9, estimate = 9, upper = 9;

        opts.query = "zeppelin";
        hits = search(idx, &opts);
        as_hits_matches(hits, &lower, &estimate, &upper);
        ck_assert_uint_eq(lower, 0);
        ck_assert_uint_eq(estimate, 0);
        as_hits_free(hits);
    }
    as_index_close(idx);
}
END_TEST

/* ---- errors ------------------------------------------------------------- */

START_TEST(test_err_no_index)
{
    as_index_t *idx = (as_index_t *)&idx;
    char *err = NULL;
    char path[700];

    snprintf(path, sizeof path, "%s/missing", tmpdir);
    ck_assert_int_eq(as_index_open(path, AS_INDEX_READ, NULL, &idx, &err),
                     AS_ERR_NO_INDEX);
    ck_assert_ptr_null(idx);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_ne(err, "");
    free(err);
}
END_TEST

START_TEST(test_err_empty_directory)
{
    as_index_t *idx = (as_index_t *)&idx;
    char *err = NULL;

    /* tmpdir exists but holds no index */
    ck_assert_int_eq(as_index_open(tmpdir, AS_INDEX_READ, NULL, &idx, &err),
                     AS_ERR_NO_INDEX);
    ck_assert_ptr_null(idx);
    ck_assert_ptr_nonnull(err);
    free(err);
}
END_TEST

START_TEST(test_read_ignores_language)
{
    as_index_t *idx = (as_index_t *)&idx;
    char *err = NULL;
    as_status_t rc;

    build_index();
    /* "For AS_INDEX_READ lang is ignored and the stored language is
     * used." */
    rc = as_index_open(dbpath, AS_INDEX_READ, "klingon", &idx, &err);
    ck_assert_int_eq(rc, AS_OK);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(as_index_language(idx), "english");
    as_index_close(idx);
    free(err);
    /* a known language other than the stored one is ignored too */
    idx = open_index(AS_INDEX_READ, "french");
    ck_assert_str_eq(as_index_language(idx), "english");
    as_index_close(idx);
}
END_TEST

START_TEST(test_err_damaged_index)
{
    as_index_t *idx = (as_index_t *)&idx;
    char *err = NULL;
    char path[700];
    FILE *f;

    build_index();
    snprintf(path, sizeof path, "%s/iamglass", dbpath);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("this is not a Xapian version file", f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(as_index_open(dbpath, AS_INDEX_READ, NULL, &idx, &err),
                     AS_ERR_CORRUPT);
    ck_assert_ptr_null(idx);
    ck_assert_ptr_nonnull(err);
    free(err);
}
END_TEST

START_TEST(test_err_locked)
{
    as_index_t *first = open_index(AS_INDEX_WRITE, NULL);
    as_index_t *second = (as_index_t *)&second;
    char *err = NULL;

    ck_assert_int_eq(as_index_open(dbpath, AS_INDEX_WRITE, NULL, &second, &err),
                     AS_ERR_LOCKED);
    ck_assert_ptr_null(second);
    ck_assert_ptr_nonnull(err);
    free(err);
    as_index_close(first);

    /* free again once the first writer is gone */
    second = open_index(AS_INDEX_WRITE, NULL);
    as_index_close(second);
}
END_TEST

START_TEST(test_err_stemmer)
{
    as_index_t *idx = (as_index_t *)&idx;
    char *err = NULL;

    ck_assert_int_eq(
        as_index_open(dbpath, AS_INDEX_WRITE, "klingon", &idx, &err),
        AS_ERR_STEMMER);
    ck_assert_ptr_null(idx);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, "klingon") != NULL, "message: %s", err);
    free(err);
}
END_TEST

START_TEST(test_err_other_language)
{
    as_index_t *idx = (as_index_t *)&idx;
    char *err = NULL;

    build_index();
    ck_assert_int_eq(
        as_index_open(dbpath, AS_INDEX_WRITE, "french", &idx, &err),
        AS_ERR_USAGE);
    ck_assert_ptr_null(idx);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "english"));
    free(err);
    /* the same language is fine */
    idx = open_index(AS_INDEX_WRITE, "english");
    as_index_close(idx);
}
END_TEST

START_TEST(test_err_bad_date_range)
{
    as_index_t *idx;
    as_hits_t *hits = (as_hits_t *)&hits;
    as_search_opts_t opts;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "date:2025-13..2026";
    opts.limit = 10;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_ERR_QUERY);
    ck_assert_ptr_null(hits);
    ck_assert_msg(strstr(as_index_errmsg(idx), "date") != NULL, "message: %s",
                  as_index_errmsg(idx));
    ck_assert_msg(strstr(as_index_errmsg(idx), "2025-13") != NULL,
                  "message: %s", as_index_errmsg(idx));
    as_index_close(idx);
}
END_TEST

START_TEST(test_err_reversed_date_range)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    as_search_opts_t opts;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "date:2025..2024";
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_ERR_QUERY);
    ck_assert_ptr_null(hits);
    ck_assert_str_ne(as_index_errmsg(idx), "");
    as_index_close(idx);
}
END_TEST

START_TEST(test_query_syntax_warning)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    as_search_opts_t opts;
    const char *warning;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "japan)";
    opts.limit = 10;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    warning = as_hits_warning(hits);
    ck_assert_ptr_nonnull(warning);
    ck_assert_ptr_nonnull(strstr(warning, "japan"));
    /* the words alone were searched */
    ck_assert_ptr_nonnull(as_hits_next(hits));
    as_hits_free(hits);

    opts.strict = 1;
    hits = (as_hits_t *)&hits;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_ERR_QUERY);
    ck_assert_ptr_null(hits);
    ck_assert_str_ne(as_index_errmsg(idx), "");
    as_index_close(idx);
}
END_TEST

/* A syntax error in a query of Chinese, Japanese or Korean words only
 * (runs, single characters) is told as in one of other words: "japan )"
 * warns, ") japan" does not (the parser skips that bracket). */
START_TEST(test_query_syntax_warning_cjk)
{
    static const struct {
        const char *query;
        int warns;
    } cases[] = {
        {CJ_TO CJ_KYO CJ_MIYAKO " )", 1},
        {CJ_KYO CJ_MIYAKO " " CJ_TO " )", 1},
        {CJ_KYO " )", 1},
        {CJ_TO CJ_KYO CJ_MIYAKO " ) " CJ_KYO, 1},
        {") " CJ_TO CJ_KYO CJ_MIYAKO, 0},
        {"(" CJ_TO CJ_KYO CJ_MIYAKO ")", 0},
        {CJ_TO CJ_KYO CJ_MIYAKO " " CJ_KYO, 0},
        {"japan )", 1},
        {") japan", 0},
    };
    as_index_t *idx;
    as_hits_t *hits;
    as_search_opts_t opts = filter_opts();

    idx = open_index(AS_INDEX_WRITE, NULL);
    put(idx, "t1",
        "Title: t\n\nJapan: " CJ_TO CJ_KYO CJ_MIYAKO "\xE3\x81\x8C\n");
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);

    idx = open_index(AS_INDEX_READ, NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *w;
        opts.query = cases[i].query;
        hits = search(idx, &opts);
        w = as_hits_warning(hits);
        ck_assert_msg((w != NULL) == cases[i].warns, "%s: warning %s",
                      cases[i].query, w ? w : "(none)");
        ck_assert_msg(!w || strstr(w, "syntax error"), "%s: warning %s",
                      cases[i].query, w);
        as_hits_free(hits);
    }
    as_index_close(idx);
}
END_TEST

START_TEST(test_query_no_warning)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    as_search_opts_t opts;

    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = "(japan OR tariffs) AND \"strategic autonomy\"";
    opts.strict = 1;
    opts.limit = 10;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    ck_assert_ptr_null(as_hits_warning(hits));
    ck_assert_ptr_nonnull(as_hits_next(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

START_TEST(test_err_query_too_long)
{
    as_index_t *idx;
    as_hits_t *hits = NULL;
    as_search_opts_t opts;
    char *query = malloc(AS_MAX_QUERY_BYTES + 2);

    ck_assert_ptr_nonnull(query);
    memset(query, 'a', AS_MAX_QUERY_BYTES + 1);
    query[AS_MAX_QUERY_BYTES + 1] = '\0';
    build_index();
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.query = query;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_ERR_QUERY);
    ck_assert_ptr_null(hits);
    free(query);
    as_index_close(idx);
}
END_TEST

/* Inputs the fuzzers found (tests/fuzz/crashes): each must give its
 * status and a message, never a crash or a leak. */
static void expect_query(const char *query, as_status_t want,
                         const char *msg_part)
{
    as_index_t *idx = open_index(AS_INDEX_READ, NULL);
    as_search_opts_t opts;
    as_hits_t *hits = NULL;
    as_status_t rc;

    memset(&opts, 0, sizeof opts);
    opts.query = query;
    opts.limit = 10;
    opts.explain = 1;
    opts.suggest = 1;
    rc = as_search_run(idx, &opts, &hits);
    ck_assert_msg(rc == want, "query '%s': status %d, expected %d (%s)", query,
                  rc, want, as_index_errmsg(idx));
    if (msg_part)
        ck_assert_msg(strstr(as_index_errmsg(idx), msg_part) != NULL,
                      "query '%s': message '%s' lacks '%s'", query,
                      as_index_errmsg(idx), msg_part);
    as_hits_free(hits);
    as_index_close(idx);
}

START_TEST(test_fuzz_bad_date_field)
{
    build_more(1);
    expect_query("date:2025-13-45", AS_ERR_QUERY, "invalid date '2025-13-45'");
    expect_query("+date:2025-13-45", AS_ERR_QUERY, "the month must be");
    expect_query("japan date:2025-02-30..", AS_ERR_QUERY, "2025-02-30");
}
END_TEST

START_TEST(test_fuzz_synonym_in_adj)
{
    build_more(1);
    expect_query("japan ADJ ~us", AS_ERR_QUERY, "NEAR, ADJ and phrases");
    expect_query("japan NEAR ~us", AS_ERR_QUERY, "NEAR, ADJ and phrases");
}
END_TEST

/* The synonym field typed by the user: a bracketed group with a required
 * phrase in it crashed Xapian's parser; every typed form is an error,
 * while ~word still rewrites to the field. */
START_TEST(test_fuzz_typed_synonym_field)
{
    build_more(1);
    expect_query("xsynonymgroup:(0 +\"u", AS_ERR_QUERY, "reserved");
    expect_query("xsynonymgroup:(n +\"u\"", AS_ERR_QUERY, "reserved");
    expect_query("japan xsynonymgroup:0", AS_ERR_QUERY, "reserved");
    expect_query("(~us +\"u", AS_OK, NULL);
    expect_query("xsynonymgroup", AS_OK, NULL);
}
END_TEST

START_TEST(test_fuzz_huge_numbers)
{
    as_index_t *idx;
    as_search_opts_t opts;
    as_hits_t *hits = NULL;

    build_more(1);
    expect_query("xsynonymgroup:99999999999999999999", AS_ERR_QUERY,
                 "reserved");
    idx = open_index(AS_INDEX_READ, NULL);
    memset(&opts, 0, sizeof opts);
    opts.similar = "a1:99999999999999999999";
    opts.limit = 10;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_ERR_USAGE);
    ck_assert_ptr_nonnull(
        strstr(as_index_errmsg(idx), "no paragraph 99999999999999999999"));
    as_index_close(idx);
}
END_TEST

START_TEST(test_fuzz_synonym_phrase_glued)
{
    build_more(1);
    /* The rewritten synonym token stays apart from what follows it. */
    expect_query("~\"united states\"trade:x", AS_OK, NULL);
    expect_query("~us\"states\"", AS_OK, NULL);
}
END_TEST

/* Run query with every-word synonyms on the index of build_more(1):
 * neither the warning, the query description nor an error message may
 * show the rewriter's synonym tokens.  Returns the status. */
static as_status_t synonyms_unseen(const char *query)
{
    as_index_t *idx = open_index(AS_INDEX_READ, NULL);
    as_search_opts_t opts;
    as_hits_t *hits = NULL;
    as_status_t rc;

    memset(&opts, 0, sizeof opts);
    opts.query = query;
    opts.synonyms = 1;
    opts.limit = 10;
    rc = as_search_run(idx, &opts, &hits);
    if (rc == AS_OK) {
        const char *w = as_hits_warning(hits),
                   *d = as_hits_query_description(hits);
        ck_assert_msg(!w || !strstr(w, AS_SYNONYMS_FIELD),
                      "query '%s': warning '%s'", query, w);
        ck_assert_msg(!strstr(d, AS_SYNONYMS_FIELD),
                      "query '%s': description '%s'", query, d);
    } else {
        ck_assert_msg(!strstr(as_index_errmsg(idx), AS_SYNONYMS_FIELD),
                      "query '%s': message '%s'", query, as_index_errmsg(idx));
    }
    as_hits_free(hits);
    as_index_close(idx);
    return rc;
}

/* Where Xapian's parser reads a tag or date value that the rewriter took
 * for words (it splits at quotes and brackets), the value holds synonym
 * tokens: the field processors put the user's words back, also in a tag
 * cut at the term length limit (which once cut a token in two). */
START_TEST(test_fuzz_synonym_in_field_value)
{
    char long_tag[600] = "japan\"tag:\"a)(";

    build_more(1);
    ck_assert_int_eq(synonyms_unseen("japan\"tag:\"a)(us"), AS_OK);
    ck_assert_int_eq(synonyms_unseen("japan\"tag:\"a)(us b(america"), AS_OK);
    while (strlen(long_tag) + 4 < sizeof long_tag)
        strcat(long_tag, "us(");
    ck_assert_int_eq(synonyms_unseen(long_tag), AS_OK);
    ck_assert_int_eq(synonyms_unseen("japan\"date:\")(us"), AS_ERR_QUERY);
    ck_assert_int_eq(synonyms_unseen("japan\"date:\"2024)(us"), AS_ERR_QUERY);
}
END_TEST

/* A ~ on a tag's value of two words: tag:~"north america" is the tag
 * (it was the tag ~"north and the word america", whose quote opened a
 * phrase that held the group of the next word: the field's name and the
 * group's number searched and shown).  Text whose group token Xapian's
 * parser still reads as words of a phrase is searched without synonyms,
 * with a warning. */
START_TEST(test_synonym_mark_on_tag)
{
    static const char text_na[] = "Title: Continental notes\n"
                                  "Tags: North America\n"
                                  "\n"
                                  "America signed the pact.\n";
    as_index_t *idx;
    as_search_opts_t opts = filter_opts();
    as_hits_t *hits = NULL;

    build_more(1);
    idx = open_index(AS_INDEX_WRITE, NULL);
    put(idx, "n1", text_na);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    opts.query = "tag:~\"north america\" us";
    opts.synonyms = 1;
    ck_assert_str_eq(found(&opts), "n1#1");
    ck_assert_int_eq(synonyms_unseen("tag:~\"north america\" us"), AS_OK);
    ck_assert_int_eq(synonyms_unseen("tag:~\"north america\" ~us"), AS_OK);
    ck_assert_int_eq(synonyms_unseen("tag:north\"-x NOT\"us"), AS_OK);

    idx = open_index(AS_INDEX_READ, NULL);
    opts.query = "japan tag:north\"-x NOT\"us";
    opts.explain = 1;
    ck_assert_int_eq(as_search_run(idx, &opts, &hits), AS_OK);
    ck_assert_ptr_nonnull(as_hits_warning(hits));
    ck_assert_msg(strstr(as_hits_warning(hits), "synonyms were not used"),
                  "warning: %s", as_hits_warning(hits));
    ck_assert_msg(!strstr(as_hits_query_description(hits), "xsynonym") &&
                      !strstr(as_hits_query_description(hits), " 0@"),
                  "description: %s", as_hits_query_description(hits));
    as_hits_free(hits);
    as_index_close(idx);
}
END_TEST

Suite *shim_suite(void);

Suite *shim_suite(void)
{
    Suite *s = suite_create("shim");
    TCase *tc = tcase_create("open");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_language_default);
    tcase_add_test(tc, test_language_stored);
    tcase_add_test(tc, test_stats);
    tcase_add_test(tc, test_update_makes_nothing);
    tcase_add_test(tc, test_stemmer_languages);
    suite_add_tcase(s, tc);

    tc = tcase_create("search");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_search_word);
    tcase_add_test(tc, test_search_title_words_not_body);
    tcase_add_test(tc, test_search_stemmed);
    tcase_add_test(tc, test_search_phrase);
    tcase_add_test(tc, test_search_and_or);
    tcase_add_test(tc, test_filter_author);
    tcase_add_test(tc, test_filter_author_in_query);
    tcase_add_test(tc, test_filter_author_unicode_case);
    tcase_add_test(tc, test_filter_source);
    tcase_add_test(tc, test_filter_tag);
    tcase_add_test(tc, test_filter_field_with_or);
    tcase_add_test(tc, test_window_one_field);
    tcase_add_test(tc, test_filter_tags_repeated_or_absent);
    tcase_add_test(tc, test_filter_dates);
    tcase_add_test(tc, test_filter_dates_never_undated);
    tcase_add_test(tc, test_query_date_range);
    tcase_add_test(tc, test_query_date_open_range);
    tcase_add_test(tc, test_query_date_field);
    tcase_add_test(tc, test_filter_dates_every_range);
    tcase_add_test(tc, test_query_title);
    tcase_add_test(tc, test_query_wildcard);
    tcase_add_test(tc, test_query_no_words_warning);
    tcase_add_test(tc, test_empty_query_matches_all);
    tcase_add_test(tc, test_limit_offset);
    tcase_add_test(tc, test_hits_in_chunks);
    tcase_add_test(tc, test_hits_index_changed);
    tcase_add_test(tc, test_limit_zero_counts);
    tcase_add_test(tc, test_sort_by_date);
    suite_add_tcase(s, tc);

    tc = tcase_create("update");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reput_fewer_paragraphs);
    tcase_add_test(tc, test_reput_same_session);
    tcase_add_test(tc, test_reput_never_duplicates);
    tcase_add_test(tc, test_add_new_articles);
    tcase_add_test(tc, test_article_id_length);
    tcase_add_test(tc, test_remove_article);
    tcase_add_test(tc, test_close_without_commit);
    tcase_add_test(tc, test_abandon);
    tcase_add_test(tc, test_abandon_new_index);
    tcase_add_test(tc, test_abandon_then_put_new_index);
    tcase_add_test(tc, test_put_on_reader);
    tcase_add_test(tc, test_preview);
    suite_add_tcase(s, tc);

    tc = tcase_create("options");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_per_article_one);
    tcase_add_test(tc, test_per_article_matches_paragraphs);
    tcase_add_test(tc, test_per_article_two);
    tcase_add_test(tc, test_similar_paragraph);
    tcase_add_test(tc, test_similar_with_query);
    tcase_add_test(tc, test_similar_article);
    tcase_add_test(tc, test_similar_unknown);
    tcase_add_test(tc, test_explain_stemmed);
    tcase_add_test(tc, test_explain_title);
    tcase_add_test(tc, test_explain_unstemmed);
    tcase_add_test(tc, test_explain_wildcard);
    tcase_add_test(tc, test_explain_phrase);
    tcase_add_test(tc, test_explain_cjk_run);
    tcase_add_test(tc, test_facets_all);
    tcase_add_test(tc, test_facets_query);
    tcase_add_test(tc, test_suggest);
    tcase_add_test(tc, test_spelling_follows_removals);
    tcase_add_test(tc, test_spelling_stale_after_stop);
    tcase_add_test(tc, test_suggest_not_when_found);
    tcase_add_test(tc, test_synonyms_index);
    tcase_add_test(tc, test_synonyms_initials);
    tcase_add_test(tc, test_synonyms_widen);
    tcase_add_test(tc, test_synonyms_need_commit);
    tcase_add_test(tc, test_synonyms_read_back);
    tcase_add_test(tc, test_synonyms_bad_text);
    tcase_add_test(tc, test_synonyms_on_reader);
    tcase_add_test(tc, test_limit_zero_lower_bound);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_err_no_index);
    tcase_add_test(tc, test_err_empty_directory);
    tcase_add_test(tc, test_read_ignores_language);
    tcase_add_test(tc, test_err_damaged_index);
    tcase_add_test(tc, test_err_wildcard_too_broad);
    tcase_add_test(tc, test_err_locked);
    tcase_add_test(tc, test_err_stemmer);
    tcase_add_test(tc, test_err_other_language);
    tcase_add_test(tc, test_err_bad_date_range);
    tcase_add_test(tc, test_err_reversed_date_range);
    tcase_add_test(tc, test_query_syntax_warning);
    tcase_add_test(tc, test_query_syntax_warning_cjk);
    tcase_add_test(tc, test_query_no_warning);
    tcase_add_test(tc, test_err_query_too_long);
    tcase_add_test(tc, test_fuzz_bad_date_field);
    tcase_add_test(tc, test_fuzz_synonym_in_adj);
    tcase_add_test(tc, test_fuzz_synonym_phrase_glued);
    tcase_add_test(tc, test_fuzz_synonym_in_field_value);
    tcase_add_test(tc, test_synonym_mark_on_tag);
    tcase_add_test(tc, test_fuzz_huge_numbers);
    tcase_add_test(tc, test_fuzz_typed_synonym_field);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(shim_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
