/* printer.c - the printer dispatch and helpers shared by the formats. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "printer.h"
#include "text.h"

void as_printer_init(as_printer_t *p, as_format_t format, FILE *out,
                     const as_printer_opts_t *opts)
{
    static const as_printer_opts_t none = {0, 0, '\n', 0, 0, 0};

    switch (format) {
    case AS_FORMAT_TSV:
        p->ops = &as_printer_tsv_ops;
        break;
    case AS_FORMAT_JSON:
        p->ops = &as_printer_json_ops;
        break;
    case AS_FORMAT_TEXT:
    default:
        p->ops = &as_printer_text_ops;
        break;
    }
    p->out = out;
    p->opts = opts ? *opts : none;
    p->query = 0;
    p->shown = 0;
    p->printed = 0;
    p->to_terminal = out && isatty(fileno(out));
    if (p->opts.width <= 0)
        p->opts.width = 80;
    else if (p->opts.width < 20)
        p->opts.width = 20; /* a narrow terminal: its own lines wrap */
}

void as_printer_query(as_printer_t *p, size_t n, const char *text)
{
    p->query = n;
    p->shown = 0;
    p->printed = 0;
    if (p->ops->query)
        p->ops->query(p, text);
}

void as_printer_hit(as_printer_t *p, const as_hit_t *hit)
{
    p->ops->hit(p, hit);
    p->shown++;
    p->printed = 1;
}

void as_printer_facet(as_printer_t *p, as_facet_kind_t kind,
                      const as_facet_t *facets, size_t n)
{
    /* A facet without values (nothing matched, no article dated) prints
     * nothing in any format: with no match nothing is printed at all. */
    if (n == 0)
        return;
    if (p->ops->facet)
        p->ops->facet(p, kind, facets, n);
    p->printed = 1;
}

int as_printer_suggestion(as_printer_t *p, const char *query, size_t matches)
{
    if (!p->ops->suggestion)
        return 0;
    p->ops->suggestion(p, query, matches);
    p->printed = 1;
    return 1;
}

void as_printer_count(as_printer_t *p, const as_summary_t *summary)
{
    p->ops->count(p, summary);
}

void as_printer_summary(as_printer_t *p, const as_summary_t *summary)
{
    if (p->ops->summary)
        p->ops->summary(p, summary);
}

void as_printer_list(as_printer_t *p, const char *article, const char *file,
                     int ids)
{
    p->ops->list(p, article, file, ids);
}

void as_printer_error(as_printer_t *p, const char *message, int counting)
{
    if (p->ops->error)
        p->ops->error(p, message, counting);
}

char *as_print_list_name(const char *file)
{
    size_t len;
    char *raw = as_text_unescape_name(file, &len);

    if (raw && !as_text_is_clean(raw)) {
        free(raw);
        raw = NULL;
    }
    return raw;
}

void as_print_list_entry(as_printer_t *p, const char *article, const char *file,
                         int ids)
{
    const char *item = ids || !*file ? article : file;
    size_t len = 0;
    char *raw = NULL;

    /* A file's own name, for the programs -l feeds (xargs, say): with -0
     * always, else when a line can hold it; else as recorded. */
    if (item == file) {
        if (p->opts.terminator == '\0')
            raw = as_text_unescape_name(file, &len);
        else if ((raw = as_print_list_name(file)) != NULL)
            len = strlen(raw);
    }
    if (!raw) {
        if (p->to_terminal) /* no reordering of the lines shown */
            as_print_safe(p->out, item, strlen(item));
        else
            fputs(item, p->out);
        fputc(p->opts.terminator, p->out);
        return;
    }
    if (p->to_terminal)
        as_print_safe(p->out, raw, len); /* no control bytes to a terminal */
    else
        fwrite(raw, 1, len, p->out);
    fputc(p->opts.terminator, p->out);
    free(raw);
}

as_status_t as_format_parse(const char *name, as_format_t *out)
{
    if (strcmp(name, "text") == 0)
        *out = AS_FORMAT_TEXT;
    else if (strcmp(name, "tsv") == 0)
        *out = AS_FORMAT_TSV;
    else if (strcmp(name, "json") == 0 || strcmp(name, "jsonl") == 0)
        *out = AS_FORMAT_JSON;
    else
        return AS_ERR_USAGE;
    return AS_OK;
}

void as_print_safe(FILE *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;

    while (i < len) {
        unsigned long cp = p[i];
        size_t n = p[i] < 0x80 ? 1 : as_utf8_seq(p + i, len - i, &cp);

        if (n > 0 && !as_text_is_control(cp) && !as_text_reorders(cp)) {
            i += n; /* part of a run written at once */
            continue;
        }
        fwrite(p + run, 1, i - run, out);
        fputs("\xEF\xBF\xBD", out);
        i += n ? n : 1;
        run = i;
    }
    fwrite(p + run, 1, i - run, out);
}
