/* printer.h - every byte artsearch writes to stdout goes through here.
 *
 * Owns: the output formats of the query tool: text for people (colour,
 * wrapped snippets, control characters neutralised), TSV for pipelines
 * (one hit per line, fixed columns, escaped) and JSON Lines for programs
 * (one typed object per line, schema documented in artsearch(1)).  Each
 * format is one file (printer-text.c, printer-tsv.c, printer-json.c)
 * implementing the operations table below.
 * Does not own: searching (xapian-shim.h) or deciding the format (the
 * command line in artsearch.c).
 *
 * Write errors are not reported per call: the caller checks ferror() on
 * the stream at the end, so a full disk is never silent success.
 */
#ifndef AS_PRINTER_H
#define AS_PRINTER_H

#include <stdio.h>

#include "xapian-shim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the JSON Lines schema; bumped on incompatible changes. */
#define AS_JSON_SCHEMA_VERSION 1

typedef enum as_format {
    AS_FORMAT_TEXT,
    AS_FORMAT_TSV,
    AS_FORMAT_JSON
} as_format_t;

typedef struct as_printer_opts {
    int color;           /* text: colour escapes for titles and highlights */
    int width;           /* text: wrap snippets to this many columns (0: 80;
                          * at least 20) */
    char terminator;     /* end of a record: '\n', or '\0' for -0 */
    int batch;           /* tag every record with its query's number */
    int explain;         /* print the matched terms of each hit */
    int article_matches; /* print how many paragraphs of the article
                            matched (--articles, --per-article) */
} as_printer_opts_t;

/* What the search found in all, for the summary. */
typedef struct as_summary {
    size_t shown;             /* hits printed */
    size_t matches;           /* estimated matching paragraphs (or articles) */
    int exact;                /* matches is exact */
    const char *parsed_query; /* with explain: the query as parsed */
    const char *warning;      /* what the query's warning on stderr said
                                 (a syntax error's fallback, say), or
                                 NULL */
    const char *unit;         /* what matches counts: "paragraph" or
                                 "article" */
    const char *const *missing; /* shards left out, "NAME: why" (results
                                   are partial); NULL when none */
    size_t n_missing;
    int shown_paragraphs; /* shown counts paragraphs while matches counts
                             articles (--per-article N with N > 1) */
} as_summary_t;

typedef struct as_printer as_printer_t;

/* One output format.  Operations a format has no use for are NULL. */
typedef struct as_printer_ops {
    /* A new query of a batch begins (text: a heading). */
    void (*query)(as_printer_t *p, const char *text);
    void (*hit)(as_printer_t *p, const as_hit_t *hit);
    void (*facet)(as_printer_t *p, as_facet_kind_t kind,
                  const as_facet_t *facets, size_t n);
    void (*suggestion)(as_printer_t *p, const char *query, size_t matches);
    void (*count)(as_printer_t *p, const as_summary_t *summary);
    void (*summary)(as_printer_t *p, const as_summary_t *summary);
    void (*list)(as_printer_t *p, const char *article, const char *file,
                 int ids);
    void (*error)(as_printer_t *p, const char *message, int counting);
} as_printer_ops_t;

struct as_printer {
    const as_printer_ops_t *ops;
    FILE *out;
    as_printer_opts_t opts;
    size_t query;    /* number of the current query in a batch, from 1 */
    size_t shown;    /* hits printed for the current query */
    int printed;     /* anything printed for the current query (text
                        separates what follows with a blank line) */
    int to_terminal; /* out is a terminal (-l -0 names made safe) */
};

extern const as_printer_ops_t as_printer_text_ops;
extern const as_printer_ops_t as_printer_tsv_ops;
extern const as_printer_ops_t as_printer_json_ops;

/* Set up *p to print format to out.  opts may be NULL (no colour). */
void as_printer_init(as_printer_t *p, as_format_t format, FILE *out,
                     const as_printer_opts_t *opts);

/* Start the output of query number n (from 1; batch mode) with text. */
void as_printer_query(as_printer_t *p, size_t n, const char *text);

/* Print one hit. */
void as_printer_hit(as_printer_t *p, const as_hit_t *hit);

/* Print the values of one facet (text: a footer; TSV: "facet" lines;
 * JSON: facet records). */
void as_printer_facet(as_printer_t *p, as_facet_kind_t kind,
                      const as_facet_t *facets, size_t n);

/* Print a spelling suggestion.  Returns 0 if the format has no place for
 * it on stdout (TSV), so that the caller can say it on stderr. */
int as_printer_suggestion(as_printer_t *p, const char *query, size_t matches);

/* Print the number of matches only (-c): summary->matches (text, TSV:
 * the number alone; JSON: the summary record, whose fields are those of
 * every summary, partial and missing included). */
void as_printer_count(as_printer_t *p, const as_summary_t *summary);

/* Print what follows the hits (text: a count line; JSON: a summary
 * record; TSV: nothing). */
void as_printer_summary(as_printer_t *p, const as_summary_t *summary);

/* Print one entry of a list (-l): the file of a matching article, or its
 * article id with ids (--list=ids) or when its file is unknown.  Text and
 * TSV: the file as its own bytes when records end with a NUL (-0), for
 * xargs -0 and the like, or when they end with a newline and its name is
 * valid UTF-8 without control characters; else as the record has it
 * (as_text_escape_name()); to a terminal through as_print_safe(); in
 * batch mode TSV starts it with the query's
 * number and a tab, as every TSV record (text has its query headings).
 * JSON: a "file" record (file, article), or with ids an "article" record
 * (article, file or null). */
void as_printer_list(as_printer_t *p, const char *article, const char *file,
                     int ids);

/* The name of the file recorded as file (as_text_escape_name()) as its
 * own bytes, when it is valid UTF-8 without control characters, so that
 * a line of -l (or a JSON string) holds it as it is: "Report%20Final.txt"
 * for the recorded "Report%2520Final.txt".  NULL when it is not (or when
 * out of memory): the recorded form is shown then.  Free it. */
char *as_print_list_name(const char *file);

/* For the text and TSV formats: write the entry of a list as
 * as_printer_list() says, then the terminator. */
void as_print_list_entry(as_printer_t *p, const char *article, const char *file,
                         int ids);

/* Answer a query of a batch that failed, in place of its results, so
 * that every query has an answer on stdout and a program reading them
 * through a pipe is never left waiting (the caller says why on stderr
 * too).  JSON: an "error" record with message.  With counting (-c), text
 * and TSV print the count line with "error" for the number ("N<TAB>error"
 * in TSV batch mode).  Otherwise text prints "error: MESSAGE" under the
 * query's heading, and TSV nothing, as for a query without hits. */
void as_printer_error(as_printer_t *p, const char *message, int counting);

/* Parse a format name ("text", "tsv", "json"); AS_ERR_USAGE if unknown. */
as_status_t as_format_parse(const char *name, as_format_t *out);

/* Write the text s[0..len) to out with every control character, every
 * bidirectional embedding, override or isolate (U+202A..U+202E,
 * U+2066..U+2069) and every byte of invalid UTF-8 replaced by U+FFFD, so
 * that no document or query text can drive the terminal or reorder what
 * it shows. */
void as_print_safe(FILE *out, const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* AS_PRINTER_H */
