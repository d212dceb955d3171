/* xapian-shim.cc - the only file that sees Xapian (see xapian-shim.h).
 *
 * Document schema (AS_INDEX_SCHEMA 2), one Xapian document per paragraph:
 *
 *   terms  (none)    paragraph words, with positions, stemmed (Z...)
 *          S         title words, with positions
 *          A         author words, with positions
 *          XSRC      source words, with positions
 *          XAUTHOR   an author's whole name, lower case (exact filter)
 *          XSOURCE   the whole source, lower case (exact filter)
 *          K         a whole tag, lower case (exact filter)
 *          XART      the article id (all paragraphs of an article)
 *          XDY       the year of the article's date, "YYYY"; then
 *          XDM, XDD  its month "YYYYMM" and day "YYYYMMDD", as far as
 *                    known, and XDMO "YYYYMM" or XDYO "YYYY" for a date
 *                    known to the month or year only (date filters)
 *          Q         "<article id>#<paragraph number>": the unique id
 *   values 0         first day of the article's date, "YYYYMMDD"
 *          1         last day of the article's date, "YYYYMMDD"
 *          2         paragraph number (sortable_serialise)
 *          3         article id
 *          4         authors' display names, joined by US (facets)
 *          5         source (facets)
 *          6         year, "YYYY" (facets)
 *   data             the record (record.h)
 *   metadata         artsearch.schema, artsearch.language,
 *                    artsearch.version, artsearch.libstemmer,
 *                    artsearch.updated, artsearch.synonyms,
 *                    artsearch.shard, artsearch.article:<id> (its
 *                    state), artsearch.spelling-stale
 */
#include "config.h"

#include <sys/stat.h>

#include <xapian.h>

#include <libstemmer.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <ctime>
#include <map>
#include <stdexcept>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "xapian-shim.h"

#include "date.h"
#include "synonyms.h"
#include "text.h"

namespace
{

const Xapian::valueno SLOT_DATE_FIRST = 0;
const Xapian::valueno SLOT_DATE_LAST = 1;
const Xapian::valueno SLOT_PARAGRAPH = 2;
const Xapian::valueno SLOT_ARTICLE = 3;
const Xapian::valueno SLOT_AUTHORS = 4; /* display names, joined by US */
const Xapian::valueno SLOT_SOURCE = 5;
const Xapian::valueno SLOT_YEAR = 6;

const char FIELD_SEPARATOR = '\x1f';

const char KEY_SCHEMA[] = "artsearch.schema";
const char KEY_LANGUAGE[] = "artsearch.language";
const char KEY_VERSION[] = "artsearch.version";
const char KEY_SYNONYMS[] = "artsearch.synonyms";
const char KEY_STEMMER[] = "artsearch.libstemmer";
const char KEY_UPDATED[] = "artsearch.updated";
const char KEY_ARTICLE[] = "artsearch.article:";
const char KEY_SHARD[] = "artsearch.shard"; /* "I/N" of a sharded index */
/* "1" from the first change to a shard's paragraphs until its spelling
 * data is refreshed: committed with the change, so that the next run
 * refreshes what a stopped or killed run left stale. */
const char KEY_SPELLING_STALE[] = "artsearch.spelling-stale";

/* Times a reader reads the index's stub and opens what it names, when
 * that is gone (a rebuild finished in between). */
const int OPEN_ATTEMPTS = 3;

/* Fewer matches than this make a search look for a spelling correction. */
const size_t SUGGEST_BELOW = 3;

/* Terms taken from a paragraph for --similar. */
const Xapian::termcount SIMILAR_TERMS = 25;

/* An error of artsearch's own (not Xapian's) thrown inside the shim. */
struct ShimError : std::runtime_error {
    as_status_t status;
    ShimError(as_status_t st, const std::string &msg)
        : std::runtime_error(msg), status(st)
    {
    }
};

/* Boolean terms must stay under Xapian's term length limit (245 bytes). */
const size_t MAX_BOOLEAN_TERM = 240;

/* How much the title's match adds to a paragraph's weight (its BM25
 * weight times this). */
const double TITLE_WEIGHT = 0.5;

/* Pseudo-relevance feedback: the first matches taken as relevant, and
 * the words taken from them. */
const Xapian::doccount FEEDBACK_DOCS = 3;
const Xapian::termcount FEEDBACK_TERMS = 20;

/* Hits that feedback may reorder: the query's best this many, less a
 * group of equals across the last place (see rank()). */
const size_t FEEDBACK_RERANK = 50;

/* A Xapian stemmer backed by libstemmer_c; one sb_stemmer per instance
 * since sb_stemmer_stem() is not reentrant. */
class LibstemmerImpl : public Xapian::StemImplementation
{
    struct sb_stemmer *stemmer;
    std::string language;

  public:
    LibstemmerImpl(struct sb_stemmer *s, const std::string &lang)
        : stemmer(s), language(lang)
    {
    }
    ~LibstemmerImpl() override
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
        return "libstemmer(" + language + ")";
    }
};

/* The Xapian stemmer for lang, or AS_ERR_STEMMER. */
as_status_t make_stemmer(const std::string &lang, Xapian::Stem *out)
{
    struct sb_stemmer *s = sb_stemmer_new(lang.c_str(), "UTF_8");
    if (!s)
        return AS_ERR_STEMMER;
    *out = Xapian::Stem(new LibstemmerImpl(s, lang));
    return AS_OK;
}

/* A Xapian error as a message: what it says, and the system's error. */
std::string message_of(const Xapian::Error &e)
{
    std::string msg = e.get_msg();
    if (e.get_error_string())
        msg += std::string(" (") + e.get_error_string() + ")";
    return msg.empty() ? e.get_type() : msg;
}

/* Map the exception being handled to a status and a message: the one
 * place that knows Xapian's error classes.  Call only inside catch. */
as_status_t map_exception(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        msg = "the index is being written by another process";
        return AS_ERR_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        msg = e.get_msg();
        return AS_ERR_NO_INDEX;
    } catch (const Xapian::DatabaseVersionError &e) {
        msg = "the index was written by another version of Xapian: " +
              e.get_msg();
        return AS_ERR_CORRUPT;
    } catch (const Xapian::DatabaseCorruptError &e) {
        msg = "the index is damaged: " + e.get_msg();
        return AS_ERR_CORRUPT;
    } catch (const Xapian::DatabaseOpeningError &e) {
        msg = e.get_msg();
        return AS_ERR_NO_INDEX;
    } catch (const Xapian::DatabaseModifiedError &e) {
        msg = "the index changed too often while being read; try again";
        return AS_ERR_XAPIAN;
    } catch (const Xapian::NetworkError &e) {
        msg = "a remote shard did not answer: " + message_of(e);
        return AS_ERR_REMOTE;
    } catch (const Xapian::DatabaseError &e) {
        msg = message_of(e);
        return AS_ERR_IO;
    } catch (const Xapian::QueryParserError &e) {
        msg = e.get_msg();
        return AS_ERR_QUERY;
    } catch (const Xapian::UnimplementedError &e) {
        msg = "the query combines operators that cannot be run together "
              "(NEAR, ADJ and phrases take plain words only): " +
              e.get_msg();
        return AS_ERR_QUERY;
    } catch (const Xapian::WildcardError &e) {
        msg = "a wildcard matches too many words (more than " +
              std::to_string(AS_MAX_WILDCARD_TERMS) + "): make it longer";
        return AS_ERR_QUERY;
    } catch (const Xapian::Error &e) {
        msg = e.get_description();
        return AS_ERR_XAPIAN;
    } catch (const std::bad_alloc &) {
        msg = "out of memory";
        return AS_ERR_NOMEM;
    } catch (const ShimError &e) {
        msg = e.what();
        return e.status;
    } catch (const std::exception &e) {
        msg = std::string("internal error: ") + e.what();
        return AS_ERR_INTERNAL;
    } catch (...) {
        msg = "internal error: unknown exception";
        return AS_ERR_INTERNAL;
    }
}

/* Cut s to at most max bytes at a UTF-8 character boundary. */
void cut_utf8(std::string &s, size_t max)
{
    if (s.size() <= max)
        return;
    size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        n--;
    s.resize(n);
}

/* The term that names paragraph n (from 1) of article id: "Q<id>#<n>". */
std::string unique_term(const std::string &id, long n)
{
    return "Q" + id + "#" + std::to_string(n);
}

/* The order key of a paragraph (its SLOT_ARTICLE and SLOT_PARAGRAPH
 * values) from its unique term; false if term is not one. */
bool unique_term_key(const std::string &term,
                     std::pair<std::string, std::string> &key)
{
    size_t hash = term.rfind('#');
    if (term.empty() || term[0] != 'Q' || hash == std::string::npos || hash < 2)
        return false;
    key = {term.substr(1, hash - 1), Xapian::sortable_serialise(std::strtod(
                                         term.c_str() + hash + 1, nullptr))};
    return true;
}

/* The prefix of a whole tag's term (exact_term()). */
const char TAG_PREFIX[] = "K";

/* prefix + name in lower case with white space runs as one space: the
 * term behind the exact, case-insensitive filters. */
std::string exact_term(const char *prefix, const std::string &name)
{
    std::string out(prefix);
    const size_t start = out.size();
    bool space = false;

    for (Xapian::Utf8Iterator it(name); it != Xapian::Utf8Iterator(); ++it) {
        unsigned ch = *it;
        if (Xapian::Unicode::is_whitespace(ch)) {
            space = out.size() > start;
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
    }
    cut_utf8(out, MAX_BOOLEAN_TERM);
    return out;
}

std::string day_string(long yyyymmdd)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08ld", yyyymmdd);
    return buf;
}

/* Date terms: every dated paragraph has DATE_YEAR<yyyy>; then
 * DATE_MONTH<yyyymm> and DATE_DAY<yyyymmdd>, or DATE_MONTH_ONLY<yyyymm>, or
 * DATE_YEAR_ONLY<yyyy>, as precise as its article's date.  A date filter
 * is an OR of the terms that cover its days (date_overlap()): boolean
 * postings, which the matcher skips through, where a value range reads
 * the value of every candidate (20-30 ms a query at a million
 * paragraphs). */
const char DATE_YEAR[] = "XDY";
const char DATE_MONTH[] = "XDM";
const char DATE_DAY[] = "XDD";
const char DATE_YEAR_ONLY[] = "XDYO";
const char DATE_MONTH_ONLY[] = "XDMO";

std::string date_term(const char *prefix, long number, int digits)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*ld", digits, number);
    return prefix + std::string(buf);
}

void add_date_terms(Xapian::Document &doc, const as_date_t &d)
{
    const long ym = d.year * 100L + d.month;
    doc.add_boolean_term(date_term(DATE_YEAR, d.year, 4));
    if (!d.month)
        doc.add_boolean_term(date_term(DATE_YEAR_ONLY, d.year, 4));
    else if (!d.day)
        doc.add_boolean_term(date_term(DATE_MONTH_ONLY, ym, 6));
    if (d.month)
        doc.add_boolean_term(date_term(DATE_MONTH, ym, 6));
    if (d.day)
        doc.add_boolean_term(date_term(DATE_DAY, ym * 100 + d.day, 8));
}

/* Paragraphs whose article date period overlaps [since, until] (YYYYMMDD,
 * 0: open end).  Undated paragraphs never match.  The years are those of
 * the index; a year inside the range is one term, a year it cuts is its
 * year-only term, its months inside the range and, for a month it cuts,
 * that month's month-only term and its days in the range. */
