#!/usr/bin/env bash
# Create .venv and install aligner into it, offline except for the package registries.
# torch goes first, pinned to the CPU wheel this machine keeps on disk: a bare "torch" requirement
# would pull a multi-GB CUDA build. Pass "dev" to add the test and lint tools.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
if [ "${1:-}" = "dev" ]; then
  .venv/bin/python -m pip install --quiet -e ".[dev]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
