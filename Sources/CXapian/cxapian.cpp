// cxapian.cpp — extern "C" shim over Xapian. Every entry point catches every
// exception and reports it through a cx_error out-parameter.
#include "cxapian.h"

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <utility>
#include <vector>

struct cx_db { Xapian::Database *db; bool writable; };
struct cx_doc { Xapian::Document doc; };
struct cx_query { Xapian::Query q; };
struct cx_qp { Xapian::QueryParser qp; };
struct cx_enquire { Xapian::Enquire enq; explicit cx_enquire(const Xapian::Database &d) : enq(d) {} };
struct cx_mset { Xapian::MSet mset; };
struct cx_strlist { std::vector<std::string> strs; std::vector<uint32_t> freqs; };

namespace {

char *dup_bytes(const char *p, size_t n) noexcept {
    char *r = static_cast<char *>(std::malloc(n + 1));
    if (!r) return nullptr;
    if (n) std::memcpy(r, p, n);
    r[n] = '\0';
    return r;
}

char *dup_string(const std::string &s, size_t *len) noexcept {
    if (len) *len = s.size();
    return dup_bytes(s.data(), s.size());
}

void set_error(cx_error *err, int code, const char *msg) noexcept {
    if (!err) return;
    std::free(err->msg);
    err->code = code;
    err->msg = dup_bytes(msg, std::strlen(msg));
}

// Xapian::Error is not polymorphic in 1.4, so classify by rethrowing the
// exception currently being handled. Must only be called inside a catch.
int classify_current(const Xapian::Error &e) noexcept {
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &) {        // before DatabaseOpeningError
        return CX_ERR_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &) {
        return CX_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseOpeningError &) {     // incl. DatabaseVersionError
        return CX_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseCorruptError &) {
        return CX_ERR_CORRUPT;
    } catch (const Xapian::DatabaseModifiedError &) {
        return CX_ERR_MODIFIED;
    } catch (const Xapian::DatabaseError &) {
        // A plain DatabaseError carrying errno is an I/O failure
        // (read/write/fsync...); DatabaseClosedError etc. are "other".
        return e.get_error_string() != nullptr ? CX_ERR_IO : CX_ERR_OTHER;
    } catch (const Xapian::QueryParserError &) {
        return CX_ERR_BAD_QUERY;
    } catch (const Xapian::NetworkError &) {             // incl. NetworkTimeoutError
        return CX_ERR_IO;
    } catch (const Xapian::InvalidArgumentError &) {
        return CX_ERR_INVALID;
    } catch (const Xapian::InvalidOperationError &) {
        return CX_ERR_INVALID;
    } catch (const Xapian::RangeError &) {
        return CX_ERR_INVALID;
    } catch (...) {
        return CX_ERR_OTHER;
    }
}

void set_xapian_error(cx_error *err, const Xapian::Error &e) noexcept {
    if (!err) return;
    try {
        std::string msg = e.get_msg();
        if (const char *es = e.get_error_string()) {
            msg += " (";
            msg += es;
            msg += ")";
        }
        std::free(err->msg);
        err->code = classify_current(e);
        err->msg = dup_string(msg, nullptr);
    } catch (...) {
        set_error(err, classify_current(e), e.get_type());
    }
}

inline std::string S(const char *p, size_t n) { return n ? std::string(p, n) : std::string(); }

inline Xapian::WritableDatabase &W(cx_db *db) {
    if (!db->writable) throw Xapian::InvalidOperationError("database is not writable");
    return *static_cast<Xapian::WritableDatabase *>(db->db);
}

template <typename T>
cx_strlist *collect_terms(T begin, T end) {
    cx_strlist *l = new cx_strlist;
    try {
        for (T it = begin; it != end; ++it) {
            l->strs.push_back(*it);
            l->freqs.push_back(it.get_termfreq());
        }
    } catch (...) {
        delete l;
        throw;
    }
    return l;
}

}  // namespace

