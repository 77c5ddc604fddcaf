// cxapian.cpp — extern "C" shim over Xapian. Every entry point catches every
// exception and reports it through a cx_error out-parameter (CX_TRY / CX_CATCH, cx_internal.h).
// This file: the error helpers, freeing, the version, string lists and sortable serialisation.
// The other entry points: cx_database.cpp, cx_document.cpp, cx_query.cpp, cx_enquire.cpp.
#include "cx_internal.h"

namespace cxshim {

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

}  // namespace cxshim

using namespace cxshim;

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
