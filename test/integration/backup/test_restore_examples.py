"""RESTORE of the seed's three snapshots through a real fe + 3 be: each restored table equals,
row for row, its source at backup time; SHOW RESTORE's columns; one case through the mysql
client; a restored table is an ordinary table afterwards (INSERT, SHOW PARTITIONS, CHECKSUM
TABLE, SHOW TABLET, BACKUP)."""
import re
import subprocess

import pytest

from restore_cluster import (RESTORE_COLUMNS, RestoreCluster, make_seed_snapshots, sort_rows, timestamp_property,
                             wait_for)


@pytest.fixture(scope="module")
def cluster():
    c = RestoreCluster()
    try:
        c.at = make_seed_snapshots(c)
        yield c
    finally:
        c.close()


@pytest.fixture(scope="module")
def label3_restored(cluster):
    """The issue's statement: snapshot_label3's two partitions of example_tbl and example_tbl2,
    under new names."""
    c = cluster
    ts = c.at["snapshot_label3"]["ts"]
    row = c.restore("RESTORE SNAPSHOT example_db.snapshot_label3 FROM example_repo "
                    "ON (example_tbl PARTITION (p1, p2) AS tbl_r, example_tbl2 AS tbl2_r) "
                    f"PROPERTIES ({timestamp_property(ts)})", "snapshot_label3")
    return row


def test_snapshot_label3_restores_two_partitions_and_a_table_under_aliases(cluster, label3_restored):
    c = cluster
    at = c.at["snapshot_label3"]["rows"]
    # ASSERT: each restored table holds exactly the source's rows at backup time.
    assert c.table_rows("example_db.tbl_r") == at["example_tbl"]
    assert c.table_rows("example_db.tbl2_r") == at["example_tbl2"]
    # ASSERT: rows written after the backup are absent (and the sources still have them).
    assert not [r for r in c.table_rows("example_db.tbl_r") if r[1] == "after_snapshot_label3"]
    assert [r for r in c.table_rows("example_db.example_tbl") if r[1] == "after_snapshot_label3"]
    # ASSERT: the sources are untouched by the restore.
    assert {"example_tbl", "example_tbl2", "tbl_r", "tbl2_r"} <= set(c.tables())


def test_snapshot_label1_restores_the_whole_database_into_another(cluster):
    c = cluster
    ts = c.at["snapshot_label1"]["ts"]
    c.restore("RESTORE SNAPSHOT snapshot_label1 FROM example_repo DATABASE example_db AS example_db_copy "
              f"PROPERTIES ({timestamp_property(ts)})", "snapshot_label1", db="example_db_copy")
    # ASSERT: the new database holds both tables, each equal to the source at backup time
    # (snapshot_label1 is the oldest: two later rounds of INSERTs are absent).
    assert c.tables("example_db_copy") == ["example_tbl", "example_tbl2"]
    for t, rows in c.at["snapshot_label1"]["rows"].items():
        assert c.table_rows(f"example_db_copy.{t}") == rows, t
    # ASSERT: the restore ran in the target database; the source database has no job of it.
    assert c.restore_row("snapshot_label1", "example_db") is None


