/* text.c - UTF-8 checking and repair, control characters. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <uninorm.h>

#include "text.h"

size_t as_utf8_seq(const unsigned char *s, size_t len, unsigned long *cp)
{
    unsigned long c;
    size_t n, i;

    if (len == 0)
        return 0;
    if (s[0] < 0x80) {
        c = s[0];
        n = 1;
    } else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        c = s[0] & 0x1F;
        n = 2;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        c = s[0] & 0x0F;
        n = 3;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        c = s[0] & 0x07;
        n = 4;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    if (cp)
        *cp = c;
    return n;
}

size_t as_utf8_check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        size_t n = p[i] < 0x80 ? 1 : as_utf8_seq(p + i, len - i, NULL);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

as_status_t as_utf8_repair(const char *s, size_t len, char **out, size_t *nbad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0, bad = 0;
    char *buf;

    *out = NULL;
    if (nbad)
        *nbad = 0;
    if (len > (((size_t)-1) - 1) / 3)
        return AS_ERR_NOMEM;
    buf = malloc(len * 3 + 1); /* each bad byte grows to 3 bytes at most */
    if (!buf)
        return AS_ERR_NOMEM;
    while (i < len) {
        size_t n = p[i] < 0x80 ? 1 : as_utf8_seq(p + i, len - i, NULL);
        if (n == 0) {
            memcpy(buf + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            bad++;
        } else {
            memcpy(buf + o, p + i, n);
            o += n;
            i += n;
        }
    }
    buf[o] = '\0';
    *out = buf;
    if (nbad)
        *nbad = bad;
    return AS_OK;
}

int as_text_is_control(unsigned long cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
           cp == 0x2028 || cp == 0x2029;
}

