#!/usr/bin/env bash
# Installs the Debian packages VanBan needs when they are missing: Xapian (library, headers,
# xapian-tcpsrv/xapian-compact), pkg-config, valgrind for the leak check and python3 for the scorer.
set -euo pipefail
need=()
dpkg -s libxapian-dev >/dev/null 2>&1 || need+=(libxapian-dev)
dpkg -s xapian-tools >/dev/null 2>&1 || need+=(xapian-tools)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
