/* printer-tsv.c - one hit per line, tab-separated, for pipelines.
 *
 * Columns: rank, score, article, paragraph, file, date, source, authors
 * (joined by "; "), title, snippet.  In every field a backslash, tab,
 * newline and carriage return are written as \\, \t, \n and \r, and other
 * control characters as \xHH, so a line is always one record. */
#include "config.h"

#include <string.h>

#include "printer.h"
#include "text.h"

static void field(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;

    while (i < len) {
        unsigned long cp = p[i];
        size_t n = p[i] < 0x80 ? 1 : as_utf8_seq(p + i, len - i, &cp);

        if (n == 0) {
            fprintf(out, "\\x%02X", p[i]);
            i++;
            continue;
        }
        if (cp == '\\')
            fputs("\\\\", out);
        else if (cp == '\t')
            fputs("\\t", out);
        else if (cp == '\n')
            fputs("\\n", out);
        else if (cp == '\r')
            fputs("\\r", out);
        else if (as_text_is_control(cp))
            for (size_t k = 0; k < n; k++)
                fprintf(out, "\\x%02X", p[i + k]);
        else
            fwrite(p + i, 1, n, out);
        i += n;
    }
}

static void tsv_hit(as_printer_t *p, const as_hit_t *hit)
{
    const as_record_t *r = hit->record;
    FILE *out = p->out;

    fprintf(out, "%zu\t%.4f\t", hit->rank, hit->score);
    field(out, r->id);
    fprintf(out, "\t%ld\t", r->paragraph);
    field(out, r->file);
    fputc('\t', out);
    field(out, r->date);
    fputc('\t', out);
    field(out, r->source);
    fputc('\t', out);
    for (size_t i = 0; i < r->n_authors; i++) {
        if (i)
            fputs("; ", out);
        field(out, r->authors[i]);
    }
    fputc('\t', out);
    field(out, r->title);
    fputc('\t', out);
    field(out, hit->snippet->text);
    fputc('\n', out);
}

const as_printer_ops_t as_printer_tsv_ops = {tsv_hit, NULL};
