/* fold.c - the one form a word takes in the index and in queries. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include <uninorm.h>

#include "fold.h"
#include "text.h"

/* Letters, marks, digits and other numbers, and connectors such as '_':
 * the characters Xapian makes words of (Xapian::Unicode::is_wordchar()). */
static int is_word(ucs4_t cp)
{
    return uc_is_general_category_withtable(
        cp, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_M | UC_CATEGORY_MASK_N |
                UC_CATEGORY_MASK_Pc);
}

static int is_letter(ucs4_t cp)
{
    return uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_L);
}

/* The elisions of French, Italian and Catalan (the words Lucene's
 * ElisionFilter drops for them). */
static const char *const french[] = {
    "l", "d",  "j",     "m",      "n",      "s",      "t",
    "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", NULL};
static const char *const italian[] = {
    "l",   "d",    "c",    "m",    "t",    "s",    "v",    "un",
    "all", "dall", "dell", "nell", "sull", "coll", "pell", "gl",
    "agl", "dagl", "degl", "negl", "sugl", NULL};
static const char *const catalan[] = {"l", "d", "m", "n", "s", "t", NULL};

const char *const *as_fold_elisions(const char *language)
{
    static const struct {
        const char *name;
        const char *const *elisions;
    } languages[] = {
        {"french", french}, {"fr", french},       {"fre", french},
        {"fra", french},    {"italian", italian}, {"it", italian},
        {"ita", italian},   {"catalan", catalan}, {"ca", catalan},
        {"cat", catalan},
    };

    for (size_t i = 0; language && i < sizeof languages / sizeof *languages;
         i++)
        if (strcmp(language, languages[i].name) == 0)
            return languages[i].elisions;
    return NULL;
}

/* The longest elision, in bytes. */
#define ELISION_MAX 8

/* cp as the index reads it, in out[] (room for UC_DECOMPOSITION_MAX_LENGTH
 * code points); returns how many; *compat is set when that is a
 * compatibility form (its marks may compose with what came before). */
static size_t fold_char(ucs4_t cp, ucs4_t *out, int *compat)
{
    int tag;
    ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];

    *compat = 0;
    switch (cp) {
    case 0xDF: /* ß */
        out[0] = out[1] = 's';
        return 2;
    case 0x1E9E: /* capital ẞ */
        out[0] = out[1] = 'S';
        return 2;
    case 0x3C2: /* final sigma */
        out[0] = 0x3C3;
        return 1;
    case 0x2018:
    case 0x2BC:
        out[0] = 0x2019;
        return 1;
    }
    /* Hangul compatibility jamo stay: their NFKC, conjoining jamo, would
     * compose into syllables the text does not write. */
    if (cp >= 0xA0 && !(cp >= 0x3130 && cp <= 0x318F) && is_word(cp) &&
        uc_decomposition(cp, &tag, d) > 0 && tag != UC_DECOMP_CANONICAL) {
        size_t n = UC_DECOMPOSITION_MAX_LENGTH, i;
        ucs4_t *k = u32_normalize(UNINORM_NFKC, &cp, 1, out, &n);

        if (k != out) { /* never for one character; out of memory */
            free(k);
            n = 0;
        }
        for (i = 0; i < n && is_word(out[i]); i++)
            ;
        if (n > 0 && i == n) {
            *compat = 1;
            return n;
        }
    }
    out[0] = cp;
    return 1;
}

/* The folded text being written. */
typedef struct {
    char *buf;
    size_t len, cap;
    size_t *map;     /* NULL: not wanted */
    ucs4_t last;     /* the last code point written, 0 at the start */
    size_t last_at;  /* where it starts in buf */
    int last_compat; /* it comes from a compatibility form, folded */
} out_t;

static int reserve(out_t *o, size_t more)
{
    if (o->len + more + 1 <= o->cap)
        return 1;
    size_t cap = (o->len + more + 1) * 2;
    char *buf = realloc(o->buf, cap);
    if (!buf)
        return 0;
    o->buf = buf;
    if (o->map) {
        size_t *map = realloc(o->map, cap * sizeof *map);
        if (!map)
            return 0;
        o->map = map;
    }
    o->cap = cap;
    return 1;
}

