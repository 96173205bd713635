"""An HTTP proxy in front of the S3 server, run in the test process: it forwards every request,
records what passed (method, path, query), and can hold the requests a rule matches until the
test releases them (forwarded then, or answered by a dropped connection, as a dead server would).
That is how the S3 tests stop an upload at a chosen part deterministically: while a part is
held, the backend is inside that upload, and the test kills or cancels something.

Assumptions: the backends' S3 client sends plain HTTP/1.1 with Content-Length or chunked bodies
and accepts a response with Content-Length (the proxy re-frames every response that way)."""
import http.client
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fe_harness import wait_for


class Hold:
    """Requests matching `rule(method, path, query)` wait in the proxy until release()."""

    def __init__(self, rule):
        self.rule = rule
        self.engaged = threading.Event()
        self.released = threading.Event()
        self.mode = "forward"
        self.requests = []  # (method, path, query) held so far

    def wait_engaged(self, timeout=60, what="a held request"):
        wait_for(self.engaged.is_set, timeout=timeout, what=what)
        return self.requests[0]

    def release(self, mode="forward"):
        """`forward`: the held requests go on to the server; `drop`: their connections are closed
        without an answer."""
        self.mode = mode
        self.released.set()


class HoldProxy:
    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.seen = []   # (method, path, query) of every request, in arrival order
        self.holds = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    out = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return out
                        out += self.rfile.read(size)
                        self.rfile.readline()
                n = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(n) if n else b""

            def _handle(self):
                body = self._body()
                url = urllib.parse.urlsplit(self.path)
                what = (self.command, url.path, url.query)
                with proxy.lock:
                    proxy.seen.append(what)
                    holds = [h for h in proxy.holds if not h.released.is_set() and h.rule(*what)]
                for h in holds:
                    h.requests.append(what)
                    h.engaged.set()
                    h.released.wait()
                    if h.mode == "drop":
                        self.close_connection = True
                        try:
                            self.connection.shutdown(socket.SHUT_RDWR)
                        except OSError:
                            pass
                        return
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("transfer-encoding", "content-length", "connection")}
                if body or self.command in ("PUT", "POST"):
                    headers["Content-Length"] = str(len(body))
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=120)
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    conn.close()
                except OSError:
                    # the server is down: the client sees a dropped connection, as without a proxy
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                self.send_response(resp.status, resp.reason)
                for k, v in resp.getheaders():
                    if k.lower() not in ("transfer-encoding", "content-length", "connection"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def hold(self, rule):
        h = Hold(rule)
        with self.lock:
            self.holds.append(h)
        return h

    def requests(self):
        with self.lock:
            return list(self.seen)

    def close(self):
        with self.lock:
            for h in self.holds:
                h.release("drop")
        self.server.shutdown()
        self.server.server_close()


def part_upload_of(key_part, part_number):
    """A rule: the UploadPart request number `part_number` of an object whose key contains
    `key_part`."""
    def rule(method, path, query):
        q = urllib.parse.parse_qs(query)
        return method == "PUT" and key_part in path and q.get("partNumber") == [str(part_number)] and "uploadId" in q
    return rule
