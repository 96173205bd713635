"""A fault-injecting HTTP proxy for S3 tests: it forwards requests to a target server (s3rver)
and, by rules set at any time, answers some of them with 500 / 503 / SlowDown or resets the
connection at a chosen point, so that retries and aborts can be tested against a real server.

    from fault_proxy import FaultProxy
    proxy = FaultProxy(target_port).start()      # in-process; proxy.endpoint for the client
    proxy.set_rules([{"method": "PUT", "match": "partNumber=2", "action": "reset", "times": 1}])
    proxy.log()                                  # [{"request": "PUT /b/k?...", "action": ...}]
    proxy.stop()

Out of process (for C++ tests): `python3 fault_proxy.py TARGET_PORT` prints "PORT <n>" and runs
until stdin closes; rules then go as JSON to POST /__fault__/rules, the log comes from
GET /__fault__/log, and POST /__fault__/clear empties it.

A rule: "method" (optional, exact), "match" (optional, a substring of path?query, decoded),
"skip" (matching requests let through first, default 0), "times" (how many to hit then,
default 1; -1 = all), "action":
  "500" / "503"       an S3 <Error> with that status (InternalError / ServiceUnavailable)
  "slowdown"          503 SlowDown
  "reset"             read the request, then reset the connection without forwarding it
  "reset_after"       forward it (the server applies it), then reset instead of answering
  "reset_mid_body"    forward it, send the answer's headers and half its body, then reset
The first rule that matches a request decides; requests no rule hits are forwarded unchanged.
"""
import json
import socket
import socketserver
import struct
import sys
import threading
import urllib.parse

CONTROL = "/__fault__/"
ERRORS = {
    "500": (500, "Internal Server Error", "InternalError", "We encountered an internal error. Please try again."),
    "503": (503, "Service Unavailable", "ServiceUnavailable", "Service is unable to handle request."),
    "slowdown": (503, "Slow Down", "SlowDown", "Please reduce your request rate."),
}


def read_head(f):
    """Request or status line plus headers, or None at EOF."""
    first = f.readline(65536)
    if not first:
        return None
    lines = [first]
    while True:
        line = f.readline(65536)
        if not line:
            return None
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            return lines


def headers_of(lines):
    out = {}
    for line in lines[1:]:
        if b":" in line:
            k, v = line.split(b":", 1)
            out[k.strip().lower().decode("latin-1")] = v.strip().decode("latin-1")
    return out


def read_body(f, headers, raw_chunks=None):
    if "chunked" in headers.get("transfer-encoding", "").lower():
        out = b""
        while True:
            size_line = f.readline(65536)
            if raw_chunks is not None:
                raw_chunks.append(size_line)
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            data = f.read(size + 2)
            if raw_chunks is not None:
                raw_chunks.append(data)
            out += data[:-2]
            if size == 0:
                return out
    n = int(headers.get("content-length", "0") or "0")
    return f.read(n) if n else b""


def reset(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class Rules:
    def __init__(self):
        self.lock = threading.Lock()
        self.rules = []
        self.entries = []

    def set(self, rules):
        with self.lock:
            self.rules = [dict(r, _seen=0, _hit=0) for r in rules]

    def decide(self, method, target):
        with self.lock:
            action = None
            for r in self.rules:
                if r.get("method") and r["method"] != method:
                    continue
                if r.get("match") and r["match"] not in target:
                    continue
                r["_seen"] += 1
                if r["_seen"] <= r.get("skip", 0):
                    continue
                times = r.get("times", 1)
                if times >= 0 and r["_hit"] >= times:
                    continue
                r["_hit"] += 1
                action = r["action"]
                break
            self.entries.append({"request": f"{method} {target}", "action": action or "forward"})
            return action

    def log(self):
        with self.lock:
            return list(self.entries)

    def clear(self):
        with self.lock:
            self.entries = []


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        upstream = None
        try:
            while True:
                head = read_head(self.rfile)
                if head is None:
                    return
                method, target, _ = head[0].decode("latin-1").split(" ", 2)
                headers = headers_of(head)
                if headers.get("expect", "").lower() == "100-continue":
                    self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                    self.wfile.flush()
                    head = [h for h in head if not h.lower().startswith(b"expect:")]
                body = read_body(self.rfile, headers)
                if target.startswith(CONTROL):
                    self.control(method, target[len(CONTROL):], body)
                    continue
                action = self.server.rules.decide(method, urllib.parse.unquote(target))
                if action in ERRORS:
                    status, reason, code, message = ERRORS[action]
                    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
                           f'<Message>{message}</Message></Error>').encode()
                    self.wfile.write(f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/xml\r\n"
                                     f"Content-Length: {len(xml)}\r\n\r\n".encode() + xml)
                    self.wfile.flush()
                    continue
                if action == "reset":
                    reset(self.connection)
                    return
                resp_head = None
                for _ in range(2):  # a kept-alive upstream connection may have been closed meanwhile
                    if upstream is None:
                        upstream = socket.create_connection(("127.0.0.1", self.server.target_port), timeout=60)
                        up_r = upstream.makefile("rb")
                    try:
                        upstream.sendall(b"".join(head) + body)
                        resp_head = read_head(up_r)
                    except OSError:
                        resp_head = None
                    if resp_head is not None:
                        break
                    upstream.close()
                    upstream = None
                if resp_head is None:
                    reset(self.connection)
                    return
                status = int(resp_head[0].split(b" ")[1])
                resp_headers = headers_of(resp_head)
                raw = []
                if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
                    resp_body = b""
                elif "chunked" in resp_headers.get("transfer-encoding", "").lower():
                    read_body(up_r, resp_headers, raw)
                    resp_body = b"".join(raw)
                else:
                    resp_body = read_body(up_r, resp_headers)
                if action == "reset_after":
                    reset(self.connection)
                    return
                if action == "reset_mid_body":
                    self.wfile.write(b"".join(resp_head) + resp_body[: len(resp_body) // 2])
                    self.wfile.flush()
                    reset(self.connection)
                    return
                self.wfile.write(b"".join(resp_head) + resp_body)
                self.wfile.flush()
                if resp_headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, OSError, ValueError):
            return
        finally:
            if upstream is not None:
                upstream.close()

    def control(self, method, what, body):
        out = b"{}"
        if method == "POST" and what == "rules":
            self.server.rules.set(json.loads(body or b"[]"))
        elif method == "POST" and what == "clear":
            self.server.rules.clear()
        elif method == "GET" and what == "log":
            out = json.dumps(self.server.rules.log()).encode()
        self.wfile.write(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(out)}\r\n\r\n"
                         .encode() + out)
        self.wfile.flush()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FaultProxy:
    def __init__(self, target_port):
        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.target_port = target_port
        self.server.rules = Rules()
        self.port = self.server.server_address[1]
        self.thread = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def set_rules(self, rules):
        self.server.rules.set(rules)

    def log(self):
        return self.server.rules.log()

    def clear(self):
        self.server.rules.clear()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        if self.thread:
            self.thread.join()


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    proxy = FaultProxy(int(argv[1])).start()
    print(f"PORT {proxy.port}", flush=True)
    sys.stdin.read()
    proxy.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
