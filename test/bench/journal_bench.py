"""Journal growth under many backups, and restart time after kill -9.

fe (with the backup module) + one be on free ports, a 64-tablet table with a few rows and a
file:// repository. Runs 25 backups (each to FINISHED) and measures <meta_dir>/journal.db (and
its -wal file), then 95 more (120 in all) and measures again: the journal must stay bounded
(goal: after 120 <= 1.5 x after 25). Then kills the fe with SIGKILL, starts it on the same
meta_dir and ports, and measures the time from starting the process until `SELECT 1` answers
(goal <= 3 s); SHOW BACKUP must still show the last job FINISHED.

Usage: journal_bench.py  (env FE_BIN, BE_BIN, FE_PLUGIN). A missed goal is printed as MISSED
(exit status 0, so the other benchmarks still run); exit status 1 when a step fails."""
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "frontend"))
from fe_harness import Be, Fe, wait_for  # noqa: E402
from bench_client import DB, query  # noqa: E402

import pymysql  # noqa: E402

REPO = "bench_repo"
FIRST = int(os.environ.get("FIRST_BACKUPS", "25"))
TOTAL = int(os.environ.get("TOTAL_BACKUPS", "120"))
GROWTH_GOAL = 1.5
RESTART_GOAL_S = 3.0


def backup_row(fe, label):
    for r in query(fe, f"SHOW BACKUP FROM {DB}", dict_rows=True):
        if r["SnapshotName"] == label:
            return r
    return None


def run_backup(fe, label):
    query(fe, f"BACKUP SNAPSHOT {DB}.{label} TO {REPO} ON (t)")

    def done():
        r = backup_row(fe, label)
        return r if r and r["State"] in ("FINISHED", "CANCELLED") else None
    row = wait_for(done, timeout=120, what=f"backup {label} to end")
    if row["State"] != "FINISHED":
        raise AssertionError(f"backup {label} ended {row['State']}: {row['Status']}")


def journal_size(meta_dir):
    def size(name):
        p = os.path.join(meta_dir, name)
        return os.path.getsize(p) if os.path.exists(p) else 0
    db, wal = size("journal.db"), size("journal.db-wal")
    return db, wal, db + wal


def journal_content(meta_dir):
    """(records in the journal table, bytes of their payloads + the checkpoint image), read
    through SQLite (read-only) while the fe runs: what the journal logically holds, apart from
    how much of the -wal file SQLite keeps allocated."""
    import sqlite3
    conn = sqlite3.connect(f"file:{os.path.join(meta_dir, 'journal.db')}?mode=ro", uri=True, timeout=10)
    try:
        n, payload = conn.execute("SELECT COUNT(*), COALESCE(SUM(LENGTH(payload)), 0) FROM journal").fetchone()
        image = conn.execute("SELECT COALESCE(SUM(LENGTH(image)), 0) FROM checkpoint").fetchone()[0]
        return n, payload + image
    finally:
        conn.close()


def select1_answers(fe):
    try:
        return query(fe, "SELECT 1") == ((1,),)
    except pymysql.err.MySQLError:
        return False


