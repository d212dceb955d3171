/* testutil.c - what the Check suites share (see testutil.h). */
#include "config.h"

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "testutil.h"

void tu_make_tmpdir(char *dir, size_t size, const char *name)
{
    const char *base = getenv("TMPDIR");

    if (!base || !*base)
        base = "/tmp";
    ck_assert_int_lt(snprintf(dir, size, "%s/%s.XXXXXX", base, name),
                     (int)size);
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Remove one entry met by nftw(). */
static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tu_remove_tree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *tu_hit_keys(as_index_t *idx, const as_search_opts_t *opts)
{
    static char keys[32][AS_ARTICLE_ID_MAX + 24];
    static char out[sizeof keys];
    const char *sorted[32];
    as_hits_t *hits = NULL;
    const as_hit_t *hit;
    size_t n = 0;
    as_status_t rc = as_search_run(idx, opts, &hits);

    ck_assert_msg(rc == AS_OK, "search '%s': %s",
                  opts->query ? opts->query : "", as_index_errmsg(idx));
    while ((hit = as_hits_next(hits)) != NULL) {
        ck_assert_uint_lt(n, 32);
        snprintf(keys[n], sizeof keys[n], "%s#%ld", hit->record->id,
                 hit->record->paragraph);
        sorted[n] = keys[n];
        n++;
    }
    as_hits_free(hits);
    qsort(sorted, n, sizeof sorted[0], compare_strings);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, sorted[i]);
    }
    return out;
}
