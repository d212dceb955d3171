/* xapian-shim-search.cc - running a search (see xapian-shim.h): ranking
 * (equals in a stable order), pseudo-relevance feedback, match counts and
 * facets, spelling suggestions, snippets and --explain, and the hits
 * handed back.  The values and terms it reads are the schema's, in
 * xapian-shim.hh.
 */
#include "config.h"

#include <strings.h>

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "xapian-shim.hh"

#include "text.h"

using namespace as_shim;

namespace as_shim
{

/* Expansion terms: stemmed words of the text only (of a word and its
 * plain twin, the twin), not stopwords when there is a stop list. */
bool TextTermsOnly::operator()(const std::string &term) const
{
    return term.size() > 2 && term[0] == 'Z' &&
           !std::isupper((unsigned char)term[1]) &&
           !std::isdigit((unsigned char)term[1]) &&
           !(twins && !without_accents(term).empty()) &&
           !(stopper && (*stopper)(term.substr(1)));
}

/* Whether Xapian's TermGenerator reads word character ch as Chinese,
 * Japanese or Korean with FLAG_CJK_NGRAM: each such character is a word
 * of its own (with positions; the pairs it also indexes have none).
 * Asked of the TermGenerator itself, once a character, so that its table
 * of scripts is the one used: ch twice makes two terms (ch and the pair)
 * where another character makes one word. */
bool cjk_char(unsigned ch)
{
    if (ch < 0x1100)
        return false;
    static std::unordered_map<unsigned, bool> known;
    auto found = known.find(ch);
    if (found != known.end())
        return found->second;
    std::string twice;
    Xapian::Unicode::append_utf8(twice, ch);
    Xapian::Unicode::append_utf8(twice, ch);
    Xapian::Document doc;
    Xapian::TermGenerator reader;
    reader.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    reader.set_document(doc);
    reader.index_text(twice);
    return known.emplace(ch, doc.termlist_count() == 2).first->second;
}

std::string normal_form(const std::string &s, as_status_t (*form)(char **))
{
    char *copy = strdup(s.c_str());
    if (!copy || form(&copy) != AS_OK) {
        std::free(copy);
        throw std::bad_alloc();
    }
    std::string out(copy);
    std::free(copy);
    return out;
}

std::string folded(std::string text, const char *const *elisions)
{
    char *out;
    size_t len;
    if (as_fold(text.data(), text.size(), elisions, &out, &len, nullptr) !=
        AS_OK)
        throw std::bad_alloc();
    if (!out)
        return text;
    std::string s(out, len);
    std::free(out);
    return s;
}

/* The fullwidth sign at byte i of text (U+FF08 to U+FF0D are EF BC 88 to
 * EF BC 8D): its ASCII form, or 0. */
static char fullwidth_sign(const std::string &text, size_t i)
{
    if (i + 2 >= text.size() || (unsigned char)text[i] != 0xEF ||
        (unsigned char)text[i + 1] != 0xBC)
        return 0;
    const unsigned char c = (unsigned char)text[i + 2];
    return c >= 0x88 && c <= 0x8D && c != 0x8C ? char(c - 0x88 + '(') : 0;
}

std::string query_folded(std::string text, const char *const *elisions)
{
    /* where a word may start or end: the text's ends, white space (the
     * ideographic space too), brackets */
    auto apart = [&text](size_t i) {
        return i >= text.size() || std::isspace((unsigned char)text[i]) ||
               text[i] == '(' || text[i] == ')' ||
               text.compare(i, 3, "\xE3\x80\x80") == 0 ||
               fullwidth_sign(text, i) == '(' || fullwidth_sign(text, i) == ')';
    };
    auto apart_before = [&](size_t i) {
        if (i == 0)
            return true;
        size_t from = i - 1;
        while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80)
            from--;
        return apart(from);
    };
    /* where a bracket may open: where a word may start, or after a
     * sign or a field's colon (-（a OR b）, title:（a）) */
    auto opens_at = [&](size_t i) {
        if (apart_before(i))
            return true;
        const char c = text[i - 1];
        return c == '-' || c == '+' || c == ':' ||
               (i >= 3 && (fullwidth_sign(text, i - 3) == '-' ||
                           fullwidth_sign(text, i - 3) == '+'));
    };
    std::vector<std::pair<size_t, char>> signs; /* the signs to fold */
    /* each （ open, and whether it stands as a bracket */
    std::vector<std::pair<size_t, bool>> open;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); i++) {
        if (text[i] == '"' || text.compare(i, 3, "\xE2\x80\x9C") == 0 ||
            text.compare(i, 3, "\xE2\x80\x9D") == 0)
            quoted = !quoted;
        const char sign = quoted ? 0 : fullwidth_sign(text, i);
        if (!sign)
            continue;
        if ((sign == '+' || sign == '-') && apart_before(i) &&
            i + 3 < text.size() && !std::isspace((unsigned char)text[i + 3]) &&
            text.compare(i + 3, 3, "\xE3\x80\x80") != 0)
            signs.emplace_back(
                i, sign); /* －増税, －（…）, not Ｃ＋＋ or 東京－大阪 */
        else if (sign == '*' && !apart_before(i) && apart(i + 3))
            signs.emplace_back(i, sign); /* 防衛＊ */
        else if (sign == '(')
            open.emplace_back(i, opens_at(i));
        else if (sign == ')' && !open.empty()) {
            /* （…） standing as words, not （株） */
            if (open.back().second && apart(i + 3)) {
                signs.emplace_back(open.back().first, '(');
                signs.emplace_back(i, ')');
            }
            open.pop_back();
        }
        i += 2;
    }
    /* a （ left open where a bracket may open is one, as an ASCII one
     * is (the parser closes it at the end: －（a OR b) */
    for (const auto &o : open)
        if (o.second)
            signs.emplace_back(o.first, '(');
    /* a sign before a （ that is not a bracket stays as typed */
    std::sort(signs.begin(), signs.end());
    std::vector<std::pair<size_t, char>> kept;
    for (const auto &sign : signs) {
        const bool before_bracket =
            (sign.second == '-' || sign.second == '+') &&
            fullwidth_sign(text, sign.first + 3) == '(';
        if (before_bracket &&
            !std::binary_search(signs.begin(), signs.end(),
                                std::make_pair(sign.first + 3, '(')))
            continue;
        kept.push_back(sign);
    }
    signs.swap(kept);
    if (!signs.empty()) {
        std::string out;
        size_t done = 0;
        for (const auto &sign : signs) {
            out.append(text, done, sign.first - done);
            out += sign.second;
            done = sign.first + 3;
        }
        out.append(text, done, std::string::npos);
        text = out;
    }
    return folded(text, elisions);
}

bool has_cjk(const std::string &text)
{
    for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it)
        if (Xapian::Unicode::is_wordchar(*it) && cjk_char(*it))
            return true;
    return false;
}

unsigned code_point_before(const char *text, size_t at, size_t *start)
{
    size_t i = at - 1;

    while (i > 0 && at - i < 4 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    *start = i;
    return *Xapian::Utf8Iterator(text + i, at - i);
}

} // namespace as_shim

namespace
{

/* Fewer matches than this make a search look for a spelling correction. */
const size_t SUGGEST_BELOW = 3;

/* Pseudo-relevance feedback: the first matches taken as relevant, and
 * the words taken from them. */
const Xapian::doccount FEEDBACK_DOCS = 3;
const Xapian::termcount FEEDBACK_TERMS = 20;

/* Hits that feedback may reorder: the query's best this many, less a
 * group of equals across the last place (see rank()). */
const size_t FEEDBACK_RERANK = 50;

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

/* Expansion terms for feedback: stemmed words of the text (text: of a
 * word and its plain twin, the twin), not stopwords (when there is a
 * stop list). */
class FeedbackTerms : public Xapian::ExpandDecider
{
    TextTermsOnly text;

  public:
    /* Words in at least two of the feedback documents (when there are
     * two): fewer candidates to weigh, and no word of one document's
     * own. */
    std::set<std::string> shared;
    bool use_shared = false;
    /* The stemmed forms of the query's words written as they are (in a
     * phrase, in quotes): Xapian leaves out the query's own terms only,
     * and "nuclear umbrella" in quotes had Znuclear and Zumbrella for its
     * best feedback words. */
    std::set<std::string> own;

    FeedbackTerms(const Xapian::Stopper *stopper, bool twins)
    {
        text.twins = twins;
        text.stopper = stopper;
    }

    bool operator()(const std::string &term) const override
    {
        return text(term) && (!use_shared || shared.count(term)) &&
               !own.count(term);
    }
};

/* A word of a text: its bytes and its lower case form. */
struct WordSpan {
    size_t begin, end;
    std::string lower;
};

/* The initials at it (as_initials()): the word they make ("us"), with
 * the end of its last letter.  False (and it unmoved) if there are
 * none. */
bool initials_at(const std::string &text, Xapian::Utf8Iterator &it, WordSpan &w)
{
    const size_t at = size_t(it.raw() - text.data());
    const size_t n = as_initials(text.data(), text.size(), at);

    if (n == 0)
        return false;
    w.lower.assign(n, ' ');
    w.lower.resize(as_initials_word(text.data() + at, n, &w.lower[0]));
    w.end = text[at + n - 1] == '.' ? at + n - 1 : at + n;
    it = Xapian::Utf8Iterator(text.data() + at + n, text.size() - at - n);
    return true;
}

/* What Xapian's TermGenerator keeps of ch between two word characters
 * of a word (its check_infix(), check_infix_digit()): ch itself, an
 * apostrophe for U+2019 and U+201B, 0 (the word ends there) or
 * IGNORED. */
const unsigned IGNORED = ~0u;
unsigned infix(unsigned ch, bool between_digits)
{
    if ((ch >= 0x200b && ch <= 0x200d) || ch == 0x2060 || ch == 0xfeff)
        return IGNORED;
    if (between_digits) {
        switch (ch) {
        case ',':
        case '.':
        case ';':
        case 0x037e:
        case 0x0589:
        case 0x060d:
        case 0x07f8:
        case 0x2044:
        case 0xfe10:
        case 0xfe13:
        case 0xfe14:
            return ch;
        }
        return 0;
    }
    if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027)
        return ch;
    return ch == 0x2019 || ch == 0x201b ? '\'' : 0;
}

