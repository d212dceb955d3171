/* text.h - UTF-8 checking and repair, control characters, columns.
 *
 * Owns: byte-level text hygiene shared by the parser and the printers:
 * finding and repairing invalid UTF-8, recognising the control
 * characters (and the bidirectional controls) that must never reach a
 * terminal, how many terminal columns text takes, and Unicode
 * normalisation (libunistring's NFC).
 * Does not own: word splitting or stemming (Xapian and libstemmer do that).
 */
#ifndef AS_TEXT_H
#define AS_TEXT_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Length in bytes of the valid UTF-8 sequence at s (at most len bytes
 * available), or 0 if the bytes at s are not valid UTF-8 (overlong forms,
 * surrogates and code points above U+10FFFF are invalid).  *cp receives the
 * code point when not NULL. */
size_t as_utf8_seq(const unsigned char *s, size_t len, unsigned long *cp);

/* Offset of the first invalid UTF-8 byte in s[0..len), or len when all of
 * it is valid. */
size_t as_utf8_check(const char *s, size_t len);

/* Copy s[0..len) to a new NUL-terminated string in *out, replacing each
 * invalid byte with U+FFFD.  *nbad (if not NULL) receives the number of
 * bytes replaced.  Returns AS_OK or AS_ERR_NOMEM (then *out is NULL). */
as_status_t as_utf8_repair(const char *s, size_t len, char **out, size_t *nbad);

/* Non-zero if code point cp is a control character: C0 (U+0000..U+001F),
 * DEL, C1 (U+0080..U+009F) and the line/paragraph separators U+2028/9. */
int as_text_is_control(unsigned long cp);

/* Non-zero if code point cp is a bidirectional embedding, override or
 * isolate (U+202A..U+202E, U+2066..U+2069): text after one is shown in
 * another order than it is stored ("Trojan Source").  The marks U+200E
 * and U+200F only nudge, and are not. */
int as_text_reorders(unsigned long cp);

/* Columns code point cp takes on a terminal: 0 for combining marks,
 * zero-width characters (U+200B..U+200F, U+2060), joiners and variation
 * selectors; 2 for East Asian wide and fullwidth characters (Han, kana,
 * Hangul, fullwidth forms) and emoji; 1 otherwise. */
int as_text_cp_width(unsigned long cp);

/* Columns s[0..len) takes on a terminal (an invalid byte counts 1: it is
 * shown as U+FFFD).  A character as a reader sees one (a grapheme
 * cluster: a letter and its combining marks, a syllable's vowel signs,
 * joined emoji) takes the columns of its first code point. */
size_t as_text_width(const char *s, size_t len);

/* Bytes of the longest start of s[0..len) that takes at most cols
 * columns, ending between characters as a reader sees them (never
 * between a letter and its marks, nor inside joined emoji); at least one
 * character when len > 0, so that a caller cutting text into lines always
 * gets on.  *used (if not NULL) receives the columns that start takes. */
size_t as_text_fit(const char *s, size_t len, size_t cols, size_t *used);

/* Bytes of the longest start of s[0..len) of at most max bytes that ends
 * between characters as a reader sees them (as as_text_fit()); at least
 * one character when len > 0. */
size_t as_text_cut(const char *s, size_t len, size_t max);

/* Whether s[0..len) starts as UTF-16 text: NULL if not; else the name
 * iconv reads it by: "UTF-16" after a byte order mark, "UTF-16BE" or
 * "UTF-16LE" for ASCII with a NUL byte before or after each character. */
const char *as_text_utf16(const char *s, size_t len);

/* Append the UTF-8 encoding of code point cp to buf (room for 4 bytes);
 * returns the number of bytes written. */
size_t as_utf8_put(char *buf, unsigned long cp);

/* A new copy of the NUL-terminated name s (a file name, say) in which
 * every byte of an invalid UTF-8 sequence or of a control character is
 * written as %XX (upper-case hex), and so is a '%' followed by two
 * upper-case hex digits (as %25): valid UTF-8 without control characters,
 * the same for the same name and different for different names.  NULL
 * when out of memory. */
char *as_text_escape_name(const char *s);

/* The name that as_text_escape_name() turned into s: each %XX (upper-case
 * hex, not %00) as its byte.  Its length in *len; NULL when out of
 * memory. */
char *as_text_unescape_name(const char *s, size_t *len);

/* Non-zero if the NUL-terminated s is valid UTF-8 without control
 * characters. */
int as_text_is_clean(const char *s);

/* The NUL-terminated valid UTF-8 s in Unicode normalisation form C (the
 * composed form: "e" and U+0301 are "\u00e9", and "\u304b" and U+3099 are
 * "\u304c", as most text has them), in place: s is replaced by a new
 * string (the old one freed) only when the form differs.  Returns AS_OK,
 * or AS_ERR_NOMEM (s unchanged). */
as_status_t as_text_nfc(char **s);

/* The same in normalisation form D (decomposed, as macOS writes file
 * names): for names that are bytes as written, such as article ids. */
as_status_t as_text_nfd(char **s);

/* Whether cp is white space: ASCII space, a control character
 * (as_text_is_control()), or a Unicode space (no-break space, the spaces
 * of U+2000..U+200A, ideographic space ...). */
int as_text_is_space(unsigned long cp);

/* Whether cp is an invisible format character that splits no word: soft
 * hyphen, zero-width space, word joiner, zero-width no-break space. */
int as_text_is_invisible(unsigned long cp);

/* Whether s[0..n) holds only white space and invisible characters
 * (as_text_is_space(), as_text_is_invisible()): a line of no-break
 * spaces copied from a web page is blank too. */
int as_text_is_blank(const char *s, size_t n);

/* Drop the invisible characters (as_text_is_invisible()) of the string
 * s, in place; bytes that are not UTF-8 are kept. */
void as_text_drop_invisible(char *s);

/* In the valid UTF-8 string s, replace every run of white space
 * (as_text_is_space()) with one ASCII space, drop invisible characters
 * (as_text_is_invisible()), and strip leading and trailing space.  Works
 * in place (the text only shrinks). */
void as_text_squeeze(char *s);

#ifdef __cplusplus
}
#endif

#endif /* AS_TEXT_H */
