#!/usr/bin/env bash
# Installs the Debian packages VanBan needs when they are missing: Xapian (library, headers,
# xapian-tcpsrv/xapian-compact), pkg-config, valgrind for the leak check and python3 for the scorer;
# and the tools the Ingest module runs for file formats: poppler-utils (pdftotext, pdftoppm,
# pdfimages: PDF), antiword and catdoc (Word 97–2003 .doc), tesseract-ocr with its Vietnamese data
# tesseract-ocr-vie (OCR of scanned pages, `--ocr`). Without one of them, files of that format are
# skipped with a warning naming the package.
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
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
