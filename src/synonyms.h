/* synonyms.h - groups of words and phrases that mean the same.
 *
 * Owns: the synonyms file format and rewriting a query with it.  The file
 * has one group per line, entries separated by commas, for example
 *
 *     United States, US, U.S., USA, America
 *
 * Blank lines and lines starting with # are ignored; an entry may be a
 * phrase; matching is case-insensitive, and initials are one word as the
 * index reads them ("U.S." is "us", like "US": as_initials()).  Rewriting
 * turns a query word (or quoted phrase) that is an entry of group K into
 * the field token AS_SYNONYMS_FIELD ":K", which the query parser turns
 * into one synonym query over all the entries of the group
 * (xapian-shim-query.cc).  Several words that are an entry, unquoted,
 * become AS_SYNONYMS_FIELD ":K.START.N", START and N the bytes of the
 * query they take: the words are searched as typed (not as a phrase) OR
 * the group, so that synonyms only widen a query.  `~word` and
 * `~"a phrase"` ask for it explicitly; with every-word expansion, each
 * word and run of words of the query outside quotes and field prefixes is
 * expanded.  A word is matched without the punctuation that ends it
 * ("us,") and without a possessive ("America's", which goes with it); a
 * word after + or -, or beside NEAR or ADJ with a ~, only as an entry of
 * one word (the sign or operator is the word's); with every-word
 * expansion a word beside NEAR or ADJ is not expanded (Xapian runs no
 * group there).  A ~ just after a field prefix ("tag:~x") is no mark, and
 * goes.
 * Does not own: where the table is kept (the index's metadata, see
 * xapian-shim.hh) or how the query is parsed.
 */
#ifndef AS_SYNONYMS_H
#define AS_SYNONYMS_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct as_synonyms as_synonyms_t;

/* The query field that stands for a synonym group in rewritten queries. */
#define AS_SYNONYMS_FIELD "xsynonymgroup"

/* Told of an entry (lower case, initials as one word) that the group at
 * line has, but that stands for the group at line first: a problem of a
 * synonyms file that does not stop its use. */
typedef void (*as_synonyms_warn_t)(void *ctx, long line, long first,
                                   const char *entry);

/* The warning for such an entry, where is the place of its first group
 * ("line 3"): "'pact' is also in the group of line 3, which ~pact and
 * --synonyms take".  A new string (free() it), or NULL when out of
 * memory. */
char *as_synonyms_shared_message(const char *entry, const char *where);

/* Parse the text of a synonyms file.  On failure (AS_ERR_FORMAT: a group
 * with fewer than two entries, an entry with a double quote or a bracket,
 * invalid UTF-8; or AS_ERR_NOMEM) *out is NULL and *errmsg (if not NULL)
 * receives a message naming the line, to free().  When warn is not NULL,
 * a parse that succeeds calls it (with ctx) once for each entry that two
 * groups or more have, at the line of its second group, in the order of
 * the lines: the entry stands for its first group only (a query word
 * expands to that group; the others search it as one of their forms). */
as_status_t as_synonyms_parse(const char *text, size_t len,
                              as_synonyms_warn_t warn, void *ctx,
                              as_synonyms_t **out, char **errmsg);

/* Number of groups. */
size_t as_synonyms_count(const as_synonyms_t *synonyms);

/* Whether word (lower case) is a stopword, which the query leaves out. */
typedef int (*as_synonyms_stop_fn)(void *ctx, const char *word);

/* Rewrite query into *out (a new string to free()).  every_word: expand
 * every word and run of words that has synonyms, not only those marked
 * with ~, but a word alone that stop (when not NULL, with stop_ctx) says
 * is a stopword: expanded, it would be required ("who won", with a group
 * "WHO, World Health Organization").
 * A ~ before a word without synonyms is dropped.  The query's words are
 * compared with the entries folded (as_fold()), and *out is folded too.
 * Returns AS_OK or
 * AS_ERR_NOMEM.  synonyms may be NULL (then only the ~ marks go). */
as_status_t as_synonyms_expand(const as_synonyms_t *synonyms, const char *query,
                               int every_word, as_synonyms_stop_fn stop,
                               void *stop_ctx, char **out);

/* The entries of group k as they are matched (lower case, initials as
 * their word, single spaces: "U.S.  Army" is "us army"): *entries and *n
 * are borrowed until as_synonyms_free().  AS_ERR_USAGE for no such
 * group. */
as_status_t as_synonyms_group(const as_synonyms_t *synonyms, size_t k,
                              const char *const **entries, size_t *n);

/* The entries of group k as the file writes them, in the same order: the
 * text the index's words of each are to be made of (case and all: "U.S."
 * is the word "us", "u.s." two words).  Borrowed like
 * as_synonyms_group()'s. */
as_status_t as_synonyms_group_texts(const as_synonyms_t *synonyms, size_t k,
                                    const char *const **texts, size_t *n);

void as_synonyms_free(as_synonyms_t *synonyms);

#ifdef __cplusplus
}
#endif

#endif /* AS_SYNONYMS_H */
