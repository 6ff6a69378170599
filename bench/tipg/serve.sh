#!/usr/bin/env bash
# tipg 1.6.1 on uvicorn with 2 worker processes, against DATABASE_URL, publishing the `bench` schema
# only (bench/side_by_side.py creates bench.building there: the building layer's columns).
# Usage: DATABASE_URL=postgres://... bench/tipg/serve.sh PORT
# The first run makes bench/tipg/.venv from PyPI (requirements.txt); later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")"
PORT="${1:-8202}"
if [ ! -x .venv/bin/uvicorn ]; then
    python3.11 -m venv .venv
    .venv/bin/pip install --quiet -r requirements.txt
fi
# tipg reads these at start: only the bench schema, no functions, no catalogue refresh while timed.
export TIPG_DB_SCHEMAS='["bench"]' TIPG_DB_EXCLUDE_FUNCTION_SCHEMAS='["public","pg_temp"]' \
       TIPG_DB_FUNCTION_SCHEMAS='[]' DB_MIN_CONN_SIZE=1 DB_MAX_CONN_SIZE=10 TIPG_DEBUG=FALSE
exec .venv/bin/uvicorn tipg.main:app --host 127.0.0.1 --port "$PORT" --workers 2 --log-level warning