bool is_digit(unsigned ch)
{
    return Xapian::Unicode::get_category(ch) ==
           Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

/* The words of text as the index has them, as Xapian's TermGenerator
 * makes them: runs of word characters; within a word, an apostrophe,
 * '&' or middle dot between word characters ("don't", "AT&T") and '.',
 * ',' or ';' between digits ("1.5", "20,000"); up to three '+' or '#'
 * after a word not followed by a word character ("C++", "C#"); and
 * initials ("U.S." is the word "us").  cjk: an index that reads Chinese,
 * Japanese and Korean as n-grams (as_index::cjk), where each of their
 * characters is a word (cjk_char()). */
std::vector<WordSpan> words_in(const std::string &text, bool cjk)
{
    using Xapian::Unicode::is_wordchar;
    std::vector<WordSpan> words;
    Xapian::Utf8Iterator it(text), end;
    while (it != end) {
        if (!is_wordchar(*it)) {
            ++it;
            continue;
        }
        WordSpan w{size_t(it.raw() - text.data()), 0, std::string()};
        if (cjk && cjk_char(*it)) {
            Xapian::Unicode::append_utf8(w.lower, *it);
            ++it;
            w.end = it == end ? text.size() : size_t(it.raw() - text.data());
            words.push_back(std::move(w));
            continue;
        }
        if (initials_at(text, it, w)) {
            words.push_back(std::move(w));
            continue;
        }
        unsigned prev = 0;
        for (;;) {
            prev = *it;
            Xapian::Unicode::append_utf8(w.lower,
                                         Xapian::Unicode::tolower(prev));
            ++it;
            if (it == end)
                break;
            if (is_wordchar(*it) && !(cjk && cjk_char(*it)))
                continue;
            if (is_wordchar(*it))
                break; /* a CJK character ends the word */
            Xapian::Utf8Iterator next = it;
            ++next;
            if (next == end || !is_wordchar(*next))
                break;
            const unsigned kept = infix(*it, is_digit(prev) && is_digit(*next));
            if (kept == 0)
                break;
            if (kept != IGNORED)
                Xapian::Unicode::append_utf8(w.lower, kept);
            it = next;
        }
        /* a suffix: C++, C# (not fish+chips) */
        Xapian::Utf8Iterator after = it;
        std::string suffix;
        while (after != end && (*after == '+' || *after == '#') &&
               suffix.size() < 4) {
            suffix += char(*after);
            ++after;
        }
        if (!suffix.empty() && suffix.size() <= 3 &&
            (after == end || !is_wordchar(*after))) {
            w.lower += suffix;
            it = after;
        }
        w.end = it == end ? text.size() : size_t(it.raw() - text.data());
        words.push_back(std::move(w));
    }
    return words;
}

/* The words of text as the index has them (words_in()), read folded as
 * the index reads text (as_fold() with elisions), each where text has
 * it: a folded word spans the characters it was folded from. */
std::vector<WordSpan> words_of(const std::string &text, bool cjk = false,
                               const char *const *elisions = nullptr)
{
    char *out;
    size_t len, *map;
    if (as_fold(text.data(), text.size(), elisions, &out, &len, &map) != AS_OK)
        throw std::bad_alloc();
    if (!out)
        return words_in(text, cjk);
    std::vector<WordSpan> words;
    try {
        words = words_in(std::string(out, len), cjk);
    } catch (...) {
        std::free(out);
        std::free(map);
        throw;
    }
    for (WordSpan &w : words) {
        size_t end = w.end;
        /* a word that ends inside a character's folded form ends after
         * that character */
        while (end > 0 && end < len && map[end] == map[end - 1])
            end++;
        w.begin = map[w.begin];
        w.end = map[end];
    }
    std::free(out);
    std::free(map);
    return words;
}

/* The hyphenated words among spans (words_of() of text): spans first to
 * last joined by single hyphens, and the word they make written whole,
 * as add_joined_words() indexes it ("G-7": "g7"). */
struct JoinedSpan {
    size_t first, last;
    std::string word;
};
std::vector<JoinedSpan> joined_spans(const std::string &text,
                                     const std::vector<WordSpan> &spans)
{
    std::vector<JoinedSpan> out;
    for (size_t k = 0; k + 1 < spans.size(); k++) {
        if (spans[k].end + 1 != spans[k + 1].begin || text[spans[k].end] != '-')
            continue; /* (most words: nothing to copy) */
        std::vector<std::string> parts = {spans[k].lower};
        size_t m = k;
        while (m + 1 < spans.size() && spans[m].end + 1 == spans[m + 1].begin &&
               text[spans[m].end] == '-')
            parts.push_back(spans[++m].lower);
        std::string word = m > k ? joined_word(parts) : std::string();
        if (!word.empty())
            out.push_back({k, m, std::move(word)});
        k = m;
    }
    return out;
}

/* The forms a text writes its words in: for each word in lower case, and
 * for each stem, the first form the text gives it, as written (what
 * --explain shows for a matched term).  The text is read once, however
 * many terms are looked up. */
class SurfaceForms
{
    std::unordered_map<std::string, std::string> plain, stemmed;

  public:
    SurfaceForms(Xapian::Stem &stemmer, const std::string &text,
                 const char *const *elisions, bool twins)
    {
        const std::vector<WordSpan> spans = words_of(text, false, elisions);
        for (const WordSpan &w : spans) {
            const std::string form = text.substr(w.begin, w.end - w.begin);
            plain.emplace(w.lower, form);
            for (const std::string &base : base_forms(w.lower, twins))
                plain.emplace(base, form);
            stemmed.emplace(stemmer(w.lower), form);
            const std::string bare = twins ? without_accents(w.lower) : "";
            if (!bare.empty()) /* a plain twin's stem: cafe for café */
                stemmed.emplace(stemmer(bare), form);
        }
        for (const JoinedSpan &j : joined_spans(text, spans)) { /* G-7 */
            const std::string form = text.substr(
                spans[j.first].begin, spans[j.last].end - spans[j.first].begin);
            plain.emplace(j.word, form);
            stemmed.emplace(stemmer(j.word), form);
        }
    }

    /* The form of term (a stem when is_stem), or term itself. */
    std::string of(const std::string &term, bool is_stem) const
    {
        const auto &forms = is_stem ? stemmed : plain;
        auto found = forms.find(term);
        return found == forms.end() ? term : found->second;
    }
};

/* A wildcard of the query (negotia*) and the prefix of the words it
 * stands for. */
struct Wildcard {
    Xapian::Query query;
    std::string prefix;
};

/* Whether term starts with prefix. */
bool starts_with(const std::string &term, const std::string &prefix)
{
    return term.compare(0, prefix.size(), prefix) == 0;
}

/* A phrase, NEAR or ADJ of the query: its words count as matched only in
 * the hits it matches, and there only where they stand as it asks. */
struct Group {
    Xapian::Query query;
    std::vector<std::vector<std::string>> slots; /* each place's terms */
    size_t window; /* the words of a match span fewer positions than this */
    bool ordered;  /* in the order of slots (PHRASE, ADJ), else any (NEAR) */
    bool required; /* every match of the query matches it */
    /* for each place, whether its word and the next place's are written
     * together, with nothing between them (the characters of a CJK run:
     * touching()) */
    std::vector<char> touch;

    bool has(const std::string &term) const
    {
        for (const auto &slot : slots)
            if (std::find(slot.begin(), slot.end(), term) != slot.end())
                return true;
        return false;
    }
};

/* The places of g, the phrase of a CJK run's characters filtered by the
 * pairs of neighbours written together (CjkRunFieldProcessor,
 * entry_query()), whose words must touch: those whose two terms make one
 * of the pairs.  The index reads the characters' positions on across a
 * space or punctuation, where no pair is; a highlight of 東京都 in
 * 東京、都心, or of 국방 in 한국 방문, would contradict the pairs. */
void touching(Group &g, const Xapian::Query &pairs)
{
    const std::unordered_set<std::string> have(pairs.get_terms_begin(),
                                               pairs.get_terms_end());
    g.touch.assign(g.slots.size(), 0);
    for (size_t i = 0; i + 1 < g.slots.size(); i++)
        for (const std::string &a : g.slots[i])
            for (const std::string &b : g.slots[i + 1]) {
                size_t p = 0; /* b's field prefix (title: S), a's too */
                while (p < b.size() && std::isupper((unsigned char)b[p]))
                    p++;
                if (have.count(a + b.substr(p)))
                    g.touch[i] = 1;
            }
}

/* The window of a PHRASE or NEAR query q.  Xapian 1.4 has no accessor for
 * it; its description has it after the first subquery's:
 * "Query((nuclear@1 PHRASE 2 umbrella@2))".  The number of subqueries
 * (words side by side) if it cannot be read. */
size_t window_of(const Xapian::Query &q)
{
    const size_t n = q.get_num_subqueries();
    if (n == 0)
        return 0;
    const std::string d = q.get_description();
    std::string first = q.get_subquery(0).get_description();
    static const char head[] = "Query(";
    if (first.compare(0, sizeof head - 1, head) != 0 || first.back() != ')')
        return n;
    first = first.substr(sizeof head - 1, first.size() - sizeof head);
    const std::string before =
        std::string(head) + "(" + first +
        (q.get_type() == Xapian::Query::OP_PHRASE ? " PHRASE " : " NEAR ");
    if (d.compare(0, before.size(), before) != 0 || d.size() <= before.size() ||
        !std::isdigit((unsigned char)d[before.size()]))
        return n;
    const unsigned long w =
        std::strtoul(d.c_str() + before.size(), nullptr, 10);
    return w >= n ? size_t(w) : n;
}

/* What of the query a hit matched: its terms, in query order (what
 * --explain lists), and the groups. */
struct HitMatch {
    std::vector<std::string> terms;
    std::vector<const Group *> groups;
};

/* The query's terms that index each hit (of()), in query order: what
 * Enquire::get_matching_terms() gives, which reads the hit's term list,
 * and the words the query's wildcards stand for in the hit (which it does
 * not give: the hit's terms that start with a wildcard's prefix, as many
 * as the wildcard's expansion holds at most), but not the words the query
 * excludes.  The feedback pass reads those term lists already and puts
 * what it finds here, so that snippets and --explain need not read them
 * again.  What a hit matched (match()) leaves out the words of a phrase,
 * NEAR or ADJ that the hit does not match (match_groups()). */
class HitTerms
{
    /* the query's terms and their places, as get_terms_begin() lists them */
    std::unordered_map<std::string, unsigned> place;
    /* those the query can match through, and those of them outside any
     * group (unordered: the feedback pass asks about every term of the
     * best hits) */
    std::unordered_set<std::string> positive, free;
    /* the wildcards, each with the term before it (its place: after it) */
    std::vector<std::pair<Wildcard, std::string>> wildcards;
    std::vector<Group> groups;
    std::unordered_map<Xapian::docid, std::vector<std::string>> known;
    /* the groups each hit matches (match_groups()) */
    std::unordered_map<Xapian::docid, std::vector<size_t>> in_groups;

    /* What q can match through (not what it excludes, or when can is
     * false), and whether every match of the query matches q (must);
     * last is the term before it. */
    void walk(const Xapian::Query &q, bool can, bool must, std::string &last)
    {
        switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
            last = *q.get_terms_begin();
            if (can) {
                positive.insert(last);
                free.insert(last);
            }
            return;
        case Xapian::Query::OP_WILDCARD: {
            Wildcard w{q, std::string()};
            if (can && wildcard_prefix(q, w.prefix))
                wildcards.emplace_back(std::move(w), last);
            return;
        }
        case Xapian::Query::OP_PHRASE:
        case Xapian::Query::OP_NEAR: {
            Group g{q,
                    {},
                    window_of(q),
                    q.get_type() == Xapian::Query::OP_PHRASE,
                    must,
                    {}};
            for (size_t i = 0; i < q.get_num_subqueries(); i++) {
                const Xapian::Query sub = q.get_subquery(i);
                g.slots.emplace_back();
                for (auto t = sub.get_terms_begin(); t != sub.get_terms_end();
                     ++t) {
                    last = *t;
                    if (can)
                        positive.insert(last);
                    g.slots.back().push_back(last);
                }
            }
            if (can && !g.slots.empty())
                groups.push_back(std::move(g));
            return;
        }
        default: {
            const Xapian::Query::op op = q.get_type();
            /* the subqueries every match has */
            const bool all = op == Xapian::Query::OP_AND ||
                             op == Xapian::Query::OP_FILTER ||
                             op == Xapian::Query::OP_SCALE_WEIGHT;
            const bool first = all || op == Xapian::Query::OP_AND_MAYBE ||
                               op == Xapian::Query::OP_AND_NOT;
            const size_t had = groups.size();
            /* (a filter's terms weigh nothing: the pairs of a CJK run,
             * CjkRunFieldProcessor) */
            for (size_t i = 0; i < q.get_num_subqueries(); i++)
                walk(q.get_subquery(i),
                     can && !(i > 0 && (op == Xapian::Query::OP_AND_NOT ||
                                        op == Xapian::Query::OP_FILTER)),
                     must && (all || (i == 0 && first)), last);
            if (op == Xapian::Query::OP_FILTER && q.get_num_subqueries() == 2 &&
                q.get_subquery(0).get_type() == Xapian::Query::OP_PHRASE &&
                groups.size() == had + 1)
                touching(groups.back(), q.get_subquery(1));
        }
        }
    }

    /* Where term stands in the query: its own place, or its wildcard's
     * (right after the term before the wildcard). */
    unsigned place_of(const std::string &term) const
    {
        auto p = place.find(term);
        if (p != place.end())
            return 2 * p->second + 1;
        for (const auto &w : wildcards) {
            if (!starts_with(term, w.first.prefix))
                continue;
            auto before = place.find(w.second);
            return before == place.end() ? 0 : 2 * before->second + 2;
        }
        return ~0u;
    }

  public:
    explicit HitTerms(const Xapian::Query &query)
    {
        unsigned i = 0;
        for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t)
            place.emplace(*t, i++);
        std::string last;
        walk(query, true, true, last);
    }

    bool in_query(const std::string &term) const
    {
        return positive.count(term) != 0 || wildcard_of(term) != nullptr;
    }

    /* The wildcard that term, not itself in the query, is a word of; null
     * if none. */
    const Wildcard *wildcard_of(const std::string &term) const
    {
        if (wildcards.empty() || positive.count(term))
            return nullptr;
        for (const auto &w : wildcards)
            if (starts_with(term, w.first.prefix))
                return &w.first;
        return nullptr;
    }

    /* Whether term matches wherever a hit has it: outside the groups. */
    bool anywhere(const std::string &term) const
    {
        return free.count(term) != 0 || wildcard_of(term) != nullptr;
    }

    /* Whether of() needs match_groups() first: some group of the query
     * may not match every hit. */
    bool asks_groups() const
    {
        for (const Group &g : groups)
            if (!g.required)
                return true;
        return false;
    }

    /* d's terms that are in_query(), as its term list has them. */
    void put(Xapian::docid d, std::vector<std::string> terms)
    {
        std::stable_sort(terms.begin(), terms.end(),
                         [&](const std::string &a, const std::string &b) {
                             return place_of(a) < place_of(b);
                         });
        known[d] = std::move(terms);
    }

    /* The terms of the hit at m that are in_query(), in query order. */
    std::vector<std::string> of(const Xapian::Database &db,
                                const Xapian::Enquire &enquire,
                                const Xapian::MSetIterator &m) const
    {
        auto k = known.find(*m);
        if (k != known.end())
            return k->second;
        std::vector<std::string> terms;
        for (auto t = enquire.get_matching_terms_begin(m);
             t != enquire.get_matching_terms_end(m); ++t)
            if (positive.count(*t))
                terms.push_back(*t);
        if (wildcards.empty())
            return terms;
        /* the hit's words of each wildcard, from its term list */
        std::set<std::string> seen(terms.begin(), terms.end());
        for (const auto &w : wildcards) {
            const std::string &prefix = w.first.prefix;
            const Xapian::TermIterator end = db.termlist_end(*m);
            Xapian::TermIterator t = db.termlist_begin(*m);
            for (t.skip_to(prefix); t != end && starts_with(*t, prefix); ++t)
                if (seen.insert(*t).second)
                    terms.push_back(*t);
        }
        std::stable_sort(terms.begin(), terms.end(),
                         [&](const std::string &a, const std::string &b) {
                             return place_of(a) < place_of(b);
                         });
        return terms;
    }

    /* Which groups the hits match (docs, their unique terms and their
     * terms of()), before match() is asked about them: one run of each
     * group that some hits may match but not all, over the hits that have
     * a word of each of its places. */
    void match_groups(const Xapian::Database &db,
                      const std::vector<Xapian::docid> &docs,
                      const std::vector<std::string> &uniques,
                      const std::vector<std::vector<std::string>> &terms)
    {
        for (Xapian::docid d : docs)
            in_groups[d];
        for (size_t g = 0; g < groups.size(); g++) {
            const Group &group = groups[g];
            if (group.required)
                continue;
            std::vector<Xapian::Query> ids;
            for (size_t i = 0; i < docs.size(); i++) {
                size_t slots = 0;
                for (const std::vector<std::string> &slot : group.slots) {
                    bool has = false;
                    for (const std::string &t : terms[i])
                        has = has || std::find(slot.begin(), slot.end(), t) !=
                                         slot.end();
                    slots += has;
                }
                if (slots == group.slots.size())
                    ids.emplace_back(uniques[i]);
            }
            if (ids.empty())
                continue;
            Xapian::Enquire enquire(db);
            enquire.set_query(Xapian::Query(
                Xapian::Query::OP_FILTER, group.query,
                Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end())));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            Xapian::MSet mset =
                enquire.get_mset(0, static_cast<Xapian::doccount>(ids.size()));
            for (auto m = mset.begin(); m != mset.end(); ++m)
                in_groups[*m].push_back(g);
        }
    }

    /* What hit d matched, of its terms of(): those of the groups it
     * matches (all of them if match_groups() was not asked about it) and
     * the others. */
    HitMatch match(Xapian::docid d, std::vector<std::string> terms) const
    {
        HitMatch out;
        if (!groups.empty()) {
            auto g = in_groups.find(d);
            for (const Group &group : groups)
                if (group.required || g == in_groups.end()) /* or unasked */
                    out.groups.push_back(&group);
            if (g != in_groups.end())
                for (size_t i : g->second)
                    out.groups.push_back(&groups[i]);
        }
        for (std::string &term : terms) {
            bool matched = anywhere(term);
            for (size_t i = 0; !matched && i < out.groups.size(); i++)
                matched = out.groups[i]->has(term);
            if (matched)
                out.terms.push_back(std::move(term));
        }
        return out;
    }
};

