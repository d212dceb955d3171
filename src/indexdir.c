/* indexdir.c - lock, stub file and atomic swap of an index directory. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "indexdir.h"

#define STUB "XAPIANDB"
#define LOCK "lock"
#define PREFIX "db-"

static char *join(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);

    if (path)
        snprintf(path, len, "%s/%s", dir, name);
    return path;
}

static as_status_t io_error(char **errmsg, const char *what, const char *path)
{
    char msg[512];

    if (errmsg) {
        snprintf(msg, sizeof msg, "%s %s: %s", what, path, strerror(errno));
        *errmsg = strdup(msg);
    }
    return AS_ERR_IO;
}

/* Seconds on the monotonic clock. */
static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Take DIR's lock, exclusive or shared; a shared lock creates nothing. */
static as_status_t take_lock(const char *dir, int shared, double wait_seconds,
                             volatile const sig_atomic_t *stop, int *fd,
                             char **errmsg)
{
    char *path;
    struct timespec nap = {0, 100 * 1000 * 1000};
    const double start = now();

    *fd = -1;
    if (errmsg)
        *errmsg = NULL;
    if (!shared && mkdir(dir, 0777) != 0 && errno != EEXIST)
        return io_error(errmsg, "cannot create index directory", dir);
    path = join(dir, LOCK);
    if (!path)
        return AS_ERR_NOMEM;
    *fd = shared ? open(path, O_RDONLY | O_CLOEXEC)
                 : open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (*fd < 0 && shared && errno == ENOENT) {
        free(path); /* no writer ever ran here */
        return AS_OK;
    }
    if (*fd < 0) {
        as_status_t rc = io_error(errmsg, "cannot open lock file", path);
        free(path);
        return rc;
    }
    free(path);
    while (flock(*fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            as_status_t rc = io_error(errmsg, "cannot lock", dir);
            close(*fd);
            *fd = -1;
            return rc;
        }
        if (stop && *stop) {
            close(*fd);
            *fd = -1;
            return AS_ERR_STOPPED;
        }
        if (now() - start >= wait_seconds) {
            /* Who holds it: a writer excludes even a shared lock. */
            int readers = !shared && flock(*fd, LOCK_SH | LOCK_NB) == 0;
            if (errmsg)
                *errmsg = strdup(readers ? "being read by a dry run of "
                                           "artsearch-index"
                                         : "being written by another "
                                           "artsearch-index");
            close(*fd);
            *fd = -1;
            return AS_ERR_LOCKED;
        }
        nanosleep(&nap, NULL); /* a signal cuts it short */
    }
    return AS_OK;
}

as_status_t as_indexdir_lock(const char *dir, double wait_seconds,
                             volatile const sig_atomic_t *stop, int *fd,
                             char **errmsg)
{
    return take_lock(dir, 0, wait_seconds, stop, fd, errmsg);
}

as_status_t as_indexdir_lock_shared(const char *dir, double wait_seconds,
                                    volatile const sig_atomic_t *stop, int *fd,
                                    char **errmsg)
{
    return take_lock(dir, 1, wait_seconds, stop, fd, errmsg);
}

void as_indexdir_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* closing releases the flock */
}

static int exists_in(const char *dir, const char *name)
{
    char *path = join(dir, name);
    struct stat st;
    int found = path && stat(path, &st) == 0;

    free(path);
    return found;
}

int as_indexdir_exists(const char *dir)
{
    return exists_in(dir, STUB) || exists_in(dir, "iamglass");
}

static int is_database_name(const char *name);
static int is_shard_name(const char *name);

void as_indexdir_free_list(char **list)
{
    if (list)
        for (size_t i = 0; list[i]; i++)
            free(list[i]);
    free(list);
}

/* Append item to the NULL-terminated list *list of *n strings; 0 (item
 * freed) when out of memory. */
static int list_push(char ***list, size_t *n, char *item)
{
    char **more = realloc(*list, (*n + 2) * sizeof **list);

    if (!more) {
        free(item);
        return 0;
    }
    *list = more;
    more[(*n)++] = item;
    more[*n] = NULL;
    return 1;
}

