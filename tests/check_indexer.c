/* check_indexer.c - unit tests of indexer.h: walks, updates and reports. */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indexer.h"
#include "testutil.h"
#include "xapian-shim.h"

#define MAX_REPORTS 32

typedef struct report {
    as_report_kind_t kind;
    char file[1200];
    long line;
    char msg[600];
} report_t;

static char tmpdir[512];
static char dbpath[600];
static report_t reports[MAX_REPORTS];
static size_t n_reports, n_progress;
static volatile sig_atomic_t stop_flag;
static size_t stop_after;    /* raise stop_flag after this many inputs */
static int stop_on_report;   /* raise stop_flag at the first report */
static int share_first;      /* as_indexer_share(first) when >= 0 */
static int probe;            /* count the committed articles at a report */
static unsigned long probed; /* what the probe counted */
static char changes[1024];   /* "kind id file;" for each change, rel paths */
static int dry;              /* as_indexer_dry_run() */
static int relative;         /* run_index() names inputs as given */
static int as_articles;      /* run_index() reads .jsonl names as articles */
static as_reading_t readings[8]; /* what on_reading() was told */
static size_t n_readings;

/* 1, 2, 1 and 3 paragraphs; b2 is b changed */
static const char text_a[] = "Title: Harbour news\n\nThe harbour reopened.\n";
static const char text_b[] = "Title: Mountain report\nDate: 2025-06-03\n\n"
                             "Snow fell on the mountain.\n\nThe pass closed.\n";
static const char text_b2[] = "Title: Mountain report\n\nThe pass reopened.\n";
static const char text_d[] = "Title: River notes\n\nThe river rose.\n\n"
                             "Farmers moved cattle.\n\nRain is expected.\n";

/* A fresh test directory, and the callbacks' state reset. */
static void setup(void)
{
    tu_make_tmpdir(tmpdir, sizeof tmpdir, "check_indexer");
    snprintf(dbpath, sizeof dbpath, "%s/index", tmpdir);
    n_reports = n_progress = stop_after = probed = 0;
    changes[0] = '\0';
    stop_flag = stop_on_report = probe = dry = 0;
    share_first = -1;
}

/* Remove the test directory and everything in it. */
static void teardown(void)
{
    tu_remove_tree(tmpdir);
}

/* The path of rel in the test directory (one of four static buffers). */
static const char *at(const char *rel)
{
    static char buf[4][1200];
    static int next;
    char *out = buf[next++ % 4];

    snprintf(out, sizeof buf[0], "%s/%s", tmpdir, rel);
    return out;
}

/* Write len bytes of data to the file rel. */
static void write_bytes(const char *rel, const char *data, size_t len)
{
    FILE *f = fopen(at(rel), "wb");

    ck_assert_msg(f != NULL, "cannot create %s", rel);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* Write the string text to the file rel. */
static void write_file(const char *rel, const char *text)
{
    write_bytes(rel, text, strlen(text));
}

/* Make the directory rel. */
static void make_dir(const char *rel)
{
    ck_assert_int_eq(mkdir(at(rel), 0755), 0);
}

/* docs/ with a.txt, b.txt, d.txt in sub/, and entries never indexed. */
static void make_docs(void)
{
    make_dir("docs");
    make_dir("docs/sub");
    make_dir("docs/.hidden");
    write_file("docs/a.txt", text_a);
    write_file("docs/b.txt", text_b);
    write_file("docs/.c.txt", text_d);
    write_file("docs/notes.md", text_d);
    write_file("docs/sub/d.txt", text_d);
    write_file("docs/.hidden/e.txt", text_a);
}

/* Record every report, and raise the stop flag or probe when asked. */
/* Record a change as "kind id file;" (file relative to the test
 * directory, or as given when the inputs were given relative). */
static void on_change(void *ctx, as_change_kind_t kind, const char *id,
                      const char *file)
{
    static const char *const what[] = {"new", "updated", "removed"};
    size_t n = strlen(changes), base = strlen(tmpdir);

    (void)ctx;
    if (file[0] == '/') {
        ck_assert_msg(strncmp(file, tmpdir, base) == 0, "file %s", file);
        file += base + 1;
    }
    snprintf(changes + n, sizeof changes - n, "%s %s %s;", what[kind], id,
             file);
}

static void on_report(void *ctx, as_report_kind_t kind, const char *file,
                      long line, const char *msg)
{
    report_t *r = &reports[n_reports];

    (void)ctx;
    ck_assert_uint_lt(n_reports, MAX_REPORTS);
    r->kind = kind;
    r->line = line;
    snprintf(r->file, sizeof r->file, "%s", file);
    snprintf(r->msg, sizeof r->msg, "%s", msg);
    n_reports++;
    if (stop_on_report)
        stop_flag = 1;
    if (probe) {
        as_index_t *idx = NULL;
        as_index_stats_t st;

        ck_assert_int_eq(as_index_open(dbpath, AS_INDEX_READ, NULL, &idx, NULL),
                         AS_OK);
        ck_assert_int_eq(as_index_stats(idx, &st), AS_OK);
        probed = st.articles;
        as_index_close(idx);
    }
}

/* Keep what the reading of a JSON Lines input was told, line by line. */
static void on_reading(void *ctx, const as_reading_t *reading)
{
    (void)ctx;
    ck_assert_ptr_nonnull(reading);
    if (n_readings < sizeof readings / sizeof *readings)
        readings[n_readings] = *reading;
    n_readings++;
}

/* Check that inputs are counted one by one; stop after stop_after. */
static void on_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    ck_assert_uint_eq(done, n_progress + 1);
    ck_assert_uint_le(done, total);
    n_progress++;
    if (stop_after && done == stop_after)
        stop_flag = 1;
}

/* Check that there is a report of kind on line of the file rel, and that
 * the first such report holds part in its message. */
