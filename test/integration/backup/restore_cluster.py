"""What the RESTORE tests add to the BACKUP cluster: SHOW RESTORE helpers, the seed's three
snapshots with the rows each one holds, the tablets the backends keep on disk, and a way to hold
one download of a restore until the test lets it go.

Assumptions about the implementation (checked nowhere else, so a mismatch fails loudly here):
- SHOW RESTORE has StarRocks' 18 columns and then BytesDone, BytesTotal, Throughput
  (RESTORE_COLUMNS); a job is found by its `Label` in `SHOW RESTORE FROM <target db>`.
- The statement returns once the job is journaled: right after it, SHOW RESTORE shows the job.
- `backup_timestamp` is the `Timestamp` column of `SHOW SNAPSHOT ON <repo>` for the label.
- A backend reads every repository file of a tablet it restores (to check its md5), and its
  MOVE task reads the downloaded `<tablet>.hdr`, each with a plain blocking open() and read()
  (what `common/storage` does): DownloadHold relies on it. One DOWNLOAD / MOVE worker per
  backend (the be's default), so a re-sent task queues behind a held one instead of opening
  the held file a second time.
- Tablets on a backend are `<storage_root>/data/<tablet>/<schema_hash>/<tablet>.hdr`; staged
  tablets are ordinary tablets there, invisible only to the fe's SHOW and queries.
"""
import contextlib
import errno
import hashlib
import os
import re
import signal  # noqa: F401  (re-exported for the tests)

import pymysql
import pytest

from backup_cluster import REPO, Cluster, wait_for  # noqa: F401

RESTORE_COLUMNS = [
    "JobId", "Label", "Timestamp", "DbName", "State", "AllowLoad", "ReplicationNum", "RestoreObjs",
    "CreateTime", "MetaPreparedTime", "SnapshotFinishedTime", "DownloadFinishedTime", "FinishedTime",
    "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout",
    "BytesDone", "BytesTotal", "Throughput",
]
DONE = ("FINISHED", "CANCELLED")
SEED_LABELS = ("snapshot_label1", "snapshot_label2", "snapshot_label3")


def sort_rows(rows):
    return sorted(tuple(r) for r in rows)


