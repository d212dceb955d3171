/* indexer.c - walking inputs and storing their articles. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "article.h"
#include "indexer.h"
#include "jsonl.h"
#include "text.h"

/* Directories deeper than this are not entered. */
#define MAX_DEPTH 64

/* An article id with the file it came from: the entries of the set of ids
 * claimed in this run (open addressing), and of the list of gone ones. */
typedef struct id_entry {
    char *id;
    char *file;
} id_entry_t;

/* Paths placed (place()) both ways a relative path can start: from this
 * run's directory, and from getcwd()'s spelling of it when that differs
 * (a state recorded before the run's directory was taken from $PWD). */
typedef struct places {
    char **logical, **physical; /* physical: NULL when it would be the same */
    size_t n;
} places_t;

static void places_free(places_t *p);

/* A file as the system knows it, whatever path names it. */
typedef struct file_key {
    dev_t dev;
    ino_t ino;
} file_key_t;

/* A set of files (open addressing; ino 0 marks an empty slot, and a file
 * without an inode number is never in it). */
typedef struct keyset {
    file_key_t *slots;
    size_t n, cap;
} keyset_t;

static size_t keyset_slot(const file_key_t *slots, size_t cap, dev_t dev,
                          ino_t ino)
{
    size_t i = (size_t)(((uint64_t)dev * 0x9E3779B97F4A7C15u) ^ (uint64_t)ino) &
               (cap - 1);
    while (slots[i].ino != 0 && (slots[i].dev != dev || slots[i].ino != ino))
        i = (i + 1) & (cap - 1);
    return i;
}

static int keyset_has(const keyset_t *set, const struct stat *st)
{
    return set->cap > 0 && st->st_ino != 0 &&
           set->slots[keyset_slot(set->slots, set->cap, st->st_dev, st->st_ino)]
                   .ino != 0;
}

/* Add the file st to set: 1 if it was not in it, 0 if it was, -1 when out
 * of memory. */
static int keyset_add(keyset_t *set, const struct stat *st)
{
    size_t i;

    if (st->st_ino == 0)
        return 1; /* (no inode number to know it by) */
    if (2 * (set->n + 1) > set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 64;
        file_key_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t k = 0; k < set->cap; k++)
            if (set->slots[k].ino != 0)
                slots[keyset_slot(slots, cap, set->slots[k].dev,
                                  set->slots[k].ino)] = set->slots[k];
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    i = keyset_slot(set->slots, set->cap, st->st_dev, st->st_ino);
    if (set->slots[i].ino != 0)
        return 0;
    set->slots[i].dev = st->st_dev;
    set->slots[i].ino = st->st_ino;
    set->n++;
    return 1;
}

/* The article ids a file recorded in the index holds now, read once a
 * run by held_elsewhere() (still_holds()): a JSON Lines file's ids,
 * sorted; every id for a file of one article, or for a JSON Lines file
 * with a line whose id cannot be read (it may be any). */
typedef struct id_file {
    char *place;
    char **ids;
    size_t n;
    int any;
} id_file_t;

struct as_indexer {
    as_index_t *index;
    as_report_fn report;
    as_progress_fn progress;
    as_change_fn change;
    as_committed_fn committed;
    as_reading_fn reading;
    void *report_ctx;
    volatile const sig_atomic_t *stop;
    as_indexer_counts_t counts;
    char **files;         /* the inputs, in order */
    unsigned char *jsonl; /* for each input: a JSON Lines file? */
    size_t n_files, cap_files;
    size_t current; /* the input being read (for as_reading_t) */
    char **roots;   /* the paths given */
    size_t n_roots;
    char **kept; /* inputs and directories not read to their end */
    size_t n_kept;
    /* the places of the files the index has articles from, once read
     * (articles_under(); the walk of the paths reads it before any
     * change) */
    char **recorded;
    size_t n_recorded;
    int recorded_read;
    unsigned long pending;     /* articles stored since the last commit */
    size_t pending_paragraphs; /* and their paragraphs */
    int shared;                /* one of several processes (as_indexer_share) */
    int first;                 /* reports problems that belong to no article */
    int dry;                   /* a dry run (as_indexer_dry_run()) */
    char *cwd;          /* where relative paths start, or NULL if unknown */
    char *cwd_physical; /* getcwd()'s when cwd is $PWD through a link */
    id_entry_t *ids;
    size_t n_ids, cap_ids;
    /* Directories being walked, to detect symlink loops. */
    dev_t dev[MAX_DEPTH];
    ino_t ino[MAX_DEPTH];
    int depth;
    keyset_t walked; /* directories walked: each once, whatever leads there */
    int walk_jsonl;  /* walking a directory for JSON Lines files */
    size_t not_read; /* files under directories that are not .txt */
    keyset_t given;  /* the files given or walked to (given_before()) */
    keyset_t warned; /* directories said to have no file to read */
    places_t roots_placed; /* the roots, placed at the start of a run */
    places_t walk_kept;    /* what the walk kept (ix->kept then), placed */
    id_file_t *id_files;   /* the files held_elsewhere() read the ids of */
    size_t n_id_files;
};