Xapian::Query date_overlap(const Xapian::Database &db, long since, long until)
{
    const long first = since ? since : 10101, last = until ? until : 99991231;
    const int first_year = int(first / 10000), last_year = int(last / 10000);
    const size_t year_size = std::strlen(DATE_YEAR) + 4;
    std::vector<Xapian::Query> terms;

    for (auto t = db.allterms_begin(DATE_YEAR); t != db.allterms_end(DATE_YEAR);
         ++t) {
        const std::string &term = *t;
        if (term.size() != year_size ||
            !std::isdigit((unsigned char)term[year_size - 4]))
            continue; /* a year-only term */
        const int y = std::atoi(term.c_str() + year_size - 4);
        if (y < first_year || y > last_year)
            continue;
        const long jan1 = y * 10000L + 101, dec31 = y * 10000L + 1231;
        if (first <= jan1 && dec31 <= last) {
            terms.emplace_back(term);
            continue;
        }
        terms.emplace_back(date_term(DATE_YEAR_ONLY, y, 4));
        const int m0 = y == first_year ? int(first / 100 % 100) : 1;
        const int m1 = y == last_year ? int(last / 100 % 100) : 12;
        for (int m = m0; m <= m1; m++) {
            const long ym = y * 100L + m;
            const long day1 = ym * 100 + 1,
                       dayn = ym * 100 + as_date_days_in_month(y, m);
            const long from = std::max(day1, first), to = std::min(dayn, last);
            if (from == day1 && to == dayn) {
                terms.emplace_back(date_term(DATE_MONTH, ym, 6));
                continue;
            }
            terms.emplace_back(date_term(DATE_MONTH_ONLY, ym, 6));
            for (long d = from; d <= to; d++)
                terms.emplace_back(date_term(DATE_DAY, d, 8));
        }
    }
    if (terms.empty())
        return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/* text with each synonym group token of the rewritten query
 * (AS_SYNONYMS_FIELD:K) put back as its group's first entry, and the
 * field left out where the parser separated it from its number: what the
 * user reads must not show the rewriting, even where Xapian's parser read
 * a token as part of something else (a tag or date value, say: the
 * rewriter splits words at quotes and brackets, Xapian's parser does not
 * always). */
std::string in_user_words(const std::string &text, const as_synonyms_t *table)
{
    const std::string field = AS_SYNONYMS_FIELD ":";
    std::string out;
    size_t at = 0, found;
    while ((found = text.find(field, at)) != std::string::npos) {
        size_t end = found + field.size();
        while (end < text.size() && std::isdigit((unsigned char)text[end]))
            end++;
        const char *const *entries = nullptr;
        size_t n = 0;
        size_t k =
            std::strtoul(text.c_str() + found + field.size(), nullptr, 10);
        out.append(text, at, found - at);
        if (end > found + field.size() &&
            as_synonyms_group(table, k, &entries, &n) == AS_OK && n > 0)
            out += entries[0];
        else /* the parser kept the field but not its number: the user
              * cannot type the field, so it is the rewriter's */
            out.append(text, found + field.size(), end - found - field.size());
        at = end;
    }
    out.append(text, at, std::string::npos);
    return out;
}

/* Processors must not throw through Xapian's parser (it leaks what it
 * was building), so they record the first error here, return a query
 * that matches nothing, and parse_text() reports the error afterwards. */
struct ParseErrors {
    std::string first;

    Xapian::Query fail(const std::string &msg)
    {
        if (first.empty())
            first = msg;
        return Xapian::Query::MatchNothing;
    }
};

/* date:YYYY[-MM[-DD]] and date:A..B (either end may be left out) in
 * queries: the paragraphs of articles whose date period overlaps that
 * period or range.  One boolean field for both forms, so that several
 * date: in a query match any of them (Xapian ORs the filters of one
 * field; a range processor would be a group of its own). */
class DateFieldProcessor : public Xapian::FieldProcessor
{
    const Xapian::Database &db;
    const as_synonyms_t *table;
    ParseErrors *errors;

  public:
    DateFieldProcessor(const Xapian::Database &d, const as_synonyms_t *syn,
                       ParseErrors *e)
        : db(d), table(syn), errors(e)
    {
    }

    Xapian::Query operator()(const std::string &value) override
    {
        const std::string text = in_user_words(value, table);
        as_date_t d;
        const char *why;
        const size_t dots = text.find("..");

        if (dots == std::string::npos) {
            if (as_date_parse(text.c_str(), &d, &why) != AS_OK)
                return errors->fail("invalid date '" + text + "': " + why);
            return date_overlap(db, as_date_first_day(&d),
                                as_date_last_day(&d));
        }
        const std::string begin = text.substr(0, dots),
                          end = text.substr(dots + 2);
        long since = 0, until = 0;
        if (!begin.empty()) {
            if (as_date_parse(begin.c_str(), &d, &why) != AS_OK)
                return errors->fail("invalid date '" + begin +
                                    "' in date range: " + why);
            since = as_date_first_day(&d);
        }
        if (!end.empty()) {
            if (as_date_parse(end.c_str(), &d, &why) != AS_OK)
                return errors->fail("invalid date '" + end +
                                    "' in date range: " + why);
            until = as_date_last_day(&d);
        }
        if (since && until && since > until)
            return errors->fail("date range " + begin + ".." + end +
                                " ends before it starts");
        return date_overlap(db, since, until);
    }
};

/* tag:TAG (or tag:"several words") in queries: the paragraphs of
 * articles with that whole tag, in any case, as --tag has it. */
class TagFieldProcessor : public Xapian::FieldProcessor
{
    const as_synonyms_t *table;
    ParseErrors *errors;

  public:
    TagFieldProcessor(const as_synonyms_t *syn, ParseErrors *e)
        : table(syn), errors(e)
    {
    }

    /* The value as the user typed it: a synonym token in it is the
     * rewriter's, not part of the tag. */
    Xapian::Query operator()(const std::string &value) override
    {
        std::string term = exact_term(TAG_PREFIX, in_user_words(value, table));
        if (term.size() == 1)
            return errors->fail("tag: needs a tag (tag:NAME or "
                                "tag:\"several words\")");
        return Xapian::Query(term);
    }
};

/* True if text uses query syntax (operators, brackets, quotes, +/-
 * prefixes, wildcards) that a plain word-by-word parse would ignore. */
bool uses_syntax(const std::string &query)
{
    static const char *const operators[] = {"AND",  "OR",  "NOT",  "XOR",
                                            "NEAR", "ADJ", nullptr};
    /* A quoted value of a boolean field (tag:"two words") is parsed the
     * same with or without the syntax flags: it is not syntax. */
    std::string text;
    for (size_t k = 0; k < query.size(); k++) {
        static const char *const boolean_fields[] = {"tag:\"", "date:\"",
                                                     nullptr};
        bool at_word = k == 0 || std::isspace((unsigned char)query[k - 1]) ||
                       query[k - 1] == '(';
        const char *const *f = boolean_fields;
        while (at_word && *f && query.compare(k, std::strlen(*f), *f) != 0)
            f++;
        if (!at_word || !*f) {
            text += query[k];
            continue;
        }
        size_t close = query.find('"', k + std::strlen(*f));
        text += "field:value";
        if (close == std::string::npos)
            break;
        k = close;
    }
    size_t i = 0;

    while (i < text.size()) {
        while (i < text.size() && std::isspace((unsigned char)text[i]))
            i++;
        size_t j = i;
        while (j < text.size() && !std::isspace((unsigned char)text[j]))
            j++;
        std::string word = text.substr(i, j - i);
        if (!word.empty()) {
            if (word[0] == '+' || word[0] == '-' || word.back() == '*' ||
                word.find_first_of("()\"") != std::string::npos)
                return true;
            std::string bare = word.substr(0, word.find('/'));
            for (const char *const *op = operators; *op; op++)
                if (bare == *op)
                    return true;
        }
        i = j;
    }
    return false;
}

/* What --explain says of one matched term. */
struct TermInfo {
    std::string word, field;
    double weight;
};

struct Hit {
    as_hit_t hit;
    as_record_t *record;
    as_snippet_t snippet;
    std::vector<TermInfo> terms;
    std::vector<as_term_t> term_view;
};

/* Expansion terms for --similar: stemmed words of the text only. */
class TextTermsOnly : public Xapian::ExpandDecider
{
  public:
    bool operator()(const std::string &term) const override
    {
        return term.size() > 2 && term[0] == 'Z' &&
               !std::isupper((unsigned char)term[1]) &&
               !std::isdigit((unsigned char)term[1]);
    }
};

/* The English stop list of the Snowball project
 * (snowballstem.org/algorithms/english/stop.txt). */
const char *const ENGLISH_STOPWORDS[] = {
    "i",          "me",        "my",      "myself",    "we",         "our",
    "ours",       "ourselves", "you",     "your",      "yours",      "yourself",
    "yourselves", "he",        "him",     "his",       "himself",    "she",
    "her",        "hers",      "herself", "it",        "its",        "itself",
    "they",       "them",      "their",   "theirs",    "themselves", "what",
    "which",      "who",       "whom",    "this",      "that",       "these",
    "those",      "am",        "is",      "are",       "was",        "were",
    "be",         "been",      "being",   "have",      "has",        "had",
    "having",     "do",        "does",    "did",       "doing",      "would",
    "should",     "could",     "ought",   "i'm",       "you're",     "he's",
    "she's",      "it's",      "we're",   "they're",   "i've",       "you've",
    "we've",      "they've",   "i'd",     "you'd",     "he'd",       "she'd",
    "we'd",       "they'd",    "i'll",    "you'll",    "he'll",      "she'll",
    "we'll",      "they'll",   "isn't",   "aren't",    "wasn't",     "weren't",
    "hasn't",     "haven't",   "hadn't",  "doesn't",   "don't",      "didn't",
    "won't",      "wouldn't",  "shan't",  "shouldn't", "can't",      "cannot",
    "couldn't",   "mustn't",   "let's",   "that's",    "who's",      "what's",
    "here's",     "there's",   "when's",  "where's",   "why's",      "how's",
    "a",          "an",        "the",     "and",       "but",        "if",
    "or",         "because",   "as",      "until",     "while",      "of",
    "at",         "by",        "for",     "with",      "about",      "against",
    "between",    "into",      "through", "during",    "before",     "after",
    "above",      "below",     "to",      "from",      "up",         "down",
    "in",         "out",       "on",      "off",       "over",       "under",
    "again",      "further",   "then",    "once",      "here",       "there",
    "when",       "where",     "why",     "how",       "all",        "any",
    "both",       "each",      "few",     "more",      "most",       "other",
    "some",       "such",      "no",      "nor",       "not",        "only",
    "own",        "same",      "so",      "than",      "too",        "very"};

/* The stopper for queries in language, or nullptr when there is no list
 * for it.  Built once and never released to Xapian, so never freed. */
const Xapian::Stopper *stopper_for(const std::string &language)
{
    static const Xapian::SimpleStopper english(std::begin(ENGLISH_STOPWORDS),
                                               std::end(ENGLISH_STOPWORDS));
    return language == "english" ? &english : nullptr;
}

/* Whether the extra of the default ranking is in use for opts. */
bool ranking_uses(const as_search_opts_t *opts, unsigned extra)
{
    return (opts->ranking_off & extra) == 0;
}
/* Expansion terms for feedback: stemmed words of the text, not
 * stopwords (when there is a stop list). */
class FeedbackTerms : public Xapian::ExpandDecider
{
    const Xapian::Stopper *stopper;
    TextTermsOnly text;

  public:
    /* Words in at least two of the feedback documents (when there are
     * two): fewer candidates to weigh, and no word of one document's
     * own. */
    std::set<std::string> shared;
    bool use_shared = false;

    explicit FeedbackTerms(const Xapian::Stopper *s) : stopper(s)
    {
    }

    bool operator()(const std::string &term) const override
    {
        return text(term) && (!use_shared || shared.count(term)) &&
               !(stopper && (*stopper)(term.substr(1)));
    }
};

} // namespace

/* One database of an index: a local directory or a remote server. */
struct Shard {
    std::string name; /* for messages: the path, or "remote HOST:PORT" */
    std::string path; /* local: the database directory */
    std::string host; /* remote: the server */
    unsigned port = 0;
    Xapian::Database db;                           /* when open */
    std::unique_ptr<Xapian::WritableDatabase> wdb; /* writers: when ours */
    bool up = false;                               /* open and answering */
    bool spelling_stale = false; /* KEY_SPELLING_STALE set by this writer */
};

struct as_index {
    std::string path;
    std::string language;
    std::string errmsg;
    std::vector<Shard> shards; /* in the order of the stub */
    Xapian::Database db;       /* every open shard, as one */
    bool writer = false;
    unsigned timeout_ms = AS_DEFAULT_TIMEOUT_MS;
    bool allow_partial = false;
    std::vector<std::string> missing; /* shards left out, with why */
    std::vector<const char *> missing_view;
    Xapian::Stem stem;
    Xapian::TermGenerator termgen;
    std::string synonyms_text; /* what synonyms was parsed from */
    as_synonyms_t *synonyms = nullptr;

    ~as_index()
    {
        as_synonyms_free(synonyms);
    }
};

struct as_hits {
    std::vector<Hit> hits;
    size_t next = 0;
    size_t lower = 0, estimate = 0, upper = 0;
    std::string warning;
    std::string description;
    std::vector<std::pair<std::string, size_t>> facets[AS_FACET_KINDS];
    std::vector<as_facet_t> facet_view[AS_FACET_KINDS];
    std::string suggestion;
    size_t suggestion_matches = 0;

