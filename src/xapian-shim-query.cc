/* xapian-shim-query.cc - a search's query (see xapian-shim.h): the
 * user's text parsed with its fields (date:, tag:, synonym groups) and
 * the stop list, the title boost, --similar, and the filters.  The terms
 * it looks for are the schema's, in xapian-shim.hh.
 */
#include "config.h"

#include <strings.h>

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <new>
#include <set>
#include <string>
#include <vector>

#include "xapian-shim.hh"

#include "date.h"
#include "synonyms.h"
#include "text.h"

using namespace as_shim;

extern "C" const char *const as_query_operators[] = {
    "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", nullptr};

namespace
{

/* Terms taken from a paragraph for --similar. */
const Xapian::termcount SIMILAR_TERMS = 25;

/* A filter's term, in a form Xapian 1.4.22 reads right.  Xapian replaces
 * a term used without weight by its shard's list of all documents when
 * every document of that shard has it, and then reads that list wrong
 * from one block to the next once a document is gone ("Unexpected end of
 * posting list"), as for date:2024 alone, or AND-ed with tag:japan, in a
 * collection of 2024 about Japan.  So: all documents when every document
 * has the term; when only every document of one shard (with a document
 * gone) has it, all documents but those without it, for which Xapian
 * skips through the term's list and never reads it from block to block,
 * at the cost of going through all documents (as when a collection of
 * 2024 is searched together with another one); else the term.  tf: the
 * term's frequency in the index. */
Xapian::Query filter_term(const as_index_t &idx, const std::string &term,
                          Xapian::doccount tf)
{
    const Xapian::doccount n = idx.db.get_doccount();

    if (tf == n)
        return n > 0 ? Xapian::Query::MatchAll : Xapian::Query(term);
    for (const Shard &s : idx.shards) {
        if (idx.shards.size() == 1 || !s.up) /* !up: left out */
            continue;
        const Xapian::doccount sn = s.db.get_doccount();
        if (sn == 0 || sn > tf || s.db.get_lastdocid() == sn ||
            s.db.get_termfreq(term) != sn)
            continue;
        const Xapian::Query without(Xapian::Query::OP_AND_NOT,
                                    Xapian::Query::MatchAll,
                                    Xapian::Query(term));
        return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                             without);
    }
    return Xapian::Query(term);
}

Xapian::Query filter_term(const as_index_t &idx, const std::string &term)
{
    return filter_term(idx, term, idx.db.get_termfreq(term));
}

/* The terms of a whole name as typed: exact_term(); with spaces between
 * Chinese, Japanese or Korean characters, that term as indexes made
 * before have it too; and in an index with names written cut
 * (as_index::cut_names) the cut one. */
std::vector<std::string> name_terms(const as_index_t &idx, const char *prefix,
                                    const std::string &name)
{
    std::vector<std::string> terms{exact_term(prefix, name, idx.elisions)};
    std::string spaced = exact_term(prefix, name, idx.elisions, false);
    if (spaced != terms[0])
        terms.push_back(std::move(spaced));
    if (idx.cut_names) {
        std::string cut = cut_term(prefix, name, idx.elisions);
        if (!cut.empty())
            terms.push_back(std::move(cut));
    }
    return terms;
}

/* The filter of a whole name as typed. */
Xapian::Query name_filter(const as_index_t &idx, const char *prefix,
                          const std::string &name)
{
    const std::vector<std::string> terms = name_terms(idx, prefix, name);
    if (terms.size() == 1)
        return filter_term(idx, terms[0]);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/* Paragraphs whose article date period overlaps [since, until] (YYYYMMDD,
 * 0: open end).  Undated paragraphs never match.  The years are those of
 * the index; a year inside the range is one term, a year it cuts is its
 * year-only term, its months inside the range and, for a month it cuts,
 * that month's month-only term and its days in the range. */
Xapian::Query date_overlap(const as_index_t &idx, long since, long until)
{
    const long first = since ? since : 10101, last = until ? until : 99991231;
    const int first_year = int(first / 10000), last_year = int(last / 10000);
    const size_t year_size = std::strlen(DATE_YEAR) + 4;
    std::vector<Xapian::Query> terms;

    for (auto t = idx.db.allterms_begin(DATE_YEAR);
         t != idx.db.allterms_end(DATE_YEAR); ++t) {
        const std::string &term = *t;
        if (term.size() != year_size ||
            !std::isdigit((unsigned char)term[year_size - 4]))
            continue; /* a year-only term */
        const int y = std::atoi(term.c_str() + year_size - 4);
        if (y < first_year || y > last_year)
            continue;
        const long jan1 = y * 10000L + 101, dec31 = y * 10000L + 1231;
        if (first <= jan1 && dec31 <= last) {
            terms.push_back(filter_term(idx, term));
            continue;
        }
        terms.push_back(filter_term(idx, date_term(DATE_YEAR_ONLY, y, 4)));
        const int m0 = y == first_year ? int(first / 100 % 100) : 1;
        const int m1 = y == last_year ? int(last / 100 % 100) : 12;
        for (int m = m0; m <= m1; m++) {
            const long ym = y * 100L + m;
            const long day1 = ym * 100 + 1,
                       dayn = ym * 100 + as_date_days_in_month(y, m);
            const long from = std::max(day1, first), to = std::min(dayn, last);
            if (from == day1 && to == dayn) {
                terms.push_back(filter_term(idx, date_term(DATE_MONTH, ym, 6)));
                continue;
            }
            terms.push_back(
                filter_term(idx, date_term(DATE_MONTH_ONLY, ym, 6)));
            for (long d = from; d <= to; d++)
                terms.push_back(filter_term(idx, date_term(DATE_DAY, d, 8)));
        }
    }
    /* No article in the range: a term no article has, not the empty
     * query, which a query's words AND-ed with it would become (and be
     * taken for a query without words). */
    if (terms.empty())
        return Xapian::Query(std::string(DATE_YEAR) + "none");
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
        /* and the place of the words it stands for (".START.N") */
        size_t place = end;
        for (int part = 0; part < 2 && place < text.size() &&
                           text[place] == '.' && place + 1 < text.size() &&
                           std::isdigit((unsigned char)text[place + 1]);
             part++) {
            place++;
            while (place < text.size() &&
                   std::isdigit((unsigned char)text[place]))
                place++;
            if (part == 1)
                end = place;
        }
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

/* date:YYYY[-MM[-DD]] and date:A..B (either end may be left out) in
 * queries: the paragraphs of articles whose date period overlaps that
 * period or range.  One boolean field for both forms, so that several
 * date: in a query match any of them (Xapian ORs the filters of one
 * field; a range processor would be a group of its own). */
class DateFieldProcessor : public Xapian::FieldProcessor
{
    const as_index_t &idx;
    const as_synonyms_t *table;
    ParseErrors *errors;

  public:
    DateFieldProcessor(const as_index_t &i, const as_synonyms_t *syn,
                       ParseErrors *e)
        : idx(i), table(syn), errors(e)
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
            return date_overlap(idx, as_date_first_day(&d),
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
        return date_overlap(idx, since, until);
    }
};

/* The field that stands where lift_filters() took a filter field out of
 * the query text: a filter that every paragraph passes, so that the text
 * keeps its shape (its operators, what --strict checks, what --any
 * joins) and means what it did without the field. */
const char LIFTED_FIELD[] = "xliftedfilter";
/* The query's fields: those of words (and their terms' prefixes), and
 * those of filters (date:, tag: and tags:, boolean prefixes). */
const struct {
    const char *field, *prefix;
} WORD_FIELDS[] = {{"title", "S"}, {"author", "A"}, {"source", "XSRC"}};
const char *const FILTER_FIELDS[] = {"date", "tag", "tags"};
/* A field's name as it may be written: lower case, capitalised, capitals
 * ("title", "Title", "TITLE"). */
std::vector<std::string> spellings(const std::string &field)
{
    std::string capital = field, capitals = field;
    capital[0] = char(std::toupper((unsigned char)field[0]));
    for (char &c : capitals)
        c = char(std::toupper((unsigned char)c));
    return {field, capital, capitals};
}

/* A query of excluded words only, parsed without its operators. */
const char EXCLUDED_ONLY[] =
    "the query has a syntax error, and its words without operators would "
    "find what it excludes (check AND, OR, NOT, brackets and quotes; for "
    "everything without a word, write NOT word)";
/* a run of CJK characters (CjkRunFieldProcessor) */
const char CJK_RUN_FIELD[] = "xcjkrun";

class LiftedFieldProcessor : public Xapian::FieldProcessor
{
  public:
    Xapian::Query operator()(const std::string &) override
    {
        return Xapian::Query::MatchAll;
    }
};

/* tag:TAG (or tag:"several words") in queries: the paragraphs of
 * articles with that whole tag, in any case, as --tag has it. */
class TagFieldProcessor : public Xapian::FieldProcessor
{
    const as_index_t &idx;
    const as_synonyms_t *table;
    ParseErrors *errors;

  public:
    TagFieldProcessor(const as_index_t &i, const as_synonyms_t *syn,
                      ParseErrors *e)
        : idx(i), table(syn), errors(e)
    {
    }

    /* The value as the user typed it: a synonym token in it is the
     * rewriter's, not part of the tag. */
    Xapian::Query operator()(const std::string &value) override
    {
        const std::string name = in_user_words(value, table);
        if (name_key(name, idx.elisions).empty())
            return errors->fail("tag: needs a tag (tag:NAME or "
                                "tag:\"several words\")");
        /* tag:ac* is no wildcard: said, unless a tag is written so */
        if (name.back() == '*' && idx.db.get_termfreq(exact_term(
                                      TAG_PREFIX, name, idx.elisions)) == 0)
            return errors->fail("tag:" + name +
                                ": tag: takes a whole tag, without a "
                                "wildcard");
        return name_filter(idx, TAG_PREFIX, name);
    }
};

/* True if word, standing alone, is one of the parser's operators (NEAR
 * and ADJ also as NEAR/n, ADJ/n). */
bool is_operator(const std::string &word)
{
    const std::string bare = word.substr(0, word.find('/'));
    for (const char *const *op = as_query_operators; *op; op++)
        if (bare == *op)
            return true;
    return false;
}

/* True if text uses query syntax (operators, brackets, quotes, +/-
 * prefixes, wildcards) that a plain word-by-word parse would ignore. */
bool uses_syntax(const std::string &query)
{
    /* A quoted value of a boolean field (tag:"two words") is parsed the
     * same with or without the syntax flags: it is not syntax. */
    std::string text;
    for (size_t k = 0; k < query.size(); k++) {
        static const char *const boolean_fields[] = {"tag:\"", "tags:\"",
                                                     "date:\"", nullptr};
        bool at_word = k == 0 || std::isspace((unsigned char)query[k - 1]) ||
                       query[k - 1] == '(';
        const char *const *f = boolean_fields;
        while (at_word && *f &&
               strncasecmp(query.c_str() + k, *f, std::strlen(*f)) != 0)
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
            if (is_operator(word))
                return true;
        }
        i = j;
    }
    return false;
}

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

} // namespace

namespace as_shim
{

/* The stopper for queries in language, or nullptr when there is no list
 * for it (in_english()).  Built once and never released to Xapian, so
 * never freed. */
const Xapian::Stopper *stopper_for(const std::string &language)
{
    static const Xapian::SimpleStopper english(std::begin(ENGLISH_STOPWORDS),
                                               std::end(ENGLISH_STOPWORDS));
    return in_english(language) ? &english : nullptr;
}

const Xapian::Stopper *stemmed_stopper_for(const std::string &language,
                                           const Xapian::Stem &stem)
{
    /* one a stemmer (english, porter), built once */
    static std::map<std::string, Xapian::SimpleStopper> built;
    if (!in_english(language))
        return nullptr;
    auto found = built.find(language);
    if (found == built.end()) {
        Xapian::SimpleStopper &stems = built[language];
        for (const char *word : ENGLISH_STOPWORDS) {
            stems.add(word);
            stems.add(stem(word));
        }
        return &stems;
    }
    return &found->second;
}

bool in_english(const std::string &language)
{
    return language == "english" || language == "porter";
}

/* Whether the extra of the default ranking is in use for opts. */
bool ranking_uses(const as_search_opts_t *opts, unsigned extra)
{
    return (opts->ranking_off & extra) == 0;
}

} // namespace as_shim