static uint64_t hash(const char *s)
{
    /* FNV-1a's steps, from a start one digit short of its offset basis:
     * content hashes are stored in article states, so it stays. */
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Find the slot of id: its entry, or the empty slot where it goes. */
static id_entry_t *id_slot(id_entry_t *ids, size_t cap, const char *id)
{
    size_t i = (size_t)(hash(id) & (cap - 1));

    while (ids[i].id && strcmp(ids[i].id, id) != 0)
        i = (i + 1) & (cap - 1);
    return &ids[i];
}

static as_status_t grow_ids(as_indexer_t *ix)
{
    size_t cap = ix->cap_ids ? ix->cap_ids * 2 : 1024;
    id_entry_t *ids = calloc(cap, sizeof *ids);

    if (!ids)
        return AS_ERR_NOMEM;
    for (size_t i = 0; i < ix->cap_ids; i++)
        if (ix->ids[i].id)
            *id_slot(ids, cap, ix->ids[i].id) = ix->ids[i];
    free(ix->ids);
    ix->ids = ids;
    ix->cap_ids = cap;
    return AS_OK;
}

static void report(as_indexer_t *ix, as_report_kind_t kind, const char *file,
                   long line, const char *msg)
{
    if (kind == AS_REPORT_SKIPPED)
        ix->counts.skipped++;
    else
        ix->counts.warnings++;
    if (ix->report)
        ix->report(ix->report_ctx, kind, file, line, msg);
}

/* The directory relative paths start from, as the shell names it: $PWD
 * when it is this directory (through a link, as in ~/news where ~ is a
 * link, the way the user also types absolute paths), else getcwd(); NULL
 * when unknown.  *physical: getcwd()'s, when it differs, else NULL. */
static char *working_directory(char **physical)
{
    const char *pwd = getenv("PWD");
    char *real = getcwd(NULL, 0);
    struct stat a, b;

    *physical = NULL;
    if (real && pwd && pwd[0] == '/' && strcmp(pwd, real) != 0 &&
        !strstr(pwd, "/./") && !strstr(pwd, "/../") && stat(pwd, &a) == 0 &&
        stat(".", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
        char *logical = strdup(pwd);
        if (logical) {
            *physical = real;
            return logical;
        }
    }
    return real;
}

as_status_t as_indexer_new(as_index_t *index, as_report_fn report_fn,
                           as_progress_fn progress, void *report_ctx,
                           as_indexer_t **out)
{
    as_indexer_t *ix = calloc(1, sizeof *ix);

    *out = NULL;
    if (!ix)
        return AS_ERR_NOMEM;
    ix->index = index;
    ix->report = report_fn;
    ix->progress = progress;
    ix->report_ctx = report_ctx;
    ix->cwd = working_directory(&ix->cwd_physical);
    *out = ix;
    return AS_OK;
}

void as_indexer_free(as_indexer_t *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n_recorded; i++)
        free(ix->recorded[i]);
    free(ix->recorded);
    for (size_t i = 0; i < ix->cap_ids; i++) {
        free(ix->ids[i].id);
        free(ix->ids[i].file);
    }
    free(ix->ids);
    for (size_t i = 0; i < ix->n_files; i++)
        free(ix->files[i]);
    free(ix->files);
    free(ix->jsonl);
    for (size_t i = 0; i < ix->n_roots; i++)
        free(ix->roots[i]);
    free(ix->roots);
    for (size_t i = 0; i < ix->n_kept; i++)
        free(ix->kept[i]);
    free(ix->kept);
    free(ix->cwd);
    free(ix->cwd_physical);
    free(ix->given.slots);
    free(ix->walked.slots);
    free(ix->warned.slots);
    places_free(&ix->roots_placed);
    places_free(&ix->walk_kept);
    for (size_t i = 0; i < ix->n_id_files; i++) {
        for (size_t k = 0; k < ix->id_files[i].n; k++)
            free(ix->id_files[i].ids[k]);
        free(ix->id_files[i].ids);
        free(ix->id_files[i].place);
    }
    free(ix->id_files);
    free(ix);
}

void as_indexer_set_index(as_indexer_t *ix, as_index_t *index)
{
    ix->index = index;
}

void as_indexer_on_change(as_indexer_t *ix, as_change_fn change)
{
    ix->change = change;
}

void as_indexer_on_commit(as_indexer_t *ix, as_committed_fn committed)
{
    ix->committed = committed;
}

void as_indexer_on_reading(as_indexer_t *ix, as_reading_fn reading)
{
    ix->reading = reading;
}

void as_indexer_dry_run(as_indexer_t *ix)
{
    ix->dry = 1;
}

int as_indexer_is_dry_run(const as_indexer_t *ix)
{
    return ix->dry;
}

void as_indexer_share(as_indexer_t *ix, int first)
{
    ix->shared = 1;
    ix->first = first != 0;
}

/* A problem that belongs to no article: reported by one process only. */
static void report_shared(as_indexer_t *ix, const char *file, long line,
                          const char *msg)
{
    if (!ix->shared || ix->first)
        report(ix, AS_REPORT_SKIPPED, file, line, msg);
}

void as_indexer_stop_on(as_indexer_t *ix, volatile const sig_atomic_t *flag)
{
    ix->stop = flag;
}

const as_indexer_counts_t *as_indexer_counts(const as_indexer_t *ix)
{
    return &ix->counts;
}

/* Why an input could not be opened (errno): a socket cannot be (ENXIO),
 * and is said to be what it is. */
static void open_failed(const char *path, char *msg, size_t size)
{
    const int err = errno;
    struct stat st;

    if (err == ENXIO && stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        snprintf(msg, size, "not a regular file");
    else
        snprintf(msg, size, "cannot read: %s", strerror(err));
}

/* Read a whole file into *buf (NUL-terminated) of *len bytes.  Opened
 * without blocking, so that a FIFO (which open() would wait on for a
 * writer) is skipped like any other file that is not a regular one. */
static int read_file(as_indexer_t *ix, const char *path, char **buf,
                     size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f = NULL;
    char msg[256];
    struct stat st;
    size_t n;

    *buf = NULL;
    if (fd < 0) {
        open_failed(path, msg, sizeof msg);
        report(ix, AS_REPORT_SKIPPED, path, 0, msg);
        return 0;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        report(ix, AS_REPORT_SKIPPED, path, 0, "not a regular file");
        return 0;
    }
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
        !(f = fdopen(fd, "rb"))) {
        snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
        close(fd);
        report(ix, AS_REPORT_SKIPPED, path, 0, msg);
        return 0;
    }
    if (st.st_size > AS_INDEXER_MAX_FILE) {
        fclose(f);
        snprintf(msg, sizeof msg, "file of %lld bytes is larger than %ld",
                 (long long)st.st_size, AS_INDEXER_MAX_FILE);
        report(ix, AS_REPORT_SKIPPED, path, 0, msg);
        return 0;
    }
    *buf = malloc((size_t)st.st_size + 1);
    if (!*buf) {
        fclose(f);
        report(ix, AS_REPORT_SKIPPED, path, 0, "out of memory");
        return 0;
    }
    n = fread(*buf, 1, (size_t)st.st_size, f);
    if (ferror(f)) {
        snprintf(msg, sizeof msg, "read error: %s", strerror(errno));
        fclose(f);
        free(*buf);
        *buf = NULL;
        report(ix, AS_REPORT_SKIPPED, path, 0, msg);
        return 0;
    }
    fclose(f);
    (*buf)[n] = '\0';
    *len = n;
    return 1;
}

typedef struct warn_ctx {
    as_indexer_t *ix;
    const char *path;
    long line; /* for JSON Lines: the input line, reported instead */
} warn_ctx_t;

static void article_warning(void *ctx, long line, const char *msg)
{
    warn_ctx_t *w = ctx;
    report(w->ix, AS_REPORT_WARNING, w->path, w->line ? w->line : line, msg);
}

/* Append a copy of path to the list *paths of *n. */
static as_status_t push_path(char ***paths, size_t *n, const char *path)
{
    char **grown = realloc(*paths, (*n + 1) * sizeof *grown);

    if (!grown)
        return AS_ERR_NOMEM;
    *paths = grown;
    if (!(grown[*n] = strdup(path)))
        return AS_ERR_NOMEM;
    (*n)++;
    return AS_OK;
}

/* Remember that path (an input, or a directory) was not read to its end
 * (it could not be opened or read, or is not JSON Lines): the articles
 * recorded from it, or from a file under it, are not taken for gone. */
static as_status_t keep_path(as_indexer_t *ix, const char *path)
{
    return push_path(&ix->kept, &ix->n_kept, path);
}

/* Whether file is one of the n paths, or lies under one of them (a path
 * may end with '/'; "/" holds every absolute path). */
/* The directory a relative path (not "-", standard input) starts from,
 * with its '/': "" for any other path, or when it is not known. */
static const char *base_of(const as_indexer_t *ix, const char *path)
{
    if (!ix->cwd || path[0] == '/' || strcmp(path, "-") == 0)
        return "";
    return ix->cwd;
}

/* path where it is: after the directory a relative path started from
 * (base_of()), without "." components or doubled '/' (written, not
 * resolved: ".." and symbolic links stay), so that "c", "./c" and "/dir/c"
 * given in /dir are one place.  "-" stays "-".  NULL when out of
 * memory. */
static char *place_in(const char *base, const char *path)
{
    const char *parts[2] = {base, path};
    size_t o = 0;
    char *out = malloc(strlen(parts[0]) + strlen(path) + 3);

    if (!out)
        return NULL;
    if (strcmp(path, "-") == 0) {
        strcpy(out, "-");
        return out;
    }
    if ((*parts[0] ? parts[0] : path)[0] == '/')
        out[o++] = '/';
    for (int k = 0; k < 2; k++) {
        for (const char *c = parts[k]; *c;) {
            size_t n = strcspn(c, "/");
            if (n > 0 && !(n == 1 && c[0] == '.')) {
                if (o > 0 && out[o - 1] != '/')
                    out[o++] = '/';
                memcpy(out + o, c, n);
                o += n;
            }
            c += n;
            if (*c == '/')
                c++;
        }
    }
    if (o == 0)
        out[o++] = '.';
    out[o] = '\0';
    return out;
}

/* path where it is, from this run's directory (base_of()). */
static char *place(const as_indexer_t *ix, const char *path)
{
    return place_in(base_of(ix, path), path);
}

/* Whether the places a and b (place()) are one file, reached two ways (a
 * link to a directory on the way): the same device and inode. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    return strcmp(a, "-") != 0 && strcmp(b, "-") != 0 && stat(a, &sa) == 0 &&
           stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* Whether an input of this run has claimed id. */
static int id_seen(const as_indexer_t *ix, const char *id)
{
    return ix->cap_ids && id_slot(ix->ids, ix->cap_ids, id)->id != NULL;
}

/* Claim id for path; 0 (and a report) if another file has it. */
static int claim_id(as_indexer_t *ix, const char *id, const char *path,
                    long line, as_status_t *rc)
{
    id_entry_t *slot;
    char msg[512];

    if ((ix->n_ids + 1) * 2 > ix->cap_ids && (*rc = grow_ids(ix)) != AS_OK)
        return 0;
    slot = id_slot(ix->ids, ix->cap_ids, id);
    if (slot->id) {
        char *here = place(ix, path), *there = place(ix, slot->file), *shown;
        int itself = here && there && !line &&
                     (strcmp(here, there) == 0 || same_file(here, there));
        free(here);
        free(there);
        if (itself) /* one file given twice ("c c/a.txt"): read once */
            return 0;
        shown = as_text_escape_name(slot->file);
        snprintf(msg, sizeof msg,
                 "duplicate article id '%s' (already read from %s)", id,
                 shown ? shown : slot->file);
        free(shown);
        report(ix, AS_REPORT_SKIPPED, path, line, msg);
        return 0;
    }
    slot->id = strdup(id);
    slot->file = strdup(path);
    if (!slot->id || !slot->file) {
        free(slot->id);
        free(slot->file);
        slot->id = slot->file = NULL;
        *rc = AS_ERR_NOMEM;
        return 0;
    }
    ix->n_ids++;
    return 1;
}

/* The recorded state of an article: "HASH-LEN[+K]\tWHERE".  HASH-LEN is a
 * hash of its bytes (and of the schema, so that a new schema re-indexes
 * everything) and their number; WHERE is its file as given, after K bytes
 * of the directory a relative path started from (and its '/'), so that a
 * file "corpus/a.txt" indexed from two directories is two places, not
 * one.  States written before K existed have the file alone. */
static char *make_state(const as_indexer_t *ix, const char *buf, size_t len,
                        const char *path)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)AS_INDEX_SCHEMA;
    const char *base = base_of(ix, path);
    const char *slash = *base && strcmp(base, "/") != 0 ? "/" : "";
    size_t k = strlen(base) + strlen(slash);
    size_t n = strlen(path) + k + 64;
    char *state = malloc(n);

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
    if (state && k)
        snprintf(state, n, "%016llx-%zu+%zu\t%s%s%s", (unsigned long long)h,
                 len, k, base, slash, path);
    else if (state)
        snprintf(state, n, "%016llx-%zu\t%s", (unsigned long long)h, len, path);
    return state;
}

