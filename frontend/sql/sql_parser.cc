#include "frontend/sql/sql_parser.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "FrontendSqlLexer.h"
#include "FrontendSqlParser.h"
#include "antlr4-runtime.h"

namespace feb::frontend {

namespace {

using P = fesql::FrontendSqlParser;

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Thrown inside the ANTLR adapter only; caught in Parse().
struct SyntaxErrorException {
  size_t line;
  size_t column;
  std::string detail;
};

class ThrowingErrorListener : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t column,
                   const std::string& msg, std::exception_ptr e) override {
    std::string detail;
    if (offending != nullptr) {
      std::string text = offending->getType() == antlr4::Token::EOF ? "<EOF>" : offending->getText();
      detail = "Unexpected input '" + text + "'";
      auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
      if (parser != nullptr) {
        antlr4::misc::IntervalSet expected;
        try {
          expected = parser->getExpectedTokens();
        } catch (...) {
        }
        std::vector<std::string> names;
        for (size_t t : expected.toList()) {
          if (t == antlr4::Token::EOF) continue;
          names.push_back(parser->getVocabulary().getDisplayName(t));
          if (names.size() >= 8) break;
        }
        if (!names.empty()) {
          detail += ", the most similar input is {";
          for (size_t i = 0; i < names.size(); ++i) detail += (i ? ", " : "") + names[i];
          detail += "}";
        }
      }
    } else {
      detail = msg;
    }
    throw SyntaxErrorException{line, column, detail};
  }
};

std::string Ident(P::IdentifierContext* c) {
  if (auto* b = dynamic_cast<P::BackQuotedIdentifierContext*>(c)) {
    std::string t = b->getText();
    std::string out;
    for (size_t i = 1; i + 1 < t.size(); ++i) {
      out.push_back(t[i]);
      if (t[i] == '`' && i + 2 < t.size() && t[i + 1] == '`') ++i;
    }
    return out;
  }
  return c->getText();
}

std::string Str(P::QuotedStringContext* c) { return SqlParser::Unquote(c->getText()); }

std::string IdOrStr(P::IdentifierOrStringContext* c) {
  if (c->identifier()) return Ident(c->identifier());
  return Str(c->quotedString());
}

TableName QName(P::QualifiedNameContext* c) {
  auto ids = c->identifier();
  if (ids.size() == 2) return TableName{Ident(ids[0]), Ident(ids[1])};
  return TableName{"", Ident(ids[0])};
}

UserIdentity User(P::UserIdentityContext* c) {
  UserIdentity u;
  u.user = IdOrStr(c->user);
  if (c->host) u.host = IdOrStr(c->host);
  return u;
}

Literal Lit(P::LiteralContext* c) {
  Literal l;
  if (auto* s = dynamic_cast<P::StringLiteralContext*>(c)) {
    l.kind = Literal::Kind::kString;
    l.text = Str(s->quotedString());
  } else if (auto* i = dynamic_cast<P::IntegerLiteralContext*>(c)) {
    l.kind = Literal::Kind::kInteger;
    l.text = (i->MINUS() ? "-" : "") + i->INTEGER_VALUE()->getText();
  } else if (auto* d = dynamic_cast<P::DecimalLiteralContext*>(c)) {
    l.kind = Literal::Kind::kDecimal;
    l.text = (d->MINUS() ? "-" : "") + d->DECIMAL_VALUE()->getText();
  } else if (auto* b = dynamic_cast<P::BooleanLiteralContext*>(c)) {
    l.kind = Literal::Kind::kBoolean;
    l.text = b->TRUE_() ? "1" : "0";
  } else {
    l.kind = Literal::Kind::kNull;
  }
  return l;
}

std::vector<std::string> Idents(const std::vector<P::IdentifierContext*>& ids) {
  std::vector<std::string> out;
  for (auto* i : ids) out.push_back(Ident(i));
  return out;
}

