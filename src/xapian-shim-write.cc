/* xapian-shim-write.cc - writing an index (see xapian-shim.h): the
 * document of each paragraph (terms, exact and date terms, unique term,
 * values, record), adding and removing articles, refreshing the spelling
 * data, commits, and the articles' states.  It owns the document schema,
 * which xapian-shim.hh describes.
 */
#include "config.h"

#include <xapian.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <new>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "xapian-shim.hh"

#include "date.h"

using namespace as_shim;

namespace
{

/* Boolean terms must stay under Xapian's term length limit (245 bytes). */
const size_t MAX_BOOLEAN_TERM = 240;

/* The hash that ends a name's term cut short: '#' and 16 hex digits of
 * FNV-1a (64 bits) of the whole term. */
const size_t NAME_HASH = 17;

std::string day_string(long yyyymmdd)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08ld", yyyymmdd);
    return buf;
}

} // namespace

namespace as_shim
{

/* The term that names paragraph n (from 1) of article id: "Q<id>#<n>". */
std::string unique_term(const std::string &id, long n)
{
    return "Q" + id + "#" + std::to_string(n);
}

std::string name_key(const std::string &name, const char *const *elisions,
                     bool join_cjk)
{
    std::string out;
    bool space = false, cjk_before = false;

    const std::string fold = folded(name, elisions);

    for (Xapian::Utf8Iterator it(fold); it != Xapian::Utf8Iterator(); ++it) {
        unsigned ch = *it;
        if (Xapian::Unicode::is_whitespace(ch)) {
            space = !out.empty();
            continue;
        }
        const bool cjk =
            join_cjk && Xapian::Unicode::is_wordchar(ch) && cjk_char(ch);
        if (space && !(cjk && cjk_before))
            out += ' ';
        space = false;
        cjk_before = cjk;
        if (ch == 0x2019 || ch == 0x201b) /* O’Connor is O'Connor */
            ch = '\'';
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
    }
    return out;
}

std::string exact_term(const char *prefix, const std::string &name,
                       const char *const *elisions, bool join_cjk)
{
    std::string out = prefix + name_key(name, elisions, join_cjk);
    if (out.size() <= MAX_BOOLEAN_TERM)
        return out;
    char hash[NAME_HASH + 1];
    std::snprintf(hash, sizeof hash, "#%016llx",
                  (unsigned long long)fnv1a(out));
    cut_utf8(out, MAX_BOOLEAN_TERM - NAME_HASH);
    return out + hash;
}

std::string cut_term(const char *prefix, const std::string &name,
                     const char *const *elisions)
{
    std::string out = prefix + name_key(name, elisions);
    if (out.size() <= MAX_BOOLEAN_TERM)
        return std::string();
    cut_utf8(out, MAX_BOOLEAN_TERM);
    return out;
}

std::string date_term(const char *prefix, long number, int digits)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*ld", digits, number);
    return prefix + std::string(buf);
}

} // namespace as_shim

namespace
{

/* The words a word also stands for (base_forms()) at the word's places,
 * in the text and the title, author and source words: a possessive's
 * word ("japan's" is "japan" too: a word typed with a capital is looked
 * up as written, not stemmed, and so Japan finds Japan's, in a phrase
 * too), a number without its thousands separators (1000 finds "1,000"),
 * a number's plural written the other way (1980s finds "1980's",
 * 1980's "1980s") and, in an index with twins (English), a word without its
 * accents, stemmed too (Zurich and zurich find "Zürich"; Zürich finds
 * it only). */
void add_base_forms(Xapian::Document &doc, const Xapian::Stem &stem, bool plain)
{
    std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> add;
    std::vector<std::pair<std::string, Xapian::termcount>> stemmed;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string &term = *t;
        const size_t prefix = term[0] == 'S' || term[0] == 'A'  ? 1
                              : term.compare(0, 4, "XSRC") == 0 ? 4
                                                                : 0;
        if (prefix == 0 && term[0] >= 'A' && term[0] <= 'Z')
            continue;
        const std::vector<Xapian::termpos> at(t.positionlist_begin(),
                                              t.positionlist_end());
        const std::string word = term.substr(prefix);
        for (const std::string &base : base_forms(word, plain))
            add.emplace_back(term.substr(0, prefix) + base, at);
        /* a word with accents is stemmed without them too, as a query
         * typed in lower case without them is: without positions, as
         * stemmed words are, and once if both stems are one */
        const std::string bare = plain ? without_accents(word) : "";
        if (!bare.empty() && !(bare[0] >= '0' && bare[0] <= '9')) {
            const std::string plain_stem = stem(bare);
            if (plain_stem != stem(word))
                stemmed.emplace_back("Z" + term.substr(0, prefix) + plain_stem,
                                     Xapian::termcount(at.size()));
        }
    }
    for (const auto &word : add)
        for (Xapian::termpos pos : word.second)
            doc.add_posting(word.first, pos);
    for (const auto &word : stemmed)
        doc.add_term(word.first, word.second);
}

