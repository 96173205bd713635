"""Starts the S3 test server (npm s3rver 3.7.1, installed by `./build.sh deps` into tools/s3/)
on a free loopback port, for the integration tests; plus awscli/botocore helpers to look at
what a real S3 client sees.

    from s3_server import S3Server
    with S3Server(buckets=["bucket"]) as s3:        # started, bucket created
        s3.endpoint                                  # "http://127.0.0.1:PORT"
        s3.properties()                              # aws.s3.* for CREATE REPOSITORY
        s3.aws("s3api", "list-objects-v2", "--bucket", "bucket")
        s3.kill(); s3.start()                        # same port and data: a crash and restart

Quirks of s3rver (see docs/s3.md): it does not check signatures; only the access key id is
checked (S3RVER; another gets 403 InvalidAccessKeyId). s3rver_main.js adds what it lacks and the
storage relies on: Content-MD5 checks, AbortMultipartUpload and ListMultipartUploads.

Also runnable for non-python callers: `python3 s3_server.py serve DIR BUCKET...` prints
"PORT <n>" once the server answers and stops it when stdin closes.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "frontend"))
from fe_harness import free_port, wait_for  # noqa: E402  (re-exported for the S3 tests)

ACCESS_KEY = "S3RVER"
SECRET_KEY = "S3RVER"
REGION = "us-east-1"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
S3RVER_JS = os.path.join(ROOT, "tools", "s3", "node_modules", "s3rver", "bin", "s3rver.js")
MAIN_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "s3rver_main.js")
AWS_BIN = "/usr/bin/aws"


def _die_with_parent():
    """In the child: SIGKILL when the process that started it dies (no orphaned servers)."""
    import ctypes
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class S3Server:
    """One s3rver process with its own data folder; restartable on the same port and data."""

    def __init__(self, workdir=None, buckets=("bucket",), port=None):
        if not os.path.exists(S3RVER_JS):
            raise AssertionError(f"s3rver is not installed at {S3RVER_JS}: run ./build.sh deps")
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="s3rver_")
        self.data = os.path.join(self.dir, "data")
        os.makedirs(self.data, exist_ok=True)
        self.buckets = list(buckets)
        self.port = port or free_port()
        self.proc = None
        self.started = False

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def properties(self, access_key=ACCESS_KEY, secret_key=SECRET_KEY, endpoint=None):
        return {"aws.s3.access_key": access_key, "aws.s3.secret_key": secret_key,
                "aws.s3.endpoint": endpoint or self.endpoint, "aws.s3.region": REGION}

    def start(self):
        # Another test's process may take the free port first: a first start tries others.
        for attempt in range(5):
            self._spawn()
            try:
                wait_for(self._answering, timeout=20, what=f"s3rver on port {self.port}")
                break
            except AssertionError:
                self.kill()
                if self.started or attempt == 4:
                    raise AssertionError(f"s3rver did not start: {self.output()}")
                self.port = free_port()
        self.started = True
        return self

    def _spawn(self):
        self.log = open(os.path.join(self.dir, "s3rver.out"), "ab")
        env = dict(os.environ)
        env.pop("NODE_OPTIONS", None)
        # --openssl-legacy-provider: truncated listings encrypt their continuation token with
        # DES, which node 20's OpenSSL 3 refuses otherwise (500 ERR_OSSL_EVP_UNSUPPORTED).
        # s3rver_main.js: s3rver plus Content-MD5 checks, AbortMultipartUpload and
        # ListMultipartUploads, which s3rver 3.7.1 lacks; buckets are created at start.
        self.proc = subprocess.Popen(
            ["node", "--openssl-legacy-provider", MAIN_JS, self.data, str(self.port), *self.buckets],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
            preexec_fn=_die_with_parent)

    def _answering(self):
        if self.proc.poll() is not None:
            return None
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                return s.recv(12).startswith(b"HTTP/1.1")
        except OSError:
            return False

    def output(self):
        try:
            with open(os.path.join(self.dir, "s3rver.out"), "rb") as f:
                return f.read().decode(errors="replace")[-2000:]
        except OSError:
            return ""

    def create_bucket(self, name):
        """PUT /<name> through botocore (bucket creation needs no signature check here)."""
        client = self.client()
        try:
            client.create_bucket(Bucket=name)
        except client.exceptions.BucketAlreadyOwnedByYou:
            pass
        except client.exceptions.BucketAlreadyExists:
            pass

    def client(self, access_key=ACCESS_KEY):
        import botocore.session
        from botocore.config import Config
        session = botocore.session.get_session()
        return session.create_client(
            "s3", endpoint_url=self.endpoint, aws_access_key_id=access_key, aws_secret_access_key=SECRET_KEY,
            region_name=REGION, config=Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                                               retries={"max_attempts": 1}))

    def aws(self, *args, check=True):
        """Runs Debian's awscli against this server; returns stdout (JSON parsed when it is)."""
        home = os.path.join(self.dir, "aws_home")
        os.makedirs(home, exist_ok=True)
        env = {"PATH": "/usr/bin:/bin", "HOME": home, "AWS_ACCESS_KEY_ID": ACCESS_KEY,
               "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "AWS_DEFAULT_REGION": REGION,
               "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": ""}
        p = subprocess.run([AWS_BIN, "--endpoint-url", self.endpoint, "--output", "json", *args],
                           capture_output=True, text=True, env=env, timeout=120)
        if check and p.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed ({p.returncode}): {p.stderr}")
        out = p.stdout.strip()
        try:
            return json.loads(out) if out else {}
        except ValueError:
            return out

    def list_keys(self, bucket, prefix=""):
        """Every key under `prefix`, as `aws s3api list-objects-v2` pages through them."""
        out = self.aws("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", prefix)
        return [o["Key"] for o in (out or {}).get("Contents", [])]

    def open_uploads(self, bucket, prefix=""):
        out = self.aws("s3api", "list-multipart-uploads", "--bucket", bucket, "--prefix", prefix)
        return [u["Key"] for u in (out or {}).get("Uploads", []) or []]

    def kill(self):
        """SIGKILL (a crash); start() brings it back on the same port and data."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def close(self):
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()


def main(argv):
    if len(argv) < 2 or argv[1] != "serve":
        print(__doc__)
        return 2
    workdir = argv[2] if len(argv) > 2 else None
    server = S3Server(workdir=workdir, buckets=argv[3:] or ["bucket"])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the server on the way out
    try:
        server.start()
        print(f"PORT {server.port}", flush=True)
        sys.stdin.read()  # until the caller closes our stdin (or dies)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