fe_backup::RangePartitionDefinition Partition(P::PartitionSpecContext* c) {
  fe_backup::RangePartitionDefinition p;
  p.name = Ident(c->identifier());
  if (c->MAXVALUE()) {
    p.upper_bound.push_back("MAXVALUE");
  }
  for (auto* v : c->partitionValue()) {
    if (v->quotedString()) {
      p.upper_bound.push_back(Str(v->quotedString()));
    } else if (v->MAXVALUE()) {
      p.upper_bound.push_back("MAXVALUE");
    } else {
      p.upper_bound.push_back((v->MINUS() ? "-" : "") + v->INTEGER_VALUE()->getText());
    }
  }
  return p;
}

void Distribution(P::DistributionDescContext* c, fe_backup::TableDefinition* def) {
  def->distribution_columns = Idents(c->identifier());
  if (c->INTEGER_VALUE()) def->buckets = std::stoi(c->INTEGER_VALUE()->getText());
}

std::string VariableName(std::string text) {
  // "@@session.foo" / "@@global.foo" / "@@foo" -> "foo"
  text = Lower(text.substr(2));
  for (const char* scope : {"session.", "global.", "local."}) {
    if (text.rfind(scope, 0) == 0) return text.substr(std::char_traits<char>::length(scope));
  }
  return text;
}

Result<SetValue> MakeSetValue(P::SetValueContext* c) {
  SetValue v;
  if (c->literal()) {
    Literal l = Lit(c->literal());
    v.kind = l.kind == Literal::Kind::kNull ? SetValue::Kind::kNull : SetValue::Kind::kText;
    v.text = l.text;
  } else if (c->SYSTEM_VARIABLE()) {
    v.kind = SetValue::Kind::kVariable;
    v.text = VariableName(c->SYSTEM_VARIABLE()->getText());
  } else if (c->functionName()) {
    if (Upper(c->functionName()->getText()) != "CONCAT") {
      return Status::SyntaxError("only CONCAT() may be used in SET, got " + c->functionName()->getText() + "()");
    }
    v.kind = SetValue::Kind::kConcat;
    for (auto* a : c->setValue()) {
      ASSIGN_OR_RETURN(SetValue arg, MakeSetValue(a));
      v.args.push_back(std::move(arg));
    }
  } else if (c->identifier()) {
    v.text = Ident(c->identifier());
  } else {
    v.text = Upper(c->getText());
  }
  return v;
}

GrantObject Object(P::GrantObjectContext* c) {
  GrantObject o;
  if (auto* t = dynamic_cast<P::OnTableContext*>(c)) {
    o.kind = GrantObject::Kind::kTable;
    TableName n = QName(t->qualifiedName());
    o.db = n.db;
    o.table = n.table;
  } else if (auto* a = dynamic_cast<P::OnAllTablesContext*>(c)) {
    o.kind = GrantObject::Kind::kAllTablesInDatabase;
    o.db = Ident(a->identifier());
  } else if (auto* d = dynamic_cast<P::OnDatabaseContext*>(c)) {
    o.kind = GrantObject::Kind::kDatabase;
    o.db = Ident(d->identifier());
  }
  return o;
}

std::vector<std::string> Privileges(const std::vector<P::PrivilegeContext*>& ps) {
  std::vector<std::string> out;
  for (auto* p : ps) {
    std::string words;
    for (auto* child : p->children) {
      if (!words.empty()) words += " ";
      words += Upper(child->getText());
    }
    if (words == "ALL PRIVILEGES") words = "ALL";
    out.push_back(words);
  }
  return out;
}