namespace
{

/* The terms of q that can make a match (in term order): not those it
 * excludes (the right-hand side of AND_NOT, which NOT and -word give),
 * nor those of a filter, which weigh nothing (the pairs of a CJK run). */
void positive_terms(const Xapian::Query &q, std::set<std::string> &out)
{
    if (q.get_type() == Xapian::Query::LEAF_TERM) {
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
            out.insert(*t);
        return;
    }
    const size_t n = q.get_type() == Xapian::Query::OP_AND_NOT ||
                             q.get_type() == Xapian::Query::OP_FILTER
                         ? std::min<size_t>(1, q.get_num_subqueries())
                         : q.get_num_subqueries();
    for (size_t i = 0; i < n; i++)
        positive_terms(q.get_subquery(i), out);
}

/* The field of a term of the query (its prefix: "" for the text, "S"
 * for the title ...), stemmed or not ("ZSjapan" and "Sjapan" are both
 * "S"). */
std::string term_field(const std::string &term)
{
    size_t from = term.size() > 1 && term[0] == 'Z' ? 1 : 0;
    size_t end = from;
    while (end < term.size() && std::isupper((unsigned char)term[end]))
        end++;
    return term.substr(from, end - from);
}

/* Add to out the fields of the words of q (leaves and wildcards). */
void fields_of(const Xapian::Query &q, std::set<std::string> &out)
{
    std::string pattern;
    if (q.get_type() == Xapian::Query::LEAF_TERM) {
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
            out.insert(term_field(*t));
    } else if (q.get_type() == Xapian::Query::OP_WILDCARD) {
        if (as_shim::wildcard_prefix(q, pattern))
            out.insert(term_field(pattern));
    } else {
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            fields_of(q.get_subquery(i), out);
    }
}

/* True if a NEAR or ADJ of q joins words of different fields
 * ("title:cat NEAR dog"): the fields' positions follow each other in a
 * paragraph's document, 100 apart, so such a window would match by the
 * length of the paragraph, not by what the article says. */
bool window_mixes_fields(const Xapian::Query &q)
{
    const Xapian::Query::op type = q.get_type();
    if (type == Xapian::Query::OP_NEAR || type == Xapian::Query::OP_PHRASE) {
        std::set<std::string> fields;
        fields_of(q, fields);
        return fields.size() > 1;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (window_mixes_fields(q.get_subquery(i)))
            return true;
    return false;
}

/* The inside of a query's description ("Query(x@1)": "x@1"). */
std::string described(const Xapian::Query &q)
{
    const std::string d = q.get_description();
    const size_t open = d.find('(');
    return open == std::string::npos || d.size() < open + 2
               ? d
               : d.substr(open + 1, d.size() - open - 2);
}

/* q's description without the query positions of its words ("of@3" is
 * "of"): the same phrase typed twice is one.  A word's position is cut
 * from its own description only, never from a term that has "@1" in it
 * (a tag). */
std::string unpositioned(const Xapian::Query &q)
{
    const std::string d = described(q);
    if (q.get_type() == Xapian::Query::LEAF_TERM) {
        const std::string term = q.get_terms_begin() != q.get_terms_end()
                                     ? *q.get_terms_begin()
                                     : std::string();
        const size_t at = d.rfind('@');
        return d.size() > term.size() && at != std::string::npos &&
                       at >= term.size() &&
                       d.find_first_not_of("0123456789", at + 1) ==
                           std::string::npos
                   ? d.substr(0, at)
                   : d;
    }
    /* the node's own text (its operators, windows, weights) between its
     * subqueries' descriptions, which it holds in order */
    std::string out;
    size_t from = 0;
    for (size_t i = 0; i < q.get_num_subqueries(); i++) {
        const Xapian::Query sub = q.get_subquery(i);
        const std::string inner = described(sub);
        const size_t at = d.find(inner, from);
        if (at == std::string::npos)
            return d; /* (as it is: no repeat is merged) */
        out.append(d, from, at - from);
        out += unpositioned(sub);
        from = at + inner.size();
    }
    return out + d.substr(from);
}

/* q with a group repeated under one OR, AND, SYNONYM or MAX kept once
 * ("of the" OR "of the" ...): Xapian matches each copy on its own, and
 * 500 copies of a phrase of common words (7 KB) took 18 s on Reuters.
 * A word typed twice stays twice (the parser weighs it so); the
 * operators with parameters Xapian does not give back (windows,
 * weights) are kept whole. */
Xapian::Query without_repeats(const Xapian::Query &q)
{
    typedef Xapian::Query Q;
    const Q::op op = q.get_type();
    const bool merges = op == Q::OP_OR || op == Q::OP_AND ||
                        op == Q::OP_SYNONYM || op == Q::OP_MAX;
    if (!merges && op != Q::OP_AND_NOT && op != Q::OP_AND_MAYBE &&
        op != Q::OP_FILTER && op != Q::OP_XOR)
        return q;
    std::vector<Q> subs;
    std::set<std::string> seen;
    bool changed = false;
    for (size_t i = 0; i < q.get_num_subqueries(); i++) {
        const Q sub = q.get_subquery(i);
        const Q kept = without_repeats(sub);
        changed = changed || kept.get_description() != sub.get_description();
        if (merges && kept.get_num_subqueries() > 0 &&
            !seen.insert(unpositioned(kept)).second) {
            changed = true;
            continue;
        }
        subs.push_back(kept);
    }
    if (!changed)
        return q;
    return subs.size() == 1 ? subs[0] : Q(op, subs.begin(), subs.end());
}

/* The title variants of the positive free-text terms of query, for the
 * title boost (Zstrateg -> ZSstrateg, strategic -> Sstrategic), word by
 * word, a phrase's words too: a phrase of title terms (or their AND) on
 * the boost's side of AND_MAYBE made Xapian 1.4 credit a title with a
 * phrase it does not have when two were OR-ed ('"oil prices" OR "prices
 * oil"': --explain no longer added up to the score), and made phrases of
 * common words 3-4 times slower. */
Xapian::Query title_boost(const Xapian::Query &query)
{
    std::vector<Xapian::Query> terms;
    std::set<std::string> positive;
    positive_terms(query, positive);
    for (const std::string &term : positive)
        if (text_term(term))
            terms.emplace_back(term[0] == 'Z' ? "ZS" + term.substr(1)
                                              : "S" + term);
    if (terms.empty())
        return Xapian::Query();
    return Xapian::Query(
        Xapian::Query::OP_SCALE_WEIGHT,
        Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
        TITLE_WEIGHT);
}

/* The filter of any of n names (--author, --source or --tag given n
 * times); MatchNothing when the index has none of them. */
Xapian::Query any_of(const as_index_t &idx, const char *prefix,
                     const char *const *names, size_t n)
{
    /* each term once, and none the index lacks: a list of thousands of
     * names (a staff list) given by a script cost the square of their
     * number in Xapian's OR */
    std::set<std::string> seen;
    std::vector<Xapian::Query> terms;
    for (size_t i = 0; i < n; i++)
        for (const std::string &term : name_terms(idx, prefix, names[i])) {
            Xapian::doccount tf;
            if (seen.insert(term).second &&
                (tf = idx.db.get_termfreq(term)) > 0)
                terms.push_back(filter_term(idx, term, tf));
        }
    if (terms.empty())
        return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/* The groups of the synonyms files of idx's databases: those of several
 * indexes searched as one (--index a --index b) all apply, in the order
 * of the indexes, each text once (the shards of one index have the
 * same).  Xapian's metadata of several databases is the first one's, so
 * that the groups were those of the first index alone, and the hits
 * depended on the order of the indexes. */
std::string synonyms_text_of(const as_index_t *idx)
{
    std::vector<std::string> texts;
    for (const Shard &shard : idx->shards) {
        if (!shard.up)
            continue;
        std::string text = shard.db.get_metadata(KEY_SYNONYMS);
        if (!text.empty() &&
            std::find(texts.begin(), texts.end(), text) == texts.end())
            texts.push_back(std::move(text));
    }
    if (texts.size() == 1)
        return texts[0];
    std::string all;
    for (const std::string &text : texts)
        all += text + "\n";
    return all;
}

/* The index's synonym table, parsed again only when it changed. */
const as_synonyms_t *synonyms_of(as_index_t *idx)
{
    std::string text = synonyms_text_of(idx);
    if (text != idx->synonyms_text || (!idx->synonyms && !text.empty())) {
        as_synonyms_t *parsed = nullptr;
        if (!text.empty() &&
            as_synonyms_parse(text.data(), text.size(), nullptr, nullptr,
                              &parsed, nullptr) == AS_ERR_NOMEM)
            throw std::bad_alloc();
        as_synonyms_free(idx->synonyms);
        idx->synonyms = parsed;
        idx->synonyms_text = text;
        idx->group_queries.clear();
    }
    return idx->synonyms;
}

/* True if the parser stems a query's word (in lower case) that starts
 * as word does: with a letter (not a digit, say), as Xapian's
 * should_stem() has it. */
bool stems(const std::string &word)
{
    switch (Xapian::Unicode::get_category(*Xapian::Utf8Iterator(word))) {
    case Xapian::Unicode::LOWERCASE_LETTER:
    case Xapian::Unicode::TITLECASE_LETTER:
    case Xapian::Unicode::MODIFIER_LETTER:
    case Xapian::Unicode::OTHER_LETTER:
        return true;
    default:
        return false;
    }
}

/* The query of an entry of a synonym group, text as the file writes it:
 * its words as the index makes them of text (Xapian's TermGenerator, so
 * that "U.S." is the word us, as in the paragraphs), one word stemmed as
 * the parser stems a query's word in lower case, several words a
 * phrase.  Empty for an entry without words. */
Xapian::Query entry_query(const std::string &text, const as_index_t &idx)
{
    const Xapian::Stem &stem = idx.stem;
    Xapian::Document doc;
    Xapian::TermGenerator reader;
    std::vector<std::pair<Xapian::termpos, std::string>> at;
    std::vector<Xapian::Query> pairs; /* of CJK characters: no positions */

    if (idx.cjk)
        reader.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    reader.set_document(doc);
    reader.index_text(folded(text, idx.elisions));
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if (t.positionlist_count() == 0)
            pairs.emplace_back(*t);
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            at.emplace_back(*p, *t);
    }
    if (at.empty())
        return Xapian::Query();
    std::sort(at.begin(), at.end());
    if (at.size() == 1) {
        const std::string &word = at[0].second;
        const std::string stemmed =
            !stem.is_none() && stems(word) ? stem(word) : std::string();
        const std::string term = stemmed.empty() ? word : "Z" + stemmed;
        return Xapian::Query(term, 1, 1);
    }
    std::vector<Xapian::Query> phrase;
    for (const auto &word : at)
        phrase.emplace_back(word.second, 1, word.first);
    const Xapian::Query words(Xapian::Query::OP_PHRASE, phrase.begin(),
                              phrase.end(), phrase.size());
    /* not across a break: the pairs, as CjkRunFieldProcessor has them */
    return pairs.empty()
               ? words
               : Xapian::Query(Xapian::Query::OP_FILTER, words,
                               Xapian::Query(Xapian::Query::OP_AND,
                                             pairs.begin(), pairs.end()));
}

/* A word of the query text as the operators stand: runs of characters
 * between white space; quoted when in or touching quotes (straight or
 * typographic), where no word is an operator. */
struct QueryToken {
    std::string text;
    bool quoted;
};

std::vector<QueryToken> query_tokens(const std::string &text)
{
    std::vector<QueryToken> tokens;
    bool in_quotes = false, quoted = false;
    std::string word;
    for (size_t i = 0; i <= text.size(); i++) {
        const char c = i < text.size() ? text[i] : ' ';
        if (c == '"' || text.compare(i, 3, "\xe2\x80\x9c") == 0 ||
            text.compare(i, 3, "\xe2\x80\x9d") == 0) {
            in_quotes = !in_quotes;
            quoted = true;
        }
        if (!std::isspace((unsigned char)c)) {
            word += c;
            continue;
        }
        if (!word.empty())
            tokens.push_back(QueryToken{word, quoted || in_quotes});
        word.clear();
        quoted = false;
    }
    return tokens;
}

/* The quotes in text, straight or typographic. */
size_t quotes_in(const std::string &text)
{
    size_t n = 0;
    for (size_t i = 0; i < text.size(); i++)
        n += text[i] == '"' || text.compare(i, 3, "\xe2\x80\x9c") == 0 ||
             text.compare(i, 3, "\xe2\x80\x9d") == 0;
    return n;
}

/* Whether the stop list is for the query s.text: only when it has a word
 * to search for that is not a stopword (a phrase, a wildcard or a synonym
 * group counts), outside a date: or tag: filter and outside what the
 * query excludes (-word, NOT word, -(...), -"a phrase").  Xapian's parser
 * keeps the stopwords of a query that has nothing else, but counts a
 * filter or an excluded word as something else: "because tag:x" was the
 * filter alone, every paragraph tagged x, and "because -dog" a syntax
 * error. */
bool stop_list_applies(const Search &s, const Xapian::Stopper &stopper)
{
    bool negated = false, in_quote = false, quote_counts = false;
    int depth = 0, excluded_from = 0; /* the depth of an excluded group */
    for (const QueryToken &t : query_tokens(s.text)) {
        const std::string &text = t.text;
        const size_t quotes = quotes_in(text);
        if (in_quote) { /* inside quotes opened by an earlier token */
            in_quote = quotes % 2 == 0;
            if (quote_counts)
                return true;
            continue;
        }
        const std::string bare = text.substr(0, text.find('/'));
        if (!t.quoted && (text == "AND" || text == "OR" || text == "XOR" ||
                          bare == "NEAR" || bare == "ADJ"))
            continue;
        if (!t.quoted && text == "NOT") {
            negated = true;
            continue;
        }
        bool excluded = negated || excluded_from > 0;
        negated = false;
        size_t start = 0; /* (+word), -word, -(a b): the word */
        for (; start < text.size() && std::strchr("(+-", text[start]);
             start++) {
            excluded = excluded || text[start] == '-';
            if (text[start] == '(' && ++depth && excluded && !excluded_from)
                excluded_from = depth;
        }
        size_t end = text.size();
        while (end > start && text[end - 1] == ')')
            end--;
        const int closing = int(text.size() - end);
        std::string w = text.substr(start, end - start);
        bool filter = false, group = false;
        const size_t colon = w.find(':');
        if (colon != std::string::npos) {
            const std::string field =
                Xapian::Unicode::tolower(w.substr(0, colon));
            filter = field == "date" || field == "tag" || field == "tags";
            group = field == AS_SYNONYMS_FIELD;
            if (field == "title" || field == "author" || field == "source")
                w = w.substr(colon + 1);
        }
        const bool counts = !excluded && !filter;
        if (quotes % 2) { /* a quote opened here goes on after it */
            in_quote = true;
            quote_counts = counts;
        }
        depth = std::max(0, depth - closing);
        if (excluded_from > depth)
            excluded_from = 0;
        if (!counts)
            continue;
        if (group || t.quoted)
            return true; /* a synonym group; a phrase keeps its stopwords */
        const size_t last = w.find_last_not_of(".,;!?");
        w = last == std::string::npos ? "" : w.substr(0, last + 1);
        if (!w.empty() && (w.find('*') != std::string::npos ||
                           !stopper(Xapian::Unicode::tolower(w))))
            return true;
    }
    return false;
}

/* A stop list that keeps some of its words. */
class KeptStopper : public Xapian::Stopper
{
    const Xapian::Stopper &list;
    std::set<std::string> kept;

  public:
    KeptStopper(const Xapian::Stopper &l, std::set<std::string> k)
        : list(l), kept(std::move(k))
    {
    }
    bool operator()(const std::string &term) const override
    {
        return list(term) && !kept.count(term);
    }
};

/* The stopwords text writes in capitals (two letters or more, not an
 * operator), in lower case, when it has lower case letters too, or
 * letters of a script without case: "WHO vaccine", "IT spending", "IS
 * fighters", "WHO ワクチン" name something (a query all in capitals is not
 * read so). */
std::set<std::string> stopwords_in_capitals(const std::string &text,
                                            const Xapian::Stopper &stopper)
{
    using namespace Xapian::Unicode;
    std::set<std::string> out;
    bool lower = false;
    for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it)
        lower = lower || get_category(*it) == LOWERCASE_LETTER ||
                get_category(*it) == OTHER_LETTER;
    if (!lower)
        return out;
    std::string word, folded;
    bool capitals = true;
    size_t letters = 0;
    for (Xapian::Utf8Iterator it(text);; ++it) {
        const bool end = it == Xapian::Utf8Iterator();
        if (!end && is_wordchar(*it)) {
            append_utf8(word, *it);
            append_utf8(folded, tolower(*it));
            capitals = capitals && get_category(*it) == UPPERCASE_LETTER;
            letters++;
            continue;
        }
        if (capitals && letters >= 2 && !is_operator(word) && stopper(folded))
            out.insert(folded);
        word.clear();
        folded.clear();
        capitals = true;
        letters = 0;
        if (end)
            break;
    }
    return out;
}

int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

/* hex (pairs of lower-case hex digits) as bytes into out; false if it
 * is not that. */
bool from_hex(const std::string &hex, std::string &out)
{
    out.clear();
    if (hex.size() % 2)
        return false;
    for (size_t i = 0; i < hex.size(); i += 2) {
        const int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out += char(hi << 4 | lo);
    }
    return true;
}

std::string to_hex(const std::string &bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

/* The parser's token for run (CjkRunFieldProcessor), in the field of
 * term prefix prefix ("" for the text): its bytes in hex, which Xapian's
 * parser reads as a field's value, where the characters themselves
 * would be read as n-grams; a prefix goes before them, in hex too, and
 * an x. */
std::string cjk_run_token(const std::string &run,
                          const std::string &prefix = "")
{
    return std::string(CJK_RUN_FIELD) + ':' +
           (prefix.empty() ? "" : to_hex(prefix) + 'x') + to_hex(run);
}

/* CJK_RUN_FIELD:HEX in the parser's text (cjk_phrases()): a run of
 * Chinese, Japanese or Korean characters, or a quoted phrase of them with
 * spaces, searched as the phrase of its characters (each a term of its
 * own) that also has each pair of neighbours within a word as a term.
 * The characters' positions run on across spaces and punctuation, so the
 * phrase alone matched 京都 (Kyoto) in 東京、都心 and 국방 in 한국 방문; the
 * pairs Xapian's n-grams index never cross a break.  The pairs filter
 * (no weight): the phrase weighs as it did. */
class CjkRunFieldProcessor : public Xapian::FieldProcessor
{
    size_t &read; /* the runs read, counted (cjk_reread()) */

  public:
    explicit CjkRunFieldProcessor(size_t &r) : read(r)
    {
    }
    Xapian::Query operator()(const std::string &value) override
    {
        read++;
        std::vector<Xapian::Query> chars, pairs;
        std::string prefix, text;
        const size_t x = value.find('x');
        if (!from_hex(value.substr(0, x),
                      x == std::string::npos ? text : prefix) ||
            (x != std::string::npos && !from_hex(value.substr(x + 1), text)))
            return Xapian::Query::MatchNothing;
        std::string last;
        std::string word; /* letters or digits, written beside them */
        auto add = [&chars, &prefix](const std::string &term) {
            chars.emplace_back(prefix + term, 1,
                               Xapian::termpos(chars.size() + 1));
        };
        for (Xapian::Utf8Iterator it(text), end; it != end; ++it) {
            std::string ch;
            const bool cjk = Xapian::Unicode::is_wordchar(*it) && cjk_char(*it);
            if (!word.empty() && !(Xapian::Unicode::is_wordchar(*it) && !cjk)) {
                add(Xapian::Unicode::tolower(word));
                word.clear();
            }
            if (!Xapian::Unicode::is_wordchar(*it) || !cjk) {
                last.clear(); /* no pair across a space, punctuation, G7 */
                if (Xapian::Unicode::is_wordchar(*it))
                    Xapian::Unicode::append_utf8(word, *it);
                continue;
            }
            Xapian::Unicode::append_utf8(ch, *it);
            add(ch);
            if (!last.empty())
                pairs.emplace_back(prefix + last + ch);
            last = ch;
        }
        if (!word.empty())
            add(Xapian::Unicode::tolower(word));
        if (chars.empty())
            return Xapian::Query::MatchNothing;
        if (chars.size() == 1)
            return chars[0];
        const Xapian::Query phrase(Xapian::Query::OP_PHRASE, chars.begin(),
                                   chars.end(), chars.size());
        if (pairs.empty())
            return phrase;
        return Xapian::Query(
            Xapian::Query::OP_FILTER, phrase,
            Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()));
    }
};

/* Set qp to read words as a search's query does: the index's stemmer
 * and stop list (when the ranking uses it and the query has a word that
 * is no stopword), the default operator (OR for --any) and the bound on
 * wildcards; in a CJK index, its runs (cjk_phrases()). */
void read_words_as_query(Xapian::QueryParser &qp, const Search &s)
{
    qp.set_database(s.idx->db);
    qp.set_stemmer(s.idx->stem);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    const Xapian::Stopper *stopper = ranking_uses(s.opts, AS_RANKING_STOPWORDS)
                                         ? stopper_for(s.idx->language)
                                         : nullptr;
    if (stopper && s.stop_list < 0) /* one reading of the text a search */
        s.stop_list = stop_list_applies(s, *stopper);
    if (stopper && s.stop_list) {
        std::set<std::string> kept = stopwords_in_capitals(s.text, *stopper);
        if (kept.empty())
            qp.set_stopper(stopper);
        else
            qp.set_stopper(
                (new KeptStopper(*stopper, std::move(kept)))->release());
    }
    qp.set_default_op(s.opts->match_any ? Xapian::Query::OP_OR
                                        : Xapian::Query::OP_AND);
    qp.set_max_expansion(AS_MAX_WILDCARD_TERMS,
                         Xapian::Query::WILDCARD_LIMIT_ERROR,
                         Xapian::QueryParser::FLAG_WILDCARD);
    if (s.idx->cjk)
        qp.add_prefix(CJK_RUN_FIELD,
                      (new CjkRunFieldProcessor(s.runs_read))->release());
}

/* The numbers of a synonym token's value, "K" or "K.START.N" (synonyms.h),
 * into out; false if it is neither. */
bool token_numbers(const std::string &value, std::vector<size_t> &out)
{
    size_t at = 0;

    out.clear();
    for (;;) {
        size_t end = at;
        while (end < value.size() && std::isdigit((unsigned char)value[end]))
            end++;
        if (end == at || end - at > 9)
            return false;
        out.push_back(std::strtoul(value.c_str() + at, nullptr, 10));
        if (end == value.size())
            return out.size() == 1 || out.size() == 3;
        if (value[end] != '.')
            return false;
        at = end + 1;
    }
}

/* Whether byte at of text is where a run of Chinese, Japanese or Korean
 * characters may stand as a word (cjk_phrases()): the start or end of the
 * text, white space (U+3000, the ideographic space, too), a bracket, a
 * field's colon, + or - before it (before), or punctuation of these
 * scripts (、 。 「 」: U+3000 and up, not word characters). */
bool cjk_boundary(const std::string &text, size_t at, bool before)
{
    if (before ? at == 0 : at >= text.size())
        return true;
    size_t start;
    const unsigned ch =
        before ? code_point_before(text.data(), at, &start)
               : *Xapian::Utf8Iterator(text.data() + at, text.size() - at);
    if (Xapian::Unicode::is_whitespace(ch) ||
        (ch >= 0x3000 && !Xapian::Unicode::is_wordchar(ch)))
        return true;
    if (before && (ch == '+' || ch == '-')) /* a sign, not a hyphen */
        return start == 0 || std::isspace((unsigned char)text[start - 1]) ||
               text[start - 1] == '(';
    return before ? ch == '(' || ch == ':' : ch == ')';
}

/* Where the quote that closes the one at byte open of text is, if what
 * lies between is two or more Chinese, Japanese or Korean characters,
 * with nothing but spaces and those scripts' punctuation among them;
 * npos otherwise. */
size_t cjk_quoted(const std::string &text, size_t open)
{
    const size_t inner = open + (text[open] == '"' ? 1 : 3);
    Xapian::Utf8Iterator it(text.data() + inner, text.size() - inner), end;
    size_t chars = 0;
    for (; it != end; ++it) {
        const unsigned ch = *it;
        if (ch == '"' || ch == 0x201c || ch == 0x201d)
            return chars >= 2 ? size_t(it.raw() - text.data())
                              : std::string::npos;
        if (Xapian::Unicode::is_wordchar(ch)
                ? !cjk_char(ch)
                : !(Xapian::Unicode::is_whitespace(ch) || ch >= 0x3000))
            return std::string::npos;
        chars += Xapian::Unicode::is_wordchar(ch);
    }
    return std::string::npos;
}

/* text with each run of two or more Chinese, Japanese or Korean
 * characters outside quotes put in quotes ("東京都" for 東京都), where it
 * stands as a word of its own (after the start, a space, a bracket, a
 * field's colon, + or -; before the end, a space or a bracket): Xapian
 * reads such a run as the AND of its n-grams, which matched 東京 and 京都
 * anywhere in a paragraph ("Tokyo and Kyoto"), while the phrase of its
 * characters matches the run.  Xapian 1.4.22's parser fails ("parse
 * error") on a word, a space, such a run, a space and a word (a 防 b), in
 * every mode, but not when the run is quoted, nor when a comma follows
 * it: a single character, which quotes would make a phrase (which the
 * check for a silent fallback misreads), gets the comma.  Left as it is with
 * NEAR or ADJ, which take no such words (a warning says so).  Every
 * parse of a query's text in a CJK index goes through for_parser().  With
 * singles, a single character is a run too (cjk_reread()). */
std::string cjk_phrases(const std::string &text, bool singles = false)
{
    for (const QueryToken &t : query_tokens(text)) {
        const std::string bare = t.text.substr(0, t.text.find('/'));
        if (!t.quoted && (bare == "NEAR" || bare == "ADJ"))
            return text;
    }
    std::string out;
    bool in_quotes = false;
    size_t done = 0;
    /* the brackets open, each with the term prefix of its words: the
     * text's (""), a word field's (title:(...): "S"), or OTHER_FIELD for
     * a filter's (tag:(...)), whose runs are left to the parser as
     * phrases; a bracket in a bracket has the outer one's */
    static const std::string OTHER_FIELD = "\x01";
    std::vector<std::string> brackets;
    auto bracket_prefix = [&brackets]() {
        return brackets.empty() ? std::string() : brackets.back();
    };
    auto in_field = [&]() { return bracket_prefix() == OTHER_FIELD; };
    /* the term prefix of the word field whose colon ends before at
     * (title:), and where its name starts; npos if none */
    auto field_at = [&text](size_t at, std::string &prefix) {
        if (at == 0 || text[at - 1] != ':')
            return std::string::npos;
        size_t name = at - 1;
        while (name > 0 && std::isalpha((unsigned char)text[name - 1]))
            name--;
        const std::string typed = text.substr(name, at - 1 - name);
        for (const auto &f : WORD_FIELDS)
            for (const std::string &spelling : spellings(f.field))
                if (typed == spelling) {
                    prefix = f.prefix;
                    return name;
                }
        return std::string::npos;
    };
    /* a run (or a phrase of runs) at [from, to): as a token, in its field
     * if one is written before it */
    auto put_run = [&](size_t from, size_t to, const std::string &run) {
        std::string prefix = bracket_prefix();
        const size_t field = field_at(from, prefix);
        if (field != std::string::npos &&
            (field < done || !cjk_boundary(text, field, true)))
            return false;
        if (field == std::string::npos &&
            ((from > 0 && text[from - 1] == ':') || prefix == OTHER_FIELD))
            return false; /* another field's: left as it is */
        const size_t start = field == std::string::npos ? from : field;
        out.append(text, done, start - done);
        out += cjk_run_token(run, prefix);
        done = to;
        return true;
    };
    /* the run at [from, to) quoted: the parser's phrase, in the field it
     * is in */
    auto put_phrase = [&](size_t from, size_t to) {
        out.append(text, done, from - done);
        out += '"';
        out.append(text, from, to - from);
        out += '"';
        done = to;
    };
    Xapian::Utf8Iterator it(text), end;
    while (it != end) {
        const size_t at = size_t(it.raw() - text.data());
        if (!in_quotes && (*it == '(' || *it == ')')) {
            std::string prefix;
            if (*it == '(' && at > 0 && text[at - 1] == ':')
                brackets.push_back(field_at(at, prefix) != std::string::npos
                                       ? prefix
                                       : OTHER_FIELD);
            else if (*it == '(')
                brackets.push_back(bracket_prefix());
            else if (!brackets.empty())
                brackets.pop_back();
            ++it;
            continue;
        }
        if (*it == '"' || *it == 0x201c || *it == 0x201d) {
            /* a phrase of CJK characters only (with spaces between words,
             * as Korean has), standing as a word: a run */
            const size_t close = in_quotes || in_field() ? std::string::npos
                                                         : cjk_quoted(text, at);
            /* a straight quote is one byte, a curly one three */
            const size_t inner = at + (text[at] == '"' ? 1 : 3);
            const size_t after = close == std::string::npos
                                     ? close
                                     : close + (text[close] == '"' ? 1 : 3);
            if (close != std::string::npos &&
                (cjk_boundary(text, at, true) || text[at - 1] == ':') &&
                cjk_boundary(text, after, false) &&
                put_run(at, after, text.substr(inner, close - inner))) {
                while (it != end && size_t(it.raw() - text.data()) < done)
                    ++it;
                continue;
            }
            in_quotes = !in_quotes;
            ++it;
            continue;
        }
        if (in_quotes || !Xapian::Unicode::is_wordchar(*it) || !cjk_char(*it)) {
            ++it;
            continue;
        }
        size_t chars = 0;
        while (it != end && Xapian::Unicode::is_wordchar(*it) &&
               cjk_char(*it)) {
            ++it;
            chars++;
        }
        const size_t stop =
            it == end ? text.size() : size_t(it.raw() - text.data());
        if (in_field() && chars > 1 && cjk_boundary(text, at, true) &&
            cjk_boundary(text, stop, false)) {
            put_phrase(at, stop); /* a filter's words in brackets */
            continue;
        }
        if (in_field())
            continue;
        if (!cjk_boundary(text, at, true) || !cjk_boundary(text, stop, false)) {
            /* written together with letters or digits (G7サミット, AI規制):
             * the whole word, in the order typed, if it stands as one */
            size_t from = at, to = stop, before;
            while (from > done &&
                   Xapian::Unicode::is_wordchar(
                       code_point_before(text.data(), from, &before)))
                from = before;
            while (it != end && Xapian::Unicode::is_wordchar(*it))
                ++it;
            to = it == end ? text.size() : size_t(it.raw() - text.data());
            if ((cjk_boundary(text, from, true) ||
                 (from > 0 && text[from - 1] == ':')) &&
                cjk_boundary(text, to, false))
                put_run(from, to, text.substr(from, to - from));
            continue;
        }
        if (chars == 1 && !(at > 0 && text[at - 1] == ':') && !singles) {
            /* one character is its own term: a comma after it (which
             * the parser drops) keeps it out of the words around it */
            out.append(text, done, stop - done);
            if (stop < text.size() && std::isspace((unsigned char)text[stop]))
                out += ',';
            done = stop;
            continue;
        }
        if (!put_run(at, stop, text.substr(at, stop - at)))
            put_phrase(at, stop); /* another field's words */
    }
    if (done == 0)
        return text;
    out.append(text, done, std::string::npos);
    return out;
}

/* text as the parser is given it in s's index (cjk_phrases()). */
std::string for_parser(const Search &s, const std::string &text)
{
    return s.idx->cjk ? cjk_phrases(text) : text;
}

/* AS_SYNONYMS_FIELD:K in rewritten queries: one synonym query over the
 * entries of group K (entry_query(); entries the index reads as the same
 * words, such as US and U.S., once).  AS_SYNONYMS_FIELD:K.START.N stands
 * for the several words at START (N bytes) of the user's query: they are
 * searched as they would be without synonyms (not as a phrase), OR the
 * group, so that the group only widens the query, and a paragraph with
 * the words as a phrase, which both find, ranks first. */
class SynonymFieldProcessor : public Xapian::FieldProcessor
{
    const as_synonyms_t *synonyms;
    Search &search;

