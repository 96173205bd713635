"""Round trips of `SELECT 1` per second from N concurrent connections (one process each)."""
import multiprocessing
import sys
import time

import pymysql


def worker(port, seconds, out):
    conn = pymysql.connect(host="127.0.0.1", port=port, user="root", password="")
    cur = conn.cursor()
    for _ in range(200):  # warm up
        cur.execute("SELECT 1")
        cur.fetchall()
    n = 0
    deadline = time.monotonic() + seconds
    start = time.monotonic()
    while time.monotonic() < deadline:
        cur.execute("SELECT 1")
        cur.fetchall()
        n += 1
    out.put((n, time.monotonic() - start))
    conn.close()


def main():
    port, connections, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    q = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=worker, args=(port, seconds, q)) for _ in range(connections)]
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    total = sum(n for n, _ in results)
    elapsed = max(t for _, t in results)
    print(f"{total / elapsed:.0f}")


if __name__ == "__main__":
    main()
