#include "plugin/src/sql/internal/ast_builder.h"

#include <charconv>

#include "plugin/src/sql/backup_stmt.h"
#include "plugin/src/sql/cancel_job_stmt.h"
#include "plugin/src/sql/create_repository_stmt.h"
#include "plugin/src/sql/drop_repository_stmt.h"
#include "plugin/src/sql/drop_snapshot_stmt.h"
#include "plugin/src/sql/internal/syntax_error.h"
#include "plugin/src/sql/restore_stmt.h"
#include "plugin/src/sql/show_jobs_stmt.h"
#include "plugin/src/sql/show_repositories_stmt.h"
#include "plugin/src/sql/show_snapshot_stmt.h"
#include "plugin/src/sql/sql_text.h"

namespace feb::sql::internal {

namespace {

// StarRocks' parser messages (ParserErrorMsg), verbatim.
constexpr std::string_view kDbBeforeLabelWithDatabase =
    "Specifying dbName before snapshot name is forbidden if the DbName is specified explicitly in BACKUP/RESTORE";
constexpr std::string_view kAliasInBackup = "Specifying alias for backup object is forbidden in BACKUP stmt";
constexpr std::string_view kOnWithoutDbInRestore =
    "`ON` clause is forbidden if no Database explicitly specified in Restore stmt";
constexpr std::string_view kDbWithExternalCatalog = "Can not sepcify database name for external catalog Backup/Restore";
constexpr std::string_view kOnWithExternalCatalog = "Can not sepcify `ON` clause for external catalog Backup/Restore";
constexpr std::string_view kNoDbForCancel = "No selected database for cancel BACKUP/RESTORE";

template <typename T>
Result<std::unique_ptr<Statement>> Done(std::unique_ptr<T> stmt) {
  return std::unique_ptr<Statement>(std::move(stmt));
}

}  // namespace

// ---- tokens and positions -------------------------------------------------------------------

std::string AstBuilder::Text(antlr4::Token* token) const {
  return std::string(stream_->Slice(token->getStartIndex(), token->getStopIndex()));
}

std::string AstBuilder::Text(antlr4::ParserRuleContext* ctx) const {
  return std::string(stream_->Slice(ctx->getStart()->getStartIndex(), ctx->getStop()->getStopIndex()));
}

SourcePos AstBuilder::LocalPos(antlr4::Token* token) const {
  return SourcePos{static_cast<int>(token->getLine()), static_cast<int>(token->getCharPositionInLine())};
}

SourcePos AstBuilder::Pos(antlr4::Token* token) const {
  SourcePos p = LocalPos(token);
  if (p.line == 1) p.column += origin_.column;
  p.line += origin_.line - 1;
  return p;
}

Status AstBuilder::ErrorAt(antlr4::ParserRuleContext* ctx, std::string_view detail) const {
  antlr4::Token* start = ctx->getStart();
  antlr4::Token* stop = ctx->getStop();
  SourcePos begin = LocalPos(start);
  std::optional<SourcePos> end;
  if (stop != nullptr && stop->getStopIndex() >= stop->getStartIndex()) {
    SourcePos e = LocalPos(stop);
    e.column += static_cast<int>(stop->getStopIndex() - stop->getStartIndex() + 1);
    end = e;
  }
  return SyntaxErrorAt(sql_, origin_, begin, end, detail);
}

Identifier AstBuilder::Ident(P::IdentifierContext* ctx) const {
  antlr4::Token* t = ctx->getStart();
  std::string text = Text(t);
  if (ctx->BACKQUOTED_IDENTIFIER() != nullptr) text = UnquoteIdentifier(text);
  return Identifier{std::move(text), Pos(t)};
}

std::string AstBuilder::StringValue(P::StringContext* ctx) const { return UnquoteString(Text(ctx->getStart())); }

Identifier AstBuilder::IdentOrString(P::IdentifierOrStringContext* ctx) const {
  if (ctx->identifier() != nullptr) return Ident(ctx->identifier());
  return Identifier{StringValue(ctx->string()), Pos(ctx->getStart())};
}

std::vector<Identifier> AstBuilder::Qualified(P::QualifiedNameContext* ctx) const {
  std::vector<Identifier> parts;
  for (P::IdentifierContext* id : ctx->identifier()) parts.push_back(Ident(id));
  return parts;
}

Result<uint64_t> AstBuilder::Integer(antlr4::Token* token) const {
  std::string text = Text(token);
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return SyntaxErrorAt(sql_, origin_, LocalPos(token), std::nullopt, "Numeric overflow " + Abbreviate(text));
  }
  return v;
}