static void expect_report(const char *rel, as_report_kind_t kind, long line,
                          const char *part)
{
    const char *file = at(rel);

    for (size_t i = 0; i < n_reports; i++) {
        if (strcmp(reports[i].file, file) != 0 || reports[i].kind != kind ||
            reports[i].line != line)
            continue;
        ck_assert_msg(strstr(reports[i].msg, part) != NULL,
                      "report on %s: '%s' lacks '%s'", rel, reports[i].msg,
                      part);
        return;
    }
    ck_abort_msg("no report of kind %d on %s:%ld", kind, rel, line);
}

/* Open the test index for reading or writing. */
static as_index_t *open_index(as_index_mode_t mode)
{
    as_index_t *idx = NULL;
    char *err = NULL;
    as_status_t rc = as_index_open(dbpath, mode, NULL, &idx, &err);

    ck_assert_msg(rc == AS_OK, "open %s: %s", dbpath, err ? err : "?");
    return idx;
}

/* The counts as "added updated unchanged removed paragraphs skipped
 * warnings", in a static buffer. */
static const char *summary(as_indexer_counts_t c)
{
    static char out[128];

    snprintf(out, sizeof out, "%lu %lu %lu %lu %lu %lu %lu", c.added, c.updated,
             c.unchanged, c.removed, c.paragraphs, c.skipped, c.warnings);
    return out;
}

/* Index the inputs in list (names in the test directory separated by
 * spaces; those ending in .jsonl as JSON Lines) with a new writer, as
 * artsearch-index does; check the run's status and return its counts
 * (summary()). */
static const char *run_index(const char *list, as_status_t want)
{
    as_index_t *idx = open_index(AS_INDEX_WRITE);
    as_indexer_t *ix = NULL;
    const char *counts;
    char names[256], *name, *save = NULL;
    as_status_t rc;

    n_reports = n_progress = n_readings = 0;
    ck_assert_int_eq(as_indexer_new(idx, on_report, on_progress, NULL, &ix),
                     AS_OK);
    as_indexer_on_reading(ix, on_reading);
    as_indexer_stop_on(ix, &stop_flag);
    as_indexer_on_change(ix, on_change);
    changes[0] = '\0';
    if (dry)
        as_indexer_dry_run(ix);
    if (share_first >= 0)
        as_indexer_share(ix, share_first);
    snprintf(names, sizeof names, "%s", list);
    for (name = strtok_r(names, " ", &save); name;
         name = strtok_r(NULL, " ", &save)) {
        size_t n = strlen(name);
        const char *path = relative ? name : at(name);
        rc = n > 6 && strcmp(name + n - 6, ".jsonl") == 0 && !as_articles
                 ? as_indexer_add_jsonl(ix, path)
                 : as_indexer_add_path(ix, path);
        if (rc != AS_OK)
            break; /* (stopped during the walk) */
    }
    if (rc == AS_OK)
        rc = as_indexer_run(ix);
    ck_assert_msg(rc == want, "run: status %d, expected %d (%s)", rc, want,
                  as_index_errmsg(idx));
    counts = summary(*as_indexer_counts(ix));
    as_indexer_free(ix);
    if (rc != AS_OK)
        as_index_abandon(idx); /* only what was not committed */
    as_index_close(idx);
    return counts;
}

/* run_index() started in the test directory's dir, with the inputs of
 * list given relative to it, as a user in that directory would. */
static const char *run_index_in(const char *dir, const char *list)
{
    char here[1024];
    const char *counts;

    ck_assert_ptr_nonnull(getcwd(here, sizeof here));
    ck_assert_int_eq(chdir(at(dir)), 0);
    relative = 1;
    counts = run_index(list, AS_OK);
    relative = 0;
    ck_assert_int_eq(chdir(here), 0);
    return counts;
}

/* Search for query ("" for everything); return the hits as "id#para"
 * sorted and joined by commas in a static buffer. */
static const char *found(const char *query)
{
    as_index_t *idx = open_index(AS_INDEX_READ);
    as_search_opts_t opts;
    const char *out;

    memset(&opts, 0, sizeof opts);
    opts.query = query;
    opts.limit = 32;
    out = tu_hit_keys(idx, &opts);
    as_index_close(idx);
    return out;
}

/* The file recorded for article id (static), or NULL if it is not in. */
static const char *file_of(const char *id)
{
    static char file[1200];
    as_index_t *idx = open_index(AS_INDEX_READ);
    char *state = NULL;
    const char *given;

    ck_assert_int_eq(as_index_article_state(idx, id, &state), AS_OK);
    as_index_close(idx);
    if (!state)
        return NULL;
    given = as_indexer_state_file(state);
    ck_assert_ptr_nonnull(given);
    snprintf(file, sizeof file, "%s", given);
    free(state);
    return file;
}

/* The recorded state of article id (free it); NULL if it is not in. */
static char *state_of(const char *id)
{
    as_index_t *idx = open_index(AS_INDEX_READ);
    char *state = NULL;

    ck_assert_int_eq(as_index_article_state(idx, id, &state), AS_OK);
    as_index_close(idx);
    return state;
}

/* ---- walking ------------------------------------------------------------ */

START_TEST(test_walk_directory)
{
    make_docs();
    ck_assert_str_eq(run_index("docs", AS_OK), "3 0 0 0 6 0 0");
    ck_assert_uint_eq(n_reports, 0);
    ck_assert_uint_eq(n_progress, 3);
    ck_assert_str_eq(found(""), "a#1,b#1,b#2,d#1,d#2,d#3");
    ck_assert_str_eq(found("river"), "d#1");
    ck_assert_str_eq(found("harbour"), "a#1");
    ck_assert_str_eq(file_of("d"), at("docs/sub/d.txt"));
    /* a file given by name is read whatever its name */
    ck_assert_str_eq(run_index("docs/notes.md", AS_OK), "1 0 0 0 3 0 0");
    ck_assert_str_eq(found("cattle"), "d#2,notes.md#2");
}
END_TEST