  public:
    /* search.synonym_errors counts the values that name no group (or no
     * words of the query): the rewriter writes none, so Xapian's parser
     * misread its text (synonyms_misread()). */
    SynonymFieldProcessor(const as_synonyms_t *syn, Search &s)
        : synonyms(syn), search(s)
    {
    }

    Xapian::Query operator()(const std::string &text) override
    {
        const std::string query = search.opts->query ? search.opts->query : "";
        const char *const *texts;
        size_t n;
        std::vector<size_t> number;
        if (!token_numbers(text, number) ||
            as_synonyms_group_texts(synonyms, number[0], &texts, &n) != AS_OK ||
            (number.size() == 3 &&
             (number[2] == 0 || number[1] > query.size() ||
              number[2] > query.size() - number[1]))) {
            ++search.synonym_errors;
            return Xapian::Query::MatchNothing;
        }
        /* built once per group and table: a query is parsed up to four
         * times (its syntax checks and fallback) */
        auto cached = search.idx->group_queries.find(number[0]);
        if (cached == search.idx->group_queries.end()) {
            std::vector<Xapian::Query> forms;
            std::set<std::string> seen;
            for (size_t i = 0; i < n; i++) {
                Xapian::Query q = entry_query(texts[i], *search.idx);
                if (!q.empty() && seen.insert(q.get_description()).second)
                    forms.push_back(q);
            }
            cached = search.idx->group_queries
                         .emplace(number[0],
                                  Xapian::Query(Xapian::Query::OP_SYNONYM,
                                                forms.begin(), forms.end()))
                         .first;
        }
        const Xapian::Query group = cached->second;
        if (number.size() == 1)
            return group;
        /* The words as typed: plain words (they are those of an entry),
         * read as the query's are. */
        Xapian::QueryParser words;
        read_words_as_query(words, search);
        Xapian::Query typed = words.parse_query(
            for_parser(search, query.substr(number[1], number[2])),
            search.flags & (Xapian::QueryParser::FLAG_CJK_NGRAM |
                            Xapian::QueryParser::FLAG_NO_POSITIONS));
        if (typed.empty())
            return group;
        return Xapian::Query(Xapian::Query::OP_OR, typed, group);
    }
};

/* How many words the parser's unstemming map holds for the terms of q
 * (after a parse that fell back to plain words: those of both passes). */
size_t unstemmed_words(const Xapian::QueryParser &qp, const Xapian::Query &q)
{
    size_t n = 0;
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end();
         ++t)
        for (auto u = qp.unstem_begin(*t); u != qp.unstem_end(*t); ++u)
            n++;
    return n;
}