/* The names the stub of dir lists, one "auto NAME" a line, each of
 * which is_name() accepts, in a NULL-terminated array of at most max
 * (as_indexdir_free_list() it), read as Xapian reads a stub (blank lines and #
 * comments skipped, white space trimmed, "./" left out); NULL when there
 * is none, or when the stub says anything else (more names, a path
 * elsewhere, a remote shard). */
static char **stub_names(const char *dir, int (*is_name)(const char *),
                         size_t max)
{
    char *path = join(dir, STUB), line[512], **names;
    FILE *f = path ? fopen(path, "r") : NULL;
    size_t n = 0;
    int understood = 1;

    free(path);
    if (!f)
        return NULL;
    names = calloc(max + 1, sizeof *names);
    while (names && understood && fgets(line, sizeof line, f)) {
        char *s = line, *arg, *end;
        size_t kind;
        if (!strchr(line, '\n') && !feof(f)) {
            understood = 0; /* a line longer than any database name */
            break;
        }
        s += strspn(s, " \t");
        end = s + strlen(s);
        while (end > s && strchr(" \t\r\n", end[-1]))
            *--end = '\0';
        if (!*s || *s == '#')
            continue;
        kind = strcspn(s, " \t");
        arg = s + kind + strspn(s + kind, " \t");
        while (strncmp(arg, "./", 2) == 0)
            arg += 2 + strspn(arg + 2, "/");
        if (n == max || kind != 4 || strncmp(s, "auto", 4) != 0 ||
            !is_name(arg) || !(names[n++] = strdup(arg)))
            understood = 0;
    }
    fclose(f);
    if (names && (!understood || n == 0)) {
        as_indexdir_free_list(names);
        names = NULL;
    }
    return names;
}

/* The database name the stub of dir names ("db-3"); NULL when there is
 * none, or when the stub says anything else (several lines, a path
 * elsewhere, a remote shard): cleanup then removes nothing, since what
 * is in use is not known. */
static char *current_name(const char *dir)
{
    char **names = stub_names(dir, is_database_name, 1), *name;

    if (!names)
        return NULL;
    name = names[0];
    free(names);
    return name;
}

/* Write text to the file path and flush it to disk. */
static as_status_t write_durably(const char *path, const char *text,
                                 char **errmsg)
{
    FILE *f = fopen(path, "w");
    int failed;

    if (!f)
        return io_error(errmsg, "cannot write", path);
    failed = fputs(text, f) == EOF || fflush(f) != 0 || fsync(fileno(f)) != 0;
    if (fclose(f) != 0 || failed)
        return io_error(errmsg, "cannot write", path);
    return AS_OK;
}

static void remove_tree(const char *path);

as_status_t as_indexdir_new_database(const char *dir, unsigned shards,
                                     char **out, char **errmsg)
{
    char name[32], *stub, *text;
    as_status_t rc;

    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    for (unsigned n = 1;; n++) {
        snprintf(name, sizeof name, PREFIX "%u", n);
        if (!exists_in(dir, name))
            break;
    }
    if (!(*out = join(dir, name)))
        return AS_ERR_NOMEM;
    if (shards <= 1)
        return AS_OK;
    if (mkdir(*out, 0777) != 0) {
        rc = io_error(errmsg, "cannot create", *out);
        goto failed;
    }
    stub = join(*out, STUB);
    text = malloc((size_t)shards * 16 + 1);
    if (!stub || !text) {
        free(stub);
        free(text);
        rc = AS_ERR_NOMEM;
        goto failed;
    }
    text[0] = '\0';
    for (unsigned i = 0; i < shards; i++)
        sprintf(text + strlen(text), "auto %u\n", i);
    rc = write_durably(stub, text, errmsg);
    free(stub);
    free(text);
    if (rc == AS_OK)
        return AS_OK;
    remove_tree(*out); /* (a full disk, say: the directory goes too) */
failed:
    free(*out);
    *out = NULL;
    return rc;
}

