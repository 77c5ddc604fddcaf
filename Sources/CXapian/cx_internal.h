// cx_internal.h — what the shim's source files share (not part of the C API): the handle
// types behind cxapian.h's opaque pointers, the error helpers, and CX_TRY / CX_CATCH, which every
// extern "C" entry point wraps its body in so that no C++ exception reaches Swift.
#pragma once

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

namespace cxshim {

inline char *dup_bytes(const char *p, size_t n) noexcept {
    char *r = static_cast<char *>(std::malloc(n + 1));
    if (!r) return nullptr;
    if (n) std::memcpy(r, p, n);
    r[n] = '\0';
    return r;
}

inline char *dup_string(const std::string &s, size_t *len) noexcept {
    if (len) *len = s.size();
    return dup_bytes(s.data(), s.size());
}

inline void set_error(cx_error *err, int code, const char *msg) noexcept {
    if (!err) return;
    std::free(err->msg);
    err->code = code;
    err->msg = dup_bytes(msg, std::strlen(msg));
}

// Xapian::Error is not polymorphic in 1.4, so classify by rethrowing the
// exception currently being handled. Must only be called inside a catch.
int classify_current(const Xapian::Error &e) noexcept;

// Sets `err` from a Xapian error. Must only be called inside a catch.
void set_xapian_error(cx_error *err, const Xapian::Error &e) noexcept;

inline std::string S(const char *p, size_t n) { return n ? std::string(p, n) : std::string(); }

inline Xapian::WritableDatabase &W(cx_db *db) {
    if (!db->writable) throw Xapian::InvalidOperationError("database is not writable");
    return *static_cast<Xapian::WritableDatabase *>(db->db);
}

// The terms from `begin` to `end`, each with `freq(it)` (a term frequency, a wdf, nothing).
template <typename T, typename Freq>
inline cx_strlist *collect_terms(T begin, T end, Freq freq) {
    cx_strlist *l = new cx_strlist;
    try {
        for (T it = begin; it != end; ++it) {
            l->strs.push_back(*it);
            l->freqs.push_back(freq(it));
        }
    } catch (...) {
        delete l;
        throw;
    }
    return l;
}

// The terms from `begin` to `end`, each with its term frequency.
template <typename T>
inline cx_strlist *collect_terms(T begin, T end) {
    return collect_terms(begin, end, [](const T &it) { return it.get_termfreq(); });
}

}  // namespace cxshim

#define CX_TRY try {
#define CX_CATCH(retval)                                              \
    }                                                                 \
    catch (const Xapian::Error &e) { cxshim::set_xapian_error(err, e); return retval; } \
    catch (const std::bad_alloc &) { cxshim::set_error(err, CX_ERR_OTHER, "out of memory"); return retval; } \
    catch (const std::exception &e) { cxshim::set_error(err, CX_ERR_OTHER, e.what()); return retval; } \
    catch (...) { cxshim::set_error(err, CX_ERR_OTHER, "unknown C++ exception"); return retval; }

#define CX_CATCH_VOID                                                 \
    }                                                                 \
    catch (const Xapian::Error &e) { cxshim::set_xapian_error(err, e); }      \
    catch (const std::bad_alloc &) { cxshim::set_error(err, CX_ERR_OTHER, "out of memory"); } \
    catch (const std::exception &e) { cxshim::set_error(err, CX_ERR_OTHER, e.what()); } \
    catch (...) { cxshim::set_error(err, CX_ERR_OTHER, "unknown C++ exception"); }
