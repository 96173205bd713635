"""What the end-to-end benches share: a PyMySQL client for one statement, waiting for a
BACKUP/RESTORE job to end, byte counts of directory trees, and loading a table with random
text through INSERT. Every bench uses database DB."""
import os

import pymysql

DB = "bench_db"


def query(fe, sql, dict_rows=False):
    conn = fe.pymysql(autocommit=True, connect_timeout=10, read_timeout=1800, write_timeout=1800)
    try:
        cls = pymysql.cursors.DictCursor if dict_rows else pymysql.cursors.Cursor
        with conn.cursor(cls) as c:
            c.execute(sql)
            return c.fetchall()
    finally:
        conn.close()


def job_row(fe, show, label, key):
    """The newest row of SHOW BACKUP/RESTORE (`show`) whose `key` column is `label`."""
    rows = [r for r in query(fe, f"SHOW {show} FROM {DB}", dict_rows=True) if r[key] == label]
    return rows[-1] if rows else None


def wait_done(fe, show, label, key, timeout):
    """Waits until the job ends; its row when FINISHED, AssertionError otherwise."""
    from fe_harness import wait_for

    def done():
        r = job_row(fe, show, label, key)
        return r if r and r["State"] in ("FINISHED", "CANCELLED") else None
    row = wait_for(done, timeout=timeout, what=f"{show} {label} to end")
    if row["State"] != "FINISHED":
        raise AssertionError(f"{show} {label} ended {row['State']}: {row['Status']}")
    return row


def tree_bytes(*paths):
    """(bytes, files) of every file under the paths."""
    total = files = 0
    for path in paths:
        for dirpath, _, names in os.walk(path):
            for name in names:
                total += os.path.getsize(os.path.join(dirpath, name))
                files += 1
    return total, files


def load(fe, table, mb, row_bytes, rows_per_insert):
    """INSERTs of `rows_per_insert` rows of `row_bytes` random hex characters into DB.`table`
    (a list of tables: round robin, each at least one INSERT) until `mb` MB; returns the rows
    written."""
    tables = table if isinstance(table, list) else [table]
    total_rows = max(1, mb * 1024 * 1024 // row_bytes)
    k = 0
    i = 0
    while k < total_rows or i < len(tables):
        n = min(rows_per_insert, total_rows - k) if k < total_rows else rows_per_insert
        values = ", ".join(f"({k + j}, '{os.urandom(row_bytes // 2).hex()}')" for j in range(n))
        query(fe, f"INSERT INTO {DB}.{tables[i % len(tables)]} VALUES {values}")
        k += n
        i += 1
    return k