/* What wildcard w gives document d (unique: its unique term): Xapian
 * weighs a wildcard's words in a document as one term (their wdfs added
 * up), shared here among them in proportion to their wdfs.  Worked out
 * once per wildcard and hit (a broad one stands for up to 1024 words). */
struct WildcardWeight {
    double weight = 0, wdfs = 0;
    std::map<std::string, double> wdf; /* of each of its words in d */

    WildcardWeight(const Xapian::Database &db, const HitTerms &terms,
                   const Wildcard &w, const std::vector<std::string> &matching,
                   Xapian::docid d, const std::string &unique)
    {
        Xapian::Enquire one(db);
        one.set_query(Xapian::Query(Xapian::Query::OP_FILTER, w.query,
                                    Xapian::Query(unique)));
        Xapian::MSet mset = one.get_mset(0, 1);
        if (mset.empty())
            return;
        weight = mset.begin().get_weight();
        Xapian::TermIterator it = db.termlist_begin(d);
        const Xapian::TermIterator end = db.termlist_end(d);
        std::vector<std::string> words;
        for (const std::string &t : matching)
            if (terms.wildcard_of(t) == &w)
                words.push_back(t);
        std::sort(words.begin(), words.end()); /* skip_to goes forward */
        for (const std::string &t : words) {
            it.skip_to(t);
            if (it == end)
                break;
            if (*it == t) {
                wdf[t] = double(it.get_wdf());
                wdfs += wdf[t];
            }
        }
    }