/* True if text excludes words (-word, NOT): searched for without its
 * operators, it would find what it excludes. */
bool excludes_words(const std::string &text)
{
    for (size_t k = 0; k < text.size(); k++) {
        const bool at_word = k == 0 ||
                             std::isspace((unsigned char)text[k - 1]) ||
                             text[k - 1] == '(';
        if (!at_word)
            continue;
        if (text[k] == '-' && k + 1 < text.size() &&
            !std::isspace((unsigned char)text[k + 1]))
            return true;
        if (text.compare(k, 3, "NOT") == 0 &&
            (k + 3 == text.size() || std::isspace((unsigned char)text[k + 3]) ||
             text[k + 3] == '(') &&
            text.find_first_not_of(" \t\n\r\f\v()", k + 3) != std::string::npos)
            return true; /* a NOT with something after it to exclude */
    }
    return false;
}

/* True if every word of text is excluded with '-' ("-us", "(-us -uk)",
 * "-東京都") and one at least is a word, not a filter's (-tag:x alone is
 * NOT tag:x, everything but it): a query with nothing to exclude from,
 * which Xapian's parser reads as the words it excludes (and the
 * rewriters' tokens, -~us or a CJK run, as what they stand for). */
bool excludes_words_only(const std::string &text)
{
    bool word = false;
    size_t k = 0;

    while (k < text.size()) {
        while (k < text.size() && (std::isspace((unsigned char)text[k]) ||
                                   text[k] == '(' || text[k] == ')'))
            k++;
        if (k == text.size())
            break;
        if (text[k] != '-')
            return false;
        const size_t name = ++k;
        while (k < text.size() && std::isalpha((unsigned char)text[k]))
            k++;
        std::string field = text.substr(name, k - name);
        for (char &c : field)
            c = char(std::tolower((unsigned char)c));
        const bool filter =
            k < text.size() && text[k] == ':' &&
            std::find_if(std::begin(FILTER_FIELDS), std::end(FILTER_FIELDS),
                         [&field](const char *f) { return field == f; }) !=
                std::end(FILTER_FIELDS);
        bool quoted = false; /* the word, a phrase in it and all */
        while (k < text.size() &&
               (quoted ||
                !(std::isspace((unsigned char)text[k]) || text[k] == ')'))) {
            quoted = quoted != (text[k] == '"');
            k++;
        }
        word = word || (!filter && k > name); /* ("-" alone is none) */
    }
    return word;
}

/* True if the user's text names the synonym field (in any case) without
 * its colon: only then may a term hold its name. */
bool names_synonym_field(const std::string &text)
{
    std::string lower(text);
    for (char &c : lower)
        c = char(std::tolower((unsigned char)c));
    return lower.find(AS_SYNONYMS_FIELD) != std::string::npos;
}

/* True if Xapian's parser read a synonym group token of the rewritten
 * text as something else than the field: as words of a phrase, say (the
 * rewriter and the parser disagree on some quotes inside words, as in
 * tag:a"b c" ~us), which would search for the field's name and group
 * number and show them. */
bool synonyms_misread(const Search &s, const Xapian::Query &query)
{
    if (s.synonym_errors > 0)
        return true;
    if (names_synonym_field(s.opts->query ? s.opts->query : ""))
        return false;
    const std::string name = AS_SYNONYMS_FIELD,
                      stem = s.idx->stem(AS_SYNONYMS_FIELD);
    for (auto t = query.get_unique_terms_begin();
         t != query.get_unique_terms_end(); ++t)
        if ((*t).find(name) != std::string::npos ||
            (!stem.empty() && (*t).find(stem) != std::string::npos))
            return true;
    return false;
}

/* Bytes of a double quote at text[k] (straight, or curly as Xapian's
 * parser also takes them), or 0. */
size_t quote_at(const std::string &text, size_t k)
{
    if (text[k] == '"')
        return 1;
    return text.compare(k, 3, "\xE2\x80\x9C") == 0 ||
                   text.compare(k, 3, "\xE2\x80\x9D") == 0
               ? 3
               : 0;
}

/* True if the brackets of text pair up, and its quotes (straight or
 * curly) close, counting brackets outside quotes only. */
bool balanced(const std::string &text)
{
    long depth = 0;
    bool quoted = false;
    for (size_t k = 0; k < text.size(); k++) {
        if (const size_t q = quote_at(text, k)) {
            quoted = !quoted;
            k += q - 1;
        } else if (!quoted && text[k] == '(') {
            depth++;
        } else if (!quoted && text[k] == ')' && --depth < 0) {
            return false;
        }
    }
    return depth == 0 && !quoted;
}