// ---- shared clauses -------------------------------------------------------------------------

Status AstBuilder::Label(P::QualifiedNameContext* ctx, std::optional<Identifier>* db, Identifier* label) const {
  std::vector<Identifier> parts = Qualified(ctx);
  if (parts.size() > 2) return ErrorAt(ctx, "Invalid table name format '" + Abbreviate(Text(ctx)) + "'");
  if (parts.size() == 2) *db = std::move(parts[0]);
  *label = std::move(parts.back());
  return Status::OK();
}

ExternalCatalogs AstBuilder::Catalogs(P::ExternalCatalogClauseContext* ctx) const {
  ExternalCatalogs out;
  out.pos = Pos(ctx->getStart());
  if (ctx->ALL() != nullptr) {
    out.scope = ExternalCatalogs::Scope::kAll;
    return out;
  }
  out.scope = ExternalCatalogs::Scope::kListed;
  for (P::CatalogItemContext* item : ctx->catalogItem()) {
    ExternalCatalogRef ref{Ident(item->name), std::nullopt};
    if (item->alias != nullptr) ref.alias = Ident(item->alias);
    out.catalogs.push_back(std::move(ref));
  }
  return out;
}

BackupObject AstBuilder::Object(P::BackupObjectContext* ctx) const {
  BackupObject o;
  o.pos = Pos(ctx->getStart());
  if (ctx->FUNCTION() != nullptr || ctx->FUNCTIONS() != nullptr) {
    o.kind = BackupObjectKind::kFunction;
  } else if (ctx->MATERIALIZED() != nullptr && (ctx->VIEW() != nullptr || ctx->VIEWS() != nullptr)) {
    o.kind = BackupObjectKind::kMaterializedView;
  } else if (ctx->VIEW() != nullptr || ctx->VIEWS() != nullptr) {
    o.kind = BackupObjectKind::kView;
  }
  if (ctx->ALL() != nullptr) {
    o.all = true;
    return o;
  }
  o.name = Qualified(ctx->qualifiedName());
  if (P::PartitionNamesContext* p = ctx->partitionNames()) {
    o.partitions.pos = Pos(p->getStart());
    o.partitions.temporary = p->TEMPORARY() != nullptr;
    for (P::IdentifierOrStringContext* name : p->identifierOrString()) o.partitions.names.push_back(IdentOrString(name));
  }
  if (ctx->alias != nullptr) o.alias = Ident(ctx->alias);
  return o;
}

PropertyList AstBuilder::Properties(P::PropertiesContext* ctx) const {
  PropertyList out;
  if (ctx == nullptr) return out;
  out.pos = Pos(ctx->getStart());
  for (P::PropertyContext* p : ctx->property()) {
    out.entries.push_back(
        Property{StringValue(p->key), StringValue(p->value), Pos(p->key->getStart()), Pos(p->value->getStart())});
  }
  return out;
}

Result<ShowFilter> AstBuilder::Filter(P::ShowFilterContext* ctx) const {
  ShowFilter f;
  if (ctx->expression() != nullptr) f.where = Expression(ctx->expression());
  for (P::SortItemContext* item : ctx->sortItem()) {
    f.order_by.push_back(OrderByItem{Primary(item->primaryExpression()), item->DESC() != nullptr});
  }
  if (P::LimitClauseContext* l = ctx->limitClause()) {
    LimitClause limit;
    limit.pos = Pos(l->getStart());
    ASSIGN_OR_RETURN(uint64_t first, Integer(l->first));
    if (l->second == nullptr) {
      limit.limit = first;
    } else {
      ASSIGN_OR_RETURN(uint64_t second, Integer(l->second));
      if (l->OFFSET() != nullptr) {  // LIMIT n OFFSET m
        limit.limit = first;
        limit.offset = second;
      } else {  // LIMIT m, n
        limit.offset = first;
        limit.limit = second;
      }
    }
    f.limit = limit;
  }
  return f;
}

