// AstBuilder: parse tree -> the module's AST. Keeps no meaning: it copies what was written
// and rejects only the forms StarRocks rejects while parsing (DATABASE together with db.label,
// aliases in BACKUP, database or ON with external catalogs, RESTORE ON without a database,
// CANCEL RESTORE without a database, over-long dotted labels, LIMIT overflow).
// Internal: includes ANTLR headers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "BackupSqlParser.h"
#include "common/status/result.h"
#include "plugin/src/sql/backup_object.h"
#include "plugin/src/sql/expr.h"
#include "plugin/src/sql/external_catalogs.h"
#include "plugin/src/sql/identifier.h"
#include "plugin/src/sql/internal/case_insensitive_stream.h"
#include "plugin/src/sql/property_list.h"
#include "plugin/src/sql/show_filter.h"
#include "plugin/src/sql/statement.h"

namespace feb::sql::internal {

class AstBuilder {
 public:
  using P = feb_backup_sql_gen::BackupSqlParser;

  // `sql` and `stream` are what was parsed; `origin` shifts every position (ParseOptions).
  AstBuilder(std::string_view sql, SourcePos origin, const CaseInsensitiveStream* stream)
      : sql_(sql), origin_(origin), stream_(stream) {}

  Result<std::unique_ptr<Statement>> Build(P::SingleStatementContext* ctx) const;

 private:
  Result<std::unique_ptr<Statement>> Backup(P::BackupStatementContext* ctx) const;
  Result<std::unique_ptr<Statement>> Restore(P::RestoreStatementContext* ctx) const;
  Result<std::unique_ptr<Statement>> CancelBackup(P::CancelBackupStatementContext* ctx) const;
  Result<std::unique_ptr<Statement>> CancelRestore(P::CancelRestoreStatementContext* ctx) const;
  Result<std::unique_ptr<Statement>> ShowJobs(StatementKind kind, antlr4::Token* start,
                                              P::IdentifierContext* database, P::ShowFilterContext* filter) const;
  Result<std::unique_ptr<Statement>> ShowSnapshot(P::ShowSnapshotStatementContext* ctx) const;
  Result<std::unique_ptr<Statement>> CreateRepository(P::CreateRepositoryStatementContext* ctx) const;
  Result<std::unique_ptr<Statement>> DropRepository(P::DropRepositoryStatementContext* ctx) const;
  Result<std::unique_ptr<Statement>> DropSnapshot(P::DropSnapshotStatementContext* ctx) const;

  Status Label(P::QualifiedNameContext* ctx, std::optional<Identifier>* db, Identifier* label) const;
  ExternalCatalogs Catalogs(P::ExternalCatalogClauseContext* ctx) const;
  BackupObject Object(P::BackupObjectContext* ctx) const;
  PropertyList Properties(P::PropertiesContext* ctx) const;
  Result<ShowFilter> Filter(P::ShowFilterContext* ctx) const;
  Result<uint64_t> Integer(antlr4::Token* token) const;

  Expr Expression(P::ExpressionContext* ctx) const;
  Expr AndExpression(P::AndExpressionContext* ctx) const;
  Expr NotExpression(P::NotExpressionContext* ctx) const;
  Expr Predicate(P::PredicateContext* ctx) const;
  Expr Primary(P::PrimaryExpressionContext* ctx) const;

  Identifier Ident(P::IdentifierContext* ctx) const;
  Identifier IdentOrString(P::IdentifierOrStringContext* ctx) const;
  std::vector<Identifier> Qualified(P::QualifiedNameContext* ctx) const;
  std::string StringValue(P::StringContext* ctx) const;
  std::string Text(antlr4::Token* token) const;
  std::string Text(antlr4::ParserRuleContext* ctx) const;
  SourcePos Pos(antlr4::Token* token) const;       // in the caller's coordinates (origin applied)
  SourcePos LocalPos(antlr4::Token* token) const;  // relative to sql_
  // A syntax error covering `ctx` (StarRocks' "from line .. to line .." form).
  Status ErrorAt(antlr4::ParserRuleContext* ctx, std::string_view detail) const;

  std::string_view sql_;
  SourcePos origin_;
  const CaseInsensitiveStream* stream_;
};

}  // namespace feb::sql::internal
