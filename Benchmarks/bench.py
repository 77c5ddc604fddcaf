#!/usr/bin/env python3
"""VanBan against SQLite FTS5 and a bare Xapian indexer, in one run, on one generated corpus.

    swift build -c release
    python3 Benchmarks/bench.py --docs 10000            # generate (or reuse) and measure
    python3 Benchmarks/bench.py --docs 100000 --repeat 3 --json /tmp/r.json --markdown /tmp/r.md

For each engine, in this order, on the same corpus (Benchmarks/gen_corpus.py, --seed):
  indexing  one child process: wall time, docs/s, MB/s (of the corpus files), peak RSS of that
            process (wait4), index size on disk.
            - vanban: `vanban index DOCS --db DB --quiet` (the release build: parsing, folding,
              exact terms, metadata, references, obligations, one transaction per file).
            - fts5:   Python sqlite3, `fts5(number, issuer, place, body, type UNINDEXED, year
              UNINDEXED, date UNINDEXED, id UNINDEXED, tokenize="unicode61 remove_diacritics 2")`,
              one transaction; metadata columns come from the generator's manifest (FTS5 parses
              nothing), the body is the document's text.
            - vanban-s2, vanban-s4: `vanban index DOCS --db DB --shards 2|4` (one writer thread
                      per shard; the same pipeline as `vanban`).
            - xapian: Benchmarks/xapian_bare.cpp (TermGenerator with positions, boolean terms
              from the manifest, the text as data), compiled here with g++ -O2.
  queries   one process per engine that opens the index once and runs the fixed mix
            (OUT/queries.*, --repeat times) in-process; each query includes producing the top 10
            with snippets. Startup is not counted.
            - vanban: `vanban bench queries --db DB --queries queries.tsv --repeat N`
              (Archive.search as `vanban search` runs it, snippets included; cites --transitive,
              answers and obligations too). A fresh Archive per query, so no document cache
              carries over from one query to the next (as with one CLI call per query).
            - fts5:   MATCH + ORDER BY rank (bm25) LIMIT 10 with snippet(); filters as WHERE.
            - xapian: QueryParser (AND, phrases), BM25, MSet::snippet. Xapian does not fold
              accents, so it gets the accented form of the unaccented queries.
Prints a table of absolute figures and ratios (vanban / other).
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    t = 0
    for d, _, fs in os.walk(path):
        for f in fs:
            try:
                t += os.path.getsize(os.path.join(d, f))
            except OSError:
                pass
    return t


LAST_CPU = [0.0]


def run_measured(cmd, env=None, stdout_path=None):
    """Runs cmd; returns (wall seconds, peak RSS bytes, exit code, stdout). The child's CPU
    seconds (user + system, all threads) are left in LAST_CPU[0]."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    so = b""
    if not stdout_path:
        so = p.stdout.read()
    err = p.stderr.read()
    code = os.waitstatus_to_exitcode(status)
    LAST_CPU[0] = ru.ru_utime + ru.ru_stime
    if code not in (0, 6):
        sys.stderr.write(err.decode(errors="replace")[-3000:])
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}")
    return wall, ru.ru_maxrss * 1024, code, so.decode(errors="replace")


# ---------------------------------------------------------------- FTS5 (run as child processes)

FTS_SCHEMA = ('CREATE VIRTUAL TABLE docs USING fts5(number, issuer, place, body, type UNINDEXED, year UNINDEXED, '
              'date UNINDEXED, id UNINDEXED, tokenize="unicode61 remove_diacritics 2")')


