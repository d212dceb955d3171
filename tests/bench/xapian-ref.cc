/* xapian-ref.cc - the reference: Xapian used directly, minimally.
 *
 * Usage: xapian-ref index DB FILE.jsonl
 *        xapian-ref compact DB OUT
 *        xapian-ref query DB < QUERIES.tsv
 *
 * The engine's own ceiling for the benchmark: what artsearch does with
 * Xapian, without artsearch.  index reads the JSON Lines that
 * reuters2jsonl writes and adds one document per paragraph: the
 * paragraph's text through a TermGenerator (positions, the libstemmer
 * "english" stemmer as artsearch uses it, STEM_SOME), a boolean term
 * "K" + tag per tag and the date in value slot 0, for the filters; the
 * paragraph's text is the document data.  Single-threaded; one commit at
 * the end (and Xapian's own flushes, every XAPIAN_FLUSH_THRESHOLD
 * documents).  No title, author or source terms, no spelling data, no
 * article record: artsearch does all that on top.
 *
 * query reads the benchmark's queries (tests/bench/queries.tsv: QUERY,
 * then optional SINCE, UNTIL and TAG columns, tab-separated), parses
 * each with a QueryParser (the same stemmer, STEM_SOME, AND by default,
 * phrases), filters, takes the top 10 with Enquire and a snippet of each
 * with MSet::snippet (300 bytes, as artsearch).  Hits go to stdout;
 * stderr gets one line per query: its wall time in microseconds (parse
 * to last snippet printed) and its number of hits.
 *
 * compact writes a compacted copy of DB to OUT (Database::compact).
 * Benchmark tooling: not installed.
 */
#include "config.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <jansson.h>
#include <libstemmer.h>
#include <xapian.h>

namespace
{

const Xapian::valueno SLOT_DATE = 0;

/* Xapian stemmer over libstemmer_c, as src/xapian-shim.cc has it. */
class Libstemmer : public Xapian::StemImplementation
{
    struct sb_stemmer *stemmer;

  public:
    explicit Libstemmer(struct sb_stemmer *s) : stemmer(s)
    {
    }
    ~Libstemmer() override
    {
        sb_stemmer_delete(stemmer);
    }
    std::string operator()(const std::string &word) override
    {
        const sb_symbol *stem = sb_stemmer_stem(
            stemmer, reinterpret_cast<const sb_symbol *>(word.data()),
            static_cast<int>(word.size()));
        if (!stem)
            throw std::bad_alloc();
        return std::string(reinterpret_cast<const char *>(stem),
                           static_cast<size_t>(sb_stemmer_length(stemmer)));
    }
    std::string get_description() const override
    {
        return "libstemmer(english)";
    }
};

Xapian::Stem english()
{
    struct sb_stemmer *s = sb_stemmer_new("english", "UTF_8");
    if (!s)
        throw std::bad_alloc();
    return Xapian::Stem(new Libstemmer(s));
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return s;
}

int index(const char *db_path, const char *file)
{
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator termgen;
    FILE *in = std::fopen(file, "r");
    char *line = nullptr;
    size_t cap = 0;
    ssize_t len;

    if (!in) {
        std::perror(file);
        return 1;
    }
    termgen.set_stemmer(english());
    termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    while ((len = getline(&line, &cap, in)) > 0) {
        json_error_t err;
        json_t *obj = json_loadb(line, static_cast<size_t>(len), 0, &err);
        if (!obj) {
            std::fprintf(stderr, "xapian-ref: %s: %s\n", file, err.text);
            return 1;
        }
        const char *date = json_string_value(json_object_get(obj, "date"));
        json_t *tags = json_object_get(obj, "tags");
        json_t *paragraphs = json_object_get(obj, "paragraphs");
        size_t i, k;
        json_t *p, *t;
        json_array_foreach(paragraphs, i, p)
        {
            Xapian::Document doc;
            const char *text = json_string_value(p);
            termgen.set_document(doc);
            termgen.index_text(text);
            json_array_foreach(tags, k, t)
            {
                doc.add_boolean_term("K" + lower(json_string_value(t)));
            }
            if (date)
                doc.add_value(SLOT_DATE, date);
            doc.set_data(text);
            db.add_document(doc);
        }
        json_decref(obj);
    }
    std::free(line);
    std::fclose(in);
    db.commit();
    return 0;
}

/* Split line at tabs. */
std::vector<std::string> columns(const std::string &line)
{
    std::vector<std::string> out;
    size_t start = 0, tab;
    while ((tab = line.find('\t', start)) != std::string::npos) {
        out.push_back(line.substr(start, tab - start));
        start = tab + 1;
    }
    out.push_back(line.substr(start));
    out.resize(std::max<size_t>(out.size(), 4));
    return out;
}

int query(const char *db_path)
{
    Xapian::Database db(db_path);
    Xapian::Stem stem = english();
    std::string line;

    while (std::getline(std::cin, line)) {
        if (line.empty())
            continue;
        auto t0 = std::chrono::steady_clock::now();
        std::vector<std::string> col = columns(line);
        Xapian::QueryParser qp;
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_default_op(Xapian::Query::OP_AND);
        Xapian::Query q = qp.parse_query(col[0]);
        if (!col[1].empty() || !col[2].empty())
            q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                              Xapian::Query(Xapian::Query::OP_VALUE_RANGE,
                                            SLOT_DATE, col[1],
                                            col[2].empty() ? "~" : col[2]));
        if (!col[3].empty())
            q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                              Xapian::Query("K" + lower(col[3])));
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto m = mset.begin(); m != mset.end(); ++m) {
            std::string text = m.get_document().get_data();
            std::string snippet =
                mset.snippet(text, 300, stem,
                             Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                 Xapian::MSet::SNIPPET_EXHAUSTIVE,
                             "<b>", "</b>", "...");
            std::printf("%u\t%.3f\t%s\n", *m, m.get_weight(), snippet.c_str());
        }
        auto t1 = std::chrono::steady_clock::now();
        std::fprintf(
            stderr, "%lld\t%u\n",
            static_cast<long long>(
                std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0)
                    .count()),
            mset.size());
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        if (argc == 4 && std::strcmp(argv[1], "index") == 0)
            return index(argv[2], argv[3]);
        if (argc == 4 && std::strcmp(argv[1], "compact") == 0) {
            Xapian::Database(argv[2]).compact(argv[3]);
            return 0;
        }
        if (argc == 3 && std::strcmp(argv[1], "query") == 0)
            return query(argv[2]);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian-ref: %s\n", e.get_description().c_str());
        return 1;
    }
    std::fprintf(stderr, "usage: xapian-ref index DB FILE.jsonl\n"
                         "       xapian-ref compact DB OUT\n"
                         "       xapian-ref query DB < QUERIES.tsv\n");
    return 2;
}
