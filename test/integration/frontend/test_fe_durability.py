"""Durability and plugins: kill -9 and restart, users and grants, module loading."""
import os
import shutil

import pymysql
import pytest

from fe_harness import Fe


def test_kill9_and_restart_keep_everything_acknowledged():
    fe = Fe(checkpoint_interval_records=5).start()
    try:
        fe.mysql("CREATE DATABASE k1")
        fe.mysql("CREATE USER 'alice'@'%' IDENTIFIED BY 'pw1'")
        fe.mysql("GRANT SELECT ON ALL TABLES IN DATABASE k1 TO USER alice")
        for i in range(12):  # enough records for a checkpoint in between
            fe.mysql(f"CREATE DATABASE many_{i}")
        fe.mysql("DROP DATABASE many_3")
        fe.kill9()
        fe.start()
        dbs = fe.mysql("SHOW DATABASES").stdout.split()
        assert "k1" in dbs and "many_11" in dbs and "many_3" not in dbs
        grants = fe.mysql("SHOW GRANTS FOR alice").stdout
        assert "GRANT SELECT ON ALL TABLES IN DATABASE k1 TO USER 'alice'@'%'" in grants
        assert fe.mysql("select current_user()", user="alice", password="pw1").stdout == "'alice'@'%'\n"
        fe.mysql("SET PASSWORD FOR alice = PASSWORD('pw2')")
        fe.kill9()
        fe.start()
        assert fe.mysql("select 1", user="alice", password="pw1", check=False).returncode != 0
        assert fe.mysql("select 1", user="alice", password="pw2").stdout == "1\n"
    finally:
        fe.stop()
        shutil.rmtree(fe.dir, ignore_errors=True)


def test_users_without_a_privilege_are_denied_with_starrocks_text():
    fe = Fe().start()
    try:
        fe.mysql("CREATE DATABASE g")
        fe.mysql("CREATE USER bob IDENTIFIED BY 'b'")
        r = fe.mysql("CREATE DATABASE bobs", user="bob", password="b", check=False)
        assert "ERROR 1227 (42000)" in r.stderr
        assert "Access denied; you need (at least one of) the CREATE DATABASE privilege(s) on SYSTEM" in r.stderr
        r = fe.mysql("CREATE USER x", user="bob", password="b", check=False)
        assert "ERROR 1227" in r.stderr
        fe.mysql("GRANT db_admin TO USER bob")
        fe.mysql("CREATE DATABASE bobs", user="bob", password="b")
        conn = fe.pymysql(user="bob", password="b")
        with conn.cursor() as c:
            c.execute("SHOW GRANTS")
            assert c.description[0][0] == "UserIdentity"
            assert any("db_admin" in row[2] for row in c.fetchall())
        conn.close()
        fe.mysql("REVOKE db_admin FROM USER bob")
        fe.mysql("DROP USER bob")
        r = fe.mysql("select 1", user="bob", password="b", check=False)
        assert "ERROR 1045 (28000)" in r.stderr
    finally:
        fe.stop()
        shutil.rmtree(fe.dir, ignore_errors=True)


def test_plugins_load_through_host_h_and_a_wrong_abi_is_refused():
    echo = os.environ["ECHO_PLUGIN"]
    wrong = os.environ["WRONG_ABI_PLUGIN"]
    fe = Fe(plugins=f"{echo},{wrong},/nonexistent/libfe_backup.so").start()
    try:
        assert fe.mysql("ECHO hello there").stdout == "hello there\troot\n"
        assert "ERROR 1064" in fe.mysql("ECHO ERROR", check=False).stderr
        fe.mysql("ECHO again")
        fe.kill9()
        fe.start()
        assert fe.mysql("ECHO REPLAYED").stdout == "hello there,again\t0\n"
        log = fe.log()
        assert "refused: built for host ABI version" in log
        assert "/nonexistent/libfe_backup.so not found; skipped" in log
        assert "loaded plugin echo" in log
    finally:
        fe.stop()
        shutil.rmtree(fe.dir, ignore_errors=True)


def test_help_and_bad_flags():
    import subprocess
    from fe_harness import FE_BIN
    r = subprocess.run([FE_BIN, "--help"], capture_output=True, text=True, timeout=10)
    assert r.returncode == 0 and "query_port" in r.stdout and "meta_dir" in r.stdout
    r = subprocess.run([FE_BIN, "--conf=/nonexistent/fe.conf"], capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "cannot read config file /nonexistent/fe.conf" in r.stderr
