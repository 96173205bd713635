"""RESTORE's host side with real processes: an fe loading a test module that drives host.h's
CatalogWriter from SQL, two real be processes that create and drop the staged tablets, and
kill -9 of the fe between stage and commit and after the commit."""
import os
import shutil
import tempfile

import pymysql
import pytest

from fe_harness import Be, Fe, wait_for

RESTORE_STAGE_PLUGIN = os.environ.get("RESTORE_STAGE_PLUGIN", "")
IN_PROGRESS = ('A snapshot restore operation is in progress on the table "t". Please wait until the current '
               'operation completes.\nTo check the status of the operation, see '
               'https://docs.starrocks.io/en-us/latest/sql-reference/sql-statements/data-manipulation/SHOW%20RESTORE')


@pytest.fixture(scope="module")
def cluster():
    work = tempfile.mkdtemp(prefix="fe_restore_it_")
    bes = [Be(os.path.join(work, f"be{i}")).start() for i in range(2)]
    fe = Fe(os.path.join(work, "fe"), heartbeat_interval_ms=200, heartbeat_timeout_second=2,
            plugins=RESTORE_STAGE_PLUGIN)
    os.makedirs(fe.dir, exist_ok=True)
    fe.start()
    fe.mysql("ALTER SYSTEM ADD BACKEND " + ", ".join(f'"{b.address}"' for b in bes))
    wait_alive(fe)
    fe.mysql("CREATE DATABASE r")
    yield fe, bes
    fe.stop()
    for b in bes:
        b.stop()
    shutil.rmtree(work, ignore_errors=True)


def query(fe, sql):
    conn = fe.pymysql()
    try:
        with conn.cursor() as c:
            c.execute(sql)
            return c.fetchall()
    finally:
        conn.close()


def error(fe, sql):
    with pytest.raises(pymysql.err.MySQLError) as e:
        query(fe, sql)
    return e.value.args


def wait_alive(fe):
    def all_alive():
        rows = query(fe, "SHOW BACKENDS")
        return len(rows) == 2 and all(row[8] == "true" for row in rows)
    wait_for(all_alive, what="both backends alive")


def restart_after_kill9(fe):
    fe.kill9()
    fe.start()
    wait_alive(fe)


def count(fe, table):
    return query(fe, f"SELECT COUNT(*) FROM {table}")[0][0]


def test_an_existing_table_keeps_its_data_across_kill9_until_the_commit(cluster):
    fe, _ = cluster
    fe.mysql("""CREATE TABLE r.t (k INT, v VARCHAR(8)) DUPLICATE KEY(k) PARTITION BY RANGE(k)
                (PARTITION p1 VALUES LESS THAN ("10"), PARTITION p2 VALUES LESS THAN ("20"))
                DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES("replication_num" = "2")""")
    fe.mysql("INSERT INTO r.t VALUES (1, 'a'), (2, 'b'), (15, 'c')")
    # p1 comes back from an (empty) snapshot at version 1.
    stage = query(fe, "HOSTRESTORE STAGE r t 2 p1=1")[0][0]
    assert error(fe, "INSERT INTO r.t VALUES (3, 'x')") == (1105, IN_PROGRESS)
    assert count(fe, "r.t") == 3

    restart_after_kill9(fe)
    assert error(fe, "INSERT INTO r.t VALUES (3, 'x')") == (1105, IN_PROGRESS), "the stage was replayed"
    assert count(fe, "r.t") == 3, "the old data is untouched"
    stages = query(fe, "HOSTRESTORE LIST")
    assert [(s[0], s[2], s[3], s[4], s[5]) for s in stages] == [(stage, "t", "0", "0", "p1=1")]

    query(fe, f"HOSTRESTORE COMMIT {stage}")
    assert count(fe, "r.t") == 1, "p1 is the restored (empty) partition, p2 kept its row"
    fe.mysql("INSERT INTO r.t VALUES (3, 'd')")
    assert count(fe, "r.t") == 2

    restart_after_kill9(fe)
    assert count(fe, "r.t") == 2
    parts = {row[1]: row[2] for row in query(fe, "SHOW PARTITIONS FROM r.t")}
    assert parts == {"p1": "2", "p2": "2"}
    query(fe, f"HOSTRESTORE COMMIT {stage}")  # a repeated commit answers OK
    query(fe, f"HOSTRESTORE FORGET {stage}")
    assert query(fe, "HOSTRESTORE LIST") == ()
    assert query(fe, "CHECKSUM TABLE r.t")[0][0] == "r.t"


def test_a_new_table_stage_holds_its_name_across_kill9_until_aborted(cluster):
    fe, _ = cluster
    fe.mysql("""CREATE TABLE r.src (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1
                PROPERTIES("replication_num" = "1")""")
    stage = query(fe, "HOSTRESTORE STAGE r n 2 src=1 LIKE src")[0][0]
    assert "n" not in [row[0] for row in query(fe, "SHOW TABLES FROM r")]
    create = "CREATE TABLE r.n (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES(\"replication_num\" = \"1\")"
    assert error(fe, create) == (1050, "Table 'n' already exists")
    assert error(fe, "SELECT * FROM r.n")[0] == 1051

    restart_after_kill9(fe)
    assert error(fe, create) == (1050, "Table 'n' already exists")
    assert error(fe, "HOSTRESTORE STAGE r n 2 src=1 LIKE src")[1].startswith("kAlreadyExists: ")
    assert error(fe, "HOSTRESTORE STAGE r m 3 src=1 LIKE src") == (
        1105, "kInvalidArgument: failed to find 3 different hosts to create table: m")
    query(fe, f"HOSTRESTORE ABORT {stage}")
    assert query(fe, "HOSTRESTORE LIST") == ()
    fe.mysql(create)
    fe.mysql("INSERT INTO r.n VALUES (7)")
    assert count(fe, "r.n") == 1


def test_a_committed_new_table_is_an_ordinary_table_after_kill9(cluster):
    fe, _ = cluster
    fe.mysql("""CREATE TABLE r.model (k INT, v VARCHAR(8)) DUPLICATE KEY(k) PARTITION BY RANGE(k)
                (PARTITION a VALUES LESS THAN ("100"), PARTITION b VALUES LESS THAN ("200"))
                DISTRIBUTED BY HASH(k) BUCKETS 3 PROPERTIES("replication_num" = "1")""")
    stage = query(fe, "HOSTRESTORE STAGE r copy 2 b=1 LIKE model")[0][0]
    query(fe, f"HOSTRESTORE COMMIT {stage}")
    restart_after_kill9(fe)
    assert "copy" in [row[0] for row in query(fe, "SHOW TABLES FROM r")]
    assert [row[1] for row in query(fe, "SHOW PARTITIONS FROM r.copy")] == ["b"]
    fe.mysql("INSERT INTO r.copy VALUES (150, 'x'), (120, 'y')")
    assert count(fe, "r.copy") == 2
    tablets = query(fe, "SHOW TABLET FROM r.copy")
    assert len(tablets) == 3 * 2 and {row[4] for row in tablets} == {"2"}