START_TEST(test_duplicate_id)
{
    make_dir("one");
    make_dir("one/y");
    write_file("one/y/k.txt", text_b);
    make_dir("one/x");
    write_file("one/x/k.txt", text_a);
    make_dir("two");
    write_file("two/k.txt", text_d);
    /* the first path given wins, and in a directory x/ comes before y/
     * whatever order the directory lists them in */
    ck_assert_str_eq(run_index("one two", AS_OK), "1 0 0 0 1 2 0");
    expect_report("one/y/k.txt", AS_REPORT_SKIPPED, 0, "duplicate article id");
    expect_report("two/k.txt", AS_REPORT_SKIPPED, 0, "duplicate article id");
    ck_assert_ptr_nonnull(strstr(reports[1].msg, at("one/x/k.txt")));
    ck_assert_str_eq(found(""), "k#1");
    ck_assert_str_eq(file_of("k"), at("one/x/k.txt"));
}
END_TEST

START_TEST(test_walk_symlinks)
{
    make_dir("docs");
    make_dir("docs/sub");
    write_file("docs/a.txt", text_a);
    write_file("docs/sub/b.txt", text_b);
    ck_assert_int_eq(symlink("..", at("docs/sub/up")), 0);
    ck_assert_int_eq(symlink("self.txt", at("docs/self.txt")), 0);
    ck_assert_int_eq(symlink("missing", at("docs/gone.md")), 0);
    ck_assert_int_eq(symlink("missing", at("docs/gone.txt")), 0);
    ck_assert_str_eq(run_index("docs", AS_OK), "2 0 0 0 3 3 0");
    ck_assert_uint_eq(n_reports, 3); /* not gone.md: it would not be read */
    expect_report("docs/sub/up", AS_REPORT_SKIPPED, 0, "directory loop");
    expect_report("docs/self.txt", AS_REPORT_SKIPPED, 0, "symbolic link loop");
    expect_report("docs/gone.txt", AS_REPORT_SKIPPED, 0, "No such file");
    ck_assert_str_eq(found(""), "a#1,b#1,b#2");
}
END_TEST

START_TEST(test_skip_bad_files)
{
    char name[AS_ARTICLE_ID_MAX + 16];

    make_dir("docs");
    write_file("docs/good.txt", text_a);
    write_bytes("docs/binary.txt", "Title: X\n\nA\0B\n", 14);
    write_file("docs/empty.txt", "");
    write_file("docs/untitled.txt", "Author: Jane Doe\n\nSome text.\n");
    ck_assert_int_eq(mkfifo(at("docs/pipe.txt"), 0600), 0);
    memset(name, 'n', sizeof name);
    memcpy(name, "docs/", 5);
    strcpy(name + 5 + AS_ARTICLE_ID_MAX + 1, ".txt");
    write_file(name, text_a);
    ck_assert_str_eq(run_index("docs", AS_OK), "1 0 0 0 1 5 0");
    ck_assert_uint_eq(n_reports, 5);
    expect_report("docs/binary.txt", AS_REPORT_SKIPPED, 0, "binary file");
    expect_report("docs/empty.txt", AS_REPORT_SKIPPED, 0, "empty file");
    expect_report("docs/untitled.txt", AS_REPORT_SKIPPED, 0, "missing Title");
    expect_report("docs/pipe.txt", AS_REPORT_SKIPPED, 0, "not a regular file");
    expect_report(name, AS_REPORT_SKIPPED, 0, "too long for an article id");
    ck_assert_str_eq(found(""), "good#1");
}
END_TEST

START_TEST(test_invalid_utf8_repaired)
{
    make_dir("docs");
    write_file("docs/cafe.txt", "Title: Caf\xe9\n"
                                "\n"
                                "The caf\xe9 opened.\n");
    ck_assert_str_eq(run_index("docs", AS_OK), "1 0 0 0 1 0 1");
    ck_assert_uint_eq(n_reports, 1);
    expect_report("docs/cafe.txt", AS_REPORT_WARNING, 1,
                  "invalid UTF-8 (2 bytes)");
    ck_assert_str_eq(found("opened"), "cafe#1");
}
END_TEST

/* ---- updating ----------------------------------------------------------- */

START_TEST(test_rerun)
{
    make_docs();
    run_index("docs", AS_OK);
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 3 0 0 0 0");
    ck_assert_uint_eq(n_reports, 0);
    ck_assert_str_eq(changes, ""); /* nothing changed */
    write_file("docs/b.txt", text_b2);
    ck_assert_int_eq(unlink(at("docs/a.txt")), 0);
    write_file("docs/sub/e.txt", text_b);
    /* b updated (1 paragraph), e added (2), d unchanged, a removed */
    ck_assert_str_eq(run_index("docs/", AS_OK), "1 1 1 1 3 0 0");
    ck_assert_str_eq(changes, "updated b docs/b.txt;new e docs/sub/e.txt;"
                              "removed a docs/a.txt;");
    ck_assert_str_eq(found(""), "b#1,d#1,d#2,d#3,e#1,e#2");
    ck_assert_str_eq(found("harbour"), "");
    ck_assert_ptr_null(file_of("a"));
}
END_TEST

/* A dry run counts and names what a run would do, and changes nothing:
 * the run after it does all of it. */