#define CX_TRY try {
#define CX_CATCH(retval)                                              \
    }                                                                 \
    catch (const Xapian::Error &e) { set_xapian_error(err, e); return retval; } \
    catch (const std::bad_alloc &) { set_error(err, CX_ERR_OTHER, "out of memory"); return retval; } \
    catch (const std::exception &e) { set_error(err, CX_ERR_OTHER, e.what()); return retval; } \
    catch (...) { set_error(err, CX_ERR_OTHER, "unknown C++ exception"); return retval; }

#define CX_CATCH_VOID                                                 \
    }                                                                 \
    catch (const Xapian::Error &e) { set_xapian_error(err, e); }      \
    catch (const std::bad_alloc &) { set_error(err, CX_ERR_OTHER, "out of memory"); } \
    catch (const std::exception &e) { set_error(err, CX_ERR_OTHER, e.what()); } \
    catch (...) { set_error(err, CX_ERR_OTHER, "unknown C++ exception"); }

extern "C" {

void cx_free(void *p) { std::free(p); }

void cx_error_clear(cx_error *err) {
    if (!err) return;
    std::free(err->msg);
    err->msg = nullptr;
    err->code = CX_OK;
}

const char *cx_version_string(void) {
    try { return Xapian::version_string(); } catch (...) { return "unknown"; }
}

/* ---- string lists ---- */
size_t cx_strlist_count(const cx_strlist *l) { return l ? l->strs.size() : 0; }
const char *cx_strlist_get(const cx_strlist *l, size_t i, size_t *len) {
    if (!l || i >= l->strs.size()) { *len = 0; return nullptr; }
    const std::string &s = l->strs[i];
    *len = s.size();
    return s.data();
}
uint32_t cx_strlist_freq(const cx_strlist *l, size_t i) {
    return (l && i < l->freqs.size()) ? l->freqs[i] : 0;
}
void cx_strlist_free(cx_strlist *l) { delete l; }

/* ---- databases ---- */
cx_db *cx_db_new_empty(cx_error *err) {
    CX_TRY
    return new cx_db{new Xapian::Database(), false};
    CX_CATCH(nullptr)
}

cx_db *cx_db_open(const char *path, size_t pathlen, cx_error *err) {
    CX_TRY
    Xapian::Database *d = new Xapian::Database(S(path, pathlen));
    try { return new cx_db{d, false}; } catch (...) { delete d; throw; }
    CX_CATCH(nullptr)
}

cx_db *cx_db_open_remote(const char *host, size_t hostlen, unsigned port,
                         unsigned timeout_ms, cx_error *err) {
    CX_TRY
    Xapian::Database *d = new Xapian::Database(
        Xapian::Remote::open(S(host, hostlen), port, timeout_ms, timeout_ms));
    try { return new cx_db{d, false}; } catch (...) { delete d; throw; }
    CX_CATCH(nullptr)
}

cx_db *cx_wdb_open(const char *path, size_t pathlen, int mode, cx_error *err) {
    CX_TRY
    int action;
    switch (mode) {
        case 0: action = Xapian::DB_CREATE_OR_OPEN; break;
        case 1: action = Xapian::DB_CREATE; break;
        case 2: action = Xapian::DB_CREATE_OR_OVERWRITE; break;
        case 3: action = Xapian::DB_OPEN; break;
        default: throw Xapian::InvalidArgumentError("bad open mode");
    }
    Xapian::WritableDatabase *d = new Xapian::WritableDatabase(S(path, pathlen), action);
    try { return new cx_db{d, true}; } catch (...) { delete d; throw; }
    CX_CATCH(nullptr)
}

void cx_db_free(cx_db *db) {
    if (!db) return;
    try {
        delete db->db;  // virtual destructor; a WritableDatabase commits here
    } catch (...) {
    }
    delete db;
}

void cx_db_add_database(cx_db *db, const cx_db *other, cx_error *err) {
    CX_TRY db->db->add_database(*other->db); CX_CATCH_VOID
}

uint32_t cx_db_doccount(const cx_db *db, cx_error *err) {
    CX_TRY return db->db->get_doccount(); CX_CATCH(0)
}

uint32_t cx_db_lastdocid(const cx_db *db, cx_error *err) {
    CX_TRY return db->db->get_lastdocid(); CX_CATCH(0)
}

cx_doc *cx_db_get_document(const cx_db *db, uint32_t did, cx_error *err) {
    CX_TRY
    Xapian::Document d = db->db->get_document(did);
    return new cx_doc{std::move(d)};
    CX_CATCH(nullptr)
}

uint32_t cx_db_termfreq(const cx_db *db, const char *t, size_t tl, cx_error *err) {
    CX_TRY return db->db->get_termfreq(S(t, tl)); CX_CATCH(0)
}

bool cx_db_term_exists(const cx_db *db, const char *t, size_t tl, cx_error *err) {
    CX_TRY return db->db->term_exists(S(t, tl)); CX_CATCH(false)
}

void cx_db_postings(const cx_db *db, const char *t, size_t tl,
                    uint32_t **out, size_t *count, cx_error *err) {
    *out = nullptr;
    *count = 0;
    CX_TRY
    std::string term = S(t, tl);
    std::vector<uint32_t> ids;
    for (auto it = db->db->postlist_begin(term); it != db->db->postlist_end(term); ++it)
        ids.push_back(*it);
    if (ids.empty()) return;
    uint32_t *buf = static_cast<uint32_t *>(std::malloc(ids.size() * sizeof(uint32_t)));
    if (!buf) throw std::bad_alloc();
    std::memcpy(buf, ids.data(), ids.size() * sizeof(uint32_t));
    *out = buf;
    *count = ids.size();
    CX_CATCH_VOID
}

cx_strlist *cx_db_allterms(const cx_db *db, const char *p, size_t pl, cx_error *err) {
    CX_TRY
    std::string prefix = S(p, pl);
    return collect_terms(db->db->allterms_begin(prefix), db->db->allterms_end(prefix));
    CX_CATCH(nullptr)
}

char *cx_db_get_metadata(const cx_db *db, const char *k, size_t kl, size_t *len, cx_error *err) {
    CX_TRY return dup_string(db->db->get_metadata(S(k, kl)), len); CX_CATCH(nullptr)
}

bool cx_db_reopen(cx_db *db, cx_error *err) {
    CX_TRY return db->db->reopen(); CX_CATCH(false)
}

void cx_db_close(cx_db *db, cx_error *err) {
    CX_TRY db->db->close(); CX_CATCH_VOID
}

uint32_t cx_wdb_add_document(cx_db *db, const cx_doc *doc, cx_error *err) {
    CX_TRY return W(db).add_document(doc->doc); CX_CATCH(0)
}

void cx_wdb_replace_document(cx_db *db, uint32_t did, const cx_doc *doc, cx_error *err) {
    CX_TRY W(db).replace_document(did, doc->doc); CX_CATCH_VOID
}

uint32_t cx_wdb_replace_document_term(cx_db *db, const char *t, size_t tl,
                                      const cx_doc *doc, cx_error *err) {
    CX_TRY return W(db).replace_document(S(t, tl), doc->doc); CX_CATCH(0)
}

void cx_wdb_delete_document(cx_db *db, uint32_t did, cx_error *err) {
    CX_TRY W(db).delete_document(did); CX_CATCH_VOID
}

void cx_wdb_delete_document_term(cx_db *db, const char *t, size_t tl, cx_error *err) {
    CX_TRY W(db).delete_document(S(t, tl)); CX_CATCH_VOID
}

void cx_wdb_commit(cx_db *db, cx_error *err) { CX_TRY W(db).commit(); CX_CATCH_VOID }

void cx_wdb_begin_transaction(cx_db *db, bool flushed, cx_error *err) {
    CX_TRY W(db).begin_transaction(flushed); CX_CATCH_VOID
}

void cx_wdb_commit_transaction(cx_db *db, cx_error *err) {
    CX_TRY W(db).commit_transaction(); CX_CATCH_VOID
}

void cx_wdb_cancel_transaction(cx_db *db, cx_error *err) {
    CX_TRY W(db).cancel_transaction(); CX_CATCH_VOID
}

void cx_wdb_set_metadata(cx_db *db, const char *k, size_t kl,
                         const char *v, size_t vl, cx_error *err) {
    CX_TRY W(db).set_metadata(S(k, kl), S(v, vl)); CX_CATCH_VOID
}

void cx_compact(const char *const *sources, const size_t *srclens, size_t nsources,
                const char *dest, size_t destlen, bool single_file, cx_error *err) {
    CX_TRY
    if (nsources == 0) throw Xapian::InvalidArgumentError("compact: no source databases");
    Xapian::Database all;
    for (size_t i = 0; i < nsources; ++i)
        all.add_database(Xapian::Database(S(sources[i], srclens[i])));
    unsigned flags = single_file ? Xapian::DBCOMPACT_SINGLE_FILE : 0;
    all.compact(S(dest, destlen), flags);
    CX_CATCH_VOID
}

/* ---- documents ---- */
cx_doc *cx_doc_new(cx_error *err) { CX_TRY return new cx_doc{}; CX_CATCH(nullptr) }
void cx_doc_free(cx_doc *doc) { delete doc; }

uint32_t cx_doc_docid(const cx_doc *doc, cx_error *err) {
    CX_TRY return doc->doc.get_docid(); CX_CATCH(0)
}

char *cx_doc_get_data(const cx_doc *doc, size_t *len, cx_error *err) {
    CX_TRY return dup_string(doc->doc.get_data(), len); CX_CATCH(nullptr)
}

void cx_doc_set_data(cx_doc *doc, const char *d, size_t dl, cx_error *err) {
    CX_TRY doc->doc.set_data(S(d, dl)); CX_CATCH_VOID
}

void cx_doc_add_posting(cx_doc *doc, const char *t, size_t tl, uint32_t pos,
                        uint32_t wdfinc, cx_error *err) {
    CX_TRY doc->doc.add_posting(S(t, tl), pos, wdfinc); CX_CATCH_VOID
}

void cx_doc_add_postings(cx_doc *doc, const char *buf, size_t len, size_t n, cx_error *err) {
    CX_TRY
    std::string term;
    size_t at = 0;
    for (size_t i = 0; i < n; ++i) {
        if (at + 6 > len) throw Xapian::InvalidArgumentError("add_postings: truncated buffer");
        uint32_t pos;
        uint16_t tl;
        std::memcpy(&pos, buf + at, 4);
        std::memcpy(&tl, buf + at + 4, 2);
        at += 6;
        if (at + tl > len) throw Xapian::InvalidArgumentError("add_postings: truncated term");
        term.assign(buf + at, tl);
        at += tl;
        if (tl == 0) continue;  // as add_posting would refuse it
        if (pos) doc->doc.add_posting(term, pos, 1); else doc->doc.add_term(term, 1);
    }
    CX_CATCH_VOID
}

void cx_doc_add_boolean_terms(cx_doc *doc, const char *buf, size_t len, size_t n, cx_error *err) {
    CX_TRY
    std::string term;
    size_t at = 0;
    for (size_t i = 0; i < n; ++i) {
        if (at + 6 > len) throw Xapian::InvalidArgumentError("add_boolean_terms: truncated buffer");
        uint16_t tl;
        std::memcpy(&tl, buf + at + 4, 2);
        at += 6;
        if (at + tl > len) throw Xapian::InvalidArgumentError("add_boolean_terms: truncated term");
        term.assign(buf + at, tl);
        at += tl;
        if (tl == 0) continue;
        doc->doc.add_boolean_term(term);
    }
    CX_CATCH_VOID
}

void cx_doc_add_term(cx_doc *doc, const char *t, size_t tl, uint32_t wdfinc, cx_error *err) {
    CX_TRY doc->doc.add_term(S(t, tl), wdfinc); CX_CATCH_VOID
}

void cx_doc_add_boolean_term(cx_doc *doc, const char *t, size_t tl, cx_error *err) {
    CX_TRY doc->doc.add_boolean_term(S(t, tl)); CX_CATCH_VOID
}

void cx_doc_remove_term(cx_doc *doc, const char *t, size_t tl, cx_error *err) {
    CX_TRY doc->doc.remove_term(S(t, tl)); CX_CATCH_VOID
}

void cx_doc_set_value(cx_doc *doc, uint32_t slot, const char *v, size_t vl, cx_error *err) {
    CX_TRY doc->doc.add_value(slot, S(v, vl)); CX_CATCH_VOID
}

char *cx_doc_get_value(const cx_doc *doc, uint32_t slot, size_t *len, cx_error *err) {
    CX_TRY return dup_string(doc->doc.get_value(slot), len); CX_CATCH(nullptr)
}

cx_strlist *cx_doc_terms(const cx_doc *doc, cx_error *err) {
    CX_TRY
    cx_strlist *l = new cx_strlist;
    try {
        for (auto it = doc->doc.termlist_begin(); it != doc->doc.termlist_end(); ++it) {
            l->strs.push_back(*it);
            l->freqs.push_back(it.get_wdf());
        }
    } catch (...) {
        delete l;
        throw;
    }
    return l;
    CX_CATCH(nullptr)
}

void cx_doc_positions(const cx_doc *doc, const char *t, size_t tl,
                      uint32_t **out, size_t *count, cx_error *err) {
    *out = nullptr;
    *count = 0;
    CX_TRY
    std::string term = S(t, tl);
    std::vector<uint32_t> ps;
    Xapian::TermIterator t_it = doc->doc.termlist_begin();
    t_it.skip_to(term);
    if (t_it == doc->doc.termlist_end() || *t_it != term) return;
    for (auto it = t_it.positionlist_begin(); it != t_it.positionlist_end(); ++it)
        ps.push_back(*it);
    if (ps.empty()) return;
    uint32_t *buf = static_cast<uint32_t *>(std::malloc(ps.size() * sizeof(uint32_t)));
    if (!buf) throw std::bad_alloc();
    std::memcpy(buf, ps.data(), ps.size() * sizeof(uint32_t));
    *out = buf;
    *count = ps.size();
    CX_CATCH_VOID
}

/* ---- queries ---- */
cx_query *cx_query_term(const char *t, size_t tl, uint32_t wqf, uint32_t pos, cx_error *err) {
    CX_TRY return new cx_query{Xapian::Query(S(t, tl), wqf, pos)}; CX_CATCH(nullptr)
}

cx_query *cx_query_combine(int op, const cx_query *const *subs, size_t n,
                           uint32_t window, cx_error *err) {
    CX_TRY
    Xapian::Query::op xop;
    switch (op) {
        case CX_OP_AND: xop = Xapian::Query::OP_AND; break;
        case CX_OP_OR: xop = Xapian::Query::OP_OR; break;
        case CX_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
        case CX_OP_XOR: xop = Xapian::Query::OP_XOR; break;
        case CX_OP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
        case CX_OP_FILTER: xop = Xapian::Query::OP_FILTER; break;
        case CX_OP_NEAR: xop = Xapian::Query::OP_NEAR; break;
        case CX_OP_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
        case CX_OP_ELITE_SET: xop = Xapian::Query::OP_ELITE_SET; break;
        case CX_OP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
        case CX_OP_MAX: xop = Xapian::Query::OP_MAX; break;
        default: throw Xapian::InvalidArgumentError("unknown query operator");
    }
    std::vector<Xapian::Query> qs;
    qs.reserve(n);
    for (size_t i = 0; i < n; ++i) qs.push_back(subs[i]->q);
    return new cx_query{Xapian::Query(xop, qs.begin(), qs.end(), window)};
    CX_CATCH(nullptr)
}

cx_query *cx_query_scale(double factor, const cx_query *q, cx_error *err) {
    CX_TRY
    return new cx_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
    CX_CATCH(nullptr)
}

cx_query *cx_query_value(int kind, uint32_t slot, const char *a, size_t al,
                         const char *b, size_t bl, cx_error *err) {
    CX_TRY
    switch (kind) {
        case 0: return new cx_query{Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, S(a, al), S(b, bl))};
        case 1: return new cx_query{Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, S(a, al))};
        case 2: return new cx_query{Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, S(a, al))};
        default: throw Xapian::InvalidArgumentError("unknown value query kind");
    }
    CX_CATCH(nullptr)
}

