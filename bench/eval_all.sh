#!/usr/bin/env bash
# The README's evaluation figures: the keyword classifier and the replayed LLM on every gold set.
#
#   bench/eval_all.sh [OUT.md]      # default OUT: print the markdown on stdout
#
# Runs offline in seconds: `curator eval --all` over data/gold/*.yaml, once with the keyword classifier
# and once with the LLM replaying the answers recorded in each gold set's `llm_fixtures` folder
# ($LLM_SETTINGS, default: gemma-3-270m, 4 papers a request, answers capped at 1024 tokens -- the settings
# the answers were recorded with from the local llama.cpp server of scripts/llm-server.sh).
# The arXiv-day sets need ../shared/realdata (or $CURATOR_REALDATA) for their texts and have no committed
# LLM recordings (their prompts would carry recorded text); those rows say so instead of showing figures.
# To re-record the LLM answers after a prompt or list change (server answering on 127.0.0.1:8765):
#   OPENAI_BASE_URL=http://127.0.0.1:8765/v1 curator eval --all --classifier llm --llm record \
#       --model gemma-3-270m --batch-size 4 --max-tokens 1024 --concurrency 1 --timeout 900
# (record mode replays what is already recorded and asks the server only for what is missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${CURATOR:-}" ]; then
  if command -v curator >/dev/null; then CURATOR=curator; else CURATOR="python3 -m curator.cli"; fi
fi
LLM_SETTINGS="${LLM_SETTINGS:---model gemma-3-270m --batch-size 4 --max-tokens 1024}"
OUT="${1:-/dev/stdout}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

cd "$ROOT"
$CURATOR eval --all --summary --classifier keywords --markdown "$TMP/keywords.md" >/dev/null
# shellcheck disable=SC2086  # LLM_SETTINGS is a list of flags
$CURATOR eval --all --summary --classifier llm --llm replay $LLM_SETTINGS --markdown "$TMP/llm.md" >/dev/null

{
  echo "<!-- produced by bench/eval_all.sh on $(date -u +%Y-%m-%d); curator $($CURATOR --version | cut -d' ' -f2) -->"
  echo
  sed 's/^### summary$/### Keyword classifier/' "$TMP/keywords.md"
  echo
  sed 's/^### summary$/### LLM (replayed recorded answers)/' "$TMP/llm.md"
} >"$OUT"
