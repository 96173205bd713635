"""RESTORE throughput against a plain copy of the same bytes.

fe (with the backup module) + 3 be on free ports, one table of RESTORE_BENCH_MB MB (default 64;
the issue's figure is 300) in RESTORE_BENCH_BUCKETS tablets (default 12, one replica each),
loaded with INSERTs of random text. BACKUP puts it in a file:// repository; then, timed through
a real client (PyMySQL), `RESTORE ... ON (t AS t_restored) PROPERTIES ("replication_num" = "1")`
from the statement until SHOW RESTORE says FINISHED; and, in the same run, `cp -r` of the
snapshot's directory into a fresh directory on the same disk followed by `sync`. Both read
the same bytes and write one copy of them; the restore also checks every file's md5. Prints
one table: bytes, seconds, MB/s, and each time relative to the copy's.

Usage: restore_bench.py  (env FE_BIN, BE_BIN, FE_PLUGIN; RESTORE_BENCH_MB, RESTORE_BENCH_BUCKETS,
RESTORE_BENCH_DIR = where the work directory goes, default the system's temp dir; it is
removed at the end unless a step failed). A module without RESTORE is reported and the bench exits 0, so the other
benchmarks still run; exit status 1 when a step fails."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "frontend"))
from fe_harness import Be, Fe, wait_for  # noqa: E402
import bench_client  # noqa: E402
from bench_client import DB, query, wait_done  # noqa: E402

import pymysql  # noqa: E402
REPO = "bench_repo"
LABEL = "bench_snap"
MB = int(os.environ.get("RESTORE_BENCH_MB", "64"))
BUCKETS = int(os.environ.get("RESTORE_BENCH_BUCKETS", "12"))
VALUE_BYTES = 16 * 1024          # one row's text
STATEMENT_BYTES = 4 * 1024 * 1024  # one INSERT's values


def load(fe):
    return bench_client.load(fe, "t", MB, VALUE_BYTES, max(1, STATEMENT_BYTES // VALUE_BYTES))


def main():
    base = os.environ.get("RESTORE_BENCH_DIR") or None
    work = tempfile.mkdtemp(prefix="restore_bench_", dir=base)
    fe = None
    bes = []
    failed = False
    try:
        repo_dir = os.path.join(work, "repo")
        os.makedirs(repo_dir)
        be_config = {}
        if os.environ.get("RESTORE_BENCH_DOWNLOAD_WORKERS"):
            be_config["download_worker_count"] = os.environ["RESTORE_BENCH_DOWNLOAD_WORKERS"]
        bes = [Be(os.path.join(work, f"be{i}"), **be_config).start() for i in range(3)]
        fe = Fe(os.path.join(work, "fe"), plugins=os.environ["FE_PLUGIN"], heartbeat_interval_ms=200)
        fe.start()
        query(fe, "ALTER SYSTEM ADD BACKEND " + ", ".join(f'"{b.address}"' for b in bes))
        wait_for(lambda: all(r["Alive"] == "true" for r in query(fe, "SHOW BACKENDS", dict_rows=True)),
                 timeout=30, what="three backends alive")
        query(fe, f"CREATE DATABASE {DB}")
        query(fe, f"""CREATE TABLE {DB}.t (k BIGINT NOT NULL, v STRING) DUPLICATE KEY(k)
                      DISTRIBUTED BY HASH(k) BUCKETS {BUCKETS} PROPERTIES ("replication_num" = "1")""")
        query(fe, f'CREATE REPOSITORY {REPO} WITH BROKER ON LOCATION "file://{repo_dir}"')
        started = time.monotonic()
        rows = load(fe)
        print(f"loaded {rows} rows ({MB} MB of text) into {BUCKETS} tablets in {time.monotonic() - started:.1f} s",
              flush=True)
        query(fe, f"BACKUP SNAPSHOT {DB}.{LABEL} TO {REPO} ON (t)")
        wait_done(fe, "BACKUP", LABEL, "SnapshotName", timeout=1800)
        snap_dir = os.path.join(repo_dir, "__starrocks_repository_" + REPO, "__ss_" + LABEL)
        snap_bytes, _ = bench_client.tree_bytes(snap_dir)
        ts = {r["Snapshot"]: r for r in query(fe, f"SHOW SNAPSHOT ON {REPO}", dict_rows=True)}[LABEL]["Timestamp"]

        statement = (f"RESTORE SNAPSHOT {DB}.{LABEL} FROM {REPO} ON (t AS t_restored) "
                     f'PROPERTIES ("backup_timestamp" = "{ts}", "replication_num" = "1")')
        try:
            started = time.monotonic()
            query(fe, statement)
        except pymysql.err.MySQLError as e:
            if e.args[0] == 1235 and "not built" in e.args[1]:
                print(f"restore bench: skipped, RESTORE is not built in this module yet ({e.args[1]})")
                return 0
            raise
        row = wait_done(fe, "RESTORE", LABEL, "Label", timeout=1800)
        restore_s = time.monotonic() - started
        got = query(fe, f"SELECT COUNT(*) FROM {DB}.t_restored")[0][0]
        if int(got) != rows:
            raise AssertionError(f"restored table has {got} rows, expected {rows}")

        target = os.path.join(work, "cp_target")
        started = time.monotonic()
        subprocess.run(["cp", "-r", snap_dir, target], check=True)
        subprocess.run(["sync"], check=True)
        cp_s = time.monotonic() - started
        if bench_client.tree_bytes(target)[0] != snap_bytes:
            raise AssertionError("cp -r copied a different number of bytes")

        print(f"RESTORE vs cp -r + sync of the same snapshot ({snap_bytes} bytes in {BUCKETS} tablets, "
              f"3 be, one replica, same disk, {os.cpu_count()} cores):")
        print(f"  {'what':<34} {'bytes':>12} {'seconds':>9} {'MB/s':>9} {'ratio':>7}")
        for what, secs in (("RESTORE (statement -> FINISHED)", restore_s), ("cp -r + sync", cp_s)):
            mbps = snap_bytes / (1024 * 1024) / secs if secs > 0 else float("inf")
            print(f"  {what:<34} {snap_bytes:>12} {secs:>9.2f} {mbps:>9.1f} {cp_s / secs:>6.2f}x")
        print(f"  (SHOW RESTORE: BytesDone {row.get('BytesDone')}, Throughput {row.get('Throughput')}; "
              "ratio = throughput / the copy's throughput, the goal is >= 1.0x)")
        return 0
    except Exception as e:  # a failed step: say which, exit 1
        print(f"restore bench failed: {e} (its files are kept in {work})")
        failed = True
        return 1
    finally:
        if fe is not None:
            fe.stop()
        for b in bes:
            b.stop()
        if not failed and not os.environ.get("RESTORE_BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
        elif not failed:
            print(f"(files kept in {work})")


if __name__ == "__main__":
    sys.exit(main())