/* text without its operators: the operator words (is_operator()) and the
 * brackets outside quotes go, words, phrases, fields and wildcards stay;
 * white space is made single. */
std::string without_operators(const std::string &text)
{
    std::string out;
    bool quoted = false, gap = false;
    const auto apart =
        [&](size_t i) { /* white space, or a bracket */
                        return i >= text.size() ||
                               std::isspace((unsigned char)text[i]) ||
                               (!quoted && (text[i] == '(' || text[i] == ')'));
        };
    size_t k = 0;
    while (k < text.size()) {
        const size_t q = quote_at(text, k);
        if (!q && apart(k)) {
            gap = true;
            k++;
            continue;
        }
        size_t e = k + (q ? q : 0);
        if (q) {
            quoted = !quoted;
        } else {
            while (!apart(e) && !quote_at(text, e))
                e++;
            if (!quoted && (k == 0 || gap) && apart(e) &&
                is_operator(text.substr(k, e - k))) {
                gap = true;
                k = e;
                continue;
            }
        }
        if (gap && !out.empty())
            out += ' ';
        gap = false;
        out.append(text, k, e - k);
        k = e;
    }
    return out;
}

/* True if q has a term that is an operator of text as a word (the "or"
 * of "japan OR china )"): Xapian's parser fell back to plain words. */
bool reads_operator_as_word(const std::string &text, const Xapian::Query &q)
{
    std::set<std::string> ops;
    std::string word;
    for (size_t k = 0; k <= text.size(); k++) {
        if (k == text.size() || std::isspace((unsigned char)text[k]) ||
            text[k] == '(' || text[k] == ')') {
            if (is_operator(word)) {
                std::string lower = word.substr(0, word.find('/'));
                for (char &c : lower)
                    c = char(std::tolower((unsigned char)c));
                ops.insert(lower);
            }
            word.clear();
        } else {
            word += text[k];
        }
    }
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end();
         ++t)
        if (ops.count(*t))
            return true;
    return false;
}

/* True if s.text without its operators and brackets, parsed with the
 * syntax flags, is not plain, its plain parse: then its wildcards, fields
 * or phrases mean something, and a query equal to plain lost them (the
 * parser fell back). */
bool syntax_matters(Search &s, const Xapian::Query &plain)
{
    const ParseErrors errors = s.errors; /* the probe's are the query's */
    const unsigned synonym_errors = s.synonym_errors;
    bool differs;
    try {
        differs =
            s.qp.parse_query(for_parser(s, without_operators(s.text)), s.flags)
                .get_description() != plain.get_description();
    } catch (const Xapian::QueryParserError &) {
        differs = true;
    }
    s.errors = errors;
    s.synonym_errors = synonym_errors;
    return differs;
}

/* Whether the parser fell back to plain words on s.text (its parse with
 * the syntax flags is the plain parse) in a CJK index, where the words of
 * runs and single characters leave nothing in the unstemming map to tell
 * (unstemmed_words()): with each of them a run (cjk_phrases() with
 * singles), the field processor reads more runs on a parse whose failed
 * first pass read some already than on the plain parse.  (") 東京都"
 * reads as ") japan" does: the parser skips that bracket, no error.) */
bool cjk_reread(Search &s)
{
    using QP = Xapian::QueryParser;
    const ParseErrors errors = s.errors; /* the probe's are the query's */
    const unsigned synonym_errors = s.synonym_errors;
    const std::string text = cjk_phrases(s.text, true);
    const size_t before = s.runs_read;
    bool reread;
    try {
        s.qp.parse_query(text, s.flags);
        const size_t with_syntax = s.runs_read - before;
        s.qp.parse_query(
            text, s.flags & (QP::FLAG_CJK_NGRAM | QP::FLAG_NO_POSITIONS));
        reread = with_syntax > s.runs_read - before - with_syntax;
    } catch (const Xapian::QueryParserError &) {
        reread = true;
    }
    s.errors = errors;
    s.synonym_errors = synonym_errors;
    return reread;
}

/* s.text has a syntax error: parse its words without the operators into
 * query (phrases, fields and wildcards kept), and say so in s.warning.
 * Fails when that would find what the query excludes, with --strict, and
 * when no word is left.  Returns false as parse_rewritten() does. */
bool parse_fallback(Search &s, Xapian::Query &query)
{
    using QP = Xapian::QueryParser;
    if (excludes_words(s.text))
        throw Xapian::QueryParserError(EXCLUDED_ONLY);
    /* Xapian's parser takes no n-grams beside NEAR or ADJ: no error of
     * the user's brackets or quotes */
    bool cjk_near = false;
    if (s.idx->cjk && has_cjk(s.text)) {
        const std::vector<QueryToken> tokens = query_tokens(s.text);
        for (size_t i = 1; i + 1 < tokens.size(); i++) {
            const std::string &t = tokens[i].text;
            const std::string bare = t.substr(0, t.find('/'));
            cjk_near =
                cjk_near ||
                (!tokens[i].quoted && (bare == "NEAR" || bare == "ADJ") &&
                 (has_cjk(tokens[i - 1].text) || has_cjk(tokens[i + 1].text)));
        }
    }
    const std::string problem =
        cjk_near ? "NEAR and ADJ take no Chinese, Japanese or Korean words, "
                   "which the index reads as characters (write the words "
                   "alone, or a phrase in quotes)"
                 : "the query has a syntax error (check AND, OR, NOT, "
                   "brackets and quotes)";
    if (s.opts->strict)
        throw Xapian::QueryParserError(problem);
    const std::string plain = for_parser(s, without_operators(s.text));
    const unsigned kept =
        s.flags & (QP::FLAG_CJK_NGRAM | QP::FLAG_NO_POSITIONS);
    try {
        query =
            s.qp.parse_query(plain, kept | QP::FLAG_PHRASE | QP::FLAG_LOVEHATE |
                                        QP::FLAG_WILDCARD);
    } catch (const Xapian::QueryParserError &) {
        query = s.qp.parse_query(plain, kept);
    }
    if (synonyms_misread(s, query))
        return false;
    if (!s.errors.first.empty())
        throw Xapian::QueryParserError(s.errors.first);
    if (query.empty())
        throw Xapian::QueryParserError(
            "the query has a syntax error (check AND, OR, NOT, "
            "brackets and quotes) and no words to search for instead");
    s.warning = problem +
                "; searched for its words without operators "
                "instead: " +
                without_operators(s.opts->query ? s.opts->query : "");
    return true;
}

/* The filter fields (date:, tag:) lift_filters() took out of a query:
 * those that filter (tag:x, +tag:x) and those that exclude (-tag:x),
 * each field as written without its sign. */
struct LiftedFilters {
    std::vector<std::string> keep, exclude;
    bool empty() const
    {
        return keep.empty() && exclude.empty();
    }
};

/* The filter field token is ("tag" for tags:, any sign before it), or
 * "". */
std::string filter_of(const std::string &token)
{
    const size_t sign = token[0] == '+' || token[0] == '-';
    const size_t colon = token.find(':');
    if (colon == std::string::npos)
        return std::string();
    for (const char *name : FILTER_FIELDS)
        for (const std::string &form : spellings(name))
            if (token.compare(sign, colon - sign, form) == 0)
                return std::strcmp(name, "tags") == 0 ? "tag" : name;
    return std::string();
}

/* A token of a query's text outside brackets (top_groups()): up to
 * white space outside quotes. */
struct TopToken {
    size_t begin, end;
    bool field;  /* a filter field (date:, tag:, tags:), signed or not */
    bool and_op; /* AND */
    bool word;   /* neither a field nor an operator */
};

/* The tokens of text in groups between the ORs and XORs outside
 * brackets, up to the first NOT outside brackets (what follows it is
 * excluded, fields and all); *any_or whether there is such an OR. */
std::vector<std::vector<TopToken>> top_groups(const std::string &text,
                                              bool *any_or)
{
    std::vector<std::vector<TopToken>> groups(1);
    int depth = 0;
    size_t k = 0;
    *any_or = false;
    while (k < text.size()) {
        if (std::isspace((unsigned char)text[k])) {
            k++;
            continue;
        }
        const size_t begin = k;
        bool quoted = false;
        while (k < text.size() &&
               (quoted || !std::isspace((unsigned char)text[k]))) {
            if (text[k] == '"')
                quoted = !quoted;
            else if (!quoted && text[k] == '(')
                depth++;
            else if (!quoted && text[k] == ')')
                depth--;
            k++;
        }
        const std::string token = text.substr(begin, k - begin);
        const bool outside =
            depth == 0 && token.find_first_of("()") == std::string::npos;
        if (outside && token == "NOT")
            break;
        if (outside && (token == "OR" || token == "XOR")) {
            *any_or = true;
            groups.emplace_back();
            continue;
        }
        const bool field = outside && token.find(':') + 1 < token.size() &&
                           !filter_of(token).empty();
        groups.back().push_back(TopToken{begin, k, field,
                                         outside && token == "AND",
                                         !field && !is_operator(token)});
    }
    return groups;
}

/* In a group of text's top level without words (a query of filters
 * only, or filters alone between ORs), turn -field into NOT field: Xapian
 * reads "-tag:sport" with nothing beside it as the filter itself, so that
 * it found exactly what it excludes. */
void negate_lone_filters(std::string &text)
{
    bool any_or;
    std::string out;
    size_t done = 0;
    for (const auto &group : top_groups(text, &any_or)) {
        if (std::any_of(group.begin(), group.end(),
                        [](const TopToken &t) { return t.word; }))
            continue;
        for (const TopToken &t : group)
            if (t.field && text[t.begin] == '-') {
                out.append(text, done, t.begin - done);
                out += "NOT ";
                done = t.begin + 1;
            }
    }
    if (done == 0)
        return;
    out.append(text, done, std::string::npos);
    text = out;
}

/* Take the filter fields (date:, tag:) out of text when it has an OR or
 * XOR outside brackets: Xapian attaches a filter field to the words next
 * to it, and OR and XOR bind looser, so that "oil OR gas tag:energy" was
 * "oil OR (gas tag:energy)", not what --tag energy does.  Taken are the
 * fields outside brackets and quotes, before any NOT (after one they are
 * part of what it excludes, as documented), beside words (a field alone
 * between ORs is an operand: "harbour OR date:2024"), and not joined to
 * another by an explicit AND ("tag:a AND tag:b": both, which the fields
 * taken out, OR-ed as fields of one name are, would not say); -tag:x
 * excludes from the whole query.  Each field taken is replaced by
 * LIFTED_FIELD, which every paragraph passes; text is left unchanged
 * when there are none. */
LiftedFilters lift_filters(std::string &text)
{
    bool any_or;
    std::vector<TopToken> taken;
    for (const auto &group : top_groups(text, &any_or)) {
        bool words = false, joined = false; /* field AND field */
        for (size_t i = 0; i < group.size(); i++) {
            words = words || group[i].word;
            joined = joined || (i >= 2 && group[i].field &&
                                group[i - 1].and_op && group[i - 2].field);
        }
        for (const TopToken &t : group)
            if (words && !joined && t.field)
                taken.push_back(t);
    }
    LiftedFilters lifted;
    if (!any_or || taken.empty())
        return lifted;
    std::string kept;
    size_t done = 0;
    for (const TopToken &t : taken) {
        kept.append(text, done, t.begin - done);
        kept += std::string(LIFTED_FIELD) + ":1";
        done = t.end;
        const char sign = text[t.begin];
        const size_t from = t.begin + (sign == '+' || sign == '-');
        (sign == '-' ? lifted.exclude : lifted.keep)
            .push_back(text.substr(from, t.end - from));
    }
    kept.append(text, done, std::string::npos);
    text = kept;
    return lifted;
}

/* Parse s.text, the query text as rewritten, with table for its synonym
 * groups; sets s.warning when the parser had to fall back to plain words.
 * Returns false when the rewritten text was misread (synonyms_misread()):
 * the query is then not to be used, nor s.qp, s.errors or s.warning. */