SelectItem Item(P::SelectItemContext* c) {
  SelectItem item;
  if (dynamic_cast<P::SelectStarContext*>(c)) {
    item.kind = SelectItem::Kind::kStar;
    item.label = "*";
    return item;
  }
  auto* e = dynamic_cast<P::SelectExpressionContext*>(c);
  auto* expr = e->expression();
  item.label = expr->getText();
  if (auto* l = dynamic_cast<P::LiteralExpressionContext*>(expr)) {
    item.kind = SelectItem::Kind::kLiteral;
    item.literal = Lit(l->literal());
    item.label = item.literal.kind == Literal::Kind::kNull ? "NULL" : item.literal.text;
  } else if (auto* v = dynamic_cast<P::VariableExpressionContext*>(expr)) {
    item.kind = SelectItem::Kind::kVariable;
    item.name = VariableName(v->getText());
  } else if (dynamic_cast<P::CountStarContext*>(expr)) {
    item.kind = SelectItem::Kind::kCountStar;
    item.label = "count(*)";
  } else if (auto* f = dynamic_cast<P::FunctionCallContext*>(expr)) {
    item.kind = SelectItem::Kind::kFunction;
    item.name = Upper(f->functionName()->getText());
    item.label = Lower(f->functionName()->getText()) + "()";
  } else if (auto* col = dynamic_cast<P::ColumnReferenceContext*>(expr)) {
    item.kind = SelectItem::Kind::kColumn;
    item.name = Ident(col->identifier());
    item.label = item.name;
  }
  if (e->alias) item.label = IdOrStr(e->alias);
  return item;
}

// The statement's own text from the first to the last token of `c` (spaces and comments kept).
std::string OriginalText(antlr4::ParserRuleContext* c) {
  antlr4::CharStream* input = c->getStart()->getInputStream();
  return input->getText(antlr4::misc::Interval(c->getStart()->getStartIndex(), c->getStop()->getStopIndex()));
}

// A type as written: "INT", "VARCHAR(10)", "DECIMAL(10,2)" (upper case).
std::string TypeText(P::ColumnTypeContext* t) {
  std::string type = Upper(Ident(t->identifier()));
  auto nums = t->INTEGER_VALUE();
  if (!nums.empty()) {
    type += "(" + nums[0]->getText();
    if (nums.size() > 1) type += "," + nums[1]->getText();
    type += ")";
  }
  return type;
}

// Argument types; "..." (last only) marks the function variadic.
void FunctionArgs(const std::vector<P::FunctionArgContext*>& args, fe_backup::FunctionDefinition* fn) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i]->DOTDOTDOT()) {
      if (i + 1 != args.size()) {
        throw SyntaxErrorException{args[i]->getStart()->getLine(), args[i]->getStart()->getCharPositionInLine(),
                                   "'...' must be the last argument"};
      }
      fn->variadic = true;
    } else {
      fn->arg_types.push_back(TypeText(args[i]->columnType()));
    }
  }
}

