"""The BACKUP / RESTORE cluster with its repository on an S3-compatible server: npm `s3rver` on a
free port, the repository `s3://<bucket>/<prefix>` created with StarRocks' aws.s3.* properties,
and every check of what the repository holds made through a real S3 client (awscli): the
objects are listed with `aws s3api list-objects-v2` and fetched with `aws s3 sync` into a local
mirror, which the file:// checks of backup_cluster.py then read.

Assumptions (checked nowhere else, so a mismatch fails loudly here):
- s3rver accepts any secret key but checks the access key id (`S3RVER`), so a test secret can
  be a distinctive string to look for in logs.
- s3rver keeps an unfinished multipart upload until it is completed or aborted and lists it in
  ListMultipartUploads.
"""
import os
import sys

from backup_cluster import REPO  # first: it puts fe_harness on the path
from restore_cluster import RestoreCluster
from s3_hold_proxy import HoldProxy

sys.path.insert(0, os.environ.get("FEB_S3_TEST_DIR") or
                os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "s3"))
from s3_server import ACCESS_KEY as S3_ACCESS_KEY, S3Server  # noqa: E402

# s3rver checks the access key id only: any secret is accepted, so the tests use one that
# appears nowhere else and grep the logs for it.
S3_SECRET_KEY = "feb-test-secret-7c1d2e9a4b"
BUCKET = "feb-bucket"
PREFIX = "backups/team1"


def list_objects(s3, bucket=BUCKET, prefix=PREFIX):
    """{key: size} of every object under `prefix`, as `aws s3api list-objects-v2` pages through them."""
    out = s3.aws("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", prefix)
    return {o["Key"]: o["Size"] for o in (out or {}).get("Contents", [])}


class S3Cluster(RestoreCluster):
    """RestoreCluster whose REPO is `s3://BUCKET/PREFIX` on a fresh s3rver (`self.s3`), checked
    through awscli (`self.s3.aws`); `repo_dir` is the local mirror sync_repo() fills."""

    def __init__(self, be_config=None, proxy=False, **fe_config):
        """`proxy`: the repository reaches the server through a HoldProxy (`self.proxy`), which
        lets a test hold chosen requests; awscli always talks to the server directly."""
        self.s3 = S3Server(buckets=[BUCKET]).start()
        self.proxy = HoldProxy(self.s3.port) if proxy else None
        self.repo_endpoint = self.proxy.endpoint if proxy else self.s3.endpoint
        super().__init__(be_config, **fe_config)
        self.repo_dir = os.path.join(self.work, "mirror")
        os.makedirs(self.repo_dir, exist_ok=True)

    def close(self):
        try:
            super().close()
        finally:
            if self.proxy:
                self.proxy.close()
            self.s3.close()

    def location(self, bucket=BUCKET, prefix=PREFIX, scheme="s3"):
        return f"{scheme}://{bucket}/{prefix}"

    def properties(self, **overrides):
        props = {"aws.s3.access_key": S3_ACCESS_KEY, "aws.s3.secret_key": S3_SECRET_KEY,
                 "aws.s3.endpoint": self.repo_endpoint, "aws.s3.region": "us-east-1"}
        props.update(overrides)
        return ", ".join(f'"{k}" = "{v}"' for k, v in props.items() if v is not None)

    def create_repository(self, name=REPO, read_only=False, location=None, **props):
        ro = "READ ONLY " if read_only else ""
        self.sql(f'CREATE {ro}REPOSITORY {name} WITH BROKER ON LOCATION "{location or self.location()}" '
                 f"PROPERTIES ({self.properties(**props)})")

    def create_big_table(self, mb=24, name="big"):
        """example_db.<name>: one tablet, one replica, one rowset file of about `mb` MB (one
        INSERT of random text), so that its upload is a multipart upload of several parts."""
        self.sql(f"""CREATE TABLE example_db.{name} (k BIGINT NOT NULL, v STRING) DUPLICATE KEY(k)
                     DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""")
        value = 16 * 1024
        rows = mb * 1024 * 1024 // value
        self.sql(f"INSERT INTO example_db.{name} VALUES " +
                 ", ".join(f"({i}, '{os.urandom(value // 2).hex()}')" for i in range(rows)))
        return rows

    def objects(self, prefix=PREFIX):
        return list_objects(self.s3, prefix=prefix)

    def open_uploads(self):
        """Keys of the bucket's unfinished multipart uploads (ListMultipartUploads)."""
        return self.s3.open_uploads(BUCKET)

    def sync_repo(self):
        """Mirrors s3://BUCKET/PREFIX into repo_dir with awscli, after checking that the listing
        and the mirror agree object for object."""
        listed = self.objects()
        self.s3.aws("s3", "sync", "--delete", "--only-show-errors", f"s3://{BUCKET}/{PREFIX}", self.repo_dir)
        mirrored = {}
        for dirpath, _, files in os.walk(self.repo_dir):
            for name in files:
                p = os.path.join(dirpath, name)
                mirrored[PREFIX + "/" + os.path.relpath(p, self.repo_dir)] = os.path.getsize(p)
        assert mirrored == listed, (sorted(set(mirrored) ^ set(listed))[:10], "listing and download differ")
        return listed

    def log_files(self):
        """Every log and output file of the fe and the backends (not the journal, which keeps the
        repository's properties by design)."""
        out = []
        for dirpath, _, files in os.walk(self.work):
            if os.path.abspath(dirpath).startswith(os.path.abspath(self.fe.config["meta_dir"])):
                continue
            if os.path.abspath(dirpath).startswith(os.path.abspath(self.repo_dir)):
                continue
            for name in files:
                if name.endswith((".out", ".log")) or ".log." in name or name.startswith(("fe.", "be.")):
                    out.append(os.path.join(dirpath, name))
        return out

    def assert_secret_in_no_log(self):
        files = self.log_files()
        assert any("fe.out" in f for f in files), files
        for path in files:
            with open(path, "rb") as f:
                assert S3_SECRET_KEY.encode() not in f.read(), f"the secret key is in {path}"
