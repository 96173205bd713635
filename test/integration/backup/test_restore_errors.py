"""Refused RESTOREs: each gets StarRocks' error text, and a refused statement creates nothing
(no job in SHOW RESTORE, no database, no table, no tablet on any backend). Also privileges, and
SHOW/CANCEL RESTORE's own errors. No RESTORE in this file succeeds."""
import re

import pytest

from restore_cluster import seeded_cluster, timestamp_property

LABEL = "snapshot_label3"


@pytest.fixture(scope="module")
def cluster():
    with seeded_cluster(LABEL) as c:
        yield c


def state_of(c):
    """Everything a refused RESTORE must leave as it was."""
    return {"databases": c.databases(), "tables": c.tables(), "jobs": c.rows("SHOW RESTORE"),
            "tablets": c.be_tablets(), "rows": c.table_rows("example_db.example_tbl2")}


def refused(c, statement, user="root", password=""):
    """Runs a statement that must be refused; returns (errno, message) after checking that it
    changed nothing."""
    before = state_of(c)
    code, message = c.restore_error(statement, user, password)
    # ASSERT: nothing of a refused statement is left behind.
    assert state_of(c) == before, f"{statement!r} was refused ({message}) but changed something"
    return code, message


def stmt(c, on="ON (example_tbl AS t_r)", props=None, label=LABEL, repo="example_repo"):
    props = timestamp_property(c.ts) if props is None else props
    return f"RESTORE SNAPSHOT example_db.{label} FROM {repo} {on} PROPERTIES ({props})"


def test_missing_backup_timestamp(cluster):
    c = cluster
    _, msg = refused(c, stmt(c, props='"timeout" = "3600"'))
    assert "Missing backup_timestamp property" in msg, msg


def test_a_timestamp_that_matches_no_info_file(cluster):
    c = cluster
    _, msg = refused(c, stmt(c, props=timestamp_property("2001-02-03-04-05-06-789")))
    # ASSERT: StarRocks' wrapper text around the storage's reason.
    assert re.search(rf"Failed to get info of snapshot '{LABEL}' because: .+\. Maybe specified wrong backup timestamp",
                     msg), msg
    # ASSERT: a prefix of the real timestamp is no match either.
    _, msg = refused(c, stmt(c, props=timestamp_property(c.ts[:-1])))
    assert f"Failed to get info of snapshot '{LABEL}' because: " in msg, msg


def test_a_label_the_repository_does_not_hold(cluster):
    c = cluster
    _, msg = refused(c, stmt(c, label="no_such_label"))
    assert "Failed to get info of snapshot 'no_such_label' because: " in msg, msg


def test_a_table_not_in_the_snapshot(cluster):
    c = cluster
    _, msg = refused(c, stmt(c, on="ON (example_tbl, nope_tbl)"))
    assert f"Table nope_tbl does not exist in snapshot {LABEL}" in msg, msg


def test_a_partition_not_in_the_snapshot(cluster):
    c = cluster
    _, msg = refused(c, stmt(c, on="ON (example_tbl PARTITION (p1, p9) AS t_r)"))
    assert f"Partition p9 of table example_tbl does not exist in snapshot {LABEL}" in msg, msg


def test_an_unknown_repository(cluster):
    c = cluster
    _, msg = refused(c, stmt(c, repo="nope_repo"))
    assert "Repository nope_repo does not exist" in msg, msg


@pytest.mark.parametrize("props, text", [
    ('"timeout" = "599"', "timeout must be at least 10 min"),
    ('"timeout" = "soon"', "Invalid timeout format: soon"),
    ('"allow_load" = "maybe"', "Invalid allow load value: maybe"),
    ('"colour" = "blue"', "Unknown restore job properties: [colour]"),
    ('"Timeout" = "3600"', "Unknown restore job properties: [Timeout]"),  # keys are case-sensitive
])
def test_bad_properties(cluster, props, text):
    c = cluster
    _, msg = refused(c, stmt(c, props=f'{timestamp_property(c.ts)}, {props}'))
    assert text in msg, msg


def test_a_user_without_privileges_is_denied(cluster):
    c = cluster
    c.sql("CREATE USER 'restore_user' IDENTIFIED BY 'pw'")
    # ASSERT: REPOSITORY on SYSTEM is needed first (error 1227, StarRocks' access-denied text).
    code, msg = refused(c, stmt(c), user="restore_user", password="pw")
    assert code == 1227, (code, msg)
    assert "Access denied; you need (at least one of) the REPOSITORY privilege(s) on SYSTEM" in msg, msg
    c.sql("GRANT REPOSITORY ON SYSTEM TO USER restore_user")
    # ASSERT: with ON into an existing database: CREATE TABLE on that database.
    code, msg = refused(c, stmt(c), user="restore_user", password="pw")
    assert code == 1227 and "CREATE TABLE privilege(s) on DATABASE example_db" in msg, msg
    c.sql("GRANT CREATE TABLE ON DATABASE example_db TO USER restore_user")
    # ASSERT: and INSERT on every listed table that exists already.
    code, msg = refused(c, stmt(c, on="ON (example_tbl2)"), user="restore_user", password="pw")
    assert code == 1227 and "INSERT privilege(s) on TABLE example_db.example_tbl2" in msg, msg
    # ASSERT: without ON (a whole database): CREATE DATABASE.
    code, msg = refused(c, f"RESTORE SNAPSHOT {LABEL} FROM example_repo DATABASE example_db AS denied_db "
                           f"PROPERTIES ({timestamp_property(c.ts)})", user="restore_user", password="pw")
    assert code == 1227 and "CREATE DATABASE privilege(s)" in msg, msg


def test_show_and_cancel_restore_errors(cluster):
    c = cluster
    # ASSERT: SHOW RESTORE FROM an unknown database.
    _, msg = c.restore_error("SHOW RESTORE FROM nope_db")
    assert "Unknown database 'nope_db'" in msg, msg
    # ASSERT: CANCEL RESTORE without a job, with an unknown database, and without a database.
    _, msg = c.restore_error("CANCEL RESTORE FROM example_db")
    assert "No restore is currently running" in msg, msg
    _, msg = c.restore_error("CANCEL RESTORE FROM nope_db")
    assert "Unknown database 'nope_db'" in msg, msg
    _, msg = c.restore_error("CANCEL RESTORE")
    assert "No selected database for cancel BACKUP/RESTORE" in msg, msg
    # ASSERT: a backup job is not a restore job.
    assert not c.rows("SHOW RESTORE FROM example_db")
