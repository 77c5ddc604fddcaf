#!/usr/bin/env bash
# Installs the Debian packages VanBan needs when they are missing: Xapian (library, headers,
# xapian-tcpsrv/xapian-compact), pkg-config, valgrind for the leak check and python3 for the scorer;
# and the tools the Ingest module runs for file formats: poppler-utils (pdftotext, pdftoppm,
# pdfimages: PDF), antiword and catdoc (Word 97–2003 .doc), tesseract-ocr with its Vietnamese data
# tesseract-ocr-vie (OCR of scanned pages, `--ocr`). Without one of them, files of that format are
# skipped with a warning naming the package. For the web interface: wrk (its load benchmark,
# BENCHMARKS.md) and chromium (headless, its browser test); when chromium cannot be installed the
# browser test is skipped with a message, not failed.
set -euo pipefail
need=()
dpkg -s libxapian-dev >/dev/null 2>&1 || need+=(libxapian-dev)
dpkg -s xapian-tools >/dev/null 2>&1 || need+=(xapian-tools)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v antiword >/dev/null 2>&1 || need+=(antiword)
command -v catdoc >/dev/null 2>&1 || need+=(catdoc)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
dpkg -s tesseract-ocr-vie >/dev/null 2>&1 || need+=(tesseract-ocr-vie)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
updated=""
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  updated=1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing: chromium" >&2
  { [ -n "$updated" ] || $sudo apt-get update -qq; } &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null ||
    echo "install-deps: chromium could not be installed; the web interface's browser test will be skipped" >&2
fi