// ---- predicates -----------------------------------------------------------------------------

Expr AstBuilder::Expression(P::ExpressionContext* ctx) const {
  std::vector<P::AndExpressionContext*> operands = ctx->andExpression();
  if (operands.size() == 1) return AndExpression(operands[0]);
  Expr e;
  e.kind = ExprKind::kOr;
  e.pos = Pos(ctx->getStart());
  for (P::AndExpressionContext* a : operands) e.children.push_back(AndExpression(a));
  return e;
}

Expr AstBuilder::AndExpression(P::AndExpressionContext* ctx) const {
  std::vector<P::NotExpressionContext*> operands = ctx->notExpression();
  if (operands.size() == 1) return NotExpression(operands[0]);
  Expr e;
  e.kind = ExprKind::kAnd;
  e.pos = Pos(ctx->getStart());
  for (P::NotExpressionContext* n : operands) e.children.push_back(NotExpression(n));
  return e;
}

Expr AstBuilder::NotExpression(P::NotExpressionContext* ctx) const {
  Expr e = Predicate(ctx->predicate());
  std::vector<antlr4::tree::TerminalNode*> nots = ctx->NOT();
  for (auto it = nots.rbegin(); it != nots.rend(); ++it) {
    Expr n;
    n.kind = ExprKind::kNot;
    n.pos = Pos((*it)->getSymbol());
    n.children.push_back(std::move(e));
    e = std::move(n);
  }
  return e;
}

Expr AstBuilder::Predicate(P::PredicateContext* ctx) const {
  if (ctx->expression() != nullptr) return Expression(ctx->expression());
  Expr left = Primary(ctx->left);
  P::PredicateTailContext* tail = ctx->predicateTail();
  if (tail == nullptr) return left;
  Expr e;
  e.pos = left.pos;
  e.negated = tail->NOT() != nullptr;
  if (P::ComparisonOperatorContext* op = tail->comparisonOperator()) {
    e.kind = ExprKind::kCompare;
    if (op->EQ() != nullptr) e.op = CompareOp::kEq;
    if (op->NEQ() != nullptr) e.op = CompareOp::kNe;
    if (op->LT() != nullptr) e.op = CompareOp::kLt;
    if (op->LTE() != nullptr) e.op = CompareOp::kLe;
    if (op->GT() != nullptr) e.op = CompareOp::kGt;
    if (op->GTE() != nullptr) e.op = CompareOp::kGe;
    e.children.push_back(std::move(left));
    e.children.push_back(Primary(tail->right));
  } else if (tail->IN() != nullptr) {
    e.kind = ExprKind::kIn;
    e.children.push_back(std::move(left));
    for (P::PrimaryExpressionContext* item : tail->primaryExpression()) e.children.push_back(Primary(item));
  } else if (tail->LIKE() != nullptr) {
    e.kind = ExprKind::kLike;
    e.children.push_back(std::move(left));
    e.children.push_back(Primary(tail->pattern));
  } else {
    e.kind = ExprKind::kIsNull;
    e.children.push_back(std::move(left));
  }
  return e;
}

Expr AstBuilder::Primary(P::PrimaryExpressionContext* ctx) const {
  Expr e;
  e.pos = Pos(ctx->getStart());
  if (ctx->identifier() != nullptr) {
    e.kind = ExprKind::kColumn;
    e.text = Ident(ctx->identifier()).value;
  } else if (ctx->string() != nullptr) {
    e.kind = ExprKind::kString;
    e.text = StringValue(ctx->string());
  } else if (ctx->INTEGER_VALUE() != nullptr) {
    e.kind = ExprKind::kInteger;
    // Appended piecewise: GCC 12 at -O3 warns (-Wrestrict, falsely) on "-" + std::string.
    if (ctx->MINUS_SYMBOL() != nullptr) e.text.push_back('-');
    e.text.append(Text(ctx->INTEGER_VALUE()->getSymbol()));
  } else {
    e.kind = ExprKind::kNull;
  }
  return e;
}