def fts5_index(db, corpus):
    docs = os.path.join(corpus, "docs")
    con = sqlite3.connect(db)
    con.execute(FTS_SCHEMA)

    def rows():
        cur, data = None, b""
        with open(os.path.join(corpus, "manifest.jsonl"), encoding="utf-8") as fh:
            for line in fh:
                m = json.loads(line)
                if m["file"] != cur:
                    with open(os.path.join(docs, m["file"]), "rb") as f:
                        data = f.read()
                    cur = m["file"]
                body = data[m["start"]:m["end"]].decode()
                yield (m.get("number") or "", m.get("issuer") or "", m.get("place") or "", body,
                       m["type"], int(m["date"][:4]), m["date"], "%s#%d" % (m["file"], m["index_in_file"]))

    with con:
        con.executemany("INSERT INTO docs(number, issuer, place, body, type, year, date, id) VALUES (?,?,?,?,?,?,?,?)", rows())
    n = con.execute("SELECT count(*) FROM docs").fetchone()[0]
    con.close()
    print(json.dumps({"documents": n}))


def fts_quote(words):
    return " ".join('"%s"' % w.replace('"', '""') for w in words)


def fts5_search(db, corpus, repeat):
    con = sqlite3.connect(db)
    qs = [json.loads(l) for l in open(os.path.join(corpus, "queries.jsonl"), encoding="utf-8")]
    by_kind, allv, matches = {}, [], {}
    snippet_bytes = 0
    for rep in range(repeat):
        for q in qs:
            k = q["kind"]
            if k in ("cites", "answers", "obligations"):
                continue
            where, args = [], []
            if k == "phrase":
                match = '"%s"' % " ".join(q["words"]).replace('"', '""')
            elif k == "number":
                match = 'number : "%s"' % q["number"].replace('"', '""')
            else:
                match = fts_quote(q["words"])
                if "place" in q:
                    match += ' AND place : "%s"' % q["place"]
                if "type" in q:
                    where.append("type = ?"); args.append(q["type"])
                if "year" in q:
                    where.append("year = ?"); args.append(q["year"])
            sql = ("SELECT id, snippet(docs, 3, '[', ']', '…', 28) FROM docs WHERE docs MATCH ?"
                   + "".join(" AND " + w for w in where) + " ORDER BY rank LIMIT 10")
            t0 = time.perf_counter()
            rows = con.execute(sql, [match] + args).fetchall()
            ms = (time.perf_counter() - t0) * 1000
            snippet_bytes += sum(len(r[1]) for r in rows)
            by_kind.setdefault(k, []).append(ms)
            allv.append(ms)
            if rep == 0:
                matches[k] = matches.get(k, 0) + len(rows)
    out = {"engine": "fts5", "repeat": repeat, "snippet_bytes": snippet_bytes, "all": summary(allv),
           "kinds": {k: dict(summary(v), matches=matches.get(k, 0)) for k, v in sorted(by_kind.items())}}
    print(json.dumps(out))


def pct(v, p):
    if not v:
        return 0.0
    s = sorted(v)
    k = min(len(s) - 1, max(0, int(p / 100.0 * len(s) - 1e-9)))
    return s[k]


def summary(v):
    return {"n": len(v), "p50": round(pct(v, 50), 3), "p95": round(pct(v, 95), 3), "p99": round(pct(v, 99), 3)}


# ---------------------------------------------------------------- the run