/* Whether name is a database name of an index directory: "db-" and
 * digits. */
static int is_database_name(const char *name)
{
    size_t n = strlen(PREFIX);

    return strncmp(name, PREFIX, n) == 0 && name[n] &&
           strspn(name + n, "0123456789") == strlen(name + n);
}

/* Remove path and everything under it, a stub last: a run killed in
 * the middle leaves what the next run still knows for a database of its
 * own (shards without their stub are not told from a user's digit
 * directories).  Symbolic links are removed, never followed: what they
 * name, outside the index, stays. */
static void remove_tree(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;
    int stub = 0;

    if (fd >= 0 && !d)
        close(fd);
    if (d) {
        while ((e = readdir(d)) != NULL) {
            char *child;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (strcmp(e->d_name, STUB) == 0) {
                stub = 1;
                continue;
            }
            child = join(path, e->d_name);
            if (child) {
                remove_tree(child);
                free(child);
            }
        }
        closedir(d);
        if (stub) {
            char *child = join(path, STUB);
            if (child)
                unlink(child);
            free(child);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Whether name is a shard's directory in a database of shards: digits. */
static int is_shard_name(const char *name)
{
    return *name && strspn(name, "0123456789") == strlen(name);
}

/* The last component of path. */
static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

/* What the directory path holds: -1 if it is not one this program made
 * (a directory of the user's that happens to be named db-N, or an index
 * directory of its own, with databases db-N in it: those stay; a lock
 * file says nothing, as a run given a database's path makes one there),
 * 0 if it is empty, 1 if it holds a database: a Xapian
 * database's files (iamglass, flintlock, a table NAME.glass), a stub of
 * shards, or shards' directories holding them (what a run killed while
 * removing a database of shards leaves, its stub gone first).  Empty
 * directories named by digits alone are the user's (db-7/2024/). */
static int made_here(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    int holds = 0, other = 0, index = 0;

    if (!d)
        return -1;
    while (!index && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (is_database_name(e->d_name)) {
            index = 1; /* an index directory of its own (its db-N) */
        } else if (holds) {
            continue;
        } else if (strcmp(e->d_name, "iamglass") == 0 ||
                   strcmp(e->d_name, "flintlock") == 0 ||
                   strcmp(e->d_name, STUB) == 0 ||
                   (n > 6 && strcmp(e->d_name + n - 6, ".glass") == 0)) {
            holds = 1;
        } else if (is_shard_name(e->d_name) && !is_shard_name(base_of(path))) {
            /* (a shard holds no shards of its own) */
            char *shard = join(path, e->d_name);
            struct stat st;
            holds = shard && lstat(shard, &st) == 0 && S_ISDIR(st.st_mode) &&
                    made_here(shard) == 1;
            other = other || !holds;
            free(shard);
        } else {
            other = 1;
        }
    }
    closedir(d);
    return index ? -1 : holds ? 1 : other ? -1 : 0;
}

/* Whether the database directory db (named by a stub) has lost its own
 * stub: no stub and no database's files of its own, but shards holding
 * them. */
static int lost_shard_stub(const char *db)
{
    DIR *d;
    struct dirent *e;
    int shards = 0;

    if (exists_in(db, STUB) || exists_in(db, "iamglass") || !(d = opendir(db)))
        return 0;
    while ((e = readdir(d)) != NULL) {
        char *shard = is_shard_name(e->d_name) ? join(db, e->d_name) : NULL;
        shards = shards || (shard && made_here(shard) == 1);
        free(shard);
    }
    closedir(d);
    return shards;
}

int as_indexdir_unfinished(const char *db)
{
    DIR *d = opendir(db);
    struct dirent *e;
    int unfinished = d != NULL;

    /* Xapian makes its tables empty and writes iamglass last (from
     * v.tmp): a file with anything in it but those two, a version file,
     * or a directory (a shard) is a database that lost something (a
     * copy in part), which is damaged, not unfinished */
    while (unfinished && (e = readdir(d)) != NULL) {
        struct stat st;
        char *path;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, "flintlock") == 0 ||
            strcmp(e->d_name, "v.tmp") == 0)
            continue;
        path = join(db, e->d_name);
        unfinished = path && strcmp(e->d_name, "iamglass") != 0 &&
                     lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                     st.st_size == 0;
        free(path);
    }
    if (d)
        closedir(d);
    return unfinished;
}

void as_indexdir_remove(const char *db)
{
    if (db && is_database_name(base_of(db)))
        remove_tree(db);
}

char **as_indexdir_strays(const char *dir, int *inner)
{
    char *current = current_name(dir), **found = NULL;
    size_t n = 0;
    DIR *d;
    struct dirent *e;

    *inner = 0;
    if (current && exists_in(dir, current)) {
        char *db = join(dir, current);
        if (db && lost_shard_stub(db) && (found = calloc(2, sizeof *found))) {
            found[0] = db, db = NULL;
            *inner = 1;
        }
        free(db);
        free(current);
        return found;
    }
    /* (a stub not understood leads where Xapian knows) */
    if (!current && (exists_in(dir, STUB) || exists_in(dir, "iamglass"))) {
        free(current);
        return NULL;
    }
    free(current);
    d = opendir(dir);
    while (d && (e = readdir(d)) != NULL) {
        char *path;
        if (!is_database_name(e->d_name) || !(path = join(dir, e->d_name)))
            continue;
        if (made_here(path) == 1)
            list_push(&found, &n, path);
        else
            free(path);
    }
    if (d)
        closedir(d);
    return found;
}

char **as_indexdir_databases(const char *dir)
{
    char *current = current_name(dir),
         *db = current ? join(dir, current) : NULL;
    char **shards =
             db ? stub_names(db, is_shard_name, AS_INDEXDIR_MAX_SHARDS) : NULL,
         **out = NULL;
    size_t n = 0;

    if (db && !shards && lost_shard_stub(db)) {
        /* its own stub lost: the shards there are, in their order */
        for (unsigned i = 0; i < AS_INDEXDIR_MAX_SHARDS; i++) {
            char name[16], *shard;
            snprintf(name, sizeof name, "%u", i);
            if ((shard = join(db, name)) != NULL && made_here(shard) == 1)
                list_push(&out, &n, shard);
            else
                free(shard);
        }
    } else if (db && !shards && !exists_in(db, STUB)) { /* one database */
        if ((out = calloc(2, sizeof *out)) != NULL)
            out[0] = db, db = NULL;
    } else if (shards) {
        while (shards[n])
            n++;
        out = calloc(n + 1, sizeof *out);
        for (size_t i = 0; out && i < n; i++)
            if (!(out[i] = join(db, shards[i]))) {
                as_indexdir_free_list(out);
                out = NULL;
            }
    }
    as_indexdir_free_list(shards);
    free(db);
    free(current);
    return out;
}

char **as_indexdir_unused(const char *dir)
{
    char *current = current_name(dir), **found = NULL;
    size_t n = 0;
    DIR *d;
    struct dirent *e;

    /* no stub, or one naming a database that is not there: nothing is
     * known to be unused */
    if (!current || !exists_in(dir, current)) {
        free(current);
        return NULL;
    }
    d = opendir(dir);
    while (d && (e = readdir(d)) != NULL) {
        if (is_database_name(e->d_name) && strcmp(e->d_name, current) != 0) {
            char *path = join(dir, e->d_name);
            if (path && made_here(path) >= 0)
                list_push(&found, &n, path);
            else
                free(path);
        }
    }
    if (d)
        closedir(d);
    free(current);
    return found;
}

void as_indexdir_cleanup(const char *dir)
{
    char **unused = as_indexdir_unused(dir);

    for (size_t i = 0; unused && unused[i]; i++)
        remove_tree(unused[i]);
    as_indexdir_free_list(unused);
}

as_status_t as_indexdir_creatable(const char *dir, char **errmsg)
{
    struct stat st;
    char *parent;
    const char *slash;
    size_t len;
    int ok;

    if (errmsg)
        *errmsg = NULL;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) && access(dir, W_OK | X_OK) == 0
                   ? AS_OK
                   : io_error(errmsg, "cannot create index directory", dir);
    if (errno != ENOENT)
        return io_error(errmsg, "cannot create index directory", dir);
    /* the parent: what comes before the last component */
    len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    while (len > 0 && dir[len - 1] != '/')
        len--;
    slash = len ? dir + len - 1 : NULL;
    if (!slash)
        parent = strdup(".");
    else if (slash == dir)
        parent = strdup("/");
    else
        parent = strndup(dir, (size_t)(slash - dir));
    if (!parent)
        return AS_ERR_NOMEM;
    ok = stat(parent, &st) == 0 && S_ISDIR(st.st_mode) &&
         access(parent, W_OK | X_OK) == 0;
    if (!ok && errno == 0)
        errno = ENOTDIR;
    free(parent);
    return ok ? AS_OK : io_error(errmsg, "cannot create index directory", dir);
}

