// FeCatalog's views and functions: reads, the four journaled changes and their apply.
#include <algorithm>

#include "frontend/catalog/catalog_json.h"
#include "frontend/catalog/fe_catalog.h"

namespace feb::frontend {

using nlohmann::json;

std::vector<fe_backup::ViewDefinition> FeCatalog::ListViews(int64_t db_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto* db = DbLocked(db_id);
  return db ? db->views : std::vector<fe_backup::ViewDefinition>{};
}

std::optional<fe_backup::ViewDefinition> FeCatalog::FindView(int64_t db_id, std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto* db = DbLocked(db_id)) {
    for (const auto& v : db->views) {
      if (v.name == name) return v;
    }
  }
  return std::nullopt;
}

std::vector<fe_backup::FunctionDefinition> FeCatalog::ListFunctions(int64_t db_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto* db = DbLocked(db_id);
  return db ? db->functions : std::vector<fe_backup::FunctionDefinition>{};
}

Status FeCatalog::CreateView(int64_t db_id, const fe_backup::ViewDefinition& view, bool replace) {
  auto w = log_->WriterLock();
  ASSIGN_OR_RETURN(int64_t id, log_->NextId());
  std::lock_guard<std::mutex> lock(mu_);
  auto* db = DbLocked(db_id);
  if (!db) return Status(StatusCode::kNotFound, "Unknown database id " + std::to_string(db_id), 1049);
  bool is_view = std::any_of(db->views.begin(), db->views.end(), [&](const auto& v) { return v.name == view.name; });
  if (NameTakenLocked(db_id, view.name, 0) && !(is_view && replace)) {
    return Status(StatusCode::kAlreadyExists, "Table '" + view.name + "' already exists", 1050);
  }
  fe_backup::ViewDefinition v = view;
  v.id = id;
  json record{{"db_id", db_id}, {"view", ViewToJson(v)}};
  RETURN_IF_ERROR(log_->Append(MetaOp::kCreateView, record.dump(-1, ' ', false, json::error_handler_t::replace)));
  return ApplyObjectLocked(MetaOp::kCreateView, record);
}

Status FeCatalog::DropView(int64_t db_id, const std::string& name, bool if_exists) {
  auto w = log_->WriterLock();
  std::lock_guard<std::mutex> lock(mu_);
  auto* db = DbLocked(db_id);
  bool found = db && std::any_of(db->views.begin(), db->views.end(), [&](const auto& v) { return v.name == name; });
  if (!found) {
    if (if_exists) return Status::OK();
    return Status(StatusCode::kNotFound, "Unknown table '" + name + "'", 1051);
  }
  json record{{"db_id", db_id}, {"name", name}};
  RETURN_IF_ERROR(log_->Append(MetaOp::kDropView, record.dump(-1, ' ', false, json::error_handler_t::replace)));
  return ApplyObjectLocked(MetaOp::kDropView, record);
}

Status FeCatalog::CreateFunction(int64_t db_id, const fe_backup::FunctionDefinition& fn, bool replace) {
  auto w = log_->WriterLock();
  std::lock_guard<std::mutex> lock(mu_);
  auto* db = DbLocked(db_id);
  if (!db) return Status(StatusCode::kNotFound, "Unknown database id " + std::to_string(db_id), 1049);
  bool exists = std::any_of(db->functions.begin(), db->functions.end(),
                            [&](const auto& f) { return fe_backup::SameSignature(f, fn); });
  if (exists && !replace) return Status(StatusCode::kAlreadyExists, "function already exists");
  json record{{"db_id", db_id}, {"function", FunctionToJson(fn)}};
  RETURN_IF_ERROR(log_->Append(MetaOp::kCreateFunction, record.dump(-1, ' ', false, json::error_handler_t::replace)));
  return ApplyObjectLocked(MetaOp::kCreateFunction, record);
}

Status FeCatalog::DropFunction(int64_t db_id, const fe_backup::FunctionDefinition& signature, bool if_exists) {
  auto w = log_->WriterLock();
  std::lock_guard<std::mutex> lock(mu_);
  auto* db = DbLocked(db_id);
  bool exists = db && std::any_of(db->functions.begin(), db->functions.end(),
                                  [&](const auto& f) { return fe_backup::SameSignature(f, signature); });
  if (!exists) {
    if (if_exists) return Status::OK();
    return Status(StatusCode::kNotFound, "Unknown function, function=" + fe_backup::FunctionSignature(signature));
  }
  json record{{"db_id", db_id}, {"function", FunctionToJson(signature)}};
  RETURN_IF_ERROR(log_->Append(MetaOp::kDropFunction, record.dump(-1, ' ', false, json::error_handler_t::replace)));
  return ApplyObjectLocked(MetaOp::kDropFunction, record);
}

Status FeCatalog::ApplyObjectLocked(MetaOp op, const json& r) {
  auto* db = DbLocked(r.at("db_id").get<int64_t>());
  if (!db) return op == MetaOp::kCreateView || op == MetaOp::kCreateFunction
                      ? Status::Corruption("create a view or function in a missing database")
                      : Status::OK();
  switch (op) {
    case MetaOp::kCreateView: {
      ASSIGN_OR_RETURN(auto v, ViewFromJson(r.at("view")));
      std::erase_if(db->views, [&](const fe_backup::ViewDefinition& x) { return x.name == v.name; });
      db->views.push_back(std::move(v));
      return Status::OK();
    }
    case MetaOp::kDropView: {
      std::string name = r.at("name").get<std::string>();
      std::erase_if(db->views, [&](const fe_backup::ViewDefinition& x) { return x.name == name; });
      return Status::OK();
    }
    case MetaOp::kCreateFunction: {
      ASSIGN_OR_RETURN(auto f, FunctionFromJson(r.at("function")));
      auto it = std::find_if(db->functions.begin(), db->functions.end(),
                             [&](const auto& x) { return fe_backup::SameSignature(x, f); });
      if (it != db->functions.end()) {
        *it = std::move(f);
      } else {
        db->functions.push_back(std::move(f));
      }
      return Status::OK();
    }
    case MetaOp::kDropFunction: {
      ASSIGN_OR_RETURN(auto f, FunctionFromJson(r.at("function")));
      std::erase_if(db->functions, [&](const auto& x) { return fe_backup::SameSignature(x, f); });
      return Status::OK();
    }
    default:
      return Status::Corruption("catalog: " + std::to_string(static_cast<int>(op)) + " is not a view or function op");
  }
}

}  // namespace feb::frontend
