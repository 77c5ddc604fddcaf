// A bare Xapian indexer and searcher: the baseline VanBan is compared with.
//
//   xapian_bare index DB DOCS_DIR DOCS.tsv      TermGenerator with positions over each document's
//                                               text (no folding, no parsing), plus boolean terms
//                                               for type, year, place and number taken from the
//                                               generator's manifest, the date as a value and the
//                                               text as document data (as VanBan stores it).
//   xapian_bare search DB QUERIES.tsv REPEAT    runs each query REPEAT times in this process
//                                               (QueryParser, AND, phrases; BM25; top 10 with
//                                               MSet::snippet over the stored text) and prints
//                                               latency percentiles as JSON.
//
// DOCS.tsv: file \t start \t end \t id \t type \t year \t date \t place \t number
// QUERIES.tsv: kind \t query \t type \t year \t place \t number   (empty fields: no filter)
//
// Build: g++ -O2 -std=c++17 xapian_bare.cpp -o xapian_bare $(pkg-config --cflags --libs xapian-core)
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

static std::vector<std::string> split(const std::string &s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) { out.push_back(cur); cur.clear(); } else cur += c;
    }
    out.push_back(cur);
    return out;
}

static std::string lower_ascii(std::string s) {
    for (auto &c : s) if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    return s;
}

static int do_index(const std::string &db, const std::string &dir, const std::string &tsv) {
    Xapian::WritableDatabase w(db, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    std::ifstream in(tsv);
    std::string line, curfile, content;
    long n = 0;
    while (std::getline(in, line)) {
        auto f = split(line, '\t');
        if (f.size() < 9) continue;
        if (f[0] != curfile) {
            std::ifstream fh(dir + "/" + f[0], std::ios::binary);
            std::stringstream ss;
            ss << fh.rdbuf();
            content = ss.str();
            curfile = f[0];
        }
        size_t a = std::stoul(f[1]), b = std::stoul(f[2]);
        std::string text = content.substr(a, b - a);
        Xapian::Document d;
        tg.set_document(d);
        tg.index_text(text);
        d.add_boolean_term("Q" + f[3]);
        d.add_boolean_term("XT" + f[4]);
        d.add_boolean_term("XY" + f[5]);
        d.add_value(0, f[6]);
        Xapian::TermGenerator pg;
        pg.set_document(d);
        pg.index_text(f[7], 1, "XP");
        if (!f[8].empty()) d.add_boolean_term("XN" + lower_ascii(f[8]));
        d.set_data(text);
        w.add_document(d);
        ++n;
    }
    w.commit();
    std::printf("{\"documents\": %ld}\n", n);
    return 0;
}

static double pct(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t k = (size_t)std::min<double>(v.size() - 1, std::max(0.0, p / 100.0 * v.size() - 1e-9));
    return v[k];
}

static int do_search(const std::string &db, const std::string &tsv, int repeat) {
    Xapian::Database d(db);
    Xapian::QueryParser qp;
    qp.set_database(d);
    qp.set_default_op(Xapian::Query::OP_AND);
    std::ifstream in(tsv);
    std::string line;
    std::vector<std::vector<std::string>> qs;
    while (std::getline(in, line)) qs.push_back(split(line, '\t'));
    std::map<std::string, std::vector<double>> by_kind;
    std::vector<double> all;
    std::map<std::string, long> hits;
    size_t snippet_bytes = 0;
    for (int rep = 0; rep < repeat; ++rep) {
        for (auto &f : qs) {
            if (f.size() < 6) continue;
            auto t0 = std::chrono::steady_clock::now();
            Xapian::Query q;
            if (!f[1].empty())
                q = qp.parse_query(f[1], Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                             Xapian::QueryParser::FLAG_LOVEHATE);
            else
                q = Xapian::Query::MatchAll;
            std::vector<Xapian::Query> filters;
            if (!f[2].empty()) filters.push_back(Xapian::Query("XT" + f[2]));
            if (!f[3].empty()) filters.push_back(Xapian::Query("XY" + f[3]));
            if (!f[4].empty()) {
                Xapian::TermGenerator pg;
                Xapian::Document tmp;
                pg.set_document(tmp);
                pg.index_text(f[4], 1, "XP");
                std::vector<Xapian::Query> words;
                for (auto it = tmp.termlist_begin(); it != tmp.termlist_end(); ++it) words.push_back(Xapian::Query(*it));
                filters.push_back(Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()));
            }
            if (!f[5].empty()) {
                Xapian::Query num("XN" + lower_ascii(f[5]));
                q = f[1].empty() ? num : Xapian::Query(Xapian::Query::OP_OR, num, q);
            }
            if (!filters.empty())
                q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
            Xapian::Enquire e(d);
            e.set_query(q);
            Xapian::MSet m = e.get_mset(0, 10);
            for (auto it = m.begin(); it != m.end(); ++it) {
                std::string s = m.snippet(it.get_document().get_data(), 200, Xapian::Stem(), Xapian::MSet::SNIPPET_EXHAUSTIVE);
                snippet_bytes += s.size();
            }
            auto t1 = std::chrono::steady_clock::now();
            double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
            by_kind[f[0]].push_back(ms);
            all.push_back(ms);
            if (rep == 0) hits[f[0]] += m.get_matches_estimated();
        }
    }
    std::printf("{\"engine\": \"xapian\", \"repeat\": %d, \"snippet_bytes\": %zu, \"all\": {\"n\": %zu, \"p50\": %.3f, \"p95\": %.3f, \"p99\": %.3f}, \"kinds\": {",
                repeat, snippet_bytes, all.size(), pct(all, 50), pct(all, 95), pct(all, 99));
    bool first = true;
    for (auto &kv : by_kind) {
        std::printf("%s\"%s\": {\"n\": %zu, \"p50\": %.3f, \"p95\": %.3f, \"p99\": %.3f, \"matches\": %ld}", first ? "" : ", ",
                    kv.first.c_str(), kv.second.size(), pct(kv.second, 50), pct(kv.second, 95), pct(kv.second, 99), hits[kv.first]);
        first = false;
    }
    std::printf("}}\n");
    return 0;
}

int main(int argc, char **argv) {
    try {
        std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "index" && argc == 5) return do_index(argv[2], argv[3], argv[4]);
        if (mode == "search" && argc == 5) return do_search(argv[2], argv[3], std::atoi(argv[4]));
        std::fprintf(stderr, "usage: xapian_bare index DB DOCS_DIR DOCS.tsv | search DB QUERIES.tsv REPEAT\n");
        return 64;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian_bare: %s\n", e.get_description().c_str());
        return 1;
    }
}
