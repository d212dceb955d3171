/* fold.h - the one form a word takes in the index and in queries.
 *
 * Owns: the characters and spellings of a word that stand for one
 * another before Xapian reads the text, the same on both sides, so that
 * a query finds a word however either side writes it: compatibility
 * forms as their plain letters (fullwidth "ＮＨＫ" is NHK, the ligature
 * "ﬁ" is "fi", a superscript digit is the digit), German "ß" as "ss",
 * Greek final sigma as sigma, the apostrophes U+2018 and U+02BC as
 * U+2019 (which Xapian reads as the ASCII one), and in French, Italian
 * and Catalan an elided article or pronoun before a word dropped
 * ("l'économie" is économie, "dell'Europa" Europa).
 * A word's form without accents (as_fold_plain()) is indexed beside it,
 * for queries typed without them.
 * Does not own: case (Xapian lower-cases terms), word splitting or
 * stemming (Xapian and libstemmer do that), the composed form of text
 * (text.h, as_text_nfc(), which the articles and queries are in first).
 */
#ifndef AS_FOLD_H
#define AS_FOLD_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The words that language (a stemmer's name or code: "french", "fr")
 * elides before a word with an apostrophe, in lower case, as a
 * NULL-terminated list; NULL for a language without such elisions. */
const char *const *as_fold_elisions(const char *language);

/* s[0..len), valid UTF-8 in form C, in the form the index reads text in:
 * - a letter or digit with a compatibility form (Unicode NFKC) that is
 *   letters and digits too, as that form: fullwidth and halfwidth forms,
 *   ligatures, long s, superscripts, mathematical letters; not a
 *   character that would join or split words ("½" keeps its fraction
 *   slash out, "™" is no letter);
 * - "ß" as "ss", capital "ẞ" as "SS", final sigma "ς" as "σ";
 * - U+2018 and U+02BC (apostrophes written as quotes or as a letter) as
 *   U+2019;
 * - with elisions (as_fold_elisions()), one of them followed by an
 *   apostrophe at the start of a word, before a letter, dropped with the
 *   apostrophe, in any case ("L'Europe" is "Europe").
 * Case is kept (the query parser reads capitals).  *out receives the
 * folded text (malloc'd, NUL-terminated) and *outlen its length, or NULL
 * and 0 when s is already in that form (most text: the caller keeps s).
 * With map not NULL, a folded text also gets *map (malloc'd, *outlen + 1
 * entries): for each of its bytes, the offset in s of the character it
 * comes from, and len at the end, so that a word found in it can be
 * shown in s.  Folding folded text changes nothing.  Returns AS_OK or
 * AS_ERR_NOMEM (then *out and *map are NULL). */
as_status_t as_fold(const char *s, size_t len, const char *const *elisions,
                    char **out, size_t *outlen, size_t **map);

/* The word s[0..len) (valid UTF-8, form C) as typed on a keyboard
 * without its accents: the accents of Latin letters dropped ("café" is
 * "cafe", "Erdoğan" "Erdogan", "Việt" "Viet") and a Latin letter with a
 * stroke or without a dot as the plain letter ("Łódź" is "Lodz", "ø" is
 * "o", "ı" is "i").  Letters of other scripts keep their marks (the
 * voicing mark of "が", the breve of Cyrillic "й": different letters).
 * The index keeps this form of a word beside it, so that a query typed
 * without accents finds the word, and one typed with them only the word
 * as written.  *out receives it (malloc'd, NUL-terminated) and *outlen
 * its length, or NULL and 0 when s has no such accent (any ASCII word).
 * Returns AS_OK or AS_ERR_NOMEM. */
as_status_t as_fold_plain(const char *s, size_t len, char **out,
                          size_t *outlen);

#ifdef __cplusplus
}
#endif

#endif /* AS_FOLD_H */
