#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every test target (binding, text
# analysis, document model, archive, CLI integration incl. the dev-set scores).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
swift test 2>&1 | tee .build/test-output.txt