// ---- statements -----------------------------------------------------------------------------

Result<std::unique_ptr<Statement>> AstBuilder::Build(P::SingleStatementContext* ctx) const {
  P::StatementContext* s = ctx->statement();
  if (auto* c = s->backupStatement()) return Backup(c);
  if (auto* c = s->restoreStatement()) return Restore(c);
  if (auto* c = s->cancelBackupStatement()) return CancelBackup(c);
  if (auto* c = s->cancelRestoreStatement()) return CancelRestore(c);
  if (auto* c = s->showBackupStatement()) return ShowJobs(StatementKind::kShowBackup, c->getStart(), c->database, c->showFilter());
  if (auto* c = s->showRestoreStatement()) {
    return ShowJobs(StatementKind::kShowRestore, c->getStart(), c->database, c->showFilter());
  }
  if (auto* c = s->showSnapshotStatement()) return ShowSnapshot(c);
  if (auto* c = s->createRepositoryStatement()) return CreateRepository(c);
  if (auto* c = s->dropRepositoryStatement()) return DropRepository(c);
  if (auto* c = s->showRepositoriesStatement()) return Done(std::make_unique<ShowRepositoriesStmt>(Pos(c->getStart())));
  if (auto* c = s->dropSnapshotStatement()) return DropSnapshot(c);
  return Status::Internal("parse tree holds no known statement");
}

Result<std::unique_ptr<Statement>> AstBuilder::Backup(P::BackupStatementContext* ctx) const {
  auto stmt = std::make_unique<BackupStmt>(Pos(ctx->getStart()));
  if (ctx->externalCatalogClause() != nullptr) stmt->external_catalogs = Catalogs(ctx->externalCatalogClause());
  if (ctx->database != nullptr) stmt->database = Ident(ctx->database);
  RETURN_IF_ERROR(Label(ctx->snapshotName, &stmt->label_db, &stmt->label));
  stmt->repository = Ident(ctx->repository);
  if (P::OnClauseContext* on = ctx->onClause()) {
    stmt->has_on_clause = true;
    for (P::BackupObjectContext* o : on->backupObject()) {
      if (o->alias != nullptr) return ErrorAt(o, kAliasInBackup);
      stmt->objects.push_back(Object(o));
    }
  }
  stmt->properties = Properties(ctx->properties());

  if (stmt->database && stmt->label_db) return ErrorAt(ctx->snapshotName, kDbBeforeLabelWithDatabase);
  if (stmt->external_catalogs.present()) {
    for (P::CatalogItemContext* item : ctx->externalCatalogClause()->catalogItem()) {
      if (item->alias != nullptr) return ErrorAt(item, kAliasInBackup);
    }
    if (stmt->database || stmt->label_db) {
      return ErrorAt(ctx->database != nullptr ? static_cast<antlr4::ParserRuleContext*>(ctx->database)
                                              : ctx->snapshotName,
                     kDbWithExternalCatalog);
    }
    if (stmt->has_on_clause) return ErrorAt(ctx->onClause(), kOnWithExternalCatalog);
  }
  return Done(std::move(stmt));
}

Result<std::unique_ptr<Statement>> AstBuilder::Restore(P::RestoreStatementContext* ctx) const {
  auto stmt = std::make_unique<RestoreStmt>(Pos(ctx->getStart()));
  RETURN_IF_ERROR(Label(ctx->snapshotName, &stmt->label_db, &stmt->label));
  stmt->repository = Ident(ctx->repository);
  if (ctx->externalCatalogClause() != nullptr) stmt->external_catalogs = Catalogs(ctx->externalCatalogClause());
  if (ctx->database != nullptr) stmt->database = Ident(ctx->database);
  if (ctx->databaseAlias != nullptr) stmt->database_alias = Ident(ctx->databaseAlias);
  if (P::OnClauseContext* on = ctx->onClause()) {
    stmt->has_on_clause = true;
    for (P::BackupObjectContext* o : on->backupObject()) stmt->objects.push_back(Object(o));
  }
  stmt->properties = Properties(ctx->properties());

  if (stmt->database && stmt->label_db) return ErrorAt(ctx->snapshotName, kDbBeforeLabelWithDatabase);
  if (stmt->external_catalogs.present()) {
    if (stmt->database || stmt->label_db) {
      return ErrorAt(ctx->database != nullptr ? static_cast<antlr4::ParserRuleContext*>(ctx->database)
                                              : ctx->snapshotName,
                     kDbWithExternalCatalog);
    }
    if (stmt->has_on_clause) return ErrorAt(ctx->onClause(), kOnWithExternalCatalog);
  }
  if (stmt->has_on_clause && !stmt->database && !stmt->label_db) return ErrorAt(ctx->onClause(), kOnWithoutDbInRestore);
  return Done(std::move(stmt));
}