FrontendStatement Build(P::StatementContext* s) {
  if (auto* c = dynamic_cast<P::CreateDatabaseContext*>(s)) {
    return CreateDatabaseStmt{Ident(c->identifier()), c->EXISTS() != nullptr};
  }
  if (auto* c = dynamic_cast<P::DropDatabaseContext*>(s)) {
    return DropDatabaseStmt{Ident(c->identifier()), c->EXISTS() != nullptr};
  }
  if (auto* c = dynamic_cast<P::UseDatabaseContext*>(s)) return UseStmt{Ident(c->identifier())};
  if (dynamic_cast<P::ShowDatabasesContext*>(s)) return ShowDatabasesStmt{};
  if (auto* c = dynamic_cast<P::ShowTablesContext*>(s)) {
    return ShowTablesStmt{c->identifier() ? Ident(c->identifier()) : "", c->FULL() != nullptr};
  }
  if (auto* c = dynamic_cast<P::CreateViewContext*>(s)) {
    CreateViewStmt st;
    st.name = QName(c->qualifiedName());
    st.if_not_exists = c->EXISTS() != nullptr;
    st.view.name = st.name.table;
    for (auto* vc : c->viewColumn()) {
      st.view.columns.push_back({Ident(vc->identifier()), vc->quotedString() ? Str(vc->quotedString()) : ""});
    }
    if (c->COMMENT()) st.view.comment = Str(c->quotedString());
    st.view.select_text = OriginalText(c->viewQuery());
    return st;
  }
  if (auto* c = dynamic_cast<P::DropViewContext*>(s)) {
    return DropViewStmt{QName(c->qualifiedName()), c->EXISTS() != nullptr};
  }
  if (auto* c = dynamic_cast<P::ShowCreateViewContext*>(s)) return ShowCreateViewStmt{QName(c->qualifiedName())};
  if (auto* c = dynamic_cast<P::CreateFunctionContext*>(s)) {
    CreateFunctionStmt st;
    st.name = QName(c->qualifiedName());
    st.or_replace = c->REPLACE() != nullptr;
    st.global = c->GLOBAL() != nullptr;
    st.if_not_exists = c->EXISTS() != nullptr;
    auto& fn = st.function;
    fn.name = Lower(st.name.table);
    FunctionArgs(c->functionArg(), &fn);
    auto types = c->columnType();
    fn.return_type = TypeText(types[0]);
    if (c->INTERMEDIATE()) fn.intermediate_type = TypeText(types[1]);
    fn.kind = c->AGGREGATE() ? fe_backup::FunctionKind::kAggregate
              : c->TABLE()   ? fe_backup::FunctionKind::kTable
                             : fe_backup::FunctionKind::kScalar;
    if (auto* props = c->properties()) {
      for (auto* p : props->property()) fn.properties[Str(p->key)] = Str(p->value);
    }
    return st;
  }
  if (auto* c = dynamic_cast<P::DropFunctionContext*>(s)) {
    DropFunctionStmt st;
    st.name = QName(c->qualifiedName());
    st.global = c->GLOBAL() != nullptr;
    st.if_exists = c->EXISTS() != nullptr;
    st.signature.name = Lower(st.name.table);
    FunctionArgs(c->functionArg(), &st.signature);
    return st;
  }
  if (auto* c = dynamic_cast<P::ShowFunctionsContext*>(s)) {
    ShowFunctionsStmt st;
    st.full = c->FULL() != nullptr;
    st.builtin = c->BUILTIN() != nullptr;
    st.global = c->GLOBAL() != nullptr;
    if (c->identifier()) st.db = Ident(c->identifier());
    if (c->quotedString()) st.like = Str(c->quotedString());
    return st;
  }
  if (auto* c = dynamic_cast<P::CreateTableContext*>(s)) {
    CreateTableStmt st;
    st.name = QName(c->qualifiedName());
    st.if_not_exists = c->EXISTS() != nullptr;
    auto& def = st.definition;
    def.name = st.name.table;
    for (auto* cd : c->columnDefinition()) {
      fe_backup::ColumnDefinition col;
      col.name = Ident(cd->identifier());
      col.type = TypeText(cd->columnType());
      for (auto* a : cd->columnAttribute()) {
        if (dynamic_cast<P::NotNullContext*>(a)) {
          col.nullable = false;
        } else if (dynamic_cast<P::NullableContext*>(a)) {
          col.nullable = true;
        } else if (auto* d = dynamic_cast<P::DefaultValueContext*>(a)) {
          Literal l = Lit(d->literal());
          if (l.kind != Literal::Kind::kNull) col.default_value = l.text;
        } else if (auto* cm = dynamic_cast<P::ColumnCommentContext*>(a)) {
          col.comment = Str(cm->quotedString());
        } else if (auto* ag = dynamic_cast<P::AggregationContext*>(a)) {
          col.aggregation = Upper(ag->getText());
        }
      }
      def.columns.push_back(std::move(col));
    }
    if (auto* k = c->keysDesc()) {
      st.has_keys_desc = true;
      def.keys_type = Upper(k->children[0]->getText());
      def.key_columns = Idents(k->identifier());
    }
    if (c->COMMENT()) def.properties["comment"] = Str(c->quotedString());
    if (auto* p = c->partitionDesc()) {
      def.partition_columns = Idents(p->identifier());
      for (auto* rp : p->rangePartition()) def.partitions.push_back(Partition(rp->partitionSpec()));
    }
    if (auto* d = c->distributionDesc()) Distribution(d, &def);
    if (auto* props = c->properties()) {
      for (auto* p : props->property()) def.properties[Str(p->key)] = Str(p->value);
    }
    return st;
  }
  if (auto* c = dynamic_cast<P::DropTableContext*>(s)) {
    return DropTableStmt{QName(c->qualifiedName()), c->EXISTS() != nullptr};
  }
  if (auto* c = dynamic_cast<P::TruncateTableContext*>(s)) return TruncateTableStmt{QName(c->qualifiedName())};
  if (auto* c = dynamic_cast<P::AddPartitionContext*>(s)) {
    return AddPartitionStmt{QName(c->qualifiedName()), c->EXISTS() != nullptr, Partition(c->partitionSpec())};
  }
  if (auto* c = dynamic_cast<P::DropPartitionContext*>(s)) {
    return DropPartitionStmt{QName(c->qualifiedName()), c->EXISTS() != nullptr, Ident(c->identifier())};
  }
  if (auto* c = dynamic_cast<P::ShowCreateTableContext*>(s)) return ShowCreateTableStmt{QName(c->qualifiedName())};
  if (auto* c = dynamic_cast<P::ShowPartitionsContext*>(s)) return ShowPartitionsStmt{QName(c->qualifiedName())};
  if (auto* c = dynamic_cast<P::ShowTabletContext*>(s)) return ShowTabletStmt{QName(c->qualifiedName())};
  if (auto* c = dynamic_cast<P::InsertValuesContext*>(s)) {
    InsertStmt st;
    st.name = QName(c->qualifiedName());
    st.columns = Idents(c->identifier());
    for (auto* r : c->valuesRow()) {
      std::vector<Literal> row;
      for (auto* l : r->literal()) row.push_back(Lit(l));
      st.rows.push_back(std::move(row));
    }
    return st;
  }
  if (auto* c = dynamic_cast<P::SelectContext*>(s)) {
    SelectStmt st;
    for (auto* i : c->selectItem()) st.items.push_back(Item(i));
    if (c->FROM()) st.from = QName(c->qualifiedName());
    for (auto* o : c->orderItem()) st.order_by.push_back(OrderItem{Ident(o->identifier()), o->DESC() != nullptr});
    if (c->LIMIT()) st.limit = std::stoll(c->INTEGER_VALUE()->getText());
    return st;
  }
  if (auto* c = dynamic_cast<P::ChecksumTableContext*>(s)) {
    ChecksumTableStmt st;
    for (auto* q : c->qualifiedName()) st.tables.push_back(QName(q));
    return st;
  }
  if (auto* c = dynamic_cast<P::AddBackendContext*>(s)) {
    AddBackendStmt st;
    for (auto* q : c->quotedString()) st.addresses.push_back(Str(q));
    return st;
  }
  if (auto* c = dynamic_cast<P::DropBackendContext*>(s)) {
    DropBackendStmt st;
    for (auto* q : c->quotedString()) st.addresses.push_back(Str(q));
    return st;
  }
  if (dynamic_cast<P::ShowBackendsContext*>(s)) return ShowBackendsStmt{};
  if (auto* c = dynamic_cast<P::CreateUserContext*>(s)) {
    CreateUserStmt st{User(c->userIdentity()), c->EXISTS() != nullptr, std::nullopt};
    if (c->quotedString()) st.password = Str(c->quotedString());
    return st;
  }
  if (auto* c = dynamic_cast<P::DropUserContext*>(s)) return DropUserStmt{User(c->userIdentity()), c->EXISTS() != nullptr};
  if (auto* c = dynamic_cast<P::SetPasswordContext*>(s)) {
    SetPasswordStmt st;
    if (c->userIdentity()) st.user = User(c->userIdentity());
    st.password = Str(c->quotedString());
    return st;
  }
  if (auto* c = dynamic_cast<P::GrantPrivilegeContext*>(s)) {
    return GrantPrivilegeStmt{false, Privileges(c->privilege()), Object(c->grantObject()), User(c->userIdentity())};
  }
  if (auto* c = dynamic_cast<P::RevokePrivilegeContext*>(s)) {
    return GrantPrivilegeStmt{true, Privileges(c->privilege()), Object(c->grantObject()), User(c->userIdentity())};
  }
  if (auto* c = dynamic_cast<P::GrantRoleContext*>(s)) {
    return GrantRoleStmt{false, Ident(c->identifier()), User(c->userIdentity())};
  }
  if (auto* c = dynamic_cast<P::RevokeRoleContext*>(s)) {
    return GrantRoleStmt{true, Ident(c->identifier()), User(c->userIdentity())};
  }
  if (auto* c = dynamic_cast<P::ShowGrantsContext*>(s)) {
    ShowGrantsStmt st;
    if (c->userIdentity()) st.user = User(c->userIdentity());
    return st;
  }
  if (auto* c = dynamic_cast<P::ShowVariablesContext*>(s)) {
    ShowVariablesStmt st;
    if (c->quotedString()) st.like = Str(c->quotedString());
    return st;
  }
  if (dynamic_cast<P::ShowWarningsContext*>(s)) return ShowWarningsStmt{};
  if (auto* c = dynamic_cast<P::SetContext*>(s)) {
    SetStmt st;
    for (auto* a : c->setAssignment()) {
      if (auto* n = dynamic_cast<P::SetNamesContext*>(a)) {
        std::string cs = n->identifierOrString().empty() ? "utf8" : IdOrStr(n->identifierOrString(0));
        st.assignments.emplace_back("names", SetValue{SetValue::Kind::kText, cs, {}});
      } else if (auto* v = dynamic_cast<P::SetVariableContext*>(a)) {
        auto value = MakeSetValue(v->setValue());
        if (!value.ok()) throw SyntaxErrorException{v->getStart()->getLine(), v->getStart()->getCharPositionInLine(),
                                                    value.status().message()};
        st.assignments.emplace_back(Lower(Ident(v->identifier())), std::move(value).value());
      } else if (auto* sv = dynamic_cast<P::SetSystemVariableContext*>(a)) {
        auto value = MakeSetValue(sv->setValue());
        if (!value.ok()) throw SyntaxErrorException{sv->getStart()->getLine(), sv->getStart()->getCharPositionInLine(),
                                                    value.status().message()};
        st.assignments.emplace_back(VariableName(sv->SYSTEM_VARIABLE()->getText()), std::move(value).value());
      }
    }
    return st;
  }
  return TransactionStmt{};
}

}  // namespace

