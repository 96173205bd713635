"""CREATE REPOSITORY on s3:// checks the location at once: a wrong access key, a dead endpoint, a
missing bucket, a READ ONLY repository with nothing at the location, unknown or unsupported
aws.s3.* keys are refused with a message that names the endpoint and what the server said, and
nothing is registered (SHOW REPOSITORIES stays empty, a restarted fe has nothing either). The
secret key is in none of the messages and no log."""
import pymysql
import pytest

from backup_cluster import REPO
from fe_harness import free_port
from s3_cluster import BUCKET, S3_SECRET_KEY, S3Cluster


@pytest.fixture(scope="module")
def cluster():
    c = S3Cluster()
    try:
        yield c
    finally:
        c.close()


def refused(c, **kw):
    with pytest.raises(pymysql.err.MySQLError) as e:
        c.create_repository(**kw)
    code, message = e.value.args[0], e.value.args[1]
    # ASSERT: the secret is never in an error.
    assert S3_SECRET_KEY not in message, message
    return code, message


def assert_nothing_registered(c):
    assert list(c.rows("SHOW REPOSITORIES")) == []
    assert c.objects(prefix="") == {}


def test_a_wrong_access_key_is_refused_with_the_servers_code(cluster):
    c = cluster
    _, message = refused(c, **{"aws.s3.access_key": "NOT-A-KEY"})
    assert message.startswith("Failed to create repository: "), message
    assert "InvalidAccessKeyId" in message, message
    assert c.s3.endpoint in message, message
    assert_nothing_registered(c)


def test_a_dead_endpoint_is_refused_naming_it(cluster):
    c = cluster
    dead = f"http://127.0.0.1:{free_port()}"
    _, message = refused(c, **{"aws.s3.endpoint": dead})
    assert message.startswith("Failed to create repository: "), message
    assert dead in message, message
    assert_nothing_registered(c)


def test_a_missing_bucket_is_refused(cluster):
    c = cluster
    _, message = refused(c, location="s3://no-such-bucket/p")
    assert "NoSuchBucket" in message, message
    assert c.s3.endpoint in message, message
    assert_nothing_registered(c)


def test_a_read_only_repository_needs_a_repository_at_the_location(cluster):
    c = cluster
    _, message = refused(c, read_only=True, location=f"s3://{BUCKET}/empty")
    assert message.startswith("Failed to create repository: "), message
    assert_nothing_registered(c)


def test_unknown_and_unsupported_keys_are_named(cluster):
    c = cluster
    _, message = refused(c, **{"aws.s3.no_such_key": "1"})
    assert "aws.s3.no_such_key" in message, message
    _, message = refused(c, **{"aws.s3.use_instance_profile": "true"})
    assert "aws.s3.use_instance_profile" in message and "not supported" in message.lower(), message
    _, message = refused(c, **{"aws.s3.iam_role_arn": "arn:aws:iam::1:role/x"})
    assert "aws.s3.iam_role_arn" in message and "not supported" in message.lower(), message
    assert_nothing_registered(c)


def test_nothing_comes_back_after_a_restart_and_a_good_create_still_works(cluster):
    c = cluster
    c.fe.stop()
    c.fe.start()
    assert list(c.rows("SHOW REPOSITORIES")) == []
    c.create_repository()
    assert [r["RepoName"] for r in c.rows("SHOW REPOSITORIES")] == [REPO]
    c.assert_secret_in_no_log()
