#!/usr/bin/env bash
# Set up and run every test: lint, then the whole pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests benchmarks training
.venv/bin/python -m pytest "$@"