    /* The share of term, one of the wildcard's words. */
    double share(const std::string &term) const
    {
        auto found = wdf.find(term);
        return found == wdf.end() || wdfs <= 0 ? 0.0
                                               : weight * found->second / wdfs;
    }
};

/* For --explain: what each matched term of hit d is and weighs. */
void explain_hit(Search &s, const HitTerms &terms,
                 const std::vector<std::string> &matching, Xapian::docid d,
                 Hit &h)
{
    const std::string unique =
        unique_term(h.record->id, long(h.record->paragraph));
    const std::set<std::string> typed(s.typed.get_unique_terms_begin(),
                                      s.typed.get_unique_terms_end());
    std::map<const Wildcard *, WildcardWeight> wildcards;
    std::map<std::string, SurfaceForms> forms; /* of each field read */
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
        /* The form the paragraph (or field) itself uses. */
        auto at = forms.find(field);
        if (at == forms.end()) {
            const as_record_t *r = h.record;
            std::string where = field == "title"    ? r->title
                                : field == "source" ? r->source
                                                    : r->text;
            if (field == "author") {
                where.clear();
                for (size_t k = 0; k < r->n_authors; k++)
                    where += std::string(r->authors[k]) + " ";
            }
            at = forms
                     .emplace(field,
                              SurfaceForms(s.idx->stem, where, s.idx->elisions,
                                           s.idx->some_twins))
                     .first;
        }
        const std::string word = at->second.of(rest, stemmed);
        double weight;
        if (const Wildcard *wild = terms.wildcard_of(term)) {
            /* typed (the title boost has no wildcards) */
            auto found = wildcards.find(wild);
            if (found == wildcards.end())
                found =
                    wildcards
                        .emplace(wild, WildcardWeight(s.idx->db, terms, *wild,
                                                      matching, d, unique))
                        .first;
            weight = found->second.share(term);
        } else {
            Xapian::Enquire one(s.idx->db);
            one.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                        Xapian::Query(term),
                                        Xapian::Query(unique)));
            Xapian::MSet w = one.get_mset(0, 1);
            weight = w.empty() ? 0.0 : w.begin().get_weight();
            if (field == "title" && !typed.count(term))
                weight *= TITLE_WEIGHT; /* the boost's, not a title: term */
        }
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

/* A word's terms among the matched ones: as written (lower case) and as
 * stemmed, each an index into them, or none. */
struct WordTerms {
    size_t plain, stemmed;
};

/* The steps mark_group() takes at most for one group in one text: enough
 * for every match in any real paragraph, and a bound on what a phrase
 * of thousands of words or NEAR/1000000 over a paragraph of a megabyte
 * costs (it would take minutes; past it, the matches not reached are a
 * highlight fewer). */
const size_t MARK_STEPS = 2000000;

/* The largest table of next words mark_group() keeps (places x words
 * that can take one: a NEAR of a few words over any paragraph), with
 * which a start finds each place in one step, whatever the window. */
const size_t MARK_TABLE = size_t(4) << 20;

/* The words of group g's matches in a text (its words' terms in forms,
 * indexes into matched, found through index) into
 * words: for each word that can stand in its first place (any place for
 * NEAR), the nearest words after it that take the other places within
 * the window, each taking the first place it can (a word that could take
 * either of two places may so be missed: rare, and only a highlight
 * fewer).  Each word of a match gets its term.  When no match is found
 * (the hit matched g, but the index read some of its words otherwise
 * than words_of() does), every word of g does, wherever it is; not when
 * the steps ran out (MARK_STEPS), since a match may lie beyond them. */
void mark_group(const Group &g, const std::vector<std::string> &matched,
                const std::unordered_map<std::string, size_t> &index,
                const std::vector<WordTerms> &forms,
                std::vector<as_snippet_word_t> &words)
{
    const size_t none = matched.size(), n = g.slots.size();
    if (n == 0)
        return;
    /* for each place, the matched terms that take it; and whether a term
     * takes any */
    std::vector<char> takes(n * none, 0), any(none, 0);
    for (size_t slot = 0; slot < n; slot++)
        for (const std::string &term : g.slots[slot]) {
            auto t = index.find(term);
            if (t != index.end())
                takes[slot * none + t->second] = any[t->second] = 1;
        }
    /* the term word k takes place slot with, or none */
    auto fill = [&](size_t k, size_t slot) {
        for (size_t t : {forms[k].plain, forms[k].stemmed})
            if (t != none && takes[slot * none + t])
                return t;
        return none;
    };
    std::vector<size_t> can; /* the words that can take a place, in order */
    for (size_t k = 0; k < forms.size(); k++)
        if ((forms[k].plain != none && any[forms[k].plain]) ||
            (forms[k].stemmed != none && any[forms[k].stemmed]))
            can.push_back(k);
    size_t steps = MARK_STEPS;
    /* One pass over the words that can take a place, in the order of
     * order (can, or can backwards): each start, the nearest words after
     * it in that order (backwards, for PHRASE and ADJ, taking the places
     * from the last).  Whether a match was found. */
    auto pass = [&](const std::vector<size_t> &order, bool backwards) {
        const size_t cn = order.size(), unset = size_t(-1);
        auto place = [&](size_t k) {
            return backwards && g.ordered ? n - 1 - k : k;
        };
        auto apart = [&](size_t i, size_t j) {
            return order[j] > order[i] ? order[j] - order[i]
                                       : order[i] - order[j];
        };
        /* for each place, the first word from each on that can take it */
        std::vector<uint32_t> next;
        const bool indexed = (cn + 1) * n <= MARK_TABLE;
        if (indexed) {
            next.resize((cn + 1) * n);
            for (size_t slot = 0; slot < n; slot++) {
                uint32_t *row = &next[slot * (cn + 1)];
                row[cn] = uint32_t(cn);
                for (size_t j = cn; j-- > 0;)
                    row[j] =
                        fill(order[j], slot) != none ? uint32_t(j) : row[j + 1];
            }
        }
        std::vector<size_t> at(n);            /* indexes into order */
        std::vector<size_t> taken(cn, unset); /* by the match from i */
        bool marked = false;
        for (size_t i = 0; i < cn && steps > 0; i++) {
            size_t first = 0; /* the place word order[i] takes */
            while (first < n && fill(order[i], place(first)) == none)
                first = g.ordered ? n : first + 1;
            if (first == n)
                continue;
            at[place(first)] = i;
            taken[i] = i;
            bool found = true;
            for (size_t k = 0, j = i + 1; k < n && found; k++) {
                if (k == first)
                    continue;
                const size_t slot = place(k);
                if (!g.ordered)
                    j = i + 1;
                for (;;) { /* the next word that can take the place, not
                              taken */
                    if (indexed)
                        j = next[slot * (cn + 1) + j];
                    else
                        while (j < cn && apart(i, j) < g.window && steps > 0 &&
                               fill(order[j], slot) == none) {
                            j++;
                            steps--;
                        }
                    found = steps > 0 && j < cn && apart(i, j) < g.window;
                    if (!found || taken[j] != i)
                        break;
                    j++;
                    steps--;
                }
                steps -= steps > 0; /* a place taken is a step too */
                if (found) {
                    at[slot] = j;
                    taken[j++] = i;
                }
            }
            /* a CJK run's characters written together (touching()) */
            for (size_t slot = 0; found && slot < g.touch.size(); slot++) {
                const size_t a = order[at[slot]];
                found = !g.touch[slot] ||
                        (slot + 1 < n && order[at[slot + 1]] == a + 1 &&
                         words[a].end == words[a + 1].start);
            }
            if (!found)
                continue;
            for (size_t slot = 0; slot < n; slot++)
                if (words[order[at[slot]]].term == none)
                    words[order[at[slot]]].term = fill(order[at[slot]], slot);
            marked = true;
        }
        return marked;
    };
    /* and backwards: the nearest words before each start too ("prices a
     * b oil c oil d oil": every oil is in a match of prices NEAR oil, and
     * of prices ADJ oil) */
    bool marked = pass(can, false);
    if (n > 1)
        marked =
            pass(std::vector<size_t>(can.rbegin(), can.rend()), true) || marked;
    const size_t cn = can.size();
    /* (not when the steps ran out: a match may lie beyond them; nor for a
     * CJK run, whose characters found apart are no match of it: 東京都 in
     * 「東京、都心と大阪」, found by 大阪) */
    const bool touches =
        std::find(g.touch.begin(), g.touch.end(), 1) != g.touch.end();
    for (size_t i = 0; i < cn && !marked && steps > 0 && !touches; i++) {
        const WordTerms &f = forms[can[i]];
        if (words[can[i]].term == none)
            words[can[i]].term =
                f.plain != none && any[f.plain] ? f.plain : f.stemmed;
    }
}