cx_query *cx_query_match_all(cx_error *err) {
    CX_TRY return new cx_query{Xapian::Query::MatchAll}; CX_CATCH(nullptr)
}

cx_query *cx_query_match_nothing(cx_error *err) {
    CX_TRY return new cx_query{Xapian::Query::MatchNothing}; CX_CATCH(nullptr)
}

void cx_query_free(cx_query *q) { delete q; }
bool cx_query_empty(const cx_query *q) {
    try { return q->q.empty(); } catch (...) { return true; }
}

char *cx_query_description(const cx_query *q, size_t *len, cx_error *err) {
    CX_TRY return dup_string(q->q.get_description(), len); CX_CATCH(nullptr)
}

/* ---- query parser ---- */
cx_qp *cx_qp_new(cx_error *err) { CX_TRY return new cx_qp{}; CX_CATCH(nullptr) }
void cx_qp_free(cx_qp *qp) { delete qp; }

void cx_qp_set_database(cx_qp *qp, const cx_db *db, cx_error *err) {
    CX_TRY qp->qp.set_database(*db->db); CX_CATCH_VOID
}

void cx_qp_add_prefix(cx_qp *qp, const char *f, size_t fl, const char *p, size_t pl, cx_error *err) {
    CX_TRY qp->qp.add_prefix(S(f, fl), S(p, pl)); CX_CATCH_VOID
}

