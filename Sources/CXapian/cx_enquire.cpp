// cx_enquire.cpp — the shim's matching: enquire (query, weighting, sorting), match sets, their
// documents and snippets.
#include "cx_internal.h"

using namespace cxshim;

extern "C" {

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
    return collect_terms(e->enq.get_matching_terms_begin(did), e->enq.get_matching_terms_end(did),
                         [](const Xapian::TermIterator &) { return 0u; });
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

}  // extern "C"
