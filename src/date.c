/* date.c - parsing and formatting of YYYY[-MM[-DD]] dates. */
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

as_status_t as_date_parse(const char *text, as_date_t *out, const char **why)
{
    as_date_t d = {0, 0, 0};
    const char *reason = NULL;
    size_t len;

    memset(out, 0, sizeof *out);
    if (why)
        *why = NULL;
    if (!text) {
        reason = "no date given";
        goto fail;
    }
    len = strlen(text);
    if (len != 4 && len != 7 && len != 10) {
        reason = "expected YYYY, YYYY-MM or YYYY-MM-DD";
        goto fail;
    }
    if (!read_digits(text, 4, &d.year)) {
        reason = "expected YYYY, YYYY-MM or YYYY-MM-DD";
        goto fail;
    }
    if (d.year < 1) {
        reason = "the year must be 0001 or later";
        goto fail;
    }
    if (len >= 7) {
        if (text[4] != '-' || !read_digits(text + 5, 2, &d.month)) {
            reason = "expected YYYY, YYYY-MM or YYYY-MM-DD";
            goto fail;
        }
        if (d.month < 1 || d.month > 12) {
            reason = "the month must be 01 to 12";
            goto fail;
        }
    }
    if (len == 10) {
        if (text[7] != '-' || !read_digits(text + 8, 2, &d.day)) {
            reason = "expected YYYY, YYYY-MM or YYYY-MM-DD";
            goto fail;
        }
        if (d.day < 1 || d.day > as_date_days_in_month(d.year, d.month)) {
            reason = "that day does not exist in that month";
            goto fail;
        }
    }
    *out = d;
    return AS_OK;

fail:
    if (why)
        *why = reason;
    return AS_ERR_FORMAT;
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
