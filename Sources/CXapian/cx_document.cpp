// cx_document.cpp — the shim's documents: data, postings (one at a time or packed in batches),
// boolean terms, values, and reading terms and positions back.
#include "cx_internal.h"

namespace {

// Calls `add(term, position)` for each of the `n` postings packed in `buf` (see PostingBatch in
// Document.swift: a 4-byte position, a 2-byte length, the term's bytes); an empty term is skipped
// (as add_posting would refuse it), a buffer cut short throws `what`: truncated ….
template <typename Add>
void for_each_packed(const char *buf, size_t len, size_t n, const char *what, Add add) {
    std::string term;
    size_t at = 0;
    for (size_t i = 0; i < n; ++i) {
        if (at + 6 > len) throw Xapian::InvalidArgumentError(std::string(what) + ": truncated buffer");
        uint32_t pos;
        uint16_t tl;
        std::memcpy(&pos, buf + at, 4);
        std::memcpy(&tl, buf + at + 4, 2);
        at += 6;
        if (at + tl > len) throw Xapian::InvalidArgumentError(std::string(what) + ": truncated term");
        term.assign(buf + at, tl);
        at += tl;
        if (tl == 0) continue;
        add(term, pos);
    }
}

}  // namespace

using namespace cxshim;

extern "C" {

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
    for_each_packed(buf, len, n, "add_postings", [doc](const std::string &term, uint32_t pos) {
        if (pos) doc->doc.add_posting(term, pos, 1); else doc->doc.add_term(term, 1);
    });
    CX_CATCH_VOID
}

void cx_doc_add_boolean_terms(cx_doc *doc, const char *buf, size_t len, size_t n, cx_error *err) {
    CX_TRY
    for_each_packed(buf, len, n, "add_boolean_terms", [doc](const std::string &term, uint32_t) {
        doc->doc.add_boolean_term(term);
    });
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
    return collect_terms(doc->doc.termlist_begin(), doc->doc.termlist_end(),
                         [](const Xapian::TermIterator &it) { return it.get_wdf(); });
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

}  // extern "C"
