/* printer-json.c - JSON Lines: one object per line, each with "type" and
 * "schema_version" (schema in artsearch(1) and README.md).
 *
 * jansson does the encoding: correct escaping of every string and
 * rejection of invalid UTF-8 are easy to get subtly wrong by hand. */
#include "config.h"

#include <jansson.h>

#include "printer.h"

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

static void emit(as_printer_t *p, json_t *obj)
{
    char *line;

    if (!obj)
        return;
    line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (line) {
        fputs(line, p->out);
        fputc('\n', p->out);
        free(line);
    }
    json_decref(obj);
}

static void json_hit(as_printer_t *p, const as_hit_t *hit)
{
    const as_record_t *r = hit->record;
    const as_snippet_t *sn = hit->snippet;
    json_t *obj = json_object(), *spans = json_array();

    for (size_t i = 0; i < sn->n_spans; i++)
        json_array_append_new(spans,
                              json_pack("[II]", (json_int_t)sn->spans[i].start,
                                        (json_int_t)sn->spans[i].end));
    json_object_set_new(obj, "type", json_string("hit"));
    json_object_set_new(obj, "schema_version",
                        json_integer(AS_JSON_SCHEMA_VERSION));
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
    emit(p, obj);
}

static void json_summary(as_printer_t *p, const as_summary_t *s)
{
    emit(p, json_pack("{s:s, s:i, s:I, s:I, s:b}", "type", "summary",
                      "schema_version", AS_JSON_SCHEMA_VERSION, "shown",
                      (json_int_t)s->shown, "matches", (json_int_t)s->matches,
                      "exact", s->exact));
}

const as_printer_ops_t as_printer_json_ops = {json_hit, json_summary};