START_TEST(test_dry_run)
{
    make_docs();
    run_index("docs", AS_OK);
    write_file("docs/b.txt", text_b2);
    ck_assert_int_eq(unlink(at("docs/a.txt")), 0);
    write_file("docs/sub/e.txt", text_b);
    dry = 1;
    for (int i = 0; i < 2; i++) {
        ck_assert_str_eq(run_index("docs", AS_OK), "1 1 1 1 3 0 0");
        ck_assert_str_eq(changes, "updated b docs/b.txt;new e docs/sub/e.txt;"
                                  "removed a docs/a.txt;");
        ck_assert_str_eq(found(""), "a#1,b#1,b#2,d#1,d#2,d#3");
    }
    dry = 0;
    ck_assert_str_eq(run_index("docs", AS_OK), "1 1 1 1 3 0 0");
    ck_assert_str_eq(found(""), "b#1,d#1,d#2,d#3,e#1,e#2");
}
END_TEST

START_TEST(test_remove_only_under_paths)
{
    make_dir("docs");
    make_dir("docs2");
    write_file("docs/a.txt", text_a);
    write_file("docs2/b.txt", text_b);
    write_file("docs2/c.txt", text_d);
    run_index("docs docs2", AS_OK);
    ck_assert_int_eq(unlink(at("docs2/b.txt")), 0);
    /* docs2/b.txt is not under docs */
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 1 0 0 0 0");
    ck_assert_str_eq(file_of("b"), at("docs2/b.txt"));
    ck_assert_str_eq(run_index("docs2", AS_OK), "0 0 1 1 0 0 0");
    ck_assert_str_eq(found(""), "a#1,c#1,c#2,c#3");
}
END_TEST

/* The same relative path given in two directories is two places: a run
 * in one removes none of the articles of the other (their files are not
 * gone, only elsewhere), and a file gone from either is found gone,
 * whichever way its directory is given. */
START_TEST(test_relative_paths_in_two_directories)
{
    make_dir("A");
    make_dir("A/corpus");
    make_dir("B");
    make_dir("B/corpus");
    write_file("A/corpus/a.txt", text_a);
    write_file("B/corpus/b.txt", text_b);
    ck_assert_str_eq(run_index_in("A", "corpus"), "1 0 0 0 1 0 0");
    ck_assert_str_eq(run_index_in("B", "corpus"), "1 0 0 0 2 0 0");
    ck_assert_str_eq(found(""), "a#1,b#1,b#2");
    ck_assert_str_eq(file_of("a"), "corpus/a.txt"); /* as given */
    ck_assert_str_eq(run_index_in("A", "corpus"), "0 0 1 0 0 0 0");
    write_file("B/corpus/.keep", ""); /* not empty: b.txt deleted */
    ck_assert_int_eq(unlink(at("B/corpus/b.txt")), 0);
    ck_assert_str_eq(run_index_in("B", "corpus"), "0 0 0 1 0 0 1");
    ck_assert_str_eq(changes, "removed b corpus/b.txt;");
    write_file("A/corpus/.keep", "");
    ck_assert_int_eq(unlink(at("A/corpus/a.txt")), 0);
    ck_assert_str_eq(run_index("A", AS_OK), "0 0 0 1 0 0 1");
    ck_assert_str_eq(found(""), "");
}
END_TEST

/* A state recorded without the directory its file was given from (an
 * index written before states had it) is taken as it is: the article is
 * unchanged, not indexed again, and its state gets the directory. */
START_TEST(test_state_without_directory)
{
    char *state, *old, *tab;
    as_index_t *idx;

    make_dir("A");
    make_dir("A/corpus");
    write_file("A/corpus/a.txt", text_a);
    run_index_in("A", "corpus");
    state = state_of("a");
    tab = strchr(state, '\t');
    ck_assert_ptr_nonnull(tab);
    ck_assert_ptr_nonnull(strchr(state, '+')); /* "HASH-LEN+K\tDIR/FILE" */
    old = malloc(strlen(state) + 1);
    snprintf(old, strlen(state) + 1, "%.*s\t%s",
             (int)(strchr(state, '+') - state), state,
             as_indexer_state_file(state));
    idx = open_index(AS_INDEX_WRITE);
    ck_assert_int_eq(as_index_set_article_state(idx, "a", old), AS_OK);
    ck_assert_int_eq(as_index_commit(idx), AS_OK);
    as_index_close(idx);
    ck_assert_str_eq(run_index_in("A", "corpus"), "0 0 1 0 0 0 0");
    free(old);
    old = state_of("a");
    ck_assert_str_eq(old, state);
    free(old);
    free(state);
    /* ... and a gone file recorded that way is still found gone */
    write_file("A/corpus/.keep", "");
    ck_assert_int_eq(unlink(at("A/corpus/a.txt")), 0);
    ck_assert_str_eq(run_index_in("A", "corpus"), "0 0 0 1 0 0 1");
}
END_TEST

/* A directory with nothing to list (empty, or hidden entries only) is
 * walked like any other (the sort of its names once met a null
 * pointer). */
START_TEST(test_walk_empty_directory)
{
    make_docs();
    make_dir("empty");
    ck_assert_str_eq(run_index("empty", AS_OK), "0 0 0 0 0 0 1");
    ck_assert_uint_eq(n_reports, 1); /* the warning that it has no files */
    ck_assert_int_eq(reports[0].kind, AS_REPORT_WARNING);
    run_index("docs", AS_OK);
    ck_assert_int_eq(unlink(at("docs/a.txt")), 0);
    ck_assert_int_eq(unlink(at("docs/b.txt")), 0);
    ck_assert_int_eq(unlink(at("docs/sub/d.txt")), 0);
    /* sub/ is empty now: every article of docs/ is gone, and notes.md
     * alone is left, which a warning names */
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 0 3 0 0 1");
    ck_assert_str_eq(found(""), "");
}
END_TEST

/* A directory that can no longer be read (a link loop stands in its
 * place) is reported, and the articles under it are kept; once it is
 * gone, so are they. */
