/* check_cli.c - unit tests of cli.h: the index path, the format of
 * messages, option errors and closing stdout. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* What the program wrote to stderr while fn(arg) ran (a new string). */
static char *stderr_of(void (*fn)(const void *), const void *arg)
{
    FILE *tmp = tmpfile();
    int saved = dup(2);
    char *out;
    long n;

    ck_assert_ptr_nonnull(tmp);
    ck_assert_int_ge(saved, 0);
    fflush(stderr);
    ck_assert_int_eq(dup2(fileno(tmp), 2), 2);
    fn(arg);
    fflush(stderr);
    ck_assert_int_eq(dup2(saved, 2), 2);
    close(saved);
    n = ftell(tmp);
    ck_assert_int_ge(n, 0);
    out = calloc(1, (size_t)n + 1);
    ck_assert_ptr_nonnull(out);
    rewind(tmp);
    ck_assert_uint_eq(fread(out, 1, (size_t)n, tmp), (size_t)n);
    fclose(tmp);
    return out;
}

/* Check that fn(arg) writes exactly want to stderr. */
static void expect_stderr(void (*fn)(const void *), const void *arg,
                          const char *want)
{
    char *got = stderr_of(fn, arg);

    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(test_index_path)
{
    unsetenv("ARTSEARCH_INDEX");
    ck_assert_str_eq(as_cli_index_path(NULL), AS_DEFAULT_INDEX);
    ck_assert_str_eq(as_cli_index_path("given"), "given");
    setenv("ARTSEARCH_INDEX", "", 1); /* empty: as if unset */
    ck_assert_str_eq(as_cli_index_path(NULL), AS_DEFAULT_INDEX);
    setenv("ARTSEARCH_INDEX", "/data/news.idx", 1);
    ck_assert_str_eq(as_cli_index_path(NULL), "/data/news.idx");
    ck_assert_str_eq(as_cli_index_path("given"), "given"); /* option first */
    unsetenv("ARTSEARCH_INDEX");
}
END_TEST

static void say_error(const void *arg)
{
    as_cli_error("bad %s %d", (const char *)arg, 7);
}

static void say_warning(const void *arg)
{
    as_cli_warning("%s", (const char *)arg);
}

START_TEST(test_messages)
{
    as_cli_set_program("/usr/local/bin/artsearch");
    expect_stderr(say_error, "thing", "artsearch: error: bad thing 7\n");
    expect_stderr(say_warning, "careful", "artsearch: warning: careful\n");
    as_cli_set_program("artsearch-index");
    expect_stderr(say_error, "x", "artsearch-index: error: bad x 7\n");
    /* no name: the last one stays */
    as_cli_set_program("");
    as_cli_set_program(NULL);
    expect_stderr(say_error, "x", "artsearch-index: error: bad x 7\n");
}
END_TEST

struct index_error {
    const char *path;
    as_status_t rc;
    const char *msg;
};

static void say_index_error(const void *arg)
{
    const struct index_error *e = arg;

    as_cli_index_error(e->path, e->rc, e->msg);
}

START_TEST(test_index_errors)
{
    static const struct index_error missing = {"/x/idx", AS_ERR_NO_INDEX, NULL},
                                    relative = {"idx", AS_ERR_NO_INDEX, NULL},
                                    locked = {"idx", AS_ERR_LOCKED, "busy"},
                                    damaged = {"idx", AS_ERR_CORRUPT,
                                               "the index is damaged"},
                                    bare = {"idx", AS_ERR_IO, ""};
    char *got;

    as_cli_set_program("artsearch");
    char cwd[4096], want[4300];

    expect_stderr(say_index_error, &missing,
                  "artsearch: error: no index at /x/idx: run artsearch-index "
                  "first (or give --index DIR)\n");
    /* a relative path: where it was looked for */
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    snprintf(want, sizeof want,
             "artsearch: error: no index at idx (in %s): run artsearch-index "
             "first (or give --index DIR)\n",
             cwd);
    expect_stderr(say_index_error, &relative, want);
    expect_stderr(say_index_error, &locked,
                  "artsearch: error: the index at idx is being written by "
                  "another artsearch-index: wait for it to finish\n");
    expect_stderr(say_index_error, &damaged,
                  "artsearch: error: idx: the index is damaged\n");
    /* without a message, the status says what happened */
    got = stderr_of(say_index_error, &bare);
    ck_assert_msg(strncmp(got, "artsearch: error: idx: ", 23) == 0 &&
                      strlen(got) > 25,
                  "%s", got);
    free(got);
}
END_TEST

/* One getopt_long() failure as the programs see it, and its message. */
struct option_error {
    int c, optind, optopt;
    const char *arg, *want;
};

static void say_option_error(const void *arg)
{
    const struct option_error *e = arg;
    char *argv[] = {"artsearch", (char *)e->arg, NULL};

    optind = e->optind;
    optopt = e->optopt;
    as_cli_option_error(e->c, argv);
}

START_TEST(test_option_errors)
{
    static const struct option_error cases[] = {
        {':', 2, 0, "--limit",
         "artsearch: error: option --limit needs a value (see artsearch "
         "--help)\n"},
        {':', 2, 'n', "-n",
         "artsearch: error: option -n needs a value (see artsearch --help)\n"},
        {'?', 2, 'z', "-z",
         "artsearch: error: unknown option -z (see artsearch --help)\n"},
        /* the value is left out of the name */
        {'?', 2, 0, "--colour=always",
         "artsearch: error: unknown option --colour (see artsearch "
         "--help)\n"},
    };

    as_cli_set_program("artsearch");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_stderr(say_option_error, &cases[i], cases[i].want);
}
END_TEST

START_TEST(test_option_ambiguous)
{
    static const struct option table[] = {
        {"source", required_argument, NULL, 1},
        {"sort", required_argument, NULL, 2},
        {"strict", no_argument, NULL, 3},
        {NULL, 0, NULL, 0},
    };
    static const struct option_error cases[] = {
        {'?', 2, 0, "--so",
         "artsearch: error: ambiguous option --so: could be --source, "
         "--sort (see artsearch --help)\n"},
        {'?', 2, 0, "--so=x",
         "artsearch: error: ambiguous option --so: could be --source, "
         "--sort (see artsearch --help)\n"},
        /* a prefix of none, or of one, is unknown */
        {'?', 2, 0, "--bogus",
         "artsearch: error: unknown option --bogus (see artsearch "
         "--help)\n"},
        {'?', 2, 0, "--sources",
         "artsearch: error: unknown option --sources (see artsearch "
         "--help)\n"},
    };

    as_cli_set_program("artsearch");
    as_cli_set_options(table);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_stderr(say_option_error, &cases[i], cases[i].want);
    as_cli_set_options(NULL);
}
END_TEST

/* In a child whose stdout is out_fd and stderr a temporary file: write
 * text to stdout, then as_cli_close_stdout().  Returns its result; *err
 * receives what the child wrote to stderr (a new string). */
static int close_stdout_in_child(int out_fd, const char *text, char **err)
{
    FILE *tmp = tmpfile();
    pid_t pid;
    int status;
    long n;

    ck_assert_ptr_nonnull(tmp);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGPIPE, SIG_IGN);
        dup2(out_fd, 1);
        dup2(fileno(tmp), 2);
        as_cli_set_program("artsearch");
        fputs(text, stdout);
        _exit(as_cli_close_stdout());
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    fseek(tmp, 0, SEEK_END);
    n = ftell(tmp);
    *err = calloc(1, (size_t)n + 1);
    ck_assert_ptr_nonnull(*err);
    rewind(tmp);
    ck_assert_uint_eq(fread(*err, 1, (size_t)n, tmp), (size_t)n);
    fclose(tmp);
    return WEXITSTATUS(status);
}