def mysql_batch(c, sql):
    """The mysql client in batch mode with column names: (header, rows as lists of str)."""
    r = subprocess.run(["mysql", "-h127.0.0.1", f"-P{c.fe.query_port}", "-uroot", "--batch", "-e", sql],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    return (lines[0].split("\t") if lines else []), [line.split("\t") for line in lines[1:]]


def test_snapshot_label2_through_the_mysql_client(cluster):
    c = cluster
    ts = c.at["snapshot_label2"]["ts"]
    r = c.fe.mysql("RESTORE SNAPSHOT example_db.snapshot_label2 FROM example_repo ON (example_tbl AS tbl_l2) "
                   f"PROPERTIES ({timestamp_property(ts)});")
    assert r.returncode == 0

    def state():
        header, rows = mysql_batch(c, "SHOW RESTORE FROM example_db")
        # ASSERT: the mysql client sees SHOW RESTORE's columns in order.
        assert header == RESTORE_COLUMNS, header
        rows = [dict(zip(header, x)) for x in rows if x[1] == "snapshot_label2"]
        return rows[-1] if rows and rows[-1]["State"] in ("FINISHED", "CANCELLED") else None
    row = wait_for(state, timeout=60, what="snapshot_label2 restored (mysql client)")
    assert row["State"] == "FINISHED" and row["Status"] == "[OK]", row
    # ASSERT: SELECT * through the client gives the source's rows at backup time.
    _, rows = mysql_batch(c, "SELECT * FROM example_db.tbl_l2")
    expect = [(str(k), v) for k, v in c.at["snapshot_label2"]["rows"]["example_tbl"]]
    assert sorted((int(k), v) for k, v in rows) == sorted((int(k), v) for k, v in expect)
    # ASSERT: a refused RESTORE reaches the client as an error with StarRocks' text.
    r = c.fe.mysql("RESTORE SNAPSHOT example_db.snapshot_label2 FROM nope_repo ON (example_tbl AS x) "
                   f"PROPERTIES ({timestamp_property(ts)})", check=False)
    assert r.returncode != 0 and "Repository nope_repo does not exist" in r.stderr, r.stderr


def test_show_restore_has_starrocks_columns_then_bytes(cluster, label3_restored):
    c = cluster
    conn = c.connect()
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW RESTORE FROM example_db")
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
    finally:
        conn.close()
    # ASSERT: StarRocks' 18 columns in order, then BytesDone, BytesTotal, Throughput.
    assert names == RESTORE_COLUMNS, names
    assert rows
    row = c.restore_row("snapshot_label2") or c.restore_row("snapshot_label3")
    # ASSERT: the cells of a finished job.
    assert row["DbName"] == "example_db"
    assert row["Timestamp"] == c.at[row["Label"]]["ts"]
    assert row["State"] == "FINISHED" and row["Status"] == "[OK]"
    assert row["AllowLoad"] == "false"
    assert row["ReplicationNum"] == "3"  # the fe's default_replication_num: no property given
    assert row["Timeout"] == "86400"
    assert "example_tbl" in row["RestoreObjs"], row["RestoreObjs"]
    assert row["UnfinishedTasks"] == ""
    for k in ("CreateTime", "FinishedTime"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row[k]), (k, row[k])
    # ASSERT: the bytes the backends downloaded are counted; BytesTotal, when the job knows it,
    # is all of them (the job info lists no file sizes, so it may stay NULL, as SHOW BACKUP's
    # does until every size is known).
    assert int(row["BytesDone"]) > 0, row
    assert row["BytesTotal"] is None or int(row["BytesTotal"]) == int(row["BytesDone"]), row
    assert row["Throughput"] is not None and row["Throughput"].endswith("/s"), row
    # ASSERT: without FROM, every database's latest restore job is listed.
    dbs = {r["DbName"] for r in c.rows("SHOW RESTORE")}
    assert {"example_db", "example_db_copy"} <= dbs, dbs


def test_a_restored_table_is_an_ordinary_table(cluster, label3_restored):
    c = cluster
    info = c.job_info("snapshot_label3")
    versions = {p: x["version"] for p, x in info["backup_objects"]["example_tbl"]["partitions"].items()}
    # ASSERT: SHOW PARTITIONS shows the restored partitions at the snapshot's versions.
    parts = c.partitions("example_db.tbl_r")
    assert set(parts) == {"p1", "p2"}
    for p, v in versions.items():
        assert int(parts[p]["VisibleVersion"]) == v, (p, parts[p])
        assert parts[p]["ReplicationNum"] == "3"
    # ASSERT: CHECKSUM TABLE works and equals the source's checksum at backup time (it sums the
    # tablets' checksums over the same rows in the same buckets).
    assert c.checksum("example_db.tbl_r") == c.at["snapshot_label3"]["checksum"]["example_tbl"]
    assert c.checksum("example_db.tbl2_r") == c.at["snapshot_label3"]["checksum"]["example_tbl2"]
    # ASSERT: every tablet has its replicas (fe default 3) on distinct live backends.
    for tablet, backends in c.replicas_per_tablet("example_db.tbl_r").items():
        assert len(backends) == 3 == len(set(backends)), (tablet, backends)
    # ASSERT: INSERT works and the new rows are read back with the restored ones.
    before = c.table_rows("example_db.tbl_r")
    c.sql("INSERT INTO example_db.tbl_r VALUES (7, 'new'), (150, 'new')")
    assert c.table_rows("example_db.tbl_r") == sort_rows(before + [(7, "new"), (150, "new")])
    parts = c.partitions("example_db.tbl_r")
    assert {p: int(parts[p]["VisibleVersion"]) for p in parts} == {p: v + 1 for p, v in versions.items()}
    # ASSERT: a later BACKUP of the restored table finishes with a snapshot whose bytes check out.
    c.backup("BACKUP SNAPSHOT example_db.backup_of_restored TO example_repo ON (tbl_r)", "backup_of_restored")
    c.verify_snapshot("backup_of_restored", {"tbl_r": ["p1", "p2"]})