/* A hyphenated word of the text or title written whole at the places of
 * its first and last parts (G-7 is "g7" too, post-war "postwar", e-mail
 * "email"; counted once; stemmed as the parser stems a word typed in
 * lower case), where its parts stand in the document one after the
 * other: so G7 finds "G-7", "the G7" and "G7 summit" "the G-7 summit". */
void add_joined_words(Xapian::Document &doc, const Xapian::Stem &stem,
                      const std::vector<std::vector<std::string>> &words,
                      const std::string &prefix) /* words: of hyphenated() */
{
    typedef std::vector<std::string> Parts;
    std::map<Parts, std::string> joined; /* parts -> word */
    std::set<Parts> starts;              /* each one's leading parts */
    std::set<std::string> needed;        /* the parts' terms */
    for (const Parts &parts : words) {
        const std::string whole = joined_word(parts);
        if (whole.empty() || whole.size() + prefix.size() > WORD_MAX ||
            !joined.emplace(parts, whole).second)
            continue;
        for (size_t k = 1; k <= parts.size(); k++)
            starts.insert(Parts(parts.begin(), parts.begin() + long(k)));
        for (const std::string &part : parts)
            needed.insert(prefix + part);
    }
    if (joined.empty())
        return;
    /* the places of the parts, in one walk of the document's terms */
    std::map<Xapian::termpos, Parts> at;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if (needed.count(*t))
            for (auto p = t.positionlist_begin(); p != t.positionlist_end();
                 ++p)
                at[*p].push_back((*t).substr(prefix.size()));
    /* from each place, the words whose parts follow each other there */
    struct Found {
        const std::string *whole;
        Xapian::termpos first, last;
    };
    std::vector<Found> found;
    for (const auto &place : at) {
        std::vector<Parts> open = {Parts()};
        for (Xapian::termpos pos = place.first; !open.empty(); pos++) {
            auto there = at.find(pos);
            std::vector<Parts> longer;
            for (const Parts &so_far : open)
                for (size_t i = 0;
                     there != at.end() && i < there->second.size(); i++) {
                    Parts next = so_far;
                    next.push_back(there->second[i]);
                    if (!starts.count(next))
                        continue;
                    auto word = joined.find(next);
                    if (word != joined.end())
                        found.push_back({&word->second, place.first, pos});
                    longer.push_back(std::move(next));
                }
            open.swap(longer);
        }
    }
    for (const Found &word : found) {
        const std::string &whole = *word.whole;
        doc.add_posting(prefix + whole, word.first);
        doc.add_posting(prefix + whole, word.last, 0);
        if (std::isalpha((unsigned char)whole[0]))
            doc.add_term("Z" + prefix + stem(whole));
    }
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

/* A writer is about to change the paragraphs of s: mark its spelling data
 * stale (once), in the transaction that holds the change. */
Xapian::WritableDatabase &words_change(Shard &s)
{
    s.changed = true;
    if (!s.spelling_stale) {
        s.wdb->set_metadata(KEY_SPELLING_STALE, "1");
        s.spelling_stale = true;
    }
    return *s.wdb;
}

/* Documents whose data or term list is this large are read back once
 * stored (stored_readably()). */
const size_t READ_BACK_FROM = 16384;

/* Whether document did of wdb reads back (with *data as its data, unless
 * data is NULL) and its term list whole.  Xapian 1.4.22 can store a large
 * item it cannot read ("Too few chunks of compressed data": its
 * decompression stops when a chunk's input is used up while zlib still
 * holds output), for some sizes and contents over 32 KiB: a paragraph of
 * a megabyte of one word repeated made the index fail every search that
 * read it. */
bool reads_back(Xapian::WritableDatabase &wdb, Xapian::docid did,
                const std::string *data)
{
    try {
        const std::string read = wdb.get_document(did).get_data();
        if (data && read != *data)
            return false;
        for (auto t = wdb.termlist_begin(did); t != wdb.termlist_end(did); ++t)
            ;
        return true;
    } catch (const Xapian::DatabaseCorruptError &) {
        return false;
    }
}

/* Whether a document of data and words terms is large enough to be read
 * back once stored (and is marked BIG_TERM). */
bool is_big(const std::string &data, size_t words)
{
    return data.size() >= READ_BACK_FROM || words >= READ_BACK_FROM / 8;
}

/* Make sure document did of wdb, stored from doc (data: its record),
 * reads back: else store it again with a padding line in the record (a
 * key readers skip) and a padding term, which change how Xapian cuts and
 * compresses it, until it does. */
void stored_readably(Xapian::WritableDatabase &wdb, Xapian::docid did,
                     Xapian::Document &doc, const std::string &data)
{
    for (int pad = 1;; pad++) {
        const std::string stored = doc.get_data();
        if (reads_back(wdb, did, &stored))
            break;
        if (pad > 64)
            throw Xapian::DatabaseCorruptError(
                "Xapian cannot store a document of " +
                std::to_string(data.size()) + " bytes so that it reads back");
        doc.set_data("pad\t" + std::string(size_t(pad), '.') + "\n" + data);
        if (pad > 1)
            doc.remove_term("XPAD" + std::to_string(pad - 1));
        doc.add_boolean_term("XPAD" + std::to_string(pad));
        wdb.replace_document(did, doc);
    }
}

} // namespace