    ~as_hits()
    {
        for (Hit &h : hits) {
            as_record_free(h.record);
            as_snippet_clear(&h.snippet);
        }
    }
};

namespace
{

char *copy_message(const std::string &msg)
{
    char *s = static_cast<char *>(std::malloc(msg.size() + 1));
    if (s)
        std::memcpy(s, msg.c_str(), msg.size() + 1);
    return s;
}

/* Stubs naming stubs this deep are refused (a loop, most likely). */
const int MAX_STUB_DEPTH = 8;

/* Which of n shards article id goes to: FNV-1a of the id, so that every
 * run (and every machine) puts an article on the same shard. */
size_t shard_of(const std::string &id, size_t n)
{
    uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : id) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return n > 1 ? static_cast<size_t>(h % n) : 0;
}

void add_remote(std::vector<Shard> &out, const std::string &spec,
                const std::string &where)
{
    size_t colon = spec.rfind(':');
    Shard s;
    char *end = nullptr;
    unsigned long port = colon == std::string::npos
                             ? 0
                             : std::strtoul(spec.c_str() + colon + 1, &end, 10);
    if (colon == std::string::npos || colon + 1 == spec.size() || *end ||
        port == 0 || port > 65535 ||
        spec.find_first_of(" \t") != std::string::npos)
        throw ShimError(AS_ERR_USAGE, where +
                                          ": a remote shard is HOST:PORT "
                                          "(a port from 1 to 65535), not '" +
                                          spec + "'");
    s.host = colon ? spec.substr(0, colon) : "localhost";
    s.port = static_cast<unsigned>(port);
    s.name = "remote " + s.host + ":" + std::to_string(s.port);
    out.push_back(std::move(s));
}

/* The shards path stands for, appended to out: itself (a database, or one
 * to be created), or what its stub lists. */
void resolve(const std::string &path, int depth, std::vector<Shard> &out)
{
    struct stat st;
    std::string stub, base;

    if (path.compare(0, 6, "tcp://") == 0) {
        add_remote(out, path.substr(6), path);
        return;
    }
    if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        stub = path + "/XAPIANDB";
        base = path;
        if (stat(stub.c_str(), &st) != 0)
            stub.clear();
    } else if (stat(path.c_str(), &st) == 0) {
        stub = path;
        size_t slash = path.rfind('/');
        base = slash == std::string::npos ? "." : path.substr(0, slash);
        if (base.empty())
            base = "/";
    }
    if (stub.empty()) { /* a database, or nothing yet */
        Shard s;
        s.name = s.path = path;
        out.push_back(std::move(s));
        return;
    }
    if (depth >= MAX_STUB_DEPTH)
        throw ShimError(AS_ERR_CORRUPT,
                        stub + ": stubs nested too deep (do they name "
                               "each other?)");
    FILE *f = std::fopen(stub.c_str(), "r");
    if (!f)
        throw ShimError(AS_ERR_IO,
                        "cannot read " + stub + ": " + std::strerror(errno));
    std::unique_ptr<FILE, int (*)(FILE *)> closer(f, std::fclose);
    char buf[4096];
    size_t before = out.size();
    for (long line = 1; std::fgets(buf, sizeof buf, f); line++) {
        std::string text(buf);
        while (!text.empty() && std::isspace((unsigned char)text.back()))
            text.pop_back();
        size_t lead = text.find_first_not_of(" \t");
        if (lead == std::string::npos || text[lead] == '#')
            continue;
        text.erase(0, lead);
        size_t sp = text.find_first_of(" \t");
        std::string kind = text.substr(0, sp);
        std::string arg = sp == std::string::npos
                              ? ""
                              : text.substr(text.find_first_not_of(" \t", sp));
        std::string where = stub + ":" + std::to_string(line);
        if ((kind == "auto" || kind == "glass" || kind == "chert" ||
             kind == "honey") &&
            !arg.empty()) {
            resolve(arg[0] == '/' ? arg : base + "/" + arg, depth + 1, out);
        } else if (kind == "remote" && !arg.empty()) {
            add_remote(out, arg, where);
        } else {
            throw ShimError(AS_ERR_CORRUPT,
                            where + ": not a line of a Xapian stub (\"auto "
                                    "PATH\" or \"remote HOST:PORT\")");
        }
    }
    if (std::ferror(f))
        throw ShimError(AS_ERR_IO, "cannot read " + stub);
    if (out.size() == before)
        throw ShimError(AS_ERR_CORRUPT, stub + " names no database");
}

/* Open one shard (for writing when ours and a writer). */
void open_shard(as_index_t *idx, Shard &s, bool write)
{
    if (!s.host.empty()) {
        if (write)
            throw ShimError(AS_ERR_USAGE,
                            s.name + " is a remote shard: index it on the "
                                     "machine that serves it");
        s.db = Xapian::Remote::open(s.host, s.port, idx->timeout_ms,
                                    idx->timeout_ms);
    } else if (write) {
        s.wdb.reset(
            new Xapian::WritableDatabase(s.path, Xapian::DB_CREATE_OR_OPEN));
        s.db = *s.wdb;
    } else {
        s.db = Xapian::Database(s.path);
    }
    s.up = true;
}

/* Combine the shards that are up into idx->db. */
void combine(as_index_t *idx)
{
    idx->db = Xapian::Database();
    bool any = false;
    for (Shard &s : idx->shards) {
        if (s.up) {
            idx->db.add_database(s.db);
            any = true;
        }
    }
    if (!any) {
        std::string why;
        for (const std::string &m : idx->missing)
            why += (why.empty() ? "" : "; ") + m;
        throw ShimError(AS_ERR_REMOTE, "no shard could be reached: " + why);
    }
}

/* A shard that cannot be reached: an error, or with allow_partial one
 * more shard left out. */
void shard_failed(as_index_t *idx, Shard &s, const std::string &why)
{
    s.up = false;
    s.db = Xapian::Database();
    if (!idx->allow_partial)
        throw ShimError(AS_ERR_REMOTE,
                        s.name + ": " + why +
                            " (--allow-partial searches the other shards)");
    idx->missing.push_back(s.name + ": " + why);
}

/* The message of the Xapian error being handled. */
std::string xapian_message()
{
    try {
        throw;
    } catch (const Xapian::Error &e) {
        return message_of(e);
    }
}

/* Check the schema of one shard (and describe it if it is new); its
 * language is compared with (or becomes) idx->language. */
as_status_t check_shard(as_index_t *idx, Shard &s, size_t i, const char *lang)
{
    const std::string name = idx->shards.size() > 1 ? s.name : idx->path;
    const std::string place =
        std::to_string(i) + "/" + std::to_string(idx->shards.size());
    std::string schema = s.db.get_metadata(KEY_SCHEMA);
    std::string stored = s.db.get_metadata(KEY_LANGUAGE);
    std::string shard = s.db.get_metadata(KEY_SHARD);

    if (schema.empty()) {
        if (!s.wdb && s.db.get_doccount() == 0) {
            idx->errmsg = name + " holds no index yet";
            return AS_ERR_NO_INDEX;
        }
        if (s.db.get_doccount() > 0 || !s.wdb) {
            idx->errmsg = name + " is not an artsearch index";
            return AS_ERR_CORRUPT;
        }
        /* A new index: describe it. */
        stored = idx->language.empty() ? (lang ? lang : AS_DEFAULT_LANGUAGE)
                                       : idx->language;
        s.wdb->set_metadata(KEY_SCHEMA, std::to_string(AS_INDEX_SCHEMA));
        s.wdb->set_metadata(KEY_LANGUAGE, stored);
        s.wdb->set_metadata(KEY_VERSION, PACKAGE_VERSION);
        s.wdb->set_metadata(KEY_STEMMER, "libstemmer " STEMMER_VERSION);
        if (idx->shards.size() > 1)
            s.wdb->set_metadata(KEY_SHARD, place);
    } else if (schema != std::to_string(AS_INDEX_SCHEMA)) {
        idx->errmsg = "the index at " + name + " has schema version " + schema +
                      "; this artsearch reads version " +
                      std::to_string(AS_INDEX_SCHEMA) +
                      ": rebuild it with artsearch-index --rebuild";
        return AS_ERR_CORRUPT;
    } else if (s.wdb && (shard.empty() ? "0/1" : shard) != place) {
        /* Articles are routed by the number of shards and their order. */
        idx->errmsg = s.name + " was written as shard " +
                      (shard.empty() ? "0/1" : shard) +
                      ", but the stub lists "
                      "it as shard " +
                      place +
                      ": restore the stub, or "
                      "rebuild with artsearch-index --rebuild";
        return AS_ERR_CORRUPT;
    } else if (stored.empty()) {
        stored = AS_DEFAULT_LANGUAGE;
    }
    if (idx->language.empty()) {
        idx->language = stored;
    } else if (stored != idx->language) {
        idx->errmsg = name + " is in language " + stored + ", but " +
                      idx->shards[0].name + " is in " + idx->language +
                      ": shards of one index share their language";
        return AS_ERR_CORRUPT;
    }
    if (s.wdb && lang && idx->language != lang) {
        idx->errmsg = "the index at " + idx->path + " was built for language " +
                      idx->language + ", not " + lang +
                      ": use --rebuild to build it in another language";
        return AS_ERR_USAGE;
    }
    return AS_OK;
}

/* Check every open shard and set up the stemmer. */
as_status_t check_index(as_index_t *idx, const char *lang)
{
    for (size_t i = 0; i < idx->shards.size(); i++) {
        Shard &s = idx->shards[i];
        if (!s.up)
            continue;
        as_status_t rc;
        try {
            rc = check_shard(idx, s, i, lang);
        } catch (const Xapian::NetworkError &) {
            shard_failed(idx, s, xapian_message());
            continue;
        }
        if (rc != AS_OK)
            return rc;
    }
    if (make_stemmer(idx->language, &idx->stem) != AS_OK) {
        idx->errmsg = "unknown stemmer language '" + idx->language + "'";
        return AS_ERR_STEMMER;
    }
    idx->termgen.set_stemmer(idx->stem);
    idx->termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return AS_OK;
}

/* The shard article id goes to (writers: only ours; readers: one that is
 * up), or an error. */
Shard &shard_for(as_index_t *idx, const std::string &id)
{
    Shard &s = idx->shards[shard_of(id, idx->shards.size())];
    if (idx->writer ? !s.wdb : !s.up)
        throw ShimError(AS_ERR_USAGE, "article '" + id + "' belongs to " +
                                          s.name + ", which is not open here");
    return s;
}

/* A writer is about to change the paragraphs of s: mark its spelling data
 * stale (once), in the transaction that holds the change. */
Xapian::WritableDatabase &words_change(Shard &s)
{
    if (!s.spelling_stale) {
        s.wdb->set_metadata(KEY_SPELLING_STALE, "1");
        s.spelling_stale = true;
    }
    return *s.wdb;
}

/* The title variants of the positive free-text terms of query, for the
 * title boost (Zstrateg -> ZSstrateg, strategic -> Sstrategic). */
Xapian::Query title_boost(const Xapian::Query &query)
{
    std::vector<Xapian::Query> terms;
    for (auto t = query.get_unique_terms_begin();
         t != query.get_unique_terms_end(); ++t) {
        const std::string &term = *t;
        if (term.size() > 1 && term[0] == 'Z' &&
            !std::isupper((unsigned char)term[1]))
            terms.emplace_back("ZS" + term.substr(1));
        else if (!term.empty() && !std::isupper((unsigned char)term[0]))
            terms.emplace_back("S" + term);
    }
    if (terms.empty())
        return Xapian::Query();
    return Xapian::Query(
        Xapian::Query::OP_SCALE_WEIGHT,
        Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
        TITLE_WEIGHT);
}