bool parse_rewritten(Search &s, const as_synonyms_t *table,
                     Xapian::Query &query)
{
    Xapian::QueryParser &qp = s.qp;
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                     Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT |
                     (s.idx->cjk ? Xapian::QueryParser::FLAG_CJK_NGRAM : 0);

    /* The elisions go after the synonyms are read: an entry is written
     * with its elision ("l'Europe") */
    s.text = query_folded(s.text, s.idx->elisions);
    read_words_as_query(qp, s);
    /* Each field as written in lower case, capitalised as in an article's
     * header (Title:, Tags:) and in capitals; the values of a boolean
     * field, in all its names, are OR-ed (date:2024 DATE:2025). */
    static const std::string date = "date", tag = "tag";
    for (const auto &f : WORD_FIELDS)
        for (const std::string &name : spellings(f.field))
            qp.add_prefix(name, f.prefix);
    for (const std::string &name : spellings(date))
        qp.add_boolean_prefix(
            name, (new DateFieldProcessor(*s.idx, table, &s.errors))->release(),
            &date);
    for (const char *field : {"tag", "tags"})
        for (const std::string &name : spellings(field))
            qp.add_boolean_prefix(
                name,
                (new TagFieldProcessor(*s.idx, table, &s.errors))->release(),
                &tag);
    qp.add_prefix(AS_SYNONYMS_FIELD,
                  (new SynonymFieldProcessor(table, s))->release());
    qp.add_boolean_prefix(LIFTED_FIELD,
                          (new LiftedFieldProcessor())->release());

    s.flags = flags;
    const std::string typed = s.text;
    negate_lone_filters(s.text);
    const LiftedFilters filters = lift_filters(s.text);
    bool failed = false;
    try {
        query = qp.parse_query(for_parser(s, s.text), flags);
    } catch (const Xapian::QueryParserError &e) {
        /* Xapian falls back to plain words on most syntax errors, but
         * gives up on an operator without its operands ("japan AND",
         * "OR japan"). */
        if (e.get_msg().compare(0, 7, "Syntax:") != 0)
            throw;
        failed = true;
    }
    if (!failed) {
        if (synonyms_misread(s, query))
            return false;
        if (!s.errors.first.empty())
            throw Xapian::QueryParserError(s.errors.first);
        if (window_mixes_fields(query))
            throw Xapian::QueryParserError(
                "NEAR and ADJ join words of one field: put the field before "
                "brackets around them all, as title:(cat NEAR dog)");
    }
    if (!failed && uses_syntax(s.text)) {
        /* On a syntax error parse_query() silently parses again without
         * the syntax flags, operators as words and all; the result is
         * then the plain parse.  Syntax that changes nothing ("japan",
         * (japan), +japan) gives the plain parse too, without an error:
         * an operator read as a word, or the words the failed first pass
         * left in the parser's unstemming map (which the second pass adds
         * to), tell them apart. */
        const size_t words_read = unstemmed_words(qp, query);
        Xapian::Query plain =
            qp.parse_query(for_parser(s, s.text),
                           flags & (Xapian::QueryParser::FLAG_CJK_NGRAM |
                                    Xapian::QueryParser::FLAG_NO_POSITIONS));
        if (synonyms_misread(s, plain))
            return false;
        failed = plain.get_description() == query.get_description() &&
                 (words_read > unstemmed_words(qp, plain) ||
                  reads_operator_as_word(s.text, query) ||
                  syntax_matters(s, plain) || (s.idx->cjk && cjk_reread(s)));
    }
    /* Its words without the operators (the parser's state, unstemming
     * for --explain, as the query used needs it). */
    if (failed && !parse_fallback(s, query))
        return false;
    /* Xapian's parser closes an open bracket or quote at the end, and
     * skips a closing bracket before any word, without an error: for
     * --strict these are errors too. */
    if (s.opts->strict && s.warning.empty() && !balanced(s.text))
        throw Xapian::QueryParserError(
            "the query has a syntax error (check AND, OR, NOT, brackets and "
            "quotes)");
    if (!filters.empty()) {
        std::string keep;
        for (const std::string &f : filters.keep)
            keep += (keep.empty() ? "" : " ") + f;
        std::vector<Xapian::Query> excluded;
        for (const std::string &f : filters.exclude)
            excluded.push_back(qp.parse_query(f, flags));
        const Xapian::Query filter =
            keep.empty() ? Xapian::Query() : qp.parse_query(keep, flags);
        if (!s.errors.first.empty())
            throw Xapian::QueryParserError(s.errors.first);
        if (!filter.empty())
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
        if (!excluded.empty())
            query =
                Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                              Xapian::Query(Xapian::Query::OP_OR,
                                            excluded.begin(), excluded.end()));
    }
    s.text = typed; /* for a spelling correction: the whole query */
    return true;
}

/* as_synonyms_stop_fn over a Xapian::Stopper. */
int is_stopword(void *stopper, const char *word)
{
    return (*static_cast<const Xapian::Stopper *>(stopper))(word) ? 1 : 0;
}

/* The first "or" or "not" in lower case that stands between two words of
 * text, outside quotes: a word to Xapian (a stopword at that), where the
 * user most likely meant the operator ("japan not china" finds what
 * "japan china" finds).  Empty if there is none. */
std::string lower_case_operator(const std::string &text)
{
    const std::vector<QueryToken> tokens = query_tokens(text);
    for (size_t i = 1; i + 1 < tokens.size(); i++)
        if (!tokens[i].quoted &&
            (tokens[i].text == "or" || tokens[i].text == "not"))
            return tokens[i].text;
    return std::string();
}

/* The first word with a wildcard inside quotes in text ("nuclear umbr*"),
 * which the parser searches as the word without it: phrases and field
 * values take whole words.  Quotes are those the parser reads (straight,
 * and typographic double ones), a wildcard a '*' that ends a word (not
 * the one of "5*3").  "" when there is none. */
std::string quoted_wildcard(const std::string &text)
{
    auto word_byte = [&](size_t i) {
        return i < text.size() && !quote_at(text, i) &&
               (std::isalnum((unsigned char)text[i]) ||
                (unsigned char)text[i] >= 0x80);
    };
    size_t start = 0;
    bool in_word = false, in_quotes = false;
    for (size_t i = 0; i < text.size();) {
        if (const size_t q = quote_at(text, i)) {
            in_quotes = !in_quotes;
            in_word = false;
            i += q;
            continue;
        }
        if (word_byte(i)) {
            if (!in_word)
                start = i;
            in_word = true;
            i++;
            continue;
        }
        if (text[i] == '*' && in_word && in_quotes && !word_byte(i + 1))
            return text.substr(start, i + 1 - start);
        in_word = false;
        i++;
    }
    return std::string();
}

/* The first wildcard of text outside quotes whose word is joined to the
 * word before it by a hyphen, a slash or an @ ("year-e*", "U.S.-Jap*"),
 * from the start of the words so joined: "" if none.  Xapian reads such
 * words as a phrase, which takes whole words: the '*' goes, and the last
 * word is searched as it is.  (Not a dot: "3.5*" and "U.S.A*" are one
 * word to it, and expanded.) */
std::string joined_wildcard(const std::string &text)
{
    auto word_byte = [&](size_t i) {
        return i < text.size() && (std::isalnum((unsigned char)text[i]) ||
                                   (unsigned char)text[i] >= 0x80);
    };
    auto joiner = [&](size_t i) {
        return i < text.size() && std::strchr("-/@", text[i]) != nullptr &&
               text[i] != '\0';
    };
    size_t start = 0;
    bool in_word = false, in_quotes = false, joined = false;
    for (size_t i = 0; i < text.size();) {
        if (const size_t q = quote_at(text, i)) {
            in_quotes = !in_quotes;
            in_word = joined = false;
            i += q;
            continue;
        }
        if (word_byte(i)) {
            if (!in_word && !joined)
                start = i;
            in_word = true;
            i++;
            continue;
        }
        if (in_word && (joiner(i) || text[i] == '.')) {
            size_t next = i;
            bool joins = false;
            while (joiner(next) || (next < text.size() && text[next] == '.'))
                joins = joiner(next++) || joins;
            if (word_byte(next) && !joins) { /* 3.5, U.S.A: one word */
                i = next;
                continue;
            }
            if (word_byte(next)) {
                joined = true; /* the next word is joined to this one */
                in_word = false;
                i = next;
                continue;
            }
        }
        if (text[i] == '*' && in_word && joined && !in_quotes &&
            !word_byte(i + 1))
            return text.substr(start, i + 1 - start);
        in_word = joined = false;
        i++;
    }
    return std::string();
}

/* The largest N of NEAR/N and ADJ/N: more words than a paragraph of the
 * longest (1 MiB) can have.  Xapian reads N modulo 2^32 (NEAR/4294967297
 * was NEAR/1). */
const unsigned long MAX_WINDOW = 1000000;

/* An error for a NEAR/N or ADJ/N of text whose N is over MAX_WINDOW. */
void check_windows(const std::string &text)
{
    for (const QueryToken &t : query_tokens(text)) {
        const size_t slash = t.text.find('/');
        if (t.quoted || slash == std::string::npos)
            continue;
        const std::string op = t.text.substr(0, slash);
        const std::string n = t.text.substr(slash + 1);
        if ((op != "NEAR" && op != "ADJ") || n.empty() ||
            n.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const std::string digits = n.substr(
            std::min(n.find_first_not_of('0'), n.size() - 1)); /* "007": "7" */
        if (digits.size() > 7 ||
            std::strtoul(digits.c_str(), nullptr, 10) > MAX_WINDOW)
            throw Xapian::QueryParserError(
                op + "/" + n + ": the distance is at most " +
                std::to_string(MAX_WINDOW) + " words");
    }
}

/* The index of the last token of the operand that starts at
 * tokens[first]: a word, a phrase in quotes, or a bracket with all it
 * holds. */
size_t operand_end(const std::vector<QueryToken> &tokens, size_t first)
{
    size_t last = first, quotes = 0;
    long depth = 0;
    for (;; last++) {
        const std::string &word = tokens[last].text;
        quotes += quotes_in(word);
        if (!tokens[last].quoted)
            depth += std::count(word.begin(), word.end(), '(') -
                     std::count(word.begin(), word.end(), ')');
        if ((quotes % 2 == 0 && depth <= 0) || last + 1 == tokens.size())
            return last;
    }
}

/* tokens[from] to tokens[to], joined by spaces. */
std::string joined_tokens(const std::vector<QueryToken> &tokens, size_t from,
                          size_t to)
{
    std::string text = tokens[from].text;
    while (from < to)
        text += " " + tokens[++from].text;
    return text;
}

/* A warning for a NOT at tokens[i] that takes more than one word, which
 * Xapian reads as NOT (b AND c), or "".  Not for stopwords the stop list
 * leaves out (when stopper is given: "oil NOT iran the" is oil NOT iran),
 * nor for filters of one field, which are OR-ed ("NOT tag:a tag:b"
 * excludes either). */
std::string not_takes_more(const std::vector<QueryToken> &tokens, size_t i,
                           const Xapian::Stopper *stopper)
{
    if (i + 1 >= tokens.size() || tokens[i + 1].text[0] == '-')
        return std::string();
    std::vector<std::pair<size_t, size_t>> pieces; /* token ranges */
    long depth = 0; /* of brackets outside quotes */
    for (size_t k = i + 1; k < tokens.size();) {
        if (!pieces.empty() && !tokens[k].quoted &&
            (is_operator(tokens[k].text) || tokens[k].text[0] == ')'))
            break;
        const size_t end = operand_end(tokens, k);
        pieces.emplace_back(k, end);
        for (size_t j = k; j <= end; j++)
            if (!tokens[j].quoted)
                depth += std::count(tokens[j].text.begin(),
                                    tokens[j].text.end(), '(') -
                         std::count(tokens[j].text.begin(),
                                    tokens[j].text.end(), ')');
        k = end + 1;
        if (depth < 0) /* the end of a bracket around the NOT */
            break;
    }
    size_t real = 0;
    size_t words = 0; /* pieces with a word (not a stray "" or ()) */
    std::set<std::string> filters;
    bool all_filters = true;
    for (const auto &p : pieces) {
        const QueryToken &w = tokens[p.first];
        const std::string text = joined_tokens(tokens, p.first, p.second);
        if (std::none_of(text.begin(), text.end(), [](char c) {
                return std::isalnum((unsigned char)c) ||
                       (unsigned char)c >= 0x80;
            }))
            continue;
        words++;
        const bool plain =
            p.first == p.second && !w.quoted &&
            w.text.find_first_of(":*()+-~\"") == std::string::npos;
        std::string lower = Xapian::Unicode::tolower(w.text);
        for (size_t q; (q = lower.find("\xe2\x80\x99")) != std::string::npos;)
            lower.replace(q, 3, "'"); /* it\u2019s: it's */
        real += !(plain && stopper && (*stopper)(lower));
        /* (unsigned: -tag:x after NOT is not OR-ed with the others) */
        const std::string field = p.first == p.second && !w.quoted &&
                                          w.text[0] != '-' && w.text[0] != '+'
                                      ? filter_of(w.text)
                                      : "";
        all_filters = all_filters && !field.empty();
        filters.insert(field);
    }
    /* (stopwords alone are kept: "NOT the a" is NOT (the AND a)) */
    if (words < 2 || real == 1 || (all_filters && filters.size() == 1))
        return std::string();
    std::string all =
        joined_tokens(tokens, pieces.front().first, pieces.back().second);
    while (depth++ < 0 && !all.empty() && all.back() == ')')
        all.pop_back();
    const std::string excluded =
        joined_tokens(tokens, pieces.front().first, pieces.front().second);
    return "'NOT " + all + "' is read as NOT (" + all +
           "): only what matches it all is excluded; write NOT " + excluded +
           " after the words to find";
}

/* A warning for what the parser reads otherwise than it looks, or "":
 * "a AND -b c", which Xapian reads as "a AND NOT (b AND c)" (AND - is
 * AND NOT, which takes the words after it); "a NOT b c", which it reads
 * as "a NOT (b AND c)" (as it does "NOT b c", and "a NOT b tag:x": a
 * filter after the excluded word is part of what is excluded); and a
 * field's name with nothing after its colon ("date:", "title: japan"),
 * which is searched as a word. */
std::string misleading_syntax(const std::string &typed,
                              const Xapian::Stopper *stopper)
{
    std::string text = typed; /* as parsed: "oil OR gas AND -tag:x y" */
    lift_filters(text);       /* excludes x from all, as it seems */
    std::vector<const char *> fields(std::begin(FILTER_FIELDS),
                                     std::end(FILTER_FIELDS));
    for (const auto &f : WORD_FIELDS)
        fields.push_back(f.field);
    const std::vector<QueryToken> tokens = query_tokens(text);
    for (size_t i = 0; i < tokens.size(); i++) {
        const QueryToken &t = tokens[i];
        if (t.quoted)
            continue;
        /* what AND - excludes: a word or a phrase ("-\"a b\"") */
        size_t last = i + 1;
        std::string minus;
        if (t.text == "AND" && last < tokens.size()) {
            minus = tokens[last].text;
            for (size_t q = quotes_in(minus); q % 2 && last + 1 < tokens.size();
                 q += quotes_in(tokens[last].text))
                minus += " " + tokens[++last].text;
        }
        if (t.text == "AND" && last + 1 < tokens.size() &&
            quotes_in(minus) % 2 == 0 && minus.size() > 1 && minus[0] == '-' &&
            minus.back() != ')' && !is_operator(tokens[last + 1].text) &&
            tokens[last + 1].text[0] != ')') {
            const std::string excluded = minus.substr(1);
            return "'AND " + minus + " " + tokens[last + 1].text +
                   "' excludes " + excluded +
                   " together with the words "
                   "after it (Xapian reads AND - as AND NOT): write -" +
                   excluded + " after the words to find";
        }
        if (t.text == "NOT") {
            const std::string why = not_takes_more(tokens, i, stopper);
            if (!why.empty())
                return why;
        }
        const size_t sign = t.text[0] == '+' || t.text[0] == '-';
        for (const char *f : fields)
            for (const std::string &name : spellings(f)) {
                /* "title:-coffee" is title:coffee to Xapian, and
                 * "title:+coffee" the words title and coffee */
                const size_t value = sign + name.size() + 1;
                if (std::strcmp(f, "date") != 0 &&
                    t.text.compare(sign, name.size() + 1, name + ":") == 0 &&
                    value + 1 < t.text.size() &&
                    (t.text[value] == '-' || t.text[value] == '+') &&
                    !(t.text[0] == '-' &&
                      t.text[value] == '-') && /* -title:-x: as written */
                    (std::isalnum((unsigned char)t.text[value + 1]) ||
                     (unsigned char)t.text[value + 1] >= 0x80))
                    return "'" + t.text + "' has its " + t.text[value] +
                           " after the colon, where it is no sign: write " +
                           t.text[value] + name + ":" +
                           t.text.substr(value + 1) + " (a sign goes " +
                           "before the field's name)";
                if (t.text == name + ":")
                    return "'" + t.text +
                           "' has no value (no space goes "
                           "after the colon): it is searched as the word '" +
                           name + "'";
                else if (t.text == name + ":*")
                    return "'" + t.text +
                           "' has no letters before its * (a wildcard "
                           "needs some): it is searched as the word '" +
                           name + "'";
            }
    }
    return std::string();
}

/* The first word of text longer than WORD_MAX bytes (a run of word
 * characters), or "". */
std::string too_long_word(const std::string &text)
{
    size_t begin = 0;
    bool in_word = false;
    for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
        const size_t at = size_t(it.raw() - text.data());
        if (!Xapian::Unicode::is_wordchar(*it)) {
            if (in_word && at - begin > WORD_MAX)
                return text.substr(begin, at - begin);
            in_word = false;
        } else if (!in_word) {
            begin = at;
            in_word = true;
        }
    }
    if (in_word && text.size() - begin > WORD_MAX)
        return text.substr(begin);
    return std::string();
}