class RestoreCluster(Cluster):
    # ---- reading tables ----
    def table_rows(self, table):
        """Every row of `db.table`, sorted: what `SELECT *` returns, row for row."""
        return sort_rows(self.sql(f"SELECT * FROM {table}"))

    def checksum(self, table):
        return int(self.rows(f"CHECKSUM TABLE {table}")[0]["Checksum"])

    def tables(self, db="example_db"):
        return sorted(r[0] for r in self.sql(f"SHOW TABLES FROM {db}"))

    def databases(self):
        return sorted(r[0] for r in self.sql("SHOW DATABASES"))

    def replicas_per_tablet(self, table):
        """{tablet id: [backend ids]} from SHOW TABLET."""
        out = {}
        for r in self.rows(f"SHOW TABLET FROM {table}"):
            out.setdefault(r["TabletId"], []).append(r["BackendId"])
        return out

    def partitions(self, table):
        return {r["PartitionName"]: r for r in self.rows(f"SHOW PARTITIONS FROM {table}")}

    # ---- snapshots ----
    def snapshot_timestamp(self, label):
        ts = self.snapshots()[label]["Timestamp"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}", ts), ts
        return ts

    def tablet_files(self, label, table):
        """[(repository directory of a tablet, [its file names])] of `table` in snapshot `label`,
        from the job-info file."""
        info = self.job_info(label)
        t = info["backup_objects"][table]
        out = []
        for p in t["partitions"].values():
            for idx in p["indexes"].values():
                for tablet_id in idx["tablets_order"]:
                    d = os.path.join(self.snapshot_dir(label), "__ss_content", f"__db_{info['id']}",
                                     f"__tbl_{t['id']}", f"__part_{p['id']}", f"__idx_{idx['id']}",
                                     f"__{tablet_id}")
                    out.append((d, sorted(idx["tablets"][str(tablet_id)])))
        return out

    def data_file(self, label, table):
        """The path of one rowset file (`*.dat.<md5>`, rows in it) of `table` in `label`."""
        for d, files in self.tablet_files(label, table):
            for name in files:
                if name.rsplit(".", 1)[0].endswith(".dat"):
                    return os.path.join(d, name)
        raise AssertionError(f"{table} has no rowset file in {label}")

    # ---- SHOW RESTORE ----
    def restore_row(self, label, db="example_db"):
        rows = [r for r in self.rows(f"SHOW RESTORE FROM {db}") if r["Label"] == label]
        return rows[-1] if rows else None

    def restore_state(self, label, db="example_db"):
        return (self.restore_row(label, db) or {}).get("State")

    def wait_restore(self, label, states, db="example_db", timeout=60):
        def reached():
            r = self.restore_row(label, db)
            return r if r and r["State"] in states else None
        try:
            return wait_for(reached, timeout=timeout, what=f"restore {label} in {states}")
        except AssertionError:
            raise AssertionError(f"restore {label} into {db} never reached {states} in {timeout} s; "
                                 f"last row: {self.restore_row(label, db)}")

    def restore(self, statement, label, db="example_db", timeout=60):
        """Runs a RESTORE and waits (with a deadline, no fixed sleep) until it is FINISHED."""
        self.sql(statement)
        row = self.wait_restore(label, DONE, db, timeout)
        assert row["State"] == "FINISHED", row
        assert row["Status"] == "[OK]", row
        return row

    def restore_error(self, statement, user="root", password=""):
        """The error a refused RESTORE gets: (errno, message)."""
        with pytest.raises(pymysql.err.MySQLError) as e:
            self.sql(statement, user=user, password=password)
        return e.value.args[0], e.value.args[1]

    # ---- what the backends hold ----
    def be_tablets(self):
        """Every tablet replica on the backends' disks: {(backend index, tablet id, schema hash)},
        counted as `<storage_root>/data/<tablet>/<schema_hash>/` directories with a header."""
        out = set()
        for i, be in enumerate(self.bes):
            data = os.path.join(be.root, "data")
            if not os.path.isdir(data):
                continue
            for tablet in os.listdir(data):
                tdir = os.path.join(data, tablet)
                if not os.path.isdir(tdir):
                    continue
                for h in os.listdir(tdir):
                    if os.path.exists(os.path.join(tdir, h, f"{tablet}.hdr")):
                        out.add((i, int(tablet), int(h)))
        return out

    def table_tablets(self, table):
        """The replicas of `table` as be_tablets() names them, from SHOW TABLET and SHOW BACKENDS."""
        by_port = {be.ports["heartbeat_service_port"]: i for i, be in enumerate(self.bes)}
        index = {r["BackendId"]: by_port[int(r["HeartbeatPort"])] for r in self.rows("SHOW BACKENDS")}
        return {(index[r["BackendId"]], int(r["TabletId"]), int(r["SchemaHash"]))
                for r in self.rows(f"SHOW TABLET FROM {table}")}

    def wait_be_tablets(self, expected, timeout=30, what="the backends' tablets"):
        """Waits until the backends hold exactly `expected` (dropping tablets is asynchronous)."""
        try:
            wait_for(lambda: self.be_tablets() == expected, timeout=timeout, what=what)
        except AssertionError:
            now = self.be_tablets()
            raise AssertionError(f"{what}: left over {sorted(now - expected)[:10]}, "
                                 f"missing {sorted(expected - now)[:10]}")

    def downloaded_headers(self, be_index, since):
        """Tablet headers a restore downloaded into backend `be_index`'s snapshot folder
        (`<root>/snapshot/<dir>/<tablet>/<schema_hash>/<tablet>.hdr`) at or after `since`
        (a time.time() value), complete ones only."""
        out = []
        root = os.path.join(self.bes[be_index].root, "snapshot")
        for dirpath, _, files in os.walk(root):
            for name in files:
                p = os.path.join(dirpath, name)
                tablet = os.path.basename(os.path.dirname(dirpath))
                try:
                    if name == f"{tablet}.hdr" and os.path.getmtime(p) >= since and os.path.getsize(p) > 0:
                        out.append(p)
                except OSError:
                    pass
        return sorted(out)

    def hold_download(self, path):
        """Holds the reading of `path` (a repository file, or a file a backend will read next)."""
        return DownloadHold(self, path)


