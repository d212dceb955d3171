/* printer-json.c - JSON Lines: one object per line, each with "type" and
 * "schema_version" (schema in artsearch(1) and README.md).
 *
 * jansson does the encoding: correct escaping of every string and
 * rejection of invalid UTF-8 are easy to get subtly wrong by hand. */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"
#include "text.h"

static json_t *string_or_null(const char *s)
{
    return *s ? json_string(s) : json_null();
}

static json_t *string_array(const char **items, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(items[i]));
    return a;
}

/* A new record of the given type, with the fields every record has. */
static json_t *record(as_printer_t *p, const char *type)
{
    json_t *obj = json_object();

    json_object_set_new(obj, "type", json_string(type));
    json_object_set_new(obj, "schema_version",
                        json_integer(AS_JSON_SCHEMA_VERSION));
    if (p->opts.batch)
        json_object_set_new(obj, "query", json_integer((json_int_t)p->query));
    return obj;
}

/* Write a line of JSON with the C1 controls (U+0080..U+009F) and the
 * line and paragraph separators (U+2028, U+2029) escaped: valid JSON
 * either way, but readers that split lines on them (JavaScript before
 * ES2019, Python's str.splitlines()) would break the line apart.  The
 * bidirectional controls that reorder text (as_text_reorders()) are
 * escaped too, so that a line read on a terminal shows as stored.  They
 * occur only inside strings, so no structure is touched. */
static void put_line(FILE *out, const char *line)
{
    const unsigned char *u = (const unsigned char *)line;
    size_t run = 0, i = 0;

    for (; u[i]; i++) {
        unsigned cp;
        size_t n;
        if (u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
            cp = u[i + 1];
            n = 2;
        } else if (u[i] == 0xE2 && (u[i + 1] == 0x80 || u[i + 1] == 0x81) &&
                   u[i + 2] >= 0x80 && u[i + 2] <= 0xBF &&
                   (as_text_is_control(cp = 0x2000u + (u[i + 1] - 0x80u) * 64 +
                                            (u[i + 2] - 0x80u)) ||
                    as_text_reorders(cp))) {
            n = 3;
        } else {
            continue;
        }
        fwrite(line + run, 1, i - run, out);
        fprintf(out, "\\u%04x", cp);
        i += n - 1;
        run = i + 1;
    }
    fwrite(line + run, 1, i - run, out);
}

static void emit(as_printer_t *p, json_t *obj)
{
    char *line;

    if (!obj)
        return;
    /* Scores are reported to 12 significant digits (xapian-shim.h). */
    line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER |
                               JSON_REAL_PRECISION(12));
    if (line) {
        put_line(p->out, line);
        fputc(p->opts.terminator, p->out);
        free(line);
    }
    json_decref(obj);
}

static void json_hit(as_printer_t *p, const as_hit_t *hit)
{
    const as_record_t *r = hit->record;
    const as_snippet_t *sn = hit->snippet;
    json_t *obj = record(p, "hit"), *spans = json_array();

    for (size_t i = 0; i < sn->n_spans; i++)
        json_array_append_new(spans,
                              json_pack("[II]", (json_int_t)sn->spans[i].start,
                                        (json_int_t)sn->spans[i].end));
    json_object_set_new(obj, "rank", json_integer((json_int_t)hit->rank));
    json_object_set_new(obj, "score", json_real(hit->score));
    json_object_set_new(obj, "article", json_string(r->id));
    json_object_set_new(obj, "paragraph", json_integer(r->paragraph));
    json_object_set_new(obj, "file", string_or_null(r->file));
    json_object_set_new(obj, "title", json_string(r->title));
    json_object_set_new(obj, "authors", string_array(r->authors, r->n_authors));
    json_object_set_new(obj, "date", string_or_null(r->date));
    json_object_set_new(obj, "source", string_or_null(r->source));
    json_object_set_new(obj, "url", string_or_null(r->url));
    json_object_set_new(obj, "tags", string_array(r->tags, r->n_tags));
    json_object_set_new(obj, "snippet", json_stringn(sn->text, sn->len));
    json_object_set_new(obj, "highlights", spans);
    if (p->opts.article_matches)
        json_object_set_new(obj, "article_matches",
                            json_integer((json_int_t)hit->article_matches));
    if (p->opts.explain) {
        json_t *terms = json_array();
        for (size_t i = 0; i < hit->n_terms; i++)
            json_array_append_new(
                terms, json_pack("{s:s, s:s, s:f}", "word", hit->terms[i].word,
                                 "field", hit->terms[i].field, "weight",
                                 hit->terms[i].weight));
        json_object_set_new(obj, "explain", terms);
    }
    emit(p, obj);
}

