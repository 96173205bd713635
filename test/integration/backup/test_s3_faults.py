"""BACKUP to S3 of a table whose one tablet file is 20 MB+: it goes up as a multipart upload of
several parts; the S3 server killed (kill -9) in the middle of that upload and restarted, and the
fe killed (kill -9) in the middle of it and restarted, both end FINISHED with a snapshot whose
every object has its md5 as its name and equals the backend's file; CANCEL in the middle leaves
no __info, no unfinished multipart upload, and a snapshot never listed OK.

The upload is stopped at a chosen part by the HoldProxy between the backends and the server
(s3_hold_proxy.py): while part 2 of the big file is held, the backend is inside that upload."""
import collections
import hashlib
import os
import urllib.parse

from s3_cluster import PREFIX, S3Cluster
from s3_hold_proxy import part_upload_of
from backup_cluster import wait_for

BIG_MB = 24
PART_HOLD = 2


def big_cluster():
    c = S3Cluster(proxy=True)
    c.create_example_db()
    c.rows_big = c.create_big_table(BIG_MB)
    return c


def parts_per_object(c):
    """{key: number of distinct UploadPart numbers} from what passed through the proxy."""
    parts = collections.defaultdict(set)
    for method, path, query in c.proxy.requests():
        q = urllib.parse.parse_qs(query)
        if method == "PUT" and "partNumber" in q and "uploadId" in q:
            parts[path].add(int(q["partNumber"][0]))
    return parts


def big_file_parts(c):
    return {k: v for k, v in parts_per_object(c).items() if ".dat." in k}


def assert_big_snapshot(c, label):
    c.verify_snapshot(label, {"big": None})
    # ASSERT: the big rowset file went up in several parts, as one object of its md5 name.
    parts = big_file_parts(c)
    assert parts and max(len(p) for p in parts.values()) >= 3, dict(parts)
    sizes = [s for k, s in c.objects().items() if f"__ss_{label}/" in k and ".dat." in k]
    assert max(sizes) >= 20 * 1024 * 1024, sizes
    # ASSERT: nothing unfinished is left on the server.
    assert c.open_uploads() == []


def held_backup(c, label):
    """Starts BACKUP of example_db.big and returns once part PART_HOLD of its big file is held."""
    hold = c.proxy.hold(part_upload_of(".dat.", PART_HOLD))
    c.sql(f"BACKUP SNAPSHOT example_db.{label} TO example_repo ON (big)")
    hold.wait_engaged(timeout=120, what=f"part {PART_HOLD} of the big file of {label} held")
    # ASSERT: the backend is inside a multipart upload now.
    assert c.open_uploads(), "no multipart upload in progress while a part is held"
    # ASSERT: while it uploads, SHOW SNAPSHOT does not list the snapshot as OK.
    assert c.snapshots().get(label, {}).get("Status") != "OK"
    return hold


def test_s3_server_killed_mid_upload_and_restarted_finishes():
    c = big_cluster()
    try:
        hold = held_backup(c, "s3_killed")
        c.s3.kill()
        hold.release("drop")  # the held part's connection dies with the server
        c.s3.start()          # same port, same data directory
        row = c.wait_state("s3_killed", ("FINISHED", "CANCELLED"), timeout=240)
        assert row["State"] == "FINISHED", row
        assert_big_snapshot(c, "s3_killed")
        assert c.snapshots()["s3_killed"]["Status"] == "OK"
    finally:
        c.close()


def test_fe_killed_mid_upload_finishes_after_restart():
    c = big_cluster()
    try:
        hold = held_backup(c, "fe_killed")
        c.fe.kill9()
        hold.release("forward")
        c.fe.start()
        row = c.wait_state("fe_killed", ("FINISHED", "CANCELLED"), timeout=240)
        assert row["State"] == "FINISHED", row
        assert_big_snapshot(c, "fe_killed")
        c.assert_secret_in_no_log()
    finally:
        c.close()


def test_cancel_mid_upload_leaves_no_info_no_multipart_upload_and_no_ok_snapshot():
    c = big_cluster()
    try:
        hold = held_backup(c, "cancelled")
        c.sql("CANCEL BACKUP FROM example_db")
        hold.release("forward")
        row = c.wait_state("cancelled", ("FINISHED", "CANCELLED"), timeout=120)
        assert row["State"] == "CANCELLED", row
        # ASSERT: every multipart upload of the cancelled job is completed or aborted (the backend
        # learns of the cancel at its next progress report: wait for it, with a deadline).
        wait_for(lambda: c.open_uploads() == [], timeout=60, what="no unfinished multipart upload")
        # ASSERT: no __info was written, and SHOW SNAPSHOT never lists it as OK.
        keys = c.objects()
        assert not [k for k in keys if "__ss_cancelled/" in k and "/__info_" in k], sorted(keys)
        assert c.snapshots().get("cancelled", {}).get("Status") != "OK"
        # ASSERT: every object the cancelled job left has the md5 its name claims (a cancel never
        # leaves a wrong object under a final name).
        c.sync_repo()
        for key in keys:
            if "__ss_cancelled/" not in key:
                continue
            name = key.rsplit("/", 1)[1]
            with open(os.path.join(c.repo_dir, os.path.relpath(key, PREFIX)), "rb") as f:
                assert hashlib.md5(f.read()).hexdigest() == name.rsplit(".", 1)[1], key
        # ASSERT: a new BACKUP of the same table afterwards finishes.
        c.backup("BACKUP SNAPSHOT example_db.after_cancel TO example_repo ON (big)", "after_cancel", timeout=240)
        assert_big_snapshot(c, "after_cancel")
    finally:
        c.close()
