/* printer-text.c - output for people: a title line, a line of metadata
 * and the snippet wrapped under it, matches in colour on a terminal. */
#include "config.h"

#include <string.h>

#include "printer.h"
#include "text.h"

#define COLOR_TITLE "\033[1m"
#define COLOR_META "\033[32m"
#define COLOR_MATCH "\033[1;31m"
#define COLOR_RESET "\033[0m"
#define INDENT 4

static void color(as_printer_t *p, const char *code)
{
    if (p->opts.color)
        fputs(code, p->out);
}

static void safe(as_printer_t *p, const char *s)
{
    as_print_safe(p->out, s, strlen(s));
}

/* Print the snippet wrapped at the printer's width, indented, with the
 * highlighted spans coloured.  Widths are terminal columns (a Han
 * character takes two, a combining accent none); a word wider than a
 * line (a URL, a run of Chinese or Japanese without spaces) is cut
 * between characters. */
static void print_snippet(as_printer_t *p, const as_snippet_t *sn)
{
    const char *t = sn->text;
    const size_t line = (size_t)p->opts.width - INDENT;
    size_t i = 0, col = INDENT, span = 0;
    int in_match = 0, glued = 0; /* glued: the rest of a word cut */

    fprintf(p->out, "%*s", INDENT, "");
    while (i < sn->len) {
        size_t start, end, word_end, width;

        while (i < sn->len && t[i] == ' ')
            i++;
        if (i >= sn->len)
            break;
        start = i;
        for (word_end = i; word_end < sn->len && t[word_end] != ' ';)
            word_end++;
        end = start + as_text_fit(t + start, word_end - start, line, &width);
        i = end;
        if (col > INDENT) {
            if (col + !glued + width > (size_t)p->opts.width) {
                if (in_match)
                    color(p, COLOR_RESET);
                fprintf(p->out, "\n%*s", INDENT, "");
                if (in_match)
                    color(p, COLOR_MATCH);
                col = INDENT;
            } else if (!glued) {
                fputc(' ', p->out);
                col++;
            }
        }
        /* The word, switching colour at span boundaries inside it. */
        for (size_t k = start; k < end;) {
            size_t next = end;
            while (span < sn->n_spans && sn->spans[span].end <= k) {
                span++;
            }
            if (span < sn->n_spans) {
                const as_span_t *s = &sn->spans[span];
                if (k < s->start) {
                    next = s->start < end ? s->start : end;
                    if (in_match) {
                        color(p, COLOR_RESET);
                        in_match = 0;
                    }
                } else {
                    next = s->end < end ? s->end : end;
                    if (!in_match) {
                        color(p, COLOR_MATCH);
                        in_match = 1;
                    }
                }
            } else if (in_match) {
                color(p, COLOR_RESET);
                in_match = 0;
            }
            as_print_safe(p->out, t + k, next - k);
            k = next;
        }
        col += width;
        if (in_match && (span >= sn->n_spans || sn->spans[span].end <= end)) {
            color(p, COLOR_RESET);
            in_match = 0;
        }
        glued = end < word_end;
    }
    if (in_match)
        color(p, COLOR_RESET);
    fputc('\n', p->out);
}

static void text_query(as_printer_t *p, const char *text)
{
    if (p->query > 1)
        fputc('\n', p->out);
    color(p, COLOR_TITLE);
    fprintf(p->out, "== query %zu: ", p->query);
    safe(p, text);
    fputs(" ==", p->out);
    color(p, COLOR_RESET);
    fputc('\n', p->out);
}