Xapian::Query any_of(const char *prefix, const char *const *names, size_t n)
{
    std::vector<Xapian::Query> terms;
    for (size_t i = 0; i < n; i++)
        terms.emplace_back(exact_term(prefix, names[i]));
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/* The index's synonym table, parsed again only when it changed. */
const as_synonyms_t *synonyms_of(as_index_t *idx)
{
    std::string text = idx->db.get_metadata(KEY_SYNONYMS);
    if (text != idx->synonyms_text || (!idx->synonyms && !text.empty())) {
        as_synonyms_t *parsed = nullptr;
        if (!text.empty() &&
            as_synonyms_parse(text.data(), text.size(), &parsed, nullptr) ==
                AS_ERR_NOMEM)
            throw std::bad_alloc();
        as_synonyms_free(idx->synonyms);
        idx->synonyms = parsed;
        idx->synonyms_text = text;
    }
    return idx->synonyms;
}

/* AS_SYNONYMS_FIELD:K in rewritten queries: one synonym query over the
 * entries of group K (phrases for entries of several words). */
class SynonymFieldProcessor : public Xapian::FieldProcessor
{
    const as_synonyms_t *synonyms;
    Xapian::Stem stem;
    ParseErrors *errors;

  public:
    SynonymFieldProcessor(const as_synonyms_t *syn, const Xapian::Stem &st,
                          ParseErrors *e)
        : synonyms(syn), stem(st), errors(e)
    {
    }

    Xapian::Query operator()(const std::string &text) override
    {
        const char *const *entries;
        size_t n;
        if (text.empty() ||
            text.find_first_not_of("0123456789") != std::string::npos ||
            text.size() > 9 ||
            as_synonyms_group(synonyms, std::strtoul(text.c_str(), nullptr, 10),
                              &entries, &n) != AS_OK)
            return errors->fail("unknown synonym group " + text);
        Xapian::QueryParser qp;
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        std::vector<Xapian::Query> forms;
        for (size_t i = 0; i < n; i++) {
            std::string entry = entries[i];
            if (entry.find(' ') != std::string::npos)
                entry = "\"" + entry + "\"";
            Xapian::Query q =
                qp.parse_query(entry, Xapian::QueryParser::FLAG_PHRASE);
            if (!q.empty())
                forms.push_back(q);
        }
        return Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(),
                             forms.end());
    }
};

/* One search in the making: the parser (whose unstemming map --explain
 * needs) and what the user should be told. */
struct Search {
    as_index_t *idx;
    const as_search_opts_t *opts;
    ParseErrors errors; /* before qp: its processors point here */
    Xapian::QueryParser qp;
    std::string text;   /* the query text after synonym expansion */
    unsigned flags = 0; /* the parser flags used */
    std::string warning;

    Search(as_index_t *i, const as_search_opts_t *o) : idx(i), opts(o)
    {
    }
};

/* Parse the user's query text; sets s.warning when the parser had to fall
 * back to plain words. */
Xapian::Query parse_text(Search &s)
{
    Xapian::QueryParser &qp = s.qp;
    const as_search_opts_t *opts = s.opts;
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                     Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT;
    const std::string text = opts->query ? opts->query : "";

    /* The synonym field is the rewriter's own: typed, it would reach
     * Xapian in forms the rewriter never writes, and one of them
     * ("xsynonymgroup:(0 +\"u") crashes Xapian 1.4's parser. */
    if (text.find(AS_SYNONYMS_FIELD ":") != std::string::npos)
        throw Xapian::QueryParserError(
            AS_SYNONYMS_FIELD ": is reserved (~word asks for synonyms)");
    s.text = text;
    /* The synonym table is read only for queries that can use it. */
    const bool wants_synonyms =
        opts->synonyms || text.find('~') != std::string::npos;
    const as_synonyms_t *table = wants_synonyms ? synonyms_of(s.idx) : nullptr;
    if (opts->synonyms || text.find('~') != std::string::npos) {
        char *expanded;
        if (as_synonyms_expand(table, text.c_str(), opts->synonyms,
                               &expanded) != AS_OK)
            throw std::bad_alloc();
        s.text = expanded;
        std::free(expanded);
    }

    qp.set_database(s.idx->db);
    qp.set_stemmer(s.idx->stem);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    if (ranking_uses(opts, AS_RANKING_STOPWORDS))
        qp.set_stopper(stopper_for(s.idx->language));
    qp.set_default_op(opts->match_any ? Xapian::Query::OP_OR
                                      : Xapian::Query::OP_AND);
    qp.set_max_expansion(AS_MAX_WILDCARD_TERMS,
                         Xapian::Query::WILDCARD_LIMIT_ERROR,
                         Xapian::QueryParser::FLAG_WILDCARD);
    qp.add_prefix("title", "S");
    qp.add_prefix("author", "A");
    qp.add_prefix("source", "XSRC");
    qp.add_boolean_prefix(
        "date",
        (new DateFieldProcessor(s.idx->db, table, &s.errors))->release());
    qp.add_boolean_prefix("tag",
                          (new TagFieldProcessor(table, &s.errors))->release());
    qp.add_prefix(
        AS_SYNONYMS_FIELD,
        (new SynonymFieldProcessor(table, s.idx->stem, &s.errors))->release());

    s.flags = flags;
    Xapian::Query query = qp.parse_query(s.text, flags);
    if (!s.errors.first.empty())
        throw Xapian::QueryParserError(s.errors.first);
    if (uses_syntax(s.text)) {
        /* On a syntax error parse_query() silently parses again without
         * the syntax flags; the result is then the plain parse. */
        Xapian::Query plain = qp.parse_query(
            s.text, flags & (Xapian::QueryParser::FLAG_CJK_NGRAM |
                             Xapian::QueryParser::FLAG_NO_POSITIONS));
        if (plain.get_description() == query.get_description()) {
            std::string words;
            for (auto t = plain.get_unique_terms_begin();
                 t != plain.get_unique_terms_end(); ++t) {
                auto u = qp.unstem_begin(*t);
                std::string w = u != qp.unstem_end(*t) ? *u : *t;
                if (u == qp.unstem_end(*t) && w.compare(0, 1, TAG_PREFIX) == 0)
                    w = w.find(' ') == std::string::npos
                            ? "tag:" + w.substr(1)
                            : "tag:\"" + w.substr(1) + "\"";
                words += words.empty() ? w : " " + w;
            }
            s.warning = "the query has a syntax error (check AND, OR, NOT, "
                        "brackets and quotes); searched for its words "
                        "without operators instead: " +
                        in_user_words(words, table);
            if (opts->strict)
                throw Xapian::QueryParserError(
                    "the query has a syntax error (check AND, OR, NOT, "
                    "brackets and quotes)");
            /* The plain parse left the parser's state (unstemming for
             * --explain) as the query used needs it. */
        }
    }
    if (!text.empty() && query.empty() && s.warning.empty())
        s.warning = "the query has no words to search for";
    return query;
}

/* Paragraphs like the one (or the article) named by spec, which is
 * "ARTICLE" or "ARTICLE:PARAGRAPH". */
Xapian::Query similar_query(Search &s)
{
    std::string spec = s.opts->similar, article = spec, source;
    size_t colon = spec.rfind(':');

    if (colon != std::string::npos && colon + 1 < spec.size() &&
        spec.size() - colon - 1 <= 9 &&
        spec.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
        article = spec.substr(0, colon);
        source = unique_term(
            article, std::strtol(spec.c_str() + colon + 1, nullptr, 10));
    } else {
        source = "XART" + article;
    }
    Xapian::RSet rset;
    for (auto p = s.idx->db.postlist_begin(source);
         p != s.idx->db.postlist_end(source); ++p)
        rset.add_document(*p);
    if (rset.empty())
        throw ShimError(AS_ERR_USAGE, "no article or paragraph '" + spec +
                                          "' in the index (give ARTICLE "
                                          "or ARTICLE:PARAGRAPH)");
    Xapian::Enquire enquire(s.idx->db);
    TextTermsOnly decider;
    /* exact term frequencies: the same words over shards as in one index */
    Xapian::ESet eset = enquire.get_eset(
        SIMILAR_TERMS, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<Xapian::Query> terms;
    for (auto t = eset.begin(); t != eset.end(); ++t)
        terms.emplace_back(*t);
    Xapian::Query like(Xapian::Query::OP_OR, terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_AND_NOT, like,
                         Xapian::Query(source));
}

/* Build the whole query: text (or similarity), title boost and filters. */
Xapian::Query build_query(Search &s)
{
    const as_search_opts_t *opts = s.opts;
    bool has_text = opts->query && *opts->query;
    Xapian::Query query;

    if (opts->similar) {
        query = similar_query(s);
        if (has_text)
            query = Xapian::Query(Xapian::Query::OP_AND, parse_text(s), query);
    } else if (!has_text) {
        query = Xapian::Query::MatchAll;
    } else {
        Xapian::Query text = parse_text(s);
        Xapian::Query boost = ranking_uses(opts, AS_RANKING_TITLE)
                                  ? title_boost(text)
                                  : Xapian::Query();
        query = boost.empty()
                    ? text
                    : Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, boost);
    }
    std::vector<Xapian::Query> filters;
    if (opts->n_authors)
        filters.push_back(any_of("XAUTHOR", opts->authors, opts->n_authors));
    if (opts->n_sources)
        filters.push_back(any_of("XSOURCE", opts->sources, opts->n_sources));
    if (opts->n_tags)
        filters.push_back(any_of(TAG_PREFIX, opts->tags, opts->n_tags));
    if (opts->since || opts->until)
        filters.push_back(date_overlap(s.idx->db, opts->since, opts->until));
    for (const Xapian::Query &f : filters)
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, f);
    return query;
}

/* A word of a text: its bytes and its lower case form. */
struct WordSpan {
    size_t begin, end;
    std::string lower;
};

/* The words of text as the index has them: runs of word characters, an
 * apostrophe between letters (' or U+2019, as ') belonging to the word. */
std::vector<WordSpan> words_of(const std::string &text)
{
    std::vector<WordSpan> words;
    Xapian::Utf8Iterator it(text), end;
    while (it != end) {
        if (!Xapian::Unicode::is_wordchar(*it)) {
            ++it;
            continue;
        }
        WordSpan w{size_t(it.raw() - text.data()), 0, std::string()};
        for (;;) {
            Xapian::Unicode::append_utf8(w.lower,
                                         Xapian::Unicode::tolower(*it));
            ++it;
            if (it == end)
                break;
            if (Xapian::Unicode::is_wordchar(*it))
                continue;
            unsigned ch = *it;
            Xapian::Utf8Iterator next = it;
            ++next;
            if ((ch == '\'' || ch == 0x2019) && next != end &&
                Xapian::Unicode::is_wordchar(*next)) {
                w.lower += '\'';
                it = next;
                continue;
            }
            break;
        }
        w.end = it == end ? text.size() : size_t(it.raw() - text.data());
        words.push_back(std::move(w));
    }
    return words;
}

/* The first word of text whose stem is stem (or, when not stemmed, whose
 * lower case is stem), as written; stem itself if there is none. */
std::string surface_form(Xapian::Stem &stemmer, const std::string &text,
                         const std::string &stem, bool stemmed)
{
    for (const WordSpan &w : words_of(text))
        if ((stemmed ? stemmer(w.lower) : w.lower) == stem)
            return text.substr(w.begin, w.end - w.begin);
    return stem;
}

/* The query's terms that index each hit, in query order: what
 * Enquire::get_matching_terms() gives, which reads the hit's term list.
 * The feedback pass reads those term lists already and puts what it finds
 * here, so that snippets and --explain need not read them again. */
class HitTerms
{
    std::unordered_map<std::string, unsigned> place; /* in the query */
    std::unordered_map<Xapian::docid, std::vector<std::string>> known;

  public:
    explicit HitTerms(const Xapian::Query &query)
    {
        unsigned i = 0;
        for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t)
            place.emplace(*t, i++);
    }

    bool in_query(const std::string &term) const
    {
        return place.count(term) != 0;
    }

    /* d's terms that are in_query(), as its term list has them. */
    void put(Xapian::docid d, std::vector<std::string> terms)
    {
        std::stable_sort(terms.begin(), terms.end(),
                         [&](const std::string &a, const std::string &b) {
                             return place.at(a) < place.at(b);
                         });
        known[d] = std::move(terms);
    }

    std::vector<std::string> of(const Xapian::Enquire &enquire,
                                const Xapian::MSetIterator &m) const
    {
        auto k = known.find(*m);
        if (k != known.end())
            return k->second;
        return std::vector<std::string>(enquire.get_matching_terms_begin(m),
                                        enquire.get_matching_terms_end(m));
    }
};