/* The snippet of a hit, from its paragraph text: the words are matched
 * against the terms the hit matched (match: so wildcards and synonyms
 * are highlighted too; the words of a phrase, NEAR or ADJ only where
 * they stand as it asks), weighted by their rarity in the whole index,
 * and as_snippet_choose() picks the window.  Nothing here depends on how
 * the index is split into shards. */
void snippet_of(Snipper &sn, const HitTerms &terms, const HitMatch &match,
                const Xapian::MSet &mset, const char *text, size_t bytes,
                as_snippet_t *out)
{
    std::vector<std::string> matched; /* text terms the hit matched */
    for (const std::string &term : match.terms)
        if (text_term(term))
            matched.push_back(term);
    bool stems = false;
    for (const std::string &t : matched)
        stems = stems || t[0] == 'Z';
    const size_t none = matched.size();
    std::vector<bool> anywhere; /* matched[i] matches wherever it is */
    for (const std::string &t : matched)
        anywhere.push_back(terms.anywhere(t));
    std::unordered_map<std::string, size_t> index; /* matched[i] -> i */
    for (size_t i = 0; i < matched.size(); i++)
        index.emplace(matched[i], i);
    auto index_of = [&](const std::string &term) {
        auto found = index.find(term);
        return found == index.end() ? none : found->second;
    };

    const std::string s(text);
    const std::vector<WordSpan> spans =
        words_of(s, sn.idx->cjk, sn.idx->elisions);
    const bool twins = sn.idx->some_twins;
    std::vector<as_snippet_word_t> words;
    std::vector<WordTerms> forms;
    words.reserve(spans.size());
    forms.reserve(spans.size());
    for (const WordSpan &span : spans) {
        const std::string &lower = span.lower;
        WordTerms f = {index_of(lower), none};
        /* Japan in Japan's, 1000 in 1,000 and 1,000's, 1980s in 1980's,
         * Zurich in Zürich */
        if (f.plain == none)
            for (const std::string &base : base_forms(lower, twins))
                if ((f.plain = index_of(base)) != none)
                    break;
        if (stems) {
            auto found = sn.stems.find(lower);
            if (found == sn.stems.end())
                found =
                    sn.stems.emplace(lower, "Z" + sn.idx->stem(lower)).first;
            f.stemmed = index_of(found->second);
            if (f.stemmed == none && twins) { /* zurich in Zürich */
                const std::string plain = without_accents(lower);
                if (!plain.empty())
                    f.stemmed = index_of("Z" + sn.idx->stem(plain));
            }
        }
        as_snippet_word_t w = {span.begin, span.end, none, 0};
        if (f.plain != none && anywhere[f.plain])
            w.term = f.plain;
        else if (f.stemmed != none && anywhere[f.stemmed])
            w.term = f.stemmed;
        words.push_back(w);
        forms.push_back(f);
    }
    /* the parts of a hyphenated word take the word written whole (G-7
     * for g7, post-war for postwar: add_joined_words()), all of them */
    std::vector<std::pair<JoinedSpan, size_t>> joined; /* and its term */
    for (JoinedSpan &j : joined_spans(s, spans)) {
        size_t t = index_of(j.word);
        if ((t == none || !anywhere[t]) && stems) {
            const size_t z = index_of("Z" + sn.idx->stem(j.word));
            t = z != none ? z : t;
        }
        if (t == none)
            continue;
        for (size_t k = j.first; k <= j.last; k++) {
            if (forms[k].plain == none)
                forms[k].plain = t;
            if (words[k].term == none && anywhere[t])
                words[k].term = t;
        }
        joined.emplace_back(std::move(j), t);
    }
    for (const Group *g : match.groups)
        mark_group(*g, matched, index, forms, words);
    for (const auto &j : joined) { /* a phrase took one part: all */
        bool taken = false;
        for (size_t k = j.first.first; k <= j.first.last; k++)
            taken = taken || words[k].term == j.second;
        for (size_t k = j.first.first; taken && k <= j.first.last; k++)
            if (words[k].term == none)
                words[k].term = j.second;
    }
    for (as_snippet_word_t &w : words) {
        if (w.term == none) {
            w.term = 0;
            continue;
        }
        const std::string &term = matched[w.term];
        auto known = sn.weights.find(term);
        if (known == sn.weights.end()) {
            double n = double(sn.idx->db.get_doccount());
            double tf = double(mset.get_termfreq(term));
            known =
                sn.weights.emplace(term, std::log(1.0 + n / (tf + 1.0))).first;
        }
        w.weight = known->second > 0 ? known->second : 1e-6;
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

/* The largest group of equals that is ordered by article id and
 * paragraph; a larger one keeps Xapian's order (by document number). */
const size_t MAX_TIES = 1000;

/* The hits of a page (offset + limit) from which one hit per article is
 * kept by rank() rather than by Xapian's collapsing (see run_search()). */
const size_t LOCAL_COLLAPSE_FROM = 10000;

/* Hits fetched beyond a page from the start, so that a group of equals
 * at its end (copies of one paragraph, common in news collections) seldom
 * needs the query run again: a few more hits cost little against a
 * second run. */
const size_t TIE_SLACK = 32;

/* How many documents match, as the first run of a query counted them. */
struct MatchCounts {
    Xapian::doccount lower = 0, estimate = 0, upper = 0;
};

/* What rank() is asked for: the hits offset..offset + limit, ordered by
 * relevance (or as the enquire sorts); check: the matches to count at
 * least; ordered, rerank: see rank(); collapse: keep at most that many
 * hits of each article, the enquire having no collapse key (0: all). */
struct RankRequest {
    bool by_relevance;
    size_t offset, limit;
    Xapian::doccount check;
    size_t ordered, rerank, collapse;
};

/* The hits rank() found, how many of them the feedback may rerank, and
 * the match counts of its first run. */
struct Ranked {
    std::vector<Xapian::MSetIterator> hits;
    size_t reranked = 0;
    MatchCounts counts;
};

/* The hits through req.offset + req.limit, in order, from mset (which
 * receives them), with the match counts of the first run.  Xapian
 * orders hits that rank alike by document number, which differs between
 * one index and the same articles in shards; here they are ordered by
 * article id and paragraph instead (their keys read from db).  So that
 * the page holds the right ones, the group of equals at the page's end is
 * completed: TIE_SLACK more hits are fetched from the start; when that is
 * not enough, by relevance one more run keeps only the hits that weigh as
 * much as the page's last (a weight cutoff), in other orders the hits are
 * fetched again, twice as many each time.  A group of more than MAX_TIES
 * is not completed, nor ordered: it keeps Xapian's order, the same for
 * every page, so that pages still hold each hit once.  A query without
 * weights (filters only) is ordered by article id, then paragraph.
 *
 * With req.collapse, every match is fetched, and only the first
 * req.collapse hits of each article in Xapian's order are kept (those its
 * collapsing would keep) before the groups of equals are ordered.
 *
 * For a caller that orders the best hits again itself (feedback),
 * req.rerank asks for up to that many of them too: reranked says how many,
 * the best rerank but for a group of equals across the rerank-th place,
 * which is left out whole (choosing some of it would mean reading all of
 * it).  Those are left in Xapian's order but for the first req.ordered,
 * which are in order; the hits after them are ordered as a page's are. */
Ranked rank(const Xapian::Database &db, Xapian::Enquire &enquire,
            const RankRequest &req, Xapian::MSet &mset, HitKeys &keys)
{
    bool by_relevance = req.by_relevance;
    const size_t limit = req.collapse ? db.get_doccount() : req.limit;
    const size_t want = req.collapse ? limit : req.offset + req.limit;
    Ranked r;
    std::vector<Xapian::MSetIterator> &out = r.hits;
    auto fetch = [&](size_t n, Xapian::doccount at_least) {
        mset = enquire.get_mset(0, static_cast<Xapian::doccount>(n), at_least);
        /* The spies have seen every match once: enough. */
        enquire.clear_matchspies();
    };
    size_t n = limit ? std::max(want, req.rerank) + 1 + TIE_SLACK : 0;
    const Xapian::doccount at_least =
        std::max<Xapian::doccount>(req.check, static_cast<Xapian::doccount>(n));
    fetch(n, at_least);
    if (limit && by_relevance && mset.get_max_possible() == 0) {
        enquire.set_sort_by_value(SLOT_ARTICLE, false);
        by_relevance = false;
        fetch(n, at_least);
    }
    r.counts.lower = mset.get_matches_lower_bound();
    r.counts.estimate = mset.get_matches_estimated();
    r.counts.upper = mset.get_matches_upper_bound();
    if (limit == 0 || req.limit == 0)
        return r;
    while (mset.size() == n &&
           same_rank(mset[static_cast<Xapian::doccount>(want - 1)],
                     mset[static_cast<Xapian::doccount>(n - 1)])) {
        /* The group of the page's last hit goes on past what was fetched:
         * fetch it whole, if it has no more than MAX_TIES hits. */
        size_t first = want - 1;
        while (first > 0 &&
               same_rank(mset[static_cast<Xapian::doccount>(first - 1)],
                         mset[static_cast<Xapian::doccount>(want - 1)]))
            first--;
        const size_t enough = std::max(want, first + MAX_TIES) + 1;
        if (n >= enough)
            break; /* a larger group: left in Xapian's order */
        if (by_relevance) {
            /* Only the hits that weigh as much as the page's last: a
             * weight cutoff, so one more run finds the whole group. */
            const double w =
                mset[static_cast<Xapian::doccount>(want - 1)].get_weight();
            n = enough;
            enquire.set_cutoff(0, w - std::fabs(w) * 1e-9);
            fetch(n, req.check);
            enquire.set_cutoff(0, 0);
        } else {
            n = std::min(n * 2, enough);
            fetch(n, std::max<Xapian::doccount>(
                         req.check, static_cast<Xapian::doccount>(n)));
        }
    }
    /* Whether every match (or, after a weight cutoff, every one of the
     * last group) was fetched. */
    const bool all_fetched = mset.size() < n;
    for (auto m = mset.begin(); m != mset.end(); ++m)
        out.push_back(m);
    if (req.collapse) {
        /* Each article's first hits in Xapian's order, which are those its
         * collapsing keeps. */
        std::unordered_map<std::string, size_t> taken;
        std::vector<Xapian::MSetIterator> kept;
        keys.read(db, out.begin(), out.end());
        for (const Xapian::MSetIterator &m : out)
            if (++taken[keys.of(m).first] <= req.collapse)
                kept.push_back(m);
        out.swap(kept);
    }
    const size_t page = req.offset + req.limit;
    if (req.rerank && by_relevance) {
        r.reranked = std::min(req.rerank, out.size());
        if (r.reranked < out.size())
            while (r.reranked > 0 &&
                   same_rank(out[r.reranked - 1], out[r.reranked]))
                r.reranked--;
    }
    const size_t through = std::max(page, std::min(req.ordered, r.reranked));
    /* The groups to order, and the keys of all their hits, read at once */
    std::vector<std::pair<size_t, size_t>> groups;
    std::vector<Xapian::MSetIterator> members;
    for (size_t start = 0, end; start < out.size() && start < through;
         start = end) {
        end = start + 1;
        while (end < out.size() && same_rank(out[start], out[end]))
            end++;
        /* A group is ordered when it is whole (it ends before the last
         * hit fetched, or every match was fetched), and not too large. */
        const bool whole = end < out.size() || all_fetched;
        if (end - start > 1 && end - start <= MAX_TIES && whole &&
            (start < req.ordered || end > r.reranked)) {
            groups.emplace_back(start, end);
            members.insert(members.end(), out.begin() + long(start),
                           out.begin() + long(end));
        }
    }
    keys.read(db, members.begin(), members.end());
    for (const auto &g : groups) {
        mset.fetch(out[g.first], out[g.second - 1]);
        std::stable_sort(
            out.begin() + long(g.first), out.begin() + long(g.second),
            [&](const Xapian::MSetIterator &a, const Xapian::MSetIterator &b) {
                return keys.of(a) < keys.of(b);
            });
    }
    if (out.size() > std::max(page, r.reranked))
        out.resize(std::max(page, r.reranked));
    return r;
}

/* Spelling suggestions.  Xapian suggests, for every word, the most
 * frequent word of the collection within two edits that is more frequent
 * than the word itself: "boeing" becomes "being", "well" "fell".  A word
 * is taken as possibly misspelt only when it is rare (in fewer than
 * SUGGEST_BELOW paragraphs: alone it would not find enough either) or its
 * correction is SUGGEST_RATIO times as frequent ("goverment": 8
 * paragraphs of Reuters-21578, "government" 3,400; "boeing": 152,
 * "being" 1,138); a rarer word that is in the collection only into one
 * SUGGEST_GAIN times as frequent ("talks" in one paragraph is no "talk"
 * in one: both are words).  A word typed with a capital that is in the
 * collection is a name found as typed ("Royce" is not "rose"); numbers
 * are not misspelt ("2024" is no "2009"); and a stopword is no
 * correction ("at&t" is no "at"). */
const Xapian::doccount SUGGEST_RATIO = 100;
const Xapian::doccount SUGGEST_GAIN = 10;

/* True if w is the name of a field written before its colon ("title:",
 * or "title: japan", where the space makes it a word to Xapian): not a
 * word to correct into another ("time:"). */
bool field_name(const std::string &text, const WordSpan &w)
{
    static const char *const fields[] = {"title", "author", "source", "tag",
                                         "tags",  "date",   nullptr};
    if (w.end >= text.size() || text[w.end] != ':')
        return false;
    for (const char *const *f = fields; *f; f++)
        if (w.lower == *f)
            return true;
    return false;
}

/* Whether a word of text may be misspelt: one with a correction at least
 * SUGGEST_RATIO times as frequent is possible.  Operators count as
 * words too; they only cost a correction attempt. */
bool may_be_misspelt(const Xapian::Database &db, const std::string &text)
{
    const Xapian::doccount most = db.get_doccount();
    for (const WordSpan &w : words_of(text)) {
        if (field_name(text, w))
            continue;
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
                                const Xapian::Stopper *stopper,
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
        if (was[i].lower == now[i].lower || field_name(text, was[i]) ||
            has_digit(was[i].lower) || has_digit(now[i].lower) ||
            (stopper && (*stopper)(now[i].lower)))
            continue;
        const Xapian::doccount n = db.get_termfreq(was[i].lower),
                               m = db.get_termfreq(now[i].lower);
        if ((n >= SUGGEST_BELOW && m / SUGGEST_RATIO < n) ||
            (n > 0 && m / SUGGEST_GAIN < n) ||
            (n > 0 &&
             Xapian::Unicode::get_category(*Xapian::Utf8Iterator(
                 text.data() + was[i].begin, was[i].end - was[i].begin)) ==
                 Xapian::Unicode::UPPERCASE_LETTER))
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

/* corrected, a correction of the folded query text (s.text), written
 * as the user typed the query (typed): the corrected words put in place
 * of the typed ones, the rest as typed ("l'Eurpe" is "l'europe", not
 * "europe").  corrected as it is when the words do not line up. */
std::string typed_correction(const std::string &typed,
                             const char *const *elisions,
                             const std::string &text,
                             const std::string &corrected)
{
    const std::vector<WordSpan> was = words_of(text), now = words_of(corrected),
                                mine = words_of(typed, false, elisions);
    if (was.size() != now.size() || was.size() != mine.size())
        return corrected;
    std::string out;
    size_t done = 0;
    for (size_t i = 0; i < was.size(); i++) {
        if (was[i].lower != mine[i].lower)
            return corrected;
        if (was[i].lower == now[i].lower)
            continue;
        out.append(typed, done, mine[i].begin - done);
        out.append(corrected, now[i].begin, now[i].end - now[i].begin);
        done = mine[i].end;
    }
    out.append(typed, done, std::string::npos);
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
    const bool twins = idx->twins;
    FeedbackTerms decider(ranking_uses(opts, AS_RANKING_STOPWORDS)
                              ? stopper_for(idx->language)
                              : nullptr,
                          twins);
    /* and their plain twins (a query typed with accents weighed its own
     * word twice through the twin) */
    if (!idx->stem.is_none())
        for (auto t = query.get_unique_terms_begin();
             t != query.get_unique_terms_end(); ++t) {
            if (!text_term(*t))
                continue;
            const std::string bare = twins ? without_accents(*t) : "";
            if ((*t)[0] != 'Z') {
                decider.own.insert("Z" + idx->stem(*t));
                if (!bare.empty())
                    decider.own.insert("Z" + idx->stem(bare));
            } else if (!bare.empty()) {
                decider.own.insert(bare);
            }
        }
    /* Nor a hyphenated word written whole (add_joined_words()): its
     * parts are words of the hit too, and weighing both counted one
     * word twice (Cranfield's MAP fell from 0.341 to 0.3395). */
    for (size_t i = 0; i < docs && !idx->stem.is_none(); i++) {
        const std::string data = idx->db.get_document(*ranked[i]).get_data();
        as_record_t *record = nullptr;
        if (as_record_decode(data.data(), data.size(), &record) != AS_OK)
            continue;
        if (std::strchr(record->text, '-')) /* (folding adds no hyphen) */
            for (const std::vector<std::string> &parts :
                 hyphenated(folded(record->text, idx->elisions)))
                decider.own.insert("Z" + idx->stem(joined_word(parts)));
        as_record_free(record);
    }
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

/* Whether idx searches a remote shard. */
bool has_remote(const as_index_t *idx)
{
    for (const Shard &sh : idx->shards)
        if (!sh.host.empty())
            return true;
    return false;
}

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

/* The counts of a facet's values, most first: the paragraphs of each
 * value the spy saw.  Authors are stored joined by FIELD_SEPARATOR: each
 * counts, once a paragraph.  Values that are one name to the filters
 * (name_key(): in any case and spacing, folded) are one, shown as most
 * of their paragraphs write it (on a tie, with the fewest capitals). */
std::vector<std::pair<std::string, size_t>>
facet_counts(const Xapian::ValueCountMatchSpy &spy, bool authors,
             const char *const *elisions)
{
    struct Spellings {
        size_t total = 0;
        std::map<std::string, size_t> forms;
    };
    std::map<std::string, Spellings> counts;
    for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
        const std::string value = *v;
        std::set<std::string> seen;
        size_t start = 0;
        for (;;) {
            size_t end = authors ? value.find(FIELD_SEPARATOR, start)
                                 : std::string::npos;
            const std::string name = value.substr(start, end - start);
            const std::string key = name_key(name, elisions);
            if (seen.insert(key).second) {
                counts[key].total += v.get_termfreq();
                counts[key].forms[name] += v.get_termfreq();
            }
            if (end == std::string::npos)
                break;
            start = end + 1;
        }
    }
    /* on a tie, the form with fewer capitals ("Sean O'Connor", not "SEAN
     * O'CONNOR"), then the first in byte order */
    auto capitals = [](const std::string &name) {
        size_t n = 0; /* in any script: ИВАН too */
        for (Xapian::Utf8Iterator c(name); c != Xapian::Utf8Iterator(); ++c)
            n += Xapian::Unicode::get_category(*c) ==
                 Xapian::Unicode::UPPERCASE_LETTER;
        return n;
    };
    std::vector<std::pair<std::string, size_t>> out;
    for (const auto &c : counts) {
        auto shown = c.second.forms.begin();
        for (auto f = c.second.forms.begin(); f != c.second.forms.end(); ++f)
            if (f->second > shown->second ||
                (f->second == shown->second &&
                 capitals(f->first) < capitals(shown->first)))
                shown = f;
        out.emplace_back(shown->first, c.second.total);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const std::pair<std::string, size_t> &a,
                        const std::pair<std::string, size_t> &b) {
                         return a.second > b.second;
                     });
    return out;
}

/* A spelling correction of the query, when little was found and the
 * correction finds more: hits->suggestion, written as typed (the query
 * before its quotes and dashes were read as ASCII: NfcOpts). */
void suggest_correction(as_index_t *idx, const as_search_opts_t *opts,
                        const std::string &typed, Search &s, as_hits_t *hits)
{
    /* Spelling correction only for the user's own text (not one rewritten
     * with synonyms) that parsed cleanly: Xapian 1.4 leaks when it
     * corrects a query with a syntax error. */
    if (hits->estimate >= SUGGEST_BELOW || !s.warning.empty() ||
        s.text.empty() ||
        s.text != query_folded(opts->query ? opts->query : "", idx->elisions) ||
        !may_be_misspelt(idx->db, s.text))
        return;
    /* paragraphs, also when the hits are articles (--articles,
     * --per-article): two articles can have many */
    const size_t had =
        opts->per_article ? count_matches(idx, opts, s.text) : hits->estimate;
    if (had < SUGGEST_BELOW) {
        try {
            s.qp.parse_query(s.text,
                             s.flags |
                                 Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
        } catch (const Xapian::QueryParserError &) {
            /* Xapian 1.4.22 fails on a lone Chinese, Japanese or Korean
             * word between words, unquoted (cjk_phrases()): no
             * suggestion then */
            return;
        }
        std::string corrected =
            allowed_corrections(idx->db, stopper_for(idx->language), s.text,
                                s.qp.get_corrected_query_string());
        if (!corrected.empty() && corrected != s.text) {
            size_t n = count_matches(idx, opts, corrected);
            if (n > had) {
                hits->suggestion =
                    typed_correction(typed, idx->elisions, s.text, corrected);
                hits->suggestion_matches = n;
            }
        }
    }
}

/* opts with its query and filter names as the articles' text is kept
 * (typed_form()): a composed e-acute typed or pasted as "e" and U+0301
 * finds the articles, and so does a word pasted with a soft hyphen; the
 * query is read folded, as the index reads text (as_fold(); the elisions
 * of its language go in parse_rewritten(), after the synonyms), with its
 * quotation marks and joining dashes as the parser knows them
 * (marks_as_ascii()).  The strings live in storage;
 * the arrays in views. */
struct NfcOpts {
    as_search_opts_t opts;
    std::string typed; /* the query, before quotes and dashes are ASCII */
    std::vector<std::string> storage;
    std::vector<const char *> views[3];

    /* s as the articles' text has it: composed, its invisible characters
     * (a soft hyphen pasted from a web page's "inter\u00adnational")
     * dropped (as_text_drop_invisible()). */
    static std::string typed_form(const char *s)
    {
        std::string out = normal_form(s, as_text_nfc);
        as_text_drop_invisible(&out[0]);
        out.resize(std::strlen(out.c_str()));
        if (out.empty() && *s)
            out = " "; /* still a query without words, not none */
        return out;
    }

    explicit NfcOpts(const as_search_opts_t &o) : opts(o)
    {
        const char *const *lists[3] = {o.authors, o.sources, o.tags};
        const size_t counts[3] = {o.n_authors, o.n_sources, o.n_tags};
        size_t total = 1;
        for (size_t k = 0; k < 3; k++)
            total += counts[k];
        storage.reserve(total); /* no reallocation: views point in */
        if (o.query) {
            typed = folded(typed_form(o.query), nullptr);
            storage.push_back(marks_as_ascii(typed));
            opts.query = storage.back().c_str();
        }
        for (size_t k = 0; k < 3; k++) {
            for (size_t i = 0; i < counts[k]; i++) {
                storage.push_back(typed_form(lists[k][i]));
                views[k].push_back(storage.back().c_str());
            }
        }
        opts.authors = views[0].empty() ? o.authors : views[0].data();
        opts.sources = views[1].empty() ? o.sources : views[1].data();
        opts.tags = views[2].empty() ? o.tags : views[2].data();
    }
};

/* How many hits are read at a time (as_hits_next()): a list of every
 * match (-n 1000000 for an export) takes the memory of one chunk, not of
 * the whole list. */
const size_t HIT_CHUNK = 1000;

} // namespace

/* A search's ranked hits and what reading them takes: their records,
 * and but for a list of files or ids, their snippets and (with explain)
 * matched terms are read a chunk at a time (read()), as they are handed
 * out.  The query, enquire and match set stay with it till the last. */
struct as_shim::HitSource {
    std::shared_ptr<const NfcOpts> composed; /* what s->opts is */
    std::unique_ptr<Search> s;
    Xapian::Enquire enquire;
    Xapian::MSet mset;
    HitTerms hit_terms;
    std::vector<Xapian::MSetIterator> ranked;
    std::vector<double> weights; /* the scores of ranked */
    /* with per_article: the matching paragraphs of each article */
    std::map<std::string, size_t> article_counts;
    bool per_article;
    Snipper snip;
    size_t next; /* the place in ranked of the next hit to read */

    HitSource(std::shared_ptr<const NfcOpts> o, std::unique_ptr<Search> sp,
              const Xapian::Enquire &e, const Xapian::MSet &m, HitTerms &&t)
        : composed(std::move(o)), s(std::move(sp)), enquire(e), mset(m),
          hit_terms(std::move(t)), per_article(false), snip(s->idx),
          next(s->opts->offset)
    {
    }

    bool done() const
    {
        return next >= ranked.size();
    }

    /* Read the next chunk of hits into found (empty). */
    void read(std::vector<Hit> &found);
};

void as_shim::HitSource::read(std::vector<Hit> &found)
{
    as_index_t *idx = s->idx;
    const as_search_opts_t *opts = s->opts;
    const size_t end = std::min(ranked.size(), next + HIT_CHUNK);
    try {
        /* the records, and the query's terms each hit has */
        std::vector<Xapian::docid> docs;
        std::vector<std::vector<std::string>> terms;
        for (size_t i = next; i < end; i++) {
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
            h.hit.rank = i + 1;
            h.hit.score = reported_weight(weights[i]);
            if (per_article)
                h.hit.article_matches = article_counts[h.record->id];
            if (opts->list_only)
                continue;
            docs.push_back(*m);
            terms.push_back(hit_terms.of(idx->db, enquire, m));
        }
        /* which phrases, NEAR and ADJ they match; then what they matched */
        if (hit_terms.asks_groups() && !docs.empty()) {
            std::vector<std::string> uniques;
            for (const Hit &h : found)
                uniques.push_back(
                    unique_term(h.record->id, long(h.record->paragraph)));
            hit_terms.match_groups(idx->db, docs, uniques, terms);
        }
        for (size_t i = 0; i < docs.size(); i++) {
            Hit &h = found[i];
            const HitMatch match =
                hit_terms.match(docs[i], std::move(terms[i]));
            snippet_of(snip, hit_terms, match, mset, h.record->text,
                       opts->full ? SIZE_MAX : AS_SNIPPET_BYTES, &h.snippet);
            if (opts->explain)
                explain_hit(*s, hit_terms, match.terms, docs[i], h);
        }
    } catch (...) {
        for (Hit &h : found) {
            as_record_free(h.record);
            as_snippet_clear(&h.snippet);
        }
        found.clear();
        throw;
    }
    next = end;
}

namespace
{
/* Run the search of composed's options into hits: the match, counts,
 * facets and suggestion, and the first chunk of hits (hits->source reads
 * the others). */
void run_search(as_index_t *idx, const std::shared_ptr<const NfcOpts> &composed,
                as_hits_t *hits)
{
    const as_search_opts_t *opts = &composed->opts;
    std::unique_ptr<Search> sp(new Search(idx, opts));
    Search &s = *sp;
    Xapian::Query query = build_query(s);
    Xapian::Enquire enquire(idx->db);
    /* Feedback only reorders the best hits (rerank_with_feedback()): the
     * enquire runs the query itself, so snippets highlight and --explain
     * lists the user's own words. */
    const bool feedback = ranking_uses(opts, AS_RANKING_FEEDBACK) &&
                          opts->query && *opts->query && !opts->similar &&
                          opts->sort == AS_SORT_RELEVANCE && opts->limit > 0;
    /* Xapian's collapsing (one hit per article) costs more than ranking
     * every match once the hits it keeps are many: it grows with their
     * square (87 s for --articles --offset 100000 over 1.2 million
     * paragraphs).  A page that deep (a list of every file or id, say)
     * ranks every match and keeps each article's first hits here
     * (rank()), which are the same.  Remote shards, whose keys would be
     * read one document at a time, collapse on their servers. */
    const bool local_collapse =
        opts->per_article && !has_remote(idx) &&
        opts->offset + std::min<size_t>(opts->limit, SIZE_MAX / 2) >=
            LOCAL_COLLAPSE_FROM;
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
        if (!local_collapse)
            enquire.set_collapse_key(
                SLOT_ARTICLE, static_cast<Xapian::doccount>(opts->per_article));
        per_article.reset(new Xapian::ValueCountMatchSpy(SLOT_ARTICLE));
        enquire.add_matchspy(per_article.get());
        count_all = true;
    }

    Xapian::doccount total = idx->db.get_doccount();
    /* Check at least one more than skipped, so that the lower bound of
     * the match count says whether anything matched at all.  Xapian
     * 1.4.22 leaves hits out of a page, or weighs a phrase it did not
     * check, when all documents but some (NOT x alone, a OR NOT b) meet
     * the title boost and it stops early: such a query checks every
     * match. */
    const std::string description = query.get_description();
    if (description.find("<alldocuments> AND_NOT") != std::string::npos)
        count_all = true;
    Xapian::doccount check =
        count_all ? total
                  : static_cast<Xapian::doccount>(
                        std::min<size_t>(opts->offset + 1, total));
    size_t limit = opts->limit < total ? opts->limit : total;
    Xapian::MSet mset;
    HitKeys keys;
    HitTerms hit_terms(query);
    RankRequest req;
    req.by_relevance = opts->sort == AS_SORT_RELEVANCE;
    req.offset = opts->offset;
    req.limit = limit;
    req.check = check;
    req.ordered = feedback ? FEEDBACK_DOCS : opts->offset + limit;
    req.rerank = feedback ? FEEDBACK_RERANK : 0;
    req.collapse = local_collapse ? opts->per_article : 0;
    Ranked r = rank(idx->db, enquire, req, mset, keys);
    std::vector<Xapian::MSetIterator> &ranked = r.hits;
    const MatchCounts &counts = r.counts;
    const size_t reranked = r.reranked;
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

    hits->lower = counts.lower;
    hits->estimate = counts.estimate;
    hits->upper = counts.upper;
    if (per_article) /* every match was counted: the articles, exactly */
        hits->lower = hits->estimate = hits->upper = article_counts.size();
    /* s lives on in the source, as long as the search */
    std::unique_ptr<HitSource> source(new HitSource(
        composed, std::move(sp), enquire, mset, std::move(hit_terms)));
    source->ranked = std::move(ranked);
    source->weights = std::move(weights);
    source->article_counts = std::move(article_counts);
    source->per_article = per_article != nullptr;
    source->read(hits->hits);
    hits->source = std::move(source);
    hits->warning = s.warning;
    hits->description =
        more.empty() ? description
                     : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, more)
                           .get_description();
    for (int k = 0; k < AS_FACET_KINDS; k++)
        if (facet[k])
            hits->facets[k] =
                facet_counts(*facet[k], k == AS_FACET_AUTHOR, idx->elisions);
    if (opts->suggest)
        suggest_correction(idx, opts, composed->typed, s, hits);
}

} // namespace

extern "C" {

size_t as_initials(const char *text, size_t len, size_t at)
{
    const auto capital = [&](size_t i) {
        return text[i] >= 'A' && text[i] <= 'Z';
    };
    size_t p = at, letters = 0, start;

    if (at >= len || !capital(at))
        return 0;
    if (at > 0) { /* inside a word? */
        const unsigned before = code_point_before(text, at, &start);
        if (Xapian::Unicode::is_wordchar(before) ||
            (infix(before, false) != 0 && start > 0 &&
             Xapian::Unicode::is_wordchar(
                 code_point_before(text, start, &start))))
            return 0;
    }
    /* The letters and the '.' after each (after the last, if any) */
    do {
        p++;
        letters++;
    } while (p < len && text[p] == '.' && ++p < len && capital(p));
    if (letters < 2 ||
        (p < len && Xapian::Unicode::is_wordchar(
                        *Xapian::Utf8Iterator(text + p, len - p))))
        return 0;
    return p - at;
}

int as_unicode_is_wordchar(unsigned long cp)
{
    return cp <= 0x10FFFF && Xapian::Unicode::is_wordchar(unsigned(cp));
}

unsigned long as_unicode_lower(unsigned long cp)
{
    return cp > 0x10FFFF ? cp : Xapian::Unicode::tolower(unsigned(cp));
}

size_t as_initials_word(const char *text, size_t n, char *out)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++)
        if (text[i] != '.')
            out[o++] = char(text[i] - 'A' + 'a');
    return o;
}

