#!/usr/bin/env bash
# One command on a fresh Debian machine with Swift: install what is missing, build in release mode,
# install the man page, index corpus/ into the default database and run sample queries.
#
# The database is vanban's default one ($VANBAN_DB, else $XDG_DATA_HOME/vanban/db, else
# ~/.local/share/vanban/db), so the README's examples run as shown, without --db. Running it
# again re-indexes only what changed.
#
# --no-build: skip installing and building, use $VANBAN (default .build/release/vanban).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
    scripts/install-deps.sh
    swift build -c release
fi
VANBAN="${VANBAN:-$PWD/.build/release/vanban}"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
case "$data" in /*) ;; *) data="$HOME/.local/share" ;; esac
mkdir -p "$data/man/man1"
python3 scripts/make-man.py --vanban "$VANBAN" -o "$data/man/man1/vanban.1" >/dev/null
"$VANBAN" index corpus --quiet || [ $? -eq 6 ]
echo
"$VANBAN" search chan chinh le loi --limit 5
echo
"$VANBAN" cites 226-KL/TW --transitive
echo
echo "vanban: $VANBAN (add its folder to PATH: export PATH=\"$(dirname "$VANBAN"):\$PATH\"); man vanban"
