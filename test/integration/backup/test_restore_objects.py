"""Views and functions through BACKUP and RESTORE with a real fe, the module and three be
processes: BACKUP ON (ALL TABLES, ALL VIEWS, ALL FUNCTIONS) writes them into the snapshot, and
RESTORE brings them back after dropping them (SHOW CREATE VIEW equal to the original, SHOW FULL
FUNCTIONS equal), under an alias (ON (VIEW v AS v2)), and refuses a missing view or function with
StarRocks' texts, in the database (BACKUP) and in the snapshot (RESTORE)."""
import subprocess

import pymysql
import pytest

from restore_cluster import RestoreCluster, timestamp_property, wait_for

LABEL = "snapshot_objects"
PROPS = ('PROPERTIES ("symbol" = "com.example.Add", "type" = "StarrocksJar", '
         '"file" = "http://127.0.0.1:1/udf.jar")')
VIEWS = {
    "v_rows": "CREATE VIEW example_db.v_rows (k COMMENT \"key\", v) COMMENT \"rows\" AS "
              "SELECT k1, v1 FROM example_db.example_tbl WHERE k1 < 100",
    "v_names": "CREATE VIEW example_db.v_names AS SELECT name FROM example_db.example_tbl2",
}


def show_view(c, name, db="example_db"):
    return c.rows(f"SHOW CREATE VIEW {db}.{name}")[0]["Create View"]


def functions(c, db="example_db"):
    conn = c.connect(database=db)
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW FULL FUNCTIONS")
            return sorted(cur.fetchall())
    finally:
        conn.close()


def error_of(c, statement):
    with pytest.raises(pymysql.err.MySQLError) as e:
        c.sql(statement)
    return e.value.args[1]


@pytest.fixture(scope="module")
def cluster():
    c = RestoreCluster()
    try:
        c.create_example_db()
        for statement in VIEWS.values():
            c.sql(statement)
        conn = c.connect(database="example_db")
        with conn.cursor() as cur:
            cur.execute(f"CREATE FUNCTION my_add(INT, INT) RETURNS INT {PROPS}")
            cur.execute(f"CREATE FUNCTION my_add(BIGINT, BIGINT) RETURNS BIGINT {PROPS}")
            cur.execute(f"CREATE AGGREGATE FUNCTION my_sum(INT) RETURNS BIGINT INTERMEDIATE BIGINT {PROPS}")
        conn.close()
        c.views_before = {n: show_view(c, n) for n in VIEWS}
        c.functions_before = functions(c)
        c.backup(f"BACKUP SNAPSHOT example_db.{LABEL} TO example_repo ON (ALL TABLES, ALL VIEWS, ALL FUNCTIONS)",
                 LABEL)
        c.ts = c.snapshot_timestamp(LABEL)
        yield c
    finally:
        c.close()


def restore_stmt(c, on, db_clause=""):
    target = "" if db_clause else "example_db."
    return (f"RESTORE SNAPSHOT {target}{LABEL} FROM example_repo {db_clause} {on} "
            f"PROPERTIES ({timestamp_property(c.ts)})")


def test_the_snapshot_lists_the_views_and_show_backup_names_them(cluster):
    c = cluster
    info = c.job_info(LABEL)
    for v in VIEWS:
        # ASSERT: a view is a backup object with an id and no partitions, as StarRocks writes it.
        assert info["backup_objects"][v]["partitions"] == {}, info["backup_objects"][v]
    objs = c.backup_row(LABEL)["BackupObjs"]
    assert "[example_db.v_rows]" in objs and "[example_db.v_names]" in objs, objs