START_TEST(test_unreadable_directory_keeps_articles)
{
    make_docs();
    run_index("docs", AS_OK);
    ck_assert_int_eq(rename(at("docs/sub"), at("away")), 0);
    ck_assert_int_eq(symlink("sub", at("docs/sub")), 0);
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 2 0 0 1 0");
    expect_report("docs/sub", AS_REPORT_SKIPPED, 0, "symbolic link loop");
    ck_assert_str_eq(found(""), "a#1,b#1,b#2,d#1,d#2,d#3");
    ck_assert_int_eq(unlink(at("docs/sub")), 0);
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 2 1 0 0 0");
    ck_assert_str_eq(found(""), "a#1,b#1,b#2");
    /* a path given by name that is missing removes nothing */
    ck_assert_int_eq(rename(at("docs"), at("moved")), 0);
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 0 0 0 1 0");
    expect_report("docs", AS_REPORT_SKIPPED, 0, "No such file");
    ck_assert_str_eq(found(""), "a#1,b#1,b#2");
}
END_TEST

/* Articles below the depth the walk goes to are kept, not removed: here
 * indexed from a deep directory first, then from far above it. */
START_TEST(test_too_deep_keeps_articles)
{
    char rel[400] = "top";

    make_dir("top");
    for (int i = 0; i < 70; i++) {
        strcat(rel, "/d");
        make_dir(rel);
    }
    strcat(rel, "/deep.txt");
    write_file(rel, text_a);
    *strrchr(rel, '/') = '\0';
    ck_assert_str_eq(run_index(rel, AS_OK), "1 0 0 0 1 0 0");
    ck_assert_str_eq(run_index("top", AS_OK), "0 0 0 0 0 1 0");
    ck_assert_ptr_nonnull(strstr(reports[0].msg, "nested too deep"));
    ck_assert_str_eq(found(""), "deep#1");
}
END_TEST

START_TEST(test_unusable_file_keeps_article)
{
    make_docs();
    run_index("docs", AS_OK);
    write_file("docs/a.txt", "");
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 2 0 0 1 0");
    expect_report("docs/a.txt", AS_REPORT_SKIPPED, 0, "empty file");
    ck_assert_str_eq(found("harbour"), "a#1");
}
END_TEST

/* A JSON Lines file read as an article file (--format jsonl forgotten)
 * is an input that cannot be used: the articles recorded from it stay. */
START_TEST(test_wrong_format_keeps_articles)
{
    write_file("feed.jsonl",
               "{\"id\":\"j1\",\"title\":\"J\",\"text\":\"Harbour.\"}\n"
               "{\"id\":\"j2\",\"title\":\"K\",\"text\":\"River.\"}\n");
    ck_assert_str_eq(run_index("feed.jsonl", AS_OK), "2 0 0 0 2 0 0");
    as_articles = 1;
    ck_assert_str_eq(run_index("feed.jsonl", AS_OK), "0 0 0 0 0 1 0");
    as_articles = 0;
    ck_assert_str_eq(found(""), "j1#1,j2#1");
}
END_TEST

/* A file still there that a walk does not read (not .txt, hidden, or a
 * JSON Lines file) keeps the articles recorded from it: it is not gone.
 * Once it is gone, they go. */
START_TEST(test_unread_file_keeps_articles)
{
    make_docs();
    write_file("docs/feed.jsonl",
               "{\"id\":\"j1\",\"title\":\"J\",\"text\":\"Jetty.\"}\n");
    ck_assert_str_eq(run_index("docs docs/notes.md docs/.c.txt", AS_OK),
                     "5 0 0 0 12 0 0");
    ck_assert_str_eq(run_index("docs/feed.jsonl", AS_OK), "1 0 0 0 1 0 0");
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 3 0 0 0 0");
    ck_assert_str_eq(changes, "");
    ck_assert_int_eq(unlink(at("docs/notes.md")), 0);
    ck_assert_int_eq(unlink(at("docs/feed.jsonl")), 0);
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 3 2 0 0 0");
    ck_assert_str_eq(changes, "removed j1 docs/feed.jsonl;removed notes.md "
                              "docs/notes.md;");
    /* the hidden .c.txt was given by name, and is still there */
    ck_assert_str_eq(found(""), ".c#1,.c#2,.c#3,a#1,b#1,b#2,d#1,d#2,d#3");
}
END_TEST

/* A path given another way ("./docs", or whole) names the same place: an
 * unchanged article is unchanged (not indexed again), a gone one gone;
 * and one file given twice is read once, not a duplicate of itself. */
START_TEST(test_path_given_another_way)
{
    make_docs();
    ck_assert_str_eq(run_index_in(".", "docs"), "3 0 0 0 6 0 0");
    ck_assert_int_eq(unlink(at("docs/b.txt")), 0);
    ck_assert_str_eq(run_index_in(".", "./docs"), "0 0 2 1 0 0 0");
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 2 0 0 0 0");
    ck_assert_str_eq(run_index_in(".", "docs docs/a.txt ./docs/a.txt"),
                     "0 0 2 0 0 0 0");
    ck_assert_uint_eq(n_reports, 0);
}
END_TEST

/* A .txt link whose target is not there (a disk not mounted) is skipped
 * and keeps its article; the link gone, the article goes. */
START_TEST(test_dangling_link_keeps_article)
{
    make_dir("docs");
    make_dir("elsewhere");
    write_file("elsewhere/real", text_a);
    ck_assert_int_eq(symlink("../elsewhere/real", at("docs/l.txt")), 0);
    ck_assert_str_eq(run_index("docs", AS_OK), "1 0 0 0 1 0 0");
    ck_assert_int_eq(rename(at("elsewhere"), at("away")), 0);
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 0 0 0 1 0");
    ck_assert_str_eq(found(""), "l#1");
    write_file("docs/.keep", "");
    ck_assert_int_eq(unlink(at("docs/l.txt")), 0);
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 0 1 0 0 1");
}
END_TEST