void cx_qp_add_boolean_prefix(cx_qp *qp, const char *f, size_t fl, const char *p, size_t pl,
                              bool exclusive, cx_error *err) {
    CX_TRY qp->qp.add_boolean_prefix(S(f, fl), S(p, pl), exclusive); CX_CATCH_VOID
}

void cx_qp_add_range(cx_qp *qp, int kind, uint32_t slot, const char *p, size_t pl, cx_error *err) {
    CX_TRY
    std::string prefix = p ? S(p, pl) : std::string();
    if (kind == 0)
        qp->qp.add_rangeprocessor((new Xapian::DateRangeProcessor(slot, prefix))->release());
    else if (kind == 1)
        qp->qp.add_rangeprocessor((new Xapian::NumberRangeProcessor(slot, prefix))->release());
    else
        throw Xapian::InvalidArgumentError("unknown range processor kind");
    CX_CATCH_VOID
}

void cx_qp_set_default_op_and(cx_qp *qp, bool is_and, cx_error *err) {
    CX_TRY
    qp->qp.set_default_op(is_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    CX_CATCH_VOID
}

cx_query *cx_qp_parse(cx_qp *qp, const char *q, size_t ql, unsigned flags,
                      const char *prefix, size_t prefixlen, cx_error *err) {
    CX_TRY
    return new cx_query{qp->qp.parse_query(S(q, ql), flags, S(prefix, prefixlen))};
    CX_CATCH(nullptr)
}

/* ---- enquire / mset ---- */
cx_enquire *cx_enquire_new(const cx_db *db, cx_error *err) {
    CX_TRY return new cx_enquire(*db->db); CX_CATCH(nullptr)
}
void cx_enquire_free(cx_enquire *e) { delete e; }

void cx_enquire_set_query(cx_enquire *e, const cx_query *q, cx_error *err) {
    CX_TRY e->enq.set_query(q->q); CX_CATCH_VOID
}

void cx_enquire_set_bm25(cx_enquire *e, double k1, double k2, double k3, double b,
                         double min_normlen, cx_error *err) {
    CX_TRY e->enq.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen)); CX_CATCH_VOID
}