/* The parts of a state (make_state()): the length of its content part
 * (HASH-LEN), where its file is (absolute, unless recorded without its
 * directory) and the file as given.  False if state is not one. */
static int state_parts(const char *state, size_t *content, const char **where,
                       const char **file)
{
    const char *tab = strchr(state, '\t');
    const char *plus;
    size_t k = 0;

    if (!tab)
        return 0;
    *content = (size_t)(tab - state);
    plus = memchr(state, '+', *content);
    if (plus) {
        char *end;
        k = strtoul(plus + 1, &end, 10);
        if (end != tab || k > strlen(tab + 1))
            return 0;
        *content = (size_t)(plus - state);
    }
    *where = tab + 1;
    *file = tab + 1 + k;
    return 1;
}

const char *as_indexer_state_file(const char *state)
{
    size_t content;
    const char *where, *file;

    return state_parts(state, &content, &where, &file) ? file : NULL;
}

/* Whether the recorded state old holds the same content from the same
 * file as state: given the same way, or in the same place (place()) given
 * another way ("./c/a.txt" for "c/a.txt").  The article is then as it
 * is; *rewrite when the states differ all the same (the directory a path
 * was given from, a state recorded without it, the way the file was
 * given), and the state is to be written again.  -1 when out of
 * memory. */
static int same_state(const as_indexer_t *ix, const char *old,
                      const char *state, int *rewrite)
{
    size_t c1, c2;
    const char *w1, *w2, *f1, *f2;
    int same;

    *rewrite = 0;
    if (!old || !state_parts(old, &c1, &w1, &f1) ||
        !state_parts(state, &c2, &w2, &f2) || c1 != c2 ||
        memcmp(old, state, c1) != 0)
        return 0;
    same = strcmp(f1, f2) == 0;
    if (!same) {
        char *p1 = place(ix, w1), *p2 = place(ix, w2);
        same = p1 && p2 ? strcmp(p1, p2) == 0 || same_file(p1, p2) : -1;
        free(p1);
        free(p2);
    }
    *rewrite = same == 1 && strcmp(old, state) != 0;
    return same;
}

/* Copies of the n paths placed from the directory cwd (place_in(); NULL:
 * relative paths stay relative); NULL when out of memory. */
static char **placed_from(const char *cwd, char *const *paths, size_t n)
{
    char **out = calloc(n + 1, sizeof *out);

    for (size_t i = 0; out && i < n; i++) {
        const char *base =
            !cwd || paths[i][0] == '/' || strcmp(paths[i], "-") == 0 ? "" : cwd;
        if (!(out[i] = place_in(base, paths[i]))) {
            for (size_t k = 0; k < i; k++)
                free(out[k]);
            free(out);
            return NULL;
        }
    }
    return out;
}

static void free_paths(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
}

/* Place the n paths both ways into *out (empty first); AS_ERR_NOMEM. */
static int compare_names(const void *a, const void *b);

/* Sort places for places_hold(), each without a '/' at its end ("/"
 * becomes "", under which every absolute path is). */
static void places_sort(char **paths, size_t n)
{
    if (!paths)
        return;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(paths[i]);
        while (len > 0 && paths[i][len - 1] == '/')
            paths[i][--len] = '\0';
    }
    if (n > 1)
        qsort(paths, n, sizeof *paths, compare_names);
}

static as_status_t places_make(const as_indexer_t *ix, char *const *paths,
                               size_t n, places_t *out)
{
    out->n = n;
    out->logical = placed_from(ix->cwd, paths, n);
    out->physical =
        ix->cwd_physical ? placed_from(ix->cwd_physical, paths, n) : NULL;
    if (!out->logical || (ix->cwd_physical && !out->physical))
        return AS_ERR_NOMEM;
    places_sort(out->logical, n);
    places_sort(out->physical, n);
    return AS_OK;
}

/* Whether the first len bytes of loc are one of the sorted paths. */
static int has_prefix_place(char *const *paths, size_t n, const char *loc,
                            size_t len)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strncmp(loc, paths[mid], len);
        if (cmp == 0)
            cmp = paths[mid][len] == '\0' ? 0 : -1; /* a prefix is less */
        if (cmp == 0)
            return 1;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* Whether loc is one of the sorted paths or under one of them: loc and
 * each directory above it looked up, so that thousands of places (files
 * kept, inputs given) cost a few lookups, not a scan, per article. */
static int under_any(char *const *paths, size_t n, const char *loc)
{
    size_t len = strlen(loc);

    if (n == 0)
        return 0;
    for (;;) {
        if (has_prefix_place(paths, n, loc, len))
            return 1;
        while (len > 0 && loc[len - 1] != '/')
            len--;
        if (len == 0)
            return 0;
        len--; /* the directory above, without its '/' */
    }
}

static void places_free(places_t *p)
{
    free_paths(p->logical, p->n);
    free_paths(p->physical, p->n);
    memset(p, 0, sizeof *p);
}

/* Whether loc (placed) is one of the places p, or under one of them,
 * either way they were placed. */
static int places_hold(const places_t *p, const char *loc)
{
    return (p->logical && under_any(p->logical, p->n, loc)) ||
           (p->physical && under_any(p->physical, p->n, loc));
}

/* Whether path names a stream by its name alone: standard input ("-",
 * /dev/stdin, also when it is a file: < export.jsonl), or a pipe
 * (<(zcat ...) names /dev/fd/N). */
static int stream_name(const char *path)
{
    return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdin") == 0 ||
           strncmp(path, "/dev/fd/", 8) == 0 ||
           strncmp(path, "/proc/self/fd/", 14) == 0;
}

int as_indexer_is_stream(const char *path)
{
    struct stat st;

    return stream_name(path) || (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
                                 !S_ISDIR(st.st_mode));
}

/* Whether the recorded state old is that of another file, still there,
 * that this run does not read: the article read from path then only
 * shares its id with that one (two files climate.txt, in two directories
 * indexed in two runs; two exports that both number from 1) and must not
 * take its place; a report says so.  A file gone is one moved (its
 * article is updated), a stream is one of changes, and a file under the
 * paths of this run is read by it (the first one read keeps the id:
 * claim_id()).  -1 when out of memory. */
static int still_holds(as_indexer_t *ix, const char *there, const char *id);

static int held_elsewhere(as_indexer_t *ix, const char *id, const char *old,
                          const char *path, long line)
{
    size_t content;
    const char *where, *file;
    char *here, *there, msg[512];
    struct stat st;
    int held = 0, unreachable = 0;

    if (!old || !state_parts(old, &content, &where, &file) ||
        as_indexer_is_stream(path))
        return 0;
    here = place(ix, path);
    there = place(ix, where);
    if (!here || !there) {
        held = -1;
    } else if (strcmp(here, there) != 0 && !stream_name(there)) {
        if (stat(there, &st) == 0) {
            held = S_ISREG(st.st_mode) &&
                   !same_file(here, there) && /* one file, another way */
                   !places_hold(&ix->roots_placed, there);
            /* a JSON Lines file still there may no longer hold it (the
             * article moved to a file of its own) */
            if (held == 1)
                held = still_holds(ix, there, id);
        } else {
            /* What cannot be reached now (a directory unreadable, a disk
             * not mounted: kept by the walk) is not taken for moved. */
            unreachable = errno;
            held = (errno != ENOENT && errno != ENOTDIR) ||
                   places_hold(&ix->walk_kept, there);
        }
    }
    if (held == 1) {
        /* as given, when given from this run's directory; else where it
         * is */
        const size_t cwd = ix->cwd ? strlen(ix->cwd) : 0;
        const int from_here =
            file == where ||
            (cwd > 0 && (size_t)(file - where) == cwd + 1 &&
             strncmp(where, ix->cwd, cwd) == 0 && where[cwd] == '/');
        char *shown = as_text_escape_name(from_here ? file : there);
        if (unreachable == ENOENT || unreachable == ENOTDIR)
            snprintf(msg, sizeof msg,
                     "duplicate article id '%s': the index has it from %s, "
                     "under a path this run keeps as indexed (a disk not "
                     "mounted?; --rebuild takes this file instead)",
                     id, shown ? shown : file);
        else if (unreachable)
            snprintf(msg, sizeof msg,
                     "duplicate article id '%s': the index has it from %s, "
                     "which cannot be reached now (%s): kept as indexed",
                     id, shown ? shown : file, strerror(unreachable));
        else
            snprintf(msg, sizeof msg,
                     "duplicate article id '%s': the index has it from %s, "
                     "another file, still there (rename one of the two)",
                     id, shown ? shown : file);
        free(shown);
        report(ix, AS_REPORT_SKIPPED, path, line, msg);
    }
    free(here);
    free(there);
    return held;
}