/* For --explain: what each matched term of a hit is and weighs. */
void explain_hit(Search &s, const std::vector<std::string> &matching, Hit &h)
{
    const std::string unique =
        unique_term(h.record->id, long(h.record->paragraph));
    for (const std::string &term : matching) {
        std::string rest = term, field;
        bool stemmed = false;

        if (!rest.empty() && rest[0] == 'Z') {
            stemmed = true;
            rest = rest.substr(1);
        }
        if (rest.compare(0, 4, "XSRC") == 0) {
            field = "source";
            rest = rest.substr(4);
        } else if (!rest.empty() && rest[0] == 'S') {
            field = "title";
            rest = rest.substr(1);
        } else if (!rest.empty() && rest[0] == 'A') {
            field = "author";
            rest = rest.substr(1);
        } else if (!rest.empty() && !std::isupper((unsigned char)rest[0])) {
            field = "text";
        } else {
            continue; /* a filter term */
        }
        std::string word = rest;
        {
            /* The form the paragraph (or field) itself uses. */
            const as_record_t *r = h.record;
            std::string where = field == "title"    ? r->title
                                : field == "source" ? r->source
                                                    : r->text;
            if (field == "author") {
                where.clear();
                for (size_t k = 0; k < r->n_authors; k++)
                    where += std::string(r->authors[k]) + " ";
            }
            word = surface_form(s.idx->stem, where, rest, stemmed);
        }
        Xapian::Enquire one(s.idx->db);
        one.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                    Xapian::Query(term),
                                    Xapian::Query(unique)));
        Xapian::MSet w = one.get_mset(0, 1);
        double weight = w.empty() ? 0.0 : w.begin().get_weight();
        if (field == "title")
            weight *= TITLE_WEIGHT;
        h.terms.push_back(TermInfo{word, field, weight});
    }
}

/* What the snippets of one search share: the stems of the words seen so
 * far and the weights of the terms matched. */
struct Snipper {
    as_index_t *idx;
    std::map<std::string, std::string> stems; /* lower-case word -> term */
    std::map<std::string, double> weights;    /* term -> weight */
    explicit Snipper(as_index_t *i) : idx(i)
    {
    }
};

/* The snippet of a hit, from its paragraph text: the words are matched
 * against the terms the hit matched (matching: so wildcards and synonyms
 * are highlighted too), weighted by their rarity in the whole index, and
 * as_snippet_choose() picks the window.  Nothing here depends on how the
 * index is split into shards. */
void snippet_of(Snipper &sn, const std::vector<std::string> &matching,
                const Xapian::MSet &mset, const char *text, size_t bytes,
                as_snippet_t *out)
{
    std::vector<std::string> matched; /* text terms the hit matched */
    for (const std::string &term : matching) {
        if ((term.size() > 1 && term[0] == 'Z' &&
             !std::isupper((unsigned char)term[1])) ||
            (!term.empty() && !std::isupper((unsigned char)term[0])))
            matched.push_back(term);
    }
    bool stems = false;
    for (const std::string &t : matched)
        stems = stems || t[0] == 'Z';

    std::vector<as_snippet_word_t> words;
    const std::string s(text);
    for (const WordSpan &span : words_of(s)) {
        const std::string &lower = span.lower;
        as_snippet_word_t w = {span.begin, span.end, 0, 0};
        std::string term;
        if (std::find(matched.begin(), matched.end(), lower) != matched.end()) {
            term = lower;
        } else if (stems) {
            auto found = sn.stems.find(lower);
            if (found == sn.stems.end())
                found =
                    sn.stems.emplace(lower, "Z" + sn.idx->stem(lower)).first;
            if (std::find(matched.begin(), matched.end(), found->second) !=
                matched.end())
                term = found->second;
        }
        if (!term.empty()) {
            w.term = size_t(std::find(matched.begin(), matched.end(), term) -
                            matched.begin());
            auto known = sn.weights.find(term);
            if (known == sn.weights.end()) {
                double n = double(sn.idx->db.get_doccount());
                double tf = double(mset.get_termfreq(term));
                known = sn.weights.emplace(term, std::log(1.0 + n / (tf + 1.0)))
                            .first;
            }
            w.weight = known->second > 0 ? known->second : 1e-6;
        }
        words.push_back(w);
    }
    if (as_snippet_choose(text, s.size(), bytes, words.data(), words.size(),
                          matched.size(), out) != AS_OK)
        throw std::bad_alloc();
}

/* Whether weights a and b are equal but for rounding: Xapian adds up the
 * parts of a weight in an order that depends on each database's term
 * statistics, so one index and its shards can differ in the last bits. */
bool same_weight(double a, double b)
{
    return std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

/* A weight as artsearch reports it: to 12 significant digits, the same
 * however the index is split (see same_weight()). */
double reported_weight(double w)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", w);
    return std::strtod(buf, nullptr);
}

/* Whether a and b rank alike: equal weights (and equal sort values). */
bool same_rank(const Xapian::MSetIterator &a, const Xapian::MSetIterator &b)
{
    return same_weight(a.get_weight(), b.get_weight()) &&
           a.get_sort_key() == b.get_sort_key();
}

/* Hits whose keys are read from the value streams rather than one
 * document at a time: opening the streams costs about as much as that. */
const size_t STREAM_KEYS_FROM = 16;

/* Hits' keys for ordering equals: (article id, paragraph), read from
 * their values once per search and only for the hits that need them. */
class HitKeys
{
    std::unordered_map<Xapian::docid, std::pair<std::string, std::string>>
        known;

  public:
    /* The key of d, known from elsewhere (unique_term_key()). */
    void put(Xapian::docid d, std::pair<std::string, std::string> key)
    {
        known.emplace(d, std::move(key));
    }

    /* The keys of many hits at once, from the value streams in document
     * order (far cheaper than one document at a time); where a database
     * cannot stream values (remote), of() reads them one by one. */
    void read(const Xapian::Database &db,
              std::vector<Xapian::MSetIterator>::const_iterator begin,
              std::vector<Xapian::MSetIterator>::const_iterator end)
    {
        std::vector<Xapian::docid> ids;
        for (auto m = begin; m != end; ++m)
            if (!known.count(**m))
                ids.push_back(**m);
        if (ids.size() < STREAM_KEYS_FROM)
            return;
        std::sort(ids.begin(), ids.end());
        try {
            Xapian::ValueIterator a = db.valuestream_begin(SLOT_ARTICLE);
            Xapian::ValueIterator p = db.valuestream_begin(SLOT_PARAGRAPH);
            const Xapian::ValueIterator none = db.valuestream_end(SLOT_ARTICLE);
            for (Xapian::docid d : ids) {
                a.skip_to(d);
                p.skip_to(d);
                if (a == none || p == none || a.get_docid() != d ||
                    p.get_docid() != d)
                    continue;
                known.emplace(d, std::make_pair(*a, *p));
            }
        } catch (const Xapian::UnimplementedError &) {
        }
    }

    const std::pair<std::string, std::string> &of(const Xapian::MSetIterator &m)
    {
        auto k = known.find(*m);
        if (k == known.end()) {
            Xapian::Document doc = m.get_document();
            k = known
                    .emplace(*m, std::make_pair(doc.get_value(SLOT_ARTICLE),
                                                doc.get_value(SLOT_PARAGRAPH)))
                    .first;
        }
        return k->second;
    }
};

/* Hits fetched beyond a page at most, to complete a group of equals. */
const size_t MAX_TIES = 1000;

/* Hits fetched beyond a page from the start, so that a group of equals
 * at its end (copies of one paragraph, common in news collections) seldom
 * needs the query run again: a few more hits cost little against a
 * second run. */
const size_t TIE_SLACK = 32;

/* How many documents match, as the first run of a query counted them. */
struct MatchCounts {
    Xapian::doccount lower = 0, estimate = 0, upper = 0;
};

/* The hits through offset + limit, in order, from mset (which receives
 * them; counts receives the match counts of the first run).  Xapian
 * orders hits that rank alike by document number, which differs between
 * one index and the same articles in shards; here they are ordered by
 * article id and paragraph instead (their keys read from db).  So that
 * the page holds the right ones, the group of equals at the page's end is
 * completed: TIE_SLACK more hits are fetched from the start; when that is
 * not enough, by relevance one more run keeps only the hits that weigh as
 * much as the page's last (a weight cutoff, up to MAX_TIES more), in
 * other orders the hits are fetched again, twice as many each time.  A
 * query without weights (filters only) is ordered by article id, then
 * paragraph.
 *
 * For a caller that orders the best hits again itself (feedback), rerank
 * asks for up to that many of them too: *reranked receives how many, the
 * best rerank but for a group of equals across the rerank-th place, which
 * is left out whole (choosing some of it would mean reading all of it).
 * Those are left in Xapian's order but for the first `ordered`, which are
 * in order; the hits after them are ordered as a page's are. */
std::vector<Xapian::MSetIterator>
rank(const Xapian::Database &db, Xapian::Enquire &enquire, bool by_relevance,
     size_t offset, size_t limit, Xapian::doccount check, size_t ordered,
     size_t rerank, size_t &reranked, Xapian::MSet &mset, MatchCounts &counts,
     HitKeys &keys)
{
    const size_t want = offset + limit;
    std::vector<Xapian::MSetIterator> out;
    auto fetch = [&](size_t n, Xapian::doccount at_least) {
        mset = enquire.get_mset(0, static_cast<Xapian::doccount>(n), at_least);
        /* The spies have seen every match once: enough. */
        enquire.clear_matchspies();
    };
    reranked = 0;
    size_t n = limit ? std::max(want, rerank) + 1 + TIE_SLACK : 0;
    const Xapian::doccount at_least =
        std::max<Xapian::doccount>(check, static_cast<Xapian::doccount>(n));
    fetch(n, at_least);
    if (limit && by_relevance && mset.get_max_possible() == 0) {
        enquire.set_sort_by_value(SLOT_ARTICLE, false);
        by_relevance = false;
        fetch(n, at_least);
    }
    counts.lower = mset.get_matches_lower_bound();
    counts.estimate = mset.get_matches_estimated();
    counts.upper = mset.get_matches_upper_bound();
    if (limit == 0)
        return out;
    while (mset.size() == n && n < want + 1 + MAX_TIES &&
           same_rank(mset[static_cast<Xapian::doccount>(want - 1)],
                     mset[static_cast<Xapian::doccount>(n - 1)])) {
        if (by_relevance) {
            /* Only the hits that weigh as much as the page's last: a
             * weight cutoff, so one more run finds the whole group. */
            const double w =
                mset[static_cast<Xapian::doccount>(want - 1)].get_weight();
            n = want + 1 + MAX_TIES;
            enquire.set_cutoff(0, w - std::fabs(w) * 1e-9);
            fetch(n, 0);
            enquire.set_cutoff(0, 0);
        } else {
            n = std::min(n * 2, want + 1 + MAX_TIES);
            fetch(n, std::max<Xapian::doccount>(
                         check, static_cast<Xapian::doccount>(n)));
        }
    }
    for (auto m = mset.begin(); m != mset.end(); ++m)
        out.push_back(m);
    if (rerank && by_relevance) {
        reranked = std::min(rerank, out.size());
        if (reranked < out.size())
            while (reranked > 0 && same_rank(out[reranked - 1], out[reranked]))
                reranked--;
    }
    const size_t through = std::max(want, std::min(ordered, reranked));
    size_t start = 0;
    while (start < out.size() && start < through) {
        size_t end = start + 1;
        while (end < out.size() && same_rank(out[start], out[end]))
            end++;
        if (end - start > 1 && (start < ordered || end > reranked)) {
            keys.read(db, out.begin() + long(start), out.begin() + long(end));
            mset.fetch(out[start], out[end - 1]);
            std::stable_sort(out.begin() + long(start), out.begin() + long(end),
                             [&](const Xapian::MSetIterator &a,
                                 const Xapian::MSetIterator &b) {
                                 return keys.of(a) < keys.of(b);
                             });
        }
        start = end;
    }
    if (out.size() > std::max(want, reranked))
        out.resize(std::max(want, reranked));
    return out;
}

/* Spelling suggestions.  Xapian suggests, for every word, the most
 * frequent word of the collection within two edits that is more frequent
 * than the word itself: "boeing" becomes "being", "well" "fell".  A word
 * is taken as possibly misspelt only when it is rare (in fewer than
 * SUGGEST_BELOW paragraphs: alone it would not find enough either) or its
 * correction is SUGGEST_RATIO times as frequent ("goverment": 8
 * paragraphs of Reuters-21578, "government" 3,400; "boeing": 152,
 * "being" 1,138). */
const Xapian::doccount SUGGEST_RATIO = 100;

/* Whether a word of text may be misspelt: one with a correction at least
 * SUGGEST_RATIO times as frequent is possible.  Field names and operators
 * count as words too; they only cost a correction attempt. */
bool may_be_misspelt(const Xapian::Database &db, const std::string &text)
{
    const Xapian::doccount most = db.get_doccount();
    for (const WordSpan &w : words_of(text)) {
        Xapian::doccount n = db.get_termfreq(w.lower);
        if (n < SUGGEST_BELOW || n <= most / SUGGEST_RATIO)
            return true;
    }
    return false;
}

