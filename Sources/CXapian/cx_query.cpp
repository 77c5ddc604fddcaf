// cx_query.cpp — the shim's queries (terms, combinations, scaling, value ranges) and the query
// parser.
#include "cx_internal.h"

using namespace cxshim;

extern "C" {

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

}  // extern "C"
