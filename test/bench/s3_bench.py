"""BACKUP to and RESTORE from an S3 repository against awscli copying the same bytes, in one run.

fe (with the backup module) + 3 be on free ports and one s3rver (the tests' S3 server), one table
of S3_BENCH_MB MB (default 64; the issue's figure is 300) in S3_BENCH_BUCKETS tablets (default
12, one replica each), loaded with INSERTs of random text. Timed through a real client
(PyMySQL), each from the statement until SHOW says FINISHED:
- BACKUP ... TO an s3:// repository, against `aws s3 cp --recursive` of the same backends'
  tablet directories to another prefix of the same server;
- RESTORE ... ON (t AS t_restored) from it, against `aws s3 cp --recursive` of the snapshot
  down into a fresh local directory (then `sync`).
Prints one table: bytes, seconds, MB/s, and each job's throughput relative to its awscli copy's.

Usage: s3_bench.py  (env FE_BIN, BE_BIN, FE_PLUGIN; S3_BENCH_MB, S3_BENCH_BUCKETS,
S3_BENCH_DIR = where the work directory goes, default the system's temp dir; removed at the end
unless a step failed). Exit status 1 when a step fails."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "frontend"))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "backup"))
from fe_harness import Be, Fe, wait_for  # noqa: E402
from s3_cluster import BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY, S3Server, list_objects  # noqa: E402
import bench_client  # noqa: E402
from bench_client import DB, job_row, query, wait_done  # noqa: E402,F401

REPO = "bench_repo"
LABEL = "bench_snap"
MB = int(os.environ.get("S3_BENCH_MB", "64"))
BUCKETS = int(os.environ.get("S3_BENCH_BUCKETS", "12"))


def load(fe):
    """MB of random text into DB.t, 16 KB a row, 4 MB an INSERT."""
    return bench_client.load(fe, "t", MB, 16 * 1024, 256)


def tablet_dirs(fe, bes):
    """The backends' data directories of table t: [(local dir, bytes)]."""
    by_port = {be.ports["heartbeat_service_port"]: be for be in bes}
    backend = {r["BackendId"]: by_port[int(r["HeartbeatPort"])] for r in query(fe, "SHOW BACKENDS", dict_rows=True)}
    out = []
    for r in query(fe, f"SHOW TABLET FROM {DB}.t", dict_rows=True):
        d = os.path.join(backend[r["BackendId"]].root, "data", str(r["TabletId"]), str(r["SchemaHash"]))
        out.append(d)
    return out


def timed(fn):
    started = time.monotonic()
    fn()
    return time.monotonic() - started