void cx_enquire_set_boolweight(cx_enquire *e, cx_error *err) {
    CX_TRY e->enq.set_weighting_scheme(Xapian::BoolWeight()); CX_CATCH_VOID
}

void cx_enquire_set_sort(cx_enquire *e, int kind, uint32_t slot, bool reverse, cx_error *err) {
    CX_TRY
    switch (kind) {
        case 0: e->enq.set_sort_by_value(slot, reverse); break;
        case 1: e->enq.set_sort_by_relevance_then_value(slot, reverse); break;
        case 2: e->enq.set_sort_by_value_then_relevance(slot, reverse); break;
        default: throw Xapian::InvalidArgumentError("unknown sort kind");
    }
    CX_CATCH_VOID
}

cx_mset *cx_enquire_mset(cx_enquire *e, uint32_t first, uint32_t max,
                         uint32_t check_at_least, cx_error *err) {
    CX_TRY return new cx_mset{e->enq.get_mset(first, max, check_at_least)}; CX_CATCH(nullptr)
}

cx_strlist *cx_enquire_matching_terms(const cx_enquire *e, uint32_t did, cx_error *err) {
    CX_TRY
    cx_strlist *l = new cx_strlist;
    try {
        for (auto it = e->enq.get_matching_terms_begin(did); it != e->enq.get_matching_terms_end(did); ++it) {
            l->strs.push_back(*it);
            l->freqs.push_back(0);
        }
    } catch (...) {
        delete l;
        throw;
    }
    return l;
    CX_CATCH(nullptr)
}

