/* xapian-shim.hh - what the files of the shim share: private to them.
 *
 * Never installed, and included only by the shim's .cc files
 * (xapian-shim.cc, xapian-shim-write.cc, xapian-shim-query.cc and
 * xapian-shim-search.cc): it brings in <xapian.h>, which no other file
 * sees.  The C interface is xapian-shim.h.  Holds the document schema
 * (below: value slots, term prefixes, metadata keys), the index and hits
 * handles, and the helpers more than one file uses (namespace as_shim),
 * each defined in the one file named above its declaration.
 *
 * Document schema (AS_INDEX_SCHEMA 3), one Xapian document per paragraph;
 * its text, title, authors and source are read folded (as_fold()):
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
 *          XBIG      a paragraph of 16 KiB or more (its record or terms),
 *                    read back once stored; XPAD<n> its padding, if any
 *                    (see repair_unreadable())
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
 *                    artsearch.updated, artsearch.commit,
 *                    artsearch.synonyms,
 *                    artsearch.shard, artsearch.cjk, artsearch.names,
 *                    artsearch.article:<id> (its
 *                    state), artsearch.spelling-stale
 */
#ifndef AS_XAPIAN_SHIM_HH
#define AS_XAPIAN_SHIM_HH

#include <sys/stat.h>

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "xapian-shim.h"

#include "fold.h"
#include "synonyms.h"

namespace as_shim
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
/* A random id of the last commit that changed the database: a copy made
 * with cp and changed since is told from the database (drop_same_database()),
 * as the time of the commit, to the second, cannot. */
const char KEY_COMMIT[] = "artsearch.commit";
const char KEY_ARTICLE[] = "artsearch.article:";
const char KEY_SHARD[] = "artsearch.shard"; /* "I/N" of a sharded index */
/* "ngram" in an index whose Chinese, Japanese and Korean text is read as
 * Xapian's n-grams (FLAG_CJK_NGRAM): every index made since; one without
 * it reads a run of such characters as one word, as it was written. */
const char KEY_CJK[] = "artsearch.cjk";
/* "hashed" in an index whose names too long for a term end their terms
 * with a hash of the whole name (exact_term()): every index made since;
 * one without it has them cut, and a filter looks for both forms. */
const char KEY_NAMES[] = "artsearch.names";
/* "plain" in an index that keeps a word with accents without them too
 * (plain_twins(): one in English made since); one without it has no
 * twins, and its words are looked up as before, until --rebuild. */
const char KEY_TWINS[] = "artsearch.twins";
/* "1" from the first change to a shard's paragraphs until its spelling
 * data is refreshed: committed with the change, so that the next run
 * refreshes what a stopped or killed run left stale. */
const char KEY_SPELLING_STALE[] = "artsearch.spelling-stale";

/* Words longer than this many bytes are not indexed.  Xapian's default,
 * 64, dropped German compounds and Thai runs of 22 letters; the longest
 * term a word makes, Z, a prefix of up to four bytes and the stem, stays
 * under Xapian's 245 bytes. */
const unsigned WORD_MAX = 200;

/* The prefix of a whole tag's term (exact_term()). */
const char TAG_PREFIX[] = "K";

/* The term of a paragraph document large enough to be read back once
 * stored (xapian-shim-write.cc). */
const char BIG_TERM[] = "XBIG";

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

/* How much the title's match adds to a paragraph's weight (its BM25
 * weight times this). */
const double TITLE_WEIGHT = 0.5;

/* An error of artsearch's own (not Xapian's) thrown inside the shim. */
struct ShimError : std::runtime_error {
    as_status_t status;
    ShimError(as_status_t st, const std::string &msg)
        : std::runtime_error(msg), status(st)
    {
    }
};

/* Processors must not throw through Xapian's parser (it leaks what it
 * was building), so they record the first error here, return a query
 * that matches nothing, and parse_rewritten() or parse_fallback() reports
 * the error afterwards. */
