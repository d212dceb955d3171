/* fuzz_query.c - libFuzzer target for query parsing and searching.
 *
 * On the first call a small index of three articles (with a synonyms
 * table) is built in a new directory under /tmp and reopened for reading;
 * it is removed when the fuzzer exits normally (after a crash it stays:
 * under 100 KB).  Each
 * input, as a NUL-terminated string of at most 4096 bytes, is then run as
 * the query of as_search_run() (xapian-shim.h) with explain, suggestions
 * and every facet on; the first byte chooses every-word synonym expansion
 * (bit 0) and OR instead of AND (bit 1).  When bit 7 of the first byte is
 * set, the second byte chooses more options (see options()) and the query
 * starts at the third.
 *
 * A bug is: a status other than AS_OK, AS_ERR_QUERY or AS_ERR_USAGE, more
 * hits than the limit, ranks that do not count on from the offset, two
 * hits of one article with one paragraph per article, a hit outside the
 * author and date filters, a snippet span outside its snippet text, a
 * suggestion or warning showing the internal synonym field
 * (AS_SYNONYMS_FIELD) the user did not type (in any case: tag values are
 * shown in lower case), or anything the sanitizers catch.
 */
#include "config.h"

#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "article.h"
#include "synonyms.h"
#include "xapian-shim.h"

#define MAX_QUERY 4096

static const char *const articles[][2] = {
    {"a1", "Title: Trade talks resume between Japan and America\n"
           "Author: Jane Doe\n"
           "Author: John Roe\n"
           "Date: 2025-06-03\n"
           "Source: The Daily Planet\n"
           "URL: https://example.com/trade\n"
           "Tags: Trade, Japan\n"
           "\n"
           "The negotiations between Japan and the United States resumed "
           "this week, officials said.\n"
           "\n"
           "Officials expect a long summer of talks about tariffs & quotas "
           "<and> \"rice\".\n"
           "\n"
           "Rice farmers remain worried about imports from the US.\n"},
    {"a2", "Title: Security alliance under strain\n"
           "Author: Jane Smith\n"
           "Date: 2024\n"
           "Source: Asia Forum\n"
           "\n"
           "Defence spending in Japan rose sharply after the treaty was "
           "revised.\n"
           "\n"
           "Analysts call for strategic autonomy \xE2\x80\x94 and a new "
           "agreement with America.\n"},
    {"a3", "Title: Undated musings on caf\xC3\xA9 diplomacy\n"
           "Source: Planet Weekly\n"
           "\n"
           "Strategic autonomy is a phrase heard often in Japan and in "
           "K\xC5\x8D"
           "be.\n"
           "\n"
           "Autonomy, strategic or not, costs money: \xE2\x80\x9C"
           "a lot\xE2"
           "\x80\x9D, say the 2023 reports.\n"},
};

static const char synonyms[] = "united states, us, america\n"
                               "treaty, agreement\n";

static as_index_t *reader;

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "fuzz_query: setup: %s: %s\n", what, msg ? msg : "?");
    abort();
}

