# Shared helpers for the ops scripts. Everything here is idempotent: safe to run twice.
set -euo pipefail
OPS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$OPS_DIR/.." && pwd)"
RUN_DIR="${CUTOVER_RUN_DIR:-$ROOT_DIR/.run}"
REGISTRY="${CUTOVER_REGISTRY:-127.0.0.1:5000}"
# The engine is one per machine, so the pid of the one ops/ started is kept machine-wide.
DOCKERD_PID_FILE="${CUTOVER_DOCKERD_PID_FILE:-/run/cutover-ops-dockerd.pid}"
mkdir -p "$RUN_DIR"

say() { printf '[ops] %s\n' "$*" >&2; }

# wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND every 0.2 s until it succeeds.
wait_for() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then say "timed out after ${seconds}s waiting for $what"; return 1; fi
    sleep 0.2
  done
}
