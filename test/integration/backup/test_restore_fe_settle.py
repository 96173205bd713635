"""kill -9 of the fe after a restore's FINISHED is journaled but before its stages are settled.

No hook holds a running fe between those journal records (the settle step calls the catalog in
process and journals at once), so the crash is reproduced on disk instead, deterministically:
the restore finishes, the fe is killed with -9, and its journal (SQLite, `<meta_dir>/journal.db`)
is cut back to what a kill -9 at that point leaves: every record after the job's FINISHED record
is deleted, or all but the first (one of its two stages forgotten, the job not yet settled). Only
records of the settle step may come after FINISHED, and no checkpoint may cover them: both are
checked, so the cut is exactly that crash. The restarted fe must settle the job again, keep it
FINISHED, and keep the restored tables with the rows of backup time and exactly their tablets.

Not covered: kill -9 of the fe while the job is in SNAPSHOTING. A restore's MAKE_SNAPSHOT only
looks its staged tablet up in memory and creates and fsyncs a fresh, time-named directory
(SnapshotManager::MakeRestoreSnapshot): there is no file to put a FIFO in place of. The only
other way to stall it, the be's tablet-store mutex (held by a write blocked on a FIFO `.part`),
also stalls the CREATE of the staged tablets that must come first, in PENDING, and nothing
separates the two steps but the job itself: holding it there would be timing, not a hold."""
import json
import os
import sqlite3

import pytest

from restore_cluster import seeded_cluster, timestamp_property, wait_for

LABEL = "snapshot_label3"
MODULE_DELTA_OP = 10011  # JobManager::kDeltaOp: a job's state change
FORGET_STAGE_OP = 12     # MetaOp::kForgetRestoreStage: a committed stage is no longer listed


@pytest.fixture(scope="module")
def cluster():
    with seeded_cluster(LABEL) as c:
        yield c


def journal_path(c):
    return os.path.join(c.fe.config["meta_dir"], "journal.db")


def records(db, after=0):
    return [(seq, op, json.loads(bytes(p))) for seq, op, p in
            db.execute("SELECT seq, op, payload FROM journal WHERE seq > ? ORDER BY seq", (after,))]


def staged(c, job_id):
    """The stage ids job `job_id` journaled; read with the fe dead, before the restart folds the
    module's records into its checkpoint image (BackupPlugin::Start, before any job step: so the
    records of a settle step on the restarted fe come after that image, as separate records)."""
    db = sqlite3.connect(journal_path(c))
    try:
        return {s["stageId"] for _, op, r in records(db)
                if op == MODULE_DELTA_OP and r.get("jobId") == job_id for s in r.get("stages", [])}
    finally:
        db.close()


def settle_records(c, job_id, stages):
    """(which of `stages` are forgotten, is job `job_id` settled?) in the live fe's journal, read
    only. A stage forgotten twice shows once."""
    db = sqlite3.connect(f"file:{journal_path(c)}?mode=ro", uri=True)
    try:
        recs = records(db)
    finally:
        db.close()
    forgotten = {r["stage_id"] for _, op, r in recs if op == FORGET_STAGE_OP and r.get("stage_id") in stages}
    settled = any(op == MODULE_DELTA_OP and r == {"jobId": job_id, "settled": True} for _, op, r in recs)
    return forgotten, settled


