/* cxapian.h — a small extern "C" shim over the Xapian C++ library.
 *
 * Conventions
 *  - Every function that can fail takes a trailing `cx_error *err`. On
 *    failure it sets err->code (one of CX_ERR_*) and err->msg (malloc'd,
 *    NUL-terminated, free with cx_error_clear / cx_free) and returns a
 *    neutral value (NULL, 0, false). On success err is left untouched, so
 *    callers must zero-initialise it. No C++ exception ever escapes.
 *  - Strings are passed as (pointer, length) and may contain any byte,
 *    including NUL. Strings returned to the caller are malloc'd buffers
 *    (with a trailing NUL that is not counted in *len) freed with cx_free.
 *  - Every handle returned by a *_new / *_open / *_get function is owned by
 *    the caller and must be released with the matching *_free function.
 */
#ifndef CXAPIAN_H
#define CXAPIAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    CX_OK = 0,
    CX_ERR_LOCKED = 1,
    CX_ERR_NOT_FOUND = 2,   /* DatabaseNotFoundError / DatabaseOpeningError */
    CX_ERR_CORRUPT = 3,
    CX_ERR_BAD_QUERY = 4,
    CX_ERR_IO = 5,
    CX_ERR_MODIFIED = 6,
    CX_ERR_INVALID = 7,     /* InvalidArgument / InvalidOperation / Range */
    CX_ERR_OTHER = 8
};

typedef struct cx_error {
    int code;
    char *msg;
} cx_error;

typedef struct cx_db cx_db;          /* Xapian::Database (maybe Writable) */
typedef struct cx_doc cx_doc;        /* Xapian::Document */
typedef struct cx_query cx_query;    /* Xapian::Query */
typedef struct cx_qp cx_qp;          /* Xapian::QueryParser */
typedef struct cx_enquire cx_enquire;/* Xapian::Enquire */
typedef struct cx_mset cx_mset;      /* Xapian::MSet */
typedef struct cx_strlist cx_strlist;/* std::vector<std::string> (+ counts) */

void cx_free(void *p);
void cx_error_clear(cx_error *err);
const char *cx_version_string(void);

/* ---- string lists (term lists etc.) ---- */
size_t cx_strlist_count(const cx_strlist *l);
const char *cx_strlist_get(const cx_strlist *l, size_t i, size_t *len);
uint32_t cx_strlist_freq(const cx_strlist *l, size_t i);
void cx_strlist_free(cx_strlist *l);

/* ---- databases ---- */
cx_db *cx_db_new_empty(cx_error *err);
cx_db *cx_db_open(const char *path, size_t pathlen, cx_error *err);
cx_db *cx_db_open_remote(const char *host, size_t hostlen, unsigned port,
                         unsigned timeout_ms, cx_error *err);
/* mode: 0 create-or-open, 1 create, 2 create-or-overwrite, 3 open */
cx_db *cx_wdb_open(const char *path, size_t pathlen, int mode, cx_error *err);
void cx_db_free(cx_db *db);
void cx_db_add_database(cx_db *db, const cx_db *other, cx_error *err);
uint32_t cx_db_doccount(const cx_db *db, cx_error *err);
uint32_t cx_db_lastdocid(const cx_db *db, cx_error *err);
cx_doc *cx_db_get_document(const cx_db *db, uint32_t did, cx_error *err);
uint32_t cx_db_termfreq(const cx_db *db, const char *t, size_t tl, cx_error *err);
bool cx_db_term_exists(const cx_db *db, const char *t, size_t tl, cx_error *err);
/* postings: *out is malloc'd array of *count docids */
void cx_db_postings(const cx_db *db, const char *t, size_t tl,
                    uint32_t **out, size_t *count, cx_error *err);
cx_strlist *cx_db_allterms(const cx_db *db, const char *p, size_t pl, cx_error *err);
char *cx_db_get_metadata(const cx_db *db, const char *k, size_t kl, size_t *len, cx_error *err);
bool cx_db_reopen(cx_db *db, cx_error *err);
void cx_db_close(cx_db *db, cx_error *err);

/* writable-only (db must come from cx_wdb_open) */
uint32_t cx_wdb_add_document(cx_db *db, const cx_doc *doc, cx_error *err);
void cx_wdb_replace_document(cx_db *db, uint32_t did, const cx_doc *doc, cx_error *err);
uint32_t cx_wdb_replace_document_term(cx_db *db, const char *t, size_t tl,
                                      const cx_doc *doc, cx_error *err);
void cx_wdb_delete_document(cx_db *db, uint32_t did, cx_error *err);
void cx_wdb_delete_document_term(cx_db *db, const char *t, size_t tl, cx_error *err);
void cx_wdb_commit(cx_db *db, cx_error *err);
void cx_wdb_begin_transaction(cx_db *db, bool flushed, cx_error *err);
void cx_wdb_commit_transaction(cx_db *db, cx_error *err);
void cx_wdb_cancel_transaction(cx_db *db, cx_error *err);
void cx_wdb_set_metadata(cx_db *db, const char *k, size_t kl,
                         const char *v, size_t vl, cx_error *err);

/* compact the union of sources[] into dest */
void cx_compact(const char *const *sources, const size_t *srclens, size_t nsources,
                const char *dest, size_t destlen, bool single_file, cx_error *err);

/* ---- documents ---- */
cx_doc *cx_doc_new(cx_error *err);
void cx_doc_free(cx_doc *doc);
uint32_t cx_doc_docid(const cx_doc *doc, cx_error *err);
char *cx_doc_get_data(const cx_doc *doc, size_t *len, cx_error *err);
void cx_doc_set_data(cx_doc *doc, const char *d, size_t dl, cx_error *err);
void cx_doc_add_posting(cx_doc *doc, const char *t, size_t tl, uint32_t pos,
                        uint32_t wdfinc, cx_error *err);