/* An article whose content the index has: count it, and record where its
 * file was given from when that changed (not in a dry run). */
static as_status_t keep_unchanged(as_indexer_t *ix, const char *id,
                                  const char *state, int rewrite)
{
    ix->counts.unchanged++;
    if (!rewrite || ix->dry)
        return AS_OK;
    return as_index_set_article_state(ix->index, id, state);
}

/* Commit what was stored (nothing to do in a dry run). */
static as_status_t commit(as_indexer_t *ix)
{
    as_status_t rc;

    if (ix->dry)
        return AS_OK;
    rc = as_index_commit(ix->index);
    if (rc == AS_OK && ix->committed)
        ix->committed(ix->report_ctx);
    return rc;
}

static as_status_t commit_if_due(as_indexer_t *ix, size_t paragraphs)
{
    ix->pending_paragraphs += paragraphs;
    if (++ix->pending < AS_INDEXER_COMMIT_EVERY &&
        ix->pending_paragraphs < AS_INDEXER_COMMIT_PARAGRAPHS)
        return AS_OK;
    ix->pending = 0;
    ix->pending_paragraphs = 0;
    return commit(ix);
}

/* Store a new or changed article with its state, count it, and commit
 * when a batch is full.  An article without a recorded state has no
 * paragraphs in the index either: it is added without looking for them. */
static as_status_t store(as_indexer_t *ix, const as_article_t *article,
                         const char *state, int existed)
{
    if (!ix->dry) {
        as_status_t rc = existed ? as_index_put_article(ix->index, article)
                                 : as_index_add_article(ix->index, article);
        if (rc == AS_OK)
            rc = as_index_set_article_state(ix->index, article->id, state);
        if (rc != AS_OK)
            return rc;
    }
    if (existed)
        ix->counts.updated++;
    else
        ix->counts.added++;
    ix->counts.paragraphs += article->n_paragraphs;
    if (ix->change)
        ix->change(ix->report_ctx, existed ? AS_CHANGE_UPDATED : AS_CHANGE_NEW,
                   article->id, as_indexer_state_file(state));
    return commit_if_due(ix, article->n_paragraphs);
}

static as_status_t process_file(as_indexer_t *ix, const char *path)
{
    warn_ctx_t w = {ix, path, 0};
    as_article_t *article = NULL;
    as_status_t rc = AS_OK;
    char *buf, *id, *errmsg = NULL, *state = NULL, *old = NULL;
    size_t len;
    int rewrite, same;

    id = as_article_id_from_path(path);
    if (!id)
        return AS_ERR_NOMEM;
    if (!*id) {
        report_shared(ix, path, 0, "cannot derive an article id");
        free(id);
        return AS_OK;
    }
    if (!as_article_id_ok(id)) { /* clean once escaped: too long */
        char msg[128];
        snprintf(msg, sizeof msg,
                 "the file name is too long for an article id (at most %d "
                 "bytes without .txt, %%XX escapes counted)",
                 AS_ARTICLE_ID_MAX);
        report_shared(ix, path, 0, msg);
        free(id);
        return AS_OK;
    }
    if (!as_index_owns(ix->index, id)) { /* another process's shard */
        free(id);
        return AS_OK;
    }
    /* Claimed first: a file that exists but cannot be used keeps the
     * article it had in the index. */
    if (!claim_id(ix, id, path, 0, &rc)) {
        free(id);
        return rc;
    }
    if (!read_file(ix, path, &buf, &len)) {
        free(id);
        return keep_path(ix, path);
    }
    state = make_state(ix, buf, len, path);
    if (!state) {
        rc = AS_ERR_NOMEM;
        goto done;
    }
    rc = as_index_article_state(ix->index, id, &old);
    if (rc != AS_OK)
        goto done;
    if ((same = same_state(ix, old, state, &rewrite)) != 0) {
        rc = same < 0 ? AS_ERR_NOMEM : keep_unchanged(ix, id, state, rewrite);
        goto done;
    }
    if (as_article_parse(buf, len, id, path, article_warning, &w, &article,
                         &errmsg) != AS_OK) {
        report(ix, AS_REPORT_SKIPPED, path, 0, errmsg ? errmsg : "invalid");
        /* every article recorded from it stays (a JSON Lines file read
         * as an article by mistake has many) */
        rc = keep_path(ix, path);
        goto done;
    }
    if ((same = held_elsewhere(ix, id, old, path, 0)) != 0)
        rc = same < 0 ? AS_ERR_NOMEM : AS_OK;
    else
        rc = store(ix, article, state, old != NULL);
done:
    free(errmsg);
    free(old);
    free(state);
    as_article_free(article);
    free(id);
    free(buf);
    return rc;
}

/* How long a read of a pipe waits for data before it looks at the stop
 * flag again, in milliseconds. */
#define STOP_POLL_MS 200

/* The lines of a JSON Lines input, read from its descriptor through a
 * buffer of our own (not stdio, whose buffer poll() cannot see): a read
 * of a pipe or terminal waits at most STOP_POLL_MS at a time, so that a
 * stop ends a run even while its writer is silent, and a line of
 * AS_INDEXER_MAX_FILE bytes or more is skipped instead of held (the
 * buffer never grows past that). */
typedef struct lines {
    int fd;
    int pollable; /* not a regular file: wait with poll() */
    volatile const sig_atomic_t *stop;
    char *buf;
    size_t start, end, cap; /* the bytes not yet returned: buf[start..end) */
    int err;                /* errno of a failed read, else 0 */
    int partial;            /* the last line had no newline */
    long long got;          /* bytes read from fd so far */
    int first;              /* no line returned yet (see lines_next()) */
} lines_t;

enum { LINE_END, LINE_OK, LINE_TOO_LONG, LINE_FAILED };

/* Read more bytes into r's buffer (made room for first): 1, 0 at the end
 * of the input, -1 when stopped or on an error (r->err). */
static int lines_fill(lines_t *r)
{
    if (r->start == r->end)
        r->start = r->end = 0;
    if (r->end == r->cap && r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->end == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 65536;
        char *grown = realloc(r->buf, cap + 1); /* + a terminating NUL */
        if (!grown) {
            r->err = ENOMEM;
            return -1;
        }
        r->buf = grown;
        r->cap = cap;
    }
    for (;;) {
        ssize_t got;
        if (r->stop && *r->stop)
            return -1;
        if (r->pollable) {
            struct pollfd p = {r->fd, POLLIN, 0};
            int n = poll(&p, 1, STOP_POLL_MS);
            if (n == 0 || (n < 0 && errno == EINTR))
                continue;
        }
        got = read(r->fd, r->buf + r->end, r->cap - r->end);
        if (got > 0) {
            r->end += (size_t)got;
            r->got += got;
            return 1;
        }
        if (got == 0)
            return 0;
        if (errno != EINTR && errno != EAGAIN) {
            r->err = errno;
            return -1;
        }
    }
}

/* The next line of r without its line end: LINE_OK with *line (NUL
 * terminated, valid until the next call) and *len; LINE_TOO_LONG for a
 * line of AS_INDEXER_MAX_FILE bytes or more (read to its end, dropped);
 * LINE_END; LINE_FAILED when stopped or on a read error (r->err).  With
 * r->first, a first line with a NUL byte comes as far as it was read:
 * binary data may have no newline for ever (/dev/zero). */