static char dir[] = "/tmp/artsearch-fuzz-query.XXXXXX";

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* At exit: close the reader and remove the index directory. */
static void remove_index(void)
{
    as_index_close(reader);
    reader = NULL;
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void build_index(void)
{
    char path[sizeof dir + 16];
    as_index_t *w = NULL;
    char *err = NULL;

    if (!mkdtemp(dir))
        die("mkdtemp", dir);
    atexit(remove_index);
    snprintf(path, sizeof path, "%s/index", dir);
    if (as_index_open(path, AS_INDEX_WRITE, NULL, &w, &err) != AS_OK)
        die("open for writing", err);
    for (size_t i = 0; i < sizeof articles / sizeof articles[0]; i++) {
        as_article_t *a = NULL;
        const char *text = articles[i][1];

        if (as_article_parse(text, strlen(text), articles[i][0], NULL, NULL,
                             NULL, &a, &err) != AS_OK)
            die("parse", err);
        if (as_index_put_article(w, a) != AS_OK)
            die("put", as_index_errmsg(w));
        as_article_free(a);
    }
    if (as_index_set_synonyms(w, synonyms, strlen(synonyms)) != AS_OK)
        die("synonyms", as_index_errmsg(w));
    if (as_index_commit(w) != AS_OK)
        die("commit", as_index_errmsg(w));
    as_index_close(w);
    if (as_index_open(path, AS_INDEX_READ, NULL, &reader, &err) != AS_OK)
        die("open for reading", err);
}

static void bug(const char *query, const char *what)
{
    fprintf(stderr, "fuzz_query: %s (query \"%s\")\n", what, query);
    abort();
}

static const char *const filter_authors[] = {"JANE DOE"};

/* The options of the second byte b: bit 0 one paragraph per article,
 * bits 1-2 the order (relevance, newest, oldest, relevance), bit 3 an
 * offset of 2, bits 4-6 the extras of the default ranking left out
 * (AS_RANKING_*), bit 7 the filters author "Jane Doe" (any case) and a
 * date in 2024 or 2025. */
static void options(uint8_t b, as_search_opts_t *opts)
{
    static const as_sort_t sorts[] = {AS_SORT_RELEVANCE, AS_SORT_NEWEST,
                                      AS_SORT_OLDEST, AS_SORT_RELEVANCE};

    opts->per_article = b & 1;
    opts->sort = sorts[(b >> 1) & 3];
    opts->offset = (b & 8) ? 2 : 0;
    opts->ranking_off = (b >> 4) & AS_RANKING_ALL;
    if (b & 0x80) {
        opts->authors = filter_authors;
        opts->n_authors = 1;
        opts->since = 20240101;
        opts->until = 20251231;
    }
}

/* True if the hit's record passes the filters of opts. */
static int in_filters(const as_search_opts_t *opts, const as_record_t *r)
{
    int author = opts->n_authors == 0;

    for (size_t i = 0; i < r->n_authors && !author; i++)
        author = strcasecmp(r->authors[i], filter_authors[0]) == 0;
    if (!author)
        return 0;
    if (opts->since && strncmp(r->date, "2024", 4) != 0 &&
        strncmp(r->date, "2025", 4) != 0)
        return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char query[MAX_QUERY + 1];
    as_search_opts_t opts;
    as_hits_t *hits = NULL;
    const as_hit_t *hit;
    as_status_t rc;
    size_t lower, estimate, upper, n;
    /* the article ids of the hits so far (a record lives until the next
     * hit) */
    char seen[sizeof articles / sizeof articles[0] + 1][16];
    size_t n_seen = 0;
    uint8_t first = size > 0 ? data[0] : 0;

    if (!reader)
        build_index();
    memset(&opts, 0, sizeof opts);
    if ((first & 0x80) && size >= 2) {
        options(data[1], &opts);
        data += 2;
        size -= 2;
    }
    if (size > MAX_QUERY)
        size = MAX_QUERY;
    memcpy(query, data, size);
    query[size] = '\0';

    opts.query = query;
    opts.explain = 1;
    opts.suggest = 1;
    opts.synonyms = first & 1;
    opts.match_any = (first & 2) != 0;
    opts.limit = 10;
    for (int k = 0; k < AS_FACET_KINDS; k++)
        opts.facets[k] = 1;

    rc = as_search_run(reader, &opts, &hits);
    if (rc == AS_ERR_QUERY || rc == AS_ERR_USAGE) {
        if (hits)
            bug(query, "hits returned with an error status");
        return 0;
    }
    if (rc != AS_OK) {
        fprintf(stderr, "fuzz_query: status %d (%s): %s\n", (int)rc,
                as_status_str(rc), as_index_errmsg(reader));
        bug(query, "unexpected status");
    }
    if (!hits)
        bug(query, "AS_OK without hits");

    n = 0;
    while ((hit = as_hits_next(hits)) != NULL) {
        const as_snippet_t *sn = hit->snippet;

        if (++n > opts.limit)
            bug(query, "more hits than the limit");
        if (hit->rank != opts.offset + n)
            bug(query, "ranks do not count on from the offset");
        if (!hit->record || !sn || !sn->text)
            bug(query, "hit without record or snippet");
        if (!in_filters(&opts, hit->record))
            bug(query, "a hit outside the filters");
        if (opts.per_article) {
            for (size_t i = 0; i < n_seen; i++)
                if (strcmp(seen[i], hit->record->id) == 0)
                    bug(query, "two hits of one article with per_article 1");
            if (n_seen < sizeof seen / sizeof seen[0])
                snprintf(seen[n_seen++], sizeof seen[0], "%s", hit->record->id);
        }
        if (strlen(sn->text) > sn->len)
            bug(query, "snippet text longer than its len");
        for (size_t i = 0; i < sn->n_spans; i++)
            if (!(sn->spans[i].start < sn->spans[i].end &&
                  sn->spans[i].end <= sn->len))
                bug(query, "snippet span outside the snippet text");
        for (size_t i = 0; i < hit->n_terms; i++)
            if (!hit->terms[i].word || !hit->terms[i].field)
                bug(query, "explained term without word or field");
    }
    as_hits_matches(hits, &lower, &estimate, &upper);
    if (lower > upper)
        bug(query, "lower bound of matches above the upper bound");
    /* The rewritten query (synonym groups as AS_SYNONYMS_FIELD tokens) is
     * internal: what the user reads must not show it. */
    {
        const char *w = as_hits_warning(hits);
        if (w && strstr(w, AS_SYNONYMS_FIELD) &&
            !strcasestr(query, AS_SYNONYMS_FIELD)) {
            fprintf(stderr, "fuzz_query: warning: %s\n", w);
            bug(query, "the warning shows the internal synonym field");
        }
    }
    if (!as_hits_query_description(hits))
        bug(query, "no query description");
    for (int k = 0; k < AS_FACET_KINDS; k++) {
        size_t nf = 0;
        const as_facet_t *f = as_hits_facets(hits, (as_facet_kind_t)k, &nf);
        for (size_t i = 0; i < nf; i++)
            if (!f[i].value)
                bug(query, "facet without a value");
    }
    {
        size_t matches = 0;
        const char *sugg = as_hits_suggestion(hits, &matches);
        if (sugg && strstr(sugg, AS_SYNONYMS_FIELD) &&
            !strcasestr(query, AS_SYNONYMS_FIELD)) {
            fprintf(stderr, "fuzz_query: suggestion: %s\n", sugg);
            bug(query, "the suggestion shows the internal synonym field");
        }
    }
    as_hits_free(hits);
    return 0;
}
