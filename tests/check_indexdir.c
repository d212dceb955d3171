/* check_indexdir.c - unit tests of indexdir.h: lock, stub, switch, cleanup. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "indexdir.h"
#include "testutil.h"

static char tmpdir[512];
static char index_dir[600];    /* tmpdir/index, not created by setup() */
static char unset[] = "unset"; /* an errmsg the function must clear */

/* A fresh temporary directory for each test. */
static void setup(void)
{
    tu_make_tmpdir(tmpdir, sizeof tmpdir, "check_indexdir");
    snprintf(index_dir, sizeof index_dir, "%s/index", tmpdir);
}

/* Remove the temporary directory and all in it. */
static void teardown(void)
{
    tu_remove_tree(tmpdir);
}

/* The path of name in the index directory, in one of 8 static buffers used
 * in turn. */
static const char *in_index(const char *name)
{
    static char paths[8][700];
    static unsigned next;
    char *path = paths[next++ % 8];

    snprintf(path, sizeof paths[0], "%s/%s", index_dir, name);
    return path;
}

/* Create the directory path, which must succeed. */
static void make_dir(const char *path)
{
    ck_assert_msg(mkdir(path, 0777) == 0, "cannot create %s", path);
}

/* Create or replace the file path with text, which must succeed. */
static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    ck_assert_msg(f != NULL, "cannot write %s", path);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* Check that the file at path holds exactly text. */
static void assert_file(const char *path, const char *text)
{
    char buf[256];
    FILE *f = fopen(path, "r");
    size_t n;

    ck_assert_msg(f != NULL, "cannot read %s", path);
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    ck_assert_str_eq(buf, text);
}

