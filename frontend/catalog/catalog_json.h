// JSON forms of the catalog's value types (host.h structs), used by journal records and
// checkpoints. Decoding checks types and throws nothing: a bad document is a kCorruption Status.
#pragma once

#include <nlohmann/json.hpp>

#include "common/status/result.h"
#include "fe_backup/host.h"
#include "frontend/catalog/fe_catalog.h"

namespace feb::frontend {

nlohmann::json TableToJson(const fe_backup::TableInfo& table);
Result<fe_backup::TableInfo> TableFromJson(const nlohmann::json& j);
nlohmann::json PartitionToJson(const fe_backup::PartitionInfo& partition);
Result<fe_backup::PartitionInfo> PartitionFromJson(const nlohmann::json& j);
nlohmann::json DefinitionToJson(const fe_backup::TableDefinition& def);
Result<fe_backup::TableDefinition> DefinitionFromJson(const nlohmann::json& j);
nlohmann::json StagedRestoreToJson(const StagedRestore& staged);
Result<StagedRestore> StagedRestoreFromJson(const nlohmann::json& j);
nlohmann::json ViewToJson(const fe_backup::ViewDefinition& view);
Result<fe_backup::ViewDefinition> ViewFromJson(const nlohmann::json& j);
nlohmann::json FunctionToJson(const fe_backup::FunctionDefinition& fn);
Result<fe_backup::FunctionDefinition> FunctionFromJson(const nlohmann::json& j);
// Parses text into JSON without exceptions.
Result<nlohmann::json> ParseJson(std::string_view text);

}  // namespace feb::frontend
