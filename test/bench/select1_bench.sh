#!/usr/bin/env bash
# Round trips per second of `SELECT 1` from 8 concurrent connections (PyMySQL, one process per
# connection), against the reference frontend `fe` and, in the same run, a MariaDB server
# started by hand on a free port. Run by `./build.sh bench` (BUILD_DIR = the Release build).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../../build}
FE=$BUILD_DIR/bin/fe
CONNECTIONS=${CONNECTIONS:-8}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
PY=/usr/bin/python3

WORK=$(mktemp -d)
FE_PID=""
DB_PID=""
cleanup() {
  [ -n "$FE_PID" ] && kill -TERM "$FE_PID" 2>/dev/null && wait "$FE_PID" 2>/dev/null || true
  [ -n "$DB_PID" ] && kill -TERM "$DB_PID" 2>/dev/null && wait "$DB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {  # wait_port PORT PID
  for _ in $(seq 1 200); do
    kill -0 "$2" 2>/dev/null || return 1
    "$PY" -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),timeout=1)" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

FE_PORT=$(free_port)
"$FE" --query_port="$FE_PORT" --rpc_port="$(free_port)" --meta_dir="$WORK/fe/meta" --log_dir="$WORK/fe/log" \
  --plugins= > "$WORK/fe.out" 2>&1 &
FE_PID=$!
wait_port "$FE_PORT" "$FE_PID" || { echo "fe did not start:"; cat "$WORK/fe.out"; exit 1; }
FE_RATE=$("$PY" "$HERE/select1_client.py" "$FE_PORT" "$CONNECTIONS" "$SECONDS_PER_RUN")

DB_RATE="n/a (mariadbd not installed)"
if command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null; then
  DB_PORT=$(free_port)
  mariadb-install-db --user="$(id -un)" --datadir="$WORK/db/data" --auth-root-authentication-method=normal \
    > "$WORK/db_install.out" 2>&1
  mariadbd --no-defaults --user="$(id -un)" --datadir="$WORK/db/data" --socket="$WORK/db/mysqld.sock" \
    --port="$DB_PORT" --bind-address=127.0.0.1 --skip-log-bin --pid-file="$WORK/db/mysqld.pid" \
    > "$WORK/db.out" 2>&1 &
  DB_PID=$!
  if wait_port "$DB_PORT" "$DB_PID"; then
    DB_RATE=$("$PY" "$HERE/select1_client.py" "$DB_PORT" "$CONNECTIONS" "$SECONDS_PER_RUN")
  else
    DB_RATE="n/a (mariadbd did not start; see its log)"
  fi
fi

echo "SELECT 1 round trips per second, $CONNECTIONS connections, ${SECONDS_PER_RUN}s each (PyMySQL, $(nproc) cores):"
printf '  %-28s %s\n' "fe (reference frontend)" "$FE_RATE" "MariaDB $(mariadbd --version 2>/dev/null | awk '{print $3}' | cut -d- -f1)" "$DB_RATE"