/* Xapian's corrected form of text with only the corrections the comment
 * above allows ("" if none is left).  Xapian replaces whole words and
 * leaves the rest of the text as it was; when the words do not line up,
 * its correction is kept whole. */
std::string allowed_corrections(const Xapian::Database &db,
                                const std::string &text,
                                const std::string &corrected)
{
    if (corrected.empty())
        return corrected;
    std::vector<WordSpan> was = words_of(text), now = words_of(corrected);
    if (was.size() != now.size())
        return corrected;
    std::string out;
    size_t done = 0;
    for (size_t i = 0; i < was.size(); i++) {
        if (was[i].lower == now[i].lower)
            continue;
        Xapian::doccount n = db.get_termfreq(was[i].lower);
        if (n >= SUGGEST_BELOW &&
            db.get_termfreq(now[i].lower) / SUGGEST_RATIO < n)
            continue;
        out.append(text, done, was[i].begin - done);
        out.append(corrected, now[i].begin, now[i].end - now[i].begin);
        done = was[i].end;
    }
    if (done == 0)
        return std::string();
    out.append(text, done, std::string::npos);
    return out;
}

/* Counts for a corrected query, to suggest it only when it finds more. */
size_t count_matches(as_index_t *idx, const as_search_opts_t *opts,
                     const std::string &text)
{
    as_search_opts_t o = *opts;
    o.query = text.c_str();
    o.suggest = 0;
    o.explain = 0;
    o.strict = 0;
    Search s(idx, &o);
    Xapian::Enquire enquire(idx->db);
    enquire.set_query(build_query(s));
    return enquire.get_mset(0, 0, idx->db.get_doccount())
        .get_matches_estimated();
}

/* A feedback word and the weight of its expand weight relative to the
 * best word's. */
struct FeedbackWord {
    std::string term;
    double scale;
};

/* Pseudo-relevance feedback: the words that best set the first
 * FEEDBACK_DOCS hits of query (ranked, in order) apart from the rest of
 * the index (Xapian's expand weights), in term order, each with its
 * expand weight relative to the best one's; none when there is nothing
 * to add.  Public Enquire/RSet/ESet calls only, so that it works on any
 * Database, sharded or remote. */
std::vector<FeedbackWord>
feedback_words(as_index_t *idx, const as_search_opts_t *opts,
               const Xapian::Query &query,
               const std::vector<Xapian::MSetIterator> &ranked, size_t reranked)
{
    std::vector<FeedbackWord> words;
    Xapian::RSet rset;
    const size_t docs = std::min<size_t>(FEEDBACK_DOCS, reranked);
    for (size_t i = 0; i < docs; i++)
        rset.add_document(*ranked[i]);
    if (rset.empty())
        return words;
    Xapian::Enquire first(idx->db);
    first.set_query(query);
    /* The query's own terms are left out. */
    FeedbackTerms decider(ranking_uses(opts, AS_RANKING_STOPWORDS)
                              ? stopper_for(idx->language)
                              : nullptr);
    if (rset.size() >= 2) {
        std::map<std::string, unsigned> seen;
        for (size_t i = 0; i < docs; i++)
            for (auto t = idx->db.termlist_begin(*ranked[i]);
                 t != idx->db.termlist_end(*ranked[i]); ++t)
                if (++seen[*t] == 2)
                    decider.shared.insert(*t);
        decider.use_shared = true;
    }
    /* exact term frequencies: the same words over shards as in one index */
    Xapian::ESet eset = first.get_eset(
        FEEDBACK_TERMS, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    if (eset.empty())
        return words;
    const double best = eset.begin().get_weight();
    for (auto t = eset.begin(); t != eset.end(); ++t) {
        /* Rounded: expand weights summed shard by shard differ from one
         * index's in the last bits, and the scores must not. */
        double scale = best > 0 ? t.get_weight() / best : 1.0;
        scale = std::round(scale * 1e6) / 1e6;
        words.push_back({*t, scale > 0 ? scale : 1e-6});
    }
    std::sort(words.begin(), words.end(),
              [](const FeedbackWord &a, const FeedbackWord &b) {
                  return a.term < b.term;
              });
    return words;
}

/* The feedback words as a query (for --explain and the description):
 * each word's weight scaled as FeedbackGain scales it. */
Xapian::Query feedback_query(const std::vector<FeedbackWord> &words)
{
    std::vector<Xapian::Query> terms;
    for (const FeedbackWord &w : words)
        terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                           Xapian::Query(w.term), w.scale);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/* BM25 as Xapian's BM25Weight computes it with its default parameters
 * (k1 1, k3 1, b 0.5, min_normlen 0.5; the weighting of every query):
 * what the feedback words (in term order) add to document d, each scaled
 * by its relative expand weight, read from d's term list.  The same as
 * feedback_query() would add through the matcher, without a query. */
class FeedbackGain
{
    const Xapian::Database &db;
    const std::vector<FeedbackWord> &words;
    std::vector<double> termweight;
    double len_factor = 0;

  public:
    FeedbackGain(const Xapian::Database &d, const std::vector<FeedbackWord> &w)
        : db(d), words(w)
    {
        const double n = double(db.get_doccount());
        const double avlen = db.get_avlength();
        len_factor = avlen > 0 ? 1 / avlen : 0;
        for (const FeedbackWord &fw : words) {
            double tf = double(db.get_termfreq(fw.term));
            double tw = (n - tf + 0.5) / (tf + 0.5);
            if (tw < 2)
                tw = tw * 0.5 + 1;
            /* wqf 1: (k3 + 1) * wqf / (k3 + wqf) is 1 */
            termweight.push_back(std::log(tw) * fw.scale);
        }
    }

    /* The gain of d, from one pass over its term list, which gives its
     * length too (the sum of its terms' wdfs, as Xapian counts it); its
     * key for ties into keys, from its unique term "Q<id>#<n>"; its
     * query terms into terms. */
    double operator()(Xapian::docid d, HitKeys &keys, HitTerms &terms) const
    {
        const double k1 = 1, b = 0.5, min_normlen = 0.5;
        std::vector<Xapian::termcount> wdf(words.size(), 0);
        std::vector<std::string> matching;
        double doclen = 0;
        size_t w = 0;
        const Xapian::TermIterator end = db.termlist_end(d);
        for (Xapian::TermIterator t = db.termlist_begin(d); t != end; ++t) {
            const std::string term = *t;
            const Xapian::termcount f = t.get_wdf();
            doclen += f;
            if (terms.in_query(term))
                matching.push_back(term);
            std::pair<std::string, std::string> key;
            if (term[0] == 'Q' && unique_term_key(term, key))
                keys.put(d, std::move(key));
            while (w < words.size() && words[w].term < term)
                w++;
            if (w < words.size() && words[w].term == term)
                wdf[w] = f;
        }
        terms.put(d, std::move(matching));
        const double normlen = std::max(doclen * len_factor, min_normlen);
        double gain = 0;
        for (size_t i = 0; i < words.size(); i++)
            if (wdf[i])
                gain += termweight[i] * (k1 + 1) * wdf[i] /
                        (k1 * (normlen * b + (1 - b)) + wdf[i]);
        return gain;
    }
};

/* Feedback reorders the first `reranked` hits of ranked (the query's hits
 * in order, their weights in weights; rank() chose how many): each gains
 * the weight the feedback words (feedback_words()) give it, as if they had
 * been added to the query with AND_MAYBE, and they are sorted again,
 * equals by article id and paragraph (rank() leaves that to this, past
 * the first FEEDBACK_DOCS).  Gains only raise weights, so the reordered
 * hits stay ahead of the others.  Only the best hits are weighed again,
 * from their term lists, instead of running the whole query again;
 * counts, facets and the set of hits stay the query's own.  Returns the
 * feedback query (empty when there was none). */
Xapian::Query rerank_with_feedback(
    as_index_t *idx, const as_search_opts_t *opts, const Xapian::Query &query,
    std::vector<Xapian::MSetIterator> &ranked, size_t reranked,
    std::vector<double> &weights, HitKeys &keys, HitTerms &terms)
{
    std::vector<FeedbackWord> words =
        feedback_words(idx, opts, query, ranked, reranked);
    if (!words.empty()) {
        FeedbackGain gain(idx->db, words);
        for (size_t i = 0; i < reranked; i++)
            weights[i] += gain(*ranked[i], keys, terms);
    }
    std::vector<size_t> order(reranked);
    for (size_t i = 0; i < order.size(); i++)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (!same_weight(weights[a], weights[b]))
            return weights[a] > weights[b];
        return keys.of(ranked[a]) < keys.of(ranked[b]);
    });
    std::vector<Xapian::MSetIterator> r;
    std::vector<double> w;
    for (size_t i : order) {
        r.push_back(ranked[i]);
        w.push_back(weights[i]);
    }
    std::copy(r.begin(), r.end(), ranked.begin());
    std::copy(w.begin(), w.end(), weights.begin());
    return words.empty() ? Xapian::Query() : feedback_query(words);
}