namespace
{
bool valid_utf8(const char *s)
{
    const size_t len = std::strlen(s);
    return as_utf8_check(s, len) == len;
}

/* Which of the query and the filters of opts is not valid UTF-8, or
 * NULL. */
const char *not_utf8(const as_search_opts_t *opts)
{
    if (opts->query && !valid_utf8(opts->query))
        return "the query";
    for (size_t i = 0; i < opts->n_authors; i++)
        if (!valid_utf8(opts->authors[i]))
            return "--author";
    for (size_t i = 0; i < opts->n_sources; i++)
        if (!valid_utf8(opts->sources[i]))
            return "--source";
    for (size_t i = 0; i < opts->n_tags; i++)
        if (!valid_utf8(opts->tags[i]))
            return "--tag";
    return nullptr;
}

/* The C views of the hits of the chunk held (as_hit_t, as_term_t), made
 * once hits holds them for good, so that reading them allocates
 * nothing. */
void make_hit_views(as_hits &hits)
{
    for (Hit &h : hits.hits) {
        h.hit.record = h.record;
        h.hit.snippet = &h.snippet;
        h.term_view.clear();
        for (const TermInfo &t : h.terms)
            h.term_view.push_back(
                as_term_t{t.word.c_str(), t.field.c_str(), t.weight});
        h.hit.terms = h.term_view.empty() ? nullptr : h.term_view.data();
        h.hit.n_terms = h.term_view.size();
    }
}

/* The C views of the facets (as_facet_t). */
void make_facet_views(as_hits &hits)
{
    for (size_t k = 0; k < AS_FACET_KINDS; k++) {
        hits.facet_view[k].clear();
        for (const auto &f : hits.facets[k])
            hits.facet_view[k].push_back(as_facet_t{f.first.c_str(), f.second});
    }
}
} // namespace

