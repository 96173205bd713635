"""A cluster for BACKUP tests: one fe with the backup module, three be, example_db with the
seed's tables, and a file:// repository; plus the checks of what a snapshot holds."""
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "frontend"))
from fe_harness import Be, Fe, wait_for  # noqa: E402,F401  (wait_for is re-exported)

import pymysql  # noqa: E402

REPO = "example_repo"


class Cluster:
    """`be_config`: extra be config keys for every backend; `fe_config`: extra fe config keys."""

    def __init__(self, be_config=None, **fe_config):
        self.work = tempfile.mkdtemp(prefix="backup_it_")
        self.repo_dir = os.path.join(self.work, "repo")
        os.makedirs(self.repo_dir)
        self.bes = [Be(os.path.join(self.work, f"be{i}"), **(be_config or {})).start() for i in range(3)]
        config = {"heartbeat_interval_ms": 200, "heartbeat_timeout_second": 2}
        config.update(fe_config)
        self.fe = Fe(os.path.join(self.work, "fe"), plugins=os.environ["FE_PLUGIN"], **config)
        os.makedirs(self.fe.dir, exist_ok=True)
        self.fe.start()
        self.sql("ALTER SYSTEM ADD BACKEND " + ", ".join(f'"{b.address}"' for b in self.bes))
        wait_for(lambda: all(r["Alive"] == "true" for r in self.rows("SHOW BACKENDS")), timeout=30,
                 what="three backends alive")

    def close(self):
        for b in self.bes:
            if b.proc and b.proc.poll() is None:
                b.proc.send_signal(signal.SIGCONT)
        self.fe.stop()
        for b in self.bes:
            b.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    # ---- SQL ----
    def connect(self, user="root", password="", database=None):
        return self.fe.pymysql(user=user, password=password, database=database, autocommit=True)

    def sql(self, statement, user="root", password=""):
        conn = self.connect(user, password)
        try:
            with conn.cursor() as c:
                c.execute(statement)
                return c.fetchall()
        finally:
            conn.close()

    def rows(self, statement):
        conn = self.connect()
        try:
            with conn.cursor(pymysql.cursors.DictCursor) as c:
                c.execute(statement)
                return c.fetchall()
        finally:
            conn.close()

    def create_example_db(self):
        self.sql("CREATE DATABASE example_db")
        self.sql("""CREATE TABLE example_db.example_tbl (k1 INT NOT NULL, v1 VARCHAR(32))
                    DUPLICATE KEY(k1)
                    PARTITION BY RANGE(k1) (PARTITION p1 VALUES LESS THAN ("100"),
                                            PARTITION p2 VALUES LESS THAN ("200"))
                    DISTRIBUTED BY HASH(k1) BUCKETS 3 PROPERTIES ("replication_num" = "3")""")
        self.sql("""CREATE TABLE example_db.example_tbl2 (id BIGINT NOT NULL, name VARCHAR(64))
                    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")""")
        self.sql("INSERT INTO example_db.example_tbl VALUES " +
                 ", ".join(f"({i}, 'row{i}')" for i in range(0, 200, 3)))
        self.sql("INSERT INTO example_db.example_tbl2 VALUES " +
                 ", ".join(f"({i}, 'name{i}')" for i in range(50)))
        self.create_repository()

    def create_repository(self):
        """The tests' repository REPO: a file:// directory here (S3Cluster: an s3:// bucket)."""
        self.sql(f'CREATE REPOSITORY {REPO} WITH BROKER ON LOCATION "file://{self.repo_dir}"')

    def sync_repo(self):
        """Makes `repo_dir` show what the repository holds now (a no-op for file://)."""

    def backup_row(self, label, db="example_db"):
        for r in self.rows(f"SHOW BACKUP FROM {db}"):
            if r["SnapshotName"] == label:
                return r
        return None

    def wait_state(self, label, states, timeout=60):
        def reached():
            r = self.backup_row(label)
            return r if r and r["State"] in states else None
        try:
            return wait_for(reached, timeout=timeout, what=f"backup {label} in {states}")
        except AssertionError:
            raise AssertionError(f"backup {label} never reached {states}; last row: {self.backup_row(label)}")

    def backup(self, statement, label, timeout=60):
        self.sql(statement)
        row = self.wait_state(label, ("FINISHED", "CANCELLED"), timeout)
        assert row["State"] == "FINISHED", row
        return row

    # ---- what the repository holds ----
    def root(self):
        return os.path.join(self.repo_dir, "__starrocks_repository_" + REPO)

    def snapshot_dir(self, label):
        return os.path.join(self.root(), "__ss_" + label)

    def job_info(self, label):
        self.sync_repo()
        d = self.snapshot_dir(label)
        infos = [n for n in os.listdir(d) if n.startswith("__info_")]
        assert len(infos) == 1, infos
        path = os.path.join(d, infos[0])
        with open(path, "rb") as f:
            data = f.read()
        assert infos[0].rsplit(".", 1)[1] == hashlib.md5(data).hexdigest(), "info file md5"
        return json.loads(data)

    def be_tablet_dirs(self, tablet_id):
        out = []
        for be in self.bes:
            data = os.path.join(be.root, "data", str(tablet_id))
            if os.path.isdir(data):
                for h in os.listdir(data):
                    out.append(os.path.join(data, h))
        return out

    def verify_snapshot(self, label, tables):
        """Every file has the md5 its name claims, the job info lists exactly the files of each
        tablet, and each rowset file equals the backend's file of that version, with no version
        above the partition's snapshot version."""
        self.sync_repo()
        d = self.snapshot_dir(label)
        for dirpath, _, files in os.walk(d):
            for name in files:
                assert not name.endswith(".part"), f"unpublished file left: {dirpath}/{name}"
                base, md5 = name.rsplit(".", 1)
                with open(os.path.join(dirpath, name), "rb") as f:
                    assert hashlib.md5(f.read()).hexdigest() == md5, f"{dirpath}/{name}"
        assert [n for n in os.listdir(d) if n.startswith("__meta.")], "meta file"
        info = self.job_info(label)
        assert info["name"] == label and info["database"] == "example_db"
        assert info["backup_result"] == "succeed"
        assert set(info["backup_objects"]) == set(tables), info["backup_objects"].keys()
        for tname, expect_parts in tables.items():
            t = info["backup_objects"][tname]
            if expect_parts is not None:
                assert set(t["partitions"]) == set(expect_parts)
            for pname, p in t["partitions"].items():
                for iname, idx in p["indexes"].items():
                    assert idx["tablets_order"], f"{tname}.{pname} has no tablets"
                    for tablet_id, files in idx["tablets"].items():
                        tdir = os.path.join(d, "__ss_content", f"__db_{info['id']}", f"__tbl_{t['id']}",
                                            f"__part_{p['id']}", f"__idx_{idx['id']}", f"__{tablet_id}")
                        assert sorted(os.listdir(tdir)) == sorted(files), tdir
                        for name in files:
                            base = name.rsplit(".", 1)[0]
                            if not base.endswith(".dat"):
                                continue
                            version = int(base[:-4].split("_")[1])
                            assert version <= p["version"], f"{name} is newer than version {p['version']}"
                            with open(os.path.join(tdir, name), "rb") as f:
                                uploaded = f.read()
                            originals = [os.path.join(x, base) for x in self.be_tablet_dirs(tablet_id)
                                         if os.path.exists(os.path.join(x, base))]
                            assert originals, f"no backend holds {base}"
                            for o in originals:
                                with open(o, "rb") as f:
                                    assert f.read() == uploaded, f"{base} differs from {o}"
        return info

    def snapshots(self):
        return {r["Snapshot"]: r for r in self.rows(f"SHOW SNAPSHOT ON {REPO}")}
