#!/usr/bin/env python3
"""Messy copies of a gold-labelled set, for the scorer: every .txt of SET rewritten by one kind of
mess real copies carry, gold.json and the rest copied unchanged, so the scorer measures end to end
(index, list, search, cites, answers, obligations) what the mess costs.

    python3 scripts/mess-set.py Tests/Fixtures/eval/dev-real /tmp/mess/dev-real-wrap wrap 7
    python3 Tests/Fixtures/eval/score.py --vanban .build/release/vanban /tmp/mess/dev-real-wrap

KIND: wrap (lines re-wrapped at 45-75 characters), crlf-nbsp (CRLF line ends, 15% of spaces
no-break), pages (a page number on its own line every 25-40 lines), indent (tabs and spaces before
and after lines), blank (blank lines added), glue (half of the line breaks become spaces: harsher
than real copies, which lose all or none). SEED makes it repeatable. This complements the
in-process harness (Tests/DocumentsTests/MutationTests.swift), which checks the parser's fields.
"""
import os
import random
import re
import shutil
import sys


def wrap(t, rnd, lo, hi):
    out = []
    for line in t.split("\n"):
        cur, width = "", rnd.randint(lo, hi)
        for word in line.split(" "):
            if cur and len(cur) + 1 + len(word) > width:
                out.append(cur)
                cur, width = word, rnd.randint(lo, hi)
            else:
                cur = cur + " " + word if cur else word
        out.append(cur)
    return "\n".join(out)


def mess(kind, t, rnd):
    if kind == "wrap":
        return wrap(t, rnd, 45, 75)
    if kind == "crlf-nbsp":
        return "".join("\u00a0" if c == " " and rnd.random() < 0.15 else c for c in t).replace("\n", "\r\n")
    if kind == "pages":
        out, page = [], 1
        for i, line in enumerate(t.split("\n")):
            out.append(line)
            if i > 0 and i % rnd.randint(25, 40) == 0:
                page += 1
                out += ["", str(page), ""]
        return "\n".join(out)
    if kind == "indent":
        return "\n".join(("\t" if rnd.random() < 0.3 else " " * rnd.randint(0, 6)) + line + " " * rnd.randint(0, 3)
                         for line in t.split("\n"))
    if kind == "blank":
        return "\n".join(line + ("\n" if rnd.random() < 0.4 else "") for line in t.split("\n"))
    if kind == "glue":
        return re.sub(r"\n+", lambda m: " " if rnd.random() < 0.5 else "\n", t)
    sys.exit(f"mess-set.py: unknown kind {kind!r} (wrap, crlf-nbsp, pages, indent, blank, glue)")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    src, dst, kind, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    rnd = random.Random(seed)
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    for f in sorted(os.listdir(src)):
        p = os.path.join(src, f)
        if not os.path.isfile(p):
            continue
        if not f.endswith(".txt"):
            shutil.copy(p, dst)
            continue
        with open(p, encoding="utf-8") as fh:
            t = fh.read()
        with open(os.path.join(dst, f), "w", encoding="utf-8", newline="") as fh:
            fh.write(mess(kind, t, rnd))


if __name__ == "__main__":
    main()
