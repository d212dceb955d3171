/* synonyms.c - parsing synonym groups and rewriting queries with them. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "strbuf.h"
#include "synonyms.h"
#include "text.h"
#include "xapian-shim.h"

/* A group's entries: each as its words, lower case, initials as one word
 * ("U.S." is "us", as the index has it), as one string with single
 * spaces; and each as the file writes it. */
typedef struct group {
    char **entries;
    char **texts;
    size_t n;
    long line; /* of the file */
} group_t;

/* An entry by its first two characters, as match_at() looks entries up:
 * only those that start as the query word does. */
typedef struct keyed {
    unsigned long cp, cp2; /* the entry's first two characters (0: none) */
    size_t group, entry;
} keyed_t;

/* Entries go to KEY_BUCKETS buckets by their first character. */
#define KEY_BUCKETS 1024
#define KEY_BUCKET(cp) ((size_t)(cp) % KEY_BUCKETS)

struct as_synonyms {
    group_t *groups;
    size_t n;
    keyed_t *keys; /* every entry, by bucket, then in the order of the file */
    size_t n_keys;
    size_t bucket[KEY_BUCKETS + 1]; /* bucket b is keys[bucket[b]..[b+1]) */
};

/* cp as entries and query words are compared: in lower case, and a
 * typographic apostrophe as the ASCII one (as the index reads it). */
static unsigned long fold(unsigned long cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp;
    return cp == 0x2019 ? '\'' : as_unicode_lower(cp);
}

/* Read the code point at *p (valid UTF-8 or a single byte) and advance. */
static unsigned long next_cp(const char **p)
{
    const unsigned char *u = (const unsigned char *)*p;
    unsigned long cp = u[0];
    size_t n = u[0] < 0x80 ? 1 : as_utf8_seq(u, strlen(*p), &cp);

    *p += n ? n : 1;
    return cp;
}

/* The initials at s (as_initials(): "U.S." but not "u.s."), at the start
 * of a word: their length in bytes, 0 if there are none. */
static size_t initials(const char *s)
{
    return *s >= 'A' && *s <= 'Z' ? as_initials(s, strlen(s), 0) : 0;
}

/* s (malloc'd) folded as the index reads text (as_fold(), without a
 * language's elisions: the entries' words are compared with a query's
 * as folded); NULL (s freed) when out of memory. */
static char *folded(char *s)
{
    char *out;
    size_t len;

    if (as_fold(s, strlen(s), NULL, &out, &len, NULL) != AS_OK) {
        free(s);
        return NULL;
    }
    if (!out)
        return s;
    free(s);
    return out;
}

/* Whether byte c is of a letter or digit: ASCII, or of a character
 * beyond it (the words a hyphen joins). */
static int word_byte(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Case-folded copy of s[0..n) with white space runs (and a hyphen between
 * two words) as one space and no
 * space at the ends, and initials as the word the index makes of them
 * ("U.S." is "us"). */
static char *normalise(const char *s, size_t n)
{
    char *out, *copy = malloc(n + 1);
    const char *p;
    size_t o = 0, len;
    int space = 0;

    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    /* composed and folded, as queries are (as_text_nfc(), as_fold()) */
    if (as_text_nfc(&copy) != AS_OK || !(copy = folded(copy)) ||
        !(out = malloc(strlen(copy) * 2 + 1))) {
        free(copy);
        return NULL;
    }
    len = strlen(copy);
    for (p = copy; *p;) {
        size_t dotted = as_initials(copy, len, (size_t)(p - copy));
        unsigned long cp = dotted ? 0 : next_cp(&p);

        /* a hyphen between two words is a space: "Self-Defense Force" is
         * "self defense force", as the index has the words (and their
         * phrase) whichever is typed */
        if (!dotted && (cp < 0x80 && isspace((int)cp))) {
            space = o > 0;
            continue;
        }
        if (!dotted && cp == '-' && o > 0 && !space && word_byte(out[o - 1]) &&
            word_byte(*p)) {
            space = 1;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = 0;
        if (dotted) {
            o += as_initials_word(p, dotted, out + o);
            p += dotted;
        } else {
            o += as_utf8_put(out + o, fold(cp));
        }
    }
    out[o] = '\0';
    free(copy);
    /* a full stop that ends a word is no part of it, as in the index
     * ("Corp." is the word corp, "St. Louis" st louis) */
    for (size_t i = 0, k = 0;; i++) {
        if (out[i] == '.' && (out[i + 1] == ' ' || out[i + 1] == '\0'))
            continue;
        out[k++] = out[i];
        if (!out[i])
            break;
    }
    return out;
}

static void free_group(group_t *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->entries[i]);
        free(g->texts[i]);
    }
    free(g->entries);
    free(g->texts);
}