as_status_t as_search_run(as_index_t *idx, const as_search_opts_t *opts,
                          as_hits_t **out)
{
    as_hits_t *hits = nullptr;

    *out = nullptr;
    try {
        if (opts->query && std::strlen(opts->query) > AS_MAX_QUERY_BYTES) {
            idx->errmsg = "the query is longer than " +
                          std::to_string(AS_MAX_QUERY_BYTES) + " bytes";
            return AS_ERR_QUERY;
        }
        if (const char *bad = not_utf8(opts)) {
            idx->errmsg = std::string(bad) + " is not valid UTF-8";
            return AS_ERR_QUERY;
        }
        const std::shared_ptr<const NfcOpts> composed(new NfcOpts(*opts));
        hits = new as_hits;
        /* A reader follows a swap (--rebuild, --compact, --merge): the
         * database it has open may be gone from the stub, and soon from
         * the disk. */
        follow_stubs(idx, false);
        follow_commits(idx); /* and sees what was committed since */
        retry_missing(idx);
        for (int attempt = 0;; attempt++) {
            try {
                run_search(idx, composed, hits);
                break;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt >= 10 || idx->indexer)
                    throw;
                reopen(idx);
            } catch (const Xapian::NetworkError &) {
                /* Connect to every remote shard anew (the connections
                 * that still work are mid-conversation): one whose
                 * connection was dropped answers again, one that does not
                 * answer is an error naming it, or with allow_partial
                 * left out.  A shard left out before is tried again. */
                if (attempt >= 10)
                    throw;
                idx->missing.clear();
                for (Shard &sh : idx->shards) {
                    if (sh.host.empty())
                        continue;
                    try {
                        open_shard(idx, sh, false);
                        sh.db.keep_alive();
                    } catch (const Xapian::Error &) {
                        shard_failed(idx, sh, xapian_message());
                    }
                }
                combine(idx);
            }
            /* The next attempt starts afresh: the failed one may have
             * kept hits (with their records), facets or a warning. */
            delete hits;
            hits = nullptr; /* in case new throws */
            hits = new as_hits;
        }
        make_hit_views(*hits);
        make_facet_views(*hits);
        *out = hits;
        return AS_OK;
    } catch (...) {
        delete hits;
        return map_exception(idx->errmsg);
    }
}