void run_search(as_index_t *idx, const as_search_opts_t *opts, as_hits_t *hits)
{
    Search s(idx, opts);
    Xapian::Query query = build_query(s);
    Xapian::Enquire enquire(idx->db);
    /* Feedback only reorders the best hits (rerank_with_feedback()): the
     * enquire runs the query itself, so snippets highlight and --explain
     * lists the user's own words. */
    const bool feedback = ranking_uses(opts, AS_RANKING_FEEDBACK) &&
                          opts->query && *opts->query && !opts->similar &&
                          opts->sort == AS_SORT_RELEVANCE && opts->limit > 0;
    size_t snippet_bytes = opts->snippet_bytes ? opts->snippet_bytes : 300;
    static const Xapian::valueno facet_slot[AS_FACET_KINDS] = {
        SLOT_AUTHORS, SLOT_SOURCE, SLOT_YEAR};
    /* Xapian's own spies, which remote shards can run too. */
    std::unique_ptr<Xapian::ValueCountMatchSpy> facet[AS_FACET_KINDS];
    std::unique_ptr<Xapian::ValueCountMatchSpy> per_article;
    std::map<std::string, size_t> article_counts;
    bool count_all = opts->exact_count != 0;

    enquire.set_query(query);
    if (opts->sort == AS_SORT_NEWEST)
        enquire.set_sort_by_value_then_relevance(SLOT_DATE_LAST, true);
    else if (opts->sort == AS_SORT_OLDEST)
        enquire.set_sort_by_value_then_relevance(SLOT_DATE_FIRST, false);
    for (int k = 0; k < AS_FACET_KINDS; k++) {
        if (!opts->facets[k])
            continue;
        facet[k].reset(new Xapian::ValueCountMatchSpy(facet_slot[k]));
        enquire.add_matchspy(facet[k].get());
        count_all = true;
    }
    if (opts->per_article) {
        enquire.set_collapse_key(
            SLOT_ARTICLE, static_cast<Xapian::doccount>(opts->per_article));
        per_article.reset(new Xapian::ValueCountMatchSpy(SLOT_ARTICLE));
        enquire.add_matchspy(per_article.get());
        count_all = true;
    }

    Xapian::doccount total = idx->db.get_doccount();
    /* Check at least one more than skipped, so that the lower bound of
     * the match count says whether anything matched at all. */
    Xapian::doccount check =
        count_all ? total
                  : static_cast<Xapian::doccount>(
                        std::min<size_t>(opts->offset + 1, total));
    size_t limit = opts->limit < total ? opts->limit : total;
    Xapian::MSet mset;
    MatchCounts counts;
    HitKeys keys;
    HitTerms hit_terms(query);
    size_t reranked = 0;
    std::vector<Xapian::MSetIterator> ranked =
        rank(idx->db, enquire, opts->sort == AS_SORT_RELEVANCE, opts->offset,
             limit, check, feedback ? FEEDBACK_DOCS : opts->offset + limit,
             feedback ? FEEDBACK_RERANK : 0, reranked, mset, counts, keys);
    std::vector<double> weights;
    for (const Xapian::MSetIterator &m : ranked)
        weights.push_back(m.get_weight());
    Xapian::Query more;
    if (feedback)
        more = rerank_with_feedback(idx, opts, query, ranked, reranked, weights,
                                    keys, hit_terms);
    if (ranked.size() > opts->offset + limit) {
        ranked.resize(opts->offset + limit);
        weights.resize(opts->offset + limit);
    }

    if (per_article)
        for (auto v = per_article->values_begin();
             v != per_article->values_end(); ++v)
            article_counts[*v] = v.get_termfreq();

    Snipper snip(idx);
    std::vector<Hit> found;
    try {
        for (size_t i = opts->offset; i < ranked.size(); i++) {
            const Xapian::MSetIterator &m = ranked[i];
            found.emplace_back();
            Hit &h = found.back();
            std::string data = m.get_document().get_data();
            as_status_t rc =
                as_record_decode(data.data(), data.size(), &h.record);
            if (rc == AS_ERR_NOMEM)
                throw std::bad_alloc();
            if (rc != AS_OK)
                throw Xapian::DatabaseCorruptError("document " +
                                                   std::to_string(*m) +
                                                   " has no artsearch record");
            const std::vector<std::string> matching = hit_terms.of(enquire, m);
            snippet_of(snip, matching, mset, h.record->text, snippet_bytes,
                       &h.snippet);
            h.hit.rank = opts->offset + found.size();
            h.hit.score = reported_weight(weights[i]);
            if (per_article)
                h.hit.article_matches = article_counts[h.record->id];
            if (opts->explain)
                explain_hit(s, matching, h);
        }
    } catch (...) {
        for (Hit &h : found) {
            as_record_free(h.record);
            as_snippet_clear(&h.snippet);
        }
        throw;
    }
    hits->hits.swap(found);
    hits->lower = counts.lower;
    hits->estimate = counts.estimate;
    hits->upper = counts.upper;
    if (per_article) /* every match was counted: the articles, exactly */
        hits->lower = hits->estimate = hits->upper = article_counts.size();
    hits->warning = s.warning;
    hits->description =
        more.empty() ? query.get_description()
                     : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, more)
                           .get_description();
    for (int k = 0; k < AS_FACET_KINDS; k++) {
        if (!facet[k])
            continue;
        /* Authors are stored joined by FIELD_SEPARATOR: count each. */
        std::map<std::string, size_t> counts;
        for (auto v = facet[k]->values_begin(); v != facet[k]->values_end();
             ++v) {
            const std::string value = *v;
            size_t start = 0;
            for (;;) {
                size_t end = k == AS_FACET_AUTHOR
                                 ? value.find(FIELD_SEPARATOR, start)
                                 : std::string::npos;
                counts[value.substr(start, end - start)] += v.get_termfreq();
                if (end == std::string::npos)
                    break;
                start = end + 1;
            }
        }
        auto &out = hits->facets[k];
        out.assign(counts.begin(), counts.end());
        std::stable_sort(out.begin(), out.end(),
                         [](const std::pair<std::string, size_t> &a,
                            const std::pair<std::string, size_t> &b) {
                             return a.second > b.second;
                         });
    }
    /* Spelling correction only for the user's own text (not one rewritten
     * with synonyms) that parsed cleanly: Xapian 1.4 leaks when it
     * corrects a query with a syntax error. */
    if (opts->suggest && hits->estimate < SUGGEST_BELOW && s.warning.empty() &&
        !s.text.empty() && s.text == (opts->query ? opts->query : "") &&
        may_be_misspelt(idx->db, s.text)) {
        s.qp.parse_query(
            s.text, s.flags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
        std::string corrected = allowed_corrections(
            idx->db, s.text, s.qp.get_corrected_query_string());
        if (!corrected.empty() && corrected != s.text) {
            size_t n = count_matches(idx, opts, corrected);
            if (n > hits->estimate) {
                hits->suggestion = corrected;
                hits->suggestion_matches = n;
            }
        }
    }
}

} // namespace

