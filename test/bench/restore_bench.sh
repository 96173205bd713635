#!/usr/bin/env bash
# RESTORE of one table (RESTORE_BENCH_MB MB, default 64; 300 for the issue's figure) from a
# file:// repository, statement -> FINISHED through PyMySQL, against `cp -r` + `sync` of the same
# snapshot on the same disk; one table of bytes, seconds, MB/s, ratio. Run by `./build.sh bench`
# (BUILD_DIR = the Release build).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../../build}
PY=/usr/bin/python3

export FE_BIN=$BUILD_DIR/bin/fe
export BE_BIN=${BE_BIN_OVERRIDE:-$BUILD_DIR/bin/be}
export FE_PLUGIN=$BUILD_DIR/lib/libfe_backup.so
export PYTHONDONTWRITEBYTECODE=1
for f in "$FE_BIN" "$BE_BIN" "$FE_PLUGIN"; do
  [ -e "$f" ] || { echo "restore bench: $f is not built"; exit 1; }
done
exec "$PY" "$HERE/restore_bench.py"
