/* indexdir.h - the index directory on disk: lock, layout, atomic swap.
 *
 * Owns: the files of an index directory other than the Xapian database
 * itself.  An index directory DIR holds
 *
 *     DIR/XAPIANDB   a Xapian stub file naming the current database
 *     DIR/db-N/      the current database (and, during a rebuild, the next)
 *     DIR/db-N/XAPIANDB, DIR/db-N/0/ ...
 *                    instead, for a sharded index: a stub listing the
 *                    shards, and the shards (see as_index_open_with())
 *     DIR/lock       held (flock) by the one artsearch-index writing DIR
 *                    (shared by dry runs)
 *
 * Readers open DIR and Xapian follows the stub.  A rebuild writes a new
 * db-N beside the current one and swaps the stub with rename(), so
 * readers see either the old or the new index, never a half-built one.
 * Does not own: what is in the database (xapian-shim.h).
 */
#ifndef AS_INDEXDIR_H
#define AS_INDEXDIR_H

#include <signal.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Create DIR if needed and take its writer lock, waiting up to
 * wait_seconds (0: do not wait) unless *stop (when not NULL) is set
 * meanwhile.  On success *fd holds the lock (release with
 * as_indexdir_unlock()).  AS_ERR_LOCKED when another writer or a dry run
 * holds it past the wait, AS_ERR_STOPPED when *stop was set while it
 * waited, AS_ERR_IO when DIR cannot be created or locked; with LOCKED or
 * IO, *errmsg (if not NULL) says why ("being written by another
 * artsearch-index", "cannot lock DIR: ..."; free() it). */
as_status_t as_indexdir_lock(const char *dir, double wait_seconds,
                             volatile const sig_atomic_t *stop, int *fd,
                             char **errmsg);

/* Take DIR's lock shared, for a dry run: it keeps writers out (they
 * wait, or get AS_ERR_LOCKED), not other dry runs.  Needs only read
 * access and creates nothing: with no lock file in DIR (no writer has
 * run there) *fd is -1 and the status AS_OK.  Otherwise as
 * as_indexdir_lock(). */
as_status_t as_indexdir_lock_shared(const char *dir, double wait_seconds,
                                    volatile const sig_atomic_t *stop, int *fd,
                                    char **errmsg);

/* Release a lock taken by as_indexdir_lock() or
 * as_indexdir_lock_shared(); accepts -1. */
void as_indexdir_unlock(int fd);

/* Whether DIR holds a database (a stub, or a database written directly in
 * DIR by older versions). */
int as_indexdir_exists(const char *dir);

/* A new, unused database path inside DIR ("DIR/db-N"), for a fresh
 * build of shards databases.  With more than one shard, DIR/db-N is
 * created as a directory whose own XAPIANDB stub lists its shards
 * ("auto 0", "auto 1", ...), which the writer then creates.  Returns
 * AS_OK with a new string in *out (free() it), AS_ERR_NOMEM, or
 * AS_ERR_IO (with *errmsg); *out is NULL on failure. */
as_status_t as_indexdir_new_database(const char *dir, unsigned shards,
                                     char **out, char **errmsg);

/* Make database path db (inside DIR) the current one: write the stub to a
 * temporary file, flush it to disk and rename() it over DIR/XAPIANDB.
 * Then remove the databases of DIR that are no longer current.  Returns
 * AS_OK, AS_ERR_USAGE when the last component of db is not a database
 * name ("db-" and digits), or AS_ERR_IO (with *errmsg; no temporary file
 * is left). */
as_status_t as_indexdir_switch(const char *dir, const char *db, char **errmsg);

/* Remove the db-N directories of DIR ("db-" and digits) that the stub
 * does not name (left by a rebuild that was killed) and that are a
 * database this program made or began (empty, or with a Xapian
 * database's files, a stub of shards or shards in it: a user's own db-1
 * stays).  Nothing is removed when the stub is missing or names a
 * database that is not there (what is in use is not known).  Symbolic
 * links in them are removed, not followed.  Errors are ignored. */
void as_indexdir_cleanup(const char *dir);

/* The databases as_indexdir_cleanup() would remove ("DIR/db-1", ...;
 * NULL-terminated, free with as_indexdir_free_list()), or NULL for none:
 * after a cleanup, those it could not remove. */
char **as_indexdir_unused(const char *dir);

/* Whether the database db ("DIR/db-N") was never made whole: it has no
 * version file (iamglass, written last when Xapian makes a database) and
 * no shard, and every file in it but Xapian's lock and the version
 * file's draft is empty, so nothing was ever committed to it (a first
 * build killed while Xapian made its database). */
int as_indexdir_unfinished(const char *db);

/* Remove the database db ("DIR/db-N", of a rebuild that did not finish
 * in an index that lost its stub, which cleanup cannot tell unused) and
 * all in it; a path of any other name is left alone. */
void as_indexdir_remove(const char *db);

/* The databases of DIR that a lost stub leaves: when DIR's stub is
 * missing (and no database is written directly in DIR) or names a
 * database that is not there, every db-N directory of DIR with a
 * database's files in it ("DIR/db-1", ...); when the database it names
 * is one of shards that lost its own stub (the list of its shards),
 * that database, with *inner set.  A NULL-terminated array (free it with
 * as_indexdir_free_list()); NULL when the stubs lead to their databases,
 * or there is no such db-N.  Such a directory is an index that lost a
 * stub (a copy or a restore in part), or a first build stopped before it
 * wrote its stub. */
char **as_indexdir_strays(const char *dir, int *inner);

/* The most shards as_indexdir_databases() reads from a stub of shards
 * (as many as an index may have). */
#define AS_INDEXDIR_MAX_SHARDS 256

/* The databases DIR's stub leads to, read from the files alone (for an
 * index that Xapian cannot open whole, one of its shards damaged): its
 * database ("DIR/db-N"), or the shards its database's own stub lists
 * ("DIR/db-N/0", ...; with that stub lost, the shards there are), in a
 * NULL-terminated array (free it with
 * as_indexdir_free_list()); NULL when a stub is not one artsearch-index
 * writes (a remote shard, a path elsewhere), or there is none. */
char **as_indexdir_databases(const char *dir);

/* Free a NULL-terminated array of strings and the strings; accepts
 * NULL. */
void as_indexdir_free_list(char **list);

/* Whether a first run could make its index at DIR: DIR is a directory
 * this process may write in, or is not there and its parent is.  AS_OK,
 * or AS_ERR_IO with *errmsg in the words of as_indexdir_lock() ("cannot
 * create index directory DIR: ..."). */
as_status_t as_indexdir_creatable(const char *dir, char **errmsg);

/* A new, empty directory for an index that is thrown away (a dry run
 * with no index to compare with), under $TMPDIR (else /tmp), in *out
 * (free() it).  AS_OK, AS_ERR_NOMEM, or AS_ERR_IO (with *errmsg). */
as_status_t as_indexdir_scratch(char **out, char **errmsg);

/* Remove a directory made by as_indexdir_scratch() and all in it (a
 * path of any other name is left alone); accepts NULL. */
void as_indexdir_scratch_remove(const char *dir);

#ifdef __cplusplus
}
#endif

#endif /* AS_INDEXDIR_H */