/* Write cp, which comes from the character at offset from. */
static int put(out_t *o, ucs4_t cp, size_t from)
{
    if (!reserve(o, 4))
        return 0;
    size_t n = as_utf8_put(o->buf + o->len, cp);
    if (o->map)
        for (size_t i = 0; i < n; i++)
            o->map[o->len + i] = from;
    o->last = cp;
    o->last_at = o->len;
    o->len += n;
    return 1;
}

/* Replace the last code point written with cp (a composition). */
static int replace_last(out_t *o, ucs4_t cp)
{
    size_t from = o->map ? o->map[o->last_at] : 0;

    o->len = o->last_at;
    return put(o, cp, from);
}

/* The length of the apostrophe at s[0..len) (', U+2019, U+2018, U+02BC,
 * U+201B), 0 if there is none. */
static size_t apostrophe(const unsigned char *s, size_t len)
{
    unsigned long cp;
    size_t n;

    if (len > 0 && s[0] == '\'')
        return 1;
    n = len > 0 && s[0] >= 0x80 ? as_utf8_seq(s, len, &cp) : 0;
    return n && (cp == 0x2019 || cp == 0x2018 || cp == 0x2BC || cp == 0x201B)
               ? n
               : 0;
}

/* The bytes of an elision (with its apostrophe) at s[0..len), the start
 * of a word, before a letter; 0 if there is none. */
static size_t elision(const unsigned char *s, size_t len,
                      const char *const *elisions)
{
    char word[ELISION_MAX + 1];
    size_t n = 0, a, c;
    unsigned long cp;

    while (n < len && n < ELISION_MAX &&
           ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))) {
        word[n] = (char)(s[n] | 0x20);
        n++;
    }
    if (n == 0 || !(a = apostrophe(s + n, len - n)))
        return 0;
    word[n] = '\0';
    c = as_utf8_seq(s + n + a, len - n - a, &cp);
    if (c == 0 || !is_letter((ucs4_t)cp))
        return 0;
    for (const char *const *e = elisions; *e; e++)
        if (strcmp(word, *e) == 0)
            return n + a;
    return 0;
}

/* Whether s[0..len) may fold into something else: not for ASCII, unless
 * it has an apostrophe and the language elides. */
static int may_fold(const char *s, size_t len, const char *const *elisions)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80 || (elisions && s[i] == '\''))
            return 1;
    return 0;
}

as_status_t as_fold(const char *s, size_t len, const char *const *elisions,
                    char **out, size_t *outlen, size_t **map)
{
    const unsigned char *u = (const unsigned char *)s;
    out_t o = {NULL, 0, 0, NULL, 0, 0, 0};
    size_t i = 0;

    *out = NULL;
    *outlen = 0;
    if (map)
        *map = NULL;
    if (!may_fold(s, len, elisions))
        return AS_OK;
    if (map && !(o.map = malloc(sizeof *o.map)))
        return AS_ERR_NOMEM;
    while (i < len) {
        ucs4_t folded[UC_DECOMPOSITION_MAX_LENGTH];
        unsigned long cp = u[i];
        size_t n = u[i] < 0x80 ? 1 : as_utf8_seq(u + i, len - i, &cp);
        size_t k, count;
        int compat;

        if (n == 0) { /* not UTF-8: kept as it is, a byte */
            if (!reserve(&o, 1))
                goto nomem;
            if (o.map)
                o.map[o.len] = i;
            o.buf[o.len++] = (char)u[i];
            o.last = 0xFFFD;
            o.last_compat = 0;
            i++;
            continue;
        }
        if (elisions && (o.last == 0 || !is_word(o.last)) &&
            (k = elision(u + i, len - i, elisions)) > 0) {
            i += k;
            continue;
        }
        count = fold_char((ucs4_t)cp, folded, &compat);
        for (k = 0; k < count; k++) {
            ucs4_t c = folded[k], both;
            /* a mark composes with a letter when either is a folded
             * compatibility form (the text was composed before: "ｶﾞ",
             * a fullwidth E and an acute) */
            if ((compat || o.last_compat) && o.len > 0 &&
                uc_combining_class(c) != 0 &&
                (both = uc_composition(o.last, c)) != 0) {
                if (!replace_last(&o, both))
                    goto nomem;
            } else if (!put(&o, c, i)) {
                goto nomem;
            } else {
                o.last_compat = compat;
            }
        }
        i += n;
    }
    if (o.len == len && memcmp(o.buf, s, len) == 0) {
        free(o.buf);
        free(o.map);
        return AS_OK;
    }
    if (!reserve(&o, 0))
        goto nomem;
    o.buf[o.len] = '\0';
    if (o.map)
        o.map[o.len] = len;
    *out = o.buf;
    *outlen = o.len;
    if (map)
        *map = o.map;
    return AS_OK;
nomem:
    free(o.buf);
    free(o.map);
    return AS_ERR_NOMEM;
}

