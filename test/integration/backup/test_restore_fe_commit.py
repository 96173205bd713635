"""kill -9 of the fe while a restore commits: the restore is held in COMMITTING by a MOVE that
blocks on the downloaded tablet header it reads (a FIFO in its place, fed the same bytes later).
After the restart the job goes on to FINISHED, with the rows of backup time and no tablet left
over; nothing is visible before the commit."""
import time

import pytest

from restore_cluster import seeded_cluster, timestamp_property, wait_for

LABEL = "snapshot_label3"


@pytest.fixture(scope="module")
def cluster():
    with seeded_cluster(LABEL) as c:
        yield c


def test_fe_killed_while_committing_resumes_and_finishes(cluster):
    c = cluster
    tablets_before = c.be_tablets()
    since = time.time()  # headers written from here on belong to this restore
    download = c.hold_download(c.data_file(LABEL, "example_tbl"))
    move = None
    try:
        c.sql(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (example_tbl AS fe_commit_r) "
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
        move.wait_engaged(LABEL)
        c.wait_restore(LABEL, ("COMMITTING",), timeout=30)
        c.fe.kill9()
        c.fe.start()
        # ASSERT: the restarted fe knows the job, still committing (its MOVE still blocks).
        row = c.wait_restore(LABEL, ("COMMIT", "COMMITTING"), timeout=30)
        assert row["Timestamp"] == c.ts, row
        assert "fe_commit_r" not in c.tables()  # nothing is visible before the commit
    finally:
        download.release()
        if move is not None:
            move.release()
    row = c.wait_restore(LABEL, ("FINISHED", "CANCELLED"), timeout=120)
    # ASSERT: it finishes, with the rows of backup time and no tablet left over.
    assert row["State"] == "FINISHED", row
    assert c.table_rows("example_db.fe_commit_r") == c.at[LABEL]["rows"]["example_tbl"]
    c.wait_be_tablets(tablets_before | c.table_tablets("example_db.fe_commit_r"),
                      what="tablets after a restore resumed from COMMITTING")