void cx_mset_free(cx_mset *m) { delete m; }
// These accessors cannot fail in practice; they still catch everything so
// that no exception can ever unwind into Swift.
uint32_t cx_mset_size(const cx_mset *m) {
    try { return m->mset.size(); } catch (...) { return 0; }
}
uint32_t cx_mset_estimated(const cx_mset *m) {
    try { return m->mset.get_matches_estimated(); } catch (...) { return 0; }
}
uint32_t cx_mset_lower_bound(const cx_mset *m) {
    try { return m->mset.get_matches_lower_bound(); } catch (...) { return 0; }
}
uint32_t cx_mset_upper_bound(const cx_mset *m) {
    try { return m->mset.get_matches_upper_bound(); } catch (...) { return 0; }
}

void cx_mset_items(const cx_mset *m, uint32_t *docids, uint32_t *ranks,
                   double *weights, int32_t *percents, cx_error *err) {
    CX_TRY
    size_t i = 0;
    for (auto it = m->mset.begin(); it != m->mset.end(); ++it, ++i) {
        if (docids) docids[i] = *it;
        if (ranks) ranks[i] = it.get_rank();
        if (weights) weights[i] = it.get_weight();
        if (percents) percents[i] = it.get_percent();
    }
    CX_CATCH_VOID
}

cx_doc *cx_mset_document(const cx_mset *m, uint32_t index, cx_error *err) {
    CX_TRY
    if (index >= m->mset.size()) throw Xapian::RangeError("MSet index out of range");
    return new cx_doc{m->mset[index].get_document()};
    CX_CATCH(nullptr)
}

char *cx_mset_snippet(const cx_mset *m, const char *text, size_t textlen, size_t length,
                      const char *hs, size_t hsl, const char *he, size_t hel,
                      const char *om, size_t oml, size_t *outlen, cx_error *err) {
    CX_TRY
    std::string r = m->mset.snippet(S(text, textlen), length, Xapian::Stem(),
                                    Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                    S(hs, hsl), S(he, hel), S(om, oml));
    return dup_string(r, outlen);
    CX_CATCH(nullptr)
}

size_t cx_sortable_serialise(double v, char *buf) {
    // sortable_serialise_ is declared XAPIAN_NOTHROW and writes <= 9 bytes.
    try { return Xapian::sortable_serialise_(v, buf); } catch (...) { return 0; }
}

double cx_sortable_unserialise(const char *s, size_t len) {
    try {
        return Xapian::sortable_unserialise(S(s, len));
    } catch (...) {
        return 0.0;
    }
}

}  // extern "C"
