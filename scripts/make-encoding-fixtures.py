#!/usr/bin/env python3
"""Converts the seed documents (corpus/*.txt, UTF-8) into the encodings of real archives, for the
Ingest tests: Tests/Fixtures/formats/encodings/<seed>.<variant>.txt.

Variants:
  tcvn3      TCVN3 (ABC) bytes; upper-case toned letters get the lower-case code, as with the
             .VnTimeH fonts (the font, not the code, made them capitals)
  vni        VNI Windows bytes (base letter + mark byte)
  viscii     VISCII bytes
  cp1258     Windows-1258 bytes (precomposed where the code page has the letter, else base + tone mark)
  utf16le    UTF-16LE with BOM          utf16be-nobom  UTF-16BE without BOM
  utf8bom    UTF-8 with BOM             nfd            UTF-8, decomposed (NFD)
  tcvn3-latin1  UTF-8 text of TCVN3 bytes read as Windows-1252 ("Céng hoµ x· héi…")
  vni-latin1    UTF-8 text of VNI bytes read as Windows-1252 ("Coäng hoøa xaõ hoäi…")
  mixed-lines   UTF-8: blocks of 4 lines alternating original / TCVN3 mojibake / VNI mojibake
  mixed-bytes   raw bytes: blocks of 4 lines alternating UTF-8 / TCVN3 / Windows-1258
The long seeds (over 10,000 characters) get the legacy encodings, mojibake and mixed files only.

This encoder is written independently of the Swift decoder (Sources/VietText): the VNI rules here,
the TCVN3 and VISCII code points from glibc iconv, Windows-1258 from Python's codec.
A character an encoding cannot hold is written as '?'.

    python3 scripts/make-encoding-fixtures.py [SEED...]     # default: every corpus/*.txt
"""
import os, subprocess, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'Tests', 'Fixtures', 'formats', 'encodings')

TONES = {'\u0301': 1, '\u0300': 2, '\u0309': 3, '\u0303': 4, '\u0323': 5}  # sắc huyền hỏi ngã nặng


def iconv_table(enc, lo, hi):
    """Unicode char → byte for the single bytes lo..hi that iconv decodes to one character."""
    t = {}
    for b in range(lo, hi + 1):
        r = subprocess.run(['iconv', '-f', enc, '-t', 'UTF-8'], input=bytes([b]), capture_output=True)
        if r.returncode == 0:
            s = r.stdout.decode('utf-8')
            if len(s) == 1:
                t.setdefault(s, b)
    return t


def cp1252_byte(ch):
    try:
        return ch.encode('cp1252')
    except UnicodeEncodeError:
        return None


def split_tone(ch):
    """(toneless NFC letter, tone number 0..5)."""
    d = unicodedata.normalize('NFD', ch)
    tone = 0
    rest = ''
    for c in d:
        if c in TONES:
            tone = TONES[c]
        else:
            rest += c
    return unicodedata.normalize('NFC', rest), tone


TCVN3 = None


def enc_tcvn3(text):
    global TCVN3
    if TCVN3 is None:
        TCVN3 = iconv_table('TCVN5712-1', 0xA1, 0xFF)
    out = bytearray()
    for ch in text:
        if ord(ch) < 0x80:
            out.append(ord(ch)); continue
        if ch in TCVN3 and TCVN3[ch] not in range(0xB0, 0xB5):
            out.append(TCVN3[ch]); continue
        low = ch.lower()
        if low != ch and low in TCVN3:             # .VnTimeH: capitals drawn from lower-case codes
            out.append(TCVN3[low]); continue
        b = cp1252_byte(ch)
        if b is not None and b[0] < 0xA0:           # Windows punctuation kept by the fonts
            out += b; continue
        if ch == '\u00a0':
            out.append(0xA0); continue
        out += b'?'
    return bytes(out)


VNI_TONE = {1: 0xF9, 2: 0xF8, 3: 0xFB, 4: 0xF5, 5: 0xEF}          # ù ø û õ ï
VNI_CIRC = {0: 0xE2, 1: 0xE1, 2: 0xE0, 3: 0xE5, 4: 0xE3, 5: 0xE4}  # â á à å ã ä
VNI_BREVE = {0: 0xEA, 1: 0xE9, 2: 0xE8, 3: 0xFA, 4: 0xFC, 5: 0xEB} # ê é è ú ü ë
VNI_I = {1: 0xED, 2: 0xEC, 3: 0xE6, 4: 0xF3, 5: 0xF2}              # í ì æ ó ò


