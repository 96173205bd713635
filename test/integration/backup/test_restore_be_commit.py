"""kill -9 of a be while a restore commits: the restore is held in COMMITTING by the MOVE of
that be, blocked on the downloaded tablet header it reads (a FIFO in its place, as in
test_restore_fe_commit.py), and the be is killed there. The job waits for it without finishing
or giving up, and once the be is back it goes on to FINISHED with the rows of backup time and
exactly the restored table's tablets added on the backends.

Timing: as for a lost DOWNLOAD (test_restore_be_faults.py), the lost MOVE is done again within
seconds of the restart (the whole entry takes about 8 s)."""
import time

import pytest

from restore_cluster import seeded_cluster, timestamp_property, wait_for

LABEL = "snapshot_label3"


@pytest.fixture(scope="module")
def cluster():
    with seeded_cluster(LABEL) as c:
        yield c


def test_be_killed_while_committing_delays_but_does_not_lose_the_job(cluster):
    c = cluster
    tablets_before = c.be_tablets()
    since = time.time()  # headers written from here on belong to this restore
    download = c.hold_download(c.data_file(LABEL, "example_tbl"))
    move = None
    try:
        c.sql(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (example_tbl AS be_commit_r) "
              f'PROPERTIES ({timestamp_property(c.ts)}, "replication_num" = "1")')
        held = download.wait_engaged(LABEL)
        c.wait_restore(LABEL, ("DOWNLOADING",), timeout=10)
        # Another backend's tablet is downloaded meanwhile (6 tablets, one replica, 3 backends);
        # its MOVE will read the header that download wrote: hold that read.
        other = [i for i in range(len(c.bes)) if i != held]
        headers = wait_for(lambda: [h for i in other for h in c.downloaded_headers(i, since)], timeout=30,
                           what="a tablet downloaded on another backend")
        move = c.hold_download(headers[0])
        download.release()
        victim_index = move.wait_engaged(LABEL)  # the backend whose MOVE is blocked
        victim = c.bes[victim_index]
        assert victim_index != held, (victim_index, held)
        c.wait_restore(LABEL, ("COMMITTING",), timeout=30)
        victim.kill9()
    finally:
        download.release()
        if move is not None:
            move.release()  # nobody reads it any more: the real header is simply back
    # ASSERT: without the backend the job neither finishes nor gives up, and nothing is visible.
    row = c.restore_row(LABEL)
    assert row["State"] == "COMMITTING", row
    assert "be_commit_r" not in c.tables()
    victim.start()
    row = c.wait_restore(LABEL, ("FINISHED", "CANCELLED"), timeout=180)
    # ASSERT: it finishes, with the rows of backup time, one replica per tablet as asked.
    assert row["State"] == "FINISHED", row
    assert row["Status"] == "[OK]", row
    assert c.table_rows("example_db.be_commit_r") == c.at[LABEL]["rows"]["example_tbl"]
    assert c.checksum("example_db.be_commit_r") == c.at[LABEL]["checksum"]["example_tbl"]
    assert all(len(b) == 1 for b in c.replicas_per_tablet("example_db.be_commit_r").values())
    # ASSERT: the backends hold what they held before plus exactly the restored table's tablets
    # (nothing the killed MOVE half did is left over, nothing is missing on the restarted be).
    c.wait_be_tablets(tablets_before | c.table_tablets("example_db.be_commit_r"),
                      what="tablets after a restore that lost a backend while committing")
