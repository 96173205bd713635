"""Crashes during a backup: kill -9 of fe while SNAPSHOTING and while UPLOADING, kill -9 of a be
while UPLOADING. Each backup still ends FINISHED with a snapshot whose every byte checks out."""
import os
import signal

import pytest

from backup_cluster import Cluster, wait_for


@pytest.fixture(scope="module")
def cluster():
    c = Cluster()
    c.create_example_db()
    yield c
    c.close()


def block_uploads(c, label):
    """A plain file where the snapshot's directory goes: every upload of `label` fails (and is
    retried) until unblock() removes it. The label still counts as new (only directories do)."""
    os.makedirs(c.root(), exist_ok=True)
    with open(c.snapshot_dir(label), "w") as f:
        f.write("blocks uploads")


def failing_uploads(c, label):
    """Waits until SHOW BACKUP reports the blocked uploads failing (and being retried)."""
    return wait_for(lambda: (c.backup_row(label) or {}).get("TaskErrMsg"), timeout=60,
                    what=f"upload errors of {label}")


def unblock(c, label):
    os.remove(c.snapshot_dir(label))


def test_fe_killed_while_snapshoting_resumes_and_finishes(cluster):
    c = cluster
    for b in c.bes:
        b.proc.send_signal(signal.SIGSTOP)
    try:
        c.sql("BACKUP SNAPSHOT example_db.crash_snap TO example_repo ON (example_tbl2)")
        c.wait_state("crash_snap", ("SNAPSHOTING",))
        c.fe.kill9()
    finally:
        for b in c.bes:
            b.proc.send_signal(signal.SIGCONT)
    c.fe.start()
    row = c.wait_state("crash_snap", ("FINISHED", "CANCELLED"), timeout=120)
    assert row["State"] == "FINISHED", row
    c.verify_snapshot("crash_snap", {"example_tbl2": None})


def test_fe_killed_while_uploading_resumes_and_finishes(cluster):
    c = cluster
    block_uploads(c, "crash_upload")
    c.sql("BACKUP SNAPSHOT example_db.crash_upload TO example_repo ON (example_tbl PARTITION (p1))")
    c.wait_state("crash_upload", ("UPLOADING",))
    failing_uploads(c, "crash_upload")
    c.fe.kill9()
    c.fe.start()
    c.wait_state("crash_upload", ("UPLOADING",))
    failing_uploads(c, "crash_upload")  # the restarted frontend re-sent them
    unblock(c, "crash_upload")
    row = c.wait_state("crash_upload", ("FINISHED", "CANCELLED"), timeout=120)
    assert row["State"] == "FINISHED", row
    c.verify_snapshot("crash_upload", {"example_tbl": ["p1"]})


def test_be_killed_while_uploading_delays_but_does_not_lose_the_job(cluster):
    c = cluster
    block_uploads(c, "be_crash")
    c.sql("BACKUP SNAPSHOT example_db.be_crash TO example_repo ON (example_tbl)")
    c.wait_state("be_crash", ("UPLOADING",))
    failing_uploads(c, "be_crash")
    victim = c.bes[0]
    victim.kill9()
    unblock(c, "be_crash")
    row = c.backup_row("be_crash")
    assert row["State"] == "UPLOADING", row
    victim.start()
    row = c.wait_state("be_crash", ("FINISHED", "CANCELLED"), timeout=180)
    assert row["State"] == "FINISHED", row
    c.verify_snapshot("be_crash", {"example_tbl": ["p1", "p2"]})