def xapian_tsvs(corpus):
    docs_tsv = os.path.join(corpus, "xapian-docs.tsv")
    if not os.path.exists(docs_tsv):
        with open(os.path.join(corpus, "manifest.jsonl"), encoding="utf-8") as fh, open(docs_tsv, "w", encoding="utf-8") as out:
            for line in fh:
                m = json.loads(line)
                out.write("\t".join([m["file"], str(m["start"]), str(m["end"]), "%s#%d" % (m["file"], m["index_in_file"]),
                                     m["type"], m["date"][:4], m["date"].replace("-", ""), m.get("place") or "",
                                     m.get("number") or ""]) + "\n")
    q_tsv = os.path.join(corpus, "xapian-queries.tsv")
    if not os.path.exists(q_tsv):
        with open(os.path.join(corpus, "queries.jsonl"), encoding="utf-8") as fh, open(q_tsv, "w", encoding="utf-8") as out:
            for line in fh:
                q = json.loads(line)
                k = q["kind"]
                if k in ("cites", "answers", "obligations"):
                    continue
                text = ""
                if k == "phrase":
                    text = '"%s"' % " ".join(q["words"])
                elif k != "number":
                    text = " ".join(q["accented"])
                out.write("\t".join([k, text, q.get("type", ""), str(q.get("year", "")), q.get("place", ""),
                                     q.get("number", "")]) + "\n")
    return docs_tsv, q_tsv


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "_fts5-index":
        return fts5_index(sys.argv[2], sys.argv[3])
    if len(sys.argv) > 1 and sys.argv[1] == "_fts5-search":
        return fts5_search(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/vanban-bench", help="corpora and indexes go here")
    ap.add_argument("--corpus", help="an already generated corpus folder (default: WORK/corpus-DOCS-sSEED)")
    ap.add_argument("--engines", default="vanban,fts5,xapian")
    ap.add_argument("--repeat", type=int, default=3, help="times the query mix is run")
    ap.add_argument("--vanban", default=os.path.join(ROOT, ".build/release/vanban"))
    ap.add_argument("--baseline", help="a second vanban binary (e.g. an older build) measured as engine vanban-base")
    ap.add_argument("--skip-index", action="store_true", help="reuse the indexes of the last run")
    ap.add_argument("--no-queries", action="store_true", help="measure indexing only")
    ap.add_argument("--flush-threshold", type=int, default=1000, help="XAPIAN_FLUSH_THRESHOLD for vanban-bulk/-shards")
    ap.add_argument("--shard-queries", help="query file for the vanban-s* engines (default: the corpus's queries.tsv)")
    ap.add_argument("--json", help="write all figures here")
    ap.add_argument("--markdown", help="write the table here")
    a = ap.parse_args()
    engines = a.engines.split(",")
    if a.baseline and "vanban-base" not in engines:
        engines.insert(1 if engines and engines[0] == "vanban" else 0, "vanban-base")
    os.makedirs(a.work, exist_ok=True)
    corpus = a.corpus or os.path.join(a.work, "corpus-%d-s%d" % (a.docs, a.seed))
    if not os.path.exists(os.path.join(corpus, "queries.tsv")):
        shutil.rmtree(corpus, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--docs", str(a.docs), "--seed", str(a.seed),
                        "--out", corpus], check=True)
        print("generated %s in %.1f s" % (corpus, time.perf_counter() - t0), file=sys.stderr)
    docs_dir = os.path.join(corpus, "docs")
    ndocs = sum(1 for _ in open(os.path.join(corpus, "manifest.jsonl"), encoding="utf-8"))
    corpus_bytes = du(docs_dir)
    docs_tsv, xq_tsv = xapian_tsvs(corpus)
    xbin = os.path.join(a.work, "xapian_bare")
    src = os.path.join(HERE, "xapian_bare.cpp")
    if "xapian" in engines and (not os.path.exists(xbin) or os.path.getmtime(xbin) < os.path.getmtime(src)):
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "xapian-core"], capture_output=True, text=True, check=True).stdout.split()
        subprocess.run(["g++", "-O2", "-std=c++17", src, "-o", xbin] + flags, check=True)

    res = {"documents": ndocs, "corpus_bytes": corpus_bytes, "seed": a.seed, "repeat": a.repeat,
           "date": time.strftime("%Y-%m-%d %H:%M"), "index": {}, "query": {}}
    dbs = {e: os.path.join(a.work, "db-%s-%d-s%d%s" % (e, a.docs, a.seed, ".sqlite" if e == "fts5" else "")) for e in engines}
    for e in engines:
        db = dbs[e]
        if not a.skip_index:
            if os.path.isdir(db):
                shutil.rmtree(db)
            elif os.path.exists(db):
                os.remove(db)
            if e == "vanban-bulk":
                cmd = [a.vanban, "bench", "index", docs_dir, "--db", db, "--write", "one", "--threads", "2",
                       "--flush-threshold", str(a.flush_threshold)]
            elif e == "vanban-shards":
                cmd = [a.vanban, "bench", "index", docs_dir, "--db", db, "--write", "shards", "--shards", "2",
                       "--flush-threshold", str(a.flush_threshold)]
            elif e in ("vanban-s2", "vanban-s4"):
                cmd = [a.vanban, "index", docs_dir, "--db", db, "--quiet", "--json", "--shards", e[-1]]
            elif e == "vanban-s2-remote":
                continue  # the shards of vanban-s2, served by xapian-tcpsrv: queries only
            elif e.startswith("vanban"):
                cmd = [a.vanban if e == "vanban" else a.baseline, "index", docs_dir, "--db", db, "--quiet"]
                if e == "vanban":
                    cmd.append("--json")
            elif e == "fts5":
                cmd = [sys.executable, os.path.abspath(__file__), "_fts5-index", db, corpus]
            else:
                cmd = [xbin, "index", db, docs_dir, docs_tsv]
            print("indexing with %s ..." % e, file=sys.stderr)
            wall, rss, code, out = run_measured(cmd)
            extra = {"process_cpu_seconds": round(LAST_CPU[0], 1)}
            if e in ("vanban", "vanban-s2", "vanban-s4"):
                try:
                    j = json.loads(out.strip().splitlines()[-1])
                    extra.update({k: round(j[k], 1) for k in ("writer_cpu_seconds", "writer_wait_seconds") if k in j})
                except (ValueError, IndexError, KeyError):
                    pass
            if e in ("vanban-bulk", "vanban-shards"):
                try:
                    extra = {k: v for k, v in json.loads(out.strip().splitlines()[-1]).items()
                             if k in ("process_cpu_seconds", "writer_cpu_seconds", "compact_seconds", "build_seconds")}
                except (ValueError, IndexError):
                    pass
            res["index"][e] = {**extra, "seconds": round(wall, 3), "docs_per_s": round(ndocs / wall, 1),
                               "mb_per_s": round(corpus_bytes / 1e6 / wall, 2), "peak_rss_mb": round(rss / 1e6, 1),
                               "index_mb": round(du(db) / 1e6, 1), "exit": code}
            print("  %s" % json.dumps(res["index"][e]), file=sys.stderr)
    for e in ([] if a.no_queries else engines):
        db = dbs[e]
        if e == "vanban-shards":
            continue  # the same documents as vanban-bulk; queries are measured once
        servers = []
        if e == "vanban-s2-remote":
            # Each shard of vanban-s2 served by xapian-tcpsrv on a free loopback port; a stub lists them.
            db, servers = serve_shards(dbs["vanban-s2"], a.work)
        if e.startswith("vanban"):
            cmd = [a.vanban if e != "vanban-base" else a.baseline, "bench", "queries", "--db", db, "--queries", os.path.join(corpus, "queries.tsv"), "--repeat", str(a.repeat)]
            if e in ("vanban-s2", "vanban-s4", "vanban-s2-remote") and a.shard_queries:
                cmd[cmd.index("--queries") + 1] = a.shard_queries
        elif e == "fts5":
            cmd = [sys.executable, os.path.abspath(__file__), "_fts5-search", db, corpus, str(a.repeat)]
        else:
            cmd = [xbin, "search", db, xq_tsv, str(a.repeat)]
        print("querying with %s ..." % e, file=sys.stderr)
        try:
            wall, rss, code, out = run_measured(cmd)
        finally:
            for srv in servers:
                srv.kill()
                srv.wait()
        r = json.loads(out.strip().splitlines()[-1])
        r["process_seconds"] = round(wall, 2)
        r["peak_rss_mb"] = round(rss / 1e6, 1)
        res["query"][e] = r
    table = render(res, engines)
    print(table)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(res, fh, indent=1, ensure_ascii=False)
    if a.markdown:
        with open(a.markdown, "w") as fh:
            fh.write(table + "\n")


