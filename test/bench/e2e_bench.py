"""BACKUP and RESTORE end to end, against a plain copy of the same bytes, in one run.

For each shape and backend count asked for, a fresh cluster: fe (with the backup module) and
N be on free ports, all on this machine's one disk. A table is loaded through INSERT:
- "small": one table of 24 tablets, fed by INSERTs of 500 rows, so every tablet holds one
  small rowset file per INSERT (tens to hundreds of KB each), as a table fed by frequent small
  loads looks before compaction;
- "large": 3 single-tablet tables fed by INSERTs of 8,000 rows, so each file is ~16 MB.
Then, timed through a real client (PyMySQL), statement -> FINISHED:
- BACKUP SNAPSHOT of the table(s) to a file:// repository, against `cp -r` of the same
  storage directories of every be + `sync`;
- RESTORE of that snapshot into new tables, against `cp -r` of the snapshot + `sync`.
Prints one table: shape, backends, step, bytes, seconds, MB/s, ratio (the copy's time / the
step's time: >= 1.0x means at least as fast as the copy).

Env: E2E_BENCH_MB (default 100; the issue's figure is 300), E2E_BENCH_SHAPES (default
"small,large"), E2E_BENCH_BACKENDS (default "1,3"), E2E_BENCH_STEPS (default "backup,restore"),
E2E_BENCH_REPEAT (default 3: each step and its copy run that often, alternately, and their
medians are compared), E2E_BENCH_DIR (where the work directory goes; default the system's temp dir),
E2E_BENCH_KEEP=1 keeps it; E2E_BENCH_PERF=1 records every timed step of fe and the be with
`perf record -g` into <work>/perf_<step>_<run>.data (and keeps the work directory); FE_BIN, BE_BIN, FE_PLUGIN (set by e2e_bench.sh); BE_FLAGS: extra
be flags, space separated ("--upload_worker_count=4"). Exit status 1 when a step fails."""
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "frontend"))
from fe_harness import Be, Fe, wait_for  # noqa: E402
from bench_client import DB, load, query, tree_bytes, wait_done  # noqa: E402

REPO = "bench_repo"
MB = int(os.environ.get("E2E_BENCH_MB", "100"))
REPEAT = max(1, int(os.environ.get("E2E_BENCH_REPEAT", "3")))
SHAPES = {
    # tables, buckets per table, rows per INSERT
    "small": (1, 24, 500),
    "large": (3, 1, 8000),
}


def copy_and_sync(sources, target_root):
    """`cp -r` of every source into its own folder under target_root, then `sync`: seconds."""
    os.makedirs(target_root)
    started = time.monotonic()
    for i, src in enumerate(sources):
        subprocess.run(["cp", "-r", src, os.path.join(target_root, str(i))], check=True)
    subprocess.run(["sync"], check=True)
    return time.monotonic() - started


class Profile:
    """`perf record` of the cluster's processes while a step runs, when E2E_BENCH_PERF is set."""

    def __init__(self, work, step, procs):
        self.proc = None
        if not os.environ.get("E2E_BENCH_PERF"):
            return
        pids = ",".join(str(p.pid) for p in procs)
        out = os.path.join(work, f"perf_{step}.data")
        self.proc = subprocess.Popen(["perf", "record", "-q", "-F", "1999", "-g", "-p", pids, "-o", out],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)  # perf attaches before the clock starts

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc is not None:
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(timeout=60)