def enc_vni(text):
    out = bytearray()
    for ch in text:
        if ord(ch) < 0x80:
            out.append(ord(ch)); continue
        base, tone = split_tone(ch)
        upper = base != base.lower()
        b = base.lower()
        up = (lambda x: x - 0x20) if upper else (lambda x: x)
        letter = (lambda c: ord(c.upper()) if upper else ord(c))
        if b in 'aeouy' and len(b) == 1:
            if b == 'y' and tone == 5:
                out.append(up(0xEE)); continue                          # ỵ = î
            out.append(letter(b))
            if tone:
                out.append(up(VNI_TONE[tone]))
            continue
        if b in ('â', 'ê', 'ô'):
            out.append(letter({'â': 'a', 'ê': 'e', 'ô': 'o'}[b])); out.append(up(VNI_CIRC[tone])); continue
        if b == 'ă':
            out.append(letter('a')); out.append(up(VNI_BREVE[tone])); continue
        if b in ('ơ', 'ư'):
            out.append(up({'ơ': 0xF4, 'ư': 0xF6}[b]))
            if tone:
                out.append(up(VNI_TONE[tone]))
            continue
        if b == 'i':
            out.append(up(VNI_I[tone]) if tone else letter('i')); continue
        if b == 'đ':
            out.append(up(0xF1)); continue
        c = cp1252_byte(ch)
        out += c if c is not None and c[0] < 0xA0 else b'?'
    return bytes(out)


VISCII = None


def enc_viscii(text):
    global VISCII
    if VISCII is None:
        VISCII = iconv_table('VISCII', 0x00, 0xFF)
    out = bytearray()
    for ch in text:
        if ch in ('\n', '\r', '\t', '\f') or ' ' <= ch < '\x7f':
            out.append(ord(ch))
        elif ch in VISCII:
            out.append(VISCII[ch])
        else:
            out += b'?'
    return bytes(out)


def enc_cp1258(text):
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode('cp1258'); continue
        except UnicodeEncodeError:
            pass
        base, tone = split_tone(ch)
        try:
            out += base.encode('cp1258')
            if tone:
                out.append({1: 0xEC, 2: 0xCC, 3: 0xD2, 4: 0xDE, 5: 0xF2}[tone])
        except UnicodeEncodeError:
            out += b'?'
    return bytes(out)


def as_cp1252(data):
    """Bytes read as Windows-1252 (undefined bytes as their C1 control), the way a PDF or a Word
    file with a .VnTime/VNI font gives them back."""
    return ''.join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode('cp1252') for b in data)


def blocks(lines, n):
    for i in range(0, len(lines), n):
        yield i // n, lines[i:i + n]


def variants(text):
    v = {}
    v['tcvn3'] = enc_tcvn3(text)
    v['vni'] = enc_vni(text)
    v['viscii'] = enc_viscii(text)
    v['cp1258'] = enc_cp1258(text)
    v['utf16le'] = b'\xff\xfe' + text.encode('utf-16-le')
    v['utf16be-nobom'] = text.encode('utf-16-be')
    v['utf8bom'] = b'\xef\xbb\xbf' + text.encode('utf-8')
    v['nfd'] = unicodedata.normalize('NFD', text).encode('utf-8')
    v['tcvn3-latin1'] = as_cp1252(enc_tcvn3(text)).encode('utf-8')
    v['vni-latin1'] = as_cp1252(enc_vni(text)).encode('utf-8')
    lines = text.split('\n')
    mixed = []
    for k, block in blocks(lines, 4):
        for line in block:
            mixed.append([line, as_cp1252(enc_tcvn3(line)), as_cp1252(enc_vni(line))][k % 3])
    v['mixed-lines'] = '\n'.join(mixed).encode('utf-8')
    mixed = []
    for k, block in blocks(lines, 4):
        for line in block:
            mixed.append([line.encode('utf-8'), enc_tcvn3(line), enc_cp1258(line)][k % 3])
    v['mixed-bytes'] = b'\n'.join(mixed)
    return v


def main(argv):
    seeds = argv or sorted(os.path.join(ROOT, 'corpus', f) for f in os.listdir(os.path.join(ROOT, 'corpus')) if f.endswith('.txt'))
    os.makedirs(OUT, exist_ok=True)
    for seed in seeds:
        stem = os.path.splitext(os.path.basename(seed))[0]
        text = open(seed, encoding='utf-8').read()
        vs = variants(text)
        if len(text) > 10000:   # the long seeds: the legacy encodings and mojibake only
            vs = {k: vs[k] for k in ('tcvn3', 'vni', 'viscii', 'cp1258', 'tcvn3-latin1', 'vni-latin1', 'mixed-lines', 'mixed-bytes')}
        for name, data in vs.items():
            with open(os.path.join(OUT, f'{stem}.{name}.txt'), 'wb') as f:
                f.write(data)
        print(f'{stem}: {len(vs)} variants', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1:])
