/* strbuf.h - growable strings with a sticky out-of-memory flag.
 *
 * Owns: building a string piece by piece.  A failed allocation sets
 * `failed` and makes later appends do nothing, so a sequence of appends
 * needs one check at the end.  The string is always NUL-terminated once
 * anything was appended; the caller free()s `s`.
 * Does not own: what the pieces mean.
 */
#ifndef AS_STRBUF_H
#define AS_STRBUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct as_strbuf {
    char *s;
    size_t len, cap;
    int failed;
} as_strbuf_t;

#define AS_STRBUF_INIT                                                         \
    {                                                                          \
        NULL, 0, 0, 0                                                          \
    }

/* Append s[0..n). */
void as_strbuf_put(as_strbuf_t *b, const char *s, size_t n);

/* Append the NUL-terminated string s. */
void as_strbuf_puts(as_strbuf_t *b, const char *s);

#ifdef __cplusplus
}
#endif

#endif /* AS_STRBUF_H */
