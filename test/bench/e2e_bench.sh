#!/usr/bin/env bash
# BACKUP and RESTORE, statement -> FINISHED through PyMySQL, for many small rowset files and for
# few large ones, with 1 and 3 backends, against `cp -r` + `sync` of the same bytes in the same
# run; one table of bytes, seconds, MB/s, ratio (see e2e_bench.py for the env knobs; the
# issue's figure is E2E_BENCH_MB=300). Run by `./build.sh bench` (BUILD_DIR = the Release build).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../../build}

export FE_BIN=$BUILD_DIR/bin/fe
export BE_BIN=${BE_BIN_OVERRIDE:-$BUILD_DIR/bin/be}
export FE_PLUGIN=$BUILD_DIR/lib/libfe_backup.so
export PYTHONDONTWRITEBYTECODE=1
for f in "$FE_BIN" "$BE_BIN" "$FE_PLUGIN"; do
  [ -e "$f" ] || { echo "e2e bench: $f is not built"; exit 1; }
done
exec /usr/bin/python3 "$HERE/e2e_bench.py"
