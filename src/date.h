/* date.h - article dates of varying precision.
 *
 * Owns: parsing and formatting of the three date forms artsearch accepts
 * (YYYY, YYYY-MM, YYYY-MM-DD) and the period each one stands for.  A date
 * known only to the year or month stands for the whole of that period: it
 * matches a range when the period overlaps the range.  An article's date
 * may also be given as a timestamp, of which the day is kept
 * (as_date_parse_timestamp()); dates are kept to the day.
 * Does not own: how dates are stored in the index (see xapian-shim.h).
 */
#ifndef AS_DATE_H
#define AS_DATE_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A calendar date; month and day are 0 when unknown.  year == 0 means
 * "no date". */
typedef struct as_date {
    int year;  /* 1..9999, or 0 for no date */
    int month; /* 1..12, or 0 when only the year is known */
    int day;   /* 1..31, or 0 when only the year or month is known */
} as_date_t;

/* Longest text as_date_format() writes, with its NUL. */
#define AS_DATE_BUFSIZE 11

/* Parse text (exactly "YYYY", "YYYY-MM" or "YYYY-MM-DD", no surrounding
 * space) into *out.  Rejects dates that do not exist (2025-02-29,
 * 2025-13-01).  On failure *out is cleared, AS_ERR_FORMAT is returned and,
 * when why is not NULL, *why points to a static sentence saying what is
 * wrong.  A timestamp (see as_date_parse_timestamp()) is refused too, with
 * a sentence that says to give the day alone: the dates of a query. */
as_status_t as_date_parse(const char *text, as_date_t *out, const char **why);

/* As as_date_parse(), and also accept an ISO 8601 / RFC 3339 timestamp,
 * of which the date is kept as written: "YYYY-MM-DD", then "T", "t" or one
 * space, then HH:MM, HH:MM:SS or HH:MM:SS.fraction, then nothing, "Z" or
 * an offset +HH:MM, +HHMM or +HH (or -).  The time and the offset are
 * checked, then dropped: there is no conversion to another time zone, so
 * "2024-03-03T23:30:00-05:00" is 2024-03-03 (the day the writer saw), not
 * 2024-03-04 as in UTC.  The dates of articles. */
as_status_t as_date_parse_timestamp(const char *text, as_date_t *out,
                                    const char **why);

/* Write date in its own precision ("2025", "2025-06", "2025-06-03") into
 * buf, which has room for AS_DATE_BUFSIZE bytes.  An empty date writes "". */
void as_date_format(const as_date_t *date, char *buf);

/* First and last day of the period the date stands for, as the integer
 * YYYYMMDD (2025-06 gives 20250601 and 20250630).  0 for no date. */
long as_date_first_day(const as_date_t *date);
long as_date_last_day(const as_date_t *date);

/* Number of days in the month (1..12) of year. */
int as_date_days_in_month(int year, int month);

#ifdef __cplusplus
}
#endif

#endif /* AS_DATE_H */
