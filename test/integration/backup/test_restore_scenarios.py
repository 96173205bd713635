"""RESTORE as users run it: a dropped table comes back under its own name; a restore over an
existing table of the same schema (the table keeps serving its old rows until the restore
finishes, then holds the snapshot's); `replication_num` decides the replicas (default: the fe's
default_replication_num, here 2 so it differs from the source's 3); `timeout` and `allow_load`
are taken and shown."""
import pytest

from restore_cluster import RestoreCluster, timestamp_property

LABEL = "scen_snap"
TABLES = ("example_tbl", "example_tbl2", "over_tbl", "drop_tbl")


@pytest.fixture(scope="module")
def cluster():
    c = RestoreCluster(default_replication_num=2)
    try:
        c.create_example_db()
        c.sql("""CREATE TABLE example_db.over_tbl (id BIGINT NOT NULL, name VARCHAR(64))
                 DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES ("replication_num" = "1")""")
        c.sql("""CREATE TABLE example_db.drop_tbl (id BIGINT NOT NULL, city VARCHAR(32), amount DECIMAL(10, 2))
                 DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("replication_num" = "2")""")
        c.sql("INSERT INTO example_db.over_tbl VALUES " + ", ".join(f"({i}, 'before{i}')" for i in range(40)))
        c.sql("INSERT INTO example_db.drop_tbl VALUES " +
              ", ".join(f"({i}, 'city{i % 7}', {i}.25)" for i in range(60)))
        c.at = {t: c.table_rows(f"example_db.{t}") for t in TABLES}
        c.backup(f"BACKUP SNAPSHOT example_db.{LABEL} TO example_repo ON ({', '.join(TABLES)})", LABEL)
        c.ts = c.snapshot_timestamp(LABEL)
        for t in ("over_tbl", "drop_tbl", "example_tbl2"):
            c.sql(f"INSERT INTO example_db.{t} (id, name) VALUES (9000, 'after')" if t != "drop_tbl" else
                  "INSERT INTO example_db.drop_tbl VALUES (9000, 'after', 1.00)")
        yield c
    finally:
        c.close()


def props(c, extra=""):
    return f"PROPERTIES ({timestamp_property(c.ts)}{', ' + extra if extra else ''})"


def test_a_dropped_table_comes_back_under_its_own_name(cluster):
    c = cluster
    c.sql("DROP TABLE example_db.drop_tbl")
    assert "drop_tbl" not in c.tables()
    row = c.restore(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (drop_tbl) "
                    + props(c, '"timeout" = "600", "allow_load" = "true"'), LABEL)
    # ASSERT: the table is back, with the rows it had at backup time (not the later one).
    assert "drop_tbl" in c.tables()
    assert c.table_rows("example_db.drop_tbl") == c.at["drop_tbl"]
    # ASSERT: timeout and allow_load are taken and shown; no replication_num: the fe's default.
    assert row["Timeout"] == "600" and row["AllowLoad"] == "true", row
    assert row["ReplicationNum"] == "2", row
    for tablet, backends in c.replicas_per_tablet("example_db.drop_tbl").items():
        assert len(backends) == 2 == len(set(backends)), (tablet, backends)


def test_replication_num_decides_the_replicas(cluster):
    c = cluster
    # ASSERT: without the property: default_replication_num (2), not the source's 3.
    c.restore(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (example_tbl AS repl_default) " + props(c),
              LABEL)
    # ASSERT: with it: that many replicas, on distinct backends.
    row = c.restore(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (example_tbl AS repl_one) "
                    + props(c, '"replication_num" = "1"'), LABEL)
    assert row["ReplicationNum"] == "1", row
    for table, n in (("repl_default", 2), ("repl_one", 1)):
        tablets = c.replicas_per_tablet(f"example_db.{table}")
        assert len(tablets) == 6, tablets  # 2 partitions x 3 buckets, as the source
        for tablet, backends in tablets.items():
            assert len(backends) == n == len(set(backends)), (table, tablet, backends)
        assert {p["ReplicationNum"] for p in c.partitions(f"example_db.{table}").values()} == {str(n)}
        assert c.table_rows(f"example_db.{table}") == c.at["example_tbl"]


def test_restore_over_an_existing_table_keeps_its_old_rows_until_finished(cluster):
    c = cluster
    old_rows = c.table_rows("example_db.over_tbl")
    old_checksum = c.checksum("example_db.over_tbl")
    assert old_rows != c.at["over_tbl"]  # it has a row the snapshot does not
    old_tablets = set(c.replicas_per_tablet("example_db.over_tbl"))
    old_replicas, tablets_before = c.table_tablets("example_db.over_tbl"), c.be_tablets()
    hold = c.hold_download(c.data_file(LABEL, "over_tbl"))
    try:
        c.sql(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (over_tbl) "
              + props(c, '"replication_num" = "1"'))
        hold.wait_engaged(LABEL)
        # ASSERT: while the restore is downloading, the existing table serves its old rows.
        c.wait_restore(LABEL, ("DOWNLOADING",), timeout=10)
        assert c.table_rows("example_db.over_tbl") == old_rows
        assert c.checksum("example_db.over_tbl") == old_checksum
        assert set(c.replicas_per_tablet("example_db.over_tbl")) == old_tablets  # staged tablets are not shown
        assert c.restore_state(LABEL) == "DOWNLOADING", c.restore_row(LABEL)  # still before FINISHED
    finally:
        hold.release()
    row = c.wait_restore(LABEL, ("FINISHED", "CANCELLED"))
    assert row["State"] == "FINISHED", row
    # ASSERT: afterwards the table holds the snapshot's rows, and it is readable and writable.
    assert c.table_rows("example_db.over_tbl") == c.at["over_tbl"]
    c.sql("INSERT INTO example_db.over_tbl VALUES (9001, 'after restore')")
    assert (9001, "after restore") in c.table_rows("example_db.over_tbl")
    # ASSERT: the restore wrote new tablets, and the replaced ones are dropped from the backends
    # (asynchronously): they hold what they held before, minus the old tablets, plus the new.
    new_tablets = set(c.replicas_per_tablet("example_db.over_tbl"))
    assert not (new_tablets & old_tablets), "the restore wrote into the old tablets"
    c.wait_be_tablets((tablets_before - old_replicas) | c.table_tablets("example_db.over_tbl"),
                      what="tablets after a restore over an existing table")