static void text_hit(as_printer_t *p, const as_hit_t *hit)
{
    const as_record_t *r = hit->record;
    const char *sep = "";

    if (p->shown > 0)
        fputc('\n', p->out);
    color(p, COLOR_TITLE);
    fprintf(p->out, "%zu. ", hit->rank);
    safe(p, r->title);
    color(p, COLOR_RESET);
    fputc('\n', p->out);

    fprintf(p->out, "%*s", INDENT, "");
    color(p, COLOR_META);
    for (size_t i = 0; i < r->n_authors; i++) {
        fputs(i ? "; " : "", p->out); /* as in TSV: a name may have a comma */
        safe(p, r->authors[i]);
        sep = " \xC2\xB7 "; /* middle dot */
    }
    if (*r->source) {
        fputs(sep, p->out);
        safe(p, r->source);
        sep = " \xC2\xB7 ";
    }
    if (*r->date) {
        fputs(sep, p->out);
        safe(p, r->date);
        sep = " \xC2\xB7 ";
    }
    fputs(sep, p->out);
    safe(p, r->id);
    fprintf(p->out, " \xC2\xB6%ld \xC2\xB7 score %.2f", r->paragraph,
            hit->score);
    if (p->opts.article_matches)
        fprintf(p->out, " \xC2\xB7 %zu matching paragraph%s",
                hit->article_matches, hit->article_matches == 1 ? "" : "s");
    color(p, COLOR_RESET);
    fputc('\n', p->out);
    print_snippet(p, hit->snippet);
    if (p->opts.explain) {
        fprintf(p->out, "%*smatched:", INDENT, "");
        for (size_t i = 0; i < hit->n_terms; i++) {
            fputs(i ? ", " : " ", p->out);
            safe(p, hit->terms[i].word);
            fprintf(p->out, " (%s %.2f)", hit->terms[i].field,
                    hit->terms[i].weight);
        }
        fputc('\n', p->out);
    }
}

static void text_facet(as_printer_t *p, as_facet_kind_t kind,
                       const as_facet_t *facets, size_t n)
{
    if (p->printed)
        fputc('\n', p->out);
    fprintf(p->out, "%s:", as_facet_name(kind));
    for (size_t i = 0; i < n; i++) {
        fputs(i ? " \xC2\xB7 " : " ", p->out);
        safe(p, facets[i].value);
        fprintf(p->out, " %zu", facets[i].count);
    }
    fputc('\n', p->out);
}

static void text_suggestion(as_printer_t *p, const char *query, size_t matches)
{
    fputs("Did you mean: ", p->out);
    color(p, COLOR_TITLE);
    safe(p, query);
    color(p, COLOR_RESET);
    fprintf(p->out, " (%zu matching paragraph%s)\n", matches,
            matches == 1 ? "" : "s");
}

static void text_count(as_printer_t *p, const as_summary_t *s)
{
    fprintf(p->out, "%zu", s->matches);
    fputc(p->opts.terminator, p->out);
}

static void text_summary(as_printer_t *p, const as_summary_t *s)
{
    int printed = p->printed;

    if (s->parsed_query) {
        if (printed)
            fputc('\n', p->out);
        fputs("Parsed query: ", p->out);
        safe(p, s->parsed_query);
        fputc('\n', p->out);
        printed = 1;
    }
    if (s->shown == 0 && s->matches == 0)
        return;  /* no hits: nothing printed, as grep */
    if (printed) /* a blank line after what came before */
        fputc('\n', p->out);
    /* "N of M" only when both count the same thing: with --per-article N
     * the hits are paragraphs, several per article, and the matches
     * articles. */
    if (s->shown_paragraphs)
        fprintf(p->out, "%zu paragraph%s shown; %s%zu matching %s%s", s->shown,
                s->shown == 1 ? "" : "s", s->exact ? "" : "about ", s->matches,
                s->unit ? s->unit : "paragraph", s->matches == 1 ? "" : "s");
    else
        fprintf(p->out, "%zu of %s%zu matching %s%s", s->shown,
                s->exact ? "" : "about ", s->matches,
                s->unit ? s->unit : "paragraph", s->matches == 1 ? "" : "s");
    if (s->n_missing)
        fprintf(p->out, " (partial: %zu shard%s left out)", s->n_missing,
                s->n_missing == 1 ? "" : "s");
    fputc('\n', p->out);
}

static void text_error(as_printer_t *p, const char *message, int counting)
{
    if (counting) {
        fputs("error", p->out);
        fputc(p->opts.terminator, p->out);
        return;
    }
    fputs("error: ", p->out);
    safe(p, message);
    fputc('\n', p->out);
}

const as_printer_ops_t as_printer_text_ops = {
    text_query, text_hit,     text_facet,          text_suggestion,
    text_count, text_summary, as_print_list_entry, text_error};