/* A directory given that is empty (not one entry: a disk not mounted on
 * it) keeps the articles recorded from it, reported as skipped; one
 * with an entry (even hidden) is read as it is, and its files gone are
 * removed. */
START_TEST(test_empty_root_keeps_articles)
{
    make_dir("docs");
    write_file("docs/a.txt", text_a);
    ck_assert_str_eq(run_index("docs", AS_OK), "1 0 0 0 1 0 0");
    ck_assert_int_eq(unlink(at("docs/a.txt")), 0);
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 0 0 0 1 0");
    ck_assert_uint_eq(n_reports, 1);
    ck_assert_int_eq(reports[0].kind, AS_REPORT_SKIPPED);
    ck_assert_str_eq(reports[0].msg,
                     "an empty directory (a disk not mounted?): "
                     "its 1 article is kept as indexed "
                     "(--rebuild drops it)");
    ck_assert_str_eq(found(""), "a#1");
    write_file("docs/.keep", "");
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 0 1 0 0 1");
    ck_assert_str_eq(found(""), "");
    ck_assert_int_eq(unlink(at("docs/.keep")), 0);
    /* an empty directory the index has nothing from: a warning (one
     * with hidden files only had one above, its articles removed) */
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 0 0 0 0 1");
}
END_TEST

/* ---- stopping ----------------------------------------------------------- */

START_TEST(test_stop)
{
    make_docs();
    run_index("docs", AS_OK);
    ck_assert_int_eq(unlink(at("docs/a.txt")), 0);
    write_file("docs/e.txt", text_a);
    stop_flag = 1; /* before the run: nothing is done */
    ck_assert_str_eq(run_index("docs", AS_ERR_STOPPED), "0 0 0 0 0 0 0");
    ck_assert_uint_eq(n_progress, 0);
    ck_assert_str_eq(found("harbour"), "a#1");
    stop_flag = 0;
    stop_after = 2; /* after b.txt and e.txt: e is kept, a not removed */
    ck_assert_str_eq(run_index("docs", AS_ERR_STOPPED), "1 0 1 0 1 0 0");
    ck_assert_uint_eq(n_progress, 2);
    ck_assert_str_eq(found("harbour"), "a#1,e#1");
    stop_flag = 0;
    stop_after = 0;
    ck_assert_str_eq(run_index("docs", AS_OK), "0 0 3 1 0 0 0");
    ck_assert_str_eq(found("harbour"), "e#1");
}
END_TEST

/* ---- JSON Lines --------------------------------------------------------- */

static const char jsonl_j1[] =
    "{\"id\": \"j1\", \"title\": \"First\", \"text\": \"Lanterns glow."
    "\\n\\nShips wait.\"}\n";
static const char jsonl_j2[] = "{\"id\": \"j2\", \"title\": \"Second\", "
                               "\"paragraphs\": [\"Gulls cry.\"]}\n";

START_TEST(test_jsonl_lines)
{
    char text[512];

    /* a byte order mark, a blank line and a line without a title */
    snprintf(text, sizeof text,
             "\xef\xbb\xbf%s\n{\"id\": \"j3\", \"text\": \"x\"}\n%s", jsonl_j1,
             jsonl_j2);
    write_file("in.jsonl", text);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "2 0 0 0 3 1 0");
    ck_assert_uint_eq(n_reports, 1);
    expect_report("in.jsonl", AS_REPORT_SKIPPED, 3, "no \"title\"");
    ck_assert_str_eq(found(""), "j1#1,j1#2,j2#1");
    ck_assert_str_eq(file_of("j2"), at("in.jsonl"));

    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 0 2 0 0 1 0");
    write_file("in.jsonl", "{\"id\": \"j1\", \"title\": \"First\", "
                           "\"text\": \"Lanterns glow.\"}\n");
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 1 0 1 1 0 0");
    ck_assert_str_eq(found(""), "j1#1");
}
END_TEST

/* Progress within a JSON Lines input: each line read (blank ones too) with
 * the bytes taken so far of the file's size; article files are not read
 * line by line. */
START_TEST(test_jsonl_reading)
{
    char text[512];
    long long one = (long long)strlen(jsonl_j1);

    snprintf(text, sizeof text, "%s\n%s", jsonl_j1, jsonl_j2);
    write_file("in.jsonl", text);
    write_file("a.txt", text_a);
    ck_assert_str_eq(run_index("a.txt in.jsonl", AS_OK), "3 0 0 0 4 0 0");
    ck_assert_uint_eq(n_readings, 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_uint_eq(readings[i].done, 1);
        ck_assert_uint_eq(readings[i].total, 2);
        ck_assert_uint_eq(readings[i].lines, i + 1);
        ck_assert_int_eq(readings[i].size, (long long)strlen(text));
    }
    ck_assert_int_eq(readings[0].bytes, one);
    ck_assert_int_eq(readings[1].bytes, one + 1);
    ck_assert_int_eq(readings[2].bytes, (long long)strlen(text));
}
END_TEST

/* Line ends: CRLF, and a last line without its newline; lines longer
 * than the reader's first buffer. */
START_TEST(test_jsonl_line_ends)
{
    static char text[300000];
    size_t n;

    n = (size_t)snprintf(text, sizeof text,
                         "{\"id\": \"c1\", \"title\": \"T\", \"text\": "
                         "\"Lanterns glow.\"}\r\n{\"id\": \"c2\", \"title\": "
                         "\"T\", \"text\": \"");
    while (n < sizeof text - 100) {
        memcpy(text + n, "gulls cry ", 10);
        n += 10;
    }
    snprintf(text + n, sizeof text - n, "ships\"}");
    write_file("in.jsonl", text);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "2 0 0 0 2 0 0");
    ck_assert_str_eq(found("lanterns"), "c1#1");
    ck_assert_str_eq(found("ships"), "c2#1");
}
END_TEST