Result<std::unique_ptr<Statement>> AstBuilder::CancelBackup(P::CancelBackupStatementContext* ctx) const {
  auto stmt = std::make_unique<CancelJobStmt>(StatementKind::kCancelBackup, Pos(ctx->getStart()));
  if (ctx->database != nullptr) stmt->database = Ident(ctx->database);
  stmt->for_external_catalog = ctx->FOR() != nullptr;
  return Done(std::move(stmt));
}

Result<std::unique_ptr<Statement>> AstBuilder::CancelRestore(P::CancelRestoreStatementContext* ctx) const {
  auto stmt = std::make_unique<CancelJobStmt>(StatementKind::kCancelRestore, Pos(ctx->getStart()));
  if (ctx->database != nullptr) stmt->database = Ident(ctx->database);
  stmt->for_external_catalog = ctx->FOR() != nullptr;
  if (!stmt->database && !stmt->for_external_catalog) return ErrorAt(ctx, kNoDbForCancel);
  return Done(std::move(stmt));
}

Result<std::unique_ptr<Statement>> AstBuilder::ShowJobs(StatementKind kind, antlr4::Token* start,
                                                        P::IdentifierContext* database,
                                                        P::ShowFilterContext* filter) const {
  auto stmt = std::make_unique<ShowJobsStmt>(kind, Pos(start));
  if (database != nullptr) stmt->database = Ident(database);
  ASSIGN_OR_RETURN(stmt->filter, Filter(filter));
  return Done(std::move(stmt));
}

Result<std::unique_ptr<Statement>> AstBuilder::ShowSnapshot(P::ShowSnapshotStatementContext* ctx) const {
  auto stmt = std::make_unique<ShowSnapshotStmt>(Pos(ctx->getStart()));
  stmt->repository = Ident(ctx->repository);
  if (ctx->expression() != nullptr) stmt->where = Expression(ctx->expression());
  return Done(std::move(stmt));
}

Result<std::unique_ptr<Statement>> AstBuilder::CreateRepository(P::CreateRepositoryStatementContext* ctx) const {
  auto stmt = std::make_unique<CreateRepositoryStmt>(Pos(ctx->getStart()));
  stmt->read_only = ctx->READ() != nullptr;
  stmt->name = Ident(ctx->name);
  if (ctx->broker != nullptr) stmt->broker = IdentOrString(ctx->broker);
  stmt->location = StringValue(ctx->location);
  stmt->location_pos = Pos(ctx->location->getStart());
  stmt->properties = Properties(ctx->properties());
  return Done(std::move(stmt));
}

Result<std::unique_ptr<Statement>> AstBuilder::DropRepository(P::DropRepositoryStatementContext* ctx) const {
  auto stmt = std::make_unique<DropRepositoryStmt>(Pos(ctx->getStart()));
  stmt->name = Ident(ctx->name);
  return Done(std::move(stmt));
}

Result<std::unique_ptr<Statement>> AstBuilder::DropSnapshot(P::DropSnapshotStatementContext* ctx) const {
  auto stmt = std::make_unique<DropSnapshotStmt>(Pos(ctx->getStart()));
  stmt->label = Ident(ctx->snapshotName);
  stmt->repository = Ident(ctx->repository);
  stmt->force = ctx->FORCE() != nullptr;
  return Done(std::move(stmt));
}

}  // namespace feb::sql::internal
