#!/usr/bin/env bash
# One command on a fresh Debian machine with Swift: install what is missing, build in release mode,
# index corpus/ into ./vanban-db and run a sample search.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release
rm -rf vanban-db
.build/release/vanban index corpus --db vanban-db || [ $? -eq 6 ]
.build/release/vanban search "chan chinh le loi" --db vanban-db --limit 5
.build/release/vanban cites 226-KL/TW --transitive --db vanban-db
