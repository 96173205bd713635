#!/usr/bin/env bash
# The README's main job: a local cluster (1 fe with the backup module + 3 be) under ./demo/,
# example_db with the documented tables, a file:// repository, and the three documented BACKUP
# examples, each waited for with a progress line; it ends by restoring snapshot_label2 into a new
# table and printing the row counts of the source and the restored table side by side. The
# cluster keeps running afterwards.
#   scripts/demo.sh          start (a running demo is stopped and replaced: safe to run twice)
#   scripts/demo.sh stop     stop it
# Ports: fe query 9030 / rpc 9020 / http 8030; be i (0..2): be_port 9060+i, heartbeat 9050+i,
# brpc 8060+i, webserver 8040+i. BUILD_DIR (default ./build) holds the binaries.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
DEMO=${DEMO_DIR:-$ROOT/demo}
QUERY_PORT=${DEMO_QUERY_PORT:-9030}
MYSQL=(mysql -h127.0.0.1 -P"$QUERY_PORT" -uroot)

say() { printf '[demo] %s\n' "$*"; }

stop_all() {
  local any=0
  for pidfile in "$DEMO"/*.pid; do
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
      any=1
    fi
    rm -f "$pidfile"
  done
  [ $any = 1 ] && say "stopped the running demo cluster" || true
}

if [ "${1:-}" = stop ]; then
  stop_all
  exit 0
fi

for bin in fe be; do
  [ -x "$BUILD_DIR/bin/$bin" ] || { echo "demo: $BUILD_DIR/bin/$bin is missing; run ./build.sh first" >&2; exit 1; }
done
[ -f "$BUILD_DIR/lib/libfe_backup.so" ] || { echo "demo: $BUILD_DIR/lib/libfe_backup.so is missing" >&2; exit 1; }

stop_all
rm -rf "$DEMO"
mkdir -p "$DEMO/fe" "$DEMO/repo"

wait_until() {  # wait_until SECONDS DESCRIPTION COMMAND...
  local secs=$1 what=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then echo "demo: timed out waiting for $what (logs in $DEMO)" >&2; exit 1; fi
    sleep 0.2
  done
}

for i in 0 1 2; do
  d="$DEMO/be$i"
  mkdir -p "$d/storage" "$d/log"
  "$BUILD_DIR/bin/be" --storage_root_path="$d/storage" --log_dir="$d/log" \
    --be_port=$((9060 + i)) --heartbeat_service_port=$((9050 + i)) \
    --brpc_port=$((8060 + i)) --webserver_port=$((8040 + i)) >"$d/be.out" 2>&1 &
  echo $! >"$DEMO/be$i.pid"
done
cat >"$DEMO/fe/fe.conf" <<CONF
query_port = $QUERY_PORT
rpc_port = 9020
http_port = 8030
meta_dir = $DEMO/fe/meta
log_dir = $DEMO/fe/log
plugins = $BUILD_DIR/lib/libfe_backup.so
heartbeat_interval_ms = 500
CONF
"$BUILD_DIR/bin/fe" --conf="$DEMO/fe/fe.conf" >"$DEMO/fe/fe.out" 2>&1 &
echo $! >"$DEMO/fe.pid"
wait_until 30 "fe on port $QUERY_PORT" "${MYSQL[@]}" -e "SELECT 1"
say "fe is up on port $QUERY_PORT; adding 3 backends"

"${MYSQL[@]}" -e 'ALTER SYSTEM ADD BACKEND "127.0.0.1:9050", "127.0.0.1:9051", "127.0.0.1:9052"'
wait_until 30 "3 alive backends" bash -c "[ \"\$(${MYSQL[*]} --batch --skip-column-names -e 'SHOW BACKENDS' | grep -c -w true)\" -ge 3 ]"
say "3 backends alive; creating example_db"

"${MYSQL[@]}" <<SQL
CREATE DATABASE example_db;
CREATE TABLE example_db.example_tbl (
  k1 INT NOT NULL, city VARCHAR(32), amount DECIMAL(10, 2))
DUPLICATE KEY(k1)
PARTITION BY RANGE(k1) (PARTITION p1 VALUES LESS THAN ("1000"), PARTITION p2 VALUES LESS THAN ("2000"))
DISTRIBUTED BY HASH(k1) BUCKETS 3 PROPERTIES ("replication_num" = "3");
CREATE TABLE example_db.example_tbl2 (id BIGINT NOT NULL, name VARCHAR(64))
DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2");
CREATE REPOSITORY example_repo WITH BROKER ON LOCATION "file://$DEMO/repo";
SQL
values=""
for i in $(seq 0 7 1999); do values+="${values:+,}($i, 'city$((i % 13))', $((i % 500)).25)"; done
"${MYSQL[@]}" -e "INSERT INTO example_db.example_tbl VALUES $values"
values=""
for i in $(seq 1 100); do values+="${values:+,}($i, 'name$i')"; done
"${MYSQL[@]}" -e "INSERT INTO example_db.example_tbl2 VALUES $values"
say "inserted $("${MYSQL[@]}" --batch --skip-column-names -e 'SELECT COUNT(*) FROM example_db.example_tbl') rows into example_tbl, 100 into example_tbl2"

run_backup() {  # run_backup LABEL STATEMENT
  local label=$1 stmt=$2
  say "$stmt"
  "${MYSQL[@]}" -e "$stmt"
  local deadline=$((SECONDS + 300)) row state
  while true; do
    row=$("${MYSQL[@]}" --batch --skip-column-names \
      -e "SHOW BACKUP FROM example_db WHERE SnapshotName = '$label'" | head -n 1)
    state=$(cut -f4 <<<"$row")
    local unfinished progress
    unfinished=$(cut -f10 <<<"$row" | tr ',' '\n' | grep -c = || true)
    progress=$(cut -f11 <<<"$row")
    printf '\r[demo]   %-16s %-16s unfinished tasks: %-4s %s' "$label" "$state" "$unfinished" "${progress:0:40}"
    case "$state" in
      FINISHED) printf '\n'; return 0 ;;
      CANCELLED) printf '\n'; echo "demo: $label was cancelled: $(cut -f13 <<<"$row")" >&2; exit 1 ;;
    esac
    if ((SECONDS >= deadline)); then printf '\n'; echo "demo: $label did not finish in 300 s" >&2; exit 1; fi
    sleep 0.3
  done
}

run_backup snapshot_label1 'BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo PROPERTIES ("type" = "full");'
run_backup snapshot_label2 'BACKUP SNAPSHOT example_db.snapshot_label2 TO example_repo ON (example_tbl);'
run_backup snapshot_label3 'BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), example_tbl2);'

say "SHOW BACKUP FROM example_db (the latest job of the database):"
"${MYSQL[@]}" -e "SHOW BACKUP FROM example_db\G"
say "SHOW SNAPSHOT ON example_repo:"
"${MYSQL[@]}" -t -e "SHOW SNAPSHOT ON example_repo"

# The ending: snapshot_label2 restored into a new table, and the row counts side by side.
restore_demo() {
  local label=snapshot_label2 ts stmt out
  ts=$("${MYSQL[@]}" --batch --skip-column-names -e "SHOW SNAPSHOT ON example_repo" | awk -F'\t' -v l=$label '$1 == l {print $2}')
  stmt="RESTORE SNAPSHOT example_db.$label FROM example_repo ON (example_tbl AS example_tbl_restored) PROPERTIES (\"backup_timestamp\" = \"$ts\");"
  say "$stmt"
  if ! out=$("${MYSQL[@]}" -e "$stmt" 2>&1); then
    case "$out" in
      *"not built"*) say "RESTORE is not built in this module yet: ${out##*$'\n'}"; return 0 ;;
      *) echo "demo: RESTORE was refused: ${out##*$'\n'}" >&2; exit 1 ;;
    esac
  fi
  local deadline=$((SECONDS + 300)) row state
  while true; do
    # SHOW RESTORE columns: 2 Label, 5 State, 14 UnfinishedTasks, 15 Progress, 17 Status
    row=$("${MYSQL[@]}" --batch --skip-column-names -e "SHOW RESTORE FROM example_db" | awk -F'\t' -v l=$label '$2 == l' | tail -n 1)
    state=$(cut -f5 <<<"$row")
    local unfinished progress
    unfinished=$(cut -f14 <<<"$row" | tr ',' '\n' | grep -c = || true)
    progress=$(cut -f15 <<<"$row")
    printf '\r[demo]   %-16s %-16s unfinished tasks: %-4s %s' "restore" "$state" "$unfinished" "${progress:0:40}"
    case "$state" in
      FINISHED) printf '\n'; break ;;
      CANCELLED) printf '\n'; echo "demo: the restore was cancelled: $(cut -f17 <<<"$row")" >&2; exit 1 ;;
    esac
    if ((SECONDS >= deadline)); then printf '\n'; echo "demo: the restore did not finish in 300 s" >&2; exit 1; fi
    sleep 0.3
  done
  local src dst
  src=$("${MYSQL[@]}" --batch --skip-column-names -e "SELECT COUNT(*) FROM example_db.example_tbl")
  dst=$("${MYSQL[@]}" --batch --skip-column-names -e "SELECT COUNT(*) FROM example_db.example_tbl_restored")
  say "row counts:"
  printf '[demo]   %-36s %-36s\n' "example_db.example_tbl (source)" "example_db.example_tbl_restored" \
    "$src" "$dst"
}
restore_demo

say "the repository is in $DEMO/repo; logs are in $DEMO/*/log"
say "the cluster keeps running. Connect with:  mysql -h127.0.0.1 -P$QUERY_PORT -uroot"
say "stop it with:  ./build.sh demo stop"