/* Many postings in one call. buf holds n records, each: uint32_t position (native byte order,
 * 0 = no position: add_term), uint16_t term length (native), then the term bytes; wdf +1 each.
 * Empty terms are skipped. */
void cx_doc_add_postings(cx_doc *doc, const char *buf, size_t len, size_t n, cx_error *err);
/* The terms of a posting batch as boolean terms (wdf 0, no positions; the positions are ignored). */
void cx_doc_add_boolean_terms(cx_doc *doc, const char *buf, size_t len, size_t n, cx_error *err);
void cx_doc_add_term(cx_doc *doc, const char *t, size_t tl, uint32_t wdfinc, cx_error *err);
void cx_doc_add_boolean_term(cx_doc *doc, const char *t, size_t tl, cx_error *err);
void cx_doc_remove_term(cx_doc *doc, const char *t, size_t tl, cx_error *err);
void cx_doc_set_value(cx_doc *doc, uint32_t slot, const char *v, size_t vl, cx_error *err);
char *cx_doc_get_value(const cx_doc *doc, uint32_t slot, size_t *len, cx_error *err);
cx_strlist *cx_doc_terms(const cx_doc *doc, cx_error *err);
void cx_doc_positions(const cx_doc *doc, const char *t, size_t tl,
                      uint32_t **out, size_t *count, cx_error *err);

/* ---- queries ---- */
enum {
    CX_OP_AND, CX_OP_OR, CX_OP_AND_NOT, CX_OP_XOR, CX_OP_AND_MAYBE, CX_OP_FILTER,
    CX_OP_NEAR, CX_OP_PHRASE, CX_OP_ELITE_SET, CX_OP_SYNONYM, CX_OP_MAX
};
cx_query *cx_query_term(const char *t, size_t tl, uint32_t wqf, uint32_t pos, cx_error *err);
cx_query *cx_query_combine(int op, const cx_query *const *subs, size_t n,
                           uint32_t window, cx_error *err);
cx_query *cx_query_scale(double factor, const cx_query *q, cx_error *err);
/* kind: 0 range [a,b], 1 >= a, 2 <= a */
cx_query *cx_query_value(int kind, uint32_t slot, const char *a, size_t al,
                         const char *b, size_t bl, cx_error *err);
cx_query *cx_query_match_all(cx_error *err);
cx_query *cx_query_match_nothing(cx_error *err);
void cx_query_free(cx_query *q);
bool cx_query_empty(const cx_query *q);
char *cx_query_description(const cx_query *q, size_t *len, cx_error *err);

/* ---- query parser ---- */
cx_qp *cx_qp_new(cx_error *err);
void cx_qp_free(cx_qp *qp);
void cx_qp_set_database(cx_qp *qp, const cx_db *db, cx_error *err);
void cx_qp_add_prefix(cx_qp *qp, const char *f, size_t fl, const char *p, size_t pl, cx_error *err);
void cx_qp_add_boolean_prefix(cx_qp *qp, const char *f, size_t fl, const char *p, size_t pl,
                              bool exclusive, cx_error *err);
/* kind: 0 date (YYYYMMDD), 1 number (sortable_serialise). prefix may be NULL */
void cx_qp_add_range(cx_qp *qp, int kind, uint32_t slot, const char *p, size_t pl, cx_error *err);
void cx_qp_set_default_op_and(cx_qp *qp, bool is_and, cx_error *err);
cx_query *cx_qp_parse(cx_qp *qp, const char *q, size_t ql, unsigned flags,
                      const char *prefix, size_t prefixlen, cx_error *err);

/* ---- enquire / mset ---- */
cx_enquire *cx_enquire_new(const cx_db *db, cx_error *err);
void cx_enquire_free(cx_enquire *e);
void cx_enquire_set_query(cx_enquire *e, const cx_query *q, cx_error *err);
void cx_enquire_set_bm25(cx_enquire *e, double k1, double k2, double k3, double b,
                         double min_normlen, cx_error *err);
void cx_enquire_set_boolweight(cx_enquire *e, cx_error *err);
/* kind: 0 value, 1 relevance then value, 2 value then relevance */
void cx_enquire_set_sort(cx_enquire *e, int kind, uint32_t slot, bool reverse, cx_error *err);
cx_mset *cx_enquire_mset(cx_enquire *e, uint32_t first, uint32_t max,
                         uint32_t check_at_least, cx_error *err);
cx_strlist *cx_enquire_matching_terms(const cx_enquire *e, uint32_t did, cx_error *err);

void cx_mset_free(cx_mset *m);
uint32_t cx_mset_size(const cx_mset *m);
uint32_t cx_mset_estimated(const cx_mset *m);
uint32_t cx_mset_lower_bound(const cx_mset *m);
uint32_t cx_mset_upper_bound(const cx_mset *m);
/* fill arrays of length cx_mset_size() (any may be NULL) */
void cx_mset_items(const cx_mset *m, uint32_t *docids, uint32_t *ranks,
                   double *weights, int32_t *percents, cx_error *err);
cx_doc *cx_mset_document(const cx_mset *m, uint32_t index, cx_error *err);
char *cx_mset_snippet(const cx_mset *m, const char *text, size_t textlen, size_t length,
                      const char *hs, size_t hsl, const char *he, size_t hel,
                      const char *om, size_t oml, size_t *outlen, cx_error *err);

/* sortable_serialise: writes into buf (>= 9 bytes), returns length */
size_t cx_sortable_serialise(double v, char *buf);
double cx_sortable_unserialise(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
