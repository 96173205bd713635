// Fuzzes Parse() (plus Claims() and SplitStatements()) on arbitrary bytes. Besides "no crash,
// no sanitizer report", it checks the AST contract: a statement that parses prints as SQL that
// parses again to an equal statement, and printing is stable. Internal errors are bugs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "plugin/src/analysis/restore_analyzer.h"
#include "plugin/src/sql/claims.h"
#include "plugin/src/sql/parser.h"
#include "plugin/src/sql/restore_stmt.h"
#include "plugin/src/sql/statement_splitter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  (void)feb::sql::Claims(sql);
  for (const feb::sql::StatementSlice& s : feb::sql::SplitStatements(sql)) {
    if (s.text.data() < sql.data() || s.text.data() + s.text.size() > sql.data() + sql.size()) std::abort();
  }

  auto parsed = feb::sql::Parse(sql);
  if (!parsed.ok()) {
    if (parsed.status().code() == feb::StatusCode::kInternal) std::abort();
    return 0;
  }
  std::string printed = (*parsed)->ToSql();
  auto again = feb::sql::Parse(printed);
  if (!again.ok()) std::abort();
  if (!(**parsed == **again)) std::abort();
  if ((*again)->ToSql() != printed) std::abort();
  // RESTORE's statement checks (aliases, duplicates, typed properties) run on anything that parses.
  if ((*parsed)->kind() == feb::sql::StatementKind::kRestore) {
    feb::plugin::AnalyzedRestore out;
    feb::Status s = feb::plugin::RestoreAnalyzer::AnalyzeStatement(
        static_cast<const feb::sql::RestoreStmt&>(**parsed), 3, &out);
    if (s.ok() && (out.timeout_ms < feb::plugin::AnalyzedRestore::kMinTimeoutMs || out.replication_num < 1)) std::abort();
  }
  return 0;
}