int as_text_is_space(unsigned long cp)
{
    return cp == ' ' || as_text_is_control(cp) || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

int as_text_is_invisible(unsigned long cp)
{
    return cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

int as_text_is_blank(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;

    for (size_t i = 0, len; i < n; i += len) {
        unsigned long cp = u[i];
        len = u[i] < 0x80 ? 1 : as_utf8_seq(u + i, n - i, &cp);
        if (len == 0 || !(as_text_is_space(cp) || as_text_is_invisible(cp)))
            return 0;
    }
    return 1;
}

int as_text_cp_width(unsigned long cp)
{
    /* [first, last] ranges, in order */
    static const unsigned long zero[][2] = {
        {0x0300, 0x036F},  {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
        {0x064B, 0x065F},  {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
        {0x1AB0, 0x1AFF},  {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2060, 0x2060},
        {0x20D0, 0x20FF},  {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
        {0xE0000, 0xE0FFF}};
    static const unsigned long wide[][2] = {
        {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},
        {0x23E9, 0x23EC},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
        {0x2648, 0x2653},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},
        {0x26F5, 0x26F5},   {0x26FA, 0x26FA},   {0x2705, 0x2705},
        {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274C},
        {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
        {0x27B0, 0x27B0},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},
        {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},
        {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
        {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
        {0x16FE0, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
        {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
        {0x1F1E6, 0x1F1FF}, {0x1F200, 0x1F2FF}, {0x1F300, 0x1F64F},
        {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF},
        {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD}};

    if (cp < 0x0300)
        return 1;
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (cp >= zero[i][0] && cp <= zero[i][1])
            return 0;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

/* Whether cp is a pictograph, which U+200D joins to another into one
 * emoji (Unicode's Extended_Pictographic, roughly: the technical and
 * miscellaneous symbols and dingbats, U+2300..U+23FF and U+2600..U+27BF,
 * U+2B00..U+2BFF and the emoji planes). */
static int pictograph(unsigned long cp)
{
    return (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x2600 && cp <= 0x27BF) ||
           (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

static int regional_indicator(unsigned long cp)
{
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

/* The most code points a character as a reader sees one is taken with:
 * past it, text of a letter with thousands of marks ("Zalgo" text) is cut
 * inside it, so that cuts stay near the size asked for.  (Unicode's
 * stream-safe format allows 30 marks in a row.) */
#define CLUSTER_MAX 32

/* The next character of s[0..len) as a reader sees one (a grapheme
 * cluster: a letter with its combining marks, a syllable's vowel signs, an
 * emoji with its modifiers, joined emoji, a flag's two letters; at most
 * CLUSTER_MAX code points): its bytes (at least 1), and its columns, those
 * of its first code point. */
static size_t next_char(const char *s, size_t len, int *width)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned long cp = u[0];
    size_t n = u[0] < 0x80 ? 1 : as_utf8_seq(u, len, &cp);
    const uint8_t *next, *end = u + len;
    size_t cps = 0, i = 0;

    if (n == 0) { /* an invalid byte: shown as U+FFFD */
        *width = 1;
        return 1;
    }
    *width = as_text_cp_width(cp);
    next = u8_grapheme_next(u, end);
    if (!next || (size_t)(next - u) < n)
        return n;
    /* What libunistring 1.0 does not join yet: pictographs after U+200D
     * ZERO WIDTH JOINER (a family, a runner and a gender sign), and two
     * regional indicators (a flag). */
    for (;;) {
        unsigned long joined;
        size_t k =
            next < end ? as_utf8_seq(next, (size_t)(end - next), &joined) : 0;
        if (k == 0)
            break;
        if (pictograph(cp) && (size_t)(next - u) >= 3 &&
            memcmp(next - 3, "\xE2\x80\x8D", 3) == 0 && pictograph(joined))
            next = u8_grapheme_next(next, end);
        else if (regional_indicator(cp) && regional_indicator(joined) &&
                 (size_t)(next - u) == n)
            next = u8_grapheme_next(next, end);
        else
            break;
    }
    /* at most CLUSTER_MAX code points */
    while (i < (size_t)(next - u) && cps < CLUSTER_MAX) {
        unsigned long c;
        size_t k = u[i] < 0x80 ? 1 : as_utf8_seq(u + i, len - i, &c);
        i += k ? k : 1;
        cps++;
    }
    return i;
}

size_t as_text_cut(const char *s, size_t len, size_t max)
{
    size_t i = 0;

    while (i < len) {
        int w;
        size_t n = next_char(s + i, len - i, &w);
        if (i > 0 && i + n > max)
            break;
        i += n;
    }
    return i;
}

size_t as_text_width(const char *s, size_t len)
{
    size_t cols = 0, i = 0;

    while (i < len) {
        int w;
        i += next_char(s + i, len - i, &w);
        cols += (size_t)w;
    }
    return cols;
}

size_t as_text_fit(const char *s, size_t len, size_t cols, size_t *used)
{
    size_t i = 0, taken = 0;

    while (i < len) {
        int w;
        size_t n = next_char(s + i, len - i, &w);
        if (i > 0 && taken + (size_t)w > cols)
            break;
        taken += (size_t)w;
        i += n;
    }
    if (used)
        *used = taken;
    return i;
}

int as_text_reorders(unsigned long cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Length of the character at u (len bytes left) if it is valid UTF-8 and
 * no control character; 0 if not. */
static size_t clean_char(const unsigned char *u, size_t len)
{
    unsigned long cp;
    size_t n = as_utf8_seq(u, len, &cp);

    return n > 0 && !as_text_is_control(cp) ? n : 0;
}

static int upper_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

static int hex_value(char c)
{
    return c <= '9' ? c - '0' : c - 'A' + 10;
}

char *as_text_escape_name(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), o = 0;
    char *out = malloc(len * 3 + 1);

    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t n = clean_char(u + i, len - i);

        if (s[i] == '%' && upper_hex(s[i + 1]) && upper_hex(s[i + 2])) {
            /* a '%' that would read as an escape: escaped itself, so
             * that no two names give the same string */
            memcpy(out + o, "%25", 3);
            o += 3;
            i++;
            continue;
        }
        if (n > 0) {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
            continue;
        }
        /* every byte of a control character, or one invalid byte */
        n = as_utf8_seq(u + i, len - i, NULL);
        for (size_t k = 0; k < (n ? n : 1); k++, i++) {
            static const char hex[] = "0123456789ABCDEF";
            out[o++] = '%';
            out[o++] = hex[u[i] >> 4];
            out[o++] = hex[u[i] & 15];
        }
    }
    out[o] = '\0';
    return out;
}

char *as_text_unescape_name(const char *s, size_t *len)
{
    size_t n = strlen(s), o = 0;
    char *out = malloc(n + 1);

    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && upper_hex(s[i + 1]) && upper_hex(s[i + 2]) &&
            (s[i + 1] != '0' || s[i + 2] != '0')) {
            out[o++] = (char)(hex_value(s[i + 1]) << 4 | hex_value(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    *len = o;
    return out;
}

int as_text_is_clean(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s);

    for (size_t i = 0, n; i < len; i += n)
        if ((n = clean_char(u + i, len - i)) == 0)
            return 0;
    return 1;
}

void as_text_drop_invisible(char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, o = 0;

    while (i < len) {
        unsigned long cp = p[i];
        size_t n = p[i] < 0x80 ? 1 : as_utf8_seq(p + i, len - i, &cp);

        if (n == 0) /* not UTF-8: kept, for the caller to say so */
            n = 1;
        else if (as_text_is_invisible(cp)) {
            i += n;
            continue;
        }
        memmove(s + o, s + i, n);
        o += n;
        i += n;
    }
    s[o] = '\0';
}

void as_text_squeeze(char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, o = 0;
    int pending_space = 0;

    while (i < len) {
        unsigned long cp = p[i];
        size_t n = p[i] < 0x80 ? 1 : as_utf8_seq(p + i, len - i, &cp);

        if (n == 0) /* not valid UTF-8: keep the byte, callers repair first */
            n = 1;
        if (as_text_is_space(cp)) {
            pending_space = o > 0;
        } else if (!as_text_is_invisible(cp)) {
            if (pending_space)
                s[o++] = ' ';
            pending_space = 0;
            memmove(s + o, s + i, n);
            o += n;
        }
        i += n;
    }
    s[o] = '\0';
}

const char *as_text_utf16(const char *s, size_t len)
{
    if (len >= 2 &&
        (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0))
        return "UTF-16";
    if (len >= 4 && (s[0] == '\0') != (s[1] == '\0') &&
        (s[2] == '\0') != (s[3] == '\0'))
        return s[0] == '\0' ? "UTF-16BE" : "UTF-16LE";
    return NULL;
}

size_t as_utf8_put(char *buf, unsigned long cp)
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* *s in normalisation form nf, in place (as_text_nfc()). */
static as_status_t normalise(char **s, uninorm_t nf)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t len = strlen(*s), n = 0;
    uint8_t *out;
    char *copy;

    while (*p && *p < 0x80) /* ASCII is its own form */
        p++;
    if (!*p)
        return AS_OK;
    out = u8_normalize(nf, (const uint8_t *)*s, len, NULL, &n);
    if (!out)
        return errno == ENOMEM ? AS_ERR_NOMEM : AS_OK; /* EILSEQ: as it is */
    if (n == len && memcmp(out, *s, n) == 0) {
        free(out);
        return AS_OK;
    }
    copy = realloc(out, n + 1);
    if (!copy) {
        free(out);
        return AS_ERR_NOMEM;
    }
    copy[n] = '\0';
    free(*s);
    *s = copy;
    return AS_OK;
}

as_status_t as_text_nfc(char **s)
{
    return normalise(s, UNINORM_NFC);
}

as_status_t as_text_nfd(char **s)
{
    return normalise(s, UNINORM_NFD);
}
