/* xapian-shim.cc - the index handle (see xapian-shim.h): the libstemmer
 * stemmer, opening, checking, compacting and closing an index and its
 * shards (local or remote), statistics, synonyms, and map_exception(),
 * the one place that maps Xapian's errors.  The document schema and what
 * the shim's files share are in xapian-shim.hh.
 */
#include "config.h"

#include <dirent.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xapian.h>

#include <libstemmer.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <exception>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "xapian-shim.hh"

#include "fold.h"
#include "synonyms.h"

using namespace as_shim;

namespace
{

/* Times a reader reads the index's stub and opens what it names, when
 * that is gone (a rebuild finished in between). */
const int OPEN_ATTEMPTS = 3;

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

/* The codes libstemmer takes for its languages (ISO 639-1 and 639-2):
 * an index records the language's name, which the stop list and the
 * elisions go by. */
const char *const LANGUAGE_CODES[][2] = {
    {"ar", "arabic"},      {"ara", "arabic"},    {"hy", "armenian"},
    {"hye", "armenian"},   {"arm", "armenian"},  {"eu", "basque"},
    {"eus", "basque"},     {"baq", "basque"},    {"ca", "catalan"},
    {"cat", "catalan"},    {"da", "danish"},     {"dan", "danish"},
    {"nl", "dutch"},       {"dut", "dutch"},     {"nld", "dutch"},
    {"en", "english"},     {"eng", "english"},   {"fi", "finnish"},
    {"fin", "finnish"},    {"fr", "french"},     {"fre", "french"},
    {"fra", "french"},     {"de", "german"},     {"ger", "german"},
    {"deu", "german"},     {"el", "greek"},      {"gre", "greek"},
    {"ell", "greek"},      {"hi", "hindi"},      {"hin", "hindi"},
    {"hu", "hungarian"},   {"hun", "hungarian"}, {"id", "indonesian"},
    {"ind", "indonesian"}, {"ga", "irish"},      {"gle", "irish"},
    {"it", "italian"},     {"ita", "italian"},   {"lt", "lithuanian"},
    {"lit", "lithuanian"}, {"ne", "nepali"},     {"nep", "nepali"},
    {"no", "norwegian"},   {"nor", "norwegian"}, {"pt", "portuguese"},
    {"por", "portuguese"}, {"ro", "romanian"},   {"rum", "romanian"},
    {"ron", "romanian"},   {"ru", "russian"},    {"rus", "russian"},
    {"sr", "serbian"},     {"srp", "serbian"},   {"es", "spanish"},
    {"esl", "spanish"},    {"spa", "spanish"},   {"sv", "swedish"},
    {"swe", "swedish"},    {"ta", "tamil"},      {"tam", "tamil"},
    {"tr", "turkish"},     {"tur", "turkish"},   {"yi", "yiddish"},
    {"yid", "yiddish"},
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
    /* A commit's write error (a full disk): "Modifications failed
     * (DatabaseError: WHY), and couldn't open at the old revision: ...".
     * Xapian could not reread that revision in memory; on disk it is
     * whole, and the indexer says what the index keeps.  WHY alone. */
    static const std::string failed = "Modifications failed (",
                             reopen = "), and couldn't open at the old "
                                      "revision";
    const size_t end = msg.find(reopen);
    if (msg.compare(0, failed.size(), failed) == 0 &&
        end != std::string::npos) {
        std::string why = msg.substr(failed.size(), end - failed.size());
        const size_t type = why.find("Error: ");
        if (type != std::string::npos &&
            why.find_first_of(" (") > type) /* "DatabaseError: " */
            why.erase(0, type + 7);
        msg = why;
    }
    return msg.empty() ? e.get_type() : msg;
}

} // namespace

