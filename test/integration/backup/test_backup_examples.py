"""The seed's three BACKUP examples through a real fe + 3 be, checked byte by byte; privileges,
one job per database, CANCEL, SHOW SNAPSHOT."""
import os
import signal

import pymysql
import pytest

from backup_cluster import Cluster


@pytest.fixture(scope="module")
def cluster():
    c = Cluster()
    c.create_example_db()
    yield c
    c.close()


def test_the_three_documented_examples_finish_with_correct_snapshots(cluster):
    c = cluster
    row = c.backup('BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo PROPERTIES ("type" = "full");',
                   "snapshot_label1")
    assert row["Status"] == "[OK]"
    assert row["BackupObjs"] == "[example_db.example_tbl], [example_db.example_tbl2]"
    # The backends report the snapshots' size and what they uploaded: all of it.
    assert row["BytesTotal"] is not None and int(row["BytesTotal"]) > 0, row
    assert int(row["BytesDone"]) == int(row["BytesTotal"]), row
    assert row["Throughput"].endswith("/s"), row
    info1 = c.verify_snapshot("snapshot_label1", {"example_tbl": ["p1", "p2"], "example_tbl2": None})
    v1 = {p: x["version"] for p, x in info1["backup_objects"]["example_tbl"]["partitions"].items()}

    # Rows written after a snapshot are not in it.
    c.sql("INSERT INTO example_db.example_tbl VALUES (1, 'late'), (150, 'late')")
    c.backup("BACKUP SNAPSHOT example_db.snapshot_label2 TO example_repo ON (example_tbl);", "snapshot_label2")
    info2 = c.verify_snapshot("snapshot_label2", {"example_tbl": ["p1", "p2"]})
    v2 = {p: x["version"] for p, x in info2["backup_objects"]["example_tbl"]["partitions"].items()}
    assert all(v2[p] == v1[p] + 1 for p in v1), (v1, v2)
    c.verify_snapshot("snapshot_label1", {"example_tbl": ["p1", "p2"], "example_tbl2": None})

    c.backup("BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo "
             "ON(example_tbl PARTITION (p1, p2), example_tbl2);", "snapshot_label3")
    c.verify_snapshot("snapshot_label3", {"example_tbl": ["p1", "p2"], "example_tbl2": None})

    snaps = c.snapshots()
    for label in ("snapshot_label1", "snapshot_label2", "snapshot_label3"):
        assert snaps[label]["Status"] == "OK", snaps
    # The detailed form reads the info file.
    ts = snaps["snapshot_label3"]["Timestamp"]
    detail = c.rows(f"SHOW SNAPSHOT ON example_repo WHERE SNAPSHOT = 'snapshot_label3' AND TIMESTAMP = '{ts}'")
    assert detail[0]["Database"] == "example_db" and detail[0]["Status"] == "OK"
    # SHOW BACKUP keeps the latest job of the database.
    assert c.backup_row("snapshot_label3")["State"] == "FINISHED"

    # A label that exists is refused.
    with pytest.raises(pymysql.err.MySQLError) as e:
        c.sql("BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo")
    assert "Snapshot with name 'snapshot_label1' already exist in repository" in str(e.value)


def test_mysql_client_sees_statement_errors(cluster):
    r = cluster.fe.mysql("BACKUP SNAPSHOT example_db.x TO nope", check=False)
    assert r.returncode != 0
    assert "Repository [nope] does not exist" in r.stderr
    r = cluster.fe.mysql("BACKUP SNAPSHOT example_db.x TO example_repo ON (example_tbl PARTITION (p9))", check=False)
    assert "partition[p9] does not exist  in tableexample_tbl" in r.stderr
    r = cluster.fe.mysql("BACKUP SNAPSHOT example_db.x TO", check=False)
    assert "ERROR 1064 (42000)" in r.stderr and "Getting syntax error at line 1" in r.stderr


def test_a_user_without_privileges_is_denied(cluster):
    c = cluster
    c.sql("CREATE USER 'backup_user' IDENTIFIED BY 'pw'")
    with pytest.raises(pymysql.err.MySQLError) as e:
        c.sql("BACKUP SNAPSHOT example_db.denied TO example_repo", user="backup_user", password="pw")
    assert e.value.args[0] == 1227
    assert "you need (at least one of) the REPOSITORY privilege(s) on SYSTEM" in e.value.args[1]
    c.sql("GRANT REPOSITORY ON SYSTEM TO USER backup_user")
    with pytest.raises(pymysql.err.MySQLError) as e:
        c.sql("BACKUP SNAPSHOT example_db.denied TO example_repo ON (example_tbl2)", user="backup_user", password="pw")
    assert "EXPORT privilege(s) on TABLE example_db.example_tbl2" in e.value.args[1]
    assert "denied" not in c.snapshots()


def test_one_job_per_database_and_cancel(cluster):
    c = cluster
    for b in c.bes:  # frozen backends: the job cannot get past SNAPSHOTING
        b.proc.send_signal(signal.SIGSTOP)
    try:
        c.sql("BACKUP SNAPSHOT example_db.held TO example_repo ON (example_tbl2)")
        c.wait_state("held", ("SNAPSHOTING",))
        with pytest.raises(pymysql.err.MySQLError) as e:
            c.sql("BACKUP SNAPSHOT example_db.second TO example_repo")
        assert "Can only run one backup or restore job of a database at same time" in e.value.args[1]
        c.sql("CANCEL BACKUP FROM example_db")
        row = c.backup_row("held")
        assert row["State"] == "CANCELLED"
        assert row["Status"] == "[COMMON_ERROR, msg: user cancelled]"
        with pytest.raises(pymysql.err.MySQLError) as e:
            c.sql("CANCEL BACKUP FROM example_db")
        assert "No backup job is currently running" in e.value.args[1]
    finally:
        for b in c.bes:
            b.proc.send_signal(signal.SIGCONT)
    assert c.snapshots().get("held", {}).get("Status", "ERROR") != "OK"
    c.backup("BACKUP SNAPSHOT example_db.after_cancel TO example_repo ON (example_tbl2)", "after_cancel")