#define SCRATCH "artsearch-dry-run."

as_status_t as_indexdir_scratch(char **out, char **errmsg)
{
    const char *tmp = getenv("TMPDIR");
    char *dir;

    if (errmsg)
        *errmsg = NULL;
    if (!tmp || !*tmp)
        tmp = "/tmp";
    *out = NULL;
    if (!(dir = join(tmp, SCRATCH "XXXXXX")))
        return AS_ERR_NOMEM;
    if (!mkdtemp(dir)) {
        as_status_t rc = io_error(errmsg, "cannot create a directory in", tmp);
        free(dir);
        return rc;
    }
    *out = dir;
    return AS_OK;
}

void as_indexdir_scratch_remove(const char *dir)
{
    const char *base = dir ? strrchr(dir, '/') : NULL;

    if (base && strncmp(base + 1, SCRATCH, strlen(SCRATCH)) == 0)
        remove_tree(dir);
}

as_status_t as_indexdir_switch(const char *dir, const char *db, char **errmsg)
{
    char *tmp = join(dir, STUB ".tmp"), *stub = join(dir, STUB), line[300];
    char name[32];
    size_t end = strlen(db), start;
    as_status_t rc = AS_OK;

    if (errmsg)
        *errmsg = NULL;
    /* The last component of db, trailing slashes left out. */
    while (end > 1 && db[end - 1] == '/')
        end--;
    for (start = end; start > 0 && db[start - 1] != '/'; start--)
        ;
    snprintf(name, sizeof name, "%.*s", (int)(end - start), db + start);
    if (end - start >= sizeof name || !is_database_name(name)) {
        if (errmsg) {
            snprintf(line, sizeof line, "%s is not a database of %s", db, dir);
            *errmsg = strdup(line);
        }
        rc = AS_ERR_USAGE;
        goto done;
    }
    if (!tmp || !stub) {
        rc = AS_ERR_NOMEM;
        goto done;
    }
    snprintf(line, sizeof line, "auto %s\n", name);
    if ((rc = write_durably(tmp, line, errmsg)) != AS_OK) {
        unlink(tmp);
        goto done;
    }
    if (rename(tmp, stub) != 0) {
        rc = io_error(errmsg, "cannot replace", stub);
        unlink(tmp);
        goto done;
    }
    fsync_dir(dir);
    /* An index written directly in dir by an older version: its files go
     * now that the stub names the new database. */
    if (exists_in(dir, "iamglass")) {
        static const char *const legacy[] = {
            "iamglass",       "flintlock",      "docdata.glass",
            "position.glass", "postlist.glass", "spelling.glass",
            "synonym.glass",  "termlist.glass"};
        for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++) {
            char *path = join(dir, legacy[i]);
            if (path)
                unlink(path);
            free(path);
        }
    }
    as_indexdir_cleanup(dir);
done:
    free(tmp);
    free(stub);
    return rc;
}