def run_case(work, shape, n_be, steps, results):
    n_tables, buckets, rows_per_insert = SHAPES[shape]
    tables = [f"t{i}" for i in range(n_tables)]
    label = f"snap_{shape}_{n_be}"
    repo_dir = os.path.join(work, "repo")
    os.makedirs(repo_dir)
    be_flags = dict(f.lstrip("-").split("=", 1) for f in os.environ.get("BE_FLAGS", "").split() if "=" in f)
    bes = []
    fe = None
    try:
        bes = [Be(os.path.join(work, f"be{i}"), **be_flags).start() for i in range(n_be)]
        fe = Fe(os.path.join(work, "fe"), plugins=os.environ["FE_PLUGIN"], heartbeat_interval_ms=200)
        fe.start()
        query(fe, "ALTER SYSTEM ADD BACKEND " + ", ".join(f'"{b.address}"' for b in bes))
        wait_for(lambda: sum(r["Alive"] == "true" for r in query(fe, "SHOW BACKENDS", dict_rows=True)) == n_be,
                 timeout=30, what=f"{n_be} backends alive")
        query(fe, f"CREATE DATABASE {DB}")
        for t in tables:
            query(fe, f"""CREATE TABLE {DB}.{t} (k BIGINT NOT NULL, v STRING) DUPLICATE KEY(k)
                          DISTRIBUTED BY HASH(k) BUCKETS {buckets} PROPERTIES ("replication_num" = "1")""")
        query(fe, f'CREATE REPOSITORY {REPO} WITH BROKER ON LOCATION "file://{repo_dir}"')
        started = time.monotonic()
        rows = load(fe, tables, MB, 2048 if rows_per_insert >= 8000 else 5120, rows_per_insert)
        data_dirs = [os.path.join(b.root, "data") for b in bes]
        data_bytes, data_files = tree_bytes(*data_dirs)
        print(f"[{shape}, {n_be} be] loaded {rows} rows: {data_bytes} bytes in {data_files} files "
              f"({time.monotonic() - started:.1f} s)", flush=True)

        procs = [fe.proc] + [b.proc for b in bes]
        # Each step and its copy run REPEAT times, one after the other, and the medians are
        # compared: on a virtual machine the same copy can take 3x longer from one run to the
        # next (how much of the page cache it writes comes from memory the host has to hand
        # the guest first), so a single pair says little.
        backup_runs, cp_runs = [], []
        # without the backup step, one backup only makes the snapshot to restore
        for r in range(REPEAT if "backup" in steps else 1):
            snap = label if r == 0 else f"{label}_{r}"
            subprocess.run(["sync"], check=True)
            with Profile(work, f"backup_{r}", procs):
                started = time.monotonic()
                query(fe, f"BACKUP SNAPSHOT {DB}.{snap} TO {REPO} ON ({', '.join(tables)})")
                wait_done(fe, "BACKUP", snap, "SnapshotName", timeout=3600)
                backup_runs.append(time.monotonic() - started)
            if "backup" in steps:
                cp_runs.append(copy_and_sync(data_dirs, os.path.join(work, "cp_data")))
                shutil.rmtree(os.path.join(work, "cp_data"), ignore_errors=True)
        snap_dir = os.path.join(repo_dir, "__starrocks_repository_" + REPO, "__ss_" + label)
        snap_bytes, snap_files = tree_bytes(snap_dir)
        if "backup" in steps:
            results.append((shape, n_be, "BACKUP", data_bytes, data_files, backup_runs, cp_runs))

        if "restore" in steps:
            ts = {r["Snapshot"]: r for r in query(fe, f"SHOW SNAPSHOT ON {REPO}", dict_rows=True)}[label]["Timestamp"]
            restore_runs, cp_runs = [], []
            for r in range(REPEAT):
                on = ", ".join(f"{t} AS {t}_r{r}" for t in tables)
                subprocess.run(["sync"], check=True)
                with Profile(work, f"restore_{r}", procs):
                    started = time.monotonic()
                    query(fe, f"RESTORE SNAPSHOT {DB}.{label} FROM {REPO} ON ({on}) "
                              f'PROPERTIES ("backup_timestamp" = "{ts}", "replication_num" = "1")')
                    wait_done(fe, "RESTORE", label, "Label", timeout=3600)
                    restore_runs.append(time.monotonic() - started)
                got = sum(int(query(fe, f"SELECT COUNT(*) FROM {DB}.{t}_r{r}")[0][0]) for t in tables)
                if got != rows:
                    raise AssertionError(f"restored tables hold {got} rows, expected {rows}")
                cp_runs.append(copy_and_sync([snap_dir], os.path.join(work, "cp_snap")))
                shutil.rmtree(os.path.join(work, "cp_snap"), ignore_errors=True)
            results.append((shape, n_be, "RESTORE", snap_bytes, snap_files, restore_runs, cp_runs))
    finally:
        if fe is not None:
            fe.stop()
        for b in bes:
            b.stop()


def main():
    shapes = [s for s in os.environ.get("E2E_BENCH_SHAPES", "small,large").split(",") if s]
    counts = [int(n) for n in os.environ.get("E2E_BENCH_BACKENDS", "1,3").split(",") if n]
    steps = os.environ.get("E2E_BENCH_STEPS", "backup,restore").split(",")
    for s in shapes:
        if s not in SHAPES:
            print(f"e2e bench: unknown shape '{s}', expected one of {', '.join(SHAPES)}")
            return 1
    base = os.environ.get("E2E_BENCH_DIR") or None
    results = []
    for shape in shapes:
        for n_be in counts:
            work = tempfile.mkdtemp(prefix=f"e2e_bench_{shape}_{n_be}_", dir=base)
            try:
                run_case(work, shape, n_be, steps, results)
            except Exception as e:  # a failed step: say which, keep its files, exit 1
                print(f"e2e bench failed [{shape}, {n_be} be]: {e} (its files are kept in {work})")
                return 1
            if os.environ.get("E2E_BENCH_KEEP") or os.environ.get("E2E_BENCH_PERF"):
                print(f"(files kept in {work})")
            else:
                shutil.rmtree(work, ignore_errors=True)
    print(f"statement -> FINISHED vs cp -r + sync of the same bytes, same disk, {os.cpu_count()} cores, "
          f"median of {REPEAT} alternating runs each (ratio = copy seconds / step seconds; goal >= 1.0x):")
    print(f"  {'shape':<6} {'be':>2} {'step':<8} {'bytes':>11} {'files':>6} {'seconds':>8} {'MB/s':>7} "
          f"{'cp s':>7} {'cp MB/s':>7} {'ratio':>6}  runs (step/cp s)")
    for shape, n_be, step, nbytes, files, runs, cp_runs in results:
        mb = nbytes / (1024 * 1024)
        secs, cp_s = statistics.median(runs), statistics.median(cp_runs)
        pairs = " ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(runs, cp_runs))
        print(f"  {shape:<6} {n_be:>2} {step:<8} {nbytes:>11} {files:>6} {secs:>8.2f} {mb / secs:>7.1f} "
              f"{cp_s:>7.2f} {mb / cp_s:>7.1f} {cp_s / secs:>5.2f}x  {pairs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