struct ParseErrors {
    std::string first;

    Xapian::Query fail(const std::string &msg)
    {
        if (first.empty())
            first = msg;
        return Xapian::Query::MatchNothing;
    }
};

/* What --explain says of one matched term. */
struct TermInfo {
    std::string word, field;
    double weight;
};

/* A file as a reader saw it when it opened the index: a stub file (a
 * reader that sees it changed follows it, follow_stubs()), or a local
 * shard's version file, which each commit replaces (follow_commits()).
 * All zero for a file that was not there. */
struct StubSeen {
    std::string file;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

/* A hit, as as_hits_next() hands it out, and what it points to. */
struct Hit {
    as_hit_t hit;
    as_record_t *record;
    as_snippet_t snippet;
    std::vector<TermInfo> terms;
    std::vector<as_term_t> term_view;
};

/* Expansion terms for --similar and feedback: stemmed words of the text
 * only (its operator() is in xapian-shim-search.cc). */
class TextTermsOnly : public Xapian::ExpandDecider
{
  public:
    /* the index has plain twins (as_index::twins): a word with accents is
     * left out, its twin being in the same paragraphs and more (the two
     * would weigh one word twice) */
    bool twins = false;
    /* when set, its stopwords are left out ("of" made most of a
     * collection like any paragraph) */
    const Xapian::Stopper *stopper = nullptr;

    bool operator()(const std::string &term) const override;
};

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
    bool changed = false;        /* written to since the writer's last commit */
    bool creating = false; /* being made by its writer (not there before) */
    StubSeen version;      /* local readers: its version file */
};

/* One search in the making: the parser (whose unstemming map --explain
 * needs) and what the user should be told. */
struct Search {
    as_index_t *idx;
    const as_search_opts_t *opts;
    ParseErrors errors;          /* before qp: its processors point here */
    unsigned synonym_errors = 0; /* group values that name no group */
    Xapian::QueryParser qp;
    std::string text;    /* the query text after synonym expansion */
    Xapian::Query typed; /* what text parsed to (without the title boost) */
    unsigned flags = 0;  /* the parser flags used */
    mutable int stop_list = -1;   /* whether the stop list applies to text,
                                     once read_words_as_query() knows */
    mutable size_t runs_read = 0; /* by CjkRunFieldProcessor, all told */
    std::string warning;

    Search(as_index_t *i, const as_search_opts_t *o) : idx(i), opts(o)
    {
    }
};

/* In xapian-shim.cc. */

/* Map the exception being handled to a status and a message (the one
 * place that knows Xapian's error classes).  Call only inside catch. */
as_status_t map_exception(std::string &msg);

/* The message of the Xapian error being handled.  Call only inside catch
 * (a Xapian::Error). */
std::string xapian_message();

/* Cut s to at most max bytes at a UTF-8 character boundary. */
void cut_utf8(std::string &s, size_t max);

/* msg in memory from malloc() (NULL when out of memory). */
char *copy_message(const std::string &msg);

/* Whether idx was opened for writing; if not, says so in its errmsg (the
 * caller returns AS_ERR_USAGE). */
bool writable(as_index_t *idx);

/* Whether term is a word of the paragraph text (Zword stemmed, or word
 * as written), not of a field (S, A, XSRC: upper-case prefixes) nor a
 * filter's. */
bool text_term(const std::string &term);

/* The name of the language lang is a code of ("en", "eng": english), or
 * lang itself, in lower case: a name or code in any case ("English",
 * "EN"). */
std::string language_name(const std::string &lang);

/* FNV-1a (64 bits) of s: a hash that is the same on every run and
 * machine (shards, names too long for a term). */
uint64_t fnv1a(const std::string &s);

