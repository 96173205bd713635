// Runs the real parse_sql binary with input on stdin and checks its output and exit status.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
};

class ParseSqlCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = FEB_PARSE_SQL_PATH;  // set by CMake: the parse_sql built with this test
    ASSERT_TRUE(std::filesystem::exists(binary_)) << binary_;
    char tmpl[] = "/tmp/parse_sql_cli_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CliRun RunWith(const std::string& input, const std::string& args = "") {
    std::string in = dir_ + "/in.sql";
    std::string out = dir_ + "/out.txt";
    std::ofstream(in, std::ios::binary) << input;
    std::string cmd = "'" + binary_ + "' " + args + " < '" + in + "' > '" + out + "' 2>&1";
    int status = std::system(cmd.c_str());
    CliRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream f(out, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    r.out = ss.str();
    return r;
  }

  std::string binary_;
  std::string dir_;
};

TEST_F(ParseSqlCliTest, PrintsEveryStatementNormalizedAndExitsZero) {
  CliRun r = RunWith(
      "BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo PROPERTIES (\"type\" = \"full\");\n"
      "backup snapshot example_db.snapshot_label2 to example_repo on (example_tbl);\n"
      "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), example_tbl2);\n"
      "-- a comment; with a semicolon\n"
      "SHOW SNAPSHOT ON example_repo WHERE SNAPSHOT = 'a;b'; show repositories");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out,
            "BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo PROPERTIES (\"type\" = \"full\");\n"
            "BACKUP SNAPSHOT example_db.snapshot_label2 TO example_repo ON (example_tbl);\n"
            "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON (example_tbl PARTITION (p1, p2), "
            "example_tbl2);\n"
            "SHOW SNAPSHOT ON example_repo WHERE `SNAPSHOT` = 'a;b';\n"
            "SHOW REPOSITORIES;\n");
}

TEST_F(ParseSqlCliTest, ReportsErrorsWithPositionsInTheWholeInputAndExitsOne) {
  CliRun r = RunWith("SHOW BACKUP;\nSHOW REPOSITORIES; RESTORE SNAPSHOT db.label FORM repo;\nDROP REPOSITORY r;");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out,
            "SHOW BACKUP;\n"
            "SHOW REPOSITORIES;\n"
            "ERROR 1064 (42000): Getting syntax error at line 2, column 45. Detail message: Unexpected input 'FORM', "
            "the most similar input is {'FROM'}.\n"
            "RESTORE SNAPSHOT db.label FORM repo\n"
            "                          ^\n"
            "DROP REPOSITORY r;\n");
}

TEST_F(ParseSqlCliTest, LinesModeTakesOneStatementPerLine) {
  CliRun r = RunWith("SHOW BACKUP\n\nCANCEL BACKUP FROM db;\nBACKUP SNAPSHOT x\n", "--lines");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out.substr(0, r.out.find("ERROR")), "SHOW BACKUP;\nCANCEL BACKUP FROM db;\n");
  EXPECT_NE(r.out.find("ERROR 1064 (42000): Getting syntax error at line 4, column 17."), std::string::npos) << r.out;
}

TEST_F(ParseSqlCliTest, EmptyInputIsFine) {
  CliRun r = RunWith("  \n-- nothing\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
}

TEST_F(ParseSqlCliTest, BinaryGarbageIsAnErrorNotACrash) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) % 256));
  CliRun r = RunWith(garbage);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("ERROR 1064 (42000): Getting syntax error"), std::string::npos);
}

TEST_F(ParseSqlCliTest, HelpAndBadUsage) {
  CliRun help = RunWith("", "--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage: parse_sql"), std::string::npos);
  CliRun bad = RunWith("", "--bogus");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("unknown argument '--bogus'"), std::string::npos);
}

}  // namespace