void as_synonyms_free(as_synonyms_t *syn)
{
    if (!syn)
        return;
    for (size_t i = 0; i < syn->n; i++)
        free_group(&syn->groups[i]);
    free(syn->groups);
    free(syn->keys);
    free(syn);
}

size_t as_synonyms_count(const as_synonyms_t *syn)
{
    return syn ? syn->n : 0;
}

static as_status_t fail(char **errmsg, long line, const char *why)
{
    char msg[256];

    if (errmsg) {
        snprintf(msg, sizeof msg, "line %ld: %s", line, why);
        *errmsg = strdup(msg);
    }
    return AS_ERR_FORMAT;
}

/* Parse one line into *g; returns AS_OK with g->n == 0 for a blank line. */
static as_status_t parse_line(const char *s, size_t n, long line, group_t *g,
                              char **errmsg)
{
    size_t start = 0;

    memset(g, 0, sizeof *g);
    while (start < n && isspace((unsigned char)s[start]))
        start++;
    if (start == n || s[start] == '#')
        return AS_OK;
    /* a comment after the entries: '#' after white space ("C#" is an
     * entry) */
    for (size_t i = start + 1; i < n; i++)
        if (s[i] == '#' && isspace((unsigned char)s[i - 1])) {
            n = i;
            break;
        }
    if (memchr(s, '"', n) || memchr(s, '(', n) || memchr(s, ')', n))
        return fail(errmsg, line, "entries cannot hold quotes or brackets");
    while (start <= n) {
        const char *comma = memchr(s + start, ',', n - start);
        size_t end = comma ? (size_t)(comma - s) : n;
        char *entry = normalise(s + start, end - start), *text, **grown;
        size_t from, to;

        if (!entry)
            return AS_ERR_NOMEM;
        if (!*entry) {
            free(entry);
            start = end + 1;
            continue;
        }
        from = start;
        to = end; /* the entry has words: no space at its ends */
        while ((unsigned char)s[from] < 0x80 && isspace((int)s[from]))
            from++;
        while ((unsigned char)s[to - 1] < 0x80 && isspace((int)s[to - 1]))
            to--;
        text = malloc(to - from + 1);
        grown = text ? realloc(g->texts, (g->n + 1) * sizeof *grown) : NULL;
        if (grown) {
            g->texts = grown;
            grown = realloc(g->entries, (g->n + 1) * sizeof *grown);
        }
        if (!grown) {
            free(entry);
            free(text);
            return AS_ERR_NOMEM;
        }
        memcpy(text, s + from, to - from);
        text[to - from] = '\0';
        g->entries = grown;
        if (as_text_nfc(&text) != AS_OK) { /* as the index has it */
            free(entry);
            free(text);
            return AS_ERR_NOMEM;
        }
        g->texts[g->n] = text;
        g->entries[g->n++] = entry;
        start = end + 1;
    }
    if (g->n < 2)
        return fail(errmsg, line,
                    "a group needs two entries or more, "
                    "separated by commas");
    return AS_OK;
}

/* An entry of a group, for finding those of several groups. */
typedef struct placed {
    const char *entry;
    size_t group, index; /* where it is */
    size_t first;        /* the first group that has it */
} placed_t;

