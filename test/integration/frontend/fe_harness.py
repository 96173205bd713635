"""Starts real `fe` processes on free loopback ports for the integration tests."""
import os
import signal
import socket
import subprocess
import tempfile
import time

FE_BIN = os.environ.get("FE_BIN", "")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Fe:
    """One fe process with its own folder; restartable on the same meta_dir and ports."""

    def __init__(self, workdir=None, **config):
        self.dir = workdir or tempfile.mkdtemp(prefix="fe_it_")
        self.query_port = free_port()
        self.config = {
            "query_port": str(self.query_port),
            "rpc_port": str(free_port()),
            "http_port": str(free_port()),
            "meta_dir": os.path.join(self.dir, "meta"),
            "log_dir": os.path.join(self.dir, "log"),
            "plugins": "",
        }
        self.config.update({k: str(v) for k, v in config.items()})
        self.proc = None

    def start(self):
        # A port free_port() found can be taken by another test's process before fe binds it
        # (tests run in parallel): the first start then tries other ports. A restart keeps its
        # ports, as the tests expect.
        for attempt in range(5):
            self._spawn()
            try:
                wait_for(self._listening, what=f"fe on port {self.query_port}")
                self.started = True
                return self
            except AssertionError:
                if getattr(self, "started", False) or attempt == 4 or "Address already in use" not in self.output():
                    raise
                self.query_port = free_port()
                for k in ("rpc_port", "http_port"):
                    self.config[k] = str(free_port())
                self.config["query_port"] = str(self.query_port)
        return self

    def _spawn(self):
        conf = os.path.join(self.dir, "fe.conf")
        os.makedirs(self.dir, exist_ok=True)
        with open(conf, "w") as f:
            f.write("# written by the integration test\n")
            for k in ("meta_dir", "log_dir"):
                f.write(f"{k} = {self.config[k]}\n")
        args = [FE_BIN, f"--conf={conf}"] + [f"--{k}={v}" for k, v in self.config.items() if k not in ("meta_dir", "log_dir")]
        self.out = open(os.path.join(self.dir, "fe.out"), "ab")
        self.proc = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT)

    def _listening(self):
        if self.proc.poll() is not None:
            raise AssertionError(f"fe exited with {self.proc.returncode}: {self.output()}")
        try:
            with socket.create_connection(("127.0.0.1", self.query_port), timeout=1) as s:
                s.recv(1)
            return True
        except OSError:
            return False

    def output(self):
        with open(os.path.join(self.dir, "fe.out"), "rb") as f:
            return f.read().decode(errors="replace")

    def log(self):
        text = ""
        logdir = self.config["log_dir"]
        for name in sorted(os.listdir(logdir)):
            if name.startswith("fe.") and ".log.INFO." in name:
                with open(os.path.join(logdir, name), errors="replace") as f:
                    text += f.read()
        return text

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("fe did not stop within 20 s of SIGTERM")
        return self.proc.returncode if self.proc else None

    def mysql(self, sql, user="root", password="", database=None, check=True):
        args = ["mysql", "-h127.0.0.1", f"-P{self.query_port}", f"-u{user}", "--batch", "--skip-column-names"]
        if password:
            args.append(f"-p{password}")
        if database:
            args.append(f"-D{database}")
        args += ["-e", sql]
        r = subprocess.run(args, capture_output=True, text=True, timeout=60)
        if check and r.returncode != 0:
            raise AssertionError(f"mysql failed ({r.returncode}): {r.stderr}")
        return r

    def pymysql(self, user="root", password="", database=None, **kw):
        import pymysql
        return pymysql.connect(host="127.0.0.1", port=self.query_port, user=user, password=password,
                               database=database, **kw)


BE_BIN = os.environ.get("BE_BIN", "")


class Be:
    """One be process; ports are chosen by the be (0) the first time and kept for restarts."""

    def __init__(self, root, **config):
        self.root = root
        os.makedirs(root, exist_ok=True)
        self.ports = {"be_port": 0, "heartbeat_service_port": 0, "brpc_port": 0}
        self.config = {k: str(v) for k, v in config.items()}  # extra be config keys, as flags
        self.proc = None

    def start(self):
        args = [BE_BIN, f"--storage_root_path={self.root}", "--report_task_interval_seconds=1"] + \
               [f"--{k}={v}" for k, v in self.config.items()] + \
               [f"--{k}={v}" for k, v in self.ports.items()]
        self.out_path = os.path.join(self.root, "..", os.path.basename(self.root) + ".out")
        self.out = open(self.out_path, "ab")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.out)
        line = self.proc.stdout.readline().decode()
        assert line.startswith("be listening:"), f"be did not start: {line!r}"
        for part in line.split(":", 1)[1].split():
            k, v = part.split("=")
            self.ports[k] = int(v)
        return self

    @property
    def address(self):
        return f"127.0.0.1:{self.ports['heartbeat_service_port']}"

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