const as_hit_t *as_hits_next(as_hits_t *hits)
{
    if (hits->next >= hits->hits.size()) {
        if (!hits->source)
            return nullptr;
        hits->clear_chunk();
        if (!hits->source->done()) {
            as_index_t *idx = hits->source->s->idx;
            try {
                hits->source->read(hits->hits);
            } catch (const Xapian::DatabaseModifiedError &) {
                /* what was handed out came from the revision that is gone:
                 * the rest cannot be read from the same one */
                idx->errmsg = "the index changed while the hits were read "
                              "(an indexer committed): run the query again";
                hits->status = AS_ERR_XAPIAN;
            } catch (...) {
                hits->status = map_exception(idx->errmsg);
            }
            make_hit_views(*hits);
        }
        if (hits->hits.empty()) {
            hits->source.reset(); /* the match set and the rest go */
            return nullptr;
        }
    }
    return &hits->hits[hits->next++].hit;
}

as_status_t as_hits_status(const as_hits_t *hits)
{
    return hits->status;
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
    const auto &view = hits->facet_view[kind];
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

void as_hits_free(as_hits_t *hits)
{
    delete hits;
}

} /* extern "C" */

as_hits::as_hits() = default;

as_hits::~as_hits()
{
    clear_chunk();
}

void as_hits::clear_chunk()
{
    for (as_shim::Hit &h : hits) {
        as_record_free(h.record);
        as_snippet_clear(&h.snippet);
    }
    hits.clear();
    next = 0;
}
