"""kill -9 of the fe during a restore: while it downloads (held there by a blocked download),
and right after the statement returned (test_restore_fe_commit.py: while it commits). After the restart the job goes on to FINISHED and the
restored table equals its source at backup time; a finished restore survives a kill -9 too."""
import pytest

from restore_cluster import seeded_cluster, timestamp_property

LABEL = "snapshot_label3"


@pytest.fixture(scope="module")
def cluster():
    with seeded_cluster(LABEL) as c:
        yield c


def test_fe_killed_while_downloading_resumes_and_finishes(cluster):
    c = cluster
    tablets_before = c.be_tablets()
    hold = c.hold_download(c.data_file(LABEL, "example_tbl"))
    try:
        c.sql(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (example_tbl AS fe_crash_r) "
              f'PROPERTIES ({timestamp_property(c.ts)}, "replication_num" = "1")')
        hold.wait_engaged(LABEL)
        c.wait_restore(LABEL, ("DOWNLOADING",), timeout=10)
        c.fe.kill9()
        c.fe.start()
        # ASSERT: the restarted fe knows the job, and it is not done (its download still blocks).
        row = c.wait_restore(LABEL, ("PENDING", "SNAPSHOTING", "DOWNLOAD", "DOWNLOADING"), timeout=30)
        assert row["Timestamp"] == c.ts, row
    finally:
        hold.release()
    row = c.wait_restore(LABEL, ("FINISHED", "CANCELLED"), timeout=120)
    # ASSERT: it finishes, with the rows of backup time, one replica per tablet as asked.
    assert row["State"] == "FINISHED", row
    assert c.table_rows("example_db.fe_crash_r") == c.at[LABEL]["rows"]["example_tbl"]
    assert all(len(b) == 1 for b in c.replicas_per_tablet("example_db.fe_crash_r").values())
    c.wait_be_tablets(tablets_before | c.table_tablets("example_db.fe_crash_r"),
                      what="tablets after a restore resumed from DOWNLOADING")


def test_fe_killed_right_after_the_statement_resumes_and_finishes(cluster):
    c = cluster
    tablets_before = c.be_tablets()
    c.sql(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (example_tbl2 AS fe_early_r) "
          f"PROPERTIES ({timestamp_property(c.ts)})")
    c.fe.kill9()  # whatever state the job is in: the statement returned, so it was journaled
    c.fe.start()
    row = c.wait_restore(LABEL, ("FINISHED", "CANCELLED"), timeout=120)
    assert row["State"] == "FINISHED", row
    assert c.table_rows("example_db.fe_early_r") == c.at[LABEL]["rows"]["example_tbl2"]
    # ASSERT: what an attempt cut short by the crash staged is dropped: the backends hold the
    # tablets they held before plus exactly the restored table's.
    c.wait_be_tablets(tablets_before | c.table_tablets("example_db.fe_early_r"),
                      what="tablets after a restore interrupted by kill -9")


def test_a_finished_restore_survives_kill_9(cluster):
    c = cluster
    expect = {t: c.table_rows(f"example_db.{t}") for t in ("fe_crash_r", "fe_early_r")}
    checksums = {t: c.checksum(f"example_db.{t}") for t in expect}
    c.fe.kill9()
    c.fe.start()
    # ASSERT: the restored tables and the job's FINISHED row come back from the journal.
    assert c.restore_state(LABEL) == "FINISHED"
    for t, rows in expect.items():
        assert c.table_rows(f"example_db.{t}") == rows
        assert c.checksum(f"example_db.{t}") == checksums[t]