def test_dropped_views_and_functions_come_back_as_they_were(cluster):
    c = cluster
    for v in VIEWS:
        c.sql(f"DROP VIEW example_db.{v}")
    conn = c.connect(database="example_db")
    with conn.cursor() as cur:
        cur.execute("DROP FUNCTION my_add(INT, INT)")
        cur.execute("DROP FUNCTION my_add(BIGINT, BIGINT)")
        cur.execute("DROP FUNCTION my_sum(INT)")
    conn.close()
    assert functions(c) == []
    c.restore(restore_stmt(c, "ON (ALL VIEWS, ALL FUNCTIONS)"), LABEL)
    # ASSERT: each view is back with exactly its definition, each function with its signature,
    # types and properties.
    assert {n: show_view(c, n) for n in VIEWS} == c.views_before
    assert functions(c) == c.functions_before
    # ASSERT: SHOW RESTORE lists the views among its objects.
    objs = c.restore_row(LABEL)["RestoreObjs"]
    assert "v_rows" in objs and "v_names" in objs, objs


def test_a_view_restored_under_an_alias(cluster):
    c = cluster
    c.restore(restore_stmt(c, "ON (VIEW v_rows AS v_copy)"), LABEL)
    assert show_view(c, "v_copy") == c.views_before["v_rows"].replace("`v_rows`", "`v_copy`", 1)
    tables = dict(c.sql("SHOW FULL TABLES FROM example_db"))
    assert tables["v_copy"] == "VIEW" and tables["example_tbl"] == "BASE TABLE", tables


def test_a_whole_database_restore_brings_tables_views_and_functions(cluster):
    c = cluster
    c.restore(restore_stmt(c, "", db_clause="DATABASE example_db AS objects_copy"), LABEL, db="objects_copy")
    assert {n: show_view(c, n, db="objects_copy") for n in VIEWS} == c.views_before
    assert functions(c, db="objects_copy") == c.functions_before
    assert c.table_rows("objects_copy.example_tbl2") == c.table_rows("example_db.example_tbl2")


def test_missing_views_and_functions_get_starrocks_texts(cluster):
    c = cluster
    assert error_of(c, f"BACKUP SNAPSHOT example_db.l_err TO example_repo ON (VIEW no_view)") == \
        "Incorrect table name 'no_view'"
    assert error_of(c, f"BACKUP SNAPSHOT example_db.l_err TO example_repo ON (FUNCTION no_fn)") == \
        "Invalid backup function(s), function name: no_fn"
    assert error_of(c, restore_stmt(c, "ON (VIEW no_view)")) == f"Table no_view does not exist in snapshot {LABEL}"
    assert error_of(c, restore_stmt(c, "ON (FUNCTION no_fn)")) == "Can not find restore function: no_fn"


def test_a_view_over_a_table_is_a_bad_replace(cluster):
    c = cluster
    c.sql(restore_stmt(c, "ON (VIEW v_names AS example_tbl2)"))
    row = c.wait_restore(LABEL, ("FINISHED", "CANCELLED"))
    assert row["State"] == "CANCELLED", row
    assert row["Status"] == "[BAD_REPLACE, msg: Table: example_tbl2 has existed and it is not a View]", row
    # ASSERT: the table is untouched.
    assert dict(c.sql("SHOW FULL TABLES FROM example_db"))["example_tbl2"] == "BASE TABLE"


def test_a_view_restored_through_the_mysql_client(cluster):
    c = cluster
    c.sql("DROP VIEW IF EXISTS example_db.v_names")
    r = c.fe.mysql(restore_stmt(c, "ON (VIEW v_names)") + ";")
    assert r.returncode == 0
    wait_for(lambda: (c.restore_row(LABEL) or {}).get("State") in ("FINISHED", "CANCELLED"), timeout=60,
             what="v_names restored (mysql client)")
    assert c.restore_row(LABEL)["State"] == "FINISHED", c.restore_row(LABEL)
    out = subprocess.run(["mysql", "-h127.0.0.1", f"-P{c.fe.query_port}", "-uroot", "--batch", "--raw", "-e",
                          "SHOW CREATE VIEW example_db.v_names"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    header, row = out.stdout.splitlines()[:2]
    # ASSERT: the client sees StarRocks' columns and the original definition.
    assert header.split("\t") == ["View", "Create View", "character_set_client", "collation_connection"], header
    assert row.split("\t")[1] == c.views_before["v_names"], row
