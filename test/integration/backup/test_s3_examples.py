"""The seed's three BACKUP examples into an s3:// repository on a real S3-compatible server
(s3rver), checked with a real S3 client (awscli), and RESTOREd back row for row: the same layout
as file://, every object's md5 equal to its name, nothing unpublished, no multipart upload left,
SHOW SNAPSHOT / SHOW REPOSITORIES / a READ ONLY repository on the same location, and the secret
key in no SHOW output and no log file."""
import hashlib
import os

import pytest

from restore_cluster import make_seed_snapshots, timestamp_property
from s3_cluster import BUCKET, PREFIX, S3_SECRET_KEY, S3Cluster

TABLES = {
    "snapshot_label1": {"example_tbl": ["p1", "p2"], "example_tbl2": None},
    "snapshot_label2": {"example_tbl": ["p1", "p2"]},
    "snapshot_label3": {"example_tbl": ["p1", "p2"], "example_tbl2": None},
}


@pytest.fixture(scope="module")
def cluster():
    c = S3Cluster()
    try:
        c.at = make_seed_snapshots(c)
        yield c
    finally:
        c.close()


def test_the_snapshots_are_in_the_bucket_in_starrocks_layout_with_md5_names(cluster):
    c = cluster
    listed = c.sync_repo()
    root = f"{PREFIX}/__starrocks_repository_example_repo/"
    # ASSERT: everything is under <prefix>/__starrocks_repository_<repo>/, with its __repo_info.
    assert all(k.startswith(root) for k in listed), sorted(listed)[:5]
    assert root + "__repo_info" in listed
    for label, tables in TABLES.items():
        # ASSERT: each snapshot has __meta.<md5>, one __info_<ts>.<md5>, and its tablets' files,
        # each equal to the backend's file (verify_snapshot reads the awscli mirror).
        c.verify_snapshot(label, tables)
        names = [k[len(root):] for k in listed if k.startswith(f"{root}__ss_{label}/")]
        assert [n for n in names if n.startswith(f"__ss_{label}/__meta.")], names
        assert len([n for n in names if n.startswith(f"__ss_{label}/__info_")]) == 1, names
    # ASSERT: every object's bytes (fetched by awscli) have the md5 its name ends with; no
    # staging object is left.
    checked = 0
    for key in listed:
        if key.endswith("__repo_info"):
            continue
        name = key.rsplit("/", 1)[1]
        assert not name.endswith(".part"), key
        with open(os.path.join(c.repo_dir, os.path.relpath(key, PREFIX)), "rb") as f:
            assert hashlib.md5(f.read()).hexdigest() == name.rsplit(".", 1)[1], key
        checked += 1
    assert checked > 20, checked
    # ASSERT: no multipart upload is left unfinished.
    assert c.open_uploads() == []


def test_show_snapshot_lists_the_three_snapshots_ok(cluster):
    c = cluster
    snaps = c.snapshots()
    assert set(snaps) == set(TABLES), snaps
    for label, row in snaps.items():
        assert row["Status"] == "OK", row
        assert row["Timestamp"] == c.at[label]["ts"]


@pytest.mark.parametrize("label", sorted(TABLES))
def test_each_snapshot_restores_row_for_row(cluster, label):
    c = cluster
    n = label[-1]
    tables = TABLES[label]
    on = ", ".join(f"{t} AS {t}_s3_{n}" for t in tables)
    c.restore(f"RESTORE SNAPSHOT example_db.{label} FROM example_repo ON ({on}) "
              f"PROPERTIES ({timestamp_property(c.at[label]['ts'])})", label)
    for t in tables:
        # ASSERT: the restored table holds exactly the source's rows at backup time.
        assert c.table_rows(f"example_db.{t}_s3_{n}") == c.at[label]["rows"][t], (label, t)


def test_a_read_only_repository_on_the_same_location_lists_and_restores(cluster):
    c = cluster
    c.sql("DROP REPOSITORY example_repo")
    c.create_repository(read_only=True)
    repos = {r["RepoName"]: r for r in c.rows("SHOW REPOSITORIES")}
    assert repos["example_repo"]["IsReadOnly"] == "true"
    assert repos["example_repo"]["Location"] == f"s3://{BUCKET}/{PREFIX}"
    # ASSERT: it reads the same root: the same snapshots, OK.
    assert {k: v["Status"] for k, v in c.snapshots().items()} == {k: "OK" for k in TABLES}
    # ASSERT: a BACKUP to it is refused.
    with pytest.raises(Exception) as e:
        c.sql("BACKUP SNAPSHOT example_db.to_ro TO example_repo ON (example_tbl2)")
    assert "read only" in str(e.value).lower(), e.value
    # ASSERT: a RESTORE from it works.
    label = "snapshot_label2"
    c.restore(f"RESTORE SNAPSHOT example_db.{label} FROM example_repo ON (example_tbl AS from_ro) "
              f"PROPERTIES ({timestamp_property(c.at[label]['ts'])})", label)
    assert c.table_rows("example_db.from_ro") == c.at[label]["rows"]["example_tbl"]


def test_s3a_locations_work_the_same(cluster):
    c = cluster
    c.create_repository(name="s3a_repo", location=f"s3a://{BUCKET}/{PREFIX}")
    c.backup("BACKUP SNAPSHOT example_db.via_s3a TO s3a_repo ON (example_tbl2)", "via_s3a")
    listed = c.objects(prefix=f"{PREFIX}/__starrocks_repository_s3a_repo/__ss_via_s3a/")
    assert [k for k in listed if "/__info_" in k], sorted(listed)
    snaps = {r["Snapshot"]: r for r in c.rows("SHOW SNAPSHOT ON s3a_repo")}
    assert snaps["via_s3a"]["Status"] == "OK", snaps


def test_the_secret_key_is_in_no_show_output_and_no_log(cluster):
    c = cluster
    shown = []
    for statement in ("SHOW REPOSITORIES", "SHOW SNAPSHOT ON example_repo", "SHOW BACKUP FROM example_db",
                      "SHOW RESTORE FROM example_db", "SHOW BACKUP", "SHOW RESTORE"):
        for row in c.sql(statement):
            shown.extend(str(x) for x in row)
    assert shown
    # ASSERT: no SHOW cell carries the secret.
    assert not [x for x in shown if S3_SECRET_KEY in x]
    # ASSERT: no fe or be log or output file carries it.
    c.assert_secret_in_no_log()