def free_port():
    import socket
    with socket.socket() as s_:
        s_.bind(("127.0.0.1", 0))
        return s_.getsockname()[1]


def serve_shards(archive, work):
    """xapian-tcpsrv for each shard of a vanban archive (loopback), and a stub file naming them."""
    import socket
    shards = sorted(d for d in os.listdir(archive) if d.startswith("shard-"))
    servers, lines = [], []
    for sh in shards:
        port = free_port()
        servers.append(subprocess.Popen(["xapian-tcpsrv", "--port", str(port), "--interface", "127.0.0.1", "--quiet",
                                         os.path.join(archive, sh)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        lines.append("remote :127.0.0.1:%d" % port)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
    stub = os.path.join(work, "remote-shards.stub")
    with open(stub, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    return stub, servers


def ratio(a, b):
    if a is None or b in (None, 0):
        return "–"
    return "%.2f×" % (a / b)


def render(res, engines):
    """Markdown tables; ratios are the first vanban engine over each other engine."""
    L = []
    L.append("corpus: %d documents, %.1f MB (seed %d); queries repeated %d×; %s" %
             (res["documents"], res["corpus_bytes"] / 1e6, res["seed"], res["repeat"], res["date"]))
    ref = next((e for e in engines if e.startswith("vanban")), None)
    others = [e for e in engines if e != ref] if ref else []
    if res["index"]:
        L.append("")
        hdr = "| indexing | " + " | ".join(engines) + "".join(" | %s / %s" % (ref, o) for o in others) + " |"
        L.append(hdr)
        L.append("|" + "---|" * (hdr.count("|") - 1))
        for key, label in [("seconds", "time (s)"), ("docs_per_s", "docs/s"), ("mb_per_s", "MB/s"),
                           ("index_mb", "index size (MB)"), ("peak_rss_mb", "peak RSS (MB)"),
                           ("process_cpu_seconds", "CPU (s, user+sys)"), ("writer_cpu_seconds", "writer thread CPU (s)"),
                           ("writer_wait_seconds", "writer waiting for parsers (s)")]:
            vals = [res["index"].get(e, {}).get(key) for e in engines]
            if all(v is None for v in vals):
                continue
            row = "| %s | " % label + " | ".join("–" if v is None else str(v) for v in vals)
            v = res["index"].get(ref, {}).get(key)
            row += "".join(" | " + ratio(v, res["index"].get(o, {}).get(key)) for o in others)
            L.append(row + " |")
    if not res["query"]:
        return "\n".join(L)
    L.append("")
    qengines = [e for e in engines if e in res["query"]]
    qref = next((e for e in qengines if e.startswith("vanban")), None)
    qothers = [e for e in qengines if e != qref]
    kinds = []
    for e in qengines:
        for k in res["query"][e].get("kinds", {}):
            if k not in kinds:
                kinds.append(k)
    hdr = "| query latency (ms) | " + " | ".join("%s p50 / p95 / p99" % e for e in qengines) + "".join(" | p99 %s / %s" % (qref, o) for o in qothers) + " |"
    L.append(hdr)
    L.append("|" + "---|" * (hdr.count("|") - 1))
    def pick(e, k):
        q = res["query"].get(e, {})
        return q.get("search", q.get("all")) if k == "all" else q.get("kinds", {}).get(k)
    for k in ["all"] + kinds:
        cells = []
        for e in qengines:
            s_ = pick(e, k)
            cells.append("–" if not s_ else "%.2f / %.2f / %.2f" % (s_["p50"], s_["p95"], s_["p99"]))
        row = "| %s | " % (k if k != "all" else "all searches") + " | ".join(cells)
        for o in qothers:
            vs, os_ = pick(qref, k), pick(o, k)
            row += " | " + (ratio(vs["p99"], os_["p99"]) if vs and os_ else "–")
        L.append(row + " |")
    L.append("")
    L.append("all searches = unaccented, accented, phrase, number and filtered queries, top 10 with snippets; "
             "cites (--transitive), answers and obligations: VanBan only.")
    return "\n".join(L)


if __name__ == "__main__":
    main()