class DownloadHold:
    """Replaces one repository file by a FIFO with the same name: the backend that downloads it
    blocks in open() until release() feeds it the file's exact bytes, so a restore stays in its
    download step for as long as a test needs, deterministically, with every process alive and
    serving (no frozen backend, no luck with timing). The file's bytes and md5 never change.
    The same works for a file in a backend's snapshot folder that its MOVE task will read (the
    downloaded tablet header): that holds the restore in COMMITTING.

    Use it for a tablet with ONE replica (restore with "replication_num" = "1"): a FIFO can feed
    one reader. `blocked_backend()` tells which backend waits on it (a thread of that process
    sleeps in the kernel's `wait_for_partner`, the FIFO open)."""

    def __init__(self, cluster, path):
        self.c = cluster
        self.path = path
        with open(path, "rb") as f:
            self.data = f.read()
        holds = os.path.join(cluster.work, "holds")
        os.makedirs(holds, exist_ok=True)
        self.side = os.path.join(holds, f"{len(os.listdir(holds))}.fifo")
        tmp = path + ".hold"  # not a `<name>.<md5>` name: nobody reads it
        os.mkfifo(tmp)
        os.link(tmp, self.side)  # a second name for the FIFO, to feed it after it is replaced
        os.replace(tmp, path)
        self.released = False

    def blocked_backend(self):
        """The index of the backend waiting on a FIFO, or None."""
        for i, be in enumerate(self.c.bes):
            if not be.proc or be.proc.poll() is not None:
                continue
            try:
                tids = os.listdir(f"/proc/{be.proc.pid}/task")
            except OSError:
                continue
            for tid in tids:
                try:
                    with open(f"/proc/{be.proc.pid}/task/{tid}/wchan") as f:
                        if f.read().strip() == "wait_for_partner":
                            return i
                except OSError:
                    pass
        return None

    def wait_engaged(self, label=None, db="example_db", timeout=60):
        """Waits until a backend is blocked on the held file; returns its index. With `label`,
        a restore job of that label that ends first fails the wait at once."""
        def engaged():
            i = self.blocked_backend()
            if i is None and label is not None:
                row = self.c.restore_row(label, db)
                if row and row["State"] in DONE:
                    raise AssertionError(f"restore {label} ended before downloading {self.path}: {row}")
            return None if i is None else (i,)  # a tuple: backend 0 must count as found
        try:
            return wait_for(engaged, timeout=timeout, what=f"a download blocked on {self.path}")[0]
        except AssertionError as e:
            if "ended before" in str(e):
                raise
            raise AssertionError(f"no backend started downloading {self.path} within {timeout} s; "
                                 f"restore: {self.c.restore_row(label, db) if label else None}")

    def release(self):
        """Puts the real file back and feeds a blocked reader (if any) the same bytes. Safe to
        call twice, and after the blocked backend was killed."""
        if self.released:
            return
        self.released = True
        tmp = self.path + ".back"
        with open(tmp, "wb") as f:
            f.write(self.data)
        os.replace(tmp, self.path)
        try:
            fd = os.open(self.side, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno != errno.ENXIO:  # ENXIO: nobody is reading the FIFO
                raise
        else:
            os.set_blocking(fd, True)
            try:
                os.write(fd, self.data)
            finally:
                os.close(fd)
        os.remove(self.side)


def md5_of(data):
    return hashlib.md5(data).hexdigest()


def timestamp_property(ts):
    return f'"backup_timestamp" = "{ts}"'


def make_seed_snapshots(c, labels=SEED_LABELS):
    """example_db, then the seed's documented BACKUP examples in order, with rows written
    between them and after the last one. Returns {label: {"ts", "rows": {table: rows},
    "checksum": {table: n}}} with the rows of each table the snapshot holds, read just before
    its BACKUP (nothing writes while it runs)."""
    c.create_example_db()
    statements = {
        "snapshot_label1": ('BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo PROPERTIES ("type" = "full");',
                            ("example_tbl", "example_tbl2")),
        "snapshot_label2": ("BACKUP SNAPSHOT example_db.snapshot_label2 TO example_repo ON (example_tbl);",
                            ("example_tbl",)),
        "snapshot_label3": ("BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo "
                            "ON(example_tbl PARTITION (p1, p2), example_tbl2);", ("example_tbl", "example_tbl2")),
    }
    out = {}
    for n, label in enumerate(labels):
        statement, tables = statements[label]
        at = {"rows": {}, "checksum": {}}
        for t in tables:
            at["rows"][t] = c.table_rows(f"example_db.{t}")
            at["checksum"][t] = c.checksum(f"example_db.{t}")
        c.backup(statement, label)
        at["ts"] = c.snapshot_timestamp(label)
        out[label] = at
        # Written after the backup: a restore of `label` must not bring these back.
        c.sql(f"INSERT INTO example_db.example_tbl VALUES ({1 + n}, 'after_{label}'), ({101 + n}, 'after_{label}')")
        c.sql(f"INSERT INTO example_db.example_tbl2 VALUES ({1000 + n}, 'after_{label}')")
    return out


@contextlib.contextmanager
def seeded_cluster(label, **fe_config):
    """A RestoreCluster with the seed's snapshot `label` taken (`.at`, `.ts`), closed afterwards."""
    c = RestoreCluster(**fe_config)
    try:
        c.at = make_seed_snapshots(c, labels=(label,))
        c.ts = c.at[label]["ts"]
        yield c
    finally:
        c.close()