/* The words that word (a term or a word in lower case) also stands
 * for, indexed at its places: a possessive's word ("japan's": "japan"),
 * a number without its thousands separators ("1,000": "1000",
 * "12,500.5": "12500.5", "1,000s": "1000s"), and each of those in turn
 * ("1,000's": "1,000" and "1000"); and a number's plural written the
 * other way ("1980's": "1980" and "1980s", "1980s": "1980's": the 1980s
 * are the 1980's, but not 1980; "1,000's": "1,000s", "1000s" and
 * "1000's" too); and with plain (an index with twins, as_index::twins),
 * each of them and the word without its accents ("zürich": "zurich",
 * as_fold_plain()).  None for any other word. */
std::vector<std::string> base_forms(const std::string &word, bool plain);

/* query with its marks as the parser knows them: the quotation marks
 * of other languages as '"' and a Unicode hyphen or dash joining two
 * words as '-' (the phrase of the words), but where that would change
 * what the query says (xapian-shim-query.cc, ascii_marks()). */
std::string marks_as_ascii(const std::string &query);

/* word without the accents of its Latin letters (as_fold_plain()); ""
 * if it has none. */
std::string without_accents(const std::string &word);

/* Whether a new index in language keeps each word with accents without
 * them too (a "plain twin", KEY_TWINS): in English, where accents are few
 * (names, loanwords) and keyboards have none.  In languages written with them,
 * whose stemmers read them, they would make the index and the
 * paragraphs' lengths grow by half. */
bool plain_twins(const std::string &language);

/* Whether word has an ASCII digit: a number, or a word such as "g7"
 * (never a spelling correction, nor corrected). */
bool has_digit(const std::string &word);

/* t at the first word of the spelling data from where it is, or at the
 * end: the terms without a prefix (prefixes are upper case), of two
 * bytes or more (Xapian keeps none shorter) and without a digit
 * (as_index_refresh_spelling()).  Those that start with one are passed
 * over at once. */
void to_spelling_word(Xapian::TermIterator &t, const Xapian::TermIterator &end);

/* The word the parts of a hyphenated word make written whole ("g", "7"
 * of G-7: "g7"; "post", "war": "postwar"), in lower case; "" unless
 * there are two parts or more, each ASCII letters and digits, with a
 * letter among them ("2024-25" stays two numbers). */
std::string joined_word(const std::vector<std::string> &parts);

/* The hyphenated words of text (ASCII letters and digits joined by
 * single hyphens, not touching letters of other scripts; quotes,
 * apostrophes and dashes around them are fine), each as its parts in
 * lower case: "G-7 e-mail" gives {g, 7}, {e, mail}. */
std::vector<std::vector<std::string>> hyphenated(const std::string &text);

/* In xapian-shim-search.cc: how the index reads text. */

/* The code point that ends at byte at (> 0) of text; its first byte in
 * *start. */
unsigned code_point_before(const char *text, size_t at, size_t *start);

/* Whether Xapian reads word character ch as Chinese, Japanese or Korean
 * (each a word of its own with FLAG_CJK_NGRAM), and whether text has
 * such a character. */
bool cjk_char(unsigned ch);
bool has_cjk(const std::string &text);

/* s in a Unicode normalisation form: form is as_text_nfc() or
 * as_text_nfd(). */
std::string normal_form(const std::string &s, as_status_t (*form)(char **));

/* text as the index reads it: as_fold() with elisions (as_index's). */
std::string folded(std::string text, const char *const *elisions);

/* A query's text as it is parsed: folded(), with the fullwidth forms of
 * its operators' signs, as a Chinese or Japanese keyboard types them, as
 * ASCII where they stand as operators, outside quotes: ＋ and － before a
 * word (not in Ｃ＋＋ or 東京－大阪), ＊ after one, and （ ） around words
 * (not in トヨタ（株）). */
std::string query_folded(std::string text, const char *const *elisions);

/* In xapian-shim.cc. */

/* Open one shard (for writing when ours and a writer). */
void open_shard(as_index_t *idx, Shard &s, bool write);