namespace as_shim
{

std::string language_name(const std::string &typed)
{
    std::string lang = typed; /* in any case: English, EN */
    for (char &c : lang)
        c = char(std::tolower((unsigned char)c));
    for (const auto &code : LANGUAGE_CODES)
        if (lang == code[0])
            return code[1];
    return lang;
}

/* What to do about an index that cannot be read: a rebuild reads the
 * articles anew and needs nothing of it. */
const char REBUILD_IT[] =
    "rebuild it from the articles with artsearch-index --rebuild PATH...";

/* Map the exception being handled to a status and a message: the one
 * place that knows Xapian's error classes.  Call only inside catch. */
as_status_t map_exception(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        /* Another writer ("already locked"), or a lock file that cannot
         * be made or opened (permissions, a read-only copy): waiting
         * would not help that one. */
        if (e.get_msg().find("already locked") != std::string::npos) {
            msg = "the index is being written by another process";
            return AS_ERR_LOCKED;
        }
        msg = "cannot lock the index for writing (" + e.get_msg() + ")";
        return AS_ERR_IO;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        msg = e.get_msg();
        return AS_ERR_NO_INDEX;
    } catch (const Xapian::DatabaseVersionError &e) {
        msg = "the index was written by another version of Xapian (" +
              e.get_msg() + "): " + REBUILD_IT;
        return AS_ERR_CORRUPT;
    } catch (const Xapian::DatabaseCorruptError &e) {
        msg = "the index is damaged (" + e.get_msg() + "): " + REBUILD_IT;
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
        /* A database file shorter than its tables say (cut short by a
         * full disk or a copy that stopped): damaged, not unreadable. */
        if (e.get_msg().find("EOF reading block") != std::string::npos) {
            msg = "the index is damaged (a file of it is cut short: " +
                  e.get_msg() + "): " + REBUILD_IT;
            return AS_ERR_CORRUPT;
        }
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

bool writable(as_index_t *idx)
{
    if (!idx->writer)
        idx->errmsg = "the index is open for reading only";
    return idx->writer;
}

char *copy_message(const std::string &msg)
{
    char *s = static_cast<char *>(std::malloc(msg.size() + 1));
    if (s)
        std::memcpy(s, msg.c_str(), msg.size() + 1);
    return s;
}

uint64_t fnv1a(const std::string &s)
{
    uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

bool has_digit(const std::string &word)
{
    return std::any_of(word.begin(), word.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

void to_spelling_word(Xapian::TermIterator &t, const Xapian::TermIterator &end)
{
    while (t != end) {
        const std::string w = *t;
        if (w[0] >= 'A' && w[0] <= 'Z')
            t.skip_to("a");
        else if (w[0] >= '0' && w[0] <= '9')
            t.skip_to(":"); /* (the byte after '9') */
        else if (w.size() < 2 || has_digit(w))
            ++t;
        else
            return;
    }
}

std::string joined_word(const std::vector<std::string> &parts)
{
    std::string out;
    bool letter = false;
    if (parts.size() < 2)
        return out;
    for (const std::string &part : parts) {
        if (part.empty())
            return std::string();
        for (char c : part) {
            if (!std::isalnum((unsigned char)c))
                return std::string();
            letter = letter || std::isalpha((unsigned char)c);
            out += char(std::tolower((unsigned char)c));
        }
    }
    return letter ? out : std::string();
}

std::vector<std::vector<std::string>> hyphenated(const std::string &text)
{
    std::vector<std::vector<std::string>> out;
    const size_t n = text.size();
    const auto ascii_word = [&](size_t i) {
        return std::isalnum((unsigned char)text[i]) || text[i] == '-';
    };
    /* a letter of another script beside it: part of a longer word; not
     * a Chinese, Japanese or Korean character, a word of its own
     * (F-35戦闘機) */
    const auto letter = [](unsigned ch) {
        return Xapian::Unicode::is_wordchar(ch) && !cjk_char(ch);
    };
    const auto letter_before = [&](size_t at) {
        size_t from;
        return at > 0 && (unsigned char)text[at - 1] >= 0x80 &&
               letter(code_point_before(text.data(), at, &from));
    };
    const auto letter_at = [&](size_t at) {
        return at < n && (unsigned char)text[at] >= 0x80 &&
               letter(*Xapian::Utf8Iterator(text.data() + at, n - at));
    };
    for (size_t i = 0; i < n;) {
        if (!ascii_word(i)) {
            i++;
            continue;
        }
        const size_t from = i;
        while (i < n && ascii_word(i))
            i++;
        if (letter_before(from) || letter_at(i))
            continue;
        const std::string run = text.substr(from, i - from);
        if (run.find('-') == std::string::npos)
            continue;
        std::vector<std::string> parts;
        size_t start = 0;
        for (size_t dash; (dash = run.find('-', start)) != std::string::npos;
             start = dash + 1)
            parts.push_back(run.substr(start, dash - start));
        parts.push_back(run.substr(start));
        for (std::string &part : parts)
            for (char &c : part)
                c = char(std::tolower((unsigned char)c));
        if (!joined_word(parts).empty())
            out.push_back(parts);
    }
    return out;
}

namespace
{

/* The first of base_forms(): a possessive's word or a number without
 * its thousands separators; "" if none. */
std::string base_form(const std::string &word)
{
    const size_t n = word.size();
    if (n > 2 && word[n - 1] == 's' && word[n - 2] == '\'')
        return word.substr(0, n - 2);
    /* 1 to 3 digits, then groups of a comma and 3 digits, then any
     * decimals: the thousands separators of English text */
    const auto digit = [&](size_t i) {
        return i < n && word[i] >= '0' && word[i] <= '9';
    };
    size_t i = 0;
    while (digit(i) && i < 3)
        i++;
    if (i == 0 || digit(i) || i >= n || word[i] != ',')
        return std::string();
    std::string out = word.substr(0, i);
    while (i < n && word[i] == ',') {
        if (!digit(i + 1) || !digit(i + 2) || !digit(i + 3) || digit(i + 4))
            return std::string();
        out.append(word, i + 1, 3);
        i += 4;
    }
    if (i < n && word[i] == '.' && digit(i + 1)) {
        const size_t from = i++;
        while (digit(i))
            i++;
        out.append(word, from, i - from);
    }
    if (i + 1 == n && word[i] == 's') /* the 1,000s */
        out += word[i++];
    return i == n ? out : std::string();
}

/* A number's plural written the other way ("1980's": "1980s", "80s":
 * "80's"); "" for any other word. */
std::string other_plural(const std::string &word)
{
    size_t d = 0;
    while (d < word.size() && word[d] >= '0' && word[d] <= '9')
        d++;
    if (d == 0)
        return std::string();
    if (word.size() == d + 2 && word.compare(d, 2, "'s") == 0)
        return word.substr(0, d) + 's';
    if (word.size() == d + 1 && word[d] == 's')
        return word.substr(0, d) + "'s";
    return std::string();
}

} // namespace

std::vector<std::string> base_forms(const std::string &word, bool plain)
{
    std::vector<std::string> out;
    const auto add = [&](std::string form) {
        if (!form.empty() && form != word &&
            std::find(out.begin(), out.end(), form) == out.end())
            out.push_back(std::move(form));
    };
    const auto add_chain = [&](const std::string &from) {
        for (std::string base = base_form(from); !base.empty();
             base = base_form(base))
            add(base);
    };
    add_chain(word);
    /* a number's plural with an apostrophe is the plural without one
     * too, its thousands separators and all ("1,000's": "1,000s",
     * "1000s"); a plural without one never leads to the number alone */
    const size_t n = word.size();
    if (n > 2 && word[0] >= '0' && word[0] <= '9' &&
        word.compare(n - 2, 2, "'s") == 0) {
        const std::string plural = word.substr(0, n - 2) + 's';
        add(plural);
        add_chain(plural);
    }
    const size_t forms = out.size();
    for (size_t i = 0; i <= forms; i++)
        add(other_plural(i == 0 ? word : out[i - 1]));
    /* each without its accents ("zürich's": "zurich's", "zurich") */
    const size_t accented = plain ? out.size() + 1 : 0;
    for (size_t i = 0; i < accented; i++)
        add(without_accents(i == 0 ? word : out[i - 1]));
    return out;
}

bool plain_twins(const std::string &language)
{
    return in_english(language);
}

std::string without_accents(const std::string &word)
{
    char *out;
    size_t len;
    if (as_fold_plain(word.data(), word.size(), &out, &len) != AS_OK)
        throw std::bad_alloc();
    if (!out)
        return std::string();
    std::string plain(out, len);
    std::free(out);
    return plain;
}

/* Whether term is a word of the paragraph text (not of a field, not a
 * filter's). */
bool text_term(const std::string &term)
{
    return (term.size() > 1 && term[0] == 'Z' &&
            !std::isupper((unsigned char)term[1])) ||
           (!term.empty() && !std::isupper((unsigned char)term[0]));
}

} // namespace as_shim

namespace
{

/* file as it is now (all zero when it is not there). */
StubSeen seen_now(const std::string &file)
{
    struct stat now;
    if (stat(file.c_str(), &now) != 0)
        return StubSeen{file, 0, 0, 0, {0, 0}};
    return StubSeen{file, now.st_dev, now.st_ino, now.st_size, now.st_mtim};
}

/* Whether a and b are the same file, unchanged. */
bool same_file(const StubSeen &a, const StubSeen &b)
{
    return a.dev == b.dev && a.ino == b.ino && a.size == b.size &&
           a.mtime.tv_sec == b.mtime.tv_sec &&
           a.mtime.tv_nsec == b.mtime.tv_nsec;
}

/* Whether a stub read at open is not what it was (replaced, changed, or
 * gone). */
bool stubs_changed(const as_index_t *idx)
{
    for (const StubSeen &seen : idx->stubs) {
        const StubSeen now = seen_now(seen.file);
        if (now.ino == 0 || !same_file(now, seen))
            return true;
    }
    return false;
}

/* Stubs naming stubs this deep are refused (a loop, most likely). */
const int MAX_STUB_DEPTH = 8;

/* Which of n shards article id goes to: FNV-1a of the id, so that every
 * run (and every machine) puts an article on the same shard. */
size_t shard_of(const std::string &id, size_t n)
{
    return n > 1 ? static_cast<size_t>(fnv1a(id) % n) : 0;
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
void resolve(const std::string &path, int depth, std::vector<Shard> &out,
             std::vector<StubSeen> *seen = nullptr)
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
    struct stat was;
    if (seen && fstat(fileno(f), &was) == 0)
        seen->push_back(
            StubSeen{stub, was.st_dev, was.st_ino, was.st_size, was.st_mtim});
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
            resolve(arg[0] == '/' ? arg : base + "/" + arg, depth + 1, out,
                    seen);
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

} // namespace

namespace as_shim
{

namespace
{

/* Whether directory path holds a Xapian database's files (its version
 * file iamglass, or a table: postlist.glass ...), all of them or not. */
bool holds_database(const std::string &path)
{
    DIR *dir = opendir(path.c_str());
    if (!dir)
        return false;
    bool found = false;
    while (const struct dirent *e = readdir(dir)) {
        const std::string name = e->d_name;
        const std::string ext = ".glass";
        if (name == "iamglass" ||
            (name.size() > ext.size() &&
             name.compare(name.size() - ext.size(), ext.size(), ext) == 0)) {
            found = true;
            break;
        }
    }
    closedir(dir);
    return found;
}

/* The file of the database at path, one of its tables or its version
 * file, that this process may not read (EACCES): "" if there is none. */
std::string unreadable_file(const std::string &path)
{
    std::string found;
    DIR *dir = opendir(path.c_str());
    if (!dir)
        return access(path.c_str(), R_OK | X_OK) != 0 && errno == EACCES
                   ? path
                   : found;
    while (const struct dirent *e = readdir(dir)) {
        const std::string file = path + "/" + e->d_name;
        if (e->d_name[0] != '.' && access(file.c_str(), R_OK) != 0 &&
            errno == EACCES) {
            found = file;
            break;
        }
    }
    closedir(dir);
    return found;
}

/* The message of a shard that cannot be read or is damaged. */
[[noreturn]] void throw_damaged(const as_index_t *idx, const Shard &s,
                                const std::string &why)
{
    const std::string name = idx->shards.size() > 1 ? s.name : idx->path;
    const std::string denied = unreadable_file(s.path);
    if (!denied.empty())
        throw ShimError(AS_ERR_IO, "cannot read the index at " + name + " (" +
                                       denied +
                                       ": Permission denied): ask its owner "
                                       "for read access");
    throw ShimError(AS_ERR_CORRUPT,
                    "the index at " + name +
                        " is damaged: files of its database are missing or "
                        "cannot be read (" +
                        why + "): " + REBUILD_IT);
}

} // namespace

std::string missing_table(const std::string &path, const Xapian::Database &db)
{
    /* Xapian opens a database without these, as tables not yet written;
     * a database with paragraphs has terms and records, and positions
     * when it has words (a length: every word is indexed with its
     * position), and one without is missing a file. */
    const char *tables[] = {"postlist.glass", "termlist.glass", "docdata.glass",
                            "position.glass"};
    struct stat st;
    if (db.get_doccount() == 0)
        return std::string();
    const size_t n = db.get_total_length() > 0 ? 4 : 3;
    for (size_t i = 0; i < n; i++) {
        const std::string file = path + "/" + tables[i];
        if (stat(file.c_str(), &st) != 0 && errno == ENOENT)
            return std::string(tables[i]) + " is missing";
        if (access(file.c_str(), R_OK) != 0 && errno == EACCES)
            return std::string(tables[i]) + " cannot be read";
    }
    /* and spelling data once an indexer has made it from the words
     * (as_index_refresh_spelling(); Xapian keeps none of one byte) */
    if (!db.get_metadata(KEY_SPELLING_STALE).empty())
        return std::string();
    Xapian::TermIterator t = db.allterms_begin();
    to_spelling_word(t, db.allterms_end());
    if (t == db.allterms_end())
        return std::string();
    const std::string file = path + "/spelling.glass";
    if (stat(file.c_str(), &st) != 0 && errno == ENOENT)
        return "spelling.glass is missing";
    if (access(file.c_str(), R_OK) != 0 && errno == EACCES)
        return "spelling.glass cannot be read";
    return std::string();
}

void check_damaged(const as_index_t *idx)
{
    for (const Shard &s : idx->shards) {
        /* (one its writer failed to make is no damaged index: Xapian's
         * error says why, a full disk say) */
        if (!s.host.empty() || s.creating)
            continue;
        if (!holds_database(s.path)) {
            /* a directory this user may not open is no "no index" */
            if (access(s.path.c_str(), R_OK | X_OK) != 0 && errno == EACCES)
                throw_damaged(idx, s, "");
            continue;
        }
        std::string missing;
        try {
            Xapian::Database probe(s.path);
            missing = missing_table(s.path, probe);
        } catch (const Xapian::DatabaseLockError &) {
        } catch (const Xapian::DatabaseVersionError &) {
        } catch (const Xapian::DatabaseOpeningError &e) {
            throw_damaged(idx, s, e.get_msg());
        }
        if (!missing.empty())
            throw_damaged(idx, s, missing);
    }
}

/* Open one shard (for writing when ours and a writer). */
void open_shard(as_index_t *idx, Shard &s, bool write)
{
    if (!s.host.empty()) {
        if (idx->indexer) /* a writer's or a dry run's */
            throw ShimError(AS_ERR_USAGE,
                            s.name + " is a remote shard: index it on the "
                                     "machine that serves it");
        s.db = Xapian::Remote::open(s.host, s.port, idx->timeout_ms,
                                    idx->timeout_ms);
    } else if (write) {
        /* A database that is there is opened, never created anew: one
         * with a file missing (a copy or a restore cut short) would be
         * replaced by an empty one, and its articles lost. */
        s.creating = !holds_database(s.path);
        if (s.creating && idx->update)
            throw_damaged(idx, s, "nothing of it is there");
        s.wdb.reset(new Xapian::WritableDatabase(
            s.path, s.creating ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN));
        s.creating = false;
        s.db = *s.wdb;
    } else {
        /* a dry run checks what AS_INDEX_UPDATE would, of a database a
         * stub names (nothing there at all is no index) */
        if (idx->indexer && !idx->stubs.empty() && !holds_database(s.path))
            throw_damaged(idx, s, "nothing of it is there");
        /* seen before the database is opened: a commit in between is
         * taken for one after, and followed */
        s.version = seen_now(s.path + "/iamglass");
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
    if (idx->missing.empty())
        idx->missing_since = std::chrono::steady_clock::now();
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

/* The shard article id goes to, when open here (an indexer opens only
 * its share), or an error. */
Shard &shard_for(as_index_t *idx, const std::string &id)
{
    Shard &s = idx->shards[shard_of(id, idx->shards.size())];
    if (!s.up)
        throw ShimError(AS_ERR_USAGE, "article '" + id + "' belongs to " +
                                          s.name + ", which is not open here");
    return s;
}

} // namespace as_shim

namespace
{

/* Check the schema of one shard (and describe it if it is new); its
 * language is compared with (or becomes) idx->language. */
as_status_t check_shard(as_index_t *idx, Shard &s, size_t i, const char *lang)
{
    const std::string name = idx->shards.size() > 1 ? s.name : idx->path;
    const std::string place =
        std::to_string(i) + "/" + std::to_string(idx->shards.size());
    std::string schema = s.db.get_metadata(KEY_SCHEMA);
    std::string stored = language_name(s.db.get_metadata(KEY_LANGUAGE));
    std::string shard = s.db.get_metadata(KEY_SHARD);

    /* a table missing (a copy cut short): positions or terms would be
     * missing without an error (phrases matched as words); not a
     * database a rebuild or compaction swapped out and is removing while
     * a reader opened it (the next search follows the stub); the
     * settings are in the metadata, which a rebuild reads of a damaged
     * index too */
    if (s.host.empty() && !idx->any_schema) {
        try {
            const std::string missing = missing_table(s.path, s.db);
            if (!missing.empty() && (idx->indexer || !stubs_changed(idx)))
                throw_damaged(idx, s, missing);
        } catch (const ShimError &e) {
            idx->errmsg = e.what();
            return e.status;
        }
    }
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
        s.wdb->set_metadata(KEY_CJK, "ngram");
        s.wdb->set_metadata(KEY_NAMES, "hashed");
        if (plain_twins(stored))
            s.wdb->set_metadata(KEY_TWINS, "plain");
        if (idx->shards.size() > 1)
            s.wdb->set_metadata(KEY_SHARD, place);
    } else if (schema != std::to_string(AS_INDEX_SCHEMA) && !idx->any_schema) {
        idx->errmsg = "the index at " + name + " has schema version " + schema +
                      "; this artsearch reads version " +
                      std::to_string(AS_INDEX_SCHEMA) +
                      ": rebuild it with artsearch-index --rebuild";
        return AS_ERR_CORRUPT;
    } else if (idx->indexer && (shard.empty() ? "0/1" : shard) != place) {
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
                      ": indexes searched together, and the shards of one "
                      "index, share their language (search each on its "
                      "own)";
        return AS_ERR_CORRUPT;
    }
    if (idx->indexer && lang && idx->language != lang) {
        idx->errmsg = "the index at " + idx->path + " was built for language " +
                      idx->language + ", not " + lang +
                      ": use --rebuild to build it in another language";
        return AS_ERR_USAGE;
    }
    return AS_OK;
}

/* An error if some local shards of idx are there and others are not (a
 * shard moved or deleted): not "no index", and not a shard to create. */
void check_shards_there(const as_index_t *idx)
{
    const Shard *missing = nullptr;
    bool any = false;
    struct stat st;
    for (const Shard &s : idx->shards) {
        if (!s.host.empty())
            continue;
        if (stat(s.path.c_str(), &st) == 0)
            any = true;
        else if (!missing)
            missing = &s;
    }
    if (any && missing)
        throw ShimError(AS_ERR_CORRUPT,
                        missing->name +
                            ": a shard of the index is missing (moved or "
                            "deleted?): put it back, or build the index "
                            "anew with artsearch-index --rebuild");
}

/* The places a remote shard's server listens at: each address its host
 * name has, with the port ("127.0.0.1 7000"; localhost has ::1 too), or
 * the host as written when it has none (the connection then fails and
 * says why). */
std::vector<std::string> remote_places(const Shard &s)
{
    const std::string port = std::to_string(s.port);
    std::vector<std::string> places;
    struct addrinfo hints, *found = nullptr;
    std::memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(s.host.c_str(), port.c_str(), &hints, &found) == 0) {
        for (const struct addrinfo *a = found; a; a = a->ai_next) {
            char host[NI_MAXHOST];
            if (getnameinfo(a->ai_addr, a->ai_addrlen, host, sizeof host,
                            nullptr, 0, NI_NUMERICHOST) == 0)
                places.push_back(std::string(host) + " " + port);
        }
        freeaddrinfo(found);
    }
    if (places.empty())
        places.push_back(s.host + " " + port);
    return places;
}

/* Each database of shards once, however often the paths named it (an
 * index given twice, two stubs that list one shard, a server named two
 * ways: 127.0.0.1 and localhost): searched twice, each of its hits would
 * come twice, with its score doubled (remote shards only for a reader:
 * a writer refuses them).  Returns the first local shard dropped, or "". */
std::string drop_repeated(std::vector<Shard> &shards, bool reader)
{
    std::string first;
    std::vector<Shard> kept;
    std::set<std::pair<dev_t, ino_t>> local;
    std::set<std::string> remote;
    /* (names are looked up only to tell two remote shards apart) */
    const bool remotes = reader && std::count_if(shards.begin(), shards.end(),
                                                 [](const Shard &s) {
                                                     return !s.host.empty();
                                                 }) > 1;
    for (Shard &s : shards) {
        struct stat st;
        bool again = false;
        if (!s.host.empty()) {
            if (remotes) {
                const std::vector<std::string> places = remote_places(s);
                for (const std::string &place : places)
                    again = again || remote.count(place) > 0;
                remote.insert(places.begin(), places.end());
            }
        } else if (stat(s.path.c_str(), &st) == 0)
            again = !local.insert(std::make_pair(st.st_dev, st.st_ino)).second;
        if (!again)
            kept.push_back(std::move(s));
        else if (first.empty() && s.host.empty())
            first = s.path;
    }
    shards.swap(kept);
    return first;
}

/* Each open database of shards once more, now by what it is: a database
 * named both by its path and through its server (tcp://), which names
 * cannot tell apart, is searched through its path; so is one served
 * twice (by two servers).  A remote shard is the same database as
 * another shard with the same UUID and last artsearch-index commit
 * (KEY_COMMIT; a remote database gives no revision), documents, total
 * length and time of that commit (all an index without KEY_COMMIT has).
 * Local databases are told apart by their files alone (drop_repeated()):
 * a copy made with cp shares the UUID, and is searched as another index,
 * however alike. */
void drop_same_database(std::vector<Shard> &shards)
{
    typedef std::tuple<std::string, Xapian::doccount, Xapian::docid,
                       Xapian::totallength, std::string, std::string>
        Identity;
    std::vector<Identity> ids(shards.size());
    std::vector<bool> again(shards.size(), false);
    for (size_t i = 0; i < shards.size(); i++)
        if (shards[i].up)
            try {
                const Xapian::Database &db = shards[i].db;
                ids[i] = Identity(db.get_uuid(), db.get_doccount(),
                                  db.get_lastdocid(), db.get_total_length(),
                                  db.get_metadata(KEY_UPDATED),
                                  db.get_metadata(KEY_COMMIT));
            } catch (const Xapian::Error &) {
                std::get<0>(ids[i]).clear(); /* (told apart by nothing) */
            }
    for (size_t i = 0; i < shards.size(); i++)
        for (size_t j = 0; !again[i] && !shards[i].host.empty() &&
                           !std::get<0>(ids[i]).empty() && j < shards.size();
             j++)
            /* (a remote one beside a local one, or an earlier remote) */
            again[i] = j != i && !again[j] && ids[j] == ids[i] &&
                       (shards[j].host.empty() || j < i);
    std::vector<Shard> kept;
    for (size_t i = 0; i < shards.size(); i++)
        if (!again[i])
            kept.push_back(std::move(shards[i]));
    shards.swap(kept);
}

/* Resolve idx->paths (stubs followed) into idx->shards and open them:
 * an indexer its share of them (a writer for writing); a reader all of them, a
 * remote one that does not answer left out with allow_partial. */
as_status_t open_shards(as_index_t *idx)
{
    for (int attempt = 1;; attempt++) {
        try {
            for (const std::string &path : idx->paths)
                resolve(path, 0, idx->shards, &idx->stubs);
            /* (a writer routes articles by the number of shards, and
             * would take its own lock for another writer's) */
            const std::string twice = drop_repeated(idx->shards, !idx->indexer);
            if (idx->indexer && !twice.empty()) {
                idx->errmsg = "its stub lists the shard " + twice +
                              " twice (edited by hand?): list each shard "
                              "once, as artsearch-index --rebuild does";
                return AS_ERR_CORRUPT;
            }
            if (idx->shards.size() > AS_MAX_SHARDS) {
                idx->errmsg = idx->path + " has more than " +
                              std::to_string(AS_MAX_SHARDS) + " shards";
                return AS_ERR_USAGE;
            }
            /* A writer creates the shards of a new database; one missing
             * beside others would be created empty, and its articles
             * lost from the index (a dry run checks it too, to report
             * what a run would). */
            if (idx->indexer)
                check_shards_there(idx);
            for (size_t i = 0; i < idx->shards.size(); i++) {
                Shard &s = idx->shards[i];
                bool ours = idx->parts == 1 || i % idx->parts == idx->part;
                if (idx->indexer && !ours) {
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
            if (!idx->indexer)
                drop_same_database(idx->shards);
            return AS_OK;
        } catch (const Xapian::DatabaseOpeningError &) {
            /* A rebuild swaps the stub, then removes the database it
             * named: a reader that read the old stub just before finds
             * that database gone.  Read the stub again. */
            if (idx->indexer) {
                check_damaged(idx);
                throw;
            }
            if (attempt == OPEN_ATTEMPTS) {
                check_shards_there(idx);
                check_damaged(idx);
                throw;
            }
            idx->shards.clear();
            idx->missing.clear();
            idx->stubs.clear();
        }
    }
}

/* Check every open shard and set up the stemmer, the reading of
 * Chinese, Japanese and Korean text (KEY_CJK), of long names
 * (KEY_NAMES) and of words with accents (KEY_TWINS). */
as_status_t check_index(as_index_t *idx, const char *lang)
{
    bool some_cjk = false;
    idx->cjk = true;
    idx->twins = true;
    idx->some_twins = false;
    idx->cut_names = false;
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
        const bool ngram = s.db.get_metadata(KEY_CJK) == "ngram";
        idx->cjk = idx->cjk && ngram;
        const bool twins = s.db.get_metadata(KEY_TWINS) == "plain";
        idx->twins = idx->twins && twins;
        idx->some_twins = idx->some_twins || twins;
        some_cjk = some_cjk || ngram;
        idx->cut_names =
            idx->cut_names || s.db.get_metadata(KEY_NAMES) != "hashed";
    }
    idx->cjk_mixed = some_cjk && !idx->cjk;
    if (make_stemmer(idx->language, &idx->stem) != AS_OK) {
        idx->errmsg = "unknown stemmer language '" + idx->language + "'";
        return AS_ERR_STEMMER;
    }
    idx->elisions = as_fold_elisions(idx->language.c_str());
    idx->termgen.set_stemmer(idx->stem);
    idx->termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    idx->termgen.set_max_word_length(WORD_MAX);
    idx->termgen.set_flags(idx->cjk ? Xapian::TermGenerator::FLAG_CJK_NGRAM
                                    : Xapian::TermGenerator::flags(0));
    return AS_OK;
}

} // namespace

namespace as_shim
{

void retry_missing(as_index_t *idx)
{
    const auto now = std::chrono::steady_clock::now();
    if (idx->missing.empty() ||
        now - idx->missing_since < std::chrono::seconds(RETRY_SECONDS))
        return;
    idx->missing.clear();
    bool back = false;
    for (Shard &s : idx->shards) {
        if (s.up)
            continue;
        try {
            open_shard(idx, s, false);
            back = true;
        } catch (const Xapian::Error &) {
            shard_failed(idx, s, xapian_message());
        }
    }
    idx->missing_since = now;
    if (back) {
        drop_same_database(idx->shards); /* back as another's name */
        combine(idx);
    }
}

void follow_commits(as_index_t *idx)
{
    bool changed = false;
    if (idx->indexer)
        return;
    for (Shard &s : idx->shards) {
        if (!s.up || !s.host.empty())
            continue;
        const StubSeen now = seen_now(s.version.file);
        if (!same_file(now, s.version)) {
            s.version = now;
            changed = true;
        }
    }
    if (changed)
        reopen(idx);
}

void reopen(as_index_t *idx)
{
    try {
        idx->db.reopen();
    } catch (const Xapian::DatabaseOpeningError &) {
        follow_stubs(idx, true); /* its files went meanwhile */
    }
}

void follow_stubs(as_index_t *idx, bool force)
{
    if (idx->indexer || (!force && !stubs_changed(idx)))
        return;
    idx->shards.clear();
    idx->missing.clear();
    idx->stubs.clear();
    idx->group_queries.clear(); /* a new database: its language, maybe */
    idx->language.clear();      /* (--rebuild --lang): the new one's */
    try {
        as_status_t rc = open_shards(idx);
        if (rc == AS_OK) {
            combine(idx);
            rc = check_index(idx, nullptr);
        }
        if (rc != AS_OK)
            throw ShimError(rc, idx->errmsg);
        combine(idx); /* without the shards that failed the check */
    } catch (...) {
        /* a stub that cannot be "seen": the next search tries again */
        idx->stubs.assign(1, StubSeen{std::string(), 0, 0, 0, {0, 0}});
        throw;
    }
}

} // namespace as_shim

extern "C" {

as_status_t as_index_open_with(const char *const *paths, size_t n,
                               as_index_mode_t mode, const char *lang,
                               const as_open_opts_t *opts, as_index_t **out,
                               char **errmsg)
{
    as_index_t *idx = nullptr;
    as_status_t rc;
    std::string lang_name; /* lang by its name, not a code */

    *out = nullptr;
    if (errmsg)
        *errmsg = nullptr;
    try {
        const std::string typed = lang ? lang : ""; /* for a message */
        if (lang) {
            lang_name = language_name(lang);
            lang = lang_name.c_str();
        }
        idx = new as_index;
        idx->writer = mode == AS_INDEX_WRITE || mode == AS_INDEX_UPDATE;
        idx->update = mode == AS_INDEX_UPDATE;
        idx->indexer = idx->writer || mode == AS_INDEX_PREVIEW;
        idx->any_schema = mode == AS_INDEX_SETTINGS;
        if (opts && opts->timeout_ms)
            idx->timeout_ms = opts->timeout_ms;
        idx->allow_partial = opts && opts->allow_partial && !idx->indexer;
        for (size_t i = 0; i < n; i++)
            idx->path += (i ? ", " : "") + std::string(paths[i]);
        if (n == 0 || (idx->indexer && n != 1)) {
            idx->errmsg = "an index is written one at a time";
            rc = AS_ERR_USAGE;
            goto fail;
        }
        if (lang && idx->indexer) {
            Xapian::Stem probe;
            if (make_stemmer(lang, &probe) != AS_OK) {
                std::string list;
                for (const char **l = as_stemmer_languages(); *l; l++)
                    list += list.empty() ? *l : std::string(", ") + *l;
                idx->errmsg = "unknown stemmer language '" + typed +
                              "' (known: " + list + ")";
                rc = AS_ERR_STEMMER;
                goto fail;
            }
        }
        for (size_t i = 0; i < n; i++)
            idx->paths.push_back(paths[i]);
        if (opts && opts->parts > 1) {
            idx->parts = opts->parts;
            idx->part = opts->part;
        }
        rc = open_shards(idx);
        if (rc != AS_OK)
            goto fail;
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
            std::string updated; /* the shards' latest (as_index_stats()) */
            for (const Shard &s : shards) {
                Xapian::Database db(s.path);
                updated = std::max(updated, db.get_metadata(KEY_UPDATED));
                all.add_database(db);
            }
            all.compact(to, Xapian::DBCOMPACT_MULTIPASS);
            Xapian::WritableDatabase out(to, Xapian::DB_OPEN);
            if (shards.size() > 1) { /* one database now, not a shard */
                out.set_metadata(KEY_SHARD, std::string());
                out.set_metadata(KEY_UPDATED, updated);
                out.commit();
            }
            repair_unreadable(out, all);
        } else {
            for (size_t i = 0; i < shards.size(); i++) {
                const std::string out_path =
                    std::string(to) + "/" + std::to_string(i);
                Xapian::Database db(shards[i].path);
                db.compact(out_path);
                Xapian::WritableDatabase out(out_path, Xapian::DB_OPEN);
                repair_unreadable(out, db);
            }
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
    *n = 0;
    try {
        idx->missing_view.clear();
        for (const std::string &m : idx->missing)
            idx->missing_view.push_back(m.c_str());
    } catch (...) { /* out of memory: the shards go unnamed */
        return nullptr;
    }
    *n = idx->missing_view.size();
    return idx->missing.empty() ? nullptr : idx->missing_view.data();
}

int as_index_owns(const as_index_t *idx, const char *id)
{
    const Shard &s = idx->shards[shard_of(id, idx->shards.size())];
    return idx->indexer && s.up;
}

namespace
{

void (*fatal_report)(const char *message);

/* std::terminate()'s handler: the error that ended the process, to
 * fatal_report. */
[[noreturn]] void on_terminate()
{
    std::string message = "an error the index library could not recover from";
    if (std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (const Xapian::Error &x) {
            message = x.get_description();
        } catch (const std::exception &x) {
            message = x.what();
        } catch (...) {
        }
    }
    if (fatal_report)
        fatal_report(message.c_str());
    std::abort();
}

} // namespace

void as_index_on_fatal(void (*report)(const char *message))
{
    fatal_report = report;
    std::set_terminate(on_terminate);
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
                s.changed = false;
                /* the mark on its spelling data goes with the changes
                 * when they were its first (words_change()) */
                s.spelling_stale =
                    !s.wdb->get_metadata(KEY_SPELLING_STALE).empty();
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
        /* A run commits only the shards it changed: the latest time. */
        std::string updated;
        for (const Shard &s : idx->shards)
            if (s.up)
                updated = std::max(updated, s.db.get_metadata(KEY_UPDATED));
        std::snprintf(out->updated, sizeof out->updated, "%s", updated.c_str());
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

const char **as_stemmer_languages(void)
{
    return sb_stemmer_list();
}

as_status_t as_index_get_synonyms(as_index_t *idx, char **text, size_t *len)
{
    *text = nullptr;
    *len = 0;
    try {
        const std::string groups = idx->db.get_metadata(KEY_SYNONYMS);
        if (!(*text = static_cast<char *>(std::malloc(groups.size() + 1))))
            return AS_ERR_NOMEM;
        std::memcpy(*text, groups.data(), groups.size());
        (*text)[groups.size()] = '\0';
        *len = groups.size();
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

as_status_t as_index_set_synonyms(as_index_t *idx, const char *text, size_t len)
{
    as_synonyms_t *parsed = nullptr;
    char *msg = nullptr;

    if (!writable(idx))
        return AS_ERR_USAGE;
    as_status_t rc =
        as_synonyms_parse(text, len, nullptr, nullptr, &parsed, &msg);
    as_synonyms_free(parsed);
    if (rc != AS_OK) {
        try {
            idx->errmsg = msg ? msg : as_status_str(rc);
        } catch (...) { /* out of memory: no message */
        }
        std::free(msg);
        return rc;
    }
    try {
        const std::string groups(text, len);
        for (Shard &s : idx->shards)
            if (s.wdb && s.wdb->get_metadata(KEY_SYNONYMS) != groups) {
                s.wdb->set_metadata(KEY_SYNONYMS, groups);
                s.changed = true;
            }
        return AS_OK;
    } catch (...) {
        return map_exception(idx->errmsg);
    }
}

} /* extern "C" */