static int lines_next(lines_t *r, char **line, size_t *len)
{
    size_t scanned = 0; /* bytes of this line known to hold no newline */
    int too_long = 0, got;

    for (;;) {
        char *nl = r->end > r->start + scanned
                       ? memchr(r->buf + r->start + scanned, '\n',
                                r->end - r->start - scanned)
                       : NULL;
        if (r->first && !nl && r->end > r->start + scanned &&
            memchr(r->buf + r->start + scanned, '\0',
                   r->end - r->start - scanned)) {
            /* what there is of the first line, to be told binary */
            r->first = 0;
            r->buf[r->end] = '\0';
            *line = r->buf + r->start;
            *len = r->end - r->start;
            r->start = r->end;
            return LINE_OK;
        }
        if (nl && strspn(r->buf + r->start, " \t\r") <
                      (size_t)(nl - (r->buf + r->start)))
            r->first = 0; /* blank lines before the first are not it */
        if (nl) {
            *nl = '\0';
            *line = r->buf + r->start;
            *len = (size_t)(nl - *line);
            r->start = (size_t)(nl - r->buf) + 1;
            return too_long ? LINE_TOO_LONG : LINE_OK;
        }
        scanned = r->end - r->start;
        if (scanned >= (size_t)AS_INDEXER_MAX_FILE) {
            too_long = 1; /* keep reading to its end, holding nothing */
            r->start = r->end;
            scanned = 0;
        }
        if ((got = lines_fill(r)) < 0)
            return LINE_FAILED;
        if (got == 0) {
            if (r->start == r->end && !too_long)
                return LINE_END;
            if (too_long) {
                r->start = r->end;
                return LINE_TOO_LONG;
            }
            r->buf[r->end] = '\0'; /* a last line without its newline */
            r->partial = 1;
            *line = r->buf + r->start;
            *len = r->end - r->start;
            r->start = r->end;
            return LINE_OK;
        }
    }
}

static int compare_ids(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read the ids the file at place holds into *f (see id_file_t). */
static as_status_t read_ids(id_file_t *f, volatile const sig_atomic_t *stop)
{
    lines_t in = {.fd = open(f->place, O_RDONLY | O_CLOEXEC), .stop = stop};
    char *line, **grown;
    size_t len, cap = 0;
    int got, first = 1;
    as_status_t rc = AS_OK;

    if (in.fd < 0) {
        f->any = 1; /* unread, so not known to have lost it */
        return AS_OK;
    }
    while ((got = lines_next(&in, &line, &len)) != LINE_END) {
        char *id;
        if (got != LINE_OK) {
            f->any = 1;
            if (got == LINE_FAILED) {
                rc = in.err == ENOMEM ? AS_ERR_NOMEM : AS_OK;
                break;
            }
            continue;
        }
        if (strspn(line, " \t\r") == len)
            continue;
        if (first && as_jsonl_not_lines(line, len)) {
            f->any = 1; /* an article file: it holds its article */
            break;
        }
        first = 0;
        if (!(id = as_jsonl_id(line, len))) {
            f->any = 1;
            continue;
        }
        if (f->n == cap) {
            cap = cap ? 2 * cap : 64;
            if (!(grown = realloc(f->ids, cap * sizeof *grown))) {
                free(id);
                rc = AS_ERR_NOMEM;
                break;
            }
            f->ids = grown;
        }
        f->ids[f->n++] = id;
    }
    free(in.buf);
    close(in.fd);
    if (f->n > 1)
        qsort(f->ids, f->n, sizeof *f->ids, compare_ids);
    return rc;
}

/* Whether the file at place there, in which the index has article id,
 * holds it still: a file of one article does; a JSON Lines file does if
 * a line has the id, or a line's id cannot be read.  Each file is read
 * once a run.  1 or 0; -1 when out of memory. */
static int still_holds(as_indexer_t *ix, const char *there, const char *id)
{
    id_file_t *f = NULL;

    for (size_t i = 0; i < ix->n_id_files && !f; i++)
        if (strcmp(ix->id_files[i].place, there) == 0)
            f = &ix->id_files[i];
    if (!f) {
        id_file_t *grown =
            realloc(ix->id_files, (ix->n_id_files + 1) * sizeof *grown);
        if (!grown)
            return -1;
        ix->id_files = grown;
        f = &ix->id_files[ix->n_id_files];
        memset(f, 0, sizeof *f);
        if (!(f->place = strdup(there)))
            return -1;
        ix->n_id_files++;
        if (read_ids(f, ix->stop) != AS_OK)
            return -1;
    }
    return f->any ||
           bsearch(&id, f->ids, f->n, sizeof *f->ids, compare_ids) != NULL;
}

/* Why a JSON Lines input removes none of its articles (hold_removals()):
 * a line whose article cannot be told (not JSON, no id, too long to read)
 * may have been any of them; an input that ends inside a bad line was most
 * likely cut short (its writer died), and the lines it never got to are
 * not gone. */
static const char UNTOLD[] = "the line's article cannot be told: no article "
                             "recorded from this input is removed";
static const char CUT_SHORT[] = "the input ends inside a line (was it cut "
                                "short?): no article recorded from it is "
                                "removed";

/* Take no article recorded from the JSON Lines input at path for gone,
 * and say why (once per input: *held, and by the first process only). */
static as_status_t hold_removals(as_indexer_t *ix, const char *path,
                                 long lineno, const char *why, int *held)
{
    if (*held)
        return AS_OK;
    *held = 1;
    if (!ix->shared || ix->first)
        report(ix, AS_REPORT_WARNING, path, lineno, why);
    return keep_path(ix, path);
}

/* Index the articles of a JSON Lines input, one a line. */
static as_status_t process_jsonl(as_indexer_t *ix, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    lines_t in = {.fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC),
                  .stop = ix->stop,
                  .first = 1};
    char *line = NULL, msg[600];
    size_t len = 0;
    long lineno = 0;
    int seen_text = 0, got = LINE_END, line_ok = 0, held = 0;
    const char *not_lines;
    as_status_t rc = AS_OK;
    as_reading_t reading = {0, 0, 0, 0, -1};
    as_jsonl_keys_t *seen; /* its unknown keys reported */
    struct stat st;
    /* standard input however it is named (/dev/stdin, <(...) as
     * /dev/fd/63): its articles have "-" as their file, a name that names
     * nothing afterwards */
    const char *recorded = stream_name(path) ? "-" : path;

    if (in.fd < 0 && errno == EINTR && ix->stop && *ix->stop)
        return AS_OK; /* stopped while a FIFO waited for its writer */
    if (in.fd < 0) {
        open_failed(path, msg, sizeof msg);
        report_shared(ix, path, 0, msg);
        return keep_path(ix, path);
    }
    if (fstat(in.fd, &st) != 0)
        st.st_mode = 0; /* unknown: read it as a pipe */
    if (S_ISDIR(st.st_mode)) {
        report_shared(ix, path, 0,
                      "a directory: --format jsonl reads JSON Lines files");
        if (!is_stdin)
            close(in.fd);
        return keep_path(ix, path);
    }
    if (!(seen = as_jsonl_keys_new())) {
        if (!is_stdin)
            close(in.fd);
        return AS_ERR_NOMEM;
    }
    in.pollable = !S_ISREG(st.st_mode);
    reading.done = ix->current;
    reading.total = ix->n_files;
    reading.size = in.pollable ? -1 : (long long)st.st_size;
    if (!in.pollable && is_stdin) { /* read from where it stands */
        off_t at = lseek(in.fd, 0, SEEK_CUR);
        if (at > 0)
            reading.size -= at;
    }
    while (rc == AS_OK && (got = lines_next(&in, &line, &len)) != LINE_END &&
           got != LINE_FAILED) {
        warn_ctx_t w = {ix, path, ++lineno};
        as_article_t *article = NULL;
        char *errmsg = NULL, *state = NULL, *old = NULL, *quick, *known = NULL;
        int rewrite, same;

        if (ix->reading) {
            reading.lines = (unsigned long)lineno;
            reading.bytes = in.got - (long long)(in.end - in.start);
            ix->reading(ix->report_ctx, &reading);
        }
        if (ix->stop && *ix->stop)
            break;
        if (got == LINE_TOO_LONG) {
            snprintf(msg, sizeof msg,
                     "a line of %ld bytes or more: too long for an article",
                     AS_INDEXER_MAX_FILE);
            report_shared(ix, path, lineno, msg);
            rc = hold_removals(ix, path, lineno, UNTOLD, &held);
            continue;
        }
        while (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
            memmove(line, line + 3, (size_t)len - 2); /* a UTF-8 BOM */
            len -= 3;
        }
        if (strspn(line, " \t") == (size_t)len)
            continue;
        line_ok = 0;
        if (!seen_text++ &&
            (not_lines = as_jsonl_not_lines(line, (size_t)len))) {
            report_shared(ix, path, lineno, not_lines);
            rc = keep_path(ix, path);
            break; /* the whole input */
        }
        /* The id alone first: another process's article, or one the index
         * already has as it is, needs no parse. */
        quick = as_jsonl_id(line, (size_t)len);
        if (!quick && ix->shared && !ix->first) {
            /* no id: the first process reports the line */
            rc = hold_removals(ix, path, lineno,
                               in.partial ? CUT_SHORT : UNTOLD, &held);
            continue;
        }
        if (quick) {
            int done = 0;
            if (ix->shared && !as_index_owns(ix->index, quick)) {
                done = 1;
            } else if ((state = make_state(ix, line, (size_t)len, recorded)) ==
                       NULL) {
                rc = AS_ERR_NOMEM;
                done = 1;
            } else if ((rc = as_index_article_state(ix->index, quick, &old)) !=
                       AS_OK) {
                done = 1;
            } else if ((same = same_state(ix, old, state, &rewrite)) < 0) {
                rc = AS_ERR_NOMEM;
                done = 1;
            } else if (same) {
                if (claim_id(ix, quick, path, lineno, &rc))
                    rc = keep_unchanged(ix, quick, state, rewrite);
                done = 1;
            }
            free(old);
            free(state);
            old = state = NULL;
            if (done) {
                free(quick);
                line_ok = 1;
                continue;
            }
            known = quick;
        }
        if (as_jsonl_parse(line, (size_t)len, recorded, seen, article_warning,
                           &w, &article, &errmsg) != AS_OK) {
            report(ix, AS_REPORT_SKIPPED, path, lineno,
                   errmsg ? errmsg : "invalid");
            free(errmsg);
            /* A bad line with a readable id keeps its article as it is
             * (as an unusable article file does). */
            if (known && !id_seen(ix, known))
                claim_id(ix, known, path, lineno, &rc);
            else if (!known)
                rc = hold_removals(ix, path, lineno,
                                   in.partial ? CUT_SHORT : UNTOLD, &held);
            free(known);
            continue;
        }
        free(known);
        line_ok = 1;
        if (ix->shared && !as_index_owns(ix->index, article->id)) {
            as_article_free(article); /* the id was not read above */
            continue;
        }
        state = make_state(ix, line, (size_t)len, recorded);
        if (!state) {
            rc = AS_ERR_NOMEM;
        } else if (claim_id(ix, article->id, path, lineno, &rc)) {
            rc = as_index_article_state(ix->index, article->id, &old);
            if (rc == AS_OK &&
                (same = same_state(ix, old, state, &rewrite)) != 0) {
                rc = same < 0 ? AS_ERR_NOMEM
                              : keep_unchanged(ix, article->id, state, rewrite);
            } else if (rc == AS_OK &&
                       (same = held_elsewhere(ix, article->id, old, path,
                                              lineno)) != 0) {
                rc = same < 0 ? AS_ERR_NOMEM : AS_OK;
            } else if (rc == AS_OK) {
                rc = store(ix, article, state, old != NULL);
            }
        }
        free(old);
        free(state);
        as_article_free(article);
    }
    /* a bad last line whose id could be read, and no newline after it */
    if (rc == AS_OK && got == LINE_END && in.partial && !line_ok)
        rc = hold_removals(ix, path, lineno, CUT_SHORT, &held);
    /* A read that a stop ended is no bad input. */
    if (rc == AS_OK && got == LINE_FAILED && in.err == ENOMEM) {
        rc = AS_ERR_NOMEM;
    } else if (rc == AS_OK && got == LINE_FAILED && in.err) {
        snprintf(msg, sizeof msg, "read error: %s", strerror(in.err));
        report_shared(ix, path, lineno, msg);
        rc = keep_path(ix, path);
    }
    free(in.buf);
    as_jsonl_keys_free(seen);
    if (!is_stdin)
        close(in.fd);
    return rc;
}

