#!/usr/bin/env bash
# Set up and run the main job on the embedded default: ingest the demo corpus into SQLite, print the events.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export KABAR_DB="${KABAR_DB:-$PWD/.kabar-demo.sqlite}"
.venv/bin/kabar demo "$@"
