#!/usr/bin/env bash
# Journal size after 25 and 120 backups of a 64-tablet table (goal: bounded, <= 1.5x), and the
# time from starting a kill -9'd fe until `SELECT 1` answers (goal: <= 3 s), with the last job
# still FINISHED. Run by `./build.sh bench` (BUILD_DIR = the Release build).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../../build}
PY=/usr/bin/python3

export FE_BIN=$BUILD_DIR/bin/fe
export BE_BIN=$BUILD_DIR/bin/be
export FE_PLUGIN=$BUILD_DIR/lib/libfe_backup.so
export PYTHONDONTWRITEBYTECODE=1
for f in "$FE_BIN" "$BE_BIN" "$FE_PLUGIN"; do
  [ -e "$f" ] || { echo "journal bench: $f is not built"; exit 1; }
done
exec "$PY" "$HERE/journal_bench.py"