/* Add why (if any) to the warnings of s. */
/* Whether text marks a word or phrase with ~ (outside quotes, at a
 * word's start, not in a field's value), asking for its synonym group. */
bool has_synonym_mark(const std::string &text)
{
    bool in_quotes = false;
    for (size_t i = 0; i < text.size(); i++) {
        if (text[i] == '"')
            in_quotes = !in_quotes;
        else if (text[i] == '~' && !in_quotes && i + 1 < text.size() &&
                 /* at a word's start (foo~bar, a URL's /~user: no mark),
                  * not a field's value (tag:~x, title:(~us)) */
                 (i == 0 || std::strchr(" \t(+-", text[i - 1]) != nullptr) &&
                 !(i > 1 && text[i - 1] == '(' && text[i - 2] == ':') &&
                 (text[i + 1] == '"' ||
                  std::isalnum((unsigned char)text[i + 1]) ||
                  (unsigned char)text[i + 1] >= 0x80))
            return true;
    }
    return false;
}

void add_warning(Search &s, const std::string &why)
{
    if (!why.empty())
        s.warning = s.warning.empty() ? why : s.warning + "; " + why;
}

/* Parse the user's query text; sets s.warning when the parser had to fall
 * back to plain words or could not use the synonyms. */
Xapian::Query parse_text(Search &s)
{
    const as_search_opts_t *opts = s.opts;
    const std::string text = opts->query ? opts->query : "";

    /* The synonym field is the rewriter's own: typed, it would reach
     * Xapian in forms the rewriter never writes, and one of them
     * ("xsynonymgroup:(0 +\"u") crashes Xapian 1.4's parser. */
    if (text.find(AS_SYNONYMS_FIELD ":") != std::string::npos)
        throw Xapian::QueryParserError(
            AS_SYNONYMS_FIELD ": is reserved (~word asks for synonyms)");
    for (const char *field : {LIFTED_FIELD, CJK_RUN_FIELD})
        if (text.find(std::string(field) + ":") != std::string::npos)
            throw Xapian::QueryParserError(std::string(field) +
                                           ": is reserved");
    /* Excluded words alone: Xapian's parser would read them as the
     * words themselves (-東京都, -~us), or fall back to them. */
    if (excludes_words_only(query_folded(text, s.idx->elisions)))
        throw Xapian::QueryParserError(EXCLUDED_ONLY);
    check_windows(text);
    s.text = text;
    /* The synonym table is read only for queries that can use it. */
    const bool wants_synonyms =
        opts->synonyms || text.find('~') != std::string::npos;
    const as_synonyms_t *table = wants_synonyms ? synonyms_of(s.idx) : nullptr;
    char *expanded;
    if (wants_synonyms) {
        const Xapian::Stopper *stopper =
            ranking_uses(opts, AS_RANKING_STOPWORDS)
                ? stopper_for(s.idx->language)
                : nullptr;
        if (as_synonyms_expand(table, text.c_str(), opts->synonyms,
                               stopper ? is_stopword : nullptr,
                               const_cast<Xapian::Stopper *>(stopper),
                               &expanded) != AS_OK)
            throw std::bad_alloc();
        s.text = expanded;
        std::free(expanded);
    }

    /* ~word with no group (when no word marked has one: the ~ goes), or
     * --synonyms with an index that has no groups: the user is told */
    const bool unmatched_mark =
        wants_synonyms &&
        (opts->synonyms ? !table || as_synonyms_count(table) == 0
                        : has_synonym_mark(text)) &&
        s.text.find(AS_SYNONYMS_FIELD ":") == std::string::npos;
    Xapian::Query query;
    if (!parse_rewritten(s, table, query)) {
        /* A group token read as words: the query without its groups
         * (its ~ marks dropped), with a warning, never the token's
         * words. */
        if (as_synonyms_expand(nullptr, text.c_str(), 0, nullptr, nullptr,
                               &expanded) != AS_OK)
            throw std::bad_alloc();
        s.text = expanded;
        std::free(expanded);
        s.qp = Xapian::QueryParser();
        s.errors = ParseErrors();
        s.synonym_errors = 0;
        s.warning.clear();
        s.stop_list = -1;                      /* another text */
        if (!parse_rewritten(s, table, query)) /* no group token in it */
            throw Xapian::QueryParserError("the query cannot be parsed");
        const std::string why =
            "the synonyms were not used: the query's quotes put a word to "
            "expand inside a phrase or a field's value (check the quotes)";
        s.warning = s.warning.empty() ? why : why + "; " + s.warning;
    }
    query = without_repeats(query);
    if (!text.empty() && query.empty() && s.warning.empty())
        s.warning = "the query has no words to search for";
    if (unmatched_mark)
        add_warning(s, !table || as_synonyms_count(table) == 0
                           ? std::string(opts->synonyms ? "--synonyms" : "~") +
                                 " asks for synonym groups, but the index has "
                                 "none (artsearch-index --synonyms FILE "
                                 "stores them): the words are searched as "
                                 "typed"
                           : "no synonym group has the words marked with ~ "
                             "(an entry is matched as its file writes it): "
                             "they are searched as typed");
    if (s.idx->cjk_mixed && has_cjk(text)) {
        const std::string why =
            "the indexes read Chinese, Japanese and Korean words two ways "
            "(some were made before artsearch read them as characters): "
            "they are searched as whole words, which the newer ones do not "
            "have; rebuild the older ones (artsearch-index --rebuild)";
        add_warning(s, why);
    }
    /* or and not are English words; in another language's index they
     * may be words of the language (French or: gold) */
    const std::string op = s.warning.empty() && in_english(s.idx->language)
                               ? lower_case_operator(text)
                               : std::string();
    if (!op.empty()) {
        std::string upper = op;
        for (char &c : upper)
            c = char(std::toupper((unsigned char)c));
        s.warning =
            "'" + op + "' in lower case is a word, not the operator " + upper +
            " (write " + upper +
            (op == "or" ? " for either word" : " to exclude what follows") +
            ")";
    }
    add_warning(
        s, misleading_syntax(text, ranking_uses(s.opts, AS_RANKING_STOPWORDS) &&
                                           s.stop_list > 0
                                       ? stopper_for(s.idx->language)
                                       : nullptr));
    const std::string long_word = too_long_word(text);
    if (!long_word.empty()) {
        const std::string why =
            "the word '" + long_word.substr(0, 20) + "...' is longer than " +
            std::to_string(WORD_MAX) + " bytes, which are not indexed";
        add_warning(s, why);
    }
    const std::string joined = joined_wildcard(text);
    if (!joined.empty()) {
        std::string whole;
        for (char c : joined)
            if (c != '-')
                whole += c;
        const bool hyphens_only =
            joined.find_first_not_of(
                "abcdefghijklmnopqrstuvwxyz"
                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-*") == std::string::npos;
        add_warning(s, "a wildcard on a word joined to another (by a "
                       "hyphen, a slash or an @) is not expanded: '" +
                           joined +
                           "' is searched as the phrase of its words, the "
                           "last one as typed" +
                           (hyphens_only ? " (hyphenated words are also "
                                           "indexed whole: " +
                                               whole + " finds them)"
                                         : std::string()));
    }
    const std::string wild = quoted_wildcard(text);
    if (!wild.empty()) {
        const std::string why =
            "a wildcard inside quotes is not expanded: '" + wild +
            "' is searched as the word '" + wild.substr(0, wild.size() - 1) +
            "' (a phrase or a field's quoted value takes whole words)";
        add_warning(s, why);
    }
    return query;
}

/* The term of the paragraph or article spec names ("ARTICLE" or
 * "ARTICLE:PARAGRAPH"), or "" if the index has none. */
/* Where spec ("ARTICLE:N") has the colon of a paragraph number (N all
 * digits), or npos. */
size_t paragraph_colon(const std::string &spec)
{
    const size_t colon = spec.rfind(':');
    return colon != std::string::npos && colon + 1 < spec.size() &&
                   spec.find_first_not_of("0123456789", colon + 1) ==
                       std::string::npos
               ? colon
               : std::string::npos;
}

std::string similar_source(const Xapian::Database &db, const std::string &spec)
{
    const size_t colon = paragraph_colon(spec);
    std::string source = "XART" + spec;

    if (colon != std::string::npos && spec.size() - colon - 1 <= 9) {
        const std::string paragraph =
            unique_term(spec.substr(0, colon),
                        std::strtol(spec.c_str() + colon + 1, nullptr, 10));
        /* else an article whose id ends in :N (a file 2024:3.txt) */
        if (db.get_termfreq(paragraph) > 0)
            return paragraph;
    }
    return db.get_termfreq(source) > 0 ? source : std::string();
}

/* Paragraphs like the one (or the article) named by --similar. */
Xapian::Query similar_query(Search &s)
{
    const std::string spec = s.opts->similar;
    std::string source = similar_source(s.idx->db, spec);

    /* An id is its file's name as written: one in decomposed form (a
     * file named on macOS) is found by the composed form typed. */
    if (source.empty()) {
        const std::string decomposed = normal_form(spec, as_text_nfd);
        if (decomposed != spec)
            source = similar_source(s.idx->db, decomposed);
    }
    if (source.empty()) { /* ("" would be every document) */
        /* ARTICLE:N of an article that has not N paragraphs: say how many
         * it has */
        const size_t colon = paragraph_colon(spec);
        if (colon != std::string::npos) {
            const std::string article = spec.substr(0, colon);
            const Xapian::doccount n = s.idx->db.get_termfreq("XART" + article);
            if (n > 0)
                throw ShimError(AS_ERR_USAGE,
                                "article '" + article + "' has no paragraph " +
                                    spec.substr(colon + 1) +
                                    " (the index holds " + std::to_string(n) +
                                    " of its paragraphs, from 1)");
        }
        throw ShimError(AS_ERR_USAGE, "no article or paragraph '" + spec +
                                          "' in the index (give ARTICLE "
                                          "or ARTICLE:PARAGRAPH)");
    }
    Xapian::RSet rset;
    for (auto p = s.idx->db.postlist_begin(source);
         p != s.idx->db.postlist_end(source); ++p)
        rset.add_document(*p);
    Xapian::Enquire enquire(s.idx->db);
    TextTermsOnly decider;
    decider.twins = s.idx->twins;
    if (ranking_uses(s.opts, AS_RANKING_STOPWORDS))
        decider.stopper = stemmed_stopper_for(s.idx->language, s.idx->stem);
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

/* The most words the wildcards of one query may stand for in all: each
 * may expand to AS_MAX_WILDCARD_TERMS, and Xapian's matcher takes time
 * and memory beyond their sum (a query of 1,600 "zw*" took 163 s and
 * 1.1 GB). */
const size_t MAX_WILDCARD_WORDS = 8 * AS_MAX_WILDCARD_TERMS;

/* Add to *words the words of db the wildcards of q stand for (each as
 * many as AS_MAX_WILDCARD_TERMS and one, at most). */
void count_wildcard_words(const Xapian::Database &db, const Xapian::Query &q,
                          size_t *words)
{
    std::string prefix;
    if (q.get_type() == Xapian::Query::OP_WILDCARD) {
        if (!wildcard_prefix(q, prefix))
            return;
        size_t n = 0;
        for (auto t = db.allterms_begin(prefix);
             t != db.allterms_end(prefix) && n <= AS_MAX_WILDCARD_TERMS; ++t)
            n++;
        *words += n;
        return;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        count_wildcard_words(db, q.get_subquery(i), words);
}

/* The quotation mark at s[i], '"' or another (its code point, and
 * *len its length in bytes): guillemets, either way round
 * ("\u00abstrategic autonomy\u00bb", "\u00bbstrategic autonomy\u00ab"),
 * the curly quotes (U+201C, U+201D), the low and reversed double
 * quotes (U+201E, U+201F), the fullwidth quote (U+FF02) and the
 * corner brackets of Chinese and Japanese (U+300C to U+300F); 0 if
 * none.  The parser reads only '"', U+201C and U+201D as quotes
 * (quote_at()). */
unsigned mark_at(const std::string &s, size_t i, size_t *len)
{
    static const unsigned marks[] = {0xab,   0xbb,   0x201c, 0x201d,
                                     0x201e, 0x201f, 0xff02, 0x300c,
                                     0x300d, 0x300e, 0x300f};
    if (s[i] == '"') {
        *len = 1;
        return '"';
    }
    if ((unsigned char)s[i] < 0xC2)
        return 0;
    const unsigned ch = *Xapian::Utf8Iterator(s.data() + i, s.size() - i);
    for (unsigned m : marks)
        if (ch == m) {
            *len = ch < 0x800 ? 2 : 3;
            return ch;
        }
    return 0;
}

/* Whether quotation mark close ends a quote opened with open: its
 * counterpart (\u00bb for \u00ab, \u300d for \u300c), or for the
 * quotes the parser knows and the low ones, any of those it knows. */
bool closes(unsigned open, unsigned close)
{
    const bool known = close == '"' || close == 0x201c || close == 0x201d;
    switch (open) {
    case '"':
    case 0x201c:
    case 0x201d:
    case 0x201e:
    case 0x201f:
        return known;
    case 0xab:
        return close == 0xbb;
    case 0xbb: /* \u00bb...\u00ab, and \u00bb...\u00bb in Swedish */
        return close == 0xab || close == 0xbb;
    case 0x300c:
    case 0x300e:
        return close == open + 1;
    default:
        return close == open;
    }
}

/* Where the quote opened at s[at] (mark open, len bytes) closes;
 * std::string::npos if it does not. */
size_t closing_mark(const std::string &s, size_t at, unsigned open, size_t len,
                    size_t *close_len)
{
    for (size_t k = at + len; k < s.size(); k++) {
        const unsigned ch = mark_at(s, k, close_len);
        if (ch && closes(open, ch))
            return k;
    }
    return std::string::npos;
}

/* The end of the value of a filter field (FILTER_FIELDS, in any of
 * their spellings()) that starts at s[at], at the start of a word; at if
 * there is none there.  A quoted value ends after its closing quote (or
 * at the end, unclosed, as the parser reads it), another at a space or
 * bracket. */
size_t filter_value_end(const std::string &s, size_t at)
{
    for (const char *field : FILTER_FIELDS)
        for (const std::string &name : spellings(field)) {
            const size_t n = name.size();
            if (s.compare(at, n, name) != 0 || at + n >= s.size() ||
                s[at + n] != ':')
                continue;
            size_t end = at + n + 1, len, close_len;
            const unsigned open = end < s.size() ? mark_at(s, end, &len) : 0;
            if (open) {
                const size_t k = closing_mark(s, end, open, len, &close_len);
                return k == std::string::npos ? s.size() : k + close_len;
            }
            while (end < s.size() && !std::isspace((unsigned char)s[end]) &&
                   s[end] != ')')
                end++;
            return end;
        }
    return at;
}

/* Whether the word of s at byte at is beside a NEAR or ADJ (NEAR/5,
 * ADJ/2), where the parser takes words, not a phrase ("Japan-US NEAR
 * treaty" is a syntax error). */
bool beside_window(const std::string &s, size_t at)
{
    const auto space = [&](size_t k) {
        return std::isspace((unsigned char)s[k]) != 0;
    };
    const auto window = [&](size_t from, size_t to) {
        const std::string word = s.substr(from, to - from);
        const std::string op = word.substr(0, word.find('/'));
        return op == "NEAR" || op == "ADJ";
    };
    size_t begin = at, end = at;
    while (begin > 0 && !space(begin - 1))
        begin--;
    while (end < s.size() && !space(end))
        end++;
    size_t to = begin; /* the word before */
    while (to > 0 && space(to - 1))
        to--;
    size_t from = to;
    while (from > 0 && !space(from - 1))
        from--;
    if (to > from && window(from, to))
        return true;
    from = end; /* the word after */
    while (from < s.size() && space(from))
        from++;
    to = from;
    while (to < s.size() && !space(to))
        to++;
    return to > from && window(from, to);
}

/* s with its marks as the parser knows them: the quotation marks of
 * other languages (mark_at()) as '"' (the parser knows '"',
 * U+201C and U+201D), and each hyphen or dash of Unicode that joins
 * two words (U+2010 to U+2013: "Japan\u2013US", pasted from an
 * article) as an ASCII hyphen, which makes the parser take the words
 * as a phrase.  Left as typed: a dash between spaces or before a word
 * (not an exclusion); the em dash, which sets off a clause; a mark in
 * a word beside NEAR or ADJ (which take words, not a phrase); marks
 * inside a quote; and the values of filter fields (tag:"Japan\u2013US",
 * matched as written), whose quotation marks become '"'
 * (tag:\u00abBrexit deal\u00bb). */
std::string ascii_marks(const std::string &s)
{
    using Xapian::Unicode::is_wordchar;
    struct Mark {
        size_t at, len;
        char ascii;
        unsigned ch;
    };
    std::vector<Mark> marks, quotes; /* rewritten; quotes to pair */
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = (unsigned char)s[i];
        size_t before, len;
        if (((c | 0x20) == 'd' || (c | 0x20) == 't') &&
            (i == 0 || !is_wordchar(code_point_before(s.data(), i, &before)))) {
            const size_t end = filter_value_end(s, i);
            if (end > i) {
                /* a value quoted with marks is quoted: its marks
                 * become '"'; the rest of a value stays as typed */
                const size_t open = s.find(':', i) + 1;
                const unsigned ch = mark_at(s, open, &len);
                if (ch && ch != '"') {
                    size_t close_len;
                    const size_t k = closing_mark(s, open, ch, len, &close_len);
                    marks.push_back({open, len, '"', ch});
                    if (k != std::string::npos)
                        marks.push_back({k, close_len, '"', 0});
                }
                i = end;
                continue;
            }
        }
        const unsigned quote = mark_at(s, i, &len);
        if (quote) {
            quotes.push_back({i, len, '"', quote});
            i += len;
            continue;
        }
        /* U+2010 to U+2013 are E2 80 90 to E2 80 93 */
        if (c != 0xE2 || s.size() - i < 4 || (unsigned char)s[i + 1] != 0x80 ||
            (unsigned char)s[i + 2] < 0x90 || (unsigned char)s[i + 2] > 0x93) {
            i++;
            continue;
        }
        const size_t next = i + 3;
        if (i > 0 && is_wordchar(code_point_before(s.data(), i, &before)) &&
            is_wordchar(
                *Xapian::Utf8Iterator(s.data() + next, s.size() - next)) &&
            !beside_window(s, i))
            marks.push_back({i, 3, '-', 0});
        i = next;
    }
    /* A quote opened by a mark is closed by its counterpart (closes());
     * other marks inside it are punctuation, left as typed.  A pair
     * with a mark beside NEAR or ADJ stays as typed whole (one of it
     * rewritten would open a phrase that swallows the operator). */
    const size_t none = quotes.size();
    size_t open = none;
    for (size_t k = 0; k < quotes.size(); k++) {
        if (open == none) {
            open = k;
            continue;
        }
        if (!closes(quotes[open].ch, quotes[k].ch))
            continue;
        if (!beside_window(s, quotes[open].at) &&
            !beside_window(s, quotes[k].at)) {
            marks.push_back(quotes[open]);
            marks.push_back(quotes[k]);
        }
        open = none;
    }
    if (open != none && !beside_window(s, quotes[open].at))
        marks.push_back(quotes[open]); /* unclosed, as '"' is */
    std::sort(marks.begin(), marks.end(),
              [](const Mark &a, const Mark &b) { return a.at < b.at; });
    std::string out;
    size_t done = 0;
    for (const Mark &m : marks) {
        out.append(s, done, m.at - done);
        out += m.ascii;
        done = m.at + m.len;
    }
    if (done == 0)
        return s;
    out.append(s, done, std::string::npos);
    return out;
}

} // namespace

namespace as_shim
{

std::string marks_as_ascii(const std::string &query)
{
    return ascii_marks(query);
}

bool wildcard_prefix(const Xapian::Query &q, std::string &prefix)
{
    static const char head[] = "Query(WILDCARD ";
    const std::string d = q.get_description();
    if (d.compare(0, sizeof head - 1, head) != 0 || d.back() != ')')
        return false;
    const size_t space = d.find(' ', sizeof head - 1); /* after the combiner */
    if (space == std::string::npos || space + 2 > d.size() - 1)
        return false;
    prefix = d.substr(space + 1, d.size() - 1 - (space + 1));
    return true;
}

/* Build the whole query: text (or similarity), title boost and filters. */
Xapian::Query build_query(Search &s)
{
    const as_search_opts_t *opts = s.opts;
    bool has_text = opts->query && *opts->query;
    Xapian::Query query;

    Xapian::Query text;
    if (has_text) {
        text = parse_text(s);
        size_t words = 0;
        count_wildcard_words(s.idx->db, text, &words);
        if (words > MAX_WILDCARD_WORDS)
            throw Xapian::QueryParserError(
                "the query's wildcards stand for more than " +
                std::to_string(MAX_WILDCARD_WORDS) +
                " words in all: make them longer or fewer");
        s.typed = text;
    }
    if (opts->similar) {
        query = similar_query(s);
        if (has_text)
            query = Xapian::Query(Xapian::Query::OP_AND, text, query);
    } else if (!has_text) {
        query = Xapian::Query::MatchAll;
    } else {
        Xapian::Query boost = ranking_uses(opts, AS_RANKING_TITLE)
                                  ? title_boost(text)
                                  : Xapian::Query();
        query = boost.empty()
                    ? text
                    : Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, boost);
    }
    std::vector<Xapian::Query> filters;
    if (opts->n_authors)
        filters.push_back(
            any_of(*s.idx, "XAUTHOR", opts->authors, opts->n_authors));
    if (opts->n_sources)
        filters.push_back(
            any_of(*s.idx, "XSOURCE", opts->sources, opts->n_sources));
    if (opts->n_tags)
        filters.push_back(any_of(*s.idx, TAG_PREFIX, opts->tags, opts->n_tags));
    if (opts->since || opts->until)
        filters.push_back(date_overlap(*s.idx, opts->since, opts->until));
    for (const Xapian::Query &f : filters)
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, f);
    return query;
}

} // namespace as_shim