START_TEST(test_jsonl_not_lines)
{
    static const struct {
        const char *first; /* the start of the input */
        size_t len;
        long line; /* reported */
        const char *part;
    } cases[] = {
        {"\x1f\x8b\x08\x00\n", 5, 1, "gzip-compressed"},
        {"\xfd"
         "7zXZ\0\x00\n",
         8, 1, "xz-compressed"},
        {"\x28\xb5\x2f\xfd\n", 5, 1, "zstd-compressed"},
        {"BZh91AY&SY\n", 11, 1, "bzip2-compressed"},
        {"PK\x03\x04\n", 5, 1, "a zip archive"},
        {"{\"id\": \"z\0\n", 11, 1, "a NUL byte"},
        {"\n  [  \n", 7, 2, "a JSON array"},
        {"{\n", 2, 1, "JSON objects over several lines"},
    };
    const size_t n = sizeof cases / sizeof cases[0];
    char list[256] = "", name[32], text[256];

    for (size_t i = 0; i < n; i++) {
        memcpy(text, cases[i].first, cases[i].len);
        strcpy(text + cases[i].len, jsonl_j2); /* never read */
        snprintf(name, sizeof name, "p%zu.jsonl", i);
        write_bytes(name, text, cases[i].len + strlen(jsonl_j2));
        strcat(list, i ? " " : "");
        strcat(list, name);
    }
    /* past the first line, an array is one bad line */
    write_file("one.jsonl", "{\"id\": \"j9\", \"title\": \"T\", \"text\": "
                            "\"x\"}\n[{\"id\": \"j1\"}]\n");
    strcat(list, " one.jsonl");
    snprintf(text, sizeof text, "1 0 0 0 1 %zu 1", n + 1);
    ck_assert_str_eq(run_index(list, AS_OK), text);
    ck_assert_uint_eq(n_reports, n + 2);
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "p%zu.jsonl", i);
        expect_report(name, AS_REPORT_SKIPPED, cases[i].line, cases[i].part);
    }
    expect_report("one.jsonl", AS_REPORT_SKIPPED, 2, "a JSON array, not an");
    expect_report("one.jsonl", AS_REPORT_WARNING, 2, "cannot be told");
    ck_assert_str_eq(found(""), "j9#1");
}
END_TEST

/* in.jsonl with the lines of j1 and j2, indexed. */
static void index_j1_j2(void)
{
    char text[512];

    snprintf(text, sizeof text, "%s%s", jsonl_j1, jsonl_j2);
    write_file("in.jsonl", text);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "2 0 0 0 3 0 0");
    ck_assert_str_eq(changes, "new j1 in.jsonl;new j2 in.jsonl;");
}

/* The articles of a JSON Lines input that was not read to its end (here
 * replaced by compressed data) stay, and so does the article of a bad
 * line whose id is readable; a line that is gone is removed. */
START_TEST(test_jsonl_kept)
{
    char text[512];

    index_j1_j2();
    write_bytes("in.jsonl", "\x1f\x8b\x08\x00\n", 5);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 0 0 0 0 1 0");
    ck_assert_str_eq(found(""), "j1#1,j1#2,j2#1");
    snprintf(text, sizeof text, "{\"id\": \"j1\", \"title\": 5}\n%s", jsonl_j2);
    write_file("in.jsonl", text);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 0 1 0 0 1 0");
    expect_report("in.jsonl", AS_REPORT_SKIPPED, 1, "must be a string");
    ck_assert_str_eq(found(""), "j1#1,j1#2,j2#1");
    write_file("in.jsonl", jsonl_j2);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 0 1 1 0 0 0");
    ck_assert_str_eq(changes, "removed j1 in.jsonl;");
    ck_assert_str_eq(found(""), "j2#1");
}
END_TEST

/* A line whose article cannot be told (not JSON, no id) may be any
 * article of its input: none is removed, in every process of a shared
 * run, and the first process says so once; a fixed input removes what it
 * no longer has. */
START_TEST(test_jsonl_unknown_line)
{
    char text[512];

    index_j1_j2();
    snprintf(text, sizeof text, "not json\n{\"title\": \"T\"}\n%s", jsonl_j2);
    write_file("in.jsonl", text);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 0 1 0 0 2 1");
    expect_report("in.jsonl", AS_REPORT_SKIPPED, 1, "invalid JSON");
    expect_report("in.jsonl", AS_REPORT_WARNING, 1,
                  "no article recorded from this input is removed");
    expect_report("in.jsonl", AS_REPORT_SKIPPED, 2, "\"id\"");
    ck_assert_uint_eq(n_reports, 3);
    ck_assert_str_eq(found(""), "j1#1,j1#2,j2#1");
    share_first = 0;
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 0 1 0 0 0 0");
    ck_assert_str_eq(found(""), "j1#1,j1#2,j2#1");
    share_first = -1;
    write_file("in.jsonl", jsonl_j2);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 0 1 1 0 0 0");
    ck_assert_str_eq(found(""), "j2#1");
}
END_TEST

/* An input that ends inside a bad line was cut short (its writer died):
 * the articles of the lines it never got to are kept; a complete input
 * without them removes them. */
START_TEST(test_jsonl_cut_short)
{
    char text[512];

    index_j1_j2();
    snprintf(text, sizeof text, "%s{\"id\": \"j2\", \"ti", jsonl_j1);
    write_file("in.jsonl", text);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 0 1 0 0 1 1");
    ck_assert_uint_eq(n_reports, 2);
    ck_assert_int_eq(reports[1].kind, AS_REPORT_WARNING);
    ck_assert_ptr_nonnull(strstr(reports[1].msg, "ends inside a line"));
    ck_assert_str_eq(found(""), "j1#1,j1#2,j2#1");
    /* a good last line without its newline is no sign of that */
    text[strlen(jsonl_j1) - 1] = '\0';
    write_file("in.jsonl", text);
    ck_assert_str_eq(run_index("in.jsonl", AS_OK), "0 0 1 1 0 0 0");
    ck_assert_str_eq(found(""), "j1#1,j1#2");
}
END_TEST