/* Remember an input. */
static as_status_t add_input(as_indexer_t *ix, const char *path, int jsonl)
{
    if (ix->n_files == ix->cap_files) {
        size_t cap = ix->cap_files ? ix->cap_files * 2 : 256;
        char **grown = realloc(ix->files, cap * sizeof *grown);
        unsigned char *kinds;
        if (!grown)
            return AS_ERR_NOMEM;
        ix->files = grown;
        kinds = realloc(ix->jsonl, cap);
        if (!kinds)
            return AS_ERR_NOMEM;
        ix->jsonl = kinds;
        ix->cap_files = cap;
    }
    if (!(ix->files[ix->n_files] = strdup(path)))
        return AS_ERR_NOMEM;
    ix->jsonl[ix->n_files] = (unsigned char)jsonl;
    ix->n_files++;
    return AS_OK;
}

static int given_before(as_indexer_t *ix, const char *path);

/* An article file.  One file reached under two names in a run (a link
 * "latest.txt" beside the article it names, a hard link) is one article,
 * read under the first name (given_before()); an article recorded from
 * the other name before is removed, as that file was read (collect_gone()). */
static as_status_t add_file(as_indexer_t *ix, const char *path)
{
    int seen = given_before(ix, path);

    if (seen != 0)
        return seen < 0 ? AS_ERR_NOMEM : AS_OK;
    return add_input(ix, path, 0);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether name ends in suffix, in any case (REPORT.TXT). */
static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && strcasecmp(name + n - k, suffix) == 0;
}

/* Whether a directory walk reads the file name: an article file ends in
 * .txt; a JSON Lines file (a directory given with --format jsonl) in
 * .jsonl or .ndjson. */
static int walks_to(const as_indexer_t *ix, const char *name)
{
    if (ix->walk_jsonl)
        return has_suffix(name, ".jsonl") || has_suffix(name, ".ndjson");
    return has_suffix(name, ".txt");
}

static as_status_t add_path(as_indexer_t *ix, const char *path, int named);
static as_status_t articles_under(as_indexer_t *ix, const char *path,
                                  size_t *n);