/* Throw AS_ERR_CORRUPT, saying to rebuild, for a local shard of idx whose
 * directory holds a database's files that cannot be opened (one of them
 * missing), or AS_ERR_IO for one this user may not read (Permission
 * denied), rather than let it pass for no index. */
void check_damaged(const as_index_t *idx);

/* The table of the local database at path that a database with
 * documents must have (postlist, termlist, docdata, and position when it
 * has words) and that is not there or may not be read ("position.glass
 * is missing", "... cannot be read"; db is that database, open): "" when
 * none is. */
std::string missing_table(const std::string &path, const Xapian::Database &db);

/* Readers: when a stub read at open has changed since (a --rebuild,
 * --compact or --merge swapped in another database), or when force,
 * resolve the paths again and open what they name now (in
 * xapian-shim.cc). */
void follow_stubs(as_index_t *idx, bool force);

/* How often a reader tries again the shards it left out (allow_partial). */
const int RETRY_SECONDS = 5;

/* Readers with allow_partial: when shards were left out, and the last try
 * was RETRY_SECONDS ago or more, try to connect to them again; those that
 * answer are searched again. */
void retry_missing(as_index_t *idx);

/* Readers: when a local shard's version file changed since it was opened
 * (an incremental run of artsearch-index committed), reopen the databases
 * at their latest revision, so that a long-running reader (--batch)
 * answers from what is there now. */
void follow_commits(as_index_t *idx);

/* Readers: reopen the databases at their latest revision; when their
 * files went meanwhile (a swap), follow the stubs anew. */
void reopen(as_index_t *idx);

/* Combine the shards that are up into idx->db. */
void combine(as_index_t *idx);

/* A shard that cannot be reached: an error, or with allow_partial one
 * more shard left out. */
void shard_failed(as_index_t *idx, Shard &s, const std::string &why);

/* The shard article id goes to, when open here (an indexer opens only
 * its share), or an error. */
Shard &shard_for(as_index_t *idx, const std::string &id);

/* In xapian-shim-write.cc, the owner of the schema. */

/* Xapian 1.4.22 stores some large items so that they cannot be read back
 * ("Too few chunks of compressed data"), and compaction cuts items anew:
 * a document of out marked BIG_TERM that does not read back is stored
 * again from source (the databases out was compacted from, where it
 * reads), with padding until it reads; then out is committed. */
void repair_unreadable(Xapian::WritableDatabase &out,
                       const Xapian::Database &source);

/* The term that names paragraph n (from 1) of article id: "Q<id>#<n>". */
std::string unique_term(const std::string &id, long n);

/* name folded (as_fold() with elisions), in lower case, with white
 * space runs as one space and apostrophes as the ASCII one: names with
 * one key are one name to the exact, case-insensitive filters.  With
 * join_cjk, white space between two Chinese, Japanese or Korean
 * characters is dropped (山田 太郎 is 山田太郎, as such names are written
 * either way); indexes made before have it kept. */
std::string name_key(const std::string &name, const char *const *elisions,
                     bool join_cjk = true);

/* The term behind those filters: prefix + name_key(); one too long for
 * Xapian (over 240 bytes) is cut, and ends with a hash of the
 * whole, so that two long names that begin alike stay two. */
std::string exact_term(const char *prefix, const std::string &name,
                       const char *const *elisions, bool join_cjk = true);

/* That term as indexes without KEY_NAMES have it: cut, without the hash;
 * "" when it is no other than exact_term()'s. */
std::string cut_term(const char *prefix, const std::string &name,
                     const char *const *elisions);

/* A date term: prefix + number, zero-padded to digits digits (prefix is
 * DATE_YEAR or one of the others above). */
std::string date_term(const char *prefix, long number, int digits);

/* In xapian-shim-query.cc. */

/* The prefix of wildcard q.  Xapian 1.4 has no accessor for it, and the
 * query lists none of the terms it expands to; its description has it:
 * "Query(WILDCARD SYNONYM negotia)".  False if it cannot be read. */
bool wildcard_prefix(const Xapian::Query &q, std::string &prefix);

