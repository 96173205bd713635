"""A late snapshot report of a cancelled job must not be taken by the next job.

One backend with a single MAKE_SNAPSHOT worker and a 256-tablet table: a backup that is cancelled
right after it starts leaves a queue of snapshot tasks on the backend, which keeps working through
them and reports each one late. The next backup of the same table, started after an INSERT, asks
for the newer version; if a late report of the cancelled job were routed to it (say by tablet id),
its snapshot of that tablet would miss the last INSERT's rowset. So after each round every tablet
in the repository must hold exactly the rowsets up to the version the info file claims, and the
rowset of that version when the tablet header says it has one."""
import json
import os
import shutil
import sys
import tempfile
import time

import pymysql
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "frontend"))
from fe_harness import Be, Fe, wait_for  # noqa: E402

DB = "race_db"
REPO = "race_repo"
TABLETS = 256
ROUNDS = 5


class RaceCluster:
    def __init__(self):
        self.work = tempfile.mkdtemp(prefix="backup_race_")
        self.repo_dir = os.path.join(self.work, "repo")
        os.makedirs(self.repo_dir)
        self.be = Be(os.path.join(self.work, "be0"), make_snapshot_worker_count=1,
                               upload_worker_count=16).start()
        self.fe = Fe(os.path.join(self.work, "fe"), plugins=os.environ["FE_PLUGIN"],
                     heartbeat_interval_ms=200, heartbeat_timeout_second=2)
        os.makedirs(self.fe.dir, exist_ok=True)
        self.fe.start()
        self.sql(f'ALTER SYSTEM ADD BACKEND "{self.be.address}"')
        wait_for(lambda: all(r["Alive"] == "true" for r in self.rows("SHOW BACKENDS")), timeout=30,
                 what="the backend alive")

    def close(self):
        self.fe.stop()
        self.be.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    def sql(self, statement):
        conn = self.fe.pymysql(autocommit=True)
        try:
            with conn.cursor() as c:
                c.execute(statement)
                return c.fetchall()
        finally:
            conn.close()

    def rows(self, statement):
        conn = self.fe.pymysql(autocommit=True)
        try:
            with conn.cursor(pymysql.cursors.DictCursor) as c:
                c.execute(statement)
                return c.fetchall()
        finally:
            conn.close()

    def backup_row(self, label):
        for r in self.rows(f"SHOW BACKUP FROM {DB}"):
            if r["SnapshotName"] == label:
                return r
        return None

    def wait_state(self, label, states, timeout):
        def reached():
            r = self.backup_row(label)
            return r if r and r["State"] in states else None
        try:
            return wait_for(reached, timeout=timeout, what=f"backup {label} in {states}")
        except AssertionError:
            raise AssertionError(f"backup {label} never reached {states}; last row: {self.backup_row(label)}")

    def snapshot_dir(self, label):
        return os.path.join(self.repo_dir, "__starrocks_repository_" + REPO, "__ss_" + label)

    def job_info(self, label):
        d = self.snapshot_dir(label)
        infos = [n for n in os.listdir(d) if n.startswith("__info_") and not n.endswith(".part")]
        assert len(infos) == 1, infos
        with open(os.path.join(d, infos[0]), "rb") as f:
            return json.loads(f.read())


@pytest.fixture(scope="module")
def cluster():
    c = RaceCluster()
    c.sql(f"CREATE DATABASE {DB}")
    c.sql(f"""CREATE TABLE {DB}.t (k INT NOT NULL, v VARCHAR(32)) DUPLICATE KEY(k)
              DISTRIBUTED BY HASH(k) BUCKETS {TABLETS} PROPERTIES ("replication_num" = "1")""")
    c.sql(f"INSERT INTO {DB}.t VALUES " + ", ".join(f"({i}, 'seed{i}')" for i in range(2048)))
    c.sql(f'CREATE REPOSITORY {REPO} WITH BROKER ON LOCATION "file://{c.repo_dir}"')
    yield c
    c.close()


def rowset_version(base, tablet_id):
    """`<tablet_id>_<version>.dat` -> version."""
    stem = base[:-len(".dat")]
    tid, version = stem.rsplit("_", 1)
    assert tid == str(tablet_id), f"{base} is not a rowset file of tablet {tablet_id}"
    return int(version)