extern "C" {

as_status_t as_index_open_with(const char *const *paths, size_t n,
                               as_index_mode_t mode, const char *lang,
                               const as_open_opts_t *opts, as_index_t **out,
                               char **errmsg)
{
    as_index_t *idx = nullptr;
    as_status_t rc;

    *out = nullptr;
    if (errmsg)
        *errmsg = nullptr;
    try {
        idx = new as_index;
        idx->writer = mode == AS_INDEX_WRITE;
        if (opts && opts->timeout_ms)
            idx->timeout_ms = opts->timeout_ms;
        idx->allow_partial = opts && opts->allow_partial && !idx->writer;
        for (size_t i = 0; i < n; i++)
            idx->path += (i ? ", " : "") + std::string(paths[i]);
        if (n == 0 || (idx->writer && n != 1)) {
            idx->errmsg = "an index is written one at a time";
            rc = AS_ERR_USAGE;
            goto fail;
        }
        if (lang && idx->writer) {
            Xapian::Stem probe;
            if (make_stemmer(lang, &probe) != AS_OK) {
                std::string list;
                for (const char **l = as_stemmer_languages(); *l; l++)
                    list += list.empty() ? *l : std::string(", ") + *l;
                idx->errmsg = std::string("unknown stemmer language '") + lang +
                              "' (known: " + list + ")";
                rc = AS_ERR_STEMMER;
                goto fail;
            }
        }
        for (int attempt = 1;; attempt++) {
            try {
                for (size_t i = 0; i < n; i++)
                    resolve(paths[i], 0, idx->shards);
                if (idx->shards.size() > AS_MAX_SHARDS) {
                    idx->errmsg = idx->path + " has more than " +
                                  std::to_string(AS_MAX_SHARDS) + " shards";
                    rc = AS_ERR_USAGE;
                    goto fail;
                }
                for (size_t i = 0; i < idx->shards.size(); i++) {
                    Shard &s = idx->shards[i];
                    unsigned parts = opts && opts->parts > 1 ? opts->parts : 1;
                    bool ours = parts == 1 || i % parts == opts->part;
                    if (idx->writer && !ours) {
                        if (!s.host.empty())
                            open_shard(idx, s, true); /* refused */
                        continue;
                    }
                    try {
                        open_shard(idx, s, idx->writer);
                    } catch (const Xapian::NetworkError &) {
                        shard_failed(idx, s, xapian_message());
                    }
                }
                break;
            } catch (const Xapian::DatabaseOpeningError &) {
                /* A rebuild swaps the stub, then removes the database
                 * it named: a reader that read the old stub just before
                 * finds that database gone.  Read the stub again. */
                if (idx->writer || attempt == OPEN_ATTEMPTS)
                    throw;
                idx->shards.clear();
                idx->missing.clear();
            }
        }
        combine(idx);
        rc = check_index(idx, lang);
        if (rc != AS_OK)
            goto fail;
        combine(idx); /* without the shards that failed the check */
        for (Shard &s : idx->shards) {
            if (s.wdb) {
                /* A new index's description is committed at once; after
                 * that nothing is committed until as_index_commit(). */
                s.wdb->commit();
                s.wdb->begin_transaction();
            }
        }
        *out = idx;
        return AS_OK;
    } catch (...) {
        std::string msg;
        rc = map_exception(msg);
        if (idx)
            idx->errmsg = msg;
        else if (errmsg)
            *errmsg = copy_message(msg);
    }
fail:
    if (idx) {
        if (errmsg)
            *errmsg = copy_message(idx->errmsg);
        try {
            delete idx; /* a writer commits on close: nothing changed yet */
        } catch (...) {
        }
    }
    return rc;
}

as_status_t as_index_compact(const char *from, const char *to, int merge,
                             char **errmsg)
{
    std::string msg;
    if (errmsg)
        *errmsg = nullptr;
    try {
        std::vector<Shard> shards;
        resolve(from, 0, shards);
        for (const Shard &s : shards)
            if (!s.host.empty())
                throw ShimError(AS_ERR_USAGE,
                                s.name + " is a remote shard: compact it on "
                                         "the machine that serves it");
        if (merge || shards.size() == 1) {
            Xapian::Database all;
            for (const Shard &s : shards)
                all.add_database(Xapian::Database(s.path));
            all.compact(to, Xapian::DBCOMPACT_MULTIPASS);
            if (shards.size() > 1) { /* one database now, not a shard */
                Xapian::WritableDatabase out(to, Xapian::DB_OPEN);
                out.set_metadata(KEY_SHARD, std::string());
                out.commit();
            }
        } else {
            for (size_t i = 0; i < shards.size(); i++)
                Xapian::Database(shards[i].path)
                    .compact(std::string(to) + "/" + std::to_string(i));
        }
        return AS_OK;
    } catch (...) {
        as_status_t rc = map_exception(msg);
        if (errmsg)
            *errmsg = copy_message(msg);
        return rc;
    }
}

as_status_t as_index_open(const char *path, as_index_mode_t mode,
                          const char *lang, as_index_t **out, char **errmsg)
{
    return as_index_open_with(&path, 1, mode, lang, nullptr, out, errmsg);
}

const char *const *as_index_missing(as_index_t *idx, size_t *n)
{
    idx->missing_view.clear();
    for (const std::string &m : idx->missing)
        idx->missing_view.push_back(m.c_str());
    *n = idx->missing_view.size();
    return idx->missing.empty() ? nullptr : idx->missing_view.data();
}

int as_index_owns(const as_index_t *idx, const char *id)
{
    const Shard &s = idx->shards[shard_of(id, idx->shards.size())];
    return s.wdb != nullptr;
}

void as_index_close(as_index_t *idx)
{
    if (!idx)
        return;
    for (Shard &s : idx->shards) {
        try {
            if (s.wdb)
                s.wdb->close();
        } catch (...) {
        }
    }
    delete idx;
}

void as_index_abandon(as_index_t *idx)
{
    if (!idx)
        return;
    for (Shard &s : idx->shards) {
        try {
            if (s.wdb) {
                s.wdb->cancel_transaction();
                s.wdb->begin_transaction();
            }
        } catch (...) {
        }
    }
}

const char *as_index_errmsg(const as_index_t *idx)
{
    return idx ? idx->errmsg.c_str() : "";
}

const char *as_index_language(const as_index_t *idx)
{
    return idx->language.c_str();
}

namespace
{

/* False, with the message set, if id cannot name an article
 * (as_article_id_ok()): the terms and keys that hold it must stay under
 * Xapian's 245 bytes, and the record holds no control characters. */
bool valid_id(as_index_t *idx, const char *id)
{
    if (as_article_id_ok(id))
        return true;
    idx->errmsg = "an article id is UTF-8 without control characters, at "
                  "most " +
                  std::to_string(AS_ARTICLE_ID_MAX) + " bytes";
    return false;
}

/* as_index_put_article(), or as_index_add_article() when is_new: a new
 * article's paragraphs are added without looking for earlier ones. */
as_status_t store_article(as_index_t *idx, const as_article_t *a, bool is_new)
{
    if (!idx->writer) {
        idx->errmsg = "the index is open for reading only";
        return AS_ERR_USAGE;
    }
    if (!valid_id(idx, a->id))
        return AS_ERR_USAGE;
    try {
        const std::string id = a->id;
        Xapian::WritableDatabase &wdb = words_change(shard_for(idx, id));
        const std::string article_term = "XART" + id;
        std::string first, last, year, authors;
        if (a->date.year) {
            first = day_string(as_date_first_day(&a->date));
            last = day_string(as_date_last_day(&a->date));
            year = first.substr(0, 4);
        }
        for (size_t k = 0; k < a->n_authors; k++) {
            if (k)
                authors += FIELD_SEPARATOR;
            authors += a->authors[k];
        }
        for (size_t i = 0; i < a->n_paragraphs; i++) {
            Xapian::Document doc;
            char *data;
            size_t len;

            idx->termgen.set_document(doc);
            idx->termgen.index_text(a->paragraphs[i]);
            idx->termgen.increase_termpos();
            idx->termgen.index_text(a->title, 1, "S");
            for (size_t k = 0; k < a->n_authors; k++) {
                idx->termgen.increase_termpos();
                idx->termgen.index_text(a->authors[k], 1, "A");
                doc.add_boolean_term(exact_term("XAUTHOR", a->authors[k]));
            }
            if (a->source) {
                idx->termgen.increase_termpos();
                idx->termgen.index_text(a->source, 1, "XSRC");
                doc.add_boolean_term(exact_term("XSOURCE", a->source));
            }
            for (size_t k = 0; k < a->n_tags; k++)
                doc.add_boolean_term(exact_term(TAG_PREFIX, a->tags[k]));
            doc.add_boolean_term(article_term);
            if (a->date.year)
                add_date_terms(doc, a->date);
            std::string unique = unique_term(id, long(i + 1));
            doc.add_boolean_term(unique);
            if (!first.empty()) {
                doc.add_value(SLOT_DATE_FIRST, first);
                doc.add_value(SLOT_DATE_LAST, last);
            }
            doc.add_value(SLOT_PARAGRAPH,
                          Xapian::sortable_serialise(double(i + 1)));
            doc.add_value(SLOT_ARTICLE, id);
            if (!authors.empty())
                doc.add_value(SLOT_AUTHORS, authors);
            if (a->source)
                doc.add_value(SLOT_SOURCE, a->source);
            if (!year.empty())
                doc.add_value(SLOT_YEAR, year);
            if (as_record_encode(a, i, &data, &len) != AS_OK)
                throw std::bad_alloc();
            doc.set_data(std::string(data, len));
            std::free(data);
            if (is_new)
                wdb.add_document(doc);
            else
                wdb.replace_document(unique, doc);
        }
        if (is_new)
            return AS_OK;
        /* Paragraphs the article no longer has. */
        std::vector<Xapian::docid> stale;
        for (auto p = wdb.postlist_begin(article_term);
             p != wdb.postlist_end(article_term); ++p) {
            std::string v = wdb.get_document(*p).get_value(SLOT_PARAGRAPH);
            if (Xapian::sortable_unserialise(v) > double(a->n_paragraphs))
                stale.push_back(*p);
        }
        for (Xapian::docid d : stale)
            wdb.delete_document(d);
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

} // namespace

as_status_t as_index_put_article(as_index_t *idx, const as_article_t *a)
{
    return store_article(idx, a, false);
}

as_status_t as_index_add_article(as_index_t *idx, const as_article_t *a)
{
    return store_article(idx, a, true);
}

as_status_t as_index_remove_article(as_index_t *idx, const char *id)
{
    if (!idx->writer) {
        idx->errmsg = "the index is open for reading only";
        return AS_ERR_USAGE;
    }
    if (!valid_id(idx, id))
        return AS_ERR_USAGE;
    try {
        Xapian::WritableDatabase &wdb = words_change(shard_for(idx, id));
        wdb.delete_document("XART" + std::string(id));
        wdb.set_metadata(KEY_ARTICLE + std::string(id), std::string());
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

as_status_t as_index_refresh_spelling(as_index_t *idx)
{
    if (!idx->writer) {
        idx->errmsg = "the index is open for reading only";
        return AS_ERR_USAGE;
    }
    try {
        /* The words are the terms without a prefix: those before 'A' and
         * from 'a' on (prefixes are upper case).  Both lists are sorted:
         * walk them side by side and apply the differences. */
        for (Shard &s : idx->shards) {
            if (!s.wdb)
                continue;
            Xapian::WritableDatabase &db = *s.wdb;
            if (!s.spelling_stale &&
                db.get_metadata(KEY_SPELLING_STALE).empty())
                continue;
            Xapian::TermIterator w = db.allterms_begin(),
                                 wend = db.allterms_end();
            Xapian::TermIterator sp = db.spellings_begin(),
                                 spend = db.spellings_end();
            auto next_word = [&]() {
                while (w != wend) {
                    const std::string &t = *w;
                    if (t[0] >= 'A' && t[0] <= 'Z')
                        w.skip_to("a");
                    else
                        return;
                }
            };
            next_word();
            while (w != wend || sp != spend) {
                int cmp = w == wend ? 1 : sp == spend ? -1 : (*w).compare(*sp);
                if (cmp < 0) {
                    db.add_spelling(*w, w.get_termfreq());
                    ++w;
                    next_word();
                } else if (cmp > 0) {
                    db.remove_spelling(*sp, sp.get_termfreq());
                    ++sp;
                } else {
                    Xapian::doccount want = w.get_termfreq(),
                                     have = sp.get_termfreq();
                    if (want > have)
                        db.add_spelling(*w, want - have);
                    else if (have > want)
                        db.remove_spelling(*w, have - want);
                    ++w;
                    next_word();
                    ++sp;
                }
            }
            db.set_metadata(KEY_SPELLING_STALE, std::string());
            s.spelling_stale = false;
        }
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

as_status_t as_index_commit(as_index_t *idx)
{
    try {
        char now[32];
        time_t t = time(nullptr);
        struct tm tm;
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
        /* Each article lives on one shard with its state, so every shard
         * is consistent on its own whatever a failure leaves. */
        for (Shard &s : idx->shards) {
            if (!s.wdb)
                continue;
            s.wdb->set_metadata(KEY_UPDATED, now);
            s.wdb->commit_transaction();
            s.wdb->begin_transaction();
        }
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

as_status_t as_index_stats(as_index_t *idx, as_index_stats_t *out)
{
    std::memset(out, 0, sizeof *out);
    try {
        out->shards = static_cast<unsigned>(idx->shards.size());
        out->missing = static_cast<unsigned>(idx->missing.size());
        out->paragraphs = idx->db.get_doccount();
        for (auto t = idx->db.allterms_begin("XART");
             t != idx->db.allterms_end("XART"); ++t)
            out->articles++;
        out->schema = std::atoi(idx->db.get_metadata(KEY_SCHEMA).c_str());
        std::snprintf(out->stemmer, sizeof out->stemmer, "%s",
                      idx->db.get_metadata(KEY_STEMMER).c_str());
        std::snprintf(out->updated, sizeof out->updated, "%s",
                      idx->db.get_metadata(KEY_UPDATED).c_str());
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

as_status_t as_index_article_state(as_index_t *idx, const char *id, char **out)
{
    *out = nullptr;
    if (!as_article_id_ok(id))
        return AS_OK; /* no such article */
    try {
        std::string v =
            shard_for(idx, id).db.get_metadata(KEY_ARTICLE + std::string(id));
        if (v.empty())
            return AS_OK;
        *out = copy_message(v);
        return *out ? AS_OK : AS_ERR_NOMEM;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

as_status_t as_index_set_article_state(as_index_t *idx, const char *id,
                                       const char *state)
{
    if (!idx->writer) {
        idx->errmsg = "the index is open for reading only";
        return AS_ERR_USAGE;
    }
    if (!valid_id(idx, id))
        return AS_ERR_USAGE;
    try {
        shard_for(idx, id).wdb->set_metadata(KEY_ARTICLE + std::string(id),
                                             state ? state : "");
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

as_status_t as_index_each_article_state(as_index_t *idx, as_state_fn fn,
                                        void *ctx)
{
    try {
        /* The shards' keys merged, so that ids come in order. */
        struct Cursor {
            Xapian::Database db;
            Xapian::TermIterator at, end;
        };
        const size_t skip = std::strlen(KEY_ARTICLE);
        std::vector<Cursor> cursors;
        for (Shard &s : idx->shards)
            if (s.up)
                cursors.push_back(Cursor{s.db,
                                         s.db.metadata_keys_begin(KEY_ARTICLE),
                                         s.db.metadata_keys_end(KEY_ARTICLE)});
        for (;;) {
            Cursor *next = nullptr;
            for (Cursor &c : cursors)
                if (c.at != c.end && (!next || *c.at < *next->at))
                    next = &c;
            if (!next)
                break;
            std::string key = *next->at;
            std::string v = next->db.get_metadata(key);
            ++next->at;
            if (!v.empty() && fn(ctx, key.c_str() + skip, v.c_str()))
                break;
        }
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

const char **as_stemmer_languages(void)
{
    return sb_stemmer_list();
}

namespace
{
bool valid_utf8(const char *s)
{
    const size_t len = std::strlen(s);
    return as_utf8_check(s, len) == len;
}
} // namespace

as_status_t as_search_run(as_index_t *idx, const as_search_opts_t *opts,
                          as_hits_t **out)
{
    *out = nullptr;
    if (opts->query && std::strlen(opts->query) > AS_MAX_QUERY_BYTES) {
        idx->errmsg = "the query is longer than " +
                      std::to_string(AS_MAX_QUERY_BYTES) + " bytes";
        return AS_ERR_QUERY;
    }
    const char *invalid = nullptr;
    if (opts->query && !valid_utf8(opts->query))
        invalid = "the query";
    for (size_t i = 0; i < opts->n_authors && !invalid; i++)
        if (!valid_utf8(opts->authors[i]))
            invalid = "--author";
    for (size_t i = 0; i < opts->n_sources && !invalid; i++)
        if (!valid_utf8(opts->sources[i]))
            invalid = "--source";
    for (size_t i = 0; i < opts->n_tags && !invalid; i++)
        if (!valid_utf8(opts->tags[i]))
            invalid = "--tag";
    if (invalid) {
        idx->errmsg = std::string(invalid) + " is not valid UTF-8";
        return AS_ERR_QUERY;
    }
    as_hits_t *hits = nullptr;
    try {
        hits = new as_hits;
        for (int attempt = 0;; attempt++) {
            try {
                run_search(idx, opts, hits);
                break;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt >= 10 || idx->writer)
                    throw;
                idx->db.reopen();
            } catch (const Xapian::NetworkError &) {
                /* Find the shards that stopped answering: an error naming
                 * them, or with allow_partial a search without them.  The
                 * other connections are mid-conversation: open them anew. */
                size_t failed = 0;
                for (Shard &sh : idx->shards) {
                    if (!sh.up || sh.host.empty())
                        continue;
                    try {
                        open_shard(idx, sh, false);
                        sh.db.keep_alive();
                    } catch (const Xapian::Error &) {
                        shard_failed(idx, sh, xapian_message());
                        failed++;
                    }
                }
                if (failed == 0 || attempt >= 10)
                    throw;
                combine(idx);
                delete hits;
                hits = nullptr; /* in case new throws */
                hits = new as_hits;
            }
        }
        *out = hits;
        return AS_OK;
    } catch (...) {
        delete hits;
        return map_exception(idx->errmsg);
    }
}

const as_hit_t *as_hits_next(as_hits_t *hits)
{
    if (hits->next >= hits->hits.size())
        return nullptr;
    Hit &h = hits->hits[hits->next++];
    h.hit.record = h.record; /* the vector may have moved since the run */
    h.hit.snippet = &h.snippet;
    h.term_view.clear();
    for (const TermInfo &t : h.terms)
        h.term_view.push_back(
            as_term_t{t.word.c_str(), t.field.c_str(), t.weight});
    h.hit.terms = h.term_view.empty() ? nullptr : h.term_view.data();
    h.hit.n_terms = h.term_view.size();
    return &h.hit;
}

void as_hits_matches(const as_hits_t *hits, size_t *lower, size_t *estimate,
                     size_t *upper)
{
    *lower = hits->lower;
    *estimate = hits->estimate;
    *upper = hits->upper;
}

const char *as_hits_warning(const as_hits_t *hits)
{
    return hits->warning.empty() ? nullptr : hits->warning.c_str();
}

const char *as_hits_query_description(const as_hits_t *hits)
{
    return hits->description.c_str();
}

const as_facet_t *as_hits_facets(const as_hits_t *hits, as_facet_kind_t kind,
                                 size_t *n)
{
    *n = 0;
    if (kind < 0 || kind >= AS_FACET_KINDS)
        return nullptr;
    as_hits_t *h = const_cast<as_hits_t *>(hits);
    auto &view = h->facet_view[kind];
    view.clear();
    for (const auto &f : h->facets[kind])
        view.push_back(as_facet_t{f.first.c_str(), f.second});
    *n = view.size();
    return view.empty() ? nullptr : view.data();
}

const char *as_hits_suggestion(const as_hits_t *hits, size_t *matches)
{
    if (matches)
        *matches = hits->suggestion_matches;
    return hits->suggestion.empty() ? nullptr : hits->suggestion.c_str();
}

const char *as_facet_name(as_facet_kind_t kind)
{
    switch (kind) {
    case AS_FACET_AUTHOR:
        return "author";
    case AS_FACET_SOURCE:
        return "source";
    case AS_FACET_YEAR:
        return "year";
    default:
        return "";
    }
}

as_status_t as_index_set_synonyms(as_index_t *idx, const char *text, size_t len)
{
    as_synonyms_t *parsed = nullptr;
    char *msg = nullptr;

    if (!idx->writer) {
        idx->errmsg = "the index is open for reading only";
        return AS_ERR_USAGE;
    }
    as_status_t rc = as_synonyms_parse(text, len, &parsed, &msg);
    as_synonyms_free(parsed);
    if (rc != AS_OK) {
        idx->errmsg = msg ? msg : as_status_str(rc);
        std::free(msg);
        return rc;
    }
    try {
        for (Shard &s : idx->shards)
            if (s.wdb)
                s.wdb->set_metadata(KEY_SYNONYMS, std::string(text, len));
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

void as_hits_free(as_hits_t *hits)
{
    delete hits;
}

} /* extern "C" */