static int by_entry(const void *a, const void *b)
{
    const placed_t *x = a, *y = b;
    int c = strcmp(x->entry, y->entry);

    if (c != 0)
        return c;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static int by_place(const void *a, const void *b)
{
    const placed_t *x = a, *y = b;

    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Warn once for each entry that two groups or more have, at the line of
 * its second group, in the order of the file: a word stands for the first
 * group that has it (match_at()), so the others never expand it. */
static as_status_t warn_shared(const as_synonyms_t *syn,
                               as_synonyms_warn_t warn, void *ctx)
{
    placed_t *all, *shared;
    size_t total = 0, n = 0, n_shared = 0;

    for (size_t g = 0; g < syn->n; g++)
        total += syn->groups[g].n;
    if (total == 0)
        return AS_OK;
    all = malloc(total * sizeof *all);
    shared = malloc(total * sizeof *shared);
    if (!all || !shared) {
        free(all);
        free(shared);
        return AS_ERR_NOMEM;
    }
    for (size_t g = 0; g < syn->n; g++)
        for (size_t e = 0; e < syn->groups[g].n; e++) {
            placed_t p = {syn->groups[g].entries[e], g, e, g};
            all[n++] = p;
        }
    qsort(all, total, sizeof *all, by_entry);
    for (size_t i = 0, j; i < total; i = j) {
        int found = 0;

        for (j = i + 1; j < total && strcmp(all[j].entry, all[i].entry) == 0;
             j++)
            if (!found && all[j].group != all[i].group) {
                shared[n_shared] = all[j];
                shared[n_shared++].first = all[i].group;
                found = 1;
            }
    }
    qsort(shared, n_shared, sizeof *shared, by_place);
    for (size_t i = 0; i < n_shared; i++)
        warn(ctx, syn->groups[shared[i].group].line,
             syn->groups[shared[i].first].line, shared[i].entry);
    free(all);
    free(shared);
    return AS_OK;
}

char *as_synonyms_shared_message(const char *entry, const char *where)
{
    as_strbuf_t msg = AS_STRBUF_INIT;
    const char *quote = strchr(entry, ' ') ? "\"" : "";

    as_strbuf_puts(&msg, "'");
    as_strbuf_puts(&msg, entry);
    as_strbuf_puts(&msg, "' is also in the group of ");
    as_strbuf_puts(&msg, where);
    as_strbuf_puts(&msg, ", which ~");
    as_strbuf_puts(&msg, quote);
    as_strbuf_puts(&msg, entry);
    as_strbuf_puts(&msg, quote);
    as_strbuf_puts(&msg, " and --synonyms take");
    if (msg.failed) {
        free(msg.s);
        return NULL;
    }
    return msg.s;
}

/* Fill syn->keys and syn->bucket: every entry, in the bucket of its
 * first character, in the order of the file. */
static as_status_t key_entries(as_synonyms_t *syn)
{
    size_t n = 0, at[KEY_BUCKETS] = {0};

    for (size_t g = 0; g < syn->n; g++)
        n += syn->groups[g].n;
    syn->keys = n ? malloc(n * sizeof *syn->keys) : NULL;
    if (n && !syn->keys)
        return AS_ERR_NOMEM;
    for (size_t g = 0; g < syn->n; g++) {
        for (size_t e = 0; e < syn->groups[g].n; e++) {
            const char *entry = syn->groups[g].entries[e];
            syn->bucket[KEY_BUCKET(next_cp(&entry)) + 1]++;
        }
    }
    for (size_t b = 0; b < KEY_BUCKETS; b++) {
        syn->bucket[b + 1] += syn->bucket[b];
        at[b] = syn->bucket[b];
    }
    for (size_t g = 0; g < syn->n; g++) {
        for (size_t e = 0; e < syn->groups[g].n; e++) {
            const char *entry = syn->groups[g].entries[e];
            const unsigned long cp = next_cp(&entry);
            keyed_t *k = &syn->keys[at[KEY_BUCKET(cp)]++];
            k->cp = cp;
            k->cp2 = *entry ? next_cp(&entry) : 0;
            k->group = g;
            k->entry = e;
        }
    }
    syn->n_keys = n;
    return AS_OK;
}

as_status_t as_synonyms_parse(const char *text, size_t len,
                              as_synonyms_warn_t warn, void *ctx,
                              as_synonyms_t **out, char **errmsg)
{
    as_synonyms_t *syn;
    as_status_t rc = AS_OK;
    size_t pos = 0;
    long line = 0;

    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    size_t bad = as_utf8_check(text, len);
    if (bad != len) {
        long bad_line = 1;
        for (size_t i = 0; i < bad; i++)
            bad_line += text[i] == '\n';
        return fail(errmsg, bad_line, "not valid UTF-8");
    }
    syn = calloc(1, sizeof *syn);
    if (!syn)
        return AS_ERR_NOMEM;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3; /* a UTF-8 byte order mark */
    while (pos < len && rc == AS_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        group_t g;

        line++;
        rc = parse_line(text + pos, n, line, &g, errmsg);
        g.line = line;
        if (rc == AS_OK && g.n > 0) {
            group_t *grown = realloc(syn->groups, (syn->n + 1) * sizeof *grown);
            if (!grown) {
                free_group(&g);
                rc = AS_ERR_NOMEM;
            } else {
                syn->groups = grown;
                syn->groups[syn->n++] = g;
            }
        } else {
            free_group(&g);
        }
        pos += n + 1;
    }
    if (rc == AS_OK)
        rc = key_entries(syn);
    if (rc == AS_OK && warn)
        rc = warn_shared(syn, warn, ctx);
    if (rc != AS_OK) {
        as_synonyms_free(syn);
        return rc;
    }
    *out = syn;
    return AS_OK;
}

/* Query words: runs of characters other than white space, brackets and
 * quotes. */
static int word_char(char c)
{
    return c && !isspace((unsigned char)c) && c != '(' && c != ')' && c != '"';
}

/* The length of a possessive at p that ends a word: 's or \u2019s
 * (America's), or an apostrophe alone (States'); 0 if none.  Xapian's
 * parser keeps the apostrophe in the word ("america's"), whose stem is
 * the word's; synonyms take the word without it. */
static size_t possessive(const char *p)
{
    size_t n = *p == '\'' ? 1 : strncmp(p, "\xe2\x80\x99", 3) == 0 ? 3 : 0;

    if (n && (p[n] == 's' || p[n] == 'S'))
        n++;
    return n;
}

/* True if a word ends at p: at a character that is no word character,
 * or at punctuation (. , ; ! ?) that ends the word ("us," "us." but not
 * "us.gov" or "u.s"). */
static int word_ends(const char *p)
{
    while (*p && strchr(".,;!?", *p))
        p++;
    return !word_char(*p);
}

/* The group of the longest entry that matches the query text at s (whole
 * words, any case, any spacing, initials as one word, and a possessive
 * after it), and in *matched the length in bytes of that entry and its
 * possessive; NULL if none.  one_word: only entries of one word. */
static const group_t *match_at(const as_synonyms_t *syn, const char *s,
                               int one_word, size_t *matched)
{
    const group_t *best = NULL;
    size_t best_len = 0;
    const size_t first = initials(s); /* those of the first word */
    const char *at = s;
    /* An entry matches from its first character on: the query's, folded
     * (that of initials too, "U.S." for "us"); its second one is the
     * query's too, or a space, or none (initials aside, which skip the
     * full stops). */
    const unsigned long cp = *s ? fold(next_cp(&at)) : 0;
    const unsigned long cp2 = *at ? fold(next_cp(&at)) : 0;
    const size_t b = KEY_BUCKET(cp);

    for (size_t k = syn ? syn->bucket[b] : 0; syn && k < syn->bucket[b + 1];
         k++) {
        const unsigned long second = syn->keys[k].cp2;
        if (syn->keys[k].cp != cp ||
            (!first && second && second != ' ' && second != cp2))
            continue;
        const size_t g = syn->keys[k].group;
        const char *entry = syn->groups[g].entries[syn->keys[k].entry], *p = s;
        size_t dotted = first; /* initials at p, a word's start */
        if (one_word && strchr(entry, ' '))
            continue;
        while (*entry) {
            if (*entry == ' ') {
                while (*p == '.') /* "St. Louis" for "st louis" */
                    p++;
                if (*p == '-' && p > s && (word_byte(p[-1]) || p[-1] == '.') &&
                    word_byte(p[1])) {
                    /* a hyphen between words (normalise()) */
                    p++;
                    entry++;
                    dotted = initials(p);
                    continue;
                }
                if (!isspace((unsigned char)*p))
                    break;
                while (isspace((unsigned char)*p))
                    p++;
                entry++;
                dotted = initials(p);
            } else if (dotted) {
                /* The word of the initials ("U.S." is "us", never
                 * "u.s."), as the entry's word or its start. */
                const char *q = p;
                while (q < p + dotted &&
                       (*q == '.' || *entry == *q - 'A' + 'a')) {
                    entry += *q != '.';
                    q++;
                }
                if (q < p + dotted)
                    break;
                p = q;
                dotted = 0;
            } else {
                /* Advance neither on a mismatch: an entry cut short
                 * ("treat" of "treaty") must not end as a match. */
                const char *q = p, *next = entry;
                if (!*p || fold(next_cp(&q)) != next_cp(&next))
                    break;
                p = q;
                entry = next;
            }
        }
        if (*entry != '\0')
            continue;
        if (!word_ends(p) && word_ends(p + possessive(p)))
            p += possessive(p);
        if (word_ends(p) && (size_t)(p - s) > best_len) {
            best = &syn->groups[g];
            best_len = (size_t)(p - s);
        }
    }
    *matched = best_len;
    return best;
}

/* True if s[0..n) is several words (has white space). */
static int several_words(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (isspace((unsigned char)s[k]))
            return 1;
    return 0;
}

/* Write group g's token.  It must be a token of its own for Xapian's
 * parser, whatever came before: after anything but the start, white space
 * or a run of ( + - that follows them, a space keeps it apart (in
 * "tag:x](us" the "(" belongs to the tag's value).  When the group stands
 * for words of the query (typed[0..n) of query, not NULL) that are
 * several, the token names them by their place: they are still searched
 * as they are, and the group as well (AS_SYNONYMS_FIELD ":K.START.N"). */
static void put_group(as_strbuf_t *b, const as_synonyms_t *syn,
                      const group_t *g, const char *query, const char *typed,
                      size_t n)
{
    char token[96];
    size_t i = b->len;

    while (i > 0 && b->s[i - 1] && strchr("(+-", b->s[i - 1]))
        i--;
    if (i > 0 && !isspace((unsigned char)b->s[i - 1]))
        as_strbuf_puts(b, " ");
    if (typed && several_words(typed, n))
        snprintf(token, sizeof token, AS_SYNONYMS_FIELD ":%zu.%zu.%zu",
                 (size_t)(g - syn->groups), (size_t)(typed - query), n);
    else
        snprintf(token, sizeof token, AS_SYNONYMS_FIELD ":%zu",
                 (size_t)(g - syn->groups));
    as_strbuf_puts(b, token);
}

as_status_t as_synonyms_group(const as_synonyms_t *syn, size_t k,
                              const char *const **entries, size_t *n)
{
    *entries = NULL;
    *n = 0;
    if (!syn || k >= syn->n)
        return AS_ERR_USAGE;
    *entries = (const char *const *)syn->groups[k].entries;
    *n = syn->groups[k].n;
    return AS_OK;
}

as_status_t as_synonyms_group_texts(const as_synonyms_t *syn, size_t k,
                                    const char *const **texts, size_t *n)
{
    *texts = NULL;
    *n = 0;
    if (!syn || k >= syn->n)
        return AS_ERR_USAGE;
    *texts = (const char *const *)syn->groups[k].texts;
    *n = syn->groups[k].n;
    return AS_OK;
}

/* True if the word at s is the operator op (upper case, as the parser
 * takes it; NEAR/3 and ADJ/3 too). */
static int word_is(const char *s, const char *op)
{
    size_t n = strlen(op);
    return strncmp(s, op, n) == 0 && (s[n] == '/' || word_ends(s + n));
}

/* True if the word at s is a query operator: --synonyms leaves it an
 * operator, even when a group holds the word ("Oregon, OR"). */
static int is_operator(const char *s)
{
    for (const char *const *op = as_query_operators; *op; op++)
        if (word_is(s, *op))
            return 1;
    return 0;
}

/* True if the word at s is NEAR or ADJ. */
static int is_near(const char *s)
{
    return word_is(s, "NEAR") || word_is(s, "ADJ");
}

/* True if NEAR or ADJ is next to the words s[0..n) of query, before or
 * after them: it takes the one word beside it, not a group of several. */
/* True if the n bytes at s hold no letter or digit ("...", "&", "–"):
 * Xapian's parser passes over them, from a word to NEAR. */
static int wordless(const char *s, size_t n)
{
    const char *p = s;

    while (p < s + n)
        if (as_unicode_is_wordchar(next_cp(&p)))
            return 0;
    return 1;
}

static int beside_near(const char *query, const char *s, size_t n)
{
    const char *p = s + n, *start;

    for (;;) { /* after the words, past tokens without a word */
        size_t len;
        while (isspace((unsigned char)*p))
            p++;
        len = strcspn(p, " \t\n\r\f\v");
        if (!len || !wordless(p, len))
            break;
        p += len;
    }
    if (is_near(p))
        return 1;
    p = s;
    while (p > query && strchr("~+-", p[-1]))
        p--;
    if (p == query || !isspace((unsigned char)p[-1]))
        return 0;
    do { /* before them, likewise */
        while (p > query && isspace((unsigned char)p[-1]))
            p--;
        start = p;
        while (p > query && !isspace((unsigned char)p[-1]))
            p--;
    } while (p > query && start > p && wordless(p, (size_t)(start - p)));
    return is_near(p);
}

/* Bytes of the bracketed group at s ('('), up to its closing bracket
 * (quotes and nested brackets skipped), or to the end if it has none. */
static size_t bracketed(const char *s)
{
    size_t n = 0;
    int depth = 0;

    do {
        if (s[n] == '"') {
            const char *end = strchr(s + n + 1, '"');
            n = end ? (size_t)(end - s) : strlen(s);
            if (!end)
                break;
        } else if (s[n] == '(') {
            depth++;
        } else if (s[n] == ')') {
            depth--;
        }
        n++;
    } while (s[n] && depth > 0);
    return n;
}

/* Whether Xapian's parser leaves the stopwords of query out (stop says
 * which words are): only among plain words, without operators, and when
 * some word is not a stopword. */
static int stops_words(const char *query, as_synonyms_stop_fn stop,
                       void *stop_ctx)
{
    int other = 0;

    for (const char *p = query; *p;) {
        size_t n = 0;
        char *word;
        while (p[n] && (isalnum((unsigned char)p[n]) || (p[n] & 0x80)))
            n++;
        if (n == 0) {
            p++;
            continue;
        }
        if (is_operator(p))
            return 0;
        if (!(word = normalise(p, n)))
            return 0;
        other |= !stop(stop_ctx, word);
        free(word);
        p += n;
    }
    return other;
}

/* as_synonyms_expand() of a query already folded. */
static as_status_t expand(const as_synonyms_t *syn, const char *query,
                          int every_word, as_synonyms_stop_fn stop,
                          void *stop_ctx, char **out)
{
    as_strbuf_t b = AS_STRBUF_INIT;
    const char *s = query;

    *out = NULL;
    if (stop && every_word && !stops_words(query, stop, stop_ctx))
        stop = NULL; /* the parser keeps the stopwords: so do the groups */
    as_strbuf_puts(&b, "");
    while (*s) {
        const group_t *g;
        size_t n;
        int marked = 0, one_word;

        if (*s == '"') { /* a phrase: copied as it is */
            const char *end = strchr(s + 1, '"');
            n = end ? (size_t)(end - s) + 1 : strlen(s);
            as_strbuf_put(&b, s, n);
            s += n;
            continue;
        }
        if (!word_char(*s) && *s != '~') {
            as_strbuf_put(&b, s++, 1);
            continue;
        }
        /* The start of a word: keep +/- in front of it.  They are the
         * word's, not those of the words after it: a group for several
         * words would require or exclude them all. */
        one_word = *s == '+' || *s == '-';
        while (*s == '+' || *s == '-')
            as_strbuf_put(&b, s++, 1);
        if (*s == '~') {
            marked = 1;
            s++;
            if (*s == '"') { /* ~"a phrase" */
                const char *end = strchr(s + 1, '"');
                size_t inner = end ? (size_t)(end - s - 1) : strlen(s + 1);
                char *phrase = normalise(s + 1, inner);
                g = phrase ? match_at(syn, phrase, 0, &n) : NULL;
                if (g && n == strlen(phrase)) {
                    put_group(&b, syn, g, query, NULL, 0);
                } else {
                    as_strbuf_put(&b, s, end ? inner + 2 : inner + 1);
                }
                free(phrase);
                s += end ? inner + 2 : inner + 1;
                if (g && word_char(*s))
                    as_strbuf_puts(&b, " "); /* keep the token apart */
                continue;
            }
        }
        g = marked || (every_word && !is_operator(s))
                ? match_at(syn, s, one_word, &n)
                : NULL;
        if (g && several_words(s, n) && beside_near(query, s, n))
            g = match_at(syn, s, 1, &n);
        /* Xapian runs no group (a synonym) inside NEAR or ADJ: --synonyms
         * leaves the word beside one as it is (a ~ asks for it: the
         * search says it cannot be run). */
        if (g && !marked && beside_near(query, s, n))
            g = NULL;
        if (g && !marked && !one_word && stop && !several_words(s, n)) {
            char *word = normalise(s, n);
            if (!word) {
                free(b.s);
                return AS_ERR_NOMEM;
            }
            if (stop(stop_ctx, word))
                g = NULL; /* left out of the query, as without synonyms */
            free(word);
        }
        if (g) {
            put_group(&b, syn, g, query, s, n);
            s += n;
            if (word_char(*s) || *s == '"')
                as_strbuf_puts(&b, " "); /* keep the token apart */
            continue;
        }
        /* Not expanded: copy the word (a field prefix and all).  A ~ just
         * after a field prefix (tag:~x, title:~"a b") is no mark: groups
         * stand for words of the text, not for a field's value.  It goes,
         * leaving the value to the field (kept, it made tag:~"a b" the tag
         * ~"a and the word b" for Xapian's parser). */
        n = 0;
        while (word_char(s[n]) && !(n > 0 && s[n] == ':' && s[n + 1] == '~'))
            n++;
        if (word_char(s[n])) { /* field:~ */
            as_strbuf_put(&b, s, n + 1);
            s += n + 2;
            n = 0;
            while (word_char(s[n]))
                n++;
        }
        as_strbuf_put(&b, s, n);
        s += n;
        if (b.len > 0 && b.s[b.len - 1] == ':' && *s == '"') { /* f:"a b" */
            const char *end = strchr(s + 1, '"');
            n = end ? (size_t)(end - s) + 1 : strlen(s);
            as_strbuf_put(&b, s, n);
            s += n;
        } else if (b.len > 0 && b.s[b.len - 1] == ':' && *s == '(') {
            n = bracketed(s); /* f:(a b): the field's words, as typed */
            as_strbuf_put(&b, s, n);
            s += n;
        }
    }
    if (b.failed) {
        free(b.s);
        return AS_ERR_NOMEM;
    }
    *out = b.s;
    return AS_OK;
}

as_status_t as_synonyms_expand(const as_synonyms_t *syn, const char *query,
                               int every_word, as_synonyms_stop_fn stop,
                               void *stop_ctx, char **out)
{
    char *folded;
    size_t len;
    as_status_t rc;

    *out = NULL;
    if (as_fold(query, strlen(query), NULL, &folded, &len, NULL) != AS_OK)
        return AS_ERR_NOMEM;
    rc = expand(syn, folded ? folded : query, every_word, stop, stop_ctx, out);
    free(folded);
    return rc;
}