std::string SqlParser::Unquote(std::string_view t) {
  if (t.size() < 2) return std::string(t);
  char q = t.front();
  std::string out;
  out.reserve(t.size());
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    char c = t[i];
    if (c == '\\' && i + 2 < t.size()) {
      char n = t[++i];
      switch (n) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case '0': out.push_back('\0'); break;
        case 'b': out.push_back('\b'); break;
        case 'Z': out.push_back('\x1a'); break;
        case '%': out += "\\%"; break;
        case '_': out += "\\_"; break;
        default: out.push_back(n); break;
      }
    } else if (c == q && i + 2 < t.size() && t[i + 1] == q) {
      out.push_back(q);
      ++i;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<FrontendStatement> SqlParser::Parse(std::string_view sql) {
  try {
    antlr4::ANTLRInputStream input(sql.data(), sql.size());
    fesql::FrontendSqlLexer lexer(&input);
    ThrowingErrorListener listener;
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    antlr4::CommonTokenStream tokens(&lexer);
    P parser(&tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    P::SingleStatementContext* tree = nullptr;
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    parser.removeErrorListeners();
    try {
      tree = parser.singleStatement();
    } catch (antlr4::ParseCancellationException&) {
      tokens.seek(0);
      parser.reset();
      parser.addErrorListener(&listener);
      parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
      tree = parser.singleStatement();
    }
    return Build(tree->statement());
  } catch (const SyntaxErrorException& e) {
    return Status::SyntaxError("Getting syntax error at line " + std::to_string(e.line) + ", column " +
                               std::to_string(e.column) + ". Detail message: " + e.detail + ".");
  } catch (const std::range_error&) {
    return Status::SyntaxError("Getting syntax error at line 1, column 0. Detail message: the statement is not valid "
                               "UTF-8.");
  } catch (const std::exception& e) {
    return Status::SyntaxError(std::string("Getting syntax error at line 1, column 0. Detail message: ") + e.what() + ".");
  } catch (...) {
    return Status::SyntaxError("Getting syntax error at line 1, column 0. Detail message: unparsable input.");
  }
}

}  // namespace feb::frontend
