// Parse() against a bare ANTLR parse of the same grammar, on the seed's example 3. Both build
// everything fresh per statement (input stream, lexer, token stream, parser); the bare parse
// builds the parse tree only: no AST, no UTF-8/size/nesting checks, no error-handling
// wrapper (the runtime's default LL prediction and error strategy). The DFA caches are warm
// for both (the first iterations fill them). Compare items_per_second of the two.
#include <benchmark/benchmark.h>

#include <string>

#include "BackupSqlLexer.h"
#include "BackupSqlParser.h"
#include "antlr4-runtime.h"
#include "plugin/src/sql/internal/case_insensitive_stream.h"
#include "plugin/src/sql/internal/utf8.h"
#include "plugin/src/sql/parser.h"

namespace {

const std::string kSeedExample3 =
    "BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), example_tbl2);";

void BM_Parse(benchmark::State& state) {
  for (auto _ : state) {
    auto parsed = feb::sql::Parse(kSeedExample3);
    if (!parsed.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Parse);

void BM_BareAntlrParse(benchmark::State& state) {
  for (auto _ : state) {
    // The keyword-matching stream is part of the grammar's contract (case-insensitive
    // keywords), so the bare parse uses it too.
    std::u32string code_points;
    feb::sql::internal::DecodeUtf8(kSeedExample3, &code_points);
    feb::sql::internal::CaseInsensitiveStream input(kSeedExample3, std::move(code_points));
    feb_backup_sql_gen::BackupSqlLexer lexer(&input);
    antlr4::CommonTokenStream tokens(&lexer);
    feb_backup_sql_gen::BackupSqlParser parser(&tokens);
    auto* tree = parser.singleStatement();
    if (parser.getNumberOfSyntaxErrors() != 0) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(tree);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BareAntlrParse);

}  // namespace

BENCHMARK_MAIN();
