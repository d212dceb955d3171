/* printer-tsv.c - one hit per line, tab-separated, for pipelines.
 *
 * Columns: rank, score, article, paragraph, file, date, source, authors
 * (joined by "; "), title, snippet; then, when asked, the number of
 * matching paragraphs of the article and the matched terms
 * (word:field:weight, space-separated).  In batch mode every line starts
 * with the query's number.  Facets are lines "facet<TAB>KIND<TAB>VALUE
 * <TAB>COUNT".  In every field a backslash, tab,
 * newline and carriage return are written as \\, \t, \n and \r, and other
 * control characters as \xHH, so a line is always one record.  A list
 * (-l) is a file (or article id) per line, after the query's number in
 * batch mode. */
#include "config.h"

#include <string.h>

#include "printer.h"
#include "text.h"

static void field(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, run = 0;

    while (i < len) {
        unsigned long cp = p[i];
        size_t n = p[i] < 0x80 ? 1 : as_utf8_seq(p + i, len - i, &cp);

        if (n > 0 && cp != '\\' && !as_text_is_control(cp) &&
            !as_text_reorders(cp)) {
            i += n; /* part of a run written at once */
            continue;
        }
        fwrite(p + run, 1, i - run, out);
        if (n == 0)
            fprintf(out, "\\x%02X", p[i]);
        else if (cp == '\\')
            fputs("\\\\", out);
        else if (cp == '\t')
            fputs("\\t", out);
        else if (cp == '\n')
            fputs("\\n", out);
        else if (cp == '\r')
            fputs("\\r", out);
        else
            for (size_t k = 0; k < n; k++)
                fprintf(out, "\\x%02X", p[i + k]);
        i += n ? n : 1;
        run = i;
    }
    fwrite(p + run, 1, i - run, out);
}

static void begin(as_printer_t *p)
{
    if (p->opts.batch)
        fprintf(p->out, "%zu\t", p->query);
}

static void tsv_hit(as_printer_t *p, const as_hit_t *hit)
{
    const as_record_t *r = hit->record;
    FILE *out = p->out;

    begin(p);
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
    if (p->opts.article_matches)
        fprintf(out, "\t%zu", hit->article_matches);
    if (p->opts.explain) {
        fputc('\t', out);
        for (size_t i = 0; i < hit->n_terms; i++) {
            if (i)
                fputc(' ', out);
            field(out, hit->terms[i].word);
            fprintf(out, ":%s:%.4f", hit->terms[i].field, hit->terms[i].weight);
        }
    }
    fputc(p->opts.terminator, out);
}

static void tsv_facet(as_printer_t *p, as_facet_kind_t kind,
                      const as_facet_t *facets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        begin(p);
        fprintf(p->out, "facet\t%s\t", as_facet_name(kind));
        field(p->out, facets[i].value);
        fprintf(p->out, "\t%zu", facets[i].count);
        fputc(p->opts.terminator, p->out);
    }
}

static void tsv_count(as_printer_t *p, const as_summary_t *s)
{
    begin(p);
    fprintf(p->out, "%zu", s->matches);
    fputc(p->opts.terminator, p->out);
}

static void tsv_list(as_printer_t *p, const char *article, const char *file,
                     int ids)
{
    begin(p);
    as_print_list_entry(p, article, file, ids);
}

/* Only -c has an end of query in TSV: its count line says "error". */
static void tsv_error(as_printer_t *p, const char *message, int counting)
{
    (void)message;
    if (!counting)
        return;
    begin(p);
    fputs("error", p->out);
    fputc(p->opts.terminator, p->out);
}

const as_printer_ops_t as_printer_tsv_ops = {
    NULL, tsv_hit, tsv_facet, NULL, tsv_count, NULL, tsv_list, tsv_error};
