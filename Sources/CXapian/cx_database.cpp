// cx_database.cpp — the shim's databases: opening (local, remote, writable), reading terms,
// postings and metadata, writing documents, transactions, and compaction.
#include "cx_internal.h"

using namespace cxshim;

extern "C" {

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

}  // extern "C"