START_TEST(test_given_alone)
{
    char *alone[] = {"artsearch", "japan", "-h", NULL};
    char *word[] = {"artsearch", "japan", "-china", "-x", NULL};
    char *prefix[] = {"artsearch", "--hel", NULL};
    char *after[] = {"artsearch", "--", "-h", "-china", NULL};
    char *other[] = {"artsearch", "--history", "-Vh", NULL};
    const char *cluster;

    ck_assert_int_eq(as_cli_given_alone(3, alone, 'h', "help", &cluster), 1);
    ck_assert_int_eq(as_cli_given_alone(4, word, 'h', "help", &cluster), 0);
    ck_assert_str_eq(cluster, "-china");
    ck_assert_int_eq(as_cli_given_alone(2, prefix, 'h', "help", &cluster), 1);
    /* after "--" everything is a query word */
    ck_assert_int_eq(as_cli_given_alone(4, after, 'h', "help", &cluster), 0);
    ck_assert_str_eq(cluster, "");
    /* a long option that is not a prefix of the name */
    ck_assert_int_eq(as_cli_given_alone(3, other, 'V', "version", &cluster), 0);
    ck_assert_str_eq(cluster, "-Vh");
}
END_TEST

START_TEST(test_close_stdout)
{
    int fds[2], full, devnull;
    char *err;

    /* a good close: 0, nothing said */
    devnull = open("/dev/null", O_WRONLY);
    ck_assert_int_ge(devnull, 0);
    ck_assert_int_eq(close_stdout_in_child(devnull, "hit\n", &err), 0);
    ck_assert_str_eq(err, "");
    free(err);
    close(devnull);

    /* a full disk: reported, non-zero */
    full = open("/dev/full", O_WRONLY);
    if (full >= 0) {
        ck_assert_int_ne(close_stdout_in_child(full, "hit\n", &err), 0);
        ck_assert_str_eq(err, "artsearch: error: write error on standard "
                              "output: No space left on device\n");
        free(err);
        close(full);
    }

    /* a closed pipe (| head): non-zero, but nothing said */
    ck_assert_int_eq(pipe(fds), 0);
    close(fds[0]);
    ck_assert_int_ne(close_stdout_in_child(fds[1], "hit\n", &err), 0);
    ck_assert_str_eq(err, "");
    free(err);
    close(fds[1]);
}
END_TEST

static Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");

    tcase_add_test(tc, test_index_path);
    tcase_add_test(tc, test_messages);
    tcase_add_test(tc, test_index_errors);
    tcase_add_test(tc, test_option_errors);
    tcase_add_test(tc, test_option_ambiguous);
    tcase_add_test(tc, test_given_alone);
    tcase_add_test(tc, test_close_stdout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cli_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
