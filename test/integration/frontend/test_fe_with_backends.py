"""fe with real be processes: heartbeats, CREATE TABLE on replicas, INSERT/SELECT/CHECKSUM, grants,
kill -9 of fe and of a be."""
import os
import shutil
import tempfile

import pymysql
import pytest

from fe_harness import Be, Fe, wait_for


@pytest.fixture(scope="module")
def cluster():
    work = tempfile.mkdtemp(prefix="fe_be_it_")
    bes = [Be(os.path.join(work, f"be{i}")).start() for i in range(2)]
    fe = Fe(os.path.join(work, "fe"), heartbeat_interval_ms=200, heartbeat_timeout_second=2)
    os.makedirs(fe.dir, exist_ok=True)
    fe.start()
    yield fe, bes
    fe.stop()
    for b in bes:
        b.stop()
    shutil.rmtree(work, ignore_errors=True)


def alive(fe):
    conn = fe.pymysql()
    try:
        with conn.cursor(pymysql.cursors.DictCursor) as c:
            c.execute("SHOW BACKENDS")
            return {r["HeartbeatPort"]: r["Alive"] for r in c.fetchall()}
    finally:
        conn.close()


def query(fe, sql, user="root", password=""):
    conn = fe.pymysql(user=user, password=password)
    try:
        with conn.cursor() as c:
            c.execute(sql)
            return c.fetchall()
    finally:
        conn.close()


def test_backends_join_and_tables_live_on_their_replicas(cluster):
    fe, bes = cluster
    fe.mysql("ALTER SYSTEM ADD BACKEND " + ", ".join(f'"{b.address}"' for b in bes))
    r = fe.mysql(f'ALTER SYSTEM ADD BACKEND "{bes[0].address}"', check=False)
    assert "Same backend already exists" in r.stderr
    wait_for(lambda: set(alive(fe).values()) == {"true"}, what="both backends alive")
    fe.mysql("CREATE DATABASE sales")
    fe.mysql("""CREATE TABLE sales.orders (
                  id BIGINT NOT NULL, day DATE NOT NULL, item VARCHAR(32), amount DECIMAL(10, 2))
                DUPLICATE KEY(id, day)
                PARTITION BY RANGE(day) (
                  PARTITION p2024 VALUES LESS THAN ("2025-01-01"),
                  PARTITION p2025 VALUES LESS THAN ("2026-01-01"))
                DISTRIBUTED BY HASH(id) BUCKETS 4
                PROPERTIES ("replication_num" = "2")""")
    tablets = query(fe, "SHOW TABLET FROM sales.orders")
    assert len(tablets) == 2 * 4 * 2  # partitions x buckets x replicas
    assert {t[2] for t in tablets} == {str(b) for b in set(int(t[2]) for t in tablets)}
    fe.mysql("""INSERT INTO sales.orders VALUES
                  (1, '2024-03-01', 'apple', 1.50), (2, '2025-07-09', 'pear', 2.25),
                  (3, '2024-12-31', NULL, 9.99), (4, '2025-01-01', 'fig', 0.10)""")
    rows = query(fe, "SELECT * FROM sales.orders ORDER BY id")
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert rows[2][2] is None
    assert query(fe, "SELECT COUNT(*) FROM sales.orders") == ((4,),)
    parts = query(fe, "SHOW PARTITIONS FROM sales.orders")
    assert [(p[1], p[2]) for p in parts] == [("p2024", "2"), ("p2025", "2")]
    checksum = query(fe, "CHECKSUM TABLE sales.orders")
    assert checksum[0][0] == "sales.orders"
    fe.mysql("""ALTER TABLE sales.orders ADD PARTITION p2026 VALUES LESS THAN ("2027-01-01")""")
    fe.mysql("INSERT INTO sales.orders VALUES (5, '2026-02-02', 'kiwi', 3.00)")
    assert query(fe, "SELECT COUNT(*) FROM sales.orders") == ((5,),)
    fe.mysql("ALTER TABLE sales.orders DROP PARTITION p2026")
    assert query(fe, "SELECT COUNT(*) FROM sales.orders") == ((4,),)
    assert query(fe, "CHECKSUM TABLE sales.orders") == checksum
    assert "PARTITION p2024 VALUES LESS THAN" in query(fe, "SHOW CREATE TABLE sales.orders")[0][1]


def test_privileges_on_tables(cluster):
    fe, _ = cluster
    fe.mysql("CREATE USER reader IDENTIFIED BY 'r'")
    fe.mysql("GRANT SELECT ON TABLE sales.orders TO USER reader")
    assert query(fe, "SELECT COUNT(*) FROM sales.orders", user="reader", password="r") == ((4,),)
    with pytest.raises(pymysql.err.MySQLError) as e:
        query(fe, "INSERT INTO sales.orders VALUES (9, '2024-01-01', 'x', 1)", user="reader", password="r")
    assert e.value.args[0] == 1227
    assert "the INSERT privilege(s) on TABLE orders" in e.value.args[1]
    fe.mysql("GRANT INSERT ON ALL TABLES IN DATABASE sales TO USER reader")
    query(fe, "INSERT INTO sales.orders VALUES (9, '2024-01-01', 'x', 1)", user="reader", password="r")
    fe.mysql("TRUNCATE TABLE sales.orders")
    assert query(fe, "SELECT COUNT(*) FROM sales.orders") == ((0,),)
    fe.mysql("""INSERT INTO sales.orders VALUES
                  (1, '2024-03-01', 'apple', 1.50), (2, '2025-07-09', 'pear', 2.25),
                  (3, '2024-12-31', NULL, 9.99), (4, '2025-01-01', 'fig', 0.10)""")


def test_kill9_of_fe_keeps_tables_and_data(cluster):
    fe, _ = cluster
    before = query(fe, "CHECKSUM TABLE sales.orders")
    rows = query(fe, "SELECT * FROM sales.orders ORDER BY id")
    fe.kill9()
    fe.start()
    wait_for(lambda: set(alive(fe).values()) == {"true"}, what="backends alive after fe restart")
    assert query(fe, "SELECT * FROM sales.orders ORDER BY id") == rows
    assert query(fe, "CHECKSUM TABLE sales.orders") == before


def test_a_dead_backend_stops_being_alive_and_comes_back(cluster):
    fe, bes = cluster
    port = str(bes[1].ports["heartbeat_service_port"])
    bes[1].kill9()
    wait_for(lambda: alive(fe)[port] == "false", what="backend marked not alive")
    # Every tablet still has a live replica on the other backend.
    assert query(fe, "SELECT COUNT(*) FROM sales.orders") == ((4,),)
    bes[1].start()
    wait_for(lambda: alive(fe)[port] == "true", what="backend alive again")
    fe.mysql("DROP TABLE sales.orders")
    with pytest.raises(pymysql.err.MySQLError) as e:
        query(fe, "SELECT * FROM sales.orders")
    assert e.value.args[0] == 1051
