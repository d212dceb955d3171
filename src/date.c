/* date.c - parsing and formatting of YYYY[-MM[-DD]] dates, and the day
 * of a timestamp. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "date.h"

int as_date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    int leap;

    if (month < 1 || month > 12)
        return 0;
    leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

/* Read exactly n ASCII digits at s into *value; 0 if they are not digits. */
static int read_digits(const char *s, int n, int *value)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 1;
}

/* What is accepted, when the text is none of it: a date only (a query's),
 * or a date or a timestamp (an article's). */
static const char EXPECTED[] = "expected YYYY, YYYY-MM or YYYY-MM-DD";
static const char EXPECTED_STAMP[] =
    "expected YYYY, YYYY-MM, YYYY-MM-DD or a timestamp "
    "(YYYY-MM-DDTHH:MM[:SS], then Z, +HH:MM or nothing)";

/* Parse exactly YYYY, YYYY-MM or YYYY-MM-DD at text into *d; NULL on
 * success, else a static sentence saying what is wrong. */
static const char *parse_date(const char *text, as_date_t *d)
{
    size_t len = strlen(text);

    if (len != 4 && len != 7 && len != 10)
        return EXPECTED;
    if (!read_digits(text, 4, &d->year))
        return EXPECTED;
    if (d->year < 1)
        return "the year must be 0001 or later";
    if (len >= 7) {
        if (text[4] != '-' || !read_digits(text + 5, 2, &d->month))
            return EXPECTED;
        if (d->month < 1 || d->month > 12)
            return "the month must be 01 to 12";
    }
    if (len == 10) {
        if (text[7] != '-' || !read_digits(text + 8, 2, &d->day))
            return EXPECTED;
        if (d->day < 1 || d->day > as_date_days_in_month(d->year, d->month))
            return "that day does not exist in that month";
    }
    return NULL;
}

/* Whether s is exactly a time of day as ISO 8601 and RFC 3339 write it
 * after the date: HH:MM, HH:MM:SS or HH:MM:SS.fraction (a comma for the
 * point, as ISO 8601 allows), then nothing, Z (UTC) or an offset +HH:MM,
 * +HHMM or +HH (or -).  Hours are 00 to 23, a second may be 60 (a leap
 * second).  NULL if it is, else a static sentence saying what is
 * wrong. */
static const char *time_of_day(const char *s)
{
    static const char bad_time[] =
        "expected a time of day after the date: HH:MM or HH:MM:SS (with a "
        "fraction or not), then Z, +HH:MM or nothing";
    static const char bad_zone[] =
        "the time zone after the time of day is not one: Z, or +HH:MM "
        "(-HH:MM) with hours 00 to 23 and minutes 00 to 59";
    int h, m, sec;

    if (!read_digits(s, 2, &h) || s[2] != ':' || !read_digits(s + 3, 2, &m) ||
        h > 23 || m > 59)
        return bad_time;
    s += 5;
    if (*s == ':') {
        if (!read_digits(s + 1, 2, &sec) || sec > 60)
            return bad_time;
        s += 3;
        if (*s == '.' || *s == ',') {
            if (s[1] < '0' || s[1] > '9')
                return bad_time;
            for (s++; *s >= '0' && *s <= '9'; s++)
                ;
        }
    }
    if (*s == 'Z' || *s == 'z')
        return s[1] == '\0' ? NULL : bad_zone;
    if (*s == '+' || *s == '-') {
        if (!read_digits(s + 1, 2, &h) || h > 23)
            return bad_zone;
        s += 3;
        if (*s == ':')
            s++;
        if (*s == '\0')
            return s[-1] != ':' ? NULL : bad_zone;
        return read_digits(s, 2, &m) && m <= 59 && s[2] == '\0' ? NULL
                                                                : bad_zone;
    }
    return *s == '\0' ? NULL : bad_time;
}

/* Parse a timestamp YYYY-MM-DD, a separator (T, t or one space), then a
 * time_of_day(), into the date as written; NULL on success, else a static
 * sentence (also when text is no timestamp at all). */