def check_snapshot_at_info_version(c, label):
    """Every tablet's uploaded files belong to the version the info file gives its partition."""
    info = c.job_info(label)
    assert info["backup_result"] == "succeed", info.get("backup_result")
    t = info["backup_objects"]["t"]
    assert len(t["partitions"]) == 1, t["partitions"].keys()
    d = c.snapshot_dir(label)
    problems = []
    tablets_seen = 0
    with_last_rowset = 0
    for pname, p in t["partitions"].items():
        version = p["version"]
        for iname, idx in p["indexes"].items():
            assert len(idx["tablets"]) == TABLETS, len(idx["tablets"])
            for tablet_id, files in idx["tablets"].items():
                tablets_seen += 1
                tdir = os.path.join(d, "__ss_content", f"__db_{info['id']}", f"__tbl_{t['id']}",
                                    f"__part_{p['id']}", f"__idx_{idx['id']}", f"__{tablet_id}")
                on_disk = sorted(os.listdir(tdir))
                if on_disk != sorted(files):
                    problems.append(f"tablet {tablet_id}: repository has {on_disk}, info lists {sorted(files)}")
                    continue
                bases = {name.rsplit(".", 1)[0]: name for name in files}
                hdr_name = f"{tablet_id}.hdr"
                if hdr_name not in bases:
                    problems.append(f"tablet {tablet_id}: no header among {sorted(files)}")
                    continue
                with open(os.path.join(tdir, bases[hdr_name]), "rb") as f:
                    hdr = json.loads(f.read())
                hdr_versions = {e["version"]: e.get("file", "") for e in hdr["versions"]}
                top = max(hdr_versions) if hdr_versions else 0
                if top != version:
                    problems.append(f"tablet {tablet_id}: header is cut at version {top}, info says {version}")
                dat_versions = sorted(rowset_version(b, tablet_id) for b in bases if b.endswith(".dat"))
                above = [v for v in dat_versions if v > version]
                if above:
                    problems.append(f"tablet {tablet_id}: rowsets of versions {above} above {version}")
                # The header's rowset files are exactly the uploaded ones.
                expect = sorted(v for v, f in hdr_versions.items() if f)
                if dat_versions != expect:
                    problems.append(f"tablet {tablet_id}: uploaded rowsets {dat_versions}, header lists {expect}")
                if hdr_versions.get(version):
                    if version not in dat_versions:
                        problems.append(f"tablet {tablet_id}: the rowset of version {version} is missing")
                    else:
                        with_last_rowset += 1
    assert not problems, f"{label}: {len(problems)} bad tablets, e.g. " + "; ".join(problems[:5])
    assert tablets_seen == TABLETS
    return info, version, with_last_rowset


def refused_late_snapshot_reports(c):
    """How many MAKE_SNAPSHOT reports the frontend has refused as belonging to no task."""
    with open(c.be.out_path, errors="replace") as f:
        return sum(1 for line in f if "finishTask of MAKE_SNAPSHOT" in line and "cannot find task" in line)


def test_a_late_report_of_a_cancelled_backup_is_not_taken_by_the_next(cluster):
    c = cluster
    started = time.monotonic()
    previous_version = None
    for n in range(ROUNDS):
        a, b = f"a_{n}", f"b_{n}"
        c.sql(f"BACKUP SNAPSHOT {DB}.{a} TO {REPO} ON (t)")
        # Cancel as soon as the snapshot tasks are out (the single worker takes seconds for 256).
        c.wait_state(a, ("SNAPSHOTING", "UPLOAD_SNAPSHOT", "UPLOADING"), timeout=20)
        c.sql(f"CANCEL BACKUP FROM {DB}")
        row = c.backup_row(a)
        assert row and row["State"] == "CANCELLED", row
        # A new version in every tablet: rows for every bucket (2048 keys over 256 buckets).
        c.sql(f"INSERT INTO {DB}.t VALUES " + ", ".join(f"({i}, 'r{n}_{i}')" for i in range(2048)))
        c.sql(f"BACKUP SNAPSHOT {DB}.{b} TO {REPO} ON (t)")
        row = c.wait_state(b, ("FINISHED", "CANCELLED"), timeout=40)
        assert row["State"] == "FINISHED", row
        info, version, with_last = check_snapshot_at_info_version(c, b)
        if previous_version is not None:
            assert version == previous_version + 1, (previous_version, version)
        previous_version = version
        # The last INSERT put rows in every tablet; each must carry its rowset.
        assert with_last == TABLETS, f"{b}: only {with_last} tablets hold the rowset of version {version}"
        snaps = {r["Snapshot"]: r for r in c.rows(f"SHOW SNAPSHOT ON {REPO}")}
        assert snaps.get(b, {}).get("Status") == "OK", snaps.get(b)
        assert snaps.get(a, {}).get("Status", "ERROR") != "OK", snaps.get(a)
    # The race did happen: the backend went on with cancelled jobs' snapshots and reported them.
    late = refused_late_snapshot_reports(c)
    assert late > 0, "no late snapshot report reached the frontend; the race was not exercised"
    print(f"{ROUNDS} rounds in {time.monotonic() - started:.1f} s; {late} late snapshot reports refused")