def cut_journal_after_finished(c, job_id, keep):
    """With the fe dead: deletes the records after job `job_id`'s FINISHED record but the first
    `keep`, after checking they are only its settle step's. Returns (the job's stage ids, the
    ones whose forget record was kept)."""
    db = sqlite3.connect(journal_path(c))
    try:
        recs = records(db)
        finished = [seq for seq, op, r in recs
                    if op == MODULE_DELTA_OP and r.get("jobId") == job_id and r.get("state") == "FINISHED"]
        assert len(finished) == 1, recs[-10:]
        after = [x for x in recs if x[0] > finished[0]]
        stages = staged(c, job_id)
        # The settle step: one forget per stage, then the settled record, and nothing else.
        assert [op for _, op, _ in after] == [FORGET_STAGE_OP] * len(stages) + [MODULE_DELTA_OP], after
        assert {r["stage_id"] for _, op, r in after[:-1]} == stages, after
        assert after[-1][2] == {"jobId": job_id, "settled": True}, after
        checkpoint = db.execute("SELECT last_seq FROM checkpoint").fetchall()
        assert not checkpoint or checkpoint[0][0] < finished[0], (checkpoint, finished)  # nothing folded in
        cut = after[keep:]
        db.executemany("DELETE FROM journal WHERE seq = ?", [(seq,) for seq, _, _ in cut])
        db.commit()
        return stages, {r["stage_id"] for _, op, r in after[:keep]}
    finally:
        db.close()


@pytest.mark.parametrize("keep", [0, 1], ids=["nothing_settled", "one_stage_forgotten"])
def test_fe_killed_between_finished_and_settled_settles_on_restart(cluster, keep):
    c = cluster
    a, b = f"fe_settle{keep}_a", f"fe_settle{keep}_b"
    tablets_before = c.be_tablets()
    c.restore(f"RESTORE SNAPSHOT example_db.{LABEL} FROM example_repo ON (example_tbl AS {a}, example_tbl2 AS {b}) "
              f"PROPERTIES ({timestamp_property(c.ts)})", LABEL)
    job_id = int(c.restore_row(LABEL)["JobId"])
    finished_row = c.restore_row(LABEL)
    wait_for(lambda: settle_records(c, job_id, set())[1], timeout=30, what="the restore settled")
    c.fe.kill9()
    stages, forgotten = cut_journal_after_finished(c, job_id, keep)
    assert len(stages) == 2 and len(forgotten) == keep, (stages, forgotten)
    c.fe.start()
    # ASSERT: the restarted fe shows the job FINISHED, as it was before the crash.
    row = c.restore_row(LABEL)
    for k in ("JobId", "State", "Status", "FinishedTime", "RestoreObjs"):
        assert row[k] == finished_row[k], (k, row, finished_row)
    # ASSERT: it settles the job again: every stage forgotten once more or for the first time,
    # and the job's settled record journaled.
    wait_for(lambda: settle_records(c, job_id, stages) == (stages, True), timeout=30,
             what="the restarted fe settled the job")
    assert c.restore_state(LABEL) == "FINISHED"
    # ASSERT: the restored tables have the rows of backup time, visible once each.
    assert c.tables().count(a) == 1 and c.tables().count(b) == 1, c.tables()
    assert c.table_rows(f"example_db.{a}") == c.at[LABEL]["rows"]["example_tbl"]
    assert c.table_rows(f"example_db.{b}") == c.at[LABEL]["rows"]["example_tbl2"]
    assert c.checksum(f"example_db.{a}") == c.at[LABEL]["checksum"]["example_tbl"]
    assert c.checksum(f"example_db.{b}") == c.at[LABEL]["checksum"]["example_tbl2"]
    # ASSERT: the backends hold what they held before plus exactly the restored tables' tablets
    # (settling again drops nothing the tables use).
    c.wait_be_tablets(tablets_before | c.table_tablets(f"example_db.{a}") | c.table_tablets(f"example_db.{b}"),
                      what="tablets after a restore settled again after kill -9")
    # ASSERT: and that settling is durable: after one more kill -9 the job is still FINISHED and
    # the tables unchanged.
    c.fe.kill9()
    c.fe.start()
    assert c.restore_row(LABEL)["State"] == "FINISHED"
    assert c.table_rows(f"example_db.{a}") == c.at[LABEL]["rows"]["example_tbl"]
    assert c.table_rows(f"example_db.{b}") == c.at[LABEL]["rows"]["example_tbl2"]
