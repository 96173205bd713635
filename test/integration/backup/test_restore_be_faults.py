"""kill -9 of a be while it downloads for a restore (held there by a blocked download): the job
waits for it, and once the be is back the job goes on to FINISHED with the rows of backup time.

A restarted be runs none of the module's tasks; its task report says so, and the fe forwards it
to the module (also when it lists none of the module's tasks), so the lost DOWNLOAD is re-sent
after agent_task_resend_wait_time_ms, in seconds."""
import pytest

from restore_cluster import seeded_cluster, timestamp_property

LABEL = "snapshot_label3"


@pytest.fixture(scope="module")
def cluster():
    with seeded_cluster(LABEL) as c:
        yield c


def test_be_killed_while_downloading_delays_but_does_not_lose_the_job(cluster):
    c = cluster
    tablets_before = c.be_tablets()
    hold = c.hold_download(c.data_file(LABEL, "example_tbl2"))
    try:
        c.sql(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (example_tbl2 AS be_crash_r) "
              f'PROPERTIES ({timestamp_property(c.ts)}, "replication_num" = "1")')
        victim = c.bes[hold.wait_engaged(LABEL)]  # the backend whose download is blocked
        c.wait_restore(LABEL, ("DOWNLOADING",), timeout=10)  # the job says so too
        victim.kill9()
    finally:
        hold.release()  # nobody reads it any more: the real file is simply back
    # ASSERT: without the backend the job neither finishes nor gives up.
    row = c.restore_row(LABEL)
    assert row["State"] == "DOWNLOADING", row
    victim.start()
    row = c.wait_restore(LABEL, ("FINISHED", "CANCELLED"), timeout=180)
    # ASSERT: it finishes, with the rows of backup time.
    assert row["State"] == "FINISHED", row
    assert c.table_rows("example_db.be_crash_r") == c.at[LABEL]["rows"]["example_tbl2"]
    assert all(len(b) == 1 for b in c.replicas_per_tablet("example_db.be_crash_r").values())
    # ASSERT: the backends hold what they held before plus exactly the restored table's tablets.
    c.wait_be_tablets(tablets_before | c.table_tablets("example_db.be_crash_r"),
                      what="tablets after a restore that lost a backend")