/* The stopper for queries in language, or nullptr when there is no list
 * for it. */
const Xapian::Stopper *stopper_for(const std::string &language);

/* The stopper for the stemmed terms of an index in language (with stem,
 * its stemmer): each stopword and its stem ("before" is Zbefor), or
 * nullptr when there is no list for it.  Built once, never freed. */
const Xapian::Stopper *stemmed_stopper_for(const std::string &language,
                                           const Xapian::Stem &stem);

/* Whether an index in language reads English (english, and porter, the
 * original English stemmer): the stop list, the lower-case or and not. */
bool in_english(const std::string &language);

/* Whether the extra of the default ranking is in use for opts. */
bool ranking_uses(const as_search_opts_t *opts, unsigned extra);

/* Build the whole query: text (or similarity), title boost and filters. */
Xapian::Query build_query(Search &s);

} // namespace as_shim

/* An open index: the handle behind as_index_t (xapian-shim.h). */
struct as_index {
    std::string path;
    std::string language;
    std::string errmsg;
    std::vector<std::string> paths;       /* as given to as_index_open() */
    std::vector<as_shim::StubSeen> stubs; /* read to find the shards */
    unsigned parts = 1, part = 0;         /* writers: this process's share */
    std::vector<as_shim::Shard> shards;   /* in the order of the stub */
    Xapian::Database db;                  /* every open shard, as one */
    bool writer = false;                  /* AS_INDEX_WRITE or _UPDATE */
    bool update = false;     /* AS_INDEX_UPDATE: a writer that creates none */
    bool indexer = false;    /* a writer or AS_INDEX_PREVIEW */
    bool any_schema = false; /* AS_INDEX_SETTINGS */
    unsigned timeout_ms = AS_DEFAULT_TIMEOUT_MS;
    bool allow_partial = false;
    bool cjk = false;        /* every shard has KEY_CJK: text read as n-grams */
    bool twins = false;      /* every shard has KEY_TWINS: plain twins */
    bool some_twins = false; /* some shard has: highlight and name them */
    bool cjk_mixed = false;  /* some shards have KEY_CJK, others not */
    bool cut_names = false;  /* some shard lacks KEY_NAMES (cut_term()) */
    std::vector<std::string> missing; /* shards left out, with why */
    std::chrono::steady_clock::time_point missing_since; /* tried then */
    std::vector<const char *> missing_view;
    Xapian::Stem stem;
    const char *const *elisions = nullptr; /* as_fold_elisions(language) */
    Xapian::TermGenerator termgen;
    std::string synonyms_text; /* what synonyms was parsed from */
    std::map<size_t, Xapian::Query> group_queries; /* of synonyms, built */
    as_synonyms_t *synonyms = nullptr;

    ~as_index()
    {
        as_synonyms_free(synonyms);
    }
};

namespace as_shim
{
/* What a search keeps to read its hits past the first chunk (in
 * xapian-shim-search.cc). */
struct HitSource;
} // namespace as_shim

/* The hits of one search: the handle behind as_hits_t.  They are read a
 * chunk at a time (HIT_CHUNK, in xapian-shim-search.cc): hits holds the
 * chunk being handed out, source what reads the next. */
struct as_hits {
    std::vector<as_shim::Hit> hits;
    size_t next = 0;
    std::unique_ptr<as_shim::HitSource> source;
    as_status_t status = AS_OK; /* why the hits stopped short */
    size_t lower = 0, estimate = 0, upper = 0;
    std::string warning;
    std::string description;
    std::vector<std::pair<std::string, size_t>> facets[AS_FACET_KINDS];
    std::vector<as_facet_t> facet_view[AS_FACET_KINDS];
    std::string suggestion;
    size_t suggestion_matches = 0;

    as_hits();
    ~as_hits();
    void clear_chunk(); /* free the hits of the chunk held */
};

#endif /* AS_XAPIAN_SHIM_HH */
