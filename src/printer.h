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
    int color; /* text: colour escapes for titles and highlights */
    int width; /* text: wrap snippets to this many columns (0: 80) */
} as_printer_opts_t;

/* What the search found in all, for the summary. */
typedef struct as_summary {
    size_t shown;   /* hits printed */
    size_t matches; /* estimated matching paragraphs */
    int exact;      /* matches is exact */
} as_summary_t;

typedef struct as_printer as_printer_t;

/* One output format. */
typedef struct as_printer_ops {
    void (*hit)(as_printer_t *p, const as_hit_t *hit);
    void (*summary)(as_printer_t *p, const as_summary_t *summary);
} as_printer_ops_t;

struct as_printer {
    const as_printer_ops_t *ops;
    FILE *out;
    as_printer_opts_t opts;
};

extern const as_printer_ops_t as_printer_text_ops;
extern const as_printer_ops_t as_printer_tsv_ops;
extern const as_printer_ops_t as_printer_json_ops;

/* Set up *p to print format to out.  opts may be NULL (no colour). */
void as_printer_init(as_printer_t *p, as_format_t format, FILE *out,
                     const as_printer_opts_t *opts);

/* Print one hit. */
void as_printer_hit(as_printer_t *p, const as_hit_t *hit);

/* Print what follows the hits (text: a count line; JSON: a summary
 * record; TSV: nothing). */
void as_printer_summary(as_printer_t *p, const as_summary_t *summary);

/* Parse a format name ("text", "tsv", "json"); AS_ERR_USAGE if unknown. */
as_status_t as_format_parse(const char *name, as_format_t *out);

/* Write the valid UTF-8 text s[0..len) to out with every control
 * character replaced by U+FFFD, so no document text can drive the
 * terminal. */
void as_print_safe(FILE *out, const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* AS_PRINTER_H */