static void json_facet(as_printer_t *p, as_facet_kind_t kind,
                       const as_facet_t *facets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_t *obj = record(p, "facet");
        json_object_set_new(obj, "facet", json_string(as_facet_name(kind)));
        json_object_set_new(obj, "value", json_string(facets[i].value));
        json_object_set_new(obj, "count",
                            json_integer((json_int_t)facets[i].count));
        emit(p, obj);
    }
}

static void json_suggestion(as_printer_t *p, const char *query, size_t matches)
{
    json_t *obj = record(p, "suggestion");
    json_object_set_new(obj, "suggestion", json_string(query));
    json_object_set_new(obj, "matches", json_integer((json_int_t)matches));
    emit(p, obj);
}

static void json_summary(as_printer_t *p, const as_summary_t *s)
{
    json_t *obj = record(p, "summary");
    json_object_set_new(obj, "shown", json_integer((json_int_t)s->shown));
    json_object_set_new(obj, "matches", json_integer((json_int_t)s->matches));
    json_object_set_new(obj, "exact", json_boolean(s->exact));
    json_object_set_new(obj, "partial", json_boolean(s->n_missing > 0));
    if (s->n_missing) {
        json_t *missing = json_array();
        for (size_t i = 0; i < s->n_missing; i++)
            json_array_append_new(missing, json_string(s->missing[i]));
        json_object_set_new(obj, "missing", missing);
    }
    if (s->parsed_query)
        json_object_set_new(obj, "parsed_query", json_string(s->parsed_query));
    if (s->warning)
        json_object_set_new(obj, "warning", json_string(s->warning));
    emit(p, obj);
}

/* -l: a "file" record per file, or with ids an "article" record per
 * article; both name the other too, when known. */
static void json_list(as_printer_t *p, const char *article, const char *file,
                      int ids)
{
    json_t *obj = record(p, ids ? "article" : "file");
    /* the file's own name when a JSON string holds it as it is */
    char *raw = *file ? as_print_list_name(file) : NULL;
    json_t *name = raw ? json_string(raw) : string_or_null(file);

    free(raw);
    if (ids) {
        json_object_set_new(obj, "article", json_string(article));
        json_object_set_new(obj, "file", name);
    } else {
        json_object_set_new(obj, "file", name);
        json_object_set_new(obj, "article", json_string(article));
    }
    emit(p, obj);
}

static void json_error(as_printer_t *p, const char *message, int counting)
{
    json_t *obj = record(p, "error");
    json_t *text = json_string(message);
    char *repaired = NULL;

    (void)counting;
    /* A message quoting bad input may not be UTF-8: its bad bytes become
     * U+FFFD, as on stderr, and the record still answers the query. */
    if (!text &&
        as_utf8_repair(message, strlen(message), &repaired, NULL) == AS_OK)
        text = json_string(repaired);
    free(repaired);
    json_object_set_new(obj, "message",
                        text ? text : json_string("(not valid UTF-8)"));
    emit(p, obj);
}

/* -c prints the summary alone: the same record, so that it has every
 * field the schema promises a summary (partial, missing). */
const as_printer_ops_t as_printer_json_ops = {
    NULL,         json_hit,     json_facet, json_suggestion,
    json_summary, json_summary, json_list,  json_error};
