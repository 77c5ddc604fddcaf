#!/usr/bin/env bash
# Builds the format fixtures of the Ingest tests from the seed documents, with Debian's LibreOffice
# (Writer, headless), qpdf, img2pdf and poppler-utils, into Tests/Fixtures/formats/:
#
#   <seed>.pdf  .docx  .doc  .html  .md    the seed converted by LibreOffice (.md: a plain copy)
#   <seed>.tcvn3-latin1.pdf                  a PDF whose text layer is TCVN3 shown as Latin-1
#                                            ("Céng hoµ x· héi…"), the soft hyphen 0xAD (ư) given
#                                            as "-" the way WinAnsi PDFs give it back
#   <seed>.tcvn3-latin1.doc                  a Word 97 file typed in a .VnTime font (TCVN3 as Latin-1)
#   002, 003 .rtf, 003….tcvn3-latin1.rtf     RTF, plain and typed in a .VnTime font
#   003….table.html / .docx                  the letterhead as a two-column table, then the text
#   scanned.pdf                              page 1 of 003's PDF as a 300 dpi bitmap (no text layer)
#   partly-scanned.pdf                       000's PDF (text) then scanned.pdf (a bitmap page)
#   protected.pdf                            003's PDF with a user password (qpdf, AES-256)
#   truncated.pdf                            the first 40% of 002's PDF
#   notpdf.pdf                               text named .pdf
#   truncated.docx                           the first half of 003's .docx
#
# Needs the encoding fixtures first (scripts/make-encoding-fixtures.py). Installs what is missing
# (apt-get). Heavy (LibreOffice): run by hand when the seeds change, not in CI; the outputs are
# committed.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=Tests/Fixtures/formats
ENC=$OUT/encodings
SEEDS=(000_a7862f00d41df8cb 002_08d73f6826bb5330 003_2b066fe0965093a2)

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v img2pdf >/dev/null 2>&1 || need+=(img2pdf)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fc-list | grep -q DejaVuSerif || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ -f "$ENC/003_2b066fe0965093a2.tcvn3-latin1.txt" ] || python3 scripts/make-encoding-fixtures.py

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home"   # a private LibreOffice profile
TXT='Text (encoded):UTF8,LF,DejaVu Serif,vi'

lo() {  # lo INFILTER FORMAT FILE
  soffice --headless --infilter="$1" --convert-to "$2" --outdir "$WORK/out" "$3" >/dev/null 2>&1
}

mkdir -p "$WORK/out" "$WORK/in"
for s in "${SEEDS[@]}"; do
  cp "corpus/$s.txt" "$WORK/in/$s.txt"
  lo "$TXT" pdf "$WORK/in/$s.txt"
  lo "$TXT" 'docx:MS Word 2007 XML' "$WORK/in/$s.txt"
  lo "$TXT" 'doc:MS Word 97' "$WORK/in/$s.txt"
  lo "$TXT" 'html:HTML (StarWriter)' "$WORK/in/$s.txt"
  for ext in pdf docx doc html; do cp "$WORK/out/$s.$ext" "$OUT/$s.$ext"; done
  cp "corpus/$s.txt" "$OUT/$s.md"
done

# RTF (what old Word versions also saved under a .doc name), plain and typed in a TCVN3 font.
for s in 002_08d73f6826bb5330 003_2b066fe0965093a2; do
  lo "$TXT" rtf "$WORK/in/$s.txt"
  cp "$WORK/out/$s.rtf" "$OUT/"
done
cp "$ENC/003_2b066fe0965093a2.tcvn3-latin1.txt" "$WORK/in/003_2b066fe0965093a2.tcvn3-latin1.txt"
lo "$TXT" rtf "$WORK/in/003_2b066fe0965093a2.tcvn3-latin1.txt"
cp "$WORK/out/003_2b066fe0965093a2.tcvn3-latin1.rtf" "$OUT/"

# TCVN3 shown as Latin-1: a PDF (0xAD → "-") and a Word 97 file (0xAD kept).
for s in 003_2b066fe0965093a2 002_08d73f6826bb5330; do
  python3 - "$ENC/$s.tcvn3-latin1.txt" "$WORK/in/$s.tcvn3-latin1.txt" <<'PY'
import sys
t = open(sys.argv[1], encoding='utf-8').read().replace('\u00ad', '-')
open(sys.argv[2], 'w', encoding='utf-8').write(t)
PY
  lo "$TXT" pdf "$WORK/in/$s.tcvn3-latin1.txt"
  cp "$WORK/out/$s.tcvn3-latin1.pdf" "$OUT/"
done
cp "$ENC/003_2b066fe0965093a2.tcvn3-latin1.txt" "$WORK/in/003_2b066fe0965093a2.tcvn3-latin1-doc.txt"
lo "$TXT" 'doc:MS Word 97' "$WORK/in/003_2b066fe0965093a2.tcvn3-latin1-doc.txt"
cp "$WORK/out/003_2b066fe0965093a2.tcvn3-latin1-doc.doc" "$OUT/003_2b066fe0965093a2.tcvn3-latin1.doc"

# The letterhead as a two-column table (HTML), then the rest as paragraphs; and that HTML as .docx.
python3 - corpus/003_2b066fe0965093a2.txt "$WORK/in/003_2b066fe0965093a2.table.html" <<'PY'
import html, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
head = [l for l in lines[:6] if l.strip()][:2]
left = ['UBND TỈNH THANH HÓA', 'SỞ Y TẾ']
right = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập – Tự do – Hạnh phúc']
rest = lines[lines.index(next(l for l in lines if l.startswith('Số:'))):]
out = ['<!DOCTYPE html>', '<html lang="vi"><head><meta charset="utf-8"><title>Công văn 2926/SYT-VP</title></head><body>',
       '<table><tr><td>' + '<br>'.join(map(html.escape, left)) + '</td><td>' + '<br>'.join(map(html.escape, right)) + '</td></tr></table>']
out += ['<p>' + html.escape(l) + '</p>' for l in rest if l.strip()]
out.append('</body></html>')
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(out) + '\n')
PY
cp "$WORK/in/003_2b066fe0965093a2.table.html" "$OUT/"
lo 'HTML (StarWriter)' 'docx:MS Word 2007 XML' "$WORK/in/003_2b066fe0965093a2.table.html"
cp "$WORK/out/003_2b066fe0965093a2.table.docx" "$OUT/"

# A scanned page: no text layer, one 300 dpi bitmap.
pdftoppm -r 300 -mono -png -f 1 -l 1 -singlefile "$OUT/003_2b066fe0965093a2.pdf" "$WORK/page"
img2pdf --pagesize A4 -o "$OUT/scanned.pdf" "$WORK/page.png"
# A text page followed by a scanned one.
qpdf --empty --pages "$OUT/000_a7862f00d41df8cb.pdf" "$OUT/scanned.pdf" -- "$OUT/partly-scanned.pdf"

# Broken and protected files.
qpdf --encrypt secret owner 256 -- "$OUT/003_2b066fe0965093a2.pdf" "$OUT/protected.pdf"
size=$(stat -c %s "$OUT/002_08d73f6826bb5330.pdf")
head -c $((size * 4 / 10)) "$OUT/002_08d73f6826bb5330.pdf" > "$OUT/truncated.pdf"
printf 'Not a PDF at all, only text named .pdf\n' > "$OUT/notpdf.pdf"
size=$(stat -c %s "$OUT/003_2b066fe0965093a2.docx")
head -c $((size / 2)) "$OUT/003_2b066fe0965093a2.docx" > "$OUT/truncated.docx"

ls -la "$OUT" | grep -v '^d'
