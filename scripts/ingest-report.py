#!/usr/bin/env python3
"""Reads every format and encoding fixture with `vanban extract --json` and prints, per file, the
format, the encoding, the conversions and the share of folded words (`vanban fold`) equal to the
UTF-8 original's, in order (difflib matching blocks over the longer word list).

    swift build && python3 scripts/ingest-report.py [--vanban .build/debug/vanban] [--ocr]
"""
import argparse, difflib, glob, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fold(vanban, text):
    r = subprocess.run([vanban, 'fold'], input=text.encode('utf-8'), capture_output=True)
    return r.stdout.decode('utf-8').split()


def agreement(a, b):
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(bl.size for bl in m.get_matching_blocks())
    return same / max(len(a), len(b), 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vanban', default=os.path.join(ROOT, '.build/debug/vanban'))
    ap.add_argument('--ocr', action='store_true', help='also OCR scanned.pdf (slow)')
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(ROOT, 'Tests/Fixtures/formats/encodings/*.txt')))
    files += sorted(f for f in glob.glob(os.path.join(ROOT, 'Tests/Fixtures/formats/*')) if os.path.isfile(f))
    originals = {}
    worst = 1.0
    for f in files:
        name = os.path.basename(f)
        stem = name.split('.')[0]
        if stem == 'scanned':          # page 1 of 003's PDF
            stem = '003_2b066fe0965093a2'
        cmd = [args.vanban, 'extract', f, '--json'] + (['--ocr'] if args.ocr else [])
        r = subprocess.run(cmd, capture_output=True)
        try:
            j = json.loads(r.stdout.decode('utf-8'))
        except ValueError:
            print(f'{name:48} ERROR {r.stderr.decode()[:100]}')
            continue
        if 'skipped' in j:
            print(f'{name:48} skipped: {j["skipped"]}')
            continue
        orig_path = os.path.join(ROOT, 'corpus', stem + '.txt')
        agree = ''
        if os.path.exists(orig_path):
            if stem not in originals:
                originals[stem] = fold(args.vanban, open(orig_path, encoding='utf-8').read())
            a = originals[stem]
            b = fold(args.vanban, j['text'])
            if name == 'scanned.pdf' or name.startswith('scanned'):
                a = a[:len(b)]
            v = agreement(a, b)
            if name != 'scanned.pdf':
                worst = min(worst, v)
            agree = f'{100 * v:6.2f}%'
        print(f'{name:48} {j["format"]:8} {str(j.get("encoding") or "-"):13} {agree:8} {"; ".join(j["conversions"])}')
    print(f'lowest agreement (all but OCR): {100 * worst:.2f}%')


if __name__ == '__main__':
    main()