static as_status_t add_directory(as_indexer_t *ix, const char *path,
                                 const struct stat *st)
{
    char msg[256];
    char **names = NULL;
    size_t n = 0, cap = 0;
    as_status_t rc = AS_OK;
    struct dirent *e;
    DIR *dir;

    if (ix->stop && *ix->stop)
        return AS_ERR_STOPPED; /* a walk of a big tree stops too */
    for (int i = 0; i < ix->depth; i++) {
        if (ix->dev[i] == st->st_dev && ix->ino[i] == st->st_ino) {
            report(ix, AS_REPORT_SKIPPED, path, 0,
                   "directory loop (a symbolic link to a parent)");
            return AS_OK;
        }
    }
    if (ix->depth >= MAX_DEPTH) {
        report(ix, AS_REPORT_SKIPPED, path, 0, "directories nested too deep");
        return keep_path(ix, path);
    }
    dir = opendir(path);
    if (!dir) {
        snprintf(msg, sizeof msg, "cannot read directory: %s", strerror(errno));
        report(ix, AS_REPORT_SKIPPED, path, 0, msg);
        return keep_path(ix, path);
    }
    /* the same directory through another link: its files are read
     * once, and a lattice of links is not walked path by path */
    switch (keyset_add(&ix->walked, st)) {
    case 0:
        closedir(dir);
        return AS_OK;
    case -1:
        closedir(dir);
        return AS_ERR_NOMEM;
    }
    for (;;) {
        errno = 0;
        if (!(e = readdir(dir))) {
            if (errno) { /* what was listed is indexed, nothing removed */
                snprintf(msg, sizeof msg, "cannot read directory: %s",
                         strerror(errno));
                report(ix, AS_REPORT_SKIPPED, path, 0, msg);
                rc = keep_path(ix, path);
            }
            break;
        }
        if (e->d_name[0] == '.')
            continue; /* ., .. and hidden entries */
        if (n == cap) {
            size_t c = cap ? cap * 2 : 64;
            char **grown = realloc(names, c * sizeof *grown);
            if (!grown) {
                rc = AS_ERR_NOMEM;
                break;
            }
            names = grown;
            cap = c;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = AS_ERR_NOMEM;
            break;
        }
        n++;
    }
    closedir(dir);
    if (n > 1)
        qsort(names, n, sizeof *names, compare_names);

    ix->dev[ix->depth] = st->st_dev;
    ix->ino[ix->depth] = st->st_ino;
    ix->depth++;
    for (size_t i = 0; i < n && rc == AS_OK; i++) {
        size_t len = strlen(path) + strlen(names[i]) + 2;
        char *child = malloc(len);
        if (!child) {
            rc = AS_ERR_NOMEM;
            break;
        }
        snprintf(child, len, "%s%s%s", path,
                 path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
        rc = add_path(ix, child, 0);
        free(child);
    }
    ix->depth--;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* In buf: why, then that the n articles of a path given that cannot be
 * read now are kept. */
static void kept_message(char *buf, size_t size, const char *why, size_t n)
{
    snprintf(buf, size,
             "%s: its %zu article%s kept as indexed (--rebuild drops %s)", why,
             n, n == 1 ? " is" : "s are", n == 1 ? "it" : "them");
}

/* Whether path, a symbolic link met by a walk, names a file that this
 * run reads under its own name: one of the paths given, or a file under
 * one of them that a walk reads (by its name; in no hidden directory). */
static int link_to_walked(const as_indexer_t *ix, const char *path)
{
    char *target = realpath(path, NULL);
    int found = 0;

    if (!target)
        return 0;
    for (size_t i = 0; !found && i < ix->n_roots; i++) {
        char *root = realpath(ix->roots[i], NULL);
        size_t n = root ? strlen(root) : 0;
        if (root && strncmp(target, root, n) == 0)
            found = target[n] == '\0' ||
                    ((target[n] == '/' || strcmp(root, "/") == 0) &&
                     walks_to(ix, target) && !strstr(target + n, "/."));
        free(root);
    }
    free(target);
    return found;
}

/* named: the user gave this path (index it whatever its name). */
static as_status_t add_path(as_indexer_t *ix, const char *path, int named)
{
    struct stat st;
    char msg[256];

    if (stat(path, &st) != 0) {
        int err = errno;
        /* A dangling link: a file we would not read anyway, silently;
         * or a directory on a disk not mounted, whose articles stay, with
         * a warning. */
        if (!named && err == ENOENT && lstat(path, &st) == 0 &&
            S_ISLNK(st.st_mode)) {
            size_t n;
            as_status_t rc = articles_under(ix, path, &n);
            if (rc != AS_OK)
                return rc;
            if (n > 0) { /* (a link named 2024.txt may be a directory's) */
                kept_message(msg, sizeof msg, strerror(err), n);
                report(ix, AS_REPORT_SKIPPED, path, 0, msg);
                return keep_path(ix, path);
            }
            if (!walks_to(ix, path))
                return keep_path(ix, path);
        }
        const char *why = err == ELOOP ? "symbolic link loop" : strerror(err);
        snprintf(msg, sizeof msg, "%s", why);
        if (named) { /* a typo, a disk not mounted: its articles stay */
            size_t n;
            as_status_t rc = articles_under(ix, path, &n);
            if (rc != AS_OK)
                return rc;
            if (n > 0)
                kept_message(msg, sizeof msg, why, n);
        }
        report(ix, AS_REPORT_SKIPPED, path, 0, msg);
        /* Gone is gone; anything else may come back, and so may a path
         * given by name (a typo, a disk not mounted). */
        return !named && (err == ENOENT || err == ENOTDIR)
                   ? AS_OK
                   : keep_path(ix, path);
    }
    if (S_ISDIR(st.st_mode))
        return add_directory(ix, path, &st);
    /* A link beside the file it names (latest.txt): the file is read
     * under its own name, and the link is not another article (the one
     * it had is removed: the file was read, collect_gone()). */
    if (!named && S_ISREG(st.st_mode) && walks_to(ix, path)) {
        struct stat lst;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) &&
            link_to_walked(ix, path))
            return AS_OK;
    }
    if (!named && !walks_to(ix, path)) {
        ix->not_read += S_ISREG(st.st_mode);
        return AS_OK;
    }
    if (ix->walk_jsonl) {
        int seen;
        if (!named && !S_ISREG(st.st_mode)) { /* a FIFO is not waited on */
            report(ix, AS_REPORT_SKIPPED, path, 0,
                   "not a regular file (read only when given by name)");
            return keep_path(ix, path);
        }
        seen = given_before(ix, path);
        return seen < 0 ? AS_ERR_NOMEM : seen ? AS_OK : add_input(ix, path, 1);
    }
    return add_file(ix, path);
}

typedef struct recorded {
    as_indexer_t *ix;
    size_t cap;
    int failed;
} recorded_t;

static int add_recorded(void *ctx, const char *id, const char *state)
{
    recorded_t *r = ctx;
    as_indexer_t *ix = r->ix;
    size_t content;
    const char *where, *file;
    char *loc;

    (void)id;
    if (!state_parts(state, &content, &where, &file))
        return 0;
    if (ix->n_recorded == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 256;
        char **grown = realloc(ix->recorded, cap * sizeof *grown);
        if (!grown) {
            r->failed = 1;
            return 1;
        }
        ix->recorded = grown;
        r->cap = cap;
    }
    if (!(loc = place(ix, where))) {
        r->failed = 1;
        return 1;
    }
    ix->recorded[ix->n_recorded++] = loc;
    return 0;
}

/* How many articles the index has recorded from files under path (the
 * index read once a run: a thousand links to a disk not mounted cost
 * one reading). */
static as_status_t articles_under(as_indexer_t *ix, const char *path, size_t *n)
{
    places_t under = {NULL, NULL, 0};
    as_status_t rc = AS_OK;

    *n = 0;
    if (!ix->recorded_read) {
        recorded_t r = {ix, 0, 0};
        rc = as_index_each_article_state(ix->index, add_recorded, &r);
        if (rc == AS_OK && r.failed)
            rc = AS_ERR_NOMEM;
        if (rc != AS_OK) { /* read again from the start, if asked */
            for (size_t i = 0; i < ix->n_recorded; i++)
                free(ix->recorded[i]);
            free(ix->recorded);
            ix->recorded = NULL;
            ix->n_recorded = 0;
            return rc;
        }
        ix->recorded_read = 1;
    }
    rc = places_make(ix, (char *const *)&path, 1, &under);
    for (size_t i = 0; rc == AS_OK && i < ix->n_recorded; i++)
        *n += places_hold(&under, ix->recorded[i]) &&
              !stream_name(ix->recorded[i]);
    places_free(&under);
    return rc;
}

/* Before walking the directory path given: when it is empty (not a
 * single entry: a disk not mounted on it, a folder not yet synced) and
 * the index has articles from it, they are kept, and the path reported
 * as skipped (*kept set), instead of the whole collection being
 * removed. */
static as_status_t keep_empty_root(as_indexer_t *ix, const char *path,
                                   int *kept)
{
    char msg[256];
    size_t n;
    struct dirent *e;
    struct stat st;
    as_status_t rc;
    DIR *dir;
    int empty = 1;

    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || !(dir = opendir(path)))
        return AS_OK; /* (the walk reports it) */
    while (empty && (e = readdir(dir)))
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(dir);
    if (!empty)
        return AS_OK;
    if ((rc = articles_under(ix, path, &n)) != AS_OK || n == 0)
        return rc;
    kept_message(msg, sizeof msg, "an empty directory (a disk not mounted?)",
                 n);
    report(ix, AS_REPORT_SKIPPED, path, 0, msg);
    *kept = 1;
    return keep_path(ix, path);
}

/* Whether the directory path, or one below it, has an entry the walk
 * reaches that is not a directory (a link counts; hidden entries do
 * not, as in the walk; 64 levels down at most). */
static int holds_files(const char *path, int depth)
{
    struct dirent *e;
    struct stat st;
    int found = 0;
    DIR *dir = depth < 64 ? opendir(path) : NULL;

    if (!dir)
        return 1; /* (unreadable: the walk says so) */
    while (!found && (e = readdir(dir))) {
        const size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *sub;
        if (e->d_name[0] == '.')
            continue; /* ., .. and hidden entries */
        if (!(sub = malloc(len))) {
            found = 1;
            break;
        }
        snprintf(sub, len, "%s/%s", path, e->d_name);
        if (lstat(sub, &st) != 0 || !S_ISDIR(st.st_mode))
            found = 1;
        else
            found = holds_files(sub, depth + 1);
        free(sub);
    }
    closedir(dir);
    return found;
}

/* After adding the directory path given, when nothing was found in it to
 * read (other files, or none at all, a mistyped or new directory): a
 * run that reads nothing from it looks like one that found nothing new,
 * so a warning says so, unless it was reported as kept. */
static void warn_nothing_read(as_indexer_t *ix, const char *path, size_t files,
                              size_t not_read, int kept)
{
    const size_t others = ix->not_read - not_read;
    struct stat st;
    char count[64];
    char msg[224];

    if (kept || ix->n_files != files || stat(path, &st) != 0 ||
        !S_ISDIR(st.st_mode) || (ix->shared && !ix->first) ||
        (!others && holds_files(path, 0)) || /* read before: given twice */
        keyset_add(&ix->warned, &st) == 0)   /* said before */
        return;
    if (others)
        snprintf(count, sizeof count, "%zu file%s not read", others,
                 others == 1 ? "" : "s");
    else
        snprintf(count, sizeof count, "it has no files, or only hidden ones");
    snprintf(msg, sizeof msg, "%s: %s (%s)",
             ix->walk_jsonl ? "no JSON Lines file in it"
                            : "no article file in it",
             count,
             ix->walk_jsonl ? "JSON Lines files end in .jsonl or .ndjson; "
                              ".txt articles are read without --format jsonl"
                            : "articles are .txt files; JSON Lines need "
                              "--format jsonl");
    report(ix, AS_REPORT_WARNING, path, 0, msg);
}