/* The letter a Latin letter with a stroke or without a dot stands for,
 * typed on a keyboard without it ("Łódź" as "Lodz"); 0 if none. */
static ucs4_t plain_letter(ucs4_t cp)
{
    static const ucs4_t letters[][2] = {
        {0xD8, 'O'},  {0xF8, 'o'},  /* Ø ø */
        {0x110, 'D'}, {0x111, 'd'}, /* Đ đ */
        {0x126, 'H'}, {0x127, 'h'}, /* Ħ ħ */
        {0x131, 'i'},               /* dotless ı */
        {0x141, 'L'}, {0x142, 'l'}, /* Ł ł */
        {0x166, 'T'}, {0x167, 't'}, /* Ŧ ŧ */
    };

    for (size_t i = 0; i < sizeof letters / sizeof *letters; i++)
        if (letters[i][0] == cp)
            return letters[i][1];
    return 0;
}

/* Whether cp is a letter of the Latin script (Basic Latin to Latin
 * Extended-B, and Latin Extended Additional, Vietnamese's). */
static int is_latin(ucs4_t cp)
{
    return (cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF)) && is_letter(cp);
}

as_status_t as_fold_plain(const char *s, size_t len, char **out, size_t *outlen)
{
    size_t i, n = 0, plain_len = 0;
    uint8_t *nfd, *plain, *nfc;
    ucs4_t base = 0;
    int changed = 0;

    *out = NULL;
    *outlen = 0;
    for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
        ;
    if (i == len)
        return AS_OK; /* ASCII: most words */
    nfd = u8_normalize(UNINORM_NFD, (const uint8_t *)s, len, NULL, &n);
    if (!nfd)
        return AS_ERR_NOMEM;
    plain = malloc(n + 1);
    if (!plain) {
        free(nfd);
        return AS_ERR_NOMEM;
    }
    for (i = 0; i < n;) {
        ucs4_t cp;
        int k = u8_mbtouc(&cp, nfd + i, n - i);
        ucs4_t letter = plain_letter(cp);

        if (cp >= 0x300 && cp <= 0x36F && base && is_latin(base)) {
            changed = 1; /* a Latin letter's accent */
        } else if (letter) {
            plain[plain_len++] = (uint8_t)letter;
            changed = 1;
        } else {
            memcpy(plain + plain_len, nfd + i, (size_t)k);
            plain_len += (size_t)k;
        }
        if (!(cp >= 0x300 && cp <= 0x36F))
            base = cp;
        i += (size_t)k;
    }
    free(nfd);
    if (!changed) {
        free(plain);
        return AS_OK;
    }
    n = 0;
    nfc = u8_normalize(UNINORM_NFC, plain, plain_len, NULL, &n);
    free(plain);
    if (!nfc)
        return AS_ERR_NOMEM;
    *out = realloc(nfc, n + 1); /* room for the NUL */
    if (!*out) {
        free(nfc);
        return AS_ERR_NOMEM;
    }
    (*out)[n] = '\0';
    *outlen = n;
    return AS_OK;
}
