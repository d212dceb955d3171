/* testutil.h - what the Check suites share.
 *
 * Owns: a temporary directory per test (made under $TMPDIR or /tmp,
 * removed with everything in it) and the hits of a search written as text
 * for comparisons.  Failures end the test through Check's assertions.
 * Does not own: the fixtures of each suite.
 */
#ifndef AS_TESTUTIL_H
#define AS_TESTUTIL_H

#include <stddef.h>

#include "xapian-shim.h"

/* Make a new directory "$TMPDIR/NAME.XXXXXX" (or under /tmp) into
 * dir[0..size). */
void tu_make_tmpdir(char *dir, size_t size, const char *name);

/* Remove dir and everything under it, without following links. */
void tu_remove_tree(const char *dir);

/* Run opts on idx: the hits as "id#paragraph", sorted and joined by
 * commas ("" for none), in a static buffer; at most 32 hits. */
const char *tu_hit_keys(as_index_t *idx, const as_search_opts_t *opts);

#endif /* AS_TESTUTIL_H */