/* Whether anything (even a dangling symbolic link) is at path. */
static int there(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

/* Make the database directory name of the index, with a file and a
 * subdirectory in it. */
static void make_database(const char *name)
{
    char sub[64];

    make_dir(in_index(name));
    snprintf(sub, sizeof sub, "%s/iamglass", name);
    write_file(in_index(sub), "glass");
    snprintf(sub, sizeof sub, "%s/0", name);
    make_dir(in_index(sub));
}

/* as_indexdir_new_database() in the index, which must succeed; free() the
 * path returned. */
static char *new_database(unsigned shards)
{
    char *db = NULL, *err = unset;
    as_status_t rc = as_indexdir_new_database(index_dir, shards, &db, &err);

    ck_assert_msg(rc == AS_OK, "new database: %s", err ? err : "?");
    ck_assert_ptr_null(err);
    ck_assert_ptr_nonnull(db);
    return db;
}

/* as_indexdir_switch() of the index to db, which must succeed. */
static void switch_to(const char *db)
{
    char *err = unset;
    as_status_t rc = as_indexdir_switch(index_dir, db, &err);

    ck_assert_msg(rc == AS_OK, "switch to %s: %s", db, err ? err : "?");
    ck_assert_ptr_null(err);
}

/* Take the lock of the index, which must succeed; return its fd. */
static int lock_ok(double wait_seconds)
{
    int fd = -2;
    char *err = unset;

    ck_assert_int_eq(as_indexdir_lock(index_dir, wait_seconds, NULL, &fd, &err),
                     AS_OK);
    ck_assert_ptr_null(err);
    ck_assert_int_ge(fd, 0);
    return fd;
}

/* Try the lock of the index in a child process; return the status. */
static as_status_t lock_in_child(double wait_seconds)
{
    pid_t pid = fork();
    int status;

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int fd;
        char *err = NULL;
        as_status_t rc =
            as_indexdir_lock(index_dir, wait_seconds, NULL, &fd, &err);

        as_indexdir_unlock(fd);
        free(err);
        _exit((int)rc);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    return (as_status_t)WEXITSTATUS(status);
}

/* ---- lock ---------------------------------------------------------------- */

START_TEST(test_lock)
{
    struct stat st;
    int fd, other = -2;
    char *err = unset;

    ck_assert(!there(index_dir));
    fd = lock_ok(0);
    ck_assert_int_eq(stat(index_dir, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert(there(in_index("lock")));
    ck_assert_int_eq(lock_in_child(0), AS_ERR_LOCKED);
    /* another open file of the same process is another writer too */
    ck_assert_int_eq(as_indexdir_lock(index_dir, 0, NULL, &other, &err),
                     AS_ERR_LOCKED);
    ck_assert_int_eq(other, -1);
    ck_assert_str_eq(err, "being written by another artsearch-index");
    free(err);
    /* a stop set while it waits ends the wait (an hour here) */
    {
        volatile sig_atomic_t stop = 1;
        err = unset;
        ck_assert_int_eq(as_indexdir_lock(index_dir, 3600, &stop, &other, &err),
                         AS_ERR_STOPPED);
        ck_assert_int_eq(other, -1);
        ck_assert_ptr_null(err);
    }
    as_indexdir_unlock(fd);
    ck_assert_int_eq(lock_in_child(0), AS_OK);
    as_indexdir_unlock(lock_ok(0)); /* the directory exists now */
    as_indexdir_unlock(-1);
}
END_TEST

START_TEST(test_lock_shared)
{
    int fd = -2, other = -2, writer = -2;
    char *err = unset;

    /* no lock file: nothing to share, and nothing created */
    make_dir(index_dir);
    ck_assert_int_eq(as_indexdir_lock_shared(index_dir, 0, NULL, &fd, &err),
                     AS_OK);
    ck_assert_int_eq(fd, -1);
    ck_assert_ptr_null(err);
    ck_assert(!there(in_index("lock")));
    ck_assert_int_eq(
        as_indexdir_lock_shared(in_index("none"), 0, NULL, &fd, NULL), AS_OK);
    ck_assert(!there(in_index("none")));

    /* dry runs share it, and keep a writer out */
    as_indexdir_unlock(lock_ok(0));
    ck_assert_int_eq(as_indexdir_lock_shared(index_dir, 0, NULL, &fd, &err),
                     AS_OK);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(as_indexdir_lock_shared(index_dir, 0, NULL, &other, NULL),
                     AS_OK);
    ck_assert_int_ge(other, 0);
    ck_assert_int_eq(as_indexdir_lock(index_dir, 0, NULL, &writer, &err),
                     AS_ERR_LOCKED);
    ck_assert_int_eq(writer, -1);
    ck_assert_str_eq(err, "being read by a dry run of artsearch-index");
    free(err);
    ck_assert_int_eq(lock_in_child(0), AS_ERR_LOCKED);
    as_indexdir_unlock(other);
    as_indexdir_unlock(fd);
    ck_assert_int_eq(lock_in_child(0), AS_OK);

    /* a writer keeps dry runs out */
    fd = lock_ok(0);
    err = unset;
    ck_assert_int_eq(as_indexdir_lock_shared(index_dir, 0, NULL, &other, &err),
                     AS_ERR_LOCKED);
    ck_assert_int_eq(other, -1);
    ck_assert_str_eq(err, "being written by another artsearch-index");
    free(err);
    as_indexdir_unlock(fd);
}
END_TEST

START_TEST(test_lock_wait_expires)
{
    int fd = lock_ok(0), other = -2;
    struct timespec start, end;
    double waited;

    clock_gettime(CLOCK_MONOTONIC, &start);
    ck_assert_int_eq(as_indexdir_lock(index_dir, 0.2, NULL, &other, NULL),
                     AS_ERR_LOCKED);
    clock_gettime(CLOCK_MONOTONIC, &end);
    waited = (double)(end.tv_sec - start.tv_sec) +
             (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    ck_assert_int_eq(other, -1);
    ck_assert_msg(waited >= 0.19 && waited < 3.0, "waited %.3f s", waited);
    ck_assert_int_eq(lock_in_child(0.2), AS_ERR_LOCKED);
    as_indexdir_unlock(fd);
}
END_TEST

START_TEST(test_lock_wait_succeeds)
{
    int ready[2], status, fd;
    char byte;
    pid_t pid;

    make_dir(index_dir);
    ck_assert_int_eq(pipe(ready), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) { /* hold the lock for 0.3 s */
        struct timespec nap = {0, 300 * 1000 * 1000};
        int held = -1;

        if (as_indexdir_lock(index_dir, 0, NULL, &held, NULL) != AS_OK ||
            write(ready[1], "x", 1) != 1)
            _exit(1);
        nanosleep(&nap, NULL);
        as_indexdir_unlock(held);
        _exit(0);
    }
    close(ready[1]);
    ck_assert_int_eq(read(ready[0], &byte, 1), 1);
    close(ready[0]);
    fd = lock_ok(10);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    as_indexdir_unlock(fd);
}
END_TEST

START_TEST(test_lock_io_error)
{
    char path[700];
    int fd = -2;
    char *err = NULL;

    /* the parent is a regular file */
    snprintf(path, sizeof path, "%s/file", tmpdir);
    write_file(path, "not a directory\n");
    strcat(path, "/index");
    ck_assert_int_eq(as_indexdir_lock(path, 0, NULL, &fd, &err), AS_ERR_IO);
    ck_assert_int_eq(fd, -1);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, path) != NULL, "message: %s", err);
    free(err);
    ck_assert_int_eq(as_indexdir_lock(path, 0, NULL, &fd, NULL), AS_ERR_IO);

    /* the index directory is a regular file */
    write_file(index_dir, "not a directory\n");
    err = NULL;
    ck_assert_int_eq(as_indexdir_lock(index_dir, 0, NULL, &fd, &err),
                     AS_ERR_IO);
    ck_assert_int_eq(fd, -1);
    ck_assert_msg(err != NULL && *err != '\0', "no message");
    free(err);
}
END_TEST

/* ---- layout -------------------------------------------------------------- */

START_TEST(test_exists)
{
    ck_assert(!as_indexdir_exists(index_dir));
    make_dir(index_dir);
    ck_assert(!as_indexdir_exists(index_dir));
    make_database("db-1"); /* a database no stub names is not current */
    ck_assert(!as_indexdir_exists(index_dir));
    switch_to(in_index("db-1"));
    ck_assert(as_indexdir_exists(index_dir));
    /* a database written directly in the directory by older versions */
    ck_assert_int_eq(unlink(in_index("XAPIANDB")), 0);
    write_file(in_index("iamglass"), "glass");
    ck_assert(as_indexdir_exists(index_dir));
}
END_TEST

START_TEST(test_new_database_unused)
{
    char *first = NULL, *again, *second, *third, *err = NULL;

    /* no index directory to create a sharded database in */
    ck_assert_int_eq(as_indexdir_new_database(index_dir, 2, &first, &err),
                     AS_ERR_IO);
    ck_assert_msg(err != NULL && *err != '\0', "no message");
    free(err);
    ck_assert_ptr_null(first); /* nothing to free on failure */
    make_dir(index_dir);
    first = new_database(1);
    ck_assert_str_eq(first, in_index("db-1"));
    ck_assert(!there(first));
    again = new_database(0); /* not created: the same path */
    ck_assert_str_eq(again, first);
    make_dir(first);
    second = new_database(1);
    ck_assert_str_eq(second, in_index("db-2"));
    ck_assert(!there(second));
    write_file(second, "a file takes the name too\n");
    third = new_database(1);
    ck_assert_str_eq(third, in_index("db-3"));
    free(first);
    free(again);
    free(second);
    free(third);
}
END_TEST

START_TEST(test_new_database_shards)
{
    struct stat st;
    char *db;

    make_dir(index_dir);
    db = new_database(3);
    ck_assert_str_eq(db, in_index("db-1"));
    ck_assert_int_eq(stat(db, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    assert_file(in_index("db-1/XAPIANDB"), "auto 0\nauto 1\nauto 2\n");
    ck_assert(!there(in_index("db-1/0"))); /* the writer creates the shards */
    free(db);
    db = new_database(2);
    ck_assert_str_eq(db, in_index("db-2"));
    assert_file(in_index("db-2/XAPIANDB"), "auto 0\nauto 1\n");
    /* the index stub names the directory of the shards' stub */
    switch_to(db);
    free(db);
    assert_file(in_index("XAPIANDB"), "auto db-2\n");
    assert_file(in_index("db-2/XAPIANDB"), "auto 0\nauto 1\n");
    ck_assert(!there(in_index("db-1")));
}
END_TEST

/* ---- switch and cleanup -------------------------------------------------- */

START_TEST(test_switch_stub)
{
    char *db;

    make_dir(index_dir);
    db = new_database(1);
    make_database("db-1");
    switch_to(db);
    free(db);
    assert_file(in_index("XAPIANDB"), "auto db-1\n");
    ck_assert(!there(in_index("XAPIANDB.tmp")));
    ck_assert(there(in_index("db-1/iamglass")));
    /* the next database replaces it */
    make_database("db-2");
    switch_to(in_index("db-2"));
    assert_file(in_index("XAPIANDB"), "auto db-2\n");
    ck_assert(!there(in_index("XAPIANDB.tmp")));
    ck_assert(!there(in_index("db-1")));
    ck_assert(there(in_index("db-2/iamglass")));
    ck_assert(there(in_index("db-2/0")));
}
END_TEST

START_TEST(test_switch_legacy)
{
    static const char *const legacy[] = {
        "iamglass",       "flintlock",      "docdata.glass", "position.glass",
        "postlist.glass", "spelling.glass", "synonym.glass", "termlist.glass"};

    make_dir(index_dir);
    for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
        write_file(in_index(legacy[i]), "old");
    write_file(in_index("notes"), "kept\n");
    make_database("db-1");
    switch_to(in_index("db-1"));
    for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
        ck_assert_msg(!there(in_index(legacy[i])), "%s kept", legacy[i]);
    ck_assert(there(in_index("notes")));
    ck_assert(there(in_index("db-1/iamglass")));
    ck_assert(as_indexdir_exists(index_dir));
}
END_TEST

START_TEST(test_switch_io_error)
{
    char *err = NULL;

    /* no index directory */
    ck_assert_int_eq(as_indexdir_switch(index_dir, in_index("db-1"), &err),
                     AS_ERR_IO);
    ck_assert_msg(err != NULL && *err != '\0', "no message");
    free(err);

    /* a directory where the stub goes: no database is removed */
    make_dir(index_dir);
    make_dir(in_index("XAPIANDB"));
    make_database("db-1");
    make_database("db-2");
    err = NULL;
    ck_assert_int_eq(as_indexdir_switch(index_dir, in_index("db-2"), &err),
                     AS_ERR_IO);
    ck_assert_msg(err != NULL && *err != '\0', "no message");
    free(err);
    ck_assert(there(in_index("db-1/iamglass")));
    ck_assert(there(in_index("db-2/iamglass")));
    ck_assert(!there(in_index("XAPIANDB.tmp"))); /* nothing left behind */
}
END_TEST

START_TEST(test_cleanup_stale)
{
    as_indexdir_cleanup(index_dir); /* no directory: nothing to do */
    make_dir(index_dir);
    make_database("db-1");
    make_database("db-2");
    make_database("db-3");
    as_indexdir_cleanup(index_dir); /* no stub: nothing is known unused */
    ck_assert_ptr_null(as_indexdir_unused(index_dir));
    ck_assert(there(in_index("db-1/iamglass")));
    ck_assert(there(in_index("db-3/iamglass")));
    write_file(in_index("XAPIANDB"), "auto db-2\n");
    write_file(in_index("lock"), "");
    write_file(in_index("notes"), "kept\n");
    write_file(in_index("db-notes.txt"), "kept: not a database name\n");
    make_dir(in_index("other"));
    {
        /* what the cleanup is to remove, in any order */
        char **unused = as_indexdir_unused(index_dir);
        size_t n = 0, one = 0, three = 0;
        ck_assert_ptr_nonnull(unused);
        for (; unused[n]; n++) {
            one += strcmp(unused[n], in_index("db-1")) == 0;
            three += strcmp(unused[n], in_index("db-3")) == 0;
        }
        ck_assert_uint_eq(n, 2);
        ck_assert(one == 1 && three == 1);
        as_indexdir_free_list(unused);
    }
    as_indexdir_cleanup(index_dir);
    ck_assert_ptr_null(as_indexdir_unused(index_dir)); /* none left */
    ck_assert(!there(in_index("db-1")));
    ck_assert(!there(in_index("db-3")));
    ck_assert(there(in_index("db-2/iamglass")));
    ck_assert(there(in_index("db-2/0")));
    assert_file(in_index("XAPIANDB"), "auto db-2\n");
    ck_assert(there(in_index("lock")));
    ck_assert(there(in_index("notes")));
    ck_assert(there(in_index("db-notes.txt")));
    ck_assert(there(in_index("other")));
}
END_TEST

/* A database Xapian never finished making (killed as it made it: empty
 * tables, no version file) against one that lost a file (a copy in
 * part), which holds what it held. */
START_TEST(test_unfinished)
{
    /* a version file even empty, a stub that lists shards, a shard, a
     * table of another format with data */
    static const char *const damaged[] = {"iamglass", "XAPIANDB", "0",
                                          "postlist.DB"};
    make_dir(index_dir);
    ck_assert(!as_indexdir_unfinished(in_index("db-1"))); /* not there */
    make_dir(in_index("db-1"));
    ck_assert(as_indexdir_unfinished(in_index("db-1"))); /* empty */
    write_file(in_index("db-1/flintlock"), "");
    write_file(in_index("db-1/v.tmp"), "partial version");
    write_file(in_index("db-1/postlist.glass"), "");
    write_file(in_index("db-1/termlist.glass"), "");
    ck_assert(as_indexdir_unfinished(in_index("db-1")));
    write_file(in_index("db-1/termlist.glass"), "a block");
    ck_assert(!as_indexdir_unfinished(in_index("db-1"))); /* a table */
    for (size_t i = 0; i < sizeof damaged / sizeof *damaged; i++) {
        char name[64];
        snprintf(name, sizeof name, "db-%zu", i + 2);
        make_dir(in_index(name));
        snprintf(name, sizeof name, "db-%zu/%s", i + 2, damaged[i]);
        if (i == 2)
            make_dir(in_index(name));
        else
            write_file(in_index(name), i == 0 ? "" : "auto 0\n");
        snprintf(name, sizeof name, "db-%zu", i + 2);
        ck_assert_msg(!as_indexdir_unfinished(in_index(name)), "%s",
                      damaged[i]);
    }
}
END_TEST

/* A stub written by hand is read as Xapian reads it: comments, blank
 * lines, white space and "./" do not hide the database in use (the
 * cleanup once removed it, and the index was emptied); a stub that says
 * anything else has nothing removed. */
START_TEST(test_cleanup_stub_by_hand)
{
    static const char *const same[] = {"# my news index\nauto db-2\n",
                                       "\n  auto   db-2  \r\n", "auto ./db-2\n",
                                       "auto\t.//db-2"};
    static const char *const unknown[] = {
        "auto db-2\nauto db-1\n", "remote host:1\n", "glass db-2\n",
        "auto /elsewhere/db-2\n", "auto db-2/\n",    "auto sub/db-2\n"};

    make_dir(index_dir);
    make_database("db-2");
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        make_database("db-1");
        write_file(in_index("XAPIANDB"), same[i]);
        as_indexdir_cleanup(index_dir);
        ck_assert_msg(there(in_index("db-2/iamglass")), "stub %zu", i);
        ck_assert_msg(!there(in_index("db-1")), "stub %zu", i);
    }
    make_database("db-1");
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
        write_file(in_index("XAPIANDB"), unknown[i]);
        as_indexdir_cleanup(index_dir);
        ck_assert_msg(there(in_index("db-1/iamglass")), "stub %zu", i);
        ck_assert_msg(there(in_index("db-2/iamglass")), "stub %zu", i);
    }
}
END_TEST

/* A symbolic link inside a stale database is removed, not followed: the
 * directory it names, outside the index, keeps its files. */
START_TEST(test_cleanup_keeps_link_target)
{
    char outside[700], file[720];

    snprintf(outside, sizeof outside, "%s/outside", tmpdir);
    make_dir(outside);
    snprintf(file, sizeof file, "%s/precious", outside);
    write_file(file, "not part of the index\n");
    make_dir(index_dir);
    make_database("db-1");
    make_database("db-2");
    ck_assert_int_eq(symlink(outside, in_index("db-1/link")), 0);
    write_file(in_index("XAPIANDB"), "auto db-2\n");
    as_indexdir_cleanup(index_dir);
    ck_assert_msg(there(file), "%s was removed", file);
    ck_assert(!there(in_index("db-1")));
}
END_TEST

/* A directory named db-N that holds none of a database's files (the
 * user's own, in a directory that became an index) is no database of the
 * index: it stays (it was removed, with its files); an empty one, or one
 * a killed build began (flintlock, a table, a stub of shards), goes. */
START_TEST(test_cleanup_keeps_foreign)
{
    make_dir(index_dir);
    make_database("db-5");
    make_dir(in_index("db-1"));
    write_file(in_index("db-1/data.sql"), "precious\n");
    make_dir(in_index("db-2"));
    make_dir(in_index("db-3"));
    write_file(in_index("db-3/flintlock"), "");
    make_dir(in_index("db-4"));
    write_file(in_index("db-4/postlist.glass"), "");
    make_dir(in_index("db-6"));
    write_file(in_index("db-6/XAPIANDB"), "auto 0\n");
    write_file(in_index("XAPIANDB"), "auto db-5\n");
    as_indexdir_cleanup(index_dir);
    assert_file(in_index("db-1/data.sql"), "precious\n");
    ck_assert(!there(in_index("db-2")));
    ck_assert(!there(in_index("db-3")));
    ck_assert(!there(in_index("db-4")));
    ck_assert(!there(in_index("db-6")));
    ck_assert(there(in_index("db-5/iamglass")));
}
END_TEST

/* The shards a run killed while removing a database of shards left (its
 * stub, read first, gone): a database of the index's, removed; a digit
 * directory of the user's own files, or shards within a shard, not. */
START_TEST(test_cleanup_orphan_shards)
{
    make_dir(index_dir);
    make_database("db-5");
    make_dir(in_index("db-1"));
    make_database("db-1/0");
    make_dir(in_index("db-1/1"));
    make_dir(in_index("db-2"));
    make_dir(in_index("db-2/0"));
    write_file(in_index("db-2/0/photo.jpg"), "precious\n");
    make_dir(in_index("db-3"));
    make_dir(in_index("db-3/0"));
    make_database("db-3/0/1");
    make_dir(in_index("db-4"));
    make_dir(in_index("db-4/0"));
    /* what a removal killed midway leaves: the stub goes last */
    make_dir(in_index("db-6"));
    make_dir(in_index("db-6/1"));
    write_file(in_index("db-6/XAPIANDB"), "auto 0\nauto 1\n");
    write_file(in_index("XAPIANDB"), "auto db-5\n");
    as_indexdir_cleanup(index_dir);
    ck_assert(!there(in_index("db-1")));
    assert_file(in_index("db-2/0/photo.jpg"), "precious\n");
    ck_assert(there(in_index("db-3/0/1/iamglass")));
    ck_assert(there(in_index("db-4/0"))); /* empty digit directories: the
                                               user's (db-7/2024/) */
    ck_assert(!there(in_index("db-6")));
    ck_assert(there(in_index("db-5/iamglass")));
}
END_TEST

/* A stub lost, or naming a database that is not there, beside db-N with a
 * database in it: each such db-N is a stray (which cleanup would remove,
 * but no longer does while the stub leads nowhere); a database of shards
 * that lost its own stub is one too (inner); with the stubs leading to
 * their databases, or a stub not understood, or a database written
 * directly in the directory, there is none. */
START_TEST(test_strays)
{
    char **strays;
    int inner = -1;

    make_dir(index_dir);
    ck_assert_ptr_null(as_indexdir_strays(index_dir, &inner));
    make_dir(in_index("db-1"));
    write_file(in_index("db-1/notes.txt"), "the user's\n");
    ck_assert_ptr_null(as_indexdir_strays(index_dir, &inner));
    make_dir(in_index("db-2"));
    make_database("db-2/0");
    make_database("db-3");
    for (int dangling = 0; dangling < 2; dangling++) {
        if (dangling)
            write_file(in_index("XAPIANDB"), "auto db-7\n");
        strays = as_indexdir_strays(index_dir, &inner);
        ck_assert_ptr_nonnull(strays);
        ck_assert_int_eq(inner, 0);
        ck_assert_ptr_nonnull(strays[0]);
        ck_assert_ptr_nonnull(strays[1]);
        ck_assert_ptr_null(strays[2]);
        ck_assert(strcmp(strays[0], in_index("db-2")) == 0 ||
                  strcmp(strays[1], in_index("db-2")) == 0);
        as_indexdir_free_list(strays);
        as_indexdir_cleanup(index_dir);
        ck_assert(there(in_index("db-2/0/iamglass")));
        ck_assert(there(in_index("db-3/iamglass")));
    }
    write_file(in_index("XAPIANDB"), "auto db-3\n");
    ck_assert_ptr_null(as_indexdir_strays(index_dir, &inner));
    write_file(in_index("XAPIANDB"), "auto db-2\n"); /* its stub lost */
    strays = as_indexdir_strays(index_dir, &inner);
    ck_assert_ptr_nonnull(strays);
    ck_assert_int_eq(inner, 1);
    ck_assert_str_eq(strays[0], in_index("db-2"));
    ck_assert_ptr_null(strays[1]);
    as_indexdir_free_list(strays);
    write_file(in_index("db-2/XAPIANDB"), "auto 0\n");
    ck_assert_ptr_null(as_indexdir_strays(index_dir, &inner));
    write_file(in_index("XAPIANDB"), "remote host:1\n");
    ck_assert_ptr_null(as_indexdir_strays(index_dir, &inner));
    ck_assert_int_eq(unlink(in_index("XAPIANDB")), 0);
    write_file(in_index("iamglass"), ""); /* written directly in the dir */
    ck_assert_ptr_null(as_indexdir_strays(index_dir, &inner));
}
END_TEST

/* The databases the stub leads to, from the files alone: one, or the
 * shards of a database of shards; none for a stub it does not write. */
START_TEST(test_databases)
{
    char **dbs;

    make_dir(index_dir);
    ck_assert_ptr_null(as_indexdir_databases(index_dir)); /* no stub */
    write_file(in_index("XAPIANDB"), "auto db-1\n");
    dbs = as_indexdir_databases(index_dir);
    ck_assert_ptr_nonnull(dbs);
    ck_assert_str_eq(dbs[0], in_index("db-1"));
    ck_assert_ptr_null(dbs[1]);
    as_indexdir_free_list(dbs);
    make_dir(in_index("db-1"));
    write_file(in_index("db-1/XAPIANDB"), "auto 0\n# two\nauto ./1\n");
    dbs = as_indexdir_databases(index_dir);
    ck_assert_ptr_nonnull(dbs);
    ck_assert_str_eq(dbs[0], in_index("db-1/0"));
    ck_assert_str_eq(dbs[1], in_index("db-1/1"));
    ck_assert_ptr_null(dbs[2]);
    as_indexdir_free_list(dbs);
    write_file(in_index("db-1/XAPIANDB"), "auto 0\nremote host:1\n");
    ck_assert_ptr_null(as_indexdir_databases(index_dir));
    write_file(in_index("XAPIANDB"), "auto /elsewhere/db-1\n");
    ck_assert_ptr_null(as_indexdir_databases(index_dir));
}
END_TEST

/* A database path ending in '/' names the same database (it once gave the
 * stub "auto \n", and the cleanup then removed every db-N); a path that
 * names no database is refused before anything changes. */
START_TEST(test_switch_trailing_slash)
{
    char db[720];

    make_dir(index_dir);
    make_database("db-1");
    snprintf(db, sizeof db, "%s/", in_index("db-1"));
    switch_to(db);
    assert_file(in_index("XAPIANDB"), "auto db-1\n");
    ck_assert(there(in_index("db-1/iamglass")));
    for (size_t i = 0; i < 3; i++) {
        static const char *const bad[] = {"other", "db-", "db-1x"};
        char *err = NULL;

        ck_assert_int_eq(as_indexdir_switch(index_dir, in_index(bad[i]), &err),
                         AS_ERR_USAGE);
        ck_assert_msg(err && strstr(err, "is not a database of"), "%s",
                      err ? err : "NULL");
        free(err);
    }
    assert_file(in_index("XAPIANDB"), "auto db-1\n");
    ck_assert(there(in_index("db-1/iamglass")));
}
END_TEST

/* Whether a first run could make an index: an existing directory, or a
 * missing one in an existing directory; not one under a missing
 * directory or a file. */
START_TEST(test_creatable)
{
    char path[700], *err = unset;

    ck_assert_int_eq(as_indexdir_creatable(index_dir, &err), AS_OK);
    ck_assert_ptr_null(err);
    make_dir(index_dir);
    ck_assert_int_eq(as_indexdir_creatable(index_dir, NULL), AS_OK);
    snprintf(path, sizeof path, "%s/a/b", index_dir);
    ck_assert_int_eq(as_indexdir_creatable(path, &err), AS_ERR_IO);
    ck_assert_msg(err && strstr(err, "cannot create index directory") &&
                      strstr(err, "No such file"),
                  "%s", err ? err : "NULL");
    free(err);
    write_file(in_index("file"), "x");
    ck_assert_int_eq(as_indexdir_creatable(in_index("file"), NULL), AS_ERR_IO);
    snprintf(path, sizeof path, "%s/file/idx", index_dir);
    ck_assert_int_eq(as_indexdir_creatable(path, NULL), AS_ERR_IO);
    snprintf(path, sizeof path, "%s/new/", index_dir);
    ck_assert_int_eq(as_indexdir_creatable(path, NULL), AS_OK);
}
END_TEST

/* A scratch directory: made under $TMPDIR, removed with all in it; a
 * directory of any other name is not removed. */
START_TEST(test_scratch)
{
    char *dir = NULL, *err = unset, file[700];
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;

    setenv("TMPDIR", tmpdir, 1);
    ck_assert_int_eq(as_indexdir_scratch(&dir, &err), AS_OK);
    ck_assert_ptr_null(err);
    ck_assert_msg(strncmp(dir, tmpdir, strlen(tmpdir)) == 0 &&
                      strstr(dir, "/artsearch-dry-run.") != NULL,
                  "%s", dir);
    snprintf(file, sizeof file, "%s/db-1", dir);
    make_dir(file);
    snprintf(file, sizeof file, "%s/db-1/iamglass", dir);
    write_file(file, "x");
    as_indexdir_scratch_remove(dir);
    ck_assert(!there(dir));
    free(dir);

    make_dir(index_dir);
    as_indexdir_scratch_remove(index_dir);
    ck_assert(there(index_dir));
    as_indexdir_scratch_remove(NULL);

    snprintf(file, sizeof file, "%s/missing", tmpdir);
    setenv("TMPDIR", file, 1);
    dir = unset;
    ck_assert_int_eq(as_indexdir_scratch(&dir, &err), AS_ERR_IO);
    ck_assert_ptr_null(dir);
    ck_assert_msg(err && strstr(err, "cannot create a directory in") != NULL,
                  "%s", err ? err : "NULL");
    free(err);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}
END_TEST

Suite *indexdir_suite(void);

Suite *indexdir_suite(void)
{
    Suite *s = suite_create("indexdir");
    TCase *tc = tcase_create("lock");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_lock);
    tcase_add_test(tc, test_lock_shared);
    tcase_add_test(tc, test_lock_wait_expires);
    tcase_add_test(tc, test_lock_wait_succeeds);
    tcase_add_test(tc, test_lock_io_error);
    suite_add_tcase(s, tc);

    tc = tcase_create("layout");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_exists);
    tcase_add_test(tc, test_new_database_unused);
    tcase_add_test(tc, test_new_database_shards);
    tcase_add_test(tc, test_scratch);
    tcase_add_test(tc, test_creatable);
    suite_add_tcase(s, tc);

    tc = tcase_create("switch");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_switch_stub);
    tcase_add_test(tc, test_switch_legacy);
    tcase_add_test(tc, test_switch_io_error);
    tcase_add_test(tc, test_cleanup_stale);
    tcase_add_test(tc, test_unfinished);
    tcase_add_test(tc, test_cleanup_keeps_link_target);
    tcase_add_test(tc, test_cleanup_keeps_foreign);
    tcase_add_test(tc, test_cleanup_orphan_shards);
    tcase_add_test(tc, test_strays);
    tcase_add_test(tc, test_databases);
    tcase_add_test(tc, test_cleanup_stub_by_hand);
    tcase_add_test(tc, test_switch_trailing_slash);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(indexdir_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