def main():
    base = os.environ.get("S3_BENCH_DIR") or None
    work = tempfile.mkdtemp(prefix="s3_bench_", dir=base)
    fe = None
    bes = []
    s3 = None
    failed = False
    try:
        s3 = S3Server(workdir=os.path.join(work, "s3"), buckets=[BUCKET]).start()
        bes = [Be(os.path.join(work, f"be{i}")).start() for i in range(3)]
        fe = Fe(os.path.join(work, "fe"), plugins=os.environ["FE_PLUGIN"], heartbeat_interval_ms=200)
        fe.start()
        query(fe, "ALTER SYSTEM ADD BACKEND " + ", ".join(f'"{b.address}"' for b in bes))
        wait_for(lambda: all(r["Alive"] == "true" for r in query(fe, "SHOW BACKENDS", dict_rows=True)),
                 timeout=30, what="three backends alive")
        query(fe, f"CREATE DATABASE {DB}")
        query(fe, f"""CREATE TABLE {DB}.t (k BIGINT NOT NULL, v STRING) DUPLICATE KEY(k)
                      DISTRIBUTED BY HASH(k) BUCKETS {BUCKETS} PROPERTIES ("replication_num" = "1")""")
        query(fe, f'CREATE REPOSITORY {REPO} WITH BROKER ON LOCATION "s3://{BUCKET}/bench" PROPERTIES ('
                  f'"aws.s3.access_key" = "{S3_ACCESS_KEY}", "aws.s3.secret_key" = "{S3_SECRET_KEY}", '
                  f'"aws.s3.endpoint" = "{s3.endpoint}", "aws.s3.region" = "us-east-1")')
        started = time.monotonic()
        rows = load(fe)
        print(f"loaded {rows} rows ({MB} MB of text) into {BUCKETS} tablets in {time.monotonic() - started:.1f} s",
              flush=True)

        def backup():
            query(fe, f"BACKUP SNAPSHOT {DB}.{LABEL} TO {REPO} ON (t)")
            wait_done(fe, "BACKUP", LABEL, "SnapshotName", timeout=3600)
        backup_s = timed(backup)
        snap_prefix = f"bench/__starrocks_repository_{REPO}/__ss_{LABEL}/"
        objects = list_objects(s3, prefix=snap_prefix)
        snap_bytes = sum(objects.values())

        dirs = tablet_dirs(fe, bes)
        src_bytes = bench_client.tree_bytes(*dirs)[0]

        def cp_up():
            for i, d in enumerate(dirs):
                s3.aws("s3", "cp", "--recursive", "--only-show-errors", d, f"s3://{BUCKET}/awscli_up/{i}/")
        cp_up_s = timed(cp_up)

        ts = {r["Snapshot"]: r for r in query(fe, f"SHOW SNAPSHOT ON {REPO}", dict_rows=True)}[LABEL]["Timestamp"]

        def restore():
            query(fe, f"RESTORE SNAPSHOT {DB}.{LABEL} FROM {REPO} ON (t AS t_restored) "
                      f'PROPERTIES ("backup_timestamp" = "{ts}", "replication_num" = "1")')
            wait_done(fe, "RESTORE", LABEL, "Label", timeout=3600)
        restore_s = timed(restore)
        got = query(fe, f"SELECT COUNT(*) FROM {DB}.t_restored")[0][0]
        if int(got) != rows:
            raise AssertionError(f"restored table has {got} rows, expected {rows}")

        target = os.path.join(work, "awscli_down")

        def cp_down():
            s3.aws("s3", "cp", "--recursive", "--only-show-errors", f"s3://{BUCKET}/{snap_prefix}", target)
            subprocess.run(["sync"], check=True)
        cp_down_s = timed(cp_down)
        if bench_client.tree_bytes(target)[0] != snap_bytes:
            raise AssertionError("aws s3 cp --recursive fetched a different number of bytes")

        print(f"S3 repository (s3rver on 127.0.0.1) vs awscli, {BUCKETS} tablets, 3 be, one replica, "
              f"{os.cpu_count()} cores:")
        print(f"  {'what':<40} {'bytes':>12} {'seconds':>9} {'MB/s':>9} {'ratio':>7}")
        lines = (("BACKUP to S3 (statement -> FINISHED)", snap_bytes, backup_s, None),
                 ("aws s3 cp --recursive up (be dirs)", src_bytes, cp_up_s, "up"),
                 ("RESTORE from S3 (statement -> FINISHED)", snap_bytes, restore_s, None),
                 ("aws s3 cp --recursive down (+ sync)", snap_bytes, cp_down_s, "down"))
        rates = {}
        for what, nbytes, secs, _ in lines:
            rates[what] = nbytes / (1024 * 1024) / secs if secs > 0 else float("inf")
        ratio = {"BACKUP to S3 (statement -> FINISHED)": rates[lines[0][0]] / rates[lines[1][0]],
                 "RESTORE from S3 (statement -> FINISHED)": rates[lines[2][0]] / rates[lines[3][0]]}
        for what, nbytes, secs, _ in lines:
            r = f"{ratio[what]:>6.2f}x" if what in ratio else f"{1:>6.2f}x"
            print(f"  {what:<40} {nbytes:>12} {secs:>9.2f} {rates[what]:>9.1f} {r}")
        print("  (ratio = the job's throughput / the awscli copy's below it; the goal is >= 1.0x)")
        return 0
    except Exception as e:  # a failed step: say which, exit 1
        print(f"s3 bench failed: {e} (its files are kept in {work})")
        failed = True
        return 1
    finally:
        if fe is not None:
            fe.stop()
        for b in bes:
            b.stop()
        if s3 is not None:
            s3.stop()
        if not failed and not os.environ.get("S3_BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
        elif not failed:
            print(f"(files kept in {work})")


if __name__ == "__main__":
    sys.exit(main())
