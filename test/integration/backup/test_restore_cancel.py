"""A restore that does not finish leaves nothing: CANCEL RESTORE during the download, and a
repository file whose bytes were changed (its name, with the md5, kept). Afterwards no restored
table is visible, existing tables hold exactly what they held, and the backends hold exactly the
tablets they held before the RESTORE (counted on their disks)."""
import time

import pytest

from restore_cluster import RestoreCluster, md5_of, timestamp_property

SNAP = "cancel_snap"
CORRUPT = "corrupt_snap"


@pytest.fixture(scope="module")
def cluster():
    c = RestoreCluster()
    try:
        c.create_example_db()
        for t in ("keep_tbl", "gone_tbl"):
            c.sql(f"""CREATE TABLE example_db.{t} (id BIGINT NOT NULL, name VARCHAR(64))
                      DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("replication_num" = "1")""")
            c.sql(f"INSERT INTO example_db.{t} VALUES " + ", ".join(f"({i}, '{t}{i}')" for i in range(30)))
        c.at = {t: c.table_rows(f"example_db.{t}") for t in ("keep_tbl", "gone_tbl")}
        c.backup(f"BACKUP SNAPSHOT example_db.{SNAP} TO example_repo ON (keep_tbl, gone_tbl)", SNAP)
        c.backup(f"BACKUP SNAPSHOT example_db.{CORRUPT} TO example_repo ON (gone_tbl)", CORRUPT)
        c.ts = {label: c.snapshot_timestamp(label) for label in (SNAP, CORRUPT)}
        c.sql("INSERT INTO example_db.keep_tbl VALUES (9000, 'after')")
        c.sql("DROP TABLE example_db.gone_tbl")
        yield c
    finally:
        c.close()


def untouched(c):
    """What a restore that does not finish must leave exactly as it was."""
    return {"tables": c.tables(), "databases": c.databases(),
            "rows": {t: c.table_rows(f"example_db.{t}") for t in ("keep_tbl", "example_tbl", "example_tbl2")},
            "checksum": {t: c.checksum(f"example_db.{t}") for t in ("keep_tbl", "example_tbl")}}


def test_cancel_during_download_leaves_nothing(cluster):
    c = cluster
    before, tablets_before = untouched(c), c.be_tablets()
    keep_replicas = c.table_tablets("example_db.keep_tbl")
    hold = c.hold_download(c.data_file(SNAP, "keep_tbl"))
    try:
        # Over the existing keep_tbl, and gone_tbl as a new table.
        c.sql(f"RESTORE SNAPSHOT example_db.{SNAP} FROM example_repo ON (keep_tbl, gone_tbl) "
              f'PROPERTIES ({timestamp_property(c.ts[SNAP])}, "replication_num" = "1")')
        hold.wait_engaged(SNAP)
        c.wait_restore(SNAP, ("DOWNLOADING",), timeout=10)
        # ASSERT: one job per database: a second RESTORE or a BACKUP is refused meanwhile.
        _, msg = c.restore_error(f"RESTORE SNAPSHOT example_db.{CORRUPT} FROM example_repo ON (gone_tbl AS x) "
                                 f"PROPERTIES ({timestamp_property(c.ts[CORRUPT])})")
        assert "Can only run one backup or restore job of a database at same time" in msg, msg
        _, msg = c.restore_error("BACKUP SNAPSHOT example_db.during_restore TO example_repo ON (example_tbl2)")
        assert "Can only run one backup or restore job of a database at same time" in msg, msg
        # ASSERT: CANCEL RESTORE ends the job at once, with StarRocks' status.
        c.sql("CANCEL RESTORE FROM example_db")
        row = c.restore_row(SNAP)
        assert row["State"] == "CANCELLED", row
        assert row["Status"] == "[COMMON_ERROR, msg: user cancelled, current state: DOWNLOADING]", row
    finally:
        hold.release()  # the backend's download ends; its late report must change nothing
    # ASSERT: nothing of the job is left: no restored table, existing tables unchanged, and the
    # backends hold exactly the tablets they held before (the staged ones are dropped).
    assert untouched(c) == before
    assert "gone_tbl" not in c.tables()
    c.wait_be_tablets(tablets_before, what="tablets after CANCEL RESTORE")
    assert untouched(c) == before
    # ASSERT: a cancelled job cannot be cancelled again (StarRocks' text).
    _, msg = c.restore_error("CANCEL RESTORE FROM example_db")
    assert f"Job with label {SNAP} can not be cancelled. state: CANCELLED" in msg, msg
    # ASSERT: the same restore, run again without the hold, finishes with the snapshot's rows.
    c.sql(f"RESTORE SNAPSHOT example_db.{SNAP} FROM example_repo ON (keep_tbl, gone_tbl) "
          f'PROPERTIES ({timestamp_property(c.ts[SNAP])}, "replication_num" = "1")')
    row = c.wait_restore(SNAP, ("FINISHED", "CANCELLED"))
    assert row["State"] == "FINISHED", row
    assert c.table_rows("example_db.keep_tbl") == c.at["keep_tbl"]
    assert c.table_rows("example_db.gone_tbl") == c.at["gone_tbl"]
    # (and keep_tbl's replaced tablets are dropped: the next test counts tablets from here)
    c.wait_be_tablets((tablets_before - keep_replicas) | c.table_tablets("example_db.keep_tbl")
                      | c.table_tablets("example_db.gone_tbl"), what="tablets after the second restore")


def test_a_corrupt_repository_file_cancels_the_restore_quickly(cluster):
    c = cluster
    before, tablets_before = untouched(c), c.be_tablets()
    path = c.data_file(CORRUPT, "gone_tbl")
    with open(path, "rb") as f:
        good = f.read()
    bad = good[:-4] + bytes(b ^ 0xFF for b in good[-4:])  # same length, same name, other bytes
    with open(path, "wb") as f:
        f.write(bad)
    expected_md5 = path.rsplit(".", 1)[1]
    assert expected_md5 == md5_of(good) != md5_of(bad)
    started = time.monotonic()
    c.sql(f"RESTORE SNAPSHOT example_db.{CORRUPT} FROM example_repo ON (gone_tbl AS corrupt_r) "
          f'PROPERTIES ({timestamp_property(c.ts[CORRUPT])}, "timeout" = "3600")')
    row = c.wait_restore(CORRUPT, ("FINISHED", "CANCELLED"), timeout=60)
    # ASSERT: cancelled well before its timeout (3600 s), not retried until then.
    assert row["State"] == "CANCELLED", row
    assert time.monotonic() - started < 60
    # ASSERT: the status says which file and both md5s (StarRocks' BE text).
    status = row["Status"]
    assert "invalid md5 of downloaded file" in status, status
    base = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
    assert base in status, (base, status)
    assert expected_md5 in status and md5_of(bad) in status, status
    # ASSERT: nothing is left: no restored table, nothing else changed, no tablet left over.
    assert "corrupt_r" not in c.tables()
    c.wait_be_tablets(tablets_before, what="tablets after a corrupt download")
    assert untouched(c) == before