/* Whether the file path (of articles, or JSON Lines) was given or walked
 * to before in this run, written another way ("a.jsonl ./a.jsonl", a
 * link): it is read once.  The files given are known
 * by device and inode (ix->given), so that thousands of inputs cost no
 * more than a stat() each.  -1 when out of memory. */
static int given_before(as_indexer_t *ix, const char *path)
{
    struct stat st;

    /* read as it comes: standard input, a pipe, a missing file (reported
     * then); a FIFO given twice is read once, as a file is (the second
     * open would wait for a writer that never comes) */
    if (stream_name(path) || stat(path, &st) != 0 ||
        !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)))
        return 0;
    switch (keyset_add(&ix->given, &st)) {
    case 1:
        return 0;
    case 0:
        return 1;
    default:
        return -1;
    }
}

/* A directory given is walked for its JSON Lines files (and a file in
 * it that is gone, or an article gone from a file read, is removed). */
as_status_t as_indexer_add_jsonl(as_indexer_t *ix, const char *path)
{
    as_status_t rc = push_path(&ix->roots, &ix->n_roots, path);
    const size_t files = ix->n_files, not_read = ix->not_read;
    struct stat st;
    int seen, kept = 0;

    if (rc != AS_OK)
        return rc;
    if (!as_indexer_is_stream(path) && stat(path, &st) == 0 &&
        S_ISDIR(st.st_mode)) {
        ix->walk_jsonl = 1;
        rc = keep_empty_root(ix, path, &kept);
        if (rc == AS_OK)
            rc = add_path(ix, path, 1);
        if (rc == AS_OK)
            warn_nothing_read(ix, path, files, not_read, kept);
        ix->walk_jsonl = 0;
        return rc;
    }
    seen = given_before(ix, path);
    if (seen > 0)
        return AS_OK;
    return seen < 0 ? AS_ERR_NOMEM : add_input(ix, path, 1);
}

/* A directory given is walked for its article files. */
as_status_t as_indexer_add_path(as_indexer_t *ix, const char *path)
{
    as_status_t rc = push_path(&ix->roots, &ix->n_roots, path);
    const size_t files = ix->n_files, not_read = ix->not_read;
    int kept = 0;

    if (rc == AS_OK)
        rc = keep_empty_root(ix, path, &kept);
    if (rc == AS_OK)
        rc = add_path(ix, path, 1);
    if (rc == AS_OK)
        warn_nothing_read(ix, path, files, not_read, kept);
    return rc;
}

typedef struct gone {
    as_indexer_t *ix;
    places_t kept;     /* the inputs and directories kept, placed */
    char **inputs;     /* the inputs read, placed and sorted (when needed) */
    id_entry_t *items; /* the id and recorded file of each */
    size_t n, cap;
    int failed;
} gone_t;

/* Collect the ids of articles that are gone: recorded from a file under
 * the paths given (both placed, so that a path given another way or from
 * another directory is compared as the place it names), not seen now,
 * not under an input kept, and whose file is not there any more unless
 * this run read it (a JSON Lines file without the article).  A file that
 * is still there but was not read (not .txt, hidden, given by name
 * before) keeps its articles, and so does a stream (standard input "-",
 * a pipe such as /dev/fd/63, a FIFO: is_stream()): a stream is one of
 * additions and changes, and a later one without an article says nothing
 * of it.  A state recorded without its directory is placed from this
 * run's. */
static int collect_gone(void *ctx, const char *id, const char *state)
{
    gone_t *g = ctx;
    const as_indexer_t *ix = g->ix;
    const char *where, *file;
    size_t content;
    struct stat st;
    char *loc;
    int gone, there;

    if (!state_parts(state, &content, &where, &file) || id_seen(ix, id))
        return 0;
    if (!(loc = place(ix, where))) {
        g->failed = 1;
        return 1;
    }
    gone = places_hold(&ix->roots_placed, loc) && !places_hold(&g->kept, loc) &&
           !stream_name(loc);
    there = gone && lstat(loc, &st) == 0;
    if (there && !S_ISREG(st.st_mode) && as_indexer_is_stream(loc)) {
        gone = 0; /* a FIFO (one stat() more, for what is no file only) */
    } else if (there) {
        /* still there: gone only if this run read it.  The inputs are
         * placed and sorted at the first such file, not on every run. */
        if (!g->inputs &&
            (g->inputs = placed_from(ix->cwd, ix->files, ix->n_files)))
            qsort(g->inputs, ix->n_files, sizeof *g->inputs, compare_names);
        if (!g->inputs) {
            free(loc);
            g->failed = 1;
            return 1;
        }
        gone = bsearch(&loc, g->inputs, ix->n_files, sizeof *g->inputs,
                       compare_names) != NULL;
        /* a JSON Lines file read under another spelling (a link, or
         * given twice: given_before()) is read all the same */
        if (!gone && ix->given.n > 0 && stat(loc, &st) == 0)
            gone = keyset_has(&ix->given, &st);
    }
    free(loc);
    if (!gone)
        return 0;
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        id_entry_t *grown = realloc(g->items, cap * sizeof *grown);
        if (!grown) {
            g->failed = 1;
            return 1;
        }
        g->items = grown;
        g->cap = cap;
    }
    g->items[g->n].id = strdup(id);
    g->items[g->n].file = strdup(file);
    if (!g->items[g->n].id || !g->items[g->n].file) {
        free(g->items[g->n].id);
        free(g->items[g->n].file);
        g->failed = 1;
        return 1;
    }
    g->n++;
    return 0;
}

as_status_t as_indexer_run(as_indexer_t *ix)
{
    gone_t gone = {ix, {NULL, NULL, 0}, NULL, NULL, 0, 0, 0};
    as_status_t rc;

    places_free(&ix->roots_placed); /* (roots may have been added since) */
    places_free(&ix->walk_kept);
    rc = places_make(ix, ix->roots, ix->n_roots, &ix->roots_placed);
    if (rc == AS_OK)
        rc = places_make(ix, ix->kept, ix->n_kept, &ix->walk_kept);

    for (size_t i = 0; i < ix->n_files && rc == AS_OK; i++) {
        if (ix->stop && *ix->stop) {
            rc = commit(ix);
            return rc == AS_OK ? AS_ERR_STOPPED : rc;
        }
        ix->current = i;
        rc = ix->jsonl[i] ? process_jsonl(ix, ix->files[i])
                          : process_file(ix, ix->files[i]);
        if (ix->progress)
            ix->progress(ix->report_ctx, i + 1, ix->n_files);
    }
    if (rc != AS_OK)
        return rc;
    if (ix->stop && *ix->stop) { /* stopped inside a JSON Lines input */
        rc = commit(ix);
        return rc == AS_OK ? AS_ERR_STOPPED : rc;
    }
    rc = places_make(ix, ix->kept, ix->n_kept, &gone.kept);
    if (rc == AS_OK)
        rc = as_index_each_article_state(ix->index, collect_gone, &gone);
    places_free(&gone.kept);
    free_paths(gone.inputs, ix->n_files);
    if (rc == AS_OK && gone.failed)
        rc = AS_ERR_NOMEM;
    for (size_t i = 0; i < gone.n && rc == AS_OK; i++) {
        const id_entry_t *g = &gone.items[i];
        if (ix->stop && *ix->stop) {
            rc = AS_ERR_STOPPED; /* (a wrong input removes much: Ctrl-C) */
            break;
        }
        if (!ix->dry)
            rc = as_index_remove_article(ix->index, g->id);
        if (rc != AS_OK)
            break;
        ix->counts.removed++;
        if (ix->change)
            ix->change(ix->report_ctx, AS_CHANGE_REMOVED, g->id, g->file);
    }
    for (size_t i = 0; i < gone.n; i++) {
        free(gone.items[i].id);
        free(gone.items[i].file);
    }
    free(gone.items);
    /* Also after a run that changed nothing: an earlier one may have
     * stopped before its refresh. */
    if (rc == AS_OK && !ix->dry && !(ix->stop && *ix->stop))
        rc = as_index_refresh_spelling(ix->index);
    if (rc == AS_ERR_STOPPED || (rc == AS_OK && ix->stop && *ix->stop)) {
        rc = commit(ix); /* the removals done, as articles are */
        return rc == AS_OK ? AS_ERR_STOPPED : rc;
    }
    if (rc == AS_OK)
        rc = commit(ix);
    return rc;
}
