#!/usr/bin/env bash
# BACKUP to / RESTORE from an s3:// repository on the tests' S3 server (s3rver), statement ->
# FINISHED through PyMySQL, against `aws s3 cp --recursive` of the same bytes up and down, in one
# run (S3_BENCH_MB MB, default 64; 300 for the issue's figure); one table of bytes, seconds,
# MB/s, ratio. Run by `./build.sh bench` (BUILD_DIR = the Release build).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../../build}
PY=/usr/bin/python3

export FE_BIN=$BUILD_DIR/bin/fe
export BE_BIN=${BE_BIN_OVERRIDE:-$BUILD_DIR/bin/be}
export FE_PLUGIN=$BUILD_DIR/lib/libfe_backup.so
export PYTHONDONTWRITEBYTECODE=1
for f in "$FE_BIN" "$BE_BIN" "$FE_PLUGIN"; do
  [ -e "$f" ] || { echo "s3 bench: $f is not built"; exit 1; }
done
exec "$PY" "$HERE/s3_bench.py"
