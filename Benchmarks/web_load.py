#!/usr/bin/env python3
"""Load benchmark of `vanban serve`: wrk against a real server on a generated archive.

    python3 Benchmarks/web_load.py --vanban .build/release/vanban \
        --db /tmp/vanban-bench/db-vanban-100000-s1 --corpus /tmp/vanban-bench/corpus-100000-s1

starts `vanban serve --db DB --port 0` on loopback, builds a fixed mix of requests from the
corpus's query mix (`queries.tsv`: the search queries) and manifest (`manifest.jsonl`: document
ids), warms the server up for --warmup seconds, then runs `wrk` with --connections connections
for --seconds seconds on the mix and prints requests/s, the latency distribution (p50, p75, p90,
p99) and the errors (socket errors and non-2xx answers). With --by-class it also runs each class
of request alone (search pages, API searches, document pages) for the same time.

The mix, in order, cycled by every wrk thread from its own offset: for each search query of the
corpus's mix, one search page (/search?q=…, with facets) and, every fourth, the same query as
/api/search; and as many document pages (/doc?ref=FILE#N) as search pages, of documents drawn
from the manifest with a fixed seed. The server's log (one line per request) goes to a file.
Needs wrk (Debian: apt-get install wrk).
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

LUA = r"""
local paths = {}
for line in io.lines(os.getenv("VANBAN_PATHS")) do paths[#paths + 1] = line end
local counter = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end
function init(args)
  counter = tonumber(offset) or 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def doc_id(manifest_file, index):
    # Ids are FILE#N, FILE relative to the folder indexed (OUT/docs).
    rel = manifest_file.split("docs/", 1)[1] if "docs/" in manifest_file else manifest_file
    return f"{rel}#{index}"


def build_mix(corpus, seed):
    queries = []
    with open(os.path.join(corpus, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[1] == "search":
                queries.append(parts[2])
    docs = []
    per_file = {}
    with open(os.path.join(corpus, "manifest.jsonl"), encoding="utf-8") as f:
        for line in f:
            m = json.loads(line)
            k = per_file.get(m["file"], 0)
            per_file[m["file"]] = k + 1
            docs.append(doc_id(m["file"], k))
    rng = random.Random(seed)
    chosen = rng.sample(docs, min(len(queries), len(docs)))
    search, api, doc = [], [], []
    for i, q in enumerate(queries):
        search.append("/search?q=" + urllib.parse.quote(q, safe=""))
        if i % 4 == 0:
            api.append("/api/search?q=" + urllib.parse.quote(q, safe=""))
    for d in chosen:
        doc.append("/doc?ref=" + urllib.parse.quote(d, safe=""))
    mix = []
    for i in range(max(len(search), len(doc))):
        if i < len(search):
            mix.append(search[i])
        if i < len(doc):
            mix.append(doc[i])
        if i % 4 == 0 and i // 4 < len(api):
            mix.append(api[i // 4])
    return {"mix": mix, "search": search, "api": api, "doc": doc}


def start_server(vanban, db, workers, log):
    args = [vanban, "serve", "--db", db, "--port", "0", "--json"]
    if workers:
        args += ["--workers", str(workers)]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, text=True)
    line = p.stdout.readline()
    try:
        url = json.loads(line)["url"]
    except (ValueError, KeyError):
        p.kill()
        sys.exit(f"web_load: vanban serve did not start: {line!r}")
    return p, url.rstrip("/")


def run_wrk(url, paths, connections, threads, seconds, lua):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(paths) + "\n")
        paths_file = f.name
    env = dict(os.environ, VANBAN_PATHS=paths_file)
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
                          "--timeout", "10s", "-s", lua, url + "/"], env=env, capture_output=True, text=True)
    os.unlink(paths_file)
    return out.stdout + out.stderr


def parse(text):
    r = {}
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    if m:
        r["requests"] = int(m.group(1))
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        r["rps"] = float(m.group(1))
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if m:
            v = float(m.group(1))
            r["p" + pct] = v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    r["socket_errors"] = sum(int(x) for x in m.groups()) if m else 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    r["non_2xx"] = int(m.group(1)) if m else 0
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vanban", default=".build/release/vanban")
    ap.add_argument("--db", required=True)
    ap.add_argument("--corpus", required=True, help="the gen_corpus.py folder the database was indexed from")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--workers", type=int, default=0, help="vanban serve --workers (0: its default)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--by-class", action="store_true")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    mixes = build_mix(a.corpus, a.seed)
    work = tempfile.mkdtemp(prefix="vanban-web-load-")
    lua = os.path.join(work, "mix.lua")
    with open(lua, "w") as f:
        f.write(LUA)
    log_path = os.path.join(work, "serve.log")
    with open(log_path, "w") as log:
        server, url = start_server(a.vanban, a.db, a.workers, log)
        try:
            results = {}
            print(f"web_load: {url} on {a.db}; mix of {len(mixes['mix'])} requests ({len(mixes['search'])} search pages, "
                  f"{len(mixes['api'])} API searches, {len(mixes['doc'])} document pages); server log {log_path}")
            if a.warmup:
                run_wrk(url, mixes["mix"], a.connections, a.threads, a.warmup, lua)
            classes = ["mix"] + (["search", "api", "doc"] if a.by_class else [])
            for c in classes:
                text = run_wrk(url, mixes[c], a.connections, a.threads, a.seconds, lua)
                r = parse(text)
                results[c] = r
                print(f"{c:7s} {r.get('requests', 0):7d} requests  {r.get('rps', 0):8.1f} req/s  "
                      f"p50 {r.get('p50', 0):7.2f} ms  p75 {r.get('p75', 0):7.2f}  p90 {r.get('p90', 0):7.2f}  "
                      f"p99 {r.get('p99', 0):7.2f} ms  errors: socket {r['socket_errors']}, non-2xx {r['non_2xx']}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = sum(1 for _ in open(log_path, encoding="utf-8", errors="replace"))
    print(f"web_load: server stopped (exit {server.returncode}); {lines} log lines")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"connections": a.connections, "seconds": a.seconds, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