START_TEST(test_jsonl_stop_inside)
{
    char text[512];

    snprintf(text, sizeof text, "%snot json\n%s", jsonl_j1, jsonl_j2);
    write_file("in.jsonl", text);
    stop_on_report = 1;
    ck_assert_str_eq(run_index("in.jsonl", AS_ERR_STOPPED), "1 0 0 0 2 1 1");
    expect_report("in.jsonl", AS_REPORT_SKIPPED, 2, "invalid JSON");
    ck_assert_str_eq(found(""), "j1#1,j1#2"); /* committed; j2 not read */
}
END_TEST

START_TEST(test_jsonl_shared)
{
    char text[512];

    snprintf(text, sizeof text,
             "not json\n{\"id\": \"j3\", \"text\": \"x\"}\n%s", jsonl_j2);
    write_file("in.jsonl", text);
    /* not the first process: only the problems of an article */
    share_first = 0;
    ck_assert_str_eq(run_index("in.jsonl missing.jsonl", AS_OK),
                     "1 0 0 0 1 1 0");
    expect_report("in.jsonl", AS_REPORT_SKIPPED, 2, "no \"title\"");
    share_first = 1;
    ck_assert_str_eq(run_index("in.jsonl missing.jsonl", AS_OK),
                     "0 0 1 0 0 3 1");
    ck_assert_int_eq(reports[0].line, 1);
    ck_assert_ptr_nonnull(strstr(reports[0].msg, "invalid JSON"));
    expect_report("missing.jsonl", AS_REPORT_SKIPPED, 0, "cannot read");
}
END_TEST

START_TEST(test_commit_every)
{
    FILE *f = fopen(at("many.jsonl"), "w");
    const int n = AS_INDEXER_COMMIT_EVERY;
    char want[64];

    ck_assert_ptr_nonnull(f);
    for (int i = 1; i <= n + 2; i++)
        if (i == n + 1)
            fputs("not json\n", f);
        else
            fprintf(f, "{\"id\": %d, \"title\": \"T\", \"text\": \"x\"}\n", i);
    ck_assert_int_eq(fclose(f), 0);
    probe = 1;
    snprintf(want, sizeof want, "%d 0 0 0 %d 1 1", n + 1, n + 1);
    ck_assert_str_eq(run_index("many.jsonl", AS_OK), want);
    ck_assert_uint_eq(probed, (unsigned long)n); /* a full batch committed */
}
END_TEST

/* ... or sooner, when the articles' paragraphs are many */
START_TEST(test_commit_paragraphs)
{
    FILE *f = fopen(at("long.jsonl"), "w");
    const int per = AS_INDEXER_COMMIT_PARAGRAPHS / 2 + 1; /* two: a batch */

    ck_assert_ptr_nonnull(f);
    for (int i = 1; i <= 3; i++) {
        fprintf(f, "{\"id\": %d, \"title\": \"T\", \"paragraphs\": [", i);
        for (int k = 0; k < per; k++)
            fputs(k ? ", \"x\"" : "\"x\"", f);
        fputs("]}\n", f);
    }
    fputs("not json\n", f);
    ck_assert_int_eq(fclose(f), 0);
    probe = 1;
    run_index("long.jsonl", AS_OK);
    ck_assert_uint_eq(probed, 2); /* committed after the second article */
}
END_TEST

Suite *indexer_suite(void);

Suite *indexer_suite(void)
{
    Suite *s = suite_create("indexer");
    TCase *tc = tcase_create("walk");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_walk_directory);
    tcase_add_test(tc, test_duplicate_id);
    tcase_add_test(tc, test_walk_symlinks);
    tcase_add_test(tc, test_skip_bad_files);
    tcase_add_test(tc, test_invalid_utf8_repaired);
    tcase_add_test(tc, test_walk_empty_directory);
    suite_add_tcase(s, tc);

    tc = tcase_create("update");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_rerun);
    tcase_add_test(tc, test_dry_run);
    tcase_add_test(tc, test_remove_only_under_paths);
    tcase_add_test(tc, test_relative_paths_in_two_directories);
    tcase_add_test(tc, test_state_without_directory);
    tcase_add_test(tc, test_unreadable_directory_keeps_articles);
    tcase_add_test(tc, test_too_deep_keeps_articles);
    tcase_add_test(tc, test_unusable_file_keeps_article);
    tcase_add_test(tc, test_wrong_format_keeps_articles);
    tcase_add_test(tc, test_unread_file_keeps_articles);
    tcase_add_test(tc, test_path_given_another_way);
    tcase_add_test(tc, test_dangling_link_keeps_article);
    tcase_add_test(tc, test_empty_root_keeps_articles);
    tcase_add_test(tc, test_stop);
    suite_add_tcase(s, tc);

    tc = tcase_create("jsonl");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_jsonl_lines);
    tcase_add_test(tc, test_jsonl_reading);
    tcase_add_test(tc, test_jsonl_not_lines);
    tcase_add_test(tc, test_jsonl_line_ends);
    tcase_add_test(tc, test_jsonl_kept);
    tcase_add_test(tc, test_jsonl_unknown_line);
    tcase_add_test(tc, test_jsonl_cut_short);
    tcase_add_test(tc, test_jsonl_stop_inside);
    tcase_add_test(tc, test_jsonl_shared);
    tcase_add_test(tc, test_commit_every);
    tcase_add_test(tc, test_commit_paragraphs);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(indexer_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
