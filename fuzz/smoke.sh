#!/usr/bin/env bash
# CI's fuzzing smoke run: builds the targets and runs each for a few seconds from the seed corpus
# (about a minute in all); fails on any crash. fuzz/run.sh does the long runs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec fuzz/run.sh "${1:-8}" "$work"