static const char *parse_timestamp(const char *text, as_date_t *d)
{
    char day[11];
    const char *why;

    if (strlen(text) <= 10 ||
        (text[10] != 'T' && text[10] != 't' && text[10] != ' '))
        return EXPECTED_STAMP;
    memcpy(day, text, 10);
    day[10] = '\0';
    if ((why = parse_date(day, d)) != NULL)
        return why;
    return time_of_day(text + 11);
}

/* Finish a parse of text: *out and *why as the header says. */
static as_status_t parse_done(const char *reason, const as_date_t *d,
                              as_date_t *out, const char **why)
{
    if (reason) {
        if (why)
            *why = reason;
        return AS_ERR_FORMAT;
    }
    *out = *d;
    return AS_OK;
}

/* text with its fullwidth ASCII forms (U+FF01 to U+FF5E: "２０２４－０３",
 * as a Chinese or Japanese keyboard types digits) as ASCII, in buf (of
 * size bytes); text itself when it has none or is too long for buf. */
static const char *ascii_digits(const char *text, char *buf, size_t size)
{
    size_t n = 0;
    int changed = 0;

    for (const unsigned char *p = (const unsigned char *)text; *p; n++) {
        if (n + 1 >= size)
            return text;
        if (p[0] == 0xEF && ((p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) ||
                             (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E))) {
            buf[n] = (char)(0x21 + (p[1] - 0xBC) * 64 + (p[2] - 0x81));
            p += 3;
            changed = 1;
        } else {
            buf[n] = (char)*p++;
        }
    }
    buf[n] = '\0';
    return changed ? buf : text;
}

as_status_t as_date_parse(const char *text, as_date_t *out, const char **why)
{
    char ascii[64];
    as_date_t d = {0, 0, 0}, stamp = {0, 0, 0};
    const char *reason;

    memset(out, 0, sizeof *out);
    if (why)
        *why = NULL;
    if (!text)
        return parse_done("no date given", &d, out, why);
    text = ascii_digits(text, ascii, sizeof ascii);
    reason = parse_date(text, &d);
    /* A timestamp is no date to search by: its time would be dropped. */
    if (reason && !parse_timestamp(text, &stamp))
        reason = "a time of day: dates are kept to the day, give the day "
                 "alone (YYYY-MM-DD)";
    return parse_done(reason, &d, out, why);
}

as_status_t as_date_parse_timestamp(const char *text, as_date_t *out,
                                    const char **why)
{
    as_date_t d = {0, 0, 0};
    const char *reason;
    char ascii[64];
    size_t len;

    memset(out, 0, sizeof *out);
    if (why)
        *why = NULL;
    if (!text)
        return parse_done("no date given", &d, out, why);
    text = ascii_digits(text, ascii, sizeof ascii);
    len = strlen(text);
    /* A date's own reason first ("the month must be 01 to 12"). */
    if (len == 4 || len == 7 || len == 10)
        reason = parse_date(text, &d);
    else
        reason = parse_timestamp(text, &d);
    if (reason == EXPECTED)
        reason = EXPECTED_STAMP;
    return parse_done(reason, &d, out, why);
}

void as_date_format(const as_date_t *date, char *buf)
{
    if (date->year <= 0)
        buf[0] = '\0';
    else if (date->month == 0)
        snprintf(buf, AS_DATE_BUFSIZE, "%04u", (unsigned)date->year % 10000);
    else if (date->day == 0)
        snprintf(buf, AS_DATE_BUFSIZE, "%04u-%02u",
                 (unsigned)date->year % 10000, (unsigned)date->month % 100);
    else
        snprintf(buf, AS_DATE_BUFSIZE, "%04u-%02u-%02u",
                 (unsigned)date->year % 10000, (unsigned)date->month % 100,
                 (unsigned)date->day % 100);
}

long as_date_first_day(const as_date_t *date)
{
    if (date->year <= 0)
        return 0;
    return date->year * 10000L + (date->month ? date->month : 1) * 100L +
           (date->day ? date->day : 1);
}

long as_date_last_day(const as_date_t *date)
{
    int month, day;

    if (date->year <= 0)
        return 0;
    month = date->month ? date->month : 12;
    day = date->day ? date->day : as_date_days_in_month(date->year, month);
    return date->year * 10000L + month * 100L + day;
}
