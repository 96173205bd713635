"""Real clients against a real fe: the mysql CLI, PyMySQL and MariaDB Connector/J."""
import os
import shutil
import subprocess
import tempfile

import pymysql
import pytest

from fe_harness import Fe


@pytest.fixture(scope="module")
def fe():
    f = Fe().start()
    yield f
    assert f.stop() == 0, "fe should exit 0 on SIGTERM"
    shutil.rmtree(f.dir, ignore_errors=True)


def test_mysql_cli_select_ddl_and_errors(fe):
    assert fe.mysql("select 1").stdout == "1\n"
    assert "reference frontend" in fe.mysql("select @@version_comment limit 1").stdout
    fe.mysql("CREATE DATABASE cli_db")
    assert "cli_db" in fe.mysql("SHOW DATABASES").stdout.split()
    assert fe.mysql("SELECT DATABASE()", database="cli_db").stdout == "cli_db\n"
    r = fe.mysql("CREATE DATABASE cli_db", check=False)
    assert r.returncode == 1
    assert "ERROR 1007 (HY000)" in r.stderr and "database exists" in r.stderr
    r = fe.mysql("SELEC 1", check=False)
    assert "ERROR 1064 (42000)" in r.stderr
    assert "Getting syntax error at line 1, column 0. Detail message: Unexpected input 'SELEC'" in r.stderr
    r = fe.mysql("USE nope", check=False)
    assert "ERROR 1049 (42000)" in r.stderr and "Unknown database 'nope'" in r.stderr
    r = fe.mysql("select 1", user="root", password="wrong", check=False)
    assert "ERROR 1045 (28000)" in r.stderr
    r = fe.mysql("select 1", database="nope", check=False)
    assert "ERROR 1049" in r.stderr


def test_pymysql_session_variables_and_types(fe):
    conn = fe.pymysql(charset="utf8mb4", autocommit=False)
    try:
        with conn.cursor() as c:
            c.execute("SELECT 1, 'a''b', NULL, @@max_allowed_packet")
            row = c.fetchone()
            assert row == (1, "a'b", None, 67108864)
            assert c.description[0][1] == pymysql.constants.FIELD_TYPE.LONGLONG
            c.execute("SHOW VARIABLES LIKE 'autocommit'")
            assert c.fetchall() == (("autocommit", "0"),)
            c.execute("SET NAMES utf8mb4")
            c.execute("CREATE DATABASE IF NOT EXISTS py_db")
            conn.select_db("py_db")
            c.execute("SELECT DATABASE()")
            assert c.fetchone() == ("py_db",)
            with pytest.raises(pymysql.err.OperationalError) as e:
                c.execute("SELECT * FROM py_db.missing")
            assert e.value.args[0] == 1051
            conn.commit()
            conn.ping()
    finally:
        conn.close()


def test_statements_over_16_megabytes_are_joined_and_answered_in_split_packets(fe):
    conn = fe.pymysql(max_allowed_packet=64 << 20)
    try:
        big = "x" * (17 * 1024 * 1024)
        with conn.cursor() as c:
            c.execute("SELECT '" + big + "'")
            (value,) = c.fetchone()
            assert len(value) == len(big)
            assert value == big
            c.execute("SELECT 2")
            assert c.fetchone() == (2,)
    finally:
        conn.close()


JAVA = r"""
import java.sql.*;
public class FeJdbc {
  public static void main(String[] a) throws Exception {
    String url = "jdbc:mysql://127.0.0.1:" + a[0] + "/?user=root&password=";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT 1")) { r.next(); System.out.println("one=" + r.getInt(1)); }
      s.execute("CREATE DATABASE IF NOT EXISTS jdbc_db");
      s.execute("USE jdbc_db");
      try (ResultSet r = s.executeQuery("SELECT DATABASE()")) { r.next(); System.out.println("db=" + r.getString(1)); }
      try (ResultSet r = s.executeQuery("SHOW DATABASES")) {
        while (r.next()) System.out.println("database=" + r.getString("Database"));
      }
      try { s.executeQuery("SELECT * FROM nope"); } catch (SQLException e) {
        System.out.println("error=" + e.getErrorCode() + " " + e.getSQLState());
      }
    }
  }
}
"""


def test_mariadb_connector_j(fe):
    jar = "/usr/share/java/mariadb-java-client.jar"
    if not os.path.exists(jar) or not shutil.which("javac"):
        pytest.fail("libmariadb-java and a JDK are needed (build.sh deps installs them)")
    work = tempfile.mkdtemp(prefix="fe_jdbc_", dir=os.environ.get("FEB_BINARY_DIR"))
    try:
        with open(os.path.join(work, "FeJdbc.java"), "w") as f:
            f.write(JAVA)
        subprocess.run(["javac", "-d", work, os.path.join(work, "FeJdbc.java")], check=True, timeout=120)
        r = subprocess.run(["java", "-cp", f"{work}:{jar}", "FeJdbc", str(fe.query_port)],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        assert "one=1" in lines
        assert "db=jdbc_db" in lines
        assert "database=jdbc_db" in lines
        assert "error=1051 42S02" in lines
    finally:
        shutil.rmtree(work, ignore_errors=True)