namespace as_shim
{

void repair_unreadable(Xapian::WritableDatabase &out,
                       const Xapian::Database &source)
{
    std::vector<Xapian::docid> big;
    for (auto p = out.postlist_begin(BIG_TERM); p != out.postlist_end(BIG_TERM);
         ++p)
        big.push_back(*p);
    bool changed = false;
    for (Xapian::docid did : big) {
        if (reads_back(out, did, nullptr))
            continue;
        Xapian::Document now = out.get_document(did);
        /* its id and paragraph are values, another table */
        const std::string unique = unique_term(
            now.get_value(SLOT_ARTICLE),
            long(Xapian::sortable_unserialise(now.get_value(SLOT_PARAGRAPH))));
        Xapian::PostingIterator from = source.postlist_begin(unique);
        if (from == source.postlist_end(unique))
            throw Xapian::DatabaseCorruptError(
                "document " + std::to_string(did) + " cannot be read back");
        Xapian::Document doc = source.get_document(*from);
        const std::string data = doc.get_data();
        out.replace_document(did, doc);
        stored_readably(out, did, doc, data);
        changed = true;
    }
    if (changed)
        out.commit();
}

} // namespace as_shim

extern "C" {

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
    if (!writable(idx) || !valid_id(idx, a->id))
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
        /* the article's fields as the index reads them (as_fold()) and
         * the terms of its names: the same for each of its paragraphs */
        const std::string title = folded(a->title, idx->elisions);
        const std::string source =
            a->source ? folded(a->source, idx->elisions) : std::string();
        std::vector<std::string> author_words, names;
        /* a name with accents is also the name without them, so that
         * --author "Jose Marti" finds José Martí (but not the other way) */
        const bool twins = idx->twins;
        const auto add_name = [&](const char *prefix, const char *name) {
            names.push_back(exact_term(prefix, name, idx->elisions));
            const std::string plain = twins ? without_accents(name) : "";
            if (!plain.empty())
                names.push_back(exact_term(prefix, plain, idx->elisions));
        };
        for (size_t k = 0; k < a->n_authors; k++) {
            author_words.push_back(folded(a->authors[k], idx->elisions));
            add_name("XAUTHOR", a->authors[k]);
        }
        if (a->source)
            add_name("XSOURCE", a->source);
        for (size_t k = 0; k < a->n_tags; k++)
            add_name(TAG_PREFIX, a->tags[k]);
        const auto title_joined = hyphenated(title);
        for (size_t i = 0; i < a->n_paragraphs; i++) {
            Xapian::Document doc;
            char *data;
            size_t len;

            const std::string text = folded(a->paragraphs[i], idx->elisions);
            idx->termgen.set_document(doc);
            idx->termgen.index_text(text);
            idx->termgen.increase_termpos();
            idx->termgen.index_text(title, 1, "S");
            for (const std::string &words : author_words) {
                idx->termgen.increase_termpos();
                idx->termgen.index_text(words, 1, "A");
            }
            if (a->source) {
                idx->termgen.increase_termpos();
                idx->termgen.index_text(source, 1, "XSRC");
            }
            add_base_forms(doc, idx->stem, idx->twins);
            add_joined_words(doc, idx->stem, hyphenated(text), "");
            add_joined_words(doc, idx->stem, title_joined, "S");
            for (const std::string &name : names)
                doc.add_boolean_term(name);
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
            const std::string record(data, len);
            std::free(data);
            doc.set_data(record);
            const bool big = is_big(record, doc.termlist_count());
            if (big)
                doc.add_boolean_term(BIG_TERM);
            const Xapian::docid did = is_new
                                          ? wdb.add_document(doc)
                                          : wdb.replace_document(unique, doc);
            if (big)
                stored_readably(wdb, did, doc, record);
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
    if (!writable(idx) || !valid_id(idx, id))
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

/* Spelling changes a refresh commits at a time: Xapian holds them in
 * memory until a commit, about 1 KB a new word (a first run over a
 * collection of a million distinct words took 950 MB at its end). */
const size_t SPELLING_CHANGES_PER_COMMIT = 20000;

as_status_t as_index_refresh_spelling(as_index_t *idx)
{
    if (!writable(idx))
        return AS_ERR_USAGE;
    try {
        /* The words are the terms without a prefix (prefixes are upper
         * case), but those with a digit: numbers and words such as "g7"
         * are never a correction (allowed_corrections()), were 45% of
         * Reuters' words, and made every lookup longer.  Both lists are
         * sorted: walk them side by side and apply the differences,
         * committing every SPELLING_CHANGES_PER_COMMIT of them (the stale
         * mark stays until the end: a run stopped midway is refreshed
         * again).  Words with a digit that an index made before keeps in
         * its spelling data are left there: Xapian 1.4 damages the
         * spelling table when some 150,000 of them are added or removed
         * 20,000 a commit ("Too few chunks of compressed data"), and
         * one commit for all would hold them all in memory. */
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
            size_t changes = 0;
            /* after a commit, both lists again from the first word after
             * done (the lists changed before it only) */
            auto commit_from = [&](const std::string &done) {
                db.commit_transaction();
                db.begin_transaction();
                changes = 0;
                w = db.allterms_begin();
                w.skip_to(done);
                if (w != wend && *w == done)
                    ++w;
                sp = db.spellings_begin();
                sp.skip_to(done);
                if (sp != spend && *sp == done)
                    ++sp;
            };
            auto next_word = [&]() {
                to_spelling_word(w, wend);
                while (sp != spend && has_digit(*sp))
                    ++sp;
            };
            next_word();
            while (w != wend || sp != spend) {
                int cmp = w == wend ? 1 : sp == spend ? -1 : (*w).compare(*sp);
                const std::string word = cmp <= 0 ? *w : *sp;
                if (cmp < 0) {
                    db.add_spelling(word, w.get_termfreq());
                    changes++;
                    ++w;
                } else if (cmp > 0) {
                    db.remove_spelling(word, sp.get_termfreq());
                    changes++;
                    ++sp;
                } else {
                    Xapian::doccount want = w.get_termfreq(),
                                     have = sp.get_termfreq();
                    if (want > have)
                        db.add_spelling(word, want - have);
                    else if (have > want)
                        db.remove_spelling(word, have - want);
                    changes += want != have;
                    ++w;
                    ++sp;
                }
                if (changes >= SPELLING_CHANGES_PER_COMMIT)
                    commit_from(word);
                next_word();
            }
            db.set_metadata(KEY_SPELLING_STALE, std::string());
            s.spelling_stale = false;
            s.changed = true;
        }
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

/* 128 random bits, in hex (KEY_COMMIT). */
static std::string commit_id()
{
    static std::random_device random;
    char id[40];
    std::snprintf(id, sizeof id, "%08x%08x%08x%08x", random(), random(),
                  random(), random());
    return id;
}

as_status_t as_index_commit(as_index_t *idx)
{
    try {
        char now[32];
        time_t t = time(nullptr);
        struct tm tm;
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
        /* Each article lives on one shard with its state, so every shard
         * is consistent on its own whatever a failure leaves.  A shard
         * nothing was written to keeps its revision (and its time of
         * update): readers have nothing to reopen. */
        for (Shard &s : idx->shards) {
            if (!s.wdb || !s.changed)
                continue;
            s.wdb->set_metadata(KEY_UPDATED, now);
            s.wdb->set_metadata(KEY_COMMIT, commit_id());
            s.wdb->commit_transaction();
            s.wdb->begin_transaction();
            s.changed = false;
        }
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
    if (!writable(idx) || !valid_id(idx, id))
        return AS_ERR_USAGE;
    try {
        Shard &s = shard_for(idx, id);
        s.wdb->set_metadata(KEY_ARTICLE + std::string(id), state ? state : "");
        s.changed = true;
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

} /* extern "C" */