def main():
    work = tempfile.mkdtemp(prefix="journal_bench_")
    repo_dir = os.path.join(work, "repo")
    os.makedirs(repo_dir)
    # More upload workers: the bench measures the frontend's journal, not uploads.
    be = Be(os.path.join(work, "be0"), upload_worker_count=8).start()
    fe = Fe(os.path.join(work, "fe"), plugins=os.environ["FE_PLUGIN"], heartbeat_interval_ms=200,
            heartbeat_timeout_second=2)
    os.makedirs(fe.dir, exist_ok=True)
    meta_dir = fe.config["meta_dir"]
    ok = True
    try:
        fe.start()
        query(fe, f'ALTER SYSTEM ADD BACKEND "{be.address}"')
        wait_for(lambda: all(r["Alive"] == "true" for r in query(fe, "SHOW BACKENDS", dict_rows=True)),
                 timeout=30, what="the backend alive")
        query(fe, f"CREATE DATABASE {DB}")
        query(fe, f"""CREATE TABLE {DB}.t (k INT NOT NULL, v VARCHAR(32)) DUPLICATE KEY(k)
                      DISTRIBUTED BY HASH(k) BUCKETS 64 PROPERTIES ("replication_num" = "1")""")
        query(fe, f"INSERT INTO {DB}.t VALUES " + ", ".join(f"({i}, 'v{i}')" for i in range(16)))
        query(fe, f'CREATE REPOSITORY {REPO} WITH BROKER ON LOCATION "file://{repo_dir}"')

        t0 = time.monotonic()
        for i in range(FIRST):
            run_backup(fe, f"b_{i}")
        t_first = time.monotonic() - t0
        size_first = journal_size(meta_dir)
        content_first = journal_content(meta_dir)
        for i in range(FIRST, TOTAL):
            run_backup(fe, f"b_{i}")
        t_total = time.monotonic() - t0
        size_total = journal_size(meta_dir)
        content_total = journal_content(meta_dir)
        last = f"b_{TOTAL - 1}"

        fe.kill9()
        started = time.monotonic()
        fe.start()
        wait_for(lambda: select1_answers(fe), timeout=60, what="SELECT 1 after restart")
        restart_s = time.monotonic() - started
        row = backup_row(fe, last)
        last_state = row["State"] if row else "missing"
    except Exception as e:  # noqa: BLE001  (a bench reports what failed and exits non-zero)
        print(f"journal bench failed: {e}")
        for name, path in (("fe", os.path.join(fe.dir, "fe.out")), ("be", getattr(be, "out_path", ""))):
            if path and os.path.exists(path):
                with open(path, errors="replace") as f:
                    print(f"--- {name} output (tail) ---\n" + "".join(f.readlines()[-20:]))
        ok = False
    finally:
        fe.stop()
        be.stop()
        shutil.rmtree(work, ignore_errors=True)
    if not ok:
        return 1

    ratio = size_total[2] / size_first[2] if size_first[2] else float("inf")
    growth_ok = ratio <= GROWTH_GOAL
    restart_ok = restart_s <= RESTART_GOAL_S
    state_ok = last_state == "FINISHED"
    kb = lambda n: f"{n / 1024:.1f} KiB"  # noqa: E731
    print(f"Journal of the reference fe with the backup module, 64 tablets, 1 be "
          f"({FIRST} backups in {t_first:.1f} s, {TOTAL} in {t_total:.1f} s):")
    rows = [
        ("journal.db after %d backups" % FIRST, kb(size_first[0]), ""),
        ("journal.db-wal after %d" % FIRST, kb(size_first[1]), ""),
        ("sum after %d" % FIRST, kb(size_first[2]), ""),
        ("journal.db after %d backups" % TOTAL, kb(size_total[0]), ""),
        ("journal.db-wal after %d" % TOTAL, kb(size_total[1]), ""),
        ("sum after %d" % TOTAL, kb(size_total[2]), ""),
        ("ratio sum %d / sum %d" % (TOTAL, FIRST), f"{ratio:.2f}",
         f"<= {GROWTH_GOAL}  {'ok' if growth_ok else 'MISSED'}"),
        ("records / bytes held after %d" % FIRST, f"{content_first[0]} / {kb(content_first[1])}", "(info)"),
        ("records / bytes held after %d" % TOTAL, f"{content_total[0]} / {kb(content_total[1])}", "(info)"),
        ("kill -9, start to SELECT 1", f"{restart_s:.2f} s", f"<= {RESTART_GOAL_S:.0f} s  {'ok' if restart_ok else 'MISSED'}"),
        ("SHOW BACKUP %s after restart" % last, last_state, f"FINISHED  {'ok' if state_ok else 'MISSED'}"),
    ]
    print(f"  {'figure':<36} {'value':>20}   goal")
    for name, value, goal in rows:
        print(f"  {name:<36} {value:>20}   {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
